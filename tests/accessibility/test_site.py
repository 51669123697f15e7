"""The built site (site/ or $PORTAL_SITE_DIR): every page of its sitemap.xml, every check.

Test ids are ``test_axe[seisaku/xyz/-mobile]``, ``test_skip_link[index]`` … so ``-k`` picks a page,
a viewport or a check. If the site is not built, every test here fails and says so.

axe runs in four states, each its own test: the page as loaded (``test_axe``), the navigation
drawer opened at 360 px (``test_axe_drawer_open``) and, on the search page, results shown for a
query (``test_axe_search_results``) and the message for a word no page has (``test_axe_search_nothing_found``).
"""

from __future__ import annotations

import pytest

from . import keyboard as K
from .browser import VIEWPORTS
from .runner import STATES, format_failures


def _fail_on_errors(result) -> None:
    if result.errors:
        pytest.fail(f"{result.path}: the page could not be tested:\n  " + "\n  ".join(result.errors), pytrace=False)


def test_axe(a11y, a11y_page, a11y_viewport):
    """axe-core 4.x (WCAG 2.0/2.1 A+AA, 2.2 AA, best practices) in every colour scheme: no violations."""
    _axe_in_state(a11y, a11y_page, a11y_viewport, "page")


def _axe_in_state(a11y, page, viewport: str, state: str) -> None:
    result = a11y.result(page, {viewport})
    prover = result.proven_by.get(f"{viewport}/{state}")
    if prover is not None:
        # a template state (runner.TemplateProofs): the same drawer, menu button, overlay and CSS/JS as the
        # page that proved it, so its verdict is this page's
        _fail_on_errors(result)
        result = a11y.result(next(p for p in a11y.pages() if p.path == prover), {viewport})
    if not [r for r in result.runs if r.viewport == viewport and r.state == state]:
        _fail_on_errors(result)
        if state == "drawer-open":
            pytest.fail(f"{result.path}: no navigation drawer could be opened at 360 px (no {K.DRAWER_TOGGLE} hiding "
                        f"{K.DRAWER}), so axe never saw the page with its drawer open; every page of the portal has one",
                        pytrace=False)
        pytest.fail(f"{result.path}: axe did not run in the state {state}", pytrace=False)
    failures = result.failures_for(rule_source="axe", viewport=viewport, state=state)
    if failures:
        vp = VIEWPORTS[viewport].describe() + (f", {STATES[state]}" if STATES[state] else "")
        rules = sorted({f.rule for f in failures})
        pytest.fail(
            f"{result.path} at {vp}: {len(failures)} axe violation(s) ({', '.join(rules)}):\n" + format_failures(failures),
            pytrace=False,
        )


def test_axe_drawer_open(a11y, a11y_page):
    """At 360 px the navigation drawer, opened with its menu button, passes axe too."""
    _axe_in_state(a11y, a11y_page, "mobile", "drawer-open")


def test_axe_search_results(a11y, a11y_page, a11y_viewport):
    """The search page after 町内会 is typed and submitted, with its results listed (including links
    straight to paragraphs), passes axe."""
    _axe_in_state(a11y, a11y_page, a11y_viewport, "search-results")
    from .runner import SEARCH_QUERY, SEARCH_SUBRESULTS

    if not a11y.result(a11y_page, {a11y_viewport}).search_subresults.get(a11y_viewport):
        pytest.fail(f"the results for {SEARCH_QUERY} have no links to paragraphs ({SEARCH_SUBRESULTS}): that state "
                    "went untested; pick a query whose results have them", pytrace=False)


def test_axe_search_nothing_found(a11y, a11y_page, a11y_viewport):
    """The search page after a word no page has is searched: its message and the ways on it offers (links to search
    each word alone, to the list of 基本政策) pass axe."""
    _axe_in_state(a11y, a11y_page, a11y_viewport, "search-nothing")


ALL = set(VIEWPORTS)


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


def test_keyboard_reach(a11y, a11y_page):
    """Tab reaches every visible link and control, at 1280 px and at 360 px, drawer closed and open (WCAG 2.1.1)."""
    _check(a11y, a11y_page, "keyboard-reach", ALL)


def test_focus_order(a11y, a11y_page):
    """Tab moves forward in document order; back only into the opened drawer (WCAG 2.4.3)."""
    _check(a11y, a11y_page, "focus-order", ALL)


def test_focus_visible(a11y, a11y_page):
    """Every Tab stop shows an outline or box-shadow and is on screen (WCAG 2.4.7, 2.4.11)."""
    _check(a11y, a11y_page, "focus-visible", ALL)


def test_no_keyboard_trap(a11y, a11y_page):
    """Tab goes round the page and back to its start (WCAG 2.1.2)."""
    _check(a11y, a11y_page, "no-keyboard-trap", ALL)


def test_forced_colors_focus(a11y, a11y_page):
    """In forced colours (Windows high contrast) every Tab stop shows an outline or border (WCAG 2.4.7)."""
    _check(a11y, a11y_page, "forced-colors-focus", {"desktop"})


def test_forced_colors_links(a11y, a11y_page):
    """In forced colours text links are underlined or LinkText-coloured (WCAG 1.4.1)."""
    _check(a11y, a11y_page, "forced-colors-links", {"desktop"})


def test_html_valid(a11y, a11y_page):
    """The served HTML and the DOM after scripts pass the Nu Html Checker (WCAG 4.1.1; html_ignore.yaml)."""
    result = a11y.validated(a11y_page)
    if "html-valid" not in result.checks:
        _fail_on_errors(result)
        pytest.fail(f"{result.path}: the HTML validator gave no verdict", pytrace=False)
    failures = result.failures_for(rule="html-valid")
    if failures:
        pytest.fail(format_failures(failures, max_nodes=20), pytrace=False)
