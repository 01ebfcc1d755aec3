"""Exit codes that tell the truth when the output cannot be written, when the reader goes
away, when standard input is closed, and when one file of many meets an error or a bug."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from helpers import FIXTURES, ROOT

from newslint.cli import main

SEED = FIXTURES / "articles" / "seed-article.txt"
CLEAN = FIXTURES / "variants" / "house-copy.txt"
NO_STDOUT = "newslint: cannot write to standard output: it is closed\n"


def newslint(*args, shell_redirect: str = "", **kwargs) -> subprocess.CompletedProcess:
    """``python -m newslint ARGS``, through sh when a redirection (``>&-``) is wanted."""
    command = [sys.executable, "-m", "newslint", *args]
    if shell_redirect:
        command = ["sh", "-c", f'exec "$@" {shell_redirect}', "sh", *command]
    return subprocess.run(command, capture_output="stdout" not in kwargs, cwd=ROOT, check=False,
                          **kwargs)


def many_findings(folder, files=1, lines=1000, text="Talks in Kiev.\n"):
    """Files whose output in any format is more than a pipe holds (64 KiB)."""
    for index in range(files):
        (folder / f"story-{index:02d}.txt").write_text(text * lines)
    return str(folder)


def test_closed_stdout_is_a_usage_error():
    result = newslint("check", str(SEED), shell_redirect=">&-")
    assert (result.returncode, result.stderr.decode()) == (2, NO_STDOUT)
    result = newslint("rules", shell_redirect=">&-")
    assert (result.returncode, result.stderr.decode()) == (2, NO_STDOUT)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [["check", str(SEED)],  # findings
                                  ["check", "-f", "json", str(CLEAN)],
                                  ["check", "-f", "sarif", str(SEED)],
                                  ["explain", "dates.format"]])
def test_a_full_disk_is_exit_2_with_a_message(args):
    with open("/dev/full", "w") as full:
        result = newslint(*args, stdout=full, stderr=subprocess.PIPE)
    assert (result.returncode, result.stderr.decode()) == (
        2, "newslint: cannot write to standard output: No space left on device\n")


def test_closed_stdin_cannot_be_read():
    result = newslint("check", "-", shell_redirect="<&-")
    assert (result.returncode, result.stdout, result.stderr.decode()) == (
        2, b"", "newslint: cannot read standard input: it is closed\n")


def test_closed_stderr_leaves_the_findings_and_the_exit_code():
    result = newslint("check", "--color", "never", str(SEED), shell_redirect="2>&-")
    assert result.returncode == 1
    assert result.stdout.decode().splitlines()[-1].startswith(
        "8 problems (1 error, 4 warnings, 3 suggestions)")


def read_one_line_and_go(args: list[str]) -> tuple[int, bytes, str]:
    """``newslint ARGS | head -1``: the reader goes away after the first line."""
    process = subprocess.Popen([sys.executable, "-m", "newslint", *args], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read().decode()
    return process.wait(timeout=120), first, error


@pytest.mark.parametrize(("fmt", "lines"), [("text", 1000), ("json", 300), ("sarif", 100)])
def test_a_reader_that_goes_away_leaves_the_findings_exit_code(tmp_path, fmt, lines):
    # One file in this process, and sixteen in two worker processes.
    for args in ([many_findings(tmp_path, 1, lines)],
                 ["--jobs", "2", many_findings(tmp_path, 16, lines // 10)]):
        code, first, error = read_one_line_and_go(["check", "-f", fmt, "--select", "names", *args])
        assert (code, error) == (1, "")  # no traceback, no "Exception ignored ... BrokenPipeError"
        assert first


def test_a_reader_that_goes_away_before_findings_below_fail_on(tmp_path):
    ruleset = tmp_path / "soft.yaml"
    ruleset.write_text("extends: house\nrules:\n  names.spelling: {severity: suggestion}\n")
    folder = tmp_path / "copy"
    folder.mkdir()
    code, first, error = read_one_line_and_go(["check", "--select", "names", "--ruleset",
                                               str(ruleset), many_findings(folder)])
    assert (code, error) == (0, "") and b"suggestion [names.spelling]" in first


def test_fix_diff_into_a_reader_that_goes_away(tmp_path):
    folder = many_findings(tmp_path, 4, 2000)  # four diffs of 60 KB
    before = {path: path.read_bytes() for path in tmp_path.iterdir()}
    code, first, error = read_one_line_and_go(["fix", "--diff", "--select", "names", folder])
    assert (code, error) == (1, "") and first.startswith(b"--- ")
    assert {path: path.read_bytes() for path in tmp_path.iterdir()} == before


# --- one file of many: the others are still linted and reported --------------------------------

def articles(folder, count=24):
    for index in range(count):
        (folder / f"story-{index:02d}.txt").write_text("Talks in Kiev.\n")
    return folder


def check_json(capsys, folder):
    code = main(["check", "-f", "json", "--select", "names", "--jobs", "2", str(folder)])
    captured = capsys.readouterr()
    return code, sorted({f["path"] for f in json.loads(captured.out)}), captured.err


def expected_paths(folder, but):
    return sorted(str(folder / f"story-{index:02d}.txt") for index in range(24) if index != but)


def break_linting_of(monkeypatch, name, how):
    import newslint.engine

    lint = newslint.engine.lint
    parent = os.getpid()

    def lint_or_break(document, ruleset, on_rule_error=None):
        if document.path.endswith(name) and os.getpid() != parent:
            how()
        return lint(document, ruleset, on_rule_error)

    monkeypatch.setattr(newslint.engine, "lint", lint_or_break)


def test_a_bug_in_one_file_names_it_and_the_run_goes_on(capsys, tmp_path, monkeypatch):
    def bug():
        raise KeyError("boom")

    break_linting_of(monkeypatch, "story-05.txt", bug)
    code, paths, err = check_json(capsys, articles(tmp_path))
    assert code == 3
    assert paths == expected_paths(tmp_path, but=5)
    assert err == (f"newslint: {tmp_path}/story-05.txt: internal error: KeyError: 'boom'\n"
                   "newslint: 1 of 24 files met an internal error.\n"
                   "Please report it with the file that caused it "
                   "(NEWSLINT_DEBUG=1 shows the traceback).\n")


def test_an_input_error_in_one_file_is_exit_2_after_the_others(capsys, tmp_path):
    folder = articles(tmp_path)
    (folder / "story-07.txt").write_bytes(b"Kiev \xff\n")
    code, paths, err = check_json(capsys, folder)
    assert (code, paths) == (2, expected_paths(folder, but=7))
    assert err.startswith(f"newslint: {folder}/story-07.txt:1: not valid UTF-8")
    assert err.count("\n") == 1


def test_a_worker_that_dies_is_named_and_the_run_goes_on(capsys, tmp_path, monkeypatch):
    break_linting_of(monkeypatch, "story-13.txt", lambda: os.kill(os.getpid(), signal.SIGKILL))
    code, paths, err = check_json(capsys, articles(tmp_path))
    assert code == 3
    assert paths == expected_paths(tmp_path, but=13)
    assert err.startswith(f"newslint: {tmp_path}/story-13.txt: internal error: the process linting "
                          "it died (a crash in a library, or killed for its memory)\n")


def test_an_unwritable_step_summary_is_exit_2_naming_it(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "story.txt").write_text("Talks in Kiev.\n" * 11)  # more than ten annotations
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a folder
    code = main(["check", "-f", "github", "--select", "names", str(folder)])
    assert (code, capsys.readouterr().err) == (
        2, f"newslint: {tmp_path}: cannot write the step summary: Is a directory\n")
