"""Proselint: proselint's usage, redundancy, typography and other checks, through newslint.

What it checks: the prose segments a rule reads, joined into one text with a blank line between
segments (as proselint would read the file), against the proselint 0.16 checks named in
``checks`` — dotted paths as proselint names them ("typography", "typography.symbols",
"misc.phrasal_adjectives.ly"); an empty list means the checks proselint enables by default.
Findings keep proselint's message, name its check path, and offer its replacement as an unsafe
fix when it has exactly one. A check that proselint keeps out of quotations is kept out of
direct quotations as newslint finds them. A check padded to whole words never matches inside
a word of another script, as proselint's ASCII boundaries let it ("cafe" in "cafeína"), and
``lexical_illusions`` ("the the") repeats whole words in any script ("la laïcité" is no "la la", "2004 4" no "4 4"), and leaves alone an idiom
that says a word twice ("to back to back", "more and more", "Measure for Measure"), a word
before the name it starts ("law lord Lord Bingham") and figures among figures ("0845 8 505
505").

newslint calls each check directly rather than ``LintFile.lint()``, which keeps a process-global
registry, stops at ``max_errors`` before sorting, fails on empty text and counts lines its own
way (U+2028 and form feeds break its lines, not ours). Like ``LintFile`` it pads the text with a
newline at each end, because some checks need a character before the first word; spans are
shifted back by one and clipped to the text, so positions are ours to the character.

Why: proselint's hundreds of usage checks come from Garner, the AP and Chicago manuals and
others; a desk turns on the families that suit its copy instead of re-typing them.

Fix safety: always unsafe. proselint's replacements are suggestions written for any prose, not
checked against news copy: "the the" may be a quoted name, a "nonword" a quoted dialect word, a
malapropism a pun; and proselint does not say which of its replacements keep the meaning.
A check with several replacements, or none, offers no fix.

Bad: Paris in the the springtime.
Good: Paris in the springtime.

Options: ``checks`` (dotted check paths to run), ``ignore_checks`` (paths to leave out),
``skip_names`` (leave alone matches made only of capitalised words, which in news copy are
names and titles: "Duran Duran", "Bafana Bafana", "Spend Spend Spend").
Rule ids use hyphens where proselint's paths have underscores (``proselint.dates-times`` runs
``dates_times``); ``--select proselint.typography`` picks a family, the ``checks`` option a check.
"""  # noqa: E501 (the kind's documentation, shown as written by explain, SARIF and docs/rules.md)

from __future__ import annotations

from newslint.analysis.quotations import in_quotation
from newslint.errors import ConfigError
from newslint.files.cache import note_dependency
from newslint.rules import Option, Rule

_SEPARATOR = "\n\n"


class Proselint(Rule):
    __doc__ = __doc__
    kind = "proselint"
    languages = ("en",)  # proselint's checks are English, whatever ruleset runs them
    fixable = True
    options = {
        "checks": Option("list", [], "proselint check paths to run; empty: proselint's defaults"),
        "ignore_checks": Option("list", [], "proselint check paths to leave out"),
        "skip_names": Option("bool", False,
                             "leave alone matches of capitalised words only "
                             '(names and titles: "Duran Duran", "Spend Spend Spend")'),
    }

    def prepare(self) -> None:
        # Compiling imports proselint once; the plans pickle without it, so a ruleset from the
        # per-user cache lints without importing proselint's hundred check modules. They are
        # copies of proselint's data: a new proselint install must compile them again.
        from newslint.rules.proselint.checks import install_record, plan_for, select
        from newslint.rules.proselint.plans import Gate

        try:
            selected = select(self.config["checks"], self.config["ignore_checks"])
        except LookupError as unknown:
            path, _, line = self.origin.rpartition(":")
            raise ConfigError(f"rule {self.id!r}: proselint has no check {unknown.args[0]!r}",
                              path or None, int(line) if line.isdigit() else None) from None
        self._plans = tuple(map(plan_for, selected))
        self._gates = Gate.for_plans(self._plans)
        for file in install_record():
            note_dependency(file)

    def check(self, document):
        segments = [s for s in document.segments if s.kind in self.segments and s.text.strip()]
        if not segments:
            return
        starts, parts, position = [], [], 1  # 1: the padding newline
        for segment in segments:
            starts.append(position)
            parts.append(segment.text)
            position += len(segment.text) + len(_SEPARATOR)
        text = "\n" + _SEPARATOR.join(parts) + "\n"
        excluded = frozenset().union(*(gate.excluded(text) for gate in self._gates))
        for index, plan in enumerate(self._plans):
            if index in excluded:
                continue
            for span, message, replacement in plan.results(text):
                found = self._locate(text, segments, starts, span)
                if found is None:
                    continue
                segment, start, end = found
                if not plan.allow_quotes and in_quotation(segment, start, end):
                    continue
                if self.config["skip_names"] and _all_capitalised(segment.text[start:end]):
                    continue
                message = f"{message} ({plan.path})"
                if replacement and start < end:
                    yield self.violation(segment, start, end, message, replacement,
                                         applicability="unsafe", title=f'Write "{replacement}"')
                else:
                    yield self.violation(segment, start, end, message)

    @staticmethod
    def _locate(joined, segments, starts, span):
        """The segment a joined-text span starts in, and the span in its coordinates.

        None for a span that runs on into the next segment ("shares" at the end of a headline
        and "Shares" at the start of the body are no repeated word).
        """
        from bisect import bisect_right

        # A match on the leading padding belongs to the first segment's start
        index = max(bisect_right(starts, span[0]) - 1, 0)
        segment, base = segments[index], starts[index]
        text = segment.text
        if joined[base + len(text):span[1]].strip():
            return None
        start = min(max(span[0] - base, 0), len(text))
        end = min(max(span[1] - base, start), len(text))
        # Some patterns take the space around a phrase; the finding (and its fix) is the phrase.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end and start == len(text) and start > 0:  # wholly on a separator
            return None
        return segment, start, end


def _all_capitalised(text: str) -> bool:
    found = text.split()
    return bool(found) and all(w[:1].isupper() for w in found)


RULE = Proselint
