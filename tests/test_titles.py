"""The titles rule's courtesy scan against the pattern it stands for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.ruleset import load_ruleset

_PIECES = ["Mr", "Mrs", "Ms", "Miss", "Mr.", "and", "&", " ", "  ", "\n", "a", "Blair", "x", "3",
           "_", "é", "’", "-", "."]

_RULE = next(rule for rule in load_ruleset("house").rules if rule.id == "titles.courtesy")
_WITH_BOUNDARY = re.compile(r"\b" + _RULE._courtesy.pattern.pattern)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_courtesy_matches_are_those_of_the_pattern_after_a_word_boundary(text):
    assert ([m.span() for m in _RULE._courtesy_matches(text)]
            == [m.span() for m in _WITH_BOUNDARY.finditer(text)])
