"""generator/pages.py beyond the golden pages: what the golden files cannot show because the seed has
no such case (变更履歴 from the repository, 「誤りの報告」 links, excerpts, plans without years …)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from generator import model, pages
from generator.pages import Index, Page, all_pages, page_path
from generator.validate import validate_file, validate_text

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed():
    return Index(validate_file(ROOT / "policies.yaml").corpus)


@pytest.fixture(scope="module")
def minimal():
    return Index(validate_file(FIXTURES / "minimal.yaml").corpus)


def corpus_with(old: str, new: str) -> model.Corpus:
    result = validate_text(MINIMAL.replace(old, new, 1))
    assert result.ok, [p.format() for p in result.problems]
    return result.corpus


def test_page_paths_and_urls():
    assert page_path("project", "x") == "jigyo/x.md" and page_path("policy", "p") == "seisaku/p.md"
    assert page_path("measure", "m") == "shisaku/m.md" and page_path("initiative", "i") == "torikumi/i.md"
    assert page_path("statement", "s") == "shisei-hoshin/s.md" and page_path("progress", "r") == "suishin-plan/r.md"
    p = Page("jigyo/x.md", "project.md.j2", "X")
    assert p.url == "jigyo/x/" and p.twin == "jigyo/x/index.json" and p.updated == ""
    top = Page("index.md", "home.md.j2", "T")
    assert top.url == "" and top.twin == "index.json"


def test_page_updated_is_the_update_else_the_publication_date():
    corpus = corpus_with("          updated: 2024-04-01", "          published: 2023-05-06")
    ix = Index(corpus)
    measure = ix.records["m-1-1"]
    assert Page("shisaku/m-1-1.md", "measure.md.j2", "M", record=measure).updated == "2023-05-06"
    corpus = corpus_with("          updated: 2024-04-01", "          published: 2023-05-06\n          updated: 2024-07-08")
    assert Page("p", "t", "M", record=Index(corpus).records["m-1-1"]).updated == "2024-07-08"


def test_history_merges_the_editors_entries_and_the_repositorys_newest_first():
    corpus = corpus_with("          updated: 2024-04-01", "          updated: 2024-04-01\n          history:\n"
                         "            - {date: 2024-04-01, summary: 取組を更新}\n            - {date: 2022-01-05, summary: 公開}")
    ix = Index(corpus, repo_history={"m-1-1": [("2023-03-03", "誤字を修正")], "other": [("2030-01-01", "x")]})
    assert ix.history_of(ix.records["m-1-1"]) == [("2024-04-01", "取組を更新"), ("2023-03-03", "誤字を修正"),
                                                  ("2022-01-05", "公開")]
    assert ix.history_of(ix.records["jumin-tohyo"]) == []


def test_on_the_same_day_the_editors_entries_come_first_in_the_order_written():
    """Entries of one day keep their order (the editor's, then the repository's): the 変更履歴 is sorted by
    date only, never by the wording of a summary."""
    corpus = corpus_with("          updated: 2024-04-01", "          updated: 2024-04-01\n          history:\n"
                         "            - {date: 2024-04-01, summary: 取組を更新}\n            - {date: 2024-04-01, summary: 誤字を修正}")
    ix = Index(corpus, repo_history={"m-1-1": [("2024-04-01", "あ: 所管課を変更"), ("2024-04-02", "題名を変更")]})
    assert ix.history_of(ix.records["m-1-1"]) == [("2024-04-02", "題名を変更"), ("2024-04-01", "取組を更新"),
                                                  ("2024-04-01", "誤字を修正"), ("2024-04-01", "あ: 所管課を変更")]


def test_a_corpus_whose_plans_give_no_years_has_every_page(tmp_path):
    """The sources do not always give a plan's years (start and end are then not written): no plan has
    an end, and plans and 施政方針 still sort and every page renders."""
    from generator.build import render_pages

    corpus = corpus_with("    start: 2011\n    end: 2013\n", "")
    ix = Index(corpus)
    assert ix.plan_key(ix.plans["plan-2011"]) == 1.0
    assert [[p.id for p in chain] for chain in ix.lineages()] == [["vii"]] and ix.statement_keys == {}
    out = render_pages(corpus, ix)
    assert "seisaku/index.md" in out and "shisaku/m-1-1.md" in out


TOPICS = ("topics:\n  - id: jichi\n    label: 自治\n    related: [kyodo, m-1-1, jumin-tohyo]\n"
          "  - id: kyodo\n    label: 協働\n    related: [jichi]\npolicies:\n")


def test_a_topic_relates_records_but_never_another_topic():
    """A テーマ page lists the 基本施策・主な取組・事業 it is related to; a テーマ named in ``related`` (any
    id may be) is not listed among them (topics are linked from the テーマ list)."""
    ix = Index(corpus_with("policies:\n", TOPICS))
    assert [(kind, [r.id for r in records]) for kind, records in ix.topic_related(ix.records["jichi"])] == [
        ("基本施策", ["m-1-1"]), ("事業", ["jumin-tohyo"])]
    assert ix.topic_related(ix.records["kyodo"]) == []


def test_record_notes_name_the_kind_and_the_plan():
    ix = Index(corpus_with("policies:\n", TOPICS))
    notes = {i: ix.record_note(ix.records[i]) for i in ("vii", "m-1-1", "i-1", "jumin-tohyo", "jichi")}
    assert notes == {"vii": "基本政策・計画期間 2011～2013年度", "m-1-1": "基本施策・計画期間 2011～2013年度",
                     "i-1": "主な取組・計画期間 2011～2013年度", "jumin-tohyo": "事業・計画期間 2011～2013年度", "jichi": "テーマ"}


def test_record_notes_of_statements_and_progress_reports_name_their_kind(seed):
    """A 施政方針 or a 推進プラン (listed beside the records of a テーマ) belongs to no 計画期間."""
    assert seed.record_note(seed.records["shisei-hoshin-r3"]) == "施政方針"
    assert seed.record_note(seed.records["jichi-suishin-dai2ji-plan"]) == "推進プラン"


def test_a_lineage_of_three_policies_is_found_from_any_of_them():
    """基本政策 connected by ``follows`` over three plans, listed newest first: each one's 変遷 holds all three."""
    later = "".join(f"  - id: {pid}\n    number: {n}\n    number_label: 基本政策{n}\n    title: 後の基本政策{n}\n"
                    f"    plans: [plan-2011]\n    follows: {follows}\n" for pid, n, follows in (("p3", "Ⅸ", "p2"), ("p2", "Ⅷ", "vii")))
    ix = Index(corpus_with("policies:\n", "policies:\n" + later))
    for pid in ("vii", "p2", "p3"):
        assert [p.id for p in ix.lineage(ix.policies[pid])] == ["p3", "p2", "vii"]
    assert [sorted(p.id for p in chain) for chain in ix.lineages()] == [["p2", "p3", "vii"]]


def test_report_href_mails_the_pages_contact_with_its_title_and_url(minimal):
    page = next(p for p in all_pages(minimal) if p.path == "jigyo/jumin-tohyo.md")
    href = minimal.report_href(page, "https://example.jp/sub/")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "17kityo@city.kawasaki.jp"
    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert q["subject"] == f"【テストポータル】{page.title} について"
    assert q["body"] == (f"ページ: {page.title}\nURL: https://example.jp/sub/jigyo/jumin-tohyo/\n\n"
                         "（ご意見・誤りの内容をお書きください）\n")
    assert " " not in href and "\n" not in href and unquote(href).count("?") == 1
    top = next(p for p in all_pages(minimal) if p.path == "index.md")
    assert minimal.report_href(top, "https://example.jp/") == ""  # no record: no contact


def test_report_href_is_empty_without_an_email():
    ix = Index(corpus_with("    email: 17kityo@city.kawasaki.jp\n", ""))
    page = next(p for p in all_pages(ix) if p.path == "jigyo/jumin-tohyo.md")
    assert ix.report_href(page, "https://example.jp/") == ""


def test_contact_and_plan_come_from_the_nearest_ancestor(minimal):
    project = minimal.records["jumin-tohyo"]
    assert minimal.contact_for(project).id == "kikaku-chosei"  # from its 基本施策
    assert minimal.plan_of(project).id == "plan-2011"
    assert minimal.contact_for(minimal.records["vii"]) is None and minimal.plan_of(minimal.records["vii"]) is None
    assert minimal.record("jumin-tohyo") is project and minimal.record("nope") is None


def test_titles_labels_and_notes(minimal):
    r = minimal.records
    assert minimal.title(r["vii"]) == "基本政策Ⅶ 参加と協働による市民自治のまちづくり"
    assert minimal.title(r["m-1-1"]) == "基本施策 Ⅶ-1-(1) 分権時代の新たな自治のしくみづくり"
    assert minimal.title(r["i-1"]) == "主な取組① 自治基本条例に基づく自治の推進"
    assert minimal.title(r["jumin-tohyo"]) == "住民投票制度運営事業"
    assert minimal.label(r["jumin-tohyo"]) == "事業「住民投票制度運営事業」"
    assert minimal.label(r["vii"]) == "基本政策「Ⅶ 参加と協働による市民自治のまちづくり」"
    assert minimal.label(r["m-1-1"]) == "基本施策「Ⅶ-1-(1) 分権時代の新たな自治のしくみづくり」"
    assert minimal.record_note(r["vii"]) == "基本政策・計画期間 2011～2013年度"
    assert minimal.record_note(r["jumin-tohyo"]) == "事業・計画期間 2011～2013年度"
    assert minimal.card_note(r["vii"]) == "計画期間 2011～2013年度"
    assert minimal.card_note(r["m-1-1"]) == "計画期間 2011～2013年度・主な取組 2 件"
    assert minimal.card_note(r["jumin-tohyo"]) == ""
    wards = Index(corpus_with("                name: 住民投票制度運営事業\n", "                name: 住民投票制度運営事業\n                wards: true\n"))
    assert wards.title(wards.records["jumin-tohyo"]) == "住民投票制度運営事業（各区）"


def test_project_listed_in_its_home_first_then_its_saikei(minimal):
    assert [i.id for i in minimal.listed_in["jumin-tohyo"]] == ["i-1", "i-2"]
    assert minimal.parents["jumin-tohyo"] == [minimal.records["vii"], minimal.records["m-1-1"], minimal.records["i-1"]]


@pytest.mark.parametrize("text, expected", [
    ("短い文です。続き。", "短い文です。"),
    ("あ" * 99 + "。", "あ" * 99 + "。"),  # the first sentence ends within 80 + 20
    ("あ" * 100 + "。", "あ" * 80 + "…"),
    ("あ" * 80, "あ" * 80),
    ("い" * 50 + "、" + "う" * 60, "い" * 50 + "…"),  # cut at the last 、 past the middle
    ("い" * 30 + "、" + "う" * 60, "い" * 30 + "、" + "う" * 49 + "…"),  # a 、 before the middle is not used
    ("改行\nと  空白", "改行 と 空白"),
])
def test_excerpt(text, expected):
    assert Index.excerpt(text) == expected


def test_plans_without_years_sort_after_the_dated_ones(seed):
    undated = model.Plan(id="p-x", title="計画期間不明")
    latest_end = max(p.end for p in seed.corpus.plans if p.end)
    assert seed.plan_key(undated) == latest_end + 1.0
    assert seed.plan_key(seed.plans[seed.corpus.plans[0].id]) == float(seed.corpus.plans[0].start)


def test_statement_keys_follow_fiscal_years_and_place_undated_ones_after(seed):
    keys = seed.statement_keys
    for st in seed.corpus.statements:
        if st.fiscal_year is not None:
            assert keys[st.id] == float(st.fiscal_year)
    undated = [st for st in seed.corpus.statements if st.fiscal_year is None]
    for st in undated:
        i = seed.corpus.statements.index(st)
        before = keys[seed.corpus.statements[i - 1].id] if i else max(p.end for p in seed.corpus.plans if p.end)
        assert keys[st.id] == before + 0.5


def test_lineage_joins_policies_by_follows_in_both_directions(seed):
    follower = next(p for p in seed.corpus.policies if p.follows)
    first = seed.policies[follower.follows]
    assert {p.id for p in seed.lineage(first)} == {first.id, follower.id} == {p.id for p in seed.lineage(follower)}
    chains = seed.lineages()
    chain = next(c for c in chains if follower in c)
    assert chain == [first, follower]  # oldest first
    assert sum(len(c) for c in chains) == len(seed.corpus.policies)
    history = seed.history(follower)
    assert history and [e.sort_key for e in history] == sorted((e.sort_key for e in history), reverse=True)
    assert {e.policy.id for e in history} == {first.id, follower.id}


def test_list_groups_newest_plan_first_and_split_only_past_the_limit(seed, monkeypatch):
    groups = seed.list_groups("jigyo")
    keys = [seed.plan_key(g.plan) for g in groups]
    assert keys == sorted(keys, reverse=True)
    total = sum(g.count for g in groups)
    assert total == len(seed.projects)
    monkeypatch.setattr(pages, "LIST_INLINE_LIMIT", total)
    assert not seed.list_is_split("jigyo")
    monkeypatch.setattr(pages, "LIST_INLINE_LIMIT", total - 1)
    assert seed.list_is_split("jigyo")


def test_topic_notes_and_related_records(seed):
    topic = next(t for t in seed.corpus.topics if seed.topic_paragraphs[t.id] and t.related)
    note = seed.topic_note(topic)
    assert note.startswith(f"施政方針 {len(seed.topic_paragraphs[topic.id])} 段落")
    for kind, records in seed.topic_related(topic):
        assert f"{kind} {len(records)} 件" in note
        assert all(type(r).label == kind for r in records)
    assert seed.card_note(topic) == note
    stmts = seed.topic_statements(topic)
    assert [seed.statement_keys[st.id] for st, _ in stmts] == sorted((seed.statement_keys[st.id] for st, _ in stmts), reverse=True)


def test_every_page_of_the_seed_has_a_unique_path_and_the_right_updated(seed):
    all_ = all_pages(seed)
    assert len({p.path for p in all_}) == len(all_)
    assert all(p.updated == "" or dt.date.fromisoformat(p.updated) for p in all_)


def test_a_project_listed_again_before_its_home_initiative_still_names_its_home_first():
    """The 再掲 (i-1: {ref: jumin-tohyo}) comes before the 主な取組 that holds the 事業 (i-2) in the file:
    the 事業's page names its home in the kicker and lists i-1 under 再掲している主な取組."""
    from generator import build

    project = MINIMAL[MINIMAL.index("              - id: jumin-tohyo"):MINIMAL.index("          - id: i-2")]
    ref = "              - ref: jumin-tohyo\n"
    head, _, tail = MINIMAL.replace(project, ref, 1).rpartition(ref)
    text = head + project + tail  # i-1 refers to it, i-2 holds it
    assert text.index("- ref: jumin-tohyo") < text.index("- id: jumin-tohyo")
    result = validate_text(text)
    assert result.ok, [p.format() for p in result.problems]
    page = build.render_pages(result.corpus)["jigyo/jumin-tohyo.md"].decode("utf-8")
    kicker = next(line for line in page.splitlines() if 'class="portal-kicker"' in line)
    assert "総合的広聴制度の推進" in kicker and "自治基本条例に基づく自治の推進" not in kicker
    listed = page[page.index("## 再掲している主な取組"):]
    assert "自治基本条例に基づく自治の推進" in listed and "総合的広聴制度の推進" not in listed


def test_an_excerpt_is_not_cut_at_a_comma_exactly_in_the_middle():
    """「、」 at character 40 of 80 is not past the middle: the excerpt keeps 80 characters."""
    text = "い" * 40 + "、" + "う" * 60
    assert Index.excerpt(text) == "い" * 40 + "、" + "う" * 39 + "…"


def _paragraph(pid, policies, topics=()):
    return model.Paragraph(id=pid, text="本文です。", policies=list(policies), topics=list(topics))


def test_a_paragraph_naming_a_policy_of_its_own_shows_it_without_any_theme(minimal):
    """Chips of a 施政方針 section: vii in every paragraph goes under the heading; the first paragraph also
    names ii (and no テーマ), so its chip is shown before it; the second has nothing of its own."""
    p1, p2 = _paragraph("p-1", ["vii", "ii"]), _paragraph("p-2", ["vii"])
    section = model.StatementSection(id="s-1", heading="見出し", paragraphs=[p1, p2])
    assert minimal.section_tags(section) == (["vii"], [(p1, ["ii"], []), (p2, [], [])])


def test_a_section_of_one_paragraph_shows_its_policies_under_the_heading(minimal):
    p1 = _paragraph("p-1", ["vii", "ii"], ["t-1"])
    section = model.StatementSection(id="s-1", heading="見出し", paragraphs=[p1])
    assert minimal.section_tags(section) == (["vii", "ii"], [(p1, [], ["t-1"])])


STATEMENTS = ("statements:\n"
              "  - id: st-a\n    title: 年度不明の施政方針\n    sections:\n      - id: s-a\n        heading: 見出し\n"
              "        paragraphs:\n          - id: p-a\n            text: 本文です。\n            policies: [vii]\n"
              "  - id: st-b\n    title: 年度不明の施政方針その二\n    sections:\n      - id: s-b\n        heading: 見出し\n"
              "        paragraphs:\n          - id: p-b\n            text: 本文です。\n            policies: [vii]\n"
              "  - id: st-c\n    title: 令和6年度 施政方針\n    fiscal_year: 2024\n    sections:\n      - id: s-c\n"
              "        heading: 見出し\n        paragraphs:\n          - id: p-c\n            text: 本文です。\n"
              "            policies: [vii]\npolicies:\n")


def test_statements_without_a_year_follow_the_last_plan_half_a_year_apart(tmp_path):
    """A 施政方針 whose year the sources do not give is placed after the one before it (the first after the
    last plan's end, 2013), half a year apart, so that it never passes a dated one; the pages render, newest first."""
    from generator.build import render_pages

    corpus = corpus_with("policies:\n", STATEMENTS)
    ix = Index(corpus)
    assert ix.statement_keys == {"st-a": 2013.5, "st-b": 2014.0, "st-c": 2024.0}
    listing = render_pages(corpus, ix)["shisei-hoshin/index.md"].decode("utf-8")
    assert re.findall(r'href="\.\./shisei-hoshin/(st-\w)/"', listing) == ["st-c", "st-b", "st-a"]


def test_a_policy_that_names_no_plan_has_its_pages():
    """A 基本政策 may name no 計画 (``plans`` left out): it is a 変遷 of its own, and the site still renders."""
    from generator.build import render_pages

    corpus = corpus_with("    plans: [plan-2011]\n", "")
    ix = Index(corpus)
    assert [[p.id for p in chain] for chain in ix.lineages()] == [["vii"]]
    assert "seisaku/vii.md" in render_pages(corpus, ix)
