"""HTML named entities in NITF and NewsML-G2 (agency feeds write &rdquo; and &mdash;): read as
HTML defines them, silently under a DOCTYPE that names a DTD, else each one a finding at its
place; the file's other findings are never lost. No DTD is read, no entity declaration."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import FIXTURES, lint_text

from newslint.cli import main
from newslint.readers import read

AGENCY = FIXTURES / "wire" / "agency-entities.nitf.xml"
AGENCY_DOCTYPE = FIXTURES / "wire" / "agency-entities-doctype.nitf.xml"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def checked(capsys, *paths, options=()):
    code, out, err = run(capsys, "check", "--format", "json", *options, *map(str, paths))
    assert err == ""
    return code, [(f["line"], f["column"], f["rule"], f["match"]) for f in json.loads(out)]


def test_an_agency_nitf_without_doctype_is_read_and_each_entity_reported(capsys):
    # Before: "not well-formed XML: undefined entity" at 6:55, exit 2, no other finding.
    code, found = checked(capsys, AGENCY)
    assert code == 1
    assert found == [
        (6, 54, "style.dash", " — "),
        (6, 55, "compliance.xml-entity", "&mdash;"),
        (8, 38, "compliance.xml-entity", "&mdash;"),
        (11, 26, "compliance.wire-boilerplate", "(AP)"),
        (11, 31, "compliance.xml-entity", "&mdash;"),
        (11, 142, "names.spelling", "Kiev"),  # columns count the entity's seven characters
        (12, 10, "compliance.xml-entity", "&ldquo;"),
        (12, 82, "compliance.xml-entity", "&rdquo;"),
        (13, 17, "compliance.xml-entity", "&rsquo;"),
        (13, 71, "compliance.xml-entity", "&ldquo;"),
        (13, 95, "compliance.xml-entity", "&rdquo;"),
    ]


def test_the_nitf_doctype_declares_them(capsys):
    _, found = checked(capsys, AGENCY_DOCTYPE)
    assert found == [(7, 54, "style.dash", " — "), (12, 26, "compliance.wire-boilerplate", "(AP)"),
                     (12, 142, "names.spelling", "Kiev")]


def test_both_read_the_same_text():
    without, with_doctype = (read(p.read_bytes(), str(p), "xml") for p in (AGENCY, AGENCY_DOCTYPE))
    assert [(s.kind, s.text) for s in without.segments] == [
        (s.kind, s.text) for s in with_doctype.segments]
    assert without.segments[5].text == ("“We are interested in co-production with you and all our "
                                        "partners,” Zelenskyy told the summit.")
    assert with_doctype.notices == []


def test_show_reads_the_entities_as_html_does(capsys):
    code, out, _ = run(capsys, "show", str(AGENCY))
    assert code == 0
    assert out.splitlines()[1] == (
        "  headline  6:21-6:74     Zelenskyy seeks Balkan arms deals — and support")


def test_fix_writes_the_characters_and_leaves_well_formed_xml(capsys, tmp_path):
    from xml.parsers import expat

    story = tmp_path / "story.nitf.xml"
    shutil.copy(AGENCY, story)
    code, _, err = run(capsys, "fix", "--select", "compliance.xml-entity", str(story))
    assert code == 0, err
    fixed = story.read_text(encoding="utf-8")
    assert fixed.split("\n")[11] == ("      <p>“We are interested in co-production with you and "
                                     "all our partners,” Zelenskyy told the summit.</p>")
    assert "&" not in fixed
    expat.ParserCreate().Parse(fixed.encode(), True)  # no DTD, no foreign DTD: still reads
    assert fixed == AGENCY.read_text(encoding="utf-8").replace("&mdash;", "—").replace(
        "&ldquo;", "“").replace("&rdquo;", "”").replace("&rsquo;", "’")


def test_fix_writes_a_reference_where_the_encoding_lacks_the_character(capsys, tmp_path):
    story = tmp_path / "latin.xml"
    story.write_bytes(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf><body><body.content>'
                      b"<p>Caf&eacute; talks, &ldquo;at last&rdquo;.</p>"
                      b"</body.content></body></nitf>\n")
    code, _, err = run(capsys, "fix", "--select", "compliance.xml-entity", str(story))
    assert code == 0, err
    assert story.read_bytes() == (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf><body><body.content>'
        b"<p>Caf\xe9 talks, &#x201C;at last&#x201D;.</p></body.content></body></nitf>\n")


def test_ignoring_the_rule_reads_the_file_silently(capsys):
    code, found = checked(capsys, AGENCY, options=("--ignore", "compliance.xml-entity"))
    assert (code, found) == (1, [(6, 54, "style.dash", " — "),
                                 (11, 26, "compliance.wire-boilerplate", "(AP)"),
                                 (11, 142, "names.spelling", "Kiev")])


@pytest.mark.parametrize(("doctype", "expected"), [
    ("", "newslint: {path}:2:24: not well-formed XML: undefined entity\n"),
    ('<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">\n', ""),  # the DTD's: kept as written
])
def test_an_entity_html_does_not_define(capsys, tmp_path, doctype, expected):
    story = tmp_path / "story.xml"
    story.write_text(f"{doctype}<nitf>\n<body><body.content><p>&agencyname; in Kiev</p>"
                     "</body.content></body></nitf>\n")
    code, _, err = run(capsys, "check", "--select", "names", str(story))
    assert err == expected.format(path=story)
    if not doctype:
        assert code == 2
    else:
        document = read(story.read_bytes(), str(story), "xml")
        assert document.segments[0].text == "&agencyname; in Kiev"


def test_entities_in_attribute_values_are_reported_where_they_are():
    text = ('<nitf><body><body.content><media><media-caption title="Tirana &ndash; 2024">'
            "Leaders met.</media-caption></media></body.content></body></nitf>")
    findings = lint_text(text, rules=["compliance.xml-entity"], fmt="nitf")
    assert [(f.column, f.match) for f in findings] == [(63, "&ndash;")]
    with_doctype = '<!DOCTYPE nitf SYSTEM "nitf.dtd">' + text
    assert lint_text(with_doctype, rules=["compliance.xml-entity"], fmt="nitf") == []


@pytest.mark.parametrize("text", [
    "<nitf><body><body.content><p><![CDATA[R&D &mdash; as written]]></p></body.content></body>"
    "</nitf>",
    "<nitf><body><body.content><!-- &mdash; --><p>Talks.</p></body.content></body></nitf>",
    "<nitf><body><body.content><p>R&amp;D &lt;3 &#8212; &#x2014;</p></body.content></body></nitf>",
    '<nitf><body><body.content><p title="R&amp;D">Talks.</p></body.content></body></nitf>',
])
def test_what_is_no_undeclared_entity(text):
    assert lint_text(text, rules=["compliance.xml-entity"], fmt="nitf") == []


def test_standalone_yes_reads_the_same():
    text = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<nitf><body><body.content>'
            "<p>&ldquo;Talks&rdquo;</p></body.content></body></nitf>")
    document = read(text.encode(), "a.xml", "xml")
    assert document.segments[0].text == "“Talks”"
    assert document.source == text  # the declaration is read as written
    findings = lint_text(text, rules=["compliance.xml-entity"], fmt="nitf")
    assert [(f.line, f.column) for f in findings] == [(2, 30), (2, 42)]


def test_newsml_with_inline_nitf():
    text = ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentSet><inlineXML>'
            "<nitf><body><body.content><p>Kiev &mdash; talks.</p></body.content></body></nitf>"
            "</inlineXML></contentSet></newsItem>")
    findings = lint_text(text, rules=["compliance.xml-entity", "names.spelling"], fmt="newsml")
    assert [(f.column, f.rule) for f in findings] == [
        (107, "names.spelling"), (112, "compliance.xml-entity")]


def test_no_dtd_is_ever_read(tmp_path):
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "LEAKED"><!ENTITY rdquo "WRONG">')
    text = (f'<!DOCTYPE nitf SYSTEM "{dtd.as_uri()}">\n'
            "<nitf><body><body.content><p>&secret; &rdquo;</p></body.content></body></nitf>")
    document = read(text.encode(), "a.xml", "xml")
    assert document.segments[0].text == "&secret; ”"


@pytest.mark.parametrize("internal_subset", [
    '<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;',
    '<!ENTITY mdash "LOL">',
])
def test_entity_declarations_are_still_refused(capsys, tmp_path, internal_subset):
    story = tmp_path / "story.xml"
    story.write_text(f"<!DOCTYPE nitf [{internal_subset}]>\n"
                     "<nitf><body><p>&mdash;</p></body></nitf>\n")
    code, out, err = run(capsys, "check", str(story))
    assert (code, out) == (2, "")
    assert err.startswith(f"newslint: {story}:1: the DOCTYPE declares entity ")
