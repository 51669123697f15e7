"""Errors in the preview (issue #13), as an editor meets them: `portal serve` runs on a copy of the project, a page
is open in headless Chromium on a 320 px phone; saving a corpus with an error shows a notice on the open page
with the error's file:line:col and message (role=alert, focusable with a visible focus ring, enough contrast,
no sideways scrolling); saving a good corpus removes it. The server keeps running, and the generated Markdown
never holds the notice."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.project import copy_project

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE = "jigyo/jumin-tohyo-seido/"
NOTICE = "portal-preview-errors"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def _wait(condition, what: str, timeout: float = 60):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("preview") / "project")
    port = _free_port()
    log = open(project.root / "serve.log", "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=project.root,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait(lambda: "portal-preview" in _get(base + PAGE) or proc.poll() is not None, "portal serve to start", 180)
        assert proc.poll() is None, (project.root / "serve.log").read_text(encoding="utf-8")
        yield project, proc, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from screenshot import driver

    d = driver()
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    yield d
    d.quit()


def _notice(browser):
    found = browser.find_elements("id", NOTICE)
    return found[0] if found else None


def test_a_bad_save_shows_the_error_on_the_open_page_and_a_good_save_removes_it(preview, browser):
    project, proc, base = preview
    corpus = project.corpus
    good = corpus.read_text(encoding="utf-8")
    browser.get(base + PAGE)
    _wait(lambda: browser.execute_script("return document.readyState") == "complete", "the page")
    time.sleep(0.5)  # the notice script has read errors.json
    assert _notice(browser) is None

    # The editor misspells a field and saves: the page reloads by itself and shows where and what.
    bad = good.replace("\n  title: 川崎市の政策ポータル\n", "\n  titel: 川崎市の政策ポータル\n", 1)
    assert bad != good
    line = bad.splitlines().index("  titel: 川崎市の政策ポータル") + 1
    corpus.write_text(bad, encoding="utf-8")
    notice = _wait(lambda: _notice(browser), "the error notice on the open page")
    assert notice.get_attribute("role") == "alert"
    assert notice.get_attribute("tabindex") == "0"
    text = notice.text
    assert "エラーがあります（2 件）" in text, text
    assert f"policies.yaml:{line}:3" in text, text
    assert "「titel」という項目はありません（もしかして「title」？）" in text, text
    assert proc.poll() is None  # the server keeps running

    # Focus: the notice takes it when it appears, and shows a ring.
    assert browser.execute_script("return document.activeElement.id") == NOTICE
    ring = browser.execute_script("""
        const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
        const out = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth);  // how far the ring reaches outside
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                left: r.left - out, top: r.top + window.scrollY - out, right: r.right + out, viewport: innerWidth};""")
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    # The notice spans the page's full width at its very top: a ring drawn outside it would be off screen.
    assert ring["left"] >= 0 and ring["top"] >= 0 and ring["right"] <= ring["viewport"], ring
    # Reflow at 320 CSS px: nothing scrolls sideways, however long the message.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 320
    # Contrast and the rest of axe-core's rules, on the notice.
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `make setup-test`")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run('#" + NOTICE + "', {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']}})"
        ".then(r => done({violations: r.violations.map(v => v.id), passes: r.passes.map(v => v.id)}));")
    assert result["violations"] == [], result
    assert "color-contrast" in result["passes"], result

    # Every open page shows it, not only the one that was open: another page loads with the notice.
    browser.get(base + "seisaku/")
    assert _wait(lambda: _notice(browser), "the notice on another page")

    # The next good save removes it.
    corpus.write_text(good, encoding="utf-8")
    _wait(lambda: _notice(browser) is None and "基本政策" in browser.title, "the notice to go away")
    time.sleep(1.0)
    assert _notice(browser) is None
    assert json.loads(_get(base + "portal-preview/errors.json")) == {"errors": []}
    assert proc.poll() is None


def test_the_generated_markdown_never_holds_the_preview(preview):
    project, _, _ = preview
    assert (project.root / "build" / "preview" / "errors.json").is_file()
    held = [p for p in project.out_dir.rglob("*") if p.is_file() and b"portal-preview" in p.read_bytes()]
    assert not held, held
