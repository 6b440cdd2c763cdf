"""What the site is made of, independent of the static site engine.

The engine adapter (``guidance/mkdocs_hooks.py``) asks this module which pages
to generate, what the navigation is and what the JSON export holds; the
templates in ``templates/`` turn records into Markdown. Nothing here knows
about MkDocs, so the engine can be swapped without touching the content model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from . import handwritten, paths, static, usercache
from .pages import FileSpec, PageSpec
from .catalogue import Catalogue, fingerprint, load_catalogue
from .loader import Problem, field_path

DUE_SOON_DAYS = 30


url_of = paths.url_of
EXPORT_PATH = paths.EXPORT


def pages(cat: Catalogue) -> list[PageSpec]:
    """Every page generated from the records, kind by kind in the registry's order (hand-written
    pages live in docs/); each page knows its easy-read versions, to link to them near the top."""
    specs = [spec for kind in cat.kinds if kind.pages for spec in kind.pages(cat)]
    return [replace(s, records={**s.records, "easy_read": cat.easy_read_versions(s.path)}) for s in specs]


# The hand-written pages in the navigation, and where they go among the kinds' groups.
HAND_WRITTEN_NAV = [(0, None, [{"Home": "index.md"}]), (9, None, [{"Sources": paths.SOURCES}])]
# "Make it your own" (docs/make-it-your-own.md) is for commissioners: "About this site" links it,
# and mkdocs.yml lists it under not_in_nav.


def nav(cat: Catalogue) -> list:
    """Site navigation: each kind's groups in their places (the local offer, the sections and
    their myths, the questions, the evidence, the framework, easy read, the law, what has
    changed), with the hand-written pages: home first, then sources and make it your own."""
    placed = [entry for kind in cat.kinds if kind.nav for entry in kind.nav(cat)] + HAND_WRITTEN_NAV
    items: list = []
    groups: dict[str, list] = {}
    for _position, group, entries in sorted(placed, key=lambda entry: entry[0]):
        if group is None:
            items += entries
        elif group in groups:
            groups[group] += entries
        else:
            groups[group] = list(entries)
            items.append({group: groups[group]})
    return items


def nav_paths(items: list) -> set[str]:
    """Every page path in a navigation as :func:`nav` makes it."""
    found: set[str] = set()
    for item in items:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            found |= nav_paths(value) if isinstance(value, list) else {value}
    return found


def identity(cat: Catalogue) -> dict:
    """Who publishes the site, from local.yml: the one place the organisation's name is set."""
    org = cat.local.organisation
    return {
        "site_name": f"Personal health budgets: {org.name}",
        "copyright": org.name,
        "site_url": str(org.web_address) if org.web_address else None,
        # the logo's address on the site (published by the local kind), or None: the header then
        # shows the organisation's name alone
        "logo": cat.logo["address"] if cat.logo and "address" in cat.logo else None,
        "report_a_problem": org.report_a_problem if "@" not in org.report_a_problem else f"mailto:{org.report_a_problem}",
    }


def files(cat: Catalogue, specs: list[PageSpec], renderer) -> list[FileSpec]:
    """Generated files that are not pages, made from the page specs of this build: the charts,
    the board paper PDF, the easy-read pictures and PDFs. PDFs name who publishes the site,
    so they are made only when local.yml says who that is."""
    who: dict = {}
    if cat.local is not None:
        publisher = identity(cat)
        # no build date: a PDF gives its content's own date, so one made on another day is found again
        who = {"organisation": publisher["copyright"], "web_address": publisher["site_url"], "cache": pdf_cache(cat.root)}
    return [made for kind in cat.kinds if kind.files for made in kind.files(cat, specs, renderer, **who)]


def pdf_cache(root: Path) -> Path:
    """Where PDFs are kept between builds: PHB_PDF_CACHE, or the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``, then ``phb-guidance/pdf``). Never inside the project by
    default: a file a pull request adds there could otherwise be published as a PDF."""
    if os.environ.get("PHB_PDF_CACHE"):
        return Path(os.environ["PHB_PDF_CACHE"])
    return usercache.folder() / "pdf"


def build_date() -> dt.date:
    """Today, or the date in SOURCE_DATE_EPOCH so that builds of one commit are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def review_state(due: dt.date, today: dt.date) -> str:
    """'overdue', 'due soon' or 'current'."""
    if due < today:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due soon"
    return "current"


def reviews(cat: Catalogue) -> dict:
    """Page path -> its review dates, from every kind: a record's own review ("record", last,
    next, owner, checked), the dates of the records a page lists ("pages", [(last, next)]),
    which are joined when several kinds list records on one page (the home page), or those of
    another page ("as", its path)."""
    return cat.once("site_reviews", _gather_reviews)


def _gather_reviews(cat: Catalogue) -> dict:
    found: dict = {}
    for kind in cat.kinds:
        for path, review in (kind.reviews(cat) if kind.reviews else {}).items():
            if review is None:
                continue
            if path in found and review[0] == "pages" and found[path][0] == "pages":
                found[path] = ("pages", found[path][1] + review[1])
            else:
                found.setdefault(path, review)
    for path, review in list(found.items()):  # ("as", other page): the same dates as that page
        if review[0] == "as":
            found[path] = found.get(review[1]) or None
    return {path: review for path, review in found.items() if review is not None}


def review_for(cat: Catalogue, path: str, today: dt.date) -> dict | None:
    """The review dates a page shows, computed at build time: a record's page shows its own
    review (or its last and next check); a page that lists records shows the oldest last review
    and the soonest next review among them."""
    review = reviews(cat).get(path)
    if review is None:
        return None
    if review[0] == "pages":
        return _aggregate(review[1], today)
    _, last, due, owner, checked = review
    return _review(last, due, today, owner=owner, checked=checked)


def _review(last: dt.date, due: dt.date, today: dt.date, *, owner: str | None = None, checked: bool = False) -> dict:
    return {"last": last, "next": due, "state": review_state(due, today), "owner": owner, "checked": checked}


def _aggregate(dates: list[tuple[dt.date, dt.date]], today: dt.date) -> dict | None:
    """For a page that lists records: the oldest last review and the soonest next one."""
    if not dates:
        return None
    return _review(min(d[0] for d in dates), min(d[1] for d in dates), today)


def export(cat: Catalogue, site_url: str = "") -> dict:
    """The machine-readable export published at api/content.json: each kind's records as plain data."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    return {kind.export_key: kind.export(cat, base) for kind in cat.kinds if kind.export}


class ContentError(Exception):
    """The content has problems; the message lists each as file:line: field: message."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the content; nothing was published:\n" + "\n".join(f"  {p}" for p in problems)
        )


@dataclass(frozen=True)
class Content:
    """Everything one build publishes, read through the gate and checked: the records, the
    hand-written pages, the other files in docs/ (the bytes to publish) and the page list."""

    catalogue: Catalogue
    handwritten: dict[str, handwritten.Page]
    static: dict[str, bytes]
    specs: list[PageSpec]


def check(root: Path | str) -> tuple[Content | None, Catalogue, list[Problem]]:
    """The one content check, run by ``python -m guidance check``, ``make build``, ``make serve``
    and a plain engine build alike: the records, the hand-written pages and the files beside
    them, and the page addresses. Returns the content (None when there are problems), the
    catalogue as far as it loaded, and every problem."""
    root = Path(root)
    cat, problems = load_catalogue(root)
    pages_by_path, found = handwritten.load_pages(root)
    files_by_path, refused = static.load_files(root)
    problems = problems + found + refused
    if problems:
        return None, cat, sorted(set(problems))
    specs = pages(cat)
    problems = address_problems(cat, specs, pages_by_path, files_by_path) + macro_problems(cat, pages_by_path)
    if problems:
        return None, cat, problems
    return Content(cat, pages_by_path, files_by_path, specs), cat, []


def macro_problems(cat: Catalogue, pages_by_path: dict) -> list[Problem]:
    """A hand-written page's macro calls name records that exist (checked here, at the page's
    line, so that a mistake never reaches the engine's template step)."""
    known = {name: (macro.ids(cat), macro.what, kind.folder + "/") for kind in cat.kinds
             for name, macro in kind.macros.items() if macro.ids}
    problems = []
    for page in pages_by_path.values():
        for line, name, args in page.calls:
            if any(not isinstance(arg, str) for arg in args):
                problems.append(Problem(page.display, line, "", f"{name}(): write each argument in quotes, as text, "
                                                                f"for example {name}('s75')"))
            elif name in known and args[0] not in known[name][0]:
                records, what, folder = known[name]
                problems.append(Problem(page.display, line, "", f"{name}({args[0]!r}): there is no {what} {args[0]!r}; "
                                                                f"use the id of one in {folder}"))
    return problems


def _record_pages(cat: Catalogue) -> dict[str, tuple[str, int, str, str]]:
    """Page path -> (file, line, field, id) of the record whose id gives that page its address."""
    made: dict[str, tuple[str, int, str, str]] = {}
    for kind in cat.kinds:
        for path, (key, loc, ident) in (kind.addresses(cat) if kind.addresses else {}).items():
            located = cat.files.get(key)
            if located is not None:
                made.setdefault(path, (located.file, located.line(loc), field_path(loc), ident))
    return made


def address_problems(cat: Catalogue, specs: list[PageSpec], pages_by_path: dict, files_by_path: dict) -> list[Problem]:
    """Two things at one address: refused at the id that made it (or at the hand-written file)."""
    made = _record_pages(cat)
    claims: dict[str, list[tuple[str, tuple | None, str]]] = defaultdict(list)  # output -> [(what, origin, display)]
    for spec in specs:
        claims[url_of(spec.path) + "index.html"].append((f"the page {spec.title!r}", made.get(spec.path), ""))
    for path in sorted(pages_by_path):
        claims[url_of(path) + "index.html"].append((f"the hand-written page docs/{path}", None, f"{handwritten.FOLDER}/{path}"))
    for path in sorted(files_by_path):
        claims[path].append((f"the file docs/{path}", None, f"{static.FOLDER}/{path}"))
    problems: list[Problem] = []
    for output, claimants in claims.items():
        if len(claimants) < 2:
            continue
        # the record whose id chose the address is the one to change; else the hand-written file
        blamed = [c for c in claimants if c[1]] or [c for c in claimants if c[2]] or claimants[1:]
        other = next(c for c in claimants if c not in blamed)[0] if len(blamed) < len(claimants) else claimants[0][0]
        address = "/" + output.removesuffix("index.html")
        for _what, origin, display in blamed:
            if origin is not None:
                file, line, field, ident = origin
                problems.append(Problem(file, line, field, f"the id {ident!r} would give the page the address {address}, "
                                                           f"which is already {other}; choose another id"))
            else:
                problems.append(Problem(display, 0, "", f"has the address {address}, which is already {other}; "
                                                        "rename or remove this file"))
    return sorted(set(problems))


# What the latest check of each project found (its content, or the problems that stopped it),
# with the stamp of the files it read
_checked: dict[Path, tuple[str, Content | list[Problem]]] = {}


def content_for_build(root: Path | str) -> Content:
    """Check the content once per build (again only when a file changes).

    Raises ContentError listing every problem, so a site is never built from bad content.
    """
    root = Path(root).resolve()
    stamp = fingerprint(root) + _docs_stamp(root)
    checked = _checked.get(root)
    if checked is None or checked[0] != stamp:
        content, _cat, problems = check(root)
        checked = _checked[root] = (stamp, problems if problems or content is None else content)
    return _outcome(checked[1])


def _outcome(found: Content | list[Problem]) -> Content:
    if isinstance(found, list):
        raise ContentError(found)
    return found


def _docs_stamp(root: Path) -> str:
    """What the hand-written pages and the files beside them are now (names, sizes, times)."""
    names, problems = static.walk(root)
    stamps = [str(problem) for problem in problems]
    for name in names:
        try:
            info = os.lstat(root / static.FOLDER / name)
        except OSError:
            continue
        stamps.append(f"{name}:{info.st_mode}:{info.st_mtime_ns}:{info.st_size}")
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def catalogue_for_build(root: Path | str) -> Catalogue:
    """The catalogue of the build in progress: what :func:`content_for_build` answered last for
    ``root`` (so a later step of the build uses the very content its start checked, without
    looking at every file again), or its answer now when it has not been asked yet. Raises
    ContentError when that check found problems."""
    checked = _checked.get(Path(root).resolve())
    return (content_for_build(root) if checked is None else _outcome(checked[1])).catalogue
