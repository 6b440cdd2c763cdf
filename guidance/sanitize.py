"""Second line of defence against hostile content: clean every page's HTML.

The check refuses raw HTML, script links and event attributes in the content.
Pages written by hand in docs/ could still carry them, so the HTML that the
Markdown renders to is cleaned with nh3 (the ammonia sanitiser) before the
theme wraps it: only known tags and attributes stay, and only http, https and
mailto links or links within the site.
"""

from __future__ import annotations

import nh3

TAGS = set(nh3.ALLOWED_TAGS) | {"aside", "details", "summary", "kbd", "span", "div", "section", "nav", "abbr", "sup", "sub"}
TAGS -= {"img"}  # the guidance has no images yet; an image is an easy way to smuggle a request
COMMON_ATTRIBUTES = {"id", "class", "title", "aria-label", "aria-hidden", "lang", "dir", "data-search-exclude"}
ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["*"] = ATTRIBUTES.get("*", set()) | COMMON_ATTRIBUTES
ATTRIBUTES["a"] = ATTRIBUTES.get("a", set()) | {"href", "title"}
ATTRIBUTES["details"] = {"open"}
ATTRIBUTES["ol"] = ATTRIBUTES.get("ol", set()) | {"start"}
ATTRIBUTES["td"] = ATTRIBUTES.get("td", set()) | {"align"}
ATTRIBUTES["th"] = ATTRIBUTES.get("th", set()) | {"align"}


def clean(html: str) -> str:
    """Keep the structure Markdown and our templates produce; drop anything that could run."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
