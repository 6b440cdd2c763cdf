"""mkdocs-macros entry point for the hand-written pages in docs/: nothing else is rendered by it.

Generated pages are finished Markdown made by ``guidance.render`` and marked
``render_macros: false``; mkdocs.yml sets ``render_by_default: false``, so only a page that
asks for it (``render_macros: true`` in its front matter) is rendered here. The environment
that renders it is the project's sandboxed one (``guidance.render.SandboxedEnvironment``):
every printed value is escaped for Markdown and templates cannot reach Python internals.
No markup here: every citation is a template in templates/inline/.
"""

from __future__ import annotations

from pathlib import Path

import mkdocs_macros.plugin

from guidance import render, site

# mkdocs-macros builds its Jinja environment right after calling define_env(); this makes it
# build the sandboxed one. tests/test_build.py proves a hand-written page cannot escape it.
mkdocs_macros.plugin.Environment = render.SandboxedEnvironment


def define_env(env):
    catalogue = site.catalogue_for_build(Path(env.project_dir))
    renderer = render.Renderer(catalogue)
    env.variables.update(renderer.data)

    def bound(name: str):
        """The renderer's helper, bound to whichever page mkdocs-macros is rendering."""
        helper = getattr(renderer, name)
        return lambda *args: helper(env.page.file.src_uri, *args)

    for name in render.Renderer.HELPERS:
        env.macro(bound(name), name)
