"""Pages at former URLs: when a record's ``id`` changes and the old one is kept in ``former_ids``,
the build writes a small static HTML page at the old URL that sends the reader to the new page.

Why a static page written by the generator, and not the mkdocs-redirects plugin:

* mkdocs-redirects writes its pages in an ``on_post_build`` hook; the project uses no MkDocs plugin or
  hook (Zensical ignores them, docs/zensical.md). A file in build/docs is copied as it is by MkDocs and
  Zensical alike, and ``portal serve`` serves it too.
* Its page uses an inline ``<script>`` (to carry the #fragment over) and ``lang="en"``: our
  Content-Security-Policy forbids inline scripts, and the page must be Japanese.
* Like it, the page has a canonical link and an instant ``<meta http-equiv="refresh" content="0; …">``
  (WCAG technique H76: a redirect with no delay is not a time limit, so 2.2.1, 2.2.4 and 3.2.5 are met;
  axe-core's ``meta-refresh`` rule passes a delay of 0), plus what a browser that does not follow the
  refresh shows: a heading, one sentence and a plain link, in Japanese, without JavaScript or CSS.
* It is not a page of the site: not Markdown, so MkDocs puts it in no sitemap; it has no
  ``data-pagefind-body``, so Pagefind does not index it; ``robots: noindex`` for other search engines.
"""

from __future__ import annotations

import functools

from .pages import PAGE_FOLDERS, Index
from .render import absolute_url, environment, href

TEMPLATE = "redirect.html.j2"


def redirects(ix: Index) -> list[tuple[str, str, object]]:
    """(old Markdown path, new Markdown path, record) for every former id, in corpus order."""
    out = []
    for old, record in ix.former.items():
        out.append((f"{PAGE_FOLDERS[type(record).kind]}/{old}.md", ix.path[record.id], record))
    return out


def files(ix: Index, site_url: str = "/") -> dict[str, bytes]:
    """``{<folder>/<old id>/index.html: bytes}``: one page per former id."""
    template = _env().get_template(TEMPLATE)
    out = {}
    for old_md, new_md, record in redirects(ix):
        text = template.render(
            href=href(old_md, new_md), canonical=absolute_url(site_url, new_md), title=ix.title(record),
            label=ix.label(record), site_name=ix.corpus.site.title,
        )
        out[old_md.removesuffix(".md") + "/index.html"] = text.encode("utf-8")
    return out


@functools.lru_cache(maxsize=1)
def _env():
    return environment()
