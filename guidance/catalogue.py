"""The whole body of guidance: every record, loaded through the registry of kinds and cross-checked.

Each kind of record says where its files are and what they hold (``guidance/kinds/``); this
module loads them all the same way, keeping the line of every field, and runs each kind's
cross-checks. The catalogue names no kind: ``cat.<attribute>`` gives a kind's records and
``cat.<lookup>`` what a kind offers the others.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
from collections import defaultdict
from pathlib import Path

from pydantic import RootModel

from . import paths, readability
from .kind import Kind
from .kinds import KINDS
from .loader import (MAX_FILES, MAX_FILES_IN_FOLDER, Loc, LoadError, Located, Problem, field_path, inside, load,
                     parse, validate)
from .numbers import FULL_BILLIONS
from . import claims
from .records import citation_locs, citations, texts

RECORD_EXTENSIONS = (".yml", ".yaml")
BACKUP_EXTENSIONS = (".bak", ".orig", ".rej", ".old", ".tmp", ".swp")
FOLDERS = {kind.folder: kind for kind in KINDS if kind.shape == "records" and not kind.load}


class Catalogue:
    """Every record by kind (``cat.myths``, ``cat.laws`` ...), where each came from, and the
    lookups the kinds offer (``cat.myths_in(section_id)``, ``cat.figure_by_id`` ...)."""

    def __init__(self, root: Path, warnings: list[Problem] | None = None) -> None:
        self.root = root
        self.records: dict[str, object] = {kind.attribute: _empty(kind) for kind in KINDS}
        self.files: dict[tuple[str, str], Located] = {}  # (folder or kind, id) -> where it came from
        self.unloadable: set[tuple[str, str]] = set()  # (folder, stem) of files that failed to load
        self.warnings: list[Problem] = list(warnings or [])  # files and folders the loader ignored
        self._lookups = {name: fn for kind in KINDS for name, fn in kind.lookups.items()}
        self._properties = {name: fn for kind in KINDS for name, fn in kind.properties.items()}
        self._worked_out: dict[str, object] = {}

    def __getattr__(self, name: str):
        if name.startswith("_") or name in ("records",):
            raise AttributeError(name)
        if name in self.records:
            return self.records[name]
        if name in self._properties:
            return self.once(name, self._properties[name])
        if name in self._lookups:
            return functools.partial(self._lookups[name], self)
        raise AttributeError(name)

    def once(self, name: str, make):
        """``make(cat)``, worked out the first time it is asked for (the catalogue never changes once loaded)."""
        if name not in self._worked_out:
            self._worked_out[name] = make(self)
        return self._worked_out[name]

    def texts(self, record) -> list[tuple[tuple, str]]:
        """``records.texts(record)`` for a record of this catalogue, walked once however many
        checks read it (records never change; each caller gets its own list)."""
        return list(self._walked(record, texts, "texts"))

    def citation_locs(self, record) -> list[tuple[tuple, object]]:
        """``records.citation_locs(record)``, walked once (see :meth:`texts`)."""
        return list(self._walked(record, citation_locs, "citation_locs"))

    def _walked(self, record, walk, name: str) -> list:
        held = self.once(name, lambda cat: {})  # id -> (the record, kept so that its id stays its own; its walk)
        found = held.get(id(record))
        if found is None or found[0] is not record:
            found = held[id(record)] = (record, walk(record))
        return found[1]

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return KINDS

    @property
    def paths(self) -> dict:
        """Every page address by the name templates use: the site's own and each kind's."""
        return {**paths.SITE, **{name: value for kind in KINDS for name, value in kind.paths.items()}}

    def records_of(self, kind: Kind) -> list:
        """A kind's records as a list (its dict's values, a list file's items, or the one record)."""
        held = self.records[kind.attribute]
        if isinstance(held, dict):
            return list(held.values())
        if isinstance(held, list):
            return held
        return [] if held is None else [held]

    def citing_records(self):
        """(kind, record, page path, page title) of every record that can be checked for a change's words
        (stories hold no changes list: a story that uses them fails the check)."""
        for kind in _by_position("citing", [k for k in KINDS if k.citing]):
            yield from kind.citing(self)

    @property
    def source_cited_by(self) -> dict[str, list[tuple[str, str, str]]]:
        """Source key -> [(kind, id, where cited)] for the sources page."""
        return self.once("source_cited_by", _source_cited_by)

    def record_count(self) -> int:
        return sum((kind.records_counted or (lambda cat, k=kind: len(cat.records_of(k))))(self) for kind in KINDS)


def _source_cited_by(cat: Catalogue) -> dict[str, list[tuple[str, str, str]]]:
    cited: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for kind in _by_position("sources", [k for k in KINDS if k.source_label]):
        for record in kind.order(cat) if kind.order else cat.records_of(kind):
            places: dict[str, list[str]] = defaultdict(list)
            for cite in citations(record):
                if cite.at not in places[cite.source]:
                    places[cite.source].append(cite.at)
            for source, ats in places.items():
                cited[source].append((kind.source_label, getattr(record, kind.ident), "; ".join(ats)))
    return cited


def _empty(kind: Kind):
    return {} if kind.shape == "records" else [] if kind.shape == "list" else None


def _by_position(aspect: str, kinds: list[Kind]) -> list[Kind]:
    return sorted(kinds, key=lambda k: k.position(aspect, KINDS.index(k)))


def _ignored(folder: str, entry: os.DirEntry[str]) -> Problem | None:
    """The warning for an entry of a record folder that the loader ignores, or None for a record file."""
    name = entry.name
    suffix = Path(name).suffix
    if entry.is_dir(follow_symlinks=False):
        return Problem(f"{folder}/{name}/", 0, "ignored", f"content files must sit directly in {folder}/, not in a sub-folder")
    if suffix in RECORD_EXTENSIONS:
        return None
    if suffix.lower() in RECORD_EXTENSIONS:
        message = f"the extension must be {suffix.lower()} in lower case; rename it to {Path(name).stem}{suffix.lower()}"
    elif name.endswith("~") or name.startswith("#") or suffix.lower() in BACKUP_EXTENSIONS:
        message = f"looks like a backup or temporary file; delete it or move it out of {folder}/"
    else:
        message = f"only .yml files are read in {folder}/; rename it or move it elsewhere"
    return Problem(f"{folder}/{name}", 1, "ignored", message)


def list_content(root: Path) -> tuple[dict[str, list[Path]], list[Problem], list[Problem]]:
    """The record files in each folder, a warning for each entry the loader ignores, and a
    problem for each folder (or the whole project) with more files than the limits allow.

    Only names and link status are looked at; nothing is opened. Hidden entries
    (an editor's ``.vat.yml.swp``) are skipped without a warning. A folder over the limit
    lists no files, so none of them is read.
    """
    files: dict[str, list[Path]] = {folder: [] for folder in FOLDERS}
    warnings: list[Problem] = []
    refused: list[Problem] = []
    for folder in FOLDERS:
        try:
            entries = [entry for entry in os.scandir(root / folder) if not entry.name.startswith(".")]
        except OSError:  # missing or not a folder: reported as "no records found"
            continue
        if len(entries) > MAX_FILES_IN_FOLDER:
            refused.append(_too_many(f"{folder}/", len(entries), MAX_FILES_IN_FOLDER, "in one folder"))
            continue
        for entry in sorted(entries, key=lambda entry: entry.name):
            if warning := _ignored(folder, entry):
                warnings.append(warning)
            else:
                files[folder].append(Path(entry.path))
    total = sum(map(len, files.values()))
    if total > MAX_FILES:
        refused.append(_too_many("./", total, MAX_FILES, "in all the record folders together"))
        files = {folder: [] for folder in FOLDERS}
    return files, warnings, refused


def _too_many(where: str, count: int, limit: int, scope: str) -> Problem:
    return Problem(where, 0, "", f"{count:,} files; at most {limit:,} record files are allowed {scope}, so none of "
                                 "them was read (the limit keeps checks and builds fast); remove the files that are "
                                 "not needed, or join small records into one")


def load_catalogue(root: Path | str) -> tuple[Catalogue, list[Problem]]:
    """Load and cross-check everything under ``root``, kind by kind in the registry's order.

    Returns the catalogue and every problem found; files the loader ignored are
    listed in ``Catalogue.warnings``.
    """
    root = Path(root)
    files, warnings, refused = list_content(root)
    cat = Catalogue(root, warnings)
    problems: list[Problem] = list(refused)
    refused_folders = {problem.file.rstrip("/") for problem in refused}
    for folder in FOLDERS if "." in refused_folders else refused_folders:  # their records are not missing, only unread
        with contextlib.suppress(OSError):
            cat.unloadable.update((folder, name.rsplit(".", 1)[0]) for name in os.listdir(root / folder))
    for kind in KINDS:
        if kind.load is not None:
            records, located, found, kept = kind.load(root)
            cat.records[kind.attribute] = records
            cat.records.update(kept)
            cat.files.update({(kind.folder, ident): where for ident, where in located.items()})
            problems += found
        elif kind.shape == "list":
            problems += _load_list(cat, kind)
        elif kind.shape == "single":
            cat.records[kind.attribute] = _load_single(cat, problems, kind)
        else:
            problems += _load_folder(cat, kind, files[kind.folder], refused_folders, [0])
    problems += _cross_check(cat)
    readability.save()  # the reading-ease answers worked out this time, for the next
    return cat, sorted(set(problems))


def _load_list(cat: Catalogue, kind: Kind) -> list[Problem]:
    """A file at the root holding a list of records (sections.yml)."""
    path = cat.root / kind.file
    if not os.path.lexists(path):
        return [Problem(kind.file, 1, "", "file is missing")]
    try:
        located = parse(path, kind.file, cat.root)
        if not isinstance(located.data, list):
            raise LoadError([Problem(kind.file, 1, "", f"expected a list (each item starting with '- {kind.ident}:')")])
        records = list(validate(located, RootModel[list[kind.model]]).root)
    except LoadError as err:
        return err.problems
    cat.records[kind.attribute] = records
    cat.files[(kind.attribute, "")] = located
    problems = []
    seen: dict[str, int] = {}
    for i, record in enumerate(records):
        ident = getattr(record, kind.ident)
        line = located.line((i, kind.ident))
        if ident in seen:
            problems.append(Problem(kind.file, line, f"[{i}].{kind.ident}", f"duplicate {kind.ident} {ident!r} (first on line {seen[ident]})"))
        seen.setdefault(ident, line)
    return problems


def _load_single(cat: Catalogue, problems: list[Problem], kind: Kind):
    """One settings-like file at the project root: the record, or None with its problems filed."""
    path = cat.root / kind.file
    if not os.path.lexists(path):
        problems.append(Problem(kind.file, 1, "", f"file is missing; {kind.missing}"))
        cat.unloadable.add((kind.file, ""))  # what needs it is not listed again
        return None
    try:
        record, cat.files[(kind.attribute, "")] = load(path, kind.model, kind.file, cat.root)
        return record
    except LoadError as err:
        problems += err.problems
        cat.unloadable.add((kind.file, ""))
        return None


def _load_folder(cat: Catalogue, kind: Kind, paths: list[Path], refused_folders: set[str], item_count: list[int]) -> list[Problem]:
    """One file per record in the kind's folder."""
    folder, target = kind.folder, cat.records[kind.attribute]
    problems: list[Problem] = []
    if not paths and not refused_folders & {folder, "."}:
        problems.append(Problem(folder + "/", 1, "", "no records found (expected one .yml file per record)"))
    first_seen: dict[str, str] = {}
    for n, path in enumerate(paths):
        display = f"{folder}/{path.name}"
        try:
            record, located = load(path, kind.model, display, cat.root)
        except LoadError as err:
            problems += err.problems
            cat.unloadable.add((folder, path.stem))
            continue
        ident = getattr(record, kind.ident)
        if ident != path.stem:
            problems.append(Problem(display, located.line((kind.ident,)), kind.ident,
                                    f"{kind.ident} {ident!r} must match the file name ({path.stem!r}); rename one of them"))
        if ident in first_seen:
            problems.append(Problem(display, located.line((kind.ident,)), kind.ident,
                                    f"duplicate {kind.ident} {ident!r} (already used by {first_seen[ident]})"))
            continue
        first_seen[ident] = display
        target[ident] = record
        cat.files[(folder, ident)] = located
        if kind.items is not None:
            count, limit, noun = kind.items
            item_count[0] += count(record)
            if item_count[0] > limit:
                problems.append(Problem(folder + "/", 0, "", f"{item_count[0]:,} {noun} in the files up to {path.name}; "
                                        f"at most {limit:,} are allowed in all, so no file after it was read (the "
                                        f"limit keeps checks and builds fast); remove the {noun} that are not needed"))
                cat.unloadable.update((folder, later.stem) for later in paths[n + 1:])
                break
    return problems


def _cross_check(cat: Catalogue) -> list[Problem]:
    problems: list[Problem] = []

    def report(kind: str, ident: str, loc: Loc, message: str, target: tuple[str, str] | None = None) -> None:
        if target in cat.unloadable:
            return  # the target file's own problem is already reported
        located = cat.files[(kind, ident)]
        problems.append(Problem(located.file, located.line(loc), field_path(loc), message))

    citing = [kind for kind in KINDS if kind.citations]
    for cited in (kind for kind in KINDS if kind.cited):
        known = cat.records[cited.attribute]
        for kind in citing:
            for ident, record in cat.records[kind.attribute].items():
                for loc, cite in cat.citation_locs(record):
                    if cite.source not in known:
                        report(kind.folder, ident, loc + ("source",),
                               f"unknown source {cite.source!r} (no {cited.folder}/{cite.source}.yml)", (cited.folder, cite.source))
    for kind in KINDS:
        if kind.check is not None:
            kind.check(cat, report)
    _no_keys_shown(cat, citing, report)
    _no_full_billions(cat, report)
    _law_cited(cat, report)
    return problems


def _law_cited(cat: Catalogue, report) -> None:
    """In every kind whose records cite law, a sentence that states the law cites a law record
    (guidance/claims.py)."""
    for kind in KINDS:
        if "law" not in kind.model.model_fields:
            continue
        for ident, record in cat.records[kind.attribute].items():
            for loc, word, _sentence in claims.unsupported(record):
                report(kind.folder, ident, loc, claims.hint(word))


def _no_full_billions(cat: Catalogue, report) -> None:
    """No record of any kind, nor local.yml, prints a billion pounds or more in full digits."""
    for kind in KINDS:
        held = cat.records[kind.attribute]
        if isinstance(held, dict):  # a folder of records, each its own file
            found = [((kind.folder, ident), loc, text) for ident, record in held.items() for loc, text in cat.texts(record)]
        else:  # one file: a list of records (each place starts with the item's index) or one record
            found = [((kind.attribute, ""), loc, text) for loc, text in texts(held)]
        for (where, ident), loc, text in found:
            if full := FULL_BILLIONS.search(text):
                report(where, ident, loc, f"writes {full.group()!r} in full digits; write amounts of a billion pounds "
                                          "or more as GOV.UK does, such as '£3.3 billion'")


def _no_keys_shown(cat: Catalogue, citing: list[Kind], report) -> None:
    """Readers never see a bibliography key ('as cited in dh-2012-myths'): it is an internal name."""
    keys = {key for kind in KINDS if kind.cited for key in cat.records[kind.attribute]}
    if not keys:
        return
    hyphenated = all("-" in key for key in keys)
    for kind in citing:
        for ident, record in cat.records[kind.attribute].items():
            shown = cat.texts(record) + [(loc + ("at",), cite.at) for loc, cite in cat.citation_locs(record)]
            for loc, text in shown:
                if key := _key_in(text, keys, hyphenated):
                    report(kind.folder, ident, loc, f"shows the bibliography key {key!r} to readers; name the "
                                                    "document in words (for example 'the 2012 myths guide')")
                    break


# A run of the characters a key is made of. A key is shown when a whole run is a key, with no
# / or . before it and no / after it (so an address or a file name holding a key is not a key
# shown): the same as searching for each key with (?<![\w/.-])key(?![\w/-]), in one pass.
_KEY_RUN = re.compile(r"[\w-]++")


def _key_in(text: str, keys, hyphenated: bool = False) -> str | None:
    """The first bibliography key the text shows, if any. ``hyphenated``: every key holds a
    hyphen (then a text without one shows none)."""
    if hyphenated and "-" not in text:
        return None
    if not any(map(keys.__contains__, _KEY_RUN.findall(text))):  # no run is a key: most texts, found at once
        return None
    for match in _KEY_RUN.finditer(text):
        start, end = match.span()
        if match.group() in keys and text[start - 1 : start] not in ("/", ".") and text[end : end + 1] != "/":
            return match.group()
    return None


def fingerprint(root: Path | str) -> str:
    """A digest of every content file, to know when a cached catalogue is stale.

    Only stats: a link is followed only when it stays inside the project.
    """
    root = Path(root)
    files, warnings, refused = list_content(root)
    digest = hashlib.sha256()
    singles = [root / kind.file for kind in KINDS if kind.file]
    own = [path for kind in KINDS if kind.load for path in sorted((root / kind.folder).rglob("*"))
           if (root / kind.folder).is_dir()]
    for path in singles + [path for paths in files.values() for path in paths] + own:
        try:
            stat = os.stat(path) if inside(path, root) else os.lstat(path)
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_mode}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    for warning in warnings + refused:
        digest.update(f"{warning}\n".encode())
    return digest.hexdigest()
