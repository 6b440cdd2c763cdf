"""The local settings: ``local.yml``, the one file a commissioner edits.

It names the organisation and the area, gives the contacts, answers the framework's
questions (see ``guidance/kinds/framework.py``), and sets the panel, sign-off, payment and
review rules. Every value lives here once and is rendered wherever it is needed: the
organisation's name in the header, the footer, every page title, the framework's owner
and the board paper.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, HttpUrl, model_validator

from .. import paths
from ..kind import Kind
from ..pages import PageSpec
from ..models import Prose, Record, Review, Text

LOCAL_FILE = "local.yml"

# The addresses of its pages (a page's source path; see paths.url_of)
LOCAL_OFFER = "local-offer.md"
SCHEMA_LINE = "# yaml-language-server: $schema=schema/local.schema.json"

Status = Literal["agreed", "views-differ", "not-yet-answered"]
STATUS_LABELS = {"agreed": "Agreed", "views-differ": "Views differ", "not-yet-answered": "Not yet agreed locally"}
Phone = Field(pattern=r"^\+?[0-9][0-9 ]{6,18}[0-9]$", description="A UK phone number, digits and spaces, e.g. 0300 123 4567")
Email = Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", description="An email address")


class Organisation(Record):
    name: Text = Field(max_length=80, description="The organisation's full name, shown in the header, the footer, every page title and the board paper")
    area: Text = Field(max_length=60, description="The area it serves, as people say it, used in page titles such as 'Personal health budgets in <area>'")
    logo_text: Text = Field(max_length=24, description="Short text shown in the header in place of a logo")
    web_address: HttpUrl | None = Field(default=None, description="Where the site is published; sets the site's address")
    report_a_problem: str = Field(
        pattern=r"^([^@\s]+@[^@\s]+\.[a-z]{2,}|https://\S+)$",
        description="Where people report a problem with a page: an email address, or a web address such as the "
                    "repository's issues page",
    )


class Contact(Record):
    name: Text = Field(description="Team or service name")
    phone: str = Phone
    email: str = Email
    hours: Text = Field(description="When the line is open, e.g. 'Monday to Friday, 9am to 5pm'")


class Contacts(Record):
    budget_team: Contact = Field(description="Who to ask about having a personal health budget")
    care_coordination: Contact = Field(description="Care co-ordination: who helps with a care plan once a budget is agreed")
    reconsideration: Contact = Field(description="Who to contact to ask for a decision to be looked at again, or to complain")


class Answer(Record):
    """The local answer to one framework question."""

    status: Status = Field(description="agreed, views-differ or not-yet-answered")
    answer: Prose | None = Field(default=None, description="The local answer (agreed), or the views held (views-differ)")

    @model_validator(mode="after")
    def _answer_given(self) -> Answer:
        if self.status != "not-yet-answered" and self.answer is None:
            raise ValueError(f"status is {self.status!r}, so write the answer (or set status: not-yet-answered)")
        if self.status == "not-yet-answered" and self.answer is not None:
            raise ValueError("status is 'not-yet-answered' but an answer is given; set status to agreed or views-differ")
        return self


class Panel(Record):
    """The risk-enablement panel's local parameters."""

    notice_working_days: int = Field(ge=1, le=30, description="Working days' notice a referral needs before a decision")
    quorum: int = Field(ge=2, le=15, description="How many members must be present to decide")
    required_members: list[Text] = Field(min_length=1, description="Members who must be among the quorum")
    decision_rule: Text = Field(description="How the panel decides, e.g. 'unanimous agreement of the members present'")
    meets: Text = Field(description="How often it meets, e.g. 'as needed, within the notice period'")

    @model_validator(mode="after")
    def _quorum_holds_required(self) -> Panel:
        if self.quorum < len(self.required_members):
            raise ValueError(f"quorum is {self.quorum} but {len(self.required_members)} members are required to be present")
        return self


class DelegatedLimit(Record):
    role: Text = Field(description="Who may sign off a care plan, e.g. 'care co-ordinator'")
    up_to: int = Field(ge=0, description="Largest yearly budget, in whole pounds, they may sign off alone")


class SignOff(Record):
    rules: list[Prose] = Field(min_length=1, description="Local rules for signing off a care plan")
    delegated_limits: list[DelegatedLimit] = Field(min_length=1)


class Payments(Record):
    frequency: Text = Field(description="How often a direct payment is paid, e.g. 'every four weeks'")
    contingency: Prose = Field(description="What can be kept for emergencies and what happens to money not spent")


class LocalSettings(Record):
    """local.yml: everything a commissioner changes, in one place."""

    organisation: Organisation
    contacts: Contacts
    questions: dict[str, Answer] = Field(
        default_factory=dict,
        description="Answers to the framework's questions, by question id; a question left out is 'not yet agreed locally'",
    )
    panel: Panel
    sign_off: SignOff
    cannot_buy: list[Prose] = Field(default_factory=list, description="Local additions to what a budget cannot buy")
    payments: Payments
    review: Review = Field(description="Who owns the local framework (a team or post) and when it is reviewed")


def setting_paths(model: type[Record] = LocalSettings, prefix: str = "") -> set[str]:
    """Every dotted path a framework item may show, e.g. 'panel.quorum'."""
    paths: set[str] = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.add(path)
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, Record):
            paths |= setting_paths(annotation, path + ".")
    return paths


def setting_value(settings: LocalSettings, path: str):
    value = settings
    for part in path.split("."):
        value = getattr(value, part)
    return value


# The framework parts the local offer draws on, and the legal-duties items it lists as rights.
OFFER_PARTS = {"duties": "legal-duties", "features": "essential-features", "ways": "ways-to-hold", "cannot": "cannot-buy"}


def pages(cat) -> list:
    """The public local offer, /local-offer/."""
    if cat.local is None or any(part_id not in cat.framework for part_id in OFFER_PARTS.values()):
        return []
    area = cat.local.organisation.area
    records = {name: cat.framework[part_id] for name, part_id in OFFER_PARTS.items()}
    records["rights"] = [item.id for item in cat.framework["legal-duties"].items if item.id.startswith("right-to-have")]
    return [PageSpec(LOCAL_OFFER, f"Personal health budgets in {area}", "local/local-offer.md.j2",
                     {"description": f"What a personal health budget is, who can have one in {area}, how to ask and who to contact.",
                      "search": {"boost": 2}},
                     {"settings": cat.local, **records})]


def cross_check(cat, report) -> None:
    """The local offer needs the framework parts it draws on."""
    if cat.local is None or not cat.framework:
        return
    for part_id in OFFER_PARTS.values():
        if part_id not in cat.framework:
            report("local", "", (), f"the local offer needs framework/{part_id}.yml, which is missing", ("framework", part_id))


UNITS = {"panel.notice_working_days": "{} working days", "panel.quorum": "{} members"}


def setting_lines(cat, path: str) -> list:
    """A local.yml value as lines of text to show beside a framework item."""
    value = setting_value(cat.local, path)
    values = value if isinstance(value, list) else [value]
    lines = []
    for v in values:
        if isinstance(v, Contact):
            lines.append(f"{v.name}: phone {v.phone}, email {v.email} ({v.hours})")
        elif isinstance(v, DelegatedLimit):
            lines.append(f"{v.role}: up to £{v.up_to:,} a year")
        elif isinstance(v, int) and path in UNITS:
            lines.append(UNITS[path].format(v))
        else:
            lines.append(v)
    return lines


def nav(cat) -> list:
    return [(1, None, [{f"Personal health budgets in {cat.local.organisation.area}": LOCAL_OFFER}])] if cat.local else []


def review(cat):
    """The local framework's review, which every page about the area carries."""
    if cat.local is None:
        return None
    r = cat.local.review
    return ("record", r.last_reviewed, r.next_review_due, f"{r.owner}, {cat.local.organisation.name}", False)


def reviews(cat) -> dict:
    return {path: cat.local_review for path in (LOCAL_OFFER, "make-it-your-own.md")} if cat.local else {}


PATHS = {"local_offer": LOCAL_OFFER}


KIND = Kind(
    name="local", attribute="local", model=LocalSettings, file=LOCAL_FILE, shape="single",
    missing="copy local.yml from the project you forked",
    count=lambda n: "the local settings" if n else "no local settings",
    check=cross_check,
    paths=PATHS, pages=pages, nav=nav, reviews=reviews,
    lookups={"setting_lines": setting_lines},
    properties={"setting_paths": lambda cat: setting_paths(), "local_review": review},
)
