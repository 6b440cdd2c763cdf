"""The field types and small models every kind of record shares (each kind's own model is in
its module under ``guidance/kinds/``).

Every model rejects unknown keys (``extra="forbid"``) and empty or placeholder text, so that a
typo or an unfinished edit stops the build instead of publishing a half-written page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

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
# A web address in text that should name a place in words.
WEB_ADDRESS = re.compile(r"https?://|\bwww\.", re.IGNORECASE)


# The only characters beyond ASCII that an ASCII letter matches in a pattern that ignores case
# (re.IGNORECASE): dotted and dotless i, the Kelvin sign and the long s. A text without them
# holds such a pattern's words only if its lower case holds them as written.
FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u212a\u017f]")


def _may_hold_markup(text: str, lowered: str, folded: bool) -> bool:
    """False only where RAW_HTML cannot match: it needs a '<', an '&', an '=' (on...=) or a ':'
    after 'script' or a link's '](' (data:). Cheap tests first: most texts have none of these."""
    return ("<" in text or "&" in text or "=" in text
            or (":" in text and ("](" in text or "script" in lowered or folded)))


def _real_text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be empty")
    # the patterns run only where they could match (the same answers: see FOLDS_TO_ASCII)
    lowered = stripped.lower()
    folded = FOLDS_TO_ASCII.search(stripped) is not None
    if (folded or "tb" in lowered or "todo" in lowered or "fixme" in lowered or "xxx" in lowered
            or "lorem ipsum" in lowered) and PLACEHOLDERS.search(stripped):
        raise ValueError(f"holds placeholder text ({PLACEHOLDERS.search(stripped).group(0)!r}); write the real text")
    if _may_hold_markup(stripped, lowered, folded) and (match := RAW_HTML.search(stripped)):
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
    # a link is "](" and a reference line "]:": a text with neither holds no link target
    for match in LINK_TARGET.finditer(text) if "](" in text or "]:" in text else ():
        target = match.group(1) if match.group(1) is not None else match.group(2)
        if target and not target.lower().startswith(LINK_SCHEMES):
            raise ValueError(f"links to {target!r}; a link in a record must be a whole web address (https://...), "
                             "an email address (mailto:...) or a heading on the same page (#...)")
    return Markdown(text)


# Plain text: shown exactly as written (escaped wherever it is placed; see guidance/text.py).
Text = Annotated[str, AfterValidator(_real_text)]
# Markdown prose: links and emphasis allowed; raw HTML, script links and curly brackets refused.
Prose = Annotated[str, AfterValidator(_prose)]

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


Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


class Citation(Record):
    """A pointer into a bibliography entry."""

    source: Key = Field(description="Key of a bibliography entry (bibliography/<key>.yml)")
    at: Text = Field(description="Section, page or paragraph cited, in words, e.g. 'section 2, p. 6'")
    addresses: list[HttpUrl] = Field(default_factory=list,
                                     description="The web addresses checked for this citation, kept as a record")

    @field_validator("at")
    @classmethod
    def _place_in_words(cls, at: str) -> str:
        if WEB_ADDRESS.search(at):
            raise ValueError("must name the place in words (a section, page or heading), not a web address: "
                             "move the address to this citation's addresses list")
        return at

    def as_export(self) -> dict:
        """The citation as plain data for the machine-readable export, its addresses as plain strings."""
        return {"source": self.source, "at": self.at, "addresses": [str(address) for address in self.addresses]}


class Point(Record):
    """One background point, optionally with the law it rests on and the document it comes from."""

    text: Prose
    law: list[Key] = Field(default_factory=list, description="Keys of the legal references this point states "
                                                             "(law/<key>.yml); a point that says 'must' needs one")
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

# A question that can be answered yes or no opens with one of these words ...
YES_NO_QUESTION = re.compile(r"^(?:do|does|did|can|could|will|would|is|are|was|were|should|shall|must|may|might|has|have)\b",
                             re.IGNORECASE)
# ... and its answer gives the position first: yes, no, or what it depends on.
POSITION = re.compile(r"^(?:yes|no|it depends on)\b", re.IGNORECASE)
# A question about cost, numbers or time is answered with a recorded figure.
QUANTITY_QUESTION = re.compile(r"\b(?:how much|how many|how long|how often|cost|costs|when)\b", re.IGNORECASE)


def position_first(question: str | None, answer: str) -> str:
    """An answer to a yes-or-no question says yes, no or 'it depends on ...' first."""
    if question and YES_NO_QUESTION.match(question) and not POSITION.match(answer):
        raise ValueError("the question can be answered yes or no, so the answer must give the position first: "
                         "start with 'Yes', 'No' or 'It depends on ...', then say why")
    return answer


def figure_for_quantity(question: str, answer_figure: str | None) -> str | None:
    """An answer about cost, numbers or time names the figure it gives (answer_figure)."""
    if answer_figure is None and QUANTITY_QUESTION.search(question):
        raise ValueError("the question asks about cost, numbers or time, so the answer must give the figure: "
                         "add answer_figure: with the id of the recorded figure (figures/), which is shown "
                         "beside the answer")
    return answer_figure


class Answering(Record):
    """A record that answers a question staff or leaders ask (a myth, a question): its
    ``answer`` gives the position first, and its ``answer_figure`` names the figure that answers
    a question about cost, numbers or time. The fields are the record's own; the rules are here."""

    @field_validator("answer", check_fields=False)
    @classmethod
    def _position_first(cls, answer: str, info: ValidationInfo) -> str:
        return position_first(info.data.get("question"), answer)

    @field_validator("answer_figure", check_fields=False)
    @classmethod
    def _figure_for_quantity(cls, answer_figure: str | None, info: ValidationInfo) -> str | None:
        return figure_for_quantity(info.data.get("question") or "", answer_figure)
