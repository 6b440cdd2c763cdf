"""The local framework: the national template, local.yml, and the three outputs it makes
(the framework pages, the public local offer and the board paper PDF)."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from guidance import load_catalogue
from guidance.kinds import framework
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


def test_one_page_per_element_with_the_area_and_its_contacts(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    area = catalogue.local.organisation.area
    for element in framework.elements(catalogue):
        html = page(site, f"local-framework/{element.id}")
        assert unescape(re.search(r"<h1[^>]*>(.*?)<", html).group(1)).strip() == element.title
        text = words(html)
        parts = [element, *framework.parts_on(catalogue, element)]
        local_values = [item.setting for part in parts for item in part.items if item.setting]
        assert text.count(f"In {area}:") >= len(local_values), element.id
        assert any(part.kind == "questions" for part in parts) == any(
            said in text for said in ("Not yet agreed locally", "Views differ locally:", f"Agreed in {area}:")), element.id
    index = words(page(site, "local-framework"))
    assert catalogue.local.contacts.budget_team.phone in index
    for element in framework.elements(catalogue):
        assert element.title in index


def test_every_question_says_where_it_stands_never_blank(each_site):
    """Each question on its element's page is followed (after its source) by its answer, the
    views held, or 'Not yet agreed locally', before the next question; a page whose questions
    are all answered never says 'Not yet agreed locally'."""
    site, catalogue = each_site.site, each_site.catalogue
    area, answers = catalogue.local.organisation.area, catalogue.local.questions
    said = {"open": "Not yet agreed locally.", "views-differ": "Views differ locally:", "agreed": f"Agreed in {area}:"}
    for element in framework.elements(catalogue):
        text = words(page(site, f"local-framework/{element.id}"))
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
    assert ("Not yet agreed locally:" in text) == (answered < total)


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
    assert organisation.logo_text in unescape(page(site, ""))


def test_the_board_paper_pdf_names_the_organisation_and_every_element(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    pdf = site / "local-framework" / "board-paper.pdf"
    pages = pdf_text(pdf)
    assert len(pages) > 5
    text = re.sub(r"\s+", " ", " ".join(pages))
    name = catalogue.local.organisation.name
    assert all(name in p.replace("\n", " ") for p in pages), "the organisation is on every page"
    for element in framework.elements(catalogue):
        assert re.sub(r"\s+", " ", element.title) in text, element.id
    assert 'href="../board-paper.pdf"' in page(site, "local-framework/board-paper")


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
         r"local\.yml:\d+: questions\.where-from\.status: Input should be 'agreed', 'views-differ' or 'not-yet-answered'"),
        (("  quorum: 5", "  quorum: five"), r"local\.yml:\d+: panel\.quorum: Input should be a valid integer"),
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
