"""Parts of the runner that need no browser: sitemap, allowlist, WCAG mapping, publishing and the
試験結果 template."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import markdown
import pytest

from generator.a11y_results import TEMPLATE_NAME, load_results, md_escape, render_results_page

from . import report as R
from .allowlist import DEFAULT_ALLOWLIST, Allowlist, AllowlistError, Entry, load_allowlist
from .site import PageRef, SiteError, pages_from_site, pages_from_sitemap_arg, select_pages
from .wcag import JIS_CRITERIA, criteria_of_tags, criterion_of_tag

FIXTURES = Path(__file__).parent / "fixtures"


# --------------------------------------------------------------------------- sitemap


def test_sitemap_locs_become_local_paths_without_the_site_url_base_path():
    assert [p.path for p in pages_from_site(FIXTURES / "good")] == ["/", "/page/"]
    assert pages_from_site(FIXTURES / "good")[0].source == "https://fixture.example/sub/"
    assert len(pages_from_site(FIXTURES / "broken")) == 7


def _site(tmp_path, locs, files):
    for f in files:
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f).write_text("<html></html>", encoding="utf-8")
    urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    (tmp_path / "sitemap.xml").write_text(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>', encoding="utf-8"
    )
    return tmp_path


def test_sitemap_without_site_url_and_with_plain_host(tmp_path):
    site = _site(tmp_path, ["/", "/a/", "https://x.example/a/"], ["index.html", "a/index.html"])
    assert [p.path for p in pages_from_site(site)] == ["/", "/a/"]


def test_sitemap_listing_a_missing_page_is_an_error(tmp_path):
    site = _site(tmp_path, ["https://x.example/", "https://x.example/gone/"], ["index.html"])
    with pytest.raises(SiteError, match="/gone/"):
        pages_from_site(site)


def test_missing_site_is_a_clear_error(tmp_path):
    with pytest.raises(SiteError, match="built site not found.*portal build"):
        pages_from_site(tmp_path / "site")
    with pytest.raises(SiteError, match="no sitemap.xml"):
        pages_from_site(tmp_path)


def test_sitemap_argument_accepts_a_url_list(tmp_path):
    f = tmp_path / "urls.txt"
    f.write_text("# pages\nhttp://127.0.0.1:8000/portal/\nhttp://127.0.0.1:8000/portal/a/\n", encoding="utf-8")
    pages, origin = pages_from_sitemap_arg(str(f))
    assert origin == "http://127.0.0.1:8000" and [p.path for p in pages] == ["/portal/", "/portal/a/"]


def test_select_pages():
    pages = [PageRef("/", ""), PageRef("/seisaku/xyz/", ""), PageRef("/seisaku/abc/", ""), PageRef("/about/", "")]
    assert [p.path for p in select_pages(pages, ["/seisaku/xyz/"])] == ["/seisaku/xyz/"]
    assert [p.path for p in select_pages(pages, ["seisaku/xyz"])] == ["/seisaku/xyz/"]
    assert [p.path for p in select_pages(pages, ["/seisaku/*"])] == ["/seisaku/xyz/", "/seisaku/abc/"]
    assert [p.path for p in select_pages(pages, ["/new/"])] == ["/new/"]  # not in the sitemap: tested anyway
    assert select_pages(pages, []) == pages
    assert PageRef("/", "").id == "index" and PageRef("/seisaku/xyz/", "").id == "seisaku/xyz/"


# --------------------------------------------------------------------------- allowlist


def test_committed_allowlist_is_valid():
    allow = load_allowlist(DEFAULT_ALLOWLIST)
    assert isinstance(allow.entries, list)
    allow.check_rules({"color-contrast", "image-alt"})  # every rule it names exists (none, today)


@pytest.mark.parametrize(
    "text, message",
    [
        ("- {page: /a/, rule: image-alt}", "reason"),
        ("- {page: /a/, reason: x}", "rule"),
        ("- {rule: image-alt, reason: x}", "page"),
        ("- {page: /a/, rule: image-alt, reason: '  '}", "empty reason"),
        ("- {page: /a/, rule: image-alt, reason: x, until: 2025}", "until"),
        ("- {page: a/, rule: image-alt, reason: x}", "page"),
        ("page: /a/", "must be a YAML list"),
        ("- [", "not valid YAML"),
    ],
)
def test_invalid_allowlist_entries_are_rejected(tmp_path, text, message):
    f = tmp_path / "allow.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(AllowlistError, match=message):
        load_allowlist(f)


def test_allowlist_matching_and_unknown_rules(tmp_path):
    f = tmp_path / "allow.yaml"
    f.write_text("- page: /seisaku/*\n  rule: color-contrast\n  reason: 元資料の配色\n- page: '*'\n  rule: reflow-320\n  reason: 表\n", encoding="utf-8")
    allow = load_allowlist(f)
    assert allow.match("/seisaku/xyz/", "color-contrast").reason == "元資料の配色"
    assert allow.match("/about/", "color-contrast") is None
    assert allow.match("/about/", "reflow-320") is not None
    allow.check_rules({"color-contrast"})
    with pytest.raises(AllowlistError, match="unknown rule 'colour-contrast'"):
        Allowlist([Entry(page="/", rule="colour-contrast", reason="typo")], "x").check_rules({"color-contrast"})


# --------------------------------------------------------------------------- WCAG


def test_axe_tags_map_to_success_criteria():
    assert criterion_of_tag("wcag111") == "1.1.1"
    assert criterion_of_tag("wcag1410") == "1.4.10"
    assert criterion_of_tag("wcag412") == "4.1.2"
    assert criterion_of_tag("wcag2aa") is None and criterion_of_tag("best-practice") is None
    assert criteria_of_tags(["cat.color", "wcag2aa", "wcag143", "TTv5"]) == ["1.4.3"]
    assert len(JIS_CRITERIA) == 38
    assert sum(level == "A" for _, _, level in JIS_CRITERIA) == 25


# --------------------------------------------------------------------------- publishing


def _report(*, fail=False, incomplete=False, allowed=False):
    """A minimal accessibility report as build_report writes it."""
    contrast = {"id": "color-contrast", "impact": "serious", "help": "h", "tags": ["wcag2aa", "wcag143"], "nodes": [{"target": [".x"], "html": "<p>", "summary": ""}]}
    page_a = {
        "path": "/", "source": "https://example.jp/portal/", "title": "ホーム", "result": "pass", "errors": [],
        "failures": [], "allowed": [], "incomplete": [],
        "checks": [{"id": "skip-link", "passed": True}, {"id": "reflow-320", "passed": True}],
        "axe_runs": [{"viewport": "mobile", "scheme": "default", "violations": [], "incomplete": [],
                      "passes": ["image-alt", "html-has-lang", "color-contrast"], "inapplicable": ["video-caption"]}],
    }
    page_b = json.loads(json.dumps(page_a))
    page_b.update(path="/seisaku/xyz/", source="https://example.jp/portal/seisaku/xyz/", title="基本政策 <Ⅶ> | 市民自治")
    if fail:
        page_b["result"] = "fail"
        page_b["failures"] = [{"page": "/seisaku/xyz/", "viewport": "mobile", "scheme": "default", "rule": "color-contrast", "impact": "serious", "source": "axe", "help": "h", "tags": contrast["tags"], "nodes": []}]
        page_b["axe_runs"][0]["violations"] = [contrast]
    if incomplete:
        page_b["axe_runs"][0]["incomplete"] = [dict(contrast, id="color-contrast")]
    if allowed:
        page_b["allowed"] = [{"rule": "image-alt", "reason": "誤検出 *強調* <b>", "tags": ["wcag111"]}]
    return {
        "date": "2026-04-01T10:00:00+09:00", "complete": True, "base_url": "http://127.0.0.1:1",
        "axe_core_version": "4.14.1", "browser": "Chromium 156",
        "viewports": {"mobile": {"label": "スマートフォン（幅 360 px）"}}, "color_schemes": ["default"],
        "rule_tags": {"image-alt": ["wcag2a", "wcag111"], "html-has-lang": ["wcag2a", "wcag311"],
                      "color-contrast": ["wcag2aa", "wcag143"], "video-caption": ["wcag2a", "wcag122"]},
        "checks": [{"id": "skip-link", "wcag": ["2.4.1"]}, {"id": "reflow-320", "wcag": ["1.4.10"]},
                   {"id": "local-requests-only", "wcag": []}],
        "pages": [page_a, page_b],
    }


def _criterion(results, sc):
    return next(c for c in results["criteria"] + results["extra_criteria"] if c["id"] == sc)


def test_build_results_per_page_and_per_criterion():
    res = R.build_results(_report(), claim="配慮")
    assert res["standard"] == "JIS X 8341-3:2016" and res["target_level"] == "AA" and res["test_date"] == "2026-04-01"
    assert res["scope_url"] == "https://example.jp/portal/"
    assert [(p["path"], p["result"]) for p in res["pages"]] == [("/", "適合"), ("/seisaku/xyz/", "適合")]
    assert _criterion(res, "1.4.3")["result"] == "適合" and _criterion(res, "1.4.3")["method"] == "機械"
    assert _criterion(res, "2.4.1")["result"] == "適合"  # from the skip-link check
    assert _criterion(res, "1.2.2")["method"] == "人"  # its only rule found nothing to test
    assert _criterion(res, "3.3.4")["method"] == "人" and _criterion(res, "3.3.4")["result"] == "要確認"
    assert [c["id"] for c in res["extra_criteria"]] == ["1.4.10"]
    assert res["summary"]["machine_criteria"] + res["summary"]["person_criteria"] == 38

    failing = R.build_results(_report(fail=True), claim="一部準拠")
    page = failing["pages"][1]
    assert page["result"] == "不適合" and page["failed_criteria"] == ["1.4.3"] and page["failed_rules"] == ["color-contrast"]
    assert _criterion(failing, "1.4.3")["result"] == "不適合" and _criterion(failing, "1.4.3")["failed_pages"] == ["/seisaku/xyz/"]
    with pytest.raises(R.PublishError, match="準拠 cannot be claimed"):
        R.build_results(_report(fail=True), claim="準拠")
    assert _criterion(R.build_results(_report(incomplete=True), claim="配慮"), "1.4.3")["result"] == "要確認"
    with pytest.raises(R.PublishError, match="complete run"):
        R.build_results({**_report(), "complete": False}, claim="配慮")


def test_load_results(tmp_path):
    assert load_results(tmp_path / "none.json") is None
    f = tmp_path / "results.json"
    f.write_text(json.dumps(R.build_results(_report(allowed=True), claim="配慮"), ensure_ascii=False), encoding="utf-8")
    res = load_results(f)
    assert res["test_date_ja"] == "2026年4月1日" and len(res["pages_with_exceptions"]) == 1
    f.write_text('{"format": 1}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a valid accessibility results file"):
        load_results(f)


def test_md_escape_neutralises_markdown_and_html():
    hostile = "<script>alert(1)</script> | *x* [a](javascript:alert(1)) # h\n- item & `c`"
    out = md_escape(hostile)
    assert not re.search(r"[<>|*\[\]()`#\n]", re.sub(r"&#\d+;", "", out))
    html = markdown.markdown(out, extensions=["tables", "attr_list"])
    assert "<script" not in html and "<a " not in html and "<em>" not in html and "<code>" not in html
    shown = htmllib.escape(" ".join(hostile.split()), quote=False).replace("&amp;", "&")
    assert _text(html) == f"<p>{shown}</p>"  # the browser shows the same text


def _text(html: str) -> str:
    """What a browser shows: character references resolved (tags written as text stay &lt;…)."""
    return re.sub(r"&#(\d+);", lambda m: htmllib.escape(chr(int(m.group(1))), quote=False), html).replace("&amp;", "&")


def _render(tmp_path, report, md=None):
    f = tmp_path / "results.json"
    f.write_text(json.dumps(R.build_results(report, claim="配慮"), ensure_ascii=False), encoding="utf-8")
    return render_results_page(load_results(f), md=md, site_name="川崎市 <政策> ポータル")


def test_results_page_renders_the_jis_form(tmp_path):
    text = _render(tmp_path, _report(fail=True, allowed=True))
    for heading in ("規格の規格番号及び改正年", "目標とする適合レベル及び対応度", "対象範囲", "試験日",
                    "試験に使ったツール", "試験したページ一覧", "達成基準チェックリスト"):
        assert f"## {heading}" in text
    html = _text(markdown.markdown(text, extensions=["tables"]))
    assert html.count("<table>") == 2  # JIS criteria, WCAG 2.1/2.2 reference (the pages are a list)
    assert "2026年4月1日" in html and "4.14.1" in html and "Chromium 156" in html
    assert "<th>達成基準</th>" in html and "<th>適合レベル</th>" in html and "<th>適用</th>" in html and "<th>結果</th>" in html
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>", html, flags=re.S)
    assert len(rows) == 38 + 1
    assert "基本政策 &lt;Ⅶ&gt; | 市民自治" in html  # the | did not split the cell; < > are text
    assert "<strong>不適合</strong>（達成基準 1.4.3）" in html
    assert "誤検出 *強調* &lt;b&gt;" in html and "<b>" not in html and "<em>強調</em>" not in html
    assert "川崎市 &lt;政策&gt; ポータル" in html
    assert "JIS X 8341-3:2016の適合レベル AA に配慮" in html


def test_results_page_renders_in_the_generators_environment(tmp_path):
    """The template follows the generator's conventions (its Jinja settings and md filter)."""
    render = pytest.importorskip("generator.render")
    f = tmp_path / "results.json"
    f.write_text(json.dumps(R.build_results(_report(fail=True, allowed=True), claim="配慮"), ensure_ascii=False), encoding="utf-8")
    text = render.environment().get_template(TEMPLATE_NAME).render(results=load_results(f), site_name="川崎市")
    html = _text(markdown.markdown(text, extensions=["tables"]))
    assert html.count("<table>") == 2 and "基本政策 &lt;Ⅶ&gt; | 市民自治" in html
    assert text == render_results_page(load_results(f), md=render.md, site_name="川崎市")
