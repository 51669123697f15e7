"""Published URLs survive renames, and review shows the words (issue 12 items 5–6, issue 13).

* ``former_ids`` on every record that has a page; the build writes a page at each old URL that
  sends the reader on; ids stay unique across current and former ids;
* ``portal validate`` warns when an id published in the last commit disappears without a record;
* ``portal diff`` shows renames, moves and each changed field's old and new text with the changed
  characters marked (Markdown for a pull request, JSON for tools);
* 変更履歴 follows a page across a rename and shows moves.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator import model
from generator.build import generate
from generator.diff import diff, format_changes, format_json
from generator.pages import PAGE_FOLDERS, Index
from generator.project import Project
from generator.validate import validate_file, validate_text
from tests.project import SITE_URL, copy_project, corpus_files, file_holding

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
DIFF = FIXTURES / "diff"


def load(path: Path) -> model.Corpus:
    result = validate_file(path)
    assert result.ok, [p.format() for p in result.problems]
    return result.corpus


def portal(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(project.root), *args], capture_output=True,
                          text=True, timeout=120)


def git(folder: Path, *args: str, date: str = "2025-01-02T00:00:00") -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date,
           "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=folder, check=True, capture_output=True, env=env)


# --------------------------------------------------------------------------- the model and the validator


def test_every_record_with_a_page_can_record_former_ids():
    records = [cls for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, model.Record)]
    with_field = {cls.kind for cls in records if "former_ids" in cls.model_fields}
    assert with_field == set(PAGE_FOLDERS) == {"policy", "measure", "initiative", "project", "statement", "progress"}
    assert validate_file(DIFF / "new.yaml").ok


def test_a_former_id_that_is_also_a_current_id_of_its_own_record_is_refused():
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("              - id: jumin-tohyo\n", "              - id: jumin-tohyo\n                former_ids: [jumin-tohyo]\n")
    assert [p.format() for p in validate_text(text).problems] == [
        "policies.yaml:44:30: エラー: id「jumin-tohyo」は 43 行目で事業の id として使われています"
        " — いまの id と以前の id（former_ids）は、読み込むファイルも含めたコーパス全体で重ならないようにしてください（古いアドレスの案内先が1つに決まらなくなるため）"
        " [former-id-in-use]"
    ]


# --------------------------------------------------------------------------- the page at the old URL


REDIRECT = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=../../jigyo/jumin-tohyo-seido/">
<link rel="canonical" href="https://policy-portal.example.jp/jigyo/jumin-tohyo-seido/">
<title>ページの場所が変わりました（住民投票制度運営事業） - テストポータル</title>
</head>
<body>
<main>
<h1>ページの場所が変わりました</h1>
<p>事業「住民投票制度運営事業」のページは、新しいアドレスに移りました。</p>
<p><a href="../../jigyo/jumin-tohyo-seido/">事業「住民投票制度運営事業」のページへ進む</a></p>
<p>ブックマークやリンクは、新しいアドレスに変えてください。</p>
</main>
</body>
</html>
"""


def test_a_renamed_record_keeps_its_old_url_as_a_page_that_sends_the_reader_on(tmp_path):
    project = copy_project(tmp_path / "p")
    (project.root / "policies.yaml").write_text((DIFF / "new.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert generate(project, quiet=True) == 0
    docs = project.out_dir
    assert (docs / "jigyo" / "jumin-tohyo-seido.md").is_file()
    assert not (docs / "jigyo" / "jumin-tohyo.md").exists()
    assert (docs / "jigyo" / "jumin-tohyo" / "index.html").read_text(encoding="utf-8") == REDIRECT
    # the old URL is no page: not in the open data, the feed or any page's links
    for path in docs.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".json", ".csv", ".xml"):
            assert "jigyo/jumin-tohyo/" not in path.read_text(encoding="utf-8-sig"), path


def test_the_page_at_an_old_url_escapes_corpus_text():
    text = (DIFF / "new.yaml").read_text(encoding="utf-8").replace(
        "name: 住民投票制度運営事業", 'name: "<script>alert(1)</script> & \\"引用\\""')
    from generator.redirects import files

    corpus = validate_text(text).corpus
    page = files(Index(corpus), SITE_URL)["jigyo/jumin-tohyo/index.html"].decode("utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引用&quot;" in page


# --------------------------------------------------------------------------- portal validate: URLs that would break


def _renamed(text: str, old: str, new: str, former: bool) -> str:
    out = re.sub(rf"(\n *- id: ){old}\n( *)", lambda m: f"{m.group(1)}{new}\n{m.group(2)}"
                 + (f"former_ids: [{old}]\n{m.group(2)}" if former else ""), text, count=1)
    return out.replace(f"ref: {old}\n", f"ref: {new}\n")


def _rename_everywhere(root: Path, old: str, new: str, former: bool) -> None:
    """Rename a record in whichever corpus file holds it, and every reference to it in every file."""
    for path in corpus_files(root):
        text = path.read_text(encoding="utf-8")
        path.write_text(_renamed(text, old, new, former), encoding="utf-8")


def test_validate_warns_when_a_published_id_disappears_naming_the_url_and_the_fix(tmp_path):
    project = copy_project(tmp_path / "p", git=True)
    part = file_holding(project.root, "- id: jichi-kakuju\n")
    _rename_everywhere(project.root, "jichi-kakuju", "jichi-kakuju-suishin", former=False)
    proc = portal(project, "validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = part.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.endswith("- id: jichi-kakuju-suishin"))
    col = lines[line - 1].index("jichi-kakuju-suishin") + 1
    rel = part.relative_to(project.root).as_posix()  # the warning points into the part file that holds the record
    assert proc.stdout.splitlines()[0] == (
        f"{rel}:{line}:{col}: 警告: HEAD で公開している事業「自治拡充推進事業」のページ"
        " https://policy-portal.example.jp/jigyo/jichi-kakuju/ が見つからなくなります（id「jichi-kakuju」がありません。"
        "もしかして「jichi-kakuju-suishin」に変えましたか？） — id を変えたのなら、新しい id のレコードに"
        "「former_ids: [jichi-kakuju]」を書き加えてください（古いアドレスから新しいページへ案内されます）。"
        "ページをなくすのが意図どおりなら、このままで構いません [published-id-removed]"
    )
    assert proc.stdout.splitlines()[-1].startswith("policies.yaml: OK（") and proc.stdout.endswith("（警告 1 件）\n")
    # the pages of HEAD are kept in build/ for the next run; a damaged copy is ignored, not trusted
    cache = project.build_dir / ".portal-published.json"
    assert json.loads(cache.read_text(encoding="utf-8"))["pages"]["jichi-kakuju"]["url"] == "jigyo/jichi-kakuju/"
    cache.write_text("{not json", encoding="utf-8")
    assert portal(project, "validate").stdout.splitlines()[0].endswith("[published-id-removed]")
    # with the record of the old id: no warning
    git(project.root, "checkout", "--", ".")
    _rename_everywhere(project.root, "jichi-kakuju", "jichi-kakuju-suishin", former=True)
    proc = portal(project, "validate")
    assert proc.returncode == 0 and "警告" not in proc.stdout, proc.stdout


def test_validate_against_another_revision_and_outside_a_repository(tmp_path):
    project = copy_project(tmp_path / "p", git=True)
    _rename_everywhere(project.root, "jichi-kakuju", "jichi-kakuju-suishin", former=False)
    git(project.root, "commit", "-qam", "rename")
    assert "警告" not in portal(project, "validate").stdout  # HEAD has the new id already
    proc = portal(project, "validate", "--against", "HEAD~1")
    assert proc.returncode == 0 and "警告: HEAD~1 で公開している事業「自治拡充推進事業」" in proc.stdout
    proc = portal(project, "validate", "--against", "no-such-rev")
    assert proc.returncode == 1 and "エラー: 「no-such-rev」は git のリビジョンではありません" in proc.stdout
    plain = copy_project(tmp_path / "plain")  # no repository: nothing to compare with, no warning
    proc = portal(plain, "validate")
    assert proc.returncode == 0 and proc.stdout.startswith("policies.yaml: OK（") and "警告" not in proc.stdout


# --------------------------------------------------------------------------- portal diff


def test_diff_markdown_of_the_fixture_is_exactly_as_expected():
    out = format_changes(diff(load(DIFF / "old.yaml"), load(DIFF / "new.yaml")), "old.yaml", "new.yaml", SITE_URL)
    assert out + "\n" == (DIFF / "expected.md").read_text(encoding="utf-8")


def test_diff_cli_gives_the_same_markdown_and_json_for_tools(tmp_path):
    project = copy_project(tmp_path / "p")
    for name in ("old.yaml", "new.yaml"):
        (project.root / name).write_text((DIFF / name).read_text(encoding="utf-8"), encoding="utf-8")
    proc = portal(project, "diff", "old.yaml", "new.yaml")
    assert proc.returncode == 0 and proc.stdout == (DIFF / "expected.md").read_text(encoding="utf-8")
    assert portal(project, "diff", "old.yaml", "new.yaml", "--format", "markdown").stdout == proc.stdout
    wrong = portal(project, "diff", "old.yaml", "new.yaml", "--format", "xml")
    assert wrong.returncode == 2 and "--format: 「xml」は使えません（使えるもの: 'markdown', 'json'）" in wrong.stderr
    data = json.loads(portal(project, "diff", "old.yaml", "new.yaml", "--format", "json").stdout)
    assert (data["old"], data["new"]) == ("old.yaml", "new.yaml")
    assert [(c["kind"], c["id"]) for c in data["changes"]] == [
        ("追加", "shimin-ikou"), ("id の変更", "jumin-tohyo-seido"), ("移動", "kocho-kaigi"), ("変更", "jumin-tohyo-seido"),
        ("変更", "i-1"), ("削除", "kaigi-kokai")]
    rename = data["changes"][1]
    assert (rename["former_id"], rename["former_url"], rename["url"]) == ("jumin-tohyo", "/jigyo/jumin-tohyo/", "/jigyo/jumin-tohyo-seido/")
    move = data["changes"][2]
    assert (move["from"]["id"], move["to"]["id"]) == ("i-2", "i-1")
    field = data["changes"][3]["fields"][0]
    assert (field["field"], field["old"], field["new"]) == ("purpose", "住民投票制度を適正に運営します。", "住民投票制度を公正かつ適正に運営します。")
    assert field["lines"] == [{"old_index": None, "new_index": None,
                               "diff": [["=", "住民投票制度を"], ["+", "公正かつ"], ["=", "適正に運営します。"]]}]
    assert data["broken_urls"] == [{"id": "kaigi-kokai", "url": "https://policy-portal.example.jp/jigyo/kaigi-kokai/",
                                    "label": "事業「会議公開運営事業」", "suggestion": None}]
    assert data["counts"] == {"追加": 1, "id の変更": 1, "移動": 1, "変更": 2, "削除": 1}


def test_a_move_alone_is_not_reported_as_no_change():
    """Issue 12 item 6: moving a 事業 to another 主な取組 used to print 「変更はありません」."""
    text = (DIFF / "old.yaml").read_text(encoding="utf-8")
    block = "              - id: kocho-kaigi\n                name: 広聴会議運営事業\n                purpose: 市民の意見を聴く会議を運営します。\n"
    moved = text.replace(block, "").replace("                    url: https://www.city.kawasaki.jp/\n",
                                            "                    url: https://www.city.kawasaki.jp/\n" + block)
    changes = diff(load(DIFF / "old.yaml"), validate_text(moved).corpus)
    out = format_changes(changes, "HEAD", "policies.yaml", SITE_URL)
    assert "変更はありません" not in out
    assert ("- 移動: 事業「広聴会議運営事業」（`/jigyo/kocho-kaigi/`） 主な取組「② 総合的広聴制度の推進」"
            "→ 主な取組「① 自治基本条例に基づく自治の推進」") in out.splitlines()


def test_long_text_is_shortened_around_the_change_only():
    text = (DIFF / "old.yaml").read_text(encoding="utf-8")
    long = "あ" * 60 + "旧い" + "い" * 60
    old = validate_text(text.replace("purpose: 附属機関等の会議を公開します。", f"purpose: {long}")).corpus
    new = validate_text(text.replace("purpose: 附属機関等の会議を公開します。", f"purpose: {long.replace('旧い', '新しい')}")).corpus
    lines = format_changes(diff(old, new), "a", "b", SITE_URL).splitlines()
    assert "    - 旧: …" + "あ" * 20 + "<del>旧</del>" + "い" * 20 + "…" in lines
    assert "    - 新: …" + "あ" * 20 + "<ins>新し</ins>" + "い" * 20 + "…" in lines


HOSTILE = [
    "<script>alert(1)</script>",
    "**太字** と ~~取消~~ と `コード` と _下線_",
    "[リンク](javascript:alert(1)) ![画像](x.png) <https://example.com>",
    "| 表 | の | 区切り |",
    "@kawasaki_city さんと #12 について",
    "&amp; と &lt; と \\ と <del>偽の削除</del>",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_corpus_text_cannot_break_the_markdown_of_the_diff(hostile):
    text = (DIFF / "old.yaml").read_text(encoding="utf-8").replace("附属機関等の会議を公開します。", "〇〇〇")
    old = validate_text(text).corpus  # no character in common with the new text: all of it is one insertion
    quoted = json.dumps(hostile, ensure_ascii=False)
    new = validate_text(text.replace("purpose: 〇〇〇", f"purpose: {quoted}")).corpus
    out = format_changes(diff(old, new), "a", "b", SITE_URL)
    html = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(out)
    # the only markup in the rendered review is ours: headings, lists, code spans for URLs and ids, del/ins
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"h3", "h4", "ul", "li", "p", "code", "del", "ins"}, tags
    assert html.count("<ins>") == 1 and html.count("<del>") == 1  # the new text is all inserted, the old all deleted
    inserted = re.search(r"<ins>(.*?)</ins>", html, flags=re.S).group(1)
    plain = re.sub(r"</?code>", "", inserted)
    import html as html_mod

    assert html_mod.unescape(plain) == hostile


def test_diff_of_the_seed_against_itself_has_no_changes():
    corpus = load(ROOT / "policies.yaml")
    assert diff(corpus, corpus) == []
    assert "変更はありません。" in format_changes([], "HEAD", "policies.yaml", SITE_URL)
    assert json.loads(format_json([], "HEAD", "policies.yaml", SITE_URL))["changes"] == []


# --------------------------------------------------------------------------- 変更履歴 across renames and moves


def test_history_follows_a_page_across_renames_and_shows_moves(tmp_path):
    from generator.history import repository_history

    repo = tmp_path / "repo"
    repo.mkdir()
    corpus = repo / "policies.yaml"
    corpus.write_text((DIFF / "old.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first", date="2025-01-01T00:00:00")
    new = (DIFF / "new.yaml").read_text(encoding="utf-8")
    corpus.write_text(new, encoding="utf-8")
    git(repo, "commit", "-qam", "rename and move", date="2025-02-01T00:00:00")
    corpus.write_text(new.replace("- id: jumin-tohyo-seido\n                former_ids: [jumin-tohyo]",
                                  "- id: jumin-tohyo-unei\n                former_ids: [jumin-tohyo, jumin-tohyo-seido]")
                      .replace("ref: jumin-tohyo-seido", "ref: jumin-tohyo-unei"), encoding="utf-8")
    git(repo, "commit", "-qam", "rename again", date="2025-03-01T00:00:00")
    found = repository_history(Project.at(repo), corpus)
    assert found["jumin-tohyo-unei"] == [
        ("2025-03-01", "id を変更（jumin-tohyo-seido → jumin-tohyo-unei）"),
        ("2025-02-01", "id を変更（jumin-tohyo → jumin-tohyo-seido）"),
        ("2025-02-01", "変更: purpose（事業の目的）"),
        ("2025-01-01", "掲載"),
    ]
    assert "jumin-tohyo" not in found and "jumin-tohyo-seido" not in found
    assert found["kocho-kaigi"] == [("2025-02-01", "移動: 主な取組「② 総合的広聴制度の推進」→ 主な取組「① 自治基本条例に基づく自治の推進」"),
                                    ("2025-01-01", "掲載")]
    assert ("2025-02-01", "事業「広聴会議運営事業」が主な取組「② 総合的広聴制度の推進」から移ってきました") in found["i-1"]
    assert ("2025-02-01", "事業「広聴会議運営事業」を主な取組「① 自治基本条例に基づく自治の推進」へ移しました") in found["i-2"]
