"""Full text output, as ruff's ``full``: each finding's line, then the source line it is on
behind a gutter (its number), cut around the match to the terminal's width (``…`` where cut),
the match underlined and the fix beside the underline (below it when there is no room)::

    story.txt:5:201: error [dates.format] Date "Feb. 28, 2024" is not in house style (…)
    5 | …Tirana, Albania, Wednesday, Feb. 28, 2024. Ukraine's president co-hosts a…
      |                              ^^^^^^^^^^^^^ fix: Write "February 28, 2024"

A paragraph of news copy is one line of hundreds of characters: the window is what makes it
readable. Widths are terminal cells: an East Asian wide character takes two, a combining mark
none, a tab is drawn as four spaces, and a control character, a line separator or a bidi
override is drawn escaped (``printable``) and is as wide as its escape, so nothing from the
file reaches the terminal as an escape sequence.

The concise layout needs only findings; this one needs the file's text too, so ``chunk``
takes the source and runs where the document is (the worker that linted the file).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from newslint.formatters import printable
from newslint.formatters.text import _COLORS, _DIM, _RESET, fix_label, header

_TAB = "    "  # drawn as four spaces, as ruff draws it: the underline must know its width
_CUT = "…"
MIN_ROOM = 20  # cells of source text, however narrow the terminal
# A window never reads more characters than this many per cell of room: a line of a million
# zero-width marks costs no more than a line of letters.
_CHARS_PER_CELL = 4


def chunk(findings, color: bool, source: str, width: int) -> str:
    """One file's findings, each with its source line; ``width`` is the terminal's."""
    parts = []
    for finding in findings:
        parts.append(header(finding, color) + "\n")
        label = fix_label(finding.fix) if finding.fix is not None else ""
        parts.append(snippet(finding, source, width, color, label))
        parts.append("\n")
    return "".join(parts)


def snippet(finding, source: str, width: int, color: bool, label: str = "") -> str:
    """The finding's source line (the part of it that fits ``width`` cells, around the match)
    behind its number, and under it the match underlined, ``label`` beside the underline."""
    number = str(finding.line)
    room = max(width - len(number) - 3, MIN_ROOM)
    line_start = finding.start - finding.column + 1
    bound = min(len(source), finding.end + room * _CHARS_PER_CELL)
    line_end = _line_end(source, finding.start, bound)
    more = line_end == bound < len(source) and source[bound] not in "\r\n"
    end = min(finding.end, line_end)  # a match over lines: the part on its first line
    drawn, indent, carets, beside = _window(source, line_start, line_end, more, finding.start,
                                            end, room, _cells(label))
    gutter, pad = f"{number} |", " " * len(number) + " |"
    underline = " " * indent + "^" * carets
    note = f" {label}" if label and beside else ""
    below = f"{' ' * len(number)} = {label}" if label and not beside else ""
    if color:
        gutter, pad = f"{_DIM}{gutter}{_RESET}", f"{_DIM}{pad}{_RESET}"
        severity = _COLORS.get(finding.severity, "")
        underline = f"{' ' * indent}{severity}{'^' * carets}{_RESET}"
        note = f"{_DIM}{note}{_RESET}" if note else ""
        below = f"{_DIM}{below}{_RESET}" if below else ""
    lines = [f"{gutter} {drawn}" if drawn else gutter, f"{pad} {underline}{note}"]
    if below:
        lines.append(below)
    return "\n".join(lines) + "\n"


def _line_end(source: str, position: int, bound: int) -> int:
    """Where the line holding ``position`` ends (before its line break), or ``bound``."""
    ends = [index for index in (source.find("\n", position, bound),
                                source.find("\r", position, bound)) if index != -1]
    return min(ends, default=bound)


def _window(source: str, lo: int, hi: int, more: bool, start: int, end: int, room: int,
            label_cells: int) -> tuple[str, int, int, bool]:
    """The drawn part of ``source[lo:hi]`` (a line, ``more`` if it goes on past ``hi``) around
    the match ``[start, end)``, in at most ``room`` cells; the cells before the match, the
    carets under it, and whether a label of ``label_cells`` goes beside them."""
    lead = 1 if start > lo else 0
    match, match_cells, stop = _take_right(source, start, end, room - lead - 1)
    if stop < end:  # a match wider than the room: its beginning, cut, and the label below
        return _CUT * lead + match + _CUT, lead, max(match_cells, 1), False
    carets = max(match_cells, 1)  # an insertion point is one caret
    rest = room - carets
    _, after_cells, stop = _take_right(source, end, hi, rest)
    left_room = max(rest // 2, rest - after_cells if stop == hi and not more else 0)
    beside = True
    if label_cells:
        # Beside the underline unless that leaves the match almost no words before it.
        beside_room = rest - 1 - label_cells
        beside = beside_room >= min(10, rest // 2, start - lo)
        if beside:
            left_room = min(left_room, beside_room)
    before, before_cells, first = _take_left(source, lo, start, left_room)
    cut_left = first > lo
    if cut_left:
        before, before_cells, first = _take_left(source, lo, start, left_room - 1)
        space = source.find(" ", first, start)
        if source[first - 1] != " " and space != -1:  # start at a word, not inside one
            before, before_cells = _drawn(source[space + 1:start])
    right_room = room - carets - before_cells - cut_left
    if carets > match_cells:  # the caret of an insertion takes a cell of the text after it
        right_room += 1
    after, _, stop = _take_right(source, end, hi, right_room)
    cut_right = stop < hi or more
    if cut_right:
        after, _, stop = _take_right(source, end, hi, right_room - 1)
        space = source.rfind(" ", end, stop)
        if source[stop] != " " and space > end:  # end at a word, not inside one
            after, _ = _drawn(source[end:space])
    drawn = _CUT * cut_left + before + match + after + _CUT * cut_right
    return drawn, before_cells + cut_left, carets, beside


def _take_left(source: str, lo: int, start: int, room: int) -> tuple[str, int, int]:
    """The end of ``source[lo:start]`` that fits ``room`` cells: drawn, its cells, and the
    index it starts at."""
    plain = source[max(lo, start - max(room, 0)):start]
    if plain.isascii() and plain.isprintable():  # a cell a character, as most copy is
        return plain, len(plain), start - len(plain)
    pieces, cells, index = [], 0, start
    limit = max(lo, start - room * _CHARS_PER_CELL)
    while index > limit:
        shown, width = _draw(source[index - 1])
        if cells + width > room:
            break
        pieces.append(shown)
        cells += width
        index -= 1
    return "".join(reversed(pieces)), cells, index


def _take_right(source: str, start: int, end: int, room: int) -> tuple[str, int, int]:
    """The beginning of ``source[start:end]`` that fits ``room`` cells: drawn, its cells, and
    the index it stops at."""
    plain = source[start:min(end, start + max(room, 0))]
    if plain.isascii() and plain.isprintable():  # a cell a character, as most copy is
        return plain, len(plain), start + len(plain)
    pieces, cells, index = [], 0, start
    limit = min(end, start + max(room, 0) * _CHARS_PER_CELL)
    while index < limit:
        shown, width = _draw(source[index])
        if cells + width > room:
            break
        pieces.append(shown)
        cells += width
        index += 1
    return "".join(pieces), cells, index


def _drawn(text: str) -> tuple[str, int]:
    pieces = [_draw(char) for char in text]
    return "".join(shown for shown, _ in pieces), sum(width for _, width in pieces)


@lru_cache(maxsize=4096)
def _draw(char: str) -> tuple[str, int]:
    """How a character of the file is drawn, and how many terminal cells that takes."""
    if char.isascii():
        if char.isprintable():
            return char, 1
        if char == "\t":
            return _TAB, len(_TAB)
    shown = printable(char)
    if shown != char:  # a control character, a separator or an override: its escape
        return shown, len(shown)
    if unicodedata.category(char) in ("Mn", "Me", "Cf") and char != "\xad":  # soft hyphens show
        return char, 0
    return char, 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _cells(text: str) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(_draw(char)[1] for char in text)
