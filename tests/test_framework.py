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
from tests.conftest import ROOT, copy_project
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


def test_local_yml_points_editors_at_its_schema():
    first = (ROOT / "local.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE
    assert (ROOT / "schema" / "local.schema.json").is_file()


def test_the_worked_example_leaves_some_questions_open(catalogue):
    rows = framework.completeness(catalogue)
    answered, total = sum(r["answered"] for r in rows), sum(r["total"] for r in rows)
    assert 0 < answered < total


def test_check_prints_completeness_and_can_require_it(capsys):
    assert cli(["check", "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Local framework questions: \d+ of \d+ answered", out)
    assert "not yet answered:" in out
    assert cli(["check", "--root", str(ROOT), "--require-complete"]) == 1
    assert "not yet answered (--require-complete)" in capsys.readouterr().out


# ---- the pages --------------------------------------------------------------------

def test_one_page_per_element_with_the_area_and_its_contacts(site, catalogue):
    area = catalogue.local.organisation.area
    for element in framework.elements(catalogue):
        html = page(site, f"local-framework/{element.id}")
        assert unescape(re.search(r"<h1[^>]*>(.*?)<", html).group(1)).strip() == element.title
        text = text_of(html)
        parts = [element, *framework.parts_on(catalogue, element)]
        local_values = [item.setting for part in parts for item in part.items if item.setting]
        assert text.count(f"In {area}:") >= len(local_values), element.id
        assert any(part.kind == "questions" for part in parts) == ("Not yet agreed locally" in text
                                                                   or f"Agreed in {area}" in text), element.id
    index = text_of(page(site, "local-framework"))
    assert catalogue.local.contacts.budget_team.phone in index
    for element in framework.elements(catalogue):
        assert element.title in index


def test_an_unanswered_question_says_so_never_blank(site, catalogue):
    rows = framework.completeness(catalogue)
    open_item = rows[0]["open"][0]
    element = rows[0]["part"].element
    text = text_of(page(site, f"local-framework/{element}"))
    assert open_item.text in text
    assert "Not yet agreed locally." in text


def test_completeness_page_counts_and_lists_the_gaps(site, catalogue):
    text = text_of(page(site, "local-framework/questions"))
    for row in framework.completeness(catalogue):
        assert f"{row['answered']} of {row['total']}" in text
        for item in row["open"]:
            assert item.text in text


def test_the_local_offer_answers_what_a_family_asks(site, catalogue):
    text = text_of(page(site, "local-offer"))
    for heading in ("Who has a right to one", "Ways to hold the money", "How to ask for one",
                    "What the money cannot be spent on", "If you disagree with a decision", "Who to contact"):
        assert heading in text
    for contact in (catalogue.local.contacts.budget_team, catalogue.local.contacts.reconsideration):
        assert contact.phone in text and contact.email in text


def test_the_organisation_is_named_on_every_page(site, catalogue):
    name = catalogue.local.organisation.name
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert name in html, html_file
    assert catalogue.local.organisation.logo_text in page(site, "")


def test_the_board_paper_pdf_names_the_organisation_and_every_element(site, catalogue):
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

NEW_NAME = "NHS Riverdale and Fenmouth Integrated Care Board"


def _answer_three_more(text: str, ids: list[str]) -> str:
    answers = "".join(f"  {qid}:\n    status: agreed\n    answer: Agreed by the Riverdale working group.\n" for qid in ids)
    return re.sub(r"^questions:\n", "questions:\n" + answers, text, count=1, flags=re.MULTILINE)


def test_a_new_commissioner_renames_the_organisation_and_answers_three_questions(tmp_path, catalogue):
    project = copy_project(tmp_path)
    old_name = catalogue.local.organisation.name
    before = sum(r["answered"] for r in framework.completeness(catalogue))
    open_ids = [item.id for row in framework.completeness(catalogue) for item in row["open"]][:3]
    local = project / "local.yml"
    text = local.read_text(encoding="utf-8").replace(f"name: {old_name}", f"name: {NEW_NAME}")
    local.write_text(_answer_three_more(text, open_ids), encoding="utf-8")

    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert NEW_NAME in html and old_name not in html, html_file
    pdf = " ".join(pdf_text(site / "local-framework" / "board-paper.pdf")).replace("\n", " ")
    assert NEW_NAME in re.sub(r"\s+", " ", pdf) and old_name not in pdf
    after = load_catalogue(project)[0]
    assert sum(r["answered"] for r in framework.completeness(after)) == before + 3
    assert f"{before + 3} of" in text_of(page(site, "local-framework/questions"))


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
    project = copy_project(tmp_path)
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
    assert "local.yml:13: questions.what-is-its: no framework question 'what-is-its'; did you mean 'what-is-it'?" in problems


def _run_on(text: str, catalogue) -> list[str]:
    """Framework item titles that follow a dash inside running text: a bullet Markdown took for
    more of the paragraph before it. (Titles come from framework/, so this holds in any fork,
    whatever a commissioner writes in local.yml.)"""
    text = " ".join(text.split())
    titles = {item.title for part in catalogue.framework.values() for item in part.items if item.title}
    return sorted(title for title in titles if f"- {title}." in text)


def test_no_bullet_runs_into_the_one_before_it_on_any_page(site, catalogue):
    """Every framework item that shows the area's value is followed by a blank line, so the next
    item stays its own bullet (the value in a paragraph, or a list of its own)."""
    swallowed = {}
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if '<article class="md-content__inner md-typeset">' in html and (found := _run_on(unescape(text_of(html)), catalogue)):
            swallowed[path.relative_to(site).as_posix()] = found
    assert swallowed == {}


def test_no_bullet_runs_into_the_one_before_it_in_the_board_paper(site, catalogue):
    assert _run_on("\n".join(pdf_text(site / "local-framework" / "board-paper.pdf")), catalogue) == []
