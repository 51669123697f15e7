"""The checks axe-core cannot make, run in the same page loads as axe.

Each check has an id (usable in allowlist.yaml like an axe rule id), the WCAG success criteria
it gives evidence for, and returns a ``CheckOutcome``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from .browser import evaluate


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    wcag: tuple[str, ...]  # success criteria, e.g. ("1.4.10",)
    impact: str = "serious"


CHECKS: dict[str, Check] = {
    c.id: c
    for c in (
        Check("html-lang-ja", '<html lang="ja"> (the page language is Japanese)', ("3.1.1",)),
        Check("heading-structure", "exactly one h1, and no skipped heading level in the main content", ("1.3.1", "2.4.6"), "moderate"),
        Check("img-alt-present", "every <img> has an alt attribute; every role=img has a name", ("1.1.1",), "critical"),
        Check("skip-link", "the first Tab stop is a skip link that moves focus to the main content", ("2.4.1",)),
        Check("reflow-320", "no horizontal scrolling at 320 CSS px wide (nor at 360 px): the whole document fits the phone's screen", ("1.4.10",)),
        Check("text-zoom-200", "no horizontal scrolling with 200 % zoom and with 200 % text size at 1280 px", ("1.4.4",)),
        Check("local-requests-only", "no request leaves 127.0.0.1 (no third-party fonts, scripts, trackers)", ()),
        # keyboard pass (keyboard.py): at 1280 px, at 360 px with the navigation drawer closed and
        # open, and on a search page with results shown
        Check("keyboard-reach", "every visible link and control can be reached with Tab", ("2.1.1",)),
        Check("focus-order", "Tab moves forward through the page in document order (back only into the opened navigation drawer)", ("2.4.3",)),
        Check("focus-visible", "the focused element shows an outline or box-shadow and is on screen, not clipped", ("2.4.7",)),
        Check("no-keyboard-trap", "Tab goes round the whole page and back to its start (no keyboard trap)", ("2.1.2",), "critical"),
        # forced colours (Windows high contrast), emulated with CDP Emulation.setEmulatedMedia
        Check("forced-colors-focus", "in forced colours the focused element still shows an outline or border", ("2.4.7",)),
        Check("forced-colors-links", "in forced colours text links are underlined or in the system colour LinkText", ("1.4.1",)),
        # the Nu Html Checker over the served HTML and the DOM after scripts (htmlcheck.py)
        Check("html-valid", "the served HTML and the DOM after scripts are valid HTML (Nu Html Checker)", ("4.1.1",)),
    )
}


@dataclass
class CheckOutcome:
    id: str
    passed: bool
    viewport: str
    message: str = ""
    nodes: list[dict] = field(default_factory=list)  # [{"target": [selector], "html": "..."}]

    def to_json(self) -> dict:
        return {"id": self.id, "passed": self.passed, "viewport": self.viewport, "message": self.message, "nodes": self.nodes}


# --------------------------------------------------------------------------- shared JavaScript

_JS_HELPERS = r"""
function cssPath(el) {
  if (!el || el.nodeType !== 1) { return String(el); }
  var parts = [];
  while (el && el.nodeType === 1 && el !== document.documentElement) {
    var part = el.localName;
    if (el.id) { parts.unshift(part + '#' + CSS.escape(el.id)); break; }
    var cls = Array.prototype.slice.call(el.classList, 0, 2);
    if (cls.length) { part += '.' + cls.map(function (c) { return CSS.escape(c); }).join('.'); }
    var parent = el.parentElement;
    if (parent) {
      var same = Array.prototype.filter.call(parent.children, function (c) { return c.localName === el.localName; });
      if (same.length > 1) { part += ':nth-of-type(' + (same.indexOf(el) + 1) + ')'; }
    }
    parts.unshift(part);
    el = parent;
  }
  return parts.join(' > ') || 'html';
}
function snippet(el) {
  if (!el || !el.outerHTML) { return ''; }
  var html = el.outerHTML;
  var inner = el.innerHTML || '';
  if (inner.length > 0 && html.length > 200) { html = html.slice(0, html.length - inner.length - (el.localName.length + 3)) + '…'; }
  return html.length > 300 ? html.slice(0, 300) + '…' : html;
}
function node(el) { return {target: [cssPath(el)], html: snippet(el)}; }
function hiddenFromAT(el) {
  if (el.closest('[aria-hidden="true"], [hidden]')) { return true; }
  if (el.getClientRects().length === 0) { return true; }
  return getComputedStyle(el).visibility === 'hidden';
}
function mainContent() {
  return document.querySelector('.md-content') || document.querySelector('[role="main"]')
      || document.querySelector('main') || document.body;
}
// The keyboard pass replayed by script (keyboard.py: the forced-colours pass and the phone pass): focus each
// element of ``order`` in turn as a Tab press would, recorded by the pass's listeners (window.__a11yTab) as
// one press each. Each must really get the focus and match :focus-visible (what a Tab press gives it), and
// ``after(el)``, when given, may refuse the step (a reason). Returns '' when every step was made, else why not.
function replayFocus(order, after) {
  var S = window.__a11yTab;
  for (var i = 0; i < order.length; i++) {
    var el = order[i];
    S.presses += 1;
    S.pressedOn.push(document.activeElement && document.activeElement !== document.body ? S.idOf(document.activeElement) : -1);
    el.focus();
    if (document.activeElement !== el || !el.matches(':focus-visible')) {
      return 'focusing ' + cssPath(el) + ' by script ' + (document.activeElement !== el ? 'did not focus it' : 'did not match :focus-visible');
    }
    var why = after ? after(el) : '';
    if (why) { return why; }
  }
  return '';
}
// What can take the focus and what can scroll, as one string: for each of ``cands`` (elements with tabindex >= 0)
// whether it is rendered, visible and not inert, and for each of ``scrollers`` whether it can scroll. A replay
// compares it at every step with its value with nothing focused: what the focus changes (:focus-within,
// :has(:focus)) could give Tab a stop that the replayed pass never had.
function focusSignature(cands, scrollers) {
  function shown(e) {
    if (e.disabled || e.getClientRects().length === 0 || e.closest('[inert]')) { return false; }
    var c = getComputedStyle(e);
    return c.visibility === 'visible' && (c.interactivity || 'auto') !== 'inert';
  }
  function scrolls(e) { return e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight; }
  return cands.map(function (e) { return shown(e) ? '1' : '0'; }).join('') + '/'
    + scrollers.map(function (e) { return scrolls(e) ? '1' : '0'; }).join('');
}
"""

_STATIC_JS = (
    _JS_HELPERS
    + r"""
var out = {lang: document.documentElement.getAttribute('lang'), title: document.title};
var main = mainContent();
out.main = cssPath(main);
var heads = Array.prototype.filter.call(
  document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]'),
  function (h) { return !hiddenFromAT(h); });
out.h1 = heads.filter(function (h) {
  return h.localName === 'h1' && !h.hasAttribute('role') || h.getAttribute('aria-level') === '1';
}).map(function (h) { var n = node(h); n.inMain = main.contains(h); return n; });
out.headings = heads.filter(function (h) { return main.contains(h); }).map(function (h) {
  var lvl = h.getAttribute('aria-level') || (h.localName.charAt(0) === 'h' ? h.localName.slice(1) : '2');
  var n = node(h); n.level = parseInt(lvl, 10); n.text = (h.textContent || '').trim().slice(0, 80); return n;
});
out.imgNoAlt = Array.prototype.filter.call(document.querySelectorAll('img'), function (i) {
  return !i.hasAttribute('alt');
}).map(node);
function accName(el) {
  var label = (el.getAttribute('aria-label') || '').trim();
  if (label) { return label; }
  var ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  var text = ids.map(function (id) { var r = document.getElementById(id); return r ? r.textContent : ''; }).join(' ').trim();
  if (text) { return text; }
  var t = el.querySelector(':scope > title');
  if (t && t.textContent.trim()) { return t.textContent.trim(); }
  return (el.getAttribute('title') || '').trim() || (el.localName === 'img' ? (el.getAttribute('alt') || '').trim() : '');
}
out.roleImgNoName = Array.prototype.filter.call(document.querySelectorAll('[role="img"]'), function (el) {
  return !el.closest('[aria-hidden="true"]') && !accName(el);
}).map(node);
return out;
"""
)

_OVERFLOW_JS = (
    _JS_HELPERS
    + r"""
// Horizontal overflow of the page.
//
// On a phone (arguments[0] = the screen's width in CSS px, under CDP mobile emulation) the WHOLE
// document counts: Chromium widens the layout viewport to the document (window.innerWidth grows past
// the screen while documentElement.clientWidth, the initial containing block, stays at the screen's
// width), so the reader pans or zooms out whatever overflow-x says and however invisible the
// overflowing element is (issue #14: Material's header title, opacity 0 and under overflow-x: hidden
// on html, made 35 seed pages 329-333 px wide at 320 px while this check compared against clientWidth).
//
// Without a screen width (a desktop window): "scrolls" = the reader can scroll the page sideways.
// When the viewport clips overflow (overflow-x: hidden on html) it cannot, but visible content past
// the right edge is then cut off, which fails as well; invisible overflow does not.
var screenW = arguments.length > 0 && arguments[0] ? arguments[0] : null;
var de = document.documentElement;
// CSS overflow propagation: html's overflow-x applies to the viewport, or body's when html's is visible
var htmlOx = getComputedStyle(de).overflowX;
var viewportOx = htmlOx !== 'visible' ? htmlOx : getComputedStyle(document.body).overflowX;
var edge = screenW || de.clientWidth;
var wider = screenW ? (de.scrollWidth > screenW || window.innerWidth > screenW) : de.scrollWidth > de.clientWidth;
var scrolls = screenW ? wider : wider && viewportOx !== 'hidden' && viewportOx !== 'clip';
var res = {scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, innerWidth: window.innerWidth,
           screenWidth: screenW, viewportOverflowX: viewportOx, scrolls: scrolls, culprits: [], cutOff: []};
if (wider) {
  function clipped(el) {  // inside a box (below body) that scrolls or clips horizontally on its own
    for (var p = el.parentElement; p && p !== document.body && p !== de; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') { return true; }
    }
    return false;
  }
  function seen(el) {  // rendered with some opacity and visible
    if (getComputedStyle(el).visibility === 'hidden') { return false; }
    for (var p = el; p && p.nodeType === 1; p = p.parentElement) {
      if (parseFloat(getComputedStyle(p).opacity) === 0) { return false; }
    }
    return true;
  }
  var wide = Array.prototype.filter.call(document.body.querySelectorAll('*'), function (el) {
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right + window.scrollX > edge + 1 && !clipped(el);
  });
  var leaves = wide.filter(function (el) { return !wide.some(function (o) { return o !== el && el.contains(o); }); });
  function describe(el) {
    var n = node(el); n.right = Math.round(el.getBoundingClientRect().right + window.scrollX);
    if (!seen(el)) { n.summary = 'invisible (opacity 0 or visibility hidden), but it still widens the page'; }
    return n;
  }
  res.culprits = leaves.slice(0, 5).map(describe);
  res.cutOff = leaves.filter(seen).slice(0, 5).map(describe);
}
return res;
"""
)

_PALETTES_JS = r"""
var inputs = Array.prototype.slice.call(document.querySelectorAll('input[name="__palette"]'));
var body = document.body;
return {
  current: body ? body.getAttribute('data-md-color-scheme') : null,
  palettes: inputs.map(function (i, n) {
    return {index: n, id: i.id, scheme: i.getAttribute('data-md-color-scheme'),
            primary: i.getAttribute('data-md-color-primary'), accent: i.getAttribute('data-md-color-accent'),
            media: i.getAttribute('data-md-color-media'), label: i.getAttribute('aria-label')};
  })
};
"""

_SWITCH_JS = r"""
var input = document.querySelectorAll('input[name="__palette"]')[arguments[0]];
input.checked = true;
input.dispatchEvent(new Event('change', {bubbles: true}));   // Material's own handler
var body = document.body;
if (body.getAttribute('data-md-color-scheme') !== input.getAttribute('data-md-color-scheme')) {
  // no Material JavaScript on the page: do what its palette handler does
  ['media', 'scheme', 'primary', 'accent'].forEach(function (k) {
    var v = input.getAttribute('data-md-color-' + k);
    if (v !== null) { body.setAttribute('data-md-color-' + k, v); }
  });
}
return body.getAttribute('data-md-color-scheme');
"""

_FOCUS_JS = (
    _JS_HELPERS
    + r"""
var el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) { return {none: true}; }
var r = el.getBoundingClientRect();
var cs = getComputedStyle(el);
var href = el.getAttribute('href');
var out = {none: false, node: node(el), tag: el.localName, href: href, text: (el.textContent || '').trim().slice(0, 60),
           visible: r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight
                    && r.left < innerWidth && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0.1};
if (href && href.charAt(0) === '#' && href.length > 1) {
  var id = decodeURIComponent(href.slice(1));
  var target = document.getElementById(id) || document.getElementsByName(id)[0] || null;
  var main = mainContent();
  out.targetFound = !!target;
  if (target) { out.target = node(target); out.targetInMain = main === target || main.contains(target) || target.contains(main); }
}
return out;
"""
)

_AFTER_SKIP_JS = (
    _JS_HELPERS
    + r"""
var id = decodeURIComponent(arguments[0].slice(1));
var target = document.getElementById(id) || document.getElementsByName(id)[0];
var el = document.activeElement;
var main = mainContent();
var out = {hash: location.hash, active: el ? node(el) : null};
out.activeIsBody = !el || el === document.body || el === document.documentElement;
out.activeInTarget = !out.activeIsBody && target && (target === el || target.contains(el));
out.activeInMain = !out.activeIsBody && (main === el || main.contains(el));
out.activeAfterTarget = !out.activeIsBody && target
    && !!(target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
if (target) {
  var r = target.getBoundingClientRect();
  out.targetInView = r.bottom > 0 && r.top < innerHeight;
  var tabbable = document.querySelectorAll(
    'a[href], area[href], button, input:not([type="hidden"]), select, textarea, iframe, summary, '
    + '[tabindex], [contenteditable=""], [contenteditable="true"]');
  out.tabbableAfter = Array.prototype.filter.call(tabbable, function (t) {
    return t.tabIndex >= 0 && !t.disabled && t.getClientRects().length > 0
      && getComputedStyle(t).visibility !== 'hidden' && !t.closest('[inert]')
      && (target.contains(t) || !!(target.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));
  }).length;
}
return out;
"""
)


# --------------------------------------------------------------------------- the checks


def palettes_from(info: dict) -> list[dict]:
    """The colour schemes the page offers: Material's palette toggle inputs (one entry per
    distinct scheme/primary/accent), or the one scheme the page has; from the value of ``_PALETTES_JS``
    (read by the runner with its other scripts before axe)."""
    out: list[dict] = []
    seen: set[tuple] = set()
    for p in info["palettes"]:
        key = (p["scheme"], p["primary"], p["accent"])
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    if not out:
        return [{"index": None, "scheme": info.get("current") or "default", "primary": None, "accent": None}]
    names = [p["scheme"] or "default" for p in out]
    for p in out:
        name = p["scheme"] or "default"
        p["name"] = name if names.count(name) == 1 else f"{name}-{p['primary'] or p['index']}"
    return out


def switch_palette(driver, index: int | None) -> str | None:
    if index is None:
        return driver.execute_script("return document.body && document.body.getAttribute('data-md-color-scheme')")
    return driver.execute_script(_SWITCH_JS, index)


def check_lang(facts: dict, viewport: str) -> CheckOutcome:
    lang = facts.get("lang")
    ok = bool(lang) and (lang.lower() == "ja" or lang.lower().startswith("ja-"))
    msg = "" if ok else f'<html lang> is {lang!r}, expected "ja"'
    return CheckOutcome("html-lang-ja", ok, viewport, msg, [] if ok else [{"target": ["html"], "html": f'<html lang="{lang}">'}])


def check_headings(facts: dict, viewport: str) -> CheckOutcome:
    problems: list[str] = []
    nodes: list[dict] = []
    h1 = facts["h1"]
    if len(h1) != 1:
        problems.append(f"{len(h1)} h1 elements on the page, expected exactly one")
        nodes += [{"target": n["target"], "html": n["html"]} for n in h1]
    elif not h1[0]["inMain"]:
        problems.append(f"the h1 is outside the main content ({facts['main']})")
        nodes.append({"target": h1[0]["target"], "html": h1[0]["html"]})
    heads = facts["headings"]
    prev = None
    for h in heads:
        if prev is None:
            if h["level"] != 1:
                problems.append(f"the main content starts with an h{h['level']} ({h['text']!r}), not the h1")
                nodes.append({"target": h["target"], "html": h["html"]})
        elif h["level"] > prev + 1:
            problems.append(f"h{prev} is followed by h{h['level']} ({h['text']!r}): level {prev + 1} is skipped")
            nodes.append({"target": h["target"], "html": h["html"]})
        prev = h["level"]
    return CheckOutcome("heading-structure", not problems, viewport, "; ".join(problems), nodes)


def check_images(facts: dict, viewport: str) -> CheckOutcome:
    problems = []
    if facts["imgNoAlt"]:
        problems.append(f"{len(facts['imgNoAlt'])} <img> without an alt attribute")
    if facts["roleImgNoName"]:
        problems.append(f"{len(facts['roleImgNoName'])} role=img element(s) without an accessible name")
    return CheckOutcome(
        "img-alt-present", not problems, viewport, "; ".join(problems), facts["imgNoAlt"] + facts["roleImgNoName"]
    )


def overflow(driver, screen_width: int | None = None) -> dict:
    """The page's horizontal overflow. ``screen_width``: the phone's screen width (CSS px) under mobile
    emulation; then the whole document is judged against it (see _OVERFLOW_JS)."""
    return evaluate(driver, _OVERFLOW_JS, screen_width)


def overflow_settled(browser, screen_width: int | None = None) -> dict:
    """``overflow`` once the page has settled after an emulation change (``Browser.settle_eval``: one round trip)."""
    return browser.settle_eval(_OVERFLOW_JS, screen_width)


def overflow_problem(res: dict, what: str) -> tuple[str, list[dict]]:
    """("", []) when nothing scrolls sideways and nothing visible is cut off at the right edge."""
    if res.get("screenWidth"):
        if res["scrolls"]:
            width = max(res["scrollWidth"], res["innerWidth"])
            return (
                f"{what}: the page is {width} px wide on a {res['screenWidth']} px screen (document scrollWidth "
                f"{res['scrollWidth']} px, layout viewport {res['innerWidth']} px): the reader scrolls or zooms out "
                "sideways, whatever overflow-x says and whether or not the element is visible",
                res["culprits"],
            )
        return "", []
    sizes = f"document scrollWidth {res['scrollWidth']} px > clientWidth {res['clientWidth']} px"
    if res["scrolls"]:
        return f"{what}: the page scrolls sideways ({sizes})", res["culprits"]
    if res["scrollWidth"] > res["clientWidth"] and res["cutOff"]:
        return f"{what}: content is cut off at the right edge (the page cannot scroll sideways; {sizes})", res["cutOff"]
    return "", []


def check_skip_link(driver, viewport: str, settle) -> CheckOutcome:
    """Press Tab once on the freshly loaded page: the focus must land on a visible in-page link
    whose target is in the main content; pressing Enter must move the focus (or the sequential
    focus navigation starting point) to that target, past the header and navigation."""
    cid = "skip-link"
    driver.execute_script("if (document.activeElement && document.activeElement.blur) document.activeElement.blur(); window.scrollTo(0, 0);")
    ActionChains(driver).send_keys(Keys.TAB).perform()
    settle()
    first = driver.execute_script(_FOCUS_JS)
    if first["none"]:
        return CheckOutcome(cid, False, viewport, "Tab from the top of the page focuses nothing (no skip link)")
    nodes = [first["node"]]
    href = first.get("href") or ""
    if first["tag"] != "a" or not href.startswith("#") or len(href) < 2:
        return CheckOutcome(
            cid, False, viewport,
            f"the first Tab stop is not a skip link to the main content but <{first['tag']}> {first['text']!r}",
            nodes,
        )
    if not first.get("targetFound"):
        return CheckOutcome(cid, False, viewport, f"the skip link points to {href}, which is not on the page", nodes)
    if not first.get("targetInMain"):
        return CheckOutcome(cid, False, viewport, f"the skip link target {href} is not in the main content", nodes + [first["target"]])
    if not first["visible"]:
        return CheckOutcome(cid, False, viewport, "the skip link stays invisible when it has focus (WCAG 2.4.7)", nodes)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    after = driver.execute_script(_AFTER_SKIP_JS, href)
    if after["activeInTarget"] or after["activeInMain"] and after["activeAfterTarget"]:
        return CheckOutcome(cid, True, viewport)
    if after["hash"] != href and not after["activeIsBody"]:
        return CheckOutcome(cid, False, viewport, f"Enter on the skip link did not follow it (location.hash is {after['hash']!r})", nodes)
    if not after.get("tabbableAfter"):
        # Nothing focusable after the target: the next Tab can only wrap around, so the link is
        # judged by where it took the reader (screen readers read on from the target).
        if after.get("targetInView"):
            return CheckOutcome(cid, True, viewport)
        return CheckOutcome(cid, False, viewport, f"the skip link ({href}) does not bring its target into view", nodes)
    # The target is not focusable: the browser moves the sequential focus navigation starting
    # point to it, so the next Tab must land after it, not back in the header or navigation.
    ActionChains(driver).send_keys(Keys.TAB).perform()
    nxt = driver.execute_script(_AFTER_SKIP_JS, href)
    if nxt["activeInTarget"] or nxt["activeAfterTarget"]:
        return CheckOutcome(cid, True, viewport)
    where = nxt["active"]["target"][0] if nxt["active"] else "nothing"
    return CheckOutcome(
        cid, False, viewport,
        f"after activating the skip link ({href}) the next Tab goes to {where}, not into the main content",
        nodes + ([nxt["active"]] if nxt["active"] else []),
    )
