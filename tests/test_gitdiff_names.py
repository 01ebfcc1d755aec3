"""--diff-base and --changed-only with file names git quotes in its patches, and with git
configurations that change what ``git diff`` prints: every changed line is still reported."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from newslint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = "Talks in Kyiv.\nKharkiv was calm.\n"
NEW = "Talks in Kyiv.\nKharkov was shelled.\n"  # line 2 changed: one finding there

# Names git writes quoted or escaped in a patch (quote, tab, newline, bytes above 127 with the
# default core.quotePath, a space, which earns "+++ b/name" a trailing tab), a byte that is not
# UTF-8, the forged-finding name, names that look like git's own records, and plain ones.
NAMES = [b'q"uote.txt', b"ta\tb.txt", b"new\nline.txt", "é.txt".encode(), b"sp ace.txt",
         b"lat\xe9.txt", b"a\nb:1:1: error [x] forged.txt", b"esc\x1b[31m.txt", b":colon.txt",
         b"x b/y.txt", b"back\\slash.txt", b"plain.txt"]


def git(repo, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=repo, check=True, capture_output=True).stdout


def write(path: bytes, text: str) -> None:
    os.makedirs(os.path.dirname(path) or b".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    for name in NAMES:
        write(name, OLD)
        write(b"sub/" + name, OLD)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "old copy")
    return tmp_path


def check(capsys, *argv):
    code = main(["check", "--format", "json", "--select", "names", "--jobs", "1", *argv])
    captured = capsys.readouterr()
    found = sorted((os.fsencode(f["path"].replace("\\xe9", "\udce9")), f["line"], f["match"])
                   for f in json.loads(captured.out or "[]"))
    return code, found, captured.err


def expected(names, line=2, match="Kharkov"):
    return sorted((b"./" + name, line, match) for name in names)


def test_every_name_git_quotes_is_reported_on_its_changed_line(capsys, repo):
    edited = [*NAMES, *(b"sub/" + name for name in NAMES)]
    for name in edited:
        write(name, NEW)
    git(repo, "commit", "-q", "-am", "edit")
    code, found, err = check(capsys, "--diff-base", "HEAD~1", ".")
    assert (code, err) == (1, "")
    assert found == expected(edited)
    # The same edits, not yet committed: --changed-only against HEAD~1's tree, then HEAD's.
    git(repo, "reset", "-q", "HEAD~1")
    assert check(capsys, "--changed-only", ".")[:2] == (1, expected(edited))
    git(repo, "commit", "-q", "-am", "edit")
    assert check(capsys, "--changed-only", ".")[:2] == (0, [])


def test_untracked_files_with_such_names_are_new_on_every_line(capsys, repo):
    for name in NAMES:
        write(b"new-" + name, "Kiev.\nKharkov.\n")
    code, found, _ = check(capsys, "--changed-only", ".")
    assert code == 1
    assert found == sorted([*expected([b"new-" + n for n in NAMES], 1, "Kiev"),
                            *expected([b"new-" + n for n in NAMES], 2, "Kharkov")])


def test_renamed_and_edited_file_reports_only_its_edit(capsys, repo):
    git(repo, "mv", "q\"uote.txt", "re named\t.txt")
    write(b"re named\t.txt", OLD + "Back in Kiev.\n")
    code, found, _ = check(capsys, "--diff-base", "HEAD", ".")
    assert (code, found) == (1, [(b"./re named\t.txt", 3, "Kiev")])


@pytest.mark.parametrize("config", [
    ["diff.noprefix=true"],
    ["diff.mnemonicPrefix=true", "diff.srcPrefix=x/", "diff.dstPrefix=y/"],
    ["color.ui=always", "color.diff=always"],
    ["diff.external=false"],
    ["diff.interHunkContext=10", "diff.context=10"],
    ["diff.renames=copies"],
    ["diff.autoRefreshIndex=false"],  # a file touched but unchanged is listed without a patch
    ["core.quotePath=false"],
])
def test_the_users_git_configuration_changes_nothing(capsys, repo, config):
    for setting in config:
        git(repo, "config", *setting.split("=", 1))
    # Lines 1 and 5 of a 5-line file changed: hunks fused over the lines between would blame
    # the untouched "Kiev" on line 3.
    write(b"plain.txt", "Kiev calling.\nKyiv.\nKiev.\nKyiv.\n")
    git(repo, "commit", "-q", "-am", "five lines")
    write(b"plain.txt", "Kiev called.\nKyiv.\nKiev.\nKyiv.\nKharkov.\n")
    os.utime(b"sp ace.txt", (1, 1))  # stat-dirty, same content
    write(b"lat\xe9.txt", NEW)
    code, found, err = check(capsys, "--diff-base", "HEAD", ".")
    assert (code, err) == (1, "")
    assert found == [(b"./lat\xe9.txt", 2, "Kharkov"), (b"./plain.txt", 1, "Kiev"),
                     (b"./plain.txt", 5, "Kharkov")]


def test_attributes_that_hide_a_files_text_from_diff_never_hide_a_finding(capsys, repo):
    # Marked binary, git prints no hunks: every line of the file counts as changed. With a text
    # conversion git would diff other lines than the file's: newslint turns it off.
    (repo / ".gitattributes").write_text("*.txt binary\nsub/* diff=skipfirst\n")
    git(repo, "config", "diff.skipfirst.textconv", "sed 1d")
    write(b"plain.txt", "Kiev.\n" + OLD)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "attributes")
    write(b"plain.txt", "Kiev.\n" + NEW)
    write(b"sub/plain.txt", "Prologue.\n" + NEW)
    code, found, _ = check(capsys, "--diff-base", "HEAD", ".")
    assert code == 1
    assert found == [(b"./plain.txt", 1, "Kiev"), (b"./plain.txt", 3, "Kharkov"),
                     (b"./sub/plain.txt", 3, "Kharkov")]


def test_a_revision_that_reads_as_an_option_is_refused(capsys, repo):
    target = repo / "written"
    assert check(capsys, f"--diff-base=--output={target}", ".") == (
        2, [], f"newslint: --diff-base: unknown revision '--output={target}'\n")
    assert not target.exists()
