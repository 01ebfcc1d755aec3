"""The fix invariant, by property: for any article, `newslint fix` changes characters only inside
the spans of the findings `newslint check` reported first, and a second `fix` changes nothing.

Articles are generated from the shapes that broke fixes on real copy: GFM tables, link
destinations in angle brackets, link titles, code spans, HTML blocks, footnotes, front matter,
suppression comments, CRLF line ends, each around prose full of fixable findings.
"""

from __future__ import annotations

import difflib
import json
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.cli import main

EXAMPLES = 200 if os.environ.get("NEWSLINT_FUZZ") == "long" else 30

PROSE = [
    "Talks in Kiev resumed on Feb. 28, 2024.",
    'He said "yes" -- and left for Odessa.',
    "Mr Smith met 3 officials from the U.S. in the centre.",
    "The color of the defense budget is grey.",
    "It's the '90s again, said Mrs Dalloway's fan.",
    "Zelensky spoke to the Ukraine envoy in Kharkov.",
    "The 24-7 service starts at 7 p.m. on 3 Feb. Results follow.",
]
WORDS = st.sampled_from(PROSE)

MARKDOWN_BLOCKS = [
    st.builds(lambda a, b: f"| {a} | {b} |\n|---|---|\n| {b} | {a} |", WORDS, WORDS),
    st.builds(lambda a: f"See [report](<http://x/a)b>) from Kiev. {a}", WORDS),
    st.builds(lambda a: f"See [the report](<http://x/Kiev -- b>) and {a}", WORDS),
    st.builds(lambda a: f'A [link](http://example.com/Kiev "Kiev -- a title") then {a}', WORDS),
    st.builds(lambda a: f"Code `Kiev -- x` and {a}", WORDS),
    st.builds(lambda a: f"<div>\nKiev -- {a}\n</div>", WORDS),
    st.builds(lambda a: f"A note.[^1] {a}\n\n[^1]: Kiev -- the note.", WORDS),
    st.builds(lambda a: f"~~Kiev -- struck~~ {a}", WORDS),
    st.builds(lambda a: f"<!-- newslint-disable-next-line names.spelling -- as printed -->\n{a}",
              WORDS),
    st.builds(lambda a: f"> {a}\n> > {a}", WORDS),
    st.builds(lambda a: f"- {a}\n- {a}", WORDS),
    WORDS,
]
FRONT_MATTER = st.sampled_from(["", "---\ntitle: Talks in Kiev -- live\n---\n\n",
                                '---\ntitle: "Kiev talks"\ndescription: It\'s 3 Feb.\n---\n\n'])

TEXT_BLOCKS = [WORDS, st.just("<!-- newslint-disable-next-line style -->"),
               st.builds(lambda a: (f"<!-- newslint-disable names -->\n{a}\n"
                                    "<!-- newslint-enable names -->"),
                         WORDS),
               st.builds(lambda a, b: f"{a}\n{b}", WORDS, WORDS)]

HTML_BLOCKS = [st.builds(lambda a: f"<p>{a}</p>", WORDS),
               st.builds(lambda a: f"<p>{a.replace(' ', ' <b>', 1)}</b></p>", WORDS),
               st.builds(lambda a: f"<!-- newslint-disable-next-line names -->\n<p>{a}</p>", WORDS),
               st.builds(lambda a: f"<table><tr><td>{a}</td></tr></table>", WORDS),
               st.builds(lambda a: f"<p><code>Kiev -- x</code> {a}</p>", WORDS),
               st.builds(lambda a: f"<figure><figcaption>{a}</figcaption></figure>", WORDS)]


@st.composite
def articles(draw):
    fmt = draw(st.sampled_from(["md", "txt", "html"]))
    if fmt == "md":
        blocks = draw(st.lists(st.one_of(MARKDOWN_BLOCKS), min_size=1, max_size=5))
        text = draw(FRONT_MATTER) + "# Talks resume\n\n" + "\n\n".join(blocks) + "\n"
    elif fmt == "txt":
        blocks = draw(st.lists(st.one_of(TEXT_BLOCKS), min_size=1, max_size=6))
        text = "Talks resume\n\n" + "\n\n".join(blocks) + "\n\nSource: News Agencies\n"
    else:
        blocks = draw(st.lists(st.one_of(HTML_BLOCKS), min_size=1, max_size=5))
        text = "<html><body><h1>Talks resume</h1>\n" + "\n".join(blocks) + "\n</body></html>\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return fmt, text


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def _reported_spans(capsys, path, text) -> list[tuple[int, int]]:
    code = main(["check", "--format", "json", "--no-progress", str(path)])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    starts = _line_starts(text)
    return [(starts[f["line"] - 1] + f["column"] - 1,
             starts[f["end_line"] - 1] + f["end_column"] - 1)
            for f in json.loads(out)]


def _changes_outside(before: str, after: str, spans: list[tuple[int, int]]) -> list[str]:
    """The changes from ``before`` to ``after`` that lie outside every span. A deletion or an
    insertion inside a repeated run can be placed at several points ("to the Ukraine" loses
    " the" or "the "): it is outside only if every placement is. Texts with as many lines are
    compared line by line, so that a line repeated with small fixes is not matched across."""
    before_lines, after_lines = before.splitlines(True), after.splitlines(True)
    if len(before_lines) > 1 and len(before_lines) == len(after_lines):
        outside, offset = [], 0
        for line, fixed in zip(before_lines, after_lines, strict=True):
            shifted = [(start - offset, end - offset) for start, end in spans]
            outside += [f"line at {offset}: {change}"
                        for change in _changes_outside(line, fixed, shifted)]
            offset += len(line)
        return outside

    def inside(a: int, b: int) -> bool:
        return any(start <= a and b <= end for start, end in spans)

    outside = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, a, b, c, d in matcher.get_opcodes():
        if tag == "equal" or inside(a, b):
            continue
        placements = []
        if tag == "delete":
            left, right = a, b
            while left > 0 and before[left - 1] == before[right - 1]:
                left, right = left - 1, right - 1
                placements.append((left, right))
            left, right = a, b
            while right < len(before) and before[left] == before[right]:
                left, right = left + 1, right + 1
                placements.append((left, right))
        elif tag == "insert":
            inserted = after[c:d]
            left = a
            while left > 0 and before[left - 1] == inserted[-1]:
                left -= 1
                inserted = inserted[-1] + inserted[:-1]
                placements.append((left, left))
        if not any(inside(x, y) for x, y in placements):
            outside.append(f"{tag} {before[a:b]!r} -> {after[c:d]!r} at {a}-{b}")
    return outside


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(articles())
def test_fix_changes_only_reported_spans_and_settles(capsys, tmp_path, article):
    fmt, text = article
    path = tmp_path / f"story.{fmt}"
    path.write_bytes(text.encode("utf-8"))
    spans = _reported_spans(capsys, path, text)

    code = main(["fix", "--no-progress", "--format", "json", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1), err  # 2 or 3: fix refused its own round
    fixed = path.read_bytes().decode("utf-8")
    outside = _changes_outside(text, fixed, spans)
    assert not outside, f"fix changed text outside every reported span {spans}: {outside}"

    main(["fix", "--no-progress", "--format", "json", str(path)])
    capsys.readouterr()
    assert path.read_bytes().decode("utf-8") == fixed, "a second fix changed the text again"
