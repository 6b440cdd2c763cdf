"""Edits a hostile contributor could make to the content, each one line in one file.

Every payload here passes ``python -m guidance check``: they are not refused, they are
made harmless by construction (text is escaped wherever it is placed, and no content is
ever evaluated as a template). The tests build a copy of the project with all of them
applied and look at what a visitor would get.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ELSEWHERE = "https://elsewhere.example"


def marker(project: Path) -> Path:
    """The file that a template payload would create if content ever ran as code."""
    return project / "PWNED-by-content"


def payloads(project: Path) -> dict[str, str]:
    run = f'{{{{ cycler.__init__.__globals__.os.popen("touch {marker(project)}").read() }}}}'
    return {
        # template code in a myth title: would run a shell command at build time
        "myth_title": f"VAT {run}",
        # a quoted script in a Jinja string literal: would put a live script on every page
        "panels_title": "Panels {{ '\\x3cscript\\x3ewindow.__pwned = 1\\x3c/script\\x3e' }}",
        # leaks the build's paths if evaluated
        "law_short": "NHS Act 2006 s75 {{ config.site_dir }}",
        # breaks out of <meta name="description" content="...">
        "answer": f'VAT rules do not block a joint budget" http-equiv="refresh" content="0;url={ELSEWHERE}/',
        "summary": f'Money and law" http-equiv="refresh" content="0;url={ELSEWHERE}/',
        # spoofs every citation link to this source
        "source_title": f"A guide]({ELSEWHERE}) [x",
        # a search keyword holding a template
        "keyword": "{{ 7 * 7 }} budgets",
        # leaves the alt attribute of an easy-read picture to style the page
        "alt": 'A bag of money." style="outline: 9px solid red" data-x="',
    }


# Template code appended to every plain-text field of one record of each kind. Were any of
# them evaluated, the page or the export would show 42007, or EVALUATED without its tags.
TEMPLATE_CODE = " {{ 6 * 7 * 1000 + 7 }} {% if true %}EVALUATED{% endif %}"
EVALUATED = re.compile(r"42007|(?<!%\})EVALUATED")
# The plain-text fields of each kind of record (prose fields refuse curly brackets instead).
PLAIN_FIELDS = {
    "section": ["title", "summary"],
    "myth": ["title", "question", "myth", "answer", "keywords", "examples.place", "examples.cite.at", "background.cite.at",
             "sources.at", "review.owner"],
    "law": ["act", "provision", "short", "title", "summary", "keywords", "sources.at"],
    "source": ["title", "subtitle", "publisher", "edition", "date", "authors", "reference"],
    "change": ["title", "summary", "terms", "confirmed_at.title"],
    "question": ["theme", "keywords", "sources.at"],
    "figures": ["title", "summary", "figures.measures", "figures.population", "figures.period", "figures.cite.at"],
    "lessons": ["title", "audience", "summary", "points.title"],
    "story": ["name", "title", "cite.at"],
    "guide": ["title", "parts.heading", "keywords", "sources.at", "review.owner"],
}


def _append(data, dotted: str) -> None:
    """Append TEMPLATE_CODE to the field at ``dotted`` (through lists), creating it if missing."""
    head, _, rest = dotted.partition(".")
    value = data.get(head)
    if rest:
        for item in value if isinstance(value, list) else [value] if value else []:
            _append(item, rest)
    elif isinstance(value, list):
        data[head] = [item + TEMPLATE_CODE for item in value] or ["Word" + TEMPLATE_CODE]
    else:
        data[head] = (value or "Word") + TEMPLATE_CODE


def _a_myth_with_code_in_every_plain_field(data) -> None:
    data["answer"] = "No."  # room for the code within the answer's 25 words
    _every_plain_field("myth")(data)
    data["question"] += "?"  # a question must still end with a question mark


def _every_plain_field(kind: str):
    return lambda data: [_append(data, dotted) for dotted in PLAIN_FIELDS[kind]]


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def apply(project: Path) -> dict[str, str]:
    """Write every payload into the project copy; return them by name."""
    p = payloads(project)
    _edit(project / "myths" / "vat.yml", lambda d: d.update(title=p["myth_title"], question=p["myth_title"] + "?", answer=p["answer"],
                                                           keywords=[*d.get("keywords", []), p["keyword"]]))
    _edit(project / "myths" / "panels.yml", lambda d: d.update(title=p["panels_title"], question=p["panels_title"] + "?"))
    _edit(project / "law" / "s75.yml", lambda d: d.update(short=p["law_short"]))
    _edit(project / "bibliography" / "dh-2012-myths.yml", lambda d: d.update(title=p["source_title"]))
    _edit(project / "sections.yml", lambda d: d[0].update(summary=p["summary"]))
    # template code in every plain-text field of one record of each kind
    _edit(project / "sections.yml", lambda d: _every_plain_field("section")(d[1]))
    _edit(project / "myths" / "risk.yml", _a_myth_with_code_in_every_plain_field)
    _edit(project / "law" / "s256.yml", _every_plain_field("law"))
    _edit(project / "bibliography" / "tlap-2014-getting-serious.yml", _every_plain_field("source"))
    _edit(project / "changes" / "icbs-replaced-ccgs.yml", _every_plain_field("change"))
    for folder, kind in (("questions", "question"), ("figures", "figures"), ("lessons", "lessons"), ("stories", "story"),
                         ("your-budget", "guide")):
        files = sorted((project / folder).glob("*.yml"))
        charted = [f for f in files if "\nchart: true" in f.read_text(encoding="utf-8")]  # the chart too
        _edit((charted or files)[0], _every_plain_field(kind))
    _edit(project / "local.yml", _local_fields)
    _edit(project / "framework" / "money.yml", lambda d: _append(d, "title") or _append(d, "items.title"))
    _edit(project / "easy-read" / "pages" / "what-is-a-phb.yml", _easy_read_fields(p))
    return p


# Plain-text settings in local.yml (its prose fields refuse curly brackets like any other).
LOCAL_CODE = " {{ 6 * 7 * 1000 + 7 }}"


def _easy_read_fields(p: dict):
    def change(data) -> None:
        data["title"] += TEMPLATE_CODE
        data["rows"][0]["alt"] = p["alt"]
    return change


def _local_fields(data) -> None:
    data["organisation"]["area"] += LOCAL_CODE
    data["contacts"]["budget_team"]["name"] += LOCAL_CODE
    data["panel"]["decision_rule"] += LOCAL_CODE
    data["review"]["owner"] += LOCAL_CODE
