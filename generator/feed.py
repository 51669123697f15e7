"""An Atom feed of changed pages, from the 更新日 each record carries (newest first)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .pages import Page
from .render import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
MAX_ENTRIES = 50


def atom(pages: list[Page], site_title: str, site_url: str, site_updated: str = "", author: str = "") -> bytes:
    """The feed; ``author`` is the organisation that publishes the site (``site.organisation``), else the site's title."""
    dated = sorted((p for p in pages if p.updated), key=lambda p: (p.updated, p.path), reverse=True)[:MAX_ENTRIES]
    # Atom requires <updated>: the newest page, else the corpus' own 更新日, else the epoch
    # (a fixed value, so the same corpus always gives the same bytes).
    newest = dated[0].updated if dated else (site_updated or "1970-01-01")
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
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{page.updated}T00:00:00+09:00"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = page.description or page.title
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
