"""Fixes: applying them to source text (whole fixes only, never two that overlap), repeating
until the text settles. ``safe_write`` writes the result back."""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from newslint.document import Document
from newslint.engine import lint
from newslint.findings import Finding


def choose_edits(findings: Iterable[Finding], unsafe: bool = False) -> tuple[list, int]:
    """The edits of the fixes that can apply together, and how many fixes that is.

    A fix applies whole or not at all; when two fixes touch the same characters (or insert
    at the same point) the one that starts first wins and the other waits for the next
    round, when the text is linted again.
    """
    chosen = []
    applied = 0
    taken = _Taken()
    candidates = sorted(
        (f for f in findings if f.fix is not None and (unsafe or f.fix.applicability == "safe")),
        key=lambda f: (f.start, f.end, f.rule),
    )
    for finding in candidates:
        spans = [(e.start, e.end) for e in finding.fix.edits]
        if any(taken.overlaps(span) for span in spans):
            continue
        for span in spans:
            taken.add(span)
        chosen.extend(finding.fix.edits)
        applied += 1
    chosen.sort(key=lambda e: (e.start, e.end))
    return chosen, applied


def apply_fixes(source: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Return the source with the findings' fixes applied, and how many fixes applied."""
    chosen, applied = choose_edits(findings, unsafe)
    if not chosen:
        return source, 0
    parts = []
    position = 0
    for edit in chosen:
        parts.append(source[position:edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(source[position:])
    return "".join(parts), applied


class _Taken:
    """The spans of the fixes chosen so far, asked whether a new span overlaps one of them.

    Testing every chosen span for each new one is quadratic: a paragraph of a thousand "Kiev"
    took seconds to fix. Chosen spans never overlap (a fix overlapping one is not chosen), so
    sorted by start their ends rise too, and only the last few spans starting at or before the
    new span's end can reach it. Should a fix's own edits ever overlap and break that order,
    every span is tested again, as before.
    """

    __slots__ = ("_spans", "_starts", "_ordered")

    def __init__(self):
        self._spans: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._ordered = True  # ends rise with starts

    def overlaps(self, span: tuple[int, int]) -> bool:
        spans = self._spans
        if not self._ordered:
            return any(_overlaps(span, other) for other in spans)
        start, end = span
        # Overlapping needs other.start <= end and other.end >= start (inclusive for insertions).
        index = bisect_right(self._starts, end) - 1
        while index >= 0 and spans[index][1] >= start:
            if _overlaps(span, spans[index]):
                return True
            index -= 1
        return False

    def add(self, span: tuple[int, int]) -> None:
        spans = self._spans
        index = bisect_right(spans, span)
        if (index > 0 and spans[index - 1][1] > span[1]
                or index < len(spans) and span[1] > spans[index][1]):
            self._ordered = False
        spans.insert(index, span)
        self._starts.insert(index, span[0])


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # an insertion conflicts with an edit at the same point
        return a[0] <= b[1] and b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class FixOutcome:
    """What fixing one document did: the text before and after, and what is left."""

    document: Document  # the document as last read (after the fixes)
    original: str
    fixed: str
    applied: int
    remaining: list[Finding]
    settled: bool  # False if fixes kept changing the text until the round limit


def fix_document(document: Document, ruleset, reread: Callable[[str], Document],
                 unsafe: bool = False, max_rounds: int = 10) -> FixOutcome:
    """Apply fixes, re-lint and repeat until nothing changes (at most ``max_rounds`` rounds).

    Each round re-reads the fixed text with the same reader, so the next round's positions
    are exact; fixes that overlapped in one round get their turn in the next.
    """
    original = document.source
    applied_total = 0
    findings = lint(document, ruleset)
    for _ in range(max_rounds):
        text, applied = apply_fixes(document.source, findings, unsafe)
        if not applied or text == document.source:
            return FixOutcome(document, original, document.source, applied_total, findings, True)
        applied_total += applied
        document = reread(text)
        findings = lint(document, ruleset)
    return FixOutcome(document, original, document.source, applied_total, findings, False)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff as git prints it, line ends kept, missing final newlines marked."""
    def lines(text: str) -> list[str]:
        result = text.splitlines(keepends=True)
        if result and not result[-1].endswith(("\n", "\r")):
            result[-1] += "\n\\ No newline at end of file\n"
        return result

    shown = path.lstrip("/")
    return "".join(difflib.unified_diff(lines(before), lines(after), f"a/{shown}", f"b/{shown}"))
