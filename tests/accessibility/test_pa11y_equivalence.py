"""The second engine as the gate runs it (pa11y's HTML_CodeSniffer inside the runner's phone load,
``pa11y_page.py``) gives what the ``pa11y-ci`` command gives: the same issues, in the same order, with the same
code, type, message, selector and context, page by page.

Compared with warnings and notices included (the same pa11y-ci.json otherwise: standard, viewport, runner,
rules, ignores), so each page has dozens of issues to agree on, not only the few errors that fail a page:

* every page of the test-the-tester fixtures (broken and good; four broken pages have errors);
* real pages of the built site (site/ or $PORTAL_SITE_DIR): the first page of every page kind
  (``incremental.kind_representatives``: the top page, a 事業, the search page, 404.html …).

The runner scans each page in full, both viewports, as ``make a11y-full`` does (the phone load is often the
desktop document switched to 360 px and reset, ``Scanner._switchable``), so the comparison covers that path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import pa11y as P
from . import pa11y_page as PP
from .browser import Browser
from .incremental import kind_representatives
from .runner import Scanner
from .site import SiteError, SiteServer, check_site_dir, default_site_dir, pages_from_site

FIXTURES = Path(__file__).parent / "fixtures"
FIELDS = ("code", "type", "message", "selector", "context")


@pytest.fixture(scope="module")
def verbose_config(tmp_path_factory) -> Path:
    cfg = json.loads(PP.CONFIG.read_text(encoding="utf-8"))
    cfg["defaults"]["includeWarnings"] = True
    cfg["defaults"]["includeNotices"] = True
    path = tmp_path_factory.mktemp("pa11y") / "pa11y-ci-verbose.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    return path


def _project(issues: list[dict]) -> list[tuple]:
    return [tuple(i.get(k) or "" for k in FIELDS) for i in issues]


def _both(site: Path, paths: list[str], config: Path) -> tuple[dict, dict]:
    """{path: issues} from pa11y-ci and from the runner, on the same server."""
    with SiteServer(site) as server:
        ci = P.run(server.origin, paths, config=config)
        assert not ci.errors, ci.errors
        by_path = {path: _project(ci.raw["results"][server.origin + path]) for path in paths}
        with Browser() as browser:
            scanner = Scanner(browser, server.origin, progress=None, pa11y_config=str(config))
            ours = {}
            for path in paths:
                r = scanner.scan(next(p for p in pages_from_site(site) if p.path == path))
                assert r.pa11y is not None, r.errors
                ours[path] = _project(r.pa11y)
    return by_path, ours


def _assert_same(ci: dict, ours: dict) -> None:
    # every code pa11y-ci reported (errors, warnings and notices) is one the allowlist accepts (PP.unknown_code)
    codes = {i[0] for v in ci.values() for i in v}
    assert codes and {c: PP.unknown_code(c) for c in codes if PP.unknown_code(c)} == {}
    for path in ci:
        assert ours[path] == ci[path], (
            f"{path}: pa11y-ci and the runner's pa11y differ\n"
            f"only pa11y-ci: {[i for i in ci[path] if i not in ours[path]][:5]}\n"
            f"only the runner: {[i for i in ours[path] if i not in ci[path]][:5]}"
        )


@pytest.mark.parametrize("fixture", ["broken", "good"])
def test_runner_pa11y_equals_pa11y_ci_on_the_fixtures(verbose_config, fixture):
    site = FIXTURES / fixture
    paths = [p.path for p in pages_from_site(site)]
    ci, ours = _both(site, paths, verbose_config)
    _assert_same(ci, ours)
    assert sum(len(v) for v in ci.values()) > 10 * len(paths)  # something to agree on
    if fixture == "broken":  # and errors among them
        errors = {p: sorted({i[0].split(".")[-1] for i in v if i[1] == "error"}) for p, v in ours.items()}
        assert {p: e for p, e in errors.items() if e} == {
            "/no-alt/": ["H37"], "/low-contrast/": ["Fail"], "/dead-toggle/": ["F68", "Name"], "/invalid-dom/": ["AlignAttr"],
        }


def test_runner_pa11y_equals_pa11y_ci_on_real_pages(verbose_config):
    try:
        site = check_site_dir(default_site_dir())
    except SiteError as exc:
        pytest.fail(f"accessibility tests need the built site: {exc}", pytrace=False)
    paths = kind_representatives([p.path for p in pages_from_site(site)])
    assert len(paths) >= 5
    ci, ours = _both(site, paths, verbose_config)
    _assert_same(ci, ours)
    assert all(len(v) > 10 for v in ci.values())


def test_a_script_that_throws_in_the_page_is_an_error_with_its_message():
    """``browser.evaluate`` (the runner's read-only scripts) and pa11y's in-page run share one CDP call: a throw
    is raised with the page's message, never read as an empty result (which would pass a page unchecked)."""
    from .browser import ScriptError, evaluate

    with Browser() as browser:
        d = browser.driver
        d.get("about:blank")
        assert evaluate(d, "return arguments[0] + 1;", 41) == 42
        with pytest.raises(ScriptError, match="boom-in-page"):
            evaluate(d, "throw new Error('boom-in-page');")
        with pytest.raises(PP.Pa11yPageError, match=r"^pa11y in the page: Error: boom-in-pa11y"):
            PP._evaluate(d, "(function () { throw new Error('boom-in-pa11y'); })()")
