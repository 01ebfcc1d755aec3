"""The language server's conversions, in process: offsets to LSP positions in each position
encoding and back, fix-all edits, the kinds a code action request asks for; and the command
line around it (``check`` never imports pygls; ``lsp`` without it says what to install)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lsprotocol import types

from newslint.document import LineIndex
from newslint.lsp.actions import FIX_ALL, wants
from newslint.lsp.convert import Positions, diff_edits

ENCODINGS = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}
UNIT = {"utf-8": 1, "utf-16": 2, "utf-32": 4}
# Line breaks of every kind, U+2028 (not a break to LSP), an emoji, CJK, accents, ASCII.
texts = st.text(alphabet=st.sampled_from(list("ab \n\r\u2028\u00e9\u6771\U0001f600\t")),
                max_size=60)


def expected(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """Line and character as the protocol defines them: lines end at CRLF, CR or LF; the
    character counts the encoding's code units from the line's start."""
    breaks = [m.end() for m in re.finditer(r"\r\n|\r|\n", text) if m.end() <= offset]
    start = breaks[-1] if breaks else 0
    return len(breaks), len(text[start:offset].encode(ENCODINGS[encoding])) // UNIT[encoding]


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@given(text=texts, data=st.data())
def test_positions_are_the_protocols_and_come_back(encoding, text, data):
    positions = Positions(text, LineIndex(text).starts, encoding)
    offset = data.draw(st.integers(0, len(text)))
    if text[offset - 1:offset] == "\r" and text[offset:offset + 1] == "\n":
        offset -= 1  # no offset falls between the two characters of a CRLF
    position = positions.position(offset)
    assert (position.line, position.character) == expected(text, offset, encoding)
    assert positions.offset(position) == offset


def test_a_position_past_the_end_of_a_line_is_its_end():
    text = "Kyiv\r\n\U0001f600x\n"
    positions = Positions(text, LineIndex(text).starts, "utf-16")
    assert positions.offset(types.Position(line=0, character=99)) == 4
    assert positions.offset(types.Position(line=1, character=2)) == 7  # after the emoji
    assert positions.offset(types.Position(line=1, character=1)) == 7  # inside it: after it
    assert positions.offset(types.Position(line=9, character=0)) == len(text)


@given(before=texts, after=texts)
@example(before="\r\n", after="\r")  # an edit must not begin between the CR and the LF
@example(before="a\r\n", after="b\n")
def test_fix_all_edits_turn_the_text_into_the_fixed_text(before, after):
    positions = Positions(before, LineIndex(before).starts, "utf-32")
    text = before
    for edit in reversed(diff_edits(before, after, positions)):
        start, end = positions.offset(edit.range.start), positions.offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    assert text == after


def test_fix_all_edits_touch_only_what_changed():
    before = "Talks in Kiev\n\nThey met on Feb. 28, 2024.\nSource: AP\n"
    after = "Talks in Kyiv\n\nThey met on February 28, 2024.\nSource: AP\n"
    positions = Positions(before, LineIndex(before).starts, "utf-16")
    assert [(e.range.start.line, e.range.start.character, e.range.end.line,
             e.range.end.character, e.new_text) for e in diff_edits(before, after, positions)] == [
        (0, 10, 0, 12, "yi"), (2, 15, 2, 16, "ruary")]


def test_the_kinds_a_request_asks_for():
    assert wants(None, FIX_ALL) and wants([], "quickfix")
    assert wants(["source"], FIX_ALL) and wants(["source.fixAll"], FIX_ALL)
    assert wants([""], FIX_ALL)  # the empty kind is every kind
    assert not wants(["quickfix"], FIX_ALL)
    assert not wants(["source.fixAll.other"], FIX_ALL)
    assert not wants(["source.organizeImports"], FIX_ALL)
    assert wants([types.CodeActionKind.SourceFixAll], FIX_ALL)  # as the protocol's enum, too
    assert wants([types.CodeActionKind.QuickFix], types.CodeActionKind.QuickFix.value)
    assert not wants([types.CodeActionKind.QuickFix], FIX_ALL)


def test_check_never_imports_the_language_server(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Talks in Kiev\n", encoding="utf-8")
    code = ("import sys; from newslint.cli import main; main(['check', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pygls', 'lsprotocol', 'cattrs') or m.startswith('newslint.lsp')))")
    result = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True,
                            text=True, check=False)
    assert result.stdout.splitlines()[-1] == "[]"


def test_lsp_without_pygls_says_what_to_install(monkeypatch, capsys):
    import importlib.util

    from newslint.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "pygls" else real(name, *args))
    assert main(["lsp"]) == 2
    assert capsys.readouterr().err == (
        "newslint: the language server needs pygls and lsprotocol: install newslint with its lsp "
        "extra, 'newslint[lsp] @ git+URL@TAG' (docs/editors.md), or 'pip install pygls "
        "lsprotocol' beside it\n")


# --- the text "Add NAME to the house names" writes --------------------------------------------

@pytest.mark.parametrize("before, after", [
    # A flow list, a block list (indented or not), a single word, an empty or null value.
    ("accept: [Odessa]  # ours\n", "accept: [Odessa, Kiev]  # ours\n"),
    ("accept: []\n", "accept: [Kiev]\n"),
    ("accept:\n  - Odessa  # the city\nextends: house\n",
     "accept:\n  - Odessa  # the city\n  - Kiev\nextends: house\n"),
    ("accept:\n- Odessa", "accept:\n- Odessa\n- Kiev\n"),
    ("accept: Odessa # one\n", "accept: [Odessa, Kiev] # one\n"),
    ("accept:   # none yet\nextends: house\n", "accept:   # none yet\n  - Kiev\nextends: house\n"),
    ("accept: ~\n", "accept: [Kiev]\n"),
    # No list yet: after the names it goes with, else at the end; the file's line breaks.
    ("names:\n  Navalnyy: [Navalny]  # x\n\n# Reviewed yearly.\n",
     "names:\n  Navalnyy: [Navalny]  # x\naccept:\n  - Kiev\n\n# Reviewed yearly.\n"),
    ("extends: house", "extends: house\naccept:\n  - Kiev\n"),
    ("extends: house\r\nrules: {}\r\n", "extends: house\r\nrules: {}\r\naccept:\r\n  - Kiev\r\n"),
    ("", "accept:\n  - Kiev\n"),
])
def test_a_name_is_added_to_the_yaml_list_as_it_is_written(before, after):
    from newslint.lsp.house_names import yaml_with_accepted

    assert yaml_with_accepted(before, "Kiev") == after


@pytest.mark.parametrize("name, written", [
    ("Washington, D.C.", "'Washington, D.C.'"),  # a comma ends an item of a flow list
    ("yes", "'yes'"), ("2024", "'2024'"), ("null", "'null'"),  # not text, unquoted
    ("#Kyiv", "'#Kyiv'"), ("- Kyiv", "'- Kyiv'"), ("Odesa: the city", "'Odesa: the city'"),
    ("O'Brien", "O'Brien"), ("Côte d’Ivoire", "Côte d’Ivoire"), ("Kyiv #1", "'Kyiv #1'"),
])
def test_a_name_yaml_would_read_otherwise_is_quoted(name, written):
    import yaml

    from newslint.lsp.house_names import yaml_scalar, yaml_with_accepted

    assert yaml_scalar(name) == written
    for text in ("accept: [Odessa]\n", "accept:\n  - Odessa\n"):
        assert yaml.safe_load(yaml_with_accepted(text, name)) == {"accept": ["Odessa", name]}


@pytest.mark.parametrize("before, after", [
    ('[tool.newslint]\naccept = ["Odessa"]  # ours\n',
     '[tool.newslint]\naccept = ["Odessa", "Kiev"]  # ours\n'),
    ('[tool.newslint]\naccept = []\n', '[tool.newslint]\naccept = ["Kiev"]\n'),
    ('[tool.newslint]\naccept = "Odessa"\n', '[tool.newslint]\naccept = ["Odessa", "Kiev"]\n'),
    ('[tool.newslint]\nignore = ["dates"]\n\n[tool.other]\naccept = 1\n',
     '[tool.newslint]\naccept = ["Kiev"]\nignore = ["dates"]\n\n[tool.other]\naccept = 1\n'),
])
def test_a_name_is_added_to_the_pyproject_list(tmp_path, before, after):
    from types import SimpleNamespace

    from newslint.lsp.house_names import plan

    path = tmp_path / "pyproject.toml"
    path.write_text(before, encoding="utf-8")
    (change,) = plan(SimpleNamespace(path=path), "Kiev", False, tmp_path / "a.txt", None)
    assert (change.path, change.old, change.new) == (path, before, after)


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", '[tool.newslint]\naccept = [\n  "Odessa"\n]\n'),  # a list over lines
    (".newslint.yaml", "accept: |\n  Odessa\n"),  # a block scalar: no list to add to
])
def test_a_list_written_otherwise_is_left_to_a_person(tmp_path, name, text):
    from types import SimpleNamespace

    from newslint.lsp.house_names import Refused, plan

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Refused) as refused:
        plan(SimpleNamespace(path=path), "Kiev", False, tmp_path / "a.txt", None)
    assert str(path) in str(refused.value) and refused.value.args[0].endswith("by hand")


# --- hover ------------------------------------------------------------------------------------

def _rendered_text(markdown: str) -> str:
    """What an editor shows of Markdown (CommonMark, as pulldown-cmark renders it), as text."""
    import html

    import pyromark

    shown = re.sub(r"</?(?:code|em|strong|a)\b[^>]*>", "", pyromark.html(markdown))
    return html.unescape(re.sub(r"<[^>]+>", " ", shown))


def _words(text: str) -> str:
    """Text without list markers and code-span backticks, its white space single spaces."""
    text = re.sub(r"(?m)^\s*(?:[-*+]|\d+[.)])\s+", " ", text)
    return " ".join(text.replace("`", "").split())


@pytest.mark.parametrize("ruleset", ["house", "ap", "proselint", "wire-delivery"])
def test_the_hover_of_every_rule_shows_its_explanation_as_written(ruleset):
    """Rendered, the hover's Markdown reads as `newslint explain` prints: no HTML tag or entity
    quoted as an example rendered away ("<meta charset>", "&rdquo;"), no pattern's brackets
    or backslashes eaten, no "*title*" turned to emphasis."""
    from newslint.config.ruleset import load_ruleset
    from newslint.lsp.actions import explanation_markdown
    from newslint.rulesdoc import explain_text

    for rule in load_ruleset(ruleset).rules:
        text = explain_text(rule)
        markdown = explanation_markdown(text)
        assert _words(_rendered_text(markdown)) == _words(text), rule.id
        assert markdown.startswith(f"**{rule.id}** ")


def test_the_hover_labels_each_part_of_a_rules_documentation():
    from newslint.config.ruleset import load_ruleset
    from newslint.lsp.actions import explanation_markdown
    from newslint.rulesdoc import explain_text

    rule = load_ruleset("house").rule("captions.unknown-agency")
    lines = explanation_markdown(explain_text(rule)).splitlines()
    labelled = [line.split(":**")[0] + ":**" for line in lines if line.startswith("**")]
    assert labelled == ["**captions.unknown-agency** (caption_credit, warning):**", "**Why:**",
                        "**Bad (caption):**", "**Good (caption):**", "**Fix safety:**",
                        "**Options:**", "**Reads:**"]
    assert "**Bad (caption):** ` Crowds in Kyiv [Jane Doe/AP Phot] `" in lines


# --- docs/editors.md --------------------------------------------------------------------------

def test_the_editor_settings_in_the_docs_parse():
    """A JSON or TOML snippet a reader pastes into an editor's settings must at least read."""
    import json
    import tomllib

    from helpers import ROOT

    page = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(json|toml)\n(.*?)^```", page, re.DOTALL | re.MULTILINE)
    assert {language for language, _ in blocks} == {"json", "toml"}
    for language, text in blocks:
        if language == "toml":
            tomllib.loads(text)
        elif text.lstrip().startswith("{"):
            json.loads(text)
        else:  # a member of a settings object, as VS Code's `settings.json` takes it
            json.loads("{" + text + "}")


def test_a_pyproject_without_names_gets_a_names_file_it_names(tmp_path):
    from types import SimpleNamespace

    from newslint.lsp.house_names import plan

    path = tmp_path / "pyproject.toml"
    before = '[project]\nname = "desk"\n\n[tool.newslint]\nignore = ["dates"]\n'
    path.write_text(before, encoding="utf-8")
    created, edited = plan(SimpleNamespace(path=path), "Kiev", True, tmp_path / "a.txt", None)
    assert (created.path, created.old) == (tmp_path / "names.yaml", None)
    assert created.new.endswith("\naccept:\n  - Kiev\n")
    assert (edited.path, edited.new) == (path, '[project]\nname = "desk"\n\n[tool.newslint]\n'
                                               'names = "names.yaml"\nignore = ["dates"]\n')
