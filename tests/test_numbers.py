"""Numbers in GOV.UK style, from one place (guidance/numbers.py), and the check that refuses an
amount of a billion pounds or more written in full digits."""

from __future__ import annotations

import pytest

from guidance import handwritten, load_catalogue, numbers
from guidance.kinds import figures
from tests.conftest import ROOT
from tests.test_build import page, text_of


@pytest.mark.parametrize("value,expected", [(188489, "188,489"), (12.5, "12.5"), (0.00005, "0.00005"), (0, "0")])
def test_a_number_has_thousands_commas_and_no_exponent(value, expected):
    assert numbers.number(value) == expected


@pytest.mark.parametrize("value,expected", [(93280, "£93,280"), (850_000, "£850,000"), (14_200_000, "£14.2 million"),
                                            (3_300_000_000, "£3.3 billion"), (1_250_000_000, "£1.25 billion"),
                                            (999_999_999, "£1 billion"), (12.5, "£12.50"), (75.5, "£75.50")])
def test_money_is_written_as_gov_uk_writes_it(value, expected):
    assert numbers.pounds(value) == expected


def test_per_cent_has_its_sign():
    assert numbers.per_cent(15) == "15%"


@pytest.mark.parametrize("value,expected", [(4, "1 in 4"), (1000, "1 in 1,000")])
def test_a_proportion_is_one_in_a_number(value, expected):
    assert numbers.one_in(value) == expected


@pytest.mark.parametrize("text,found", [("cost £3,300,000,000 a year", "£3,300,000,000"), ("£3300000000.", "£3300000000"),
                                        ("£ 12,000,000,000", "£ 12,000,000,000"), ("£300,000,000", None),
                                        ("£3.3 billion", None), ("3,300,000,000 people", None)])
def test_a_billion_pounds_in_full_digits_is_found(text, found):
    match = numbers.FULL_BILLIONS.search(text)
    assert (match.group() if match else None) == found


def test_the_check_refuses_a_billion_pounds_in_full_digits_at_its_line(content_tree):
    root = content_tree()
    path = root / "myths" / "panels.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "response: One panel can decide.", "response: One panel can decide on £3,300,000,000 a year."), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert any(p.startswith("myths/panels.yml:6: response: writes '£3,300,000,000' in full digits; write amounts of "
                            "a billion pounds or more as GOV.UK does, such as '£3.3 billion'") for p in problems), problems


def test_every_figure_in_pounds_is_shown_in_gov_uk_style_on_the_evidence_page(site):
    cat, _ = load_catalogue(ROOT)
    text = " ".join(text_of(page(site, f"evidence/{s.id}")) for s in figures.ordered(cat))
    for figure in figures.all_figures(cat).values():
        if figure.unit.startswith("pounds"):
            assert figures.shown(figure) in text, figure.id
            assert not numbers.FULL_BILLIONS.search(figures.shown(figure)), figure.id
    assert not numbers.FULL_BILLIONS.search(text)


def test_a_hand_written_page_with_a_billion_pounds_in_full_digits_is_refused_at_its_line(content_tree):
    root = content_tree()
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "costs.md").write_text("---\ntitle: Costs\n---\n# Costs\n\nThe NHS spent\n£3,300,000,000 on it.\n",
                                            encoding="utf-8")
    problems = [str(p) for p in handwritten.load_pages(root)[1]]
    assert problems == ["docs/costs.md:7: writes '£3,300,000,000' in full digits; write amounts of a billion pounds or "
                        "more as GOV.UK does, such as '£3.3 billion'"]


def test_a_one_in_figure_is_shown_as_gov_uk_writes_it_and_never_drawn_as_a_bar_chart(content_tree):
    root = content_tree()
    path = root / "figures" / "pilot.yml"
    text = path.read_text(encoding="utf-8").replace("value: 4000\n    unit: pounds", "value: 4\n    unit: 1 in")
    path.write_text(text, encoding="utf-8")
    cat, problems = load_catalogue(root)
    assert [str(p) for p in problems if p.file == "figures/pilot.yml"] == [
        "figures/pilot.yml:6: figures: chart is true, so every figure must have the same unit (found 1 in, pounds); "
        "set chart: false or split the set"]
    path.write_text(text.replace("value: 93280\n    unit: pounds", "value: 5\n    unit: 1 in"), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1] if p.file == "figures/pilot.yml"]
    assert problems and "a bar chart of '1 in' figures would draw the smallest share as the longest bar" in problems[0]
    path.write_text(text.replace("chart: true", "chart: false"), encoding="utf-8")
    cat, problems = load_catalogue(root)
    assert not [p for p in problems if p.file == "figures/pilot.yml"]
    assert figures.shown(figures.all_figures(cat)["pilot-other"]) == "1 in 4"


def test_local_yml_with_a_billion_pounds_in_full_digits_is_refused_at_its_line(content_tree):
    root = content_tree()
    path = root / "local.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("answer:"))
    lines[at] = lines[at].rstrip("\n") + " It costs £3,300,000,000.\n"
    path.write_text("".join(lines), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert any(p.startswith(f"local.yml:{at + 1}: ") and "writes '£3,300,000,000' in full digits" in p
               for p in problems), problems


def test_an_age_or_a_length_of_time_is_shown_in_years_and_found_when_typed_by_hand():
    age = figures.Figure(id="age", measures="Age under which people gained more", value=75, unit="years",
                         population="Budget holders", period="2009 to 2012", year=2012,
                         cite={"source": "pilot", "at": "p. 1"})
    assert figures.shown(age) == "75 years"
    assert figures.written_forms(age) == ["75 years"]
    found = figures.HandWritten([age])
    assert found.first_in("People under 75 years old gained more.") is age
    assert found.first_in("People aged 75 and over.") is None
