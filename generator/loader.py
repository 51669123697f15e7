"""Read policies.yaml into plain Python data, keeping where every node starts.

Problems found here (encoding, characters YAML cannot read or that mislead, merge-conflict markers,
indentation, YAML syntax, duplicate keys, anchors) are returned as :class:`generator.messages.Problem`
values; nothing here raises for bad input.

Positions are kept as character offsets into the text and turned into the line and column an editor
shows only when a message needs one. Lines are counted as VS Code counts them (CR LF, CR, LF): YAML also
breaks lines at NEL, LS and PS, so PyYAML's own line numbers drift after one of those.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import chars
from .messages import Problem, problem

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 40

Path_ = tuple  # a path into the data: ("policies", 0, "measures", 2, "title")

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without the timestamp resolver: dates stay text and the model parses them,
    so an impossible date such as 2024-02-30 is a validation error, not a crash."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _Base.yaml_implicit_resolvers.items()
}


_EDITOR_BREAK = re.compile(r"\r\n?|\n")


@dataclass
class Loaded:
    data: Any = None
    # where each value starts, and where each mapping key starts (for "unknown field"): offsets into text
    positions: dict[Path_, int] = field(default_factory=dict)
    key_positions: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    node: Any = field(default=None, repr=False)  # the composed YAML node tree, for spans of values
    # plain text cut by a comment on the same line: (path of the value, offset of the "#")
    comments: list[tuple[Path_, int]] = field(default_factory=list)
    filename: str = ""  # the file's name as messages show it (policies.yaml, corpus/jichi.yaml, HEAD:policies.yaml)
    # the paths of list items that are mappings with a "file" key: candidates for a part (generator.parts)
    file_items: list[Path_] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column an editor shows for a character offset (columns count characters)."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _EDITOR_BREAK.finditer(self.text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def line_text(self, line: int) -> tuple[int, str]:
        """The offset where ``line`` starts, and its text without the line break."""
        self.line_col(0)
        starts = self._line_starts or [0]
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return start, self.text[start:end].rstrip("\r\n")

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of the value at ``path``, or of its nearest existing ancestor."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.line_col(self.positions.get(path, 0))

    def key_position(self, path: Path_) -> tuple[int, int]:
        path = tuple(path)
        if path in self.key_positions:
            return self.line_col(self.key_positions[path])
        return self.position(path)

    def node_at(self, path: Path_) -> Any:
        """The YAML node of the value at ``path`` (None if the path is not in the file)."""
        node = self.node
        for part in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node

    def span(self, path: Path_) -> tuple[int, int] | None:
        """The offsets where the value at ``path`` starts and ends in the text."""
        node = self.node_at(path)
        return (node.start_mark.index, node.end_mark.index) if node is not None else None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def decode(raw: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        try:
            raw.decode("cp932")
            guess = "Shift_JIS（Windows のメモ帳や Excel の既定）"
        except UnicodeDecodeError:
            guess = "UTF-8 以外の文字コード"
        return None, [problem(filename, line, col, "not-utf8", guess=guess)]


_INDENT = re.compile(r"^[ \t\u3000]*")


def check_indentation(text: str, filename: str) -> list[Problem]:
    """Tabs and full-width spaces in indentation: YAML's own message for them is cryptic."""
    problems = []
    lines = _EDITOR_BREAK.split(text) if "\r" in text else text.split("\n")
    for n, line in enumerate(lines, start=1):
        indent = _INDENT.match(line).group(0)  # type: ignore[union-attr]
        if "\t" in indent:
            problems.append(problem(filename, n, indent.index("\t") + 1, "tab-indent"))
        elif "\u3000" in indent:
            problems.append(problem(filename, n, indent.index("\u3000") + 1, "fullwidth-indent"))
    return problems


_CONFLICT = re.compile(r"(?m)^(?:<{7}|={7}|>{7}|\|{7})(?=[ \t\r\n]|\Z)[^\r\n]*")


def check_characters(out: Loaded, filename: str) -> bool:
    """Characters reported wherever they are: YAML-illegal controls, line separators YAML and editors count
    differently, and bidi controls. Returns True when YAML cannot read the file (a control character)."""
    fatal = False
    for m in chars.FILE_LEVEL.finditer(out.text):
        ch = m.group()
        if chars.IS_CONTROL.match(ch):
            code, fatal = "control-char", True
        elif chars.IS_LINE_SEPARATOR.match(ch):
            code = "line-separator"
        else:
            code = "bidi-char"
        out.problems.append(problem(filename, *out.line_col(m.start()), code, char=chars.name(ch)))
    return fatal


def check_conflicts(out: Loaded, filename: str) -> bool:
    """Git merge-conflict markers: one message per conflict, at its <<<<<<< line."""
    text = out.text
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return False
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] | None = None
    for m in _CONFLICT.finditer(text):
        line, marker = out.line_col(m.start())[0], m.group().strip()
        if marker.startswith("<"):
            current = [(line, marker)]
            blocks.append(current)
        elif current is not None:
            current.append((line, marker))
            if marker.startswith(">"):
                current = None
        elif marker.startswith(">"):
            blocks.append([(line, marker)])
    for block in blocks:
        marks = "、".join(f"{line} 行目「{marker}」" for line, marker in block)
        out.problems.append(problem(filename, block[0][0], 1, "merge-conflict", marks=marks))
    return bool(blocks)


def _comment_candidates(text: str) -> dict[int, int]:
    """Where a plain value followed by " #" would end: {offset after the value: offset of the "#"}.
    A comment alone on its line is not a candidate."""
    if " #" not in text and "\t#" not in text:
        return {}
    found = {}
    for m in re.finditer(r"[ \t]+#", text):
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind("\r", 0, m.start())) + 1
        if m.start() > line_start:
            found[m.start()] = m.end() - 1
    return found


def load_text(text: str, filename: str) -> Loaded:
    out = Loaded(text=text, filename=filename)
    fatal = check_characters(out, filename)
    fatal = check_conflicts(out, filename) or fatal
    indentation = check_indentation(text, filename)
    out.problems.extend(indentation)
    if fatal or indentation:
        return out
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        out.problems.extend(_yaml_error(out, exc, filename))
        return out
    except yaml.YAMLError as exc:  # not expected after check_characters; never a traceback all the same
        out.problems.append(problem(filename, 1, 1, "yaml-syntax", detail=chars.visible(str(exc).splitlines()[0])))
        return out
    except RecursionError:
        out.problems.append(problem(filename, 1, 1, "too-deep", depth=MAX_DEPTH))
        return out
    if node is None:
        out.problems.append(problem(filename, 1, 1, "empty-file"))
        return out
    out.node = node
    builder = _Builder(filename, out, _comment_candidates(text))
    out.data = builder.build(node, ())
    return out


# a key followed by a full-width colon, or by ":" and a space YAML does not take as one (NBSP, U+3000…)
_KEY_SEPARATOR = re.compile(r"^[ ]*(?:-[ ]+)*([A-Za-z_][A-Za-z0-9_-]*)[ ]*(?:(：)|:([%s\u3000%s%s]))"
                            % (chars.SPACES, chars.REMOVABLE, chars.JOINERS))


def key_separator(text: str) -> tuple[str, int, str] | None:
    """(key, index of the wrong character, what it is) when ``text`` starts like a key with a wrong separator."""
    m = _KEY_SEPARATOR.match(text)
    if not m:
        return None
    if m.group(2):
        return m.group(1), m.start(2), "全角の「：」（" + chars.name(m.group(2)).split("（")[0] + "）"
    return m.group(1), m.start(3), "「:」と " + chars.name(m.group(3))


def _yaml_error(out: Loaded, exc: yaml.MarkedYAMLError, filename: str) -> list[Problem]:
    mark = exc.problem_mark or exc.context_mark
    line, col = out.line_col(mark.index) if mark else (1, 1)
    # the line YAML started reading a key on (its context), else the line before, up to the line it stopped on
    first = out.line_col(exc.context_mark.index)[0] if exc.context_mark else line - 1
    # a simple key's context is the line the key starts on, however many value lines YAML read after it;
    # other contexts (a mapping, a list) can start far above: look at most two lines back
    nearest = min(first, line) if exc.context == "while scanning a simple key" else max(line - 2, min(first, line))
    for n in range(max(1, nearest), line + 1):
        start, text = out.line_text(n)
        found = key_separator(text)
        if found:
            key, index, what = found
            return [problem(filename, n, index + 1, "key-separator", key=key, what=what)]
        if chars.IS_LINE_SEPARATOR.search(text):
            return []  # the line separator already reported is what YAML stumbled on
    return [problem(filename, line, col, "yaml-syntax", detail=_yaml_detail(exc))]


# PyYAML's problem (and context) text -> what to fix, in Japanese; searched in this order (regular expressions).
_YAML_HINTS = {
    r"mapping values are not allowed": "「:」の使い方が正しくありません。本文の中の「:」は全角の「：」にするか、値全体を \" \" で囲んでください",
    r"could not find expected ':'": "「項目名: 値」の「:」が見つかりません",
    r"did not find expected key": "字下げがそろっていないか、「- 」の位置がずれています",
    r"did not find expected '-' indicator": "リストの「- 」の字下げがそろっていません",
    r"found character( .*)? that cannot start any token": "値の先頭に YAML で特別な意味をもつ文字（% @ ` やタブなど）があります。値全体を \" \" で囲んでください",
    r"found unexpected end of stream": "引用符（\" や '）が閉じられていません",
    r"found undefined alias|found duplicate anchor": "アンカー・エイリアス（& と *）は使えません",
    r"unknown escape character": "\" \" で囲んだ値の中の「\\」の後ろに、使えない文字があります。「\\」をそのまま書くときは、値を ' ' で囲むか「\\\\」と2つ重ねてください",
    r"while scanning a quoted scalar": "引用符（\" や '）が閉じられていません",
    r"expected ',' or '\]'": "「[ ]」のリストが閉じられていないか、項目の間の「,」がありません",
    r"expected ',' or '\}'": "「{ }」が閉じられていないか、項目の間の「,」がありません",
    r"but found another document": "「---」の行は YAML の文書の区切りです。1つのファイルには1つの文書しか書けないので、この行を消してください",
    r"expected <block end>": "字下げがそろっていないか、引用符（\" \" や ' '）で囲んだ値の後ろに文字が続いています",
}


def _yaml_detail(exc: yaml.MarkedYAMLError) -> str:
    text = f"{exc.context or ''} {exc.problem or ''}"
    for key, hint in _YAML_HINTS.items():
        if re.search(key, text):
            return hint
    raw = (exc.problem or exc.context or "").strip()
    if not raw:
        return "書き方が正しくありません"
    # a mistake without a hint of its own: say so in Japanese, with PyYAML's words for whoever helps the editor
    return f"YAML として読めない書き方です（{raw}）" if re.search(r"[A-Za-z]", raw) else raw


class _Builder:
    def __init__(self, filename: str, out: Loaded, comments: dict[int, int]) -> None:
        self.filename = filename
        self.out = out
        self.seen: set[int] = set()
        self.comments = comments

    def build(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        out = self.out
        out.positions[path] = node.start_mark.index
        if id(node) in self.seen:  # the same node twice: an alias (*name) to an anchor (&name)
            out.problems.append(problem(self.filename, *out.key_position(path), "yaml-alias"))
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            out.problems.append(problem(self.filename, *out.position(path), "too-deep", depth=MAX_DEPTH))
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first: dict[str, int] = {}
            for key_node, value_node in node.value:
                kindex = key_node.start_mark.index
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    out.problems.append(problem(self.filename, *out.line_col(kindex), "yaml-alias" if key_node.tag.endswith("merge") else "yaml-syntax", detail="項目名には文字列を書いてください"))
                    continue
                key = str(key_node.value)
                if key in first:
                    out.problems.append(problem(self.filename, *out.line_col(kindex), "duplicate-key", key=key,
                                                first_line=out.line_col(first[key])[0]))
                    continue
                first[key] = kindex
                out.key_positions[path + (key,)] = kindex
                if key == "file" and path and isinstance(path[-1], int):
                    out.file_items.append(path)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        value = _scalar(node)
        if self.comments and not node.style and isinstance(value, str) and value:
            hash_at = self.comments.get(node.end_mark.index)
            if hash_at is not None:  # "text #more" : YAML keeps "text" and drops the rest as a comment
                out.comments.append((path, hash_at))
        return value


_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    if node.tag == _STR:
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError):
        return node.value


def load_file(path: str | Path, filename: str | None = None) -> Loaded:
    path = Path(path)
    filename = filename or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Loaded(filename=filename, problems=[problem(filename, 1, 1, "too-large", size_mb=size // (1024 * 1024), max_mb=MAX_BYTES // (1024 * 1024))])
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(filename=filename, problems=[problem(filename, 1, 1, "file-not-found")])
    except IsADirectoryError:
        return Loaded(filename=filename, problems=[problem(filename, 1, 1, "file-not-found")])
    except OSError as exc:
        return Loaded(filename=filename, problems=[problem(filename, 1, 1, "cannot-read", detail=exc.strerror or str(exc))])
    text, problems = decode(raw, filename)
    if text is None:
        return Loaded(filename=filename, problems=problems)
    return load_text(text, filename)
