"""Testing the tester: the runner must fail on known-bad pages, naming the rule and the page, and
pass a known-good one (fixtures/README.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import browser as browser_mod
from . import pa11y as P
from . import pa11y_page as PP
from .allowlist import Allowlist, Entry
from .runner import Scanner, format_failures
from .site import REPO_ROOT, SiteServer, pages_from_site

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"
GOOD = FIXTURES / "good"


def scan_site(a11y, site: Path, allowlist: Allowlist | None = None, pages=None):
    with SiteServer(site) as server:
        scanner = Scanner(a11y.browser(), server.origin, allowlist=allowlist, progress=None)
        results = scanner.scan_all(pages or pages_from_site(site))
    return scanner, {r.path: r for r in results}


@pytest.fixture(scope="module")
def broken(a11y):
    return scan_site(a11y, BROKEN)[1]  # scan_all: the pages, then the HTML validator once


@pytest.fixture(scope="module")
def good(a11y):
    return scan_site(a11y, GOOD)


@pytest.mark.parametrize(
    "path, rule, source",
    [
        ("/no-alt/", "image-alt", "axe"),
        ("/no-alt/", "img-alt-present", "check"),
        ("/low-contrast/", "color-contrast", "axe"),
        ("/wide/", "reflow-320", "check"),
        ("/header-overflow/", "reflow-320", "check"),
        ("/external/", "local-requests-only", "check"),
        ("/two-h1/", "heading-structure", "check"),
        ("/skipped-level/", "heading-structure", "check"),
        ("/cut-off/", "reflow-320", "check"),
        ("/cut-off/", "text-zoom-200", "check"),
        ("/cut-off-body/", "reflow-320", "check"),
        ("/cut-off-body/", "text-zoom-200", "check"),
        ("/no-skip/", "skip-link", "check"),
        ("/lang-en/", "html-lang-ja", "check"),
        ("/keyboard-trap/", "no-keyboard-trap", "check"),
        ("/tab-order/", "focus-order", "check"),
        ("/focus-invisible/", "focus-visible", "check"),
        ("/focus-invisible/", "forced-colors-focus", "check"),
        ("/focus-shadow-only/", "forced-colors-focus", "check"),
        ("/forced-only-link/", "forced-colors-focus", "check"),
        ("/forced-focus-within/", "forced-colors-focus", "check"),
        ("/phone-only-link/", "focus-visible", "check"),
        ("/lazy-image/", "reflow-320", "check"),
        ("/offscreen-focus/", "focus-visible", "check"),
        ("/unreachable/", "keyboard-reach", "check"),
        ("/forced-colors-links/", "forced-colors-links", "check"),
        ("/invalid-html/", "html-valid", "check"),
        ("/invalid-dom/", "html-valid", "check"),
    ],
)
def test_broken_page_fails_naming_rule_and_page(broken, path, rule, source):
    result = broken[path]
    assert not result.passed, f"{path} should fail {rule}"
    failures = result.failures_for(rule=rule)
    assert failures, f"{path}: expected a {rule} failure, got {sorted({f.rule for f in result.failures})}"
    assert {f.source for f in failures} == {source}
    message = format_failures(failures)
    assert rule in message and path in message
    assert "viewport" in message
    if source == "axe":  # axe failures name both viewports, the colour scheme, impact and element
        assert {f.viewport for f in failures} == {"mobile", "desktop"}
        assert "colour scheme default" in message
        assert f"({failures[0].impact})" in message
        assert all(n["target"] and n["html"] for f in failures for n in f.nodes)


def test_broken_messages_carry_the_details(broken):
    contrast = format_failures(broken["/low-contrast/"].failures_for(rule="color-contrast"))
    assert ".pale" in contrast and "#aaaaaa" in contrast and "serious" in contrast
    assert '<img src="../dot.svg"' in format_failures(broken["/no-alt/"].failures_for(rule="image-alt"))
    assert "https://cdn.example.com/fonts.css" in format_failures(broken["/external/"].failures)
    assert "div.wide" in format_failures(broken["/wide/"].failures_for(rule="reflow-320"))
    # Material's header title: invisible (opacity 0) and clipped by overflow-x: hidden on html, yet on
    # a phone the page is as wide as it reaches (issue #14): the check names it and both widths.
    header = format_failures(broken["/header-overflow/"].failures_for(rule="reflow-320"))
    assert "div.topic" in header and "at 320 px" in header and "at 360 px" in header


def test_each_heading_rule_is_proven_by_its_own_page(broken):
    """One defect per page: two h1s alone, and a skipped level alone, each fail with their own message."""
    two = broken["/two-h1/"].checks["heading-structure"]
    assert "2 h1 elements on the page" in two.message and "skipped" not in two.message
    skipped = broken["/skipped-level/"].checks["heading-structure"]
    assert "h1 is followed by h3" in skipped.message and "level 2 is skipped" in skipped.message
    assert "h1 elements" not in skipped.message


@pytest.mark.parametrize("path", ["/cut-off/", "/cut-off-body/"])
def test_content_cut_off_at_the_right_edge_fails_though_the_page_cannot_scroll(broken, path):
    """html's (or, propagated, body's) overflow-x: hidden stops sideways scrolling; the text past the
    right edge is then unreadable: the "cut off" branch of the overflow check (at 200 % zoom on the desktop)."""
    zoom = broken[path].checks["text-zoom-200"]
    assert "200 % zoom (640×400 CSS px): content is cut off at the right edge" in zoom.message, zoom.message
    assert "div.wide" in format_failures(broken[path].failures_for(rule="text-zoom-200"))
    assert not broken[path].checks["reflow-320"].passed


def test_broken_pages_fail_only_where_intended(broken):
    intended = {
        "/no-alt/": {"image-alt", "img-alt-present", "html-valid"},  # an <img> without alt is invalid HTML too
        "/low-contrast/": {"color-contrast"},
        "/wide/": {"reflow-320"},
        "/header-overflow/": {"reflow-320"},
        "/dead-toggle/": set(),  # only pa11y fails it (PA11Y_ERRORS below)
        "/external/": {"local-requests-only"},
        "/two-h1/": {"heading-structure"},
        "/skipped-level/": {"heading-structure", "heading-order", "html-valid"},  # axe and the Nu checker see the skipped level too
        "/cut-off/": {"reflow-320", "text-zoom-200"},  # one defect: a box wider than 640 px that html's overflow-x clips
        "/cut-off-body/": {"reflow-320", "text-zoom-200"},  # the same, clipped by body's overflow-x (propagated)
        "/no-skip/": {"skip-link"},
        "/lang-en/": {"html-lang-ja"},
        "/drawer-contrast/": {"color-contrast"},
        "/search-results/": {"color-contrast"},
        "/invalid-html/": {"html-valid"},
        "/invalid-dom/": {"html-valid"},
        "/keyboard-trap/": {"no-keyboard-trap"},
        "/tab-order/": {"focus-order", "tabindex"},  # axe's best-practice rule sees the positive tabindex too
        "/focus-invisible/": {"focus-visible", "forced-colors-focus"},
        "/focus-shadow-only/": {"forced-colors-focus"},
        "/forced-only-link/": {"forced-colors-focus"},
        "/forced-focus-within/": {"forced-colors-focus"},
        "/phone-only-link/": {"focus-visible"},  # not keyboard-reach: the phone pass pressed Tab and reached it
        "/lazy-image/": {"reflow-320"},  # checked in a shown window: hidden, the lazy image would never load
        "/offscreen-focus/": {"focus-visible"},
        "/unreachable/": {"keyboard-reach"},
        "/forced-colors-links/": {"forced-colors-links"},
    }
    assert set(intended) == set(broken)
    for path, rules in intended.items():
        assert {f.rule for f in broken[path].failures if f.source != "pa11y"} == rules, path
        assert {f.rule for f in broken[path].failures if f.source == "pa11y"} == PA11Y_ERRORS.get(path, set()), path
        assert broken[path].pa11y is not None, path
        assert not broken[path].errors


# what pa11y (HTML_CodeSniffer, WCAG2AA) fails on the broken pages, as the runner runs it and as pa11y-ci does
# (test_pa11y_fails_on_broken_pages_and_passes_the_good_site; test_pa11y_equivalence.py compares every issue)
PA11Y_ERRORS = {
    "/no-alt/": {"WCAG2AA.Principle1.Guideline1_1.1_1_1.H37"},
    "/low-contrast/": {"WCAG2AA.Principle1.Guideline1_4.1_4_3.G18.Fail"},
    "/dead-toggle/": {"WCAG2AA.Principle1.Guideline1_3.1_3_1.F68", "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputCheckbox.Name"},
    "/invalid-dom/": {"WCAG2AA.Principle1.Guideline1_3.1_3_1.H49.AlignAttr"},
}


def test_runner_pa11y_failures_name_code_page_selector_and_criterion(broken):
    dead = broken["/dead-toggle/"].failures_for(rule_source="pa11y")
    text = format_failures(dead)
    assert "/dead-toggle/" in text and "#__search" in text and "should be labelled" in text and "mobile 360×800" in text
    assert {tuple(f.tags) for f in dead} == {("wcag131",), ("wcag412",)}


def test_hidden_states_are_scanned_and_reported_separately(broken):
    """The drawer's contrast problem only shows with the drawer open (at 360 px); the search page's
    only with results listed and with nothing found (in both viewports); each failure names its state."""
    drawer = broken["/drawer-contrast/"].failures_for(rule="color-contrast")
    assert {(f.viewport, f.state) for f in drawer} == {("mobile", "drawer-open")}
    assert "navigation drawer open" in format_failures(drawer) and ".pale" in format_failures(drawer)
    assert not broken["/drawer-contrast/"].failures_for(state="page")
    search = broken["/search-results/"].failures_for(rule="color-contrast")
    assert {(f.viewport, f.state) for f in search} == {(v, s) for v in ("mobile", "desktop") for s in ("search-results", "search-nothing")}
    assert "search results shown" in format_failures(search) and "search that found nothing" in format_failures(search)
    assert "mobile/drawer-open" in broken["/drawer-contrast/"].states
    assert {"mobile/search-results", "desktop/search-results", "mobile/search-nothing", "desktop/search-nothing"} <= set(
        broken["/search-results/"].states)


def test_keyboard_and_forced_colour_messages_name_the_element(broken):
    trap = format_failures(broken["/keyboard-trap/"].failures_for(rule="no-keyboard-trap"))
    assert "a#trap" in trap and "never came back" in trap
    order = format_failures(broken["/tab-order/"].failures_for(rule="focus-order"))
    assert "goes back to this earlier element" in order and "ホーム" in order
    reach = format_failures(broken["/unreachable/"].failures_for(rule="keyboard-reach"))
    assert 'tabindex="-1"' in reach and "label.toggle" in reach and "cannot be focused" in reach
    assert "off screen" in format_failures(broken["/offscreen-focus/"].failures_for(rule="focus-visible"))
    assert "without a focus indicator" in format_failures(broken["/focus-invisible/"].failures_for(rule="focus-visible"))
    shadow = format_failures(broken["/focus-shadow-only/"].failures_for(rule="forced-colors-focus"))
    assert "forced colours" in shadow and "box-shadow" in shadow
    links = format_failures(broken["/forced-colors-links/"].failures_for(rule="forced-colors-links"))
    assert "a.plain" in links and "LinkText" in links


def test_html_messages_name_the_document_line_and_markup(broken):
    served = format_failures(broken["/invalid-html/"].failures_for(rule="html-valid"))
    assert "served HTML, line" in served and "End tag “b” violates nesting rules" in served and "DOM after scripts, line" not in served
    dom = format_failures(broken["/invalid-dom/"].failures_for(rule="html-valid"))
    assert "DOM after scripts, line" in dom and "align" in dom and "served HTML, line" not in dom
    # html_ignore.yaml is empty: nothing was ignored
    assert not [m for r in broken.values() for m in r.html_messages if m.get("ignored")]


def test_good_site_passes_in_both_colour_schemes(good):
    scanner, results = good
    assert set(results) == {"/", "/page/", "/search/"}  # the site_url base path /sub/ was stripped
    for r in results.values():
        assert r.passed, format_failures(r.failures) + "\n".join(r.errors)
        assert set(r.loads) == {"mobile", "desktop"}
        assert set(r.checks) == {
            "html-lang-ja", "heading-structure", "img-alt-present", "skip-link",
            "reflow-320", "text-zoom-200", "local-requests-only",
            "keyboard-reach", "focus-order", "focus-visible", "no-keyboard-trap",
            "forced-colors-focus", "forced-colors-links", "html-valid",
        }
        assert r.checks["keyboard-reach"].viewport == "desktop+mobile"
    assert results["/"].schemes == ["default", "slate"]
    assert results["/page/"].schemes == ["default"]
    assert {(r.viewport, r.state, r.scheme) for r in results["/"].runs} == {
        ("mobile", "page", "default"), ("mobile", "page", "slate"), ("desktop", "page", "default"), ("desktop", "page", "slate"),
        ("mobile", "drawer-open", "default"), ("mobile", "drawer-open", "slate"),
    }
    assert {(r.viewport, r.state) for r in results["/search/"].runs} == {
        ("mobile", "page"), ("desktop", "page"), ("mobile", "search-results"), ("desktop", "search-results"),
        ("mobile", "search-nothing"), ("desktop", "search-nothing"),
    }
    assert scanner.html_runs == 1 and scanner.html_documents == 7  # 3 served + 3 DOM + the search results DOM
    assert scanner.axe_version and scanner.axe_version.startswith("4.")
    assert "color-contrast" in scanner.rule_tags and "target-size" in scanner.rule_tags


def test_axe_comes_once_per_browser_is_the_pinned_version_and_runs_on_every_page_at_both_viewports(a11y, good):
    """axe-core is put into every new document by CDP (Browser: Page.addScriptToEvaluateOnNewDocument), not sent
    through WebDriver per page: no page of the good site needed it sent, the version that ran is the one
    package.json pins (and node_modules holds), and it ran on every page in both viewports."""
    scanner, results = good
    pinned = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    installed = json.loads((REPO_ROOT / "node_modules" / "axe-core" / "package.json").read_text(encoding="utf-8"))["version"]
    assert scanner.axe_version == pinned == installed
    for r in results.values():
        assert {run.viewport for run in r.runs if run.state == "page"} == {"mobile", "desktop"}, r.path
    browser = a11y.browser()
    before = browser.axe_injections
    with SiteServer(GOOD) as server:
        browser.load(server.origin + "/page/", browser_mod.VIEWPORTS["desktop"])
        assert browser.driver.execute_script("return axe.version") == pinned  # there before axe_run asked for it
        browser.axe_run({"runOnly": {"type": "tag", "values": ["wcag2a"]}})
    assert browser.axe_injections == before


def test_forced_colours_pass_replays_the_tab_pass_only_where_it_may(a11y):
    """The forced-colours pass replays the desktop Tab pass by script (keyboard.forced_pass) and still finds a
    focus drawn only with box-shadow; where forced colours show a control the Tab pass never met, the replay is
    refused and Tab is pressed, which finds that control's missing outline. So it is where forced colours reveal
    such a control only while the focus is beside it (:focus-within, /forced-focus-within/): the replay checks what
    can take the focus at every step, as the phone pass does."""
    pages = [p for p in pages_from_site(BROKEN) if p.path in ("/focus-shadow-only/", "/forced-only-link/", "/forced-focus-within/")]
    scanner, results = scan_site(a11y, BROKEN, pages=pages)
    assert results["/focus-shadow-only/"].failures_for(rule="forced-colors-focus")
    only = results["/forced-only-link/"].failures_for(rule="forced-colors-focus")
    assert only and ".hc" in format_failures(only)
    within = results["/forced-focus-within/"].failures_for(rule="forced-colors-focus")
    assert within and "a.hc" in format_failures(within)
    assert scanner.forced_methods == {
        "replay": 1, "tab: the elements that can take the focus differ in forced colours (4 before, 5 now)": 1,
        "tab: focusing main#main > p.menu > a:nth-of-type(1) changed what can take the focus": 1,
    }


def test_phone_pass_replays_the_desktop_tab_pass_only_where_it_may(a11y):
    """The phone pass replays the desktop Tab pass by script, restricted to what takes the focus at 360 px
    (keyboard.phone_pass), and still finds a focus without indicator that both widths share; where the phone
    shows a link that was no Tab stop at 1280 px, the replay is refused and Tab is pressed, which finds that
    link's missing outline (restricting the desktop pass would skip it: focus-visible would pass)."""
    pages = [p for p in pages_from_site(BROKEN) if p.path in ("/focus-invisible/", "/phone-only-link/")]
    scanner, results = scan_site(a11y, BROKEN, pages=pages)
    invisible = results["/focus-invisible/"].failures_for(rule="focus-visible")
    assert invisible and "mobile 360×800" in format_failures(invisible)
    only = results["/phone-only-link/"].failures_for(rule="focus-visible")
    assert only and "a.phone" in format_failures(only) and "mobile 360×800" in format_failures(only)
    assert not results["/phone-only-link/"].failures_for(rule="keyboard-reach")
    assert scanner.phone_methods == {
        "replay": 1, "tab: main#main > p > a.phone:nth-of-type(2) takes the focus at 360 px but was no Tab stop at 1280 px": 1,
    }


def test_pages_are_checked_hidden_only_where_nothing_can_differ(a11y):
    """A page is checked in a minimised window (no frames drawn) unless something of it depends on being drawn
    (runner.HIDDEN_OK_JS): /lazy-image/'s lazily loaded image would never load there, and the page's overflow at
    320 px would pass; it is loaded again in a shown window, where the image loads and reflow-320 fails."""
    pages = [p for p in pages_from_site(BROKEN) if p.path in ("/wide/", "/lazy-image/")]
    scanner, results = scan_site(a11y, BROKEN, pages=pages)
    assert results["/wide/"].failures_for(rule="reflow-320")
    lazy = results["/lazy-image/"].failures_for(rule="reflow-320")
    assert lazy and "img" in format_failures(lazy)
    # one decision per document: /wide/ hidden, /lazy-image/ loaded again shown (its phone check reuses the document)
    assert scanner.visibility == {"hidden": 1, "shown: lazy loading, media, a canvas or a frame": 1}


def test_allowlist_excuses_a_failure_but_keeps_it_in_the_report(a11y):
    allow = Allowlist([
        Entry(page="/no-alt/", rule="image-alt", reason="試験用"),
        Entry(page="/no-*", rule="img-alt-present", reason="試験用（glob）"),
        Entry(page="/no-alt/", rule="html-valid", reason="試験用（検査の id も使える）"),
        Entry(page="/no-alt/", rule="WCAG2AA.Principle1.Guideline1_1.1_1_1.H37", reason="試験用（pa11y のコードも使える）"),
    ])
    pages = [p for p in pages_from_site(BROKEN) if p.path == "/no-alt/"]
    scanner, results = scan_site(a11y, BROKEN, allow, pages)
    r = results["/no-alt/"]
    assert r.passed
    assert {f.rule for f in r.allowed} == {"image-alt", "img-alt-present", "html-valid", "WCAG2AA.Principle1.Guideline1_1.1_1_1.H37"}
    assert all(f.reason for f in r.allowed)
    assert "allowed: 試験用" in format_failures(r.allowed)


def _run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tests.accessibility.run", *args],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=240, env={**os.environ, **(env or {})},
    )


def test_cli_fails_on_a_broken_page_and_writes_reports(tmp_path):
    proc = _run_cli("--site", str(BROKEN), "--page", "/low-contrast/", "--viewport", "mobile", "--report-dir", str(tmp_path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "/low-contrast/" in proc.stderr and "color-contrast" in proc.stderr and "mobile 360×800" in proc.stderr
    assert "[1/1] /low-contrast/" in proc.stdout and "pages/s" in proc.stdout
    rep = json.loads((tmp_path / "accessibility.json").read_text(encoding="utf-8"))
    assert rep["axe_core_version"].startswith("4.") and rep["browser"].startswith("Chromium")
    assert rep["complete"] is False and list(rep["viewports"]) == ["mobile", "narrow"]
    page = rep["pages"][0]
    assert page["path"] == "/low-contrast/" and page["result"] == "fail"
    assert page["failures"][0]["rule"] == "color-contrast" and page["failures"][0]["nodes"][0]["target"] == [".pale"]
    for key in ("date", "duration_seconds", "pages_per_second", "rules_run", "color_schemes", "incomplete"):
        assert key in rep or key in page
    md = (tmp_path / "accessibility.md").read_text(encoding="utf-8")
    assert "color-contrast" in md and "/low-contrast/" in md


def test_cli_passes_on_the_good_site_and_honours_report_choice(tmp_path):
    proc = _run_cli("--site", str(GOOD), "--report", "md", "--report-dir", str(tmp_path), "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "accessibility.md").exists() and not (tmp_path / "accessibility.json").exists()


def test_cli_threshold_lets_lower_impacts_pass(tmp_path):
    # heading-order is "moderate" in axe and heading-structure "moderate" here; the Nu Html Checker's
    # report of the same skipped level (html-valid, serious) is excused by an allowlist of its own
    allow = tmp_path / "allow.yaml"
    allow.write_text("- {page: /skipped-level/, rule: html-valid, reason: 試験用}\n", encoding="utf-8")
    args = ("--site", str(BROKEN), "--page", "/skipped-level/", "--report", "none", "-q", "--allow", str(allow))
    proc = _run_cli(*args, "--threshold", "serious")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = _run_cli(*args)
    assert proc.returncode == 1 and "heading-structure" in proc.stderr, proc.stdout + proc.stderr


def test_cli_without_a_site_says_so(tmp_path):
    proc = _run_cli("--site", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert "built site not found" in proc.stderr


def test_pytest_fails_on_violations_and_on_a_missing_site(tmp_path):
    """The suite itself: non-zero on a broken site, and a clear failure (not a skip) without one."""
    env = {**os.environ, "PORTAL_SITE_DIR": str(BROKEN), "PORTAL_A11Y_REPORT_DIR": str(tmp_path)}
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/accessibility/test_site.py"]
    proc = subprocess.run([*args, "-k", "no-alt/ or low-contrast/"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=240, env=env)
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "test_axe[no-alt/-mobile]" in proc.stdout and "image-alt" in proc.stdout
    assert "color-contrast" in proc.stdout and "/low-contrast/" in proc.stdout
    assert (tmp_path / "accessibility.json").exists()
    env["PORTAL_SITE_DIR"] = str(tmp_path / "missing-site")
    proc = subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, timeout=240, env=env)
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "built site not found" in proc.stdout and "skipped" not in proc.stdout


def test_stale_published_results_fail_with_the_publish_hint(tmp_path):
    """Publish the good site, then change the published file: the staleness test must fail with
    the 「試験結果が古くなっています」 message; unchanged it passes; absent it fails too."""
    results = tmp_path / "results.json"
    proc = _run_cli("--site", str(GOOD), "--publish", "--results", str(results), "--report-dir", str(tmp_path), "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    env = {**os.environ, "PORTAL_SITE_DIR": str(GOOD), "PORTAL_A11Y_REPORT_DIR": str(tmp_path), "PORTAL_A11Y_RESULTS": str(results)}
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/accessibility/test_published_results.py"]

    def run():
        return subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, timeout=240, env=env)

    proc = run()
    assert proc.returncode == 0, proc.stdout[-3000:]
    data = json.loads(results.read_text(encoding="utf-8"))
    data["pages"][0]["automated"] = "問題あり"
    data["pages"] = data["pages"][:1]  # and one page missing
    results.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = run()
    assert proc.returncode == 1
    assert "試験結果が古くなっています: make a11y-publish を実行してください" in proc.stdout
    assert "/page/: in the sample but not in the published results" in proc.stdout
    assert "/: published 問題あり, this run 問題なし" in proc.stdout
    results.unlink()
    proc = run()
    assert proc.returncode == 1 and "does not exist" in proc.stdout and "skipped" not in proc.stdout, proc.stdout[-2000:]


# --------------------------------------------------------------------------- the second engine (pa11y)


def test_pa11y_fails_on_broken_pages_and_passes_the_good_site():
    """/dead-toggle/ is Material's unused search checkbox as the site had it: display: none, so axe and
    the Nu checker pass it (test_broken_pages_fail_only_where_intended), but HTML_CodeSniffer fails it."""
    with SiteServer(BROKEN) as server:
        broken = P.run(server.origin, ["/dead-toggle/", "/no-alt/"])
    dead = broken.describe("/dead-toggle/")
    assert not broken.passed("/dead-toggle/"), dead
    assert "1_3_1.F68" in dead and "H91.InputCheckbox.Name" in dead and "#__search" in dead and "should be labelled" in dead
    assert "1_1_1.H37" in broken.describe("/no-alt/") and '<img src="../dot.svg"' in broken.describe("/no-alt/")
    assert sorted(broken.failed()) == ["/dead-toggle/", "/no-alt/"]
    assert {p: {i.code for i in broken.issues[p]} for p in broken.failed()} == {p: PA11Y_ERRORS[p] for p in broken.failed()}
    with SiteServer(GOOD) as server:
        good = P.run(server.origin, [p.path for p in pages_from_site(GOOD)])
    assert set(good.issues) == {"/", "/page/", "/search/"} and not good.failed(), [good.describe(p) for p in good.failed()]
    assert P.versions()["pa11y-ci"].startswith("4.")


def test_pa11y_in_pytest_and_its_cli_fail_on_a_broken_page(tmp_path):
    env = {**os.environ, "PORTAL_SITE_DIR": str(BROKEN), "PORTAL_A11Y_REPORT_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/accessibility/test_pa11y.py", "-k", "dead-toggle or wide"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=240, env=env,
    )
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "test_pa11y[dead-toggle/]" in proc.stdout and "F68" in proc.stdout and "1 passed" in proc.stdout
    page = next(p for p in json.loads((tmp_path / "accessibility.json").read_text(encoding="utf-8"))["pages"] if p["path"] == "/dead-toggle/")
    assert [i["type"] for i in page["pa11y"]] == ["error", "error"]
    proc = subprocess.run([sys.executable, "-m", "tests.accessibility.pa11y", "--site", str(BROKEN), "--page", "/dead-toggle/"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 1 and "FAIL /dead-toggle/" in proc.stderr, proc.stdout + proc.stderr


def test_pa11y_that_cannot_run_is_an_error_not_a_pass(a11y, monkeypatch, tmp_path):
    monkeypatch.setattr(P, "PA11Y_CI", tmp_path / "missing")
    with pytest.raises(P.Pa11yError, match="npm ci"):
        P.run("http://127.0.0.1:1", ["/"])
    # in the runner: pa11y's scripts cannot be built, so every page it should check fails with the reason
    monkeypatch.setattr(PP, "BUNDLE_JS", tmp_path / "missing.js")
    PP.bundle.cache_clear()
    try:
        scanner, results = scan_site(a11y, GOOD, pages=[p for p in pages_from_site(GOOD) if p.path == "/page/"])
    finally:
        PP.bundle.cache_clear()
    page = results["/page/"]
    assert not page.passed and page.pa11y is None
    assert any(e.startswith("pa11y:") and "make setup-test" in e for e in page.errors), page.errors


def test_changed_only_checks_changed_pages_and_one_per_kind_and_keeps_recorded_failures(tmp_path):
    """make a11y: against a published full run, an unchanged page that is not its kind's representative keeps
    the recorded verdict (a recorded failure still fails the run); a changed page is checked in full."""
    site = tmp_path / "site"
    shutil.copytree(GOOD, site)
    (site / "page" / "two").mkdir()
    shutil.copy(site / "page" / "index.html", site / "page" / "two" / "index.html")
    sitemap = site / "sitemap.xml"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(
        "</urlset>", "    <url>\n         <loc>https://fixture.example/sub/page/two/</loc>\n    </url>\n</urlset>"), encoding="utf-8")
    results = tmp_path / "results.json"
    proc = _run_cli("--site", str(site), "--publish", "--results", str(results), "--report-dir", str(tmp_path), "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pa11y = json.loads((tmp_path / "accessibility.json").read_text(encoding="utf-8"))["pa11y"]  # 2 browsers: both counted
    assert pa11y["pages"] == 4 and pa11y["versions"]["pa11y"].startswith("9.") and pa11y["options"]["standard"] == "WCAG2AA"

    proc = _run_cli("--site", str(site), "--changed-only", "--baseline", str(results), "--report-dir", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 page(s) changed since the recorded full run" in proc.stdout and "3 more checked as their page kind's representative" in proc.stdout
    assert "accessibility: 3 pages, 3 passed" in proc.stdout and "1 unchanged page(s) keep the verdict" in proc.stdout
    report = json.loads((tmp_path / "accessibility.json").read_text(encoding="utf-8"))
    assert sorted(p["path"] for p in report["pages"]) == ["/", "/page/", "/search/"]
    assert report["changed_only"]["carried"] == {"/page/two/": {"result": "pass", "failed_rules": []}}

    # a failure recorded for the unchanged page still fails the run
    data = json.loads(results.read_text(encoding="utf-8"))
    data["other_failing_pages"] = [{"path": "/page/two/", "url": "u", "title": "t", "failed_criteria": [], "failed_rules": ["image-alt"]}]
    results.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = _run_cli("--site", str(site), "--changed-only", "--baseline", str(results), "--report", "none", "-q")
    assert proc.returncode == 1 and "1 of them failed then: /page/two/" in proc.stdout

    # the changed page is checked (in full, at both viewports)
    page = site / "page" / "two" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>追記</p></main>"), encoding="utf-8")
    proc = _run_cli("--site", str(site), "--changed-only", "--baseline", str(results), "--report-dir", str(tmp_path), "-q")
    report = json.loads((tmp_path / "accessibility.json").read_text(encoding="utf-8"))
    assert report["changed_only"]["changed"] == ["/page/two/"] and proc.returncode == 0, proc.stdout + proc.stderr
    two = next(p for p in report["pages"] if p["path"] == "/page/two/")
    assert two["loads"] == ["desktop", "mobile"] and {"desktop/page", "mobile/page", "desktop/forced-colors"} <= set(two["states"])
