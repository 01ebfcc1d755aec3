"""Pattern: punctuation or spacing the style writes another way, found by a regular expression.

What it checks: every match of ``pattern`` in the segments the rule reads (never inside URLs or
e-mail addresses), each reported with ``message`` and, when ``replacement`` is given, fixed
with it (a ``re`` template: ``\\1`` and ``\\g<name>`` refer to groups). A zero-width pattern
such as ``(?<![.?!])\\Z`` reports a point and its fix inserts there.

Rulesets use it for the spaced en dash (" - ", " -- " and "—" become " – "), double spaces,
and the full stop a headline must not have and a standfirst must have.

Why: small marks carry meaning — a hyphen joins, a dash separates — and a page set with one
dash and one space everywhere reads as edited.

Bad: The initiative - based on the peace formula - was dismissed.
Good: The initiative – based on the peace formula – was dismissed.

Options: ``pattern``, ``replacement`` (omit for no fix), ``message`` (with ``{match}``),
``title`` (the fix, e.g. 'Write " – "'), ``applicability`` (safe | unsafe).
"""

from __future__ import annotations

from newslint.prefilter import Prefiltered
from newslint.rules import Option, Rule
from newslint.text import in_non_prose_token


class Pattern(Rule):
    __doc__ = __doc__
    kind = "pattern"
    fixable = True
    options = {
        "pattern": Option("regex", "", "the regular expression to flag"),
        "replacement": Option("str", None, "re template for the fix; omitted: no fix"),
        "message": Option("str", 'Write "{match}" the house way', "message template with {match}"),
        "title": Option("str", "", "what the fix does"),
        "applicability": Option("choice", "safe", "fix applicability", ("safe", "unsafe")),
    }

    @property
    def can_fix(self) -> bool:
        return self.config["replacement"] is not None

    def prepare(self) -> None:
        self._pattern = Prefiltered(self.config["pattern"]) if self.config["pattern"] else None

    def check_segment(self, segment, document):
        if self._pattern is None:
            return
        text = segment.text
        replacement = self.config["replacement"]
        for match in self._pattern.finditer(text):
            start, end = match.span()
            if end > start and in_non_prose_token(text, start, end):
                continue
            message = self.config["message"].format(match=match.group())
            fixed = match.expand(replacement) if replacement is not None else None
            yield self.violation(segment, start, end, message, fixed,
                                 applicability=self.config["applicability"],
                                 title=self.config["title"])


RULE = Pattern
