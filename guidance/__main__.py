"""Command line: ``python -m guidance check``, ``pages``, ``schema``, ``links`` and ``easyread``."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from pathlib import Path

from . import finished, linkcheck, readability, site
from .pdf import PdfError
from .kinds import KINDS, easyread
from .kinds.local import LOCAL_FILE, LocalSettings
from .loader import LoadError, parse, validate
from .site import DUE_SOON_DAYS, review_state


def _today(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else dt.date.today()


def completeness_report(cat) -> int:
    """Print answered-of-total per question set with the open questions; return how many are open."""
    rows = cat.framework_completeness()
    if not rows:
        return 0
    answered, total = sum(r["answered"] for r in rows), sum(r["total"] for r in rows)
    print(f"Local framework questions: {answered} of {total} answered in local.yml.")
    for row in rows:
        print(f"  {row['part'].title}: {row['answered']} of {row['total']}")
        for item in row["open"]:
            print(f"    not yet answered: {item.id}: {item.text}")
    return total - answered


def check(root: Path, today: dt.date, strict: bool, require_complete: bool = False) -> int:
    _content, cat, problems = site.check(root)
    counted = [kind.count(len(cat.records_of(kind))) for kind in KINDS]
    print(f"Checked {cat.record_count()} records: {', '.join(c for c in counted if c)}.")
    if problems:
        print(f"{len(problems)} problem(s):")
        for problem in problems:
            print(f"  {problem}")
    else:
        print("No problems found.")
    if cat.warnings:
        print(f"{len(cat.warnings)} warning(s):")
        for warning in cat.warnings:
            print(f"  {warning}")
    samples = cat.sample_values
    if samples:
        print(f"{len(samples)} sample value(s) in local.yml, which must be replaced before the site is published:")
        for sample in samples:
            print(f"  {sample}")
    overdue, soon = [], []
    dues = [due for kind in KINDS if kind.dues for due in kind.dues(cat)]
    for where, what, due, owner in dues:
        state = review_state(due, today)
        if state == "overdue":
            overdue.append(f"  {where}: {what} overdue since {due.isoformat()}{owner}")
        elif state == "due soon":
            soon.append(f"  {where}: {what} due {due.isoformat()}{owner}")
    if overdue:
        print(f"{len(overdue)} review(s) or check(s) overdue:", *overdue, sep="\n")
    if soon:
        print(f"{len(soon)} review(s) or check(s) due within {DUE_SOON_DAYS} days:", *soon, sep="\n")
    if not overdue and not soon:
        print(f"No reviews or checks overdue or due within {DUE_SOON_DAYS} days.")
    if cat.easy_read_ease:

        print(f"Easy read: {len(cat.easy_read)} pages; reading ease of each (at least {easyread.MIN_READING_EASE}):")
        scores = sorted(cat.easy_read_ease.items(), key=lambda pair: pair[1])
        for start in range(0, len(scores), 4):
            print("  " + "; ".join(f"{ident} {ease:.0f}" for ident, ease in scores[start:start + 4]))
    still_open = completeness_report(cat)
    if problems:
        return 1
    if require_complete and still_open:
        print(f"Failing because {still_open} local question(s) are not yet answered (--require-complete).")
        return 1
    if overdue and strict:
        print("Failing because of overdue reviews (--strict).")
        return 1
    if samples and strict:
        print("Failing because local.yml still holds sample values (--strict).")
        return 1
    if cat.warnings and strict:
        print("Failing because of warnings (--strict).")
        return 1
    return 0


def schema(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, model in ((kind.name, kind.model) for kind in KINDS):
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


def pages(root: Path, out: Path) -> int:
    """Write the finished pages and a configuration an engine builds without our code."""
    try:
        count = finished.write(root, out)
    except (site.ContentError, FileExistsError) as err:
        print(err)
        return 1
    except (LoadError, PdfError) as err:
        print(f"{len(err.problems) if isinstance(err, LoadError) else 1} problem(s); nothing was written in full:\n  {err}")
        return 1
    print(f"Wrote {count} pages and the files beside them in {out / 'docs'}, and {out / finished.CONFIG}: "
          f"build them with `mkdocs build -f {out / finished.CONFIG}` (no hooks or macros needed).")
    return 0


def published_base(root: Path) -> str:
    """The path the site is served under, from local.yml's web_address (as the build sets
    site_url from it): '/' when local.yml gives no address or the project has no local.yml."""
    path = root / LOCAL_FILE
    if not path.is_file():
        return "/"
    settings = validate(parse(path, LOCAL_FILE, root), LocalSettings)
    address = settings.organisation.web_address
    return linkcheck.base_path(str(address) if address else None)


def links(site: Path, external: bool, base: str | None = None, root: Path = Path(".")) -> int:

    if not (site / "index.html").is_file():
        print(f"{site}/index.html not found: build the site first (make build)")
        return 2
    if base is None:
        try:
            base = published_base(root)
        except LoadError as err:
            print(f"{root / 'local.yml'} has problems (run python -m guidance check), or give --base:", *err.problems, sep="\n  ")
            return 2
    base = linkcheck.base_path(base)
    print(f"Checking the site as served under {base}.")
    problems = linkcheck.internal_problems(site, base) + linkcheck.legislation_problems(site)
    print(f"Internal and legislation links: {len(problems)} problem(s).")
    for problem in problems:
        print(f"  {problem}")
    outside = linkcheck.external_links(site)
    print(f"External links: {len(outside)} address(es).")
    failed = 0
    for url, pages in outside.items():
        status = ""
        if external:
            reason = linkcheck.check_external(url)
            status = "ok" if reason is None else f"FAILED: {reason}"
            failed += reason is not None
        print(f"  {url}  ({len(pages)} page(s)){'  ' + status if status else ''}")
    if not external:
        print("External links were listed, not checked; add --external where a network exists.")
    return 1 if problems or failed else 0


def easyread_command(paths: list[Path], root: Path, words_file: Path | None) -> int:
    """Check easy-read files against the rules; print each broken rule and each page's reading ease."""

    word_list, problems = easyread.load_word_list(root)
    if words_file is not None:
        try:
            word_list = list(validate(parse(words_file, str(words_file), words_file.parent), easyread.WordList).root)
        except LoadError as err:
            problems += err.problems
    pictures = easyread.picture_names(root) or None  # outside a project, pictures are not checked
    listed = easyread.load_picture_list(root)[0] if pictures else {}
    files = sorted({f for p in paths for f in ([p] if p.is_file() else p.rglob("*.yml"))}
                   - {root / easyread.WORDS_FILE, root / easyread.PICTURES_FILE})
    for path in files:
        _, _, found, ease = easyread.check_file(path, path.as_posix(), path.parent, word_list, pictures, listed)
        problems += found
        if ease is not None:
            print(f"{path.as_posix()}: reading ease {ease:.0f} (at least {easyread.MIN_READING_EASE})")
    readability.save()
    print(f"Checked {len(files)} easy-read file(s): {len(problems)} problem(s).")
    for problem in problems:
        print(f"  {problem}")
    return 1 if problems or not files else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guidance", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate all content and report reviews due")
    p_check.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current)")
    p_check.add_argument("--strict", action="store_true", help="also fail when a review is overdue, a file is ignored or local.yml holds sample values "
                         "(the Pages workflow runs this before it publishes)")
    p_check.add_argument("--require-complete", action="store_true",
                         help="also fail while any local framework question is not yet answered")
    p_check.add_argument("--today", help="date to check reviews against (YYYY-MM-DD; default: today)")
    p_pages = sub.add_parser("pages", help="write every page as finished Markdown, with a configuration that any "
                                          "MkDocs-compatible engine builds without hooks or macros")
    p_pages.add_argument("out", type=Path, help="folder to write in (its docs/ and mkdocs.yml are replaced)")
    p_pages.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current)")
    p_schema = sub.add_parser("schema", help="write JSON Schemas for editors")
    p_schema.add_argument("--out", type=Path, default=Path("schema"))
    p_links = sub.add_parser("links", help="check internal links in a built site; list (or check) external ones")
    p_links.add_argument("site", type=Path, nargs="?", default=Path("site"))
    p_links.add_argument("--external", action="store_true", help="also request every external address (needs a network)")
    p_links.add_argument("--base", help="the path the site is served under, e.g. /phb/ (default: the path of "
                                        "web_address in the project's local.yml, else /)")
    p_links.add_argument("--root", type=Path, default=Path("."), help="project folder, for local.yml (default: current)")
    p_easy = sub.add_parser("easyread", help="check easy-read files against the easy-read rules")
    p_easy.add_argument("paths", type=Path, nargs="+", help="easy-read files or folders")
    p_easy.add_argument("--root", type=Path, default=Path("."), help="project folder, for its word list and pictures")
    p_easy.add_argument("--words", type=Path, help="a word list file to use instead of the project's")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.root, _today(args.today), args.strict, args.require_complete)
    if args.command == "easyread":
        return easyread_command(args.paths, args.root, args.words)
    if args.command == "pages":
        return pages(args.root, args.out)
    if args.command == "links":
        return links(args.site, args.external, args.base, args.root)
    return schema(args.out)


# A command runs once and exits. Loading the content makes a great many small objects and few
# reference cycles, so the cycle collector, run every 700 new objects by default, would spend
# a tenth of a check walking objects that are all still in use: run it every 20,000 instead.
GC_THRESHOLD = 20_000

if __name__ == "__main__":
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    sys.exit(main())
