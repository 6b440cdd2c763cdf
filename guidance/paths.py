"""Stable page addresses: how a page's source path becomes its address, and the site's own files.

A page's source path (``myths/vat.md``) gives its address (``/myths/vat/``); ids never change,
so neither do addresses. Each kind of record names the addresses of its own pages in its module
(``guidance/kinds/``); the catalogue gathers them all as ``cat.paths``, which templates see as
``paths``.
"""

from __future__ import annotations

SOURCES = "sources.md"  # the hand-written sources page
EXPORT = "api/content.json"


def url_of(path: str) -> str:
    """'myths/vat.md' -> 'myths/vat/'; 'index.md' -> ''; 'law/index.md' -> 'law/'."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


# The site's own addresses that templates see as `paths`, beside those of every kind
SITE = {"sources": SOURCES, "export": EXPORT}
