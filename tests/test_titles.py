"""The titles rule's courtesy scan against the pattern it stands for; where name fixes edit."""

from __future__ import annotations

import re

from helpers import lint_text
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.analysis import Analysis
from newslint.config.ruleset import load_ruleset

_PIECES = ["Mr", "Mrs", "Ms", "Miss", "Mr.", "and", "&", " ", "  ", "\n", "a", "Blair", "x", "3",
           "_", "é", "’", "-", "."]

_RULE = next(rule for rule in load_ruleset("house").rules if rule.id == "titles.courtesy")
_WITH_BOUNDARY = re.compile(r"\b" + _RULE._courtesy.pattern.pattern)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_courtesy_matches_are_those_of_the_pattern_after_a_word_boundary(text):
    assert ([m.span() for m in _RULE._courtesy_matches(Analysis(text))]
            == [m.span() for m in _WITH_BOUNDARY.finditer(text)])


_NAME_PIECES = ["Mr", "Mrs.", "Ms", "Miss", "and", " ", "  ", "\n", "Blair", "John", "C.", "Davis",
                "Goes", "to", "Washington", "the", "film", "'", "“", "*", ".", ", ", "Kiev",
                "Odessa", "Young", "Recep", "Tayyip", "Erdogan", "bin", "Laden", "said", "Defense",
                "Center"]
_RULES = ["titles.courtesy", "names.spelling", "spelling.british", "references.full-name-repeated"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=24).map("".join))
def test_every_fix_edits_only_its_finding(text):
    """`fix` never touches a byte outside a finding's span, safe fix or unsafe."""
    for finding in lint_text(text, "house", _RULES, segment_kind="body"):
        for edit in finding.fix.edits if finding.fix else ():
            assert finding.start <= edit.start <= edit.end <= finding.end, (finding, edit)


def test_courtesy_finding_is_the_title_and_the_name():
    text = "Later, Mr Blair's aide and Mr\nBrown’s met."
    findings = lint_text(text, "house", ["titles.courtesy"], segment_kind="body")
    assert [(f.line, f.column, f.end_line, f.end_column, f.match) for f in findings] == [
        (1, 8, 1, 16, "Mr Blair"), (1, 28, 2, 6, "Mr\nBrown")]
    assert (findings[0].fix.replacement, findings[0].fix.title) == ("Blair", 'Remove "Mr"')
