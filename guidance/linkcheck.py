"""Check the links in a built site: every internal link and anchor must resolve.

Works on any folder of static HTML, so it covers links written by templates and
theme overrides as well as those in Markdown. External links are listed, and
checked only on request (``--external``), since CI has no network.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# An address on legislation.gov.uk: type/year/number, then the parts of its own address scheme
# (contents, a provision, a part or crossheading, the version as made or enacted, a point in
# time, the explanatory notes). A law record's own address is held to the stricter
# models.LEGISLATION.
LEGISLATION = re.compile(
    r"^https://www\.legislation\.gov\.uk/(ukpga|uksi|eur|asp|anaw|nia|nisi)/\d{4}/\d+"
    r"(/(contents|body|schedules|enacted|made|notes|division|index\.htm|\d+|\d{4}-\d{2}-\d{2}"
    r"|(section|schedule|regulation|article|part|chapter)/\d+[A-Z]*|crossheading/[a-z0-9-]+))*/?$"
)

@dataclass(frozen=True)
class Link:
    page: str  # site-relative path of the HTML file
    href: str


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        if tag in ("a", "link", "area") and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag in ("script", "img", "iframe", "source") and attrs.get("src"):
            self.links.append(attrs["src"])


def _scan(site: Path) -> tuple[dict[str, set[str]], list[Link]]:
    ids: dict[str, set[str]] = {}
    links: list[Link] = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        collector = _Collector()
        collector.feed(html.read_text(encoding="utf-8"))
        ids[rel] = collector.ids
        links += [Link(rel, href) for href in collector.links]
    return ids, links


def _target(site: Path, page: str, path: str) -> str | None:
    """Resolve a relative URL path from ``page`` to a file under ``site``; None if missing."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
    if joined.startswith(".."):
        return None
    candidate = site / joined
    if candidate.is_dir():
        candidate = candidate / "index.html"
        joined = posixpath.join(joined, "index.html").removeprefix("./")
    return joined if candidate.is_file() else None


def base_path(web_address: str | None) -> str:
    """The path a site is served under, from the address it is published at (local.yml's
    ``web_address``, which the build makes the site's ``site_url``): '/phb/' for
    https://example.github.io/phb/, '/' for a site at the root of its host or with no address."""
    path = urlsplit(web_address or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def internal_problems(site: Path, base: str = "/") -> list[str]:
    """Every internal link whose file or anchor does not exist, as 'page: href: reason'.

    ``base`` is the path the site is served under (see :func:`base_path`): the 404 page, which
    is served at any address, links root-relative from it (MkDocs builds them from site_url), so
    '/phb/assets/x.css' is the folder's assets/x.css when ``base`` is '/phb/', and a root-relative
    link outside ``base`` leaves the site."""
    ids, links = _scan(site)
    problems = []
    for link in links:
        parts = urlsplit(link.href)
        if parts.scheme or parts.netloc or link.href.startswith(("mailto:", "tel:")):
            continue
        if parts.path.startswith("/"):
            # Only the 404 page may use root-relative links (it is served at any address).
            if link.page != "404.html":
                problems.append(f"{link.page}: {link.href}: root-relative link (use a relative link)")
                continue
            path = posixpath.normpath(unquote(parts.path)).rstrip("/") + "/"  # '/phb/.' is '/phb/'
            if not path.startswith(base) or path.startswith("//"):
                problems.append(f"{link.page}: {link.href}: outside {base}, where the site is served")
                continue
            target = _target(site, "index.html", path[len(base):] or ".")
        else:
            target = _target(site, link.page, parts.path) if parts.path else link.page
        if target is None:
            problems.append(f"{link.page}: {link.href}: no such page or file")
        elif parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids.get(target, set()):
            problems.append(f"{link.page}: {link.href}: no anchor #{parts.fragment} on {target}")
    return sorted(set(problems))


def external_links(site: Path) -> dict[str, list[str]]:
    """External address -> pages that link to it."""
    _, links = _scan(site)
    found: dict[str, list[str]] = defaultdict(list)
    for link in links:
        if urlsplit(link.href).scheme in ("http", "https") and link.page not in found[link.href]:
            found[link.href].append(link.page)
    return dict(sorted(found.items()))


def legislation_problems(site: Path) -> list[str]:
    """Every link to a piece of legislation that does not follow legislation.gov.uk's pattern
    (type/year/number, then its own address scheme). The site's home page names no Act."""
    problems = []
    for url, pages in external_links(site).items():
        parts = urlsplit(url)
        if parts.hostname and parts.hostname.endswith("legislation.gov.uk") and parts.path not in ("", "/"):
            if not LEGISLATION.match(url):
                problems.append(f"{pages[0]}: {url}: not a legislation.gov.uk address for an Act and provision")
    return problems


def check_external(url: str, timeout: float = 15) -> str | None:
    """None if the address answers, else the reason. Needs a network."""
    # imported here: urllib.request brings in http.client, ssl and email, which only this
    # network check needs (every `python -m guidance check` imports this module)
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "phb-guidance-linkcheck"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return None
    except urllib.error.HTTPError as err:
        if err.code in (403, 405):  # some servers refuse HEAD; try GET
            try:
                with urllib.request.urlopen(url.replace(" ", "%20"), timeout=timeout):
                    return None
            except Exception as inner:  # noqa: BLE001 - report whatever went wrong
                return str(inner)
        return f"HTTP {err.code}"
    except Exception as err:  # noqa: BLE001
        return str(err)
