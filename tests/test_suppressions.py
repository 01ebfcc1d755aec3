"""Inline suppressions: next line, ranges, families, reasons, unused ones, mistakes (exit 2)."""

from __future__ import annotations

import json

from helpers import house_families

from newslint.cli import main


def check(capsys, path, *argv):
    code = main(["check", "--format", "json", "--select", "names,dates", *argv, str(path)])
    captured = capsys.readouterr()
    found = [(f["line"], f["column"], f["rule"], f["message"])
             for f in json.loads(captured.out or "[]")]
    return code, found, captured.err


def test_disable_next_line_with_a_reason(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("<!-- newslint-disable-next-line names.spelling -- quoting a 1990s map -->\n"
                    "Talks in Kiev.\nTalks in Kiev.\n")
    code, found, _ = check(capsys, path)
    assert code == 1
    assert [(line, rule) for line, _, rule, _ in found] == [(3, "names.spelling")]


def test_disable_enable_range_by_family_and_for_all(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Kiev on 28/02/2024.\n<!-- newslint-disable names -->\nKiev on 28/02/2024.\n"
                    "<!-- newslint-enable names -->\nKiev.\n<!-- newslint-disable -->\n"
                    "Kiev on 28/02/2024.\n")
    _, found, _ = check(capsys, path)
    assert [(line, rule) for line, _, rule, _ in found] == [
        (1, "names.spelling"), (1, "dates.numeric"), (3, "dates.numeric"), (5, "names.spelling")]


def test_report_unused_suppressions(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("<!-- newslint-disable-next-line names.spelling, dates -->\nTalks in Kiev.\n"
                    "<!-- newslint-disable-next-line -->\nAll clear.\n")
    code, found, _ = check(capsys, path)
    assert (code, found) == (0, [])
    code, found, _ = check(capsys, path, "--report-unused-suppressions")
    assert code == 1
    assert found == [
        (1, 1, "newslint.unused-suppression",
         "Unused suppression: newslint-disable-next-line of dates silences nothing"),
        (3, 1, "newslint.unused-suppression",
         "Unused suppression: newslint-disable-next-line of all rules silences nothing"),
    ]



def test_fix_reports_the_same_unused_suppressions_as_check(capsys, tmp_path):
    # Fix once applied suppressions to findings already filtered by them, and so called
    # every suppression unused.
    path = tmp_path / "a.txt"
    path.write_text("<!-- newslint-disable-next-line names.spelling, dates -->\nTalks in Kiev.\n"
                    "Talks on Feb. 28, 2024.\n")
    code = main(["fix", "--format", "json", "--select", "names,dates",
                 "--report-unused-suppressions", str(path)])
    captured = capsys.readouterr()
    found = [(f["line"], f["column"], f["rule"], f["message"]) for f in json.loads(captured.out)]
    assert code == 1
    assert found == [(1, 1, "newslint.unused-suppression",
                      "Unused suppression: newslint-disable-next-line of dates silences nothing")]
    assert path.read_text() == ("<!-- newslint-disable-next-line names.spelling, dates -->\n"
                                "Talks in Kiev.\nTalks on February 28, 2024.\n")

def test_markdown_and_html_use_the_same_comment(capsys, tmp_path):
    from newslint.config.ruleset import load_ruleset
    from newslint.document import Document
    from newslint.engine import lint
    from newslint.suppressions import apply_suppressions

    source = "<p>Kiev</p>\n<!-- newslint-disable-next-line names -->\n<p>Kiev</p>\n"
    document = Document("a.html", "html", source)
    for start in (3, source.rindex("Kiev")):
        document.add_plain("body", start, start + 4)
    ruleset = load_ruleset().selected(["names"])
    kept = apply_suppressions(document, lint(document, ruleset), {r.id for r in ruleset.rules})
    assert [(f.line, f.column) for f in kept] == [(1, 4)]


def test_unknown_directive_is_an_error(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Talks.\n  <!-- newslint-disable-nextline names -->\nKiev.\n")
    assert check(capsys, path) == (
        2, [], f"newslint: {path}:2:3: unknown directive 'newslint-disable-nextline'; did you "
               "mean newslint-disable-next-line? directives: newslint-disable-next-line, "
               "newslint-disable, newslint-enable\n")


def test_unknown_rule_in_a_directive_is_an_error(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("<!-- newslint-disable-next-line names.speling -- typo -->\nKiev.\n")
    assert check(capsys, path) == (
        2, [], f"newslint: {path}:1:1: unknown rule or family 'names.speling' in "
               "newslint-disable-next-line; did you mean names.spelling, spelling? families: "
               f"{house_families()}\n")
