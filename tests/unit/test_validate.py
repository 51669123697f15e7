"""Validator: one fixture per kind of mistake, each with the exact output it must give.

tests/unit/fixtures/invalid/NAME.yaml is tests/unit/fixtures/minimal.yaml with one mistake;
NAME.expected holds the exact lines `portal validate` prints for it (as policies.yaml).
Regenerate an .expected file only after reading the new message: error text is a contract.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.messages import MESSAGES
from generator.validate import validate_file, validate_text

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
ROOT = Path(__file__).resolve().parents[2]


def lines(path: Path) -> list[str]:
    return [p.format() for p in validate_file(path, filename="policies.yaml").problems]


def test_minimal_corpus_is_valid():
    result = validate_file(FIXTURES / "minimal.yaml")
    assert result.ok, [p.format() for p in result.problems]


def test_seed_corpus_is_valid():
    result = validate_file(ROOT / "policies.yaml")
    assert result.ok, [p.format() for p in result.problems]


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_gives_its_exact_messages(fixture: Path):
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert lines(fixture) == expected


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_each_fixture_names_its_error_code(fixture: Path):
    code = fixture.stem
    codes = {p.code for p in validate_file(fixture).problems}
    if code in MESSAGES:
        assert code in codes
    else:  # variants such as dangling-ref-contact, wrong-type-list, many-errors
        assert any(code.startswith(c) for c in codes) or code.startswith("many-errors")


# The messages that no policies.yaml fixture can show, each with why and the test that shows it instead.
NOT_FROM_A_FIXTURE = {
    "file-not-found": "there is no file to commit (test_file_not_found_and_unreadable_files_get_their_message)",
    "cannot-read": "needs a file the OS refuses to read; tests run as root (test_file_not_found_and_unreadable_files_get_their_message)",
    "too-large": "needs a file over MAX_BYTES in the repository (test_huge_file_is_refused_before_reading)",
    "published-id-removed": "compares the file with a git revision (test_renames.py::"
                            "test_validate_warns_when_a_published_id_disappears_naming_the_url_and_the_fix)",
}


def test_every_error_kind_has_a_fixture():
    """Each message an editor can meet from a policies.yaml has a fixture showing it; the rest say why not."""
    covered = {p.stem.rsplit("-", 1)[0] if p.stem not in MESSAGES else p.stem for p in INVALID} | {p.stem for p in INVALID}
    # accessibility/manual-checks.yaml has its own fixtures (tests/unit/test_a11y_claims.py)
    covered |= {p.stem for p in (FIXTURES / "manual_checks" / "invalid").glob("mc-*.yaml")}
    missing = set(MESSAGES) - set(NOT_FROM_A_FIXTURE) - covered
    assert not missing, f"fixtures missing for: {sorted(missing)}"
    assert set(NOT_FROM_A_FIXTURE) <= set(MESSAGES)
    assert not set(NOT_FROM_A_FIXTURE) & covered, "a code with a fixture needs no reason"


def test_file_not_found_and_unreadable_files_get_their_message(tmp_path, monkeypatch):
    assert lines(tmp_path / "none.yaml") == [
        "policies.yaml:1:1: エラー: ファイルが見つかりません — ファイル名と場所を確認してください [file-not-found]"]
    assert lines(tmp_path) == lines(tmp_path / "none.yaml")  # a folder is not a corpus file either
    corpus = tmp_path / "policies.yaml"
    corpus.write_text("version: 1\n", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "許可がありません")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert lines(corpus) == [
        "policies.yaml:1:1: エラー: ファイルを読めません（許可がありません） — ファイルの権限を確認してください [cannot-read]"]


def test_problems_are_sorted_by_position():
    result = validate_file(FIXTURES / "invalid" / "many-errors.yaml")
    positions = [(p.line, p.col) for p in result.problems]
    assert len(positions) == 4 and positions == sorted(positions)


def test_duplicate_key_keeps_no_value_silently():
    # PyYAML would keep the last "title" and lose the first; we refuse the file.
    result = validate_text("version: 1\nversion: 1\n")
    dup = [p for p in result.problems if p.code == "duplicate-key"]
    assert [(p.line, p.col) for p in dup] == [(2, 1)]


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "empty-file"),
        ("- a\n- b\n", "wrong-type"),
        ("a: [1, 2\n", "yaml-syntax"),
        ("a: 'open\n", "yaml-syntax"),
        ("a: &x [1]\nb: *x\n", "yaml-alias"),
        ("a: &x {k: 1}\nb:\n  <<: *x\n", "yaml-alias"),
        ("a:" + " [" * 300 + " ]" * 300 + "\n", "too-deep"),
        ("\x00", "control-char"),
    ],
)
def test_odd_inputs_give_a_message_not_a_traceback(text: str, code: str):
    result = validate_text(text)
    assert not result.ok
    assert code in {p.code for p in result.problems}


@pytest.mark.parametrize("text", [
    'a: "x\\q"\n',            # an escape double quotes do not know
    'a: "x" y\n',              # text after a quoted value
    'a:\n  b: 1\n c: 2\n',     # indentation that does not line up
    'a: [1, 2\n',              # an unclosed [ ]
    'a: {b: 1\n',              # an unclosed { }
    'a: &x 1\nb: &x 2\n',      # the same anchor twice
    '- a\nb: 1\n',             # a list, then a key at the same level
    'a: %x\n',                 # a character that cannot start a value
    'a: @x\n',
])
def test_a_yaml_mistake_is_explained_in_japanese_not_in_pyyaml_english(text: str):
    """PyYAML's own words (expected <block end>, found unknown escape character …) reached editors as they were."""
    [found] = [p for p in validate_text(text).problems if p.code == "yaml-syntax"]
    detail = found.format().split("YAML の書き方が正しくありません: ")[1].split(" — ")[0]
    assert not re.search(r"[A-Za-z]{3,}", detail.replace("YAML", "")), detail


def test_billion_laughs_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    result = validate_text(bomb)
    assert "yaml-alias" in {p.code for p in result.problems}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_valid_corpus_prints_summary_and_exits_0():
    proc = run_cli("validate", "policies.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("policies.yaml: OK（基本政策 2、基本施策 7、主な取組 14、事業 25、")


def test_cli_invalid_corpus_prints_every_problem_and_exits_1():
    proc = run_cli("validate", str(FIXTURES / "invalid" / "many-errors.yaml"))
    assert proc.returncode == 1
    out = proc.stdout.splitlines()
    assert len(out) == 5 and out[-1].startswith("エラー 4 件。")
    assert all(": エラー: " in line for line in out[:4])
    assert proc.stderr == ""


@pytest.mark.parametrize("path", ["no-such-file.yaml", "tests", str(FIXTURES / "invalid" / "not-utf8.yaml")])
def test_cli_never_prints_a_traceback(path: str):
    proc = run_cli("validate", path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert ": エラー: " in proc.stdout


def test_huge_file_is_refused_before_reading(tmp_path):
    from generator.loader import MAX_BYTES

    big = tmp_path / "policies.yaml"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    result = validate_file(big, filename="policies.yaml")
    assert [p.code for p in result.problems] == ["too-large"]
    mb = MAX_BYTES // (1024 * 1024)
    assert result.problems[0].format() == (f"policies.yaml:1:1: エラー: ファイルが大きすぎます（{mb} MB。上限は {mb} MB）"
                                           " — ファイルを確認してください [too-large]")


def test_deep_nesting_is_refused():
    text = "version: 1\nsite:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(60)) + "  " * 61 + "x: 1\n"
    result = validate_text(text)
    assert "too-deep" in {p.code for p in result.problems}
