"""People's stories: one file per person in ``stories/``, summarised in our own words.

Each story names its source and links to the myths it answers and the figures it
illustrates; the myth pages link back. This module holds the model, the cross-checks and the
page (``/stories/``, one section per story).
"""

from __future__ import annotations

from pydantic import Field

from . import paths
from .figures import all_figures
from .pages import PageSpec
from .models import Citation, CurrencyNote, Key, Prose, Record, Review, Text, check_references

FOLDER = "stories"
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

    figures = all_figures(cat)
    if any(folder == "figures" for folder, _ in cat.unloadable):
        figures = None  # a set of figures failed to load: its own problem is reported
    for s in cat.stories.values():
        check_references(report, FOLDER, s.id, s, (("myths", cat.myths, "myth"), ("figures", figures, "figure")))


def pages(cat) -> list:

    if not cat.stories:
        return []
    words = [w for s in ordered(cat) for w in s.keywords]
    return [PageSpec(paths.STORIES, cat.intros.stories.title, TEMPLATE,
                     {"description": cat.intros.stories.description, "tags": list(dict.fromkeys(words))},
                     {"stories": ordered(cat), "figures_by_id": all_figures(cat), "intro": cat.intros.stories})]
