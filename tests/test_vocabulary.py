"""A newsroom's own names (`names:` and `accept:` in a config, or a vocabulary file beside it):
found and fixed at exact positions, merged with the bundled dictionary so that the newsroom's
spelling wins without a contradiction, every mistake an error at file:line, and an edited
vocabulary file never served stale from a cache."""

from __future__ import annotations

import json

import pytest
import yaml

from newslint.cli import main


def run(capsys, monkeypatch, cwd, *argv):
    monkeypatch.chdir(cwd)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def newsroom(tmp_path):
    """A repository root (the config search stops here) with a story."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def names_findings(capsys, monkeypatch, cwd, *argv):
    code, out, err = run(capsys, monkeypatch, cwd, "check", "--format", "json", "--select", "names",
                         *argv)
    assert err == ""
    return code, [(f["line"], f["column"], f["match"], f["fix"] and f["fix"]["replacement"],
                   f["fix"] and f["fix"]["applicability"]) for f in json.loads(out)]


NAVALNY = "Navalny dies\n\nAlexei Navalny, the opposition leader, and Navalni's aide.\n"


def test_a_name_of_the_vocabulary_is_found_and_fixed_at_its_position(capsys, monkeypatch, newsroom):
    write(newsroom / ".newslint.yaml", "names:\n  Navalnyy: [Navalny, Navalni]\n")
    story = write(newsroom / "story.txt", NAVALNY)
    code, found = names_findings(capsys, monkeypatch, newsroom, "story.txt")
    assert code == 1
    # "Alexei Navalny" is the bundled dictionary's preferred form: with this vocabulary it is
    # written the newsroom's way too, so no bundled entry asks for it back.
    assert found == [(1, 1, "Navalny", "Navalnyy", "safe"), (3, 8, "Navalny", "Navalnyy", "safe"),
                     (3, 44, "Navalni", "Navalnyy", "safe")]
    code, _, err = run(capsys, monkeypatch, newsroom, "fix", "--select", "names", "story.txt")
    assert (code, err) == (0, "newslint: story.txt: applied 3 fixes\n")
    assert story.read_text(encoding="utf-8") == (
        "Navalnyy dies\n\nAlexei Navalnyy, the opposition leader, and Navalnyy's aide.\n")


def test_a_vocabulary_file_beside_the_config_with_accepted_words(capsys, monkeypatch, newsroom):
    write(newsroom / ".newslint.yaml", "extends: house\nnames: names.yaml\n")
    write(newsroom / "names.yaml", "# The desk's own spellings\nnames:\n  Navalnyy:\n"
                                   "    - Navalny\naccept: [Odessa, Kiev Ballet]\n")
    write(newsroom / "story.txt", "Talks\n\nNavalny in Odessa, at the Kiev Ballet and in Kiev.\n")
    code, found = names_findings(capsys, monkeypatch, newsroom, "story.txt")
    assert found == [(3, 1, "Navalny", "Navalnyy", "safe"), (3, 46, "Kiev", "Kyiv", "safe")]


def test_a_newsroom_that_prefers_zelensky_gets_its_spelling_and_no_conflict(
        capsys, monkeypatch, newsroom):
    write(newsroom / ".newslint.yaml", "names:\n  Zelensky: [Zelenskyy]\n")
    story = write(newsroom / "story.txt",
                  "Talks\n\nZelenskyy met Zelenskiy's aides. Zelensky spoke. ZELENSKYY said.\n")
    code, found = names_findings(capsys, monkeypatch, newsroom, "story.txt")
    # The bundled entries that wrote "Zelenskyy" now write "Zelensky"; "Zelensky" is not flagged.
    assert found == [(3, 1, "Zelenskyy", "Zelensky", "safe"),
                     (3, 15, "Zelenskiy", "Zelensky", "safe"),
                     (3, 50, "ZELENSKYY", "ZELENSKY", "safe")]
    code, _, err = run(capsys, monkeypatch, newsroom, "fix", "--select", "names", "story.txt")
    assert (code, err) == (0, "newslint: story.txt: applied 3 fixes\n")
    assert story.read_text(encoding="utf-8") == (
        "Talks\n\nZelensky met Zelensky's aides. Zelensky spoke. ZELENSKY said.\n")


def test_the_same_preference_as_a_rule_of_its_own_is_still_a_conflict(
        capsys, monkeypatch, newsroom):
    """What the vocabulary spares a newsroom: the undocumented `terms:` rule contradicts the
    bundled dictionary, and fix refuses it."""
    write(newsroom / ".newslint.yaml", "rules:\n  names.ours:\n    kind: substitution\n"
                                       "    options: {terms: {Zelenskyy: Zelensky}}\n")
    write(newsroom / "story.txt", "Talks\n\nZelensky spoke.\n")
    code, _, err = run(capsys, monkeypatch, newsroom, "fix", "--select", "names", "story.txt")
    assert code == 2 and "rules contradict each other: names.spelling" in err


def test_overriding_an_entry_keeps_what_the_dictionary_knows_about_the_variant(
        capsys, monkeypatch, newsroom):
    # Bundled: Kiev -> Kyiv except in "chicken Kiev"; Nikolaev -> Mykolaiv, unsafe (a surname too).
    write(newsroom / ".newslint.yaml",
          "names:\n  Kyyiv: [Kiev]\n  Mykolayiv: [Nikolaev, Mykolaiv]\n")
    write(newsroom / "story.txt", "Talks\n\nChicken Kiev in Kiev. Nikolaev and Mykolaiv.\n")
    code, found = names_findings(capsys, monkeypatch, newsroom, "story.txt")
    assert found == [(3, 17, "Kiev", "Kyyiv", "safe"), (3, 23, "Nikolaev", "Mykolayiv", "unsafe"),
                     (3, 36, "Mykolaiv", "Mykolayiv", "safe")]


def test_a_name_the_context_rule_asks_about_follows_the_newsroom(capsys, monkeypatch, newsroom):
    # Bundled names.context: "Turkey" -> "Turkiye" (unsafe). This newsroom writes "Turkey".
    write(newsroom / ".newslint.yaml", "names:\n  Turkey: [Turkiye]\n")
    story = write(newsroom / "story.txt", "Talks\n\nTurkey voted. Officials in Turkiye agreed.\n")
    code, found = names_findings(capsys, monkeypatch, newsroom, "story.txt")
    assert found == [(3, 28, "Turkiye", "Turkey", "safe")]
    code, _, err = run(capsys, monkeypatch, newsroom, "fix", "--unsafe-fixes", "--select", "names",
                       "story.txt")
    assert code == 0
    assert story.read_text(encoding="utf-8") == (
        "Talks\n\nTurkey voted. Officials in Turkey agreed.\n")


def test_names_in_pyproject_toml(capsys, monkeypatch, newsroom):
    write(newsroom / "pyproject.toml", '[tool.newslint.names]\nNavalnyy = ["Navalny"]\n')
    write(newsroom / "story.txt", "Talks\n\nNavalny spoke.\n")
    assert names_findings(capsys, monkeypatch, newsroom, "story.txt")[1] == [
        (3, 1, "Navalny", "Navalnyy", "safe")]


def test_explain_and_show_config_name_the_vocabulary_in_use(capsys, monkeypatch, newsroom):
    config = write(newsroom / ".newslint.yaml", "names: names.yaml\naccept: [Odessa]\n")
    names = write(newsroom / "names.yaml", "names:\n  Navalnyy: [Navalny, Navalni]\n  Kyiv: Kiev\n")
    write(newsroom / "story.txt", "Talks\n")
    described = f"{names}, {config} (2 names, 3 variants, 1 accepted)"
    code, out, _ = run(capsys, monkeypatch, newsroom, "explain", "names.spelling")
    assert code == 0
    assert out.endswith(f"\nVocabulary (the config's names, merged in): {described}\n")
    assert "vocabulary=" not in out
    code, out, _ = run(capsys, monkeypatch, newsroom, "show", "--config", "story.txt")
    assert out.splitlines()[1:4] == [f"  config: {config}", f"  root: {newsroom}",
                                     f"  names: {described}"]
    code, out, _ = run(capsys, monkeypatch, newsroom, "show", "--config", "--format", "json",
                       "story.txt")
    assert json.loads(out)[0]["names"] == described


def test_an_edited_vocabulary_file_is_read_again(capsys, monkeypatch, newsroom, tmp_path_factory):
    from newslint import config as config_module
    from newslint.config import ruleset as ruleset_module

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    write(newsroom / ".newslint.yaml", "names: names.yaml\n")
    names = write(newsroom / "names.yaml", "names:\n  Navalnyy: [Navalny]\n")
    write(newsroom / "story.txt", "Talks\n\nNavalny spoke.\n")
    assert names_findings(capsys, monkeypatch, newsroom, "story.txt")[1] == [
        (3, 1, "Navalny", "Navalnyy", "safe")]
    write(names, "names:\n  Navalnaya: [Navalny]\n")
    # In the same process, and in a new one that has only the per-user cache.
    assert names_findings(capsys, monkeypatch, newsroom, "story.txt")[1] == [
        (3, 1, "Navalny", "Navalnaya", "safe")]
    monkeypatch.setattr(config_module, "_LOADED", {})
    monkeypatch.setattr(ruleset_module, "_COMPILED", {})
    write(names, "names:\n  Nawalny: [Navalny]\n")
    assert names_findings(capsys, monkeypatch, newsroom, "story.txt")[1] == [
        (3, 1, "Navalny", "Nawalny", "safe")]


def test_the_init_template_documents_names_and_its_example_works(capsys, monkeypatch, newsroom):
    assert run(capsys, monkeypatch, newsroom, "init")[0] == 0
    template = (newsroom / ".newslint.yaml").read_text(encoding="utf-8")
    assert "# names:\n#   Navalnyy: [Navalny, Navalni]\n" in template
    # Uncommented, the example is a working vocabulary.
    uncommented = template.replace("# names:\n#   Navalnyy", "names:\n  Navalnyy")
    write(newsroom / ".newslint.yaml", uncommented)
    write(newsroom / "story.txt", "Talks\n\nNavalni spoke.\n")
    assert names_findings(capsys, monkeypatch, newsroom, "story.txt")[1] == [
        (3, 1, "Navalni", "Navalnyy", "safe")]


# Each mistake: the config (and vocabulary file) as written, and the error after "newslint: ".
BAD = {
    "not-a-mapping": (
        "names:\n  - Navalnyy\n  - Navalny\n", None,
        ".newslint.yaml:1: 'names' must map each preferred form to its variants, as in "
        "`Navalnyy: [Navalny, Navalni]`"),
    "no-variants": (
        "names:\n  Navalnyy:\n", None,
        ".newslint.yaml:2: 'Navalnyy' has no variants; write `Navalnyy: [variant, …]`"),
    "empty-variant": (
        "names:\n  Navalnyy:\n    - Navalny\n    - ''\n", None,
        ".newslint.yaml:4: a variant of 'Navalnyy' is empty"),
    "variant-is-preferred": (
        "names:\n  Navalnyy: [Navalny, Navalnyy]\n", None,
        ".newslint.yaml:2: variant 'Navalnyy' is its preferred form 'Navalnyy': nothing to change"),
    "variant-differs-in-case": (
        "names:\n  Kyiv: [KYIV]\n", None,
        ".newslint.yaml:2: variant 'KYIV' differs only in case from its preferred form 'Kyiv': "
        "nothing to change"),
    "variant-of-two-names": (
        "names:\n  Navalnyy: [Navalny]\n  Navalnaya:\n    - Navalnaia\n    - Navalny\n", None,
        ".newslint.yaml:5: variant 'Navalny' is mapped to 'Navalnaya' here and to 'Navalnyy' at "
        "line 2"),
    "variant-and-name": (
        "names:\n  Navalnyy: [Navalny]\n  Navalny: [Nawalny]\n", None,
        ".newslint.yaml:2: 'Navalny' is a variant of 'Navalnyy' here and a preferred form at "
        "line 3: which spelling is right?"),
    "accepted-variant": (
        "names: names.yaml\naccept: [Odessa, Navalny]\n", "names:\n  Navalnyy: [Navalny]\n",
        "names.yaml:2: 'Navalny' is accepted at {config}:2 and a variant of 'Navalnyy' here: "
        "which is it?"),
    "not-text": (
        "names:\n  Navalnyy: [Navalny, 2024]\n", None,
        ".newslint.yaml:2: a variant of 'Navalnyy' must be text, not 2024 (quote it)"),
    "padded": (
        "names:\n  Navalnyy: ['Navalny ']\n", None,
        ".newslint.yaml:2: a variant of 'Navalnyy', 'Navalny ', begins or ends with white space"),
    "file-not-found": (
        "extends: house\nnames: name.yaml\n", None,
        ".newslint.yaml:2: names file not found: name.yaml ('names' is a vocabulary file, or a "
        "mapping of preferred forms to their variants, as in `Navalnyy: [Navalny, Navalni]`)"),
    "file-typo": (
        "names: names.yaml\n", "name:\n  Navalnyy: [Navalny]\n",
        "names.yaml:1: not a names vocabulary (a YAML mapping with 'names' (preferred form: "
        "[variants]) and optionally 'accept'): unknown key 'name'; did you mean 'names'?"),
    "file-bad-entry": (
        "names: names.yaml\n", "names:\n  Navalnyy: [Navalny]\n  Kyiv: {Kiev: 1}\n",
        "names.yaml:3: the variants of 'Kyiv' must be a name or a list of names, as in "
        "`Navalnyy: [Navalny, Navalni]`"),
    "no-names-rule": (
        "extends: proselint\nnames:\n  Navalnyy: [Navalny]\n", None,
        ".newslint.yaml:2: 'names' joins the rules that read the whole names dictionary "
        "(names.spelling in house and ap), and no rule of this config does"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_mistake_in_a_vocabulary_is_exit_2_at_file_and_line(capsys, monkeypatch, newsroom, name):
    config_text, names_text, message = BAD[name]
    config = write(newsroom / ".newslint.yaml", config_text)
    if names_text is not None:
        write(newsroom / "names.yaml", names_text)
    write(newsroom / "story.txt", "Talks\n\nNavalny spoke.\n")
    expected = f"newslint: {newsroom}/{message.format(config=config)}\n"
    assert run(capsys, monkeypatch, newsroom, "check", "story.txt") == (2, "", expected)
    assert run(capsys, monkeypatch, newsroom, "fix", "story.txt") == (2, "", expected)


SECRET = "hunter2-S3cret"


@pytest.mark.parametrize("text, reason", [
    (f"root:*:19000:0:99999:7:::\n{SECRET}: 1\n", "a top-level key that is not one of these"),
    (f"- {SECRET}\n", "its top level is not a mapping"),
    ("", "the file is empty"),
    ("{}\n", "it has neither 'names' nor 'accept'"),
])
def test_a_names_file_that_is_no_vocabulary_is_not_quoted(
        capsys, monkeypatch, newsroom, text, reason):
    write(newsroom / ".newslint.yaml", f"names: {newsroom / 'secrets'}\n")
    write(newsroom / "secrets", text)
    write(newsroom / "story.txt", "Talks\n")
    code, out, err = run(capsys, monkeypatch, newsroom, "check", "story.txt")
    assert (code, out) == (2, "")
    assert err == (f"newslint: {newsroom}/secrets:1: not a names vocabulary (a YAML mapping with "
                   f"'names' (preferred form: [variants]) and optionally 'accept'): {reason}\n")
    assert SECRET not in err


def test_the_config_schema_takes_names_and_accept():
    import jsonschema

    from newslint.config.schemas import schema_path

    schema = json.loads(schema_path("config").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for good in ("names: names.yaml\n",
                 "names:\n  Navalnyy: [Navalny]\n  Kyiv: Kiev\naccept: Odessa\n"):
        assert validator.is_valid(yaml.safe_load(good)), good
    for bad in ("names: [Navalny]\n", "names:\n  Navalnyy: [[Navalny]]\n", "accept: {a: b}\n"):
        assert not validator.is_valid(yaml.safe_load(bad)), bad
    vocabulary = json.loads(schema_path("vocabulary").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(vocabulary)
    assert validator.is_valid({"names": {"Navalnyy": ["Navalny"]}, "accept": ["Odessa"]})
    assert not validator.is_valid({"name": {"Navalnyy": ["Navalny"]}})
