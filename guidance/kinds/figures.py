"""Key facts and figures: one file per set of figures in ``figures/``, each figure a record.

A figure holds its value, its unit, what it measures, who it is about, when, and where it
comes from (source and page). Pages never write a recorded figure out by hand: a record
names the figure by id (``figures: [...]``) and the templates show it through the same
helper, ``figure(id)``, that hand-written pages call, so a figure can never disagree with
itself. The check refuses a record whose text writes out a recorded figure's value.

A newer official figure is its own record, with its source and date; the older one stays,
labelled with its year, and points to it with ``newer``. A set marked ``chart`` is also drawn
as an accessible SVG bar chart, made at build time, beside the table of the same numbers.

This module holds the model, the cross-checks, the chart and the page (``/evidence/``).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from .. import paths
from ..kind import Kind, Macro
from ..loader import MAX_FIGURES
from ..models import Citation, CurrencyNote, Key, Prose, Record, Review, Text
from ..numbers import number, one_in, per_cent, pounds
from ..pages import FileSpec, PageSpec

FOLDER = "figures"

# The addresses of its pages (a page's source path; see paths.url_of)
def chart_file(set_id: str) -> str:
    return f"evidence/charts/{set_id}.svg"

EVIDENCE = "evidence.md"


def set_page(set_id: str) -> str:
    """A set's own page, below the evidence page: /evidence/<set-id>/, each figure at #<figure-id>.
    The evidence page lists the sets, each at its old anchor (#<set-id>) with the anchors its
    figures had there, so that an old link lands on the set's link."""
    return f"evidence/{set_id}.md"


# The set ids that would take the address of the charts' folder
RESERVED_IDS = {"charts"}
TEMPLATE = "figures/evidence.md.j2"
SET_TEMPLATE = "figures/set.md.j2"
CHART_TEMPLATE = "figures/chart.svg.j2"
Unit = Literal["per cent", "people", "pounds", "pounds a year", "pounds per person", "number", "1 in", "years"]


class Figure(Record):
    id: Key = Field(description="Stable id, unique among all figures; used by records (figures: [...]) and by figure('<id>')")
    measures: Text = Field(description="What it measures, in plain words, e.g. 'Budget holders who said their health got better'")
    value: float = Field(ge=0, description="The number itself, without its unit")
    unit: Unit
    population: Text = Field(description="Who or what it is about, and how many, e.g. 'people with a personal budget surveyed (2,022)'")
    period: Text = Field(description="When it was measured, e.g. '2011' or '2009 to 2012'")
    year: int = Field(ge=1990, le=2100, description="The year it describes, shown beside it wherever it appears")
    cite: Citation = Field(description="Where it comes from, with the page")
    myths: list[Key] = Field(default_factory=list, description="Ids of myths it bears on")
    newer: Key | None = Field(default=None, description="Id of a newer figure that updates this one")
    note: Prose | None = Field(default=None, description="How to read it, or what has changed since")


class FigureSet(Record):
    id: Key = Field(description="Stable id; must match the file name; the table's anchor on /evidence/")
    title: Text
    order: int = Field(ge=1, le=99, description="Its place on /evidence/")
    summary: Text = Field(description="What the figures show, in one or two sentences")
    chart: bool = Field(default=False, description="Also draw the figures as a bar chart (all must share one unit)")
    figures: list[Figure] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list)
    changes: list[Key] = Field(default_factory=list, description="Ids of changes since the sources this set relies on")
    currency: list[CurrencyNote] = Field(default_factory=list)
    review: Review

    @field_validator("figures")
    @classmethod
    def _chartable(cls, figures: list[Figure], info: ValidationInfo) -> list[Figure]:
        units = {f.unit for f in figures}
        if info.data.get("chart") and len(units) > 1:
            raise ValueError(f"chart is true, so every figure must have the same unit (found {', '.join(sorted(units))}); "
                             "set chart: false or split the set")
        if info.data.get("chart") and units == {"1 in"}:
            raise ValueError("chart is true, but a bar chart of '1 in' figures would draw the smallest share as the "
                             "longest bar; set chart: false, or record the figures as per cent")
        return figures


def ordered(cat) -> list[FigureSet]:
    return sorted(cat.figures.values(), key=lambda s: (s.order, s.id))


def all_figures(cat) -> dict[str, Figure]:
    return {f.id: f for s in ordered(cat) for f in s.figures}


def set_of(cat) -> dict[str, FigureSet]:
    return {f.id: s for s in ordered(cat) for f in s.figures}


def about_myth(cat, myth_id: str) -> list[Figure]:
    return [f for f in all_figures(cat).values() if myth_id in f.myths]


def shown(figure: Figure) -> str:
    """The value as a reader sees it: '56%', '£62,000', '£3.3 billion', '£300 per person', '2,022 people', '75 years'."""
    v = figure.value
    return {"per cent": per_cent(v), "pounds": pounds(v), "pounds a year": f"{pounds(v)} a year",
            "pounds per person": f"{pounds(v)} per person", "people": f"{number(v)} people",
            "1 in": one_in(v), "years": f"{number(v)} years"}.get(figure.unit, number(v))


def written_forms(figure: Figure) -> list[str]:
    """Ways a writer might type the value by hand (the check looks for these in text)."""
    n, plain = number(figure.value), number(figure.value).replace(",", "")
    money = sorted({f"£{n}", f"£{plain}", pounds(figure.value)})  # in full, and as GOV.UK writes it
    if figure.unit == "per cent":
        return [f"{n}%", f"{n} per cent", f"{n} percent"]
    if figure.unit == "pounds a year":
        return [f"{v} {per}" for v in money for per in ("a year", "per year", "each year", "per annum")]
    if figure.unit == "pounds per person":
        return [f"{v} {per}" for v in money for per in ("per person", "a person", "for each person")]
    if figure.unit == "pounds":
        return money
    if figure.unit == "people":
        return [f"{n} people", f"{plain} people"]
    if figure.unit == "1 in":
        return [f"1 in {n}"]
    if figure.unit == "years":
        return [f"{n} years", f"{plain} years"] if n != plain else [f"{n} years"]
    return [n] if figure.value >= 1000 else []


def cross_check(cat, report) -> None:
    """Figure ids are unique and known; a chart's set shares a unit; no record writes a figure by hand."""
    seen: dict[str, str] = {}
    for s in ordered(cat):
        if s.id in RESERVED_IDS:
            report(FOLDER, s.id, ("id",), f"the id {s.id!r} would give the set's page the address of the charts' "
                                          f"folder, /evidence/{s.id}/; choose another id")
        for j, f in enumerate(s.figures):
            if f.id in seen:
                report(FOLDER, s.id, ("figures", j, "id"), f"figure id {f.id!r} is already used in figures/{seen[f.id]}.yml")
            seen.setdefault(f.id, s.id)
            for i, myth in enumerate(f.myths):
                if myth not in cat.myths:
                    report(FOLDER, s.id, ("figures", j, "myths", i), f"unknown myth {myth!r}", ("myths", myth))
    figures = all_figures(cat)
    for s in ordered(cat):
        for j, f in enumerate(s.figures):
            if f.newer is not None and f.newer not in figures:
                report(FOLDER, s.id, ("figures", j, "newer"), f"unknown figure {f.newer!r}")
    forms = HandWritten(figures.values())
    for kind, record, _path, _title in cat.citing_records():
        ident = getattr(record, "id", None) or getattr(record, "key")
        if kind == FOLDER:
            continue
        for loc, text in cat.texts(record):
            if hit := forms.first_in(text):
                report(kind, ident, loc, f"writes out the recorded figure {shown(hit)!r} "
                                         f"({hit.measures}) by hand; list {hit.id!r} under figures instead, so "
                                         "the page shows it from the data")
                break


# A number as a writer types it, alone: not inside a word, another number, or an amount in pounds
# already matched with its £. Possessive: a number can only be read one way.
_NUMBER = re.compile(r"(?<![\w.,£])(£?)(\d++(?:[.,]\d++)*+)")
_DIGIT = re.compile(r"\d")
# What may follow a written figure: not a letter, a digit, a per cent sign, or a point or comma
# that goes on with more digits.
_GOES_ON = re.compile(r"[\w%]|[.,]\d")


class HandWritten:
    """Every written form of every figure, found in a text in one pass over the text.

    The same as searching for each form with ``(?<![\\w.,£])form(?![\\w%]|[.,]\\d)``, in time
    proportional to the text and not to the number of figures: each number in the text
    (with its £, if any) is looked up with each ending a form can have ('', '%', ' people', ...).
    """

    def __init__(self, figures):
        self.forms: dict[str, tuple[int, Figure]] = {}  # written form -> (its place in figure order, figure)
        self.endings: set[str] = set()
        for figure in figures:
            for form in written_forms(figure):
                match = _NUMBER.match(form)
                if match is None or match.end() == 0:
                    raise ValueError(f"written form {form!r} does not start with a number")
                self.endings.add(form[match.end():])
                self.forms.setdefault(form, (len(self.forms), figure))

    def first_in(self, text: str) -> Figure | None:
        """The figure earliest in figure order that the text writes out, if any."""
        if not _DIGIT.search(text):  # every form starts with a number: most texts have no digit at all
            return None
        best: tuple[int, Figure] | None = None
        for match in _NUMBER.finditer(text):
            end = match.end()
            for ending in self.endings:
                if not text.startswith(ending, end) or _GOES_ON.match(text, end + len(ending)):
                    continue
                found = self.forms.get(match.group() + ending)
                if found and (best is None or found[0] < best[0]):
                    best = found
        return best[1] if best else None


def chart(figure_set: FigureSet, renderer) -> str:
    """The set as an accessible SVG bar chart: a title, a description, and each bar's label and
    value written as text beside it (nothing is told by colour alone). XML-escaped throughout."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(loader=renderer.env.loader, autoescape=True, undefined=StrictUndefined)
    # shares are drawn against the whole (100%), so that a small difference looks small
    top = 100 if figure_set.figures[0].unit == "per cent" else (max(f.value for f in figure_set.figures) or 1)
    bars = [{"label": f.measures, "value": shown(f), "year": f.year, "width": round(BAR_WIDTH * f.value / top, 1)}
            for f in figure_set.figures]
    return env.get_template(CHART_TEMPLATE).render(set=figure_set, bars=bars, bar_width=BAR_WIDTH,
                                                   described=", ".join(f"{b['label']}: {b['value']}" for b in bars))


BAR_WIDTH = 420  # the longest bar, in the chart's own units


def pages(cat) -> list:
    if not cat.figures:
        return []
    sets = ordered(cat)
    return [PageSpec(EVIDENCE, cat.intros.evidence.title, TEMPLATE, {"description": cat.intros.evidence.description},
                     {"sets": sets, "intro": cat.intros.evidence})] + [
        PageSpec(set_page(s.id), s.title, SET_TEMPLATE, {"description": s.summary, "tags": list(dict.fromkeys(s.keywords))},
                 {"set": s, "shown": shown, "intro": cat.intros.evidence})
        for s in sets]


def files(cat, specs, renderer, **who) -> list:
    """One SVG chart for each set marked chart."""
    return [FileSpec(chart_file(s.id), chart(s, renderer)) for s in ordered(cat) if s.chart]


def checkable(cat) -> dict[str, Figure] | None:
    """Every figure by id, or None while a set of figures failed to load (its own problem is reported,
    so a record naming one of its figures is not reported too)."""
    if any(folder == FOLDER for folder, _ in cat.unloadable):
        return None
    return all_figures(cat)


def nav(cat) -> list:
    if not cat.figures:
        return []
    return [(4.0, "Evidence and lessons", [{cat.intros.evidence.title: [EVIDENCE] + [set_page(s.id) for s in ordered(cat)]}])]


def export(cat, base: str) -> list:
    return [
        {"id": f.id, "set": s.id, "measures": f.measures, "value": f.value, "unit": f.unit, "shown": shown(f),
         "population": f.population, "period": f.period, "year": f.year, "newer": f.newer,
         "source": f.cite.as_export(), "myths": list(f.myths),
         "url": base + paths.url_of(set_page(s.id)) + "#" + f.id}
        for s in ordered(cat) for f in s.figures
    ]


def citing(cat):
    for s in ordered(cat):
        yield FOLDER, s, set_page(s.id), s.title


def reviews(cat) -> dict:
    dates = {set_page(s.id): ("pages", [(s.review.last_reviewed, s.review.next_review_due)]) for s in cat.figures.values()}
    return {EVIDENCE: ("pages", [(s.review.last_reviewed, s.review.next_review_due) for s in cat.figures.values()]), **dates}


def addresses(cat) -> dict:
    return {set_page(s.id): ((FOLDER, s.id), ("id",), s.id) for s in ordered(cat)}


PATHS = {"chart": chart_file, "evidence": EVIDENCE, "figure_set": set_page}



def figure_macro(renderer, page: str, figure_id: str) -> str:
    """A recorded figure as a reader sees it, with its year, linked to its row on the evidence page:
    the one way any page states a figure."""
    record = renderer.catalogue.figure_by_id.get(figure_id)
    if record is None:
        raise KeyError(f"unknown figure {figure_id!r} in {page}")
    home = renderer.catalogue.figure_set_of[figure_id]
    return renderer.inline("figure", figure=record, shown=shown(record), href=renderer.link(page, set_page(home.id), figure_id))


MACROS = {"figure": Macro(figure_macro, ("the id of a recorded figure",), lambda cat: cat.figure_by_id, "figure")}


KIND = Kind(
    name="figures", attribute="figures", model=FigureSet, folder=FOLDER, count=lambda n: f"{n} sets of figures",
    order=ordered, items=(lambda s: len(s.figures), MAX_FIGURES, "figures"),
    check=cross_check, citations=True, source_label="figures",
    macros=MACROS,
    paths=PATHS, pages=pages, files=files, nav=nav, reviews=reviews, addresses=addresses,
    export=export, export_key="figures", citing=citing,
    lookups={"figures_about_myth": about_myth},
    properties={"figure_by_id": all_figures, "figure_set_of": set_of, "figures_checkable": checkable},
)
