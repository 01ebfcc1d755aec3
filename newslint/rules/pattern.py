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

Fix safety: as the ruleset says (``applicability``), for the ruleset's author to judge: a
pattern whose replacement can be wrong in some real sentence belongs among the unsafe fixes.
Two cases get no fix whatever the ruleset says: a match in which a group named ``nofix`` took
part (a standfirst ending "…the plan:" is reported, but whether its colon becomes a full stop
is for the writer), and an insertion that would touch a URL, e-mail address or handle ("see
www.example.com" takes no full stop that a reader would copy with the address).

Options: ``pattern`` (a group named ``nofix`` marks matches reported without a fix),
``replacement`` (omit for no fix), ``message`` (with ``{match}``), ``title`` (the fix, e.g.
'Write " – "'), ``applicability`` (safe | unsafe).
"""

from __future__ import annotations

from newslint.analysis.prefilter import Prefiltered
from newslint.rules import Option, Rule


class Pattern(Rule):
    __doc__ = __doc__
    kind = "pattern"
    fixable = True
    options = {
        "pattern": Option("regex", "", "the regular expression to flag"),
        "replacement": Option("str", None, "re template for the fix; omitted: no fix"),
        "message": Option("str", '"{match}" is not in house style',
                          "message template with {match}"),
        "title": Option("str", "", "what the fix does"),
        "applicability": Option("choice", "safe", "fix applicability", ("safe", "unsafe")),
    }

    @property
    def can_fix(self) -> bool:
        return self.config["replacement"] is not None

    def prepare(self) -> None:
        self._pattern = Prefiltered(self.config["pattern"]) if self.config["pattern"] else None
        self._unfixable = (self._pattern is not None
                           and "nofix" in self._pattern.pattern.groupindex)
        # A template without a backslash names no group: it is the fix as written (``re``
        # would parse it anew at every match).
        replacement = self.config["replacement"]
        self._expands = replacement is not None and "\\" in replacement

    def triggers(self):
        if self._pattern is None:
            return ()  # no pattern: nothing to report anywhere
        literals = self._pattern.literals
        return (literals,) if literals is not None else None

    def check_segment(self, segment, document):
        if self._pattern is None:
            return
        analysis = segment.analysis
        replacement = self.config["replacement"]
        for match in self._pattern.finditer(analysis):
            start, end = match.span()
            if end > start and analysis.in_non_prose_token(start, end):
                continue
            message = self.config["message"].format(match=match.group())
            fixed = match.expand(replacement) if self._expands else replacement
            if self._unfixable and match.group("nofix") is not None:
                fixed = None
            elif fixed and end == start and _joins_a_token(analysis, start):
                fixed = None  # a full stop after "www.example.com" would join the address
            yield self.violation(segment, start, end, message, fixed,
                                 applicability=self.config["applicability"],
                                 title=self.config["title"])


def _joins_a_token(analysis, index: int) -> bool:
    """True if an insertion at ``index`` would touch a URL, e-mail address or handle."""
    return (index > 0 and not analysis.text[index - 1].isspace()
            and analysis.in_non_prose_token(index - 1, index))


RULE = Pattern
