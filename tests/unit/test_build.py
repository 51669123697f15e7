"""generator/build.py without MkDocs, the CSS step and the search index: the build's own steps, fast.

MkDocs, the CSS step and the search index are replaced by stand-ins that write what they would (the real
ones run in tests/site/). What is left is build.py's job: validate and generate first, run the steps with
the right arguments into a temporary folder, link the JSON twins in, mark the new site, swap it in only
when everything worked, say what happened in Japanese, and leave the old site and nothing else behind
when something fails."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from generator import build, interrupt, sitedir
from generator.build import content_files, generate, page_count, write_tree
from tests.project import copy_project

FILES = ("policies.yaml", "corpus", "mkdocs.yml", "content", "theme", "accessibility/results.json", "accessibility/manual-checks.yaml")


class Tools:
    """Stands in for ``interrupt.run`` of MkDocs (the one child process a build starts), for the CSS step
    (``slimcss.slim``, or ``slimcss.start`` … ``finish`` while the index is written: the speed-up
    ``css-alongside-index``; tested in test_slimcss.py) and for the search index (``search_index.collect``
    and ``write``, tested in test_search_index.py); records each call. ``slim``: an exception the CSS step
    raises (``Missing`` when it starts, another when it ends)."""

    def __init__(self, mkdocs: int = 0, raise_in: str | None = None, slim: Exception | None = None):
        self.rc = {"mkdocs": mkdocs}
        self.raise_in = raise_in
        self.slim_error = slim
        self.calls: list[dict] = []

    def slim(self, project, site):
        self.calls.append({"tool": "slimcss", "project": project, "site": site})
        if self.slim_error is not None:
            raise self.slim_error

    def start(self, project, site):
        self.calls.append({"tool": "slimcss", "project": project, "site": site})
        if isinstance(self.slim_error, build.slimcss.Missing):
            raise self.slim_error
        return "running"

    def finish(self, running):
        assert running == "running"
        if self.slim_error is not None:
            raise self.slim_error

    def stop(self, running):
        self.calls.append({"tool": "slimcss-stopped", "running": running})

    def collect(self, site: Path, known=None):
        return ["pages of " + str(site)]

    def index(self, site: Path, synonyms=(), out_dir=None, known=None, docs=None) -> int:
        self.calls.append({"tool": "index", "site": site, "synonyms": list(synonyms)})
        if docs is not None:
            assert docs == ["pages of " + str(site)]
        if self.raise_in == "index":
            raise interrupt.Interrupted(signal.SIGTERM)
        out_dir = out_dir or site / "search-index"
        out_dir.mkdir()
        (out_dir / "meta.json").write_text("{}\n", encoding="utf-8")
        return 1

    def __call__(self, cmd, **kwargs):
        assert "generator.mkdocs_build" in cmd, cmd  # MkDocs runs as generator.mkdocs_build
        tool = "mkdocs"
        self.calls.append({"tool": tool, "cmd": list(cmd), **kwargs})
        if self.raise_in == tool:
            raise interrupt.Interrupted(signal.SIGTERM)
        if tool == "mkdocs":
            out = Path(cmd[cmd.index("-d") + 1])
            docs = Path(kwargs["cwd"]) / "build" / "docs"
            for md in docs.rglob("*.md"):  # one HTML page per Markdown page, as MkDocs would
                rel = md.relative_to(docs).with_suffix("")
                page = out / ("index.html" if rel.name == "index" and rel.parent == Path(".") else rel / "index.html")
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(f"<html>{rel}</html>", encoding="utf-8")
            (out / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
        return self.rc[tool]


@pytest.fixture
def project(tmp_path):
    p = copy_project(tmp_path / "p", files=FILES)
    # a real-looking address: a placeholder site_url adds a warning line (tested in tests/unit/test_siteurl.py)
    text = p.mkdocs_yml.read_text(encoding="utf-8")
    p.mkdocs_yml.write_text(text.replace("https://policy-portal.example.jp/", "https://policy.city-portal.jp/"), encoding="utf-8")
    return p


@pytest.fixture
def tools(monkeypatch):
    def use(**kw):
        t = Tools(**kw)
        monkeypatch.setattr(build.interrupt, "run", t)
        monkeypatch.setattr(build.slimcss, "slim", t.slim)
        monkeypatch.setattr(build.slimcss, "start", t.start)
        monkeypatch.setattr(build.slimcss, "finish", t.finish)
        monkeypatch.setattr(build.slimcss, "stop", t.stop)
        monkeypatch.setattr(build.search_index, "collect", t.collect)
        monkeypatch.setattr(build.search_index, "write", t.index)
        return t
    return use


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def second_build(project, tools, capsys, monkeypatch):
    """``t, before = second_build(**failing)``: a first build that works (run from the project's folder, its
    output read and dropped), then the stand-ins for the next build (``failing`` as for ``Tools``: what fails
    in it) and the site the first build made, which a failed next build must leave as it was."""
    monkeypatch.chdir(project.root)

    def first_then(**failing):
        tools()
        assert build.build(project) == 0
        before = snapshot(project.root / "site")
        capsys.readouterr()
        return tools(**failing), before

    return first_then


def test_a_build_generates_runs_mkdocs_then_the_search_index_and_swaps_the_new_site_in(project, tools, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)  # the build sets it itself (make exports it too)
    t = tools()
    assert build.build(project) == 0
    out = capsys.readouterr().out
    site = project.root / "site"
    mk, css, ix = t.calls
    assert mk["tool"] == "mkdocs" and css["tool"] == "slimcss" and ix["tool"] == "index"
    assert mk["cmd"][1:6] == ["-m", "generator.mkdocs_build", "--engine=mkdocs", "build", "--strict"]
    assert mk["cmd"][mk["cmd"].index("-f") + 1] == str(project.mkdocs_yml)
    # reproducible output, in the project, into a temporary folder beside site/
    assert mk["cwd"] == project.root
    assert mk["env"]["SOURCE_DATE_EPOCH"] == "0" and mk["env"]["NO_MKDOCS_2_WARNING"] == "1"
    new = Path(mk["cmd"][mk["cmd"].index("-d") + 1])
    assert new.parent.parent == site.parent and new.parent.name.startswith(sitedir.TMP_PREFIX)
    # the CSS step and the search index work on the new site, before the swap; the index gets the synonym list
    assert css["site"] == new and ix["site"] == new and ix["synonyms"][0].words == ["はんこ", "判子"]
    pages = page_count(p.name for p in project.out_dir.rglob("*.md"))
    assert (site / "index.html").is_file() and (site / "search-index" / "meta.json").is_file()
    assert (site / "index.json").is_file() and (site / "jigyo" / "jichi-kakuju" / "index.json").is_file()  # twins linked in
    assert sitedir.read_mark(site / sitedir.MARK) == {rel: size for rel, size in sitedir._files(site) if rel != sitedir.MARK}
    assert not list(site.parent.glob(sitedir.TMP_PREFIX + "*"))
    lines = out.splitlines()
    assert lines[0].startswith(f"生成: ページ {pages}（書き換え ") and lines[0].endswith("→ build/docs")
    assert lines[1] == f"MkDocs でビルドしています（ページ {pages}）…"
    assert lines[2].startswith("検索インデックスを作っています（CSS と並行して。MkDocs ") and lines[2].endswith(" 秒）…")
    assert lines[3].startswith(f"ビルド: ページ {pages}（MkDocs ") and "検索インデックス" in lines[3]
    assert lines[3].endswith("秒）→ site/") and len(lines) == 4
    # a second build replaces the site the first one made
    (project.content_dir / "extra.md").write_text("# 追加\n", encoding="utf-8")
    assert build.build(project) == 0
    assert (site / "extra" / "index.html").is_file()


@pytest.mark.parametrize("failing, message", [
    ("mkdocs", "エラー: MkDocs のビルドに失敗しました（上の WARNING を直してください）。site/ は前のままです。"),
])
def test_a_failing_tool_leaves_the_old_site_and_no_temporary_folder(project, second_build, capsys, failing, message):
    t, before = second_build(**{failing: 1})
    assert build.build(project) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == message
    assert snapshot(project.root / "site") == before
    assert not list(project.root.glob(sitedir.TMP_PREFIX + "*"))
    assert [c["tool"] for c in t.calls] == ["mkdocs"]


@pytest.mark.parametrize("error, message", [
    (build.slimcss.Missing("CSS を減らす道具が見つかりません。"), "エラー: CSS を減らす道具が見つかりません。 site/ は前のままです。"),
    (RuntimeError("purgecss: 読めません"), "エラー: CSS とスクリプトを小さくする手順（PurgeCSS, lightningcss, terser）に失敗しました: purgecss: 読めません"),
])
def test_a_failing_css_step_leaves_the_old_site_and_writes_no_search_index(project, second_build, capsys, error, message):
    t, before = second_build(slim=error)
    assert build.build(project) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == [message, "site/ は前のままです。"] if isinstance(error, RuntimeError) else lines[-1] == message
    assert snapshot(project.root / "site") == before and not list(project.root.glob(sitedir.TMP_PREFIX + "*"))
    # the index was written beside the site while the CSS step ran (speed-up css-alongside-index), then thrown away
    assert [c["tool"] for c in t.calls] == ["mkdocs", "slimcss"] + (["index"] if isinstance(error, RuntimeError) else [])


def test_without_the_speedups_the_css_step_ends_before_the_index_starts(project, tools, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("PORTAL_SPEEDUPS_OFF", "all")
    t = tools()
    assert build.build(project) == 0
    assert [c["tool"] for c in t.calls] == ["mkdocs", "slimcss", "index"]
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].startswith("検索インデックスを作っています（MkDocs ") and lines[2].endswith(" 秒）…")
    assert "CSS " in lines[3] and "並行" not in lines[3]
    assert (project.root / "site" / "search-index" / "meta.json").is_file()


def test_the_css_step_cuts_the_new_site_and_can_be_turned_off(project, tools, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    t = tools()
    assert build.build(project) == 0
    mk, css, _ = t.calls
    assert css["project"] is project and css["site"] == Path(mk["cmd"][mk["cmd"].index("-d") + 1])
    monkeypatch.setenv("PORTAL_SLIM_CSS", "0")  # Material's full CSS (bench/weight.py's peer)
    t = tools()
    assert build.build(project) == 0
    assert [c["tool"] for c in t.calls] == ["mkdocs", "index"]


def test_an_invalid_corpus_runs_no_tool_and_keeps_everything(project, tools, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    tools()
    assert build.build(project) == 0
    site, docs = snapshot(project.root / "site"), snapshot(project.out_dir)
    project.corpus.write_text(project.corpus.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1), encoding="utf-8")
    t = tools()
    assert build.build(project) == 1
    out = capsys.readouterr().out
    # the name as editors know it, not a full path
    assert "\npolicies.yaml:" in out and "[invalid-value]" in out and out.rstrip().splitlines()[-1].startswith("エラー 1 件。")
    assert t.calls == []
    assert snapshot(project.root / "site") == site and snapshot(project.out_dir) == docs


def test_an_interrupt_says_what_was_kept_and_exits_with_the_signal(project, tools, second_build, capsys):
    t, before = second_build(raise_in="index")
    assert build.build(project) == 128 + signal.SIGTERM
    # the CSS step, running alongside the index, is stopped too (the one that was started)
    assert t.calls[-1] == {"tool": "slimcss-stopped", "running": "running"}
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("中断しました（")
    assert out.splitlines()[-1].endswith("）。build/docs/ は新しいページに更新済みです。site/ は前のままです。")
    assert snapshot(project.root / "site") == before and not list(project.root.glob(sitedir.TMP_PREFIX + "*"))
    tools(raise_in="mkdocs")
    project.corpus.write_text("version: 1\n", encoding="utf-8")  # invalid: generate stops before MkDocs ...
    assert build.build(project) == 1
    capsys.readouterr()


def test_an_interrupt_before_generating_says_build_docs_is_as_it_was(project, capsys, monkeypatch):
    monkeypatch.chdir(project.root)

    def interrupted(*a, **k):
        raise interrupt.Interrupted(signal.SIGINT)

    monkeypatch.setattr(build, "generate", interrupted)
    assert build.build(project) == 130
    assert capsys.readouterr().out.strip().endswith("。build/docs/ は前のままです。site/ は前のままです。")


def test_a_refused_site_folder_and_a_running_build_are_errors_that_change_nothing(project, tools, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(project.root)
    t = tools()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "memo.txt").write_text("メモ", encoding="utf-8")
    assert build.build(project, site_dir=mine) == 1
    out = capsys.readouterr().out
    assert out.startswith("エラー: ") and "サイトはこのフォルダに作れません（何も変えていません）" in out and "--site-dir" in out
    assert out.splitlines()[1:] == [
        "  portal build が置き換えるのは、空のフォルダ、まだないフォルダ、前に portal build が作ったフォルダだけです。"
        "別のフォルダを --site-dir で指定するか、中身を確かめてから自分で片付けてください。"]
    assert snapshot(mine) == {"memo.txt": "メモ".encode()} and t.calls == []
    from filelock import FileLock

    project.build_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(project.build_dir / ".portal-build.lock")):
        assert build.build(project) == 1
    assert capsys.readouterr().out.strip() == (
        "エラー: このプロジェクトでは別の portal build（または portal serve）が実行中です。終わってから、もう一度実行してください。")
    assert t.calls == [] and not (project.root / "site").exists()
    assert build.build(project, site_dir="elsewhere/a/site") == 0  # relative to the current folder; parents made
    assert (project.root / "elsewhere" / "a" / "site" / "index.html").is_file()


def test_a_temporary_folder_left_by_a_killed_build_is_removed_and_named(project, tools, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    tools()
    left = sitedir.make_temp(project, project.root)
    (left / "site").mkdir()
    assert build.build(project) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"前回中断されたビルドの一時フォルダを削除しました: {left.name}"
    assert not left.exists()


# --------------------------------------------------------------------------- generate and its helpers


def test_generate_writes_pages_twins_and_data_and_reports_counts(project, capsys):
    state: dict = {}
    assert generate(project, state=state) == 0
    assert state.pop("corpus_files")[0] == project.corpus  # what serve watches
    assert [s.words for s in state.pop("synonyms")][:1] == [["はんこ", "判子"]]  # the search index's synonym list
    assert state == {"docs": True}
    docs = snapshot(project.out_dir)
    assert "index.md" in docs and "data/policies.json" in docs and "feed.xml" in docs and "data/projects.csv" in docs
    assert "accessibility/index.md" in docs  # content/ mirrored
    assert (project.twins_dir / "index.json").is_file() and not any(p.endswith("index.json") for p in docs)
    out = capsys.readouterr().out
    assert out.startswith(f"生成: ページ {page_count(docs)}（書き換え {len(docs)}、削除 0）") and out.rstrip().endswith("秒 → build/docs")
    assert generate(project) == 0
    assert "（書き換え 0、削除 0）" in capsys.readouterr().out
    assert generate(project, quiet=True) == 0 and capsys.readouterr().out == ""


def test_generate_into_another_folder_writes_no_twins_and_names_it(project, tmp_path, capsys):
    out_dir = tmp_path / "elsewhere"
    assert generate(project, out_dir=out_dir) == 0
    assert (out_dir / "index.md").is_file() and not project.twins_dir.exists() and not project.out_dir.exists()
    assert capsys.readouterr().out.rstrip().endswith(f"→ {out_dir}")
    inside = project.root / "preview"
    assert generate(project, out_dir=inside) == 0
    assert capsys.readouterr().out.rstrip().endswith("→ preview")


def test_generate_refuses_content_that_would_overwrite_a_generated_page(project, capsys):
    (project.content_dir / "jigyo").mkdir()
    (project.content_dir / "jigyo" / "jichi-kakuju.md").write_text("# 手書き\n", encoding="utf-8")
    (project.content_dir / "jigyo" / "index.md").write_text("# 手書きの一覧\n", encoding="utf-8")
    state: dict = {}
    assert generate(project, state=state) == 1
    message = "content/ の手書きファイルが生成されるページと同じ場所にあります: jigyo/index.md, jigyo/jichi-kakuju.md"
    assert capsys.readouterr().out.strip() == f"エラー: {message}"
    state.pop("corpus_files", None), state.pop("synonyms", None)
    assert state == {"error": message} and not project.out_dir.exists()


def test_generate_names_the_corpus_as_given(project, capsys, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("version: 1\n", encoding="utf-8")
    state: dict = {}
    assert generate(project, corpus_path=other, state=state) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{other}:") and state["problems"]
    assert generate(project, corpus_path="policies.yaml") == 0  # relative to the project


def test_content_files_skip_hidden_files_and_keep_subfolders(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c.md").write_bytes(b"c")
    (tmp_path / "top.md").write_bytes(b"t")
    (tmp_path / ".hidden.md").write_bytes(b"h")
    (tmp_path / "a" / ".swp").write_bytes(b"s")
    assert content_files(tmp_path) == {"a/b/c.md": b"c", "top.md": b"t"}
    assert content_files(tmp_path / "missing") == {}


def test_write_tree_counts_and_prunes(tmp_path):
    out = tmp_path / "out"
    assert write_tree(out, {"a.md": b"1", "d/b.md": b"2"}) == (2, 0)
    assert write_tree(out, {"a.md": b"1", "d/b.md": b"2"}) == (0, 0)
    assert write_tree(out, {"a.md": b"9"}) == (1, 1)
    assert snapshot(out) == {"a.md": b"9"} and not (out / "d").exists()
    assert not list(out.rglob(".*.tmp"))
    assert write_tree(out, {"a.md": b"9", "e.md": b"1", "f/g.md": b"2"}) == (2, 0)
    assert write_tree(out, {"a.md": b"9"}) == (0, 2)  # two pages gone: 「削除 2」 in the 生成 line


def test_page_count_counts_markdown_only():
    assert page_count(["a.md", "b/index.md", "data/policies.json", "feed.xml", "x.mdx"]) == 2


def test_link_tree_links_or_copies_every_file(tmp_path, monkeypatch):
    src, dest = tmp_path / "src", tmp_path / "dest"
    (src / "a" / "b").mkdir(parents=True)  # a twin sits two folders down (jigyo/<id>/index.json), maybe where MkDocs made none
    (src / "a" / "b" / "x.json").write_text("{}", encoding="utf-8")
    (src / "y.json").write_text("[]", encoding="utf-8")
    build._link_tree(src, dest)
    assert snapshot(dest) == {"a/b/x.json": b"{}", "y.json": b"[]"}
    assert os.path.samefile(src / "y.json", dest / "y.json")

    def no_links(*a):
        raise OSError("cross-device link")

    monkeypatch.setattr(build.os, "link", no_links)
    dest2 = tmp_path / "dest2"
    build._link_tree(src, dest2)
    assert snapshot(dest2) == snapshot(dest) and not os.path.samefile(src / "y.json", dest2 / "y.json")


def test_a11y_results_are_read_from_the_project(project):
    results = build.a11y_results(project)
    assert results is not None and results["pages"]
    project.a11y_results.unlink()
    assert build.a11y_results(project) is None


def test_render_page_ends_with_one_newline_and_carries_the_notice(project):
    from generator.pages import Index, all_pages
    from generator.render import environment
    from generator.validate import validate_file

    ix = Index(validate_file(project.corpus).corpus)
    for page in all_pages(ix)[:5]:
        text = build.render_page(environment(), ix, page, "https://example.jp/")
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert build.GENERATED_NOTICE.format(template=page.template) in text


# --------------------------------------------------------------------------- what mutation testing found unchecked


def test_a_signal_during_the_swap_leaves_the_new_site_and_says_so(project, tools, capsys, monkeypatch):
    """The swap cannot be cut in half: a signal that arrives during it is raised once the new site is
    in place, and the message says the site was replaced (not that it is as it was)."""
    monkeypatch.chdir(project.root)
    t = tools()
    real_index = t.index

    def index_then_signal(site, synonyms=(), **kwargs):
        monkeypatch.setattr(interrupt, "_pending", signal.SIGTERM)  # what the handler records; raised after the swap
        return real_index(site, synonyms, **kwargs)

    monkeypatch.setattr(build.search_index, "write", index_then_signal)
    assert build.build(project) == 128 + signal.SIGTERM
    assert capsys.readouterr().out.splitlines()[-1] == (
        "中断しました（SIGTERM）。build/docs/ は新しいページに更新済みです。site/ は新しいサイトに置き換わりました。")
    site = project.root / "site"
    assert (site / "search-index" / "meta.json").is_file() and sitedir.read_mark(site / sitedir.MARK)
    assert not list(project.root.glob(sitedir.TMP_PREFIX + "*"))


JUNE_FIRST_IN_TOKYO = "1811775600"  # 2027-05-31T15:00:00Z: already 2027-06-01 in Japan, still May 31 in UTC


@pytest.fixture
def utc(monkeypatch):
    """The machine's clock in UTC (so that a date taken in the machine's zone, not Japan's, shows)."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_build_date_is_the_day_in_japan_of_source_date_epoch(monkeypatch, utc):
    import datetime as dt

    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_FIRST_IN_TOKYO)
    assert build.build_date() == dt.date(2027, 6, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", f" {JUNE_FIRST_IN_TOKYO}\n")
    assert build.build_date() == dt.date(2027, 6, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(JUNE_FIRST_IN_TOKYO) - 1800))  # 23:30 in Japan (UTC+9), still May 31
    assert build.build_date() == dt.date(2027, 5, 31)


@pytest.mark.parametrize("epoch", [None, "", "abc", "1.8e9", "-5"])
def test_without_a_usable_source_date_epoch_the_build_date_is_today_in_japan(monkeypatch, utc, epoch):
    import datetime as dt

    class Clock(dt.datetime):  # the machine's clock reads 2027-05-31 15:30 UTC: June 1 in Japan
        @classmethod
        def now(cls, tz=None):
            utc_now = dt.datetime(2027, 5, 31, 15, 30, tzinfo=dt.timezone.utc)
            return utc_now.astimezone(tz) if tz is not None else utc_now.replace(tzinfo=None)

    monkeypatch.setattr(build._dt, "datetime", Clock)
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert build.build_date() == dt.date(2027, 6, 1)


def test_a_bad_record_file_stops_generate_and_today_is_the_build_date(project, capsys, monkeypatch, utc):
    """accessibility/manual-checks.yaml is checked against the build date (Japan), and its problems stop
    generate with their positions, as the corpus' do."""
    fixture = Path(__file__).parent / "fixtures" / "manual_checks" / "invalid" / "mc-future-date"
    (project.root / "accessibility" / "manual-checks.yaml").write_bytes(fixture.with_suffix(".yaml").read_bytes())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_FIRST_IN_TOKYO)
    state: dict = {}
    assert generate(project, state=state) == 1
    assert capsys.readouterr().out == fixture.with_suffix(".expected").read_text(encoding="utf-8")
    assert [p.code for p in state["problems"]] == ["mc-future-date"] and "docs" not in state
    assert not project.out_dir.exists()


def test_a_hand_written_accessibility_policy_page_wins_over_the_generated_one(project, capsys):
    own = project.content_dir / "accessibility" / "index.md"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("# 市の方針\n", encoding="utf-8")
    assert generate(project) == 0, capsys.readouterr().out
    assert (project.out_dir / "accessibility" / "index.md").read_bytes() == "# 市の方針\n".encode()
    assert (project.out_dir / "accessibility" / "results.md").is_file()  # the other generated page stays


def test_pages_are_rendered_with_the_sites_address(project):
    """The accessibility policy names its scope by the site's address (mkdocs.yml site_url)."""
    assert generate(project, quiet=True) == 0
    text = (project.out_dir / "accessibility" / "index.md").read_text(encoding="utf-8")
    assert ("\n## 対象範囲\n\n[https://policy\\.city\\-portal\\.jp/](https://policy.city-portal.jp/) 以下のすべてのページ"
            "（川崎市の政策ポータルのすべてのページ）\n") in text


def test_the_repository_history_reaches_the_pages_and_dates_the_feed(project, monkeypatch):
    """A page without a 更新日 shows its repository history (newest first), and the feed dates its entry by
    the newest of them."""
    import xml.etree.ElementTree as ET

    from generator import history

    calls = []

    def repository_history(proj, corpus_path, files=None):
        calls.append((proj, corpus_path, files))
        return {"jichi-kakuju": [("2026-01-04", "事業の概要を変更"), ("2026-02-03", "所管課を変更")]}

    monkeypatch.setattr(history, "repository_history", repository_history)
    assert generate(project, quiet=True) == 0
    assert calls == [(project, project.corpus, calls[0][2])] and "policies.yaml" in calls[0][2]
    page = (project.out_dir / "jigyo" / "jichi-kakuju.md").read_text(encoding="utf-8")
    assert "<p>変更履歴（新しい順）:</p>\n<ul>\n<li>2026-02-03　所管課を変更</li>\n<li>2026-01-04　事業の概要を変更</li>\n</ul>" in page
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((project.out_dir / "feed.xml").read_bytes())
    entry = next(e for e in feed.iter(f"{atom}entry") if e.find(f"{atom}link").get("href").endswith("/jigyo/jichi-kakuju/"))
    assert entry.find(f"{atom}updated").text == "2026-02-03T00:00:00+09:00"


def test_render_page_links_to_a_record_id_or_to_a_generated_file(project):
    """``link``/``href`` in a template take a record id or, failing that, a generated file's path."""
    import jinja2

    from generator.pages import Index, all_pages
    from generator.validate import validate_file

    ix = Index(validate_file(project.corpus).corpus)
    page = next(p for p in all_pages(ix) if p.path == "jigyo/jichi-kakuju.md")
    env = jinja2.Environment(loader=jinja2.DictLoader({page.template: (
        "{{ link('jichi-kakuju') }} {{ link('data/policies.json') }} {{ href('index.md') }} {{ href('jigyo/index.md') }}\n\n")}))
    assert build.render_page(env, ix, page) == "jichi-kakuju.md ../data/policies.json ../../ ../../jigyo/\n"


@pytest.mark.parametrize("cores, in_children", [(None, False), (1, False), (2, True), (16, True)])
def test_many_pages_are_rendered_on_every_core_in_order(monkeypatch, cores, in_children):
    """From PARALLEL_FROM pages on, forked workers (one per core, at most 4) render the pages; the result
    is the same dictionary, in the same order, as one process gives."""
    monkeypatch.setattr(build, "PARALLEL_FROM", 5)
    monkeypatch.setattr(build.os, "cpu_count", lambda: cores)
    pages = [f"p{i:02}.md" for i in range(11)]

    def fn(ix, page):
        return page, f"{ix}:{page}:{os.getpid()}".encode()

    out = build._map_pages(fn, "ix", pages)
    assert list(out) == pages
    pids = {data.decode().rsplit(":", 1)[1] for data in out.values()}
    assert [data.decode().rsplit(":", 1)[0] for data in out.values()] == [f"ix:{p}" for p in pages]
    assert (str(os.getpid()) not in pids) == in_children
    assert len(pids) <= min(cores or 1, 4)
    few = build._map_pages(fn, "ix", pages[:4])  # below PARALLEL_FROM: this process
    assert {d.decode().rsplit(":", 1)[1] for d in few.values()} == {str(os.getpid())}


def test_a_placeholder_address_is_a_warning_and_with_production_a_refusal(tmp_path, tools, capsys, monkeypatch):
    """The seed's mkdocs.yml has a placeholder site_url: an ordinary build says so first and goes on; a
    production build refuses before anything is written (the wording is tested in test_siteurl.py)."""
    project = copy_project(tmp_path / "p", files=FILES)
    monkeypatch.chdir(project.root)
    t = tools()
    assert build.build(project, production=True) == 1
    out = capsys.readouterr().out
    assert out.startswith("mkdocs.yml:9:11: エラー: site_url「https://policy-portal.example.jp/」は仮のアドレスです（") and out.count("\n") == 1
    assert out.rstrip().endswith("公開用のビルド（--production）では、サイトを作りません。mkdocs.yml の site_url に公開先のアドレス"
                                 "（例: https://www.city.○○.lg.jp/seisaku/）を書いてから、もう一度実行してください。何も変えていません。")
    assert t.calls == [] and not project.out_dir.exists() and not (project.root / "site").exists()
    assert build.build(project) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("mkdocs.yml:9:11: 警告: site_url「https://policy-portal.example.jp/」は仮のアドレスです（")
    assert lines[0].endswith("（公開用のビルド portal build --production は、このままでは止まります）。")
    assert lines[1].startswith("生成: ページ ") and (project.root / "site" / "index.html").is_file()


def test_map_chunk_renders_the_pages_of_its_share_in_order(monkeypatch):
    """A forked worker's share: the pages at its indices, in order (what _map_pages puts back together)."""
    monkeypatch.setattr(build, "_FORK_STATE", (lambda ix, page: (page, f"{ix}:{page}".encode()), "ix", ["a", "b", "c", "d", "e"]))
    assert build._map_chunk(range(1, 5, 2)) == [("b", b"ix:b"), ("d", b"ix:d")]


def test_an_interrupt_names_the_temporary_folder_it_could_not_remove_in_time(project, tools, capsys, monkeypatch):
    """Stopping must take seconds: a temporary folder not removed by then is named, with who removes it."""
    monkeypatch.chdir(project.root)
    tools(raise_in="index")
    left = []
    monkeypatch.setattr(sitedir, "remove_temp", lambda tmp, seconds=None: left.append((tmp, seconds)) and False)
    assert build.build(project) == 128 + signal.SIGTERM
    (tmp, seconds), = left
    assert seconds == sitedir.INTERRUPT_CLEANUP_SECONDS
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"中断しました（SIGTERM）。build/docs/ は新しいページに更新済みです。site/ は前のままです。"
        f"一時フォルダ {tmp.name} の残りは、次の portal build（または make clean）が削除します。")


# --------------------------------------------------------------------------- what the full mutation run of build.py found unchecked


def test_a_content_folder_where_the_search_index_goes_stops_the_build_and_keeps_the_site(project, second_build, capsys):
    """content/search-index/ would land in the new site where the search index goes: the build names the
    folder, writes no index, keeps the old site and the editor's file, and leaves no temporary folder."""
    t, before = second_build()
    theirs = project.content_dir / "search-index" / "notes.md"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("# 編集者のメモ\n", encoding="utf-8")
    assert build.build(project) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "エラー: content/search-index/ は検索インデックスと同じ場所です。content/ のそのフォルダの名前を変えてください。"
        "site/ は前のままです。")
    assert [c["tool"] for c in t.calls] == ["mkdocs"]
    assert snapshot(project.root / "site") == before and not list(project.root.glob(sitedir.TMP_PREFIX + "*"))
    assert theirs.read_text(encoding="utf-8") == "# 編集者のメモ\n"


def test_the_engine_asked_for_builds_the_site_and_is_named_in_every_line(project, tools, capsys, monkeypatch):
    """portal build --engine properdocs: ProperDocs runs (generator.mkdocs_build --engine=properdocs), and the
    progress, the summary and a failure name it, not MkDocs."""
    monkeypatch.chdir(project.root)
    t = tools()
    assert build.build(project, engine="properdocs") == 0
    assert t.calls[0]["cmd"][1:5] == ["-m", "generator.mkdocs_build", "--engine=properdocs", "build"]
    lines = capsys.readouterr().out.splitlines()
    pages = page_count(p.name for p in project.out_dir.rglob("*.md"))
    assert lines[1] == f"ProperDocs でビルドしています（ページ {pages}）…"
    assert lines[2].startswith("検索インデックスを作っています（CSS と並行して。ProperDocs ")
    assert lines[3].startswith(f"ビルド: ページ {pages}（ProperDocs ") and "MkDocs" not in "\n".join(lines)
    tools(mkdocs=1)
    assert build.build(project, engine="properdocs") == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "エラー: ProperDocs のビルドに失敗しました（上の WARNING を直してください）。site/ は前のままです。")


def test_a_build_of_a_named_corpus_file_validates_that_file(project, tools, capsys, monkeypatch):
    """portal build FILE builds from FILE, not from policies.yaml: a mistake in it stops the build, named
    by FILE, and nothing is run or replaced."""
    monkeypatch.chdir(project.root)
    (project.root / "other.yaml").write_text("version: 1\n", encoding="utf-8")
    t = tools()
    assert build.build(project, corpus_path="other.yaml") == 1
    out = capsys.readouterr().out
    assert out.startswith("other.yaml:") and "エラー" in out
    assert t.calls == [] and not (project.root / "site").exists() and not project.out_dir.exists()


class PipeLog:
    """Standard output as a pipe gives it (a CI log, ``portal build | tee``): text reaches the log only when
    flushed, while the tools the build runs write into the same log at once."""

    def __init__(self):
        self.log: list[str] = []
        self._buffer = ""

    def write(self, text):
        self._buffer += text
        return len(text)

    def flush(self):
        self.log += [line for line in self._buffer.splitlines() if line]
        self._buffer = ""

    def tool(self, name):  # a tool writes its own output straight into the log
        self.log.append(f"[{name}]")


@pytest.mark.parametrize("speedups_off", ["", "all"])
def test_each_progress_line_is_in_the_log_before_the_step_it_announces_runs(project, tools, monkeypatch, speedups_off):
    """In a piped log the line 「MkDocs でビルドしています…」 comes before MkDocs' own output (its WARNING
    lines, which the error message points 「上の」 to), and 「検索インデックスを作っています…」 is there while the
    index is written."""
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("PORTAL_SPEEDUPS_OFF", speedups_off)
    pipe = PipeLog()
    t = tools()
    write_index = t.index

    def mkdocs(cmd, **kwargs):
        pipe.tool("MkDocs")
        return t(cmd, **kwargs)

    def index(*args, **kwargs):
        pipe.tool("index")
        return write_index(*args, **kwargs)

    monkeypatch.setattr(build.interrupt, "run", mkdocs)
    monkeypatch.setattr(build.search_index, "write", index)
    monkeypatch.setattr("sys.stdout", pipe)
    assert build.build(project) == 0
    pipe.flush()
    pages = page_count(p.name for p in project.out_dir.rglob("*.md"))
    assert [line.split("（")[0] for line in pipe.log] == [
        f"生成: ページ {pages}", "MkDocs でビルドしています", "[MkDocs]", "検索インデックスを作っています", "[index]",
        f"ビルド: ページ {pages}"], pipe.log


class Clock:
    """``time.perf_counter`` for build.py that moves only while a stand-in tool works (so every figure
    in the messages is known)."""

    def __init__(self):
        self.now = 1000.0

    def perf_counter(self):
        return self.now

    def takes(self, seconds, fn):
        def timed(*args, **kwargs):
            self.now += seconds
            return fn(*args, **kwargs)
        return timed


@pytest.mark.parametrize("speedups_off, index_line, last", [
    ("", "検索インデックスを作っています（CSS と並行して。MkDocs 2.0 秒）…",
     "（MkDocs 2.0 秒、検索インデックス 0.3 秒、CSS は並行して +0.5 秒）→ site/"),
    ("all", "検索インデックスを作っています（MkDocs 2.0 秒、CSS 0.5 秒）…",
     "（MkDocs 2.0 秒、CSS 0.5 秒、検索インデックス 0.3 秒）→ site/"),
])
def test_the_seconds_shown_are_what_each_step_took(project, tools, capsys, monkeypatch, speedups_off, index_line, last):
    """MkDocs takes 2 s, the CSS step 0.5 s, the index 0.3 s: the progress and summary lines say so, with or
    without the CSS step running alongside the index (then it is shown as what it added after the index)."""
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("PORTAL_SPEEDUPS_OFF", speedups_off)
    clock = Clock()
    t = tools()
    monkeypatch.setattr(build, "time", clock)
    monkeypatch.setattr(build.interrupt, "run", clock.takes(2.0, t))
    monkeypatch.setattr(build.slimcss, "slim", clock.takes(0.5, t.slim))
    monkeypatch.setattr(build.slimcss, "finish", clock.takes(0.5, t.finish))
    monkeypatch.setattr(build.search_index, "write", clock.takes(0.3, t.index))
    assert build.build(project) == 0
    lines = capsys.readouterr().out.splitlines()
    pages = page_count(p.name for p in project.out_dir.rglob("*.md"))
    assert lines[0].endswith(" 0.00 秒 → build/docs")
    assert lines[2:] == [index_line, f"ビルド: ページ {pages}{last}"]


@pytest.mark.parametrize("speedups_off", ["", "all"])
def test_the_search_index_takes_the_entries_mkdocs_made_and_the_synonyms(project, tools, monkeypatch, speedups_off):
    """MkDocs' workers hand the index its pages' entries in a file (PORTAL_INDEX_ENTRIES), so that the index
    does not read every page again; the index also gets the corpus' synonym list (はんこ → 判子)."""
    import pickle

    monkeypatch.chdir(project.root)
    monkeypatch.setenv("PORTAL_SPEEDUPS_OFF", speedups_off)
    t = tools()
    seen = []

    def mkdocs(cmd, **kwargs):
        entries = Path(kwargs["env"]["PORTAL_INDEX_ENTRIES"])
        assert entries.parent.name.startswith(sitedir.TMP_PREFIX)
        entries.write_bytes(pickle.dumps({"index.html": "トップページの項目"}))
        seen.append(entries)
        return t(cmd, **kwargs)

    def collect(site, known=None):
        seen.append(("collect", known))
        return t.collect(site, known)

    def index(site, synonyms=(), out_dir=None, known=None, docs=None):
        seen.append(("write", known, docs, [s.words for s in synonyms][:1]))
        return t.index(site, synonyms, out_dir=out_dir, known=known, docs=docs)

    monkeypatch.setattr(build.interrupt, "run", mkdocs)
    monkeypatch.setattr(build.search_index, "collect", collect)
    monkeypatch.setattr(build.search_index, "write", index)
    assert build.build(project) == 0
    known = {"index.html": "トップページの項目"}
    if speedups_off:  # the index reads the entries itself, after the CSS step
        assert seen[1:] == [("write", known, None, [["はんこ", "判子"]])]
    else:  # collected before the CSS step starts (it rewrites the pages), then written beside the site from those
        new = Path(t.calls[0]["cmd"][t.calls[0]["cmd"].index("-d") + 1])
        assert seen[1:] == [("collect", known), ("write", None, [f"pages of {new}"], [["はんこ", "判子"]])]
    assert not seen[0].exists()


def test_a_build_that_ends_removes_all_of_its_temporary_folder_however_long_it_takes(project, tools, capsys, monkeypatch):
    """Only a build that is being stopped limits the time it spends removing its temporary folder; a build
    that ends (built or failed) removes all of it."""
    monkeypatch.chdir(project.root)
    asked = []
    remove = sitedir.remove_temp

    def remove_temp(tmp, seconds=None):
        asked.append(seconds)
        return remove(tmp, seconds)

    monkeypatch.setattr(sitedir, "remove_temp", remove_temp)
    tools()
    assert build.build(project) == 0
    tools(mkdocs=1)
    assert build.build(project) == 1
    assert asked == [None, None] and not list(project.root.glob(sitedir.TMP_PREFIX + "*"))


@pytest.mark.parametrize("error, message", [
    (build.slimcss.Missing("CSS を減らす道具が見つかりません。"), ["エラー: CSS を減らす道具が見つかりません。 site/ は前のままです。"]),
    (RuntimeError("purgecss: 読めません"), ["エラー: CSS とスクリプトを小さくする手順（PurgeCSS, lightningcss, terser）に失敗しました: purgecss: 読めません",
                                         "site/ は前のままです。"]),
])
def test_without_the_speedups_the_css_step_gets_the_new_site_and_its_failure_keeps_the_old(project, second_build, capsys,
                                                                                         monkeypatch, error, message):
    """The CSS step run before the index (no speed-ups) works on the project's new site; when it fails, the
    message names the tools' own error, the old site stays and no index is written."""
    monkeypatch.setenv("PORTAL_SPEEDUPS_OFF", "all")
    t, before = second_build(slim=error)
    assert build.build(project) == 1
    mk, css = t.calls
    assert css == {"tool": "slimcss", "project": project, "site": Path(mk["cmd"][mk["cmd"].index("-d") + 1])}
    assert capsys.readouterr().out.splitlines()[-len(message):] == message
    assert snapshot(project.root / "site") == before and not list(project.root.glob(sitedir.TMP_PREFIX + "*"))


# --------------------------------------------------------------------------- what the --survivors run of build.py (mut6) found unchecked


def test_every_file_generate_writes_gives_the_sites_own_address(project):
    """The JSON twins, the open data, the feed and the page left at a former URL all point at the site's
    address (mkdocs.yml site_url), not at '/'."""
    import csv
    import io
    import json
    import xml.etree.ElementTree as ET

    part = project.root / "corpus" / "seisaku" / "sanka-kyodo-shimin-jichi.yaml"
    text = part.read_text(encoding="utf-8")
    assert "    - id: jichi-kakuju\n" in text
    part.write_text(text.replace("    - id: jichi-kakuju\n", "    - id: jichi-kakuju\n      former_ids: [jichi-kakuju-kyu]\n"),
                    encoding="utf-8")
    assert generate(project, quiet=True) == 0
    page = "https://policy.city-portal.jp/jigyo/jichi-kakuju/"
    moved = (project.out_dir / "jigyo" / "jichi-kakuju-kyu" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{page}">' in moved
    assert json.loads((project.twins_dir / "jigyo" / "jichi-kakuju" / "index.json").read_bytes())["url"] == page
    rows = csv.DictReader(io.StringIO((project.out_dir / "data" / "projects.csv").read_text(encoding="utf-8-sig")))
    assert next(r for r in rows if r["事業ID"] == "jichi-kakuju")["ページのURL"] == page
    feed = ET.fromstring((project.out_dir / "feed.xml").read_bytes())
    assert feed.find("{http://www.w3.org/2005/Atom}id").text == "https://policy.city-portal.jp/"


def test_a_feed_without_dated_pages_is_dated_by_the_corpus_updated_date(project):
    """No page has a 更新日 or a 変更履歴 (the seed): the feed's <updated> is the corpus' own 更新日
    (site.updated) when it is written, else a fixed 1970-01-01."""
    import xml.etree.ElementTree as ET

    def feed_updated():
        assert generate(project, quiet=True) == 0
        return ET.fromstring((project.out_dir / "feed.xml").read_bytes()).find("{http://www.w3.org/2005/Atom}updated").text

    assert feed_updated() == "1970-01-01T00:00:00+09:00"
    text = project.corpus.read_text(encoding="utf-8")
    project.corpus.write_text(text.replace("  organisation: 川崎市\n", "  organisation: 川崎市\n  updated: 2026-04-01\n", 1),
                              encoding="utf-8")
    assert feed_updated() == "2026-04-01T00:00:00+09:00"


def test_the_results_page_shows_the_published_run_and_the_persons_checks_as_of_the_build_date(project, monkeypatch):
    """試験結果 (accessibility/results.md) is made from the project's results.json and manual-checks.yaml, and a
    person's check turns 要再確認 a year after it was made, counted from the build date (SOURCE_DATE_EPOCH)."""
    checks = Path(__file__).parent / "fixtures" / "manual_checks" / "valid.yaml"  # checks of 2027-01-15 and -16
    (project.root / "accessibility" / "manual-checks.yaml").write_bytes(checks.read_bytes())
    record = "- 1\\.3\\.3 感覚的な特徴: 2027年1月15日、情報管理課 ウェブ担当職員が確認。適用 あり、結果 適合（2ページ）。要再確認（"

    def results_page(epoch):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert generate(project, quiet=True) == 0
        return (project.out_dir / "accessibility" / "results.md").read_text(encoding="utf-8")

    within_the_year = results_page(JUNE_FIRST_IN_TOKYO)  # 2027-06-01
    assert "\n## 表明日\n" in within_the_year and "\n## 満たしている適合レベル\n" in within_the_year  # the published run
    assert f"\n{record}確認した後にページが変わりました" in within_the_year and "1年を過ぎて" not in within_the_year
    a_year_on = results_page("1833000000")  # 2028-02-01 in Japan
    assert f"\n{record}確認から1年を過ぎています、確認した後にページが変わりました" in a_year_on


def test_forked_workers_leave_ctrl_c_to_the_build(monkeypatch):
    """The workers that render a large corpus ignore Ctrl-C (SIGINT goes to the whole process group): the
    build stops them and says once what was kept, instead of each worker printing a traceback."""
    monkeypatch.setattr(build, "PARALLEL_FROM", 2)
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)

    def fn(ix, page):
        return page, f"{os.getpid()}:{signal.getsignal(signal.SIGINT)!r}".encode()

    out = build._map_pages(fn, "ix", ["a", "b", "c"])
    assert {data.decode().split(":", 1)[1] for data in out.values()} == {repr(signal.SIG_IGN)}
    assert str(os.getpid()) not in {data.decode().split(":", 1)[0] for data in out.values()}


def test_the_workers_are_forked_where_processes_are_spawned_by_default(monkeypatch):
    """The workers share the index by being forked from the build (``_FORK_STATE``); where Python starts
    processes by spawning them unless told otherwise (macOS, or a changed default), the build still forks."""
    import multiprocessing

    monkeypatch.setattr(build, "PARALLEL_FROM", 2)
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)
    before = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        out = build._map_pages(lambda ix, page: (page, f"{ix}:{page}".encode()), "ix", ["a", "b", "c"])
    finally:
        multiprocessing.set_start_method(before, force=True)
    assert out == {"a": b"ix:a", "b": b"ix:b", "c": b"ix:c"}
