"""Safe to accept edits: content never becomes code, markup, a redirect or a spoofed link.

Two halves: what is made harmless by construction (plain text is escaped wherever it is
placed; no content is ever evaluated as a template), shown on a build of the project with
every payload of tests/hostile_content.py applied; and what is refused with file and line
(curly brackets in Markdown prose, control characters, impossible dates).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from guidance import load_catalogue
from guidance.sanitize import clean
from guidance.text import Markdown, css_string, escape_markdown, finalize
from tests import hostile_content
from tests.conftest import copy_project, unlist
from tests.test_build import build


class Page(HTMLParser):
    """What a visitor's browser would take from one HTML file."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.metas: list[dict] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.scripts: list[str] = []
        self.title = self.h1 = ""
        self._open: list[str] = []
        self._link: list | None = None
        self.feed(html)
        self.h1 = self.h1.strip().removesuffix("¶").strip()  # without the heading's permalink sign

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.metas.append(attrs)
        elif tag == "a":
            self._link = [attrs.get("href") or "", ""]
        if tag in ("title", "h1", "script"):
            self._open.append(tag)
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], self._link[1].strip()))
            self._link = None
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data
        if "title" in self._open:
            self.title += data
        if "h1" in self._open:
            self.h1 += data
        if "script" in self._open:
            self.scripts[-1] += data


def read(project: Path, url: str) -> Page:
    return Page((project / "site" / url / "index.html").read_text(encoding="utf-8"))


def all_pages(project: Path) -> dict[str, Page]:
    site = project / "site"
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}


# ---- made harmless by construction ------------------------------------------------

def test_hostile_edits_pass_the_check_because_they_are_made_harmless_not_refused(hostile_project):
    project, _ = hostile_project
    assert load_catalogue(project)[1] == []


def test_template_code_in_content_never_runs(hostile_project):
    project, p = hostile_project
    assert not hostile_content.marker(project).exists(), "a content field ran as code at build time"
    vat = read(project, "myths/vat")
    assert vat.h1 == p["myth_title"] + "?"
    assert vat.title.startswith(p["myth_title"] + "? - ")  # the tab shows the question, as the menu does
    home = read(project, "")
    assert any(text == p["myth_title"] + "?" for _, text in home.links), "the navigation shows the question as written"
    panels = read(project, "myths/panels")
    assert panels.h1 == p["panels_title"] + "?"
    assert not any("__pwned" in script for page in all_pages(project).values() for script in page.scripts)


def test_template_code_in_any_plain_text_field_of_any_kind_is_shown_not_run(hostile_project):
    project, _ = hostile_project
    shown = 0
    for path in (project / "site").rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".svg"):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".svg":
                ElementTree.fromstring(text)  # still well-formed: the hostile text was escaped as XML
            assert not hostile_content.EVALUATED.search(text), path
            shown += text.count("6 * 7 * 1000 + 7")
    assert shown > 50
    export = json.loads((project / "site" / "api" / "content.json").read_text(encoding="utf-8"))
    risk = next(m for m in export["myths"] if m["id"] == "risk")
    assert risk["title"].endswith(hostile_content.TEMPLATE_CODE)
    assert risk["answer"].endswith(hostile_content.TEMPLATE_CODE)
    s256 = next(law for law in export["law"] if law["key"] == "s256")
    assert s256["act"].endswith(hostile_content.TEMPLATE_CODE) and s256["title"].endswith(hostile_content.TEMPLATE_CODE)
    icbs = next(c for c in export["changes"] if c["id"] == "icbs-replaced-ccgs")
    assert all(document["title"].endswith(hostile_content.TEMPLATE_CODE) for document in icbs["confirmed_at"])


def test_easy_read_alt_text_stays_inside_its_attribute(hostile_project):
    project, p = hostile_project
    html = (project / "site" / "easy-read" / "what-is-a-phb" / "index.html").read_text(encoding="utf-8")

    class Pictures(HTMLParser):
        found: list[dict] = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.found.append(dict(attrs))

    parser = Pictures()
    parser.feed(html)
    assert parser.found[0]["alt"] == p["alt"]
    assert not [img for img in parser.found if "style" in img or "data-x" in img]


def test_template_code_cannot_leak_the_build(hostile_project):
    project, p = hostile_project
    assert read(project, "law/s75").h1.startswith(p["law_short"])
    for path in (project / "site").rglob("*"):
        if path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert str(project / "site") not in text and ".site.staging" not in text, path


def test_search_keywords_are_text(hostile_project):
    project, p = hostile_project
    index = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    tags = [tag for doc in index["docs"] for tag in doc.get("tags", [])]
    assert p["keyword"] in tags and "49 budgets" not in tags


def test_descriptions_stay_inside_their_attribute(hostile_project):
    project, p = hostile_project
    for url, page in all_pages(project).items():
        assert not [m for m in page.metas if "http-equiv" in m], url
    described = {m.get("name"): m.get("content") for m in read(project, "myths/vat").metas}
    assert described["description"] == p["answer"]
    described = {m.get("name"): m.get("content") for m in read(project, "sections/finance-legal").metas}
    assert described["description"] == p["summary"]


def test_citation_links_cannot_be_spoofed(hostile_project):
    project, p = hostile_project
    for url, page in all_pages(project).items():
        assert not [href for href, _ in page.links if href.startswith(hostile_content.ELSEWHERE)], url
    cites = [(href, text) for href, text in read(project, "myths/vat").links if text.startswith(p["source_title"])]
    assert cites and {href for href, _ in cites} == {"../../sources/dh-2012-myths/"}


def test_a_hand_written_page_cannot_reach_python_internals(tmp_path):
    """A hand-written page may only call our macros with literal arguments (guidance/handwritten.py)."""
    project = copy_project(tmp_path)
    marker = hostile_content.marker(project)
    (project / "docs" / "evil.md").write_text(
        "---\nrender_macros: true\n---\n# Evil\n\n"
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n",
        encoding="utf-8",
    )
    unlist(project, "/evil.md")
    (project / "site").mkdir()
    (project / "site" / "last-good.txt").write_text("last good build\n")
    result = build(project)
    assert result.returncode != 0
    # refused by the content check, at the line of the template code, before any template runs
    assert "docs/evil.md:6: template code is limited to our macros" in result.stdout + result.stderr
    assert not marker.exists()
    assert (project / "site" / "last-good.txt").is_file()


def test_plain_text_is_escaped_for_markdown_and_markdown_passes():
    assert escape_markdown("A guide](https://x.example) [x") == r"A guide\]\(https://x\.example\) \[x"
    assert escape_markdown("{: #__config }\n# heading") == r"\{: \#\_\_config \} \# heading"
    assert escape_markdown("<b> & <i>") == r"&lt;b\> &amp; &lt;i\>"
    assert finalize(Markdown("**kept**")) == "**kept**"
    assert finalize(None) == "" and finalize(2014) == "2014"


def test_text_in_a_style_sheet_is_one_css_string_that_reads_back_as_written():
    """The running lines of a printout come from a <style> element in each page's head: a name
    from local.yml there can end neither the string nor the element, and a browser reads it
    back exactly (a CSS hexadecimal escape ends at the space after it)."""
    for value in ('Board "; } body { display: none } :root { --x: "', "</style><script>alert(1)</script>",
                  "A \\ B\n C &amp; D · Ærø 東京"):
        written = css_string(value)
        assert written[0] == written[-1] == '"' and not re.search(r'["\'<>&;{}()]', written[1:-1]), written
        read = re.sub(r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m.group(1), 16)), written[1:-1])
        assert read == " ".join(value.split()), written


def test_the_sanitiser_strips_ids_classes_and_styles_that_could_take_over_the_page():
    html = clean('<p id="__config" class="md-header" style="display:none">{"base": "x"}</p><h2 id="the-law">Law</h2>')
    assert html == '<p>{"base": "x"}</p><h2 id="the-law">Law</h2>'
    assert clean('<div class="admonition warning md-dialog"><p class="admonition-title">x</p></div>') == (
        '<div class="admonition warning"><p class="admonition-title">x</p></div>'
    )


# ---- refused with file and line --------------------------------------------------

# (file, path to the field, kind of record) for every Markdown prose field of every kind
PROSE_FIELDS = [
    ("myths/vat.yml", ("response",)),
    ("myths/vat.yml", ("background", 0, "text")),
    ("myths/vat.yml", ("examples", 0, "what")),
    ("myths/vat.yml", ("currency", 0, "note")),
    ("law/s75.yml", ("allows", 0)),
    ("law/s75.yml", ("does_not", 0)),
    ("law/s75.yml", ("status_note",)),
    ("law/s75.yml", ("unconfirmed",)),
    ("bibliography/test-guide.yml", ("note",)),
    ("local.yml", ("questions", "what-is-it", "answer")),
    ("local.yml", ("payments", "contingency")),
    ("framework/purpose.yml", ("summary",)),
    ("framework/purpose.yml", ("items", 0, "text")),
]
ATTRIBUTE_LISTS = [
    "A paragraph that takes over the page.\n{: #__config }",
    "Styled text{: style=\"display:none\" }",
    "A [link](https://www.gov.uk){: .md-button }",
    "Template code {{ config.site_dir }}",
    "Template block {% include 'x' %}",
]


def _set(data, loc, value):
    for part in loc[:-1]:
        data = data[part]
    if isinstance(data, list) and loc[-1] == len(data):
        data.append(value)
    elif isinstance(data, dict) or loc[-1] < len(data):
        data[loc[-1]] = value


def write_field(root: Path, file: str, loc: tuple, value) -> int:
    """Set one field (creating it if needed) and return the line it is on."""
    path = root / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if loc[0] == "currency" and not data.get("currency"):
        data["currency"] = [{"date": "2026-11-23", "note": "x"}]
    _set(data, loc, value)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    path.write_text(text, encoding="utf-8")
    first = value.splitlines()[0] if isinstance(value, str) else str(value)
    return next(i for i, line in enumerate(text.splitlines(), 1) if first[:20] in line)


def _field(loc: tuple) -> str:
    from guidance.loader import field_path

    return field_path(loc)


@pytest.mark.parametrize("payload", ATTRIBUTE_LISTS)
@pytest.mark.parametrize("file,loc", PROSE_FIELDS)
def test_attribute_lists_and_template_delimiters_in_prose_are_refused_with_file_and_line(content_tree, file, loc, payload):
    root = content_tree()
    line = write_field(root, file, loc, payload)
    problems = load_catalogue(root)[1]
    assert any(
        p.file == file and p.line == line and p.field == _field(loc) and "curly bracket" in p.message for p in problems
    ), [str(p) for p in problems]


CONTROL = {"\x00": "U+0000", "\x07": "U+0007", "\x1b": "U+001B", "\u202e": "U+202E"}
PLAIN_FIELDS = [
    ("myths/vat.yml", ("title",)),
    ("law/s75.yml", ("short",)),
    ("bibliography/test-guide.yml", ("title",)),
    ("sections.yml", (0, "title")),
    ("local.yml", ("organisation", "name")),
    ("framework/purpose.yml", ("title",)),
]


@pytest.mark.parametrize("char", sorted(CONTROL))
@pytest.mark.parametrize("file,loc", PLAIN_FIELDS)
def test_control_and_direction_characters_are_refused_in_every_kind_of_file(content_tree, file, loc, char):
    root = content_tree()
    path = root / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    _set(data, loc, "Title")
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.rstrip().endswith("Title"))
    path.write_text(text.replace("Title", f"Ti{char}tle", 1), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert any(p.startswith(f"{file}:{line}:") and CONTROL[char] in p for p in problems), problems


@pytest.mark.parametrize(
    "file,loc,value,message",
    [
        ("myths/vat.yml", ("review", "next_review_due"), "9999-12-30", "not a likely date"),
        ("myths/vat.yml", ("review", "next_review_due"), "2040-01-01", "more than five years after last_reviewed"),
        ("law/s75.yml", ("next_check_due",), "2099-01-01", "more than five years after checked"),
        ("myths/vat.yml", ("review", "last_reviewed"), "1900-01-01", "not a likely date"),
    ],
)
def test_impossible_dates_are_refused(content_tree, file, loc, value, message):
    root = content_tree()
    write_field(root, file, loc, value)
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert any(p.startswith(f"{file}:") and message in p for p in problems), problems


def test_a_picture_may_wait_to_load_and_nothing_else_rides_on_the_attribute():
    """loading="lazy" is kept on one of the site's pictures; any other value, or the attribute on
    another element, is dropped."""
    kept = clean('<img src="pictures/a.svg" alt="A" loading="lazy">')
    assert 'loading="lazy"' in kept
    for other in ('<img src="pictures/a.svg" alt="A" loading="eager" >', '<img src="pictures/a.svg" alt="A" loading="lazy x">',
                  '<p loading="lazy">x</p>'):
        assert "loading" not in clean(other), other
