"""The finished pages: the whole site as an engine receives it, made before any engine runs.

``python -m guidance pages OUT`` checks the content and writes, in ``OUT``:

- ``docs/``: every page as finished Markdown with its front matter, the pages made from the
  records (``guidance.render``) and the hand-written pages with their macro calls already
  expanded, and every other file the site publishes (the files beside the pages in docs/, read
  through the gate; the PDFs, charts and pictures; the data export);
- ``mkdocs.yml``: the project's theme, its features and palette, Markdown extensions, style
  sheets, scripts, search settings and link checks, with the navigation written out, and no
  hooks, no mkdocs-macros and no theme overrides.

So an engine that runs no hooks and no plugins of ours (Zensical, or MkDocs and ProperDocs
without ``hooks:``) builds every page from it. ``make build`` hands MkDocs and ProperDocs the
same pages from the same functions (:func:`generated_pages`, :func:`generated_files`, see
guidance/mkdocs_hooks.py). What the hooks add on top of these pages, and so what a move to
another engine still needs, is listed in README ("Building with another engine").
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import yaml

from . import handwritten, loader, render, site

CONFIG = "mkdocs.yml"
MARKER = ".finished-pages"  # marks a folder this module wrote, which a later run may replace
MAX_CONFIG_BYTES = 64 * 1024
# What the written configuration keeps of the project's own: how pages look and read, never how
# the build runs (hooks, plugins other than search, the theme's override folder, watch lists).
KEPT = ("use_directory_urls", "not_in_nav", "validation", "extra_javascript", "extra_css", "markdown_extensions")
# Front matter that names one of our theme overrides (the easy-read layout): left out, as the
# written configuration has no overrides.
OVERRIDE_KEYS = ("template",)


def generated_pages(content: site.Content, renderer: render.Renderer, *, overrides: bool = True) -> dict[str, str]:
    """Every page made from the records, by source path: its front matter and finished Markdown."""
    specs = content.specs if overrides else [
        replace(spec, meta={k: v for k, v in spec.meta.items() if k not in OVERRIDE_KEYS}) for spec in content.specs]
    return {spec.path: renderer.page_source(spec) for spec in specs}


def generated_files(content: site.Content, renderer: render.Renderer, site_url: str = "") -> dict[str, bytes | str]:
    """Every other file made from the records: the data export, and the charts, pictures and PDFs."""
    export = json.dumps(site.export(content.catalogue, site_url), indent=2, sort_keys=True, ensure_ascii=False)
    made: dict[str, bytes | str] = {site.EXPORT_PATH: export + "\n"}
    made.update({extra.path: extra.content for extra in site.files(content.catalogue, content.specs, renderer)})
    return made


def expanded(page: handwritten.Page, renderer: render.Renderer) -> str:
    """A hand-written page as mkdocs-macros hands it on: a page that uses our macros
    (``render_macros: true``) has its body rendered by the project's sandboxed environment with
    those macros and nothing else; the content check has made sure that its only template code
    is calls of them with literal arguments."""
    if not page.meta.get("render_macros"):
        return page.text
    front, body = handwritten.split(page)
    calls = {name: (lambda *args, name=name: renderer.call(name, page.path, *args)) for name in handwritten.MACROS}
    return front + render.SandboxedEnvironment().from_string(body).render(**calls)


def engine_config(root: Path, content: site.Content) -> dict:
    """The configuration for an engine that runs none of our code: the project's mkdocs.yml
    (read through the gate) without hooks, macros or overrides, and the navigation written out."""
    path = root / CONFIG
    try:
        real = yaml.safe_load(loader.read_bytes(path, CONFIG, root, MAX_CONFIG_BYTES).decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        raise loader.LoadError([loader.Problem(CONFIG, 0, "", f"cannot be read ({err.__class__.__name__}); "
                                               "fix it so that `mkdocs build` reads it")]) from None
    if not isinstance(real, dict):
        raise loader.LoadError([loader.Problem(CONFIG, 1, "", "must be a mapping of settings, as MkDocs reads it")])
    theme = {key: value for key, value in (real.get("theme") or {}).items() if key != "custom_dir"}
    search = next((p for p in real.get("plugins") or [] if p == "search" or (isinstance(p, dict) and "search" in p)),
                  "search")
    who = site.identity(content.catalogue)
    config = {"site_name": who["site_name"], "site_url": who["site_url"], "copyright": who["copyright"],
              "docs_dir": "docs", "strict": True, "theme": theme, "nav": site.nav(content.catalogue)}
    config.update({key: real[key] for key in KEPT if key in real})
    config["plugins"] = [search]
    return {key: value for key, value in config.items() if value is not None}


def write(root: Path | str, out: Path | str) -> int:
    """Check the content and write the finished site's sources in ``out`` (see the module's
    description); returns how many pages were written. Raises :class:`site.ContentError`
    when the content has problems, and :class:`loader.LoadError` or ``pdf.PdfError`` when a
    picture or PDF cannot be made, each naming its file."""
    root, out = Path(root).resolve(), Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise FileExistsError(f"{out}: is not empty and was not written by `python -m guidance pages`; "
                              "give a new or empty folder")
    content = site.content_for_build(root)
    renderer = render.Renderer(content.catalogue)
    config = engine_config(root, content)
    pages = generated_pages(content, renderer, overrides=False)
    macros = render.Renderer(content.catalogue)  # as macros.py: one renderer for the hand-written pages
    pages.update({path: expanded(page, macros) for path, page in content.handwritten.items()})
    files: dict[str, bytes | str] = dict(content.static)
    files.update(generated_files(content, renderer, config.get("site_url", "")))
    docs = out / "docs"
    shutil.rmtree(docs, ignore_errors=True)  # nothing of an earlier run stays
    docs.mkdir(parents=True)
    (out / MARKER).write_text("Written by `python -m guidance pages`; replaced by its next run.\n", encoding="utf-8")
    for path, data in [*pages.items(), *files.items()]:
        target = docs / path  # a path the content check accepted or a kind made: inside docs/
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    (out / CONFIG).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(pages)
