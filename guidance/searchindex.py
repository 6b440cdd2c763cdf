"""The finishing touches to the search index Material writes (site/search/search_index.json).

Search finds a page by its name: lunr scores the words of a title without regard to its length,
so "Care Act 2014" would tie with "Care Act 2014 s22: Exception for provision of health services"
for its own title. Each page's weight grows a little as its title gets shorter (1 + 1 / words),
which breaks such ties in favour of the page whose title is exactly what was typed, and moves
nothing else much. A page's title is also the first of its keywords (``tags``), so that a page whose
keywords merely repeat another page's title ("Who to contact") does not outrank the page that has
that title. A page's keywords are kept once, on the page's own entry: Material copies them onto
every section of the page, which makes the index larger and ranks nothing better.
"""

from __future__ import annotations

import json
from pathlib import Path

SHORT_TITLE = 2.0  # the weight a one-word title gains; a title of n words gains SHORT_TITLE / n


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
            if title:
                entry["tags"] = [title, *(t for t in entry.get("tags", []) if t.lower() != title.lower())]
            entry["boost"] = round(entry.get("boost", 1) * (1 + SHORT_TITLE / words), 4)
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
