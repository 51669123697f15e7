"""Reflow with the longest title a real-sized city gives (issue #14, section 1).

The page title of the synthetic corpus at 10,000 事業 (``portal synth 10000``) that is widest on
screen is found with the generator's own page list. At that size it is the title of a list split by
基本政策, a page a small site does not have, so the test site keeps that 基本政策 (its own long title)
with one 基本施策, 主な取組 and 事業 under it, and the 事業 is named with the longest title: its page
carries it in the h1, the breadcrumb and the document title, the pages above list it. The site is
built with the real theme, and every page (the sitemap and 404.html) must fit a phone's screen at
320 and at 360 CSS px: the whole document, header included, judged by the suite's own reflow check.
"""

from __future__ import annotations

import copy
import html
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator import build as build_mod
from generator import model, synth
from generator.pages import Index, all_pages

from . import checks as C
from .browser import NARROW, VIEWPORTS
from .site import SiteServer, pages_from_site
from tests.project import copy_project

ROOT = Path(__file__).resolve().parents[2]
SIZE = 10_000


def screen_width(text: str) -> int:
    """Width in half-width cells (a kanji is two): what decides how far a title reaches."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def longest_title(corpus: dict) -> tuple[str, str]:
    """(title, id of the 基本政策 whose pages carry it) of the widest page title."""
    parsed = model.Corpus.model_validate(corpus)
    ix = Index(parsed)
    page = max(all_pages(ix), key=lambda p: (screen_width(p.title), p.path))
    if page.record is not None:
        chain = [*ix.parents.get(page.record.id, []), page.record]
        policy = next(r for r in chain if isinstance(r, model.Policy))
    else:  # a list of one 基本政策's records (…/plan/<policy id>.md)
        policy = next(p for p in parsed.policies if page.path.removesuffix(".md").split("/")[-1] == p.id)
    return page.title, policy.id


def keep_one_policy(corpus: dict, policy_id: str, project_name: str) -> dict:
    """The corpus with only that 基本政策 and its first 基本施策 → 主な取組 → 事業, the 事業 renamed."""
    out = copy.deepcopy(corpus)
    policy = next(p for p in out["policies"] if p["id"] == policy_id)
    measure = policy["measures"][0]
    initiative = measure["initiatives"][0]
    initiative["projects"] = [{**next(p for p in initiative["projects"] if "ref" not in p), "name": project_name}]
    measure["initiatives"] = [initiative]
    policy["measures"] = [measure]
    out["policies"] = [policy]
    for st in out["statements"]:
        for sec in st["sections"]:
            paras = [p for p in sec["paragraphs"] if policy_id in p["policies"]]
            sec["paragraphs"] = paras or [{**sec["paragraphs"][0], "policies": [policy_id]}]
    return out


@pytest.fixture(scope="module")
def longest(tmp_path_factory):
    corpus = synth.synth(SIZE, ROOT / "policies.yaml")
    title, policy_id = longest_title(corpus)
    project = copy_project(tmp_path_factory.mktemp("long-titles") / "p")
    project.corpus.write_text(
        yaml.dump(keep_one_policy(corpus, policy_id, title), allow_unicode=True, sort_keys=False, width=200), encoding="utf-8"
    )
    assert build_mod.build(project) == 0
    return title, project.root / "site"


def test_the_longest_title_at_10000_projects_is_on_the_test_site(longest):
    title, site = longest
    assert screen_width(title) >= 100  # 64 characters at the time of writing (a 主な取組 list of one 基本政策)
    pages = [f.read_text(encoding="utf-8") for f in site.rglob("index.html")]
    h1 = re.compile(r"<h1[^>]*>" + re.escape(html.escape(title, quote=False)))  # (+「（各区）」 on a ward 事業)
    assert any(h1.search(text) for text in pages), title


def test_no_page_is_wider_than_a_phone_with_the_longest_title(a11y, longest):
    """At 320 and 360 CSS px (CDP mobile emulation) the whole document fits the screen."""
    _, site = longest
    browser = a11y.browser()
    problems = []
    with SiteServer(site) as server:
        for vp in (NARROW, VIEWPORTS["mobile"]):
            for page in pages_from_site(site):
                browser.load(server.origin + page.path, vp)
                problem, culprits = C.overflow_problem(C.overflow(browser.driver, vp.width), f"at {vp.width} px")
                if problem:
                    problems.append(f"{page.path} {problem}: " + ", ".join(n["target"][0] for n in culprits))
    assert not problems, "\n".join(problems)
