"""The regex prefilter may skip a text only when the pattern cannot match it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newslint.analysis import Analysis
from newslint.analysis.prefilter import Literals, Prefiltered, required_literals
from newslint.config.ruleset import load_ruleset
from newslint.rules.date_format import _DATES, _NUMERIC_DATE_MIDDLES, DATE, NUMERIC_DATE

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"\bEMBARGO(?:ED)?\b", 0, [("EMBARGO", False)]),
    # Case-insensitive literals are compared case-folded.
    (r"(?i:\bnote to editors?\b)", 0, [("note to editor", True)]),
    (r"\bembargoed", re.IGNORECASE, [("embargoed", True)]),
    # Every alternative must bring a literal; the longest run of a sequence decides.
    (r"\((?:AP|AFP|Reuters)\)", 0, [("(AP", False), ("(AFP", False), ("(Reuters", False)]),
    (r"ab|c", 0, [("ab", False), ("c", False)]),
    # The longer literals of a factored branch are the stronger filter.
    (r"January|Jan\.", 0, [("January", False), ("Jan.", False)]),
    # "Jan" decides for "January": a text with the one has the other.
    (r"January|Jan|Feb", 0, [("Jan", False), ("Feb", False)]),
    (r"(?:ab)?cd", 0, [("cd", False)]),
    (r"(?m:^\s*_{3,}\s*$)", 0, [("___", False)]),
    (r"(?<=\S)  +(?=\S)", 0, [("  ", False)]),
    # The parser factors "Miss|Mrs|Mr|Ms" into "M" and a branch; the run goes on into it.
    (r"\b(?:Miss|Mrs\.|Mrs|Mr|Ms)\b", 0, [("Miss", False), ("Mr", False), ("Ms", False)]),
    # No literal every match needs: no prefilter.
    (r"ab|\d+", 0, None),
    (r"(?:ab)*", 0, None),
    (r"[A-Z]\w+", 0, None),
    # A non-ASCII letter under IGNORECASE has case partners a fold may not reach.
    (r"(?i)é", 0, None),
])
def test_required_literals(pattern, flags, expected):
    found = required_literals(pattern, flags)
    assert (list(found) if found is not None else None) == expected


def _bundled_patterns():
    for name in ("house", "ap", "proselint"):
        for rule in load_ruleset(name).rules:
            compiled = getattr(rule, "_patterns", []) + [getattr(rule, "_pattern", None)]
            for pattern in compiled:
                if isinstance(pattern, Prefiltered):
                    yield rule.id, pattern


def _sample_texts():
    texts = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.is_file() and path.suffix in {".txt", ".md", ".html", ".xml"}:
            texts.extend(path.read_text(encoding="utf-8", errors="replace").split("\n\n"))
    for path in sorted((ROOT / "tests" / "rule_cases").rglob("*.yaml")):
        texts.extend(path.read_text(encoding="utf-8").split("\n"))
    return texts


def test_no_bundled_pattern_is_skipped_on_a_text_it_matches():
    patterns = list(_bundled_patterns())
    assert len(patterns) > 10
    texts = _sample_texts()
    matched = 0
    for rule_id, pattern in patterns:
        for text in texts:
            if pattern.pattern.search(text):
                matched += 1
                assert pattern.may_match(Analysis(text)), (rule_id, pattern.pattern.pattern, text)
    assert matched > 50  # the sample exercises the patterns


_PIECES = st.sampled_from([
    "a", "b", "ab", "A", "k", "s", r"\b", r"\s", r"\d", ".", "[ab]", "[^a]", "(?=a)", "(?<!b)",
    "-", "_", "é", "K", "ſ",
])


@st.composite
def _patterns(draw, depth=2):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 5 if depth else 0))
        if kind <= 1:
            parts.append(draw(_PIECES))
        elif kind == 2:
            parts.append(f"(?:{draw(_patterns(depth - 1))}|{draw(_patterns(depth - 1))})")
        elif kind == 3:
            inner = draw(_patterns(depth - 1))  # drawn first, as before
            repeat = draw(st.sampled_from(['*', '+', '?', '{2}', '{2,}']))
            parts.append(f"(?:{inner}){repeat}")
        elif kind == 4:
            parts.append(f"(?i:{draw(_patterns(depth - 1))})")
        else:
            parts.append(f"({draw(_patterns(depth - 1))})")
    return "".join(parts)


def test_every_character_re_matches_with_an_ascii_letter_passes_the_fold():
    import string

    any_letter = re.compile("[a-z]", re.IGNORECASE)
    partners = [c for c in map(chr, range(0x30000)) if any_letter.fullmatch(c)]
    assert len(partners) > 52  # the Kelvin sign, the long s, the Turkish i's ...
    for letter in string.ascii_letters:
        pattern = Prefiltered("x" + letter, re.IGNORECASE)
        for partner in partners:
            if re.fullmatch(letter, partner, re.IGNORECASE):
                assert pattern.may_match(Analysis("X" + partner)), (letter, partner)


@settings(max_examples=400, deadline=None)
@given(_patterns(), st.text(alphabet="abABkKsS\u212a\u017f é-_\n1", max_size=30),
       st.sampled_from([0, re.IGNORECASE]))
def test_prefilter_never_rejects_a_match(pattern, text, flags):
    prefiltered = Prefiltered(pattern, flags)
    if prefiltered.pattern.search(text):
        assert prefiltered.may_match(Analysis(text))


def test_union_admits_what_any_of_its_parts_admits():
    embargo = required_literals(r"\bEMBARGO\b")
    note = required_literals(r"(?i:note to editors)")
    union = Literals.union([embargo, note])
    assert union.admit(Analysis("EMBARGO"))
    assert union.admit(Analysis("Note To Editors"))
    assert not union.admit(Analysis("embargo"))  # EMBARGO is case-sensitive
    # A part that needs no literal leaves nothing to require.
    assert Literals.union([embargo, None]) is None


def test_no_bundled_existence_rule_skips_a_text_one_of_its_patterns_matches():
    texts = _sample_texts()
    matched = 0
    for name in ("house", "ap", "proselint"):
        for rule in load_ruleset(name).rules:
            if rule.kind != "existence":
                continue
            union = rule._may_match_a_pattern
            for pattern in rule._patterns:
                for text in texts:
                    if pattern.pattern.search(text):
                        matched += 1
                        assert union is None or union.admit(Analysis(text)), (rule.id, text)
    assert matched > 10


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}-[01]\d-[0-3]\d"
                     r"|\d{1,2}\.\d{1,2}\.\d{4}", fullmatch=True),
       st.sampled_from(["On {} it rained.", "{}", "({})"]))
def test_dates_numeric_never_skips_a_text_that_holds_a_numeric_date(date, sentence):
    text = sentence.format(date)
    if NUMERIC_DATE.search(text):  # a digit of another script may break the date's edge
        assert any(middle.search(text) for middle in _NUMERIC_DATE_MIDDLES), text


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(["", "(?<!#)"]), _patterns(),
       st.sampled_from(["", r"\Z", r"\.\Z", r"(?<![.?!])\Z", r"\Aa\Z", r"\b\Z"]),
       st.text(alphabet="abABkKs é.?!\n1-", max_size=30), st.sampled_from([0, re.IGNORECASE]))
# Matches that start as far before their literal as they can: "a" one character in.
@example("(?<!#)", r"\sa", "", "x a b a", 0)
@example("(?<!#)", r"(?:ab)?cd", "", "xxabcd cd", 0)
def test_prefiltered_finds_what_re_finds_searching_all_of_the_text(
        start, pattern, end, text, flags):
    # Tried at the end alone (a pattern ending with \Z), or from shortly before each literal
    # (a pattern that runs on re: "(?<!#)", which changes no match, keeps it off RE2).
    pattern = start + pattern + end
    prefiltered = Prefiltered(pattern, flags)
    expected = [m.span() for m in re.compile(pattern, flags).finditer(text)]
    assert [m.span() for m in prefiltered.finditer(Analysis(text))] == expected


@pytest.mark.parametrize("pattern, width", [
    (r"(?<![.?!])\Z", 0), (r"\.\Z", 1), (r"(?:ab)\Z", 2), (r"a+\Z", None), (r"a|b\Z", None),
    (r"a\Z|b", None), (r"\Zb", None),
])
def test_a_pattern_can_match_only_its_width_before_the_end(pattern, width):
    assert Prefiltered(pattern).width_at_end == width


_DATE_TEXTS = st.tuples(
    st.sampled_from(["", "Wednesday, ", "Wednesday ", "Thurs., ", "Sun. ", "on "]),
    st.sampled_from(["", "3 ", "31st of ", "28th ", "2-", "16 or ", "1999 "]),
    st.sampled_from(["March", "Mar.", "Sept", "May", "September", "Mayor"]),
    st.sampled_from(["", " 28", " 28th, 2024", " 2024", ", 1999", "-17 April", " 3."]),
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_DATE_TEXTS, st.sampled_from(["x", " ", "The", "4", ".", "-", "\n"])),
                max_size=8).map("".join))
def test_dates_are_looked_for_only_near_a_month_and_all_found(text):
    assert [m.span() for m in _DATES.finditer(Analysis(text))] == [
        m.span() for m in DATE.finditer(text)]
