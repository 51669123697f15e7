"""Issue 12 item 5, in the built site: after an id is changed with ``former_ids``, the old URL leads to
the new page (in a browser with JavaScript turned off, under the strict Content-Security-Policy), and
the old URL is no page of the site: not in the sitemap, not in the search index."""

from __future__ import annotations

import functools
import gzip
import json
import re
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from generator import build as build_mod
from tests.project import copy_project, file_holding
from tests.site.test_csp_and_search import _Handler

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
OLD, NEW = "jichi-kakuju", "jichi-kakuju-suishin"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("renamed") / "p")
    corpus = file_holding(project.root, f"- id: {OLD}\n")
    text = corpus.read_text(encoding="utf-8")
    indent = text.split(f"- id: {OLD}\n")[0].rsplit("\n", 1)[1]
    renamed = text.replace(f"{indent}- id: {OLD}\n", f"{indent}- id: {NEW}\n{indent}  former_ids: [{OLD}]\n", 1)
    assert renamed != text
    corpus.write_text(renamed, encoding="utf-8")
    assert build_mod.build(project) == 0
    return project.root / "site"


@pytest.fixture(scope="module")
def base_url(site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_old_url_is_a_static_page_without_script_that_points_to_the_new_page(site):
    page = (site / "jigyo" / OLD / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../../jigyo/{NEW}/">' in page
    assert f'<link rel="canonical" href="https://policy-portal.example.jp/jigyo/{NEW}/">' in page
    assert f'<a href="../../jigyo/{NEW}/">事業「自治拡充推進事業」のページへ進む</a>' in page
    assert "<script" not in page and "style" not in page and 'lang="ja"' in page
    assert (site / "jigyo" / NEW / "index.html").is_file()


def test_the_old_url_is_in_no_sitemap_and_no_search_index(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/jigyo/{NEW}/</loc>" in sitemap and f"/jigyo/{OLD}/</loc>" not in sitemap
    indexed = []
    for fragment in (site / "search-index" / "p").glob("*.bin"):
        indexed.append(json.loads(gzip.decompress(fragment.read_bytes()))["u"])
    assert f"jigyo/{NEW}/" in indexed and f"jigyo/{OLD}/" not in indexed
    assert "data-pagefind-body" not in (site / "jigyo" / OLD / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser_without_javascript():
    from screenshot import driver

    d = driver(prefs={"profile.managed_default_content_settings.javascript": 2})
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    yield d
    d.quit()


def test_the_old_url_leads_to_the_new_page_without_javascript(base_url, browser_without_javascript):
    d = browser_without_javascript
    d.get("data:text/html,<title>off</title><script>document.title = 'on'</script>")
    assert d.title == "off"  # the browser really runs no page script
    d.get(base_url + f"jigyo/{OLD}/")
    assert d.current_url == base_url + f"jigyo/{NEW}/"
    assert re.search(r"<h1[^>]*>自治拡充推進事業</h1>", d.page_source)
