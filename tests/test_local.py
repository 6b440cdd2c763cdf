"""local.yml, the one file a commissioner edits: real-world values are accepted, a mistake is
reported once at its own line with a plain hint, and sample values cannot go live unnoticed.

These tests edit copies of the small fixture tree (tests/fixtures/valid) or of the project, so
they hold whatever the project's own local.yml says."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from guidance import load_catalogue
from guidance.__main__ import main as cli
from tests.conftest import ROOT, copy_project


def _edit(root, change) -> None:
    path = root / "local.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _line_of(root, text: str) -> int:
    lines = (root / "local.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _rename(data) -> None:
    data["organisation"]["name"] = "St Mary's & Riverside Integrated Care Board"


def _real_statement_contacts(data) -> None:
    """The accessibility and privacy statements' contacts, as a real area gives them."""
    data["accessibility"]["contact"] = {"name": "Web team", "phone": "0300 123 4568", "email": "web@riverside.nhs.uk",
                                        "hours": "Weekdays"}
    data["privacy"]["contact"] = "dpo@riverside.nhs.uk"


# ---- sample values -------------------------------------------------------------------

def test_the_sample_itself_has_no_sample_values_to_replace(content_tree):
    cat, problems = load_catalogue(content_tree())
    assert problems == [] and cat.local.sample == cat.local.organisation.name
    assert cat.sample_values == []


def test_a_renamed_fork_with_sample_contacts_fails_strict_at_each_line(content_tree, capsys):
    root = content_tree()
    _edit(root, _rename)
    cat, problems = load_catalogue(root)
    assert problems == []
    found = [str(p) for p in cat.sample_values]
    contacts = cat.local.contacts
    for contact in (contacts.budget_team, contacts.care_coordination, contacts.reconsideration):
        for value in (contact.phone, contact.email):
            assert f"local.yml:{_line_of(root, value)}:" in " ".join(p for p in found if value in p), value
    assert any(p.startswith(f"local.yml:{_line_of(root, 'sample:')}: sample: ") and "delete this line" in p for p in found)
    assert cli(["check", "--root", str(root)]) == 0  # a preview only lists them ...
    assert "must be replaced before the site is published" in capsys.readouterr().out
    assert cli(["check", "--root", str(root), "--strict"]) == 1  # ... publishing refuses them
    assert "Failing because local.yml still holds sample values (--strict)." in capsys.readouterr().out


def test_a_fork_that_deleted_the_marker_still_has_its_sample_contacts_found(content_tree):
    root = content_tree()
    _edit(root, lambda d: (_rename(d), d.pop("sample")))
    cat, _ = load_catalogue(root)
    fields = {p.field for p in cat.sample_values}
    assert "contacts.budget_team.phone" in fields and "contacts.budget_team.email" in fields


@pytest.mark.parametrize("value", ["peers@riverside.example", "https://phb.example.org/x", "0113 496 0123",
                                   "+44 20 7946 0999", "(01632) 960 100", "07700 900 123", "someone@test.example.com"])
def test_sample_numbers_and_addresses_are_found_anywhere_in_the_file(content_tree, value):
    root = content_tree()

    def change(data):
        _rename(data)
        data.pop("sample")
        data["contacts"]["budget_team"] = {"name": "Budget team", "phone": "0300 123 4567", "email": "phb@riverside.nhs.uk",
                                           "hours": "Monday to Friday"}
        data["contacts"]["care_coordination"] = dict(data["contacts"]["budget_team"])
        data["contacts"]["reconsideration"] = dict(data["contacts"]["budget_team"])
        data["organisation"]["report_a_problem"] = "https://github.com/riverside-icb/phb/issues"
        _real_statement_contacts(data)
        data["payments"]["contingency"] = f"Ask the team on {value} about it."

    _edit(root, change)
    cat, problems = load_catalogue(root)
    assert problems == []
    assert [p.field for p in cat.sample_values] == ["payments.contingency"]


def test_real_contacts_raise_nothing(content_tree):
    root = content_tree()

    def change(data):
        _rename(data)
        data.pop("sample")
        real = {"name": "Budget team", "phone": "0300 123 4567", "email": "PHB@Riverside.NHS.UK", "hours": "Weekdays"}
        data["contacts"] = {"budget_team": real, "care_coordination": dict(real), "reconsideration": dict(real)}
        data["organisation"]["report_a_problem"] = "https://github.com/riverside-icb/phb/issues"
        _real_statement_contacts(data)

    _edit(root, change)
    cat, problems = load_catalogue(root)
    assert problems == [] and cat.sample_values == []


# ---- real-world formats --------------------------------------------------------------

@pytest.mark.parametrize("field,value", [
    ("email", "PHB@Riverside.NHS.UK"),
    ("phone", "(0117) 496 0100"),
    ("phone", "0300 123 4567 ext 210"),
    ("phone", "+44 (0)300 123 4567"),
    ("phone", "0300-123-4567"),
    ("web", "http://www.riverside.nhs.uk/phb"),
    ("web", "https://www.riverside.nhs.uk/phb/"),
])
def test_real_world_contact_formats_are_accepted(content_tree, field, value):
    root = content_tree()
    _edit(root, lambda d: d["contacts"]["budget_team"].update({field: value}))
    assert load_catalogue(root)[1] == []


@pytest.mark.parametrize("where,value", [
    (("organisation", "web_address"), "http://riverside.nhs.uk/phb"),
    (("organisation", "web_address"), "https://riverside-icb.github.io/phb/"),
    (("organisation", "report_a_problem"), "http://riverside.nhs.uk/report"),
    (("organisation", "report_a_problem"), "Web.Team@Riverside.NHS.UK"),
])
def test_http_and_https_are_accepted_alike(content_tree, where, value):
    root = content_tree()
    _edit(root, lambda d: d[where[0]].update({where[1]: value}))
    cat, problems = load_catalogue(root)
    assert problems == []
    if where[1] == "web_address":
        assert cat.local.organisation.web_address.endswith("/")


@pytest.mark.parametrize("field,value,hint", [
    ("email", "phb team@riverside", "write it as name@organisation.nhs.uk"),
    ("phone", "call us", "write it as people dial it, for example 0300 123 4567"),
    ("phone", "0300 123", "write it as people dial it"),
    ("web", "www.riverside.nhs.uk", "write it with https:// in front"),
])
def test_a_wrong_contact_is_refused_in_plain_words_without_a_pattern(content_tree, field, value, hint):
    root = content_tree()
    _edit(root, lambda d: d["contacts"]["budget_team"].update({field: value}))
    problems = [str(p) for p in load_catalogue(root)[1]]
    line = _line_of(root, f"{field}: {value}" if field != "phone" else value)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"local.yml:{line}: contacts.budget_team.{field}: ") and hint in problems[0]
    assert not re.search(r"[\^$\\]|\[0-9|pattern|relative URL", problems[0]), problems[0]


# ---- one mistake, one message --------------------------------------------------------

def test_one_mistake_in_local_yml_is_the_only_message(tmp_path):
    """The project's easy-read pages show the contacts; a broken local.yml must not list them."""
    root = copy_project(tmp_path)
    text = (root / "local.yml").read_text(encoding="utf-8")
    (root / "local.yml").write_text(re.sub(r"^(  quorum:) \d+$", r"\1 five", text, count=1, flags=re.M), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert len(problems) == 1, problems
    assert problems[0] == f"local.yml:{_line_of(root, 'quorum: five')}: panel.quorum: must be a whole number, written in digits, for example 5"


def test_a_missing_field_says_where_to_add_it(content_tree):
    root = content_tree()
    _edit(root, lambda d: d["panel"].pop("quorum"))
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert problems == [f"local.yml:{_line_of(root, 'panel:')}: panel.quorum: missing: add a line 'quorum: ...' under "
                        "'panel:' (How many members must be present to decide)"]


def test_a_colon_inside_a_list_item_gets_a_hint(content_tree):
    root = content_tree()
    path = root / "local.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("required_members: [chair]",
                                                             "required_members:\n    - the chair: a manager"), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert len(problems) == 1 and problems[0].startswith(f"local.yml:{_line_of(root, 'the chair')}: panel.required_members[0]: ")
    assert "put the whole text in quotes" in problems[0]


def test_a_five_thousand_word_answer_is_refused_with_the_limit(content_tree):
    root = content_tree()
    _edit(root, lambda d: d["questions"]["what-is-it"].update(answer=" ".join(["word"] * 5000)))
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert len(problems) == 1 and "questions.what-is-it.answer: is 24,999 characters long; at most 1,200 are allowed" in problems[0]


# ---- the organisation's logo ------------------------------------------------------------

LOGOS = ROOT / "tests" / "fixtures" / "logo"


def _with_logo(root, fixture: str | None, path: str = "pictures/logo.svg"):
    """local.yml names ``path`` as the logo; ``fixture`` (a file in tests/fixtures/logo) is put there."""
    if fixture:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(LOGOS / fixture, root / path)
    _edit(root, lambda d: d["organisation"].update(logo=path))
    return load_catalogue(root)


@pytest.mark.parametrize("fixture,path", [("logo.svg", "pictures/logo.svg"), ("logo.png", "pictures/logo.png")])
def test_a_logo_is_read_through_the_gate_and_published_cleaned(content_tree, fixture, path):
    root = content_tree()
    cat, problems = _with_logo(root, fixture, path)
    assert problems == []
    suffix = path[path.rfind("."):]
    assert cat.logo["address"] == f"assets/organisation-logo{suffix}"
    if suffix == ".svg":  # written out afresh: no comment, no XML declaration
        assert cat.logo["data"].startswith(b"<svg") and b"<!--" not in cat.logo["data"]
    else:
        assert cat.logo["data"] == (LOGOS / fixture).read_bytes()


def test_no_logo_is_the_default_and_publishes_nothing(content_tree):
    cat, problems = load_catalogue(content_tree())
    assert problems == [] and cat.local.organisation.logo is None and cat.logo is None


@pytest.mark.parametrize("fixture,path,message", [
    (None, "pictures/logo.svg", "pictures/logo.svg: there is no such file; put the logo there, or correct the path"),
    ("script.svg", "pictures/logo.svg", "pictures/logo.svg"),
    ("not-a.png", "pictures/logo.png", "pictures/logo.png: is not a PNG file, whatever its name says"),
    ("logo.svg", "../logo.svg", "is not a path to a file in the project"),
    ("logo.svg", "/etc/logo.svg", "is not a path to a file in the project"),
    ("logo.svg", "pictures/logo.gif", "is not an SVG or PNG file"),
])
def test_a_missing_or_bad_logo_is_refused_at_its_line_with_a_hint(content_tree, fixture, path, message):
    root = content_tree()
    if path.startswith("/") or path.startswith(".."):
        fixture = None  # nothing is written outside the copy
    _, problems = _with_logo(root, fixture, path)
    assert len(problems) == 1, problems
    text = str(problems[0])
    assert text.startswith(f"local.yml:{_line_of(root, 'logo:')}: organisation.logo: "), text
    assert message in text and "for example logo: pictures/logo.svg" in text, text


def test_a_logo_that_is_a_link_out_of_the_project_is_refused(content_tree, tmp_path_factory):
    root = content_tree()
    outside = tmp_path_factory.mktemp("outside") / "logo.svg"
    shutil.copy2(LOGOS / "logo.svg", outside)
    (root / "pictures").mkdir()
    (root / "pictures" / "logo.svg").symlink_to(outside)
    _, problems = _with_logo(root, None)
    assert len(problems) == 1 and "is a link to a file outside the project" in str(problems[0])


def test_a_logo_larger_than_the_limit_is_refused(content_tree):
    root = content_tree()
    (root / "pictures").mkdir()
    big = (LOGOS / "logo.png").read_bytes() + b"\0" * (300 * 1024)
    (root / "pictures" / "logo.png").write_bytes(big)
    _, problems = _with_logo(root, None, "pictures/logo.png")
    assert len(problems) == 1 and "file is larger than 256 KiB" in str(problems[0])


def test_logo_text_is_refused_with_what_to_do(content_tree):
    root = content_tree()
    _edit(root, lambda d: d["organisation"].update(logo_text="Testshire ICB"))
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert len(problems) == 1 and problems[0].startswith(f"local.yml:{_line_of(root, 'logo_text:')}: organisation.logo_text: ")
    assert "delete this line" in problems[0]
# ---- the statements' part of local.yml --------------------------------------------------

def test_the_statements_contacts_are_sample_values_until_replaced(content_tree):
    root = content_tree()
    _edit(root, lambda d: (_rename(d), d.pop("sample")))
    fields = {p.field for p in load_catalogue(root)[0].sample_values}
    assert {"accessibility.contact.phone", "accessibility.contact.email", "privacy.contact"} <= fields


@pytest.mark.parametrize("change,field,hint", [
    (lambda d: d["accessibility"].update(reply_within_working_days="a week"), "accessibility.reply_within_working_days",
     "must be a whole number, written in digits"),
    (lambda d: d["accessibility"].update(reply_within_working_days=45), "accessibility.reply_within_working_days",
     "must be less than or equal to 30"),
    (lambda d: d["accessibility"].update(formats=[]), "accessibility.formats", "at least 1 item"),
    (lambda d: d["accessibility"].update(format=["braille"]), "accessibility.format",
     "unknown field (check the spelling: did you mean 'formats'?"),
    (lambda d: d["accessibility"]["contact"].update(phone="ring us"), "accessibility.contact.phone",
     "is not a UK phone number"),
    (lambda d: d["accessibility"]["review"].update(next_review_due="2020-01-01"), "accessibility.review",
     "next_review_due must be later than last_reviewed"),
    (lambda d: d["privacy"].update(contact="write to us"), "privacy.contact",
     "is neither an email address nor a whole web address"),
    (lambda d: d["privacy"].update(host_privacy="github.com/privacy"), "privacy.host_privacy",
     "write it with https:// in front"),
])
def test_a_mistake_in_the_statements_settings_is_refused_at_its_line(content_tree, change, field, hint):
    root = content_tree()
    _edit(root, change)
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert len(problems) == 1 and re.match(rf"local\.yml:\d+: {re.escape(field)}: ", problems[0]), problems
    assert hint in problems[0], problems


@pytest.mark.parametrize("section", ["accessibility", "privacy"])
def test_the_statements_settings_are_required(content_tree, section):
    """A public-sector site must publish both statements, with a contact: a local.yml without the
    section says where to add it."""
    root = content_tree()
    _edit(root, lambda d: d.pop(section))
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert len(problems) == 1 and problems[0].startswith(f"local.yml:1: {section}: missing: add a line '{section}: ...' "
                                                         "at the top level of the file"), problems
