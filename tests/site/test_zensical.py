"""Smoke test: the generated Markdown and theme also build with Zensical, Material's successor
(Material reaches end of life on 2027-05-05). See docs/zensical.md for what differs.

Zensical lives in its own virtual environment (.venv-zensical, made by `make setup-test`) because it
brings its own versions of MkDocs' dependencies."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from generator import build as build_mod
from tests.project import copy_project

ROOT = Path(__file__).resolve().parents[2]
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("zensical") / "project")


@pytest.fixture(scope="module")
def zensical_site(project) -> Path:
    if not ZENSICAL.exists():
        pytest.fail("Zensical is not installed: run `make setup-test` (it creates .venv-zensical)")
    assert build_mod.generate(project, quiet=True) == 0
    # Zensical wants docs_dir inside the directory of its config file: put the config in build/.
    config = project.mkdocs_yml.read_text(encoding="utf-8")
    config = config.replace("docs_dir: build/docs", "docs_dir: docs").replace("site_dir: site", "site_dir: zensical-site")
    config = config.replace("custom_dir: theme", "custom_dir: ../theme")
    cfg = project.build_dir / "zensical.yml"
    cfg.write_text(config, encoding="utf-8")
    proc = subprocess.run([str(ZENSICAL), "build", "--clean", "-f", str(cfg)], cwd=project.root, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project.build_dir / "zensical-site"


def test_zensical_builds_every_generated_page(zensical_site, project):
    docs = project.out_dir
    for md in docs.rglob("*.md"):
        rel = md.relative_to(docs).with_suffix("")
        out = zensical_site / (rel.parent if rel.name == "index" else rel) / "index.html"
        assert out.is_file(), f"Zensical did not build {rel}"


def test_zensical_keeps_our_theme_overrides_and_anchors(zensical_site):
    text = (zensical_site / "torikumi" / "jichi-kihon-jorei-2011" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="現在位置"' in text  # breadcrumb (generated Markdown)
    assert 'class="portal-footer"' in text  # theme/main.html block override
    assert 'id="jichi-kakuju"' in text  # the 事業's stable anchor
    assert (zensical_site / "data" / "projects.csv").is_file()


def test_mkdocs_config_is_plain_yaml_that_zensical_reads():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config  # Zensical ignores hooks: the generator runs as its own step
    assert config["plugins"] == []
