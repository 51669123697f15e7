"""Citizen-task benchmark (issue #11): taps and search queries from the top page until the answer is on screen.

    make site && .venv/bin/python bench/citizen_tasks.py             # all tasks; writes its section of docs/benchmarks.md
    .venv/bin/python bench/citizen_tasks.py --task okuyami --no-write  # one task, print only
    .venv/bin/python bench/citizen_tasks.py --site other/site          # another built site

The tasks are data: bench/citizen_tasks.yaml (question, answers, routes of steps). Each route is played in a
fresh headless Chromium emulating a 360×800 phone (CDP Emulation.setDeviceMetricsOverride, mobile, touch),
from the top page of the built site served on 127.0.0.1 (gzip, 404.html for missing paths). After every
step the script looks for an answer: the answer's page is open and its text is inside the viewport
(below the sticky header, a whole line visible) as the page stands — landing at the top of a long page
with the answer further down does not count. It stops at the first step where that is so.

Counted: taps (links and buttons pressed) and queries (text typed into a search box and submitted).
Reported, not counted: how far the reader scrolled to reach what they tapped (in screens of 800 px), and
the position of the tapped search result. Target: ≤ 2 taps without a query, or 1 query + ≤ 1 tap.
A task meets it when one of its routes does. Search is being reworked on another branch: re-run this
script after merging; the selectors of the search page are at the top of this file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from docsection import write_section  # noqa: E402
from netbench import serve  # noqa: E402

TASKS = HERE / "citizen_tasks.yaml"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "citizen_tasks"
WIDTH, HEIGHT = 360, 800
MAX_TAPS, MAX_TAPS_WITH_QUERY = 2, 1
# the search page (content/search.md, theme/assets/search.js)
RESULT_LINKS = "#portal-search-results a[href]"
SEARCH_DONE = ("(() => { const s = document.getElementById('portal-search-status');"
               " return !!s && /件|見つかりませんでした|一致する/.test(s.textContent); })()")

JS_FIND = r"""
const want = arguments[0];
const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
const shown = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (cs.visibility === 'hidden' || cs.display === 'none') return false;
  }
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};
const found = [];
document.querySelectorAll('a[href], button, summary, input[type=submit]').forEach((el, i) => {
  const names = [norm(el.textContent), norm(el.getAttribute('aria-label')), norm(el.value)];
  let rank = 3;
  for (const n of names) {
    if (!n) continue;
    if (n === want) rank = Math.min(rank, 0);
    else if (n.startsWith(want)) rank = Math.min(rank, 1);
    else if (n.includes(want)) rank = Math.min(rank, 2);
  }
  if (rank < 3 && shown(el)) found.push([rank, i, el]);
});
found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
return found.length ? found[0][2] : null;
"""

JS_ON_SCREEN = r"""
const [page, text] = arguments;
const here = decodeURIComponent(location.pathname);
if (here !== page && here !== page + 'index.html') return false;
const header = document.querySelector('.md-header');
const top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
const inView = (r) => r.height > 0 && r.top >= top - 2 && r.bottom <= innerHeight + 2;
const root = document.querySelector('.md-content') || document.body;
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  let i = n.data.indexOf(text);
  while (i >= 0) {
    const range = document.createRange();
    range.setStart(n, i);
    range.setEnd(n, i + text.length);
    if ([...range.getClientRects()].some(inView)) return true;
    i = n.data.indexOf(text, i + 1);
  }
}
// the text across elements (e.g. a link inside a sentence): the smallest element holding it
const holders = [...root.querySelectorAll('p, li, h1, h2, h3, h4, dd, td')].filter((e) => e.textContent.includes(text));
return holders.some((e) => [...e.getClientRects()].some(inView));
"""


@dataclass
class RouteResult:
    task: str
    route: str
    taps: int = 0
    queries: int = 0
    scroll_px: int = 0
    on_screen: bool = False
    rank: int | None = None  # position of the tapped search result (1 = first)
    steps_used: int = 0
    error: str = ""
    trail: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        if not self.on_screen:
            return False
        return (self.queries == 0 and self.taps <= MAX_TAPS) or (self.queries == 1 and self.taps <= MAX_TAPS_WITH_QUERY)


class Phone:
    """A fresh headless Chromium emulating a 360×800 phone with touch."""

    def __init__(self) -> None:
        os.environ.setdefault("SE_OFFLINE", "true")
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="tasks-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", f"--user-data-dir={self.profile}"):
            opts.add_argument(arg)
        self.d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 2, "mobile": True})
        self.d.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})

    def close(self) -> None:
        import shutil

        try:
            self.d.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def settle(self, before: str | None = None, limit: float = 20.0) -> None:
        """Wait for the new page (or the same page's new #anchor) to load and stop scrolling."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            url = self.d.current_url
            if (before is None or url != before) and self.d.execute_script("return document.readyState") == "complete":
                break
            time.sleep(0.05)
        last = None
        for _ in range(40):  # smooth scrolling to an anchor: wait until the position holds
            y = self.d.execute_script("return scrollY")
            if y == last:
                break
            last = y
            time.sleep(0.1)

    def tap(self, el) -> int:
        """Scroll the element into view if needed (returns the pixels scrolled) and tap it."""
        y0 = self.d.execute_script("return scrollY")
        self.d.execute_script(
            "const r = arguments[0].getBoundingClientRect(); const h = document.querySelector('.md-header');"
            "const top = h ? h.getBoundingClientRect().bottom : 0;"
            "if (r.top < top || r.bottom > innerHeight) arguments[0].scrollIntoView({block: 'center'});", el)
        time.sleep(0.1)
        scrolled = abs(self.d.execute_script("return scrollY") - y0)
        before = self.d.current_url
        el.click()
        self.settle(before)
        return scrolled


def play(phone: Phone, base: str, task: dict, route: dict) -> RouteResult:
    res = RouteResult(task["id"], route["name"])
    d = phone.d
    d.get(base + "/")
    phone.settle()

    def answered() -> bool:
        return any(d.execute_script(JS_ON_SCREEN, a["page"], a["text"]) for a in task["answers"])

    for n, step in enumerate(route["steps"], 1):
        if answered():
            break
        res.steps_used = n
        try:
            if "tap" in step:
                el = d.execute_script(JS_FIND, step["tap"])
                if el is None:
                    raise LookupError(f"no link or button 「{step['tap']}」 on {urllib.parse.unquote(urllib.parse.urlsplit(d.current_url).path)}")
                res.scroll_px += phone.tap(el)
                res.taps += 1
                res.trail.append(f"tap 「{step['tap']}」")
            elif "search" in step:
                from selenium.webdriver.common.by import By
                from selenium.webdriver.common.keys import Keys

                boxes = [b for b in d.find_elements(By.CSS_SELECTOR, "input[type=search]") if b.is_displayed()]
                if not boxes:
                    raise LookupError("no search box on this page")
                before = d.current_url
                d.execute_script("arguments[0].scrollIntoView({block: 'center'})", boxes[0])
                boxes[0].send_keys(step["search"] + Keys.ENTER)
                res.queries += 1
                phone.settle(before)
                end = time.monotonic() + 60
                while time.monotonic() < end and not d.execute_script(f"return {SEARCH_DONE}"):
                    time.sleep(0.1)
                res.trail.append(f"search 「{step['search']}」")
            elif "result" in step:
                want = step["result"]
                links = d.execute_script(f"return [...document.querySelectorAll({RESULT_LINKS!r})]")
                paths = [urllib.parse.unquote(urllib.parse.urlsplit(a.get_attribute("href")).path) for a in links]
                hit = next((i for i, p in enumerate(paths) if p in (want, want + "index.html")), None)
                if hit is None:
                    raise LookupError(f"no result links to {want} ({len(links)} result links)")
                res.rank = hit + 1
                res.scroll_px += phone.tap(links[hit])
                res.taps += 1
                res.trail.append(f"result #{hit + 1}")
            else:
                raise ValueError(f"unknown step {step!r}")
        except LookupError as exc:
            res.error = f"step {n}: {exc}"
            break
    res.on_screen = not res.error and answered()
    if not res.on_screen and not res.error:
        where = urllib.parse.unquote(urllib.parse.urlsplit(d.current_url).path)
        res.error = f"answer not on screen (on {where}, scrolled to {d.execute_script('return scrollY')} px)"
    return res


def report(results: dict[str, list[RouteResult]], tasks: list[dict], info: dict) -> str:
    met = sum(any(r.met for r in rs) for rs in results.values())
    by_route: dict[str, list[RouteResult]] = {}
    for rs in results.values():
        for r in rs:
            by_route.setdefault(r.route, []).append(r)
    L = ["## Citizen tasks: taps and queries from the top page (360×800)", "",
         f"Written by `bench/citizen_tasks.py` on {info['date']} ({info['runtime']:.0f} s); site built from commit "
         f"`{info['commit']}`; {info['machine']}; load average before/after {info['load_before']} / {info['load_after']}"
         + (" — **other work was running** on the same two cores" if float(str(info["load_before"]).split()[0]) >= 1.0
            else " — the machine was otherwise quiet (1-minute load below 1 before the run)")
         + " (counts do not depend on the load). Tasks: "
         "`bench/citizen_tasks.yaml`.", "",
         f"**{met} of {len(tasks)} tasks meet the target** (≤ 2 taps, or 1 query + 1 tap, with the answer on screen). "
         + "; ".join(f"route 「{name}」: {sum(r.met for r in rs)} of {len(rs)}" for name, rs in by_route.items()) + ".", "",
         "Counted until an answer (page + text) is inside the viewport as the page stands after the last tap; "
         "*scroll* = how far the reader scrolled to reach what they tapped (screens of 800 px, not counted); "
         "*rank* = position of the tapped search result.", "",
         "| task | question | route | taps | queries | scroll | rank | answer on screen | target |",
         "|---|---|---|---:|---:|---:|---:|:-:|:-:|"]
    for t in tasks:
        for r in results[t["id"]]:
            screen = "✓" if r.on_screen else "✗ " + r.error.replace("|", "\\|")
            L.append(f"| {t['id']} | {t['question']} | {r.route} | {r.taps} | {r.queries} | {r.scroll_px / HEIGHT:.1f} | "
                     f"{r.rank or '–'} | {screen} | {'✓' if r.met else '✗'} |")
    L.append("")
    return "\n".join(L)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT / "site", help="built site (default: site/)")
    ap.add_argument("--tasks", type=Path, default=TASKS)
    ap.add_argument("--task", action="append", help="only this task id (repeatable); implies --no-write")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site}: no built site (run make site)")
    tasks = yaml.safe_load(args.tasks.read_text(encoding="utf-8"))["tasks"]
    if args.task:
        tasks = [t for t in tasks if t["id"] in args.task]
    started = time.monotonic()
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    server, base, _log = serve(args.site)
    results: dict[str, list[RouteResult]] = {}
    try:
        for t in tasks:
            results[t["id"]] = []
            for route in t["routes"]:
                phone = Phone()
                try:
                    r = play(phone, base, t, route)
                finally:
                    phone.close()
                results[t["id"]].append(r)
                print(f"{t['id']:18} {route['name']:10} taps {r.taps} queries {r.queries} "
                      f"{'on screen' if r.on_screen else r.error}  {'✓' if r.met else '✗'}", file=sys.stderr, flush=True)
    finally:
        server.shutdown()
        server.server_close()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    info = {"date": date, "runtime": time.monotonic() - started, "commit": commit or "?", "load_before": load_before,
            "load_after": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
            "machine": f"{platform.platform()}, {os.cpu_count()} CPUs"}
    text = report(results, tasks, info)
    print(text)
    if not (args.no_write or args.task):
        write_section(DOC, SECTION, text)
        print(f"wrote its section of {DOC.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
