"""Which pages a run must check, against the last recorded full run (``--changed-only``).

The last recorded full run is ``accessibility/results.json`` (written by ``make a11y-publish`` after
a complete run, and committed): it keeps a SHA-256 of every page's HTML as served (``page_hashes``),
of the site's stylesheets and scripts (``assets_hash``) and of the suite itself (``suite_hash``:
its code, allowlists, axe-core and the validator). A run with ``--changed-only`` then checks, in full
and at both viewports:

* every page whose HTML differs from the recorded one, and every page the record does not have;
* at least one page of every page kind (the top page and the first page of each first URL segment,
  ``/jigyo/``, ``/seisaku/`` …, and ``/404.html``), changed or not;

and keeps the recorded verdict of the other pages (a page that failed then still fails the run).
Everything is checked when the record is missing or from another format, or when the stylesheets,
scripts, the suite, axe-core or the validator changed: then no recorded verdict can stand.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .browser import CHROMIUM
from .site import REPO_ROOT, PageRef

HASH_CHARS = 16  # of a page's SHA-256 (64 bits: enough to see a change; short enough to read in a record)
ASSET_SUFFIXES = (".css", ".js")
SUITE_DIR = Path(__file__).resolve().parent
SUITE_FILES = ("*.py", "*.js", "allowlist.yaml", "html_ignore.yaml", "pa11y-ci.json")


def page_file(site_dir: Path, path: str) -> Path:
    rel = path.lstrip("/")
    return site_dir / rel / "index.html" if path.endswith("/") or not rel else site_dir / rel


def html_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


def page_hashes(site_dir: Path, pages: list[PageRef]) -> dict[str, str]:
    """Each page's HTML as the server sends it (the file's bytes)."""
    out = {}
    for p in pages:
        try:
            out[p.path] = html_hash(page_file(site_dir, p.path).read_bytes())
        except OSError:
            out[p.path] = "unreadable"
    return out


def assets_hash(site_dir: Path) -> str:
    """The site's own stylesheets and scripts (not Pagefind's index: the search page is always checked)."""
    h = hashlib.sha256()
    for f in sorted(site_dir.rglob("*")):
        rel = f.relative_to(site_dir).as_posix()
        if f.is_file() and f.suffix in ASSET_SUFFIXES and not rel.startswith("pagefind/"):
            h.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def suite_hash() -> str:
    """The checks themselves: this suite's code and lists, axe-core, pa11y and HTML_CodeSniffer, the validator, the browser."""
    h = hashlib.sha256()
    try:
        version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        version = "no browser"
    h.update(version.encode("utf-8") + b"\0")
    files = sorted({f for pattern in SUITE_FILES for f in SUITE_DIR.glob(pattern)})
    files += [REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js", REPO_ROOT / "node_modules" / "vnu-jar" / "package.json",
              REPO_ROOT / "node_modules" / "pa11y" / "package.json",
              REPO_ROOT / "node_modules" / "@pa11y" / "html_codesniffer" / "build" / "HTMLCS.js"]
    for f in files:
        try:
            h.update(f.name.encode("utf-8") + b"\0" + hashlib.sha256(f.read_bytes()).digest())
        except OSError:
            h.update(f.name.encode("utf-8") + b"\0missing")
    return h.hexdigest()


def page_kind(path: str) -> str:
    """``/`` for the top page, else the first URL segment (``jigyo``, ``404.html`` …)."""
    return path.strip("/").split("/", 1)[0] or "/"


def kind_representatives(paths) -> list[str]:
    """The first page (in path order) of every page kind."""
    firsts: dict[str, str] = {}
    for p in sorted(paths):
        firsts.setdefault(page_kind(p), p)
    return sorted(firsts.values())


@dataclass
class Plan:
    check: list[PageRef]
    carried: dict[str, dict] = field(default_factory=dict)  # path → {"result": "pass"|"fail", "failed_rules": […]}
    changed: list[str] = field(default_factory=list)
    representatives: list[str] = field(default_factory=list)
    full: bool = True
    reason: str = ""
    hashes: dict[str, str] = field(default_factory=dict)


def load_baseline(path: Path) -> dict | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def recorded_verdicts(baseline: dict) -> dict[str, dict]:
    """Every recorded page's automated verdict: a listed or other failing page failed, the rest passed."""
    out = {p: {"result": "pass", "failed_rules": []} for p in baseline.get("page_hashes", {})}
    for p in [*baseline.get("pages", []), *baseline.get("other_failing_pages", [])]:
        if p.get("automated") == "問題あり" or p.get("failed_rules"):
            out[p["path"]] = {"result": "fail", "failed_rules": p.get("failed_rules", [])}
    return out


def plan(pages: list[PageRef], site_dir: Path, baseline: dict | None) -> Plan:
    hashes = page_hashes(site_dir, pages)
    everything = Plan(check=list(pages), hashes=hashes)
    if baseline is None:
        everything.reason = "no recorded full run (accessibility/results.json): every page is checked"
        return everything
    if not isinstance(baseline.get("page_hashes"), dict):
        everything.reason = "the recorded full run has no page hashes (an older format): every page is checked"
        return everything
    for key, now, what in (
        ("assets_hash", assets_hash(site_dir), "the stylesheets or scripts"),
        ("suite_hash", suite_hash(), "the accessibility suite, axe-core, the validator or the browser"),
    ):
        if baseline.get(key) != now:
            everything.reason = f"{what} changed since the recorded full run: every page is checked"
            return everything
    recorded = baseline["page_hashes"]
    changed = [p.path for p in pages if recorded.get(p.path) != hashes[p.path]]
    reps = kind_representatives(p.path for p in pages)
    wanted = set(changed) | set(reps)
    verdicts = recorded_verdicts(baseline)
    return Plan(
        check=[p for p in pages if p.path in wanted],
        carried={p.path: verdicts[p.path] for p in pages if p.path not in wanted},
        changed=changed, representatives=reps, full=False, hashes=hashes,
        reason=f"{len(changed)} page(s) changed since the recorded full run of {baseline.get('test_date', '?')}; "
               f"{len(set(reps) - set(changed))} more checked as their page kind's representative; "
               f"{len(pages) - len(wanted)} unchanged page(s) keep the recorded verdict",
    )
