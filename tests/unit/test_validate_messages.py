"""Messages of generator/validate.py that no fixture showed (found by `make mutation`, docs/mutation.md):
each assertion is an editor's exact message and fails on a mutant that survived before."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import validate_text

FIXTURES = Path(__file__).parent / "fixtures"


def messages(text: str) -> list[str]:
    return [p.format() for p in validate_text(text).problems]


def test_a_former_id_that_an_earlier_record_has_as_its_id():
    # former-id-in-use.yaml has the former id first and the record later; here the record comes first
    text = (FIXTURES / "invalid" / "former-id-in-use.yaml").read_text(encoding="utf-8")
    assert messages(text.replace("former_ids: [i-2]", "former_ids: [i-1]")) == [
        "policies.yaml:44:30: エラー: id「i-1」は 37 行目で主な取組の id として使われています — いまの id と以前の id（former_ids）は、"
        "読み込むファイルも含めたコーパス全体で重ならないようにしてください（古いアドレスの案内先が1つに決まらなくなるため） [former-id-in-use]"]


@pytest.mark.parametrize("text, actual", [("- a\n", "リスト（- で始まる行）"), ("just text\n", "文字列")])
def test_a_file_that_is_not_a_mapping_at_the_top(text, actual):
    assert messages(text) == [
        f"policies.yaml:1:1: エラー: ファイルの最上位の「policies.yaml」には項目のまとまり（version: 1 から始まる形）を書きます（{actual}が書かれています）"
        " — 書き方の例を参考に直してください [wrong-type]"]


def test_text_cut_by_a_comment_is_shown_up_to_39_characters_and_an_ellipsis():
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    cut = "#しくみづくり" + "あ" * 45
    problems = messages(text.replace("title: 分権時代の新たな自治のしくみづくり", f"title: 分権時代の新たな自治の {cut}", 1))
    assert len(problems) == 1 and problems[0].startswith(
        "policies.yaml:32:28: エラー: 基本施策「m-1-1」の「title」の文章が「 #」の前で切れています（"
        f"「{cut[:39]}…」は YAML のコメントとして読まれ、公開されません） — ")


def test_messages_name_the_file_as_given():
    assert [p.format()[:18] for p in validate_text("- a\n", "corpus/other.yaml").problems] == ["corpus/other.yaml:"]


def manual_checks_messages(tmp_path, text: str) -> list[str]:
    """The messages for ``text`` as accessibility/manual-checks.yaml."""
    import datetime as dt

    from generator.manual_checks import load

    path = tmp_path / "manual-checks.yaml"
    path.write_text(text, encoding="utf-8")
    return [p.format() for p in load(path, "accessibility/manual-checks.yaml", dt.date(2026, 1, 1)).problems]


def test_the_manual_checks_file_that_is_not_a_mapping(tmp_path):
    assert manual_checks_messages(tmp_path, "- a\n") == [
        "accessibility/manual-checks.yaml:1:1: エラー: ファイルの最上位の「accessibility/manual-checks.yaml」には項目のまとまり"
        "（version: 1 から始まる形）を書きます（リスト（- で始まる行）が書かれています） — 書き方の例を参考に直してください [wrong-type]"]


@pytest.mark.parametrize("written, shown", [
    ("1.5", "1.5"),  # was 値「」: a number with a point was not shown
    ("false", "false"),  # as written in YAML, not Python's False
    ("2", "2"),
    ("[1]", "リスト（- で始まる行）"),  # was 値「」
    ("{a: 1}", "項目のまとまり（項目名: 値）"),
    ("2024-01-01", "2024-01-01"),
])
def test_a_value_that_is_not_allowed_is_shown_as_written(written, shown):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert messages(text.replace("version: 1", f"version: {written}", 1)) == [
        f"policies.yaml:3:10: エラー: ファイルの最上位の「version」の値「{shown}」は使えません: 使える値は 1 です — "
        "書き方の例を参考に直してください [invalid-value]"]


@pytest.mark.parametrize("text", ["version: [1\n", "- a\n"])
def test_a_refused_corpus_still_names_its_files(text):
    """Even when nothing can be validated (a YAML mistake, a top level that is not a mapping), the result
    says which files were read: portal serve watches them while the editor fixes the mistake."""
    result = validate_text(text, filename="policies.yaml")
    assert result.corpus is None and result.loaded is not None and result.loaded.entry.filename == "policies.yaml"


# YAML's true and false are not numbers, though Python's bool is an int and pydantic's lax mode reads
# true as 1 (`version: true` was accepted as version 1, `number: true` as 取組 1). Fixtures:
# invalid/invalid-value-true.yaml (version) and invalid/wrong-type-true.yaml (a plan's start).
PROGRESS = """
progress_reports:
  - id: suishin
    title: 推進プラン
    areas:
      - id: bunya-1
        number: Ⅰ
        title: 分野
        items:
          - id: torikumi-1
            number: {number}
            title: 取組
            status: 推進しています。
"""


@pytest.mark.parametrize("written", ["true", "false"])
def test_true_or_false_is_not_a_whole_number(written):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    kind = f"{written}（真偽値）"
    assert messages(text.replace("end: 2013", f"end: {written}", 1)) == [
        f"policies.yaml:20:10: エラー: 計画「plan-2011」の「end」には整数を書きます（{kind}が書かれています） — "
        "書き方の例を参考に直してください [wrong-type]"]
    assert messages(text + PROGRESS.format(number=written)) == [
        f"policies.yaml:65:21: エラー: 推進プランの取組「torikumi-1」の「number」には整数を書きます（{kind}が書かれています） — "
        "書き方の例を参考に直してください [wrong-type]"]
    assert messages(text + PROGRESS.format(number=1)) == []


def test_the_manual_checks_file_of_version_true_is_refused(tmp_path):
    assert manual_checks_messages(tmp_path, "version: true\nchecks: []\n") == [
        "accessibility/manual-checks.yaml:1:10: エラー: ファイルの最上位の「version」の値「true」は使えません: 使える値は 1 です — "
        "書き方の例を参考に直してください [invalid-value]"]


def test_a_part_that_cannot_be_read_hides_only_the_emptiness_it_causes(tmp_path):
    """policies: [- file: missing] leaves the list empty: that is no news (the part's message says it), but
    every other mistake, before or after it in the corpus, is still reported."""
    from generator.validate import validate_file

    text = (FIXTURES / "invalid" / "part-not-found.yaml").read_text(encoding="utf-8")
    path = tmp_path / "policies.yaml"
    path.write_text(text.replace("end: 2013", "end: 2013x") + "accessibility:\n  target_level: AAA\n", encoding="utf-8")
    assert [p.format() for p in validate_file(path, filename="policies.yaml").problems] == [
        "policies.yaml:20:10: エラー: 計画「plan-2011」の「end」には整数を書きます（文字列が書かれています） — 書き方の例を参考に直してください [wrong-type]",
        "policies.yaml:23:11: エラー: 読み込むファイル「part-not-found/vii.yaml」が見つかりません — ファイル名と場所を確かめてください"
        "（policies.yaml のあるフォルダからの相対パスで、大文字と小文字も区別します） [part-not-found]",
        "policies.yaml:25:17: エラー: ファイルの最上位の「accessibility」の「target_level」の値「AAA」は使えません: 使える値は「A」か「AA」です"
        " — 書き方の例を参考に直してください [invalid-value]"]


@pytest.mark.parametrize("choices, shown", [
    ("[A, AA]", "「A」か「AA」"),  # was 'A' or 'AA': pydantic's English "or" in a Japanese message
    ("[A, AA, AAA]", "「A」、「AA」か「AAA」"),
    ("[1]", "1"),
])
def test_the_allowed_values_are_listed_in_japanese(choices, shown):
    from typing import Literal

    from pydantic import BaseModel, ValidationError

    from generator.validate import _detail

    class M(BaseModel):
        x: Literal[tuple(__import__("yaml").safe_load(choices))]  # type: ignore[valid-type]

    try:
        M(x="B")
    except ValidationError as exc:
        assert _detail("literal_error", exc.errors()[0]) == f"使える値は {shown} です".replace(" 「", "「").replace("」 ", "」")


def test_a_hidden_character_in_a_key_is_reported_once_though_the_value_starts_with_one_too():
    """The key's span ends at its「: 」: a hidden character that starts the value is not the key's (the
    field is unknown, so its value is not read at all)."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert messages(text.replace("    name: 企画調整課", "    name\u200b: \u200b企画調整課", 1)) == [
        "policies.yaml:13:9: エラー: お問い合わせ先「kikaku-chosei」の「name<U+200B>」に見えない文字 U+200B（ゼロ幅スペース）が含まれています"
        " — この文字を消してください（項目名として読めません） [invisible-char]"]


def test_a_record_pasted_too_shallow_after_a_record_without_an_id():
    """indentation.yaml with the previous 主な取組's id left out: the message cannot name it, and says so
    without an empty 「」."""
    text = (FIXTURES / "invalid" / "indentation.yaml").read_text(encoding="utf-8")
    assert messages(text.replace("          - id: i-1\n            number: ①", "          - number: ①", 1)) == [
        "policies.yaml:37:13: エラー: 基本施策「m-1-1」の「initiatives」の1番目の主な取組に必須の項目「id」がありません — 「id: …」を書き加えてください [missing-field]",
        "policies.yaml:46:13: エラー: 事業のつもりで書かれた「chiiki-bosai-suishin」の字下げが浅いため、主な取組として読まれています"
        "（name、wards、purpose、progress、later は事業の項目です）。続く事業「bosai-kunren」も、その「later」の中に読み込まれています"
        " — 46～53 行目を半角スペース 2 個分右へ下げて、直前の主な取組の「projects」の中に入れてください [indentation]"]


def test_a_plan_of_one_year_is_not_a_reversed_period():
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert messages(text.replace("end: 2013", "end: 2011", 1)) == []


def test_messages_of_a_git_revision_carry_its_prefix(tmp_path):
    """portal validate compares with a git revision: its file names start with「HEAD:」."""
    from generator.validate import validate_file

    path = tmp_path / "policies.yaml"
    path.write_text((FIXTURES / "invalid" / "invalid-value.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert [p.format()[:24] for p in validate_file(path, "policies.yaml", prefix="HEAD:").problems] == ["HEAD:policies.yaml:3:10:"]


@pytest.mark.parametrize("written, detail", [
    ("plans: []", "ファイルの最上位の「plans」が空です"),  # a list that must have an item
    ("  - id: plan-2011\n    title:", "計画「plan-2011」の「title」が空です"),  # nothing after the colon
])
def test_an_empty_list_or_value_is_named_empty(written, detail):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    if written == "plans: []":
        text = text.replace("plans:\n  - id: plan-2011\n    title: 計画期間 2011～2013年度\n    start: 2011\n    end: 2013\n"
                            "    later_label: 2014年度以降\n", "plans: []\n", 1)
    else:
        text = text.replace("  - id: plan-2011\n    title: 計画期間 2011～2013年度", written, 1)
    found = [m for m in messages(text) if "[empty-text]" in m]
    assert len(found) == 1 and detail in found[0] and "だけが書かれています" not in found[0], messages(text)


def test_a_record_pasted_too_shallow_does_not_hide_the_mistakes_after_it():
    text = (FIXTURES / "invalid" / "indentation.yaml").read_text(encoding="utf-8")
    found = messages(text + "accessibility:\n  target_level: AAA\n")
    assert [m.split(" エラー")[0] for m in found] == ["policies.yaml:47:13:", "policies.yaml:67:17:"]


def test_a_record_pasted_too_deep_into_a_record_without_an_id():
    text = (FIXTURES / "invalid" / "indentation-deep.yaml").read_text(encoding="utf-8")
    found = messages(text.replace("            - id: jumin-tohyo\n              name:", "            - name:", 1))
    assert any("字下げが深いため、事業の「later」の一部として読まれています" in m and "事業と同じ並びに入れてください" in m for m in found), found


def test_text_cut_by_a_comment_in_the_manual_checks_file(tmp_path):
    import datetime as dt

    from generator.manual_checks import load

    valid = (FIXTURES / "manual_checks" / "valid.yaml").read_text(encoding="utf-8")
    path = tmp_path / "manual-checks.yaml"
    path.write_text(valid.replace("note: 形や位置だけで指し示す説明はなかった", "note: 形や位置だけで指し示す説明はなかった #3 を直す", 1), encoding="utf-8")
    records = load(path, "accessibility/manual-checks.yaml", dt.date(2027, 12, 31))
    assert [p.code for p in records.problems] == ["comment-in-text"] and records.checks == []


@pytest.mark.parametrize("length, shown", [(40, "#" + "あ" * 39), (41, "#" + "あ" * 38 + "…")])
def test_text_cut_by_a_comment_is_shown_whole_up_to_40_characters(length, shown):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    cut = "#" + "あ" * (length - 1)
    problems = messages(text.replace("title: 分権時代の新たな自治のしくみづくり", f"title: 分権時代の新たな自治の {cut}", 1))
    assert len(problems) == 1 and problems[0].startswith(
        f"policies.yaml:32:28: エラー: 基本施策「m-1-1」の「title」の文章が「 #」の前で切れています（「{shown}」は YAML のコメントとして読まれ、")


def test_a_comment_after_a_value_that_is_not_text_does_not_hide_text_cut_further_down():
    # a comment after a phone number cut nothing; the text after it, cut by a comment, is still reported
    # (mutant _cut_by_comments 39 of docs/mutation.md: `continue` → `break` lost it)
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    phone: 044-200-2550\n", "    phone: 044-200-2550 # 代表\n")
    assert [m[:90] for m in messages(text.replace("title: 総合的広聴制度の推進", "title: 総合的 #広聴制度の推進"))] == [
        "policies.yaml:52:24: エラー: 主な取組「i-2」の「title」の文章が「 #」の前で切れています（「#広聴制度の推進」は YAML のコメントとして読まれ、公開されません）"[:90]]


def test_a_comment_in_a_value_of_an_unknown_key_is_no_second_message():
    # an unknown key (memo) and a mapping under an unknown key (note), each with a value cut by a comment: only
    # the unknown keys are reported (mutants _cut_by_comments 26, 29: the validator crashed)
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("                purpose: 住民投票制度を適正に運営します。\n",
                        "                purpose: 住民投票制度を適正に運営します。\n                memo: 確認中 #あとで\n"
                        "                note:\n                  x: あいう #えお\n")
    allowed = "id、former_ids、name、wards、purpose、progress、plan_actions、later、links、page"
    assert messages(text) == [
        f"policies.yaml:46:17: エラー: 事業「jumin-tohyo」に「memo」という項目はありません — 項目名のつづりを確認してください。使える項目: {allowed} [unknown-field]",
        f"policies.yaml:47:17: エラー: 事業「jumin-tohyo」に「note」という項目はありません — 項目名のつづりを確認してください。使える項目: {allowed} [unknown-field]"]


def test_a_record_without_its_id_is_named_by_its_place_in_the_list():
    # the second 主な取組 has no id: the message names that record by its place, not the list that holds it
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("          - id: i-2\n            number: ②\n", "          - number: ②\n")
    assert messages(text) == [
        "policies.yaml:50:13: エラー: 基本施策「m-1-1」の「initiatives」の2番目の主な取組に必須の項目「id」がありません"
        " — 「id: …」を書き加えてください [missing-field]"]
