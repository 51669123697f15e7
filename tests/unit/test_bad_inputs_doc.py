"""docs/bad-inputs.md: every row names tests that exist (so the table cannot claim an untested row)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_row_of_the_bad_inputs_table_names_existing_tests():
    doc = (ROOT / "docs" / "bad-inputs.md").read_text(encoding="utf-8")
    rows = [line for line in doc.splitlines() if line.startswith("| ") and "`test_" in line]
    assert len(rows) >= 18
    defined = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        defined |= set(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), flags=re.M))
    fixtures = {p.stem for p in (ROOT / "tests" / "unit" / "fixtures" / "invalid").glob("*.yaml")}
    fixtures |= {p.stem for p in (ROOT / "tests" / "unit" / "fixtures" / "manual_checks" / "invalid").glob("*.yaml")}
    for row in rows:
        for name in re.findall(r"`(test_\w+)(?:\[([\w-]+)\])?`", row):
            func, param = name
            assert func in defined, f"{func} (named in docs/bad-inputs.md) does not exist"
            if param:
                assert param in fixtures, f"fixture {param} (named in docs/bad-inputs.md) does not exist"
