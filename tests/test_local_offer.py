"""The public local offer (/local-offer/), read by people with a budget and their families, often
on a phone: written to "you", easy to read, no staff words, every local value in a block of its
own, and every contact a number to tap and an address to write to.

Every test reads what it expects from the catalogue, so it holds for any valid local.yml: the
sample's or a commissioner's own."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
import textstat
import yaml

from guidance import load_catalogue
from guidance.kinds.local import dial
from guidance.render import Renderer
from guidance.site import pages
from tests.conftest import ROOT, copy_project
from tests.test_build import page

ARTICLE = '<article class="md-content__inner md-typeset">'
HEADINGS = ("Who has a right to one", "Ways to hold the money", "How to ask for one",
            "What the money cannot be spent on", "If you disagree with a decision", "Who to contact")
# Words that show a page speaking to staff, or showing its workings, rather than to the reader
STAFF_WORDS = ("the person", "regulations", "we did not find", "check the current text", "local.yml")
LEAST_READING_EASE = 60


class Article(HTMLParser):
    """The text of a page's main content (its <article>), in two parts: the national text, and
    the text of the blocks that hold the area's own values (div.admonition.phb-local). The running
    line that only print shows (aria-hidden) and the headings' permalink signs are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.national: list[str] = []
        self.local: list[str] = []
        self.blocks: list[list[str]] = []  # the text of each local block
        self._divs: list[str] = []  # for each open div: "local", "hidden" or ""

    def handle_starttag(self, tag, attrs):
        if tag != "div":
            return
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "admonition" in classes and "phb-local" in classes:
            self._divs.append("local")
            self.blocks.append([])
        elif attrs.get("aria-hidden") == "true":
            self._divs.append("hidden")
        else:
            self._divs.append("")

    def handle_endtag(self, tag):
        if tag == "div" and self._divs:
            self._divs.pop()

    def handle_data(self, data):
        if "hidden" in self._divs:
            return
        data = data.replace("¶", " ")
        if "local" in self._divs:
            self.local.append(data)
            self.blocks[-1].append(data)
        else:
            self.national.append(data)

    @staticmethod
    def of(html: str) -> Article:
        parser = Article()
        parser.feed(html.split(ARTICLE, 1)[1].split("</article>", 1)[0])
        parser.close()
        return parser

    def text(self, part: list[str]) -> str:
        return " ".join(" ".join(part).split())


@pytest.fixture(scope="module")
def catalogue():
    cat, problems = load_catalogue(ROOT)
    assert problems == []
    return cat


@pytest.fixture(scope="module")
def offer(site):
    return page(site, "local-offer")


def contacts_of(cat) -> list:
    return [value for _name, value in cat.local.contacts if value is not None]


def test_the_offer_has_the_sections_a_family_looks_for(offer):
    for heading in HEADINGS:
        assert f">{heading}<" in offer, heading


def test_the_offer_is_easy_to_read(offer):
    """Our own words on the page, outside the area's blocks (what a commissioner writes in
    local.yml is theirs to keep readable), read at a Flesch reading ease of 60 or more."""
    article = Article.of(offer)
    national = article.text(article.national)
    assert textstat.flesch_reading_ease(national) >= LEAST_READING_EASE, textstat.flesch_reading_ease(national)


def test_the_offer_speaks_to_the_reader_not_to_staff(offer):
    article = Article.of(offer)
    national = article.text(article.national).lower()
    for words in STAFF_WORDS:
        assert words not in national, words
    assert "local.yml" not in article.text(article.national + article.local).lower()
    assert len(re.findall(r"\byou(r|rs|rself)?\b", national)) >= 20


def test_every_contact_can_be_called_and_emailed_from_a_phone(offer, catalogue):
    article = Article.of(offer)
    local = article.text(article.local)
    for contact in contacts_of(catalogue):
        assert contact.phone in local and contact.email in local, contact.name
        assert f'href="tel:{dial(contact.phone)}"' in offer, contact.phone
        assert f'href="mailto:{contact.email}"' in offer, contact.email
    numbers = re.findall(r'href="tel:([^"]*)"', offer)
    assert numbers and all(re.fullmatch(r"[0-9]+", number) for number in numbers), numbers


def test_each_local_value_sits_in_a_block_of_its_own(offer, catalogue):
    article = Article.of(offer)
    national, local = article.text(article.national), article.text(article.local)
    area = catalogue.local.organisation.area
    assert article.blocks and all(article.text(block).startswith(f"In {area} ") for block in article.blocks)
    for contact in contacts_of(catalogue):
        assert contact.phone not in national and contact.email not in national, contact.name
    for value in [catalogue.local.payments.frequency, *catalogue.local.cannot_buy]:
        assert " ".join(unescape(plain(value)).split()) in local, value


def plain(markdown: str) -> str:
    """Prose as the page shows it, near enough to find it: without link targets and emphasis."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown).replace("*", "").replace("_", "")


def test_the_peer_network_is_shown_when_local_yml_names_one(offer, catalogue):
    peers = catalogue.local.contacts.peer_network
    if peers is None:
        pytest.skip("this local.yml names no peer network; the scratch copies below cover both cases")
    local = Article.of(offer).text(Article.of(offer).local)
    assert peers.name in local and peers.phone in local


PEERS = {"name": "Scratch peer group", "phone": "0300 123 4567 ext 210", "email": "peers@scratch.example",
         "hours": "Wednesdays, 1pm to 3pm"}


def _offer_source(tmp_path, change) -> str:
    """The local offer's Markdown made from a copy of the project with local.yml changed."""
    project = copy_project(tmp_path)
    path = project / "local.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    cat, problems = load_catalogue(project)
    assert problems == [], problems
    spec = next(s for s in pages(cat) if s.path == cat.paths["local_offer"])
    return Renderer(cat).page_source(spec)


def test_no_peer_network_means_no_word_about_one(tmp_path):
    source = _offer_source(tmp_path, lambda data: data["contacts"].pop("peer_network", None))
    assert "already has a budget" not in source
    assert "peer" not in source.lower()


def test_a_peer_network_named_in_local_yml_is_shown_with_its_number_to_tap(tmp_path):
    source = _offer_source(tmp_path, lambda data: data["contacts"].update(peer_network=PEERS))
    assert "already has a budget" in source
    assert "Scratch peer group" in source and "(tel:03001234567)" in source
    assert "(mailto:peers@scratch.example)" in source
