"""Meta-tests: every rule is documented with examples that run, and has its cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import lint_text

from newslint.config.ruleset import bundled_names, load_ruleset
from newslint.readers import FORMATS
from newslint.rules import kind_names, load_kind
from newslint.rulesdoc import explain_text

CASES = Path(__file__).parent / "rule_cases"
EXAMPLE = re.compile(r"^(?P<which>Bad|Good)(?: \((?P<segment>[a-z]+)\))?: (?P<text>.+)$",
                     re.MULTILINE)
RULESETS = {name: load_ruleset(name) for name in bundled_names()}
ALL_RULES = [(name, rule) for name, ruleset in RULESETS.items() for rule in ruleset.rules]


def _examples(kind_class):
    return {m["which"]: (m["text"], m["segment"])
            for m in EXAMPLE.finditer(kind_class.__doc__ or "")}


@pytest.mark.parametrize("kind", kind_names())
def test_kind_is_documented_with_examples(kind):
    rule_class = load_kind(kind)
    doc = rule_class.__doc__ or ""
    assert doc.strip().splitlines()[0].strip(), "first line: what the rule checks"
    assert "Why:" in doc
    assert "Fix safety:" in doc, "what its fixes may change unread, what needs judgement, and why"
    assert set(_examples(rule_class)) == {"Bad", "Good"}
    for name, option in rule_class.options.items():
        assert option.doc, f"option {name} has no documentation"


@pytest.mark.parametrize("kind", kind_names())
def test_kind_examples_run(kind):
    """The Bad example fails and the Good one passes, as pycodestyle's docstrings do."""
    examples = _examples(load_kind(kind))
    using = [(name, r) for name, r in ALL_RULES if r.kind == kind]
    assert using, f"no bundled ruleset uses kind {kind}"
    house = [r.id for name, r in using if name == "house"] or [r.id for _, r in using]
    ruleset = "house" if any(name == "house" for name, _ in using) else using[0][0]
    bad_text, bad_place = examples["Bad"]
    good_text, good_place = examples["Good"]
    assert _lint_example(bad_text, bad_place, ruleset, house), "Bad example passes"
    assert _lint_example(good_text, good_place, ruleset, house) == [], "Good example fails"


def _lint_example(text, place, ruleset, rules):
    """``Bad (body): …`` is one segment of that kind; ``Bad (nitf): …`` a file of that format."""
    if place in FORMATS:
        return lint_text(text, ruleset, rules, fmt=place)
    return lint_text(text, ruleset, rules, segment_kind=place)


@pytest.mark.parametrize(("ruleset", "rule"), ALL_RULES, ids=[f"{n}/{r.id}" for n, r in ALL_RULES])
def test_rule_has_cases(ruleset, rule):
    path = CASES / ruleset / f"{rule.id}.yaml"
    assert path.is_file(), f"missing {path.relative_to(CASES.parent.parent)}"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    assert any(c.get("expect") for c in cases), "no failing case"
    assert any(not c.get("expect") for c in cases), "no passing case"
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names repeat"
    # `newslint rules` says which rules fix: a rule listed as fixable shows a fix in its cases,
    # and one listed as not fixable never does (the case runner fails on an unshown fix).
    if rule.kind == "proselint":
        return  # whether it fixes is up to proselint's checks, which give replacements or not
    if rule.can_fix:
        assert any("fix" in c for c in cases), "listed as fixable, but no case shows a fix"
    else:
        assert not any("fix" in c for c in cases), "a case shows a fix the listing denies"


@pytest.mark.parametrize(("ruleset", "rule"), ALL_RULES, ids=[f"{n}/{r.id}" for n, r in ALL_RULES])
def test_rule_id_names_the_problem(ruleset, rule):
    family, _, name = rule.id.partition(".")
    assert re.fullmatch(r"[a-z]+", family) and name
    assert not name.startswith(("avoid-", "use-", "prefer-", "no-")), "name the problem, not advice"
    assert rule.description, "a one-line description for `newslint rules`"
    assert rule.id in explain_text(rule) and "Bad" in explain_text(rule)


def test_case_files_name_real_rules():
    for path in CASES.glob("*/*.yaml"):
        assert path.parent.name in RULESETS, path
        assert RULESETS[path.parent.name].rule(path.stem) is not None, f"{path}: no such rule"
