"""Questions leaders ask: one file per question in ``questions/``, each answered in our words.

The questions come from the 2014 briefing for leaders deciding whether and how to offer
personal health budgets (toolkits, culture change, integration, set-up cost, the financial
case, freeing money, the market, which groups next, clinical governance, legal challenge).
Each answer cites its source and links to the myths, laws, framework pages and figures it
touches; where it relied on something that has since ended or moved, it cites the change.

This module holds the model, the cross-checks and the pages (``/questions/`` and
``/questions/<id>/``).
"""

from __future__ import annotations

from pydantic import Field

from .. import paths
from ..kind import Kind
from ..pages import PageSpec
from ..models import (Answer, Answering, Citation, CurrencyNote, Key, Prose, Question as QuestionText, Review, Text,
                      check_references)

FOLDER = "questions"

# The addresses of its pages (a page's source path; see paths.url_of)
def question_page(question_id: str) -> str:
    return f"questions/{question_id}.md"

QUESTIONS = "questions/index.md"
TEMPLATE = "questions/question.md.j2"
INDEX_TEMPLATE = "questions/index.md.j2"


class Question(Answering):
    id: Key = Field(description="Stable id; must match the file name; page address /questions/<id>/")
    theme: Text = Field(description="The heading the question sits under on /questions/, as in the briefing")
    order: int = Field(ge=1, le=99, description="Its place on /questions/")
    question: QuestionText = Field(description="The question as leaders ask it, ending with a question mark")
    answer: Answer = Field(description="The answer in one sentence of at most 25 words, the position first: 'Yes', "
                                       "'No' or 'It depends on ...' where the question asks yes or no")
    answer_figure: Key | None = Field(default=None, validate_default=True,
                                      description="Id of the recorded figure that answers a question about cost, "
                                                  "numbers or time, shown beside the answer")
    response: Prose = Field(description="The full answer, in Markdown, in our own words")
    myths: list[Key] = Field(default_factory=list, description="Ids of myths it touches (myths/<id>.yml)")
    law: list[Key] = Field(default_factory=list, description="Keys of legal references (law/<key>.yml)")
    framework: list[Key] = Field(default_factory=list, description="Ids of framework elements it touches (framework/<id>.yml, kind element)")
    figures: list[Key] = Field(default_factory=list, description="Ids of figures it uses (an id of a figure in figures/)")
    sources: list[Citation] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list, description="Words people search for")
    changes: list[Key] = Field(default_factory=list, description="Ids of changes since the sources (changes/<id>.yml) it relies on")
    currency: list[CurrencyNote] = Field(default_factory=list, description="Dated notes that concern this question alone")
    review: Review


def ordered(cat) -> list[Question]:
    return sorted(cat.questions.values(), key=lambda q: (q.order, q.id))


def about_myth(cat, myth_id: str) -> list[Question]:
    return [q for q in ordered(cat) if myth_id in q.myths]


def cross_check(cat, report) -> None:
    figures = cat.figures_checkable  # None when a set of figures failed to load: its own problem is reported
    elements = {p.id for p in cat.framework.values() if p.kind == "element"}
    for q in cat.questions.values():
        check_references(report, FOLDER, q.id, q, (("myths", cat.myths, "myth"), ("law", cat.laws, "legal reference"),
                                                   ("framework", elements, "framework element"), ("figures", figures, "figure")))
        if q.answer_figure and figures is not None and q.answer_figure not in figures:
            report(FOLDER, q.id, ("answer_figure",), f"unknown figure {q.answer_figure!r} (no figure with this id in figures/)")


def pages(cat) -> list:
    if not cat.questions:
        return []
    figures_by_id = cat.figure_by_id
    specs = [PageSpec(QUESTIONS, cat.intros.questions.title, INDEX_TEMPLATE,
                      {"description": cat.intros.questions.description},
                      {"questions": ordered(cat), "intro": cat.intros.questions})]
    for q in ordered(cat):
        specs.append(PageSpec(question_page(q.id), q.question, TEMPLATE,
                              {"description": q.answer, "tags": list(q.keywords)},
                              {"question": q, "figures_by_id": figures_by_id,
                               "lessons": cat.lessons_for_question(q.id)}))
    return specs


def export(cat, base: str) -> list:
    return [
        {"id": q.id, "question": q.question, "answer": q.answer, "url": base + paths.url_of(question_page(q.id)),
         "myths": list(q.myths), "law": list(q.law), "figures": list(q.figures), "changes": list(q.changes),
         "sources": [c.as_export() for c in q.sources],
         "review": {"last_reviewed": q.review.last_reviewed.isoformat(),
                    "next_review_due": q.review.next_review_due.isoformat()}}
        for q in ordered(cat)
    ]


def nav(cat) -> list:
    if not cat.questions:
        return []
    # the group's label is its own page's title (the theme makes that page the group's link)
    return [(3, cat.intros.questions.title, [QUESTIONS] + [{q.question: question_page(q.id)} for q in ordered(cat)])]


def citing(cat):
    for q in ordered(cat):
        yield FOLDER, q, question_page(q.id), q.question


def addresses(cat) -> dict:
    return {question_page(ident): ((FOLDER, ident), ("id",), ident) for ident in cat.questions}


def reviews(cat) -> dict:
    own = {question_page(q.id): ("record", q.review.last_reviewed, q.review.next_review_due, q.review.owner, False)
           for q in cat.questions.values()}
    return {**own, QUESTIONS: ("pages", [(q.review.last_reviewed, q.review.next_review_due) for q in cat.questions.values()])}


PATHS = {"question": question_page, "questions": QUESTIONS}


KIND = Kind(
    name="question", attribute="questions", model=Question, folder=FOLDER, count=lambda n: f"{n} questions",
    order=ordered,
    check=cross_check, citations=True, source_label="question",
    paths=PATHS, pages=pages, nav=nav, addresses=addresses, reviews=reviews,
    export=export, export_key="questions", citing=citing,
    lookups={"questions_about_myth": about_myth},
)
