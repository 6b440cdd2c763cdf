"""textstat's answers (a word's syllables, a text's Flesch reading ease), remembered between runs.

textstat reads its pronouncing dictionary (CMUdict) the first time it counts syllables, which
takes longer than all the other checks together. The checks ask the same questions run after
run, so every answer is kept in a small file in the user's cache folder, beside the PDFs
(``$XDG_CACHE_HOME`` or ``~/.cache``, then ``phb-guidance/readability.json``; or the file named
by ``PHB_READABILITY_CACHE``). Never inside the project: a file a pull request added there could
otherwise say that a hard page is easy.

The answers are textstat's own, so they are the same with the file or without it. The file
says which textstat and word lists gave them (their installed files' sizes and times, found
without importing them): after an upgrade it starts afresh. A file that is damaged, too large
or for other versions is ignored as a whole, never trusted in part; one that cannot be written
is left alone. textstat is imported only when an answer is not in the file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
from pathlib import Path

from . import usercache

FORMAT = 1  # raise when what is stored, or how it is worked out, changes
LANGUAGE = "en_US"  # textstat's default, which the project never changes
LIBRARIES = ("textstat", "cmudict", "pyphen")  # textstat and the word lists it counts syllables with
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ENTRIES = 100_000  # of each kind; past it, only this run's answers are kept


def cache_file() -> Path:
    if os.environ.get("PHB_READABILITY_CACHE"):
        return Path(os.environ["PHB_READABILITY_CACHE"])
    return usercache.folder() / "readability.json"


def _versions() -> list:
    """What identifies the installed textstat and word lists: each one's file, size and time."""
    found = []
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            stat = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            origin, stat = None, None
        found.append([name, origin, stat.st_size if stat else None, stat.st_mtime_ns if stat else None])
    return [FORMAT, LANGUAGE, found]


class _Answers:
    """The answers of this run and of the file, read the first time one is asked for."""

    def __init__(self) -> None:
        self.read = False
        self.key: list | None = None
        self.syllables: dict[str, int] = {}
        self.ease: dict[str, float] = {}
        self.used: tuple[set[str], set[str]] = (set(), set())
        self.new = False

    def start(self) -> None:
        if self.read:
            return
        self.read = True
        self.key = _versions()
        stored = _read(cache_file(), self.key)
        if stored is not None:
            self.syllables, self.ease = stored


def _read(path: Path, key: list) -> tuple[dict[str, int], dict[str, float]] | None:
    """The file's answers, if it is a sound file for these versions; otherwise None."""
    data = usercache.read_json(path, key, MAX_FILE_BYTES)
    if data is None:
        return None
    syllables, ease = data.get("syllables"), data.get("ease")
    if not (isinstance(syllables, dict) and isinstance(ease, dict)):
        return None
    if not all(type(count) is int and count >= 0 for count in syllables.values()):
        return None
    if not all(type(value) is float and math.isfinite(value) for value in ease.values()):
        return None
    return syllables, ease


_ANSWERS = _Answers()


def _textstat():
    import textstat  # third-party, and slow to start: only when an answer is not kept

    return textstat


def _kept(which: int, key: str, work_out):
    """The kept answer for ``key`` in table ``which`` (0 syllables, 1 reading ease), worked out
    and kept when there is none."""
    answers = _ANSWERS
    answers.start()
    answers.used[which].add(key)
    table = (answers.syllables, answers.ease)[which]
    value = table.get(key)
    if value is None:
        value = table[key] = work_out()
        answers.new = True
    return value


def syllables(word: str) -> int:
    """``textstat.syllable_count(word)``."""
    return _kept(0, word, lambda: int(_textstat().syllable_count(word)))


def reading_ease(text: str) -> float:
    """``float(textstat.flesch_reading_ease(text))``."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return _kept(1, digest, lambda: float(_textstat().flesch_reading_ease(text)))


def save() -> None:
    """Write the answers to the file, if any are new (one write, replacing the file whole)."""
    answers = _ANSWERS
    if not answers.new:
        return
    syllables, ease = answers.syllables, answers.ease
    if len(syllables) > MAX_ENTRIES or len(ease) > MAX_ENTRIES:
        syllables = {word: count for word, count in syllables.items() if word in answers.used[0]}
        ease = {digest: value for digest, value in ease.items() if digest in answers.used[1]}
    if usercache.write_json(cache_file(), {"key": answers.key, "syllables": syllables, "ease": ease}):
        answers.new = False
