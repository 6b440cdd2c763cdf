"""The bibliography: one file per source document in ``bibliography/``, listed on ``/sources/``
with the records that cite each."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, HttpUrl, field_validator, model_validator

from .. import paths
from ..kind import Kind, Macro
from ..models import Citation, Key, Prose, Record, Text
from ..pages import PageSpec

FOLDER = "bibliography"
# The kinds of document, in the order the sources page lists them, with its heading for each.
TYPES = {
    "guidance": "Guidance from the NHS and the Department of Health",
    "policy": "Government and NHS policy and announcements",
    "evaluation": "Evaluations, surveys and statistics",
    "report": "Reports and tools from other organisations",
    "standard": "Accounting, tax and professional standards",
    "law": "The official text of the law",
}
# What each kind of document is called beside a reference, so that a reader sees at once
# whether a statement rests on the law or on guidance.
TYPE_LABELS = {"guidance": "Guidance", "policy": "Policy", "evaluation": "Evidence", "report": "Report",
               "standard": "Standard", "law": "Law"}
ARCHIVE = re.compile(r"^https://webarchive\.nationalarchives\.gov\.uk/ukgwa/((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{6})/https?://")


class Source(Record):
    """A bibliography entry."""

    key: Key = Field(description="Stable key; must match the file name")
    title: Text
    subtitle: Text | None = Field(default=None, description="The part of the title after the colon, if any")
    type: Literal[tuple(TYPES)] = Field(description="What kind of document it is: " + "; ".join(f"{k} ({v})" for k, v in TYPES.items()))
    publisher: Text
    edition: Text | None = None
    year: int = Field(ge=1900, le=2100)
    date: Text | None = Field(default=None, description="Month or full date of publication where known")
    authors: list[Text] = Field(default_factory=list)
    reference: Text | None = Field(default=None, description="Gateway or other reference number")
    url: HttpUrl | None = Field(default=None, description="Where the document was first published (kept as a record)")
    url_gone: bool = Field(default=False, description="true if the original address no longer opens the document")
    archived_url: HttpUrl | None = Field(
        default=None,
        description="Its copy in the UK Government Web Archive: https://webarchive.nationalarchives.gov.uk/ukgwa/<14-digit capture time>/<original address>")
    current_url: HttpUrl | None = Field(default=None, description="Where the current edition lives, if it has moved or been revised")
    note: Prose | None = None

    @field_validator("archived_url")
    @classmethod
    def _web_archive(cls, url: HttpUrl | None) -> HttpUrl | None:
        if url is not None and not ARCHIVE.match(str(url)):
            raise ValueError("must be a UK Government Web Archive address: "
                             "https://webarchive.nationalarchives.gov.uk/ukgwa/<14-digit capture time>/<original address>")
        return url

    @model_validator(mode="after")
    def _archive_needs_original(self) -> Source:
        if self.archived_url is not None and self.url is None:
            raise ValueError("archived_url is set, so url must keep the original address")
        if self.url_gone and self.url is None:
            raise ValueError("url_gone is true, so url must keep the original address")
        return self

    @property
    def archived_on(self) -> dt.date | None:
        """The capture date, read from the archive address."""
        if self.archived_url is None:
            return None
        stamp = ARCHIVE.match(str(self.archived_url)).group(1)
        return dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))


def ordered(cat) -> list[Source]:
    return sorted(cat.sources.values(), key=lambda s: (s.year, s.title.lower()))


def source_page(key: str) -> str:
    """The page of one bibliography entry: its details and the pages that cite it."""
    return f"sources/{key}.md"


def grouped(cat) -> list[tuple[str, str, list[Source]]]:
    """The sources page's groups: (type, heading, entries newest first), empty groups left out."""
    by_type: dict[str, list[Source]] = {t: [] for t in TYPES}
    for source in sorted(cat.sources.values(), key=lambda s: (-s.year, s.title.lower())):
        by_type[source.type].append(source)
    return [(t, TYPES[t], entries) for t, entries in by_type.items() if entries]


def pages(cat) -> list:
    """A page for each bibliography entry, below the sources page (which is hand-written)."""
    up = [{"title": "Sources", "url": paths.url_of(paths.SOURCES)}]
    return [PageSpec(source_page(s.key), f"{s.title}: {s.subtitle}" if s.subtitle else s.title, "sources/source.md.j2",
                     meta={"breadcrumbs": up, "description": f"{s.publisher}, {s.year}: what this document is and which pages cite it."},
                     records={"source": s, "citing": citing(cat, s)})
            for s in ordered(cat)]


def citing(cat, source: Source) -> list[tuple[str, str, str]]:
    """The records that cite a source, with the place each cites. The official text of the law
    is cited by most pages, each for its own Act: those pages are listed once each, without the
    places, which their own lists of the law give."""
    cited = cat.source_cited_by.get(source.key, [])
    if source.type != "law":
        return cited
    return [(kind, ident, "") for kind, ident in dict.fromkeys((kind, ident) for kind, ident, _at in cited)]


def export(cat, base: str) -> list:
    return [{"key": s.key, "title": s.title, "subtitle": s.subtitle, "type": s.type, "publisher": s.publisher, "year": s.year,
             "url": base + paths.url_of(source_page(s.key))}
            for s in cat.ordered_sources]



def cite_source(renderer, page: str, citation: Citation | str, at: str | None = None) -> str:
    """A citation link to a bibliography entry: a record's Citation, or a key and a place."""
    citation = _citation(citation, at)
    return _document(renderer, page, citation.source, citation.at)


def _document(renderer, page: str, key: str, at: str = "") -> str:
    """A link to a bibliography entry with its title as the link text, then the place, if any."""
    source = renderer.catalogue.sources.get(key)
    if source is None:
        raise KeyError(f"unknown source {key!r} in {page}")
    return renderer.inline("cite", source=source, at=at, href=renderer.link(page, source_page(source.key)))


def _citation(citation: Citation | str, at: str | None) -> Citation:
    return Citation(source=citation, at=at or "") if isinstance(citation, str) else citation


def ref_source(renderer, page: str, citation: Citation | str, at: str | None = None) -> str:
    """A numbered reference in the text, [1], linking to the page's list of references."""
    citation = _citation(citation, at)
    if citation.source not in renderer.catalogue.sources:
        raise KeyError(f"unknown source {citation.source!r} in {page}")
    return renderer.inline("ref", n=renderer.number(page, (citation.source, citation.at)))


def references(renderer, page: str, *more: Citation) -> str:
    """The page's list of references: every source its text cited with ref(), by number, then
    the record's other sources (``more``) not yet cited."""
    for citation in more:
        ref_source(renderer, page, citation)
    documents: dict[str, list] = {}  # each document once, in the order first cited, with its places by number
    for n, (source, at) in enumerate(renderer.numbered(page), 1):
        documents.setdefault(source, []).append((n, at))
    entries = [(TYPE_LABELS[renderer.catalogue.sources[source].type], _document(renderer, page, source), places)
               for source, places in documents.items()]
    return renderer.render("partials/references.md.j2", page, entries=entries) if entries else ""


def sources_list(renderer, page: str) -> str:
    """The bibliography, grouped by kind of document, a short entry each with a link to its page."""
    return renderer.render("sources/list.md.j2", page)


MACROS = {
    "cite": Macro(cite_source, ("the key of a bibliography entry", "the place cited, e.g. cite('dh-2012-myths', 'page 4')"),
                  lambda cat: cat.sources, "bibliography entry"),
    "ref": Macro(ref_source, ("the key of a bibliography entry", "the place cited, e.g. ref('dh-2012-myths', 'page 4')"),
                 lambda cat: cat.sources, "bibliography entry"),
    "references": Macro(references),
    "sources_list": Macro(sources_list),
}


KIND = Kind(
    name="source", attribute="sources", model=Source, folder=FOLDER, ident="key",
    count=lambda n: f"{n} bibliography entries",
    order=ordered,
    cited=True, macros=MACROS,
    export=export, export_key="sources",
    pages=pages, paths={"source": source_page},
    # a source's page is reviewed with the sources page, which lists it
    reviews=lambda cat: {source_page(key): ("as", paths.SOURCES) for key in cat.sources},
    properties={"ordered_sources": ordered, "grouped_sources": grouped, "source_labels": lambda cat: TYPE_LABELS},
)
