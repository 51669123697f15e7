"""Any municipality (issue #13): nothing about Kawasaki may live in the tool (generator/ and theme/); the city's
facts come from its corpus (policies.yaml ``site:``) and mkdocs.yml. ``portal init`` is tested in test_init.py,
a second city built and tested for accessibility in tests/site/test_new_city.py."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KAWASAKI = re.compile(r"川崎|かわさき|カワサキ|kawasaki|サンキューコール|044-", re.I)


def test_nothing_about_kawasaki_lives_in_the_tool():
    """Field descriptions, messages, templates and theme use neutral examples; the city's facts live in
    policies.yaml and mkdocs.yml."""
    found = []
    for folder in ("generator", "theme"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if KAWASAKI.search(line):
                        found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_kawasaki_test_pattern_can_fail():
    assert KAWASAKI.search("お問い合わせ: 17kityo@city.kawasaki.jp")
    assert KAWASAKI.search("サンキューコールかわさき")
