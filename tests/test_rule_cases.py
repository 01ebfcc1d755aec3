"""Data-driven rule cases: tests/rule_cases/<ruleset>/<rule>.yaml, one pytest test per case.

A case is ``text`` that must pass (no ``expect``) or fail with exactly the ``expect`` findings
of the rule, in order, each given whole::

    expect:
      - at: "1:22-1:35"            # start-end, "line:column", 1-based, code points, end exclusive
        match: Feb. 28, 2024       # the text of the span
        message: Date "Feb. 28, 2024" is not in house style (month abbreviated)

``fix`` is the text after applying the rule's fixes (``unsafe: true`` includes unsafe ones);
the fixed text must lint clean of the rule. A failing case without ``fix`` must be left
unchanged by fixing. ``as: caption`` reads the whole text as one segment of that kind;
``format`` picks the reader (default txt).

Write a new failing case with its starts only (``expect: ["1:22"]``), then let
``tests/rule_cases/upgrade.py`` fill in the span, match and message from what the rule
reports, and read them. Until a case is filled in, a ``"line:col"`` item asserts its start
only, and a ``message`` key the first finding's message: the older form, still read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import lint_text

from newslint.fixer import apply_fixes

CASES_DIR = Path(__file__).parent / "rule_cases"
CASE_KEYS = {"name", "text", "expect", "fix", "message", "as", "format", "unsafe"}
FINDING_KEYS = ("at", "match", "message")


def load_cases():
    """(ruleset, rule, case) for every case, in file order."""
    for path in sorted(CASES_DIR.glob("*/*.yaml")):
        ruleset, rule = path.parent.name, path.stem
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield ruleset, rule, case


def case_options(ruleset: str, rule: str, case: dict) -> dict:
    return {"ruleset": ruleset, "rules": [rule], "fmt": case.get("format", "txt"),
            "segment_kind": case.get("as")}


def rule_findings(text: str, rule: str, options: dict) -> list:
    return [f for f in lint_text(text, **options) if f.rule == rule]


def described(finding) -> dict:
    """A finding as a case's ``expect`` gives it."""
    return {"at": f"{finding.line}:{finding.column}-{finding.end_line}:{finding.end_column}",
            "match": finding.match, "message": finding.message}


def as_expected(expected: list, findings: list) -> list:
    """The findings as the case's items say them: whole where an item is whole, the start only
    where an item is the older "line:col" string."""
    if len(expected) != len(findings):
        return [described(f) for f in findings]
    return [f"{f.line}:{f.column}" if isinstance(item, str) else described(f)
            for item, f in zip(expected, findings, strict=True)]


@pytest.mark.parametrize(("ruleset", "rule", "case"), [
    pytest.param(*case, id=f"{case[0]}/{case[1]}::{case[2]['name']}") for case in load_cases()])
def test_rule_case(ruleset, rule, case):
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"unknown case keys {unknown}"
    expected = case.get("expect", [])
    for item in expected:
        assert isinstance(item, str) or (isinstance(item, dict) and tuple(item) == FINDING_KEYS), (
            f"an expected finding is {{at, match, message}} in that order, not {item!r}")
    text = case["text"]
    options = case_options(ruleset, rule, case)
    findings = rule_findings(text, rule, options)
    assert as_expected(expected, findings) == expected, yaml.safe_dump(
        [described(f) for f in findings], allow_unicode=True, sort_keys=False, width=10**9)
    if "message" in case:
        assert findings[0].message == case["message"]
    for finding in findings:  # fix never touches a byte outside its finding's span
        for edit in finding.fix.edits if finding.fix else ():
            assert finding.start <= edit.start <= edit.end <= finding.end, (
                f"{rule} at {finding.line}:{finding.column} edits {text[edit.start:edit.end]!r} "
                f"outside its span {finding.match!r}")
    unsafe = case.get("unsafe", False)
    fixed, _ = apply_fixes(text, findings, unsafe=unsafe)
    if "fix" in case:
        assert fixed == case["fix"]
        remaining = rule_findings(fixed, rule, options)
        assert remaining == [], [f.message for f in remaining]
        if unsafe:
            safe_only, _ = apply_fixes(text, findings)
            assert safe_only != fixed, "case says unsafe, but safe fixes alone produce the fix"
    else:
        assert fixed == text, "the rule offers a fix the case does not show"
