"""The committed accessibility/results.json (the 試験結果 page) must agree with this run."""

from __future__ import annotations

import pytest

from generator.a11y_results import load_results

from .conftest import ALL_LOADS
from .report import RESULTS_PATH
from .sample import select_sample

STALE = "試験結果が古くなっています: make a11y-publish を実行してください"


def test_published_results_match_this_run(a11y):
    """The published sample is the one the fixed seed draws from today's sitemap, every listed page
    has this run's title and automatic verdict, and the counts over all pages (and the failing pages
    outside the sample) are this run's."""
    if not RESULTS_PATH.exists():
        pytest.fail(f"{STALE}\n  {RESULTS_PATH} does not exist: the 試験結果 page has nothing to show "
                    "(publish it with make a11y-publish and commit it)", pytrace=False)
    published = load_results(RESULTS_PATH)
    pages = a11y.pages()
    problems: list[str] = []

    sample = select_sample(p.path for p in pages)
    listed = {p["path"]: p for p in published["pages"]}
    for path in sorted(set(sample["pages"]) - set(listed)):
        problems.append(f"{path}: in the sample but not in the published results")
    for path in sorted(set(listed) - set(sample["pages"])):
        problems.append(f"{path}: in the published results but not in the sample (or no longer in the sitemap)")
    if published["sample"]["method"] != sample["method"] or published["sample"]["total_pages"] != sample["total"]:
        problems.append(
            f"sample: published {published['sample']['method']} of {published['sample']['total_pages']} pages, "
            f"now {sample['method']} of {sample['total']}"
        )
    if published["sample"]["seed"] != sample["seed"]:
        problems.append(f"sample: published seed {published['sample']['seed']}, now {sample['seed']}")

    results = {page.path: a11y.validated(page, ALL_LOADS) for page in pages}
    for path, was in listed.items():
        result = results.get(path)
        if result is None:
            continue
        now = "問題なし" if result.passed else "問題あり"
        if was["automated"] != now:
            problems.append(f"{path}: published {was['automated']}, this run {now}")
        if was["title"] != result.title:
            problems.append(f"{path}: published title {was['title']!r}, now {result.title!r}")
    s = published["summary"]
    passed = sum(r.passed for r in results.values())
    if (s["all_pages"], s["all_automated_pass"]) != (len(results), passed):
        problems.append(
            f"all pages: published {s['all_automated_pass']} of {s['all_pages']} passing, this run {passed} of {len(results)}"
        )
    failing_outside = sorted(p for p, r in results.items() if not r.passed and p not in set(sample["pages"]))
    published_outside = sorted(p["path"] for p in published["other_failing_pages"])
    if failing_outside != published_outside:
        problems.append(f"failing pages outside the sample: published {published_outside}, this run {failing_outside}")
    if problems:
        pytest.fail(STALE + "\n  " + "\n  ".join(problems), pytrace=False)
