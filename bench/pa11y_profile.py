"""Where the second engine's CPU goes (pa11y, HTML_CodeSniffer): process-tree CPU seconds per way of running it.

    .venv/bin/python bench/pa11y_profile.py --site /path/to/site [--pages 40] [--modes ci,reuse,...]

Serves the site and runs each mode over the same pages (every k-th page of the sitemap) in a process of its
own, charging it the CPU time (user + system, /proc, polled) of its whole process tree (Node, every Chromium
process; or Python, chromedriver and Chromium); ``start`` (browser launched and closed) is subtracted for the
figure per page. The Node modes are in bench/pa11y_profile.js; the Selenium ones load each page as the runner
does (hidden window, phone emulation):

* ``sel-load``: load each page (360×800, mobile), nothing else;
* ``sel-htmlcs``: the same, then pa11y's own client script and HTMLCS run in the loaded page
  (``pa11y_page.run_in_page``).

A tool for finding what to cut, not a benchmark: its figures go into no document.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from a11y_scale import load, timed  # noqa: E402

NODE_MODES = ("start", "ci", "ci-shared", "reuse", "newtab", "load", "load-dom", "inject")
SEL_MODES = ("sel-start", "sel-load", "sel-htmlcs")


def selenium_mode(mode: str, urls: list[str]) -> None:
    from tests.accessibility import pa11y_page as PP
    from tests.accessibility.browser import VIEWPORTS, Browser

    issues = 0
    with Browser() as b:
        if mode == "sel-start":
            return
        b.set_hidden(True)
        for url in urls:
            b.load(url, VIEWPORTS["mobile"])
            if mode == "sel-htmlcs":
                issues += len(PP.run_in_page(b.driver))
    print(json.dumps({"mode": mode, "pages": len(urls), "issues": issues}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path)
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--modes", default="start,ci,ci-shared,reuse,newtab,load,inject,sel-start,sel-load,sel-htmlcs")
    ap.add_argument("--selenium-mode", help=argparse.SUPPRESS)
    ap.add_argument("urls", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.selenium_mode:
        selenium_mode(args.selenium_mode, args.urls)
        return
    from tests.accessibility.pa11y import CONFIG
    from tests.accessibility.site import SiteServer, pages_from_site

    paths = [p.path for p in pages_from_site(args.site)]
    step = max(1, len(paths) // args.pages)
    paths = paths[::step][: args.pages]
    rows = {}
    with SiteServer(args.site) as server:
        urls = [server.origin + p for p in paths]
        print(f"{len(urls)} pages of {len(pages_from_site(args.site))}; load before {load()}", flush=True)
        for mode in args.modes.split(","):
            if mode in NODE_MODES:
                cmd = ["node", str(HERE / "pa11y_profile.js"), mode, str(CONFIG), *([] if mode == "start" else urls)]
            elif mode in SEL_MODES:
                cmd = [sys.executable, str(Path(__file__)), "--selenium-mode", mode, *([] if mode == "sel-start" else urls)]
            else:
                raise SystemExit(f"unknown mode {mode}")
            t = time.monotonic()
            r = timed(cmd, ROOT)
            rows[mode] = r
            print(f"{mode:11} wall {r['wall']:6.1f} s  CPU {r['cpu']:6.1f} s  rc {r['rc']}  "
                  f"{r['out'].strip().splitlines()[-1][:150] if r['out'].strip() else ''}  (load {load()})", flush=True)
    n = len(paths)
    print(f"\nper page (start subtracted), {n} pages; load after {load()}")
    for mode, r in rows.items():
        base = rows.get("sel-start" if mode.startswith("sel-") else "start")
        if base is None or mode in ("start", "sel-start"):
            continue
        print(f"{mode:11} CPU/page {(r['cpu'] - base['cpu']) / n:6.3f} s   wall/page {(r['wall'] - base['wall']) / n:6.3f} s")


if __name__ == "__main__":
    main()
