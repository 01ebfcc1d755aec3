"""The shared data files: every group sourced, no variant twice, no variant that is right."""

from collections import Counter

import pytest

from newslint.analysis.matcher import fold
from newslint.config.ruledata import load_dictionary, load_pairs, load_titles
from newslint.config.ruleset import bundled_dir
from newslint.errors import ConfigError


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


def _titles_ruleset(tmp_path, titles: list[str]):
    (tmp_path / "titles.yaml").write_text(
        "titles:\n" + "".join(f"  - {title}\n" for title in titles), encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nrules:\n  titles.case:\n    kind: titles\n    severity: warning\n"
                    "    description: A formal title in the wrong case.\n"
                    "    options: {check: case, titles: titles.yaml}\n", encoding="utf-8")
    return path


def _title_findings(ruleset) -> list[str]:
    from helpers import document_for

    from newslint.engine import lint

    return [f.message for f in lint(document_for("Talks ended, and the Chancellor flew home."),
                                     ruleset)]


def test_an_edited_titles_file_recompiles_its_rule_in_the_same_process(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    from newslint.config.ruleset import load_ruleset

    path = _titles_ruleset(tmp_path, ["prime minister"])
    assert _title_findings(load_ruleset(str(path))) == []
    _titles_ruleset(tmp_path, ["prime minister", "chancellor"])
    assert len(_title_findings(load_ruleset(str(path)))) == 1


def test_a_file_answered_from_memory_is_still_noted_as_read(tmp_path):
    from newslint.files.cache import recording

    titles = tmp_path / "titles.yaml"
    titles.write_text("titles: [chancellor]\n", encoding="utf-8")
    assert load_titles(titles) == (("chancellor",), ())
    with recording() as files:
        assert load_titles(titles) == (("chancellor",), ())
    assert files == {str(titles.resolve())}


@pytest.mark.parametrize(("loader", "text", "error"), [
    (load_dictionary, "groups:\n  - name: places\n    entries: []\n",
     "data.yaml:2: group 'places' must cite the 'source' of its spellings"),
    (lambda path: load_pairs(path, "first"), "pairs:\n  - [colour, color]\n  - [grey]\n",
     "data.yaml:3: each pair is [first, second]"),
    (load_titles, "titles: [chancellor]\ninstitutions: chancellor's office\n",
     "data.yaml:1: 'institutions' must be a list of strings"),
])
def test_a_malformed_data_file_is_an_error_naming_its_line(tmp_path, loader, text, error):
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        loader(path)
    assert str(raised.value) == f"{tmp_path}/{error}"
