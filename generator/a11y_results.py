"""The 試験結果 page (JIS X 8341-3:2016 の試験結果の表示) from accessibility/results.json.

``accessibility/results.json`` is written by the accessibility runner
(``python -m tests.accessibility.run --publish``, i.e. ``make a11y-publish``) after a complete
run of the built site, and committed. The generator renders ``templates/a11y_results.md.j2``
(its body: ``templates/_a11y_results_body.md.j2``) with the dict ``load_results`` returns::

    results = load_results(project.a11y_results)
    if results is not None:
        text = env.get_template("a11y_results.md.j2").render(results=results, site_name=...)

The template passes every value through the ``md`` filter (text → Markdown/HTML-safe text); the
generator's Jinja environment provides it. ``md_escape`` is a stand-alone equivalent, used by
``render_results_page`` when no filter is given.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
from pathlib import Path
from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "_a11y_results_body.md.j2"  # the body; a11y_results.md.j2 puts it in the page layout


# --------------------------------------------------------------------------- the file's format


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageResult(_Strict):
    path: str = Field(pattern=r"^/")
    url: str
    title: str
    selection: Literal["代表", "無作為", "全ページ"]
    result: Literal["適合", "不適合"]
    failed_criteria: list[str] = []
    failed_rules: list[str] = []
    exceptions: list[dict[str, str]] = []


class OtherFailingPage(_Strict):
    """A page outside the listed sample that failed (every page is tested; none is hidden)."""

    path: str = Field(pattern=r"^/")
    url: str
    title: str
    failed_criteria: list[str] = []


class Exception_(_Strict):
    path: str = Field(pattern=r"^/")
    rule: str
    reason: str


class Criterion(_Strict):
    id: str = Field(pattern=r"^\d\.\d\.\d+$")
    name: str
    level: Literal["A", "AA", "AAA"]
    method: Literal["機械", "人"]
    applicable: Literal["あり", "なし", "未確認"]
    result: Literal["適合", "不適合", "要確認", "適用なし"]
    rules: list[str] = []
    failed_pages: list[str] = []


class Sample(_Strict):
    """How the listed pages were chosen (JIS X 8341-3:2016 附属書JB, JB.1.2)."""

    method: Literal["all", "representative+random"]
    total_pages: int = Field(ge=1)
    size_limit: int = Field(ge=1)
    seed: int
    prefixes: list[str]
    representative: int = Field(ge=0)
    random: int = Field(ge=0)


class Summary(_Strict):
    pages: int  # listed (the sample)
    conforming: int
    non_conforming: int
    all_pages: int  # tested
    all_conforming: int
    all_non_conforming: int
    machine_criteria: int
    person_criteria: int


class Results(_Strict):
    format: Literal[2]
    standard: str
    target_level: Literal["A", "AA", "AAA"]
    conformance: Literal["準拠", "一部準拠", "配慮"]
    declaration_date: _dt.date  # 表明日
    scope_url: str
    test_date: _dt.date
    axe_core_version: str
    browser_version: str
    validator_version: str
    technologies: list[str]
    viewports: list[str]
    color_schemes: list[str]
    states: list[str] = []
    sample: Sample
    summary: Summary
    pages: list[PageResult]
    other_failing_pages: list[OtherFailingPage] = []
    exceptions: list[Exception_] = []
    criteria: list[Criterion]
    extra_criteria: list[Criterion] = []


def _ja(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def load_results(path: Path | str) -> dict | None:
    """The published results as a plain dict for the template, or None if not published yet.

    Raises ``ValueError`` (with the file name) if the file exists but is not a valid results file:
    a broken committed file must stop the build, not silently drop the page."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        results = Results.model_validate(data)
    except (ValueError, ValidationError) as exc:
        raise ValueError(f"{path}: not a valid accessibility results file: {exc}") from exc
    out = results.model_dump(mode="json")
    out["declaration_date_ja"] = _ja(results.declaration_date)
    out["test_date_ja"] = _ja(results.test_date)
    out["failing_pages"] = [p for p in out["pages"] if p["result"] == "不適合"]
    out["machine_criteria"] = [c for c in out["criteria"] if c["method"] == "機械"]
    out["person_criteria"] = [c for c in out["criteria"] if c["method"] == "人"]
    out["prefixes_text"] = "、".join(f"/{p}" for p in results.sample.prefixes)
    # the suite also tests 404.html, which no sitemap lists (tests/accessibility/site.py)
    out["not_found_page"] = any(p["path"] == "/404.html" for p in out["pages"])
    return out


# --------------------------------------------------------------------------- escaping

# Characters that mean something to Markdown (incl. tables, attr_list, pymdownx) or HTML.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>#+\-.!|~&\"'=:^$%@]")


def md_escape(value) -> str:
    """Text → safe inside Markdown paragraphs, list items and table cells, and inside HTML.

    Every character that Markdown or HTML could read as syntax becomes a numeric character
    reference (rendered as the same character); runs of whitespace (newlines too) become one
    space, so a value cannot end a table row or start a block."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return _SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", text)


def render_results_page(
    results: dict, *, md: Callable[[object], str] | None = None, site_name: str = "このサイト"
) -> str:
    """Render the template stand-alone (the generator normally renders it in its own environment)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    # the same settings as the generator's environment (generator/render.py)
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=False, undefined=StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        comment_start_string="{##", comment_end_string="##}",
    )
    env.filters["md"] = md or md_escape
    env.filters["attr"] = lambda value: html.escape(" ".join(str(value).split()), quote=True)  # as generator.render.attr
    return env.get_template(TEMPLATE_NAME).render(results=results, site_name=site_name)
