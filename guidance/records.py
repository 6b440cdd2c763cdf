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
    _texts(record, prefix, out)
    return out


def _texts(value, prefix: tuple, out: list) -> None:
    """:func:`texts`, adding to ``out`` (a string first: most values are)."""
    if isinstance(value, str):
        out.append((prefix, value))
    elif isinstance(value, Citation):
        return
    elif isinstance(value, BaseModel):
        for name in saying_fields(type(value)):
            _texts(getattr(value, name), prefix + (name,), out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _texts(item, prefix + (i,), out)
    elif isinstance(value, dict):  # settings by name, such as local.yml's answers by question id
        for key, item in value.items():
            _texts(item, prefix + (key,), out)


def citations(record: BaseModel) -> list[Citation]:
    """Every Citation anywhere inside a record."""
    return [cite for _loc, cite in citation_locs(record)]


def citation_locs(record: BaseModel, prefix: tuple = ()) -> list[tuple[tuple, Citation]]:
    """Every Citation inside a record, with where it is."""
    out: list[tuple[tuple, Citation]] = []
    _citation_locs(record, prefix, out)
    return out


def _citation_locs(value, prefix: tuple, out: list) -> None:
    """:func:`citation_locs`, adding to ``out``; a string, the commonest value, holds none."""
    if isinstance(value, str):
        return
    if isinstance(value, Citation):
        out.append((prefix, value))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _citation_locs(getattr(value, name), prefix + (name,), out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _citation_locs(item, prefix + (i,), out)
