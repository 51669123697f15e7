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
  ヶ/ケ/が, 作り ⇄ づくり; and from the index's ``spellings``: the other spellings of the word and, for a word typed
  in hiragana, the words read that way: ちょうないかい → 町内会), and the synonym list's words
  (``search_synonyms`` in the corpus). A word that no page has
  as it is may be a phrase: :func:`split_phrase` cuts it at particles (スマホで手続き → スマホ, 手続き), and a verb typed
  as a wish, polite, て or past form is its stem (伝えたい → 伝え; 働きます → 働き, also as 働く: :func:`plain_form`;
  減った → 減っ, also as 減る).
* **segment**: a compound that no page has in any form may be made of words that pages have: it is cut at
  them, the index being the dictionary (地方分権一括法 → 地方分権, 一括法); the browser does it with its index,
  the benchmark with the pages' texts (:func:`finder`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

_DROP = re.compile(r"[\s\u30fb\ufeff]")


def compact(text: str) -> str:
    """Text as the search compares it (keep in step with ``compact`` in search-engine.js)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


# A run: letters and digits (Unicode categories L and N: kanji, kana, ー, 々, Latin letters, digits …).
# Keep in step with RUN in search-engine.js ([\p{L}\p{N}]+).
RUN = re.compile(r"[^\W_]+")


# --------------------------------------------------------------------------- notation (表記ゆれ)

# Official texts and residents write the same word differently. :func:`normalize` rewrites a compacted text
# into one notation; the index holds the keys of each line as written AND as normalized, the reader's word
# counts in both notations, and the browser checks a page's text in both (so a piece copied from a page still
# finds it: a rewrite that depends on its neighbours never hides the text as written). Keep in step with
# ``normalizeWithMap`` in search-engine.js. The rules (every one in tests/unit/test_search_index.py):
#
# * 送り仮名 (okurigana) of a kanji+kana+kanji+kana word form are dropped: 取り組み = 取組み = 取組,
#   申し込み = 申込, 引っ越し = 引越, 問い合わせ = 問合せ = 問合, 受け付け = 受付. The first kana is one that ends
#   a verb's stem (い/え-row, っ, て; not the particles に で へ), the last an い/え-row kana (わせ too) followed by
#   the end, a particle, or a letter that is not hiragana (取り組み状況 = 取組状況; 申し込みます stays).
#   After two kanji, the last kana alone is dropped before the end, a particle or a sign (取組み = 取組,
#   手続き = 手続), not before a kanji (住民及び庁舎 stays).
# * ヴ: ヴァ ヴィ ヴ ヴェ ヴォ = バ ビ ブ ベ ボ (ヴァイオリン = バイオリン).
# * ウィ ウェ ウォ = ウイ ウエ ウオ (ソフトウェア = ソフトウエア, ウィルス = ウイルス).
# * A dash after katakana is the long vowel mark (センタ― with U+2015, or a hyphen = センター).
# * Kanji variants of names (異体字): 﨑 嵜 = 崎, 髙 = 高 (山﨑 = 山崎).
# Small kana are not made large: きょう (今日) and きよう (器用) are different words.

_O1 = frozenset("いきぎしじちひびみりえけげせぜてねべめれっ")
_O2 = frozenset("いきぎしじちひびみりえけげせぜねべめれ")
_PARTICLE = frozenset("のがをにはとでもやへ")
_VU = {"ァ": "バ", "ィ": "ビ", "ェ": "ベ", "ォ": "ボ"}
_WI = {"ィ": "イ", "ェ": "エ", "ォ": "オ"}
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_KANJI_VARIANTS = {"﨑": "崎", "嵜": "崎", "髙": "高"}


def _kanji(ch: str) -> bool:
    return "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch == "々"


def _katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "ー"


def _tail(cs: str, j: int, kanji_after: bool) -> int:
    """The length of a last okurigana at ``cs[j]`` (0: none): an い/え-row kana, or わ and one, followed by
    the end, a particle, or a letter that is not hiragana (not a kanji unless ``kanji_after``)."""
    n = len(cs)
    if j < n and cs[j] == "わ" and j + 1 < n and cs[j + 1] in _O2:
        length = 2
    elif j < n and cs[j] in _O2:
        length = 1
    else:
        return 0
    after = j + length
    if after == n or cs[after] in _PARTICLE:
        return length
    if _is_hira(cs[after]) or (_kanji(cs[after]) and not kanji_after):
        return 0
    return length


def normalize_map(cs: str) -> list[tuple[str, int]]:
    """A compacted text in one notation, as (character, index in ``cs`` it comes from) pairs."""
    n = len(cs)
    drop: set[int] = set()
    for i in range(1, n - 2):
        if cs[i] in _O1 and _kanji(cs[i - 1]) and _kanji(cs[i + 1]) and i not in drop:
            length = _tail(cs, i + 2, True)
            if length:
                drop.add(i)
                drop.update(range(i + 2, i + 2 + length))
    for i in range(2, n):
        if i not in drop and i - 1 not in drop and _kanji(cs[i - 2]) and _kanji(cs[i - 1]):
            length = _tail(cs, i, False)
            if length:
                drop.update(range(i, i + length))
    out: list[tuple[str, int]] = []
    i = 0
    while i < n:
        ch = cs[i]
        if i in drop:
            i += 1
            continue
        nxt = cs[i + 1] if i + 1 < n else ""
        if ch == "ヴ" and nxt in _VU:
            out.append((_VU[nxt], i))
            i += 2
            continue
        if ch == "ヴ":
            ch = "ブ"
        elif ch in _WI and i > 0 and cs[i - 1] == "ウ":
            ch = _WI[ch]
        elif ch in _DASHES and out and _katakana(out[-1][0]):
            ch = "ー"
        out.append((_KANJI_VARIANTS.get(ch, ch), i))
        i += 1
    return out


# Where a rule may apply (a kanji before a kana a rule drops, ヴ, ウィ/ウェ/ウォ, a dash after katakana, a kanji
# variant): a text without any is already in one notation (most lines of a page; saves time at 10,000 事業).
_MAY = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々][いきぎしじちひびみりえけげせぜてねべめれっわ]"
                  "|[ヴ﨑嵜髙]|ウ[ィェォ]|[\u30a1-\u30fa\u30fc][-\u2010-\u2015\u2212]")


def normalize(compacted: str) -> str:
    """A compacted text in one notation (:func:`normalize_map`)."""
    if not _MAY.search(compacted):
        return compacted
    return "".join(ch for ch, _ in normalize_map(compacted))


def _is_hira(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


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
# 作り after another letter is read づくり (連濁) and written both ways: 健康作り = 健康づくり, まちづくり = まち作り.
_ZUKURI = re.compile(r"(?<=.)(?:作り|づくり)")


def variants(word: str) -> list[str]:
    """Other spellings of a compacted word that count as the word itself (keep in step with search-engine.js):
    the same word in katakana (ごみ → ゴミ, ぱぶりっくこめんと → パブリックコメント; 2 characters or more) or in hiragana (ハンコ → はんこ; 3 or 4
    characters without ー: a shorter one would be found inside running hiragana text, a loanword has no
    hiragana spelling), a katakana word of 4 or more
    characters without its last ー (コンピューター → コンピュータ, which also finds コンピューター), and
    ヶ/ケ/が/ヵ/か/カ between kanji (霞ヶ関 → 霞が関), 作り ⇄ づくり after another letter (健康作り → 健康づくり:
    the same word, 連濁 written in kana or in kanji), and a word of four kanji with の in the middle (機能強化 →
    機能の強化: the page that says 区役所機能の強化 was not found)."""
    out: list[str] = []
    if HIRAGANA.match(word) and len(word) >= 2:
        out.append(_kata(word))
    if KATAKANA.match(word):
        if 3 <= len(word) <= 4 and "ー" not in word:
            out.append(_hira(word))
        if len(word) >= 4 and word.endswith("ー"):
            out.append(word[:-1])
    if _KE.search(word):
        for ke in "ヶケがヵかカ":
            out.append(_KE.sub(ke, word))
    if _ZUKURI.search(word):
        out.append(_ZUKURI.sub(lambda m: "づくり" if m.group(0) == "作り" else "作り", word))
    if no := with_no(word):
        out.append(no)
    return [v for v in dict.fromkeys(out) if v != word]


def with_no(word: str) -> str | None:
    """A word of four kanji as two words of two with の between (機能強化 → 機能の強化: :func:`variants`), or None.
    It counts for the word, never for a piece of a compound being cut (:func:`_cut`): the index finds its keys (窓口の,
    の機能) on pages that have them apart, and 窓口機能再編方針 was cut to 窓口機能, a piece no page has."""
    return word[:2] + "の" + word[2:] if len(word) == 4 and all(_kanji(c) for c in word) else None


# Where a phrase is cut into words (keep in step with search-engine.js). A particle (longest first) cuts
# when a letter that is not hiragana stands before it or after it (区役所で / スマホの手続き / ときの手続き);
# を always; the weak ones (が は へ と や も, often inside words: 障がい者) only before a letter that is
# not hiragana, or at the end, or after two kanji or more when two letters or more follow (障害があっても,
# 町内会やお祭り; 障がい者 and 値上がり stay whole).
PARTICLES = ("について", "に関する", "に関して", "における", "のための", "ための", "による", "として", "から", "まで",
             "より", "への", "での", "との", "には", "では", "とは", "のに", "のは", "って", "の", "で", "を", "に", "が", "は", "へ",
             "と", "や", "も")
WEAK = ("が", "は", "へ", "と", "や", "も")
# Endings left out of a piece (亡くなったとき → 亡くなった, 申請したい → 申請); the ones of する (SURU) only after a
# letter that is not hiragana (申請したい, チェックする): after hiragana they are a verb's own (増やしたい → 増やし).
SURU = ("したいです", "したい", "したら", "しました", "します", "した", "する", "して", "すればいい", "すれば",
        "してくれる", "してくれない", "してもらえる", "してもらえない", "してもらいたい")
# (…かわからない: どこに電話すればいいかわからない → 電話, どこ being a function word; held-out 13 showed nothing)
ENDINGS = (*SURU, "できる", "ですか", "ますか", "とき", "こと", "ところ", "がほしい", "ほしい", "ため", "ばかり", "方法", "やり方", "仕方",
           "かわからない", "がわからない", "かわかりません", "がわかりません", "ある", "あります", "見たい", "知りたい", "調べたい", "よう")
# A verb as a reader types a wish or a polite form (伝えたい, 申し込みたい, 働きます): no page says it so; the piece is
# its stem (連用形: 伝え, 申し込み, 働き), which pages have in every form that keeps it (伝える, 伝えて, 申し込み方法).
# Only after a stem of 2 letters or more with a kanji, ending in a kanji or an い/え-row kana (冷たい, ありがたい stay).
INFLECTIONS = ("たいのですが", "たいんですが", "たいです", "たかった", "たくない", "ましたか", "ました", "ませんか", "ません",
               "ましょう", "ます", "たい", "にくい", "づらい", "やすい")
# Adverbs a reader adds to a wish (地域でずっと暮らしたい, もっと公園を増やしたい, なんでも相談): no page needs them; they are
# left out of a phrase wherever they stand, as a particle is (was: ずっと → ずっ, the と taken for a particle).
FILLERS = ("いつまでも", "できるだけ", "どうしても", "なんでも", "何でも", "なるべく", "なんとか", "ちょっと", "ずっと",
           "もっと", "きっと", "やっと", "すごく", "とても", "いつも", "しっかり", "きちんと")
# Pieces of hiragana that only say that something is, is not, or is wanted (後継者がいない, 公園のある街, 相談できる
# ところがほしい): no page needs them either; left out of a phrase, and before a noun (ある街 → 街).
FUNCTION_WORDS = frozenset({"ない", "いない", "ある", "あります", "いる", "います", "なる", "する", "しない", "ほしい",
                            "いい", "よい", "です", "やりたい", "いけない", "くれない", "もらえない",
                            "わからない", "分からない", "わかりません", "どこ", "どう", "いつ", "だれ", "なに", "とき", "こと",
                            "したい", "したいです", "します", "しました", "どんな", "なぜ", "どうして", "うち", "なったら",
                            "知りたい", "見たい", "調べたい", "教えて", "教えてほしい", "いなくて", "なくて",
                            "よくしたい", "よくして", "よくする"})
# (and the question words and わからない, typed apart or in a phrase: どこに電話すればいいかわからない → 電話; とき before
# a noun: 災害のとき近所で → 災害, 近所)
# (not できない: 町内会の行事ができない finds the paragraph on what 町内会 could not do; held-out 10's answer)
# (どんな, なぜ, どうして and うち (うちの町会: "our"), asked in a phrase: 住民投票ってどんなときにするの → 住民投票;
# なったら before a noun: 特別市になったら何が変わる → 特別市, 変わる, where the status named 「なったら何」)
# (知りたい, 見たい, 調べたい, 教えて: the reader's wish to know, not the subject: 区で話し合ったことを知りたい →
# 区, 話し合っ; 知り was a word the pages shown had to have, set 18)
# Question words of one kanji, left out when a piece is only that (何 of …何が変わる); not in FUNCTION_WORDS, which
# are also left out before a noun: 何時まで → 何時 stays (held-out 12).
QUESTION_KANJI = frozenset({"何", "誰"})
_STEM_END = frozenset("いきぎしじちにひびみりえけげせぜてでねべめれ")
# A verb's て form with what follows it (減ってる, 困っている, 引っ越してきた, 住んでいます) or its past form (減った,
# 住んだ, 増えた): the stem before て/で/た/だ, which pages have in the forms that keep it (減って, 減った; 引っ越し); a
# stem ending in っ or ん is also looked for in its plain form (減っ → 減る, 住ん → 住む), one ending in an い-row kana
# as above (引っ越し → 引っ越す). A synonym row for the piece as typed still counts (亡くなった: :func:`word_forms`).
TE_FORMS = ("ていました", "ています", "ている", "ていた", "てきました", "てきた", "てくる", "てしまった", "てほしい",
            "てください", "てくれる", "てくれない", "てもらえる", "てもらえない", "てもらいたい", "てます", "てる", "てた",
            "てない", "た", "て")
_TE_PLAIN = {"っ": "る", "ん": "む"}


# A verb's stem (連用形) that ends in an い-row kana after a kanji (働き, 住み, 申し込み) is also looked for in the verb's
# plain form (働く, 住む, 申し込む), the form pages use (五段 verbs; an 一段 verb's stem, 伝え, is in all its forms
# already). Only for a stem cut from a wish or polite form: a noun typed as it is (健康作り, 手続き) is not a verb.
_GODAN = {"い": "う", "き": "く", "ぎ": "ぐ", "し": "す", "ち": "つ", "に": "ぬ", "び": "ぶ", "み": "む", "り": "る"}


def plain_form(stem: str) -> str | None:
    """A verb stem's plain form (働き → 働く, 減っ → 減る), or None (伝え: an 一段 verb's stem is in its plain form)."""
    if len(stem) >= 2 and (_kanji(stem[-2]) or _is_hira(stem[-2]) and any(_kanji(c) for c in stem)):
        if stem[-1] in _GODAN:
            return stem[:-1] + _GODAN[stem[-1]]  # 増やし → 増やす too
        if stem[-1] in _TE_PLAIN:
            return stem[:-1] + _TE_PLAIN[stem[-1]]
    return None


# A stem ending in っ or ん may be of other verbs too (話し合っ: 話し合う, not 話し合る; 学ん: 学ぶ), whose noun form
# pages often have (話し合い, 学び): looked for as well (set 18: 区で話し合ったことを知りたい). Only that form: each
# form is more keys to fetch (with う, い, つ, ち: 市民活動センターはどこに移ったの 152 KB at 10,000 事業).
_TE_OTHER = {"っ": ("い",), "ん": ("び",)}


def other_forms(stem: str) -> list[str]:
    """The noun form of another verb a stem ending in っ or ん may be of (話し合っ → 話し合い, 学ん → 学び), or []."""
    if plain_form(stem) is None or stem[-1] not in _TE_OTHER:
        return []
    return [stem[:-1] + k for k in _TE_OTHER[stem[-1]]]


# A verb's potential form (助け合える, 集まれる, 話せる: the え-row kana and る) before a noun or at the end of a phrase:
# no page says it so; its plain form (助け合う) and stem (助け合い), which pages have, are looked for too (held-out 14:
# 災害のとき近所で助け合える仕組みがほしい). An 一段 verb looks the same (育てる → 育つ, 育ち): forms no page has are harmless.
_POTENTIAL = {"え": ("う", "い"), "け": ("く", "き"), "げ": ("ぐ", "ぎ"), "せ": ("す", "し"), "て": ("つ", "ち"),
              "ね": ("ぬ", "に"), "べ": ("ぶ", "び"), "め": ("む", "み"), "れ": ("る", "り")}


def potential(piece: str) -> bool:
    """Whether a piece looks like a verb's potential form (a kanji, then kana ending in an え-row kana and る)."""
    if len(piece) < 3 or piece[-1] != "る" or piece[-2] not in _POTENTIAL or not any(_kanji(c) for c in piece[:-2]):
        return False
    last_kanji = max(i for i, c in enumerate(piece) if _kanji(c))
    return all(_is_hira(c) for c in piece[last_kanji + 1:])


def potential_forms(piece: str) -> list[str]:
    """A potential form's plain form and stem (助け合える → 助け合う, 助け合い), or [] (see :func:`potential`)."""
    if not potential(piece):
        return []
    base = piece[:-3]
    if piece.endswith("られる") and (_kanji(base[-1]) or len(base) >= 2 and base[-1] in _STEM_END):
        # an 一段 verb's potential or passive (集められる → 集める, 集め, set 19: was 集めらる; 借りられる → 借りる)
        return [base + "る", base] if not _kanji(base[-1]) else [base + "る"]
    plain, stem = _POTENTIAL[piece[-2]]
    return [piece[:-2] + plain, piece[:-2] + stem]


# A causative stem (学ばせたい, 通わせて: the reader wants a child or someone made to do it) → the verb's stem and plain
# form (学び, 学ぶ; 通い, 通う), a する noun's causative → the noun (参加させ → 参加), an 一段 verb's → its stem (食べさせ →
# 食べ): see :func:`causative_forms`
_CAUSATIVE = {"わ": "い", "か": "き", "が": "ぎ", "た": "ち", "な": "に", "ば": "び", "ま": "み", "ら": "り"}


def causative_forms(stem: str) -> list[str]:
    """The forms pages use of a verb's causative stem (子どもにまちづくりを学ばせたい, set 12: 学ばせ was on no page, and
    nothing was found), or []. Extra forms, never instead of the stem: 問い合わせ and 知らせ are verbs of their own."""
    if len(stem) < 3 or stem[-1] != "せ":
        return []
    base = stem[:-2]
    if stem[-2] == "さ":
        if len(base) >= 2 and _kanji(base[-1]) and _kanji(base[-2]):
            return [base]  # 参加させ → 参加
        if _kanji(base[-1]):
            return [base + "し", base + "す"]  # 話させ → 話し, 話す
        if _is_hira(base[-1]) and any(_kanji(c) for c in base):
            return [base]  # 食べさせ → 食べ
        return []
    if stem[-2] in _CAUSATIVE and _kanji(base[-1]):
        i = _CAUSATIVE[stem[-2]]
        return [base + i, base + _GODAN[i]]
    return []


def _voiced(ending: str) -> str:
    """A て/た ending after a voiced stem (住んで…, 住んだ)."""
    return "だ" if ending == "た" else "で" + ending[1:]


# What is too much (暑すぎる, 少なすぎる, 働きすぎ): an adjective's plain form (暑い, 少ない), which pages may have, or a
# verb's stem (働き); never the one kanji left (暑, 多), which is inside many words (held-out 13: 夏が暑すぎる).
TOO = ("すぎる", "すぎて", "すぎた", "すぎます", "すぎ")
# An adjective made so (少なくする, 明るくして): its plain form (少ない, 明るい). Not くなる (亡くなる is a verb).
KU = ("くしたい", "くする", "くして", "くした")


def _too(piece: str) -> str:
    for ending in KU:
        if piece.endswith(ending) and any(_kanji(c) for c in piece[: -len(ending)]):
            return piece[: -len(ending)] + "い"
    for ending in TOO:
        if piece.endswith(ending) and any(_kanji(c) for c in piece[: -len(ending)]):
            rest = piece[: -len(ending)]
            return rest + "い" if _kanji(rest[-1]) or rest[-1] == "な" else rest
    return piece


def _stem(piece: str) -> str:
    """A verb's て, past, wish or polite form as its stem (減ってる, 減った → 減っ; 伝えたい → 伝え); other pieces as they
    are."""
    for ending in TE_FORMS:
        if piece.endswith(ending) or piece.endswith(_voiced(ending)):
            stem = piece[: -len(ending)]
            if len(stem) >= 2 and any(_kanji(c) for c in stem) and (stem[-1] in _STEM_END or stem[-1] in _TE_PLAIN):
                return stem
            break  # 育てます: not a て form (育 is no stem); perhaps a polite form
    for ending in INFLECTIONS:
        if piece.endswith(ending):
            stem = piece[: -len(ending)]
            if len(stem) >= 2 and any(_kanji(c) for c in stem) and (_kanji(stem[-1]) or stem[-1] in _STEM_END):
                return stem
            return piece
    return piece


# A verb in its plain or past form before a noun (入る人, 住む場所, 困った時, 引っ越してきた人: a kanji, the form's
# kana, a kanji; た and る after any kana: 集まれる居場所, 相談できる場所) ends a word: the phrase is cut there
# (入る + 人), as at a particle. Not an い (払い戻し, 問い合わせ: a verb's stem inside a compound). So does a な adjective (便利な区役所, 大切な情報: kanji, な,
# kanji), whose な is left out (便利 + 区役所).
_ATTRIBUTIVE = frozenset("るうくすつむぶぬぐた")
# Nouns a reader writes in hiragana after a verb (目指すまち, 集うばしょ, 思いやりのあるまち: set 18): the verb's form
# ends a word before them too, and a verb of being before them is left out (あるまち → まち).
KANA_NOUNS = frozenset({"まち", "ひと", "ばしょ", "いばしょ", "しくみ", "くらし", "もの"})


def _adjective_na(piece: str, start: int, i: int) -> bool:
    """Whether the な at ``i`` ends a な adjective before a noun: after a kanji (便利な), two katakana (インクルーシブな社会,
    スムーズな窓口: set 20 showed nothing) or か/やか after a kanji (豊かな, 健やかな), before a kanji, a katakana or one
    of KANA_NOUNS (安全なまち)."""
    before = (_kanji(piece[i - 1]) or (i - start >= 2 and _katakana(piece[i - 1]) and _katakana(piece[i - 2]))
              or (piece[i - 1] == "か" and any(_kanji(c) for c in piece[start: i - 1])
                  and (_kanji(piece[i - 2]) or piece[i - 2] == "や")))
    after = _kanji(piece[i + 1]) or _katakana(piece[i + 1]) or piece[i + 1:] in KANA_NOUNS
    return before and after


def _clauses(piece: str) -> list[str]:
    for w in FUNCTION_WORDS:  # a verb of being before a noun (ある街 → 街)
        if piece.startswith(w) and len(piece) > len(w) and (_kanji(piece[len(w)]) or piece[len(w):] in KANA_NOUNS):
            piece = piece[len(w):]
            break
    out, start = [], 0
    for i in range(1, len(piece) - 1):
        if piece[i] == "な" and i > start and _adjective_na(piece, start, i):
            out.append(piece[start:i])  # a な adjective before a noun (便利な区役所 → 便利 + 区役所): without its な
            start = i + 1
        elif (piece[i] == "て" and _kanji(piece[i + 1]) and (piece[i - 1] in _STEM_END or piece[i - 1] == "っ")
              and i - start >= 2 and any(_kanji(c) for c in piece[start: i - 1])):
            out.append(piece[start: i + 1])  # a verb's て form before a noun (増えて地域 → 増えて + 地域, set 19)
            start = i + 1
        elif (piece[i] in _ATTRIBUTIVE and _kanji(piece[i + 1])
                and (_kanji(piece[i - 1]) or piece[i] in "たる" and any(_kanji(c) for c in piece[start:i]))):
            out.append(piece[start: i + 1])
            start = i + 1
        elif ((piece[i] == "る" and i - start >= 2 and potential(piece[start: i + 1]) and len(piece) - i - 1 >= 2
               and all(_is_hira(c) for c in piece[i + 1:]))
              or (piece[i] in _ATTRIBUTIVE and piece[i + 1:] in KANA_NOUNS and any(_kanji(c) for c in piece[start:i]))):
            # a potential form before any noun of hiragana (暮らせるまち → 暮らせる + まち), a verb before one of
            # KANA_NOUNS (目指すまち → 目指す + まち)
            out.append(piece[start: i + 1])
            start = i + 1
    return [*out, piece[start:]]


# What follows が when it is the particle after a noun of one kanji: a verb of being or wanting (set 18)
_BEING = ("いない", "いなくて", "ない", "なくて", "ある", "あって", "いる", "いい", "ほしい")


# Nouns that end in hiragana, after which a particle cuts before hiragana too (子どもにまちづくりを学ばせたい, set 12:
# was 子どもにまちづくり, one piece no page has); after other hiragana a particle cuts only before a letter that is not
# hiragana
_KANA_END_NOUNS = ("子ども", "こども", "お年寄り", "暮らし", "住まい", "見守り", "手続き", "取り組み", "まちづくり")


def _cuts(word: str, i: int, p: str) -> bool:
    end = i + len(p)
    after_plain = end >= len(word) or not _is_hira(word[end])
    if p == "を":
        return True
    if p == "のは":  # 出せないのはなぜ → 出せない (なぜ: a function word): after a plain form (…い, …る, …た) with a kanji
        return word[i - 1] in "いるた" and any(_kanji(c) for c in word[:i])
    if p == "の" and word.startswith(("ある", "ない"), end) and any(_kanji(c) for c in word[:i]):
        return True  # 思いやりのある…: の after okurigana before a verb of being (公園のある: after a kanji anyway)
    if p == "に" and word.startswith(("したい", "してほしい", "する", "して"), end):
        return True  # a wish to make something so (まちにしたい → まち; after a kanji it cuts anyway: 安全にしたい)
    if (p == "に" and word.startswith("くい", end)) or (p == "で" and word.startswith("き", end)):
        return False  # 分かりにくい: the stem's ending (INFLECTIONS); 相談できる: できる (ENDINGS); not the particle
    if p[0] == "と" and word[i - 1] in "こご":
        return False  # こと, ごと: words (伝えたいこと: the ending こと is left out later; 区ごとの → 区ごと)
    if word.endswith(_KANA_END_NOUNS, 0, end):
        return False  # the noun's own last letter (子ども: was 子ど, which 子供 is not)
    if word.endswith(_KANA_END_NOUNS, 0, i) and end < len(word):
        return True  # 子どもにまちづくり (not 手続きできる, above)
    if p == "って":  # 住民投票ってどんな (colloquial は) after two letters that are not hiragana, before more; not a verb's
        # て form (減って, 見守って, 見守ってほしい, 見守っている: TE_FORMS)
        return (i >= 2 and not _is_hira(word[i - 1]) and not _is_hira(word[i - 2]) and end < len(word)
                and not any(word.startswith(t[1:], end) for t in TE_FORMS if t.startswith("て") and len(t) > 1))
    if i >= 3 and word[i - 2: i] == "たち" and any(_kanji(c) for c in word[: i - 2]):
        return True  # after the plural suffix たち (自分たちでまち, 子どもたちが; 私たちできる: できる, above)
    if p == "が" and _kanji(word[i - 1]) and word.startswith(_BEING, end):
        return True  # after one kanji before a verb of being (親がいなくて, 何がいい; not 障がい者)
    if p in WEAK:  # also after two kanji or two katakana when two letters or more follow (障害があっても,
        # 市民活動センターはどこ; not 値上がり)
        return after_plain or (i >= 2 and len(word) - end >= 2 and (all(_kanji(c) for c in word[i - 2: i])
                                                                     or all(_katakana(c) for c in word[i - 2: i])))
    return after_plain or not _is_hira(word[i - 1])


def split_phrase(word: str, stems: dict[str, str] | None = None, said: dict[str, str] | None = None) -> list[str]:
    """A compacted word cut at its particles into the words that must all be on a page; [word] when it has none.
    スマホで手続き → [スマホ, 手続き]; 亡くなったときの手続き → [亡くなっ, 手続き]; まちのひろば and 障がい者
    stay whole; a verb's wish, polite, て or past form is its stem (伝えたい → [伝え]; ``stems`` gets each stem cut
    so, with the piece whose synonym rows count for it: the past form it was cut from, {減っ: 減った}, or itself,
    {伝え: 伝え})."""
    pieces: list[str] = []
    start = i = 0
    n = len(word)
    while i < n:
        filler = next((f for f in FILLERS if word.startswith(f, i)), None)
        if filler:
            if i > start:
                pieces.append(word[start:i])
            i += len(filler)
            start = i
            continue
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
    for piece in [c for p in pieces for c in _clauses(p)]:
        # every ending, the last first (相談できるところ → 相談できる → 相談)
        while ending := next((e for e in ENDINGS if piece.endswith(e) and len(piece) > len(e) + 1
                              and not (e in SURU and _is_hira(piece[-len(e) - 1]))
                              and (e != "よう" or any(_kanji(c) for c in piece))), None):  # not りよう, こうよう
            piece = piece[: -len(ending)]
        if piece in FUNCTION_WORDS:
            continue  # before its stem is cut (知りたい, not 知り)
        typed = piece
        piece = _too(piece)
        cut = _stem(piece)
        if cut != piece and stems is not None:
            # a past form (the one ending of one letter, た/だ) keeps its synonym rows (亡くなった → 亡くなっ); other
            # stems only their own (a row for 越してきた is for the whole phrase, not for every page with 越し)
            stems[cut] = piece if len(piece) - len(cut) == 1 else cut
        piece = cut
        if stems is not None and piece not in stems and potential(piece):
            stems[piece] = piece  # its plain form and stem count (word_forms: verb)
        if said is not None and piece != typed:
            said.setdefault(piece, typed)  # the piece as typed (減らしたい → 減らし, 安くして → 安い): its name
        if ((len(piece) >= 2 or (piece and not _is_hira(piece))) and piece not in FUNCTION_WORDS
                and piece not in QUESTION_KANJI and not only_function(piece)):
            out.append(piece)
    return out or [word]


# What a piece of hiragana left out as function words only may be made of (only_function)
_FUNCTION_PIECES = tuple(sorted({*FUNCTION_WORDS, *(e for e in ENDINGS if all(_is_hira(c) for c in e)),
                                 *(p for p in PARTICLES if all(_is_hira(c) for c in p))}, key=lambda w: (-len(w), w)))


def only_function(piece: str) -> bool:
    """Whether a piece of hiragana is only function words, particles and endings one after another (どんなときにする
    of 住民投票ってどんなときにするの): left out of a phrase as a function word is (was: one piece no page has, and
    nothing found). It starts with one of two letters or more: はいる (入る) is no は + いる."""
    if len(piece) < 2 or not all(_is_hira(c) for c in piece):
        return False
    ends = {0}
    for i in range(len(piece)):
        if i in ends:
            ends.update(i + len(w) for w in _FUNCTION_PIECES if piece.startswith(w, i) and (i or len(w) >= 2))
    return len(piece) in ends


@dataclass
class Form:
    text: str  # compacted
    how: str  # "word" (as typed), "variant" (another spelling), "synonym" (from the synonym list)


@dataclass
class Word:
    """One word of the query: what the reader typed and every form that counts for it."""

    typed: str
    forms: list[Form] = field(default_factory=list)
    said: str = ""  # a word of a phrase whose ending was cut: as the reader typed it (減らし ← 減らしたい; split_phrase)

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
            for key in dict.fromkeys((w, normalize(w))):  # also in one notation (引越 finds the entry of 引っ越し)
                table.setdefault(key, [])
                table[key] = list(dict.fromkeys(table[key] + [t for t in targets if t and t != key]))
    return table


def word_forms(typed: str, table: dict[str, list[str]], spellings: dict[str, list[str]] | None = None,
               verb: str | None = None) -> Word:
    """Every form of one compacted word: itself, its variants (:func:`variants`, and the other spellings of the
    same word in ``spellings``, the notation dictionary: 子ども → 子供), its synonyms (of it and of its variants),
    and, when the list does not have the word itself, the word with a reader word inside it replaced
    (はんこ登録 → 印鑑登録); each form also in one notation (:func:`normalize`: 取り組み → 取組). ``verb``: the word is
    a verb's stem cut from a wish, polite, て or past form (:func:`split_phrase`), as the piece whose rows count: its plain
    form counts too (働き → 働く), and so do the synonyms of that piece (亡くなっ, from 亡くなった: the row of 亡くなった)."""
    w = Word(typed)
    seen: set[str] = set()
    spellings = spellings or {}

    def add(text: str, how: str) -> None:
        for t in (text, normalize(text)):
            if t and t not in seen:
                seen.add(t)
                w.forms.append(Form(t, how))

    add(typed, "word")
    own = variants(typed)
    if verb:
        plain = plain_form(typed)
        own.extend([plain, *other_forms(typed)] if plain else potential_forms(typed) or causative_forms(typed))
    for v in own:
        add(v, "variant")
    for base in [typed, normalize(typed), *own]:
        for v in spellings.get(base, []):
            add(v, "variant")
    bases = [f.text for f in w.forms] + ([verb] if verb else [])
    listed = False
    for base in bases:
        for s in table.get(base, []):
            add(s, "synonym")
        listed = listed or base in table
    if not listed:  # a compound with a reader word inside (はんこ登録 → 印鑑登録); not 引越し, which is listed itself
        for reader in sorted(table, key=lambda r: (-len(r), r)):
            if len(reader) >= 2 and reader != typed and reader in typed and not _inside(reader, typed):
                for s in table[reader]:
                    add(typed.replace(reader, s), "synonym")
    return w


def _inside(reader: str, typed: str) -> bool:
    """Whether a reader's word of katakana or Latin letters is in ``typed`` only as part of a longer word of the same
    letters (ネット in ネットワークづくり, not a word of its own there: was インターネットワークづくり)."""
    kind = _KATA_RUN if _KATA_RUN.fullmatch(reader) else _LATIN_RUN if _LATIN_RUN.fullmatch(reader) else None
    return kind is not None and all(len(m.group()) > len(reader) for m in kind.finditer(typed) if reader in m.group())


_KATA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]+")
_LATIN_RUN = re.compile(r"[a-z0-9]+")


def query_words(query: str) -> list[str]:
    """The reader's query as compacted words (split at white space; punctuation around a word is dropped)."""
    out = []
    for piece in unicodedata.normalize("NFKC", query).split():
        piece = re.sub(r"^[^\w]+|[^\w]+$", "", piece)
        c = compact(piece)
        if c:
            out.append(c)
    return out


# English function words ("moving in", "certificate of residence", "how to register"): no page has them as words
# (the pages are in Japanese; a Latin word on a page is a name, an address or an abbreviation), and a word that
# must be on a page would leave only the pages that happen to hold "in" somewhere. A query's words without them
# (all of them when it has nothing else). Keep in step with STOPWORDS in search-engine.js.
STOPWORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "for", "to", "and", "or", "with", "by", "from",
                       "about", "my", "our", "your", "i", "we", "is", "are", "be", "do", "does", "how", "what",
                       "where", "when", "which", "who", "can", "want", "need"})


def content_words(words: list[str]) -> list[str]:
    """``words`` without English function words (:data:`STOPWORDS`) and Japanese ones typed apart (:data:`FUNCTION_WORDS`:
    ごみの出し方 わからない), or all of them when nothing else is left."""
    return [w for w in words if w not in STOPWORDS and w not in FUNCTION_WORDS and not only_function(w)] or words


@dataclass
class Token:
    """A word as typed (between spaces): its forms, and the words it splits into at particles (if any)."""

    word: Word
    parts: list[Word]


# --------------------------------------------------------------------------- compounds (複合語)

# A word of kanji, katakana, Latin letters and digits that no page has (地方分権一括法, 人材育成計画, SDGs認証) is
# often a compound of words that pages do have (地方分権 + 一括法). :func:`segment` cuts it into them, with the index
# as the dictionary: from the left, the longest piece (2 characters or more) that some page has, in one of its forms
# (so 行革 counts when the synonym list maps it to 行財政改革). Cuts fall between two kanji or where the script
# changes (kanji | katakana | hiragana | Latin and digits), never inside a katakana, hiragana or Latin word
# (マイナンバー stays whole); a word with a lone hiragana letter (okurigana: 申し込み, 付き合い) is not cut. The browser does the same
# (``segment`` in search-engine.js, asking the index whether a piece is on some page); the pages shown must then
# have every piece. Keep in step.

_ATOM = re.compile(r"[\u30a1-\u30fa\u30fc]+|[\u3041-\u3096]{2,}|[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
MAX_ATOMS = 12


def atoms(word: str) -> list[str] | None:
    """A compacted word as the units a cut may fall between (each kanji; each katakana, Latin/digit word or
    hiragana word of 2 letters or more: ごみ減量 → ごみ, 減, 量), or None when it has another letter (a lone hiragana
    letter, okurigana: 手続き …) or is too long to try."""
    out = _ATOM.findall(word)
    if "".join(out) != word or len(out) > MAX_ATOMS:
        return None
    return out


@dataclass
class Piece:
    text: str
    found: bool  # some page has it (in one of its forms)


def _prefix(units: list[str], i: int, j: int, rest=None) -> bool:
    """A kanji alone first in a word of three atoms or more (区 of 区予算, 新 of 新庁舎), when the rest is one piece pages
    have (``rest``: the best cut of units[1:], one piece found): a piece of its own, as the prefix of that word
    (区予算 → 区 + 予算; was: 区 left out as absent and nothing cut, nothing shown). Not before a rest cut further
    (大師支所 → 大 + 支所, 市営住宅 → 市 + 住宅: the name or word 大師, 市営 is absent, and is said so)."""
    return (i == 0 and j == 1 and len(units) >= 3 and _kanji(units[0])
            and (rest is None or (rest[0] == 0 and rest[1] == 1 and rest[3])))


def segment(word: str, found) -> list[Piece] | None:
    """A compacted word that no page has, cut into pieces that pages have (see above); None when it cannot be
    cut usefully. ``found(piece) -> bool``: whether some page has the piece in one of its forms. Of the ways to cut
    it, the one that leaves the fewest letters on no page, then the one with the fewest pieces, then the one with
    the longest first piece (自治会館 → 自治, 会館, not 自治会 and a 館 no page has). A stretch between the pieces
    that no page has is an absent piece (差別禁止条例 → 差別, 禁止 (absent), 条例); an absent piece of one
    character is left out (計画書 …); the cut counts only with at least two pieces found, or with one that is the
    compound's head (its last piece: 田島支所 → 支所), at least as long as the absent ones together (児童虐待防止
    is not shown as 防止; 児童手当, whose head 手当 no page has, is not shown as 児童)."""
    units = atoms(word)
    if not units or len(units) < 2:
        return None
    n = len(units)
    # best[i]: (letters absent, pieces, next cut, found) for units[i:], the best way to cut it
    best: list[tuple[int, int, int, bool]] = [(0, 0, n, False)] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice = None
        for j in range(n, i, -1):
            if j - i == n:
                continue  # the word itself: no page has it
            text = "".join(units[i:j])
            if (len(text) >= 2 or _prefix(units, i, j, best[j])) and found(text):
                cost = (best[j][0], best[j][1] + 1, j, True)
                if choice is None or cost[:2] < choice[:2]:
                    choice = cost
        absent = (best[i + 1][0] + len(units[i]), best[i + 1][1] + 1, i + 1, False)
        if choice is None or absent[:2] < choice[:2]:
            choice = absent
        best[i] = choice
    pieces: list[Piece] = []
    i = 0
    while i < n:
        _, _, j, ok = best[i]
        text = "".join(units[i:j])
        if not ok and pieces and not pieces[-1].found:
            pieces[-1].text += text
        else:
            pieces.append(Piece(text, ok))
        i = j
    pieces = [p for p in pieces if p.found or len(p.text) >= 2]
    have = [p for p in pieces if p.found]
    # one piece found is enough when it is the compound's head, its last piece, after an absent stretch that
    # modifies it (田島支所 → 田島 (absent), 支所: pages about 支所, shown as a partial result that names 田島)
    # (not hiragana ending as a verb does, okurigana, no head: 集まれる → 集 (absent), まれる; 粗大ごみ → ごみ is one)
    last = pieces[-1].text if pieces else ""
    head = len(pieces) > 1 and pieces[-1].found and not (all(_is_hira(c) for c in last) and last[-1] in "るたて")
    if (len(have) < 2 and not head) or sum(len(p.text) for p in have) < sum(len(p.text) for p in pieces if not p.found):
        return None
    return pieces


_KANA_PARTICLES = frozenset("のをにでがとはへやも")


def read_apart(word: str, spellings: dict[str, list[str]]) -> list[str] | None:
    """A word of hiragana that is no reading as a whole (くやくしょのまどぐち, じゅうみんとうひょうのせいど) as the
    readings it is made of, the particles between them left out ([くやくしょ, まどぐち], [じゅうみんとうひょう, せいど]):
    the fewest pieces, the longest first; None unless it is all readings (two or more; a reading: a hiragana key of
    ``spellings``, the readings of readings.json, that finds a word with a kanji). The pages must have every piece, each
    in one of its forms (the kanji words: 区役所, 窓口), as for the words of a phrase; nothing is looked up in the index."""
    n = len(word)
    if n < 4 or not HIRAGANA.match(word) or word in spellings:
        return None

    def reading(p: str) -> bool:
        return len(p) >= 2 and any(not HIRAGANA.match(w) for w in spellings.get(p, ()))

    # best[i]: (pieces, -length of the first, next cut, a reading) for word[i:]
    best: list[tuple[int, int, int, bool] | None] = [None] * n + [(0, 0, n, False)]
    for i in range(n - 1, -1, -1):
        for j in range(n, i, -1):
            p, rest = word[i:j], best[j]
            if rest is None:
                continue
            if reading(p):
                kind = True
            elif j - i == 1 and p in _KANA_PARTICLES and 0 < i and j < n:
                kind = False
            else:
                continue
            cost = (rest[0] + 1, -(j - i), j, kind)
            if best[i] is None or cost[:2] < best[i][:2]:  # type: ignore[index]
                best[i] = cost
    if best[0] is None:
        return None
    out, i = [], 0
    while i < n:
        _, _, j, kind = best[i]  # type: ignore[misc]
        if kind:
            out.append(word[i:j])
        i = j
    return out if len(out) >= 2 else None


def analyse(query: str, table: dict[str, list[str]], spellings: dict[str, list[str]] | None = None,
            found=None) -> list[Token]:
    """The query as tokens. ``found(text) -> bool`` (whether some page has a compacted text): when given, a word
    or a word of a phrase that no page has in any form is cut into the pieces pages have (:func:`segment`), as the
    browser does with its index."""
    out = []
    for typed in content_words(query_words(query)):
        stems: dict[str, str] = {}
        said: dict[str, str] = {}
        parts = split_phrase(typed, stems, said)
        if parts == [typed]:
            parts = read_apart(typed, spellings or {}) or parts
        word = word_forms(typed, table, spellings)
        words = [word_forms(p, table, spellings, stems.get(p)) for p in parts] if parts != [typed] else []
        for w in words:
            w.said = said.get(w.typed, "")
        if found is not None:
            words = _cut(word, words, table, spellings, found)
        out.append(Token(word, words))
    return out


def finder(texts) -> Callable[[str], bool]:
    """``found`` for :func:`analyse` from the pages' compacted texts: whether some page has a text, as written or
    in one notation (what the index finds, without its n-gram approximation)."""
    big = "\n".join(t + "\n" + normalize(t) for t in texts)
    return lambda text: bool(text) and text in big


def _cut(word: Word, parts: list[Word], table, spellings, found) -> list[Word]:
    """A token's parts with each word that no page has cut into its pieces (:func:`segment`)."""
    def any_form(w: Word) -> bool:
        return any(found(t) for t in w.texts())

    def piece_found(text: str) -> bool:
        return any(found(t) for t in word_forms(text, table, spellings).texts() if t != with_no(text))

    if any_form(word):
        return parts
    out: list[Word] = []
    for w in parts or [word]:
        cut = None if any_form(w) else segment(w.typed, piece_found)
        out.extend([word_forms(p.text, table, spellings) for p in cut] if cut else [w])
    return out if out != [word] else []


def explains(tokens: list[Token], text: str) -> bool:
    """Whether a page's compacted ``text`` has every word of the query in one of the forms the search allows
    (the word, a variant, a synonym; or, for a phrase, every word it splits into). This is what the
    browser checks before it shows a page; the benchmark uses it to tell a declared match from an over-match.
    The text counts as written and in one notation (:func:`normalize`)."""
    both = text + "\n" + normalize(text)

    def has(word: Word) -> bool:
        return any(f in both for f in word.texts())

    return all(has(t.word) or (t.parts and all(has(p) for p in t.parts)) for t in tokens)
