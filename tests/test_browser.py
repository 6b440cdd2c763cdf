"""The built site in headless Chromium: search finds the right page, nothing leaves the origin."""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
import yaml

from guidance.handwritten import load_pages
from tests.test_build import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# What staff type, and the page that must come first.
SEARCHES = {
    "VAT": "myths/vat/",
    "pooled budget": "myths/pooled-budgets/",
    "panel": "myths/panels/",
    "section 75": "law/s75/",
    "s75": "law/s75/",
    # "data protection" finds the Data Protection Act 2018 first: a page whose title is those words
    # (issue 18: search finds a page by its name). The myth about sharing information is found by
    # the question in QUESTIONS, "can we share information with the council".
    "data protection": "law/dpa-2018/",
    "sign off": "myths/sign-off/",
}


@pytest.fixture(scope="session")
def chromium_path():
    if not CHROMIUM:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI: apt-get install -y chromium")
        pytest.skip("Chromium not found: install it (apt-get install -y chromium) to run the browser tests")
    return CHROMIUM


class Served(NamedTuple):
    name: str  # 'project' or 'fork'
    base: str  # the site's address, e.g. http://127.0.0.1:8765/phb/
    site: Path  # the folder served
    catalogue: object  # what it was built from


def serve(folder: Path, path: str = "/"):
    """Serve ``folder`` on a local port under ``path``, as GitHub Pages serves a project site
    under /<repository>/; return the server and the site's address."""
    handler = functools.partial(_PublishedHandler, directory=str(folder), path=path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{path}"


@pytest.fixture(scope="session")
def served_site(request):
    """A session build, served on a local port as it is published, under the path of its
    web_address: the project's own or, for a test marked ON_EACH_SITE, also the fork's
    (tests/fork.py), under /phb/."""
    from guidance import load_catalogue
    from guidance.linkcheck import base_path

    name = getattr(request, "param", "project")
    out, root = (request.getfixturevalue("site"), ROOT) if name == "project" else (request.getfixturevalue("fork_site"), None)
    catalogue = load_catalogue(root or out.parent)[0]
    address = catalogue.local.organisation.web_address
    server, base = serve(out, base_path(str(address) if address else None))
    yield Served(name, base, out, catalogue)
    server.shutdown()


# The tests whose subject a fork's local.yml can change (the header, the footer, the pages made
# from local.yml, the address the site is served at) run on the fork too. The rest (the easy-read
# layout, the ranking of the questions, the dark scheme's colours) depend on the national content
# and the theme alone, which a fork does not change, and run on the project's build only.
ON_EACH_SITE = pytest.mark.parametrize("served_site", ["project", "fork"], indirect=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _PublishedHandler(_QuietHandler):
    """The folder's files under ``path`` (/phb/x is the folder's x); nothing else on the host.
    A file missing under ``path`` gets the site's 404.html, with status 404, as on GitHub Pages."""

    def __init__(self, *args, path: str = "/", **kwargs):
        self.published = path
        super().__init__(*args, **kwargs)

    def send_head(self):
        address = urlsplit(self.path).path
        if address != self.published.rstrip("/") and not address.startswith(self.published):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path):
        if urlsplit(path).path == self.published.rstrip("/"):  # /phb: the folder, which is redirected to /phb/
            return self.directory
        return super().translate_path(path[len(self.published) - 1:])

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory) / "404.html"
        if code != 404 or not urlsplit(self.path).path.startswith(self.published) or not missing.is_file():
            return super().send_error(code, message, explain)
        body = missing.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


# Questions typed as people ask them, and the pages that answer them: one of these, or a page
# below one, must be among the first three results.
QUESTIONS = {
    "who signs off the plan": ["myths/sign-off/", "local-framework/authorisation-appeals/"],
    "can the budget pay for a holiday": ["your-budget/what-the-money-can-buy/", "easy-read/spending/",
                                         "local-framework/money/"],
    "what if I disagree": ["your-budget/if-you-disagree/", "easy-read/disagree/", "local-framework/authorisation-appeals/"],
    "can I pay a relative": ["your-budget/paying-a-family-member/", "local-framework/money/", "easy-read/ways-to-hold/"],
    "is it cost effective": ["evidence/", "questions/financial-case/"],
    "what will it cost to set up": ["evidence/", "questions/set-up-cost/"],
    "how many people have a personal health budget": ["evidence/"],
    "take-up of personal budgets": ["evidence/"],
    "take-up": ["evidence/"],
    "set-up cost": ["questions/set-up-cost/", "evidence/"],
    "how can we avoid double running": ["questions/freeing-money/"],
    "what did people with a budget say": ["stories/", "evidence/"],
    "can we pool the money": ["myths/pooled-budgets/"],
    "does VAT stop us": ["myths/vat/"],
    "can we share information with the council": ["myths/confidentiality/"],
    "what is section 75": ["law/s75/"],
    "do we need a panel": ["myths/panels/"],
    "how is the budget set": ["myths/resource-allocation/"],
    "is NHS care means tested": ["myths/means-testing/"],
    "will clinicians support it": ["myths/clinical-engagement/"],
    "what about risk": ["myths/risk/"],
    "our IT systems do not link up": ["myths/it-systems/"],
    "who has the right to a personal health budget": ["your-budget/who-can-have-one/", "changes/right-to-have/",
                                                      "easy-read/who-has-a-right/",
                                                      "local-framework/purpose-principles/", "law/rssr-2012-reg-32a/"],
    "what replaced clinical commissioning groups": ["changes/icbs-replaced-ccgs/", "law/hca-2022/"],
    "does the equality duty apply": ["myths/equalities/", "law/equality-act-s149/"],
    "treatment not approved by NICE": ["myths/clinical-evidence/"],
    # "NICE" alone finds the page titled "NICE guidance" first (search finds a page by its name), and
    # the myth about treatment NICE has not approved among the first three.
    "NICE": ["myths/clinical-evidence/"],
    "what can the budget not be spent on": ["your-budget/what-the-money-can-buy/", "local-framework/money/",
                                            "easy-read/spending/"],
    "who co-ordinates my care": ["your-budget/your-care-plan/", "local-framework/monitoring-review/",
                                 "easy-read/who-can-help/"],
    "different planning cycles": ["myths/planning-reporting/"],
}


# Questions a person with a budget or their family types: the page written for them comes first.
BUDGET_HOLDER_QUESTIONS = {
    "can I pay a family member": "your-budget/paying-a-family-member/",
    "direct payment": "your-budget/direct-payments/",
    "who can help me manage the money": "your-budget/help-managing-the-money/",
    "section 117 aftercare": "your-budget/section-117-aftercare/",
    "wheelchair": "your-budget/personal-wheelchair-budgets/",
    "can my budget pay for a holiday": "your-budget/what-the-money-can-buy/",
    "what if I disagree": "your-budget/if-you-disagree/",
}


def search(page, base: str, query: str) -> list[dict]:
    """Type a query as a person would; the results as they are shown: address (under ``base``,
    where the site is served), title, text.
    A page already at ``base`` is reused: the box is emptied and the old results are gone first."""
    results = page.locator(".md-search-result__list .md-search-result__item")
    if page.url != base:
        page.goto(base)
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.fill("")
    expect_no_results(results)
    counted = page.evaluate("window.__searches ? window.__searches.asked : null")
    box.type(query, delay=20)
    link = page.locator(".md-search-result__list .md-search-result__item > a.md-search-result__link").first
    link.wait_for(state="attached", timeout=10_000)
    if counted is None:  # a page without the search counter: let the list settle after the last key
        page.wait_for_timeout(300)
    else:  # the answer to the last key is the one shown, however busy the machine
        page.wait_for_function(ANSWERED, arg=[base, counted], timeout=60_000)
    return page.evaluate("""base => [...document.querySelectorAll(
        '.md-search-result__list .md-search-result__item > a.md-search-result__link')].map(a => {
          const u = new URL(a.getAttribute('href'), document.baseURI), root = new URL(base).pathname;
          const title = a.querySelector('h1, h2'), teaser = a.querySelector('p, .md-search-result__teaser');
          return {path: u.pathname.startsWith(root) ? u.pathname.slice(root.length) : u.pathname,
                  title: title ? title.innerText : '', text: teaser ? teaser.innerText : '', shown: a.innerText};
        })""", base)


def expect_no_results(results) -> None:
    from playwright.sync_api import expect

    expect(results).to_have_count(0, timeout=10_000)


@pytest.fixture(scope="module")
def search_page(browser, served_site):
    """One page for all the searches of this module: the search index loads once."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(COUNT_SEARCHES)  # search() waits for the answer to the last key
    page.goto(served_site.base)
    yield page
    context.close()


def first_result(page, base: str, query: str) -> str:
    return search(page, base, query)[0]["path"]


@ON_EACH_SITE
@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_search_finds_the_right_page_first(search_page, served_site, query):
    base = served_site.base
    assert first_result(search_page, base, query) == SEARCHES[query], query


@pytest.mark.parametrize("query", sorted(QUESTIONS))
def test_a_question_finds_its_answer_in_the_first_three_results(search_page, served_site, query):
    base = served_site.base
    found = [r["path"] for r in search(search_page, base, query)[:3]]
    # a page, or one of the pages below it (a part of a framework element, a set of figures)
    assert any(path.startswith(answer) for path in found for answer in QUESTIONS[query]), \
        f"{query!r}: the first three results were {found}"


@pytest.mark.parametrize("query", sorted(BUDGET_HOLDER_QUESTIONS))
def test_a_budget_holders_question_finds_the_page_written_for_them_first(search_page, served_site, query):
    base = served_site.base
    assert first_result(search_page, base, query) == BUDGET_HOLDER_QUESTIONS[query], query


@ON_EACH_SITE
def test_a_result_shows_the_title_and_the_answer_not_keywords(page, served_site):
    myth = served_site.catalogue.myths["vat"]
    base = served_site.base
    first = search(page, base, "VAT")[0]
    assert first["path"] == "myths/vat/"
    assert first["title"] == myth.question
    assert myth.answer[:60] in " ".join(first["text"].split())
    visible_chips = page.evaluate("[...document.querySelectorAll('.md-search-result .md-tag')].filter(t => t.offsetParent).length")
    assert visible_chips == 0


def test_a_repealed_law_ranks_below_the_law_that_replaced_it(page, served_site):
    base = served_site.base
    found = [r["path"] for r in search(page, base, "Data Protection Act")]
    assert "law/dpa-2018/" in found and "law/dpa-1998/" in found, "\n".join(found)
    assert found.index("law/dpa-2018/") < found.index("law/dpa-1998/"), found


# Search finds a page by its name. Every page of the built site but the home page is typed into the
# search box by its title, as it is shown in the page's heading, and by its first three words:
#
# - a title: the page comes first. Pages that share a title (the same words, any case) come first
#   together, the standard pages before the easy-read ones: an easy-read page comes first for its
#   own title only when no other page has that title.
# - the first three words: the words of the title up to its third word that search uses (small
#   words such as "what", "do", "the", which search weighs but does not complete, are not counted,
#   so "Do we need a pooled budget" is the start of "Do we need a pooled budget before ..."). The
#   page is among the first results, as many as there are pages whose titles have every one of
#   those words, or a word that starts with it, as search completes words ("health" finds
#   "healthcare"). A title with three such words or fewer is only typed whole.
#
# The titles come from the build, so new pages and new titles are tested as they are added.


class _Heading(HTMLParser):
    """A page's <h1> as a reader sees it (without its permalink), and whether it is an easy-read page."""

    def __init__(self):
        super().__init__()
        self.inside, self.permalink, self.done, self.easy_read, self.parts = False, False, False, False, []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        self.easy_read = self.easy_read or "phb-er-header" in classes
        if tag == "h1" and not self.done:
            self.inside = True
        elif self.inside and tag == "a" and "headerlink" in classes:
            self.permalink = True

    def handle_endtag(self, tag):
        if tag == "h1" and self.inside:
            self.inside, self.done = False, True
        elif tag == "a":
            self.permalink = False

    def handle_data(self, data):
        if self.inside and not self.permalink:
            self.parts.append(data)


class Titled(NamedTuple):
    path: str
    title: str
    easy_read: bool


def page_titles(site_dir: Path) -> list[Titled]:
    """Every page of the built site with its heading, but the home page (the search box's own page)."""
    found = []
    for url in site_pages(site_dir):
        if not url or not url.endswith("/"):
            continue
        heading = _Heading()
        heading.feed((site_dir / url / "index.html").read_text(encoding="utf-8"))
        title = " ".join("".join(heading.parts).split())
        if title:
            found.append(Titled(url, title, heading.easy_read))
    return found


def small_words(site_dir: Path) -> set[str]:
    """The small words the site's search script weighs without completing them."""
    script = (site_dir / "javascripts" / "search-questions.js").read_text(encoding="utf-8")
    listed = re.search(r"new Set\(\(([^)]*)\)\.split", script)
    assert listed, "javascripts/search-questions.js no longer lists its small words as the test expects"
    return set(re.sub(r'["+\s]+', " ", listed.group(1)).split())


def _letters(word: str) -> str:
    return re.sub("[^a-z]", "", word.lower())


def search_words(text: str, small: set[str]) -> list[str]:
    """The words of ``text`` that search completes (any case, without punctuation)."""
    return [w for w in (re.sub(r"[^\w']", "", word.lower()) for word in re.split(r"[\s\-]+", text))
            if w and _letters(w) not in small]


def first_three_words(title: str, small: set[str]) -> str | None:
    """The title up to its third word that search completes; None if that is the whole title."""
    words, counted = title.split(), 0
    for i, word in enumerate(words):
        if _letters(word) not in small:
            counted += 1
            if counted == 3:
                return " ".join(words[:i + 1]) if i + 1 < len(words) else None
    return None


def title_failures(pages: list[Titled], small: set[str], results: dict[str, list[str]]) -> list[str]:
    """What the rule above finds wrong in ``results`` (query: addresses in the order shown)."""
    failures = []
    for p in pages:
        same = [q for q in pages if q.title.lower() == p.title.lower()]
        shown = results[p.title][:len(same)]
        order = [q.path for q in sorted(same, key=lambda q: q.easy_read)]
        standard = {q.path for q in same if not q.easy_read}
        if set(shown) != set(order) or any(path in standard for path in shown[len(standard):]):
            failures.append(f"{p.title!r}: wanted {order} first, got {results[p.title][:len(same) + 2]}")
        start = first_three_words(p.title, small)
        if start is None:
            continue
        words = set(search_words(start, small))
        named = [q for q in pages if all(any(w.startswith(typed) for w in search_words(q.title, small))
                                         for typed in words)]
        if p.path not in results[start][:len(named)]:
            failures.append(f"{start!r} (the start of {p.title!r}): wanted {p.path} in the first {len(named)}, "
                            f"got {results[start][:len(named) + 2]}")
    return failures


# Counts the queries the page sends to Material's search worker and its answers, so that a search
# is read once the answer to its last keystroke is on the screen, without waiting a set time.
COUNT_SEARCHES = """(() => {
  const Native = window.Worker;
  if (!Native) return;
  const state = window.__searches = {asked: 0, answered: 0, first: null, pages: []};
  const post = Native.prototype.postMessage;
  Native.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 2) state.asked++;
    return post.call(this, message, ...rest);
  };
  window.Worker = function (...args) {
    const worker = new Native(...args);
    worker.addEventListener("message", event => {
      if (event.data && event.data.type === 3) {
        const items = event.data.data.items || [];
        const group = items[0] || [];
        const article = group.find(doc => !doc.location.includes("#")) || group[0];
        state.first = article ? article.location : null;
        state.pages = items.map(g => (g.find(doc => !doc.location.includes("#")) || g[0]).location.split("#")[0]);
        state.answered++;
      }
    });
    return worker;
  };
  window.Worker.prototype = Native.prototype;
})();"""

SHOWN = """base => [...document.querySelectorAll(
    '.md-search-result__list .md-search-result__item > a.md-search-result__link')].map(a => {
      const u = new URL(a.getAttribute('href'), document.baseURI), root = new URL(base).pathname;
      return u.pathname.startsWith(root) ? u.pathname.slice(root.length) : u.pathname;
    })"""

ANSWERED = """([base, before]) => {
  const s = window.__searches;
  if (!s || s.asked <= before || s.asked !== s.answered) return false;
  const link = document.querySelector('.md-search-result__list .md-search-result__item > a.md-search-result__link');
  if (s.first === null) return link === null;
  if (!link) return false;
  const u = new URL(link.getAttribute('href'), document.baseURI);
  return u.pathname === new URL(s.first, base).pathname;
}"""


def typed_search(page, base: str, query: str) -> list[str]:
    """Type ``query`` into the search box as a person does, and read the addresses of the results,
    in the order shown, once the search has answered the last key. Material searches when a key is let go
    (keyup), so the box is filled with all but the last character and the last one is pressed as a
    key: the search that runs is the one a person's last keystroke runs, without the searches of
    every key before it, which only the last one's answer replaces."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.keyboard.press("/")
        box.wait_for(state="visible")
    before = page.evaluate("window.__searches ? window.__searches.asked : 0")
    box.fill(query[:-1])
    box.press(query[-1])
    page.wait_for_function(ANSWERED, arg=[base, before], timeout=60_000)
    shown = list(dict.fromkeys(page.evaluate(SHOWN, base)))  # a page, then its sections that match
    found = page.evaluate("window.__searches.pages")
    # Material shows the first results and the next ones as the reader scrolls, in the order the
    # search gave them: the whole list is read from the search's answer, once what is shown agrees.
    assert shown and found[:len(shown)] == shown, (query, shown, found[:len(shown)])
    return found


@ON_EACH_SITE
def test_search_finds_every_page_by_its_title_and_its_first_three_words(browser, served_site):
    base, site_dir = served_site.base, served_site.site
    pages, small = page_titles(site_dir), small_words(site_dir)
    assert len(pages) > 40
    queries = {p.title for p in pages} | {s for p in pages if (s := first_three_words(p.title, small))}
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(COUNT_SEARCHES)
    page.goto(base)
    try:
        results = {query: typed_search(page, base, query) for query in sorted(queries)}
    finally:
        context.close()
    failures = title_failures(pages, small, results)
    assert not failures, f"{len(failures)} of {len(queries)} searches:\n" + "\n".join(failures)


@ON_EACH_SITE
@pytest.mark.parametrize("url", ["", "myths/vat/", "law/s75/", "sources/", "sections/workforce/", "local-offer/"])
def test_no_request_leaves_the_site(page, served_site, url):
    base = served_site.base
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + url, wait_until="networkidle")
    outside = [r for r in requests if not (r.startswith(base) or r.startswith("data:") or r.startswith("blob:"))]
    assert requests and not outside, outside


def site_pages(site_dir: Path) -> list[str]:
    """Every page of the built site, as a URL relative to the site root."""
    urls = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        urls.append(rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
    return urls


def one_page_of_each_kind(urls: list[str]) -> list[str]:
    """The first page under each top-level folder (every template and stylesheet in use)."""
    first: dict[str, str] = {}
    for url in urls:
        first.setdefault(url.split("/", 1)[0], url)
    return list(first.values())


# Where the axe test records what it checked, for the accessibility statement (guidance/kinds/statements.py
# reads it through the gate at the next build; git ignores the folder).
AXE_RESULTS = ROOT / "test-results" / "accessibility.json"
# Every page on a desktop. (A run of one page of each kind at phone width, ((390, 844), False),
# finds axe's landmark-unique in Material's menu at that width, on sections that have their own
# index page; add it here once the menu is fixed, and the statement will say so.)
AXE_SIZES = [((1280, 900), True), ((390, 844), False)]  # every page on a desktop; one of each kind on a phone


def browser_name() -> str:
    return "Google Chrome" if CHROMIUM and "chrome" in Path(CHROMIUM).name and "chromium" not in CHROMIUM else "Chromium"


@pytest.mark.parametrize("served_site", ["project", "fork"], indirect=True)
def test_every_page_has_no_axe_violations(browser, served_site):
    """Every page, the fork's too, at each size in AXE_SIZES, with the reader's system set to
    dark: the site has one light scheme, so it is what every reader sees. For the project's own
    build, what was checked and what was found is written to test-results/accessibility.json,
    which the accessibility statement states at the next build."""
    import datetime as dt
    import json

    from axe_playwright_python.sync_playwright import Axe

    base, site_dir = served_site.base, served_site.site
    axe = Axe()
    found, violations, runs, engine = [], [], [], ""
    urls = site_pages(site_dir)
    assert len(urls) > 40
    for (width, height), every_page in AXE_SIZES:
        context = browser.new_context(color_scheme="dark", viewport={"width": width, "height": height})
        page = context.new_page()
        checked = urls if every_page else one_page_of_each_kind(urls)
        for url in checked:
            page.goto(base + url)
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default", url
            results = axe.run(page, options={"resultTypes": ["violations"]})
            engine = results.response["testEngine"]["version"]
            for violation in results.response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.append(f"{url or '/'} at {width}px: {violation['id']} ({violation['impact']}): {targets}")
                violations.append({"page": url, "rule": violation["id"], "impact": violation["impact"], "width": width,
                                   # axe's words name elements as <html>; the statement shows them as plain text
                                   "help": violation["help"].replace("<", "").replace(">", "")[:300]})
        runs.append({"width": width, "height": height, "pages": len(checked), "every_page": every_page})
        context.close()
    if served_site.name == "project":
        AXE_RESULTS.parent.mkdir(exist_ok=True)
        AXE_RESULTS.write_text(json.dumps({
            "date": dt.date.today().isoformat(), "axe_core": engine, "browser": browser_name(),
            "browser_version": browser.version, "runs": runs, "violations": violations,
        }, indent=2) + "\n", encoding="utf-8")
    assert found == []


LOOK = """(organisation) => {
  const article = document.querySelector('article');
  const text = e => { const c = e.cloneNode(true); c.querySelectorAll('.headerlink').forEach(x => x.remove());
                      return c.textContent.replace(/\\s+/g, ' ').trim(); };
  const size = e => e ? parseFloat(getComputedStyle(e).fontSize) : null;
  const paragraphs = [...article.querySelectorAll(':scope > p')].filter(p => !p.matches('.phb-answer'));
  const active = document.querySelector('.md-nav--primary a.md-nav__link--active');
  const header = document.querySelector('.md-header__title').innerText;
  const logo = document.querySelector('.md-header__button.md-logo img');
  const links = [...article.querySelectorAll('a[href]')].filter(a => !a.matches('.headerlink, .md-button'));
  return {
    toggle: document.querySelectorAll('form[data-md-component=palette], [data-md-color-media]').length,
    prevNext: document.querySelectorAll('.md-footer__link').length,
    crumbs: [...document.querySelectorAll('.md-path__item')].map(e => e.innerText.trim()),
    header: getComputedStyle(document.querySelector('.md-header') || document.body).backgroundColor,
    named: header.split(organisation).length - 1,
    logo: logo ? {alt: logo.alt, width: logo.naturalWidth, shown: logo.offsetParent !== null} : null,
    h1: text(article.querySelector('h1')),
    label: active ? active.textContent.replace(/\\s+/g, ' ').trim() : null,
    body: Math.min(...paragraphs.map(size)),  // the smallest paragraph of the page's own text
    notes: [...article.querySelectorAll('.admonition, details')].map(box =>
      Math.min(...[...box.querySelectorAll('p, li, .admonition-title, summary')].map(size))),
    plain: links.filter(a => !getComputedStyle(a).textDecorationLine.includes('underline')).map(a => a.textContent.trim()),
    inlineSource: article.innerText.includes('(Source:'),
    footer: [...document.querySelectorAll('.md-copyright a')].filter(a => a.getClientRects().length)
      .map(a => a.innerText.trim()),
  };
}"""
# The statements every footer links to, by their address under the site and their heading.
STATEMENTS = {"accessibility/": "Accessibility statement", "privacy/": "Privacy and cookies", "about/": "About this site"}
FOOTER_LINKS = """() => {
  const footer = document.querySelector('.md-copyright, .phb-er-footer');
  if (!footer) return null;
  return [...footer.querySelectorAll('a')].filter(a => a.getClientRects().length)
    .map(a => ({text: a.innerText.trim(), href: a.href}));
}"""


@ON_EACH_SITE
def test_every_footer_links_the_three_statements(browser, served_site):
    """Every page, the easy-read pages and the 404 page too, shows the links to the accessibility
    statement, the privacy and cookies statement and About this site in its footer; each leads
    to its statement. The footer is in each page's HTML, so its script is not run: the pages load
    quickly enough to open every one."""
    base, site_dir = served_site.base, served_site.site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    missing = []
    for url in site_pages(site_dir):
        page.goto(base + url, wait_until="domcontentloaded")
        links = {link["text"]: link["href"] for link in page.evaluate(FOOTER_LINKS) or []}
        for address, title in STATEMENTS.items():
            if links.get(title) != base + address:
                missing.append(f"{url or '/'}: {title} -> {links.get(title)}")
    assert missing == []
    for address, title in STATEMENTS.items():
        page.goto(base + address)
        assert page.locator("article h1").first.evaluate("h => h.firstChild.textContent.trim()") == title
    context.close()


STORAGE = """() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie})"""


@ON_EACH_SITE
def test_the_browser_holds_exactly_what_the_privacy_statement_lists_and_no_cookie(browser, served_site):
    """Use the site as a reader does (search, open a result, the menu, an easy-read page, back),
    then look in the browser: its storage holds exactly the keys the privacy statement lists
    (Material prefixes each with the site's path), and there is no cookie."""
    base = served_site.base
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "privacy/")
    listed = page.evaluate("[...document.querySelectorAll('article table code')].map(c => c.innerText.trim())")
    search(page, base, "panel")
    page.locator(".md-search-result__list a.md-search-result__link").first.click()
    page.wait_for_load_state()
    page.locator(".md-nav--primary a[href]:visible").nth(3).click()
    page.wait_for_load_state()
    page.goto(base + "easy-read/")
    page.locator("article a[href]").first.click()
    page.wait_for_load_state()
    page.go_back()
    page.goto(base + "local-offer/")
    page.wait_for_load_state("networkidle")
    held = page.evaluate(STORAGE)
    cookies = context.cookies()
    context.close()
    scope = urlsplit(base).path + "."
    keys = sorted(key.removeprefix(scope) for key in held["local"] + held["session"])
    assert keys == sorted(listed), (keys, listed)
    assert cookies == [] and held["cookie"] == ""


@ON_EACH_SITE
@pytest.mark.parametrize("width", [390, 1280])
def test_the_look_of_public_sector_guidance_on_every_kind_of_page(browser, served_site, width):
    """One page of each kind and the home page, on a phone and a desktop: NHS blue header that
    names the organisation once (with its logo, if local.yml names one), no colour switch, no
    previous/next links, breadcrumbs on every page below the home page, the menu label the
    page's own heading, body text at NHS.UK's size (16px on a phone, 19px from 641px wide),
    caveat boxes at body size and every link in the text underlined."""
    base, site_dir = served_site.base, served_site.site
    organisation = served_site.catalogue.local.organisation
    least = 19 if width > 640 else 16
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    urls = [u for u in one_page_of_each_kind(site_pages(site_dir)) if u.endswith("/") and not u.startswith("easy-read/")]
    assert len(urls) >= 10
    for url in [""] + urls:
        page.goto(base + url)
        look = page.evaluate(LOOK, organisation.name)
        assert look["toggle"] == 0 and look["prevNext"] == 0, (url, look)
        assert look["header"] == "rgb(0, 94, 184)", (url, look)
        assert look["named"] == 1, f"the header of /{url} names {organisation.name!r} {look['named']} times"
        if organisation.logo:
            assert look["logo"] == {"alt": organisation.name, "width": look["logo"]["width"], "shown": width > 1000}, look
            assert look["logo"]["width"] > 0, f"the logo did not load on /{url}"
        else:
            assert look["logo"] is None, (url, look)
        if url:  # below the home page: the way back up is shown, starting at the home page
            assert look["crumbs"] and look["crumbs"][0] == "Home", f"no breadcrumbs on {url} at {width}px: {look['crumbs']}"
        else:
            assert look["crumbs"] == [], look
        if url and not not_in_menu(url):
            assert look["label"] == look["h1"], f"/{url}: the menu says {look['label']!r}, the page {look['h1']!r}"
        assert not look["inlineSource"], f"/{url}: a '(Source: ...)' in the text; cite with a numbered reference"
        assert set(STATEMENTS.values()) <= set(look["footer"]), f"/{url} at {width}px: the footer shows {look['footer']}"
        assert least <= look["body"] < 100, f"/{url} at {width}px: body text is {look['body']}px"
        assert all(note >= look["body"] for note in look["notes"]), f"/{url} at {width}px: a box's text is smaller " \
                                                                    f"than the body's: {look['notes']} < {look['body']}"
        assert look["plain"] == [], f"/{url}: links not underlined: {look['plain'][:5]}"
    context.close()


def not_in_menu(url: str) -> bool:
    """Whether mkdocs.yml leaves the page at this address out of the menu on purpose (not_in_nav:
    the statements, the page for commissioners, each source's page)."""
    import fnmatch

    patterns = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["not_in_nav"].split()
    source = url.rstrip("/") + ".md"
    return any(fnmatch.fnmatch("/" + source, pattern) for pattern in patterns)


@ON_EACH_SITE
def test_every_page_loads_nothing_from_another_origin(browser, served_site):
    """Every page, until the network falls quiet; six tabs at a time, every request recorded.
    The fork, served under /phb/: nothing is requested outside it. Its pages share their
    templates and scripts with the project's, so one page of each kind is enough there (the
    link check reads every page's links, tests/test_fork.py)."""
    base, site_dir = served_site.base, served_site.site
    context = browser.new_context()
    outside: list[str] = []
    seen: list[str] = []

    def record(request):
        seen.append(request.url)
        if not request.url.startswith((base, "data:", "blob:")):
            outside.append(request.url)

    context.on("request", record)
    tabs = [context.new_page() for _ in range(6)]
    urls = site_pages(site_dir)
    if served_site.name == "fork":
        urls = one_page_of_each_kind(urls)
        assert "404.html" in urls and "local-offer/" in urls and len(urls) >= 10
    for start in range(0, len(urls), len(tabs)):
        batch = list(zip(tabs, urls[start:start + len(tabs)]))
        for tab, url in batch:
            tab.goto(base + url, wait_until="commit")
        for tab, url in batch:
            tab.wait_for_load_state("networkidle")
    context.close()
    assert len(seen) > len(urls) and outside == []


@ON_EACH_SITE
def test_a_missing_page_gets_the_404_page_with_its_theme_and_a_way_home(page, served_site):
    """An address under the site that names no page: the 404 page, whose root-relative links
    (built from the path of local.yml's web_address) load the theme and lead to the home page."""
    base = served_site.base
    missing = base + "no-such-page/"
    failed: list[str] = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.url != missing else None)
    response = page.goto(missing, wait_until="networkidle")
    assert response.status == 404 and failed == []
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # the theme's CSS
    home = page.evaluate("document.querySelector('a.md-header__button.md-logo').href")
    assert home == base
    page.goto(home)
    assert page.title() == f"Personal health budgets: {served_site.catalogue.local.organisation.name}"


@ON_EACH_SITE
def test_keyboard_alone_reaches_skip_link_search_and_navigation(page, served_site):
    base = served_site.base
    page.goto(base + "myths/vat/")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.classList.contains('md-skip'), document.activeElement.textContent.trim()]")
    assert focused == [True, "Skip to content"]
    page.keyboard.press("Enter")
    heading_id = page.evaluate("document.querySelector('article h1').id")
    assert page.url.endswith("#" + heading_id)
    # Material handles the new #anchor asynchronously; a key pressed within a few milliseconds
    # of it is lost, which no person typing would notice, so pause as a person would
    page.wait_for_timeout(500)
    # search by keyboard: the shortcut focuses the box, typing finds results, Enter opens the first
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("panel", delay=30)
    page.locator(".md-search-result__item").first.wait_for(state="attached")
    page.wait_for_timeout(300)  # let the result list settle after the last keystroke
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/myths/panels/**")
    # navigation by keyboard: tabbing forward reaches links in the site navigation
    reached_nav = False
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-nav--primary') && document.activeElement.tagName === 'A'"):
            reached_nav = True
            break
    assert reached_nav
    # focus is always visible
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@ON_EACH_SITE
def test_a_page_opens_without_the_search_index_and_search_fetches_it_when_wanted(browser, served_site):
    """The search index, the site's largest file, is not fetched as a page opens
    (javascripts/search-on-demand.js): only once the reader starts to search. Focusing the box
    and typing then finds results, on a desktop and a phone (where the box opens from its icon)."""
    base = served_site.base
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(urlsplit(request.url).path))
        page.goto(base + "myths/vat/")
        page.wait_for_load_state("networkidle")
        assert not [path for path in asked if path.endswith("/search_index.json")], (width, asked)
        if width > 1000:
            page.locator("input.md-search__input").focus()
        else:
            page.locator("label.md-header__button[for=__search]").click()
        page.keyboard.type("panel", delay=30)
        page.locator(".md-search-result__list .md-search-result__item").first.wait_for(state="attached", timeout=30_000)
        assert [path for path in asked if path.endswith("/search_index.json")] == [urlsplit(base).path + "search/search_index.json"]
        context.close()


def test_on_a_phone_the_menu_opens_each_section_on_its_own_page(browser, served_site):
    """The menu holds the open section's pages only (navigation.prune): on a phone, another
    section is one link in the menu; it opens the section's first page, whose menu lists the
    section's pages."""
    base = served_site.base
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base)
    page.locator("label.md-header__button[for=__drawer]").click()
    section = page.locator(".md-nav--primary .md-nav__item--pruned > a:visible").first
    section.wait_for(state="visible")
    title = section.inner_text().strip()
    section.click()
    page.wait_for_load_state()
    page.locator("label.md-header__button[for=__drawer]").click()
    opened = page.locator(".md-nav--primary .md-nav__item--active > nav > .md-nav__title").last
    assert opened.inner_text().strip() == title
    assert page.locator(".md-nav--primary .md-nav__item--active > nav > ul > li > a:visible").count() > 0
    context.close()


@pytest.fixture(scope="session")
def hostile_site(hostile_project):
    """The hostile build (tests/conftest.py), served on this machine."""
    project, _ = hostile_project
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_check_refuses_the_hostile_page_with_file_and_line():
    problems = [str(p) for p in load_pages(Path(__file__).parent / "fixtures", "hostile")[1]]
    assert problems[0].startswith("hostile/hostile.md:1: has no front matter")
    assert len(problems) == 9 and all(p.startswith("hostile/hostile.md:") and "raw HTML or script" in p for p in problems[1:])


def test_hostile_page_runs_no_script(page, hostile_site):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_site + "hostile/", wait_until="networkidle")
    assert page.locator("h1").inner_text().startswith("Hostile page")
    content = page.locator("article")
    content.locator("text=Hover over this paragraph.").hover()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert content.locator("script, iframe, svg, img").count() == 0
    assert page.evaluate(
        "[...document.querySelectorAll('article *')].flatMap(e => [...e.attributes])"
        ".filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)).length"
    ) == 0


# Pages whose content holds the hostile edits of tests/hostile_content.py, and the hostile page.
HOSTILE_PAGES = ["", "myths/vat/", "myths/panels/", "law/s75/", "sources/", "sections/finance-legal/", "hostile/"]


def test_hostile_content_runs_nothing_redirects_nowhere_and_requests_nothing_outside(browser, hostile_site, hostile_project):
    project, payloads = hostile_project
    organisation = yaml.safe_load((project / "local.yml").read_text(encoding="utf-8"))["organisation"]["name"]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    outside: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda r: None if r.url.startswith((hostile_site, "data:", "blob:")) else outside.append(r.url))
    for url in HOSTILE_PAGES:
        page.goto(hostile_site + url, wait_until="networkidle")
        page.wait_for_timeout(500)  # a refresh of 0 seconds would have happened by now
        assert page.url.split("#")[0] == hostile_site + url, f"{url} sent the visitor elsewhere"
        assert page.evaluate("typeof window.__pwned") == "undefined", url
        # Material's configuration is still its own element, not a paragraph of content
        assert page.evaluate("[...document.querySelectorAll('#__config')].map(e => e.tagName)") == ["SCRIPT"], url
    assert dialogs == [] and outside == []

    # what a person sees: the titles exactly as written, in the tab, the heading and the menu
    page.goto(hostile_site + "myths/vat/")
    assert page.title() == f"{payloads['myth_title']}? - Personal health budgets: {organisation}"  # the myth's question
    heading = "document.querySelector('article h1').firstChild.textContent.trim()"  # without the ¶ permalink
    assert page.evaluate(heading) == payloads["myth_title"] + "?"
    menu = page.locator(".md-nav--primary a", has_text="cycler.__init__").first
    assert menu.inner_text().strip() == payloads["myth_title"] + "?"  # the menu label is the page heading
    page.goto(hostile_site + "myths/panels/")
    assert page.evaluate(heading) == payloads["panels_title"] + "?"
    # the site's search still works: its configuration was not taken over
    href = first_result(page, hostile_site, "pooled budget")
    assert "myths/pooled-budgets/" in href
    context.close()


FIRST_SCREEN = """() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null; const r = e.getBoundingClientRect();
                     return {top: r.top + scrollY, bottom: r.bottom + scrollY, visible: e.offsetParent !== null}; };
  return {title: box('article h1'), answer: box('article .phb-answer'), basis: box('article .phb-basis'),
          response: box('article #response')};
}"""


@ON_EACH_SITE
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_every_myth_answers_with_its_basis_on_the_first_screen(browser, served_site, width, height):
    """The answer, its law and its main source, before the long response: on a desktop within the
    first screen; on a phone within one screen after the title."""
    base = served_site.base
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for myth in served_site.catalogue.myths.values():
        page.goto(base + f"myths/{myth.id}/")
        at = page.evaluate(FIRST_SCREEN)
        assert at["answer"]["visible"] and at["basis"]["visible"], myth.id
        assert at["title"]["bottom"] <= at["answer"]["top"] <= at["basis"]["top"] < at["response"]["top"], (myth.id, at)
        start = 0 if width > 1000 else at["title"]["top"]
        assert at["basis"]["bottom"] - start <= height, f"{myth.id} at {width}px: the basis ends at {at['basis']['bottom']}px"
    context.close()


WAYS_IN = """() => {
  const article = document.querySelector('article');
  const ways = [...article.querySelectorAll('.phb-ways > li')].map(li => {
    const r = li.getBoundingClientRect(), link = li.querySelector('a');
    return {bottom: r.bottom + scrollY, label: link.textContent.trim(), href: link.getAttribute('href')};
  });
  const list = article.querySelector('.phb-ways');
  const item = [...article.querySelectorAll('li')].find(li => !li.closest('.phb-ways'));
  const between = [...article.querySelectorAll('p')].filter(p =>
      (list.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING) &&
      (p.compareDocumentPosition(item) & Node.DOCUMENT_POSITION_FOLLOWING));
  const before = [...article.querySelectorAll('h1 ~ p')].filter(p =>
      p.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING);
  return {ways, first: item.innerText, between: between.length, before: before.length};
}"""


@ON_EACH_SITE
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_the_home_page_offers_each_reader_a_way_in_on_the_first_screen(browser, served_site, width, height):
    """On a phone and a desktop, after one short paragraph, the three ways in are all on the first
    screen: staff answers (on this page), people with a budget (and easy read), and the area's
    local offer (and its local framework), named with the area from local.yml."""
    base, area = served_site.base, served_site.catalogue.local.organisation.area
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(base)
    layout = page.evaluate(WAYS_IN)
    context.close()
    ways = layout["ways"]
    assert [way["href"] for way in ways] == ["#answers-for-nhs-and-council-staff", "your-budget/", "local-offer/"], ways
    assert area in ways[2]["label"], ways
    assert layout["before"] <= 1, layout
    assert all(way["bottom"] <= height for way in ways), (width, ways)


@ON_EACH_SITE
def test_the_home_page_starts_answering_at_once(browser, served_site):
    """Straight after the ways in, the staff answers begin: the first myth's question and answer
    come after at most one short paragraph, on a phone and a desktop."""
    base = served_site.base
    first = served_site.catalogue.ordered_myths[0]
    for width, height in [(1280, 900), (390, 844)]:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(base)
        layout = page.evaluate(WAYS_IN)
        context.close()
        assert first.question in layout["first"] and first.answer in " ".join(layout["first"].split())
        assert layout["between"] <= 1, (width, layout)


@ON_EACH_SITE
def test_a_myth_prints_as_a_briefing(browser, served_site):
    """On A4: the site's name, the page's address, the date printed, the review dates, link
    addresses after their text, and no navigation."""
    import datetime as dt
    import io

    from pypdf import PdfReader

    base = served_site.base
    cat = served_site.catalogue
    myth = cat.myths["vat"]
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "myths/vat/", wait_until="networkidle")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    context.close()
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, (width, height)  # A4 in points
    sheets = [" ".join(sheet.extract_text().split()) for sheet in pdf.pages]
    text = " ".join(sheets)
    squashed = text.replace(" ", "")  # PDF text breaks long addresses across lines
    today = dt.date.today().strftime("%-d %B %Y")
    for number, sheet in enumerate(sheets, 1):
        assert f"Personal health budgets: {cat.local.organisation.name}" in sheet, number
        if cat.local.organisation.web_address:  # the page's published address, where local.yml gives one
            assert (str(cat.local.organisation.web_address) + "myths/vat/").replace(" ", "") in sheet.replace(" ", ""), number
        assert f"Printed {today}" in sheet, number
    assert f"Page last reviewed: {myth.review.last_reviewed.strftime('%-d %B %Y')}" in text
    assert f"Next review due: {myth.review.next_review_due.strftime('%-d %B %Y')}" in text
    assert f"({base}law/s75/)".replace(" ", "") in squashed  # a link's address after its text
    for furniture in ("Skip to content", "Make it your own", "On this page", "Search"):
        assert furniture not in text, furniture


@ON_EACH_SITE
def test_the_board_paper_prints_on_a4_with_who_where_and_when_on_every_page(browser, served_site):
    """Printing the board paper from the browser: content only, the running line on every page."""
    import io

    from pypdf import PdfReader

    base = served_site.base
    settings = served_site.catalogue.local
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "local-framework/board-paper/", wait_until="networkidle")
    printed = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True))).pages
    assert len(printed) >= 2, "the cover sheet on a page of its own, then the summary"
    for number, sheet in enumerate(printed, 1):
        text = " ".join(sheet.extract_text().split())
        assert settings.organisation.name in text, f"page {number} does not name the organisation"
        assert "Printed " in text, number
        if settings.organisation.web_address:  # PDF text breaks a long address, at a hyphen too
            assert str(settings.organisation.web_address) in text.replace(" ", ""), number
        assert "Table of contents" not in text and "Skip to content" not in text, number
    first = " ".join(printed[0].extract_text().split())
    assert "the local framework for personal health budgets in" in first and "Cover sheet" in first
    # a printed link to another site shows its address
    page.goto(base + "law/s75/", wait_until="networkidle")
    law = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    context.close()
    assert "(https://www.legislation.gov.uk/ukpga/2006/41/section/75)" in law.replace(" ", "")  # PDF text breaks lines


# Long pages on a phone (390 by 844 pixels): how far a page may run, and how soon a long one
# shows its contents list (guidance/contents.py).
PHONE = {"width": 390, "height": 844}
MOST_SCREENS = 15
CONTENTS_AFTER = 5  # a page longer than this many screens shows its contents list ...
CONTENTS_WITHIN = 2  # ... within this many screens of its top
LENGTH = """() => {
  const article = document.querySelector('article') || document.body;
  const contents = article.querySelector('nav.phb-contents[aria-label="Contents"]');
  const box = contents && contents.getBoundingClientRect();
  return {height: document.documentElement.scrollHeight,
          sections: article.querySelectorAll('h2[id]').length,
          contents: contents ? {top: box.top + scrollY, visible: box.height > 0 && getComputedStyle(contents).visibility === 'visible',
                                links: [...contents.querySelectorAll('a')].map(a => a.getAttribute('href'))} : null,
          ids: [...article.querySelectorAll('h2[id]')].map(h => '#' + h.id),
          easyRead: document.querySelector('.phb-er-header') !== null};
}"""


def page_addresses(folder: Path) -> list[str]:
    """Every page of a built site, as its address below the site's root ('' for the home page)."""
    found = [p.parent.relative_to(folder).as_posix() for p in folder.rglob("index.html")]
    return sorted("" if p == "." else p + "/" for p in found if not p.startswith("search"))


@ON_EACH_SITE
def test_no_page_is_longer_than_15_phone_screens_and_a_long_page_starts_with_its_contents(browser, served_site):
    """On a phone, every page ends within 15 screens; a page longer than 5 screens with two or more
    sections shows a contents list of them within its first two screens, without opening any
    drawer (the home page is itself a list of the questions, answered at once: it has none)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    too_long, no_contents = {}, {}
    for address in page_addresses(served_site.site):
        page.goto(served_site.base + address, wait_until="load")
        found = page.evaluate(LENGTH)
        screens = found["height"] / PHONE["height"]
        if screens > MOST_SCREENS:
            too_long[address] = round(screens, 1)
        # easy read has its own plain layout (one idea a row, no contents list: guidance/mkdocs_hooks.py)
        if address and screens > CONTENTS_AFTER and found["sections"] >= 2 and not found["easyRead"]:
            contents = found["contents"]
            if (contents is None or not contents["visible"] or contents["top"] > CONTENTS_WITHIN * PHONE["height"]
                    or contents["links"] != found["ids"]):
                no_contents[address] = contents and contents["top"]
    context.close()
    assert (too_long, no_contents) == ({}, {}), (f"longer than {MOST_SCREENS} phone screens: {too_long}; long pages "
                                                 f"without a contents list in their first {CONTENTS_WITHIN} screens: {no_contents}")


class Run(NamedTuple):
    """A run of text on a printed page and the height it covers, in points from the foot of
    the page: from a descender below its baseline to the top of its capitals."""
    text: str
    low: float
    high: float


def text_runs(sheet) -> list[Run]:
    """The runs of text of one PDF page, in the order they are drawn, where they are drawn."""
    runs: list[Run] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        # text space to page space: the text matrix, then the current transformation matrix
        baseline = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        height = size * abs(tm[2] * cm[1] + tm[3] * cm[3])
        runs.append(Run(text, baseline - 0.25 * height, baseline + 0.8 * height))

    sheet.extract_text(visitor_text=visit)
    return runs


def runs_showing(runs: list[Run], wanted: str) -> list[Run]:
    """The runs that together show ``wanted`` (spaces aside: PDF text breaks and joins runs
    where it likes); none if it is not on the page."""
    squashed = ["".join(run.text.split()) for run in runs]
    joined, target = "".join(squashed), "".join(wanted.split())
    start = joined.find(target)
    if not target or start < 0:
        return []
    found, at = [], 0
    for run, text in zip(runs, squashed):
        if at < start + len(target) and start < at + len(text):
            found.append(run)
        at += len(text)
    return found


PRINTED = ("myths/vat/", "local-framework/money/")  # a myth and an element of the local framework


@ON_EACH_SITE
def test_the_running_header_and_footer_print_in_the_margins_never_on_a_line_of_text(browser, served_site):
    """Printed from Chromium, a myth and a framework element have a running header (the site's
    name, the date printed) and a running footer (the page's address, "Page 2 of 5") on every
    page, in the page's margins: above and below all of the page's text, never on a line with
    any of it. Without script, the header gives the date the site was built."""
    import datetime as dt
    import html
    import io

    from pypdf import PdfReader

    home = (served_site.site / "index.html").read_text(encoding="utf-8")
    site_name = html.unescape(re.search(r"<title>(.*?)</title>", home, re.S).group(1)).strip()
    address = served_site.catalogue.local.organisation.web_address
    printed = "Printed " + dt.date.today().strftime("%-d %B %Y")
    for url, script in [(url, True) for url in PRINTED] + [(PRINTED[0], False)]:
        context = browser.new_context(java_script_enabled=script)
        page = context.new_page()
        page.goto(served_site.base + url, wait_until="networkidle")
        sheets = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
        context.close()
        dated = printed if script else re.search(r"Built \d{1,2} [A-Z][a-z]+ \d{4}", sheets[0].extract_text())
        assert dated, f"{url} without script: no build date on page 1"
        dated = dated if script else dated.group(0)
        for number, sheet in enumerate(sheets, 1):
            where = f"{url}{'' if script else ' without script'}, page {number} of {len(sheets)}"
            runs = text_runs(sheet)
            header = {text: runs_showing(runs, text) for text in (site_name, dated)}
            footer = {text: runs_showing(runs, text) for text in
                      (f"Page {number} of {len(sheets)}", *([str(address) + url] if address else []))}
            running = {run for shown in (header | footer).values() for run in shown}
            body = [run for run in runs if run not in running]
            for line in running:
                shared = [run.text for run in body if run.low < line.high and line.low < run.high]
                assert not shared, f"{where}: {line.text!r} is printed on a line with {shared}"
            for text, shown in (header | footer).items():
                assert shown, f"{where}: {text!r} is not printed"
            if body:
                top, foot = max(run.high for run in body), min(run.low for run in body)
                for run in (run for shown in header.values() for run in shown):
                    assert run.low >= top, f"{where}: the header's {run.text!r} is not above the text"
                for run in (run for shown in footer.values() for run in shown):
                    assert run.high <= foot, f"{where}: the footer's {run.text!r} is not below the text"


# What a reader of an easy-read page must not see: the staff site's menu, search, colour switch and footer.
STAFF_SITE = """() => [...document.querySelectorAll(
  '.md-nav--primary, .md-sidebar, .md-search, .md-header, .md-tabs, form[data-md-component=palette], .md-footer')]
  .filter(e => e.getClientRects().length).map(e => e.className || e.tagName)"""
PICTURES_ON_PAGE = """() => [...document.querySelectorAll('.phb-er-row img')].map(img => img.getAttribute('src'))"""
ER_FRAME = """() => ({header: document.querySelector('.phb-er-header')?.innerText || '',
  footer: document.querySelector('.phb-er-footer')?.innerText || ''})"""

ROW_LAYOUT = """() => [...document.querySelectorAll('.phb-er-row')].map(row => {
  const img = row.querySelector('img'), text = row.querySelector('.phb-er-text');
  const i = img.getBoundingClientRect(), t = text.getBoundingClientRect(), style = getComputedStyle(text);
  return {picture: [i.left, i.right, i.top, i.bottom], words: [t.left, t.right, t.top, t.bottom],
          alt: img.alt, loaded: img.complete && img.naturalWidth > 0, size: parseFloat(style.fontSize),
          spacing: parseFloat(style.lineHeight) / parseFloat(style.fontSize), italic: style.fontStyle,
          align: style.textAlign, text: text.textContent.trim()};
})"""


EVERY_PICTURE_LOADED = "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"
PICTURES_AT_LOAD = """window.addEventListener('load', () => {
  window.__picturesAtLoad = [...new Set(performance.getEntriesByType('resource').map(e => e.name)
    .filter(name => name.includes('/pictures/')))];
});"""


def test_easy_read_opens_with_its_first_pictures_and_prints_with_every_one(browser, served_site):
    """On a phone an easy-read page opens with the pictures of its first screen (the others wait,
    loading="lazy", so the page opens quickly); once it has loaded the rest follow, so that a
    printout has every picture: none is printed blank."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(PICTURES_AT_LOAD)
    page = context.new_page()
    pages = [u for u in site_pages(served_site.site) if re.fullmatch(r"easy-read/[a-z0-9-]+/", u)]
    longest = max(pages, key=lambda u: (served_site.site / u / "index.html").read_text(encoding="utf-8").count("<img"))
    for url in ("easy-read/", longest):
        page.goto(served_site.base + url, wait_until="load")
        total = page.evaluate("document.images.length")
        at_load = page.evaluate("window.__picturesAtLoad")
        assert 0 < len(at_load) < total, (url, len(at_load), total)
        page.wait_for_function(EVERY_PICTURE_LOADED)
        drawn = page.evaluate("[...document.images].map(img => img.complete && img.naturalWidth > 0)")
        assert all(drawn) and len(drawn) == total, url
    context.close()


@pytest.mark.parametrize("width,media,least_px", [(1280, "screen", 19), (390, "screen", 19), (794, "print", 18.6)])
def test_easy_read_puts_each_picture_left_of_its_words_in_large_plain_type(browser, served_site, width, media, least_px):
    """Desktop, phone and print: every row's picture, at least 100px wide, is on the left of its
    words and on the same row; the words are at least 19px on screen (14pt in print), spaced 1.5,
    left-aligned, upright; no picture more than twice on a page. On screen the page stands on
    its own: no staff menu, search, colour switch or staff footer; a header with the site's name
    and "Easy read", a footer that asks the reader to get help from someone they trust."""
    base, site_dir = served_site.base, served_site.site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.emulate_media(media=media)
    urls = [u for u in site_pages(site_dir) if re.fullmatch(r"easy-read/[a-z0-9-]+/", u)]
    assert len(urls) >= 40
    for url in urls:
        page.goto(base + url, wait_until="load")
        page.wait_for_function(EVERY_PICTURE_LOADED)  # those below the first screen follow the load
        rows = page.evaluate(ROW_LAYOUT)
        assert len(rows) >= 3, url
        for row in rows:
            (pl, pr, pt, pb), (wl, wr, wt, wb) = row["picture"], row["words"]
            where = f"{url} at {width}px {media}: {row['text']!r}"
            assert pr <= wl, f"picture not left of its words: {where}"
            if media == "screen":  # in print a picture is 2.5 cm, about 94px
                assert pr - pl >= 100 - 0.5, f"picture narrower than 100px ({pr - pl:.0f}px): {where}"
            assert pt < wb and wt < pb, f"picture not on the same row as its words: {where}"
            assert row["alt"] and row["loaded"], f"picture without alternative text or not loaded: {where}"
            assert row["size"] >= least_px and row["spacing"] >= 1.5, f"type too small or too tight: {where}"
            assert row["italic"] == "normal" and row["align"] in ("left", "start"), where
        pictures = page.evaluate(PICTURES_ON_PAGE)
        repeated = {src for src in pictures if pictures.count(src) > 2}
        assert not repeated, f"{url}: a picture more than twice: {repeated}"
        if media == "screen":
            assert page.evaluate(STAFF_SITE) == [], f"{url} at {width}px shows the staff site"
            frame = page.evaluate(ER_FRAME)
            assert "Easy read" in frame["header"], url
            assert "Ask someone you trust to help you read this" in frame["footer"], url
            assert "Mulberry Symbols" in frame["footer"] and "OpenMoji" in frame["footer"], url
    context.close()
