"""The suite's own rules (tests/conftest.py): a skip fails unless allowed, property tests are derandomised."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pytest(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    folder = ROOT / "tests" / "unit" / f"_tmp_rules_{os.getpid()}"
    folder.mkdir()
    try:
        (folder / "__init__.py").write_text("", encoding="utf-8")
        (folder / "test_it.py").write_text(body, encoding="utf-8")
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()


def test_a_skip_is_a_failure_that_names_its_reason(tmp_path):
    proc = _pytest(tmp_path, "import pytest\n\ndef test_x():\n    pytest.skip('no drawer')\n\n"
                             "@pytest.mark.skipif(True, reason='no browser')\ndef test_y():\n    pass\n\n"
                             "def test_z():\n    pass\n")
    assert proc.returncode == 1, proc.stdout
    assert "unexpected skip" in proc.stdout and "no drawer" in proc.stdout and "no browser" in proc.stdout
    assert "1 passed" in proc.stdout and "skipped" not in proc.stdout.splitlines()[-1]


def test_a_module_level_skip_is_a_failure_too(tmp_path):
    proc = _pytest(tmp_path, "import pytest\npytest.importorskip('no_such_module_for_this_test')\n\ndef test_x():\n    pass\n")
    assert proc.returncode != 0 and "unexpected skip" in proc.stdout, proc.stdout


def test_property_tests_are_derandomised_unless_exploring():
    from hypothesis import settings

    if os.environ.get("HYPOTHESIS_PROFILE", "default") == "default":
        assert settings.default.derandomize is True and settings.default.database is None
        assert settings.default.print_blob is True
