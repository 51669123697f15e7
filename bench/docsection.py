"""Marked sections of docs/benchmarks.md: each benchmark script owns one section and rewrites only it.

    <!-- BEGIN list_weight -->
    ## …
    <!-- END list_weight -->

``write_section`` replaces the named section (or appends it at the end); every other byte of the file
stays. ``keep_sections`` carries the marked sections of one text over into another.
"""

from __future__ import annotations

import re
from pathlib import Path

_SECTION = re.compile(r"<!-- BEGIN (?P<name>[\w.-]+) -->\n.*?<!-- END (?P=name) -->\n", re.S)


def _block(name: str, body: str) -> str:
    return f"<!-- BEGIN {name} -->\n{body.rstrip()}\n<!-- END {name} -->\n"


def sections(text: str) -> dict[str, str]:
    return {m.group("name"): m.group(0) for m in _SECTION.finditer(text)}


def write_section(doc: Path, name: str, body: str) -> None:
    """Put ``body`` between this section's markers in ``doc``; every other byte of the file stays."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    block = _block(name, body)
    if name in sections(text):
        text = _SECTION.sub(lambda m: block if m.group("name") == name else m.group(0), text)
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block
    doc.write_text(text, encoding="utf-8")


def keep_sections(old: str, new: str) -> str:
    """``new`` plus the marked sections of ``old`` that ``new`` does not have (in their old order)."""
    have = sections(new)
    extra = [block for name, block in sections(old).items() if name not in have]
    return new.rstrip("\n") + "\n\n" + "\n".join(extra) if extra else new
