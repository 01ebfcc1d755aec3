"""The Markdown reader: exact source ranges for every text character, GFM structure that fixes
never break, and the parts of a page that are not prose (tables, footnotes, deleted text, code,
HTML, link destinations, MDX code)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_readers import check_offsets

from newslint.cli import main
from newslint.config.ruleset import load_ruleset
from newslint.engine import lint
from newslint.fixer import apply_fixes, choose_edits
from newslint.readers import format_for, read

HOUSE = load_ruleset("house")


def document(text: str, path: str = "a.md"):
    return read(text.encode("utf-8"), path, format_for(path))


def findings(text: str, rules=None, path: str = "a.md"):
    ruleset = HOUSE.selected(rules) if rules else HOUSE
    return [(f.line, f.column, f.rule, f.match) for f in lint(document(text, path), ruleset)]


def fix_file(tmp_path, text: str, *args: str, name: str = "a.md") -> bytes:
    """The file after ``newslint fix``, which must have fixed everything it found (exit 0)."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    assert main(["fix", *args, str(path)]) == 0
    return path.read_bytes()


def kinds(text: str, path: str = "a.md"):
    return [(s.kind, s.text) for s in document(text, path).segments]


SOURCE = "\n\nSource: News Agencies\n"


# --- issue 12: angle-bracket destinations, the finding on the wrong characters -----------------

def test_angle_bracket_destination_with_a_parenthesis(tmp_path, capsys):
    text = "Talks\n\nSee [report](<http://x/a)b>) from Kiev" + SOURCE
    assert findings(text) == [(3, 35, "names.spelling", "Kiev")]
    fixed = fix_file(tmp_path, text)
    assert fixed == text.replace("from Kiev", "from Kyiv").encode()


def test_angle_bracket_destination_with_a_title_on_the_next_line(tmp_path, capsys):
    text = ('Talks\n\nSee [report](<http://x/a)b>\n"Kiev title") and\nmore from Kiev'
            + SOURCE)
    assert findings(text) == [(5, 11, "names.spelling", "Kiev")]  # the title is not text
    fixed = fix_file(tmp_path, text)
    assert fixed == text.replace("more from Kiev", "more from Kyiv").encode()


def test_an_angle_bracket_destination_cannot_span_lines(tmp_path, capsys):
    # "<b\nc>" is no destination: "[a](" is text and "<b\nc>" an HTML tag, never text.
    text = "Talks\n\nSee [a](<b\nc>) in Kiev" + SOURCE
    assert findings(text) == [(4, 8, "names.spelling", "Kiev")]
    assert kinds(text)[1] == ("body", "See [a]() in Kiev")
    fixed = fix_file(tmp_path, text)
    assert fixed == text.replace("in Kiev", "in Kyiv").encode()


def test_link_destinations_titles_and_autolinks_are_not_text():
    text = ('Talks\n\n[Telegram](https://kiev.example "Kiev link") and '
            "<https://kiev.example> and <kiev@example.org> and [ref][k].\n\n"
            '[k]: http://kiev.example "Kiev"\n')
    assert findings(text, ["names"]) == []
    assert kinds(text)[1] == ("body", "Telegram and and and ref.")


# --- GFM tables ---------------------------------------------------------------------------------

TABLE = ("Talks\n\n"
         "| Year | Event |\n"
         "|---|:--:|\n"
         "| 2024 | Talks in Kiev - 'a' -- b |\n"
         "| 3 | \"Kharkov\" \\| x |\n" + SOURCE)


def test_a_table_is_cells_of_data_not_prose():
    assert kinds(TABLE) == [
        ("body", "Talks"), ("metadata", "Year"), ("metadata", "Event"), ("metadata", "2024"),
        ("metadata", "Talks in Kiev - 'a' -- b"), ("metadata", "3"),
        ("metadata", '"Kharkov" | x'), ("source", "Source: News Agencies")]
    # Names are checked in cells; dashes, quotes and figures at a "sentence" start are not.
    assert findings(TABLE) == [(5, 19, "names.spelling", "Kiev"),
                               (6, 8, "names.spelling", "Kharkov")]


def test_fixing_a_table_changes_only_the_names_in_its_cells(tmp_path, capsys):
    fixed = fix_file(tmp_path, TABLE)
    assert fixed == TABLE.replace("Kiev", "Kyiv").replace("Kharkov", "Kharkiv").encode()
    assert b"|---|:--:|\n" in fixed


def test_a_fix_in_a_cell_escapes_the_pipe(tmp_path, capsys):
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text("rules:\n  test.pipe:\n    kind: pattern\n    segments: [metadata]\n"
                       "    options: {pattern: 'Xyzzy', replacement: 'A|B'}\n")
    fixed = fix_file(tmp_path, "| a | b |\n|---|---|\n| Xyzzy | x |\n", "-r", str(ruleset))
    assert fixed == b"| a | b |\n|---|---|\n| A\\|B | x |\n"
    assert [s.text for s in document(fixed.decode()).segments] == ["a", "b", "A|B", "x"]


def test_image_alt_text_in_a_cell_is_read_as_the_cell():
    text = "| ![Kiev - 1990](a.png) | b |\n|---|---|\n"
    assert kinds(text) == [("metadata", "Kiev - 1990"), ("metadata", "b")]


def test_a_table_whose_rows_disagree_keeps_its_delimiter_row(tmp_path, capsys):
    # One header cell, two delimiter cells: the parser reads a paragraph, the writer a table.
    text = "Talks\n\n> | Kiev |\n> |---|---|\n> | 1990 - 2000 |\n" + SOURCE
    assert kinds(text)[1] == ("metadata", "| Kiev | | 1990 - 2000 |")
    fixed = fix_file(tmp_path, text)
    assert fixed == text.replace("Kiev", "Kyiv").encode()


# --- footnotes, deleted text, code, HTML ---------------------------------------------------------

def test_footnote_definitions_are_end_matter_read_for_names():
    text = ("Talks in Kyiv[^1] went on.\n\nSource: News Agencies\n\n"
            "[^1]: A note from Kiev - the 1990s name.\n")
    assert kinds(text) == [("body", "Talks in Kyiv went on."), ("source", "Source: News Agencies"),
                           ("metadata", "A note from Kiev - the 1990s name.")]
    # No "source line is not the last paragraph", no dash finding: only the name.
    assert findings(text) == [(5, 19, "names.spelling", "Kiev")]


def test_struck_through_text_is_deleted_text():
    text = "Talks\n\nOfficials in ~~Kiev~~ Kyiv and ~Kharkov~ Kharkiv met.\n"
    assert kinds(text)[1] == ("body", "Officials in Kyiv and Kharkiv met.")
    assert findings(text, ["names"]) == []


def test_code_html_and_comments_are_not_text():
    text = ("Talks\n\n"
            "Run `Kiev` and <code>Kiev</code> <span title=\"Kiev\">in</span> <!-- Kiev -->"
            " Kharkov.\n\n"
            "<div>\nKiev\n</div>\n\n"
            "<!-- newslint-disable-next-line names -->\n\n"
            "```\nKiev\n```\n\n"
            "    Kiev indented\n\n"
            "- [x] Kiev task\n")
    assert [t for _, t in kinds(text)] == ["Talks", "Run and in Kharkov.", "Kiev task"]
    assert findings(text, ["names"]) == [(3, 77, "names.spelling", "Kharkov"),
                                         (17, 7, "names.spelling", "Kiev")]


def test_a_br_tag_is_a_space_and_image_alt_text_a_segment_of_its_own():
    # "and": "Kiev Kharkov" side by side would read as one name, whose respelling
    # names.spelling leaves
    text = 'Talks\n\nIn Kiev<br>and Kharkov ![Crowds in *Kiev*](a.jpg "Kiev title") met.\n'
    assert kinds(text) == [("body", "Talks"), ("body", "Crowds in Kiev"),
                           ("body", "In Kiev and Kharkov met.")]
    assert findings(text, ["names"]) == [(3, 4, "names.spelling", "Kiev"),
                                         (3, 16, "names.spelling", "Kharkov"),
                                         (3, 37, "names.spelling", "Kiev")]


def test_headings_lists_and_the_headline():
    text = ("# Talks in *Kiev* {#talks}\n\nBody.\n\n## Kharkov\n\n"
            "- one\n- two\n  - three\n\n1. loose\n\n2. list\n")
    assert kinds(text) == [("headline", "Talks in Kiev"), ("body", "Body."), ("body", "Kharkov"),
                           ("body", "one"), ("body", "two"), ("body", "three"),
                           ("body", "loose"), ("body", "list")]
    # A front matter title is the headline; the first "#" heading is then body.
    assert kinds("---\ntitle: T\n---\n# Kiev\n")[1] == ("body", "Kiev")


# --- escapes, entities, line breaks --------------------------------------------------------------

def test_escapes_and_entities_map_as_a_whole(tmp_path, capsys):
    text = "Talks\n\nA \\*Kiev\\* &amp; Kharkov &rsquo;s\n"
    segment = document(text).segments[1]
    assert segment.text == "A *Kiev* & Kharkov ’s"
    raw = [text[segment.offsets.start(i):segment.offsets.end(i + 1)]
           for i in range(len(segment.text))]
    assert raw[2] == "\\*" and raw[9] == "&amp;" and raw[19] == "&rsquo;"
    assert findings(text, ["names"]) == [(3, 5, "names.spelling", "Kiev"),
                                         (3, 18, "names.spelling", "Kharkov")]
    fixed = fix_file(tmp_path, text, "--select", "names")
    assert fixed == b"Talks\n\nA \\*Kyiv\\* &amp; Kharkiv &rsquo;s\n"


def test_crlf_blockquote_positions_and_fix(tmp_path, capsys):
    text = "Talks\r\n\r\n> In\r\n> Kiev and  \r\n>   Kharkov\\\r\n> met.\r\n"
    assert kinds(text)[1] == ("body", "In Kiev and Kharkov met.")
    assert findings(text, ["names"]) == [(4, 3, "names.spelling", "Kiev"),
                                         (5, 5, "names.spelling", "Kharkov")]
    fixed = fix_file(tmp_path, text, "--select", "names")
    assert fixed == text.replace("Kiev", "Kyiv").replace("Kharkov", "Kharkiv").encode()


def test_a_fix_that_removes_a_line_break_removes_the_next_lines_prefix(tmp_path, capsys):
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text("rules:\n  test.join:\n    kind: pattern\n    segments: [body]\n"
                       "    options: {pattern: '(?<=\\d) - (?=\\d)', replacement: '–'}\n")
    fixed = fix_file(tmp_path, "> In 1990 -\n>   2000 talks\n", "-r", str(ruleset))
    assert fixed.decode() == "> In 1990–2000 talks\n"


# --- nesting --------------------------------------------------------------------------------------

def test_deep_blockquotes_are_read():
    text = "Talks\n\n" + "> " * 50 + "In Kiev.\n"
    assert findings(text, ["names"]) == [(3, 104, "names.spelling", "Kiev")]
    assert findings("> " * 5000 + "In Kiev.\n", ["names"]) == [(1, 10004, "names.spelling", "Kiev")]


def test_deeply_nested_lists_are_read(tmp_path, capsys):
    text = ("Talks\n\n" + "".join("  " * i + "- item\n" for i in range(100))
            + "  " * 100 + "- Kiev\n")
    assert findings(text, ["names"]) == [(103, 203, "names.spelling", "Kiev")]
    fixed = fix_file(tmp_path, text, "--select", "names")
    assert fixed == text.replace("Kiev", "Kyiv").encode()


# --- front matter ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "message"), [
    (b"---\ntitle: ok\nsub: \"a\x01b\"\n---\nBody.\n",
     "a.md:3: front matter is not valid YAML: control character U+0001 is not allowed"),
    (b"---\r\ntitle: ok\r\n\r\nsub: a\x7fb\r\n---\r\nBody.\r\n",
     "a.md:4: front matter is not valid YAML: control character U+007F is not allowed"),
    (b"+++\ntitle = 'ok'\nsub = \"a\x08b\"\n+++\nBody.\n",
     "a.md:3: front matter is not valid TOML: Illegal character"),
])
def test_a_control_character_in_front_matter_is_reported_at_its_line(tmp_path, capsys, content,
                                                                         message):
    path = tmp_path / "a.md"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"newslint: {tmp_path}/{message}")


def test_front_matter_and_body_positions_with_crlf(tmp_path, capsys):
    text = "---\r\ntitle: Talks in Kiev\r\n---\r\n\r\nIn *Kharkov*.\r\n"
    assert findings(text, ["names"]) == [(2, 17, "names.spelling", "Kiev"),
                                         (5, 5, "names.spelling", "Kharkov")]
    fixed = fix_file(tmp_path, text, "--select", "names")
    assert fixed == text.replace("Kiev", "Kyiv").replace("Kharkov", "Kharkiv").encode()


# --- MDX ------------------------------------------------------------------------------------------

MDX = ("---\ntitle: Talks\n---\n"
       "import Chart from './kiev-chart'\n"
       "export const meta = {city: 'Kiev'}\n\n"
       "In {props.kiev} the Kiev talks <Chart data={{city: 'Kiev'}}\n"
       "  label=\"Kiev > x\" /> went on {/* Kiev */} today.\n\n"
       "<Note>\nKiev\n</Note>\n\n"
       "Braces \\{ Kharkov }\n")


def test_mdx_reads_markdown_and_skips_javascript_and_jsx(tmp_path, capsys):
    assert format_for("page.mdx") == "md"
    assert [t for _, t in kinds(MDX, "page.mdx")] == [
        "Talks", "In the Kiev talks went on today.", "Braces { Kharkov }"]
    assert findings(MDX, ["names"], "page.mdx") == [(7, 21, "names.spelling", "Kiev"),
                                                    (14, 11, "names.spelling", "Kharkov")]
    fixed = fix_file(tmp_path, MDX, "--select", "names", name="page.mdx")
    assert fixed == MDX.replace("the Kiev", "the Kyiv").replace("Kharkov", "Kharkiv").encode()


def test_a_fix_in_mdx_escapes_braces(tmp_path, capsys):
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text("rules:\n  test.brace:\n    kind: pattern\n    segments: [body]\n"
                       "    options: {pattern: 'Xyzzy', replacement: '{a}'}\n")
    fixed = fix_file(tmp_path, "In {x} Xyzzy.\n", "-r", str(ruleset), name="page.mdx")
    assert fixed == b"In {x} \\{a\\}.\n"


def test_the_same_page_as_md_reads_the_javascript():
    assert "Kiev" in kinds(MDX)[1][1]  # not MDX: "import ..." is a paragraph of text


# --- property: generated Markdown -----------------------------------------------------------------

_WORDS = ["Kiev", "Kyiv", "Kharkov", "Odessa", "Zelensky", "talks", "said", "a", "Ця", "café",
          "🇺🇦", "2024", "1990", "Feb. 28, 2024", "'s", "\"quoted\"", "don't", "-", "--", "—",
          "x"]
_INLINE = st.one_of(
    st.sampled_from(_WORDS).map(lambda w: (w, True)),
    st.sampled_from(["&amp;", "&rsquo;", "&#233;", "&#x201C;", "&#39;", "&quot;", "\\*", "\\_",
                     "\\\\", "\\[", "\\|", "\\<", "\\'", '\\"', "\\-"]).map(lambda w: (w, True)),
    # Emphasis around words only: a fix that deletes the space beside a delimiter ("*a -* 1")
    # changes whether "*" is markup at all, which the engine does not yet guard against.
    st.sampled_from(["*{}*", "**{}**", "_{}_"]).flatmap(
        lambda markup: st.sampled_from([w for w in _WORDS if w.isalpha()]).map(
            lambda w: (markup.format(w), True))),
    st.sampled_from(["~~{}~~", "[{}](<http://x/a)b>)",
                     "[{}](<http://kiev.example> \"Kiev\")", "[{}](http://x 'Kiev - t')",
                     "![{}](a.jpg \"Kiev\")", "<b>{}</b>", "{}[^n]"]).flatmap(
        lambda markup: st.sampled_from(_WORDS).map(lambda w: (markup.format(w), True))),
    st.sampled_from(["`Kiev - 'x'`", "``a ` Kiev``", "<http://kiev.example>",
                     "<!-- newslint-disable-next-line names -->", "<br>", "<code>Kiev</code>"]
                    ).map(lambda w: (w, False)),
)
_GAPS = st.sampled_from([" ", " ", " ", "  ", "\n", "  \n", "\\\n", " - ", "\t", " 1990 -\n2000 "])


@st.composite
def _paragraph(draw, single_line=False):
    parts = draw(st.lists(st.tuples(_INLINE, _GAPS), min_size=1, max_size=8))
    text = "".join(piece + gap for (piece, _), gap in parts)
    if single_line:
        text = text.replace("\\\n", " ").replace("\n", " ")
    return text.strip(" \t\n\\") or "x"


@st.composite
def _block(draw):
    kind = draw(st.sampled_from(["p", "p", "p", "h", "table", "html", "code", "footnote",
                                 "comment", "list"]))
    if kind == "h":
        return "#" * draw(st.integers(1, 3)) + " " + draw(_paragraph(single_line=True))
    if kind == "table":
        columns = draw(st.integers(1, 3))
        cells = st.lists(_paragraph(single_line=True).map(lambda c: c.replace("|", "\\|")),
                         min_size=columns, max_size=columns)
        rows = draw(st.lists(cells, min_size=1, max_size=3))
        delimiter = "|" + "|".join(draw(st.sampled_from(["---", ":-:", "--:", ":--"]))
                                   for _ in range(columns)) + "|"
        # Now and then a header row with a cell too many: no table to the parser.
        header = draw(cells) + draw(st.sampled_from([[], [], [], ["extra"]]))
        return "\n".join(["| " + " | ".join(header) + " |", delimiter]
                         + ["| " + " | ".join(row) + " |" for row in rows])
    if kind == "html":
        return "<div class=\"kiev\">\nKiev - 'x'\n</div>"
    if kind == "code":
        return "```\nKiev - 'x'\n```"
    if kind == "footnote":
        return "[^n]: " + draw(_paragraph())
    if kind == "comment":
        return "<!-- newslint-disable names -->"
    if kind == "list":
        return "\n".join(f"{'  ' * i}- {draw(_paragraph(single_line=True))}"
                         for i in range(draw(st.integers(1, 4))))
    return draw(_paragraph())


@st.composite
def _markdown(draw):
    blocks = []
    for block in draw(st.lists(_block(), min_size=1, max_size=6)):
        depth = draw(st.integers(0, 3))
        prefix = "> " * depth
        blocks.append("\n".join(prefix + line for line in block.split("\n")))
    front = draw(st.sampled_from([
        "",
        "---\ntitle: Talks in Kiev - 'x'\ncaption: \"Kiev \\u2014 talks (AP Photo/A B)\"\n---\n",
        "+++\ntitle = \"Talks in \\\"Kiev\\\"\"\n[image]\ncaption = 'Kharkov'\n+++\n"]))
    text = front + "\n\n".join(blocks) + "\n\nSource: News Agencies\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


def _text_ranges(document) -> list[tuple[int, int]]:
    """The source ranges segment characters come from, merged."""
    ranges = sorted((s.offsets.start(i), s.offsets.end(i + 1))
                    for s in document.segments for i in range(len(s.text)))
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(r) for r in merged]


def _inside(start: int, end: int, ranges) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


# Delimiter rows (after their blockquote markers), code fences, HTML comments: never text.
_NOT_TEXT = re.compile(r"^(?:> )*(\|(?:[-:]+\|)+)\r?$|(<!--.*?-->|```[^`]*```)", re.MULTILINE)


@pytest.fixture(scope="module")
def joining(tmp_path_factory):
    """The house style and a rule whose fix removes the spaces around a dash, line breaks
    (and the next line's ">" and indentation) included."""
    path = tmp_path_factory.mktemp("ruleset") / "join.yaml"
    path.write_text("extends: house\nrules:\n  test.join:\n    kind: pattern\n"
                    "    segments: [headline, standfirst, body, caption, metadata]\n"
                    "    options: {pattern: '(?<=\\d) [-–] (?=\\d)', replacement: '–'}\n")
    return load_ruleset(str(path))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=_markdown())
def test_generated_markdown_maps_back_and_fixes_only_text(joining, source):
    page = document(source)
    check_offsets(page)
    text = _text_ranges(page)
    for markup in _NOT_TEXT.finditer(source):
        start, end = markup.span(1) if markup.group(1) else markup.span(2)
        assert not any(a < end and start < b for a, b in text), markup.group()
    # Each round's fixes edit only characters the segments read, inside their findings' spans,
    # and the text settles.
    for _ in range(10):
        found = lint(page, joining)
        edits, applied = choose_edits(found)
        if not applied:
            break
        text = _text_ranges(page)
        for finding in found:
            for edit in finding.fix.edits if finding.fix else ():
                assert finding.start <= edit.start <= edit.end <= finding.end, finding
        for edit in edits:
            if edit.start < edit.end:
                assert _inside(edit.start, edit.end, text), (edit, page.source[edit.start:edit.end])
            else:
                assert any(a <= edit.start <= b for a, b in text), edit
        before = page
        page = document(apply_fixes(page.source, found)[0])
        check_offsets(page)
        # A fix changes words and marks, never the structure, and the text gains no character
        # the fixes did not write (a stray backslash or ">" left by a fix too small).
        assert [s.kind for s in page.segments] == [s.kind for s in before.segments]
        gained = Counter("".join(s.text for s in page.segments)) - Counter(
            "".join(s.text for s in before.segments))
        assert set(gained) <= set("".join(e.replacement for e in edits)), gained
    else:
        pytest.fail("the fixes did not settle in 10 rounds")
