"""Stand-alone accessibility runner (like pa11y-ci) for any built site.

    .venv/bin/python -m tests.accessibility.run                       # site/ (or $PORTAL_SITE_DIR), everything
    .venv/bin/python -m tests.accessibility.run --site site --page /seisaku/xyz/ --viewport mobile
    .venv/bin/python -m tests.accessibility.run --site other/site --report md --threshold serious
    .venv/bin/python -m tests.accessibility.run --sitemap http://127.0.0.1:8000/portal/sitemap.xml
    .venv/bin/python -m tests.accessibility.run --publish             # also write accessibility/results.json
    .venv/bin/python -m tests.accessibility.run --changed-only        # only pages changed since results.json (+ one per kind)

Exit status: 0 no failures, 1 failures, 2 the run could not be made (no site, no browser, bad allowlist).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.parse
from pathlib import Path

from . import report as R
from .allowlist import DEFAULT_ALLOWLIST, AllowlistError, load_allowlist
from .browser import VIEWPORTS, Browser, BrowserError
from . import incremental as I
from .pool import scan_pages
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
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="browsers run at once (default: one per CPU core)")
    ap.add_argument("--no-template-proofs", action="store_true",
                    help="run the navigation drawer state on every page, not once per drawer+CSS (runner.TemplateProofs)")
    ap.add_argument("--reload-per-viewport", action="store_true",
                    help="load every page again for the second viewport (by default a page that only CSS adapts to the width is "
                         "checked at both in one load: runner.Scanner._switchable)")
    ap.add_argument("--draw-every-page", action="store_true",
                    help="check every page in a shown window (by default a page that nothing of it can tell apart is checked "
                         "in a minimised one, where Chromium draws no frames: runner.HIDDEN_OK_JS)")
    ap.add_argument("--changed-only", action="store_true",
                    help="check the pages whose HTML differs from the last recorded full run (--baseline) and one page "
                         "of each kind; the others keep their recorded verdict (every page if the CSS/JS or the suite changed)")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="the recorded full run for --changed-only (default: accessibility/results.json)")
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
        plan = None
        if args.changed_only:
            if args.sitemap or args.page or args.publish:
                raise SiteError("--changed-only works on a built site (--site) as a whole: no --sitemap, --page or --publish")
            plan = I.plan(pages, site_dir, I.load_baseline(args.baseline or args.results))
            complete = complete and plan.full
            pages = plan.check
        if args.publish and not complete:
            raise R.PublishError("--publish needs a complete run: no --page, --viewport, --scheme, --threshold or --allow")
        if args.workers < 1:
            raise SiteError("--workers must be 1 or more")
        if not args.sitemap:
            server = SiteServer(site_dir)
            origin = server.origin
        host = urllib.parse.urlsplit(origin).hostname or "127.0.0.1"
    except (SiteError, BrowserError, AllowlistError, R.PublishError, OSError) as exc:
        print(f"accessibility: {exc}", file=sys.stderr)
        return 2

    def make_scanner(browser: Browser, **shared) -> Scanner:
        return Scanner(
            browser, origin, viewports=viewports, schemes=args.scheme or None, allowlist=allowlist,
            threshold=args.threshold, total=len(pages), template_proofs=not args.no_template_proofs,
            single_load=not args.reload_per_viewport, hidden_ok=not args.draw_every_page, **shared,
        )

    started = time.time()
    scanner = None
    try:
        if plan is not None:
            say(f"accessibility: {plan.reason}")
        workers = max(1, min(args.workers, len(pages)))
        say(f"accessibility: {len(pages)} of {len(all_pages)} page(s) from {site_label}, viewports {', '.join(viewports)}, "
            f"{workers} browser(s)")
        try:
            scanner = scan_pages(
                pages, lambda: Browser(allowed_hosts={"127.0.0.1", host}), make_scanner,
                workers=workers, progress=say if not args.quiet else None,
            )
        except AllowlistError as exc:
            print(f"accessibility: {exc}", file=sys.stderr)
            return 2
        except (BrowserError, OSError) as exc:
            print(f"accessibility: {exc}", file=sys.stderr)
            return 2
        results = list(scanner.results.values())
    finally:
        if scanner is not None:
            scanner.browser.close()
        if server:
            server.close()
    finished = time.time()

    rep = R.build_report(scanner, site=site_label, started=started, finished=finished, complete=complete)
    rep["workers"] = workers
    rep["template_proofs"] = not args.no_template_proofs
    if not args.sitemap:
        rep["assets_hash"] = I.assets_hash(site_dir)
        rep["page_hashes"] = plan.hashes if plan is not None else I.page_hashes(site_dir, all_pages)
    rep["suite_hash"] = I.suite_hash()
    if plan is not None:
        rep["changed_only"] = {
            "full": plan.full, "reason": plan.reason, "changed": plan.changed,
            "representatives": plan.representatives, "carried": plan.carried,
        }
    written = []
    if "json" in reports:
        written.append(R.write_json(rep, args.report_dir / "accessibility.json"))
    if "md" in reports:
        written.append(R.write_markdown(rep, args.report_dir / "accessibility.md"))

    failed = [r for r in results if not r.passed]
    carried_failing = sorted(p for p, v in (plan.carried if plan else {}).items() if v["result"] != "pass")
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
    if plan is not None and not plan.full:
        print(f"accessibility: {len(plan.carried)} unchanged page(s) keep the verdict of the recorded full run"
              + (f"; {len(carried_failing)} of them failed then: {', '.join(carried_failing[:10])}" if carried_failing else
                 " (all passed)"))
    for path in written:
        print(f"accessibility: wrote {path}")
    if args.publish:
        try:
            path = R.write_results(R.build_results(rep), args.results)
        except R.PublishError as exc:
            print(f"accessibility: not published: {exc}", file=sys.stderr)
            return 2
        print(f"accessibility: published {path} (the 対応度 follows from it and accessibility/manual-checks.yaml when the site is built)")
    return 1 if failed or carried_failing else 0


if __name__ == "__main__":
    sys.exit(main())
