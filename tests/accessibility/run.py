"""Stand-alone accessibility runner (like pa11y-ci) for any built site.

    .venv/bin/python -m tests.accessibility.run                       # site/ (or $PORTAL_SITE_DIR), everything
    .venv/bin/python -m tests.accessibility.run --site site --page /seisaku/xyz/ --viewport mobile
    .venv/bin/python -m tests.accessibility.run --site other/site --report md --threshold serious
    .venv/bin/python -m tests.accessibility.run --sitemap http://127.0.0.1:8000/portal/sitemap.xml
    .venv/bin/python -m tests.accessibility.run --publish             # also write accessibility/results.json

Exit status: 0 no failures, 1 failures, 2 the run could not be made (no site, no browser, bad allowlist).
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.parse
from pathlib import Path

from . import report as R
from .allowlist import DEFAULT_ALLOWLIST, AllowlistError, load_allowlist
from .browser import VIEWPORTS, Browser, BrowserError
from .runner import IMPACTS, Scanner, format_failures
from .site import SiteError, SiteServer, default_site_dir, pages_from_site, pages_from_sitemap_arg, select_pages


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m tests.accessibility.run",
        description="Test a built static site with axe-core and the portal's own accessibility checks.",
    )
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--site", type=Path, help="built site directory with sitemap.xml (default: $PORTAL_SITE_DIR or site/)")
    src.add_argument("--sitemap", help="instead of --site: URL of a sitemap.xml on a running server, or a file with a sitemap or one URL a line")
    ap.add_argument("--page", action="append", default=[], metavar="PATH",
                    help="only this page (URL path such as /seisaku/xyz/, or a glob /seisaku/*); repeatable")
    ap.add_argument("--viewport", action="append", choices=[*VIEWPORTS, "all"], default=[],
                    help="mobile (360×800) and/or desktop (1280×800); default all")
    ap.add_argument("--scheme", action="append", default=[], metavar="NAME",
                    help="only this colour scheme (e.g. default, slate); default every scheme the page offers")
    ap.add_argument("--threshold", choices=IMPACTS, default="minor",
                    help="lowest impact that fails the run (default minor: every violation fails)")
    ap.add_argument("--allow", default=str(DEFAULT_ALLOWLIST), metavar="FILE",
                    help="allowlist YAML (default tests/accessibility/allowlist.yaml; 'none' for no exceptions)")
    ap.add_argument("--report", action="append", choices=["json", "md", "none"], default=[],
                    help="report formats to write (default json and md)")
    ap.add_argument("--report-dir", type=Path, default=R.REPORT_DIR, help="where reports go (default reports/)")
    ap.add_argument("--publish", action="store_true",
                    help="write the summary for the 試験結果 page (needs a complete run of the site)")
    ap.add_argument("--results", type=Path, default=R.RESULTS_PATH, help="where --publish writes (default accessibility/results.json)")
    ap.add_argument("--claim", choices=R.CLAIMS,
                    help="対応度 to publish (default: the one already in the results file, else 配慮)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else (lambda msg: print(msg, flush=True))
    viewports = list(VIEWPORTS) if not args.viewport or "all" in args.viewport else list(dict.fromkeys(args.viewport))
    reports = {"json", "md"} if not args.report else set(args.report) - {"none"}
    try:
        allowlist = load_allowlist(None if args.allow == "none" else args.allow)
        server = None
        if args.sitemap:
            pages, origin = pages_from_sitemap_arg(args.sitemap)
            if args.sitemap.startswith(("http://", "https://")):
                origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(args.sitemap))
            site_label = args.sitemap
        else:
            site_dir = (args.site or default_site_dir()).resolve()
            pages = pages_from_site(site_dir)
            site_label = str(site_dir)
        all_pages = pages
        pages = select_pages(pages, args.page)
        if not pages:
            raise SiteError(f"no page matches {args.page}")
        complete = (
            not args.page and viewports == list(VIEWPORTS) and not args.scheme and args.threshold == "minor"
            and Path(args.allow).resolve() == DEFAULT_ALLOWLIST.resolve()
        )
        if args.publish and not complete:
            raise R.PublishError("--publish needs a complete run: no --page, --viewport, --scheme, --threshold or --allow")
        if not args.sitemap:
            server = SiteServer(site_dir)
            origin = server.origin
        host = urllib.parse.urlsplit(origin).hostname or "127.0.0.1"
        browser = Browser(allowed_hosts={"127.0.0.1", host})
    except (SiteError, BrowserError, AllowlistError, R.PublishError, OSError) as exc:
        print(f"accessibility: {exc}", file=sys.stderr)
        return 2

    started = time.time()
    try:
        scanner = Scanner(
            browser, origin, viewports=viewports, schemes=args.scheme or None, allowlist=allowlist,
            threshold=args.threshold, progress=say, total=len(pages),
        )
        say(f"accessibility: {len(pages)} of {len(all_pages)} page(s) from {site_label}, viewports {', '.join(viewports)}")
        try:
            results = scanner.scan_all(pages)
        except AllowlistError as exc:
            print(f"accessibility: {exc}", file=sys.stderr)
            return 2
    finally:
        browser.close()
        if server:
            server.close()
    finished = time.time()

    rep = R.build_report(scanner, site=site_label, started=started, finished=finished, complete=complete)
    written = []
    if "json" in reports:
        written.append(R.write_json(rep, args.report_dir / "accessibility.json"))
    if "md" in reports:
        written.append(R.write_markdown(rep, args.report_dir / "accessibility.md"))

    failed = [r for r in results if not r.passed]
    for r in failed:
        print(f"\nFAIL {r.path}", file=sys.stderr)
        for e in r.errors:
            print(f"  ERROR {e}", file=sys.stderr)
        if r.failures:
            print(format_failures(r.failures), file=sys.stderr)
    s = rep["summary"]
    print(
        f"\naccessibility: {s['pages']} pages, {s['passed']} passed, {s['failed']} failed; "
        f"{s['failures']} failures, {s['allowed']} allowed, {s['incomplete']} to review; "
        f"{rep['duration_seconds']:.1f} s, {rep['pages_per_second']:.2f} pages/s"
        f" (axe-core {rep['axe_core_version']}, {rep['browser']})"
    )
    for path in written:
        print(f"accessibility: wrote {path}")
    if args.publish:
        claim = args.claim or R.existing_claim(args.results) or "配慮"
        try:
            path = R.write_results(R.build_results(rep, claim=claim), args.results)
        except R.PublishError as exc:
            print(f"accessibility: not published: {exc}", file=sys.stderr)
            return 2
        print(f"accessibility: published {path} (対応度: {claim})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
