"""The one place for exceptions: tests/accessibility/allowlist.yaml.

Each entry excuses one rule on one page (or on the pages a glob matches), with a reason::

    - page: /seisaku/xyz/          # URL path in the built site, or a glob: /seisaku/*, *
      rule: color-contrast         # an axe-core rule id, a check id from checks.CHECKS, or a pa11y
                                   # (HTML_CodeSniffer) code such as WCAG2AA.Principle1.Guideline1_1.1_1_1.H37
      reason: 元資料の配色をそのまま再現しているため（issue #12 で対応）

All three keys are required and nothing else is allowed. An excused failure is still reported
(under "allowed", with its reason); it just does not fail the run.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .checks import CHECKS

DEFAULT_ALLOWLIST = Path(__file__).with_name("allowlist.yaml")


class AllowlistError(Exception):
    pass


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    page: str = Field(min_length=1, pattern=r"^(/|\*)\S*$", description="URL path (/seisaku/xyz/) or glob (/seisaku/*, *)")
    rule: str = Field(min_length=1, pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|WCAG2A{1,3}\.Principle\d\.[A-Za-z0-9_.,]+)$",
                      description="axe rule id, check id or pa11y (HTML_CodeSniffer) code")
    reason: str = Field(min_length=1, description="why this is acceptable (and where it is tracked)")

    def matches(self, page: str, rule: str) -> bool:
        return rule == self.rule and (page == self.page or fnmatch.fnmatchcase(page, self.page))


@dataclass
class Allowlist:
    entries: list[Entry]
    source: str = "(none)"

    def match(self, page: str, rule: str) -> Entry | None:
        for e in self.entries:
            if e.matches(page, rule):
                return e
        return None

    def check_rules(self, known_axe_rules: set[str]) -> None:
        """Every rule named must exist (a typo would silently excuse nothing): an axe-core rule id, a check id, or
        a code HTML_CodeSniffer can report, checked against the sniffs in pa11y's own scripts
        (``pa11y_page.unknown_code``)."""
        from . import pa11y_page as PP  # its node bundle is only built when the allowlist names a pa11y code

        unknown, why = [], {}
        for e in self.entries:
            if e.rule in known_axe_rules or e.rule in CHECKS:
                continue
            if e.rule.startswith("WCAG2"):
                try:
                    reason = PP.unknown_code(e.rule)
                except PP.Pa11yPageError as exc:
                    raise AllowlistError(f"{self.source}: cannot check the pa11y code {e.rule!r}: {exc}") from exc
                if reason is None:
                    continue
                why[e.rule] = reason
            unknown.append(e)
        if unknown:
            names = ", ".join(f"{e.rule!r} (page {e.page}{': ' + why[e.rule] if e.rule in why else ''})" for e in unknown)
            raise AllowlistError(
                f"{self.source}: unknown rule {names}: use an axe-core rule id, a pa11y (HTML_CodeSniffer) code or one of "
                f"{', '.join(CHECKS)}"
            )

    def to_json(self) -> list[dict]:
        return [e.model_dump() for e in self.entries]


_ADAPTER = TypeAdapter(list[Entry])


def load_allowlist(path: Path | str | None = DEFAULT_ALLOWLIST) -> Allowlist:
    if path is None:
        return Allowlist([], "(none)")
    path = Path(path)
    if not path.is_file():
        raise AllowlistError(f"allowlist {path} does not exist")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AllowlistError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        data = []
    if not isinstance(data, list):
        raise AllowlistError(f"{path}: must be a YAML list of {{page, rule, reason}} entries (use [] for none)")
    try:
        entries = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            lines.append(f"  entry {loc}: {err['msg']}")
        raise AllowlistError(f"{path}: invalid allowlist entries (each needs page, rule and reason):\n" + "\n".join(lines)) from exc
    for e in entries:
        if not e.reason.strip():
            raise AllowlistError(f"{path}: the entry for {e.rule} on {e.page} has an empty reason")
    return Allowlist(list(entries), str(path))
