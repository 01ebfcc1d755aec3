"""The proselint kind: proselint's own examples pass and fail the same through newslint."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tarfile

import pytest
from helpers import FIXTURES, lint_text
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.cli import main

VERSION = "0.16.0"


@pytest.fixture(scope="session")
def proselint_examples(request):
    """``tests/examples.py`` from the proselint sdist: (module, should_fail, should_pass) rows.

    ``--no-binary proselint`` rather than ``:all:``: the latter would also build proselint's
    build backend (uv_build) from source, which needs a Rust toolchain.
    """
    cache = request.config.cache.mkdir("proselint-sdist")
    archive = cache / f"proselint-{VERSION}.tar.gz"
    if not archive.is_file():
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             "proselint", f"proselint=={VERSION}", "--dest", str(cache)],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0 or not archive.is_file():
            pytest.skip(f"cannot fetch the proselint {VERSION} sdist from the package index: "
                        f"{result.stderr.strip().splitlines()[-1:] or 'no archive'}")
    target = cache / "examples.py"
    if not target.is_file():
        with tarfile.open(archive) as tar:
            member = tar.extractfile(f"proselint-{VERSION}/tests/examples.py")
            target.write_bytes(member.read())
    spec = importlib.util.spec_from_file_location("proselint_examples", target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.data


def _ruleset_for(tmp_path, module: str):
    path = tmp_path / f"{module}.yaml"
    path.write_text("rules:\n  proselint.example:\n    kind: proselint\n    segments: [body]\n"
                    f"    options: {{checks: [{module}]}}\n", encoding="utf-8")
    return str(path)


@pytest.mark.slow
def test_proselint_examples_agree(proselint_examples, tmp_path):
    disagreements = []
    for module, should_fail, should_pass in proselint_examples:
        ruleset = _ruleset_for(tmp_path, module)
        for text in should_fail:
            if not lint_text(text, ruleset, segment_kind="body"):
                disagreements.append(f"{module}: missed {text!r}")
        for text in should_pass:
            if lint_text(text, ruleset, segment_kind="body"):
                disagreements.append(f"{module}: flagged {text!r}")
    assert disagreements == []
    assert len(proselint_examples) > 50


def test_positions_are_newslint_columns_after_a_line_separator():
    # proselint counts U+2028 as a line break; newslint, like editors and git, does not.
    text = "Kyiv talks\n\nA standfirst.\n\nOne\u2028line, and the the end.\n\nSource: News Agencies"
    findings = lint_text(text, "proselint", ["proselint.lexical-illusions"])
    assert [(f.line, f.column, f.match) for f in findings] == [(5, 15, "the the")]


def test_first_character_of_a_segment(tmp_path):
    findings = lint_text("But the the point stands.", "proselint", ["proselint.lexical-illusions"],
                         segment_kind="body")
    assert [(f.column, f.end_column) for f in findings] == [(5, 12)]


def test_empty_text_is_no_error():
    assert lint_text("", "proselint") == []


def test_unknown_check_path_names_the_ruleset_line(tmp_path, capsys):
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text("rules:\n  proselint.typo:\n    kind: proselint\n"
                       "    options: {checks: [typography.nonesuch]}\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Text.\n", encoding="utf-8")
    assert main(["check", "--ruleset", str(ruleset), str(article)]) == 2
    assert capsys.readouterr().err == (
        f"newslint: {ruleset}:2: rule 'proselint.typo': "
        "proselint has no check 'typography.nonesuch'\n"
    )


def test_select_a_family(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The long and winding road... Paris in the the springtime.\n",
                       encoding="utf-8")
    assert main(["check", "--ruleset", "proselint", "--select", "proselint.typography",
                 "--format", "json", str(article)]) == 1
    import json

    findings = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["column"], f["match"]) for f in findings] == [
        ("proselint.typography", 26, "...")]


def test_proselint_is_imported_only_when_a_proselint_rule_is_compiled(tmp_path):
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys; from newslint.config.ruleset import load_ruleset; "
            "load_ruleset(sys.argv[1]); print('proselint' in sys.modules)")

    def imports_proselint(ruleset: str) -> str:
        return subprocess.run([sys.executable, "-c", code, ruleset], capture_output=True,
                              text=True, check=True, env=env).stdout.strip()

    assert imports_proselint("ap") == "False"
    assert imports_proselint("house") == "True"  # compiled: the rule copies proselint's checks
    assert imports_proselint("house") == "False"  # from the cache


def test_a_new_proselint_install_compiles_the_rule_again(tmp_path):
    """The compiled rule holds copies of proselint's word lists, so the cache entry depends on
    proselint's installed files (their record), as on the ruleset's own files."""
    from newslint.files.cache import recording
    from newslint.rules import load_kind

    with recording() as files:
        load_kind("proselint")("proselint.x", "warning", ["body"], {
            "checks": ["nonwords"], "ignore_checks": [], "skip_names": False})
    assert any(f.endswith(".dist-info/RECORD") for f in files)


# --- checks.py: which proselint checks newslint adapts, and how -------------------------------

def _proselint_results(check, text):
    return [(r.span, r.message, r.replacements) for r in check.check_with_flags(text)]


def test_select_reads_proselint_paths():
    from newslint.rules.proselint.checks import all_checks, default_paths, select

    assert len(all_checks()) > 100
    assert [c.path for c in select(["typography.symbols"])] == [
        "typography.symbols.ellipsis", "typography.symbols.copyright",
        "typography.symbols.trademark", "typography.symbols.trademark",
        "typography.symbols.sentence_spacing", "typography.symbols.multiplication",
        "typography.symbols.curly_quotes"]
    assert [c.path for c in select(["typography"], ["typography.symbols",
                                                    "typography.punctuation"])] == [
        "typography.diacritical_marks"]
    # empty: proselint's defaults, which leave out its "restricted" family
    assert "restricted" not in default_paths()
    assert select([]) == tuple(c for c in all_checks() if not c.path.startswith("restricted."))
    with pytest.raises(LookupError, match="typo"):
        select(["typo"])  # a prefix of a path is no path
    with pytest.raises(LookupError, match="nonesuch"):
        select(["typography"], ["nonesuch"])


def test_every_check_is_adapted_as_data_but_four_written_as_code():
    """Each proselint check type has its plan; the checks written as functions run through
    proselint, except the uncomparables, whose data newslint reads from their module."""
    from proselint.registry.checks import types

    from newslint.rules.proselint import plans
    from newslint.rules.proselint.checks import all_checks, plan_for

    kinds = {types.Existence: plans.Existence, types.ExistenceSimple: plans.ExistenceSimple,
             types.PreferredForms: plans.PreferredForms,
             types.PreferredFormsSimple: plans.PreferredFormsSimple,
             types.Consistency: plans.Consistency, types.ReverseExistence: plans.ReverseExistence}
    functions = []
    for check in all_checks():
        plan = plan_for(check)
        assert (plan.path, plan.message) == (check.path, check.message)
        if check.path == "lexical_illusions":
            assert type(plan) is plans.RepeatedPhrases
        elif callable(check.check_type):
            functions.append((check.path, type(plan)))
        else:
            assert type(plan) is kinds[type(check.check_type)], check.path
    assert functions == [("misc.but", plans.FunctionCheck), ("misc.greylist", plans.FunctionCheck),
                         ("misc.waxed", plans.FunctionCheck), ("terms.venery", plans.FunctionCheck),
                         ("uncomparables", plans.Existence), ("uncomparables", plans.Existence)]


# One check of each plan: a sample text, and what the plan finds in it (as proselint does,
# but for lexical_illusions, whose "la la" in "la laïcité" newslint does not take).
PLAN_SAMPLES = [
    ("annotations.misc", "Existence", "FIXME: check the TODO list, todo or not.", [
        ((1, 6), "Annotation left in text.", None), ((18, 22), "Annotation left in text.", None),
        ((29, 33), "Annotation left in text.", None)]),
    ("cliches.hell", "ExistenceSimple", "Then all hell broke loose.", [
        ((6, 26), "Never use the phrase 'all hell broke loose'.", None)]),
    ("misc.back_formations", "PreferredFormsSimple", "It was improprietous.", [
        ((8, 21), "Back-formation. 'improper' is the preferred form.", "improper")]),
    ("spelling.consistency", "Consistency", "The centre, the center and the center.", [
        ((5, 11), "Inconsistent spelling of 'center' (vs. 'centre').", "center")]),
    # proselint's ReverseExistence starts its spans one character into the word
    ("restricted.elementary", "ReverseExistence", "The gigantic dog.", [
        ((6, 13), "'gigantic' is not a word kids learn in elementary school.", None)]),
    ("misc.but", "FunctionCheck", "But this is it.", [
        ((1, 4), "No paragraph should start with a 'But'.", None)]),
    ("lexical_illusions", "RepeatedPhrases", "Paris in the the springtime; la laïcité; had had.", [
        ((10, 17), "There's a lexical illusion in 'the the' - a phrase is repeated.", None)]),
]


@pytest.mark.parametrize(("path", "plan", "text", "expected"), PLAN_SAMPLES,
                         ids=[sample[0] for sample in PLAN_SAMPLES])
def test_what_each_plan_finds(path, plan, text, expected):
    from newslint.rules.proselint.checks import all_checks, plan_for

    padded = f"\n{text}\n"
    check = next(c for c in all_checks() if c.path == path)
    assert type(plan_for(check)).__name__ == plan
    assert list(plan_for(check).results(padded)) == expected
    if path != "lexical_illusions":
        assert _proselint_results(check, padded) == expected


def test_preferred_forms_find_what_proselint_finds():
    from newslint.rules.proselint.checks import all_checks, plan_for

    text = "\nThey did not pay attention to it.\n"
    expected = [((6, 30), "Try 'ignored' instead of 'did not pay attention to'.", "ignored")]
    checks = [c for c in all_checks() if c.path == "misc.composition"]
    assert [type(plan_for(c)).__name__ for c in checks] == ["PreferredFormsSimple",
                                                            "PreferredForms"]
    for check in checks:
        assert list(plan_for(check).results(text)) == expected
        assert _proselint_results(check, text) == expected


def test_a_ppm_threshold_reports_the_match_that_crosses_it():
    from newslint.rules.proselint.checks import all_checks, plan_for

    check = next(c for c in all_checks() if c.flags.ppm_threshold)
    plan = plan_for(check)
    assert plan.ppm_threshold == check.flags.ppm_threshold
    text = "\n" + "Wow! " * 400 + "\n"
    found = list(plan.results(text))
    assert len(found) == 1 and found[0][1].endswith(f"Surpassed {plan.ppm_threshold} ppm.")
    assert found == _proselint_results(check, text)


class _RecordingEngine:
    """Stands in for a check's engine: records the match sets a check type asks it for."""

    def __init__(self):
        self.sets = []

    def make_set(self, padding, patterns, anchor=0):
        from types import SimpleNamespace

        self.sets.append((padding, tuple(patterns), int(anchor)))
        return SimpleNamespace(finditer=lambda text: iter(()), exists_in=lambda text: False)


def test_the_uncomparables_data_is_what_proselints_functions_build():
    from proselint.checks import uncomparables

    from newslint.rules.proselint.checks import all_checks, uncomparables_existence

    for check in (uncomparables.check_uncomparables, uncomparables.check_fancy_uncomparables):
        engine = _RecordingEngine()
        check.check_type("Any text.", check._replace(engine=engine))
        built = uncomparables_existence(check)
        assert engine.sets == [(built.padding, built.items, 0),
                               (built.padding, built.exceptions, 2)]
        assert len(built.items) > 70
    assert [c.path for c in all_checks() if uncomparables_existence(c)] == ["uncomparables"] * 2


@pytest.mark.parametrize("text", [
    "It was the most unique, the LEAST possible, at most perfect, very unique, more perfect.",
    "mo\u017ft ideal; mo\u017ft\u00a0ideal; \u212aind of true; most  only; at least complete",
    "Nothing here but the most and the least.",
])
def test_uncomparables_find_what_proselint_finds(text):
    """The fancy uncomparables run only the pairs whose words the text holds; the fast ones
    pass the RE2 gate: the same findings."""
    from newslint.rules.proselint.checks import all_checks, plan_for

    padded = f"\n{text}\n"
    for check in all_checks():
        if check.path == "uncomparables":
            assert list(plan_for(check).results(padded)) == _proselint_results(check, padded)


@pytest.mark.parametrize("text", [
    "Irregardless, the Klu Klux Klan and KRUSCHEV met on Hallowe'en, longstanding foes.",
    "A Hallowe'ener, not-longstanding, haloweens: no whole word of the list.",
    "Nothing here but Halloween.",
])
def test_a_fancy_preferred_forms_set_finds_what_proselint_finds(text):
    """A fancy set of preferred forms runs only the items whose literals the text holds: the
    same findings as proselint's one alternation of all of them."""
    from newslint.rules.proselint.checks import all_checks, plan_for

    padded = f"\n{text}\n"
    (check,) = (c for c in all_checks() if c.path == "misc.preferred_forms"
                and type(plan_for(c)).__name__ == "PreferredFormsSimple")
    plan = plan_for(check)
    assert plan.engine.fancy and plan.item_literals
    assert list(plan.results(padded)) == _proselint_results(check, padded)


@pytest.mark.parametrize(("pattern", "fold", "runs"), [
    (r"(?<!at\s)\bleast\s+final\b", True, ("least", "final")),
    (r"Most\s+Final", False, ("Most", "Final")),
    (r"MOST\s+Final", True, ("most", "final")),
    (r"caf\u00e9\s+au lait", True, ("caf", "au lait")),  # letters outside ASCII fold otherwise
    (r"(?:least|most)\s+(final)", True, ()),  # inside groups: not every match holds them
    (r"a+b?c", False, ("c",)),
    (r"(?i)most final", False, ()),  # an inline flag: the text would need folding
    (r"unclosed(", True, ()),
])
def test_literal_runs(pattern, fold, runs):
    from newslint.rules.proselint.plans import literal_runs

    assert literal_runs(pattern, fold) == runs


@pytest.mark.slow
def test_every_check_finds_what_proselint_finds(proselint_examples):
    """newslint runs proselint's checks from copies of their data: the same spans, messages
    and replacements as proselint's own run, for every check on every example text."""
    from newslint.rules.proselint.checks import all_checks, plan_for

    texts = [f"\n{text}\n" for _, fail, good in proselint_examples for text in (*fail, *good)]
    texts += [f"\n{path.read_text(encoding='utf-8')}\n"
              for path in sorted((FIXTURES / "articles").glob("*.txt"))]
    differences = [
        (check.path, text[:60]) for check in all_checks() for text in texts
        if list(plan_for(check).results(text)) != _proselint_results(check, text)
    ]
    assert differences == []


@pytest.mark.parametrize("text", [
    "The centre, the center and the center; an adviser and two advisors; analyse it.",
    "The centre and the centre, analyse, advisers.",  # each pair lacks a term
    "The center. The centre.",  # a tie
    "Nothing to compare.",
])
def test_consistency_reads_only_the_pairs_whose_terms_both_occur(text, monkeypatch):
    """A pair with a term missing finds nothing: one RE2 pass over the terms picks the pairs
    to read; the findings are proselint's, also when RE2 gives up and every pair is read."""
    from newslint.rules.proselint.checks import all_checks, plan_for
    from newslint.rules.proselint.plans import Engine

    padded = f"\n{text}\n"
    (check,) = (c for c in all_checks() if c.path == "spelling.consistency")
    expected = _proselint_results(check, padded)
    assert list(plan_for(check).results(padded)) == expected
    monkeypatch.setattr(Engine, "set_match", lambda self, patterns, text: None)
    assert list(plan_for(check).results(padded)) == expected


def test_plans_pickle_without_proselint(tmp_path):
    """A compiled rule's plans load from the cache in a process that never imports proselint."""
    import pickle

    from newslint.rules.proselint.checks import all_checks, plan_for

    plans = [plan_for(c) for c in all_checks() if not callable(c.check_type)]
    text = "\nParis in the the springtime... It was very unique, irregardless.\n"
    found = [result for plan in plans for result in plan.results(text)]
    path = tmp_path / "plans.pickle"
    path.write_bytes(pickle.dumps((plans, text)))
    code = ("import pickle, sys; plans, text = pickle.loads(open(sys.argv[1], 'rb').read()); "
            "print(repr([r for p in plans for r in p.results(text)]), 'proselint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         check=True).stdout
    assert len(found) > 3
    assert out == f"{found!r} False\n"


# --- search.py: repeated phrases and word boundaries -----------------------------------------

ILLUSIONS = [
    "Paris in the the springtime.",
    "It is what it is what it is.",  # a phrase of several words, repeated
    "the the the the, and and.",
    "The\n\nthe paragraph after.",
    "We had had enough; that that was so.",  # proselint's exceptions
    "In 2004 4 people; 11 1; x_a a; 5m m; 4 4.",  # no match starts inside a word
    "Café é; ΑΣ ας; ΑΣ ασ; İ i; İi i; Kelvin \u212a k; ſ s.",  # pairs equal under IGNORECASE
    "theory the; the theory; the the1; the thé; the-the the; la laïcité; la la laïcité",
    "one two three four one two three four five",
    "a b c d e a; a b c d a b c d",
    "it’s s; don’t t; end. End; (the the)",
    "  spaced   out   out \u00a0 out\u2028out",
    # Latin-1 letters whose other case is outside Latin-1 (ÿ Ÿ, µ Μ), and ß
    ("\u00ff \u0178; \u00b5 \u039c \u03bc; stra\u00dfe STRASSE stra\u00dfe; \u00a3 \u00a3; "
     "na\u00efve NA\u00cfVE"),
    "the the\u2019s; caf\u00e9 \u00e9t\u00e9 \u00e9t\u00e9",  # beyond Latin-1
    "to fall to fall2; a b c a b c d; a b c d a b c d; of the of thé",
    # Long words, read once each
    "1" * 70 + " " + "1" * 70 + " " + "1" * 80,
    "x" + "1" * 70 + " " + "1" * 30 + "a; " + "_a" * 40 + " " + "a_" * 40,
    "ab" + "9" * 80 + " q " + "9" * 20 + " r " + "9" * 30 + " " + "9" * 20,
    "é" * 70 + " " + "É" * 70 + "s; " + "A" * 66 + " " + "a" * 66 + "_1",
    "q" + "1" * 66 + "_ab c d ab c d; " + "9" * 66 + "_x y z w x y z w.",
]


def _assert_repeated_phrases_match(text):
    from newslint.rules.proselint.search import REPEATED_PHRASE, repeated_phrases

    for flags in (re.IGNORECASE, 0):
        pattern = re.compile(REPEATED_PHRASE, flags)
        for padded in (text, f"\n{text}\n", text * 3):
            expected = [m.span() for m in pattern.finditer(padded)]
            assert [m.span() for m in repeated_phrases(padded, flags)] == expected


@pytest.mark.parametrize("text", ILLUSIONS)
def test_repeated_phrases_are_the_patterns_matches(text):
    """The repeated-phrase pattern runs only where a repeat can start; the matches are the
    pattern's own, everywhere, in any script, with or without IGNORECASE."""
    _assert_repeated_phrases_match(text)


def test_repeated_phrases_in_latin1_and_other_scripts():
    from newslint.rules.proselint.search import repeated_phrases

    text = ("\u00ff \u0178 and na\u00efve NA\u00cfVE, ΑΣ ασ, ΑΣ ας, la laïcité, the thé, 2004 4, "
            "é é.")
    assert [m.group(0) for m in repeated_phrases(text)] == [
        "\u00ff \u0178", "na\u00efve NA\u00cfVE", "ΑΣ ασ", "é é"]


# Words that repeat, their cases and their lookalikes under IGNORECASE, characters inside a
# word (digits, underscores, letters outside ASCII), and every kind of character between words.
# Pieces join without spaces too, into words of any length.
_ILLUSION_PIECES = ["the", "The", "THE", "he", "a", "A", "ab", "b", " ", " ", " ", "  ", "\n",
                    "\n\n", "\t", "\u00a0", "\u2028", ".", ",", "'", "-", "\u2019", "1", "12",
                    "_", "\u00e9", "\u00c9", "\u0130", "i", "\u212a", "k", "\u017f", "s", "\u03a3",
                    "\u03c3", "\u03c2", "\u00ff", "\u0178", "1" * 66, "a" * 65, "_a" * 33]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ILLUSION_PIECES), max_size=24).map("".join))
def test_repeated_phrases_are_the_patterns_matches_on_any_text(text):
    _assert_repeated_phrases_match(text)


@pytest.mark.parametrize(("text", "on_purpose"), [
    ("Paris in the the springtime.", False),
    ("Tigers to back to back wins.", True),
    ("On and on and on.", True),
    ("Games got more and more and more complex.", True),
    ("Simon McBurney for Measure for Measure.", True),
    ("Better and better and better.", True),
    ("The deficit to fall to fall.", False),
    ("Senior law lord Lord Bingham.", True),
    ("He wrote in the The Times.", False),  # a function word before a name is still a slip
    ("Call 0845 8 505 505 now.", True),
    ("The storm hit 4 4 cities.", False),
])
def test_written_on_purpose(text, on_purpose):
    from newslint.rules.proselint.search import repeated_phrases, written_on_purpose

    found = list(repeated_phrases(text))
    assert len(found) == 1
    assert written_on_purpose(found[0]) is on_purpose


@pytest.mark.parametrize(("text", "span", "inside"), [
    ("A cafeína é boa.", (2, 6), True),  # "cafe" ends before "í"
    ("La laïcité.", (3, 5), True),  # "la" ends before "ï"
    ("Dieu se află în silențios.", (21, 24), True),  # "ios" starts after "ț"
    ("The cafe was new.", (4, 8), False),
    ("The café was new.", (4, 8), False),  # the whole word, accent and all
    ("x_cafe", (2, 6), False),  # between ASCII word characters proselint's matching stands
    ("cafe", (0, 4), False),
])
def test_inside_a_word(text, span, inside):
    from newslint.rules.proselint.search import inside_a_word

    assert inside_a_word(text, *span) is inside


@pytest.mark.parametrize(("pattern", "led"), [
    (r"(?<![A-Za-z'-])(?:ne)(?![A-Za-z'-])", r"(?=[n])(?<![A-Za-z'-])(?:ne)(?![A-Za-z'-])"),
    (r"\bvery(?! well)\b", r"(?=[v])\bvery(?! well)\b"),
    (r"(?:(?<!at\s)\bleast\s+final\b|(?<!at\s)\bmost\s+only\b)",
     r"(?=[lm])(?:(?<!at\s)\bleast\s+final\b|(?<!at\s)\bmost\s+only\b)"),
    (r"\b(a)\1\]", r"(?=[a])\b(a)\1\]"),  # groups keep their numbers
    (r"\b\]-", r"(?=[\]])\b\]-"),
    ("plain", "plain"),  # re skips to a first literal itself
    (r"\bx?y", r"\bx?y"),  # any first character that is not one literal: as it is
    (r"\b[ab]c", r"\b[ab]c"),
    (r"\b(?:a|b?)c", r"\b(?:a|b?)c"),
    (r"\b(?i:x)", r"\b(?i:x)"),  # its own flags
    (r"(?i)\bx", r"(?i)\bx"),  # global flags come first
    (r"\b(", r"\b("),
])
def test_led_by_first_characters(pattern, led):
    from newslint.rules.proselint.search import led_by_first_characters

    assert led_by_first_characters(pattern, re.IGNORECASE) == led


_LED_PATTERNS = [r"(?<![A-Za-z'-])(?:ne|née|Ke)(?![A-Za-z'-])", r"\bvery(?! well)\b",
                 r"(?:(?<!at\s)\bleast\s+ideal\b|(?<!at\s)\bmost\s+σ\b|(?<!at\s)\bmost\s+is\b)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ne", "NE", "n\u00e9e", "N\u00c9E", "\u212ae", "ke", "very",
                                 "VERY", " well", "least", "LEAST", "most", "ideal", "\u03a3",
                                 "\u03c2", "\u0130s", "\u0131s", "is", "at", " ", "  ", "-", "'",
                                 "x", "\n"]), max_size=16).map("".join))
def test_a_pattern_led_by_its_first_characters_finds_the_same_matches(text):
    from newslint.rules.proselint.search import led_by_first_characters

    for pattern in _LED_PATTERNS:
        for flags in (re.IGNORECASE, 0):
            led = led_by_first_characters(pattern, flags)
            assert led != pattern
            assert ([(m.span(), m.groups()) for m in re.finditer(led, text, flags)]
                    == [(m.span(), m.groups()) for m in re.finditer(pattern, text, flags)])


def test_lexical_illusions_found_in_an_article():
    text = ("Kyiv talks\n\nA standfirst.\n\nTalks in in 2004, 4 4 cities, and and then.\n\n"
            "Source: AP")
    findings = lint_text(text, "proselint", ["proselint.lexical-illusions"])
    assert [(f.line, f.column, f.match) for f in findings] == [
        (5, 7, "in in"), (5, 19, "4 4"), (5, 31, "and and")]


def test_a_repeated_phrase_is_whole_words_in_any_script():
    # proselint bounds the phrase by ASCII letters: "la laïcité" read as "la la", 21 of 22 of
    # its findings on web pages; "2004 4" as "4 4".
    text = ("Kyiv talks\n\nA standfirst.\n\nLa laïcité, la la laïcité, în 2004 4 orașe, "
            "Ελλάδα δα, that that’s it.\n\nSource: AP")
    findings = lint_text(text, "proselint", ["proselint.lexical-illusions"])
    assert [(f.line, f.column, f.match) for f in findings] == [(5, 13, "la la")]


def test_no_finding_runs_from_one_segment_into_the_next():
    text = ("Asian quake hits European shares\n\nShares fell.\n\nShares fell in the the morning."
            "\n\nSource: AP")
    findings = lint_text(text, "proselint", ["proselint.lexical-illusions"])
    assert [(f.line, f.column, f.match) for f in findings] == [(5, 16, "the the")]


def test_a_word_padded_check_never_matches_inside_a_word_of_another_script():
    # proselint's fast checks run on RE2, whose \b knows ASCII letters only: "cafe" in the
    # Portuguese "cafeína" was a whole word to it.
    for text, expected in (("A cafeína é um estimulante.", []),
                           ("A cafeína é um estimulante. The cafe was new.", [(5, 33, "cafe")])):
        article = f"Kyiv talks\n\nA standfirst.\n\n{text}\n\nSource: AP"
        findings = lint_text(article, "proselint", ["proselint.typography"])
        assert [(f.line, f.column, f.match) for f in findings
                if "diacritical" in f.message] == expected


# --- plans.Gate: one RE2 pass says which checks can find anything ----------------------------

def _findings(ruleset, texts):
    from helpers import document_for

    from newslint.engine import lint

    return [[(f.rule, f.start, f.end, f.message) for f in lint(document_for(t), ruleset)]
            for t in texts]


GATE_TEXTS = [
    "Kyiv talks\n\nIrregardless of the the weather, alot of people came.\n\nSource: AP",
    ("Headline\n\nA standfirst with a very unique idea.\n\nThe item was more unique... (c) 2004."
     "\n\nIt was the least possible outcome, for all intensive purposes.\n\nSource: AP"),
    "Plain words\n\nNothing at all to see here.\n\nSource: AP",
]


def test_gates_skip_only_checks_that_cannot_find_anything(monkeypatch):
    from newslint.config.ruleset import load_ruleset
    from newslint.rules.proselint.plans import Engine

    ruleset = load_ruleset("proselint")
    texts = GATE_TEXTS + [p.read_text(encoding="utf-8")
                          for p in sorted((FIXTURES / "articles").glob("*.txt"))]
    gated = _findings(ruleset, texts)
    assert any(gated) and any(gate.excluded("\nNothing to see.\n")
                              for rule in ruleset.rules for gate in rule._gates)
    for rule in ruleset.rules:
        monkeypatch.setattr(rule, "_gates", ())
    assert _findings(ruleset, texts) == gated
    monkeypatch.undo()
    # RE2 giving up (no answer, so not even the empty pattern) lets every check run
    monkeypatch.setattr(Engine, "set_match", lambda self, patterns, text: None)
    assert _findings(ruleset, texts) == gated


def test_a_gate_re2_will_not_build_lets_every_check_run(monkeypatch):
    import re2

    from newslint.rules.proselint.plans import Engine, Gate

    def refuse(self, patterns, text):
        raise re2.error("failed to compile Set")

    members = [(0, (r"\bfirst\b",)), (3, ("second", "third"))]
    assert Gate(Engine(fancy=False), members).excluded("The third.") == {0}
    gate = Gate(Engine(fancy=False), members)
    monkeypatch.setattr(Engine, "set_match", refuse)
    assert gate.excluded("The third.") == frozenset()
    monkeypatch.undo()
    assert gate.excluded("The third.") == frozenset()  # not asked again
