"""``make bench``: how fast the site builds, against plain Material building the same pages.

A benchmark, not a test: it measures and prints, and never fails on a slow figure (it exits
non-zero only when a build it measures fails). Run it with ``make bench`` or
``.venv/bin/python -m guidance.bench [--runs N] [--quick] [--keep]``.

What it builds, in a temporary folder (nothing in the project is written):

- **the project**, ``mkdocs build --strict``, with its PDF cache warm (the cache filled by an
  untimed build first) and with an empty one (cold);
- **plain Material** building the same pages: what ``python -m guidance pages`` writes
  (guidance/finished.py), the Markdown each page has after generation and the hand-written pages
  with their macro calls expanded, at the same paths, with the same navigation, theme features,
  palette, Markdown extensions, style sheets and scripts, and the ``search`` plugin only: no
  hooks, no macros, no theme overrides. The generated files that are not pages (PDFs, charts,
  pictures, the export) are copied in as they are, so that every link resolves;
- **a copy of the project with ten times the content**: myths, questions, pages for people with
  a budget, figures, framework parts (all but the ten elements), lessons, stories, easy-read
  pages, laws and sources copied as ``<id>-x2`` ... ``<id>-x10``, every reference between the copies renamed to
  match, so that the copy passes the check; ``local.yml`` and the rest are the same.

Each round builds them in turn (project warm, plain, project cold, plain, the copy warm, the
check), so that a machine that slows down slows both sides of a pair. The ratios are of CPU
time (user + system) of the build process and its children; the table also gives wall time.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import json
import os
import posixpath
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import yaml

from . import finished, paths, site
from .kinds import framework, local, myths

ROOT = Path(__file__).resolve().parent.parent

# The targets of issue 20, each beside its measurement (the bench reports them, it does not gate).
TARGET_WARM = 1.3  # warm build / plain Material, CPU time
TARGET_COLD = 2.0  # cold build (empty PDF cache) / plain Material
TARGET_SCALE = 0.9  # the 10x copy / the project, warm: at most 0.9 times the growth in content
TARGET_CHECK = 0.5  # seconds, python -m guidance check
TARGET_FIRST_VIEW = 120_000  # bytes gzipped, the largest first view of any page
TARGET_PEAK_MIB = 400  # peak memory of the 10x warm build

KB = 1000  # sizes are reported in KB of 1,000 bytes
GZIP_LEVEL = 6

# Left out of the 10x copy of the project (at its top), with every __pycache__.
NOT_COPIED = {".git", ".venv", "site", "tests", "node_modules", ".pytest_cache"}
# The folders whose records the 10x copy repeats; the framework's elements stay ten.
COPIED = ("myths", "questions", "your-budget", "figures", "framework", "lessons", "stories", "easy-read/myths",
          "easy-read/pages", "law", "bibliography")


# ---- running and timing a command ------------------------------------------------------

@dataclass
class Run:
    cpu: float  # user + system seconds of the process and its children
    wall: float
    peak_mib: float  # its largest resident set size


class BenchError(Exception):
    pass


def run(cmd: list[str], cwd: Path, env: dict, log: Path) -> Run:
    """Run a command to its end, timing it; its output goes to ``log`` (shown if it fails)."""
    start = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own usage, with its children's
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        raise BenchError(f"{' '.join(cmd)} (in {cwd}) failed with exit code {proc.returncode}:\n  " + "\n  ".join(tail))
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def build_cmd(config: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]


def check_cmd() -> list[str]:
    return [sys.executable, "-m", "guidance", "check"]


def environment(cache: Path, epoch: int) -> dict:
    """The build's environment: its caches under ``cache`` (an empty folder is a cold build),
    and one build date for the whole bench."""
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", XDG_CACHE_HOME=str(cache), PHB_PDF_CACHE=str(cache / "phb-guidance" / "pdf"),
               SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED="0")
    return env


# ---- the copies ---------------------------------------------------------------------------

def copy_project(root: Path, dest: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder).resolve() == root.resolve()
        return {n for n in names if n == "__pycache__" or (top and (n in NOT_COPIED or n.startswith(".site")))}

    shutil.copytree(root, dest, ignore=ignore, symlinks=True)
    return dest


def _load(path: Path):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    def ignore_aliases(self, data) -> bool:  # the project's loader refuses anchors and aliases
        return True


def _records(project: Path) -> dict[str, list[tuple[Path, dict]]]:
    found = {}
    for folder in COPIED:
        base = project / folder
        found[folder] = [(path, _load(path)) for path in sorted(base.glob("*.yml"))] if base.is_dir() else []
    return found


def scale_content(project: Path, times: int) -> int:
    """Repeat the records of the copied folders ``times`` over, in place, with consistent ids and
    references. Returns how many files were written."""
    records = _records(project)
    ids = {folder: {data.get("id", data.get("key")) for _path, data in found if isinstance(data, dict)}
           for folder, found in records.items()}
    myths, questions, figures = ids["myths"], ids["questions"], set()
    for _path, data in records["figures"]:
        figures |= {f.get("id") for f in data.get("figures", []) if isinstance(f, dict)}
    question_items: set = set()
    for _path, data in records["framework"]:
        if data.get("kind") == "questions":
            question_items |= {item.get("id") for item in data.get("items", []) if isinstance(item, dict)}
    # the fields that name a record of a copied kind, anywhere in a record
    references = {"myths": myths, "related": myths, "myth": myths, "questions": questions, "figures": figures,
                  "answer_figure": figures, "newer": figures, "law": ids["law"], "replaced_by": ids["law"],
                  "source": ids["bibliography"]}
    nested_ids = figures | question_items
    guides = ids["your-budget"]
    written = 0
    for n in range(2, times + 1):
        def renamed(value, known):
            if isinstance(value, str) and value in known:
                return f"{value}-x{n}"
            if isinstance(value, list):
                return [renamed(item, known) for item in value]
            return value

        def walk(value, top: bool, own: set):
            if isinstance(value, list):
                return [walk(item, False, own) for item in value]
            if not isinstance(value, dict):
                return value
            out = {}
            for key, item in value.items():
                if key == "id" or (top and key == "key"):
                    out[key] = renamed(item, own if top else nested_ids)
                elif key in references and not (isinstance(item, list) and item and isinstance(item[0], dict)):
                    out[key] = renamed(item, references[key])
                elif key == "standard" and isinstance(item, str) and item.startswith("your-budget/"):
                    stem = item.removeprefix("your-budget/").removesuffix(".md")
                    out[key] = f"your-budget/{stem}-x{n}.md" if stem in guides else item
                else:
                    out[key] = walk(item, False, own)
            return out

        for folder, found in records.items():
            for path, data in found:
                if not isinstance(data, dict) or (folder == "framework" and data.get("kind") == "element"):
                    continue
                copy = walk(data, True, ids[folder])
                target = path.with_name(f"{copy.get('id', copy.get('key', path.stem))}.yml")
                target.write_text(yaml.dump(copy, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000),
                                  encoding="utf-8")
                written += 1
    return written


def plain_material(root: Path, dest: Path, cache: Path, epoch: int) -> tuple[Path, int, site.Content]:
    """A plain-Material project of the same pages in ``dest``, written by ``python -m guidance
    pages`` (guidance/finished.py): returns its mkdocs.yml, how many pages it has and the
    project's checked content."""
    saved = {key: os.environ.get(key) for key in ("XDG_CACHE_HOME", "PHB_PDF_CACHE", "SOURCE_DATE_EPOCH")}
    os.environ.update({k: v for k, v in environment(cache, epoch).items() if k in saved})
    try:
        count = finished.write(root, dest)
        content = site.content_for_build(root)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return dest / finished.CONFIG, count, content


# ---- what a browser fetches on a page's first view --------------------------------------

class _References(HTMLParser):
    """The same-site files a page loads as it opens: style sheets, scripts, pictures, icons."""

    LINKS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest", "apple-touch-icon"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.search_form = False
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and self.LINKS & set((a.get("rel") or "").lower().split()) and a.get("href"):
            self.found.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.found.append(a["src"])
        elif tag == "img" and a.get("src") and (a.get("loading") or "").lower() != "lazy":  # lazy: when scrolled to
            self.found.append(a["src"])
        elif tag == "form" and a.get("name") == "search":
            self.search_form = True
        elif tag == "script" and a.get("id") == "__config":
            self._in_config = True

    def handle_endtag(self, tag):
        self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config += data


INDEX = "search/search_index.json"
# The project's script that fetches the search index only when the reader starts to search
# (docs/javascripts/search-on-demand.js)
ON_DEMAND = "javascripts/search-on-demand.js"
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def _local(href: str, base_url: str) -> str | None:
    """A reference's path in the site, or None for another site or inline data."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", href, re.I):
        return None
    href = href.split("#")[0].split("?")[0]
    if not href:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base_url), href)).lstrip("/")
    return None if path.startswith("..") else path


class FirstView:
    """Gzipped size of a page and everything it loads as it opens, from a built site."""

    def __init__(self, site_dir: Path):
        self.site = site_dir
        self.sizes: dict[str, int] = {}

    def gz(self, path: str) -> int:
        if path not in self.sizes:
            file = self.site / path
            if file.is_dir():
                file = file / "index.html"
            self.sizes[path] = len(gzip.compress(file.read_bytes(), GZIP_LEVEL)) if file.is_file() else 0
        return self.sizes[path]

    def _css(self, path: str, seen: set[str]) -> None:
        try:
            text = (self.site / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        for match in _CSS_URL.finditer(text):
            ref = _local(match.group(1) or match.group(2), path)
            if ref and ref not in seen and (self.site / ref).is_file():
                seen.add(ref)
                if ref.endswith(".css"):
                    self._css(ref, seen)

    def files(self, page: str) -> set[str]:
        """The files the page at ``page`` (e.g. myths/vat/index.html) fetches on load."""
        parser = _References()
        parser.feed((self.site / page).read_text(encoding="utf-8", errors="replace"))
        seen = {page}
        for href in parser.found:
            ref = _local(href, page)
            if ref and (self.site / ref).is_file():
                seen.add(ref)
                if ref.endswith(".css"):
                    self._css(ref, seen)
        if parser.search_form and parser.config.strip():
            # Material's bundle starts the search worker as soon as a page with the search form
            # opens, and requests the search index then too (document.forms.namedItem("search")
            # ? fetch(index) : nothing), unless the page loads the script that holds that request
            # back until the reader starts to search (the browser tests check that it does).
            config = json.loads(parser.config)
            refs = [config.get("search")]  # relative to the page
            if not any(ref.endswith(ON_DEMAND) for ref in seen):
                refs.append(posixpath.join(config.get("base", "."), INDEX))
            for ref in refs:
                path = _local(ref, page) if ref else None
                if path and (self.site / path).is_file():
                    seen.add(path)
        return seen

    def size(self, page: str) -> int:
        return sum(self.gz(path) for path in self.files(page))


def representative_pages(content: site.Content) -> list[tuple[str, str]]:
    """(label, built file) of the home page, a myth, a framework element and the local offer."""
    cat = content.catalogue
    built = lambda source: paths.url_of(source) + "index.html"  # noqa: E731
    chosen = [("home", "index.html")]
    if cat.ordered_myths:
        chosen.append((f"a myth ({cat.ordered_myths[0].id})", built(myths.myth_page(cat.ordered_myths[0].id))))
    elements = framework.elements(cat)
    if elements:
        chosen.append((f"a framework element ({elements[0].id})", built(framework.element_page(elements[0].id))))
    chosen.append(("the local offer", built(local.LOCAL_OFFER)))
    return chosen


# ---- the report -------------------------------------------------------------------------

@dataclass
class Series:
    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def spread(self, fmt: str) -> str:
        if len(self.values) < 2:
            return ""
        return f"{format(min(self.values), fmt)}-{format(max(self.values), fmt)}"


def _mark(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def table(rows: list[tuple[str, str, str, str, str]]) -> str:
    head = ("measure", "median", "range", "target", "")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(5)]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(head), "| " + " | ".join("-" * w for w in widths) + " |", *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guidance.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of paired builds (default 3)")
    parser.add_argument("--scale", type=int, default=10, help="how many times the content the large copy holds (default 10)")
    parser.add_argument("--quick", action="store_true", help="one round, and a 3x copy instead of 10x (a few minutes)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the builds")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    args = parser.parse_args(argv)
    runs, scale = (1, 3) if args.quick else (max(1, args.runs), max(2, args.scale))
    root = args.root.resolve()
    work = Path(tempfile.mkdtemp(prefix="phb-bench-"))
    try:
        return _bench(root, work, runs, scale)
    except BenchError as err:
        print(f"bench: stopped: {err}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"(the builds are kept in {work})", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _bench(root: Path, work: Path, runs: int, scale: int) -> int:
    started, load = time.perf_counter(), os.getloadavg()[0]
    epoch = int(time.time())
    warm_cache = work / "cache-warm"
    logs = work / "logs"
    logs.mkdir()
    warm_env = environment(warm_cache, epoch)
    config = root / "mkdocs.yml"
    out = {name: work / f"site-{name}" for name in ("project", "cold", "plain", "scaled")}

    # Python keeps each module's compiled bytecode beside it after the first run; where
    # PYTHONDONTWRITEBYTECODE is set it never writes it, and every run would compile the package
    # afresh. Writing it once here measures what a user's second run costs.
    _say("writing the package's bytecode, as a first run does")
    compileall.compile_dir(root / "guidance", quiet=1)
    _say("filling the PDF cache: one untimed build of the project")
    run(build_cmd(config, out["project"]), root, warm_env, logs / "prewarm.log")
    _say("writing the plain-Material project of the same pages")
    plain_config, page_count, content = plain_material(root, work / "plain", warm_cache, epoch)
    run(build_cmd(plain_config, out["plain"]), work / "plain", warm_env, logs / "plain-prewarm.log")
    _say(f"writing the {scale}x copy of the content")
    scaled = copy_project(root, work / f"project-{scale}x")
    written = scale_content(scaled, scale)
    _say(f"{written} records copied; its first build (its copies' PDFs are those of the project, cached)")
    scaled_cold = run(build_cmd(scaled / "mkdocs.yml", out["scaled"]), scaled, warm_env, logs / "scaled-prewarm.log")
    scaled_pages = sum(1 for _ in out["scaled"].rglob("index.html"))
    pdfs = (sum(1 for _ in out["project"].rglob("*.pdf")), sum(1 for _ in out["scaled"].rglob("*.pdf")))

    warm, plain, cold, plain2, big, check = (Series() for _ in range(6))
    warm_r, cold_r, big_r, peak, peak1, peak_plain, check_cpu = (Series() for _ in range(7))
    wall = {name: Series() for name in ("warm", "plain", "cold", "big")}
    for i in range(1, runs + 1):
        _say(f"round {i} of {runs}: project warm, plain, project cold, plain, {scale}x warm, check")
        w = run(build_cmd(config, out["project"]), root, warm_env, logs / f"warm-{i}.log")
        p = run(build_cmd(plain_config, out["plain"]), work / "plain", warm_env, logs / f"plain-{i}.log")
        empty = work / f"cache-cold-{i}"
        c = run(build_cmd(config, out["cold"]), root, environment(empty, epoch), logs / f"cold-{i}.log")
        shutil.rmtree(empty, ignore_errors=True)
        p2 = run(build_cmd(plain_config, out["plain"]), work / "plain", warm_env, logs / f"plain2-{i}.log")
        b = run(build_cmd(scaled / "mkdocs.yml", out["scaled"]), scaled, warm_env, logs / f"scaled-{i}.log")
        k = run(check_cmd(), root, warm_env, logs / f"check-{i}.log")
        for series, value in ((warm, w.cpu), (plain, p.cpu), (cold, c.cpu), (plain2, p2.cpu), (big, b.cpu), (check, k.wall),
                              (warm_r, w.cpu / p.cpu), (cold_r, c.cpu / p2.cpu), (big_r, b.cpu / w.cpu), (peak, b.peak_mib),
                              (wall["warm"], w.wall), (wall["plain"], (p.wall + p2.wall) / 2), (wall["cold"], c.wall),
                              (wall["big"], b.wall), (peak1, w.peak_mib), (peak_plain, p.peak_mib),
                              (check_cpu, k.cpu)):
            series.add(value)
        _say(f"  warm {w.cpu:.1f}s, plain {p.cpu:.1f}s, cold {c.cpu:.1f}s, plain {p2.cpu:.1f}s, {scale}x {b.cpu:.1f}s, "
             f"check {k.wall:.2f}s")

    view = FirstView(out["project"])
    every = sorted(str(p.relative_to(out["project"])) for p in out["project"].rglob("index.html"))
    sizes = {page: view.size(page) for page in every}
    largest = max(sizes, key=sizes.get)
    chosen = representative_pages(content)

    s = lambda x: f"{x:.2f}s"  # noqa: E731
    r = lambda x: f"{x:.2f}x"  # noqa: E731
    rows = [
        ("warm build, CPU (project)", s(warm.median), warm.spread(".2f"), "", ""),
        ("plain Material, CPU (same pages)", s(plain.median), plain.spread(".2f"), "", ""),
        ("warm / plain", r(warm_r.median), warm_r.spread(".2f"), f"<= {TARGET_WARM}x", _mark(warm_r.median <= TARGET_WARM)),
        ("cold build (empty PDF cache), CPU", s(cold.median), cold.spread(".2f"), "", ""),
        ("cold / plain", r(cold_r.median), cold_r.spread(".2f"), f"<= {TARGET_COLD}x", _mark(cold_r.median <= TARGET_COLD)),
        (f"{scale}x content warm, CPU", s(big.median), big.spread(".2f"), "", ""),
        (f"{scale}x / 1x warm", r(big_r.median), big_r.spread(".2f"), f"<= {TARGET_SCALE * scale:g}x",
         _mark(big_r.median <= TARGET_SCALE * scale)),
        (f"{scale}x warm, peak memory", f"{peak.median:.0f} MiB", peak.spread(".0f"), f"< {TARGET_PEAK_MIB} MiB",
         _mark(max(peak.values) < TARGET_PEAK_MIB)),
        ("peak memory: project warm / plain", f"{peak1.median:.0f} / {peak_plain.median:.0f} MiB", "", "", ""),
        (f"{scale}x first build (cache: the 1x PDFs), CPU / wall", f"{scaled_cold.cpu:.1f}s / {scaled_cold.wall:.1f}s", "",
         "", ""),
        ("wall: warm / plain / cold / " + f"{scale}x", " / ".join(f"{wall[n].median:.1f}s" for n in ("warm", "plain", "cold", "big")),
         "", "", ""),
        ("python -m guidance check, wall", s(check.median), check.spread(".2f"), f"<= {TARGET_CHECK}s",
         _mark(check.median <= TARGET_CHECK)),
        ("python -m guidance check, CPU", s(check_cpu.median), check_cpu.spread(".2f"), "", ""),
    ]
    for label, page in chosen:
        rows.append((f"first view: {label}", f"{sizes.get(page, view.size(page)) / KB:.0f} KB", "", "", ""))
    rows.append((f"first view: largest ({largest})", f"{sizes[largest] / KB:.0f} KB", "", f"<= {TARGET_FIRST_VIEW // KB} KB",
                 _mark(sizes[largest] <= TARGET_FIRST_VIEW)))
    rows.append(("  of which the page's own HTML", f"{view.gz(largest) / KB:.0f} KB", "", "", ""))
    if INDEX in view.files(largest):
        rows.append(("  of which the search index (fetched on load)", f"{view.gz(INDEX) / KB:.0f} KB", "", "", ""))

    print()
    print(f"Pages: {page_count} (project and plain Material), {scaled_pages} in the {scale}x copy; "
          f"PDFs: {pdfs[0]} and {pdfs[1]}. Rounds: {runs}. Ratios are of CPU time (user + system).")
    print(f"Load average (1 minute) at the start {load:.1f}, at the end {os.getloadavg()[0]:.1f}, on {os.cpu_count()} "
          "CPUs: other work on the machine lengthens wall times more than CPU times.")
    print(f"First view: the page and every same-site file it loads as it opens, each gzipped (level {GZIP_LEVEL}); "
          f"KB = 1,000 bytes.")
    print()
    print(table(rows))
    print()
    print(f"(bench took {(time.perf_counter() - started) / 60:.1f} minutes)")
    print(f"bench: warm {warm_r.median:.2f}x, cold {cold_r.median:.2f}x, {scale}x/1x {big_r.median:.1f}x, "
          f"check {check.median:.2f}s, first view {sizes[largest] / KB:.0f}KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
