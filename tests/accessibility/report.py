"""reports/accessibility.{json,md} (every run) and accessibility/results.json (``--publish``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.parse
from pathlib import Path
from zoneinfo import ZoneInfo

from . import checks as C
from . import htmlcheck as H
from . import pa11y_page as PP
from . import wcag
from .browser import NARROW, VIEWPORTS, ZOOM200
from .runner import AXE_OPTIONS, AXE_TAGS, SEARCH_QUERY, Scanner, format_failures
from .sample import select_sample
from .site import REPO_ROOT

REPORT_DIR = REPO_ROOT / "reports"
# the committed summary behind the 試験結果 page ($PORTAL_A11Y_RESULTS overrides it, for tests)
RESULTS_PATH = Path(os.environ.get("PORTAL_A11Y_RESULTS") or REPO_ROOT / "accessibility" / "results.json")
TOKYO = ZoneInfo("Asia/Tokyo")
RESULTS_FORMAT = 3
# 依存したウェブコンテンツ技術 (what the pages rely on to meet the criteria)
TECHNOLOGIES = ["HTML", "CSS", "JavaScript", "WAI-ARIA"]
# the page states tested besides each page as loaded, as the 試験結果 page names them
STATE_LABELS = {
    "drawer-open": "幅 360 px でナビゲーションの引き出し（メニュー）を開いた状態",
    "search-results": f"検索ページで「{SEARCH_QUERY}」を検索し、結果を表示した状態",
    # (without the word itself: the 試験結果 page would then have it, and the search would find that page)
    "search-nothing": "検索ページで、どのページにもない言葉を検索し、見つからないことと次の探し方を表示した状態",
    "forced-colors": "強制カラー（Windows のハイコントラスト）を有効にした状態",
}


def build_report(
    scanner: Scanner, *, site: str, started: float, finished: float, complete: bool, duration: float | None = None
) -> dict:
    """Everything about one run, machine-readable. ``complete``: every page of the sitemap in
    every viewport and colour scheme (only such a run may be published). ``duration``: the time
    spent scanning, when it is not simply finished - started (pytest interleaves other tests)."""
    pages = list(scanner.results.values())
    duration = max(duration if duration is not None else finished - started, 1e-9)
    schemes = list(dict.fromkeys(s for p in pages for s in p.schemes))
    incomplete = sum(len(p.incomplete()) for p in pages)
    entries = scanner.allowlist.entries
    return {
        "format": "portal-a11y-report/1",
        "date": dt.datetime.fromtimestamp(started, TOKYO).isoformat(timespec="seconds"),
        "duration_seconds": round(duration, 2),
        "pages_per_second": round(len(pages) / duration, 3),
        "complete": complete,
        "site": site,
        "base_url": scanner.base_url,
        "axe_core_version": scanner.axe_version,
        "browser": scanner.browser.version,
        "user_agent": scanner.browser.user_agent,
        "axe_tags": AXE_TAGS,
        "axe_options": AXE_OPTIONS,
        "viewports": {
            v.name: {**v.metrics(), "label": v.label, "axe": v.name in VIEWPORTS}
            for v in [*(VIEWPORTS[n] for n in scanner.viewports), NARROW, ZOOM200]
            if v.name in VIEWPORTS or (v is NARROW and "mobile" in scanner.viewports)
            or (v is ZOOM200 and "desktop" in scanner.viewports)
        },
        "color_schemes": schemes,
        "states": [s for s in STATE_LABELS if any(st.endswith("/" + s) for p in pages for st in p.states)],
        "html_validator": {
            "name": "Nu Html Checker (vnu.jar)",
            "version": H.vnu_version(),
            "runs": scanner.html_runs,
            "documents": scanner.html_documents,
            "seconds": round(scanner.html_seconds, 2),
            "validated_pages": len(scanner.validated),
            "ignore": [
                {"message": e.message, "source": e.source, "documents": list(e.documents), "reason": e.reason}
                for e in scanner.html_ignore
            ],
            "unused_ignore": [e.describe() for e in scanner.html_ignore if e not in scanner.used_html_ignores],
        },
        "pa11y": {
            "what": "pa11y's HTML_CodeSniffer runner in the phone load of the runner's browser (pa11y_page.py)",
            "versions": _pa11y_versions(scanner),
            "options": _pa11y_options(scanner),
            "pages": scanner.pa11y_pages,
            "seconds": round(scanner.pa11y_seconds, 2),
        },
        "forced_colors_passes": dict(sorted(scanner.forced_methods.items())),  # replay / tab (keyboard.forced_pass)
        "phone_passes": dict(sorted(scanner.phone_methods.items())),  # replay / tab (keyboard.phone_pass)
        "page_loads": dict(sorted(scanner.visibility.items())),  # hidden / shown: why (runner.HIDDEN_OK_JS)
        "rules_run": sorted(scanner.rule_tags),
        "rule_tags": dict(sorted(scanner.rule_tags.items())),
        "checks": [
            {"id": c.id, "title": c.title, "wcag": list(c.wcag), "impact": c.impact} for c in C.CHECKS.values()
        ],
        "threshold": scanner.threshold,
        "allowlist": {
            "source": scanner.allowlist.source,
            "entries": scanner.allowlist.to_json(),
            "unused": [e.model_dump() for e in entries if e not in scanner.used_allowlist],
        },
        "summary": {
            "pages": len(pages),
            "passed": sum(p.passed for p in pages),
            "failed": sum(not p.passed for p in pages),
            "failures": sum(len(p.failures) for p in pages),
            "allowed": sum(len(p.allowed) for p in pages),
            "below_threshold": sum(len(p.below_threshold) for p in pages),
            "incomplete": incomplete,
            "errors": sum(len(p.errors) for p in pages),
        },
        "pages": [p.to_json() for p in pages],
    }


def _pa11y_versions(scanner: Scanner) -> dict:
    try:
        return PP.bundle(scanner.pa11y_config)["versions"] if scanner.pa11y else {}
    except PP.Pa11yPageError as exc:
        return {"error": str(exc)}


def _pa11y_options(scanner: Scanner) -> dict:
    try:
        b = PP.bundle(scanner.pa11y_config) if scanner.pa11y else {}
    except PP.Pa11yPageError:
        return {}
    return {**b.get("options", {}), "viewport": b.get("viewport")} if b else {}


def write_json(report: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _cell(text) -> str:
    s = " ".join(str(text if text is not None else "").split())
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`")


def render_markdown(report: dict) -> str:
    s = report["summary"]
    out = [
        "# Accessibility report",
        "",
        f"- Date: {report['date']} — {report['duration_seconds']} s, {report['pages_per_second']} pages/s",
        f"- Site: `{report['site']}` (served at {report['base_url']})",
        f"- axe-core {report['axe_core_version']} (tags: {', '.join(report['axe_tags'])}), {report['browser']}",
        f"- pa11y: {', '.join(f'{k} {v}' for k, v in (report.get('pa11y') or {}).get('versions', {}).items()) or '-'} "
        f"(standard {(report.get('pa11y') or {}).get('options', {}).get('standard', '-')}, in the phone load), "
        f"{(report.get('pa11y') or {}).get('pages', 0)} page(s), {(report.get('pa11y') or {}).get('seconds', 0)} s",
        f"- HTML: {report['html_validator']['name']} {report['html_validator']['version']} — "
        f"{report['html_validator']['documents']} documents in {report['html_validator']['runs']} run(s), "
        f"{report['html_validator']['seconds']} s; {len(report['html_validator']['ignore'])} ignore entries "
        f"({len(report['html_validator']['unused_ignore'])} unused)",
        f"- States: each page as loaded; {', '.join(report['states']) or '-'}",
        "- Viewports: " + ", ".join(f"{k} {v['width']}×{v['height']}" for k, v in report["viewports"].items()),
        f"- Colour schemes: {', '.join(report['color_schemes']) or '-'}",
        f"- Rules run: {len(report['rules_run'])} axe rules + {len(report['checks'])} checks; "
        f"failing impact threshold: {report['threshold']}",
        f"- Allowlist: {report['allowlist']['source']} ({len(report['allowlist']['entries'])} entries, "
        f"{len(report['allowlist']['unused'])} unused)",
        "",
        f"**{s['pages']} pages: {s['passed']} passed, {s['failed']} failed** — {s['failures']} failures, "
        f"{s['allowed']} allowed, {s['below_threshold']} below threshold, {s['incomplete']} to review (axe incomplete), "
        f"{s['errors']} errors",
        "",
        "| Page | Title | Result | Failures | To review | Time |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for p in report["pages"]:
        rules = sorted({f["rule"] for f in p["failures"]}) + (["error"] if p["errors"] else [])
        out.append(
            f"| {_cell(p['path'])} | {_cell(p['title'])} | {'pass' if p['result'] == 'pass' else '**FAIL**'} | "
            f"{_cell(', '.join(rules)) or '-'} | {len(p['incomplete'])} | {p['seconds']} s |"
        )
    failing = [p for p in report["pages"] if p["failures"] or p["errors"]]
    if failing:
        out += ["", "## Failures", ""]
        for p in failing:
            out += [f"### {_cell(p['path'])}", "", "```text"]
            out += [f"ERROR {e}" for e in p["errors"]]
            out += [_failures_text(p["failures"]), "```", ""]
    allowed = [f for p in report["pages"] for f in p["allowed"]]
    if allowed:
        out += ["", "## Allowed by the allowlist", "", "```text", _failures_text(allowed), "```"]
    below = [f for p in report["pages"] for f in p["below_threshold"]]
    if below:
        out += ["", "## Below the impact threshold (not failing)", "", "```text", _failures_text(below), "```"]
    ignored = [(p["path"], m) for p in report["pages"] for m in p.get("html", []) if m.get("ignored")]
    infos = [(p["path"], m) for p in report["pages"] for m in p.get("html", []) if m["type"] == "info"]
    if ignored or infos:
        out += ["", "## HTML validator messages that do not fail", ""]
        out += [f"- {_cell(path)} ({m['kind']}, line {m['line']}): {_cell(m['message'])} — ignored: {_cell(m['ignored'])}" for path, m in ignored[:50]]
        out += [f"- {_cell(path)} ({m['kind']}, line {m['line']}): info: {_cell(m['message'])}" for path, m in infos[:50]]
    if report["html_validator"]["unused_ignore"]:
        out += ["", "## Unused html_ignore.yaml entries", ""]
        out += [f"- {_cell(e)}" for e in report["html_validator"]["unused_ignore"]]
    if report["allowlist"]["unused"]:
        out += ["", "## Unused allowlist entries", ""]
        out += [f"- {_cell(e['page'])} {_cell(e['rule'])}: {_cell(e['reason'])}" for e in report["allowlist"]["unused"]]
    inc = [i for p in report["pages"] for i in p["incomplete"]]
    out += ["", "## Needs review (axe incomplete)", ""]
    if not inc:
        out.append("Nothing: axe could decide every check.")
    else:
        out += ["| Page | Viewport | State | Scheme | Rule | Impact | Elements | Why |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for i in inc:
            targets = "; ".join(", ".join(n["target"]) for n in i["nodes"][:5])
            why = i["nodes"][0]["summary"] if i["nodes"] else ""
            out.append(
                f"| {_cell(i['page'])} | {i['viewport']} | {i.get('state', 'page')} | {_cell(i['scheme'])} | {_cell(i['id'])} | {i['impact'] or '-'} | "
                f"{_cell(targets)}{' …' if len(i['nodes']) > 5 else ''} | {_cell(why)[:200]} |"
            )
    return "\n".join(out) + "\n"


def _failures_text(failures: list[dict]) -> str:
    from .runner import Failure

    return format_failures(
        Failure(
            f["page"], f["viewport"], f["scheme"], f["rule"], f["impact"], f["source"], f["help"],
            f.get("help_url", ""), f["nodes"], f.get("tags", []), f.get("reason", ""), f.get("state", "page"),
        )
        for f in failures
    )


def write_markdown(report: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(report), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- publishing


class PublishError(Exception):
    pass


def _scope_url(report: dict) -> str:
    """The public address the pages were listed under (the sitemap's site_url)."""
    sources = [p.get("source") or "" for p in report["pages"]]
    home = next((s for s, p in zip(sources, report["pages"]) if p["path"] == "/"), None)
    if home and home.startswith(("http://", "https://")):
        return home
    if sources and sources[0].startswith(("http://", "https://")):
        parts = urllib.parse.urlsplit(sources[0])
        return f"{parts.scheme}://{parts.netloc}/"
    return report["base_url"] + "/"


def _page_url(scope_url: str, page: dict) -> str:
    src = page.get("source") or ""
    if src.startswith(("http://", "https://")):
        return src
    return scope_url.rstrip("/") + page["path"]


def build_results(report: dict, *, declared: dt.date | None = None) -> dict:
    """The summary behind the public 試験結果 page (JIS X 8341-3:2016 附属書JB, JB.3.1): the automatic
    part of the test. What a person checked is in accessibility/manual-checks.yaml; the generator puts
    both together (``generator.a11y_results.combine``), and only the two together can make a page or a
    criterion 適合.

    Every page of the run is judged; the page list is the sample of ``sample.select_sample`` (all pages
    for a site of 40 pages or fewer). ``declared``: the day of publishing (default: today, Tokyo).
    ``page_hashes`` (every page), ``assets_hash`` and ``suite_hash`` make the file the recorded full run
    that ``--changed-only`` compares with (tests/accessibility/incremental.py)."""
    if not report["complete"]:
        raise PublishError("only a complete run (every page, viewport and colour scheme, the default allowlist) can be published")

    check_wcag = {c["id"]: c["wcag"] for c in report["checks"]}

    def criteria_of(rule: str, tags: list[str] | None = None) -> list[str]:
        if rule in check_wcag:
            return check_wcag[rule]
        return wcag.criteria_of_tags(tags if tags is not None else report["rule_tags"].get(rule, []))

    # rules and checks that give evidence for each criterion
    evidence: dict[str, list[str]] = {}
    for rule, tags in report["rule_tags"].items():
        for sc in wcag.criteria_of_tags(tags):
            evidence.setdefault(sc, []).append(rule)
    for cid, scs in check_wcag.items():
        for sc in scs:
            evidence.setdefault(sc, []).append(cid)

    scope_url = _scope_url(report)
    applied: set[str] = set()
    failed: dict[str, set[str]] = {}
    review: set[str] = set()
    pages = []
    for p in report["pages"]:
        page_failed: set[str] = set()
        for run in p["axe_runs"]:
            for rule in run["passes"]:
                applied.update(criteria_of(rule))
            for item in run["violations"] + run["incomplete"]:
                applied.update(criteria_of(item["id"], item["tags"]))
            for item in run["incomplete"]:
                review.update(criteria_of(item["id"], item["tags"]))
        for c in p["checks"]:
            applied.update(check_wcag.get(c["id"], []))
        for f in p["failures"]:
            for sc in criteria_of(f["rule"], f["tags"]):
                page_failed.add(sc)
                failed.setdefault(sc, set()).add(p["path"])
        pages.append({
            "path": p["path"],
            "url": _page_url(scope_url, p),
            "title": p["title"],
            "automated": "問題なし" if p["result"] == "pass" else "問題あり",
            "failed_criteria": sorted(page_failed, key=wcag.sort_key),
            "failed_rules": sorted({f["rule"] for f in p["failures"]} | ({"runner-error"} if p["errors"] else set())),
            "exceptions": [
                {"rule": r, "reason": why}
                for r, why in dict.fromkeys((f["rule"], f.get("reason", "")) for f in p["allowed"])
            ],
        })

    def criterion(sc: str, name: str, level: str) -> dict:
        """機械: some automatic rule or check found content to test on some page; 人: none did (no rule
        for the criterion, or nothing on the pages that the rules test). ``automated``: what the rules
        found; never a verdict on the criterion (a person's check makes that)."""
        rules = sorted(set(evidence.get(sc, [])))
        if sc in failed:
            method, automated = "機械", "問題あり"
        elif sc in applied:
            method, automated = "機械", ("要確認" if sc in review else "問題なし")
        else:
            method, automated = "人", "対象なし"
        return {
            "id": sc, "name": name, "level": level, "method": method, "automated": automated,
            "rules": rules, "failed_pages": sorted(failed.get(sc, set())),
        }

    criteria = [criterion(*c) for c in wcag.JIS_CRITERIA]
    extra = [criterion(*c) for c in wcag.LATER_CRITERIA if c[0] in applied]
    by_path = {p["path"]: p for p in pages}
    sample = select_sample(by_path)
    selection = {p: "代表" for p in sample["representative"]} | {p: "無作為" for p in sample["random"]}
    listed = [{**by_path[path], "selection": selection.get(path, "全ページ")} for path in sample["pages"]]
    in_sample = set(sample["pages"])
    declared = declared or dt.datetime.now(TOKYO).date()
    hashes = report.get("page_hashes") or {p["path"]: p.get("html_sha256", "") for p in report["pages"]}
    return {
        "format": RESULTS_FORMAT,
        "standard": "JIS X 8341-3:2016",
        "published": declared.isoformat(),
        "scope_url": scope_url,
        "test_date": report["date"][:10],
        "axe_core_version": report["axe_core_version"],
        "browser_version": report["browser"],
        "validator_version": (report.get("html_validator") or {}).get("version") or "",
        "pa11y_versions": (report.get("pa11y") or {}).get("versions") or {},
        "technologies": TECHNOLOGIES,
        "viewports": [v["label"] for v in report["viewports"].values()],
        "color_schemes": report["color_schemes"],
        "states": [STATE_LABELS[s] for s in report.get("states", []) if s in STATE_LABELS],
        "sample": {
            "method": sample["method"],
            "total_pages": sample["total"],
            "size_limit": sample["size_limit"],
            "seed": sample["seed"],
            "prefixes": sample["prefixes"],
            "representative": len(sample["representative"]),
            "random": len(sample["random"]),
            "excluded": sample["excluded"],
        },
        "summary": {
            "pages": len(listed),
            "automated_pass": sum(p["automated"] == "問題なし" for p in listed),
            "automated_fail": sum(p["automated"] == "問題あり" for p in listed),
            "all_pages": len(pages),
            "all_automated_pass": sum(p["automated"] == "問題なし" for p in pages),
            "all_automated_fail": sum(p["automated"] == "問題あり" for p in pages),
            "machine_criteria": sum(c["method"] == "機械" for c in criteria),
            "person_criteria": sum(c["method"] == "人" for c in criteria),
        },
        "pages": listed,
        "other_failing_pages": [
            {k: p[k] for k in ("path", "url", "title", "failed_criteria", "failed_rules")}
            for p in sorted(pages, key=lambda p: p["path"]) if p["path"] not in in_sample and p["automated"] == "問題あり"
        ],
        "exceptions": [
            {"path": p["path"], "rule": e["rule"], "reason": e["reason"]}
            for p in sorted(pages, key=lambda p: p["path"]) for e in p["exceptions"]
        ],
        "criteria": criteria,
        "extra_criteria": sorted(extra, key=lambda c: wcag.sort_key(c["id"])),
        "page_hashes": dict(sorted(hashes.items())),
        "assets_hash": report.get("assets_hash", ""),
        "suite_hash": report.get("suite_hash", ""),
    }


def write_results(results: dict, path: Path = RESULTS_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
