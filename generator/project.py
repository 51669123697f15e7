"""The project folder a command works on.

Like ``mkdocs`` and ``hugo``, ``portal`` works on the folder it is run in (or the one named with
``-C DIR``), never on the folder it is installed in: the package holds code and templates, the
project holds ``policies.yaml``, ``mkdocs.yml``, ``content/`` and what the build writes. A second
city's project is just another folder.

This module sits at the bottom of the layers (it imports nothing from the package).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

CORPUS_NAME = "policies.yaml"


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, folder: str | Path | None = None) -> "Project":
        """The project in ``folder`` (default: the current directory)."""
        return cls(Path(folder if folder is not None else ".").resolve())

    # --- inputs ------------------------------------------------------------------------

    @property
    def corpus(self) -> Path:
        return self.root / CORPUS_NAME

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def a11y_results(self) -> Path:
        """The published accessibility results (``make a11y-publish`` writes it)."""
        return self.root / "accessibility" / "results.json"

    # --- what the tool writes ------------------------------------------------------------

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def out_dir(self) -> Path:
        """Generated Markdown (MkDocs' docs_dir). Never edited by hand."""
        return self.build_dir / "docs"

    @property
    def twins_dir(self) -> Path:
        """JSON twins: linked into the built site after MkDocs (see ``generator.build``)."""
        return self.build_dir / "twins"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def resolve(self, path: str | Path) -> Path:
        """A path given on the command line, taken from the project folder when relative."""
        path = Path(path)
        return path if path.is_absolute() else self.root / path

    def site_url(self) -> str:
        """``site_url`` from mkdocs.yml (the open data, the feed and report links need absolute URLs)."""
        return _site_url(self.mkdocs_yml)


@functools.lru_cache(maxsize=8)
def _site_url(mkdocs_yml: Path) -> str:
    import yaml

    try:
        config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return "/"
    return str((config or {}).get("site_url") or "/") if isinstance(config, dict) else "/"
