"""The statements every public-sector site has (guidance/kinds/statements.py): the accessibility
statement, privacy and cookies, and About this site, with the values of whichever local.yml the
site was built from, and an accessibility statement that states only the tests that happened."""

from __future__ import annotations

import html
import json
import re

import pytest

from guidance import load_catalogue, site
from guidance.kinds import statements
from guidance.kinds.local import dial
from guidance.render import Renderer
from tests.conftest import ROOT


def text_of(markup: str) -> str:
    """What a person reads: the article's words, tags removed, one space between words."""
    article = markup.split("<article", 1)[1].split(">", 1)[1].split("</article>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def hrefs(markup: str) -> list[str]:
    article = markup.split("<article", 1)[1].split("</article>", 1)[0]
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', article)]


def read(built, address: str) -> str:
    return (built.site / address / "index.html").read_text(encoding="utf-8")


def test_the_accessibility_statement_carries_local_yml(each_site):
    settings = each_site.catalogue.local
    access, org = settings.accessibility, settings.organisation
    page = read(each_site, "accessibility")
    words, links = text_of(page), hrefs(page)
    assert re.search(r"<h1[^>]*>([^<]*)<", page).group(1) == "Accessibility statement"
    assert f"This website is run by {org.name}." in words
    for value in (access.contact.name, access.contact.phone, access.contact.email, access.contact.hours, *access.formats):
        assert value in words, value
    assert f"tel:{dial(access.contact.phone)}" in links and f"mailto:{access.contact.email}" in links
    days = access.reply_within_working_days
    assert f"get back to you in {days} working {'day' if days == 1 else 'days'}" in words
    report = org.report_a_problem
    assert (f"mailto:{report}" if "@" in report else report) in links
    # the model statement's parts, in its order
    headings = [h for h in re.findall(r"<h2[^>]*>(.*?)<", page) if h != "Contents"]  # a long page's contents list first
    assert headings[:7] == ["How accessible this website is", "Feedback and contact information",
                            "Reporting accessibility problems with this website", "Enforcement procedure",
                            "Technical information about this website's accessibility", "Non-accessible content",
                            "How we tested this website"], headings
    assert "Equality and Human Rights Commission (EHRC)" in words and "https://www.equalityadvisoryservice.com/" in links
    assert re.search(r"This website is (partially|fully) compliant with the Web Content Accessibility Guidelines "
                     r"version 2\.2 AA standard", words)
    # honest: the PDFs' known issue, so partially compliant
    assert "partially compliant" in words and "PDF/UA" in words
    assert f"This statement was prepared on {access.prepared.strftime('%-d %B %Y')}." in words
    assert f"It was last reviewed on {access.review.last_reviewed.strftime('%-d %B %Y')}." in words


def test_the_privacy_statement_carries_local_yml(each_site):
    settings = each_site.catalogue.local
    privacy, org = settings.privacy, settings.organisation
    page = read(each_site, "privacy")
    words, links = text_of(page), hrefs(page)
    assert f"{org.name} is the data controller" in words
    assert "This website does not use cookies." in words and "no analytics" in words
    assert f"hosted by {privacy.host}" in words and privacy.contact in words
    assert (f"mailto:{privacy.contact}" if "@" in privacy.contact else privacy.contact) in links
    for address in (privacy.notice, privacy.host_privacy):
        if address:
            assert address in links
    if not statements.STORED:
        assert "does not keep anything in your browser" in words


def test_about_gathers_the_licences_the_export_and_make_it_your_own(each_site):
    page = read(each_site, "about")
    words, links = text_of(page), hrefs(page)
    assert f"published by {each_site.catalogue.local.organisation.name}" in words
    for licence in ("CC BY 4.0", "MIT licence", "Mulberry Symbols", "OpenMoji", "CC BY-SA 4.0"):
        assert licence in words, licence
    assert {"../api/content.json", "../make-it-your-own/", "../accessibility/", "../privacy/"} <= set(links), links
    assert (each_site.site / "api" / "content.json").is_file()
    assert len(words.split()) < 250  # short and plain


# ---- what the statement says about testing, from test-results/accessibility.json ---------

RESULTS = {
    "date": "2026-11-30", "axe_core": "4.10.2", "browser": "Chromium", "browser_version": "150.0.7871.100",
    "runs": [{"width": 1280, "height": 900, "pages": 163, "every_page": True},
             {"width": 390, "height": 844, "pages": 21, "every_page": False}],
    "violations": [],
}


def statement(root) -> str:
    cat, problems = load_catalogue(root)
    assert problems == []
    spec = next(s for s in site.pages(cat) if s.path == statements.ACCESSIBILITY)
    source = Renderer(cat, ROOT / "templates").page_source(spec)
    return " ".join(re.sub(r"\\(.)", r"\1", source).split())  # the Markdown's words, its escapes undone


def write_results(root, results: dict) -> None:
    (root / "test-results").mkdir(exist_ok=True)
    (root / statements.RESULTS_FILE).write_text(json.dumps(results, indent=2), encoding="utf-8")


def test_without_test_results_the_statement_claims_no_test(content_tree):
    text = statement(content_tree())
    assert "No results of an automated accessibility test were recorded when this version of the website was built" in text
    assert "last tested" not in text and "axe-core 4" not in text and "pixels wide" not in text
    assert "every PDF is tagged for screen readers" in text  # what every build checks


def test_with_test_results_the_statement_says_what_was_tested_when_and_how(content_tree):
    root = content_tree()
    write_results(root, RESULTS)
    text = statement(root)
    assert "This website was last tested on 30 November 2026" in text
    assert "axe-core 4.10.2" in text and "in Chromium 150." in text
    assert "every page (163 pages) in a window 1280 pixels wide" in text
    assert "one page of each kind (21 pages) in a window 390 pixels wide, the size of a phone screen" in text
    assert "It found no problems." in text and "has not yet been checked by a person" in text
    assert "partially compliant" in text  # the PDFs' known issue stays, whatever the automated test found


def test_problems_the_test_found_are_listed_as_non_accessible_content(content_tree):
    root = content_tree()
    broken = {"page": "myths/vat/", "rule": "color-contrast", "impact": "serious", "width": 390,
              "help": "Elements must meet minimum color contrast ratio thresholds"}
    write_results(root, {**RESULTS, "violations": [broken, {**broken, "page": "law/s75/"}]})
    text = statement(root)
    assert "It found problems on 2 pages." in text
    assert ("Elements must meet minimum color contrast ratio thresholds (found by our automated test on 2 pages, "
            "for example the page at /myths/vat/)") in text


def test_a_results_file_that_is_not_the_tests_is_refused_at_its_line(content_tree):
    root = content_tree()
    write_results(root, {**RESULTS, "runs": [{**RESULTS["runs"][0], "pages": 0}], "claimed": "fully compliant"})
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert any(re.match(r"test-results/accessibility\.json:\d+: claimed: unknown field", p) for p in problems), problems
    assert any(p.startswith("test-results/accessibility.json:") and "runs[0].pages: must be greater than or equal to 1" in p
               for p in problems), problems


@pytest.mark.parametrize("field,value", [("date", "yesterday"), ("axe_core", "<script>"), ("browser", "<b>Chromium</b>")])
def test_a_results_file_cannot_carry_markup_or_a_made_up_date(content_tree, field, value):
    root = content_tree()
    write_results(root, {**RESULTS, field: value})
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert len(problems) == 1 and problems[0].startswith(f"test-results/accessibility.json:") and f" {field}: " in problems[0]
