"""Existence: words, phrases or patterns that must not appear in copy.

What it checks: each literal term in ``terms`` (whole words, one matcher for all of them,
case-insensitive unless ``case_sensitive``) and each regular expression in ``patterns``,
wherever they occur in the segments the rule reads (never inside URLs or e-mail addresses).

Why: some copy must never reach readers — placeholders ("TK", "lorem ipsum"), editors' notes,
embargo lines — and some words are banned by the stylebook; an editor who does not program can
list them in YAML.

Fix safety: no fix. What replaces a placeholder or an embargo line is news only the writer
has; deleting it could leave a sentence without its figure.

Bad: The death toll is TK, officials said.
Good: The death toll is 12, officials said.

Options: ``terms``, ``patterns``, ``case_sensitive``, ``message`` (with ``{match}``).
"""

from __future__ import annotations

import re

from newslint.matcher import TermMatcher
from newslint.prefilter import Literals, Prefiltered
from newslint.rules import Option, Rule
from newslint.text import in_non_prose_token


class Existence(Rule):
    __doc__ = __doc__
    kind = "existence"
    options = {
        "terms": Option("list", [], "literal words or phrases to flag"),
        "patterns": Option("list[regex]", [], "regular expressions to flag"),
        "case_sensitive": Option("bool", False, "match case exactly"),
        "message": Option("str", '"{match}" must not appear in published copy', "message template"),
    }

    def prepare(self) -> None:
        self._matcher = TermMatcher({term: term for term in self.config["terms"]})
        flags = 0 if self.config["case_sensitive"] else re.IGNORECASE
        self._patterns = [Prefiltered(p, flags) for p in self.config["patterns"]]
        # Nearly every paragraph holds no term and nothing any pattern needs: one search for
        # them all says so, where the matcher and each pattern's prefilter cost a call each.
        terms = self.config["terms"] if self.config["case_sensitive"] else None
        self._may_hold_term = Literals([(term, False) for term in terms]) if terms else None
        self._may_match_a_pattern = Literals.union(p.literals for p in self._patterns)

    def check_segment(self, segment, document):
        text = segment.text
        spans = []
        if self._may_hold_term is None or self._may_hold_term.admit(text):
            for start, end, term in self._matcher.find(text):
                if self.config["case_sensitive"] and text[start:end] != term:
                    continue
                spans.append((start, end))
        literals = self._may_match_a_pattern
        if literals is None or literals.admit(text):
            for pattern in self._patterns:
                spans.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
        if not spans:
            return
        last_end = -1
        # Patterns may overlap ("EMBARGOED" and "EMBARGOED UNTIL"): report the longest, once.
        for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
            if start < last_end:
                continue
            last_end = end
            if not in_non_prose_token(text, start, end):
                yield self.violation(segment, start, end,
                                     self.config["message"].format(match=text[start:end]))


RULE = Existence
