"""The content model and loader: every kind of bad input is caught with file, line and field."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guidance import load_catalogue
from guidance.__main__ import main as cli
from guidance.catalogue import fingerprint
from guidance.loader import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent

# case folder under tests/fixtures/broken -> the exact problem line it must produce
BROKEN = {
    "syntax-error": "myths/vat.yml:10: YAML syntax error: mapping values are not allowed here",
    "missing-field": "myths/vat.yml:1: answer: missing: add a line 'answer: ...' at the top level",
    "unknown-field": "myths/vat.yml:20: summery: unknown field",
    "wrong-type": "myths/vat.yml:15: law: must be a valid list",
    "empty-file": "myths/vat.yml:1: file is empty",
    "duplicate-id": "myths/vat.yml:1: id: duplicate id 'vat' (already used by myths/vat-copy.yml)",
    "unknown-law": "myths/vat.yml:15: law[1]: unknown legal reference 's999'",
    "unknown-source": "myths/vat.yml:14: examples[0].cite.source: unknown source 'no-such-guide'",
    "unknown-section": "myths/vat.yml:2: section: unknown section 'finance'",
    "unknown-related": "myths/vat.yml:18: related[1]: unknown myth 'no-such-myth'",
    "invalid-date": "myths/vat.yml:22: review.last_reviewed: must be a valid date",
    "not-utf8": "myths/vat.yml:9: file is not UTF-8 (byte 0xe9)",
    "alias-bomb": "myths/vat.yml:2: YAML anchors and aliases (& and *) are not allowed",
    "duplicate-key": "myths/vat.yml:4: title: duplicate key (first on line 3)",
    "raw-html": "myths/vat.yml:4: myth: holds raw HTML or script ('<script>alert(1)</script'",
    "javascript-link": "myths/vat.yml:6: response: holds raw HTML or script ('javascript:alert(1))')",
    "placeholder": "myths/vat.yml:5: answer: holds placeholder text ('TBC')",
    "outdated-without-note": "myths/vat.yml:9: background[0].text: mentions 'primary care trusts', which has changed",
    "unknown-change": "myths/vat.yml:24: changes[0]: unknown change 'no-such-change' (no changes/no-such-change.yml)",
    "long-answer": "myths/vat.yml:5: answer: is 26 words long",
    "key-shown": "myths/vat.yml:10: background[0].cite.at: shows the bibliography key 'test-guide' to readers",
    "address-in-at": "myths/vat.yml:17: sources[0].at: must name the place in words (a section, page or heading), "
                     "not a web address: move the address to this citation's addresses list",
    "bad-address": "myths/vat.yml:17: sources[0].addresses[0]: must be a whole web address starting with https://",
    "figure-by-hand": "questions/set-up-cost.yml:7: response: writes out the recorded figure '£93,280' (Average set-up cost "
                      "in the first year) by hand; list 'pilot-set-up' under figures instead",
    "unknown-figure": "questions/set-up-cost.yml:10: figures[1]: unknown figure 'no-such-figure'",
    "chart-mixed-units": "figures/pilot.yml:6: figures: chart is true, so every figure must have the same unit",
    "duplicate-figure-id": "figures/other.yml:6: figures[0].id: figure id 'pilot-set-up' is already used in figures/pilot.yml",
    "intros-typo": "intros.yml:3: questons: unknown field (check the spelling: did you mean 'questions'?",
    "bad-archive-url": "bibliography/test-guide.yml:7: archived_url: must be a UK Government Web Archive address",
    "law-provision": "law/s75.yml:12: url: provision is 'section 75', so the address should end with '/section/75'",
    "law-url": "law/s75.yml:12: url: must be an https://www.legislation.gov.uk/ address",
    "address-as-title": "changes/nhs-reorganised-2013.yml:11: confirmed_at[0].title: is a web address; write the document's "
                        "title as a reader would name it",
    "deep-nesting": "myths/vat.yml:19: nested more than 20 levels deep",
    "merge-key": "myths/vat.yml:21: review: merge keys (<<) are not allowed; write the fields out",
    "non-string-key": "myths/vat.yml:20: keys must be words, not numbers, dates, true/false or null",
    "bool-key": "myths/vat.yml:22: review: keys must be words, not numbers, dates, true/false or null",
    "multiple-documents": "myths/vat.yml:24: holds more than one YAML document (a second ---); keep one record per file",
    "local-reply-days": "local.yml:31: accessibility.reply_within_working_days: must be greater than or equal to 1",
    "test-results-version": "test-results/accessibility.json:5: browser_version: is not in the form expected here",
}


@pytest.mark.parametrize("title", ["https://www.legislation.gov.uk/ukpga/2012/7", "HTTP://example.org", "www.legislation.gov.uk",
                                   "Health and Social Care Act 2012 (legislation.gov.uk://ukpga/2012/7)"])
def test_a_document_checked_is_named_by_its_title_not_its_address(content_tree, title):
    root = content_tree()
    record = root / "changes" / "nhs-reorganised-2013.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("  - title: Health and Social Care Act 2012\n", f"  - title: {title!r}\n"), encoding="utf-8")
    _, problems = load_catalogue(root)
    assert [str(p) for p in problems] == [
        "changes/nhs-reorganised-2013.yml:11: confirmed_at[0].title: is a web address; write the document's title as a reader "
        "would name it, e.g. 'Care Act 2014, section 1', and put the address in url"]


def test_valid_fixture_has_no_problems(content_tree):
    cat, problems = load_catalogue(content_tree())
    assert problems == []
    assert sorted(cat.myths) == ["panels", "vat"]
    assert [m.id for m in cat.law_cited_by["s75"]] == ["vat"]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_input_is_reported_with_file_line_and_field(content_tree, case):
    _, problems = load_catalogue(content_tree(case))
    messages = [str(p) for p in problems]
    assert any(m.startswith(BROKEN[case]) for m in messages), messages


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_check_command_exits_non_zero_and_prints_the_problem(content_tree, case, capsys):
    assert cli(["check", "--root", str(content_tree(case))]) == 1
    assert BROKEN[case] in capsys.readouterr().out


def test_a_citation_keeps_its_addresses_as_a_record_and_exports_them_as_plain_text(content_tree):
    """The place cited is in words; the web addresses checked are kept beside it, in the export too."""
    root = content_tree()
    vat = root / "myths" / "vat.yml"
    address = "https://www.example.org/guide.pdf"
    vat.write_text(vat.read_text(encoding="utf-8").replace(
        '{source: test-guide, at: "p. 3"}\nrelated', f'{{source: test-guide, at: "p. 3", addresses: ["{address}"]}}\nrelated'),
        encoding="utf-8")
    cat, problems = load_catalogue(root)
    assert problems == []
    assert cat.myths["vat"].sources[0].as_export() == {"source": "test-guide", "at": "p. 3", "addresses": [address]}


def test_a_broken_file_does_not_also_break_the_files_that_point_to_it(content_tree):
    _, problems = load_catalogue(content_tree("empty-file"))
    assert [str(p) for p in problems] == ["myths/vat.yml:1: file is empty"]


def test_alias_bomb_is_refused_quickly(content_tree):
    start = time.monotonic()
    load_catalogue(content_tree("alias-bomb"))
    assert time.monotonic() - start < 2


def test_check_command_passes_clean_content(content_tree, capsys):
    assert cli(["check", "--root", str(content_tree()), "--today", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "Checked 22 records" in out and "No problems found." in out
    assert "warning" not in out


def test_reviews_due_and_overdue_are_reported_and_fail_only_when_strict(content_tree, capsys):
    root = str(content_tree())
    assert cli(["check", "--root", root, "--today", "2026-12-15"]) == 0
    assert "review due 2027-01-01" in capsys.readouterr().out
    assert cli(["check", "--root", root, "--today", "2027-02-01"]) == 0
    assert "review overdue since 2027-01-01" in capsys.readouterr().out
    assert cli(["check", "--root", root, "--today", "2027-02-01", "--strict"]) == 1


def test_schema_export_rejects_unknown_keys(tmp_path):
    import json

    assert cli(["schema", "--out", str(tmp_path)]) == 0
    schema = json.loads((tmp_path / "myth.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert {"id", "section", "myth", "answer", "response", "review"} <= set(schema["required"])


HOSTILE = [
    "<script>alert(1)</script>",
    "<iframe src='https://example.com'></iframe>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[click me](javascript:alert(1))",
    "[click me](JavaScript :alert(1))",
    "[click me](vbscript:msgbox(1))",
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "A paragraph.{: onclick=\"alert(1)\" }",
    "[click me](&#106;avascript:alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!-- hidden -->",
]


@pytest.mark.parametrize("payload", HOSTILE)
@pytest.mark.parametrize("field", ["myth", "response", "title"])
def test_hostile_content_is_refused_with_file_and_line(content_tree, field, payload):
    root = content_tree()
    path = root / "myths" / "vat.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    if field == "response":
        lines[index + 1] = "  " + payload
    else:
        lines[index] = f"{field}: '{payload.replace(chr(39), chr(39) * 2)}'"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = load_catalogue(root)
    assert any(
        p.file == "myths/vat.yml" and p.line == index + 1 and p.field == field and "raw HTML or script" in p.message
        for p in problems
    ), [str(p) for p in problems]


# ---- hostile bytes, odd YAML and special files ------------------------------------------


def _edit(root: Path, file: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) in a content file, writing any character as UTF-8."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


def _problems(root: Path) -> list[str]:
    return [str(p) for p in load_catalogue(root)[1]]


HIDDEN_CHARACTERS = {
    "nul-byte": ("\x00", "U+0000 NUL"),
    "bel-byte": ("\x07", "U+0007 BEL"),
    "esc-byte": ("\x1b", "U+001B ESC"),
    "del-byte": ("\x7f", "U+007F DEL"),
    "c1-control": ("\x85", "U+0085"),
    "rtl-override": ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "ltr-isolate": ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    "bom-inside": ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
}


@pytest.mark.parametrize("case", sorted(HIDDEN_CHARACTERS))
def test_hidden_characters_are_refused_with_their_line_and_code_point(content_tree, case):
    char, name = HIDDEN_CHARACTERS[case]
    root = content_tree()
    _edit(root, "myths/vat.yml", "title: VAT rules", f"title: VAT{char} rules")
    assert _problems(root) == [f"myths/vat.yml:3: holds a control character ({name}); remove it"]


def test_a_leading_byte_order_mark_and_document_start_are_accepted(content_tree):
    root = content_tree()
    path = root / "myths" / "vat.yml"
    path.write_bytes(b"\xef\xbb\xbf---\n" + path.read_bytes())
    cat, problems = load_catalogue(root)
    assert problems == []
    assert cat.files[("myths", "vat")].line(("title",)) == 4


def test_characters_yaml_itself_refuses_are_reported_not_raised(content_tree):
    root = content_tree()
    _edit(root, "myths/vat.yml", "title: VAT rules", "title: VAT\ufffe rules")
    assert _problems(root) == [
        "myths/vat.yml:3: YAML syntax error: unacceptable character #xfffe: special characters are not allowed"
    ]


@pytest.mark.parametrize("key", ["1", "1.5", "true", "no", "null", "~", "2024-01-01"])
def test_keys_that_are_not_words_are_refused_at_their_line(content_tree, key):
    root = content_tree()
    _edit(root, "myths/vat.yml", "answer:", f"{key}: x\nanswer:")
    assert _problems(root) == ["myths/vat.yml:5: keys must be words, not numbers, dates, true/false or null"]


def test_a_quoted_key_is_a_word(content_tree):
    root = content_tree()
    _edit(root, "myths/vat.yml", "answer:", "'2024-01-01': x\nanswer:")
    assert _problems(root) == [
        "myths/vat.yml:5: 2024-01-01: unknown field (check the spelling: the fields allowed here are id, section, title, "
            "question, myth, answer, answer_figure, response, background, examples, law, sources, related, keywords, changes, currency, review)"
    ]


@pytest.mark.parametrize("value", ["!!int abc", "!!timestamp soon", "!!python/object/apply:os.system [ls]", "!local x"])
def test_yaml_tags_are_refused_at_their_line(content_tree, value):
    root = content_tree()
    _edit(root, "myths/vat.yml", "title: VAT rules", f"title: {value}")
    assert _problems(root) == ["myths/vat.yml:3: YAML tags (! and !!) are not allowed; write the value plainly"]


def test_deep_nesting_is_refused_quickly(content_tree):
    start = time.monotonic()
    load_catalogue(content_tree("deep-nesting"))
    assert time.monotonic() - start < 2


def test_one_bad_file_does_not_hide_problems_in_the_others(content_tree):
    root = content_tree("deep-nesting")
    _edit(root, "myths/panels.yml", "title: More panels", "title: More\x07 panels")
    _edit(root, "law/s75.yml", "short:", "1: x\nshort:")
    _edit(root, "sections.yml", "  title: Workforce", "  title: Work\u202eforce")
    assert _problems(root) == [
        "law/s75.yml:4: keys must be words, not numbers, dates, true/false or null",
        "myths/panels.yml:3: holds a control character (U+0007 BEL); remove it",
        "myths/vat.yml:19: nested more than 20 levels deep",
        "sections.yml:13: holds a control character (U+202E RIGHT-TO-LEFT OVERRIDE); remove it",
    ]


def test_a_file_over_the_size_limit_is_refused_and_one_at_the_limit_is_read(content_tree):
    root = content_tree()
    path = root / "myths" / "vat.yml"
    text = path.read_bytes()
    path.write_bytes(text + b"#" * (MAX_BYTES - len(text)))
    assert _problems(root) == []
    path.write_bytes(text + b"#" * (MAX_BYTES + 1 - len(text)))
    assert _problems(root) == [f"myths/vat.yml:1: file is larger than {MAX_BYTES // 1024} KiB; the limit keeps builds fast and safe"]


def test_a_link_to_a_file_outside_the_project_is_refused(content_tree, tmp_path_factory):
    root = content_tree()
    outside = tmp_path_factory.mktemp("outside") / "vat.yml"
    (root / "myths" / "vat.yml").rename(outside)
    (root / "myths" / "vat.yml").symlink_to(outside)
    assert _problems(root) == ["myths/vat.yml:1: is a link to a file outside the project; replace it with the file itself"]


def test_a_link_that_stays_inside_the_project_is_followed(content_tree):
    root = content_tree()
    (root / "shared").mkdir()
    (root / "myths" / "vat.yml").rename(root / "shared" / "vat.yml")
    (root / "myths" / "vat.yml").symlink_to(Path("..") / "shared" / "vat.yml")
    cat, problems = load_catalogue(root)
    assert problems == [] and "vat" in cat.myths
    (root / "myths" / "folder.yml").symlink_to(Path("..") / "shared")
    assert _problems(root) == [
        "myths/folder.yml:1: is not a regular file (a folder); content files must be ordinary files"
    ]


def test_broken_and_looping_links_are_reported_not_raised(content_tree):
    root = content_tree()
    (root / "myths" / "gone.yml").symlink_to("no-such-file.yml")
    (root / "myths" / "loop.yml").symlink_to("loop.yml")
    assert _problems(root) == [
        "myths/gone.yml:1: cannot be read (No such file or directory)",
        "myths/loop.yml:1: cannot be read (Too many levels of symbolic links)",
    ]


def test_fingerprint_follows_links_inside_the_project_only(content_tree, tmp_path_factory):
    root = content_tree()
    outside = tmp_path_factory.mktemp("outside") / "extra.yml"
    outside.write_text("a: b\n")
    (root / "myths" / "extra.yml").symlink_to(outside)
    before = fingerprint(root)
    outside.write_text("a: much longer\n")
    assert fingerprint(root) == before
    (root / "myths" / "vat.yml").write_text("id: vat\n")
    assert fingerprint(root) != before


# Run in a child process limited in memory and time, so a regression (opening a named
# pipe, reading /dev/zero to the end) fails the test instead of hanging or exhausting memory.
_CHILD = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
from guidance.catalogue import fingerprint, load_catalogue
start = time.monotonic()
fingerprint(sys.argv[1])
cat, problems = load_catalogue(sys.argv[1])
print(f"{time.monotonic() - start:.3f}")
print(*problems, *cat.warnings, sep="\\n")
"""


def _load_in_child(root: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(root)], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    elapsed, *lines = done.stdout.splitlines()
    assert float(elapsed) < 2
    return lines


posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes and resource limits")


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_refused_quickly(content_tree):
    root = content_tree()
    (root / "myths" / "zero.yml").symlink_to("/dev/zero")
    assert _load_in_child(root) == [
        "myths/zero.yml:1: is a link to a file outside the project; replace it with the file itself"
    ]


@posix_only
def test_named_pipes_are_refused_without_being_opened(content_tree):
    root = content_tree()
    os.mkfifo(root / "myths" / "pipe.yml")
    os.mkfifo(root / "myths" / ".hidden.yml")  # hidden: skipped, never opened
    os.mkfifo(root / "law" / "pipe")  # not .yml: a warning, never opened
    os.mkfifo(root / "fifo")
    (root / "bibliography" / "pipe.yml").symlink_to(Path("..") / "fifo")
    (root / "sections.yml").unlink()
    os.mkfifo(root / "sections.yml")
    assert _load_in_child(root) == [
        "bibliography/pipe.yml:1: is not a regular file (a named pipe); content files must be ordinary files",
        "myths/pipe.yml:1: is not a regular file (a named pipe); content files must be ordinary files",
        "sections.yml:1: is not a regular file (a named pipe); content files must be ordinary files",
        "law/pipe:1: ignored: only .yml files are read in law/; rename it or move it elsewhere",
    ]


# ---- files the loader ignores are warnings ------------------------------------------------

BACKUP = "looks like a backup or temporary file; delete it or move it out of myths/"
IGNORED = {
    "vat.YML": "myths/vat.YML:1: ignored: the extension must be .yml in lower case; rename it to vat.yml",
    "vat.Yaml": "myths/vat.Yaml:1: ignored: the extension must be .yaml in lower case; rename it to vat.yaml",
    "vat.yml~": f"myths/vat.yml~:1: ignored: {BACKUP}",
    "vat.yml.bak": f"myths/vat.yml.bak:1: ignored: {BACKUP}",
    "vat.yml.orig": f"myths/vat.yml.orig:1: ignored: {BACKUP}",
    "#vat.yml#": f"myths/#vat.yml#:1: ignored: {BACKUP}",
    "notes.txt": "myths/notes.txt:1: ignored: only .yml files are read in myths/; rename it or move it elsewhere",
    "drafts/vat.yml": "myths/drafts/: ignored: content files must sit directly in myths/, not in a sub-folder",
}


@pytest.mark.parametrize("name", sorted(IGNORED))
def test_ignored_files_are_warnings_naming_them(content_tree, name):
    root = content_tree()
    path = root / "myths" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("id: vat\n")  # would be a duplicate id (and missing fields) if it were read
    cat, problems = load_catalogue(root)
    assert problems == []
    assert [str(w) for w in cat.warnings] == [IGNORED[name]]


def test_hidden_files_are_skipped_silently(content_tree):
    root = content_tree()
    (root / "myths" / ".vat.yml.swp").write_bytes(b"\x00\x07 not YAML at all \xff")
    cat, problems = load_catalogue(root)
    assert problems == [] and cat.warnings == []


def test_check_passes_with_warnings_unless_strict(content_tree, capsys):
    root = content_tree()
    (root / "myths" / "vat.yml~").write_text("id: old\n")
    assert cli(["check", "--root", str(root), "--today", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert f"No problems found.\n1 warning(s):\n  myths/vat.yml~:1: ignored: {BACKUP}\n" in out
    assert cli(["check", "--root", str(root), "--today", "2026-06-01", "--strict"]) == 1
    assert "Failing because of warnings (--strict)." in capsys.readouterr().out


def test_committed_schemas_match_the_models(tmp_path):
    """schema/ is what editors use for completion: it must say what the models accept today."""
    from tests.conftest import ROOT

    assert cli(["schema", "--out", str(tmp_path)]) == 0
    for generated in sorted(tmp_path.glob("*.schema.json")):
        committed = ROOT / "schema" / generated.name
        assert committed.read_text() == generated.read_text(), f"{committed} is stale: run make schema"


@pytest.mark.parametrize(
    "find,replace,expected",
    [
        ("answer: No, it does not.", "answer: No, it does not: councils can pay.",
         "myths/vat.yml:5: YAML syntax error: mapping values are not allowed here (hint: a colon followed by a space "
         "inside a sentence looks like a new field; put the whole sentence in double quotes"),
        ("  VAT rules need care but do not block joint budgets.\n",
         "  VAT rules need care but do not block joint budgets.\n Badly indented line.\n  Then the rest.\n",
         "myths/vat.yml:8: YAML syntax error: expected <block end>, but found '<scalar>' (hint: this line is not "
         "indented like the lines around it"),
        ("last_reviewed: 2026-01-01", "last_reviewed: 01/01/2026",
         "myths/vat.yml:22: review.last_reviewed: must be a valid date or datetime, invalid character in year; "
         "write dates as YYYY-MM-DD, for example 2026-11-23"),
        ("answer: No, it does not.", "anser: No, it does not.",
         "myths/vat.yml:5: anser: unknown field (check the spelling: did you mean 'answer'? the fields allowed here"),
    ],
)
def test_messages_a_commissioner_can_act_on(content_tree, find, replace, expected):
    root = content_tree()
    path = root / "myths" / "vat.yml"
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    problems = [str(p) for p in load_catalogue(root)[1]]
    assert any(p.startswith(expected) for p in problems), problems
