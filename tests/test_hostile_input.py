"""Hostile and odd input files: HTML read as a browser reads it, encodings told by byte-order
mark, NUL pattern or declaration (and refused by name and position when they are no text
encoding), a size budget per file, and a cap on findings per rule and file."""

from __future__ import annotations

import codecs
import json

import pytest
from helpers import FIXTURES, lint_text
from hypothesis import given, settings
from hypothesis import strategies as st
from test_readers import check_offsets

from newslint.cli import main
from newslint.engine import MAX_FINDINGS_PER_RULE
from newslint.readers import read, sniff_wide

SEED = (FIXTURES / "articles" / "seed-article.txt").read_text(encoding="utf-8")


def texts(source: str, fmt: str = "html") -> list[tuple[str, str]]:
    document = read(source.encode("utf-8"), f"case.{fmt}", fmt)
    check_offsets(document)
    return [(s.kind, s.text) for s in document.segments]


# --- HTML as a browser reads it ----------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    # An unclosed comment runs to the end of the file: nothing after it is shown, or linted.
    ("<p>Talks in Kiev</p><!-- <p>Talks in Kharkov</p>", ["Talks in Kiev"]),
    ("<p>Kiev <!-- -- > is still the comment --> Kharkov</p>", ["Kiev Kharkov"]),
    ("<p>Kiev<!-->Kharkov<!--->Odessa<!-- x --!>Lvov</p>", ["KievKharkovOdessaLvov"]),
    # A tag cut off by the end of the file is dropped, with what it swallowed.
    ('<p>Talks in Kiev <a href="x">Kharkov</a> <img alt="Odessa', ["Talks in Kiev Kharkov"]),
    ("<p>Talks in Kiev <a <a <a <a", ["Talks in Kiev"]),
    # "<" before anything but a letter, "/", "!" or "?" is text; "</" at the end too.
    ("<p>a < b, c <3 d, e <= f </", ["a < b, c <3 d, e <= f </"]),
    # "</ p>" and "<?php …>" are bogus comments; "</>" is nothing.
    ("<p>Kiev</ p> and</> <?php echo 'x' ?>Kharkov</p>", ["Kiev and Kharkov"]),
    # Quoted attribute values may hold ">"; the first of two equal attributes counts.
    ('<p title="a > b" class=\'x\'>Kiev</p><div class="byline" class="body">By A</div>',
     ["Kiev", "By A"]),
    # Raw text: a script or style ends at its own end tag only; an unclosed one hides the rest.
    ('<p>Kiev</p><script>if (a<b) { s = "</p><p>x"; }</script><style>p>b{}</style><p>Lvov</p>',
     ["Kiev", "Lvov"]),
    ("<p>Kiev</p><script>var a = '<p>Kharkov</p>';", ["Kiev"]),
    # A title in the body is not shown; its text is raw up to </title>.
    ("<p>Kiev</p><title>A <b>title</title><p>Lvov</p>", ["Kiev", "Lvov"]),
    # "<p/>" is an empty paragraph; an SVG's "<style/>" does not swallow the article.
    ('<p class="x" /><span class="byline">By A</span><svg><style/></svg><p>Kiev</p>',
     ["By A", "Kiev"]),
])
def test_html_is_read_as_a_browser_reads_it(source, expected):
    assert [text for _, text in texts(source)] == expected


def test_a_meta_description_is_read_from_its_attribute_span():
    source = "<meta content=x name='description' content='Talks &amp; Kiev'>\n<p>Body.</p>"
    document = read(source.encode(), "case.html", "html")
    standfirst = document.segments[0]
    assert (standfirst.kind, standfirst.text) == ("standfirst", "x")
    other = "<meta name=description content='Talks &amp; Kiev'><p>Body.</p>"
    standfirst = read(other.encode(), "case.html", "html").segments[0]
    assert standfirst.text == "Talks & Kiev"
    assert other[standfirst.offsets.start(8):standfirst.offsets.end(12)] == "Kiev"


def test_findings_after_an_unclosed_comment_are_neither_reported_nor_fixed(tmp_path):
    page = tmp_path / "page.html"
    original = "<p>Talks in Kiev.</p>\n<!-- draft:\n<p>Talks in Kiev.</p>\n"
    page.write_text(original)
    assert main(["fix", "--select", "names.spelling", str(page)]) == 0
    assert page.read_text() == original.replace("Kiev", "Kyiv", 1)


def test_a_lone_surrogate_in_front_matter_leaves_the_names_around_it_found(tmp_path, capsys):
    """A YAML escape can make a lone surrogate, which the Rust automaton of the one pass cannot
    read: the text around it is still searched, at the right columns."""
    article = tmp_path / "a.md"
    article.write_text('---\ntitle: "Kiev \\ud800 in Kiev"\n---\n\nBody in Kiev.\n')
    assert main(["check", "--select", "names.spelling", "--output-format", "concise",
                 str(article)]) == 1
    assert [line.split(": ")[0] for line in capsys.readouterr().out.splitlines()
            if line.startswith(str(article))] == [
        f"{article}:2:9", f"{article}:2:24", f"{article}:5:9"]



def test_a_lone_surrogate_in_front_matter_is_read_as_a_replacement_character(tmp_path, capsys):
    """The house style's RE2 patterns (proselint's) cannot read a lone surrogate: it was an
    internal error (exit 3). The escape reads as U+FFFD, and every rule runs."""
    article = tmp_path / "a.md"
    article.write_text('---\ntitle: "Talks \\ud800 in Kiev"\n---\n\nThe the talks.\n')
    assert main(["check", "--output-format", "concise", str(article)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert [line.split(": ")[0] + " " + line.split("[")[1].split("]")[0]
            for line in out.splitlines() if line.startswith(str(article))] == [
        f"{article}:2:25 names.spelling", f"{article}:5:1 proselint.usage",
        f"{article}:5:15 source.missing"]

# --- size budget -------------------------------------------------------------------------------

def test_a_file_over_the_size_budget_is_an_error_and_the_run_goes_on(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWSLINT_MAX_FILE_SIZE", "0.001")  # 1,000 bytes
    (tmp_path / "a-large.txt").write_text("Talks in Kiev. " * 100)  # 1,500 bytes
    (tmp_path / "b-small.txt").write_text("Talks in Kiev.\n")
    assert main(["check", "--select", "names.spelling", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert err == (f"newslint: {tmp_path / 'a-large.txt'}: too large (0.0015 MB > 0.001 MB limit; "
                   "NEWSLINT_MAX_FILE_SIZE sets the limit in MB)\n")
    assert f"{tmp_path / 'b-small.txt'}:1:10: error [names.spelling]" in out


def test_the_size_budget_holds_for_standard_input_and_defaults_to_10_mb(monkeypatch, capsys):
    import io
    import sys

    data = b"Kiev " * 2_000_001  # 10,000,005 bytes
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["check", "--stdin-filename", "wire.txt", "-"]) == 2
    assert capsys.readouterr().err == ("newslint: wire.txt: too large (10.1 MB > 10 MB limit; "
                                       "NEWSLINT_MAX_FILE_SIZE sets the limit in MB)\n")


def test_a_bad_size_budget_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWSLINT_MAX_FILE_SIZE", "ten")
    (tmp_path / "a.txt").write_text("Body.\n")
    assert main(["check", str(tmp_path / "a.txt")]) == 2
    assert capsys.readouterr().err == (f"newslint: {tmp_path / 'a.txt'}: NEWSLINT_MAX_FILE_SIZE "
                                       "takes a number of megabytes, not 'ten'\n")


# --- encodings ---------------------------------------------------------------------------------

def _findings(data: bytes, name: str = "seed.txt"):
    from newslint.config.ruleset import load_ruleset
    from newslint.engine import lint

    document = read(data, name, name.rsplit(".", 1)[-1])
    return [(f.rule, f.line, f.column, f.match) for f in lint(document, load_ruleset("house"))]


@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""), ("utf-16-be", b""), ("utf-32-le", b""), ("utf-32-be", b""),
])
def test_utf16_and_utf32_read_as_utf8_with_or_without_a_bom(encoding, bom):
    expected = _findings(SEED.encode("utf-8"))
    assert len(expected) == 8 and "source.missing" not in {f[0] for f in expected}
    data = bom + SEED.encode(encoding)
    assert _findings(data) == expected
    document = read(data, "seed.txt", "txt")
    assert (document.encoding, document.bom) == (encoding, bom)


def test_fixing_utf16_without_a_bom_writes_utf16_without_a_bom(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_bytes("Talks in Kiev.\r\n\r\nSource: AP\r\n".encode("utf-16-le"))
    assert main(["fix", "--select", "names.spelling", str(path)]) == 0
    assert path.read_bytes() == "Talks in Kyiv.\r\n\r\nSource: AP\r\n".encode("utf-16-le")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("b64.xml", b'<?xml version="1.0" encoding="base64"?>\n<nitf/>',
     "b64.xml:1:31: unsupported encoding 'base64' declared: a transform of bytes, not a text "
     "encoding"),
    ("rot.nitf", b"<?xml version='1.0' encoding='rot13'?><nitf/>",
     "rot.nitf:1:31: unsupported encoding 'rot13' declared: a transform of bytes"),
    ("hex.html", b'<html><head>\n  <meta charset="hex"></head><p>Kiev</p>',
     "hex.html:2:18: unsupported encoding 'hex' declared: a transform of bytes"),
    ("utf7.html", b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-7"><p>+AGA-',
     "utf7.html:1:61: unsupported encoding 'UTF-7' declared: not a character set (browsers and "
     "XML parsers refuse it too)"),
    ("idna.xml", b'<?xml version="1.0" encoding="idna"?><nitf/>',
     "idna.xml:1:31: unsupported encoding 'idna' declared: not a character set"),
    ("ebcdic.xml", b'<?xml version="1.0" encoding="cp500"?><nitf/>',
     "ebcdic.xml:1:31: unsupported encoding 'cp500' declared: the declaration itself is not "
     "written in it"),
    ("unknown.html", b'<p>Kiev</p>\n<meta charset="nonesuch">',
     "unknown.html:2:16: unknown encoding 'nonesuch' declared"),
    ("wide.txt", ("Talks in Kiev. " * 300 + "\x00\n").encode("utf-16-le"),
     "wide.txt: binary file (NUL character at offset 4500 of its UTF-16-LE text)"),
    ("odd.txt", "Talks in Kiev.\n".encode("utf-16-le") + b"\x00",
     "odd.txt: not valid UTF-16-LE (no byte-order mark; read by its NUL bytes) at byte offset 30"),
])
def test_an_encoding_newslint_cannot_read_is_a_located_error(tmp_path, capsys, name, content,
                                                             message):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"newslint: {tmp_path}/{message}"), err
    assert "Traceback" not in err


def test_a_declared_single_byte_encoding_is_read_and_kept():
    source = ('<?xml version="1.0" encoding="windows-1252"?><nitf><body><body.content><p>“Kiev”'
              "</p></body.content></body></nitf>")
    document = read(source.encode("cp1252"), "a.xml", "xml")
    assert [s.text for s in document.segments] == ["“Kiev”"]
    assert (document.encoding, document.bom) == ("cp1252", b"")


def test_a_byte_order_mark_outranks_a_declaration():
    source = '<?xml version="1.0" encoding="base64"?><nitf><body><body.content><p>“Kiev”</p>'
    data = codecs.BOM_UTF8 + (source + "</body.content></body></nitf>").encode("utf-8")
    document = read(data, "a.xml", "xml")
    assert [s.text for s in document.segments] == ["“Kiev”"]
    assert (document.encoding, document.bom) == ("utf-8", codecs.BOM_UTF8)


_MOSTLY_ASCII = st.text(st.sampled_from("abcdefghij KLMNOP.,;'\"\n\r\t0123456789-é“’—"),
                        min_size=8, max_size=400).filter(
                            lambda t: sum(c.isascii() for c in t) > 0.9 * len(t))


@settings(max_examples=200, deadline=None)
@given(_MOSTLY_ASCII, st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]))
def test_mostly_ascii_utf16_and_utf32_are_told_by_their_nul_bytes(text, encoding):
    assert sniff_wide(text.encode(encoding)) == encoding
    assert sniff_wide(text.encode("utf-8")) is None


# --- findings per rule and file ------------------------------------------------------------------

def test_findings_past_a_thousand_per_rule_are_counted_in_one_finding():
    text = "Kiev " * 1500 + "\n\nSource: AP\n"
    findings = lint_text(text, rules=["names.spelling"])
    assert len(findings) == MAX_FINDINGS_PER_RULE + 1 == 1001
    assert [f.column for f in findings[:2]] == [1, 6]
    more = findings[-1]
    assert (more.line, more.column, more.match, more.fix) == (1, 5001, "Kiev", None)
    assert more.message == ("… and 500 more findings of names.spelling in this file; fix the first "
                            "ones or check the file's encoding")
    assert len(lint_text("Kiev " * 1000 + "\n\nSource: AP\n", rules=["names.spelling"])) == 1000


def test_a_file_of_quotes_reports_a_thousand_findings_per_rule(tmp_path, capsys):
    path = tmp_path / "quotes.txt"
    # Quotation marks joined to words on both sides, so both rules read every one (a bare run of
    # marks is no quotation at all for style.quote-balance).
    path.write_text('a "b' * 20000 + "\n")
    assert main(["check", "--format", "json", "--select", "style", str(path)]) == 1
    findings = json.loads(capsys.readouterr().out)
    by_rule = {}
    for finding in findings:
        by_rule.setdefault(finding["rule"], []).append(finding)
    assert {rule: len(found) for rule, found in by_rule.items()} == {
        "style.straight-quotes": 1001, "style.quote-balance": 1001}
    last = by_rule["style.straight-quotes"][-1]
    assert last["message"][:50] == "… and 19000 more findings of style.straight-quotes"


def test_the_reader_bench_times_every_reader_on_a_shape(capsys):
    import sys

    from helpers import ROOT

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench import hostile

    assert hostile.main(["--readers", "--size", "300", "--only", "open-comment",
                         "--only", "deep-nesting"]) == 0  # nothing flagged, nothing raised
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["shape", "txt", "md", "html", "nitf", "newsml"]
    rows = {line.split()[0]: line for line in lines[2:4]}
    assert set(rows) == {"open-comment", "deep-nesting"}
    assert rows["open-comment"].count("E") == 2  # not well-formed XML, in NITF and NewsML-G2
    assert "E" not in rows["deep-nesting"]
