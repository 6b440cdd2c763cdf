"""Walking a record's fields: its sentences and its citations, wherever they sit.

Every kind of record is a pydantic model; these functions read any of them the same way, so
no check needs to know a kind's fields.
"""

from __future__ import annotations

from pydantic import BaseModel

from .models import Citation

# Fields that name things (ids, keys, addresses) rather than say things; never searched for terms.
NOT_TEXT = {"id", "key", "section", "law", "related", "changes", "replaced_by", "url", "element", "kind", "setting",
            "myths", "figures", "questions", "framework", "newer", "unit"}


def texts(record: BaseModel, prefix: tuple = ()) -> list[tuple[tuple, str]]:
    """Every sentence-bearing string in a record, with where it is."""
    out: list[tuple[tuple, str]] = []
    if isinstance(record, Citation):
        return out
    if isinstance(record, BaseModel):
        for name in type(record).model_fields:
            if name not in NOT_TEXT:
                out += texts(getattr(record, name), prefix + (name,))
    elif isinstance(record, (list, tuple)):
        for i, item in enumerate(record):
            out += texts(item, prefix + (i,))
    elif isinstance(record, str):
        out.append((prefix, record))
    return out


def citations(record: BaseModel) -> list[Citation]:
    """Every Citation anywhere inside a record."""
    return [cite for _loc, cite in citation_locs(record)]


def citation_locs(record: BaseModel, prefix: tuple = ()) -> list[tuple[tuple, Citation]]:
    """Every Citation inside a record, with where it is."""
    out: list[tuple[tuple, Citation]] = []
    if isinstance(record, Citation):
        return [(prefix, record)]
    if isinstance(record, BaseModel):
        for name in type(record).model_fields:
            out += citation_locs(getattr(record, name), prefix + (name,))
    elif isinstance(record, (list, tuple)):
        for i, item in enumerate(record):
            out += citation_locs(item, prefix + (i,))
    return out
