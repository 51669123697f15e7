"""Speed-ups of ``portal build``, each of which leaves the built site byte for byte as it was
(tests/site/test_speedups.py builds the seed site with each one off and on and compares every file).

``PORTAL_SPEEDUPS_OFF=name,name`` turns some off (the benchmark's "before" figures, the tests); ``all``
turns all off. Child processes of the build read the same variable.

* ``parallel-mkdocs``: MkDocs builds the pages in one process per core (``generator.mkdocs_build``).
* ``mkdocs-template-cache``: MkDocs' workers do not ask the file system, for every page and every
  template it includes, whether the theme's templates changed (Jinja's ``auto_reload``): they cannot
  change during a build.
* ``index-in-mkdocs``: the search index takes each page as MkDocs' worker has just written it (its text,
  keys and fragment made on every core while the other pages are still being built) instead of reading
  every page again after MkDocs (``generator.mkdocs_build``, ``generator.search_index``).
* ``index-body-only``: the search index's reader stops at the theme's last ``</article>``: the footer
  and scripts after it hold nothing it indexes.
* ``index-parallel-shards``: the index's shard files are encoded and gzipped on every core.
* ``css-alongside-index``: the CSS step (Node.js, one core) runs while the search index is written into a
  folder beside the site (the two touch different files); the index is moved in when both are done.
* ``markdown-reuse``: MkDocs makes one Python-Markdown object per process and resets it between pages
  instead of building a new one (its extensions, processors and patterns) for every page; only when every
  extension of mkdocs.yml is one whose state ``Markdown.reset`` clears (``generator.mkdocs_build``).
* ``anchor-ids-on-demand``: MkDocs parses every page's whole Markdown with ``html.parser`` a second time
  (besides Python-Markdown's own parse of the raw HTML) only to list the ``id``s of its raw HTML, which it
  needs for nothing but checking links to anchors. Its workers skip that parse; the parent makes it, with
  MkDocs' own code, only for a page that a link points to with an anchor not found otherwise
  (``generator.mkdocs_build``). The same warnings, the same bytes.
* ``md-in-html-tag-sets``: Python-Markdown's md_in_html parser builds its sets of block-level tag names
  anew (three ``set`` copies) at every tag it reads; here each parser builds them once per page
  (``generator.mkdocs_build._cache_md_in_html_tag_sets``).
"""

from __future__ import annotations

import os

SPEEDUPS = ("parallel-mkdocs", "mkdocs-template-cache", "index-in-mkdocs", "index-body-only",
            "index-parallel-shards", "css-alongside-index", "markdown-reuse", "anchor-ids-on-demand",
            "md-in-html-tag-sets")


def speedup(name: str) -> bool:
    assert name in SPEEDUPS, name
    off = {s.strip() for s in os.environ.get("PORTAL_SPEEDUPS_OFF", "").split(",") if s.strip()}
    return not (name in off or "all" in off)
