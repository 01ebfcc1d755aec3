"""The compiled-ruleset cache: used when nothing changed, never stale, never an error."""

import os
import shutil
import subprocess
import sys

import pytest

from newslint import ruleset as ruleset_module
from newslint.ruleset import bundled_dir, load_ruleset
from helpers import FIXTURES


def _private_house(tmp_path):
    for name in ("house.yaml", "names.yaml"):
        shutil.copy(bundled_dir() / name, tmp_path / name)
    return tmp_path / "house.yaml"


def _kiev_fix(ruleset):
    from helpers import document_for

    from newslint.engine import lint

    findings = lint(document_for("Talks in Kiev."), ruleset.selected(["names.spelling"]))
    return [f.fix.replacement for f in findings]


@pytest.fixture
def new_process(monkeypatch):
    """As if in a fresh process: nothing compiled yet, so only the per-user cache can help."""
    monkeypatch.setattr(ruleset_module, "_COMPILED", {})


def _refuse_to_compile(monkeypatch):
    def refuse(spec):
        raise AssertionError(f"{spec.id} compiled again")

    monkeypatch.setattr(ruleset_module, "_compile", refuse)


def test_cache_is_written_and_reused(tmp_path, monkeypatch, new_process):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = _private_house(tmp_path)
    first = load_ruleset(str(path))
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2  # the specs and the rules
    monkeypatch.setattr(ruleset_module, "_COMPILED", {})
    _refuse_to_compile(monkeypatch)
    second = load_ruleset(str(path))
    assert second is not first and [r.id for r in second.rules] == [r.id for r in first.rules]
    assert _kiev_fix(second) == ["Kyiv"]


def test_changed_data_file_recompiles(tmp_path, monkeypatch, new_process):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = _private_house(tmp_path)
    assert _kiev_fix(load_ruleset(str(path))) == ["Kyiv"]
    names = tmp_path / "names.yaml"
    names.write_text(names.read_text(encoding="utf-8").replace("preferred: Kyiv", "preferred: Kyyiv"),
                     encoding="utf-8")
    assert _kiev_fix(load_ruleset(str(path))) == ["Kyyiv"]
    monkeypatch.setattr(ruleset_module, "_COMPILED", {})  # and in a new process
    assert _kiev_fix(load_ruleset(str(path))) == ["Kyyiv"]


def test_changed_ruleset_file_is_read_again(tmp_path, monkeypatch, new_process):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = _private_house(tmp_path)
    assert load_ruleset(str(path)).rule("names.spelling").severity == "error"
    text = path.read_text(encoding="utf-8")
    start = text.index("  names.spelling:")
    severity = text.index("severity: error", start)
    rest = text[severity + len("severity: error"):]
    path.write_text(text[:severity] + "severity: warning" + rest, encoding="utf-8")
    monkeypatch.setattr(ruleset_module, "_COMPILED", {})
    assert load_ruleset(str(path)).rule("names.spelling").severity == "warning"


def test_corrupt_cache_is_ignored(tmp_path, monkeypatch, new_process):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = _private_house(tmp_path)
    load_ruleset(str(path))
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    monkeypatch.setattr(ruleset_module, "_COMPILED", {})
    assert _kiev_fix(load_ruleset(str(path))) == ["Kyiv"]


def test_unwritable_cache_folder_is_not_an_error(tmp_path, monkeypatch, new_process):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(blocker / "cache"))
    assert _kiev_fix(load_ruleset("house")) == ["Kyiv"]


def test_a_config_reuses_the_rules_compiled_for_it(tmp_path, monkeypatch, new_process):
    from newslint.config import load_config

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    config = tmp_path / ".newslint.yaml"
    config.write_text("extends: house\nrules:\n  captions.length: {options: {max_words: 9}}\n",
                      encoding="utf-8")
    first = load_config(config).ruleset_for(str(tmp_path / "a.txt"))
    monkeypatch.setattr(ruleset_module, "_COMPILED", {})
    monkeypatch.setattr("newslint.config._LOADED", {})
    _refuse_to_compile(monkeypatch)
    second = load_config(config).ruleset_for(str(tmp_path / "a.txt"))
    assert second.rule("captions.length").config["max_words"] == 9
    assert [r.id for r in second.rules] == [r.id for r in first.rules]


def test_check_with_a_warm_cache_compiles_nothing(tmp_path):
    """A pre-commit run on one article: the rules come from the cache, so neither the YAML
    loader nor proselint (whose checks the cached rule holds) is imported."""
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys; from newslint.cli import main; code = main(['check', 'a.txt']); "
            "print(code, *sorted(m for m in ('yaml', 'proselint') if m in sys.modules), "
            "file=sys.stderr)")
    shutil.copy(FIXTURES / "articles" / "seed-article.txt", tmp_path / "a.txt")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=tmp_path) for _ in range(2)]
    cold, warm = (run.stderr.strip().splitlines()[-1] for run in runs)
    assert runs[0].stdout == runs[1].stdout and "[dates.format]" in runs[1].stdout
    assert cold.startswith("1 ") and "yaml" in cold.split()
    assert warm == "1"


def test_a_config_file_is_cached_and_an_edit_is_seen(tmp_path):
    """With a .newslint.yaml, a warm run imports no YAML loader either; editing it takes effect."""
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys; from newslint.cli import main; code = main(['check', 'a.txt']); "
            "print(code, 'yaml' in sys.modules, file=sys.stderr)")
    shutil.copy(FIXTURES / "articles" / "seed-article.txt", tmp_path / "a.txt")
    config = tmp_path / ".newslint.yaml"

    def run():
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env, cwd=tmp_path)
        return done.stdout, done.stderr.strip().splitlines()[-1]

    config.write_text("extends: house\nselect: [dates]\n", encoding="utf-8")
    cold_out, cold = run()
    warm_out, warm = run()
    assert (cold, warm) == ("1 True", "1 False")
    assert cold_out == warm_out and "[dates.format]" in warm_out and "[captions" not in warm_out
    config.write_text("extends: house\nselect: [captions]\n", encoding="utf-8")
    edited_out, _ = run()
    assert "[captions.credit]" in edited_out and "[dates" not in edited_out
