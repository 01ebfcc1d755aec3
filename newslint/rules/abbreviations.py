"""Abbreviations: initialisms written with or without full points, as the style writes them.

What it checks: each abbreviation in ``forms`` (``{plain: dotted}``, e.g. ``US: U.S.``) written
the other way. With ``points: false`` (house) "U.S." is flagged and fixed to "US"; with
``points: true`` (AP) "US" is flagged and fixed to "U.S.". Matching is case-sensitive, so the
pronoun "us" is never read as "US", and a plain form inside a run of capitals ("TELL US") is
left alone.

When the dotted form ends a sentence its last point is also the full stop: "in the U.S." at the
end of a paragraph, or before a closing quotation mark, becomes "in the US.". A headline has no
full stop (``headline.full-stop``), so there "…Relations With U.S." becomes "…With US".

Why: one form, every time; house style drops the points (US, UK, UN, EU, NATO), AP keeps them for
U.S., U.K. and U.N. but not for EU or NATO.

Fix safety: safe where the points are surely all the abbreviation's (before a lower-case word,
a comma, a hyphen: "the U.S.-led force"; anywhere in a headline) or the last is surely also the
sentence's (the end of a paragraph, a closing double quotation mark; before a single one it is
unsafe, as "the U.S.' policy" may be a possessive). Before a capitalised word in
body copy ("the U.S. Senate" or "… the U.S. He said") the point may be either, so the fix is
unsafe there. With ``points: true`` a plain form before a full stop takes that stop as its last
point ("in the US." → "in the U.S."), which is safe.

Bad: Talks between U.S. and U.K. officials went on.
Good: Talks between US and UK officials went on.

Options: ``forms`` (``{plain: dotted}``), ``points`` (true: the dotted form is right).
"""

from __future__ import annotations

import re

from newslint.analysis.prefilter import Prefiltered
from newslint.analysis.text import is_word_char
from newslint.rules import Option, Rule

# Looked at from the match on, never on a slice of the rest of the text: a slice per match is
# quadratic on a paragraph of abbreviations.
_ENDS_PARAGRAPH = re.compile(r"[\"”’)\]]*\s*")
_BEFORE_CAPITAL = re.compile(r"\s+[\"“‘(]?[A-Z]")
_BEFORE_CLOSING_QUOTE = re.compile(r"[\"”’'](?!\w)")  # not "U.S.'s"
_NEXT_WORD = re.compile(r"\W*(\w+)")


class Abbreviations(Rule):
    __doc__ = __doc__
    kind = "abbreviations"
    fixable = True
    options = {
        "forms": Option("dict", {}, "{plain: dotted} pairs, e.g. {US: U.S.}"),
        "points": Option("bool", False,
                         "true: the dotted form is right (AP); false: the plain one"),
    }

    def prepare(self) -> None:
        forms = {str(plain): str(dotted) for plain, dotted in self.config["forms"].items()}
        self._right = forms if self.config["points"] else {d: p for p, d in forms.items()}
        alternatives = "|".join(re.escape(w) for w in sorted(self._right, key=len, reverse=True))
        # Not glued to a word or to more points on either side ("U.S.A." is another abbreviation).
        # Prefiltered: a lookbehind first makes ``re`` try every position of every paragraph,
        # where a substring test for the forms rules out nearly all of them.
        self._pattern = (Prefiltered(rf"(?<![\w.])(?:{alternatives})(?![\w]|\.\w)")
                         if forms else None)

    def triggers(self):
        if self._pattern is None:
            return ()  # no forms: nothing to report anywhere
        literals = self._pattern.literals
        return (literals,) if literals is not None else None

    def check_segment(self, segment, document):
        if self._pattern is None:
            return
        text, analysis = segment.text, segment.analysis
        has_lower = None  # whether the text has a lower-case letter, worked out once if asked
        for match in self._pattern.finditer(analysis):
            start, end = match.span()
            found = match.group()
            if analysis.in_non_prose_token(start, end):
                continue
            if self.config["points"]:
                if has_lower is None:
                    has_lower = any(c.islower() for c in text)
                if _in_capitals(text, start, end, has_lower):
                    continue  # "TELL US": only a plain form can be a word
            right = self._right[found]
            applicability = "safe"
            if self.config["points"]:
                message = f'"{found}" is written "{right}", with full points'
                if text[end:end + 1] == ".":
                    end += 1  # "in the US." -> "in the U.S.", one point for both
            else:
                message = f'"{found}" is written "{right}", without full points'
                if segment.kind == "headline":
                    pass  # a headline has no sentence to end: the points are all the abbreviation's
                elif _ENDS_PARAGRAPH.fullmatch(text, end) or _BEFORE_CLOSING_QUOTE.match(text, end):
                    right += "."  # the last point also ended the paragraph, or the quoted sentence
                    if (text[end:end + 1] in ("'", "’")
                            and not _ENDS_PARAGRAPH.fullmatch(text, end)):
                        applicability = "unsafe"  # "the U.S.' policy": a possessive?
                elif _BEFORE_CAPITAL.match(text, end):
                    if has_lower is None:
                        has_lower = any(c.islower() for c in text)
                    if has_lower:
                        applicability = "unsafe"  # "the U.S. Senate", or "the U.S. He said"
            yield self.violation(segment, start, end, message, right,
                                 applicability=applicability, title=f'Write "{right}"')


def _in_capitals(text: str, start: int, end: int, has_lower: bool) -> bool:
    """True in text set in capitals ("TALKS IN US CAPITAL"), where "US" may be the pronoun."""
    if not has_lower:
        return True
    before = _previous_word(text, start)
    after = _NEXT_WORD.match(text, end)
    return bool(before and after and all(len(w) > 1 and w.isupper()
                                         for w in (before, after.group(1))))


def _previous_word(text: str, index: int) -> str | None:
    """The last word before ``index`` (read backwards from it: the words between are none)."""
    end = index
    while end > 0 and not is_word_char(text[end - 1]):
        end -= 1
    start = end
    while start > 0 and is_word_char(text[start - 1]):
        start -= 1
    return text[start:end] or None


RULE = Abbreviations
