"""``portal guide``: docs/editing-guide.md, generated from the model's field descriptions and the
validator's own message table, so the guide can never drift from what the tools say."""

from __future__ import annotations

import inspect

from pydantic import BaseModel

from . import manual_checks, model
from .messages import MESSAGES
from .render import environment
from .schema import PARTS_DIR

GUIDE_PATH = "docs/editing-guide.md"

_SECTIONS = [
    (model.Corpus, "ファイル全体"), (model.Site, "site（サイト）"), (model.ContactCentre, "contact_centre（総合案内）"),
    (model.Contact, "contacts（お問い合わせ先）"), (model.Plan, "plans（計画期間）"), (model.Policy, "policies（基本政策）"),
    (model.Measure, "measures（基本施策）"), (model.Initiative, "initiatives（主な取組）"), (model.Project, "projects（事業）"),
    (model.ProjectRef, "projects の再掲"), (model.ItemDetail, "取組の項目（完了年度つき）"), (model.Figure, "figures（図）"),
    (model.Link, "links（関連リンク）"), (model.PageMeta, "page（公開日・更新日・コンテンツ番号）"), (model.Topic, "topics（話題）"),
    (model.Statement, "statements（施政方針）"), (model.StatementSection, "sections（施政方針の節）"),
    (model.Paragraph, "paragraphs（施政方針の段落）"), (model.ProgressReport, "progress_reports（推進プラン）"),
    (model.ProgressArea, "areas（推進プランの分野）"), (model.ProgressItem, "items（推進プランの取組）"),
    (model.Part, "- file:（別のファイルを読み込む）"),
    (model.AccessibilityPolicy, "accessibility（ウェブアクセシビリティ方針）"),
    (model.AccessibilityException, "exceptions（方針の例外事項）"),
    (manual_checks.ManualChecks, "accessibility/manual-checks.yaml（人による確認の記録。portal a11y-checklist がひな形を表示します）"),
    (manual_checks.ManualCheck, "checks（確認の記録1件）"),
    (model.Synonym, "search_synonyms（検索の同じ意味の言葉）"), (model.Part, "- file:（別のファイルを読み込む）"),
]


def _fields(cls: type[BaseModel]) -> list[tuple[str, bool, str]]:
    return [(info.alias or name, info.is_required(), info.description or "") for name, info in cls.model_fields.items()]


def guide_text() -> str:
    models = [{"title": title, "doc": inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0] if cls.__doc__ and cls.__doc__ != BaseModel.__doc__ else "",
               "fields": _fields(cls)} for cls, title in _SECTIONS]
    parts = []
    for owner, key, items in model.part_lists():
        cls = next(c for c in items if issubclass(c, model.Record))
        where = "ファイルの最上位" if owner is model.Corpus else f"{owner.label}の中"
        parts.append({"key": key, "label": cls.label, "where": where, "schema": f"{PARTS_DIR}/{cls.kind}.schema.json"})
    template = environment().get_template("guide/editing-guide.md.j2")
    return template.render(models=models, messages=list(MESSAGES.items()), parts=parts).rstrip("\n") + "\n"


def write(root) -> bool:
    path = root / GUIDE_PATH
    text = guide_text()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
