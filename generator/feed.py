"""An Atom feed of changed pages, newest first: a page's 更新日 from the corpus, else the newest date of
its 変更履歴 (the editor's entries and the repository's history, the dates the page itself shows)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .pages import Page
from .render import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
MAX_ENTRIES = 50


def atom(pages: list[Page], site_title: str, site_url: str, site_updated: str = "", author: str = "",
         dates: dict[str, str] | None = None) -> bytes:
    """The feed; ``author`` is the organisation that publishes the site (``site.organisation``), else the site's title.
    ``dates``: page path → the date to use when the page has no 更新日 (its newest 変更履歴 date)."""
    dates = dates or {}
    when = {p.path: p.updated or dates.get(p.path, "") for p in pages}
    dated = sorted((p for p in pages if when[p.path]), key=lambda p: (when[p.path], p.path), reverse=True)[:MAX_ENTRIES]
    # Atom requires <updated>: the newest page, else the corpus' own 更新日, else the epoch
    # (a fixed value, so the same corpus always gives the same bytes).
    newest = when[dated[0].path] if dated else (site_updated or "1970-01-01")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "ja"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{site_title}の更新"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = absolute_url(site_url, "index.md")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{newest}T00:00:00+09:00"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": absolute_url(site_url, "index.md") + FEED_PATH})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": absolute_url(site_url, "index.md")})
    author_el = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author_el, f"{{{ATOM}}}name").text = author or site_title
    for page in dated:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = page.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = absolute_url(site_url, page.path)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": absolute_url(site_url, page.path)})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{when[page.path]}T00:00:00+09:00"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = page.description or page.title
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
