"""mkdocs-macros entry point: load the catalogue once, register what templates use.

No markup here: every page and every inline citation is a template in templates/.
"""

from __future__ import annotations

from pathlib import Path

from guidance import site
from guidance.models import Citation


def define_env(env):
    catalogue = site.catalogue_for_build(Path(env.project_dir))
    env.variables["catalogue"] = catalogue
    env.variables["law_cited_by"] = catalogue.law_cited_by
    env.variables["source_cited_by"] = catalogue.source_cited_by

    def here() -> str:
        return env.page.file.src_uri

    def _inline(name: str, **context) -> str:
        return env.env.get_template(f"inline/{name}.md.j2").render(**context).strip()

    @env.macro
    def link(to_path: str, anchor: str = "") -> str:
        """Relative link from the current page to another source page (validated by MkDocs)."""
        return site.relative(here(), to_path, anchor)

    @env.macro
    def law(key: str) -> str:
        """A citation link to a legal reference, e.g. {{ law('s75') }}."""
        record = catalogue.laws.get(key)
        if record is None:
            raise KeyError(f"unknown legal reference {key!r} in {here()}")
        return _inline("law", law=record, href=link(site.law_path(key)))

    @env.macro
    def cite(citation, at: str | None = None) -> str:
        """A citation link to a bibliography entry: {{ cite(c) }} for a record's Citation,
        or {{ cite('dh-2012-myths', 'section 2') }} in a hand-written page."""
        if isinstance(citation, str):
            citation = Citation(source=citation, at=at or "")
        source = catalogue.sources.get(citation.source)
        if source is None:
            raise KeyError(f"unknown source {citation.source!r} in {here()}")
        return _inline("cite", source=source, at=citation.at, href=link(site.SOURCES_PATH, source.key))

    @env.macro
    def myth_link(myth_id: str) -> str:
        record = catalogue.myths[myth_id]
        return _inline("myth", myth=record, href=link(site.myth_path(myth_id)))

    env.variables["paths"] = {
        "myth": site.myth_path,
        "law": site.law_path,
        "section": site.section_path,
        "sources": site.SOURCES_PATH,
        "law_index": site.LAW_INDEX_PATH,
        "export": site.EXPORT_PATH,
    }
