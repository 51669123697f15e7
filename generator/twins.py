"""Machine-readable twins: every generated page also exists as JSON at its URL + ``index.json``
(like GOV.UK's content API): id, title, kind, parents, children, dates, contact and the record."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from . import model
from .pages import Index, Page
from .render import absolute_url


def _link(ix: Index, record: Any, site_url: str) -> dict[str, str]:
    return {"id": record.id, "title": ix.title(record), "url": absolute_url(site_url, ix.path[record.id].split("#")[0])}


def _own_fields(record: BaseModel) -> dict[str, Any]:
    """The record without the records nested in it (those are listed as children)."""
    nested = {name for name in type(record).model_fields
              if isinstance(getattr(record, name), list) and any(isinstance(v, model.Record) for v in getattr(record, name))}
    return record.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=nested)


def twin(ix: Index, page: Page, site_url: str) -> dict[str, Any]:
    record = page.record
    data: dict[str, Any] = {
        "url": absolute_url(site_url, page.path),
        "title": page.title,
        "description": page.description,
        "parents": [{"title": title, "url": absolute_url(site_url, path)} for title, path in page.breadcrumb],
    }
    if record is None:
        return data
    meta = getattr(record, "page", None)
    contact = ix.contact_for(record)
    lists = [getattr(record, name) for name in type(record).model_fields if isinstance(getattr(record, name), list)]
    children = [c for values in lists for c in values if isinstance(c, model.Record) and c.id in ix.path]
    data.update({
        "id": record.id,
        "kind": type(record).kind,
        "kind_label": type(record).label,
        "published": meta.published.isoformat() if meta and meta.published else None,
        "updated": meta.updated.isoformat() if meta and meta.updated else None,
        "content_number": meta.content_number if meta else None,
        "contact": contact.model_dump(mode="json", exclude_none=True) if contact else None,
        "children": [_link(ix, c, site_url) for c in children],
        "record": _own_fields(record),
    })
    if isinstance(record, model.Project):
        data["listed_in"] = [_link(ix, i, site_url) for i in ix.listed_in[record.id]]
    return data


def page_file(ix: Index, page: Page, site_url: str) -> tuple[str, bytes]:
    """(path, bytes) of one page's twin."""
    return page.twin, (json.dumps(twin(ix, page, site_url), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
