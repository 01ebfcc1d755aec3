"""The shared data files: every group sourced, no variant twice, no variant that is right."""

from collections import Counter

from newslint.matcher import fold
from newslint.ruledata import load_dictionary, load_pairs
from newslint.ruleset import bundled_dir


def test_names_dictionary_is_sourced_and_consistent():
    groups = load_dictionary(bundled_dir() / "names.yaml")
    entries = [e for _, group in groups.values() for e in group]
    assert len({e.preferred for e in entries}) >= 150
    assert all(source.strip() for source, _ in groups.values())
    variants = Counter(fold(e.variant) for e in entries)
    assert [v for v, n in variants.items() if n > 1] == []
    preferred = {fold(e.preferred) for e in entries}
    assert sorted(set(variants) & preferred) == []
    assert {e.preferred for e in groups["context-dependent"][1]} == {"Turkiye", "Myanmar"}


def test_spelling_pairs_never_cross():
    british = {e.preferred for e in load_pairs(bundled_dir() / "spelling.yaml", "first")}
    american = {e.variant for e in load_pairs(bundled_dir() / "spelling.yaml", "first")}
    assert len(british) >= 400
    assert british.isdisjoint(american)
