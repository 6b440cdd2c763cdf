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
from jinja2 import FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import paths, usercache
from .catalogue import Catalogue
from .text import Markdown, anchor, attribute, finalize, indent, plain_text, url


# libyaml's writer when it is installed (as it is with the pinned PyYAML wheels), else PyYAML's own:
# the same data either way, written several times faster.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


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
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        """The sandbox's own answer, worked out once for each kind of object and attribute
        name: Jinja's checks read nothing else (the value is not looked at). An object that
        presents itself as another class is checked every time."""
        kind = type(obj)
        if obj.__class__ is not kind:
            return super().is_safe_attribute(obj, attr, value)
        safe = self._safe.get((kind, attr))
        if safe is None:
            safe = self._safe[(kind, attr)] = super().is_safe_attribute(obj, attr, value)
        return safe


def compiled_templates(kind: str = "templates") -> FileSystemBytecodeCache | None:
    """Where the templates, compiled, are kept between builds (Jinja's own bytecode cache): in
    the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``, then
    ``phb-guidance/templates``), never in the project. Jinja keeps each template under its name
    and file with a checksum of its source, and compiles it afresh when the source or Jinja
    changes; a folder that cannot be made only costs the time of compiling.

    Jinja does not key a compiled template by the environment's settings (escaping is decided
    as it compiles), so each environment keeps its own folder: ``templates`` for ours, ``theme``
    for the theme's (see ``on_env`` in guidance/mkdocs_hooks.py)."""
    folder = usercache.folder() / kind
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=65536)
def _relative(path: str, start: str) -> str:
    """``posixpath.relpath`` of two paths inside the site, each worked out once."""
    return posixpath.relpath(path, start)


class Renderer:
    """Renders the templates of one catalogue; one instance per build."""

    def __init__(self, catalogue: Catalogue, templates: Path | str | None = None):
        self.catalogue = catalogue
        # one build's templates: not looked at again on disk each time one is used
        self.env = SandboxedEnvironment(loader=FileSystemLoader(str(templates or catalogue.root / "templates")),
                                        bytecode_cache=compiled_templates(), auto_reload=False)
        # what every template may read, as data
        self.data = {
            "catalogue": catalogue,
            "law_cited_by": catalogue.law_cited_by,
            "source_cited_by": catalogue.source_cited_by,
            "paths": catalogue.paths,
        }
        self.env.globals.update(self.data)

        self.macros = {name: macro for kind in catalogue.kinds for name, macro in kind.macros.items()}
        # Each page's numbered references, in the order the page first cites them: page -> {key: n}.
        # A generated page starts afresh each time it is rendered whole; a hand-written page's
        # macro calls share one list for the build.
        self._numbers: dict[str, dict] = {}
        self._depth = 0

    # ---- numbered references ------------------------------------------------------
    def number(self, page: str, key) -> int:
        """The reference number of ``key`` on the page at source path ``page``: its first
        citation there gets the next number, later ones the same number."""
        numbers = self._numbers.setdefault(page, {})
        return numbers.setdefault(key, len(numbers) + 1)

    def numbered(self, page: str) -> list:
        """The keys the page has numbered so far, in number order."""
        return list(self._numbers.get(page, {}))

    # ---- helpers, each bound to the page it is used on -----------------------------
    def link(self, page: str, to_path: str, fragment: str = "") -> Markdown:
        """Relative link from one source page to another, as the engine resolves Markdown links."""
        target = _relative(to_path, posixpath.dirname(page) or ".")
        return Markdown(target + (f"#{anchor(fragment)}" if fragment else ""))

    def address(self, page: str, to_file: str) -> Markdown:
        """A file's address relative to the page's own address, for HTML a template writes itself
        (the engine rewrites Markdown links, not HTML)."""
        here = paths.url_of(page) or "."
        return Markdown(_relative(to_file, here.rstrip("/") or "."))

    def inline(self, name: str, **context) -> Markdown:
        """One of the small templates in templates/inline/ (a citation, a figure), on one line."""
        return Markdown(self.env.get_template(f"inline/{name}.md.j2").render(**context).strip())

    def helpers(self, page: str) -> dict:
        """The functions a template calls, bound to the page at source path ``page``: links, and
        every kind's macros (law(), cite(), figure() ...)."""
        bound = {name: functools.partial(getattr(self, name), page) for name in ("link", "address")}
        return bound | {name: functools.partial(macro.render, self, page) for name, macro in self.macros.items()}

    # ---- whole templates and pages -------------------------------------------------
    def render(self, template: str, page_path: str, **context) -> Markdown:
        """Render one template for the page at source path ``page_path``; a template rendered
        whole (not from inside another) starts the page's reference numbers afresh."""
        if self._depth == 0:
            self._numbers.pop(page_path, None)
        self._depth += 1
        try:
            return Markdown(self.env.get_template(template).render(**self.helpers(page_path), **context))
        finally:
            self._depth -= 1

    def call(self, name: str, page: str, *args) -> Markdown:
        """A macro by name, for the page at source path ``page`` (a hand-written page's call)."""
        return Markdown(self.macros[name].render(self, page, *args))

    def page_source(self, spec) -> str:
        """A generated page's whole source: front matter (as YAML data) and finished Markdown."""
        front = {"title": str(spec.title), **spec.meta, "render_macros": False}
        if "description" in front:
            front["description"] = plain_text(front["description"])
        body = self.render(spec.template, spec.path, **spec.records)
        return "---\n" + yaml.dump(front, Dumper=_DUMPER, sort_keys=True, allow_unicode=True) + "---\n\n" + body
