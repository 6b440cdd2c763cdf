"""mkdocs-macros entry point for the hand-written pages in docs/: nothing else is rendered by it.

Generated pages are finished Markdown made by ``guidance.render`` and marked
``render_macros: false``; mkdocs.yml sets ``render_by_default: false``, so only a page that
asks for it (``render_macros: true`` in its front matter) is rendered here. Such a page may
only call our macros (``guidance.handwritten.MACROS``) with literal arguments, which
``guidance.handwritten`` checks before the build. The environment that renders it is the
project's sandboxed one (``guidance.render.SandboxedEnvironment``), and just before each page
is rendered :func:`on_pre_page_macros` leaves templates our macros and nothing else: no
configuration, page, navigation or other Python object with methods to reach.
No markup here: every citation and list is a template in templates/.
"""

from __future__ import annotations

from pathlib import Path

import mkdocs_macros.plugin

from guidance import handwritten, render, site

# mkdocs-macros builds its Jinja environment right after calling define_env(); this makes it
# build the sandboxed one.
mkdocs_macros.plugin.Environment = render.SandboxedEnvironment


class PageStandIn:
    """What mkdocs-macros' ``render()`` reads from the ``page`` variable, and nothing else.

    It decides whether to render a page from ``variables['page'].meta['render_macros']``; with
    no ``page`` at all it would render no page. So ``page`` stays, as this: one attribute
    holding one flag.
    """

    __slots__ = ("meta",)

    def __init__(self, render_macros: bool):
        self.meta = {"render_macros": render_macros}


def define_env(env):
    try:
        catalogue = site.catalogue_for_build(Path(env.project_dir))
    except site.ContentError:  # a preview of broken content renders no page (see guidance/mkdocs_hooks.py)
        return
    renderer = render.Renderer(catalogue)

    def here() -> str:
        """The source path of the page mkdocs-macros is rendering."""
        return env.page.file.src_uri

    def bound(name: str):
        """The kind's macro, for whichever page mkdocs-macros is rendering."""
        return lambda *args: renderer.call(name, here(), *args)

    for name in handwritten.MACROS:  # exactly the names the check allows, each a kind's macro
        env.macro(bound(name), name)


def on_pre_page_macros(env):
    """Run by mkdocs-macros for each page after it sets ``variables['page']`` and just before
    ``render()`` copies ``variables`` into the page's template context: leave our macros only.

    Removed: config, extra, environment, plugin, git, macros, filters, filters_builtin,
    navigation, files and anything else, from the variables and from the Jinja globals
    (mkdocs-macros' own context(), macros_info(), now(), fix_url() and Jinja's range, dict,
    lipsum, cycler, joiner, namespace). ``page`` becomes a :class:`PageStandIn`.
    """
    page = env.variables.get("page")
    render_macros = getattr(page, "meta", {}).get("render_macros") is True
    for name in list(env.variables):
        if name not in handwritten.MACROS:
            del env.variables[name]
    env.variables["page"] = PageStandIn(render_macros)
    for name in list(env.env.globals):
        if name not in handwritten.MACROS:
            del env.env.globals[name]
