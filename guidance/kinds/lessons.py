"""Lessons and messages: one file per list in ``lessons/``.

The ten lessons for personalisation in the NHS, the ten messages for NHS commissioners, the
seven messages for NHS-funded providers, the ten qualities of a good integrated budget
process, and the Integrated Personal Commissioning programme, each written in our own words
with its source; a list about a programme that has ended or been renamed cites the change.

This module holds the model, the cross-checks and the pages (``/lessons/`` and
``/lessons/<id>/``).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .. import paths
from ..kind import Kind
from ..pages import PageSpec
from ..models import Citation, CurrencyNote, Key, Prose, Record, Review, Text, check_references, unique_ids

FOLDER = "lessons"

# The addresses of its pages (a page's source path; see paths.url_of)
def lesson_page(list_id: str) -> str:
    return f"lessons/{list_id}.md"

LESSONS = "lessons/index.md"
TEMPLATE = "lessons/list.md.j2"
INDEX_TEMPLATE = "lessons/index.md.j2"


class Point(Record):
    id: Key = Field(description="Stable id, unique in its list; the point's anchor on the page")
    title: Text = Field(description="The lesson or message in a few words")
    text: Prose = Field(description="What it means, in our own words")


class LessonList(Record):
    id: Key = Field(description="Stable id; must match the file name; page address /lessons/<id>/")
    order: int = Field(ge=1, le=99, description="Its place on /lessons/")
    title: Text
    audience: Text = Field(description="Who it is for, e.g. 'NHS commissioners'")
    summary: Text = Field(description="The point of the list in one or two sentences: the answer first")
    points: list[Point] = Field(min_length=1)
    myths: list[Key] = Field(default_factory=list, description="Ids of myths it bears on")
    questions: list[Key] = Field(default_factory=list, description="Ids of questions it bears on")
    sources: list[Citation] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list)
    changes: list[Key] = Field(default_factory=list, description="Ids of changes since the sources it relies on")
    currency: list[CurrencyNote] = Field(default_factory=list)
    review: Review

    @model_validator(mode="after")
    def _unique_points(self) -> LessonList:
        unique_ids(self.points, "point")
        return self


def ordered(cat) -> list[LessonList]:
    return sorted(cat.lessons.values(), key=lambda x: (x.order, x.id))


def about_myth(cat, myth_id: str) -> list[LessonList]:
    return [x for x in ordered(cat) if myth_id in x.myths]


def cross_check(cat, report) -> None:
    for x in cat.lessons.values():
        check_references(report, FOLDER, x.id, x, (("myths", cat.myths, "myth"), ("questions", cat.questions, "question")))


def pages(cat) -> list:
    if not cat.lessons:
        return []
    specs = [PageSpec(LESSONS, cat.intros.lessons.title, INDEX_TEMPLATE,
                      {"description": cat.intros.lessons.description},
                      {"lists": ordered(cat), "intro": cat.intros.lessons})]
    for x in ordered(cat):
        specs.append(PageSpec(lesson_page(x.id), x.title, TEMPLATE,
                              {"description": x.summary, "tags": list(x.keywords)}, {"lesson_list": x}))
    return specs


def for_question(cat, question_id: str) -> list[LessonList]:
    return [x for x in ordered(cat) if question_id in x.questions]


def export(cat, base: str) -> list:
    return [
        {"id": x.id, "title": x.title, "audience": x.audience, "url": base + paths.url_of(lesson_page(x.id)),
         "points": [{"id": p.id, "title": p.title} for p in x.points], "myths": list(x.myths),
         "questions": list(x.questions), "changes": list(x.changes)}
        for x in ordered(cat)
    ]


def nav(cat) -> list:
    if not cat.lessons:
        return []
    # a group of their own inside "Evidence and lessons", labelled with their own page's title
    # (the theme makes a group's index page its link: in the wider group, it would take its name)
    return [(4.2, "Evidence and lessons", [{cat.intros.lessons.title: [LESSONS] + [lesson_page(x.id) for x in ordered(cat)]}])]


def citing(cat):
    for x in ordered(cat):
        yield FOLDER, x, lesson_page(x.id), x.title


def addresses(cat) -> dict:
    return {lesson_page(ident): ((FOLDER, ident), ("id",), ident) for ident in cat.lessons}


def reviews(cat) -> dict:
    own = {lesson_page(x.id): ("record", x.review.last_reviewed, x.review.next_review_due, x.review.owner, False)
           for x in cat.lessons.values()}
    return {**own, LESSONS: ("pages", [(x.review.last_reviewed, x.review.next_review_due) for x in cat.lessons.values()])}


PATHS = {"lesson": lesson_page, "lessons": LESSONS}


KIND = Kind(
    name="lessons", attribute="lessons", model=LessonList, folder=FOLDER, count=lambda n: f"{n} lists of lessons",
    order=ordered,
    check=cross_check, citations=True, source_label="lessons",
    paths=PATHS, pages=pages, nav=nav, addresses=addresses, reviews=reviews,
    export=export, export_key="lessons", citing=citing,
    lookups={"lessons_about_myth": about_myth, "lessons_for_question": for_question},
    positions={"citing": 4.5, "sources": 4.5},
)
