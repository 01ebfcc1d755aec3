"""Required literals: a substring test that tells when a regular expression cannot match.

Python's ``re`` scans a text position by position unless a pattern starts with a plain literal;
a pattern that starts with ``\\b``, a lookbehind or a case-insensitive group costs a full scan
of every paragraph, and the house compliance rules are made of such patterns. Nearly every
paragraph of real copy contains none of their words, so the engine first asks the much cheaper
question ``"embargo" in text`` (a C substring search) and runs the pattern only when the answer
is yes — the prefilter of RE2 and Hyperscan, reduced to what news rules need.

``required_literals(pattern)`` reads the parsed pattern and returns alternatives of which at
least one must occur in any match, or None when it cannot tell (then the pattern always runs).
It is conservative: it may say "maybe" for a text the pattern does not match, never "no" for
one it does. Case-insensitive literals are compared ASCII-only on a case-folded text.

``Prefiltered`` also reads from the parse where a pattern's matches can start (next to a
literal, or that far before the end of the text), and tries it only there.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser is private; without it every pattern simply runs
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python versions that moved it
    _p = None

_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) if _p is not None else ()


class Literals(tuple):
    """Alternatives ``(literal, fold)``: the text must contain one; ``fold`` means compare
    case-folded."""

    def __new__(cls, alternatives):
        self = super().__new__(cls, alternatives)
        self._in_text = _any_of(literal for literal, fold in self if not fold)
        self._in_folded = _any_of(literal for literal, fold in self if fold)
        return self

    def __reduce__(self):
        return Literals, (tuple(self),)

    def admit(self, analysis) -> bool:
        """Whether a segment's text holds one of the literals, given its ``analysis``; its
        case-folded text is read only if the literals compared as is do not settle it and
        some must be compared folded."""
        return bool(self._in_text and self._in_text(analysis.text)
                    or self._in_folded and self._in_folded(analysis.casefolded))

    @classmethod
    def union(cls, requirements) -> Literals | None:
        """What any one of several patterns needs: None when one of them needs nothing."""
        alternatives = []
        for literals in requirements:
            if not literals:
                return None
            alternatives.extend(literals)
        return cls(_minimal(alternatives))


def _any_of(literals):
    """A test for any of ``literals`` in a text, or None for none.

    Each ``in`` test reads the whole paragraph, so a dozen of them cost a dozen reads; one
    alternation reads it once, but ``re`` tries its branches at every character that can start
    one, and is slower than ``in`` for literals that start with a common character ("editor").
    So literals that start with a capital or a mark share one alternation, the others are
    tested one by one, as is a literal of one character ("—"), which ``in`` looks for as
    ``memchr`` does.
    """
    literals = sorted(set(literals), key=len, reverse=True)
    if not literals:
        return None
    alone, together = _alone_and_together(literals)
    if not together:
        return lambda text: any(map(text.__contains__, alone))
    search = re.compile("|".join(map(re.escape, together))).search
    if not alone:
        return search
    return lambda text: search(text) is not None or any(map(text.__contains__, alone))


def _alone_and_together(literals) -> tuple[tuple[str, ...], list[str]]:
    """The literals ``in`` finds faster one by one, and those one alternation finds faster."""
    alone = tuple(literal for literal in literals if _found_faster_alone(literal))
    together = [literal for literal in literals if not _found_faster_alone(literal)]
    return alone, together


def _found_faster_alone(literal: str) -> bool:
    first = literal[0]
    return len(literal) == 1 or first.islower() or first.isdigit() or first.isspace()


@lru_cache(maxsize=1024)
def required_literals(pattern: str, flags: int = 0) -> Literals | None:
    parsed = _parsed(pattern, flags)
    if parsed is None:
        return None
    found = _sequence(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    if not found:
        return None
    return Literals(found)


def _score(alternatives) -> int:
    return min(len(literal) for literal, _ in alternatives)


def _finish(run: list[str], fold: bool, best):
    # One character is enough: "—" in text is a fast C search, and a rare one.
    if run:
        literal = "".join(run)
        candidate = ((literal.casefold() if fold else literal, fold),)
        if best is None or _score(candidate) > _score(best):
            return candidate
    return best


def _sequence(items, fold: bool):
    """The best requirement of a sequence of parsed items: its longest literal run, or the
    strongest requirement of a group it must pass through."""
    best, run = None, []
    for op, argument in items:
        if op is _c.LITERAL and (not fold or argument < 128):
            run.append(chr(argument))
            continue
        if (op in _REPEATS and argument[0] >= 1 and len(argument[2]) == 1
                and argument[2][0][0] is _c.LITERAL and (not fold or argument[2][0][1] < 128)):
            # "  +" needs two spaces, "_{3,}" three underscores; the run goes on past the
            # repeat only if its count is fixed.
            run.append(chr(argument[2][0][1]) * argument[0])
            if argument[0] == argument[1]:
                continue
        if run and op is _c.BRANCH:
            # "M(?:iss|rs|r|s)", as the parser factors "Miss|Mrs|Mr|Ms": the run goes on into
            # each alternative's leading literal, and "Mr", "Ms", "Miss" beat "M".
            joined = _joined(run, argument[1], fold)
            if joined and (best is None or _score(joined) > _score(best)):
                best = joined
        best, run = _finish(run, fold, best), []
        inner = None
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = argument
            inner_fold = (fold or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            inner = _sequence(list(sub), inner_fold)
        elif op is _c.BRANCH:
            inner = _branch(argument[1], fold)
        elif op in _REPEATS and argument[0] >= 1:
            inner = _sequence(list(argument[2]), fold)
        elif op is _c.ATOMIC_GROUP:
            inner = _sequence(list(argument), fold)
        if inner and (best is None or _score(inner) > _score(best)):
            best = inner
    return _finish(run, fold, best)


def _joined(run: list[str], alternatives, fold: bool):
    prefix = "".join(run)
    joined = []
    for alternative in alternatives:
        lead = []
        for op, argument in alternative:
            if op is not _c.LITERAL or (fold and argument >= 128):
                break
            lead.append(chr(argument))
        literal = prefix + "".join(lead)
        joined.append((literal.casefold() if fold else literal, fold))
    return _minimal(joined)


def _minimal(union):
    union = list(dict.fromkeys(union))
    # "Jan" or "January": a text with "January" has "Jan", so "Jan" alone decides.
    return tuple(item for item in union
                 if not any(other != item and other[1] == item[1] and other[0] in item[0]
                            for other in union))


def _branch(alternatives, fold: bool):
    union = []
    for alternative in alternatives:
        found = _sequence(list(alternative), fold)
        if not found:
            return None  # one alternative needs no literal: the branch needs none
        union.extend(found)
    return _minimal(union)


class Prefiltered:
    """A compiled pattern and what any match of it needs, worked out from its parse once, when
    a rule is compiled: ``finditer`` skips a text without one of its ``literals``, and looks
    for matches only where they can start. ``re`` itself tries a pattern at every position of a
    text, from the first, unless the pattern starts with a plain literal or class; so

    - a pattern that ends with ``\\Z`` and whose matches all have one width ("(?<![.?!])\\Z", a
      point; "\\.\\Z", one character) is tried only that far before the end of the text;
    - a pattern whose matches have a greatest width and hold one of its literals as written
      (" - " in style.dash, a month's name in a date) is looked for only from that far before
      each place of a literal.
    """

    __slots__ = ("pattern", "literals", "width_at_end", "_reach", "_literal_searches")

    def __init__(self, pattern: str, flags: int = 0):
        from newslint.config.regex_safety import (
            compile_pattern,  # RE2 when it finds the same matches
        )

        self.pattern = compile_pattern(pattern, flags)
        self.literals = required_literals(pattern, flags)
        shortest, longest, ends_text = match_widths(pattern, flags)
        self.width_at_end = shortest if ends_text and shortest == longest else None
        # Positions of a literal compared case-folded are not the text's, and RE2 reads the
        # whole text anew at each search.
        self._reach = self._literal_searches = None
        if (self.width_at_end is None and longest is not None and self.literals is not None
                and not any(fold for _, fold in self.literals)
                and isinstance(self.pattern, re.Pattern)):
            self._reach = longest
            self._literal_searches = _searches_for([literal for literal, _ in self.literals])

    def may_match(self, analysis) -> bool:
        """Whether the pattern may match a segment's text, given its ``analysis``."""
        return self.literals is None or self.literals.admit(analysis)

    def finditer(self, analysis):
        """The pattern's matches in a segment's text, given its ``analysis``."""
        text = analysis.text
        if self._literal_searches is not None:  # no place of a literal, no search
            return self._near_literals(text)
        if not self.may_match(analysis):
            return iter(())
        # Look-behinds and \b still read the text before the position a search starts from.
        start = 0 if self.width_at_end is None else max(0, len(text) - self.width_at_end)
        return self.pattern.finditer(text, start)

    def _near_literals(self, text: str):
        """What ``pattern.finditer(text)`` finds, looked for only from ``_reach`` characters
        before the next place of a literal: a match holds one, and is no wider."""
        upcoming = [search(text) for search in self._literal_searches]
        position = 0
        while True:
            for number, place in enumerate(upcoming):
                if place is not None and place.start() < position:  # each read once, onwards
                    upcoming[number] = self._literal_searches[number](text, position)
            starts = [place.start() for place in upcoming if place is not None]
            if not starts:
                return
            match = self.pattern.search(text, max(position, min(starts) - self._reach))
            if match is None:
                return
            yield match
            position = match.end()  # no match starts before: read on from there


def _searches_for(literals: list[str]) -> tuple:
    """Searches that find every place of ``literals`` between them, grouped as ``_any_of``
    groups its tests: one alternation for the literals that start with a rare character (a
    month's name), one search each for the others (" - ")."""
    alone, together = _alone_and_together(literals)
    searches = [re.escape(literal) for literal in alone]
    if together:
        searches.append("|".join(map(re.escape, together)))
    return tuple(re.compile(search).search for search in searches)


def match_widths(pattern: str, flags: int = 0) -> tuple[int, int | None, bool]:
    """The shortest and the longest match of ``pattern`` (None: no bound), and whether it
    ends with ``\\Z``, so that every match ends the text."""
    parsed = _parsed(pattern, flags)
    if parsed is None:
        return 0, None, False
    shortest, longest = parsed.getwidth()
    ends_text = bool(parsed.data) and parsed.data[-1] == (_c.AT, _c.AT_END_STRING)
    return shortest, longest if longest < _c.MAXREPEAT else None, ends_text


@lru_cache(maxsize=1024)
def _parsed(pattern: str, flags: int):
    """Python's parse of ``pattern`` (not to be changed), or None when there is none."""
    if _p is None:
        return None
    try:
        return _p.parse(pattern, flags)
    except re.error:
        return None


def casefold(text: str) -> str:
    """The text as case-insensitive literals are compared with it.

    ``re`` also matches ``i`` with the Turkish dotless ı and dotted İ under IGNORECASE, which
    case folding keeps apart ("ı", "i̇"); they fold to "i" here, as the literals are ASCII.
    """
    return text.casefold().replace("ı", "i").replace("i\u0307", "i")
