"""Change history from the repository: for the last commits that touched the corpus files, which
records changed, and how (the same comparison as ``portal diff``). Used for each page's 変更履歴
beside the entries an editor writes in ``page.history``. Without git (or outside a repository)
there is simply no repository history."""

from __future__ import annotations

import posixpath
import subprocess
from pathlib import Path
from typing import Any

from .diff import Change, diff, load_revision
from .project import Project

MAX_COMMITS = 10
MAX_BYTES = 2 * 1024 * 1024  # larger corpora: reading 10 old versions would slow every build down


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.decode("utf-8", errors="replace") if proc.returncode == 0 else None


def repository_history(project: Project, corpus_path: str | Path,
                       files: list[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """``{record id: [(YYYY-MM-DD, summary), …]}``, newest first, from git history of the corpus files.

    The corpus files are the entry and every part it names (``files``: their paths from the entry's
    folder, as ``generator.parts.Sources.names`` gives them; read from the entry when not given). The
    commits followed are the last ones that touched any of them — or any file an older version named:
    a part renamed or folded back into policies.yaml still leads to the commits that changed it. Each
    version is read as a whole from git (``generator.diff.load_revision``), so a record that moved to
    another file is the same record, and a commit that only split or joined files changes nothing.

    A page's history follows it across a change of id (``former_ids``): what happened under an old id
    is listed under the id the record has now. A move is listed on the moved record's page and on the
    pages of the parent it left and the parent it joined."""
    path = Path(corpus_path).resolve()
    root = project.root
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return {}
    if files is None:
        from .parts import assemble

        files = assemble(path).names
    base = posixpath.dirname(rel)
    names = list(dict.fromkeys(posixpath.join(base, name) for name in files))
    try:
        if sum((root / name).stat().st_size for name in names if (root / name).is_file()) > MAX_BYTES:
            return {}
    except OSError:
        return {}
    loaded: dict[str, tuple[Any, list[str]]] = {}  # commit -> (corpus or None, the files it names)
    commits: list[list[str]] = []
    for _ in range(5):  # names found in older versions widen the search; a few rounds settle it
        log = _git(root, "log", f"-{MAX_COMMITS + 1}", "--format=%H %cs", "--", *names)
        if not log:
            return {}
        commits = [line.split() for line in log.splitlines() if line.strip()]
        for sha, _date in commits:
            if sha not in loaded:
                try:
                    result = load_revision(root, sha, rel)
                except LookupError:
                    result = None
                ok = result is not None and result.ok
                older = [posixpath.join(base, n) for n in result.loaded.names] if result is not None and result.loaded else []
                loaded[sha] = (result.corpus if ok else None, older)
        wider = list(dict.fromkeys(names + [n for sha, _ in commits for n in loaded[sha][1]]))
        if wider == names:
            break
        names = wider
    versions = [(date, loaded[sha][0]) for sha, date in commits]
    out: dict[str, list[tuple[str, str]]] = {}
    now: dict[str, str] = {}  # an id of an older version -> the id the record has in the newest version

    def add(id_: str, date: str, summary: str) -> None:
        out.setdefault(now.get(id_, id_), []).append((date, summary))

    for (date, new), (_, old) in zip(versions, versions[1:]):  # newest first
        if new is None or old is None:
            continue  # a version that no longer validates (older format): skipped, not guessed
        for change in diff(old, new):
            add(change.record_id, date, _summary(change))
            if change.kind == "移動" and change.moved_from and change.moved_to:
                add(change.moved_from[0], date, f"{change.label}を{change.moved_to[1]}へ移しました")
                add(change.moved_to[0], date, f"{change.label}が{change.moved_from[1]}から移ってきました")
            if change.kind == "id の変更":
                now[change.former_id] = now.get(change.record_id, change.record_id)
    if versions and versions[-1][1] is not None and len(commits) <= MAX_COMMITS:
        first_date, first = versions[-1]
        for rid in _all_ids(first):
            add(rid, first_date, "掲載")
    return out


def _summary(change: Change) -> str:
    if change.kind == "変更":
        return "変更: " + "、".join(change.fields)
    if change.kind == "id の変更":
        return f"id を変更（{change.former_id} → {change.record_id}）"
    if change.kind == "移動" and change.moved_from and change.moved_to:
        return f"移動: {change.moved_from[1]}→ {change.moved_to[1]}"
    return change.kind


def _all_ids(corpus) -> list[str]:
    from .diff import _records

    return list(_records(corpus))
