"""Render records into Markdown pages, with the records as data and never as code.

The templates in ``templates/`` are rendered here, by a sandboxed Jinja environment that
only this module owns. Records reach the templates as data: every value printed with
``{{ ... }}`` is escaped for Markdown unless it is validated prose or our own templates'
output (see ``guidance/text.py``), and no record text is ever parsed as a template. The
generated page that the site engine receives is finished Markdown marked
``render_macros: false``, so no plugin evaluates it again.

Hand-written pages in ``docs/`` call some of the same helpers, and the blocks below, through
``macros.py`` (the names are ``guidance.handwritten.MACROS``).
"""

from __future__ import annotations

import functools
import posixpath
from pathlib import Path

import yaml
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import paths
from .kinds.figures import shown
from .catalogue import Catalogue
from .models import Citation
from .text import Markdown, anchor, attribute, finalize, indent, plain_text, url


class SandboxedEnvironment(ImmutableSandboxedEnvironment):
    """A Jinja environment that escapes every printed value and cannot reach Python internals.

    Used for the generated pages (by :class:`Renderer`) and, through ``macros.py``, for the
    hand-written pages that mkdocs-macros renders.
    """

    def __init__(self, **options):
        options.setdefault("undefined", StrictUndefined)
        options.update(finalize=finalize, autoescape=False, keep_trailing_newline=True)
        super().__init__(**options)
        self.filters.update(indent=indent, url=url, anchor=anchor, attr=attribute)


class Renderer:
    """Renders the templates of one catalogue; one instance per build."""

    def __init__(self, catalogue: Catalogue, templates: Path | str | None = None):
        self.catalogue = catalogue
        self.env = SandboxedEnvironment(loader=FileSystemLoader(str(templates or catalogue.root / "templates")))
        # what every template may read, as data
        self.data = {
            "catalogue": catalogue,
            "law_cited_by": catalogue.law_cited_by,
            "source_cited_by": catalogue.source_cited_by,
            "paths": catalogue.paths,
        }
        self.env.globals.update(self.data)

        self.figures = catalogue.figure_by_id  # every figure by id, for figure(): worked out once a build

    # ---- helpers, each bound to the page it is used on -----------------------------
    def link(self, page: str, to_path: str, fragment: str = "") -> Markdown:
        """Relative link from one source page to another, as the engine resolves Markdown links."""
        target = posixpath.relpath(to_path, posixpath.dirname(page) or ".")
        return Markdown(target + (f"#{anchor(fragment)}" if fragment else ""))

    def address(self, page: str, to_file: str) -> Markdown:
        """A file's address relative to the page's own address, for HTML a template writes itself
        (the engine rewrites Markdown links, not HTML)."""
        here = paths.url_of(page) or "."
        return Markdown(posixpath.relpath(to_file, here.rstrip("/") or "."))

    def law(self, page: str, key: str) -> Markdown:
        """A citation link to a legal reference."""
        record = self.catalogue.laws.get(key)
        if record is None:
            raise KeyError(f"unknown legal reference {key!r} in {page}")
        return self._inline("law", law=record, href=self.link(page, self.catalogue.paths["law"](key)))

    def cite(self, page: str, citation: Citation | str, at: str | None = None) -> Markdown:
        """A citation link to a bibliography entry: a record's Citation, or a key and a place."""
        if isinstance(citation, str):
            citation = Citation(source=citation, at=at or "")
        source = self.catalogue.sources.get(citation.source)
        if source is None:
            raise KeyError(f"unknown source {citation.source!r} in {page}")
        return self._inline("cite", source=source, at=citation.at, href=self.link(page, paths.SOURCES, source.key))

    def myth_link(self, page: str, myth_id: str) -> Markdown:
        record = self.catalogue.myths[myth_id]
        return self._inline("myth", myth=record, href=self.link(page, self.catalogue.paths["myth"](myth_id)))

    def figure(self, page: str, figure_id: str) -> Markdown:
        """A recorded figure as a reader sees it, with its year, linked to its row on the evidence page:
        the one way any page states a figure."""

        record = self.figures.get(figure_id)
        if record is None:
            raise KeyError(f"unknown figure {figure_id!r} in {page}")
        return self._inline("figure", figure=record, shown=shown(record), href=self.link(page, self.catalogue.paths["evidence"], figure_id))

    def _inline(self, name: str, **context) -> Markdown:
        return Markdown(self.env.get_template(f"inline/{name}.md.j2").render(**context).strip())

    HELPERS = ("link", "address", "law", "cite", "myth_link", "figure")

    def helpers(self, page: str) -> dict:
        """The functions a template calls, bound to the page at source path ``page``."""
        return {name: functools.partial(getattr(self, name), page) for name in self.HELPERS}

    # ---- blocks a hand-written page calls (see macros.py and guidance/handwritten.py) ----
    def questions_by_section(self, page: str) -> Markdown:
        """Every section's questions, each linked with its short answer (the home page)."""
        return self.render("myths/by-section.md.j2", page)

    def sources_list(self, page: str) -> Markdown:
        """The bibliography, with every page that cites each entry."""
        return self.render("sources/list.md.j2", page)

    def law_list(self, page: str) -> Markdown:
        """Every legal reference in one list, with its status and the date it was checked."""
        return self.render("law/index.md.j2", page)

    # ---- whole templates and pages -------------------------------------------------
    def render(self, template: str, page_path: str, **context) -> Markdown:
        """Render one template for the page at source path ``page_path``."""
        return Markdown(self.env.get_template(template).render(**self.helpers(page_path), **context))

    def page_source(self, spec) -> str:
        """A generated page's whole source: front matter (as YAML data) and finished Markdown."""
        front = {"title": str(spec.title), **spec.meta, "render_macros": False}
        if "description" in front:
            front["description"] = plain_text(front["description"])
        body = self.render(spec.template, spec.path, **spec.records)
        return "---\n" + yaml.safe_dump(front, sort_keys=True, allow_unicode=True) + "---\n\n" + body
