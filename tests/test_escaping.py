"""Escaped once, at the last step: every value that reaches <head>, the header or the
navigation is plain text until the template that prints it escapes it.

Entity-encoded payloads (``&ltscript&gt`` with and without semicolons, double-encoded
``&ampltscript``) go through every such field of one record of each kind, ``local.yml``
and a hand-written page's front matter; one build; a reader sees each payload exactly as it
was written, and no page holds a script or an event attribute it did not hold before. A theme
that decoded entities (Jinja's ``striptags``, ``html.unescape``) would turn them into tags.
"""

from __future__ import annotations

import json
import shutil
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import copy_project
from tests.test_build import build

# No semicolons, so they pass the check's refusal of character references in plain text;
# a browser (and html.unescape) still decodes them: &ltscript&gt is <script>.
SCRIPT = "&ltscript&gtalert(1)&lt/script&gt"
DOUBLE = "&ampltscript&ampgtalert(2)&amplt/script&ampgt"
QUOTES = '" data-x="1'


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _first(project: Path, folder: str) -> Path:
    return sorted((project / folder).glob("*.yml"))[0]


def _front_matter(path: Path, **values: str) -> None:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data.update(values)
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body, encoding="utf-8")


class Reader(HTMLParser):
    """What a reader and a screen reader get from a page's head, header and navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.description: str | None = None
        self.texts: list[str] = []
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        if tag == "meta" and attributes.get("name") == "description":
            self.description = attributes.get("content")
        if tag not in ("meta", "link", "img", "br", "input", "hr"):
            self._in.append(tag)
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
        if self._in and self._in[-1] == "script":
            self.scripts[-1] += data
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def read(site: Path, url: str) -> Reader:
    reader = Reader()
    reader.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return reader


@pytest.fixture(scope="module")
def escaped(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("escaping"))
    titled: dict[str, str] = {}

    def local(data):
        data["organisation"].update(name=f"Board {SCRIPT}", area=f"Area {DOUBLE}", logo="pictures/logo.svg")
    (project / "pictures").mkdir()
    shutil.copy2(Path(__file__).parent / "fixtures" / "logo" / "logo.svg", project / "pictures" / "logo.svg")
    _edit(project / "local.yml", local)

    myth = _first(project, "myths")
    _edit(myth, lambda d: d.update(title=f"Myth {SCRIPT}", question=f"Question {DOUBLE} {QUOTES}?",
                                   answer=f"No. {SCRIPT} {QUOTES}", keywords=[*d.get("keywords", []), f"tag {SCRIPT}"]))
    titled["myth"] = f"myths/{myth.stem}/"
    _edit(project / "sections.yml", lambda d: d[0].update(title=f"Section {DOUBLE}", summary=f"Summary {QUOTES}"))
    for folder, field in (("changes", "title"), ("questions", "question"), ("lessons", "title")):
        path = _first(project, folder)
        value = f"{folder} {SCRIPT}" + ("?" if field == "question" else "")
        _edit(path, lambda d, field=field, value=value: d.update({field: value}))
        titled[folder] = f"{folder}/{path.stem}/"
    page = sorted((project / "easy-read" / "pages").glob("*.yml"))[0]
    _edit(page, lambda d: d.update(title=f"Easy {SCRIPT}"))
    titled["easy-read"] = f"easy-read/{page.stem}/"
    _edit(project / "intros.yml", lambda d: d["questions"].update(title=f"Intro {DOUBLE}", description=f"About {QUOTES}"))
    _front_matter(project / "docs" / "make-it-your-own.md", title=f"Own {SCRIPT}", description=f"Fork {DOUBLE}")
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, titled


def test_the_site_name_and_the_header_show_local_yml_as_written(escaped):
    site, _ = escaped
    home = read(site, ".")
    assert home.title.strip() == f"Personal health budgets: Board {SCRIPT}"
    assert f"Board {SCRIPT}" in home.text
    # the logo's alternative text is the organisation's name, escaped once as an attribute
    raw = (site / "index.html").read_text(encoding="utf-8")
    assert f'alt="Board {SCRIPT.replace("&", "&amp;")}"' in raw
    assert f"Personal health budgets in Area {DOUBLE}" in home.text
    # the running header of a printout: one CSS string in the head that reads back as the name
    written = re.search(r'--phb-print-site: "([^"]*)";', (site / "index.html").read_text(encoding="utf-8")).group(1)
    assert not re.search(r"[<>&;{}]", written), written
    assert re.sub(r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m.group(1), 16)), written) == home.title.strip()


def test_titles_descriptions_and_navigation_labels_are_shown_literally(escaped):
    site, titled = escaped
    myth = read(site, titled["myth"])
    # its heading, which is also its title and its label in the navigation
    assert myth.title.strip().startswith(f"Question {DOUBLE} {QUOTES}? - ")
    assert f"Question {DOUBLE} {QUOTES}?" in myth.text
    assert any(f"Myth {SCRIPT}" in read(site, f"sections/{folder.name}").text  # its short title, on its section's page
               for folder in (site / "sections").iterdir())
    assert myth.description == f"No. {SCRIPT} {QUOTES}"
    assert f"Section {DOUBLE}" in myth.text
    for kind in ("changes", "questions", "lessons"):
        assert f"{kind} {SCRIPT}" in read(site, titled[kind]).title, kind
    assert read(site, titled["easy-read"]).title.strip().startswith(f"Easy {SCRIPT}")
    listing = read(site, "questions")
    assert listing.title.strip().startswith(f"Intro {DOUBLE} - ") and listing.description == f"About {QUOTES}"
    own = read(site, "make-it-your-own")
    assert f"Own {SCRIPT}" in own.text and own.description == f"Fork {DOUBLE}"  # the header shows its title


def test_no_page_gains_a_script_or_an_event_attribute(escaped):
    site, _ = escaped
    for path in sorted(site.rglob("*.html")):
        reader = Reader()
        reader.feed(path.read_text(encoding="utf-8"))
        assert not [s for s in reader.scripts if "alert(" in s], path
        assert reader.handlers == [], path


def test_the_search_index_holds_titles_and_tags_as_escaped_html(escaped):
    """Material's search shows an entry's title and tags as HTML, so the index holds them escaped."""
    site, titled = escaped
    entries = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    tagged = [e for e in entries if e.get("tags")]
    assert any(escape(f"tag {SCRIPT}", quote=False) in e["tags"] or escape(f"tag {SCRIPT}") in e["tags"] for e in tagged)
    assert not [e for e in entries if "<script" in e["title"] or any("<script" in t for t in e.get("tags", []))]
