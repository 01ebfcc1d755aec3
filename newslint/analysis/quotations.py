"""Direct quotations: where quoted speech or text runs in each segment.

Rules declare whether they apply inside quotations (``Rule.applies_in_quotes``): a name is
spelt the house way even in a quote, but a quoted document keeps its own spelling. The spans
are computed once per segment (``Analysis.quote_spans``) and shared by every rule.

A quotation opens with “ or „ (or a straight " at a word start) and closes with ” (or a
straight " at a word end, or a “ after „). A straight mark whose neighbours do not tell its
side takes the side that pairs it, or none (``double_marks``). A quotation that runs over
several paragraphs opens each paragraph and closes only at its end, so a paragraph that opens a
quotation without closing it is quoted to its end, and the next paragraph's opening mark
continues the same quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_MARK = re.compile(r"[“”„\"]")
QUOTED_KINDS = ("body", "caption", "standfirst", "quote")

# A straight mark opens after these (or white space, or the start of the text)...
_OPENS_AFTER = frozenset("([{—–-/“‘„«")
# ...and closes before these (or white space, or the end), CJK punctuation included.
_CLOSES_BEFORE = frozenset(".,;:!?)]}—–-…”’»。、，！？：；）」』】》〉")


def _side(text: str, index: int) -> bool | None:
    """True if the mark at ``index`` opens a quotation, False if it closes one, None if it
    cannot tell: a straight mark with white space on both sides (``care,' " says``) or glued
    on both sides (``Kuwait"s``, the Hebrew ``צה"ל``, a quotation glued to a prefix as in
    ``ב"הארץ"``, a text in a script written without spaces), a straight mark beside another
    double mark, or a curly mark where its neighbours say the other side (``“Hello,“ he
    said``; Swedish and Finnish open with ”)."""
    char = text[index]
    if char == "„":
        return True
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    opens = before.isspace() or before in _OPENS_AFTER
    closes = after.isspace() or after in _CLOSES_BEFORE
    if char == "“":
        return None if closes and not opens else True
    if char == "”":
        return None if opens and not closes else False
    if before in _DOUBLE_MARKS or after in _DOUBLE_MARKS:
        return None  # a mark doubled (``an ""unconscionable"``): one of the two is a slip
    return opens if opens != closes else None


_DOUBLE_MARKS = frozenset('"“”„')


_FEET_INCHES = re.compile(r"\d['’′] ?\d{1,2}$")
# The longest text _FEET_INCHES can match, plus the newline that "$" may stand before: it is
# looked for just before the mark, not in all the text before it (quadratic on '"' * N).
_FEET_INCHES_REACH = 6
_INCHES_AFTER = re.compile(r"\d| \d{1,2}[\"”″]")
# Minutes of arc: 51°30'N. Read back from the mark, which a figure of one or two digits precedes.
_DEGREES_BEFORE = re.compile(r"°\s?\d{1,2}$")


def is_prime(text: str, index: int) -> bool:
    """True if the straight mark at ``index`` is a foot or inch mark (5'11", 5' 10") or a mark
    of minutes or seconds of arc (51°30'15"N)."""
    if text[index] == "'":
        return index > 0 and text[index - 1].isdigit() and (
            bool(_INCHES_AFTER.match(text, index + 1))
            or bool(_DEGREES_BEFORE.search(text, max(0, index - 4), index)))
    # _FEET_INCHES ends in a digit, or a digit and the newline "$" may stand before: any other
    # character before the mark rules it out without a search.
    return (text[index] in '"”' and index > 0
            and (text[index - 1].isdigit() or text[index - 1] == "\n")
            and bool(_FEET_INCHES.search(text, max(0, index - _FEET_INCHES_REACH), index)))


def double_marks(text: str) -> tuple[tuple[int, bool | None], ...]:
    """Every double quotation mark in ``text`` but inch marks, as ``(index, opens)``: True if
    it opens a quotation, False if it closes one, None if it belongs to none.

    A mark whose neighbours do not tell its side takes the side that pairs it: it closes an
    open quotation unless the next mark that is sure of its side closes it, and opens one when
    the next sure mark closes; otherwise it belongs to no quotation (``Kuwait"s``). So a mark
    no one can place never makes a paragraph look unbalanced. A straight mark after a figure
    that reads as closing ("55\" screen", "of 2005\".") is an inch mark when no quotation is
    open, or when the next mark closes too ("a 55\" TV," he said): only then does it close a
    quotation. A “ closes a quotation that „ opened („so“, as German and Czech write it).
    """
    if '"' not in text and "“" not in text and "”" not in text and "„" not in text:
        return ()  # most paragraphs: four substring tests, faster than the pattern's scan
    found = [(m.start(), _side(text, m.start())) for m in _MARK.finditer(text)
             if not is_prime(text, m.start())]
    if not found:
        return ()
    # The side of the next mark sure of its side, for each mark: one pass from the end, so a
    # run of unplaceable marks costs no more than the marks.
    next_sure: list[bool | None] = [None] * len(found)
    following = None
    for number in range(len(found) - 1, -1, -1):
        next_sure[number] = following
        if found[number][1] is not None:
            following = found[number][1]
    marks = []
    opened_by = None  # the mark that opened the quotation open now
    for number, (index, opens) in enumerate(found):
        char = text[index]
        if char == "“" and opened_by == "„":
            opens = False
        if (opens is False and char in "\"”" and index and text[index - 1].isdigit()
                and (opened_by is None or next_sure[number] is False)):
            continue  # an inch mark
        if opens is None:
            if opened_by is not None and next_sure[number] is not False:
                opens = False
            elif opened_by is None and next_sure[number] is False:
                opens = True
        marks.append((index, opens))
        if opens is not None:
            opened_by = char if opens else None
    return tuple(marks)


def quote_spans(quote_marks: list[tuple[int, bool]], length: int) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of direct quotations in one paragraph, marks included, from the
    marks of the paragraph that open or close a quotation (``Analysis.quote_marks``) and its
    length."""
    spans = []
    open_at = None
    for index, opens in quote_marks:
        if opens:
            if open_at is None:
                open_at = index
        elif open_at is not None:
            spans.append((open_at, index + 1))
            open_at = None
    if open_at is not None:  # runs on into the next paragraph
        spans.append((open_at, length))
    return spans


def quotation_spans(segment) -> list[tuple[int, int]]:
    """The spans of direct quotations in a segment; none in a kind not read for quotations
    (``QUOTED_KINDS``)."""
    return segment.analysis.quote_spans if segment.kind in QUOTED_KINDS else []


def in_quotation(segment, start: int, end: int) -> bool:
    if segment.kind == "quote":
        return True
    spans = quotation_spans(segment)
    # Spans come in text order and never overlap (one opens only after the last has closed),
    # so only the last one starting at or before ``start`` can hold the span.
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and end <= spans[i][1]
