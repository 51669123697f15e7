"""Any municipality (issue #13): nothing about Kawasaki in the tool, and ``portal init`` makes a new project
that passes the validator, never writing into a folder that holds anything.

The built second city (みどり市) and its accessibility run are in tests/site/test_new_city.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.guide import guide_text
from generator.init import files, init, theme_source
from generator.schema import schema_text
from generator.validate import validate_file

ROOT = Path(__file__).resolve().parents[2]
from tests.unit.test_any_city import KAWASAKI


def _init(tmp_path: Path, *args: str, capsys=None) -> tuple[int, str]:
    rc = cli.main(["-C", str(tmp_path), "init", *args])
    out = capsys.readouterr() if capsys else None
    return rc, (out.out + out.err) if out else ""


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_writes_a_project_that_validates(tmp_path, capsys):
    rc, out = _init(tmp_path, "new/midori", "--name", "みどり市", capsys=capsys)
    assert rc == 0, out
    assert "みどり市の政策ポータル" in out and "記入してください" in out
    project = tmp_path / "new" / "midori"
    tree = _tree(project)
    for name in ("policies.yaml", "mkdocs.yml", "content/search.md", "accessibility/manual-checks.yaml", "README.md",
                 ".gitignore", "schema/policies.schema.json", "docs/editing-guide.md", "theme/main.html"):
        assert name in tree, name
    corpus = tree["policies.yaml"].decode("utf-8")
    assert corpus.startswith("# yaml-language-server: $schema=schema/policies.schema.json\n")
    assert (project / "schema" / "policies.schema.json").read_text(encoding="utf-8") == schema_text()
    assert (project / "docs" / "editing-guide.md").read_text(encoding="utf-8") == guide_text()
    result = validate_file(project / "policies.yaml")
    assert result.ok, result.problems
    assert result.corpus.site.title == "みどり市の政策ポータル" and result.corpus.site.organisation == "みどり市"
    assert yaml.safe_load(tree["mkdocs.yml"])["site_name"] == "みどり市の政策ポータル"
    assert "## 編集する人へ" in tree["README.md"].decode("utf-8")
    assert not any(KAWASAKI.search(data.decode("utf-8")) for data in tree.values()), "init wrote something about Kawasaki"
    # The commands that check a project's own files agree with what init wrote.
    assert cli.main(["-C", str(project), "schema", "--check"]) == 0
    assert cli.main(["-C", str(project), "guide", "--check"]) == 0


def test_the_accessibility_policy_of_a_new_city_says_what_is_not_decided_and_invents_nothing(tmp_path):
    """The policy page is generated from the corpus: a new city has decided nothing yet, and nobody has checked
    anything (the record file holds no check)."""
    from generator.build import render_pages
    from generator.manual_checks import load
    from generator.pages import Index, a11y_policy_page

    project = tmp_path / "midori"
    assert init(project, "みどり市")
    corpus = validate_file(project / "policies.yaml").corpus
    assert corpus.accessibility is None
    ix = Index(corpus)
    text = render_pages(corpus, ix, [a11y_policy_page(ix)])["accessibility/index.md"].decode("utf-8")
    assert text.startswith('---\ntitle: "ウェブアクセシビリティ方針"\n')
    assert text.count("まだ定めていません") >= 4 and text.count("まだ記入されていません") == 2
    body = text.split("# ウェブアクセシビリティ方針", 1)[1].replace("対応度表記ガイドライン \\- 2021年4月版", "")  # WAIC's version
    assert not re.search(r"\d{4}年|\d+月\d+日|に準拠\n|\d{2,4}-\d{2,4}-\d{3,4}", body), body
    records = load(project / "accessibility/manual-checks.yaml")
    assert records.ok and records.exists and records.checks == []
    assert not (project / "content/accessibility").exists()


@pytest.mark.parametrize("existing", ["file", "hidden", "folder", "is-a-file"])
def test_init_refuses_a_folder_that_is_not_empty_and_changes_nothing(tmp_path, capsys, existing):
    target = tmp_path / "city"
    if existing == "is-a-file":
        target.write_text("メモ\n", encoding="utf-8")
    else:
        target.mkdir()
        name = {"file": "policies.yaml", "hidden": ".git", "folder": "content"}[existing]
        (target / name).mkdir() if existing == "folder" else (target / name).write_text("元の内容\n", encoding="utf-8")
    before = _tree(tmp_path)
    rc, out = _init(tmp_path, "city", capsys=capsys)
    assert rc == 1
    assert out.startswith("エラー: ") and "上書きしない" in out and "何も変えていません" in out, out
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in (target.iterdir() if target.is_dir() else [])) == \
        ([] if existing == "is-a-file" else [{"file": "policies.yaml", "hidden": ".git", "folder": "content"}[existing]])


def test_init_writes_into_an_empty_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    rc, out = _init(tmp_path, "empty", capsys=capsys)
    assert rc == 0, out
    assert validate_file(tmp_path / "empty" / "policies.yaml").ok


@pytest.mark.parametrize("name", ["", "  ", "みどり\n市"])
def test_init_refuses_a_name_it_cannot_use(tmp_path, capsys, name):
    rc, out = _init(tmp_path, "city", "--name", name, capsys=capsys)
    assert rc == 1 and "--name" in out, out
    assert not (tmp_path / "city").exists()


def test_init_takes_back_what_it_wrote_when_writing_fails(tmp_path, monkeypatch, capsys):
    import generator.init as init_mod

    real = init_mod.files

    def broken(name):
        out = real(name)
        out["theme/assets/\0bad"] = b""  # the file system refuses this name (ValueError is not OSError)
        return out

    monkeypatch.setattr(init_mod, "files", broken)
    with pytest.raises(ValueError):
        init_mod.init(tmp_path / "city")
    assert not (tmp_path / "city").exists()


def test_the_new_projects_settings_follow_this_repositorys():
    """generator/templates/project/ is kept in step with the project files of this repository: the same
    MkDocs settings (but the names and the URL), the same search page, the same theme."""
    new = files("○○市")
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theirs = yaml.safe_load(new["mkdocs.yml"])
    for key in ("site_name", "site_description", "site_url"):
        ours.pop(key), theirs.pop(key)
    assert theirs == ours, "generator/templates/project/mkdocs.yml.j2 differs from mkdocs.yml"
    assert new["content/search.md"] == (ROOT / "content" / "search.md").read_bytes(), \
        "generator/templates/project/search.md differs from content/search.md"
    assert theme_source() == ROOT / "theme"
    assert {k: v for k, v in new.items() if k.startswith("theme/")} == \
        {f"theme/{k}": v for k, v in _tree(ROOT / "theme").items()}
