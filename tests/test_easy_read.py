"""Easy read: the content, the rules the checker enforces, the pages and the PDFs."""

from __future__ import annotations

import dataclasses
import io
import math
import re
from html import unescape
from pathlib import Path

import pytest

from guidance import load_catalogue
from guidance.kinds import easyread
from guidance.__main__ import main as cli
from tests.conftest import ROOT
from tests.test_build import page

BUDGET_HOLDER_PAGES = ["what-is-a-phb", "who-has-a-right", "six-stages", "your-care-plan", "spending", "ways-to-hold",
                       "who-can-help", "disagree", "contacts", "asking-for-a-budget", "direct-payments",
                       "paying-a-family-member", "employing-a-personal-assistant", "reviews-and-changes",
                       "your-information", "personal-wheelchair-budgets", "section-117-aftercare",
                       "children-and-young-people"]


@pytest.fixture(scope="session")
def catalogue():
    cat, problems = load_catalogue(ROOT)
    assert problems == []
    return cat


# ---- the content ----------------------------------------------------------------------

def test_every_myth_and_every_budget_holder_page_has_an_easy_read_version(catalogue):
    versions = {p.myth for p in catalogue.easy_read.values() if p.myth}
    assert versions == set(catalogue.myths)
    assert set(BUDGET_HOLDER_PAGES) <= set(catalogue.easy_read)
    assert catalogue.easy_read["contacts"].contacts


def test_every_row_has_a_picture_that_ships_with_the_project(catalogue):
    pictures = easyread.picture_names(ROOT)
    for page in catalogue.easy_read.values():
        for row in page.rows:
            assert row.picture in pictures and row.alt.strip(), (page.id, row.text)
    licence = (ROOT / easyread.PICTURES / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0" in licence
    readme = (ROOT / easyread.PICTURES / "README.md").read_text(encoding="utf-8")
    assert "Mulberry Symbols" in readme and "OpenMoji" in readme


def test_every_page_reads_easily(catalogue):
    for page_id, ease in catalogue.easy_read_ease.items():
        assert ease >= easyread.MIN_READING_EASE, page_id


def test_check_reports_each_pages_reading_ease(capsys):
    assert cli(["easyread", str(ROOT / "easy-read"), "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"easy-read/pages/what-is-a-phb\.yml: reading ease \d+", out)
    assert "0 problem(s)" in out


# ---- the rules: each broken rule is reported with file, line, rule and sentence ------------
# A small project of its own (a word list, pictures and pictures.yml), so that the rules are
# tested the same in every fork, whatever its pictures and words.

PICTURE = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'
PICTURES_YML = """\
- name: plan
  means: a plan
  set: Mulberry Symbols
  original: plan.svg
  licence: CC BY-SA 4.0
- name: pounds
  means: money in pounds
  set: Mulberry Symbols
  original: money.svg
  licence: CC BY-SA 4.0
  money: pounds
- name: dollars
  means: a bag of dollars
  set: OpenMoji
  original: 1F4B0.svg
  licence: CC BY-SA 4.0
  money: other
- name: tick
  means: a tick, for yes
  set: OpenMoji
  original: 2714.svg
  licence: CC BY-SA 4.0
- name: team
  means: your team
  set: Mulberry Symbols
  original: team.svg
  licence: CC BY-SA 4.0
"""
WORDS_YML = """\
- word: NHS
  meaning: The National Health Service. It gives free health care.
- word: budget
  meaning: An amount of money to spend on something.
- word: personal health budget
  meaning: Money from the NHS for your health.
- word: council
  meaning: The local group that runs social care.
- word: care plan
  meaning: A plan that says what help you get.
"""


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with the easy-read word list, pictures and pictures.yml above."""
    pictures = tmp_path / "easy-read" / "pictures"
    pictures.mkdir(parents=True)
    for name in ("plan", "pounds", "dollars", "tick", "team"):
        (pictures / f"{name}.svg").write_bytes(PICTURE)
    (tmp_path / "easy-read" / "pictures.yml").write_text(PICTURES_YML, encoding="utf-8")
    (tmp_path / "easy-read" / "words.yml").write_text(WORDS_YML, encoding="utf-8")
    return tmp_path


GOOD_ROW = "  - text: You can ask for help.\n    picture: plan\n    alt: Asking for help.\n"
BROKEN = {
    "long sentence": ("You can ask your team about help at any time of the year when you feel ready for it.",
                      "sentence of 19 words, at most 15"),
    "number words": ("You can have three meetings.", "write numbers as digits ('three')"),
    "passive voice": ("The money is paid by the team.", "use the active voice ('is paid')"),
    "abbreviation": ("Ask the PALS team.", "abbreviation or capitals 'PALS': not in the word list"),
    "capitals": ("You MUST ask.", "abbreviation or capitals 'MUST': not in the word list"),
    "hard word": ("The reimbursement arrives.", "hard word 'reimbursement' is not explained"),
    "two ideas": ("You plan. You agree. You start.", "one idea per row: 3 sentences, at most 2"),
    "emphasis": ("You *must* ask.", "plain words only"),
    "3 new hard words": ("The NHS and the council agree your care plan.",
                         "3 hard words new to the page in one row ('NHS', 'council', 'care plan')"),
}


def write_page(folder: Path, middle_row: str, picture: str = "team") -> Path:
    path = folder / "sample.yml"
    path.write_text("id: sample\ntitle: A sample page\nrows:\n" + GOOD_ROW
                    + f"  - text: {middle_row}\n    picture: {picture}\n    alt: Your team.\n" + GOOD_ROW, encoding="utf-8")
    return path


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_a_row_that_breaks_a_rule_fails_the_check_with_file_line_rule_and_sentence(project, capsys, rule):
    text, message = BROKEN[rule]
    path = write_page(project, text)
    assert cli(["easyread", str(path), "--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"{path.as_posix()}:7: rows[1].text: {message}" in out, out
    assert repr(text) in out


def test_a_good_page_passes_and_the_command_works_on_any_file(project, capsys):
    path = write_page(project, "Your team helps you plan.")
    assert cli(["easyread", str(path), "--root", str(project)]) == 0
    assert "0 problem(s)" in capsys.readouterr().out
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    assert cli(["easyread", str(path), "--root", str(elsewhere)]) == 0  # no project: no word list, pictures unchecked


def test_a_page_with_a_missing_picture_or_alt_text_fails(project, capsys):
    path = write_page(project, "Your team helps you plan.")
    path.write_text(path.read_text(encoding="utf-8").replace("    alt: Asking for help.\n", "", 1), encoding="utf-8")
    assert cli(["easyread", str(path), "--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"{path.as_posix()}:4: rows[0].alt: missing: add a line 'alt: ...' under 'rows:'" in out


def test_a_missing_picture_fails_with_its_line(project, capsys):
    path = write_page(project, "Your team helps you plan.", picture="no-such-picture")
    assert cli(["easyread", str(path), "--root", str(project)]) == 1
    assert f"{path.as_posix()}:8: rows[1].picture: no picture 'no-such-picture'" in capsys.readouterr().out


def test_a_picture_on_a_page_a_third_time_fails_at_that_row(project, capsys):
    path = write_page(project, "Your team helps you plan.", picture="plan")  # plan, plan, plan
    assert cli(["easyread", str(path), "--root", str(project)]) == 1
    assert (f"{path.as_posix()}:11: rows[2].picture: the picture 'plan' is on this page more than 2 times"
            in capsys.readouterr().out)


def test_a_picture_of_money_that_is_not_pounds_fails(project, capsys):
    path = write_page(project, "Your team helps you plan.", picture="dollars")
    assert cli(["easyread", str(path), "--root", str(project)]) == 1
    assert (f"{path.as_posix()}:8: rows[1].picture: the picture 'dollars' shows money that is not pounds"
            in capsys.readouterr().out)


def test_a_meaning_in_the_word_list_keeps_a_rows_rules(project, capsys):
    words = project / "easy-read" / "words.yml"
    words.write_text(WORDS_YML + "- word: panel\n  meaning: A small group of people who meet to look at a plan and who "
                                 "then make a decision about it.\n", encoding="utf-8")
    path = write_page(project, "Your team helps you plan.")
    assert cli(["easyread", str(path), "--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert "easy-read/words.yml:12: [5].meaning: meaning of 'panel' is 20 words, at most 15" in out, out


def test_a_pages_own_word_with_a_hard_meaning_fails_at_its_line(project, capsys):
    path = write_page(project, "Your team helps you plan.")
    path.write_text(path.read_text(encoding="utf-8") + "words:\n  - word: panel\n    meaning: A group that is chosen by "
                    "the board.\n", encoding="utf-8")
    assert cli(["easyread", str(path), "--root", str(project)]) == 1
    assert f"{path.as_posix()}:15: words[0].meaning: use the active voice ('is chosen')" in capsys.readouterr().out


def test_a_hard_word_is_explained_in_the_row_that_first_uses_it_longest_phrase_first(project):
    word_list = easyread.load_word_list(project)[0]
    page = easyread.Page(id="x", title="X", rows=[
        {"text": "You can have a personal health budget.", "picture": "plan", "alt": "A budget for you."},
        {"text": "The NHS gives the budget.", "picture": "team", "alt": "The NHS."},
        {"text": "The NHS helps.", "picture": "tick", "alt": "Help."}])
    explained = [[w.word for w in row] for row in easyread.first_uses(page, word_list)]
    assert explained == [["personal health budget"], ["NHS", "budget"], []]
    assert [w.word for w in easyread.hard_words_used(page, word_list)] == ["personal health budget", "NHS", "budget"]


def test_pictures_yml_lists_every_picture_and_only_pictures_that_exist(project):
    (project / "easy-read" / "pictures" / "extra.svg").write_bytes(PICTURE)
    (project / "easy-read" / "pictures" / "team.svg").unlink()
    _, _, problems = easyread.load_picture_list(project)
    said = [str(p) for p in problems]
    assert any(s.startswith("easy-read/pictures.yml:23: [4].name: no file easy-read/pictures/team.svg") for s in said), said
    assert any(s.startswith("easy-read/pictures/extra.svg: is not listed in easy-read/pictures.yml") for s in said), said


def test_generic_pictures_in_more_than_1_row_in_5_fail_at_pictures_yml(project):
    pages = project / "easy-read" / "pages"
    pages.mkdir()
    rows = "".join(f"  - text: You can ask for help {i}.\n    picture: {pic}\n    alt: Help.\n"
                   for i, pic in enumerate(["tick", "tick", "plan", "team", "pounds"]))
    (pages / "a.yml").write_text("id: a\ntitle: A\nrows:\n" + rows, encoding="utf-8")
    problems = [str(p) for p in easyread.load_pages(project)[2]]
    assert any(p.startswith("easy-read/pictures.yml:18: generic pictures fill 2 of 5 easy-read rows (tick 2); "
                            "at most 1 row in 5") for p in problems), problems
    (pages / "a.yml").write_text("id: a\ntitle: A\nrows:\n" + rows.replace("tick", "plan", 1).replace(
        "picture: plan\n", "picture: team\n", 1), encoding="utf-8")
    assert not [p for p in easyread.load_pages(project)[2] if "generic" in str(p)]


def test_a_page_that_reads_hard_fails_on_reading_ease(project, capsys):
    hard = "Organisations coordinate individualised arrangements."
    path = project / "hard.yml"
    path.write_text("id: hard\ntitle: Hard\nwords:\n"
                    + "".join(f"  - word: {w}\n    meaning: A word.\n" for w in hard.rstrip(".").lower().split())
                    + "rows:\n" + "".join(f"  - text: {hard}\n    picture: {pic}\n    alt: Help.\n"
                                          for pic in ("plan", "team", "pounds")),
                    encoding="utf-8")
    assert cli(["easyread", str(path), "--root", str(project)]) == 1
    assert "is below 70: use shorter sentences and shorter words" in capsys.readouterr().out


# ---- the pages and the PDFs ---------------------------------------------------------------

def test_the_index_shows_each_page_as_its_picture_and_title_people_first(site, catalogue):
    html = page(site, "easy-read")
    people, staff = html.split("How the NHS and councils work together", 1)
    for p in catalogue.easy_read.values():
        link = re.search(rf'<a href="{p.id}/">\s*<img[^>]*class="phb-er-picture"[^>]*>\s*([^<]+)</a>', people if not p.myth
                         else staff)
        assert link and unescape(link.group(1)).strip() == p.title, p.id
    assert "Mulberry Symbols" in html and "OpenMoji" in html and "by-sa/4.0" in html


def rows_html(html: str) -> list[str]:
    return html.split('<div class="phb-er-rows">', 1)[1].split('<div class="phb-er-row">')[1:]


def test_each_page_shows_every_row_with_its_picture_and_links_both_ways(site, catalogue):
    contacts = len(easyread.contact_rows(catalogue))
    for p in catalogue.easy_read.values():
        html = page(site, f"easy-read/{p.id}")
        pictures = re.findall(r'<img[^>]*class="phb-er-picture"[^>]*>', html.split('<div class="phb-er-rows">', 1)[1])
        assert len(pictures) == len(p.rows) + (contacts if p.contacts else 0), p.id
        assert all(re.search(r'alt="[^"]+"', img) for img in pictures)
        for row in p.rows:
            assert unescape(row.text) in unescape(re.sub(r"<[^>]+>", "", html)), (p.id, row.text)
        assert f'href="../{p.id}.pdf"' in html and "Print this page" in html
        standard = easyread.standard_of(catalogue, p)
        assert "This page in standard English" in html.split('<header class="phb-er-header">', 1)[1].split("</header>")[0]
        if p.myth:
            assert f'href="../../myths/{p.myth}/"' in html
            top = page(site, f"myths/{p.myth}").split('id="the-myth"')[0]
            assert f'href="../../easy-read/{p.id}/"' in top and "Easy read:" in top, p.id
        elif standard.startswith("your-budget/"):
            top = page(site, standard.removesuffix(".md"))
            assert f'href="../../easy-read/{p.id}/"' in top, p.id
        for img in pictures:
            src = re.search(r'src="([^"]+)"', img).group(1)
            assert (site / "easy-read" / p.id / src).resolve().is_file(), src
        assert "Mulberry Symbols" in html and "OpenMoji" in html


def test_a_hard_word_is_explained_in_bold_in_the_row_that_first_uses_it(site, catalogue):
    for p in catalogue.easy_read.values():
        found = rows_html(page(site, f"easy-read/{p.id}"))
        for row_html, words in zip(found, easyread.first_uses(p, catalogue.easy_read_words)):
            explained = re.findall(r'<p class="phb-er-explain"><strong>([^<]+)</strong>', row_html)
            assert [unescape(w) for w in explained] == [w.word for w in words], p.id


def test_the_contacts_page_shows_the_local_contacts(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    text = unescape(re.sub(r"<[^>]+>", " ", page(site, "easy-read/contacts")))
    for contact in (catalogue.local.contacts.budget_team, catalogue.local.contacts.reconsideration):
        assert contact.phone in text and contact.email in text and contact.hours in text


def test_each_pdf_holds_every_row_says_when_it_was_made_and_keeps_its_word_list_together(each_site):
    from pypdf import PdfReader

    site, catalogue = each_site.site, each_site.catalogue
    contacts = len(easyread.contact_rows(catalogue))
    for p in catalogue.easy_read.values():
        reader = PdfReader(io.BytesIO((site / "easy-read" / f"{p.id}.pdf").read_bytes()))
        sheets = [re.sub(r"-\s+", "-", re.sub(r"\s+", " ", sheet.extract_text())) for sheet in reader.pages]
        text = " ".join(sheets)
        for row in p.rows:  # (a line may break after a hyphen: "co- production")
            assert re.sub(r"\s+", " ", row.text) in text, (p.id, row.text)
        words = easyread.hard_words_used(p, catalogue.easy_read_words)
        rows = len(p.rows) + (contacts if p.contacts else 0) + len(words)  # a meaning is about as tall as a row
        # a row is at most 2.5 cm plus its gap; 6 fit on an A4 page with the title and margins
        assert len(reader.pages) <= math.ceil(rows / 6) + 1, (p.id, len(reader.pages))
        assert catalogue.local.organisation.name in sheets[0]
        assert all(re.search(r"Made [A-Z][a-z]+ \d{4}", sheet) and "Built" not in sheet for sheet in sheets), p.id
        assert "Mulberry Symbols" in text and "OpenMoji" in text, p.id
        if words:
            listed = [i for i, sheet in enumerate(sheets) if "Words on this page" in sheet]
            assert len(listed) == 1 and all(f"{w.word}: " in sheets[listed[0]] for w in words), p.id


# ---- the pictures -------------------------------------------------------------------------

def test_every_picture_is_listed_with_its_meaning_set_and_licence(catalogue):
    listed = catalogue.easy_read_picture_list
    assert set(listed) == easyread.picture_names(ROOT)
    for page in catalogue.easy_read.values():
        for row in page.rows:
            entry = listed[row.picture]
            assert entry.money in (None, "pounds"), (page.id, row.picture)
            assert row.alt != entry.means, (page.id, row.alt)  # the alt says what it means in this row
    used = {row.picture for p in catalogue.easy_read.values() for row in p.rows}
    mulberry = {name for name in used if listed[name].set == "Mulberry Symbols"}
    assert len(mulberry) >= 0.9 * len(used)  # OpenMoji only where Mulberry has nothing


def test_generic_pictures_fill_at_most_1_row_in_5(catalogue):
    rows = [row.picture for p in catalogue.easy_read.values() for row in p.rows]
    generic = [r for r in rows if easyread.generic(r, catalogue.easy_read_picture_list)]
    assert len(generic) * easyread.GENERIC_SHARE <= len(rows)


def test_at_least_40_pages_and_the_word_lists_meanings_are_short(catalogue):
    assert len(catalogue.easy_read) >= 40
    for word in catalogue.easy_read_words:
        assert len(easyread.words(word.meaning)) <= easyread.MAX_MEANING_WORDS, word.word


def test_a_pdf_is_found_again_on_another_day_and_made_again_when_its_picture_changes(catalogue, monkeypatch):
    """The PDFs' cache keys (pdf.Job.key) come from what goes into each PDF, worked out without
    rendering it: the same on any build day, and different when a picture it shows changes."""
    from guidance import pdf, site
    from guidance.render import Renderer

    made: list = []
    monkeypatch.setattr(pdf, "make_all", lambda jobs, cache: made.append(jobs) or [b"%PDF-"] * len(jobs))
    specs = site.pages(catalogue)
    who = {"organisation": "NHS Testshire", "web_address": None, "cache": None}
    for epoch in ("1795000000", "1800000000"):  # two build days, months apart
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        easyread.files(catalogue, specs, Renderer(catalogue), **who)
    assert [job.key() for job in made[0]] == [job.key() for job in made[1]]
    job = made[0][0]
    assert job.pictures and all(f"/{name}.svg" in job.markdown for name, _ in job.pictures)
    name, picture = job.pictures[0]
    changed = picture.replace(b"<path", b'<path stroke-width="2"', 1)
    assert changed != picture
    assert dataclasses.replace(job, pictures=((name, changed), *job.pictures[1:])).key() != job.key()
