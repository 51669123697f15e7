"""generator/loader.py's small parts, each with its exact result: the encoding message an editor reads,
its line and column, and the positions and spans the validator's messages point at.

Written to kill the mutants `make mutation` found alive (docs/mutation.md): each assertion fails on one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import loader
from generator.loader import Loaded, decode, load_file, load_text

NOT_UTF8 = ("f.yaml:{line}:{col}: エラー: ファイルの文字コードが UTF-8 ではありません（{guess}で保存されているようです）"
            " — エディタで文字コードに「UTF-8」を選んで保存し直してください [not-utf8]")
SJIS = "Shift_JIS（Windows のメモ帳や Excel の既定）"
OTHER = "UTF-8 以外の文字コード"


def test_a_byte_order_mark_is_dropped_and_nothing_else():
    assert decode(b"\xef\xbb\xbfversion: 1\n", "f.yaml") == ("version: 1\n", [])
    assert decode("\ufeffあ".encode("utf-8"), "f.yaml") == ("あ", [])
    assert decode(b"version: 1\n", "f.yaml") == ("version: 1\n", [])


@pytest.mark.parametrize("raw, line, col, guess", [
    ("名前: あ\n".encode("cp932"), 1, 1, SJIS),           # Shift_JIS from Notepad or Excel
    (b"name: caf\xe9\n", 1, 10, OTHER),                    # Latin-1: not Shift_JIS either
    ("a: 1\nb: あ".encode("utf-8") + b"\xe9", 2, 5, SJIS),   # columns count characters, not bytes
    (b"\nx\xe9", 2, 2, OTHER),                              # a line break at the very start counts
])
def test_a_file_not_in_utf8_says_what_it_looks_like_and_where(raw, line, col, guess):
    text, problems = decode(raw, "f.yaml")
    assert text is None
    assert [p.format() for p in problems] == [NOT_UTF8.format(line=line, col=col, guess=guess)]


def test_a_position_falls_back_to_the_nearest_ancestor_and_then_the_start():
    out = load_text("a:\n  b:\n    c: 1\n  d: 2\n", "f.yaml")
    assert out.position(("a", "b", "c")) == (3, 8)
    assert out.position(("a", "b", "c", "x", "y")) == (3, 8)
    assert out.position(("a", "d", "zz")) == (4, 6)
    empty = Loaded(text="x: 1\n")  # nothing read: the start of the file
    assert empty.position(("x", "y")) == (1, 1)
    assert empty.key_position(("x",)) == (1, 1)


def test_node_at_and_span_follow_keys_and_indexes_only_where_they_exist():
    text = "a: xyz\nl:\n  - p\n  - q\n"
    out = load_text(text, "f.yaml")
    assert out.node_at(("l", 1)).value == "q"
    assert out.node_at(("l", 2)) is None       # one past the end
    assert out.node_at(("l", -1)) is None
    assert out.node_at(("l", "x")) is None     # a key into a list
    assert out.node_at(("a", 0)) is None       # an index into text
    assert out.node_at(("missing",)) is None
    assert out.span(("missing",)) is None
    start, end = out.span(("l", 0))
    assert text[start:end] == "p"


def test_a_yaml_error_without_a_mark_points_at_the_first_line():
    out = load_text("a: 1\n", "f.yaml")
    exc = yaml.MarkedYAMLError(problem="壊れています")
    assert [p.format() for p in loader._yaml_error(out, exc, "f.yaml")] == [
        "f.yaml:1:1: エラー: YAML の書き方が正しくありません: 壊れています — 示された行とその直前の行の字下げ・「:」・引用符を確認してください"
        " [yaml-syntax]"]


def key_sep(line: int, col: int, key: str) -> str:
    return (f"f.yaml:{line}:{col}: エラー: 項目名「{key}」の後ろが全角の「：」（U+FF1A）になっているため、項目名と値に分けられません"
            f" — 「{key}: 値」のように、半角の「:」と半角スペースで区切ってください [key-separator]")


@pytest.mark.parametrize("text, expected", [
    # YAML stops on the line after: the line before it is looked at (no context mark)
    ("b：2\na: 1\n", key_sep(1, 2, "b")),
    # YAML stops two lines on, but says where it started reading the key: that line is looked at
    ("a: 1\nb：2\n  c\n", key_sep(2, 2, "b")),
    # the nearest of two: the line just before where YAML stopped, not two lines before
    ("b：2\nb：2\na: 1\n", key_sep(2, 2, "b")),
    # text in a block scalar above is not looked at (it is a value, not a key)
    ("a: |\n  g：h\nb：2\n", key_sep(3, 2, "b")),
])
def test_a_full_width_colon_is_found_on_the_line_yaml_points_near(text, expected):
    assert [p.format() for p in load_text(text, "f.yaml").problems] == [expected]


def test_a_full_width_colon_before_a_long_value_is_found_where_the_key_starts():
    """YAML reads "b：2" and the lines under it as one plain value and stops only after them; it says where
    it started reading the key (its context). Found by a surviving mutant: the search began two lines above
    where YAML stopped and pointed past the end of the file with the wrong message."""
    text = "a: 1\nb：2\n  c\n  c\n"
    assert [p.format() for p in load_text(text, "f.yaml").problems] == [key_sep(2, 2, "b")]


def test_line_text_drops_only_the_line_break():
    out = Loaded(text="a: b\u2028 \t\r\nc")
    assert out.line_text(1) == (0, "a: b\u2028 \t")  # a line separator at the end stays: it is reported
    assert out.line_text(2) == (9, "c")


def test_a_lone_conflict_marker_is_reported():
    assert [p.format() for p in load_text("<<<<<<< HEAD\na: 1\n", "f.yaml").problems] == [
        "f.yaml:1:1: エラー: Git のマージの衝突が解決されていません（1 行目「<<<<<<< HEAD」） — 残す内容を決めて書き直し、"
        "「<<<<<<<」「=======」「>>>>>>>」の行を消してください [merge-conflict]"]


def test_a_key_that_is_not_text_is_a_syntax_error():
    assert [p.format() for p in load_text("a: 1\n[x, y]: 1\n", "f.yaml").problems] == [
        "f.yaml:2:1: エラー: YAML の書き方が正しくありません: 項目名には文字列を書いてください"
        " — 示された行とその直前の行の字下げ・「:」・引用符を確認してください [yaml-syntax]"]


def test_only_a_plain_text_value_is_cut_by_a_comment():
    out = load_text("a: 12 #x\nb: c #y\nd: 'e' #z\n", "f.yaml")
    assert out.problems == [] and out.comments == [(("b",), 14)]


@pytest.mark.parametrize("error, expected", [
    (yaml.YAMLError("読めません\n二行目"), "f.yaml:1:1: エラー: YAML の書き方が正しくありません: 読めません"
     " — 示された行とその直前の行の字下げ・「:」・引用符を確認してください [yaml-syntax]"),
    (RecursionError(), "f.yaml:1:1: エラー: 入れ子が深すぎます（40 段まで） — 字下げを確認してください [too-deep]"),
])
def test_errors_yaml_raises_without_a_position_are_messages_at_the_start(monkeypatch, error, expected):
    def compose(*a, **k):
        raise error

    monkeypatch.setattr(loader.yaml, "compose", compose)
    assert [p.format() for p in load_text("a: 1\n", "f.yaml").problems] == [expected]


def test_yaml_detail_without_problem_or_context_says_so():
    assert loader._yaml_detail(yaml.MarkedYAMLError()) == "書き方が正しくありません"
    assert loader._yaml_detail(yaml.MarkedYAMLError(context="文脈")) == "文脈"


def test_load_file_keeps_the_name_it_was_given_and_the_size_limit_is_inclusive(tmp_path, monkeypatch):
    assert load_file(tmp_path / "missing.yaml", "見せる名前.yaml").filename == "見せる名前.yaml"
    assert load_file(tmp_path, "フォルダ.yaml").filename == "フォルダ.yaml"
    bad = tmp_path / "sjis.yaml"
    bad.write_bytes("a: あ\n".encode("cp932"))
    assert load_file(bad, "sjis.yaml").filename == "sjis.yaml"
    monkeypatch.setattr(loader, "MAX_BYTES", 8)
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"a: 1234\n")  # 8 bytes: at the limit, read
    assert load_file(exact).data == {"a": 1234}
    exact.write_bytes(b"a: 12345\n")
    assert [p.code for p in load_file(exact).problems] == ["too-large"]


# --------------------------------------------------------------------------- judged from the full run of branch mut4 (branch mut5)

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"


def test_a_comment_after_a_tab_cuts_the_text_and_the_message_shows_all_that_was_lost():
    """A title cut by 「<TAB>#」 in a file with no 「 #」 anywhere is still found, and the lost text is shown to
    its last character (an 「X」 at the end of the line included)."""
    text = MINIMAL.read_text(encoding="utf-8").replace("title: 分権時代の新たな自治のしくみづくり", "title: 分権時代\t#新たな自治X", 1)
    assert " #" not in text
    from generator.validate import validate_text

    lines = [p.format() for p in validate_text(text).problems]
    assert len(lines) == 1 and lines[0].startswith(
        "policies.yaml:32:21: エラー: 基本施策「m-1-1」の「title」の文章が「 #」の前で切れています（「#新たな自治X」は YAML のコメントとして読まれ、公開されません）")


def test_the_keys_after_a_duplicate_key_are_still_read():
    out = load_text("a: 1\na: 2\nb: 3\n", "f.yaml")
    assert out.data == {"a": 1, "b": 3}  # b is not reported missing as well
    assert [p.code for p in out.problems] == ["duplicate-key"]


def test_a_merge_key_is_refused_like_an_alias():
    out = load_text("a:\n  <<: {b: 1}\n  c: 2\n", "f.yaml")
    assert out.data == {"a": {"c": 2}}  # the keys after it are still read (not reported missing as well)
    assert [p.format() for p in out.problems] == [
        "f.yaml:2:3: エラー: アンカー・エイリアス（& と *）やマージ（<<）は使えません — 同じ内容は書き写すか、"
        "事業なら {ref: 事業のid} で参照してください [yaml-alias]"]


def test_a_marker_left_after_a_resolved_conflict_is_a_conflict_of_its_own():
    """A conflict, then further down a 「>>>>>>>」 line left over from a second one: two messages, each at its
    own lines (the stray marker does not join the first conflict's list)."""
    text = "<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> main\nb: 1\n>>>>>>> other\nc: 1\n=======\n"
    assert [p.format().split(" — ")[0] for p in load_text(text, "f.yaml").problems] == [
        "f.yaml:1:1: エラー: Git のマージの衝突が解決されていません（1 行目「<<<<<<< HEAD」、3 行目「=======」、5 行目「>>>>>>> main」）",
        "f.yaml:7:1: エラー: Git のマージの衝突が解決されていません（7 行目「>>>>>>> other」）"]


def test_a_full_width_colon_in_a_block_of_text_three_lines_above_a_syntax_error_is_not_blamed():
    """YAML stops at line 6 while reading a mapping that started on line 1; 「g：h」 on line 3 is text of a
    block (|), not a key: the message is the syntax error where YAML stopped."""
    text = "a:\n  b: |\n    g：h\n    x\n  c: 1\n d: 2\n"
    assert [p.format() for p in load_text(text, "f.yaml").problems] == [
        "f.yaml:6:2: エラー: YAML の書き方が正しくありません: 字下げがそろっていないか、「- 」の位置がずれています"
        " — 示された行とその直前の行の字下げ・「:」・引用符を確認してください [yaml-syntax]"]


def test_an_unclosed_quote_that_runs_into_a_document_separator_is_named_by_what_yaml_was_reading():
    """YAML's problem here (「found unexpected document separator」) has no hint; what it was reading
    (「while scanning a quoted scalar」) has: the editor reads the hint, in Japanese."""
    assert [p.format() for p in load_text('a: "abc\n---\nb: 1\n', "f.yaml").problems] == [
        "f.yaml:2:1: エラー: YAML の書き方が正しくありません: 引用符（\" や '）が閉じられていません"
        " — 示された行とその直前の行の字下げ・「:」・引用符を確認してください [yaml-syntax]"]


@pytest.mark.parametrize("text, line, col, said", [
    ("%FOO\n---\na: 1\n", 1, 5, "found unknown directive name"),
])
def test_a_yaml_mistake_without_a_hint_is_said_in_japanese_with_pyyamls_words_in_brackets(text, line, col, said):
    """A mistake none of _YAML_HINTS names: the editor reads that YAML could not read it, in Japanese, and
    PyYAML's own words are kept in brackets for whoever helps them."""
    assert [p.format() for p in load_text(text, "f.yaml").problems] == [
        f"f.yaml:{line}:{col}: エラー: YAML の書き方が正しくありません: YAML として読めない書き方です（{said}）"
        " — 示された行とその直前の行の字下げ・「:」・引用符を確認してください [yaml-syntax]"]
