"""A temporary copy of the project, for tests that build or run commands: they never write into
the working tree (like mkdocs' own tests, which build small complete projects)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.project import Project

REPO = Path(__file__).resolve().parents[1]
# What a project folder holds (the rest of the repository is the tool, its tests and its docs).
PROJECT_FILES = ("policies.yaml", "corpus", "mkdocs.yml", "content", "theme", "schema", "accessibility/results.json",
                 "accessibility/manual-checks.yaml", "docs/editing-guide.md")


def copy_project(dest: Path, *, git: bool = False, files: tuple[str, ...] = PROJECT_FILES) -> Project:
    """Copy the project's own files into ``dest`` (created); with ``git``, make it a repository with one commit."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in files:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    if git:
        init_git(dest)
    return Project.at(dest)


def init_git(folder: Path) -> None:
    def run(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false",
                        *args], cwd=folder, check=True, capture_output=True)

    run("init", "-q", "-b", "main")
    run("add", "-A")
    run("commit", "-q", "-m", "initial")


def corpus_files(root: Path) -> list[Path]:
    """policies.yaml and every part file it names (generator.parts)."""
    from generator.parts import assemble

    return list(dict.fromkeys(assemble(root / "policies.yaml").paths))


def file_holding(root: Path, text: str) -> Path:
    """The one corpus file (policies.yaml or a part) whose text holds ``text``: what an editor would open."""
    found = [p for p in corpus_files(root) if text in p.read_text(encoding="utf-8")]
    assert len(found) == 1, (text, found)
    return found[0]


SITE_URL = Project.at(REPO).site_url()
