"""Load YAML records safely, keeping the line of every key and list item.

Every problem is reported as ``Problem(file, line, field, message)`` and
printed as ``myths/vat.yml:14: examples[2].place: must not be empty``.
"""

from __future__ import annotations

import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

# Limits on what content may hold. Each keeps checks and builds fast whatever a file says;
# each is far above what real guidance needs, and each is refused with a plain message.
MAX_BYTES = 256 * 1024  # a record is a page of text; anything larger is a mistake
MAX_DEPTH = 20  # records nest a few levels; deeper nesting is a mistake (or an attack on the parser)
MAX_NUMBER_DIGITS = 15  # digits in one number (an order, a year, a figure's value)
MAX_FILES_IN_FOLDER = 2_000  # record files in one content folder
MAX_FILES = 10_000  # record files in all the content folders together
MAX_FIGURES = 20_000  # figures in all the files of figures/ together
MAX_TERM_CHARS = 200  # characters in one of a change's terms

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem (or warning); ``line`` 0 means the problem is with a folder or file as a whole."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        line = f"{self.line}:" if self.line else ""
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{line}{field} {self.message}"


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


class _Unreadable(Exception):
    """A value the YAML constructor could not make, with the line of its node."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class _Constructing:
    """Leaves dates as text, so the schema reports a bad date with its line, and reports a
    value the constructor cannot make (a ValueError deep in a constructor) at its line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError):
            raise _Unreadable(node.start_mark.line + 1) from None


class _Loader(_Constructing, yaml.SafeLoader):
    """The pure-Python SafeLoader: it words every syntax error (see :func:`parse_text`)."""


# The same loader over libyaml (C), many times faster: the same resolvers and constructor.
_FastLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(_Constructing, yaml.CSafeLoader):  # type: ignore[no-redef]
        """CSafeLoader that leaves dates as text (see :class:`_Constructing`)."""


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _loader in (_Loader, _FastLoader):
    if _loader is not None:
        _loader.yaml_implicit_resolvers = _RESOLVERS
# _Loader reads an unquoted 2024-01-01 as text; as a key it is still a date, not a word.
_DATE = next(regexp for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values()
             for tag, regexp in resolvers if tag == _TIMESTAMP)

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
_NOT_REGULAR = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket",
                stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}
# Control characters other than tab and line ends, bidirectional overrides and isolates,
# and a byte order mark anywhere but the start: all invisible, and able to hide or garble text.
_HIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
             "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US").split()


def _refuse(file: str, message: str, line: int = 1) -> LoadError:
    return LoadError([Problem(file, line, "", message)])


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link followed, is inside ``root``."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def _must_be_regular(mode: int, display: str) -> None:
    if not stat.S_ISREG(mode):
        kind = _NOT_REGULAR.get(stat.S_IFMT(mode), "a special file")
        raise _refuse(display, f"is not a regular file ({kind}); content files must be ordinary files")


def read_bytes(path: Path, display: str, root: Path, limit: int = MAX_BYTES) -> bytes:
    """The one gate for every file the build reads or copies: the bytes of ``path``, which must
    be a regular file inside ``root`` (links are followed only while they stay inside it) of at
    most ``limit`` bytes. Anything else is refused at ``display`` with a plain message.

    The file is only stat'ed until it is known to be regular, so a named pipe cannot
    block the build and a device such as /dev/zero cannot fill memory.
    """
    try:
        real = os.path.realpath(path)
        if not Path(real).is_relative_to(os.path.realpath(root)):  # inside(path, root), the path resolved once
            raise _refuse(display, "is a link to a file outside the project; replace it with the file itself")
        _must_be_regular(os.stat(real).st_mode, display)
        fd = os.open(real, _OPEN_FLAGS)
        try:
            _must_be_regular(os.fstat(fd).st_mode, display)  # in case it was swapped since the stat
            chunks: list[bytes] = []
            size = 0
            while size <= limit and (chunk := os.read(fd, limit + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as err:
        raise _refuse(display, f"cannot be read ({err.strerror})") from None
    if size > limit:
        raise _refuse(display, f"file is larger than {_size(limit)}; the limit keeps builds fast and safe")
    return b"".join(chunks)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


def read_text(path: Path, display: str, root: Path, limit: int = MAX_BYTES) -> str:
    """A text file through the gate (:func:`read_bytes`): UTF-8, with no hidden characters."""
    raw = read_bytes(path, display, root, limit)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise _refuse(display, f"file is not UTF-8 (byte {raw[err.start]:#04x}); save it as UTF-8", line) from None
    if match := _HIDDEN_CHARS.search(text):
        raise _refuse(display, f"holds a control character ({_char_name(match.group())}); remove it",
                      _line_at(text, match.start()))
    return text


def _char_name(char: str) -> str:
    code = ord(char)
    name = _C0_NAMES[code] if code < 0x20 else "DEL" if code == 0x7F else unicodedata.name(char, "")
    return f"U+{code:04X} {name}".rstrip()


def _bad_key(node: yaml.Node) -> str | None:
    """Why a mapping key is refused, or None when it is a plain word."""
    if node.tag == "tag:yaml.org,2002:merge":
        return "merge keys (<<) are not allowed; write the fields out"
    if not isinstance(node, yaml.ScalarNode):
        return "keys must be plain words"
    # a plain (unquoted) scalar's style is None from the pure parser and '' from libyaml
    if node.tag != "tag:yaml.org,2002:str" or (not node.style and _DATE.match(node.value)):
        return "keys must be words, not numbers, dates, true/false or null"
    return None


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


def _bad_number(node: yaml.ScalarNode) -> str | None:
    """Why a number written in the file is refused, or None. Checked on the text, before
    the number is made, so a 5,000-digit number cannot stop the loader (Python refuses
    to read an integer of more than 4,300 digits) and infinity cannot reach a page."""
    if node.tag not in (_INT, _FLOAT):
        return None
    written = node.value
    plain = written.lower().replace("_", "")
    if node.tag == _FLOAT and ("inf" in plain or "nan" in plain):
        return (f"{written} is not a number a record can hold (it means infinity or 'not a number'); "
                "write the value in digits, for example 12.5")
    body = plain.lstrip("+-")
    if node.tag == _INT:
        digits = sum(ch.isalnum() for ch in body.removeprefix("0x").removeprefix("0b"))
    else:
        digits = sum(ch.isdigit() for ch in body)
    if digits > MAX_NUMBER_DIGITS:
        return (f"number of {digits:,} digits; a number in a record has at most {MAX_NUMBER_DIGITS} digits, "
                "so check it for a typing mistake")
    if node.tag == _FLOAT and ":" not in plain:  # 1:30.5 is sexagesimal; its digits bound its size
        value = float(plain)
        if not math.isfinite(value) or abs(value) >= 10**MAX_NUMBER_DIGITS:
            return (f"{plain} is too large (at most {MAX_NUMBER_DIGITS} digits before the decimal point); "
                    "write the value in digits, without an exponent")
    return None


def _index(node: yaml.Node, path: Loc, lines: dict[Loc, int], file: str) -> None:
    if isinstance(node, yaml.ScalarNode):
        if message := _bad_number(node):
            raise LoadError([Problem(file, node.start_mark.line + 1, field_path(path), message)])
    elif isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if message := _bad_key(key_node):
                raise LoadError([Problem(file, line, field_path(path), message)])
            key = key_node.value
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


class _PureNeeded(Exception):
    """libyaml would read the text differently from the pure parser: read it with the pure parser."""


def _check_events(text: str, display: str, loader: type = _Loader) -> None:
    """Refuse what the composer would choke on or expand, before anything is built.

    Anchors and aliases ("billion laughs"), tags (their constructors can crash),
    deep nesting (the composer recurses) and a second document.

    With libyaml, also raise :class:`_PureNeeded` at a plain scalar inside [ ] or { } that holds
    a '?': the pure parser ends the scalar there (and stops at a syntax error), libyaml reads on.
    """
    depth = documents = flow = 0
    pure = loader is _Loader
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _refuse(display, "YAML anchors and aliases (& and *) are not allowed", line)
        if getattr(event, "tag", None):
            raise _refuse(display, "YAML tags (! and !!) are not allowed; write the value plainly", line)
        if isinstance(event, yaml.ScalarEvent):
            if flow and not pure and not event.style and "?" in event.value:
                raise _PureNeeded()
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _refuse(display, "holds more than one YAML document (a second ---); keep one record per file", line)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            flow += bool(flow or event.flow_style)  # inside [ ] or { }, every collection is a flow collection
            if depth > MAX_DEPTH:
                raise _refuse(display, f"nested more than {MAX_DEPTH} levels deep", line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            flow -= bool(flow)


def _yaml_error(err: yaml.YAMLError, text: str, display: str) -> LoadError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    position = getattr(err, "position", None)
    line = mark.line + 1 if mark else _line_at(text, position) if position is not None else 1
    detail = getattr(err, "problem", None) or str(err).splitlines()[0]
    hint = next((h for pattern, h in YAML_HINTS if pattern in detail), "")
    return _refuse(display, f"YAML syntax error: {detail}" + (f" ({hint})" if hint else ""), line)


# What the parser's words usually mean for someone editing a content file by hand.
YAML_HINTS = [
    ("mapping values are not allowed here",
     "hint: a colon followed by a space inside a sentence looks like a new field; put the whole "
     "sentence in double quotes, or write >- after the field name and the text on the lines below"),
    ("expected <block end>",
     "hint: this line is not indented like the lines around it; indent every line of a block of "
     "text by the same number of spaces"),
    ("could not find expected ':'",
     "hint: a field name needs a colon after it, and the lines of a text need to be indented under it"),
    ("found character '\\t'",
     "hint: use spaces, not tabs, to indent"),
]


def parse(path: Path, display: str, root: Path | None = None) -> Located:
    """Read one YAML file: a regular file inside ``root`` (default: its folder), UTF-8,
    no hidden characters, anchors, aliases, tags, merge keys or duplicate keys."""
    return parse_text(read_text(path, display, root or path.parent), display)


# Where libyaml reads on but the pure parser stops with a syntax error: a tab between words or
# tokens (libyaml reads it as a space) and a comment straight after a block scalar's | or >
# (|#, >-#). A text that has either, anywhere, is read by the pure parser alone.
_LIBYAML_DIFFERS = re.compile(r"\t|[|>][-+0-9]{0,2}#")
_BLOCK_COMMENT = re.compile(r"[|>][-+0-9]{0,2}#")


def _libyaml_differs(text: str) -> bool:
    """``_LIBYAML_DIFFERS.search(text)``, looking only around each '#' (few in a file): a tab
    is found by ``in``, and a comment after | or > ends at its '#', at most 3 characters on."""
    if "\t" in text:
        return True
    at = text.find("#")
    while at != -1:
        if _BLOCK_COMMENT.search(text, max(at - 3, 0), at + 1):
            return True
        at = text.find("#", at + 1)
    return False


def parse_text(text: str, display: str, first_line: int = 1) -> Located:
    """Parse YAML already read through the gate; ``first_line`` is the file line where
    ``text`` starts (front matter starts on line 2 of its page).

    libyaml reads the text when it is installed. Whenever it finds anything wrong (a syntax
    error, or anything the checks refuse), the pure-Python parser reads the text again, so
    every problem is reported in the same words and at the same line whichever is installed.
    """
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _refuse(display, "file is empty", first_line)
    if first_line > 1:  # blank lines keep every mark on its line in the whole file
        text = "\n" * (first_line - 1) + text
    if _FastLoader is not None and not _libyaml_differs(text):
        try:
            return _parse_events(text, display)
        except Exception:  # noqa: BLE001 - whatever it is, the pure parser reads the text again and words it
            pass
    return _parse_reporting(text, display, first_line)


_STR = "tag:yaml.org,2002:str"
# The implicit resolvers of the loaders (see _RESOLVERS) by a plain scalar's first character
# ('' for an empty one), the ones for any first character after them, as Resolver.resolve
# tries them.
_RESOLVE_FIRST: dict[str, list] = {}


def _resolve(value: str, plain: bool) -> str:
    """The tag Resolver.resolve gives a scalar without a tag of its own."""
    if not plain:
        return _STR
    first = value[0] if value else ""
    resolvers = _RESOLVE_FIRST.get(first)
    if resolvers is None:
        resolvers = _RESOLVE_FIRST[first] = _RESOLVERS.get(first, []) + _RESOLVERS.get(None, [])
    for tag, regexp in resolvers:
        if regexp.match(value):
            return tag
    return _STR


class _Refused(Exception):
    """What the fast reader will not read itself: the pure parser reads the text again and words it."""


def _parse_events(text: str, display: str) -> Located:
    """What ``_parse_with(_FastLoader, ...)`` gives (the checks of :func:`_check_events`, then the
    node tree composed, indexed by :func:`_index` and constructed), in one pass over libyaml's
    events: each value is made as its event arrives, with no tree of nodes in between.

    Raises (any exception) wherever ``_parse_with`` would raise, and at anything it is not sure
    of; the caller then reads the text with the pure parser, which words the problem. Scalars
    other than text (numbers, true/false, null) are made by the loader's own constructor.
    """
    reader = _FastLoader(text)
    mapping_start, sequence_start, scalar = yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    lines: dict[Loc, int] = {}
    # One frame per open collection: [the dict or list, its path, whether it is a mapping, the key
    # waiting for its value (None while a key is expected), the keys seen]. A mapping's values
    # have no line of their own (their key's is theirs); a list's items and the document do.
    stack: list[list] = []
    frame: list | None = None
    root: list = []
    documents = flow = 0
    try:
        for event in iter(reader.get_event, None):
            kind = type(event)
            if kind is scalar:
                if event.anchor or event.tag:
                    raise _Refused()
                value = event.value
                if flow and not event.style and "?" in value:
                    raise _Refused()
                tag = _resolve(value, event.implicit[0])
                if frame is not None and frame[2] and frame[3] is None:  # a key
                    if tag != _STR or (not event.style and _DATE.match(value)) or value in frame[4]:
                        raise _Refused()
                    frame[4].add(value)
                    frame[3] = value
                    lines[frame[1] + (value,)] = event.start_mark.line + 1
                    continue
                if tag != _STR:
                    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
                    if _bad_number(node):
                        raise _Refused()
                    value = reader.construct_object(node)
                if frame is None:
                    if root:
                        raise _Refused()  # a second document
                    lines[()] = event.start_mark.line + 1
                    root.append(value)
                elif frame[2]:
                    frame[0][frame[3]] = value
                    frame[3] = None
                else:
                    lines[frame[1] + (len(frame[0]),)] = event.start_mark.line + 1
                    frame[0].append(value)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor or event.tag or len(stack) >= MAX_DEPTH:
                    raise _Refused()
                flow += bool(flow or event.flow_style)
                mapping = kind is mapping_start
                value = {} if mapping else []
                if frame is None:
                    if root:
                        raise _Refused()  # a second document
                    path: Loc = ()
                    lines[path] = event.start_mark.line + 1
                    root.append(value)
                elif frame[2]:
                    if frame[3] is None:
                        raise _Refused()  # a key that is not a plain word
                    path = frame[1] + (frame[3],)
                    frame[0][frame[3]] = value
                    frame[3] = None
                else:
                    path = frame[1] + (len(frame[0]),)
                    lines[path] = event.start_mark.line + 1
                    frame[0].append(value)
                frame = [value, path, mapping, None, set()]
                stack.append(frame)
            elif kind in ends:
                stack.pop()
                frame = stack[-1] if stack else None
                flow -= bool(flow)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused()
            elif kind is yaml.AliasEvent:
                raise _Refused()
    finally:
        reader.dispose()
    if not root:
        raise _Refused()  # no document: "file is empty"
    return Located(display, root[0], lines)


def _parse_reporting(text: str, display: str, first_line: int) -> Located:
    """:func:`_parse_with` the pure-Python loader, each failure worded as a problem at its line."""
    try:
        return _parse_with(_Loader, text, display, first_line)
    except yaml.YAMLError as err:
        raise _yaml_error(err, text, display) from None
    except _Unreadable as err:  # not expected after _index refused long numbers; never a traceback
        raise _refuse(display, "this value cannot be read; check it for a typing mistake "
                               "(write text in quotes and numbers in plain digits)", err.line) from None
    except RecursionError:  # not expected after _check_events; never let it escape as a traceback
        raise _refuse(display, f"nested more than {MAX_DEPTH} levels deep", first_line) from None


def _parse_with(loader: type, text: str, display: str, first_line: int) -> Located:
    """Check the events, then compose, index and construct the one document with ``loader``."""
    _check_events(text, display, loader)
    reader = loader(text)
    try:
        node = reader.get_single_node()
        if node is None:
            raise _refuse(display, "file is empty", first_line)
        lines: dict[Loc, int] = {(): node.start_mark.line + 1}
        _index(node, (), lines, display)
        data = reader.construct_document(node)
    finally:
        reader.dispose()
    return Located(display, data, lines)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that holds the field at ``loc`` (through lists and dicts), if there is one."""
    import typing

    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        candidates = [info.annotation]
        model = None
        while candidates:
            annotation = candidates.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                model = annotation
                break
            candidates += [a for a in typing.get_args(annotation) if a is not type(None)]
    return model


def _field_info(model: type[BaseModel], loc: tuple):
    """The pydantic field at ``loc``, if there is one."""
    names = [part for part in loc if isinstance(part, str)]
    parent = _model_at(model, tuple(loc[:-1])) if loc else None
    return parent.model_fields.get(loc[-1]) if parent is not None and names and isinstance(loc[-1], str) else None


def _message(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind, loc = error["type"], tuple(error["loc"])
    info = _field_info(model, loc)
    what = f" ({info.description})" if info is not None and info.description else ""
    if kind == "missing":
        parent = ".".join(str(p) for p in loc[:-1] if isinstance(p, str))
        where = f"under '{parent}:'" if parent else "at the top level of the file, with no spaces before it"
        return f"missing: add a line '{loc[-1]}: ...' {where}{what}"
    if kind == "extra_forbidden":
        from difflib import get_close_matches

        parent = _model_at(model, loc[:-1])
        if parent is None:
            return "unknown field (check the spelling)"
        near = get_close_matches(str(loc[-1]), list(parent.model_fields), n=1)
        guess = f"did you mean {near[0]!r}? " if near else ""
        return f"unknown field (check the spelling: {guess}the fields allowed here are {', '.join(parent.model_fields)})"
    if kind == "string_type" and isinstance(error.get("input"), dict) and len(error["input"]) == 1:
        return ("must be one line of text, but a colon followed by a space made it 'name: value'; put the whole "
                "text in quotes (\"like: this\") or leave out the colon")
    if kind == "string_pattern_mismatch":
        return f"is not in the form expected here{what or ''}; check it against the examples in the file"
    if kind in ("string_too_long", "too_long") and isinstance(error.get("input"), str):
        limit = error.get("ctx", {}).get("max_length", 0)
        size = len(error.get("input", "") or "")
        return (f"is {size:,} characters long; at most {limit:,} are allowed here (about {limit // 6:,} words); "
                "shorten it, and put the detail where it belongs")
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length", 0)
        return f"has too many entries; at most {limit:,} are allowed here"
    msg = error["msg"].removeprefix("Value error, ")
    if kind in ("finite_number", "int_parsing_size"):
        return (f"must be an ordinary number of at most {MAX_NUMBER_DIGITS} digits (not infinity, 'not a number' "
                "or a huge number); write the value in digits, for example 12.5")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number, written in digits, for example 5"
    if kind.startswith("url_"):
        return ("must be a whole web address starting with https://, for example "
                "https://www.legislation.gov.uk/ukpga/2006/41/section/75")
    if kind.startswith("date_"):
        msg += "; write dates as YYYY-MM-DD, for example 2026-11-23"
    return msg.replace("Input should be", "must be")


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
            problems.append(Problem(located.file, located.line(loc), field_path(loc), _message(e, model)))
        raise LoadError(sorted(set(problems))) from None


def load(path: Path, model: type[M], display: str, root: Path | None = None) -> tuple[M, Located]:
    located = parse(path, display, root)
    if not isinstance(located.data, dict):
        raise _refuse(display, f"expected a mapping of fields (key: value), found {type(located.data).__name__}")
    return validate(located, model), located
