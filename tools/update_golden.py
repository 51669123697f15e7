"""Rewrite tests/golden/ (review the diff: it is what citizens and re-users of the data will read):

* seed/: the Markdown pages of policies.yaml;
* seed-files/ and minimal-files/: the JSON twins, the open data (JSON, JSON Schema, CSV) and the Atom
  feed of policies.yaml and of tests/unit/fixtures/minimal.yaml (tests/golden_files.py says what);
* split-lists/: the seed's record lists split per 計画期間 × 基本政策, as a large corpus has them;
* a11y/: the 試験結果 page in three states of the manual-check records (tests/unit/test_a11y_claims.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.build import render_pages, write_tree  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.validate import validate_file  # noqa: E402
from tests.golden_files import GOLDEN, SETS, files_for, split_list_pages  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    # The golden pages do not depend on the last accessibility run (accessibility/results.json) nor on
    # git history: render_pages without them, with the project's site_url (as tests/unit/test_generate.py).
    result = validate_file(ROOT / "policies.yaml")
    if not result.ok:
        sys.exit("policies.yaml が検査に通りません: portal validate を実行してください")
    pages = render_pages(result.corpus, site_url=Project.at(ROOT).site_url())
    written, removed = write_tree(ROOT / "tests" / "golden" / "seed", pages)
    print(f"tests/golden/seed: 書き換え {written}、削除 {removed}")
    for name, corpus_path in SETS.items():
        written, removed = write_tree(GOLDEN / name, files_for(corpus_path))
        print(f"tests/golden/{name}: 書き換え {written}、削除 {removed}")

    written, removed = write_tree(GOLDEN / "split-lists", split_list_pages())
    print(f"tests/golden/split-lists: 書き換え {written}、削除 {removed}")

    import tempfile

    from tests.unit.test_a11y_claims import golden_pages

    with tempfile.TemporaryDirectory() as tmp:
        a11y = {name: text.encode("utf-8") for name, text in golden_pages(Path(tmp)).items()}
    written, removed = write_tree(ROOT / "tests" / "golden" / "a11y", a11y)
    print(f"tests/golden/a11y: 書き換え {written}、削除 {removed}")
