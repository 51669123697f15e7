"""theme/ replaces two of Material for MkDocs' templates whole (the markup they change sits outside
Material's blocks). Each is Material's own file with exactly the documented change, so a Material
upgrade fails here and shows what to carry over, instead of silently serving old markup."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parents[2]
MATERIAL = Path(material.__file__).parent / "templates"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

DRAWER = '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
SEARCH = '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n'
PAGE_TOPIC = """        <div class="md-header__topic" data-md-component="header-topic">
          <span class="md-ellipsis">
            {% if page.meta and page.meta.title %}
              {{ page.meta.title }}
            {% else %}
              {{ page.title }}
            {% endif %}
          </span>
        </div>
"""
TOC_SIDEBAR = """            {% if "toc.integrate" not in features %}
              {% if page.meta and page.meta.hide %}
                {% set hidden = "hidden" if "toc" in page.meta.hide %}
              {% endif %}
              <div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc" {{ hidden }}>
                <div class="md-sidebar__scrollwrap">
                  <div class="md-sidebar__inner">
                    {% include "partials/toc.html" %}
                  </div>
                </div>
              </div>
            {% endif %}
"""
DIALOG = """    <div class="md-dialog" data-md-component="dialog">
      <div class="md-dialog__inner md-typeset"></div>
    </div>
"""
# template → [(Material's text, ours)]
CHANGES = {
    "base.html": [(DRAWER + SEARCH, DRAWER.replace(' autocomplete="off"', "")), (TOC_SIDEBAR, ""), (DIALOG, "")],
    "partials/header.html": [(PAGE_TOPIC, "")],
}


def _ours(name: str) -> str:
    text = (ROOT / "theme" / name).read_text(encoding="utf-8")
    assert text.startswith("{#-"), f"theme/{name} starts with a comment saying what it changes"
    return text[text.index("-#}\n") + 4:]


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_overridden_material_templates_differ_only_by_the_documented_change(name):
    theirs = (MATERIAL / name).read_text(encoding="utf-8")
    assert theirs.startswith(GENERATED)
    theirs = theirs[len(GENERATED):]
    for old, new in CHANGES[name]:
        assert theirs.count(old) == 1, f"Material's {name} changed: update theme/{name} (and this test)"
        theirs = theirs.replace(old, new)
    assert _ours(name) == theirs, f"theme/{name} differs from Material's {name} by more than the documented change"


def test_dead_material_toggles_are_gone_and_the_drawer_stays():
    base = (ROOT / "theme" / "base.html").read_text(encoding="utf-8")
    header = (ROOT / "theme" / "partials" / "header.html").read_text(encoding="utf-8")
    assert 'id="__search"' not in base.split("-#}", 1)[1] and 'id="__drawer">' in base
    assert "md-dialog" not in base.split("-#}", 1)[1] and "md-sidebar--secondary" not in base.split("-#}", 1)[1]
    assert 'data-md-component="header-topic"' not in header and 'for="__drawer"' in header
