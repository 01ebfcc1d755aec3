"""--diff-base and --changed-only against a real temporary git repository."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from newslint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = "Talks in Kiev.\nKharkov was shelled.\nOdessa waits.\nCalm in Kiev.\n"
# Line 2 changed, line 4 deleted and a line added after line 3 (now line 4); line 1 untouched.
NEW = "Talks in Kiev.\nKharkov was shelled, Kiev says.\nOdessa waits.\nRain in Odessa.\n"


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "old.txt").write_text(OLD)
    (tmp_path / "story.txt").write_text(OLD)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "old copy")
    (tmp_path / "story.txt").write_text(NEW)
    git(tmp_path, "commit", "-q", "-am", "edit")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys, *argv):
    code = main(["check", "--format", "json", "--select", "names", *argv])
    captured = capsys.readouterr()
    found = [(f["path"], f["line"], f["match"]) for f in json.loads(captured.out or "[]")]
    return code, found, captured.err


def test_diff_base_reports_exactly_the_changed_lines(capsys, repo):
    code, found, _ = check(capsys, "--diff-base", "HEAD~1", ".")
    assert code == 1
    assert found == [("./story.txt", 2, "Kharkov"), ("./story.txt", 2, "Kiev"),
                     ("./story.txt", 4, "Odessa")]
    assert len(check(capsys, ".")[1]) == 9  # everything, without --diff-base


def test_changed_only_lints_the_working_tree_and_untracked_files(capsys, repo):
    assert check(capsys, "--changed-only", ".")[:2] == (0, [])
    (repo / "old.txt").write_text(OLD + "Back in Kiev.\n")
    (repo / "new.txt").write_text("Zelensky.\n")
    code, found, _ = check(capsys, "--changed-only", ".")
    assert (code, found) == (1, [("./new.txt", 1, "Zelensky"), ("./old.txt", 5, "Kiev")])


def test_unknown_revision_and_no_repository(capsys, repo, tmp_path_factory, monkeypatch):
    assert check(capsys, "--diff-base", "v9", ".") == (
        2, [], "newslint: --diff-base: unknown revision 'v9'\n")
    elsewhere = tmp_path_factory.mktemp("plain")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(elsewhere.parent))
    code, _, err = check(capsys, "--changed-only", ".")
    assert code == 2
    assert err.startswith("newslint: --diff-base and --changed-only work in a git repository "
                          "(git rev-parse failed: fatal: not a git repository")


def test_parse_diff_hunks(tmp_path):
    from newslint.files.gitdiff import parse_diff

    # ``git diff -z --raw --patch --unified=0``: the names NUL-separated (a rename has the old
    # name, then the new), an empty field, then one patch section per name in the same order.
    raw = (b":100644 100644 aaaaaaa 0000000 M\0x.txt\0"
           b":100644 100644 bbbbbbb 0000000 R090\0old name.txt\0new\nname.txt\0"
           b":100644 100755 ccccccc 0000000 M\0mode only.txt\0"
           b":100644 100644 ddddddd 0000000 M\0photo.txt\0\0")
    patch = (b"diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n@@ -2 +2 @@\n-a\n+b\n"
             b"@@ -5,2 +4,0 @@\n-c\n-d\n@@ -9,0 +8,3 @@\n+e\n+f\n"
             b"+@@ -1 +99 @@ a line that looks like a hunk header\n"
             b'diff --git "a/old name.txt" "b/new\\nname.txt"\nsimilarity index 90%\n'
             b'rename from "old name.txt"\nrename to "new\\nname.txt"\n'
             b'--- "a/old name.txt"\n+++ "b/new\\nname.txt"\n@@ -3 +3 @@ Talks\n-x\n+y\n'
             b"diff --git a/mode only.txt b/mode only.txt\nold mode 100644\nnew mode 100755\n"
             b"diff --git a/photo.txt b/photo.txt\nindex ddddddd..eeeeeee 100644\n"
             b"Binary files a/photo.txt and b/photo.txt differ\n")
    assert parse_diff(raw + patch, tmp_path) == {
        (tmp_path / "x.txt").resolve(): {2, 8, 9, 10},
        (tmp_path / "new\nname.txt").resolve(): {3},
        (tmp_path / "mode only.txt").resolve(): set(),
        (tmp_path / "photo.txt").resolve(): None,  # binary to git: every line counts
    }
    assert parse_diff(b"", tmp_path) == {}
