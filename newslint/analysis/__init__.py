"""What rules read of one segment's text, worked out once per segment and shared by every rule.

A segment's ``analysis`` is made on first asking and kept with the segment; each fact in it is
worked out when a rule first asks for it (most segments need few of them) and never again.
Rules read these facts instead of computing them from the text, so no rule keeps a cache of
its own and no fact is computed twice for one paragraph.

The modules of this package are the text facts themselves: word boundaries and tokens
(``text``), name-like words (``names``), quotations (``quotations``), photo credits
(``photo_credits``), the one pass over many literal terms (``matcher``), the literals a
pattern needs (``prefilter``) and, for a whole document, the paragraphs in someone's own words
(``voices``).
"""

from __future__ import annotations

from bisect import bisect_right

from newslint.analysis.matcher import fold
from newslint.analysis.names import Words, words
from newslint.analysis.prefilter import casefold
from newslint.analysis.quotations import double_marks, quote_spans
from newslint.analysis.text import non_prose_tokens


class _once:
    """A fact worked out on first reading and then kept on the instance: what
    ``functools.cached_property`` does, without the lock it takes on Python 3.11 at every
    first reading (five facts of each of thousands of segments)."""

    def __init__(self, compute):
        self.compute, self.name = compute, compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class Analysis:
    """The facts of one segment's text that more than one rule reads."""

    def __init__(self, text: str):
        self.text = text
        self._scans: dict = {}

    @_once
    def folded(self) -> str:
        """The text lower-cased at the same length, as term matchers read it (``matcher.fold``)."""
        return fold(self.text)

    @_once
    def casefolded(self) -> str:
        """The text case-folded, as the literals of case-insensitive patterns are compared
        (``prefilter.casefold``)."""
        return casefold(self.text)

    def scan(self, index):
        """The one pass of a ruleset's ``TermIndex`` over the text (``matcher.Scan``)."""
        found = self._scans.get(index)
        if found is None:
            found = self._scans[index] = index.scan(self)
        return found

    @_once
    def words(self) -> Words:
        """The words, and which of them are name-like (``names.words``)."""
        return words(self.text)

    @_once
    def lower_words(self) -> frozenset[str]:
        """Every word of the text, in lower case."""
        return frozenset(word.lower() for word in self.words.texts)

    @_once
    def double_marks(self) -> tuple[tuple[int, bool | None], ...]:
        """Every double quotation mark but inch marks, and its side (``quotes.double_marks``)."""
        return double_marks(self.text)

    @_once
    def quote_marks(self) -> list[tuple[int, bool]]:
        """The double quotation marks that open or close a quotation, as ``(index, opens)``."""
        return [mark for mark in self.double_marks if mark[1] is not None]

    @_once
    def quote_spans(self) -> list[tuple[int, int]]:
        """Spans of the direct quotations, marks included (``quotes.quote_spans``)."""
        return quote_spans(self.quote_marks, len(self.text))

    @_once
    def non_prose_tokens(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the tokens that are not prose: URLs, e-mail addresses, hashtags,
        handles (``text.non_prose_tokens``)."""
        return non_prose_tokens(self.text, self.folded)

    def in_non_prose_token(self, start: int, end: int) -> bool:
        """True if the span lies inside a URL, an e-mail address, a hashtag or an @handle."""
        if any(c.isspace() for c in self.text[start:end]):  # a phrase is never inside one token
            return False
        starts, ends = self.non_prose_tokens
        # Tokens are apart by white space, so at most one can hold the span: the last starting
        # at or before it.
        i = bisect_right(starts, start) - 1
        return i >= 0 and end <= ends[i]
