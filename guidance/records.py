"""Walking a record's fields: its sentences and its citations, wherever they sit.

Every kind of record is a pydantic model; these functions read any of them the same way, so
no check needs to know a kind's fields.
"""

from __future__ import annotations

import functools
import typing

from pydantic import BaseModel

from .models import Citation


@functools.cache
def saying_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that say things. A field whose value must match a pattern (an id,
    a key, a setting's path) or be one of fixed words (a status, a unit) names something
    instead, and is never searched for words."""
    return tuple(name for name, info in model.model_fields.items() if not _names_things(info.annotation, info.metadata))


def _names_things(annotation, metadata=()) -> bool:
    for item in metadata:
        if getattr(item, "pattern", None) or _names_things(None, getattr(item, "metadata", ())):
            return True
    if annotation is None:
        return False
    if typing.get_origin(annotation) is typing.Literal:
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _names_things(base, extra)
    return any(_names_things(arg) for arg in typing.get_args(annotation))


def texts(record: BaseModel, prefix: tuple = ()) -> list[tuple[tuple, str]]:
    """Every sentence-bearing string in a record, with where it is."""
    out: list[tuple[tuple, str]] = []
    if isinstance(record, Citation):
        return out
    if isinstance(record, BaseModel):
        for name in saying_fields(type(record)):
            out += texts(getattr(record, name), prefix + (name,))
    elif isinstance(record, (list, tuple)):
        for i, item in enumerate(record):
            out += texts(item, prefix + (i,))
    elif isinstance(record, dict):  # settings by name, such as local.yml's answers by question id
        for key, item in record.items():
            out += texts(item, prefix + (key,))
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
