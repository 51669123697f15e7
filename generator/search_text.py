"""How the search compares text, shared by the index (``generator.search_index``), the benchmark and
the tests. ``theme/assets/search-engine.js`` does the same in the reader's browser; keep the two in
step (``tests/site/test_search.py`` runs both on the same queries and compares).

* **compact**: text as compared — NFKC (full-width letters and half-width kana become ordinary ones),
  lower case, without white space and ・ (グリーン・リカバリー = グリーンリカバリー, 区役所 サービス =
  区役所サービス).
* **keys**: what the index stores for a text. A *run* is a stretch of letters and digits of the compacted
  text (kanji, kana, ー, 々, Latin letters, digits; punctuation and the end of a paragraph end it). Each
  run gives every 1-, 2- and 3-character piece of it (unigrams, bigrams, trigrams).
* **query_keys**: the keys a word needs: a 1- or 2-character run its one key; a longer run the trigrams at
  every other character and the last (overlapping, so the pieces are found one after another). A page that
  contains the word has all of them; the reader's browser then checks the page's text for the word itself.
* **analyse**: the reader's query as words, each with the forms that count for it (:class:`Word`):
  the word itself, its spelling variants (hiragana ⇄ katakana, a katakana word without its last ー,
  ヶ/ケ/が), and the synonym list's words (``search_synonyms`` in the corpus). A word that no page has
  as it is may be a phrase: :func:`split_phrase` cuts it at particles (スマホで手続き → スマホ, 手続き).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_DROP = re.compile(r"[\s\u30fb\ufeff]")


def compact(text: str) -> str:
    """Text as the search compares it (keep in step with ``compact`` in search-engine.js)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


# A run: letters and digits (Unicode categories L and N: kanji, kana, ー, 々, Latin letters, digits …).
# Keep in step with RUN in search-engine.js ([\p{L}\p{N}]+).
RUN = re.compile(r"[^\W_]+")


def runs(compacted: str) -> list[str]:
    """The runs of letters and digits of a compacted text."""
    return RUN.findall(compacted)


def run_keys(run: str) -> list[str]:
    """Every unigram, bigram and trigram of one run (with repeats)."""
    n = len(run)
    return [*run, *(run[i:i + 2] for i in range(n - 1)), *(run[i:i + 3] for i in range(n - 2))]


def query_keys(word: str) -> list[str]:
    """The keys that a page containing ``word`` (compacted) must have; [] when it has no letter."""
    out: list[str] = []
    for run in runs(word):
        n = len(run)
        if n <= 3:
            out.append(run)
            continue
        starts = list(range(0, n - 2, 2))
        if starts[-1] != n - 3:
            starts.append(n - 3)
        out.extend(run[i:i + 3] for i in starts)
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- the reader's words

HIRAGANA = re.compile(r"^[\u3041-\u3096\u309d\u309e\u30fc]+$")
KATAKANA = re.compile(r"^[\u30a1-\u30fa\u30fc-\u30fe]+$")


def _kata(word: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" or c in "\u309d\u309e" else c for c in word)


def _hira(word: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" or c in "\u30fd\u30fe" else c for c in word)


_KE = re.compile(r"(?<=[\u4e00-\u9fff])[ヶケがヵかカ](?=[\u4e00-\u9fff])")


def variants(word: str) -> list[str]:
    """Other spellings of a compacted word that count as the word itself (keep in step with search-engine.js):
    the same word in katakana (ごみ → ゴミ; 2 to 6 characters) or in hiragana (ハンコ → はんこ; 3 or 4
    characters without ー: a shorter one would be found inside running hiragana text, a loanword has no
    hiragana spelling), a katakana word of 4 or more
    characters without its last ー (コンピューター → コンピュータ, which also finds コンピューター), and
    ヶ/ケ/が/ヵ/か/カ between kanji (霞ヶ関 → 霞が関)."""
    out: list[str] = []
    if HIRAGANA.match(word) and 2 <= len(word) <= 6:
        out.append(_kata(word))
    if KATAKANA.match(word):
        if 3 <= len(word) <= 4 and "ー" not in word:
            out.append(_hira(word))
        if len(word) >= 4 and word.endswith("ー"):
            out.append(word[:-1])
    if _KE.search(word):
        for ke in "ヶケがヵかカ":
            out.append(_KE.sub(ke, word))
    return [v for v in dict.fromkeys(out) if v != word]


# Where a phrase is cut into words (keep in step with search-engine.js). A particle (longest first) cuts
# when a letter that is not hiragana stands before it or after it (区役所で / スマホの手続き / ときの手続き);
# を always; the weak ones (が は へ と や も, often inside words: 障がい者) only before a letter that is
# not hiragana, or at the end.
PARTICLES = ("について", "に関する", "に関して", "における", "のための", "ための", "による", "として", "から", "まで",
             "より", "への", "での", "との", "には", "では", "とは", "の", "で", "を", "に", "が", "は", "へ", "と", "や", "も")
WEAK = ("が", "は", "へ", "と", "や", "も")
# Endings left out of a piece (亡くなったとき → 亡くなった, 申請したい → 申請).
ENDINGS = ("したいです", "したい", "したら", "します", "する", "して", "できる", "ですか", "ますか", "とき", "こと", "ため",
           "方法", "やり方", "仕方")


def _is_hira(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _cuts(word: str, i: int, p: str) -> bool:
    end = i + len(p)
    after_plain = end >= len(word) or not _is_hira(word[end])
    if p == "を":
        return True
    if p in WEAK:
        return after_plain
    return after_plain or not _is_hira(word[i - 1])


def split_phrase(word: str) -> list[str]:
    """A compacted word cut at its particles into the words that must all be on a page; [word] when it has none.
    スマホで手続き → [スマホ, 手続き]; 亡くなったときの手続き → [亡くなった, 手続き]; まちのひろば and 障がい者
    stay whole."""
    pieces: list[str] = []
    start = i = 0
    n = len(word)
    while i < n:
        hit = None
        if i > start and _is_hira(word[i]):
            for p in PARTICLES:
                if word.startswith(p, i):
                    if _cuts(word, i, p):
                        hit = p
                    break
        if hit:
            pieces.append(word[start:i])
            i += len(hit)
            start = i
        else:
            i += 1
    pieces.append(word[start:])
    out = []
    for piece in pieces:
        for ending in ENDINGS:
            if piece.endswith(ending) and len(piece) > len(ending) + 1:
                piece = piece[: -len(ending)]
                break
        if len(piece) >= 2 or (piece and not _is_hira(piece)):
            out.append(piece)
    return out or [word]


@dataclass
class Form:
    text: str  # compacted
    how: str  # "word" (as typed), "variant" (another spelling), "synonym" (from the synonym list)


@dataclass
class Word:
    """One word of the query: what the reader typed and every form that counts for it."""

    typed: str
    forms: list[Form] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [f.text for f in self.forms]


def synonym_table(entries) -> dict[str, list[str]]:
    """The synonym list as ``{compacted reader word: [compacted words that count for it]}``: an entry with
    page_words maps each of its words to them; one without maps each word to the others. Entries for the
    same word add up. ``entries``: model.Synonym objects or dicts with ``words`` / ``page_words``."""
    table: dict[str, list[str]] = {}
    for e in entries:
        words = [compact(w) for w in (e["words"] if isinstance(e, dict) else e.words)]
        pages = [compact(w) for w in ((e.get("page_words") if isinstance(e, dict) else e.page_words) or [])]
        for w in words:
            if not w:
                continue
            targets = pages or [x for x in words if x != w]
            table.setdefault(w, [])
            table[w] = list(dict.fromkeys(table[w] + [t for t in targets if t and t != w]))
    return table


def word_forms(typed: str, table: dict[str, list[str]]) -> Word:
    """Every form of one compacted word: itself, its variants, its synonyms (of it and of its variants), and,
    when the list does not have the word itself, the word with a reader word inside it replaced (はんこ登録 → 印鑑登録)."""
    w = Word(typed)
    seen: set[str] = set()

    def add(text: str, how: str) -> None:
        if text and text not in seen:
            seen.add(text)
            w.forms.append(Form(text, how))

    add(typed, "word")
    for v in variants(typed):
        add(v, "variant")
    listed = False
    for base in [typed, *variants(typed)]:
        for s in table.get(base, []):
            add(s, "synonym")
        listed = listed or base in table
    if not listed:  # a compound with a reader word inside (はんこ登録 → 印鑑登録); not 引越し, which is listed itself
        for reader in sorted(table, key=lambda r: (-len(r), r)):
            if len(reader) >= 2 and reader != typed and reader in typed:
                for s in table[reader]:
                    add(typed.replace(reader, s), "synonym")
    return w


def query_words(query: str) -> list[str]:
    """The reader's query as compacted words (split at white space; punctuation around a word is dropped)."""
    out = []
    for piece in unicodedata.normalize("NFKC", query).split():
        piece = re.sub(r"^[^\w]+|[^\w]+$", "", piece)
        c = compact(piece)
        if c:
            out.append(c)
    return out


@dataclass
class Token:
    """A word as typed (between spaces): its forms, and the words it splits into at particles (if any)."""

    word: Word
    parts: list[Word]


def analyse(query: str, table: dict[str, list[str]]) -> list[Token]:
    out = []
    for typed in query_words(query):
        parts = split_phrase(typed)
        out.append(Token(word_forms(typed, table), [word_forms(p, table) for p in parts] if parts != [typed] else []))
    return out


def explains(tokens: list[Token], text: str) -> bool:
    """Whether a page's compacted ``text`` has every word of the query in one of the forms the search allows
    (the word, a variant, a synonym; or, for a phrase, every word it splits into). This is what the
    browser checks before it shows a page; the benchmark uses it to tell a declared match from an over-match."""
    def has(word: Word) -> bool:
        return any(f in text for f in word.texts())

    return all(has(t.word) or (t.parts and all(has(p) for p in t.parts)) for t in tokens)
