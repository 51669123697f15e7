"""generator.search_index: the copy of a page that Pagefind indexes, and its way back to Japanese."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import search_index as S

SEP, BLOCK = S.SEP, S.BLOCK


def test_a_run_of_japanese_becomes_one_token_per_character():
    assert S.encode_text("おくやみ") == f"x304a304f{SEP}x304f3084{SEP}x3084307f{SEP}x307f{SEP}"


def test_text_around_a_run_stays_and_is_kept_out_of_the_tokens():
    enc = S.encode_text("「耐震」ICT環境 2011年度")
    assert enc.startswith("「" + SEP + "x8010")
    assert f"ICT{SEP}x74b05883" in enc  # a separator between ICT and the run, or Pagefind sees one word
    assert f" 2011{SEP}x5e745ea6" in enc
    assert enc.endswith(SEP)  # no word character at the end: Pagefind adds no 「. 」


def test_a_middle_dot_inside_a_compound_does_not_break_the_run():
    enc = S.encode_text("グリーン・リカバリー")
    assert "x30f330ea・x30ea30ab" in enc  # ン + リ, across the ・, which stands where the separator would


def test_full_width_letters_are_indexed_as_ascii():
    assert S.encode_text("ＳＤＧｓ") == f"SDGs{SEP}"


def test_an_ascii_word_that_looks_like_a_token_is_broken():
    enc = S.encode_text("x304a")
    assert not re.search(r"(?<![0-9a-z])x[0-9a-f]{4}", enc)


def test_a_run_continues_across_inline_markup():
    copy = S.index_copy('<html><body><div data-pagefind-body><p><a href="#">区役所</a>サービス</p></div></body></html>',
                        "jigyo/x/")
    assert "x624030b5" in copy  # 所 + サ: 区役所サービス is found as one word


def test_the_copy_keeps_ids_and_drops_what_pagefind_ignores():
    page = ('<html><body><div data-pagefind-body><nav aria-label="現在位置" data-pagefind-ignore><ol>'
            '<li><a href="/">トップ</a></li><li><a href="/s/">基本施策 Ⅶ-1-(1) 分権</a></li><li><span>事業名</span></li>'
            '</ol></nav><h1 id="t">事業名</h1><p id="p1" class="x">本文</p><script>var a = "秘密";</script>'
            '<section data-pagefind-ignore><p>連絡先</p></section></div></body></html>')
    copy = S.index_copy(page, "jigyo/x/")
    assert 'data-title="事業名"' in copy and 'data-kind="事業"' in copy and 'data-trail="基本施策 Ⅶ-1-(1) 分権"' in copy
    assert '<p id="p1">' in copy and 'class="x"' not in copy
    assert "79d85bc6" not in copy  # 秘密 (script) is not indexed
    assert "9023" not in copy  # 連絡先 (data-pagefind-ignore) is not indexed
    assert "data-pagefind-weight" not in copy  # a content page counts in full


@pytest.mark.parametrize("url, kind, weighted", [
    ("", "トップページ", True), ("jigyo/", "一覧", True), ("accessibility/results/", "試験結果", True),
    ("data/", "オープンデータ", True), ("shisei-hoshin/r3/", "施政方針", False), ("suishin-plan/p/", "推進プラン", False),
])
def test_kind_and_weight(url, kind, weighted):
    copy = S.index_copy('<html><body><div data-pagefind-body><h1>題</h1></div></body></html>', url)
    assert f'data-kind="{kind}"' in copy
    assert ('data-pagefind-weight="0.1"' in copy) is weighted


def test_a_page_without_an_indexed_body_is_left_out():
    assert S.index_copy("<html><body><p>本文</p></body></html>", "x/") is None


def _fragments(out: Path) -> dict[str, dict]:
    frags = {}
    for f in (out / "fragment").iterdir():
        raw = gzip.decompress(f.read_bytes())
        data = json.loads(raw[raw.index(b"{"):])
        frags[data["url"]] = data
    return frags


def test_pagefind_stores_text_that_decodes_back_to_the_page(tmp_path):
    """Through Pagefind itself: the stored text decodes to what the reader saw, one line per block,
    without Pagefind's 「. 」 after headings and list items, and the anchors point at their text."""
    site = tmp_path / "site"
    (site / "jigyo" / "a").mkdir(parents=True)
    (site / "jigyo" / "a" / "index.html").write_text(
        '<!doctype html><html lang="ja"><body><div data-pagefind-body>'
        '<h1 id="t">住民投票制度運営事業</h1><h2 id="h">これまでの取組と現状</h2>'
        '<ul><li>住民投票制度の安定した運営（2011年度）</li><li>Wi-Fi環境 の整備</li></ul>'
        '<p id="p">また、身近な方がお亡くなりになった時に、「おくやみコーナー」を開設し、グリーン・リカバリー。</p>'
        '</div></body></html>', encoding="utf-8")
    assert S.write(site) == 1
    frag = _fragments(site / "pagefind")["/jigyo/a/"]
    text = S.decode(frag["content"])
    assert text.splitlines() == [
        "住民投票制度運営事業", "これまでの取組と現状", "住民投票制度の安定した運営（2011年度）", "Wi-Fi環境 の整備",
        "また、身近な方がお亡くなりになった時に、「おくやみコーナー」を開設し、グリーン・リカバリー。"]
    assert frag["meta"]["title"] == "住民投票制度運営事業"
    words = frag["content"].split("\u200b")
    # every character of a run takes two word positions, ・ or not (search.js checks adjacency with it)
    at = [i for i, w in enumerate(words) if w.strip() in {f"x{ord(a):04x}{ord(b):04x}" for a, b in
                                                          zip("グリーンリカバリー", "リーンリカバリー")}]
    assert len(at) == 8 and all(b - a == 2 for a, b in zip(at, at[1:])), at
    starts = {a["id"]: S.decode("\u200b".join(words[: a["location"]])) for a in frag["anchors"]}
    assert text[len(starts["p"].rstrip("\n")):].lstrip("\n").startswith("また、")


def _as_pagefind_stores(enc: str) -> str:
    """Pagefind's stored text, simulated: white space splits the text into chunks; every token and
    separator is its own segment; segments are joined by U+200B, a chunk's last one ends in a space."""
    segments = []
    chunks = enc.split()
    for n, chunk in enumerate(chunks):
        pieces = re.findall(rf"x(?:[0-9a-f]{{4}})+(?=[{SEP}・])|[{SEP}]|[^{SEP}]+?(?=x[0-9a-f]{{4}}|{SEP}|$)", chunk)
        assert "".join(pieces) == chunk
        if n + 1 < len(chunks):
            pieces[-1] += " "
        segments += pieces
    return "\u200b".join(segments)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("あいうアイウー漢字川崎・、。「」 abcX0１ｂ")), max_size=30))
def test_every_character_has_one_place_and_decodes_back(text):
    back = S.decode(_as_pagefind_stores(S.encode_text(text)))
    assert back == " ".join("".join(S._fold_width(c) for c in text).split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("あいうアイウー漢字川崎々・、。「」 abcx0304aX")), max_size=30),
       st.sampled_from(["", "あ", "a", " ", "・"]))
def test_the_quick_encoder_says_the_same_as_the_reference(text, following):
    assert S.encode_text(text, following) == S._encode_slow(text, following)


def test_every_page_kind_of_the_site_has_its_kind_in_results():
    """Results name the page kind; テーマ pages and the lists' group pages are not content pages (they list
    other pages' titles and count a tenth), and no page of the URL table is left without a kind."""
    from generator.search_index import CONTENT_KINDS, LIST_KIND, kind_of

    assert kind_of("theme/") == LIST_KIND and kind_of("theme/chonaikai/") == "テーマ"
    assert kind_of("jigyo/") == LIST_KIND and kind_of("jigyo/plan-2011/jichi/") == LIST_KIND
    assert kind_of("jigyo/jumin-tohyo-seido/") == "事業" and "事業" in CONTENT_KINDS
    assert "テーマ" not in CONTENT_KINDS
