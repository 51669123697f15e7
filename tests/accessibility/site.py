"""Serving a built site on 127.0.0.1 and reading its page list from sitemap.xml."""

from __future__ import annotations

import fnmatch
import functools
import os
import threading
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = frozenset({"127.0.0.1"})


class SiteError(Exception):
    """The site to test is missing or unusable (a clear message for the developer)."""


def default_site_dir() -> Path:
    """``$PORTAL_SITE_DIR``, or ``site/`` at the repository root."""
    env = os.environ.get("PORTAL_SITE_DIR")
    if env:
        path = Path(env)
        return path if path.is_absolute() else (REPO_ROOT / path)
    return REPO_ROOT / "site"


# What the project's site/ is built from: a site older than any of these tests old output.
SITE_INPUTS = ("policies.yaml", "mkdocs.yml", "content", "theme", "generator")
SITE_MARK = ".portal-site"  # generator.sitedir.MARK, written by every portal build when it finishes


def _newest(paths) -> tuple[float, Path | None]:
    newest, which = 0.0, None
    for top in paths:
        files = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for f in files:
            if "__pycache__" in f.parts or f.suffix == ".pyc":
                continue
            m = f.stat().st_mtime
            if m > newest:
                newest, which = m, f
    return newest, which


def stale_site(site_dir: Path, project_root: Path = REPO_ROOT) -> str | None:
    """Why the project's own ``site/`` is older than what it is built from (None when it is not, or when
    ``site_dir`` is another folder: a fixture, or a site PORTAL_SITE_DIR names on purpose)."""
    site_dir = Path(site_dir)
    if site_dir.resolve() != (project_root / "site").resolve():
        return None
    mark = site_dir / SITE_MARK
    if not mark.is_file():
        return (f"{site_dir} は portal build が作ったサイトではありません（{SITE_MARK} がありません）。"
                f"make site を実行してください / {site_dir} has no {SITE_MARK} mark: build it with `make site` (portal build)")
    built = mark.stat().st_mtime
    newest, which = _newest(project_root / name for name in SITE_INPUTS)
    if which is None or newest <= built:
        return None
    rel = which.relative_to(project_root).as_posix()
    return (f"{site_dir} は {rel} より古いサイトです（{newest - built:.0f} 秒前のビルド）。古い出力を試験しないよう、"
            f"make site（portal build）を実行してから試験してください / {site_dir} is older than its inputs "
            f"({rel} changed {newest - built:.0f} s after the build): run `make site` (portal build), then test again")


def check_site_dir(site_dir: Path) -> Path:
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise SiteError(
            f"built site not found: {site_dir} does not exist. Build it first (`portal build`), "
            "or point PORTAL_SITE_DIR / --site at a built site directory."
        )
    if not (site_dir / "sitemap.xml").is_file():
        raise SiteError(
            f"{site_dir} has no sitemap.xml: the page list comes from the sitemap "
            "(MkDocs writes it when the site is built; is this a complete build?)."
        )
    why = stale_site(site_dir)
    if why:
        raise SiteError(why)
    return site_dir


# --------------------------------------------------------------------------- server


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def end_headers(self) -> None:
        # Every load must hit the files as built now, never a cached copy of an older build.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class SiteServer:
    """``http.server`` in a daemon thread, on 127.0.0.1 at a free port."""

    def __init__(self, directory: Path):
        self.directory = Path(directory).resolve()
        handler = functools.partial(_QuietHandler, directory=str(self.directory))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="a11y-site-server", daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "SiteServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --------------------------------------------------------------------------- sitemap

_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class PageRef:
    """A page to test: ``path`` is relative to the site root (``/seisaku/xyz/``)."""

    path: str
    source: str  # the <loc> it came from (or the URL given)

    @property
    def id(self) -> str:
        """A pytest-id-friendly name: ``seisaku/xyz/`` (``index`` for the home page)."""
        return self.path.lstrip("/") or "index"


def _locs(xml_text: str, read) -> list[str]:
    root = ET.fromstring(xml_text)
    tag = root.tag.replace(_NS, "")
    if tag == "sitemapindex":  # nested sitemaps
        out: list[str] = []
        for loc in root.iter(f"{_NS}loc"):
            out.extend(_locs(read(loc.text.strip()), read))
        return out
    if tag != "urlset":
        raise SiteError(f"not a sitemap: the root element is <{tag}>")
    return [loc.text.strip() for loc in root.iter(f"{_NS}loc") if loc.text and loc.text.strip()]


def _exists(site_dir: Path, path: str) -> bool:
    rel = urllib.parse.unquote(path).lstrip("/")
    target = site_dir / rel
    if path.endswith("/") or not rel:
        return (target / "index.html").is_file()
    return target.is_file() or (target / "index.html").is_file()


def _base_prefix(site_dir: Path, paths: list[str]) -> str:
    """The part of the site_url path that is not in the built directory (``/portal`` for
    ``https://example.jp/portal/...``): the shortest prefix whose removal maps the locs to files."""
    if not paths:
        return ""
    best_prefix, best_hits = "", -1
    segments = [s for s in paths[0].split("/") if s]
    for n in range(len(segments) + 1):
        prefix = "/" + "/".join(segments[:n]) if n else ""
        if not all(p.startswith(prefix + "/") or p == prefix for p in paths):
            break
        hits = sum(_exists(site_dir, p[len(prefix) :] or "/") for p in paths)
        if hits > best_hits:
            best_prefix, best_hits = prefix, hits
        if hits == len(paths):
            break
    return best_prefix


NOT_FOUND_PAGE = "/404.html"  # MkDocs writes it; not in the sitemap


def pages_from_site(site_dir: Path) -> list[PageRef]:
    """Every <loc> of ``site_dir/sitemap.xml``, rewritten to a path in ``site_dir``, and the site's
    ``404.html`` when it has one (a page every reader of a broken link sees, though no sitemap lists it).

    The host of site_url is dropped (the local server replaces it) and so is any base path of
    site_url that the built directory does not have (``/portal/`` for a project site)."""
    site_dir = check_site_dir(Path(site_dir))

    def read(loc: str) -> str:
        path = urllib.parse.urlsplit(loc).path
        candidates = [site_dir / Path(path).name, site_dir / path.lstrip("/")]
        for c in candidates:
            if c.is_file():
                return c.read_text(encoding="utf-8")
        raise SiteError(f"nested sitemap {loc} not found in {site_dir}")

    locs = _locs((site_dir / "sitemap.xml").read_text(encoding="utf-8"), read)
    if not locs:
        raise SiteError(f"{site_dir / 'sitemap.xml'} lists no pages")
    paths = [urllib.parse.urlsplit(loc).path or "/" for loc in locs]
    prefix = _base_prefix(site_dir, paths)
    pages: list[PageRef] = []
    seen: set[str] = set()
    for loc, path in zip(locs, paths):
        local = path[len(prefix) :] or "/"
        if not local.startswith("/"):
            local = "/" + local
        if local not in seen:
            seen.add(local)
            pages.append(PageRef(local, loc))
    missing = [p.path for p in pages if not _exists(site_dir, p.path)]
    if missing:
        raise SiteError(
            f"sitemap.xml lists pages that are not in {site_dir}: {', '.join(missing[:10])}"
            + (" …" if len(missing) > 10 else "")
        )
    if (site_dir / NOT_FOUND_PAGE.lstrip("/")).is_file() and NOT_FOUND_PAGE not in seen:
        # The page a host sends for a missing address is no sitemap entry, but readers see it: test it too.
        home = next((loc for loc, p in zip(locs, pages) if p.path == "/"), None)
        root = home if home and home.startswith(("http://", "https://")) else prefix + "/"
        pages.append(PageRef(NOT_FOUND_PAGE, urllib.parse.urljoin(root, NOT_FOUND_PAGE.lstrip("/"))))
    return pages


def pages_from_sitemap_arg(spec: str) -> tuple[list[PageRef], str]:
    """``--sitemap``: the URL of a sitemap.xml on a running server, or a local file that is a
    sitemap or a plain list of URLs (one a line, ``#`` comments). Returns the pages (their paths
    on the server) and the server's origin.

    A sitemap fetched from a server lists the public site_url; its pages are looked up beside the
    sitemap instead (``https://example.jp/portal/a/`` in ``http://127.0.0.1:8000/sitemap.xml``
    becomes ``http://127.0.0.1:8000/a/``)."""
    fetched = spec.startswith(("http://", "https://"))
    if fetched:
        with urllib.request.urlopen(spec, timeout=30) as resp:  # noqa: S310 - a developer's own URL
            text = resp.read().decode("utf-8")

        def read(loc: str) -> str:
            with urllib.request.urlopen(urllib.parse.urljoin(spec, urllib.parse.urlsplit(loc).path.rsplit("/", 1)[-1]), timeout=30) as r:  # noqa: S310
                return r.read().decode("utf-8")

    else:
        text = Path(spec).read_text(encoding="utf-8")

        def read(loc: str) -> str:
            raise SiteError(f"nested sitemap {loc}: give the nested file itself")

    is_sitemap = text.lstrip().startswith("<")
    if is_sitemap:
        urls = _locs(text, read)
    else:
        urls = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not urls:
        raise SiteError(f"{spec} lists no pages")
    paths = [urllib.parse.urlsplit(u).path or "/" for u in urls]
    if fetched and is_sitemap:
        parts = urllib.parse.urlsplit(spec)
        origin = f"{parts.scheme}://{parts.netloc}"
        base = parts.path.rsplit("/", 1)[0] + "/"
        prefix = os.path.commonprefix([p if p.endswith("/") else p.rsplit("/", 1)[0] + "/" for p in paths])
        prefix = prefix[: prefix.rfind("/") + 1] or "/"
        paths = [base + p[len(prefix) :] for p in paths]
    else:
        origins = {"{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(u)) for u in urls}
        if len(origins) != 1:
            raise SiteError(f"{spec}: all URLs must be on one origin, found {sorted(origins)}")
        origin = origins.pop()
    pages = [PageRef(path, u) for path, u in zip(paths, urls)]
    return list(dict.fromkeys(pages)), origin


def select_pages(pages: list[PageRef], patterns: list[str] | None) -> list[PageRef]:
    """Keep the pages matching any of ``patterns`` (an exact path, with or without the slashes
    around it, or a glob such as ``/seisaku/*``). A path not in the sitemap is still tested."""
    if not patterns:
        return pages
    out: list[PageRef] = []
    for pat in patterns:
        norm = pat if pat.startswith("/") else "/" + pat
        matched = [p for p in pages if fnmatch.fnmatchcase(p.path, norm) or p.path in (norm, norm + "/")]
        if not matched and not any(ch in pat for ch in "*?["):
            matched = [PageRef(norm, norm)]
        for p in matched:
            if p not in out:
                out.append(p)
    return out
