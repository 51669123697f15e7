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
from tests.project import copy_project, corpus_files

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
    assert (site / "search-index" / "meta.json").is_file() and (site / "assets" / "search-engine.js").is_file()
    top = page(site, "")
    assert "search-index/" not in top and "search-engine" not in top
    assert re.findall(r"<script[^>]*>", top) == ['<script src="assets/drawer.js" defer>']
    assert 'data-index="../search-index/"' in page(site, "search")


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
    watched = [*corpus_files(project.root), *sorted(p for p in project.content_dir.rglob("*") if p.is_file())]
    assert len(watched) > len(list(project.content_dir.rglob("*.md"))) + 1  # the part files are watched too

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
        if (html_path.parent / "index.json").exists() is False:
            rel = html_path.relative_to(site).parent.as_posix()
            if rel not in {"404", "search", "accessibility"}:
                raise AssertionError(f"no JSON twin for {rel}")
    twin = json.loads((site / "jigyo" / "jumin-tohyo-seido" / "index.json").read_text(encoding="utf-8"))
    assert twin["id"] == "jumin-tohyo-seido" and twin["kind"] == "project" and twin["title"] == "住民投票制度運営事業"
    assert [p["title"] for p in twin["parents"]][:2] == ["トップ", "基本政策Ⅶ 参加と協働による市民自治のまちづくり"]
    assert {"published", "updated", "contact", "listed_in", "record"} <= set(twin)
    assert twin["url"] == "https://policy-portal.example.jp/jigyo/jumin-tohyo-seido/"


# --------------------------------------------------------------------------- browsing (issue #11)


def test_topic_chips_are_links_to_topic_pages(site, seed):
    """Every chip on a 施政方針 page is a link (a テーマ page or a 基本政策), and every テーマ a
    paragraph carries is reachable from that paragraph's page; the top page links every テーマ."""
    for st in seed.statements:
        text = page(site, f"shisei-hoshin/{st.id}")
        chips = re.findall(r'<(\w+)[^>]*class="portal-tag"[^>]*>', text)
        assert chips and set(chips) == {"a"}, st.id
        for tid in {t for sec in st.sections for para in sec.paragraphs for t in para.topics}:
            assert f'class="portal-tag" href="../../theme/{tid}/"' in text, (st.id, tid)
    top = page(site, "")
    for topic in seed.topics:
        assert f'<a href="theme/{topic.id}/">{html.escape(topic.label_text, quote=False)}</a>' in top
        assert html.escape(topic.label_text, quote=False) in page(site, f"theme/{topic.id}")


def test_statement_pages_do_not_repeat_identical_chips(site, seed):
    """16 paragraphs on one テーマ run used to carry 16 identical chip rows: now a row appears only where
    the chips change, so no two consecutive rows are the same."""
    for st in seed.statements:
        text = page(site, f"shisei-hoshin/{st.id}")
        for section in text.split("<h2")[1:]:
            rows = re.findall(r'<p class="portal-tags">(.*?)</p>', section)
            assert all(a != b for a, b in zip(rows, rows[1:])), st.id
        assert text.count('class="portal-tags"') <= sum(len(sec.paragraphs) for sec in st.sections) / 2, st.id


def test_related_items_name_their_kind_and_plan_and_are_all_different(site, seed):
    text = page(site, "shisei-hoshin/shisei-hoshin-seisaku-5")
    related = text.split("この施政方針に関連する取組", 1)[1].split("お問い合わせ先", 1)[0]
    cards = re.findall(r"<li><a [^>]*>(.*?)</a></li>", related)
    assert len(cards) == len(set(cards)) >= 2
    assert any("基本施策・計画期間 2008～2010年度" in c for c in cards) and any("基本施策・計画期間 2011～2013年度" in c for c in cards)


def test_statement_without_a_year_is_titled_by_its_subject(site, seed):
    for st in seed.statements:
        if st.fiscal_year is None:
            assert "年度不明" not in st.title and "年度不明" not in page(site, f"shisei-hoshin/{st.id}"), st.id


def test_lists_of_every_measure_initiative_and_project(site, seed):
    lists = {kind: page(site, kind) for kind in ("shisaku", "torikumi", "jigyo")}
    for policy in seed.policies:
        for measure in policy.measures:
            assert f'href="../shisaku/{measure.id}/"' in lists["shisaku"], measure.id
            for ini in measure.initiatives:
                assert f'href="../torikumi/{ini.id}/"' in lists["torikumi"], ini.id
                for entry in ini.projects:
                    if isinstance(entry, Project):
                        assert lists["jigyo"].count(f'href="../jigyo/{entry.id}/"') == 1, entry.id  # 再掲 listed once


def _nav_links(text: str) -> list[tuple[str, str | None]]:
    return [(m.group(2), m.group(1)) for m in re.finditer(
        r'<a href="[^"]*" class="md-nav__link[^"]*"(?: aria-current="(\w+)")?>([^<]*)</a>', text)]


def test_drawer_offers_topics_plans_and_open_data_and_marks_where_the_reader_is(site):
    top = _nav_links(page(site, ""))
    assert {"テーマから探す", "計画期間", "オープンデータ"} <= {title for title, _ in top}
    assert [t for t, cur in top if cur] == ["トップ"] and dict(top)["トップ"] == "page"
    for url, section, current in [("theme", "テーマから探す", "page"), ("theme/kuyakusho", "テーマから探す", "true"),
                                  ("jigyo/jumin-tohyo-seido", "基本政策", "true"), ("shisaku", "基本政策", "true"),
                                  ("keikaku", "計画期間", "page"), ("accessibility/results", "アクセシビリティ", "true")]:
        marked = [(t, cur) for t, cur in _nav_links(page(site, url)) if cur]
        assert marked == [(section, current)], (url, marked)


def _serve_with_404(site: Path):
    """A static server that answers a missing path with 404.html and status 404 (as GitHub Pages,
    Netlify or Apache's ErrorDocument do)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_404_page_is_japanese_with_a_search_box_and_links_that_work_at_any_depth(site):
    import urllib.error
    import urllib.request
    from urllib.parse import urljoin

    server, origin = _serve_with_404(site)
    try:
        url = origin + "/jigyo/no-such/"
        try:
            urllib.request.urlopen(url)
            raise AssertionError("a missing page must answer 404")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
            text = exc.read().decode("utf-8")
        assert '<html lang="ja"' in text and "ページが見つかりません" in text and "Not found" not in text
        form = re.search(r'<form [^>]*action="([^"]+)" method="get"[^>]*>(.*?)</form>', text, re.S)
        assert form and 'name="q"' in form.group(2)
        hrefs = set(re.findall(r'<a href="([^"]+)"', text))
        for anchor in {h for h in hrefs if h.startswith("#")}:  # the skip link
            assert f'id="{anchor[1:]}"' in text, anchor
        hrefs = {h for h in hrefs if not h.startswith("#")}
        targets = {urljoin(url, h).split("#")[0] for h in hrefs | {form.group(1)}}
        for path in ("/", "/search/", "/theme/", "/seisaku/", "/shisaku/", "/torikumi/", "/jigyo/"):
            assert origin + path in targets, path
        assets = re.findall(r'<(?:link|script)\b[^>]*?(?:href|src)="(/[^"]+)"', text)
        assert assets
        for target in sorted(targets | {origin + a for a in assets}):
            if target.startswith(origin):
                with urllib.request.urlopen(target) as resp:  # raises on 404
                    assert resp.status == 200, target
    finally:
        server.shutdown()
