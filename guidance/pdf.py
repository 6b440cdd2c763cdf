"""The board paper: one area's local framework as a tagged, accessible A4 PDF.

The build hook hands :func:`board_paper` the already-cleaned HTML of the board-paper
page's article (see ``guidance/sanitize.py``). It is wrapped in a small HTML document of
its own, laid out for A4 by ``guidance/pdf.css`` (not the theme's CSS), and written with
WeasyPrint as PDF/UA-1: tagged, with the document language (``en-GB``) and a title.

Every page carries the organisation and the web address at the top and, at the bottom,
"Page N of M" and a line of the document's own (the build date unless it gives another, such
as the board paper's meeting, or none). Those come from a settings file, so they go into the HTML
escaped, in elements that the stylesheet moves into the page margins
(``position: running()``); nothing from the settings is ever written into CSS.

Nothing is fetched while the PDF is made: the URL fetcher refuses every address that is
not a ``data:`` URL, so an image or stylesheet pointing elsewhere is left out (WeasyPrint
logs a warning) and no request leaves the machine. Relative links (other pages of the
site, which mean nothing on paper) become plain text; permalink signs are removed, and so is
anything marked for the screen only (class ``phb-screen-only``, such as a link to the PDF itself).

WeasyPrint reports what it cannot do (an image it cannot load or draw, CSS it does not
understand) only in its log, and carries on without it. With ``strict=True`` (the easy-read
PDFs) :func:`render` listens to the ``weasyprint`` logger while it works and raises
:class:`PdfError` listing every warning and error, so a picture cannot vanish from a PDF
unnoticed; the warning that WeasyPrint falls back on fontTools because HarfBuzz-Subset is not
installed (:data:`HARMLESS`) is not counted. A strict PDF is cached apart from a lenient one,
so a cached PDF is one that passed the same check.

A build describes each PDF as a :class:`Job` (the page's Markdown and everything else that goes
into it) and hands them all to :func:`make_all`, which reads back from the cache folder every
PDF made before, keyed by the job alone so nothing is rendered to find it, and makes the others,
several at once when there are several. Each SVG picture is drawn once per process and copied
into every page that shows it (:class:`_Replay`).

Needs no MkDocs.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import logging
import os
import pathlib
import re
import stat
import sys
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Callable

import jinja2
from markupsafe import Markup

from .sanitize import clean

STYLESHEET = pathlib.Path(__file__).with_name("pdf.css")
# The document shell, a template like every other page's (autoescaped: see the template),
# compiled when the first PDF is made.
DOCUMENT_TEMPLATE = pathlib.Path(__file__).resolve().parent.parent / "templates" / "pdf" / "document.html.j2"


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(DOCUMENT_TEMPLATE.parent.parent),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    ).get_template("pdf/document.html.j2")


LANG = "en-GB"
# WeasyPrint's options for a tagged PDF/UA-1 document (implies pdf_tags=True, PDF 1.7).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# Links kept as links; every other href (relative pages, odd schemes) becomes plain text.
_KEPT_SCHEMES = ("http://", "https://", "mailto:")
# The class of what is shown on screen only (a link to the PDF itself): left out of a PDF.
SCREEN_ONLY = "phb-screen-only"
# Elements with no end tag: never pushed on the link stack.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}


# WeasyPrint log messages that say nothing about the document (only about this machine's libraries).
HARMLESS = ("HarfBuzz-Subset",)
_LONG_DATA_URL = re.compile(r"data:[\w/+.-]+(;[\w=.-]+)*,[^\s'\"]{40,}")


class PdfError(Exception):
    """WeasyPrint warned or failed while making a PDF (strict mode). ``messages`` holds what
    it said, in full; the exception's text shortens ``data:`` URLs."""

    def __init__(self, title: str, messages: list[str]):
        self.title, self.messages = title, messages
        said = "\n".join(f"  {_LONG_DATA_URL.sub(_short_data_url, m)}" for m in messages)
        super().__init__(f"WeasyPrint could not make the PDF {title!r} as written:\n{said}")


def html_for_print(markdown_text: str) -> str:
    """Markdown as clean HTML, for a PDF (the site's own pages are rendered by the engine)."""
    import markdown  # third-party: imported when a PDF is made, so the content check never loads it

    return clean(markdown.markdown(markdown_text, extensions=["admonition", "attr_list", "md_in_html", "tables", "toc"]))


def _short_data_url(match: re.Match) -> str:
    return match.group(0)[:40] + f"...({len(match.group(0))} characters)"


class _Collector(logging.Handler):
    """Keeps WeasyPrint's warnings and errors while one PDF is made."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a message that cannot be formatted is still a warning
            message = str(record.msg)
        if not any(harmless in message for harmless in HARMLESS):
            self.messages.append(f"{record.levelname.lower()}: {message}")


class ExternalResourceRefused(ValueError):
    """Raised by the URL fetcher for any address that is not a ``data:`` URL."""


def _local_only_fetcher() -> type:
    """:class:`LocalOnlyFetcher`, made the first time it is needed: WeasyPrint takes longer to
    start than the whole content check, so it is imported only when a PDF is made."""
    made = globals().get("LocalOnlyFetcher")
    if made is None:
        import weasyprint  # third-party: see above

        class LocalOnlyFetcher(weasyprint.URLFetcher):
            """A WeasyPrint URL fetcher that fetches nothing but ``data:`` URLs.

            Anything else raises :class:`ExternalResourceRefused` before a request is made;
            WeasyPrint then leaves the resource out and logs a warning. ``allowed_protocols``
            says the same to WeasyPrint's own check, as a second lock.
            """

            def __init__(self) -> None:
                super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)

            def fetch(self, url, headers=None):
                if not url.lower().startswith("data:"):
                    raise ExternalResourceRefused(f"the board paper fetches nothing from outside: {url}")
                return super().fetch(url, headers)

        made = globals()["LocalOnlyFetcher"] = LocalOnlyFetcher
    return made


def __getattr__(name: str):
    """``pdf.LocalOnlyFetcher`` is there for whoever asks, made on first use (see above)."""
    if name == "LocalOnlyFetcher":
        return _local_only_fetcher()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def format_date(day: datetime.date) -> str:
    """'1 December 2026': the NHS style, whatever the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def render(
    article_html: str,
    *,
    title: str,
    organisation: str,
    web_address: str | None,
    build_date: datetime.date,
    foot: str | None = None,
    stylesheet: pathlib.Path = STYLESHEET,
    kind: str = "board-paper",
    strict: bool = False,
) -> bytes:
    """The PDF of ``article_html`` (sanitised article HTML), as bytes.

    ``title`` becomes the PDF's title (and the first heading when the article has no
    ``<h1>``); ``organisation`` and ``web_address`` (left out when ``None``) head every
    page; ``foot`` is printed at the foot of every page, and is "Built 1 December 2026" (from
    ``build_date``) when it is ``None``; an empty ``foot`` prints nothing there.
    A document other than the board paper (an easy-read page) passes its own
    ``stylesheet`` and ``kind`` (the class of the ``<main>`` element). With ``strict``, any
    warning or error WeasyPrint logs raises :class:`PdfError`. A build keeps the PDFs it made
    through :func:`make_all`, which calls this only for those it has not kept.
    """
    document = _document(
        article_html, title=title, organisation=organisation,
        web_address=web_address, build_date=build_date, foot=foot, kind=kind)
    return _write(document, pathlib.Path(stylesheet).read_text(encoding="utf-8"), title, strict)


@dataclass(frozen=True)
class Job:
    """One PDF to make, as what goes into it before anything costly is done: the page's
    Markdown as its template wrote it (:func:`html_for_print` makes it HTML), the lines of
    every page (see :func:`render`; ``date`` is the document's own date, its creation date and,
    when ``foot`` is ``None``, the foot's "Built <date>"), the stylesheet, and ``pictures``
    (name, bytes) that ``prepare`` (a module-level function, given the print HTML and the
    pictures as a dict) draws into the HTML.

    :meth:`key` is worked out from these alone, so a PDF made before is found without
    rendering anything; whatever else changes a PDF (this module, the HTML cleaner, the
    document template, the module of ``prepare``, and the versions of WeasyPrint and the
    libraries it writes with) is in the key too."""

    markdown: str
    title: str
    organisation: str
    web_address: str | None
    date: datetime.date
    foot: str | None = None
    kind: str = "board-paper"
    stylesheet: pathlib.Path = STYLESHEET
    strict: bool = False
    pictures: tuple[tuple[str, bytes], ...] = ()
    prepare: Callable[[str, dict], str] | None = None

    def key(self) -> str:
        digest = hashlib.sha256()
        for part in (_code_fingerprint(self.prepare.__module__ if self.prepare else None),
                     pathlib.Path(self.stylesheet).read_bytes(), self.markdown, self.title, self.organisation,
                     self.web_address, self.date.isoformat(), self.foot, self.kind, self.strict,
                     self.prepare.__qualname__ if self.prepare else None,
                     *(item for name, picture in self.pictures for item in (name, hashlib.sha256(picture).digest()))):
            data = part if isinstance(part, bytes) else repr(part).encode()
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def make(self) -> bytes:
        """The PDF, made now (no cache)."""
        article = html_for_print(self.markdown)
        if self.prepare is not None:
            article = self.prepare(article, dict(self.pictures))
        return render(article, title=self.title, organisation=self.organisation, web_address=self.web_address,
                      build_date=self.date, foot=self.foot, stylesheet=self.stylesheet, kind=self.kind,
                      strict=self.strict)


@functools.lru_cache(maxsize=8)
def _code_fingerprint(module: str | None) -> bytes:
    """What, besides a job's own inputs, decides the PDF: the code that turns its Markdown into
    the document and the versions of the libraries that write it."""
    digest = hashlib.sha256(_library_versions())
    files = [pathlib.Path(__file__), pathlib.Path(sys.modules[clean.__module__].__file__),
             DOCUMENT_TEMPLATE]
    if module:
        files.append(pathlib.Path(sys.modules[module].__file__))
    for path in files:
        digest.update(path.read_bytes() + b"\0")
    return digest.digest()


@functools.lru_cache(maxsize=1)
def _library_versions() -> bytes:
    """The versions of WeasyPrint and the libraries that turn Markdown into a PDF, read once."""
    from importlib.metadata import version  # standard library

    return "".join(f"{package} {version(package)}\0" for package in (
        "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "markdown", "nh3", "jinja2",
        "markupsafe")).encode()


def make_all(jobs: list[Job], cache: pathlib.Path | None) -> list[bytes]:
    """The PDF of each job, in order: read back from ``cache`` (a folder) when made before,
    else made, several at once (one process per core) when more than one is missing, and kept
    in ``cache``. Raises :class:`PdfError` for the first job, in order, whose PDF could not be
    made as written (the others are still made and kept)."""
    keys = [job.key() for job in jobs] if cache else [""] * len(jobs)
    made = [_cached(cache, key) if cache else None for key in keys]
    missing = [index for index, pdf in enumerate(made) if pdf is None]
    failed = None
    for index, (pdf, messages) in zip(missing, _make_missing([jobs[index] for index in missing])):
        if pdf is None:
            failed = failed or PdfError(jobs[index].title, messages)
            continue
        made[index] = pdf
        if cache:
            _store(cache, keys[index], pdf)
    if failed:
        raise failed
    return made


def _make_missing(jobs: list[Job]) -> list[tuple[bytes | None, list[str]]]:
    workers = min(len(jobs), _workers())
    # fork: a worker starts with what this process has loaded (WeasyPrint, the pictures drawn
    # so far) instead of loading it all again; only where fork is the usual way to start one,
    # and not from a process running other threads (the preview's server), which fork can hang
    if workers > 1 and sys.platform == "linux" and threading.active_count() == 1:
        import multiprocessing  # standard library, only when PDFs are made
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        import weasyprint  # noqa: F401  third-party, slow to start: loaded once, before the workers start

        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return list(pool.map(_make_one, jobs))
        except BrokenProcessPool:  # a worker died (out of memory?): make them here instead
            pass
    return [_make_one(job) for job in jobs]


def _workers() -> int:
    """How many PDFs are made at once: PHB_PDF_WORKERS (1 makes them one after another, which
    takes a little less CPU time in all but more time on the clock), else one per core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    asked = os.environ.get("PHB_PDF_WORKERS", "").strip()
    return max(1, int(asked)) if asked.isdigit() else cores


def _make_one(job: Job) -> tuple[bytes | None, list[str]]:
    """The job's PDF, or None and what WeasyPrint said (a :class:`PdfError` does not cross
    from a worker process back as itself)."""
    try:
        return job.make(), []
    except PdfError as err:
        return None, err.messages


def _write(document: str, style: str, title: str, strict: bool) -> bytes:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    level = logger.level
    if strict:
        logger.addHandler(collector)
        if logger.getEffectiveLevel() > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        import weasyprint  # third-party, slow to start: only when a PDF is made

        fetcher = _local_only_fetcher()()
        css = weasyprint.CSS(string=style, url_fetcher=fetcher)
        # a strict document draws each picture once per process (see _Pictures); a lenient one
        # may not hear about a picture that fails, so it keeps WeasyPrint's own cache
        pdf = weasyprint.HTML(string=document, base_url=None, url_fetcher=fetcher).write_pdf(
            stylesheets=[css], cache=_PICTURES if strict else None, **PDF_OPTIONS)
    finally:
        if strict:
            logger.removeHandler(collector)
            logger.setLevel(level)
    if collector.messages:
        raise PdfError(title, collector.messages)
    return pdf


class _Replay:
    """An SVG picture's drawing, made once and then copied into every page that shows it.

    WeasyPrint draws an SVG anew, parsing every path, each time a page shows it: most of the
    time an easy-read PDF takes. The first time a picture is drawn at a size, the drawing goes
    into a scratch stream with the page's own resources and position; when it added nothing to
    those resources (no fonts, images, groups, patterns, shadings or tags: a plain drawing, as
    every cleaned picture is) its operators are kept and copied on later draws, byte for byte
    what drawing it again would write. A picture that needs resources, or that WeasyPrint
    warned about, is drawn afresh every time, exactly as before."""

    def __init__(self, draw) -> None:
        self.draw, self.kept, self.direct = draw, {}, False

    def __call__(self, stream, width, height, style) -> None:
        kept = self.kept.get((width, height))
        if kept is None:
            if self.direct:
                return self.draw(stream, width, height, style)
            import pydyf  # third-party, WeasyPrint's own PDF writer (only when a PDF is made)

            states = pydyf.Dictionary()  # the graphics states the drawing sets, apart
            scratch = stream.clone(resources=pydyf.Dictionary({**stream._resources, "ExtGState": states}))
            scratch._ctm_stack = [stream.ctm]
            before, warned = _resources_seen(stream), _Collector()
            logging.getLogger("weasyprint").addHandler(warned)
            try:
                self.draw(scratch, width, height, style)
            finally:
                logging.getLogger("weasyprint").removeHandler(warned)
            if not all(map(_ALPHA.fullmatch, states)):  # a state named by its number: draw it in place
                self.direct = True
                return self.draw(stream, width, height, style)
            kept = list(scratch.stream), dict(states)
            if _resources_seen(stream) == before and not warned.messages:
                self.kept[(width, height)] = kept
        for key, value in kept[1].items():
            stream._resources["ExtGState"].setdefault(key, value)
        stream.stream.extend(kept[0])
        stream._current_color = stream._current_color_stroke = None
        stream._current_alpha = stream._current_alpha_stroke = None


# The names WeasyPrint gives the graphics states that only set an opacity ("a0.5" fills, "A1"
# strokes): the same name always means the same state, in any document.
_ALPHA = re.compile(r"[aA][0-9.]+")


def _resources_seen(stream) -> tuple:
    """How many resources of each kind the page holds (a plain drawing adds none)."""
    resources = stream._resources
    return (len(resources["XObject"]), len(resources["Pattern"]), len(resources["Shading"]),
            len(stream._fonts), len(stream._images), len(stream._tags or ()))


class _Pictures(dict):
    """WeasyPrint's image cache (``write_pdf(cache=...)``), shared by the strict documents one
    process makes: a picture is read once, and an SVG drawn once (:class:`_Replay`). A picture
    that could not be loaded is not kept, so every document that uses it logs its error."""

    def __setitem__(self, url, image) -> None:
        if image is None:
            return
        if type(image).__name__ == "SVGImage":
            image.draw = _Replay(image.draw)
        if len(self) > 2000:  # a long preview session: forget the old pictures
            self.clear()
        super().__setitem__(url, image)


_PICTURES = _Pictures()


def board_paper(article_html: str, *, out: pathlib.Path, **options) -> None:
    """Write the PDF of ``article_html`` (see :func:`render`) to ``out``, whole or not at all."""
    pdf = render(article_html, **options)
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(pdf)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def _cached(cache: pathlib.Path, key: str) -> bytes | None:
    """A PDF this machine made before, if the cache holds one: an ordinary file (not a link)
    that is a PDF; anything else is made again."""
    path = pathlib.Path(cache) / f"{key}.pdf"
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if data.startswith(b"%PDF-") else None


def _store(cache: pathlib.Path, key: str, pdf: bytes) -> None:
    """Keep a PDF for the next build; a cache that cannot be written only costs time."""
    try:
        folder = pathlib.Path(cache)
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{os.getpid()}.{key}.partial"
        partial.write_bytes(pdf)
        partial.replace(folder / f"{key}.pdf")
    except OSError:
        pass


def _document(article_html: str, *, title: str, organisation: str, web_address: str | None,
              build_date: datetime.date, foot: str | None = None, kind: str = "board-paper") -> str:
    article = clean_article(article_html)
    return _template().render(
        lang=LANG, title=title, organisation=organisation, web_address=web_address, build_date=build_date,
        foot=f"Built {format_date(build_date)}" if foot is None else foot, kind=kind,
        has_h1=_has_h1(article), article=Markup(article))


def _has_h1(article: str) -> bool:
    finder = _TagFinder("h1")
    finder.feed(article)
    finder.close()
    return finder.found


class _TagFinder(HTMLParser):
    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.found = tag, False

    def handle_starttag(self, tag, attrs):
        self.found = self.found or tag == self.tag


def clean_article(article_html: str) -> str:
    """The article ready for paper: permalinks (``a.headerlink``) and whatever is marked for the
    screen only (``.phb-screen-only``) removed, relative links made plain text, in-page links
    kept only when their target exists."""
    ids = _Ids()
    ids.feed(article_html)
    ids.close()
    rewriter = _ArticleRewriter(ids.ids)
    rewriter.feed(article_html)
    rewriter.close()
    return "".join(rewriter.parts)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


class _ArticleRewriter(HTMLParser):
    """Re-serialises the HTML, escaping text and attributes again on the way out."""

    def __init__(self, ids: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.ids = ids
        self.parts: list[str] = []
        self.links: list[str] = []  # for each open <a>: "keep", "unwrap" or "drop"
        self.dropping = 0  # > 0 inside a permalink: its content is left out
        self.hiding = 0  # > 0 inside an element for the screen only: how many elements deep

    def _start(self, tag, attrs, closed=False):
        text = "<" + tag + "".join(
            f" {name}" if value is None else f' {name}="{html.escape(value)}"'
            for name, value in attrs)
        return text + (" />" if closed else ">")

    def _link_action(self, attrs) -> str:
        attributes = dict(attrs)
        if "headerlink" in (attributes.get("class") or "").split():
            return "drop"
        href = (attributes.get("href") or "").strip()
        if href.lower().startswith(_KEPT_SCHEMES):
            return "keep"
        if href.startswith("#") and href[1:] in self.ids:
            return "keep"
        return "unwrap"

    def handle_starttag(self, tag, attrs):
        if self.hiding or SCREEN_ONLY in (dict(attrs).get("class") or "").split():
            self.hiding += tag not in _VOID
            return
        if tag == "a":
            action = "drop" if self.dropping else self._link_action(attrs)
            self.links.append(action)
            if action == "drop":
                self.dropping += 1
            if action != "keep":
                return
        if not self.dropping:
            self.parts.append(self._start(tag, attrs))

    def handle_startendtag(self, tag, attrs):
        if self.hiding or SCREEN_ONLY in (dict(attrs).get("class") or "").split():
            return
        if tag == "a":  # <a ... /> is not a thing in HTML; treat it as an empty link
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        elif not self.dropping:
            self.parts.append(self._start(tag, attrs, closed=True))

    def handle_endtag(self, tag):
        if self.hiding:
            self.hiding -= tag not in _VOID
            return
        if tag == "a":
            if not self.links:
                return  # a stray </a>
            action = self.links.pop()
            if action == "drop":
                self.dropping -= 1
            if action != "keep":
                return
        if not self.dropping and tag not in _VOID:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping and not self.hiding:
            self.parts.append(html.escape(data, quote=False))

    # Comments, processing instructions and declarations are left out.
