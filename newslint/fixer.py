"""Applying fixes to source text: whole fixes only, never two that overlap."""

from __future__ import annotations

from collections.abc import Iterable

from newslint.findings import Finding


def apply_fixes(source: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Return the source with the findings' fixes applied, and how many fixes applied.

    A fix applies whole or not at all; when two fixes touch the same characters (or
    insert at the same point) the one that starts first wins and the other waits for the
    next round, when the text is linted again.
    """
    chosen = []
    applied = 0
    taken: list[tuple[int, int]] = []
    candidates = sorted(
        (f for f in findings if f.fix is not None and (unsafe or f.fix.applicability == "safe")),
        key=lambda f: (f.start, f.end, f.rule),
    )
    for finding in candidates:
        spans = [(e.start, e.end) for e in finding.fix.edits]
        if any(_overlaps(span, other) for span in spans for other in taken):
            continue
        taken.extend(spans)
        chosen.extend(finding.fix.edits)
        applied += 1
    if not chosen:
        return source, 0
    chosen.sort(key=lambda e: (e.start, e.end))
    parts = []
    position = 0
    for edit in chosen:
        parts.append(source[position:edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(source[position:])
    return "".join(parts), applied


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # an insertion conflicts with an edit at the same point
        return a[0] <= b[1] and b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]
