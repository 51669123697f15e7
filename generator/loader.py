"""Read policies.yaml into plain Python data, keeping a line and column for every node.

Problems found here (encoding, indentation, YAML syntax, duplicate keys, anchors) are
returned as :class:`generator.messages.Problem` values; nothing here raises for bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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


@dataclass
class Loaded:
    data: Any = None
    # where each value starts, and where each mapping key starts (for "unknown field")
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of the value at ``path``, or of its nearest existing ancestor."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_position(self, path: Path_) -> tuple[int, int]:
        return self.key_positions.get(tuple(path)) or self.position(path)


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
    for n, line in enumerate(text.split("\n"), start=1):
        indent = _INDENT.match(line).group(0)  # type: ignore[union-attr]
        if "\t" in indent:
            problems.append(problem(filename, n, indent.index("\t") + 1, "tab-indent"))
        elif "\u3000" in indent:
            problems.append(problem(filename, n, indent.index("\u3000") + 1, "fullwidth-indent"))
    return problems


def load_text(text: str, filename: str) -> Loaded:
    out = Loaded(text=text)
    out.problems = check_indentation(text, filename)
    if out.problems:
        return out
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = _yaml_detail(exc)
        out.problems.append(problem(filename, line, col, "yaml-syntax", detail=detail))
        return out
    except yaml.YAMLError as exc:  # e.g. a control character
        out.problems.append(problem(filename, 1, 1, "yaml-syntax", detail=str(exc).splitlines()[0]))
        return out
    except RecursionError:
        out.problems.append(problem(filename, 1, 1, "too-deep", depth=MAX_DEPTH))
        return out
    if node is None:
        out.problems.append(problem(filename, 1, 1, "empty-file"))
        return out
    builder = _Builder(filename, out)
    out.data = builder.build(node, ())
    return out


_YAML_HINTS = {
    "mapping values are not allowed": "「:」の使い方が正しくありません。本文の中の「:」は全角の「：」にするか、値全体を \" \" で囲んでください",
    "could not find expected ':'": "「項目名: 値」の「:」が見つかりません",
    "did not find expected key": "字下げがそろっていないか、「- 」の位置がずれています",
    "did not find expected '-' indicator": "リストの「- 」の字下げがそろっていません",
    "found character that cannot start any token": "行頭に YAML で使えない文字があります",
    "found unexpected end of stream": "引用符（\" や '）が閉じられていません",
    "found undefined alias": "アンカー・エイリアス（& と *）は使えません",
    "while scanning a quoted scalar": "引用符（\" や '）が閉じられていません",
}


def _yaml_detail(exc: yaml.MarkedYAMLError) -> str:
    text = f"{exc.context or ''} {exc.problem or ''}"
    for key, hint in _YAML_HINTS.items():
        if key in text:
            return hint
    return (exc.problem or exc.context or "書き方が正しくありません").strip()


class _Builder:
    def __init__(self, filename: str, out: Loaded) -> None:
        self.filename = filename
        self.out = out
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        out = self.out
        out.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:  # the same node twice: an alias (*name) to an anchor (&name)
            out.problems.append(problem(self.filename, *out.key_position(path), "yaml-alias"))
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            out.problems.append(problem(self.filename, *out.positions[path], "too-deep", depth=MAX_DEPTH))
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first: dict[str, tuple[int, int]] = {}
            for key_node, value_node in node.value:
                kpos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    out.problems.append(problem(self.filename, *kpos, "yaml-alias" if key_node.tag.endswith("merge") else "yaml-syntax", detail="項目名には文字列を書いてください"))
                    continue
                key = str(key_node.value)
                if key in first:
                    out.problems.append(
                        problem(self.filename, *kpos, "duplicate-key", key=key, first_line=first[key][0])
                    )
                    continue
                first[key] = kpos
                out.key_positions[path + (key,)] = kpos
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return _scalar(node)


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
            return Loaded(problems=[problem(filename, 1, 1, "too-large", size_mb=size // (1024 * 1024), max_mb=MAX_BYTES // (1024 * 1024))])
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(problems=[problem(filename, 1, 1, "file-not-found")])
    except IsADirectoryError:
        return Loaded(problems=[problem(filename, 1, 1, "file-not-found")])
    except OSError as exc:
        return Loaded(problems=[problem(filename, 1, 1, "cannot-read", detail=exc.strerror or str(exc))])
    text, problems = decode(raw, filename)
    if text is None:
        return Loaded(problems=problems)
    return load_text(text, filename)
