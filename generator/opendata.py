"""Open data: the whole corpus as JSON (with its JSON Schema) and one CSV row per 事業.

The files are written into build/docs/data/ beside the generated pages, so MkDocs copies them
into the site unchanged; the page data/index.md (template opendata.md.j2) links to them.
"""

from __future__ import annotations

import csv
import io
import json

from . import model
from .pages import CSV_COLUMNS, Index
from .render import absolute_url
from .schema import data_schema_text

JSON_PATH = "data/policies.json"
SCHEMA_PATH = "data/policies.schema.json"
CSV_PATH = "data/projects.csv"



def _item(item: model.Item) -> str:
    if isinstance(item, str):
        return item
    return item.text + (f"（{item.completed}年度完了）" if item.completed else "")


def corpus_json(corpus: model.Corpus) -> bytes:
    # The search's synonym list configures the site's search; it is not policy data.
    data = corpus.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"search_synonyms"})
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def projects_csv(ix: Index, site_url: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    for pid, project in ix.projects.items():
        policy, measure, ini = ix.parents[pid]
        row = {
            "id": project.id,
            "name": project.name,
            "wards": "各区" if project.wards else "",
            "purpose": project.purpose,
            "progress": "\n".join(_item(i) for i in project.progress),
            "plan_actions": "\n".join(_item(i) for i in project.plan_actions),
            "later": "\n".join(_item(i) for i in project.later),
            "plan": ix.plans[measure.plan].title,
            "policy": ix.title(policy),
            "measure": ix.title(measure),
            "initiative": ix.title(ini),
            "listed_again_in": "\n".join(ix.title(i) for i in ix.listed_in[pid][1:]),
            "url": absolute_url(site_url, ix.path[pid]),
        }
        writer.writerow([row[key] for key, _ in CSV_COLUMNS])
    # UTF-8 with BOM: Excel then opens the Japanese text correctly.
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")


def files(ix: Index, site_url: str) -> dict[str, bytes]:
    return {
        JSON_PATH: corpus_json(ix.corpus),
        SCHEMA_PATH: data_schema_text().encode("utf-8"),
        CSV_PATH: projects_csv(ix, site_url),
    }
