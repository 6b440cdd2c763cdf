"""Hand-written pages in ``docs/``: content like any record, read and checked before the build.

Every page is read through the project's one gate (``guidance.loader.read_text``). Its front
matter is a small record (:class:`FrontMatter`): only the fields listed there, so nothing an
editor writes can change how the theme builds the page (``template``, ``location``, ``author``,
``icon`` and the like are refused). A page that asks for ``render_macros: true`` may use
template code only to call our macros (:data:`MACROS`) with literal arguments, such as
``{{ law('s75') }}``; the page is parsed here, never rendered. A page without it is not a
template at all: its ``{{`` is shown as written. No page may hold raw HTML or script.

Nothing here knows about the site engine: the MkDocs hook and ``python -m guidance check``
both call :func:`load_pages`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from jinja2 import nodes
from pydantic import Field, StrictBool, StrictFloat

from . import numbers
from .kinds import KINDS
from .loader import LoadError, Located, Problem, field_path, inside, parse_text, read_text, validate
from .models import RAW_HTML, Record, Text

FOLDER = "docs"
MAX_PAGE_BYTES = 256 * 1024  # a page is a few screens of text; anything larger is a mistake

# The macros a page may call, with what each takes (all literal text): each kind declares its
# own (guidance/kinds/). macros.py registers exactly these names and nothing else reaches a
# page's template code.
_ARGUMENTS: dict[str, tuple[str, ...]] = {name: macro.arguments for kind in KINDS for name, macro in kind.macros.items()}
MACROS: tuple[str, ...] = tuple(_ARGUMENTS)

# MkDocs' own rule for front matter (mkdocs/utils/meta.py): a first line ---, then the YAML up
# to the first line --- or ...; the page body is what follows, without its leading blank lines.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
# Template delimiters: mkdocs-macros renders a page title holding one as a template.
_DELIMITERS = re.compile(r"\{[{%#]")
_EXAMPLE = "{{ law('s75') }}"


class SearchOptions(Record):
    """How the search index treats the page (Material's ``search`` front matter)."""

    exclude: StrictBool | None = None
    boost: Annotated[StrictFloat, Field(ge=0, le=10, allow_inf_nan=False)] | None = None


class FrontMatter(Record):
    """The fields a hand-written page may set: anything else is refused."""

    title: Text = Field(description="The page's title, shown in the navigation and the browser tab")
    description: Text | None = Field(default=None, description="One sentence for search engines and link previews")
    hide: list[Literal["navigation", "toc", "footer", "path"]] | None = Field(
        default=None, description="Parts of the page layout not to show")
    render_macros: StrictBool = Field(default=False, description="true to use the macros (see MACROS) in the page")
    search: SearchOptions | None = None


@dataclass(frozen=True)
class Page:
    """One hand-written page, read and checked."""

    path: str  # relative to docs/, e.g. "law/index.md"
    display: str  # relative to the project, e.g. "docs/law/index.md"
    meta: dict  # the validated front matter as plain data; render_macros always present
    text: str  # the whole page (front matter and body), as read through the gate
    calls: tuple[tuple[int, str, tuple], ...] = ()  # each macro call: (file line, name, literal arguments)


def load_pages(root: Path, folder: str = FOLDER) -> tuple[dict[str, Page], list[Problem]]:
    """Every page under ``root/folder`` that has no problem, by path, and every problem found."""
    root = Path(root)
    pages: dict[str, Page] = {}
    problems: list[Problem] = []
    for path, display in _page_files(root, folder, problems):
        try:
            page, found = _load_page(root, path, display, Path(display).relative_to(folder).as_posix())
        except LoadError as err:
            problems += err.problems
            continue
        if found:
            problems += found
        else:
            pages[page.path] = page
    return pages, sorted(set(problems))


def _page_files(root: Path, folder: str, problems: list[Problem]) -> list[tuple[Path, str]]:
    """Every ``*.md`` file under the folder, as MkDocs finds them (names starting with . skipped)."""
    base = root / folder
    if not base.is_dir():
        return []
    found: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for here, dirs, files in os.walk(base, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:  # a link back to a folder already read
            dirs[:] = []
            continue
        seen.add(real)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if not inside(Path(here) / name, root):
                problems.append(Problem((Path(here) / name).relative_to(root).as_posix(), 0, "",
                                        "is a link to a folder outside the project; replace it with the folder itself"))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith("."):
                path = Path(here) / name
                found.append((path, path.relative_to(root).as_posix()))
    return found


def _load_page(root: Path, path: Path, display: str, relative: str) -> tuple[Page, list[Problem]]:
    # MkDocs reads pages with universal newlines: do the same, so lines and front matter match
    text = read_text(path, display, root, limit=MAX_PAGE_BYTES).replace("\r\n", "\n").replace("\r", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise LoadError([Problem(display, 1, "", _no_front_matter(text))] + _raw_html(text, display, 1))
    located = parse_text(match.group(1), display, first_line=2)
    if not isinstance(located.data, dict):
        raise LoadError([Problem(display, 2, "", "front matter must be fields (key: value), starting with title:")])
    problems = _delimiters(located)
    try:
        front = validate(located, FrontMatter)
    except LoadError as err:
        problems += [_plainer(p) for p in err.problems]
        front = None
    body = text[match.end():].lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1  # the file line where the body starts
    problems += _raw_html(body, display, body_line)
    problems += _full_billions(body, display, body_line)
    calls: tuple[tuple[int, str, tuple], ...] = ()
    if (front.render_macros if front is not None else located.data.get("render_macros") is True):
        found = check_template(body, display, body_line)
        problems += found
        calls = () if found else macro_calls(body, body_line)
    meta: dict[str, Any] = front.model_dump(exclude_none=True) if front is not None else {}
    meta["render_macros"] = bool(front and front.render_macros)
    return Page(relative, display, meta, text, calls), problems


def _full_billions(body: str, display: str, first_line: int) -> list[Problem]:
    """An amount of a billion pounds or more written in full digits, at its line."""
    return [Problem(display, first_line + body.count("\n", 0, hit.start()), "",
                    f"writes {hit.group()!r} in full digits; write amounts of a billion pounds or more as GOV.UK "
                    "does, such as '£3.3 billion'")
            for hit in numbers.FULL_BILLIONS.finditer(body)]


def split(page: Page) -> tuple[str, str]:
    """A checked page's front matter (with its --- lines) and its body."""
    end = _FRONT_MATTER.match(page.text).end()
    return page.text[:end], page.text[end:]


def _no_front_matter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if re.fullmatch(r"-{3}[ \t]*", first):
        return "front matter is not closed: end it with a line holding only ---"
    return ("has no front matter: every page starts with a line ---, then title: and the page's title, "
            "then a line ---")


def _delimiters(located: Located) -> list[Problem]:
    """Template delimiters in any text of the front matter (mkdocs-macros renders the title)."""
    problems = []

    def walk(value: Any, loc: tuple) -> None:
        if isinstance(value, str):
            if match := _DELIMITERS.search(value):
                problems.append(Problem(located.file, located.line(loc), field_path(loc),
                                        f"holds template code ({match.group()!r}); front matter is plain text, "
                                        "so write it without {{, {% or {#"))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, loc + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, loc + (i,))

    walk(located.data, ())
    return problems


def _plainer(problem: Problem) -> Problem:
    """The loader's messages, said for a page's front matter."""
    if problem.message.startswith("unknown field"):
        allowed = SearchOptions if problem.field.startswith("search.") else FrontMatter
        name = problem.field.rpartition(".")[2]
        return Problem(problem.file, problem.line, problem.field,
                       f"{name!r} is not allowed in a page's front matter; remove it (the fields allowed here are "
                       f"{', '.join(allowed.model_fields)})")
    if problem.message.startswith("missing:") and problem.field == "title":
        return Problem(problem.file, problem.line, problem.field,
                       "missing: every page needs a title in its front matter, for example title: The law")
    return problem


def _raw_html(body: str, display: str, first_line: int) -> list[Problem]:
    """Raw HTML or script in a page's text, by line (the build also strips it)."""
    problems = []
    for number, line in enumerate(body.split("\n"), start=first_line):
        if match := RAW_HTML.search(line):
            problems.append(Problem(display, number, "", f"raw HTML or script ({line[match.start():match.start() + 24]!r}); "
                                                          "write Markdown only"))
    return problems


# ---- template code ---------------------------------------------------------------------

_STATEMENTS = {
    nodes.Include: "an include ({% include %})", nodes.Import: "an import ({% import %})",
    nodes.FromImport: "an import ({% from ... import %})", nodes.Extends: "a template to extend ({% extends %})",
    nodes.Block: "a block ({% block %})", nodes.Macro: "a macro definition ({% macro %})",
    nodes.CallBlock: "a call block ({% call %})", nodes.Assign: "a variable set ({% set %})",
    nodes.AssignBlock: "a variable set ({% set %})", nodes.For: "a loop ({% for %})", nodes.If: "a condition ({% if %})",
    nodes.With: "a with block ({% with %})", nodes.FilterBlock: "a filter block ({% filter %})",
    nodes.Scope: "a scope", nodes.ScopedEvalContextModifier: "an autoescape block ({% autoescape %})",
    nodes.ExprStmt: "a statement ({% do %})",
}


def _expr(node: nodes.Node) -> str:
    """A short reading of an expression, for messages."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_expr(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_expr(node.node)}[...]"
    if isinstance(node, nodes.Call):
        return f"{_expr(node.node)}(...)"
    return "..."


def _describe(node: nodes.Node) -> str:
    """What a refused node is, in words."""
    for kind, words in _STATEMENTS.items():
        if type(node) is kind:
            return words
    if isinstance(node, nodes.Name):
        return f"a name that is not one of our macros ({node.name})"
    if isinstance(node, nodes.Getattr):
        return f"an attribute (.{node.attr})"
    if isinstance(node, nodes.Getitem):
        return f"an index ({_expr(node)})"
    if isinstance(node, nodes.Filter):
        return f"a filter (| {node.name})"
    if isinstance(node, nodes.Test):
        return f"a test (is {node.name})"
    if isinstance(node, nodes.Call):
        return f"a call to something that is not one of our macros ({_expr(node.node)}(...))"
    if isinstance(node, nodes.Const):
        return f"a value that is not text or a number ({node.value!r})"
    if isinstance(node, (nodes.List, nodes.Tuple, nodes.Dict)):
        return "a list, tuple or dictionary"
    if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr, nodes.Compare, nodes.Concat, nodes.CondExpr)):
        return "an operator or condition"
    return f"{type(node).__name__} code"


def _literal(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Const) and type(node.value) in (str, int, float)


def _refusals(node: nodes.Node):
    """Each piece of template code that is not allowed: (the node to report, what it is)."""
    for child in node.nodes if isinstance(node, nodes.Output) else [node]:
        if found := _refusal(child):
            yield found


def _refusal(node: nodes.Node) -> tuple[nodes.Node, str] | None:
    """The first node in one expression or statement that is not allowed, with what it is."""
    if isinstance(node, nodes.TemplateData) or _literal(node):
        return None
    if not isinstance(node, nodes.Call):
        return node, _describe(node)
    if not (isinstance(node.node, nodes.Name) and node.node.name in MACROS):
        return (node.node, _describe(node.node)) if isinstance(node.node, nodes.Getattr) else (node, _describe(node))
    name = node.node.name
    if node.kwargs:
        return node, f"a named argument ({node.kwargs[0].key}=...); write the arguments in order, without names"
    if node.dyn_args or node.dyn_kwargs:
        return node, "an argument list (*args or **kwargs)"
    for arg in node.args:
        if not _literal(arg):
            return arg, f"an argument that is not written out as text or a number ({_expr(arg)})"
    wanted = _ARGUMENTS[name]
    if len(node.args) != len(wanted):
        takes = f"{len(wanted)} argument{'s' if len(wanted) != 1 else ''}" + (f" ({'; '.join(wanted)})" if wanted else "")
        return node, f"{name}() with {len(node.args)} argument(s); {name}() takes {takes}"
    return None


def check_template(body: str, display: str, first_line: int = 1) -> list[Problem]:
    """Template code in a page body (rendered with ``render_macros: true``): only our macros,
    called with literal arguments. ``first_line`` is the file line where ``body`` starts."""
    try:
        tree = jinja2.Environment().parse(body)
    except jinja2.TemplateSyntaxError as err:
        return [Problem(display, first_line - 1 + (err.lineno or 1), "",
                        f"template syntax error: {err.message}; check that every {{{{ has its }}}} "
                        f"(to show {{{{ as text, write {{{{ \"{{{{\" }}}})")]
    except RecursionError:
        return [Problem(display, first_line, "", "template code is nested too deeply; write it plainly")]
    problems = []
    for part in tree.body:
        for node, words in _refusals(part):
            problems.append(Problem(display, first_line - 1 + (node.lineno or 1), "",
                                    f"template code is limited to our macros called with literal arguments, e.g. "
                                    f"{_EXAMPLE} (the macros are {', '.join(MACROS)}); found {words}"))
    return problems


def macro_calls(body: str, first_line: int = 1) -> tuple[tuple[int, str, tuple], ...]:
    """Each macro call in a body that :func:`check_template` passed: (file line, name, arguments),
    so the arguments can be looked up in the content before anything is rendered."""
    tree = jinja2.Environment().parse(body)
    return tuple((first_line - 1 + (node.lineno or 1), node.node.name, tuple(arg.value for arg in node.args))
                 for node in tree.find_all(nodes.Call))
