"""Generate Markdown into build/docs/ and build the site with MkDocs.

* ``generate`` validates the corpus, renders every page, mirrors hand-written ``content/``,
  and writes only files whose bytes changed, removing stale ones. It writes nowhere else.
* ``build`` runs ``generate``, then ``mkdocs build --strict`` and Pagefind into a temporary
  directory, and only then swaps it into ``site/``: a failed build leaves the old site as it was.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT, model, search_index
from .pages import Index, Page, all_pages
from .render import environment, href, relative

OUT_DIR = ROOT / "build" / "docs"
TWINS_DIR = ROOT / "build" / "twins"  # JSON twins: linked into the built site after MkDocs (see build)
CONTENT_DIR = ROOT / "content"
GENERATED_NOTICE = "<!-- 自動生成されたファイルです。編集しないでください。元データ: policies.yaml（generator/templates/{template}） -->"


@functools.lru_cache(maxsize=1)
def site_url() -> str:
    """``site_url`` from mkdocs.yml (the open data, the feed and report links need absolute URLs)."""
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return str(config.get("site_url") or "/")


PARALLEL_FROM = 2000  # pages; below this, forking costs more than it saves


def render_pages(corpus: model.Corpus, ix: Index | None = None, pages: list[Page] | None = None) -> dict[str, bytes]:
    """Every generated page as ``{relative path: bytes}`` (the same input gives the same bytes)."""
    ix = ix or Index(corpus)
    return _map_pages(_markdown, ix, pages or all_pages(ix))


def _markdown(ix: Index, page: Page) -> tuple[str, bytes]:
    return page.path, render_page(_env(), ix, page).encode("utf-8")


@functools.lru_cache(maxsize=1)
def _env():
    return environment()


def _map_pages(fn, ix: Index, pages: list[Page]) -> dict[str, bytes]:
    """``fn(ix, page) -> (path, bytes)`` over every page; large corpora use every core (forked
    workers share the index). The result is the same, in the same order, however it was split."""
    workers = min(os.cpu_count() or 1, 4)
    if len(pages) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return dict(fn(ix, page) for page in pages)
    global _FORK_STATE
    _FORK_STATE = (fn, ix, pages)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
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


def data_files(corpus: model.Corpus, ix: Index | None = None, pages: list[Page] | None = None) -> dict[str, bytes]:
    """Open data (JSON, JSON Schema, CSV) and the Atom feed, beside the pages."""
    from . import feed, opendata, twins

    ix = ix or Index(corpus)
    url = site_url()
    site = corpus.site
    pages = pages or all_pages(ix)
    out = opendata.files(ix, url)
    out[feed.FEED_PATH] = feed.atom(pages, site.title, url, site.updated.isoformat() if site.updated else "")
    return out


def twin_files(ix: Index, pages: list[Page]) -> dict[str, bytes]:
    """Each page's JSON twin (``<page URL>index.json``). They are not MkDocs input: MkDocs would
    scan and copy one extra file per page (at 10,000 事業 that cost ~15 s), so ``build`` links them
    into the built site instead; the pages link to them as plain ``index.json``."""
    from . import twins

    return _map_pages(functools.partial(twins.page_file, site_url=site_url()), ix, pages)


def render_page(env, ix: Index, page: Page) -> str:
    def link(target: str) -> str:
        """Markdown link from this page to a record id or to a generated file path."""
        return relative(page.path, ix.path.get(target, target))

    def href_to(target: str) -> str:
        """Raw-HTML link (the final URL) from this page to a record id or a generated file path."""
        return href(page.path, ix.path.get(target, target))

    template = env.get_template(page.template)
    text = template.render(
        page=page, ix=ix, corpus=ix.corpus, site=ix.corpus.site, link=link, href=href_to, model=model, site_url=site_url(),
        notice=GENERATED_NOTICE.format(template=page.template),
        **page.context,
    )
    return text.rstrip("\n") + "\n"


def content_files() -> dict[str, bytes]:
    files = {}
    if CONTENT_DIR.is_dir():
        for path in sorted(CONTENT_DIR.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(CONTENT_DIR).as_posix()] = path.read_bytes()
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


def generate(corpus_path: str, quiet: bool = False, out_dir: Path = OUT_DIR) -> int:
    from .cli import _print_problems
    from .validate import validate_file

    started = time.perf_counter()
    result = validate_file(corpus_path, filename=corpus_path)
    if not result.ok:
        _print_problems(result.problems)
        return 1
    files = content_files()
    from .history import repository_history

    ix = Index(result.corpus, repository_history(corpus_path))
    pages = all_pages(ix)
    generated = render_pages(result.corpus, ix, pages)
    clash = sorted(set(files) & set(generated))
    if clash:
        print(f"エラー: content/ の手書きファイルが生成されるページと同じ場所にあります: {', '.join(clash)}")
        return 1
    files.update(generated)
    files.update(data_files(result.corpus, ix, pages))
    written, removed = write_tree(out_dir, files)
    if out_dir == OUT_DIR:
        write_tree(TWINS_DIR, twin_files(ix, pages))
    if not quiet:
        print(f"生成: {len(generated)} ページ（書き換え {written}、削除 {removed}）"
              f" {time.perf_counter() - started:.2f} 秒 → {out_dir.relative_to(ROOT) if out_dir.is_relative_to(ROOT) else out_dir}")
    return 0


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


def build(corpus_path: str, site_dir: str = "site") -> int:
    rc = generate(corpus_path)
    if rc:
        return rc
    site = (ROOT / site_dir).resolve()
    # Reproducible output: MkDocs stamps sitemap.xml.gz with the build time unless told otherwise.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    pages = sum(1 for _ in OUT_DIR.rglob("*.md"))
    print(f"MkDocs でビルドしています（{pages} ページ）…", flush=True)
    with tempfile.TemporaryDirectory(prefix=".site-", dir=site.parent) as tmp:
        new = Path(tmp) / "site"
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(ROOT / "mkdocs.yml"),
                               "-d", str(new)], cwd=ROOT, env=env)
        if proc.returncode:
            print("エラー: MkDocs のビルドに失敗しました（上の WARNING を直してください）。site/ は前のままです。")
            return 1
        mk = time.perf_counter() - started
        _link_tree(TWINS_DIR, new)
        print(f"検索インデックスを作っています（MkDocs {mk:.1f} 秒）…", flush=True)
        try:
            search_index.write(new)
        except Exception as exc:  # noqa: BLE001 — Pagefind's service reports its own errors
            print(f"エラー: 検索インデックス（Pagefind）の作成に失敗しました（{exc}）。site/ は前のままです。")
            return 1
        old = Path(tmp) / "old"
        if site.exists():
            os.replace(site, old)
        os.replace(new, site)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"ビルド: {pages} ページ（MkDocs {mk:.1f} 秒、検索インデックス {time.perf_counter() - started - mk:.1f} 秒）→ {site_dir}/")
    return 0
