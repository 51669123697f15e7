"""The built site: a strict MkDocs build of the seed corpus, with every 事業 and 基本施策 in it,
pages whose weight does not grow with the corpus, and no request leaving the site."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator import build as build_mod
from generator.model import Project
from generator.validate import validate_file
from tests.project import copy_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed():
    return validate_file(ROOT / "policies.yaml").corpus


@pytest.fixture(scope="session")
def project(tmp_path_factory):
    """A copy of the project: building never writes into the working tree."""
    return copy_project(tmp_path_factory.mktemp("project") / "p")


@pytest.fixture(scope="session")
def site(project) -> Path:
    """A fresh strict build (mkdocs --strict + Pagefind) into a temporary directory."""
    out = project.root / "site"
    assert build_mod.build(project) == 0
    return out


def page(site: Path, url_path: str) -> str:
    return (site / url_path.strip("/") / "index.html").read_text(encoding="utf-8")


def test_every_measure_and_project_of_the_seeds_is_in_the_built_html(site, seed):
    for policy in seed.policies:
        assert html.escape(policy.title, quote=False) in page(site, f"seisaku/{policy.id}")
        for measure in policy.measures:
            text = page(site, f"shisaku/{measure.id}")
            assert html.escape(f"{measure.code} {measure.title}", quote=False) in text
            for ini in measure.initiatives:
                ini_html = page(site, f"torikumi/{ini.id}")
                for entry in ini.projects:
                    if isinstance(entry, Project):
                        assert f'id="{entry.id}"' in ini_html  # the stable anchor
                        assert html.escape(entry.name, quote=False) in page(site, f"jigyo/{entry.id}")
                        assert html.escape(entry.purpose, quote=False) in ini_html


def test_saikei_is_a_link_to_the_one_project_not_a_copy(site, seed):
    text = page(site, "torikumi/sogo-kocho-2011")
    assert "住民投票制度運営事業（再掲）" in text
    assert 'href="../../jigyo/jumin-tohyo-seido/"' in text
    assert "市政に係る重要事項について、必要に応じて" not in text  # the purpose lives on one page only


def test_top_page_reaches_every_policy_in_one_tap_and_shows_the_contact_centre(site, seed):
    text = page(site, "")
    for policy in seed.policies:
        assert f'href="seisaku/{policy.id}/"' in text
    assert "サンキューコールかわさき" in text and "午前8時から午後9時 年中無休" in text


def test_contact_block_has_working_tel_and_mailto_links(site):
    text = page(site, "shisaku/kyodo-machizukuri-2008")
    assert 'href="tel:044-200-2550"' in text
    assert 'href="mailto:17kityo@city.kawasaki.jp"' in text
    assert "コンテンツ番号" in text and "23578" in text


def test_breadcrumb_and_skip_link_on_every_generated_page(site):
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).parent.as_posix()
        if rel.split("/")[0] in {"seisaku", "shisaku", "torikumi", "jigyo", "shisei-hoshin", "suishin-plan"} and "/" in rel:
            text = path.read_text(encoding="utf-8")
            assert 'aria-label="現在位置"' in text, rel
            assert 'class="md-skip"' in text, rel


def test_html_lang_is_japanese_and_no_request_leaves_the_site(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert '<html lang="ja"' in text, path
        loads = re.findall(r'<(?:script|img|iframe|source)\b[^>]*?src="([^"]+)"', text)
        loads += [m for rel, m in re.findall(r'<link\b[^>]*?rel="([^"]+)"[^>]*?href="([^"]+)"', text) if rel != "canonical"]
        for attr in loads:
            assert not re.match(r"^(https?:)?//", attr), f"{path}: loads {attr}"


def test_page_weight_does_not_carry_the_whole_navigation(site):
    """Generated pages are not in the nav: each page lists only the short hand-written nav."""
    counts = set()
    for path in site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        counts.add(text.count('class="md-nav__link'))
        assert len(text.encode()) < 60_000, path
    assert max(counts) <= 14, counts  # the six hand-written entries, whatever the corpus holds


def test_sitemap_lists_every_page(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    pages = {p.relative_to(site).parent.as_posix() for p in site.rglob("index.html")}
    for rel in pages:
        if rel != "404":
            assert f"<loc>https://policy-portal.example.jp/{'' if rel == '.' else rel + '/'}</loc>" in sitemap, rel


def test_search_index_is_built_and_not_loaded_by_ordinary_pages(site):
    assert (site / "pagefind" / "pagefind.js").is_file()
    top = page(site, "")
    assert "pagefind/" not in top
    assert re.findall(r"<script[^>]*>", top) == ['<script src="assets/drawer.js" defer>']
    assert "pagefind/pagefind.js" in page(site, "search")


def test_two_builds_of_the_same_input_are_byte_identical(site, project, tmp_path):
    again = tmp_path / "site"
    assert build_mod.build(project, site_dir=again) == 0
    first = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ  # sitemap.xml.gz and the Pagefind index included
    assert "sitemap.xml.gz" in first


def test_a_failed_build_leaves_the_previous_site_as_it_was(site, project, tmp_path):
    target = tmp_path / "site"
    assert build_mod.build(project, site_dir=target) == 0
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    bad = ROOT / "tests" / "unit" / "fixtures" / "invalid" / "many-errors.yaml"
    assert build_mod.build(project, bad, site_dir=target) == 1
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_every_internal_link_and_anchor_in_the_built_site_resolves(site):
    """Our own link check over the built HTML: MkDocs' strict mode does not report a relative link to a
    missing non-Markdown file (an index.json, a CSV), so every href/src is resolved here."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.links, self.ids = [], set()

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if "id" in a:
                self.ids.add(a["id"])
            for key in ("href", "src"):
                if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical", "alternate") and key == "href"
                                        and a[key].startswith("http")):
                    self.links.append(a[key])

    parsed = {}
    for path in site.rglob("*.html"):
        p = Links()
        p.feed(path.read_text(encoding="utf-8"))
        parsed[path] = p
    broken = []
    for path, p in parsed.items():
        for link in p.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # mailto:, tel:, https: — not files of this site
            if parts.path.startswith("/"):  # 404.html uses site-root paths
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)} → {link}")
            elif parts.fragment and target.suffix == ".html" and target in parsed and unquote(parts.fragment) not in parsed[target].ids:
                broken.append(f"{path.relative_to(site)} → {link} (no such anchor)")
    assert not broken, "\n".join(broken[:50])


COMMANDS = [  # (arguments, expected exit code) — each run in a copy of the project that is a git repository
    (["validate"], 0), (["generate", "--quiet"], 0), (["build", "--site-dir", "{tmp}/s"], 0),
    (["diff", "HEAD", "policies.yaml"], 0), (["schema", "--check"], 0), (["guide", "--check"], 0), (["messages"], 0),
    (["synth", "3", "{tmp}/synth.yaml"], 0), (["validate", "no-such.yaml"], 1), (["no-such-command"], 2),
]


def test_no_command_modifies_hand_written_content_or_the_corpus(tmp_path):
    import subprocess
    import sys

    project = copy_project(tmp_path / "p", git=True)
    watched = [project.corpus, *sorted(p for p in project.content_dir.rglob("*") if p.is_file())]

    def snapshot():
        return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in watched}

    before = snapshot()
    for args, expected in COMMANDS:
        args = [a.format(tmp=tmp_path) for a in args]
        proc = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project.root, capture_output=True, text=True)
        assert proc.returncode == expected, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stdout + proc.stderr, args
    assert snapshot() == before
    written = {p.relative_to(project.out_dir).as_posix() for p in project.out_dir.rglob("*") if p.is_file()}
    assert "index.md" in written and not any(p.startswith("..") for p in written)
    assert subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=project.root, capture_output=True,
                          text=True).stdout == ""


def test_every_page_has_a_json_twin_beside_it(site):
    import json

    for html_path in site.rglob("index.html"):
        if html_path.parent.name != "pagefind" and (html_path.parent / "index.json").exists() is False:
            rel = html_path.relative_to(site).parent.as_posix()
            if rel not in {"404", "search", "accessibility"}:
                raise AssertionError(f"no JSON twin for {rel}")
    twin = json.loads((site / "jigyo" / "jumin-tohyo-seido" / "index.json").read_text(encoding="utf-8"))
    assert twin["id"] == "jumin-tohyo-seido" and twin["kind"] == "project" and twin["title"] == "住民投票制度運営事業"
    assert [p["title"] for p in twin["parents"]][:2] == ["トップ", "基本政策Ⅶ 参加と協働による市民自治のまちづくり"]
    assert {"published", "updated", "contact", "listed_in", "record"} <= set(twin)
    assert twin["url"] == "https://policy-portal.example.jp/jigyo/jumin-tohyo-seido/"
