"""What rules read of one segment's text, worked out once per segment and shared by every rule.

A segment's ``analysis`` is made on first asking and kept with the segment; each fact in it is
worked out when a rule first asks for it (most segments need few of them) and never again.
Rules read these facts instead of computing them from the text, so no rule keeps a cache of
its own and no fact is computed twice for one paragraph.
"""

from __future__ import annotations

from functools import cached_property


class Analysis:
    """The facts of one segment's text that more than one rule reads."""

    def __init__(self, text: str):
        self.text = text
        self._scans: dict = {}

    @cached_property
    def folded(self) -> str:
        """The text lower-cased at the same length, as term matchers read it
        (``matcher.fold``)."""
        from newslint.matcher import fold

        return fold(self.text)

    def scan(self, index):
        """The one pass of a ruleset's ``TermIndex`` over the text (``matcher.Scan``)."""
        found = self._scans.get(index)
        if found is None:
            found = self._scans[index] = index.scan(self)
        return found
