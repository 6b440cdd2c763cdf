"""Command line: ``python -m guidance check`` and ``python -m guidance schema``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .catalogue import check_pages, load_catalogue
from .models import Law, Myth, Section, Source
from .site import DUE_SOON_DAYS, review_state



def _today(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else dt.date.today()


def check(root: Path, today: dt.date, strict: bool) -> int:
    cat, problems = load_catalogue(root)
    problems = sorted(problems + check_pages(root))
    print(
        f"Checked {cat.record_count()} records: {len(cat.sections)} sections, {len(cat.myths)} myths, "
        f"{len(cat.laws)} legal references, {len(cat.sources)} bibliography entries."
    )
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
    overdue, soon = [], []
    dues = [(f"myths/{m.id}.yml", "review", m.review.next_review_due, f" (owner: {m.review.owner})") for m in cat.ordered_myths]
    dues += [(f"law/{law.key}.yml", "check", law.next_check_due, "") for law in cat.ordered_laws]
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
    if problems:
        return 1
    if overdue and strict:
        print("Failing because of overdue reviews (--strict).")
        return 1
    if cat.warnings and strict:
        print("Failing because of warnings (--strict).")
        return 1
    return 0


def schema(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, model in {"myth": Myth, "law": Law, "source": Source, "section": Section}.items():
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


def links(site: Path, external: bool) -> int:
    from . import linkcheck

    if not (site / "index.html").is_file():
        print(f"{site}/index.html not found: build the site first (make build)")
        return 2
    problems = linkcheck.internal_problems(site) + linkcheck.legislation_problems(site)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guidance", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate all content and report reviews due")
    p_check.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current)")
    p_check.add_argument("--strict", action="store_true", help="also fail when a review is overdue or a file is ignored")
    p_check.add_argument("--today", help="date to check reviews against (YYYY-MM-DD; default: today)")
    p_schema = sub.add_parser("schema", help="write JSON Schemas for editors")
    p_schema.add_argument("--out", type=Path, default=Path("schema"))
    p_links = sub.add_parser("links", help="check internal links in a built site; list (or check) external ones")
    p_links.add_argument("site", type=Path, nargs="?", default=Path("site"))
    p_links.add_argument("--external", action="store_true", help="also request every external address (needs a network)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.root, _today(args.today), args.strict)
    if args.command == "links":
        return links(args.site, args.external)
    return schema(args.out)


if __name__ == "__main__":
    sys.exit(main())
