"""``portal diff``: what changed between two versions of the corpus, in Japanese, for review.

Each side is a file, or a git revision; either way it is loaded and validated into a
:class:`~generator.model.Corpus`, and the comparison works on the two corpora, never on the file text
(so it does not care how the corpus is laid out in files).

What it reports, record by record (a record = anything with an ``id``):

* 追加 / 削除 — a record is new, or gone (a gone page's URL breaks: listed under 切れるアドレス);
* id の変更 — a record whose ``former_ids`` name an id of the old version (its old URL keeps working);
* 移動 — a record under another parent than before (a 事業 in another 主な取組 …): its page shows a
  new breadcrumb and perhaps another inherited contact, and both parents' pages change;
* 変更 — each changed field with its old and new text, the changed characters marked.

Changed characters are found by character (Japanese has no spaces between words, so a word diff would
mark whole sentences) with diff-match-patch; ``_char_ops`` says why not the standard library's difflib.

Output: Markdown to paste into a pull request (``format_changes``; corpus text escaped, changes in
``<del>``/``<ins>``, which GitHub renders and which CommonMark's emphasis rules cannot break next to
Japanese punctuation), or JSON for tools (``format_json``).
"""

from __future__ import annotations

import difflib
import functools
import html
import io
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model
from .messages import Problem, problem
from .pages import Index
from .project import Project
from .render import absolute_url, url_of
from .validate import Result, _models_in, _ref_kind, validate_file

KINDS = ("追加", "id の変更", "移動", "変更", "削除")
CONTEXT = 20  # unchanged characters kept on each side of a change; longer stretches are shortened with …


@dataclass(frozen=True)
class TextLine:
    """One line of a field (the field itself, or one item of a list) that changed."""

    old_index: int | None  # the item's place in the old list (0-based), None for a field that is not a list
    new_index: int | None
    ops: tuple[tuple[str, str], ...]  # ("=", unchanged) / ("-", deleted) / ("+", inserted), in reading order


@dataclass(frozen=True)
class FieldChange:
    name: str  # the key in policies.yaml
    label: str  # purpose（事業の目的）
    old: Any  # the value as JSON (None when absent)
    new: Any
    lines: tuple[TextLine, ...]
    is_list: bool = False


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    record_id: str  # the id in the new version (the old one for 削除)
    label: str  # 事業「…」
    url: str  # the page, relative to the site root ("" when the record has no page)
    fields: tuple[str, ...] = ()  # 変更: the labels of the changed fields
    details: tuple[FieldChange, ...] = ()  # 変更: what each field said before and says now
    former_id: str = ""  # id の変更: the old id …
    former_url: str = ""  # … and its URL (which now sends the reader on)
    moved_from: tuple[str, str] | None = None  # 移動: (id, label) of the old parent …
    moved_to: tuple[str, str] | None = None  # … and of the new one
    suggestion: str = ""  # 削除: an added record of the same kind and title (perhaps the id was changed)


# --------------------------------------------------------------------------- loading a side


def load(spec: str, root: Path, corpus_name: str = "policies.yaml") -> tuple[Result, str]:
    """A file path (from ``root`` when relative), or a git revision of the repository at ``root``
    (``HEAD``, ``main~1`` …) whose ``corpus_name`` is read as the revision has it."""
    path = root / spec
    if path.is_file():
        return validate_file(path, filename=spec), spec
    if _git(root, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}") is None:
        raise LookupError(f"「{spec}」はファイルでも git のリビジョンでもありません")
    return load_revision(root, spec, corpus_name), f"{spec}:{corpus_name}"


def load_revision(root: Path, rev: str, corpus_name: str = "policies.yaml") -> Result:
    """The corpus as it was at ``rev``. Its YAML files are copied out of git into a temporary folder
    and loaded from there, so whatever files the corpus is made of, they are read as of ``rev``
    (``corpus_name`` is relative to ``root``, which may be a folder inside the repository).
    Raises LookupError (a Japanese message) when ``rev`` is no revision or has no corpus."""
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        raise LookupError(f"{root} は git のリポジトリではありません")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}") is None:
        raise LookupError(f"「{rev}」は git のリビジョンではありません")
    with tempfile.TemporaryDirectory(prefix="portal-rev-") as tmp:
        archive = subprocess.run(["git", "archive", "--format=tar", f"{rev}:{prefix.strip()}", "--", ":(glob)**/*.y*ml"],
                                 cwd=root, capture_output=True)
        if archive.returncode == 0 and archive.stdout:
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(tmp, filter="data")
        entry = Path(tmp) / corpus_name
        if not entry.is_file():
            raise LookupError(f"リビジョン「{rev}」に {corpus_name} がありません")
        return validate_file(entry, filename=corpus_name, prefix=f"{rev}:")


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.decode("utf-8", errors="replace") if proc.returncode == 0 else None


# --------------------------------------------------------------------------- records


@dataclass
class _Rec:
    record: model.Record
    parent: model.Record | None
    own: dict[str, Any] = field(default_factory=dict)  # the record's own fields as JSON (nested records left out)


def _records(corpus: model.Corpus) -> dict[str, _Rec]:
    """Every record by id, with its parent record and its own fields. A list that holds records keeps
    only what is not a record (the 再掲 of a 主な取組's projects): the records are compared on their own."""
    out: dict[str, _Rec] = {}

    def walk(obj: Any, parent: model.Record | None) -> None:
        if isinstance(obj, model.Record) and "id" in type(obj).model_fields:  # not the search's synonym lines
            own = {}
            holding = _holds_records(type(obj))
            for name, info in type(obj).model_fields.items():
                if name == "id":
                    continue
                value = getattr(obj, name)
                if name in holding:
                    value = [v for v in value if not isinstance(v, model.Record)] if isinstance(value, list) else None
                own[info.alias or name] = _json(value)
            out[obj.id] = _Rec(obj, parent, own)
            parent = obj
        if isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                walk(getattr(obj, name), parent)
        elif isinstance(obj, list):
            for item in obj:
                walk(item, parent)

    walk(corpus, None)
    return out


@functools.lru_cache(maxsize=None)
def _holds_records(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of ``cls`` that can hold records (compared record by record, not as the parent's field)."""
    return frozenset(name for name, info in cls.model_fields.items()
                     if any(issubclass(m, model.Record) for m in _models_in(info.annotation)))


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list):
        return [_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _ref_fields(cls: type[BaseModel]) -> set[str]:
    return {info.alias or name for name, info in cls.model_fields.items() if _ref_kind(info)}


def _renamed_refs(rec: _Rec, renames: dict[str, str]) -> dict[str, Any]:
    """The old version's own fields with references to renamed records written with the new ids, so a
    reference that only followed a rename is no change."""
    if not renames:
        return rec.own
    refs = _ref_fields(type(rec.record))
    out = {}
    for key, value in rec.own.items():
        if key in refs:
            value = [renames.get(v, v) for v in value] if isinstance(value, list) else renames.get(value, value)
        elif isinstance(value, list):
            value = [{**v, "ref": renames.get(v["ref"], v["ref"])} if isinstance(v, dict) and isinstance(v.get("ref"), str)
                     else v for v in value]
        out[key] = value
    return out


def _field_label(cls: type[BaseModel], key: str) -> str:
    info = next(f for n, f in cls.model_fields.items() if (f.alias or n) == key)
    desc = (info.description or "").split("（")[0]
    return f"{key}（{desc}）" if desc else key


# --------------------------------------------------------------------------- comparing


def diff(old: model.Corpus, new: model.Corpus) -> list[Change]:
    a, b = _records(old), _records(new)
    ix_old, ix_new = Index(old), Index(new)

    def url(ix: Index, id_: str) -> str:
        path = ix.path.get(id_, "")
        return url_of(path) if path else ""

    # id の変更: an old id that a record of the same kind now keeps in former_ids
    renames: dict[str, str] = {}
    for id_, rec in b.items():
        for former in getattr(rec.record, "former_ids", ()):
            if former in a and former not in b and type(a[former].record) is type(rec.record) and id_ not in a:
                renames[former] = id_
    changes: list[Change] = []
    for former, id_ in renames.items():
        changes.append(Change("id の変更", id_, ix_new.label(b[id_].record), url(ix_new, id_), former_id=former,
                              former_url=url(ix_old, former)))
    back = {new_id: old_id for old_id, new_id in renames.items()}
    for id_, rec in b.items():
        old_id = back.get(id_, id_)
        before = a.get(old_id)
        if before is None or type(before.record) is not type(rec.record):
            changes.append(Change("追加", id_, ix_new.label(rec.record), url(ix_new, id_)))
            continue
        label = ix_new.label(rec.record)
        old_parent = before.parent.id if before.parent is not None else None
        new_parent = rec.parent.id if rec.parent is not None else None
        if renames.get(old_parent, old_parent) != new_parent and before.parent is not None and rec.parent is not None:
            changes.append(Change("移動", id_, label, url(ix_new, id_),
                                  moved_from=(renames.get(old_parent, old_parent), ix_old.label(before.parent)),
                                  moved_to=(new_parent, ix_new.label(rec.parent))))
        own_old = _renamed_refs(before, renames)
        keys = [k for k in rec.own if own_old.get(k) != rec.own[k] and not (k == "former_ids" and id_ in back)]
        if keys:
            details = tuple(_field_change(type(rec.record), k, own_old.get(k), rec.own[k]) for k in keys)
            changes.append(Change("変更", id_, label, url(ix_new, id_), tuple(d.label for d in details), details))
    suspects = None
    for id_, rec in a.items():
        if id_ in renames or (id_ in b and type(b[id_].record) is type(rec.record)):
            continue
        if suspects is None:
            suspects = _Suspects(a, b, ix_new)
        changes.append(Change("削除", id_, ix_old.label(rec.record), url(ix_old, id_),
                              suggestion=suspects.find(rec, ix_old)))
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(changes, key=lambda c: (order[c.kind], c.url, c.label))


class _Suspects:
    """Added records that may be a deleted one under another id (the id changed without former_ids):
    the same kind and the same title, or the same own fields. Indexed once, looked up per deletion."""

    def __init__(self, a: dict[str, _Rec], b: dict[str, _Rec], ix_new: Index) -> None:
        self.by_title: dict[tuple, str] = {}
        self.by_fields: dict[tuple, str] = {}
        for id_, rec in b.items():
            if id_ not in a:
                self.by_title.setdefault((type(rec.record), ix_new.title(rec.record)), id_)
                self.by_fields.setdefault((type(rec.record), _fingerprint(rec)), id_)

    def find(self, gone: _Rec, ix_old: Index) -> str:
        cls = type(gone.record)
        return self.by_title.get((cls, ix_old.title(gone.record))) or self.by_fields.get((cls, _fingerprint(gone))) or ""


def _fingerprint(rec: _Rec) -> str:
    return json.dumps({k: v for k, v in rec.own.items() if k != "former_ids"}, ensure_ascii=False, sort_keys=True)


def broken_urls(changes: list[Change]) -> list[Change]:
    """The 削除 of records that had a page: their URL will answer 「ページが見つかりません」."""
    return [c for c in changes if c.kind == "削除" and c.url and "#" not in c.url]


# --------------------------------------------------------------------------- text of a field


def _flat(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "、".join(f"{k}: {_flat(v)}" for k, v in value.items() if v is not None and v != [])
    if isinstance(value, list):
        return "、".join(_flat(v) for v in value)
    return "" if value is None else str(value)


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [_flat(v) for v in value]
    if isinstance(value, dict):
        return [f"{k}: {_flat(v)}" for k, v in value.items() if v is not None and v != []]
    return [_flat(value)]


def _char_ops(a: str, b: str) -> tuple[tuple[str, str], ...]:
    """The changed characters of ``a`` → ``b``: Google's diff-match-patch (PyPI ``diff-match-patch``) on
    characters, with its semantic clean-up.

    Measured against the standard library's ``difflib.SequenceMatcher`` on every text of the seed corpus
    (``bench/diff_marking.py``, docs/benchmarks.md): both mark exactly the edited characters of a small
    edit (a word replaced, a clause inserted, a character fixed), but when half a sentence is rewritten
    SequenceMatcher keeps the particles and punctuation the two versions happen to share (の, を, 、) and
    cuts the change into 5.4 marked stretches on average, diff-match-patch into 2.0 (one deletion, one
    insertion), which is what a reviewer can read. No time limit (``Diff_Timeout = 0``): the same input
    gives the same marks on every machine."""
    dmp = _dmp()
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    return tuple(({0: "=", -1: "-", 1: "+"}[op], text) for op, text in diffs if text)


@functools.lru_cache(maxsize=1)
def _dmp():
    import diff_match_patch

    dmp = diff_match_patch.diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def _field_change(cls: type[BaseModel], key: str, old: Any, new: Any) -> FieldChange:
    is_list = isinstance(old, list) or isinstance(new, list)
    before, after = _lines(old), _lines(new)
    lines: list[TextLine] = []

    def index(i: int) -> int | None:
        return i if is_list else None

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            lines.append(TextLine(index(i1 + k), index(j1 + k), _char_ops(before[i1 + k], after[j1 + k])))
        for i in range(i1 + pairs, i2):
            lines.append(TextLine(index(i), None, (("-", before[i]),)))
        for j in range(j1 + pairs, j2):
            lines.append(TextLine(None, index(j), (("+", after[j]),)))
    return FieldChange(key, _field_label(cls, key), old, new, tuple(lines), is_list)


# --------------------------------------------------------------------------- Markdown


_MD_INLINE = re.compile(r"([\\`*_\[\]~|])")
_GITHUB_REFS = re.compile(r"([@#])(?=[0-9A-Za-z_])")  # @mention and #123 would notify people or link issues


def md_text(text: str) -> str:
    """Corpus text as literal text in GitHub-flavoured Markdown: HTML escaped, inline Markdown syntax
    backslash-escaped, ``@name``/``#12`` kept from becoming mentions or issue links, line breaks shown as ⏎."""
    text = html.escape(text, quote=False)
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _GITHUB_REFS.sub(r"`\1`", text)
    return text.replace("\r\n", "\n").replace("\n", "⏎").replace("\u2028", "⏎")


def _visible(text: str) -> str:
    """A deletion or insertion made only of white space, made visible."""
    if text.strip():
        return text
    return text.replace(" ", "␣").replace("\u3000", "（全角スペース）").replace("\t", "（タブ）")


def _shorten(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Unchanged stretches longer than 2 × CONTEXT characters keep CONTEXT characters next to each change."""
    out = []
    for n, (tag, text) in enumerate(parts):
        if tag == "=" and len(parts) > 1 and len(text) > 2 * CONTEXT:
            first, last = n == 0, n == len(parts) - 1
            text = ("…" + text[-CONTEXT:]) if first else (text[:CONTEXT] + "…") if last else \
                (text[:CONTEXT] + "…" + text[-CONTEXT:])
        out.append((tag, text))
    return out


def _side(ops: tuple[tuple[str, str], ...], keep: str, tag: str) -> str:
    parts = [(t, s) for t, s in ops if t in ("=", keep)]
    return "".join(md_text(s) if t == "=" else f"<{tag}>{md_text(_visible(s))}</{tag}>" for t, s in _shorten(parts))


def _line_markdown(line: TextLine) -> list[str]:
    """旧 (the old text, deletions marked) and 新 (the new text, insertions marked); one of them alone
    for an item that was only deleted or only added."""
    tags = {t for t, _ in line.ops}
    out = []
    if tags & {"=", "-"}:
        where = f"（{line.old_index + 1}番目）" if line.old_index is not None else ""
        out.append(f"旧{where}: {_side(line.ops, '-', 'del')}")
    if tags & {"=", "+"}:
        where = f"（{line.new_index + 1}番目）" if line.new_index is not None else ""
        out.append(f"新{where}: {_side(line.ops, '+', 'ins')}")
    return out


def _code(text: str) -> str:
    return f"`{text}`"


def format_changes(changes: list[Change], old_name: str, new_name: str, site_url: str = "/") -> str:
    """The review in Markdown (what ``portal diff`` prints by default)."""
    lines = [f"### policies.yaml の変更（{md_text(old_name)} → {md_text(new_name)}）", ""]
    if not changes:
        lines.append("変更はありません。")
    for c in changes:
        label = md_text(c.label)
        where = f"（{_code('/' + c.url)}）" if c.url else ""
        if c.kind == "id の変更":
            keep = f"（古いアドレス {_code('/' + c.former_url)} は新しいページ {_code('/' + c.url)} へ案内します）" if c.url else ""
            lines.append(f"- id の変更: {label} {_code(c.former_id)} → {_code(c.record_id)}{keep}")
        elif c.kind == "移動":
            assert c.moved_from is not None and c.moved_to is not None
            lines.append(f"- 移動: {label}{where} {md_text(c.moved_from[1])}→ {md_text(c.moved_to[1])}")
        else:
            lines.append(f"- {c.kind}: {label}{where}")
        for d in c.details:
            lines.append(f"  - {md_text(d.label)}")
            for line in d.lines:
                lines.extend(f"    - {text}" for text in _line_markdown(line))
    broken = broken_urls(changes)
    if broken:
        lines += ["", "#### 切れるアドレス", ""]
        for c in broken:
            guess = f"（もしかして {_code(c.suggestion)} に変えましたか？）" if c.suggestion else ""
            lines.append(f"- {_code(absolute_url(site_url, _md_path(c.url)))}（{md_text(c.label)}）: id「{md_text(c.record_id)}」"
                         f"がなくなります{guess}。id を変えたのなら、新しい id のレコードに {_code(f'former_ids: [{c.record_id}]')} "
                         "を書き加えると、このアドレスから新しいページへ案内されます。")
    counts = count(changes)
    lines += ["", "、".join(f"{k} {v} 件" for k, v in counts.items())]
    return "\n".join(lines)


def count(changes: list[Change]) -> dict[str, int]:
    return {k: sum(1 for c in changes if c.kind == k) for k in KINDS}


def _md_path(url: str) -> str:
    """A page URL (``jigyo/x/``) back to its Markdown path (``jigyo/x.md``) for ``absolute_url``."""
    return (url.rstrip("/") + ".md") if url else "index.md"


# --------------------------------------------------------------------------- JSON


def format_json(changes: list[Change], old_name: str, new_name: str, site_url: str = "/") -> str:
    """The review for tools: every change with its fields' old and new values and the changed characters."""

    def page(url: str) -> str:
        return "/" + url if url else ""

    def one(c: Change) -> dict[str, Any]:
        return {
            "kind": c.kind, "id": c.record_id, "label": c.label, "url": page(c.url),
            "former_id": c.former_id or None, "former_url": page(c.former_url) if c.former_id else None,
            "from": {"id": c.moved_from[0], "label": c.moved_from[1]} if c.moved_from else None,
            "to": {"id": c.moved_to[0], "label": c.moved_to[1]} if c.moved_to else None,
            "fields": [{"field": d.name, "label": d.label, "old": d.old, "new": d.new,
                        "lines": [{"old_index": ln.old_index, "new_index": ln.new_index, "diff": [list(op) for op in ln.ops]}
                                  for ln in d.lines]} for d in c.details],
        }

    data = {
        "old": old_name, "new": new_name,
        "changes": [one(c) for c in changes],
        "broken_urls": [{"id": c.record_id, "url": absolute_url(site_url, _md_path(c.url)), "label": c.label,
                         "suggestion": c.suggestion or None} for c in broken_urls(changes)],
        "counts": count(changes),
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- portal validate --against


PUBLISHED_CACHE = ".portal-published.json"  # in build/: the pages of the last revision compared with


def published_pages(corpus: model.Corpus) -> dict[str, dict[str, Any]]:
    """``{id: {kind, url, label, title, parent}}`` for every record that has a page."""
    ix = Index(corpus)
    return {id_: {"kind": type(rec).kind, "url": url_of(ix.path[id_]), "label": ix.label(rec), "title": ix.title(rec),
                  "parent": ix.parents[id_][-1].id if ix.parents.get(id_) else None}
            for id_, rec in ix.records.items()}


def _published_at(project: Project, rev: str, rel: str) -> dict[str, dict[str, Any]] | None:
    """The pages of ``rev`` (None when its corpus does not validate). Kept in build/ for the commit, so
    editing and validating again does not load the old version each time (5 s at 10,000 事業)."""
    commit = (_git(project.root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}") or "").strip()
    cache = project.build_dir / PUBLISHED_CACHE
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("format") == 1 and data.get("commit") == commit and data.get("corpus") == rel:
            return data["pages"]
    except (OSError, ValueError, AttributeError):
        pass
    before = load_revision(project.root, rev, rel)
    if not before.ok or before.corpus is None:
        return None
    pages = published_pages(before.corpus)
    try:
        project.build_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + ".tmp")
        tmp.write_text(json.dumps({"format": 1, "commit": commit, "corpus": rel, "pages": pages}, ensure_ascii=False),
                       encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only checkout: no cache, the same answer
    return pages


def published_warnings(project: Project, corpus_file: Path, result: Result, filename: str,
                       against: str | None) -> tuple[list[Problem], str]:
    """``portal validate``: warnings for each page published at revision ``against`` (``None``: HEAD, if
    there is one) whose URL the validated corpus (``result``) no longer serves, neither as a page nor
    through ``former_ids``; and a note when the comparison could not be made. An explicit ``against``
    that is no revision raises LookupError; the implicit HEAD is skipped quietly outside a repository
    and when the corpus files are as committed."""
    from .redirects import redirects

    assert result.corpus is not None and result.loaded is not None
    rev = against or "HEAD"
    try:
        rel = corpus_file.resolve().relative_to(project.root).as_posix()
    except ValueError:
        if against:
            raise LookupError(f"{filename} はプロジェクトのフォルダの外にあるため、{rev} と比べられません") from None
        return [], ""
    if against is None:
        if _git(project.root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") is None:
            return [], ""  # not a repository, or no commit yet: nothing is published
        if _git(project.root, "diff", "--quiet", "HEAD", "--", ":(glob)**/*.y*ml") is not None:
            return [], ""  # the corpus files are as committed
    try:
        published = _published_at(project, rev, rel)
    except LookupError:
        if against:
            raise
        return [], ""
    if published is None:
        return [], f"注意: {rev} の {rel} は検査に通らないため、公開中のアドレスと比べられませんでした。"
    ix = Index(result.corpus)
    served = {url_of(path) for path in ix.path.values()} | {url_of(old) for old, _, _ in redirects(ix)}
    positions = _id_paths(result.loaded.data)
    site_url = project.site_url()
    out = []
    for id_, page in published.items():
        if page["url"] in served:
            continue
        guess = next((rid for rid, rec in ix.records.items() if rid not in published and type(rec).kind == page["kind"]
                      and ix.title(rec) == page["title"]), "")
        where = positions.get(guess) or positions.get(page["parent"] or "")
        at = result.loaded.where(where + ("id",)) if where is not None else (result.loaded.entry.filename, 1, 1)
        out.append(problem(*at, "published-id-removed", against=rev, label=page["label"],
                           url=absolute_url(site_url, _md_path(page["url"])), id=id_,
                           suggestion=f"。もしかして「{guess}」に変えましたか？" if guess else ""))
    return sorted(out), ""


def _id_paths(data: Any) -> dict[str, tuple]:
    """Where each id is in the loaded data (``{id: path of its record}``)."""
    out: dict[str, tuple] = {}
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                out.setdefault(node["id"], path)
            stack.extend((v, path + (k,)) for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(node) if isinstance(v, (dict, list)))
    return out

