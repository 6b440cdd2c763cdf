"""Content cannot make the check or the build slow or crash it: numbers too large to read,
infinity, text that would make a pattern backtrack, more files than the limits allow. Each
is refused with its file and line (or its folder), never a traceback. The cross-checks that
look for figures, changes' terms and bibliography keys in every text give the same answers
as searching for each one in turn, in one pass over each text."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from guidance import load_catalogue
from guidance.__main__ import main as cli
from guidance.catalogue import _key_in
from guidance.kinds.changes import Terms
from guidance.records import texts
from guidance.kinds.figures import HandWritten, all_figures, shown, written_forms
from guidance import catalogue
from guidance.loader import MAX_FILES_IN_FOLDER, MAX_NUMBER_DIGITS, MAX_TERM_CHARS

ROOT = Path(__file__).resolve().parent.parent


def _problems(root: Path) -> list[str]:
    return [str(p) for p in load_catalogue(root)[1]]


def _replace(path: Path, prefix: str, value: str) -> int:
    """Give the first line that starts with ``prefix`` a new value; return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    lines[number] = prefix + value
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


HUGE = "1" * 5001
TOO_MANY_DIGITS = f"number of {{:,}} digits; a number in a record has at most {MAX_NUMBER_DIGITS} digits, so check it for a typing mistake".format
NOT_A_NUMBER = "is not a number a record can hold (it means infinity or 'not a number'); write the value in digits, for example 12.5"
NOT_ORDINARY = (f"must be an ordinary number of at most {MAX_NUMBER_DIGITS} digits (not infinity, 'not a number' or a huge "
                "number); write the value in digits, for example 12.5")
TOO_LARGE = f"is too large (at most {MAX_NUMBER_DIGITS} digits before the decimal point); write the value in digits, without an exponent"
UNREADABLE = "this value cannot be read; check it for a typing mistake (write text in quotes and numbers in plain digits)"

# (file, start of the line, value written, the field, the message): integers and decimals, in several kinds of record
NUMBERS = {
    "order-huge": ("figures/pilot.yml", "order: ", HUGE, "order", TOO_MANY_DIGITS(5001)),
    "figure-year-huge": ("figures/pilot.yml", "    year: ", HUGE, "figures[0].year", TOO_MANY_DIGITS(5001)),
    "figure-value-huge": ("figures/pilot.yml", "    value: ", HUGE, "figures[0].value", TOO_MANY_DIGITS(5001)),
    "figure-value-huge-decimal": ("figures/pilot.yml", "    value: ", HUGE + ".5", "figures[0].value", TOO_MANY_DIGITS(5002)),
    "source-year-huge": ("bibliography/test-guide.yml", "year: ", HUGE, "year", TOO_MANY_DIGITS(5001)),
    "question-order-huge": ("questions/set-up-cost.yml", "order: ", HUGE, "order", TOO_MANY_DIGITS(5001)),
    "figure-value-inf": ("figures/pilot.yml", "    value: ", ".inf", "figures[0].value", ".inf " + NOT_A_NUMBER),
    "figure-value-minus-inf": ("figures/pilot.yml", "    value: ", "-.inf", "figures[0].value", "-.inf " + NOT_A_NUMBER),
    "figure-value-nan": ("figures/pilot.yml", "    value: ", ".nan", "figures[0].value", ".nan " + NOT_A_NUMBER),
    "order-inf": ("figures/pilot.yml", "order: ", ".inf", "order", ".inf " + NOT_A_NUMBER),
    "source-year-nan": ("bibliography/test-guide.yml", "year: ", ".NaN", "year", ".NaN " + NOT_A_NUMBER),
    "question-order-minus-inf": ("questions/set-up-cost.yml", "order: ", "-.Inf", "order", "-.Inf " + NOT_A_NUMBER),
    # YAML reads 1e999 (no point) as text, which the schema then reads as infinity
    "figure-value-1e999": ("figures/pilot.yml", "    value: ", "1e999", "figures[0].value", NOT_ORDINARY),
    "figure-value-quoted-inf": ("figures/pilot.yml", "    value: ", '"inf"', "figures[0].value", NOT_ORDINARY),
    "figure-value-quoted-huge": ("figures/pilot.yml", "    value: ", f'"{HUGE}"', "figures[0].value", NOT_ORDINARY),
    "order-quoted-huge": ("figures/pilot.yml", "order: ", f'"{HUGE}"', "order", NOT_ORDINARY),
    "figure-value-exponent": ("figures/pilot.yml", "    value: ", "1.0e+999", "figures[0].value", "1.0e+999 " + TOO_LARGE),
    "order-exponent": ("figures/pilot.yml", "order: ", "2.5e+300", "order", "2.5e+300 " + TOO_LARGE),
    # numbers YAML recognises but cannot make (no digits after 0x or 0b): reported, not a traceback
    "order-empty-hex": ("figures/pilot.yml", "order: ", "0x_", "", UNREADABLE),
    "figure-value-empty-binary": ("figures/pilot.yml", "    value: ", "-0b_", "", UNREADABLE),
}


@pytest.mark.parametrize("case", sorted(NUMBERS))
def test_a_number_that_cannot_be_held_is_refused_at_its_line(content_tree, case):
    file, prefix, value, field, message = NUMBERS[case]
    root = content_tree()
    line = _replace(root / file, prefix, value)
    where = f"{file}:{line}:" + (f" {field}:" if field else "")
    assert [p for p in _problems(root) if p.startswith(file)] == [f"{where} {message}"]


@pytest.mark.parametrize("case", ["order-huge", "figure-value-nan", "figure-value-1e999", "order-empty-hex"])
def test_the_check_prints_a_bad_number_with_its_line_and_no_traceback(content_tree, case, capsys):
    file, prefix, value, _field, message = NUMBERS[case]
    root = content_tree()
    line = _replace(root / file, prefix, value)
    assert cli(["check", "--root", str(root)]) == 1
    out = capsys.readouterr()
    assert f"{file}:{line}:" in out.out and message in out.out
    assert "Traceback" not in out.out + out.err


def test_a_number_of_fifteen_digits_is_still_read(content_tree):
    root = content_tree()
    line = _replace(root / "figures/pilot.yml", "    value: ", "9" * MAX_NUMBER_DIGITS)
    assert _problems(root) == []
    assert line > 1


# Text that made the raw-HTML pattern backtrack for minutes: a mark, then a quarter of a million spaces.
SPACES = " " * 250_000
SLOW_PROSE = {
    "angle-spaces-digit": ("<" + SPACES + "1", None),
    "link-spaces": ("](" + SPACES + "<" + SPACES[:5000] + "1", None),
    "angle-spaces-letter": ("<" + SPACES + "b", "holds raw HTML or script ('<"),
    "event-attribute": ("on" + "x" * 100_000 + SPACES[:100_000] + "=", "holds raw HTML or script ('onxxx"),
}


@pytest.mark.parametrize("case", sorted(SLOW_PROSE))
def test_prose_that_made_the_html_pattern_backtrack_is_checked_in_one_pass(content_tree, case):
    text, refused = SLOW_PROSE[case]
    root = content_tree()
    line = _replace(root / "questions/set-up-cost.yml", "response: ", f'"{text}"')
    problems = [p for p in _problems(root) if p.startswith("questions/set-up-cost.yml")]
    if refused is None:
        assert problems == []
    else:
        assert [p.startswith(f"questions/set-up-cost.yml:{line}: response: {refused}") for p in problems] == [True]


def test_a_folder_with_more_files_than_the_limit_is_refused_before_any_is_read(content_tree, capsys):
    root = content_tree()
    folder = root / "stories"
    existing = len(list(folder.iterdir()))
    for n in range(MAX_FILES_IN_FOLDER + 1 - existing):
        (folder / f"extra-{n:05d}.yml").write_text("id: [unclosed\n", encoding="utf-8")  # invalid YAML: read, it would be a problem
    problems = _problems(root)
    assert problems == [f"stories/: {MAX_FILES_IN_FOLDER + 1:,} files; at most {MAX_FILES_IN_FOLDER:,} record files are "
                        "allowed in one folder, so none of them was read (the limit keeps checks and builds fast); remove "
                        "the files that are not needed, or join small records into one"]
    (folder / "extra-00000.yml").unlink()  # at the limit: every file is read
    assert any(p.startswith("stories/extra-00001.yml:2: YAML syntax error") for p in _problems(root))


def test_more_record_files_in_all_than_the_limit_are_refused_before_any_is_read(content_tree, monkeypatch):
    root = content_tree()
    (root / "myths" / "broken.yml").write_text("id: [unclosed\n", encoding="utf-8")
    total = sum(len(list((root / folder).glob("*.yml"))) for folder in
                ("myths", "law", "bibliography", "framework", "changes", "questions", "figures", "lessons", "stories",
                 "your-budget"))
    monkeypatch.setattr("guidance.catalogue.MAX_FILES", total - 1)
    problems = _problems(root)
    assert problems == [f"./: {total} files; at most {total - 1} record files are allowed in all the record folders together, "
                        "so none of them was read (the limit keeps checks and builds fast); remove the files that are not "
                        "needed, or join small records into one"]


def test_more_figures_than_the_limit_stop_the_reading_of_figures(content_tree, monkeypatch):
    root = content_tree()
    pilot = (root / "figures" / "pilot.yml").read_text(encoding="utf-8")
    count = len(re.findall(r"^  - id: ", pilot, re.MULTILINE))
    (root / "figures" / "another.yml").write_text(pilot.replace("id: pilot", "id: another"), encoding="utf-8")
    (root / "figures" / "zzz.yml").write_text("id: [unclosed\n", encoding="utf-8")  # after the limit: never read
    # the figures' kind declares the limit; lower it for this test
    kinds = tuple(dataclasses.replace(k, items=(k.items[0], count, k.items[2])) if k.items else k for k in catalogue.KINDS)
    monkeypatch.setattr(catalogue, "KINDS", kinds)
    problems = _problems(root)
    assert f"figures/: {2 * count:,} figures in the files up to pilot.yml; at most {count:,} are allowed in all, so no file " \
           "after it was read (the limit keeps checks and builds fast); remove the figures that are not needed" in problems
    assert not any(p.startswith("figures/zzz.yml") for p in problems)


# ---- the one-pass cross-checks -----------------------------------------------------------

def _one_figure(root: Path):
    """A figure from whatever figures/ holds, with a written form, and the question to write it in."""
    cat, problems = load_catalogue(root)
    assert problems == []
    figure = next(f for f in all_figures(cat).values() if written_forms(f))
    return figure


@pytest.fixture
def figure_tree(content_tree):
    root = content_tree()
    return root, _one_figure(root)


def test_a_record_that_types_a_figure_in_any_written_form_is_refused_at_its_line(figure_tree):
    root, figure = figure_tree
    path = root / "questions/set-up-cost.yml"
    original = path.read_text(encoding="utf-8")
    for form in written_forms(figure):
        path.write_text(original, encoding="utf-8")
        line = _replace(path, "response: ", f'"Plan for {form}, as the pilot found."')
        assert [p for p in _problems(root) if "by hand" in p] == [
            f"questions/set-up-cost.yml:{line}: response: writes out the recorded figure {shown(figure)!r} ({figure.measures}) "
            f"by hand; list {figure.id!r} under figures instead, so the page shows it from the data"], form


def test_a_figure_inside_a_longer_number_or_word_is_not_refused(figure_tree):
    root, figure = figure_tree
    path = root / "questions/set-up-cost.yml"
    form = written_forms(figure)[0]
    line = _replace(path, "response: ", f'"Plan for 9{form}1 and x{form}y and {form}.5 and {form},5, not more."')
    assert line > 1
    assert [p for p in _problems(root) if "by hand" in p] == []


def _search_each_form(figures):
    """The check as it was: one search for each written form of each figure, in order."""
    patterns = [(re.compile(r"(?<![\w.,£])" + re.escape(form) + r"(?![\w%]|[.,]\d)"), figure)
                for figure in figures for form in written_forms(figure)]
    return lambda text: next((figure for pattern, figure in patterns if pattern.search(text)), None)


def _project_texts(cat) -> list[str]:
    return [text for _kind, record, _path, _title in cat.citing_records() for _loc, text in texts(record)]


@pytest.fixture(scope="module")
def project():
    cat, _ = load_catalogue(ROOT)
    return cat


def test_the_one_pass_figure_check_finds_what_one_search_per_form_finds(project):
    figures = list(all_figures(project).values())
    surroundings = ["", "£", "x", "1", ".", ",", " ", "%", ".5", ",5", " people", " a year", " per person", "per cent"]
    made = [before + form + after for f in figures for form in written_forms(f) for before in surroundings
            for after in surroundings]
    one_pass, each_form = HandWritten(figures), _search_each_form(figures)
    for text in _project_texts(project) + made:
        assert one_pass.first_in(text) is each_form(text), text


def test_the_one_pass_terms_check_finds_what_each_changes_pattern_finds(project):
    changes = list(project.changes.values())
    terms = [term for change in changes for term in change.terms]
    made = [before + term + after for term in terms for before in ("", " ", "x", "(") for after in ("", "s", "S", "s.", "x", " ", ")")]
    one_pass = Terms(changes)
    for text in _project_texts(project) + made:
        expected = [(change.id, match.group(0)) for change in changes if (match := change.pattern.search(text))]
        assert [(change.id, words) for change, words in one_pass.first_in(text)] == expected, text


def test_the_one_pass_key_check_finds_what_a_search_for_every_key_finds(project):
    keys = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, sorted(project.sources, key=len, reverse=True))) + r")(?![\w/-])")
    made = [before + key + after for key in project.sources for before in ("", "/", ".", "-", " ", "x") for after in ("", "/", ".", "-", " ", "x")]
    for text in _project_texts(project) + made:
        match = keys.search(text)
        assert _key_in(text, project.sources) == (match.group(0) if match else None), text


def test_a_change_term_longer_than_the_limit_is_refused_at_its_line(content_tree):
    root = content_tree()
    term = "word " * (MAX_TERM_CHARS // 5) + "end"
    line = _replace(root / "changes/nhs-reorganised-2013.yml", "terms: ", f"[primary care trust, {term}]")
    assert _problems(root) == [f"changes/nhs-reorganised-2013.yml:{line}: terms[1]: is {len(term):,} characters long; a term is "
                               f"a name or a few words, at most {MAX_TERM_CHARS} characters, so keep the words that show the change"]


def test_only_fields_that_say_things_are_searched_for_words():
    """Ids, keys, settings' paths and fixed words (a status, a unit) name things; the checks for
    a change's words, a typed figure and a bibliography key read only what records say."""
    cat, problems = load_catalogue(Path(__file__).resolve().parent.parent)
    assert problems == []
    myth = next(iter(cat.myths.values()))
    fields = {loc[0] for loc, _text in texts(myth)}
    assert {"title", "answer", "response"} <= fields
    assert not fields & {"id", "section", "law", "related", "changes"}
    figure_set = next(iter(cat.figures.values()))
    said = {loc[-1] for loc, _text in texts(figure_set) if loc[0] == "figures"}
    assert "measures" in said and not said & {"id", "unit", "myths", "newer"}
