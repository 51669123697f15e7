"""pa11y's HTML_CodeSniffer verdict in a page the runner has already loaded (issue #14, section 2).

pa11y (the library pa11y-ci runs, pinned in package-lock.json) does three things per URL: it opens a tab and
loads the page (puppeteer), puts its client script and the runner's scripts into it, and calls
``window.__pa11y.run(options)`` there; everything that decides the issues (HTML_CodeSniffer, the standard, the
rules, the ignores, the selectors and contexts) happens in that page-side call. This module does the last two
steps in the runner's own Chromium, in the phone load it makes anyway (360×800, mobile emulation: pa11y-ci.json's
viewport), with the very scripts and options pa11y would use: ``pa11y_bundle.js`` builds them with pa11y's own
code from the same ``pa11y-ci.json``. Both go through CDP ``Runtime.evaluate`` in the page's main world, as
puppeteer's ``page.evaluate`` does.

``test_pa11y_equivalence.py`` shows that this path and the pa11y-ci command give the same issues (code, type,
message, selector, context) on the test-the-tester fixtures and on real pages.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess

from .browser import ScriptError, evaluate_expression
from .site import REPO_ROOT

BUNDLE_JS = REPO_ROOT / "tests" / "accessibility" / "pa11y_bundle.js"
CONFIG = REPO_ROOT / "tests" / "accessibility" / "pa11y-ci.json"


class Pa11yPageError(Exception):
    """pa11y's scripts cannot be built or run in the page."""


@functools.lru_cache(maxsize=4)
def bundle(config: str = str(CONFIG)) -> dict:
    """{script: [sources], options, viewport, userAgent, versions} from pa11y_bundle.js (once per run)."""
    try:
        proc = subprocess.run(["node", str(BUNDLE_JS), config], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Pa11yPageError(f"node {BUNDLE_JS.name} could not run: {exc}") from exc
    if proc.returncode != 0:
        raise Pa11yPageError(
            f"{BUNDLE_JS.name} failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[-1500:]}; "
            "run `make setup-test` (pa11y-ci and its pa11y are pinned in package.json / package-lock.json)"
        )
    return json.loads(proc.stdout)


def _evaluate(driver, expression: str, *, await_promise: bool = False):
    try:
        return evaluate_expression(driver, expression, await_promise=await_promise)
    except ScriptError as exc:
        raise Pa11yPageError(f"pa11y in the page: {str(exc).removeprefix('javascript error: ')}") from exc


# Whether the document has pa11y's scripts from the browser (``preload``) and may use them: not when the page has
# an AMD loader, because HTMLCS registers itself with one if it is there when HTMLCS's script runs, and a script put
# into a new document runs before the page's own (pa11y puts its scripts in after the load): then they are put in
# again, as pa11y does.
_PRELOADED_JS = (
    "typeof window.__pa11y === 'object' && !!window.__pa11y.runners && !!window.__pa11y.runners.htmlcs"
    " && !(typeof window.define === 'function' && window.define.amd)"
)


def preload(browser, config: str = str(CONFIG)) -> None:
    """Register pa11y's scripts with ``browser`` once (``Browser.add_document_script``): every document it loads
    then has them, instead of their 360 kB being sent through CDP into every page (issue #14 section 2)."""
    scripts = bundle(config)["script"]  # the same for every config (only the options differ): keyed by their text
    browser.add_document_script("pa11y:" + hashlib.sha256("\0".join(scripts).encode("utf-8")).hexdigest(), scripts)


def run_in_page(driver, config: str = str(CONFIG)) -> list[dict]:
    """pa11y's issues for the document loaded in ``driver`` (a list of pa11y issue objects: code, type,
    typeCode, message, context, selector, runner, runnerExtras), warnings and notices left out as configured.
    pa11y's scripts are put into the document here unless the browser already did (``preload``)."""
    b = bundle(config)
    if not _evaluate(driver, _PRELOADED_JS):
        for source in b["script"]:
            _evaluate(driver, source)
    result = _evaluate(driver, f"window.__pa11y.run({json.dumps(b['options'])})", await_promise=True)
    if not isinstance(result, dict) or not isinstance(result.get("issues"), list):
        raise Pa11yPageError(f"pa11y in the page returned {str(result)[:300]}")
    return result["issues"]


_SC = re.compile(r"Guideline\d+_\d+\.(\d+)_(\d+)_(\d+)")


def tags_of(code: str) -> list[str]:
    """The WCAG criterion of an HTML_CodeSniffer code as an axe-style tag:
    ``WCAG2AA.Principle1.Guideline1_3.1_3_1.F68`` → ``["wcag131"]``."""
    m = _SC.search(code)
    return ["wcag" + "".join(m.groups())] if m else []
