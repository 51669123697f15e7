"""Help an editor can read (issue #13): `portal --help` and every command's help are Japanese, argparse's own
strings included; every argument is described with an example; mistakes get Japanese errors (exit status 2)
and a mistyped command gets 「もしかして」."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import unicodedata

import pytest

from generator import cli

COMMANDS = sorted(next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)).choices)
# argparse's English, as Python 3.11 prints it (usage, headings, -h, errors).
ENGLISH = re.compile(r"usage:|options:|optional arguments|positional arguments|show this help|error:|"
                     r"invalid choice|the following arguments|unrecognized arguments|expected one argument|"
                     r"invalid int value|ambiguous option|not allowed with", re.I)


def _portal(*args: str, columns: int = 80) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, timeout=60,
                          env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})


def _cols(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_every_command_is_listed_including_init():
    assert "init" in COMMANDS and len(COMMANDS) >= 10


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_japanese_and_fits_the_terminal(command):
    proc = _portal(*([command] if command else []), "--help")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    text = proc.stdout
    assert text.startswith(f"使い方: portal{' ' + command if command else ''} "), text[:80]
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert "この説明を表示して終わる" in text and "オプション:" in text
    assert "例:" in text  # the command's own example (the top help: a list of them)
    too_wide = [line for line in text.splitlines() if _cols(line) > 80]
    assert not too_wide, too_wide  # laid out by columns: a Japanese character takes two


def test_the_command_list_has_no_stray_heading_and_every_command_a_summary():
    text = _portal("--help").stdout
    listed = text.split("コマンド:\n", 1)[1].split("\n\n", 1)[0]
    names = [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert names == list(next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)).choices)
    assert all(len(line.split()) >= 2 for line in listed.splitlines() if line.startswith("  ") and not line.startswith("   "))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_argument_and_option_is_described_with_an_example(command):
    sub = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
    assert sub.description and "例: portal " + command in sub.description
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help and "例:" in action.help, f"portal {command} {action.dest}: {action.help!r}"


def test_the_top_options_are_described_with_an_example():
    for action in cli.parser()._actions:
        if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            assert action.help and "例:" in action.help, action.dest


@pytest.mark.parametrize("typed, suggestion", [("valdate", "validate"), ("biuld", "build"), ("serv", "serve"),
                                               ("int", "init"), ("messeges", "messages")])
def test_a_mistyped_command_gets_a_suggestion_and_exit_status_2(typed, suggestion):
    proc = _portal(typed)
    assert proc.returncode == 2
    assert f"「{typed}」というコマンドはありません（もしかして {suggestion}？）" in proc.stderr, proc.stderr
    assert "portal --help" in proc.stderr and not ENGLISH.search(proc.stderr)


@pytest.mark.parametrize("args, expected", [
    (["xyz"], "「xyz」というコマンドはありません\n"),
    ([], "portal: エラー: 次の引数が必要です: コマンド"),
    (["synth"], "portal synth: エラー: 次の引数が必要です: N, 出力ファイル"),
    (["init"], "portal init: エラー: 次の引数が必要です: フォルダ"),
    (["serve", "--port", "abc"], "portal serve: エラー: --port: 「abc」は数として読めません"),
    (["synth", "many", "out.yaml"], "portal synth: エラー: N: 「many」は数として読めません"),
    (["build", "--site-dir"], "portal build: エラー: --site-dir: 値を1つ書いてください"),
    (["validate", "--foo"], "portal: エラー: 知らない引数です: --foo"),
    (["-C"], "portal: エラー: -C/--project: 値を1つ書いてください"),
])
def test_argparse_errors_are_japanese_with_exit_status_2(args, expected):
    proc = _portal(*args)
    assert proc.returncode == 2
    assert expected in proc.stderr, proc.stderr
    assert not ENGLISH.search(proc.stderr), proc.stderr
    assert proc.stdout == ""


def test_argparse_own_invalid_choice_message_is_japanese(capsys):
    """The parser's own message for an unknown command (main() answers first with 「もしかして」)."""
    with pytest.raises(SystemExit) as exc:
        cli.parser().parse_args(["xyz"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "コマンド: 「xyz」は使えません（使えるもの: " in err and not ENGLISH.search(err), err


def test_the_english_pattern_can_fail():
    assert ENGLISH.search("usage: portal [-h]\n\noptions:\n  -h, --help  show this help message and exit")
