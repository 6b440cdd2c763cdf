"""Your personal health budget: pages for people with a budget and their families.

One file per page in ``your-budget/``, each a question a person or their family asks, answered
first in one sentence, then in a few short parts, in plain standard English written to "you".
Each page cites its law and sources like every other page, says what has changed since the
sources, and links its easy-read version (an easy-read page whose ``standard`` is this page).

The check holds every page to the plain-English rules below: a reading ease of at least
:data:`MIN_READING_EASE`, the answer written to "you", and an easy-read version.
"""

from __future__ import annotations

import re

from pydantic import Field, ValidationInfo, field_validator

from .. import paths, readability
from ..kind import Kind
from ..models import Answer, Citation, CurrencyNote, Key, Prose, Record, Review, Text, check_references, position_first
from ..pages import PageSpec

FOLDER = "your-budget"
INDEX = "your-budget/index.md"
TEMPLATE = "your-budget/page.md.j2"
INDEX_TEMPLATE = "your-budget/index.md.j2"

MIN_READING_EASE = 60  # Flesch reading ease: 60 to 70 is plain English, as GOV.UK aims for
YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
# What reading ease is measured on: the words, without Markdown links' addresses or emphasis.
LINK = re.compile(r"\[([^\]\n]*+)\]\([^)\n]*+\)")
MARKS = re.compile(r"[*_`#>]")


def guide_page(guide_id: str) -> str:
    return f"{FOLDER}/{guide_id}.md"


class Part(Record):
    heading: Text = Field(description="A short heading, as a reader would look for it")
    body: Prose = Field(description="A few short paragraphs or a list, in Markdown, written to 'you'")


class Guide(Record):
    id: Key = Field(description="Stable id; must match the file name; the page is /your-budget/<id>/")
    order: int = Field(ge=1, le=99, description="Its place in the list of pages for people with a budget")
    title: Text = Field(description="The page's title and heading, in the reader's words")
    answer: Answer = Field(description="The answer first, in one sentence of at most 25 words, written to 'you': "
                                       "'Yes', 'No' or 'It depends on ...' first where the title asks yes or no")
    parts: list[Part] = Field(min_length=1, description="The rest of the answer, a heading for each part")
    contacts: bool = Field(default=False, description="Show the local contacts from local.yml after the parts")
    law: list[Key] = Field(default_factory=list, description="Keys of legal references (law/<key>.yml)")
    sources: list[Citation] = Field(min_length=1)
    changes: list[Key] = Field(default_factory=list, description="Ids of changes since the sources (changes/<id>.yml) it relies on")
    currency: list[CurrencyNote] = Field(default_factory=list, description="Dated notes that concern this page alone")
    keywords: list[Text] = Field(default_factory=list, description="Words and questions people search with")
    review: Review

    @field_validator("answer")
    @classmethod
    def _position_first(cls, answer: str, info: ValidationInfo) -> str:
        return position_first(info.data.get("title"), answer)


def ordered(cat) -> list[Guide]:
    return sorted(cat.guides.values(), key=lambda g: (g.order, g.id))


def plain_words(guide: Guide) -> str:
    text = " ".join([guide.answer, *(p.body for p in guide.parts)])
    return MARKS.sub(" ", LINK.sub(r"\1", text))


def reading_ease(guide: Guide) -> float:
    return readability.reading_ease(plain_words(guide))


def cross_check(cat, report) -> None:
    for g in cat.guides.values():
        check_references(report, FOLDER, g.id, g, (("law", cat.laws, "legal reference"),
                                                   ("changes", cat.changes, "change")))
        if not YOU.search(g.answer):
            report(FOLDER, g.id, ("answer",), "must speak to the reader: write the answer to 'you' "
                                              "(for example 'You can ...')")
        ease = reading_ease(g)
        if ease < MIN_READING_EASE:
            report(FOLDER, g.id, ("parts",), f"reading ease is {ease:.0f}, below {MIN_READING_EASE}: "
                                             "use shorter sentences and everyday words")
        if cat.easy_read and not cat.easy_read_versions(guide_page(g.id)):
            report(FOLDER, g.id, ("id",), f"has no easy-read version: add easy-read/pages/{g.id}.yml with "
                                          f"'standard: {guide_page(g.id)}'")
        if g.contacts and cat.local is None:
            report(FOLDER, g.id, ("contacts",), "contacts: true needs local.yml", ("local.yml", ""))


def pages(cat) -> list:
    if not cat.guides:
        return []
    intro = cat.intros.your_budget
    specs = [PageSpec(INDEX, intro.title, INDEX_TEMPLATE, {"description": intro.description},
                      {"guides": ordered(cat), "intro": intro})]
    contacts = cat.local_contacts
    for g in ordered(cat):
        specs.append(PageSpec(guide_page(g.id), g.title, TEMPLATE,
                              {"description": g.answer, "tags": list(g.keywords)},
                              {"guide": g, "contacts": contacts if g.contacts else None,
                               "area": cat.local.organisation.area if cat.local else None}))
    return specs


def export(cat, base: str) -> list:
    return [
        {"id": g.id, "title": g.title, "answer": g.answer, "url": base + paths.url_of(guide_page(g.id)),
         "law": list(g.law), "changes": list(g.changes),
         "sources": [c.as_export() for c in g.sources],
         "review": {"last_reviewed": g.review.last_reviewed.isoformat(),
                    "next_review_due": g.review.next_review_due.isoformat()}}
        for g in ordered(cat)
    ]


def nav(cat) -> list:
    if not cat.guides:
        return []
    return [(0.5, cat.intros.your_budget.title, [INDEX] + [{g.title: guide_page(g.id)} for g in ordered(cat)])]


def citing(cat):
    for g in ordered(cat):
        yield FOLDER, g, guide_page(g.id), g.title


def addresses(cat) -> dict:
    return {guide_page(ident): ((FOLDER, ident), ("id",), ident) for ident in cat.guides}


def reviews(cat) -> dict:
    own = {guide_page(g.id): ("record", g.review.last_reviewed, g.review.next_review_due, g.review.owner, False)
           for g in cat.guides.values()}
    return {**own, INDEX: ("pages", [(g.review.last_reviewed, g.review.next_review_due) for g in cat.guides.values()])}


PATHS = {"guide": guide_page, "guides": INDEX}


KIND = Kind(
    name="guide", attribute="guides", model=Guide, folder=FOLDER, count=lambda n: f"{n} pages for people with a budget",
    order=ordered,
    check=cross_check, citations=True, source_label="guide",
    paths=PATHS, pages=pages, nav=nav, addresses=addresses, reviews=reviews,
    export=export, export_key="your_budget", citing=citing,
    properties={"guide_paths": lambda cat: {guide_page(g) for g in cat.guides}},
)
