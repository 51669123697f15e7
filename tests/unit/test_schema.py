"""The JSON Schema editors' VS Code uses is derived from the model and committed: it must not go stale."""

from __future__ import annotations

import json
from pathlib import Path

from generator.schema import SCHEMA_PATH, schema_text

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_matches_the_model():
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "schema/policies.schema.json が古くなっています: `portal schema` を実行してください"


def test_policies_yaml_names_the_schema_on_its_first_line():
    first = (ROOT / "policies.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_PATH}"


def test_schema_rejects_unknown_fields_and_describes_fields_in_japanese():
    schema = json.loads(schema_text())
    project = schema["$defs"]["Project"]
    assert project["additionalProperties"] is False
    assert project["properties"]["purpose"]["description"] == "事業の目的（一文）"
    assert set(project["required"]) == {"id", "name", "purpose"}
