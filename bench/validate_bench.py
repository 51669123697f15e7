"""Validation time for the seed corpus and synthetic corpora of 1,000 and 10,000 事業 (median of 5 runs).

    .venv/bin/python bench/validate_bench.py
    .venv/bin/python bench/validate_bench.py --against d80c19b   # side by side with another commit

Prints a Markdown table; the target (issue 2) is under 5 seconds for 10,000 事業.

With ``--against REV`` the validator of REV (its ``generator/`` from ``git archive``) and this tree's
run alternately, each in a fresh process, on the same files, and both wall and CPU time are shown:
on a shared machine CPU time moves less than wall time. The load average before and after is printed
so a reader can tell whether other work was running.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
from generator.synth import write  # noqa: E402
from generator.validate import summary, validate_file  # noqa: E402

RUNS = 5

_ONE_RUN = """
import sys, time
sys.path.insert(0, sys.argv[1])
from generator.validate import validate_file
wall, cpu = time.perf_counter(), time.process_time()
result = validate_file(sys.argv[2])
print(time.perf_counter() - wall, time.process_time() - cpu, result.ok)
"""


def measure(path: Path) -> tuple[float, dict]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = validate_file(path)
        times.append(time.perf_counter() - started)
        assert result.ok, result.problems[:3]
    return statistics.median(times), summary(result.corpus)


def _run(tree: Path, path: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", _ONE_RUN, str(tree), str(path)], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[2] == "True", f"{tree}: {path} does not validate"
    return float(out[0]), float(out[1])


def compare(cases: list[tuple[str, Path]], rev: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", rev, "generator"], cwd=ROOT, capture_output=True, check=True).stdout
        tar = Path(tmp) / "rev.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as t:
            t.extractall(Path(tmp) / "rev", filter="data")
        trees = {"this tree": ROOT, rev: Path(tmp) / "rev"}
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
        print(f"| corpus | {' | '.join(f'{name}: wall / CPU' for name in trees)} |")
        print("|---|" + "---:|" * len(trees))
        for name, path in cases:
            runs: dict[str, list[tuple[float, float]]] = {t: [] for t in trees}
            for _ in range(RUNS):
                for tree_name, tree in trees.items():
                    runs[tree_name].append(_run(tree, path))
            cells = [f"{statistics.median(w for w, _ in r):.2f} s / {statistics.median(c for _, c in r):.2f} s"
                     for r in runs.values()]
            print(f"| {name} | {' | '.join(cells)} |")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"Medians of {RUNS} alternating runs, each in a fresh process (import not timed).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also time the validator of this git revision, alternating")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("seed (policies.yaml)", ROOT / "policies.yaml")]
        for n in (1000, 10000):
            cases.append((f"synthetic {n:,}", write(n, Path(tmp) / f"synth-{n}.yaml", ROOT / "policies.yaml")))
        if args.against:
            compare(cases, args.against)
            return
        print("| corpus | 事業 | file size | validate (median of 5) |")
        print("|---|---:|---:|---:|")
        for name, path in cases:
            seconds, counts = measure(path)
            print(f"| {name} | {counts['事業']:,} | {path.stat().st_size / 1e6:.2f} MB | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
