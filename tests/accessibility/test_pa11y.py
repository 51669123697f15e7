"""The second engine on the built site: every page of its sitemap.xml and its 404.html passes pa11y-ci
(HTML_CodeSniffer, WCAG2AA, 360 px), one test per page (``test_pa11y[jigyo/xyz/]``), all pages of the
selection checked by one pa11y-ci process. See pa11y.py; the report goes to reports/pa11y.json."""

from __future__ import annotations

import json

import pytest

from . import pa11y as P
from .conftest import SITE_MISSING, _report_dir, site_pages
from .site import SiteError, SiteServer, check_site_dir, default_site_dir


@pytest.fixture(scope="module")
def pa11y_run(request):
    selected = [
        item.callspec.params["a11y_page"] for item in request.session.items
        if getattr(item, "originalname", "") == "test_pa11y" and hasattr(item, "callspec")
    ]
    pages = [p for p in selected if p is not SITE_MISSING]
    if not pages:
        return None
    try:
        site = check_site_dir(default_site_dir())
        with SiteServer(site) as server:
            result = P.run(server.origin, [p.path for p in pages])
    except (SiteError, P.Pa11yError) as exc:
        return str(exc)
    out = _report_dir() / "pa11y.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"versions": P.versions(), **result.raw}, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def test_pa11y(pa11y_run, a11y_page):
    """pa11y-ci finds no error on the page (a second engine beside axe-core, issue #14)."""
    if a11y_page is SITE_MISSING:
        _, err = site_pages()
        pytest.fail(f"accessibility tests need the built site: {err}", pytrace=False)
    if isinstance(pa11y_run, str):
        pytest.fail(f"pa11y cannot run: {pa11y_run}", pytrace=False)
    if not pa11y_run.passed(a11y_page.path):
        pytest.fail(pa11y_run.describe(a11y_page.path), pytrace=False)
