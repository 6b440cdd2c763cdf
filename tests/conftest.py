from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """One PDF cache for every build the tests make (guidance/pdf.py): the same page makes the
    same PDF, so each is written once per test run instead of once per build; and one file of
    readability answers."""
    import os
    import tempfile

    os.environ.setdefault("PHB_PDF_CACHE", tempfile.mkdtemp(prefix="phb-pdf-cache-"))
    # and one file of readability answers (guidance/readability.py), apart from the user's own
    os.environ.setdefault("PHB_READABILITY_CACHE",
                          os.path.join(tempfile.mkdtemp(prefix="phb-readability-"), "readability.json"))
    # and one file of the pictures known to clean (guidance/svg.py)
    os.environ.setdefault("PHB_PICTURE_CACHE", os.path.join(tempfile.mkdtemp(prefix="phb-pictures-"), "pictures.json"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def content_tree(tmp_path: Path):
    """Copy of the small valid fixture tree, with an optional broken case laid over it."""

    def make(case: str | None = None) -> Path:
        shutil.copytree(FIXTURES / "valid", tmp_path, dirs_exist_ok=True)
        if case:
            shutil.copytree(FIXTURES / "broken" / case, tmp_path, dirs_exist_ok=True)
        return tmp_path

    return make


SAMPLE_LOCAL = FIXTURES / "sample" / "local.yml"


def copy_project(dest: Path, sample: bool = False) -> Path:
    """A copy of the project's own files (content, code, templates, theme) to build elsewhere.
    ``sample``: with the sample area's local.yml (tests/fixtures/sample/local.yml) in place of the
    project's own, for a test that needs the sample's values (a fork's local.yml is its own)."""
    from tests.test_build import PROJECT_FILES

    for name in PROJECT_FILES:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    if sample:
        shutil.copy2(SAMPLE_LOCAL, dest / "local.yml")
    return dest


def unlist(project: Path, page: str) -> None:
    """List a page under not_in_nav in the project's mkdocs.yml, beside the pages already there."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "not_in_nav: |\n" in text
    config.write_text(text.replace("not_in_nav: |\n", f"not_in_nav: |\n  {page}\n", 1), encoding="utf-8")


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> Path:
    """The project with the sample area's local.yml, not built: for the tests of its values."""
    return copy_project(tmp_path_factory.mktemp("sample"), sample=True)


@pytest.fixture(scope="session")
def sample_catalogue(sample_project):
    from guidance import load_catalogue

    cat, problems = load_catalogue(sample_project)
    assert problems == []
    return cat


@pytest.fixture(scope="session")
def hostile_project(tmp_path_factory):
    """The real project with every hostile edit in tests/hostile_content.py applied to its
    content, plus a hand-written page that passes the check but uses the Markdown extensions to
    claim the theme's own elements (tests/fixtures/hostile/takeover.md as docs/hostile.md), built
    once by MkDocs directly: this proves the build's own cleaning. (The page full of raw script,
    tests/fixtures/hostile/hostile.md, is refused by the check at its lines.)
    Yields (project folder, payloads by name)."""
    from tests import hostile_content
    from tests.test_build import build

    project = copy_project(tmp_path_factory.mktemp("hostile"), sample=True)  # the edits fit its lengths
    payloads = hostile_content.apply(project)
    shutil.copy2(FIXTURES / "hostile" / "takeover.md", project / "docs" / "hostile.md")
    unlist(project, "/hostile.md")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project, payloads


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real project, built once into a temporary folder for every test that reads it."""
    from tests.test_build import build

    out = tmp_path_factory.mktemp("build") / "site"
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def fork_project(tmp_path_factory) -> Path:
    """The project as a new commissioner makes it their own: the sample's local.yml rewritten by
    tests/fork.py (a name with '&' and an apostrophe, published under /phb/, every question
    answered). From the sample, so the fork is the same in this project and in every fork of it."""
    from tests.fork import make_fork

    return make_fork(copy_project(tmp_path_factory.mktemp("fork"), sample=True))


@pytest.fixture(scope="session")
def fork_site(fork_project) -> Path:
    """The fork, built once for every test that reads it; the site folder."""
    from tests.test_build import build

    result = build(fork_project)
    assert result.returncode == 0, result.stdout + result.stderr
    return fork_project / "site"


@dataclass(frozen=True)
class Built:
    """One built site: its folder, the catalogue it was built from, and the path it is served under."""

    name: str
    site: Path
    catalogue: object
    base: str  # '/' or, for a site published under a path, e.g. '/phb/'


@pytest.fixture(scope="session", params=["project", "fork"])
def each_site(request) -> Built:
    """The project's own build and the fork's, for tests whose assertions hold for any local.yml."""
    from guidance import load_catalogue
    from guidance.linkcheck import base_path

    if request.param == "project":
        site, root = request.getfixturevalue("site"), ROOT
    else:
        site = request.getfixturevalue("fork_site")
        root = site.parent
    cat, problems = load_catalogue(root)
    assert problems == []
    address = cat.local.organisation.web_address
    return Built(request.param, site, cat, base_path(str(address) if address else None))
