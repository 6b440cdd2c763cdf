"""Citations that do not bury the text: numbered references in the text, the list at the end of
the page, and the sources page grouped by kind of document with a page for each source.

Every assertion holds for any fork: the sources and pages are read from the catalogue and the
build, never named here."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from guidance.kinds import sources

MARKER = re.compile(r'<sup class="phb-ref"><a aria-label="Reference (\d+)" href="#ref-(\d+)">\[(\d+)\]</a></sup>')


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        if ident := dict(attrs).get("id"):
            self.ids.append(ident)


def ids_of(html: str) -> list[str]:
    reader = _Ids()
    reader.feed(html)
    return reader.ids


def article(html: str) -> str:
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


def pages_of(built):
    for html_file in sorted(built.site.rglob("index.html")):
        yield html_file.relative_to(built.site).parent.as_posix(), html_file.read_text(encoding="utf-8")


def test_every_reference_number_leads_to_its_place_in_the_list_at_the_end(each_site):
    """[n] links to #ref-n; the numbers run 1, 2, 3 ... in the order the text first cites them;
    each has exactly one place in the page's References, which come after the text."""
    checked = 0
    for name, html in pages_of(each_site):
        if 'id="references"' not in html or name.startswith("local-framework/board-paper"):
            continue  # the board paper numbers its references across the whole paper (tested with the PDF)
        body = article(html)
        text, references = body.split('id="references"', 1)
        numbers = [int(n) for n, to, shown in MARKER.findall(text) if n == to == shown]
        assert len(numbers) == len(MARKER.findall(text)), name
        first = list(dict.fromkeys(numbers))
        assert first == list(range(1, len(first) + 1)), (name, first)
        places = [i for i in ids_of(references) if i.startswith("ref-")]
        assert len(places) == len(set(places)), name
        assert places and set(places) >= {f"ref-{n}" for n in first}, name
        assert "(Source:" not in body, name
        checked += 1
    assert checked > len(each_site.catalogue.myths)  # every myth, question, change, law ... page


def test_a_reference_names_the_document_by_its_title_and_links_to_its_page(each_site):
    cat = each_site.catalogue
    myth = next(iter(cat.myths.values()))
    html = (each_site.site / "myths" / myth.id / "index.html").read_text(encoding="utf-8")
    references = html.split('id="references"', 1)[1]
    for c in myth.sources:
        source = cat.sources[c.source]
        link = re.search(rf'<a href="../../sources/{re.escape(source.key)}/">([^<]*)</a>', references)
        assert link, (myth.id, source.key)
        assert link.group(1).startswith(source.title.replace("'", "&#x27;").replace("&", "&amp;")[:20]) or \
            source.title[:20] in link.group(1), link.group(1)


def test_the_sources_page_is_grouped_by_kind_of_document_with_an_anchor_for_each_source(each_site):
    cat = each_site.catalogue
    html = (each_site.site / "sources" / "index.html").read_text(encoding="utf-8")
    ids = ids_of(article(html))
    headings = re.findall(r"<h2 id=\"([^\"]+)\">([^<]+)", html)
    used = {s.type for s in cat.sources.values()}
    assert [ident for ident, _ in headings] == [t for t in sources.TYPES if t in used]
    assert [title for _, title in headings] == [sources.TYPES[t] for t in sources.TYPES if t in used]
    for source in cat.sources.values():
        assert source.key in ids, source.key  # the old address sources/#<key> still lands on it
        assert f'href="{source.key}/"' in html, source.key
        group = html.split(f'<h2 id="{source.type}">', 1)[1].split("<h2", 1)[0]
        assert f'id="{source.key}"' in group, (source.key, source.type)


def test_each_source_has_a_page_with_where_to_read_it_and_the_pages_that_cite_it(each_site):
    cat = each_site.catalogue
    cited = cat.source_cited_by
    for source in cat.sources.values():
        html = (each_site.site / "sources" / source.key / "index.html").read_text(encoding="utf-8")
        body = article(html)
        assert "Where to read it" in body and "Pages that cite it" in body, source.key
        assert source.publisher.replace("'", "&#x27;").replace("&", "&amp;")[:15] in body or source.publisher[:15] in body
        assert 'aria-label="Breadcrumb"' in html and ">Sources<" in html.split('aria-label="Breadcrumb"', 1)[1], source.key
        if cited.get(source.key):
            assert "No page on this site cites it yet" not in body, source.key
