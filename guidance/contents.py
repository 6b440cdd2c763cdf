"""The contents list at the top of a long page: a reader on a phone lands where the answer is.

Material shows a page's table of contents in a drawer on a phone, where few people find it. A
page long enough to scroll through (about five phone screens or more) therefore starts with a
list of its sections, NHS.UK style: after the answer or summary that opens the page, before its
first section. It is worked out from the page's HTML, without a browser: a page gets one when
it has at least two sections (h2 headings with an anchor) and about five screens of text,
counting a picture or a table row as the words it takes the place of (see :func:`weight`).
"""

from __future__ import annotations

import html as html_module
from html.parser import HTMLParser

# About five phone screens (390 by 844 pixels) of text: a screen shows some 130 words, and the
# header, title and footer take about one screen of the first five.
LONG_PAGE_WORDS = 550
# What a picture and a table row weigh, in the words of text they take the place of on a phone.
PICTURE_WORDS = 25
ROW_WORDS = 15
MIN_SECTIONS = 2
TITLE = "Contents"


class _Sections(HTMLParser):
    """Reads a page's HTML: its h2 headings with an anchor (without the permalink sign), where
    the first starts, and how much there is to read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, str]] = []
        self.first: tuple[int, int] | None = None  # (line, column) of the first section's h2
        self.words = 0
        self.pictures = 0
        self.rows = 0
        self._heading: list[str] | None = None
        self._id = ""
        self._skip = 0  # inside a permalink

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "h2" and values.get("id"):
            if self.first is None:
                self.first = self.getpos()
            self._heading, self._id = [], values["id"]
        elif tag == "a" and self._heading is not None and "headerlink" in (values.get("class") or "").split():
            self._skip += 1
        elif tag == "img":
            self.pictures += 1
        elif tag == "tr":
            self.rows += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._skip:
            self._skip -= 1
        elif tag == "h2" and self._heading is not None:
            title = " ".join("".join(self._heading).split())
            if title:
                self.sections.append((self._id, title))
            self._heading = None

    def handle_data(self, data):
        self.words += len(data.split())
        if self._heading is not None and not self._skip:
            self._heading.append(data)


def weight(found: _Sections) -> int:
    """How long a page reads, in words: its words, and its pictures and table rows as words."""
    return found.words + PICTURE_WORDS * found.pictures + ROW_WORDS * found.rows


def sections(html: str) -> _Sections:
    found = _Sections()
    found.feed(html)
    found.close()
    return found


def is_long(found: _Sections) -> bool:
    return len(found.sections) >= MIN_SECTIONS and weight(found) >= LONG_PAGE_WORDS


def contents_list(found: _Sections) -> str:
    """The list of a page's sections, as HTML (each title escaped here, once), left out of the
    search index: it repeats the page's headings, which search finds already."""
    items = "".join(f'<li><a href="#{html_module.escape(ident, quote=True)}">{html_module.escape(title)}</a></li>'
                    for ident, title in found.sections)
    return (f'<nav class="phb-contents" aria-label="{TITLE}" data-search-exclude><h2 class="phb-contents-title">{TITLE}</h2>'
            f"<ol>{items}</ol></nav>\n")


def add(html: str) -> str:
    """A page's HTML with its contents list before its first section, if it is a long page."""
    found = sections(html)
    if not is_long(found) or found.first is None:
        return html
    line, column = found.first
    lines = html.splitlines(keepends=True)
    at = sum(len(text) for text in lines[:line - 1]) + column
    return html[:at] + contents_list(found) + html[at:]
