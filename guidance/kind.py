"""What a kind of record is: the one description each kind gives of itself.

Every kind of record (a myth, a law, a change, a framework part ... and the single files
``local.yml``, ``intros.yml`` and ``sections.yml``) declares one :class:`Kind` in its own module
under ``guidance/kinds/``, and ``guidance/kinds/__init__.py`` lists them in order. The
catalogue, the check, the page list, the navigation, the export and the command line go
through that list; none of them names a kind.

A kind never imports another. What it needs of other records it asks the loaded catalogue:
``cat.<attribute>`` for a kind's records, and the lookups a kind offers (``lookups``), such as
``cat.figure_by_id`` or ``cat.myths_in(section_id)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from pydantic import BaseModel


@dataclass(frozen=True)
class Macro:
    """A helper that templates, and hand-written pages with literal arguments, call: law('s75')."""

    render: Callable[..., str]  # render(renderer, page path, *arguments) -> Markdown
    arguments: tuple[str, ...] = ()  # what each argument is, in words (hand-written pages must give them all)
    ids: Callable[[Any], Any] | None = None  # the ids its first argument may name: ids(cat)
    what: str = ""  # what that id names, in words ("legal reference")


@dataclass(frozen=True)
class Kind:
    name: str  # singular; its schema is schema/<name>.schema.json
    attribute: str  # how the catalogue and the templates reach its records: cat.<attribute>
    model: type[BaseModel]
    count: Callable[[int], str]  # how the check's summary counts it: 22 -> "22 myths"
    folder: str = ""  # one file per record in this folder ...
    file: str = ""  # ... or one file at the project root
    shape: Literal["records", "list", "single"] = "records"  # a folder of records, a file of a list, one record
    ident: str = "id"  # the field that names a record (and its file)
    missing: str = ""  # a single file: what to say when it is missing
    # a loader of its own: load(root) -> (records, where each came from, problems, other values it keeps by name)
    order: Callable[[Any], list] | None = None  # its records in reading order: order(cat)
    load: Callable[[Any], tuple[Any, dict, list, dict]] | None = None
    check: Callable[[Any, Callable], None] | None = None  # cross-checks: check(cat, report)
    pages: Callable[[Any], list] | None = None  # pages(cat) -> [PageSpec]
    files: Callable[..., list] | None = None  # files(cat, specs, renderer, **who) -> [FileSpec]
    nav: Callable[[Any], list] | None = None  # nav(cat) -> [(position, group title or None, items)]
    export: Callable[[Any, str], list] | None = None  # export(cat, base address) -> the records as plain data
    export_key: str = ""  # its key in the export
    citing: Callable[[Any], Any] | None = None  # records checked for a change's words: (folder, record, path, title)
    citations: bool = False  # its records cite sources: checked against the bibliography, and keys never shown
    source_label: str = ""  # how the sources page names it among the records that cite a source ("" = not listed)
    addresses: Callable[[Any], dict] | None = None  # page path -> (file key, field loc, id) of the record that names it
    reviews: Callable[[Any], dict] | None = None  # page path -> review dates (see guidance.site.review_for)
    dues: Callable[[Any], list] | None = None  # reviews or checks the check reports when due: [(file, what, due, owner note)]
    records_counted: Callable[[Any], int] | None = None  # how many records it holds, if not len()
    items: tuple[Callable[[Any], int], int, str] | None = None  # records holding many items: (count, limit, noun)
    cited: bool = False  # the kind whose records the others cite (the bibliography): Citation.source names one
    macros: dict[str, Macro] = field(default_factory=dict)  # the helpers it offers templates and hand-written pages
    paths: dict[str, Any] = field(default_factory=dict)  # the addresses of its pages, by the name templates use
    lookups: dict[str, Callable] = field(default_factory=dict)  # cat.<name>(...): what it offers other kinds
    properties: dict[str, Callable] = field(default_factory=dict)  # cat.<name>: values worked out once per catalogue
    positions: dict[str, float] = field(default_factory=dict)  # its place where kinds are listed together

    def position(self, aspect: str, default: float) -> float:
        return self.positions.get(aspect, default)
