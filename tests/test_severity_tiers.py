"""Severity is a tier: error must not be published, warning is house style, suggestion is
typography. The table in docs/house-style.md is the rule, and `--fail-on error` passes copy
whose only faults are typographic, while `fix` still fixes them."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from newslint.cli import main
from newslint.config.ruleset import read_specs, resolve_ruleset_path

TIERS = ("error", "warning", "suggestion", "off")


def documented_tiers() -> dict[str, dict[str, str]]:
    """{ruleset: {rule: severity}} from the table of docs/house-style.md."""
    text = (ROOT / "docs" / "house-style.md").read_text(encoding="utf-8")
    table = {"house": {}, "ap": {}}
    for rule, house, ap in re.findall(r"^\| `([a-z.-]+)` \| (\S+) \| (\S+) \|", text, re.M):
        for ruleset, severity in (("house", house), ("ap", ap)):
            if severity != "—":
                assert severity in TIERS, (rule, severity)
                table[ruleset][rule] = severity
    return table


@pytest.mark.parametrize("ruleset", ["house", "ap"])
def test_every_rule_has_the_tier_the_house_style_documents(ruleset):
    specs = read_specs(resolve_ruleset_path(ruleset))[1]
    severities = {rule_id: spec.severity for rule_id, spec in specs.items()}
    assert severities == documented_tiers()[ruleset]


def test_what_must_not_be_published_is_an_error_and_typography_a_suggestion():
    house = documented_tiers()["house"]
    must_not_publish = [rule for rule, severity in house.items() if severity == "error"]
    assert sorted(must_not_publish) == [
        "captions.credit", "compliance.editors-note", "compliance.embargo",
        "compliance.encoding-mismatch", "compliance.placeholder", "compliance.wire-boilerplate",
        "compliance.xml-entity", "names.spelling", "source.missing"]
    typography = [rule for rule, severity in house.items()
                  if rule.startswith("style.") and severity == "suggestion"]
    assert typography == ["style.straight-quotes", "style.dash", "style.double-space"]


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# House style in every part but its typography: an apostrophe, quotation marks, a dash, a space.
TYPOGRAPHY_ONLY = ("Talks resume in Kyiv\n\nOfficials met on Tuesday to resume talks.\n\n"
                   "The minister said it's \"a start\" -- and  more talks follow.\n\n"
                   "Source: Al Jazeera\n")


def test_fail_on_error_passes_copy_whose_only_faults_are_typography(capsys, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(TYPOGRAPHY_ONLY, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--fail-on", "error", str(story))
    assert code == 0
    findings = [line.split(": ", 2)[1] for line in out.splitlines() if ": suggestion [" in line]
    assert findings == [
        "suggestion [style.straight-quotes] Straight apostrophe",
        "suggestion [style.straight-quotes] Straight opening quotation mark",
        "suggestion [style.straight-quotes] Straight closing quotation mark",
        'suggestion [style.dash] Dash " -- " is not a spaced en dash',
        "suggestion [style.double-space] Double space"]
    assert out.splitlines()[-1] == ("5 problems (5 suggestions) in 1 of 1 file; 5 fixable with "
                                    "`newslint fix`")
    assert run(capsys, "check", str(story))[0] == 0  # the default, --fail-on warning, too
    assert run(capsys, "check", "--fail-on", "suggestion", str(story))[0] == 1


def test_fix_fixes_suggestions_as_it_fixes_errors(capsys, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(TYPOGRAPHY_ONLY.replace("Kyiv", "Kiev", 1), encoding="utf-8")
    code, out, err = run(capsys, "fix", "--fail-on", "error", str(story))
    assert (code, out) == (0, "All clear: 1 file, no findings\n")
    assert err == f"newslint: {story}: applied 6 fixes\n"
    assert story.read_text(encoding="utf-8") == (
        "Talks resume in Kyiv\n\nOfficials met on Tuesday to resume talks.\n\n"
        "The minister said it’s “a start” – and more talks follow.\n\nSource: Al Jazeera\n")


def test_fail_on_error_stops_what_must_not_be_published_and_lets_house_style_through(
        capsys, tmp_path):
    house_style = tmp_path / "dates.txt"
    house_style.write_text(TYPOGRAPHY_ONLY.replace("on Tuesday", "on Feb. 27, 2024"),
                           encoding="utf-8")
    assert run(capsys, "check", "--fail-on", "error", str(house_style))[0] == 0
    assert run(capsys, "check", str(house_style))[0] == 1
    placeholder = tmp_path / "tk.txt"
    placeholder.write_text(TYPOGRAPHY_ONLY.replace("Tuesday", "TK"), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--fail-on", "error", "--select", "compliance",
                       str(placeholder))
    assert code == 1
    assert out == (f'{placeholder}:3:18: error [compliance.placeholder] Placeholder "TK" left in '
                   'copy\n1 problem (1 error) in 1 of 1 file\n')
