"""Text is text: how a value from the content reaches a page.

Every value a template prints with ``{{ ... }}`` passes through :func:`finalize`:

- plain text (a title, an answer, a name, a date, a number) is escaped for Markdown, so it
  is shown exactly as written and can never become a link, a heading, a list, an attribute
  list, HTML or a template;
- :class:`Markdown` passes unchanged. Only two things are ``Markdown``: the prose fields of
  the content model (validated: no raw HTML, no script links, no curly brackets, so no
  attribute lists and no template delimiters) and the output of the project's own templates.

Nothing here knows about the site engine.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import quote

# Python-Markdown's backslash escapes (markdown.Markdown.ESCAPED_CHARS), each after a backslash; a
# backslash before any other character is shown as a backslash, so only these are escaped. & and <
# become entities, which hold none of them.
_MARKDOWN_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;"} | {char: "\\" + char for char in "\\`*_{}[]()>#+-.!|"})
_SPACE = re.compile(r"\s+")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Characters kept as they are in a link target; everything else is percent-encoded, so a
# target can never close the link, open an attribute list or carry a space or a quote.
_URL_SAFE = "/:?#@!$&*+,;=%~-._"


class Markdown(str):
    """Markdown that may be placed in a page as it is: validated prose or our own templates' output."""

    __slots__ = ()


def escape_markdown(value: str) -> str:
    """Plain text as Markdown that shows exactly that text, on one line."""
    return " ".join(value.split()).translate(_MARKDOWN_ESCAPES)


def finalize(value: object) -> str:
    """Jinja's ``finalize``: applied to every ``{{ ... }}`` output."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape_markdown(str(value))


def url(value: object) -> Markdown:
    """An http(s) or mailto address as a Markdown link target."""
    text = str(value)
    if not re.match(r"^(https?://|mailto:)", text):
        raise ValueError(f"not an http, https or mailto address: {text!r}")
    return Markdown(quote(text, safe=_URL_SAFE))


def anchor(value: object) -> Markdown:
    """A record key used as an HTML id (keys are lower case words and hyphens by the schema)."""
    text = str(value)
    if not _ID.match(text):
        raise ValueError(f"not a valid key for an anchor: {text!r}")
    return Markdown(text)


def attribute(value: object) -> Markdown:
    """A value for an HTML attribute that a template writes itself (alt text of a picture)."""
    return Markdown(html.escape(str(value), quote=True))


def css_string(value: object) -> str:
    """Plain text as a CSS string, quotes included, for a style sheet a template writes (the
    running header and footer of a printout). Spaces are squashed to one; every character but
    an ASCII letter, a digit or a space is written as a hexadecimal escape, so the value can end
    neither the string nor the <style> element it is in, and it needs no HTML escaping."""
    text = _SPACE.sub(" ", str(value)).strip()
    return '"' + "".join(c if c == " " or (c.isascii() and c.isalnum()) else f"\\{ord(c):x} " for c in text) + '"'


def indent(value: str, width: int = 4) -> str:
    """Jinja's ``indent`` for Markdown blocks, keeping ``Markdown`` as ``Markdown``."""
    pad = " " * width
    out = "\n".join(pad + line if line.strip() else line for line in value.split("\n")).removeprefix(pad)
    return Markdown(out) if isinstance(value, Markdown) else out


def plain_text(value: str) -> str:
    """Text for a place that takes no Markdown (a description tag): prose rendered, then its text
    read by an HTML parser (no pattern strips tags, and nothing the writer typed is decoded:
    prose holds no character references, so only the renderer's own escaping is read back)."""
    if not isinstance(value, Markdown):
        return str(value)
    import markdown  # third-party: imported when a page is rendered, so the content check never loads it

    reader = _TextOf()
    reader.feed(markdown.markdown(str(value)))
    reader.close()
    return " ".join("".join(reader.parts).split())


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
