"""The engine: load each page once per viewport and make every check in that load.

Per page (one browser session for the whole run):

* desktop load, 1280×800: the page-level checks (lang, headings, images), the page's served HTML
  and its DOM after scripts (kept for the HTML validator), axe in every colour scheme, 200 % zoom
  (640×400 at 2×) and 200 % text size, the skip link (it needs the focus still at the top of the
  page), the keyboard pass, then forced colours (that Tab pass replayed by script where it may, see
  ``keyboard.forced_pass``, and the links);
* mobile load, 360×800 (phone emulation): axe in every colour scheme, the same document narrowed to
  320 px for the reflow check, the keyboard pass with the navigation drawer closed, then the drawer
  opened with its menu button: axe (state ``drawer-open``) and the keyboard pass again;
* a search page (``form#portal-search``), in both loads: 町内会 typed and submitted, and once the
  results are listed, axe (state ``search-results``), its DOM for the validator, and (desktop) the
  keyboard pass;
* the second engine, pa11y's HTML_CodeSniffer (WCAG2AA), in the phone load as loaded, before anything else
  touches it (``pa11y_page``: pa11y's own scripts and options from pa11y-ci.json, in this browser's page);
* every request of both loads must have stayed on the local server;
* after the pages, ONE run of the Nu Html Checker over every collected document (``validate_html``).

Template states (``TemplateProofs``): what the navigation drawer adds when it opens depends only on the
drawer, its menu button, the overlay and the CSS/JavaScript the page loads, not on the page's content
(the content stays as it was, under the overlay, and is checked closed on every page). Its key is a
SHA-256 of those elements after scripts and of the bytes of every stylesheet and script; the drawer
state (axe on the drawer, the menu button and the overlay; the keyboard pass with the drawer open) is
run on the first page of each key and recorded on the others as proven there (``PageResult.proven_by``).
A page whose drawer differs in one byte (another current section, another link) is a new key.
"""

from __future__ import annotations

import hashlib
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Iterable

from . import checks as C
from . import htmlcheck as H
from . import keyboard as K
from . import pa11y_page as PP
from .allowlist import Allowlist, AllowlistError, Entry
from .browser import NARROW, VIEWPORTS, ZOOM200, Browser, ScriptError, evaluate
from .incremental import html_hash
from .site import PageRef

IMPACTS = ["minor", "moderate", "serious", "critical"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    # every node of violations and incomplete; passes/inapplicable keep the rule list only
    "resultTypes": ["violations", "incomplete"],
}
# Which load makes the page-level checks when several are made: the desktop one.
LOAD_ORDER = ["desktop", "mobile"]
# The states of a page that axe runs in besides the page as loaded ("page").
STATES = {
    "page": "",
    "drawer-open": "navigation drawer open",
    "search-results": "search results shown",
    "search-nothing": "search that found nothing",
}
# A search page: the form, where to type, what to type, and what shows the results.
SEARCH_FORM = "form#portal-search"
SEARCH_INPUT = "#q"
SEARCH_QUERY = "町内会"
SEARCH_RESULTS = "#portal-search-results > li"
# 町内会 lists 施政方針 pages whose results link straight to paragraphs (sub-results): that state is
# scanned too, so the query must keep showing some.
SEARCH_SUBRESULTS = "#portal-search-results .portal-result__subs a"
# A word no page has: the page says so and offers ways on (a list of links after the results): scanned too.
SEARCH_NOTHING_QUERY = "xyzzy"
SEARCH_NOTHING = "#portal-search-more a"
SEARCH_TIMEOUT = 20
# What opening the navigation drawer adds to a page: axe runs on these in the state drawer-open.
DRAWER_PARTS = [".md-sidebar--primary", ".md-overlay", ".portal-drawer-open", 'label.md-header__button[for="__drawer"]']

_TEMPLATE_JS = r"""
var parts = arguments[0].map(function (sel) {
  return Array.prototype.map.call(document.querySelectorAll(sel), function (e) { return e.outerHTML; }).join('\n');
});
var assets = Array.prototype.map.call(document.querySelectorAll('link[rel~="stylesheet"][href], script[src]'),
  function (e) { return e.href || e.src; });
var inline = Array.prototype.map.call(document.querySelectorAll('style, script:not([src])'),
  function (e) { return e.localName + ':' + e.textContent; });
var box = document.getElementById('__drawer');
return {parts: parts, assets: assets, inline: inline, toggle: box ? box.outerHTML : ''};
"""


# Scripts of the site that never look at the width (theme/assets/drawer.js: the drawer's buttons and focus):
# a page that runs no other script is checked at both viewports in one load.
WIDTH_INDEPENDENT_SCRIPTS = ("/assets/drawer.js",)

_SWITCHABLE_JS = r"""
if (document.querySelector(arguments[0])) { return false; }
var known = arguments[1];
return Array.prototype.every.call(document.scripts, function (s) {
  if (!s.src) { return (s.type || '').indexOf('json') >= 0; }
  var path = new URL(s.src).pathname;
  return known.some(function (k) { return path.slice(-k.length) === k; });
});
"""

# A page is checked in a minimised window (Browser.set_hidden) where that cannot change a verdict. Hidden,
# Chromium draws no frames: no paint, raster or compositing, which is where most of the CPU of a Tab press, an
# emulation switch or a load went. Every check reads the DOM, computed styles, layout geometry, hit testing
# (elementFromPoint) and the focus, which Blink brings up to date on demand from script whether or not it
# paints; no check looks at pixels. What a hidden document does otherwise differently is the rendering steps of
# the event loop, which do not run: requestAnimationFrame, resize / scroll / media-query events, ResizeObserver,
# IntersectionObserver (and so lazy loading and content-visibility: auto), CSS animations and transitions, smooth
# scrolling; besides, visibilitychange fires and timers are throttled. Browser.settle finishes animations either
# way. So a page is checked hidden only when nothing of that can matter: it runs no script but the drawer's
# (WIDTH_INDEPENDENT_SCRIPTS: it uses none of them) and JSON data, and has no lazy loading, content-visibility,
# smooth scrolling, scroll-driven animation, media, canvas or frame; otherwise it is loaded again in a shown
# window (fixture /lazy-image/: an image that only loads, and overflows, where the page is drawn).
HIDDEN_OK_JS = r"""
var known = arguments[0];
if (document.visibilityState !== 'hidden') { return 'the page is not hidden'; }
for (var i = 0; i < document.scripts.length; i++) {
  var s = document.scripts[i];
  if (!s.src) {
    if ((s.type || '').indexOf('json') < 0) { return 'an inline script'; }
    continue;
  }
  var path = new URL(s.src).pathname;
  if (!known.some(function (k) { return path.slice(-k.length) === k; })) { return 'the script ' + path; }
}
if (document.querySelector('[loading="lazy"], video, audio, canvas, iframe, frame, object, embed, portal, fencedframe')) {
  return 'lazy loading, media, a canvas or a frame';
}
if ((document.getAnimations ? document.getAnimations() : []).some(function (a) { return a.timeline !== document.timeline; })) {
  return 'a scroll-driven animation';
}
var els = document.querySelectorAll('html, body, body *');
for (var j = 0; j < els.length; j++) {
  var cs = getComputedStyle(els[j]);
  if ((cs.contentVisibility || 'visible') !== 'visible') { return 'content-visibility'; }
  if (cs.scrollBehavior === 'smooth') { return 'smooth scrolling'; }
  if ((cs.animationTimeline || 'auto').split(',').some(function (t) { return t.trim() !== 'auto'; })) { return 'a scroll-driven animation'; }
}
return '';
"""

# Read once a load has settled, in the same round trip (Browser.load): whether the page may stay hidden
# (HIDDEN_OK_JS, when arguments[0] asks: null otherwise) and the HTTP status of the navigation.
_LOADED_JS = (
    "var why = arguments[0] ? (function () {" + HIDDEN_OK_JS + "\n}).apply(null, [arguments[1]]) : null;"
    "var n = performance.getEntriesByType('navigation')[0];"
    "return {why: why, status: n ? (n.responseStatus || 0) : 0};"
)

# What the runner reads of a loaded document before axe, in one round trip (each part as before its own script,
# all of them read-only): the page facts and the DOM after scripts (the load that makes the page-level checks),
# the palettes and whether it is a search page. Each part's value, or the message of what it threw.
_BEFORE_AXE_JS = (
    "var parts = arguments[0], searchForm = arguments[1], out = {};\n"
    "var bodies = {facts: function () {" + C._STATIC_JS + "\n},\n"
    "  dom: function () {" + H.DOM_JS + "\n},\n"
    "  palettes: function () {" + C._PALETTES_JS + "\n},\n"
    "  search: function () { return !!document.querySelector(searchForm); }};\n"
    "parts.forEach(function (k) {\n"
    "  try { out[k] = {value: bodies[k]()}; } catch (e) { out[k] = {error: 'javascript error: ' + String(e && e.message || e)}; }\n"
    "});\n"
    "return out;"
)


# Back to the state of a fresh load before the next viewport's checks: no fragment (the skip link
# check follows its link, and :target must not stay on its target), the focus and its sequential
# navigation starting point at the top, scrolled to the top.
_RESET_JS = r"""
if (location.hash) { location.hash = ''; }
if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
var t = document.createElement('span');
t.tabIndex = -1;
document.body.insertBefore(t, document.body.firstChild);
t.focus({preventScroll: true});
t.blur();
t.remove();
window.scrollTo(0, 0);
"""


class TemplateProofs:
    """Which page proved each template state (thread-safe: parallel workers share one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._provers: dict[tuple[str, str], str] = {}
        self._assets: dict[str, str] = {}

    def asset_hash(self, url: str) -> str:
        with self._lock:
            if url in self._assets:
                return self._assets[url]
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:  # the local site server (or --sitemap's)
                digest = hashlib.sha256(resp.read()).hexdigest()
        except OSError as exc:
            digest = f"unreadable:{exc}"  # a key no other page shares by chance; the page is tested itself
        with self._lock:
            self._assets[url] = digest
        return digest

    def claim(self, state: str, key: str, path: str) -> str:
        """The page that proves ``state`` for ``key``: ``path`` itself if it is the first to ask."""
        with self._lock:
            return self._provers.setdefault((state, key), path)

    def release(self, state: str, key: str, path: str) -> None:
        """``path`` could not prove the state (an error): the next page with the key proves it."""
        with self._lock:
            if self._provers.get((state, key)) == path:
                del self._provers[(state, key)]

    def drawer_key(self, driver) -> str:
        info = evaluate(driver, _TEMPLATE_JS, DRAWER_PARTS)
        h = hashlib.sha256()
        for part in [*info["parts"], info["toggle"], *info["inline"]]:
            h.update(part.encode("utf-8") + b"\0")
        for url in info["assets"]:
            h.update(url.encode("utf-8") + b"=" + self.asset_hash(url).encode("ascii") + b"\0")
        return h.hexdigest()


def _target(t) -> str:
    """axe targets are selectors, or lists of them for iframes/shadow DOM."""
    if isinstance(t, list):
        return " >>> ".join(_target(x) for x in t)
    return str(t)


@dataclass
class Failure:
    page: str
    viewport: str
    scheme: str
    rule: str
    impact: str
    source: str  # "axe" or "check"
    help: str
    help_url: str = ""
    nodes: list[dict] = field(default_factory=list)  # [{"target": [...], "html": ..., "summary": ...}]
    tags: list[str] = field(default_factory=list)
    reason: str = ""  # the allowlist reason, when excused
    state: str = "page"  # for axe: page | drawer-open | search-results

    def to_json(self) -> dict:
        d = {
            "page": self.page, "viewport": self.viewport, "state": self.state, "scheme": self.scheme, "rule": self.rule,
            "impact": self.impact, "source": self.source, "help": self.help, "help_url": self.help_url,
            "tags": self.tags, "nodes": self.nodes,
        }
        if self.reason:
            d["reason"] = self.reason
        return d


@dataclass
class AxeRun:
    viewport: str
    scheme: str
    violations: list[dict]
    incomplete: list[dict]
    passes: list[str]
    inapplicable: list[str]
    seconds: float
    state: str = "page"

    def to_json(self) -> dict:
        return {
            "viewport": self.viewport, "state": self.state, "scheme": self.scheme, "seconds": round(self.seconds, 3),
            "violations": self.violations, "incomplete": self.incomplete,
            "passes": self.passes, "inapplicable": self.inapplicable,
        }


@dataclass
class PageResult:
    page: PageRef
    url: str
    title: str = ""
    loads: list[str] = field(default_factory=list)
    schemes: list[str] = field(default_factory=list)
    runs: list[AxeRun] = field(default_factory=list)
    checks: dict[str, C.CheckOutcome] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    allowed: list[Failure] = field(default_factory=list)
    below_threshold: list[Failure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)  # "mobile/drawer-open", "desktop/search-results" …
    proven_by: dict[str, str] = field(default_factory=dict)  # "mobile/drawer-open" → the page that proved it
    html_sha256: str = ""  # of the HTML as served (incremental.html_hash): what the verdict is about
    html_messages: list[dict] = field(default_factory=list)  # everything the HTML validator said
    search_subresults: dict[str, int] = field(default_factory=dict)  # viewport -> links to paragraphs in the results
    pa11y: list[dict] | None = None  # pa11y's issues (HTML_CodeSniffer) in the phone load; None: not run
    seconds: float = 0.0

    @property
    def path(self) -> str:
        return self.page.path

    @property
    def passed(self) -> bool:
        return not self.failures and not self.errors

    def failures_for(
        self, *, rule_source: str | None = None, viewport: str | None = None, rule: str | None = None, state: str | None = None,
    ) -> list[Failure]:
        return [
            f for f in self.failures
            if (rule_source is None or f.source == rule_source)
            and (viewport is None or f.viewport == viewport)
            and (rule is None or f.rule == rule)
            and (state is None or f.state == state)
        ]

    def incomplete(self) -> list[dict]:
        out = []
        for run in self.runs:
            for item in run.incomplete:
                out.append({"page": self.path, "viewport": run.viewport, "state": run.state, "scheme": run.scheme, **item})
        return out

    def to_json(self) -> dict:
        return {
            "path": self.path, "url": self.url, "source": self.page.source, "title": self.title, "result": "pass" if self.passed else "fail",
            "html_sha256": self.html_sha256,
            "seconds": round(self.seconds, 2), "loads": self.loads, "schemes": self.schemes, "states": self.states,
            "errors": self.errors,
            "failures": [f.to_json() for f in self.failures],
            "allowed": [f.to_json() for f in self.allowed],
            "below_threshold": [f.to_json() for f in self.below_threshold],
            "incomplete": self.incomplete(),
            "proven_by": self.proven_by,
            "checks": [c.to_json() for c in self.checks.values()],
            "axe_runs": [r.to_json() for r in self.runs],
            "requests": self.requests,
            "html": self.html_messages,
            "pa11y": self.pa11y,
        }


# --------------------------------------------------------------------------- messages


def describe_viewport(name: str) -> str:
    """``mobile 360×800`` etc.; ``desktop+mobile`` for checks over several loads."""
    vps = {**VIEWPORTS, NARROW.name: NARROW, ZOOM200.name: ZOOM200}
    return "+".join(vps[n].describe() if n in vps else n for n in name.split("+"))


def format_failures(failures: Iterable[Failure], *, max_nodes: int = 5) -> str:
    """One block per problem; the same rule on the same elements in several colour schemes is
    one block naming all of them."""
    groups: dict[tuple, list[Failure]] = {}
    for f in failures:
        key = (f.page, f.viewport, f.state, f.rule, tuple(tuple(n.get("target", [])) for n in f.nodes), f.help)
        groups.setdefault(key, []).append(f)
    blocks = []
    for fs in groups.values():
        f = fs[0]
        vp = describe_viewport(f.viewport)
        schemes = ", ".join(dict.fromkeys(x.scheme for x in fs if x.scheme != "-"))
        where = f"viewport {vp}" + (f", {STATES.get(f.state, f.state)}" if STATES.get(f.state, f.state) else "")
        where += f", colour scheme {schemes}" if schemes else ""
        head = f"{f.page} [{where}] {f.rule} ({f.impact}): {f.help}"
        if f.help_url:
            head += f"  <{f.help_url}>"
        if f.reason:
            head += f"  — allowed: {f.reason}"
        lines = [head]
        for n in f.nodes[:max_nodes]:
            target = ", ".join(n.get("target", [])) or "(page)"
            html = " ".join((n.get("html") or "").split())
            lines.append(f"    - {target}" + (f"\n      {html}" if html else ""))
            if n.get("summary"):
                summary = " ".join(n["summary"].split())
                lines.append(f"      {summary[:300]}")
        if len(f.nodes) > max_nodes:
            lines.append(f"    … and {len(f.nodes) - max_nodes} more element(s)")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


# --------------------------------------------------------------------------- the scanner


def _slim(rule: dict) -> dict:
    return {
        "id": rule["id"], "impact": rule.get("impact"), "help": rule.get("help", ""),
        "description": rule.get("description", ""), "help_url": rule.get("helpUrl", ""),
        "tags": rule.get("tags", []),
        "nodes": [
            {"target": [_target(t) for t in n.get("target", [])], "html": n.get("html", ""),
             "summary": n.get("failureSummary", "") or "", "impact": n.get("impact")}
            for n in rule.get("nodes", [])
        ],
    }


class Scanner:
    """Scans pages on demand and keeps the results (pytest asks page by page; the CLI asks for all).
    ``validate_html`` then checks every document collected so far in one validator run."""

    def __init__(
        self,
        browser: Browser,
        base_url: str,
        *,
        viewports: Iterable[str] = ("mobile", "desktop"),
        schemes: Iterable[str] | None = None,
        allowlist: Allowlist | None = None,
        threshold: str = "minor",
        progress: Callable[[str], None] | None = print,
        total: int | None = None,
        html_ignore: list[H.IgnoreEntry] | None = None,
        proofs: TemplateProofs | None = None,
        template_proofs: bool = True,
        counter: Callable[[], int] | None = None,
        single_load: bool = True,
        hidden_ok: bool = True,
        pa11y: bool = True,
        pa11y_config: str | None = None,
    ):
        unknown = [v for v in viewports if v not in VIEWPORTS]
        if unknown:
            raise ValueError(f"unknown viewport {unknown}: choose from {', '.join(VIEWPORTS)}")
        if threshold not in IMPACTS:
            raise ValueError(f"threshold must be one of {', '.join(IMPACTS)}")
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.viewports = [v for v in LOAD_ORDER if v in set(viewports)]
        self.schemes = set(schemes) if schemes else None
        self.allowlist = allowlist or Allowlist([])
        self.threshold = threshold
        self.progress = progress
        self.total = total
        self.results: dict[str, PageResult] = {}
        self.rule_tags: dict[str, list[str]] = {}  # every axe rule that ran → its tags
        self.used_allowlist: set[Entry] = set()
        self.started = time.time()
        self.axe_version: str | None = None  # from the first axe run
        self._allowlist_checked = False
        # HTML validation: documents collected per page, validated in one run of the checker
        self.html_ignore = H.load_ignore() if html_ignore is None else html_ignore
        self.documents: dict[str, dict[str, str | bytes]] = {}
        self.validated: set[str] = set()
        self.used_html_ignores: set[H.IgnoreEntry] = set()
        self.html_seconds = 0.0
        self.html_documents = 0
        self.html_runs = 0
        # template states proven once per key (see TemplateProofs); off: every page runs every state
        self.proofs = (proofs or TemplateProofs()) if template_proofs else None
        self.counter = counter  # numbers the progress lines when several scanners share a run
        self.single_load = single_load  # both viewports in one load where valid (_switchable)
        self.forced_methods: dict[str, int] = {}  # forced-colours passes: replayed by script / Tab pressed (keyboard.forced_pass)
        self.phone_methods: dict[str, int] = {}  # phone passes as loaded: replayed by script / Tab pressed (keyboard.phone_pass)
        self.hidden_ok = hidden_ok  # pages checked in a minimised window where HIDDEN_OK_JS allows
        self.visibility: dict[str, int] = {}  # loads: "hidden" / "shown: why" (HIDDEN_OK_JS)
        # the second engine (pa11y_page): pa11y's HTML_CodeSniffer in every phone load
        self.pa11y = pa11y
        self.pa11y_config = pa11y_config or str(PP.CONFIG)
        self.pa11y_seconds = 0.0
        self.pa11y_pages = 0

    # ------------------------------------------------------------------ public

    def scan(self, page: PageRef, loads: Iterable[str] | None = None) -> PageResult:
        wanted = [v for v in LOAD_ORDER if v in set(loads or self.viewports)]
        result = self.results.get(page.path)
        if result is None:
            result = PageResult(page, self.base_url + page.path)
            self.results[page.path] = result
        todo = [v for v in wanted if v not in result.loads]
        if not todo:
            return result
        t0 = time.time()
        switch = False
        for i, vp in enumerate(todo):
            try:
                self._load(result, vp, page_checks=not result.loads, reuse=switch)
                switch = self.single_load and i + 1 < len(todo) and self._switchable()
                if not switch:  # the document is left (or the page is done): its requests, once
                    result.requests = list(dict.fromkeys(result.requests + self.browser.drain_requests()))
            except Exception as exc:  # noqa: BLE001 - reported as a failure of the page
                if isinstance(exc, AllowlistError):
                    raise
                text = (getattr(exc, "msg", None) or str(exc)).strip()  # selenium: without its stack trace
                result.errors.append(f"{vp}: {type(exc).__name__}: {text.splitlines()[0][:500] if text else ''}")
                if not self.browser.alive():
                    result.errors.append("the browser died; restarted it for the next page")
                    self.browser.restart()
                else:
                    self._reset_emulation()
                switch = False
                try:
                    result.requests = list(dict.fromkeys(result.requests + self.browser.drain_requests()))
                except Exception as exc2:  # noqa: BLE001
                    result.errors.append(f"reading the request log: {exc2}")
            result.loads.append(vp)
        foreign = self.browser.foreign_requests(result.requests)
        result.checks["local-requests-only"] = C.CheckOutcome(
            "local-requests-only", not foreign, "+".join(result.loads),
            "" if not foreign else f"{len(foreign)} request(s) to other hosts",
            [{"target": [u], "html": ""} for u in foreign],
        )
        self._judge(result)
        result.seconds += time.time() - t0
        if self.progress:
            n = self.counter() if self.counter else len(self.results)
            count = f"[{n}/{self.total}]" if self.total else f"[{n}]"
            status = "ok" if result.passed else "FAIL " + ",".join(sorted({f.rule for f in result.failures} | ({"error"} if result.errors else set())))
            inc = sum(len(r.incomplete) for r in result.runs)
            states = sorted({s.split("/", 1)[1] for s in result.states} - {"page"})
            states += [f"{s.split('/', 1)[1]} as on {p}" for s, p in result.proven_by.items()]
            self.progress(
                f"{count} {page.path}  {'+'.join(todo)} × {','.join(result.schemes) or '-'}"
                f"{' (+' + ', '.join(states) + ')' if states else ''}  "
                f"{status}  ({inc} to review)  {result.seconds:.1f}s"
            )
        return result

    def scan_all(self, pages: Iterable[PageRef]) -> list[PageResult]:
        """Every page, then the HTML validator once over all of them."""
        out = [self.scan(p) for p in pages]
        self.validate_html()
        return out

    def validate_html(self) -> None:
        """Run the Nu Html Checker once over every page scanned and not validated yet; its verdict
        becomes the ``html-valid`` check of each page."""
        pending = {p: docs for p, docs in self.documents.items() if p not in self.validated}
        if not pending:
            return
        t0 = time.time()
        try:
            v = H.validate(pending, self.html_ignore)
        except H.HtmlCheckError as exc:
            for p in pending:
                self.results[p].errors.append(f"html-valid: {exc}")
                self._judge(self.results[p])
            if self.progress:
                self.progress(f"html: the validator could not run: {exc}")
        else:
            self.used_html_ignores |= v.used_ignores
            self.html_documents += v.documents
            for p, msgs in v.messages.items():
                self.apply_html_verdict(self.results[p], msgs)
            if self.progress:
                bad = [p for p in pending if not self.results[p].passed and "html-valid" in {f.rule for f in self.results[p].failures}]
                self.progress(
                    f"html: {v.documents} documents of {len(pending)} page(s) checked in {v.seconds:.1f}s "
                    f"(Nu Html Checker {H.vnu_version() or '?'})  "
                    + ("ok" if not bad else f"FAIL html-valid on {len(bad)} page(s): {', '.join(bad[:10])}")
                )
        self.validated.update(pending)
        for p in pending:
            self.documents[p] = {}  # free the memory; the verdict stays in the results
        self.html_runs += 1
        self.html_seconds += time.time() - t0

    def apply_html_verdict(self, r: PageResult, msgs: list) -> None:
        """The Nu Html Checker's messages on one page become its ``html-valid`` check."""
        r.html_messages = [m.to_json() for m in msgs]
        failing = [m for m in msgs if m.fails]
        per_kind: dict[str, int] = {}
        for m in failing:
            per_kind[m.kind] = per_kind.get(m.kind, 0) + 1
        message = "; ".join(
            f"{H.DOC_KINDS[k]}: {n} error(s)/warning(s)" for k, n in sorted(per_kind.items(), key=lambda x: list(H.DOC_KINDS).index(x[0]))
        )
        r.checks["html-valid"] = C.CheckOutcome(
            "html-valid", not failing, r.loads[0] if r.loads else "-", message, [m.node() for m in failing[:20]],
        )
        self._judge(r)

    def html_validated(self, path: str) -> bool:
        return path in self.validated

    # ------------------------------------------------------------------ one load

    def _reset_emulation(self) -> None:
        try:
            self.browser.set_forced_colors(False)
        except Exception:  # noqa: BLE001
            pass

    def _collect(self, result: PageResult, kind: str, get) -> None:
        try:
            self.documents.setdefault(result.path, {})[kind] = get()
        except Exception as exc:  # noqa: BLE001
            result.errors.append(f"html-valid: cannot read the {H.DOC_KINDS[kind]}: {exc}")

    def _axe(self, result: PageResult, vp_name: str, pals: list[dict], state: str = "page", context: dict | None = None) -> None:
        """axe in every colour scheme, in the page's current state (on ``context`` only, when given)."""
        b = self.browser
        d = b.driver
        for p in pals:
            name = p.get("name") or p["scheme"] or "default"
            if p["index"] is not None:
                C.switch_palette(d, p["index"])
                b.settle()
            t = time.time()
            raw = b.axe_run(AXE_OPTIONS, context)
            if self.axe_version is None:
                self.axe_version = (raw.get("testEngine") or {}).get("version")
            for kind in ("violations", "incomplete", "passes", "inapplicable"):
                for r in raw.get(kind, []):
                    self.rule_tags.setdefault(r["id"], r.get("tags", []))
            if not self._allowlist_checked:
                self.allowlist.check_rules(set(d.execute_script("return axe.getRules().map(function (r) { return r.ruleId; })")))
                self._allowlist_checked = True
            result.runs.append(AxeRun(
                vp_name, name,
                [_slim(r) for r in raw.get("violations", [])],
                [_slim(r) for r in raw.get("incomplete", [])],
                [r["id"] for r in raw.get("passes", [])],
                [r["id"] for r in raw.get("inapplicable", [])],
                time.time() - t,
                state,
            ))
            if name not in result.schemes:
                result.schemes.append(name)
        if f"{vp_name}/{state}" not in result.states:
            result.states.append(f"{vp_name}/{state}")
        if len(pals) > 1 and pals[0]["index"] is not None:  # back to the first scheme for what follows
            C.switch_palette(d, pals[0]["index"])
            b.settle()

    def _merge(self, result: PageResult, outcome: C.CheckOutcome) -> None:
        """The keyboard checks are made in several loads and states: one outcome for all."""
        old = result.checks.get(outcome.id)
        if old is None:
            result.checks[outcome.id] = outcome
            return
        vps = list(dict.fromkeys([*old.viewport.split("+"), *outcome.viewport.split("+")]))
        result.checks[outcome.id] = C.CheckOutcome(
            outcome.id, old.passed and outcome.passed, "+".join(vps),
            "; ".join(m for m in (old.message, outcome.message) if m), old.nodes + outcome.nodes,
        )

    def _drawer(self, result: PageResult, vp_name: str, pals: list[dict], where: str) -> None:
        """The navigation drawer, opened with its menu button: axe on what it adds and the keyboard pass,
        once per template key (the first page with the key proves it for the others)."""
        b, d = self.browser, self.browser.driver
        state = f"{vp_name}/drawer-open"
        key = prover = None
        if self.proofs is not None and K.drawer_state(d)["present"]:
            key = f"{vp_name}:{self.proofs.drawer_key(d)}"
            prover = self.proofs.claim("drawer-open", key, result.path)
            if prover != result.path:
                result.proven_by[state] = prover
                return
        try:
            why = K.open_drawer(d, b.settle)
            if why is None:
                present = evaluate(
                    d, "return arguments[0].filter(function (s) { return !!document.querySelector(s); })", DRAWER_PARTS)
                self._axe(result, vp_name, pals, "drawer-open", context={"include": [[sel] for sel in present]})
                self._keyboard(result, vp_name, K.State("drawer-open", f"{where}, navigation drawer open"), drawer_open=True)
                K.close_drawer(d, b.settle)
            elif why:
                result.errors.append(f"{vp_name}: {why}")
        except Exception:
            if key is not None:
                self.proofs.release("drawer-open", key, result.path)
            raise
        if key is not None and state not in result.states:  # not proven here (error): the next page proves it
            self.proofs.release("drawer-open", key, result.path)

    def _keyboard(self, result: PageResult, vp_name: str, state: K.State, *, drawer_open: bool = False) -> None:
        d = self.browser.driver
        if vp_name == "mobile" and state.name == "page" and not drawer_open:
            # the desktop pass of this document replayed where provably equal, else Tab pressed (K.phone_pass)
            raw = K.phone_pass(d)
            how = raw["method"] + (f": {raw['replay_refused']}" if raw.get("replay_refused") else "")
            self.phone_methods[how] = self.phone_methods.get(how, 0) + 1
        else:
            # the desktop pass of the page as loaded is kept for the phone pass to replay
            raw = K.tab_pass(d, drawer_open=drawer_open, keep=vp_name == "desktop" and state.name == "page")
        for outcome in K.keyboard_outcomes(raw, state, vp_name):
            self._merge(result, outcome)

    def _search(self, result: PageResult, vp_name: str, query: str = SEARCH_QUERY, shown: str = SEARCH_RESULTS) -> bool:
        """Type the query into the search page's form, submit it and wait for what it shows (``shown``: results)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import WebDriverWait

        d = self.browser.driver
        field_ = d.find_element(By.CSS_SELECTOR, SEARCH_INPUT)
        field_.clear()
        field_.send_keys(query)
        field_.send_keys(Keys.ENTER)
        try:
            WebDriverWait(d, SEARCH_TIMEOUT, poll_frequency=0.1).until(
                lambda drv: drv.execute_script("return document.querySelectorAll(arguments[0]).length", shown) > 0
            )
        except Exception:  # noqa: BLE001 - TimeoutException
            result.errors.append(f"{vp_name}: search for {query} showed nothing of {shown} within {SEARCH_TIMEOUT} s")
            return False
        self.browser.settle()
        return True

    def _switchable(self) -> bool:
        """Whether the loaded document can be checked at the next viewport without loading it again:
        CSS alone adapts it to the width (media queries are evaluated again when the emulated screen
        changes), so the only scripts it may run are ones that do not look at the width
        (``WIDTH_INDEPENDENT_SCRIPTS``), and it is not the search page (whose results change the DOM)."""
        return bool(evaluate(self.browser.driver, _SWITCHABLE_JS, SEARCH_FORM, list(WIDTH_INDEPENDENT_SCRIPTS)))

    def _load(self, result: PageResult, vp_name: str, *, page_checks: bool, reuse: bool = False) -> None:
        b = self.browser
        d = b.driver
        vp = VIEWPORTS[vp_name]
        if reuse:
            # the same document at the next viewport (see _switchable): as loaded again, minus the reload
            b.set_viewport(vp)
            b.settle_eval(before=_RESET_JS)
        else:
            if self.pa11y:
                try:
                    PP.preload(b, self.pa11y_config)  # once per browser
                except PP.Pa11yPageError:
                    pass  # said by run_in_page below, for this page
            b.set_hidden(self.hidden_ok)
            known = list(WIDTH_INDEPENDENT_SCRIPTS)
            loaded = b.load(result.url, vp, _LOADED_JS, self.hidden_ok, known)
            if self.hidden_ok:
                why = loaded["why"]
                if why:  # checked as a reader's browser draws it
                    b.set_hidden(False)
                    loaded = b.load(result.url, vp, _LOADED_JS, False, known)
                how = f"shown: {why}" if why else "hidden"
                self.visibility[how] = self.visibility.get(how, 0) + 1
            status = loaded["status"]
            if status >= 400:
                raise RuntimeError(f"HTTP {status} for {result.url}")
        if vp_name == "mobile" and self.pa11y:
            # pa11y's verdict at 360 px, on the document as loaded (or reset to it), before any check changes it
            t = time.time()
            try:
                result.pa11y = PP.run_in_page(d, self.pa11y_config)
                self.pa11y_pages += 1
            except PP.Pa11yPageError as exc:
                result.errors.append(f"pa11y: {exc}")
            self.pa11y_seconds += time.time() - t
        # the page facts, the DOM, the palettes and whether it is a search page: one read-only script
        before = evaluate(d, _BEFORE_AXE_JS, ["facts", "dom", "palettes", "search"] if page_checks else ["palettes", "search"],
                          SEARCH_FORM)

        def part(name: str):
            if "error" in before[name]:
                raise ScriptError(before[name]["error"])
            return before[name]["value"]

        if page_checks:
            facts = part("facts")
            result.title = facts.get("title") or ""
            for outcome in (C.check_lang(facts, vp_name), C.check_headings(facts, vp_name), C.check_images(facts, vp_name)):
                result.checks[outcome.id] = outcome
            self._collect(result, "served", lambda: H.served_html(result.url))
            served = self.documents.get(result.path, {}).get("served")
            if isinstance(served, bytes):
                result.html_sha256 = html_hash(served)
            self._collect(result, "dom", lambda: part("dom"))
        pals = C.palettes_from(part("palettes"))
        if self.schemes is not None:
            pals = [p for p in pals if p.get("name", p["scheme"]) in self.schemes or p["scheme"] in self.schemes]
        self._axe(result, vp_name, pals)
        # The emulation changes are ordered so that each page switches as little as it can (each switch
        # lays out and paints the whole page again): 320 px and 200 % text size / zoom come last in their
        # load, after the keyboard passes, with the document reset to its state as loaded (_RESET_JS).
        search = bool(part("search"))
        if vp_name == "mobile":
            # the whole document against the screen: at 360 px as loaded (320 px below)
            wide360, culprits360 = C.overflow_problem(C.overflow(d, vp.width), f"at {vp.width} px")
        if page_checks:
            result.checks["skip-link"] = C.check_skip_link(d, vp_name, b.settle)
        # the keyboard pass, as loaded
        where = vp.describe()
        self._keyboard(result, vp_name, K.State("page", where))
        if vp_name == "desktop":
            # forced colours (Windows high contrast): focus and links
            b.set_forced_colors(True)
            b.settle()
            try:
                state = K.State("forced-colors", f"{where}, forced colours")
                raw = K.forced_pass(d)
                how = raw["method"] + (f": {raw['replay_refused']}" if raw.get("replay_refused") else "")
                self.forced_methods[how] = self.forced_methods.get(how, 0) + 1
                self._merge(result, K.forced_focus_outcome(raw, state, vp_name))
                self._merge(result, K.forced_links_outcome(K.forced_links(d), state, vp_name))
            finally:
                b.set_forced_colors(False)  # settled with the text size below
            result.states.append(f"{vp_name}/forced-colors")
            # 200 % text size at 1280 px, then 200 % zoom (640×400 CSS px at 2×)
            d.execute_script(_RESET_JS)
            problems, nodes = [], []
            b.set_font_scale(2)
            p, culprits = C.overflow_problem(C.overflow_settled(b), "200 % text size at 1280 px")
            if p:
                problems.append(p)
                nodes += culprits
            b.set_font_scale(1)
            b.set_viewport(ZOOM200)
            p, culprits = C.overflow_problem(C.overflow_settled(b), "200 % zoom (640×400 CSS px)")
            if p:
                problems.insert(0, p)
                nodes = culprits + nodes
            result.checks["text-zoom-200"] = C.CheckOutcome("text-zoom-200", not problems, "desktop", "; ".join(problems), nodes)
        if vp_name == "mobile":
            self._drawer(result, vp_name, pals, where)
            # WCAG 1.4.10 at 320 px
            d.execute_script(_RESET_JS)
            b.set_viewport(NARROW)
            problem, culprits = C.overflow_problem(C.overflow_settled(b, NARROW.width), "at 320 px")
            problem = "; ".join(p for p in (problem, wide360) if p)
            result.checks["reflow-320"] = C.CheckOutcome("reflow-320", not problem, "narrow", problem, culprits + culprits360)
        if search:
            b.set_viewport(vp)  # back from 320 px / 200 % zoom
            b.settle_eval(before=_RESET_JS)
            if self._search(result, vp_name):
                result.search_subresults[vp_name] = d.execute_script(
                    "return document.querySelectorAll(arguments[0]).length", SEARCH_SUBRESULTS)
                if "dom-search-results" not in self.documents.get(result.path, {}) and result.path not in self.validated:
                    self._collect(result, "dom-search-results", lambda: H.dom_html(d))
                self._axe(result, vp_name, pals, "search-results")
                if vp_name == "desktop":
                    self._keyboard(result, vp_name, K.State("search-results", f"{where}, search results for {SEARCH_QUERY}"))
            # a word no page has: what the page says and the ways on it offers (its links)
            if self._search(result, vp_name, SEARCH_NOTHING_QUERY, SEARCH_NOTHING):
                self._axe(result, vp_name, pals, "search-nothing")

    # ------------------------------------------------------------------ verdict

    def _judge(self, result: PageResult) -> None:
        found: list[Failure] = []
        for run in result.runs:
            for v in run.violations:
                found.append(Failure(
                    result.path, run.viewport, run.scheme, v["id"], v.get("impact") or "minor", "axe",
                    v.get("help", ""), v.get("help_url", ""), v["nodes"], v.get("tags", []), state=run.state,
                ))
        for issue in result.pa11y or []:
            if issue.get("type") == "error":  # what fails a page in pa11y-ci (warnings/notices are not requested)
                sel, ctx = issue.get("selector") or "", issue.get("context") or ""
                found.append(Failure(
                    result.path, "mobile", "-", issue.get("code", "?"), "serious", "pa11y",
                    f"pa11y (HTML_CodeSniffer): {issue.get('message', '')}", "",
                    [{"target": [sel] if sel else [], "html": ctx}], PP.tags_of(issue.get("code", "")),
                ))
        for outcome in result.checks.values():
            if not outcome.passed:
                check = C.CHECKS[outcome.id]
                found.append(Failure(
                    result.path, outcome.viewport, "-", outcome.id, check.impact, "check",
                    f"{check.title}: {outcome.message}", "", outcome.nodes, [f"wcag{c.replace('.', '')}" for c in check.wcag],
                ))
        result.failures, result.allowed, result.below_threshold = [], [], []
        for f in found:
            entry = self.allowlist.match(result.path, f.rule)
            if entry is not None:
                f.reason = entry.reason
                self.used_allowlist.add(entry)
                result.allowed.append(f)
            elif IMPACTS.index(f.impact if f.impact in IMPACTS else "minor") < IMPACTS.index(self.threshold):
                result.below_threshold.append(f)
            else:
                result.failures.append(f)
