"""Every speed-up of ``portal build`` leaves the site byte for byte as it was (issue #15, item 4).

The seed site is built with all speed-ups on, then once with each one turned off
(``PORTAL_SPEEDUPS_OFF``, see ``generator.build.SPEEDUPS``), and every file is compared — the
search index, the sitemap and the CSS included. ``PORTAL_PARALLEL_FROM=1`` (and the search index's own
thresholds set to 1) makes the seed site (75 pages) take the paths a 10,000-事業 build takes (several
processes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build as build_mod
from generator import search_index
from tests.project import copy_project


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The seed project, plus a hand-written page with front matter (the sitemap's lastmod comes from it)
    and links to anchors on other pages (MkDocs checks them over every page)."""
    project = copy_project(tmp_path_factory.mktemp("speedups") / "p")
    (project.content_dir / "accessibility").mkdir(exist_ok=True)  # not_in_nav (mkdocs.yml)
    (project.content_dir / "accessibility" / "speedups.md").write_text(
        "---\nupdated: 2025-04-01\n---\n\n# 試しのページ\n\n[トップのお問い合わせ先](../index.md#contact)\n",
        encoding="utf-8")
    return project


def parallel(mp) -> None:
    mp.setenv("PORTAL_PARALLEL_FROM", "1")
    mp.setattr(build_mod, "PARALLEL_FROM", 1)
    mp.setattr(search_index, "PARALLEL_FROM", 1)
    mp.setattr(search_index, "SHARDS_PARALLEL_FROM", 1)


ENTRIES: list[int] = []  # how many pages' index entries MkDocs' workers made, per fast build


@pytest.fixture(scope="module")
def fast(project, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        parallel(mp)
        mp.delenv("PORTAL_SPEEDUPS_OFF", raising=False)
        load = build_mod._load_entries
        mp.setattr(build_mod, "_load_entries", lambda path: ENTRIES.append(len(r := load(path) or {})) or r)
        site = tmp_path_factory.mktemp("fast") / "site"
        assert build_mod.build(project, site_dir=site) == 0
    return files(site)


def test_the_index_takes_the_pages_as_mkdocs_workers_wrote_them(fast):
    """Without this, index-in-mkdocs could silently do nothing and the comparison below would still pass."""
    pages = [f for f in fast if f.endswith(".html") and f not in search_index.SKIP
             and b"data-pagefind-body" in fast[f]]
    assert ENTRIES == [len(pages)] and len(pages) > 70


@pytest.mark.parametrize("name", [*build_mod.SPEEDUPS, "all"])
def test_the_site_is_the_same_without_the_speedup(name, project, fast, tmp_path, monkeypatch):
    parallel(monkeypatch)
    monkeypatch.setenv("PORTAL_SPEEDUPS_OFF", name)
    site = tmp_path / "site"
    assert build_mod.build(project, site_dir=site) == 0
    slow = files(site)
    assert sorted(slow) == sorted(fast)
    assert [f for f in fast if fast[f] != slow[f]] == []
    assert any(f.startswith("search-index/") for f in fast)  # the search index is compared too
    assert b"<lastmod>2025-04-01</lastmod>" in fast["sitemap.xml"]


@pytest.mark.parametrize("speedups_off", ["", "all"])
def test_a_broken_anchor_fails_the_build_either_way(speedups_off, tmp_path, monkeypatch, capfd):
    """--strict still counts a warning that a worker logs (MkDocs' anchor check runs over every page)."""
    monkeypatch.setenv("PORTAL_PARALLEL_FROM", "1")
    monkeypatch.setattr(build_mod, "PARALLEL_FROM", 1)
    monkeypatch.setenv("PORTAL_SPEEDUPS_OFF", speedups_off)
    project = copy_project(tmp_path / "p")
    page = project.content_dir / "accessibility" / "broken-anchor.md"  # not_in_nav (mkdocs.yml)
    page.parent.mkdir(exist_ok=True)
    page.write_text("# 試しのページ\n\n[壊れたリンク](../seisaku/index.md#no-such-anchor)\n", encoding="utf-8")
    assert build_mod.build(project, site_dir=tmp_path / "site") == 1
    out = capfd.readouterr()
    assert "does not contain an anchor '#no-such-anchor'" in out.out + out.err
    assert not (tmp_path / "site").exists()
