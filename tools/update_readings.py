"""Write generator/data/readings.json, the readings of the words the corpus uses (読み: 町内会 is read
ちょうないかい), so that a reader who types a word in hiragana (ちょうないかい, こせき, たいしん) finds the
pages that write it in kanji, for every word of the corpus, not only the ones somebody put in the synonym list.

Source: SudachiDict's core lexicon (sudachidict-core by Works Applications, Apache-2.0, the same package as
tools/update_spellings.py), read with SudachiPy; both only for this tool, never for ``portal build``:

    python3 -m venv /tmp/sudachi && /tmp/sudachi/bin/pip install sudachipy==0.7.0 sudachidict-core==20261015
    /tmp/sudachi/bin/python tools/update_readings.py

How: the corpus text (policies.yaml, corpus/**/*.yaml, compacted) is cut into words by Sudachi in its three
modes (A: short units 印鑑 / 登録; B, C: longer ones 印鑑登録証明書, 町内会), and each word that is a common noun
(名詞, not a numeral nor a proper noun: place and people's names stay out of the tool) of 2 characters or more with a kanji is taken with its reading (Sudachi's 読み, in
katakana, written here in hiragana), and so are two words side by side that make a short compound (施政 + 方針 →
しせいほうしん, 区民 + 会議 → くみんかいぎ: a reader types the compound, the dictionary has its words), and three
nouns of two letters or more each (自治 + 基本 + 条例 → じちきほんじょうれい). The reader's words of the synonym list
(corpus/synonyms.yaml ``words``, when Sudachi reads them as nouns) are read too (財源 → ざいげん): ``portal build``
keeps their readings, and their rows find the pages (ざいげん → 財源 → 税源, 財政). A word of one kanji is left out (a kanji alone is found in every word it is
part of; its reading would find them all). A reading with several words (しせい: 市政, 施政) keeps them all: the
reader's hiragana does not say which one is meant, and each page shown has a word read that way.

Output: a JSON object ``{reading: [words]}``, compacted (generator.search_text.compact), sorted; ``portal build``
puts in the search index (meta.json ``spellings``) the readings of the words some page has, one way only: the
reading finds the word, the word never looks for its reading (a short reading is found inside running hiragana
text: かい in ちかい). Run the tool again after new text. Licence and version: generator/data/README.md.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from generator.search_text import _hira, compact  # noqa: E402
from update_spellings import corpus_text  # noqa: E402

OUT = ROOT / "generator" / "data" / "readings.json"
KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
READING = re.compile("^[\u3041-\u3096ー]+$")
CHUNK = re.compile(r"[^\W_]+")


MAX_PAIR = 6  # characters of two words read together (施政方針, 区民会議)
MAX_TRIPLE = 8  # characters of three words read together (自治基本条例, 地域福祉計画)
# A compound ending in 所 is read voiced as well (連濁: 連絡 + 所 → れんらくしょ and れんらくじょ, 相談所 → そうだんじょ,
# 出張所 → しゅっちょうじょ), as people say it; the dictionary reads the suffix alone (ショ). Only 所: voicing every
# one-kanji second word gave wrong readings (自治会 → じちがい, 事業者 → じぎょうじゃ).
VOICED = {"所": ("しょ", "じょ")}


def _noun(pos) -> bool:
    """A common noun: not a numeral, not a proper noun (固有名詞: a city's place and people's names stay out of the
    tool, as in spellings.json; generator/ holds nothing about one city)."""
    return pos[0] == "名詞" and pos[1] not in ("数詞", "固有名詞")


def _part(pos) -> bool:
    """A word that may stand in a compound: a noun, a prefix (接頭辞) or a noun suffix (接尾辞 名詞的: 区, 者)."""
    return _noun(pos) or pos[0] == "接頭辞" or (pos[0] == "接尾辞" and pos[1] == "名詞的")


def readings(morphemes) -> dict[str, list[str]]:
    """``{reading in hiragana: [words]}`` from the corpus cut into words, as lists (one per stretch of text and
    mode) of (surface, reading in katakana, part of speech) triples: nouns of 2 characters or more with a kanji
    (not numerals), and two words side by side that make a compound of at most MAX_PAIR characters (a noun,
    prefix or noun suffix each, not a suffix first nor a prefix last: 施政 + 方針 → しせいほうしん; voiced too when
    the second is 所: VOICED), whose reading is kana only."""
    out: dict[str, set[str]] = defaultdict(set)

    def add(word: str, reading: str) -> None:
        _add(out, word, reading)

    for run in morphemes:
        for surface, reading, pos in run:
            if _noun(pos):
                add(compact(surface), reading)
        for (s1, r1, p1), (s2, r2, p2), (s3, r3, p3) in zip(run, run[1:], run[2:]):
            # three nouns of two letters or more each (not 24時 + 年中 + 無休, 老朽化 + 等: pieces of longer words)
            triple = compact(s1 + s2 + s3)  # 自治 + 基本 + 条例 → じちきほんじょうれい
            if all(_noun(p) and len(compact(w)) >= 2 for w, p in ((s1, p1), (s2, p2), (s3, p3))) and len(triple) <= MAX_TRIPLE:
                add(triple, r1 + r2 + r3)
        for (s1, r1, p1), (s2, r2, p2) in zip(run, run[1:]):
            pair = compact(s1 + s2)
            if (_part(p1) and _part(p2) and p1[0] != "接尾辞" and p2[0] != "接頭辞" and len(pair) <= MAX_PAIR):
                add(pair, r1 + r2)
                plain, voiced = VOICED.get(compact(s2), ("", ""))
                if plain and _hira(compact(r2)) == plain:
                    add(pair, r1 + voiced)
    return {r: sorted(ws) for r, ws in sorted(out.items())}


def _add(out: dict[str, set[str]], word: str, reading: str) -> None:
    """A word of 2 characters or more with a kanji, under its reading in hiragana when that is kana only (2 or more)."""
    r = _hira(compact(reading))
    if len(word) >= 2 and KANJI.search(word) and READING.match(r) and len(r) >= 2:
        out[r].add(word)


def reader_readings(words, tokenize) -> dict[str, list[str]]:
    """``{reading: [words]}`` for the reader's words of the synonym list (corpus/synonyms.yaml ``words``) that have a
    kanji: a reader who types 財源 in hiragana (ざいげん) finds what 財源 finds (its page words). A word is read as
    the words Sudachi cuts it into (mode C), when each is a noun, prefix or noun suffix (a compound, not a phrase:
    お金が足りない is left out). ``tokenize(word)``: (surface, reading, part of speech) triples."""
    out: dict[str, set[str]] = defaultdict(set)
    for word in words:
        w = compact(word)
        if len(w) < 2 or not KANJI.search(w):
            continue
        parts = tokenize(w)
        if parts and all(_part(p) for _, _, p in parts):
            _add(out, w, "".join(r for _, r, _ in parts))
    return {r: sorted(ws) for r, ws in out.items()}


def synonym_words() -> list[str]:
    """The reader's words of the corpus's synonym list (corpus/synonyms.yaml, ``words`` of each entry)."""
    import yaml

    path = ROOT / "corpus" / "synonyms.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return [str(w) for e in (data or []) if isinstance(e, dict) for w in (e.get("words") or [])]


def corpus_morphemes(text: str):
    """The corpus cut into words by Sudachi: one list of (surface, reading, part of speech) per stretch of letters
    with a kanji and per mode (A, B, C)."""
    from sudachipy import Dictionary, SplitMode  # only for this tool (see the docstring)

    tokenizer = Dictionary(dict="core").tokenizer()
    for chunk in CHUNK.findall(text):
        if not KANJI.search(chunk):
            continue
        for mode in (SplitMode.A, SplitMode.B, SplitMode.C):
            yield [(m.surface(), m.reading_form(), m.part_of_speech()) for m in tokenizer.tokenize(chunk[:4000], mode)]


def main() -> int:
    try:
        import sudachipy  # noqa: F401
    except ImportError:
        print("SudachiPy がありません。この道具の説明（tools/update_readings.py の先頭）のとおり入れてから実行してください。",
              file=sys.stderr)
        return 1
    table = readings(corpus_morphemes(corpus_text(skip=("synonyms.yaml",))))  # the synonym list's words are the readers', not the pages'
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary(dict="core").tokenizer()
    own = reader_readings(synonym_words(), lambda w: [(m.surface(), m.reading_form(), m.part_of_speech())
                                                      for m in tokenizer.tokenize(w, SplitMode.C)])
    for r, ws in own.items():  # the reader's words read too (ざいげん → 財源, whose synonym row finds the pages)
        table[r] = sorted(set(table.get(r, [])) | set(ws))
    table = dict(sorted(table.items()))
    text = "{\n" + ",\n".join(f"{json.dumps(r, ensure_ascii=False)}: {json.dumps(ws, ensure_ascii=False)}"
                              for r, ws in table.items()) + "\n}\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(table)} readings, {sum(map(len, table.values()))} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
