"""Existence: words, phrases or patterns that must not appear in copy.

What it checks: each literal term in ``terms`` (whole words, one matcher for all of them,
case-insensitive unless ``case_sensitive``) and each regular expression in ``patterns``,
wherever they occur in the segments the rule reads (never inside URLs or e-mail addresses).

Why: some copy must never reach readers — placeholders ("TK", "lorem ipsum"), editors' notes,
embargo lines — and some words are banned by the stylebook; an editor who does not program can
list them in YAML.

With ``standalone``, a term counts only where it stands alone, as a placeholder does: in
brackets ("[TK]") always; never inside quotation marks ('the film "XXX"') or after a word for a
work ("the film XXX"), nor beside a capitalised word that is not a function word or a title,
which makes it part of a name ("TK Maxx", "Super Bowl XXX", "XXX Corps"; but "President TK
said" and "Death Toll Rises To TK" count), nor in a list of such words ("They are: XXX,
Hellboy and Once Upon a Time in Mexico").

Fix safety: no fix. What replaces a placeholder or an embargo line is news only the writer
has; deleting it could leave a sentence without its figure.

Bad: The death toll is TK, officials said.
Good: The death toll is 12, officials said.

Options: ``terms``, ``patterns``, ``case_sensitive``, ``standalone`` (terms count only
standing alone), ``message`` (with ``{match}``).
"""

from __future__ import annotations

import re

from newslint.analysis.matcher import TermMatcher
from newslint.analysis.prefilter import Literals, Prefiltered
from newslint.rules import Option, Rule


class Existence(Rule):
    __doc__ = __doc__
    kind = "existence"
    options = {
        "terms": Option("list", [], "literal words or phrases to flag"),
        "patterns": Option("list[regex]", [], "regular expressions to flag"),
        "case_sensitive": Option("bool", False, "match case exactly"),
        "standalone": Option("bool", False, "terms count only standing alone, not as part of a "
                                            'name or title ("TK Maxx", the film "XXX")'),
        "message": Option("str", '"{match}" must not appear in published copy', "message template"),
    }

    def prepare(self) -> None:
        self._matcher = TermMatcher({term: term for term in self.config["terms"]})
        self._terms = frozenset(term.lower() for term in self.config["terms"])
        flags = 0 if self.config["case_sensitive"] else re.IGNORECASE
        self._patterns = [Prefiltered(p, flags) for p in self.config["patterns"]]
        # Nearly every paragraph holds no term and nothing any pattern needs: one search for
        # them all says so, where the matcher and each pattern's prefilter cost a call each.
        terms = self.config["terms"] if self.config["case_sensitive"] else None
        self._may_hold_term = Literals([(term, False) for term in terms]) if terms else None
        self._may_match_a_pattern = Literals.union(p.literals for p in self._patterns)

    def matchers(self):
        return (self._matcher,)

    def triggers(self):
        if self._may_match_a_pattern is None:
            return None  # a pattern needs no literal
        return (self._matcher, self._may_match_a_pattern)

    def check_segment(self, segment, document):
        text, analysis = segment.text, segment.analysis
        spans = []
        if self._may_hold_term is None or self._may_hold_term.admit(analysis):
            for start, end, term in self._matcher.find(analysis):
                if self.config["case_sensitive"] and text[start:end] != term:
                    continue
                if self.config["standalone"] and not _stands_alone(text, start, end, self._terms):
                    continue
                spans.append((start, end))
        literals = self._may_match_a_pattern
        if literals is None or literals.admit(analysis):
            for pattern in self._patterns:
                spans.extend(m.span() for m in pattern.finditer(analysis) if m.end() > m.start())
        if not spans:
            return
        last_end = -1
        # Patterns may overlap ("EMBARGOED" and "EMBARGOED UNTIL"): report the longest, once.
        for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
            if start < last_end:
                continue
            last_end = end
            if not analysis.in_non_prose_token(start, end):
                yield self.violation(segment, start, end,
                                     self.config["message"].format(match=text[start:end]))


# Capitalised words beside a term that do not make it part of a name: function words (a
# headline in title case: "Death Toll Rises To TK") and titles ("President TK said").
_BESIDE_A_PLACEHOLDER = frozenset((
    "a", "an", "the", "of", "to", "on", "in", "at", "for", "and", "or", "by", "with", "from",
    "is", "are", "was", "were", "be", "has", "have", "will", "said", "says", "as", "after",
    "mr", "mrs", "ms", "dr", "sir", "president", "minister", "secretary", "senator", "governor",
    "general", "judge", "king", "queen", "prince", "chancellor", "mayor", "chief", "director",
))
# Words before a title that are no placeholder: "the film XXX".
_WORKS = frozenset(("film", "movie", "sequel", "album", "song", "single", "book", "novel",
                    "series", "show", "game", "title"))
_OPENING_QUOTES, _CLOSING_QUOTES = "\"“‘'", "\"”’'"


def _stands_alone(text: str, start: int, end: int, terms: frozenset[str]) -> bool:
    """True if the term at ``start:end`` stands alone as a placeholder does (see the module
    documentation)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before in ("[", "(") and after in ("]", ")"):
        return True
    if before and after and before in _OPENING_QUOTES and after in _CLOSING_QUOTES:
        return False
    previous, following = _word_before(text, start), _word_after(text, end)
    if previous.lower() in _WORKS:
        return False
    return not any(word[:1].isupper() and word.lower() not in _BESIDE_A_PLACEHOLDER
                   and word.lower() not in terms for word in (previous, following))


def _word_before(text: str, index: int) -> str:
    """The word that a space, or a comma and a space, separates from ``index`` on its left
    (the item before in a list: "Hellboy, XXX"), or ""."""
    if index < 2 or text[index - 1] != " ":
        return ""
    end = index - 2 if text[index - 2] == "," else index - 1
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "’'"):
        start -= 1
    return text[start:end]


def _word_after(text: str, index: int) -> str:
    """The word that a space, or a comma and a space, separates from ``index`` on its right
    (the item after in a list: "XXX, Hellboy"), or ""."""
    start = index + 1 if text[index:index + 1] == "," else index
    if text[start:start + 1] != " ":
        return ""
    end = start + 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start + 1:end]


RULE = Existence
