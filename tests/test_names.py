"""The shared name helpers against plain statements of what they compute."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.names import _WORD_SPLIT, NOT_NAMES, WORD, skeleton, words
from newslint.rules.first_reference import _PERSON_AFTER, _person_after

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


# WORD as first written, with ordinary (backtracking) quantifiers.
_WORD_BACKTRACKING = re.compile(r"[^\W\d_]\w*(?:(?:[’'](?!s\b)|-)(?=[^\W\d_])\w*)*")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=list("aZs3_ é’'-. \u0301"), max_size=20))
def test_possessive_word_pattern_finds_the_same_words(text):
    assert ([m.span() for m in WORD.finditer(text)]
            == [m.span() for m in _WORD_BACKTRACKING.finditer(text)])
    assert bool(WORD.fullmatch(text)) == bool(_WORD_BACKTRACKING.fullmatch(text))


_PIECES = ["said", "who", "Blair", "Said", " ", ", ", ",", "-", "’", "'", "s", "x", "3", "_", "\u0301", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_words_offsets_are_the_word_pattern_spans(text):
    tokens = words(text)
    assert list(zip(tokens.starts, tokens.ends)) == [m.span() for m in WORD.finditer(text)]
    assert "".join(p for pair in zip(tokens.gaps, tokens.texts) for p in pair) + tokens.gaps[-1] == text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_person_after_reads_the_next_word_as_the_text_would(text):
    tokens = words(text)
    for index in range(len(tokens)):
        expected = _PERSON_AFTER.match(text, tokens.ends[index]) is not None
        assert _person_after(tokens, index) == expected


def _words_as_unicode_text_would_give(text):
    """The words of ``text`` by the Unicode pattern alone, as before the ASCII path."""
    parts = _WORD_SPLIT.split(text)
    found = parts[1::2]
    names = tuple(i for i, word in enumerate(found)
                  if word[0].isupper() and not word.isupper() and word.lower() not in NOT_NAMES)
    return found, parts[0::2], names


_ASCII_PIECES = ["Blair", "THE", "The", "said", "iPhone", "O'Brien", "Al-Assad", "Jones's", "x_1",
                 "3D", "_a", " ", ", ", ".", "-", "'", "s", "[", "]", "7"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ASCII_PIECES), max_size=16).map("".join))
def test_ascii_text_gives_the_words_the_unicode_pattern_gives(text):
    tokens = words(text)
    assert (tokens.texts, tokens.gaps, tokens.names) == _words_as_unicode_text_would_give(text)
