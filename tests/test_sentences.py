"""``text.sentence_start``: the one definition of a sentence start that every rule reads."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.analysis.text import sentence_start, sentence_starts


@pytest.mark.parametrize(("text", "word"), [
    ("Defense officials met.", "Defense"),
    ("  Defense officials met.", "Defense"),
    ("They met. Defense officials left.", "Defense"),
    ("They met! Defense officials left.", "Defense"),
    ("They met? Defense officials left.", "Defense"),
    ("They met… Defense officials left.", "Defense"),
    ("“They met.” Defense officials left.", "Defense"),
    ("They met (at last.) Defense officials left.", "Defense"),
    ("They met. “Defense officials left,” he said.", "“Defense"),
    ("They met. “Defense officials left,” he said.", "Defense"),
    ("They met. (“Defense officials left.”)", "Defense"),
    ("They met.\nDefense officials left.", "Defense"),
    ("It was 2004. 13 countries attended.", "13"),
    ("He waited for Kyiv... The sirens sounded.", "The"),
])
def test_sentence_starts(text, word):
    assert sentence_start(text, text.index(word))


@pytest.mark.parametrize(("text", "word"), [
    ("Dr. Center spoke.", "Center"),                  # a title's full stop ends no sentence
    ("Mrs. Gray spoke.", "Gray"),
    ("John F. Kennedy Center", "Kennedy"),            # nor an initial's
    ("In the U.S. Results follow.", "Results"),       # the documented reading of the ambiguous case
    ("It rose in Feb. Defense stocks fell.", "Defense"),
    ("Shares in Travelers Co. Center rose.", "Center"),
    ("He said: Defense officials left.", "Defense"),  # a colon, semicolon or dash ends none
    ("He said; Defense officials left.", "Defense"),
    ("He said — Defense officials left.", "Defense"),
    ("The Defense officials left.", "Defense"),
    ("They met.Defense officials left.", "Defense"),  # no space: a domain, a typo, not a sentence
    ("They met. defense officials left.", "defense"),  # a capital or a figure starts a sentence
    ("They met. Defense officials left.", "efense"),
    # An ellipsis inside a title in title case (BBC entertainment-200, -207, -223).
    ("They remain in I'm A Celebrity ... Get Me Out Of Here.", "Get"),
    ("The finale of I'm a Celebrity… Get Me Out of Here drew 10.9m.", "Get"),
])
def test_not_sentence_starts(text, word):
    assert not sentence_start(text, text.index(word))


_PIECES = list(".?!…\"'”’)]“‘([ \nAa0") + ["Dr", "J", "U.S"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_sentence_start_is_a_start_or_the_letter_after_its_opening_marks(text):
    starts = set(sentence_starts(text))
    for index in range(len(text) + 1):
        opening = index
        while opening > 0 and text[opening - 1] in "\"'“‘([":
            opening -= 1
        assert sentence_start(text, index) == (opening in starts)
