"""The completeness page (/local-framework/questions/), for the commissioners who finish the
framework: the questions in their own words with no ids or file names, each open decision with
its options, proposed owner and target date, the board paper's details still to give, and the
open decisions as a spreadsheet (CSV) beside the page.

The tests on the real build read what they expect from the catalogue, so they hold for any
valid local.yml; one scratch copy sets a known owner, date and options and checks they appear."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from guidance import load_catalogue
from guidance.kinds import framework
from tests.conftest import ROOT, copy_project
from tests.test_build import build, page

HEADER = ["Question set", "Question", "Status", "Options", "Proposed owner", "Target date"]
LINK_TEXT = "Download the open decisions as a spreadsheet (CSV)"
TO_BE_AGREED = "To be agreed"
# What local.yml calls things, which the page must never show
FILE_WORDS = ("local.yml", "not-yet-answered", "views-differ", "board_paper", "agenda_item", "executive_lead",
              "money_a_year", "(id:")


@pytest.fixture(scope="module")
def catalogue():
    cat, problems = load_catalogue(ROOT)
    assert problems == []
    return cat


def article(html: str) -> str:
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


def words(html: str) -> str:
    """The text of a page, or of a part of one, on one line."""
    if '<article class="md-content__inner md-typeset">' in html:
        html = article(html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def sections(html: str) -> dict[str, str]:
    """Each decision's part of the page, by its heading's text."""
    found = {}
    for chunk in article(html).split("<h3")[1:]:
        heading = re.search(r">(.*?)<a class=\"headerlink\"", chunk, re.S) or re.search(r">(.*?)</h3>", chunk, re.S)
        found[" ".join(unescape(re.sub(r"<[^>]+>", "", heading.group(1))).split())] = words(chunk.split("<h2", 1)[0])
    return found


def when(due: dt.date | None) -> str:
    return due.strftime("%-d %B %Y") if due else TO_BE_AGREED


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def assert_every_decision_shown(html: str, cat) -> None:
    """A decision with anything proposed (options, views, an owner, a date) has its own heading,
    with its status, owner and date; those with nothing proposed yet are listed under their
    set, as not yet agreed, with no proposed owner or target date."""
    shown = sections(html)
    for row in framework.completeness(cat):
        part = words(article(html).split(f'id="{row["part"].id}"', 1)[1].split("<h2", 1)[0])
        for decision in row["decisions"]:
            question = " ".join(decision["question"].split())
            if decision["bare"]:
                assert question in part and "not yet agreed, with no proposed owner or target date yet" in part, question
                continue
            assert question in shown, question
            text = shown[question]
            assert f"Status: {decision['status']}" in text, question
            assert f"Proposed owner: {decision['owner'] or TO_BE_AGREED}" in text, question
            assert f"Target date: {when(decision['due'])}" in text, question
            for option in decision["options"]:
                assert " ".join(option.split()) in text, (question, option)


def assert_board_paper_details_shown(html: str, cat) -> None:
    details = cat.board_paper_details
    part = words(article(html).split('id="board-paper-details"', 1)[1])
    given = sum(d["given"] for d in details)
    assert f"Details given: {given} of {len(details)}." in part
    for detail in details:
        assert (detail["label"] in part) != detail["given"], detail


def assert_csv_lists_the_open_decisions(path: Path, cat) -> list[list[str]]:
    rows = read_csv(path)
    assert rows[0] == HEADER
    expected = cat.open_decisions()
    assert len(rows) - 1 == len(expected) == sum(len(r["decisions"]) for r in framework.completeness(cat)) + \
        sum(not d["given"] for d in cat.board_paper_details)
    for row, decision in zip(rows[1:], expected):
        assert len(row) == len(HEADER)
        assert row[1].removeprefix("'") == decision["question"]
        assert row[4].removeprefix("'") == (decision["owner"] or TO_BE_AGREED)
        assert row[5] == (decision["due"].isoformat() if decision["due"] else TO_BE_AGREED)
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    return rows


# ---- the real build, whatever local.yml says --------------------------------------

def test_the_page_shows_no_ids_or_file_names(site, catalogue):
    html = page(site, "local-framework/questions")
    body = article(html)
    assert "<code>" not in body
    text = words(html)
    for word in FILE_WORDS:
        assert word not in text, word
    ids = {item.id for part in catalogue.framework.values() if part.kind == "questions" for item in part.items}
    shown = [qid for qid in ids if "-" in qid and re.search(rf"(?<![\w-]){re.escape(qid)}(?![\w-])", text)]
    assert shown == []


def test_every_open_decision_is_listed_with_its_owner_and_target_date(site, catalogue):
    html = page(site, "local-framework/questions")
    assert_every_decision_shown(html, catalogue)
    text = words(html)
    for row in framework.completeness(catalogue):
        assert row["part"].title in text and f"{row['answered']} of {row['total']}" in text


def test_the_board_paper_details_still_to_give_are_listed_in_plain_words(site, catalogue):
    assert_board_paper_details_shown(page(site, "local-framework/questions"), catalogue)


def test_the_open_decisions_download_as_a_spreadsheet(site, catalogue):
    html = page(site, "local-framework/questions")
    assert f'href="../open-decisions.csv">{LINK_TEXT}</a>' in html
    assert_csv_lists_the_open_decisions(site / "local-framework" / "open-decisions.csv", catalogue)


# ---- a scratch copy with a known owner, date and options ---------------------------

OWNER = "Head of Scratch Planning"
DUE = dt.date(2031, 5, 17)
OPTIONS = ["=1+2, a cell a spreadsheet would work out", "Ask the peer network first"]
FORMULA_OWNER = "@Finance lead"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, catalogue):
    """A copy of the project whose local.yml leaves the first two questions open, one with a known
    owner, date and options, the other with an owner a spreadsheet would take for a formula, and
    gives no agenda item or risks for the board paper; built once."""
    project = copy_project(tmp_path_factory.mktemp("completeness"))
    path = project / "local.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first, second = [item.id for row in framework.completeness(catalogue) for item in row["part"].items][:2]
    data.setdefault("questions", {})
    data["questions"][first] = {"status": "not-yet-answered", "owner": OWNER, "due": DUE, "options": OPTIONS}
    data["questions"][second] = {"status": "not-yet-answered", "owner": FORMULA_OWNER}
    board = data.setdefault("board_paper", {})
    board.pop("agenda_item", None)
    board.pop("risks", None)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    cat, problems = load_catalogue(project)
    assert problems == [], problems
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site", cat


def test_a_known_owner_date_and_options_appear_on_the_page_and_in_the_spreadsheet(scratch):
    site, cat = scratch
    html = page(site, "local-framework/questions")
    assert_every_decision_shown(html, cat)
    question = framework.completeness(cat)[0]["part"].items[0].text
    text = sections(html)[" ".join(question.split())]
    assert f"Proposed owner: {OWNER}" in text and "Target date: 17 May 2031" in text
    assert all(option in text for option in OPTIONS)
    rows = assert_csv_lists_the_open_decisions(site / "local-framework" / "open-decisions.csv", cat)
    row = next(r for r in rows if r[1] == question)
    assert row[2:] == ["Not yet agreed", "'" + "; ".join(OPTIONS), OWNER, "2031-05-17"]
    assert any(r[4] == "'" + FORMULA_OWNER for r in rows)


def test_board_paper_details_left_out_are_still_to_be_agreed(scratch):
    site, cat = scratch
    html = page(site, "local-framework/questions")
    assert_board_paper_details_shown(html, cat)
    part = words(article(html).split('id="board-paper-details"', 1)[1])
    assert "The item number on the agenda" in part and "The main risks, with who owns each one" in part
    rows = read_csv(site / "local-framework" / "open-decisions.csv")
    assert ["Board paper details", "The item number on the agenda", "Not yet agreed", "", TO_BE_AGREED,
            TO_BE_AGREED] in rows
