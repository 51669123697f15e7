"""The keyboard pass and the forced-colours checks (run inside the page loads of ``runner.py``).

A *Tab pass* resets the sequential focus navigation starting point to the top of the document and
presses Tab (in a few batched WebDriver actions, not one round trip a key) until the focus comes
back to the first stop, at most ``CAP`` presses. Listeners record, for every stop, how the element
looks focused (on ``focusin``) and unfocused (on ``focusout``, when it no longer matches
``:focus``), where it is, and whether it is in the navigation drawer. From one pass:

* ``keyboard-reach``: every visible link and control was reached (links, buttons, form fields,
  ``summary``, ``tabindex``≥0, ARIA widget roles, and a ``<label for>`` that stands in for a control
  that cannot be focused itself, like a CSS-only menu toggle);
* ``focus-order``: each stop follows the previous one in document order (a backward jump is allowed
  only into the navigation drawer while it is open);
* ``focus-visible``: the focused element gets an outline or box-shadow it does not have unfocused
  (for a visually hidden checkbox or radio: its visible label does), and is on screen, not clipped
  by the viewport or by an ancestor's overflow;
* ``no-keyboard-trap``: the focus comes back to the first stop.

In forced-colours mode (``Emulation.setEmulatedMedia`` forced-colors: active, i.e. Windows high
contrast) a second pass gives ``forced-colors-focus`` (box-shadow and background are overridden
there, so only an outline or a border change counts), and ``forced-colors-links`` checks that
every visible text link is underlined or drawn in the system colour LinkText.
"""

from __future__ import annotations

from dataclasses import dataclass

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from .browser import evaluate
from .checks import _JS_HELPERS, CheckOutcome

CAP = 200  # Tab presses per pass at most
DRAWER_TOGGLE = "#__drawer"  # Material's drawer checkbox (the site works it with CSS alone)
DRAWER = ".md-sidebar--primary"  # what the toggle shows at phone widths
MAX_NODES = 10


@dataclass(frozen=True)
class State:
    """Where a pass or an axe run was made: shown in every message."""

    name: str  # page | drawer-open | search-results | forced-colors
    label: str  # 「mobile 360×800, drawer open」…

    def __str__(self) -> str:
        return self.label


# --------------------------------------------------------------------------- JavaScript

_VIS_JS = r"""
function transparentColor(c) { return !c || c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c); }
function finishAnimations() {
  (document.getAnimations ? document.getAnimations() : []).forEach(function (a) {
    try { a.finish(); } catch (e) { /* infinite */ }
  });
}
function look(el) {
  var cs = getComputedStyle(el);
  var outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 && !transparentColor(cs.outlineColor)
    ? [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.outlineOffset].join(' ') : '';
  var border = ['Top', 'Right', 'Bottom', 'Left'].map(function (s) {
    var st = cs['border' + s + 'Style'], w = parseFloat(cs['border' + s + 'Width']), c = cs['border' + s + 'Color'];
    return st !== 'none' && st !== 'hidden' && w >= 1 && !transparentColor(c) ? st + ' ' + w + ' ' + c : '';
  }).join('|');
  return {outline: outline, shadow: cs.boxShadow && cs.boxShadow !== 'none' ? cs.boxShadow : '',
          border: border === '|||' ? '' : border, background: cs.backgroundColor};
}
// the part of el's box that can be seen: inside `bounds` (viewport or document) and every
// ancestor that clips; null when hidden (visibility, opacity 0, clip / clip-path).
// clipAll: clip by scrolling ancestors too (at focus time the browser has scrolled them).
function seenBox(el, bounds, clipAll) {
  var cs = getComputedStyle(el);
  if (cs.visibility !== 'visible' || el.getClientRects().length === 0) { return null; }
  var r = el.getBoundingClientRect();
  var box = {l: Math.max(r.left, bounds.l), t: Math.max(r.top, bounds.t), r: Math.min(r.right, bounds.r), b: Math.min(r.bottom, bounds.b)};
  var clipping = true;
  for (var p = el; p && p.nodeType === 1 && p !== document.documentElement; p = p.parentElement) {
    var ps = getComputedStyle(p);
    if (parseFloat(ps.opacity) === 0) { return null; }
    if (ps.clip && ps.clip !== 'auto') {
      var m = ps.clip.match(/rect\(([-\d.]+)px,?\s*([-\d.]+)px,?\s*([-\d.]+)px,?\s*([-\d.]+)px\)/);
      if (m && (parseFloat(m[3]) - parseFloat(m[1]) < 2 || parseFloat(m[2]) - parseFloat(m[4]) < 2)) { return null; }
    }
    if (ps.clipPath && /inset\(\s*50%|circle\(\s*0/.test(ps.clipPath)) { return null; }
    if (p !== el && clipping && p !== document.body) {
      var pr = p.getBoundingClientRect();
      var ox = ps.overflowX, oy = ps.overflowY;
      var clipX = ox === 'hidden' || ox === 'clip' || (clipAll && ox !== 'visible');
      var clipY = oy === 'hidden' || oy === 'clip' || (clipAll && oy !== 'visible');
      if (clipX) { box.l = Math.max(box.l, pr.left); box.r = Math.min(box.r, pr.right); }
      if (clipY) { box.t = Math.max(box.t, pr.top); box.b = Math.min(box.b, pr.bottom); }
    }
    if (ps.position === 'fixed') { clipping = false; }
  }
  return box;
}
function fixedAncestor(el) {
  for (var p = el; p && p.nodeType === 1; p = p.parentElement) {
    if (getComputedStyle(p).position === 'fixed') { return true; }
  }
  return false;
}
function onScreen(el) {  // now, in the viewport
  var b = seenBox(el, {l: 0, t: 0, r: innerWidth, b: innerHeight}, true);
  return !!b && b.r - b.l >= 2 && b.b - b.t >= 2;
}
function covered(el) {  // in the viewport but under something else (e.g. an opened drawer)
  var r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) { return false; }
  var hit = document.elementFromPoint(x, y);
  return !!hit && hit !== el && !el.contains(hit) && !hit.contains(el);
}
function onPage(el) {  // somewhere a reader can scroll to and see
  var de = document.documentElement;
  var bounds = fixedAncestor(el) ? {l: 0, t: 0, r: innerWidth, b: innerHeight}
    : {l: -scrollX, t: -scrollY, r: Math.max(de.scrollWidth, innerWidth) - scrollX, b: Math.max(de.scrollHeight, innerHeight) - scrollY};
  var b = seenBox(el, bounds, false);
  return !!b && b.r - b.l >= 2 && b.b - b.t >= 2;
}
"""

_INSTALL_JS = (
    _JS_HELPERS
    + _VIS_JS
    + r"""
var mode = arguments[0], drawerSel = arguments[1];
if (window.__a11yTab) { window.__a11yTab.off(); }
var S = window.__a11yTab = {mode: mode, drawerSel: drawerSel, ids: new WeakMap(), els: [], stops: [],
                            presses: 0, pressedOn: [], unfocused: {}};
function idOf(el) {
  var i = S.ids.get(el);
  if (i === undefined) { i = S.els.length; S.ids.set(el, i); S.els.push(el); }
  return i;
}
S.idOf = idOf;
function labelsOf(el) {
  return el.labels ? Array.prototype.filter.call(el.labels, function (l) { return l !== el; }) : [];
}
function onIn(e) {
  var el = e.target;
  if (S.paused || !el || el.nodeType !== 1) { return; }
  finishAnimations();
  var id = idOf(el);
  S.stops.push({id: id, look: look(el), onScreen: onScreen(el),
                inDrawer: !!(drawerSel && el.closest(drawerSel)),
                labels: labelsOf(el).map(function (l) { return {id: idOf(l), look: look(l), onScreen: onScreen(l)}; })});
}
function onOut(e) {
  var el = e.target;
  if (S.paused || !el || el.nodeType !== 1) { return; }
  finishAnimations();
  S.unfocused[idOf(el)] = look(el);
  labelsOf(el).forEach(function (l) { S.unfocused[idOf(l)] = look(l); });
}
function onKey(e) {
  if (e.key === 'Tab') {
    S.presses += 1;
    var a = document.activeElement;
    S.pressedOn.push(a && a !== document.body ? idOf(a) : -1);
  }
}
// the same key after every listener of the page (window, bubbling, registered last): a page script that
// stopped it or prevented its default moved the focus itself, and the phone pass may not replay this pass
function onKeyEnd(e) {
  if (e.key === 'Tab') {
    S.keysEnded += 1;
    if (e.defaultPrevented) { S.keyMeddled = true; }
  }
}
S.keysEnded = 0;
S.keyMeddled = false;
document.addEventListener('focusin', onIn, true);
document.addEventListener('focusout', onOut, true);
window.addEventListener('keydown', onKey, true);
window.addEventListener('keydown', onKeyEnd, false);
S.off = function () {
  document.removeEventListener('focusin', onIn, true);
  document.removeEventListener('focusout', onOut, true);
  window.removeEventListener('keydown', onKey, true);
  window.removeEventListener('keydown', onKeyEnd, false);
};
S.status = function () {
  var first = S.stops.length ? S.stops[0].id : null, back = false;
  for (var i = 1; i < S.stops.length; i++) { if (S.stops[i].id === first) { back = true; break; } }
  return {stops: S.stops.length, presses: S.presses, back: back};
};
// start from the top: a focused element that is removed leaves the sequential focus navigation
// starting point where it was (the start of <body>), and nothing focused
if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
var t = document.createElement('span');
t.tabIndex = -1;
document.body.insertBefore(t, document.body.firstChild);
t.focus({preventScroll: true});
t.remove();
window.scrollTo(0, 0);
S.stops.length = 0;
S.unfocused = {};
// how many stops to expect (a first batch of Tab presses)
var CONTROLS = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, '
  + '[tabindex], [contenteditable=""], [contenteditable="true"], audio[controls], video[controls]';
S.tabbable = Array.prototype.filter.call(document.querySelectorAll(CONTROLS), function (e) {
  return e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0;
});
// (elements that cannot take the focus, hidden ones and inert ones, are not expected: at 360 px the closed
// navigation drawer's links have boxes but visibility: hidden, and each press more than needed costs the
// browser about 10 ms of CPU; too few expected only means a second batch)
var expected = S.tabbable.filter(function (e) {
  return getComputedStyle(e).visibility === 'visible' && !e.closest('[inert]');
}).length;
// and the scroll containers (Chromium makes a scroller without a focusable child a Tab stop): for the
// forced-colours replay's comparison only
Array.prototype.forEach.call(document.querySelectorAll('body *'), function (e) {
  if (S.tabbable.indexOf(e) >= 0) { return; }
  var cs = getComputedStyle(e);
  if (/auto|scroll/.test(cs.overflowX + ' ' + cs.overflowY) && (e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight)) {
    S.tabbable.push(e);
  }
});
return expected;
"""
)

_ANALYSE_JS = (
    _JS_HELPERS
    + _VIS_JS
    + r"""
var S = window.__a11yTab;
S.off();
if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }  // leave no focus ring over the page
finishAnimations();
var mode = S.mode, drawerSel = S.drawerSel, maxNodes = arguments[0];
var stops = S.stops, first = stops.length ? stops[0].id : null, end = -1;
for (var i = 1; i < stops.length; i++) { if (stops[i].id === first) { end = i; break; } }
var cycle = end > 0 ? stops.slice(0, end) : stops.slice();
var out = {presses: S.presses, stops: cycle.length, back: end > 0, trapped: false, stuck: [],
           unreached: [], backward: [], invisible: [], offscreen: [], checked: 0};
function n(el, extra) { var x = node(el); for (var k in extra || {}) { x[k] = extra[k]; } return x; }
// a trap: the focus never came back to the first stop, and it went round in a smaller circle or
// stopped moving; a page with more stops than presses is not judged
if (end < 0 && stops.length) {
  var seen = {}, repeated = false;
  stops.forEach(function (s) { if (seen[s.id]) { repeated = true; } seen[s.id] = true; });
  var tail = S.pressedOn.slice(-5), still = tail.length >= 5 && tail.every(function (x) { return x === tail[0] && x >= 0; });
  if (repeated || still) {
    out.trapped = true;
    var last = {};
    (still ? [tail[0]] : stops.slice(-10).map(function (s) { return s.id; })).forEach(function (id) { last[id] = true; });
    out.stuck = Object.keys(last).slice(0, maxNodes).map(function (id) { return n(S.els[+id]); });
  } else {
    out.capped = true;
  }
}
// order
for (var j = 1; j < cycle.length; j++) {
  var a = S.els[cycle[j - 1].id], b = S.els[cycle[j].id];
  var pos = a.compareDocumentPosition(b);
  if (pos & Node.DOCUMENT_POSITION_PRECEDING) {
    if (drawerSel && cycle[j].inDrawer && !cycle[j - 1].inDrawer) { continue; }
    if (out.backward.length < maxNodes) {
      out.backward.push(n(b, {summary: 'Tab from ' + cssPath(a) + ' goes back to this earlier element'}));
    }
  }
}
// focus visible
function changed(f, u, props) {
  u = u || {};
  return props.some(function (p) { return f[p] && f[p] !== (u[p] || ''); });
}
var props = mode === 'forced' ? ['outline', 'border'] : ['outline', 'shadow'];
cycle.forEach(function (s) {
  var el = S.els[s.id];
  out.checked += 1;
  var shown = s.onScreen, indicator = changed(s.look, S.unfocused[s.id], props);
  if (!shown && s.labels.length) {  // a visually hidden checkbox/radio drawn by its label
    s.labels.forEach(function (l) {
      if (l.onScreen) {
        shown = true;
        if (changed(l.look, S.unfocused[l.id], props.concat(mode === 'forced' ? [] : ['background']))) { indicator = true; }
      }
    });
  }
  if (!shown) {
    if (out.offscreen.length < maxNodes) {
      var r = el.getBoundingClientRect();
      out.offscreen.push(n(el, {summary: 'focused at ' + Math.round(r.left) + ',' + Math.round(r.top) + ' ('
        + Math.round(r.width) + '×' + Math.round(r.height) + ' px), outside the ' + innerWidth + '×' + innerHeight
        + ' viewport or clipped'}));
    }
    out.offscreenCount = (out.offscreenCount || 0) + 1;
  } else if (!indicator) {
    if (out.invisible.length < maxNodes) {
      var u = S.unfocused[s.id] || {};
      out.invisible.push(n(el, {summary: 'focused: outline ' + (s.look.outline || 'none') + ', box-shadow ' + (s.look.shadow || 'none')
        + ', border ' + (s.look.border || 'none') + '; unfocused: outline ' + (u.outline || 'none') + ', box-shadow ' + (u.shadow || 'none')
        + ', border ' + (u.border || 'none')}));
    }
    out.invisibleCount = (out.invisibleCount || 0) + 1;
  }
});
// reach: visible links and controls that no Tab press reached
if (!out.trapped && !out.capped) {
  var reached = {};
  stops.forEach(function (s) { reached[s.id] = true; s.labels.forEach(function (l) { reached[l.id] = true; }); });
  var WIDGETS = 'button, link, checkbox, radio, switch, tab, menuitem, menuitemcheckbox, menuitemradio, option, '
    + 'slider, spinbutton, textbox, combobox, searchbox, treeitem';
  var sel = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, '
    + '[tabindex]:not([tabindex^="-"]), [contenteditable=""], [contenteditable="true"], audio[controls], video[controls], '
    + WIDGETS.split(', ').map(function (r) { return '[role="' + r + '"]'; }).join(', ');
  var COMPOSITE = '[role="tablist"], [role="menu"], [role="menubar"], [role="listbox"], [role="radiogroup"], '
    + '[role="tree"], [role="grid"], [role="toolbar"]';
  function focusable(c) {
    return c.tabIndex >= 0 && !c.disabled && c.getClientRects().length > 0 && getComputedStyle(c).visibility === 'visible';
  }
  var candidates = Array.prototype.slice.call(document.querySelectorAll(sel));
  // a label that stands in for a control that cannot take the focus (a CSS-only toggle)
  Array.prototype.forEach.call(document.querySelectorAll('label[for]'), function (l) {
    var c = document.getElementById(l.htmlFor);
    // presented as something to click (cursor: pointer), with something to see
    if (c && !c.disabled && !focusable(c) && getComputedStyle(l).cursor === 'pointer'
        && (l.textContent.trim() || l.querySelector('svg, img'))) { candidates.push(l); }
  });
  candidates.forEach(function (c) {
    if (c.disabled || c.closest('[inert]') || c.localName === 'input' && c.type === 'hidden') { return; }
    if (c.localName === 'summary' && !c.parentElement.matches('details')) { return; }
    var id = S.ids.get(c);
    if (id !== undefined && reached[id]) { return; }
    // inside a reached element (e.g. a link in a focusable scroller, a span in a link)
    if (stops.some(function (s) { var e = S.els[s.id]; return e !== c && e.contains(c) && e.localName !== 'label' && c.tabIndex < 0; })) { return; }
    // roving tabindex: one item of a composite widget is in the Tab order, the rest are not
    var comp = c.tabIndex < 0 && c.closest(COMPOSITE);
    if (comp && stops.some(function (s) { return comp.contains(S.els[s.id]); })) { return; }
    // a radio group is one Tab stop (the arrow keys move within it)
    if (c.localName === 'input' && c.type === 'radio' && c.name && stops.some(function (s) {
      var e = S.els[s.id];
      return e.localName === 'input' && e.type === 'radio' && e.name === c.name && e.form === c.form;
    })) { return; }
    if (!onPage(c) || covered(c)) { return; }
    if (out.unreached.length < maxNodes) {
      out.unreached.push(n(c, {summary: c.localName === 'label' ? 'a label that toggles #' + c.htmlFor + ', which cannot be focused'
        : 'tabindex ' + c.tabIndex + (c.tabIndex < 0 ? ' (taken out of the Tab order)' : '')}));
    }
    out.unreachedCount = (out.unreachedCount || 0) + 1;
  });
}
// what the forced-colours pass may replay (forced_pass): the stops of a complete pass in this
// document as loaded, in the order Tab reached them, and the elements that could take the focus
window.__a11yReplay = mode === 'normal' && !drawerSel && end > 0 && !out.trapped
  ? {els: cycle.map(function (s) { return S.els[s.id]; }), tabbable: S.tabbable, width: innerWidth, height: innerHeight} : null;
// what the phone pass may replay (phone_pass): this pass, when asked to keep it (the desktop pass as loaded)
if (arguments[1]) {
  var why = mode !== 'normal' || drawerSel ? 'not a pass of the page as loaded'
    : out.trapped || end <= 0 ? 'the Tab pass did not come back to its first stop'
    : S.keyMeddled || S.keysEnded !== S.presses ? 'a script of the page handled the Tab key itself' : '';
  window.__a11yWalked = why ? {why: why} : {els: cycle.map(function (s) { return S.els[s.id]; }),
    tis: cycle.map(function (s) { return S.els[s.id].tabIndex; }), width: innerWidth};
}
return out;
"""
)

_STEP_JS = (
    "var st = window.__a11yTab.status();"
    "if (!arguments[2] && !(st.back || st.stops === 0)) { return {more: st}; }"
    "return (function () {" + _ANALYSE_JS + "}).call(null, arguments[0], arguments[1]);"
)

_LINKS_JS = (
    _JS_HELPERS
    + _VIS_JS
    + r"""
finishAnimations();
function sys(c) {
  var e = document.createElement('span');
  e.style.color = c;
  document.body.appendChild(e);
  var v = getComputedStyle(e).color;
  e.remove();
  return v;
}
var linkText = sys('LinkText'), canvasText = sys('CanvasText'), maxNodes = arguments[0];
var out = {forced: matchMedia('(forced-colors: active)').matches, linkText: linkText, canvasText: canvasText,
           checked: 0, bad: [], badCount: 0};
function underlined(el, upto) {
  for (var p = el; p; p = p.parentElement) {
    if (/underline/.test(getComputedStyle(p).textDecorationLine)) { return true; }
    if (p === upto) { break; }
  }
  return false;
}
Array.prototype.forEach.call(document.querySelectorAll('a[href], [role="link"]'), function (a) {
  if (!a.textContent.trim() || !onPage(a)) { return; }
  // the elements that draw the link's text
  var holders = [];
  var walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
  for (var t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t.nodeValue.trim() && holders.indexOf(t.parentElement) < 0 && onPage(t.parentElement)) { holders.push(t.parentElement); }
  }
  if (!holders.length) { return; }
  out.checked += 1;
  var bad = holders.filter(function (h) {
    var color = getComputedStyle(h).color;
    return !underlined(h, a) && !(color === linkText && linkText !== canvasText);
  });
  if (bad.length) {
    out.badCount += 1;
    if (out.bad.length < maxNodes) {
      var x = node(a);
      x.summary = 'not underlined, colour ' + getComputedStyle(bad[0]).color + ' (LinkText is ' + linkText + ', CanvasText ' + canvasText + ')';
      out.bad.push(x);
    }
  }
});
return out;
"""
)


# --------------------------------------------------------------------------- Python side


def tab_pass(driver, *, mode: str = "normal", drawer_open: bool = False, cap: int = CAP, keep: bool = False) -> dict:
    """Tab round the page from the top; the raw findings (see ``_ANALYSE_JS``). ``keep``: keep the pass for the
    phone pass to replay (``phone_pass``)."""
    expected = driver.execute_script(_INSTALL_JS, mode, DRAWER if drawer_open else "")
    pressed = 0
    batch = min(cap, expected + 2)
    while True:
        ActionChains(driver).send_keys(Keys.TAB * batch).perform()
        pressed += batch
        # the analysis once the focus is back at the first stop (or nothing took it, or the cap is reached),
        # else how far it got: one script either way
        raw = driver.execute_script(_STEP_JS, MAX_NODES, keep, pressed >= cap)
        if "more" not in raw:
            return raw
        batch = min(cap - pressed, max(expected, 10))


# The forced-colours pass replays the Tab pass just made in the same document (``forced_pass``): the
# same elements focused in the same order, by script (``replayFocus``). Only when nothing that decides the focus
# order can differ: the elements that can take the focus and the scroll containers are exactly the same ones
# (forced colours may show or hide some), the viewport is the same, at every step of the replay what can take the
# focus and what can scroll is what it was with nothing focused (``focusSignature``: forced colours may reveal
# something on :focus-within that Tab would stop on; fixture /forced-focus-within/), and each element really gets
# the focus and matches :focus-visible (what a Tab press gives it). Otherwise the replay is refused and Tab is pressed.
_REPLAY_JS = r"""
var R = window.__a11yReplay, S = window.__a11yTab;
window.__a11yReplay = null;
if (!R || !S || !S.tabbable) { return {ok: false, why: 'no complete Tab pass of this document to replay'}; }
if (!R.els.length) { return {ok: false, why: 'the Tab pass had no stops'}; }
if (R.width !== innerWidth || R.height !== innerHeight) { return {ok: false, why: 'the viewport changed since the Tab pass'}; }
if (R.tabbable.length !== S.tabbable.length || R.tabbable.some(function (e, i) { return e !== S.tabbable[i]; })) {
  return {ok: false, why: 'the elements that can take the focus differ in forced colours (' + R.tabbable.length
    + ' before, ' + S.tabbable.length + ' now)'};
}
if (R.els.some(function (e) { return !e.isConnected || S.tabbable.indexOf(e) < 0 && !(e.tabIndex >= 0); })) {
  return {ok: false, why: 'an element of the Tab pass is gone or cannot take the focus'};
}
var cands = [], scrollers = [];
Array.prototype.forEach.call(document.querySelectorAll('body, body *'), function (e) {
  var cs = getComputedStyle(e);
  if (/auto|scroll/.test(cs.overflowX + ' ' + cs.overflowY)) { scrollers.push(e); }
  if (e.tabIndex >= 0) { cands.push(e); }
});
var base = focusSignature(cands, scrollers);  // nothing is focused (the listeners' install blurred it)
var why = replayFocus(R.els.concat([R.els[0]]), function (el) {  // and back to the first stop, as Tab came back to it
  return focusSignature(cands, scrollers) !== base ? 'focusing ' + cssPath(el) + ' changed what can take the focus' : '';
});
return why ? {ok: false, why: why} : {ok: true, stops: R.els.length};
"""


def _replay(driver, mode: str, replay_js: str) -> dict:
    """Install the listeners, replay by ``replay_js`` and, when it could, analyse: one script. ``{"refused": why}``
    when the replay was refused (then nothing of it counts: the caller presses Tab)."""
    return driver.execute_script(
        "var mode = arguments[0], maxNodes = arguments[1];"
        "(function () {" + _INSTALL_JS + "}).call(null, mode, '');"
        "var rep = (function () {" + _JS_HELPERS + replay_js + "})();"
        "if (!rep.ok) { return {refused: rep.why || ''}; }"
        "return (function () {" + _ANALYSE_JS + "}).call(null, maxNodes, false);",
        mode, MAX_NODES,
    )


def forced_pass(driver) -> dict:
    """The forced-colours Tab pass (``mode="forced"``): the desktop pass just made in the same document
    replayed by script (``_REPLAY_JS``), else, when the replay is refused, Tab pressed round the page.
    The listeners and the analysis are those of ``tab_pass``; ``raw["method"]`` says which was used."""
    return _replay_or_tab(driver, "forced", _REPLAY_JS)


def _replay_or_tab(driver, mode: str, replay_js: str) -> dict:
    """A pass replayed by ``replay_js`` (``raw["method"]`` = "replay"), else, when the replay is refused, Tab
    pressed round the page (``tab_pass``; "tab", with ``raw["replay_refused"]`` saying why)."""
    raw = _replay(driver, mode, replay_js)
    if "refused" not in raw:
        raw["method"] = "replay"
        return raw
    why = raw["refused"]
    raw = tab_pass(driver, mode=mode)
    raw["method"] = "tab"
    raw["replay_refused"] = why
    return raw


# The phone pass (360 px, the same document switched from 1280 px: runner.Scanner._switchable) replays the
# desktop Tab pass by script, restricted to the elements that can take the focus at the phone's width, when
# that is provably the sequence Tab would walk (``phone_pass``):
#
# * Order. In a document with no shadow roots, slots, frames, dialogs, popovers or CSS reading-flow, the
#   sequential focus navigation order (HTML: positive tabindex values ascending, then tree order) is a fixed
#   order over elements that no width changes; Tab visits the elements that can take the focus in that order.
#   The desktop pass (real Tab presses, no page script handled a Tab key) must itself have followed it, element
#   by element, with the same tabindex values now. Its restriction to a subset is then that subset in that order.
# * The subset. Every element with tabindex >= 0 that was no desktop stop must refuse the focus now
#   (element.focus() fails: only elements that can take the focus are Tab stops); the desktop stops that take
#   it now are the phone's stops. A scroll container is a Tab stop of its own in Chromium when nothing in it
#   takes the focus: one that holds none of the phone's stops refuses the replay, and so does a desktop stop
#   that was one (tabindex < 0).
# * What the focus itself changes (:focus-within, :has(:focus)): at every step of the replay, the elements with
#   tabindex >= 0 that are rendered, visible and not inert, and the scroll containers that can scroll, must be
#   the ones they were with nothing focused; else the replay is refused.
# * Each element really gets the focus and matches :focus-visible (as after a Tab press).
# Refused: Tab is pressed round the page (``tab_pass``). Fixture /phone-only-link/: a link shown only on phones.
_PHONE_REPLAY_JS = r"""
var W = window.__a11yWalked, S = window.__a11yTab;
window.__a11yWalked = null;
function no(why) { S.paused = false; return {ok: false, why: why}; }
if (!S) { return no('no listeners'); }
if (!W) { return no('no Tab pass of this document at another width to replay'); }
if (W.why) { return no(W.why); }
var els = W.els;
if (!els.length) { return no('the Tab pass had no stops'); }
if (els.some(function (e, i) { return !e.isConnected || e.tabIndex !== W.tis[i] || e.tabIndex < 0; })) {
  return no('an element of the Tab pass is gone, its tabindex changed, or it was a scroll container');
}
function precedes(a, b) {  // a before b in the sequential focus navigation order of a flat document
  var ta = a.tabIndex > 0 ? a.tabIndex : Infinity, tb = b.tabIndex > 0 ? b.tabIndex : Infinity;
  if (ta !== tb) { return ta < tb; }
  return !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
}
for (var i = 1; i < els.length; i++) {
  if (!precedes(els[i - 1], els[i])) { return no('the Tab pass did not follow the document order (at ' + cssPath(els[i]) + ')'); }
}
var nodes = Array.prototype.slice.call(document.querySelectorAll('body, body *'));
var cands = [], scrollers = [];
for (var k = 0; k < nodes.length; k++) {
  var e = nodes[k];
  if (e.shadowRoot) { return no('a shadow root (' + cssPath(e) + ')'); }
  if (/^(iframe|frame|frameset|object|embed|portal|fencedframe|dialog|slot)$/.test(e.localName) || e.hasAttribute('popover')) {
    return no('a ' + e.localName + ' element, which has a focus order of its own');
  }
  var cs = getComputedStyle(e);
  if ((cs.readingFlow || 'normal') !== 'normal' || (cs.readingOrder || '0') !== '0') { return no('CSS reading-flow/reading-order'); }
  if ((cs.contentVisibility || 'visible') !== 'visible') { return no('content-visibility'); }
  if (/auto|scroll/.test(cs.overflowX + ' ' + cs.overflowY)) { scrollers.push(e); }
  if (e.tabIndex >= 0) { cands.push(e); }
}
function scrolls(e) { return e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight; }
function signature() { return focusSignature(cands, scrollers); }
S.paused = true;  // probing below moves the focus: not stops
if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
var base = signature();
var walked = new Set(els);
function takes(e) {
  e.focus({preventScroll: true});
  var ok = document.activeElement === e;
  if (ok) { e.blur(); }
  return ok;
}
for (var c = 0; c < cands.length; c++) {
  if (!walked.has(cands[c]) && takes(cands[c])) {
    return no(cssPath(cands[c]) + ' takes the focus at ' + innerWidth + ' px but was no Tab stop at ' + W.width + ' px');
  }
}
var now = els.filter(takes);
if (!now.length) { return no('nothing of the Tab pass takes the focus at this width'); }
for (var q = 0; q < scrollers.length; q++) {
  if (scrolls(scrollers[q]) && !now.some(function (e) { return scrollers[q].contains(e); })) {
    return no('the scroll container ' + cssPath(scrollers[q]) + ' holds no Tab stop (Chromium stops on it)');
  }
}
if (signature() !== base) { return no('probing the focus changed what can take it'); }
window.scrollTo(0, 0);
S.paused = false;
var why = replayFocus(now.concat([now[0]]), function (el) {  // and back to the first stop, as Tab comes back to it
  return signature() !== base ? 'focusing ' + cssPath(el) + ' changed what can take the focus' : '';
});
if (why) { return no(why); }
return {ok: true, stops: now.length, walked: els.length};
"""


def phone_pass(driver) -> dict:
    """The phone's Tab pass as loaded (360 px, drawer closed): the desktop pass of the same document (``tab_pass``
    with ``keep``) replayed by script where that is provably what Tab would do (``_PHONE_REPLAY_JS``), else Tab
    pressed round the page. ``raw["method"]`` says which."""
    return _replay_or_tab(driver, "normal", _PHONE_REPLAY_JS)


def _in_state(nodes: list[dict], state: State) -> list[dict]:
    """The outcomes of several states are merged into one per check: each element says where."""
    return [{**n, "summary": f"{state}: {n.get('summary') or ''}".rstrip(": ")} for n in nodes]


def keyboard_outcomes(raw: dict, state: State, viewport: str) -> list[CheckOutcome]:
    """One partial outcome per keyboard check for one pass (merged over the states by the runner)."""
    raw = {**raw, **{k: _in_state(raw[k], state) for k in ("stuck", "unreached", "backward", "offscreen", "invisible")}}
    where = f"{state}: "
    out = []
    trapped = raw["trapped"]
    out.append(CheckOutcome(
        "no-keyboard-trap", not trapped, viewport,
        where + f"after {raw['presses']} Tab presses the focus never came back to the start of the page "
        "(it stays among the elements below)" if trapped else "",
        raw["stuck"] if trapped else [],
    ))
    if trapped:
        reach = CheckOutcome("keyboard-reach", True, viewport, "")  # judged by the trap
    else:
        count = raw.get("unreachedCount", 0)
        reach = CheckOutcome(
            "keyboard-reach", not count, viewport,
            where + f"{count} visible link(s) or control(s) cannot be reached with Tab" if count else "",
            raw["unreached"],
        )
    out.append(reach)
    out.append(CheckOutcome(
        "focus-order", not raw["backward"], viewport,
        where + f"{len(raw['backward'])} Tab press(es) jump back to an earlier element of the page" if raw["backward"] else "",
        raw["backward"],
    ))
    problems = []
    if raw.get("offscreenCount"):
        problems.append(f"{raw['offscreenCount']} focused element(s) off screen or clipped (the focus cannot be seen)")
    if raw.get("invisibleCount"):
        problems.append(f"{raw['invisibleCount']} focused element(s) without a focus indicator (no outline or box-shadow that the unfocused element lacks)")
    out.append(CheckOutcome(
        "focus-visible", not problems, viewport, where + "; ".join(problems) if problems else "", raw["offscreen"] + raw["invisible"],
    ))
    return out


def forced_focus_outcome(raw: dict, state: State, viewport: str) -> CheckOutcome:
    """Only the indicator: where the focus is (on or off screen) is focus-visible's business."""
    n = raw.get("invisibleCount", 0)
    raw = {**raw, "invisible": _in_state(raw["invisible"], state)}
    return CheckOutcome(
        "forced-colors-focus", not n, viewport,
        f"{state}: {n} focused element(s) show no outline or border that the unfocused element lacks "
        "(box-shadow and background colours are replaced in forced colours)" if n else "",
        raw["invisible"],
    )


def forced_links(driver) -> dict:
    return evaluate(driver, _LINKS_JS, MAX_NODES)


def forced_links_outcome(raw: dict, state: State, viewport: str) -> CheckOutcome:
    if not raw["forced"]:
        return CheckOutcome("forced-colors-links", False, viewport, f"{state}: forced-colors emulation did not take effect")
    n = raw["badCount"]
    return CheckOutcome(
        "forced-colors-links", not n, viewport,
        f"{state}: {n} of {raw['checked']} text link(s) are neither underlined nor in the system colour LinkText" if n else "",
        raw["bad"],
    )


# --------------------------------------------------------------------------- the drawer

_DRAWER_JS = (
    _JS_HELPERS
    + _VIS_JS
    + r"""
var toggle = document.querySelector(arguments[0]), drawer = document.querySelector(arguments[1]);
if (!toggle || !drawer) { return {present: false}; }
// the visible toggle: a <label for> the checkbox, or a button that controls something in the drawer
var candidates = Array.prototype.slice.call(document.querySelectorAll('label[for="' + toggle.id + '"]'));
Array.prototype.forEach.call(document.querySelectorAll('button[aria-controls]'), function (b) {
  var target = document.getElementById(b.getAttribute('aria-controls'));
  if (target && drawer.contains(target) && !drawer.contains(b)) { candidates.push(b); }
});
var labels = candidates.filter(onScreen);
return {present: true, checked: toggle.checked, drawerShown: onPage(drawer),
        label: labels.length ? cssPath(labels[0]) : null};
"""
)


def drawer_state(driver) -> dict:
    return evaluate(driver, _DRAWER_JS, DRAWER_TOGGLE, DRAWER)


def open_drawer(driver, settle) -> str | None:
    """Open the navigation drawer as a reader does, by clicking its visible toggle (the menu
    button). Returns None when open, else why not ("" when the page has no hidden drawer)."""
    st = drawer_state(driver)
    if not st["present"] or st["checked"] or st["drawerShown"]:
        return ""
    if not st["label"]:
        return "the drawer has no visible toggle to click"
    from selenium.webdriver.common.by import By

    # A click event on the toggle itself: after a keyboard pass, phone emulation leaves the visual
    # viewport offset from the layout viewport (visualViewport.offsetTop 25 px with Chromium 156), and
    # chromedriver's pointer click then lands below the sticky header instead of on the button.
    driver.execute_script("window.scrollTo(0, 0); arguments[0].click();", driver.find_element(By.CSS_SELECTOR, st["label"]))
    settle()
    st = drawer_state(driver)
    if not st["checked"] or not st["drawerShown"]:
        return f"clicking {st['label']} did not open the navigation drawer"
    return None


def close_drawer(driver, settle) -> None:
    driver.execute_script(
        "var t = document.querySelector(arguments[0]); if (t && t.checked) { t.checked = false;"
        " t.dispatchEvent(new Event('change', {bubbles: true})); }",
        DRAWER_TOGGLE,
    )
    settle()
