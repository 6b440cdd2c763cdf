"""One gate for every file the build reads or copies, and one address for every page.

Hand-written pages, the files beside them in docs/ and the theme's own files are read through
the loader's gate (a regular file inside the project, size-limited) and the engine publishes
the bytes read, never the path. A record whose id would give its page an address that another
page already has is refused at its id line, naming the address.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from guidance import pdf, site, static
from guidance.sanitize import clean_and_list, leaving
from tests.conftest import copy_project, unlist
from tests.test_build import build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    return copy_project(tmp_path / "project")


def problems(root: Path) -> list[str]:
    _content, _cat, found = site.check(root)
    return [str(p) for p in found]


def id_line(path: Path, field: str = "id") -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"{field}:"))


def copy_as(path: Path, new_id: str, field: str = "id") -> Path:
    """A new record: a copy of ``path`` under another id (the records that cite the original are untouched)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field] = new_id
    if "terms" in data:  # a change's words must be its own
        data["terms"] = ["a phrase no record uses"]
    target = path.with_name(f"{new_id}.yml")
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def test_the_real_project_passes(project):
    assert problems(project) == []


@pytest.mark.parametrize("folder, address", [("changes", "/changes/"), ("questions", "/questions/"), ("lessons", "/lessons/")])
def test_an_id_that_takes_a_listing_pages_address_is_refused_at_its_id_line(project, folder, address):
    record = copy_as(sorted((project / folder).glob("*.yml"))[0], "index")
    found = problems(project)
    assert len(found) == 1, found
    assert found[0].startswith(f"{folder}/index.yml:{id_line(record)}: id: the id 'index' would give the page the address {address}")
    assert "choose another id" in found[0]


def test_a_law_key_that_takes_a_hand_written_pages_address_is_refused_at_its_key_line(project):
    record = copy_as(sorted((project / "law").glob("*.yml"))[0], "index", field="key")
    found = problems(project)
    assert found == [f"law/index.yml:{id_line(record, 'key')}: key: the id 'index' would give the page the address /law/, "
                     "which is already the hand-written page docs/law/index.md; choose another id"]


@pytest.mark.parametrize("ident", ["board-paper", "questions"])
def test_a_framework_element_named_like_a_framework_page_is_refused_at_its_id_line(project, ident):
    elements = [p for p in sorted((project / "framework").glob("*.yml")) if "\nkind: element" in p.read_text(encoding="utf-8")]
    old = elements[0].stem
    record = project / "framework" / f"{ident}.yml"
    elements[0].rename(record)
    # the element's id changes everywhere it is named, so that the clash is the only problem left
    named = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for path in [*project.glob("*.yml"), *project.glob("*/*.yml"), *project.glob("easy-read/*/*.yml")]:
        text = path.read_text(encoding="utf-8")
        if named.search(text):
            path.write_text(named.sub(ident, text), encoding="utf-8")
    found = problems(project)
    assert found and found[0].startswith(f"framework/{ident}.yml:{id_line(record)}: id: the id {ident!r} would give the "
                                         f"page the address /local-framework/{ident}/"), found


def test_a_hand_written_page_at_a_generated_pages_address_is_refused_at_its_path(project):
    (project / "docs" / "questions").mkdir()
    (project / "docs" / "questions" / "index.md").write_text("---\ntitle: Mine\n---\n# Mine\n", encoding="utf-8")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("docs/questions/index.md: has the address /questions/, which is already the page")


@pytest.mark.parametrize("name, target, message", [
    ("stylesheets/leak.css", "/etc/passwd", "is a link to a file outside the project"),
    ("stylesheets/env.css", "/proc/self/environ", "is a link to a file outside the project"),
    ("javascripts/zero.js", "/dev/zero", "is a link to a file outside the project"),
])
def test_a_static_file_that_links_out_of_the_project_is_refused_at_its_path(project, name, target, message):
    os.symlink(target, project / "docs" / name)
    assert problems(project) == [f"docs/{name}:1: {message}; replace it with the file itself"]


def test_a_page_that_links_out_of_the_project_is_refused_at_its_path(project):
    os.symlink("/proc/self/environ", project / "docs" / "environ.md")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("docs/environ.md:1: is a link to a file outside the project")


def test_a_named_pipe_a_folder_and_an_oversized_file_are_refused_at_their_paths(project):
    os.mkfifo(project / "docs" / "stylesheets" / "pipe.css")
    (project / "docs" / "stylesheets" / "folder.css").mkdir()
    (project / "docs" / "stylesheets" / "big.css").write_bytes(b"a" * (static.MAX_STATIC_BYTES + 1))
    os.symlink("/etc", project / "docs" / "etc")
    found = problems(project)
    assert "docs/stylesheets/pipe.css:1: is not a regular file (a named pipe); content files must be ordinary files" in found
    assert "docs/etc: is a link to a folder; put the files themselves in docs/" in found
    assert any(p.startswith("docs/stylesheets/big.css:1: file is larger than 1 MiB") for p in found)
    # a folder named like a stylesheet holds no files: nothing to publish, nothing to refuse
    assert not [p for p in found if "folder.css" in p]


@pytest.mark.parametrize("name, data, message", [
    ("page.html", b"<script>alert(1)</script>", "only pages (.md), stylesheets, scripts and pictures are published from docs/"),
    ("feed.xml", b"<x/>", "only pages (.md), stylesheets, scripts and pictures are published from docs/"),
    ("photo.png", b"<html><script>alert(1)</script>", "is not a PNG file, whatever its name says"),
    ("photo.jpg", b"GIF89a", "is not a JPG file, whatever its name says"),
])
def test_only_the_kinds_of_file_a_page_needs_are_published_and_each_is_what_it_says(project, name, data, message):
    (project / "docs" / name).write_bytes(data)
    found = problems(project)
    assert len(found) == 1 and found[0].startswith(f"docs/{name}: {message}"), found


def test_an_svg_beside_the_pages_is_cleaned_before_it_is_published(project):
    (project / "docs" / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>', encoding="utf-8")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("docs/mark.svg:1:") and "script" in found[0]


def links_leaving_site(html: str, page_url: str) -> list[str]:
    """What the build's hook refuses on a page: the addresses of its cleaned HTML that leave the site."""
    return leaving(clean_and_list(html)[1], page_url)


def test_links_that_leave_the_site_folder_are_found():
    """Found in the page's HTML as cleaned: a picture the cleaning drops (not one of ours) is gone."""
    html = ('<a href="../../x/">in</a><a href="../../../etc/passwd">out</a><a href="/etc/x">root</a>'
            '<img src="../../../pictures/up.svg" alt=""><img src="/etc/y" alt="">'
            '<a href="https://example.org/">far</a><a href="#a">here</a><a href="mailto:a@b.example">mail</a>')
    assert links_leaving_site(html, "myths/vat/") == ["../../../etc/passwd", "/etc/x", "../../../pictures/up.svg"]
    assert links_leaving_site('<a href="../x">', "") == ["../x"]
    assert links_leaving_site('<a href="x/../../../y">', "a/") == ["x/../../../y"]
    assert links_leaving_site('<a href="x/../../y">', "a/") == []
    assert links_leaving_site('<a href="x/../y">', "") == []


def test_links_that_leave_the_site_folder_are_found_as_a_browser_reads_them():
    """A browser reads a backslash as a slash and %2e as a dot, and ignores tabs and line breaks."""
    for address in ("..\\..\\..\\x", "%2e%2e/%2E%2e/%2e./y", ".%2E/../../z", "..&#9;/../../w", "\\\\elsewhere.example/x"):
        assert len(links_leaving_site(f'<a href="{address}">out</a>', "myths/vat/")) == 1, address
    for address in ("..\\..\\x", "%2e%2e/%2e/y", "./%2e/z", "x%2e%2ey/../w", "a..b/c"):
        assert links_leaving_site(f'<a href="{address}">in</a>', "myths/vat/") == [], address


def test_the_build_refuses_a_page_in_no_navigation_and_a_link_out_of_the_site(project):
    (project / "docs" / "stray.md").write_text("---\ntitle: Stray\n---\n# Stray\n\nA page nobody listed.\n", encoding="utf-8")
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "docs/stray.md: is in no navigation" in result.stdout + result.stderr
    (project / "docs" / "stray.md").write_text("---\ntitle: Stray\n---\n# Stray\n\n[Out](../../../etc/passwd)\n", encoding="utf-8")
    unlist(project, "/stray.md")
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "docs/stray.md: links to '../../../etc/passwd', which is outside the site" in result.stdout + result.stderr
    assert not (project / "site").exists()


def test_a_theme_file_that_links_out_of_the_project_stops_the_build(project):
    os.symlink("/etc/passwd", project / "overrides" / "passwd.css")
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "overrides/passwd.css:1: is a link to a file outside the project" in result.stdout + result.stderr
    assert not (project / "site").exists()


def test_a_record_that_links_out_of_the_site_is_refused_at_its_line(project):
    path = sorted((project / "myths").glob("*.yml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["response"] = "See [the secrets](../../../etc/passwd) for more."
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    line = id_line(path, "response")
    assert problems(project) == [f"myths/{path.stem}.yml:{line}: response: links to '../../../etc/passwd'; a link in a "
                                 "record must be a whole web address (https://...), an email address (mailto:...) or a "
                                 "heading on the same page (#...)"]


def test_the_check_and_a_plain_engine_build_refuse_the_same_problem(project):
    """make check, make build, make serve's rebuilds and a plain mkdocs build all run site.check."""
    (project / "docs" / "notes.html").write_text("<p>hello</p>\n", encoding="utf-8")
    expected = "docs/notes.html: only pages (.md), stylesheets, scripts and pictures are published from docs/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    checked = subprocess.run([sys.executable, "-m", "guidance", "check"], cwd=project, capture_output=True, text=True,
                             env={**env, "PYTHONPATH": str(project)}, timeout=300)
    assert checked.returncode == 1 and expected in checked.stdout
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True,
                           env=env, timeout=300)
    assert built.returncode != 0 and expected in built.stdout + built.stderr
    assert "Traceback" not in built.stdout + built.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("call, message", [
    ("{{ law('no-such-law') }}", "law('no-such-law'): there is no legal reference 'no-such-law'; use the id of one in law/"),
    ("{{ cite('no-such-source', 'page 1') }}", "cite('no-such-source'): there is no bibliography entry 'no-such-source'"),
    ("{{ figure('no-such-figure') }}", "figure('no-such-figure'): there is no figure 'no-such-figure'"),
    ("{{ myth_link(5) }}", "myth_link(): write each argument in quotes, as text"),
])
def test_a_macro_call_that_names_nothing_is_refused_at_its_line_before_any_rendering(project, call, message):
    (project / "docs" / "page.md").write_text(f"---\ntitle: A page\nrender_macros: true\n---\n# A page\n\nSee {call}.\n",
                                              encoding="utf-8")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith(f"docs/page.md:7: {message}"), found


def test_a_pdf_placed_in_the_project_is_never_taken_for_a_cached_one(project, monkeypatch):
    """PDFs are kept between builds outside the project unless PHB_PDF_CACHE says otherwise, so a
    file a pull request adds cannot be published as a PDF; a cached entry that is a link or not a
    PDF is made again."""
    monkeypatch.delenv("PHB_PDF_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(project.parent / "user-cache"))
    assert not site.pdf_cache(project).resolve().is_relative_to(project.resolve())
    cache = project.parent / "cache"
    cache.mkdir()
    key = pdf.Job("x", title="A page", organisation="An organisation", web_address=None,
                  date=datetime.date(2026, 1, 1)).key()
    (cache / f"{key}.pdf").write_bytes(b"<html>not a pdf</html>")
    assert pdf._cached(cache, key) is None
    (cache / f"{key}.pdf").unlink()
    os.symlink("/etc/passwd", cache / f"{key}.pdf")
    assert pdf._cached(cache, key) is None
