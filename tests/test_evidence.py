"""Questions leaders ask, key facts and figures, lessons and messages, and people's stories:
the real content, the pages it makes and the links between them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from guidance.kinds import figures as figure_module
from guidance import load_catalogue
from tests.test_build import ROOT, page, text_of

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def catalogue():
    cat, problems = load_catalogue(ROOT)
    assert problems == []
    return cat


# The briefing's questions (source 002), each found by words its question must contain.
BRIEFING = {
    "toolkits and examples": r"toolkit|example|model polic",
    "culture change": r"culture",
    "integrated health and social care": r"integrat|joined.up|health and social care",
    "what implementation will cost": r"cost",
    "the financial case": r"financial case|cost.effective",
    "freeing money without double running": r"existing budgets|double running|paying twice",
    "the market: what people will want": r"market|services.*want|want.*services",
    "which groups next": r"group",
    "clinical governance and risk": r"governance|risk",
    "legal challenge": r"legal challenge",
}


def test_every_question_from_the_briefing_is_answered(catalogue):
    for topic, words in BRIEFING.items():
        assert any(re.search(words, q.question, re.IGNORECASE) for q in catalogue.questions.values()), topic
    for q in catalogue.questions.values():
        assert any(c.source == "nhsconfed-2014-wealth" for c in q.sources), q.id


LISTS = {"lessons-nhs": 10, "messages-commissioners": 10, "messages-providers": 7, "integrated-budget-qualities": 10}


def test_the_lessons_and_messages_are_all_there(catalogue):
    for list_id, count in LISTS.items():
        assert len(catalogue.lessons[list_id].points) == count, list_id
    ipc = catalogue.lessons["integrated-personal-commissioning"]
    assert ipc.changes, "the programme has ended: its list must cite the dated change"
    for x in catalogue.lessons.values():
        assert any(c.source == "tlap-2014-getting-serious" for c in x.sources), x.id


def test_every_story_has_its_source_and_answers_a_myth(catalogue):
    assert len(catalogue.stories) >= 4
    for s in catalogue.stories.values():
        assert s.myths, s.id
        assert s.cite.source in ("tlap-2014-getting-serious", "nhsconfed-2014-wealth"), s.id


def test_every_figure_has_its_source_page_and_year(catalogue):
    found = figure_module.all_figures(catalogue)
    assert len(found) >= 10
    for f in found.values():
        assert re.search(r"\bp{1,2}\. ?\d|page|section|table|chart|box|web page|release|endnote|questions", f.cite.at, re.IGNORECASE), (f.id, f.cite.at)
    assert any(s.chart for s in catalogue.figures.values())


def test_each_set_of_figures_has_a_page_with_every_figure_in_its_table(site, catalogue):
    """The evidence page lists each set at its anchor, with the anchors of its figures (where an old
    link lands), and links to the set's own page, which shows each figure in a row at its anchor."""
    html = page(site, "evidence")
    for s in catalogue.figures.values():
        assert f'id="{s.id}"' in html
        assert f'href="{s.id}/"' in html, s.id
        own = page(site, f"evidence/{s.id}")
        for f in s.figures:
            assert f'id="{f.id}"' in html, f.id
            row = own.split(f'id="{f.id}"', 1)[1].split("</tr>", 1)[0]
            assert figure_module.shown(f).replace("£", "£") in row, f.id
            assert str(f.year) in row or f.period in row, f.id


def test_each_chart_is_an_accessible_svg_with_the_numbers_of_its_table(site, catalogue):
    charted = [s for s in catalogue.figures.values() if s.chart]
    assert charted
    for s in charted:
        assert f'src="../charts/{s.id}.svg"' in page(site, f"evidence/{s.id}")
        svg = ET.parse(site / "evidence" / "charts" / f"{s.id}.svg").getroot()
        assert svg.get("role") == "img" and svg.get("aria-labelledby") == "chart-title chart-desc"
        assert svg.find(f"{SVG}title").text == s.title
        desc = svg.find(f"{SVG}desc").text
        words = " ".join(t.text for t in svg.iter(f"{SVG}text"))
        for f in s.figures:
            value = figure_module.shown(f)
            assert value in desc and value in words, f.id  # each value is written, not only drawn
        assert "<script" not in (site / "evidence" / "charts" / f"{s.id}.svg").read_text(encoding="utf-8")


def test_myths_questions_figures_and_stories_link_both_ways(site, catalogue):
    for q in catalogue.questions.values():
        html = page(site, f"questions/{q.id}")
        for myth in q.myths:
            assert f'href="../../myths/{myth}/"' in html, (q.id, myth)
            assert f'href="../../questions/{q.id}/"' in page(site, f"myths/{myth}"), (myth, q.id)
    stories = page(site, "stories")
    home = figure_module.set_of(catalogue)
    for s in catalogue.stories.values():
        for myth in s.myths:
            assert f'href="../../stories/#{s.id}"' in page(site, f"myths/{myth}"), (myth, s.id)
        section = stories.split(f'id="{s.id}"', 1)[1].split("<h2", 1)[0]
        for myth in s.myths:
            assert f'href="../myths/{myth}/"' in section, (s.id, myth)
    for f in figure_module.all_figures(catalogue).values():
        for myth in f.myths:
            assert f'href="../../evidence/{home[f.id].id}/#{f.id}"' in page(site, f"myths/{myth}"), (myth, f.id)
            row = page(site, f"evidence/{home[f.id].id}").split(f'id="{f.id}"', 1)[1].split("</tr>", 1)[0]
            assert f'href="../../myths/{myth}/"' in row, (f.id, myth)


def test_a_figure_reads_the_same_everywhere(site, catalogue):
    """Wherever a figure appears, it is the recorded value, from the one helper."""
    for q in catalogue.questions.values():
        text = text_of(page(site, f"questions/{q.id}"))
        for fid in q.figures:
            f = figure_module.all_figures(catalogue)[fid]
            assert f"{figure_module.shown(f)} ({f.year})" in text, (q.id, fid)


def test_questions_and_lessons_pages_have_answer_basis_and_review_dates(site, catalogue):
    for q in catalogue.questions.values():
        text = text_of(page(site, f"questions/{q.id}"))
        assert q.answer in text and "The law:" in text and "Main source (" in text, q.id
        assert f"Next review due: {q.review.next_review_due.strftime('%-d %B %Y')}" in text, q.id
    for x in catalogue.lessons.values():
        text = text_of(page(site, f"lessons/{x.id}"))
        for p in x.points:
            assert p.title in text, (x.id, p.id)


def test_the_export_holds_questions_figures_lessons_and_stories(site, catalogue):
    data = json.loads((site / "api" / "content.json").read_text(encoding="utf-8"))
    assert {q["id"] for q in data["questions"]} == set(catalogue.questions)
    assert {f["id"] for f in data["figures"]} == set(figure_module.all_figures(catalogue))
    assert {x["id"] for x in data["lessons"]} == set(catalogue.lessons)
    assert {s["id"] for s in data["stories"]} == set(catalogue.stories)
