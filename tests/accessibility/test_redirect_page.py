"""The page at a former URL (generator.redirects) passes the accessibility suite as a reader sees it whose
browser does not follow the refresh (some turn automatic refresh off): every check of the runner, axe
(including its ``meta-refresh`` rule, WCAG 2.2.1) and the HTML validator, at 360 px and 1280 px.

To keep the page on screen, the test server answers the new page's URL with 204 No Content: a
browser stays on a page whose navigation gets 204. That the refresh does lead to the new page is
tests/site/test_redirects.py."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.build import generate
from tests.project import copy_project

from .allowlist import Allowlist, Entry
from .runner import Scanner, format_failures
from .site import PageRef, _QuietHandler

DIFF = Path(__file__).resolve().parents[1] / "unit" / "fixtures" / "diff"
OLD, NEW = "/jigyo/jumin-tohyo/", "/jigyo/jumin-tohyo-seido/"

# A skip link bypasses blocks repeated on several pages (WCAG 2.4.1); this page has none: its only link,
# to the new page, is the first Tab stop. Every other check must pass.
ALLOW = Allowlist([Entry(page=OLD, rule="skip-link", reason="no repeated blocks to bypass: a heading, two sentences and one link")],
                  source="tests/accessibility/test_redirect_page.py")


class _NoContentForTheNewPage(_QuietHandler):
    def do_GET(self) -> None:
        if self.path == NEW:
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("redirect") / "p")
    (project.root / "policies.yaml").write_text((DIFF / "new.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert generate(project, quiet=True) == 0
    assert (project.out_dir / OLD.strip("/") / "index.html").is_file()
    return project.out_dir


def test_the_page_at_a_former_url_passes_the_accessibility_suite(a11y, docs):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_NoContentForTheNewPage, directory=str(docs)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        scanner = Scanner(a11y.browser(), origin, allowlist=ALLOW, progress=None)
        result = scanner.scan_all([PageRef(OLD, OLD)])[0]
        assert a11y.browser().driver.current_url == origin + OLD  # the refresh got 204: still on the page
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.title == "ページの場所が変わりました（住民投票制度運営事業） - テストポータル"
    assert not result.errors, result.errors
    assert result.passed, format_failures(result.failures)
    assert set(result.loads) == {"mobile", "desktop"}
    assert [f.rule for f in result.allowed] and {f.rule for f in result.allowed} == {"skip-link"}
    assert all("meta-refresh" in run.passes for run in result.runs)  # axe checked the refresh: a delay of 0 passes
    assert result.checks["html-valid"].passed and result.checks["reflow-320"].passed
