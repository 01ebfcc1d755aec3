"""Ruleset patterns cannot hang a run: RE2 runs those it finds exactly the same matches for,
and the shapes that backtrack are refused in the rest when the ruleset loads."""

from __future__ import annotations

import json
import pickle
import re

import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.analysis import Analysis
from newslint.analysis.prefilter import Prefiltered
from newslint.cli import main
from newslint.config import regex_safety
from newslint.config.regex_safety import (
    AMBIGUOUS_BRANCH,
    NESTED_REPEAT,
    Re2Pattern,
    compile_pattern,
    pattern_problem,
    re2_obstacle,
    risky_shape,
)


@pytest.mark.parametrize("pattern, shape", [
    (r"(a+)+$", NESTED_REPEAT),
    (r"(\w+\s?)*x", NESTED_REPEAT),
    (r"(?:\s+\w+)*", NESTED_REPEAT),
    (r"(a*)*", NESTED_REPEAT),
    (r"(?=(a+)+)", NESTED_REPEAT),  # a look-ahead backtracks as much
    (r"(?:a{1,200})+", NESTED_REPEAT),
    (r"(?:a{1,5})+", NESTED_REPEAT),  # 30 letters split into parts of 1 to 5: millions of ways
    (r"(a?){30}a{30}", NESTED_REPEAT),  # a bound of 30 iterations is no bound: 2**30 ways
    (r"(?:(a+)+)++", NESTED_REPEAT),  # inside a possessive repeat the inner pair still nests
    (r"(a|a)*b", AMBIGUOUS_BRANCH),  # (the parser reads it as a(?:|): empty alternatives)
    (r"(?:a|ab)*c", AMBIGUOUS_BRANCH),
    (r"(?:xa|Xb)+", AMBIGUOUS_BRANCH),  # alike in another case: the pattern may run with (?i)
    (r"(?:Mr|Mrs)+", AMBIGUOUS_BRANCH),  # (a shape test: "Mr" and "Mrs" start alike)
    (r"(?:a|b+)*", AMBIGUOUS_BRANCH),  # an alternative that starts with a repeat starts anyhow
    (r"(?:\s++\w++)*", None),  # possessive: nothing is given back
    (r"(?>a+)+", None),  # atomic: the same
    (r"(?:\w+\s){0,3}", None),  # a small bound
    (r"(?:x{0,3}){5}", None),
    (r"(?:(?:x?){4}){4}", NESTED_REPEAT),  # sixteen iterations in all
    (r"(?:a{5})+", None),  # a fixed count gives nothing back
    (r"(?:ab|ac)*", None),  # the parser factors it into a[bc]
    (r"(?:Mr|Ms)+", None),  # M[rs] to the parser
    (r"(?:\w|\d)+", None),  # one class to the parser
    (r"\w+\s+\w+", None),  # repeats side by side, not nested
    (r"\[(?:CHECK|TK)[^\]]{0,300}\]", None),  # the house placeholder pattern
])
def test_backtracking_shapes_are_found(pattern, shape):
    assert risky_shape(pattern) == shape


@pytest.mark.parametrize("pattern, obstacle", [
    (r"\[(?:CHECK|TK|TBC)[^\]]{0,300}\]", None),
    (r"(?i:lorem ipsum)", None),
    (r"(?im:^\s*embargo(?:ed)?\s*:)", None),
    (r"(?m:^\s*_{3,}\s*$)", None),
    (r"(a|a)*b", None),
    (r"(?P<word>\w+)-(\d+)\Z", None),
    (r"(?a)\bAP\b", None),  # an ASCII \b is RE2's
    (r"\bEMBARGO\b", r"\b, whose RE2 form knows only ASCII letters"),
    (r"x\B", r"\B, whose RE2 form knows only ASCII letters"),
    (r"(?<=\S)  +(?=\S)", "a look-around"),
    (r"(\w)\1", "a backreference"),
    (r"(a)?(?(1)b|c)", "a conditional group"),
    (r"(?>\w+)x", "an atomic group"),
    (r"\w++x", "a possessive repeat"),
    (r"end$", "$, which re also matches before a final newline"),
    (r"(?:a?)*b", "a repeat of something that can match nothing"),
    (r"a{1001}", "a repeat count over 1000"),
    (r"\d*", "it can match the empty string"),
])
def test_what_runs_on_re2(pattern, obstacle):
    assert re2_obstacle(pattern) == obstacle
    assert isinstance(compile_pattern(pattern), Re2Pattern) is (obstacle is None)


# Patterns where the engines could part: Unicode classes, case folding (re matches "ı" and "İ"
# with (?i)i, "ſ" with s, the Kelvin sign with k), anchors, lazy repeats, groups in repeats.
SAME_MATCHES = [
    (r"\[(?:CHECK|TK|TBC|TBD|CONFIRM)[^\]]{0,300}\]", 0), (r"(?i:lorem ipsum)", 0),
    (r"(?im:^\s*embargo(?:ed)?\s*:)", 0), (r"(?m:^\s*_{3,}\s*$)", 0), (r"(a|a)*b", 0),
    (r"(?P<w>\w+)-(\d+)", 0), (r"x\Z", 0), (r"(?i)straße", 0), (r"[^\W\d_]+", 0),
    (r"(?i)[a-zß]+ı", 0), (r"(?s:.)+?x", 0), (r".+?x", 0), (r"\S+\s+\S+", 0),
    (r"(?:ab|a)(?:bc|c)?", 0), (r"(a|ab)(c|bcd)(d*)", 0), (r"(?i)[^k]x", 0), (r"k", re.IGNORECASE),
    (r"\d{2,4}?", 0), (r"(?m)^\w+$", 0), (r"\A\w", 0), (r"[\s\S]{2}", 0), (r"(?a)\w+", 0),
    (r"(?a)\bfoo\b", 0), (r"(?:(a)|b)+", 0), (r"[à-ÿ]+", re.IGNORECASE),
    (r"embargo(?:ed)?", re.IGNORECASE),
]
ALPHABET = "aAbBkK\u212aıİſsSßẞ xX\n\r\t\u00a0\u2028\x1c_-1٣é:[]CHECKTloremipsumbargd"


@pytest.mark.parametrize("pattern, flags", SAME_MATCHES)
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40))
def test_re2_finds_what_re_finds(pattern, flags, text):
    on_re2 = compile_pattern(pattern, flags)
    assert isinstance(on_re2, Re2Pattern)
    expected = [(m.span(), m.groups()) for m in re.compile(pattern, flags).finditer(text)]
    assert [(m.span(), m.groups()) for m in on_re2.finditer(text)] == expected
    for pos in (0, len(text) // 2):
        found, wanted = on_re2.search(text, pos), re.compile(pattern, flags).search(text, pos)
        assert (found and found.span()) == (wanted and wanted.span())


@pytest.mark.parametrize("template", [r"\1–\2", r"\g<w>", r"<\g<0>>", r"\2\n\\", "–", r"\g<3>"])
def test_a_fix_template_expands_as_re_expands_it(template):
    pattern = r"(?P<w>\w+)-(\d+)|(x)"
    text = "Straße-12 x"
    wanted = [m.expand(template) for m in re.finditer(pattern, text)]
    assert [m.expand(template) for m in compile_pattern(pattern).finditer(text)] == wanted


def test_re2_patterns_pickle_as_their_source(monkeypatch):
    prefiltered = Prefiltered(r"(?i:lorem ipsum)")
    assert isinstance(prefiltered.pattern, Re2Pattern)
    data = pickle.dumps(prefiltered)

    def translated_again(*arguments):
        raise AssertionError("a pattern loaded from the rules cache is translated again")

    # A pass over every character per class: a run from the cache must not pay it again.
    monkeypatch.setattr(regex_safety, "re2_source", translated_again)
    copy = pickle.loads(data)
    spans = [m.span() for m in copy.finditer(Analysis("LOREM ıpsum, lorem ipsum"))]
    assert spans == [(0, 11), (13, 24)]


def test_a_lone_surrogate_keeps_positions():
    # Strict UTF-8 never decodes one, but a front-matter escape ("\ud800") can make one.
    text = "x\ud800 lorem ipsum"
    assert [m.span() for m in compile_pattern(r"(?i:lorem ipsum)").finditer(text)] == [(3, 14)]


def _bundled_patterns():
    import yaml

    for path in sorted((ROOT / "rulesets").glob("*.yaml")):
        for spec in (yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or {}).values():
            options = (spec or {}).get("options") or {}
            for value in (options.get("pattern"), *(options.get("patterns") or ())):
                if value:
                    yield value


def test_no_bundled_pattern_is_refused_and_those_re2_can_run_run_on_it():
    patterns = sorted(set(_bundled_patterns()))
    assert len(patterns) > 10  # the compliance and style patterns were read
    assert [p for p in patterns if pattern_problem(p)] == []
    assert [p for p in patterns if re2_obstacle(p) is None] == [
        r"(?i:lorem ipsum)", r"(?im:^\s*embargo(?:ed)?\s*:)", r"(?m:^[^\S\n]*EMBARGO[^\S\n]*$)",
        r"(?m:^\s*_{3,}\s*$)", r"\[(?:CHECK|TK|TBC|TBD|CONFIRM)[^\]]{0,300}\]"]


# --- through the command line ------------------------------------------------------------

def _lint_with_pattern(capsys, tmp_path, pattern, text):
    ruleset = tmp_path / "desk.yaml"
    ruleset.write_text("rules:\n  style.x:\n    kind: pattern\n    options:\n"
                       f"      pattern: {json.dumps(pattern)}\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    code = main(["check", "--ruleset", str(ruleset), "--format", "json", str(article)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err, ruleset


def test_a_pattern_that_backtracks_for_minutes_on_re_runs_on_re2(capsys, tmp_path):
    # Python's re takes over a minute on this line (each of 2**27 ways fails before the "b").
    code, out, err, _ = _lint_with_pattern(capsys, tmp_path, "(a|a)*b",
                                           "Headline\n\nThe " + "a" * 27 + " c bank.\n")
    assert (code, err) == (1, "")
    assert [(f["line"], f["column"], f["match"]) for f in json.loads(out)] == [(3, 35, "b")]


@pytest.mark.parametrize("pattern, shape, obstacle", [
    (r"\b(a|a)*b", AMBIGUOUS_BRANCH, r"\b, whose RE2 form knows only ASCII letters"),
    (r"(a?){30}a{30}", NESTED_REPEAT, "a repeat of something that can match nothing"),
    (r"(?<=\s)(\w+\s?)+!", NESTED_REPEAT, "a look-around"),
])
def test_a_pattern_re2_cannot_run_is_refused_if_it_can_backtrack(
        capsys, tmp_path, pattern, shape, obstacle):
    code, out, err, ruleset = _lint_with_pattern(capsys, tmp_path, pattern, "Text.\n")
    assert (code, out) == (2, "[]\n")  # JSON readers still get JSON: no finding, and exit 2
    assert err == (f"newslint: {ruleset}:5: option 'pattern' of rule 'style.x': {pattern!r} "
                   f"{shape}, which can take minutes on a paragraph it almost matches; RE2, which "
                   f"cannot, does not run this pattern ({obstacle}); make the inner part "
                   "possessive (a++) or atomic ((?>a+))\n")
