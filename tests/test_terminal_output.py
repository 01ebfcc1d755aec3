"""Text output on a terminal: the full layout (source line, match underlined, fix beside it),
the concise layout elsewhere, the one-line summary of a clean run, and `fix --interactive`."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.cli import main
from newslint.findings import Finding
from newslint.formatters import printable
from newslint.formatters.full import MIN_ROOM, _cells, _draw, snippet
from newslint.terminal.review import moved

SEED = FIXTURES / "articles" / "seed-article.txt"
LONG = ("Ministers from eleven countries gathered on Monday for talks that officials described as "
        "the most important of the year, and the meeting, which lasted for most of the afternoon, "
        "covered trade, energy and the security of the region. Delegates then travelled to Kiev "
        "for a second round of meetings with the government, where they discussed reconstruction, "
        "the supply of electricity over the winter and the return of people who had left their "
        "homes during the fighting in the east.")


class _Terminal(io.StringIO):
    """Standard output or input as a terminal would be (answers read a line at a time)."""

    def isatty(self):
        return True


@pytest.fixture
def story(tmp_path, monkeypatch):
    """Write an article in a fresh folder and return its name there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "60")

    def write(data: bytes | str, name: str = "story.txt") -> str:
        (tmp_path / name).write_bytes(data.encode() if isinstance(data, str) else data)
        return name

    return write


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def on_terminal(monkeypatch, *argv, answers: str | None = None):
    """Run with standard output (and input, given answers) on a terminal: the exit code, what
    the terminal showed, and standard error."""
    terminal, errors = _Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", errors)
    if answers is not None:
        monkeypatch.setattr(sys, "stdin", _Terminal(answers))
    code = main(list(argv))
    return code, terminal.getvalue(), errors.getvalue()


NAMES = ("check", "--select", "names", "--color", "never")
ONE_KIEV = '"Kiev" is spelt "Kyiv" in house style'
SUMMARY = "1 problem (1 error) in 1 of 1 file; 1 fixable with `newslint fix`\n"


def test_full_layout_shows_the_line_with_the_match_underlined_and_the_fix(capsys, story):
    path = story("Talks in Kiev today.\n")
    assert run(capsys, *NAMES, "--output-format", "full", path) == (1, (
        f"story.txt:1:10: error [names.spelling] {ONE_KIEV}\n"
        "1 | Talks in Kiev today.\n"
        '  |          ^^^^ fix: Write "Kyiv"\n'
        "\n" + SUMMARY), "")


def test_wide_characters_take_two_cells_of_underline_offset(capsys, story):
    path = story("Talks\n\n会談は東京で、Kiev の代表と。\n")
    assert run(capsys, *NAMES, "--output-format", "full", path)[1] == (
        f"story.txt:3:8: error [names.spelling] {ONE_KIEV}\n"
        "3 | 会談は東京で、Kiev の代表と。\n"
        '  |               ^^^^ fix: Write "Kyiv"\n'  # seven wide characters: 14 cells
        "\n" + SUMMARY)


def test_a_long_paragraph_is_cut_around_the_match_to_the_terminal_width(capsys, story):
    path = story(f"Talks\n\n{LONG}\n")
    out = run(capsys, *NAMES, "--output-format", "full", path)[1]
    assert out == (
        f"story.txt:3:261: error [names.spelling] {ONE_KIEV}\n"
        "3 | …then travelled to Kiev for a second round of meetings…\n"
        '  |                    ^^^^ fix: Write "Kyiv"\n'
        "\n" + SUMMARY)
    assert all(len(line) <= 60 for line in out.splitlines()[1:3])


def test_crlf_lines_show_without_their_line_break(capsys, story):
    path = story(b"Talks\r\n\r\nMinisters met in Kiev on Monday.\r\n")
    out = run(capsys, *NAMES, "--output-format", "full", path)[1]
    assert out == (
        f"story.txt:3:18: error [names.spelling] {ONE_KIEV}\n"
        "3 | Ministers met in Kiev on Monday.\n"
        '  |                  ^^^^ fix: Write "Kyiv"\n'
        "\n" + SUMMARY)


def test_tabs_and_control_characters_are_drawn_and_counted_as_shown(capsys, story):
    path = story("Talks\n\nA\tnote\x1b[2J from Kiev\u202e today.\n")
    out = run(capsys, *NAMES, "--output-format", "full", path)[1]
    assert out == (
        f"story.txt:3:17: error [names.spelling] {ONE_KIEV}\n"
        "3 | A    note\\x1b[2J from Kiev\\u202e today.\n"
        '  |                       ^^^^ fix: Write "Kyiv"\n'
        "\n" + SUMMARY)


def test_the_fix_goes_below_the_underline_when_it_does_not_fit_beside(capsys, story,
                                                                       monkeypatch):
    path = story("Talks\n\nThe delegation flew to Kiev.\n")
    monkeypatch.setenv("COLUMNS", "24")
    out = run(capsys, *NAMES, "--output-format", "full", path)[1]
    assert out.splitlines()[1:4] == [
        "3 | …flew to Kiev.",
        "  |          ^^^^",
        '  = fix: Write "Kyiv"',
    ]


def test_concise_when_output_is_not_a_terminal(capsys, story):
    path = story("Talks in Kiev today.\n")
    assert run(capsys, *NAMES, path)[1] == (
        f"story.txt:1:10: error [names.spelling] {ONE_KIEV}\n"
        '    fix: Write "Kyiv"\n' + SUMMARY)


def test_full_by_default_on_a_terminal_and_concise_when_asked(monkeypatch, story):
    path = story("Talks in Kiev today.\n")
    monkeypatch.setenv("NO_COLOR", "1")
    _, shown, _ = on_terminal(monkeypatch, "check", "--select", "names", path)
    assert shown.splitlines()[1:3] == ["1 | Talks in Kiev today.",
                                       '  |          ^^^^ fix: Write "Kyiv"']
    _, shown, _ = on_terminal(monkeypatch, "check", "--select", "names",
                              "--output-format", "concise", path)
    assert shown.splitlines()[1] == '    fix: Write "Kyiv"'


def test_colour_on_a_terminal_never_passes_the_files_escape_sequences(monkeypatch, story):
    path = story("Talks in Kiev\x1b[2J\x9b today.\n")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    _, shown, _ = on_terminal(monkeypatch, "check", "--select", "names", path)
    assert "\033[31m^^^^\033[0m" in shown  # the underline in the severity's colour
    assert "\x1b[2J" not in shown and "\x9b" not in shown
    assert "Kiev\\x1b[2J\\x9b today." in shown


def test_full_layout_from_workers_and_from_the_cache_is_the_same(capsys, story, monkeypatch,
                                                                 tmp_path):
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    for index in range(16):
        story(f"Talks\n\nTalks {'in ' * index}Kiev and Kharkov.\n", f"story-{index:02d}.txt")
    argv = (*NAMES, "--output-format", "full", ".")
    alone = run(capsys, *argv, "--jobs", "1")
    assert alone[1].count("  |") == 32 and alone[0] == 1
    assert run(capsys, *argv, "--jobs", "2") == alone
    assert run(capsys, *argv, "--cache") == alone
    assert run(capsys, *argv, "--cache") == alone  # every file from the cache


def test_a_clean_run_says_so_in_one_line_unless_quiet(capsys, story):
    story("Talks in Kyiv today.\n", "a.txt")
    story("Talks in Kharkiv today.\n", "b.txt")
    assert run(capsys, *NAMES, ".") == (0, "All clear: 2 files, no findings\n", "")
    assert run(capsys, *NAMES, "--quiet", ".") == (0, "", "")
    assert run(capsys, *NAMES, "--format", "json", ".") == (0, "[]\n", "")


def test_quiet_keeps_the_findings_and_drops_the_summary(capsys, story):
    path = story("Talks in Kiev today.\n")
    assert run(capsys, *NAMES, "-q", path) == (
        1, (f"story.txt:1:10: error [names.spelling] {ONE_KIEV}\n"
            '    fix: Write "Kyiv"\n'), "")


def test_output_format_is_for_the_text_format_only(capsys, story):
    path = story("Talks in Kiev today.\n")
    assert run(capsys, "check", "--format", "json", "--output-format", "full", path) == (
        2, "", "newslint: --output-format lays out the text format, not json\n")


@settings(max_examples=300, deadline=None)
@given(
    line=st.text(st.sampled_from("ab  .東é\u0301\u200b\t\x1b\u202e…"), max_size=300),
    bounds=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    width=st.integers(10, 140),
    label=st.text(st.sampled_from("fix: W\"ab東"), max_size=40),
)
def test_the_window_fits_the_width_and_the_underline_is_under_the_match(line, bounds, width,
                                                                        label):
    start, end = sorted(int(b * len(line)) for b in bounds)
    source = f"Headline\n{line}\nmore\n"
    finding = Finding("x.txt", "r", "error", "m", 9 + start, 9 + end, 2, start + 1, 2, end + 1,
                      line[start:end])
    rows = snippet(finding, source, width, False, label).split("\n")
    assert rows[-1] == "" and all(printable(row) == row for row in rows)  # nothing raw
    drawn, underline = rows[0][len("2 | "):], rows[1][len("  | "):]
    limit = max(width, MIN_ROOM + len("2 | "))
    assert _cells(rows[0]) <= limit
    if label and rows[2]:
        assert rows[2] == f"  = {label}"
    else:
        assert _cells(rows[1]) <= limit
    indent = len(underline) - len(underline.lstrip(" "))
    carets = len(underline.lstrip(" ").split(" ")[0])
    match = "".join(_draw(char)[0] for char in line[start:end])
    # Where the underline starts, the drawn line goes on with the match (or its cut beginning).
    places = [i for i in range(len(drawn) + 1) if _cells(drawn[:i]) == indent]
    assert any(drawn[i:].startswith(match) and carets == max(_cells(match), 1)
               or drawn.endswith("…") and match.startswith(drawn[i:-1])
               and carets == max(_cells(drawn[i:-1]), 1)
               for i in places)


# fix --interactive

def test_interactive_fix_applies_only_the_chosen_fixes(monkeypatch, story):
    path = story(SEED.read_bytes())
    # dates.format: apply; first apostrophe: skip; second: all of its rule (the third comes
    # with it, unasked); credit full stop: quit (so the credit is not asked about either).
    code, shown, errors = on_terminal(monkeypatch, "fix", "--interactive", "--color", "never",
                                      "--output-format", "concise", path, answers="a\ns\nA\nq\n")
    assert shown.count("Apply this fix?") == 4
    assert ('story.txt:5:201: warning [dates.format] Date "Feb. 28, 2024" is not in house style '
            "(month abbreviated)\n"
            "5 | …Wednesday, Feb. 28, 2024. Ukraine's president co-hosts…\n"
            '  |             ^^^^^^^^^^^^^ fix: Write "February 28, 2024"\n'
            '    "Feb. 28, 2024" → "February 28, 2024"\n'
            "Apply this fix? [a]pply, [s]kip, [A]ll of dates.format, [q]uit: apply\n") in shown
    assert "[A]ll of style.straight-quotes, [q]uit: all\n" in shown
    assert errors == "newslint: story.txt: applied 3 fixes\n"
    line = (ROOT / "fixtures/articles/seed-article.txt").read_text().splitlines()[4]
    fixed = Path(path).read_text(encoding="utf-8").splitlines()[4]
    assert fixed == (line.replace("Feb. 28", "February 28")
                     .replace("with Albania's", "with Albania’s")
                     .replace("after Russia's", "after Russia’s"))
    # What is left is reported with its fixes, the skipped apostrophe's too.
    report = shown.partition("[q]uit: quit\n\n")[2]
    assert ("story.txt:5:227: suggestion [style.straight-quotes] Straight apostrophe\n"
            '    fix: Write "’"\n') in report
    assert report.endswith("5 problems (1 error, 3 warnings, 1 suggestion) in 1 of 1 file; "
                           "3 fixable with `newslint fix`\n")
    assert code == 1


def test_an_answer_holds_through_the_rounds_of_fixes(monkeypatch, story):
    """The weekday fix (unsafe) and the date fix overlap: the date is fixed in the first round,
    and the weekday finding, skipped, is found again on the new text without asking again."""
    path = story(SEED.read_bytes())
    code, shown, errors = on_terminal(monkeypatch, "fix", "--interactive", "--unsafe-fixes",
                                      "--color", "never", path, answers="s\na\nq\n")
    assert shown.count("Apply this fix?") == 3
    assert "dates.weekday-in-caption, [q]uit: skip" in shown
    assert "[A]ll of dates.format, [q]uit: apply" in shown
    assert errors == "newslint: story.txt: applied 1 fix\n"
    assert "Wednesday, February 28, 2024. Ukraine's" in Path(path).read_text(encoding="utf-8")
    assert code == 1


def test_the_end_of_the_answers_is_quit(monkeypatch, story):
    path = story(SEED.read_bytes())
    code, shown, errors = on_terminal(monkeypatch, "fix", "--interactive", path, answers="x\n")
    assert "[q]uit: press a, s, A or q\n" in shown and shown.count("Apply this fix?") == 2
    assert errors == "" and Path(path).read_bytes() == SEED.read_bytes()
    assert code == 1


@pytest.mark.parametrize(("argv", "message"), [
    (("fix", "--interactive", "story.txt"), ("--interactive needs a terminal to ask on (standard "
     "input and output are not both one); `newslint fix` without it applies every safe fix, "
     "--diff shows them")),
    (("check", "--interactive", "story.txt"),
     "--interactive reviews fixes: use it with `newslint fix` (or `check --fix`)"),
    (("fix", "--interactive", "--diff", "story.txt"),
     "--interactive applies the fixes it is told to; --diff applies none"),
    (("fix", "--interactive", "-"),
     "--interactive reads its answers from standard input, so it cannot fix standard input"),
])
def test_interactive_is_refused_where_it_cannot_ask(capsys, story, argv, message):
    story("Talks in Kiev today.\n")
    assert run(capsys, *argv) == (2, "", f"newslint: {message}\n")
    assert Path("story.txt").read_text() == "Talks in Kiev today.\n"


def test_a_span_moves_with_the_edits_before_it_and_grows_with_those_inside():
    from newslint.findings import Edit

    edits = [Edit(0, 3, "Sept."), Edit(10, 12, ""), Edit(20, 20, "X")]
    assert moved(14, 18, edits) == (14, 18)  # +2, -2
    assert moved(9, 13, edits) == (11, 13)  # holds the deletion
    assert moved(11, 15, edits) is None  # cut by it
    assert moved(20, 22, edits) == (21, 23)  # an insertion at its start comes before it
    assert moved(18, 20, edits) == (18, 20)  # an insertion at its end comes after it


@pytest.mark.slow
def test_interactive_fix_on_a_pseudo_terminal(tmp_path):
    """The real thing: keys typed on a terminal, one each, no Enter."""
    import pty

    path = tmp_path / "story.txt"
    path.write_bytes(SEED.read_bytes())
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm", "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "newslint", "fix", "--interactive",
                                "story.txt"], stdin=secondary, stdout=secondary, stderr=secondary,
                               cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)})
    os.close(secondary)
    shown = b""

    def read_until(text: bytes, count: int = 1) -> None:
        nonlocal shown
        deadline = time.monotonic() + 60  # a guard against hanging, not a timing assertion
        while shown.count(text) < count and time.monotonic() < deadline:
            if select.select([primary], [], [], 1)[0]:
                try:
                    shown += os.read(primary, 65536)
                except OSError:  # the other side has closed
                    return

    # An arrow key (ESC [ A) is no answer, though it ends in "A" (apply all of the rule).
    for count, key in enumerate((b"\x1b[A", b"a", b"s", b"q"), 1):
        read_until(b"[q]uit: ", count)
        os.write(primary, key)
    read_until(b"fixable with")
    assert process.wait(timeout=60) == 1
    os.close(primary)
    text = shown.decode()
    assert "[A]ll of dates.format, [q]uit: press a, s, A or q\r\n" in text
    assert "[A]ll of dates.format, [q]uit: apply" in text
    assert "[q]uit: skip" in text and "[q]uit: quit" in text
    assert "applied 1 fix" in text
    assert "February 28, 2024. Ukraine's" in path.read_text(encoding="utf-8")


def test_both_layouts_head_a_finding_with_the_same_line():
    """The concise loop writes ``header`` and ``fix_label`` out for speed: they must agree."""
    from helpers import lint_text

    from newslint.formatters.text import chunk, fix_label, header

    findings = lint_text(SEED.read_text(encoding="utf-8"), "house")
    assert len(findings) == 8
    for color in (False, True):
        for finding in findings:
            lines = chunk([finding], color).splitlines()
            assert lines[0] == header(finding, color)
            if finding.fix is not None:
                assert lines[1] in (f"    {fix_label(finding.fix)}",
                                    f"\033[2m    {fix_label(finding.fix)}\033[0m")
