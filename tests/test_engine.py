"""The engine: segment by segment, each rule only where the one pass over the segment lets it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newslint.analysis.matcher import TermMatcher, index_rules
from newslint.analysis.prefilter import required_literals
from newslint.config.ruleset import Ruleset, load_ruleset
from newslint.document import SEGMENT_KINDS
from newslint.engine import lint
from newslint.errors import NewslintError
from newslint.findings import Violation
from newslint.readers import format_for, read
from newslint.rules import Rule

ROOT = Path(__file__).resolve().parent.parent


class _Seen(Rule):
    """Test rule: reports each segment it is run on, whole; gated by ``triggers``."""

    kind = "test-seen"

    def __init__(self, rule_id, triggers):
        self._triggers = triggers
        super().__init__(rule_id, "warning", SEGMENT_KINDS, {})

    def triggers(self):
        return self._triggers

    def check_segment(self, segment, document):
        yield Violation(segment, 0, len(segment.text), "seen")


def _seen(rules, text: str) -> dict[str, list[str]]:
    """The paragraphs each rule ran on, linting ``text`` (paragraphs apart by blank lines)."""
    index_rules(rules)
    document = read(text.encode("utf-8"), "story.txt", "txt")
    found: dict[str, list[str]] = {rule.id: [] for rule in rules}
    for finding in lint(document, Ruleset("test", None, rules)):
        found[finding.rule].append(finding.match)
    return found


STORY = ("Talks went on.\n\n"
         "The report is EMBARGOED until noon.\n\n"
         "Über alles: nothing to see.\n\n"
         "Officials in Kiev said so.\n\n"
         "Mr X left.\n")


def test_a_rule_gated_by_literals_runs_only_where_one_is_or_the_text_is_not_ascii():
    """In text other than ASCII a lower-cased literal may be missed ("ß" folds to "ss"), so
    there the rule runs and its patterns' own prefilter decides."""
    embargo = _Seen("test.embargo", (required_literals(r"\bEMBARGO", re.IGNORECASE),))
    assert _seen([embargo], STORY) == {"test.embargo": [
        "The report is EMBARGOED until noon.", "Über alles: nothing to see."]}


def test_a_case_sensitive_literal_gates_by_its_lower_case():
    """The pass reads lower-cased text: "mr" lets the rule run on "Mr", and on "mr" too (the
    rule's own pattern then finds nothing there)."""
    courtesy = _Seen("test.courtesy", (required_literals(r"Mr(?= )"),))
    assert _seen([courtesy], STORY + "\nsummrs.\n") == {"test.courtesy": [
        "Über alles: nothing to see.", "Mr X left.", "summrs."]}


def test_a_rule_gated_by_a_matcher_runs_only_where_a_term_is_in_any_script():
    names = _Seen("test.names", (TermMatcher({"Kiev": "Kyiv"}),))
    assert _seen([names], STORY) == {"test.names": ["Officials in Kiev said so."]}


def test_the_pass_finds_every_occurrence_by_code_point_and_survives_pickling():
    """Every key at every place it ends, overlapping keys and keys inside keys included, at
    code-point offsets past an astral character; a pickled automaton (the compiled-rules
    cache) finds the same; an empty key finds nothing."""
    import pickle

    from newslint.analysis.matcher import Automaton

    automaton = Automaton([("ab", 1), ("b", 2), ("abc", 3), ("😀x", 4), ("x", 5), ("", 6)])
    text = "😀xabc ababc"
    found = [(1, 4), (1, 5), (3, 1), (3, 2), (4, 3), (7, 1), (7, 2), (9, 1), (9, 2), (10, 3)]
    assert sorted(automaton.iter(text)) == sorted(found)
    assert sorted(pickle.loads(pickle.dumps(automaton)).iter(text)) == sorted(found)
    assert automaton.iter("") == [] and Automaton([]).iter("abc") == []
    # A lone surrogate (a YAML "\ud800" escape), which Rust's strings cannot hold: the text
    # around it is searched, and a key holding one is found too.
    with_surrogate = Automaton([("ab", 1), ("b\ud800", 2)])
    assert sorted(with_surrogate.iter("ab\ud800ab")) == [(1, 1), (2, 2), (4, 1)]
    assert sorted(pickle.loads(pickle.dumps(with_surrogate)).iter("ab\ud800ab")) == [
        (1, 1), (2, 2), (4, 1)]


def test_a_one_character_literal_gates_nothing_and_no_triggers_run_everywhere():
    dot = _Seen("test.dot", (required_literals(r"X\b"), required_literals(r"\.")))
    everywhere = _Seen("test.everywhere", None)
    nowhere = _Seen("test.nowhere", ())
    paragraphs = STORY.split("\n\n")
    assert _seen([dot, everywhere, nowhere], STORY) == {
        "test.dot": [p.strip() for p in paragraphs],
        "test.everywhere": [p.strip() for p in paragraphs],
        "test.nowhere": []}


def _sample_documents():
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.is_file() and path.suffix in {".txt", ".md", ".html", ".xml"}:
            try:
                yield read(path.read_bytes(), str(path), format_for(str(path)) or "txt")
            except NewslintError:  # a fixture of an error: nothing to lint
                continue
    for path in sorted((ROOT / "tests" / "rule_cases").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        yield read(text.encode("utf-8"), "case.txt", "txt")
        for line in text.splitlines():
            yield read(line.strip().encode("utf-8"), "case.txt", "txt")


@pytest.mark.parametrize("name", ["house", "ap", "proselint", "wire-delivery"])
def test_no_bundled_rule_is_gated_off_a_segment_it_reports_in(name):
    rules = [rule for rule in load_ruleset(name).rules
             if rule.index is not None and rule in rule.index.gated]
    assert rules or name == "proselint"
    reported = 0
    for document in _sample_documents():
        for segment in document.segments:
            for rule in rules:
                if segment.kind in rule.segments and list(rule.check_segment(segment, document)):
                    reported += 1
                    assert rule in segment.analysis.scan(rule.index).triggered, (
                        rule.id, segment.text)
    assert reported > 20 or name == "proselint"


class _FailsOnKiev(_Seen):
    """Test rule: reports each paragraph, and raises on the one that names Kiev."""

    def check_segment(self, segment, document):
        yield Violation(segment, 0, len(segment.text), "seen")
        if "Kiev" in segment.text:
            raise KeyError("boom")


def test_with_a_rule_error_handler_a_rule_that_raises_reports_nothing_and_the_others_do():
    rules = [_FailsOnKiev("test.fails", None), _Seen("test.seen", None)]
    index_rules(rules)
    document = read(STORY.encode("utf-8"), "story.txt", "txt")
    told = []
    findings = lint(document, Ruleset("test", None, rules),
                    on_rule_error=lambda rule, error, trace: told.append((rule.id, repr(error))))
    assert told == [("test.fails", "KeyError('boom')")]  # once, though it would run again
    assert {finding.rule for finding in findings} == {"test.seen"}
    assert len(findings) == 5
    with pytest.raises(KeyError):  # check: a rule's bug is the run's (exit 3)
        lint(document, Ruleset("test", None, rules))
