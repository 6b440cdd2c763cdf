"""The sections: the groups the myths are shown in, in ``sections.yml``, one list in reading order."""

from __future__ import annotations

from pydantic import Field

from .. import paths
from ..kind import Kind
from ..models import Key, Record, Text
from ..pages import PageSpec

FILE = "sections.yml"

# The addresses of its pages (a page's source path; see paths.url_of)
def section_page(section_id: str) -> str:
    return f"sections/{section_id}.md"


class Section(Record):
    id: Key
    title: Text
    summary: Text = Field(description="One or two sentences shown on the home page and the section page")


def path(section_id: str) -> str:
    return f"sections/{section_id}.md"


def by_id(cat) -> dict[str, Section]:
    return {s.id: s for s in cat.sections}


def pages(cat) -> list[PageSpec]:
    return [
        PageSpec(
            path(s.id),
            s.title,
            "sections/section.md.j2",
            # Search finds the section by its title and summary; the myths' text it repeats is
            # left out of the index (data-search-exclude), so search leads to the myths themselves.
            {"description": s.summary},
            {"section": s},
        )
        for s in cat.sections
    ]


def nav(cat) -> list:
    """One group per section: its own page, then its myths, each labelled with its page's heading
    (the section's title, the myth's question)."""
    return [(2, None, [{section.title: [{section.title: path(section.id)}]
                                         + [{m.question: cat.paths["myth"](m.id)} for m in cat.myths_in(section.id)]}])
            for section in cat.sections]


def addresses(cat) -> dict:
    return {path(s.id): ((KIND.attribute, ""), (i, "id"), s.id) for i, s in enumerate(cat.sections)}


def reviews(cat) -> dict:
    return {path(s.id): ("pages", [(m.review.last_reviewed, m.review.next_review_due) for m in cat.myths_in(s.id)])
            for s in cat.sections}


PATHS = {"section": section_page}


KIND = Kind(
    name="section", attribute="sections", model=Section, file=FILE, shape="list", count=lambda n: f"{n} sections",
    paths=PATHS, pages=pages, nav=nav, addresses=addresses, reviews=reviews,
    properties={"section_by_id": by_id},
)
