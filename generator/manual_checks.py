"""accessibility/manual-checks.yaml: what a person checked, per JIS X 8341-3:2016 success criterion.

Automatic checks test part of some criteria; whether a page meets a criterion is a person's judgement
(WAIC's JIS X 8341-3:2016 試験実施ガイドライン). City staff record each check here, and the 試験結果
page is built from these records and the last automatic run (``generator.a11y_results``):

.. code-block:: yaml

    version: 1
    checks:
    - criterion: 1.3.3              # 達成基準の番号
      date: 2027-01-15              # 確認した日
      role: 情報管理課 ウェブ担当    # 確認した人の役割（名前は書かない）
      applicable: あり              # あり / なし（対象となる内容がページにあるか）
      result: 適合                  # 適合 / 不適合
      pages:                        # 確かめたページ → その時のページの HTML の指紋（portal a11y-checklist が表示する）
        /: "3f2a9c1b7d4e6a80"
      failed_pages: []              # 不適合のとき: pages のうち満たしていなかったページ
      note: 気づいたこと            # 任意

The file is read like the corpus (``generator.loader``: every node's line and column) and checked with
the same messages (``generator.validate.validate_other``), plus the checks across fields below. This
module belongs to the corpus layer: it imports ``loader``, ``messages``, ``model`` and ``validate`` only.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from . import model
from .a11y_criteria import BY_ID
from .loader import Loaded, load_file
from .messages import Problem, problem
from .validate import validate_other

RECORDS_PATH = "accessibility/manual-checks.yaml"
HASH_PATTERN = r"^[0-9a-f]{16}$"

PagePath = Annotated[str, Field(pattern=r"^/", description="ページのアドレス（サイトの中の /seisaku/ のような形）")]
PageHash = Annotated[str, Field(pattern=HASH_PATTERN, description="確認した時のページの HTML の指紋（16 桁）")]


class ManualCheck(model.Strict):
    """人による確認の記録1件（1つの達成基準を、試験結果に載せるページで確かめた結果）。"""

    label: ClassVar[str] = "達成基準"
    key_field: ClassVar[str] = "criterion"  # messages name a record by its criterion (validate.describe)
    criterion: str = Field(pattern=r"^\d\.\d\.\d+$", description="達成基準の番号（例: 1.3.3）")
    date: _dt.date = Field(description="確認した日（YYYY-MM-DD）")
    role: model.Text = Field(description="確認した人の役割（例: 情報管理課のウェブ担当職員）。名前は書きません")
    applicable: Literal["あり", "なし"] = Field(description="対象となる内容がページにあるか（あり / なし）")
    result: Literal["適合", "不適合"] = Field(description="結果（適合 / 不適合）。適用が「なし」なら適合")
    pages: dict[PagePath, PageHash] = Field(
        min_length=1, description="確かめたページと、その時のページの HTML の指紋（portal a11y-checklist が表示します）"
    )
    failed_pages: list[PagePath] = Field(default_factory=list, description="不適合のとき: 満たしていなかったページ")
    note: model.Text | None = Field(None, description="気づいたこと・直すこと（任意）")


class ManualChecks(model.Strict):
    """人による確認の記録（accessibility/manual-checks.yaml）。"""

    version: model.Version
    checks: list[ManualCheck] = Field(default_factory=list, description="確認の記録（まだ確認していなければ []）")


@dataclass
class Records:
    checks: list[ManualCheck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    exists: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    def latest(self) -> dict[str, ManualCheck]:
        """The newest record of each criterion (the later one in the file on the same day)."""
        out: dict[str, ManualCheck] = {}
        for c in self.checks:
            if c.criterion not in out or c.date >= out[c.criterion].date:
                out[c.criterion] = c
        return out


def load(path: Path, filename: str = RECORDS_PATH, today: _dt.date | None = None) -> Records:
    """The records in ``path`` and every problem with them; a missing file is no record at all."""
    path = Path(path)
    if not path.exists():
        return Records(exists=False)
    loaded = load_file(path, filename)
    data, problems = validate_other(loaded, filename, ManualChecks, RECORDS_PATH)
    problems += _across(loaded, filename, today or _dt.date.today())
    problems = sorted(set(problems))
    if problems or data is None:
        return Records(problems=problems)
    return Records(checks=list(data.checks))


def _across(loaded: Loaded, filename: str, today: _dt.date) -> list[Problem]:
    """Checks across the fields of a record (on the raw data, so they run even when others failed)."""
    out: list[Problem] = []
    data = loaded.data if isinstance(loaded.data, dict) else {}
    checks = data.get("checks")
    for i, rec in enumerate(checks if isinstance(checks, list) else []):
        if not isinstance(rec, dict):
            continue
        here = ("checks", i)

        def add(code: str, key: str, **fields: object) -> None:
            out.append(problem(filename, *loaded.position(here + (key,)), code, **fields))

        crit = rec.get("criterion")
        if isinstance(crit, str) and crit not in BY_ID:
            close = difflib.get_close_matches(crit, list(BY_ID), n=1, cutoff=0.6)
            add("mc-unknown-criterion", "criterion", value=crit, suggestion=f"（もしかして「{close[0]}」？）" if close else "")
        result, failed, pages = rec.get("result"), rec.get("failed_pages"), rec.get("pages")
        if rec.get("applicable") == "なし" and result == "不適合":
            add("mc-not-applicable-result", "result", value=result)
        if result == "不適合" and not failed:
            add("mc-failed-pages-missing", "result")
        if result == "適合" and isinstance(failed, list) and failed:
            add("mc-failed-pages-on-pass", "failed_pages")
        if isinstance(failed, list) and isinstance(pages, dict):
            for j, p in enumerate(failed):
                if isinstance(p, str) and p not in pages:
                    out.append(problem(filename, *loaded.position(here + ("failed_pages", j)), "mc-failed-page-not-checked", value=p))
        date = rec.get("date")
        try:
            day = _dt.date.fromisoformat(date) if isinstance(date, str) else None
        except ValueError:
            day = None  # the model reports it
        if day is not None and day > today:
            add("mc-future-date", "date", value=date, today=today.isoformat())
    return out
