"""People's stories: one file per person in ``stories/``, summarised in our own words.

Each story names its source and links to the myths it answers and the figures it
illustrates; the myth pages link back. This module holds the model, the cross-checks and the
page (``/stories/``, one section per story).
"""

from __future__ import annotations

from pydantic import Field

from .. import paths
from ..kind import Kind
from ..pages import PageSpec
from ..models import Citation, CurrencyNote, Key, Prose, Record, Review, Text, check_references

FOLDER = "stories"

# The addresses of its pages (a page's source path; see paths.url_of)
STORIES = "stories.md"
TEMPLATE = "stories/index.md.j2"


class Story(Record):
    id: Key = Field(description="Stable id; must match the file name; the story's anchor on /stories/")
    order: int = Field(ge=1, le=99, description="Its place on /stories/")
    name: Text = Field(description="The name the source uses (often a first name only)")
    title: Text = Field(description="What the story shows, in a few words")
    summary: Prose = Field(description="The story in our own words: a short paragraph")
    myths: list[Key] = Field(default_factory=list, description="Ids of myths it answers")
    figures: list[Key] = Field(default_factory=list, description="Ids of figures it illustrates")
    cite: Citation
    keywords: list[Text] = Field(default_factory=list)
    changes: list[Key] = Field(default_factory=list, description="Ids of changes since the sources the story relies on")
    currency: list[CurrencyNote] = Field(default_factory=list)
    review: Review


def ordered(cat) -> list[Story]:
    return sorted(cat.stories.values(), key=lambda s: (s.order, s.id))


def about_myth(cat, myth_id: str) -> list[Story]:
    return [s for s in ordered(cat) if myth_id in s.myths]


def cross_check(cat, report) -> None:
    figures = cat.figures_checkable  # None when a set of figures failed to load: its own problem is reported
    for s in cat.stories.values():
        check_references(report, FOLDER, s.id, s, (("myths", cat.myths, "myth"), ("figures", figures, "figure")))


def pages(cat) -> list:
    if not cat.stories:
        return []
    words = [w for s in ordered(cat) for w in s.keywords]
    return [PageSpec(STORIES, cat.intros.stories.title, TEMPLATE,
                     {"description": cat.intros.stories.description, "tags": list(dict.fromkeys(words))},
                     {"stories": ordered(cat), "figures_by_id": cat.figure_by_id, "intro": cat.intros.stories})]


def export(cat, base: str) -> list:
    return [
        {"id": s.id, "name": s.name, "title": s.title, "url": base + paths.url_of(STORIES) + "#" + s.id,
         "myths": list(s.myths), "figures": list(s.figures), "source": s.cite.as_export()}
        for s in ordered(cat)
    ]


def nav(cat) -> list:
    return [(4.1, "Evidence and lessons", [STORIES])] if cat.stories else []


def citing(cat):
    for s in ordered(cat):
        yield FOLDER, s, STORIES, f"{s.name}: {s.title}"


def reviews(cat) -> dict:
    return {STORIES: ("pages", [(s.review.last_reviewed, s.review.next_review_due) for s in cat.stories.values()])}


PATHS = {"stories": STORIES}


KIND = Kind(
    name="story", attribute="stories", model=Story, folder=FOLDER, count=lambda n: f"{n} stories",
    order=ordered,
    check=cross_check, citations=True, source_label="story",
    paths=PATHS, pages=pages, nav=nav, reviews=reviews,
    export=export, export_key="stories", citing=citing,
    lookups={"stories_about_myth": about_myth},
)
