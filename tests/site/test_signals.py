"""SIGINT, SIGTERM and SIGHUP stop ``portal build`` cleanly at any step (issue: Ctrl-C during a large
build was ignored or hung with zombie workers).

Each case starts a real ``portal build`` in a copy of the project whose corpus has just been changed,
waits for a step (by the progress line the build prints, or a delay), sends the signal and checks:
the build ends within 5 seconds with 128 + the signal's number, prints no traceback, leaves site/ as
it was, leaves build/docs as either the old or the new tree, leaves no temporary folder, and leaves no
process behind (every process it started carries a marker in its environment).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from generator.synth import write as synth_write
from tests.project import REPO, copy_project

SIZE = int(os.environ.get("PORTAL_SIGNAL_TEST_SIZE", "1000"))  # 事業; 10000 reproduces the reported case


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def marked_processes(mark: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if mark.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """A built project (the old state) and the trees a complete build of an edited corpus gives (the new state)."""
    base = tmp_path_factory.mktemp("signals")
    project = copy_project(base / "p", files=("mkdocs.yml", "content", "theme", "accessibility/results.json"))
    synth_write(SIZE, project.corpus, REPO / "policies.yaml")
    old_text = project.corpus.read_text(encoding="utf-8")
    new_text = old_text.replace("name: ", "name: 新しい", 1)
    assert new_text != old_text
    run = [sys.executable, "-m", "generator.cli", "build"]
    project.corpus.write_text(new_text, encoding="utf-8")
    assert subprocess.run(run, cwd=project.root, capture_output=True).returncode == 0
    new_docs, new_site = tree(project.out_dir), tree(project.site_dir)
    project.corpus.write_text(old_text, encoding="utf-8")
    assert subprocess.run(run, cwd=project.root, capture_output=True).returncode == 0
    return project, old_text, new_text, tree(project.out_dir), new_docs, tree(project.site_dir), new_site


def handles_signals(pid: int) -> bool:
    """Whether the process catches SIGHUP, i.e. ``portal`` has entered ``interrupt.signals()`` (Python
    itself catches only SIGINT): before that, the process is still starting up."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16)
    return bool(caught & (1 << (signal.SIGHUP - 1)))


def interrupt(project, sig: int, *, after_line: str | None, delay: float, parallel: bool = False):
    """Start a build, send ``sig`` ``delay`` seconds after ``after_line`` appears (or after the build
    started handling signals)."""
    mark = f"PORTAL_SIGNAL_TEST={uuid.uuid4().hex}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1], "PYTHONUNBUFFERED": "1"}
    if parallel:
        env["PORTAL_PARALLEL_FROM"] = "1"  # forked workers render even a small corpus
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "build"], cwd=project.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    out: list[str] = []
    seen = threading.Event()

    def read():
        for line in proc.stdout:
            out.append(line)
            if after_line and after_line in line:
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if after_line:
            assert seen.wait(1800), "".join(out)
        deadline = time.monotonic() + 120
        while not handles_signals(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay)
        if proc.poll() is not None:
            pytest.fail(f"the build ended before the signal ({delay} s after {after_line!r}): make the corpus larger\n{''.join(out)}")
        sent = time.monotonic()
        # Ctrl-C in a terminal reaches the whole foreground process group, workers and children included
        os.killpg(proc.pid, sig) if sig == signal.SIGINT else os.kill(proc.pid, sig)
        try:
            rc = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("the build did not stop within 30 s")
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:  # a failed case must not leave its build running (it holds the project's lock)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    reader.join(5)
    err = proc.stderr.read()
    time.sleep(0.3)
    return rc, took, "".join(out), err, marked_processes(mark.split("=")[1])


MKDOCS, INDEX = "MkDocs でビルドしています", "検索インデックスを作っています"
CASES = [  # (step, signal, progress line to wait for, delay after it, forked workers)
    ("validate", signal.SIGINT, None, 0.3, False),
    ("render-workers", signal.SIGINT, None, 1.2, True),
    ("render", signal.SIGTERM, None, 1.2, False),
    ("mkdocs", signal.SIGINT, MKDOCS, 0.5, False),
    ("mkdocs", signal.SIGHUP, MKDOCS, 0.5, False),
    ("search-index", signal.SIGINT, INDEX, 0.2, False),
    ("search-index", signal.SIGTERM, INDEX, 0.2, False),
]


@pytest.mark.parametrize("step,sig,after,delay,parallel", CASES, ids=[f"{c[1].name}-{c[0]}" for c in CASES])
def test_a_signal_stops_the_build_cleanly(states, step, sig, after, delay, parallel):
    project, old_text, new_text, old_docs, new_docs, old_site, _ = states
    project.corpus.write_text(new_text, encoding="utf-8")
    try:
        rc, took, out, err, left = interrupt(project, sig, after_line=after, delay=delay, parallel=parallel)
    finally:
        project.corpus.write_text(old_text, encoding="utf-8")
    assert rc == 128 + sig, (rc, out, err)
    assert took <= 5.0, f"stopped after {took:.1f} s"
    assert "Traceback" not in out + err and "ForkPoolWorker" not in err, out + err
    assert "中断しました" in out
    assert not left, f"processes left behind: {left}"
    assert tree(project.site_dir) == old_site, "site/ changed"
    docs = tree(project.out_dir)
    assert docs in (old_docs, new_docs), "build/docs is half old, half new"
    left_tmp = list(project.root.glob(".portal-tmp-*"))
    if left_tmp:  # what a slow disk could not delete in the seconds a stopping build has: said, and marked for the next build
        assert len(left_tmp) == 1 and (left_tmp[0] / ".portal-tmp").is_file(), left_tmp
        assert f"一時フォルダ {left_tmp[0].name} の残りは、次の portal build（または make clean）が削除します。" in out, out
        shutil.rmtree(left_tmp[0])


def test_a_temporary_folder_left_by_a_killed_build_is_removed_by_the_next_build(states):
    project = states[0]
    project.corpus.write_text(states[2], encoding="utf-8")
    try:
        proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "build"], cwd=project.root, stdout=subprocess.PIPE,
                                text=True, start_new_session=True)
        for line in proc.stdout:
            if "MkDocs でビルドしています" in line:
                break
        time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGKILL)  # no clean-up is possible: the next build must do it
        proc.wait()
    finally:
        project.corpus.write_text(states[1], encoding="utf-8")
    left = list(project.root.glob(".portal-tmp-*"))
    assert left
    other = project.root / ".portal-tmp-not-ours"  # a folder with the same prefix and no mark is never removed
    other.mkdir()
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "一時フォルダを削除しました" in result.stdout
    assert list(project.root.glob(".portal-tmp-*")) == [other]
    other.rmdir()
    assert tree(project.out_dir) == states[3]  # after the interrupted builds, a build brings build/docs back
