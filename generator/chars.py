"""Characters that are illegal, invisible or misleading in policies.yaml, with their Japanese names.

One table for the loader (what YAML cannot read, what moves line numbers, bidi controls), the model
(what text normalises or rejects) and the messages (how a character is named and shown).

* ``CONTROL``: YAML 1.1 refuses them (C0/C1 controls other than tab, LF, CR and NEL; U+FFFE, U+FFFF).
* ``LINE_SEPARATORS``: NEL, LS, PS. YAML counts them as line breaks, editors (VS Code) do not.
* ``BIDI``: bidirectional controls; they reorder what an editor shows ("Trojan Source").
* ``REMOVABLE``: invisible characters with no use in Japanese text (zero-width space, soft hyphen…):
  removed from body text, refused in ids and titles.
* ``JOINERS``: ZWJ and ZWNJ join emoji and some scripts: kept in body text, refused in ids and titles.
* ``SPACES``: Unicode spaces that look like an ASCII space (NBSP, thin space…): an ASCII space in text.
  The full-width space U+3000 is ordinary Japanese typography and stays as written in text.
"""

from __future__ import annotations

import re

_NAMES = {
    0x00: "ヌル文字", 0x07: "ベル", 0x08: "バックスペース", 0x09: "タブ", 0x0B: "垂直タブ", 0x0C: "改ページ",
    0x1B: "エスケープ", 0x7F: "削除文字", 0x85: "次行（NEL）",
    0xA0: "ノーブレークスペース", 0xAD: "ソフトハイフン", 0x034F: "書記素結合子", 0x061C: "アラビア文字の書字方向記号",
    0x115F: "ハングルのフィラー", 0x1160: "ハングルのフィラー", 0x1680: "オガム文字のスペース",
    0x180E: "モンゴル文字の母音区切り",
    0x2000: "エヌ・クワッド", 0x2001: "エム・クワッド", 0x2002: "エヌ・スペース", 0x2003: "エム・スペース",
    0x2004: "3分の1エム・スペース", 0x2005: "4分の1エム・スペース", 0x2006: "6分の1エム・スペース",
    0x2007: "数字幅のスペース", 0x2008: "句読点幅のスペース", 0x2009: "細いスペース", 0x200A: "ごく細いスペース",
    0x200B: "ゼロ幅スペース", 0x200C: "ゼロ幅非接合子", 0x200D: "ゼロ幅接合子",
    0x200E: "左から右への記号", 0x200F: "右から左への記号",
    0x2028: "行区切り", 0x2029: "段落区切り",
    0x202A: "左から右への埋め込み", 0x202B: "右から左への埋め込み", 0x202C: "書字方向の指定の終わり",
    0x202D: "左から右への上書き", 0x202E: "右から左への上書き",
    0x202F: "狭いノーブレークスペース", 0x205F: "数式用の中くらいのスペース",
    0x2060: "単語結合子", 0x2061: "見えない関数適用", 0x2062: "見えない乗算記号", 0x2063: "見えない区切り記号",
    0x2064: "見えない加算記号",
    0x2066: "左から右への分離", 0x2067: "右から左への分離", 0x2068: "最初の強い文字による分離", 0x2069: "分離の終わり",
    0x3000: "全角スペース", 0x3164: "ハングルのフィラー", 0xFEFF: "ゼロ幅ノーブレークスペース（BOM）",
    0xFF1A: "全角コロン", 0xFFA0: "半角ハングルのフィラー", 0xFFFE: "非文字", 0xFFFF: "非文字",
}

CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
LINE_SEPARATORS = "\x85\u2028\u2029"
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
REMOVABLE = "\xad\u034f\u115f\u1160\u180e\u200b\u2060-\u2064\u3164\ufeff\uffa0\U000e0000-\U000e007f"
JOINERS = "\u200c\u200d"
SPACES = "\xa0\u1680\u2000-\u200a\u202f\u205f"

# one pass over the whole file finds every character the loader reports wherever it is
FILE_LEVEL = re.compile(f"[{CONTROL}{LINE_SEPARATORS}{BIDI}]")
IS_CONTROL = re.compile(f"[{CONTROL}]")
IS_LINE_SEPARATOR = re.compile(f"[{LINE_SEPARATORS}]")
# characters an id, a title, a key or a number must not hide
INVISIBLE = re.compile(f"[{REMOVABLE}{JOINERS}]")
# ... and, in values that are not text (ids, numbers, dates, phones, URLs, keys), spaces that look like nothing
UNUSUAL = re.compile(f"[{REMOVABLE}{JOINERS}{SPACES}\u3000]")
# body text is normalised only when it holds one of these (a fast check: most text holds none)
NORMALISED = re.compile(f"[{REMOVABLE}{SPACES}]")



def _expand(spec: str) -> list[int]:
    """The code points of a character-class body such as "\\x00-\\x08\\x0b"."""
    out, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.extend(range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.append(ord(spec[i]))
            i += 1
    return out


_NORMALISE: dict[int, str | None] = {cp: " " for cp in _expand(SPACES)}
_NORMALISE.update({cp: None for cp in _expand(REMOVABLE)})

# what counts as "nothing written": whitespace and every invisible character
_BLANK = frozenset({chr(cp) for cp in _expand(REMOVABLE + JOINERS + BIDI + LINE_SEPARATORS + CONTROL + SPACES)}
                   | {chr(cp) for cp in range(0x3001) if chr(cp).isspace()})
BLANK = "".join(sorted(_BLANK))


def normalise(text: str) -> str:
    """Body text as published: look-alike spaces become an ASCII space, invisible characters go."""
    return text.translate(_NORMALISE) if NORMALISED.search(text) else text


def is_blank(text: str) -> bool:
    stripped = text.strip()
    return not stripped or stripped[0] in _BLANK and not stripped.strip(BLANK)


def name(ch: str) -> str:
    """「U+200B（ゼロ幅スペース）」: the code point and a Japanese name."""
    cp = ord(ch)
    if cp in _NAMES:
        label = _NAMES[cp]
    elif 0xE0000 <= cp <= 0xE007F:
        label = "タグ文字"
    elif 0xD800 <= cp <= 0xDFFF:
        label = "単独のサロゲート"
    elif cp < 0x20 or 0x7F <= cp <= 0x9F:
        label = "制御文字"
    else:
        label = ch
    return f"U+{cp:04X}（{label}）"


_SHOWN_AS_CODE = re.compile(f"[{CONTROL}{LINE_SEPARATORS}{BIDI}{REMOVABLE}{JOINERS}{SPACES}\t\r\n]")


def visible(text: str) -> str:
    """Text for a message: every invisible or control character written as <U+XXXX>, so that a message
    can neither hide a character nor be reordered by one."""
    if not _SHOWN_AS_CODE.search(text):
        return text
    return _SHOWN_AS_CODE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)

