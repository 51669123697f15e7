"""First-visit weight of the browsing pages (テーマ, the 基本施策・主な取組・事業 lists, 404) at seed size
and at 10,000 事業, beside the naive peer: the same lists with every entry on one page.

    .venv/bin/python bench/list_weight.py            # seed and 10,000 事業 (18 min on 2 busy cores); writes its section of docs/benchmarks.md
    .venv/bin/python bench/list_weight.py --quick    # seed and 1,000 事業; prints, writes nothing

Everything happens in a temporary directory (helpers: bench/common.py, bench/weight.py): the
corpus from ``generator.synth.write``, the Markdown from ``generator.build.generate`` with ``out_dir``
there, ``mkdocs build --strict`` (as ``portal build`` runs it) with a configuration that INHERITs mkdocs.yml. build/, site/ and
policies.yaml are never touched. No Pagefind: none of these pages loads the search index.

For each page: the HTML file (raw and gzip -6) and a first visit in headless Chromium at 360×800 with an
empty cache through a gzip-serving static server (every response: HTML, CSS, JavaScript, favicon;
transfer = headers + gzip body, decoded = body). Target (issue #11): ≤ 70 KB transfer for the whole
first visit of every list page at 10,000 事業. tests/site also keeps every page's HTML under 60 KB.

The peer is this site with ``pages.LIST_INLINE_LIMIT`` set beyond the corpus: /shisaku/, /torikumi/ and
/jigyo/ list every entry on one page (what the lists would weigh without grouping into pages).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402
from common import PY, log, timed  # noqa: E402
from docsection import write_section  # noqa: E402
from netbench import serve  # noqa: E402
from weight import visit  # noqa: E402

from generator import pages as P  # noqa: E402
from generator.synth import write as synth_write  # noqa: E402
from generator.validate import summary, validate_file  # noqa: E402

KB = 1000
T_VISIT_GZ = 70 * KB
T_HTML = 60_000  # tests/site/test_built_site.py: every page's HTML
SECTION = "list_weight"
ROOT = HERE.parent


T0 = time.monotonic()
GEN_SNIPPET = ("import sys; sys.path.insert(0, {root!r}); from pathlib import Path; "
               "from generator.build import generate; from generator.project import Project; "
               "sys.exit(generate(Project.at({root!r}), Path({corpus!r}), True, Path({out!r})))")


def ours_config(tmp: Path, docs: Path) -> Path:
    """mkdocs.yml with docs_dir and custom_dir pointed at absolute places."""
    cfg = {"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(docs), "theme": {"custom_dir": str(ROOT / "theme")}}
    path = tmp / "mkdocs-ours.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def generate(corpus: Path, docs: Path) -> None:
    timed([PY, "-c", GEN_SNIPPET.format(root=str(ROOT), corpus=str(corpus), out=str(docs))]).ok("generate")


def mkdocs(cfg: Path, site: Path) -> float:
    shutil.rmtree(site, ignore_errors=True)
    t = timed([PY, "-m", "generator.mkdocs_build", "build", "--strict", "-f", str(cfg), "-d", str(site)],
              env={"NO_MKDOCS_2_WARNING": "1"}, cwd=ROOT).ok("mkdocs build")
    return t.wall


def unsplit_lists(corpus: Path, docs: Path) -> None:
    """The peer: rewrite the three list pages with every entry on the index page."""
    from generator.build import render_pages

    saved = P.LIST_INLINE_LIMIT
    P.LIST_INLINE_LIMIT = 10**9
    try:
        c = validate_file(corpus).corpus
        ix = P.Index(c)
        for path, data in render_pages(c, ix, [P.record_list(ix, kind) for kind in P.LIST_KINDS]).items():
            (docs / path).write_bytes(data)
    finally:
        P.LIST_INLINE_LIMIT = saved


def entries(site: Path, url: str) -> int:
    text = (site / url.strip("/") / "index.html").read_text(encoding="utf-8") if url.endswith("/") else ""
    return text.count('<li><a href=') if url.endswith("/") else 0


def largest(site: Path, pattern: str) -> str | None:
    files = sorted(site.glob(pattern), key=lambda p: (p.stat().st_size, p.as_posix()))
    return "/" + files[-1].parent.relative_to(site).as_posix() + "/" if files else None


def measure(label: str, site: Path, urls: list[tuple[str, str]]) -> list[dict]:
    server, base, served = serve(site)
    rows = []
    try:
        for kind, url in urls:
            f = site / "404.html" if url == "/404.html" else site / url.strip("/") / "index.html"
            raw = f.read_bytes()
            log(f"{label}: first visit {url}")
            v = visit(base, served, url)
            rows.append({"corpus": label, "kind": kind, "url": url, "entries": entries(site, url), "raw": len(raw),
                         "gzip": len(gzip.compress(raw, 6, mtime=0)), "transfer": v["transfer"], "decoded": v["decoded"],
                         "requests": v["requests"]})
    finally:
        server.shutdown()
        server.server_close()
    return rows


def kb(n: int) -> str:
    return f"{n / KB:,.1f} KB"


def report(rows: list[dict], info: dict) -> str:
    L = ["## Browsing pages: first-visit weight (テーマ, lists, 404)", "",
         f"Written by `bench/list_weight.py` ({info['runtime']:.0f} s) on {info['date']}; {info['machine']}. "
         f"Load average before/after: {info['load_before']} / {info['load_after']} — **other work was running** on the "
         "same two cores (other engineers' builds and tests), so these byte counts are exact but no time here is.", "",
         "Every response of a first visit at 360×800 (headless Chromium, empty cache, gzip-serving static server): "
         "transfer = headers + gzip body, decoded = body. Target: ≤ 70 KB transfer for the whole first visit "
         "(issue #11: the lists at 10,000 事業). *HTML* is the page's own file (tests/site keeps it under 60 KB). "
         "*entries* = list items (links) on the page. ✓/✗ = transfer ≤ 70 KB.", "",
         "| corpus | page | URL | entries | HTML | HTML gzip | requests | transfer | decoded | |",
         "|---|---|---|---:|---:|---:|---:|---:|---:|:-:|"]
    for r in rows:
        ok = "✓" if r["transfer"] <= T_VISIT_GZ else "✗"
        big = " ⚠" if r["raw"] >= T_HTML else ""
        L.append(f"| {r['corpus']} | {r['kind']} | `{r['url']}` | {r['entries']:,} | {kb(r['raw'])}{big} | {kb(r['gzip'])} | "
                 f"{r['requests']} | {kb(r['transfer'])} | {kb(r['decoded'])} | {ok} |")
    L += ["", "⚠ = the page's HTML is over the 60 KB every page of the built site is held to (tests/site).", "",
          f"How the lists are split: an index page shows every entry while its list has at most "
          f"`LIST_INLINE_LIMIT` = {P.LIST_INLINE_LIMIT} entries (generator/pages.py); above that it links to one page per "
          "計画期間 × 基本政策 (`/<kind>/<plan-id>/<policy-id>/`). The synthetic corpus has 200 事業, 40 主な取組 and "
          "10 基本施策 per 基本政策, so a group page at 10,000 事業 holds 200 事業. A single 基本政策 with several thousand "
          "事業 in one 計画期間 would make its group page heavier than the budget (not split further).", "",
          "The peer rows (`one page`) are the same lists with every entry on the index page.", ""]
    return "\n".join(L)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="seed and 1,000 事業; print only")
    ap.add_argument("--size", type=int, default=10000, help="synthetic corpus size (default 10,000)")
    args = ap.parse_args()
    n = 1000 if args.quick else args.size
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="portal-listweight-") as t:
        tmp = Path(t)
        corpora = [("seed", ROOT / "policies.yaml"), (f"{n:,}", synth_write(n, tmp / f"synth-{n}.yaml"))]
        for label, corpus in corpora:
            res = validate_file(corpus)
            assert res.ok, res.problems[:3]
            counts = summary(res.corpus)
            label = f"seed ({counts['事業']})" if label == "seed" else label
            work = tmp / label.split()[0].replace(",", "")
            docs, site = work / "docs", work / "site"
            work.mkdir()
            cfg = ours_config(work, docs)
            log(f"{label}: generate")
            generate(corpus, docs)
            log(f"{label}: mkdocs build")
            mkdocs(cfg, site)
            urls = [("top", "/"), ("テーマ一覧", "/theme/")]
            topic = largest(site, "theme/*/index.html")
            if topic:
                urls.append(("テーマ (largest)", topic))
            urls += [("基本施策の一覧", "/shisaku/"), ("主な取組の一覧", "/torikumi/"), ("事業の一覧", "/jigyo/")]
            for kind, name in (("shisaku", "基本施策"), ("torikumi", "主な取組"), ("jigyo", "事業")):
                group = largest(site, f"{kind}/*/*/index.html")
                if group:
                    urls.append((f"{name} group (largest)", group))
            statement = largest(site, "shisei-hoshin/*/index.html")
            if statement:
                urls.append(("施政方針 (largest)", statement))
            urls.append(("404", "/404.html"))
            rows += measure(label, site, urls)
            if corpus != ROOT / "policies.yaml":
                log(f"{label}: peer (every entry on one page)")
                unsplit_lists(corpus, docs)
                mkdocs(cfg, site)
                peer = measure(f"{label}, one page", site,
                               [("基本施策の一覧", "/shisaku/"), ("主な取組の一覧", "/torikumi/"), ("事業の一覧", "/jigyo/")])
                rows += peer
    info = {"date": date, "runtime": time.monotonic() - T0, "load_before": load_before,
            "load_after": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
            "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"}
    text = report(rows, info)
    print(text)
    misses = [r for r in rows if r["transfer"] > T_VISIT_GZ and "one page" not in r["corpus"]]
    if not args.quick:
        write_section(ROOT / "docs" / "benchmarks.md", SECTION, text)
        log("wrote its section of docs/benchmarks.md")
    if misses:
        log("over the 70 KB budget: " + ", ".join(f"{r['corpus']} {r['url']}" for r in misses))


if __name__ == "__main__":
    main()
