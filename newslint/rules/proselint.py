"""Proselint: proselint's usage, redundancy, typography and other checks, through newslint.

What it checks: the prose segments a rule reads, joined into one text with a blank line between
segments (as proselint would read the file), against the proselint 0.16 checks named in
``checks`` — dotted paths as proselint names them ("typography", "typography.symbols",
"misc.phrasal_adjectives.ly"); an empty list means the checks proselint enables by default.
Findings keep proselint's message, name its check path, and offer its replacement as an unsafe
fix when it has exactly one. A check that proselint keeps out of quotations is kept out of
direct quotations as newslint finds them.

newslint calls each check directly rather than ``LintFile.lint()``, which keeps a process-global
registry, stops at ``max_errors`` before sorting, fails on empty text and counts lines its own
way (U+2028 and form feeds break its lines, not ours). Like ``LintFile`` it pads the text with a
newline at each end, because some checks need a character before the first word; spans are
shifted back by one and clipped to the text, so positions are ours to the character.

Why: proselint's hundreds of usage checks come from Garner, the AP and Chicago manuals and
others; a desk turns on the families that suit its copy instead of re-typing them.

Bad: Paris in the the springtime.
Good: Paris in the springtime.

Options: ``checks`` (dotted check paths to run), ``ignore_checks`` (paths to leave out),
``skip_names`` (leave alone matches made only of capitalised words, which in news copy are
names and titles: "Duran Duran", "Bafana Bafana", "Spend Spend Spend").
Rule ids use hyphens where proselint's paths have underscores (``proselint.dates-times`` runs
``dates_times``); ``--select proselint.typography`` picks a family, the ``checks`` option a check.
"""

from __future__ import annotations

from functools import lru_cache

from newslint.errors import ConfigError
from newslint.quotes import in_quotation
from newslint.rules import Option, Rule

_SEPARATOR = "\n\n"


@lru_cache(maxsize=1)
def all_checks() -> tuple:
    """Every check proselint 0.16 registers, read from its modules (no global registry)."""
    import proselint.checks

    return tuple(proselint.checks.__register__)


@lru_cache(maxsize=1)
def default_paths() -> tuple[str, ...]:
    from proselint.config import DEFAULT

    return tuple(path for path, enabled in DEFAULT["checks"].items() if enabled)


def _matches(check_path: str, prefix: str) -> bool:
    return check_path == prefix or check_path.startswith(prefix + ".")


class Proselint(Rule):
    __doc__ = __doc__
    kind = "proselint"
    fixable = True
    options = {
        "checks": Option("list", [], "proselint check paths to run; empty: proselint's defaults"),
        "ignore_checks": Option("list", [], "proselint check paths to leave out"),
        "skip_names": Option("bool", False, "leave alone matches of capitalised words only "
                                            '(names and titles: "Duran Duran", "Spend Spend Spend")'),
    }

    def prepare(self) -> None:
        self._checks = None  # resolved on first use, so that loading a ruleset imports nothing

    def _selected(self) -> tuple:
        if self._checks is None:
            checks = all_checks()
            wanted = self.config["checks"] or list(default_paths())
            for prefix in [*wanted, *self.config["ignore_checks"]]:
                if not any(_matches(c.path, prefix) for c in checks):
                    path, _, line = self.origin.rpartition(":")
                    raise ConfigError(f"rule {self.id!r}: proselint has no check {prefix!r}",
                                      path or None, int(line) if line.isdigit() else None)
            self._checks = tuple(
                c for c in checks
                if any(_matches(c.path, p) for p in wanted)
                and not any(_matches(c.path, p) for p in self.config["ignore_checks"])
            )
        return self._checks

    def check(self, document):
        segments = [s for s in document.segments if s.kind in self.segments and s.text.strip()]
        if not segments:
            return
        checks = self._selected()
        starts, parts, position = [], [], 1  # 1: the padding newline
        for segment in segments:
            starts.append(position)
            parts.append(segment.text)
            position += len(segment.text) + len(_SEPARATOR)
        text = "\n" + _SEPARATOR.join(parts) + "\n"
        for check in checks:
            for result in check.check_with_flags(text):
                found = self._locate(text, segments, starts, result.span)
                if found is None:
                    continue
                segment, start, end = found
                if not check.flags.allow_quotes and in_quotation(document, segment, start, end):
                    continue
                if self.config["skip_names"] and _all_capitalised(segment.text[start:end]):
                    continue
                message = f"{result.message} ({check.path})"
                replacement = result.replacements
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

        index = bisect_right(starts, span[0]) - 1
        if index < 0:  # a match on the leading padding belongs to the first segment's start
            index = 0
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
