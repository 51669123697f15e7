"""Screenshots of built pages as a phone shows them: python tools/screenshot.py URL OUT.png [WIDTH] [HEIGHT] [--full] [--wait=SECONDS]

Serve site/ first (e.g. python -m http.server -d site 8123). Uses Debian's chromium + chromedriver.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def driver(prefs: dict | None = None) -> webdriver.Chrome:
    """Headless Chromium; ``prefs`` are Chromium preferences (e.g. JavaScript off:
    ``{"profile.managed_default_content_settings.javascript": 2}``)."""
    os.environ.setdefault("SE_OFFLINE", "true")
    opts = webdriver.ChromeOptions()
    if prefs:
        opts.add_experimental_option("prefs", prefs)
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    url, out = args[0], args[1]
    width = int(args[2]) if len(args) > 2 else 360
    height = int(args[3]) if len(args) > 3 else 800
    d = driver()
    try:
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        d.get(url)
        wait = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--wait=")]
        if wait:  # --wait=SECONDS: let the page's scripts finish first (e.g. the search page's results)
            time.sleep(float(wait[0]))
        if "--full" in sys.argv:
            h = d.execute_script("return document.documentElement.scrollHeight")
            d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                              {"width": width, "height": min(h, 6000), "deviceScaleFactor": 1, "mobile": width < 600})
        d.save_screenshot(out)
    finally:
        d.quit()


if __name__ == "__main__":
    main()
