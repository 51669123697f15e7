"""The JSON Schema that editors' VS Code uses, derived from the model (never edited by hand)."""

from __future__ import annotations

import json

from .model import Corpus

SCHEMA_PATH = "schema/policies.schema.json"


def schema_text() -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Corpus.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
