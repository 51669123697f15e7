"""The JSON Schemas derived from the model (never edited by hand).

* ``schema/policies.schema.json`` — what editors' VS Code uses for ``policies.yaml`` (its first line names
  it): the corpus, where each list marked ``model.PARTS`` also takes a ``- file: …`` item (``model.Part``);
* ``schema/parts/<kind>.schema.json`` — one per kind of record a part file can hold (``policy``,
  ``statement`` …): one record or a list of them. It refers to the main schema's ``$defs`` (a relative
  ``$ref``, which VS Code's YAML extension resolves from the schema file's own place), so the two
  cannot disagree;
* :func:`data_schema_text` — the assembled corpus, as published beside the open data (``policies.json``
  never holds a ``file:`` item).

``portal schema`` writes the first two kinds; ``portal schema --check`` fails when one is stale.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from . import model
from .model import Corpus

SCHEMA_PATH = "schema/policies.schema.json"
PARTS_DIR = "schema/parts"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _dump(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def data_schema_text() -> str:
    """The schema of the corpus as one tree (the open data's ``policies.json``)."""
    return _dump({"$schema": _DRAFT, **Corpus.model_json_schema()})


def _editor_schema() -> dict:
    schema = {"$schema": _DRAFT, **Corpus.model_json_schema()}
    part = model.Part.model_json_schema()
    schema["$defs"]["Part"] = part
    for owner, key, _ in model.part_lists():
        holder = schema if owner is Corpus else schema["$defs"][owner.__name__]
        prop = holder["properties"][key]
        items = prop["items"]
        ref = {"$ref": "#/$defs/Part"}
        if isinstance(items.get("oneOf"), list) and len(items) == 1:
            prop["items"] = {"oneOf": [*items["oneOf"], ref]}
        else:
            prop["items"] = {"anyOf": [items, ref]}
    return schema


def schema_text() -> str:
    """``schema/policies.schema.json``: the corpus as editors write it, ``- file:`` items included."""
    return _dump(_editor_schema())


def _kind(items: list[type]) -> type[model.Record]:
    return next(c for c in items if issubclass(c, model.Record))


def part_schemas() -> dict[str, str]:
    """``{path: text}`` of the schema for each kind of part file."""
    main = _editor_schema()
    out = {}
    for owner, key, items in model.part_lists():
        cls = _kind(items)
        holder = main if owner is Corpus else main["$defs"][owner.__name__]
        listed = _rebase(holder["properties"][key]["items"])
        records = [alt for alt in listed.get("oneOf", listed.get("anyOf", [listed])) if not alt.get("$ref", "").endswith("/$defs/Part")]
        schema = {
            "$schema": _DRAFT,
            "title": f"{cls.label}のファイル",
            "description": f"「{key}:」のリストに「- file: …」で読み込むファイル。{cls.label}を1件（項目のまとまり）か、"
                           f"{cls.label}のリスト（- で始まる行。「- file: …」も書けます）を書きます。"
                           f"1行目に「# yaml-language-server: $schema=（このファイルからの相対パス）/{PARTS_DIR}/{cls.kind}.schema.json」と書くと、"
                           "VS Code が項目を確かめます。",
            "anyOf": [*records, {"type": "array", "items": listed}],
        }
        out[f"{PARTS_DIR}/{cls.kind}.schema.json"] = _dump(schema)
    return out


def schema_files() -> dict[str, str]:
    """Every schema file ``portal schema`` writes, by its path in the project."""
    return {SCHEMA_PATH: schema_text(), **part_schemas()}


def _rebase(node: Any) -> Any:
    """A copy of ``node`` whose ``#/$defs/…`` references point into the main schema file."""
    node = copy.deepcopy(node)
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            ref = cur.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                cur["$ref"] = "../policies.schema.json" + ref
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return node
