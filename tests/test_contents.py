"""The contents list at the top of a long page (guidance/contents.py), without a browser."""

from __future__ import annotations

from guidance import contents, sanitize

WORDS = " ".join(["word"] * contents.LONG_PAGE_WORDS)


def page(*sections: tuple[str, str], body: str = WORDS) -> str:
    parts = "".join(f'<h2 id="{ident}">{title}<a class="headerlink" href="#{ident}">¶</a></h2><p>{body}</p>'
                    for ident, title in sections)
    return f"<h1>Title</h1>\n<p>The answer first.</p>\n{parts}"


def test_a_long_page_lists_its_sections_before_the_first_one_after_the_answer():
    html = contents.add(page(("the-myth", "The myth"), ("law", "Law &amp; sources")))
    answer, nav, first = html.index("The answer first."), html.index('<nav class="phb-contents"'), html.index('<h2 id="the-myth"')
    assert answer < nav < first
    listed = html[nav:first]
    assert 'aria-label="Contents"' in listed and ">Contents</h2>" in listed
    assert '<li><a href="#the-myth">The myth</a></li><li><a href="#law">Law &amp; sources</a></li>' in listed
    assert "¶" not in listed
    assert sanitize.clean(html).count('<nav class="phb-contents" aria-label="Contents" data-search-exclude="">') == 1


def test_a_short_page_or_a_page_of_one_section_has_none():
    assert contents.add(page(("a", "A"), ("b", "B"), body="Few words.")) == page(("a", "A"), ("b", "B"), body="Few words.")
    assert contents.add(page(("a", "A"), body=WORDS * 3)) == page(("a", "A"), body=WORDS * 3)


def test_pictures_and_table_rows_count_as_the_words_they_take_the_place_of():
    short = page(("a", "A"), ("b", "B"), body="Few words.")
    pictures = short + '<img src="pictures/x.svg" alt="">' * (contents.LONG_PAGE_WORDS // contents.PICTURE_WORDS)
    rows = short + "<table>" + "<tr><td>1</td></tr>" * (contents.LONG_PAGE_WORDS // contents.ROW_WORDS) + "</table>"
    assert 'class="phb-contents"' in contents.add(pictures)
    assert 'class="phb-contents"' in contents.add(rows)


def test_a_heading_s_words_are_escaped_once():
    html = contents.add(page(("x", "&lt;script&gt; &amp; more"), ("y", "Y")))
    assert '<a href="#x">&lt;script&gt; &amp; more</a>' in html


def test_headings_are_read_whatever_the_order_of_their_attributes_and_never_from_a_comment():
    found = contents.sections('<!-- <h2 id="old">Old</h2> --><p>x</p>'
                              '<h2 class="phb-x" id="a&amp;b">A &amp; B<a class="headerlink" href="#a">¶</a></h2>'
                              "<h2 id='c'>C <em>too</em></h2><h2>No anchor</h2><table><tr><td>1 2</td></tr></table>")
    assert found.sections == [("a&b", "A & B"), ("c", "C too")]
    assert (found.words, found.rows, found.pictures) == (11, 1, 0)  # "x", "A & B ¶", "C too", "No anchor", "1 2"
    html = '<!-- x --><p>Answer.</p><h2 id="a">A</h2>'
    assert html[contents.sections(html).first:].startswith('<h2 id="a">')
