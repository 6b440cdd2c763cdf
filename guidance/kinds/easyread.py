"""Easy read: pages for people with learning disabilities, their families and peer networks.

Content lives in ``easy-read/``:

- ``easy-read/myths/<myth-id>.yml``: the easy-read version of a myth;
- ``easy-read/pages/<id>.yml``: a page a budget holder needs (what a budget is, the stages ...);
- ``easy-read/words.yml``: the project's word list, hard words and abbreviations with what
  they mean; a page may add its own;
- ``easy-read/pictures/``: the pictures, one SVG per stable name, and their licence.

Every picture in that folder is read through the loader's gate (a regular file inside the
project, at most :data:`MAX_PICTURE_BYTES`) and cleaned by ``guidance/svg.py`` (drawing
elements only, written out afresh) when the content is loaded; a picture that fails is a
problem at its file and line, and the build stops. Only the cleaned pictures are published
and drawn into the PDFs.

Each page is a list of rows: one idea, one picture. The rules below come from the
Department of Health's "Making written information easier to understand for people with
learning disabilities" (2010), Mencap's "Am I making myself clear?" and GOV.UK's guidance
on accessible formats. ``check_page`` applies them to one page and is also the command
``python -m guidance easyread PATH``, which works on any easy-read file.
"""

from __future__ import annotations

import base64
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, RootModel, model_validator

from .. import paths, pdf, readability, svg
from ..kind import Kind
from ..loader import MAX_FILES_IN_FOLDER, LoadError, Located, Problem, load, parse, read_bytes, validate
from ..models import Key, Record, Text
from ..pages import FileSpec, PageSpec

FOLDER = "easy-read"

# The addresses of its pages (a page's source path; see paths.url_of)
EASY_READ = "easy-read/index.md"

def easy_read_page(page_id: str) -> str:
    return f"easy-read/{page_id}.md"

def easy_read_pdf(page_id: str) -> str:
    return f"easy-read/{page_id}.pdf"

def easy_read_picture(name: str) -> str:
    return f"easy-read/pictures/{name}.svg"
KINDS = ("myths", "pages")
WORDS_FILE = f"{FOLDER}/words.yml"
PICTURES = f"{FOLDER}/pictures"
PICTURES_FILE = f"{FOLDER}/pictures.yml"

MAX_SENTENCE_WORDS = 15
MAX_ROW_SENTENCES = 2
MIN_READING_EASE = 70  # Flesch reading ease of a whole page; easy read usually scores 80 or more
HARD_SYLLABLES = 4  # a word this long that no word list explains is a hard word
MAX_PICTURE_BYTES = 64 * 1024  # a Mulberry or OpenMoji picture is 1 to 40 KiB; a bigger file is not a simple picture
MAX_MEANING_WORDS = 15  # a word list's meaning is read in the row that uses the word: as short as a sentence
MAX_NEW_WORDS = 2  # hard words a row may bring in: each is explained in that row, which stays short
MAX_SAME_PICTURE = 2  # times one picture may appear on a page: a picture stands for one thing
GENERIC_SHARE = 5  # generic pictures may fill at most 1 row in this many, across all easy-read pages
# Pictures that say little on their own (a face thinking, a tick, a cross ...): fine now and then,
# but a row's picture should show what the row is about. pictures.yml can mark more as generic.
GENERIC = frozenset({"thinking", "tick", "cross", "question", "phone", "handshake"})


class Row(Record):
    """One idea and its picture."""

    text: Text = Field(description="One idea in one or two short sentences (15 words at most each)")
    picture: Key = Field(description="Name of a picture listed in easy-read/pictures.yml (its file without .svg)")
    alt: Text = Field(description="What the picture means in this row (not what it looks like), for people who cannot see it")


class Word(Record):
    word: Text = Field(description="The word or abbreviation, as it is written in the rows")
    meaning: Text = Field(description="What it means, in easy words")


class Page(Record):
    id: Key = Field(description="Stable id; must match the file name; the page is /easy-read/<id>/")
    title: Text = Field(description="A short title in easy words")
    myth: Key | None = Field(default=None, description="The myth this page is the easy-read version of")
    standard: str | None = Field(default=None, pattern=r"^[a-z0-9/-]+\.md$",
                                 description="The standard page this is the easy-read version of, e.g. local-offer.md")
    order: int = Field(default=0, ge=0, le=99, description="Order on the easy-read index")
    rows: list[Row] = Field(min_length=3)
    words: list[Word] = Field(default_factory=list, description="Hard words used on this page only, with what they mean")
    contacts: bool = Field(default=False, description="Show the local contacts from local.yml after the rows")

    @model_validator(mode="after")
    def _one_standard(self) -> Page:
        if self.myth and self.standard:
            raise ValueError("give either myth or standard, not both")
        return self


class WordList(RootModel[list[Word]]):
    """easy-read/words.yml: the project's hard words and abbreviations."""


class Picture(Record):
    """One picture in easy-read/pictures/: what it means, where it comes from, its licence."""

    name: Key = Field(description="The picture's name: its file is easy-read/pictures/<name>.svg")
    means: Text = Field(description="What the picture means, in a few plain words")
    set: Literal["Mulberry Symbols", "OpenMoji"] = Field(
        description="The symbol set it comes from: Mulberry Symbols first, OpenMoji only where Mulberry has nothing")
    original: Text = Field(description="Its file's name in that set (Mulberry: EN/<name>.svg; OpenMoji: <code>.svg)")
    licence: Literal["CC BY-SA 4.0"] = Field(description="Both sets are under CC BY-SA 4.0")
    money: Literal["pounds", "other"] | None = Field(
        default=None, description="Only for a picture that shows money: which money. Pages may use pictures of pounds only")
    generic: bool = Field(default=False, description="A picture that says little on its own (see GENERIC)")


class PictureList(RootModel[list[Picture]]):
    """easy-read/pictures.yml: every picture, one entry each."""


# ---- the rules ------------------------------------------------------------------------

SENTENCE = re.compile(r"[^.!?]+[.!?]?")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.:]*")
ABBREVIATION = re.compile(r"\b[A-Z]{2,}s?\b")
NUMBER_WORDS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion)\b", re.IGNORECASE)
# "is paid", "are given", "was made by" ... : a form of "to be" followed by a past participle.
PASSIVE = re.compile(
    r"\b(am|is|are|was|were|be|been|being)\s+(\w+ed|given|paid|made|done|told|seen|taken|written|kept|sent|held|"
    r"bought|spent|chosen|known|shown|met|set|put|found|left|brought|thought)\b(?!\s+(to|up|about|of|for)\b)",
    re.IGNORECASE)
# Not passive: "is tired", "are interested" ... adjectives that look like participles.
ADJECTIVES = {"tired", "interested", "worried", "scared", "married", "retired", "qualified", "needed", "allowed",
              "excited", "bored", "pleased", "supposed", "used", "skilled", "disabled", "involved", "based", "called",
              "registered", "eligible"}
MARKUP = re.compile(r"[*_`#<>\[\]{}|]")


@dataclass(frozen=True)
class Finding:
    """A broken rule: where, which rule, and the sentence."""

    line: int
    field: str
    rule: str
    sentence: str

    def problem(self, file: str) -> Problem:
        return Problem(file, self.line, self.field, f"{self.rule}: {self.sentence!r}")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


def words(text: str) -> list[str]:
    return WORD.findall(text)


def explained(page: Page, word_list: list[Word]) -> dict[str, str]:
    """Every word this page may use and explain: the project's list and the page's own, lower case."""
    return {w.word.lower(): w.meaning for w in [*word_list, *page.words]}


def tokens(text: str) -> list[str]:
    """The words of a text, lower case, without a possessive 's or a number's full stop: what
    word lists are matched on."""
    return list(_tokens(text))


POSSESSIVE = re.compile(r"['’]s$")


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """:func:`tokens`, remembered: every page matches the same word list's words (4,096 texts at most)."""
    return tuple(POSSESSIVE.sub("", w.lower()).rstrip(".,:") for w in WORD.findall(text))


def singular(token: str) -> tuple[str, ...]:
    """The forms a listed word may take in a row: as it is, and its plural ("budgets", "boxes")."""
    return (token, token[:-1], token[:-2]) if token.endswith("es") else (token, token[:-1]) if token.endswith("s") else (token,)


def first_uses(page: Page, word_list: list[Word]) -> list[list[Word]]:
    """For each row, the listed words it is the first row of the page to use, in the order it
    uses them: the words that row explains (the page's own words before the project's).

    Each row is read once, word by word, trying the longest listed phrase first, so that a row
    with "personal health budget" uses that phrase and not the "budget" inside it. The time this
    takes grows with the rows' words times the length of the longest phrase, not with the list."""
    listed: dict[tuple[str, ...], Word] = {}
    for word in [*page.words, *word_list]:
        listed.setdefault(_tokens(word.word), word)
    longest = max((len(key) for key in listed), default=0)
    # a phrase of several words starts with its first word as it is; a word alone may be plural:
    # where a row's word is neither, nothing listed starts there
    firsts = {key[0] for key in listed if len(key) > 1}
    alone = {key[0] for key in listed if len(key) == 1}
    seen: set[tuple[str, ...]] = set()
    out: list[list[Word]] = []
    for row in page.rows:
        new: list[Word] = []
        found, i = tokens(row.text), 0
        while i < len(found):
            if found[i] not in firsts and alone.isdisjoint(singular(found[i])):
                i += 1
                continue
            for size in range(min(longest, len(found) - i), 0, -1):
                head = tuple(found[i:i + size - 1])
                key = next((head + (last,) for last in singular(found[i + size - 1]) if head + (last,) in listed), None)
                if key is not None:
                    if key not in seen:
                        seen.add(key)
                        new.append(listed[key])
                    i += size
                    break
            else:
                i += 1
        out.append(new)
    return out


def hard_words_used(page: Page, word_list: list[Word]) -> list[Word]:
    """The words of the word lists that this page uses, in the order the rows use them: its word list."""
    return [word for row in first_uses(page, word_list) for word in row]


def known_parts(known: dict[str, str]) -> frozenset[str]:
    """Every word inside the listed words and phrases ("health" of "personal health budget")."""
    return frozenset(part for key in known for part in key.split())


def check_text(text: str, known: dict[str, str], line: int, field: str, parts: frozenset[str] | None = None
               ) -> list[Finding]:
    """Every rule a row's words must keep (a word list's meanings keep them too)."""
    findings: list[Finding] = []
    parts = known_parts(known) if parts is None else parts  # callers checking many texts work it out once
    found = sentences(text)
    if len(found) > MAX_ROW_SENTENCES:
        findings.append(Finding(line, field, f"one idea per row: {len(found)} sentences, at most {MAX_ROW_SENTENCES}", text))
    if MARKUP.search(text):
        findings.append(Finding(line, field, "plain words only: no emphasis, links or other markup", text))
    for sentence in found:
        count = len(words(sentence))
        if count > MAX_SENTENCE_WORDS:
            findings.append(Finding(line, field, f"sentence of {count} words, at most {MAX_SENTENCE_WORDS}", sentence))
        if match := NUMBER_WORDS.search(sentence):
            findings.append(Finding(line, field, f"write numbers as digits ({match.group(0)!r})", sentence))
        for match in PASSIVE.finditer(sentence):
            if match.group(2).lower() not in ADJECTIVES:
                findings.append(Finding(line, field, f"use the active voice ({match.group(0)!r}): say who does it",
                                        sentence))
        for abbreviation in ABBREVIATION.findall(sentence):
            if abbreviation.lower().removesuffix("s") not in known and abbreviation.lower() not in known:
                findings.append(Finding(line, field, f"abbreviation or capitals {abbreviation!r}: not in the word list; "
                                                     "add it with what it means, or write it out", sentence))
        for word in words(sentence):
            plain = word.lower().strip("'’-")
            if (not ABBREVIATION.fullmatch(word) and readability.syllables(plain) >= HARD_SYLLABLES
                    and not any(form in known or form in parts for form in singular(plain))):
                findings.append(Finding(line, field, f"hard word {word!r} is not explained: use an easier word, "
                                                     "or add it to the page's words with what it means", sentence))
    return findings


def check_rows(page: Page, word_list: list[Word], line_of) -> list[Finding]:
    """Every broken rule in the page's rows. ``line_of(i)`` is the line of row i's text."""
    known = explained(page, word_list)
    parts = known_parts(known)
    findings: list[Finding] = []
    for i, (row, new) in enumerate(zip(page.rows, first_uses(page, word_list), strict=True)):
        findings += check_text(row.text, known, line_of(i), f"rows[{i}].text", parts)
        if len(new) > MAX_NEW_WORDS:
            findings.append(Finding(line_of(i), f"rows[{i}].text",
                                    f"{len(new)} hard words new to the page in one row ({', '.join(repr(w.word) for w in new)}): "
                                    f"the row that first uses a hard word explains it, so bring in at most {MAX_NEW_WORDS}; "
                                    "split the row, or use one of them in an earlier row", row.text))
    return findings


def check_meanings(entries: list[Word], known: dict[str, str], line_of, field: str) -> list[Finding]:
    """A word list's meanings are read in the rows: each keeps the rules a row keeps, in at
    most :data:`MAX_MEANING_WORDS` words. ``line_of(i)`` is the line of entry i's meaning."""
    findings: list[Finding] = []
    parts = known_parts(known)
    for i, word in enumerate(entries):
        where = f"{field}[{i}].meaning"
        count = len(words(word.meaning))
        if count > MAX_MEANING_WORDS:
            findings.append(Finding(line_of(i), where, f"meaning of {word.word!r} is {count} words, at most "
                                                       f"{MAX_MEANING_WORDS}: say it more simply", word.meaning))
        findings += check_text(word.meaning, known, line_of(i), where, parts)
    return findings


def check_pictures(page: Page, catalogue: dict[str, Picture], line_of) -> list[Finding]:
    """A page's pictures: each listed in pictures.yml, none more than twice, money in pounds.
    ``line_of(i)`` is the line of row i's picture."""
    findings: list[Finding] = []
    times: dict[str, int] = {}
    for i, row in enumerate(page.rows):
        where = f"rows[{i}].picture"
        times[row.picture] = times.get(row.picture, 0) + 1
        if times[row.picture] == MAX_SAME_PICTURE + 1:
            findings.append(Finding(line_of(i), where, f"the picture {row.picture!r} is on this page more than "
                                                       f"{MAX_SAME_PICTURE} times: a picture should mean one thing; "
                                                       "choose a picture that shows this row's words", row.text))
        entry = catalogue.get(row.picture)
        if entry is not None and entry.money == "other":
            findings.append(Finding(line_of(i), where, f"the picture {row.picture!r} shows money that is not pounds; "
                                                       "use a picture of pounds", row.text))
    return findings


def generic(name: str, catalogue: dict[str, Picture]) -> bool:
    entry = catalogue.get(name)
    return name in GENERIC or (entry is not None and entry.generic)


def reading_ease(page: Page) -> float:
    return readability.reading_ease(" ".join(row.text for row in page.rows))


# ---- loading ---------------------------------------------------------------------------

def load_word_list(root: Path) -> tuple[list[Word], list[Problem]]:
    path = root / WORDS_FILE
    if not path.exists():
        return [], []
    try:
        located = parse(path, WORDS_FILE, root)
        word_list = list(validate(located, WordList).root)
    except LoadError as err:
        return [], err.problems
    known = {w.word.lower(): w.meaning for w in word_list}
    problems = [f.problem(WORDS_FILE) for f in check_meanings(word_list, known, lambda i: located.line((i, "meaning")), "")]
    ease = meanings_ease(word_list)
    if ease is not None and ease < MIN_READING_EASE:
        problems.append(Problem(WORDS_FILE, 1, "", f"the meanings' reading ease is {ease:.0f}, below {MIN_READING_EASE}: "
                                                   "use shorter sentences and shorter words"))
    return word_list, problems


def meanings_ease(word_list: list[Word]) -> float | None:
    text = " ".join(w.meaning for w in word_list)
    return readability.reading_ease(text) if text else None


def load_picture_list(root: Path) -> tuple[dict[str, Picture], dict[str, int], list[Problem]]:
    """pictures.yml's entries by name, the line of each, and the problems: every file in the
    pictures folder listed, every entry a file."""
    files = picture_paths(root)
    path = root / PICTURES_FILE
    if not path.exists():
        return {}, {}, ([Problem(PICTURES_FILE, 0, "", "is missing: list every picture in easy-read/pictures/ with what "
                                                       "it means, its set and its licence")] if files else [])
    try:
        located = parse(path, PICTURES_FILE, root)
        entries = validate(located, PictureList).root
    except LoadError as err:
        return {}, {}, err.problems
    catalogue: dict[str, Picture] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for i, entry in enumerate(entries):
        line = located.line((i, "name"))
        lines.setdefault(entry.name, line)
        if entry.name in catalogue:
            problems.append(Problem(PICTURES_FILE, line, f"[{i}].name", f"{entry.name!r} is listed twice; keep one entry"))
        elif entry.name not in files:
            problems.append(Problem(PICTURES_FILE, line, f"[{i}].name", f"no file {PICTURES}/{entry.name}.svg; add the "
                                                                       "picture or remove this entry"))
        catalogue.setdefault(entry.name, entry)
    problems += [Problem(f"{PICTURES}/{name}.svg", 0, "", f"is not listed in {PICTURES_FILE}: add an entry saying what it "
                                                          "means, its set and its licence, or remove the file")
                 for name in files if name not in catalogue]
    return catalogue, lines, problems


def check_generic(pages_found: dict[str, Page], catalogue: dict[str, Picture], lines: dict[str, int]) -> list[Problem]:
    """Generic pictures fill at most 1 row in :data:`GENERIC_SHARE` across all easy-read pages."""
    rows = [row.picture for page in pages_found.values() for row in page.rows]
    counts: dict[str, int] = {}
    for name in rows:
        if generic(name, catalogue):
            counts[name] = counts.get(name, 0) + 1
    used = sum(counts.values())
    if used * GENERIC_SHARE <= len(rows):
        return []
    most = max(counts, key=lambda name: (counts[name], name))
    listed = ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))
    return [Problem(PICTURES_FILE, lines.get(most, 0), "", f"generic pictures fill {used} of {len(rows)} easy-read rows "
                                                           f"({listed}); at most 1 row in {GENERIC_SHARE} "
                                                           f"({len(rows) // GENERIC_SHARE}): give rows pictures that show "
                                                           "what they say")]


def check_file(path: Path, display: str, root: Path, word_list: list[Word], pictures: set[str] | None,
               catalogue: dict[str, Picture] | None = None
               ) -> tuple[Page | None, Located | None, list[Problem], float | None]:
    """Load one easy-read file and apply every rule. Returns the page, its lines, problems and reading ease.
    ``catalogue``: pictures.yml's entries by name, when the project has one."""
    try:
        page, located = load(path, Page, display, root)
    except LoadError as err:
        return None, None, err.problems, None
    problems = [f.problem(display) for f in check_rows(page, word_list, lambda i: located.line(("rows", i, "text")))]
    problems += [f.problem(display) for f in check_meanings(page.words, explained(page, word_list),
                                                            lambda i: located.line(("words", i, "meaning")), "words")]
    problems += [f.problem(display) for f in check_pictures(page, catalogue or {},
                                                            lambda i: located.line(("rows", i, "picture")))]
    if page.id != path.stem:
        problems.append(Problem(display, located.line(("id",)), "id", f"id {page.id!r} must match the file name"))
    if pictures is not None:
        for i, row in enumerate(page.rows):
            if row.picture not in pictures:
                problems.append(Problem(display, located.line(("rows", i, "picture")), f"rows[{i}].picture",
                                        f"no picture {row.picture!r} in {PICTURES}/ (add {row.picture}.svg and its entry "
                                        f"in {PICTURES_FILE}, or use a picture listed there)"))
    ease = reading_ease(page)
    if ease < MIN_READING_EASE:
        problems.append(Problem(display, 1, "", f"reading ease {ease:.0f} is below {MIN_READING_EASE}: "
                                                "use shorter sentences and shorter words"))
    return page, located, problems, ease


def picture_paths(root: Path) -> dict[str, Path]:
    """Every ``<name>.svg`` entry in the pictures folder, whatever it is (a folder or a link
    named ``x.svg`` is listed too, and refused when it is read), by name."""
    try:
        with os.scandir(root / PICTURES) as entries:
            found = {entry.name[:-len(".svg")]: Path(entry.path) for entry in entries if entry.name.endswith(".svg")}
    except OSError:  # no pictures folder (or not a folder): no pictures
        return {}
    return dict(sorted(found.items()))


def picture_names(root: Path) -> set[str]:
    return set(picture_paths(root))


@functools.lru_cache(maxsize=512)
def _cleaned(data: bytes, display: str) -> bytes:
    """svg.clean, remembered by content: a picture is cleaned once however often it is read
    (the check, then the build), and an edited picture is simply a new entry."""
    return svg.clean(data, display)


class Cleaned(Mapping):
    """Pictures by name, each cleaned from the bytes read when the content was loaded the first
    time it is asked for (then remembered): what is published and drawn into the PDFs is always
    cleaned from the picture itself, never taken from the digests kept between runs."""

    def __init__(self, read: dict[str, tuple[bytes, str]]) -> None:
        self._read = read  # name -> (the bytes read through the gate, the file's name people see)

    def __getitem__(self, name: str) -> bytes:
        return _cleaned(*self._read[name])

    def __iter__(self):
        return iter(self._read)

    def __len__(self) -> int:
        return len(self._read)

    def __reduce__(self):  # to another process (PDFs made in parallel): as the cleaned pictures themselves
        return dict, (dict(self.items()),)


def load_pictures(root: Path) -> tuple[Cleaned, list[Problem]]:
    """Every picture read through the gate and checked to clean: the cleaned SVG of each by name
    (see :class:`Cleaned`), and the problems of those that failed (left out). A picture whose
    bytes cleaned before, in this run or an earlier one (``svg.known_clean``), is not cleaned
    again until it is used."""
    pictures: dict[str, tuple[bytes, str]] = {}
    problems: list[Problem] = []
    for name, path in picture_paths(root).items():
        display = f"{PICTURES}/{name}.svg"
        try:
            data = read_bytes(path, display, root, limit=MAX_PICTURE_BYTES)
            if not svg.known_clean(data):
                _cleaned(data, display)
                svg.remember_clean(data)
        except LoadError as err:
            problems += err.problems
            continue
        pictures[name] = (data, display)
    svg.save_known()
    return Cleaned(pictures), problems


def load_pages(root: Path, cleaned: tuple[dict[str, bytes], list[Problem]] | None = None,
               words: tuple[list[Word], list[Problem]] | None = None,
               listed: tuple[dict[str, Picture], dict[str, int], list[Problem]] | None = None
               ) -> tuple[dict[str, Page], dict[str, Located], list[Problem], dict[str, float]]:
    """Every easy-read page under ``root``, checked against the rules; ``cleaned``, ``words`` and
    ``listed`` are what :func:`load_pictures`, :func:`load_word_list` and :func:`load_picture_list`
    gave, when the caller has them."""
    word_list, problems = words or load_word_list(root)
    catalogue, lines, found = listed or load_picture_list(root)
    problems = list(problems) + found
    pictures = picture_names(root)
    problems += (cleaned or load_pictures(root))[1]
    pages: dict[str, Page] = {}
    files: dict[str, Located] = {}
    ease: dict[str, float] = {}
    for kind in KINDS:
        for path in sorted((root / FOLDER / kind).glob("*.yml")):
            display = f"{FOLDER}/{kind}/{path.name}"
            page, located, found, score = check_file(path, display, root, word_list, pictures, catalogue)
            problems += found
            if page is None:
                continue
            if page.id in pages:
                problems.append(Problem(display, located.line(("id",)), "id", f"duplicate easy-read id {page.id!r}"))
                continue
            pages[page.id], files[page.id], ease[page.id] = page, located, score
    problems += check_generic(pages, catalogue, lines)
    return pages, files, problems, ease


# ---- cross-checks, pages and files -----------------------------------------------------

def standard_paths(cat) -> set[str]:
    """Standard pages an easy-read page may go with (and that link back to it)."""
    known = {cat.paths["local_offer"], cat.paths["framework"], cat.paths["framework_questions"], "index.md"} | cat.guide_paths
    return known | {cat.paths["framework_element"](e.id) for e in cat.framework_elements}


RESERVED_IDS = {"index", "pictures"}


def cross_check(cat, report) -> None:
    known = standard_paths(cat)
    for page in cat.easy_read.values():
        if page.id in RESERVED_IDS:
            report(FOLDER, page.id, ("id",), f"{page.id!r} is the name of another easy-read page; choose another id")
        if page.myth is not None and page.myth not in cat.myths:
            report(FOLDER, page.id, ("myth",), f"unknown myth {page.myth!r} (no myths/{page.myth}.yml)", ("myths", page.myth))
        if page.standard is not None and page.standard not in known:
            report(FOLDER, page.id, ("standard",), f"no standard page {page.standard!r}; known: {', '.join(sorted(known))}")
        if page.contacts and cat.local is None:
            report(FOLDER, page.id, ("contacts",), "contacts: true needs local.yml", ("local.yml", ""))


def ordered(cat) -> list[Page]:
    """Pages for budget holders first, then the myths, each in their order."""
    return sorted(cat.easy_read.values(), key=lambda p: (p.myth is not None, p.order, p.id))


def standard_of(cat, page: Page) -> str | None:
    return cat.paths["myth"](page.myth) if page.myth else page.standard


def versions_of(cat, path: str) -> list[Page]:
    """The easy-read pages that go with the standard page at ``path``."""
    return list(cat.once("easy_read_by_standard", _by_standard).get(path, ()))


def _by_standard(cat) -> dict[str | None, list[Page]]:
    """Standard page -> the easy-read pages that go with it, in order: worked out once, as every page asks."""
    found: dict[str | None, list[Page]] = {}
    for page in ordered(cat):
        found.setdefault(standard_of(cat, page), []).append(page)
    return found


# The local contacts each easy-read page with ``contacts: true`` shows after its rows: which
# contact, its picture, and what the picture means there.
CONTACTS = (("budget_team", "telephone-2--to", "Phone or email the personal health budget team"),
            ("care_coordination", "nurse-1a", "Your care co-ordinator"),
            ("reconsideration", "change-mind--to", "Asking for a decision to be looked at again"))
CONTACT_PICTURES = frozenset(picture for _, picture, _ in CONTACTS)
PAGE_TEMPLATE = "easy-read/page.md.j2"
LAYOUT = "easy-read.html"  # overrides/easy-read.html: the page on its own, without the staff site


def rows(page: Page, uses: list[list[Word]]) -> list[dict]:
    """The page's rows as the template shows them: each with the hard words it explains
    (``uses``, what :func:`first_uses` gave for the page)."""
    return [{"text": row.text, "picture": row.picture, "alt": row.alt,
             "explains": [{"word": w.word, "meaning": w.meaning} for w in new]}
            for row, new in zip(page.rows, uses, strict=True)]


def contact_rows(cat) -> list[dict]:
    contacts = cat.local_contacts or {}
    return [{**contacts[name], "picture": picture, "alt": alt} for name, picture, alt in CONTACTS if name in contacts]


def index_pictures(pages_listed: list[Page]) -> dict[str, str]:
    """The picture that stands for each page on the index: its first row's picture that no page
    before it on the index has, so that no two pages look alike (its first row's if all are taken)."""
    taken: set[str] = set()
    chosen: dict[str, str] = {}
    for page in pages_listed:
        pictures = [row.picture for row in page.rows]
        chosen[page.id] = next((p for p in pictures if p not in taken), pictures[0])
        taken.add(chosen[page.id])
    return chosen


def layout(contacts: list[dict], standard: str | None, label: str) -> dict:
    """The front matter the easy-read layout reads: plain data, addresses relative to the site."""
    return {"template": LAYOUT,
            "easy_read": {"index": paths.url_of(EASY_READ), "standard": paths.url_of(standard) if standard else None,
                          "standard_label": label,
                          "contacts": [{k: c[k] for k in ("name", "phone", "dial", "email")} for c in contacts]}}


def pages(cat) -> list:
    if not cat.easy_read:
        return []
    listed = ordered(cat)
    contacts = contact_rows(cat)
    specs = [PageSpec(EASY_READ, "Easy read", "easy-read/index.md.j2",
                      {"description": "Easy read pages about personal health budgets, with pictures, to read, print and share.",
                       **layout(contacts, "index.md", "The standard website")},
                      {"people": [p for p in listed if not p.myth], "staff": [p for p in listed if p.myth],
                       "index_picture": index_pictures(listed)})]
    for page in listed:
        uses = first_uses(page, cat.easy_read_words)
        specs.append(PageSpec(easy_read_page(page.id), f"{page.title} (easy read)", PAGE_TEMPLATE,
                              {"description": page.rows[0].text,
                               **layout(contacts, standard_of(cat, page), "This page in standard English")},
                              {"page": page, "rows": rows(page, uses), "words_used": [w for row in uses for w in row],
                               "contacts": contacts if page.contacts else [], "for_print": False}))
    return specs


def files(cat, specs, renderer, **who) -> list:
    """The pictures the pages use (cleaned), and one PDF of each easy-read page in ``specs``.
    ``who``: the organisation, web address and PDF cache (see ``pdf.make_all``). A PDF says
    the month it was made: that of the page's last review (:func:`made_on`), the date its
    content was last checked, never the day of the build, so a PDF made before is found again.

    Raises :class:`LoadError` when a picture a page uses is missing or WeasyPrint cannot draw
    it (at the picture's file), and :class:`pdf.PdfError` when WeasyPrint warns about anything
    else in a PDF. (A picture that cannot be read or cleaned stopped the content check already.)
    """

    specs = [spec for spec in specs if spec.template == PAGE_TEMPLATE]
    if not who:
        return []
    pictures, problems = cat.easy_read_pictures, []  # read and cleaned once, when the content loaded
    used = sorted({row.picture for page in cat.easy_read.values() for row in page.rows} | CONTACT_PICTURES)
    names = picture_names(cat.root)  # a picture listed but not cleaned has its problem above
    problems += [Problem(f"{PICTURES}/{name}.svg", 0, "", "is missing; add the picture or use another")
                 for name in used if name not in names]
    if problems:
        raise LoadError(problems)
    out = [FileSpec(easy_read_picture(name), pictures[name]) for name in used]
    dates, jobs = reviews(cat), []
    for spec in specs:
        markdown = str(renderer.render(spec.template, spec.path, **{**spec.records, "for_print": True}))
        shown = sorted({name for name in PICTURE_SRC.findall(markdown) if name in pictures})
        jobs.append(pdf_job(markdown, title=spec.title, pictures={name: pictures[name] for name in shown},
                            organisation=who["organisation"], web_address=who["web_address"],
                            made=made_on(dates, spec.records["page"])))
    made = make_pdfs(jobs, who.get("cache"), pictures)
    return out + [FileSpec(easy_read_pdf(spec.records["page"].id), document) for spec, document in zip(specs, made)]


def pdf_job(markdown: str, *, title: str, pictures: dict[str, bytes], organisation: str, web_address: str | None,
            made: date) -> pdf.Job:
    """The PDF of one easy-read page, to make: its print Markdown (``for_print``), with each
    ``src=".../pictures/<name>.svg"`` drawn from ``pictures`` (cleaned SVGs by name, see
    :func:`with_pictures`), dated ``made``. Strict: WeasyPrint may not warn about anything."""
    return pdf.Job(markdown, title=title, organisation=organisation, web_address=web_address, date=made,
                   foot=made_line(made), kind="easy-read", stylesheet=PDF_STYLESHEET, strict=True,
                   pictures=tuple(pictures.items()), prepare=with_pictures)


def make_pdfs(jobs: list[pdf.Job], cache: Path | None, pictures: Mapping[str, bytes]) -> list[bytes]:
    """:func:`pdf.make_all`, with a :class:`LoadError` at each picture WeasyPrint could not
    load or draw (any other warning is a :class:`pdf.PdfError`)."""
    try:
        return pdf.make_all(jobs, cache)
    except pdf.PdfError as err:
        raise _named(err, pictures) from None


def made_on(dates: dict, page) -> date:
    """The date an easy-read page's PDF was made, as far as a reader is concerned: its last
    review (its myth's, or the local framework's), from ``dates`` (:func:`reviews`)."""
    return dates[easy_read_page(page.id)][1]


def made_line(made: date) -> str:
    """The foot of every page of a PDF: a handout says the month it was made, not the day."""
    return f"Made {pdf.MONTHS[made.month - 1]} {made.year}"


PICTURE_SRC = re.compile(r'src="[^"]*/pictures/([a-z0-9-]+)\.svg"')


def data_url(picture: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(picture).decode()


def with_pictures(html: str, pictures: dict[str, bytes]) -> str:
    """The print HTML with each ``src=".../pictures/<name>.svg"`` drawn from ``pictures``
    (cleaned SVGs by name), as a ``data:`` URL: the one kind of address a PDF loads."""
    data = {name: data_url(picture) for name, picture in pictures.items()}
    return PICTURE_SRC.sub(lambda m: f'src="{data[m.group(1)]}"' if m.group(1) in data else m.group(0), html)


def render_pdf(markdown: str, *, title: str, pictures: dict[str, bytes], organisation: str, web_address: str | None,
               build_date: date, cache: Path | None = None) -> bytes:
    """One easy-read PDF made as a build makes it (:func:`pdf_job`, :func:`make_pdfs`)."""
    job = pdf_job(markdown, title=title, pictures=pictures, organisation=organisation, web_address=web_address,
                  made=build_date)
    return make_pdfs([job], cache, pictures)[0]


def _named(err: pdf.PdfError, pictures: dict[str, bytes]) -> Exception:
    """A :class:`LoadError` at each picture WeasyPrint could not load or draw in a PDF, or the
    error itself when it is about something else."""
    problems = []
    for name, picture in pictures.items():
        url = data_url(picture)
        said = [m.replace(url, f"{name}.svg").rstrip(": ") for m in err.messages if url in m]
        if said:
            problems.append(Problem(f"{PICTURES}/{name}.svg", 0, "",
                                    f"WeasyPrint cannot draw this picture ({'; '.join(said)}) in the PDF of "
                                    f"{err.title!r}; save it again as a plain SVG"))
    return LoadError(problems) if problems else err


PDF_STYLESHEET = Path(__file__).with_name("pdf-easy-read.css")


def _refused(root: Path) -> list[Problem]:
    """The easy-read folders over the limit on files in one folder (their pages are read elsewhere)."""
    refused = []
    for kind in KINDS:
        try:
            count = sum(1 for entry in os.scandir(root / FOLDER / kind) if not entry.name.startswith("."))
        except OSError:
            continue
        if count > MAX_FILES_IN_FOLDER:
            refused.append(Problem(f"{FOLDER}/{kind}/", 0, "", f"{count:,} files; at most {MAX_FILES_IN_FOLDER:,} record files are allowed "
                                   "in one folder, so none of them was read (the limit keeps checks and builds fast); remove the "
                                   "files that are not needed, or join small records into one"))
    return refused


def load_all(root: Path) -> tuple[dict, dict, list, dict]:
    """The easy-read pages, where each came from, their problems, and the word list, each
    page's reading ease and the cleaned pictures (kept as ``cat.easy_read_words``,
    ``cat.easy_read_ease`` and ``cat.easy_read_pictures``)."""
    if refused := _refused(root):
        return {}, {}, refused, {"easy_read_words": [], "easy_read_ease": {}, "easy_read_pictures": {},
                                 "easy_read_picture_list": {}}
    cleaned, words, listed = load_pictures(root), load_word_list(root), load_picture_list(root)
    pages_found, located, problems, ease = load_pages(root, cleaned, words, listed)
    return pages_found, located, problems, {"easy_read_words": words[0], "easy_read_ease": ease,
                                            "easy_read_pictures": cleaned[0], "easy_read_picture_list": listed[0]}


def nav(cat) -> list:
    return [(6, "Easy read", [EASY_READ] + [easy_read_page(p.id) for p in ordered(cat)])] if cat.easy_read else []


def addresses(cat) -> dict:
    return {easy_read_page(ident): ((FOLDER, ident), ("id",), ident) for ident in cat.easy_read}


def reviews(cat) -> dict:
    """An easy-read myth carries its myth's review; the other pages the local framework's."""
    out = {easy_read_page(p.id): ("record", cat.myths[p.myth].review.last_reviewed, cat.myths[p.myth].review.next_review_due,
                                   cat.myths[p.myth].review.owner, False)
           for p in cat.easy_read.values() if p.myth in cat.myths}
    if cat.local is not None:
        for path in [EASY_READ] + [easy_read_page(p.id) for p in cat.easy_read.values()]:
            out.setdefault(path, cat.local_review)
    return out


PATHS = {
    "easy_read_index": EASY_READ,
    "easy_read": easy_read_page,
    "easy_read_pdf": easy_read_pdf,
    "easy_read_picture": easy_read_picture,
}


KIND = Kind(
    name="easy-read", attribute="easy_read", model=Page, folder=FOLDER, count=lambda n: f"{n} easy-read pages",
    order=ordered, load=load_all,
    check=cross_check,
    paths=PATHS, pages=pages, files=files, nav=nav, addresses=addresses, reviews=reviews,
    lookups={"easy_read_versions": versions_of},
)
