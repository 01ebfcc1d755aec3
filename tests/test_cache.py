"""The per-user caches: used when nothing changed, never stale, never an error, and never a
way for another user's file to run code or change findings."""

import marshal
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES

from newslint.config import ruleset as ruleset_module
from newslint.config.ruleset import bundled_dir, load_ruleset


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
    names.write_text(
        names.read_text(encoding="utf-8").replace("preferred: Kyiv", "preferred: Kyyiv"),
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
    config.write_text("extends: house\nrules:\n  captions.too-long: {options: {max_words: 9}}\n",
                      encoding="utf-8")
    first = load_config(config).ruleset_for(str(tmp_path / "a.txt"))
    monkeypatch.setattr(ruleset_module, "_COMPILED", {})
    monkeypatch.setattr("newslint.config._LOADED", {})
    _refuse_to_compile(monkeypatch)
    second = load_config(config).ruleset_for(str(tmp_path / "a.txt"))
    assert second.rule("captions.too-long").config["max_words"] == 9
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


# What a user on a shared machine could plant: a cache entry that runs code when unpickled.
# The house style and seed article give findings with fixes, so a wrong answer would show.
ARTICLE = FIXTURES / "articles" / "seed-article.txt"


class _Plant:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').close()",))


def _hostile_pickle(marker) -> bytes:
    data = pickle.dumps(_Plant(marker))
    pickle.loads(data)  # it does what it says when unpickled
    assert marker.exists()
    marker.unlink()
    return data


def _newslint(tmp_path, cache, *args) -> subprocess.CompletedProcess:
    """``newslint check ARGS a.txt`` as a user runs it, with the cache folder ``cache`` (None:
    no cache at all)."""
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(cache)}
    if cache is None:
        env["NEWSLINT_NO_CACHE"] = "1"
    if not (tmp_path / "a.txt").exists():
        shutil.copy(ARTICLE, tmp_path / "a.txt")
    return subprocess.run([sys.executable, "-m", "newslint", "check", *args, "a.txt"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)


def _uncached(tmp_path) -> str:
    done = _newslint(tmp_path, None)
    assert done.returncode == 1 and "[dates.format]" in done.stdout and "6 fixable" in done.stdout
    assert done.stderr == ""
    return done.stdout


def _as_other_user(path):
    os.chown(path, 65534, 65534)  # nobody


needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="giving a file to another user needs root")


def _plant(entry, data, owner):
    entry.write_bytes(data)
    if owner == "other user":
        entry.chmod(0o644)
        _as_other_user(entry)


@pytest.mark.parametrize("owner", ["this user", pytest.param("other user", marks=needs_root)])
def test_a_planted_pickle_in_the_rules_cache_does_not_run(tmp_path, owner):
    cache, marker = tmp_path / "cache", tmp_path / "marker"
    expected = _uncached(tmp_path)
    assert _newslint(tmp_path, cache).stdout == expected
    entries = sorted(cache.glob("*.pickle"))
    assert [e.name.split("-")[0] for e in entries] == ["rules", "specs"]
    for entry in entries:  # the names are predictable: anyone can compute them
        # Written by someone who read the source: a MAC (the old one: the key is secret), the
        # files and their digest as they are, and the payload that runs code.
        genuine = entry.read_bytes()
        files, digest, _ = marshal.loads(genuine[32:])
        _plant(entry, genuine[:32] + marshal.dumps((files, digest, _hostile_pickle(marker))),
               owner)
    done = _newslint(tmp_path, cache)
    assert not marker.exists()
    assert (done.returncode, done.stdout, done.stderr) == (1, expected, "")


@pytest.mark.parametrize("owner", ["this user", pytest.param("other user", marks=needs_root)])
def test_a_planted_pickle_in_the_results_cache_does_not_run(tmp_path, owner):
    cache, marker = tmp_path / "cache", tmp_path / "marker"
    expected = _uncached(tmp_path)
    assert _newslint(tmp_path, cache, "--cache").stdout == expected
    [entry] = (cache / "results").glob("*/*")
    _plant(entry, _hostile_pickle(marker), owner)
    done = _newslint(tmp_path, cache, "--cache")
    assert not marker.exists()
    assert (done.returncode, done.stdout, done.stderr) == (1, expected, "")


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777], ids=["group", "others", "everyone"])
def test_a_cache_folder_others_can_write_is_refused(tmp_path, mode):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(mode)
    expected = _uncached(tmp_path)
    done = _newslint(tmp_path, cache, "--cache")  # both caches: still said once
    assert (done.returncode, done.stdout) == (1, expected)
    assert done.stderr == (f"newslint: cache folder {cache} is writable by others; "
                           "running without cache\n")
    assert list(cache.iterdir()) == []


@needs_root
def test_a_cache_folder_of_another_user_is_refused(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    _as_other_user(cache)
    expected = _uncached(tmp_path)
    done = _newslint(tmp_path, cache, "--cache")
    assert (done.returncode, done.stdout) == (1, expected)
    assert done.stderr == (f"newslint: cache folder {cache} belongs to another user; "
                           "running without cache\n")
    assert list(cache.iterdir()) == []


def test_a_key_file_others_can_read_is_refused(tmp_path):
    """Whoever reads the key can sign entries: a readable key makes the cache untrusted."""
    cache = tmp_path / "cache"
    expected = _uncached(tmp_path)
    _newslint(tmp_path, cache)
    (cache / "key").chmod(0o644)
    done = _newslint(tmp_path, cache)
    assert (done.returncode, done.stdout) == (1, expected)
    assert done.stderr == (f"newslint: cache key {cache / 'key'} is not a private file of this "
                           "user; running without cache\n")


def test_a_symlink_planted_as_an_entry_is_not_followed(tmp_path):
    """The link leads to a genuine entry, which would be a hit if followed; it is a miss, and
    the entry written instead replaces the link, not the file it points to."""
    cache = tmp_path / "cache"
    expected = _uncached(tmp_path)
    _newslint(tmp_path, cache)
    [entry] = cache.glob("rules-*.pickle")
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    done = _newslint(tmp_path, cache)
    assert (done.returncode, done.stdout, done.stderr) == (1, expected, "")
    assert not entry.is_symlink() and entry.is_file()  # rebuilt and written anew
    assert elsewhere.read_bytes() == before


def _results_entry(cache):
    [entry] = (cache / "results").glob("*/*")
    return entry, f"results/{entry.parent.name}/{entry.name}"


@pytest.mark.parametrize("body", [
    42,
    {"path": "a.txt"},
    [("a.txt",) * 15],  # positions that are not numbers
    [("a.txt", "names.spelling", "fatal", "m", 0, 1, 1, 1, 1, 2, "K", None, "body", None, {})],
    [("a.txt", "names.spelling", "error", "m", 0, 1, 1, 1, 1, 2, "K",
      ([(0, 1, 2, None)], "safe", "", ""), "body", None, {})],  # a number to write
], ids=["a number", "a mapping", "strings for numbers", "unknown severity", "a bad fix"])
def test_a_results_entry_that_is_not_findings_is_a_miss(tmp_path, body):
    """Signed with this user's key, as a newslint bug could write it: still no exit 3."""
    from newslint.files.cache import open_store

    cache = tmp_path / "cache"
    expected = _uncached(tmp_path)
    _newslint(tmp_path, cache, "--cache")
    _, name = _results_entry(cache)
    open_store(cache).save(name, marshal.dumps(body))
    done = _newslint(tmp_path, cache, "--cache")
    assert (done.returncode, done.stdout, done.stderr) == (1, expected, "")


def test_a_tampered_results_entry_is_a_miss(tmp_path):
    """Well-formed findings with one word changed: the MAC no longer matches, so the finding
    shown is the real one."""
    cache = tmp_path / "cache"
    expected = _uncached(tmp_path)
    _newslint(tmp_path, cache, "--cache")
    entry, _ = _results_entry(cache)
    data = entry.read_bytes()
    assert b"Babani" in data
    entry.write_bytes(data.replace(b"Babani", b"Bobani"))
    done = _newslint(tmp_path, cache, "--cache")
    assert (done.returncode, done.stdout, done.stderr) == (1, expected, "")
    assert "Bobani" not in done.stdout


def test_the_cache_folder_is_created_private(tmp_path):
    cache = tmp_path / "home" / "cache" / "newslint"
    assert _newslint(tmp_path, cache, "--cache").returncode == 1
    folders = [cache, *[p for p in cache.rglob("*") if p.is_dir()]]
    files = [p for p in cache.rglob("*") if not p.is_dir()]
    assert len(folders) == 3 and len(files) == 4  # results/ab/; key, specs, rules, results
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


@pytest.mark.parametrize("xdg", [True, False])
def test_the_default_folder_is_the_platform_user_cache(tmp_path, monkeypatch, xdg):
    from platformdirs import user_cache_dir

    from newslint.files.cache import cache_dir

    if xdg:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    else:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NEWSLINT_CACHE_DIR")
    default = Path(user_cache_dir("newslint", appauthor=False))
    assert default.is_relative_to(tmp_path)  # on Linux, xdg/newslint or home/.cache/newslint
    assert cache_dir() == default  # computed without importing platformdirs on Linux
    shutil.copy(ARTICLE, tmp_path / "a.txt")

    def run(**extra):
        return subprocess.run([sys.executable, "-m", "newslint", "check", "a.txt"],
                              capture_output=True, text=True, env={**os.environ, **extra},
                              cwd=tmp_path)

    assert run(NEWSLINT_NO_CACHE="1").returncode == 1
    assert not (tmp_path / "xdg").exists() and not default.exists()
    assert run().returncode == 1
    assert len(list(default.glob("*.pickle"))) == 2
