"""The quick ways of loading and building give what the plain ways give: libyaml reads every
file as the pure-Python parser does (the same data, the same line for every key, the same
problem in the same words), the readability answers kept between runs are textstat's own, and
what a build keeps or remembers (compiled templates, the theme's words, the sandbox's answers,
objects set aside from the garbage collector) changes nothing it gives.

No timing here: speed is measured by the benchmark only."""

from __future__ import annotations

import gc
import json
import math
import random
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import material
import pytest
import textstat

from guidance import load_catalogue, loader, mkdocs_hooks, models, readability, render, site
from guidance.kinds import easyread

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
needs_libyaml = pytest.mark.skipif(loader._FastLoader is None, reason="PyYAML has no libyaml here")


def _typed(value):
    """The value with the type of every part, so that 1, 1.0, True and '1' differ."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _outcome(read):
    """What reading gave: the data and the line of every key, or the problems."""
    try:
        located = read()
    except loader.LoadError as err:
        return ("problems", err.problems)
    return ("data", _typed(located.data), located.lines)


def _both(text: str, display: str = "file.yml"):
    """What the loader gives (libyaml first) and what the pure parser alone gives."""
    return (_outcome(lambda: loader.parse_text(text, display)),
            _outcome(lambda: loader._parse_reporting(text, display, 1)))


def _yaml_texts() -> dict[str, str]:
    """Every YAML file of the project and of the test fixtures that is UTF-8."""
    found = {}
    for path in sorted([*ROOT.glob("*.yml"), *ROOT.glob("[!.]*/**/*.yml"), *FIXTURES.glob("**/*.yml")]):
        if ".venv" in path.parts or "site" in path.relative_to(ROOT).parts[:1]:
            continue
        try:
            found[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        except (UnicodeDecodeError, OSError):
            continue
    return found


@needs_libyaml
def test_libyaml_reads_every_file_of_the_project_and_the_fixtures_as_the_pure_parser_does():
    texts = _yaml_texts()
    assert texts
    fast = 0
    for display, text in texts.items():
        quick, plain = _both(text, display)
        assert quick == plain, display
        try:  # where libyaml reads a file without a problem, it is what the pure parser reads
            read = loader._parse_with(loader._FastLoader, text, display, 1)
        except Exception:  # noqa: BLE001 - the loader reads it with the pure parser
            continue
        if not loader._LIBYAML_DIFFERS.search(text):
            fast += 1
            assert _outcome(lambda: read) == plain, display
    assert fast  # libyaml did read some of them


# Where the parsers differ: libyaml reads on where the pure parser stops; the loader gives the pure parser's answer.
DIFFERING = [
    "a:\tb\n", "a: x\ty\n", "a: [1,\t2]\n", "a:\n\t- x\n",  # a tab between tokens or words
    "a: [x?]\n", "a: [x ?]\n", "a: {x: y?z}\n", "a: [b, {c: d?}]\n",  # a '?' in a plain scalar inside [ ] or { }
    "a: |#x\n  b\n", "a: >-#x\n  b\n", "a: |2#x\n  b\n",  # a comment straight after | or >
]


@needs_libyaml
@pytest.mark.parametrize("text", DIFFERING)
def test_where_libyaml_reads_on_the_pure_parsers_problem_is_reported(text):
    quick, plain = _both(text)
    assert quick == plain
    assert quick[0] == "problems"


SAME = [
    "a: 2024-01-01\n", "'2024-01-01': x\n", "2024-01-01: x\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n",
    "<<: {a: 1}\n", "a: 1\na: 2\n", "1: x\n", "true: x\n", "a: " + "[" * 30 + "]" * 30 + "\n", "a: 1e400\n", "a: .inf\n",
    "a: " + "9" * 20 + "\n", "a: 0x1F\n", "a: 1:30.5\n", "a: x\u2028y\n", "a: \"x\\/y\"\n", "a: |\n  x\n\n  y\n",
    "a: >-\n  x\n  y\n\n  z\n", "{a: 1, b: [x, y]}\n", "[a, b]\n", "a: b: c\n", "a: [a:b]\n", "a: {x:y}\n", "a: [?]\n",
    "a: [? x]\n", "? a\n: b\n", "? [a]\n: b\n", "%YAML 1.3\n---\na: 1\n", "a: \"\\'\"\n", "k" * 1100 + ": v\n",
    "é" * 600 + ": v\n", "a: 1\r\nb: 2\r\n", "a: 1\rb: 2\r", "a: \"\\q\"\n", "a: [b, c]]\n", "a: 'b\n", "a: | #x\n  b\n",
]


@needs_libyaml
@pytest.mark.parametrize("text", SAME)
def test_libyaml_and_the_pure_parser_agree_on_awkward_yaml(text):
    quick, plain = _both(text)
    assert quick == plain


@needs_libyaml
def test_libyaml_and_the_pure_parser_agree_on_mistyped_files():
    """Small typing mistakes (a character added, left out or moved) in the fixtures' files:
    the same data and lines, or the same problem at the same line."""
    texts = [text for name, text in _yaml_texts().items() if name.startswith("tests/fixtures/valid/") and len(text) < 6000]
    for n, text in enumerate(_mistyped(texts, 300, 20)):
        quick, plain = _both(text, f"mistyped-{n}.yml")
        assert quick == plain, text


def _read(read):
    """What a reader gave: the data with its types and the line of every key (in order), or that it raised."""
    try:
        located = read()
    except Exception:  # noqa: BLE001 - any failure sends the loader to the pure parser
        return ("raised",)
    return ("data", _typed(located.data), located.lines, list(located.lines))


def _mistyped(texts: list[str], count: int, seed: int) -> list[str]:
    marks = [":", ": ", "-", "- ", " ", "\n", "[", "]", "{", "}", ",", "\"", "'", "#", "|", ">", "?", "!", "&", "*",
             "%", "@", "`", "\\", "\u2028", "\r", "---", "...", "1", "2024-01-01", "\t", "<<: ", "=", "~", ".inf", "0x1F"]
    chance = random.Random(seed)
    out = []
    for _ in range(count):
        text = chance.choice(texts)
        for _ in range(chance.randint(1, 3)):
            at = chance.randrange(len(text) + 1)
            if chance.random() < 0.6:
                text = text[:at] + chance.choice(marks) + text[at:]
            else:
                text = text[:at] + text[at + chance.randint(1, 3):]
        out.append(text)
    return out


@needs_libyaml
def test_the_one_pass_reader_gives_what_libyaml_composing_gives():
    """The loader reads libyaml's events once, making each value as it comes
    (loader._parse_events): the same data and lines as composing a tree of nodes, checking
    and constructing it (loader._parse_with), and a failure wherever that fails, on every file,
    the awkward texts above, nesting about the limit and mistyped files."""
    texts = list(_yaml_texts().values())
    deep = [text for depth in range(loader.MAX_DEPTH - 2, loader.MAX_DEPTH + 3)
            for text in ("a: " + "[" * depth + "]" * depth + "\n", "- " * depth + "x\n",
                         "".join("  " * i + "k:\n" for i in range(depth)) + "  " * depth + "v\n")]
    small = [text for text in texts if len(text) < 6000]
    for text in texts + SAME + DIFFERING + deep + _mistyped(small, 300, 21):
        assert _read(lambda: loader._parse_events(text, "file.yml")) == \
            _read(lambda: loader._parse_with(loader._FastLoader, text, "file.yml", 1)), text
        assert loader._libyaml_differs(text) == bool(loader._LIBYAML_DIFFERS.search(text))


def _plain_real_text(value: str) -> str:
    """models._real_text as the patterns alone say it (every text searched with both)."""
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be empty")
    if models.PLACEHOLDERS.search(stripped):
        raise ValueError(f"holds placeholder text ({models.PLACEHOLDERS.search(stripped).group(0)!r}); write the real text")
    if match := models.RAW_HTML.search(stripped):
        raise ValueError(f"holds raw HTML or script ({stripped[match.start() : match.start() + 24]!r}); "
                         "write Markdown only (links as [text](address))")
    return stripped


def _said(check, text):
    try:
        return ("kept", check(text))
    except ValueError as err:
        return ("refused", str(err))


AWKWARD_TEXTS = [
    "A plain sentence.", "  padded  ", "", "TBC", "tbd.", "ToDo: later", "(FIXME)", "xXx", "Lorem Ipsum dolor", "lorem  ipsum",
    "TBCs", "atbc", "Fıxme", "FİXME", "lorem ıpsum", "lorem ipſum", "x\u212a", "<b>", "< /p", "a<3", "5 < 6 and 7 > 6",
    "javascript:alert(1)", "JavaScript :x", "VBScript:", "javaſcript:", "javascrıpt:", "see [x](data:text)",
    "[x]( < data :", "[x](https://a.b/)", "onclick=x", "ONLOAD =", "on=", "&amp;", "&#60;", "AT&T", "a & b;", "a=b",
    "Time: 10:30", "script: none", "a script, then:", "über TODO", "Straße &x;", "ſcript:", "\u212aelvin",
]


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_the_text_check_refuses_what_the_patterns_find(text):
    """Text fields run the placeholder and raw HTML patterns only where they could match: the
    same answer and the same words as searching every text with both, in any case and with the
    characters outside ASCII that match a letter of theirs."""
    assert _said(models._real_text, text) == _said(_plain_real_text, text)
    assert _said(models._real_text, text.upper()) == _said(_plain_real_text, text.upper())


def _plain_prose(value: str) -> str:
    """models._prose as the patterns alone say it."""
    text = _plain_real_text(value)
    if match := models.BRACES.search(text):
        raise ValueError(f"holds a curly bracket ({text[max(match.start() - 12, 0) : match.start() + 12]!r}); curly "
                         "brackets are not allowed in Markdown text because they would set HTML attributes; write the "
                         "sentence without them")
    for match in models.LINK_TARGET.finditer(text):
        target = match.group(1) if match.group(1) is not None else match.group(2)
        if target and not target.lower().startswith(models.LINK_SCHEMES):
            raise ValueError(f"links to {target!r}; a link in a record must be a whole web address (https://...), "
                             "an email address (mailto:...) or a heading on the same page (#...)")
    return text


PROSE_TEXTS = ["[a](b)", "[a](https://x.example)", "[a]( <page.md>", "see [x]\n[x]: other.md", "[x]: https://a.b",
               "  [x]:  #top", "[a] (b)", "[a]\n: x", "x ]( y", "mailto [a](MAILTO:x@y)", "{: #id }", "no links at all"]


def test_the_text_check_gives_the_patterns_answers_on_every_text_of_the_project():
    texts = [value for text in _yaml_texts().values() for value in re.findall(r"[^\n]+", text)]
    for text in texts + [text for text in _yaml_texts().values() if len(text) < 20_000]:
        assert _said(models._real_text, text) == _said(_plain_real_text, text)
        assert _said(models._prose, text) == _said(_plain_prose, text)
    for text in PROSE_TEXTS + AWKWARD_TEXTS:
        assert _said(models._prose, text) == _said(_plain_prose, text)


# ---- readability answers kept between runs ----------------------------------------------

@pytest.fixture
def answers(tmp_path, monkeypatch):
    """A fresh set of answers, kept in a file of their own."""
    path = tmp_path / "cache" / "readability.json"
    monkeypatch.setenv("PHB_READABILITY_CACHE", str(path))
    monkeypatch.setattr(readability, "_ANSWERS", readability._Answers())
    return path


def _words_and_texts() -> tuple[list[str], list[str]]:
    pages = []
    for path in sorted((ROOT / "easy-read").glob("*/*.yml")):
        try:
            pages.append(loader.load(path, easyread.Page, path.name, path.parent)[0])
        except loader.LoadError:
            continue
    rows = [row.text for page in pages for row in page.rows] or ["A budget is money to pay for the care you need."]
    words = sorted({word.lower().strip("'’-") for text in rows for word in easyread.words(text)})
    return words, rows + [" ".join(rows[:5]), ""]


def test_the_readability_answers_are_textstats_fresh_and_from_the_file(answers, monkeypatch):
    words, texts = _words_and_texts()
    expected = ([textstat.syllable_count(word) for word in words], [float(textstat.flesch_reading_ease(t)) for t in texts])
    assert ([readability.syllables(w) for w in words], [readability.reading_ease(t) for t in texts]) == expected
    readability.save()
    assert answers.is_file()
    monkeypatch.setattr(readability, "_ANSWERS", readability._Answers())  # the next run
    assert ([readability.syllables(w) for w in words], [readability.reading_ease(t) for t in texts]) == expected
    assert readability._ANSWERS.new is False  # every answer came from the file


# Each file says 'budget' has 9 syllables: trusted in part, it would give a wrong answer.
@pytest.mark.parametrize("stored", [
    "not json", "[]", '{"key": "other", "syllables": {"budget": 9}, "ease": {}}',
    lambda key: {"key": key[:-1] + [[]], "syllables": {"budget": 9}, "ease": {}},  # other versions
    lambda key: {"key": key, "syllables": {"budget": 9, "x": True}, "ease": {}},
    lambda key: {"key": key, "syllables": {"budget": 9, "x": -1}, "ease": {}},
    lambda key: {"key": key, "syllables": {"budget": 9, "x": "9"}, "ease": {}},
    lambda key: {"key": key, "syllables": {"budget": 9}, "ease": {"x": "1"}},
    lambda key: {"key": key, "syllables": {"budget": 9}, "ease": {"x": float("nan")}},
    lambda key: {"key": key, "syllables": {"budget": 9}, "ease": []},
])
def test_a_damaged_or_foreign_answers_file_is_ignored_as_a_whole(answers, stored):
    answers.parent.mkdir(parents=True)
    key = readability._versions()
    answers.write_text(stored if isinstance(stored, str) else json.dumps(stored(key)), encoding="utf-8")
    assert readability.syllables("budget") == textstat.syllable_count("budget") != 9
    assert readability.reading_ease("A budget.") == float(textstat.flesch_reading_ease("A budget."))


def test_a_sound_answers_file_is_what_answers(answers):
    """The other side of the test above: the answers do come from the file."""
    answers.parent.mkdir(parents=True)
    answers.write_text(json.dumps({"key": readability._versions(), "syllables": {"budget": 9}, "ease": {}}), encoding="utf-8")
    assert readability.syllables("budget") == 9


def test_the_answers_are_kept_outside_the_project(monkeypatch, tmp_path):
    """A file in the project (which a pull request could add) never gives an answer."""
    monkeypatch.delenv("PHB_READABILITY_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    assert readability.cache_file() == tmp_path / "user-cache" / "phb-guidance" / "readability.json"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert not readability.cache_file().resolve().is_relative_to(ROOT.resolve())


def test_a_cache_that_cannot_be_written_costs_only_time(answers, monkeypatch):
    answers.parent.mkdir(parents=True)
    monkeypatch.setenv("PHB_READABILITY_CACHE", str(answers.parent))  # a folder: it cannot be replaced by a file
    assert readability.syllables("budget") == textstat.syllable_count("budget")
    readability.save()
    assert answers.parent.is_dir() and not list(answers.parent.parent.glob("*.tmp"))


def test_the_content_check_does_not_start_weasyprint():
    """WeasyPrint is imported only when a PDF is made, Python-Markdown only when a page or a PDF
    is rendered, and urllib.request (with http.client and ssl) only when external links are checked."""
    found = subprocess.run([sys.executable, "-c", "import sys, guidance.__main__; "
                            "print([name for name in ('weasyprint', 'markdown', 'urllib.request') if name in sys.modules])"],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_templates_compiled_in_an_earlier_build_are_compiled_afresh_when_they_change(monkeypatch, tmp_path):
    """The compiled templates kept between builds (guidance/render.py) live in the user's cache
    folder, outside the project, and an edited template is never served from them."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    catalogue = load_catalogue(ROOT)[0]
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.md.j2").write_text("first {{ 1 + 1 }}", encoding="utf-8")
    assert render.Renderer(catalogue, templates).render("t.md.j2", "x.md") == "first 2"
    kept = list((tmp_path / "cache" / "phb-guidance" / "templates").iterdir())
    assert kept and not any(path.is_relative_to(ROOT) for path in kept)
    (templates / "t.md.j2").write_text("second {{ 2 + 2 }}", encoding="utf-8")
    assert render.Renderer(catalogue, templates).render("t.md.j2", "x.md") == "second 4"


def test_the_themes_compiled_templates_are_kept_apart_from_ours(monkeypatch, tmp_path):
    """The theme's templates are compiled with escaping on, ours with it off; Jinja keeps a
    compiled template by its name and file only, so each environment keeps its own folder, and
    a template both read is still escaped by the one and not by the other when read back."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "x.html").write_text("{{ value }}", encoding="utf-8")
    for _ in range(2):  # the second time, both are read back from what the first kept
        theme = mkdocs_hooks.on_env(jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder))), None, None)
        ours = render.SandboxedEnvironment(loader=jinja2.FileSystemLoader(str(folder)),
                                           bytecode_cache=render.compiled_templates())
        assert theme.get_template("x.html").render(value="<b>") == "&lt;b&gt;"
        assert ours.get_template("x.html").render(value="<b>") == "&lt;b\\>"  # Markdown's escaping only
    kept = tmp_path / "cache" / "phb-guidance"
    assert len(list((kept / "theme").iterdir())) == 1 and len(list((kept / "templates").iterdir())) == 1


def test_the_sandbox_gives_the_same_answers_when_it_has_seen_an_attribute_before():
    """The sandbox keeps its answer for each kind of object and attribute name: a safe attribute
    is still read, an unsafe one is still refused, however often and in whatever order."""
    env = render.SandboxedEnvironment()
    for _ in range(3):
        assert env.from_string("{{ value.upper() }}").render(value="a") == "A"
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string("{{ items.append(1) }}").render(items=[])
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string("{{ value.__class__ }}").render(value="a")
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string("{{ value.upper.__self__ }}").render(value="a")


@pytest.mark.parametrize("language", ["en", "cy", "de"])
def test_the_themes_words_are_those_of_materials_own_language_partial(language):
    """overrides/partials/language.html answers each word once a build; for every word Material
    knows, and one it does not, it gives what Material's own partial gives."""
    theme = Path(material.__file__).parent / "templates"
    words = re.findall(r'^  "([a-z.]+)":', (theme / "partials" / "languages" / "en.html").read_text(encoding="utf-8"), re.M)
    assert len(words) > 40
    asked = "".join(f"{{{{ lang.t({word!r}) }}}}|" for word in [*words, "no.such.word"] * 2)
    page = '{% import "partials/language.html" as lang with context %}' + asked
    said = []
    for folders in ([ROOT / "overrides", theme], [theme]):
        env = mkdocs_hooks.on_env(jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders])), None, None)
        said.append(env.from_string(page).render(config={"theme": {"language": language}}))
    assert said[0] == said[1] and "no.such.word|" in said[0]


def test_what_a_build_set_aside_from_the_garbage_collector_is_handed_back_when_it_ends():
    """guidance/mkdocs_hooks.py sets the build's lasting objects aside from the garbage collector;
    a preview's next build must not keep them aside for ever, so the end of every build, failed
    or not, hands them back."""
    for end in (lambda: mkdocs_hooks.on_post_build(None), lambda: mkdocs_hooks.on_build_error(None)):
        mkdocs_hooks._set_aside()
        assert gc.get_freeze_count() > 0
        end()
        assert gc.get_freeze_count() == 0


def test_a_later_step_of_a_build_reads_the_content_its_start_checked(content_tree):
    """The macros' set-up asks for the build's catalogue after the hook has checked the content:
    it gets that very content (the files are not looked at again), and the same problems when
    the check found some; a change to a file is seen by the next build's check."""
    root = content_tree()
    content = site.content_for_build(root)
    assert site.catalogue_for_build(root) is content.catalogue
    myth = next((root / "myths").glob("*.yml"))
    myth.write_text(myth.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    assert site.catalogue_for_build(root) is content.catalogue  # the build in progress
    with pytest.raises(site.ContentError) as raised:
        site.content_for_build(root)  # the next build
    with pytest.raises(site.ContentError) as again:
        site.catalogue_for_build(root)
    assert again.value.problems == raised.value.problems
    assert any(problem.file == f"myths/{myth.name}" for problem in raised.value.problems)


def test_a_project_no_build_has_checked_is_checked_when_its_catalogue_is_asked_for(content_tree):
    root = content_tree()
    assert site.catalogue_for_build(root) is site.content_for_build(root).catalogue
