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
    run = f"window.__pa11y.run({json.dumps(b['options'])})"
    # where the browser put the scripts in (the usual case) the check and the run are one round trip
    result = _evaluate(driver, f"({_PRELOADED_JS}) ? {run} : 'not preloaded'", await_promise=True)
    if result == "not preloaded":
        for source in b["script"]:
            _evaluate(driver, source)
        result = _evaluate(driver, run, await_promise=True)
    if not isinstance(result, dict) or not isinstance(result.get("issues"), list):
        raise Pa11yPageError(f"pa11y in the page returned {str(result)[:300]}")
    return result["issues"]


# An HTML_CodeSniffer code as pa11y reports it: the standard, the sniff (principle, guideline, criterion), then the
# sniff's own message code, e.g. WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputCheckbox.Name
_CODE = re.compile(r"^(WCAG2A{1,3})\.(Principle\d\.Guideline\d+_\d+\.\d+_\d+_\d+(?:_[A-Za-z]+)?)\.(.*)$")
_SNIFF_NAME = re.compile(r'"(Principle\d\.Guideline\d+_\d+\.\d+_\d+_\d+(?:_[A-Za-z]+)?)"')
_LITERAL = re.compile(r'"([^"\\]*)"|\'([^\'\\]*)\'')


@functools.lru_cache(maxsize=4)
def htmlcs_codes(config: str = str(CONFIG)) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """What HTML_CodeSniffer really has, read from the scripts pa11y puts into a page (``bundle``): each WCAG 2
    standard's sniffs (``_global.HTMLCS_WCAG2AA = {sniffs: [...]}``), and the first part of every string in the
    sniffs' code (``_global.HTMLCS_WCAG2AAA_Sniffs_*``), where their message codes are written (``"H37"``, ``"H91."``
    + the element, ``a = "G18"`` + ``".Fail"``)."""
    src = "\n".join(bundle(config)["script"])
    parts = src.split("_global.HTMLCS_")
    standards: dict[str, frozenset[str]] = {}
    tokens: set[str] = set()
    for part in parts[1:]:
        name = part.split("=", 1)[0]
        if name in ("WCAG2A", "WCAG2AA", "WCAG2AAA"):
            standards[name] = frozenset(_SNIFF_NAME.findall(part))
        elif name.startswith("WCAG2AAA_Sniffs_"):
            for m in _LITERAL.finditer(part):
                text = m.group(1) if m.group(1) is not None else m.group(2)
                if text:
                    tokens.add(text.split(".", 1)[0])
    if not standards or not tokens:
        raise Pa11yPageError(f"{BUNDLE_JS.name}: no HTML_CodeSniffer standards or sniffs found in pa11y's scripts")
    return standards, frozenset(tokens)


def unknown_code(code: str, config: str = str(CONFIG)) -> str | None:
    """Why ``code`` is no code HTML_CodeSniffer can report (``htmlcs_codes``), or None when it can be one."""
    m = _CODE.match(code)
    if not m:
        return "not of the form WCAG2AA.PrincipleN.GuidelineN_N.N_N_N.CODE"
    standards, tokens = htmlcs_codes(config)
    standard, sniff, message = m.groups()
    if standard not in standards:
        return f"HTML_CodeSniffer has no standard {standard}"
    if sniff not in standards[standard]:
        return f"{standard} has no sniff {sniff}"
    # an empty message code is one HTML_CodeSniffer reports (WCAG2AA.Principle1.Guideline1_3.1_3_4.: a notice)
    if message and message.split(".", 1)[0] not in tokens:
        return f"no sniff of HTML_CodeSniffer reports {message.split('.', 1)[0]}"
    return None


_SC = re.compile(r"Guideline\d+_\d+\.(\d+)_(\d+)_(\d+)")


def tags_of(code: str) -> list[str]:
    """The WCAG criterion of an HTML_CodeSniffer code as an axe-style tag:
    ``WCAG2AA.Principle1.Guideline1_3.1_3_1.F68`` → ``["wcag131"]``."""
    m = _SC.search(code)
    return ["wcag" + "".join(m.groups())] if m else []
