"""Which folder ``portal build`` may replace with the new site, and the mark that proves it built one.

A build replaces the whole output folder (so that no page of an old build survives). That is safe
only for a folder that is absent, empty, or that ``portal build`` wrote itself and that holds
nothing else. Every build therefore leaves a mark, ``.portal-site``, in the folder it writes: the
list of the files it wrote, with their sizes. Before replacing a folder the build checks that the
mark is there and that the folder holds exactly those files; otherwise it refuses and touches
nothing. Whatever the folder holds, the project itself (its root, ``content/``, ``build/``, a folder
with ``policies.yaml`` or ``.git``) is never a place for a site.

Temporary folders (``.portal-tmp-*`` beside the output folder) carry a mark of their own naming
the project; one left behind by a build that was killed is removed by the next build of the same
project (which holds the project's build lock, so no build of it is running).
"""

from __future__ import annotations

import os
import shutil
import time
import tempfile
from pathlib import Path

from .project import CORPUS_NAME, Project

MARK = ".portal-site"
MARK_HEADER = "# portal build が作ったサイトです。このフォルダは次の portal build で丸ごと置き換わります。\n"
TMP_PREFIX = ".portal-tmp-"
TMP_MARK = ".portal-tmp"
SHOWN = 5  # files named in a refusal


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def refusal(project: Project, site: Path) -> str | None:
    """Why ``site`` must not be replaced by a build of ``project``, or None when it may be."""
    site = site.resolve()
    root = project.root
    shown = _display(site)
    if _inside(root, site):
        return f"{shown} はプロジェクトのフォルダ{'' if site == root else 'を含むフォルダ'}です"
    for folder, name in ((project.content_dir, "content/（手書きのページ）"), (project.build_dir, "build/（生成されたページ）")):
        if _inside(site, folder.resolve()):
            return f"{shown} はプロジェクトの {name} {'そのもの' if site == folder.resolve() else 'の中'}です"
    if not site.exists():
        return None
    if not site.is_dir():
        return f"{shown} はフォルダではなくファイルです"
    for name in (CORPUS_NAME, ".git", "mkdocs.yml"):
        if (site / name).exists():
            return f"{shown} に {name} があります（プロジェクトかリポジトリのフォルダです）"
    entries = list(_files(site))
    if not entries:
        return None
    mark = site / MARK
    if not mark.is_file():
        listed = "、".join(p for p, _ in entries[:SHOWN]) + (f" ほか {len(entries) - SHOWN} 件" if len(entries) > SHOWN else "")
        return f"{shown} は portal build が作ったフォルダではありません（中に {listed} があります）"
    expected = read_mark(mark)
    if expected is None:
        return f"{shown} の {MARK} が壊れています"
    foreign = [p for p, size in entries if p != MARK and expected.get(p) != size]
    if foreign:
        listed = "、".join(foreign[:SHOWN]) + (f" ほか {len(foreign) - SHOWN} 件" if len(foreign) > SHOWN else "")
        return f"{shown} に portal build が書いていない（または書いた後に変わった）ファイルがあります: {listed}"
    return None


def _display(path: Path) -> str:
    """The path as the editor typed it (relative to the current folder), with a / when it is a folder."""
    try:
        shown = os.path.relpath(path)
    except ValueError:
        shown = str(path)
    return shown if path.is_file() else shown.rstrip("/") + "/"


def _files(folder: Path):
    """(relative path, size) of every file and symlink under ``folder``; empty folders count as nothing."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames) + sorted(d for d in dirnames if os.path.islink(os.path.join(dirpath, d))):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            yield rel, (os.lstat(path).st_size if not os.path.islink(path) else -1)


def write_mark(site: Path) -> None:
    """List what the build wrote (sorted, so the same site gives the same bytes)."""
    lines = [f"{size}\t{rel}\n" for rel, size in _files(site) if rel != MARK]
    (site / MARK).write_text(MARK_HEADER + "".join(lines), encoding="utf-8")


def read_mark(mark: Path) -> dict[str, int] | None:
    try:
        text = mark.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith(MARK_HEADER):
        return None
    out = {}
    for line in text[len(MARK_HEADER):].splitlines():
        size, sep, rel = line.partition("\t")
        if not sep or not size.lstrip("-").isdigit():
            return None
        out[rel] = int(size)
    return out


# --------------------------------------------------------------------------- temporary folders


# On an interrupt the build must end within seconds, and deleting tens of thousands of fresh files can take
# longer than that (on this project's CI machines, ext4 mounted with `discard`: about 1 ms a file). What
# is not removed in time stays in the marked folder, which the next build removes (remove_stale_temps).
INTERRUPT_CLEANUP_SECONDS = 2.0


def remove_temp(tmp: Path, seconds: float | None = None) -> bool:
    """Remove the temporary folder ``tmp``; with ``seconds``, stop when they are up and keep the rest,
    with the folder's mark (removed last), for the next build. Returns whether it is all gone."""
    if seconds is None:
        shutil.rmtree(tmp, ignore_errors=True)
        return not tmp.exists()
    deadline = time.monotonic() + seconds
    for folder, dirs, files in os.walk(tmp, topdown=False):
        for name in files:
            if folder == str(tmp) and name == TMP_MARK:
                continue
            if time.monotonic() > deadline:
                return False
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass
        for name in dirs:
            try:
                os.rmdir(os.path.join(folder, name))
            except OSError:
                pass  # a symbolic link to a folder, or not empty: rmtree below
    shutil.rmtree(tmp, ignore_errors=True)
    return not tmp.exists()


def make_temp(project: Project, parent: Path) -> Path:
    """A temporary folder beside the output folder (so the final swap is a rename), marked as ours."""
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=parent))
    (tmp / TMP_MARK).write_text(f"{project.root}\n{os.getpid()}\n", encoding="utf-8")
    return tmp


def remove_stale_temps(project: Project, parent: Path) -> list[Path]:
    """Remove temporary folders that an interrupted or killed build of this project left in ``parent``.
    Call only while holding the project's build lock (no other build of it is running)."""
    removed = []
    try:
        candidates = sorted(parent.glob(TMP_PREFIX + "*"))
    except OSError:
        return removed
    for tmp in candidates:
        try:
            owner = (tmp / TMP_MARK).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError, UnicodeDecodeError):
            continue  # not ours: never removed
        if tmp.is_dir() and not tmp.is_symlink() and owner == str(project.root):
            shutil.rmtree(tmp, ignore_errors=True)
            removed.append(tmp)
    return removed
