"""Parts of the runner that need no browser: sitemap, allowlist, WCAG mapping, publishing and the
試験結果 template."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
from pathlib import Path

import markdown
import pytest

from generator.a11y_results import TEMPLATE_NAME, combine, load_results, md_escape, render_results_page

from . import htmlcheck as H
from . import incremental as I
from . import report as R
from .allowlist import DEFAULT_ALLOWLIST, Allowlist, AllowlistError, Entry, load_allowlist
from .runner import TemplateProofs
from .sample import REPRESENTATIVE_PREFIXES, SAMPLE_SEED, select_sample
from .site import PageRef, SiteError, pages_from_site, pages_from_sitemap_arg, select_pages
from .wcag import JIS_CRITERIA, criteria_of_tags, criterion_of_tag

FIXTURES = Path(__file__).parent / "fixtures"


# --------------------------------------------------------------------------- sitemap


def test_sitemap_locs_become_local_paths_without_the_site_url_base_path():
    assert [p.path for p in pages_from_site(FIXTURES / "good")] == ["/", "/page/", "/search/"]
    assert pages_from_site(FIXTURES / "good")[0].source == "https://fixture.example/sub/"
    assert len(pages_from_site(FIXTURES / "broken")) == 27  # one page per rule the suite checks (fixtures/README.md)


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


def test_the_404_page_is_tested_though_no_sitemap_lists_it(tmp_path):
    site = _site(tmp_path, ["https://x.example/portal/", "https://x.example/portal/a/"], ["index.html", "a/index.html", "404.html"])
    assert pages_from_site(site)[-1] == PageRef("/404.html", "https://x.example/portal/404.html")
    (site / "404.html").unlink()
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


# Real HTML_CodeSniffer codes (pa11y's issue codes) and misspelt ones: a misspelt code in the allowlist would excuse
# nothing, so it must be refused like a misspelt axe rule id.
_REAL_PA11Y_CODES = [
    "WCAG2AA.Principle1.Guideline1_3.1_3_1.F68",  # the unlabelled form field of issue #14
    "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputCheckbox.Name",  # the checkbox without a name
    "WCAG2AA.Principle1.Guideline1_1.1_1_1.H37",
    "WCAG2AA.Principle1.Guideline1_4.1_4_3.G18.Fail",
    "WCAG2AA.Principle1.Guideline1_3.1_3_1_A.G141",
    "WCAG2AAA.Principle1.Guideline1_4.1_4_6.G17.Fail",
    "WCAG2AA.Principle1.Guideline1_3.1_3_4.",  # an empty message code: HTML_CodeSniffer reports some (notices)
]
_MISSPELT_PA11Y_CODES = [
    "WCAG2AA.Principle1.Guideline1_3.1_3_1.F86",  # technique: no F86 in HTML_CodeSniffer
    "WCAG2AA.Principle1.Guideline1_1.1_1_2.H37",  # criterion: there is no 1.1.2
    "WCAG2AA.Principle1.Guideline1_3.1_1_1.H37",  # criterion under the wrong guideline
    "WCAG2AA.Principle1.Guideline1_4.1_4_6.G17.Fail",  # 1.4.6 is AAA: no sniff of WCAG2AA
    "WCAG2AA.Principle2.Guideline1_3.1_3_1.F68",  # principle
    "WCAG2A.Principle1.Guideline1_4.1_4_3.G18.Fail",  # 1.4.3 is AA: no sniff of WCAG2A
]


def test_allowlist_knows_real_pa11y_codes():
    Allowlist([Entry(page="/", rule=code, reason="real") for code in _REAL_PA11Y_CODES], "x").check_rules({"color-contrast"})


@pytest.mark.parametrize("code", _MISSPELT_PA11Y_CODES)
def test_allowlist_refuses_misspelt_pa11y_codes(code):
    with pytest.raises(AllowlistError, match=re.escape(f"unknown rule {code!r}")):
        Allowlist([Entry(page="/", rule=code, reason="typo")], "x").check_rules({"color-contrast"})


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
    res = R.build_results(_report())
    assert res["format"] == 3 and "conformance" not in res and "target_level" not in res  # the generator decides those
    assert res["standard"] == "JIS X 8341-3:2016" and res["test_date"] == "2026-04-01"
    assert res["scope_url"] == "https://example.jp/portal/"
    assert [(p["path"], p["automated"]) for p in res["pages"]] == [("/", "問題なし"), ("/seisaku/xyz/", "問題なし")]
    assert [p["url"] for p in res["pages"]] == ["https://example.jp/portal/", "https://example.jp/portal/seisaku/xyz/"]
    assert res["sample"]["method"] == "all" and {p["selection"] for p in res["pages"]} == {"全ページ"}
    assert res["published"] == dt.datetime.now(R.TOKYO).date().isoformat()
    assert R.build_results(_report(), declared=dt.date(2026, 4, 2))["published"] == "2026-04-02"
    assert _criterion(res, "1.4.3")["automated"] == "問題なし" and _criterion(res, "1.4.3")["method"] == "機械"
    assert _criterion(res, "2.4.1")["automated"] == "問題なし"  # from the skip-link check
    assert _criterion(res, "1.2.2")["method"] == "人"  # its only rule found nothing to test
    assert _criterion(res, "3.3.4")["method"] == "人" and _criterion(res, "3.3.4")["automated"] == "対象なし"
    assert [c["id"] for c in res["extra_criteria"]] == ["1.4.10"]
    assert res["summary"]["machine_criteria"] + res["summary"]["person_criteria"] == 38
    # no automatic result is ever 適合 (only a person's record makes it so: generator.a11y_results.combine)
    assert "適合" not in json.dumps(res, ensure_ascii=False)
    assert set(res["page_hashes"]) == {"/", "/seisaku/xyz/"}

    failing = R.build_results(_report(fail=True))
    page = failing["pages"][1]
    assert page["automated"] == "問題あり" and page["failed_criteria"] == ["1.4.3"] and page["failed_rules"] == ["color-contrast"]
    assert _criterion(failing, "1.4.3")["automated"] == "問題あり" and _criterion(failing, "1.4.3")["failed_pages"] == ["/seisaku/xyz/"]
    assert _criterion(R.build_results(_report(incomplete=True)), "1.4.3")["automated"] == "要確認"
    with pytest.raises(R.PublishError, match="complete run"):
        R.build_results({**_report(), "complete": False})


def test_load_results(tmp_path):
    assert load_results(tmp_path / "none.json") is None
    f = tmp_path / "results.json"
    f.write_text(json.dumps(R.build_results(_report(allowed=True)), ensure_ascii=False), encoding="utf-8")
    res = load_results(f)
    assert res["test_date_ja"] == "2026年4月1日" and len(res["exceptions"]) == 1
    f.write_text('{"format": 2}', encoding="utf-8")
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


def _combined(tmp_path, report, records=None, target="AA"):
    f = tmp_path / "results.json"
    f.write_text(json.dumps(R.build_results(report, declared=dt.date(2026, 4, 3)), ensure_ascii=False), encoding="utf-8")
    return combine(load_results(f), records or {}, target, dt.date(2026, 4, 10))


def _render(tmp_path, report, md=None):
    return render_results_page(_combined(tmp_path, report), md=md, site_name="川崎市 <政策> ポータル")


JB31 = (  # JIS X 8341-3:2016 附属書JB, JB.3.1 表示事項, in order (the level met, then the target and 対応度 apart)
    "表明日", "規格の規格番号及び改正年", "満たしている適合レベル", "目標とする適合レベル及び対応度",
    "対象となるウェブページに関する簡潔な説明", "依存したウェブコンテンツ技術のリスト",
    "試験対象のウェブページを選択した方法及び選択したウェブページ数", "試験を行ったウェブページのURL", "達成基準チェックリスト",
)


def test_results_page_renders_the_jis_form(tmp_path):
    text = _render(tmp_path, _report(fail=True, allowed=True))
    positions = [text.index(f"## {heading}\n") for heading in JB31]
    assert positions == sorted(positions)
    assert "### 自動チェックで確かめた達成基準" in text and "### 自動チェックの対象がなかった達成基準" in text
    html = _text(markdown.markdown(text, extensions=["tables"]))
    assert html.count("<table>") == 1  # only the JIS checklist; pages, criteria lists and WCAG 2.1/2.2 are lists
    assert "2026年4月3日" in html and "2026年4月1日" in html  # 表明日 (publication), 試験日
    assert "4.14.1" in html and "Chromium 156" in html
    assert "<th>達成基準</th>" in html and "<th>適合レベル</th>" in html and "<th>適用</th>" in html and "<th>結果</th>" in html
    assert len(re.findall(r"<th>", html)) == 4
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", html, flags=re.S)
    assert [r[0] for r in rows] == ["1.4.3 コントラスト（最低限レベル）"]  # no person's check yet: only the automatic failure
    assert rows[0][2:] == ("あり", "不適合")
    assert "JB.1.2 a)" in html and "すべてのウェブページ（2ページ）" in html
    assert "<li>HTML</li>" in html and "<li>WAI-ARIA</li>" in html
    assert "https://example.jp/portal/seisaku/xyz/" in html
    # the URL list is made of links (issue #14), relative to the page (/accessibility/results/): they work
    # on any host, the preview included, and the built site's link check covers them
    urls = html.split("試験を行ったウェブページのURL</h2>")[1].split("<h2")[0]
    assert '<br><a href="../../seisaku/xyz/" data-pagefind-ignore>https://example.jp/portal/seisaku/xyz/</a>' in urls
    # one list per result, failures first; the result is the list's heading, not repeated on every line
    groups = re.findall(r"<h3>(.*?)</h3>\s*<ul>(.*?)</ul>", urls, flags=re.S)
    assert sum(g[1].count("<a href=") for g in groups) == sum(g[1].count("<li>") for g in groups) == 2
    assert [(g[0], g[1].count("<li>")) for g in groups] == [("不適合（1ページ）", 1), ("自動チェックで問題なし（人による確認前）（1ページ）", 1)]
    assert "（達成基準 1.4.3）<br>" in groups[0][1] and "<strong>" not in urls
    machine = html.split("自動チェックで確かめた達成基準</h3>")[1].split("</ul>")[0]
    person = html.split("自動チェックの対象がなかった達成基準</h3>")[1].split("</ul>")[0]
    assert "1.4.3 コントラスト（最低限レベル）（AA）: 自動チェックで問題あり" in machine and "3.3.4" not in machine
    assert "3.3.4 エラー回避（法的、金融及びデータ）（AA）" in person and "1.4.3" not in person
    assert "基本政策 &lt;Ⅶ&gt; | 市民自治" in html  # the | did not split the cell; < > are text
    assert "<h3>適合（" not in html  # no page is 適合 without a person's checks
    assert "誤検出 *強調* &lt;b&gt;" in html and "<b>" not in html and "<em>強調</em>" not in html
    assert "川崎市 &lt;政策&gt; ポータル" in html
    assert "JIS X 8341-3:2016の適合レベル AA に配慮" in html


def test_results_page_renders_in_the_generators_environment(tmp_path):
    """The template follows the generator's conventions (its Jinja settings and md filter)."""
    from generator import render
    res = _combined(tmp_path, _report(fail=True, allowed=True))
    text = render.environment().get_template(TEMPLATE_NAME).render(results=res, site_name="川崎市")
    html = _text(markdown.markdown(text, extensions=["tables"]))
    assert html.count("<table>") == 1 and "基本政策 &lt;Ⅶ&gt; | 市民自治" in html
    assert '<a href="../../seisaku/xyz/" data-pagefind-ignore>https://example.jp/portal/seisaku/xyz/</a>' in html
    assert text == render_results_page(res, md=render.md, url=render.url, site_name="川崎市")


# --------------------------------------------------------------------------- the published sample


def _paths(n_per_kind: int = 6) -> list[str]:
    paths = ["/"]
    for prefix in REPRESENTATIVE_PREFIXES:
        paths.append(f"/{prefix}")
        paths += [f"/{prefix}page-{i:02d}/" for i in range(n_per_kind)]
    return paths


def test_sample_of_a_large_site_is_representative_plus_a_seeded_draw():
    paths = _paths()
    kinds = len(REPRESENTATIVE_PREFIXES)
    assert len(paths) == 1 + 7 * kinds
    s = select_sample(paths)
    assert s["method"] == "representative+random" and s["total"] == len(paths) and s["seed"] == SAMPLE_SEED
    assert len(s["pages"]) == 40 and len(set(s["pages"])) == 40 and set(s["pages"]) <= set(paths)
    # the top page and, for each kind, its first page in URL order (its list page)
    assert s["representative"] == ["/"] + [f"/{p}" for p in REPRESENTATIVE_PREFIXES]
    assert len(s["random"]) == 40 - (1 + kinds) and not set(s["random"]) & set(s["representative"])
    # reproducible: the same draw whatever the order given, and a page keeps its place when others are added
    assert select_sample(list(reversed(paths))) == s
    bigger = select_sample(paths + [f"/jigyo/new-{i}/" for i in range(5)])
    kept = set(s["random"]) & set(bigger["random"])
    assert len(kept) >= len(s["random"]) - 5
    assert select_sample(paths, seed=1)["random"] != s["random"]  # the seed decides it


def test_sample_of_a_small_site_is_every_page():
    s = select_sample(["/", "/a/", "/b/"])
    assert s["method"] == "all" and s["pages"] == ["/", "/a/", "/b/"] and not s["representative"]


def _big_report(failing=("/jigyo/page-00/",)):
    rep = _report()
    template = rep["pages"][0]
    pages = []
    for path in _paths():
        p = json.loads(json.dumps(template))
        p.update(path=path, source="https://example.jp/portal" + path, title=f"{path} - 川崎市")
        if path in failing:
            p["result"] = "fail"
            p["failures"] = [{"page": path, "viewport": "desktop", "scheme": "-", "rule": "keyboard-reach", "impact": "serious",
                              "source": "check", "help": "h", "tags": ["wcag211"], "nodes": []}]
        pages.append(p)
    rep["pages"] = pages
    rep["checks"].append({"id": "keyboard-reach", "wcag": ["2.1.1"]})
    return rep


def test_the_results_page_is_never_drawn_into_the_sample():
    """It changes with every run and every recorded check: a person's check of it could never stand."""
    paths = _paths() + ["/accessibility/results/"]
    s = select_sample(paths)
    assert "/accessibility/results/" not in s["pages"] and s["excluded"] == ["/accessibility/results/"]
    assert s["total"] == len(paths) - 1
    assert select_sample(["/", "/accessibility/", "/accessibility/results/"])["pages"] == ["/", "/accessibility/"]


def test_build_results_lists_the_sample_and_counts_every_page(tmp_path):
    sample = select_sample(_paths())
    outside = next(p for p in _paths() if p not in sample["pages"])
    inside = sample["random"][0]
    res = R.build_results(_big_report(failing=(outside, inside)))
    assert [p["path"] for p in res["pages"]] == sample["pages"]
    assert {p["path"]: p["selection"] for p in res["pages"]}["/"] == "代表"
    assert {p["path"]: p["selection"] for p in res["pages"]}[inside] == "無作為"
    n, rep = len(_paths()), 1 + len(REPRESENTATIVE_PREFIXES)
    assert res["sample"] == {"method": "representative+random", "total_pages": n, "size_limit": 40, "seed": SAMPLE_SEED,
                             "prefixes": list(REPRESENTATIVE_PREFIXES), "representative": rep, "random": 40 - rep, "excluded": []}
    s = res["summary"]
    assert (s["pages"], s["automated_pass"], s["automated_fail"]) == (40, 39, 1)
    assert (s["all_pages"], s["all_automated_pass"], s["all_automated_fail"]) == (n, n - 2, 2)
    assert [p["path"] for p in res["other_failing_pages"]] == [outside]
    assert _criterion(res, "2.1.1")["automated"] == "問題あり" and set(_criterion(res, "2.1.1")["failed_pages"]) == {outside, inside}
    f = tmp_path / "results.json"
    f.write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
    text = render_results_page(combine(load_results(f), {}, "AA", dt.date(2026, 4, 10)), site_name="川崎市")
    html = _text(markdown.markdown(text, extensions=["tables"]))
    assert "JB.1.2 d)" in html and "40ページです" in html
    assert "としないのは、人による確認をこの 40ページで行うため" in html
    assert f"代表するウェブページ（{rep}ページ）" in html and f"ランダムに選択したウェブページ（{40 - rep}ページ）" in html
    assert f"残りの {n - rep}ページ" in html and f"シード値 {SAMPLE_SEED}" in html
    assert "/seisaku/、/shisaku/" in html
    urls = html.split("試験を行ったウェブページのURL</h2>")[1].split("<p>すべてのウェブページ")[0]
    assert urls.count("<li>") == 40 and "<table>" not in urls  # lists, readable on a phone
    assert f"すべてのウェブページ（{n}ページ）の自動チェックでは、{n - 2}ページで問題が見つからず、2ページで問題が見つかりました" in html
    assert f"https://example.jp/portal{outside}" in html.split("次の 1ページは自動チェックで問題が見つかり")[1]


# --------------------------------------------------------------------------- HTML validator policy


def _msg(text, source, kind="served", typ="error"):
    return H.Message("/", kind, typ, text, 1, 1, source, source)


DRAWER_QUIRK = H.IgnoreEntry(
    message="Attribute “autocomplete” is only allowed when the input type is “color”, “date”, …",
    source='<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
    reason="an example entry",
)


def test_committed_html_ignore_list_is_empty():
    """Material's checkbox quirk (autocomplete="off" on #__drawer/#__search) left with theme/base.html:
    the site passes the Nu Html Checker without any exception."""
    assert H.load_ignore() == []


def test_an_ignore_entry_is_narrow():
    quirk = DRAWER_QUIRK
    drawer = quirk.source
    assert quirk.matches(_msg(quirk.message, drawer)) and quirk.matches(_msg(quirk.message, drawer, kind="dom"))
    # the same message on any other element, or another message on that element, still fails
    other = '<input type="checkbox" id="agree" autocomplete="off">'
    assert not quirk.matches(_msg(quirk.message, other))
    assert not quirk.matches(_msg("Duplicate ID “__drawer”.", drawer))


def test_which_validator_messages_fail():
    assert _msg("x", "<p>").fails and _msg("x", "<p>", typ="warning").fails
    assert not _msg("Trailing slash on void elements has no effect", "<br />", typ="info").fails
    m = _msg("x", "<p>")
    m.ignored_by = DRAWER_QUIRK
    assert not m.fails


@pytest.mark.parametrize(
    "text, message",
    [
        ("- {message: m, source: s}", "reason"),
        ("- {message: m, reason: r}", "source"),
        ("- {message: m, source: '(', reason: r}", "regular expression"),
        ("- {message: m, source: s, reason: r, documents: [html]}", "documents"),
        ("- {message: m, source: s, reason: r, page: /}", "page"),
        ("message: m", "YAML list"),
    ],
)
def test_invalid_html_ignore_entries_are_rejected(tmp_path, text, message):
    f = tmp_path / "ignore.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(H.HtmlCheckError, match=message):
        H.load_ignore(f)


def test_validator_that_cannot_run_is_an_error_not_a_pass(tmp_path, monkeypatch):
    monkeypatch.setattr(H, "VNU_JAR", tmp_path / "missing.jar")
    with pytest.raises(H.HtmlCheckError, match="npm ci"):
        H.validate({"/": {"served": b"<!doctype html>"}}, [])


# --------------------------------------------------------------------------- scale: what a run must check


def _built(tmp_path, pages: dict[str, str], css: str = "body{}") -> Path:
    site = tmp_path / "site"
    for path, html in pages.items():
        f = site / path.lstrip("/") / "index.html" if path.endswith("/") else site / path.lstrip("/")
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(html, encoding="utf-8")
    (site / "assets").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "portal.css").write_text(css, encoding="utf-8")
    return site


SITE = {"/": "top", "/jigyo/": "list", "/jigyo/a/": "a", "/jigyo/b/": "b", "/jigyo/c/": "c", "/seisaku/": "s", "/404.html": "nf"}


def _baseline(site: Path, refs, failing=()) -> dict:
    return {"format": 3, "test_date": "2026-11-01", "page_hashes": I.page_hashes(site, refs), "assets_hash": I.assets_hash(site),
            "suite_hash": I.suite_hash(), "pages": [], "other_failing_pages": [{"path": p, "failed_rules": ["image-alt"]} for p in failing]}


def test_changed_only_checks_changed_pages_and_one_page_per_kind(tmp_path):
    site = _built(tmp_path, SITE)
    refs = [PageRef(p, p) for p in SITE]
    baseline = _baseline(site, refs)
    (site / "jigyo" / "b" / "index.html").write_text("b, edited", encoding="utf-8")
    plan = I.plan(refs, site, baseline)
    assert not plan.full and plan.changed == ["/jigyo/b/"]
    assert plan.representatives == ["/", "/404.html", "/jigyo/", "/seisaku/"]  # the top page and each kind's first
    assert sorted(p.path for p in plan.check) == ["/", "/404.html", "/jigyo/", "/jigyo/b/", "/seisaku/"]
    assert set(plan.carried) == {"/jigyo/a/", "/jigyo/c/"} and {v["result"] for v in plan.carried.values()} == {"pass"}
    # a new page is a changed page; a page that failed in the recorded run keeps failing
    refs2 = refs + [PageRef("/jigyo/d/", "/jigyo/d/")]
    _built(tmp_path, {"/jigyo/d/": "d"})
    plan = I.plan(refs2, site, _baseline(site, refs, failing=("/jigyo/c/",)))
    assert "/jigyo/d/" in plan.changed and plan.carried["/jigyo/c/"] == {"result": "fail", "failed_rules": ["image-alt"]}


@pytest.mark.parametrize("change", ["css", "suite", "none", "old-format"])
def test_changed_only_checks_everything_when_no_recorded_verdict_can_stand(tmp_path, change, monkeypatch):
    site = _built(tmp_path, SITE)
    refs = [PageRef(p, p) for p in SITE]
    baseline = _baseline(site, refs)
    if change == "css":
        (site / "assets" / "portal.css").write_text("body{color:red}", encoding="utf-8")
    elif change == "suite":
        monkeypatch.setattr(I, "suite_hash", lambda: "another suite")
    elif change == "none":
        baseline = None
    else:
        del baseline["page_hashes"]
    plan = I.plan(refs, site, baseline)
    assert plan.full and [p.path for p in plan.check] == list(SITE) and not plan.carried and "every page is checked" in plan.reason


def test_template_proofs_prove_each_key_once():
    proofs = TemplateProofs()
    assert proofs.claim("drawer-open", "k1", "/a/") == "/a/"
    assert proofs.claim("drawer-open", "k1", "/b/") == "/a/"  # proven on /a/
    assert proofs.claim("drawer-open", "k2", "/b/") == "/b/"  # another drawer or CSS: its own proof
    proofs.release("drawer-open", "k2", "/b/")  # /b/ could not prove it (an error): the next page does
    assert proofs.claim("drawer-open", "k2", "/c/") == "/c/"


# --------------------------------------------------------------------------- checks.py branch by branch (no browser)


def _overflow(scroll=320, client=320, scrolls=False, culprits=(), cut=()):
    return {"scrollWidth": scroll, "clientWidth": client, "innerWidth": client, "scrolls": scrolls,
            "culprits": list(culprits), "cutOff": list(cut), "viewportOverflowX": "hidden"}


WIDE = {"target": ["div.wide"], "html": "<div class=\"wide\">", "right": 600}
GHOST = {"target": ["div.title"], "html": "<div class=\"title\">", "right": 345}


def test_overflow_problem_each_branch():
    from .checks import overflow_problem

    # fits: nothing to say
    assert overflow_problem(_overflow(), "at 320 px") == ("", [])
    # the page scrolls sideways: named with the sizes and the culprits
    msg, nodes = overflow_problem(_overflow(600, scrolls=True, culprits=[WIDE]), "at 320 px")
    assert msg == "at 320 px: the page scrolls sideways (document scrollWidth 600 px > clientWidth 320 px)" and nodes == [WIDE]
    # it cannot scroll (overflow-x clips the viewport) but visible content is past the right edge: cut off
    msg, nodes = overflow_problem(_overflow(600, culprits=[WIDE], cut=[WIDE]), "at 320 px")
    assert msg == ("at 320 px: content is cut off at the right edge (the page cannot scroll sideways; "
                   "document scrollWidth 600 px > clientWidth 320 px)") and nodes == [WIDE]
    # only invisible content (opacity 0) past the edge of a clipping viewport: nothing the reader loses
    assert overflow_problem(_overflow(345, culprits=[GHOST]), "200 % zoom") == ("", [])
    # a cut-off list without any overflow cannot fail
    assert overflow_problem(_overflow(320, cut=[WIDE]), "at 320 px") == ("", [])


def _facts(h1=(), headings=(), main="div.md-content"):
    return {"h1": [{"target": [t], "html": f"<h1>{t}</h1>", "inMain": in_main} for t, in_main in h1],
            "headings": [{"target": [f"h{lvl}"], "html": f"<h{lvl}>", "level": lvl, "text": f"見出し{lvl}"} for lvl in headings],
            "main": main}


def test_check_headings_each_branch():
    from .checks import check_headings

    ok = check_headings(_facts([("h1", True)], [1, 2, 3, 2, 2, 3]), "mobile")
    assert ok.passed and ok.message == "" and ok.nodes == [] and ok.id == "heading-structure" and ok.viewport == "mobile"
    two = check_headings(_facts([("a", True), ("b", True)], [1, 2, 1]), "desktop")
    assert not two.passed and two.message == "2 h1 elements on the page, expected exactly one"
    assert [n["target"] for n in two.nodes] == [["a"], ["b"]]
    none = check_headings(_facts([], [2, 3]), "desktop")
    assert not none.passed
    assert none.message == ("0 h1 elements on the page, expected exactly one; "
                            "the main content starts with an h2 ('見出し2'), not the h1")
    outside = check_headings(_facts([("header h1", False)], [2]), "desktop")
    assert outside.message.startswith("the h1 is outside the main content (div.md-content)")
    skipped = check_headings(_facts([("h1", True)], [1, 3, 4, 6]), "desktop")
    assert skipped.message == ("h1 is followed by h3 ('見出し3'): level 2 is skipped; "
                               "h4 is followed by h6 ('見出し6'): level 5 is skipped")
    assert [n["target"] for n in skipped.nodes] == [["h3"], ["h6"]]
    # going back up any number of levels is fine
    assert check_headings(_facts([("h1", True)], [1, 2, 3, 4, 2, 3, 1, 2]), "desktop").passed


def test_the_projects_own_site_older_than_its_inputs_is_refused(tmp_path):
    """Tests that read the built site/ fail, with a Japanese and English message, when site/ is older than
    policies.yaml, mkdocs.yml, content/, theme/ or generator/; other folders (fixtures) are not judged."""
    import os

    from .site import check_site_dir, stale_site

    for name in ("policies.yaml", "mkdocs.yml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    for name in ("content", "theme", "generator/templates"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "f.txt").write_text("x", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    assert "make site" in stale_site(site, tmp_path)  # no build mark: not a site portal build made
    mark = site / ".portal-site"
    mark.write_text("", encoding="utf-8")
    t = mark.stat().st_mtime
    for f in tmp_path.rglob("*"):
        if f.is_file() and f != mark and f.parent != site:
            os.utime(f, (t - 60, t - 60))
    assert stale_site(site, tmp_path) is None
    for changed in ("policies.yaml", "generator/templates/f.txt", "theme/f.txt", "content/f.txt", "mkdocs.yml"):
        os.utime(tmp_path / changed, (t + 30, t + 30))
        why = stale_site(site, tmp_path)
        assert why and changed in why and "make site" in why and "older than its inputs" in why, why
        os.utime(tmp_path / changed, (t - 60, t - 60))
    cache = tmp_path / "generator" / "__pycache__"
    cache.mkdir()
    (cache / "x.cpython-311.pyc").write_bytes(b"")  # written by importing, not an input
    assert stale_site(site, tmp_path) is None
    assert stale_site(FIXTURES / "good", tmp_path) is None  # not the project's site/: not judged
    assert check_site_dir(FIXTURES / "good") == FIXTURES / "good"


def test_the_word_no_page_has_is_on_no_page_the_suite_writes():
    """The state labels go onto the 試験結果 page: one that named the word searched for nothing (xyzzy) put it on a page,
    and the search found that page (the state could no longer be reached; a11y-publish caught it)."""
    from .runner import SEARCH_NOTHING_QUERY

    assert SEARCH_NOTHING_QUERY not in "".join(R.STATE_LABELS.values())
    assert SEARCH_NOTHING_QUERY not in R.RESULTS_PATH.read_text(encoding="utf-8")
