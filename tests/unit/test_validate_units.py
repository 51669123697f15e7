"""Validator messages beyond the one-fixture-per-code set: each detail an editor can be shown, exactly.

The fixtures (test_validate.py) prove one message per error code; here each variant of a message
(the detail of invalid-value, a hidden character written as an escape, the summary line ...) is
pinned, so a change to any of them fails a test (they were surviving mutants: docs/mutation.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import model
from generator.messages import value_kind as _kind
from generator.validate import _choices, _detail, summary, validate_file, validate_text

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parents[2]


def lines_for(old: str, new: str) -> list[str]:
    assert MINIMAL.count(old) == 1, old
    return [p.format() for p in validate_text(MINIMAL.replace(old, new)).problems]


FIX = " — 書き方の例を参考に直してください [invalid-value]"


@pytest.mark.parametrize("old, new, expected", [
    ("    start: 2011", "    start: 1800",
     "policies.yaml:19:12: エラー: 計画「plan-2011」の「start」の値「1800」は使えません: 1900 以上の数を書いてください" + FIX),
    ("    end: 2013", "    end: 2300",
     "policies.yaml:20:10: エラー: 計画「plan-2011」の「end」の値「2300」は使えません: 2200 以下の数を書いてください" + FIX),
    ("version: 1", "version: 3",
     "policies.yaml:3:10: エラー: ファイルの最上位の「version」の値「3」は使えません: 使える値は 1 です" + FIX),
    ("      - id: m-1-1\n", "      - id: m-" + "a" * 80 + "\n",
     f"policies.yaml:29:13: エラー: 基本施策「m-{'a' * 80}」の「id」の値「m-{'a' * 80}」は使えません: 80 文字以内で書いてください" + FIX),
    ("          updated: 2024-04-01", "          updated: 2024-04-01\n          content_number: A-1",
     "policies.yaml:36:27: エラー: 基本施策「m-1-1」の「page」の「content_number」の値「A-1」は使えません: "
     "決められた形式（半角英数字など）で書いてください" + FIX),
])
def test_invalid_value_details(old, new, expected):
    assert lines_for(old, new) == [expected]


def test_detail_of_each_pydantic_error_kind():
    assert _detail("literal_error", {"ctx": {"expected": "1"}}) == "使える値は 1 です"
    assert _detail("greater_than_equal", {"ctx": {"ge": 5}}) == "5 以上の数を書いてください"
    assert _detail("greater_than", {"ctx": {"gt": 0}}) == "0 以上の数を書いてください"
    assert _detail("less_than_equal", {"ctx": {"le": 9}}) == "9 以下の数を書いてください"
    assert _detail("less_than", {"ctx": {"lt": 10}}) == "10 以下の数を書いてください"
    assert _detail("string_too_long", {"ctx": {"max_length": 80}}) == "80 文字以内で書いてください"
    assert _detail("string_pattern_mismatch", {"ctx": {"pattern": "x"}}) == "決められた形式（半角英数字など）で書いてください"
    assert _detail("something_else", {"msg": "pydantic の文"}) == "pydantic の文"
    assert _detail("something_else", {}) == "something_else"


def test_kind_names_what_was_written():
    assert _kind(None) == "空の値"
    assert _kind(True) == "true（真偽値）" and _kind(False) == "false（真偽値）"
    assert _kind(3) == "数値（3）" and _kind(2.5) == "数値（2.5）"
    assert _kind("a") == "文字列"
    assert _kind([1]) == "リスト（- で始まる行）"
    assert _kind({"a": 1}) == "項目のまとまり（項目名: 値）"
    assert _kind(b"x") == "bytes"


def test_summary_counts_every_kind():
    corpus = validate_file(ROOT / "policies.yaml").corpus
    s = summary(corpus)
    assert list(s) == ["基本政策", "基本施策", "主な取組", "事業", "再掲", "施政方針", "推進プランの取組"]
    assert s["基本政策"] == 2 and s["基本施策"] == 7 and s["主な取組"] == 14 and s["事業"] == 25
    assert s["再掲"] > 0 and s["施政方針"] == len(corpus.statements) > 0
    assert s["推進プランの取組"] == sum(len(a.items) for r in corpus.progress_reports for a in r.areas) > 0
    minimal = summary(validate_file(FIXTURES / "minimal.yaml").corpus)
    assert minimal == {"基本政策": 1, "基本施策": 1, "主な取組": 2, "事業": 1, "再掲": 1, "施政方針": 0, "推進プランの取組": 0}


def test_a_hidden_character_written_as_an_escape_points_at_the_value():
    """"\\u200b" inside double quotes is not in the file as a character: the message points at the value."""
    out = lines_for("            title: 総合的広聴制度の推進", '            title: "総合的\\u200b広聴制度の推進"')
    assert out == ["policies.yaml:52:20: エラー: 主な取組「i-2」の「title」に見えない文字 U+200B（ゼロ幅スペース）が含まれています — "
                   "この文字を消してください（題名・名前・番号は見出しや検索、リンクの文字になるため、見えない文字は書けません） "
                   "[invisible-char]"]


def test_each_hidden_character_of_a_value_is_reported_where_it_is():
    out = lines_for("            title: 総合的広聴制度の推進", "            title: 総合\u200b的広聴\u00ad制度の推進")
    assert [line.split(": エラー: ")[0] for line in out] == ["policies.yaml:52:22", "policies.yaml:52:26"]
    assert "U+200B（ゼロ幅スペース）" in out[0] and "U+00AD（ソフトハイフン）" in out[1]


def test_a_hidden_character_in_a_key_is_named_once_not_also_as_a_missing_field():
    out = lines_for("            title: 総合的広聴制度の推進", "            ti\u200btle: 総合的広聴制度の推進")
    assert len(out) == 1 and out[0].startswith("policies.yaml:52:15: エラー: ") and "項目名として読めません" in out[0]


def test_a_hidden_character_in_an_id_or_a_date_gives_its_own_reason():
    out = lines_for("      - id: m-1-1\n", "      - id: m-1\u200b-1\n")
    assert out and all("[invisible-char]" in line for line in out)
    assert "id は URL と参照に使うため、半角英小文字・数字・ハイフンのほかは書けません" in out[0]
    out = lines_for("          updated: 2024-04-01", "          updated: 2024-04-01\u00a0")
    assert out and "数・日付・電話番号・URL などの値として読めません" in out[0]


def test_unknown_field_suggests_the_closest_name_and_lists_the_allowed_ones():
    out = lines_for("            title: 総合的広聴制度の推進", "            titel: 総合的広聴制度の推進")
    assert len(out) == 2
    unknown = next(line for line in out if "[unknown-field]" in line)
    assert "主な取組「i-2」に「titel」という項目はありません（もしかして「title」？）" in unknown
    assert "使える項目: id、former_ids、number、title、" in unknown
    far = lines_for("            title: 総合的広聴制度の推進", "            title: 総合的広聴制度の推進\n            zzz: 1")
    assert len(far) == 1 and "「zzz」という項目はありません — " in far[0]


def test_wrong_types_name_the_expected_and_the_written_kind():
    out = lines_for("                later: [事業推進]", "                later: 7")
    assert out == ["policies.yaml:46:24: エラー: 事業「jumin-tohyo」の「later」には"
                   "リスト（- で始まる行）を書きます（数値（7）が書かれています） — 書き方の例を参考に直してください [wrong-type]"]
    out = lines_for("    start: 2011", "    start: 二〇一一")
    assert out and "「start」には整数を書きます（文字列が書かれています）" in out[0]


def test_problems_in_a_record_pasted_too_shallow_are_one_indentation_message():
    assert [p.code for p in validate_file(FIXTURES / "invalid" / "indentation.yaml").problems] == ["indentation"]


def test_id_pattern_is_the_models():
    assert model.ID_PATTERN


PASTED = """            projects:
              - ref: jumin-tohyo
"""


def test_a_record_pasted_too_shallow_is_named_from_two_foreign_keys_on():
    two = MINIMAL.replace(PASTED, PASTED + "          - id: senkyo\n            name: 選挙啓発事業\n            purpose: 投票率を上げます。\n")
    out = [p.format() for p in validate_text(two).problems]
    assert out == ["policies.yaml:55:13: エラー: 事業のつもりで書かれた「senkyo」の字下げが浅いため、主な取組として読まれています"
                   "（name、purpose は事業の項目です） — 55～57 行目を半角スペース 4 個分右へ下げて、直前の主な取組「i-2」の"
                   "「projects」の中に入れてください [indentation]"]
    one = MINIMAL.replace(PASTED, PASTED + "          - id: senkyo\n            name: 選挙啓発事業\n")
    codes = [p.code for p in validate_text(one).problems]
    assert "indentation" not in codes and codes.count("missing-field") == 2 and "unknown-field" in codes


@pytest.mark.parametrize("expected, shown", [
    ("'A' or 'AA'", "「A」か「AA」"),
    ("'a', 'b' or 'c'", "「a」、「b」か「c」"),
    ("'A'", "「A」"),  # one value of text: no 「か」
    ("1", "1"),
    ("1 or 2", "1 か 2"),  # values that are not text: the English "or" becomes 「か」 too
])
def test_the_allowed_values_are_joined_in_japanese(expected, shown):
    # no corpus field today allows one text value, or several numbers: a model that does gets these words
    # (mutants _choices 12–18 of docs/mutation.md)
    assert _choices(expected) == shown
