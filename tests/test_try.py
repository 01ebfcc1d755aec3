"""`newslint try`: a new or changed rule over a small corpus (exact output, the JSON shape), its
examples, errors in the rule file, exit codes; and every bundled rule's examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.cli import main
from newslint.config.ruleset import bundled_names, compile_specs, read_specs, resolve_ruleset_path
from newslint.trying import example_failures

A = ("Kiev talks resume\n\nLeaders met in Kiev on Monday. Mr Smith said talks in Kiev would go "
     "on.\n\nSource: News Agencies\n")
B = "Kyiv talks\n\nThe minister flew to Kiev, then to Odessa, on 21 March.\n\nSource: Reuters\n"
C = "Markets calm\n\nShares rose in London on Monday.\n\nSource: AP\n"
KIEV = r"""id: names.kiev
kind: existence
severity: error
description: The Soviet spelling of Kyiv.
options:
  patterns: ['\bKiev\b(?! Ballet)']
  message: '"{match}" is spelt "Kyiv"'
examples:
  match: [Leaders met in Kiev on Monday.]
  no_match: [Leaders met in Kyiv on Monday., She danced with the Kiev Ballet.]
replaces: [names.spelling]
"""


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """Three articles in ./corpus, the current folder a temporary one; samples drawn for a
    terminal 100 columns wide."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def house_line(rule_id: str) -> int:
    return read_specs(resolve_ruleset_path("house"))[1][rule_id].line


def run(capsys, *argv):
    code = main(["try", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_new_rule_against_the_rule_it_replaces(corpus, capsys):
    (corpus / "kiev.yaml").write_text(KIEV)

    code, out, err = run(capsys, "kiev.yaml", "--on", "corpus", "--sample", "2", "-j", "1")

    assert (code, err) == (0, "")
    line = house_line("names.spelling")
    assert out == f"""\
Trying kiev.yaml against house
Examples: 3 of 3 hold
Corpus: 3 files, 46 words

names.kiev (new, existence, error; kiev.yaml:1)
  869.57 per 10,000 words: 4 findings in 2 files
  replaces names.spelling (bundled house.yaml:{line}): 1086.96 per 10,000 words: \
5 findings in 2 files
  against what it replaces: 4 found by both, 0 new, 1 no longer found (-1, -20%)
  sample (2 of 4, seed 0):
    corpus/a.txt:1:1: "Kiev" is spelt "Kyiv"
    1 | Kiev talks resume
      | ^^^^
    corpus/a.txt:3:55: "Kiev" is spelt "Kyiv"
    3 | Leaders met in Kiev on Monday. Mr Smith said talks in Kiev would go on.
      |                                                       ^^^^
  no longer found (1 of 1, seed 0):
    corpus/b.txt:3:36: "Odessa" is spelt "Odesa" in house style
    3 | The minister flew to Kiev, then to Odessa, on 21 March.
      |                                    ^^^^^^
"""


def test_the_sample_is_the_same_for_a_seed_and_another_for_another(corpus, capsys):
    (corpus / "kiev.yaml").write_text(KIEV)

    def sample(*options):
        code, out, _ = run(capsys, "kiev.yaml", "--on", "corpus", "--sample", "1", "-f", "json",
                           *options)
        assert code == 0
        return [(m["path"], m["line"], m["column"]) for m in json.loads(out)["rules"][0]["sample"]]

    assert sample() == sample("-j", "2") == [("corpus/a.txt", 1, 1)]
    assert sample("--seed", "2") == sample("--seed", "2", "-j", "1") == [("corpus/b.txt", 3, 22)]
    assert sample("--sample", "0") == []


def test_the_json_report(corpus, capsys):
    (corpus / "kiev.yaml").write_text(KIEV)

    code, out, _ = run(capsys, "kiev.yaml", "--on", "corpus", "--sample", "1", "--format", "json")

    assert code == 0
    report = json.loads(out)
    assert list(report) == ["try_format", "rule_file", "against", "seed", "examples", "corpus",
                            "rules"]
    assert {key: report[key] for key in ("try_format", "rule_file", "against", "seed")} == {
        "try_format": 1, "rule_file": "kiev.yaml", "against": "house", "seed": 0}
    assert report["examples"] == {"checked": 3, "failed": []}
    assert report["corpus"] == {"files": 3, "words": 46, "unreadable": 0}
    [rule] = report["rules"]
    replaced = rule.pop("replaces")
    sample, gone = rule.pop("sample"), rule.pop("gone_sample")
    assert rule == {"id": "names.kiev", "status": "new", "kind": "existence", "severity": "error",
                    "defined_at": {"file": "kiev.yaml", "line": 1, "bundled": False},
                    "findings": 4, "files": 2, "per_10k_words": 869.57,
                    "compared": {"same": 4, "new": 0, "gone": 1}}
    [house] = replaced
    assert Path(house.pop("defined_at")["file"]).name == "house.yaml"
    assert house == {"id": "names.spelling", "findings": 5, "files": 2, "per_10k_words": 1086.96}
    assert sample == [{
        "path": "corpus/a.txt", "line": 1, "column": 1, "end_line": 1, "end_column": 5,
        "rule": "names.kiev", "message": '"Kiev" is spelt "Kyiv"', "match": "Kiev",
        "context": {"before": "", "text": "Kiev", "after": " talks resume"}}]
    assert gone == [{
        "path": "corpus/b.txt", "line": 3, "column": 36, "end_line": 3, "end_column": 42,
        "rule": "names.spelling", "message": '"Odessa" is spelt "Odesa" in house style',
        "match": "Odessa",
        "context": {"before": "The minister flew to Kiev, then to ", "text": "Odessa",
                    "after": ", on 21 March."}}]


def test_one_rule_without_a_kind_changes_the_rule_in_effect(corpus, capsys):
    (corpus / "short.yaml").write_text("id: headline.too-long\noptions: {max_chars: 12}\n")

    code, out, _ = run(capsys, "short.yaml", "--on", "corpus", "--sample", "0")

    assert code == 0
    assert out.splitlines()[3:] == [
        "headline.too-long (changed, length, warning; short.yaml:1)",
        "  217.39 per 10,000 words: 1 finding in 1 file",
        (f"  replaces headline.too-long (bundled house.yaml:"
         f"{house_line('headline.too-long')}): 0.00 per 10,000 words: 0 findings in 0 files"),
        "  against what it replaces: 0 found by both, 1 new, 0 no longer found (+1)",
    ]


def test_a_ruleset_tries_only_the_rules_it_changes(corpus, capsys):
    (corpus / "desk.yaml").write_text(
        "extends: house\nrules:\n  style.double-space: {severity: warning}\n"
        "  titles.courtesy: {description: Titles.}\n"
        "  headline.too-long: {options: {max_chars: 75}}\n"
        "  style.kiev:\n    kind: existence\n    options: {terms: [Kiev]}\n")

    code, out, _ = run(capsys, "desk.yaml", "--on", "corpus", "--sample", "0", "-f", "json")

    assert code == 0
    # A new description and a default written out change no finding: not tried.
    assert [(r["id"], r["status"], r["findings"], [p["id"] for p in r["replaces"]])
            for r in json.loads(out)["rules"]] == [
        ("style.double-space", "changed", 0, ["style.double-space"]),
        ("style.kiev", "new", 4, []),
    ]


def test_a_rule_off_in_the_config_is_new_when_tried(corpus, capsys):
    (corpus / ".newslint.yaml").write_text(
        "extends: house\nrules:\n  names.spelling: {severity: off}\n")
    (corpus / "on.yaml").write_text("id: names.spelling\nseverity: error\n")

    code, out, _ = run(capsys, "on.yaml", "--on", "corpus", "--sample", "0", "-f", "json")

    assert code == 0
    report = json.loads(out)
    assert report["against"] == ".newslint.yaml"
    assert [(r["id"], r["status"], r["findings"], r["replaces"], r["compared"])
            for r in report["rules"]] == [("names.spelling", "new", 5, [], None)]


def test_against_another_ruleset(corpus, capsys):
    (corpus / "kiev.yaml").write_text(KIEV.replace("replaces: [names.spelling]\n", ""))

    code, out, _ = run(capsys, "kiev.yaml", "--on", "corpus", "--against", "ap", "--sample", "0")

    assert code == 0
    assert out.splitlines()[:3] == ["Trying kiev.yaml against ap", "Examples: 3 of 3 hold",
                                    "Corpus: 3 files, 46 words"]
    (corpus / "desk.yaml").write_text("name: desk\nextends: house\nrules:\n"
                                      "  names.spelling: {severity: off}\n")
    code, out, _ = run(capsys, "kiev.yaml", "--on", "corpus", "--against", "desk.yaml",
                       "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert report["against"] == "desk.yaml"
    assert report["rules"][0]["replaces"] == []  # names.spelling is off in desk.yaml


def test_failing_examples_stop_the_run_with_exit_1(corpus, capsys):
    (corpus / "kiev.yaml").write_text(
        KIEV.replace("Leaders met in Kiev on Monday.]", "Leaders met in Kyiv.]")
        .replace("the Kiev Ballet.", "the Kiev opera."))

    code, out, err = run(capsys, "kiev.yaml", "--on", "corpus")

    assert code == 1
    assert out == ("Trying kiev.yaml against house\nExamples: 1 of 3 hold\n"
                   "The corpus is read once every example holds.\n")
    assert err == (
        "newslint: kiev.yaml:9: names.kiev: finds nothing in its match example "
        "'Leaders met in Kyiv.'\n"
        "newslint: kiev.yaml:10: names.kiev: finds 'Kiev' at 1:21 in its no_match example "
        "'She danced with the Kiev opera.'\n")


def test_failing_examples_in_json(corpus, capsys):
    (corpus / "kiev.yaml").write_text(KIEV.replace("[Leaders met in Kiev on Monday.]",
                                                   "{text: Kyiv talks, as: headline}"))

    code, out, _ = run(capsys, "kiev.yaml", "--on", "corpus", "-f", "json")

    assert code == 1
    report = json.loads(out)
    assert (report["corpus"], report["rules"]) == (None, [])
    assert report["examples"] == {"checked": 3, "failed": [{
        "rule": "names.kiev", "file": "kiev.yaml", "line": 9, "expected": "match",
        "text": "Kyiv talks", "problem": "finds nothing"}]}


def test_an_example_can_be_a_whole_file(corpus, capsys):
    (corpus / "source.yaml").write_text(
        "id: source.missing\nexamples:\n"
        "  match: {text: \"Talks\\n\\nLeaders met.\\n\", format: txt}\n"
        "  no_match: {text: \"Talks\\n\\nLeaders met.\\n\\nSource: AP\\n\", format: txt}\n"
        "severity: warning\n")

    code, _, err = run(capsys, "source.yaml", "--on", "corpus", "--sample", "0")

    assert (code, err) == (0, "")


BAD_FILES = {
    "not-a-mapping": (
        "- names.kiev\n",
        "x.yaml:1: not a rule file: its top level is not a mapping; a rule file is a ruleset"),
    "empty": ("", "x.yaml:1: not a rule file: the file is empty; "),
    "other-keys": (
        "hello: 1\n",
        "x.yaml:1: not a rule file: a top-level key that is neither a ruleset's nor a rule's; "),
    "bad-yaml": ("id: [\n", "x.yaml:2:1: invalid YAML: did not find expected node content"),
    "bad-id": (
        "id: Kiev\nkind: existence\n",
        "x.yaml:1: rule id 'Kiev' must be 'family.name' in lower case"),
    "unknown-key": (
        "id: names.kiev\nkind: existence\nlevel: 3\n",
        "x.yaml:3: unknown key 'level' in a rule file; valid keys: id, kind, severity, segments, "
        "description, options, in_quotes, examples, replaces"),
    "no-kind": ("id: names.kiev\n", "x.yaml:1: rule 'names.kiev' needs a 'kind'; kinds: "),
    "unknown-option": (
        "id: names.kiev\nkind: existence\noptions:\n  word: Kiev\n",
        "x.yaml:4: unknown option 'word' for rule 'names.kiev' (kind existence)"),
    "examples-not-a-mapping": (
        "id: names.kiev\nkind: existence\nexamples: [Kiev]\n",
        "x.yaml:3: 'examples' of rule 'names.kiev' must be a mapping with 'match' and/or "
        "'no_match'"),
    "examples-unknown-key": (
        "id: names.kiev\nkind: existence\nexamples:\n  matches: [Kiev]\n",
        "x.yaml:4: unknown key 'matches' in the examples of rule 'names.kiev'; valid keys: match, "
        "no_match"),
    "example-empty": (
        "id: names.kiev\nkind: existence\nexamples:\n  match:\n    - Kiev\n    - ''\n",
        "x.yaml:6: an example of rule 'names.kiev' must be a text that is not empty"),
    "example-bad-part": (
        "id: names.kiev\nkind: existence\nexamples:\n  match: {text: Kiev, as: footer}\n",
        "x.yaml:4: unknown segment kind 'footer' in an example of rule 'names.kiev'"),
    "example-as-and-format": (
        "id: names.kiev\nkind: existence\nexamples:\n  match:\n"
        "    - {text: Kiev, as: body, format: txt}\n",
        "x.yaml:5: an example of rule 'names.kiev' is a text, or a mapping with 'text' and either "
        "'as' (a part kind) or 'format'"),
    "replaces-unknown": (
        "id: names.kiev\nkind: existence\nreplaces:\n  - names.spelling\n  - names.kyiv\n",
        "x.yaml:5: rule 'names.kiev' replaces 'names.kyiv', which house does not have"),
    "replaces-not-an-id": (
        "id: names.kiev\nkind: existence\nreplaces: {a: b}\n",
        "x.yaml:3: 'replaces' of rule 'names.kiev' must be a rule id or a list of them"),
    "nothing-new": (
        "id: names.spelling\nseverity: error\n",
        "nothing to try: every rule of x.yaml that is on is the same as in house"),
    "only-off": (
        "extends: house\nrules:\n  names.spelling: {severity: off}\n",
        "nothing to try: every rule of x.yaml that is on is the same as in house"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_rule_file_is_exit_2_at_its_line(corpus, capsys, name):
    content, message = BAD_FILES[name]
    (corpus / "x.yaml").write_text(content)

    code, out, err = run(capsys, "x.yaml", "--on", "corpus")

    assert (code, out) == (2, "")
    assert err.startswith(f"newslint: {message}"), err
    assert err.count("\n") == 1


@pytest.mark.parametrize(("argv", "message"), [
    (["missing.yaml", "--on", "corpus"], "newslint: missing.yaml: rule file not found\n"),
    (["corpus", "--on", "corpus"], "newslint: corpus: a directory, not a rule file\n"),
    (["kiev.yaml", "--on", "nowhere"], "newslint: no such file or directory: nowhere\n"),
    (["kiev.yaml", "--on", "-"], ("newslint: --on takes files and folders: a corpus, not standard "
                                 "input\n")),
    (["kiev.yaml", "--on", "corpus", "--sample", "-1"], ("newslint: --sample takes a number of "
                                                        "matches, 0 or more, not -1\n")),
    (["kiev.yaml", "--on", "corpus", "--against", "hous"], ("newslint: unknown ruleset 'hous'; "
                                                           "bundled rulesets: ap, house, ")),
])
def test_usage_errors_are_exit_2(corpus, capsys, argv, message):
    (corpus / "kiev.yaml").write_text(KIEV)

    code, out, err = run(capsys, *argv)

    assert (code, out) == (2, "")
    assert err.startswith(message)


def test_an_unreadable_file_is_reported_and_the_rest_counted(corpus, capsys):
    (corpus / "kiev.yaml").write_text(KIEV)
    (corpus / "corpus" / "d.txt").write_bytes(b"Kiev\x00\x01")

    code, out, err = run(capsys, "kiev.yaml", "--on", "corpus", "--sample", "0")

    assert code == 2
    assert err == ("newslint: corpus/d.txt: binary file (NUL byte at byte offset 4); not an "
                   "article\n")
    assert out.splitlines()[2:5] == [
        "Corpus: 3 files, 46 words (1 unreadable)", "",
        "names.kiev (new, existence, error; kiev.yaml:1)"]


def test_the_command_line_exit_codes(corpus):
    (corpus / "kiev.yaml").write_text(KIEV)
    (corpus / "failing.yaml").write_text(KIEV.replace("Leaders met in Kiev", "Leaders met in Kyiv"))

    def exit_code(*argv):
        return subprocess.run([sys.executable, "-m", "newslint", "try", *argv], cwd=corpus,
                              capture_output=True, check=False).returncode

    assert exit_code("kiev.yaml", "--on", "corpus") == 0
    assert exit_code("failing.yaml", "--on", "corpus") == 1
    assert exit_code("missing.yaml", "--on", "corpus") == 2


# Every bundled rule's examples: `make test` holds the rulesets to what they say of themselves.
BUNDLED = []
for _name in bundled_names():
    _, _specs, _ = read_specs(resolve_ruleset_path(_name))
    BUNDLED += [(_name, spec) for spec in _specs.values() if spec.examples]


def test_bundled_rules_carry_examples():
    assert {(name, spec.id) for name, spec in BUNDLED} >= {
        ("house", "names.spelling"), ("house", "dates.format"), ("house", "style.dash"),
        ("house", "titles.courtesy"), ("ap", "dates.format"), ("ap", "spelling.american")}
    assert all(any(e.match for e in spec.examples) and any(not e.match for e in spec.examples)
               for _, spec in BUNDLED)


@pytest.mark.parametrize(("ruleset", "spec"), BUNDLED,
                         ids=[f"{name}/{spec.id}" for name, spec in BUNDLED])
def test_bundled_examples_hold(ruleset, spec):
    [rule] = compile_specs({spec.id: spec})
    assert [str(failure) for failure in example_failures(spec, rule)] == []


def test_the_ruleset_schema_takes_examples_and_replaces_as_the_loader_does():
    import jsonschema
    import yaml

    from newslint.config.schemas import schema_path

    validator = jsonschema.Draft202012Validator(json.loads(schema_path("ruleset").read_text()))
    for name in ("house", "ap"):  # both carry examples now
        data = yaml.safe_load(resolve_ruleset_path(name).read_text(encoding="utf-8"))
        assert [error.message for error in validator.iter_errors(data)] == []

    def errors(rule: dict) -> list[str]:
        return [e.message for e in validator.iter_errors({"rules": {"names.kiev": rule}})]

    good = {"kind": "existence", "replaces": ["names.spelling"],
            "examples": {"match": ["Kiev", {"text": "Kiev", "as": "headline"}],
                         "no_match": {"text": "Kyiv\n\nSource: AP\n", "format": "txt"}}}
    assert errors(good) == []
    assert errors({**good, "examples": {"matches": ["Kiev"]}})
    assert errors({**good,
                   "examples": {"match": [{"text": "Kiev", "as": "body", "format": "txt"}]}})
    assert errors({**good, "examples": {"match": [""]}})
    assert errors({**good, "replaces": ["Names"]})


def test_one_rule_under_its_old_id_changes_the_renamed_rule(corpus, capsys, monkeypatch):
    import mmap

    from newslint.config import rulespecs

    monkeypatch.setattr(rulespecs, "_WARNED", mmap.mmap(-1, 2 * len(rulespecs.RENAMED)))
    (corpus / "short.yaml").write_text("id: headline.length\noptions: {max_chars: 12}\n")

    code, out, err = run(capsys, "short.yaml", "--on", "corpus", "--sample", "0")

    assert (code, out.splitlines()[3]) == (0, "headline.too-long (changed, length, warning; "
                                              "short.yaml:1)")
    assert "rule id 'headline.length' is deprecated; it is now 'headline.too-long'" in err
