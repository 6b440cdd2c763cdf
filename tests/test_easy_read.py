"""Easy read: the content, the rules the checker enforces, the pages and the PDFs."""

from __future__ import annotations

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
                       "who-can-help", "disagree", "contacts"]


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
    assert "OpenMoji" in (ROOT / easyread.PICTURES / "README.md").read_text(encoding="utf-8")


def test_every_page_reads_easily(catalogue):
    for page_id, ease in catalogue.easy_read_ease.items():
        assert ease >= easyread.MIN_READING_EASE, page_id


def test_check_reports_each_pages_reading_ease(capsys):
    assert cli(["easyread", str(ROOT / "easy-read"), "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"easy-read/pages/what-is-a-phb\.yml: reading ease \d+", out)
    assert "0 problem(s)" in out


# ---- the rules: each broken rule is reported with file, line, rule and sentence ------------

GOOD_ROW = "  - text: You can ask for a budget.\n    picture: money\n    alt: A bag of money.\n"
BROKEN = {
    "long sentence": ("You can ask your team about a budget at any time of the year when you feel ready for it.",
                      "sentence of 20 words, at most 15"),
    "number words": ("You can have three meetings.", "write numbers as digits ('three')"),
    "passive voice": ("The money is paid by the team.", "use the active voice ('is paid')"),
    "abbreviation": ("Ask the PALS team.", "abbreviation or capitals 'PALS': not in the word list"),
    "capitals": ("You MUST ask.", "abbreviation or capitals 'MUST': not in the word list"),
    "hard word": ("The reimbursement arrives.", "hard word 'reimbursement' is not explained"),
    "two ideas": ("You plan. You agree. You start.", "one idea per row: 3 sentences, at most 2"),
    "emphasis": ("You *must* ask.", "plain words only"),
}


def write_page(folder: Path, middle_row: str) -> Path:
    path = folder / "sample.yml"
    path.write_text("id: sample\ntitle: A sample page\nrows:\n" + GOOD_ROW
                    + f"  - text: {middle_row}\n    picture: money\n    alt: A bag of money.\n" + GOOD_ROW, encoding="utf-8")
    return path


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_a_row_that_breaks_a_rule_fails_the_check_with_file_line_rule_and_sentence(tmp_path, capsys, rule):
    text, message = BROKEN[rule]
    path = write_page(tmp_path, text)
    assert cli(["easyread", str(path), "--root", str(ROOT)]) == 1
    out = capsys.readouterr().out
    assert f"{path.as_posix()}:7: rows[1].text: {message}" in out, out
    assert repr(text) in out


def test_a_good_page_passes_and_the_command_works_on_any_file(tmp_path, capsys):
    path = write_page(tmp_path, "Your team helps you plan.")
    assert cli(["easyread", str(path)]) == 0  # outside the project: no word list, pictures unchecked
    assert "0 problem(s)" in capsys.readouterr().out


def test_a_page_with_a_missing_picture_or_alt_text_fails(tmp_path, capsys):
    path = write_page(tmp_path, "Your team helps you plan.")
    path.write_text(path.read_text(encoding="utf-8").replace("picture: money", "picture: no-such-picture", 1)
                    .replace("    alt: A bag of money.\n", "", 1), encoding="utf-8")
    assert cli(["easyread", str(path), "--root", str(ROOT)]) == 1
    out = capsys.readouterr().out
    assert f"{path.as_posix()}:4: rows[0].alt: missing: add a line 'alt: ...' under 'rows:'" in out


def test_a_missing_picture_fails_with_its_line(tmp_path, capsys):
    path = write_page(tmp_path, "Your team helps you plan.")
    path.write_text(path.read_text(encoding="utf-8").replace("picture: money", "picture: no-such-picture", 1),
                    encoding="utf-8")
    assert cli(["easyread", str(path), "--root", str(ROOT)]) == 1
    assert f"{path.as_posix()}:5: rows[0].picture: no picture 'no-such-picture'" in capsys.readouterr().out


def test_a_page_that_reads_hard_fails_on_reading_ease(tmp_path, capsys):
    hard = "Organisations coordinate individualised arrangements."
    path = tmp_path / "hard.yml"
    path.write_text("id: hard\ntitle: Hard\nwords:\n"
                    + "".join(f"  - word: {w}\n    meaning: A word.\n" for w in hard.rstrip(".").lower().split())
                    + "rows:\n" + "".join(f"  - text: {hard}\n    picture: money\n    alt: Money.\n" for _ in range(3)),
                    encoding="utf-8")
    assert cli(["easyread", str(path), "--root", str(ROOT)]) == 1
    assert "is below 70: use shorter sentences and shorter words" in capsys.readouterr().out


# ---- the pages and the PDFs ---------------------------------------------------------------

def test_an_index_of_every_easy_read_page_in_plain_words(site, catalogue):
    html = page(site, "easy-read")
    for p in catalogue.easy_read.values():
        assert f'href="{p.id}/"' in html, p.id
    assert "OpenMoji" in html and "by-sa/4.0" in html


def test_each_page_shows_every_row_with_its_picture_and_links_both_ways(site, catalogue):
    for p in catalogue.easy_read.values():
        html = page(site, f"easy-read/{p.id}")
        pictures = re.findall(r'<img[^>]*class="phb-er-picture"[^>]*>', html)
        assert len(pictures) == len(p.rows) + (3 if p.contacts else 0), p.id
        assert all(re.search(r'alt="[^"]+"', img) for img in pictures)
        for row in p.rows:
            assert unescape(row.text) in unescape(re.sub(r"<[^>]+>", "", html)), (p.id, row.text)
        assert f'href="../{p.id}.pdf"' in html and "Print this page" in html
        if p.myth:
            assert f'href="../../myths/{p.myth}/"' in html
            standard = page(site, f"myths/{p.myth}")
            top = standard.split('id="the-myth"')[0]
            assert f'href="../../easy-read/{p.id}/"' in top and "Easy read:" in top, p.id
        for img in pictures:
            src = re.search(r'src="([^"]+)"', img).group(1)
            assert (site / "easy-read" / p.id / src).resolve().is_file(), src


def test_the_contacts_page_shows_the_local_contacts(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    text = unescape(re.sub(r"<[^>]+>", " ", page(site, "easy-read/contacts")))
    for contact in (catalogue.local.contacts.budget_team, catalogue.local.contacts.reconsideration):
        assert contact.phone in text and contact.email in text and contact.hours in text


def test_each_pdf_holds_every_row_and_needs_no_more_pages_than_its_rows(each_site):
    from pypdf import PdfReader

    site, catalogue = each_site.site, each_site.catalogue
    for p in catalogue.easy_read.values():
        reader = PdfReader(io.BytesIO((site / "easy-read" / f"{p.id}.pdf").read_bytes()))
        text = re.sub(r"-\s+", "-", re.sub(r"\s+", " ", " ".join(sheet.extract_text() for sheet in reader.pages)))
        for row in p.rows:  # (a line may break after a hyphen: "co- production")
            assert re.sub(r"\s+", " ", row.text) in text, (p.id, row.text)
        rows = len(p.rows) + (3 if p.contacts else 0)
        # a row is at most 2.5 cm plus its gap; 8 fit on an A4 page with the title and margins
        assert len(reader.pages) <= math.ceil(rows / 6) + 1, (p.id, len(reader.pages))
        assert catalogue.local.organisation.name in reader.pages[0].extract_text().replace("\n", " ")
