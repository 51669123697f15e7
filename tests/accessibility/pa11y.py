"""The pa11y-ci command with its default runner, HTML_CodeSniffer, at WCAG2AA (issue #14): what an auditor runs.

The gate itself gets pa11y's verdict inside the runner's own page loads (``pa11y_page.py``: pa11y's scripts and
options, from the same ``pa11y-ci.json``, in the page already loaded); ``test_pa11y_equivalence.py`` shows that
this command and the gate give the same issues. This module runs the command itself:

pa11y-ci is pinned in package.json / package-lock.json (``npm ci`` with ``PUPPETEER_SKIP_DOWNLOAD=1``:
puppeteer cannot download a browser here) and drives Debian's Chromium. Its settings are in
``pa11y-ci.json`` beside this file (WCAG2AA, a 360×800 phone, concurrency 1 on 2 cores), so
anyone can run the same check by hand::

    npx pa11y-ci --config tests/accessibility/pa11y-ci.json http://127.0.0.1:8000/ …

One pa11y-ci process checks every page of a run (one browser start; pa11y-ci opens a new incognito
context and tab per URL). Errors fail a page; pa11y's warnings and notices are not requested (the config
leaves them out, as pa11y-ci does by default). Its JSON report is written to a file (through a pipe,
pa11y-ci's ``process.exit()`` cut it off at 64 kB).

    make a11y-pa11y-ci                                                   # every page of site/
    .venv/bin/python -m tests.accessibility.pa11y --site site          # every page
    .venv/bin/python -m tests.accessibility.pa11y --site site --page /jigyo/*

Exit status: 0 every page passes, 1 a page fails, 2 pa11y could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .browser import CHROMIUM
from .site import REPO_ROOT, SiteError, SiteServer, default_site_dir, pages_from_site, select_pages

PA11Y_CI = REPO_ROOT / "node_modules" / ".bin" / "pa11y-ci"
CONFIG = Path(__file__).with_name("pa11y-ci.json")
TIMEOUT_PER_PAGE = 60  # seconds, on top of the browser's start


class Pa11yError(Exception):
    """pa11y-ci cannot run (not installed, no browser, a crash): every page it should check fails."""


@dataclass(frozen=True)
class Issue:
    code: str  # e.g. WCAG2AA.Principle1.Guideline1_3.1_3_1.F68
    message: str
    selector: str = ""
    context: str = ""  # the element's markup

    def describe(self) -> str:
        lines = [f"[{self.code}] {self.message}"]
        if self.selector:
            lines.append(f"    - {self.selector}")
        if self.context:
            lines.append(f"      {' '.join(self.context.split())[:300]}")
        return "\n".join(lines)


@dataclass
class Pa11yRun:
    issues: dict[str, list[Issue]] = field(default_factory=dict)  # page path -> errors
    errors: dict[str, str] = field(default_factory=dict)  # page path -> why pa11y could not test it
    seconds: float = 0.0
    raw: dict = field(default_factory=dict)

    def passed(self, path: str) -> bool:
        return not self.issues.get(path) and path not in self.errors

    def failed(self) -> list[str]:
        return [p for p in {**self.issues, **self.errors} if not self.passed(p)]

    def describe(self, path: str) -> str:
        if path in self.errors:
            return f"{path}: pa11y could not test the page: {self.errors[path]}"
        issues = self.issues.get(path, [])
        return f"{path}: {len(issues)} pa11y error(s) (HTML_CodeSniffer, WCAG2AA)\n" + "\n".join(
            "  " + i.describe().replace("\n", "\n  ") for i in issues
        )


def versions() -> dict[str, str]:
    """pa11y-ci, pa11y and HTML_CodeSniffer as installed (package.json of each)."""
    out = {}
    for name in ("pa11y-ci", "pa11y", "@pa11y/html_codesniffer"):
        for base in (REPO_ROOT / "node_modules", REPO_ROOT / "node_modules" / "pa11y" / "node_modules"):
            pkg = base / name / "package.json"
            if pkg.is_file():
                out[name] = json.loads(pkg.read_text(encoding="utf-8")).get("version", "?")
                break
    return out


def run(origin: str, paths: list[str], *, config: Path = CONFIG) -> Pa11yRun:
    """Check ``paths`` (URL paths on ``origin``) in one pa11y-ci process."""
    if not PA11Y_CI.exists():
        raise Pa11yError(
            f"pa11y-ci not found at {PA11Y_CI}: run `make setup-test` (or `PUPPETEER_SKIP_DOWNLOAD=1 npm ci`); "
            "it is pinned in package.json / package-lock.json"
        )
    if not Path(CHROMIUM).exists():
        raise Pa11yError(f"{CHROMIUM} not found: install Debian's chromium")
    settings = json.loads(Path(config).read_text(encoding="utf-8"))
    settings.setdefault("defaults", {}).setdefault("chromeLaunchConfig", {})["executablePath"] = str(CHROMIUM)
    urls = {origin.rstrip("/") + p: p for p in paths}
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="pa11y-") as tmp:
        # the JSON report goes to a file: written to a pipe, pa11y-ci's process.exit() cut it off at 64 kB
        # (a few pages with warnings and notices included; test_pa11y_equivalence.py)
        out_file = Path(tmp) / "report.json"
        settings["defaults"]["reporters"] = [["json", {"fileName": str(out_file)}]]
        cfg = Path(tmp) / "pa11y-ci.json"
        cfg.write_text(json.dumps(settings), encoding="utf-8")
        env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "HOME": os.environ.get("HOME", tmp)}
        try:
            proc = subprocess.run(
                [str(PA11Y_CI), "--config", str(cfg), *urls],
                cwd=tmp, capture_output=True, text=True, env=env, timeout=60 + TIMEOUT_PER_PAGE * len(urls),
            )
        except subprocess.TimeoutExpired as exc:
            raise Pa11yError(f"pa11y-ci did not finish within {exc.timeout} s") from exc
        try:
            report = json.loads(out_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            report = None
    if proc.returncode not in (0, 2) or report is None:
        why = (proc.stderr.strip() or proc.stdout.strip() or "no output")[-2000:]
        raise Pa11yError(f"pa11y-ci failed (exit status {proc.returncode}): {why}")
    out = Pa11yRun(seconds=time.time() - started, raw=report)
    for url, items in report.get("results", {}).items():
        path = urls.get(url, url)
        issues = []
        for item in items:
            if "code" not in item:  # pa11y-ci reports a page it could not load as [{"message": …}]
                out.errors[path] = item.get("message", "unknown error")
                continue
            if item.get("type", "error") == "error":
                issues.append(Issue(item["code"], item.get("message", ""), item.get("selector", ""), item.get("context") or ""))
        out.issues[path] = issues
    for path in paths:
        if path not in out.issues and path not in out.errors:
            out.errors[path] = "not in pa11y-ci's report"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.accessibility.pa11y",
                                 description="Check a built site with pa11y-ci (HTML_CodeSniffer, WCAG2AA).")
    ap.add_argument("--site", type=Path, help="built site directory with sitemap.xml (default: $PORTAL_SITE_DIR or site/)")
    ap.add_argument("--page", action="append", default=[], metavar="PATH", help="only this page (path or glob); repeatable")
    ap.add_argument("--report", type=Path, help="write pa11y-ci's JSON report here")
    args = ap.parse_args(argv)
    try:
        site_dir = (args.site or default_site_dir()).resolve()
        pages = select_pages(pages_from_site(site_dir), args.page)
        if not pages:
            raise SiteError(f"no page matches {args.page}")
        with SiteServer(site_dir) as server:
            print(f"pa11y: {len(pages)} page(s) of {site_dir} (pa11y-ci {versions().get('pa11y-ci', '?')}, WCAG2AA, 360 px)", flush=True)
            result = run(server.origin, [p.path for p in pages])
    except (SiteError, Pa11yError, OSError) as exc:
        print(f"pa11y: {exc}", file=sys.stderr)
        return 2
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps({"versions": versions(), **result.raw}, ensure_ascii=False, indent=1), encoding="utf-8")
    failed = result.failed()
    for path in failed:
        print("\nFAIL " + result.describe(path), file=sys.stderr)
    print(f"\npa11y: {len(pages)} pages, {len(pages) - len(failed)} passed, {len(failed)} failed; {result.seconds:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
