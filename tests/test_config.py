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
    return code, [(f["path"], f["line"], f["column"], f["rule"], f["severity"])
                  for f in json.loads(out)]


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
    write(tmp_path / "pyproject.toml",
          '[project]\nname = "paper"\n\n[tool.newslint]\nignore = ["source"]\n'
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
    first = load_config(tmp_path / "a" / ".newslint.yaml").ruleset_for(
        str(tmp_path / "a" / "x.txt"))
    second = load_config(tmp_path / "b" / ".newslint.yaml").ruleset_for(
        str(tmp_path / "b" / "x.txt"))
    assert first.rule("names.spelling") is second.rule("names.spelling")
    assert second.rule("dates.format").severity == "warning"


BAD_CONFIGS = {
    "unknown-key": (
        "selec: [names]\n",
        ":1: unknown key 'selec'; did you mean 'select'? valid keys: accept, baseline, "
        "encoding, exclude, extends, files, front_matter, html, ignore, names, overrides, rules, "
        "select\n"),
    "unknown-rule": (
        "ignore:\n  - source\n  - nams\n",
        ":3: unknown rule or family 'nams' in 'ignore'; did you mean names? families: "
        f"{house_families()} (`newslint rules` lists the rules)\n"),
    "bad-severity": (
        "rules:\n  names.spelling:\n    severity: fatal\n",
        ":3: severity of rule 'names.spelling' is 'fatal'; choose one of error, warning, "
        "suggestion, off\n"),
    "bad-option": (
        "rules:\n  captions.too-long:\n    options: {max_word: 3}\n",
        ":3: unknown option 'max_word' for rule 'captions.too-long' (kind length); "
        "valid options: "),
    "unknown-extends": (
        "extends: guardian\n",
        ":1: unknown ruleset 'guardian'; bundled rulesets: ap, house, proselint, wire-delivery "
        "(or give a path to a .yaml file)\n"),
    "override-without-files": (
        "overrides:\n  - ignore: [names]\n",
        ":2: each override is a mapping with 'files' (and 'rules', 'select', 'ignore')\n"),
    "override-unknown-key": (
        "overrides:\n  - files: 'op/**'\n    rule: {}\n",
        ":3: unknown key 'rule' in override; did you mean 'rules'? valid keys: files, ignore, "
        "rules, select\n"),
    "override-bad-severity": (
        "overrides:\n  - files: 'op/**'\n    rules:\n      names.spelling:\n"
        "        severity: loud\n",
        ":5: severity of rule 'names.spelling' is 'loud'; choose one of error, warning, "
        "suggestion, off\n"),
    "front-matter": (
        "front_matter:\n  title: headline\n  dek: subhead\n",
        ":3: unknown segment kind 'subhead' for front-matter key 'dek'; segment kinds: headline, "
        "standfirst, byline, dateline, body, caption, credit, source, quote, metadata\n"),
    "not-a-mapping": (
        "- house\n",
        ":1: a config is a mapping (keys: accept, baseline, encoding, exclude, extends, files, "
        "front_matter, html, ignore, names, overrides, rules, select)\n"),
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
    pyproject = write(tmp_path / "pyproject.toml",
                      '[project]\nname = "x"\n\n[tool.newslint]\n'
                      'select = ["names"]\nignore = ["sources"]\n')
    assert run(capsys, monkeypatch, tmp_path, "check", "a.txt") == (
        2, "", f"newslint: {pyproject}:6: unknown rule or family 'sources' in 'ignore'; did you "
               f"mean source, source.missing, source.form? families: {house_families()} "
               "(`newslint rules` lists the rules)\n")


def test_config_and_ruleset_together_are_a_usage_error(capsys, monkeypatch, tmp_path):
    write(tmp_path / "c.yaml", "ignore: [source]\n")
    assert run(capsys, monkeypatch, tmp_path,
               "check", "--config", "c.yaml", "--ruleset", "ap", ".") == (
        2, "", "newslint: --config and --ruleset cannot be combined; name the ruleset in the "
               "config's 'extends'\n")


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

    from newslint.config.schemas import schema_path

    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_shipped_schemas_match_the_code():
    from newslint.config.schemas import SCHEMAS, render, schema_path

    for name in SCHEMAS:
        assert schema_path(name).read_text(encoding="utf-8") == render(name), (
            f"{name}.schema.json is stale: run `python -m newslint.config.schemas`")


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
        "extends: [house]\nrules:\n  dates.format: {severity: off}\n  captions.too-long:\n"
        "    options: {max_words: 40}\noverrides:\n  - files: 'op/**'\n    ignore: names\n"))


# --- hostile configs: files that are not ours, aliases, globs, numbers ---------------------

SHAPE = "a YAML mapping with 'rules' and optionally 'name', 'description', 'language', 'extends'"
SECRET = "hunter2-S3cret"
NOT_RULESETS = {  # file content -> why it is not a ruleset, line and column in it
    "passwd": (f"root:x:0:0:{SECRET}:/root:/bin/bash\n", "its top level is not a mapping", 1, 0),
    "shadow": (f"root:*:19000:0:99999:7:::\n{SECRET}: 1\n",
               "a top-level key that is not one of these", 1, 0),
    "credentials": (f"rules: {{}}\ndb_password: {SECRET}\n",
                    "a top-level key that is not one of these", 2, 0),
    "list": (f"- {SECRET}\n", "its top level is not a mapping", 1, 0),
    "empty": ("", "the file is empty", 1, 0),
    "invalid-yaml": (f"[{SECRET}\n", "invalid YAML: did not find expected ',' or ']'", 2, 1),
    "duplicate": (f"{SECRET}: 1\n{SECRET}: 2\n", "duplicate key (first on line 1)", 2, 0),
}


@pytest.mark.parametrize("name", NOT_RULESETS)
def test_extends_of_a_file_that_is_no_ruleset_says_why_without_quoting_it(
        capsys, monkeypatch, tmp_path, name):
    text, reason, line, column = NOT_RULESETS[name]
    secret = write(tmp_path / "elsewhere" / "secret", text)
    write(tmp_path / "repo" / "a.txt", KIEV)
    config = write(tmp_path / "repo" / ".newslint.yaml",
                   "extends:\n  - house\n  - ../elsewhere/secret\n")
    code, out, err = run(capsys, monkeypatch, tmp_path / "repo", "check", "a.txt")
    where = (f"{secret.parent.parent / 'repo' / '../elsewhere/secret'}:{line}"
             + (f":{column}" if column else ""))
    assert (code, out, err) == (
        2, "", f"newslint: {config}:3: 'extends' names ../elsewhere/secret, which is not a "
               f"newslint ruleset ({SHAPE}): {reason} ({where})\n")
    assert SECRET not in err


def test_a_ruleset_or_config_given_on_the_command_line_is_not_quoted_either(
        capsys, monkeypatch, tmp_path):
    write(tmp_path / "a.txt", KIEV)
    shadow = write(tmp_path / "shadow", f"root:*:19000:0:99999:7:::\n{SECRET}: 1\n")
    assert run(capsys, monkeypatch, tmp_path, "check", "--ruleset", str(shadow), "a.txt") == (
        2, "", f"newslint: {shadow}:1: not a newslint ruleset ({SHAPE}): a top-level key that is "
               "not one of these\n")
    assert run(capsys, monkeypatch, tmp_path, "check", "--config", str(shadow), "a.txt") == (
        2, "", f"newslint: {shadow}:1: a key that is not a newslint setting; valid keys: accept, "
               "baseline, encoding, exclude, extends, files, front_matter, html, ignore, names, "
               "overrides, rules, select\n")


def test_a_ruleset_outside_the_repository_may_be_extended(capsys, monkeypatch, tmp_path):
    write(tmp_path / "shared" / "desk.yaml",
          "extends: house\nrules:\n  names.spelling: {severity: warning}\n")
    write(tmp_path / "repo" / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / "repo" / ".newslint.yaml", "extends: ../shared/desk.yaml\nignore: [source]\n")
    write(tmp_path / "repo" / "a.txt", KIEV)
    assert findings(capsys, monkeypatch, tmp_path / "repo", "a.txt") == (
        1, [("a.txt", 1, 10, "names.spelling", "warning")])


def test_a_parent_that_extends_a_non_ruleset_is_named_with_its_line(capsys, monkeypatch, tmp_path):
    write(tmp_path / "secret", f"{SECRET}\n")
    desk = write(tmp_path / "desk.yaml", "name: desk\nextends: [house, secret]\n")
    write(tmp_path / "a.txt", KIEV)
    assert run(capsys, monkeypatch, tmp_path, "check", "--ruleset", str(desk), "a.txt") == (
        2, "", f"newslint: {desk}:2: unknown ruleset 'secret'; bundled rulesets: ap, house, "
               "proselint, wire-delivery (or give a path to a .yaml file)\n")
    desk.write_text("name: desk\nextends:\n  - house\n  - ./secret\n")
    code, _, err = run(capsys, monkeypatch, tmp_path, "check", "--ruleset", str(desk), "a.txt")
    assert code == 2 and err.startswith(
        f"newslint: {desk}:4: 'extends' names ./secret, which is not")
    assert SECRET not in err


def _git_root(path, as_file=False):
    if as_file:  # a worktree or submodule: .git is a file naming the git folder
        write(path / ".git", "gitdir: /elsewhere/.git/worktrees/x\n")
    else:
        write(path / ".git" / "HEAD", "ref: refs/heads/main\n")


@pytest.mark.parametrize("as_file", [False, True], ids=["git-folder", "git-file"])
def test_configs_above_the_repository_root_do_not_apply(capsys, monkeypatch, tmp_path, as_file):
    write(tmp_path / ".newslint.yaml", 'exclude: ["**"]\n')
    for repo in ("plain", "configured"):
        _git_root(tmp_path / repo, as_file)
        write(tmp_path / repo / "news" / "a.txt", KIEV)
    code, out, err = run(capsys, monkeypatch, tmp_path / "plain", "check", "--statistics",
                         "--format", "json", "news/a.txt")
    assert code == 1 and [f["rule"] for f in json.loads(out)] == [
        "names.spelling", "source.missing"]
    assert err.splitlines()[1] == "  no config: bundled house style"
    # The repository's own config, at its root, still applies to the folders below.
    config = write(tmp_path / "configured" / ".newslint.yaml", "ignore: [source]\n")
    code, out, err = run(capsys, monkeypatch, tmp_path / "configured", "check", "--statistics",
                         "--format", "json", "news/a.txt")
    assert code == 1 and [f["rule"] for f in json.loads(out)] == ["names.spelling"]
    assert err.splitlines()[1] == f"  config: {config}"


def test_outside_a_repository_the_walk_goes_to_the_top(capsys, monkeypatch, tmp_path):
    config = write(tmp_path / ".newslint.yaml", 'exclude: ["**"]\n')
    write(tmp_path / "a" / "b" / "c.txt", KIEV)
    code, out, err = run(capsys, monkeypatch, tmp_path / "a", "check", "--statistics", "b/c.txt")
    assert (code, out) == (0, "")  # the config above excluded it: nothing linted, nothing to say
    assert err.splitlines()[1:] == [f"  config: {config}"]


def test_statistics_name_every_config_used_and_the_ruleset(capsys, monkeypatch, tmp_path):
    write(tmp_path / "news" / "a.txt", KIEV)
    write(tmp_path / "desk" / "b.txt", KIEV)
    news = write(tmp_path / "news" / ".newslint.yaml", "ignore: [source]\n")
    desk = write(tmp_path / "desk" / ".newslint.yaml", "ignore: [names]\n")
    _, _, err = run(capsys, monkeypatch, tmp_path, "check", "--statistics", ".")
    assert err.splitlines()[1:3] == [f"  config: {desk}", f"  config: {news}"]
    _, _, err = run(capsys, monkeypatch, tmp_path, "check", "--statistics", "--ruleset", "ap", ".")
    assert err.splitlines()[1] == "  no config: ruleset ap"


LOL = "".join(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]\n" if n > 1 else
              "lol1: &lol1 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" for n in range(1, 10))


ALIAS = ("a YAML alias (*name): newslint does not expand aliases (nine lines of them can stand for "
         "a billion values); write the value out")


def test_billion_laughs_config_is_refused_at_the_first_alias(capsys, monkeypatch, tmp_path):
    write(tmp_path / "a.txt", KIEV)
    config = write(tmp_path / ".newslint.yaml",
                   LOL + "rules:\n  compliance.x:\n    kind: existence\n    options:\n"
                   "      terms: *lol9\n")
    assert run(capsys, monkeypatch, tmp_path, "check", "a.txt") == (
        2, "", f"newslint: {config}:2: {ALIAS}\n")


def test_billion_laughs_ruleset_is_refused_at_the_first_alias(capsys, monkeypatch, tmp_path):
    write(tmp_path / "a.txt", KIEV)
    ruleset = write(tmp_path / "laughs.yaml",
                    LOL + "rules:\n  compliance.x:\n    kind: existence\n    options:\n"
                    "      terms: *lol9\n")
    assert run(capsys, monkeypatch, tmp_path, "check", "--ruleset", str(ruleset), "a.txt") == (
        2, "", f"newslint: {ruleset}:2: {ALIAS}\n")
    config = write(tmp_path / ".newslint.yaml", "extends: laughs.yaml\n")
    assert run(capsys, monkeypatch, tmp_path, "check", "a.txt") == (
        2, "", f"newslint: {config}:1: 'extends' names laughs.yaml, which is not a newslint "
               f"ruleset ({SHAPE}): {ALIAS} ({ruleset}:2)\n")


@pytest.mark.parametrize("text, line", [
    ("base: &b {severity: off}\nrules:\n  names.spelling:\n    <<: *b\n", 4),  # a merge key's alias
    ("ignore: &i source\nselect: [*i]\n", 2),
])
def test_every_alias_is_refused(capsys, monkeypatch, tmp_path, text, line):
    write(tmp_path / "a.txt", KIEV)
    config = write(tmp_path / ".newslint.yaml", text)
    code, _, err = run(capsys, monkeypatch, tmp_path, "check", "a.txt")
    assert code == 2 and err.startswith(f"newslint: {config}:{line}: a YAML alias (*name)")


def test_deep_nesting_is_refused_before_it_exhausts_the_stack(capsys, monkeypatch, tmp_path):
    write(tmp_path / "a.txt", KIEV)
    config = write(tmp_path / ".newslint.yaml",
                   "rules:\n  x.y:\n    options: " + "[" * 400 + "]" * 400 + "\n")
    assert run(capsys, monkeypatch, tmp_path, "check", "a.txt") == (
        2, "", f"newslint: {config}:3: nested more than 50 levels deep\n")


def test_no_bundled_file_uses_an_alias():
    for path in sorted((ROOT / "rulesets").glob("*.yaml")):
        events = yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        assert not any(isinstance(e, yaml.AliasEvent) for e in events), path.name


@pytest.mark.parametrize("text, line, message", [
    ("files:\n  - 'news/**'\n  - '**/[z-a]'\n", 3,
     "invalid glob '**/[z-a]' in 'files': bad character range z-a"),
    ("exclude: '!'\n", 1, "invalid glob '!' in 'exclude': not a gitignore-style glob"),
    ("exclude: ['[[:alpha:]']\n", 1,
     "invalid glob '[[:alpha:]' in 'exclude': not a gitignore-style glob"),
    ("overrides:\n  - files: ['op/**', '[z-a]']\n    ignore: [names]\n", 2,
     "invalid glob '[z-a]' in 'files': bad character range z-a"),
])
def test_invalid_glob_is_a_config_error_with_its_line(
        capsys, monkeypatch, tmp_path, text, line, message):
    write(tmp_path / "a.txt", KIEV)
    config = write(tmp_path / ".newslint.yaml", text)
    assert run(capsys, monkeypatch, tmp_path, "check", "a.txt") == (
        2, "", f"newslint: {config}:{line}: {message}\n")


@pytest.mark.parametrize("rule, option, value, message", [
    ("captions.too-long", "max_words", -5, "must be 0 or more, not -5"),
    ("headline.too-long", "max_chars", -1, "must be 0 or more, not -1"),
    ("headline.title-case", "min_words", 0, "must be 1 or more, not 0"),
    ("captions.too-long", "max_words", 2.5, "must be a whole number, not 2.5"),
])
def test_numeric_options_out_of_range_are_refused(
        capsys, monkeypatch, tmp_path, rule, option, value, message):
    write(tmp_path / "a.txt", KIEV)
    config = write(tmp_path / ".newslint.yaml",
                   f"rules:\n  {rule}:\n    options:\n      {option}: {value}\n")
    assert run(capsys, monkeypatch, tmp_path, "check", "a.txt") == (
        2, "", f"newslint: {config}:4: option {option!r} of rule {rule!r} {message}\n")
    # The schema says the same to an editor, for a rule that names its kind.
    entry = {"kind": "headline_case" if rule == "headline.title-case" else "length",
             "options": {option: value}}
    assert not _validator("ruleset").is_valid({"rules": {rule: entry}})
    assert _validator("ruleset").is_valid({"rules": {rule: {**entry, "options": {option: 3}}}})
