"""Issue 6: the editing guide cannot drift, `portal diff` names what changed, open data and the feed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from generator import opendata
from generator.build import data_files
from generator.diff import diff, format_changes
from generator.guide import GUIDE_PATH, guide_text
from generator.messages import MESSAGES
from generator.project import Project
from generator.validate import validate_file, validate_text
from tests.project import SITE_URL, copy_project, corpus_files, file_holding

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
ATOM = "{http://www.w3.org/2005/Atom}"


def seed():
    return validate_file(ROOT / "policies.yaml").corpus


def test_editing_guide_is_generated_from_the_validator_and_is_current():
    text = (ROOT / GUIDE_PATH).read_text(encoding="utf-8")
    assert text == guide_text(), "docs/editing-guide.md が古くなっています: `portal guide` を実行してください"
    for code, msg in MESSAGES.items():
        assert f"### [{code}]" in text and msg.text in text and msg.fix in text


def test_readme_links_the_editing_guide():
    assert "docs/editing-guide.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_diff_of_a_one_field_change_names_that_field(tmp_path):
    project = copy_project(tmp_path / "p")
    part = file_holding(project.root, "purpose: 自治推進委員会からの提言を踏まえながら")
    text = part.read_text(encoding="utf-8")
    part.write_text(text.replace("purpose: 自治推進委員会からの提言を踏まえながら", "purpose: 自治推進委員会の提言を踏まえながら", 1),
                    encoding="utf-8")
    changes = diff(seed(), validate_file(project.corpus).corpus)
    assert [(c.kind, c.label, c.url, c.fields) for c in changes] == [
        ("変更", "事業「自治拡充推進事業」", "jigyo/jichi-kakuju/", ("purpose（事業の目的）",))
    ]
    out = format_changes(changes, "HEAD", "policies.yaml").splitlines()
    at = out.index("- 変更: 事業「自治拡充推進事業」（`/jigyo/jichi-kakuju/`）")
    assert out[at + 1:at + 4] == [
        "  - purpose（事業の目的）",
        "    - 旧: 自治推進委員会<del>から</del>の提言を踏まえながら、自治基本条例に基づ…",
        "    - 新: 自治推進委員会の提言を踏まえながら、自治基本条例に基づ…",
    ]


def test_diff_reports_added_and_removed_records():
    data = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))
    old = validate_text(yaml.safe_dump(data, allow_unicode=True)).corpus
    data["policies"][0]["measures"][0]["initiatives"][1]["id"] = "i-new"
    new = validate_text(yaml.safe_dump(data, allow_unicode=True)).corpus
    kinds = sorted((c.kind, c.url) for c in diff(old, new))
    assert kinds == [("削除", "torikumi/i-2/"), ("追加", "torikumi/i-new/")]


def test_diff_cli_with_a_git_revision_and_a_bad_revision(tmp_path):
    project = copy_project(tmp_path / "p", git=True)
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "diff", "HEAD", "policies.yaml"], cwd=project.root,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("### policies.yaml の変更（HEAD:policies.yaml → policies.yaml）")
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "diff", "no-such-rev", "policies.yaml"], cwd=project.root,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "エラー:" in proc.stdout and "Traceback" not in proc.stderr


def test_csv_has_one_row_per_project_with_japanese_intact_and_a_bom():
    corpus = seed()
    raw = data_files(corpus, url=SITE_URL)[opendata.CSV_PATH]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [label for _, label in opendata.CSV_COLUMNS]
    assert rows[0][:4] == ["事業ID", "事業名", "各区", "目的"]
    body = {r[0]: r for r in rows[1:]}
    assert len(body) == 25
    row = body["jumin-tohyo-seido"]
    assert row[1] == "住民投票制度運営事業"
    assert "総合的広聴制度の推進" in row[11]  # 再掲
    assert row[-1] == "https://policy-portal.example.jp/jigyo/jumin-tohyo-seido/"


def test_json_is_the_whole_corpus_and_validates_again():
    data = json.loads(data_files(seed(), url=SITE_URL)[opendata.JSON_PATH])
    assert validate_text(json.dumps(data, ensure_ascii=False)).ok  # JSON is YAML: it round-trips
    assert data["policies"][0]["title"] == "参加と協働による市民自治のまちづくり"


def test_feed_is_valid_atom_with_entries_from_updated_dates():
    corpus = validate_file(FIXTURES / "minimal.yaml").corpus
    root = ET.fromstring(data_files(corpus, url=SITE_URL)["feed.xml"])
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text == "基本施策 Ⅶ-1-(1) 分権時代の新たな自治のしくみづくり"
    assert entry.find(f"{ATOM}updated").text == "2024-04-01T00:00:00+09:00"
    assert entry.find(f"{ATOM}link").get("href") == "https://policy-portal.example.jp/shisaku/m-1-1/"
    assert entry.find(f"{ATOM}id").text


def test_pre_commit_runs_the_validator_on_policies_yaml():
    import re

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["portal-validate"]["entry"].endswith("portal validate")
    # the whole corpus is validated from its entry, also when only a part file changed
    assert hooks["portal-validate"]["pass_filenames"] is False
    files = re.compile(hooks["portal-validate"]["files"])
    for path in [Path("policies.yaml"), *(p.relative_to(ROOT) for p in corpus_files(ROOT)[1:])]:
        assert files.search(path.as_posix()), path
    assert not files.search("mkdocs.yml")


def test_change_history_comes_from_the_corpus_and_the_repository(tmp_path, monkeypatch):
    from generator import history
    from generator.pages import Index

    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "policies.yaml").write_text(text, encoding="utf-8")

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                       env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
                            "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_COMMITTER_DATE": "2025-01-02T00:00:00",
                            "GIT_AUTHOR_DATE": "2025-01-02T00:00:00", "PATH": "/usr/bin:/bin"})

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "first")
    (repo / "policies.yaml").write_text(text.replace("住民投票制度を適正に運営します。", "住民投票制度を運営します。"), encoding="utf-8")
    git("commit", "-qam", "second")
    found = history.repository_history(Project.at(repo), repo / "policies.yaml")
    assert found["jumin-tohyo"] == [("2025-01-02", "変更: purpose（事業の目的）"), ("2025-01-02", "掲載")]
    corpus = validate_file(repo / "policies.yaml").corpus
    ix = Index(corpus, found)
    assert ix.history_of(ix.projects["jumin-tohyo"])[0] == ("2025-01-02", "変更: purpose（事業の目的）")
    # and an editor's own entry comes first when newer
    measure = corpus.policies[0].measures[0]
    assert ix.history_of(measure)[-1] == ("2025-01-02", "掲載")


def test_feed_carries_the_change_history_dates_the_pages_show(tmp_path):
    """The seeds give no 更新日, yet every page shows 「YYYY-MM-DD 掲載」 from the repository's history:
    the feed uses the same dates (it was empty, issue #14), and the same repository state gives the
    same bytes."""
    from generator import build

    project = copy_project(tmp_path / "p", git=True)
    date = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=project.root, capture_output=True, text=True,
                          check=True).stdout.strip()
    assert build.generate(project, quiet=True) == 0
    feed = (project.out_dir / "feed.xml").read_bytes()
    root = ET.fromstring(feed)
    entries = root.findall(f"{ATOM}entry")
    pages_with_history = [p for p in project.out_dir.rglob("*.md") if f"<li>{date}　掲載</li>" in p.read_text(encoding="utf-8")]
    assert pages_with_history and len(entries) == min(50, len(pages_with_history))
    assert {e.find(f"{ATOM}updated").text for e in entries} == {f"{date}T00:00:00+09:00"}
    assert root.find(f"{ATOM}updated").text == f"{date}T00:00:00+09:00"
    for entry in entries:  # each entry is a page that says so
        path = entry.find(f"{ATOM}link").get("href").removeprefix(SITE_URL).rstrip("/")
        md = project.out_dir / f"{path}.md"
        assert f"<li>{date}　掲載</li>" in md.read_text(encoding="utf-8"), path
    assert build.generate(project, quiet=True) == 0
    assert (project.out_dir / "feed.xml").read_bytes() == feed
