"""Readers: every segment character maps back to what produced it, on every fixture and on
generated documents; every finding's source span reads back as its match; the seed article
gives the same findings in every format."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.config.ruleset import load_ruleset
from newslint.engine import lint
from newslint.readers import EXTENSIONS, format_for, read

ARTICLE_FILES = sorted(p for p in (FIXTURES / "articles").rglob("*") if p.is_file()
                       and format_for(p.name))
IPTC_FILES = sorted((FIXTURES / "iptc").glob("*.xml"))
ALL_FIXTURES = ARTICLE_FILES + IPTC_FILES + sorted((FIXTURES / "variants").glob("*.txt"))
SEEDS = {p.name.split(".", 1)[1]: p for p in ARTICLE_FILES if p.name.startswith("seed-article.")}


def read_path(path: Path):
    return read(path.read_bytes(), str(path), format_for(path.name))


# --- what a source span may produce --------------------------------------------------------

_MARKUP_SPACE = re.compile(r"(?:[ \t\r\n\f>\\]|<br(?:\s[^>]*)?/?>)*", re.IGNORECASE)


def produces(char: str, raw: str) -> bool:
    """True if ``raw`` (a source span) is the character, the entity or escape, or the markup
    (white space, a line break and its block prefix) that reads as ``char``."""
    if raw == char:
        return True
    if raw.startswith("&") and char in html.unescape(raw) and len(html.unescape(raw)) < len(raw):
        return True
    if char == " " and raw and _MARKUP_SPACE.fullmatch(raw):
        return True
    if raw == "\\" + char or (raw == "''" and char == "'"):
        return True
    if raw.startswith("\\") and len(raw) <= 10:  # a YAML double-quoted escape
        return yaml.safe_load(f'"{raw}"') == char
    return False


def check_offsets(document) -> None:
    source = document.source
    for segment in document.segments:
        previous_end = -1
        for index, char in enumerate(segment.text):
            start, end = segment.offsets.start(index), segment.offsets.end(index + 1)
            raw = source[start:end]
            assert produces(char, raw), (segment.kind, index, char, raw, segment.text[:60])
            assert start >= previous_end, "segment characters map out of order"
            previous_end = end


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_every_segment_character_maps_back_to_its_source(path):
    document = read_path(path)
    assert document.segments, "the reader found no text"
    check_offsets(document)


# --- findings read back from the raw file ----------------------------------------------------

def rendered(raw: str, fmt: str) -> str:
    """The raw source span as a reader renders it: tags stripped, entities decoded, Markdown
    markup dropped, white space collapsed."""
    if fmt in ("html", "nitf", "newsml"):
        raw = html.unescape(re.sub(r"<[^>]*>", "", raw))
    elif fmt == "md":
        raw = re.sub(r"\\[ \t]*\n", "", raw)  # a TOML line-ending backslash joins lines
        raw = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", re.sub(r"[*_]+", "", raw))
        raw = html.unescape(re.sub(r"\n[ \t>]*", " ", raw))
    return " ".join(raw.split())


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("ruleset", ["house", "ap"])
def test_every_finding_reads_back_as_its_match(path, ruleset):
    document = read_path(path)
    for finding in lint(document, load_ruleset(ruleset)):
        raw = document.source[finding.start:finding.end]
        assert rendered(raw, document.format) == " ".join(finding.match.split()), finding


def test_the_seed_gives_the_same_findings_in_every_format():
    assert set(SEEDS) == {"txt", "md", "toml.md", "html", "nitf.xml", "newsml.xml"}
    house = load_ruleset("house")
    found = {}
    for name, path in SEEDS.items():
        findings = lint(read_path(path), house)
        found[name] = findings
    expected = Counter((f.rule, f.match, f.message) for f in found["txt"])
    assert len(expected) == 6  # the three straight apostrophes share rule, match and message
    for name, findings in found.items():
        assert Counter((f.rule, f.match, f.message) for f in findings) == expected, name
    # each at its own position in its own file
    positions = {name: [(f.line, f.column) for f in findings] for name, findings in found.items()}
    assert positions["txt"] == [(5, 190), (5, 201), (5, 223), (5, 266), (5, 345), (5, 428),
                                (5, 450), (5, 452)]
    assert positions["md"] == [(10, 16), (10, 27), (10, 49), (10, 92), (11, 83), (12, 87),
                               (13, 26), (13, 28)]
    assert positions["toml.md"] == [(13, 10), (13, 21), (13, 43), (13, 86), (14, 77), (15, 81),
                                    (16, 20), (16, 22)]
    assert positions["html"] == [(19, 16), (19, 27), (19, 49), (19, 92), (20, 83), (21, 87),
                                 (22, 26), (23, 28)]
    assert positions["nitf.xml"] == [(15, 20), (15, 31), (15, 53), (15, 96), (16, 87), (17, 91),
                                     (18, 30), (18, 32)]
    assert positions["newsml.xml"] == [(21, 26), (21, 37), (21, 59), (21, 102), (22, 93),
                                       (23, 97), (24, 36), (24, 38)]


def test_the_seed_has_the_same_segment_kinds_in_every_format():
    def kinds(path):
        return [s.kind for s in read_path(path).segments if s.kind not in ("credit", "byline")]

    expected = kinds(SEEDS["txt"])
    for name, path in SEEDS.items():
        assert kinds(path) == expected, name


# --- generated documents -----------------------------------------------------------------------

_WORDS = st.sampled_from(["Kiev", "Kyiv", "Zelenskyy", "Ця", "новина", "🇺🇦", "café", "naïve", "a",
                          "said", "2024", "—", "“quoted”", "x"])
_ENTITIES = st.sampled_from([("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&#233;", "é"),
                             ("&#x201C;", "“"), ("&quot;", '"'), ("&#128512;", "😀")])
_HTML_ONLY_ENTITIES = st.sampled_from([("&nbsp;", "\xa0"), ("&rsquo;", "’"), ("&eacute;", "é")])
_SPACES = st.sampled_from([" ", "\r\n", "\n   ", "  ", "\t", "\r\n\t "])


def _pieces(entities):
    word = _WORDS.map(lambda w: (w, w))
    return st.lists(st.one_of(word, entities, _SPACES.map(lambda s: (s, " "))), min_size=1,
                    max_size=25)


def _inline(pieces, tags):
    """Join pieces, wrapping some in inline tags; return (source, expected text)."""
    source, text = [], []
    for i, (raw, plain) in enumerate(pieces):
        if tags and i % 3 == 1 and plain.strip():
            raw = f"<{tags[i % len(tags)]}>{raw}</{tags[i % len(tags)]}>"
        source.append(raw)
        text.append(plain)
    # Runs of white space fold to one space, except the no-break spaces the entities stand for.
    words = "".join(text).replace("\xa0", "\x00").split()
    return "".join(source), " ".join(words).replace("\x00", "\xa0")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pieces(st.one_of(_ENTITIES, _HTML_ONLY_ENTITIES)))
def test_generated_html_maps_back(pieces):
    body, expected = _inline(pieces, ["b", "i", "a", "span"])
    source = f"<!DOCTYPE html>\r\n<html><body>\r\n<article>\r\n<p>{body}</p>\r\n</article>"
    document = read(source.encode("utf-8"), "gen.html", "html")
    check_offsets(document)
    texts = [s.text for s in document.segments]
    assert "".join(texts).replace(" ", "") == expected.replace(" ", "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pieces(_ENTITIES))
def test_generated_nitf_maps_back(pieces):
    body, expected = _inline(pieces, ["em", "person", "location"])
    source = (f'<?xml version="1.0" encoding="UTF-8"?>\r\n<nitf><body><body.content>\r\n'
              f"<p>{body}</p>\r\n</body.content></body></nitf>")
    document = read(source.encode("utf-8"), "gen.xml", "xml")
    check_offsets(document)
    assert "".join(s.text for s in document.segments).replace(" ", "") == expected.replace(" ", "")


_MD_MARKUP = st.sampled_from([("*{}*", "{}"), ("**{}**", "{}"), ("_{}_", "{}"),
                              ("[{}](http://x.y/z)", "{}"), ("{}", "{}")])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_WORDS, _MD_MARKUP,
                          st.sampled_from([" ", "\n", "\r\n", " &amp; ", " \\* "])),
                min_size=1, max_size=20))
def test_generated_markdown_maps_back(parts):
    source, expected = "", ""
    for word, (markup, plain), gap in parts:
        source += markup.format(word) + gap
        expected += plain.format(word) + {" &amp; ": " & ", " \\* ": " * "}.get(gap, " ")
    document = read(("Some text.\n\n" + source).encode("utf-8"), "gen.md", "md")
    check_offsets(document)
    got = " ".join(s.text for s in document.segments)
    assert " ".join(got.split()) == " ".join(("Some text. " + expected).split())


# --- positions a user sees --------------------------------------------------------------------

def _finding_positions(text, fmt, rule="names.spelling"):
    document = read(text.encode("utf-8"), f"case.{fmt}", fmt)
    return [(f.line, f.column, f.match)
            for f in lint(document, load_ruleset("house").selected([rule]))]


def test_markdown_emphasis_does_not_break_a_match():
    text = "Talks\n\nOfficials in *Kiev* and [Kharkov](https://kharkov.example) met.\n"
    assert _finding_positions(text, "md") == [(3, 15, "Kiev"), (3, 26, "Kharkov")]


def test_html_entities_and_crlf_keep_columns():
    text = "<p>Caf&eacute; talks&nbsp;in\r\n   <b>Kiev</b> &amp; Kharkov</p>"
    assert _finding_positions(text, "html") == [(2, 7, "Kiev"), (2, 22, "Kharkov")]


def test_xml_in_a_declared_encoding_counts_code_points():
    text = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
            "<nitf><body><body.content><p>Café à Kiev</p></body.content></body></nitf>")
    document = read(text.encode("latin-1"), "latin.xml", "xml")
    findings = lint(document, load_ruleset("house").selected(["names.spelling"]))
    assert [(f.line, f.column) for f in findings] == [(2, 37)]


def test_html_meta_charset_and_bom():
    text = '<meta charset="windows-1252"><p>Caf\xe9 \x93Kiev\x94</p>'
    document = read(text.encode("latin-1"), "cp.html", "html")
    assert [s.text for s in document.segments] == ["Café “Kiev”"]
    bom = read("<p>Kiev</p>".encode("utf-8-sig"), "bom.html", "html")
    assert [(s.text, s.offsets.start(0)) for s in bom.segments] == [("Kiev", 3)]


def test_front_matter_scalars_have_exact_positions():
    text = ('---\ntitle: "Kiev \\u2014 talks"\nimage:\n  caption: >\n    Officials in\n'
            "    Kharkov met [Name/AP Photo]\n  credit: 'Kiev''s desk'\nsource: Kiev\n---\nBody.\n")
    assert _finding_positions(text, "md") == [
        (2, 9, "Kiev"), (6, 5, "Kharkov"), (7, 12, "Kiev"), (8, 9, "Kiev")]


def test_toml_front_matter_strings_have_exact_positions():
    text = ('+++\ntitle = "Kiev \\u2014 talks"\nauthors = [\'Kiev desk\', "A \\"Kiev\\" B"]\n'
            '[image]\ncaption = """\nOfficials in \\\n   Kharkov met"""\n[[images]]\n'
            'credit = "x"\n"caption" = \'Kiev\'\nwhen = 2024-02-28\n+++\nBody.\n')
    assert _finding_positions(text, "md") == [
        (2, 10, "Kiev"), (3, 13, "Kiev"), (3, 30, "Kiev"), (7, 4, "Kharkov"), (10, 14, "Kiev")]
    document = read(text.encode(), "a.md", "md")
    assert [(s.kind, s.attributes["key"], s.text) for s in document.segments[:5]] == [
        ("headline", "title", "Kiev \u2014 talks"), ("byline", "authors[]", "Kiev desk"),
        ("byline", "authors[]", 'A "Kiev" B'),
        ("caption", "image.caption", "Officials in Kharkov met"),
        ("credit", "images[].credit", "x")]


def test_fixing_toml_front_matter_keeps_it_toml(tmp_path):
    import tomllib

    from newslint.cli import main

    path = tmp_path / "page.md"
    path.write_text('+++\ntitle = "Talks in \\"Kiev\\""\ncaption = \'Kiev talks\'\n+++\nKiev.\n')
    assert main(["fix", "--select", "names", str(path)]) == 0
    fixed = path.read_text()
    assert fixed == '+++\ntitle = "Talks in \\"Kyiv\\""\ncaption = \'Kyiv talks\'\n+++\nKyiv.\n'
    assert tomllib.loads(fixed.split("+++")[1]) == {
        "title": 'Talks in "Kyiv"', "caption": "Kyiv talks"}


def test_xml_root_element_chooses_the_reader():
    nitf = b'<?xml version="1.0"?>\n<!-- a comment <newsItem> -->\n<nitf><body/></nitf>'
    g2 = b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentMeta/></newsItem>'
    assert read(nitf, "a.xml", "xml").format == "nitf"
    assert read(g2, "a.nitf", "xml").format == "newsml"
    assert {EXTENSIONS[e] for e in (".md", ".markdown", ".html", ".htm", ".xml", ".nitf")} == {
        "md", "html", "xml"}


# --- malformed input ---------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>
"""


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.xml", b"<nitf><body><p>Kiev</body></nitf>",
     "bad.xml:1:22: not well-formed XML: mismatched tag"),
    ("laughs.xml", BILLION_LAUGHS.encode(), "laughs.xml:3: the DOCTYPE declares entity 'lol'"),
    ("xxe.nitf", b'<?xml version="1.0"?>\n'
                 b'<!DOCTYPE nitf [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
                 b"<nitf><body><p>&x;</p></body></nitf>",
     "xxe.nitf:2: the DOCTYPE declares entity 'x'"),
    ("undefined.xml", b"<nitf>\n<body><p>&nosuch;</p></body></nitf>",
     "undefined.xml:2:10: not well-formed XML: undefined entity"),
    ("binary.html", b"\x7fELF\x02\x01\x01\x00\x00\x00<p>",
     "binary.html: binary file (NUL byte at byte offset 7)"),
    ("yaml.md", b"---\ntitle: ok\nstandfirst: [unclosed\n---\nBody.\n",
     "yaml.md:4: front matter is not valid YAML"),
    ("open.md", b"---\ntitle: x\nBody\n",
     "open.md:1: front matter opened with '---' is never closed"),
    ("toml.md", b"+++\ntitle = 'ok'\ndek = \"unclosed\n+++\nBody.\n",
     "toml.md:3: front matter is not valid TOML"),
    ("deep.md", b"+++\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n+++\nBody.\n",
     "deep.md:2: front matter nests arrays deeper than newslint reads"),
    ("latin.xml", b'<?xml version="1.0" encoding="nonesuch"?><nitf/>',
     "latin.xml:1:31: unknown encoding 'nonesuch' declared"),
])
def test_malformed_input_is_a_located_error(tmp_path, capsys, name, content, message):
    from newslint.cli import main

    path = tmp_path / name
    path.write_bytes(content)
    code = main(["check", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    file_name, rest = message.split(":", 1)
    assert err.startswith(f"newslint: {tmp_path / file_name}:{rest}"), err
    assert "Traceback" not in err


@pytest.mark.parametrize("content", [
    "<p>Unclosed <b>Kiev\n<div><p>more",
    "<html><body><p>Kiev</i></b></span></p></p></div>",
    "<p>Kiev &amp &foo; &#xZZ; < 3 <<p>x</p>",
    "<table><tr><td>Kiev<td>x</table></p><li>y",
])
def test_broken_html_is_linted_as_a_browser_renders_it(content):
    document = read(content.encode(), "broken.html", "html")
    check_offsets(document)
    assert any("Kiev" in s.text for s in document.segments)


def test_check_walks_every_format_and_input_format_overrides(tmp_path, capsys):
    from newslint.cli import main

    (tmp_path / "a.md").write_text("Talks\n\nIn *Kiev*.\n\nSource: News Agencies\n")
    (tmp_path / "b.htm").write_text("<p>In Kiev.</p><p>Source: News Agencies</p>")
    (tmp_path / "c.nitf").write_text(
        "<nitf><body><body.content><p>In Kiev.</p></body.content>"
        "<body.end><tagline>Source: News Agencies</tagline></body.end></body></nitf>")
    (tmp_path / "d.article").write_text("<p>In Kiev.</p>")
    import json

    assert main(["check", "--format", "json", "--select", "names.spelling", str(tmp_path)]) == 1
    found = [(Path(f["path"]).name, f["line"], f["column"])
             for f in json.loads(capsys.readouterr().out)]
    assert found == [("a.md", 3, 5), ("b.htm", 1, 7), ("c.nitf", 1, 33)]
    assert main(["check", "--input-format", "html", "--select", "names.spelling",
                 str(tmp_path / "d.article")]) == 1
    assert f"{tmp_path / 'd.article'}:1:7:" in capsys.readouterr().out
    assert main(["check", "--input-format", "xml", str(tmp_path / "c.nitf")]) == 1


def test_a_fix_a_toml_literal_string_cannot_hold_is_not_offered(tmp_path):
    from newslint.cli import main

    ruleset = tmp_path / "r.yaml"
    ruleset.write_text("rules:\n  names.apostrophe:\n    kind: pattern\n    segments: [headline]\n"
                       "    options: {pattern: 'Kiev', replacement: \"Kyiv's\"}\n")
    page = tmp_path / "page.md"
    original = "+++\ntitle = 'Kiev'\n+++\nBody.\n"
    page.write_text(original)
    assert main(["fix", "--ruleset", str(ruleset), str(page)]) == 1  # reported, not fixable
    assert page.read_text() == original
    page.write_text(original.replace("'Kiev'", '"Kiev"'))
    assert main(["fix", "--ruleset", str(ruleset), str(page)]) == 0
    assert page.read_text() == "+++\ntitle = \"Kyiv's\"\n+++\nBody.\n"


@given(st.text(alphabet="ab \n\r\u2028\x0c\x85é", max_size=60))
def test_line_starts_follow_only_crlf_cr_and_lf(source):
    """Lines break at \\r\\n, \\r and \\n only (as editors and git count them), whichever way
    the index is built: a file with no \\r takes a faster path."""
    from newslint.document import LineIndex

    expected = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]
    assert LineIndex(source).starts == expected


@given(st.text(alphabet="ab\n\r", max_size=30), st.data())
def test_a_span_has_the_lines_and_columns_of_its_two_ends(source, data):
    """``LineIndex.span`` (one search when both ends are on one line) gives what ``position``
    gives for each end: an end at the start of the next line is on that line, column 1."""
    from newslint.document import LineIndex

    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, len(source)))
    lines = LineIndex(source)
    assert lines.span(start, end) == (*lines.position(start), *lines.position(end))


def _paragraphs_line_by_line(source: str) -> list[list[tuple[int, int]]]:
    """The plain-text reader's paragraphs as it first found them, a line at a time: the
    reference."""
    paragraphs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", source):
        if match.start() == match.end():
            break
        line = match.group().rstrip("\r\n")
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = match.start() + len(line.rstrip())
        current.append((start, end))
    if current:
        paragraphs.append(current)
    return paragraphs


# Line breaks of every kind, whitespace that is not a line break (tabs, "\x0b", no-break and
# line-separator spaces), a byte-order mark and a little text.
_PLAIN_TEXT = st.lists(st.sampled_from(["\n", "\r", "\r\n", " ", "\t", "\x0b", "\x0c", "\x1c",
                                        "\x85", "\u00a0", "\u2028", "\u3000", "\ufeff", "a", "Bc",
                                        "."]),
                       max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_PLAIN_TEXT)
def test_plain_text_paragraphs_are_the_line_by_line_paragraphs(source):
    from newslint.readers.plaintext import _paragraphs

    assert _paragraphs(source) == _paragraphs_line_by_line(source)


def test_plain_text_paragraphs_of_the_fixtures_are_the_line_by_line_paragraphs():
    from newslint.readers.plaintext import _paragraphs

    for path in sorted(FIXTURES.rglob("*.txt")):
        source = path.read_bytes().decode("utf-8", "replace")
        assert _paragraphs(source) == _paragraphs_line_by_line(source), path


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "(", ")", ".", " ", "\t", "AP", "/", "Photo", "a",
                                 "Reuters", "File:", "Courtesy of "]), min_size=1, max_size=14)
       .map("".join).map(str.strip).filter(bool))
def test_a_line_with_a_credit_passes_the_credit_prefilter(line):
    from newslint.analysis.photo_credits import find_credit
    from newslint.readers.plaintext import _may_end_with_credit

    if find_credit(line, strict=True):
        assert _may_end_with_credit(line, 0, len(line))
