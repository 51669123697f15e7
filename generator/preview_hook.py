"""The MkDocs hook that only ``portal serve`` loads (``hooks=[this file]``); ``portal build`` never does.

While the corpus has an error, ``portal serve`` keeps the last good pages and writes the problems to
``build/preview/errors.json`` (outside MkDocs' docs_dir, so the generated Markdown never holds them). That
folder is watched: each write makes MkDocs rebuild (a dirty build rewrites no page) and its live reload
reloads every open page. This hook

* adds to every page it builds a stylesheet and a small script (``portal-preview/notice.js``), and
* copies the current ``errors.json`` into the served site after every build;

the script reads ``errors.json`` when the page loads and, if there are errors, puts a notice at the top of
the page (role=alert, focusable) with each ``file:line:col`` and message. After the next good save the file
holds no errors, the page reloads and shows no notice.

The notice is added by the tool, not by the project's theme (which ``portal init`` copies into each project),
so every project's preview gets it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

FOLDER = "portal-preview"  # in the served site
HERE = Path(__file__).resolve().parent
ASSETS = ("preview_notice.js", "preview_notice.css")


def errors_file(project_root: Path) -> Path:
    """Where ``portal serve`` writes the current problems (``{"errors": [...]}``)."""
    return project_root / "build" / "preview" / "errors.json"


def _base(config) -> str:
    return urlsplit(config.site_url or "/").path.rstrip("/") + "/" + FOLDER + "/"


def on_post_page(output: str, page, config) -> str:
    base = _base(config)
    tags = (f'<link rel="stylesheet" href="{base}preview_notice.css">'
            f'<script src="{base}preview_notice.js" data-errors="{base}errors.json" defer></script>')
    head, sep, rest = output.partition("</head>")
    return head + tags + sep + rest if sep else output


def on_post_build(config) -> None:
    out = Path(config.site_dir) / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        shutil.copyfile(HERE / name, out / name)
    source = errors_file(Path(config.config_file_path).parent)
    try:
        data = source.read_bytes()
        json.loads(data)
    except (OSError, ValueError):
        data = b'{"errors": []}\n'
    (out / "errors.json").write_bytes(data)
