"""The board paper PDF (guidance/pdf.py): read back with pypdf.

Every test runs with the network locked: any socket connection or name look-up fails the
test, and every address WeasyPrint asks the URL fetcher for is recorded.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import socket
from pathlib import Path

import pytest
from pypdf import PdfReader

from guidance import pdf as board

ROOT = Path(__file__).resolve().parent.parent

ORGANISATION = "NHS Testshire Integrated Care Board"
WEB_ADDRESS = "https://phb.testshire.example/"
BUILT = datetime.date(2026, 12, 1)
TITLE = "Personal health budgets: local framework for Testshire"
LINK = "https://www.england.nhs.uk/personal-health-budgets/"
HEADINGS = ["Local framework for Testshire", "Who can have a budget", "How the money is held",
            "What a budget cannot buy", "Reviews and appeals", "Who to contact"]
# A 1 x 1 PNG: data: URLs are the one kind the fetcher serves.
DOT = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
       "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def sample_article() -> str:
    """A board-paper article as the site renders it: permalinks, lists, links, a table."""
    slug = lambda text: re.sub(r"[^a-z]+", "-", text.lower()).strip("-")  # noqa: E731
    body = "The integrated care board and the council agree this framework together. " * 14
    parts = [f'<h1 id="{slug(HEADINGS[0])}">{HEADINGS[0]}'
             f'<a class="headerlink" href="#{slug(HEADINGS[0])}" title="Permanent link">¶</a></h1>']
    for number, heading in enumerate(HEADINGS[1:], 1):
        parts.append(
            f'<h2 id="{slug(heading)}">{heading}'
            f'<a class="headerlink" href="#{slug(heading)}" title="Permanent link">&para;</a></h2>'
            f"<p>{body}</p>"
            f'<h3 id="detail-{number}">Detail {number}'
            f'<a class="headerlink" href="#detail-{number}" title="Permanent link">¶</a></h3>'
            f"<p>{body}</p>"
            "<ul><li>A person with a continuing healthcare need.</li>"
            "<li>A child with a continuing care package.</li></ul>")
    parts.append(
        f'<p>National guidance: <a href="{LINK}">NHS England on personal health budgets</a>. '
        'See also <a href="../money/">how the money is held</a> and '
        f'<a href="#{slug(HEADINGS[1])}">who can have a budget</a>.</p>'
        "<table><thead><tr><th>Option</th><th>Who holds it</th></tr></thead>"
        "<tbody><tr><td>Notional budget</td><td>The ICB</td></tr>"
        "<tr><td>Direct payment</td><td>The person</td></tr></tbody></table>"
        '<div class="admonition note"><p class="admonition-title">Note</p>'
        "<p>Figures are reviewed every April.</p></div>")
    return "".join(parts)


@contextlib.contextmanager
def network_locked():
    """No sockets, no name look-ups; every address WeasyPrint asks the fetcher for is
    recorded with its outcome ("served" or the exception's name)."""
    asked: list[tuple[str, str]] = []
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network use while making the PDF: {args!r}")

    original = board.LocalOnlyFetcher.fetch

    def recording_fetch(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception as error:
            asked.append((url, type(error).__name__))
            raise
        asked.append((url, "served"))
        return response

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        patch.setattr(board.LocalOnlyFetcher, "fetch", recording_fetch)
        yield asked
    assert attempts == [], f"something tried to use the network: {attempts}"


@pytest.fixture
def locked():
    with network_locked() as asked:
        yield asked


def make(tmp_path: Path, article: str, **settings) -> PdfReader:
    arguments = dict(title=TITLE, organisation=ORGANISATION, web_address=WEB_ADDRESS,
                     build_date=BUILT, out=tmp_path / "out" / "board-paper.pdf")
    arguments.update(settings)
    board.board_paper(article, **arguments)
    return PdfReader(arguments["out"])


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    with network_locked() as asked:
        reader = make(tmp_path_factory.mktemp("paper"), sample_article())
    return reader, [flat(page.extract_text()) for page in reader.pages], list(asked)


def test_every_page_carries_organisation_address_date_and_page_number(paper):
    reader, pages, _ = paper
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert ORGANISATION in text, f"page {number}"
        assert WEB_ADDRESS in text, f"page {number}"
        assert "Built 1 December 2026" in text, f"page {number}"
        assert f"Page {number} of {len(pages)}" in text, f"page {number}"
    assert "Page 1 of" in pages[0]


def test_content_headings_and_link_addresses_without_permalinks(paper):
    _, pages, asked = paper
    text = " ".join(pages)
    for heading in HEADINGS:
        assert heading in text
    assert "Detail 3" in text
    # the address follows the link (it may be wrapped over two lines)
    squeeze = lambda words: re.sub(r"\s+", "", words)  # noqa: E731
    assert squeeze(f"NHS England on personal health budgets ({LINK})") in squeeze(text)
    assert "¶" not in text
    # a link to another page of the site is kept as its words, never as an address
    assert "how the money is held" in text
    assert "../money/" not in text
    assert asked == [], "the sample needs nothing fetched"


def test_links_in_the_pdf_are_external_or_within_it(paper):
    reader, _, _ = paper
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.append(str(action["/URI"]))
    assert LINK in uris
    assert all(uri.startswith("https://") for uri in uris), uris


def test_pdf_is_tagged_with_language_and_title(paper):
    reader, _, _ = paper
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == TITLE
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712

    roles = set()
    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                roles.add(str(node["/S"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                if hasattr(kid, "get_object"):
                    walk(kid)
    walk(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Link", "/Table"} <= roles


def test_nothing_is_fetched_from_outside(tmp_path, locked):
    asked = locked
    article = ("<h1>Outside</h1>"
               '<p><img src="https://elsewhere.example/x.png" alt="outside"></p>'
               '<p style="background: url(https://elsewhere.example/bg.png)">styled</p>'
               '<link rel="stylesheet" href="https://elsewhere.example/style.css">'
               f'<p><img src="{DOT}" alt="a dot"></p>')
    reader = make(tmp_path, article)

    outside = [(url, outcome) for url, outcome in asked if not url.startswith("data:")]
    assert ("https://elsewhere.example/x.png", "ExternalResourceRefused") in outside
    assert all(outcome == "ExternalResourceRefused" for _, outcome in outside), outside
    assert (DOT, "served") in asked  # data: URLs still work
    images = [name for page in reader.pages
              for name, obj in (page["/Resources"].get("/XObject") or {}).items()
              if obj.get_object().get("/Subtype") == "/Image"]
    assert len(images) == 1


def test_fetcher_refuses_before_any_request(locked):
    fetcher = board.LocalOnlyFetcher()
    for url in ("https://elsewhere.example/x.png", "http://127.0.0.1/", "file:///etc/passwd",
                "ftp://elsewhere.example/x", "//elsewhere.example/x"):
        with pytest.raises(board.ExternalResourceRefused):
            fetcher.fetch(url)
    assert fetcher.fetch(DOT).read().startswith(b"\x89PNG")


def test_settings_are_text_not_markup(tmp_path, locked):
    title = 'Board paper <script>alert("t")</script> & \'quotes\''
    organisation = 'NHS "Test" <script>x</script> ICB'
    web_address = 'https://x.example/?a="1"&b=<i>'
    reader = make(tmp_path, "<p>No heading of its own.</p>",
                  title=title, organisation=organisation, web_address=web_address)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert title in text  # shown as the first heading, since the article has none
    assert organisation in text
    assert web_address in text
    assert reader.metadata.title == title


def test_web_address_left_out_when_none(tmp_path, locked):
    reader = make(tmp_path, "<h1>Short</h1><p>One page.</p>", web_address=None)
    text = flat(reader.pages[0].extract_text())
    assert ORGANISATION in text and "Page 1 of 1" in text and "Built 1 December 2026" in text
    assert "https://" not in text


def test_clean_article():
    cleaned = board.clean_article(
        '<h2 id="a">A &amp; B<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
        '<p>See <a href="../money/">money</a>, <a href="#a">above</a>, <a href="#gone">gone</a>, '
        '<a href="https://example.org/?x=1&amp;y=2">out</a> and &lt;b&gt;not bold&lt;/b&gt;.<br></p>')
    assert cleaned == (
        '<h2 id="a">A &amp; B</h2>'
        '<p>See money, <a href="#a">above</a>, gone, '
        '<a href="https://example.org/?x=1&amp;y=2">out</a> and &lt;b&gt;not bold&lt;/b&gt;.<br></p>')


def test_format_date_is_locale_free():
    assert board.format_date(datetime.date(2026, 12, 1)) == "1 December 2026"
    assert board.format_date(datetime.date(2027, 3, 31)) == "31 March 2027"


def test_browser_print_stylesheet():
    css = (ROOT / "docs" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css and "size: A4" in css and "margin: 2cm" in css
    # the running header and footer in the page's margins (test_browser.py prints them)
    for box in ("@top-left", "@top-right", "@bottom-left", "@bottom-right"):
        assert box in css, box
    assert 'counter(page) " of " counter(pages)' in css and "position: fixed" not in css
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                     ".md-footer", ".md-search", ".md-top", ".headerlink"):
        assert selector in css
    # link addresses after their text: every link with script (print.js), other sites' without
    assert 'a[data-print-href]::after' in css and "attr(data-print-href)" in css
    assert 'a[href^="http"]:not([data-print-href])::after' in css and "attr(href)" in css


def _font_for(script_word: str) -> bool:
    import subprocess

    listing = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    return script_word.lower() in listing.lower()


def test_a_name_in_any_script_prints_in_a_font_that_has_its_letters(tmp_path, locked):
    """A Bengali organisation name must print as letters, not empty boxes: the PDF embeds a
    font that covers the script (CI installs Noto, fonts-noto-core, as the workflow does)."""
    if not _font_for("Bengali"):
        if os.environ.get("CI") == "true":
            pytest.fail("a font for Bengali is required in CI: apt-get install -y fonts-noto-core")
        pytest.skip("no font for Bengali installed (apt-get install -y fonts-noto-core)")
    name = "নর্থমুর স্বাস্থ্য বোর্ড"
    reader = make(tmp_path, f"<h1>{name}</h1><p>{name}</p>", organisation=name)
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("Bengali" in font for font in fonts), fonts
    assert "স্বাস্থ্য" in flat(reader.pages[0].extract_text()) or "বোর্ড" in reader.pages[0].extract_text()


def test_a_document_gives_its_own_foot_or_none(tmp_path, locked):
    """The board paper's foot is its meeting, not the build date; an empty foot prints nothing."""
    meeting = "Board meeting held in public, 14 January 2027, agenda item 9.2"
    reader = make(tmp_path, "<h1>Paper</h1><p>One page.</p>", foot=meeting)
    text = flat(reader.pages[0].extract_text())
    assert meeting in text and "Built" not in text and "Page 1 of 1" in text
    reader = make(tmp_path, "<h1>Paper</h1><p>One page.</p>", foot="")
    text = flat(reader.pages[0].extract_text())
    assert "Built" not in text and ORGANISATION in text and "Page 1 of 1" in text


def test_what_is_for_the_screen_only_is_left_out_of_a_pdf():
    cleaned = board.clean_article(
        '<p>Before.</p><p class="phb-screen-only"><a href="board-paper.pdf">Download this paper as a PDF</a>'
        ' to print<br> or <em>share</em> it.</p><div class="phb-screen-only"><div><p>Nested.</p></div></div>'
        '<p>After, with <a href="https://example.org/">a link</a>.</p>')
    assert cleaned == '<p>Before.</p><p>After, with <a href="https://example.org/">a link</a>.</p>'


def _job(text: str, **fields) -> board.Job:
    return board.Job(**{"markdown": f"# {text}\n\n{text} is one page.\n", "title": text, "organisation": ORGANISATION,
                        "web_address": WEB_ADDRESS, "date": BUILT, **fields})


def test_a_job_key_changes_with_whatever_changes_the_pdf():
    job = _job("Paper")
    assert job.key() == _job("Paper").key()
    for other in (_job("Paper", foot="Board meeting"), _job("Paper", strict=True), _job("Paper", kind="easy-read"),
                  _job("Paper", pictures=(("dot", b"<svg/>"),)), _job("Paper", date=datetime.date(2027, 1, 1)),
                  _job("Paper", stylesheet=ROOT / "guidance" / "kinds" / "pdf-easy-read.css"), _job("Other")):
        assert other.key() != job.key()


def test_pdfs_made_at_once_are_kept_and_read_back_without_being_made_again(tmp_path, locked, monkeypatch):
    jobs = [_job("First"), _job("Second"), _job("Third")]
    made = board.make_all(jobs, tmp_path)
    assert [reader_text(pdf) for pdf in made] == ["First is one page.", "Second is one page.", "Third is one page."]
    assert len(list(tmp_path.glob("*.pdf"))) == 3

    def refuse(job):
        raise AssertionError(f"made again: {job.title}")

    monkeypatch.setattr(board.Job, "make", refuse)
    assert board.make_all(jobs, tmp_path) == made


def test_a_pdf_that_cannot_be_made_as_written_stops_with_what_weasyprint_said(tmp_path, locked):
    bad = _job("Bad", strict=True, prepare=_with_a_broken_picture)
    with pytest.raises(board.PdfError, match="Failed to load image") as refused:
        board.make_all([_job("Good"), bad, _job("Also good")], tmp_path)
    assert refused.value.title == "Bad"
    assert len(list(tmp_path.glob("*.pdf"))) == 2  # the others are kept


def _with_a_broken_picture(html: str, pictures: dict) -> str:
    return html + '<p><img src="data:image/svg+xml;base64,PHN2Zw==" alt="Broken"></p>'


def reader_text(pdf: bytes) -> str:
    import io

    text = flat(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    return re.search(r"\b\w+ is one page\.", text).group(0)


def test_pdfs_made_one_after_another_are_the_same(tmp_path, locked, monkeypatch):
    jobs = [_job("First"), _job("Second")]
    together = board.make_all(jobs, None)
    monkeypatch.setenv("PHB_PDF_WORKERS", "1")
    assert board._workers() == 1
    assert board.make_all(jobs, None) == together
