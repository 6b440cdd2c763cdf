"""The local framework: the national template an area fills in with ``local.yml``.

Content lives in ``framework/``, one file per part:

- ``kind: element``: one of the ten elements of a local framework (``number`` 1 to 10);
  each element is a page under ``/local-framework/``, which lists the parts that belong to it;
- ``kind: set``: a list that belongs to an element (the six principles, the nine sign-off
  criteria, the panel's terms of reference ...), a page of its own below that element's
  (``/local-framework/<element>/<part>/``), so that no page is too long to read on a phone;
- ``kind: questions``: one of the five sets of questions an area answers before it offers
  budgets; each question's local answer comes from ``local.yml``;
- ``kind: duties``: what the law requires of every area whatever it decides locally; each
  item cites law records, and no setting can switch it off.

This module holds the model, the cross-checks and the list of pages the parts make.
"""

from __future__ import annotations

import csv
import io
import re
from difflib import get_close_matches
from typing import Literal

from pydantic import Field, model_validator

from .. import paths, pdf
from ..kind import Kind
from ..pages import FileSpec, PageSpec
from ..models import Citation, CurrencyNote, Key, Prose, Record, Text, unique_ids
from ..text import Markdown

FOLDER = "framework"

# The addresses of its pages (a page's source path; see paths.url_of)
FRAMEWORK = "local-framework/index.md"

def element_page(element_id: str) -> str:
    return f"local-framework/{element_id}.md"


def part_page(element_id: str, part_id: str) -> str:
    """A part's own page, below its element's: /local-framework/money/ways-to-hold/. The
    element's page keeps a heading for each part at its old anchor (#ways-to-hold), with its
    summary and a link on, so that an old link still lands on the part."""
    return f"local-framework/{element_id}/{part_id}.md"

FRAMEWORK_QUESTIONS = "local-framework/questions.md"

OPEN_DECISIONS_CSV = "local-framework/open-decisions.csv"

BOARD_PAPER = "local-framework/board-paper.md"

BOARD_PAPER_PDF = "local-framework/board-paper.pdf"


def board_paper_part(part_id: str) -> str:
    return f"local-framework/board-paper/{part_id}.md"

# The board paper's sections after the cover sheet, in order: (anchor, heading). The appendix
# with the full framework follows them, on a page of its own.
BOARD_PAPER_SECTIONS = (
    ("paper-summary", "Executive summary"),
    ("paper-recommendations", "Recommendations"),
    ("paper-law", "The national position and the law"),
    ("paper-brief", "The local framework in brief"),
    ("paper-decisions", "Decisions still needed"),
    ("paper-finance", "Finance"),
    ("paper-risks", "Risks"),
    ("paper-equality", "Equality and quality impact"),
    ("paper-legal", "Legal implications"),
    ("paper-involvement", "Patient and public involvement"),
    ("paper-next", "Next steps and review date"),
)
BOARD_PAPER_APPENDIX = "Appendix: the full framework"
# On the web, the paper is a page with the cover sheet, the summary and the recommendations, and
# a page for each group of the other sections, so that none is too long to read on a phone:
# (page id, its title, its sections). The first page lists the others, each at the anchor the
# section had on it, so that an old link lands on the link to it. The PDF is the whole paper.
BOARD_PAPER_FRONT = ("paper-cover", "paper-summary", "paper-recommendations")
BOARD_PAPER_PARTS = (
    ("law", "The law and the local framework in brief", ("paper-law", "paper-brief")),
    ("decisions", "Decisions still needed", ("paper-decisions",)),
    ("finance-risks", "Finance, risks, equality, the law and next steps",
     ("paper-finance", "paper-risks", "paper-equality", "paper-legal", "paper-involvement", "paper-next")),
)
# The cover sheet's rows, in order.
BOARD_PAPER_COVER = ("Organisation", "Meeting", "Date of meeting", "Agenda item", "Title", "Report author",
                     "Executive lead", "Purpose", "The board is asked to")
# The framework part that holds the duties no area can switch off; its items whose ids start
# with RIGHT_TO_HAVE are the legal rights to have a budget.
DUTIES = "legal-duties"
RIGHT_TO_HAVE = "right-to-have"
# The public sector equality duty, which the board paper's equality section cites.
EQUALITY_DUTY = "equality-act-s149"
PartKind = Literal["element", "set", "questions", "duties"]
Setting = Field(default=None, pattern=r"^[a-z_]+(\.[a-z_]+)*$",
                description="A value from local.yml shown beside this item, e.g. 'panel.quorum'")


class Item(Record):
    """One entry of a part: a principle, a stage, a criterion, a question, a duty."""

    id: Key = Field(description="Stable id, unique in its part (and, for questions, among all questions)")
    title: Text | None = Field(default=None, description="A short name, where the item has one (a stage, a way to hold the money)")
    text: Prose = Field(description="The item in our own words")
    expect: Prose | None = Field(default=None, description="What the person can expect at this stage (stages only)")
    setting: str | None = Setting
    law: list[Key] = Field(default_factory=list, description="Keys of legal references (law/<key>.yml)")
    cite: Citation | None = Field(default=None, description="Where this item comes from")


class Part(Record):
    id: Key = Field(description="Stable id; must match the file name")
    kind: PartKind
    number: int | None = Field(default=None, ge=1, le=10, description="Elements only: its place among the ten")
    element: Key | None = Field(default=None, description="Sets, questions and duties: the id of the element whose page shows them")
    order: int = Field(default=0, ge=0, le=99, description="Order among the parts shown on the same page")
    title: Text
    summary: Prose = Field(description="What this part is for, in one or two sentences: the answer first")
    items: list[Item] = Field(min_length=1)
    law: list[Key] = Field(default_factory=list)
    sources: list[Citation] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list, description="Words people search for that should find this part's page")
    changes: list[Key] = Field(default_factory=list, description="Ids of changes since the sources (changes/<id>.yml) this part relies on")
    currency: list[CurrencyNote] = Field(default_factory=list, description="Dated notes that concern this part alone")

    @model_validator(mode="after")
    def _placed(self) -> Part:
        if self.kind == "element" and (self.number is None or self.element is not None):
            raise ValueError("an element needs a number (1 to 10) and no element")
        if self.kind != "element" and (self.element is None or self.number is not None):
            raise ValueError(f"a {self.kind} part needs the element whose page shows it, and no number")
        if self.kind == "duties" and (missing := [item.id for item in self.items if not item.law]):
            raise ValueError(f"every duty must cite the law that makes it one; no law on {', '.join(missing)}")
        unique_ids(self.items, "item")
        return self


def ordered(parts) -> list[Part]:
    """Parts in reading order: elements by number, the parts on each element's page after it."""
    parts = list(parts.values()) if isinstance(parts, dict) else list(parts)
    elements = sorted((p for p in parts if p.kind == "element"), key=lambda p: p.number)
    out: list[Part] = []
    for element in elements:
        out.append(element)
        out += sorted((p for p in parts if p.element == element.id), key=lambda p: (p.order, p.id))
    return out


def cross_check(cat, report) -> None:
    """Framework parts against the law, each other and local.yml; ``report`` files each problem."""
    elements = {p.id: p for p in cat.framework.values() if p.kind == "element"}
    numbers: dict[int, str] = {}
    settings = cat.setting_paths
    seen_questions: dict[str, str] = {}
    for part in cat.framework.values():
        if part.element is not None and part.element not in elements:
            report(FOLDER, part.id, ("element",), f"unknown element {part.element!r} (elements: {', '.join(sorted(elements))})",
                   (FOLDER, part.element))
        if part.kind == "element":
            if part.number in numbers:
                report(FOLDER, part.id, ("number",), f"number {part.number} is already used by {numbers[part.number]}")
            numbers.setdefault(part.number, part.id)
        laws = [((("law", i),), key) for i, key in enumerate(part.law)]
        laws += [((("items", j, "law", i),), key) for j, item in enumerate(part.items) for i, key in enumerate(item.law)]
        for (loc,), key in laws:
            if key not in cat.laws:
                report(FOLDER, part.id, loc, f"unknown legal reference {key!r} (no law/{key}.yml)", ("law", key))
        for j, item in enumerate(part.items):
            if item.setting is not None and item.setting not in settings:
                hint = get_close_matches(item.setting, settings, n=1)
                report(FOLDER, part.id, ("items", j, "setting"),
                       f"no setting {item.setting!r} in local.yml" + (f"; did you mean {hint[0]!r}?" if hint else ""))
            if part.kind == "questions":
                if item.id in seen_questions:
                    report(FOLDER, part.id, ("items", j, "id"), f"question id {item.id!r} is already used in {seen_questions[item.id]}")
                seen_questions.setdefault(item.id, f"{FOLDER}/{part.id}.yml")
    if cat.local is not None and seen_questions:
        for qid in cat.local.questions:
            if qid not in seen_questions:
                hint = get_close_matches(qid, seen_questions, n=1)
                report("local", "", ("questions", qid),
                       f"no framework question {qid!r}" + (f"; did you mean {hint[0]!r}?" if hint else
                                                            "; the ids are listed on the completeness page"))



def elements(cat) -> list[Part]:
    return [p for p in ordered(cat.framework) if p.kind == "element"]


def parts_on(cat, element: Part) -> list[Part]:
    """The parts an element's page shows after the element itself."""
    return [p for p in ordered(cat.framework) if p.element == element.id]


# How the completeness page and its spreadsheet name a decision's state, and a value not set yet.
NOT_YET_AGREED = "Not yet agreed"
VIEWS_DIFFER = "Views differ"
TO_BE_AGREED = "To be agreed"
BOARD_PAPER_GROUP = "Board paper details"


def completeness(cat) -> list[dict]:
    """Per question set: how many questions are answered locally, which are not, and each
    decision still to make (open, or answered while views still differ) with what local.yml
    says about it: the choices on the table, who is proposed to settle it and by when."""
    answers = cat.local.questions if cat.local else {}
    report = []
    for part in ordered(cat.framework):
        if part.kind != "questions":
            continue
        open_items = [item for item in part.items if answers.get(item.id) is None or answers[item.id].status == "not-yet-answered"]
        differ = [item for item in part.items if answers.get(item.id) is not None and answers[item.id].status == "views-differ"]
        decisions = []
        for item in part.items:
            if item in open_items or item in differ:
                answer = answers.get(item.id)
                decision = {"question": item.text, "status": VIEWS_DIFFER if item in differ else NOT_YET_AGREED,
                            "views": answer.answer if answer is not None else None,
                            "options": list(answer.options) if answer is not None else [],
                            "owner": answer.owner if answer is not None else None,
                            "due": answer.due if answer is not None else None}
                # nothing known of it yet: listed with the others like it, not on its own
                decision["bare"] = decision["status"] == NOT_YET_AGREED and not any(
                    decision[key] for key in ("views", "options", "owner", "due"))
                decisions.append(decision)
        element = cat.framework.get(part.element)
        report.append({"part": part, "total": len(part.items), "answered": len(part.items) - len(open_items),
                       "open": open_items, "differ": differ, "decisions": decisions,
                       "element_title": element.title if element is not None else part.title})
    return report


def open_decisions(cat) -> list[dict]:
    """Every decision still to make, in the completeness page's order: the questions of each set
    that are open or where views differ, then the board paper's details not given yet."""
    rows = [{"set": row["part"].title, **decision} for row in completeness(cat) for decision in row["decisions"]]
    rows += [{"set": BOARD_PAPER_GROUP, "question": detail["label"], "status": NOT_YET_AGREED, "views": None,
              "options": [], "owner": None, "due": None}
             for detail in cat.board_paper_details if not detail["given"]]
    return rows


CSV_HEADER = ("Question set", "Question", "Status", "Options", "Proposed owner", "Target date")
# A cell a spreadsheet would read as a formula (CSV injection): shown as text instead.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def open_decisions_csv(cat) -> bytes:
    """The open decisions as a spreadsheet file: one row each, dates as YYYY-MM-DD, with a byte
    order mark so that spreadsheet programs read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in open_decisions(cat):
        writer.writerow([_cell(value) for value in (
            row["set"], row["question"], row["status"], "; ".join(row["options"]),
            row["owner"] or TO_BE_AGREED, row["due"].isoformat() if row["due"] else TO_BE_AGREED)])
    return out.getvalue().encode("utf-8-sig")
def _open(answer) -> bool:
    return answer is None or answer.status == "not-yet-answered"


def decisions(cat) -> list[dict]:
    """The questions still open or on which views differ, in the framework's order, each with the
    options, proposed owner and date local.yml gives (None where it gives none)."""
    answers = cat.local.questions
    rows = []
    for part in ordered(cat.framework):
        if part.kind != "questions":
            continue
        for item in part.items:
            answer = answers.get(item.id)
            if _open(answer) or answer.status == "views-differ":
                rows.append({"question": item.text, "part": part.title, "differ": answer is not None and answer.status == "views-differ",
                             "options": list(answer.options) if answer else [], "owner": answer.owner if answer else None,
                             "due": answer.due if answer else None})
    return rows


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def lead_sentence(summary: Markdown) -> Markdown:
    """The first sentence of a summary (the answer comes first; what follows points around the
    element's own page), still Markdown: a part of validated prose."""
    return Markdown(_SENTENCE_END.split(summary.strip(), maxsplit=1)[0])


def brief(cat) -> list[dict]:
    """Each element in a few lines for the board paper: the area's values for its items that show
    one (each setting once, contacts by name and phone), how many of its questions are agreed,
    and the national expectation (the element's summary)."""
    rows = []
    answers = cat.local.questions
    for element in elements(cat):
        parts = [element, *parts_on(cat, element)]
        values, seen = [], set()
        for part in parts:
            for item in part.items:
                if item.setting and item.setting not in seen:
                    seen.add(item.setting)
                    values.append({"label": item.title, "lines": cat.setting_lines(item.setting, short=True)})
        questions = [item for part in parts if part.kind == "questions" for item in part.items]
        agreed = [item for item in questions if answers.get(item.id) is not None and answers[item.id].status == "agreed"]
        rows.append({"element": element, "values": values, "questions": len(questions), "agreed": len(agreed),
                     "expectation": lead_sentence(element.summary)})
    return rows


def appendix_order(cat, part: Part) -> list[Item]:
    """A question set's questions as the board paper's appendix shows them: those with a local
    answer first, then those still open (listed together, since each is in the decisions table)."""
    answers = cat.local.questions
    return ([item for item in part.items if not _open(answers.get(item.id))]
            + [item for item in part.items if _open(answers.get(item.id))])


def references(cat) -> list[tuple[int, Citation]]:
    """The appendix's citations, numbered in the order the appendix first shows each (a source
    and a place cited twice has one number): the element's items, its sources, then each part's
    items and sources, as templates/framework/board-paper.md.j2 walks them."""
    numbered: dict[tuple[str, str], tuple[int, Citation]] = {}

    def add(citation: Citation | None) -> None:
        if citation is not None and (citation.source, citation.at) not in numbered:
            numbered[(citation.source, citation.at)] = (len(numbered) + 1, citation)

    for element in elements(cat):
        for item in element.items:
            add(item.cite)
        for citation in element.sources:
            add(citation)
        for part in parts_on(cat, element):
            for item in appendix_order(cat, part) if part.kind == "questions" else part.items:
                add(item.cite)
            for citation in part.sources:
                add(citation)
    return list(numbered.values())


def board_paper(cat) -> dict:
    """Everything the board paper shows beyond the framework itself, as plain data."""
    duties = cat.framework.get(DUTIES)
    duty_laws = list(dict.fromkeys([*(duties.law if duties else []),
                                    *(key for item in (duties.items if duties else []) for key in item.law)]))
    cited_changes = {change for part in cat.framework.values() for change in part.changes}
    rows = completeness(cat)
    numbered = references(cat)
    answers = cat.local.questions
    web = cat.local.organisation.web_address
    return {
        "paper": cat.board_paper_facts,
        "sections": {anchor: {"number": n, "title": title, "anchor": anchor}
                     for n, (anchor, title) in enumerate(BOARD_PAPER_SECTIONS, 1)},
        "appendix_title": BOARD_PAPER_APPENDIX,
        "cover": BOARD_PAPER_COVER,
        "counts": {"total": sum(r["total"] for r in rows), "answered": sum(r["answered"] for r in rows),
                   "open": sum(len(r["open"]) for r in rows), "differ": sum(len(r["differ"]) for r in rows)},
        "duties": duties,
        "rights": [item for item in (duties.items if duties else []) if item.id.startswith(RIGHT_TO_HAVE)],
        "laws": [key for key in duty_laws if key in cat.laws and cat.laws[key].status not in ("repealed", "revoked")],
        "changes": sorted((c for c in cat.changes.values() if c.id in cited_changes), key=lambda c: (c.date, c.id)),
        "equality_law": EQUALITY_DUTY if EQUALITY_DUTY in cat.laws else None,
        # whole addresses of the site's law and changes pages, for a reader of the PDF (None
        # when local.yml gives no web address: the paper then links them as pages of the site)
        "site": {name: f"{web}{paths.url_of(cat.paths[name])}" for name in ("law_index", "changes")} if web else None,
        "brief": brief(cat),
        "decisions": decisions(cat),
        "refs": {(c.source, c.at): n for n, c in numbered},
        "paper_references": numbered,
        "open_ids": [qid for part in cat.framework.values() if part.kind == "questions"
                     for qid in (item.id for item in part.items) if _open(answers.get(qid))],
        # the laws each section cites, so that a page of the paper says when the law it shows
        # was last checked ("appendix" is the whole framework, in the PDF only)
        "section_laws": {anchor: [key for key in dict.fromkeys(keys) if key in cat.laws] for anchor, keys in (
            ("paper-summary", [key for item in (duties.items if duties else []) if item.id.startswith(RIGHT_TO_HAVE)
                               for key in item.law]),
            ("paper-law", duty_laws),
            ("paper-equality", [EQUALITY_DUTY]),
            ("paper-legal", [key for item in (duties.items if duties else []) for key in item.law]),
            ("appendix", [key for part in cat.framework.values() for key in [*part.law, *(k for item in part.items
                                                                                            for k in item.law)]]),
        )},
    }


def paper_foot(cat) -> str:
    """The line at the foot of each page of the board paper PDF: the meeting, its date and the
    agenda item, as far as local.yml gives them (nothing when it gives none)."""
    paper = cat.local.board_paper
    parts = [paper.meeting, pdf.format_date(paper.date) if paper.date else None,
             f"agenda item {paper.agenda_item}" if paper.agenda_item else None]
    return ", ".join(part for part in parts if part)


def framework_title(area: str) -> str:
    """The framework's own page's title, which is also its label in the menu."""
    return f"Local framework for personal health budgets in {area}"


def board_paper_title(area: str) -> str:
    """The board paper's front page's title, which is also its group's label in the menu."""
    return f"Board paper: the local framework for personal health budgets in {area}"


def pages(cat) -> list:
    """The framework's pages: an index, one page per element, the questions, the board paper."""

    if not cat.framework or cat.local is None:
        return []
    area = cat.local.organisation.area
    common = {"settings": cat.local, "completeness": completeness(cat),
              "setting_lines": cat.setting_lines}
    specs = [PageSpec(FRAMEWORK, framework_title(area), "framework/index.md.j2",
                      {"description": f"How personal health budgets work in {area}: the local framework, element by element."},
                      {**common, "elements": elements(cat)})]
    for element in elements(cat):
        specs.append(PageSpec(element_page(element.id), element.title, "framework/element.md.j2",
                              {"description": element.summary, "tags": list(dict.fromkeys(element.keywords))},
                              {**common, "element": element, "parts": parts_on(cat, element)}))
        for part in parts_on(cat, element):
            specs.append(PageSpec(part_page(element.id, part.id), part.title, "framework/part-page.md.j2",
                                  {"description": part.summary, "tags": list(dict.fromkeys(part.keywords))},
                                  {**common, "element": element, "part": part}))
    specs.append(PageSpec(FRAMEWORK_QUESTIONS, f"Questions answered in {area}", "framework/questions.md.j2",
                          {"description": f"Which of the framework's questions {area} has answered, and which are "
                                          "still open, with who is settling each one and by when."},
                          {**common, "board_paper_details": cat.board_paper_details,
                           "open_count": len(open_decisions(cat))}))
    paper = {**common, "elements": [(e, parts_on(cat, e)) for e in elements(cat)], **board_paper(cat),
             "paper_parts": [{"path": board_paper_part(ident), "title": title, "sections": sections}
                             for ident, title, sections in BOARD_PAPER_PARTS]}
    specs.append(PageSpec(BOARD_PAPER, board_paper_title(area),
                          "framework/board-paper.md.j2",
                          {"description": f"A paper for the board of {cat.local.organisation.name} on the local "
                                          f"framework for {area}, with the full framework as an appendix, to print or "
                                          "share as a PDF."},
                          {**paper, "show": BOARD_PAPER_FRONT, "part_title": None}))
    for ident, title, sections in BOARD_PAPER_PARTS:
        specs.append(PageSpec(board_paper_part(ident), title, "framework/board-paper.md.j2",
                              {"description": f"Part of the board paper on the local framework for {area}."},
                              {**paper, "show": sections, "part_title": title}))
    return specs


def files(cat, specs, renderer, **who) -> list:
    """The open decisions as a spreadsheet (CSV) beside the completeness page, and the board paper
    as a PDF, made from the board-paper page's own Markdown.
    ``who``: the organisation, web address and PDF cache (see ``pdf.make_all``)."""
    made = [FileSpec(OPEN_DECISIONS_CSV, open_decisions_csv(cat))] if any(s.path == FRAMEWORK_QUESTIONS for s in specs) else []
    board = [s for s in specs if s.path == BOARD_PAPER]
    if not board or not who:
        return made
    spec = board[0]
    job = pdf.Job(paper_markdown(renderer, spec), title=spec.title, organisation=who["organisation"],
                  web_address=who["web_address"], date=paper_date(cat), foot=paper_foot(cat))
    return made + [FileSpec(BOARD_PAPER_PDF, pdf.make_all([job], who.get("cache"))[0])]


def paper_markdown(renderer, spec) -> str:
    """The whole board paper, appendix and all, as the Markdown the PDF is printed from: the
    first page of the paper (``spec``) rendered with every section shown."""
    return str(renderer.render(spec.template, spec.path, **{**spec.records, "show": None}))


def paper_html(renderer, spec) -> str:
    """The board paper as the HTML the PDF is printed from (see :func:`paper_markdown`)."""
    return pdf.html_for_print(paper_markdown(renderer, spec))


def paper_date(cat):
    """The board paper's own date (its PDF's creation date): the meeting's, from local.yml, or
    else the local framework's last review; never the day of the build, so a PDF made before is
    found again."""
    return cat.local.board_paper.date or cat.local.review.last_reviewed


def nav(cat) -> list:
    if not cat.framework or cat.local is None:
        return []
    # each group's label is its own page's title (the theme makes that page the group's link)
    return [(5, framework_title(cat.local.organisation.area), [FRAMEWORK] + [element_entry(cat, e) for e in elements(cat)]
             + [FRAMEWORK_QUESTIONS, {board_paper_title(cat.local.organisation.area): [BOARD_PAPER] + [board_paper_part(p[0]) for p in BOARD_PAPER_PARTS]}])]


def element_entry(cat, element: Part):
    """An element in the navigation: its page, or its page and its parts' pages under its title."""
    parts = parts_on(cat, element)
    if not parts:
        return element_page(element.id)
    return {element.title: [element_page(element.id)] + [part_page(element.id, p.id) for p in parts]}


def page_of(part: Part) -> str:
    """The page that shows a part: an element's own page, or the part's page below it."""
    return element_page(part.id) if part.kind == "element" else part_page(part.element, part.id)


def citing(cat):
    for part in ordered(cat.framework):
        yield FOLDER, part, page_of(part), part.title


def addresses(cat) -> dict:
    return {page_of(p): ((FOLDER, p.id), ("id",), p.id) for p in ordered(cat.framework)}


def reviews(cat) -> dict:
    """Every page about the area's framework carries the local framework's review."""
    if cat.local is None:
        return {}
    pages_here = [FRAMEWORK, FRAMEWORK_QUESTIONS, BOARD_PAPER] + [board_paper_part(p[0]) for p in BOARD_PAPER_PARTS]
    pages_here += [page_of(p) for p in ordered(cat.framework)]
    return {path: cat.local_review for path in pages_here}


PATHS = {
    "framework": FRAMEWORK,
    "framework_element": element_page,
    "framework_part": part_page,
    "framework_questions": FRAMEWORK_QUESTIONS,
    "open_decisions_csv": OPEN_DECISIONS_CSV,
    "board_paper": BOARD_PAPER,
    "board_paper_pdf": BOARD_PAPER_PDF,
    "board_paper_part": board_paper_part,
}


KIND = Kind(
    name="framework", attribute="framework", model=Part, folder=FOLDER, count=lambda n: f"{n} framework parts",
    check=cross_check, citations=True,
    paths=PATHS, pages=pages, files=files, nav=nav, addresses=addresses, reviews=reviews,
    citing=citing,
    lookups={"framework_completeness": completeness, "open_decisions": open_decisions},
    properties={"framework_elements": elements},
    positions={"citing": 2.5},
)
