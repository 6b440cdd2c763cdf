"""The law: one file per legal reference in ``law/``, each an Act, section or regulation with its
title today, what it allows and does not, its status and when it was last checked, shown at
``/law/<key>/``."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, HttpUrl, ValidationInfo, field_validator, model_validator

from .. import paths
from ..kind import Kind, Macro
from ..models import Citation, CurrencyNote, Date, Key, Prose, Record, Text, check_interval
from ..pages import PageSpec

FOLDER = "law"

# The addresses of its pages (a page's source path; see paths.url_of)
def law_page(key: str) -> str:
    return f"law/{key}.md"

LAW_INDEX = "law/index.md"  # the hand-written page that lists the law
LAW_TITLE = "The law behind joint budgets"  # its title (front matter and heading), and its label in the menu
# Search weight of a repealed law: below the law in force that replaced it, which has the usual weight.
REPEALED_BOOST = 0.8

# legislation.gov.uk addresses: type/year/number, then the part: contents, section/N, schedule/N, regulation/N or article/N
LEGISLATION = re.compile(
    r"^https://www\.legislation\.gov\.uk/(ukpga|uksi|eur|asp|anaw|nia|nisi)/(\d{4})/\d+"
    r"(/(contents|(section|schedule|regulation|article)/\d+[A-Z]*))?/?$"
)
# the provision a record names, e.g. "section 75", "Schedule 19", "whole Act"
PROVISION = re.compile(r"^(?:(section|schedule|regulation|article) (\d+[A-Z]*)|(whole)\b)", re.IGNORECASE)

LawStatus = Literal["in force", "partly in force", "in force, amended", "partly repealed", "repealed", "revoked"]


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


def _provision_sort(provision: str) -> tuple[int, str]:
    digits = "".join(ch for ch in provision if ch.isdigit())
    return (int(digits) if digits else 0, provision)


def ordered(cat) -> list[Law]:
    return sorted(cat.laws.values(), key=lambda law: (law.act, _provision_sort(law.provision)))


def check(cat, report) -> None:
    for law in cat.laws.values():
        for i, key in enumerate(law.replaced_by):
            if key not in cat.laws:
                report(FOLDER, law.key, ("replaced_by", i), f"unknown legal reference {key!r} (no law/{key}.yml)", (FOLDER, key))


def pages(cat) -> list[PageSpec]:
    repealed = {law.key for law in cat.laws.values() if law.status in ("repealed", "revoked")}
    return [
        PageSpec(
            law_page(law.key),
            law.label,
            "law/law.md.j2",
            # a repealed law ranks below the current ones that replaced it
            {"description": law.summary, **({"search": {"boost": REPEALED_BOOST}} if law.key in repealed else {}), "tags": list(law.keywords)},
            {"law_record": law},
        )
        for law in cat.ordered_laws
    ]


def nav(cat) -> list:
    # the group's label is its own page's title (docs/law/index.md; the theme makes it the group's link)
    return [(7, LAW_TITLE, [LAW_INDEX] + [law_page(law.key) for law in cat.ordered_laws])]


def export(cat, base: str) -> list:
    return [
        {
            "key": law.key,
            "act": law.act,
            "provision": law.provision,
            "title": law.title,
            "url": base + paths.url_of(law_page(law.key)),
            "legislation_url": str(law.url),
            "status": law.status,
            "status_note": law.status_note,
            "checked": law.checked.isoformat(),
            "unconfirmed": law.unconfirmed,
            "cited_by": [m.id for m in cat.law_cited_by.get(law.key, [])],
        }
        for law in cat.ordered_laws
    ]


def citing(cat):
    for law in cat.ordered_laws:
        yield FOLDER, law, law_page(law.key), law.label


def addresses(cat) -> dict:
    return {law_page(key): ((FOLDER, key), ("key",), key) for key in cat.laws}


def reviews(cat) -> dict:
    own = {law_page(law.key): ("record", law.checked, law.next_check_due, None, True) for law in cat.laws.values()}
    dates = [(law.checked, law.next_check_due) for law in cat.laws.values()]
    return {**own, LAW_INDEX: ("pages", dates), "index.md": ("pages", dates), paths.SOURCES: ("pages", dates)}


def dues(cat) -> list:
    return [(f"{FOLDER}/{law.key}.yml", "check", law.next_check_due, "") for law in cat.ordered_laws]


PATHS = {"law": law_page, "law_index": LAW_INDEX}



def cite_law(renderer, page: str, key: str) -> str:
    """A citation link to a legal reference."""
    record = renderer.catalogue.laws.get(key)
    if record is None:
        raise KeyError(f"unknown legal reference {key!r} in {page}")
    return renderer.inline("law", law=record, href=renderer.link(page, law_page(key)))


def law_list(renderer, page: str) -> str:
    """Every legal reference in one list, with its status and the date it was checked."""
    return renderer.render("law/index.md.j2", page)


def law_checked(renderer, page: str, *keys: str, where: str = "on this page") -> str:
    """When the law on a page was last checked: the oldest check among the laws it cites, or,
    with no keys (the home page), among every law on the site. ``where`` names the page in the
    sentence ("in this paper" for the board paper, which is also printed)."""
    laws = renderer.catalogue.laws
    unknown = [key for key in keys if key not in laws]
    if unknown:
        raise KeyError(f"unknown legal reference {unknown[0]!r} in {page}")
    cited = [laws[key] for key in dict.fromkeys(keys)] if keys else list(laws.values())
    if not cited:
        return ""
    oldest = min(law.checked for law in cited)
    return renderer.inline("law-checked", oldest=oldest, newest=max(law.checked for law in cited), count=len(cited),
                           whole_site=not keys, where=where, href=renderer.link(page, LAW_INDEX))


MACROS = {
    "law_checked": Macro(law_checked),
    "law": Macro(cite_law, ("the key of a legal reference, e.g. law('s75')",), lambda cat: cat.laws, "legal reference"),
    "law_list": Macro(law_list),
}


KIND = Kind(
    name="law", attribute="laws", model=Law, folder=FOLDER, ident="key", count=lambda n: f"{n} legal references",
    order=ordered,
    check=check, citations=True, source_label="law", macros=MACROS,
    paths=PATHS, pages=pages, nav=nav, addresses=addresses, reviews=reviews, dues=dues,
    export=export, export_key="law", citing=citing,
    properties={"ordered_laws": ordered},
)
