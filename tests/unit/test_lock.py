"""Installs that don't drift: every Python dependency comes from uv.lock (with hashes), and the lock
must agree with pyproject.toml (``uv lock --check`` fails otherwise; ``make site`` runs ``uv sync --locked``)."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".venv-tools" / "bin" / "uv"


def test_the_lock_agrees_with_pyproject():
    if not UV.exists():
        pytest.fail("uv is not installed: run `make setup` (it creates .venv-tools from requirements/uv.txt)")
    proc = subprocess.run([str(UV), "lock", "--check", "--python", "python3"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"}, timeout=300)
    assert proc.returncode == 0, "uv.lock が pyproject.toml と合いません。`make lock` を実行してコミットしてください。\n" + proc.stderr


def test_every_locked_package_has_hashes_and_every_tool_requirement_is_pinned_with_hashes():
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    for package in lock["package"]:
        if package.get("source", {}).get("editable") or package.get("source", {}).get("virtual"):
            continue  # the project itself
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files and all(f.get("hash", "").startswith("sha256:") for f in files), package["name"]
    for name in ("uv.txt", "zensical.txt"):
        text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
        pins = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
        assert pins and all("==" in p for p in pins), name
        assert text.count("--hash=sha256:") >= len(pins), name


def test_make_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "sync --locked" in makefile and "--require-hashes -r requirements/zensical.txt" in makefile
    assert "pip install --quiet -e" not in makefile  # nothing is resolved on the day of the install
