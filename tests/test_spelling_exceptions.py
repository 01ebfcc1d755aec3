"""Proper-name and computer-sense exceptions of spelling rules, with a spelling list of our own.

The bundled spelling list is data that grows; these tests pin the exception mechanism with words
it may not hold yet ("program", "center", "labor", "harbor").
"""

from __future__ import annotations

import json

from newslint.cli import main

PAIRS = "pairs:\n  - [programme, program]\n  - [programmes, programs]\n  - [centre, center]\n" \
        "  - [labour, labor]\n  - [harbour, harbor]\n"


def findings_for(tmp_path, capsys, text: str,
                 options: str = "other_senses: {}") -> list[tuple[int, str]]:
    (tmp_path / "words.yaml").write_text(PAIRS)
    (tmp_path / "style.yaml").write_text(
        "extends: house\nrules:\n  spelling.british:\n"
        f"    options: {{pairs: words.yaml, {options}}}\n")
    article = tmp_path / "a.txt"
    article.write_text(text)
    main(["check", "--format", "json", "--ruleset", str(tmp_path / "style.yaml"),
          "--select", "spelling.british", str(article)])
    return [(f["column"], f["match"]) for f in json.loads(capsys.readouterr().out)]


def test_proper_names_keep_their_spelling(tmp_path, capsys):
    text = ("Officials from the World Trade Center, the Center for Strategic Studies, Pearl Harbor "
            "and Australia's Labor Party met at the center.\n")
    assert findings_for(tmp_path, capsys, text) == [(text.index("center.") + 1, "center")]


def test_computer_programs_are_not_programmes(tmp_path, capsys):
    text = "The aid program paid for a computer program and two software programs.\n"
    assert findings_for(tmp_path, capsys, text) == [(9, "program")]


def test_words_of_another_sense_leave_the_variant_alone(tmp_path, capsys):
    # With a word of computing in its paragraph, "program" is software: right as it is.
    text = "The aid program paid for it.\n\nThe program deletes the virus.\n"
    options = "other_senses: {program: [virus, computer]}"
    assert findings_for(tmp_path, capsys, text, options) == [(9, "program")]
