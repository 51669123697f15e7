"""Generate Markdown into build/docs/ and build the site with MkDocs.

* ``generate`` validates the corpus, renders every page, mirrors hand-written ``content/``,
  and writes only files whose bytes changed, removing stale ones. It writes nowhere else.
* ``build`` runs ``generate``, then ``mkdocs build --strict``, the CSS step (``generator.slimcss``: only the
  CSS the pages use) and the search index (``generator.search_index``) into a temporary directory, and only
  then swaps it into the site folder: a failed or interrupted build leaves
  the old site as it was. It replaces only a folder it built itself (``generator.sitedir``).

Every function takes the :class:`~generator.project.Project` it works on.
"""

from __future__ import annotations

import datetime as _dt
import functools
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

from . import interrupt, model, redirects, search_index, sitedir, slimcss
from .messages import format_problems
from .pages import Index, Page, all_pages
from .project import Project
from .render import environment, href, relative
from .speedups import SPEEDUPS, speedup  # noqa: F401 — SPEEDUPS: the names the tests turn off

GENERATED_NOTICE = "<!-- 自動生成されたファイルです。編集しないでください。元データ: policies.yaml（generator/templates/{template}） -->"


# pages; below this, forking costs more than it saves (PORTAL_PARALLEL_FROM overrides it, e.g. for tests)
PARALLEL_FROM = int(os.environ.get("PORTAL_PARALLEL_FROM") or 2000)


def render_pages(corpus: model.Corpus, ix: Index | None = None, pages: list[Page] | None = None,
                 site_url: str = "/") -> dict[str, bytes]:
    """Every generated page as ``{relative path: bytes}`` (the same input gives the same bytes)."""
    ix = ix or Index(corpus)
    return _map_pages(functools.partial(_markdown, site_url=site_url), ix, pages or all_pages(ix))


def _markdown(ix: Index, page: Page, site_url: str = "/") -> tuple[str, bytes]:
    return page.path, render_page(_env(), ix, page, site_url).encode("utf-8")


@functools.lru_cache(maxsize=1)
def _env():
    return environment()


def _map_pages(fn, ix: Index, pages: list[Page]) -> dict[str, bytes]:
    """``fn(ix, page) -> (path, bytes)`` over every page; large corpora use every core (forked
    workers share the index). The result is the same, in the same order, however it was split."""
    workers = min(os.cpu_count() or 1, 4)
    if len(pages) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        out = {}
        for page in pages:
            path, data = fn(ix, page)
            out[path] = data
            interrupt.check()  # pydantic may have swallowed the interrupt (see generator.interrupt)
        return out
    global _FORK_STATE
    _FORK_STATE = (fn, ix, pages)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=interrupt.worker_init) as pool:
            parts = pool.map(_map_chunk, [range(i, len(pages), workers) for i in range(workers)])
    finally:
        _FORK_STATE = None
    results: list[tuple[str, bytes] | None] = [None] * len(pages)
    for w, part in enumerate(parts):
        for k, item in enumerate(part):
            results[w + k * workers] = item
    return dict(results)  # type: ignore[arg-type]


_FORK_STATE = None


def _map_chunk(indices: range) -> list[tuple[str, bytes]]:
    fn, ix, pages = _FORK_STATE  # type: ignore[misc]
    return [fn(ix, pages[i]) for i in indices]


def data_files(corpus: model.Corpus, ix: Index | None = None, pages: list[Page] | None = None,
               url: str = "/") -> dict[str, bytes]:
    """Open data (JSON, JSON Schema, CSV) and the Atom feed, beside the pages (``url``: the site's URL)."""
    from . import feed, opendata

    ix = ix or Index(corpus)
    site = corpus.site
    pages = pages or all_pages(ix)
    out = opendata.files(ix, url)
    # pages without a 更新日: the newest date of the 変更履歴 they show (editor's entries, repository history)
    history = {}
    for p in pages:
        entries = ix.history_of(p.record) if p.record is not None and not p.updated else []
        if entries:
            history[p.path] = entries[0][0]
    out[feed.FEED_PATH] = feed.atom(pages, site.title, url, site.updated.isoformat() if site.updated else "",
                                   author=site.organisation or "", dates=history)
    return out


def twin_files(ix: Index, pages: list[Page], site_url: str = "/") -> dict[str, bytes]:
    """Each page's JSON twin (``<page URL>index.json``). They are not MkDocs input: MkDocs would
    scan and copy one extra file per page (at 10,000 事業 that cost ~15 s), so ``build`` links them
    into the built site instead; the pages link to them as plain ``index.json``."""
    from . import twins

    return _map_pages(functools.partial(twins.page_file, site_url=site_url), ix, pages)


def render_page(env, ix: Index, page: Page, site_url: str = "/") -> str:
    def link(target: str) -> str:
        """Markdown link from this page to a record id or to a generated file path."""
        return relative(page.path, ix.path.get(target, target))

    def href_to(target: str) -> str:
        """Raw-HTML link (the final URL) from this page to a record id or a generated file path."""
        return href(page.path, ix.path.get(target, target))

    template = env.get_template(page.template)
    text = template.render(
        page=page, ix=ix, corpus=ix.corpus, site=ix.corpus.site, link=link, href=href_to, model=model, site_url=site_url,
        notice=GENERATED_NOTICE.format(template=page.template),
        **page.context,
    )
    return text.rstrip("\n") + "\n"


def content_files(content_dir: Path) -> dict[str, bytes]:
    files = {}
    if content_dir.is_dir():
        for path in sorted(content_dir.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(content_dir).as_posix()] = path.read_bytes()
    return files


def write_tree(out_dir: Path, files: dict[str, bytes]) -> tuple[int, int]:
    """Make ``out_dir`` hold exactly ``files``: write changed files only, delete the rest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = removed = 0
    for rel, data in files.items():
        target = out_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written += 1
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, removed


def generate(project: Project, corpus_path: str | Path | None = None, quiet: bool = False,
             out_dir: Path | None = None, state: dict | None = None) -> int:
    """Validate the corpus and write build/docs (and build/twins). Writing is one step that a signal
    cannot cut in half: build/docs is either the old tree or the new one.

    ``state`` (optional) receives what went wrong: ``problems`` (the validator's) or ``error`` (a message)."""
    from .history import repository_history
    from .validate import validate_file

    started = time.perf_counter()
    corpus_file = project.resolve(corpus_path) if corpus_path is not None else project.corpus
    shown = str(corpus_path) if corpus_path is not None else corpus_file.name
    result = validate_file(corpus_file, filename=shown)
    if state is not None and result.loaded is not None:
        state["corpus_files"] = list(result.loaded.paths)  # what portal serve watches
    if state is not None and result.ok:
        state["synonyms"] = list(result.corpus.search_synonyms)  # the search index's synonym list
    if not result.ok:
        print(format_problems(result.problems))
        if state is not None:
            state["problems"] = result.problems
        return 1
    files = content_files(project.content_dir)
    records = a11y_records(project)
    if not records.ok:
        print(format_problems(records.problems))
        if state is not None:
            state["problems"] = records.problems
        return 1
    ix = Index(result.corpus, repository_history(project, corpus_file, result.loaded.names), a11y_results(project), records.latest(),
               today=build_date())
    pages = all_pages(ix)
    if POLICY_PAGE in files:  # a project's own hand-written policy page (made before this page was generated)
        pages = [p for p in pages if p.path != POLICY_PAGE]
    url = project.site_url()
    generated = render_pages(result.corpus, ix, pages, url)
    generated.update(redirects.files(ix, url))  # pages at former URLs (static HTML, not pages of the site)
    clash = sorted(set(files) & set(generated))
    if clash:
        message = f"content/ の手書きファイルが生成されるページと同じ場所にあります: {', '.join(clash)}"
        print(f"エラー: {message}")
        if state is not None:
            state["error"] = message
        return 1
    files.update(generated)
    files.update(data_files(result.corpus, ix, pages, url))
    to_default = out_dir is None
    out_dir = project.out_dir if out_dir is None else out_dir
    twins = twin_files(ix, pages, url) if to_default else None
    with interrupt.critical():
        written, removed = write_tree(out_dir, files)
        if twins is not None:
            write_tree(project.twins_dir, twins)
        if state is not None:
            state["docs"] = True
    if not quiet:
        where = out_dir.relative_to(project.root) if out_dir.is_relative_to(project.root) else out_dir
        print(f"生成: ページ {page_count(files)}（書き換え {written}、削除 {removed}）"
              f" {time.perf_counter() - started:.2f} 秒 → {where}")
    return 0


def a11y_results(project: Project) -> dict | None:
    from .a11y_results import load_results

    return load_results(project.a11y_results)


POLICY_PAGE = "accessibility/index.md"


def a11y_records(project: Project, today: _dt.date | None = None):
    """accessibility/manual-checks.yaml (a person's checks), validated; no file is no record."""
    from .manual_checks import RECORDS_PATH, load

    return load(project.root / RECORDS_PATH, RECORDS_PATH, today or build_date())


def build_date() -> _dt.date:
    """Today in Japan, or the day of ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds: the same
    input and the same day give the same bytes; a check turns 要再確認 a year after it was made)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    tokyo = _dt.timezone(_dt.timedelta(hours=9))
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tokyo).date()
    return _dt.datetime.now(tokyo).date()


def page_count(files) -> int:
    """The pages of the site: one per Markdown file (generated or hand-written). Every step reports this number."""
    return sum(1 for rel in files if rel.endswith(".md"))


def _link_tree(src: Path, dest: Path) -> None:
    """Hard-link (or copy) every file of ``src`` into ``dest``; the generator later replaces its own
    files with os.replace, so the built site keeps the bytes it was built with."""
    for path in src.rglob("*"):
        if path.is_file():
            target = dest / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)


ENGINE_NAMES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}  # generator.mkdocs_build.ENGINES


class Refused(Exception):
    """The build will not run (the message says why, in Japanese)."""


def build(project: Project, corpus_path: str | Path | None = None, site_dir: str | Path | None = None,
          production: bool = False, engine: str = "mkdocs") -> int:
    """Validate, generate, build with MkDocs, the CSS step and the search index, and replace the site folder.

    A placeholder site_url (``generator.siteurl``) is a warning, and with ``production`` a refusal
    before anything is written.

    Runs under :func:`generator.interrupt.signals`: SIGINT, SIGTERM and SIGHUP stop it within
    seconds, child processes and workers included, and leave the site folder as it was."""
    from filelock import FileLock, Timeout

    from . import siteurl

    go_on, message = siteurl.check(project.mkdocs_yml, production=production)
    if message:
        print(message, flush=True)
    if not go_on:
        return 1
    site = Path(site_dir).resolve() if site_dir is not None else project.site_dir
    why = sitedir.refusal(project, site)
    if why:
        print(f"エラー: {why}。サイトはこのフォルダに作れません（何も変えていません）。\n"
              "  portal build が置き換えるのは、空のフォルダ、まだないフォルダ、前に portal build が作ったフォルダだけです。"
              "別のフォルダを --site-dir で指定するか、中身を確かめてから自分で片付けてください。")
        return 1
    project.build_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(project.build_dir / ".portal-build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print("エラー: このプロジェクトでは別の portal build（または portal serve）が実行中です。終わってから、もう一度実行してください。")
        return 1
    state = {"docs": False, "site": False}
    try:
        return _build(project, corpus_path, site, state, engine)
    except interrupt.Interrupted as exc:
        docs = "build/docs/ は新しいページに更新済みです" if state["docs"] else "build/docs/ は前のままです"
        out = f"{_display(site)} は新しいサイトに置き換わりました" if state["site"] else f"{_display(site)} は前のままです"
        left = (f"一時フォルダ {state['left'].name} の残りは、次の portal build（または make clean）が削除します。"
                if state.get("left") else "")
        print(f"\n中断しました（{exc.name}）。{docs}。{out}。{left}", flush=True)
        return exc.exit_code
    finally:
        lock.release()


def _build(project: Project, corpus_path, site: Path, state: dict, engine: str = "mkdocs") -> int:
    site.parent.mkdir(parents=True, exist_ok=True)
    for stale in sitedir.remove_stale_temps(project, site.parent):
        print(f"前回中断されたビルドの一時フォルダを削除しました: {stale.name}")
    rc = generate(project, corpus_path, state=state)
    if rc:
        return rc
    # Reproducible output: MkDocs stamps sitemap.xml.gz with the build time unless told otherwise.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    pages = page_count(p.relative_to(project.out_dir).as_posix() for p in project.out_dir.rglob("*.md"))
    name = ENGINE_NAMES[engine]
    print(f"{name} でビルドしています（ページ {pages}）…", flush=True)
    tmp = sitedir.make_temp(project, site.parent)
    try:
        new = tmp / "site"
        entries_file = tmp / "index-entries.pickle"  # the search index's pages, as MkDocs' workers wrote them
        started = time.perf_counter()
        # `mkdocs build` whose --strict counts warnings (MkDocs' --quiet hid them), pages on every core
        rc = interrupt.run([sys.executable, "-m", "generator.mkdocs_build", f"--engine={engine}", "build", "--strict",
                            "-f", str(project.mkdocs_yml), "-d", str(new)], cwd=project.root,
                           env={**env, "PORTAL_INDEX_ENTRIES": str(entries_file)})
        if rc:
            print(f"エラー: {name} のビルドに失敗しました（上の WARNING を直してください）。{_display(site)} は前のままです。")
            return 1
        mk = time.perf_counter() - started
        _link_tree(project.twins_dir, new)
        if (new / search_index.INDEX_DIR).exists():
            print(f"エラー: content/{search_index.INDEX_DIR}/ は検索インデックスと同じ場所です。content/ のそのフォルダの名前を"
                  f"変えてください。{_display(site)} は前のままです。")
            return 1
        slim = os.environ.get("PORTAL_SLIM_CSS", "1") != "0"  # 0: Material's full CSS (bench/weight.py's peer)
        css_started = time.perf_counter()
        running = docs = None
        alongside = slim and speedup("css-alongside-index")
        if alongside:
            # The CSS step (Node.js, one core) rewrites the pages' <link> and writes the one style sheet
            # while the index is written into a folder beside the site: the index has read every page
            # before the CSS step starts (or taken it as MkDocs' workers wrote it), and reads nothing after.
            docs = search_index.collect(new, _load_entries(entries_file))
        try:
            if alongside:
                running = slimcss.start(project, new)
            elif slim:
                slimcss.slim(project, new)
        except slimcss.Missing as exc:
            print(f"エラー: {exc} {_display(site)} は前のままです。")
            return 1
        except Exception as exc:  # noqa: BLE001 — the tools' own message says what went wrong
            return _css_failed(exc, site)
        if running is None:
            css = time.perf_counter() - css_started
            print(f"検索インデックスを作っています（{name} {mk:.1f} 秒、CSS {css:.1f} 秒）…", flush=True)
            search_index.write(new, state.get("synonyms", ()), known=_load_entries(entries_file))
        else:
            print(f"検索インデックスを作っています（CSS と並行して。{name} {mk:.1f} 秒）…", flush=True)
            beside = tmp / search_index.INDEX_DIR
            try:
                search_index.write(new, state.get("synonyms", ()), out_dir=beside, docs=docs)
            except BaseException:
                slimcss.stop(running)
                raise
            index = time.perf_counter() - css_started
            try:
                slimcss.finish(running)
            except Exception as exc:  # noqa: BLE001 — the tools' own message says what went wrong
                return _css_failed(exc, site)
            css = time.perf_counter() - css_started - index  # how long the CSS step went on after the index
            os.replace(beside, new / search_index.INDEX_DIR)
        sitedir.write_mark(new)
        with interrupt.critical():
            if site.exists():
                os.replace(site, tmp / "old")
            os.replace(new, site)
            state["site"] = True
    finally:
        with interrupt.critical_quiet():
            stopping = isinstance(sys.exc_info()[1], interrupt.Interrupted)  # the build must end within seconds
            if not sitedir.remove_temp(tmp, sitedir.INTERRUPT_CLEANUP_SECONDS if stopping else None):
                state["left"] = tmp
    if running is None:
        shown = f"CSS {css:.1f} 秒、検索インデックス {time.perf_counter() - started - mk - css:.1f} 秒"
    else:
        shown = f"検索インデックス {index:.1f} 秒、CSS は並行して +{css:.1f} 秒"
    print(f"ビルド: ページ {pages}（{name} {mk:.1f} 秒、{shown}）→ {_display(site)}")
    return 0


def _css_failed(exc: Exception, site: Path) -> int:
    print(f"エラー: CSS とスクリプトを小さくする手順（PurgeCSS, lightningcss, terser）に失敗しました: {exc}\n{_display(site)} は前のままです。")
    return 1


def _load_entries(path: Path) -> dict | None:
    """The search index's entries that MkDocs' workers made (``generator.mkdocs_build``), if they did."""
    import pickle

    if not path.is_file():
        return None
    with path.open("rb") as f:
        known = pickle.load(f)
    path.unlink()
    return known


def _display(path: Path) -> str:
    return sitedir._display(path)
