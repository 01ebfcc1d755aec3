"""xml.schema: NITF files, and the NITF inside NewsML-G2 items, against IPTC's NITF 3.6 schema.

Single errors at exact positions are rule cases (tests/rule_cases/wire-delivery/xml.schema.yaml);
here: the real files, the options, what lxml must never load, and the cold start.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest
from helpers import FIXTURES, ROOT, lint_text

from newslint.cli import main
from newslint.config.ruleset import load_ruleset
from newslint.document import Document
from newslint.engine import lint
from newslint.readers import read
from newslint.rules import xml_schema

NS = 'xmlns="http://iptc.org/std/NITF/2006-10-18/"'
IPTC = sorted((FIXTURES / "iptc").glob("*.xml"))


def schema_findings(path):
    document = read(path.read_bytes(), str(path), "xml")
    rules = load_ruleset("wire-delivery").selected(["xml.schema"])
    return [(f"{f.line}:{f.column}", f.message) for f in lint(document, rules)]


@pytest.mark.parametrize("path", IPTC, ids=[p.name for p in IPTC])
def test_every_iptc_example_is_valid(path):
    assert schema_findings(path) == []


def test_iptc_examples_with_nitf_are_validated():
    """The valid IPTC files above do hold NITF: three carry it in <inlineXML>, and an
    error put into one is found."""
    from lxml import etree

    carrying = [p.name for p in IPTC if xml_schema._inline_nitf(etree.parse(str(p)).getroot())]
    assert carrying == ["LISTING_22_Sports_story_in_NewsML-G2NITF.xml",
                        "LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml",
                        "LISTING_2_NewsML-G2_Text_Document.xml"]
    broken = FIXTURES / "iptc" / carrying[0]
    text = broken.read_text(encoding="utf-8").replace("<body.head>", "<body.head><bogus/>", 1)
    assert lint_text(text, "wire-delivery", ["xml.schema"], fmt="newsml") != []


def test_seed_nitf_findings_are_the_truth():
    """Our seed NITF writes its own change date and time, which NITF 3.6 fixes, and has a
    media element with a caption but no media-reference."""
    fixed = "Element 'nitf', attribute 'change.{}': The value '{}' does not match the fixed " \
        "value constraint '{}'."
    caption = "Element 'media-caption': This element is not expected. Expected is one of " \
        "( media-metadata, media-reference )."
    assert schema_findings(FIXTURES / "articles" / "seed-article.nitf.xml") == [
        ("3:43", fixed.format("date", "2012-02-23", "September 11, 2009")),
        ("3:68", fixed.format("time", "1900", "12:26")),
        ("22:9", caption),
    ]
    assert schema_findings(FIXTURES / "articles" / "seed-article.newsml.xml") == [
        ("28:15", caption)]


@pytest.mark.parametrize("name", ["seed-article.txt", "seed-article.md", "seed-article.toml.md",
                                  "seed-article.html"])
def test_other_formats_are_not_read(name):
    path = FIXTURES / "articles" / name
    document = read(path.read_bytes(), str(path), path.suffix.lstrip("."))
    rule = load_ruleset("wire-delivery").rule("xml.schema")
    assert list(rule.check(document)) == []


def test_declared_encoding_columns_and_message_are_in_code_points():
    source = (f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf {NS}>\n'
              '<head><!-- Café à Kyiv --><title type="Café">x</title></head><body/></nitf>\n')
    document = read(source.encode("latin-1"), "story.nitf.xml", "xml")
    rules = load_ruleset("wire-delivery").selected(["xml.schema"])
    [finding] = lint(document, rules)
    assert (finding.line, finding.column, finding.end_column) == (3, 34, 45)  # in UTF-8 bytes: 36
    assert finding.match == 'type="Café"'
    assert "The value 'Café' is not an element of the set" in finding.message


def write_ruleset(tmp_path, options: str):
    path = tmp_path / "delivery.yaml"
    path.write_text(f"extends: wire-delivery\nrules:\n  xml.schema:\n    options: {options}\n",
                    encoding="utf-8")
    return str(path)


def test_max_findings_keeps_the_first_and_says_how_many_more(tmp_path, capsys):
    article = tmp_path / "story.nitf.xml"
    article.write_text(f"<nitf {NS}>\n<head>\n" + '<meta name="a"/>\n' * 4 + "</head>\n<body/>\n"
                       "</nitf>\n", encoding="utf-8")
    ruleset = write_ruleset(tmp_path, "{max_findings: 2}")
    code = main(["check", "--ruleset", ruleset, "--select", "xml.schema", "--format", "json",
                 str(article)])
    findings = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(f["line"], f["column"]) for f in findings] == [(3, 1), (4, 1)]
    missing = "Element 'meta': The attribute 'content' is required but missing."
    assert findings[0]["message"] == missing
    assert findings[1]["message"] == (
        missing + " (2 more schema errors in this file; max_findings is 2)")


def test_max_findings_below_one_is_a_ruleset_error(tmp_path, capsys):
    ruleset = write_ruleset(tmp_path, "{max_findings: 0}")
    code = main(["check", "--ruleset", ruleset, str(FIXTURES / "articles" / "seed-article.txt")])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{ruleset}:3:" in err and "'max_findings' of rule 'xml.schema' must be 1 or more" in err


def test_missing_namespace_can_be_reported_instead_of_validated(tmp_path, capsys):
    article = tmp_path / "story.nitf.xml"
    article.write_text('<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">\n<nitf><body><para/></body></nitf>\n',
                       encoding="utf-8")
    ruleset = write_ruleset(tmp_path, "{missing_namespace: report}")
    code = main(["check", "--ruleset", ruleset, "--select", "xml.schema", str(article)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == (
        f"{article}:2:1: error [xml.schema] Element 'nitf' is not in the NITF namespace; "
        'NITF 3.6 declares xmlns="http://iptc.org/std/NITF/2006-10-18/"')


def test_documents_option_picks_the_formats(tmp_path, capsys):
    article = tmp_path / "story.nitf.xml"
    article.write_text(f"<nitf {NS}><body><para/></body></nitf>\n", encoding="utf-8")
    for documents, expected in (("[newsml]", 0), ("[nitf]", 1)):
        ruleset = write_ruleset(tmp_path, f"{{documents: {documents}}}")
        assert main(["check", "--ruleset", ruleset, "--select", "xml.schema", str(article)]) \
            == expected
    capsys.readouterr()


def test_too_deep_for_libxml2_is_one_finding_where_it_stopped():
    text = f"<nitf {NS}><body><body.content>\n<p>" + "<em>" * 300 + "x" + "</em>" * 300 \
        + "</p>\n</body.content></body></nitf>\n"
    [finding] = lint_text(text, "wire-delivery", ["xml.schema"], fmt="nitf")
    # the 253rd <em> is the 257th element in depth (under nitf, body, body.content and p):
    # libxml2 stops at its ">"
    assert (finding.line, finding.column) == (2, 3 + 253 * 4)
    assert finding.message == ("Not validated: libxml2 stops here: Excessive depth in "
                               "document: 256")


def test_entities_of_an_unread_dtd_do_not_stop_validation():
    text = ('<!DOCTYPE nitf SYSTEM "http://example.com/nitf.dtd">\n'
            "<nitf><body><body.content><p>&ndash;a<em>b</em>&nbsp;c&mdash;</p>"
            "<para/></body.content></body></nitf>\n")
    findings = lint_text(text, "wire-delivery", ["xml.schema"], fmt="nitf")
    assert [(f.line, f.column, f.match) for f in findings] == [(2, 66, "<para")]


# --- nothing is loaded -------------------------------------------------------------------------

HOSTILE = [
    # a DTD and a schema at URLs, and an entity that DTD would declare
    ('<!DOCTYPE nitf SYSTEM "http://example.com/nitf.dtd">\n'
     '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" '
     'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
     'xsi:schemaLocation="http://iptc.org/std/NITF/2006-10-18/ http://example.com/evil.xsd">'
     "<body><body.content><p>&nbsp;</p><para/></body.content></body></nitf>\n"),
    # an external entity and an entity bomb: the reader refuses them; the rule never expands
    ('<!DOCTYPE nitf [<!ENTITY ext SYSTEM "http://example.com/secret">\n'
     '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
     f"<nitf {NS}><body><body.content><p>&ext;&c;</p><para/></body.content></body></nitf>\n"),
]


@pytest.mark.parametrize("source", HOSTILE, ids=["dtd-and-schema-urls", "entities-declared"])
def test_nothing_is_loaded_while_validating(source, monkeypatch):
    monkeypatch.setattr(xml_schema, "refused_loads", [])
    document = Document("story.nitf.xml", "nitf", source)  # the rule alone, past the reader
    rule = load_ruleset("wire-delivery").rule("xml.schema")
    violations = list(rule.check(document))
    assert xml_schema.refused_loads == []
    assert [v.message for v in violations] == ["Element 'para': This element is not expected."]
    assert "aaaaaaaaaa" not in source.split("]>")[-1]


def test_the_document_parser_refuses_what_it_is_asked_to_load(monkeypatch):
    """The refusal the test above relies on is in place: an XInclude asks, and is refused."""
    from lxml import etree

    monkeypatch.setattr(xml_schema, "refused_loads", [])
    root = etree.fromstring(b'<a xmlns:xi="http://www.w3.org/2001/XInclude">'
                            b'<xi:include href="http://example.com/x.xml"/></a>',
                            xml_schema._document_parser())
    with pytest.raises(etree.XIncludeError):
        root.getroottree().xinclude()
    assert xml_schema.refused_loads == ["http://example.com/x.xml"]


def test_entity_declarations_are_left_to_the_reader(tmp_path, capsys):
    article = tmp_path / "story.nitf.xml"
    article.write_text(HOSTILE[1], encoding="utf-8")
    assert main(["check", "--ruleset", "wire-delivery", str(article)]) == 2
    assert "declares entity 'ext'" in capsys.readouterr().err


def test_a_schema_loads_only_from_its_own_folder(tmp_path):
    folder = tmp_path / "xsd"
    folder.mkdir()
    schema = ('<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">'
              '{}<element name="r"/></schema>')
    (tmp_path / "outside.xsd").write_text(schema.format(""), encoding="utf-8")
    (folder / "beside.xsd").write_text(schema.format("").replace('"r"', '"s"'), encoding="utf-8")
    (folder / "ok.xsd").write_text(schema.format('<include schemaLocation="beside.xsd"/>'),
                                   encoding="utf-8")
    assert xml_schema.load_schema(folder / "ok.xsd") is not None
    for location in ("../outside.xsd", "http://example.com/x.xsd",
                     f"file://{tmp_path}/outside.xsd"):
        (folder / "bad.xsd").write_text(
            schema.format(f'<include schemaLocation="{location}"/>'), encoding="utf-8")
        with pytest.raises(xml_schema.LoadRefused, match="outside"):
            xml_schema.load_schema(folder / "bad.xsd")


# --- packaging and start-up --------------------------------------------------------------------

def imports_of(*argv) -> set[str]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "newslint", *argv],
                            capture_output=True, text=True, cwd=ROOT, timeout=120,
                            check=False)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:")}


def test_checking_a_text_file_does_not_import_lxml():
    text = str(FIXTURES / "articles" / "seed-article.txt")
    for _ in range(2):  # compiling the ruleset, then from the per-user cache
        assert not any(name.startswith("lxml") for name in imports_of(
            "check", "--ruleset", "wire-delivery", "--jobs", "1", text))
    nitf = str(FIXTURES / "articles" / "seed-article.nitf.xml")
    assert "lxml.etree" in imports_of("check", "--ruleset", "wire-delivery", "--jobs", "1", nitf)


@pytest.mark.slow
def test_the_wheel_ships_the_schemas_and_their_licence(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    [wheel] = tmp_path.glob("newslint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"newslint/xsd/nitf-3-6.xsd", "newslint/xsd/xml.xsd", "newslint/xsd/LICENSE",
            "newslint/xsd/nitf-3-6-ruby-include.xsd", "newslint/_rulesets/wire-delivery.yaml",
            } <= names


def test_wire_delivery_validates_against_the_ruleset_schema():
    import jsonschema
    import yaml

    schema = json.loads(
        (ROOT / "newslint" / "config" / "schemas" / "ruleset.schema.json").read_text())
    data = yaml.safe_load((ROOT / "rulesets" / "wire-delivery.yaml").read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []
    rules = {rule.id: rule for rule in load_ruleset("wire-delivery").rules}
    assert set(rules) == {rule.id for rule in load_ruleset("ap").rules} | {"xml.schema"}
    assert rules["xml.schema"].severity == "error"
    assert load_ruleset("house").rule("xml.schema") is None  # off: opt-in


def test_turned_on_in_a_config_that_extends_house(tmp_path, capsys):
    (tmp_path / ".newslint.yaml").write_text(
        "extends: house\nrules:\n  xml.schema:\n    severity: error\n", encoding="utf-8")
    article = tmp_path / "story.nitf.xml"
    article.write_text(f"<nitf {NS}><body><para/></body></nitf>\n", encoding="utf-8")
    assert main(["check", "--select", "xml.schema", str(article)]) == 1
    assert capsys.readouterr().out.startswith(
        f"{article}:1:58: error [xml.schema] Element 'para': This element is not expected.")
    (tmp_path / ".newslint.yaml").write_text("extends: house\n", encoding="utf-8")
    assert main(["check", "--select", "xml.schema", str(article)]) == 0


def test_a_schema_finding_is_suppressed_by_an_xml_comment(tmp_path, capsys):
    article = tmp_path / "story.nitf.xml"
    article.write_text(f"<nitf {NS}><body><body.content>\n"
                       "<!-- newslint-disable-next-line xml.schema -->\n<para/>\n"
                       "</body.content></body></nitf>\n", encoding="utf-8")
    assert main(["check", "--ruleset", "wire-delivery", str(article)]) == 0
    article.write_text(article.read_text(encoding="utf-8").replace("<!-- newslint", "<!-- nl"),
                       encoding="utf-8")
    assert main(["check", "--ruleset", "wire-delivery", str(article)]) == 1
    assert f"{article}:3:1: error [xml.schema] Element 'para'" in capsys.readouterr().out
