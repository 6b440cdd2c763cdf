"""The content model and loader: every kind of bad input is caught with file, line and field."""

from __future__ import annotations

import time

import pytest

from guidance import load_catalogue
from guidance.__main__ import main as cli

# case folder under tests/fixtures/broken -> the exact problem line it must produce
BROKEN = {
    "syntax-error": "myths/vat.yml:10: YAML syntax error: mapping values are not allowed here",
    "missing-field": "myths/vat.yml:1: answer: field required",
    "unknown-field": "myths/vat.yml:20: summery: unknown field",
    "wrong-type": "myths/vat.yml:15: law: Input should be a valid list",
    "empty-file": "myths/vat.yml:1: file is empty",
    "duplicate-id": "myths/vat.yml:1: id: duplicate id 'vat' (already used by myths/vat-copy.yml)",
    "unknown-law": "myths/vat.yml:15: law[1]: unknown legal reference 's999'",
    "unknown-source": "myths/vat.yml:14: examples[0].cite.source: unknown source 'no-such-guide'",
    "unknown-section": "myths/vat.yml:2: section: unknown section 'finance'",
    "unknown-related": "myths/vat.yml:18: related[1]: unknown myth 'no-such-myth'",
    "invalid-date": "myths/vat.yml:22: review.last_reviewed: Input should be a valid date",
    "not-utf8": "myths/vat.yml:9: file is not UTF-8 (byte 0xe9)",
    "alias-bomb": "myths/vat.yml:2: YAML anchors and aliases (& and *) are not allowed",
    "duplicate-key": "myths/vat.yml:4: title: duplicate key (first on line 3)",
    "raw-html": "myths/vat.yml:4: myth: holds raw HTML or script ('<script>alert(1)</script'",
    "javascript-link": "myths/vat.yml:6: response: holds raw HTML or script ('javascript:alert(1))')",
    "placeholder": "myths/vat.yml:5: answer: holds placeholder text ('TBC')",
    "outdated-without-note": "myths/vat.yml:9: background[0].text: mentions 'primary care trusts', which has changed",
    "law-provision": "law/s75.yml:12: url: provision is 'section 75', so the address should end with '/section/75'",
    "law-url": "law/s75.yml:12: url: must be an https://www.legislation.gov.uk/ address",
}


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
    assert "Checked 9 records" in out and "No problems found." in out


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
