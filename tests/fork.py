"""A commissioner's fork: ``local.yml`` rewritten as a new area would write it.

The suite builds the project with this applied (the ``fork_site`` fixture in
tests/conftest.py) and runs the checks, the link check and the browser tests on it, so a fork
whose only edit is ``local.yml`` is known to pass the tests that guard publishing. It changes
what every fork changes and what the sample does not exercise: a name with ``&`` and ``'``,
a site published under a path (a GitHub project site), a logo of its own (a made-up one), a web address to report problems,
every framework question answered, other panel numbers. The ``sample`` line is deleted, as
"Make it your own" says; the contacts are left as they are, so the fork still holds the
sample's contacts, which ``check --strict`` (and so the Pages workflow) must refuse.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from guidance import load_catalogue

NAME = "St Mary's & Riverside Integrated Care Board"
AREA = "St Mary's & Riverside"
LOGO = Path(__file__).resolve().parent / "fixtures" / "logo" / "logo.svg"  # a made-up logo, never the NHS's
LOGO_PATH = "pictures/logo.svg"  # where the fork keeps it
WEB_ADDRESS = "https://riverside-icb.github.io/phb/"
BASE_PATH = urlsplit(WEB_ADDRESS).path  # "/phb/": where the site is served
REPORT_A_PROBLEM = "https://github.com/riverside-icb/phb/issues/new"
PANEL = {"notice_working_days": 10, "quorum": 4}


def question_ids(project: Path) -> list[str]:
    """Every question of the framework, from the catalogue (never a list kept here)."""
    cat, _ = load_catalogue(project)  # local.yml's own problems do not hide the framework
    return [item.id for part in cat.framework.values() if part.kind == "questions" for item in part.items]


def answer(number: int, qid: str) -> dict:
    """An answer in the area's words: most agreed, every fifth one where views differ."""
    if number % 5 == 4:
        return {"status": "views-differ",
                "answer": f"The {AREA} working group has not settled this; the people's panel's view is recorded."}
    return {"status": "agreed", "answer": f"Agreed by the {AREA} working group (question {qid})."}


def _renamed(value, old: dict, new: dict):
    """Every text with the old name and area in the new ones, as a find-and-replace would."""
    if isinstance(value, dict):
        return {key: _renamed(item, old, new) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, old, new) for item in value]
    if isinstance(value, str):
        return value.replace(old["name"], new["name"]).replace(old["area"], new["area"])
    return value


def make_fork(project: Path) -> Path:
    """Rewrite ``project``'s local.yml as the fork; return the project."""
    path = project / "local.yml"
    first = path.read_text(encoding="utf-8").splitlines()[0]  # the schema line editors rely on
    ids = question_ids(project)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("sample", None)
    data = _renamed(data, dict(data["organisation"]), {"name": NAME, "area": AREA})
    data["organisation"].update(name=NAME, area=AREA, logo=LOGO_PATH, web_address=WEB_ADDRESS,
                                report_a_problem=REPORT_A_PROBLEM)
    (project / LOGO_PATH).parent.mkdir(parents=True, exist_ok=True)
    (project / LOGO_PATH).write_bytes(LOGO.read_bytes())
    data["questions"] = {qid: answer(number, qid) for number, qid in enumerate(ids)}
    data["panel"].update(PANEL)
    data["panel"]["required_members"] = data["panel"]["required_members"][:PANEL["quorum"]]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text((first + "\n" if first.startswith("#") else "") + body, encoding="utf-8")
    return project
