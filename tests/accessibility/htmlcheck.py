"""HTML validity (WCAG 4.1.1 構文解析) with the Nu Html Checker, offline.

The checker is ``vnu.jar`` from the npm package ``vnu-jar`` (pinned in package.json, ``npm ci``),
run with the system Java (17+, Debian's openjdk-17-jre-headless) ONCE per run over every document
collected during the scan:

* ``served``: the HTML exactly as the server sent it;
* ``dom``: the document after its scripts ran (the doctype + ``document.documentElement.outerHTML``);
* ``dom-search-results``: the same on a search page after a query was typed and results are shown.

Which messages count (the one place that decides it):

* ``error`` messages fail the page (all subtypes, ``fatal`` included);
* warnings (``info`` with subtype ``warning``) fail the page as well: they are the checker's
  "probably a mistake" class (obsolete or redundant markup, suspicious ARIA, a language that does not
  match ``lang`` …) and the site has none today;
* plain ``info`` messages (no subtype, e.g. "Trailing slash on void elements has no effect") never
  fail: they describe harmless style choices, and are kept in the report;
* a message that matches an entry of ``html_ignore.yaml`` (message text exactly, the offending
  source by a regular expression, optionally only some document kinds) is ignored but still
  reported, with the entry's reason. Every entry must match something in a complete run, or the
  report lists it as unused.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from .browser import evaluate
from .site import REPO_ROOT

VNU_JAR = Path(os.environ.get("PORTAL_VNU_JAR") or REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
JAVA = os.environ.get("PORTAL_JAVA") or shutil.which("java") or "/usr/bin/java"
DEFAULT_IGNORE = Path(__file__).with_name("html_ignore.yaml")
DOC_KINDS = {
    "served": "served HTML",
    "dom": "DOM after scripts",
    "dom-search-results": "DOM after scripts, search results shown",
}
TIMEOUT = 600


class HtmlCheckError(Exception):
    """The validator cannot run (no Java, no vnu.jar, a crash): every page it should check fails."""


# --------------------------------------------------------------------------- the ignore list


class IgnoreEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    message: str = Field(min_length=1, description="the checker's message, exactly")
    source: str = Field(min_length=1, description="regular expression the offending source (the highlighted extract) must match in full")
    documents: tuple[str, ...] = Field(default=tuple(DOC_KINDS), description="document kinds it applies to")
    reason: str = Field(min_length=1)

    @field_validator("source")
    @classmethod
    def _regex(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return v

    @field_validator("documents")
    @classmethod
    def _kinds(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [k for k in v if k not in DOC_KINDS]
        if bad or not v:
            raise ValueError(f"documents must be some of {', '.join(DOC_KINDS)}")
        return v

    def matches(self, msg: "Message") -> bool:
        return msg.kind in self.documents and msg.text == self.message and re.fullmatch(self.source, msg.source, re.S) is not None

    def describe(self) -> str:
        return f"{self.message} [{self.source}]"


_ADAPTER = TypeAdapter(list[IgnoreEntry])


def load_ignore(path: Path | str | None = DEFAULT_IGNORE) -> list[IgnoreEntry]:
    if path is None:
        return []
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise HtmlCheckError(f"{path}: cannot read the validator ignore list: {exc}") from exc
    if not isinstance(data, list):
        raise HtmlCheckError(f"{path}: must be a YAML list of {{message, source, reason}} entries")
    try:
        entries = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        lines = [f"  entry {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise HtmlCheckError(f"{path}: invalid entries:\n" + "\n".join(lines)) from exc
    for e in entries:
        if not e.reason.strip():
            raise HtmlCheckError(f"{path}: the entry for {e.message!r} has an empty reason")
    return list(entries)


# --------------------------------------------------------------------------- messages


@dataclass
class Message:
    page: str
    kind: str  # served | dom | dom-search-results
    type: str  # error | warning | info
    text: str
    line: int | None
    column: int | None
    source: str  # the highlighted part of the extract (the offending markup)
    extract: str
    ignored_by: IgnoreEntry | None = None

    @property
    def fails(self) -> bool:
        return self.type in ("error", "warning") and self.ignored_by is None

    def node(self) -> dict:
        where = DOC_KINDS.get(self.kind, self.kind) + (f", line {self.line}" if self.line else "") + (f":{self.column}" if self.column else "")
        return {"target": [where], "html": self.source or self.extract.strip(), "summary": f"{self.type}: {self.text}"}

    def to_json(self) -> dict:
        d = {"kind": self.kind, "type": self.type, "message": self.text, "line": self.line, "column": self.column, "source": self.source}
        if self.ignored_by is not None:
            d["ignored"] = self.ignored_by.reason
        return d


@dataclass
class Validation:
    """The outcome of one validator run over many pages."""

    messages: dict[str, list[Message]] = field(default_factory=dict)  # page → messages
    seconds: float = 0.0
    documents: int = 0
    used_ignores: set[IgnoreEntry] = field(default_factory=set)


def vnu_version() -> str | None:
    try:
        return json.loads((VNU_JAR.parents[2] / "package.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, IndexError):
        return None


def _doc_name(page: str, kind: str) -> str:
    slug = urllib.parse.quote(page.strip("/") or "index", safe="").replace("%", "_")
    return f"{kind}/{slug}.html"


def _file_of(url: str) -> str:
    """``file:/tmp/x/a.html`` (as vnu writes it) → ``/tmp/x/a.html``."""
    return str(Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).resolve()) if url else ""


# How the checker's JVM runs (they change its speed, never what it says). One run checks a batch of documents and
# ends: Java's optimising compiler (C2) and the parallel garbage collector's threads cost more CPU over such a run
# than they save. C1 only (-XX:TieredStopAtLevel=1) and the serial collector: 300 documents in about 3.2 CPU-s
# instead of about 8–10 (issue #14 section 2, measured on this machine under load; the same JSON out). C1's frames
# are larger, and the checker's schema recursion needs more than 1 MB of stack with them (it stops with a
# StackOverflowError at 1 MB): 8 MB.
JVM_OPTIONS = ("-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def validate(documents: dict[str, dict[str, str | bytes]], ignore: list[IgnoreEntry]) -> Validation:
    """``documents``: page path → {kind: the document (bytes exactly as served, or text)}.
    One Java process checks all of them."""
    if not shutil.which(JAVA):
        raise HtmlCheckError(f"java not found ({JAVA}): install Debian's openjdk-17-jre-headless")
    if not VNU_JAR.is_file():
        raise HtmlCheckError(f"the Nu Html Checker is not at {VNU_JAR}: run `npm ci` (vnu-jar is pinned in package.json)")
    t0 = time.time()
    out = Validation()
    with tempfile.TemporaryDirectory(prefix="a11y-vnu-") as tmp:
        root = Path(tmp).resolve()
        where: dict[str, tuple[str, str]] = {}
        for page, docs in documents.items():
            out.messages.setdefault(page, [])
            for kind, doc in docs.items():
                f = root / _doc_name(page, kind)
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_bytes(doc if isinstance(doc, bytes) else doc.encode("utf-8"))
                where[str(f)] = (page, kind)
        out.documents = len(where)
        if not where:
            return out
        cmd = [JAVA, *JVM_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *sorted(where)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise HtmlCheckError(f"the Nu Html Checker did not run: {exc}") from exc
        try:
            data = json.loads(proc.stdout)
        except ValueError as exc:
            raise HtmlCheckError(
                f"the Nu Html Checker printed no JSON (exit {proc.returncode}): {(proc.stderr or proc.stdout)[-500:]}"
            ) from exc
        for m in data.get("messages", []):
            key = where.get(_file_of(m.get("url") or ""))
            if m.get("type") == "non-document-error" or key is None:
                raise HtmlCheckError(f"the Nu Html Checker could not check {m.get('url') or 'a document'}: {m.get('message')}")
            page, kind = key
            typ = "warning" if m.get("type") == "info" and m.get("subType") == "warning" else m.get("type", "error")
            extract = m.get("extract") or ""
            start, length = m.get("hiliteStart"), m.get("hiliteLength")
            source = extract[start : start + length] if isinstance(start, int) and isinstance(length, int) else extract
            msg = Message(page, kind, typ, m.get("message", ""), m.get("lastLine"), m.get("firstColumn"), source.strip(), extract)
            for entry in ignore:
                if entry.matches(msg):
                    msg.ignored_by = entry
                    out.used_ignores.add(entry)
                    break
            out.messages[page].append(msg)
    out.seconds = time.time() - t0
    return out


# --------------------------------------------------------------------------- collecting documents

DOM_JS = r"""
var dt = document.doctype, head = '';
if (dt) {
  head = '<!DOCTYPE ' + dt.name + (dt.publicId ? ' PUBLIC "' + dt.publicId + '"' : '')
       + (!dt.publicId && dt.systemId ? ' SYSTEM' : '') + (dt.systemId ? ' "' + dt.systemId + '"' : '') + '>\n';
}
return head + document.documentElement.outerHTML;
"""


def dom_html(driver) -> str:
    """The current DOM as a document: its doctype (if it has one) and the serialised <html>."""
    return evaluate(driver, DOM_JS)


def served_html(url: str) -> bytes:
    """The page's bytes exactly as the server sends them (no proxy: the server is local)."""
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as resp:  # noqa: S310 - the server under test
        return resp.read()
