"""Speed-ups of ``portal build``, each of which leaves the built site byte for byte as it was
(tests/site/test_speedups.py builds the seed site with each one off and on and compares every file).

``PORTAL_SPEEDUPS_OFF=name,name`` turns some off (the benchmark's "before" figures, the tests); ``all``
turns all off. Child processes of the build read the same variable.

* ``parallel-mkdocs``: MkDocs builds the pages in one process per core (``generator.mkdocs_build``).
"""

from __future__ import annotations

import os

SPEEDUPS = ("parallel-mkdocs",)


def speedup(name: str) -> bool:
    assert name in SPEEDUPS, name
    off = {s.strip() for s in os.environ.get("PORTAL_SPEEDUPS_OFF", "").split(",") if s.strip()}
    return not (name in off or "all" in off)
