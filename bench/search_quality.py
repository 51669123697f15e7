"""Search quality on the real search page, as a reader uses it: this site vs Pagefind + bigrams vs stock Pagefind vs stock lunr.

    .venv/bin/python bench/search_quality.py                      # query sets below, seed corpus; prints
    .venv/bin/python bench/search_quality.py --scale 10000 --write  # + bytes per query at 10,000 事業; writes docs/benchmarks.md
    .venv/bin/python bench/search_quality.py --queries bench/search_queries.yaml --queries OTHER.yaml

Query sets (``--queries FILE``, repeatable; default: every bench/search_queries*.yaml: the tuning sets
search_queries.yaml and search_queries_residents.yaml, then the held-out sets written blind and later released as dev
sets, search_queries_heldout2.yaml …; ``--write`` always reports each set in bench/) are reported separately, one table
per set. Each query names the pages that answer it
(``expect``, best first, ``#anchor`` where one paragraph answers), the words that count in place of the
query's (``synonyms``), or nothing (the right answer is "nothing found"); see bench/search_queries.yaml.

Four sites are built from the same corpus into a temporary directory (build/ and site/ are not touched):

* **ours**: ``generator.build.generate`` → ``mkdocs build --strict`` → ``generator.search_index.write`` with the
  corpus's ``search_synonyms`` (the site as ``portal build`` makes it: its own sharded n-gram index, read by
  ``theme/assets/search-engine.js``);
* **Pagefind + bigrams**: the same HTML, indexed the way main did before branch search2 (Pagefind over a copy
  of each page with Japanese cut into character bigrams, ``bench/pagefind_bigrams.py``), searched by main's
  search page (``bench/search_pagefind_bigrams.js``; its own 8 synonyms);
* **stock Pagefind**: the same HTML, indexed by ``python -m pagefind --site`` with its defaults, searched by
  the search page as it was before this work (``bench/search_stock_pagefind.js``: the query goes to
  ``pagefind.search`` as typed);
* **stock lunr**: stock Material for MkDocs (automatic nav, built-in ``search`` plugin with ``lang: ja``)
  built from the same generated Markdown (``bench/stock_material.py``'s peer), searched in Material's own search box.

Every query is typed into the real page in headless Chromium at 360×800 (CDP mobile emulation) with nothing
cached (the test server sends ``Cache-Control: no-cache`` without validators, so every file is fetched again),
and the results are read from the page. Per query and in total: top-1 and top-3 hit rate (the first result
whose page is one of ``expect``), mean reciprocal rank (over the first 10 results), whether a result links
straight to the ``#anchor`` (among the first 3 results' links), over-matches (results in the first 10 whose
page text — what the index is made of: the page body without ``data-pagefind-ignore`` parts — contains
neither every word of the query nor a declared synonym, compared after NFKC, lower case, without spaces and
・; a compound no page has counts by the pieces the search page cuts it into: ``search_text.segment`` with the
pages' texts as the dictionary), partial results (since branch search4: a query of two or more words, one of which no page has, shows the
pages with the other words under a line that says 「…」をすべて含むページは見つかりませんでした。「待ち時間」を含むページは
ありません。; a result in the first 10 that has the other words but not the missing one is counted as *partial*,
apart from over-matches, because the page says so; it is a hit only when it is an expected page; a result that lacks
the other words too is still an over-match; since branch search10, likewise a query of two or more words that are each
on some page but never together, under a line that says 「…」をすべて含むページは見つかりませんでした。そのうちいくつかを
含むページを…表示しています: a result with at least one of the words is *partial*, one with none an over-match), "nothing found" queries that show a result without saying plainly that
nothing matched, and the bytes
of search files the query downloaded (ours: search-engine.js, meta.json, the synonym list's shards of the query's words, index shards, page texts, and the readings' shards for a query with kana;
Pagefind's files; Material's search worker, lunr and search_index.json), counted by the test server, which also serves the page (gzip for text, as a host does).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402

from list_weight import ours_config  # noqa: E402
from stock_material import peer_config  # noqa: E402

from generator.search_text import Token, analyse, explains, finder, synonym_table  # noqa: E402
from generator.validate import validate_file  # noqa: E402
from netbench import Browser, serve  # noqa: E402

PROJECT = HERE.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": "0"}
DOC = PROJECT / "docs" / "benchmarks.md"
START = "<!-- search-quality:start (bench/search_quality.py writes this section; do not edit by hand) -->"
END = "<!-- search-quality:end -->"  # the markers this script used before bench/docsection.py
SECTION = "search-quality"
STOCK_JS = HERE / "search_stock_pagefind.js"
BIGRAMS_JS = HERE / "search_pagefind_bigrams.js"
FIRST_SETS = ("search_queries.yaml", "search_queries_residents.yaml")  # the tuning sets, then the released held-out ones


def default_sets(folder: Path = HERE) -> list[Path]:
    """Every query set in bench/ (search_queries*.yaml): the two tuning sets first, then the others (the held-out sets
    released as dev sets: search_queries_heldout2.yaml …) in the order of their numbers. ``--write`` always reports
    each of them, one table per set."""
    def order(p: Path):
        digits = re.findall(r"\d+", p.stem)
        return (FIRST_SETS.index(p.name) if p.name in FIRST_SETS else len(FIRST_SETS), int(digits[-1]) if digits else 0, p.name)

    return sorted(folder.glob("search_queries*.yaml"), key=order)
KB = 1000
TOP = 10
ENGINES = ("ours", "bigrams", "pagefind", "lunr")
LABEL = {"ours": "this site", "bigrams": "Pagefind + bigrams (main)", "pagefind": "stock Pagefind", "lunr": "stock lunr (ja)"}
T_TOP3, T_TOP1, T_BYTES = 0.95, 0.80, 150 * KB

T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"[{time.monotonic() - T0:7.1f} s] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- queries and page text


@dataclass
class Query:
    query: str
    kind: str
    expect: list[str]
    synonyms: list[str]
    note: str = ""


def load_queries(path: Path) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Query(str(q["query"]), str(q.get("kind", "")), [str(e) for e in q.get("expect") or []],
                  [str(s) for s in q.get("synonyms") or []], str(q.get("note", ""))) for q in data.get("queries", [])]


def compact(text: str) -> str:
    return re.sub(r"[\s・]", "", unicodedata.normalize("NFKC", text).lower())


def words(query: str) -> list[str]:
    out = []
    for w in unicodedata.normalize("NFKC", query).split():
        w = re.sub(r"^[^\w]+|[^\w]+$", "", w)
        if compact(w):
            out.append(compact(w))
    return out


class _Text(HTMLParser):
    """The text the index is made of: inside data-pagefind-body, outside data-pagefind-ignore, script, style."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int, int]] = []
        self.body = self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        b = 1 if "data-pagefind-body" in a else 0
        s = 1 if self.body and ("data-pagefind-ignore" in a or tag in ("script", "style", "noscript")) else 0
        self.body += b
        self.skip += s
        self.stack.append((tag, b, s))

    def handle_endtag(self, tag):
        if tag in self.VOID or not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:
            t, b, s = self.stack.pop()
            self.body -= b
            self.skip -= s
            if t == tag:
                break

    def handle_data(self, data):
        if self.body and not self.skip:
            self.parts.append(data)


def page_texts(site: Path, raw: bool = False) -> dict[str, str]:
    """URL path ("/jigyo/x/") → the page's indexed text, compacted (``raw``: as it is)."""
    out = {}
    for f in sorted(site.rglob("index.html")):
        rel = f.parent.relative_to(site).as_posix()
        if rel.startswith(("pagefind", "search")):
            continue
        p = _Text()
        p.feed(f.read_text(encoding="utf-8"))
        text = " ".join(" ".join(p.parts).split())
        out["/" if rel == "." else f"/{rel}/"] = text if raw else compact(text)
    return out


# --------------------------------------------------------------------------- building the sites


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run(cmd: list[str], timeout: float = 3600) -> float:
    """Run a process (exit if it fails); returns the CPU seconds it used (user + sys, its children included)."""
    cpu = _children_cpu()
    proc = subprocess.run(cmd, env=ENV, cwd=PROJECT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode:
        sys.exit(f"failed: {' '.join(cmd[:4])} …\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return _children_cpu() - cpu


GEN = ("import sys; sys.path.insert(0, {root!r}); from pathlib import Path; "
       "from generator.build import generate; from generator.project import Project; "
       "sys.exit(generate(Project.at({root!r}), Path({corpus!r}), True, Path({out!r})))")
INDEX = ("import sys; sys.path.insert(0, {root!r}); from pathlib import Path; "
         "from generator.validate import validate_file; from generator.search_index import write; "
         "print(write(Path({site!r}), validate_file(Path({corpus!r})).corpus.search_synonyms))")
BIGRAMS = ("import sys; sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r}); from pathlib import Path; "
           "from pagefind_bigrams import write; print(write(Path({site!r})))")
SCRIPT = re.compile(r'<script type="module" src="([^"]*assets/search\.js)"[^>]*data-base="([^"]*)"></script>')


def peer_copy(ours: Path, dest: Path, js: Path) -> None:
    """A copy of our site for a Pagefind peer: without our index and engine, its search page's script
    pointed at Pagefind (the attributes the old search pages read) and replaced by ``js``."""
    shutil.copytree(ours, dest, ignore=shutil.ignore_patterns("search-index", "search-engine.js"))
    page = dest / "search" / "index.html"
    html = page.read_text(encoding="utf-8")
    html, n = SCRIPT.subn(lambda m: f'<script type="module" src="{m.group(1)}" data-pagefind="../pagefind/pagefind.js" '
                          f'data-base="{m.group(2)}"></script>', html)
    assert n == 1, "the search page's script tag changed: update SCRIPT in bench/search_quality.py"
    page.write_text(html, encoding="utf-8")
    shutil.copyfile(js, dest / "assets" / "search.js")


def build_sites(corpus: Path, work: Path, peers: bool, lunr: bool = True, synonyms: Path | None = None) -> dict[str, Path]:
    """Build ours (+ Pagefind + bigrams, stock Pagefind, stock lunr) from ``corpus`` under ``work``; returns engine →
    site dir. ``synonyms``: the corpus whose ``search_synonyms`` our index gets (default ``corpus``; the synthetic
    corpus has none: it gets the seed's)."""
    docs, ours = work / "docs", work / "ours"
    name = f"{work.name} corpus"
    log(f"{name}: generate")
    run([PY, "-c", GEN.format(root=str(PROJECT), corpus=str(corpus), out=str(docs))])
    log(f"{name}: mkdocs build --strict")
    run([PY, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(ours_config(work, docs)), "-d", str(ours)])
    log(f"{name}: search index (ours)")
    t = time.perf_counter()
    index_cpu = run([PY, "-c", INDEX.format(root=str(PROJECT), site=str(ours), corpus=str(synonyms or corpus))])
    index_s = time.perf_counter() - t
    sites = {"ours": ours}
    if peers:
        bigrams = work / "bigrams"
        log(f"{name}: Pagefind + bigrams (main)")
        peer_copy(ours, bigrams, BIGRAMS_JS)
        t = time.perf_counter()
        sites["bigrams_index_cpu"] = run([PY, "-c", BIGRAMS.format(root=str(PROJECT), bench=str(HERE), site=str(bigrams))])  # type: ignore[assignment]
        sites["bigrams_index_s"] = time.perf_counter() - t  # type: ignore[assignment]
        sites["bigrams"] = bigrams
        stock = work / "pagefind"
        log(f"{name}: stock Pagefind")
        peer_copy(ours, stock, STOCK_JS)
        t = time.perf_counter()
        sites["stock_index_cpu"] = run([PY, "-m", "pagefind", "--site", str(stock), "--silent"])  # type: ignore[assignment]
        sites["stock_index_s"] = time.perf_counter() - t  # type: ignore[assignment]
        sites["pagefind"] = stock
        if lunr:
            peer_docs = work / "peer-docs"
            shutil.copytree(docs, peer_docs)
            search_md = peer_docs / "search.md"
            search_md.write_text(re.sub(r"(?m)^template: search\.html\n", "", search_md.read_text(encoding="utf-8")),
                                 encoding="utf-8")
            log(f"{name}: stock Material + lunr")
            run([PY, "-m", "mkdocs", "build", "--quiet", "-f", str(peer_config(work, peer_docs)), "-d",
                 str(work / "lunr")])
            sites["lunr"] = work / "lunr"
    sites["index_s"] = index_s  # type: ignore[assignment]
    sites["index_cpu"] = index_cpu  # type: ignore[assignment]
    return sites


# --------------------------------------------------------------------------- searching in the browser


@dataclass
class Result:
    status: str
    items: list[list[str]]  # per result: its links (path#hash), the page link first
    bytes: int
    files: int
    ms: float
    files_by_kind: dict = field(default_factory=dict)


OURS_JS = """
const st = document.getElementById('portal-search-status');
if (!st || !st.textContent || /検索しています/.test(st.textContent)) return null;
return [st.textContent, [...document.querySelectorAll('#portal-search-results > li')].map(li =>
  [...li.querySelectorAll('a')].map(a => { const u = new URL(a.href); return decodeURIComponent(u.pathname) + u.hash; }))];
"""

LUNR_JS = """
const meta = document.querySelector('.md-search-result__meta');
const items = [...document.querySelectorAll('.md-search-result__item')].map(li =>
  [...li.querySelectorAll('a')].map(a => { const u = new URL(a.href); return decodeURIComponent(u.pathname) + u.hash; }));
return [meta ? meta.textContent.trim() : '', items];
"""


def search_file(path: str) -> str | None:
    """Which search file a served path is (None: not a search file)."""
    if "/search-index/" in path:
        name = path.split("/search-index/", 1)[1]
        if name.startswith("p/"):
            return "page text"
        if name == "meta.json":
            return "meta.json"
        if name.startswith("readings.json") or name.startswith("r/"):
            return "readings"
        if name.startswith("s/"):
            return "synonyms"
        return "index shard"
    if path.endswith("/assets/search-engine.js"):
        return "engine JS"
    if "/pagefind/" in path:
        name = path.rsplit("/", 1)[1]
        if "/fragment/" in path:
            return "fragment"
        if "/index/" in path:
            return "index chunk"
        if name.endswith(".pf_meta"):
            return "pf_meta"
        if name.startswith("wasm."):
            return "wasm"
        return "engine JS"
    if path.endswith("search_index.json"):
        return "search_index.json"
    if "/assets/javascripts/workers/" in path or "/assets/javascripts/lunr/" in path:
        return "engine JS"
    return None


class Searcher:
    """One browser per engine; every query is a fresh page load with nothing cached."""

    def __init__(self, engine: str, site: Path) -> None:
        self.engine = engine
        self.server, self.base, self.served = serve(site)
        self.b = Browser()
        self.b.d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})

    def close(self) -> None:
        self.b.__exit__(None, None, None)
        self.server.shutdown()

    def search(self, query: str) -> Result:
        self.b.d.get("about:blank")  # leave the previous page: its late requests do not count
        time.sleep(0.2)
        self.served.clear()
        started = time.monotonic()
        if self.engine == "lunr":
            status, items = self._lunr(query)
        else:
            self.b.d.get(f"{self.base}/search/?q={urllib.parse.quote(query)}")
            got = self.b.wait(OURS_JS.strip().replace("\n", " ").join(["(() => {", "})()"]), 120)
            status, items = got if got else ("(timeout)", [])
        ms = (time.monotonic() - started) * 1000
        self.b.settle(quiet=0.6, activity=self.served.__len__)
        kinds: dict[str, int] = {}
        total = files = 0
        for s in list(self.served):
            k = search_file(s.path)
            if k:
                n = s.header_bytes + s.body_bytes
                kinds[k] = kinds.get(k, 0) + n
                total += n
                files += 1
        return Result(status, items, total, files, ms, kinds)

    def _lunr(self, query: str) -> tuple[str, list[list[str]]]:
        from selenium.webdriver.common.by import By

        d = self.b.d
        d.get(self.base + "/")  # Material loads its search worker and index with every page
        d.find_element(By.CSS_SELECTOR, 'label.md-header__button[for="__search"]').click()
        self.b.wait("document.activeElement && document.activeElement.classList.contains('md-search__input')", 10)
        d.find_element(By.CSS_SELECTOR, "input.md-search__input").send_keys(query)
        # Material searches on every keystroke: wait until its answer has stayed the same for 1.5 s
        js = LUNR_JS.strip().replace("\n", " ").join(["(() => {", "})()"])
        last, since, end = None, time.monotonic(), time.monotonic() + 300
        while time.monotonic() < end:
            now = d.execute_script(f"return {js}")
            if now != last:
                last, since = now, time.monotonic()
            elif now and re.search(r"\d+件|見つかりませんでした", now[0]) and time.monotonic() - since >= 1.5:
                break
            time.sleep(0.1)
        return (last[0], last[1]) if last else ("(timeout)", [])


# --------------------------------------------------------------------------- scoring


NOTHING = re.compile(r"見つかりませんでした|ありませんでした|一致する.*ありません|No matching")
# this site's status line for a partial result: 「…」をすべて含むページは見つかりませんでした。「待ち時間」を含むページはありません。…
ABSENT = re.compile(r"((?:「[^」]+」)+)を含むページはありません")  # one or more words: 「建物」「古い」を含むページはありません
QUOTED = re.compile(r"「([^」]+)」")
# … and for a result with some of the words: 「市役所」「電話」「問い合わせ」をすべて含むページは見つかりませんでした。そのうちいくつかを含む…
# (and when some words are on no page either: …「麻生」を含むページはありません。「区役所」「電話」「番号」のうちいくつかを含む…)
SOME = re.compile(r"をすべて含むページは見つかりませんでした。(?:そ|(?:「[^」]+」)+を含むページはありません。(?:「[^」]+」)+)のうちいくつかを含むページ")


@dataclass
class Score:
    rank: int | None          # 1-based rank of the first expected page (None: not in the first TOP)
    anchor: bool | None       # a link of the first 3 results goes to an expected #anchor (None: no anchor expected)
    over: list[str]           # over-matched result pages in the first TOP
    nothing_ok: bool | None   # for kind none: no results, or the page said plainly that nothing matched
    results: int
    bytes: int
    status: str
    top: list[str]
    partial: list[str] = field(default_factory=list)  # results in the first TOP lacking a word the page said no page has


def page_units(query: str, table, spellings, found) -> list[tuple[str, Token]]:
    """The query's words as the search page counts them when no page has them all (search-engine.js Index.search,
    its units), each with the name its status line gives it: a token some page has as it is counts whole (its word,
    or all the words of its phrase), a phrase no page has by its words (市長の今年の方針 → 市長, 今年, 方針; a phrase
    of one word is named as typed: 伝えたい → 伝え, named 伝えたい)."""
    units: list[tuple[str, Token]] = []
    for t in analyse(query, table, spellings, found):
        if not t.parts or (found is not None and any(found(f) for f in t.word.texts())):
            units.append((t.word.typed, t))
        elif len(t.parts) == 1:
            units.append((t.word.typed, Token(t.parts[0], [])))
        else:
            units += [(w.typed, Token(w, [])) for w in t.parts]
    return units


def some_of(query: str, text: str, table, spellings, found, texts=()) -> bool:
    """Whether a page has one of the query's words (page_units) of two letters or more or of one letter on at most
    TOP of the pages ``texts`` (市 is on nearly every page, 緑 on one), or of one letter when all are so short
    (search-engine.js Index.search, partial.some)."""
    units = page_units(query, table, spellings, found)
    long = [u for name, u in units if len(name) > 1 or sum(explains([u], t) for t in texts) <= TOP]
    return any(explains([u], text) for u in long or [u for _, u in units])


def others_of(query: str, absent: set[str], text: str, table, spellings, found) -> bool:
    """Whether a page has every word of the query (page_units) that the status did not name as on no page (どこの
    窓口に行けばいいか → 窓口; the query with the named words taken out as a string would leave の窓口に, not a word)."""
    units = page_units(query, table, spellings, found)
    # a word of a phrase whose ending was cut (減らし, 安い) is named as the reader typed it (「減らしたい」「安くして」を
    # 含むページはありません: partName in search-engine.js, Word.said)
    rest = [u for name, u in units if compact(name) not in absent and compact(u.word.said) not in absent]
    return 0 < len(rest) < len(units) and explains(rest, text)


def page_of(link: str) -> str:
    return urllib.parse.urlsplit(link).path


def score(q: Query, r: Result, texts: dict[str, str], table: dict[str, list[str]],
          spellings: dict[str, list[str]] | None = None, found=None) -> Score:
    pages: list[str] = []
    for links in r.items:
        if links and page_of(links[0]) not in pages:
            pages.append(page_of(links[0]))
    top = pages[:TOP]
    expect_pages = [page_of(e) for e in q.expect]
    rank = next((i + 1 for i, p in enumerate(top) if p in expect_pages), None)
    anchors = [e for e in q.expect if "#" in e]
    anchor = None
    if anchors:
        links = {link for item in r.items[:3] for link in item}
        anchor = any(a in links for a in anchors)
    ws = words(q.query)
    syn = [words(s) for s in q.synonyms]
    # a partial result: the page said that some words of the query are on no page (ABSENT) and shows the pages
    # with the others; such a result is counted apart (partial), never as a hit of the words it lacks
    absent = {w for m in ABSENT.finditer(r.status) for said in QUOTED.findall(m.group(1)) for w in words(said)}
    rest = ws
    for a in absent:  # the words left when the missing ones are taken out (区役所の待ち時間 → 区役所の)
        rest = [w.replace(a, " ") for w in rest]
    rest = " ".join(rest).strip()
    over, partial = [], []
    for p in top:
        text = texts.get(p)
        if text is None:
            over.append(p + " (not a page)")
            continue
        # the query's words, a synonym the query set declares, or a form the site's synonym list declares
        # (search_synonyms in the corpus; a phrase's words; another spelling of the word from the site's notation
        # dictionary, meta.json "spellings", or the notation rules: generator.search_text.explains)
        if not (all(w in text for w in ws) or any(s and all(w in text for w in s) for s in syn)
                or explains(analyse(q.query, table, spellings, found), text)):
            if absent and (rest and explains(analyse(rest, table, spellings, found), text)
                           or others_of(q.query, absent, text, table, spellings, found)):
                partial.append(p)
            elif SOME.search(r.status) and some_of(q.query, text, table, spellings, found, texts.values()):
                partial.append(p)  # the page said that none has all the words, and this one has some of them
            else:
                over.append(p)
    nothing_ok = None
    if not q.expect:
        nothing_ok = not top or bool(NOTHING.search(r.status))
    return Score(rank, anchor, over, nothing_ok, len(pages), r.bytes, r.status, top, partial)


@dataclass
class Totals:
    n: int = 0
    top1: int = 0
    top3: int = 0
    rr: float = 0.0
    anchors: int = 0
    anchors_ok: int = 0
    over: int = 0
    over_queries: int = 0
    partial: int = 0
    partial_queries: int = 0
    none: int = 0
    none_ok: int = 0
    bytes: list[int] = field(default_factory=list)

    def add(self, q: Query, s: Score) -> None:
        self.bytes.append(s.bytes)
        self.over += len(s.over)
        self.over_queries += bool(s.over)
        self.partial += len(s.partial)
        self.partial_queries += bool(s.partial)
        if not q.expect:
            self.none += 1
            self.none_ok += bool(s.nothing_ok)
            return
        self.n += 1
        self.top1 += s.rank == 1
        self.top3 += s.rank is not None and s.rank <= 3
        self.rr += 1 / s.rank if s.rank else 0.0
        if s.anchor is not None:
            self.anchors += 1
            self.anchors_ok += s.anchor


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f} %" if b else "–"


def kb(n: float) -> str:
    return f"{n / KB:,.1f} KB"


# --------------------------------------------------------------------------- report


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import importlib.metadata as md

    def ver(p: str) -> str:
        try:
            return md.version(p)
        except md.PackageNotFoundError:
            return "?"

    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(), "python": platform.python_version(),
            "pagefind": ver("pagefind"), "material": ver("mkdocs-material"), "mkdocs": ver("mkdocs")}


def short(path: str) -> str:
    return path.replace("/shisei-hoshin/", "/s-h/").replace("/suishin-plan/", "/s-p/")


def report(sets: dict[str, list[Query]], scores: dict[str, dict[str, list[Score]]], engines: list[str],
           scale: dict | None, info: dict) -> str:
    L: list[str] = []
    w = L.append
    w("## Search quality (bench/search_quality.py)")
    w("")
    m = info["machine"]
    w(f"- Date: {info['date']} · run took {info['minutes']:.1f} min · machine: {m['nproc']} CPUs (nproc), "
      f"“{m['cpu']}”, Linux {m['kernel']} · Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['material']}, "
      f"Pagefind {m['pagefind']}, Chromium {info['chromium']}")
    w(f"- Other work: other engineers were using the same 2 cores during this run (load average before / after: "
      f"{info['load_before']} / {info['load_after']}); times are indicative, counts and bytes are not affected.")
    w(f"- Command: `{info['command']}`")
    w("")
    w("Every query is typed into the real search page (this site, Pagefind + bigrams and stock Pagefind: `/search/?q=…`; lunr: Material's "
      "search box) in headless Chromium at 360×800 with nothing cached. *top-1 / top-3*: the first / one of the "
      "first three results is a page that answers it; *MRR*: mean reciprocal rank over the first 10; *anchor*: "
      "one of the first three results links straight to the answering paragraph; *over-matched*: results in "
      "the first 10 whose page text contains neither the query's words nor a declared synonym; *partial*: results in "
      "the first 10 of a query with a word that the page says no page has (「…」を含むページはありません) whose text "
      "has the query's other words but not that one, or of a query whose words no page has all together, where the page "
      "says so (そのうちいくつかを含むページ) and the result has some of them (not over-matches, since the page says so, "
      "and a hit only when the answering page is among them); *nothing found*: "
      "queries with no answer that show nothing or say plainly that nothing matched; *bytes*: search files "
      "(engine, index, fragments) downloaded for the query, median (max).")
    w("")
    for name, qs in sets.items():
        w(f"### {name} ({sum(1 for q in qs if q.expect)} queries with an answer, {sum(1 for q in qs if not q.expect)} "
          f"with none)")
        w("")
        w("| | " + " | ".join(LABEL[e] for e in engines) + " |")
        w("|---|" + "---:|" * len(engines))
        tots = {e: Totals() for e in engines}
        for e in engines:
            for q, s in zip(qs, scores[name][e]):
                tots[e].add(q, s)
        rows = [
            ("top-1 (target ≥ 80 %)", lambda t: f"{pct(t.top1, t.n)} ({t.top1}/{t.n})"),
            ("top-3 (target ≥ 95 %)", lambda t: f"{pct(t.top3, t.n)} ({t.top3}/{t.n})"),
            ("MRR", lambda t: f"{t.rr / t.n:.3f}" if t.n else "–"),
            ("anchor", lambda t: f"{t.anchors_ok}/{t.anchors}"),
            ("over-matched results in top 10 (target 0)", lambda t: f"{t.over} (in {t.over_queries} queries)"),
            ("partial results in top 10 (a word said to be on no page, or some of the words)", lambda t: f"{t.partial} (in {t.partial_queries} queries)"),
            ("nothing found said plainly", lambda t: f"{t.none_ok}/{t.none}"),
            ("bytes per query, median (max)",
             lambda t: f"{kb(statistics.median(t.bytes))} ({kb(max(t.bytes))})" if t.bytes else "–"),
        ]
        for label, f in rows:
            w(f"| {label} | " + " | ".join(f(tots[e]) for e in engines) + " |")
        w("")
        w("<details><summary>Per query: rank of the first answering page (– = not in the first 10), "
          "over-matches, results shown</summary>")
        w("")
        w("| query | kind | " + " | ".join(LABEL[e] for e in engines) + " |")
        w("|---|---|" + "---|" * len(engines))
        for i, q in enumerate(qs):
            cells = []
            for e in engines:
                s = scores[name][e][i]
                if q.expect:
                    cell = "–" if s.rank is None else str(s.rank)
                    if s.anchor is not None:
                        cell += " ⚓" if s.anchor else " (no ⚓)"
                else:
                    cell = "nothing ✓" if s.nothing_ok else "✗ shows results"
                if s.over:
                    cell += f", {len(s.over)} over"
                if s.partial:
                    cell += f", {len(s.partial)} partial"
                cell += f" · {s.results}"
                cells.append(cell)
            w(f"| {q.query} | {q.kind} | " + " | ".join(cells) + " |")
        w("")
        w("</details>")
        w("")
        misses = [(q, scores[name]["ours"][i]) for i, q in enumerate(qs)
                  if (q.expect and scores[name]["ours"][i].rank != 1) or scores[name]["ours"][i].over
                  or (not q.expect and not scores[name]["ours"][i].nothing_ok)]
        if misses:
            w("This site's misses on this set (not first, over-matched, or a result for a query with no answer):")
            w("")
            for q, s in misses:
                top = ", ".join(short(p) for p in s.top[:3]) or "nothing"
                over = f"; over-matched: {', '.join(short(p) for p in s.over)}" if s.over else ""
                over += f"; partial: {len(s.partial)}" if s.partial else ""
                w(f"- {q.query} ({q.kind}): expected {', '.join(short(e) for e in q.expect) or 'nothing'}; "
                  f"shown: {top}{over}. Status: “{s.status}”")
            w("")
    if scale:
        w(f"### Bytes per query at {scale['n']:,} 事業 ({scale['pages']:,} pages)")
        w("")
        w(f"The {scale['n']:,}-事業 synthetic corpus (`portal synth {scale['n']}`) built into a temporary project copy; "
          f"every query of the sets above, typed into the search page with nothing cached. Search files only "
          f"(what the page itself loads without a query is not counted; 0 bytes of it are search files). "
          f"Target ≤ 150 KB.")
        w("")
        w("| | " + " | ".join(LABEL[e] for e in scale["engines"]) + " |")
        w("|---|" + "---:|" * len(scale["engines"]))
        for label, f in (("median", statistics.median), ("max", max), ("min", min)):
            w(f"| {label} | " + " | ".join(kb(f(scale["bytes"][e])) for e in scale["engines"]) + " |")
        w("| queries ≤ 150 KB | " + " | ".join(
            f"{sum(b <= T_BYTES for b in scale['bytes'][e])}/{len(scale['bytes'][e])}" for e in scale["engines"]) + " |")
        w("")
        pk = scale.get("pagefind_kinds") or {}
        if pk:
            w(f"Pagefind cannot meet 150 KB at this size: for its median query, its engine (`pagefind.js`, its worker, the "
              f"WebAssembly) is {kb(sum(v for k, v in pk.items() if k in ('engine JS', 'wasm')))} and its page table "
              f"(`pf_meta`, one entry per page) {kb(pk.get('pf_meta', 0))}, before any index chunk. This site's index "
              f"(generator/search_index.py) has no page table and no WebAssembly: a query downloads the engine "
              f"(search-engine.js), meta.json, the synonym list's and the index's shards of its words and the text of the pages it shows.")
            w("")
        w("Where the bytes of the median query go (this site), by kind of file:")
        w("")
        w("| file | bytes |")
        w("|---|---:|")
        for k, v in sorted(scale["median_kinds"].items(), key=lambda kv: -kv[1]):
            w(f"| {k} | {kb(v)} |")
        w("")
        w(f"Index build at this size (wall / CPU, on the shared machine): this site {scale['index_s']:.0f} s / "
          f"{scale['index_cpu']:.0f} s, Pagefind + bigrams {scale['bigrams_index_s']:.0f} s / {scale['bigrams_index_cpu']:.0f} s "
          f"(write the index copies + Pagefind), stock Pagefind {scale['stock_index_s']:.0f} s / "
          f"{scale['stock_index_cpu']:.0f} s. Stock lunr is not built at this size (its search_index.json "
          f"is loaded whole on the first search; bench/search_query.py measures it).")
        w("")
    return "\n".join(L) + "\n"


def write_doc(section: str) -> None:
    """Write this script's marked section of docs/benchmarks.md (bench/docsection.py: ``search-quality``). The
    section this script wrote before with its own markers (START … END) is replaced where it stands."""
    from docsection import _block, write_section

    body = section
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        DOC.write_text(before + _block(SECTION, body) + ("\n" + after if after else ""), encoding="utf-8")
    else:
        write_section(DOC, SECTION, body)


# --------------------------------------------------------------------------- main


def run_queries(sites: dict[str, Path], engines: list[str], qs: list[Query]) -> dict[str, list[Result]]:
    """Every engine runs the queries in its own browser and server, side by side in threads.

    Most of a query's time is waiting (the page's settle, lunr's 1.5 s of quiet), so the engines overlap it;
    counts and bytes do not depend on it, since each engine has its own browser with its cache off and its own
    server log.
    """
    def one(e: str) -> list[Result]:
        log(f"{e}: {len(qs)} queries")
        s = Searcher(e, sites[e])
        try:
            got = [s.search(q.query) for q in qs]
        finally:
            s.close()
        sizes = [r.bytes for r in got]
        log(f"{e}: bytes per query median {kb(statistics.median(sizes))}, max {kb(max(sizes))}, "
            f"≤ 150 KB {sum(b <= T_BYTES for b in sizes)}/{len(sizes)}")
        return got

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(engines)) as pool:
        futures = {e: pool.submit(one, e) for e in engines}
        return {e: f.result() for e, f in futures.items()}


def site_spellings(meta: dict, index_dir: Path) -> dict[str, list[str]]:
    """The notation dictionary the reader's browser has for a query with kana: meta.json's ``spellings`` with the
    readings (the shards ``r/``, fetched only for such a query; a query without kana never looks a reading up;
    ``readings.json`` of an older index)."""
    table = dict(meta.get("spellings", {}))
    readings = index_dir / "readings.json"
    if meta.get("readings") and readings.is_file():
        table.update(json.loads(readings.read_text(encoding="utf-8")))
    elif meta.get("readings"):
        from generator.search_index import read_readings

        table.update(read_readings(index_dir))
    return table


def declared_synonyms(meta: dict, corpus_synonyms, index_dir: Path | None = None) -> dict[str, list[str]]:
    """The synonym table a result may be explained by: the index's synonym list (the corpus's list with the reviewed
    everyday synonyms the index took: the shards s/ of ``index_dir`` when meta.json ``synonyms`` is their number, or
    meta.json's own ``synonyms`` of an older index), or the corpus's list alone when the index has none (a peer's site)."""
    rows = meta.get("synonyms")
    if isinstance(rows, int) and not isinstance(rows, bool) and index_dir is not None:
        from generator.search_index import read_synonyms

        return read_synonyms(index_dir) or synonym_table(corpus_synonyms)
    if isinstance(rows, list):  # rows [[reader words], [words]] (generator.search_index.synonym_rows)
        from generator.search_index import synonym_table_of

        return synonym_table_of(rows) or synonym_table(corpus_synonyms)
    return rows or synonym_table(corpus_synonyms)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--queries", action="append", type=Path, help="a query set (YAML); repeatable")
    ap.add_argument("--corpus", type=Path, default=PROJECT / "policies.yaml")
    ap.add_argument("--no-peers", action="store_true", help="only this site")
    ap.add_argument("--scale", type=int, default=0, help="also bytes per query at this many 事業 (e.g. 10000)")
    ap.add_argument("--write", action="store_true", help="write the section into docs/benchmarks.md")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    args = ap.parse_args()
    sets_paths = args.queries or default_sets()
    if args.write:  # the docs report every set in bench/, and any other set given
        given = {p.resolve() for p in sets_paths}
        sets_paths = [*sets_paths, *(p for p in default_sets() if p.resolve() not in given)]
    sets = {p.name: load_queries(p) for p in sets_paths}
    engines = ["ours"] if args.no_peers else list(ENGINES)
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    info = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
            "load_before": load_before, "command": " ".join(["python", "bench/search_quality.py", *sys.argv[1:]])}
    scores: dict[str, dict[str, list[Score]]] = {}
    raw: dict = {}
    scale = None
    with tempfile.TemporaryDirectory(prefix="search-quality-") as tmp:
        work = Path(tmp)
        (work / "seed").mkdir()
        sites = build_sites(args.corpus, work / "seed", peers=not args.no_peers)
        texts = page_texts(sites["ours"])
        meta = sites["ours"] / "search-index" / "meta.json"
        declared = json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}
        # the synonyms the site declares: the corpus's search_synonyms and the reviewed everyday synonyms
        # (generator/data/everyday-synonyms.json) that the index took, as its synonym shards (s/) have them
        table = declared_synonyms(declared, validate_file(args.corpus).corpus.search_synonyms, meta.parent)
        spellings = site_spellings(declared, meta.parent)
        found = finder(texts.values())  # a word no page has is cut into pieces (search_text.segment), as the page does
        all_q = [q for qs in sets.values() for q in qs]
        results = run_queries(sites, engines, all_q)
        i = 0
        for name, qs in sets.items():
            scores[name] = {e: [score(q, r, texts, table, spellings, found) for q, r in zip(qs, results[e][i:i + len(qs)])]
                            for e in engines}
            i += len(qs)
        raw["seed"] = {e: [r.__dict__ for r in results[e]] for e in engines}
        with Browser() as b:
            info["chromium"] = b.version
        if args.scale:
            (work / "big").mkdir()
            corpus = work / "big" / "policies.yaml"
            log(f"synthetic corpus: {args.scale} 事業")
            from generator.synth import write as synth_write
            synth_write(args.scale, corpus, args.corpus)
            shutil.rmtree(work / "seed", ignore_errors=True)
            big = build_sites(corpus, work / "big", peers=not args.no_peers, lunr=False, synonyms=args.corpus)
            big_engines = [e for e in ("ours", "bigrams", "pagefind") if e in big]
            big_results = run_queries(big, big_engines, all_q)
            def median_of(e: str) -> Result:
                ordered = sorted(big_results[e], key=lambda r: r.bytes)
                return ordered[len(ordered) // 2]

            median = median_of("ours")
            pages = sum(1 for _ in big["ours"].rglob("index.html"))
            scale = {"n": args.scale, "pages": pages, "engines": big_engines,
                     "bytes": {e: [r.bytes for r in big_results[e]] for e in big_engines},
                     "median_kinds": median.files_by_kind, "index_s": big["index_s"], "index_cpu": big["index_cpu"],
                     "pagefind_kinds": median_of("pagefind").files_by_kind if "pagefind" in big else {},
                     "bigrams_index_s": big.get("bigrams_index_s", float("nan")),
                     "bigrams_index_cpu": big.get("bigrams_index_cpu", float("nan")),
                     "stock_index_s": big.get("stock_index_s", float("nan")),
                     "stock_index_cpu": big.get("stock_index_cpu", float("nan"))}
            raw["scale"] = {e: [r.__dict__ for r in big_results[e]] for e in big_engines}
    info["load_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    info["minutes"] = (time.monotonic() - T0) / 60
    section = report(sets, scores, engines, scale, info)
    print(section)
    if args.json:
        args.json.write_text(json.dumps(raw, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if args.write:
        if args.no_peers or not args.scale:
            sys.exit("--write needs the full run (peers and --scale): a quick run never overwrites a full one")
        write_doc(section)
        log(f"wrote {DOC.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
