"""Changes since the sources: one dated record for each change that touches many pages.

The sources date from 2012-2014. When the law or the NHS has changed since (integrated care
boards replaced clinical commissioning groups; the Data Protection Act 2018 replaced the 1998
Act; the legal right to have a budget now covers more people), the change is written once, in
``changes/<id>.yml``, and every record that relies on it cites it by id in its ``changes`` list.
Each citing page shows the change's one-line summary and links to its own page under
``/changes/``, which gives the detail, the law, the documents checked and the date of the check.

A change lists the words (``terms``) that show a record depends on it. The check fails when a
record uses one of those words and does not cite the change, so a new page cannot state an
old position as current without saying what has changed.

This module holds the model, the cross-check and the pages.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, HttpUrl, model_validator

from .. import paths
from ..kind import Kind
from ..loader import MAX_TERM_CHARS
from ..models import Citation, Date, Key, Prose, Record, Text, check_interval
from ..pages import PageSpec

FOLDER = "changes"

# The addresses of its pages (a page's source path; see paths.url_of)
def change_page(change_id: str) -> str:
    return f"changes/{change_id}.md"

CHANGES = "changes/index.md"
TEMPLATE = "changes/change.md.j2"
INDEX_TEMPLATE = "changes/index.md.j2"
def _short_term(term: str) -> str:
    if len(term) > MAX_TERM_CHARS:
        raise ValueError(f"is {len(term):,} characters long; a term is a name or a few words, at most {MAX_TERM_CHARS} "
                         "characters, so keep the words that show the change")
    return term


def _not_an_address(title: str) -> str:
    """The title is the link's text: an address there is what a reader should never have to read."""
    lowered = title.lower()
    if lowered.startswith(("http", "www")) or "://" in lowered:
        raise ValueError("is a web address; write the document's title as a reader would name it, "
                         "e.g. 'Care Act 2014, section 1', and put the address in url")
    return title


class CheckedDocument(Record):
    """One document a change was checked against: its title, shown as the link text, and its address."""

    title: Annotated[Text, AfterValidator(_not_an_address)] = Field(
        description="The document's title as a reader would name it, e.g. 'Care Act 2014, section 1' or "
                    "'NHS England: Personal health budgets'; never the address itself")
    url: HttpUrl = Field(description="The address of the document")


class Change(Record):
    id: Key = Field(description="Stable id; must match the file name; page address /changes/<id>/")
    title: Text = Field(description="What changed, as a short statement, e.g. 'Integrated care boards replaced clinical commissioning groups'")
    date: Date = Field(description="When the change took effect (for a planned change, when it was announced)")
    status: Literal["in effect", "planned"] = Field(description="'in effect', or 'planned' for a change announced but not yet law")
    summary: Text = Field(description="One or two sentences shown on every page that cites this change")
    detail: Prose = Field(description="The full account, shown on the change's own page")
    terms: list[Annotated[Text, AfterValidator(_short_term)]] = Field(
        default_factory=list,
        description="Words that show a record relies on this change (a plural 's' is matched too); a record that uses one must cite it")
    law: list[Key] = Field(default_factory=list, description="Keys of legal references (law/<key>.yml)")
    sources: list[Citation] = Field(min_length=1)
    confirmed_at: list[CheckedDocument] = Field(
        min_length=1, description="The documents checked (legislation.gov.uk, NHS England, GOV.UK), each with its title and url")
    checked: Date = Field(description="When those documents were last checked")
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


def cited_by(cat) -> dict[str, list[tuple[str, str, str]]]:
    """Change id -> [(page path, page title, kind)] of every record that cites it."""
    found: dict[str, list[tuple[str, str, str]]] = {c: [] for c in cat.changes}
    for kind, record, path, title in cat.citing_records():
        for change in record.changes:
            if change in found:
                found[change].append((path, title, kind))
    return found


# A text as runs of word characters and runs of other characters: a term (which \b bounds)
# always starts and ends where a run does.
_RUNS = re.compile(r"\w++|\W++")
_WORD = re.compile(r"\w")


def _lower(text: str) -> str:
    """Lower case, one character for one, so places in the result are places in the text."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Terms:
    """Every change's terms, found in a text in one pass over the text.

    The same as searching with each change's own ``pattern`` (``\\b(?:term|...)s?\\b``, any case),
    in time proportional to the text and not to the number of terms: at the start of each run of
    the text, the next few runs (as many as a term has) are looked up in a table of the terms.
    """

    def __init__(self, changes):
        self.changes: list[Change] = list(changes)
        self.terms: dict[str, list[tuple[int, int]]] = {}  # term in lower case -> (change's place, term's place in its list)
        self.runs: set[int] = set()  # how many runs the terms have
        for which, change in enumerate(self.changes):
            for place, term in enumerate(change.terms):
                self.terms.setdefault(_lower(term), []).append((which, place))
                self.runs.add(len(_RUNS.findall(term)))
        self.runs |= {n + 1 for n in self.runs}  # a term ending in a bracket, and the 's' after it
        self.counts = sorted(self.runs)
        self.longest = max(map(len, self.terms), default=0) + 1  # with its 's'
        self.sorted = sorted(self.terms)  # to ask whether any term starts with a span
        # The runs a match can start at: a match is a span of whole runs that is a term, or a term
        # and its plural 's', so its first run is a term's first run, or a one-run term with its
        # 's'. A text with none of them holds no term and is passed over at once; in the others,
        # only the runs that are one are looked at.
        self.openers = {runs[0] + plural for runs in map(_RUNS.findall, self.terms) if runs for plural in ("", "s")}

    def _begins_a_term(self, span: str) -> bool:
        """Whether some term starts with ``span`` (lower case)."""
        at = bisect.bisect_left(self.sorted, span)
        return at < len(self.sorted) and self.sorted[at].startswith(span)

    def first_in(self, text: str) -> list[tuple[Change, str]]:
        """For each change whose terms the text uses, the words of its first match, as its pattern finds it:
        the leftmost, then the term listed first, then with the plural 's' if it can take it."""
        if not self.terms:
            return []
        lowered = _lower(text)
        # each run, lower case: _lower keeps every character a word character or not, as it was,
        # so the runs of the lowered text are the text's runs
        runs = _RUNS.findall(lowered)
        if self.openers.isdisjoint(runs):
            return []
        ends = list(itertools.accumulate(map(len, runs)))  # the runs make up the whole text
        begins = [0, *ends[:-1]]
        best: dict[int, tuple[int, int, int]] = {}  # change -> (start, place of the term, minus the end): least first
        settled: set[str] = set()  # terms already found: a later place cannot come first
        # only the runs a term can start with are looked at, in order (few: most runs start none)
        for i in itertools.compress(range(len(runs)), map(self.openers.__contains__, runs)):
            start = begins[i]
            here: set[str] = set()
            for n in self.counts:
                if i + n > len(ends) or ends[i + n - 1] - start > self.longest:
                    break
                end = ends[i + n - 1]
                # \b before and after: a term that starts (ends) with a mark rather than a letter
                # needs a letter before (after) it, so it cannot start (end) the text
                if not ((start > 0 or _WORD.match(text, start)) and (end < len(text) or _WORD.match(text, end - 1))):
                    continue
                span = lowered[start:end]
                for term in (span, span[:-1]) if span.endswith("s") else (span,):
                    if term in settled or term not in self.terms:
                        continue
                    for which, place in self.terms[term]:
                        if which not in best or (start, place, -end) < best[which]:
                            best[which] = (start, place, -end)
                    here.add(term)
                if not self._begins_a_term(span):  # a longer span holds this one: no term can match it
                    break
            settled |= here
        return [(self.changes[which], text[first:-minus_end]) for which, (first, _, minus_end) in sorted(best.items())]


def cross_check(cat, report) -> None:
    """Every cited change exists; every record that uses a change's words cites it."""
    terms = Terms(cat.changes.values())
    for kind, record, _path, _title in cat.citing_records():
        ident = getattr(record, "id", None) or getattr(record, "key")
        listed: set[str] = set()
        for i, change in enumerate(record.changes):
            if change not in cat.changes:
                report(kind, ident, ("changes", i), f"unknown change {change!r} (no changes/{change}.yml)", (FOLDER, change))
            elif change in listed:
                report(kind, ident, ("changes", i), f"{change!r} is listed twice")
            listed.add(change)
        found: set[str] = set()
        for loc, text in cat.texts(record):
            for change, words in terms.first_in(text):
                if change.id in listed or change.id in found:
                    continue
                found.add(change.id)
                report(kind, ident, loc,
                       f"mentions {words!r}, which has changed since the sources were written "
                       f"({change.title}, {change.date.strftime('%-d %B %Y')}); add {change.id!r} to this record's changes list")
    for change in cat.changes.values():
        for i, key in enumerate(change.law):
            if key not in cat.laws:
                report(FOLDER, change.id, ("law", i), f"unknown legal reference {key!r} (no law/{key}.yml)", ("law", key))


def pages(cat) -> list:
    if not cat.changes:
        return []
    citing = cited_by(cat)
    specs = [PageSpec(CHANGES, cat.intros.changes.title, INDEX_TEMPLATE,
                      {"description": cat.intros.changes.description},
                      {"changes": ordered(cat), "intro": cat.intros.changes})]
    for change in ordered(cat):
        specs.append(PageSpec(change_page(change.id), change.title, TEMPLATE,
                              {"description": change.summary},
                              {"change": change, "citing": citing[change.id]}))
    return specs


def nav(cat) -> list:
    # the group's label is its own page's title (the theme makes that page the group's link)
    return [(8, cat.intros.changes.title, [CHANGES] + [change_page(c.id) for c in ordered(cat)])] if cat.changes else []


def export(cat, base: str) -> list:
    citing = cited_by(cat)
    return [
        {
            "id": c.id,
            "title": c.title,
            "url": base + paths.url_of(change_page(c.id)),
            "date": c.date.isoformat(),
            "status": c.status,
            "summary": c.summary,
            "confirmed_at": [{"title": d.title, "url": str(d.url)} for d in c.confirmed_at],
            "checked": c.checked.isoformat(),
            "cited_by": [base + paths.url_of(path) for path, _title, _kind in citing[c.id]],
        }
        for c in ordered(cat)
    ]


def addresses(cat) -> dict:
    return {change_page(ident): ((FOLDER, ident), ("id",), ident) for ident in cat.changes}


def reviews(cat) -> dict:
    own = {change_page(c.id): ("record", c.checked, c.next_check_due, None, True) for c in cat.changes.values()}
    return {**own, CHANGES: ("pages", [(c.checked, c.next_check_due) for c in cat.changes.values()])}


PATHS = {"change": change_page, "changes": CHANGES}


KIND = Kind(
    name="change", attribute="changes", model=Change, folder=FOLDER, count=lambda n: f"{n} changes",
    order=ordered,
    check=cross_check, citations=True, source_label="change",
    paths=PATHS, pages=pages, nav=nav, addresses=addresses, reviews=reviews,
    export=export, export_key="changes",
)
