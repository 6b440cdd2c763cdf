"""Stable page addresses: one function per kind of page, used by pages, links and the export.

A page's source path (``myths/vat.md``) gives its address (``/myths/vat/``); ids never change,
so neither do addresses.
"""

from __future__ import annotations


def myth(myth_id: str) -> str:
    return f"myths/{myth_id}.md"


def law(key: str) -> str:
    return f"law/{key}.md"


def section(section_id: str) -> str:
    return f"sections/{section_id}.md"


SOURCES = "sources.md"
LAW_INDEX = "law/index.md"
EXPORT = "api/content.json"


def url_of(path: str) -> str:
    """'myths/vat.md' -> 'myths/vat/'; 'index.md' -> ''; 'law/index.md' -> 'law/'."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


# What templates see as `paths`
ALL = {"myth": myth, "law": law, "section": section, "sources": SOURCES, "law_index": LAW_INDEX, "export": EXPORT}
