"""The compiled-ruleset cache: used when nothing changed, never stale, never an error."""

import shutil

from newslint.ruleset import bundled_dir, load_ruleset


def _private_house(tmp_path):
    for name in ("house.yaml", "names.yaml"):
        shutil.copy(bundled_dir() / name, tmp_path / name)
    return tmp_path / "house.yaml"


def _kiev_fix(ruleset):
    from helpers import document_for

    from newslint.engine import lint

    findings = lint(document_for("Talks in Kiev."), ruleset.selected(["names.spelling"]))
    return [f.fix.replacement for f in findings]


def test_cache_is_written_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = _private_house(tmp_path)
    first = load_ruleset(str(path))
    assert len(list((tmp_path / "cache").glob("ruleset-*.pickle"))) == 1
    second = load_ruleset(str(path))
    assert second is not first and [r.id for r in second.rules] == [r.id for r in first.rules]
    assert _kiev_fix(second) == ["Kyiv"]


def test_changed_data_file_recompiles(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = _private_house(tmp_path)
    assert _kiev_fix(load_ruleset(str(path))) == ["Kyiv"]
    names = tmp_path / "names.yaml"
    names.write_text(names.read_text(encoding="utf-8").replace("preferred: Kyiv", "preferred: Kyyiv"),
                     encoding="utf-8")
    assert _kiev_fix(load_ruleset(str(path))) == ["Kyyiv"]


def test_corrupt_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = _private_house(tmp_path)
    load_ruleset(str(path))
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert _kiev_fix(load_ruleset(str(path))) == ["Kyiv"]


def test_unwritable_cache_folder_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(blocker / "cache"))
    assert _kiev_fix(load_ruleset("house")) == ["Kyiv"]
