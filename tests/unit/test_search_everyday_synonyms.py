"""The everyday synonyms of the search (issue #11): tools/update_everyday_synonyms.py proposes pairs from Sudachi's
synonym dictionary (a reader's word no page has → a word of the same group some page has), a person reviews them
(generator/data/everyday-synonyms-review.json), and the index takes the kept ones as it takes the corpus's own list
(generator.search_index.everyday_table); the reader's browser (search-engine.js) reads them the same way."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import search_index as S
from generator import search_text as T

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "theme" / "assets" / "search-engine.js"
sys.path.insert(0, str(ROOT / "tools"))

import update_everyday_synonyms as U  # noqa: E402


def item(w, lexeme=1, control=0, yougen="体言", kind="代表語", abbr="代表語形", yure="代表表記", fields=()):
    return {"midashi": w, "vocabularyNumber": lexeme, "expandControl": control, "taigenYogen": yougen,
            "gokeiSyubetsu": kind, "ryakusyou": abbr, "hyoukiYure": yure, "bunya": list(fields)}


@pytest.mark.parametrize(("it", "reader", "why"), [
    (item("互助"), True, None),
    (item("互助"), False, None),
    (item("サポート", control=1), True, "control"),  # ambiguous: never the reader's word …
    (item("サポート", control=1), False, None),  # … but may be a target
    (item("弊害語", control=2), False, "control"),
    (item("助け合う", yougen="用言"), True, "yougen"),
    (item("アウトブレーク", kind="対訳"), True, "kind"),
    (item("間違", yure="間違い表記"), True, "kind"),
    (item("sea", yure="アルファベット表記"), True, "latin"),
    (item("NPO", abbr="略語・略称/アルファベット"), True, "latin"),
    (item("GIGAスクール"), True, "latin"),
    (item("海"), True, "short"),
    (item("うみ"), True, "short"),
    (item("ゴミ"), True, "short"),
    (item("ごみばこ"), True, None),
    (item("山田太郎", fields=["人名"]), True, "name"),
    (item("大手町", fields=["地名"]), True, "name"),
    (item("バカモノ", fields=["不快"]), True, "field"),
    (item("ストライク", fields=["スポーツ"]), True, "field"),
    (item("障害者", fields=["人"]), True, None),
    (item("診療所", fields=["医療"]), True, None),
])
def test_the_tool_leaves_out_the_words_sudachi_marks(it, reader, why):
    assert U.word_filter(it, reader) == why


def group(gid, *items):
    return {"id": gid, "items": list(items)}


PAGES = ["地域の支え合いと互助の仕組み", "ウェブサイトを更新します", "高齢者の支援", "子どもの支援", "支援の窓口",
         "支援の仕組み", "支援の方針", "支援の計画", "支援の事業", "支援の一覧", "支援の相談", "支援の取組"]


def test_the_tool_pairs_a_word_no_page_has_with_the_words_of_its_group_the_pages_have():
    data = [
        group("1", item("助け合い", 1), item("支え合い", 2), item("相互扶助", 3), item("互助", 4), item("助け合う", 5, yougen="用言")),
        group("2", item("年寄り", 1), item("老人", 2), item("高齢者", 3)),
        group("3", item("ホムペ", 1), item("サイト", 2)),  # サイト only inside ウェブサイト
        group("4", item("後押し", 1), item("支援", 2)),  # 支援 on every page: it would flood the results
        group("5", item("児童", 1), item("子ども", 2), item("子供", 2)),
        group("6", item("児童", 1), item("生徒", 2)),  # 児童 in two groups: which sense is not known
        group("7", item("こどもたち", 1), item("子供たち", 1)),  # one word: spellings are not synonyms
    ]
    result = U.candidates(data, PAGES, max_share=0.5)
    assert [(c.group, c.words, c.page_words) for c in result.candidates] == [
        ("1", ["助け合い", "相互扶助"], ["支え合い", "互助"]),
        ("2", ["年寄り", "老人"], ["高齢者"]),
    ]
    assert result.rejected == {"yougen": 1, "inside": 1, "frequent": 1, "polysemous": 2, "no-target": 6}


def test_only_the_reviewed_candidates_are_kept_with_their_reason():
    result = U.Result([U.Candidate("1", ["助け合い", "相互扶助"], ["支え合い", "互助"]), U.Candidate("2", ["年寄り"], ["高齢者"]),
                       U.Candidate("3", ["全部"], ["すべて"])])
    review = {"1": {"keep": True, "note": "同じ意味", "drop": ["相互扶助"]}, "3": {"keep": False, "reason": "vague: 一般的"}}
    kept, open_, refused = U.reviewed(result, review)
    assert kept == [{"group": "1", "words": ["助け合い"], "page_words": ["支え合い", "互助"], "note": "同じ意味"}]
    assert [c.group for c in open_] == ["2"] and refused == {"vague": 1}


def test_the_published_list_is_the_reviewed_one():
    """generator/data/everyday-synonyms.json has only groups the review kept, each with its reason."""
    entries = json.loads((ROOT / "generator" / "data" / "everyday-synonyms.json").read_text(encoding="utf-8"))
    review = json.loads((ROOT / "generator" / "data" / "everyday-synonyms-review.json").read_text(encoding="utf-8"))
    assert entries
    for e in entries:
        d = review[e["group"]]
        assert d["keep"] and e["note"] == d["note"] and e["words"] and e["page_words"], e
        assert all(len(w) >= 2 and not any(c.isascii() and c.isalpha() for c in w) for w in e["words"] + e["page_words"]), e
    assert all(d.get("note") if d["keep"] else d.get("reason") for d in review.values())


def postings_of(*texts):
    postings = [{}, {}, {}]
    for i, text in enumerate(texts):  # as written and in one notation, as page_keys indexes a page
        for run in T.runs(T.compact(text)) + T.runs(T.normalize(T.compact(text))):
            for k in T.run_keys(run):
                postings[len(k) - 1][k] = [i]
    return postings


ENTRIES = [{"group": "1", "words": ["相互扶助", "助け合い"], "page_words": ["支え合い", "互助"], "note": ""},
           {"group": "2", "words": ["年寄り", "老人"], "page_words": ["高齢者"], "note": ""},
           {"group": "3", "words": ["弔問"], "page_words": ["おくやみ"], "note": ""},
           {"group": "4", "words": ["育児"], "page_words": ["子育て"], "note": ""}]


def test_the_index_takes_the_everyday_synonyms_the_pages_can_use_and_the_editors_list_wins():
    postings = postings_of("地域の支え合い", "高齢者と老人クラブ", "子育て支援")
    own = T.synonym_table([{"words": ["育児"], "page_words": ["子育て", "保育"]}])
    table = S.everyday_table(postings, ENTRIES, own)
    # 互助 and おくやみ: on no page; 老人: a page has it (found as it is); 育児: the editors' entry
    assert {k: table[k] for k in ("助け合い", "年寄り", "相互扶助", "育児")} == {
        "助け合い": ["支え合い"], "年寄り": ["高齢者"], "相互扶助": ["支え合い"], "育児": ["子育て", "保育"]}
    assert "老人" not in table and "弔問" not in table and not any("互助" in v for v in table.values())
    assert set(table) == {"助け合い", "助合", "年寄り", "年寄", "相互扶助", "育児"}  # each also in one notation
    assert T.explains(T.analyse("相互扶助", table), T.compact("地域の支え合い"))
    assert not T.explains(T.analyse("相互扶助", own), T.compact("地域の支え合い"))


def test_an_editor_turns_an_everyday_synonym_off_with_the_word_alone():
    """corpus/synonyms.yaml ``- words: [年寄り]`` (no page_words): the reader's word finds only itself."""
    postings = postings_of("地域の支え合い", "高齢者")
    table = S.everyday_table(postings, ENTRIES, T.synonym_table([{"words": ["年寄り"]}]))
    assert table["年寄り"] == [] and table["相互扶助"] == ["支え合い"]
    assert [f.how for f in T.word_forms("年寄り", table).forms] == ["word", "word"]  # 年寄り and 年寄, no synonym


def test_the_index_writes_the_everyday_synonyms_into_its_synonym_list(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<html><body><div data-pagefind-body><h1>地域</h1><p>地域の支え合いと高齢者</p>"
                                           "</div></body></html>", encoding="utf-8")
    monkeypatch.setattr(S, "EVERYDAY", tmp_path / "everyday.json")
    S.EVERYDAY.write_text(json.dumps(ENTRIES, ensure_ascii=False), encoding="utf-8")
    S.write(site, [{"words": ["年寄り"], "page_words": ["高齢者", "シニア"]}])
    table = S.read_synonyms(site / "search-index")
    assert {k: table[k] for k in ("助け合い", "年寄り", "相互扶助", "老人")} == {
        "助け合い": ["支え合い"], "年寄り": ["高齢者", "シニア"], "相互扶助": ["支え合い"], "老人": ["高齢者"]}
    assert "弔問" not in table and "育児" not in table  # no page has おくやみ nor 子育て


@pytest.mark.skipif(not shutil.which("node"), reason="needs Node")
def test_the_browser_reads_the_everyday_synonyms_as_the_index_and_the_benchmark_do():
    """search-engine.js (in Node) gives the same forms as search_text.analyse for the table the index writes."""
    table = S.everyday_table(postings_of("地域の支え合い", "高齢者", "子育て"), ENTRIES,
                             T.synonym_table([{"words": ["はんこ"], "page_words": ["印鑑"]}]))
    queries = ["相互扶助", "年寄り", "老人", "年寄り 支援", "年寄りの支援", "はんこ", "助け合いたい", "互助"]
    script = ("const fs = await import('node:fs');"
              "const m = await import('data:text/javascript,' + encodeURIComponent(fs.readFileSync(process.argv[1], 'utf8')));"
              "const [qs, table] = JSON.parse(fs.readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(qs.map((q) => m.analyse(q, table, {}).map((t) => [t.word, ...t.parts].map((w) =>"
              " [w.typed, w.forms.map((f) => [f.text, f.how])])))));")
    out = subprocess.run(["node", "--input-type=module", "-e", script, str(ENGINE)], input=json.dumps([queries, table]),
                         capture_output=True, text=True, check=True).stdout
    want = [[[[w.typed, [[f.text, f.how] for f in w.forms]] for w in [t.word, *t.parts]] for t in T.analyse(q, table, {})]
            for q in queries]
    assert json.loads(out) == want
    assert ["支え合い", "synonym"] in want[0][0][0][1]


def test_the_benchmark_counts_the_everyday_synonyms_as_declared():
    sys.path.insert(0, str(ROOT / "bench"))
    import search_quality as Q

    assert Q.declared_synonyms({"synonyms": {"弔問": ["おくやみ"]}}, []) == {"弔問": ["おくやみ"]}
    assert Q.declared_synonyms({"synonyms": [[["弔問", "お悔やみ"], ["おくやみ"]]]}, []) == {"弔問": ["おくやみ"], "お悔やみ": ["おくやみ"]}
    assert Q.declared_synonyms({}, [{"words": ["はんこ"], "page_words": ["印鑑"]}]) == {"はんこ": ["印鑑"]}
