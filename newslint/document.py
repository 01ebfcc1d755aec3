"""The document model: the raw source, its line index, and its segments with offset maps.

Readers build segments while they parse; rules see only segment text and report positions in
segment coordinates; the engine maps them back to source offsets through the segment's
``OffsetMap``; only ``LineIndex`` turns offsets into line:column. Nothing ever searches for a
match in the source after the fact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

# The segment kinds every reader produces and every ruleset may name.
SEGMENT_KINDS = (
    "headline",
    "standfirst",
    "byline",
    "dateline",
    "body",
    "caption",
    "credit",
    "source",
    "quote",
    "metadata",
)

# Only these break lines (not U+2028, form feed or NEL), so columns agree with editors and git.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps a source offset to a 1-based (line, column), columns counted in code points."""

    __slots__ = ("starts",)

    def __init__(self, source: str):
        if "\r" in source:
            self.starts = [0]
            self.starts.extend(m.end() for m in _LINE_BREAK.finditer(source))
        else:  # "\n" only, as most files are: each line starts one past the end of the last
            with_newline = [len(line) + 1 for line in source.split("\n")[:-1]]
            self.starts = [0, *accumulate(with_newline)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """The (line, column) of ``start`` and of ``end``, as ``position`` gives each."""
        starts = self.starts
        line = bisect_right(starts, start)
        line_start = starts[line - 1]
        if line == len(starts) or end < starts[line]:  # most spans: on one line, one search
            return line, start - line_start + 1, line, end - line_start + 1
        return (line, start - line_start + 1, *self.position(end))

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]


class OffsetMap:
    """Piecewise map from segment-text indices to source offsets.

    The map is a list of pieces ``(text_start, source_start, text_length, source_length)``.
    A piece whose two lengths are equal maps one character to one character (plain text).
    Any other piece is atomic: an entity such as ``&amp;`` (one text character, five source
    characters) or a soft line break maps as a whole, so a match never starts or ends inside
    the markup that produced it.
    """

    __slots__ = ("_text_starts", "_pieces", "_shift")

    def __init__(self, pieces: list[tuple[int, int, int, int]] | None = None):
        self._pieces: list[tuple[int, int, int, int]] = []
        self._text_starts: list[int] = []
        # source offset - text index, when one plain piece maps the whole text (a paragraph
        # of plain text, most of them): every lookup is then an addition.
        self._shift: int | None = None
        for piece in pieces or ():
            self.add(*piece)

    @classmethod
    def identity(cls, source_start: int, length: int) -> OffsetMap:
        return cls([(0, source_start, length, length)])

    def add(self, text_start: int, source_start: int, text_length: int, source_length: int):
        """Append a piece; pieces must come in text order."""
        if self._pieces:
            last_text, last_src, last_tlen, last_slen = self._pieces[-1]
            # Merge runs of plain characters so that long paragraphs stay one piece.
            if (
                last_tlen == last_slen
                and text_length == source_length
                and last_text + last_tlen == text_start
                and last_src + last_slen == source_start
            ):
                self._pieces[-1] = (
                    last_text, last_src, last_tlen + text_length, last_slen + source_length
                )
                return
        self._pieces.append((text_start, source_start, text_length, source_length))
        self._text_starts.append(text_start)
        plain_alone = len(self._pieces) == 1 and text_length == source_length
        self._shift = source_start - text_start if plain_alone else None

    def _piece(self, index: int) -> tuple[int, int, int, int]:
        i = bisect_right(self._text_starts, index) - 1
        return self._pieces[max(i, 0)]

    def start(self, index: int) -> int:
        """Source offset where the text character at ``index`` begins."""
        if self._shift is not None:
            return index + self._shift
        text_start, src_start, tlen, slen = self._piece(index)
        if tlen == slen:
            return src_start + (index - text_start)
        if index >= text_start + tlen:
            return src_start + slen
        return src_start

    def end(self, index: int) -> int:
        """Source offset just after the text character at ``index - 1`` (exclusive end)."""
        if self._shift is not None:
            return index + self._shift
        if index <= 0:
            return self.start(0)
        text_start, src_start, tlen, slen = self._piece(index - 1)
        if tlen == slen:
            return src_start + (index - text_start)
        return src_start + slen

    def source_runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The contiguous source ranges that text ``[start, end)`` comes from.

        Markup between two ranges (a tag, a comment) is not part of any range, so an edit
        that replaces the ranges leaves the markup in place.
        """
        if self._shift is not None:
            return [(start + self._shift, end + self._shift)] if start < end else []
        runs: list[tuple[int, int]] = []
        index = start
        while index < end:
            text_start, src_start, tlen, slen = self._piece(index)
            stop = min(end, text_start + tlen)
            if tlen == slen:
                run = (src_start + index - text_start, src_start + stop - text_start)
            else:
                run = (src_start, src_start + slen)
            if runs and runs[-1][1] == run[0]:
                runs[-1] = (runs[-1][0], run[1])
            else:
                runs.append(run)
            index = text_start + tlen
        return runs

    def pieces(self) -> list[tuple[int, int, int, int]]:
        return list(self._pieces)


@dataclass(slots=True)
class Segment:
    """A part of an article: its kind, decoded text and the map back to the source."""

    kind: str
    text: str
    offsets: OffsetMap
    # Extra facts a reader knows, e.g. {"key": "image.caption"} for front matter.
    attributes: dict = field(default_factory=dict)
    _analysis: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def analysis(self):
        """What rules read of the text (``newslint.analysis.Analysis``), made on first asking."""
        if self._analysis is None:
            from newslint.analysis import Analysis

            self._analysis = Analysis(self.text)
        return self._analysis

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            offset = self.offsets.start(start)
            return offset, offset
        return self.offsets.start(start), self.offsets.end(end)


@dataclass(slots=True)
class Document:
    """One article: its path, format, decoded source text and segments in reading order."""

    path: str
    format: str
    source: str
    segments: list[Segment] = field(default_factory=list)
    # Turns replacement text into source text for this format (HTML escapes "&" and "<");
    # None for formats whose text is its source.
    escape: Callable[[str], str] | None = None
    # How the file was encoded, so that a fixed file is written back the same way.
    encoding: str = "utf-8"
    bom: bytes = b""
    # Per-document facts shared by rules, computed once (e.g. quotation spans).
    cache: dict = field(default_factory=dict)
    _line_index: LineIndex | None = None
    # Source spans a reader passed over on purpose, with why: (reason, start, end). Only
    # `newslint show` reads them, so a part nobody lints can always be explained.
    skipped: list[tuple[str, int, int]] = field(default_factory=list)
    # What a reader read past but a rule reports (``rules/reading.py``): (check, start, end,
    # detail), e.g. ("xml-entity", …, "”") for an entity no DTD declares, read as HTML's.
    notices: list[tuple[str, int, int, str]] = field(default_factory=list)

    @property
    def lines(self) -> LineIndex:
        if self._line_index is None:
            self._line_index = LineIndex(self.source)
        return self._line_index

    def context(self, start: int, end: int, width: int) -> tuple[str, str]:
        """The source either side of ``start:end`` on its lines, at most ``width`` characters
        each way (a sample shows a match in the words around it)."""
        line_start = self.lines.line_start(self.lines.position(start)[0])
        before = self.source[max(line_start, start - width):start]
        after = self.source[end:end + width]
        breaks = [i for i in (after.find("\n"), after.find("\r")) if i != -1]
        return before, after[:min(breaks)] if breaks else after

    def word_count(self) -> int:
        """Words of the parts read, a part inside the one before it (a credit read in its
        caption too) counted once: the measure of "findings per words" in try and the audit."""
        words, previous = 0, (-1, -1)
        for segment in self.segments:
            start, end = segment.source_span(0, len(segment.text))
            if previous[0] <= start and end <= previous[1]:
                continue
            previous = (start, end)
            words += len(segment.text.split())
        return words

    def skip(self, reason: str, start: int, end: int) -> None:
        self.skipped.append((reason, start, end))

    def notice(self, check: str, start: int, end: int, detail: str) -> None:
        self.notices.append((check, start, end, detail))

    def add_plain(self, kind: str, start: int, end: int, **attributes) -> Segment:
        """Add a segment whose text is exactly ``source[start:end]``."""
        segment = Segment(kind, self.source[start:end], OffsetMap.identity(start, end - start),
                          attributes)
        self.segments.append(segment)
        return segment
