"""A corpus in several files (``- file:``, generator/parts.py): positions in the right file, schema checking
of part files as VS Code does it, the same published bytes as one file, merges that do not conflict, and
``portal diff`` / 変更履歴 / ``portal serve`` across files.

Each new error kind has its fixture in tests/unit/fixtures/invalid/part-*.yaml (test_validate.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import history, loader, redirects
from generator.build import data_files, render_pages, twin_files
from generator.diff import diff, load_revision
from generator.pages import Index, all_pages
from generator.parts import assemble
from generator.project import Project
from generator.schema import PARTS_DIR, SCHEMA_PATH, part_schemas, schema_files
from generator.validate import validate_file
from tests.project import SITE_URL, copy_project, corpus_files

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false",
                           *args], cwd=folder, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "GIT_AUTHOR_DATE": "2025-01-02T00:00:00",
                               "GIT_COMMITTER_DATE": "2025-01-02T00:00:00", "HOME": str(folder)})


def inline(entry: Path) -> str:
    """The corpus as one file: each ``- file:`` item replaced by the text of its part, re-indented (what an
    editor would get by pasting every part back). Independent of generator/parts.py: plain text."""
    out = []
    for line in entry.read_text(encoding="utf-8").splitlines(keepends=True):
        m = re.fullmatch(r"( *)- file: (\S+)\n", line)
        if not m:
            out.append(line)
            continue
        indent, part = m.group(1), entry.parent / m.group(2)
        body = [ln for ln in inline(part).splitlines(keepends=True) if not ln.startswith("# yaml-language-server:")]
        first = next((ln for ln in body if ln.strip() and not ln.startswith("#")), "")  # after the part's own comments
        if first.startswith("- "):  # a part holding a list: its items go in as they are
            out += [indent + ln if ln.strip() else ln for ln in body]
        else:
            out += [indent + ("- " if n == 0 else "  ") + ln if ln.strip() else ln for n, ln in enumerate(body)]
    return "".join(out)


# --------------------------------------------------------------------------- the real project


def test_the_real_corpus_is_split_and_publishes_exactly_what_one_file_would(tmp_path):
    """The split of policies.yaml into corpus/ changed no published byte: every page, data file, feed, JSON
    twin and page at a former URL is the same as from the same corpus pasted back into one file."""
    files = corpus_files(ROOT)
    assert len(files) >= 4 and all(p.is_relative_to(ROOT / "corpus") for p in files[1:])
    single = tmp_path / "policies.yaml"
    single.write_text(inline(ROOT / "policies.yaml"), encoding="utf-8")
    assert "- file:" not in single.read_text(encoding="utf-8")

    def published(path: Path) -> dict[str, bytes]:
        result = validate_file(path)
        assert result.ok, [p.format() for p in result.problems]
        ix = Index(result.corpus)
        pages = all_pages(ix)
        out = render_pages(result.corpus, ix, pages, SITE_URL)
        out.update(redirects.files(ix, SITE_URL))
        out.update(data_files(result.corpus, ix, pages, SITE_URL))
        out.update({"twins/" + k: v for k, v in twin_files(ix, pages, SITE_URL).items()})
        return out

    split, one = published(ROOT / "policies.yaml"), published(single)
    assert sorted(split) == sorted(one)
    assert [k for k in split if split[k] != one[k]] == []
    assert validate_file(ROOT / "policies.yaml").loaded.data == validate_file(single).loaded.data


def _schema_validator(schema_file: Path):
    """A validator for ``schema_file`` that resolves relative ``$ref``s from the schema's own place, as VS Code's
    YAML extension does (jsonschema + referencing)."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    def retrieve(uri: str) -> Resource:
        return Resource.from_contents(json.loads(Path(uri.removeprefix("file://")).read_text(encoding="utf-8")),
                                      default_specification=DRAFT202012)

    schema = {**json.loads(schema_file.read_text(encoding="utf-8")), "$id": schema_file.resolve().as_uri()}
    return jsonschema.Draft202012Validator(schema, registry=Registry(retrieve=retrieve))


def _named_schema(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, f"{path}: the first line names no schema"
    return (path.parent / m.group(1)).resolve()


def test_every_corpus_file_names_its_schema_and_passes_it_as_vs_code_checks_it():
    for path in corpus_files(ROOT):
        schema = _named_schema(path)
        assert schema.is_file(), (path, schema)
        data = loader.load_file(path).data  # dates stay text, as in the editor
        errors = [e.message for e in _schema_validator(schema).iter_errors(data)]
        assert errors == [], (path, errors[:3])
    assert _named_schema(ROOT / "policies.yaml") == (ROOT / SCHEMA_PATH).resolve()
    assert _named_schema(ROOT / "corpus/seisaku/sanka-kyodo-shimin-jichi.yaml").name == "policy.schema.json"


def test_a_part_schema_catches_a_mistake_in_a_part_file():
    part = ROOT / "corpus/seisaku/ikigai-shimin-jichi-chiiki.yaml"
    data = loader.load_file(part).data
    check = _schema_validator(_named_schema(part))
    assert list(check.iter_errors(data)) == []
    assert list(check.iter_errors({**data, "titel": "x"}))  # an unknown field
    assert list(check.iter_errors({k: v for k, v in data.items() if k != "title"}))  # a missing one
    assert list(check.iter_errors([data, {"file": "corpus/seisaku/other.yaml"}])) == []  # a list, with a - file: item
    assert list(check.iter_errors([{"file": "corpus\\seisaku\\other.yaml"}]))  # a Windows path
    main = _schema_validator(ROOT / SCHEMA_PATH)
    entry = loader.load_file(ROOT / "policies.yaml").data
    assert list(main.iter_errors(entry)) == []
    assert list(main.iter_errors({**entry, "policies": [{"file": "corpus/a.yaml", "id": "x"}]}))


def test_committed_part_schemas_match_the_model_and_schema_check_names_a_stale_one(tmp_path):
    for rel, text in part_schemas().items():
        assert (ROOT / rel).read_text(encoding="utf-8") == text, f"{rel} が古くなっています: `portal schema` を実行してください"
    assert sorted(p.name for p in (ROOT / PARTS_DIR).glob("*.json")) == sorted(Path(r).name for r in part_schemas())
    project = copy_project(tmp_path / "p")
    run = [sys.executable, "-m", "generator.cli", "-C", str(project.root), "schema"]
    assert subprocess.run([*run, "--check"], capture_output=True, text=True).returncode == 0
    stale = project.root / PARTS_DIR / "policy.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    proc = subprocess.run([*run, "--check"], capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stdout.startswith("schema/parts/policy.schema.json が model.py と一致しません"), proc.stdout
    assert subprocess.run(run, capture_output=True, text=True).returncode == 0
    assert {rel: (project.root / rel).read_text(encoding="utf-8") for rel in schema_files()} == schema_files()
    # the open data's schema describes policies.json, which never holds a "- file:" item
    from generator.schema import data_schema_text

    assert "Part" not in json.loads(data_schema_text())["$defs"] and "Part" in json.loads(schema_files()[SCHEMA_PATH])["$defs"]


# --------------------------------------------------------------------------- positions in the right file


MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
HEAD, POLICY = MINIMAL.split("policies:\n")
POLICY_FILE = "".join(ln[4:] + "\n" if ln.startswith("    ") else ln.replace("  - ", "", 1) + "\n"
                      for ln in POLICY.splitlines())


def test_each_mistake_in_a_part_file_is_reported_at_its_place_in_that_file(tmp_path):
    write(tmp_path, {
        "policies.yaml": HEAD + "policies:\n  - file: corpus/vii.yaml\nstatements:\n  - file: corpus/statements.yaml\n",
        "corpus/vii.yaml": POLICY_FILE.replace("title: 参加と協働", "titel: 参加と協働").replace(
            "      - id: i-2\n", "      - file: i-2.yaml\n      - id: i-3\n"),
        "corpus/i-2.yaml": "id: i-2\nnumber: ②\ntitle: 総合的\u200b広聴制度の推進\nprojects:\n  - ref: jumin-tohy\n",
        "corpus/statements.yaml": "- id: st-1\n  title: 施政方針\n  sections:\n  - id: sec-1\n    heading: 見出し\n"
                                  "    paragraphs:\n    - id: p-1\n      text: 本文 #続き\n      policies: [vii]\n"
                                  "- file: more/statement-2.yaml\n",
        "corpus/more/statement-2.yaml": "id: st-2\ntitle: 施政方針2\nsections:\n- id: sec-1\n  heading: 見出し\n"
                                        "  paragraphs:\n  - id: p-2\n    text: 本文\n",
    })
    # corpus/vii.yaml: "- id: i-3" stands where i-2 was (with i-2's other fields); i-2 comes from its own file.
    # Messages are ordered by file (policies.yaml first), then by line and column.
    got = [p.format() for p in validate_file(tmp_path / "policies.yaml", filename="policies.yaml").problems]
    assert got == [
        "corpus/i-2.yaml:3:11: エラー: 主な取組「i-2」の「title」に見えない文字 U+200B（ゼロ幅スペース）が含まれています — この文字を消してください"
        "（題名・名前・番号は見出しや検索、リンクの文字になるため、見えない文字は書けません） [invisible-char]",
        "corpus/i-2.yaml:5:10: エラー: 主な取組「i-2」の「projects」が参照している事業「jumin-tohy」が見つかりません（もしかして「jumin-tohyo」？）"
        " — id のつづりを確認するか、参照先のレコードを追加してください [dangling-ref]",
        "corpus/more/statement-2.yaml:4:7: エラー: id「sec-1」はすでに corpus/statements.yaml の 4 行目の施政方針の節で使われています"
        " — id は、読み込むファイルも含めたコーパス全体で重複しないように変えてください（URL になるため） [duplicate-id]",
        "corpus/statements.yaml:8:16: エラー: 段落「p-1」の「text」の文章が「 #」の前で切れています（「#続き」は YAML のコメントとして読まれ、公開されません）"
        " — 「#」も文章の一部なら、値全体を \" \" で囲んでください（例: - \"SNS ハッシュタグ #まちの自治 を使った情報発信\"）。"
        "メモなら、コメントは別の行に書いてください（文章の後ろには書けません。行の先頭、値のない行（progress: など）、"
        "id・参照・数・年度・true/false・日付・URL・電話・メールの後ろには書けます） [comment-in-text]",
        "corpus/vii.yaml:1:1: エラー: 基本政策「vii」に必須の項目「title」がありません — 「title: …」を書き加えてください [missing-field]",
        "corpus/vii.yaml:4:1: エラー: 基本政策「vii」に「titel」という項目はありません（もしかして「title」？） — 項目名のつづりを確認してください。"
        "使える項目: id、former_ids、number、number_label、title、plans、follows、summary、measures、contact、page [unknown-field]",
    ], "\n".join(got)


def test_a_yaml_mistake_in_a_part_is_reported_in_the_part_and_its_records_are_not_called_missing(tmp_path):
    write(tmp_path, {
        "policies.yaml": HEAD + "policies:\n  - file: corpus/vii.yaml\n",
        "corpus/vii.yaml": POLICY_FILE.replace("title: 参加と協働による市民自治のまちづくり", "title: 参加: 協働: まちづくり"),
    })
    got = [p.format() for p in validate_file(tmp_path / "policies.yaml", filename="policies.yaml").problems]
    assert got == ["corpus/vii.yaml:4:10: エラー: YAML の書き方が正しくありません: 「:」の使い方が正しくありません。本文の中の「:」は全角の「：」にするか、"
                   "値全体を \" \" で囲んでください — 示された行とその直前の行の字下げ・「:」・引用符を確認してください [yaml-syntax]"], got


def test_a_part_may_hold_a_list_and_lists_in_parts_may_name_parts(tmp_path):
    write(tmp_path, {
        "policies.yaml": HEAD.replace("contacts:\n  - id: kikaku-chosei\n    name: 企画調整課\n    phone: 044-200-2550\n"
                                      "    email: 17kityo@city.kawasaki.jp\n", "contacts:\n  - file: contacts.yaml\n")
        + "policies:\n  - file: corpus/vii.yaml\n",
        "contacts.yaml": "- id: kikaku-chosei\n  name: 企画調整課\n- file: corpus/more-contacts.yaml\n",
        "corpus/more-contacts.yaml": "id: other\nname: 別の課\n",
        "corpus/vii.yaml": POLICY_FILE.replace("    initiatives:\n", "    initiatives:\n      - file: ../initiative.yaml\n"),
        "initiative.yaml": "id: i-0\nnumber: ⓪\ntitle: 最初の取組\n",
    })
    result = validate_file(tmp_path / "policies.yaml")
    assert result.ok, [p.format() for p in result.problems]
    assert [c.id for c in result.corpus.contacts] == ["kikaku-chosei", "other"]
    assert [i.id for i in result.corpus.policies[0].measures[0].initiatives] == ["i-0", "i-1", "i-2"]
    src = result.loaded
    assert src.where(("contacts", 1, "name")) == (str(tmp_path / "corpus/more-contacts.yaml"), 2, 7)
    assert src.where(("policies", 0, "measures", 0, "initiatives", 1, "title"))[0] == str(tmp_path / "corpus/vii.yaml")
    assert src.where(("policies", 0, "measures", 0, "initiatives", 0, "title")) == (str(tmp_path / "initiative.yaml"), 3, 8)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in src.paths) == [
        "contacts.yaml", "corpus/more-contacts.yaml", "corpus/vii.yaml", "initiative.yaml", "policies.yaml"]


def test_a_part_symlinked_from_outside_the_project_is_refused(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(POLICY_FILE, encoding="utf-8")
    write(tmp_path / "p", {"policies.yaml": HEAD + "policies:\n  - file: corpus/vii.yaml\n"})
    (tmp_path / "p" / "corpus").mkdir()
    (tmp_path / "p" / "corpus" / "vii.yaml").symlink_to(outside)
    got = [p.code for p in validate_file(tmp_path / "p" / "policies.yaml").problems]
    assert got == ["part-outside"]


def test_an_unreadable_part_is_named_at_its_reference(tmp_path, monkeypatch):
    # tests run as root, who reads every file whatever its mode: the refusal is the OS's, stood in for here
    write(tmp_path, {"policies.yaml": HEAD + "policies:\n  - file: vii.yaml\n", "vii.yaml": POLICY_FILE})
    read_bytes = Path.read_bytes

    def refuse(self):
        if self.name == "vii.yaml":
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    got = [p.format() for p in validate_file(tmp_path / "policies.yaml", filename="policies.yaml").problems]
    assert got == ["policies.yaml:23:11: エラー: 読み込むファイル「vii.yaml」を読めません（Permission denied） — ファイルの権限と名前を確かめてください [part-unreadable]"]


# --------------------------------------------------------------------------- merging


def _add_project(root: Project | Path, initiative_id: str, new_id: str) -> None:
    """What an editor does to add a 事業: write its lines after the last line of the 主な取組's projects
    (or add ``projects:`` after the 主な取組's last line when it has none), in the file that holds it."""
    root = Path(root)
    src = assemble(root / "policies.yaml")
    path = next(("policies", p, "measures", m, "initiatives", i)
                for p, pol in enumerate(src.data["policies"]) for m, mea in enumerate(pol.get("measures", []))
                for i, ini in enumerate(mea.get("initiatives", [])) if ini.get("id") == initiative_id)
    f, local = src.locate(path)
    node = f.node_at(local)
    key_col = f.key_position(local + ("id",))[1] - 1
    projects = f.node_at(local + ("projects",))
    if projects is not None and projects.value:
        col, head, last_of = f.position(local + ("projects", 0))[1] - 3, "", projects  # the "- " before the first key
    else:  # the first 事業: "projects:" and its items at the column of the keys (the corpus's compact style)
        col, head, last_of = key_col, " " * key_col + "projects:\n", node
    end = max(n.end_mark.index for n in _scalars(last_of))
    at = f.text.index("\n", end) + 1 if "\n" in f.text[end:] else len(f.text)
    pad = " " * col
    lines = f"{head}{pad}- id: {new_id}\n{pad}  name: 新しい事業（{new_id}）\n{pad}  purpose: 新しい事業の目的です。\n"
    Path(f.filename).write_text(f.text[:at] + lines + f.text[at:], encoding="utf-8")


def _scalars(node):
    from generator.validate import _scalars as scalars

    return scalars(node)


def test_two_editors_adding_projects_to_different_initiatives_never_conflict(tmp_path):
    """For every two neighbouring 主な取組 of the real corpus (the closest two edits can be, all in one file),
    and for two 主な取組 in different files: two branches each add a 事業, and git merges them cleanly."""
    project = copy_project(tmp_path / "p", git=True)
    repo = project.root
    # also a 基本施策 in a part of its own inside the 基本政策's file: the different-files case
    part = repo / "corpus/seisaku/sanka-kyodo-shimin-jichi.yaml"
    text = part.read_text(encoding="utf-8")
    start = text.index("- id: sogo-sodan-service-2011\n")
    end = text.index("\ncontact:", start) + 1 if "\ncontact:" in text[start:] else len(text)
    block = text[start:end]
    own = "".join(ln[2:] if ln.startswith("  ") else ln.replace("- ", "", 1) for ln in block.splitlines(keepends=True))
    (repo / "corpus/shisaku").mkdir()
    (repo / "corpus/shisaku/sogo-sodan-service-2011.yaml").write_text(
        "# yaml-language-server: $schema=../../schema/parts/measure.schema.json\n" + own, encoding="utf-8")
    part.write_text(text[:start] + "- file: ../shisaku/sogo-sodan-service-2011.yaml\n" + text[end:], encoding="utf-8")
    assert validate_file(project.corpus).ok
    assert git(repo, "add", "-A").returncode == 0 and git(repo, "commit", "-qm", "measure in a part").returncode == 0
    corpus = validate_file(project.corpus).corpus
    initiatives = [i.id for p in corpus.policies for m in p.measures for i in m.initiatives]
    pairs = list(zip(initiatives, initiatives[1:]))
    assert ("kumin-kaigi-2011", "ku-sogo-gyosei-2011") in pairs and pairs[-1] == ("ku-sogo-gyosei-2011", "sogo-kocho-2011")
    for n, (a, b) in enumerate(pairs):
        for branch, initiative in (("a", a), ("b", b)):
            assert git(repo, "checkout", "-q", "-b", f"{branch}{n}", "main").returncode == 0
            _add_project(repo, initiative, f"new-{branch}-{n}")
            assert git(repo, "commit", "-qam", f"add to {initiative}").returncode == 0
        git(repo, "checkout", "-q", f"a{n}")
        merge = git(repo, "merge", "-q", "--no-edit", f"b{n}")
        assert merge.returncode == 0, (a, b, merge.stdout + merge.stderr)
        merged = validate_file(project.corpus)
        assert merged.ok, (a, b, [p.format() for p in merged.problems])
        ix = Index(merged.corpus)
        assert ix.parents[f"new-a-{n}"][-1].id == a and ix.parents[f"new-b-{n}"][-1].id == b
        # adding a 事業 touched only its own lines: the new 事業's 3 lines (4 with a new "projects:")
        for side in (f"a{n}^1", f"b{n}"):
            stat = git(repo, "diff", "--numstat", "main", side).stdout.split()
            assert int(stat[0]) in (3, 4) and stat[1] == "0", stat
        git(repo, "checkout", "-q", "main")
    # the test can see a conflict: two 事業 added at the end of the same 主な取組 meet at one place
    for branch in ("x", "y"):
        git(repo, "checkout", "-q", "-b", branch, "main")
        _add_project(repo, "sogo-kocho-2011", f"new-{branch}")
        git(repo, "commit", "-qam", branch)
    git(repo, "checkout", "-q", "x")
    assert git(repo, "merge", "-q", "--no-edit", "y").returncode != 0
    assert [p.code for p in validate_file(project.corpus).problems] == ["merge-conflict"]


def test_editing_a_projects_text_and_adding_a_statement_touch_few_lines(tmp_path):
    project = copy_project(tmp_path / "p", git=True)
    repo = project.root
    part = repo / "corpus/seisaku/sanka-kyodo-shimin-jichi.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("自治推進委員会からの提言", "自治推進委員会の提言", 1), encoding="utf-8")
    write(repo, {"corpus/shisei-hoshin/shisei-hoshin-r4.yaml":
                 "# yaml-language-server: $schema=../../schema/parts/statement.schema.json\n"
                 "id: shisei-hoshin-r4\ntitle: 令和4年度 施政方針\nsections:\n- id: r4-1\n  heading: はじめに\n"
                 "  paragraphs:\n  - id: r4-1-1\n    text: 本文です。\n"})
    entry = repo / "policies.yaml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("- file: corpus/shisei-hoshin/shisei-hoshin-seisaku-5.yaml\n",
                                  "- file: corpus/shisei-hoshin/shisei-hoshin-seisaku-5.yaml\n"
                                  "- file: corpus/shisei-hoshin/shisei-hoshin-r4.yaml\n"), encoding="utf-8")
    assert validate_file(project.corpus).ok
    git(repo, "add", "-A")
    numstat = {line.split("\t")[2]: line.split("\t")[:2] for line in git(repo, "diff", "--cached", "--numstat").stdout.splitlines()}
    assert numstat == {"corpus/seisaku/sanka-kyodo-shimin-jichi.yaml": ["1", "1"], "policies.yaml": ["1", "0"],
                       "corpus/shisei-hoshin/shisei-hoshin-r4.yaml": ["9", "0"]}, numstat


# --------------------------------------------------------------------------- diff and history across files


def test_diff_and_history_follow_records_across_split_renamed_and_moved_files(tmp_path):
    repo = tmp_path / "repo"
    write(repo, {"policies.yaml": MINIMAL})
    git(repo, "init", "-q", "-b", "main")

    def commit(message: str) -> str:
        assert git(repo, "add", "-A").returncode == 0
        assert git(repo, "commit", "-qm", message).returncode == 0, message
        return git(repo, "rev-parse", "HEAD").stdout.strip()

    one = commit("one file")
    # split: the 基本政策 into a part (no change)
    write(repo, {"policies.yaml": HEAD + "policies:\n  - file: corpus/a.yaml\n", "corpus/a.yaml": POLICY_FILE})
    (repo / "corpus/a.yaml").write_text(POLICY_FILE, encoding="utf-8")
    split = commit("split")
    # edit a 事業 in the part only
    a = repo / "corpus/a.yaml"
    a.write_text(a.read_text(encoding="utf-8").replace("住民投票制度を適正に運営します。", "住民投票制度を運営します。"), encoding="utf-8")
    edited = commit("edit in the part")
    # rename the part file (its 事業 edit is now only in the history of corpus/a.yaml)
    git(repo, "mv", "corpus/a.yaml", "corpus/b.yaml")
    write(repo, {"policies.yaml": HEAD + "policies:\n  - file: corpus/b.yaml\n"})
    renamed = commit("rename the part")
    # move the 主な取組 i-2 into a file of its own (a record moving between files: no change)
    b = repo / "corpus/b.yaml"
    text = b.read_text(encoding="utf-8")
    start = text.index("      - id: i-2\n")
    block = text[start:]
    b.write_text(text[:start] + "      - file: i-2.yaml\n", encoding="utf-8")
    write(repo, {"corpus/i-2.yaml": "".join(ln[8:] for ln in block.splitlines(keepends=True))})
    moved = commit("move i-2 to its own file")

    def corpus_at(rev: str):
        result = load_revision(repo, rev)
        assert result.ok, [p.format() for p in result.problems]
        return result.corpus

    assert diff(corpus_at(one), corpus_at(split)) == []
    assert diff(corpus_at(edited), corpus_at(moved)) == []  # renamed and moved between files: nothing changed
    changes = diff(corpus_at(one), corpus_at(moved))
    assert [(c.kind, c.record_id, c.fields) for c in changes] == [("変更", "jumin-tohyo", ("purpose（事業の目的）",))]
    # the command line, from a revision of one file to the working tree of several
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(repo), "diff", one, "policies.yaml"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "- 変更: 事業「住民投票制度運営事業」" in proc.stdout, proc.stdout + proc.stderr
    # a mistake in a part of an old revision is named with the revision and the part's path
    bad = load_revision(repo, renamed)
    assert bad.ok and bad.loaded.entry.filename == f"{renamed}:policies.yaml"
    assert {f.filename for f in bad.loaded.files} == {f"{renamed}:policies.yaml", f"{renamed}:corpus/b.yaml"}
    # 変更履歴: the edit made in corpus/a.yaml (a file that no longer exists) is found
    found = history.repository_history(Project.at(repo), repo / "policies.yaml")
    assert found["jumin-tohyo"] == [("2025-01-02", "変更: purpose（事業の目的）"), ("2025-01-02", "掲載")]
    assert found["i-2"] == [("2025-01-02", "掲載")]
    del edited


# --------------------------------------------------------------------------- serve and synth


def test_serve_regenerates_when_a_part_file_is_saved(tmp_path):
    from generator import serve

    project = copy_project(tmp_path / "p")
    parts: list[Path] = []
    assert serve._regenerate(project, "policies.yaml", parts) == 0
    assert project.root / "corpus/seisaku/sanka-kyodo-shimin-jichi.yaml" in parts
    stop = threading.Event()
    watcher = threading.Thread(target=serve._watch, args=(project, "policies.yaml", stop),
                               kwargs={"interval": 0.05, "parts": parts}, daemon=True)
    watcher.start()
    try:
        part = project.root / "corpus/seisaku/ikigai-shimin-jichi-chiiki.yaml"
        page = project.out_dir / "seisaku" / "ikigai-shimin-jichi-chiiki.md"
        assert "誰もが生きがいを持てる市民自治の地域づくり" in page.read_text(encoding="utf-8")
        time.sleep(0.1)
        part.write_text(part.read_text(encoding="utf-8").replace("誰もが生きがいを持てる", "誰もが生きがいを感じる"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "誰もが生きがいを感じる" not in page.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the page was not regenerated after the part file was saved"
            time.sleep(0.1)
    finally:
        stop.set()
        watcher.join(5)


def test_synth_split_writes_the_same_corpus_in_part_files(tmp_path):
    from generator.synth import Exists, write as synth_write

    one = validate_file(synth_write(300, tmp_path / "one.yaml", ROOT / "policies.yaml")).corpus
    entry = synth_write(300, tmp_path / "split" / "policies.yaml", ROOT / "policies.yaml", split=True)
    result = validate_file(entry)
    assert result.ok and result.corpus == one
    assert len(result.loaded.files) == 1 + len(one.policies) + len(one.statements)
    synth_write(300, entry, ROOT / "policies.yaml", split=True)  # its own files: rewritten
    (tmp_path / "split/corpus/seisaku/policy-1.yaml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(Exists):
        synth_write(300, entry, ROOT / "policies.yaml", split=True)  # an editor's file is never overwritten
    assert (tmp_path / "split/corpus/seisaku/policy-1.yaml").read_text(encoding="utf-8") == "mine\n"
