"""``portal diff``: what changed between two versions of the corpus, in Japanese, short enough to
paste into a pull request. Each side is a file, or a git revision (its policies.yaml)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model
from .pages import Index
from .render import url_of
from .validate import Result, validate_file, validate_text


@dataclass(frozen=True)
class Change:
    kind: str  # 追加 / 変更 / 削除
    record_id: str
    label: str  # 事業「…」
    url: str  # the page (relative to the site root), or "" when the record has no page
    fields: tuple[str, ...] = ()


def load(spec: str, root: Path, corpus_name: str = "policies.yaml") -> tuple[Result, str]:
    """A file path (from ``root`` when relative), or a git revision whose ``policies.yaml`` is read
    from the repository at ``root`` (``HEAD``, ``main~1`` …)."""
    path = root / spec
    if path.is_file():
        return validate_file(path, filename=spec), spec
    proc = subprocess.run(["git", "show", f"{spec}:{corpus_name}"], cwd=root, capture_output=True)
    if proc.returncode != 0:
        raise LookupError(f"「{spec}」はファイルでも git のリビジョンでもありません")
    try:
        text = proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise LookupError(f"{spec}:{corpus_name} が UTF-8 ではありません") from None
    return validate_text(text, filename=f"{spec}:{corpus_name}"), f"{spec}:{corpus_name}"


def _records(corpus: model.Corpus) -> dict[str, tuple[BaseModel, dict[str, Any]]]:
    """Every record by id, with its own fields (nested records and lists of records left out)."""
    out: dict[str, tuple[BaseModel, dict[str, Any]]] = {}

    def walk(obj: Any) -> None:
        if isinstance(obj, BaseModel):
            if isinstance(obj, model.Record):
                own = {}
                for name in type(obj).model_fields:
                    value = getattr(obj, name)
                    if isinstance(value, model.Record) or (isinstance(value, list) and value and isinstance(value[0], model.Record)):
                        continue
                    own[name] = value.model_dump(mode="json") if isinstance(value, BaseModel) else \
                        [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value] if isinstance(value, list) else value
                out[obj.id] = (obj, own)
            for name in type(obj).model_fields:
                walk(getattr(obj, name))
        elif isinstance(obj, list):
            for item in obj:
                walk(item)

    walk(corpus)
    return out


def _field_label(cls: type[BaseModel], name: str) -> str:
    info = cls.model_fields[name]
    desc = (info.description or "").split("（")[0]
    return f"{info.alias or name}（{desc}）" if desc else (info.alias or name)


def diff(old: model.Corpus, new: model.Corpus) -> list[Change]:
    a, b = _records(old), _records(new)
    ix_old, ix_new = Index(old), Index(new)

    def label(ix: Index, rec: Any) -> str:
        return f"{type(rec).label}「{ix.title(rec)}」"

    def url(ix: Index, rec: Any) -> str:
        path = ix.path.get(rec.id, "")
        return url_of(path) if path else ""

    changes = []
    for id_, (rec, fields) in b.items():
        if id_ not in a:
            changes.append(Change("追加", id_, label(ix_new, rec), url(ix_new, rec)))
        elif a[id_][1] != fields or type(a[id_][0]) is not type(rec):
            changed = tuple(_field_label(type(rec), k) for k in fields if a[id_][1].get(k) != fields[k])
            changes.append(Change("変更", id_, label(ix_new, rec), url(ix_new, rec), changed))
    for id_, (rec, _) in a.items():
        if id_ not in b:
            changes.append(Change("削除", id_, label(ix_old, rec), url(ix_old, rec)))
    order = {"追加": 0, "変更": 1, "削除": 2}
    return sorted(changes, key=lambda c: (order[c.kind], c.url, c.label))


def format_changes(changes: list[Change], old_name: str, new_name: str) -> str:
    lines = [f"### policies.yaml の変更（{old_name} → {new_name}）", ""]
    if not changes:
        lines.append("変更はありません。")
    for c in changes:
        where = f"（/{c.url}）" if c.url else ""
        detail = f": {'、'.join(c.fields)}" if c.fields else ""
        lines.append(f"- {c.kind}: {c.label}{where}{detail}")
    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("追加", "変更", "削除")}
    lines += ["", f"追加 {counts['追加']} 件、変更 {counts['変更']} 件、削除 {counts['削除']} 件"]
    return "\n".join(lines)
