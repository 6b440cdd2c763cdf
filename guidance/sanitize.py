"""Second line of defence against hostile content: clean every page's HTML.

The check refuses raw HTML, script links, event attributes and attribute lists in
the content. Pages written by hand in docs/ could still carry them, so the HTML that
the Markdown renders to is cleaned with nh3 (the ammonia sanitiser) before the theme
wraps it: only known tags and attributes stay, and only http, https, mailto and tel links
or links within the site. An ``id`` survives only if it is a plain word that cannot
take the place of one of the theme's own elements (Material's start with ``__``, such
as ``__config``, which holds its configuration), and a ``class`` only if it is one of
those the Markdown extensions write; no ``style`` at all.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

TAGS = set(nh3.ALLOWED_TAGS) | {"aside", "details", "summary", "kbd", "span", "div", "section", "nav", "abbr", "sup", "sub"}
# Images stay only when they are the site's own easy-read pictures or charts (see PICTURE below).
COMMON_ATTRIBUTES = {"id", "class", "title", "aria-label", "aria-hidden", "lang", "dir", "data-search-exclude"}
ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["*"] = ATTRIBUTES.get("*", set()) | COMMON_ATTRIBUTES
ATTRIBUTES["a"] = ATTRIBUTES.get("a", set()) | {"href", "title"}
ATTRIBUTES["details"] = {"open"}
ATTRIBUTES["img"] = {"src", "alt", "width", "height", "loading"}
ATTRIBUTES["ol"] = ATTRIBUTES.get("ol", set()) | {"start"}
ATTRIBUTES["td"] = ATTRIBUTES.get("td", set()) | {"align"}
ATTRIBUTES["th"] = ATTRIBUTES.get("th", set()) | {"align"}


# ids the Markdown renders: heading slugs, footnote and permalink ids; never a leading underscore
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$")
# classes written by the Markdown extensions in mkdocs.yml (admonition, toc permalinks, keys)
SAFE_CLASSES = re.compile(r"^(admonition(-title)?|note|warning|tip|info|danger|headerlink|toclink|keys|key-[a-z0-9-]+|phb-[a-z0-9-]+)$")


# The only images: the site's own easy-read pictures and charts, by a relative address.
PICTURE = re.compile(r"^(\.\./)*((easy-read/)?pictures|(evidence/)?charts)/[a-z0-9-]+\.svg$")
# A path's steps that climb one folder, and that stay, as a browser reads them.
_UP = frozenset({"..", ".%2e", "%2e.", "%2e%2e"})
_HERE = frozenset({"", ".", "%2e"})
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if PICTURE.match(value) else None
    if attribute == "loading":  # a picture below the first screen waits until the reader scrolls to it
        return value if value == "lazy" else None
    if attribute == "id":
        return value if SAFE_ID.match(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if SAFE_CLASSES.match(name)]
        return " ".join(kept) or None
    return value


def clean(html: str) -> str:
    """Keep the structure Markdown and our templates produce; drop anything that could run."""
    return clean_and_list(html)[0]


def clean_and_list(html: str) -> tuple[str, list[str]]:
    """:func:`clean`, and the link and picture addresses the cleaned HTML keeps (each as the
    browser reads it, entities decoded), noted as nh3 keeps them: one pass over the page."""
    addresses: list[str] = []

    def keep(tag: str, attribute: str, value: str) -> str | None:
        kept = _attribute_filter(tag, attribute, value)
        if kept and attribute in ("href", "src"):
            addresses.append(kept)
        return kept

    cleaned = IMAGE_WITHOUT_SOURCE.sub("", nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=keep,
    ))
    return cleaned, addresses


def leaving(addresses: list[str], page_url: str) -> list[str]:
    """The addresses that lead out of the site's folder: a relative address that climbs above
    the site's root from the page at ``page_url`` (such as ``../../../etc/passwd``), or an
    address from the server's root (``/x``), which on a site published under a path
    (``https://org.github.io/phb/``) is outside it too."""
    folder = page_url.split("/")[:-1]
    return [address for address in addresses if _leaves(address, folder)]


def _leaves(address: str, folder: list[str]) -> bool:
    """Whether ``address``, followed from a page in the site folder ``folder`` (its parts), leaves
    the site. Read as a browser reads a web address: a backslash is a slash, and ``%2e`` a dot."""
    parts = urlsplit(address)  # which also drops tabs and line breaks, as a browser does
    if parts.scheme or parts.netloc or not parts.path:
        return False
    path = parts.path.replace("\\", "/")
    if path.startswith("/"):
        return True
    lowered = path.lower()
    if ".." not in lowered and "%2e" not in lowered:  # no step up: most addresses, answered at once
        return False
    where = [part for part in folder if part]
    for part in lowered.split("/"):
        if part in _UP:
            if not where:
                return True
            where.pop()
        elif part not in _HERE:
            where.append(part)
    return False
