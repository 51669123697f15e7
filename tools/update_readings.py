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
しせいほうしん, 区民 + 会議 → くみんかいぎ: a reader types the compound, the dictionary has its words). A word of one kanji is left out (a kanji alone is found in every word it is
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
        r = _hira(compact(reading))
        if len(word) >= 2 and KANJI.search(word) and READING.match(r) and len(r) >= 2:
            out[r].add(word)

    for run in morphemes:
        for surface, reading, pos in run:
            if _noun(pos):
                add(compact(surface), reading)
        for (s1, r1, p1), (s2, r2, p2) in zip(run, run[1:]):
            pair = compact(s1 + s2)
            if (_part(p1) and _part(p2) and p1[0] != "接尾辞" and p2[0] != "接頭辞" and len(pair) <= MAX_PAIR):
                add(pair, r1 + r2)
                plain, voiced = VOICED.get(compact(s2), ("", ""))
                if plain and _hira(compact(r2)) == plain:
                    add(pair, r1 + voiced)
    return {r: sorted(ws) for r, ws in sorted(out.items())}


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
    text = "{\n" + ",\n".join(f"{json.dumps(r, ensure_ascii=False)}: {json.dumps(ws, ensure_ascii=False)}"
                              for r, ws in table.items()) + "\n}\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(table)} readings, {sum(map(len, table.values()))} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
