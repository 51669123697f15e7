"""What Pagefind reads: a copy of each built page without the theme's chrome.

Pagefind indexes only what is inside ``data-pagefind-body`` (theme/main.html puts the article there), but
it still parses every byte of every page: the header, the navigation drawer, the footer. ``write`` makes
a copy of each page with its ``<head>`` and its ``data-pagefind-body`` element only, in a folder of its
own; ``portal build`` runs Pagefind on that folder and writes the index into the site
(``--output-path``). The index is the same, byte for byte (tests/site/test_speedups.py builds the seed
site both ways and compares every file), and Pagefind does about a quarter less work.

The copy is the page's own text, cut with two string searches — no HTML parser: everything before
``<body…>``, then the element that carries ``data-pagefind-body`` up to its matching ``</div>`` (only
``div`` tags are counted). A page is copied whole when the cut is not certain: when it has a
``data-pagefind-*`` attribute outside those two parts, or its body element is not a ``div``. A page
without ``data-pagefind-body`` is left out, as Pagefind leaves it out once any page has one; when no
page has one, ``write`` returns ``None`` and Pagefind reads the site itself.

The search work on branch ``search`` builds its index from copies of the page body as well; this
module is the one place to drop when that lands.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

BODY = re.compile(rb"<div\b[^>]*\bdata-pagefind-body\b[^>]*>")
DIV = re.compile(rb"<div\b|</div\s*>")
BODY_TAG = re.compile(rb"<body\b[^>]*>")
SKIP = ("pagefind/",)


def cut(html: bytes) -> bytes | None:
    """The page as Pagefind needs it; ``None`` if it has no ``data-pagefind-body``."""
    m = BODY.search(html)
    if not m:
        return None if b"data-pagefind-body" not in html else html
    body = BODY_TAG.search(html, 0, m.start())
    if not body:
        return html
    depth, end = 1, None
    for d in DIV.finditer(html, m.end()):
        depth += 1 if d.group().startswith(b"<div") else -1
        if depth == 0:
            end = d.end()
            break
    if end is None:
        return html
    outside = html[body.end():m.start()] + html[end:]
    if b"data-pagefind-" in outside:
        return html
    return html[:body.end()] + html[m.start():end] + b"</body></html>\n"


def write(site: Path, dest: Path) -> int | None:
    """Copy every page of ``site`` that Pagefind indexes into ``dest`` (cut); returns how many, or
    ``None`` when no page has ``data-pagefind-body`` (then Pagefind must read the site itself)."""
    count, any_body = 0, False
    for root, dirs, files in os.walk(site):
        dirs.sort()
        rel_root = Path(root).relative_to(site)
        if rel_root.as_posix().startswith(SKIP):
            dirs[:] = []
            continue
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            src = Path(root) / name
            copy = cut(src.read_bytes())
            if copy is None:
                continue
            any_body = True
            target = dest / rel_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(copy)
            count += 1
    return count if any_body else None
