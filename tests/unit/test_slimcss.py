"""The CSS step of ``portal build`` (generator/slimcss.py, slim_css.mjs) on small hand-made sites:
what it keeps, what it drops, how it rewrites the pages."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from generator import slimcss
from generator.project import Project

CSS = """
.used { color: red }
.unused { color: blue }
.added-by-script { color: green }
.md-typeset .portal-contact a[href^="tel:"] { min-height: 44px }
a[href^="fax:"] { color: olive }
:focus-visible { outline: 3px solid orange }
:target { background: yellow }
.gone:hover { color: pink }
:root { --kept: 1px; --dropped: 2px }
.used { border-width: var(--kept) }
@keyframes spin { to { transform: rotate(1turn) } }
@keyframes unusedspin { to { transform: rotate(1turn) } }
.used { animation: spin 1s }
@media print { .used { display: none } .unused { display: none } }
@media (forced-colors: active) { .used { forced-color-adjust: none } }
@media screen and (max-width: 76.234375em) { .used { margin: 0 } }
"""
EXTRA = ".used { padding: 1px }\n.extra-only { padding: 2px }\n"
PAGE = """<!doctype html>
<html lang="ja"><head>
    <link rel="stylesheet" href="{up}assets/stylesheets/main.css">
      <link rel="stylesheet" href="{up}assets/extra.css">
  </head>
  <body><div class="md-typeset"><p class="portal-contact used"><a href="tel:044-200-0000">044</a></p></div>
  <script src="{up}assets/drawer.js"></script></body></html>
"""


def make_site(root: Path) -> Path:
    site = root / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "assets" / "stylesheets" / "main.css").write_text(CSS + "/*# sourceMappingURL=main.css.map */", encoding="utf-8")
    (site / "assets" / "stylesheets" / "main.css.map").write_text("{}", encoding="utf-8")
    (site / "assets" / "extra.css").write_text(EXTRA, encoding="utf-8")
    (site / "assets" / "drawer.js").write_text("el.classList.add('added-by-script');\n", encoding="utf-8")
    (site / "assets" / "javascripts").mkdir()
    (site / "assets" / "javascripts" / "bundle.js").write_text("x.className = 'unused extra-only'", encoding="utf-8")
    (site / "index.html").write_text(PAGE.format(up=""), encoding="utf-8")
    (site / "deep" / "page").mkdir(parents=True)
    (site / "deep" / "page" / "index.html").write_text(PAGE.format(up="../../"), encoding="utf-8")
    (site / "redirect.html").write_text('<meta http-equiv="refresh" content="0; url=deep/page/">', encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def slimmed(tmp_path_factory):
    root = tmp_path_factory.mktemp("slim")
    site = make_site(root)
    result = slimcss.slim(Project.at(root), site)
    (sheet,) = result.files
    return site, result, (site / sheet).read_text(encoding="utf-8")


def test_every_page_links_one_sheet_named_by_its_hash(slimmed):
    site, result, css = slimmed
    (name,) = result.files
    assert re.fullmatch(r"assets/stylesheets/site\.[0-9a-f]{8}\.min\.css", name)
    top = (site / "index.html").read_text(encoding="utf-8")
    deep = (site / "deep" / "page" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<link[^>]*>", top) == [f'<link rel="stylesheet" href="{name}">']
    assert re.findall(r"<link[^>]*>", deep) == [f'<link rel="stylesheet" href="../../{name}">']
    assert "\n\n" not in top.split("</head>")[0]  # the removed <link>'s line went with it
    assert result.pages == 2


def test_the_sheets_it_replaced_and_their_maps_are_gone(slimmed):
    site, _, css = slimmed
    assert not (site / "assets" / "stylesheets" / "main.css").exists()
    assert not (site / "assets" / "stylesheets" / "main.css.map").exists()
    assert not (site / "assets" / "extra.css").exists()
    assert "sourceMappingURL" not in css


def test_keeps_what_pages_and_scripts_use_and_drops_the_rest(slimmed):
    _, _, css = slimmed
    assert ".used" in css and "padding:1px" in css  # extra_css joined after the main sheet
    assert ".added-by-script" in css  # a class only the site's own script adds
    assert ".unused" not in css and ".extra-only" not in css  # Material's bundle.js is not the site's script
    assert ".gone" not in css


def test_keeps_prefix_attribute_selectors_of_the_markup(slimmed):
    """PurgeCSS's default extractor cuts href="tel:…" into words and dropped this 44 px tap target."""
    _, _, css = slimmed
    assert 'a[href^=tel\\:]' in css or 'a[href^="tel:"]' in css
    assert "fax" not in css


def test_keeps_selectors_made_only_of_pseudo_classes(slimmed):
    """PurgeCSS drops `:focus-visible {…}` (nothing in the markup names it): the site's focus ring."""
    _, _, css = slimmed
    assert re.search(r"(^|[},]):focus-visible\{", css)
    assert re.search(r"(^|[},]):target\{", css)


def test_drops_unused_custom_properties_and_keyframes(slimmed):
    _, _, css = slimmed
    assert "--kept" in css and "--dropped" not in css
    assert "@keyframes spin" in css and "unusedspin" not in css


def test_media_queries_stay_readable_by_older_phones(slimmed):
    """lightningcss would write `(width<=76.2344em)`, which Safari reads only from 16.4."""
    _, _, css = slimmed
    assert "@media print" in css and "forced-colors:active" in css
    assert "max-width:76.23" in css and "width<=" not in css


def test_same_site_gives_the_same_bytes(tmp_path):
    one, two = make_site(tmp_path / "a"), make_site(tmp_path / "b")
    slimcss.slim(Project.at(tmp_path / "a"), one)
    slimcss.slim(Project.at(tmp_path / "b"), two)
    files = lambda s: {p.relative_to(s).as_posix(): p.read_bytes() for p in s.rglob("*") if p.is_file()}
    assert files(one) == files(two)


def test_without_the_npm_tools_the_message_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(slimcss, "TOOL_ROOT", tmp_path / "nowhere")
    with pytest.raises(slimcss.Missing, match="npm ci"):
        slimcss.slim(Project.at(tmp_path), make_site(tmp_path))


def test_the_real_site_css_is_small(tmp_path):
    """Material's own main sheet with the project's portal.css, against a page of the seed site's kind."""
    root = Path(__file__).resolve().parents[2]
    material = root / ".venv" / "lib"
    mains = sorted(material.glob("python3*/site-packages/material/templates/assets/stylesheets/main.*.min.css"))
    if not mains:
        pytest.skip("Material for MkDocs is not installed in .venv")
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "assets" / "stylesheets" / "main.css").write_bytes(mains[0].read_bytes())
    (site / "assets" / "portal.css").write_bytes((root / "theme" / "assets" / "portal.css").read_bytes())
    (site / "index.html").write_text('<html><head><link rel="stylesheet" href="assets/stylesheets/main.css">'
                                     '<link rel="stylesheet" href="assets/portal.css"></head>'
                                     '<body><div class="md-typeset"><p>x</p></div></body></html>', encoding="utf-8")
    result = slimcss.slim(Project.at(tmp_path), site)
    data = (site / result.files[0]).read_bytes()
    assert len(gzip.compress(data, 6)) < 4000


def test_scripts_are_minified_after_their_words_are_read(slimmed):
    """The site's own scripts lose comments and spaces (terser); a class they name still keeps its CSS rule."""
    site, _, css = slimmed
    assert (site / "assets" / "drawer.js").read_text(encoding="utf-8") == 'el.classList.add("added-by-script");'
    assert (site / "assets" / "javascripts" / "bundle.js").read_text(encoding="utf-8") == "x.className = 'unused extra-only'"
    assert ".added-by-script" in css


def test_the_minified_search_engine_exports_the_same_and_cuts_queries_the_same(tmp_path):
    """theme/assets/search-engine.js, minified by the step, is still a module with the same exports, and
    turns queries into the same words as the file as written (the page imports it as a module)."""
    import json
    import shutil
    import subprocess

    root = Path(__file__).resolve().parents[2]
    original = root / "theme" / "assets" / "search-engine.js"
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    shutil.copy(original, site / "assets" / "search-engine.js")
    (site / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    slimcss.slim(Project.at(tmp_path), site)
    minified = site / "assets" / "search-engine.js"
    assert len(minified.read_bytes()) < 0.7 * len(original.read_bytes())
    probe = ("const m = await import(process.argv[1]);"
             "const qs = ['おくやみ', 'ソーシャルデザインセンター', '区役所 土日', 'ＮＰＯ', 'こども　みらい'];"
             "console.log(JSON.stringify({exports: Object.keys(m).sort(),"
             " words: qs.map((q) => [m.queryWords(q), m.shownWords(q), m.compact(q)])}));")
    out = [json.loads(subprocess.run(["node", "--input-type=module", "-e", probe, file.as_uri()], check=True,
                                     capture_output=True, text=True).stdout) for file in (original, minified)]
    assert out[0] == out[1]
    assert "Index" in out[0]["exports"] and "queryWords" in out[0]["exports"]
