"""The local framework: the national template, local.yml, and the three outputs it makes
(the framework pages, the public local offer and the board paper PDF)."""

from __future__ import annotations

import io
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from guidance import load_catalogue, pdf
from guidance.kinds import framework
from guidance.render import Renderer
from guidance.text import plain_text
from guidance.__main__ import main as cli
from guidance.kinds.local import SCHEMA_LINE
from tests.conftest import ROOT, SAMPLE_LOCAL, copy_project
from tests.test_build import build, page, text_of

ELEMENTS = ["peer-network", "purpose-principles", "money", "information-support", "choice-risk", "sign-off",
            "authorisation-appeals", "monitoring-review", "feedback", "communication-workforce"]
# part id -> (element whose page shows it, least number of items)
PARTS = {
    "principles": ("purpose-principles", 6), "essential-features": ("purpose-principles", 5),
    "stages": ("purpose-principles", 6), "legal-duties": ("purpose-principles", 5),
    "ways-to-hold": ("money", 3), "cannot-buy": ("money", 2), "managing-money": ("money", 7),
    "mental-health-finance": ("money", 7), "sign-off-criteria": ("sign-off", 9),
    "authorisation": ("authorisation-appeals", 3), "care-coordinator": ("monitoring-review", 3),
    "risk-prompts": ("choice-risk", 4), "shared-decisions": ("choice-risk", 4), "panel-terms": ("choice-risk", 9),
    "peer-support": ("peer-network", 7), "mental-health-success": ("communication-workforce", 5),
    "questions-about": ("purpose-principles", 12), "questions-money": ("money", 15),
    "questions-plan": ("information-support", 15), "questions-agreement": ("authorisation-appeals", 8),
    "questions-review": ("monitoring-review", 8),
}


@pytest.fixture(scope="session")
def catalogue():
    cat, problems = load_catalogue(ROOT)
    assert problems == []
    return cat


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


# ---- the template content -------------------------------------------------------

def test_the_ten_elements_in_order(catalogue):
    assert [e.id for e in framework.elements(catalogue)] == ELEMENTS
    assert [e.number for e in framework.elements(catalogue)] == list(range(1, 11))


@pytest.mark.parametrize("part_id", sorted(PARTS))
def test_every_part_of_the_framework_is_there_and_cited(catalogue, part_id):
    element, least = PARTS[part_id]
    part = catalogue.framework[part_id]
    assert part.element == element
    assert len(part.items) >= least
    assert part.sources
    assert all(item.cite or part.kind == "questions" for item in part.items), "every item cites its source"


def test_stages_say_what_the_person_can_expect(catalogue):
    assert all(item.expect for item in catalogue.framework["stages"].items)


def test_legal_duties_each_cite_a_checked_law_record(catalogue):
    duties = catalogue.framework["legal-duties"]
    assert duties.kind == "duties"
    for item in duties.items:
        assert item.law and all(catalogue.laws[key].checked for key in item.law)
    assert any(item.id.startswith("right-to-have") for item in duties.items)


def test_the_sample_local_yml_points_editors_at_its_schema():
    """A fork starts from the sample, so its editor finds the schema (the line is a comment: a
    local.yml without it is still valid)."""
    first = SAMPLE_LOCAL.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE
    assert (ROOT / "schema" / "local.schema.json").is_file()


def test_the_worked_example_leaves_some_questions_open(sample_catalogue):
    rows = framework.completeness(sample_catalogue)
    answered, total = sum(r["answered"] for r in rows), sum(r["total"] for r in rows)
    assert 0 < answered < total


def test_check_prints_completeness_and_can_require_it(sample_project, capsys):
    assert cli(["check", "--root", str(sample_project)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Local framework questions: \d+ of \d+ answered", out)
    assert "not yet answered:" in out
    assert cli(["check", "--root", str(sample_project), "--require-complete"]) == 1
    assert "not yet answered (--require-complete)" in capsys.readouterr().out


def test_check_passes_the_project_and_says_how_complete_it_is(capsys):
    """Whatever local.yml answers: the check passes, and --require-complete fails exactly when
    a question is open."""
    cat = load_catalogue(ROOT)[0]
    still_open = sum(len(row["open"]) for row in framework.completeness(cat))
    assert cli(["check", "--root", str(ROOT)]) == 0
    assert re.search(r"Local framework questions: \d+ of \d+ answered", capsys.readouterr().out)
    assert cli(["check", "--root", str(ROOT), "--require-complete"]) == (1 if still_open else 0)


# ---- the pages --------------------------------------------------------------------

def words(html: str) -> str:
    """The words of a page's article as a reader sees them (entities decoded once)."""
    return unescape(text_of(html))


ARTICLE = '<article class="md-content__inner md-typeset">'


def joined(site, urls: list[str]) -> str:
    """The articles of several pages, one after another, as one page's HTML."""
    return ARTICLE + "".join(page(site, url).split(ARTICLE, 1)[1].split("</article>", 1)[0] for url in urls) + "</article>"


def element_html(site, catalogue, element) -> str:
    """An element's page and the pages of its parts, in reading order, as one."""
    return joined(site, [f"local-framework/{element.id}"]
                  + [f"local-framework/{element.id}/{part.id}" for part in framework.parts_on(catalogue, element)])


def paper_web(site) -> str:
    """The board paper's web pages, first page first, as one."""
    return joined(site, ["local-framework/board-paper"]
                  + [f"local-framework/board-paper/{ident}" for ident, _, _ in framework.BOARD_PAPER_PARTS])


def test_one_page_per_element_with_the_area_and_its_contacts(each_site):
    """Each of the area's values, and each local answer, is a box of its own titled 'In <area>'."""
    site, catalogue = each_site.site, each_site.catalogue
    area = catalogue.local.organisation.area
    for element in framework.elements(catalogue):
        assert unescape(re.search(r"<h1[^>]*>(.*?)<", page(site, f"local-framework/{element.id}")).group(1)).strip() == element.title
        html = element_html(site, catalogue, element)
        parts = [element, *framework.parts_on(catalogue, element)]
        local_values = [item.setting for part in parts for item in part.items if item.setting]
        questions = [item for part in parts if part.kind == "questions" for item in part.items]
        boxes = structure(html).boxes
        assert len(boxes) == len(local_values) + len(questions), element.id
        assert all(box["title"] == f"In {area}" for box in boxes), element.id
        for item in questions:
            answer = catalogue.local.questions.get(item.id)
            expected = ("Not yet agreed locally." if answer is None or answer.status == "not-yet-answered"
                        else "Views differ." if answer.status == "views-differ" else "Agreed.")
            assert sum(box["text"].startswith(expected) for box in boxes) >= 1, (element.id, item.id)
    index = words(page(site, "local-framework"))
    assert catalogue.local.contacts.budget_team.phone in index
    for element in framework.elements(catalogue):
        assert element.title in index


def test_every_question_says_where_it_stands_never_blank(each_site):
    """Each question on its element's page is followed (after its source) by its answer, the
    views held, or 'Not yet agreed locally', before the next question; a page whose questions
    are all answered never says 'Not yet agreed locally'."""
    site, catalogue = each_site.site, each_site.catalogue
    answers = catalogue.local.questions
    said = {"open": "Not yet agreed locally.", "views-differ": "Views differ.", "agreed": "Agreed."}
    for element in framework.elements(catalogue):
        text = words(element_html(site, catalogue, element))
        questions = [item for part in framework.parts_on(catalogue, element) if part.kind == "questions" for item in part.items]
        still_open, at = 0, 0
        for number, item in enumerate(questions):
            at = text.index(item.text, at) + len(item.text)
            end = text.index(questions[number + 1].text, at) if number + 1 < len(questions) else len(text)
            answer = answers.get(item.id)
            status = "open" if answer is None or answer.status == "not-yet-answered" else answer.status
            still_open += status == "open"
            shown = [key for key, words_ in said.items() if words_ in text[at:end]]
            assert shown == [status], (element.id, item.id, shown)
        assert text.count(said["open"]) == still_open, element.id


def test_completeness_page_counts_and_lists_the_gaps(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    text = words(page(site, "local-framework/questions"))
    rows = framework.completeness(catalogue)
    answered, total = sum(r["answered"] for r in rows), sum(r["total"] for r in rows)
    assert f"{answered} of {total} questions have a local answer." in text
    for row in rows:
        assert f"{row['answered']} of {row['total']}" in text
        for item in row["open"]:
            assert item.text in text
    assert ("Proposed owner:" in text) == any(row["decisions"] for row in rows)


def test_the_local_offer_answers_what_a_family_asks(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    text = words(page(site, "local-offer"))
    for heading in ("Who has a right to one", "Ways to hold the money", "How to ask for one",
                    "What the money cannot be spent on", "If you disagree with a decision", "Who to contact"):
        assert heading in text
    for contact in (catalogue.local.contacts.budget_team, catalogue.local.contacts.reconsideration):
        assert contact.phone in text and contact.email in text


def test_the_organisation_is_named_on_every_page(each_site):
    """As a reader sees it: the name with its entities decoded once (HTML escapes '&' and "'")."""
    site, organisation = each_site.site, each_site.catalogue.local.organisation
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert organisation.name in unescape(html), html_file


def test_the_header_names_the_organisation_once_with_its_logo_if_it_has_one(each_site):
    """A logo named in local.yml is published, cleaned,
    and shown with the organisation's name as its alternative text (the fork has one, the project
    may not); without a logo the header shows no picture. (tests/test_browser.py checks that a
    reader sees the name once.)"""
    site, organisation = each_site.site, each_site.catalogue.local.organisation
    home = unescape(page(site, ""))
    header = home[home.index('<header class="md-header'):home.index("</header>")]
    if organisation.logo:
        suffix = organisation.logo[organisation.logo.rfind("."):]
        assert f'alt="{organisation.name}"' in header and f"assets/organisation-logo{suffix}" in header
        assert (site / "assets" / f"organisation-logo{suffix}").is_file()
    else:
        assert "<img" not in header


# ---- the board paper ------------------------------------------------------------------

HEADINGS = [f"{n}. {title}" for n, (_, title) in enumerate(framework.BOARD_PAPER_SECTIONS, 1)]


def flat_pages(pdf: Path) -> list[str]:
    return [" ".join(text.split()) for text in pdf_text(pdf)]


def appendix_page(pages: list[str]) -> int:
    """The page (counting from 1) on which the appendix's heading stands."""
    return next(n for n, text in enumerate(pages, 1) if framework.BOARD_PAPER_APPENDIX in text)


def section(text: str, heading: str) -> str:
    """A section of the paper's text: from its heading to the next one."""
    headings = HEADINGS + [framework.BOARD_PAPER_APPENDIX]
    start = text.index(heading)
    after = headings[headings.index(heading) + 1]
    return text[start:text.index(after, start)]


@pytest.fixture(scope="module")
def paper(site):
    return flat_pages(site / "local-framework" / "board-paper.pdf")


def test_the_board_paper_opens_with_its_cover_sheet(paper, catalogue):
    cover = paper[0]
    assert catalogue.local.organisation.name in cover
    for label in framework.BOARD_PAPER_COVER:
        assert label in cover, label
    assert HEADINGS[0] not in cover, "the cover sheet is a page of its own"


def test_the_board_paper_sections_come_in_order_and_the_paper_itself_fits_10_pages(paper, catalogue):
    text = " ".join(paper)
    places = [text.find(heading) for heading in HEADINGS + [framework.BOARD_PAPER_APPENDIX]]
    assert -1 not in places, dict(zip(HEADINGS + [framework.BOARD_PAPER_APPENDIX], places))
    assert places == sorted(places)
    assert appendix_page(paper) <= 11, "the paper before the appendix is at most 10 A4 pages"
    name = catalogue.local.organisation.name
    assert all(name in page_text for page_text in paper), "the organisation is on every page"
    appendix = text[text.index(framework.BOARD_PAPER_APPENDIX):]
    for element in framework.elements(catalogue):
        assert " ".join(element.title.split()) in appendix, element.id


def test_the_board_paper_holds_nothing_for_editors_or_for_the_screen(paper, site):
    text = " ".join(paper)
    for unwanted in ("(Source:", "Download this paper", "Built ", "local.yml", "Not yet agreed locally"):
        assert unwanted not in text, unwanted
    html = page(site, "local-framework/board-paper")
    assert 'href="../board-paper.pdf"' in html, "the web page links its PDF"
    assert "(Source:" not in text_of(html)


def test_the_board_paper_cites_the_equality_duty_and_every_legal_duty(paper, catalogue):
    text = " ".join(paper)
    equality = section(text, HEADINGS[7])
    assert "must have due regard" in equality
    assert catalogue.laws[framework.EQUALITY_DUTY].short in equality
    legal = section(text, HEADINGS[8])
    for item in catalogue.framework[framework.DUTIES].items:
        assert " ".join((item.title or "").split()) in legal, item.id
        for key in item.law:
            assert catalogue.laws[key].short in legal, (item.id, key)
    decisions = section(text, HEADINGS[4])
    for row in framework.decisions(catalogue):
        assert " ".join(plain_text(row["question"]).split()) in decisions


def test_the_appendix_cites_by_numbered_references_that_resolve(paper):
    text = " ".join(paper)
    appendix = text[text.index(framework.BOARD_PAPER_APPENDIX):]
    body, listed = re.split(r" References (?=\[1\] )", appendix, maxsplit=1)
    cited = re.findall(r"\[(\d+)\]", body)
    entries = [int(n) for n in re.findall(r"(?:^| )\[(\d+)\] ", listed)]
    assert cited and entries == list(range(1, len(entries) + 1))
    assert {int(n) for n in cited} == set(entries), "every entry is cited, and every number cited has an entry"
    firsts = [int(n) for n in dict.fromkeys(cited)]
    assert firsts == sorted(firsts), "numbers are given in the order the appendix first cites each source"


# ---- a new commissioner makes it their own ------------------------------------------

def test_a_new_commissioner_renames_the_organisation_and_answers_every_question(fork_site):
    """The fork (tests/fork.py, made from the sample): its name on every page and in the board
    paper, the sample's name and area nowhere, and every question counted as answered."""
    from tests import fork

    sample = yaml.safe_load(SAMPLE_LOCAL.read_text(encoding="utf-8"))["organisation"]
    for html_file in fork_site.rglob("*.html"):
        html = unescape(html_file.read_text(encoding="utf-8"))
        assert fork.NAME in html and sample["name"] not in html and sample["area"] not in html, html_file
    pdf = re.sub(r"\s+", " ", " ".join(pdf_text(fork_site / "local-framework" / "board-paper.pdf")))
    assert fork.NAME in pdf and sample["name"] not in pdf and sample["area"] not in pdf
    cat = load_catalogue(fork_site.parent)[0]
    total = sum(r["total"] for r in framework.completeness(cat))
    assert sum(r["answered"] for r in framework.completeness(cat)) == total == len(fork.question_ids(fork_site.parent))
    assert f"{total} of {total} questions have a local answer." in words(page(fork_site, "local-framework/questions"))


@pytest.mark.parametrize(
    "change,expected",
    [
        (("  quorum: 5", "  quorom: 5"), r"local\.yml:\d+: panel\.quorom: unknown field \(check the spelling: did you mean 'quorum'\? "
                                        r"the fields allowed here are notice_working_days, quorum, required_members"),
        (("questions:\n", "questions:\n  where-from:\n    status: done\n    answer: On our website.\n"),
         r"local\.yml:\d+: questions\.where-from\.status: must be 'agreed', 'views-differ' or 'not-yet-answered'"),
        (("  quorum: 5", "  quorum: five"), r"local\.yml:\d+: panel\.quorum: must be a whole number"),
    ],
)
def test_a_mistake_in_local_yml_stops_the_build_with_file_line_and_the_allowed_values(tmp_path, change, expected):
    project = copy_project(tmp_path, sample=True)  # the mistakes are made in the sample's lines
    local = project / "local.yml"
    text = local.read_text(encoding="utf-8")
    assert change[0] in text
    local.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert re.search(expected, result.stdout + result.stderr), result.stderr
    assert not (project / "site").exists()


def test_a_framework_part_naming_a_changed_body_must_cite_the_change(content_tree):
    root = content_tree()
    path = root / "framework" / "purpose.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Settle the purpose before anything else.",
                                                             "Primary care trusts settle the purpose."), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert "framework/purpose.yml:5: summary: mentions 'Primary care trusts', which has changed since the sources " \
           "were written (Primary care trusts were abolished, 1 April 2013); add 'nhs-reorganised-2013' to this " \
           "record's changes list" in problems, problems


def test_local_yml_must_answer_only_questions_that_exist(content_tree):
    root = content_tree()
    path = root / "local.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  what-is-it:", "  what-is-its:"), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert "local.yml:12: questions.what-is-its: no framework question 'what-is-its'; did you mean 'what-is-it'?" in problems


def _run_on(text: str, catalogue) -> list[str]:
    """Framework item titles that follow a dash inside running text: a bullet Markdown took for
    more of the paragraph before it. (Titles come from framework/, so this holds in any fork,
    whatever a commissioner writes in local.yml.)"""
    text = " ".join(text.split())
    titles = {item.title for part in catalogue.framework.values() for item in part.items if item.title}
    return sorted(title for title in titles if f"- {title}." in text)


def test_no_bullet_runs_into_the_one_before_it_on_any_page(each_site):
    """Every framework item that shows the area's value is followed by a blank line, so the next
    item stays its own bullet (the value in a paragraph, or a list of its own)."""
    site, catalogue = each_site.site, each_site.catalogue
    swallowed = {}
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if '<article class="md-content__inner md-typeset">' in html and (found := _run_on(unescape(text_of(html)), catalogue)):
            swallowed[path.relative_to(site).as_posix()] = found
    assert swallowed == {}


def test_no_bullet_runs_into_the_one_before_it_in_the_board_paper(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    assert _run_on("\n".join(pdf_text(site / "local-framework" / "board-paper.pdf")), catalogue) == []


# ---- the area's values stand apart -------------------------------------------------------

class Structure(HTMLParser):
    """Of an article's HTML: each box of the area's values (div.admonition.phb-local), with its
    title and text; and the text each list item starts with, up to its first box or inner list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.boxes: list[dict] = []
        self.leads: list[str] = []
        self._depth = 0  # > 0 inside a box: how many elements deep
        self._title = False
        self._items: list[list] = []  # per open <li>: [its text so far, still its lead?]

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self._depth:
            self._depth += 1
            self._title = self._title or (tag == "p" and "admonition-title" in classes)
        elif tag == "div" and "phb-local" in classes:
            self._depth = 1
            self.boxes.append({"title": "", "text": "", "html": ""})
        if tag in ("div", "ul", "ol"):
            for item in self._items:
                item[1] = False
        if tag == "li":
            self._items.append([[], True])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._depth:
            self._depth -= 1
            self._title = self._title and tag != "p"
        if tag == "li" and self._items:
            self.leads.append(" ".join("".join(self._items.pop()[0]).split()))

    def handle_data(self, data):
        if self._depth:
            box = self.boxes[-1]
            box["title" if self._title else "text"] += data
        for item in self._items:
            if item[1]:
                item[0].append(data)

    def close(self):
        super().close()
        for box in self.boxes:
            box["title"], box["text"] = " ".join(box["title"].split()), " ".join(box["text"].split())


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def structure(html: str) -> Structure:
    if '<article class="md-content__inner md-typeset">' in html:
        html = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    found = Structure()
    found.feed(html)
    found.close()
    return found


def national(catalogue, parts) -> list[tuple[object, str]]:
    """Each national item of these parts with the words its bullet must start with: its title and
    a full stop, or the start of its text."""
    return [(item, f"{item.title}." if item.title else " ".join(plain_text(item.text).split())[:40])
            for part in parts for item in part.items]


def national_texts(catalogue) -> list[str]:
    """A piece of every national item's text (the first 50 characters), which no box may hold."""
    return [" ".join(plain_text(item.text).split())[:50] for part in catalogue.framework.values() for item in part.items]


def assert_apart(html: str, catalogue, parts, where: str) -> None:
    found = structure(html)
    for item, start in national(catalogue, parts):
        assert any(lead.startswith(start) for lead in found.leads), f"{where}: {item.id} does not start its own bullet"
    for box in found.boxes:
        for piece in national_texts(catalogue):
            assert piece not in box["text"], f"{where}: a box of the area's values holds national text: {piece!r}"


def test_no_national_bullet_is_swallowed_into_a_local_box_on_any_element_page(site, catalogue):
    for element in framework.elements(catalogue):
        parts = [element, *framework.parts_on(catalogue, element)]
        assert_apart(element_html(site, catalogue, element), catalogue, parts, element.id)


def test_no_national_bullet_is_swallowed_into_a_local_box_in_the_board_paper(site, catalogue):
    """The web page, the HTML the PDF is made from and the PDF's text."""
    parts = list(catalogue.framework.values())
    assert_apart(paper_web(site), catalogue, [], "board paper")
    spec = next(s for s in framework.pages(catalogue) if s.path == framework.BOARD_PAPER)
    printed = framework.paper_html(Renderer(catalogue), spec)
    assert_apart(printed, catalogue, parts, "board paper PDF")
    text = " ".join(pdf_text(site / "local-framework" / "board-paper.pdf"))
    area = catalogue.local.organisation.area
    assert " ".join(text.split()).count(f"In {area}") >= len(structure(printed).boxes)


# ---- a fresh fork: nothing agreed yet ------------------------------------------------------

FRESH_AREA = "St Mary's & Riverside"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A copy of the project as a new commissioner might first build it: an area whose name holds
    an ampersand and an apostrophe, no board_paper section and no question answered yet."""
    project = copy_project(tmp_path_factory.mktemp("fresh"))
    local = project / "local.yml"
    data = yaml.safe_load(local.read_text(encoding="utf-8"))
    data.pop("board_paper", None)
    data["questions"] = {}
    data["organisation"]["area"] = FRESH_AREA
    local.write_text(SCHEMA_LINE + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site", load_catalogue(project)[0]


def test_a_fresh_fork_shows_to_be_agreed_for_each_value_it_has_not_set(fresh):
    site, catalogue = fresh
    pages = flat_pages(site / "local-framework" / "board-paper.pdf")
    cover = pages[0]
    for label in ("Meeting", "Date of meeting", "Agenda item", "Report author", "Executive lead", "Purpose",
                  "The board is asked to"):
        assert f"{label} To be agreed" in cover, label
    text = " ".join(pages)
    assert section(text, HEADINGS[5]).count("To be agreed") == 4, "money, people, date and notes"
    assert "The risk register entries for personal health budgets are to be agreed." in section(text, HEADINGS[6])
    assert "To be agreed" in section(text, HEADINGS[7])
    assert "To be agreed" in section(text, HEADINGS[9])
    decisions = section(text, HEADINGS[4])
    total = sum(row["total"] for row in framework.completeness(catalogue))
    assert decisions.count("To be agreed To be agreed To be agreed") == total, "every question, with nothing set"
    assert appendix_page(pages) <= 11, "even with every question open, the paper itself fits 10 pages"
    assert "Built " not in text and "(Source:" not in text


def test_an_area_name_with_an_ampersand_and_an_apostrophe_is_shown_once_escaped(fresh):
    site, catalogue = fresh
    for element in framework.elements(catalogue):
        html = element_html(site, catalogue, element)
        assert "&amp;amp;" not in html and "\\&" not in html and "\\'" not in html, element.id
        assert {box["title"] for box in structure(html).boxes} <= {f"In {FRESH_AREA}"}, element.id
    boxes = structure(paper_web(site)).boxes
    assert boxes and all(box["title"] == f"In {FRESH_AREA}" for box in boxes)
    assert f"In {FRESH_AREA}" in " ".join(flat_pages(site / "local-framework" / "board-paper.pdf"))
