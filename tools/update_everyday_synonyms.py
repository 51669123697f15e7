"""List the candidates for the search's everyday synonyms (ふだんの言葉: 互助 → 助け合い, 転宅 → 転居) from Sudachi's
synonym dictionary, and write generator/data/everyday-synonyms.json from the reviewed decisions in
generator/data/everyday-synonyms-review.json:

    npm ci && .venv/bin/portal build && .venv/bin/python tools/update_everyday_synonyms.py [--site site]

Source: the Sudachi synonym dictionary (SudachiDict ``synonyms.txt`` by Works Applications, Apache-2.0, as the npm
package ``sudachi-synonyms-dictionary``, a devDependency, the same file as tools/update_spellings.py). A group of
that dictionary is one sense; its words with different lexeme numbers (語彙番号) are synonyms, the words with the
same number are spellings of one word (those are tools/update_spellings.py's, not this tool's).

A candidate is a reader's word that no page has, with the words of the same group (another lexeme) that pages
have: the reader who types 互助 finds the pages that say 助け合い. Filters (each counted in the report, by reason):

* ``control``: a word Sudachi marks as never expanded (展開制御 2), or, as the reader's word, as not expanding
  itself (展開制御 1: an ambiguous word, e.g. シー, which may still be a target);
* ``yougen``: a 用言 (verb or adjective, 助け合う): the query side cuts and plains verbs itself
  (generator.search_text.split_phrase, plain_form); only 体言 (nouns) are paired;
* ``kind``: a wrong spelling (間違い, 間違い表記) or a translation (対訳: a foreign word, not a citizen's everyday word);
* ``latin``: a word in Latin letters or an alphabetic abbreviation (アルファベット表記, 略語・略称/アルファベット):
  short ones are found inside other words (ms, th);
* ``short``: one character (a kanji alone is in every word it is part of), or kana only of fewer than 3 (かさ is
  in ふかさ);
* ``name``: a proper name (Sudachi's 分野 企業名, 人名, 地名, 組織名 …): a name is no everyday word, and the
  tool carries no place's names;
* ``field``: a word offensive (分野 不快) or in the sense of a field far from a city's policy (スポーツ, 音楽,
  娯楽, ファッション, 美容, 料理, 化学, 商品, キャラ): the reader means the everyday sense;
* ``polysemous``: a reader's word in more than one group (a word with several senses: which one the reader means
  is not known);
* ``inside``: a target in katakana that pages have only inside a longer katakana word (サイト only in
  ウェブサイト, リスト only in チェックリスト): the pages are not about it;
* ``frequent``: a target on more than MAX_SHARE of the pages (it would flood the results); the other targets of
  the group stay;
* ``no-target``: no word of the group (another lexeme) is on a page, or the reader's word is (the search finds it
  already).

The candidates are only proposals: a person reviews each group (generator/data/everyday-synonyms-review.json:
``{"<group id>": {"keep": true, "note": "why"} | {"keep": false, "reason": "why not"}}``), and only the kept ones
go into everyday-synonyms.json (a list of ``{"group", "words", "page_words", "note"}``). A candidate without a
decision is printed and left out. ``portal build`` puts in the search index the entries whose page_words some page
has (generator/search_index.py); an editor's own entry in ``search_synonyms`` (corpus/synonyms.yaml) for the same
reader word wins over this list. Licence and version: generator/data/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.search_text import HIRAGANA, KATAKANA, compact, normalize  # noqa: E402
from update_spellings import read_source  # noqa: E402  (tools/ is on sys.path: this script's own folder)

OUT = ROOT / "generator" / "data" / "everyday-synonyms.json"
REVIEW = ROOT / "generator" / "data" / "everyday-synonyms-review.json"

MAX_SHARE = 0.1  # a target on more pages than this share is left out (it would flood the results)
NAMES = {"企業名", "旧企業名", "人名", "地名", "大学名", "国名", "組織名", "旧組織名", "店名"}  # Sudachi's 分野 of names
FIELDS_OUT = {"不快", "スポーツ", "音楽", "娯楽", "ファッション", "美容", "料理", "化学", "商品", "キャラ"}


@dataclass
class Candidate:
    group: str
    words: list[str]  # the reader's words (on no page)
    page_words: list[str]  # the words pages have


@dataclass
class Result:
    candidates: list[Candidate] = field(default_factory=list)
    rejected: Counter = field(default_factory=Counter)  # reason -> number of words left out


def _kana_only(w: str) -> bool:
    return bool(HIRAGANA.match(w) or KATAKANA.match(w))


def word_filter(item: dict, reader: bool) -> str | None:
    """Why a word of a group is left out (None: it stays). ``reader``: as the reader's word (else as a target)."""
    w = compact(item["midashi"])
    if item["expandControl"] == 2 or (reader and item["expandControl"] == 1):
        return "control"
    if item.get("taigenYogen") == "用言":
        return "yougen"
    if item["gokeiSyubetsu"] in ("間違い", "対訳") or item["hyoukiYure"] == "間違い表記":
        return "kind"
    if (item["hyoukiYure"] == "アルファベット表記" or "アルファベット" in item["ryakusyou"]
            or any(c.isascii() and c.isalpha() for c in w)):
        return "latin"
    if len(w) < 2 or (_kana_only(w) and len(w) < 3):
        return "short"
    fields = set(item.get("bunya") or [])
    if fields & NAMES:
        return "name"
    if fields & FIELDS_OUT:
        return "field"
    return None


def _on(word: str, text: str) -> bool:
    return word in text or normalize(word) in text


_KATA_CHAR = "[\u30a1-\u30fa\u30fc-\u30fe]"


def alone(word: str, text: str) -> bool:
    """Whether ``text`` has ``word`` not inside a longer katakana word (for a word in katakana; any other word: has it)."""
    if not KATAKANA.match(word):
        return _on(word, text)
    return re.search(f"(?<!{_KATA_CHAR}){re.escape(word)}(?!{_KATA_CHAR})", text) is not None


def candidates(data: list[dict], pages: list[str], max_share: float = MAX_SHARE) -> Result:
    """The candidate pairs of Sudachi's synonym groups ``data`` for the pages' texts ``pages``."""
    texts = [normalize(compact(p)) + "\n" + compact(p) for p in pages]
    limit = max(1, int(len(texts) * max_share))
    memo: dict[str, int] = {}

    def pages_with(w: str) -> int:
        if w not in memo:
            memo[w] = sum(1 for t in texts if _on(w, t))
        return memo[w]

    groups_of: dict[str, set[str]] = defaultdict(set)
    for g in data:
        for item in g["items"]:
            groups_of[compact(item["midashi"])].add(g["id"])
    out = Result()
    for g in data:
        readers: list[tuple[str, int]] = []
        targets: list[tuple[str, int]] = []
        for item in g["items"]:
            w = compact(item["midashi"])
            n = pages_with(w)
            why = word_filter(item, reader=not n)
            if why:
                out.rejected[why] += 1
            elif n and not any(alone(w, t) for t in texts):
                out.rejected["inside"] += 1
            elif n > limit:
                out.rejected["frequent"] += 1
            elif n:
                targets.append((w, item["vocabularyNumber"]))
            elif len(groups_of[w]) > 1:
                out.rejected["polysemous"] += 1
            else:
                readers.append((w, item["vocabularyNumber"]))
        by_targets: dict[tuple[str, ...], list[str]] = {}
        for w, lexeme in readers:
            ts = tuple(dict.fromkeys(t for t, n in targets if n != lexeme))
            if ts:
                by_targets.setdefault(ts, []).append(w)
            else:
                out.rejected["no-target"] += 1
        for ts, ws in by_targets.items():
            out.candidates.append(Candidate(g["id"], sorted(dict.fromkeys(ws)), list(ts)))
    return out


def reviewed(result: Result, review: dict[str, dict]) -> tuple[list[dict], list[Candidate], Counter]:
    """The kept entries, the candidates without a decision, and the rejections of the review by reason."""
    kept, open_, refused = [], [], Counter()
    for c in result.candidates:
        d = review.get(c.group)
        if d is None:
            open_.append(c)
        elif d.get("keep"):
            words = [w for w in c.words if w not in d.get("drop", [])]
            page_words = [w for w in c.page_words if w not in d.get("drop", [])]
            if words and page_words:
                kept.append({"group": c.group, "words": words, "page_words": page_words, "note": d["note"]})
        else:
            refused[d.get("reason", "").split(":")[0]] += 1
    return kept, open_, refused


def page_texts(site: Path) -> list[str]:
    """The texts of a built site's pages, as its search index has them (``search-index/p/*.bin``)."""
    out = []
    for path in sorted((site / "search-index" / "p").glob("*.bin")):
        doc = json.loads(gzip.decompress(path.read_bytes()))
        out.append(doc["t"] + "\n" + doc["x"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT / "site", help="a site built by portal build (default site/)")
    ap.add_argument("--candidates", action="store_true", help="print every candidate, decided or not")
    args = ap.parse_args(argv)
    data = read_source()
    if data is None:
        return 1
    pages = page_texts(args.site)
    if not pages:
        print(f"{args.site}/search-index にページがありません。先に portal build を実行してください。", file=sys.stderr)
        return 1
    result = candidates(data, pages)
    review = json.loads(REVIEW.read_text(encoding="utf-8")) if REVIEW.is_file() else {}
    kept, open_, refused = reviewed(result, review)
    for c in (result.candidates if args.candidates else open_):
        mark = "" if c.group not in review else (" keep" if review[c.group].get("keep") else " reject")
        print(f"{c.group}{mark}\t{' '.join(c.words)}\t→ {' '.join(c.page_words)}")
    text = "[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in kept) + "\n]\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{len(result.candidates)} candidates ({len(open_)} not reviewed); left out by the filters: "
          f"{dict(sorted(result.rejected.items()))}; by the review: {dict(sorted(refused.items()))}")
    print(f"{OUT.relative_to(ROOT)}: {len(kept)} groups, {sum(len(e['words']) for e in kept)} reader words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
