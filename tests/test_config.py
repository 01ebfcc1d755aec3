"""Configuration: discovery, overrides, globs, pyproject.toml, schemas, init; mistakes name
file, line and the valid choices, with exit code 2."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import ROOT, house_families

from newslint.cli import main

KIEV = "Talks in Kiev.\n"


def run(capsys, monkeypatch, cwd, *argv):
    monkeypatch.chdir(cwd)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(capsys, monkeypatch, cwd, *argv):
    code, out, err = run(capsys, monkeypatch, cwd, "check", "--format", "json", *argv)
    assert err == ""
    return code, [(f["path"], f["line"], f["column"], f["rule"], f["severity"]) for f in json.loads(out)]


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_found_by_walking_up_from_each_file(capsys, monkeypatch, tmp_path):
    write(tmp_path / "news" / "a.txt", KIEV)
    write(tmp_path / "desk" / "b.txt", KIEV)
    write(tmp_path / ".newslint.yaml", "ignore: [source]\n")
    write(tmp_path / "desk" / ".newslint.yaml",
          "ignore: [source]\nrules:\n  names.spelling: {severity: suggestion}\n")
    code, found = findings(capsys, monkeypatch, tmp_path, ".")
    assert found == [("./desk/b.txt", 1, 10, "names.spelling", "suggestion"),
                     ("./news/a.txt", 1, 10, "names.spelling", "error")]
    assert code == 1


def test_overrides_files_and_exclude(capsys, monkeypatch, tmp_path):
    write(tmp_path / "a.txt", KIEV)
    write(tmp_path / "opinion" / "col" / "b.txt", KIEV)
    write(tmp_path / "drafts" / "c.txt", KIEV)
    write(tmp_path / ".newslint.yaml",
          "select: [names, dates]\nexclude: ['drafts/**']\noverrides:\n  - files: 'opinion/**'\n"
          "    rules:\n      names.spelling: {severity: warning}\n")
    _, found = findings(capsys, monkeypatch, tmp_path, ".", "drafts/c.txt")
    assert found == [("./a.txt", 1, 10, "names.spelling", "error"),
                     ("./opinion/col/b.txt", 1, 10, "names.spelling", "warning")]
    write(tmp_path / ".newslint.yaml", "files: ['opinion/**']\nignore: [source]\n")
    assert findings(capsys, monkeypatch, tmp_path, ".")[1] == [
        ("./opinion/col/b.txt", 1, 10, "names.spelling", "error")]


def test_override_select_replaces_and_ignore_adds(capsys, monkeypatch, tmp_path):
    write(tmp_path / "a.txt", "Talks in Kiev on 28/02/2024.\n")
    write(tmp_path / "op" / "b.txt", "Talks in Kiev on 28/02/2024.\n")
    write(tmp_path / ".newslint.yaml", "ignore: [source]\noverrides:\n  - files: 'op/**'\n"
                                       "    select: [dates]\n    ignore: [dates.format]\n")
    rules = {(p, r) for p, _, _, r, _ in findings(capsys, monkeypatch, tmp_path, ".")[1]}
    assert rules == {("./a.txt", "names.spelling"), ("./a.txt", "dates.numeric"),
                     ("./op/b.txt", "dates.numeric")}


def test_pyproject_table_and_explicit_config(capsys, monkeypatch, tmp_path):
    write(tmp_path / "a.txt", KIEV)
    write(tmp_path / "pyproject.toml", '[project]\nname = "paper"\n\n[tool.newslint]\nignore = ["source"]\n'
                                       '\n[tool.newslint.rules."names.spelling"]\nseverity = "warning"\n')
    assert findings(capsys, monkeypatch, tmp_path, "a.txt")[1] == [
        ("a.txt", 1, 10, "names.spelling", "warning")]
    write(tmp_path / "strict.yaml", "ignore: [source]\n")
    assert findings(capsys, monkeypatch, tmp_path, "--config", "strict.yaml", "a.txt")[1] == [
        ("a.txt", 1, 10, "names.spelling", "error")]


def test_configs_share_compiled_rules(tmp_path):
    from newslint.config import load_config

    write(tmp_path / "a" / ".newslint.yaml", "ignore: [dates]\n")
    write(tmp_path / "b" / ".newslint.yaml", "rules:\n  dates.format: {severity: warning}\n")
    first = load_config(tmp_path / "a" / ".newslint.yaml").ruleset_for(str(tmp_path / "a" / "x.txt"))
    second = load_config(tmp_path / "b" / ".newslint.yaml").ruleset_for(str(tmp_path / "b" / "x.txt"))
    assert first.rule("names.spelling") is second.rule("names.spelling")
    assert second.rule("dates.format").severity == "warning"


BAD_CONFIGS = {
    "unknown-key": ("selec: [names]\n",
                    ":1: unknown key 'selec'; did you mean 'select'? valid keys: exclude, extends, files, "
                    "front_matter, ignore, overrides, rules, select\n"),
    "unknown-rule": ("ignore:\n  - source\n  - nams\n",
                     ":3: unknown rule or family 'nams' in 'ignore'; did you mean names? families: "
                     f"{house_families()} (`newslint rules` lists the rules)\n"),
    "bad-severity": ("rules:\n  names.spelling:\n    severity: fatal\n",
                     ":3: severity of rule 'names.spelling' is 'fatal'; choose one of error, warning, "
                     "suggestion, off\n"),
    "bad-option": ("rules:\n  captions.length:\n    options: {max_word: 3}\n",
                   ":3: unknown option 'max_word' for rule 'captions.length' (kind length); valid options: "),
    "unknown-extends": ("extends: guardian\n",
                        ":1: unknown ruleset 'guardian'; bundled rulesets: ap, house, proselint, wire-delivery (or give a path to a "
                        ".yaml file)\n"),
    "override-without-files": ("overrides:\n  - ignore: [names]\n",
                               ":2: each override is a mapping with 'files' (and 'rules', 'select', 'ignore')\n"),
    "override-unknown-key": ("overrides:\n  - files: 'op/**'\n    rule: {}\n",
                             ":3: unknown key 'rule' in override; did you mean 'rules'? valid keys: files, "
                             "ignore, rules, select\n"),
    "override-bad-severity": ("overrides:\n  - files: 'op/**'\n    rules:\n      names.spelling:\n"
                              "        severity: loud\n",
                              ":5: severity of rule 'names.spelling' is 'loud'; choose one of error, warning, "
                              "suggestion, off\n"),
    "front-matter": ("front_matter:\n  title: headline\n  dek: subhead\n",
                     ":3: unknown segment kind 'subhead' for front-matter key 'dek'; segment kinds: headline, "
                     "standfirst, byline, dateline, body, caption, credit, source, quote, metadata\n"),
    "not-a-mapping": ("- house\n", ":1: a config is a mapping (keys: exclude, extends, files, front_matter, "
                      "ignore, overrides, rules, select)\n"),
}


@pytest.mark.parametrize("name", BAD_CONFIGS)
def test_bad_config_names_file_line_and_choices(capsys, monkeypatch, tmp_path, name):
    text, message = BAD_CONFIGS[name]
    write(tmp_path / "a.txt", KIEV)
    config = write(tmp_path / ".newslint.yaml", text)
    code, out, err = run(capsys, monkeypatch, tmp_path, "check", "a.txt")
    assert (code, out) == (2, "")
    if message.endswith("\n"):
        assert err == f"newslint: {config}{message}"
    else:
        assert err.startswith(f"newslint: {config}{message}")


def test_bad_pyproject_table_names_its_line(capsys, monkeypatch, tmp_path):
    write(tmp_path / "a.txt", KIEV)
    pyproject = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.newslint]\n'
                                                   'select = ["names"]\nignore = ["sources"]\n')
    assert run(capsys, monkeypatch, tmp_path, "check", "a.txt") == (
        2, "", f"newslint: {pyproject}:6: unknown rule or family 'sources' in 'ignore'; did you mean source, "
               f"source.missing, source.form? families: {house_families()} (`newslint rules` lists the "
               "rules)\n")


def test_config_and_ruleset_together_are_a_usage_error(capsys, monkeypatch, tmp_path):
    write(tmp_path / "c.yaml", "ignore: [source]\n")
    assert run(capsys, monkeypatch, tmp_path, "check", "--config", "c.yaml", "--ruleset", "ap", ".") == (
        2, "", "newslint: --config and --ruleset cannot be combined; name the ruleset in the config's "
               "'extends'\n")


def test_missing_explicit_config(capsys, monkeypatch, tmp_path):
    assert run(capsys, monkeypatch, tmp_path, "check", "--config", "nope.yaml", ".") == (
        2, "", f"newslint: {tmp_path / 'nope.yaml'}: config file not found\n")


def test_init_writes_a_starter_that_loads_and_refuses_to_overwrite(capsys, monkeypatch, tmp_path):
    from newslint.config import load_config

    assert run(capsys, monkeypatch, tmp_path, "init") == (0, "wrote .newslint.yaml\n", "")
    text = (tmp_path / ".newslint.yaml").read_text()
    assert text.startswith("# newslint configuration") and "# overrides:" in text
    load_config(tmp_path / ".newslint.yaml")
    _validator("config").validate(yaml.safe_load(text))
    assert run(capsys, monkeypatch, tmp_path, "init") == (
        2, "", "newslint: .newslint.yaml already exists; not overwriting it\n")


# --- JSON Schemas -------------------------------------------------------------------------

def _validator(name):
    import jsonschema

    from newslint.schemas import schema_path

    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_shipped_schemas_match_the_code():
    from newslint.schemas import SCHEMAS, render, schema_path

    for name in SCHEMAS:
        assert schema_path(name).read_text(encoding="utf-8") == render(name), (
            f"{name}.schema.json is stale: run `python -m newslint.schemas`")


@pytest.mark.parametrize("ruleset", ["house", "ap"])
def test_bundled_rulesets_validate(ruleset):
    data = yaml.safe_load((ROOT / "rulesets" / f"{ruleset}.yaml").read_text(encoding="utf-8"))
    assert [e.message for e in _validator("ruleset").iter_errors(data)] == []


def test_schema_rejects_what_the_loader_rejects():
    validator = _validator("config")
    # An entry that refines an inherited rule names no kind, so only the loader checks its options.
    for name in ("unknown-key", "bad-severity", "override-without-files",
                 "override-unknown-key", "front-matter", "not-a-mapping"):
        assert not validator.is_valid(yaml.safe_load(BAD_CONFIGS[name][0])), name
    assert validator.is_valid(yaml.safe_load(
        "extends: [house]\nrules:\n  dates.format: {severity: off}\n  captions.length:\n"
        "    options: {max_words: 40}\noverrides:\n  - files: 'op/**'\n    ignore: names\n"))
