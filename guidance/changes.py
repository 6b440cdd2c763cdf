"""Changes since the sources: one dated record for each change that touches many pages.

The sources date from 2012-2014. When the law or the NHS has changed since (integrated care
boards replaced clinical commissioning groups; the Data Protection Act 2018 replaced the 1998
Act; the legal right to have a budget now covers more people), the change is written once, in
``changes/<id>.yml``, and every record that relies on it cites it by id in its ``changes`` list.
Each citing page shows the change's one-line summary and links to its own page under
``/changes/``, which gives the detail, the law, the addresses checked and the date of the check.

A change lists the words (``terms``) that show a record depends on it. The check fails when a
record uses one of those words and does not cite the change, so a new page cannot state an
old position as current without saying what has changed.

This module holds the model, the cross-check and the pages.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from pydantic import BaseModel, Field, HttpUrl, model_validator

from .models import Citation, Date, Key, Prose, Record, Text, check_interval

FOLDER = "changes"
TEMPLATE = "changes/change.md.j2"
INDEX_TEMPLATE = "changes/index.md.j2"
# Fields that name things (ids, keys, addresses) rather than say things; never searched for terms.
NOT_TEXT = {"id", "key", "section", "law", "related", "changes", "replaced_by", "url", "element", "kind", "setting",
            "myths", "figures", "questions", "framework", "newer", "unit"}


class Change(Record):
    id: Key = Field(description="Stable id; must match the file name; page address /changes/<id>/")
    title: Text = Field(description="What changed, as a short statement, e.g. 'Integrated care boards replaced clinical commissioning groups'")
    date: Date = Field(description="When the change took effect (for a planned change, when it was announced)")
    status: Literal["in effect", "planned"] = Field(description="'in effect', or 'planned' for a change announced but not yet law")
    summary: Text = Field(description="One or two sentences shown on every page that cites this change")
    detail: Prose = Field(description="The full account, shown on the change's own page")
    terms: list[Text] = Field(
        default_factory=list,
        description="Words that show a record relies on this change (a plural 's' is matched too); a record that uses one must cite it")
    law: list[Key] = Field(default_factory=list, description="Keys of legal references (law/<key>.yml)")
    sources: list[Citation] = Field(min_length=1)
    confirmed_at: list[HttpUrl] = Field(min_length=1, description="The legislation.gov.uk or NHS England addresses checked")
    checked: Date = Field(description="When those addresses were last checked")
    next_check_due: Date
    unconfirmed: Prose | None = Field(default=None, description="Anything the last check could not confirm, said plainly")

    @model_validator(mode="after")
    def _next_check_after_check(self) -> Change:
        check_interval(self.checked, self.next_check_due, "checked", "next_check_due")
        return self

    @functools.cached_property
    def pattern(self) -> re.Pattern | None:
        if not self.terms:
            return None
        return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in self.terms) + r")s?\b", re.IGNORECASE)


def ordered(cat) -> list[Change]:
    """Newest first: the change a reader is most likely to have missed."""
    return sorted(cat.changes.values(), key=lambda c: (c.date, c.id), reverse=True)


def texts(record: BaseModel, prefix: tuple = ()) -> list[tuple[tuple, str]]:
    """Every sentence-bearing string in a record, with where it is."""
    out: list[tuple[tuple, str]] = []
    if isinstance(record, Citation):
        return out
    if isinstance(record, BaseModel):
        for name in type(record).model_fields:
            if name not in NOT_TEXT:
                out += texts(getattr(record, name), prefix + (name,))
    elif isinstance(record, (list, tuple)):
        for i, item in enumerate(record):
            out += texts(item, prefix + (i,))
    elif isinstance(record, str):
        out.append((prefix, record))
    return out


def cited_by(cat) -> dict[str, list[tuple[str, str, str]]]:
    """Change id -> [(page path, page title, kind)] of every record that cites it."""
    found: dict[str, list[tuple[str, str, str]]] = {c: [] for c in cat.changes}
    for kind, record, path, title in citing_records(cat):
        for change in record.changes:
            if change in found:
                found[change].append((path, title, kind))
    return found


def citing_records(cat):
    """(kind, record, page path, page title) of every record that can be checked for a change's words
    (stories hold no changes list: a story that uses them fails the check)."""
    from . import figures, framework, lessons, paths, questions, stories

    for m in cat.ordered_myths:
        yield "myths", m, paths.myth(m.id), m.title
    for law in cat.ordered_laws:
        yield "law", law, paths.law(law.key), law.label
    for part in framework.ordered(cat.framework):
        page = part.id if part.kind == "element" else part.element
        yield framework.FOLDER, part, paths.framework_element(page), part.title
    for q in questions.ordered(cat):
        yield questions.FOLDER, q, paths.question(q.id), q.question
    for x in lessons.ordered(cat):
        yield lessons.FOLDER, x, paths.lesson(x.id), x.title
    for s in figures.ordered(cat):
        yield figures.FOLDER, s, paths.EVIDENCE, s.title
    for s in stories.ordered(cat):
        yield stories.FOLDER, s, paths.STORIES, f"{s.name}: {s.title}"


def cross_check(cat, report) -> None:
    """Every cited change exists; every record that uses a change's words cites it."""
    for kind, record, _path, _title in citing_records(cat):
        ident = getattr(record, "id", None) or getattr(record, "key")
        for i, change in enumerate(record.changes):
            if change not in cat.changes:
                report(kind, ident, ("changes", i), f"unknown change {change!r} (no changes/{change}.yml)", (FOLDER, change))
            elif change in record.changes[:i]:
                report(kind, ident, ("changes", i), f"{change!r} is listed twice")
        for change in cat.changes.values():
            if change.id in record.changes or change.pattern is None:
                continue
            for loc, text in texts(record):
                if match := change.pattern.search(text):
                    report(kind, ident, loc,
                           f"mentions {match.group(0)!r}, which has changed since the sources were written "
                           f"({change.title}, {change.date.strftime('%-d %B %Y')}); add {change.id!r} to this record's changes list")
                    break
    for change in cat.changes.values():
        for i, key in enumerate(change.law):
            if key not in cat.laws:
                report(FOLDER, change.id, ("law", i), f"unknown legal reference {key!r} (no law/{key}.yml)", ("law", key))


def pages(cat) -> list:
    from . import paths
    from .pages import PageSpec

    if not cat.changes:
        return []
    citing = cited_by(cat)
    specs = [PageSpec(paths.CHANGES, cat.intros.changes.title, INDEX_TEMPLATE,
                      {"description": cat.intros.changes.description},
                      {"changes": ordered(cat), "intro": cat.intros.changes})]
    for change in ordered(cat):
        specs.append(PageSpec(paths.change(change.id), change.title, TEMPLATE,
                              {"description": change.summary, "search": {"boost": 2}},
                              {"change": change, "citing": citing[change.id]}))
    return specs
