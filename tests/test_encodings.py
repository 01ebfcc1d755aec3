"""Encodings: bytes that are UTF-8 are read as UTF-8 whatever the file declares (and the
contradiction is a finding); legacy archives that declare nothing read with --encoding or the
config's `encoding:`; fix writes every file back in its own encoding."""

from __future__ import annotations

import io
import json
import shutil
import sys

import pytest
from helpers import FIXTURES

from newslint.cli import main
from newslint.readers import decode, fallback_encoding

CLAIMS_LATIN9 = FIXTURES / "encodings" / "utf8-claims-iso-8859-15.html"
# A 1990s archive article, saved by a Windows newsroom system: Windows-1252, no declaration.
ARCHIVE_TEXT = ("Kiev talks draw Balkan leaders\n"
                "\n"
                "Ukraine’s president met leaders in Tirana — “a pivotal moment,” he said.\n"
                "\n"
                "Café owners in Kiev said the talks gave them hope.\n"
                "\n"
                "Source: News Agencies\n")
ARCHIVE = ARCHIVE_TEXT.encode("cp1252")


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(out: str) -> list[tuple]:
    return [(f["line"], f["column"], f["rule"], f["match"]) for f in json.loads(out)]


# --- a UTF-8 file that declares another encoding --------------------------------------------

def test_a_utf8_page_claiming_iso_8859_15_is_read_as_utf8(capsys):
    code, out, err = run(capsys, "check", "--format", "json", str(CLAIMS_LATIN9))
    assert (code, err) == (1, "")
    # Read as ISO-8859-15, "é" would be "Ã©" and every column after it one too many.
    assert findings(out) == [
        (4, 61, "compliance.encoding-mismatch", "ISO-8859-15"),
        (9, 50, "names.spelling", "Kiev"),
        (10, 24, "style.dash", " — "),
        (10, 47, "style.dash", " — "),
        (10, 88, "names.spelling", "Kiev"),
    ]
    mismatch = json.loads(out)[0]
    assert mismatch["message"] == (
        'Declares ISO-8859-15, but the file is UTF-8 (read as UTF-8): a reader that trusts the '
        'declaration shows mojibake ("Ã©" for "é")')
    assert mismatch["fix"]["applicability"] == "unsafe"


def test_show_says_what_the_file_declares_and_how_it_was_read(capsys):
    _, out, _ = run(capsys, "show", str(CLAIMS_LATIN9))
    assert out.splitlines()[:2] == [
        f"{CLAIMS_LATIN9} (html, utf-8, declared ISO-8859-15)",
        "  headline    8:5-8:31     Zelenskyy’s café diplomacy"]
    _, out, _ = run(capsys, "show", "--format", "json", str(CLAIMS_LATIN9))
    record = json.loads(out)[0]
    assert (record["encoding"], record["declared_encoding"]) == ("utf-8", "ISO-8859-15")


def test_fix_keeps_a_utf8_page_utf8_and_declares_utf8_only_when_asked(capsys, tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(CLAIMS_LATIN9, page)
    original = page.read_bytes()
    code, _, _ = run(capsys, "fix", str(page))
    fixed = page.read_bytes()
    assert code == 1  # the contradiction stays: its fix is unsafe
    lines = original.split(b"\n")
    lines[8] = lines[8].replace(b"Kiev", b"Kyiv")  # not the <title>'s: it is not article text
    lines[9] = lines[9].replace(b"Kiev", b"Kyiv").replace(" — ".encode(), " – ".encode())
    assert fixed == b"\n".join(lines)
    code, _, _ = run(capsys, "fix", "--unsafe-fixes", str(page))
    assert code == 0
    assert page.read_bytes() == fixed.replace(b"charset=ISO-8859-15", b"charset=UTF-8")


def test_an_ascii_file_agrees_with_its_declaration():
    data = b'<meta charset="iso-8859-15"><p>Talks in Kiev.</p>'
    decoded = decode(data, "a.html", ("iso-8859-15", 15))
    assert (decoded.encoding, decoded.contradicted) == ("iso8859-15", None)


def test_bytes_that_are_not_utf8_follow_the_declaration():
    data = '<meta charset="iso-8859-15"><p>Caf\u00e9 \u20ac5</p>'.encode("iso-8859-15")
    decoded = decode(data, "a.html", ("iso-8859-15", 15))
    assert (decoded.text[-11:], decoded.encoding, decoded.contradicted) == (
        "Café €5</p>", "iso8859-15", None)


def test_the_contradiction_points_at_the_declaration_in_code_points():
    data = '<?xml version="1.0" encoding="latin-1"?>\n<nitf>Ærø</nitf>'.encode()
    decoded = decode(data, "a.xml", ("latin-1", 30))
    assert decoded.contradicted == ("latin-1", 30, 37)
    assert decoded.text[30:37] == "latin-1"


# --- legacy archives: --encoding and the config's encoding ------------------------------------

def test_a_cp1252_archive_file_fails_with_advice_without_encoding(capsys, tmp_path):
    story = tmp_path / "1998-story.txt"
    story.write_bytes(ARCHIVE)
    code, out, err = run(capsys, "check", str(story))
    assert (code, out) == (2, "")
    assert err == (f"newslint: {story}:3: not valid UTF-8 at byte offset 39 (byte 0x92); save the "
                   "file as UTF-8, or give its encoding with --encoding (e.g. cp1252)\n")


def test_a_cp1252_archive_file_reads_with_encoding(capsys, tmp_path):
    story = tmp_path / "1998-story.txt"
    story.write_bytes(ARCHIVE)
    code, out, err = run(capsys, "check", "--encoding", "cp1252", "--format", "json", str(story))
    assert (code, err) == (1, "")
    assert findings(out) == [
        (1, 1, "names.spelling", "Kiev"),
        (3, 42, "style.dash", " — "),
        (5, 16, "names.spelling", "Kiev"),
    ]
    code, out, _ = run(capsys, "show", "--encoding", "windows-1252", str(story))
    assert out.splitlines()[:2] == [f"{story} (txt, cp1252)",
                                    "  headline    1:1-1:31  Kiev talks draw Balkan leaders"]


def test_fix_writes_an_archive_file_back_in_cp1252(capsys, tmp_path):
    story = tmp_path / "1998-story.txt"
    story.write_bytes(ARCHIVE)
    code, _, err = run(capsys, "fix", "--encoding", "cp1252", str(story))
    assert code == 0, err
    expected = (ARCHIVE_TEXT.replace("Kiev", "Kyiv").replace(" — ", " – ")).encode("cp1252")
    assert story.read_bytes() == expected
    assert b"\x96" in expected and b"\xe2\x80" not in story.read_bytes()  # the en dash, in cp1252


def test_the_config_names_the_archive_encoding(capsys, tmp_path):
    (tmp_path / ".newslint.yaml").write_text("extends: house\nencoding: cp1252\n")
    story = tmp_path / "1998-story.txt"
    story.write_bytes(ARCHIVE)
    code, out, err = run(capsys, "check", "--format", "json", str(story))
    assert (code, err) == (1, "")
    assert [f[:2] for f in findings(out)] == [(1, 1), (3, 42), (5, 16)]
    _, out, _ = run(capsys, "show", "--config", str(story))
    assert "  encoding: cp1252 (files that are not UTF-8 and declare none)" in out.splitlines()
    # --encoding decides over the config: in Latin-1, 0x97 is a control character, no dash
    code, out, err = run(capsys, "check", "--format", "json", "--encoding", "latin-1", str(story))
    assert [f[:2] for f in findings(out)] == [(1, 1), (5, 16)]


def test_encoding_is_a_fallback_never_an_override(capsys, tmp_path):
    utf8 = tmp_path / "new.txt"
    utf8.write_text("Talks in “Kiev” went on.\n", encoding="utf-8")
    declared = tmp_path / "wire.xml"
    declared.write_bytes(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf><body><body.content>'
                         b"<p>Caf\xe9 talks in Kiev \x97 at last.</p></body.content></body></nitf>")
    _, out, _ = run(capsys, "check", "--encoding", "cp1252", "--format", "json",
                    "--select", "names,style.dash", str(utf8), str(declared))
    # UTF-8 stays UTF-8 (column 11, not 13 as three cp1252 characters would make it); the
    # declared ISO-8859-1 reads 0x97 as a control character, not cp1252's dash.
    assert [(f["path"], f["line"], f["column"], f["match"]) for f in json.loads(out)] == [
        (str(utf8), 1, 11, "Kiev"), (str(declared), 2, 44, "Kiev")]


def test_bytes_the_fallback_cannot_read_are_an_error(capsys, tmp_path):
    story = tmp_path / "odd.txt"
    story.write_bytes(b"Talks\n\nA \x81 byte.\n")
    code, out, err = run(capsys, "check", "--encoding", "cp1252", str(story))
    assert (code, out) == (2, "")
    assert err == (f"newslint: {story}:3: neither UTF-8 nor cp1252 (--encoding): byte 0x81 at "
                   "byte offset 9 is not cp1252\n")


@pytest.mark.parametrize(("name", "reason"), [
    ("nonesuch", "unknown encoding 'nonesuch'"),
    ("utf-16", ("unsupported encoding 'utf-16': an 8-bit character set that writes ASCII as "
                "ASCII is needed (cp1252, latin-1, iso-8859-15, ...)")),
    ("rot13", "unsupported encoding 'rot13'"),
    ("cp500", "unsupported encoding 'cp500'"),  # EBCDIC
    ("utf-7", "unsupported encoding 'utf-7'"),
])
def test_unusable_encodings_are_refused(capsys, tmp_path, name, reason):
    story = tmp_path / "a.txt"
    story.write_text("Talks.\n")
    with pytest.raises(SystemExit) as exited:
        main(["check", "--encoding", name, str(story)])
    assert exited.value.code == 2
    assert f"argument --encoding: {reason}" in capsys.readouterr().err
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")
                       .replace(".", r"\.")):
        fallback_encoding(name)


def test_a_bad_config_encoding_names_file_and_line(capsys, tmp_path):
    config = tmp_path / ".newslint.yaml"
    config.write_text("extends: house\n\nencoding: utf-16\n")
    (tmp_path / "a.txt").write_text("Talks.\n")
    code, out, err = run(capsys, "check", str(tmp_path / "a.txt"))
    assert (code, out) == (2, "")
    assert err.startswith(f"newslint: {config}:3: 'encoding': unsupported encoding 'utf-16'")


def test_standard_input_reads_with_encoding(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARCHIVE)))
    code, out, err = run(capsys, "check", "--encoding", "cp1252", "--format", "json",
                         "--stdin-filename", "story.txt", "-")
    assert (code, err) == (1, "")
    assert [f[:3] for f in findings(out)] == [(1, 1, "names.spelling"), (3, 42, "style.dash"),
                                             (5, 16, "names.spelling")]


def test_the_results_cache_knows_the_encoding(capsys, tmp_path):
    story = tmp_path / "1998-story.txt"
    story.write_bytes(ARCHIVE)
    counts = []
    for encoding in ("cp1252", "latin-1", "cp1252"):
        _, out, _ = run(capsys, "check", "--cache", "--encoding", encoding, "--format", "json",
                        str(story))
        counts.append(len(json.loads(out)))
    assert counts == [3, 2, 3]
