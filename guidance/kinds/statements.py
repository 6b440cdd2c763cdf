"""The statements every public-sector site has: accessibility, privacy and cookies, and about.

Three pages, linked from every footer, made from ``local.yml`` (who runs the site, who to
contact, how soon they reply, who hosts it; see ``Accessibility`` and ``Privacy`` in
``guidance/kinds/local.py``) and from what this module knows of the site itself: the
accessibility problems every copy of it has, what it keeps in the browser, and the results of
the last automated accessibility test.

The test results are this kind's one file, ``test-results/accessibility.json``: the browser
test that runs axe-core on every page (``test_every_page_has_no_axe_violations`` in
tests/test_browser.py) writes it, in a folder git ignores, with the date, axe-core's version,
the browser, the widths and the number of pages checked, and every violation found. It is read
through the one gate and checked like any record (``AxeResults``). Without it (a fresh copy,
or a build before the tests ran) the statement says that no test results were recorded for
this build, and lists only the checks every build makes: it never claims a test that did not
happen. The Pages workflow runs ``make test`` before ``make build``, so a published site states
the results of the tests of the same commit.
"""

from __future__ import annotations

import os
from typing import Literal

from pydantic import Field

from ..kind import Kind
from ..loader import LoadError, Problem, load
from ..models import Date, Record, Text
from ..pages import PageSpec

RESULTS_FOLDER = "test-results"
RESULTS_FILE = f"{RESULTS_FOLDER}/accessibility.json"

ACCESSIBILITY = "accessibility.md"
PRIVACY = "privacy.md"
ABOUT = "about.md"
MAKE_IT_YOUR_OWN = "make-it-your-own.md"  # the hand-written page for commissioners (docs/), linked from About

STANDARD = "WCAG 2.2 AA"

# What the site keeps in the browser's storage: (key, "local storage" or "session storage",
# why). Material for MkDocs keeps, under keys starting with the site's path, the colour scheme
# chosen with its switch (__palette), the content tab chosen (__tabs), cookie consent
# (__consent), a dismissed announcement (__announce), the repository's statistics (__source)
# and an outdated-version notice (__outdated); this site has no colour switch, content tabs,
# consent form, announcement bar, repository link or versions, so Material keeps none of them,
# and the site's own scripts (docs/javascripts/) keep nothing. The privacy statement lists
# these, and a browser test that uses the site checks the browser holds exactly these keys and
# no cookie.
STORED: tuple[tuple[str, str, str], ...] = ()

# Problems every copy of the site has, whatever local.yml says: shown as the statement's known
# issues, with the success criteria they may fail. (A commissioner adds their own in local.yml,
# under accessibility.known_issues.)
KNOWN_ISSUES = (
    "The PDF copies of pages (the board paper and the easy-read pages) are tagged for screen "
    "readers, with the document's language, title, headings, lists, tables and a description of "
    "each picture. But the tool that makes them calls its support for the accessible PDF "
    "standard (PDF/UA) experimental, and we have not checked the PDFs with a screen reader or a "
    "PDF checker, so they may not be fully accessible. This may fail WCAG 2.2 success criteria "
    "1.3.1 (info and relationships) and 4.1.2 (name, role, value). Every PDF is a copy of a page "
    "on this website: use the page instead, or ask us for another format.",
)

# What every build checks or makes, whether or not the tests ran (see guidance/kinds/easyread.py,
# guides.py, figures.py and guidance/pdf.py).
BUILD_CHECKS = (
    "every easy-read page follows the easy-read rules: short sentences, plain words, every hard "
    "word explained, and a picture with a text description on every row",
    "every page for people with a budget is easy to read, with a reading ease score of at least 60",
    "every chart has a title, a description and every value written out as text",
    "every PDF is tagged for screen readers, with its language and title",
)


class AxeRun(Record):
    """One pass of the automated test over the site at one window size."""

    width: int = Field(ge=200, le=4000, description="The browser window's width, in pixels")
    height: int = Field(ge=200, le=4000, description="The browser window's height, in pixels")
    pages: int = Field(ge=1, le=100_000, description="How many pages were checked at this size")
    every_page: bool = Field(description="Whether every page of the site was checked at this size (or one page of each kind)")


class Violation(Record):
    """One accessibility rule that one page broke, as axe-core reports it."""

    page: str = Field(pattern=r"^[A-Za-z0-9._/-]{0,200}$", description="The page's address, relative to the site")
    rule: str = Field(pattern=r"^[a-z0-9-]{1,80}$", description="axe-core's name for the rule")
    impact: Literal["minor", "moderate", "serious", "critical"] | None = None
    help: Text = Field(max_length=300, description="What the rule asks for, in axe-core's words")
    width: int = Field(ge=200, le=4000, description="The width the page was checked at")


class AxeResults(Record):
    """test-results/accessibility.json: the last automated accessibility test of the site,
    written by the browser tests (never by hand)."""

    date: Date = Field(description="When the test ran (YYYY-MM-DD)")
    axe_core: str = Field(pattern=r"^[0-9]{1,3}(\.[0-9]{1,4}){1,3}$", description="axe-core's version")
    browser: Text = Field(max_length=40, description="The browser the test ran in, for example Chromium")
    browser_version: str = Field(pattern=r"^[0-9]{1,4}(\.[0-9]{1,6}){0,3}$", description="The browser's version")
    runs: list[AxeRun] = Field(min_length=1, max_length=4)
    violations: list[Violation] = Field(default_factory=list, max_length=1000)


def load_results(root) -> tuple:
    """The test results if the tests wrote them, through the gate; none is not a problem."""
    if not os.path.lexists(root / RESULTS_FILE):
        return None, {}, [], {}
    try:
        results, located = load(root / RESULTS_FILE, AxeResults, RESULTS_FILE, root)
    except LoadError as err:
        return None, {}, [Problem(p.file, p.line, p.field, p.message + " (the browser tests write this file: run "
                                  "make test again, or delete the file)") for p in err.problems], {}
    return results, {"": located}, [], {}


def _link(address: str) -> str:
    """report_a_problem as a link target: an email address as mailto:, a web address as it is."""
    return f"mailto:{address}" if "@" in address and "://" not in address else address


def _tests(results: AxeResults | None) -> dict | None:
    if results is None:
        return None
    broken: dict[str, dict] = {}
    for v in results.violations:
        entry = broken.setdefault(v.rule, {"help": v.help, "pages": []})
        if v.page not in entry["pages"]:
            entry["pages"].append(v.page)
    return {
        "date": results.date, "axe_core": results.axe_core, "browser": results.browser,
        "browser_version": results.browser_version.split(".")[0],
        "runs": [{"width": r.width, "pages": r.pages, "every_page": r.every_page} for r in results.runs],
        "pages_failed": len({v.page for v in results.violations}),
        "broken": [{"rule": rule, "help": e["help"], "pages": len(e["pages"]), "example": e["pages"][0]}
                   for rule, e in sorted(broken.items())],
    }


def pages(cat) -> list:
    if cat.local is None:
        return []
    org, access, privacy = cat.local.organisation, cat.local.accessibility, cat.local.privacy
    tests = _tests(cat.accessibility_tests)
    issues = list(KNOWN_ISSUES) + list(access.known_issues)
    common = {"organisation": org.name, "web_address": org.web_address}
    accessibility = {
        **common,
        "contact": cat.contact_card(access.contact), "reply_days": access.reply_within_working_days,
        "formats": list(access.formats), "report": _link(org.report_a_problem),
        "standard": STANDARD, "status": "partially" if issues or (tests and tests["broken"]) else "fully",
        "national_issues": list(KNOWN_ISSUES), "local_issues": list(access.known_issues),
        "tests": tests, "build_checks": list(BUILD_CHECKS),
        "prepared": access.prepared, "reviewed": access.review.last_reviewed,
    }
    privacy_data = {
        **common,
        "stored": [{"key": key, "where": where, "why": why} for key, where, why in STORED],
        "contact": _link(privacy.contact), "contact_text": privacy.contact, "notice": privacy.notice,
        "host": privacy.host, "host_privacy": privacy.host_privacy,
    }
    about = {**common, "area": org.area, "make_it_your_own": MAKE_IT_YOUR_OWN}
    return [
        PageSpec(ACCESSIBILITY, "Accessibility statement", "statements/accessibility.md.j2",
                 {"description": f"How accessible this website is, how to ask for another format or report a problem, "
                                 f"and how {org.name} tests it."}, accessibility),
        PageSpec(PRIVACY, "Privacy and cookies", "statements/privacy.md.j2",
                 {"description": "What this website keeps in your browser and what it records: no cookies, no "
                                 "tracking and no analytics."}, privacy_data),
        PageSpec(ABOUT, "About this site", "statements/about.md.j2",
                 {"description": "Who publishes this website, the licences for reusing it, its content as data, "
                                 "and how to make it your own."}, about),
    ]


def reviews(cat) -> dict:
    """The accessibility statement shows its own review dates (local.yml, accessibility.review);
    privacy and about, those of the site's owner (local.yml, review), as Make it your own does."""
    if cat.local is None:
        return {}
    r = cat.local.accessibility.review
    return {ACCESSIBILITY: ("record", r.last_reviewed, r.next_review_due, f"{r.owner}, {cat.local.organisation.name}", False),
            PRIVACY: cat.local_review, ABOUT: cat.local_review}


PATHS = {"accessibility": ACCESSIBILITY, "privacy": PRIVACY, "about": ABOUT}


KIND = Kind(
    name="accessibility-tests", attribute="accessibility_tests", model=AxeResults, folder=RESULTS_FOLDER,
    shape="single", load=load_results,
    count=lambda n: "the accessibility test results" if n else "",
    records_counted=lambda cat: 0,
    paths=PATHS, pages=pages, reviews=reviews,
)
