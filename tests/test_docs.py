"""docs/rules.md is generated from the rulesets and kind docstrings, and must be current."""

from __future__ import annotations

from helpers import ROOT

from newslint.cli import main
from newslint.rulesdoc import REGENERATE


def test_rules_reference_is_current(capsys):
    assert main(["rules", "--all", "--format", "markdown"]) == 0
    generated = capsys.readouterr().out
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generated, f"docs/rules.md is stale; regenerate it with `{REGENERATE}`"


def test_rules_table_has_family_severity_fix_and_summary(capsys):
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["RULE", "FAMILY", "SEVERITY", "FIX", "SUMMARY"]
    row = next(line for line in lines if line.startswith("titles.courtesy "))
    assert row.split()[:4] == ["titles.courtesy", "titles", "warning", "fixable"]
    assert row.endswith('A courtesy title ("Mr", "Mrs", "Ms") before a name.')


def test_explain_works_for_the_new_kinds(capsys):
    for rule in ("titles.case", "references.surname-before-full-name", "consistency.names",
                 "proselint.usage"):
        assert main(["explain", rule]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"{rule} (") and "Bad:" in out
