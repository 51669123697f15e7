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

Three speed-ups cut what MkDocs does for every page (``generator.speedups``): ``md-in-html-tag-sets``
(md_in_html's parser builds its tag-name sets once per page instead of at every tag), ``markdown-reuse`` (one
Python-Markdown object per process, reset between pages, instead of a new one with all its extensions per
page: ``_ReusedMarkdown``) and ``anchor-ids-on-demand`` (the workers skip MkDocs' second ``html.parser`` pass
over each page, which only lists the ``id``s of its raw HTML for the anchor check; the parent makes that
pass, with MkDocs' own code, for the few pages a link points to with an anchor not found otherwise:
``_complete_anchor_ids``).

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
    from mkdocs.structure import pages
    from mkdocs.structure.files import get_files

    if speedup("markdown-reuse") and not isinstance(pages.markdown, _ReusedMarkdown):
        pages.markdown = _ReusedMarkdown(pages.markdown)
    if speedup("md-in-html-tag-sets"):
        _cache_md_in_html_tag_sets()

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
    on_demand = False
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
        on_demand = speedup("anchor-ids-on-demand") and _RAW_HTML_IDS is not None
        if on_demand:  # undone in the finally clause below
            _raw_html_preprocessor().run = _skip_raw_html_ids
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
        if on_demand:
            _complete_anchor_ids(doc_files, config)
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
        if on_demand:
            _raw_html_preprocessor().run = _RAW_HTML_IDS


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


# Python-Markdown extensions whose state between two documents is all cleared by ``Markdown.reset`` (or that
# keep none): with only these, a reset object converts the next page exactly as a new one would.
REUSABLE_EXTENSIONS = frozenset({"markdown.extensions.toc", "markdown.extensions.tables", "markdown.extensions.attr_list",
                                 "markdown.extensions.md_in_html", "markdown.extensions.fenced_code"})


class _ReusedMarkdown:
    """Stands for the ``markdown`` module in ``mkdocs.structure.pages`` (the ``markdown-reuse`` speed-up).

    MkDocs' ``Page.render`` makes ``markdown.Markdown(extensions=…, extension_configs=…)`` for every page
    (loading every extension, building its processors and inline patterns: about a tenth of a page's
    Markdown time), then registers its own four processors, which hold the page, on it. Here the same
    configuration gets the same object back, reset (``Markdown.reset``: the raw-HTML stash, the link
    references and each extension's state); MkDocs' processors of the next page replace the last page's
    (Python-Markdown's registries replace an item of the same name). Only when every extension is in
    ``REUSABLE_EXTENSIONS``; otherwise every page gets a new object, as before. Everything else is the module."""

    def __init__(self, module) -> None:
        self._module = module
        self._last: tuple | None = None  # (extensions, extension_configs, the object or None)

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def Markdown(self, *, extensions, extension_configs):  # noqa: N802 — markdown.Markdown's name
        last = self._last
        if last is not None and last[0] is extensions and last[1] is extension_configs:
            return last[2].reset() if last[2] is not None else self._module.Markdown(
                extensions=extensions, extension_configs=extension_configs)
        md = self._module.Markdown(extensions=extensions, extension_configs=extension_configs)
        reusable = all(type(e).__module__ in REUSABLE_EXTENSIONS for e in md.registeredExtensions)
        self._last = (extensions, extension_configs, md if reusable else None)
        return md


TAG_SETS = ("block_level_tags", "block_tags", "span_and_blocks_tags")


def _cache_md_in_html_tag_sets() -> None:
    """The ``md-in-html-tag-sets`` speed-up. md_in_html's ``HTMLExtractorExtra`` reads its tag sets through
    properties that copy ``md.block_level_elements`` into a new set (``block_tags``: three sets) every time,
    i.e. several times for every tag of every page. A parser reads one page (``HtmlBlockPreprocessor.run``
    makes a new one per page) and nothing changes ``md.block_level_elements`` while it reads, so each
    parser keeps what the property gave it the first time (read-only: callers only test membership and
    copy). Done once per process; nothing is changed if Python-Markdown's class no longer has these
    properties."""
    from markdown.extensions import md_in_html

    cls = md_in_html.HTMLExtractorExtra
    for name in TAG_SETS:
        prop = cls.__dict__.get(name)
        if isinstance(prop, property) and not getattr(prop.fget, "_portal_cached", False):
            setattr(cls, name, property(_kept(name, prop.fget)))


def _kept(name: str, compute):
    key = f"_portal_{name}"

    def get(self):
        try:
            return self.__dict__[key]
        except KeyError:
            value = self.__dict__[key] = frozenset(compute(self))
            return value

    get._portal_cached = True
    get.__doc__ = compute.__doc__
    return get


def _raw_html_preprocessor():
    """MkDocs' (or ProperDocs') preprocessor that lists the ``id``s of a page's raw HTML."""
    from mkdocs.structure import pages  # ProperDocs' own under --engine=properdocs

    return pages._RawHTMLPreprocessor


_RAW_HTML_IDS = None  # MkDocs' own _RawHTMLPreprocessor.run, kept by main()


def _skip_raw_html_ids(self, lines: list[str]) -> list[str]:
    """The ``anchor-ids-on-demand`` speed-up: the page's raw-HTML ids are left out (an empty set); the
    parent finds them when a link needs them (``_complete_anchor_ids``)."""
    return lines


def _complete_anchor_ids(doc_files, config) -> None:
    """Before MkDocs checks the links to anchors: every page that such a link points to, with an anchor
    that its headings (the ids MkDocs took from the rendered page) do not have, gets the ids of its raw HTML
    as MkDocs' own preprocessor finds them, from its source read again. Pages no link needs keep the set
    without them, which nothing else reads (``Page.present_anchor_ids``)."""
    import copy

    import markdown

    done = set()
    for file in doc_files:
        for target, anchors in (file.page.links_to_anchors or {}).items():
            page = target.page
            if page is None or page.present_anchor_ids is None or id(target) in done:
                continue
            if all(anchor in page.present_anchor_ids for anchor in anchors):
                continue
            done.add(id(target))
            source = copy.copy(page)  # read again without touching the page the parent keeps
            source.read_source(config)
            if not source.markdown.strip():  # Markdown.convert runs no preprocessor on a blank page
                continue
            md = markdown.Markdown(extensions=config["markdown_extensions"],
                                   extension_configs=config["mdx_configs"] or {})
            pre = _raw_html_preprocessor()()
            pre.run = _RAW_HTML_IDS.__get__(pre)
            pre._register(md)
            lines = str(source.markdown).split("\n")  # as Markdown.convert runs its preprocessors
            for prep in md.preprocessors:
                lines = prep.run(lines)
                if prep is pre:
                    break
            page.present_anchor_ids = page.present_anchor_ids | pre.present_anchor_ids


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

    global _RAW_HTML_IDS
    mk = mkdocs.commands.build
    _original_build, mk.build = mk.build, build
    _RAW_HTML_IDS = _raw_html_preprocessor().run
    sys.argv[0] = engine
    cli()


if __name__ == "__main__":
    main()
