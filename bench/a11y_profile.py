"""Where the accessibility runner's CPU goes: process-tree CPU seconds per step, one browser.

    .venv/bin/python bench/a11y_profile.py --site /path/to/site [--pages 20] [--every 60]

Loads every ``--every``-th page of the site's sitemap (``--pages`` of them) with one ``Scanner`` and one
headless Chromium, the HTML validator left out (it runs in a thread of its own alongside the browsers), and
wraps the runner's steps. Each step is charged the CPU time (user + system, /proc) that the whole
process tree (this Python, chromedriver, every Chromium process) used while it ran, minus the steps
nested in it (exclusive time). The tree is found once per page (a full scan of /proc); within a page only those
processes' /proc/PID/stat are read, so a short step is not charged the profiler's own scan of /proc. CPU of a
process that appears mid-page is charged to ``(new processes)`` when the next page finds it. Prints the table; a tool for finding what to cut, not a benchmark: its
figures go into no document (docs/benchmarks.md is written by bench/a11y_scale.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.accessibility import browser as B  # noqa: E402
from tests.accessibility import checks as C  # noqa: E402
from tests.accessibility import keyboard as K  # noqa: E402
from tests.accessibility import runner as R  # noqa: E402
from tests.accessibility.site import SiteServer, pages_from_site  # noqa: E402
from a11y_scale import _procs, _tree  # noqa: E402  (bench/ is on sys.path when this script runs)
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.chromium.webdriver import ChromiumDriver  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402



TICK = os.sysconf("SC_CLK_TCK")


class Tree:
    """The CPU seconds (user + system, with children waited for) of a fixed set of processes: this one and its
    tree as found by ``rescan`` (one full scan of /proc), read from their own /proc/PID/stat only."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.pids: list[int] = []
        self.gone = 0.0  # CPU of processes that ended, as last read
        self.last: dict[int, float] = {}

    @staticmethod
    def _cpu(pid: int) -> float | None:
        try:
            s = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        rest = s[s.rindex(")") + 2:].split()
        return sum(int(x) for x in rest[11:15]) / TICK

    def cpu(self) -> float:
        total = self.gone
        for pid in self.pids:
            c = self._cpu(pid)
            if c is None:  # ended: keep what it had used
                c = self.last.get(pid, 0.0)
            self.last[pid] = c
            total += c
        return total

    def rescan(self) -> float:
        """Follow the current tree; the CPU that processes new to it had already used (charged by the caller)."""
        procs = _procs(children=True)
        now = set(_tree(procs, self.root) & set(procs))
        for pid in [p for p in self.pids if p not in now]:
            self.gone += self.last.pop(pid, 0.0)
        new = [p for p in now if p not in self.pids]
        self.pids = [p for p in self.pids if p in now] + new
        extra = 0.0
        for pid in new:
            self.last[pid] = c = self._cpu(pid) or 0.0
            extra += c
        return extra


class Profile:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[str] = ["(other)"]
        self.tree = Tree(os.getpid())
        self.tree.rescan()
        self.last = self.tree.cpu()
        self.last_wall = time.monotonic()

    def rescan(self) -> None:
        """Between pages: follow the processes started since (their CPU so far goes to ``(new processes)``)."""
        self._charge()
        extra = self.tree.rescan()
        self.cpu["(new processes)"] += extra
        self.last += extra

    def _charge(self) -> None:
        now, w = self.tree.cpu(), time.monotonic()
        self.cpu[self.stack[-1]] += now - self.last
        self.wall[self.stack[-1]] += w - self.last_wall
        self.last, self.last_wall = now, w

    def wrap(self, owner, attr: str, name: str) -> None:
        fn = getattr(owner, attr)

        def wrapped(*a, **kw):
            self._charge()
            self.stack.append(name)
            self.calls[name] += 1
            try:
                return fn(*a, **kw)
            finally:
                self._charge()
                self.stack.pop()

        setattr(owner, attr, wrapped)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, required=True)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--every", type=int, default=60)
    ap.add_argument("--page", action="append", default=[])
    args = ap.parse_args()
    pages = pages_from_site(args.site)
    pages = [p for p in pages if p.path in args.page] if args.page else pages[:: args.every][: args.pages]
    prof = Profile()
    for owner, attr, name in [
        (B.Browser, "load", "load (get)"), (B.Browser, "settle", "settle"), (B.Browser, "set_viewport", "set_viewport"),
        (B.Browser, "set_font_scale", "font scale"), (B.Browser, "set_forced_colors", "forced colours on/off"),
        (B.Browser, "axe_run", "axe"), (B.Browser, "drain_requests", "request log"),
        (K, "tab_pass", "Tab pass (real)"), (K, "forced_pass", "forced pass (replay)"), (K, "phone_pass", "phone pass"), (B.Browser, "set_hidden", "hide/show window"), (K, "forced_links", "forced links"),
        (K, "open_drawer", "drawer open"), (K, "close_drawer", "drawer close"),
        (C, "check_skip_link", "skip link"), (C, "overflow", "overflow checks"),
        (R.H, "served_html", "served html"), (R.H, "dom_html", "dom html"),
        (R.TemplateProofs, "drawer_key", "drawer key"), (R.PP, "run_in_page", "pa11y (HTMLCS in the page)"),
        (R.Scanner, "_judge", "judge (Python)"), (R.Scanner, "_switchable", "switchable?"),
        # what the steps above do not cover: the runner's other scripts (hidden?, status, reset, search form?)
        (R, "evaluate", "runner: other evaluate"), (WebDriver, "execute_script", "other execute_script"),
        (ActionChains, "perform", "other key presses"), (ChromiumDriver, "get_log", "performance log"),
    ]:
        prof.wrap(owner, attr, name)
    with SiteServer(args.site) as server, B.Browser() as browser:
        browser.load(server.origin + pages[0].path, B.VIEWPORTS["desktop"])  # warm-up, not counted
        prof.__init__()
        sc = R.Scanner(browser, server.origin, progress=print)
        t0 = time.monotonic()
        per_page = []
        for p in pages:
            prof.rescan()
            before = sum(prof.cpu.values())
            sc.scan(p)
            prof._charge()
            per_page.append((sum(prof.cpu.values()) - before, p.path))
        total_wall = time.monotonic() - t0
        prof._charge()
    n = len(pages)
    total = sum(prof.cpu.values())
    print(f"\n{n} pages, {total:.1f} CPU-s ({total / n:.2f} per page), {total_wall:.0f} s wall; load {open('/proc/loadavg').read().split()[:3]}")
    print(f"{'step':28} {'calls':>6} {'CPU-s/page':>10} {'share':>6} {'wall-s/page':>11}")
    for k in sorted(prof.cpu, key=prof.cpu.get, reverse=True):
        print(f"{k:28} {prof.calls[k]:6d} {prof.cpu[k] / n:10.3f} {prof.cpu[k] / total:6.0%} {prof.wall[k] / n:11.3f}")
    print("CPU-s per page, dearest first:")
    for c, path in sorted(per_page, reverse=True)[:10]:
        print(f"  {c:6.2f}  {path}")
    failed = [r.path for r in sc.results.values() if not r.passed]
    print("failed:", failed, "forced:", sc.forced_methods, "phone:", sc.phone_methods, "loads:", sc.visibility)


if __name__ == "__main__":
    main()
