"""Easy-read pictures (guidance/svg.py and the picture loading in guidance/easyread.py).

A picture is untrusted: each hostile one below is refused at its file and line, with no
traceback, or shown to come out inert. Every picture that ships in easy-read/pictures/ must
clean without a problem, keep its drawing, and clean to the same bytes a second time.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
import logging
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from guidance import pdf, svg
from guidance.kinds import easyread
from guidance.__main__ import main as cli
from guidance.loader import LoadError
from tests.conftest import ROOT

OPEN = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 72 72">\n')
CLOSE = "</svg>\n"
REAL = sorted((ROOT / easyread.PICTURES).glob("*.svg"))


def doubling_bomb(levels: int = 30) -> str:
    """Each level draws the one below twice: 2**30 rectangles from about 1.5 KB."""
    rows = ['<defs>\n<rect id="l0" width="1" height="1"/>\n']
    rows += [f'<g id="l{i}"><use href="#l{i - 1}"/><use href="#l{i - 1}"/></g>\n' for i in range(1, levels + 1)]
    return OPEN + "".join(rows) + f'</defs>\n<use href="#l{levels}"/>\n' + CLOSE


# name: (the picture, the line it is refused at, words the message must hold)
HOSTILE = {
    "script": (OPEN + '<g>\n<script>alert("x")</script>\n</g>\n' + CLOSE, 3, "holds a <script> element"),
    "onload": ('<svg xmlns="http://www.w3.org/2000/svg"\n     onload="alert(1)">\n<rect/>\n' + CLOSE, 1,
               "event attribute onload="),
    "onclick-inside": (OPEN + '<rect width="9"/>\n<circle r="3" onclick="go()"/>\n' + CLOSE, 3, "event attribute onclick="),
    "foreign-object": (OPEN + '<foreignObject width="9" height="9">\n<div xmlns="http://www.w3.org/1999/xhtml">hi</div>'
                       "\n</foreignObject>\n" + CLOSE, 2, "<foreignObject>"),
    "image-outside": (OPEN + '<rect/>\n<image href="https://elsewhere.example/x.png" width="9" height="9"/>\n' + CLOSE, 3,
                      "<image>"),
    "xlink-outside": (OPEN + '<use xlink:href="other.svg#shape"/>\n' + CLOSE, 2, "to something outside the picture"),
    "href-javascript": (OPEN + '<defs/>\n<use href="javascript:alert(1)"/>\n' + CLOSE, 3, "to something outside"),
    "gradient-outside": (OPEN + '<linearGradient id="g" href="https://x.example/g.svg#a"/>\n' + CLOSE, 2,
                         "to something outside"),
    "style-import": (OPEN + "<style>@import url(https://elsewhere.example/x.css);</style>\n" + CLOSE, 2, "<style>"),
    "style-sheet-url": (OPEN + "<rect/>\n<style>.a{fill:url(https://elsewhere.example/x)}</style>\n" + CLOSE, 3,
                        "style= gives fill the value"),
    "style-sheet-element": (OPEN + "<style>\nrect{fill:red}</style>\n" + CLOSE, 2, "a style rule for 'rect'"),
    "style-sheet-font": (OPEN + '<style>@font-face{font-family:x;src:url(data:x)}</style>\n' + CLOSE, 2, "<style>"),
    "style-sheet-escape": (OPEN + "<style>.a{fill:u\\72l(https://x)}</style>\n" + CLOSE, 2, "backslash"),
    "style-sheet-property": (OPEN + "<style>.a{behavior:url(#x)}</style>\n" + CLOSE, 2, "style= holds"),
    "two-style-sheets": (OPEN + "<style>.a{fill:red}</style>\n<style>.b{fill:blue}</style>\n" + CLOSE, 3,
                         "a second <style> element"),
    "style-attribute-url": (OPEN + '<rect width="9"\n      style="fill:url(https://elsewhere.example/x)"/>\n' + CLOSE, 2,
                            "url(...)"),
    "style-attribute-unknown": (OPEN + '<rect style="fill:red;behavior:url(#x)"/>\n' + CLOSE, 2, "style= holds"),
    "style-attribute-escape": (OPEN + '<rect style="fill:u\\72l(https://x)"/>\n' + CLOSE, 2, "style= gives fill"),
    "fill-url-outside": (OPEN + '<rect fill="url(https://elsewhere.example/p.svg#p)"/>\n' + CLOSE, 2, "url(...)"),
    "fill-escape": (OPEN + '<rect fill="u\\rl(https://x)"/>\n' + CLOSE, 2, "backslash"),
    "mask-url-outside": (OPEN + '<g>\n<path d="M0 0" mask="url(\'https://x/m.svg#m\')"/>\n</g>\n' + CLOSE, 3, "url(...)"),
    "font-face": (OPEN + '<defs>\n<font-face font-family="x">\n<font-face-src><font-face-uri '
                  'href="https://elsewhere.example/f.svg"/></font-face-src>\n</font-face>\n</defs>\n' + CLOSE, 3,
                  "<font-face>"),
    "animate-href": (OPEN + '<use href="#a">\n<set attributeName="href" to="https://x"/>\n</use>\n' + CLOSE, 3, "<set>"),
    "xhtml": (OPEN + '<g>\n<h:div xmlns:h="http://www.w3.org/1999/xhtml">text</h:div>\n</g>\n' + CLOSE, 3,
              "web page element"),
    "xxe": ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY pw SYSTEM "file:///etc/passwd">\n]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"><desc>&pw;</desc></svg>\n', 2, "<!DOCTYPE>"),
    "billion-laughs": ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
                       + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
                                 for i in range(1, 10))
                       + ']>\n<svg xmlns="http://www.w3.org/2000/svg"><desc>&lol9;</desc></svg>\n', 2, "<!DOCTYPE>"),
    "doubling-bomb": (doubling_bomb(), 14, f"more than {svg.MAX_ELEMENTS} elements"),
    "use-loop": (OPEN + '<g id="a">\n<use href="#b"/>\n</g>\n<g id="b">\n<use xlink:href="#a"/>\n</g>\n' + CLOSE, 3,
                 "refers to itself"),
    "deep": (OPEN + "<g>\n" * 40 + "</g>\n" * 40 + CLOSE, svg.MAX_DEPTH + 1, f"nested more than {svg.MAX_DEPTH} deep"),
    "malformed": (OPEN + "<g>\n<rect>\n</g>\n" + CLOSE, 4, "not well-formed XML"),
    "empty": ("", 1, "not well-formed XML"),
    "not-svg": ('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n', 1, "web page element"),
    "no-namespace": ('<svg viewBox="0 0 9 9">\n<rect/>\n</svg>\n', 1, "is not an SVG picture"),
    "text": (OPEN + "<text>\nWords\n</text>\n" + CLOSE, 2, "<text> element, which pictures may not use"),
}


def write_pictures(root: Path, pictures: dict[str, str | bytes]) -> Path:
    folder = root / easyread.PICTURES
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in pictures.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / f"{name}.svg").write_bytes(data)
    return folder


def problems_of(root: Path) -> list[str]:
    """What the content load (the check and the build) says about the pictures' files under
    ``root`` (whether pictures.yml lists them is tested in test_easy_read.py)."""
    found = easyread.load_pages(root)[2]
    return [str(p) for p in found if p.file.startswith(easyread.PICTURES + "/") and "is not listed in" not in p.message]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_picture_is_refused_at_its_file_and_line(content_tree, name):
    picture, line, words = HOSTILE[name]
    root = content_tree()
    write_pictures(root, {name: picture})
    found = problems_of(root)
    assert len(found) == 1, found
    assert found[0].startswith(f"easy-read/pictures/{name}.svg:{line}: "), found
    assert words in found[0]
    assert "Traceback" not in found[0]
    with pytest.raises(LoadError) as refused:  # the same through svg.clean alone
        svg.clean(picture.encode(), f"easy-read/pictures/{name}.svg")
    assert str(refused.value) == found[0]


def test_the_check_command_reports_a_bad_picture_and_fails(content_tree, capsys):
    root = content_tree()
    write_pictures(root, {"phone": HOSTILE["script"][0]})
    assert cli(["check", "--root", str(root)]) != 0
    out = capsys.readouterr().out
    assert "easy-read/pictures/phone.svg:3: holds a <script> element" in out
    assert "Traceback" not in out


def test_the_doubling_bomb_is_refused_without_being_expanded():
    # Not timed (machines differ), but expanding it would take 2**30 steps: refusing at
    # all shows the count follows each <use> once.
    assert len(doubling_bomb()) < 2000
    with pytest.raises(LoadError, match="more than 5000 elements"):
        svg.clean(doubling_bomb(60).encode(), "bomb.svg")


def test_special_files_and_links_are_refused_at_their_path(content_tree, tmp_path_factory):
    root = content_tree()
    folder = write_pictures(root, {})
    outside = tmp_path_factory.mktemp("outside") / "secret.svg"
    outside.write_text(OPEN + CLOSE, encoding="utf-8")
    (folder / "passwd.svg").symlink_to("/etc/passwd")
    (folder / "zero.svg").symlink_to("/dev/zero")
    (folder / "secret.svg").symlink_to(outside)
    os.mkfifo(folder / "pipe.svg")
    (folder / "phone.svg").mkdir()
    (folder / "huge.svg").write_bytes((OPEN + "<g>\n" + "<rect/>\n" * 9000 + "</g>\n" + CLOSE).encode())
    assert (folder / "huge.svg").stat().st_size > easyread.MAX_PICTURE_BYTES
    found = problems_of(root)
    expected = {
        "passwd": "is a link to a file outside the project",
        "zero": "is a link to a file outside the project",
        "secret": "is a link to a file outside the project",
        "pipe": "is not a regular file (a named pipe)",
        "phone": "is not a regular file (a folder)",
        "huge": f"file is larger than {easyread.MAX_PICTURE_BYTES // 1024} KiB",
    }
    assert len(found) == len(expected), found
    for name, words in expected.items():
        assert any(p.startswith(f"easy-read/pictures/{name}.svg:1: ") and words in p for p in found), (name, found)
    assert easyread.load_pictures(root)[0] == {}


def test_a_link_to_a_picture_inside_the_project_is_followed(content_tree):
    root = content_tree()
    folder = write_pictures(root, {"phone": REAL[0].read_bytes()})
    (folder / "telephone.svg").symlink_to("phone.svg")
    pictures, found = easyread.load_pictures(root)
    assert found == [] and pictures["telephone"] == pictures["phone"]


INERT = (OPEN + '<?xml-stylesheet href="https://elsewhere.example/x.css"?>\n<!-- a comment -->\n'
         '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
         '<rdf:Description about="https://elsewhere.example/"/></rdf:RDF></metadata>\n'
         '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/>\n'
         '<title>A phone &amp; a &lt;b&gt;</title>\n'
         '<g class="shape" data-x="1" xml:space="preserve" '
         'inkscape:label="x" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" href="#c">\n'
         '<linearGradient id="grad"><stop offset="0" stop-color="#fff"/></linearGradient>\n'
         '<circle id="c" r="3" fill="url(#grad)" style="stroke: #000 ; stroke-width:2"/>\n'
         '<use xlink:href="#c" x="5" title="&quot;&gt;&lt;script&gt;"/>\n'
         "</g>\n" + CLOSE)


def test_what_is_left_out_is_inert_and_the_drawing_stays():
    cleaned = svg.clean(INERT.encode(), "inert.svg").decode()
    assert cleaned.startswith('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                              'viewBox="0 0 72 72">\n')
    for gone in ("elsewhere", "<!--", "<?", "metadata", "rdf", "sodipodi", "inkscape", "class=", "data-x",
                 "xml:space", ' href="#c"', "title=", "script"):
        assert gone not in cleaned, gone
    assert "<title>A phone &amp; a &lt;b&gt;</title>" in cleaned and "  <g>\n" in cleaned
    assert 'fill="url(#grad)"' in cleaned and 'style="stroke:#000;stroke-width:2"' in cleaned
    assert '<use xlink:href="#c" x="5"/>' in cleaned
    tags = [element.tag.split("}")[1] for element in ET.fromstring(cleaned).iter()]
    assert tags == ["svg", "title", "g", "linearGradient", "stop", "circle", "use"]
    assert svg.clean(cleaned.encode(), "inert.svg").decode() == cleaned


def drawing_elements(data: bytes) -> list[str]:
    """The drawing elements of a picture, in order, leaving out what the cleaner drops by
    design (editors' metadata, elements in other namespaces)."""
    out: list[str] = []

    def walk(element: ET.Element) -> None:
        namespace, _, local = element.tag[1:].partition("}")
        if namespace != svg.SVG_NS or local in svg.DROPPED or local == "style":  # a style sheet is read, not kept
            return
        out.append(local)
        if local not in svg.TEXT_ONLY:
            for child in element:
                walk(child)

    walk(ET.fromstring(data))
    return out


def test_a_class_style_sheet_becomes_each_elements_style_and_is_not_published():
    picture = (OPEN + "<style>.st0{fill:#ed1e29}.st1,.st2{fill:none;stroke:#231f20;stroke-width:21}.st2{stroke-width:26}"
               "</style>\n<path class=\"st0\" d=\"M0 0h9\"/>\n<path class=\"st2\" style=\"opacity:0.5\" d=\"M0 0v9\"/>\n"
               "<circle class=\"other\" r=\"2\"/>\n" + CLOSE)
    cleaned = svg.clean(picture.encode(), "x.svg").decode()
    assert "<style" not in cleaned and "class=" not in cleaned
    assert '<path d="M0 0h9" style="fill:#ed1e29"/>' in cleaned
    # the rules in the sheet's order, then the element's own style, which wins as in CSS
    assert '<path d="M0 0v9" style="fill:none;stroke:#231f20;stroke-width:21;stroke-width:26;opacity:0.5"/>' in cleaned
    assert '<circle r="2"/>' in cleaned
    assert svg.clean(cleaned.encode(), "x.svg").decode() == cleaned


def test_the_project_has_pictures():
    assert REAL, "no pictures in easy-read/pictures/"


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_every_real_picture_cleans_keeps_its_drawing_and_cleans_the_same_twice(path):
    raw = path.read_bytes()
    assert len(raw) <= easyread.MAX_PICTURE_BYTES
    display = f"easy-read/pictures/{path.name}"
    cleaned = svg.clean(raw, display)
    assert cleaned.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert drawing_elements(cleaned) == drawing_elements(raw)
    assert svg.clean(cleaned, display) == cleaned
    assert svg.clean(raw, display) == cleaned  # the same bytes every time


def test_the_real_pictures_load_through_the_gate_cleaned():
    pictures, found = easyread.load_pictures(ROOT)
    assert found == []
    assert set(pictures) == {p.stem for p in REAL}
    for path in REAL:
        assert pictures[path.stem] == svg.clean(path.read_bytes(), f"easy-read/pictures/{path.name}")


def test_an_edited_picture_is_read_again(content_tree):
    """Nothing is remembered by name: `make serve` picks up a picture changed between builds."""
    root = content_tree()
    write_pictures(root, {"dot": OPEN + '<circle r="1"/>\n' + CLOSE})
    first = easyread.load_pictures(root)[0]["dot"]
    write_pictures(root, {"dot": OPEN + '<circle r="2"/>\n' + CLOSE})
    second = easyread.load_pictures(root)[0]["dot"]
    assert b'r="1"' in first and b'r="2"' in second
    write_pictures(root, {"dot": HOSTILE["script"][0]})
    assert easyread.load_pictures(root) == ({}, [svg_problem(HOSTILE["script"][0], "easy-read/pictures/dot.svg")])


def svg_problem(picture: str, display: str):
    with pytest.raises(LoadError) as refused:
        svg.clean(picture.encode(), display)
    return refused.value.problems[0]


def test_the_published_pictures_are_the_cleaned_ones(site):
    published = sorted((site / "easy-read" / "pictures").glob("*.svg"))
    assert published
    for path in published:
        source = ROOT / easyread.PICTURES / path.name
        assert path.read_bytes() == svg.clean(source.read_bytes(), f"easy-read/pictures/{path.name}")


WHO = {"organisation": "NHS Testshire", "web_address": None, "build_date": datetime.date(2026, 12, 1)}


def test_a_picture_weasyprint_cannot_draw_stops_the_pdf_naming_the_picture():
    good = svg.clean(REAL[0].read_bytes(), "good.svg")
    html = ('<h1>Test</h1><p><img class="phb-er-picture" src="../pictures/good.svg" alt="good"></p>'
            '<p><img class="phb-er-picture" src="../pictures/broken.svg" alt="broken"></p>')
    importlib.import_module("weasyprint")  # which gives its logger a handler of its own when first imported
    handlers = list(logging.getLogger("weasyprint").handlers)
    with pytest.raises(LoadError) as refused:
        easyread.render_pdf(html, title="Test", pictures={"good": good, "broken": b"<svg"}, **WHO)
    assert [p.file for p in refused.value.problems] == ["easy-read/pictures/broken.svg"]
    assert str(refused.value).startswith("easy-read/pictures/broken.svg: WeasyPrint cannot draw this picture (")
    assert "base64" not in str(refused.value)
    assert logging.getLogger("weasyprint").handlers == handlers  # the listener is gone, also after an error
    assert easyread.render_pdf(html.replace("broken", "good"), title="Test", pictures={"good": good}, **WHO
                               ).startswith(b"%PDF")


def test_weasyprint_warnings_stop_a_strict_pdf_only():
    html = '<p style="colour: red">Unknown property.</p>'
    with pytest.raises(pdf.PdfError, match="unknown property") as refused:
        pdf.render(html, title="Test", strict=True, **WHO)
    assert refused.value.messages
    assert pdf.render(html, title="Test", **WHO).startswith(b"%PDF")


def test_a_picture_drawn_once_and_copied_gives_the_same_pdf_as_drawn_afresh():
    """pdf._Replay: a picture shown again (in this PDF or the next) is copied from its first
    drawing; the PDF is the same, byte for byte, as one made with nothing kept. A picture that
    needs a resource of its own (here a group, for its opacity) is drawn afresh each time."""
    first, second = (svg.clean(path.read_bytes(), path.name) for path in REAL[:2])
    faded = svg.clean(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g opacity="0.5">'
                      b'<rect width="10" height="10" fill="#005eb8"/></g></svg>', "faded.svg")
    pictures = {"first": first, "second": second, "faded": faded}
    html = "".join(f'<p><img class="phb-er-picture" src="../pictures/{name}.svg" alt="{name}"></p>'
                   for name in ("first", "second", "first", "faded", "faded"))
    pdf._PICTURES.clear()
    made = [easyread.render_pdf(html, title="Test", pictures=pictures, **WHO) for _ in range(2)]
    kept = dict(pdf._PICTURES)
    assert kept and any(image.draw.kept for image in kept.values())
    assert any(image.draw.direct or not image.draw.kept for image in kept.values())  # the faded one
    pdf._PICTURES.clear()  # and nothing kept: every picture drawn afresh
    original = pdf._Replay.__call__
    try:
        pdf._Replay.__call__ = lambda self, stream, width, height, style: self.draw(stream, width, height, style)
        afresh = easyread.render_pdf(html, title="Test", pictures=pictures, **WHO)
    finally:
        pdf._Replay.__call__ = original
        pdf._PICTURES.clear()
    assert made[0] == made[1] == afresh


# ---- the pictures known to clean, kept between runs (svg.known_clean) --------------------------

@pytest.fixture
def known(tmp_path, monkeypatch):
    """A fresh file of the pictures known to clean, and a fresh run."""
    path = tmp_path / "cache" / "pictures.json"
    monkeypatch.setenv("PHB_PICTURE_CACHE", str(path))
    monkeypatch.setattr(svg, "_KNOWN", svg._Known())
    return path


def _next_run(monkeypatch):
    monkeypatch.setattr(svg, "_KNOWN", svg._Known())
    easyread._cleaned.cache_clear()


def test_a_picture_edited_after_it_cleaned_is_cleaned_afresh(content_tree, known, monkeypatch):
    root = content_tree()
    folder = write_pictures(root, {"phone": REAL[0].read_bytes()})
    assert problems_of(root) == [] and known.is_file()
    _next_run(monkeypatch)
    (folder / "phone.svg").write_text(HOSTILE["script"][0], encoding="utf-8")
    assert [p.split(": ", 1)[0] for p in problems_of(root)] == ["easy-read/pictures/phone.svg:3"]


def _listing(bad: bytes):
    """Files that say a bad picture cleans: damaged, or for another version of the code."""
    digest = hashlib.sha256(bad).hexdigest()
    return ["not json", "[]", json.dumps({"key": "other", "clean": [digest]}),
            lambda key: {"key": key[:-1] + ["another Python"], "clean": [digest]},
            lambda key: {"key": key, "clean": [digest, 7]},
            lambda key: {"key": key, "clean": [digest, "short"]},
            lambda key: {"key": key, "clean": {digest: True}}]


@pytest.mark.parametrize("stored", range(len(_listing(b""))))
def test_a_damaged_or_foreign_file_of_known_pictures_is_ignored_as_a_whole(content_tree, known, stored):
    root = content_tree()
    bad = HOSTILE["script"][0].encode()
    write_pictures(root, {"phone": bad})
    listed = _listing(bad)[stored]
    known.parent.mkdir(parents=True)
    known.write_text(listed if isinstance(listed, str) else json.dumps(listed(svg._version())), encoding="utf-8")
    assert [p.split(": ", 1)[0] for p in problems_of(root)] == ["easy-read/pictures/phone.svg:3"]


def test_a_file_that_says_a_bad_picture_cleans_cannot_get_it_published(content_tree, known):
    """The file only spares the check the cleaning: what is published is cleaned from the picture
    itself when it is used, so a hand-written file listing a bad picture lets the check pass it and
    the build then refuses it in the same words."""
    root = content_tree()
    bad = HOSTILE["script"][0].encode()
    write_pictures(root, {"phone": bad})
    known.parent.mkdir(parents=True)
    known.write_text(json.dumps({"key": svg._version(), "clean": [hashlib.sha256(bad).hexdigest()]}), encoding="utf-8")
    pictures, found = easyread.load_pictures(root)
    assert found == [] and list(pictures) == ["phone"]
    with pytest.raises(LoadError) as refused:
        pictures["phone"]
    assert str(refused.value).startswith("easy-read/pictures/phone.svg:3: holds a <script> element")


def test_a_sound_file_of_known_pictures_spares_the_cleaning(content_tree, known, monkeypatch):
    """The other side of the tests above: a picture that cleaned is not cleaned again by the
    next run's check, and is cleaned (to the same bytes) when it is used."""
    root = content_tree()
    write_pictures(root, {"phone": REAL[0].read_bytes()})
    first = dict(easyread.load_pictures(root)[0])
    _next_run(monkeypatch)
    cleaned: list[str] = []
    monkeypatch.setattr(svg, "clean", lambda data, display: cleaned.append(display) or svg_clean(data, display))
    pictures, found = easyread.load_pictures(root)
    assert found == [] and cleaned == []
    assert dict(pictures) == first and cleaned == ["easy-read/pictures/phone.svg"]


svg_clean = svg.clean


def test_the_known_pictures_are_kept_outside_the_project(monkeypatch, tmp_path):
    """A file in the project (which a pull request could add) never says a picture cleans."""
    monkeypatch.delenv("PHB_PICTURE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    assert svg.known_file() == tmp_path / "user-cache" / "phb-guidance" / "pictures.json"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert not svg.known_file().resolve().is_relative_to(ROOT.resolve())
