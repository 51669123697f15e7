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

Second source, for the words the corpus uses: SudachiDict's lexicon (sudachidict-core by Works Applications,
Apache-2.0, read with SudachiPy; both only for this tool, never for ``portal build``). Each entry of the lexicon has
a *normalized form* (正規化表記: 障がい → 障害, 建替え → 建て替え, 子ども → 子供); the entries with the same
normalized form and the same part of speech and inflected form are one word in its spellings (交ぜ書き 障がい =
障害, 送り仮名 建替え = 建て替え, 異体字 障碍 = 障害). Taken: content words (名詞 but not 固有名詞, 動詞, 形容詞,
形状詞, 副詞), the same filters as above, no spelling of 2 characters with a kana (上が is found in 向上が), and
no spelling in kana only when the word has one with a kanji (a reading is found inside other words: ないよう for
内容 in 忘れないように, サイク for 細工 in サイクル; katakana words keep their kana spellings: センター = センタ),
and only a spelling that is of no other word of its part of speech
(はし is 橋, 箸 and 端: left out; 行っ is of 行く and 行う: left out); only the groups with a spelling that the
corpus (policies.yaml, corpus/**/*.yaml) has, so the file stays small (run the tool again after new text). Never a
different word: inflected forms (支え合う / 支え合い) are different groups.

    python3 -m venv /tmp/sudachi && /tmp/sudachi/bin/pip install sudachipy==0.7.0 sudachidict-core==20261015
    npm ci && /tmp/sudachi/bin/python tools/update_spellings.py

Output: a JSON list of groups, each a list of compacted spellings (generator.search_text.compact), sorted;
``portal build`` puts in the search index the groups that the site's pages use (generator/search_index.py).
A spelling may be in more than one group (the index joins them). Licences and versions: generator/data/README.md.
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


def read_source() -> list[dict] | None:
    """The Sudachi synonym dictionary's groups (this tool's and tools/update_everyday_synonyms.py's source), or None
    after saying in Japanese that it is missing."""
    if not SOURCE.is_file():
        print(f"{SOURCE} がありません。先に npm ci を実行してください。", file=sys.stderr)
        return None
    try:
        return json.loads(SOURCE.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        print(f"{SOURCE} を JSON として読めません（{e}）。npm ci をやり直してください。", file=sys.stderr)
        return None


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


def _keep(w: str) -> bool:
    return not (len(w) < 2 or ((HIRAGANA.match(w) or KATAKANA.match(w)) and len(w) < 3) or w.isascii())


def _has_kana(w: str) -> bool:
    return any("\u3041" <= c <= "\u30fa" for c in w)


def _kana_only(w: str) -> bool:
    return bool(HIRAGANA.match(w) or KATAKANA.match(w))


CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "副詞"}


def lexicon_groups(entries, corpus_text: str) -> list[list[str]]:
    """Spelling groups from a Sudachi lexicon: ``entries`` gives (surface, normalized form, part of speech
    6-tuple) per entry; only groups with a spelling in ``corpus_text`` (compacted; a hiragana spelling of
    fewer than 4 characters does not count: it is found inside other words)."""
    by_word: dict[tuple, set[str]] = defaultdict(set)
    norms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for surface, norm, pos in entries:
        if pos[0] not in CONTENT or pos[1] == "固有名詞":
            continue
        w = compact(surface)
        by_word[(norm, tuple(pos))].add(w)
        norms[(w, pos[0])].add(norm)
    out = set()
    for (norm, pos), ws in by_word.items():
        ws = sorted(w for w in ws if _keep(w) and len(norms[(w, pos[0])]) == 1 and not (len(w) == 2 and _has_kana(w)))
        if not all(_kana_only(w) for w in ws):  # a reading in kana is found inside other words (ないよう, サイク)
            ws = [w for w in ws if not _kana_only(w)]
        if len(ws) > 1 and any(w in corpus_text for w in ws if not (HIRAGANA.match(w) and len(w) < 4)):
            out.add(tuple(ws))
    return sorted(map(list, out))


def corpus_text(skip: tuple[str, ...] = ()) -> str:
    """The corpus's text (policies.yaml, corpus/**/*.yaml), compacted; ``skip``: file names left out."""
    files = [ROOT / "policies.yaml", *sorted((ROOT / "corpus").rglob("*.yaml"))]
    return "\n".join(compact(f.read_text(encoding="utf-8")) for f in files if f.is_file() and f.name not in skip)


def sudachi_entries():
    from sudachipy import Dictionary  # only for this tool (see the docstring)

    for m in Dictionary(dict="core").entries():
        yield m.surface(), m.normalized_form(), m.part_of_speech()


def main() -> int:
    try:  # the missing tool first: reading the dictionary is then not wasted
        import sudachipy  # noqa: F401
    except ImportError:
        print("SudachiPy がありません。この道具の説明（tools/update_spellings.py の先頭）のとおり入れてから実行してください。",
              file=sys.stderr)
        return 1
    data = read_source()
    if data is None:
        return 1
    result = groups(data)
    result = sorted(set(map(tuple, result)) | set(map(tuple, lexicon_groups(sudachi_entries(), corpus_text()))))
    result = [list(g) for g in result]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = "[\n" + ",\n".join(json.dumps(g, ensure_ascii=False) for g in result) + "\n]\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(result)} groups, {sum(map(len, result))} spellings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
