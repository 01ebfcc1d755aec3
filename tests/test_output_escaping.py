"""Hostile file names and text in every output format: each format parsed by its own parser,
one finding a line where people read it, no forged finding and no workflow command."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET

import pytest

from newslint.cli import main

FORGED = "a\nb:1:1: error [x] forged.txt"
ESCAPE_LATIN1 = os.fsdecode(b"esc\x1b[31m\xe9.txt")  # ESC and a byte that is not UTF-8
COMMANDS = "##[add-mask]Kiev ::error::x.txt"  # GitHub runner commands, V1 and V2
# What the match holds: ESC sequences, a bidirectional override, a C1 control, a bell.
HOSTILE_TEXT = "Kiev\x1b[2J\u202e\x9b\x07x"
RULESET = """\
rules:
  style.control:
    kind: pattern
    severity: error
    options:
      pattern: 'Kiev\\S*'
      message: 'Found "{match}"'
      replacement: Kyiv
"""


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hostile.yaml").write_text(RULESET)
    for name in (FORGED, ESCAPE_LATIN1, COMMANDS):
        # Six findings a file: eighteen, more than the ten annotations GitHub shows.
        (tmp_path / name).write_text(f"Talks in {HOSTILE_TEXT} and Kiev.\n" * 3)
    return tmp_path


def run(capsys, fmt, *paths):
    # capsys encodes strictly as UTF-8: a lone surrogate written would be an internal error.
    code = main(["check", "--ruleset", "hostile.yaml", "--format", fmt, "--color", "never",
                 "--jobs", "1", *(paths or (FORGED, ESCAPE_LATIN1, COMMANDS))])
    captured = capsys.readouterr()
    assert (code, captured.err) == (1, "")
    return captured.out


def test_text_writes_one_finding_a_line(capsys, hostile):
    lines = run(capsys, "text").splitlines()
    assert len(lines) == 2 * 18 + 1  # each finding and its fix, then the summary
    escaped_match = "Kiev\\x1b[2J\\u202e\\x9b\\x07x"
    assert lines[:2] == [
        f'a\\nb:1:1: error [x] forged.txt:1:10: error [style.control] Found "{escaped_match}"',
        '    fix: Write "Kyiv"',
    ]
    assert lines[12] == f'esc\\x1b[31m\\xe9.txt:1:10: error [style.control] Found "{escaped_match}"'
    finding = re.compile(r"(a\\nb:1:1: error \[x\] forged\.txt|esc\\x1b\[31m\\xe9\.txt|"
                         r"##\[add-mask\]Kiev ::error::x\.txt):\d+:\d+: error \[style\.control\] ")
    assert all(finding.match(line) for line in lines[:-1:2])
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", "\n".join(lines))


def test_json_formats_are_valid_utf8_json_with_names_as_written(capsys, hostile):
    findings = json.loads(run(capsys, "json"))
    assert [f["path"] for f in findings[::6]] == [FORGED, "esc\x1b[31m\\xe9.txt", COMMANDS]
    assert findings[0]["match"] == HOSTILE_TEXT  # JSON's own escapes give the text back exactly
    diagnostics = json.loads(run(capsys, "rdjson"))["diagnostics"]
    assert [d["location"]["path"] for d in diagnostics[::6]] == [FORGED, "esc\x1b[31m\\xe9.txt",
                                                                  COMMANDS]
    issues = json.loads(run(capsys, "gitlab"))
    assert [i["location"]["path"] for i in issues[::6]] == [FORGED, "esc\x1b[31m\\xe9.txt",
                                                            COMMANDS]
    assert len({i["fingerprint"] for i in issues}) == 18


def test_sarif_is_valid_and_its_uris_carry_the_names_bytes(capsys, hostile):
    from sarif_kit.validate import validation_errors

    log = json.loads(run(capsys, "sarif"))
    assert validation_errors(log) == []
    results = log["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results[::6]]
    assert uris == ["a%0Ab%3A1%3A1%3A%20error%20%5Bx%5D%20forged.txt", "esc%1B%5B31m%E9.txt",
                    "%23%23%5Badd-mask%5DKiev%20%3A%3Aerror%3A%3Ax.txt"]
    assert results[0]["message"]["text"] == f'Found "{HOSTILE_TEXT}"'


@pytest.mark.parametrize("fmt", ["junit", "checkstyle"])
def test_xml_formats_are_well_formed(capsys, hostile, fmt):
    from lxml import etree

    output = run(capsys, fmt).encode("utf-8")
    root = ET.fromstring(output)
    assert etree.fromstring(output) is not None  # libxml2 agrees
    file_tag, finding_tag = ("testsuite", "failure") if fmt == "junit" else ("file", "error")
    names = [element.get("name") for element in root.iter(file_tag)]
    # XML 1.0 holds a newline (written &#10;) but no ESC, even as a reference.
    assert names == [FORGED, "esc\\x1b[31m\\xe9.txt", COMMANDS]
    messages = [element.get("message") for element in root.iter(finding_tag)]
    assert messages[0] == 'Found "Kiev\\x1b[2J\u202e\x9b\\x07x"'


def test_github_plain_lines_cannot_be_read_as_commands(capsys, hostile, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    lines = run(capsys, "github").splitlines()
    annotations, rest = lines[:10], lines[10:]
    assert all(line.startswith("::error file=") for line in annotations)
    assert annotations[0] == (
        "::error file=a%0Ab%3A1%3A1%3A error [x] forged.txt,line=1,col=10,endLine=1,endColumn=22,"
        'title=newslint style.control::Found "Kiev\\x1b[2J\\u202e\\x9b\\x07x"')
    token = rest[0].removeprefix("::stop-commands::")
    assert re.fullmatch("[0-9a-f]{32}", token) and rest[-2] == f"::{token}::"
    # The eight that did not fit, the "##[add-mask]" file's among them, inside the block.
    assert len(rest) == 1 + 8 + 2
    assert [line.split(":", 1)[0] for line in rest[1:-2]] == ["esc\\x1b[31m\\xe9.txt"] * 2 + [
        "##[add-mask]Kiev "] * 6
    table = summary.read_text().splitlines()[4:]
    assert table[4] == ("| \\#\\#\\[add\\-mask\\]Kiev \\:\\:error\\:\\:x\\.txt\\:1\\:10 | error | "
                        'style\\.control | Found \\"Kiev\\\\x1b\\[2J\\\\u202e\\\\x9b\\\\x07x\\" |')


def test_error_messages_name_the_file_on_one_line(capsys, tmp_path):
    binary = tmp_path / "bin\nary\x1b.txt"
    binary.write_bytes(b"\0\1")
    code = main(["check", str(binary)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"newslint: {tmp_path}/bin\\nary\\x1b.txt: binary file")


def test_escaping_helpers():
    from newslint.formatters import json_safe, printable, xml_safe

    assert printable("plain – text “quoted” café\u00a0€") == "plain – text “quoted” café\u00a0€"
    assert printable("a\tb\r\nc\x00\x7f\x85\u2028\u2066" + os.fsdecode(b"\xff")) == (
        "a\\tb\\r\\nc\\x00\\x7f\\x85\\u2028\\u2066\\xff")
    assert xml_safe('<a b="\t\x0c\ufffe">\ud800\U0001f600</a>') == (
        '<a b="\t\\x0c\\ufffe">\\ud800\U0001f600</a>')
    name = os.fsdecode(b"lat\xe9 \xff.txt")
    assert json.loads(json_safe(json.dumps(name, ensure_ascii=False))) == "lat\\xe9 \\xff.txt"
    assert json_safe('"café"') == '"café"'
