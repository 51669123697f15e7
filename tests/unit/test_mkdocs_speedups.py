"""The per-page speed-ups of generator.mkdocs_build, on their own (the whole site, on and off, is compared
byte for byte in tests/site/test_speedups.py)."""

from __future__ import annotations

import markdown

from generator import mkdocs_build

EXTENSIONS = ["toc", "tables", "attr_list", "md_in_html"]  # as mkdocs.yml (MkDocs adds fenced_code)


def fresh(text: str, extensions=EXTENSIONS) -> tuple[str, list]:
    md = markdown.Markdown(extensions=extensions, extension_configs={})
    return md.convert(text), md.toc_tokens


# Each page leaves state behind that the next one must not see: a link definition, a heading id, an
# element of md_in_html, raw HTML in the stash.
PAGES = [
    "# 題\n\n[定義]: https://example.jp/a\n\n[定義]\n\n<div class=\"x\" markdown>\n\n## 中 {#naka}\n\n- a\n\n</div>\n",
    "# 題\n\n[定義]\n\n<p id=\"contact\">連絡</p>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "# 題 {: .c }\n\n## 題\n\n<nav data-x>\n<ol><li>一</li></ol>\n</nav>\n",
]


def test_a_reused_markdown_object_converts_each_page_as_a_new_one_would():
    reused = mkdocs_build._ReusedMarkdown(markdown)
    extensions, configs = list(EXTENSIONS), {}
    objects = []
    for text in PAGES * 2:
        md = reused.Markdown(extensions=extensions, extension_configs=configs)
        objects.append(md)
        assert (md.convert(text), md.toc_tokens) == fresh(text)
    assert len({id(md) for md in objects}) == 1  # one object for every page
    assert "href" not in objects[-1].convert("[定義]\n")  # the first page's link definition is gone


def test_an_extension_that_is_not_known_to_reset_gets_a_new_object_for_every_page():
    reused = mkdocs_build._ReusedMarkdown(markdown)
    extensions, configs = [*EXTENSIONS, "footnotes"], {}
    first = reused.Markdown(extensions=extensions, extension_configs=configs)
    assert reused.Markdown(extensions=extensions, extension_configs=configs) is not first
    assert reused.Markdown(extensions=list(EXTENSIONS), extension_configs=configs) is not first
    assert reused.util is markdown.util  # everything else is the module's own


def test_the_raw_html_ids_are_skipped_in_the_workers_only_while_the_speedup_runs():
    from mkdocs.structure import pages

    mkdocs_build._RAW_HTML_IDS = original = pages._RawHTMLPreprocessor.run
    pre = pages._RawHTMLPreprocessor()
    assert pre.run(["<p id=\"a\">x</p>"]) == ["<p id=\"a\">x</p>"] and pre.present_anchor_ids == {"a"}
    assert mkdocs_build._skip_raw_html_ids(pre, ["<p id=\"b\">x</p>"]) == ["<p id=\"b\">x</p>"]
    assert pre.present_anchor_ids == {"a"}
    assert pages._RawHTMLPreprocessor.run is original


def test_md_in_html_builds_its_tag_sets_once_per_page_and_converts_the_same(monkeypatch):
    from markdown.extensions import md_in_html

    cls = md_in_html.HTMLExtractorExtra
    before = [fresh(text) for text in PAGES]
    built = []
    original = cls.__dict__["block_level_tags"].fget
    for name in mkdocs_build.TAG_SETS:
        monkeypatch.setattr(cls, name, cls.__dict__[name])  # undone after the test
    monkeypatch.setattr(cls, "block_level_tags", property(lambda self: built.append(1) or original(self)))
    assert [fresh(text) for text in PAGES] == before
    uncached = len(built)
    mkdocs_build._cache_md_in_html_tag_sets()
    mkdocs_build._cache_md_in_html_tag_sets()  # twice: still one layer
    built.clear()
    assert [fresh(text) for text in PAGES] == before
    assert len(built) == len(PAGES) < uncached  # once per page (the other two sets are built from it, once each)
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.block_level_elements.append("custom-block")  # a tag registered after loading is still honoured
    assert "custom-block" in cls(md).block_level_tags
