"""Golden files for what re-users read rather than citizens: every page's JSON twin, the open data
(policies.json, its JSON Schema, projects.csv) and the Atom feed, byte for byte (tests/golden_files.py;
regenerate with `.venv/bin/python tools/update_golden.py` and review the diff)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from tests.golden_files import GOLDEN, SETS, SPLIT_LIMIT, files_for, split_list_pages

HINT = "python tools/update_golden.py で更新し、差分を確認してください"


@pytest.fixture(scope="module", params=sorted(SETS))
def golden_set(request):
    name = request.param
    folder = GOLDEN / name
    golden = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    return name, files_for(SETS[name]), golden


def test_twins_open_data_and_feed_match_their_golden_files(golden_set):
    name, files, golden = golden_set
    assert sorted(files) == sorted(golden), f"{name}: ファイルの一覧が変わりました: {HINT}"
    for path, data in files.items():
        assert data == golden[path], f"tests/golden/{name}/{path} と違います: {HINT}"


def test_split_record_lists_match_their_golden_files():
    """A record list over LIST_INLINE_LIMIT entries links to a page per 計画期間 × 基本政策 instead (a large
    corpus; here the seed with the limit lowered): the lists and those pages, byte for byte."""
    folder = GOLDEN / "split-lists"
    golden = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    files = split_list_pages()
    assert sorted(files) == sorted(golden), f"split-lists: ファイルの一覧が変わりました: {HINT}"
    for path, data in files.items():
        assert data == golden[path], f"tests/golden/split-lists/{path} と違います: {HINT}"
    # the golden files hold what they should: split lists link to their groups, an unsplit list does not
    assert SPLIT_LIMIT < 14 and "torikumi/plan-2011/sanka-kyodo-shimin-jichi.md" in golden
    assert "jigyo/plan-2011/sanka-kyodo-shimin-jichi.md" in golden and not any(p.startswith("shisaku/plan-") for p in golden)


def test_the_golden_files_hold_what_they_should(golden_set):
    """The golden files themselves are not empty shells (a golden file only guards what it holds)."""
    name, _, golden = golden_set
    twins = {p: json.loads(b) for p, b in golden.items() if p.endswith("index.json")}
    records = [t for t in twins.values() if "record" in t]
    assert records and all(t["record"] and t["record"]["id"] == t["id"] for t in records)
    parents = [t for t in records if t["kind"] in ("policy", "measure", "initiative")]
    assert any(t["children"] for t in parents), "a 基本政策/基本施策/主な取組 twin lists its children"
    assert all(c["id"] and c["title"] and c["url"].startswith("https://") for t in records for c in t["children"])
    projects = [t for t in records if t["kind"] == "project"]
    assert projects and all(t["listed_in"] and t["children"] == [] for t in projects)
    assert all(t["url"].startswith("https://") and t["title"] for t in twins.values())
    corpus = json.loads(golden["data/policies.json"])
    assert corpus["policies"] and corpus["site"]["title"]
    schema = json.loads(golden["data/policies.schema.json"])
    assert schema["type"] == "object" and "policies" in schema["properties"]
    rows = list(csv.reader(io.StringIO(golden["data/projects.csv"].decode("utf-8-sig"))))
    assert len(rows) - 1 == len(projects) and all(len(r) == len(rows[0]) for r in rows)
    feed = ET.fromstring(golden["feed.xml"])
    assert feed.find("{http://www.w3.org/2005/Atom}title").text
    if name == "minimal-files":  # its 基本施策 has a 更新日: one entry
        entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
        assert [e.find("{http://www.w3.org/2005/Atom}id").text for e in entries] == [twins["shisaku/m-1-1/index.json"]["url"]]
