"""Myths: one file per myth in ``myths/``, each the question staff ask, its short answer, the
full response and its basis (law, sources, changes since), shown at ``/myths/<id>/``."""

from __future__ import annotations

from pydantic import Field, model_validator

from .. import paths
from ..kind import Kind, Macro
from ..models import (ANSWER_WORDS, Answer, Answering, Citation, CurrencyNote, Example, Key, Point, Prose, Question,
                      Review, Text)
from ..pages import PageSpec

FOLDER = "myths"

# The addresses of its pages (a page's source path; see paths.url_of)
def myth_page(myth_id: str) -> str:
    return f"myths/{myth_id}.md"


class Myth(Answering):
    id: Key = Field(description="Stable id; must match the file name; used in the page address /myths/<id>/")
    section: Key = Field(description="Id of a section in sections.yml")
    title: Text = Field(description="Short title: the myth's heading on its section's page (the menu and the page "
                                    "itself show its question)")
    question: Question = Field(description="The question staff ask, in their words, ending with a question mark; the page's heading")
    myth: Text = Field(description="The myth as people say it")
    answer: Answer = Field(description=f"The answer in one sentence of at most {ANSWER_WORDS} words, the position "
                                       "first: 'Yes', 'No' or 'It depends on ...' where the question asks yes or no")
    answer_figure: Key | None = Field(default=None, validate_default=True,
                                      description="Id of the recorded figure that answers a question about cost, "
                                                  "numbers or time, shown beside the answer")
    response: Prose = Field(description="The full response, in Markdown")
    background: list[Point] = Field(min_length=1)
    examples: list[Example] = Field(min_length=1)
    law: list[Key] = Field(default_factory=list, description="Keys of legal references (law/<key>.yml)")
    sources: list[Citation] = Field(min_length=1)
    related: list[Key] = Field(default_factory=list, description="Ids of related myths")
    keywords: list[Text] = Field(default_factory=list, description="Extra words people search for")
    changes: list[Key] = Field(default_factory=list, description="Ids of changes since the sources (changes/<id>.yml) this myth relies on")
    currency: list[CurrencyNote] = Field(default_factory=list, description="Dated notes that concern this myth alone")
    review: Review

    @model_validator(mode="after")
    def _no_self_relation(self) -> Myth:
        if self.id in self.related:
            raise ValueError(f"related lists the myth itself ({self.id!r})")
        return self


def myths_in(cat, section_id: str) -> list[Myth]:
    return sorted((m for m in cat.myths.values() if m.section == section_id), key=lambda m: m.title.lower())


def ordered(cat) -> list[Myth]:
    return [m for s in cat.sections for m in myths_in(cat, s.id)]


def law_cited_by(cat) -> dict[str, list[Myth]]:
    cited: dict[str, list[Myth]] = {}
    for myth in cat.ordered_myths:
        for key in myth.law:
            cited.setdefault(key, []).append(myth)
    return cited


def check(cat, report) -> None:
    section_ids = {s.id for s in cat.sections}
    for myth in cat.myths.values():
        if cat.sections and myth.section not in section_ids:
            report(FOLDER, myth.id, ("section",), f"unknown section {myth.section!r} (known: {', '.join(sorted(section_ids))})")
        for i, key in enumerate(myth.law):
            if key not in cat.laws:
                report(FOLDER, myth.id, ("law", i), f"unknown legal reference {key!r} (no law/{key}.yml)", ("law", key))
        figures = cat.figures_checkable
        if myth.answer_figure and figures is not None and myth.answer_figure not in figures:
            report(FOLDER, myth.id, ("answer_figure",), f"unknown figure {myth.answer_figure!r} (no figure with this id in figures/)")
        for i, other in enumerate(myth.related):
            if other not in cat.myths:
                report(FOLDER, myth.id, ("related", i), f"unknown myth {other!r} (no myths/{other}.yml)", (FOLDER, other))
        for listname in ("law", "related"):
            values = getattr(myth, listname)
            seen: set[str] = set()
            for i, value in enumerate(values):
                if value in seen:
                    report(FOLDER, myth.id, (listname, i), f"{value!r} is listed twice")
                seen.add(value)


def pages(cat) -> list[PageSpec]:
    return [
        PageSpec(
            myth_page(m.id),
            m.question,
            "myths/myth.md.j2",
            # keywords become search tags, which Material's search weighs above titles and text
            {"description": m.answer, "tags": list(m.keywords)},
            {"myth": m, "questions": cat.questions_about_myth(m.id), "figures": cat.figures_about_myth(m.id),
             "stories": cat.stories_about_myth(m.id), "lessons": cat.lessons_about_myth(m.id)},
        )
        for m in cat.ordered_myths
    ]


def export(cat, base: str) -> list:
    return [
        {
            "id": m.id,
            "title": m.title,
            "url": base + paths.url_of(myth_page(m.id)),
            "section": m.section,
            "myth": m.myth,
            "answer": m.answer,
            "law": list(m.law),
            "changes": list(m.changes),
            "sources": [c.as_export() for c in m.sources],
            "related": list(m.related),
            "review": {
                "owner": m.review.owner,
                "last_reviewed": m.review.last_reviewed.isoformat(),
                "next_review_due": m.review.next_review_due.isoformat(),
            },
        }
        for m in cat.ordered_myths
    ]


def citing(cat):
    for m in cat.ordered_myths:
        yield FOLDER, m, myth_page(m.id), m.title


def addresses(cat) -> dict:
    return {myth_page(ident): ((FOLDER, ident), ("id",), ident) for ident in cat.myths}


def reviews(cat) -> dict:
    own = {myth_page(m.id): ("record", m.review.last_reviewed, m.review.next_review_due, m.review.owner, False)
           for m in cat.myths.values()}
    dates = [(m.review.last_reviewed, m.review.next_review_due) for m in cat.myths.values()]
    return {**own, "index.md": ("pages", dates), paths.SOURCES: ("pages", dates)}


def dues(cat) -> list:
    return [(f"{FOLDER}/{m.id}.yml", "review", m.review.next_review_due, f" (owner: {m.review.owner})") for m in cat.ordered_myths]


PATHS = {"myth": myth_page}



def myth_link(renderer, page: str, myth_id: str) -> str:
    """A link to a myth's page, titled with its question."""
    record = renderer.catalogue.myths[myth_id]
    return renderer.inline("myth", myth=record, href=renderer.link(page, myth_page(myth_id)))


def questions_by_section(renderer, page: str) -> str:
    """Every section's questions, each linked with its short answer (the home page)."""
    return renderer.render("myths/by-section.md.j2", page)


MACROS = {
    "myth_link": Macro(myth_link, ("the id of a myth",), lambda cat: cat.myths, "myth"),
    "questions_by_section": Macro(questions_by_section),
}


KIND = Kind(
    name="myth", attribute="myths", model=Myth, folder=FOLDER, count=lambda n: f"{n} myths",
    order=ordered,
    check=check, citations=True, source_label="myth", macros=MACROS,
    paths=PATHS, pages=pages, addresses=addresses, reviews=reviews, dues=dues,
    export=export, export_key="myths", citing=citing,
    lookups={"myths_in": myths_in},
    properties={"ordered_myths": ordered, "law_cited_by": law_cited_by},
)
