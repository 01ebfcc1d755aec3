"""The shared name helpers against plain statements of what they compute."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.names import skeleton

# The letters and marks the romanisation steps look at, and some that NFKD takes apart.
_NAME_LETTERS = list("khpctszyijaeKHZYIJ\u0301éñİıßﬁǅŁÅ-’'\n")

_STEPS = (
    (r"kh", "k"), (r"ph", "f"), (r"ck", "k"), (r"ts|tz|cz", "c"), (r"iy|yi|ii|yy|ij", "i"),
    (r"y", "i"), (r"zhzh", "zh"), (r"(.)\1+", r"\1"),
)


def _skeleton_step_by_step(name: str) -> str:
    key = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    for pattern, replacement in _STEPS:
        key = re.sub(pattern, replacement, key)
    return key


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_NAME_LETTERS, max_size=14))
def test_skeleton_applies_its_steps_in_order(name):
    assert skeleton(name) == _skeleton_step_by_step(name)


def test_skeleton_joins_transliterations():
    assert skeleton("Andriy") == skeleton("Andrii")
    assert skeleton("Odessa") == skeleton("Odesa")
    assert skeleton("Zoë") == skeleton("Zoe")
    assert skeleton("Clark") != skeleton("Clarke")
