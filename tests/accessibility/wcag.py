"""WCAG success criteria: the JIS X 8341-3:2016 (= WCAG 2.0) list for levels A and AA, the
WCAG 2.1/2.2 criteria axe-core also tests, and how axe tags map to them."""

from __future__ import annotations

import re

# The criteria lists live in the generator (the 試験結果 page and the manual-check records use them too).
from generator.a11y_criteria import JIS_CRITERIA, LATER_CRITERIA  # noqa: E402,F401

_SC_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")


def criterion_of_tag(tag: str) -> str | None:
    """``wcag111`` → ``1.1.1``, ``wcag1410`` → ``1.4.10``; level tags (``wcag2aa``) → None."""
    m = _SC_TAG.match(tag)
    return ".".join(m.groups()) if m else None


def criteria_of_tags(tags) -> list[str]:
    return [c for c in (criterion_of_tag(t) for t in tags) if c]


def sort_key(sc: str) -> tuple[int, ...]:
    return tuple(int(x) for x in sc.split("."))
