"""Quotes: straight quotation marks and apostrophes, and quotations left open or closed twice.

What it checks:

- ``check: straight`` — a straight ``'`` or ``"`` in copy set with curly ones. The fix picks the
  curly mark from its neighbours: “ at a word start, ” at a word end, ‘ before a word, and ’ for
  an apostrophe or a closing single quote ("Ukraine's" → "Ukraine’s", "'90s" → "’90s"). A mark
  whose side cannot be told (surrounded by spaces) is flagged without a fix; marks between
  digits (5'11", 5' 10") are feet and inches and are left alone.
- ``check: balance`` — double quotation marks that do not pair up within a paragraph: a closing
  mark with no opening one, or an opening one never closed. A quotation running over several
  paragraphs opens each paragraph and closes only at its end, so a paragraph left open is fine
  when the next paragraph of the same kind opens with a quotation mark. Single marks are not
  counted: ’ is also the apostrophe.

Why: typographic quotes are the house form in print and on the web; an unbalanced quotation
leaves the reader unsure where the speaker stopped — and may put words in someone's mouth.

Bad: Zelenskyy said "we are ready" on Wednesday.
Good: Zelenskyy said “we are ready” on Wednesday.

Options: ``check`` (straight | balance).
"""

from __future__ import annotations

import re

from newslint.quotes import is_prime, quote_marks
from newslint.rules import Option, Rule
from newslint.text import in_non_prose_token, non_prose_tokens

_OPENS_AFTER = "([{—–-/“‘"
_STRAIGHT = re.compile("['\"]")


class Quotes(Rule):
    __doc__ = __doc__
    kind = "quotes"
    fixable = True
    fixable_when = {"check": ("straight",)}
    default_segments = ("headline", "standfirst", "body", "caption")
    options = {
        "check": Option("choice", "straight", "what this rule looks at", ("straight", "balance")),
    }

    def check(self, document):
        segments = [s for s in document.segments if s.kind in self.segments]
        if self.config["check"] == "straight":
            for segment in segments:
                yield from self._straight(segment)
        else:
            yield from self._balance(segments)

    def _straight(self, segment):
        text = segment.text
        has_urls = bool(non_prose_tokens(text)[0])  # most paragraphs have none to look up
        # The marks are found by one C scan; most paragraphs have a handful, if any.
        for mark in _STRAIGHT.finditer(text):
            index = mark.start()
            char = text[index]
            if has_urls and in_non_prose_token(text, index, index + 1):
                continue
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if is_prime(text, index):
                continue  # 5'11": feet and inches
            # What a mark gets depends only on it and its neighbours, and an ASCII corpus has
            # a few hundred such triples for tens of thousands of marks.
            verdict = _VERDICTS.get((char, before, after))
            if verdict is None:
                verdict = _verdict(char, before, after)
                if len(_VERDICTS) < 4096:
                    _VERDICTS[char, before, after] = verdict
            curly, message, title = verdict
            yield self.violation(segment, index, index + 1, message, curly, title=title)

    def _balance(self, segments):
        pending = None  # (segment, index) of a quotation left open at the end of a paragraph
        for segment in segments:
            marks = quote_marks(segment.text)
            if pending is not None:
                continues = (segment.kind == pending[0].kind == "body" and marks
                             and marks[0] == (0, True))
                if not continues:
                    yield self._unclosed(*pending, "is not closed at the end of its paragraph, and "
                                         "the next paragraph does not open with a quotation mark")
                pending = None
            open_at = None
            for index, opens in marks:
                if opens:
                    if open_at is not None:
                        yield self._unclosed(segment, open_at, "is not closed before the next one opens")
                    open_at = index
                elif open_at is None:
                    yield self.violation(segment, index, index + 1,
                                         "Closing quotation mark without an opening one")
                else:
                    open_at = None
            if open_at is not None:
                if segment.kind == "body":
                    pending = (segment, open_at)
                else:
                    yield self._unclosed(segment, open_at, "is never closed")
        if pending is not None:
            yield self._unclosed(*pending, "is never closed")

    def _unclosed(self, segment, index, why):
        return self.violation(segment, index, index + 1, f"Quotation opened here {why}")


_VERDICTS: dict[tuple[str, str, str], tuple[str | None, str, str]] = {}


def _verdict(char: str, before: str, after: str) -> tuple[str | None, str, str]:
    """The curly mark for a straight one between two characters, the message and the fix title."""
    curly = _curly(char, before, after)
    if char == "'":
        name = "apostrophe" if curly == "’" and before.isalnum() else "single quotation mark"
    else:
        name = {"“": "opening quotation mark", "”": "closing quotation mark"}.get(curly, "quotation mark")
    return curly, f"Straight {name}", f'Write "{curly}"' if curly else ""


def _curly(char: str, before: str, after: str) -> str | None:
    at_word_start = before.isspace() or before in _OPENS_AFTER
    at_word_end = after.isspace() or after in ".,;:!?)]}—–-…”’"
    if char == '"':
        if at_word_start and not after.isspace():
            return "“"
        if not before.isspace() and at_word_end:
            return "”"
        return None
    if at_word_start:
        if after.isdigit():
            return "’"  # the '90s
        return "‘" if after.isalpha() or after in "“" else None
    return "’"


RULE = Quotes
