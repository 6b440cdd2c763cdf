"""The finishing touches to the search index Material writes (site/search/search_index.json).

Search finds a page by its name: lunr scores the words of a title without regard to its length,
so "Care Act 2014" would tie with "Care Act 2014 s22: Exception for provision of health services"
for its own title. Each page's weight grows a little as its title gets shorter (1 + 2 / words),
which breaks such ties in favour of the page whose title is exactly what was typed, and moves
nothing else much. A keyword (``tags``) of several words that are all in the page's own title is
left out: it adds nothing the title does not say, only weight, with which the page would outrank a
page whose title is those very words ("Step by step" is the easy-read page's title and a keyword of
"How do I get a personal health budget, step by step?"). A keyword of one word ("NICE", "VAT") stays:
it names what the page is about. A page's keywords are kept once, on the page's own
entry: Material copies them onto every section of the page, which makes the index larger and ranks
nothing better.

What does not help find a page never reaches the index: the templates mark it
``data-search-exclude`` (Material's search leaves such a block, or a heading's whole section,
out). That is the lists of links to other pages, each of which search finds on its own (related
myths, questions leaders ask, lessons, people's stories, the law a page rests on, the pages that
cite a source, law or change, the framework parts a question points to), the law and main source
under a page's answer, the link to its easy-read version, the contents list of a long page, and
the title and summary of each change a page's "What has changed" box repeats from the change's
own page (its dated notes stay: they are the page's own). A page's references stay for now: lunr
weighs a word by how many entries hold it, in any field, and without them the words every page
has ("a", "personal", "health", "budget") weigh so much more that "Who can have a personal health
budget?", through its keywords, comes before the easy-read page titled "What is a personal health
budget?" when that title is typed.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

SHORT_TITLE = 2.0  # the weight a one-word title gains; a title of n words gains SHORT_TITLE / n

# Where search splits words (mkdocs.yml, plugins: search: separator).
SEPARATOR = re.compile(r'[\s\-,:;!?()\[\]"/]+|\.(?!\d)')


def _words(text: str) -> list[str]:
    return [w for w in SEPARATOR.split(html.unescape(text).lower()) if w]


def tune(path: Path) -> None:
    """Rewrite the index at ``path`` in place (a missing index, with search off, is left alone)."""
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index.get("docs", []):
        if "#" in entry["location"]:
            entry.pop("tags", None)
        else:
            title = entry.get("title", "")
            words = len(title.split()) or 1
            if "tags" in entry:
                entry["tags"] = [tag for tag in entry["tags"]
                                 if len(_words(tag)) < 2 or not set(_words(tag)) <= set(_words(title))]
            entry["boost"] = round(entry.get("boost", 1) * (1 + SHORT_TITLE / words), 4)
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
