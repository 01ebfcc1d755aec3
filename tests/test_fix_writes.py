"""What `newslint fix` writes, and what it refuses to: links, hard links, read-only files and
folders, a full disk, edits made meanwhile, encodings that cannot write back byte for byte, and
text that CDATA cannot hold. Every refusal is exit 2 naming the file, with the original bytes
untouched and no temporary file left."""

from __future__ import annotations

import errno
import io
import os
import sys
import tempfile

import pytest

from newslint.cli import main
from newslint.config import ConfigFinder
from newslint.files.discovery import discover

STORY = b"Talks in Kiev went on.\n"
FIXED = b"Talks in Kyiv went on.\n"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fix(capsys, *argv):
    return run(capsys, "fix", "--select", "names", *argv)


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository (``repo/.git``) with a story, beside a folder outside it with a secret."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "story.txt").write_bytes(STORY)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_bytes(STORY)
    monkeypatch.chdir(tmp_path)  # outside the repository: the root of a link there is repo/
    return tmp_path / "repo"


# --- symbolic links ------------------------------------------------------------------------------

def test_folder_walks_skip_symbolic_links(capsys, repo):
    (repo / "link.txt").symlink_to("../outside/secret.txt")
    (repo / "linked").symlink_to("../outside", target_is_directory=True)
    assert discover(["repo"], ConfigFinder()).files == [os.path.join("repo", "story.txt")]
    code, out, err = run(capsys, "check", "--select", "names", "repo")
    assert code == 1 and "repo/story.txt:1:10" in out and "secret" not in out + err
    code, _, err = fix(capsys, "repo")
    assert (code, err) == (0, "newslint: repo/story.txt: applied 1 fix\n")
    assert (repo / "story.txt").read_bytes() == FIXED
    assert (repo.parent / "outside" / "secret.txt").read_bytes() == STORY


def test_fix_refuses_a_named_link_that_leads_out_of_the_repository(capsys, repo):
    (repo / "link.txt").symlink_to("../outside/secret.txt")
    code, _, err = fix(capsys, "repo/link.txt")
    secret = repo.parent / "outside" / "secret.txt"
    assert code == 2
    assert err == (f"newslint: repo/link.txt: leads through a symbolic link to {secret}, outside "
                   f"{repo}; fix writes through a link only to a file inside the repository (or "
                   "the current folder); not written\n")
    assert secret.read_bytes() == STORY
    assert listing(secret.parent) == ["secret.txt"] and listing(repo) == [".git", "link.txt",
                                                                         "story.txt"]
    assert run(capsys, "check", "--select", "names", "repo/link.txt")[0] == 1  # still read


def test_fix_refuses_files_of_a_named_linked_folder_that_leads_out(capsys, repo):
    (repo / "linked").symlink_to("../outside", target_is_directory=True)
    code, _, err = fix(capsys, "repo/linked")
    assert code == 2 and err.startswith(
        "newslint: repo/linked/secret.txt: leads through a symbolic link to ")
    assert (repo.parent / "outside" / "secret.txt").read_bytes() == STORY


def test_fix_writes_through_a_named_link_to_a_file_in_the_repository(capsys, repo):
    (repo / "notes").mkdir()
    (repo / "notes" / "link.txt").symlink_to("../story.txt")
    code, _, err = fix(capsys, "repo/notes/link.txt")
    assert (code, err) == (0, "newslint: repo/notes/link.txt: applied 1 fix\n")
    assert (repo / "notes" / "link.txt").is_symlink()
    assert (repo / "story.txt").read_bytes() == FIXED


def test_outside_a_repository_the_root_is_the_current_folder(capsys, tmp_path, monkeypatch):
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "story.txt").write_bytes(STORY)
    (tmp_path / "elsewhere.txt").write_bytes(STORY)
    (tmp_path / "desk" / "in.txt").symlink_to("story.txt")
    (tmp_path / "desk" / "out.txt").symlink_to("../elsewhere.txt")
    monkeypatch.chdir(tmp_path / "desk")
    assert fix(capsys, "out.txt")[0] == 2
    assert (tmp_path / "elsewhere.txt").read_bytes() == STORY
    assert fix(capsys, "in.txt")[0] == 0
    assert (tmp_path / "desk" / "story.txt").read_bytes() == FIXED


# --- hard links, read-only files and folders -----------------------------------------------------

def test_fix_refuses_a_hard_linked_file_and_keeps_the_links(capsys, repo):
    os.link(repo / "story.txt", repo / "copy.txt")
    code, _, err = fix(capsys, "repo/story.txt")
    assert code == 2
    assert err == ("newslint: repo/story.txt: file has 2 hard links; replacing it would split "
                   "them and writing it in place cannot be atomic; not written (--diff shows the "
                   "fixes)\n")
    assert os.stat(repo / "story.txt").st_ino == os.stat(repo / "copy.txt").st_ino
    assert (repo / "copy.txt").read_bytes() == STORY
    assert fix(capsys, "--diff", "repo/story.txt")[0] == 1  # the preview still works


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_fix_refuses_a_read_only_file(capsys, tmp_path, mode):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY)
    os.chmod(path, mode)
    code, _, err = fix(capsys, str(path))
    assert (code, err) == (
        2, f"newslint: {path}: file is read-only (mode {mode:04o}); not written\n")
    assert path.read_bytes() == STORY and os.stat(path).st_mode & 0o777 == mode
    assert listing(tmp_path) == ["story.txt"]


def test_fix_refuses_a_file_in_a_read_only_folder(capsys, tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    path = folder / "story.txt"
    path.write_bytes(STORY)
    os.chmod(folder, 0o555)
    try:
        code, _, err = fix(capsys, str(path))
        assert code == 2
        assert err == (f"newslint: {path}: folder {folder} is read-only, and fix writes a new "
                       "file there to rename it over the old one; not written\n")
        assert path.read_bytes() == STORY and listing(folder) == ["story.txt"]
    finally:
        os.chmod(folder, 0o755)


def write_fails(monkeypatch, name, error):
    """Make ``os.<name>`` fail with ``error`` (os.write after writing half what it was given)."""
    real = getattr(os, name)

    def failing(*args):
        if name == "write":
            real(args[0], bytes(args[1][:len(args[1]) // 2]))
        raise error

    monkeypatch.setattr(os, name, failing)


@pytest.mark.parametrize("name, error, message", [
    ("write", OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    ("fsync", OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    ("fsync", OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ("replace", OSError(errno.EXDEV, "Invalid cross-device link"), "Invalid cross-device link"),
])
def test_a_failing_write_is_an_input_error_and_leaves_the_original(capsys, tmp_path, monkeypatch,
                                                                   name, error, message):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY)
    write_fails(monkeypatch, name, error)
    code, _, err = fix(capsys, str(path))
    assert (code, err) == (2, f"newslint: {path}: cannot write file: {message}; nothing written\n")
    assert path.read_bytes() == STORY and listing(tmp_path) == ["story.txt"]


def test_a_temporary_file_that_cannot_be_made_is_an_input_error(capsys, tmp_path, monkeypatch):
    # What a non-root user meets in a folder it may not write (root gets the read-only refusal).
    path = tmp_path / "story.txt"
    path.write_bytes(STORY)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code, _, err = fix(capsys, str(path))
    assert code == 2
    assert err == (f"newslint: {path}: cannot write file: Permission denied; "
                   "nothing written\n")
    assert path.read_bytes() == STORY and listing(tmp_path) == ["story.txt"]


# --- edits made while fix writes -----------------------------------------------------------------

def edit_while_syncing(monkeypatch, path, edit):
    """Run ``edit`` when fix syncs its temporary file: after it is written, before the rename."""
    real = os.fsync

    def fsync_after_an_edit(descriptor):
        edit(path)
        real(descriptor)

    monkeypatch.setattr(os, "fsync", fsync_after_an_edit)


def save_in_place(path):
    with open(path, "r+b") as stream:
        stream.write(b"Talks in Kiev go on, an editor wrote.\n")


def save_by_rename(path):
    newer = path.with_name("editor.tmp")
    newer.write_bytes(b"Talks in Kiev go on, an editor wrote.\n")
    os.replace(newer, path)


def save_same_size(path):  # same size, same mtime: only the content tells
    status = os.stat(path)
    with open(path, "r+b") as stream:
        stream.write(STORY.replace(b"Kiev", b"KIEV"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


@pytest.mark.parametrize("edit", [save_in_place, save_by_rename, save_same_size])
def test_an_edit_saved_while_fix_writes_survives(capsys, tmp_path, monkeypatch, edit):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY)
    edit_while_syncing(monkeypatch, path, edit)
    code, _, err = fix(capsys, str(path))
    assert code == 2
    assert err == (f"newslint: {path}: file changed on disk while newslint worked; "
                   "not written\n")
    expected = STORY.replace(b"Kiev", b"KIEV") if edit is save_same_size else (
        b"Talks in Kiev go on, an editor wrote.\n")
    assert path.read_bytes() == expected
    assert listing(tmp_path) == ["story.txt"]


def test_two_fix_runs_on_one_file_do_not_interleave(capsys, tmp_path, monkeypatch):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY)
    real = os.fsync
    second = []

    def second_run_meanwhile(descriptor):
        if not second:  # the first run is between writing its temporary file and the rename
            second.append(main(["fix", "--select", "names", str(path)]))
        real(descriptor)

    monkeypatch.setattr(os, "fsync", second_run_meanwhile)
    code, _, err = fix(capsys, str(path))
    assert second == [2] and code == 0
    assert err == (f"newslint: {path}: another newslint fix is writing this file; not written\n"
                   f"newslint: {path}: applied 1 fix\n")
    assert path.read_bytes() == FIXED and listing(tmp_path) == ["story.txt"]


# --- encodings -----------------------------------------------------------------------------------

def nitf(encoding: str, paragraph: str) -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<nitf><body><body.content>'
            f"<p>{paragraph}</p></body.content></body></nitf>\n")


# UTF-7 is refused when the file is read (tests/test_hostile_input.py), before any fix.
@pytest.mark.parametrize("encoding, raw", [
    ("iso2022_jp", nitf("iso-2022-jp", "Talks in Kiev went on. 東京").encode("iso2022_jp")),
    # Code page 932 has two byte forms for some characters (≒ is 87 90 and 81 e0).
    ("cp932", nitf("cp932", "Talks in Kiev went on. ").encode("cp932").replace(
        b" </p>", b" \x87\x90</p>")),
])
def test_fix_refuses_an_encoding_that_cannot_write_back_byte_for_byte(capsys, tmp_path,
                                                                      encoding, raw):
    path = tmp_path / "story.xml"
    path.write_bytes(raw)
    code, _, err = fix(capsys, str(path))
    assert code == 2
    assert err == (f"newslint: {path}: {encoding} cannot be written back byte for byte "
                   "(bytes outside the fixes would change); nothing written; save the "
                   "file as UTF-8\n")
    assert path.read_bytes() == raw and listing(tmp_path) == ["story.xml"]


@pytest.mark.parametrize("declared, codec", [
    ("ISO-8859-1", "latin-1"), ("windows-1252", "cp1252"), ("Shift_JIS", "shift_jis"),
    ("koi8-r", "koi8_r"), ("GB18030", "gb18030")])
def test_fix_writes_single_state_encodings_changing_only_the_fix(capsys, tmp_path, declared, codec):
    text = nitf(declared, "Talks in Kiev went on. ") + "<!-- é -->\n"
    raw = text.encode(codec, "ignore")
    path = tmp_path / "story.xml"
    path.write_bytes(raw)
    assert fix(capsys, str(path))[0] == 0
    assert path.read_bytes() == raw.replace(b"Kiev", b"Kyiv")


ISO2022 = nitf("iso-2022-jp", "Talks in {} went on. 東京").encode("iso2022_jp")


def test_standard_input_in_an_encoding_that_cannot_write_back_is_refused(capsys, monkeypatch):
    raw = ISO2022.replace(b"{}", b"Kiev")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    code, out, err = fix(capsys, "--stdin-filename", "story.xml", "-")
    assert (code, out) == (2, "")
    assert err == ("newslint: story.xml: iso2022_jp cannot be written back byte for byte (bytes "
                   "outside the fixes would change); nothing written; save the file as UTF-8\n")


def test_unchanged_standard_input_comes_back_as_it_was(monkeypatch):
    raw = ISO2022.replace(b"{}", b"Kyiv")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    main(["fix", "--select", "names", "--stdin-filename", "story.xml", "-"])
    stdout.flush()
    assert stdout.buffer.getvalue() == raw


# --- CDATA ---------------------------------------------------------------------------------------

LATIN1_CDATA = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf><body><body.content>'
    "<p><![CDATA[Ukraine's army held Kiev.]]></p>"
    "<p>Ukraine's army held Kiev.</p>"
    "<p>Kiev's mayor <![CDATA[and Kiev's army]]> met.</p>"
    "</body.content></body></nitf>\n"
)


def test_cdata_in_a_latin1_file_gets_no_reference_and_keeps_its_finding(capsys, tmp_path):
    path = tmp_path / "story.xml"
    path.write_bytes(LATIN1_CDATA.encode("latin-1"))
    code, _, err = run(capsys, "fix", "--select", "names,style.straight-quotes", str(path))
    assert err == f"newslint: {path}: applied 5 fixes\n"
    assert path.read_bytes() == LATIN1_CDATA.replace("Kiev", "Kyiv").replace(
        "<p>Ukraine's", "<p>Ukraine&#8217;s").encode("latin-1")
    # The apostrophes CDATA cannot hold in Latin-1 are still reported, without a fix: those of
    # a paragraph part CDATA, part element text, too (its fix could land in either).
    code, out, _ = run(capsys, "check", "--select", "style.straight-quotes", "--format", "json",
                       "--fail-on", "suggestion", str(path))
    assert code == 1 and out.count('"rule": "style.straight-quotes"') == 3
    assert '"fix": null' in out and '"fix": {' not in out


def test_cdata_in_a_utf8_file_takes_the_character_itself(capsys, tmp_path):
    path = tmp_path / "story.xml"
    path.write_bytes(LATIN1_CDATA.replace("ISO-8859-1", "UTF-8").encode())
    run(capsys, "fix", "--select", "style.straight-quotes", str(path))
    assert path.read_text(encoding="utf-8").count("\u2019") == 4


def test_a_fix_with_markup_characters_is_not_written_into_cdata(capsys, tmp_path):
    (tmp_path / "names.yaml").write_text(
        "groups:\n  - name: firms\n    source: me\n    entries:\n"
        "      - preferred: AT&T\n        variants: [ATT]\n")
    (tmp_path / "style.yaml").write_text(
        "rules:\n  names.firms:\n    kind: substitution\n    options: {dictionary: names.yaml}\n")
    path = tmp_path / "story.xml"
    before = nitf("UTF-8", "<![CDATA[ATT shares fell.]]></p><p>ATT shares fell.")
    path.write_text(before, encoding="utf-8")
    code, _, _ = run(capsys, "fix", "--ruleset", str(tmp_path / "style.yaml"), str(path))
    assert path.read_text(encoding="utf-8") == before.replace(
        "<p>ATT", "<p>AT&amp;T")
    assert code == 1  # the finding in CDATA stays, without a fix
