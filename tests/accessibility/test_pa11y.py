"""The second engine on the built site: every page of its sitemap.xml and its 404.html passes pa11y's
HTML_CodeSniffer at WCAG2AA, 360 px, one test per page (``test_pa11y[jigyo/xyz/]``).

pa11y runs inside the runner's phone load of the page (``pa11y_page.py``: pa11y's own scripts and options from
pa11y-ci.json, in the browser that already has the page), so the page is loaded once for both engines.
``test_pa11y_equivalence.py`` shows that this gives the issues the ``pa11y-ci`` command gives."""

from __future__ import annotations

import pytest

from .conftest import SITE_MISSING, site_pages
from .runner import format_failures


def test_pa11y(a11y, a11y_page):
    """pa11y (HTML_CodeSniffer, WCAG2AA, 360 px) finds no error on the page (a second engine beside axe-core, issue #14)."""
    if a11y_page is SITE_MISSING:
        _, err = site_pages()
        pytest.fail(f"accessibility tests need the built site: {err}", pytrace=False)
    result = a11y.result(a11y_page, {"mobile"})
    if result.pa11y is None:
        pytest.fail(f"{result.path}: pa11y did not run on the page:\n  " + "\n  ".join(result.errors or ["(no reason)"]),
                    pytrace=False)
    failures = result.failures_for(rule_source="pa11y")
    if failures:
        pytest.fail(f"{result.path}: {len(failures)} pa11y error(s) (HTML_CodeSniffer, WCAG2AA, 360 px):\n"
                    + format_failures(failures, max_nodes=10), pytrace=False)
