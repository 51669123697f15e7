"""Build time and memory of ``portal build``, with the speed-ups on and off, side by side.

    .venv/bin/python bench/build_time.py              # seed, 1,000 and 10,000 事業 (about 10 minutes on a quiet machine)
    .venv/bin/python bench/build_time.py --quick      # seed and 1,000 only; writes build/benchmarks-quick.md
    .venv/bin/python bench/build_time.py --sizes 10000 --runs 1

Each run is a real ``portal build`` of a temporary copy of the project (``bench/common.py``) into an empty
folder: wall time and CPU time of the whole command (its child processes included), the peak memory of
its largest process (exact: ru_maxrss) and of all its processes together (the sum of their PSS, sampled
every 0.5 s with psutil), which process was the largest, and the time of each step as the build prints it. The peer is the same build with
every speed-up off (``PORTAL_SPEEDUPS_OFF=all``, ``generator/speedups.py``): it builds the same bytes
(tests/site/test_speedups.py), so the difference is the speed-ups alone. Runs alternate (on, off, on, off
…) so both see the same machine. Targets (issue #15): 10,000 事業 in ≤ 45 s on 2 cores, peak ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import Figures, Session, kb, log, make_project, mb, portal_build, sec  # noqa: F401

T_WALL = 45.0
T_MEM = 1e9
RUNS = 2
MODES = {"on": {}, "off": {"PORTAL_SPEEDUPS_OFF": "all"}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="seed and 1,000 事業; figures go to build/benchmarks-quick.md")
    ap.add_argument("--sizes", help="comma-separated 事業 counts besides the seed (default 1000,10000; quick: 1000)")
    ap.add_argument("--runs", type=int, default=RUNS, help=f"runs per size and mode (default {RUNS})")
    args = ap.parse_args()
    session = Session("build_time.py", args.quick)
    default = "1000" if args.quick else "1000,10000"
    sizes = [int(s) for s in (default if args.sizes is None else args.sizes).split(",") if s]
    rows = []
    whos: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as t:
        tmp = Path(t)
        for n in [None, *sizes]:
            project = make_project(tmp, n)
            figs = {mode: Figures() for mode in MODES}
            pages = 0
            for i in range(args.runs):
                for mode, env in MODES.items():
                    log(f"{n or 'seed'} 事業, speed-ups {mode}, run {i + 1}/{args.runs}")
                    timing, steps = portal_build(project, tmp / "site", env)
                    f = figs[mode]
                    f.add("wall", timing.wall)
                    f.add("cpu", timing.cpu)
                    f.add("rss", timing.peak_rss)
                    f.add("sum", timing.peak_sum)
                    whos.setdefault((n, mode), []).append(timing.peak_proc)
                    for k, v in steps.items():
                        if k != "pages":
                            f.add(k, v)
                    pages = steps.get("pages", pages)
                    log(f"  {timing.wall:.1f} s wall, {timing.cpu:.1f} s CPU, {mb(timing.peak_rss)} largest process, "
                        f"{mb(timing.peak_sum)} all processes; largest: {timing.peak_proc}; {steps}")
            rows.append((n, pages, figs))
    session.write("build_time", report(session, rows, args.runs, whos))


def _who(cmdline: str) -> str:
    if "mkdocs_build" in cmdline:
        return "MkDocs (`generator.mkdocs_build`)"
    if "slim_css" in cmdline:
        return "CSS step (Node.js)"
    if "portal" in cmdline or "generator.cli" in cmdline:
        return "`portal build` itself (generate, search index)"
    return cmdline.split(" ")[0] or "?"


def report(session: Session, rows, runs: int, whos: dict | None = None) -> str:
    L = ["## Build time and memory (`portal build`, speed-ups on and off)", "", session.label(), "",
         (f"Each figure is the median of {runs} runs (range after it); " if runs > 1 else
          f"Each figure is from one run (`--runs {runs}`: fewer than the default {RUNS}, to fit the time this run had; "
          "so the on/off comparison of one pair of runs on a shared machine says little); ")
         + "*on* = as `portal build` runs now, *off* = "
         "`PORTAL_SPEEDUPS_OFF=all` (every speed-up of `generator/speedups.py` off: MkDocs' pages in one process, "
         "a new Python-Markdown object for every page, which MkDocs parses twice with `html.parser`, "
         "the search index reads every built page again, the CSS step before the index), which builds "
         "the same bytes (tests/site/test_speedups.py). *CPU* = user + system time of the build and every process it "
         "started. *largest process* = peak resident memory of its largest process (ru_maxrss, exact); *all processes* = "
         "the most that all its processes held at once (sum of PSS — pages that forked workers share with their parent "
         "count once — sampled every 0.5 s with psutil). Steps as `portal build` prints them; with the speed-ups on, "
         "*CSS* is only how long the CSS step went on after the search index (it runs alongside it). "
         f"Targets at 10,000 事業: ≤ {T_WALL:.0f} s wall on 2 cores, ≤ 1 GB (judged on the larger of the two memory figures).", "",
         "| 事業 | pages | speed-ups | wall | CPU | generate | MkDocs | CSS | search index | largest process | all processes | ≤ 45 s | ≤ 1 GB |",
         "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|"]
    for n, pages, figs in rows:
        for mode, f in figs.items():
            big = n is not None and n >= 10000
            ok = lambda cond: ("✓" if cond else "✗") if big else ""
            mem = max(f.med('rss'), f.med('sum'))
            L.append(f"| {'seed' if n is None else f'{n:,}'} | {pages:,} | {mode} | {sec(f.med('wall'))} {f.spread('wall')} | "
                     f"{sec(f.med('cpu'))} | {sec(f.med('generate'))} | {sec(f.med('mkdocs'))} | {sec(f.med('css'))} | "
                     f"{sec(f.med('index'))} | {mb(f.med('rss'))} | {mb(f.med('sum'))} | {ok(f.med('wall') <= T_WALL)} | "
                     f"{ok(mem <= T_MEM)} |")
    L += ["", "What the steps are: *generate* validates policies.yaml and writes the Markdown (its pages are rendered "
          "on every core from 2,000 pages); *MkDocs* builds the HTML (speed-ups on: forked workers, one per core, "
          "`generator/mkdocs_build.py`, which also make each page's search-index entry as they write it); *CSS* keeps "
          "only the CSS the pages use (PurgeCSS + lightningcss, `generator/slimcss.py`); *search index* writes the "
          "site's own index (`generator/search_index.py`)."]
    for n, pages, figs in rows:
        f = figs.get("on")
        if n is not None and n >= 10000 and f is not None:
            wall, cpu, mem = f.med("wall"), f.med("cpu"), max(f.med("rss"), f.med("sum"))
            L += ["", f"**At {n:,} 事業 (speed-ups on):** {sec(wall)} wall, "
                  + (f"{sec(wall - T_WALL)} over the {T_WALL:.0f} s target" if wall > T_WALL else "within the target")
                  + f"; its {sec(cpu)} of CPU need {sec(cpu / 2)} on 2 cores even if every step used both "
                  + f"(so CPU time, not parallelism, is what stands between the build and {T_WALL:.0f} s"
                  + (")" if cpu / 2 > T_WALL else " only if the steps overlap better)")
                  + f"; memory {mb(mem)}, " + ("within 1 GB." if mem <= T_MEM else f"{mb(mem - T_MEM)} over 1 GB.")]
    if whos:
        L += ["", "Largest process seen while sampling: " + "; ".join(
            f"{'seed' if n is None else f'{n:,}'} {mode}: {', '.join(sorted({_who(w) for w in ws}))}"
            for (n, mode), ws in whos.items()) + "."]
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
