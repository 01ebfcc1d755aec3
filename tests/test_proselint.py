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
        f"newslint: {ruleset}:2: rule 'proselint.typo': proselint has no check 'typography.nonesuch'\n"
    )


def test_select_a_family(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The long and winding road... Paris in the the springtime.\n", encoding="utf-8")
    assert main(["check", "--ruleset", "proselint", "--select", "proselint.typography",
                 "--format", "json", str(article)]) == 1
    import json

    findings = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["column"], f["match"]) for f in findings] == [
        ("proselint.typography", 26, "...")]


def test_proselint_is_imported_only_when_a_proselint_rule_is_compiled(tmp_path):
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys; from newslint.ruleset import load_ruleset; load_ruleset(sys.argv[1]); "
            "print('proselint' in sys.modules)")

    def imports_proselint(ruleset: str) -> str:
        return subprocess.run([sys.executable, "-c", code, ruleset], capture_output=True,
                              text=True, check=True, env=env).stdout.strip()

    assert imports_proselint("ap") == "False"
    assert imports_proselint("house") == "True"  # compiled: the rule copies proselint's checks
    assert imports_proselint("house") == "False"  # from the cache


def test_a_new_proselint_install_compiles_the_rule_again(tmp_path):
    """The compiled rule holds copies of proselint's word lists, so the cache entry depends on
    proselint's installed files (their record), as on the ruleset's own files."""
    from newslint.cache import recording
    from newslint.rules import load_kind

    with recording() as files:
        load_kind("proselint")("proselint.x", "warning", ["body"], {
            "checks": ["nonwords"], "ignore_checks": [], "skip_names": False})
    assert any(f.endswith(".dist-info/RECORD") for f in files)


def _proselint_results(check, text):
    return [(r.span, r.message, r.replacements) for r in check.check_with_flags(text)]


@pytest.mark.slow
def test_every_check_finds_what_proselint_finds(proselint_examples):
    """newslint runs proselint's checks from copies of their data: the same spans, messages
    and replacements as proselint's own run, for every check on every example text."""
    from newslint.rules.proselint import all_checks, plan_for

    texts = [f"\n{text}\n" for _, fail, good in proselint_examples for text in (*fail, *good)]
    texts += [f"\n{path.read_text(encoding='utf-8')}\n"
              for path in sorted((FIXTURES / "articles").glob("*.txt"))]
    differences = [
        (check.path, text[:60]) for check in all_checks() for text in texts
        if list(plan_for(check).results(text)) != _proselint_results(check, text)
    ]
    assert differences == []
    assert len(all_checks()) > 100


ILLUSIONS = [
    "Paris in the the springtime.",
    "It is what it is what it is.",  # a phrase of several words, repeated
    "the the the the, and and.",
    "The\n\nthe paragraph after.",
    "We had had enough; that that was so.",  # proselint's exceptions
    "In 2004 4 people; 11 1; x_a a; 5m m; 4 4.",  # no match starts inside a word
    "Café é; ΑΣ ας; ΑΣ ασ; İ i; İi i; Kelvin \u212a k; ſ s.",  # simple-lowercase pairs
    "theory the; the theory; the the1; the thé; the-the the; la laïcité; la la laïcité",
    "one two three four one two three four five",
    "a b c d e a; a b c d a b c d",
    "it’s s; don’t t; end. End; (the the)",
    "  spaced   out   out \u00a0 out\u2028out",
    "the the\u2019s; caf\u00e9 \u00e9t\u00e9 \u00e9t\u00e9",  # beyond Latin-1: searched as a str
    "to fall to fall2; a b c a b c d; a b c d a b c d; of the of thé",
    # Long words, read once each
    "1" * 70 + " " + "1" * 70 + " " + "1" * 80,
    "x" + "1" * 70 + " " + "1" * 30 + "a; " + "_a" * 40 + " " + "a_" * 40,
    "ab" + "9" * 80 + " q " + "9" * 20 + " r " + "9" * 30 + " " + "9" * 20,
    "é" * 70 + " " + "É" * 70 + "s; " + "A" * 66 + " " + "a" * 66 + "_1",
    "q" + "1" * 66 + "_ab c d ab c d; " + "9" * 66 + "_x y z w x y z w.",
]


def _assert_illusions_match(text):
    from newslint.rules.proselint import WORD_ILLUSION, _illusions

    pattern = re.compile(WORD_ILLUSION, re.IGNORECASE)
    for padded in (text, f"\n{text}\n", text * 3):
        expected = [m.span() for m in pattern.finditer(padded)]
        assert [m.span() for m in _illusions(pattern, padded)] == expected


@pytest.mark.parametrize("text", ILLUSIONS)
def test_lexical_illusions_match_proselints_pattern(text):
    """The repeated-phrase check runs its pattern only where a repeat can start; the matches
    are the pattern's own, everywhere."""
    _assert_illusions_match(text)


# Words that repeat, their cases and their lookalikes under IGNORECASE, characters inside a
# word (digits, underscores, letters outside ASCII), and every kind of character between words.
# Pieces join without spaces too, into words of any length.
_ILLUSION_PIECES = ["the", "The", "THE", "he", "a", "A", "ab", "b", " ", " ", " ", "  ", "\n",
                    "\n\n", "\t", "\u00a0", "\u2028", ".", ",", "'", "-", "\u2019", "1", "12",
                    "_", "\u00e9", "\u00c9", "\u0130", "i", "\u212a", "k", "\u017f", "s", "\u03a3",
                    "\u03c3", "\u03c2", "1" * 66, "a" * 65, "_a" * 33]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ILLUSION_PIECES), max_size=24).map("".join))
def test_lexical_illusions_match_proselints_pattern_on_any_text(text):
    _assert_illusions_match(text)


def test_lexical_illusions_found_in_an_article():
    text = "Kyiv talks\n\nA standfirst.\n\nTalks in in 2004, 4 4 cities, and and then.\n\nSource: AP"
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
    text = "Asian quake hits European shares\n\nShares fell.\n\nShares fell in the the morning.\n\nSource: AP"
    findings = lint_text(text, "proselint", ["proselint.lexical-illusions"])
    assert [(f.line, f.column, f.match) for f in findings] == [(5, 16, "the the")]


def _findings(ruleset, texts):
    from helpers import document_for

    from newslint.engine import lint

    return [[(f.rule, f.start, f.end, f.message) for f in lint(document_for(t), ruleset)]
            for t in texts]


GATE_TEXTS = [
    "Kyiv talks\n\nIrregardless of the the weather, alot of people came.\n\nSource: AP",
    "Headline\n\nA standfirst with a very unique idea.\n\nThe item was more unique... (c) 2004."
    "\n\nIt was the least possible outcome, for all intensive purposes.\n\nSource: AP",
    "Plain words\n\nNothing at all to see here.\n\nSource: AP",
]


def test_gates_skip_only_checks_that_cannot_find_anything(monkeypatch):
    from newslint.rules.proselint import _Engine
    from newslint.ruleset import load_ruleset

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
    monkeypatch.setattr(_Engine, "set_match", lambda self, patterns, text: None)
    assert _findings(ruleset, texts) == gated


def test_function_checks_that_only_run_one_check_type_compile_to_data():
    from newslint.rules.proselint import _Existence, _Function, all_checks, plan_for

    plans = {}
    for check in all_checks():
        if callable(check.check_type):
            plans.setdefault(check.path, []).append(type(plan_for(check)))
    assert plans["uncomparables"] == [_Existence, _Existence]
    # A guard before building (waxed, venery), several checks built (greylist), none (but)
    for path in ("misc.waxed", "terms.venery", "misc.greylist", "misc.but"):
        assert plans[path] == [_Function]


def test_a_function_check_whose_patterns_follow_the_text_stays_a_function():
    from proselint.registry.checks import Check, types

    from newslint.rules.proselint import _data_built_by

    namespace = {"types": types}
    exec("def by_text(text, check):\n"
         "    return types.Existence(items=(text.strip() or 'x',)).check(text, check)\n",
         namespace)
    check = Check(check_type=namespace["by_text"], path="test.by_text", message="{}")
    assert _data_built_by(check) is None
    assert namespace["types"] is types  # the recordings are gone again


@pytest.mark.parametrize("text", [
    "It was the most unique, the LEAST possible, at most perfect.",
    "mo\u017ft ideal; mo\u017ft\u00a0ideal; \u212aind of true; most  only; at least complete",
    "Nothing here but the most and the least.",
])
def test_fancy_uncomparables_run_from_the_items_that_can_match_find_what_proselint_finds(text):
    from newslint.rules.proselint import all_checks, plan_for

    padded = f"\n{text}\n"
    for check in all_checks():
        if check.path == "uncomparables":
            assert list(plan_for(check).results(padded)) == _proselint_results(check, padded)


def test_a_word_padded_check_never_matches_inside_a_word_of_another_script():
    # proselint's fast checks run on RE2, whose \b knows ASCII letters only: "cafe" in the
    # Portuguese "cafeína" was a whole word to it.
    for text, expected in (("A cafeína é um estimulante.", []),
                           ("A cafeína é um estimulante. The cafe was new.", [(5, 33, "cafe")])):
        article = f"Kyiv talks\n\nA standfirst.\n\n{text}\n\nSource: AP"
        findings = lint_text(article, "proselint", ["proselint.typography"])
        assert [(f.line, f.column, f.match) for f in findings
                if "diacritical" in f.message] == expected
