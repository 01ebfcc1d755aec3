"""The baseline: `newslint baseline` records the findings of published copy, and `check` then
reports only new ones; fingerprints that survive edits elsewhere, counts, prune, the report of
what no longer occurs, the config key, errors, every output format, --diff-base and fix."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from newslint.cli import main
from newslint.formatters import FORMATS

HEAD = "Talks resume\n\nDelegations met on Monday to talk about the war.\n\n"
KIEV = "Officials said talks in Kiev went on all day.\n\n"
DATE = "The next round opens on Feb. 28, 2024, in Geneva.\n\n"
SOURCE = "Source: News Agencies\n"
STORY = HEAD + KIEV + DATE + SOURCE
MARKETS = "Markets\n\nShares fell in Kiev and in Odessa.\n\n" + SOURCE

BASELINE = (
    '{\n'
    '  "version": 1,\n'
    '  "entries": [\n'
    '    {"path": "news/kyiv.txt", "rule": "dates.format", "part": "body", "match": '
    '"Feb. 28, 2024", "context": ["on ", ", in"], "count": 1},\n'
    '    {"path": "news/kyiv.txt", "rule": "names.spelling", "part": "body", "match": "Kiev",'
    ' "context": ["in ", " went"], "count": 1},\n'
    '    {"path": "news/markets.txt", "rule": "names.spelling", "part": "standfirst", "match":'
    ' "Kiev", "context": ["in ", " and"], "count": 1},\n'
    '    {"path": "news/markets.txt", "rule": "names.spelling", "part": "standfirst", "match":'
    ' "Odessa", "context": ["in ", "."], "count": 1}\n'
    '  ]\n'
    '}\n'
)
ALL_CLEAR = "All clear: 2 files, no findings\n"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check(capsys, *argv):
    """Text findings of names and dates, as pre-commit shows them."""
    return run(capsys, "check", "--select", "names,dates", "--color", "never", *argv)


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    """Two published articles and their baseline, in the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "kyiv.txt").write_text(STORY)
    (tmp_path / "news" / "markets.txt").write_text(MARKETS)
    return tmp_path


def write_baseline(capsys, *argv):
    assert run(capsys, "baseline", "--select", "names,dates", *argv) == (
        0, "wrote .newslint-baseline.json: 4 findings in 2 of 2 files\n", "")


def test_the_file_is_sorted_one_entry_a_line_and_the_same_every_time(capsys, newsroom):
    write_baseline(capsys, "news")
    written = (newsroom / ".newslint-baseline.json").read_bytes()
    assert written == BASELINE.encode()
    write_baseline(capsys, "news/markets.txt", "news/kyiv.txt")  # another order, same bytes
    assert (newsroom / ".newslint-baseline.json").read_bytes() == written


def test_check_reports_only_the_findings_the_baseline_does_not_hold(capsys, newsroom):
    write_baseline(capsys, "news")
    assert check(capsys, "--baseline", ".newslint-baseline.json", "news") == (0, ALL_CLEAR, "")
    (newsroom / "news" / "kyiv.txt").write_text(STORY.replace("all day", "all day in Odessa"))
    assert check(capsys, "--baseline", ".newslint-baseline.json", "news") == (1, (
        'news/kyiv.txt:5:49: error [names.spelling] "Odessa" is spelt "Odesa" in house style\n'
        '    fix: Write "Odesa"\n'
        "1 problem (1 error) in 1 of 2 files; 1 fixable with `newslint fix`\n"), "")
    assert check(capsys, "--no-baseline", "news")[0] == 1


def test_an_entry_under_a_rules_old_id_holds_the_renamed_rules_finding(capsys, newsroom,
                                                                     monkeypatch):
    """A baseline written before a rule was renamed (here as if `names.spelling` had been
    `names.spelt`) still holds that rule's findings."""
    from newslint.config import ruleset as ruleset_module

    write_baseline(capsys, "news")
    written = (newsroom / ".newslint-baseline.json").read_text()
    assert '"rule": "names.spelling"' in written
    monkeypatch.setitem(ruleset_module.RENAMED, "names.spelt", "names.spelling")
    (newsroom / ".newslint-baseline.json").write_text(
        written.replace('"rule": "names.spelling"', '"rule": "names.spelt"'))
    assert check(capsys, "--baseline", ".newslint-baseline.json", "news") == (0, ALL_CLEAR, "")


def test_a_fingerprint_survives_lines_moving_a_paragraph_inserted_above_and_a_reflow(
        capsys, newsroom):
    write_baseline(capsys, "news")
    moved = (HEAD + "A paragraph written since, about the talks.\n\n"
             + "Officials said talks in Kiev\nwent on all day.\n\n\n" + DATE + SOURCE)
    (newsroom / "news" / "kyiv.txt").write_text(moved)
    assert check(capsys, "--no-baseline", "news/kyiv.txt")[1].startswith(
        "news/kyiv.txt:7:25: error [names.spelling]")  # two lines further down
    assert check(capsys, "--baseline", ".newslint-baseline.json", "news") == (0, ALL_CLEAR, "")


def test_an_edit_of_the_match_or_of_the_word_beside_it_is_a_new_finding(capsys, newsroom):
    write_baseline(capsys, "news")
    (newsroom / "news" / "kyiv.txt").write_text(STORY.replace("in Kiev went", "in Kiev lasted"))
    code, out, _ = check(capsys, "--baseline", ".newslint-baseline.json", "news")
    assert (code, out.splitlines()[0]) == (
        1, 'news/kyiv.txt:5:25: error [names.spelling] "Kiev" is spelt "Kyiv" in house style')


def test_a_second_occurrence_is_new_and_it_is_always_the_later_one(capsys, newsroom):
    write_baseline(capsys, "news")
    story = newsroom / "news" / "kyiv.txt"
    story.write_text(HEAD + KIEV + DATE + KIEV + SOURCE)  # the copy after the original
    code, out, _ = check(capsys, "--baseline", ".newslint-baseline.json", "news")
    assert (code, out.splitlines()[0]) == (
        1, 'news/kyiv.txt:9:25: error [names.spelling] "Kiev" is spelt "Kyiv" in house style')
    story.write_text(HEAD + KIEV + KIEV + DATE + SOURCE)  # the copy before: still the later
    code, out, _ = check(capsys, "--baseline", ".newslint-baseline.json", "news")
    assert (code, out.splitlines()[0]) == (
        1, 'news/kyiv.txt:7:25: error [names.spelling] "Kiev" is spelt "Kyiv" in house style')


FIXED_REPORT = (
    "newslint: .newslint-baseline.json: 3 findings of the baseline no longer occur "
    "(`newslint baseline --prune` removes them):\n"
    '  news/kyiv.txt: names.spelling "Kiev" (body: "in Kiev went")\n'
    '  news/markets.txt: names.spelling "Kiev" (standfirst: "in Kiev and")\n'
    '  news/markets.txt: names.spelling "Odessa" (standfirst: "in Odessa.")\n'
)


def test_a_baseline_changed_since_an_earlier_run_is_read_again(capsys, newsroom):
    """The parsed baseline is kept in the per-user cache between runs, by its content: an
    edit of the same size leaves no stale entry behind."""
    from newslint import baseline

    write_baseline(capsys, "news")
    assert check(capsys, "--baseline", ".newslint-baseline.json", "news") == (0, ALL_CLEAR, "")
    path = newsroom / ".newslint-baseline.json"
    path.write_text(path.read_text().replace('"Odessa"', '"Odesa!"'))
    baseline._LOADED.clear()  # as a new run starts
    code, out, _ = check(capsys, "--baseline", ".newslint-baseline.json", "news")
    assert code == 1
    assert [line.split(": ")[0] for line in out.splitlines() if "[names.spelling]" in line] == [
        "news/markets.txt:3:28"]


def test_report_fixed_baseline_lists_the_findings_that_no_longer_occur(capsys, newsroom):
    write_baseline(capsys, "news")
    (newsroom / "news" / "kyiv.txt").write_text(STORY.replace("Kiev", "Kyiv"))
    (newsroom / "news" / "markets.txt").unlink()  # a deleted article: its findings are gone
    assert check(capsys, "--baseline", ".newslint-baseline.json", "--report-fixed-baseline",
                 "news") == (0, "All clear: 1 file, no findings\n", FIXED_REPORT)
    code, _, err = check(capsys, "--baseline", ".newslint-baseline.json", "--statistics", "news")
    assert code == 0 and err.endswith(
        "  baseline: 1 finding held back; 3 of its findings no longer occur "
        "(--report-fixed-baseline lists them)\n")


def test_the_report_counts_only_the_rules_that_ran(capsys, newsroom):
    write_baseline(capsys, "news")
    (newsroom / "news" / "kyiv.txt").write_text(STORY.replace("Feb. 28", "February 28"))
    # Only names run: the date's entry says nothing, though it is gone.
    assert run(capsys, "check", "--select", "names", "--baseline", ".newslint-baseline.json",
               "--report-fixed-baseline", "news") == (0, ALL_CLEAR, "")


def test_prune_takes_out_what_no_longer_occurs_and_never_adds(capsys, newsroom):
    write_baseline(capsys, "news")
    (newsroom / "news" / "kyiv.txt").write_text(
        STORY.replace("Feb. 28", "February 28").replace("all day", "all day in Kharkov"))
    (newsroom / "news" / "markets.txt").write_text(MARKETS.replace("Odessa", "Odesa"))
    assert run(capsys, "baseline", "--prune", "--select", "names,dates", "news") == (
        0, "pruned .newslint-baseline.json: 2 findings gone, 2 left\n", "")
    assert (newsroom / ".newslint-baseline.json").read_text() == (
        '{\n  "version": 1,\n  "entries": [\n'
        '    {"path": "news/kyiv.txt", "rule": "names.spelling", "part": "body", "match": "Kiev",'
        ' "context": ["in ", " went"], "count": 1},\n'
        '    {"path": "news/markets.txt", "rule": "names.spelling", "part": "standfirst", '
        '"match": "Kiev", "context": ["in ", " and"], "count": 1}\n'
        '  ]\n}\n')  # and no Kharkov
    code, out, _ = check(capsys, "--baseline", ".newslint-baseline.json", "news")
    assert (code, out.splitlines()[0]) == (
        1, 'news/kyiv.txt:5:49: error [names.spelling] "Kharkov" is spelt "Kharkiv" in house '
           'style')


def test_prune_keeps_the_entries_of_rules_and_files_it_did_not_lint(capsys, newsroom):
    write_baseline(capsys, "news")
    (newsroom / "news" / "kyiv.txt").write_text(HEAD + SOURCE)  # every finding gone
    assert run(capsys, "baseline", "--prune", "--select", "names", "news/kyiv.txt") == (
        0, "pruned .newslint-baseline.json: 1 finding gone, 3 left\n", "")
    assert (newsroom / ".newslint-baseline.json").read_text() == BASELINE.replace(
        '    {"path": "news/kyiv.txt", "rule": "names.spelling", "part": "body", "match": "Kiev",'
        ' "context": ["in ", " went"], "count": 1},\n', "")


def test_counts_survive_prune_down_to_what_is_left(capsys, newsroom):
    (newsroom / "news" / "kyiv.txt").write_text(HEAD + KIEV + KIEV + KIEV + SOURCE)
    assert run(capsys, "baseline", "--select", "names", "news/kyiv.txt") == (
        0, "wrote .newslint-baseline.json: 3 findings in 1 of 1 file\n", "")
    entry = ('    {"path": "news/kyiv.txt", "rule": "names.spelling", "part": "body", "match": '
             '"Kiev", "context": ["in ", " went"], "count": %d}\n')
    assert entry % 3 in (newsroom / ".newslint-baseline.json").read_text()
    (newsroom / "news" / "kyiv.txt").write_text(HEAD + KIEV + SOURCE)
    assert run(capsys, "baseline", "--prune", "--select", "names", "news/kyiv.txt") == (
        0, "pruned .newslint-baseline.json: 2 findings gone, 1 left\n", "")
    assert entry % 1 in (newsroom / ".newslint-baseline.json").read_text()


@pytest.mark.parametrize("config_name, config_text, line", [
    (".newslint.yaml", "extends: house\nbaseline: ci/baseline.json\n", 2),
    ("pyproject.toml",
     '[project]\nname = "desk"\n\n[tool.newslint]\nbaseline = "ci/baseline.json"\n', 5),
], ids=["newslint.yaml", "pyproject.toml"])
def test_the_config_names_the_baseline(capsys, newsroom, config_name, config_text, line):
    (newsroom / config_name).write_text(config_text)
    (newsroom / "ci").mkdir()
    # Missing: every file's error, said once; `newslint baseline` writes it where it says.
    assert check(capsys, "news") == (2, "", (
        f"newslint: {newsroom / config_name}:{line}: baseline file ci/baseline.json not found "
        "(`newslint baseline` writes it)\n"))
    assert run(capsys, "baseline", "--select", "names,dates", "news") == (
        0, "wrote ci/baseline.json: 4 findings in 2 of 2 files\n", "")
    assert (newsroom / "ci" / "baseline.json").read_text() == BASELINE.replace(
        '"path": "news/', '"path": "../news/')
    assert check(capsys, "news") == (0, ALL_CLEAR, "")
    assert check(capsys, "--no-baseline", "news")[0] == 1


def test_a_baseline_key_that_is_no_path_is_a_config_error(capsys, newsroom):
    (newsroom / ".newslint.yaml").write_text("extends: house\nbaseline: [a.json]\n")
    assert check(capsys, "news") == (2, "", (
        f"newslint: {newsroom / '.newslint.yaml'}:2: 'baseline' must be the path of a baseline "
        "file, relative to this file (`newslint baseline` writes one)\n"))


def test_paths_are_relative_to_the_baseline_folder_from_any_current_folder(
        capsys, newsroom, monkeypatch):
    (newsroom / "ci").mkdir()
    assert run(capsys, "baseline", "--select", "names,dates", "-o", "ci/b.json", "news") == (
        0, "wrote ci/b.json: 4 findings in 2 of 2 files\n", "")
    assert '"path": "../news/kyiv.txt"' in (newsroom / "ci" / "b.json").read_text()
    monkeypatch.chdir(newsroom / "news")
    assert check(capsys, "--baseline", "../ci/b.json", "kyiv.txt") == (
        0, "All clear: 1 file, no findings\n", "")
    clone = newsroom.parent / "clone"
    shutil.copytree(newsroom, clone)
    monkeypatch.chdir(clone)
    assert check(capsys, "--baseline", "ci/b.json", "news") == (0, ALL_CLEAR, "")


BAD_BASELINES = [
    ("{\n  \"version\": 1,\n  \"entries\": [\n    {\"path\": \"a.txt\"\n  ]\n}\n",
     "b.json:5: not a newslint baseline: invalid JSON (Expecting ',' delimiter)"),
    ('{\n  "version": 1,\n  "entries": [\n<<<<<<< HEAD\n    {}\n=======\n  ]\n}\n',
     "b.json:4: not a newslint baseline: a merge conflict marker"),
    ('{\n  "version": 2,\n  "entries": []\n}\n',
     "b.json:2: baseline version 2 is not one this newslint reads (1)"),
    ('[]\n', "b.json:1: not a newslint baseline: a JSON object with 'version' and 'entries' is "
             "expected"),
    ('{\n  "version": 1,\n  "entries": [\n'
     '    {"path": "a.txt", "rule": "r", "part": "body", "match": "m", "context": ["", ""], '
     '"count": 1},\n'
     '    {"path": "a.txt", "rule": "r", "part": "body", "match": "m", "context": ["", ""], '
     '"count": 0}\n  ]\n}\n',
     "b.json:5: not a baseline entry: 'count' is a whole number, 1 or more"),
    ('{"version": 1, "entries": [{"path": "a.txt", "rule": "r", "part": "body", "match": "m", '
     '"context": ["", ""], "count": 1, "line": 3}]}',
     "b.json:1: not a baseline entry: unknown key 'line'; keys: path, rule, part, match, "
     "context, count"),
    ('{"version": 1, "entries": [{"path": "a.txt", "rule": "r", "part": "body", "match": "m", '
     '"context": "", "count": 1}]}',
     "b.json:1: not a baseline entry: 'context' is a list of two strings (before and after the "
     "match)"),
    (b"\xff\xfe{}", "b.json: cannot read baseline file: not UTF-8"),
]


@pytest.mark.parametrize("content, message", BAD_BASELINES, ids=[
    "invalid JSON", "merge conflict", "another version", "not an object", "bad count",
    "unknown key", "bad context", "not UTF-8"])
def test_a_bad_baseline_file_is_exit_2_with_its_file_and_line(capsys, newsroom, content, message):
    path = newsroom / "b.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    suffix = "" if "UTF-8" in message else "; write it again with `newslint baseline`"
    assert check(capsys, "--baseline", "b.json", "news") == (
        2, "", f"newslint: {message}{suffix}\n")


def test_a_missing_baseline_file_is_exit_2(capsys, newsroom):
    assert check(capsys, "--baseline", "b.json", "news") == (2, "", (
        "newslint: b.json: baseline file not found (`newslint baseline -o b.json` writes it)\n"))
    (newsroom / "b.json").mkdir()
    assert check(capsys, "--baseline", "b.json", "news") == (2, "", (
        "newslint: b.json: baseline file is a folder, not a baseline file (`newslint baseline "
        "-o b.json` writes it)\n"))
    assert run(capsys, "baseline", "--prune", "-o", "c.json", "news") == (2, "", (
        "newslint: c.json: baseline file not found (`newslint baseline -o c.json` writes it)\n"))


def test_usage_errors(capsys, newsroom):
    assert check(capsys, "--baseline", "b.json", "--no-baseline", "news") == (
        2, "", "newslint: --baseline and --no-baseline cannot be combined\n")
    assert run(capsys, "baseline", "-") == (2, "", (
        "newslint: a baseline names the files it records, and standard input ('-') has no "
        "name; give the files\n"))


def test_a_file_that_cannot_be_linted_writes_no_baseline(capsys, newsroom):
    (newsroom / "news" / "broken.txt").write_bytes(b"Talks in \xff Kiev.\n")
    code, out, err = run(capsys, "baseline", "news")
    assert (code, out) == (2, "")
    assert err.endswith("newslint: .newslint-baseline.json not written: 1 of 3 files could not "
                        "be linted\n")
    assert not (newsroom / ".newslint-baseline.json").exists()


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_every_output_format_reports_only_new_findings(capsys, newsroom, format_name):
    write_baseline(capsys, "news")
    (newsroom / "news" / "kyiv.txt").write_text(STORY.replace("all day", "all day in Kharkov"))
    code, out, err = run(capsys, "check", "--select", "names,dates", "--format", format_name,
                         "--baseline", ".newslint-baseline.json", "news")
    assert (code, err) == (1, "")
    if format_name == "sarif":  # the results, not the rules' documentation
        out = json.dumps(json.loads(out)["runs"][0]["results"])
    assert "Kharkov" in out
    assert "Kiev" not in out and "Odessa" not in out and "Feb. 28" not in out


def test_standard_input_is_matched_by_its_file_name(capsys, newsroom, monkeypatch):
    import io
    import sys

    write_baseline(capsys, "news")
    stdin = io.TextIOWrapper(io.BytesIO(STORY.encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert check(capsys, "--baseline", ".newslint-baseline.json", "--stdin-filename",
                 "news/kyiv.txt", "-") == (0, "All clear: 1 file, no findings\n", "")


def test_fix_leaves_the_baselined_findings_unless_no_baseline(capsys, newsroom):
    write_baseline(capsys, "news")
    story = newsroom / "news" / "kyiv.txt"
    story.write_text(STORY.replace("all day", "all day in Kharkov"))
    code, _, err = run(capsys, "fix", "--select", "names,dates", "--baseline",
                       ".newslint-baseline.json", "news/kyiv.txt")
    assert (code, err) == (0, "newslint: news/kyiv.txt: applied 1 fix\n")
    assert story.read_text() == STORY.replace("all day", "all day in Kharkiv")
    code, _, err = run(capsys, "fix", "--select", "names,dates", "--no-baseline",
                       "news/kyiv.txt")
    assert (code, err) == (0, "newslint: news/kyiv.txt: applied 2 fixes\n")
    assert story.read_text() == STORY.replace("all day", "all day in Kharkiv").replace(
        "Kiev", "Kyiv").replace("Feb. 28", "February 28")


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_with_diff_base_the_copy_a_change_adds_is_the_new_one(capsys, newsroom):
    write_baseline(capsys, "news")
    git(newsroom, "init", "-q", "-b", "main")
    git(newsroom, "add", ".")
    git(newsroom, "commit", "-q", "-m", "published")
    story = newsroom / "news" / "kyiv.txt"
    # A sentence with the same finding in the same words, added above the published one:
    # without --diff-base the later one (the published) is new; with it, the added one.
    story.write_text(HEAD + "Reporters said talks in Kiev went well.\n\n" + STORY[len(HEAD):])
    code, out, _ = check(capsys, "--baseline", ".newslint-baseline.json", "news")
    assert (code, out.splitlines()[0]) == (
        1, 'news/kyiv.txt:7:25: error [names.spelling] "Kiev" is spelt "Kyiv" in house style')
    assert check(capsys, "--baseline", ".newslint-baseline.json", "--diff-base", "HEAD",
                 "news") == (1, (
        'news/kyiv.txt:5:25: error [names.spelling] "Kiev" is spelt "Kyiv" in house style\n'
        '    fix: Write "Kyiv"\n'
        "1 problem (1 error) in 1 of 2 files; 1 fixable with `newslint fix`\n"), "")
    # An old finding on a changed line is still the baseline's.
    story.write_text(STORY.replace("Officials said", "Officials told reporters"))
    assert json.loads(run(capsys, "check", "--select", "names", "--format", "json",
                          "--diff-base", "HEAD", "news")[1])[0]["line"] == 5
    assert check(capsys, "--baseline", ".newslint-baseline.json", "--diff-base", "HEAD",
                 "news") == (0, ALL_CLEAR, "")


def test_an_entry_edited_by_hand_with_its_keys_in_another_order_is_read(capsys, newsroom):
    write_baseline(capsys, "news")
    path = newsroom / ".newslint-baseline.json"
    data = json.loads(path.read_text())
    data["entries"] = [dict(reversed(entry.items())) for entry in data["entries"]]
    path.write_text(json.dumps(data, indent=1))
    assert check(capsys, "--baseline", ".newslint-baseline.json", "news") == (0, ALL_CLEAR, "")


def test_findings_from_the_results_cache_are_matched_too(capsys, newsroom, monkeypatch):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(newsroom / "cache"))
    write_baseline(capsys, "news")
    (newsroom / "news" / "kyiv.txt").write_text(STORY.replace("all day", "all day in Kharkov"))
    argv = ("--cache", "--baseline", ".newslint-baseline.json", "news")
    first = check(capsys, *argv)
    assert first[0] == 1 and first[1].count("error [names.spelling]") == 1
    import newslint.engine

    def must_not_lint(*args):
        raise AssertionError("linted although cached")

    monkeypatch.setattr(newslint.engine, "lint", must_not_lint)
    assert check(capsys, *argv) == first
