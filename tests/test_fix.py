"""newslint fix: what it changes, what it keeps, and that it never loses an edit."""

from __future__ import annotations

import io
import os
import sys
from itertools import pairwise

import pytest
from helpers import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newslint.fixer
from newslint.cli import main
from newslint.config.ruleset import load_ruleset
from newslint.fixer import apply_fixes, choose_edits, fix_document
from newslint.readers import read

SEED = FIXTURES / "articles" / "seed-article.txt"
SEED_LINE_5_FIXED = (
    "Albanian Prime Minister Edi Rama, right, and Ukrainian President Volodymyr Zelenskyy hold a "
    "press conference after he summit of Southeastern European countries on peace in Tirana, "
    "Albania, Wednesday, February 28, 2024. Ukraine's president co-hosts a summit with Albania's "
    "government on Wednesday that is meant to encourage further support for Kyiv by southeastern "
    "European countries, as signs of fatigue grow two years after Russia's full-scale invasion "
    "[Armando Babani/AP Photo]"
)


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def seed_copy(tmp_path, newline="\n", name="seed.txt"):
    text = SEED.read_text(encoding="utf-8").replace("\n", newline)
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fix_changes_line_5_alone(capsys, tmp_path):
    path = seed_copy(tmp_path)
    before = path.read_bytes().split(b"\n")
    code, out, err = run(capsys, "fix", "--color", "never",
                         "--select", "dates,captions,names,source", str(path))
    after = path.read_bytes().split(b"\n")
    assert err == f"newslint: {path}: applied 3 fixes\n"
    assert len(after) == len(before)
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [4]
    assert after[4].decode() == SEED_LINE_5_FIXED
    assert code == 1  # the weekday and the caption's length are left for an editor
    assert "[dates.weekday-in-caption]" in out and "[captions.too-long]" in out


def test_fix_keeps_crlf(capsys, tmp_path):
    path = seed_copy(tmp_path, "\r\n")
    run(capsys, "fix", "--select", "dates,captions", str(path))
    data = path.read_bytes()
    assert data.count(b"\r\n") == 45 and data.count(b"\n") == 45
    assert data.split(b"\r\n")[4].decode() == SEED_LINE_5_FIXED
    assert not data.endswith(b"\n")  # the seed has no final newline, and still has none


def test_diff_writes_nothing(capsys, tmp_path):
    path = seed_copy(tmp_path)
    before = path.read_bytes()
    code, out, err = run(capsys, "fix", "--diff", "--select", "dates,captions", str(path))
    assert code == 1 and path.read_bytes() == before
    assert err == f"newslint: {path}: 1 unsafe fix not shown (--unsafe-fixes shows it)\n"
    shown = str(path).lstrip("/")
    lines = out.splitlines()
    assert lines[:3] == [f"--- a/{shown}", f"+++ b/{shown}", "@@ -2,7 +2,7 @@"]
    assert [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")] == [
        SEED_LINE_5_FIXED]


def test_check_fix_is_fix(capsys, tmp_path):
    path = seed_copy(tmp_path)
    run(capsys, "check", "--fix", "--select", "dates,captions", str(path))
    assert path.read_text(encoding="utf-8").split("\n")[4] == SEED_LINE_5_FIXED


def test_second_run_writes_nothing(capsys, tmp_path):
    path = seed_copy(tmp_path)
    run(capsys, "fix", str(path))
    stamp = os.stat(path).st_mtime_ns
    os.utime(path, ns=(stamp - 10**9, stamp - 10**9))
    code, _, err = run(capsys, "fix", str(path))
    assert err == "" and os.stat(path).st_mtime_ns == stamp - 10**9


def test_bom_permissions_and_symlink_kept(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # fix writes through a link only to a file inside the root
    target = tmp_path / "story.txt"
    target.write_bytes(b"\xef\xbb\xbfTalks in Kiev went on.")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    run(capsys, "fix", str(link))
    assert link.is_symlink()
    assert target.read_bytes() == b"\xef\xbb\xbfTalks in Kyiv went on."
    assert oct(os.stat(target).st_mode & 0o777) == "0o640"


def test_utf16_file_stays_utf16(capsys, tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes("Talks in Kiev went on.\r\n".encode("utf-16"))
    run(capsys, "fix", str(path))
    assert path.read_bytes() == "Talks in Kyiv went on.\r\n".encode("utf-16")


def test_file_changed_on_disk_is_not_overwritten(capsys, tmp_path, monkeypatch):
    path = tmp_path / "story.txt"
    path.write_text("Talks in Kiev went on.")
    real = newslint.fixer.fix_document

    def editor_saves_meanwhile(*args, **kwargs):
        outcome = real(*args, **kwargs)
        path.write_text("An editor's newer text about Kiev.")
        return outcome

    monkeypatch.setattr(newslint.fixer, "fix_document", editor_saves_meanwhile)
    code, _, err = run(capsys, "fix", str(path))
    assert code == 2
    assert err == f"newslint: {path}: file changed on disk while newslint worked; not written\n"
    assert path.read_text() == "An editor's newer text about Kiev."


def test_interrupted_write_leaves_original(capsys, tmp_path, monkeypatch):
    path = tmp_path / "story.txt"
    path.write_text("Talks in Kiev went on.")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    assert run(capsys, "fix", str(path))[0] == 130
    assert path.read_text() == "Talks in Kiev went on."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def test_stdin_to_stdout(capsys, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(b"Talks in Kiev went on on Feb. 28.\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    code = main(["fix", "--select", "names,dates", "-"])
    stdout.flush()
    assert code == 0
    assert stdout.buffer.getvalue() == b"Talks in Kyiv went on on February 28.\n"


def test_unsafe_fixes_only_when_asked(capsys, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Turkey and Kiev.")
    run(capsys, "fix", "--select", "names", str(path))
    assert path.read_text() == "Turkey and Kyiv."
    run(capsys, "fix", "--select", "names", "--unsafe-fixes", str(path))
    assert path.read_text() == "Turkiye and Kyiv."


def test_overlapping_fixes_settle_over_rounds(tmp_path):
    # The weekday fix (unsafe) and the date fix overlap; both land, in two rounds.
    text = "Crowds in Tirana, Albania, Wednesday, Feb. 28, 2024 (AP Photo/Jane Doe)"
    ruleset = load_ruleset("house").selected(["dates", "captions"])
    document = read(text.encode(), "c.txt", "txt")
    document.segments[0].kind = "caption"
    outcome = fix_document(document, ruleset, lambda t: _as_caption(t), unsafe=True)
    assert outcome.fixed == "Crowds in Tirana, Albania, on February 28, 2024 [Jane Doe/AP Photo]"
    assert outcome.settled and outcome.remaining == []


def _as_caption(text):
    document = read(text.encode(), "c.txt", "txt")
    document.segments[0].kind = "caption"
    return document


# --- properties -----------------------------------------------------------------------------

WORDS = st.sampled_from([
    "Kiev", "KIEV", "Zelensky's", "Kharkov", "Kyiv", "talks", "in", "on", "Feb. 28, 2024",
    "28th February", "February 28 2024", "Sept. 5", "said", "“quoted”", "—", "Ця", "🇺🇦", "the",
    "Odessa, Texas", "https://example.com/Kiev", "#Kiev", "chicken Kiev", "Turkey", ".", ",",
])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"])


@st.composite
def articles(draw):
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        parts.append(draw(WORDS))
        parts.append(draw(st.sampled_from([" ", " ", " ", "  "])) if draw(st.booleans())
                     else draw(LINE_ENDS))
    return "".join(parts).rstrip(" ")


def _fixed(text: str, unsafe: bool = False) -> tuple[str, list]:
    ruleset = load_ruleset("house")
    document = read(text.encode("utf-8"), "p.txt", "txt")
    outcome = fix_document(document, ruleset, lambda t: read(t.encode("utf-8"), "p.txt", "txt"),
                           unsafe=unsafe)
    return outcome.fixed, outcome


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.booleans())
def test_fixing_is_idempotent_and_keeps_line_ends(text, unsafe):
    fixed, outcome = _fixed(text, unsafe)
    assert _fixed(fixed, unsafe)[0] == fixed
    for ending in ("\r\n", "\n", "\r"):
        assert fixed.count(ending) == text.count(ending)


@settings(max_examples=150, deadline=None)
@given(articles(), st.booleans())
def test_bytes_outside_edits_are_unchanged(text, unsafe):
    from newslint.engine import lint

    findings = lint(read(text.encode("utf-8"), "p.txt", "txt"), load_ruleset("house"))
    fixed, _ = apply_fixes(text, findings, unsafe)
    edits, _ = choose_edits(findings, unsafe)
    for before, after in pairwise(edits):
        assert before.end <= after.start and (before.start, before.end) != (after.start, after.end)
    # Splice the edits in from the end: the text between them must be the original's.
    spliced = text
    for edit in reversed(edits):
        spliced = spliced[:edit.start] + edit.replacement + spliced[edit.end:]
    assert fixed == spliced


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fixed_seed_then_lints_clean_of_fixed_rules(capsys, tmp_path, newline):
    path = seed_copy(tmp_path, newline)
    run(capsys, "fix", str(path))
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    import json

    assert {f["rule"] for f in json.loads(out)} <= {"dates.weekday-in-caption", "captions.too-long"}


def test_wire_copy_becomes_house_copy(capsys, tmp_path):
    """AP copy through `newslint fix` (house style): credit, dates, spellings, abbreviations,
    quotes and dashes converted; what needs an editor stays reported."""
    wire = FIXTURES / "wire" / "ap-wire-story.txt"
    assert run(capsys, "check", "--ruleset", "ap", str(wire))[0] == 0  # clean wire copy
    path = tmp_path / "story.txt"
    path.write_bytes(wire.read_bytes())
    code, out, err = run(capsys, "fix", "--format", "json", str(path))
    assert path.read_bytes() == (FIXTURES / "wire" / "ap-wire-story.txt.house.fixed").read_bytes()
    import json

    left = [(f["rule"], f["match"]) for f in json.loads(out)]
    assert left == [
        ("compliance.wire-boilerplate", "(AP)"),
        ("style.abbreviations", "U.S."),  # "U.S. Congress": the point might end a sentence
        ("compliance.wire-boilerplate", "___"),
        ("compliance.wire-boilerplate",
         "Follow AP’s coverage of the war in Ukraine at https://apnews.com/hub/russia-ukraine"),
        ("source.missing", ""),
    ]
    assert code == 1


MARKUP_FIXES = {
    "html-tag-split-and-entity": (
        "story.html",
        "<p>President <b>Zelen</b>sky spoke in Ki&#101;v &amp; Kharkov.</p>\r\n",
        "<p>President <b>Zelen</b>skyy spoke in Kyiv &amp; Kharkiv.</p>\r\n",
    ),
    "html-link-keeps-its-tags": (
        "story.html",
        "<p>Aid to the <a href=\"/ukraine\">Ukraine</a> was debated.</p>",
        "<p>Aid to <a href=\"/ukraine\">Ukraine</a> was debated.</p>",
    ),
    "markdown-emphasis": (
        "story.md",
        "---\ntitle: 'Talks in Kiev'\ncaption: \"Crowds in Kharkov (AP Photo/Jane Doe)\"\n---\n\n"
        "President *Zelensky* spoke.\n",
        "---\ntitle: 'Talks in Kyiv'\ncaption: \"Crowds in Kharkiv [Jane Doe/AP Photo]\"\n---\n\n"
        "President *Zelenskyy* spoke.\n",
    ),
    "nitf-entity": (
        "story.nitf",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<nitf><body><body.content>"
        "<p>Caf\xe9 talks in Kiev on Feb. 28, 2024.</p></body.content></body></nitf>\n",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<nitf><body><body.content>"
        "<p>Caf\xe9 talks in Kyiv on February 28, 2024.</p></body.content></body></nitf>\n",
    ),
}


@pytest.mark.parametrize("name", MARKUP_FIXES)
def test_fix_edits_markup_in_place(capsys, tmp_path, name):
    filename, before, after = MARKUP_FIXES[name]
    path = tmp_path / filename
    encoding = "latin-1" if "ISO-8859-1" in before else "utf-8"
    path.write_bytes(before.encode(encoding))
    run(capsys, "fix", "--select", "names,dates,captions.credit", str(path))
    assert path.read_bytes() == after.encode(encoding)
    assert run(capsys, "check", "--select", "names,dates,captions.credit", str(path))[0] == 0


def test_fix_writes_a_character_the_declared_encoding_lacks_as_a_reference(capsys, tmp_path):
    path = tmp_path / "story.nitf"
    path.write_bytes(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf><body><body.content>'
                     b"<p>Ukraine's army.</p></body.content></body></nitf>")
    run(capsys, "fix", "--select", "style.straight-quotes", str(path))
    assert b"<p>Ukraine&#8217;s army.</p>" in path.read_bytes()


def test_fixing_the_html_seed_keeps_crlf_and_changes_only_the_wire_caption(capsys, tmp_path):
    original = (FIXTURES / "articles" / "seed-article.html").read_bytes()
    path = tmp_path / "seed.html"
    path.write_bytes(original)
    run(capsys, "fix", str(path))
    fixed = path.read_bytes()
    assert fixed.count(b"\r\n") == original.count(b"\r\n")
    line_pairs = zip(original.split(b"\r\n"), fixed.split(b"\r\n"), strict=True)
    changed = [i + 1 for i, (a, b) in enumerate(line_pairs) if a != b]
    assert changed == [19, 21, 22, 23]
    assert b"[Armando Babani/AP Photo]" in fixed and b"February 28, 2024" in fixed
