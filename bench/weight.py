"""First-visit weight of every kind of page (360×800, empty cache), with and without the CSS step; Lighthouse.

    .venv/bin/python bench/weight.py            # seed and 10,000 事業; docs/benchmarks.md, section "weight"
    .venv/bin/python bench/weight.py --quick    # seed only, no Lighthouse; build/benchmarks-quick.md

For each corpus the project is built with ``portal build`` (``bench/common.py``) and once more with
``PORTAL_SLIM_CSS=0`` — the peer: the same pages with Material's full style sheets. For each kind of page
(top, テーマ, 基本政策 … 404) the page with the largest gzipped HTML is visited in a fresh headless Chromium
(``bench/netbench.py``: a static server that gzips text like an ordinary host; DevTools counts each
response's transfer = headers + body, and its decoded size). Every page of a site loads the same CSS
and script, so the heaviest first visit of the whole site is the page with the largest gzipped HTML: the
last table names it and counts the pages over the target. Target (issue #15): ≤ 14 KB (14,000 bytes)
transfer for every page. With ``bench/lighthouse`` installed (``make bench-full``), Lighthouse 12 (mobile,
simulated throttling) scores a page of each kind of the seed site.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from common import HERE, Session, kb, log, make_project, portal_build
from netbench import Browser, serve

T_VISIT = 14_000
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SPECIAL = {"": "top", "search/": "検索", "404.html": "404", "keikaku/": "計画期間", "data/": "オープンデータ",
           "accessibility/": "アクセシビリティ方針", "accessibility/results/": "試験結果"}
KINDS = {"theme": "テーマ", "seisaku": "基本政策", "shisaku": "基本施策", "torikumi": "主な取組", "jigyo": "事業",
         "shisei-hoshin": "施政方針", "suishin-plan": "推進プラン"}


def kind_of(url: str) -> str:
    """`/jigyo/x/` → 事業; `/jigyo/` → 事業 (list); `/jigyo/plan/policy/` → 事業 (group)."""
    rel = url.lstrip("/")
    if rel in SPECIAL:
        return SPECIAL[rel]
    parts = rel.strip("/").split("/")
    name = KINDS.get(parts[0], parts[0])
    return {1: f"{name} (list)", 2: name}.get(len(parts), f"{name} (group)")


def pages_by_kind(site: Path) -> tuple[dict[str, tuple[str, int, int]], list[tuple[str, int]]]:
    """{kind: (URL of its page with the largest gzipped HTML, raw, gzip)}; and (URL, gzip) of every page."""
    every, best = [], {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/") or "http-equiv=\"refresh\"" in path.read_text(encoding="utf-8", errors="replace")[:2000]:
            continue  # pages at former URLs (redirects) are not pages of the site
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        raw = path.read_bytes()
        gz = len(gzip.compress(raw, 6, mtime=0))
        every.append((url, gz))
        k = kind_of(url)
        if k not in best or gz > best[k][2]:
            best[k] = (url, len(raw), gz)
    return best, every


def visit(base: str, served: list, url: str) -> dict:
    served.clear()
    with Browser() as b:
        b.get(base + url, served.__len__)
        net = b.network()
    res = [(re.sub(r"^https?://[^/]+", "", r.url), r.transfer, r.decoded) for r in net.requests]
    return {"requests": len(res), "transfer": sum(r[1] for r in res), "decoded": sum(r[2] for r in res), "res": res}


def lighthouse(base: str, url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    proc = subprocess.run([str(LIGHTHOUSE), base + url, "--quiet", "--output=json", f"--output-path={out}",
                           "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                           f"--only-categories={','.join(CATEGORIES)}"], env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode or not out.exists():
        log(f"lighthouse failed on {url}: {proc.stderr[-500:]}")
        return {}
    data = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: data["categories"][k]["score"] for k in CATEGORIES}
    scores["tbt"] = data["audits"]["total-blocking-time"]["numericValue"]
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="seed only, no Lighthouse; figures go to build/benchmarks-quick.md")
    ap.add_argument("--sizes", help="comma-separated 事業 counts besides the seed (default 10000; quick: none)")
    args = ap.parse_args()
    if not args.quick and not LIGHTHOUSE.exists():
        # a full run rewrites the section of docs/benchmarks.md: without Lighthouse it would drop its scores
        raise SystemExit("Lighthouse is not installed (bench/lighthouse): run `make bench-full`, or use --quick")
    session = Session("weight.py", args.quick)
    sizes = [int(s) for s in (("" if args.quick else "10000") if args.sizes is None else args.sizes).split(",") if s]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as t:
        tmp = Path(t)
        for n in [None, *sizes]:
            project = make_project(tmp, n)
            label = "seed" if n is None else f"{n:,}"
            out = {"label": label, "sites": {}}
            for mode, env in (("slim", {}), ("full", {"PORTAL_SLIM_CSS": "0"})):
                site = tmp / f"site-{label}-{mode}"
                log(f"{label} 事業: portal build ({mode} CSS)")
                portal_build(project, site, env)
                best, every = pages_by_kind(site)
                server, base, served = serve(site)
                try:
                    visits = {}
                    for kind, (url, raw, gz) in best.items():
                        visits[kind] = {"url": url, "raw": raw, "gz": gz, **visit(base, served, url)}
                        log(f"  {mode} {kind} {url}: {kb(visits[kind]['transfer'])}")
                        if mode == "slim" and n is None and not args.quick and LIGHTHOUSE.exists():
                            visits[kind]["lighthouse"] = lighthouse(base, url, tmp / "lh.json")
                finally:
                    server.shutdown()
                out["sites"][mode] = {"visits": visits, "every": every}
            results.append(out)
    session.write("weight", report(session, results))


def report(session: Session, results: list) -> str:
    L = ["## First visit of every kind of page (360×800, empty cache): CSS cut to what the pages use", "",
         session.label(), "",
         "Transfer = every response of the visit, headers + gzip body (DevTools); the page is, of its kind, the one "
         "with the largest gzipped HTML. *before* = the same build with `PORTAL_SLIM_CSS=0` (Material's main and "
         "palette sheets and portal.css in full); *now* = `portal build` (one sheet with only the rules the pages "
         "use, `generator/slimcss.py`). Target: ≤ 14 KB (14,000 bytes) transfer for every page.", "",
         "| 事業 | page | URL | HTML | HTML gzip | requests | transfer before | transfer now | decoded now | ≤ 14 KB |",
         "|---|---|---|---:|---:|---:|---:|---:|---:|:-:|"]
    for r in results:
        slim, full = r["sites"]["slim"]["visits"], r["sites"]["full"]["visits"]
        for kind in sorted(slim, key=lambda k: -slim[k]["transfer"]):
            v, f = slim[kind], full.get(kind, {})
            L.append(f"| {r['label']} | {kind} | `{v['url']}` | {kb(v['raw'])} | {kb(v['gz'])} | {v['requests']} | "
                     f"{kb(f.get('transfer', 0))} | {kb(v['transfer'])} | {kb(v['decoded'])} | "
                     f"{'✓' if v['transfer'] <= T_VISIT else '✗'} |")
    L += ["", "Every page: each page's first visit is its gzipped HTML plus what every page loads (the style sheet, "
          "drawer.js, response headers); that shared part is the lightest (visit − its gzipped HTML) above. Pages that load "
          "more (the search page's script) are in the table above.", "",
          "| 事業 | pages | heaviest page | its HTML gzip | first visit (estimated) | pages over 14 KB |", "|---|---:|---|---:|---:|---:|"]
    for r in results:
        slim = r["sites"]["slim"]
        # what every page loads: the least of (visit − its HTML) — the search page loads its script besides
        shared = min(v["transfer"] - v["gz"] for v in slim["visits"].values())
        worst = max(slim["every"], key=lambda e: e[1])
        over = sum(1 for _, gz in slim["every"] if gz + shared > T_VISIT)
        L.append(f"| {r['label']} | {len(slim['every']):,} | `{worst[0]}` | {kb(worst[1])} | {kb(worst[1] + shared)} | {over} |")
    lh = [(r["label"], k, v) for r in results for k, v in r["sites"]["slim"]["visits"].items() if v.get("lighthouse")]
    if lh:
        L += ["", "Lighthouse 12.2.3 (`bench/lighthouse`, mobile, simulated throttling, Debian Chromium, the same gzip "
              "server): category scores. Performance is sensitive to the machine's load (its *total blocking time* "
              "is the main thread's long tasks, slowed ×4 by the simulation and more by other work on the cores).", "",
              "| 事業 | page | performance | accessibility | best practices | SEO | total blocking time |", "|---|---|---:|---:|---:|---:|---:|"]
        for label, kind, v in lh:
            s = v["lighthouse"]
            L.append(f"| {label} | {kind} | {s['performance']:.2f} | {s['accessibility']:.2f} | {s['best-practices']:.2f} | "
                     f"{s['seo']:.2f} | {s['tbt']:.0f} ms |")
    else:
        L += ["", "Lighthouse: not run (quick run, or `bench/lighthouse` not installed: `make bench-full` installs it)."]
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
