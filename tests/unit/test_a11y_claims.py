"""What the 試験結果 and ウェブアクセシビリティ方針 pages claim (issue #14, sections 3 and 5).

* accessibility/manual-checks.yaml (a person's checks) is validated like the corpus: a fixture per error
  with its exact messages (tests/unit/fixtures/manual_checks/invalid/NAME.yaml + .expected);
* ``a11y_results.combine``: automatic results alone never make a page or a criterion 適合; 準拠 only when
  every criterion up to the target stands 適合; a record is 要再確認 when over a year old, when a page it
  covers changed since (its HTML fingerprint), or when it misses a listed page; one test per state;
* the pages: the JIS checklist holds only 適用 あり/なし and 結果 適合/不適合, the level met and the target
  are apart, the WAIC 注記 names the guideline and its version; golden files for three states
  (tests/golden/a11y/, rewritten by tools/update_golden.py);
* ``portal a11y-checklist`` and the build read the records; a bad record file stops the build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from generator import model
from generator.a11y_criteria import HOW_TO_CHECK, JIS_CRITERIA
from generator.a11y_results import WAIC_GUIDELINE, combine, load_results, render_results_page
from generator.build import render_pages
from generator.manual_checks import ManualCheck, load
from generator.messages import format_problems
from generator.pages import Index, a11y_policy_page
from generator.render import md as md_filter, url as url_filter
from generator.validate import validate_file, validate_text
from tests.project import copy_project

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "manual_checks"
GOLDEN = ROOT / "tests" / "golden" / "a11y"
TODAY = dt.date(2027, 6, 1)
HASHES = {"/": "0123456789abcdef", "/seisaku/": "fedcba9876543210"}
FILENAME = "accessibility/manual-checks.yaml"


# --------------------------------------------------------------------------- the record file


INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("fixture", INVALID, ids=[f.stem for f in INVALID])
def test_invalid_record_file_gives_its_exact_messages(fixture: Path):
    records = load(fixture, FILENAME, TODAY)
    assert not records.ok
    assert format_problems(records.problems) + "\n" == fixture.with_suffix(".expected").read_text(encoding="utf-8")


def test_every_record_check_has_a_fixture():
    from generator.messages import MESSAGES

    codes = {c for c in MESSAGES if c.startswith("mc-")}
    assert codes <= {f.stem for f in INVALID}


def test_valid_record_file_and_a_missing_one():
    records = load(FIXTURES / "valid.yaml", FILENAME, TODAY)
    assert records.ok and [c.criterion for c in records.checks] == ["1.3.3", "1.2.2", "2.4.4"]
    missing = load(FIXTURES / "no-such-file.yaml", FILENAME, TODAY)
    assert missing.ok and not missing.exists and missing.checks == []


def test_the_committed_record_file_records_no_check_and_says_so():
    """Never invent a record: nobody has checked anything yet."""
    path = ROOT / FILENAME
    records = load(path, FILENAME, TODAY)
    assert records.ok and records.exists and records.checks == []
    assert "まだ人による確認を一つも行っていない" in path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- combining


def _results(tmp_path: Path, *, automated_fail: str | None = None, method: str = "all", pa11y: dict | None = None) -> dict:
    """A published automatic run of two pages (/ and /seisaku/), as load_results returns it."""
    criteria = [
        {"id": cid, "name": name, "level": level, "method": "機械" if cid in ("1.1.1", "1.4.3", "2.4.4") else "人",
         "automated": "問題なし" if cid in ("1.1.1", "1.4.3", "2.4.4") else "対象なし",
         "rules": ["image-alt"] if cid == "1.1.1" else [], "failed_pages": []}
        for cid, name, level in JIS_CRITERIA
    ]
    pages = [
        {"path": "/", "url": "https://example.jp/", "title": "トップ - 市", "selection": "全ページ", "automated": "問題なし"},
        {"path": "/seisaku/", "url": "https://example.jp/seisaku/", "title": "基本政策 <一覧> - 市", "selection": "全ページ",
         "automated": "問題なし"},
    ]
    fails = 0
    if automated_fail:
        c = next(c for c in criteria if c["id"] == automated_fail)
        c.update(automated="問題あり", method="機械", failed_pages=["/seisaku/"])
        pages[1].update(automated="問題あり", failed_criteria=[automated_fail], failed_rules=["color-contrast"])
        fails = 1
    data = {
        "format": 3, "standard": "JIS X 8341-3:2016", "published": "2027-01-10", "scope_url": "https://example.jp/",
        "test_date": "2027-01-10", "axe_core_version": "4.14.1", "browser_version": "Chromium 156", "validator_version": "26.9.27",
        "technologies": ["HTML", "CSS"], "viewports": ["スマートフォン（幅 360 px）"], "color_schemes": ["default"],
        "states": [],
        "sample": {"method": method, "total_pages": 2, "size_limit": 40, "seed": 8341, "prefixes": ["seisaku/"],
                   "representative": 0, "random": 0, "excluded": ["/accessibility/results/"]},
        "summary": {"pages": 2, "automated_pass": 2 - fails, "automated_fail": fails, "all_pages": 3,
                    "all_automated_pass": 3 - fails, "all_automated_fail": fails, "machine_criteria": 3, "person_criteria": 35},
        "pages": pages, "criteria": criteria, "extra_criteria": [],
        "page_hashes": {**HASHES, "/accessibility/results/": "1111111111111111"},
    }
    if pa11y is not None:
        data["pa11y_versions"] = pa11y
    f = tmp_path / "results.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_results(f)


def _record(cid: str, *, date=dt.date(2027, 1, 15), result="適合", applicable="あり", pages=None, failed=()) -> ManualCheck:
    return ManualCheck(criterion=cid, date=date, role="ウェブ担当", applicable=applicable, result=result,
                       pages=dict(HASHES) if pages is None else pages, failed_pages=list(failed))


def _all_pass(**changes) -> dict[str, ManualCheck]:
    out = {cid: _record(cid, applicable="なし" if cid.startswith("1.2.") else "あり") for cid, _, _ in JIS_CRITERIA}
    out.update(changes)
    return out


def _page(res: dict) -> tuple[str, str]:
    """The page's Markdown (generator filters) and its HTML."""
    text = render_results_page(res, md=md_filter, url=url_filter, site_name="市")
    return text, markdown.markdown(text, extensions=["tables"])


def _table_cells(html: str) -> list[list[str]]:
    table = html.split("<table>")[1].split("</table>")[0] if "<table>" in html else ""
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]]


def test_the_tool_list_names_the_second_engine_when_the_run_used_it(tmp_path):
    """pa11y (HTML_CodeSniffer) checks every page beside axe-core: the 使ったツール list names both, with their
    versions; results published before it was used name no pa11y."""
    tools = lambda html: html.split("使ったツール</h3>")[1].split("<h3")[0]
    res = combine(_results(tmp_path, pa11y={"pa11y": "9.1.1", "@pa11y/html_codesniffer": "2.6.0"}), {}, "AA", TODAY)
    listed = tools(_page(res)[1])
    assert "<li>pa11y 9.1.1、HTML_CodeSniffer 2.6.0（axe-core とは別の自動試験ツール。WCAG 2.0 AA の規則で、幅 360 px で開いたページを試験）</li>" in listed
    assert listed.index("axe-core 4.14.1") < listed.index("pa11y 9.1.1") < listed.index("Nu Html Checker")
    assert "pa11y" not in tools(_page(combine(_results(tmp_path), {}, "AA", TODAY))[1])


def test_without_records_nothing_is_適合_and_the_対応度_is_配慮(tmp_path):
    res = combine(_results(tmp_path), {}, "AA", TODAY)
    assert res["conformance"] == "配慮" and res["level_met"] is None
    assert res["checklist"] == [] and len(res["unchecked"]) == 38
    assert {p["verdict"] for p in res["listed"]} == {"自動チェックで問題なし（人による確認前）"}
    text, html = _page(res)
    assert "<table>" not in html and "結果を示せる達成基準は、まだありません" in html
    listed = html.split("試験を行ったウェブページのURL</h2>")[1].split("</ul>")[0]
    assert re.findall(r"<h3[^>]*>(.*?)</h3>", listed) == ["自動チェックで問題なし（人による確認前）（2ページ）"]
    assert listed.count("<li>") == 2
    assert "1.1.1 非テキストコンテンツ（A）: 自動チェックで問題なし。人による確認: 未確認" in html
    assert "人による確認は、まだ行っていません。" in html
    assert "満たしている適合レベル</h2>\n<p>なし</p>\n<p>人による確認が済んでいない達成基準が 38 項目あります。" in html


def test_all_criteria_checked_and_passing_make_準拠(tmp_path):
    res = combine(_results(tmp_path), _all_pass(), "AA", TODAY)
    assert res["conformance"] == "準拠" and res["level_met"] == "AA" and not res["unchecked"]
    assert {p["verdict"] for p in res["listed"]} == {"適合"}
    assert res["declaration_date"] == "2027-01-15"  # the newest standing check, after the run's publication
    _, html = _page(res)
    cells = _table_cells(html)
    assert len(cells) == 38
    assert {c[2] for c in cells} <= {"あり", "なし"} and {c[3] for c in cells} <= {"適合", "不適合"}
    assert "対応度: JIS X 8341-3:2016の適合レベル AA に準拠" in html
    assert "満たしている適合レベル</h2>\n<p>適合レベル AA</p>" in html


def test_a_check_over_a_year_old_is_要再確認(tmp_path):
    old = _record("1.3.3", date=dt.date(2026, 5, 31))
    res = combine(_results(tmp_path), _all_pass(**{"1.3.3": old}), "AA", TODAY)
    entry = next(c for c in res["unchecked"] if c["id"] == "1.3.3")
    assert entry["state"] == "要再確認" and entry["reasons"] == ["確認から1年を過ぎています"]
    assert res["conformance"] == "配慮" and res["level_met"] is None
    assert combine(_results(tmp_path), _all_pass(**{"1.3.3": _record("1.3.3", date=dt.date(2026, 6, 1))}), "AA", TODAY)[
        "conformance"] == "準拠"  # exactly a year: still standing


def test_a_check_of_a_page_whose_html_changed_since_is_要再確認(tmp_path):
    changed = _record("2.4.4", pages={"/": HASHES["/"], "/seisaku/": "0000000000000000"})
    res = combine(_results(tmp_path), _all_pass(**{"2.4.4": changed}), "AA", TODAY)
    entry = next(c for c in res["unchecked"] if c["id"] == "2.4.4")
    assert entry["state"] == "要再確認" and entry["reasons"] == ["確認した後にページが変わりました（1ページ）"]
    assert res["conformance"] == "配慮"
    _, html = _page(res)
    assert "2.4.4 リンクの目的（コンテキスト内）: 2027年1月15日、ウェブ担当が確認。" in html and "要再確認（確認した後にページが変わりました" in html


def test_a_check_that_misses_a_listed_page_is_要再確認(tmp_path):
    partial = _record("3.1.1", pages={"/": HASHES["/"]})
    res = combine(_results(tmp_path), _all_pass(**{"3.1.1": partial}), "AA", TODAY)
    entry = next(c for c in res["unchecked"] if c["id"] == "3.1.1")
    assert entry["reasons"] == ["試験結果に載せるページのうち 1ページを確認していません"]
    assert {p["path"]: p["verdict"] for p in res["listed"]}["/seisaku/"] != "適合"


def test_a_failing_check_is_不適合_on_its_pages_and_blocks_the_level(tmp_path):
    failing = _record("2.4.4", result="不適合", failed=["/seisaku/"])
    res = combine(_results(tmp_path), _all_pass(**{"2.4.4": failing}), "AA", TODAY)
    assert res["conformance"] == "配慮" and res["level_met"] is None
    verdicts = {p["path"]: p["verdict"] for p in res["listed"]}
    assert verdicts == {"/": "適合", "/seisaku/": "不適合"}
    _, html = _page(res)
    listed = html.split("試験を行ったウェブページのURL</h2>")[1].split("<h2")[0]
    groups = re.findall(r"<h3[^>]*>(.*?)</h3>\s*<ul>(.*?)</ul>", listed, flags=re.S)
    assert [g[0] for g in groups] == ["不適合（1ページ）", "適合（1ページ）"]  # failures first, one list each
    assert "（達成基準 2.4.4）" in groups[0][1] and "seisaku/" in groups[0][1] and "seisaku/" not in groups[1][1]
    row = next(r for r in res["checklist"] if r["id"] == "2.4.4")
    assert (row["applicable"], row["result"]) == ("あり", "不適合")


def test_an_automatic_failure_is_不適合_even_with_a_passing_check(tmp_path):
    res = combine(_results(tmp_path, automated_fail="1.4.3"), _all_pass(), "AA", TODAY)
    row = next(r for r in res["checklist"] if r["id"] == "1.4.3")
    assert row["result"] == "不適合" and res["conformance"] == "配慮" and res["level_met"] == "A"
    assert {p["path"]: p["verdict"] for p in res["listed"]}["/seisaku/"] == "不適合"
    # without any record, the automatic failure still shows in the checklist (a failure is a failure)
    res = combine(_results(tmp_path, automated_fail="1.4.3"), {}, "AA", TODAY)
    assert [(r["id"], r["result"]) for r in res["checklist"]] == [("1.4.3", "不適合")]


def test_level_a_met_while_aa_is_unchecked(tmp_path):
    only_a = {cid: r for cid, r in _all_pass().items() if next(lvl for c, _, lvl in JIS_CRITERIA if c == cid) == "A"}
    res = combine(_results(tmp_path), only_a, "AA", TODAY)
    assert res["level_met"] == "A" and res["conformance"] == "配慮"
    assert combine(_results(tmp_path), only_a, "A", TODAY)["conformance"] == "準拠"


def test_without_a_target_no_対応度_is_stated(tmp_path):
    res = combine(_results(tmp_path), {}, None, TODAY)
    _, html = _page(res)
    assert "目標とする適合レベルは、まだ定めていません。そのため対応度も表記していません" in html
    assert " に配慮" not in html


def test_the_page_carries_the_waic_note_and_the_selection_method(tmp_path):
    _, html = _page(combine(_results(tmp_path), {}, "AA", TODAY))
    assert f"情報通信アクセス協議会ウェブアクセシビリティ基盤委員会「<a href=\"https://waic.jp/docs/jis2016/compliance-guidelines/202104/\">{WAIC_GUIDELINE}</a>」" in html
    assert "JB.1.2 a) により、すべてのウェブページ（2ページ）" in html
    assert "この試験結果のページ（/accessibility/results/）は、試験や確認のたびに内容が変わる" in html
    assert '<a href="../../seisaku/" data-pagefind-ignore>https://example.jp/seisaku/</a>' in html  # the URL list is links, relative (any host), not searched
    _, html = _page(combine(_results(tmp_path, method="representative+random"), {}, "AA", TODAY))
    assert "JB.1.2 d)" in html and "それでも JB.1.2 a)（すべてのウェブページ）としないのは、人による確認をこの 2ページで行うため" in html
    # the address prefixes are shown but not searched (data: this page came before /data/ for "open data")
    assert re.search(r"URL が <span data-pagefind-ignore>/[^<]*</span> で始まるページ", html), html


GOLDEN_STATES = {
    "no-records": lambda tmp: combine(_results(tmp), {}, "AA", TODAY),
    "all-checked": lambda tmp: combine(_results(tmp), _all_pass(), "AA", TODAY),
    "stale-and-failing": lambda tmp: combine(
        _results(tmp, automated_fail="1.4.3"),
        _all_pass(**{"1.3.3": _record("1.3.3", date=dt.date(2026, 1, 5)),
                     "2.4.4": _record("2.4.4", result="不適合", failed=["/"])}), "AA", TODAY),
}


def golden_pages(tmp_path: Path) -> dict[str, str]:
    """The 試験結果 page body in three states (tools/update_golden.py writes these to tests/golden/a11y/)."""
    return {f"results-{name}.md": render_results_page(make(tmp_path), md=md_filter, url=url_filter, site_name="市")
            for name, make in GOLDEN_STATES.items()}


def test_results_page_golden_files(tmp_path):
    for name, text in golden_pages(tmp_path).items():
        golden = GOLDEN / name
        assert golden.exists(), f"{golden} がありません: python tools/update_golden.py で作ってください"
        assert text == golden.read_text(encoding="utf-8"), f"{name} が golden と違います: python tools/update_golden.py で更新し、差分を確認してください"


# --------------------------------------------------------------------------- the policy page


def _policy_page(accessibility_yaml: str) -> str:
    text = (ROOT / "tests/unit/fixtures/minimal.yaml").read_text(encoding="utf-8") + accessibility_yaml
    result = validate_text(text)
    assert result.ok, format_problems(result.problems)
    ix = Index(result.corpus)
    page = render_pages(result.corpus, ix, [a11y_policy_page(ix)], site_url="https://example.jp/")["accessibility/index.md"]
    return page.decode().replace("\\", "")  # the text as read (Markdown escapes removed)


def test_policy_page_says_plainly_what_the_city_has_not_decided():
    page = _policy_page("")
    for phrase in ("[https://example.jp/](https://example.jp/) 以下のすべてのページ", "目標とする適合レベル及び対応度: まだ定めていません",
                   "達成目標日: まだ定めていません", "例外事項は、まだ定めていません。", "策定日: まだ記入されていません",
                   "更新日: まだ記入されていません", "アクセシビリティについてのお問い合わせ先は、まだ定めていません",
                   "1年に1回", "総務省「みんなの公共サイト運用ガイドライン」", "## 目標と、いまの対応度の違い", WAIC_GUIDELINE):
        assert phrase in page, phrase


def test_policy_page_shows_what_the_city_decided():
    contact_id = "kikaku-chosei"
    page = _policy_page(f"""
accessibility:
  target_level: AA
  deadline: 2028-03-31
  exceptions:
  - target: オープンデータの CSV ファイル
    reason: 表計算ソフトで開くデータで、ウェブページではないため
  contact: {contact_id}
  established: 2027-04-01
  updated: 2027-10-01
""")
    for phrase in ("JIS X 8341-3:2016 の適合レベル AA に準拠", "達成目標日: 2028年3月31日",
                   "- オープンデータの CSV ファイル: 表計算ソフトで開くデータで、ウェブページではないため",
                   "策定日: 2027年4月1日", "更新日: 2027年10月1日", "下の「お問い合わせ先」（"):
        assert phrase in page, phrase
    assert "まだ定めていません" not in page and "まだ記入されていません" not in page
    assert "例外事項はありません。" in _policy_page("\naccessibility:\n  exceptions: []\n")


def test_policy_values_are_validated_with_positions():
    text = (ROOT / "tests/unit/fixtures/minimal.yaml").read_text(encoding="utf-8")
    bad = text + "\naccessibility:\n  target_level: AAA\n  deadline: 2028-02-30\n  contact: no-such-contact\n"
    out = format_problems(validate_text(bad).problems)
    n = len(text.splitlines())
    assert f"policies.yaml:{n + 3}:17: エラー:" in out and "target_level" in out
    assert f"policies.yaml:{n + 4}:13: エラー: 「2028-02-30」は正しい日付ではありません" in out
    assert f"policies.yaml:{n + 5}:12: エラー:" in out and "no-such-contact" in out


def test_the_policy_is_in_the_schema_and_the_editing_guide():
    schema = json.loads((ROOT / "schema/policies.schema.json").read_text(encoding="utf-8"))
    assert "accessibility" in schema["properties"] and "AccessibilityPolicy" in schema["$defs"]
    guide = (ROOT / "docs/editing-guide.md").read_text(encoding="utf-8")
    assert "target_level" in guide and "deadline" in guide and "mc-future-date" in guide


def test_kawasaki_states_only_its_target():
    corpus = validate_file(ROOT / "policies.yaml").corpus
    assert corpus.accessibility == model.AccessibilityPolicy(target_level="AA")


# --------------------------------------------------------------------------- commands


def _portal(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(project), *args],
                          capture_output=True, text=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1811775600"})


def test_checklist_command(tmp_path):
    project = copy_project(tmp_path / "p")
    (project.root / "accessibility/results.json").unlink()
    proc = _portal(project.root, "a11y-checklist")
    assert proc.returncode == 1 and "make a11y-publish" in proc.stdout and "Traceback" not in proc.stderr
    (project.root / "accessibility/results.json").write_text(json.dumps(_raw_results(tmp_path)), encoding="utf-8")
    proc = _portal(project.root, "a11y-checklist")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert out.count("■ ") == 38 and "状態: 有効 0、要再確認 0、未確認 38" in out
    assert HOW_TO_CHECK["1.3.3"] in out and '    /seisaku/: "fedcba9876543210"' in out
    assert "https://example.jp/seisaku/  基本政策 <一覧>" in out
    one = _portal(project.root, "a11y-checklist", "--criterion", "2.4.4").stdout
    assert one.count("■ ") == 1 and "- criterion: 2.4.4" in one
    bad = _portal(project.root, "a11y-checklist", "--criterion", "9.9.9")
    assert bad.returncode == 1 and "9.9.9" in bad.stdout
    (project.root / FILENAME).write_text((FIXTURES / "invalid/mc-unknown-criterion.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    proc = _portal(project.root, "a11y-checklist")
    assert proc.returncode == 1 and "accessibility/manual-checks.yaml:3:14: エラー:" in proc.stdout


def _raw_results(tmp_path: Path) -> dict:
    _results(tmp_path)
    return json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))


def test_a_bad_record_file_stops_the_build_with_its_position(tmp_path):
    project = copy_project(tmp_path / "p")
    (project.root / FILENAME).write_text((FIXTURES / "invalid/mc-future-date.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    proc = _portal(project.root, "generate")
    assert proc.returncode == 1 and "accessibility/manual-checks.yaml:4:9: エラー: 確認した日 2027-06-02 が、今日（2027-06-01）より後です" in proc.stdout


def test_a_hand_written_policy_page_still_wins(tmp_path):
    project = copy_project(tmp_path / "p")
    own = project.root / "content/accessibility/index.md"
    own.parent.mkdir(parents=True)
    own.write_text("# 市の方針\n", encoding="utf-8")
    proc = _portal(project.root, "generate")
    assert proc.returncode == 0, proc.stdout
    assert (project.root / "build/docs/accessibility/index.md").read_text(encoding="utf-8") == "# 市の方針\n"


@pytest.mark.parametrize("target, claim", [
    ("AA", "- 目標とする適合レベル: JIS X 8341\\-3:2016の適合レベル AA（[ウェブアクセシビリティ方針](index.md)で定めた目標）\n"
           "- 対応度: JIS X 8341\\-3:2016の適合レベル AA に準拠\n"),
    ("A", "- 目標とする適合レベル: JIS X 8341\\-3:2016の適合レベル A（[ウェブアクセシビリティ方針](index.md)で定めた目標）\n"
          "- 対応度: JIS X 8341\\-3:2016の適合レベル A に準拠\n"),
])
def test_the_generated_results_page_claims_the_corpus_target(tmp_path, target, claim):
    """The 試験結果 page of a build: the automated results, the person's records and the target level the city
    wrote in policies.yaml (accessibility: target_level), counted from the build date."""
    from generator.pages import a11y_results_page

    text = (ROOT / "tests/unit/fixtures/minimal.yaml").read_text(encoding="utf-8") + f"accessibility:\n  target_level: {target}\n"
    corpus = validate_text(text).corpus
    ix = Index(corpus, a11y_results=_results(tmp_path), a11y_records=_all_pass(), today=TODAY)
    page = render_pages(corpus, ix, [a11y_results_page(ix)], site_url="https://example.jp/")["accessibility/results.md"].decode()
    assert claim in page and "## 満たしている適合レベル\n\n適合レベル AA\n" in page


def test_the_listed_pages_link_to_themselves_from_the_results_page(tmp_path):
    """The 試験結果 page of a build lists the tested pages with links relative to /accessibility/results/ (the page
    kind hands the template its ``root``): a wrong root gives links a reader cannot follow."""
    from generator.pages import a11y_results_page

    corpus = validate_text((ROOT / "tests/unit/fixtures/minimal.yaml").read_text(encoding="utf-8")).corpus
    ix = Index(corpus, a11y_results=_results(tmp_path), a11y_records={}, today=TODAY)
    page = render_pages(corpus, ix, [a11y_results_page(ix)], site_url="https://example.jp/")["accessibility/results.md"].decode()
    assert '<a href="../../" data-pagefind-ignore>https://example\\.jp/</a>' in page
    assert '<a href="../../seisaku/" data-pagefind-ignore>https://example\\.jp/seisaku/</a>' in page
