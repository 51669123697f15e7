"""Live preview latency: save policies.yaml, how long until the page served by `portal serve` shows it.

    .venv/bin/python bench/preview_latency.py [N]      # N 事業 (default 1,000); median of 5 edits

Starts `portal serve` on a synthetic corpus copy (port 8765), edits one 事業's name, and polls the
page over HTTP until the new name is there. Target (issue 5): within 2 s at 1,000 事業.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
from generator.synth import write  # noqa: E402
from tests.project import copy_project  # noqa: E402

PORT = 8765


def fetch(path: str) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/{path}", timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        # a copy of the project with a synthetic corpus: the preview writes into the copy's build/
        project = copy_project(Path(tmp) / "project", files=("mkdocs.yml", "content", "theme"))
        corpus = write(n, project.corpus, ROOT / "policies.yaml")
        proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", str(PORT)],
                                cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            started = time.perf_counter()
            while "project-1" not in fetch("jigyo/project-1/") and time.perf_counter() - started < 300:
                time.sleep(0.5)
            print(f"serve ready after {time.perf_counter() - started:.1f} s ({n:,} 事業)", file=sys.stderr)
            times = []
            text = corpus.read_text(encoding="utf-8")
            for i in range(5):
                marker = f"プレビュー確認{i}"
                text = text.replace("（1）\n", f"（1）{marker}\n", 1) if i == 0 else text.replace(f"プレビュー確認{i - 1}", marker, 1)
                saved = time.perf_counter()
                corpus.write_text(text, encoding="utf-8")
                while marker not in fetch("jigyo/project-1/"):
                    if time.perf_counter() - saved > 60:
                        sys.exit("the page did not update within 60 s")
                    time.sleep(0.05)
                times.append(time.perf_counter() - saved)
                time.sleep(1.0)
            print(f"| live preview, {n:,} 事業 | save → page updated | median {statistics.median(times):.2f} s "
                  f"(runs: {', '.join(f'{t:.2f}' for t in times)}) | target ≤ 2 s |")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
