"""Pages for people with a budget and their families (/your-budget/): the content, the checks
that hold each page to plain English, and the pages as a reader sees them.

The content tests read the project's own pages, which a fork does not change (a fork edits
local.yml); what they show from local.yml is read from the catalogue, so they hold in any fork."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from guidance import load_catalogue
from guidance.kinds import guides
from tests.conftest import ROOT
from tests.test_build import page, text_of

# The topics a person with a budget needs, each a page of its own (issue: people with a budget)
TOPICS = ("what-is-a-personal-health-budget", "who-can-have-one", "asking-for-a-budget", "your-care-plan",
          "ways-to-hold-the-money", "direct-payments", "paying-a-family-member", "help-managing-the-money",
          "employing-a-personal-assistant", "what-the-money-can-buy", "reviews-and-changes", "if-you-disagree",
          "your-information", "who-to-contact", "personal-wheelchair-budgets", "section-117-aftercare")


@pytest.fixture(scope="module")
def catalogue():
    cat, problems = load_catalogue(ROOT)
    assert problems == []
    return cat


# ---- the content ----------------------------------------------------------------------

def test_at_least_15_pages_cover_what_a_person_with_a_budget_asks(catalogue):
    assert len(catalogue.guides) >= 15
    assert set(TOPICS) <= set(catalogue.guides)
    assert catalogue.guides["who-to-contact"].contacts


def test_every_page_is_plain_english_written_to_you_and_answers_first(catalogue):
    for g in catalogue.guides.values():
        assert guides.reading_ease(g) >= guides.MIN_READING_EASE, g.id
        assert guides.YOU.search(g.answer), g.id
        assert len(g.answer.split()) <= 25, g.id
        assert g.sources, g.id


def test_every_page_has_an_easy_read_version(catalogue):
    for g in catalogue.guides.values():
        versions = catalogue.easy_read_versions(guides.guide_page(g.id))
        assert versions and not versions[0].myth, g.id


def test_the_legal_right_pages_cite_the_standing_rules(catalogue):
    for ident in ("who-can-have-one", "personal-wheelchair-budgets", "section-117-aftercare"):
        assert {"rssr-2012-reg-32a", "rssr-2012-reg-32b"} & set(catalogue.guides[ident].law), ident


# ---- the checks: each broken rule at its file and line --------------------------------

GOOD = """\
id: sample
order: 1
title: What is a sample?
answer: You can have a sample if you ask for one.
parts:
  - heading: How it works
    body: |
      You ask your team. They tell you what happens next. You can ask again at any time.
sources:
  - {source: test-guide, at: "page 1"}
review:
  owner: A team
  last_reviewed: 2026-12-01
  next_review_due: 2027-12-01
"""


def problems_with(content_tree, text: str) -> list[str]:
    root = content_tree()
    (root / "your-budget").mkdir(exist_ok=True)
    (root / "your-budget" / "sample.yml").write_text(text, encoding="utf-8")
    return [str(p) for p in load_catalogue(root)[1]]


def test_a_good_page_passes(content_tree):
    assert problems_with(content_tree, GOOD) == []


def test_an_answer_not_written_to_you_fails_at_its_line(content_tree):
    found = problems_with(content_tree, GOOD.replace("You can have a sample if you ask for one.",
                                                     "A sample is given on request."))
    assert any(p.startswith("your-budget/sample.yml:4: answer: must speak to the reader") for p in found), found


def test_a_page_that_reads_hard_fails_at_its_parts(content_tree):
    hard = ("Organisational accountability necessitates comprehensive documentation of individualised "
            "commissioning arrangements, notwithstanding administrative considerations.")
    found = problems_with(content_tree, GOOD.replace(
        "You ask your team. They tell you what happens next. You can ask again at any time.", hard))
    assert any(re.match(r"your-budget/sample\.yml:5: parts: reading ease is -?\d+, below 60", p) for p in found), found


def test_an_unknown_law_fails_at_its_line(content_tree):
    found = problems_with(content_tree, GOOD.replace("sources:", "law: [no-such-law]\nsources:"))
    assert any(p.startswith("your-budget/sample.yml:9: law[0]: unknown legal reference 'no-such-law'")
               for p in found), found


def test_a_page_with_no_easy_read_version_fails_where_the_project_has_easy_read(tmp_path):
    from tests.conftest import copy_project

    project = copy_project(tmp_path)
    (project / "your-budget" / "extra.yml").write_text(GOOD.replace("id: sample", "id: extra").replace(
        "source: test-guide", "source: nhse-personal-health-budgets"), encoding="utf-8")
    found = [str(p) for p in load_catalogue(project)[1]]
    assert any(p.startswith("your-budget/extra.yml:1: id: has no easy-read version: add "
                            "easy-read/pages/extra.yml with 'standard: your-budget/extra.md'") for p in found), found


# ---- the pages ------------------------------------------------------------------------

def test_each_page_gives_the_answer_first_then_easy_read_the_law_and_the_sources(site, catalogue):
    for g in catalogue.guides.values():
        html = page(site, f"your-budget/{g.id}")
        text = unescape(text_of(html))
        assert text.index(g.answer) < text.index(g.parts[0].heading), g.id
        version = catalogue.easy_read_versions(guides.guide_page(g.id))[0]
        assert f'href="../../easy-read/{version.id}/"' in html, g.id
        assert "The law" in text and "References" in text, g.id
        for part in g.parts:
            assert part.heading in text, (g.id, part.heading)


def test_the_index_lists_every_page_with_its_answer(site, catalogue):
    html = page(site, "your-budget")
    text = unescape(text_of(html))
    for g in catalogue.guides.values():
        assert f'href="{g.id}/"' in html and g.answer in text, g.id


def test_who_to_contact_shows_the_areas_own_contacts(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    html = page(site, "your-budget/who-to-contact")
    text = unescape(text_of(html))
    assert f"In {catalogue.local.organisation.area}" in text
    for contact in (catalogue.local.contacts.budget_team, catalogue.local.contacts.reconsideration):
        assert contact.phone in text and contact.email in text
        assert f'href="mailto:{contact.email}"' in html
