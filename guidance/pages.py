"""A generated page: where it lives, what it shows and which template renders it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .paths import url_of


@dataclass(frozen=True)
class PageSpec:
    path: str  # source path, e.g. "myths/vat.md"; the page URL is the path without ".md", plus "/"
    title: str
    template: str  # template under templates/
    meta: dict = field(default_factory=dict)  # front matter for the engine and the theme
    records: dict = field(default_factory=dict)  # what the template receives, as data

    @property
    def url(self) -> str:
        return url_of(self.path)


@dataclass(frozen=True)
class FileSpec:
    """A generated file that is not a page (the data export, the board paper PDF)."""

    path: str
    content: bytes | str
