"""The 試験結果 page (JIS X 8341-3:2016 の試験結果の表示): the automatic checks and a person's checks.

``accessibility/results.json`` (the automatic checks) is written by the accessibility runner
(``python -m tests.accessibility.run --publish``, i.e. ``make a11y-publish``) after a complete
run of the built site, and committed; ``load_results`` reads it. ``accessibility/manual-checks.yaml``
(what a person checked, ``generator.manual_checks``) is written by city staff. ``combine`` puts the
two together as the page states them: only a person's standing record makes a criterion or a page
適合, 準拠 only when every criterion up to the target level stands 適合, and a record is 要再確認 when
it is over a year old, a page it covers changed since (``page_hashes``), or it does not cover the
listed pages. The generator renders ``templates/a11y_results.md.j2`` (its body:
``templates/_a11y_results_body.md.j2``) with that dict.

The template passes every value through the ``md`` filter (text → Markdown/HTML-safe text) and
addresses through ``url``; the generator's Jinja environment provides them. ``md_escape`` is a
stand-alone equivalent, used by ``render_results_page`` when no filter is given.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
from pathlib import Path
from typing import Callable, Literal
from urllib.parse import quote

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
    automated: Literal["問題なし", "問題あり"]  # the automatic checks only: never 適合 on its own
    failed_criteria: list[str] = []
    failed_rules: list[str] = []
    exceptions: list[dict[str, str]] = []


class OtherFailingPage(_Strict):
    """A page outside the listed sample that failed (every page is tested; none is hidden)."""

    path: str = Field(pattern=r"^/")
    url: str
    title: str
    failed_criteria: list[str] = []
    failed_rules: list[str] = []


class Exception_(_Strict):
    path: str = Field(pattern=r"^/")
    rule: str
    reason: str


class Criterion(_Strict):
    id: str = Field(pattern=r"^\d\.\d\.\d+$")
    name: str
    level: Literal["A", "AA", "AAA"]
    method: Literal["機械", "人"]  # 機械: an automatic rule found something to test; 人: none did
    automated: Literal["問題なし", "問題あり", "要確認", "対象なし"]
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
    excluded: list[str] = []


class Summary(_Strict):
    pages: int  # listed (the sample)
    automated_pass: int
    automated_fail: int
    all_pages: int  # tested
    all_automated_pass: int
    all_automated_fail: int
    machine_criteria: int
    person_criteria: int


class Results(_Strict):
    format: Literal[3]
    standard: str
    published: _dt.date  # the day the run was published
    scope_url: str
    test_date: _dt.date
    axe_core_version: str
    browser_version: str
    validator_version: str
    pa11y_versions: dict[str, str] = {}  # the second engine: {"pa11y": …, "@pa11y/html_codesniffer": …}
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
    page_hashes: dict[str, str]  # every page's HTML as served (the manual checks compare with it)
    assets_hash: str = ""
    suite_hash: str = ""


def _ja(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def load_results(path: Path | str) -> dict | None:
    """The published results as a plain dict, or None if not published yet.

    Raises ``ValueError`` (with the file name) if the file exists but is not a valid results file:
    a broken committed file must stop the build, not silently drop the page."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        results = Results.model_validate(data)
    except (ValueError, ValidationError) as exc:
        raise ValueError(f"{path}: not a valid accessibility results file (make a11y-publish writes it): {exc}") from exc
    out = results.model_dump(mode="json")
    out["test_date_ja"] = _ja(results.test_date)
    out["machine_criteria"] = [c for c in out["criteria"] if c["method"] == "機械"]
    out["person_criteria"] = [c for c in out["criteria"] if c["method"] == "人"]
    out["prefixes_text"] = "、".join(f"/{p}" for p in results.sample.prefixes)
    # the suite also tests 404.html, which no sitemap lists (tests/accessibility/site.py)
    out["not_found_page"] = "/404.html" in out["page_hashes"]
    return out


# --------------------------------------------------------------------------- with a person's checks

# WAIC「ウェブコンテンツの JIS X 8341-3:2016 対応度表記ガイドライン」: the version whose terms the pages use.
# A listed page's result, and the order the page lists them in (one list each).
FAILS, PASSES, UNCHECKED = "不適合", "適合", "自動チェックで問題なし（人による確認前）"

WAIC_GUIDELINE = "ウェブコンテンツの JIS X 8341-3:2016 対応度表記ガイドライン - 2021年4月版"
WAIC_GUIDELINE_URL = "https://waic.jp/docs/jis2016/compliance-guidelines/202104/"
# What the automatic checks found about a criterion, in the page's words (never 適合: see combine).
AUTOMATED_TEXT = {"問題なし": "自動チェックで問題なし", "問題あり": "自動チェックで問題あり",
                  "要確認": "自動チェックでは判断できない箇所あり", "対象なし": "自動チェックの対象なし"}


def _add_year(d: _dt.date) -> _dt.date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def record_state(rec, results: dict, today: _dt.date) -> dict:
    """Whether a person's record still stands: 有効, or 要再確認 with the reasons (over a year old,
    a checked page's HTML changed since, or pages of the list it did not cover)."""
    hashes = results["page_hashes"]
    reasons = []
    if today > _add_year(rec.date):
        reasons.append("確認から1年を過ぎています")
    changed = sorted(p for p, h in rec.pages.items() if hashes.get(p) != h)
    if changed:
        reasons.append(f"確認した後にページが変わりました（{len(changed)}ページ）")
    listed = [p["path"] for p in results["pages"]]
    missing = [p for p in listed if p not in rec.pages]
    if missing:
        reasons.append(f"試験結果に載せるページのうち {len(missing)}ページを確認していません")
    return {"valid": not reasons, "reasons": reasons, "changed": changed, "missing": missing}


def combine(results: dict, records: dict, target_level: str | None, today: _dt.date) -> dict:
    """The automatic run and the person's records as the 試験結果 page states them.

    ``records``: criterion → its newest record (``manual_checks.Records.latest()``). A criterion has a
    result in the JIS checklist (適用 あり/なし, 結果 適合/不適合) only when a person's record of it stands
    (or the automatic checks found it failed somewhere: 不適合); otherwise it is listed apart as not yet
    checked. A page is 適合 only when every criterion up to the target level has a standing record that
    covers it. 準拠 only when every such criterion stands 適合 and no automatic check failed anywhere."""
    from .a11y_criteria import LEVELS, levels_up_to

    out = dict(results)
    for key in ("criteria", "machine_criteria", "person_criteria", "extra_criteria"):
        out[key] = [{**c, "automated_text": AUTOMATED_TEXT[c["automated"]]} for c in results[key]]
    results = out
    levels = levels_up_to(target_level or "AA")
    rows, unchecked, shown = [], [], []
    standing: dict[str, object] = {}  # criterion → its record, where the record still stands
    for c in results["criteria"]:
        rec = records.get(c["id"])
        st = record_state(rec, results, today) if rec else None
        entry = {**c, "record": None, "state": "未確認", "reasons": []}
        if rec is not None:
            entry["record"] = {
                "date": rec.date.isoformat(), "date_ja": _ja(rec.date), "role": rec.role, "applicable": rec.applicable,
                "result": rec.result, "pages": len(rec.pages), "failed_pages": list(rec.failed_pages), "note": rec.note or "",
            }
            entry["state"] = "有効" if st["valid"] else "要再確認"
            entry["reasons"] = st["reasons"]
            entry["record_text"] = (
                f"{_ja(rec.date)}、{rec.role}が確認。適用 {rec.applicable}、結果 {rec.result}（{len(rec.pages)}ページ）。"
                + entry["state"] + (f"（{'、'.join(st['reasons'])}）" if st["reasons"] else "")
            )
            shown.append(entry)
            if st["valid"]:
                standing[c["id"]] = rec
        if c["automated"] == "問題あり":  # a failure the automatic checks found is a failure, checked or not
            entry.update(applicable="あり", result="不適合")
            rows.append(entry)
        elif c["id"] in standing:
            entry.update(applicable=rec.applicable, result=rec.result)
            rows.append(entry)
        else:
            unchecked.append(entry)
    decided = {r["id"]: r["result"] for r in rows}
    for e in unchecked:
        e["state_text"] = e["state"] + (f"（{'、'.join(e['reasons'])}）" if e["reasons"] else "")

    met = None
    for level in ("A", "AA"):
        if not all(decided.get(c["id"]) == "適合" for c in results["criteria"] if c["level"] == level):
            break
        met = level
    automated_fail = results["summary"]["all_automated_fail"] > 0
    conforms = (target_level in LEVELS and met is not None and not automated_fail
                and LEVELS.index(met) >= LEVELS.index(target_level))
    wanted = [c["id"] for c in results["criteria"] if c["level"] in levels]
    pages = []
    for p in results["pages"]:
        path = p["path"]
        failed_by_person = sorted(cid for cid, rec in standing.items() if path in rec.failed_pages)
        if p["automated"] == "問題あり" or failed_by_person:
            verdict = FAILS
        elif all(cid in standing and path in standing[cid].pages for cid in wanted):
            verdict = PASSES
        else:
            verdict = UNCHECKED
        pages.append({**p, "verdict": verdict, "failed_by_person": failed_by_person})
    dates = [results["published"]] + [standing[r["id"]].date.isoformat() for r in rows if r["id"] in standing]
    declared = _dt.date.fromisoformat(max(dates))
    out.update(
        target_level=target_level, level_met=met, conformance="準拠" if conforms else "配慮",
        checklist=rows, unchecked=unchecked, records=shown, listed=pages, failing=sum(r["result"] == "不適合" for r in rows),
        standing=len(standing), stale=sum(e["state"] == "要再確認" for e in shown), total_criteria=len(results["criteria"]),
        verdicts={v: sum(pg["verdict"] == v for pg in pages) for v in (PASSES, FAILS)},
        groups=[(v, [pg for pg in pages if pg["verdict"] == v]) for v in (FAILS, PASSES, UNCHECKED)
                if any(pg["verdict"] == v for pg in pages)],
        declaration_date=declared.isoformat(), declaration_date_ja=_ja(declared),
        waic_guideline=WAIC_GUIDELINE, waic_guideline_url=WAIC_GUIDELINE_URL,
    )
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
    results: dict, *, md: Callable[[object], str] | None = None, url: Callable[[object], str] | None = None,
    site_name: str = "このサイト",
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
    env.filters["url"] = url or (lambda v: quote(str(v), safe=":/?#@!$&'*+,;=%~-._"))
    return env.get_template(TEMPLATE_NAME).render(results=results, site_name=site_name)
