"""CI output formats: a golden file each, SARIF against the official schema, GitHub's limits.

Regenerate the golden files after a deliberate change with ``python tests/test_formats.py``,
then read the diff.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden_formats"
# Relative paths, as CI runs from the repository root; unicode.txt has multi-byte characters
# before its findings, so code-point and UTF-8 byte columns differ.
ARTICLES = ["fixtures/articles/seed-article.txt", "fixtures/variants/names-kiev.txt",
            "tests/golden_formats/unicode.txt"]
FORMATS = ["sarif", "github", "junit", "checkstyle", "rdjson", "gitlab"]


def render(fmt: str, articles=ARTICLES) -> tuple[int, str]:
    from newslint import __version__
    from newslint.cli import main

    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            code = main(["check", "--format", fmt, *articles])
    finally:
        os.chdir(cwd)
    output = out.getvalue().replace(f'"version": "{__version__}"', '"version": "<version>"')
    return code, _STOP_TOKEN.sub(r"\1<token>\2", output)


# The github format's stop-commands token is new in every run (nobody may know it in advance).
_STOP_TOKEN = re.compile(r"^(::stop-commands::|::)[0-9a-f]{32}(::)?$", re.MULTILINE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_output(fmt):
    code, output = render(fmt)
    assert code == 1
    assert output == (GOLDEN / f"{fmt}.expected").read_text(encoding="utf-8")


def test_sarif_validates_against_the_official_schema():
    from sarif_kit.validate import validation_errors

    log = json.loads(render("sarif")[1])
    assert validation_errors(log) == []
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    kharkov = next(r for r in run["results"] if r["locations"][0]["physicalLocation"]["region"]
                   .get("snippet", {}).get("text") == "Kharkov")
    location = kharkov["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "tests/golden_formats/unicode.txt",
                                            "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 35, "endLine": 1, "endColumn": 42,
                                  "snippet": {"text": "Kharkov"}}
    # The fix is the smallest edit: "Kharkov" becomes "Kharkiv" by replacing the "o".
    assert kharkov["fixes"][0]["artifactChanges"][0]["replacements"] == [{
        "deletedRegion": {"startLine": 1, "startColumn": 40, "endLine": 1, "endColumn": 41},
        "insertedContent": {"text": "i"}}]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids[kharkov["ruleIndex"]] == "names.spelling"


def test_sarif_of_a_clean_run_validates(tmp_path):
    from sarif_kit.validate import validation_errors

    code, output = render("sarif", ["fixtures/variants/house-copy.txt"])
    assert code == 0 and validation_errors(json.loads(output)) == []


def test_rdjson_counts_utf8_bytes():
    diagnostics = json.loads(render("rdjson")[1])["diagnostics"]
    kharkov = next(d for d in diagnostics if "Kharkov" in d["message"])
    # "Café" and "—" take 1 and 2 bytes more than code points before "Kharkov" (column 35).
    assert kharkov["location"]["range"] == {"start": {"line": 1, "column": 38},
                                            "end": {"line": 1, "column": 45}}


def test_xml_formats_parse():
    for fmt in ("junit", "checkstyle"):
        ET.fromstring(render(fmt)[1].encode("utf-8"))


def test_github_escapes_like_the_actions_toolkit():
    from newslint.findings import Finding
    from newslint.formatters.github import annotation

    finding = Finding("a,b:c%\n::x.txt", "names.spelling", "warning", "50% off\r\n::now\x1b[2J",
                      0, 1, 2, 3, 2, 4, "x")
    # The message is one line, like every finding's, with its control characters shown.
    assert annotation(finding) == ("::warning file=a%2Cb%3Ac%25%0A%3A%3Ax.txt,line=2,col=3,"
                                   "endLine=2,endColumn=4,title=newslint names.spelling::"
                                   "50%25 off\\r\\n::now\\x1b[2J")


def test_github_puts_what_it_cannot_annotate_in_the_step_summary(tmp_path, monkeypatch):
    from newslint.findings import Finding
    from newslint.formatters import Report
    from newslint.formatters.github import render as render_github

    findings = [Finding("story.txt", "names.spelling", "error", f"Problem {n}",
                        0, 1, n, 1, n, 2, "x")
                for n in range(1, 13)]
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = io.StringIO()
    render_github(Report(findings=findings, files_checked=1), out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    # The plain lines are where the runner must not look for commands.
    token = lines[10].removeprefix("::stop-commands::")
    assert len(token) == 32 and lines[13] == f"::{token}::"
    assert lines[11:13] + lines[14:] == [
        "story.txt:11:1: error [names.spelling] Problem 11",
        "story.txt:12:1: error [names.spelling] Problem 12",
        "newslint: 12 problems; GitHub shows 10 annotations of each level per step, so 2 are "
        "listed above and in the step summary",
    ]
    assert summary.read_text() == (
        "earlier step\n### newslint: 2 more problems\n\n"
        "GitHub shows 10 annotations of each level per step; these did not fit.\n\n"
        "| Location | Severity | Rule | Message |\n| --- | --- | --- | --- |\n"
        "| story\\.txt\\:11\\:1 | error | names\\.spelling | Problem 11 |\n"
        "| story\\.txt\\:12\\:1 | error | names\\.spelling | Problem 12 |\n")


def test_github_format_is_the_default_on_github_actions(monkeypatch, capsys):
    from newslint.cli import main

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(ROOT)  # the workspace: annotations name files relative to it
    path = str(ROOT / "fixtures" / "variants" / "names-kiev.txt")
    assert main(["check", path]) == 1
    assert capsys.readouterr().out.startswith(
        "::error file=fixtures/variants/names-kiev.txt,line=9,col=58,")
    assert main(["check", "--format", "text", path]) == 1
    assert capsys.readouterr().out.startswith(f"{path}:9:58: error")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for name in FORMATS:
        (GOLDEN / f"{name}.expected").write_text(render(name)[1], encoding="utf-8")


@given(texts=st.lists(st.text(), min_size=4, max_size=4),
       numbers=st.lists(st.integers(0, 10**6), min_size=4, max_size=4),
       with_fix=st.booleans())
def test_json_chunk_writes_what_json_dumps_writes(texts, numbers, with_fix):
    """The JSON formatter writes findings with json's string encoder instead of ``dumps``:
    the bytes must be the same, control characters, quotes and non-ASCII included."""
    from newslint.findings import Edit, Finding, Fix
    from newslint.formatters import json_

    message, match, replacement, title = texts
    fix = Fix((Edit(numbers[0], numbers[1], replacement), Edit(3, 4, "")), "unsafe", title,
              replacement) if with_fix else None
    finding = Finding(path=f"dir/{title}.txt", rule="names.spelling", severity="error",
                      message=message, start=numbers[0], end=numbers[1], line=numbers[2],
                      column=numbers[3], end_line=numbers[2], end_column=numbers[3] + 1,
                      match=match, fix=fix, segment_kind="body")
    expected = [json.dumps(_as_dict(finding), ensure_ascii=False)] * 2
    assert json_.chunk([finding, finding]) == ",\n".join(expected)
    assert json.loads(f"[{json_.chunk([finding])}]") == [_as_dict(finding)]


def _as_dict(finding) -> dict:
    """The JSON format's object for a finding, written the plain way: the reference."""
    fix = None
    if finding.fix is not None:
        fix = {
            "replacement": finding.fix.replacement,
            "applicability": finding.fix.applicability,
            "title": finding.fix.title,
            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement}
                      for e in finding.fix.edits],
        }
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "match": finding.match,
        "segment": finding.segment_kind,
        "fix": fix,
    }
