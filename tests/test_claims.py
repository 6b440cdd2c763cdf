"""Law kept apart from guidance, answers that answer, and the law's check date on every page.

A sentence that states the law (must, duty, required, has a right, the law) cites a law record;
one that cites only a document says 'should' or names the guidance. An answer to a yes-or-no
question gives the position first; an answer about cost, numbers or time names its figure.
These hold for any fork's content: the fixtures are the small test tree, the last tests read the
project's own records."""

from __future__ import annotations

import re
from html import escape

import pytest

from guidance import claims, load_catalogue
from guidance.kinds import KINDS
from tests.conftest import ROOT
from tests.test_build import page, text_of

HINT_START = "says 'must', which states the law, but cites no law here"


def _edit(root, relative: str, find: str, replace: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert find in text, (relative, find)
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")


def _problems(root) -> list[str]:
    return [str(p) for p in load_catalogue(root)[1]]


def test_the_test_tree_passes_every_new_rule(content_tree):
    assert _problems(content_tree()) == []


def test_an_answer_that_says_must_with_only_a_guidance_citation_is_refused_at_its_line(content_tree):
    root = content_tree()
    _edit(root, "myths/panels.yml", "law: [s256]\n", "law: []\n")
    _edit(root, "myths/panels.yml", "response: One panel can decide.", "response: One panel must decide.")
    assert f"myths/panels.yml:6: response: {HINT_START}" in "\n".join(_problems(root))


def test_the_same_sentence_passes_when_the_record_cites_the_law(content_tree):
    root = content_tree()
    _edit(root, "myths/panels.yml", "response: One panel can decide.", "response: One panel must decide.")
    assert _problems(root) == []


def test_a_background_point_citing_only_a_document_cannot_state_the_law(content_tree):
    """The record cites law, but this point's own citation is a document: it says 'should',
    names the guidance, or lists the law it states."""
    root = content_tree()
    point = "  - text: Panels can be merged.\n"
    _edit(root, "myths/panels.yml", point,
          "  - text: Panels must be merged.\n    cite: {source: test-guide, at: \"p. 5\"}\n")
    problems = _problems(root)
    assert any(p.startswith(f"myths/panels.yml:8: background[0].text: {HINT_START}") for p in problems), problems
    for fixed in ("  - text: The test guide says panels must be merged.\n", "  - text: Panels should be merged.\n",
                  "  - text: Panels must be merged.\n    law: [s256]\n"):
        root = content_tree()
        _edit(root, "myths/panels.yml", point, fixed + "    cite: {source: test-guide, at: \"p. 5\"}\n")
        assert _problems(root) == [], fixed


def test_a_background_point_with_no_citation_of_its_own_is_covered_by_the_record_s_law(content_tree):
    root = content_tree()
    _edit(root, "myths/panels.yml", "  - text: Panels can be merged.\n", "  - text: Panels must be merged.\n")
    assert _problems(root) == []
    _edit(root, "myths/panels.yml", "law: [s256]\n", "law: []\n")
    assert any(p.startswith(f"myths/panels.yml:8: background[0].text: {HINT_START}") for p in _problems(root))


def test_a_framework_item_saying_duty_without_law_is_refused_at_its_line(content_tree):
    root = content_tree()
    _edit(root, "framework/purpose.yml", "text: Agree in one sentence what a budget is for.",
          "text: Staff have a duty to agree what a budget is for.")
    problems = _problems(root)
    assert any(p.startswith("framework/purpose.yml:8: items[0].text: says 'duty'") for p in problems), problems


@pytest.mark.parametrize("sentence,word", [
    ("Boards must offer a budget.", "must"), ("There is a duty to co-operate.", "duty"),
    ("A review is required.", "required"), ("She has a legal right to one.", "has a legal right"),
    ("The law allows it.", "The law"), ("Boards should offer a budget.", None),
    ("NHS England's guidance says boards must offer all three ways.", None),
    ("Must every part of my care be in the budget?", None), ("Mustard is not a care service.", None),
])
def test_which_sentences_state_the_law(sentence, word):
    assert claims.states_law(sentence) == word


def test_the_law_check_takes_time_in_proportion_to_the_text():
    """No pattern backtracks: a long run of near-misses is read once (the check is exact, not timed)."""
    text = ("mus " * 50_000) + "must."
    assert claims.states_law(text) == "must"


@pytest.mark.parametrize("answer", ["It is no reason to hold back.", "They can, with training.", "Not really."])
def test_an_answer_to_a_yes_or_no_question_without_its_position_first_is_refused(content_tree, answer):
    root = content_tree()
    _edit(root, "myths/panels.yml", "answer: No, they need not.", f"answer: {answer}")
    problems = _problems(root)
    assert any(p.startswith("myths/panels.yml:5: answer: the question can be answered yes or no, so the answer "
                            "must give the position first") for p in problems), problems


def test_an_answer_about_cost_without_its_figure_is_refused(content_tree):
    root = content_tree()
    _edit(root, "questions/set-up-cost.yml", "answer_figure: pilot-set-up\n", "")
    problems = _problems(root)
    assert any(p.startswith("questions/set-up-cost.yml:") and "answer_figure: the question asks about cost, numbers "
               "or time, so the answer must give the figure" in p for p in problems), problems


def test_an_answer_figure_must_be_a_recorded_figure(content_tree):
    root = content_tree()
    _edit(root, "questions/set-up-cost.yml", "answer_figure: pilot-set-up", "answer_figure: no-such-figure")
    assert "questions/set-up-cost.yml:6: answer_figure: unknown figure 'no-such-figure'" in "\n".join(_problems(root))


# The project's own content: rules that hold for any fork.

def test_every_record_that_states_the_law_cites_it():
    cat, problems = load_catalogue(ROOT)
    assert not problems
    for kind in KINDS:
        if "law" in kind.model.model_fields:
            for ident, record in cat.records[kind.attribute].items():
                assert claims.unsupported(record) == [], (kind.folder, ident)


def test_a_question_about_cost_shows_its_figure_beside_the_answer(site):
    cat, _ = load_catalogue(ROOT)
    for q in cat.questions.values():
        if q.answer_figure:
            answer = page(site, f"questions/{q.id}").split('class="phb-answer"', 1)[1].split("</p>", 1)[0]
            assert escape(cat.figure_by_id[q.answer_figure].measures, quote=False) in answer, q.id


def test_every_page_that_cites_law_says_when_it_was_last_checked(site):
    cat, _ = load_catalogue(ROOT)
    for myth in cat.myths.values():
        keys = list(myth.law) + [key for point in myth.background for key in point.law]
        if keys:
            oldest = min(cat.laws[key].checked for key in keys)
            assert (f"The law on this page was last checked against legislation.gov.uk on "
                    f"{oldest.day} {oldest:%B %Y}") in text_of(page(site, f"myths/{myth.id}")), myth.id
    home = text_of(page(site, ""))
    oldest = min(law.checked for law in cat.laws.values())
    assert f"The law on this site was last checked against legislation.gov.uk between {oldest.day} {oldest:%B %Y}" in home


def test_every_page_that_links_to_the_law_says_when_the_law_was_last_checked(site):
    """A page that cites a law record says when it was checked; the law pages show their own
    check in their review dates, the list of the law shows each one's date, and a source's
    page links the law pages only as the pages that cite the source."""
    law_link = re.compile(r'href="[^"]*\blaw/[a-z0-9-]+/"')
    missing = []
    for html_file in sorted(site.rglob("index.html")):
        relative = html_file.parent.relative_to(site).as_posix()
        if relative == "law" or relative.startswith(("law/", "search", "sources/")):
            continue
        html = html_file.read_text(encoding="utf-8")
        article = html.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
        if law_link.search(article) and "last checked against legislation.gov.uk" not in article:
            missing.append(relative)
    assert missing == []


@pytest.mark.parametrize("text", [
    "You must pay.", "MUST", "Muſt", "a DUTY", "the dutıes", "it is requıred", "REQUIREMENTS", "they have a right",
    "has the legal rights", "The Law says", "legally", "unlawful", "LAWFUL", "a bright light", "no law words here",
    "İt is a duty", "mustard", "\u212aeep the law",
])
def test_a_text_is_passed_over_only_where_it_cannot_state_the_law(text):
    """The check splits a text into sentences only where a legal word could be: wherever the
    pattern finds one, in any case and with letters that fold to ASCII ones."""
    for variant in (text, text.lower(), text.upper()):
        assert claims._may_state_law(variant) or not claims.LEGAL_WORDS.search(variant), variant


def test_no_text_of_the_project_that_states_the_law_is_passed_over():
    cat, _problems_found = load_catalogue(ROOT)
    for kind in KINDS:
        for record in cat.records_of(kind):
            for _loc, text, _cites in claims._units(record, (), False):
                assert claims._may_state_law(text) or not claims.LEGAL_WORDS.search(text), text
