"""The user's cache folder: what a run worked out and keeps for the next one.

Everything kept between runs lives in ``$XDG_CACHE_HOME/phb-guidance/`` (or
``~/.cache/phb-guidance/``): the PDFs (``pdf/``), the compiled templates (``templates/``),
textstat's answers (``readability.json``) and the pictures known to clean (``pictures.json``).
Never inside the project: a file a pull request added there could otherwise stand in for one
of them. A JSON file here names what made its answers (its ``key``: the versions of the code
and libraries); one that is too large, damaged or for another key is ignored as a whole, and
one that cannot be written only costs the time of working the answers out again.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path


def folder() -> Path:
    """``$XDG_CACHE_HOME/phb-guidance``, or ``~/.cache/phb-guidance``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "phb-guidance"


def read_json(path: Path, key, limit: int) -> dict | None:
    """The file's data, if it is a JSON object of at most ``limit`` bytes made with ``key``."""
    try:
        if os.stat(path).st_size > limit:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def write_json(path: Path, data: dict) -> bool:
    """Replace the file whole with ``data`` (written beside it, then renamed); False when it
    cannot be written (a read-only or full disk)."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False
    return True
