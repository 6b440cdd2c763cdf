"""Hand-written pages in docs/ are content: read through the gate, front matter checked against
an allowlist, and template code limited to our macros called with literal arguments. Every
refusal names the file and line in plain words; no hostile page makes the check raise."""

from __future__ import annotations

import gc
import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import mkdocs.config
import pytest

import macros
from guidance import handwritten
from tests import hostile_content
from tests.conftest import ROOT, copy_project, unlist
from tests.test_build import build

LIMITED = "template code is limited to our macros called with literal arguments, e.g. {{ law('s75') }}"


def write(root: Path, text: str, name: str = "evil.md") -> Path:
    path = root / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(root: Path, name: str = "evil.md") -> list[str]:
    pages, problems = handwritten.load_pages(root)
    found = [str(p) for p in problems if p.file == f"docs/{name}"]
    assert not found or name not in pages  # a page with a problem is never handed to the engine
    return found


def only_problem(root: Path, name: str = "evil.md") -> str:
    found = problems_of(root, name)
    assert len(found) == 1, found
    assert "Traceback" not in found[0]
    return found[0]


# ---- template code in a page that asks for macros ---------------------------------------

MACRO_PAGE = "---\ntitle: Evil\nrender_macros: true\n---\n# Evil\n\nSome text.\n\n{payload}\n\nMore text.\n"
PAYLOAD_LINE = 9


@pytest.mark.parametrize("payload, found", [
    ("{{ config }}", "found a name that is not one of our macros (config)"),
    ("{{ page }}", "found a name that is not one of our macros (page)"),
    ("{{ cycler.__init__.__globals__ }}", "found an attribute (.__globals__)"),
    ("{{ law.__globals__ }}", "found an attribute (.__globals__)"),
    ("{{ cite('x').upper() }}", "found an attribute (.upper)"),
    ("{{ law(page.title) }}", "found an argument that is not written out as text or a number (page.title)"),
    ("{{ law(key='s75') }}", "found a named argument (key=...)"),
    ("{{ law(*keys) }}", "found an argument list (*args or **kwargs)"),
    ("{{ law(law('s75')) }}", "found an argument that is not written out as text or a number (law(...))"),
    ("{{ lipsum() }}", "found a call to something that is not one of our macros (lipsum(...))"),
    ("{{ 'x' | e }}", "found a filter (| e)"),
    ("{{ 'x' is defined }}", "found a test (is defined)"),
    ("{{ 'a' ~ 'b' }}", "found an operator or condition"),
    ("{{ ['s75'] }}", "found a list, tuple or dictionary"),
    ("{{ none }}", "found a value that is not text or a number (None)"),
    ("{% include '../../etc/passwd' %}", "found an include ({% include %})"),
    ("{% import 'x' as y %}", "found an import ({% import %})"),
    ("{% from 'x' import y %}", "found an import ({% from ... import %})"),
    ("{% extends 'x' %}", "found a template to extend ({% extends %})"),
    ("{% block b %}{% endblock %}", "found a block ({% block %})"),
    ("{% set a = 1 %}", "found a variable set ({% set %})"),
    ("{% for x in y %}{% endfor %}", "found a loop ({% for %})"),
    ("{% if 1 %}{% endif %}", "found a condition ({% if %})"),
    ("{% with a = 1 %}{% endwith %}", "found a with block ({% with %})"),
    ("{% macro m() %}{% endmacro %}", "found a macro definition ({% macro %})"),
    ("{% call law('s75') %}{% endcall %}", "found a call block ({% call %})"),
    ("{% filter upper %}x{% endfilter %}", "found a filter block ({% filter %})"),
    ("{{ law('s75', 'x') }}", "found law() with 2 argument(s); law() takes 1 argument"),
    ("{{ sources_list('x') }}", "found sources_list() with 1 argument(s); sources_list() takes 0 arguments"),
])
def test_template_code_other_than_our_macros_is_refused_at_its_line(content_tree, payload, found):
    root = content_tree()
    write(root, MACRO_PAGE.format(payload=payload))
    problem = only_problem(root)
    assert problem.startswith(f"docs/evil.md:{PAYLOAD_LINE}: {LIMITED}")
    assert f"; {found}" in problem


def test_a_template_syntax_error_is_refused_at_its_line(content_tree):
    root = content_tree()
    write(root, MACRO_PAGE.format(payload="{{ law('s75' }}"))
    problem = only_problem(root)
    assert problem.startswith(f"docs/evil.md:{PAYLOAD_LINE}: template syntax error: ")
    assert "check that every {{ has its }}" in problem


def test_each_piece_of_refused_code_is_reported_at_its_own_file_line(content_tree):
    root = content_tree()
    # front matter of five lines, two blank lines that the engine strips, then the body
    write(root, "---\ntitle: Evil\nrender_macros: true\nsearch:\n  exclude: true\n---\n\n\n# Evil\n"
                "{{ law('s75') }} and {{ config }}\n\ntext\n{% set a = 1 %}\n")
    found = problems_of(root)
    assert [p.split(": ", 1)[0] for p in found] == ["docs/evil.md:10", "docs/evil.md:13"]
    assert found[0].endswith("(config)") and found[1].endswith("({% set %})")


@pytest.mark.parametrize("payload", [
    "{{ law('s75') }}",
    "{{ cite('some-source', 'page 4') }} and {{ figure('a-figure') }} and {{ myth_link('a-myth') }}",
    "Use {{ \"{{ law('s75') }}\" }} to cite a law.",
    "{{ questions_by_section() }}\n\n{{ sources_list() }}\n\n{{ law_list() }}",
    "{# a comment #}{% raw %}{{ config }}{% endraw %}",
    "{{ 5 }} {{ 2.5 }}",
])
def test_our_macros_with_literal_arguments_pass(content_tree, payload):
    root = content_tree()
    write(root, MACRO_PAGE.format(payload=payload))
    pages, problems = handwritten.load_pages(root)
    assert problems == []
    assert pages["evil.md"].meta == {"title": "Evil", "render_macros": True}


def test_a_page_without_render_macros_is_not_a_template(content_tree):
    root = content_tree()
    text = "---\ntitle: Shown as written\n---\n# Code\n\n{{ config }} {% include '../../etc/passwd' %} {% if %}\n"
    write(root, text)
    pages, problems = handwritten.load_pages(root)
    assert problems == []
    assert pages["evil.md"] == handwritten.Page("evil.md", "docs/evil.md", {"title": "Shown as written", "render_macros": False}, text)


def test_raw_html_in_a_page_is_refused_at_its_line(content_tree):
    root = content_tree()
    write(root, "---\ntitle: Evil\n---\n# Evil\n\ntext\n<script>alert(1)</script>\n", name="sub/evil.md")
    assert only_problem(root, "sub/evil.md") == ("docs/sub/evil.md:7: raw HTML or script ('<script>alert(1)</script'); "
                                                 "write Markdown only")



def test_raw_html_is_reported_even_in_a_page_without_front_matter(content_tree):
    root = content_tree()
    write(root, "# Evil\n\n<img src=x onerror=alert(1)>\n")
    assert [p.split(": ", 1)[0] for p in problems_of(root)] == ["docs/evil.md:1", "docs/evil.md:3"]


# ---- front matter ------------------------------------------------------------------------

FIELD_PAGE = "---\ntitle: A page\n{field}\n---\n# A page\n"
ALLOWED = "the fields allowed here are title, description, hide, render_macros, search"


@pytest.mark.parametrize("field", [
    "template: redirect.html",
    "location: https://example.org",
    "author: '\"><meta http-equiv=refresh>'",
    "status: x\"y",
    "icon: ../../x",
    "tags: [x]",
    "ignore_macros: true",
])
def test_front_matter_outside_the_allowlist_is_refused_at_its_line(content_tree, field):
    root = content_tree()
    write(root, FIELD_PAGE.format(field=field))
    name = field.split(":")[0]
    assert only_problem(root) == (f"docs/evil.md:3: {name}: {name!r} is not allowed in a page's front matter; "
                                  f"remove it ({ALLOWED})")


@pytest.mark.parametrize("page, expected", [
    ('---\ntitle: "{{ config }}"\n---\n# x\n',
     "docs/evil.md:2: title: holds template code ('{{'); front matter is plain text, so write it without {{, {% or {#"),
    ("---\ntitle: A page\ndescription: About {% if 1 %}x{% endif %}\n---\n# x\n",
     "docs/evil.md:3: description: holds template code ('{%'); front matter is plain text, so write it without {{, {% or {#"),
    ("---\ntitle: 5\n---\n# x\n", "docs/evil.md:2: title: must be a valid string"),
    ("---\ntitle: A page\nhide: [everything]\n---\n# x\n",
     "docs/evil.md:3: hide[0]: must be 'navigation', 'toc', 'footer' or 'path'"),
    ("---\ntitle: A page\nrender_macros: 'yes'\n---\n# x\n", "docs/evil.md:3: render_macros: must be a valid boolean"),
    ("---\ntitle: A page\nsearch:\n  boost: 1000\n---\n# x\n",
     "docs/evil.md:4: search.boost: must be less than or equal to 10"),
    ("---\ntitle: A page\nsearch:\n  weight: 2\n---\n# x\n",
     "docs/evil.md:4: search.weight: 'weight' is not allowed in a page's front matter; remove it "
     "(the fields allowed here are exclude, boost)"),
    ("---\ntitle: &a A page\ndescription: *a\n---\n# x\n", "docs/evil.md:2: YAML anchors and aliases (& and *) are not allowed"),
    ("---\ntitle: !!python/name:os.system x\n---\n# x\n",
     "docs/evil.md:2: YAML tags (! and !!) are not allowed; write the value plainly"),
    ("---\nrender_macros: false\n---\n# x\n",
     "docs/evil.md:2: title: missing: every page needs a title in its front matter, for example title: The law"),
    ("---\n- a list\n---\n# x\n", "docs/evil.md:2: front matter must be fields (key: value), starting with title:"),
    ("# A page without front matter\n",
     "docs/evil.md:1: has no front matter: every page starts with a line ---, then title: and the page's title, then a line ---"),
    # MkDocs reads "key: value" lines at the top of a page as front matter even without ---
    ("template: redirect.html\nlocation: https://example.org\n\n# x\n",
     "docs/evil.md:1: has no front matter: every page starts with a line ---, then title: and the page's title, then a line ---"),
    ("---\ntitle: A page\n# x\n", "docs/evil.md:1: front matter is not closed: end it with a line holding only ---"),
])
def test_front_matter_problems_are_refused_at_their_line(content_tree, page, expected):
    root = content_tree()
    write(root, page)
    assert only_problem(root) == expected


def test_template_code_is_checked_even_when_the_front_matter_is_refused(content_tree):
    root = content_tree()
    write(root, "---\ntitle: Evil\nrender_macros: true\ntemplate: redirect.html\n---\n# Evil\n\n{{ config }}\n")
    found = problems_of(root)
    assert [p.split(": ", 1)[0] for p in found] == ["docs/evil.md:4", "docs/evil.md:8"]


def test_allowed_front_matter_reaches_the_engine_as_plain_data(content_tree):
    root = content_tree()
    write(root, "---\r\ntitle: A page\r\ndescription: What it says\r\nhide: [toc, footer]\r\nrender_macros: false\r\n"
                "search:\r\n  exclude: true\r\n  boost: 2\r\n---\r\n# A page\r\n")
    pages, problems = handwritten.load_pages(root)
    assert problems == []
    page = pages["evil.md"]
    assert page.meta == {"title": "A page", "description": "What it says", "hide": ["toc", "footer"],
                         "render_macros": False, "search": {"exclude": True, "boost": 2.0}}
    assert type(page.meta["search"]) is dict and type(page.meta["search"]["boost"]) is float
    assert "\r" not in page.text and page.text.startswith("---\ntitle: A page\n")  # as MkDocs reads it


# ---- the gate --------------------------------------------------------------------------

def test_a_page_linked_to_a_file_outside_the_project_is_refused(content_tree, tmp_path_factory):
    root = content_tree()
    hostname = Path("/etc/hostname")
    target = hostname if hostname.is_file() else tmp_path_factory.mktemp("outside") / "hostname"
    if target != hostname:
        target.write_text("secret-host\n")
    (root / "docs").mkdir()
    (root / "docs" / "evil.md").symlink_to(target)
    assert only_problem(root) == "docs/evil.md:1: is a link to a file outside the project; replace it with the file itself"


def test_a_folder_linked_outside_the_project_is_refused(content_tree, tmp_path_factory):
    root = content_tree()
    outside = tmp_path_factory.mktemp("outside")
    (outside / "page.md").write_text("---\ntitle: Outside\n---\n# Outside\n")
    (root / "docs").mkdir()
    (root / "docs" / "linked").symlink_to(outside, target_is_directory=True)
    pages, problems = handwritten.load_pages(root)
    assert pages == {}
    assert [str(p) for p in problems] == ["docs/linked: is a link to a folder outside the project; "
                                          "replace it with the folder itself"]


def test_a_named_pipe_is_refused_without_blocking(content_tree):
    root = content_tree()
    (root / "docs").mkdir()
    os.mkfifo(root / "docs" / "evil.md")
    assert only_problem(root) == "docs/evil.md:1: is not a regular file (a named pipe); content files must be ordinary files"


def test_an_oversized_page_is_refused(content_tree):
    root = content_tree()
    write(root, "---\ntitle: Big\n---\n" + "word " * (handwritten.MAX_PAGE_BYTES // 5 + 1))
    assert only_problem(root) == "docs/evil.md:1: file is larger than 256 KiB; the limit keeps builds fast and safe"


def test_names_starting_with_a_dot_are_skipped_as_mkdocs_does(content_tree):
    root = content_tree()
    write(root, "not a page {{ config }}", name=".draft.md")
    write(root, "not a page {{ config }}", name=".hidden/page.md")
    assert handwritten.load_pages(root) == ({}, [])


def test_the_projects_own_pages_pass():
    pages, problems = handwritten.load_pages(ROOT)
    assert problems == []
    assert pages and all(page.meta["title"] for page in pages.values())


# ---- the macros context ------------------------------------------------------------------

def test_macros_py_registers_exactly_the_macros_a_page_may_call(content_tree):
    root = content_tree()
    registered: dict = {}
    env = SimpleNamespace(project_dir=str(root), macro=lambda fn, name: registered.__setitem__(name, fn), variables={})
    macros.define_env(env)
    assert tuple(registered) == handwritten.MACROS
    assert env.variables == {}  # no catalogue, paths or other Python object for templates


def test_before_each_page_the_template_context_is_reduced_to_our_macros():
    macro = lambda key: key  # noqa: E731
    page = SimpleNamespace(meta={"render_macros": True, "title": "A page"}, file=SimpleNamespace(abs_src_path="/x"))
    variables = {name: object() for name in ("config", "extra", "environment", "plugin", "git", "macros", "filters",
                                             "filters_builtin", "navigation", "files", "local_setting")}
    variables["page"] = page
    globals_ = {"law": macro, "cite": macro, "cycler": object(), "range": range, "context": macro, "macros_info": macro,
                "now": macro, "fix_url": macro, "lipsum": macro, "namespace": object()}
    env = SimpleNamespace(variables=variables, env=SimpleNamespace(globals=globals_))
    macros.on_pre_page_macros(env)
    assert set(env.variables) == {"page"}
    assert set(env.env.globals) == {"law", "cite"} and env.env.globals["law"] is macro
    stand_in = env.variables["page"]
    assert stand_in.meta == {"render_macros": True}  # what mkdocs-macros reads to decide to render
    assert not hasattr(stand_in, "file") and not hasattr(stand_in, "__dict__")
    assert [name for name in vars(type(stand_in)) if callable(getattr(type(stand_in), name)) and name != "__init__"] == []

    page.meta["render_macros"] = False
    env.variables["page"] = page
    macros.on_pre_page_macros(env)
    assert env.variables["page"].meta == {"render_macros": False}


def test_mkdocs_macros_runs_no_git_for_variables_no_page_sees(monkeypatch):
    """mkdocs-macros fills a ``git`` variable (the last commit, its author and their email) by
    running git a dozen times; on_pre_page_macros deletes it before any page, so the build's
    hook answers as git would outside a repository, and git is never run."""
    ran = []
    real = subprocess.check_output
    monkeypatch.setattr(subprocess, "check_output",
                        lambda command, *args, **kwargs: ran.append(command) or real(command, *args, **kwargs))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = mkdocs.config.load_config(str(ROOT / "mkdocs.yml"))
    try:
        config.plugins.on_startup(command="serve", dirty=False)  # a preview's set-up: no lock, no staging
        config = config.plugins.on_config(config)
    finally:
        gc.unfreeze()  # the hook sets the checked content aside until the build ends
    assert config.plugins["macros"].variables["git"] == {"status": False, "date": None}
    assert ran == []


def test_a_page_cannot_reach_the_configuration_in_a_build(tmp_path):
    """Through ``config`` a template once reached the hook module and ran a shell command. The
    build's refusal here comes from the reduced macros context (macros.on_pre_page_macros);
    once guidance/mkdocs_hooks.py runs handwritten.load_pages, the hook refuses the page first
    and reports docs/evil.md:6."""
    project = copy_project(tmp_path)
    marker = hostile_content.marker(project)
    write(project, "---\ntitle: Evil\nrender_macros: true\n---\n# Evil\n\n{{ config.plugins }}\n"
                   "{% for hook in config.hooks.values() %}"
                   f"{{{{ hook.sys.modules.os.system('touch {marker}') }}}}{{% endfor %}}\n")
    unlist(project, "/evil.md")
    (project / "site").mkdir()
    (project / "site" / "last-good.txt").write_text("last good build\n")
    result = build(project)
    assert result.returncode != 0
    assert not marker.exists()
    assert (project / "site" / "last-good.txt").is_file()
    assert not list(project.glob(".site.staging*"))
