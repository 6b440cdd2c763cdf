"""What a picture file must be before it is published: the one check for pictures, whoever reads them.

The bytes come through the gate (``loader.read_bytes``); here a picture must be what its name
says: an SVG is parsed and written out afresh to an allowlist (``guidance.svg``), and a PNG,
JPEG, WebP or icon must start with that format's signature. ``guidance/static.py`` checks the
pictures in ``docs/`` with it, and ``local.yml``'s logo (``guidance/kinds/local.py``) too.
"""

from __future__ import annotations

from . import svg
from .loader import LoadError, Problem

# What each kind of picture must start with (None: an SVG, parsed and cleaned instead).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    ".svg": None,
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
    ".ico": (b"\x00\x00\x01\x00",),
}


def checked(data: bytes, display: str, suffix: str) -> bytes:
    """The bytes to publish for a picture named ``display`` with the (lower-case) ``suffix``:
    an SVG cleaned, another picture as it is once its signature is right; else a LoadError."""
    if suffix == ".svg":
        return svg.clean(data, display)
    signatures = SIGNATURES[suffix]
    if signatures and not data.startswith(signatures):
        raise LoadError([Problem(display, 0, "", f"is not a {suffix[1:].upper()} file, whatever its name says; "
                                                 "save it again in that format")])
    return data
