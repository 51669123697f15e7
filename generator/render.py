"""The Jinja2 environment that turns page contexts into Markdown, and its escaping filters.

Every value that comes from policies.yaml reaches Markdown through one of these filters:

* ``md``   — text in Markdown (escapes HTML and Markdown syntax: the value is always shown as text);
* ``attr`` — text inside an HTML attribute;
* ``url``  — a link target (already restricted to https/http/mailto/tel by the model);
* ``yaml`` — a value in the front matter.

Templates run with ``autoescape=False`` because the output is Markdown, not HTML; a convention
test checks that every ``{{ … }}`` in a template ends in one of these filters.
"""

from __future__ import annotations

import functools
import html
import json
import re
from urllib.parse import quote

import jinja2

# Python-Markdown's backslash escapes (markdown.Markdown.ESCAPED_CHARS) plus "|" from tables; the square
# brackets become character references instead (see ``md``).
_MD_SPECIAL = re.compile(r"([\\`*_{}()#+\-.!|>])")
_BRACKETS = str.maketrans({"[": "&#91;", "]": "&#93;"})


def _one_line(value: object) -> str:
    """Any line break (\n, \r, U+2028 …: everything str.splitlines knows) becomes one space."""
    return " ".join(part.strip() for part in str(value).splitlines()).strip()


@functools.lru_cache(maxsize=1 << 16)  # titles and labels repeat on many pages
def md(value: object) -> str:
    """Escape a corpus value so Markdown shows it as plain text and never as HTML."""
    text = html.escape(_one_line(value), quote=True)
    # html.escape made "&" into "&amp;" etc.; ";" and "&" are not Markdown syntax.
    # Brackets are character references, not backslash escapes: Python-Markdown's block-level reference
    # processor runs before inline escapes and reads "- [\\]: x](url)" as a link definition (hypothesis found it).
    return _MD_SPECIAL.sub(r"\\\1", text).translate(_BRACKETS)


def attr(value: object) -> str:
    return html.escape(_one_line(value), quote=True)


def url(value: object) -> str:
    # Percent-encode anything that could end a Markdown link or open HTML.
    return quote(str(value), safe=":/?#@!$&'*+,;=%~-._")


def yaml_str(value: object) -> str:
    """A YAML scalar for front matter (JSON strings are valid YAML)."""
    return json.dumps(_one_line(value), ensure_ascii=False)


def jdate(value: object) -> str:
    """A date as 2024年4月1日."""
    return f"{value.year}年{value.month}月{value.day}日"  # type: ignore[attr-defined]


_SAFE_PATH = re.compile(r"[A-Za-z0-9._/-]*")


def relative(from_path: str, to_path: str) -> str:
    """A Markdown link from one generated file to another (``a/b.md`` → ``../c/d.md``): within the
    same folder by name, otherwise up to the docs root and down again (a hot path: no os.path)."""
    target, _, anchor = to_path.partition("#")
    folder, _, _ = from_path.rpartition("/")
    if folder and target.startswith(folder + "/"):
        rel = target[len(folder) + 1:]
    else:
        rel = "../" * from_path.count("/") + target
    if not _SAFE_PATH.fullmatch(rel):
        rel = url(rel)
    return rel + (f"#{anchor}" if anchor else "")


def url_of(md_path: str) -> str:
    """The built URL (relative to the site root) of a generated Markdown file: ``a/b.md`` → ``a/b/``."""
    target, _, anchor = md_path.partition("#")
    path = target.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    return path + (f"#{anchor}" if anchor else "")


def absolute_url(site_url: str, md_path: str) -> str:
    """The absolute URL of a generated Markdown file (feed, open data, JSON twins, report links)."""
    return site_url.rstrip("/") + "/" + url_of(md_path)


def href(from_md: str, to_md: str) -> str:
    """A link in raw HTML from one generated page to another, as the browser resolves it."""
    here = url_of(from_md)
    target = url_of(to_md)
    return url("../" * here.count("/") + target) or "./"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown uses "{#id}" for heading ids, so Jinja comments are {## … ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(md=md, attr=attr, url=url, yaml=yaml_str, jdate=jdate)
    return env
