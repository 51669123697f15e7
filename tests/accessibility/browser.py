"""One headless Chromium session (Selenium) and axe-core 4.x in it."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .site import REPO_ROOT

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PORTAL_CHROMEDRIVER", "/usr/bin/chromedriver")
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-extensions",
    "--window-size=1280,800",
]


class BrowserError(Exception):
    pass


class ScriptError(BrowserError):
    """A script run with ``evaluate`` threw (what ``execute_script`` raises as JavascriptException)."""


def evaluate_expression(driver, expression: str, *, await_promise: bool = False):
    """The JSON value of the JavaScript ``expression`` in the page's main world (CDP ``Runtime.evaluate``);
    ``await_promise``: the expression is a promise, whose value is returned. Raises ``ScriptError`` when it throws."""
    out = driver.execute_cdp_cmd("Runtime.evaluate", {
        "expression": expression, "returnByValue": True, "awaitPromise": await_promise, "userGesture": False,
    })
    if out.get("exceptionDetails"):
        d = out["exceptionDetails"]
        text = (d.get("exception") or {}).get("description") or d.get("text") or "exception"
        raise ScriptError(f"javascript error: {text[:800]}")
    return (out.get("result") or {}).get("value")


def evaluate(driver, script: str, *args, await_promise: bool = False):
    """``driver.execute_script(script, *args)`` for a script that takes and returns JSON values only (no elements),
    sent straight to the page with CDP ``Runtime.evaluate`` in its main world, as the function body it is.

    The same JavaScript in the same document and world as ``execute_script``; what it saves is chromedriver's work
    around a WebDriver script (its wrapper, the wait for pending navigations, the conversion of arguments and
    result): about 2 ms of CPU per call instead of about 5 (measured while profiling issue #14 section 2). Used
    for the scripts that only read the page or finish its animations; whatever presses keys, clicks or moves the
    focus still goes through WebDriver. ``await_promise``: the body returns a promise, whose value is returned."""
    expression = "(function () {" + script + "\n}).apply(null, " + json.dumps(list(args), ensure_ascii=False) + ")"
    return evaluate_expression(driver, expression, await_promise=await_promise)


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    scale: float
    mobile: bool
    label: str

    def metrics(self) -> dict:
        return {"width": self.width, "height": self.height, "deviceScaleFactor": self.scale, "mobile": self.mobile}

    def describe(self) -> str:
        return f"{self.name} {self.width}×{self.height}"


# The two viewports axe runs in (a phone and a laptop)…
VIEWPORTS: dict[str, Viewport] = {
    "mobile": Viewport("mobile", 360, 800, 2, True, "スマートフォン（幅 360 px）"),
    "desktop": Viewport("desktop", 1280, 800, 1, False, "パソコン（幅 1280 px）"),
}
# …and the ones only the layout checks use.
NARROW = Viewport("narrow", 320, 800, 2, True, "幅 320 px（WCAG 1.4.10 リフロー）")
# 200 % browser zoom of a 1280×800 window: 640×400 CSS px at two device pixels per CSS px.
ZOOM200 = Viewport("zoom200", 640, 400, 2, False, "1280×800 の画面を 200 % に拡大")


def axe_script_path() -> Path:
    path = Path(os.environ.get("PORTAL_AXE_SCRIPT", AXE_SCRIPT))
    if not path.is_file():
        raise BrowserError(
            f"axe-core not found at {path}: run `npm ci` at the repository root "
            "(axe-core is pinned in package.json / package-lock.json)."
        )
    return path


def _axe_class():
    from axe_selenium_python import Axe

    class Axe4(Axe):
        """axe-selenium-python's ``Axe`` with axe-core 4.x from node_modules.

        The 2.1.6 package is written for axe-core 3.x and its ``run`` is unsafe here:
        it pastes ``context`` with Python's ``%r`` (``True``/``None``/quotes are not JavaScript)
        and it never handles a rejected ``axe.run`` promise, so an axe error turns into a
        Selenium script timeout with no message. ``inject`` re-reads the 650 kB script from
        disk for every page. This subclass keeps the package's API and fixes those three (the
        source is read once; ``Browser`` puts it into every new document through CDP)."""

        _source_cache: dict[str, str] = {}
        injections = 0  # documents that needed axe sent through WebDriver (per instance once counted)

        def source(self) -> str:
            src = self._source_cache.get(self.script_url)
            if src is None:
                src = Path(self.script_url).read_text(encoding="utf-8")
                self._source_cache[self.script_url] = src
            return src

        def inject(self) -> None:
            self.selenium.execute_script(self.source())

        def run(self, context=None, options=None):
            """``axe.run(context or document, options)`` in the page: its result with what the runner reads of it
            (``AXE_RESULT_JS``), through CDP ``Runtime.evaluate`` (as ``evaluate``) instead of chromedriver's
            asynchronous WebDriver script, which sent back the whole result (some 50 kB of JSON a run). A rejected
            ``axe.run`` is raised with its message; axe is sent in where the document lacks it."""
            result = evaluate(self.selenium, AXE_RESULT_JS, context, options, await_promise=True)
            if isinstance(result, dict) and result.get("axeMissing"):  # a document the CDP script did not reach
                self.inject()
                self.injections += 1
                result = evaluate(self.selenium, AXE_RESULT_JS, context, options, await_promise=True)
            if isinstance(result, dict) and "axeError" in result:
                raise BrowserError(f"axe.run failed: {result['axeError']}")
            return result

    return Axe4


# Browser.settle: fonts, two frames (none in a hidden page), then every animation finished; a promise of true.
SETTLE_JS = r"""
return new Promise(function (done) {
  var fonts = (document.fonts && document.fonts.ready) || Promise.resolve();
  var timeout = new Promise(function (r) { setTimeout(r, 3000); });
  function finish() {
    (document.getAnimations ? document.getAnimations() : []).forEach(function (a) {
      try { a.finish(); } catch (e) { /* infinite animations cannot finish */ }
    });
    done(true);
  }
  Promise.race([fonts, timeout]).then(function () {
    if (document.visibilityState === 'hidden') { finish(); return; }
    requestAnimationFrame(function () { requestAnimationFrame(finish); });
  });
});
"""


def _body(script: str) -> str:
    """A function body as a function expression (its ``arguments`` are what it is applied to)."""
    return "(function () {" + script + "\n})"


def settled_script(script: str | None = None, *, before: str = "") -> str:
    """One function body for ``evaluate`` (with ``await_promise``): ``before`` (statements that change the page,
    e.g. back to its state as loaded), then ``SETTLE_JS`` (fonts, frames, animations finished), then ``script``
    (a read-only function body) applied to the arguments; its value. What ``settle()`` followed by
    ``evaluate(script)`` does, in one round trip instead of two or three (issue #14 section 2)."""
    then = "true" if script is None else _body(script) + ".apply(null, args)"
    return (
        "var args = arguments;\n" + (before + "\n" if before else "")
        + "return " + _body(SETTLE_JS) + ".call(null).then(function () { return " + then + "; });"
    )


# Browser.axe_run: axe.run(context or document, options), and of its result what the runner reads: testEngine, and
# of each rule its id and tags, and for violations and incomplete also impact, help, description, helpUrl and
# every node's target, html, failureSummary and impact (runner._slim); the rest (each rule's passes and
# inapplicable nodes, the environment) is left in the page.
AXE_RESULT_JS = r"""
var ctx = arguments[0], opts = arguments[1];
if (typeof window.axe !== 'object' || !window.axe.run) { return {axeMissing: true}; }
function full(r) {
  return {id: r.id, impact: r.impact, help: r.help, description: r.description, helpUrl: r.helpUrl, tags: r.tags,
          nodes: r.nodes.map(function (n) {
            return {target: n.target, html: n.html, failureSummary: n.failureSummary, impact: n.impact};
          })};
}
function brief(r) { return {id: r.id, tags: r.tags}; }
return axe.run(ctx === null ? document : ctx, opts).then(function (r) {
  return {testEngine: r.testEngine, violations: r.violations.map(full), incomplete: r.incomplete.map(full),
          passes: r.passes.map(brief), inapplicable: r.inapplicable.map(brief)};
}, function (e) { return {axeError: String(e && e.stack || e)}; });
"""


class Browser:
    """A headless Chromium with Selenium; requests to hosts other than ``allowed_hosts`` cannot
    resolve (``--host-resolver-rules``) and every request is logged (performance log) so the
    checks can assert that none left the machine."""

    def __init__(self, allowed_hosts: set[str] | None = None):
        self.allowed_hosts = set(allowed_hosts or {"127.0.0.1"})
        self._start()

    def _start(self) -> None:
        os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not try to download drivers
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        for exe in (CHROMIUM, CHROMEDRIVER):
            if not Path(exe).exists():
                raise BrowserError(f"{exe} not found: install Debian's chromium and chromium-driver")
        self._profile = tempfile.mkdtemp(prefix="a11y-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in CHROMIUM_ARGS:
            options.add_argument(arg)
        options.add_argument(f"--user-data-dir={self._profile}")
        excludes = ", ".join(f"EXCLUDE {h}" for h in sorted(self.allowed_hosts))
        options.add_argument(f"--host-resolver-rules=MAP * ~NOTFOUND, {excludes}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
        try:
            self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        except Exception:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(120)
        self.version = f"Chromium {self.driver.capabilities.get('browserVersion', '?')}"
        self.user_agent = self.driver.execute_script("return navigator.userAgent")
        self.axe = _axe_class()(self.driver, script_url=str(axe_script_path()))
        # axe-core goes into every document the browser loads from here on, once per browser
        # (CDP Page.addScriptToEvaluateOnNewDocument), instead of its 550 kB through WebDriver on every
        # page; ``axe_run`` still injects it itself into a document that lacks it.
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": self.axe.source()})
        self._document_scripts: set[str] = set()  # keys of add_document_script
        self._viewport: Viewport | None = None
        self._hidden = False
        self._window: int | None = None
        self.drain_requests()

    def add_document_script(self, key: str, sources: list[str]) -> None:
        """Put ``sources`` into every document this browser loads from now on (CDP
        ``Page.addScriptToEvaluateOnNewDocument``), once per browser and ``key``: sent once, not with every page.
        They run before the page's own scripts; callers still check that a document has them (a browser restarted
        after a crash, a document the CDP script did not reach) and inject them themselves where it lacks them."""
        if key in self._document_scripts:
            return
        for source in sources:
            self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
        self._document_scripts.add(key)

    # ------------------------------------------------------------------ emulation

    def set_viewport(self, vp: Viewport) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", vp.metrics())
        if self._viewport is None or self._viewport.mobile != vp.mobile:  # it stays set across navigations
            self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": vp.mobile})
        self._viewport = vp

    def set_hidden(self, hidden: bool) -> None:
        """Minimise the window (the page is hidden: Chromium draws no frames, so no paint, raster or compositing)
        or show it again. See ``runner.HIDDEN_OK_JS`` for when a page may be checked hidden."""
        if hidden == self._hidden:
            return
        if self._window is None:
            self._window = self.driver.execute_cdp_cmd("Browser.getWindowForTarget", {})["windowId"]
        state = "minimized" if hidden else "normal"
        self.driver.execute_cdp_cmd("Browser.setWindowBounds", {"windowId": self._window, "bounds": {"windowState": state}})
        self._hidden = hidden

    @property
    def hidden(self) -> bool:
        return self._hidden

    def set_font_scale(self, factor: float) -> None:
        """Text-only zoom: Chromium's default font sizes (16 px / 13 px) times ``factor`` – what a
        user gets from the browser's "font size" setting."""
        self.driver.execute_cdp_cmd(
            "Page.setFontSizes", {"fontSizes": {"standard": round(16 * factor), "fixed": round(13 * factor)}}
        )

    def set_forced_colors(self, active: bool) -> None:
        """Forced-colours mode (what Windows high contrast turns on): ``@media (forced-colors: active)``
        matches and Chromium replaces author colours with the system colours."""
        features = [{"name": "forced-colors", "value": "active"}] if active else []
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})

    # ------------------------------------------------------------------ pages

    def load(self, url: str, vp: Viewport, then: str | None = None, *args):
        """Load ``url`` at ``vp`` and settle it; the value of the read-only script ``then`` (a function body applied
        to ``args``) run once it has settled, in the same round trip (``settle_eval``)."""
        if self._viewport != vp:
            self.set_viewport(vp)
        self.driver.get(url)
        return self.settle_eval(then, *args)

    def settle(self) -> None:
        """Wait for web fonts and two animation frames, then jump every running CSS animation or
        transition to its end, so that colours are measured as they stay, not mid-transition. A hidden page
        (``set_hidden``) draws no frames: there the animations are finished without waiting for any (getAnimations
        brings the styles up to date first, and so starts what a change of style starts)."""
        evaluate(self.driver, SETTLE_JS, await_promise=True)

    def settle_eval(self, script: str | None = None, *args, before: str = ""):
        """``before`` run in the page, then ``settle()``, then the read-only ``script`` (a function body applied to
        ``args``): its value. One CDP call instead of one for each (``settled_script``)."""
        return evaluate(self.driver, settled_script(script, before=before), *args, await_promise=True)

    def axe_run(self, options: dict, context: dict | None = None) -> dict:
        """``axe.run(context or document, options)`` in the page (``Axe4.run``: what the runner reads of its result)."""
        return self.axe.run(context=context, options=options)

    @property
    def axe_injections(self) -> int:
        """Documents that needed axe sent through WebDriver."""
        return self.axe.injections

    def axe_version(self) -> str:
        if not self.driver.execute_script("return typeof window.axe === 'object'"):
            self.axe.inject()
        return self.driver.execute_script("return axe.version")

    # ------------------------------------------------------------------ requests

    def drain_requests(self) -> list[str]:
        """Every URL requested since the last call (from the performance log and the page's own
        Resource Timing entries), http(s) and ws(s) only."""
        urls: list[str] = []
        for entry in self.driver.get_log("performance"):
            try:
                msg = json.loads(entry["message"])["message"]
            except (KeyError, ValueError):
                continue
            method = msg.get("method")
            if method == "Network.requestWillBeSent":
                urls.append(msg["params"]["request"]["url"])
            elif method == "Network.webSocketCreated":
                urls.append(msg["params"]["url"])
        try:
            urls += evaluate(
                self.driver, "return (performance.getEntriesByType ? performance.getEntriesByType('resource') : [])"
                ".map(function (e) { return e.name; })"
            ) or []
        except Exception:  # noqa: BLE001 - no page yet
            pass
        out: list[str] = []
        for u in urls:
            if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss") and u not in out:
                out.append(u)
        return out

    def foreign_requests(self, urls: list[str]) -> list[str]:
        return [u for u in urls if (urllib.parse.urlsplit(u).hostname or "") not in self.allowed_hosts]

    def alive(self) -> bool:
        try:
            self.driver.execute_script("return 1")
            return True
        except Exception:  # noqa: BLE001 - any failure means the session is gone
            return False

    def restart(self) -> None:
        """A new Chromium after a crash (the run goes on with the next page)."""
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass
        self._start()

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
