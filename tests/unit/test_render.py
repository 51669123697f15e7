"""generator/render.py: the escaping filters and the link helpers, example by example.

The property test (test_properties.py) searches random text; these fixed examples fail on every run
when a filter stops escaping, so a regression never depends on which examples hypothesis drew."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

import markdown
import pytest
import yaml

from generator import render
from generator.render import absolute_url, attr, href, jdate, md, relative, url, url_of, yaml_str

from .test_generate import ROOT

EXTENSIONS = [e if isinstance(e, str) else next(iter(e))
              for e in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]]

# value -> exactly what md() gives
MD_EXACT = [
    ("ふつうの文", "ふつうの文"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
    ("a & b", "a &amp; b"),
    ('"q"', "&quot;q&quot;"),
    ("it's", "it&\\#x27;s"),
    ("[x](javascript:alert(1))", "&#91;x&#93;\\(javascript:alert\\(1\\)\\)"),
    ("**b** _e_ `c`", "\\*\\*b\\*\\* \\_e\\_ \\`c\\`"),
    ("# h", "\\# h"),
    ("1. a", "1\\. a"),
    ("- a", "\\- a"),
    ("+ a", "\\+ a"),
    ("> q", "&gt; q"),
    ("a|b", "a\\|b"),
    ("{: .x}", "\\{: \\.x\\}"),
    ("!x", "\\!x"),
    ("a\\b", "a\\\\b"),
    ("]:", "&#93;:"),
    ("一行目\n二行目\r\n三行目\u2028四", "一行目 二行目 三行目 四"),
    ("  前後の空白  ", "前後の空白"),
    (42, "42"),
]


@pytest.mark.parametrize("value, expected", MD_EXACT, ids=[repr(v)[:30] for v, _ in MD_EXACT])
def test_md_escapes_exactly(value, expected):
    assert md(value) == expected


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
           "text {: onclick=alert(1) }", "**bold** _em_ `code` # not a heading", "<!-- c --> &amp; &lt;b&gt;",
           "1. not a list", "- nor this", "| a | b |", "<div markdown>*x*</div>", "]:", "[ref]: https://example.com/",
           "a\\*b", "&#60;script&#62;", "https://example.com/ <https://example.com/>", "~~x~~ ==y== ^z^",
           "it's \"quoted\"", "::: note", "!!! note", "*[HTML]: Hyper", "[^1]", "{#id}"]


@pytest.mark.parametrize("value", HOSTILE)
def test_md_value_is_shown_as_its_own_text_inside_a_paragraph(value):
    """Rendered with the site's Markdown extensions, the value is one paragraph whose text is the value."""
    parser = _Text()
    parser.feed(markdown.markdown(md(value), extensions=EXTENSIONS))
    assert parser.tags == ["p"], (value, md(value))
    assert parser.text == value


def test_md_in_a_list_item_and_a_link_label_stays_text():
    for value in HOSTILE:
        parser = _Text()
        parser.feed(markdown.markdown(f"- [{md(value)}](a.md)\n", extensions=EXTENSIONS))
        assert parser.tags == ["ul", "li", "a"], value
        assert parser.text.strip() == value


def test_attr_escapes_quotes_and_markup_on_one_line():
    assert attr('a"b\'c<d>&e\nf') == "a&quot;b&#x27;c&lt;d&gt;&amp;e f"
    assert attr("  x  ") == "x"


def test_url_percent_encodes_what_could_end_a_link_or_open_html():
    assert url("https://example.jp/a b<c>[d](e)\"f") == "https://example.jp/a%20b%3Cc%3E%5Bd%5D%28e%29%22f"
    keep = "https://u:p@example.jp:8080/a-b_c.d~e/?q=1&r=%20;s=$'*+,!#frag"
    assert url(keep) == keep
    assert url("mailto:a@example.jp") == "mailto:a@example.jp" and url("tel:044-200-2111") == "tel:044-200-2111"
    assert url("日本") == "%E6%97%A5%E6%9C%AC"


def test_yaml_str_is_one_json_string_line():
    assert yaml_str('a"b\nc') == '"a\\"b c"'
    assert yaml_str("川崎") == '"川崎"'  # not \\u escapes
    assert yaml.safe_load("k: " + yaml_str("x: y # z")) == {"k": "x: y # z"}


def test_jdate():
    assert jdate(dt.date(2024, 4, 1)) == "2024年4月1日"
    assert jdate(dt.date(2025, 12, 31)) == "2025年12月31日"


@pytest.mark.parametrize(
    "from_path, to_path, expected",
    [
        ("jigyo/a.md", "jigyo/b.md", "b.md"),
        ("jigyo/a.md", "jigyo/b.md#sec", "b.md#sec"),
        ("index.md", "seisaku/b.md", "seisaku/b.md"),
        ("index.md", "index.md#top", "index.md#top"),
        ("seisaku/x/index.md", "jigyo/y.md", "../../jigyo/y.md"),
        ("seisaku/x/index.md", "seisaku/x/y.md#z", "y.md#z"),
        ("seisaku/x.md", "seisaku/xy/z.md", "xy/z.md"),
        ("seisakux/a.md", "seisaku/b.md", "../seisaku/b.md"),
        ("a/b.md", "c/d e.md", "../c/d%20e.md"),
        ("a/b.md", "c/d.md#", "../c/d.md"),
    ],
)
def test_relative_links_between_generated_files(from_path, to_path, expected):
    assert relative(from_path, to_path) == expected


@pytest.mark.parametrize(
    "md_path, expected",
    [
        ("index.md", ""),
        ("index.md#top", "#top"),
        ("jigyo/x.md", "jigyo/x/"),
        ("jigyo/x.md#sec-1", "jigyo/x/#sec-1"),
        ("seisaku/vii/index.md", "seisaku/vii/"),
        ("seisaku/vii/index.md#m-1", "seisaku/vii/#m-1"),
        ("seisaku/index.md#", "seisaku/"),
        ("reindex.md", "reindex/"),
        ("a/myindex.md", "a/myindex/"),
    ],
)
def test_url_of_keeps_the_anchor(md_path, expected):
    assert url_of(md_path) == expected


def test_absolute_url_joins_with_one_slash_and_keeps_the_anchor():
    assert absolute_url("https://ex.jp/sub/", "a/b.md#z") == "https://ex.jp/sub/a/b/#z"
    assert absolute_url("https://ex.jp/sub", "a/b.md") == "https://ex.jp/sub/a/b/"
    assert absolute_url("https://ex.jp/", "index.md") == "https://ex.jp/"
    assert absolute_url("/", "jigyo/x.md") == "/jigyo/x/"
    # only slashes are trimmed: an address whose last folder ends in X keeps it (mutation: rstrip("XX/XX"))
    assert absolute_url("https://ex.jp/docsX/", "a.md") == "https://ex.jp/docsX/a/"


@pytest.mark.parametrize(
    "from_md, to_md, expected",
    [
        ("index.md", "a/b.md", "a/b/"),
        ("a/b.md", "index.md", "../../"),
        ("a/b.md", "a/b.md", "../../a/b/"),
        ("a/b.md", "c.md#q", "../../c/#q"),
        ("index.md", "index.md", "./"),
        ("index.md", "index.md#top", "#top"),
        ("a/index.md", "b/c d.md", "../b/c%20d/"),
    ],
)
def test_href_is_the_url_the_browser_resolves(from_md, to_md, expected):
    assert href(from_md, to_md) == expected


def test_environment_escapes_nothing_itself_and_is_strict():
    env = render.environment()
    assert env.autoescape is False  # Markdown, not HTML: the filters escape
    assert set(env.filters) >= {"md", "attr", "url", "yaml", "jdate"}
    assert env.from_string("{{ x | md }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(Exception):  # StrictUndefined: a missing value is an error, not an empty string
        env.from_string("{{ missing }}").render()
    # {# … #} is Markdown's heading id, not a Jinja comment; comments are {## … ##}
    assert env.from_string("## 見出し {#id}\n{## note ##}x").render() == "## 見出し {#id}\nx"
    assert env.from_string("{## a #} b ##}x").render() == "x"  # a comment ends at ##}, not at #}
    assert env.from_string("{% if true %}\n  a\n{% endif %}\n").render() == "  a\n"  # trim_blocks
    assert env.from_string("  {% if true %}\na\n  {% endif %}\n").render() == "a\n"  # lstrip_blocks
    assert env.from_string("a\n").render() == "a\n"  # keep_trailing_newline


def test_md_and_attr_output_hold_no_raw_markup_character():
    for value in HOSTILE:
        for out in (md(value), attr(value)):
            assert not re.search(r"[<>\"]", out), (value, out)
        assert html.unescape(attr(value)) == value
