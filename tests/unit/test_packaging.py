"""Install noise and truth (issue #13): every folder of files the tool reads at run time is declared in
pyproject.toml, so a wheel carries it (``portal init`` copies the theme from it) and setuptools prints no
"Package would be ignored" warning."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _data_folders() -> dict[str, Path]:
    """{package name: folder} for generator/ and the theme, every subfolder that holds files included."""
    out = {}
    for package, folder in (("generator", ROOT / "generator"), ("generator.theme", ROOT / "theme")):
        for path in [folder, *sorted(p for p in folder.rglob("*") if p.is_dir())]:
            rel = path.relative_to(folder)
            if "__pycache__" in rel.parts or not any(p.is_file() for p in path.iterdir()):
                continue
            out[".".join([package, *rel.parts])] = path
    return out


def test_every_folder_the_tool_reads_is_a_declared_package():
    assert CONFIG["package-dir"] == {"generator.theme": "theme"}
    missing = sorted(set(_data_folders()) - set(CONFIG["packages"]))
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml (with their package-data): {missing}"


def _pip_python() -> str:
    """A Python with pip: the test environment's, else make's tool venv (uv sync makes .venv without pip)."""
    import importlib.util

    if importlib.util.find_spec("pip") is not None:
        return sys.executable
    return str(ROOT / ".venv-tools" / "bin" / "python")


def test_the_wheel_holds_the_templates_and_the_theme_and_setuptools_warns_of_nothing(tmp_path):
    proc = subprocess.run([_pip_python(), "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "would be ignored" not in proc.stdout + proc.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set()
    for package, folder in _data_folders().items():
        prefix = package.replace(".", "/")
        expected |= {f"{prefix}/{p.name}" for p in folder.iterdir() if p.is_file() and p.suffix != ".pyc"}
    assert expected - names == set()
    assert "generator/theme/main.html" in names and "generator/templates/project/policies.yaml.j2" in names
