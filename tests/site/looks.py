"""Screenshots of the same page from two builds, compared pixel for pixel (PNG bytes), in the states a
reader can put a page in: a phone with the navigation drawer closed and open, the keyboard focus on a
link, 320 px, a laptop, print, forced colours. Used to prove that cutting the CSS (generator.slimcss)
changes nothing a reader can see."""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.accessibility.site import SiteServer

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PORTAL_CHROMEDRIVER", "/usr/bin/chromedriver")


@dataclass(frozen=True)
class State:
    name: str
    width: int
    height: int
    mobile: bool
    media: str = ""                 # "print"
    forced_colors: bool = False
    drawer_open: bool = False
    tabs: int = 0                   # Tab presses before the screenshot (focus ring)
    search: str = ""                # a query typed into the search page


STATES = [
    State("phone", 360, 800, True),
    State("phone-drawer-open", 360, 800, True, drawer_open=True),
    State("phone-focus", 360, 800, True, tabs=3),
    State("narrow-320", 320, 800, True),
    State("laptop", 1280, 800, False),
    State("laptop-focus", 1280, 800, False, tabs=6),
    State("print", 1280, 800, False, media="print"),
    State("forced-colors", 1280, 800, False, forced_colors=True),
    State("phone-forced-colors-drawer-open", 360, 800, True, forced_colors=True, drawer_open=True),
]


class Camera:
    """One headless Chromium that photographs pages of two servers in the same state."""

    def __init__(self) -> None:
        os.environ.setdefault("SE_OFFLINE", "true")
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="looks-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--disable-extensions", "--font-render-hinting=none",
                    f"--user-data-dir={self.profile}"):
            opts.add_argument(arg)
        self.d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)

    def close(self) -> None:
        try:
            self.d.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def shoot(self, url: str, state: State) -> bytes:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        d = self.d
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": state.width, "height": state.height, "deviceScaleFactor": 1, "mobile": state.mobile})
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "media": state.media,
            "features": [{"name": "forced-colors", "value": "active" if state.forced_colors else "none"},
                         {"name": "prefers-reduced-motion", "value": "reduce"}]})
        d.get(url)
        # no transitions: a picture taken while a colour or the drawer is still moving would differ by chance
        d.execute_script("const s = document.createElement('style'); s.textContent ="
                         " '*, *::before, *::after { transition: none !important; animation: none !important; }';"
                         " document.head.append(s); return document.fonts.ready.then(() => true)")
        if state.search:
            d.execute_script("const q = document.getElementById('q'); if (q) { q.value = arguments[0];"
                             " q.form.requestSubmit(); }", state.search)
            for _ in range(100):
                if d.execute_script("return document.querySelectorAll('#portal-search-results > li').length"):
                    break
                time.sleep(0.1)
        if state.drawer_open:
            # as a keyboard user opens it (drawer.js's button; the checkbox where there is none)
            if d.execute_script("const b = document.querySelector('.portal-drawer-open');"
                                " if (b) { b.focus(); return true; } return false;"):
                ActionChains(d).send_keys(Keys.ENTER).perform()
            else:
                d.execute_script("document.getElementById('__drawer').click()")
        if state.tabs:
            d.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
            ActionChains(d).send_keys(Keys.TAB * state.tabs).perform()
        d.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        shot = d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
        return base64.b64decode(shot["data"])


def compare(site_a: Path, site_b: Path, pages: list[str], states: list[State] = STATES,
            keep: Path | None = None) -> list[str]:
    """Every (page, state) whose screenshots differ between the two sites; with ``keep``, both PNGs are saved there."""
    differ = []
    with SiteServer(site_a) as a, SiteServer(site_b) as b:
        cam = Camera()
        try:
            for page in pages:
                for state in states:
                    one, two = cam.shoot(a.url(page), state), cam.shoot(b.url(page), state)
                    if one != two:
                        differ.append(f"{page} [{state.name}]")
                        if keep:
                            keep.mkdir(parents=True, exist_ok=True)
                            stem = page.strip("/").replace("/", "_") or "top"
                            (keep / f"{stem}-{state.name}-a.png").write_bytes(one)
                            (keep / f"{stem}-{state.name}-b.png").write_bytes(two)
        finally:
            cam.close()
    return differ
