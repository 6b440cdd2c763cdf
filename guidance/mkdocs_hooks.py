"""The thin MkDocs adapter: generated pages, navigation, JSON export, safe output.

Loaded by MkDocs through ``hooks:`` in mkdocs.yml. Everything it publishes comes
from ``guidance.site``; this file only speaks MkDocs.

Safe output: a build writes into a staging folder beside ``site_dir`` and
swaps it in only when the build finished without errors (and, under
``--strict``, without warnings). A failed build leaves the last good site.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of the package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from guidance import sanitize, site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.guidance")


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_state: dict = {"command": None}


def on_startup(command, dirty):
    _state["command"] = command


@event_priority(100)  # before the macros plugin, so bad content stops the build first
def on_config(config):
    try:
        catalogue = site.catalogue_for_build(Path(config.config_file_path).parent)
    except site.ContentError as err:
        raise PluginError(str(err)) from None
    config.nav = site.nav(catalogue)
    _state["catalogue"] = catalogue
    if _state["command"] == "build":
        final = Path(config.site_dir)
        staging = final.with_name(f".{final.name}.staging")
        _state.update(final=final, staging=staging, strict=config.strict)
        shutil.rmtree(staging, ignore_errors=True)
        config.site_dir = str(staging)
        counter = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(counter)
        _state["counter"] = counter
    return config


def on_files(files: Files, config) -> Files:
    catalogue = _state["catalogue"]
    for spec in site.pages(catalogue):
        if files.get_file_from_path(spec.path):
            raise PluginError(f"docs/{spec.path} clashes with a page generated from the content; remove it")
        files.append(File.generated(config, spec.path, content=spec.source()))
    export = json.dumps(site.export(catalogue, config.site_url or ""), indent=2, sort_keys=True, ensure_ascii=False)
    files.append(File.generated(config, site.EXPORT_PATH, content=export + "\n"))
    return files


def on_page_markdown(markdown, page, config, files):
    """Attach the page's review dates (computed now, at build time) for the theme to show."""
    review = site.review_for(_state["catalogue"], page.file.src_uri, site.build_date())
    if review:
        page.meta["review"] = review
    return markdown


def on_page_content(html, page, config, files):
    """Clean every page's HTML before the theme wraps it (see guidance/sanitize.py)."""
    return sanitize.clean(html)


def _detach_counter() -> int:
    counter = _state.pop("counter", None)
    if counter is None:
        return 0
    logging.getLogger("mkdocs").removeHandler(counter)
    return counter.count


@event_priority(-100)  # after every other plugin has written its files
def on_post_build(config):
    if "staging" not in _state:
        return
    warnings = _detach_counter()
    staging, final = _state.pop("staging"), _state.pop("final")
    if warnings and _state.get("strict"):
        shutil.rmtree(staging, ignore_errors=True)
        log.error("Build had %d warning(s) under --strict: %s left unchanged", warnings, final)
        return
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    config.site_dir = str(final)


def on_build_error(error):
    _detach_counter()
    staging = _state.pop("staging", None)
    _state.pop("final", None)
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
