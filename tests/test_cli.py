"""The command line as users meet it: output, exit codes, errors that name file and line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import FIXTURES, ROOT

from newslint.cli import main

SEED = FIXTURES / "articles" / "seed-article.txt"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_seed_under_house_style_only_line_5(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", str(SEED))
    findings = json.loads(out)
    line5 = sum(len(line) + 1 for line in SEED.read_text(encoding="utf-8").split("\n")[:4])
    assert code == 1
    assert {f["line"] for f in findings} == {5}
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["dates.format"] == {
        "path": str(SEED), "line": 5, "column": 201, "end_line": 5, "end_column": 214,
        "rule": "dates.format", "severity": "warning",
        "message": 'Date "Feb. 28, 2024" is not in house style (month abbreviated)',
        "match": "Feb. 28, 2024", "segment": "caption",
        "fix": {"replacement": "February 28, 2024", "applicability": "safe",
                "title": 'Write "February 28, 2024"',
                # the smallest edit: "Feb." becomes "February" by replacing the point
                "edits": [{"start": line5 + 203, "end": line5 + 204, "replacement": "ruary"}]},
    }
    credit = by_rule["captions.credit"]
    assert (credit["column"], credit["end_column"]) == (452, 477)
    apostrophes = [f["column"] for f in findings if f["rule"] == "style.straight-quotes"]
    assert apostrophes == [223, 266, 428]  # Ukraine's, Albania's, Russia's
    assert credit["match"] == "(AP Photo/Armando Babani)"
    assert credit["fix"]["replacement"] == "[Armando Babani/AP Photo]"


def test_seed_under_ap_style_flags_house_caption_and_british_spellings(capsys):
    code, out, _ = run(capsys, "check", "--ruleset", "ap", "--format", "json", str(SEED))
    findings = json.loads(out)
    assert code == 1
    assert 5 not in {f["line"] for f in findings}
    line6 = {f["rule"]: f["match"] for f in findings if f["line"] == 6}
    assert line6 == {"dates.format": "February 28, 2024",
                     "captions.credit": "[Armando Babani/AP Photo]"}
    spellings = [(f["line"], f["match"]) for f in findings if f["rule"] == "spelling.american"]
    assert (14, "defence") in spellings and (16, "organising") in spellings


def test_text_output_is_compiler_style(capsys):
    code, out, _ = run(capsys, "check", "--color", "never",
                       str(FIXTURES / "variants" / "names-kiev.txt"))
    assert code == 1
    path = FIXTURES / "variants" / "names-kiev.txt"
    assert out == (
        f'{path}:9:58: error [names.spelling] "Kiev" is spelt "Kyiv" in house style\n'
        '    fix: Write "Kyiv"\n'
        "1 problem (1 error) in 1 of 1 file; 1 fixable with `newslint fix`\n"
    )


def test_clean_file_says_so_in_one_line_unless_quiet(capsys):
    clean = str(FIXTURES / "variants" / "house-copy.txt")
    assert run(capsys, "check", clean) == (0, "All clear: 1 file, no findings\n", "")
    assert run(capsys, "check", "--quiet", clean) == (0, "", "")


def test_fail_on_sets_the_threshold(capsys):
    warning_only = str(FIXTURES / "variants" / "dates-numeric.txt")
    assert run(capsys, "check", warning_only)[0] == 1
    assert run(capsys, "check", "--fail-on", "error", warning_only)[0] == 0


def test_color_only_when_asked_or_on_a_terminal(capsys, monkeypatch):
    path = str(FIXTURES / "variants" / "names-kiev.txt")
    assert "\033[" not in run(capsys, "check", path)[1]  # captured stdout is not a TTY
    assert "\033[31m" in run(capsys, "check", "--color", "always", path)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in run(capsys, "check", "--color", "auto", path)[1]


def test_directory_walk_reads_article_files_only(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("Talks in Kiev.\n")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "b.txt").write_text("Kiev.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Kharkov.\n")
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "names", str(tmp_path))
    assert code == 1
    assert [os.path.relpath(f["path"], tmp_path) for f in json.loads(out)] == ["a.txt", "sub/c.txt"]


def test_stdin_with_a_filename(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Talks in Kiev.\n")))
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "names",
                       "--stdin-filename", "story.txt", "-")
    assert code == 1
    assert [(f["path"], f["line"], f["column"]) for f in json.loads(out)] == [("story.txt", 1, 10)]


def test_select_and_ignore(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", "--ignore", "captions,dates,style",
                       str(SEED))
    assert {f["rule"] for f in json.loads(out)} == set()
    assert code == 0
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "dates.format", str(SEED))
    assert {f["rule"] for f in json.loads(out)} == {"dates.format"}


# --- inputs a user can get wrong: exit 2, file and line, no traceback ---------------------

def test_binary_file(capsys, tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert run(capsys, "check", str(path)) == (
        2, "", f"newslint: {path}: binary file (NUL byte at byte offset 8); not an article\n")


def test_not_utf8(capsys, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Headline\n\nCaf\u00e9 in Kyiv.".encode("latin-1"))
    code, out, err = run(capsys, "check", str(path))
    assert code == 2
    assert err == (f"newslint: {path}:3: not valid UTF-8 at byte offset 13 (byte 0xe9);"
                   " save the file as UTF-8, or give its encoding with --encoding (e.g. cp1252)\n")


def test_bad_file_does_not_hide_other_findings(capsys, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"ok \xfa")
    (tmp_path / "b.txt").write_text("Talks in Kiev.\n")
    code, out, err = run(capsys, "check", "--select", "names", "--color", "never", str(tmp_path))
    assert code == 2
    assert "b.txt:1:10:" in out and "a.txt:1: not valid UTF-8 at byte offset 3" in err


def test_missing_path(capsys):
    assert run(capsys, "check", "no/such/story.txt") == (
        2, "", "newslint: no such file or directory: no/such/story.txt\n")


def test_unknown_ruleset(capsys):
    code, _, err = run(capsys, "check", "--ruleset", "guardian", str(SEED))
    assert code == 2
    assert err == ("newslint: unknown ruleset 'guardian'; bundled rulesets: ap, house, proselint, "
                   "wire-delivery"
                   " (or give a path to a .yaml file)\n")


def test_unknown_output_format(capsys):
    assert run(capsys, "check", "--format", "xml", str(SEED)) == (
        2, "", "newslint: unknown format 'xml'; formats: text, json, sarif, github, junit, "
        "checkstyle, rdjson, gitlab\n")


def test_usage_error_exit_2(capsys):
    code, _, err = run_usage(capsys, "check", "--fail-on", "never")
    assert code == 2 and "invalid choice: 'never'" in err


def run_usage(capsys, *argv):
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


BAD_RULESETS = {
    "unknown-kind": (
        "rules:\n  names.x:\n    kind: spellcheck\n",
        ":2: unknown kind 'spellcheck' in rule 'names.x'; kinds: ",
    ),
    "unknown-option": (
        "rules:\n  names.x:\n    kind: substitution\n    options:\n      dictionnary: names.yaml\n",
        ":5: unknown option 'dictionnary' for rule 'names.x' (kind substitution); valid options: "
        "applicability, attributive, case, dictionary, exceptions, exclude_groups, groups, "
        "message, other_senses, pairs, prefer, terms, written_quotes\n",
    ),
    "wrong-type": (
        "rules:\n  captions.length:\n    kind: length\n    options:\n      max_words: fifty\n",
        ":5: option 'max_words' of rule 'captions.length' must be a whole number, not 'fifty'\n",
    ),
    "bad-regex": (
        "rules:\n  compliance.x:\n    kind: existence\n    options:\n      patterns: ['[TK']\n",
        ":5: option 'patterns' of rule 'compliance.x': '[TK' is not a valid regular expression: "
        "unterminated character set at position 0\n",
    ),
    "catastrophic-regex": (
        "rules:\n  style.x:\n    kind: pattern\n    options:\n      pattern: '\\b(\\w+\\s?)+!'\n",
        ":5: option 'pattern' of rule 'style.x': '\\\\b(\\\\w+\\\\s?)+!' repeats a repeat, "
        "as (a+)+ and (a?){30} do, which can take minutes on a paragraph it almost matches; "
        "RE2, which cannot, does not run this pattern (\\b, whose RE2 form knows only ASCII "
        "letters); make the inner part possessive (a++) or atomic ((?>a+))\n",
    ),
    "bad-severity": (
        "rules:\n  names.x:\n    kind: existence\n    severity: fatal\n",
        (":4: severity of rule 'names.x' is 'fatal'; choose one of error, warning, suggestion, "
         "off\n"),
    ),
    "bad-choice": (
        "rules:\n  dates.x:\n    kind: date_format\n    options: {style: iso}\n",
        ":4: option 'style' of rule 'dates.x' must be one of house, ap, not 'iso'\n",
    ),
    "unknown-key": (
        "rules:\n  names.x:\n    kind: existence\n    level: error\n",
        ":4: unknown key 'level' in rule 'names.x'; valid keys: description, doc, examples, "
        "in_quotes, kind, options, replaces, segments, severity\n",
    ),
    "bad-segment": (
        "rules:\n  names.x:\n    kind: existence\n    segments: [body, footer]\n",
        ":4: unknown segment kind 'footer' in rule 'names.x'; segment kinds: headline, standfirst, "
        "byline, dateline, body, caption, credit, source, quote, metadata\n",
    ),
    "bad-rule-id": (
        "rules:\n  Names:\n    kind: existence\n",
        ":2: rule id 'Names' must be 'family.name' in lower case\n",
    ),
    "invalid-yaml": (
        "rules:\n  names.x:\n    kind: [existence\n",
        ":4:1: invalid YAML: did not find expected ',' or ']'\n",
    ),
    "control-character": (
        "rules:\n  names.x:\n    kind: exist\x00ence\n",
        ":3:16: invalid YAML: character #x0000 is not allowed (a binary file?)\n",
    ),
    "missing-data-file": (
        "rules:\n  names.x:\n    kind: substitution\n    options: {dictionary: nowhere.yaml}\n",
        ":4: option 'dictionary' of rule 'names.x': file not found: nowhere.yaml\n",
    ),
    "unknown-parent": (
        "extends: [guardian]\nrules: {}\n",
        (":1: unknown ruleset 'guardian'; bundled rulesets: ap, house, proselint, wire-delivery "
         "(or give a path to a .yaml file)\n"),
    ),
}


@pytest.mark.parametrize("name", BAD_RULESETS)
def test_bad_ruleset_names_file_and_line(capsys, tmp_path, name):
    text, message = BAD_RULESETS[name]
    path = tmp_path / "style.yaml"
    path.write_text(text)
    code, out, err = run(capsys, "check", "--ruleset", str(path), str(SEED))
    assert code == 2 and out == ""
    if message.endswith("\n"):
        assert err == f"newslint: {path}{message}"
    else:
        assert err.startswith(f"newslint: {path}{message}")


def test_a_directory_is_no_ruleset(capsys, tmp_path):
    code, out, err = run(capsys, "check", "--ruleset", f"{tmp_path}/", str(SEED))
    assert (code, out, err) == (
        2, "", f"newslint: ruleset is a directory, not a file: {tmp_path}/\n")


def test_bad_names_dictionary_names_its_line(capsys, tmp_path):
    (tmp_path / "names.yaml").write_text(
        "groups:\n  - name: test\n    source: me\n    entries:\n      - preferred: Kyiv\n"
        "        variant: [Kiev]\n")
    (tmp_path / "style.yaml").write_text(
        "rules:\n  names.x:\n    kind: substitution\n    options: {dictionary: names.yaml}\n")
    code, _, err = run(capsys, "check", "--ruleset", str(tmp_path / "style.yaml"), str(SEED))
    assert code == 2
    assert err == (f"newslint: {tmp_path / 'names.yaml'}:5: unknown key 'variant' in entry 'Kyiv'; "
                   "valid keys: preferred, variants, exceptions, applicability, note\n")


def test_extends_refines_inherited_rules(capsys, tmp_path):
    path = tmp_path / "desk.yaml"
    path.write_text("extends: house\nrules:\n  captions.too-long:\n    severity: off\n"
                    "  dates.weekday-in-caption:\n    severity: error\n")
    code, out, _ = run(capsys, "check", "--ruleset", str(path), "--format", "json", str(SEED))
    rules = {f["rule"]: f["severity"] for f in json.loads(out)}
    assert "captions.too-long" not in rules and rules["dates.weekday-in-caption"] == "error"


def test_rules_and_explain(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "dates.format" in out and "fixable" in out
    code, out, _ = run(capsys, "explain", "dates.format")
    assert code == 0
    assert out.startswith("dates.format (date_format, warning)\nA date not in the form")
    assert "Bad: The summit opened on Feb. 28, 2024, in Tirana." in out
    assert run(capsys, "explain", "dates.fromat") == (
        2, "", "newslint: no rule 'dates.fromat' in ruleset 'house'; did you mean dates.format?\n")


def test_internal_error_is_reported_without_traceback(capsys, monkeypatch):
    import newslint.engine

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(newslint.engine, "lint", broken)
    code, _, err = run(capsys, "check", str(SEED))
    assert code == 3
    assert err == (f"newslint: {SEED}: internal error: RuntimeError: boom\n"
                   "newslint: 1 of 1 files met an internal error.\n"
                   "Please report it with the file that caused it "
                   "(NEWSLINT_DEBUG=1 shows the traceback).\n")


def test_module_entry_point_and_console_script():
    result = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--color", "never", str(SEED)],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith(
        "8 problems (1 error, 4 warnings, 3 suggestions) in 1 of 1 file")


# --- many files: parallel, cached, summarised ----------------------------------------------

def _many_articles(tmp_path, count=24):
    seed = SEED.read_text(encoding="utf-8")
    for index in range(count):
        text = seed if index % 3 else seed.replace("as Kyiv is", "as Kiev is")
        (tmp_path / f"story-{index:02d}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_parallel_jobs_give_the_same_output_in_the_same_order(capsys, tmp_path):
    folder = _many_articles(tmp_path)
    serial = run(capsys, "check", "--format", "json", "--jobs", "1", str(folder))
    parallel = run(capsys, "check", "--format", "json", "--jobs", "2", str(folder))
    assert serial == parallel
    paths = [f["path"] for f in json.loads(parallel[1])]
    assert paths == sorted(paths) and len({*paths}) == 24


@pytest.mark.parametrize("command", [["check"], ["baseline"], ["try", "rules.yaml", "--on"],
                                     ["audit", "--output", "out"]])
def test_jobs_must_be_positive(capsys, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.yaml").write_text("rules: {}\n")
    assert run(capsys, *command, str(SEED), "--jobs", "0") == (
        2, "", "newslint: --jobs takes a number of processes, 1 or more, not 0\n")


def test_results_cache_reuses_findings_until_the_file_changes(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    story = tmp_path / "story.txt"
    story.write_text("Talks in Kiev.\n")
    first = run(capsys, "check", "--cache", "--select", "names", str(story))
    assert len(list((tmp_path / "cache" / "results").rglob("*"))) == 2  # a folder and an entry
    import newslint.engine

    def must_not_lint(*args):
        raise AssertionError("linted although cached")

    monkeypatch.setattr(newslint.engine, "lint", must_not_lint)
    assert run(capsys, "check", "--cache", "--select", "names", str(story)) == first
    monkeypatch.undo()
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    story.write_text("Talks in Kiev and Kharkov.\n")
    code, out, _ = run(capsys, "check", "--cache", "--select", "names", "--color", "never",
                       str(story))
    assert code == 1 and ":1:19: error [names.spelling]" in out


def test_cached_findings_in_the_full_layout_read_the_file_in_its_configs_encoding(
        capsys, tmp_path, monkeypatch):
    # The full layout reads the file again for its source lines; it once did so without the
    # config's encoding, and a cp1252 article was exit 2 on the second, cached, run.
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".newslint.yaml").write_text("encoding: cp1252\n")
    (tmp_path / "story.txt").write_bytes(b"Talks in Kiev went on \x96 slowly.\n")
    argv = ("check", "--cache", "--select", "names", "--output-format", "full", "--color",
            "never", "story.txt")
    first = run(capsys, *argv)
    assert first == (1, 'story.txt:1:10: error [names.spelling] "Kiev" is spelt "Kyiv" in house '
                        "style\n1 | Talks in Kiev went on – slowly.\n  |          ^^^^ fix: Write "
                        '"Kyiv"\n\n1 problem (1 error) in 1 of 1 file; 1 fixable with `newslint '
                        'fix`\n', "")
    assert run(capsys, *argv) == first


def test_statistics_summarise_files_and_rules(capsys, tmp_path):
    folder = _many_articles(tmp_path, 6)
    code, _, err = run(capsys, "check", "--statistics", "--select", "names,dates", str(folder))
    lines = err.splitlines()
    assert lines[0].startswith("newslint: 6 files checked in ") and lines[0].endswith(
        " s; 14 findings in 6 files")
    assert lines[1:] == ["  no config: bundled house style",
                         "         6  dates.weekday-in-caption", "         6  dates.format",
                         "         2  names.spelling"]


class _Terminal(__import__("io").StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_only_for_many_files(monkeypatch):
    from newslint.formatters import Report
    from newslint.terminal.progress import Progress

    monkeypatch.delenv("TERM", raising=False)
    terminal = _Terminal()
    progress = Progress(60, stream=terminal)
    for _ in range(60):
        progress.step()
    progress.finish(Report(files_checked=60))
    shown = terminal.getvalue()
    assert "[" + "#" * 30 + "] 60/60 files" in shown and shown.count("\r\033[K") == 1
    assert "newslint: 60 files checked in " in shown
    quiet = _Terminal()
    small = Progress(10, stream=quiet)
    small.step()
    small.finish(Report(files_checked=10))
    assert quiet.getvalue() == ""
    piped = __import__("io").StringIO()
    Progress(60, stream=piped).step()
    assert piped.getvalue() == ""


@pytest.mark.parametrize("command", [["check", "story.txt"],
                                     ["try", "rules.yaml", "--on", "story.txt"],
                                     ["audit", "--output", "out", "story.txt"]])
def test_an_unknown_input_format_is_a_usage_error_naming_the_formats(capsys, tmp_path,
                                                                     monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text("Talks resume\n")
    (tmp_path / "rules.yaml").write_text("rules: {}\n")
    code = main([*command, "--input-format", "docx"])
    assert (code, capsys.readouterr().err) == (2, (
        "newslint: unknown input format 'docx'; formats: html, md, newsml, nitf, txt, xml\n"))
