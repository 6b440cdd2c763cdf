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
import re
from dataclasses import dataclass

# About five phone screens (390 by 844 pixels) of text: a screen shows some 130 words, and the
# header, title and footer take about one screen of the first five.
LONG_PAGE_WORDS = 550
# What a picture and a table row weigh, in the words of text they take the place of on a phone.
PICTURE_WORDS = 25
ROW_WORDS = 15
MIN_SECTIONS = 2
TITLE = "Contents"


# The page's HTML is Python-Markdown's, whose serialiser escapes "<" and ">" in attribute values
# and text, so a tag is "<", its name, then anything but ">" up to the first ">": these patterns
# read it in one pass each, without a parser's work per tag (this runs on every page of a build).
_TAG = re.compile(r"<[^>]*>")
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_PERMALINK = re.compile(r"""<a\b[^>]*\sclass=(?:"[^"]*\bheaderlink\b[^"]*"|'[^']*\bheaderlink\b[^']*')[^>]*>.*?</a>""",
                        re.DOTALL | re.IGNORECASE)
_IMG = re.compile(r"<img\b", re.IGNORECASE)
_TR = re.compile(r"<tr\b", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass
class Sections:
    """What a page's HTML holds: its h2 headings with an anchor (id, title without the permalink
    sign), where the first starts, and how much there is to read."""

    sections: list[tuple[str, str]]
    first: int | None  # where the first section's h2 starts, in characters
    words: int
    pictures: int
    rows: int


def _text(html: str) -> str:
    return html_module.unescape(_TAG.sub(" ", html))


def weight(found: Sections) -> int:
    """How long a page reads, in words: its words, and its pictures and table rows as words."""
    return found.words + PICTURE_WORDS * found.pictures + ROW_WORDS * found.rows


def sections(html: str) -> Sections:
    # a comment is blanked out (with as many spaces, so that places in the page stay the same)
    html = _COMMENT.sub(lambda comment: " " * len(comment.group()), html) if "<!--" in html else html
    headings, first = [], None
    for match in _H2.finditer(html):
        found = _ID.search(match.group(1))
        ident = found and (found.group(1) if found.group(1) is not None else found.group(2))
        if not ident:
            continue
        ident = html_module.unescape(ident)
        if first is None:
            first = match.start()
        title = " ".join(_text(_PERMALINK.sub("", match.group(2))).split())
        if title:
            headings.append((ident, title))
    return Sections(headings, first, len(_text(html).split()), len(_IMG.findall(html)), len(_TR.findall(html)))


def is_long(found: Sections) -> bool:
    return len(found.sections) >= MIN_SECTIONS and weight(found) >= LONG_PAGE_WORDS


def contents_list(found: Sections) -> str:
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
    return html[:found.first] + contents_list(found) + html[found.first:]
