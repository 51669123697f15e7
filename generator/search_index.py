"""The search index: built by ``portal build`` from the built pages, read by ``theme/assets/search-engine.js``.

Why not Pagefind: at 10,000 事業 one query downloaded 258 KB median with Pagefind (its engine and
WebAssembly 93.5 KB and its table of every page 91.5 KB before any index chunk), against a target of
150 KB; and Pagefind cuts Japanese into words differently when it indexes (Lindera) and when it searches
(the browser's ``Intl.Segmenter``; Pagefind issue #1237), which this site had to work around. Here the
index and the query are cut the same way by construction (``generator.search_text``), and a query
downloads only the few small files that its words need (docs/benchmarks.md, "Search quality").

What is written (``site/search-index/``; every file the same bytes for the same site):

* ``meta.json``: the number of pages, the number of shards of each kind of key and of the synonym list (``synonyms``),
  ``spellings``
  (the other spellings of the words the pages use, from generator/data/spellings.json; the readings in hiragana
  of those words, from generator/data/readings.json: ちょうないかい → 町内会, one way, are in ``r/``), and ``build``,
  a fingerprint of the other files (the browser asks for them with ``?v=<build>``: no stale shard from a cache).
  The readings are not in meta.json but in ``r/<n>.bin`` (gzip JSON ``{reading: [the spellings and words it finds]}``,
  the entries of ``spellings`` with the readings added, in shards by the reading's first two letters as the synonym
  list below; ``readings`` in meta.json: how many shards), which the browser fetches only for a query with kana, and
  then only the shards of the pairs of hiragana letters of its words.
  ``named``: the parts of the テーマ pages' titles with their page numbers (:func:`named_table`).
* ``s/<n>.bin`` (gzip JSON): the synonym list (``search_synonyms`` of the corpus, compacted, with the reviewed everyday
  synonyms of generator/data/everyday-synonyms.json that the pages can use: :func:`everyday_table`) in shards by the
  first two letters of the reader's word (:func:`word_shards`), each as rows ``[[reader words], [words that count
  for them]]``, the readers with the same words in one row (:func:`synonym_rows`; the browser makes the
  ``{reader word: [words]}`` table of the shards it fetched). A query fetches the shards of the pairs of letters of its
  words and their spellings.
* ``1/<n>.bin``, ``2/<n>.bin``, ``3/<n>.bin``: the unigrams, bigrams and trigrams of every page
  (``search_text.run_keys``) in shards chosen by CRC-32 of the key's UTF-8 (``n`` in hexadecimal). A shard
  (gzip) is a list of keys in code-point order; each key: its UTF-8 length (1 byte), its UTF-8, the number
  of pages (varint), then for each page the page number's distance from the previous one (``width`` bytes,
  little-endian), then each page's score (1 byte, see :func:`score`). No positions: a trigram index already finds pieces one after another,
  and the browser checks each page's text before it shows it.
* ``o/<n>.bin`` (gzip JSON, by the first two letters as ``s/``): ``{department unit: [page numbers, each as its
  distance from the one before]}``, the pages whose
  担当 line names the department (:func:`owner_units`; ``owners`` in meta.json: how many shards). The line is in the
  pages' text but not among their keys; the browser fetches a shard only for a word that names a department.
* ``p/<n>.bin`` (gzip JSON), one per page: ``u`` URL, ``t`` title (h1), ``k`` kind (事業, 主な取組 …),
  ``r`` 現在位置 trail, ``x`` the text (one line per paragraph, heading, list item …), ``a`` the elements
  with an id as ``[id, tag, offset in x]`` (for links straight to a paragraph). Fetched only for the
  results shown.

What is indexed: each page's ``data-pagefind-body`` without ``data-pagefind-ignore`` parts (the same
markers Pagefind reads, so the templates did not change), but not the search page and the 404 page; the 担当 line's
department (``data-portal-owner``) only in the text and in ``o/``.
"""

from __future__ import annotations

import array
import gzip
import json
import multiprocessing
import operator
import os
import re
import shutil
import sys
import unicodedata
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from . import interrupt
from .speedups import speedup
from .search_text import HIRAGANA, compact, normalize, query_keys, run_keys, runs, synonym_table

VERSION = 2  # 2: the synonym list and the readings in shards (s/, r/), meta.json "synonyms", "readings" their numbers
INDEX_DIR = "search-index"

# Pages that are not content: the search page itself and the 404 page.
SKIP = {"search/index.html", "404.html"}

# The page kind shown with each result, by the first segment of the URL (a section's own index
# page is a list). Keep in step with the URL scheme in generator/pages.py.
KINDS = {
    "seisaku": "基本政策",
    "shisaku": "基本施策",
    "torikumi": "主な取組",
    "jigyo": "事業",
    "shisei-hoshin": "施政方針",
    "suishin-plan": "推進プラン",
}
SPECIAL_KINDS = {
    "": "トップページ",
    "keikaku/": "計画期間",
    "data/": "オープンデータ",
    "accessibility/": "アクセシビリティ",
    "accessibility/results/": "試験結果",
}
LIST_KIND = "一覧"
# The kinds of the pages that list other pages' titles: a result with some of the words shows them last
# (TITLE_LISTS in search-engine.js)
TITLE_LIST_KINDS = {"トップページ", "計画期間", "試験結果", LIST_KIND}
CONTENT_KINDS = {"基本政策", "基本施策", "主な取組", "事業", "施政方針", "推進プラン"}
# Pages that list other pages' titles (lists, 試験結果, オープンデータ …) would otherwise come first
# for any title a reader types; their scores count a tenth (they are still found by their own words).
OTHER_WEIGHT = 0.1

# Scoring (BM25 without the collection: idf is the browser's, from each key's number of pages).
K1, B = 1.2, 0.75
REF_LENGTH = 600  # characters of a typical page (a 事業 page): length normalisation is relative to it
HEADING_TF = 2  # an occurrence in a heading (h2–h6) counts as two
TITLE_BONUS = 1.5  # added when the key is in the page's title (h1)
SCALE = 255 / ((K1 + 1) + TITLE_BONUS)

# Shards: about this many bytes (before gzip) each, so that a query fetches a few small files.
SHARD_BYTES = 4096
MAX_SHARDS = 1 << 16
# The shards of the synonym list (s/<n>.bin) and of the readings (r/<n>.bin): smaller, since a query needs one for
# each pair of letters of its words
SYNONYMS_DIR = "s"
READINGS_DIR = "r"
WORD_SHARD_BYTES = 256


def kind_of(url: str) -> str:
    """The page kind shown with a result ("" when there is none to show)."""
    if url in SPECIAL_KINDS:
        return SPECIAL_KINDS[url]
    parts = url.strip("/").split("/")
    if len(parts) == 1:
        return LIST_KIND
    if parts[0] == "theme":
        return "テーマ" if len(parts) == 2 else ""
    if len(parts) == 3 and parts[0] in ("shisaku", "torikumi", "jigyo"):
        return LIST_KIND  # a long list's page per 計画期間 and 基本政策 (/jigyo/<plan>/<policy>/)
    return KINDS.get(parts[0], "")


# --------------------------------------------------------------------------- reading a built page

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_DROP = {"script", "style", "noscript", "template", "svg", "form", "button", "img"}
_BLOCKS = {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
           "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol", "p", "pre", "section", "table",
           "td", "th", "tr", "ul", "caption", "details", "summary"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_SPACE = re.compile(r"\s+")


class Doc:
    """One page as the index sees it."""

    def __init__(self, url: str, title: str, kind: str, trail: str, text: str,
                 anchors: list[tuple[str, str, int]], fields: list[str]) -> None:
        self.url, self.title, self.kind, self.trail = url, title, kind, trail
        self.text = text  # one line per block
        self.anchors = anchors  # (id, tag, offset in text)
        self.fields = fields  # per line of text: "t" (h1), "h" (h2–h6), "o" (the 担当 line's department) or "b"

    def fragment(self) -> dict:
        return {"u": self.url, "t": self.title, "k": self.kind, "r": self.trail, "x": self.text,
                "a": [list(a) for a in self.anchors]}


class _Reader(HTMLParser):
    """Reads one built page: the indexed text by blocks, the elements with an id, the h1 and the 現在位置 trail."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[str, ...]]] = []
        self.body = self.skip = self.trail_nav = self.owner = 0
        self.heading = ""  # "t" inside the h1, "h" inside h2–h6
        self.trail: list[str] = []
        self.trail_item: list[str] | None = None
        self.h1: list[str] | None = None
        self.title = ""
        self.has_body = False
        self.text: list[str] = []  # the page text so far
        self.length = 0
        self.line_field = ""  # field of the current line ("" until it has text)
        self.fields: list[str] = []
        self.anchors: list[tuple[str, str, int]] = []

    @property
    def indexing(self) -> bool:
        return bool(self.body) and not self.skip

    def _break(self) -> None:
        """End the current line (a block starts or ends)."""
        if self.text and self.text[-1] != "\n":
            if self.text[-1].endswith(" "):
                self.text[-1] = self.text[-1].rstrip(" ")
                self.length = sum(map(len, self.text))
                if not self.text[-1]:
                    self.text.pop()
            if self.text and self.text[-1] != "\n":
                self.text.append("\n")
                self.length += 1
                self.fields.append(self.line_field or "b")
        self.line_field = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and self.indexing:
                self._break()
            return
        a = dict(attrs)
        on: list[str] = []
        if "data-pagefind-body" in a:
            self.has_body = True
            self.body += 1
            on.append("body")
        elif self.body and ("data-pagefind-ignore" in a or tag in _DROP):
            self.skip += 1
            on.append("skip")
        if self.indexing and "data-portal-owner" in a:
            self.owner += 1
            on.append("owner")
        if a.get("aria-label") == "現在位置":
            self.trail_nav += 1
            on.append("trail")
        if self.trail_nav and tag == "li":
            self.trail_item = []
            on.append("trail-li")
        if self.indexing:
            if tag in _BLOCKS:
                self._break()
            if tag == "h1" and self.h1 is None:
                self.h1 = []
                on.append("h1")
            if tag == "h1" or tag in _HEADINGS:
                on.append(f"heading:{self.heading}")
                self.heading = "t" if tag == "h1" else "h"
            if a.get("id"):
                self.anchors.append((a["id"] or "", tag, self.length))
        self.stack.append((tag, tuple(on)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _ in self.stack):
            return  # a stray end tag: the browser ignores it too
        while self.stack:
            t, on = self.stack.pop()
            if self.indexing and t in _BLOCKS:
                self._break()
            for what in on:
                if what == "skip":
                    self.skip -= 1
                elif what == "body":
                    self.body -= 1
                elif what == "trail":
                    self.trail_nav -= 1
                elif what == "owner":
                    self.owner -= 1
                elif what == "trail-li" and self.trail_item is not None:
                    self.trail.append(" ".join("".join(self.trail_item).split()))
                    self.trail_item = None
                elif what == "h1" and self.h1 is not None:
                    self.title = " ".join("".join(self.h1).split())
                elif what.startswith("heading:"):
                    self.heading = what[len("heading:"):]
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.trail_item is not None:
            self.trail_item.append(data)
        if not self.indexing:
            return
        if self.h1 is not None and not self.title:
            self.h1.append(data)
        piece = _SPACE.sub(" ", data)
        at_line_start = not self.text or self.text[-1] == "\n"
        if at_line_start or self.text[-1].endswith(" "):
            piece = piece.lstrip(" ")
        if not piece:
            return
        if not self.line_field:
            self.line_field = "o" if self.owner else (self.heading or "b")
        self.text.append(piece)
        self.length += len(piece)

    def finish(self) -> tuple[str, list[str]]:
        self.close()
        self._break()
        text = "".join(self.text)
        # an anchor that points past the end of the text (an empty element at the end) points to the end
        self.anchors = [(i, t, min(at, len(text))) for i, t, at in self.anchors]
        return text.rstrip("\n"), self.fields


def read_page(page_html: str, url: str) -> Doc | None:
    """The page as the index sees it, or None when it has nothing to index."""
    r = _Reader()
    # Only the indexed body matters: skip the header and navigation before it (most of the page), but
    # keep the 現在位置 trail, which comes before it.
    at = page_html.find("data-pagefind-body")
    if at < 0:
        return None
    trail_at = page_html.find('aria-label="現在位置"')
    start = page_html.rfind("<", 0, trail_at if 0 <= trail_at < at else at)
    # … and (speed-up "index-body-only") the theme's chrome after it: the footer and scripts come after the
    # last </article> (the theme's, around the body), where nothing is indexed any more.
    end = page_html.rfind("</article>") if speedup("index-body-only") else -1
    r.feed(page_html[max(start, 0):end if end > at else None])
    text, fields = r.finish()
    if not r.has_body:
        return None
    trail = [t for t in r.trail[1:-1] if t]  # without トップ and the page itself
    return Doc(url, r.title, kind_of(url), " › ".join(trail), text, r.anchors, fields)


# --------------------------------------------------------------------------- scores and files


def score(tf_body: int, tf_heading: int, in_title: bool, length: int, weight: float) -> int:
    """A key's score in one page, 1–255: BM25's term part (k1 1.2, b 0.75, length relative to
    REF_LENGTH) with heading occurrences counted twice, times the page's weight (a tenth for lists and
    other pages that are not content: they repeat other pages' words), plus TITLE_BONUS when the title
    has the key (in full for every page: a テーマ or list page named by the reader's word is an answer)."""
    tf = tf_body + HEADING_TF * tf_heading
    s = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / REF_LENGTH)) if tf else 0.0
    s *= weight
    if in_title:
        s += TITLE_BONUS
    return max(1, min(255, round(s * SCALE)))


def page_keys(doc: Doc) -> dict[str, int]:
    """Every key of a page with its score (:func:`score`)."""
    tf: Counter = Counter()
    heading: Counter = Counter()
    lines = doc.text.split("\n")
    owners: list[str] = []
    for line, field in zip(lines, doc.fields + ["b"] * (len(lines) - len(doc.fields))):
        if field == "o":
            owners.extend(owner_units(line))
            continue
        target = heading if field == "h" else tf
        written = compact(line)
        as_written = runs(written)
        for run in as_written:
            target.update(run_keys(run))
        one = normalize(written)
        if one != written:  # the line in one notation too (取り組み → 取組): only the keys it adds
            new = [run for run in runs(one) if run not in as_written]
            have = {k for run in as_written for k in run_keys(run)}
            target.update(k for run in new for k in run_keys(run) if k not in have)
    for k, n in heading.items():
        tf[k] += HEADING_TF * n
    title = {k for t in (compact(doc.title), normalize(compact(doc.title))) for run in runs(t) for k in run_keys(run)}
    for k in title:
        tf.setdefault(k, 0)
    length = len(compact(doc.text))
    weight = 1.0 if doc.kind in CONTENT_KINDS else OTHER_WEIGHT
    memo: dict[tuple[int, bool], int] = {}
    out = {}
    for k, n in tf.items():
        t = k in title
        s = memo.get((n, t))
        if s is None:
            s = memo[(n, t)] = score(n, 0, t, length, weight)
        out[k] = s
    for unit in owners:
        out[OWNER + unit] = 1
    return out


# The department on a page's 担当 line (○○市総務企画局都市政策部企画調整課) is not in the page's keys: at 10,000 事業
# one department is on thousands of pages, and its pieces' lists grew every shard (about 15 KB more per query:
# f665d3c). Its units (総務企画局, 都市政策部, 企画調整課, and the whole name) are keys of their own, OWNER + unit, in
# the owners' table (o/<n>.bin, by the unit's first two letters), which the browser fetches only for a word that
# names a department (…局, …部, …課, …室, …係, …事務所, …センター: OWNER_WORD in search-engine.js); the page's text
# (p/) has the line, for the excerpt and the check.
OWNER = "@"
OWNERS_DIR = "o"
_OWNER_UNIT = re.compile(r".+?(?:局|部|課|室|係|区役所|支所|事務所|センター)")


def _deltas(pids: list[int]) -> list[int]:
    """Page numbers in order as each one's distance from the one before (the first from 0): at 10,000 事業 one
    department is on thousands of pages, and small numbers make a small shard (search-engine.js adds them up)."""
    return [b - a for a, b in zip([0, *pids], pids)]


def owner_units(line: str) -> list[str]:
    """A 担当 line's department (compacted, without its label 担当:) as the names a reader may type: each unit (局, 部,
    課 …) and the whole name, with and without the city's name before its first unit (○○市総務局企画課 → 総務局,
    企画課, 総務局企画課, ○○市総務局企画課; the tool knows no city's name: what comes before the first 市 of the first
    unit, so 都市計画局 also gives 計画局)."""
    name = compact(line)
    name = name[len("担当:"):] if name.startswith("担当:") else name
    if not name:
        return []
    first = _OWNER_UNIT.match(name)
    at = name.find("市", 1)
    bare = name[at + 1:] if first and 0 < at < first.end() - 2 else name
    units = _OWNER_UNIT.findall(bare)
    return list(dict.fromkeys([*(u for u in units if len(u) >= 2), bare, name]))


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 127) | (128 if n > 127 else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _entry(key: str, lst, width: int) -> bytes:
    """One key of a shard: UTF-8 length, UTF-8, number of pages (varint), the page numbers' distances
    (``width`` bytes each, little-endian: the first is the page number itself), the scores (1 byte each)."""
    k = key.encode("utf-8")
    pids = array.array("q", map((8).__rrshift__, lst))  # v >> 8
    deltas = array.array("H" if width == 2 else "I", [pids[0], *map(operator.sub, pids[1:], pids)])
    if sys.byteorder != "little":
        deltas.byteswap()
    return bytes((len(k),)) + k + varint(len(lst)) + deltas.tobytes() + bytes(map((255).__and__, lst))


def shard_of(key: str, shards: int) -> int:
    """Keep in step with ``shardOf`` in search-engine.js."""
    return zlib.crc32(key.encode("utf-8")) & (shards - 1)


def shard_count(total_bytes: int) -> int:
    n = 1
    while n * SHARD_BYTES < total_bytes and n < MAX_SHARDS:
        n *= 2
    return n


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


# --------------------------------------------------------------------------- writing the index

PARALLEL_FROM = 1000  # pages; below this, starting worker processes costs more than it saves

# One page of the index, made where the page is read (on every core): its URL, its keys (joined by
# newlines: one string, not a dict of thousands, so 12,000 pages' keys stay small in memory and in pickles)
# and their scores (one byte each, in the same order), and its fragment file (p/<n>.bin) as JSON bytes and gzipped.
Entry = tuple  # (url, keys, scores, data, gzipped data)


def url_of(rel: str) -> str:
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def entry(page_html: str, rel: str) -> Entry | None:
    """One built page (``rel``: its path in the site) as the index takes it, or None (nothing to index)."""
    doc = read_page(page_html, url_of(rel))
    if doc is None:
        return None
    data = json.dumps(doc.fragment(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    keys = page_keys(doc)
    return doc.url, "\n".join(keys), bytes(keys.values()), data, _gzip(data)


def _read(job: tuple[str, str]) -> Entry | None:
    path, rel = job
    return entry(Path(path).read_text(encoding="utf-8"), rel)


def _docs(site_dir: Path, out_dir: Path, known: dict | None = None) -> list[Entry]:
    """Every page's entry, sorted by URL. ``known``: entries already made from the pages' HTML (by
    MkDocs' workers as they wrote it, ``generator.mkdocs_build``), by path in the site; the others are read."""
    known = known or {}
    jobs, docs = [], []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel in SKIP or path.is_relative_to(out_dir):
            continue
        if rel in known:
            docs.append(known[rel])
        else:
            jobs.append((str(path), rel))
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) >= PARALLEL_FROM and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers, initializer=interrupt.worker_init) as pool:
            docs += pool.map(_read, jobs, chunksize=64)
    else:
        docs += [_read(j) for j in jobs]
    return sorted((d for d in docs if d is not None), key=lambda d: d[0])


SPELLINGS = Path(__file__).parent / "data" / "spellings.json"


def _on_a_page(word: str, postings: list[dict]) -> bool:
    """Whether some page may have ``word`` (as written or normalized): every key of it is in the index."""
    keys = query_keys(word) + query_keys(normalize(word))
    return bool(keys) and all(k in postings[len(k) - 1] for k in keys)


def spelling_table(postings: list[dict], groups: list[list[str]] | None = None) -> dict[str, list[str]]:
    """The notation dictionary (generator/data/spellings.json, from Sudachi's synonym dictionary: see
    tools/update_spellings.py) as ``{spelling: [the other spellings of the word that the site's pages use]}``,
    only for the words some page has in one of its spellings (a page has every key of it): the reader's
    browser gets what it can use, not the 4,000 groups."""
    if groups is None:
        groups = json.loads(SPELLINGS.read_text(encoding="utf-8"))

    table: dict[str, list[str]] = {}
    for group in groups:
        # a spelling in hiragana only of 3 characters is not looked for (かえる is in ふりかえる): the reader may type it
        found = [w for w in group if not (HIRAGANA.match(w) and len(w) < 4) and _on_a_page(w, postings)]
        if not found:
            continue
        for w in group:
            others = [x for x in found if x != w and normalize(x) != normalize(w)]
            if others:  # a spelling in two groups (おもい: 思い and 想い, 思い and 憶い) gets the others of both
                table[w] = list(dict.fromkeys(table.get(w, []) + others))
    return dict(sorted(table.items()))


EVERYDAY = Path(__file__).parent / "data" / "everyday-synonyms.json"


def everyday_table(postings: list[dict], entries: list[dict] | None = None, own: dict[str, list[str]] | None = None,
                   ) -> dict[str, list[str]]:
    """The synonym list (``own``: the corpus's ``search_synonyms`` as :func:`synonym_table` gives it) with the reviewed
    everyday synonyms (generator/data/everyday-synonyms.json, from Sudachi's synonym dictionary: see
    tools/update_everyday_synonyms.py): 互助 → 支え合い. An everyday entry counts only with the page words some page
    has, for the reader's words no page has (a word the pages have is found as it is), and never for a word the
    corpus's list has (the editors' entry wins)."""
    if entries is None:
        entries = json.loads(EVERYDAY.read_text(encoding="utf-8"))
    own = own or {}
    kept = []
    for e in entries:
        pages = [w for w in e["page_words"] if _on_a_page(w, postings)]
        words = [w for w in e["words"] if compact(w) not in own and normalize(compact(w)) not in own
                 and not _on_a_page(w, postings)]
        if pages and words:
            kept.append({"words": words, "page_words": pages})
    return dict(sorted({**synonym_table(kept), **own}.items()))  # the editors' entry wins


def synonym_rows(table: dict[str, list[str]]) -> list[list[list[str]]]:
    """The synonym table as rows ``[[reader words], [words]]``, the readers whose words are the same in one row, in the
    order of their first reader: the words are written once (at 10,000 事業, 2 KB less of meta.json, which every query
    downloads). :func:`synonym_table_of` reads them back."""
    rows: dict[tuple[str, ...], list[str]] = {}
    for reader, words in sorted(table.items()):
        rows.setdefault(tuple(words), []).append(reader)
    return [[readers, list(words)] for words, readers in sorted(rows.items(), key=lambda kv: kv[1][0])]


def synonym_table_of(rows: list[list[list[str]]]) -> dict[str, list[str]]:
    """``{reader word: [words]}`` from :func:`synonym_rows` (as search-engine.js's Index.synonymsFor does)."""
    return {reader: words for readers, words in rows for reader in readers}


def synonym_key(reader: str) -> str:
    """What a reader word's shard of the synonym list is chosen by: its first two letters (a word of one letter: itself).
    A query looks a word up as a whole and, for a reader word inside it (はんこ登録), at each of its letters: the
    browser fetches the shards of its pairs of letters only (synonymKeys in search-engine.js)."""
    return "".join(list(reader)[:2])


def word_shards(table: dict[str, list[str]], as_rows: bool = False) -> tuple[int, dict[int, bytes]]:
    """A table ``{word: [words]}`` (the synonym list, the readings) in shards of about WORD_SHARD_BYTES each (a power
    of two of them, by :func:`shard_of` of :func:`synonym_key`): ``(number of shards, {shard: its JSON})``, each shard
    a JSON object, or with ``as_rows`` :func:`synonym_rows`. At 10,000 事業 the whole synonym list was 18 KB (gzip)
    of meta.json, which every query downloaded, and the readings 17 KB for every query with kana; a query now fetches
    the few shards of its words."""
    def dump(t: dict[str, list[str]]) -> bytes:
        return json.dumps(synonym_rows(t) if as_rows else t, ensure_ascii=False, separators=(",", ":"),
                          sort_keys=not as_rows).encode("utf-8")

    size = len(dump(table))
    n = 1
    while n * WORD_SHARD_BYTES < size and n < MAX_SHARDS:
        n *= 2
    parts: dict[int, dict[str, list[str]]] = {}
    for word, words in table.items():
        parts.setdefault(shard_of(synonym_key(word), n), {})[word] = words
    return n, {sid: dump(part) for sid, part in sorted(parts.items())}


def _read_shards(folder: Path, as_rows: bool) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for f in sorted(folder.glob("*.bin")):
        data = json.loads(gzip.decompress(f.read_bytes()))
        table.update(synonym_table_of(data) if as_rows else data)
    return table


def read_synonyms(index_dir: Path) -> dict[str, list[str]]:
    """The whole synonym list of an index that :func:`write` wrote (every shard of ``s/``), ``{reader word: [words]}``."""
    return _read_shards(index_dir / SYNONYMS_DIR, as_rows=True)


def read_readings(index_dir: Path) -> dict[str, list[str]]:
    """The whole readings table of an index that :func:`write` wrote (every shard of ``r/``), ``{reading: [words]}``."""
    return _read_shards(index_dir / READINGS_DIR, as_rows=False)


READINGS = Path(__file__).parent / "data" / "readings.json"


def reading_table(postings: list[dict], readings: dict[str, list[str]] | None = None,
                  spellings: dict[str, list[str]] | None = None,
                  synonyms: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """The notation dictionary (:func:`spelling_table`'s ``spellings``) with the readings of the words the pages
    use (generator/data/readings.json, from SudachiDict: see tools/update_readings.py): ``{reading in hiragana:
    [the words read that way that some page has]}``, one way only: ちょうないかい finds 町内会, but 町内会 never
    looks for ちょうないかい (a short reading is found inside running hiragana text: かい in ちかい). A reading
    that is itself a spelling of the dictionary gets the words added to its other spellings. ``synonyms``: the
    synonym list (:func:`everyday_table`), whose reader's words are kept with their readings though no page has them
    (ざいげん → 財源, a reader's word whose row finds 税源 and 財政)."""
    if readings is None:
        readings = json.loads(READINGS.read_text(encoding="utf-8"))
    table = dict(spellings or {})

    for reading, words in readings.items():
        found = [w for w in words if w != reading and (_on_a_page(w, postings) or w in (synonyms or {}))]
        if found:
            table[reading] = list(dict.fromkeys(table.get(reading, []) + found))
    return dict(sorted(table.items()))


# The parts of a title that are names on their own (町内会・自治会・地域コミュニティ → 町内会, 自治会, 地域コミュニティ).
# Keep in step with TITLE_CUT and titleParts in search-engine.js.
TITLE_CUT = re.compile(r"[\s・、，,。「」『』（）()【】〔〕［］\[\]：:／/～〜]+")
NAMED_KINDS = {"テーマ"}


def title_parts(title: str) -> list[str]:
    """The compacted parts of a title (see TITLE_CUT)."""
    return [c for c in (compact(p) for p in TITLE_CUT.split(unicodedata.normalize("NFKC", title or ""))) if c]


def named_table(docs: list[Entry]) -> dict[str, list[int]]:
    """``{title part: [page numbers]}`` of the テーマ pages: a reader's word that a テーマ page's title names
    (じちかい → 自治会 → 町内会・自治会・地域コミュニティ) finds that page first, though its text (other pages'
    excerpts) counts a tenth (search-engine.js, Index.search). A few topics, whatever the number of 事業."""
    table: dict[str, list[int]] = {}
    for pid, (url, _, _, data, _) in enumerate(docs):
        if kind_of(url) in NAMED_KINDS:
            for part in title_parts(json.loads(data)["t"]):
                table.setdefault(part, [])
                if pid not in table[part]:
                    table[part].append(pid)
    return dict(sorted(table.items()))


_SHARDS = None  # (table, width): what forked workers inherit
SHARDS_PARALLEL_FROM = 20000  # keys in a table; below this, one process (the tests set 1)


def _encode_shard(keys: list[str]) -> tuple[bytes, bytes]:
    table, width = _SHARDS  # type: ignore[misc]
    data = b"".join(_entry(k, table[k], width) for k in sorted(keys))
    return data, _gzip(data)


def _encoded_shards(table: dict[str, array.array], width: int) -> tuple[int, dict[int, tuple[bytes, bytes]]]:
    """The number of shards of one table and each shard's bytes and gzipped bytes, by shard number
    (speed-up "index-parallel-shards": on every core)."""
    global _SHARDS
    sizes = sum(len(k.encode("utf-8")) + 1 + len(varint(len(v))) + (width + 1) * len(v) for k, v in table.items())
    n = shard_count(sizes)
    shards: dict[int, list[str]] = {}
    for k in table:
        shards.setdefault(shard_of(k, n), []).append(k)
    order = sorted(shards)
    workers = min(os.cpu_count() or 1, 4)
    _SHARDS = (table, width)
    try:
        if (speedup("index-parallel-shards") and len(table) >= SHARDS_PARALLEL_FROM and workers > 1
                and "fork" in multiprocessing.get_all_start_methods()):
            with multiprocessing.get_context("fork").Pool(workers, initializer=interrupt.worker_init) as pool:
                out = pool.map(_encode_shard, [shards[sid] for sid in order], chunksize=16)
        else:
            out = [_encode_shard(shards[sid]) for sid in order]
    finally:
        _SHARDS = None
    return n, dict(zip(order, out))


def collect(site_dir: Path, known: dict | None = None) -> list[Entry]:
    """Every page of ``site_dir`` as the index takes it (:func:`write`'s ``docs``), read now."""
    return _docs(site_dir, site_dir / INDEX_DIR, known)


def write(site_dir: Path, synonyms=(), out_dir: Path | None = None, known: dict | None = None,
          docs: list[Entry] | None = None) -> int:
    """Index every built page of ``site_dir`` into ``out_dir`` (default ``site_dir/search-index``);
    ``synonyms``: the corpus's ``search_synonyms``; ``known``: entries already made (:func:`_docs`);
    ``docs``: every page's entry, read before (:func:`collect`; then no page is read here).
    Returns the number of pages indexed."""
    out_dir = out_dir or site_dir / INDEX_DIR
    if out_dir.exists() and not (out_dir / "meta.json").is_file():
        raise FileExistsError(out_dir)  # not an index this function wrote: never removed (the build says so)
    if docs is None:
        docs = _docs(site_dir, out_dir, known)
    if out_dir.exists():
        shutil.rmtree(out_dir)  # the index this function wrote before
    width = 2 if len(docs) <= 0xFFFF else 4
    # postings[g][key] = array of page << 8 | score, in page order
    postings: list[dict[str, array.array]] = [{}, {}, {}]
    owners: dict[str, list[int]] = {}  # department unit → its pages (owner_units)
    for pid, (_, keys, scores, _, _) in enumerate(docs):
        base = pid << 8
        for key, s in zip(keys.split("\n"), scores):
            if key.startswith(OWNER):
                owners.setdefault(key[len(OWNER):], []).append(pid)
                continue
            table = postings[len(key) - 1]
            lst = table.get(key)
            if lst is None:
                table[key] = array.array("q", (base | s,))
            else:
                lst.append(base | s)
        if pid % 256 == 0:
            interrupt.check()
    counts = []
    fingerprint = 0
    for g, table in enumerate(postings, start=1):
        n, shards = _encoded_shards(table, width)
        counts.append(n)
        folder = out_dir / str(g)
        folder.mkdir(parents=True)
        for sid, (data, gz) in shards.items():
            fingerprint = zlib.crc32(data, fingerprint)
            (folder / f"{sid:x}.bin").write_bytes(gz)
        interrupt.check()
    pages = out_dir / "p"
    pages.mkdir(parents=True)
    for pid, (_, _, _, data, gz) in enumerate(docs):
        fingerprint = zlib.crc32(data, fingerprint)
        (pages / f"{pid}.bin").write_bytes(gz)
    # "build": a fingerprint of every file written, so a reader's browser never mixes a cached shard of an
    # older build with this one (search-engine.js asks for every file with ?v=<build>); same files, same value.
    # the readings (ちょうないかい → 町内会) in their own shards, fetched only for a query with kana (search-engine.js):
    # a reading's key is hiragana, found from a word typed in hiragana or in katakana (its variant in hiragana)
    spellings = spelling_table(postings)
    synonym_list = everyday_table(postings, own=synonym_table(synonyms))
    readings = {k: v for k, v in reading_table(postings, spellings=spellings, synonyms=synonym_list).items()
                if spellings.get(k) != v}
    n_shards = {}
    for name, folder, table, as_rows in (("synonyms", SYNONYMS_DIR, synonym_list, True),
                                         ("readings", READINGS_DIR, readings, False),
                                         ("owners", OWNERS_DIR, {u: _deltas(p) for u, p in owners.items()}, False)):
        n_shards[name], parts = word_shards(table, as_rows)
        (out_dir / folder).mkdir(parents=True)
        for sid, data in parts.items():
            fingerprint = zlib.crc32(data, fingerprint)
            (out_dir / folder / f"{sid:x}.bin").write_bytes(_gzip(data))
    meta = {"version": VERSION, "pages": len(docs), "width": width, "shards": counts,
            "synonyms": n_shards["synonyms"] if synonym_list else 0,
            "spellings": spellings, "readings": n_shards["readings"] if readings else 0, "named": named_table(docs),
            "owners": n_shards["owners"] if owners else 0,
            "build": f"{fingerprint:08x}"}
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                                       encoding="utf-8")
    return len(docs)
