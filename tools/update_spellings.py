"""Write generator/data/spellings.json, the notation dictionary of the search (表記ゆれ: 子供 = 子ども,
申し込み = 申込み = 申込, バイオリン = ヴァイオリン), from Sudachi's synonym dictionary (SudachiDict
synonyms.txt by Works Applications, Apache-2.0, as the npm package ``sudachi-synonyms-dictionary``, a
devDependency in package.json):

    npm ci && .venv/bin/python tools/update_spellings.py

Why this dictionary: it is kept up to date by the makers of SudachiDict (a release a year or more), it marks
each word's relation to the others of its group (同一語彙の異表記・表記ゆれ, 略語, 対訳, 別称 …), so only the
other spellings of one and the same word can be taken, not its synonyms (a search for 子供 may find 子ども,
never 児童). What is taken: in each group, the words with the same lexeme number that are the word's own form (語形種別
代表語, 略語情報 代表語形: not a translation, another name, an old name, nor an abbreviation), so one word in its
spellings (代表表記, 異表記・表記ゆれ and 間違い表記), without alphabetic spellings (アルファベット表記: an
English word) and words never to be expanded (展開制御 2).
Left out: a spelling of one character (a kanji alone is found in every word it is part of), a spelling in
kana only of 1 or 2 characters (found inside running text: かさ in ふかさ, イロ in イロイロ), and a spelling
in Latin letters, digits and signs only (a short one is found inside other Latin words: ms, th).

Output: a JSON list of groups, each a list of compacted spellings (generator.search_text.compact), sorted;
``portal build`` puts in the search index the groups that the site's pages use (generator/search_index.py).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.search_text import HIRAGANA, KATAKANA, compact  # noqa: E402

SOURCE = ROOT / "node_modules" / "sudachi-synonyms-dictionary" / "sudachi-synonyms-dictionary.json"
OUT = ROOT / "generator" / "data" / "spellings.json"


def groups(data: list[dict]) -> list[list[str]]:
    out = set()
    for group in data:
        words = defaultdict(list)
        for item in group["items"]:
            if (item["expandControl"] == 2 or item["hyoukiYure"] == "アルファベット表記"
                    or item["gokeiSyubetsu"] != "代表語" or item["ryakusyou"] != "代表語形"):
                continue
            w = compact(item["midashi"])
            if len(w) < 2 or ((HIRAGANA.match(w) or KATAKANA.match(w)) and len(w) < 3) or w.isascii():
                continue
            words[item["vocabularyNumber"]].append(w)
        for ws in words.values():
            ws = sorted(set(ws))
            if len(ws) > 1:
                out.add(tuple(ws))
    return sorted(map(list, out))


def main() -> int:
    if not SOURCE.is_file():
        print(f"{SOURCE} がありません。先に npm ci を実行してください。", file=sys.stderr)
        return 1
    result = groups(json.loads(SOURCE.read_text(encoding="utf-8")))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = "[\n" + ",\n".join(json.dumps(g, ensure_ascii=False) for g in result) + "\n]\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(result)} groups, {sum(map(len, result))} spellings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
