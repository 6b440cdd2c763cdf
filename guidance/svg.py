"""Easy-read pictures: every SVG is parsed, checked and written out afresh before it is used.

A picture is a file anyone can change in a pull request, and the site publishes it and draws
it into the easy-read PDFs. An SVG is a document, not just a drawing: it can hold script,
event handlers, links, other documents (``<foreignObject>``), pictures fetched from elsewhere,
style sheets that import more style sheets, fonts from elsewhere, and XML entities that
expand to gigabytes. :func:`clean` keeps the drawing and nothing else:

- The XML is parsed by ``defusedxml`` with DTDs forbidden, so a ``<!DOCTYPE>`` (and with it
  every entity, internal or external: XXE, "billion laughs") is refused.
- Elements: only the drawing elements in :data:`ELEMENTS`, in the SVG namespace, are kept.
  Editors' own data (``<metadata>``, and elements in other namespaces such as Inkscape's
  ``sodipodi:namedview``) is dropped with everything inside it, as are comments and
  processing instructions. Elements that run, fetch, link or animate (:data:`REFUSED`:
  ``<script>``, ``<foreignObject>``, ``<image>``, ``<a>``, ``<style>``, fonts, ``<animate>``
  ...) and any other SVG element (filters, text, patterns ...) are refused, so the author
  learns the picture would not look as drawn.
- Attributes: only the geometry and presentation attributes in :data:`ATTRIBUTES` are kept;
  other attributes (``class``, ``data-*``, editors' attributes) are dropped. Refused wherever
  they are: an event attribute (``on...``), an ``href`` that is not a link to an ``#id`` in
  the same picture, a ``url(...)`` that is not ``url(#id)``, and a backslash (a CSS escape can
  hide ``url(``). A ``style`` attribute is kept only when every property in it is a
  presentation property of :data:`PROPERTIES` with a plain value; anything else is refused.
- Complexity: at most :data:`MAX_ELEMENTS` elements once every reference is followed (a
  ``<use>``, a gradient's ``href`` or a ``url(#id)`` counts as the whole subtree it refers to,
  recursively), counted with each subtree's size remembered, so a small file of nested
  ``<use>`` elements that doubles at every step is refused at once; a reference that leads
  back to itself is refused; nesting deeper than :data:`MAX_DEPTH` is refused.
- The output is written from the checked tree, never copied from the input: the root is
  ``<svg xmlns="http://www.w3.org/2000/svg" ...>``, one element per line, attributes in their
  original order, text only inside ``<title>`` and ``<desc>``. The same input always gives
  the same bytes, and cleaning a cleaned picture changes nothing.

Every refusal is a :class:`~guidance.loader.LoadError` at the line of the offending element,
with what to do about it.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from pyexpat import EXPAT_VERSION

from . import usercache
from .loader import LoadError, Problem

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XHTML_NS = "http://www.w3.org/1999/xhtml"

MAX_ELEMENTS = 5000  # after references are followed; an OpenMoji picture has 5 to 60 elements
MAX_DEPTH = 32  # elements inside elements; OpenMoji pictures nest 3 deep

# The drawing elements a picture may hold.
ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "symbol", "use",
    "path", "circle", "ellipse", "line", "polygon", "polyline", "rect",
    "linearGradient", "radialGradient", "stop", "clipPath", "mask",
})
# Dropped with everything inside them: what drawing programs keep about the drawing.
DROPPED = frozenset({"metadata"})
# Refused with a reason (compared in lower case, in any namespace).
REFUSED = {
    "script": "a <script> element (a program)",
    "foreignobject": "a <foreignObject> element (a web page inside the picture)",
    "image": "an <image> element (a picture loaded from somewhere else)",
    "feimage": "an <feImage> element (a picture loaded from somewhere else)",
    "a": "an <a> element (a link)",
    "font": "a <font> element (a font)",
    "font-face": "a <font-face> element (a font loaded from somewhere else)",
    "font-face-src": "a <font-face-src> element (a font loaded from somewhere else)",
    "font-face-uri": "a <font-face-uri> element (a font loaded from somewhere else)",
    "iframe": "an <iframe> element (another web page)",
    "embed": "an <embed> element (another document)",
    "object": "an <object> element (another document)",
    "audio": "an <audio> element", "video": "a <video> element", "canvas": "a <canvas> element",
    "animate": "an <animate> element (animation can change links)",
    "animatemotion": "an <animateMotion> element (animation)",
    "animatetransform": "an <animateTransform> element (animation)",
    "animatecolor": "an <animateColor> element (animation)",
    "set": "a <set> element (animation can change links)",
    "discard": "a <discard> element (animation)",
    "handler": "a <handler> element (a program)", "listener": "a <listener> element (a program)",
    "cursor": "a <cursor> element (a picture loaded from somewhere else)",
}
PLAIN_HINT = "pictures may hold only drawing elements (save it again as a plain SVG)"

# Presentation properties: allowed as attributes and inside a style attribute.
PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color",
    "display", "visibility", "clip-path", "clip-rule", "mask", "stop-color", "stop-opacity",
    "vector-effect", "shape-rendering", "paint-order", "overflow",
})
# Geometry and structure attributes (no namespace), plus the presentation properties.
ATTRIBUTES = PROPERTIES | frozenset({
    "id", "version", "viewBox", "preserveAspectRatio", "transform",
    "d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
    "width", "height", "pathLength", "offset",
    "gradientUnits", "gradientTransform", "spreadMethod", "clipPathUnits", "maskUnits", "maskContentUnits",
})
# Where a link to an #id means something: kept there (as href or xlink:href), dropped elsewhere.
LINKING = frozenset({"use", "linearGradient", "radialGradient"})
# Elements whose text is kept (and whose child elements are left out).
TEXT_ONLY = frozenset({"title", "desc"})
# CSS functions a presentation value may use: colours, and url(#id) (checked on its own).
FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "url"})

_LOCAL_REF = re.compile(r"#([^\s#'\"()\\]+)")
_URL = re.compile(r"(?:url|src)\s*\(", re.IGNORECASE)
_FUNCTION = re.compile(r"([a-z_-][\w-]*)\s*\(", re.IGNORECASE)
_LOCAL_URL = re.compile(r"""url\(\s*(['"]?)#([^\s#'"()\\]+)\1\s*\)""", re.IGNORECASE)
_STYLE_VALUE = re.compile(r"[\w\s#%.,()+-]*", re.ASCII)
_STYLE_NAME = re.compile(r"[a-z-]+")


@dataclass(eq=False)
class Node:
    tag: str  # the local name; the namespace is checked as the tree is built
    attrib: list[tuple[str, str]]  # (name, value): a plain name, or "xlink:href"
    line: int
    keep: bool
    children: list[Node] = field(default_factory=list)
    text: str = ""
    classes: tuple[str, ...] = ()  # its class names, for a <style> element's rules (see _apply_classes)


def clean(data: bytes, display: str) -> bytes:
    """The picture in ``data``, checked and written out afresh; refused with a
    :class:`LoadError` at ``display`` (the file name people see) and its line."""
    root, sheet = _parse(data, display)
    if sheet.text:
        _apply_classes(root, _rules(sheet, display))
    _check_size(root, display)
    return _write(root).encode("utf-8")


# ---- parsing and checking ---------------------------------------------------------------

def _refuse(display: str, line: int, message: str) -> LoadError:
    return LoadError([Problem(display, line or 1, "", message)])


def _split(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return None, name


class _Builder:
    """The parser's target: builds :class:`Node` trees, checking each element as it starts."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.parser: DefusedXMLParser | None = None
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.sheet = Sheet()

    def line(self) -> int:
        return self.parser.parser.CurrentLineNumber if self.parser else 1

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        line = self.line()
        if len(self.stack) >= MAX_DEPTH:
            raise _refuse(self.display, line, f"elements are nested more than {MAX_DEPTH} deep; "
                                              "group fewer shapes inside each other")
        namespace, local = _split(tag)
        parent = self.stack[-1] if self.stack else None
        if local.lower() in REFUSED or namespace == XHTML_NS:
            what = REFUSED.get(local.lower(), f"a web page element <{local}>")
            raise _refuse(self.display, line, f"holds {what}; {PLAIN_HINT}")
        if parent is None and (namespace != SVG_NS or local != "svg"):
            raise _refuse(self.display, line, f"is not an SVG picture (it starts with <{local}>, not "
                                              f'<svg xmlns="{SVG_NS}">); save it again as a plain SVG')
        keep = parent is None or (parent.keep and parent.tag not in TEXT_ONLY and parent.tag != "style")
        if keep and namespace == SVG_NS and local == "style":
            if self.sheet.line:
                raise _refuse(self.display, line, "holds a second <style> element; join the two into one")
            self.sheet.line, keep = line, False  # read as a style sheet of class rules (see _rules), then left out
            node = Node(local, [], line, keep)
            parent.children.append(node)
            self.stack.append(node)
            return
        if parent is not None and parent.tag == "style" and not parent.keep and self.sheet.line:
            raise _refuse(self.display, line, f"holds an element <{local}> inside <style>; a style sheet holds "
                                              "only class rules")
        if not keep:
            pass  # inside something left out: only what is dangerous anywhere is refused
        elif (namespace is not None and namespace != SVG_NS) or local in DROPPED:
            keep = False  # an editor's own data, left out with everything inside it
        elif namespace is None:
            raise _refuse(self.display, line, f"holds an element <{local}> outside the SVG namespace; {PLAIN_HINT}")
        elif local not in ELEMENTS:
            raise _refuse(self.display, line, f"holds a <{local}> element, which pictures may not use; pictures "
                                              f"may hold only drawing elements ({', '.join(sorted(ELEMENTS))}): "
                                              "draw it with those, or save it again as a plain SVG")
        node = Node(local, self._attributes(local, attrib, line), line, keep,
                    classes=tuple(attrib.get("class", "").split()))
        if parent is not None:
            parent.children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def _attributes(self, element: str, attrib: dict[str, str], line: int) -> list[tuple[str, str]]:
        kept: list[tuple[str, str]] = []
        for name, value in attrib.items():
            namespace, local = _split(name)
            shown = f"xlink:{local}" if namespace == XLINK_NS else local
            if local.lower().startswith("on"):
                raise _refuse(self.display, line, f"has an event attribute {shown}= (a program that runs); "
                                                  "remove it: pictures may not hold programs")
            if local.lower() == "href":
                if not _LOCAL_REF.fullmatch(value.strip()):
                    raise _refuse(self.display, line, f"has a link {shown}={value[:60]!r} to something outside the "
                                                      "picture; a picture may only refer to its own parts (#id)")
                if element in LINKING and namespace in (None, XLINK_NS):
                    kept.append((shown, value.strip()))
                continue
            _check_urls(self.display, shown, value, line)
            if namespace is not None:
                continue  # an editor's attribute (inkscape:label, xml:space ...): left out
            if local == "style":
                if style := _style(self.display, value, line):
                    kept.append(("style", style))
            elif local in ATTRIBUTES:
                if "\\" in value:
                    raise _refuse(self.display, line, f"{shown}= holds a backslash (a CSS escape, which can hide "
                                                      "a link); remove it")
                if local in PROPERTIES:
                    _check_functions(self.display, shown, value, line)
                kept.append((local, value))
        return kept


    def end(self, tag: str) -> None:
        self.stack.pop()

    def data(self, text: str) -> None:
        node = self.stack[-1] if self.stack else None
        if node is not None and node.keep and node.tag in TEXT_ONLY:
            node.text += text
        elif node is not None and node.tag == "style" and self.sheet.line and len(self.stack) >= 2 and self.stack[-2].keep:
            self.sheet.text += text

    def close(self) -> Node | None:
        return self.root


def _check_urls(display: str, name: str, value: str, line: int) -> None:
    if "(" in value and len(_URL.findall(value)) != len(_LOCAL_URL.findall(value)):  # both patterns need a "("
        raise _refuse(display, line, f"{name}= holds a url(...) or src(...) that points outside the picture; "
                                     "only url(#id) of a part of the same picture is allowed")


def _check_functions(display: str, name: str, value: str, line: int) -> None:
    if "(" not in value:  # a function needs one (a path's data, most values, have none)
        return
    for match in _FUNCTION.finditer(value):
        if match.group(1).lower() not in FUNCTIONS:
            raise _refuse(display, line, f"{name}= uses {match.group(1)}(...), which pictures may not use; "
                                         "use a plain colour, number or url(#id)")


def _style(display: str, value: str, line: int) -> str:
    """Declarations (a style attribute, or a style sheet's rule) rewritten as ``name:value;...``,
    or refused: presentation properties with plain values only."""
    out = []
    for declaration in value.split(";"):
        if not declaration.strip():
            continue
        name, colon, val = (part.strip() for part in declaration.partition(":"))
        name = name.lower()
        if not colon or not _STYLE_NAME.fullmatch(name) or name not in PROPERTIES:
            raise _refuse(display, line, f"style= holds {declaration.strip()[:60]!r}, which pictures may "
                                         "not use; write colours and lines as attributes (fill=, stroke=, "
                                         "stroke-width= ...) instead")
        if not val or not _STYLE_VALUE.fullmatch(val):
            raise _refuse(display, line, f"style= gives {name} the value {val[:60]!r}, which pictures may "
                                         "not use; use a plain colour, number or url(#id)")
        _check_urls(display, f"style= {name}", val, line)
        _check_functions(display, f"style= {name}", val, line)
        out.append(f"{name}:{' '.join(val.split())}")
    return ";".join(out)


def _parse(data: bytes, display: str) -> tuple[Node, Sheet]:
    builder = _Builder(display)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as err:
        line, _ = getattr(err, "position", (1, 0))
        detail = str(err).split(":")[0]
        raise _refuse(display, line, f"is not well-formed XML ({detail}); save it again as a plain SVG") from None
    except DefusedXmlException as err:
        line = parser.parser.CurrentLineNumber if parser.parser else 1
        kind = type(err).__name__
        what = {"DTDForbidden": "a <!DOCTYPE> declaration",
                "EntitiesForbidden": "an <!ENTITY> declaration",
                "ExternalReferenceForbidden": "a reference to an outside file"}.get(kind, "a forbidden XML feature")
        raise _refuse(display, line, f"holds {what}, which can expand or fetch without limit; "
                                     "remove it (save it again as a plain SVG)") from None
    except (ValueError, RecursionError, MemoryError) as err:  # never a traceback
        raise _refuse(display, builder.line(), f"cannot be read as SVG ({type(err).__name__}); "
                                               "save it again as a plain SVG") from None
    if root is None:
        raise _refuse(display, 1, "holds no <svg> element; save it again as a plain SVG")
    return root, builder.sheet


# ---- a style sheet of class rules -------------------------------------------------------
# Symbol sets exported from drawing programs (Mulberry Symbols among them) colour their shapes
# with a <style> element of class rules: ".st0{fill:#ed1e29}.st3,.st4{fill:none;stroke:#231f20}".
# Such a sheet is read, never published: each rule must be a list of class selectors and
# presentation properties with plain values (the same test as a style attribute), and each
# element's classes become its own style attribute. Anything else in a sheet (@import,
# @font-face, other selectors, comments, escapes) is refused.

@dataclass
class Sheet:
    line: int = 0  # the <style> element's line (0: the picture has none)
    text: str = ""


_RULE = re.compile(r"\s*+([^{}]++)\{([^{}]*+)\}\s*+")
_CLASS = re.compile(r"\.([A-Za-z_][\w-]*+)")
SHEET_HINT = ("a picture's <style> may hold only class rules with colours and lines (.st0{fill:#ed1e29}); "
              "write the rest as attributes, or save it again as a plain SVG")


def _rules(sheet: Sheet, display: str) -> list[tuple[frozenset[str], str]]:
    """The sheet's rules in order: (the classes they apply to, their declarations checked)."""
    rules: list[tuple[frozenset[str], str]] = []
    position = 0
    text = sheet.text
    while position < len(text):
        match = _RULE.match(text, position)
        if match is None:
            if not text[position:].strip():
                break
            raise _refuse(display, sheet.line, f"holds a style sheet with {text[position:position + 40].strip()!r}; "
                                               + SHEET_HINT)
        classes = []
        for selector in match.group(1).split(","):
            found = _CLASS.fullmatch(selector.strip())
            if found is None:
                raise _refuse(display, sheet.line, f"holds a style rule for {selector.strip()[:40]!r}; " + SHEET_HINT)
            classes.append(found.group(1))
        if "\\" in match.group(2):
            raise _refuse(display, sheet.line, "holds a backslash in its style sheet (a CSS escape, which can hide a "
                                               "link); remove it")
        rules.append((frozenset(classes), _style(display, match.group(2), sheet.line)))
        position = match.end()
    return rules


def _apply_classes(root: Node, rules: list[tuple[frozenset[str], str]]) -> None:
    """Give every element the declarations of the rules for its classes, in the sheet's order,
    before its own style attribute (which wins, as in CSS)."""
    pending = [root]
    while pending:
        node = pending.pop()
        pending += node.children
        if not node.keep or not node.classes:
            continue
        declared = [style for classes, style in rules if style and classes.intersection(node.classes)]
        if not declared:
            continue
        own = [value for name, value in node.attrib if name == "style"]
        node.attrib = [(name, value) for name, value in node.attrib if name != "style"]
        node.attrib.append(("style", ";".join(declared + own)))


def _references(node: Node) -> list[str]:
    """The ids this element refers to (href and url(#id)), in order."""
    ids = []
    for name, value in node.attrib:
        if name in ("href", "xlink:href"):
            ids.append(value[1:])
        elif "(" in value:  # url(#id) needs one (a path's data has none)
            ids += [m.group(2) for m in _LOCAL_URL.finditer(value)]
    return ids


def _check_size(root: Node, display: str) -> None:
    """Refuse a picture of more than MAX_ELEMENTS elements once every reference is followed.

    Each element's size (itself, its children and what it refers to) is worked out once, in
    a loop rather than by recursion, so the count takes time in proportion to the file.
    """
    nodes: list[Node] = []
    pending = [root]
    while pending:
        node = pending.pop()
        if node.keep:
            nodes.append(node)
            pending += reversed(node.children)  # document order: the first of two equal ids wins
    ids: dict[str, Node] = {}
    for node in nodes:
        for name, value in node.attrib:
            if name == "id":
                ids.setdefault(value, node)
    size: dict[int, int] = {}
    visiting: set[int] = set()

    found: dict[int, list[Node]] = {}  # each element's parts, worked out once

    def parts(node: Node) -> list[Node]:
        key = id(node)
        if key not in found:
            found[key] = [c for c in node.children if c.keep] + [ids[i] for i in _references(node) if i in ids]
        return found[key]

    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            visiting.discard(key)
            size[key] = 1 + sum(size[id(p)] for p in parts(node))
            if size[key] > MAX_ELEMENTS:
                raise _refuse(display, node.line, f"draws more than {MAX_ELEMENTS} elements once every <use> is "
                                                  "followed; simplify the picture")
            continue
        if key in size:
            continue
        if key in visiting:
            raise _refuse(display, node.line, "refers to itself (a <use>, href or url(#id) that leads back to "
                                              "the element it is in); remove the loop")
        visiting.add(key)
        stack.append((node, True))
        for part in parts(node):
            if id(part) in visiting:
                raise _refuse(display, node.line, "refers to itself (a <use>, href or url(#id) that leads back "
                                                  "to the element it is in); remove the loop")
            if id(part) not in size:
                stack.append((part, False))


# ---- writing ----------------------------------------------------------------------------

def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text


def _write(root: Node) -> str:
    xlink = False
    lines: list[str] = []
    stack: list[tuple[Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, closing = stack.pop()
        indent = "  " * depth
        if closing:
            lines.append(f"{indent}</{node.tag}>")
            continue
        attributes = "".join(f' {name}="{_escape(value, quote=True)}"' for name, value in node.attrib)
        xlink = xlink or any(name.startswith("xlink:") for name, _ in node.attrib)
        children = [c for c in node.children if c.keep]
        if node.text and node.tag in TEXT_ONLY:
            lines.append(f"{indent}<{node.tag}{attributes}>{_escape(node.text)}</{node.tag}>")
        elif children:
            lines.append(f"{indent}<{node.tag}{attributes}>")
            stack.append((node, depth, True))
            stack += [(c, depth + 1, False) for c in reversed(children)]
        else:
            lines.append(f"{indent}<{node.tag}{attributes}/>")
    namespaces = f' xmlns="{SVG_NS}"' + (f' xmlns:xlink="{XLINK_NS}"' if xlink else "")
    lines[0] = "<svg" + namespaces + lines[0][len("<svg"):]
    return "\n".join(lines) + "\n"


# ---- pictures known to clean, remembered between runs ----------------------------------------
# Cleaning every picture is most of the time the content check spends on pictures, and the check
# only needs to know that each one cleans: what it cleans to matters only where it is published.
# So the digests (SHA-256) of the pictures that cleaned are kept in a small file in the user's
# cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``, then ``phb-guidance/pictures.json``; or the
# file named by ``PHB_PICTURE_CACHE``), never inside the project, with what made the answer: this
# module's own source, defusedxml's and expat's versions and Python's. Any change to those starts
# the file afresh; a picture that changes by one byte has another digest and is cleaned again;
# a file that is damaged, too large or for another version is ignored as a whole.
#
# The file never says what a picture is: whatever is published or drawn into a PDF is cleaned
# from the picture's own bytes when it is used (``guidance/kinds/easyread.py``). A file someone
# wrote by hand to list a bad picture can only let the check pass it; the build cleaning the
# picture to publish it then refuses it, in the same words, and publishes nothing.

KNOWN_FORMAT = 1  # raise when what the file holds changes
MAX_KNOWN = 100_000  # digests kept; past it, only this run's are kept
MAX_KNOWN_BYTES = 16 * 1024 * 1024


def known_file() -> Path:
    if os.environ.get("PHB_PICTURE_CACHE"):
        return Path(os.environ["PHB_PICTURE_CACHE"])
    return usercache.folder() / "pictures.json"


def _version() -> list | None:
    """What made the answers: this code and the parser under it (None: the source cannot be read,
    so nothing is remembered)."""
    try:
        source = Path(__file__).read_bytes()
    except OSError:
        return None
    return [KNOWN_FORMAT, hashlib.sha256(source).hexdigest(), defusedxml.__version__, EXPAT_VERSION, sys.version]


class _Known:
    """The digests of this run and of the file, read the first time a picture is asked about."""

    def __init__(self) -> None:
        self.read = False
        self.key: list | None = None
        self.digests: set[str] = set()
        self.used: set[str] = set()
        self.new = False

    def start(self) -> None:
        if self.read:
            return
        self.read = True
        self.key = _version()
        if self.key is not None:
            self.digests = _read_known(known_file(), self.key)


def _read_known(path: Path, key: list) -> set[str]:
    """The file's digests, if it is a sound file for this version; otherwise none."""
    data = usercache.read_json(path, key, MAX_KNOWN_BYTES)
    if data is None or not isinstance(data.get("clean"), list):
        return set()
    digests = data["clean"]
    if not all(isinstance(digest, str) and len(digest) == 64 for digest in digests):
        return set()
    return set(digests)


_KNOWN = _Known()


def known_clean(data: bytes) -> bool:
    """Whether these bytes cleaned without a problem, in this run or an earlier one, under this
    version of the code (see above)."""
    _KNOWN.start()
    digest = hashlib.sha256(data).hexdigest()
    _KNOWN.used.add(digest)
    return digest in _KNOWN.digests


def remember_clean(data: bytes) -> None:
    """These bytes cleaned without a problem (:func:`clean` returned)."""
    _KNOWN.start()
    digest = hashlib.sha256(data).hexdigest()
    _KNOWN.used.add(digest)
    if digest not in _KNOWN.digests:
        _KNOWN.digests.add(digest)
        _KNOWN.new = _KNOWN.key is not None


def save_known() -> None:
    """Write the digests to the file, if any are new (one write, replacing the file whole)."""
    known = _KNOWN
    if not known.new:
        return
    digests = known.digests if len(known.digests) <= MAX_KNOWN else known.digests & known.used
    if usercache.write_json(known_file(), {"key": known.key, "clean": sorted(digests)}):
        known.new = False
