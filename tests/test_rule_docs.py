"""Each rule is documented as itself (issue 18): its own why, examples that run, fix safety
and options, in `newslint explain`, the language server's hover and docs/rules.md; messages
state the problem and fix titles the action; renamed rule ids still work, with a warning."""

from __future__ import annotations

import json
import mmap

import pytest
from helpers import lint_text
from test_rule_cases import case_options, load_cases, rule_findings

from newslint.cli import main
from newslint.config import rulespecs
from newslint.config.ruleset import RENAMED, bundled_names, load_ruleset
from newslint.readers import FORMATS
from newslint.rulesdoc import explain_text, markdown

RULESETS = {name: load_ruleset(name) for name in bundled_names()}
ALL_RULES = [(name, rule) for name, ruleset in RULESETS.items() for rule in ruleset.rules]
IDS = [f"{name}/{rule.id}" for name, rule in ALL_RULES]


def _lint(text, place, ruleset, rule_id):
    if place in FORMATS:
        return lint_text(text, ruleset, [rule_id], fmt=place)
    return lint_text(text, ruleset, [rule_id], segment_kind=place or None)


@pytest.mark.parametrize(("ruleset", "rule"), ALL_RULES, ids=IDS)
def test_every_rule_has_its_own_documentation_and_its_examples_run(ruleset, rule):
    doc = rule.doc
    assert {"why", "bad", "good", "fix_safety"} <= set(doc), "why, bad, good, fix_safety"
    place = doc.get("as")
    bad = [f for f in _lint(doc["bad"], place, ruleset, rule.id) if f.rule == rule.id]
    good = [f for f in _lint(doc["good"], place, ruleset, rule.id) if f.rule == rule.id]
    assert bad, "the bad example passes"
    assert good == [], [f.message for f in good]
    text = explain_text(rule)
    assert doc["bad"].split("\n")[0] in text and doc["good"].split("\n")[0] in text


def test_two_rules_of_one_kind_are_explained_each_with_its_own_example(capsys):
    assert main(["explain", "captions.credit"]) == 0
    credit = capsys.readouterr().out
    assert main(["explain", "captions.unknown-agency"]) == 0
    agency = capsys.readouterr().out
    assert credit.startswith("captions.credit (caption_credit, error)\n"
                             'A caption without a credit, or with one not in the form '
                             '"[Creator/Agency]".\n')
    assert ("Bad (caption): Zelenskyy arrives in Tirana on February 28, 2024 "
            "(AP Photo/Armando Babani)\n") in credit
    assert "AP Phot]" not in credit
    assert agency.startswith("captions.unknown-agency (caption_credit, warning)\n"
                             "A credit naming an agency the desk does not know.\n"
                             "Formerly captions.agency: that id still works, with a warning, "
                             "and will go.\n")
    assert "Bad (caption): Crowds in Kyiv [Jane Doe/AP Phot]\n" in agency
    assert "Good (caption): Crowds in Kyiv [Jane Doe/AP Photo]\n" in agency
    assert "Fix safety: No fix: only the desk knows which agency supplied the photo.\n" in agency
    assert "  check: agency — what this rule looks at (form | agency | punctuation)\n" in agency
    assert "(AP Photo/Armando Babani)" not in agency  # the other rule's, and the kind's, example


def test_a_rule_without_its_own_doc_is_explained_from_its_kind(tmp_path):
    path = tmp_path / "desk.yaml"
    path.write_text("rules:\n  desk.kiev:\n    kind: substitution\n    description: Kiev.\n"
                    "    options: {terms: {Kiev: Kyiv}}\n", encoding="utf-8")
    text = explain_text(load_ruleset(str(path)).rule("desk.kiev"))
    assert text.startswith("desk.kiev (substitution, warning)\nKiev.\n\nWhy: a newsroom spells")
    assert "Bad" not in text  # the kind's example is not this rule's
    assert "Fix safety: the fix writes the house form in place of the variant" in text


def test_a_refining_entry_keeps_the_inherited_doc_and_replaces_what_it_gives(tmp_path):
    path = tmp_path / "desk.yaml"
    path.write_text("extends: house\nrules:\n  captions.too-long:\n    doc:\n"
                    "      why: Our captions are short.\n", encoding="utf-8")
    rule = load_ruleset(str(path)).rule("captions.too-long")
    assert rule.doc["why"] == "Our captions are short."
    house = load_ruleset("house").rule("captions.too-long")
    assert rule.doc["fix_safety"] == house.doc["fix_safety"]


@pytest.mark.parametrize(("entry", "message"), [
    ("    doc: [why]\n",
     "'doc' of rule 'desk.x' must be a mapping with any of: why, bad, good, as, fix_safety"),
    ("    doc:\n      example: x\n", ("unknown key 'example' in the doc of rule 'desk.x'; "
                                      "valid keys: why, bad, good, as, fix_safety")),
    ("    doc:\n      why: [a, b]\n", "'why' in the doc of rule 'desk.x' must be text"),
    ("    doc:\n      as: pdf\n", ("'as' in the doc of rule 'desk.x' is 'pdf': a segment kind "
                                   "(headline, standfirst, byline, dateline, body, caption, "
                                   "credit, source, quote, metadata) or a file format (txt, md, "
                                   "html, nitf, newsml)")),
])
def test_a_bad_doc_is_an_error_naming_file_and_line(capsys, tmp_path, entry, message):
    path = tmp_path / "desk.yaml"
    path.write_text("rules:\n  desk.x:\n    kind: existence\n" + entry, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Talks.\n", encoding="utf-8")
    assert main(["check", "--ruleset", str(path), str(article)]) == 2
    line = 4 if entry.startswith("    doc: [") else 5
    assert capsys.readouterr().err == f"newslint: {path}:{line}: {message}\n"


def test_docs_rules_md_has_a_section_per_rule_with_its_examples():
    page = markdown([RULESETS["house"]])
    section = page[page.index('<a id="house-captions-unknown-agency"></a>'):]
    section = section[:section.index("<a id=", 10)]
    assert "**Bad** (caption): `Crowds in Kyiv [Jane Doe/AP Phot]`" in section
    assert "formerly `captions.agency` (deprecated" in section
    assert "| `captions.agency` | `captions.unknown-agency` |" in page


# --- messages state the problem, fix titles the action -----------------------------------------

def _failing_cases():
    return [pytest.param(*case, id=f"{case[0]}/{case[1]}::{case[2]['name']}")
            for case in load_cases() if case[2].get("expect")]


@pytest.mark.parametrize(("ruleset", "rule", "case"), _failing_cases())
def test_a_message_states_the_problem_and_leaves_the_action_to_the_fix_title(ruleset, rule, case):
    for finding in rule_findings(case["text"], rule, case_options(ruleset, rule, case)):
        assert not any(f"; {verb}" in finding.message for verb in ("write", "rewrite", "use ")), (
            finding.message)
        if finding.fix is not None and finding.fix.title:
            assert finding.fix.title.lower() not in finding.message.lower(), finding.message


def test_full_and_json_output_show_the_message_and_the_fix_title_apart(capsys, tmp_path,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    (tmp_path / "story.txt").write_text("Talks\n\nThe initiative - based on it - failed.\n",
                                        encoding="utf-8")
    argv = ["check", "--select", "style.dash", "--color", "never"]
    assert main([*argv, "--output-format", "full", "story.txt"]) == 0  # a suggestion
    full = capsys.readouterr().out
    assert full.startswith(
        'story.txt:3:15: suggestion [style.dash] Dash " - " is not a spaced en dash\n'
        "3 | The initiative - based on it - failed.\n"
        '  |               ^^^ fix: Write " – "\n')
    assert main([*argv, "--format", "json", "story.txt"]) == 0
    first = json.loads(capsys.readouterr().out)[0]
    assert first["message"] == 'Dash " - " is not a spaced en dash'
    assert (first["fix"]["title"], first["fix"]["replacement"]) == ('Write " – "', " – ")


# --- renamed rule ids ------------------------------------------------------------------------

@pytest.fixture
def fresh_warnings(monkeypatch):
    """Each test sees the deprecation warnings as a new run would."""
    monkeypatch.setattr(rulespecs, "_WARNED", mmap.mmap(-1, 2 * len(RENAMED)))


def _deprecated(old: str) -> str:
    return (f"newslint: rule id {old!r} is deprecated; it is now {RENAMED[old]!r} "
            "(the old id still works for now)\n")


def test_renamed_ids_name_the_problem_and_point_at_rules_that_exist():
    house = RULESETS["house"]
    for old, new in RENAMED.items():
        assert house.rule(new) is not None or new == "headline.title-case"
        assert old.partition(".")[0] == new.partition(".")[0]
    assert RENAMED["source.known"] == "source.unknown"
    assert RENAMED["captions.agency"] == "captions.unknown-agency"


def test_the_standfirst_and_reference_rules_answer_to_their_old_ids(capsys, tmp_path,
                                                                   fresh_warnings):
    story = tmp_path / "story.txt"
    story.write_text("Talks in Kyiv\n\nLeaders met in Kyiv on Wednesday to discuss aid\n\n"
                     "Leaders met in Kyiv on Wednesday.\n\nSource: News Agencies\n",
                     encoding="utf-8")
    assert main(["check", "--select", "standfirst.full-stop,references.first-name",
                 "--format", "json", str(story)]) == 1
    out, err = capsys.readouterr()
    assert [(f["rule"], f["line"], f["column"]) for f in json.loads(out)] == [
        ("standfirst.missing-full-stop", 3, 48)]
    assert err == _deprecated("standfirst.full-stop") + _deprecated("references.first-name")


def test_an_old_id_in_a_config_still_works_with_one_warning(capsys, tmp_path, monkeypatch,
                                                            fresh_warnings):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".newslint.yaml").write_text(
        "rules:\n  captions.agency: {severity: error}\n  source.known: {severity: off}\n"
        "ignore: [headline.case]\nselect: [captions, source, headline]\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(
        "Talks In Kyiv\n\nCrowds in Kyiv [Jane Doe/AP Phot]\n\nSource: Bloomberg\n",
        encoding="utf-8")
    assert main(["check", "--format", "json", "story.txt"]) == 1
    captured = capsys.readouterr()
    found = {(f["rule"], f["severity"]) for f in json.loads(captured.out)}
    assert found == {("captions.unknown-agency", "error")}  # no source.unknown, no title case
    assert sorted(captured.err.splitlines(keepends=True)) == sorted(
        _deprecated(old) for old in ("captions.agency", "source.known", "headline.case"))
    # Each run says so, from a config read from the cache too.
    rulespecs._WARNED[:] = bytes(2 * len(RENAMED))
    assert main(["check", "--format", "json", "story.txt"]) == 1
    assert capsys.readouterr().err.count("deprecated") == 3


def test_an_old_id_on_the_command_line_selects_and_ignores(capsys, tmp_path, monkeypatch,
                                                          fresh_warnings):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text("Talks In Kyiv\n\nCrowds in Kyiv [Jane Doe/AP Phot]\n",
                                        encoding="utf-8")
    assert main(["check", "--format", "json", "--select", "captions.agency", "story.txt"]) == 1
    captured = capsys.readouterr()
    assert [f["rule"] for f in json.loads(captured.out)] == ["captions.unknown-agency"]
    assert captured.err == _deprecated("captions.agency")
    assert main(["check", "--format", "json", "--select", "captions",
                 "--ignore", "captions.agency,captions.credit", "story.txt"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and captured.err == ""  # said once a run


def test_an_old_id_in_a_suppression_comment_silences_the_renamed_rule(capsys, tmp_path,
                                                                      monkeypatch, fresh_warnings):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(
        "Talks\n\n<!-- newslint-disable-next-line captions.agency -- a new agency -->\n"
        "Crowds in Kyiv [Jane Doe/AP Phot]\n\nCrowds in Lviv [Jane Doe/AP Phot]\n",
        encoding="utf-8")
    assert main(["check", "--format", "json", "--select", "captions.unknown-agency",
                 "story.txt"]) == 1
    captured = capsys.readouterr()
    assert [f["line"] for f in json.loads(captured.out)] == [6]
    assert captured.err == _deprecated("captions.agency")


def test_an_old_id_is_explained_as_the_rule_it_became(capsys, fresh_warnings):
    assert main(["explain", "source.known"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("source.unknown (source_line, warning)\n")
    assert captured.err == _deprecated("source.known")


def test_a_rule_of_ones_own_under_an_old_id_is_that_rule(capsys, tmp_path, monkeypatch,
                                                         fresh_warnings):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".newslint.yaml").write_text(
        "rules:\n  source.known:\n    kind: existence\n    options: {terms: [Bloomberg]}\n"
        "select: [source.known]\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("Talks\n\nBloomberg said so.\n\nSource: Bloomberg\n",
                                        encoding="utf-8")
    assert main(["check", "--format", "json", "story.txt"]) == 1
    captured = capsys.readouterr()
    assert {f["rule"] for f in json.loads(captured.out)} == {"source.known"}
    assert captured.err == ""


def test_workers_of_one_run_say_an_old_id_once(tmp_path):
    """Files linted in forked workers: the old id of a suppression comment is said once."""
    import subprocess
    import sys

    for index in range(24):
        (tmp_path / f"story-{index:02d}.txt").write_text(
            "Talks\n\n<!-- newslint-disable-next-line captions.agency -->\n"
            "Crowds in Kyiv [Jane Doe/AP Phot]\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "newslint", "check", "--jobs", "2",
                             "--select", "captions", str(tmp_path)],
                            capture_output=True, text=True, check=False, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, _deprecated("captions.agency"))
