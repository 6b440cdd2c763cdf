"""The whole body of guidance: every record, cross-checked, ready to render.

Layout under the content root (the project folder):

    sections.yml            the four sections, in order
    myths/<id>.yml          one myth per file
    law/<key>.yml           one legal reference per file
    bibliography/<key>.yml  one bibliography entry per file
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, RootModel

from . import changes, easyread, figures, framework, intros, lessons, local, paths, questions, stories
from .loader import (MAX_FIGURES, MAX_FILES, MAX_FILES_IN_FOLDER, Loc, LoadError, Located, Problem, field_path, inside, load,
                     parse, validate)
from .models import Citation, Law, Myth, Section, Source
from .records import texts

SECTIONS_FILE = "sections.yml"
FOLDERS: dict[str, type[BaseModel]] = {"myths": Myth, "law": Law, "bibliography": Source, framework.FOLDER: framework.Part,
                                       changes.FOLDER: changes.Change, questions.FOLDER: questions.Question,
                                       figures.FOLDER: figures.FigureSet, lessons.FOLDER: lessons.LessonList,
                                       stories.FOLDER: stories.Story}
IDENT = {folder: ("key" if folder in ("law", "bibliography") else "id") for folder in FOLDERS}
RECORD_EXTENSIONS = (".yml", ".yaml")
BACKUP_EXTENSIONS = (".bak", ".orig", ".rej", ".old", ".tmp", ".swp")


@dataclass
class Catalogue:
    root: Path
    sections: list[Section] = field(default_factory=list)
    myths: dict[str, Myth] = field(default_factory=dict)
    laws: dict[str, Law] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    framework: dict[str, framework.Part] = field(default_factory=dict)
    changes: dict[str, changes.Change] = field(default_factory=dict)
    questions: dict[str, questions.Question] = field(default_factory=dict)
    figures: dict[str, figures.FigureSet] = field(default_factory=dict)
    lessons: dict[str, lessons.LessonList] = field(default_factory=dict)
    stories: dict[str, stories.Story] = field(default_factory=dict)
    local: local.LocalSettings | None = None
    intros: intros.Intros | None = None
    easy_read: dict[str, easyread.Page] = field(default_factory=dict)
    easy_read_words: list[easyread.Word] = field(default_factory=list)
    easy_read_ease: dict[str, float] = field(default_factory=dict)  # Flesch reading ease of each page
    files: dict[tuple[str, str], Located] = field(default_factory=dict)  # (kind, id) -> where it came from
    unloadable: set[tuple[str, str]] = field(default_factory=set)  # (folder, stem) of files that failed to load
    warnings: list[Problem] = field(default_factory=list)  # files and folders the loader ignored

    # ---- derived views, used by templates -------------------------------
    @property
    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    def myths_in(self, section_id: str) -> list[Myth]:
        return sorted((m for m in self.myths.values() if m.section == section_id), key=lambda m: m.title.lower())

    @property
    def ordered_myths(self) -> list[Myth]:
        return [m for s in self.sections for m in self.myths_in(s.id)]

    @property
    def ordered_laws(self) -> list[Law]:
        return sorted(self.laws.values(), key=lambda law: (law.act, _provision_sort(law.provision)))

    @property
    def ordered_sources(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda s: (s.year, s.title.lower()))

    @property
    def law_cited_by(self) -> dict[str, list[Myth]]:
        cited: dict[str, list[Myth]] = defaultdict(list)
        for myth in self.ordered_myths:
            for key in myth.law:
                cited[key].append(myth)
        return cited

    @property
    def source_cited_by(self) -> dict[str, list[tuple[str, str, str]]]:
        """Source key -> [(kind, id, where cited)], kind being 'myth', 'law' or 'change'."""
        cited: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        records = [("myth", m) for m in self.ordered_myths] + [("law", l) for l in self.ordered_laws]
        records += [("change", c) for c in changes.ordered(self)]
        records += [("question", q) for q in questions.ordered(self)] + [("lessons", x) for x in lessons.ordered(self)]
        records += [("figures", s) for s in figures.ordered(self)] + [("story", s) for s in stories.ordered(self)]
        for kind, record in records:
            ident = record.key if kind == "law" else record.id
            places: dict[str, list[str]] = defaultdict(list)
            for cite in _citations(record):
                if cite.at not in places[cite.source]:
                    places[cite.source].append(cite.at)
            for source, ats in places.items():
                cited[source].append((kind, ident, "; ".join(ats)))
        return cited

    def citing_records(self):
        """(kind, record, page path, page title) of every record that can be checked for a change's words
        (stories hold no changes list: a story that uses them fails the check)."""
        for m in self.ordered_myths:
            yield "myths", m, paths.myth(m.id), m.title
        for law in self.ordered_laws:
            yield "law", law, paths.law(law.key), law.label
        for part in framework.ordered(self.framework):
            page = part.id if part.kind == "element" else part.element
            yield framework.FOLDER, part, paths.framework_element(page), part.title
        for q in questions.ordered(self):
            yield questions.FOLDER, q, paths.question(q.id), q.question
        for x in lessons.ordered(self):
            yield lessons.FOLDER, x, paths.lesson(x.id), x.title
        for s in figures.ordered(self):
            yield figures.FOLDER, s, paths.EVIDENCE, s.title
        for s in stories.ordered(self):
            yield stories.FOLDER, s, paths.STORIES, f"{s.name}: {s.title}"

    def record_count(self) -> int:
        return (len(self.sections) + len(self.myths) + len(self.laws) + len(self.sources) + len(self.framework)
                + len(self.changes) + len(self.questions) + len(self.figures) + len(self.lessons) + len(self.stories)
                + (self.local is not None) + len(self.easy_read))


def _provision_sort(provision: str) -> tuple[int, str]:
    digits = "".join(ch for ch in provision if ch.isdigit())
    return (int(digits) if digits else 0, provision)


def _citations(record: BaseModel) -> list[Citation]:
    """Every Citation anywhere inside a record."""
    found: list[Citation] = []

    def walk(value: object) -> None:
        if isinstance(value, Citation):
            found.append(value)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(record)
    return found


def _citation_locs(record: BaseModel, prefix: Loc = ()) -> list[tuple[Loc, Citation]]:
    out: list[tuple[Loc, Citation]] = []
    if isinstance(record, Citation):
        return [(prefix, record)]
    if isinstance(record, BaseModel):
        for name in type(record).model_fields:
            out += _citation_locs(getattr(record, name), prefix + (name,))
    elif isinstance(record, (list, tuple)):
        for i, item in enumerate(record):
            out += _citation_locs(item, prefix + (i,))
    return out


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


def _easy_read_refused(root: Path) -> list[Problem]:
    """The easy-read folders over the limit on files in one folder (their pages are read elsewhere)."""
    refused = []
    for kind in easyread.KINDS:
        try:
            count = sum(1 for entry in os.scandir(root / easyread.FOLDER / kind) if not entry.name.startswith("."))
        except OSError:
            continue
        if count > MAX_FILES_IN_FOLDER:
            refused.append(_too_many(f"{easyread.FOLDER}/{kind}/", count, MAX_FILES_IN_FOLDER, "in one folder"))
    return refused


def load_catalogue(root: Path | str) -> tuple[Catalogue, list[Problem]]:
    """Load and cross-check everything under ``root``.

    Returns the catalogue and every problem found; files the loader ignored are
    listed in ``Catalogue.warnings``.
    """
    root = Path(root)
    files, warnings, refused = list_content(root)
    cat = Catalogue(root=root, warnings=warnings)
    problems: list[Problem] = list(refused)
    refused_folders = {problem.file.rstrip("/") for problem in refused}
    for folder in FOLDERS if "." in refused_folders else refused_folders:  # their records are not missing, only unread
        with contextlib.suppress(OSError):
            cat.unloadable.update((folder, name.rsplit(".", 1)[0]) for name in os.listdir(root / folder))

    # Sections: one file holding a list.
    sections_path = root / SECTIONS_FILE
    if not os.path.lexists(sections_path):
        problems.append(Problem(SECTIONS_FILE, 1, "", "file is missing"))
    else:
        try:
            located = parse(sections_path, SECTIONS_FILE, root)
            if not isinstance(located.data, list):
                raise LoadError([Problem(SECTIONS_FILE, 1, "", "expected a list of sections (each starting with '- id:')")])
            cat.sections = list(validate(located, _SectionList).root)
            seen: dict[str, int] = {}
            for i, section in enumerate(cat.sections):
                line = located.line((i, "id"))
                if section.id in seen:
                    problems.append(Problem(SECTIONS_FILE, line, f"[{i}].id", f"duplicate id {section.id!r} (first on line {seen[section.id]})"))
                seen.setdefault(section.id, line)
            cat.files[("sections", "")] = located
        except LoadError as err:
            problems += err.problems

    # Single files: the introductions of the listing pages, and the local settings.
    cat.intros = _load_single(cat, problems, intros.FILE, intros.Intros, "intros",
                              "it holds the title and introduction of each listing page")
    cat.local = _load_single(cat, problems, local.LOCAL_FILE, local.LocalSettings, "local",
                             "copy local.yml from the project you forked")

    # One file per record.
    first_seen: dict[tuple[str, str], str] = {}
    figure_count = 0
    for folder, model in FOLDERS.items():
        paths = files[folder]
        if not paths and not refused_folders & {folder, "."}:
            problems.append(Problem(folder + "/", 1, "", "no records found (expected one .yml file per record)"))
        for n, path in enumerate(paths):
            display = f"{folder}/{path.name}"
            try:
                record, located = load(path, model, display, root)
            except LoadError as err:
                problems += err.problems
                cat.unloadable.add((folder, path.stem))
                continue
            ident_field = IDENT[folder]
            ident = getattr(record, ident_field)
            if ident != path.stem:
                problems.append(
                    Problem(display, located.line((ident_field,)), ident_field,
                            f"{ident_field} {ident!r} must match the file name ({path.stem!r}); rename one of them")
                )
            if (folder, ident) in first_seen:
                problems.append(
                    Problem(display, located.line((ident_field,)), ident_field,
                            f"duplicate {ident_field} {ident!r} (already used by {first_seen[(folder, ident)]})")
                )
                continue
            first_seen[(folder, ident)] = display
            target = {"myths": cat.myths, "law": cat.laws, "bibliography": cat.sources, framework.FOLDER: cat.framework,
                      changes.FOLDER: cat.changes, questions.FOLDER: cat.questions, figures.FOLDER: cat.figures,
                      lessons.FOLDER: cat.lessons, stories.FOLDER: cat.stories}[folder]
            target[ident] = record
            cat.files[(folder, ident)] = located
            if folder == figures.FOLDER:
                figure_count += len(record.figures)
                if figure_count > MAX_FIGURES:
                    unread = paths[n + 1:]
                    problems.append(Problem(folder + "/", 0, "", f"{figure_count:,} figures in the files up to {path.name}; "
                                            f"at most {MAX_FIGURES:,} are allowed in all, so no file after it was read (the "
                                            "limit keeps checks and builds fast); remove the figures that are not needed"))
                    cat.unloadable.update((folder, later.stem) for later in unread)
                    break

    # Easy read: its own folders, checked against the easy-read rules as it loads.
    if easy_refused := _easy_read_refused(root):
        problems += easy_refused
    else:
        cat.easy_read, located_pages, found, cat.easy_read_ease = easyread.load_pages(root)
        cat.easy_read_words = easyread.load_word_list(root)[0]
        problems += found
        cat.files.update({(easyread.FOLDER, ident): located for ident, located in located_pages.items()})

    problems += _cross_check(cat)
    return cat, sorted(set(problems))


def _load_single(cat: Catalogue, problems: list[Problem], name: str, model: type[BaseModel], kind: str, hint: str):
    """One settings-like file at the project root: the record, or None with its problems filed."""
    path = cat.root / name
    if not os.path.lexists(path):
        problems.append(Problem(name, 1, "", f"file is missing; {hint}"))
        return None
    try:
        record, cat.files[(kind, "")] = load(path, model, name, cat.root)
        return record
    except LoadError as err:
        problems += err.problems
        return None


class _SectionList(RootModel[list[Section]]):
    """sections.yml is a top-level list."""



def _cross_check(cat: Catalogue) -> list[Problem]:
    problems: list[Problem] = []

    def report(kind: str, ident: str, loc: Loc, message: str, target: tuple[str, str] | None = None) -> None:
        if target in cat.unloadable:
            return  # the target file's own problem is already reported
        located = cat.files[(kind, ident)]
        problems.append(Problem(located.file, located.line(loc), _fmt(loc), message))

    section_ids = {s.id for s in cat.sections}
    for myth in cat.myths.values():
        if cat.sections and myth.section not in section_ids:
            report("myths", myth.id, ("section",), f"unknown section {myth.section!r} (known: {', '.join(sorted(section_ids))})")
        for i, key in enumerate(myth.law):
            if key not in cat.laws:
                report("myths", myth.id, ("law", i), f"unknown legal reference {key!r} (no law/{key}.yml)", ("law", key))
        for i, other in enumerate(myth.related):
            if other not in cat.myths:
                report("myths", myth.id, ("related", i), f"unknown myth {other!r} (no myths/{other}.yml)", ("myths", other))
        for listname in ("law", "related"):
            values = getattr(myth, listname)
            for i, value in enumerate(values):
                if value in values[:i]:
                    report("myths", myth.id, (listname, i), f"{value!r} is listed twice")
    for law in cat.laws.values():
        for i, key in enumerate(law.replaced_by):
            if key not in cat.laws:
                report("law", law.key, ("replaced_by", i), f"unknown legal reference {key!r} (no law/{key}.yml)", ("law", key))
    for kind, records in (("myths", cat.myths), ("law", cat.laws), (framework.FOLDER, cat.framework),
                          (changes.FOLDER, cat.changes), (questions.FOLDER, cat.questions), (figures.FOLDER, cat.figures),
                          (lessons.FOLDER, cat.lessons), (stories.FOLDER, cat.stories)):
        for ident, record in records.items():
            for loc, cite in _citation_locs(record):
                if cite.source not in cat.sources:
                    report(kind, ident, loc + ("source",), f"unknown source {cite.source!r} (no bibliography/{cite.source}.yml)",
                           ("bibliography", cite.source))
    framework.cross_check(cat, report)
    changes.cross_check(cat, report)
    questions.cross_check(cat, report)
    figures.cross_check(cat, report)
    lessons.cross_check(cat, report)
    stories.cross_check(cat, report)
    _no_keys_shown(cat, report)
    local.cross_check(cat, report)
    easyread.cross_check(cat, report)
    return problems


def _no_keys_shown(cat: Catalogue, report) -> None:
    """Readers never see a bibliography key ('as cited in dh-2012-myths'): it is an internal name."""
    if not cat.sources:
        return
    for kind, records in (("myths", cat.myths), ("law", cat.laws), (framework.FOLDER, cat.framework),
                          (changes.FOLDER, cat.changes), (questions.FOLDER, cat.questions), (figures.FOLDER, cat.figures),
                          (lessons.FOLDER, cat.lessons), (stories.FOLDER, cat.stories)):
        for ident, record in records.items():
            shown = texts(record) + [(loc + ("at",), cite.at) for loc, cite in _citation_locs(record)]
            for loc, text in shown:
                if key := _key_in(text, cat.sources):
                    report(kind, ident, loc, f"shows the bibliography key {key!r} to readers; name the "
                                             "document in words (for example 'the 2012 myths guide')")
                    break


# A run of the characters a key is made of. A key is shown when a whole run is a key, with no
# / or . before it and no / after it (so an address or a file name holding a key is not a key
# shown): the same as searching for each key with (?<![\w/.-])key(?![\w/-]), in one pass.
_KEY_RUN = re.compile(r"[\w-]++")


def _key_in(text: str, keys) -> str | None:
    """The first bibliography key the text shows, if any."""
    for match in _KEY_RUN.finditer(text):
        start, end = match.span()
        if match.group() in keys and text[start - 1 : start] not in ("/", ".") and text[end : end + 1] != "/":
            return match.group()
    return None


def _fmt(loc: Loc) -> str:
    return field_path(loc)


def fingerprint(root: Path | str) -> str:
    """A digest of every content file, to know when a cached catalogue is stale.

    Only stats: a link is followed only when it stays inside the project.
    """
    root = Path(root)
    files, warnings, refused = list_content(root)
    digest = hashlib.sha256()
    easy = sorted((root / easyread.FOLDER).rglob("*")) if (root / easyread.FOLDER).is_dir() else []
    singles = [root / SECTIONS_FILE, root / local.LOCAL_FILE, root / intros.FILE]
    for path in singles + [path for paths in files.values() for path in paths] + easy:
        try:
            stat = os.stat(path) if inside(path, root) else os.lstat(path)
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_mode}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    for warning in warnings + refused:
        digest.update(f"{warning}\n".encode())
    return digest.hexdigest()
