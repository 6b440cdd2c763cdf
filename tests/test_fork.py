"""A fork that edits only local.yml publishes: the checks the Pages workflow runs pass on it.

The fork is tests/fork.py applied to a copy of the project (the ``fork_project`` and
``fork_site`` fixtures in tests/conftest.py): a name with '&' and an apostrophe, a site
published under /phb/, a web address to report problems, every question answered. The tests
that must hold for any local.yml also run on it through the ``each_site`` fixture (the build,
framework and easy-read tests) and in the browser (tests/test_browser.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser

import yaml

from tests import fork
from tests.test_build import page

GUIDANCE = [sys.executable, "-m", "guidance"]


def run(project, *args: str) -> subprocess.CompletedProcess:
    """A command as the fork runs it, in its own folder with its own copy of the code."""
    return subprocess.run(GUIDANCE + list(args), cwd=project, capture_output=True, text=True, timeout=300)


def test_the_fork_passes_the_check_with_every_question_answered(fork_project):
    result = run(fork_project, "check", "--require-complete")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found." in result.stdout
    total = len(fork.question_ids(fork_project))
    assert f"Local framework questions: {total} of {total} answered in local.yml." in result.stdout


def test_the_sample_contacts_left_in_the_fork_stop_publishing_at_their_lines(fork_project):
    """The fork kept the sample's contacts: the check lists them, and the strict check the Pages
    workflow runs fails, naming each one's line in local.yml."""
    lines = (fork_project / "local.yml").read_text(encoding="utf-8").splitlines()
    contacts = yaml.safe_load("\n".join(lines))["contacts"]
    assert run(fork_project, "check").returncode == 0
    result = run(fork_project, "check", "--strict")
    assert result.returncode == 1
    assert "Failing because local.yml still holds sample values (--strict)." in result.stdout
    for name, contact in contacts.items():
        for field in ("phone", "email"):
            line = next(n for n, text in enumerate(lines, 1) if text.strip() == f"{field}: {contact[field]}")
            assert f"local.yml:{line}: contacts.{name}.{field}: {contact[field]}: it is a sample value" in result.stdout, (name, field)


def test_the_forks_links_resolve_where_it_is_published(fork_project, fork_site):
    """`make links` in the fork: the 404 page's links are under /phb/, and they resolve there."""
    from guidance.linkcheck import internal_problems

    result = run(fork_project, "links", "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking the site as served under {fork.BASE_PATH}." in result.stdout
    assert "Internal and legislation links: 0 problem(s)." in result.stdout
    # the build took the path from web_address: read from the host's root, they would all be missing
    assert internal_problems(fork_site, "/") and all(
        f": {fork.BASE_PATH}" in problem for problem in internal_problems(fork_site, "/"))


DOUBLE_ESCAPED = re.compile(r"&amp;(amp|lt|gt|quot|#39|#x27|#34);")


def test_nothing_is_escaped_twice(each_site):
    """No page or search entry shows an entity instead of its character ('&amp;amp;' shows as
    '&amp;'): what local.yml says reaches every page escaped once."""
    for path in sorted(each_site.site.rglob("*.html")) + [each_site.site / "search" / "search_index.json"]:
        found = DOUBLE_ESCAPED.findall(path.read_text(encoding="utf-8"))
        assert found == [], (path, found)


class Reading(HTMLParser):
    """The text a reader gets from a page (entities decoded, as a browser does), and its title.
    A style sheet's text is read with its CSS escapes decoded: a printout shows its strings in
    the running header and footer."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text, self.title, self._in_title, self._in_style = "", "", False, False
        self.labels: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._in_title, self._in_style = tag == "title", tag == "style"
        self.labels += [value for name, value in attrs if name in ("aria-label", "title", "alt", "content") and value]

    def handle_endtag(self, tag):
        self._in_title = self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            data = re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), data)
        self.text += data
        if self._in_title:
            self.title += data


def test_the_forks_name_and_area_read_as_written_on_every_page(fork_site):
    """Wherever a page shows the area (text, titles, labels), it reads "St Mary's & Riverside"."""
    for path in sorted(fork_site.rglob("*.html")):
        reading = Reading(path.read_text(encoding="utf-8"))
        shown = " ".join([reading.text, *reading.labels])
        assert shown.count("St Mary") == shown.count(fork.AREA) > 0, path
    offer = Reading(page(fork_site, "local-offer"))
    assert " ".join(offer.title.split()) == f"Personal health budgets in {fork.AREA} - Personal health budgets: {fork.NAME}"
    assert f"In {fork.AREA}" in Reading(page(fork_site, "local-framework/board-paper/law")).text


def test_the_forks_search_index_holds_the_area_escaped_once(fork_site):
    """Material's search shows its entries as HTML: the area is there escaped once."""
    docs = json.loads((fork_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    words = unescape(" ".join(doc["title"] + " " + doc["text"] for doc in docs))
    assert words.count("St Mary") == words.count(fork.AREA) > 0
