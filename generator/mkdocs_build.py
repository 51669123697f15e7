"""``mkdocs build`` as ``portal build`` runs it: ``python -m generator.mkdocs_build build …`` takes the
arguments of ``python -m mkdocs build …``, with two differences.

**Warnings fail a strict build and nothing else is printed.** MkDocs' ``--quiet`` raises its logger to
ERROR, so a WARNING is never made and ``--strict`` never counts it (mkdocs issue #4126, open): the build
used to pass with a broken anchor. Here the logger stays at INFO and only the terminal's handler shows
WARNING and above.

**Pages are built on every core** (the ``parallel-mkdocs`` speed-up, ``generator.speedups``), and the
bytes are the same.

``--engine=properdocs`` (first argument) builds with ProperDocs 1.6, the maintained fork of MkDocs 1.x
(``portal build --engine properdocs``; docs/engines.md): the same code runs on it, since ProperDocs
answers every ``mkdocs.*`` import, Material's included.

MkDocs 1.x builds one page after another in one process: at 10,000 事業 its page loop (Markdown →
HTML, then the theme's template) is nearly all of its 36 s, on one core of two. Here MkDocs' own
``build`` runs unchanged up to the navigation; then forked workers each take every n-th page and run
MkDocs' own ``_populate_page`` and ``_build_page`` on it; what the parent needs afterwards comes back
from each page — its front matter (the sitemap's 更新日), its anchors and the links to anchors it holds
(MkDocs' own ``validate_anchor_links`` then runs in the parent over every page, as before) and the
number of warnings (``--strict`` still fails on any). Static files are copied before the workers start
and the theme's templates (404.html, sitemap.xml) are rendered after they end, as MkDocs orders them.

Two more speed-ups ride on the workers (``generator.speedups``): ``mkdocs-template-cache`` (Jinja does not
check the theme's files for changes at every include of every page) and ``index-in-mkdocs``: when
``portal build`` names a file in ``PORTAL_INDEX_ENTRIES``, each worker makes the search index's entry of
every page it has just written (``generator.search_index.entry``: the page's text, keys and fragment, on
every core, from the bytes still in the page cache), and the parent writes them all to that file, so the
index does not read 12,000 pages again after MkDocs.

A page's HTML depends only on itself, the configuration and the navigation: pages in the nav are read
and rendered in the parent before the workers start, so every worker sees their titles. The parallel
path is taken only where that holds and it pays: a plain build (no ``--dirty``, no serve), no MkDocs
plugin (a plugin may keep state across pages), the fork start method, two cores or more, and at least
``PORTAL_PARALLEL_FROM`` pages (default 2000; the tests set 1). Otherwise MkDocs' own ``build`` runs.
tests/site/test_speedups.py builds the seed site both ways and compares every file.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time

from generator import search_index
from generator.speedups import speedup

ENGINES = ("mkdocs", "properdocs")
PARALLEL_FROM = int(os.environ.get("PORTAL_PARALLEL_FROM") or 2000)
mk = None  # mkdocs.commands.build (or ProperDocs' own, which it also answers to): set by main()
_original_build = None
_STATE: tuple | None = None  # what forked workers inherit


def workers() -> int:
    return min(os.cpu_count() or 1, int(os.environ.get("PORTAL_MKDOCS_WORKERS") or 4))


def _root_logger() -> logging.Logger:
    """The engine's logger: ``mkdocs``, or ``properdocs`` under ProperDocs."""
    return logging.getLogger(mk.log.name.split(".")[0])


def _terminal_shows_warnings_only() -> None:
    for handler in _root_logger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setLevel(logging.WARNING)


def build(config, *, serve_url: str | None = None, dirty: bool = False) -> None:
    _terminal_shows_warnings_only()
    from mkdocs.structure.files import get_files

    if (not speedup("parallel-mkdocs") or serve_url or dirty or len(config.plugins) or workers() < 2
            or "fork" not in multiprocessing.get_all_start_methods()):
        return _original_build(config, serve_url=serve_url, dirty=dirty)
    files = get_files(config)
    if len(files.documentation_pages()) < PARALLEL_FROM:
        return _original_build(config, serve_url=serve_url, dirty=dirty)
    return _parallel_build(config)


def _parallel_build(config) -> None:
    """MkDocs' ``build`` (mkdocs/commands/build.py, 1.6) with the two page loops split over workers."""
    from mkdocs import utils
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    global _STATE
    log = mk.log
    logger = _root_logger()
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        start = time.monotonic()
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        log.info("Cleaning site directory")
        utils.clean_directory(config.site_dir)
        log.info(f"Building documentation to directory: {config.site_dir}")

        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
        # pages in the nav first, here: other pages' templates show their titles
        in_nav = {id(p.file) for p in nav.pages}
        for file in doc_files:
            if id(file) in in_nav:
                mk._populate_page(file.page, config, files, False)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(dirty=False, inclusion=inclusion)

        if speedup("mkdocs-template-cache"):
            env.auto_reload = False  # the theme's templates do not change during the build
        n = workers()
        _STATE = (config, files, nav, env, doc_files, in_nav)
        try:
            with multiprocessing.get_context("fork").Pool(n) as pool:
                parts = pool.map(_work, [(k, n) for k in range(n)])
        finally:
            _STATE = None

        by_uri = {f.src_uri: f for f in doc_files}
        if index_to := _index_entries_path():
            entries = {}
            for part in parts:
                entries.update(part[2])
            _write_entries(index_to, entries)
        for results, counts, _ in parts:
            for level, count in counts.items():
                warning_counter.counts[level] += count
            for uri, meta, anchors, links, title in results:
                page = by_uri[uri].page
                page.meta = meta
                page.present_anchor_ids = anchors
                page._title_from_render = title
                page.links_to_anchors = {by_uri[t] if t in by_uri else files.get_file_from_path(t): v
                                         for t, v in links.items()} if links is not None else None

        for template in config.theme.static_templates:
            mk._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)

        log_level = config.validation.links.anchors
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=log_level)

        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!")
        raise
    finally:
        logger.removeHandler(warning_counter)


def _work(task: tuple[int, int]):
    """One worker: every n-th page, read, rendered and written; returns what the parent needs of each."""
    from mkdocs import utils

    k, n = task
    config, files, nav, env, doc_files, in_nav = _STATE  # type: ignore[misc]
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    _root_logger().addHandler(counter)
    out = []
    index = {} if _index_entries_path() else None
    for file in doc_files[k::n]:
        page = file.page
        if id(file) not in in_nav:
            mk._populate_page(page, config, files, False)
        mk._build_page(page, config, doc_files, nav, env, False, excluded=file.inclusion.is_excluded())
        links = ({t.src_uri: dict(v) for t, v in page.links_to_anchors.items()}
                 if page.links_to_anchors is not None else None)
        out.append((file.src_uri, page.meta, page.present_anchor_ids, links, page._title_from_render))
        if index is not None and file.dest_uri not in search_index.SKIP and os.path.isfile(file.abs_dest_path):
            with open(file.abs_dest_path, encoding="utf-8") as f:  # the bytes just written, from the page cache
                index[file.dest_uri] = search_index.entry(f.read(), file.dest_uri)
        if id(file) not in in_nav:  # the parent keeps nothing of it but what goes back
            page.content = page.markdown = None
    return out, dict(counter.counts), index or {}


def _index_entries_path() -> str | None:
    """Where the search index's entries go (``PORTAL_INDEX_ENTRIES``, set by ``portal build``), when the
    ``index-in-mkdocs`` speed-up is on."""
    return os.environ.get("PORTAL_INDEX_ENTRIES") if speedup("index-in-mkdocs") else None


def _write_entries(path: str, entries: dict) -> None:
    """The entries for ``generator.search_index.write`` (``known``): a pickle that only ``portal build``
    reads, in the build's temporary folder."""
    import pickle

    with open(path, "wb") as f:
        pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)


def main() -> None:
    """``python -m generator.mkdocs_build [--engine=properdocs] build …``"""
    global mk, _original_build
    engine = "mkdocs"
    if len(sys.argv) > 1 and sys.argv[1].startswith("--engine="):
        engine = sys.argv.pop(1).partition("=")[2]
    if engine not in ENGINES:
        raise SystemExit(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    if engine == "properdocs":
        # ProperDocs (the MkDocs 1.x fork) answers every `mkdocs.*` import from here on, Material's
        # included: this module's code runs unchanged on it.
        import properdocs.replacement  # noqa: F401
        from properdocs.__main__ import cli
    else:
        from mkdocs.__main__ import cli
    import mkdocs.commands.build

    mk = mkdocs.commands.build
    _original_build, mk.build = mk.build, build
    sys.argv[0] = engine
    cli()


if __name__ == "__main__":
    main()
