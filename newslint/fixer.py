"""Fixes: applying them to source text (whole fixes only, never two that overlap), repeating
until the text settles. ``safe_write`` writes the result back."""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newslint.document import Document
from newslint.engine import RuleErrorHandler, lint
from newslint.errors import NewslintError
from newslint.findings import Finding


def choose_edits(findings: Iterable[Finding], unsafe: bool = False) -> tuple[list, int]:
    """The edits of the fixes that can apply together, and how many fixes that is.

    A fix applies whole or not at all; when two fixes touch the same characters (or insert
    at the same point) the one that starts first wins and the other waits for the next
    round, when the text is linted again.
    """
    fixes = _chosen_fixes(findings, unsafe)
    return _edits_of(fixes), len(fixes)


def apply_fixes(source: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Return the source with the findings' fixes applied, and how many fixes applied."""
    fixes = _chosen_fixes(findings, unsafe)
    return _applied(source, fixes), len(fixes)


def _edits_of(fixes: list[Finding]) -> list:
    return sorted((edit for finding in fixes for edit in finding.fix.edits),
                  key=lambda e: (e.start, e.end))


def _applied(source: str, fixes: list[Finding]) -> str:
    """The source with these (non-overlapping) fixes applied."""
    parts = []
    position = 0
    for edit in _edits_of(fixes):
        parts.append(source[position:edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(source[position:])
    return "".join(parts)


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
    reported: list[Finding] = field(default_factory=list)  # what check reports on the original


class FixConflict(NewslintError):
    """Two rules undo each other's fixes: a ruleset the user can mend, so exit 2."""


class FixBug(NewslintError):
    """A round of fixes broke the fix invariant: a bug in newslint, never written (exit 3)."""

    exit_code = 3


def fix_document(document: Document, ruleset, reread: Callable[[str], Document],
                 unsafe: bool = False, max_rounds: int = 10,
                 reported: Callable[[Document, list[Finding]], list[Finding]] | None = None,
                 on_rule_error: RuleErrorHandler | None = None) -> FixOutcome:
    """Apply fixes, re-lint and repeat until nothing changes (at most ``max_rounds`` rounds).

    Only the findings ``check`` would report are fixed: ``reported`` takes a document and its
    findings and returns those left after suppressions and changed-line filters, so a finding
    that an editor silenced is never rewritten. Each round re-reads the fixed text with the same
    reader, so the next round's positions are exact; fixes that overlapped in one round get
    their turn in the next.

    Every round is held to the fix invariant before anything is kept: each edit lies inside the
    span of the finding it fixes, the rules that fixed are left with fewer findings (those past
    the per-rule cap counted), and no rule reports its own fix's text (else ``FixBug``, exit 3);
    a fix whose text another rule would rewrite, or a text that comes back to an earlier
    round's, means the rules contradict each other (``FixConflict``, exit 2, naming both with
    their ruleset lines). Nothing is written then. A fix that would change how the article is
    read (its parts' kinds) is held back and stays a finding: it was checked for the part it
    was found in, not for the one the text would become.
    """
    def findings_of(doc: Document) -> list[Finding]:
        found = lint(doc, ruleset, on_rule_error)
        return reported(doc, found) if reported is not None else found

    original = document.source
    applied_total = 0
    findings = first = findings_of(document)
    seen = {original: []}  # text -> the fixes that round applied, to name rules in a cycle
    misreading: set[tuple] = set()  # fixes held back: they change how the article is read
    for _ in range(max_rounds):
        fixes = _chosen_fixes([f for f in findings if _fix_key(f) not in misreading], unsafe)
        if not fixes:
            break
        _check_inside(document, fixes)
        text = _applied(document.source, fixes)
        if text == document.source:
            break
        fixed = reread(text)
        if _reading(fixed) != _reading(document):
            fixes, fixed = _fixes_that_keep_the_reading(document, fixes, reread, misreading)
            if not fixes:
                break
            text = fixed.source
        if text in seen:
            raise _conflict(document, ruleset, fixes, seen, text)
        applied_total += len(fixes)
        seen[text] = fixes
        document, before = fixed, findings
        findings = findings_of(document)
        revealed = _check_no_new_findings(document, ruleset, fixes, findings)
        rules = {f.rule for f in fixes}
        found = _count(before, rules)
        left = _count([f for f in findings if id(f) not in revealed], rules)
        if left >= found:
            raise FixBug(f"a round of fixes ({', '.join(sorted(rules))}) left as many of their "
                         f"findings as it found ({found} -> {left}); nothing written",
                         document.path)
    else:  # the round limit, with fixes still changing the text
        return FixOutcome(document, original, document.source, applied_total, findings, False,
                          first)
    return FixOutcome(document, original, document.source, applied_total, findings, True, first)


def _reading(document: Document) -> list[str]:
    """How the article was read: its parts' kinds, in order."""
    return [segment.kind for segment in document.segments]


def _fix_key(finding: Finding) -> tuple:
    """A fix as it recurs round after round (its offsets move): rule, match and replacements."""
    replacements = tuple(e.replacement for e in finding.fix.edits) if finding.fix else ()
    return finding.rule, finding.match, replacements


def _fixes_that_keep_the_reading(document: Document, fixes: list[Finding],
                                 reread: Callable[[str], Document], misreading: set[tuple]
                                 ) -> tuple[list[Finding], Document]:
    """The round's fixes less those that change how the article is read, and the text they make.

    A fix is made for the part it was found in: deleting a plain-text headline's only full stop
    leaves no headline, and the next paragraph would be read as one. That is not the fix that
    was checked, so it is held back (and stays a finding) rather than written. Rare, so the
    fixes are tried one at a time; the ones held back are not tried again in later rounds.
    """
    kept: list[Finding] = []
    reading = _reading(document)
    result = document
    for fix in fixes:
        trial = reread(_applied(document.source, [*kept, fix]))
        if _reading(trial) == reading:
            kept.append(fix)
            result = trial
        else:
            misreading.add(_fix_key(fix))
    return kept, result


def _count(findings: list[Finding], rules: set[str]) -> int:
    """How many findings of these rules there are, those past the per-rule cap included.

    Only the rules that fixed something must have fewer: a fix may rightly let another rule see
    what was there all along ("3 Feb. Results follow." written "February 3. Results follow."
    is now plainly two sentences)."""
    return sum(1 + f.extra.get("more", 0) for f in findings if f.rule in rules)


def _chosen_fixes(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    """The findings whose fixes one round applies together, in source order."""
    chosen = []
    taken = _Taken()
    candidates = sorted((f for f in findings
                         if f.fix is not None and (unsafe or f.fix.applicability == "safe")),
                        key=lambda f: (f.start, f.end, f.rule))
    for finding in candidates:
        spans = [(e.start, e.end) for e in finding.fix.edits]
        if any(taken.overlaps(span) for span in spans):
            continue
        for span in spans:
            taken.add(span)
        chosen.append(finding)
    return chosen


def _check_inside(document: Document, fixes: list[Finding]) -> None:
    """Refuse a round with an edit outside its finding's span: it would change text nobody
    was told about."""
    for finding in fixes:
        for edit in finding.fix.edits:
            if not finding.start <= edit.start <= edit.end <= finding.end:
                raise FixBug(f"{finding.rule} would edit {edit.start}-{edit.end}, outside its "
                             f"finding at {finding.line}:{finding.column} "
                             f"({finding.start}-{finding.end}); "
                             "nothing written", document.path, finding.line, finding.column)


def _check_no_new_findings(document: Document, ruleset, fixes: list[Finding],
                           findings: list[Finding]) -> set[int]:
    """A finding on the text a fix has just made means the fix made something the same rule
    rejects (a bug), or another rule would rewrite (a conflict in the ruleset).

    A rule that now sees what it could not before (a quotation's balance once its marks are
    curly, a weekday before a date now written in full) reports what was there all along: only
    a finding of the same rule inside the fixed text, or another rule's fix that would rewrite
    it, is a contradiction. Returns the ids of the findings of a fixing rule that only share
    characters with its fixed text: ones its last scan hid, not ones the round failed to fix.
    """
    revealed: set[int] = set()
    fixed_spans = []  # (start, end, finding): each fixed finding's span in the fixed text
    delta = 0
    for finding in sorted(fixes, key=lambda f: (f.start, f.end)):
        growth = sum(len(e.replacement) - (e.end - e.start) for e in finding.fix.edits)
        fixed_spans.append((finding.start + delta, finding.end + delta + growth, finding))
        delta += growth
    starts = [span[0] for span in fixed_spans]
    for new in findings:
        index = bisect_right(starts, new.end) - 1
        while index >= 0:
            start, end, fixed = fixed_spans[index]
            # The same rule finding fault with what its fix wrote is a bug; one whose match
            # only shares a character with it is another finding the last round's scan hid
            # ("— —": the first dash's match took the space the second one needs).
            if new.rule == fixed.rule and start < new.end and new.start < end:
                if start <= new.start and new.end <= end:
                    raise FixBug(f"the fix of {fixed.rule} at {fixed.line}:{fixed.column} writes "
                                 f"{new.match!r}, which {new.rule} reports again; nothing written",
                                 document.path)
                revealed.add(id(new))
            if (new.rule != fixed.rule and start < new.end and new.start < end
                    and new.fix is not None
                    and any(start < e.end and e.start < end for e in new.fix.edits)):
                raise _conflict(document, ruleset, [fixed, new], {}, None)
            if end <= new.start:
                break
            index -= 1
    return revealed


def _conflict(document: Document, ruleset, fixes: list[Finding], seen: dict,
              text: str | None) -> FixConflict:
    """The rules whose fixes brought the text back to an earlier state, with their ruleset lines."""
    texts = list(seen)
    cycle = fixes if text is None else [
        f for earlier in texts[texts.index(text) + 1:] for f in seen[earlier]] + fixes
    named = []
    for rule_id in dict.fromkeys(f.rule for f in cycle):
        rule = ruleset.rule(rule_id)
        named.append(f"{rule_id} ({rule.origin})" if rule is not None and rule.origin else rule_id)
    first = fixes[0]
    return FixConflict(f"rules contradict each other: {' and '.join(named)}; the fix of "
                       f"{first.match!r} at {first.line}:{first.column} writes text that "
                       f"{fixes[-1].rule} rejects; change one of the rules (nothing written)",
                       document.path)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff as git prints it, line ends kept, missing final newlines marked."""
    def lines(text: str) -> list[str]:
        result = text.splitlines(keepends=True)
        if result and not result[-1].endswith(("\n", "\r")):
            result[-1] += "\n\\ No newline at end of file\n"
        return result

    from newslint.formatters import printable

    shown = printable(path.lstrip("/"))  # a name with a line break must not forge diff lines
    return "".join(difflib.unified_diff(lines(before), lines(after), f"a/{shown}", f"b/{shown}"))
