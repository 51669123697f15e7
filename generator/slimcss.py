"""Only the CSS the site uses: a step of ``portal build`` after MkDocs and before the search index.

Material's style sheet (about 138 KB, 23 KB gzip) styles every feature Material has; this site uses a
fifth of it. ``slim_css.mjs`` (beside this file) runs PurgeCSS over the built site — every page's
markup and the site's own scripts, so classes that JavaScript adds are kept — then lightningcss
minifies the result, and every page links that one file instead of Material's main and palette
sheets and the project's extra_css. Last, terser minifies the site's own scripts (drawer.js, search.js,
search-engine.js: about 35 % less to download on the search page). The tools come from npm, pinned in package.json and
package-lock.json (``npm ci``). The preview (``portal serve``) keeps the full style sheets, and so does
a build with ``PORTAL_SLIM_CSS=0`` (the "before" column of bench/weight.py).

Why PurgeCSS: it is the well-kept tool for exactly this (Tailwind and Bootstrap document it);
lightningcss alone only minifies and would keep every unused rule. The page markup is read by a small
extractor in slim_css.mjs rather than PurgeCSS's default (a regular expression over the whole file),
which cuts ``href="tel:…"`` into words and so dropped ``a[href^="tel:"]`` (the 44 px tap target of a
phone number), and rather than purgecss-from-html, whose full HTML parse of 12,000 pages costs
more than the rest of the step.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import interrupt
from .project import Project

SCRIPT = Path(__file__).with_name("slim_css.mjs")
TOOL_ROOT = Path(__file__).resolve().parents[1]
NEEDS = ("purgecss", "lightningcss", "terser")


class Missing(Exception):
    """Node.js or the npm packages are not installed (the message says what to run, in Japanese)."""


@dataclass
class Result:
    pages: int
    before: int  # bytes of the style sheets every page linked
    after: int   # bytes of the one sheet that replaces them
    files: list[str]


def node_modules(project: Project) -> Path:
    """The folder with PurgeCSS and lightningcss: the project's own ``node_modules``, else the tool's."""
    for root in (project.root, TOOL_ROOT):
        folder = root / "node_modules"
        if all((folder / name / "package.json").is_file() for name in NEEDS):
            return folder
    raise Missing("CSS とスクリプトを小さくする道具（npm の purgecss、lightningcss、terser）が見つかりません。"
                  "プロジェクトのフォルダで `npm ci`（または `make site`）を実行してから、もう一度ビルドしてください。")


def slim(project: Project, site: Path) -> Result:
    """Cut the style sheets of the built ``site`` (a temporary folder) to what its pages use."""
    return finish(start(project, site))


@dataclass
class Running:
    proc: subprocess.Popen
    out: object
    err: object


def start(project: Project, site: Path) -> Running:
    """:func:`slim`, started: the caller may do other work (not on the site's pages and style sheets)
    until :func:`finish`, and must :func:`stop` it when that work fails."""
    node = shutil.which("node")
    if not node:
        raise Missing("Node.js（node コマンド）が見つかりません。CSS を減らす手順に必要です（Node.js 20 以上を入れてください）。")
    modules = node_modules(project)
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    try:
        proc = interrupt.start([node, str(SCRIPT), str(site), str(modules)], stdout=out, stderr=err, cwd=project.root)
    except BaseException:
        out.close()
        err.close()
        raise
    return Running(proc, out, err)


def stop(running: Running) -> None:
    interrupt.stop(running.proc)
    running.out.close()
    running.err.close()


def finish(running: Running) -> Result:
    try:
        try:
            rc = running.proc.wait()
        except BaseException:
            interrupt.stop(running.proc)
            raise
        running.out.seek(0)
        running.err.seek(0)
        text = running.out.read().decode("utf-8", "replace")
        problem = running.err.read().decode("utf-8", "replace")
    finally:
        running.out.close()
        running.err.close()
    if rc:
        raise RuntimeError(problem.strip()[-2000:] or f"node の終了コード {rc}")
    report = json.loads(text.strip().splitlines()[-1])
    bundles = report["bundles"]
    return Result(report["pages"], sum(b["before"] for b in bundles), sum(b["after"] for b in bundles),
                  [b["file"] for b in bundles])
