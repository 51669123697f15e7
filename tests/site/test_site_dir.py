"""``portal build --site-dir DIR`` replaces only a folder it built itself (issue: it deleted whatever DIR
held — a user's files, content/, even the whole repository — and said it had succeeded)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import sitedir
from tests.project import copy_project

FILES = ("policies.yaml", "corpus", "mkdocs.yml", "content", "theme", "accessibility/results.json")


def portal(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project copy (a git repository, as the real one) with one good build in site/."""
    project = copy_project(tmp_path_factory.mktemp("sitedir") / "p", git=True, files=FILES)
    assert portal(project.root, "build").returncode == 0
    return project


def test_a_folder_holding_a_users_files_is_refused_and_left_alone(built, tmp_path):
    user = tmp_path / "user"
    (user / "sub").mkdir(parents=True)
    (user / "important.txt").write_text("大事なメモ", encoding="utf-8")
    (user / "sub" / "予算.xlsx").write_bytes(b"PK\x03\x04")
    before = snapshot(user)
    proc = portal(built.root, "build", "--site-dir", str(user))
    assert proc.returncode == 1
    assert "portal build が作ったフォルダではありません（中に important.txt、sub/予算.xlsx があります）" in proc.stdout
    assert "何も変えていません" in proc.stdout and "Traceback" not in proc.stderr
    assert snapshot(user) == before


@pytest.mark.parametrize("target,why", [
    (".", "はプロジェクトのフォルダです"),
    ("..", "はプロジェクトのフォルダを含むフォルダです"),
    ("content", "はプロジェクトの content/（手書きのページ） そのものです"),
    ("content/accessibility", "はプロジェクトの content/（手書きのページ） の中です"),
    ("build", "はプロジェクトの build/（生成されたページ） そのものです"),
    ("theme", "は portal build が作ったフォルダではありません"),
    ("policies.yaml", "はフォルダではなくファイルです"),
])
def test_the_project_and_its_folders_are_refused(built, target, why):
    before = snapshot(built.root.parent)
    proc = portal(built.root, "build", "--site-dir", target)
    assert proc.returncode == 1 and why in proc.stdout, proc.stdout
    assert snapshot(built.root.parent) == before


def test_folders_holding_a_corpus_or_a_repository_are_refused(built, tmp_path):
    for name, why in (("policies.yaml", "に policies.yaml があります"), (".git", "に .git があります")):
        other = tmp_path / f"other-{name.strip('.')}"
        other.mkdir()
        (other / name).write_text("x", encoding="utf-8")
        (other / sitedir.MARK).write_text(sitedir.MARK_HEADER, encoding="utf-8")  # even with a (forged) mark
        proc = portal(built.root, "build", "--site-dir", str(other))
        assert proc.returncode == 1 and why in proc.stdout
        assert (other / name).read_text(encoding="utf-8") == "x"


def test_a_file_added_to_or_changed_in_a_built_site_makes_the_build_refuse(built):
    site = built.site_dir
    (site / "メモ.txt").write_text("公開前の確認メモ", encoding="utf-8")
    try:
        proc = portal(built.root, "build")
        assert proc.returncode == 1 and "portal build が書いていない（または書いた後に変わった）ファイルがあります: メモ.txt" in proc.stdout
        assert (site / "メモ.txt").exists()
    finally:
        (site / "メモ.txt").unlink()
    index = site / "index.html"
    original = index.read_bytes()
    index.write_bytes(original + b"<!-- hand edit -->")
    try:
        proc = portal(built.root, "build")
        assert proc.returncode == 1 and "ファイルがあります: index.html" in proc.stdout
    finally:
        index.write_bytes(original)


def test_a_site_it_built_itself_an_empty_folder_and_a_new_folder_are_replaced(built, tmp_path):
    assert (built.site_dir / sitedir.MARK).is_file()
    assert portal(built.root, "build").returncode == 0  # its own site/
    empty = tmp_path / "empty"
    empty.mkdir()
    assert portal(built.root, "build", "--site-dir", str(empty)).returncode == 0
    assert (empty / "index.html").is_file() and (empty / sitedir.MARK).is_file()
    assert portal(built.root, "build", "--site-dir", str(tmp_path / "new" / "site")).returncode == 0
    assert (tmp_path / "new" / "site" / "index.html").is_file()


def test_a_relative_site_dir_is_taken_from_the_folder_the_command_runs_in(built, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    # -C runs the command as if started in the project folder (as git -C and make -C)
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(built.root), "build", "--site-dir", "../out-c"],
                          cwd=work, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    assert (built.root.parent / "out-c" / "index.html").is_file()
    assert not (work / "out-c").exists()
    proc = portal(built.root, "build", "--site-dir", "../out-here")
    assert proc.returncode == 0 and (built.root.parent / "out-here" / "index.html").is_file()


def test_help_says_what_site_dir_may_replace():
    proc = portal(Path.cwd(), "build", "--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    for words in ("サイトを作るフォルダ", "丸ごと置き換", "空のフォルダ", "前に portal build が作ったフォルダ", "使えません"):
        assert words.replace(" ", "") in text.replace(" ", ""), words


def test_a_stopping_build_removes_its_temporary_folder_within_its_seconds_and_leaves_the_rest_marked(tmp_path):
    """On an interrupt the clean-up has a time limit (deleting fresh files can be slow); what is left keeps the
    folder's mark, so the next build recognises the folder as its own and removes it."""
    project = copy_project(tmp_path / "p", files=("policies.yaml",))

    def filled() -> Path:
        tmp = sitedir.make_temp(project, project.root)
        for n in range(50):
            (tmp / "site" / f"d{n}").mkdir(parents=True)
            (tmp / "site" / f"d{n}" / "index.html").write_text("x", encoding="utf-8")
        return tmp

    tmp = filled()
    assert sitedir.remove_temp(tmp, 0.0) is False  # no time at all: nothing but what was due is removed
    assert (tmp / sitedir.TMP_MARK).is_file() and any(tmp.rglob("index.html"))
    assert sitedir.remove_stale_temps(project, project.root) == [tmp] and not tmp.exists()  # the next build's job
    tmp = filled()
    assert sitedir.remove_temp(tmp, 60.0) is True and not tmp.exists()
    tmp = filled()
    assert sitedir.remove_temp(tmp) is True and not tmp.exists()


def test_a_content_folder_where_the_search_index_goes_stops_the_build(built):
    """content/search-index/ would be copied into the site where the search index is written: the build says so
    and stops (the index never removes a folder it did not write), and site/ stays as it was."""
    theirs = built.root / "content" / "search-index" / "notes.txt"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("an editor's file", encoding="utf-8")
    before = snapshot(built.root / "site")
    try:
        proc = portal(built.root, "build")
        assert proc.returncode == 1, proc.stdout
        assert "content/search-index/ は検索インデックスと同じ場所です" in proc.stdout and "Traceback" not in proc.stderr
        assert snapshot(built.root / "site") == before
        assert theirs.read_text(encoding="utf-8") == "an editor's file"
    finally:
        theirs.unlink()
        theirs.parent.rmdir()
