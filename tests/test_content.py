"""Checks over the real content in myths/, law/ and bibliography/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from guidance import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# The 22 myths of the 2012 guide, by section, in the ids every URL depends on.
MYTHS = {
    "finance-legal": {"joint-funding-legal", "pooled-budgets", "vat", "accounting", "funding-streams", "means-testing"},
    "culture-change": {"risk", "clinical-evidence", "equalities", "medical-model", "clinical-engagement", "co-production"},
    "workforce": {"assessment-planning", "resource-allocation", "sign-off", "panels", "joint-working"},
    "information-data": {"planning-reporting", "confidentiality", "it-systems", "performance", "outcomes"},
}
LAWS = {
    "s75", "s256", "s82", "nhs-act-s1", "nhs-act-s172", "health-act-1999", "hscsa-2003", "equality-act-s149",
    "equality-act-sch19", "dpa-1998", "dpa-2018", "uk-gdpr", "mca-2005", "hra-1998", "care-act-2014", "hsca-2012",
    "nhs-direct-payments-regs", "hca-2022",
}
@pytest.fixture(scope="module")
def catalogue():
    cat, problems = load_catalogue(ROOT)
    assert [str(p) for p in problems] == []
    return cat


def test_all_22_myths_in_their_sections(catalogue):
    assert [s.title for s in catalogue.sections] == ["Finance and legal", "Culture change", "Workforce", "Information and data"]
    for section, ids in MYTHS.items():
        assert {m.id for m in catalogue.myths_in(section)} == ids
    assert len(catalogue.myths) == 22


def test_every_law_in_scope_is_recorded(catalogue):
    assert set(catalogue.laws) >= LAWS


def test_core_sections_cited_by_myths(catalogue):
    cited = catalogue.law_cited_by
    for key in ("s75", "s256", "s82"):
        assert cited.get(key), key


def test_answers_are_one_sentence(catalogue):
    for myth in catalogue.myths.values():
        assert len(re.findall(r"[.!?](\s|$)", myth.answer)) == 1, myth.id


def test_every_myth_cites_the_myths_guide(catalogue):
    for myth in catalogue.myths.values():
        assert any(c.source == "dh-2012-myths" for c in myth.sources), myth.id


def test_every_bibliography_entry_is_cited(catalogue):
    cited = catalogue.source_cited_by
    assert [key for key in catalogue.sources if key not in cited] == []


@pytest.mark.skipif(not (SHARED / "tools" / "copycheck.py").is_file(), reason="source documents not present (a fork has none)")
def test_content_is_in_our_own_words():
    result = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "copycheck.py")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
