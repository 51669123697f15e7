"""``portal build --engine properdocs``: the seed site built with ProperDocs 1.6 (the maintained fork of
MkDocs 1.x, docs/engines.md) passes the built-site checks and the whole accessibility runner, and is the
MkDocs build byte for byte but for the generator's name in one <meta> tag."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build as build_mod
from tests.project import copy_project
from tests.site import test_built_site as checks

ROOT = Path(__file__).resolve().parents[2]
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("properdocs") / "p")


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("properdocs-site") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PORTAL_PARALLEL_FROM", "1")  # ProperDocs through the parallel page builder too
        assert build_mod.build(project, site_dir=out, engine="properdocs") == 0
    return out


def test_properdocs_is_the_engine_that_built_it(site):
    assert b'content="mkdocs-ProperDocs 1.6.' in (site / "index.html").read_bytes()


def test_same_bytes_as_mkdocs_but_the_generator_tag(project, site, tmp_path):
    mkdocs_site = tmp_path / "site"
    assert build_mod.build(project, site_dir=mkdocs_site) == 0
    ours, theirs = files(site), files(mkdocs_site)
    assert sorted(ours) == sorted(theirs)
    differ = [name for name in ours if name != ".portal-site"
              and GENERATOR_META.sub(b"", ours[name]) != GENERATOR_META.sub(b"", theirs[name])]
    assert differ == []


@pytest.mark.parametrize("check", [
    checks.test_every_internal_link_and_anchor_in_the_built_site_resolves,
    checks.test_html_lang_is_japanese_and_no_request_leaves_the_site,
    checks.test_page_weight_does_not_carry_the_whole_navigation,
    checks.test_sitemap_lists_every_page,
    checks.test_breadcrumb_and_skip_link_on_every_generated_page,
    checks.test_search_index_is_built_and_not_loaded_by_ordinary_pages,
    checks.test_every_page_has_a_json_twin_beside_it,
], ids=lambda f: f.__name__.removeprefix("test_"))
def test_built_site_checks(check, site):
    check(site)


def test_accessibility_runner_passes(site, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "tests.accessibility.run", "--site", str(site), "--report", "md",
                           "--report-dir", str(tmp_path), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          timeout=1800)
    report = (tmp_path / "accessibility.md").read_text(encoding="utf-8") if (tmp_path / "accessibility.md").exists() else ""
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:] + report[-3000:]
