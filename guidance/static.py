"""The files in ``docs/`` that are not pages: stylesheets, scripts and pictures.

Each is read through the one gate (``loader.read_bytes``: a regular file inside the project,
not a link that leaves it, not a device, pipe or folder, at most ``MAX_STATIC_BYTES``), and
the engine publishes the bytes read here, never the path. Only the kinds of file a guidance
page needs may be published, so no HTML, XML or other active document can reach the site's
own address from ``docs/``; a picture must be what its name says (an SVG is cleaned to an
allowlist by ``guidance.svg``; a PNG, JPEG or WebP must start with that format's signature).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from . import picture
from .loader import LoadError, Problem, read_bytes

FOLDER = "docs"
MAX_STATIC_BYTES = 1024 * 1024  # a stylesheet, a script or a picture; anything larger is a mistake
MAX_FILES = 2000  # files under docs/, pages included

# The kinds of file published from docs/: text (checked as UTF-8 by the browser's rules only)
# and pictures (each checked by guidance.picture: an SVG cleaned, another its signature checked).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {".css": None, ".js": None, **picture.SIGNATURES}
PAGE_SUFFIX = ".md"


def walk(root: Path, folder: str = FOLDER) -> tuple[list[str], list[Problem]]:
    """Every entry under ``folder`` as a path relative to it (posix), without opening any.

    Hidden names are skipped, as the engine skips them. A folder that is a link is refused at
    its path (the engine would follow it out of the project); other links are judged by the gate.
    """
    base = root / folder
    if not os.path.lexists(base):  # a project without hand-written pages
        return [], []
    found: list[str] = []
    problems: list[Problem] = []
    stack = [base]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as err:
            problems.append(Problem(_display(root, Path(current)), 0, "", f"cannot be read ({err.strerror})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                stack.append(path)
            elif entry.is_symlink() and path.is_dir():
                problems.append(Problem(_display(root, path), 0, "", "is a link to a folder; put the files themselves in docs/"))
            else:
                found.append(path.relative_to(base).as_posix())
        if len(found) > MAX_FILES:
            return [], [Problem(f"{folder}/", 0, "", f"holds more than {MAX_FILES:,} files; the limit keeps builds fast")]
    return sorted(found), problems


def _display(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def load_files(root: Path, folder: str = FOLDER) -> tuple[dict[str, bytes], list[Problem]]:
    """The bytes to publish for every file under ``folder`` that is not a page, keyed by its path
    relative to the folder, and a problem for each file that may not be published."""
    names, problems = walk(root, folder)
    out: dict[str, bytes] = {}
    for name in names:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == PAGE_SUFFIX:
            continue
        display = f"{folder}/{name}"
        if suffix not in SIGNATURES:
            allowed = ", ".join(sorted(SIGNATURES))
            problems.append(Problem(display, 0, "", f"only pages (.md), stylesheets, scripts and pictures are published from "
                                                    f"{folder}/ ({allowed}); remove it or move it out of {folder}/"))
            continue
        try:
            data = read_bytes(root / folder / name, display, root, MAX_STATIC_BYTES)
            out[name] = picture.checked(data, display, suffix) if suffix in picture.SIGNATURES else data
        except LoadError as err:
            problems += err.problems
    return out, problems
