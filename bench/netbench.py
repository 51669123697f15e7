"""Helpers for the benchmark scripts (bench/weight.py, search_query.py …): a gzip-capable static server and byte counting in headless Chromium.

* ``serve(site_dir)`` serves a built site on 127.0.0.1 (free port) the way an ordinary host does:
  text types (HTML, CSS, JS, JSON, SVG, XML) are gzip-compressed (level 6) when the request
  accepts gzip, everything else (images, Pagefind's already-compressed index files) as it is.
  It also keeps its own log of every response (a cross-check for the browser's figures).
* ``Browser`` is a fresh headless Chromium (new empty profile, so an empty cache) emulating a
  360×800 phone, with the DevTools performance log on; ``Browser.network()`` sums what was fetched.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
    ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".map": "application/json",
    ".webmanifest": "application/manifest+json", ".png": "image/png", ".ico": "image/x-icon",
    ".gz": "application/gzip", ".wasm": "application/wasm",
}
COMPRESSIBLE = ("text/", "application/json", "image/svg+xml", "application/xml", "application/manifest+json")
GZIP_LEVEL = 6  # what Apache mod_deflate and most hosts use by default


@dataclass
class Served:
    path: str
    status: int
    header_bytes: int
    body_bytes: int
    decoded_bytes: int


def serve(site: Path) -> tuple[ThreadingHTTPServer, str, list[Served]]:
    """Start a server for ``site`` in a thread; returns (server, base URL, log). Call ``server.shutdown()``."""
    site = site.resolve()
    log: list[Served] = []
    cache: dict[tuple[Path, bool], bytes] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        def _serve(self, body: bool) -> None:
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            target = (site / path.lstrip("/")).resolve()
            status, extra = 200, []
            if not target.is_relative_to(site):
                target = site / "__nothing__"
            if target.is_dir():
                if not path.endswith("/"):
                    self._send(301, b"", "text/plain", [("Location", path + "/")], body, path, 0)
                    return
                target = target / "index.html"
            if not target.is_file():
                status, target = 404, site / "404.html"
            ctype = TYPES.get(target.suffix, "application/octet-stream")
            gz = ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
            with lock:
                raw = cache.get((target, False))
                if raw is None:
                    raw = cache[(target, False)] = target.read_bytes() if target.is_file() else b"Not found"
                data = raw
                if gz:
                    data = cache.get((target, True))
                    if data is None:
                        data = cache[(target, True)] = gzip.compress(raw, GZIP_LEVEL, mtime=0)
            if gz:
                extra += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
            self._send(status, data, ctype, extra, body, path, len(raw))

        def _send(self, status, data, ctype, extra, body, path, decoded) -> None:
            reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}[status]
            lines = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {ctype}", f"Content-Length: {len(data)}",
                     "Cache-Control: no-cache", *(f"{k}: {v}" for k, v in extra)]
            head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
            self.wfile.write(head + (data if body else b""))
            with lock:
                log.append(Served(path, status, len(head), len(data) if body else 0, decoded if body else 0))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", log


@dataclass
class Request:
    url: str = ""
    status: int = 0
    mime: str = ""
    transfer: int = 0      # bytes on the wire: headers + (compressed) body (loadingFinished.encodedDataLength)
    decoded: int = 0       # body after HTTP decompression (sum of dataReceived.dataLength)
    started: float = 0.0   # monotonic time the request was sent (wall clock of the browser)
    finished: bool = False
    failed: bool = False


@dataclass
class Network:
    requests: list[Request] = field(default_factory=list)

    @property
    def transfer(self) -> int:
        return sum(r.transfer for r in self.requests)

    @property
    def decoded(self) -> int:
        return sum(r.decoded for r in self.requests)

    def only(self, pred) -> "Network":
        return Network([r for r in self.requests if pred(r.url)])

    def __len__(self) -> int:
        return len(self.requests)


class Browser:
    """A fresh headless Chromium emulating a 360×800 phone (deviceScaleFactor 2, mobile)."""

    def __init__(self, width: int = 360, height: int = 800) -> None:
        os.environ.setdefault("SE_OFFLINE", "true")
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="bench-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--no-default-browser-check",
                    f"--user-data-dir={self.profile}"):
            opts.add_argument(arg)
        opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        self.d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.d.execute_cdp_cmd("Network.enable", {})
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
        self._reqs: dict[str, Request] = {}
        self._last_event = time.monotonic()

    @property
    def version(self) -> str:
        return self.d.capabilities.get("browserVersion", "?")

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.d.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def _drain(self) -> None:
        for entry in self.d.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            method, p = msg.get("method", ""), msg.get("params", {})
            if not method.startswith("Network."):
                continue
            rid = p.get("requestId")
            if rid is None:
                continue
            self._last_event = time.monotonic()
            r = self._reqs.setdefault(rid, Request())
            if method == "Network.requestWillBeSent":
                r.url = p["request"]["url"]
                r.started = p.get("timestamp", 0.0)
            elif method == "Network.responseReceived":
                r.url = p["response"]["url"] or r.url
                r.status = p["response"].get("status", 0)
                r.mime = p["response"].get("mimeType", "")
            elif method == "Network.dataReceived":
                r.decoded += p.get("dataLength", 0)
            elif method == "Network.loadingFinished":
                r.transfer = int(p.get("encodedDataLength", 0))
                r.finished = True
            elif method == "Network.loadingFailed":
                r.failed = r.finished = True

    def reset(self) -> None:
        """Forget what was counted so far (the next ``network()`` counts from here)."""
        self._drain()
        self._reqs.clear()

    def settle(self, quiet: float = 1.0, limit: float = 60.0, activity=None) -> None:
        """Wait until the page has loaded and nothing has happened on the network for ``quiet`` seconds.

        Requests of dedicated workers never finish in the page's log (their events go to the worker),
        so "pending" is not a condition; ``activity`` (e.g. the server's log length) counts as traffic too.
        """
        end = time.monotonic() + limit
        seen = activity() if activity else None
        last = time.monotonic()
        while time.monotonic() < end:
            self._drain()
            if activity and activity() != seen:
                seen, last = activity(), time.monotonic()
            idle = time.monotonic() - max(last, self._last_event)
            if idle >= quiet and self.d.execute_script("return document.readyState") == "complete":
                return
            time.sleep(0.1)

    def network(self) -> Network:
        self._drain()
        return Network([r for r in self._reqs.values() if r.url.startswith("http")])

    def start_css_coverage(self) -> None:
        self.d.execute_cdp_cmd("DOM.enable", {})
        self.d.execute_cdp_cmd("CSS.enable", {})
        self.d.execute_cdp_cmd("CSS.startRuleUsageTracking", {})

    def stop_css_coverage(self) -> dict[str, set[tuple[int, int]]]:
        """{style sheet text: set of (start, end) character ranges of the rules that matched something}."""
        usage = self.d.execute_cdp_cmd("CSS.stopRuleUsageTracking", {})["ruleUsage"]
        by_sheet: dict[str, set[tuple[int, int]]] = {}
        for u in usage:
            if u.get("used"):
                by_sheet.setdefault(u["styleSheetId"], set()).add((int(u["startOffset"]), int(u["endOffset"])))
        out: dict[str, set[tuple[int, int]]] = {}
        for sid, ranges in by_sheet.items():
            text = self.d.execute_cdp_cmd("CSS.getStyleSheetText", {"styleSheetId": sid})["text"]
            out.setdefault(text, set()).update(ranges)
        return out

    def get(self, url: str, activity=None) -> None:
        self.d.get(url)
        self.settle(activity=activity)

    def wait(self, script: str, limit: float = 60.0) -> object:
        """Poll a JavaScript expression until it is truthy; returns its value (or None at the limit)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            value = self.d.execute_script(f"return ({script})")
            if value:
                return value
            self._drain()
            time.sleep(0.1)
        return None
