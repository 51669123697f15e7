"""Issue 12, items 2, 7 and 8: pasted text loses nothing silently, invisible characters are named or
normalised, and YAML-level errors say in Japanese where they are, at the line and column an editor shows.

The exact messages are in the fixtures (tests/unit/fixtures/invalid/*.yaml and .expected); these tests check
what a fixture cannot: which comments stay allowed, what every output publishes, positions across line-break
conventions, the real corpus, and hostile input.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import chars, opendata
from generator.build import data_files, render_pages
from generator.validate import validate_file, validate_text
from tests.project import copy_project, file_holding

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
PURPOSE = "                purpose: 住民投票制度を適正に運営します。\n"


def _with(old: str, new: str, text: str = MINIMAL) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _codes(text: str) -> list[str]:
    return [p.code for p in validate_text(text).problems]


def _yaml_block(markdown: str, heading: str) -> str:
    section = markdown[markdown.index(heading):]
    block = re.search(r"```yaml\n(.*?)```", section, flags=re.S).group(1)  # type: ignore[union-attr]
    lines = block.splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines) + "\n"


# --------------------------------------------------------------------------- item 2: " #" in text


def test_readme_and_guide_examples_with_comments_after_ids_booleans_numbers_and_keys_still_validate():
    """README「事業を追加する」and the editing guide put comments after an id, `wards: true`, a year and
    keys that open a list: those comments cut nothing and stay allowed."""
    for doc, heading in ((ROOT / "README.md", "### 事業を追加する"), (ROOT / "docs" / "editing-guide.md", "### 事業を追加・変更する")):
        block = _yaml_block(doc.read_text(encoding="utf-8"), heading)
        assert " # " in block  # the example does carry comments after values
        projects = "".join("            " + line + "\n" if line else "\n" for line in block.splitlines()[1:])
        text = _with("            projects:\n              - id: jumin-tohyo\n",
                     "            projects:\n" + projects + "              - id: jumin-tohyo\n")
        result = validate_text(text)
        assert result.ok, (doc.name, [p.format() for p in result.problems])


def test_a_hash_that_yaml_keeps_is_not_reported():
    cases = [
        '"SNS ハッシュタグ #かわさき自治 を使った情報発信"',  # quoted
        "'第 #3 回の会議'",
        "第#回の会議",  # no space before "#": text, not a comment
        "|\n                  SNS ハッシュタグ #かわさき自治\n",  # block scalar
        ">\n                  SNS ハッシュタグ #かわさき自治\n",
    ]
    for value in cases:
        text = _with(PURPOSE, f"                purpose: {value}\n" if not value.endswith("\n") else f"                purpose: {value}")
        assert validate_text(text).ok, value
    # a comment on its own line, after a URL, after a flow list, after a key that opens a list
    text = _with("                later: [事業推進]\n", "                # 事業推進のメモ\n                later: [事業推進]  # 計画期間後\n")
    text = _with("                    url: https://www.city.kawasaki.jp/\n",
                 "                    url: https://www.city.kawasaki.jp/#top  # 市のトップ\n", text)
    assert validate_text(text).ok


def test_a_comment_after_text_in_a_flow_list_or_an_item_detail_is_reported():
    assert _codes(_with("                later: [事業推進]\n", "                later: [事業推進 #メモ\n                  ]\n")) == ["comment-in-text"]
    text = _with(PURPOSE, PURPOSE + "                plan_actions:\n                  - text: 防災マップの作成 #地域版\n"
                 "                    completed: 2012  # 完了年度\n")
    assert _codes(text) == ["comment-in-text"]


# --------------------------------------------------------------------------- item 7: invisible characters


def test_harmless_invisible_characters_are_normalised_once_for_every_output():
    pasted = "住民投票制度を\u200b適正に\u00a0運営\u00adします。"
    clean = "住民投票制度を適正に 運営します。"
    result = validate_text(_with(PURPOSE, f"                purpose: {pasted}\n"))
    assert result.ok, [p.format() for p in result.problems]
    project = result.corpus.policies[0].measures[0].initiatives[0].projects[0]
    assert project.purpose == clean
    outputs = {**render_pages(result.corpus), **data_files(result.corpus)}
    page = outputs["jigyo/jumin-tohyo.md"].decode("utf-8")
    assert clean in page
    assert json.loads(outputs[opendata.JSON_PATH])["policies"][0]["measures"][0]["initiatives"][0]["projects"][0]["purpose"] == clean
    assert clean in outputs[opendata.CSV_PATH].decode("utf-8-sig")
    for name, data in outputs.items():
        text = data.decode("utf-8-sig", errors="replace")  # the CSV starts with a BOM on purpose
        assert not re.search(f"[{chars.REMOVABLE}{chars.SPACES}]", text), name


def test_zero_width_joiner_stays_in_body_text_but_not_in_a_title():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert validate_text(_with(PURPOSE, f"                purpose: 家族 {family} で参加\n")).ok
    assert _codes(_with("                name: 住民投票制度運営事業\n", f"                name: 家族{family}事業\n")) == \
        ["invisible-char", "invisible-char"]


def test_a_title_of_unicode_whitespace_or_invisible_characters_only_is_empty():
    for blank in ("\u200b", "\u3000", "\u00a0\u2060", "\u200d", '"\\u200b"'):
        text = _with("        title: 分権時代の新たな自治のしくみづくり\n", f"        title: {blank}\n")
        assert _codes(text) == ["empty-text"], repr(blank)


def test_an_escaped_invisible_character_in_quotes_is_named_at_the_value():
    problems = validate_text(_with("        title: 分権時代の新たな自治のしくみづくり\n",
                                   '        title: "分権時代の\\u200b自治"\n')).problems
    assert [(p.line, p.col, p.code) for p in problems] == [(32, 16, "invisible-char")]
    assert "U+200B（ゼロ幅スペース）" in problems[0].message


def test_messages_show_invisible_characters_as_code_points():
    hidden = re.compile(f"[{chars.CONTROL}{chars.LINE_SEPARATORS}{chars.BIDI}{chars.REMOVABLE}{chars.JOINERS}{chars.SPACES}]")
    for fixture in sorted((FIXTURES / "invalid").glob("*.yaml")):
        for p in validate_file(fixture).problems:
            assert not hidden.search(p.format()), (fixture.name, p.format())


# --------------------------------------------------------------------------- item 8: positions and YAML-level errors


def _positions(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in validate_text(text).problems]


def test_positions_are_the_same_with_lf_crlf_and_cr_line_ends():
    text = _with("        title: 分権時代の新たな自治のしくみづくり\n", "        titel: 分権時代の新たな自治のしくみづくり\n")
    lf = _positions(text)
    assert lf == [(29, 9, "missing-field"), (32, 9, "unknown-field")]
    assert _positions(text.replace("\n", "\r\n")) == lf
    assert _positions(text.replace("\n", "\r")) == lf
    # a YAML syntax error, a tab in the indentation and a comment-in-text too
    for mistake, expected in (("        title: 分権時代の: 新たな\n", (32, 21, "yaml-syntax")),
                              ("\ttitle: x\n", (32, 1, "tab-indent")),
                              ("        title: 分権 #時代\n", (32, 19, "comment-in-text"))):
        text = _with("        title: 分権時代の新たな自治のしくみづくり\n", mistake)
        for newline in ("\n", "\r\n", "\r"):
            assert _positions(text.replace("\n", newline)) == [expected], (mistake, repr(newline))


def test_line_separators_do_not_shift_later_positions():
    """YAML counts NEL, LS and PS as line breaks; VS Code does not. Every later position is VS Code's."""
    text = _with("        title: 分権時代の新たな自治のしくみづくり\n", "        titel: 分権時代の新たな自治のしくみづくり\n")
    for sep in "\u2028\u2029\x85":
        shifted = _with("  description: テスト用のコーパスです。\n", f'  description: "テスト用の{sep}コーパスです。"\n', text)
        shifted = _with("    number: ①\n", f"    number: ①{sep}\n", shifted)
        assert _positions(shifted) == [(6, 22, "line-separator"), (29, 9, "missing-field"), (32, 9, "unknown-field"),
                                       (38, 22, "line-separator")], repr(sep)


def test_a_control_character_is_named_wherever_it_is():
    for ch, name in (("\x0b", "垂直タブ"), ("\x0c", "改ページ"), ("\x00", "ヌル文字"), ("\ufffe", "非文字"), ("\x1b", "エスケープ")):
        problems = validate_text(_with(PURPOSE, f"                purpose: 住民投票{ch}制度\n")).problems
        assert [(p.line, p.col, p.code) for p in problems] == [(45, 30, "control-char")]
        assert f"U+{ord(ch):04X}（{name}）" in problems[0].message


def test_a_merge_conflict_without_its_start_marker_is_still_reported():
    text = _with("        title: 分権時代の新たな自治のしくみづくり\n",
                 "        title: 分権時代の新たな自治のしくみづくり\n>>>>>>> kikaku-update\n")
    assert _positions(text) == [(33, 1, "merge-conflict")]
    # "=======" alone is not a conflict (it can be text in a block scalar)
    assert validate_text(_with(PURPOSE, "                purpose: |\n                  上\n=======\n")).problems[0].code != "merge-conflict"


def test_a_shallow_project_in_the_real_corpus_gives_one_message_and_no_dangling_reference(tmp_path):
    """The real corpus writes lists compactly (`projects:` and its `- ` at the same column): a 事業 pasted
    two columns too shallow becomes a 主な取組 and swallows the 事業 after it. The 基本政策 is in a part file
    (corpus/seisaku/…): the message names that file and its lines."""
    project = copy_project(tmp_path / "p")
    part = file_holding(project.root, "- id: jichi-suishin-forum\n")
    seed = part.read_text(encoding="utf-8")
    pasted = ("  - id: chiiki-bosai-suishin\n    name: 地域防災推進事業\n    wards: true\n"
              "    purpose: 地域の防災力を高める取組を推進します。\n    progress:\n    - 自主防災組織の活動支援\n"
              "    later:\n    - 事業推進\n")
    at = seed.index("    - id: jichi-suishin-forum\n")
    part.write_text(seed[:at] + pasted + seed[at:], encoding="utf-8")
    problems = validate_file(project.corpus, filename="policies.yaml").problems
    assert [p.code for p in problems] == ["indentation"], [p.format() for p in problems]
    line = seed[:at].count("\n") + 1
    rel = part.relative_to(project.root).as_posix()
    assert (problems[0].filename, problems[0].line, problems[0].col) == (rel, line, 5)
    assert f"{line}～{line + 7} 行目を半角スペース 2 個分右へ下げて" in problems[0].message
    assert "「jichi-suishin-forum」「jumin-tohyo-seido」も、その「later」の中に読み込まれています" in problems[0].message


def test_a_key_separator_in_a_value_that_parses_is_named_too():
    text = _with("        page:\n          updated: 2024-04-01\n", "        page:\n          updated：2024-04-01\n")
    assert _positions(text) == [(35, 18, "key-separator")]


# --------------------------------------------------------------------------- hostile input

PIECES = list("abc: -#'\"\n ") + ["  ", "\u200b", "\u202e", "\x0b", "\x00", "\u2028", "\x85", "\r\n", "\r", " #", "：", ":\u00a0",
                                   "\u3000", "\ufffe", "<<<<<<< x\n", "=======\n", ">>>>>>> y\n", "- ", "\n  ", "|\n", "川崎"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_hostile_pasted_text_never_raises_and_points_inside_the_file(text: str):
    result = validate_text(text)
    assert result.ok or result.problems
    lines = len(re.split(r"\r\n|\r|\n", text))
    for p in result.problems:
        assert 1 <= p.line <= lines and p.col >= 1, (p.format(), repr(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PIECES + ["\u00ad", "\u00a0", "\u2066", "\ue000"]), st.sampled_from(["purpose", "name", "id", "later"]))
def test_hostile_characters_in_any_field_never_raise(piece: str, field: str):
    lines = MINIMAL.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().lstrip("- ").startswith(f"{field}:"))
    lines[at] = lines[at].rstrip("\n") + piece + "値\n"
    result = validate_text("".join(lines))
    assert result.ok or result.problems
