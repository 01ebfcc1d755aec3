"""Data-driven rule cases: tests/rule_cases/<ruleset>/<rule>.yaml, one pytest test per case.

A case is ``text`` that must pass (no ``expect``) or fail at exactly the ``expect`` positions
("line:col", 1-based, code points). ``fix`` is the text after applying the rule's fixes
(``unsafe: true`` includes unsafe ones); the fixed text must lint clean of the rule. A failing
case without ``fix`` must be left unchanged by fixing. ``as: caption`` reads the whole text as
one segment of that kind; ``format`` picks the reader (default txt); ``message`` is the first
finding's exact message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import lint_text

from newslint.fixer import apply_fixes

CASES_DIR = Path(__file__).parent / "rule_cases"
CASE_KEYS = {"name", "text", "expect", "fix", "message", "as", "format", "unsafe"}


def _load_cases():
    for path in sorted(CASES_DIR.glob("*/*.yaml")):
        ruleset, rule = path.parent.name, path.stem
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(ruleset, rule, case, id=f"{ruleset}/{rule}::{case['name']}")


@pytest.mark.parametrize(("ruleset", "rule", "case"), list(_load_cases()))
def test_rule_case(ruleset, rule, case):
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"unknown case keys {unknown}"
    text = case["text"]
    options = {"ruleset": ruleset, "rules": [rule], "fmt": case.get("format", "txt"),
               "segment_kind": case.get("as")}
    findings = [f for f in lint_text(text, **options) if f.rule == rule]
    positions = [f"{f.line}:{f.column}" for f in findings]
    assert positions == case.get("expect", []), [f.message for f in findings]
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
        remaining = [f for f in lint_text(fixed, **options) if f.rule == rule]
        assert remaining == [], [f.message for f in remaining]
        if unsafe:
            safe_only, _ = apply_fixes(text, findings)
            assert safe_only != fixed, "case says unsafe, but safe fixes alone produce the fix"
    else:
        assert fixed == text, "the rule offers a fix the case does not show"
