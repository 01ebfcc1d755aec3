"""Ruleset patterns that would backtrack catastrophically are refused when the ruleset loads."""

from __future__ import annotations

import pytest

from newslint.regex_safety import nested_repeat


@pytest.mark.parametrize("pattern, refused", [
    (r"(a+)+$", True),
    (r"(\w+\s?)*x", True),
    (r"(?:\s+\w+)*", True),
    (r"(a*)*", True),
    (r"(?:a|b+)*", True),  # the repeat inside one alternative
    (r"(?=(a+)+)", True),  # a look-ahead backtracks as much
    (r"(?:a{1,200})+", True),  # a bound this large is no bound
    (r"(?:(a+)+)++", True),  # inside a possessive repeat the inner pair still nests
    (r"(?:\s++\w++)*", False),  # possessive: nothing is given back
    (r"(?>a+)+", False),  # atomic: the same
    (r"(?:\w+\s){0,3}", False),  # a small bound
    (r"(?:a{1,5})+", False),
    (r"\w+\s+\w+", False),  # repeats side by side, not nested
    (r"\[(?:CHECK|TK)[^\]]{0,300}\]", False),  # the house placeholder pattern
])
def test_nested_repeats_are_found(pattern, refused):
    assert nested_repeat(pattern) is refused


def test_no_bundled_pattern_is_refused():
    import yaml
    from helpers import ROOT

    patterns = []
    for path in sorted((ROOT / "rulesets").glob("*.yaml")):
        for spec in (yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or {}).values():
            options = (spec or {}).get("options") or {}
            for value in (options.get("pattern"), *(options.get("patterns") or ())):
                if value:
                    patterns.append(value)
    assert len(patterns) > 10  # the compliance and style patterns were read
    assert [p for p in patterns if nested_repeat(p)] == []
