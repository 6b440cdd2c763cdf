"""The thin MkDocs adapter: generated pages, navigation, JSON export, safe output.

Loaded by MkDocs through ``hooks:`` in mkdocs.yml. Everything it publishes comes
from ``guidance.site``; this file only speaks MkDocs.

Safe output (``mkdocs build``, see guidance/publish.py): a build takes an
exclusive lock beside ``site_dir`` (a second build at the same time stops at
once), writes into a fresh, uniquely named staging folder, and swaps it in
atomically only when the build finished without errors (and, under
``--strict``, without warnings). A failed build leaves the last good site.
``mkdocs serve`` builds into its own temporary folder and neither locks nor stages.
"""

from __future__ import annotations

import gc
import html
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of the package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

import jinja2  # noqa: E402
import mkdocs_macros.context  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402

from guidance import contents, finished, handwritten, loader, pdf, render, sanitize, searchindex, site, static, text  # noqa: E402
from guidance.publish import BuildLock, BuildLocked, discard, new_staging, publish  # noqa: E402

# MkDocs and ProperDocs (its maintained fork) both load these hooks; each counts the warnings
# of its own loggers under --strict. The hook logs under the engine that runs it (set in
# on_config) and counts the warnings of both, so a warning never lets a site be published.
ENGINES = ("mkdocs", "properdocs")
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


def _no_git_info() -> dict:
    """What mkdocs-macros answers outside a git repository: no commit, no author."""
    return {"status": False, "date": None}


@event_priority(100)  # before the macros plugin, so bad content stops the build first
def on_config(config):
    global log
    # mkdocs-macros runs git a dozen times in each build to fill its `git` variable (the last
    # commit, its author and their email), which macros.on_pre_page_macros deletes before any
    # page is rendered: it is not asked (it reads the function as a global of its own module).
    mkdocs_macros.context.get_git_info = _no_git_info
    engine = type(config).__module__.partition(".")[0]
    log = logging.getLogger(f"{engine if engine in ENGINES else 'mkdocs'}.hooks.guidance")
    root = Path(config.config_file_path).parent.resolve()
    try:
        content = site.content_for_build(root)
    except site.ContentError as err:
        if _state["command"] != "serve":
            raise PluginError(str(err)) from None
        # A preview shows what is wrong in the browser instead of failing (a failed rebuild would
        # leave the browser waiting, with the message only in the terminal). Nothing is published.
        log.info("%s", err)
        _state.update(broken=err.problems, root=root)
        config.nav = []
        config.theme.static_templates.clear()
        return config
    _state.pop("broken", None)
    _set_aside()
    catalogue = content.catalogue
    config.nav = site.nav(catalogue)
    _state.update(catalogue=catalogue, content=content, root=root, listed=site.nav_paths(config.nav))
    # who publishes the site comes from local.yml: plain text, escaped by the theme (see on_env)
    who = site.identity(catalogue)
    config.site_name = who["site_name"]
    config.copyright = who["copyright"]
    config.extra["logo"] = who["logo"]
    config.extra["organisation"] = who["copyright"]
    config.extra["report_a_problem"] = who["report_a_problem"]
    config.extra["build_date"] = site.build_date().strftime("%-d %B %Y")
    if who["site_url"]:
        config.site_url = who["site_url"]
    if _state["command"] == "build":
        final = Path(config.site_dir)
        lock = BuildLock(final)
        try:
            lock.acquire()
        except BuildLocked as err:
            raise PluginError(str(err)) from None
        _state.update(lock=lock, final=final, strict=config.strict)
        staging = new_staging(final)  # also clears what killed builds left behind
        _state["staging"] = staging
        config.site_dir = str(staging)
        counter = _WarningCounter()
        for engine_name in ENGINES:
            logging.getLogger(engine_name).addHandler(counter)
        _state["counter"] = counter
    for warning in catalogue.warnings:  # files the loader ignored; a strict build fails on them
        log.warning("%s", warning)
    for sample in catalogue.sample_values:  # 'check --strict' refuses to publish them; a preview lists them
        log.info("Sample value to replace before publishing: %s", sample)
    return config


def on_files(files: Files, config) -> Files:
    """The engine publishes only what the content check read through the gate: each file's
    bytes are handed over, so the engine never opens a path under docs/ or the theme folder."""
    if "broken" in _state:
        page = _problems_page(_state["broken"])
        return Files([File.generated(config, name, content=page) for name in ("index.html", "404.html")])
    content, root = _state["content"], _state["root"]
    docs = Path(config.docs_dir).resolve()
    custom = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None  # overrides/
    listed = _state["listed"]
    for file in list(files):
        if file.abs_src_path is None:
            continue
        folder = Path(file.src_dir).resolve()
        if folder == docs:
            if file.src_uri in content.handwritten:
                page = content.handwritten[file.src_uri]
                if file.src_uri not in listed and not _unlisted(config, file.src_uri):
                    raise PluginError(f"{page.display}: is in no navigation; add it to the navigation, or list it under "
                                      "not_in_nav in mkdocs.yml if it is deliberately unlisted")
                file.content_string = page.text
            elif file.src_uri in content.static:
                file.content_bytes = content.static[file.src_uri]
            else:
                raise PluginError(f"{handwritten.FOLDER}/{file.src_uri}: was not read by the content check; remove it")
        elif folder == custom:  # the theme's files of the project's own (overrides/)
            path = folder / file.src_uri
            try:
                file.content_bytes = loader.read_bytes(path, path.relative_to(root).as_posix(), root, static.MAX_STATIC_BYTES)
            except loader.LoadError as err:
                raise PluginError(str(err)) from None
    # The same pages and files `python -m guidance pages` writes for an engine that runs no hooks.
    renderer = render.Renderer(content.catalogue)
    for path, source in finished.generated_pages(content, renderer).items():
        files.append(File.generated(config, path, content=source))
    try:
        made = finished.generated_files(content, renderer, config.site_url or "")
    except (loader.LoadError, pdf.PdfError) as err:  # a picture WeasyPrint cannot draw, named
        raise PluginError(str(err)) from None
    for path, data in made.items():
        files.append(File.generated(config, path, content=data))
    _set_aside()
    return files


def _unlisted(config, src_uri: str) -> bool:
    """Whether mkdocs.yml lists the page under not_in_nav (a page deliberately left out)."""
    spec = config.get("not_in_nav")
    return bool(spec) and spec.match_file(src_uri)


@event_priority(100)  # before the macros plugin reads the page's front matter
def on_page_markdown(markdown, page, config, files):
    """A hand-written page's front matter is the checked one, as plain data; attach the page's
    review dates (computed now, at build time) for the theme to show."""
    checked = _state["content"].handwritten.get(page.file.src_uri)
    if checked is not None:
        page.meta = dict(checked.meta)
    review = site.review_for(_state["catalogue"], page.file.src_uri, site.build_date())
    if review:
        page.meta["review"] = review
    return markdown


# What a preview shows while the content has problems (templates/serve/problems.html.j2).
_PROBLEMS = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "templates"), autoescape=True,
                               undefined=jinja2.StrictUndefined).get_template("serve/problems.html.j2")


def _problems_page(problems) -> str:
    return _PROBLEMS.render(problems=[{"file": p.file, "line": p.line, "field": p.field, "message": p.message}
                                      for p in problems])


def on_env(env, config, files):
    """Every value the theme prints is escaped by the template that prints it.

    Material's templates print titles, navigation labels, the site's name, descriptions and
    front matter without escaping them; with autoescape on, each is escaped as it is printed,
    once. Only the page's own HTML (cleaned in on_page_content) and the theme's own markup
    are marked safe. The theme's ``striptags`` (which decodes entities) is overridden away in
    overrides/.

    A heading's title in the table of contents is the one label that arrives as HTML text
    (Python-Markdown's toc gives it with ``&`` as ``&amp;``): the ``html_text`` filter decodes
    it to the words it shows, once, and autoescape escapes them again, once.

    A value a template writes into a style sheet (the running lines of a printout) is escaped
    for CSS instead, by the ``css_string`` filter: its output holds no character HTML would
    read, and a ``<style>`` element shows its text as it is, so it is not escaped again.
    """
    env.autoescape = True
    # the theme's templates, compiled with these settings, are kept for the next build
    env.bytecode_cache = render.compiled_templates("theme")
    env.globals["translated"] = _Translated()
    env.filters["html_text"] = lambda value: html.unescape(str(value))
    env.filters["css_string"] = lambda value: Markup(text.css_string(value))
    return env


class _Translated:
    """The theme's word for ``key`` in ``language`` (see overrides/partials/language.html): the
    first answer of ``lookups`` (the language's file, then English) that is not empty, else the
    key itself, as Material's own template gives it; each worked out once a build."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], str] = {}

    def __call__(self, language: str, key: str, *lookups):
        found = self.known.get((language, key))
        if found is None:
            found = next((word for word in (lookup(key) for lookup in lookups) if word), key)
            self.known[(language, key)] = found
        return found


@event_priority(-100)  # the last word on a page's HTML: nothing may change it after cleaning
def on_page_content(html, page, config, files):
    """Clean every page's HTML (see guidance/sanitize.py): the one value the theme prints as HTML.
    A long page first gets its contents list (see guidance/contents.py), except the home page,
    which is itself a list of the questions, and starts answering at once, and the easy-read
    pages, which have their own plain layout with nothing but the rows and their pictures.

    The search index is HTML inside JSON: Material's search copies the page's title and tags
    into it as they are, and its script shows them as HTML. They are handed over escaped
    (as Markup, which the theme's autoescape never escapes twice).
    """
    if isinstance(page.meta.get("title"), str):
        page.meta["title"] = escape(page.meta["title"])
    if isinstance(page.meta.get("tags"), list):
        page.meta["tags"] = [escape(str(tag)) for tag in page.meta["tags"]]
    plain = page.is_homepage or "easy_read" in page.meta
    cleaned, addresses = sanitize.clean_and_list(html if plain else contents.add(html))
    leaving = sanitize.leaving(addresses, page.url)
    if leaving:
        checked = _state["content"].handwritten.get(page.file.src_uri)
        where = checked.display if checked is not None else f"{page.file.src_uri} (made from the content)"
        raise PluginError(f"{where}: links to {leaving[0]!r}, which is outside the site; link to a page of this site "
                          "or to a full web address (https://...)")
    # Plain text until on_page_context marks it as HTML: the search plugin reads it first, and
    # reading a Markup string character by character escapes every piece it slices off.
    return cleaned


@event_priority(-100)  # after the search plugin, which rewrites the page's HTML as a plain string
def on_page_context(context, page, config, nav):
    """The cleaned HTML stays marked as HTML for the theme (the search plugin only removes
    its own data-search attributes from it)."""
    if page.content is not None and not isinstance(page.content, Markup):
        page.content = Markup(page.content)
    return context


def _detach_counter() -> int:
    counter = _state.pop("counter", None)
    if counter is None:
        return 0
    for engine_name in ENGINES:
        logging.getLogger(engine_name).removeHandler(counter)
    return counter.count


def _release_lock() -> None:
    lock = _state.pop("lock", None)
    if lock is not None:
        lock.release()


def _set_aside() -> None:
    """What the build has made so far (the content, its catalogue, the pages' sources) lives
    until the build ends: it is set aside from Python's garbage collector, which would otherwise
    look through all of it again and again while the engine makes and drops its many small
    objects. Memory is still freed as usual; only cycles among what was set aside wait until
    :func:`_set_back` at the end of the build."""
    gc.freeze()


def _set_back() -> None:
    gc.unfreeze()


@event_priority(-100)  # after every other plugin has written its files
def on_post_build(config):
    _set_back()
    if "staging" not in _state:
        return
    warnings = _detach_counter()
    staging, final = _state.pop("staging"), _state.pop("final")
    try:
        if warnings and _state.get("strict"):
            discard(staging)
            log.error("Build had %d warning(s) under --strict: %s left unchanged", warnings, final)
            return
        searchindex.tune(Path(staging) / "search" / "search_index.json")
        try:
            publish(staging, final)
        except BaseException:
            discard(staging)
            raise
        config.site_dir = str(final)
    finally:
        _release_lock()


def on_build_error(error):
    _set_back()
    _detach_counter()
    staging = _state.pop("staging", None)
    _state.pop("final", None)
    if staging is not None:
        discard(staging)
    _release_lock()


def on_shutdown():
    """Safety net: also runs after Ctrl-C, which skips ``on_build_error``."""
    on_build_error(None)
