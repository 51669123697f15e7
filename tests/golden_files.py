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
