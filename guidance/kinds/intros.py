"""The opening of each page that lists records: its title and a short introduction.

They live in one file, ``intros.yml``, so that a fork can word them and the copy check reads
them as content, instead of being fixed text in the templates.
"""

from __future__ import annotations

from pydantic import Field

from ..kind import Kind
from ..models import Prose, Record, Text

FILE = "intros.yml"


class Intro(Record):
    title: Text = Field(description="The page's title and heading")
    description: Text = Field(description="One sentence for search engines and link previews")
    intro: Prose = Field(description="One or two short paragraphs under the heading: what the page holds and how to read it")


class Intros(Record):
    """One entry for each page that lists records."""

    your_budget: Intro = Field(description="/your-budget/: pages for people with a budget and their families")
    questions: Intro = Field(description="/questions/: the questions leaders ask")
    evidence: Intro = Field(description="/evidence/: key facts and figures")
    lessons: Intro = Field(description="/lessons/: lessons and messages")
    stories: Intro = Field(description="/stories/: people's stories")
    changes: Intro = Field(description="/changes/: what has changed since the guidance was written")


KIND = Kind(
    name="intros", attribute="intros", model=Intros, file=FILE, shape="single",
    missing="it holds the title and introduction of each listing page", count=lambda n: "",
    records_counted=lambda cat: 0,
)
