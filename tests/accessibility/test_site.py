"""The built site (site/ or $PORTAL_SITE_DIR): every page of its sitemap.xml, every check.

Test ids are ``test_axe[seisaku/xyz/-mobile]``, ``test_skip_link[index]`` … so ``-k`` picks a page,
a viewport or a check. If the site is not built, every test here fails and says so.
"""

from __future__ import annotations

import pytest

from .browser import VIEWPORTS
from .runner import format_failures


def _fail_on_errors(result) -> None:
    if result.errors:
        pytest.fail(f"{result.path}: the page could not be tested:\n  " + "\n  ".join(result.errors), pytrace=False)


def test_axe(a11y, a11y_page, a11y_viewport):
    """axe-core 4.x (WCAG 2.0/2.1 A+AA, 2.2 AA, best practices) in every colour scheme: no violations."""
    result = a11y.result(a11y_page, {a11y_viewport})
    if not [r for r in result.runs if r.viewport == a11y_viewport]:
        _fail_on_errors(result)
    failures = result.failures_for(rule_source="axe", viewport=a11y_viewport)
    if failures:
        vp = VIEWPORTS[a11y_viewport].describe()
        rules = sorted({f.rule for f in failures})
        pytest.fail(
            f"{result.path} at {vp}: {len(failures)} axe violation(s) ({', '.join(rules)}):\n" + format_failures(failures),
            pytrace=False,
        )


def _check(a11y, page, check_id: str, loads: set[str] | None = None) -> None:
    result = a11y.result(page, loads)
    if check_id not in result.checks:
        _fail_on_errors(result)
        pytest.fail(f"{result.path}: check {check_id} was not made", pytrace=False)
    failures = result.failures_for(rule=check_id)
    if failures:
        pytest.fail(format_failures(failures, max_nodes=10), pytrace=False)


def test_reflow_320(a11y, a11y_page):
    """No horizontal scrolling at 320 CSS px (WCAG 1.4.10)."""
    _check(a11y, a11y_page, "reflow-320", {"mobile"})


def test_text_zoom_200(a11y, a11y_page):
    """200 % zoom and 200 % text size at 1280 px still fit without horizontal scrolling (WCAG 1.4.4)."""
    _check(a11y, a11y_page, "text-zoom-200", {"desktop"})


def test_skip_link(a11y, a11y_page):
    """The first Tab stop is the skip link and it moves focus to the main content (WCAG 2.4.1)."""
    _check(a11y, a11y_page, "skip-link")


def test_html_lang_ja(a11y, a11y_page):
    """<html lang="ja"> (WCAG 3.1.1)."""
    _check(a11y, a11y_page, "html-lang-ja")


def test_heading_structure(a11y, a11y_page):
    """Exactly one h1, and no skipped heading level in the main content."""
    _check(a11y, a11y_page, "heading-structure")


def test_img_alt_present(a11y, a11y_page):
    """Every <img> has an alt attribute; every role=img element has a name (WCAG 1.1.1)."""
    _check(a11y, a11y_page, "img-alt-present")


def test_local_requests_only(a11y, a11y_page):
    """No request leaves 127.0.0.1: no web fonts, scripts or trackers from other hosts."""
    _check(a11y, a11y_page, "local-requests-only")
