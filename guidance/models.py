"""Pydantic models for every kind of record the guidance holds.

Each model rejects unknown keys (``extra="forbid"``) and empty or placeholder
text, so that a typo or an unfinished edit stops the build instead of
publishing a half-written page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, ValidationInfo, field_validator, model_validator

from .text import Markdown

# Words that mark text as unfinished. Matched as whole words, any case.
PLACEHOLDERS = re.compile(r"\b(TBC|TBD|TODO|FIXME|XXX|lorem ipsum)\b", re.IGNORECASE)
# Raw HTML or script in content. Content is Markdown only; markup lives in templates.
# Also refused: script-bearing URL schemes, event attributes (for attr_list), and character
# references, which could smuggle any of these past the other patterns.
# Every quantifier is possessive (*+, ++, ?+): none can give back what it took, so a match
# attempt never backtracks and a search takes time in proportion to the text, whatever it
# holds ('<' and a quarter of a million spaces took minutes with plain quantifiers). None of
# them can give back anything that would let the pattern match: what follows each is a
# character the quantified part cannot match.
RAW_HTML = re.compile(
    r"<\s*+/?+\s*+[a-zA-Z!?]|\b(?:java|vb)script\s*+:|\]\(\s*+<?+\s*+data\s*+:|\bon[a-z]++\s*+=|&#?+[a-z0-9]++;",
    re.IGNORECASE,
)


# Curly brackets open attribute lists ({: #id .class }) and template delimiters ({{ }}, {% %}).
BRACES = re.compile(r"[{}]")


def _real_text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be empty")
    if PLACEHOLDERS.search(stripped):
        raise ValueError(f"holds placeholder text ({PLACEHOLDERS.search(stripped).group(0)!r}); write the real text")
    if match := RAW_HTML.search(stripped):
        raise ValueError(
            f"holds raw HTML or script ({stripped[match.start() : match.start() + 24]!r}); "
            "write Markdown only (links as [text](address))"
        )
    return stripped


# The target of each Markdown link ([text](target) or a reference line [text]: target); each
# quantified part stops at a character it cannot take, so a search never backtracks.
LINK_TARGET = re.compile(r"\]\(\s*+<?+([^\s)>]*+)|^[ \t]*+\[[^\]\n]*+\]:[ \t]*+<?+([^\s>]*+)", re.MULTILINE)
# A record's text is shown on pages at different depths, so it links only to whole addresses
# or to a heading on its own page: a relative address could lead anywhere, out of the site too.
LINK_SCHEMES = ("https://", "http://", "mailto:", "#")


def _prose(value: str) -> Markdown:
    text = _real_text(value)
    if match := BRACES.search(text):
        raise ValueError(
            f"holds a curly bracket ({text[max(match.start() - 12, 0) : match.start() + 12]!r}); curly brackets are not "
            "allowed in Markdown text because they would set HTML attributes; write the sentence without them"
        )
    for match in LINK_TARGET.finditer(text):
        target = match.group(1) if match.group(1) is not None else match.group(2)
        if target and not target.lower().startswith(LINK_SCHEMES):
            raise ValueError(f"links to {target!r}; a link in a record must be a whole web address (https://...), "
                             "an email address (mailto:...) or a heading on the same page (#...)")
    return Markdown(text)


# Plain text: shown exactly as written (escaped wherever it is placed; see guidance/text.py).
Text = Annotated[str, AfterValidator(_real_text)]
# Markdown prose: links and emphasis allowed; raw HTML, script links and curly brackets refused.
Prose = Annotated[str, AfterValidator(_prose)]

# legislation.gov.uk addresses: type/year/number, then the part: contents, section/N, schedule/N, regulation/N or article/N
LEGISLATION = re.compile(
    r"^https://www\.legislation\.gov\.uk/(ukpga|uksi|eur|asp|anaw|nia|nisi)/(\d{4})/\d+"
    r"(/(contents|(section|schedule|regulation|article)/\d+[A-Z]*))?/?$"
)
# the provision a record names, e.g. "section 75", "Schedule 19", "whole Act"
PROVISION = re.compile(r"^(?:(section|schedule|regulation|article) (\d+[A-Z]*)|(whole)\b)", re.IGNORECASE)
# Dates a record may hold: anything outside is a typing mistake (9999-12-30, 0201-01-01).
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
# A review or a law check may be planned at most this far after the last one.
MAX_REVIEW_INTERVAL = dt.timedelta(days=5 * 365 + 1)


def _sensible_date(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"{value.isoformat()} is not a likely date; use a date between {EARLIEST.year} and {LATEST.year}")
    return value


Date = Annotated[dt.date, AfterValidator(_sensible_date)]


def check_interval(last: dt.date, due: dt.date, last_name: str, due_name: str) -> None:
    if due <= last:
        raise ValueError(f"{due_name} must be later than {last_name}")
    if due - last > MAX_REVIEW_INTERVAL:
        raise ValueError(f"{due_name} is more than five years after {last_name}; plan the next one sooner")


ARCHIVE = re.compile(r"^https://webarchive\.nationalarchives\.gov\.uk/ukgwa/((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{6})/https?://")
Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


class Citation(Record):
    """A pointer into a bibliography entry."""

    source: Key = Field(description="Key of a bibliography entry (bibliography/<key>.yml)")
    at: Text = Field(description="Section, page or paragraph cited, e.g. 'section 2, p. 6'")


class Point(Record):
    """One background point, optionally with its own citation."""

    text: Prose
    cite: Citation | None = Field(default=None, description="Where this point (and any figure in it) comes from")


class Example(Record):
    """What one local area did."""

    place: Text
    what: Prose
    cite: Citation


class CurrencyNote(Record):
    """A dated note where the law or the organisations have changed since the source."""

    date: Date = Field(description="When this note was written or last confirmed")
    note: Prose


class Review(Record):
    owner: Text
    last_reviewed: Date
    next_review_due: Date

    @model_validator(mode="after")
    def _due_after_review(self) -> Review:
        check_interval(self.last_reviewed, self.next_review_due, "last_reviewed", "next_review_due")
        return self


class Section(Record):
    id: Key
    title: Text
    summary: Text = Field(description="One or two sentences shown on the home page and the section page")


def unique_ids(items, what: str) -> None:
    """Refuse a list whose entries share an id (items of a framework part, points of a list)."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{what} id {item.id!r} is used twice")
        seen.add(item.id)


def check_references(report, folder: str, ident: str, record, references) -> None:
    """Report each id in a record's list fields that names nothing. ``references`` holds
    (field, the ids that exist or None to skip, what they are called)."""
    for field, known, what in references:
        if known is None:
            continue
        for i, target in enumerate(getattr(record, field)):
            if target not in known:
                report(folder, ident, (field, i), f"unknown {what} {target!r}", (field, target))


ANSWER_WORDS = 25  # GOV.UK: aim for sentences of at most 25 words


def _a_question(question: str) -> str:
    if not question.endswith("?"):
        raise ValueError("must be a question, ending with a question mark, as staff would ask it")
    return question


def _short_answer(answer: str) -> str:
    words = len(answer.split())
    if words > ANSWER_WORDS:
        raise ValueError(f"is {words} words long; the answer is read in a glance, so keep it to {ANSWER_WORDS} words "
                         "or fewer and move the detail into the response")
    return answer


# The question people ask, as they ask it, and its answer in one short sentence (myths, questions).
Question = Annotated[Text, AfterValidator(_a_question)]
Answer = Annotated[Text, AfterValidator(_short_answer)]


class Myth(Record):
    id: Key = Field(description="Stable id; must match the file name; used in the page address /myths/<id>/")
    section: Key = Field(description="Id of a section in sections.yml")
    title: Text = Field(description="Short title for navigation and search")
    question: Question = Field(description="The question staff ask, in their words, ending with a question mark; the page's heading")
    myth: Text = Field(description="The myth as people say it")
    answer: Answer = Field(description=f"The answer in one sentence of at most {ANSWER_WORDS} words")
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


LawStatus = Literal["in force", "in force, amended", "partly repealed", "repealed", "revoked"]


class Law(Record):
    key: Key = Field(description="Stable key; must match the file name; page address /law/<key>/")
    act: Text = Field(description="Full title of the Act or instrument, e.g. 'National Health Service Act 2006'")
    provision: Text = Field(description="The part cited, e.g. 'section 75' or 'whole Act'")
    short: Text = Field(description="Short citation used in links, e.g. 'NHS Act 2006 s75'")
    title: Text = Field(description="The provision's heading as published today")
    summary: Text = Field(description="Plain-English summary")
    allows: list[Prose] = Field(min_length=1, description="What it allows or requires")
    does_not: list[Prose] = Field(min_length=1, description="What it does not allow or do")
    url: HttpUrl
    status: LawStatus
    status_note: Prose = Field(description="What changed it and when, or that it stands unchanged")
    replaced_by: list[Key] = Field(default_factory=list, description="Keys of the laws that replaced it")
    checked: Date = Field(description="Date the title and status were last checked against legislation.gov.uk")
    next_check_due: Date = Field(description="When the title and status should next be checked")
    unconfirmed: Prose | None = Field(
        default=None, description="Anything the last check could not confirm against the published text, said plainly"
    )
    sources: list[Citation] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list)
    changes: list[Key] = Field(default_factory=list, description="Ids of changes since the sources (changes/<id>.yml) this record relies on")
    currency: list[CurrencyNote] = Field(default_factory=list, description="Dated notes that concern this law alone")

    @property
    def label(self) -> str:
        """The short citation and the provision's heading, without saying the same thing twice
        ('Health and Care Act 2022', not 'Health and Care Act 2022: Health and Care Act 2022')."""
        short, title = self.short.casefold(), self.title.casefold()
        if title in short or short in title or title in self.act.casefold():
            return self.short
        return f"{self.short}: {self.title}"

    @field_validator("url")
    @classmethod
    def _official_address(cls, url: HttpUrl, info: ValidationInfo) -> HttpUrl:
        """The address must be legislation.gov.uk's, for the year of the Act and the provision named."""
        if url.scheme != "https" or url.host != "www.legislation.gov.uk":
            raise ValueError("must be an https://www.legislation.gov.uk/ address")
        match = LEGISLATION.match(str(url))
        if not match:
            raise ValueError(f"{url} does not follow legislation.gov.uk's pattern (e.g. /ukpga/2006/41/section/75)")
        act, provision = info.data.get("act"), info.data.get("provision")
        if act and match.group(2) not in act:
            raise ValueError(f"is for a law of {match.group(2)}, but act is {act!r}")
        if provision:
            part = PROVISION.match(provision)
            if part is None:
                raise ValueError("provision must start with 'section N', 'Schedule N', 'regulation N', 'article N' or 'whole'")
            expected = "/contents" if part.group(3) else f"/{part.group(1).lower()}/{part.group(2)}"
            if not str(url).rstrip("/").endswith(expected):
                raise ValueError(f"provision is {provision!r}, so the address should end with {expected!r}")
        return url

    @model_validator(mode="after")
    def _next_check_after_check(self) -> Law:
        check_interval(self.checked, self.next_check_due, "checked", "next_check_due")
        return self

    @model_validator(mode="after")
    def _replacement_named(self) -> Law:
        if self.status in {"repealed", "revoked"} and not self.replaced_by:
            raise ValueError(f"status is {self.status!r} but replaced_by is empty")
        return self


class Source(Record):
    """A bibliography entry."""

    key: Key = Field(description="Stable key; must match the file name")
    title: Text
    subtitle: Text | None = Field(default=None, description="The part of the title after the colon, if any")
    publisher: Text
    edition: Text | None = None
    year: int = Field(ge=1900, le=2100)
    date: Text | None = Field(default=None, description="Month or full date of publication where known")
    authors: list[Text] = Field(default_factory=list)
    reference: Text | None = Field(default=None, description="Gateway or other reference number")
    url: HttpUrl | None = Field(default=None, description="Where the document was first published (kept as a record)")
    url_gone: bool = Field(default=False, description="true if the original address no longer opens the document")
    archived_url: HttpUrl | None = Field(
        default=None,
        description="Its copy in the UK Government Web Archive: https://webarchive.nationalarchives.gov.uk/ukgwa/<14-digit capture time>/<original address>")
    current_url: HttpUrl | None = Field(default=None, description="Where the current edition lives, if it has moved or been revised")
    note: Prose | None = None

    @field_validator("archived_url")
    @classmethod
    def _web_archive(cls, url: HttpUrl | None) -> HttpUrl | None:
        if url is not None and not ARCHIVE.match(str(url)):
            raise ValueError("must be a UK Government Web Archive address: "
                             "https://webarchive.nationalarchives.gov.uk/ukgwa/<14-digit capture time>/<original address>")
        return url

    @model_validator(mode="after")
    def _archive_needs_original(self) -> Source:
        if self.archived_url is not None and self.url is None:
            raise ValueError("archived_url is set, so url must keep the original address")
        if self.url_gone and self.url is None:
            raise ValueError("url_gone is true, so url must keep the original address")
        return self

    @property
    def archived_on(self) -> dt.date | None:
        """The capture date, read from the archive address."""
        if self.archived_url is None:
            return None
        stamp = ARCHIVE.match(str(self.archived_url)).group(1)
        return dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
