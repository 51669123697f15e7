"""Validation time for the seed corpus and synthetic corpora of 1,000 and 10,000 事業 (median of 5 runs).

    .venv/bin/python bench/validate_bench.py

Prints a Markdown table; the target (issue 2) is under 5 seconds for 10,000 事業.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
from generator.synth import write  # noqa: E402
from generator.validate import summary, validate_file  # noqa: E402

RUNS = 5


def measure(path: Path) -> tuple[float, dict]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = validate_file(path)
        times.append(time.perf_counter() - started)
        assert result.ok, result.problems[:3]
    return statistics.median(times), summary(result.corpus)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("seed (policies.yaml)", ROOT / "policies.yaml")]
        for n in (1000, 10000):
            cases.append((f"synthetic {n:,}", write(n, Path(tmp) / f"synth-{n}.yaml", ROOT / "policies.yaml")))
        print("| corpus | 事業 | file size | validate (median of 5) |")
        print("|---|---:|---:|---:|")
        for name, path in cases:
            seconds, counts = measure(path)
            print(f"| {name} | {counts['事業']:,} | {path.stat().st_size / 1e6:.2f} MB | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
