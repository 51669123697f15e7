"""What every benchmark script shares: where its figures go, how they are labelled, how a build is timed.

* ``Session(script, quick)`` — the run: ``session.label()`` is the line every section starts with (date,
  machine, run time, load average before and after, and how much CPU *other* processes used while the
  script ran — read from /proc/stat — so a reader sees whether the machine was quiet);
  ``session.write(name, body)`` puts the section into docs/benchmarks.md (a full run) or into
  build/benchmarks-quick.md (a quick run): a quick run never overwrites a full run's figures.
* ``timed(cmd)`` — a command's wall time, CPU time (user + system of it and everything it started) and
  the peak memory of its largest process.
* ``make_project(tmp, n)`` — a temporary copy of the project whose policies.yaml is the seed (``n=None``)
  or ``generator.synth``'s corpus of n 事業 (deterministic); ``portal_build`` builds it as a user does.
* ``kb``/``mb``/``sec`` — number formats (1 KB = 1,000 bytes).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from docsection import write_section  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
QUICK_DOC = ROOT / "build" / "benchmarks-quick.md"
PY = sys.executable
PORTAL = str(Path(sys.executable).with_name("portal"))
KB = 1000
BUSY_SHARE = 0.10  # other processes using more than this share of the cores = "other work was running"


def log(msg: str, _t0=[time.monotonic()]) -> None:  # noqa: B006 — the script's start time
    print(f"[{time.monotonic() - _t0[0]:7.1f} s] {msg}", file=sys.stderr, flush=True)


def _busy_jiffies() -> int:
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return user + nice + system + irq + softirq + steal


def _own_cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Session:
    def __init__(self, script: str, quick: bool) -> None:
        self.script, self.quick = script, quick
        self.started = time.monotonic()
        self.date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        self.load_before = loadavg()
        self._busy0, self._own0 = _busy_jiffies(), _own_cpu()

    def other_work(self, own: float | None = None) -> tuple[float, float]:
        """(CPU seconds other processes used since the start, their share of all cores).

        ``own``: the script's CPU seconds when it measured them itself (``a11y_scale.py`` reads its process
        trees from /proc: Chromium's processes are not reaped through its children, so getrusage misses them)."""
        busy = (_busy_jiffies() - self._busy0) / os.sysconf("SC_CLK_TCK")
        other = max(0.0, busy - (_own_cpu() - self._own0 if own is None else own))
        wall = time.monotonic() - self.started
        return other, other / (wall * (os.cpu_count() or 1)) if wall else 0.0

    def label(self) -> str:
        other, share = self.other_work()
        busy = share > BUSY_SHARE
        run = "quick run" if self.quick else "full run"
        return (f"Written by `bench/{self.script}` ({run}) on {self.date}, {time.monotonic() - self.started:.0f} s; "
                f"{machine()}. Load average before / after: {self.load_before} / {loadavg()}. Other processes used "
                f"{other:,.0f} CPU-seconds meanwhile ({share:.0%} of the {os.cpu_count()} cores): "
                + ("**other work was running** — times here are inflated by it; CPU times and bytes are the steadier figures."
                   if busy else "the machine was quiet."))

    def write(self, name: str, body: str) -> Path:
        doc = QUICK_DOC if self.quick else DOC
        doc.parent.mkdir(parents=True, exist_ok=True)
        write_section(doc, name, body)
        log(f"wrote section {name} of {doc.relative_to(ROOT)}")
        return doc


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.platform()}, {os.cpu_count()} CPUs ({cpu or '?'}), {mem:.0f} GiB, Python {platform.python_version()}"


@dataclass
class Timed:
    wall: float
    cpu: float
    peak_rss: int          # bytes: the largest single process (ru_maxrss of the waited-for children)
    returncode: int
    out: str
    peak_sum: int = 0      # bytes: the most that all its processes held at once (sum of PSS, sampled every 0.5 s)
    peak_proc: str = ""    # the process with the largest resident memory seen while sampling (its command line, cut)

    def ok(self, what: str) -> "Timed":
        if self.returncode:
            raise SystemExit(f"{what} failed (exit {self.returncode}):\n{self.out[-3000:]}")
        return self


# Runs in a fresh process, so RUSAGE_CHILDREN counts the command and everything it started, and nothing
# else. psutil samples the command's process tree every 0.5 s (reading PSS costs CPU: more often took 8 % of a
# core from the build it measures): the sum of PSS (proportional set size:
# pages that forked workers share with their parent count once, not once per process) and which process
# was largest. ru_maxrss stays the exact figure for the largest process (sampling can miss a short peak).
_PROBE = """\
import json, resource, subprocess, sys, threading, time
import psutil
t = time.perf_counter()
p = psutil.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
peak = {"sum": 0, "rss": 0, "who": ""}
def sample():
    while p.poll() is None:
        total = 0
        try:
            procs = [p, *p.children(recursive=True)]
        except psutil.Error:
            break
        for q in procs:
            try:
                m = q.memory_full_info()
                total += m.pss
                if m.rss > peak["rss"]:
                    peak["rss"], peak["who"] = m.rss, " ".join(q.cmdline())[:120]
            except psutil.Error:
                pass
        peak["sum"] = max(peak["sum"], total)
        time.sleep(0.5)
th = threading.Thread(target=sample, daemon=True)
th.start()
out = p.stdout.read().decode("utf-8", "replace")
p.wait()
w = time.perf_counter() - t
th.join(1)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([w, r.ru_utime + r.ru_stime, r.ru_maxrss * 1024, p.returncode, out, peak["sum"], peak["who"]]))
"""


def timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None, timeout: float | None = None) -> Timed:
    """Run ``cmd`` in a fresh process whose own children are counted: wall, CPU and peak memory of it alone
    (its largest process, and all its processes together)."""
    import json

    proc = subprocess.run([PY, "-c", _PROBE, *cmd], env={**os.environ, **(env or {})}, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode:
        return Timed(0, 0, 0, proc.returncode, proc.stdout + proc.stderr)
    wall, cpu, rss, rc, out, peak_sum, who = json.loads(proc.stdout.strip().splitlines()[-1])
    return Timed(wall, cpu, rss, rc, out, peak_sum, who)


def make_project(tmp: Path, n: int | None, name: str | None = None):
    """A copy of the project with the seed corpus, or the synthetic one of ``n`` 事業."""
    from generator.synth import write as synth_write
    from tests.project import copy_project

    folder = tmp / (name or f"project-{'seed' if n is None else n}")
    if folder.exists():
        return __import__("generator.project", fromlist=["Project"]).Project.at(folder)
    project = copy_project(folder)
    if n is not None:
        project.corpus.unlink()
        synth_write(n, project.corpus, ROOT / "policies.yaml")
    return project


STEP = re.compile(r"(?P<name>MkDocs|ProperDocs|CSS|検索インデックス) (?P<s>[\d.]+) 秒")
# with the speed-up css-alongside-index the CSS step runs while the index is written: the build prints how
# much longer it went on after the index
CSS_AFTER = re.compile(r"CSS は並行して \+(?P<s>[\d.]+) 秒")
GEN = re.compile(r"生成: ページ (?P<pages>\d+).*? (?P<s>[\d.]+) 秒")


def portal_build(project, site: Path, env: dict | None = None, engine: str = "mkdocs") -> tuple[Timed, dict]:
    """``portal build`` of ``project`` into ``site`` (removed first): timing and the step times it printed."""
    shutil.rmtree(site, ignore_errors=True)
    cmd = [PORTAL, "-C", str(project.root), "build", "--site-dir", str(site)]
    if engine != "mkdocs":
        cmd += ["--engine", engine]
    t = timed(cmd, env=env).ok("portal build")
    steps = {}
    if m := GEN.search(t.out):
        steps["generate"], steps["pages"] = float(m["s"]), int(m["pages"])
    last = t.out.rsplit("ビルド:", 1)[-1]
    for m in STEP.finditer(last):
        steps[{"検索インデックス": "index", "ProperDocs": "mkdocs"}.get(m["name"], m["name"].lower())] = float(m["s"])
    if m := CSS_AFTER.search(last):
        steps["css"] = float(m["s"])
        steps["css_alongside"] = 1.0
    return t, steps


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def kb(n: float) -> str:
    return f"{n / KB:,.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def sec(s: float) -> str:
    return f"{s:,.1f} s"


@dataclass
class Figures:
    """Repeated measurements of one thing (medians shown, the spread kept)."""
    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.values.setdefault(key, []).append(value)

    def med(self, key: str) -> float:
        return median(self.values.get(key, []))

    def spread(self, key: str) -> str:
        v = self.values.get(key, [])
        return f"{min(v):.1f}–{max(v):.1f}" if len(v) > 1 else ""
