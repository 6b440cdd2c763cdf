"""The registry: every kind of record, in the order the site's pages are made.

Each kind declares itself once, in its own module here (see ``guidance/kind.py``). To add a
kind, write its module, give it a ``KIND``, and add it to this list.
"""

from __future__ import annotations

from . import changes, easyread, figures, framework, guides, intros, law, lessons, local, myths, questions, sections, sources, statements, stories

KINDS = (
    sections.KIND,
    myths.KIND,
    law.KIND,
    changes.KIND,
    questions.KIND,
    figures.KIND,
    lessons.KIND,
    stories.KIND,
    framework.KIND,
    local.KIND,
    guides.KIND,
    easyread.KIND,
    sources.KIND,
    intros.KIND,
    statements.KIND,
)
