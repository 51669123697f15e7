"""pytest glue: one test per page × check, all fed by one lazy ``Scanner`` (one browser session,
each page loaded once per viewport however many of its tests run).

    .venv/bin/pytest tests/accessibility                              # everything
    .venv/bin/pytest tests/accessibility -k "seisaku/xyz/"            # one page
    .venv/bin/pytest tests/accessibility -k "test_axe and mobile"     # one viewport

The site is $PORTAL_SITE_DIR or site/; reports go to $PORTAL_A11Y_REPORT_DIR or reports/.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from . import report as R
from .allowlist import AllowlistError, load_allowlist
from .browser import VIEWPORTS, Browser, BrowserError
from .pool import scan_pages
from .runner import LOAD_ORDER, PageResult, Scanner
from .site import PageRef, SiteError, SiteServer, check_site_dir, default_site_dir, pages_from_site

SITE_MISSING = PageRef("(no site)", "")
NO_SEARCH_PAGE = PageRef("(no search page)", "")
ALL_LOADS = set(VIEWPORTS)
# which loads each site test needs (test_axe*: its own viewport parameter; the rest: desktop)
LOADS_BY_TEST = {
    "test_reflow_320": {"mobile"},
    "test_axe_drawer_open": {"mobile"},
    "test_pa11y": {"mobile"},
    "test_keyboard_reach": ALL_LOADS,
    "test_focus_order": ALL_LOADS,
    "test_focus_visible": ALL_LOADS,
    "test_no_keyboard_trap": ALL_LOADS,
}
# tests whose verdict needs the HTML validator (run once over every page they cover)
HTML_TESTS = {"test_html_valid", "test_published_results_match_this_run"}
# browsers at once when many pages are needed in full ($PORTAL_A11Y_WORKERS, default one per core)
WORKERS = int(os.environ.get("PORTAL_A11Y_WORKERS") or os.cpu_count() or 1)
PREFETCH_FROM = 4


def _report_dir() -> Path:
    env = os.environ.get("PORTAL_A11Y_REPORT_DIR")
    return Path(env) if env else R.REPORT_DIR


_pages_cache: dict[str, tuple[list[PageRef], str | None]] = {}


def site_pages() -> tuple[list[PageRef], str | None]:
    """The sitemap's pages, or an error message (never raises: collection must not break)."""
    site_dir = default_site_dir()
    key = str(site_dir)
    if key not in _pages_cache:
        try:
            _pages_cache[key] = (pages_from_site(site_dir), None)
        except SiteError as exc:
            _pages_cache[key] = ([], str(exc))
    return _pages_cache[key]


def search_pages(pages: list[PageRef]) -> list[PageRef]:
    """The pages with the search form, from the built files (no browser needed to collect)."""
    site_dir = default_site_dir()
    out = []
    for p in pages:
        f = site_dir / p.path.lstrip("/") / "index.html" if p.path.endswith("/") else site_dir / p.path.lstrip("/")
        try:
            if 'id="portal-search"' in f.read_text(encoding="utf-8", errors="replace"):
                out.append(p)
        except OSError:
            pass
    return out


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "a11y_page" in metafunc.fixturenames:
        pages, _ = site_pages()
        params = pages or [SITE_MISSING]
        if pages and metafunc.function.__name__ in ("test_axe_search_results", "test_axe_search_nothing_found"):
            params = search_pages(pages) or [NO_SEARCH_PAGE]
        ids = ["site-missing" if p is SITE_MISSING else "no-search-page" if p is NO_SEARCH_PAGE else p.id for p in params]
        metafunc.parametrize("a11y_page", params, ids=ids)
    if "a11y_viewport" in metafunc.fixturenames:
        metafunc.parametrize("a11y_viewport", list(VIEWPORTS))


class A11ySession:
    """Lazily starts the browser and the site server; scans pages as tests ask for them."""

    def __init__(self, config: pytest.Config, needs: dict[str, set[str]], html_pages: set[str] | None = None):
        self.config = config
        self.needs = needs
        self.html_pages = html_pages or set()  # pages a test wants the HTML validator's verdict on
        self._browser: Browser | None = None
        self._server: SiteServer | None = None
        self._scanner: Scanner | None = None
        self._error: str | None = None
        self.started = time.time()
        self.scan_seconds = 0.0  # browser start and page scans, not the other tests in between

    # progress lines go to the terminal even while pytest captures output
    def say(self, line: str) -> None:
        capman = self.config.pluginmanager.getplugin("capturemanager")
        reporter = self.config.pluginmanager.getplugin("terminalreporter")
        if capman is None or reporter is None:
            return
        with capman.global_and_fixture_disabled():
            reporter.write_line("  a11y " + line)

    def browser(self) -> Browser:
        if self._browser is None:
            try:
                self._browser = Browser()
            except (BrowserError, OSError) as exc:
                pytest.fail(f"cannot start the browser: {exc}", pytrace=False)
            except Exception as exc:  # noqa: BLE001 - selenium's own errors
                pytest.fail(f"cannot start Chromium/chromedriver: {type(exc).__name__}: {exc}", pytrace=False)
        return self._browser

    def pages(self) -> list[PageRef]:
        pages, err = site_pages()
        if err:
            pytest.fail(f"accessibility tests need the built site: {err}", pytrace=False)
        return pages

    def scanner(self) -> Scanner:
        if self._error:
            pytest.fail(self._error, pytrace=False)
        if self._scanner is None:
            try:
                site_dir = check_site_dir(default_site_dir())
                allowlist = load_allowlist()
            except (SiteError, AllowlistError) as exc:
                self._error = f"accessibility tests cannot run: {exc}"
                pytest.fail(self._error, pytrace=False)
            self._server = SiteServer(site_dir)
            origin = self._server.origin
            total = len(self.needs) or None

            def make_scanner(browser: Browser, **shared) -> Scanner:
                return Scanner(browser, origin, allowlist=allowlist, total=total, **shared)

            # the pages every test of them needs in full: scanned up front by several browsers at once
            # (pool.scan_pages, validator included); any other page is scanned when a test asks for it
            full = [p for p in self.pages() if self.needs.get(p.path) == ALL_LOADS]
            if len(full) >= PREFETCH_FROM and WORKERS > 1:
                try:
                    self._scanner = scan_pages(full, self._new_browser, make_scanner, workers=WORKERS, loads=ALL_LOADS,
                                               progress=self.say)
                except AllowlistError as exc:
                    self._error = f"accessibility tests cannot run: {exc}"
                    pytest.fail(self._error, pytrace=False)
                self._browser = self._scanner.browser
            else:
                self._scanner = make_scanner(self.browser(), progress=self.say)
        return self._scanner

    def _new_browser(self) -> Browser:
        try:
            return Browser()
        except (BrowserError, OSError) as exc:
            pytest.fail(f"cannot start the browser: {exc}", pytrace=False)

    def result(self, page: PageRef, loads: set[str] | None = None) -> PageResult:
        if page is SITE_MISSING:
            _, err = site_pages()
            pytest.fail(f"accessibility tests need the built site: {err}", pytrace=False)
        if page is NO_SEARCH_PAGE:
            pytest.fail("the site has no search page (no page with form#portal-search): the portal's search page "
                        "(search/, theme/) should be built and listed in sitemap.xml, so axe can run with results shown",
                        pytrace=False)
        t0 = time.time()
        scanner = self.scanner()
        wanted = set(loads or ()) | self.needs.get(page.path, set())
        try:
            return scanner.scan(page, wanted or ALL_LOADS)
        except AllowlistError as exc:
            self._error = f"accessibility tests cannot run: {exc}"
            pytest.fail(self._error, pytrace=False)
        finally:
            self.scan_seconds += time.time() - t0

    def validated(self, page: PageRef, loads: set[str] | None = None) -> PageResult:
        """The page's result including the HTML validator's verdict. The validator runs once for
        every page that a test wants it for: those pages are all scanned first."""
        result = self.result(page, loads)
        scanner = self.scanner()
        if not scanner.html_validated(page.path):
            for p in self.pages():
                if p.path in self.html_pages and p.path != page.path:
                    self.result(p)  # (timed by result)
            t0 = time.time()
            scanner.validate_html()
            self.scan_seconds += time.time() - t0
        return result

    def close(self) -> None:
        try:
            if self._scanner is not None and self._scanner.results:
                pages, _ = site_pages()
                sc = self._scanner
                complete = bool(pages) and all(
                    p.path in sc.results and set(sc.results[p.path].loads) == ALL_LOADS for p in pages
                )
                if complete:  # a report of every page also has every page's HTML verdict
                    t0 = time.time()
                    sc.validate_html()
                    self.scan_seconds += time.time() - t0
                finished = time.time()
                rep = R.build_report(
                    sc, site=str(default_site_dir()), started=self.started, finished=finished, complete=complete,
                    duration=self.scan_seconds,
                )
                out = _report_dir()
                paths = [R.write_json(rep, out / "accessibility.json"), R.write_markdown(rep, out / "accessibility.md")]
                self.config.stash[_SUMMARY] = (rep, paths)
        finally:
            if self._browser is not None:
                self._browser.close()
            if self._server is not None:
                self._server.close()


_SUMMARY = pytest.StashKey[tuple]()


@pytest.fixture(scope="session")
def a11y(request: pytest.FixtureRequest):
    needs: dict[str, set[str]] = {}
    html_pages: set[str] = set()
    for item in request.session.items:
        name = getattr(item, "originalname", item.name)
        cs = getattr(item, "callspec", None)
        if name == "test_published_results_match_this_run":  # every page, every load
            pages, _ = site_pages()
            for p in pages:
                needs.setdefault(p.path, set()).update(ALL_LOADS)
                html_pages.add(p.path)
        if cs is None or "a11y_page" not in cs.params:
            continue
        page = cs.params["a11y_page"]
        loads = {cs.params["a11y_viewport"]} if "a11y_viewport" in cs.params else LOADS_BY_TEST.get(name, {LOAD_ORDER[0]})
        needs.setdefault(page.path, set()).update(loads)
        if name in HTML_TESTS:
            html_pages.add(page.path)
    session = A11ySession(request.config, needs, html_pages)
    yield session
    session.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _SUMMARY not in config.stash:
        return
    rep, paths = config.stash[_SUMMARY]
    s = rep["summary"]
    terminalreporter.write_sep("-", "accessibility")
    terminalreporter.write_line(
        f"{s['pages']} pages scanned: {s['passed']} passed, {s['failed']} failed; {s['failures']} failures, "
        f"{s['allowed']} allowed, {s['incomplete']} to review; {rep['duration_seconds']:.1f} s, "
        f"{rep['pages_per_second']:.2f} pages/s (axe-core {rep['axe_core_version']}, {rep['browser']})"
    )
    for p in paths:
        terminalreporter.write_line(f"report: {p}")
    sys.stdout.flush()
