"""Validate a corpus file: every problem at once, each with ``file:line:col``.

Three passes, all driven by the model in ``generator.model``:

1. ``loader`` — encoding, characters, merge conflicts, indentation, YAML syntax, duplicate keys, anchors;
2. pydantic — fields, types, formats (each error is mapped back to a line and column; a record pasted
   too shallow and a hidden character are named as such rather than as the errors they cause);
   text cut short by a same-line comment is found here too, since only the model knows what is text;
3. ``_References`` — ids are unique, references point at an existing record of the right kind,
   plus a few checks across records.
"""

from __future__ import annotations

import difflib
import itertools
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Discriminator, Tag, ValidationError
from pydantic.fields import FieldInfo

from . import chars, model
from .loader import Loaded, key_separator
from .messages import Problem, problem, value_kind
from .parts import Sources, assemble, assemble_text


@dataclass
class Result:
    corpus: model.Corpus | None
    problems: list[Problem] = field(default_factory=list)
    loaded: Sources | None = None  # the data as read from the files, with where each value was written

    @property
    def ok(self) -> bool:
        return self.corpus is not None and not self.problems


def validate_file(path: str | Path, filename: str | None = None, prefix: str = "") -> Result:
    """The corpus whose entry file is ``path``, with the part files it names (``generator.parts``).
    ``filename`` is how messages name the entry; ``prefix`` goes before every file name (``HEAD:``)."""
    return _validate(assemble(path, filename, prefix))


def validate_text(text: str, filename: str = "policies.yaml") -> Result:
    return _validate(assemble_text(text, filename))


def _ordered(problems: list[Problem], src: Sources) -> list[Problem]:
    """By file (the entry first, then the parts by name), then by line and column."""
    entry = src.entry.filename
    return sorted(set(problems), key=lambda p: (p.filename != entry, p.filename, p.line, p.col, p.code, p.message))


def _validate(src: Sources) -> Result:
    if src.problems and src.data is None:
        return Result(None, _ordered(src.problems, src), src)
    problems = list(src.problems)
    corpus = None
    if not isinstance(src.data, dict):
        problems.append(problem(src.entry.filename, 1, 1, "wrong-type", where="ファイルの最上位", key="policies.yaml",
                                expected="項目のまとまり（version: 1 から始まる形）", actual=value_kind(src.data)))
        return Result(None, _ordered(problems, src), src)
    absorbed: set[str] = set()
    try:
        corpus = model.Corpus.model_validate(src.data)
    except ValidationError as exc:
        found, absorbed = _from_pydantic(exc, src)
        problems.extend(found)
    problems.extend(_cut_by_comments(src))
    problems.extend(_References(src, absorbed).run())
    problems = _ordered(problems, src)
    return Result(corpus if not problems else None, problems, src)


def validate_other(loaded: Loaded, filename: str, root_model: type[BaseModel], what: str) -> tuple[BaseModel | None, list[Problem]]:
    """Another YAML file the editors own (``accessibility/manual-checks.yaml``), checked like the corpus:
    the loader's problems, the model's (each at its line and column, in the same words) and text cut by
    a comment. ``what``: how the file's top level is named in a message. Cross-record checks are the caller's."""
    if loaded.problems and loaded.data is None:
        return None, sorted(set(loaded.problems))
    problems = list(loaded.problems)
    if not isinstance(loaded.data, dict):
        problems.append(problem(filename, 1, 1, "wrong-type", where="ファイルの最上位", key=what,
                                expected="項目のまとまり（version: 1 から始まる形）", actual=value_kind(loaded.data)))
        return None, sorted(set(problems))
    data = None
    src = Sources(loaded.data, loaded, [loaded], list(loaded.problems))  # one file, no parts
    try:
        data = root_model.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(_from_pydantic(exc, src, root_model)[0])
    problems.extend(_cut_by_comments(src, root_model))
    problems = sorted(set(problems))
    return (data if not problems else None), problems


# --------------------------------------------------------------------------- walking data with the model


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The BaseModel classes an annotation can hold (through Annotated, Optional, Union, list)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _ref_kind(info: FieldInfo) -> str | None:
    extra = info.json_schema_extra
    if isinstance(extra, dict) and "ref" in extra:
        return str(extra["ref"])
    stack = [info.annotation]
    while stack:
        ann = stack.pop()
        for meta in getattr(ann, "__metadata__", ()):
            if isinstance(meta, FieldInfo) and isinstance(meta.json_schema_extra, dict) and "ref" in meta.json_schema_extra:
                return str(meta.json_schema_extra["ref"])
        stack.extend(typing.get_args(ann))
    return None


def _tagged(annotation: Any) -> tuple[Any, dict[str, type[BaseModel]]] | None:
    """A union that pydantic picks from with a ``Discriminator`` (a 事業 or a 再掲): its function, and the
    models by their ``Tag``. pydantic puts the tag in an error's location, after the item's index."""
    stack = [annotation]
    while stack:
        ann = stack.pop()
        for meta in getattr(ann, "__metadata__", ()):
            if isinstance(meta, Discriminator) and callable(meta.discriminator):
                members = typing.get_args(typing.get_args(ann)[0])
                tags = {m.tag: models[0] for arg in members for m in getattr(arg, "__metadata__", ())
                        if isinstance(m, Tag) and (models := _models_in(arg))}
                return meta.discriminator, tags
        stack.extend(typing.get_args(ann))
    return None


def _pick(models: list[type[BaseModel]], value: dict, tagged: tuple | None = None) -> type[BaseModel]:
    if len(models) == 1:
        return models[0]
    if tagged and tagged[0](value) in tagged[1]:  # the model pydantic chose (a 再掲 with an id is still a 再掲)
        return tagged[1][tagged[0](value)]
    return max(models, key=lambda m: len(set(value) & {f.alias or n for n, f in m.model_fields.items()}))


def _children(cls: type[BaseModel], data: dict):
    """(key, child models, ref kind or None, value, tagged union or None) for each field present in ``data``."""
    for name, info in cls.model_fields.items():
        key = info.alias or name
        if key in data:
            yield key, _models_in(info.annotation), _ref_kind(info), data[key], _tagged(info.annotation)


def resolve(path: tuple, root: Any, root_model: type[BaseModel] = model.Corpus,
            loc: bool = False) -> list[tuple[type[BaseModel] | None, Any, tuple]]:
    """The chain of (model, data, path) from the root down ``path`` as far as the data goes.
    ``loc``: ``path`` is a pydantic error's location, which has a union's tag after the item it chose
    (``("projects", 0, "ref", "id")`` for an ``id`` in a 再掲): that tag is skipped, not read as a key."""
    chain: list[tuple[type[BaseModel] | None, Any, tuple]] = [(root_model, root, ())]
    cls: type[BaseModel] | None = root_model
    cur: Any = root
    models: list[type[BaseModel]] = [root_model]
    tagged = None
    tag_next = False  # the next part of a location may be the tag of the item just reached
    here: tuple = ()
    for part in path:
        if loc and tag_next and tagged and isinstance(cur, dict) and part == tagged[0](cur):
            tag_next = False
            continue
        if isinstance(cur, dict) and isinstance(part, str) and part in cur:
            info = None
            if cls is not None:
                info = next((f for n, f in cls.model_fields.items() if (f.alias or n) == part), None)
            models = _models_in(info.annotation) if info else []
            tagged = _tagged(info.annotation) if info else None
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            continue  # a union tag in a pydantic location, or a missing key
        here = here + (part,)
        tag_next = True
        cls = _pick(models, cur, tagged) if isinstance(cur, dict) and models else None
        chain.append((cls, cur, here))
    return chain


def describe(path: tuple, root: Any, root_model: type[BaseModel] = model.Corpus) -> str:
    """Where in the corpus ``path`` points, named by the nearest record with an id (or with the field a
    model names in ``key_field``, e.g. a manual-check record by its criterion)."""
    chain = resolve(path, root, root_model)
    where, rest = "ファイルの最上位", []
    for cls, data, here in chain[1:]:
        key = getattr(cls, "key_field", "id") if cls is not None else "id"
        named = cls is not None and (issubclass(cls, model.Record) or hasattr(cls, "key_field"))
        if named and isinstance(data, dict) and isinstance(data.get(key), str):
            where, rest = f"{cls.label}「{data[key]}」", []
        elif cls is model.Synonym and isinstance(data, dict):  # a line of the search's synonym list: no id
            words = data.get("words") if isinstance(data.get("words"), list) else []
            first = next((w for w in words if isinstance(w, str) and w.strip()), "")
            where, rest = (f"{cls.label}「{first.strip()}」の行" if first else f"{cls.label}の行"), []
        elif isinstance(here[-1], str):
            rest.append(f"の「{here[-1]}」")
        elif named:  # a record of a list without its id: named by its place in the list, not as the list
            rest.append(f"の{here[-1] + 1}番目の{cls.label}")
    return where + "".join(rest)


_EXPECTED = {
    "string_type": "文字列",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "bool_type": "「true」か「false」",
    "bool_parsing": "「true」か「false」",
    "list_type": "リスト（- で始まる行）",
    "dict_type": "項目のまとまり（項目名: 値）",
    "model_type": "項目のまとまり（項目名: 値）",
    "model_attributes_type": "項目のまとまり（項目名: 値）",
}


def _from_pydantic(exc: ValidationError, src: Sources,
                   root_model: type[BaseModel] = model.Corpus) -> tuple[list[Problem], set[str]]:
    """Problems for pydantic's errors, and the ids of records swallowed by a record pasted too shallow."""
    out: list[Problem] = []
    root = src.data
    errors = [(err, tuple(err["loc"])) for err in exc.errors(include_url=False)]
    errors = [(err, loc, resolve(loc, root, root_model, loc=True)) for err, loc in errors]
    # unknown keys by the mapping that holds them
    unknown: dict[tuple, list[str]] = {}
    for err, loc, chain in errors:
        data_path = chain[-1][2]
        if err["type"] == "extra_forbidden" and data_path[-1:] == loc[-1:] and isinstance(loc[-1], str):
            unknown.setdefault(data_path[:-1], []).append(loc[-1])
    replaced: list[tuple] = []  # mappings whose errors one clearer message replaces
    absorbed: set[str] = set()
    for mapping, keys in unknown.items():
        found = _misplaced(mapping, keys, src, root_model)
        if found:
            out.append(found[0])
            absorbed |= found[1]
            replaced.append(mapping)
    # a key with a hidden character is reported once, not also as its clean twin "missing"
    hidden_keys = {(m, chars.UNUSUAL.sub("", k)) for m, keys in unknown.items() for k in keys if chars.UNUSUAL.search(k)}
    for err, loc, chain in errors:
        data_path = chain[-1][2]
        if any(data_path[: len(m)] == m for m in replaced):
            continue
        typ, value = err["type"], err.get("input")
        if typ == "missing" or typ == "extra_forbidden" and data_path[-1:] != loc[-1:]:
            field_path = data_path + (loc[-1],)
        else:
            field_path = data_path
        while field_path and not isinstance(field_path[-1], str):
            field_path = field_path[:-1]
        key = field_path[-1] if field_path else ""
        parent = field_path[:-1]
        where = describe(parent, root, root_model).rstrip()
        if src.unread and typ in ("too_short", "missing") and _lost_a_part(src, data_path, loc):
            continue  # a part that could not be read (reported at its - file: item) held what is missing
        pos = src.where(data_path)
        fields: dict[str, Any] = {"where": where, "key": key, "value": _shown(value)}
        if typ == "missing":
            if (data_path, key) not in hidden_keys:
                out.append(problem(*src.where(data_path), "missing-field", **fields))
        elif typ == "extra_forbidden":
            if chars.UNUSUAL.search(key) and data_path[-1:] == loc[-1:]:
                out.extend(_hidden(src, data_path, key, chars.UNUSUAL, "項目名として読めません",
                                   fields, in_key=True))
                continue
            cls = chain[-2][0] if len(chain) > 1 and chain[-1][2] == data_path else None
            allowed = [f.alias or n for n, f in cls.model_fields.items()] if cls else []
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            suggestion = f"（もしかして「{close[0]}」？）" if close else ""
            out.append(problem(*src.key_where(data_path), "unknown-field", suggestion=suggestion,
                               allowed="、".join(allowed), **fields))
        elif typ in ("empty-text", "string_too_short", "too_short") or (typ == "string_type" and value is None):
            hidden = err.get("ctx", {}).get("chars") if typ == "empty-text" else ""
            detail = f"（{hidden}だけが書かれています）" if hidden else ""
            out.append(problem(*pos, "empty-text", detail=detail, **fields))
        elif typ == "invisible-char" and isinstance(value, str):
            out.extend(_hidden(src, data_path, value, chars.INVISIBLE,
                               "題名・名前・番号は見出しや検索、リンクの文字になるため、見えない文字は書けません", fields))
        elif isinstance(value, str) and chars.UNUSUAL.search(value):
            is_id = typ == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == model.ID_PATTERN
            reason = ("id は URL と参照に使うため、半角英小文字・数字・ハイフンのほかは書けません" if is_id
                      else "数・日付・電話番号・URL などの値として読めません")
            out.extend(_hidden(src, data_path, value, chars.UNUSUAL, reason, fields))
        elif typ in ("model_type", "dict_type", "model_attributes_type") and isinstance(value, str) and key_separator(value):
            name, index, what = key_separator(value)  # type: ignore[misc]
            f, local = src.locate(data_path)
            out.append(problem(f.filename, *f.line_col(f.positions.get(local, 0) + index), "key-separator",
                               key=name, what=what))
        elif typ in ("invalid-phone", "invalid-email", "invalid-url", "space-in-word", "no-letter-in-word"):
            out.append(problem(*pos, typ, **fields))
        elif typ.startswith("date_") or typ.startswith("datetime_"):  # the value as written: 「true」, not 「True」
            out.append(problem(*pos, "invalid-date", **fields))
        elif typ == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == model.ID_PATTERN:
            out.append(problem(*pos, "invalid-id", **fields))
        elif typ in _EXPECTED:
            out.append(problem(*pos, "wrong-type", expected=_EXPECTED[typ], actual=value_kind(value), **fields))
        else:
            out.append(problem(*pos, "invalid-value", detail=_detail(typ, err), **fields))
    return out, absorbed


def _whole_number(value: Any) -> bool:
    """A whole number as the model reads one: true and false are not (``model._not_true_or_false``)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any) -> Any:
    """A value as a message shows it: as YAML writes it (``false``, ``1.5``), a list or a mapping by its kind."""
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, (str, int, float)) else value_kind(value)


def _lost_a_part(src: Sources, data_path: tuple, loc: tuple) -> bool:
    """Whether the list that is too short or missing (``policies: []``) had a part that could not be read."""
    path = data_path + (loc[-1],) if loc and isinstance(loc[-1], str) and data_path[-1:] != loc[-1:] else data_path
    return src.lost_part(path)


def _hidden(src: Sources, path: tuple, value: str, pattern: re.Pattern, reason: str,
            fields: dict[str, Any], in_key: bool = False) -> list[Problem]:
    """One invisible-char problem per hidden character of ``value``, at the character itself."""
    loaded, path = src.locate(path)
    filename = loaded.filename
    if in_key:
        start = loaded.key_positions.get(path)
        span = None if start is None else (start, start + len(value) + 2)
    else:
        span = loaded.span(path)
    found = [(m.start(), m.group()) for m in pattern.finditer(loaded.text, *span)] if span else []
    if not found:  # written as an escape ("\u200b") inside quotes: point at the value
        m = pattern.search(value)
        found = [(span[0] if span else loaded.positions.get(path, 0), m.group() if m else value[:1])]
    return [problem(filename, *loaded.line_col(offset), "invisible-char", char=chars.name(ch), reason=reason,
                    **fields) for offset, ch in found]


def _fitting(cls: type[BaseModel], data: dict) -> tuple[str, type[BaseModel]] | None:
    """The list field of ``cls`` and the kind it holds whose fields include every key of ``data``."""
    for name, info in cls.model_fields.items():
        if typing.get_origin(info.annotation) is list:
            for inner in _models_in(info.annotation):
                if set(data) <= {f.alias or n for n, f in inner.model_fields.items()}:
                    return info.alias or name, inner
    return None


def _misplaced(mapping: tuple, keys: list[str], src: Sources,
               root_model: type[BaseModel] = model.Corpus) -> tuple[Problem, set[str]] | None:
    """A record pasted at the wrong depth: a list item whose keys are not its own kind's (two or more unknown)
    but all belong to the kind that a list one level deeper holds (a 事業 pasted at the level of the 主な取組 it
    belongs in: too shallow) or one level shallower (a 事業 pasted inside the previous 事業's list: too deep)."""
    root = src.data
    cls, data = resolve(mapping, root, root_model)[-1][:2]
    if cls is None or not isinstance(data, dict) or len(keys) < 2 or not mapping or not isinstance(mapping[-1], int):
        return None
    loaded, local = src.locate(mapping)
    filename = loaded.filename
    first_line, col = loaded.position(local)

    def offset(path: tuple) -> int | None:
        f, at = src.locate(path)
        return f.positions.get(at) if f is loaded else None

    def column(path: tuple) -> int:
        return src.where(path)[2]
    fit = _fitting(cls, data)
    if fit is not None and fit[1] is not cls:  # too shallow
        field_name, inner = fit
        inner_fields = {f.alias or n: f for n, f in inner.model_fields.items()}
        # records the pasted one swallowed: items with an id in a list whose own kind has no id
        swallowed: list[tuple[str, tuple]] = []
        for key, value in data.items():
            if isinstance(value, list) and not any("id" in m.model_fields for m in _models_in(inner_fields[key].annotation)):
                swallowed += [(v["id"], mapping + (key, i)) for i, v in enumerate(value)
                              if isinstance(v, dict) and isinstance(v.get("id"), str)]
        stop = min((o for _, p in swallowed if (o := offset(p)) is not None), default=len(loaded.text))
        how, target = "", f"{cls.label}の「{field_name}」の中に入れてください"
        if mapping[-1] > 0:
            prev_path = mapping[:-1] + (mapping[-1] - 1,)
            prev = resolve(prev_path, root, root_model)[-1][1]
            if isinstance(prev, dict) and isinstance(prev.get(field_name), list) and prev[field_name]:
                shift = column(prev_path + (field_name, 0)) - col
                how = f"半角スペース {shift} 個分" if shift > 0 else ""
                name = f"「{prev['id']}」" if isinstance(prev.get("id"), str) else ""
                target = f"直前の{cls.label}{name}の「{field_name}」の中に入れてください"
        absorbed = ""
        if swallowed:  # by the list each was read into: 「続く事業「a」も、その「progress」の中に、「b」も「later」の中に…」
            lists = [(key, "".join(f"「{i}」" for i, _ in group))
                     for key, group in itertools.groupby(swallowed, key=lambda s: s[1][-2])]
            absorbed = (f"。続く{inner.label}" + "、".join(f"{names}も{'、その' if n == 0 else ''}「{key}」の中に"
                                                         for n, (key, names) in enumerate(lists)) + "読み込まれています")
        fields = {"depth": "浅い", "read_as": f"{cls.label}として読まれています", "direction": "右へ下げて",
                  "how": how, "target": target, "absorbed": absorbed}
    elif len(mapping) >= 4 and isinstance(mapping[-2], str) and isinstance(mapping[-3], int):  # too deep?
        record_path = mapping[:-2]
        chain = resolve(record_path, root, root_model)
        record_cls, record = chain[-1][:2]
        owner = chain[-3][0] if len(chain) >= 3 else None
        if record_cls is None or owner is None or not isinstance(record, dict):
            return None
        fit = _fitting(owner, data)
        if fit is None or fit[0] != record_path[-2]:
            return None
        inner, swallowed, stop = fit[1], [], len(loaded.text)
        shift = col - column(record_path)
        name = f"{record_cls.label}「{record.get('id')}」" if isinstance(record.get("id"), str) else record_cls.label
        fields = {"depth": "深い", "read_as": f"{name}の「{mapping[-2]}」の一部として読まれています",
                  "direction": "左へ戻して", "how": f"半角スペース {shift} 個分" if shift > 0 else "",
                  "target": f"{name}と同じ並びに入れてください", "absorbed": ""}
    else:
        return None
    ends = [n.end_mark.index for n in _scalars(loaded.node_at(local)) if n.end_mark.index <= stop]
    last_line = loaded.line_col(max(ends))[0] if ends else first_line
    lines = f"{first_line}～{last_line}" if last_line > first_line else f"{first_line}"
    return problem(filename, first_line, col, "indentation", label=inner.label,
                   what=_pasted_name(data, mapping, root, root_model),
                   keys="、".join(keys), lines=lines, **fields), {i for i, _ in swallowed}


def _pasted_name(data: dict, path: tuple, root: Any, root_model: type[BaseModel]) -> str:
    """How a record pasted at the wrong depth is named: by its id, else by its name or title (a record whose
    id line was lost), else by its place in the list that holds it (not as 「」)."""
    for key in ("id", "name", "title"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return f"「{value.strip()}」"
    return f"、{describe(path[:-1], root, root_model)}の{path[-1] + 1}番目"


def _scalars(node: Any):
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in n.value for x in pair)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif n is not None:
            yield n


def _is_prose(annotation: Any, metadata: list | tuple = ()) -> bool:
    """Whether a field holds text (``model.Text`` or ``model.Title``, alone, in a list or in a union)."""
    for meta in (*metadata, *getattr(annotation, "__metadata__", ())):
        if getattr(meta, "func", None) in (model._text, model._title):
            return True
    return any(_is_prose(arg) for arg in typing.get_args(annotation))


def _cut_by_comments(src: Sources, root_model: type[BaseModel] = model.Corpus) -> list[Problem]:
    """Text followed by " #" on its line: YAML reads the rest of the line as a comment and the text is cut.
    Reported for text fields only: a comment after an id, a number, true/false, a date, a URL or a phone
    number cannot have cut anything, since those hold no space."""
    out = []
    root = src.data
    for path, loaded, hash_at in src.comments():
        chain = resolve(path, root, root_model)
        if chain[-1][2] != path:
            continue
        last_key = max((i for i, part in enumerate(path) if isinstance(part, str)), default=None)
        if last_key is None:
            continue
        owner = chain[last_key][0]
        info = next((f for n, f in owner.model_fields.items() if (f.alias or n) == path[last_key]), None) if owner else None
        if info is None or not _is_prose(info.annotation, info.metadata):
            continue
        line_start, line = loaded.line_text(loaded.line_col(hash_at)[0])
        lost = line[hash_at - line_start:].strip()
        lost = lost if len(lost) <= 40 else lost[:39] + "…"
        out.append(problem(loaded.filename, *loaded.line_col(hash_at), "comment-in-text",
                           where=describe(path[:last_key], root, root_model).rstrip(), key=path[last_key], lost=lost))
    return out


def _choices(expected: str) -> str:
    """pydantic's list of allowed values (``'A' or 'AA'``, ``'a', 'b' or 'c'``, ``1``) in Japanese:
    「A」か「AA」, 「a」、「b」か「c」, 1 (an English "or" does not belong in an editor's message)."""
    texts = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    if not texts:
        return expected.replace(" or ", " か ")
    shown = [f"「{t}」" for t in texts]
    return shown[0] if len(shown) == 1 else "、".join(shown[:-1]) + "か" + shown[-1]


def _detail(typ: str, err: dict) -> str:
    ctx = err.get("ctx", {})
    if typ == "literal_error":
        return f"使える値は {_choices(str(ctx.get('expected')))} です".replace(" 「", "「").replace("」 ", "」")
    if typ in ("greater_than_equal", "greater_than"):
        return f"{ctx.get('ge', ctx.get('gt'))} 以上の数を書いてください"
    if typ in ("less_than_equal", "less_than"):
        return f"{ctx.get('le', ctx.get('lt'))} 以下の数を書いてください"
    if typ == "string_too_long":
        return f"{ctx.get('max_length')} 文字以内で書いてください"
    if typ == "string_pattern_mismatch":
        return "決められた形式（半角英数字など）で書いてください"
    return str(err.get("msg", typ))


# --------------------------------------------------------------------------- ids and references


class _References:
    def __init__(self, src: Sources, absorbed: set[str] | None = None) -> None:
        self.src = src
        self.absorbed = absorbed or set()  # ids inside a record pasted too shallow (already reported)
        self.ids: dict[str, tuple[type[model.Record], tuple]] = {}
        self.former: dict[str, tuple[type[model.Record], tuple, str]] = {}  # former id -> (class, path, current id)
        self.refs: list[tuple[str, str, tuple, tuple]] = []  # kind, value, path, owner record path
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        self.walk(model.Corpus, self.src.data, ())
        for kind, value, path, owner in self.refs:
            self.check_ref(kind, value, path, owner)
        return self.problems

    def add(self, code: str, path: tuple, **fields: Any) -> None:
        self.problems.append(problem(*self.src.where(path), code, **fields))

    def walk(self, cls: type[BaseModel], data: dict, path: tuple) -> None:
        if issubclass(cls, model.Record) and isinstance(data.get("id"), str):
            self.register(cls, data["id"], path)
            former = data.get("former_ids") if "former_ids" in cls.model_fields else None
            for i, old in enumerate(former if isinstance(former, list) else []):
                if isinstance(old, str):
                    self.register(cls, old, path + ("former_ids", i), current=data["id"])
        self.check_record(cls, data, path)
        for key, models, ref, value, tagged in _children(cls, data):
            here = path + (key,)
            if ref:
                for i, v in enumerate(value) if isinstance(value, list) else [(None, value)]:
                    if isinstance(v, str):
                        self.refs.append((ref, v, here if i is None else here + (i,), path))
            elif models:
                items = enumerate(value) if isinstance(value, list) else [(None, value)]
                for i, item in items:
                    if isinstance(item, dict):
                        self.walk(_pick(models, item, tagged), item, here if i is None else here + (i,))

    def register(self, cls: type[model.Record], id_: str, path: tuple, current: str | None = None) -> None:
        """An id (``current`` is None) or a former id of the record ``current``: unique across both."""
        where = path if current is not None else path + ("id",)
        if id_ in self.former:
            first_cls, first_path, first_current = self.former[id_]
            self.add("former-id-in-use", where, id=id_, first_at=self.src.at(first_path, self.src.where(where)),
                     first_what=f"{first_cls.label}「{first_current}」の以前の id（former_ids）")
        elif id_ in self.ids and current is not None:
            first_cls, first_path = self.ids[id_]
            self.add("former-id-in-use", where, id=id_, first_at=self.src.at(first_path + ("id",), self.src.where(where)),
                     first_what=f"{first_cls.label}の id ")
        elif id_ in self.ids:
            first_cls, first_path = self.ids[id_]
            self.add("duplicate-id", where, id=id_, first_at=self.src.at(first_path + ("id",), self.src.where(where)),
                     first_label=first_cls.label)
        elif current is not None:
            self.former[id_] = (cls, path, current)
        else:
            self.ids[id_] = (cls, path)

    def check_record(self, cls: type[BaseModel], data: dict, path: tuple) -> None:
        if cls is model.Plan and _whole_number(data.get("start")) and _whole_number(data.get("end")):
            if data["start"] > data["end"]:
                self.add("plan-period", path + ("start",), id=data.get("id"), start=data["start"], end=data["end"])
        if cls is model.Policy and isinstance(data.get("measures"), list) and isinstance(data.get("plans"), list):
            for i, m in enumerate(data["measures"]):
                if isinstance(m, dict) and isinstance(m.get("plan"), str) and m["plan"] not in data["plans"]:
                    self.add("plan-not-in-policy", path + ("measures", i, "plan"), id=m.get("id"), plan=m["plan"],
                             policy=data.get("id"))
        if cls is model.Initiative and isinstance(data.get("projects"), list):
            # a 事業 without an id (reported as missing) is no 再掲's target: None must not match a 事業 without ref
            own = {p["id"] for p in data["projects"] if isinstance(p, dict) and "ref" not in p and isinstance(p.get("id"), str)}
            for i, p in enumerate(data["projects"]):
                if isinstance(p, dict) and isinstance(p.get("ref"), str) and p["ref"] in own:
                    self.add("ref-to-ref", path + ("projects", i, "ref"), value=p["ref"])

    def check_ref(self, kind: str, value: str, path: tuple, owner: tuple) -> None:
        if not re.fullmatch(model.ID_PATTERN, value):
            return  # already reported as invalid-id by the model
        where = describe(owner, self.src.data).rstrip()
        target = _KIND_LABELS.get(kind, "レコード")
        if value not in self.ids and value in self.former:
            cls, _, current = self.former[value]
            self.add("ref-to-former-id", path, where=where, value=value, label=cls.label, current=current)
        elif value not in self.ids:
            if value in self.absorbed or self.src.unread:
                return  # inside a record pasted too shallow, or perhaps in a part that could not be read
            candidates = [i for i, (c, _) in self.ids.items() if kind == "any" or c.kind == kind]
            close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
            self.add("dangling-ref", path, where=where, target_label=target, value=value,
                     suggestion=f"（もしかして「{close[0]}」？）" if close else "")
        elif kind != "any" and self.ids[value][0].kind != kind:
            self.add("wrong-ref-kind", path, where=where, target_label=target, value=value,
                     actual_label=self.ids[value][0].label)


_KIND_LABELS = {cls.kind: cls.label for cls in vars(model).values()
                if isinstance(cls, type) and issubclass(cls, model.Record) and cls is not model.Record}
_KIND_LABELS["any"] = "レコード"


# --------------------------------------------------------------------------- summary


def summary(corpus: model.Corpus) -> dict[str, int]:
    measures = [m for p in corpus.policies for m in p.measures]
    initiatives = [i for m in measures for i in m.initiatives]
    entries = [e for i in initiatives for e in i.projects]
    projects = [e for e in entries if isinstance(e, model.Project)]
    return {
        "基本政策": len(corpus.policies),
        "基本施策": len(measures),
        "主な取組": len(initiatives),
        "事業": len(projects),
        "再掲": len(entries) - len(projects),
        "施政方針": len(corpus.statements),
        "推進プランの取組": sum(len(a.items) for r in corpus.progress_reports for a in r.areas),
    }
