"""A corpus in several files against one file: validate, generate and build the same synthetic corpus
both ways, side by side in one run (issue #13: the split corpus must be no slower).

    .venv/bin/python bench/split_bench.py            # 10,000 事業: validate ×3, generate ×1, build ×1 each
    .venv/bin/python bench/split_bench.py --quick    # 1,000 事業, fewer runs (printed; never replaces a full run)

The corpus is ``portal synth N`` written twice: one ``policies.yaml``, and the same records with one part
file per 基本政策 and per 施政方針 (``portal synth N --split``: ``- file: corpus/seisaku/policy-1.yaml`` …). Each
layout is a project folder of its own (mkdocs.yml, content/, theme/ copied from this repository). Every
measurement is a fresh process (``portal validate`` / ``generate`` / ``build``), the two layouts alternate,
and wall time and CPU time (user + system of the process and its children) are recorded: on a shared
machine CPU time moves less than wall time. The load average before and after is printed so a reader can
tell whether other work was running. Writes its own section of docs/benchmarks.md (bench/docsection.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from docsection import sections, write_section  # noqa: E402
from generator.synth import write  # noqa: E402
from generator.validate import summary, validate_file  # noqa: E402
from tests.project import copy_project  # noqa: E402

SECTION = "split_corpus"
PROJECT_FILES = ("mkdocs.yml", "content", "theme", "schema", "accessibility/results.json")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}


def project(folder: Path, n: int, split: bool) -> Path:
    copy_project(folder, files=PROJECT_FILES)
    return write(n, folder / "policies.yaml", ROOT / "policies.yaml", split=split)


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one portal command (CPU: user + system of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed in {cwd}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 事業 and fewer runs; printed only unless no full run is recorded")
    parser.add_argument("-n", type=int, default=None, help="number of 事業 (default 10,000; 1,000 with --quick)")
    args = parser.parse_args()
    n = args.n or (1000 if args.quick else 10000)
    runs = {"validate": 2, "generate": 1, "build": 0} if args.quick else {"validate": 3, "generate": 1, "build": 1}
    started_at = dt.datetime.now(dt.timezone.utc)
    load_before = load()
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="portal-split-bench-") as tmp:
        layouts = {"one file": project(Path(tmp) / "one", n, split=False),
                   "split": project(Path(tmp) / "split", n, split=True)}
        one, split = (validate_file(p) for p in layouts.values())
        assert one.ok and split.ok and one.corpus == split.corpus, "the two layouts must hold the same corpus"
        files = {name: len(r.loaded.files) for name, r in zip(layouts, (one, split))}
        sizes = {name: sum(f.stat().st_size for f in set(r.loaded.paths)) for name, r in zip(layouts, (one, split))}
        counts = summary(one.corpus)
        for step, times in runs.items():
            for _ in range(times):
                for name, entry in layouts.items():  # alternate: both layouts see the same load
                    cwd = entry.parent
                    cmd = {"validate": ["validate", "policies.yaml"], "generate": ["generate", "--quiet"],
                           "build": ["build"]}[step]
                    results.setdefault((step, name), []).append(timed(cmd, cwd))
                    print(step, name, f"{results[(step, name)][-1][0]:.2f} s wall", flush=True)
    load_after = load()

    def cell(step: str, name: str, i: int) -> str:
        values = [r[i] for r in results.get((step, name), [])]
        return f"{statistics.median(values):.2f} s" if values else "—"

    def ratio(step: str, i: int) -> str:
        a = [r[i] for r in results.get((step, "one file"), [])]
        b = [r[i] for r in results.get((step, "split"), [])]
        return f"{statistics.median(b) / statistics.median(a):.2f}" if a and b else "—"

    labels = {"validate": "`portal validate`", "generate": "`portal generate`（検査＋ページ生成）", "build": "`portal build`（生成＋MkDocs＋Pagefind）"}
    rows = [f"| {labels[step]} | {runs[step]} | {cell(step, 'one file', 0)} | {cell(step, 'split', 0)} | {ratio(step, 0)} "
            f"| {cell(step, 'one file', 1)} | {cell(step, 'split', 1)} | {ratio(step, 1)} |" for step in runs if runs[step]]
    kind = "quick" if args.quick else "full"
    body = "\n".join([
        f"## A corpus in several files against one file（{n:,} 事業, {kind} run）",
        "",
        f"`bench/split_bench.py`{' --quick' if args.quick else ''}, {started_at:%Y-%m-%d %H:%M} UTC. "
        f"Machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}. "
        f"**Other work was running**: this machine is shared with other engineers' test suites and benchmarks "
        f"(load average 1/5/15 min before: {load_before}; after: {load_after}, on {os.cpu_count()} cores), so wall "
        "times are inflated and noisy; CPU time (user + system, the process and its children) is the steadier figure.",
        "",
        f"The same synthetic corpus ({', '.join(f'{k} {v:,}' for k, v in counts.items() if v)}) written as one "
        f"`policies.yaml` ({files['one file']} file, {sizes['one file'] / 1e6:.1f} MB) and split "
        f"(`portal synth {n} … --split`: {files['split']} files, {sizes['split'] / 1e6:.1f} MB — one per 基本政策 and per 施政方針). "
        "Each figure is the median of fresh processes, the two layouts alternating; ratio = split ÷ one file.",
        "",
        "| step | runs each | wall: one file | wall: split | ratio | CPU: one file | CPU: split | ratio |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "The split corpus is read file by file (each part parsed on its own, then put in place of its `- file:` "
        "item); everything after that — the model, the references check, the pages, MkDocs and Pagefind — sees "
        "the same data and the same Markdown (the built sites are byte-identical), so only reading differs.",
    ])
    print(body)
    doc = ROOT / "docs" / "benchmarks.md"
    existing = sections(doc.read_text(encoding="utf-8")).get(SECTION, "") if doc.exists() else ""
    if args.quick and "full run" in existing:
        print(f"\n(quick run: docs/benchmarks.md keeps the full run of section {SECTION})")
        return
    write_section(doc, SECTION, body)
    print(f"\ndocs/benchmarks.md: section {SECTION} written")


if __name__ == "__main__":
    main()
