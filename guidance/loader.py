"""Load YAML records safely, keeping the line of every key and list item.

Every problem is reported as ``Problem(file, line, field, message)`` and
printed as ``myths/vat.yml:14: examples[2].place: must not be empty``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

MAX_BYTES = 256 * 1024  # a record is a page of text; anything larger is a mistake

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{field} {self.message}"


class LoadError(Exception):
    """Raised with every problem found in one file."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def field_path(loc: Loc) -> str:
    """('examples', 2, 'place') -> 'examples[2].place'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Located:
    """A parsed YAML document with the line of each path inside it."""

    file: str
    data: Any
    lines: dict[Loc, int]

    def line(self, loc: Loc) -> int:
        """The line of the deepest part of ``loc`` that exists in the file."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so the schema reports a bad date with its line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _index(node: yaml.Node, path: Loc, lines: dict[Loc, int], file: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadError([Problem(file, key_node.start_mark.line + 1, field_path(path), "keys must be plain words")])
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise LoadError(
                    [Problem(file, line, field_path(path + (key,)), f"duplicate key (first on line {seen[key]})")]
                )
            seen[key] = line
            lines[path + (key,)] = line
            _index(value_node, path + (key,), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _index(item, path + (i,), lines, file)


def parse(path: Path, display: str) -> Located:
    """Read one YAML file: UTF-8, no anchors or aliases, no duplicate keys."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise LoadError([Problem(display, 1, "", f"file is larger than {MAX_BYTES // 1024} KiB")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise LoadError(
            [Problem(display, line, "", f"file is not UTF-8 (byte {raw[err.start]:#04x}); save it as UTF-8")]
        ) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise LoadError([Problem(display, 1, "", "file is empty")])
    try:
        # Anchors and aliases are refused before anything is built, so a
        # "billion laughs" file costs no memory.
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise LoadError(
                    [Problem(display, event.start_mark.line + 1, "", "YAML anchors and aliases (& and *) are not allowed")]
                )
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise LoadError([Problem(display, line, "", f"YAML syntax error: {err.problem or err}")]) from None
    if node is None:
        raise LoadError([Problem(display, 1, "", "file is empty")])
    lines: dict[Loc, int] = {(): node.start_mark.line + 1}
    _index(node, (), lines, display)
    try:
        data = _Loader(text).construct_document(node)
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        raise LoadError([Problem(display, mark.line + 1 if mark else 1, "", f"YAML error: {err.problem}")]) from None
    return Located(display, data, lines)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see the schema for allowed fields)"
    msg = error["msg"]
    return msg.removeprefix("Value error, ")


def validate(located: Located, model: type[M], loc_prefix: Loc = ()) -> M:
    """Validate ``located.data`` (or the part at ``loc_prefix``) against ``model``."""
    data = located.data
    for part in loc_prefix:
        data = data[part]
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            loc = loc_prefix + tuple(p for p in e["loc"] if isinstance(p, (str, int)))
            problems.append(Problem(located.file, located.line(loc), field_path(loc), _message(e)))
        raise LoadError(sorted(set(problems))) from None


def load(path: Path, model: type[M], display: str) -> tuple[M, Located]:
    located = parse(path, display)
    if not isinstance(located.data, dict):
        raise LoadError([Problem(display, 1, "", f"expected a mapping of fields (key: value), found {type(located.data).__name__}")])
    return validate(located, model), located
