"""A corpus in several files: ``policies.yaml`` names part files with ``- file: corpus/…yaml`` list items.

How a record refers to a file (the decision; the editing guide explains it to editors):

* A part is named by a list item of its own, ``- file: PATH``, in a list of records that the model marks
  with ``model.PARTS`` (contacts, plans, topics, policies, statements, progress_reports, a 基本政策's
  measures, a 基本施策's initiatives, a 主な取組's projects). The records the file holds stand in that
  place of the list, in order: one record (a mapping) or several (a list, whose items may again be
  ``- file:``). It is plain YAML — no custom tag such as ``!include`` — so VS Code's schema checking
  keeps working; ``generator.schema`` writes one schema per kind for the part files.
* ``PATH`` is relative to the file that names it, uses ``/``, and ends in ``.yaml`` or ``.yml`` (so
  ``git archive`` in ``generator.diff`` brings it along). It must stay inside the project folder (the
  folder of the entry file), and a file is read once: no cycle, no file named twice.
* Every mistake is a positioned Japanese message at the ``- file:`` item (missing, unreadable or
  non-UTF-8 file, a path outside the project, a cycle, a second reference …); a part's own YAML
  mistakes are reported at their place in the part.

:func:`assemble` reads the entry and its parts into one plain-data tree, the shape a single
``policies.yaml`` would have, so the model, the references check and the generator need not know
about files. :class:`Sources` maps each path of that tree back to the file and the path within it
(``where``), for messages, and back again (``assembled``) for what the loader found in a file.
"""

from __future__ import annotations

import posixpath
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model
from .loader import MAX_BYTES, Loaded, decode, load_file, load_text
from .messages import Problem, problem, value_kind

_PART_LISTS = {(owner, key) for owner, key, _ in model.part_lists()}


def part_list_names() -> str:
    """The lists that may name part files, for messages: 「policies・measures・…」."""
    return "・".join(dict.fromkeys(key for _, key, _ in model.part_lists()))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(c for c in _models_in(arg) if c not in found)
    return found


def _pick(models: list[type[BaseModel]], value: dict) -> type[BaseModel]:
    if len(models) == 1:
        return models[0]
    return max(models, key=lambda m: len(set(value) & {f.alias or n for n, f in m.model_fields.items()}))


def _field(cls: type[BaseModel], key: str):
    return next((f for n, f in cls.model_fields.items() if (f.alias or n) == key), None)


@dataclass
class Sources:
    """The corpus read from its files: the assembled data and where each part of it was written."""

    data: Any
    entry: Loaded
    files: list[Loaded] = field(default_factory=list)  # every file read, the entry first
    problems: list[Problem] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)  # every file the corpus names (read or not): what serve watches
    names: list[str] = field(default_factory=list)  # the same, from the entry's folder (posix): what history follows
    # a list that took in parts: each item's (file, path in that file); where the list itself is written
    _origins: dict[int, list[tuple[Loaded, tuple]]] = field(default_factory=dict, repr=False)
    _homes: dict[int, tuple[Loaded, tuple]] = field(default_factory=dict, repr=False)
    _inverse: dict[tuple[int, tuple], tuple[int, int]] = field(default_factory=dict, repr=False)
    _lost: list[tuple[Loaded, tuple]] = field(default_factory=list, repr=False)  # lists that lost an unread part

    @property
    def unread(self) -> bool:
        """Whether a part could not be read (its records are missing: a reference to them is no news)."""
        return bool(self._lost)

    def lost_part(self, path: tuple) -> bool:
        return any(self.assembled(f, at) == tuple(path) for f, at in self._lost)

    # --- from the assembled tree to the files ---------------------------------------------

    def locate(self, path: tuple) -> tuple[Loaded, tuple]:
        """The file that holds ``path`` of the assembled data, and the path within that file (as far as
        the data goes; the rest of ``path`` is appended, for a field that is missing)."""
        f, local, obj = self.entry, list(), self.data
        for n, part in enumerate(path):
            if isinstance(obj, list) and isinstance(part, int) and 0 <= part < len(obj):
                origins = self._origins.get(id(obj))
                if origins is not None:
                    f, at = origins[part]
                    local = list(at)
                else:
                    local.append(part)
                obj = obj[part]
            elif isinstance(obj, dict) and part in obj:
                local.append(part)
                obj = obj[part]
            else:
                local.extend(path[n:])
                break
        return f, tuple(local)

    def where(self, path: tuple) -> tuple[str, int, int]:
        """``(file name, line, column)`` of the value at ``path`` (or of its nearest ancestor)."""
        f, local = self.locate(tuple(path))
        return (f.filename, *f.position(local))

    def key_where(self, path: tuple) -> tuple[str, int, int]:
        f, local = self.locate(tuple(path))
        return (f.filename, *f.key_position(local))

    def at(self, path: tuple, also: tuple[str, int, int] | None = None) -> str:
        """「12 行目」, or 「corpus/a.yaml の 12 行目」 when ``path`` is in another file than ``also``."""
        filename, line, _ = self.where(path)
        return f"{line} 行目" if also is not None and also[0] == filename else f"{filename} の {line} 行目"

    # --- from a file back to the assembled tree -----------------------------------------

    def assembled(self, f: Loaded, local: tuple) -> tuple:
        """The path in the assembled data of ``local`` in file ``f``."""
        for n in range(len(local), -1, -1):
            hit = self._inverse.get((id(f), local[:n]))
            if hit is not None:
                list_id, index = hit
                home_file, home_path = self._homes[list_id]
                return self.assembled(home_file, home_path) + (index,) + tuple(local[n:])
        return tuple(local)

    def comments(self) -> list[tuple[tuple, Loaded, int]]:
        """Text cut by a same-line comment, in every file: (assembled path, file, offset of the "#")."""
        return [(self.assembled(f, path), f, offset) for f in self.files for path, offset in f.comments]


def assemble(entry_path: str | Path, filename: str | None = None, prefix: str = "") -> Sources:
    """Read the corpus file at ``entry_path`` and every part it names (``filename``: how messages name the
    entry; ``prefix``: put before every file name, e.g. ``HEAD:``)."""
    entry_path = Path(entry_path)
    shown = filename or str(entry_path)
    entry = load_file(entry_path, prefix + shown)
    return _Assembler(entry_path, shown, prefix).run(entry)


def assemble_text(text: str, filename: str = "policies.yaml") -> Sources:
    """A corpus given as text (no folder: a ``- file:`` item is read from the current directory)."""
    return _Assembler(Path(filename), filename, "").run(load_text(text, filename))


class _Assembler:
    def __init__(self, entry_path: Path, shown: str, prefix: str) -> None:
        self.root = entry_path.absolute().parent
        try:
            self.real_root = self.root.resolve()
        except OSError:
            self.real_root = self.root
        self.entry_rel = entry_path.name
        self.shown_dir = posixpath.dirname(shown.replace("\\", "/"))
        self.entry_shown = shown
        self.prefix = prefix
        self.src: Sources
        self.rel: dict[int, str] = {}  # id(file) -> its path from the project folder (posix)
        self.first: dict[Path, tuple[Loaded, tuple]] = {}  # a part file -> the reference that read it
        self.stack: list[Path] = []  # the files being read, outermost first (for cycles)

    def run(self, entry: Loaded) -> Sources:
        self.src = Sources(entry.data, entry, [entry], list(entry.problems), [self.root / self.entry_rel], [self.entry_rel])
        self.rel[id(entry)] = self.entry_rel
        if entry.data is None or not entry.file_items or not isinstance(entry.data, dict):
            return self.src
        try:
            self.stack.append((self.root / self.entry_rel).resolve())
        except OSError:
            self.stack.append(self.root / self.entry_rel)
        self.expand_file(entry, [model.Corpus])
        return self.src

    # --- names -----------------------------------------------------------------------------

    def shown(self, rel: str) -> str:
        return self.prefix + (posixpath.join(self.shown_dir, rel) if self.shown_dir else rel)

    def add(self, f: Loaded, local: tuple, code: str, key: bool = False, **fields: Any) -> None:
        pos = f.key_position(local) if key else f.position(local)
        self.src.problems.append(problem(f.filename, *pos, code, **fields))

    # --- lists with parts ------------------------------------------------------------------

    def expand_file(self, f: Loaded, root_models: list[type[BaseModel]]) -> None:
        """Put the parts named in ``f`` (its root list excepted: the caller splices that) in place."""
        by_list: dict[tuple, list[int]] = {}
        for item_path in f.file_items:
            by_list.setdefault(item_path[:-1], []).append(item_path[-1])
        jobs = []
        for list_path in sorted(by_list, key=len):
            if not list_path:
                continue  # the part's own root list: spliced by the one who named the part
            lst, context = self.context(f.data, root_models, list_path)
            if not isinstance(lst, list):
                continue
            jobs.append((list_path, lst, context))
        for list_path, lst, context in jobs:
            pairs = self.expand_list(f, list_path, lst, context)
            self.place(f, list_path, lst, pairs)

    def context(self, data: Any, models: list[type[BaseModel]], list_path: tuple):
        """The list at ``list_path`` in a file's data, and (owner class, key, item models) when the model knows it."""
        cur, owner, key = data, None, None
        for part in list_path:
            if isinstance(cur, dict) and isinstance(part, str) and part in cur:
                cls = _pick(models, cur) if models else None
                info = _field(cls, part) if cls is not None else None
                owner, key = (cls, part) if info is not None else (None, None)
                models = _models_in(info.annotation) if info is not None else []
                cur = cur[part]
            elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
                cur = cur[part]
            else:
                return None, None
        return cur, (owner, key, models)

    def expand_list(self, f: Loaded, list_path: tuple, lst: list, context) -> list[tuple[Any, tuple[Loaded, tuple]]]:
        owner, key, models = context if context else (None, None, [])
        allowed = (owner, key) in _PART_LISTS
        pairs: list[tuple[Any, tuple[Loaded, tuple]]] = []
        for i, item in enumerate(lst):
            here = list_path + (i,)
            if not (isinstance(item, dict) and "file" in item):
                pairs.append((item, (f, here)))
                continue
            if not allowed:
                if len(item) > 1:  # a record with a stray "file" field: the model names it
                    pairs.append((item, (f, here)))
                    continue
                label = getattr(owner, "label", "") if owner is not None else ""
                where = f"{label}の「{key}」" if label and key else (f"「{key}」" if key else "このリスト")
                self.add(f, here + ("file",), "part-not-allowed", key=True, where=where, allowed=part_list_names())
                continue
            extra = [k for k in item if k != "file"]
            if extra:
                self.add(f, here + (extra[0],), "part-extra-keys", key=True, file=str(item["file"]),
                         keys="」「".join(extra))
            part = self.read_part(f, here, item["file"], (owner, key, models))
            if part is None:
                self.src._lost.append((f, list_path))
                continue
            pf, pdata = part
            if isinstance(pdata, dict):
                pairs.append((pdata, (pf, ())))
            elif isinstance(pf.data, list):
                pairs.extend(pdata)
            else:
                label = models[0].label if models and hasattr(models[0], "label") else "レコード"
                self.add(pf, (), "part-wrong-type", file=pf.filename, label=label, actual=value_kind(pdata))
                self.src._lost.append((f, list_path))
        return pairs

    def place(self, f: Loaded, list_path: tuple, lst: list, pairs: list) -> None:
        lst[:] = [item for item, _ in pairs]
        src = self.src
        src._origins[id(lst)] = [origin for _, origin in pairs]
        src._homes[id(lst)] = (f, list_path)
        for j, (_, (of, at)) in enumerate(pairs):
            src._inverse[(id(of), at)] = (id(lst), j)

    # --- one part --------------------------------------------------------------------------

    def read_part(self, f: Loaded, here: tuple, value: Any, context):
        """The part named at ``here`` in ``f``: (file, its record) or (file, [(record, origin), …]) for a list."""
        models = context[2]
        ref = here + ("file",)
        label = models[0].label if models and hasattr(models[0], "label") else "レコード"
        if not isinstance(value, str) or not re.fullmatch(model.PART_PATTERN, value):
            self.add(f, ref, "part-path", value=str(value) if isinstance(value, (str, int, float)) else value_kind(value))
            return None
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.rel[id(f)]), value))
        target = self.root / rel
        try:
            real = target.resolve()
        except (OSError, RuntimeError):
            real = target
        if rel.startswith("../") or rel == ".." or not real.is_relative_to(self.real_root):
            self.add(f, ref, "part-outside", value=value, entry=self.entry_shown)
            return None
        shown = self.shown(rel)
        self.src.paths.append(target)
        self.src.names.append(rel)
        if real in self.stack:
            chain = [self.shown(self.rel_of(p)) for p in self.stack[self.stack.index(real):]] + [shown]
            self.add(f, ref, "part-cycle", file=shown, chain=" → ".join(chain))
            return None
        if real in self.first:
            first_file, first_path = self.first[real]
            line = first_file.position(first_path)[0]
            at = f"{line} 行目" if first_file is f else f"{first_file.filename} の {line} 行目"
            self.add(f, ref, "part-twice", file=shown, first_at=at)
            return None
        self.first[real] = (f, ref)
        try:
            if target.stat().st_size > MAX_BYTES:
                self.add(f, ref, "part-unreadable", file=shown, detail=f"{MAX_BYTES // (1024 * 1024)} MB を超えています")
                return None
            raw = target.read_bytes()
        except FileNotFoundError:
            self.add(f, ref, "part-not-found", file=shown, includer=f.filename)
            return None
        except IsADirectoryError:
            self.add(f, ref, "part-unreadable", file=shown, detail="ファイルでなくフォルダです")
            return None
        except OSError as exc:
            self.add(f, ref, "part-unreadable", file=shown, detail=exc.strerror or str(exc))
            return None
        text, bad = decode(raw, shown)
        if text is None:
            guess = bad[0].message.split("（", 1)[1].split("で保存されている")[0] if bad else "UTF-8 以外の文字コード"
            self.add(f, ref, "part-not-utf8", file=shown, at_line=bad[0].line if bad else 1, at_col=bad[0].col if bad else 1,
                     guess=guess)
            return None
        if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
            self.add(f, ref, "part-empty", file=shown, label=label)
            return None
        part = load_text(text, shown)
        self.src.files.append(part)
        self.src.problems.extend(part.problems)
        self.rel[id(part)] = rel
        if part.data is None:
            return None
        self.stack.append(real)  # while its own parts are read: a way back to it is a cycle
        try:
            if part.file_items:
                self.expand_file(part, models)
            if isinstance(part.data, list):
                return part, self.expand_list(part, (), part.data, context)
            return part, part.data
        finally:
            self.stack.pop()

    def rel_of(self, real: Path) -> str:
        try:
            return real.relative_to(self.real_root).as_posix()
        except ValueError:
            return str(real)
