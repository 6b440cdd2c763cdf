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

from . import changes, easyread, figures, framework, handwritten, lessons, local, paths, questions, static, stories
from .pages import FileSpec, PageSpec
from .catalogue import Catalogue, fingerprint, load_catalogue
from .loader import Problem, field_path

DUE_SOON_DAYS = 30


url_of = paths.url_of
myth_path = paths.myth
law_path = paths.law
section_path = paths.section
SOURCES_PATH = paths.SOURCES
LAW_INDEX_PATH = paths.LAW_INDEX
EXPORT_PATH = paths.EXPORT


def pages(cat: Catalogue) -> list[PageSpec]:
    """Every page generated from the records (hand-written pages live in docs/)."""
    specs = [
        PageSpec(
            section_path(s.id),
            s.title,
            "section.md.j2",
            # The section page repeats its myths' text; search should lead to the myths themselves.
            {"description": s.summary, "search": {"exclude": True}},
            {"section": s},
        )
        for s in cat.sections
    ]
    specs += [
        PageSpec(
            myth_path(m.id),
            m.question,
            "myth.md.j2",
            # keywords become search tags, which Material's search weighs above titles and text
            {"description": m.answer, "search": {"boost": 2}, "tags": list(m.keywords)},
            {"myth": m, "questions": questions.about_myth(cat, m.id), "figures": figures.about_myth(cat, m.id),
             "stories": stories.about_myth(cat, m.id), "lessons": lessons.about_myth(cat, m.id)},
        )
        for m in cat.ordered_myths
    ]
    repealed = {law.key for law in cat.laws.values() if law.status in ("repealed", "revoked")}
    specs += [
        PageSpec(
            law_path(law.key),
            law.label,
            "law.md.j2",
            # a repealed law ranks below the current ones that replaced it
            {"description": law.summary, "search": {"boost": 0.5 if law.key in repealed else 2}, "tags": list(law.keywords)},
            {"law_record": law},
        )
        for law in cat.ordered_laws
    ]
    specs += changes.pages(cat)
    specs += questions.pages(cat)
    specs += figures.pages(cat)
    specs += lessons.pages(cat)
    specs += stories.pages(cat)
    specs += framework.pages(cat)
    specs += local.pages(cat)
    specs += easyread.pages(cat)
    # every page knows its easy-read versions, to link to them near the top
    specs = [replace(s, records={**s.records, "easy_read": easyread.versions_of(cat, s.path)}) for s in specs]
    return specs


def nav(cat: Catalogue) -> list:
    """Site navigation: home, the local offer, one group per section with its myths, the local
    framework, the law, sources."""
    items: list = [{"Home": "index.md"}]
    if cat.local is not None:
        items.append({f"Personal health budgets in {cat.local.organisation.area}": paths.LOCAL_OFFER})
    for section in cat.sections:
        items.append(
            {section.title: [{"Overview": section_path(section.id)}] + [{m.title: myth_path(m.id)} for m in cat.myths_in(section.id)]}
        )
    if cat.questions:
        items.append({"Questions leaders ask": [paths.QUESTIONS] + [{q.question: paths.question(q.id)}
                                                                     for q in questions.ordered(cat)]})
    evidence = ([paths.EVIDENCE] if cat.figures else []) + ([paths.STORIES] if cat.stories else [])
    evidence += [paths.LESSONS] + [paths.lesson(x.id) for x in lessons.ordered(cat)] if cat.lessons else []
    if evidence:
        items.append({"Evidence and lessons": evidence})
    if cat.framework and cat.local is not None:
        items.append({"Local framework": [paths.FRAMEWORK] + [paths.framework_element(e.id) for e in framework.elements(cat)]
                      + [paths.FRAMEWORK_QUESTIONS, paths.BOARD_PAPER]})
    if cat.easy_read:
        items.append({"Easy read": [paths.EASY_READ] + [paths.easy_read(p.id) for p in easyread.ordered(cat)]})
    items.append({"The law": [LAW_INDEX_PATH] + [law_path(law.key) for law in cat.ordered_laws]})
    if cat.changes:
        items.append({"What has changed": [paths.CHANGES] + [paths.change(c.id) for c in changes.ordered(cat)]})
    items.append({"Sources": SOURCES_PATH})
    items.append({"Make it your own": "make-it-your-own.md"})
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
        "logo_text": org.logo_text,
        "report_a_problem": org.report_a_problem if "@" not in org.report_a_problem else f"mailto:{org.report_a_problem}",
    }


def files(cat: Catalogue, specs: list[PageSpec], renderer) -> list[FileSpec]:
    """Generated files that are not pages, made from the page specs of this build: the charts,
    the board paper PDF, the easy-read pictures and PDFs."""
    charts = figures.files(cat, renderer)
    if cat.local is None:
        return charts
    publisher = identity(cat)
    who = {"organisation": publisher["copyright"], "web_address": publisher["site_url"], "build_date": build_date(),
           "cache": pdf_cache(cat.root)}
    board = [s for s in specs if s.path == paths.BOARD_PAPER]
    easy = [s for s in specs if s.template == easyread.PAGE_TEMPLATE]
    return charts + (framework.files(board[0], renderer, **who) if board else []) + easyread.files(cat, easy, renderer, **who)


def pdf_cache(root: Path) -> Path:
    """Where PDFs are kept between builds: PHB_PDF_CACHE, or the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``, then ``phb-guidance/pdf``). Never inside the project by
    default: a file a pull request adds there could otherwise be published as a PDF."""
    if os.environ.get("PHB_PDF_CACHE"):
        return Path(os.environ["PHB_PDF_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "phb-guidance" / "pdf"


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


def review_for(cat: Catalogue, path: str, today: dt.date) -> dict | None:
    """The review dates a page shows, computed at build time.

    A myth page shows its own review; a law page its last and next check; a page
    that lists records (home, a section, the law index, the sources) shows the
    oldest last review and the soonest next review among the records it covers.
    """
    stem = path.removesuffix(".md")
    kind, _, ident = stem.partition("/")
    if kind == "myths" and ident in cat.myths:
        review = cat.myths[ident].review
        return _review(review.last_reviewed, review.next_review_due, today, owner=review.owner)
    if kind == "law" and ident in cat.laws:
        law = cat.laws[ident]
        return _review(law.checked, law.next_check_due, today, checked=True)
    if kind == "sections" and ident in cat.section_by_id:
        myths = cat.myths_in(ident)
        return _aggregate([(m.review.last_reviewed, m.review.next_review_due) for m in myths], today)
    if kind == changes.FOLDER and ident in cat.changes:
        change = cat.changes[ident]
        return _review(change.checked, change.next_check_due, today, checked=True)
    reviewed = {questions.FOLDER: cat.questions, lessons.FOLDER: cat.lessons}
    if kind in reviewed and ident in reviewed[kind]:
        review = reviewed[kind][ident].review
        return _review(review.last_reviewed, review.next_review_due, today, owner=review.owner)
    lists = {paths.QUESTIONS: cat.questions, paths.LESSONS: cat.lessons, paths.EVIDENCE: cat.figures,
             paths.STORIES: cat.stories}
    if path in lists:
        return _aggregate([(r.review.last_reviewed, r.review.next_review_due) for r in lists[path].values()], today)
    if path == paths.CHANGES:
        return _aggregate([(c.checked, c.next_check_due) for c in cat.changes.values()], today)
    if path == LAW_INDEX_PATH:
        return _aggregate([(law.checked, law.next_check_due) for law in cat.laws.values()], today)
    if kind == "easy-read" and ident in cat.easy_read and cat.easy_read[ident].myth in cat.myths:
        review = cat.myths[cat.easy_read[ident].myth].review
        return _review(review.last_reviewed, review.next_review_due, today, owner=review.owner)
    if cat.local is not None and (kind in ("local-framework", "easy-read") or path in (paths.LOCAL_OFFER, "make-it-your-own.md")):
        review = cat.local.review
        owner = f"{review.owner}, {cat.local.organisation.name}"
        return _review(review.last_reviewed, review.next_review_due, today, owner=owner)
    if path in ("index.md", SOURCES_PATH):
        dates = [(m.review.last_reviewed, m.review.next_review_due) for m in cat.myths.values()]
        dates += [(law.checked, law.next_check_due) for law in cat.laws.values()]
        return _aggregate(dates, today)
    return None


def _review(last: dt.date, due: dt.date, today: dt.date, *, owner: str | None = None, checked: bool = False) -> dict:
    return {"last": last, "next": due, "state": review_state(due, today), "owner": owner, "checked": checked}


def _aggregate(dates: list[tuple[dt.date, dt.date]], today: dt.date) -> dict | None:
    """For a page that lists records: the oldest last review and the soonest next one."""
    if not dates:
        return None
    return _review(min(d[0] for d in dates), min(d[1] for d in dates), today)


def export(cat: Catalogue, site_url: str = "") -> dict:
    """The machine-readable export published at api/content.json."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    return {
        "myths": [
            {
                "id": m.id,
                "title": m.title,
                "url": base + url_of(myth_path(m.id)),
                "section": m.section,
                "myth": m.myth,
                "answer": m.answer,
                "law": list(m.law),
                "changes": list(m.changes),
                "sources": [{"source": c.source, "at": c.at} for c in m.sources],
                "related": list(m.related),
                "review": {
                    "owner": m.review.owner,
                    "last_reviewed": m.review.last_reviewed.isoformat(),
                    "next_review_due": m.review.next_review_due.isoformat(),
                },
            }
            for m in cat.ordered_myths
        ],
        "law": [
            {
                "key": law.key,
                "act": law.act,
                "provision": law.provision,
                "title": law.title,
                "url": base + url_of(law_path(law.key)),
                "legislation_url": str(law.url),
                "status": law.status,
                "status_note": law.status_note,
                "checked": law.checked.isoformat(),
                "unconfirmed": law.unconfirmed,
                "cited_by": [m.id for m in cat.law_cited_by.get(law.key, [])],
            }
            for law in cat.ordered_laws
        ],
        "changes": [
            {
                "id": c.id,
                "title": c.title,
                "url": base + url_of(paths.change(c.id)),
                "date": c.date.isoformat(),
                "status": c.status,
                "summary": c.summary,
                "confirmed_at": [str(u) for u in c.confirmed_at],
                "checked": c.checked.isoformat(),
                "cited_by": [base + url_of(path) for path, _title, _kind in changes.cited_by(cat)[c.id]],
            }
            for c in changes.ordered(cat)
        ],
        "questions": [
            {"id": q.id, "question": q.question, "answer": q.answer, "url": base + url_of(paths.question(q.id)),
             "myths": list(q.myths), "law": list(q.law), "figures": list(q.figures), "changes": list(q.changes),
             "sources": [{"source": c.source, "at": c.at} for c in q.sources],
             "review": {"last_reviewed": q.review.last_reviewed.isoformat(),
                        "next_review_due": q.review.next_review_due.isoformat()}}
            for q in questions.ordered(cat)
        ],
        "figures": [
            {"id": f.id, "set": s.id, "measures": f.measures, "value": f.value, "unit": f.unit, "shown": figures.shown(f),
             "population": f.population, "period": f.period, "year": f.year, "newer": f.newer,
             "source": {"source": f.cite.source, "at": f.cite.at}, "myths": list(f.myths),
             "url": base + url_of(paths.EVIDENCE) + "#" + f.id}
            for s in figures.ordered(cat) for f in s.figures
        ],
        "lessons": [
            {"id": x.id, "title": x.title, "audience": x.audience, "url": base + url_of(paths.lesson(x.id)),
             "points": [{"id": p.id, "title": p.title} for p in x.points], "myths": list(x.myths),
             "questions": list(x.questions), "changes": list(x.changes)}
            for x in lessons.ordered(cat)
        ],
        "stories": [
            {"id": s.id, "name": s.name, "title": s.title, "url": base + url_of(paths.STORIES) + "#" + s.id,
             "myths": list(s.myths), "figures": list(s.figures), "source": {"source": s.cite.source, "at": s.cite.at}}
            for s in stories.ordered(cat)
        ],
        "sources": [
            {"key": s.key, "title": s.title, "subtitle": s.subtitle, "publisher": s.publisher, "year": s.year}
            for s in cat.ordered_sources
        ],
    }


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
    known = {"law": (cat.laws, "legal reference", "law/"), "cite": (cat.sources, "bibliography entry", "bibliography/"),
             "figure": (figures.all_figures(cat), "figure", "figures/"), "myth_link": (cat.myths, "myth", "myths/")}
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

    def add(path: str, key: tuple[str, str], loc: tuple, ident: str) -> None:
        located = cat.files.get(key)
        if located is not None:
            made.setdefault(path, (located.file, located.line(loc), field_path(loc), ident))

    for i, section in enumerate(cat.sections):
        add(section_path(section.id), ("sections", ""), (i, "id"), section.id)
    for ident in cat.myths:
        add(myth_path(ident), ("myths", ident), ("id",), ident)
    for key in cat.laws:
        add(law_path(key), ("law", key), ("key",), key)
    for kind, records, path_of in ((changes.FOLDER, cat.changes, paths.change), (questions.FOLDER, cat.questions, paths.question),
                                   (lessons.FOLDER, cat.lessons, paths.lesson), (easyread.FOLDER, cat.easy_read, paths.easy_read)):
        for ident in records:
            add(path_of(ident), (kind, ident), ("id",), ident)
    for element in framework.elements(cat):
        add(paths.framework_element(element.id), (framework.FOLDER, element.id), ("id",), element.id)
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


_cache: dict[Path, tuple[str, Content]] = {}


def content_for_build(root: Path | str) -> Content:
    """Check the content once per build (again only when a file changes).

    Raises ContentError listing every problem, so a site is never built from bad content.
    """
    root = Path(root).resolve()
    stamp = fingerprint(root) + _docs_stamp(root)
    cached = _cache.get(root)
    if cached and cached[0] == stamp:
        return cached[1]
    content, _cat, problems = check(root)
    if problems or content is None:
        raise ContentError(problems)
    _cache[root] = (stamp, content)
    return content


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
    """The checked catalogue of this build (see :func:`content_for_build`)."""
    return content_for_build(root).catalogue
