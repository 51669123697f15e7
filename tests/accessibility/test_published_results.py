"""The committed accessibility/results.json (the 試験結果 page) must agree with this run."""

from __future__ import annotations

import pytest

from generator.a11y_results import load_results

from .conftest import ALL_LOADS
from .report import RESULTS_PATH

STALE = "試験結果が古くなっています: make a11y-publish を実行してください"


def test_published_results_match_this_run(a11y):
    if not RESULTS_PATH.exists():
        pytest.skip(f"{RESULTS_PATH} does not exist yet (publish it with make a11y-publish)")
    published = load_results(RESULTS_PATH)
    pages = a11y.pages()
    published_pages = {p["path"]: p for p in published["pages"]}
    problems: list[str] = []
    site_paths = {p.path for p in pages}
    for path in sorted(site_paths - set(published_pages)):
        problems.append(f"{path}: in the sitemap but not in the published results")
    for path in sorted(set(published_pages) - site_paths):
        problems.append(f"{path}: in the published results but no longer in the sitemap")
    for page in pages:
        if page.path not in published_pages:
            continue
        result = a11y.result(page, ALL_LOADS)
        now = "適合" if result.passed else "不適合"
        was = published_pages[page.path]
        if was["result"] != now:
            problems.append(f"{page.path}: published {was['result']}, this run {now}")
        if was["title"] != result.title:
            problems.append(f"{page.path}: published title {was['title']!r}, now {result.title!r}")
    if problems:
        pytest.fail(STALE + "\n  " + "\n  ".join(problems), pytrace=False)
