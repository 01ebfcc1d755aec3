"""Shared by the markup readers: building segment text and its offset map while parsing.

A reader feeds a ``TextBuilder`` the pieces it parses, in source order: plain runs (``add_run``,
source text that is its own text) and atomic pieces (``add``: an entity, a CRLF that XML reads
as one newline, a Markdown soft break). The builder collapses white space the way a browser
renders it — a run of spaces, tabs and line breaks becomes one space that maps to the whole run
— and drops leading and trailing white space. Nothing is ever searched for afterwards.
"""

from __future__ import annotations

import re

from newslint.analysis.photo_credits import find_credit
from newslint.document import Document, OffsetMap, Segment
from newslint.findings import Unwritable
from newslint.readers.plaintext import DATELINE, SOURCE_LINE

_WHITESPACE = " \t\n\r\f"
_RUNS = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+(?: [^ \t\n\r\f]+)*")


class TextBuilder:
    """Accumulates pieces ``[text, source_start, source_length]`` with collapsed white space."""

    __slots__ = ("_space", "cdata", "language", "pieces")

    def __init__(self):
        self.pieces: list[list] = []
        self._space = True  # at the start, white space is dropped
        self.cdata = False  # some of the text comes from a CDATA section
        self.language: str | None = None  # a BCP 47 tag: the segment's "lang" attribute

    def add_run(self, source: str, start: int, end: int) -> None:
        """Add ``source[start:end]`` as it is (a text node without entities)."""
        for match in _RUNS.finditer(source, start, end):
            if match.group()[0] in _WHITESPACE:
                self._add_space(match.start(), match.end(), match.group() == " ")
            else:
                self.pieces.append([match.group(), match.start(), match.end() - match.start()])
                self._space = False

    def add(self, text: str, start: int, end: int) -> None:
        """Add text that the source span ``[start, end)`` produced as a whole (an entity)."""
        if not text:
            return
        if all(c in _WHITESPACE for c in text):
            self._add_space(start, end, False)
            return
        self.pieces.append([text, start, end - start])
        self._space = False

    def _add_space(self, start: int, end: int, plain: bool) -> None:
        if self._space:
            last = self.pieces[-1] if self.pieces else None
            # A run split over several pieces ("\r\n" then indentation) stays one space.
            if last is not None and last[0] == " " and last[1] + last[2] == start:
                last[2] = end - last[1]
            return
        self.pieces.append([" ", start, end - start])
        self._space = True

    def segment(self, kind: str, **attributes) -> Segment | None:
        pieces = self.pieces
        while pieces and pieces[-1][0] == " ":
            pieces.pop()
        if not pieces:
            return None
        offsets = OffsetMap()
        position = 0
        for text, start, length in pieces:
            if len(text) == length or len(text) == 1:
                offsets.add(position, start, len(text), length)
            else:  # an entity that decodes to several characters maps each to the whole
                for i in range(len(text)):
                    offsets.add(position + i, start, 1, length)
            position += len(text)
        if self.cdata:
            attributes["escape"] = escape_cdata
        if self.language:
            attributes["lang"] = self.language
        return Segment(kind, "".join(p[0] for p in pieces), offsets, attributes)


def slice_segment(segment: Segment, start: int, end: int, kind: str, **attributes) -> Segment:
    """The part ``[start, end)`` of a segment's text as a segment of its own."""
    offsets = OffsetMap()
    for t_start, s_start, t_len, s_len in segment.offsets.pieces():
        lo, hi = max(t_start, start), min(t_start + t_len, end)
        if lo >= hi:
            continue
        if t_len == s_len:
            offsets.add(lo - start, s_start + lo - t_start, hi - lo, hi - lo)
        else:
            offsets.add(lo - start, s_start, hi - lo, s_len)
    return Segment(kind, segment.text[start:end], offsets, attributes or dict(segment.attributes))


def escape_markup(text: str) -> str:
    """Replacement text as HTML/XML source: escape what would otherwise be markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_cdata(text: str) -> str:
    """Replacement text for a segment read (in part) from CDATA, where a reference reads as it
    is written: text with "&" or "<" (escaped in element text, literal in CDATA) or "]]>" has
    no way to be written that is right in both, so it is not written."""
    if "&" in text or "<" in text or "]]>" in text:
        raise Unwritable("markup characters where a CDATA section may be")
    return text


class Paragraphs:
    """Classifies body paragraphs the way the plain-text reader does: the first may open with a
    dateline, a short "Source:" paragraph is the source line, one ending with a sure credit is a
    caption."""

    def __init__(self, document: Document):
        self.document = document
        self.first_body = True

    def add(self, segment: Segment | None, kind: str = "body") -> None:
        if segment is None:
            return
        document = self.document
        text = segment.text
        if kind == "body":
            if SOURCE_LINE.match(text) and len(text) <= 200:
                segment.kind = "source"
            elif len(text) <= 600 and find_credit(text, strict=True):
                segment.kind = "caption"
            elif self.first_body:
                self.first_body = False
                dateline = DATELINE.match(text)
                if dateline:
                    document.segments.append(
                        slice_segment(segment, 0, dateline.end("dateline"), "dateline"))
                    segment = slice_segment(segment, dateline.end(), len(text), "body")
        else:
            segment.kind = kind
        document.segments.append(segment)
