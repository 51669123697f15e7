"""The search index of main before branch search2, kept as a peer for bench/search_quality.py: Pagefind over a copy of each built page in which Japanese is cut into
character bigrams, so that the index and the query are segmented the same way.

Why: Pagefind (extended) segments Japanese with Lindera when it indexes and with the browser's
``Intl.Segmenter`` when it searches, and the two disagree (Pagefind issue #1237): おくやみ is indexed
as お + くやみ but searched as おく + やみ; ソーシャルデザインセンター is one word in the index and six
pieces in the query. A query then matches pages that do not contain it, or misses the one that does.

What: every run of Japanese letters (kanji, hiragana, katakana, ー, 々 …) becomes one token per
character — the character and the next one (a bigram), the run's last character alone — written
as ASCII (``x`` + 4 hex digits per character) so that neither Lindera nor ``Intl.Segmenter`` can cut
it again. ``theme/assets/search.js`` turns the reader's query into the same tokens (``tokens``
here, ``terms`` there), keeps only pages whose text contains the query as it is, and decodes
the stored text back into Japanese for the excerpts (``decode`` here, ``decodePage`` there). A separator (``SEP``) follows every token and ends every text node: the
decoder drops it, and Pagefind, seeing no word character at the end of a block, no longer appends
its 「. 」 to every heading and list item.

Only the index is made from the copy; the pages served to readers are not touched. Each page's
title, kind (事業, 主な取組 …) and 現在位置 trail go into Pagefind's metadata as plain text.
The same site gives the same index, byte for byte.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from generator import interrupt
from generator.search_index import CONTENT_KINDS, SKIP, kind_of  # which pages, and each result's kind: the site's own

SEP = "\u2e31"  # ⸱ WORD SEPARATOR MIDDLE DOT: not a word character, split off by every segmenter
BLOCK = "\u2e2c"  # ⸬ ends every block (paragraph, list item, heading …): excerpts stop there
TOKEN = re.compile(r"x(?:[0-9a-f]{4})+")

# Pages that list other pages' titles (lists, 試験結果, オープンデータ …) would otherwise come first
# for any title a reader types; their words count a tenth (they are still found by their own words).
OTHER_WEIGHT = "0.1"


def is_run_char(ch: str) -> bool:
    """A character that belongs to a run of Japanese letters (after NFKC): kanji, kana, ー, 々 …

    Keep in step with ``isRunChar`` in theme/assets/search.js."""
    o = ord(ch)
    return (
        0x3041 <= o <= 0x3096  # hiragana
        or 0x309D <= o <= 0x309F  # ゝゞゟ
        or 0x30A1 <= o <= 0x30FA  # katakana
        or 0x30FC <= o <= 0x30FF  # ー ヽヾヿ
        or o in (0x3005, 0x3006, 0x3007)  # 々 〆 〇
        or 0x3400 <= o <= 0x4DBF  # CJK extension A
        or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= o <= 0xFAFF  # CJK compatibility ideographs
    )


def _norm_char(ch: str) -> str:
    """The character a run stores: NFKC of one character when that is one character (ｱ → ア)."""
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


def _fold_width(ch: str) -> str:
    """Full-width Latin letters and digits as ASCII (ＳＤＧｓ → SDGs); keep in step with search.js."""
    o = ord(ch)
    return chr(o - 0xFEE0) if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A else ch


def _hex(ch: str) -> str:
    return f"{ord(ch):04x}"


def tokens(run: str) -> list[str]:
    """The index tokens of one run: a bigram for each character, the last character alone."""
    hx = [_hex(c) for c in run]
    return [f"x{a}{b}" for a, b in zip(hx, hx[1:])] + [f"x{hx[-1]}"]


MIDDLE_DOT = "\u30fb"  # ・ inside a katakana compound (グリーン・リカバリー): readers leave it out


_RUN_CLASS = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{_RUN_CLASS}]+(?:\u30fb[{_RUN_CLASS}]+)*")
_SLOW = re.compile("[\uf900-\ufaff\uff00-\uffef]")  # characters that NFKC or width folding change
_HEX: dict[str, str] = {}


def encode_text(text: str, following: str = "") -> str:
    """Text as Pagefind should index it (see ``_encode_slow``, which says the same character by
    character; this is the quick way for text that NFKC and width folding leave as it is)."""
    if _SLOW.search(text) or _SLOW.search(following[:1]):
        return _encode_slow(text, following)
    out: list[str] = []
    pos = 0
    for m in _RUN.finditer(text):
        if m.start() > pos:
            out.append(_LOOKALIKE.sub("\\g<0>" + SEP, text[pos:m.start()]))
        if out and not out[-1][-1].isspace() and out[-1][-1] != SEP:
            out.append(SEP)
        run = m.group(0)
        letters = run.replace(MIDDLE_DOT, "")
        inserts: dict[int, str] = {}
        if len(letters) != len(run):
            i = -1
            for ch in run:
                if ch == MIDDLE_DOT:
                    inserts[i] = inserts.get(i, "") + ch
                else:
                    i += 1
        hx = [_HEX.get(c) or _HEX.setdefault(c, f"{ord(c):04x}") for c in letters]
        if m.end() == len(text) and following and is_run_char(following[0]):
            hx.append(f"{ord(following[0]):04x}")
        else:
            hx.append("")
        for i in range(len(letters)):
            out.append(f"x{hx[i]}{hx[i + 1]}{inserts.get(i, SEP)}")
        pos = m.end()
    if pos < len(text):
        out.append(_LOOKALIKE.sub("\\g<0>" + SEP, text[pos:]))
    encoded = "".join(out)
    body = encoded.rstrip()
    if body and not body.endswith(SEP):
        encoded = body + SEP + encoded[len(body):]
    return encoded


def _encode_slow(text: str, following: str = "") -> str:
    """Text as Pagefind should index it: runs of Japanese letters become tokens, everything else
    stays; a separator follows every token and ends the text (when it has anything visible).

    ``following`` is the first character of the next text when only inline markup separates the
    two (``<a>区役所</a>サービス``): the run's last token then pairs with it, as if there were no tag.
    A ・ between two letters does not end the run: its bigram skips it, and the ・ takes the place
    of the separator after it (kept for the excerpt, and every character of a run still takes
    exactly two of Pagefind's word positions, which search.js relies on to check adjacency)."""
    chars = [_norm_char(_fold_width(ch)) for ch in text]
    out: list[str] = []
    run: list[str] = []
    inserts: dict[int, str] = {}  # after run[i]: text shown but not indexed (・)
    plain: list[str] = []

    def flush(after: str = "") -> None:
        if plain:
            # An ASCII word that looks like a token (x304a) is not one: break it with a separator.
            out.append(_LOOKALIKE.sub("\\g<0>" + SEP, "".join(plain)))
            plain.clear()
        if run:
            if out and not out[-1][-1].isspace() and out[-1][-1] != SEP:
                out.append(SEP)  # 「 or ICT right before the run: keep it out of the first token
            toks = tokens("".join(run) + after)[: len(run)]
            for i, tok in enumerate(toks):
                out.append(tok + inserts.get(i, SEP))  # a ・ stands where the separator would
            run.clear()
            inserts.clear()

    for i, n in enumerate(chars):
        if is_run_char(n):
            if plain:
                flush()
            run.append(n)
        elif n == MIDDLE_DOT and run and i + 1 < len(chars) and is_run_char(chars[i + 1]):
            inserts[len(run) - 1] = inserts.get(len(run) - 1, "") + n
        else:
            if run:
                flush()
            plain.append(n if n == MIDDLE_DOT else _fold_width(text[i]))
    nxt = _norm_char(_fold_width(following[:1])) if following else ""
    flush(nxt if run and nxt and is_run_char(nxt) else "")
    encoded = "".join(out)
    body = encoded.rstrip()
    if body and not body.endswith(SEP):
        encoded = body + SEP + encoded[len(body):]
    return encoded


_LOOKALIKE = re.compile(r"(?<![0-9A-Za-z])[xX](?=[0-9A-Fa-f]{4})")


def decode(content: str) -> str:
    """Pagefind's stored text of a page back into what the reader saw, one line per block (for
    tests; search.js has its own copy): segments are separated by U+200B, original white space
    is a space."""
    out = []
    for seg in content.split("\u200b"):
        core = seg.strip()
        if TOKEN.fullmatch(core):
            out.append(chr(int(core[1:5], 16)))
        else:
            out.append(core.replace(SEP, "").replace(BLOCK, "\n"))
        if seg.endswith(" ") and core:
            out.append(" ")
    return re.sub(r" *\n[\n ]*", "\n", "".join(out))


# --------------------------------------------------------------------------- the index copy of a page

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_DROP = {"script", "style", "noscript", "template", "svg", "form", "button", "img"}
_KEEP_ATTRS = ("id", "data-pagefind-weight", "data-pagefind-body")


class _Text(str):
    """A text node of the index copy, encoded once the next text is known (see _Page.body_html)."""


_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp",
           "small", "span", "strong", "sub", "sup", "time", "u", "var"}
_TAG_NAME = re.compile(r"</?([a-z0-9]+)")
_BLOCKS = {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
           "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol", "p", "pre", "section", "table",
           "td", "th", "tr", "ul"}


class _Page(HTMLParser):
    """Reads one built page: the indexed body (as an index copy), its h1 and its 現在位置 trail."""

    def __init__(self, body_weight: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.body_weight = body_weight  # data-pagefind-weight for the whole indexed body ("" = none)
        self.stack: list[tuple[str, tuple[str, ...]]] = []  # (tag, what this element switched on)
        self.body = 0  # inside data-pagefind-body
        self.skip = 0  # inside something Pagefind does not index (data-pagefind-ignore, script …)
        self.trail_nav = 0
        self.trail: list[str] = []
        self.trail_item: list[str] | None = None
        self.h1: list[str] | None = None
        self.title = ""
        self.has_body = False
        self.text: list[str] = []  # the current text node (html.parser may hand it over in pieces)
        self.out: list[str | _Text] = []  # tags as HTML, texts to encode (see body_html)

    @property
    def indexing(self) -> bool:
        return bool(self.body) and not self.skip

    def _flush(self) -> None:
        if self.text:
            text = "".join(self.text)
            self.text.clear()
            if self.indexing:
                self.out.append(_Text(text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        if tag in _VOID:
            if tag == "br" and self.indexing:
                self.out.append("<br>")
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
        if a.get("aria-label") == "現在位置":
            self.trail_nav += 1
            on.append("trail")
        if self.trail_nav and tag == "li":
            self.trail_item = []
            on.append("trail-li")
        if self.indexing and tag == "h1" and self.h1 is None:
            self.h1 = []
            on.append("h1")
        self.stack.append((tag, tuple(on)))
        if self.indexing:
            kept = "".join(f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs if k in _KEEP_ATTRS)
            if "body" in on and self.body_weight:
                kept += f' data-pagefind-weight="{self.body_weight}"'
            self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        if tag in _VOID or not any(t == tag for t, _ in self.stack):
            return  # a stray end tag: the browser ignores it too
        while self.stack:
            t, on = self.stack.pop()
            if self.indexing:
                if t in _BLOCKS:
                    self.out.append(BLOCK)
                self.out.append(f"</{t}>")
            for what in on:
                if what == "skip":
                    self.skip -= 1
                elif what == "body":
                    self.body -= 1
                elif what == "trail":
                    self.trail_nav -= 1
                elif what == "trail-li" and self.trail_item is not None:
                    self.trail.append(" ".join("".join(self.trail_item).split()))
                    self.trail_item = None
                elif what == "h1" and self.h1 is not None:
                    self.title = " ".join("".join(self.h1).split())
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.trail_item is not None:
            self.trail_item.append(data)
        if self.indexing:
            if self.h1 is not None and not self.title:
                self.h1.append(data)
            self.text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def body_html(self) -> str:
        """The indexed part of the page with every text encoded; a text's last run pairs with the
        first letter of the next text when only inline tags stand between them."""
        parts: list[str] = []
        for i, item in enumerate(self.out):
            if not isinstance(item, _Text):
                parts.append(item)
                continue
            following = ""
            for j in range(i + 1, len(self.out)):
                nxt = self.out[j]
                if isinstance(nxt, _Text):
                    following = nxt[:1]
                    break
                m = _TAG_NAME.match(nxt)
                if not m or m.group(1) not in _INLINE:
                    break
            parts.append(html.escape(encode_text(item, following), quote=False))
        return "".join(parts)


def index_copy(page_html: str, url: str) -> str | None:
    """The HTML Pagefind indexes for one page, or None when the page has nothing to index."""
    kind = kind_of(url)
    p = _Page("" if kind in CONTENT_KINDS else OTHER_WEIGHT)
    # Only the indexed body matters: skip the header and navigation before it (most of the page).
    at = page_html.find("data-pagefind-body")
    start = page_html.rfind("<", 0, at) if at > 0 else -1
    p.feed(page_html[start:] if start >= 0 else page_html)
    p.close()
    if not p.has_body:
        return None
    trail = [t for t in p.trail[1:-1] if t]  # without トップ and the page itself
    meta = {"title": p.title, "kind": kind, "trail": " › ".join(trail)}
    meta_attrs = "".join(f' data-{k}="{html.escape(v, quote=True)}"' for k, v in meta.items())
    names = ", ".join(f"{k}[data-{k}]" for k in meta)
    return (f'<!doctype html><html lang="ja"><head><title></title></head><body>'
            f'<div data-pagefind-meta="{names}"{meta_attrs}></div>{p.body_html()}</body></html>')


def _url_of(rel: str) -> str:
    """site-relative path of an HTML file -> the URL path Pagefind gives it ("jigyo/x/index.html" -> "jigyo/x/")."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


PARALLEL_FROM = 1000  # pages; below this, starting worker processes costs more than it saves


def _copy_of(job: tuple[str, str]) -> tuple[str, str | None]:
    path, rel = job
    return rel, index_copy(Path(path).read_text(encoding="utf-8"), _url_of(rel))


def write(site_dir: Path, out_dir: Path | None = None, work_dir: Path | None = None) -> int:
    """Index every built page of ``site_dir`` into ``out_dir`` (default ``site_dir/pagefind``).

    The index copies are written to a temporary directory that mirrors the site and Pagefind's
    command line indexes that (its Python service takes ~0.1 s per page; the command line uses
    every core). Large sites make their copies on every core. Returns the number of pages indexed.

    ``work_dir``: where the copies go (the build passes its own temporary folder, which it removes
    even after an interrupt and which the next build cleans up after a kill). Workers ignore Ctrl-C
    and Pagefind runs in a session of its own (``generator.interrupt``)."""
    out_dir = out_dir or site_dir / "pagefind"
    jobs = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel not in SKIP and not path.is_relative_to(out_dir):
            jobs.append((str(path), rel))
    workers = min(os.cpu_count() or 1, 4)
    count = 0
    with tempfile.TemporaryDirectory(prefix="portal-search-", dir=work_dir) as tmp:
        copies = Path(tmp)

        def save(results) -> None:
            nonlocal count
            for rel, copy in results:
                if copy is None:
                    continue
                target = copies / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(copy, encoding="utf-8")
                count += 1

        if len(jobs) >= PARALLEL_FROM and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers, initializer=interrupt.worker_init) as pool:
                save(pool.imap(_copy_of, jobs, chunksize=64))
        else:
            save(map(_copy_of, jobs))
        with tempfile.TemporaryFile(dir=tmp) as log:
            rc = interrupt.run([sys.executable, "-m", "pagefind", "--site", str(copies), "--output-path", str(out_dir),
                                "--silent"], stdout=log, stderr=subprocess.STDOUT)
            if rc:
                log.seek(0)
                raise RuntimeError(log.read().decode("utf-8", errors="replace").strip()[-500:])
    return count
