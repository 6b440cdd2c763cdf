"""The local settings: ``local.yml``, the one file a commissioner edits.

It names the organisation and the area, gives the contacts, answers the framework's
questions (see ``guidance/kinds/framework.py``), and sets the panel, sign-off, payment and
review rules. Every value lives here once and is rendered wherever it is needed: the
organisation's name in the header, the footer, every page title, the framework's owner
and the board paper.
"""

from __future__ import annotations

import os
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from .. import paths, picture
from ..kind import Kind, Macro
from ..pages import FileSpec, PageSpec
from ..loader import LoadError, Problem, field_path, read_bytes
from ..models import Date, Prose, Record, Review, Text
from ..numbers import number, pounds

LOCAL_FILE = "local.yml"

# The addresses of its pages (a page's source path; see paths.url_of)
LOCAL_OFFER = "local-offer.md"
SCHEMA_LINE = "# yaml-language-server: $schema=schema/local.schema.json"

Status = Literal["agreed", "views-differ", "not-yet-answered"]
STATUS_LABELS = {"agreed": "Agreed", "views-differ": "Views differ", "not-yet-answered": "Not yet agreed locally"}
# What the board paper shows for a value local.yml does not set yet.
TO_BE_AGREED = "To be agreed"
# The longest local answer: a few sentences, read beside the question.
MAX_ANSWER_CHARS = 1200

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
WEB = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)
# A UK phone number as people write it: digits in groups, the area code perhaps in brackets,
# +44 for 0, and perhaps an extension ("ext 1234", "extension 1234", "x1234").
PHONE = re.compile(r"(\+44\s?(\(0\))?\s?|\(?0)[0-9][0-9 ()-]{7,15}[0-9](\s*(ext\.?|extension|x)\s?[0-9]{1,6})?", re.IGNORECASE)


def _email(value: str) -> str:
    if not EMAIL.fullmatch(value):
        raise ValueError(f"{value!r} is not an email address; write it as name@organisation.nhs.uk, with no spaces")
    return value


def _web(value: str) -> str:
    if not WEB.fullmatch(value):
        raise ValueError(f"{value!r} is not a whole web address; write it with https:// in front, for example "
                         "https://www.example.nhs.uk/phb/")
    return value


def _web_address(value: str) -> str:
    """Where the site is published: a whole web address, ending in / (the site's pages are under it)."""
    value = _web(value)
    if "?" in value or "#" in value:
        raise ValueError(f"{value!r} has a '?' or '#' part; give only the site's address, for example "
                         "https://riverside-icb.github.io/phb/")
    return value if value.endswith("/") else value + "/"


def dial(value: str) -> str:
    """A UK phone number as the digits a phone dials, as from within the UK: no spaces,
    brackets or extension, and +44 written as 0 (``+44 (0)117 496 0100`` -> ``01174960100``)."""
    digits = re.sub(r"\D", "", re.split(r"(?i)ext|x", value)[0])
    return "0" + digits[2:].removeprefix("0") if value.lstrip().startswith("+44") else digits


def _phone(value: str) -> str:
    digits = dial(value)
    if not PHONE.fullmatch(value) or not 10 <= len(digits) <= 11:
        raise ValueError(f"{value!r} is not a UK phone number; write it as people dial it, for example 0300 123 4567, "
                         "(0117) 496 0100 or 0300 123 4567 ext 210")
    return value


def _email_or_web(value: str) -> str:
    if "@" in value and "://" not in value:
        return _email(value)
    if not WEB.fullmatch(value):
        raise ValueError(f"{value!r} is neither an email address nor a whole web address; write one of them, for "
                         "example phb@organisation.nhs.uk or https://github.com/your-organisation/phb/issues")
    return value


# The organisation's logo: a picture file in the project, named as a path from its root.
LOGO_SUFFIXES = (".svg", ".png")
MAX_LOGO_BYTES = 256 * 1024  # a logo is a small picture; anything larger is a mistake
LOGO_PATH = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")
LOGO_HINT = "for example logo: pictures/logo.svg, an SVG or PNG file in your project"
# The logo's address on the site: always this name, whatever the file is called in the project.
LOGO_ADDRESS = "assets/organisation-logo{suffix}"


def _logo(value: str) -> str:
    if not LOGO_PATH.fullmatch(value) or ".." in value.split("/"):
        raise ValueError(f"{value!r} is not a path to a file in the project; write it from the project's top folder, "
                         f"with / between folders, {LOGO_HINT}")
    if not value.lower().endswith(LOGO_SUFFIXES):
        raise ValueError(f"{value!r} is not an SVG or PNG file; the logo must be one, {LOGO_HINT}")
    return value


def _no_logo_text(value: str | None) -> None:
    if value is not None:
        raise ValueError("logo_text is no longer used: the header shows the organisation's name once; delete this "
                         "line (to show a logo, set logo: to a picture file, " + LOGO_HINT.removeprefix("for example ") + ")")
    return None


EmailAddress = Annotated[str, AfterValidator(_email)]
WebAddress = Annotated[str, AfterValidator(_web_address)]
Phone = Annotated[str, AfterValidator(_phone)]
EmailOrWeb = Annotated[str, AfterValidator(_email_or_web)]
WebPage = Annotated[str, AfterValidator(_web)]  # one page's whole address, kept as written


class Organisation(Record):
    name: Text = Field(max_length=80, description="The organisation's full name, shown in the header, the footer, every page title and the board paper")
    area: Text = Field(max_length=60, description="The area it serves, as people say it, used in page titles such as 'Personal health budgets in <area>'")
    logo: Annotated[str, AfterValidator(_logo)] | None = Field(
        default=None, description="A picture of the organisation's logo shown in the header, as a path in the project: "
                                  "an SVG or PNG file, for example pictures/logo.svg. Its alternative text is the "
                                  "organisation's name")
    logo_text: Annotated[Text | None, AfterValidator(_no_logo_text)] = Field(
        default=None, description="No longer used: delete it (the header shows the organisation's name once)")
    web_address: WebAddress | None = Field(default=None, description="Where the site is published, for example "
                                           "https://your-organisation.github.io/phb/ for a GitHub Pages site")
    report_a_problem: EmailOrWeb = Field(
        description="Where people report a problem with a page: an email address, or a web address such as the "
                    "repository's issues page",
    )


class Contact(Record):
    name: Text = Field(description="Team or service name")
    phone: Phone = Field(description="A UK phone number as people dial it, for example 0300 123 4567")
    email: EmailAddress = Field(description="An email address")
    hours: Text = Field(description="When the line is open, e.g. 'Monday to Friday, 9am to 5pm'")
    web: WebAddress | None = Field(default=None, description="A web page about the service, if it has one")


class Contacts(Record):
    budget_team: Contact = Field(description="Who to ask about having a personal health budget")
    care_coordination: Contact = Field(description="Care co-ordination: who helps with a care plan once a budget is agreed")
    reconsideration: Contact = Field(description="Who to contact to ask for a decision to be looked at again, or to complain")
    peer_network: Contact | None = Field(default=None, description="A local group of people with budgets and their "
                                                                   "families who talk to people thinking of having one")


class Answer(Record):
    """The local answer to one framework question, or who is working on it and by when."""

    status: Status = Field(description="agreed, views-differ or not-yet-answered")
    answer: Prose | None = Field(default=None, max_length=MAX_ANSWER_CHARS,
                                 description="The local answer (agreed), or the views held (views-differ)")
    options: list[Text] = Field(default_factory=list, max_length=6,
                                description="While the question is open: the choices being weighed, one line each")
    owner: Text | None = Field(default=None, max_length=120, description="While the question is open: the team or post "
                                                                         "proposed to settle it")
    due: Date | None = Field(default=None, description="While the question is open: when it should be settled (YYYY-MM-DD)")

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


Level = Literal["low", "medium", "high"]
Purpose = Literal["decision", "approval", "assurance", "information"]


class Risk(Record):
    """One risk to the framework's aims, as a board's risk register records it."""

    risk: Text = Field(max_length=300, description="What could go wrong, and its effect")
    likelihood: Level = Field(description="low, medium or high")
    impact: Level = Field(description="low, medium or high")
    mitigation: Text = Field(max_length=400, description="What is being done to make it less likely or less harmful")
    owner: Text = Field(max_length=120, description="The team or post that owns the risk")


class Finance(Record):
    """The money in budgets and the people who hold them, as the finance team reports them."""

    people: int | None = Field(default=None, ge=0, le=1_000_000, description="How many people have a personal health budget")
    money_a_year: int | None = Field(default=None, ge=0, le=10_000_000_000,
                                     description="The money in personal health budgets in a year, in whole pounds")
    as_at: Date | None = Field(default=None, description="The date the numbers describe (YYYY-MM-DD)")
    notes: Prose | None = Field(default=None, max_length=MAX_ANSWER_CHARS,
                                description="Where the money comes from, and any pressure on it, in a few sentences")


class BoardPaper(Record):
    """What the board paper's cover sheet and its sections need that the framework cannot say."""

    meeting: Text | None = Field(default=None, max_length=120, description="The meeting, e.g. 'Board meeting in public'")
    date: Date | None = Field(default=None, description="The meeting's date (YYYY-MM-DD)")
    agenda_item: Text | None = Field(default=None, max_length=20, description="The item number on the agenda, e.g. '9.2'")
    author: Text | None = Field(default=None, max_length=120, description="Who wrote the paper: a name and post, or a post")
    executive_lead: Text | None = Field(default=None, max_length=120,
                                        description="The executive director who sponsors the paper: a name and post")
    purpose: Purpose | None = Field(default=None, description="What the board is asked to do: decision, approval, "
                                                              "assurance or information")
    recommendations: list[Text] = Field(default_factory=list, max_length=8,
                                        description="What the board is asked to agree, one line each; left out, the "
                                                    "paper asks the board to approve the framework and the decisions still needed")
    finance: Finance = Field(default_factory=Finance)
    risks: list[Risk] = Field(default_factory=list, max_length=12)
    equality: Prose | None = Field(default=None, max_length=MAX_ANSWER_CHARS,
                                   description="What the equality and quality impact assessment found, and what is "
                                               "being done about it")
    involvement: Prose | None = Field(default=None, max_length=MAX_ANSWER_CHARS,
                                      description="How people with budgets, their families and the public helped shape "
                                                  "the framework")


# The board paper's details that only the area can give, in the order its cover sheet and
# sections use them, each named in plain words for the completeness page.
BOARD_PAPER_DETAILS = (
    ("board_paper.meeting", "Which meeting the paper goes to"),
    ("board_paper.date", "The date of the meeting"),
    ("board_paper.agenda_item", "The item number on the agenda"),
    ("board_paper.author", "Who wrote the paper"),
    ("board_paper.executive_lead", "The executive director who sponsors it"),
    ("board_paper.purpose", "What the board is asked to do"),
    ("board_paper.finance.people", "How many people have a personal health budget"),
    ("board_paper.finance.money_a_year", "How much money is in personal health budgets each year"),
    ("board_paper.risks", "The main risks, with who owns each one"),
    ("board_paper.equality", "What the equality and quality impact assessment found"),
    ("board_paper.involvement", "How people with budgets and their families helped shape the framework"),
)


class Accessibility(Record):
    """The area's part of the accessibility statement (/accessibility/): who answers a request
    for another format or a report of a problem, how soon, and when the statement was prepared
    and last reviewed. What was tested, the standard and the national known issues are written
    by the statement itself."""

    contact: Contact = Field(description="Who people contact to ask for information in another format or to report "
                                         "a problem with the site's accessibility")
    reply_within_working_days: int = Field(ge=1, le=30, description="How many working days you take to reply to a "
                                                                    "request or a report, for example 5")
    formats: list[Text] = Field(min_length=1, max_length=10,
                                description="The other formats you can give information in, one a line, for example "
                                            "'large print', 'easy read', 'audio recording', 'braille'")
    known_issues: list[Prose] = Field(default_factory=list, max_length=20,
                                      description="Accessibility problems you know of on your copy of the site, beyond "
                                                  "those the statement already lists; one sentence each, written to the reader")
    prepared: Date = Field(description="When the accessibility statement was first prepared (YYYY-MM-DD)")
    review: Review = Field(description="Who keeps the accessibility statement under review, when they last reviewed "
                                       "it and when it is next due (at least once a year)")


class Privacy(Record):
    """The area's part of the privacy and cookies statement (/privacy/)."""

    contact: EmailOrWeb = Field(description="Where people ask about their personal data: your data protection "
                                            "officer's email address or web page")
    notice: WebPage | None = Field(default=None, description="Your organisation's own privacy notice, if it has "
                                                                "one on the web")
    host: Text = Field(max_length=80, description="Who hosts the site, for example 'GitHub Pages'")
    host_privacy: WebPage | None = Field(default=None, description="The host's own privacy statement, which "
                                                                      "covers the records its servers keep")


class LocalSettings(Record):
    """local.yml: everything a commissioner changes, in one place."""

    sample: Text | None = Field(default=None, description="In the sample file only: the fictional organisation it "
                                                          "describes. Delete this line when you make the file your own")
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
    board_paper: BoardPaper = Field(default_factory=BoardPaper,
                                    description="The board paper's cover sheet, finance, risks, equality and involvement")
    accessibility: Accessibility = Field(description="The accessibility statement: who to contact for another format "
                                                     "or to report a problem, how soon you reply, and its review dates")
    privacy: Privacy = Field(description="The privacy and cookies statement: who to ask about personal data, and "
                                         "who hosts the site")
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
OFFER_PARTS = {"duties": "legal-duties", "ways": "ways-to-hold", "cannot": "cannot-buy"}
# The local answers the offer shows, where the area has agreed them: the framework questions a
# person with a budget asks, by the section of the offer that answers them.
OFFER_ANSWERS = ("when-offered", "who-helps", "how-long", "help-holding", "paid-to-me", "final-say")


def contact(value: Contact) -> dict:
    """A contact as the offer shows it: what people read, and the digits their phone dials."""
    return {"name": value.name, "phone": value.phone, "dial": dial(value.phone), "email": value.email,
            "hours": value.hours, "web": value.web}


def local_contacts(cat) -> dict | None:
    """Every contact local.yml gives, by name, as pages show them (None without local.yml)."""
    if cat.local is None:
        return None
    return {name: contact(value) for name, value in cat.local.contacts if value is not None}


def pages(cat) -> list:
    """The public local offer, /local-offer/: national text written for the reader, and each
    local value from local.yml (contacts, payments, what a budget cannot buy, the agreed answers)
    in a block of its own."""
    if cat.local is None or any(part_id not in cat.framework for part_id in OFFER_PARTS.values()):
        return []
    settings = cat.local
    area = settings.organisation.area
    parts = {name: cat.framework[part_id] for name, part_id in OFFER_PARTS.items()}
    rights = [item for item in parts["duties"].items if item.id.startswith("right-to-have")]
    contacts = {name: contact(value) for name, value in settings.contacts if value is not None}
    answers = {qid: answer.answer for qid in OFFER_ANSWERS
               if (answer := settings.questions.get(qid)) is not None and answer.status == "agreed"}
    records = {
        "area": area, "organisation": settings.organisation.name,
        "rights": [item.title or item.text for item in rights],
        # the law pages the offer links to, for readers who want the detail: the last law the
        # first right cites (the regulation that places the duty), and the first law on the money
        "right_law": rights[0].law[-1] if rights and rights[0].law else None,
        "money_law": (parts["ways"].law + parts["cannot"].law or [None])[0],
        "contacts": contacts, "answers": answers,
        "payments": {"frequency": settings.payments.frequency, "contingency": settings.payments.contingency},
        "cannot_buy": list(settings.cannot_buy),
    }
    return [PageSpec(LOCAL_OFFER, f"Personal health budgets in {area}", "local/local-offer.md.j2",
                     {"description": f"What a personal health budget is, who can have one in {area}, how to ask and who to contact."},
                     records)]


def logo(cat) -> dict | None:
    """The logo named in local.yml, read through the gate and checked as a picture: its address
    on the site and the bytes to publish, or the problem with it (reported at local.yml's line)."""
    name = cat.local.organisation.logo if cat.local is not None else None
    if name is None:
        return None
    suffix = name[name.rfind("."):].lower()
    if not os.path.lexists(cat.root / name):
        return {"problem": f"{name}: there is no such file; put the logo there, or correct the path ({LOGO_HINT})"}
    try:
        data = read_bytes(cat.root / name, name, cat.root, MAX_LOGO_BYTES)
        return {"address": LOGO_ADDRESS.format(suffix=suffix), "data": picture.checked(data, name, suffix)}
    except LoadError as err:
        first = err.problems[0]
        where = f"{name}:{first.line}" if first.line > 1 else name
        return {"problem": f"{where}: {first.message} ({LOGO_HINT})"}


def cross_check(cat, report) -> None:
    """The logo, if local.yml names one, is a picture that can be published; the local offer
    needs the framework parts it draws on."""
    found = cat.logo
    if found and "problem" in found:
        report("local", "", ("organisation", "logo"), found["problem"])
    if cat.local is not None and cat.framework:
        for part_id in OFFER_PARTS.values():
            if part_id not in cat.framework:
                report("local", "", (), f"the local offer needs framework/{part_id}.yml, which is missing", ("framework", part_id))


# Addresses and numbers that exist only in examples: the domains kept for examples and tests
# (RFC 2606, RFC 6761), and Ofcom's numbers for TV and radio drama.
RESERVED_HOST = re.compile(r"(^|\.)(example|test|invalid|localhost)$|(^|\.)example\.(com|net|org)$", re.IGNORECASE)
DRAMA_NUMBERS = re.compile(r"^(01(1[3-8]|21|31|41|51|61)4960|02079460|01914980|02890180|02920180|01632960|07700900"
                           r"|08081570|09098790|03069990)[0-9]{3}$")
HOSTS = re.compile(r"@([^@\s/>)]+)|https?://([^\s/?#>)]+)", re.IGNORECASE)
NUMBERS = re.compile(r"(\+44\s?(\(0\))?\s?|\(?0)[0-9][0-9 ()-]{7,15}[0-9]")
SAMPLE_HINT = "it is a sample value, which does not exist: replace it with your own before you publish"


def _strings(data, loc=()):
    """Every text in local.yml with its place, in file order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, loc + (i,))
    elif isinstance(data, str):
        yield loc, data


def _sample_value(text: str) -> str | None:
    for match in HOSTS.finditer(text):
        host = (match.group(1) or match.group(2)).rstrip(".").split(":")[0]
        if RESERVED_HOST.search(host):
            return match.group(0)
    for match in NUMBERS.finditer(text):
        if DRAMA_NUMBERS.match(dial(match.group(0))):
            return match.group(0).strip()
    return None


def sample_values(cat) -> list[Problem]:
    """Sample contacts still in local.yml, at their lines: ``check --strict`` (which the Pages
    workflow runs) fails on them; a preview build only lists them."""
    located = cat.files.get(("local", ""))
    if cat.local is None or located is None:
        return []
    return [Problem(LOCAL_FILE, located.line(loc), field_path(loc), message) for loc, message in leftovers(cat.local, located.data)]


def leftovers(settings: LocalSettings, data) -> list[tuple[tuple, str]]:
    """Sample values a site is about to publish as if they were real: each with its place in
    local.yml. The sample file itself (``sample`` names its own organisation) has none."""
    if settings.sample is not None and settings.sample == settings.organisation.name:
        return []
    found = []
    if settings.sample is not None:
        found.append((("sample",), f"this file no longer describes the sample ({settings.sample}) but "
                                   f"{settings.organisation.name}: delete this line"))
    for loc, text in _strings(data):
        if loc and loc[0] != "sample" and (value := _sample_value(text)):
            found.append((loc, f"{text if len(text) <= 60 else value}: {SAMPLE_HINT}"))
    return found


def board_paper_details(cat) -> list[dict]:
    """Each detail of the board paper that local.yml gives or not yet: its name in plain words
    and whether it is given (an empty list of risks is not given)."""
    if cat.local is None:
        return []
    return [{"label": label, "given": setting_value(cat.local, path) not in (None, [], "")}
            for path, label in BOARD_PAPER_DETAILS]


UNITS = {"panel.notice_working_days": "{} working days", "panel.quorum": "{} members"}


def setting_lines(cat, path: str, short: bool = False) -> list:
    """A local.yml value as lines of text to show beside a framework item; ``short`` gives a
    contact as its name and phone number only (the board paper's summary)."""
    value = setting_value(cat.local, path)
    values = value if isinstance(value, list) else [value]
    lines = []
    for v in values:
        if isinstance(v, Contact) and short:
            lines.append(f"{v.name}, {v.phone}")
        elif isinstance(v, Contact):
            lines.append(f"{v.name}: phone {v.phone}, email {v.email} ({v.hours})")
        elif isinstance(v, DelegatedLimit):
            lines.append(f"{v.role}: up to {pounds(v.up_to)} a year")
        elif isinstance(v, int) and path in UNITS:
            lines.append(UNITS[path].format(v))
        else:
            lines.append(v)
    return lines


PURPOSES = {"decision": "For decision", "approval": "For approval", "assurance": "For assurance",
            "information": "For information"}
LEVELS = {"low": "Low", "medium": "Medium", "high": "High"}


def people(count: int) -> str:
    """'1 person', '640 people', '1,250 people'."""
    return f"{number(count)} {'person' if count == 1 else 'people'}"


def board_paper_facts(cat) -> dict | None:
    """What local.yml says for the board paper, as plain data: each value as it is shown, with
    "To be agreed" for a value not set yet (dates stay dates, or None; prose stays prose, or None)."""
    if cat.local is None:
        return None
    paper, money, missing = cat.local.board_paper, cat.local.board_paper.finance, TO_BE_AGREED
    return {
        "to_be_agreed": missing,
        "meeting": paper.meeting or missing,
        "date": paper.date,
        "agenda_item": paper.agenda_item or missing,
        "author": paper.author or missing,
        "executive_lead": paper.executive_lead or missing,
        "purpose": paper.purpose,
        "purpose_label": PURPOSES[paper.purpose] if paper.purpose else missing,
        "recommendations": list(paper.recommendations),
        "money_a_year": pounds(money.money_a_year) if money.money_a_year is not None else missing,
        "people": people(money.people) if money.people is not None else missing,
        "as_at": money.as_at,
        "notes": money.notes,
        "risks": [{"risk": r.risk, "likelihood": LEVELS[r.likelihood], "impact": LEVELS[r.impact],
                   "mitigation": r.mitigation, "owner": r.owner} for r in paper.risks],
        "equality": paper.equality,
        "involvement": paper.involvement,
    }


def files(cat, specs, renderer, **who) -> list:
    """The organisation's logo, cleaned, at its address on the site."""
    found = cat.logo
    return [FileSpec(found["address"], found["data"])] if found and "data" in found else []


def ways_in(renderer, page: str) -> str:
    """The home page's three ways in, one for each reader; the third names the area."""
    local = renderer.catalogue.local
    return renderer.render("local/ways-in.md.j2", page, area=local.organisation.area if local else "your area")


MACROS = {"ways_in": Macro(ways_in)}


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
    paths=PATHS, pages=pages, files=files, nav=nav, reviews=reviews, macros=MACROS,
    lookups={"setting_lines": setting_lines, "contact_card": lambda cat, value: contact(value)},
    properties={"setting_paths": lambda cat: setting_paths(), "local_review": review, "logo": logo, "sample_values": sample_values,
                "board_paper_details": board_paper_details, "board_paper_facts": board_paper_facts,
                "local_contacts": local_contacts},
)
