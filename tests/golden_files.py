"""What the golden files beside the Markdown hold: each page's JSON twin, the open data (JSON, its JSON
Schema, CSV) and the Atom feed, for the seed corpus and for tests/unit/fixtures/minimal.yaml (whose
page has a 更新日, so its feed has an entry). Written by tools/update_golden.py, compared by
tests/unit/test_golden_files.py."""

from __future__ import annotations

from pathlib import Path

from generator.build import data_files, twin_files
from generator.pages import Index, all_pages
from generator.project import Project
from generator.validate import validate_file

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SITE_URL = Project.at(ROOT).site_url()
# golden folder -> the corpus it is made from
SETS = {
    "seed-files": ROOT / "policies.yaml",
    "minimal-files": ROOT / "tests" / "unit" / "fixtures" / "minimal.yaml",
}


SPLIT_LIMIT = 10  # the seed's 主な取組 (14) and 事業 (25) lists are split at this limit, its 基本施策 (7) not


def split_list_pages() -> dict[str, bytes]:
    """The record lists of the seed corpus as a large corpus has them (``pages.LIST_INLINE_LIMIT`` lowered
    to SPLIT_LIMIT): each list split into a page per 計画期間 × 基本政策, and those group pages (golden folder
    split-lists/; at the real limit only a corpus of thousands of 事業 has them)."""
    from unittest import mock

    from generator import pages
    from generator.build import render_pages

    result = validate_file(ROOT / "policies.yaml")
    ix = Index(result.corpus)
    with mock.patch.object(pages, "LIST_INLINE_LIMIT", SPLIT_LIMIT):
        chosen = [p for p in all_pages(ix) if p.template in {t for t in pages._LIST_TEMPLATES.values()}]
        return dict(sorted(render_pages(result.corpus, ix, chosen, SITE_URL).items()))


def files_for(corpus_path: Path) -> dict[str, bytes]:
    """{relative path: bytes}: twins at their page's URL + index.json, data/…, feed.xml (no 試験結果, no git history)."""
    result = validate_file(corpus_path)
    if not result.ok:
        raise ValueError(f"{corpus_path} does not validate: run portal validate on it")
    ix = Index(result.corpus)
    pages = all_pages(ix)
    out = dict(data_files(result.corpus, ix, pages, SITE_URL))
    out.update(twin_files(ix, pages, SITE_URL))
    return dict(sorted(out.items()))
