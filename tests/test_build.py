"""Build the real site into a temporary folder and check what it publishes."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from guidance import load_catalogue
from guidance.kinds.changes import change_page
from guidance.site import nav as site_nav, url_of
from tests.conftest import copy_project, unlist

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]
PROJECT_FILES = ["mkdocs.yml", "macros.py", "sections.yml", "local.yml", "intros.yml", "guidance", "templates", "docs", "overrides", "myths", "law",
                 "bibliography", "framework", "changes", "questions", "figures",
                 "lessons", "stories", "easy-read", "your-budget"]


def build(project: Path, site_dir: Path | None = None) -> subprocess.CompletedProcess:
    args = MKDOCS + ["build", "--strict"] + (["--site-dir", str(site_dir)] if site_dir else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"}
    return subprocess.run(args, cwd=project, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="session")
def catalogue():
    cat, problems = load_catalogue(ROOT)
    assert problems == []
    return cat


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def test_every_myth_has_a_complete_page(site, catalogue):
    for myth in catalogue.myths.values():
        html = page(site, f"myths/{myth.id}")
        text = text_of(html)
        for heading in ("The myth", "Response", "Background", "What local areas did", "The law", "References", "Related myths"):
            assert f">{heading}<" in html, (myth.id, heading)
        assert "Page last reviewed:" in text and "Next review due:" in text
        assert myth.review.next_review_due.strftime("%-d %B %Y") in text
        for key in myth.law:
            assert f'href="../../law/{key}/"' in html, (myth.id, key)
        for other in myth.related:
            assert f'href="../{other}/"' in html
        references = html.split('id="references"', 1)[1]
        for c in myth.sources:  # every source in the numbered references, linked to its own page
            assert f'href="../../sources/{c.source}/"' in references, (myth.id, c.source)
        assert "(Source:" not in text
        for note in myth.currency:
            assert "What has changed" in text


def test_every_law_has_a_page_with_status_and_cited_by(site, catalogue):
    cited = catalogue.law_cited_by
    for law in catalogue.laws.values():
        html = page(site, f"law/{law.key}")
        assert str(law.url) in html
        assert law.title.replace("'", "&#39;") in html or law.title in html
        assert law.checked.strftime("%-d %B %Y") in html
        for myth in cited.get(law.key, []):
            assert f'href="../../myths/{myth.id}/"' in html


def test_sections_sources_and_home(site, catalogue):
    home = text_of(page(site, ""))
    for section in catalogue.sections:
        assert section.title in home
        html = page(site, f"sections/{section.id}")
        for myth in catalogue.myths_in(section.id):
            assert f'href="../../myths/{myth.id}/"' in html
    sources = page(site, "sources")
    for key in catalogue.sources:
        assert f'id="{key}"' in sources


def test_inline_law_macro_renders_a_citation_link(site):
    assert 'href="s75/"' in page(site, "law")


def test_json_export(each_site):
    site, catalogue = each_site.site, each_site.catalogue
    data = json.loads((site / "api" / "content.json").read_text(encoding="utf-8"))
    address = catalogue.local.organisation.web_address  # local.yml's web address makes the urls absolute
    base = str(address) if address else ""
    assert [m["id"] for m in data["myths"]] == [m.id for m in catalogue.ordered_myths]
    first = data["myths"][0]
    assert {"id", "title", "url", "section", "answer", "law", "sources", "review"} <= set(first)
    assert {"last_reviewed", "next_review_due"} <= set(first["review"])
    assert {law["key"] for law in data["law"]} == set(catalogue.laws)
    for law in data["law"]:
        assert {"key", "title", "url", "status", "checked"} <= set(law)
        assert law["url"].startswith(base) and (site / law["url"].removeprefix(base) / "index.html").is_file()
    for myth in data["myths"]:
        assert (site / myth["url"].removeprefix(base) / "index.html").is_file()
    for change in data.get("changes", []):  # each document checked: its title and its address, never the address alone
        assert change["confirmed_at"] and all(set(d) == {"title", "url"} for d in change["confirmed_at"]), change["id"]
    # each citation: its place in words and the web addresses checked for it, as plain strings
    for myth, record in zip(data["myths"], catalogue.ordered_myths):
        assert myth["sources"] == [{"source": c.source, "at": c.at, "addresses": [str(a) for a in c.addresses]}
                                   for c in record.sources]


def test_no_third_party_fonts_or_scripts(each_site):
    site = each_site.site
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, html_file
        for tag in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//[^>]*>', html):
            if 'rel="canonical"' not in tag:  # the page's own published address names it, loads nothing
                pytest.fail(f"{html_file} loads a resource from another origin: {tag}")


def test_stable_urls(catalogue):
    assert url_of("myths/vat.md") == "myths/vat/"
    assert url_of("law/s75.md") == "law/s75/"
    assert url_of("index.md") == ""


# ---- bad input never publishes -------------------------------------------------

@pytest.fixture
def project_copy(tmp_path) -> Path:
    for name in PROJECT_FILES:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    # a last good site, which a failed build must leave alone
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "last-good.txt").write_text("last good build\n")
    return tmp_path


def test_content_error_stops_the_build_and_keeps_the_last_good_site(project_copy):
    path = project_copy / "myths" / "vat.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "answr: a misspelt field")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "myths/vat.yml:4: answr: unknown field" in result.stderr + result.stdout
    assert (project_copy / "site" / "last-good.txt").is_file()
    assert not list(project_copy.glob(".site.staging*"))


def test_strict_warning_stops_the_build_and_keeps_the_last_good_site(project_copy):
    (project_copy / "docs" / "broken.md").write_text("---\ntitle: Broken\n---\n# Broken\n\n[nowhere](no-such-page.md)\n")
    unlist(project_copy, "/broken.md")
    result = build(project_copy)
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
    assert (project_copy / "site" / "last-good.txt").is_file()
    assert not list(project_copy.glob(".site.staging*"))


def test_good_build_replaces_the_site(project_copy):
    result = build(project_copy)
    assert result.returncode == 0, result.stderr
    assert not (project_copy / "site" / "last-good.txt").exists()
    assert (project_copy / "site" / "myths" / "vat" / "index.html").is_file()


def test_every_internal_link_and_anchor_in_the_html_resolves(each_site):
    """Where the site is published: the fork is served under /phb/ (tests/fork.py)."""
    from guidance.linkcheck import internal_problems

    assert internal_problems(each_site.site, each_site.base) == []


# Link text that shows a web address (all of it, or inside it) to a reader instead of the document's title.
RAW_ADDRESS = re.compile(r"(?:https?:|\bwww\.)", re.IGNORECASE)


class _LinkTexts(HTMLParser):
    """The text of every link on a page (a link inside a link counts once, as the outer one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.texts: list[tuple[str, str]] = []  # (text, href)
        self.href = ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.depth += 1
            if self.depth == 1:
                self.parts, self.href = [], dict(attrs).get("href") or ""

    def handle_endtag(self, tag):
        if tag == "a" and self.depth:
            self.depth -= 1
            if not self.depth:
                self.texts.append((" ".join("".join(self.parts).split()), self.href))

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def link_texts(html: str) -> list[tuple[str, str]]:
    reader = _LinkTexts()
    reader.feed(html)
    reader.close()
    return reader.texts


def test_no_link_shows_a_raw_address_as_its_text(each_site):
    """A link names what it leads to (the document's title), not its address: 'https://...' or 'www...'."""
    found = []
    for html_file in sorted(each_site.site.rglob("*.html")):
        name = html_file.relative_to(each_site.site).as_posix()
        found += [f"{name}: {text!r} -> {href}" for text, href in link_texts(html_file.read_text(encoding="utf-8"))
                  if RAW_ADDRESS.search(text)]
    assert found == []


def test_the_raw_address_check_sees_an_address_as_link_text():
    html = '<p><a href="https://a.example/">https://a.example/</a> <a href="https://b.example/"><code>www.b.example</code></a> ' \
           '<a href="https://c.example/">The C report</a></p>'
    assert [text for text, _ in link_texts(html) if RAW_ADDRESS.search(text)] == ["https://a.example/", "www.b.example"]


def test_each_change_page_links_every_document_checked_by_its_title(site, catalogue):
    for change in catalogue.changes.values():
        links = link_texts(page(site, url_of(change_page(change.id))))
        for document in change.confirmed_at:
            assert (document.title, str(document.url)) in links, (change.id, document.title)


def test_legislation_links_follow_the_official_pattern(site):
    from guidance.linkcheck import external_links, legislation_problems

    laws = [url for url in external_links(site) if url.startswith("https://www.legislation.gov.uk/ukpga/")]
    assert len(laws) >= 10
    assert legislation_problems(site) == []


def test_legislation_check_catches_a_malformed_address(tmp_path):
    from guidance.linkcheck import legislation_problems

    (tmp_path / "index.html").write_text(
        '<a href="https://www.legislation.gov.uk/">home</a>'
        '<a href="https://www.legislation.gov.uk/ukpga/2006/41/section/75">ok</a>'
        '<a href="https://www.legislation.gov.uk/ukpga/2006/section75">bad</a>'
    )
    assert legislation_problems(tmp_path) == [
        "index.html: https://www.legislation.gov.uk/ukpga/2006/section75: not a legislation.gov.uk address for an Act and provision"
    ]


def test_link_checker_catches_a_broken_link_and_anchor(tmp_path):
    from guidance.linkcheck import internal_problems

    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<h1 id="top">x</h1><a href="a/">ok</a><a href="#top">ok</a>')
    (tmp_path / "a" / "index.html").write_text('<a href="../#nowhere">bad anchor</a><a href="../b/">bad page</a>')
    assert internal_problems(tmp_path) == [
        "a/index.html: ../#nowhere: no anchor #nowhere on index.html",
        "a/index.html: ../b/: no such page or file",
    ]


def test_the_404_pages_root_relative_links_resolve_under_the_path_the_site_is_served_at(tmp_path):
    """A GitHub project site is served under /<repository>/: the 404 page (served at any address)
    links to /phb/assets/..., which is the folder's assets/...; a link outside /phb/ is not."""
    from guidance.linkcheck import base_path, internal_problems

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("")
    (tmp_path / "index.html").write_text('<h1 id="top">x</h1>')
    (tmp_path / "404.html").write_text('<a href="/phb/.">home</a><a href="/phb/#top">top</a>'
                                       '<link href="/phb/assets/site.css"><a href="/phb/assets/none.css">x</a>'
                                       '<a href="/assets/site.css">x</a><a href="/phb/../assets/site.css">x</a>')
    assert base_path("https://riverside-icb.github.io/phb/") == base_path("https://riverside-icb.github.io/phb") == "/phb/"
    assert base_path("https://phb.example/") == base_path(None) == "/"
    assert internal_problems(tmp_path, "/phb/") == [
        "404.html: /assets/site.css: outside /phb/, where the site is served",
        "404.html: /phb/../assets/site.css: outside /phb/, where the site is served",
        "404.html: /phb/assets/none.css: no such page or file",
    ]
    assert internal_problems(tmp_path, "/") == [
        "404.html: /phb/#top: no such page or file",
        "404.html: /phb/.: no such page or file",
        "404.html: /phb/assets/none.css: no such page or file",
        "404.html: /phb/assets/site.css: no such page or file",
    ]


def test_the_links_command_checks_under_the_path_given_or_local_ymls(tmp_path, capsys):
    from guidance.__main__ import main as cli

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<h1 id="top">x</h1>')
    (site / "404.html").write_text('<a href="/phb/#top">top</a>')
    (tmp_path / "local.yml").write_text((FIXTURES / "sample" / "local.yml").read_text(encoding="utf-8").replace(
        "web_address: https://phb.northmoor.example/", "web_address: https://northmoor.github.io/phb/"), encoding="utf-8")
    assert cli(["links", str(site), "--root", str(tmp_path)]) == 0
    assert "Checking the site as served under /phb/." in capsys.readouterr().out
    assert cli(["links", str(site), "--base", "/"]) == 1
    assert "404.html: /phb/#top: no such page or file" in capsys.readouterr().out


def test_builds_of_one_commit_are_byte_identical(tmp_path):
    """Two builds of the same files, one after the other. (Not against the session's first build:
    the accessibility test writes its results for the statement in between, which changes it.)"""
    site, again = tmp_path / "first", tmp_path / "again"
    for folder in (site, again):
        result = build(ROOT, folder)
        assert result.returncode == 0, result.stderr
    first = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    assert [str(p) for p in first if (site / p).read_bytes() != (again / p).read_bytes()] == []


def test_hostile_content_stops_the_build(project_copy):
    path = project_copy / "myths" / "vat.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("answer:", "answer: <img src=x onerror=alert(1)>\nanswer_was:", 1), encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "myths/vat.yml:" in result.stderr and "raw HTML or script" in result.stderr
    assert (project_copy / "site" / "last-good.txt").is_file()


def test_every_page_shows_review_dates_computed_at_build_time(each_site):
    site = each_site.site
    pages = [p for p in site.rglob("index.html")]
    assert len(pages) > 40
    for html_file in pages:
        text = text_of(html_file.read_text(encoding="utf-8"))
        assert "Next review due:" in text or "Next check due:" in text, html_file
    # the build date (SOURCE_DATE_EPOCH in build()) decides what is overdue, without any script
    overdue_epoch_site = page(site, "myths/vat")
    assert "phb-review--current" in overdue_epoch_site


def test_overdue_review_is_flagged_on_the_page(project_copy):
    env_epoch = "1830000000"  # 2027-12-29: after every next review date in the content
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": env_epoch}
    result = subprocess.run(MKDOCS + ["build", "--strict"], cwd=project_copy, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (project_copy / "site" / "myths" / "vat" / "index.html").read_text(encoding="utf-8")
    assert "phb-review--overdue" in html and "(<strong>Overdue</strong>)" in html


GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def site_now(tmp_path_factory) -> Path:
    """The project built with MkDocs now, for the tests that compare another build with it: the
    session's build may be older than test-results/accessibility.json, which the accessibility
    statement reads and the browser tests rewrite."""
    out = tmp_path_factory.mktemp("now") / "site"
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


def test_properdocs_builds_the_project_unchanged(site_now, tmp_path):
    """ProperDocs, the maintained fork of MkDocs, builds the same site from the same files: every
    file the same, byte for byte, but the generator's name in each page's head."""
    out = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"}
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "properdocs" in result.stderr  # it really was ProperDocs that built it
    assert b"ProperDocs" in (out / "index.html").read_bytes()
    files = lambda root: sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())  # noqa: E731
    assert files(out) == files(site_now)
    differ = [name for name in files(site_now)
              if GENERATOR.sub(b"", (out / name).read_bytes()) != GENERATOR.sub(b"", (site_now / name).read_bytes())]
    assert differ == []


def _article_words(html_text: str) -> str:
    """What a page's article says, as words: without the contents list and the review dates (both
    added by the hooks and the theme overrides) and the headings' permalinks."""
    article = html_text.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    for added in (r'<nav class="phb-contents".*?</nav>', r'<aside class="phb-review.*?</aside>',
                  r'<a class="headerlink"[^>]*>.*?</a>'):
        article = re.sub(added, "", article, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def test_the_page_step_builds_every_page_without_hooks_or_macros(site_now, tmp_path):
    """`python -m guidance pages` writes every page as finished Markdown and a configuration with
    no hooks, no macros and no theme overrides; plain MkDocs builds the same pages from it, each
    saying the same words as the published page, and the same other files (PDFs, pictures, the
    export). This is what an engine that runs no hooks (Zensical) would be given."""
    out = tmp_path / "pages"
    result = subprocess.run([sys.executable, "-m", "guidance", "pages", str(out)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"})
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and "custom_dir" not in config["theme"]
    assert [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]] == ["search"]
    assert not any("{{" in p.read_text(encoding="utf-8") for p in (out / "docs").rglob("*.md"))  # macros expanded
    plain = tmp_path / "plain-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"}
    result = subprocess.run(MKDOCS + ["build", "--strict", "-f", str(out / "mkdocs.yml"), "--site-dir", str(plain)],
                            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    files = lambda root: sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())  # noqa: E731
    assert files(plain) == files(site_now)
    pages = [name for name in files(site_now) if name.endswith("index.html")]
    assert len(pages) > 100
    differ = [name for name in pages if _article_words(page(plain, name[:-len("index.html")]))
              != _article_words(page(site_now, name[:-len("index.html")]))]
    assert differ == []
    same = [name for name in files(site_now) if name.endswith((".pdf", ".json", ".svg", ".png"))
            and name != "search/search_index.json"]
    assert same and [n for n in same if (plain / n).read_bytes() != (site_now / n).read_bytes()] == []


def test_the_page_step_stops_at_a_bad_line_and_never_overwrites_a_folder_of_its_own(content_tree, tmp_path_factory):
    """Bad content stops `python -m guidance pages` at file:line with a hint, writing nothing;
    a folder it did not write is never replaced."""
    project = content_tree("missing-field")
    out = tmp_path_factory.mktemp("pages") / "out"
    run = lambda *args: subprocess.run([sys.executable, "-m", "guidance", "pages", *args], cwd=ROOT,  # noqa: E731
                                       capture_output=True, text=True, timeout=300)
    result = run(str(out), "--root", str(project))
    assert result.returncode == 1
    assert "myths/vat.yml:1: answer: missing: add a line 'answer: ...'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr and not out.exists()
    foreign = tmp_path_factory.mktemp("someone-elses")
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run(str(foreign))
    assert result.returncode == 1 and "was not written by `python -m guidance pages`" in result.stdout
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def staff_pages(site: Path) -> list[Path]:
    """Every page with the site's own footer: all but the easy-read pages, whose footer is their
    own (the local contacts, "Ask someone you trust to help you read this" and the pictures'
    credit; see test_easy_read.py and the browser tests)."""
    pages = [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "easy-read"]
    assert len(pages) > 100
    return pages


def test_every_footer_says_guidance_not_advice_links_the_statements_and_takes_reports(each_site):
    """Every footer links the accessibility statement, privacy and cookies and About this site
    (where the licences and the data export now are). Reports go where local.yml says: an email
    address (with the page in the subject) or a web address such as the repository's issues
    page (as it is)."""
    from html import unescape

    report = each_site.catalogue.local.organisation.report_a_problem
    for html_file in staff_pages(each_site.site):
        footer = html_file.read_text(encoding="utf-8").split('<div class="md-copyright">', 1)[1]
        assert "This is guidance, not legal advice." in footer, html_file
        depth = "../" * (len(html_file.relative_to(each_site.site).parts) - 1)
        for address, text in (("accessibility/", "Accessibility statement"), ("privacy/", "Privacy and cookies"),
                              ("about/", "About this site")):
            link = re.search(rf'<a href="([^"]*)">{text}</a>', footer)
            assert link and link.group(1) in (depth + address, "./"), (html_file, text, link and link.group(1))
        assert "CC BY" not in footer and "api/content.json" not in footer, html_file  # on About this site now
        href = unescape(re.search(r'<a href="([^"]*)">Report a problem with this page</a>', footer).group(1))
        if "@" in report:
            assert href.startswith(f"mailto:{report}?subject=Problem%20with%20the%20page"), (html_file, href)
        else:
            assert href == report, (html_file, href)


def test_every_answer_is_followed_by_its_law_and_main_source_before_the_response(site, catalogue):
    for myth in catalogue.myths.values():
        html = page(site, f"myths/{myth.id}")
        title_to_myth = html.split("<h1", 1)[1].split('id="the-myth"', 1)[0]
        answer, basis = title_to_myth.split('class="phb-answer"', 1)[1].split('class="phb-basis"', 1)
        assert myth.answer.replace("'", "&#39;") in answer or myth.answer in answer, myth.id
        if len(myth.law) > 3:  # the rest are a link away, under "The law"
            assert 'href="#the-law"' in basis, myth.id
        for key in myth.law[:3]:
            law = catalogue.laws[key]
            assert f'href="../../law/{key}/"' in basis and law.checked.strftime("%-d %B %Y") in basis, (myth.id, key)
        assert f'href="../../sources/{myth.sources[0].source}/"' in basis, myth.id


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def _wait_for(url: str, seconds: float = 120) -> tuple[int, str]:
    import time
    import urllib.error

    deadline = time.monotonic() + seconds
    while True:
        try:
            return _get(url)
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_a_preview_of_broken_content_shows_the_problem_in_the_browser(tmp_path):
    """`make serve` with a mistake in local.yml: every address answers with the problem, at
    its file and line, with the hint, instead of waiting for a build that cannot finish."""
    project = copy_project(tmp_path)
    local = project / "local.yml"
    text = local.read_text(encoding="utf-8")
    local.write_text(re.sub(r"^(  quorum:) \d+$", r"\1 five", text, count=1, flags=re.M), encoding="utf-8")
    line = next(n for n, row in enumerate(local.read_text(encoding="utf-8").splitlines(), 1) if "quorum: five" in row)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(MKDOCS + ["serve", "--strict", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        status, home = _wait_for(f"http://127.0.0.1:{port}/")
        _, page = _get(f"http://127.0.0.1:{port}/myths/vat/")
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    assert status == 200, log
    for html in (home, page):
        assert "The site cannot be built yet" in html
        assert f"<code>local.yml:{line}</code>: panel.quorum: must be a whole number, written in digits" in html
    assert "Traceback" not in log and f"local.yml:{line}: panel.quorum" in log


class _MenuLinks(HTMLParser):
    """The addresses one page's menu (Material's primary navigation) links to, and its text's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.menu: list[str] = []
        self.text: list[str] = []
        self._menu = 0  # navs open inside the menu, the menu's own included
        self._text = 0  # inside the article

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "nav" and (self._menu or "md-nav--primary" in (values.get("class") or "").split()):
            self._menu += 1
        elif tag == "article":
            self._text += 1
        elif tag == "a" and values.get("href"):
            (self.menu if self._menu else self.text if self._text else []).append(values["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._menu:
            self._menu -= 1
        elif tag == "article" and self._text:
            self._text -= 1


def _pages(url: str, hrefs: list[str]) -> set[str]:
    """The pages (addresses under the site, '' for the home page) that links on the page at ``url`` lead to."""
    found = set()
    for href in hrefs:
        target = href.split("#", 1)[0]
        if target and not re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I):
            path = os.path.normpath(os.path.join("/" + url, target)).strip("/")
            found.add("" if path in (".", "") else path + "/")
    return found


def test_the_menu_reaches_every_page_in_it_from_the_home_page(site, catalogue):
    """The menu holds only the open section's pages (navigation.prune): every other section is one
    link, to its first page, whose menu opens that section. Following the menu alone, page by page,
    from the home page, reaches every page the menu lists, as a reader on a phone does; and no
    page's menu lists every page. An easy-read page has its own layout, without the staff menu:
    the menu leads to the easy-read list, whose text links every easy-read page."""
    from guidance.site import nav, nav_paths

    listed = {url_of(path) for path in nav_paths(nav(catalogue))}
    reached, todo, largest = {""}, [""], 0
    while todo:
        url = todo.pop()
        parser = _MenuLinks()
        parser.feed((site / url / "index.html").read_text(encoding="utf-8"))
        menu = _pages(url, parser.menu)
        largest = max(largest, len(menu))
        for found in (menu or _pages(url, parser.text)) - reached:
            if (site / found / "index.html").is_file():
                reached.add(found)
                todo.append(found)
    assert listed - reached == set()
    assert largest < len(listed)


def test_make_it_your_own_is_for_commissioners_linked_from_about_not_the_navigation(site):
    assert (site / "make-it-your-own" / "index.html").is_file()
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./make-it-your-own/">make it your own</a>', about)
    for html_file in staff_pages(site):
        html = html_file.read_text(encoding="utf-8")
        head, footer = html.split('<div class="md-copyright">', 1)
        assert not re.search(r'href="(\.\./)*make-it-your-own/"', footer), html_file
        nav = head.split('<nav class="md-nav md-nav--primary"', 1)[1] if 'md-nav--primary' in head else head
        assert "make-it-your-own/" not in nav.split("</nav>", 1)[0] or html_file.parent.name == "make-it-your-own", html_file


def test_a_group_in_the_menu_has_its_own_page_first_or_none(catalogue):
    """The menu (overrides/partials/nav-item.html) takes a group's own page to be its first entry,
    so as not to go through every page of every group on every page: the navigation puts it there."""
    def groups(items):
        for item in items:
            for title, value in (item.items() if isinstance(item, dict) else []):
                if isinstance(value, list):
                    yield title, value
                    yield from groups(value)

    found = list(groups(site_nav(catalogue)))
    assert found
    for title, entries in found:
        paths = [next(iter(e.values())) if isinstance(e, dict) else e for e in entries]
        own = [i for i, path in enumerate(paths) if isinstance(path, str) and path.endswith("index.md")]
        assert own in ([], [0]), (title, own)


def test_the_search_index_leaves_out_lists_of_links_to_other_pages(site):
    """What does not help find a page is marked data-search-exclude (guidance/searchindex.py):
    the lists of links to other pages, each found by search on its own page, the law and source
    under an answer, the link to an easy-read version and a long page's contents list. A page's
    own words stay: its answer, its sections, its keywords."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    left_out = ("related-myths", "questions-leaders-ask", "lessons-and-messages", "peoples-stories",
                "the-law", "pages-that-cite-it", "cited-by", "pages-this-change-affects", "in-the-local-framework")
    assert [d["location"] for d in docs if d["location"].rsplit("#", 1)[-1] in left_out] == []
    pages = {d["location"]: d for d in docs if "#" not in d["location"]}
    assert not [url for url, d in pages.items() if "Contents<ol>" in d["text"] or "Main source" in d["text"]]
    assert {"myths/vat/#response", "myths/vat/#background"} <= {d["location"] for d in docs}
    assert pages["myths/vat/"]["tags"] and pages["myths/vat/"]["boost"] > 1
