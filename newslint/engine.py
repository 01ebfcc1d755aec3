"""The engine: run a ruleset's rules over a document and resolve violations to the source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from newslint.analysis.quotations import in_quotation
from newslint.config.ruleset import Ruleset
from newslint.document import Document
from newslint.findings import Edit, Finding, Fix, Region, Unwritable, Violation
from newslint.rules import Rule, reads_language


def region(document: Document, start: int, end: int) -> Region:
    """Lines and columns (code points and UTF-8 bytes) of a source span."""
    line, column, end_line, end_column = document.lines.span(start, end)
    ascii_source = document.cache.get("ascii_source")
    if ascii_source is None:
        ascii_source = document.cache["ascii_source"] = document.source.isascii()
    if ascii_source:  # most copy: a byte per character, no need to encode each line
        return Region(line, column, end_line, end_column, column, end_column)
    byte_column = _byte_column(document, line, start)
    if end_line == line and end - start <= _CHECKPOINT:  # most spans: count the span's bytes
        end_byte_column = byte_column + len(document.source[start:end].encode("utf-8"))
    else:
        end_byte_column = _byte_column(document, end_line, end)
    return Region(line, column, end_line, end_column, byte_column, end_byte_column)


def _byte_column(document: Document, line: int, offset: int) -> int:
    line_start = document.lines.line_start(line)
    if offset - line_start <= _CHECKPOINT:
        return len(document.source[line_start:offset].encode("utf-8")) + 1
    # Far into a long line: encoding the line up to each finding is quadratic on a 1 MB line
    # full of findings, so count from checkpoints kept per document.
    return _utf8_offset(document, offset) - _utf8_offset(document, line_start) + 1


_CHECKPOINT = 256  # characters between two known UTF-8 offsets of the source


def _utf8_offset(document: Document, offset: int) -> int:
    """Bytes of ``document.source[:offset]`` in UTF-8."""
    checkpoints = document.cache.get("utf8_checkpoints")
    if checkpoints is None:
        source, checkpoints, total = document.source, [0], 0
        for start in range(0, len(source) - _CHECKPOINT + 1, _CHECKPOINT):
            total += len(source[start:start + _CHECKPOINT].encode("utf-8"))
            checkpoints.append(total)
        document.cache["utf8_checkpoints"] = checkpoints
    index = offset // _CHECKPOINT
    start = index * _CHECKPOINT
    return checkpoints[index] + len(document.source[start:offset].encode("utf-8"))


def resolve(document: Document, rule, violation: Violation) -> Finding:
    """Map a violation from segment coordinates to source offsets, lines and columns."""
    segment = violation.segment
    start, end = segment.source_span(violation.start, violation.end)
    span = region(document, start, end)
    fix = violation.fix
    if fix is not None:
        try:
            edits = [edit for segment_edit in fix.edits
                     for edit in source_edits(document, segment, segment_edit, (start, end, span))]
        except Unwritable:
            fix = None
        else:
            fix = Fix(tuple(edits), fix.applicability, fix.title, fix.replacement)
    return Finding(path=document.path, rule=rule.id, severity=rule.severity,
                   message=violation.message, start=start, end=end, line=span.line,
                   column=span.column, end_line=span.end_line, end_column=span.end_column,
                   match=segment.text[violation.start:violation.end], fix=fix,
                   segment_kind=segment.kind, region=span, extra=violation.extra or {})


def source_edits(document: Document, segment, edit: Edit, known=(None, None, None)) -> list[Edit]:
    """Turn one edit of segment text into the smallest edits of the source that make it.

    The edit is first trimmed to the characters that really change ("Kiev" -> "Kyiv" touches
    "ie" only), so that markup around the unchanged part stays; what remains is split along
    the source runs it comes from, so tags inside a match ("the <a>Ukraine</a>") survive.
    ``known``: a source span already resolved and its region (the finding's own, which most
    edits replace whole).
    """
    start, end, replacement = edit.start, edit.end, edit.replacement
    old = segment.text[start:end]
    if old and replacement and (old[0] == replacement[0] or old[-1] == replacement[-1]):
        shorter = min(len(old), len(replacement))
        prefix = suffix = 0
        while prefix < shorter and old[prefix] == replacement[prefix]:
            prefix += 1
        while suffix < shorter - prefix and old[-1 - suffix] == replacement[-1 - suffix]:
            suffix += 1
        start, end = start + prefix, end - suffix
        replacement = replacement[prefix:len(replacement) - suffix]
    # A segment may be written in its own syntax (a quoted YAML scalar in Markdown front matter).
    escape = segment.attributes.get("escape", document.escape)
    if escape is not None:
        replacement = escape(replacement)
    if "escape" in segment.attributes and not encodable(replacement, document.encoding):
        # Only the format's own text reads character references, the writer's way to hold a
        # character the file's encoding lacks; CDATA or a quoted scalar would show them as typed.
        raise Unwritable(f"a character that {document.encoding} lacks, where no reference is read")
    if start == end:  # an insertion goes right after the character before it
        offset = segment.offsets.end(start) if start > 0 else segment.offsets.start(0)
        runs = [(offset, offset)]
    else:
        runs = segment.offsets.source_runs(start, end)
        if not replacement and len(runs) > 1:
            # Deleting text that markup divides ("*the* Ukraine" losing "the ") would leave the
            # markup empty ("** Ukraine"), and its other half lies outside the finding.
            raise Unwritable("a deletion across markup")
    known_start, known_end, known_region = known
    edits = []
    for run_start, run_end in runs:  # the first run takes the replacement, the others go
        span = (known_region if run_start == known_start and run_end == known_end
                else region(document, run_start, run_end))
        edits.append(Edit(run_start, run_end, replacement, span))
        replacement = ""
    return edits


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


# Findings reported per rule and file; past it, one finding says how many more there are. A
# file with more is hostile or misread (1 MB of '"' made 2 million findings and 1.65 GB).
MAX_FINDINGS_PER_RULE = 1000


def in_languages(document: Document, languages: tuple[str, ...] | None) -> Document | None:
    """The document as a rule for ``languages`` reads it: without the segments marked as
    another language (a Spanish section of an English page), so that no English rule checks,
    counts or compares them; None when no segment is left (a Spanish page has no English
    source line to miss)."""
    if languages is None:
        return document
    kept = [s for s in document.segments if reads_language(languages, s.attributes.get("lang"))]
    if len(kept) == len(document.segments):
        return document
    # A fresh cache: what rules keep there (references, context words) is per segments.
    return replace(document, segments=kept, cache={}) if kept else None


# Told of a rule that raised: the rule, the exception and its traceback as text.
RuleErrorHandler = Callable[[object, BaseException, str], None]


def lint(document: Document, ruleset: Ruleset,
         on_rule_error: RuleErrorHandler | None = None) -> list[Finding]:
    """The findings of the ruleset's rules in the document, in source order.

    With ``on_rule_error`` (the language server), a rule that raises is told to it and reports
    nothing in this document, while the other rules report; without it, the error propagates
    (``check``: exit 3).

    Segment by segment: each rule that reads segments of the kind runs on the segment, unless
    it is gated (``Rule.triggers``) and the ruleset's one pass over the segment
    (``matcher.TermIndex``) met nothing it needs. Then the rules that read the whole document.
    Each rule reads the document in the languages it is written for (``in_languages``).
    """
    plan = _plan(tuple(ruleset.rules))
    views = {languages: in_languages(document, languages) for languages in plan.languages}
    found = _Findings(document)
    for segment in document.segments:
        rules = plan.by_kind.get(segment.kind)
        if not rules:
            continue
        language = segment.attributes.get("lang")
        triggered = _triggered(segment.analysis, plan.gates)
        for rule, gated in rules:
            if language is not None and not reads_language(rule.languages, language):
                continue
            if gated and rule not in triggered:
                continue
            if on_rule_error is None:  # check: straight through, as fast as it goes
                for violation in rule.check_segment(segment, views[rule.languages]):
                    found.add(rule, violation)
            else:
                found.run_guarded(on_rule_error, rule, rule.check_segment, segment,
                                  views[rule.languages])
    for rule in plan.whole_document:
        read = views[rule.languages]
        if read is not None:
            if on_rule_error is None:
                for violation in rule.check(read):
                    found.add(rule, violation)
            else:
                found.run_guarded(on_rule_error, rule, rule.check, read)
    return found.findings()


class _Plan(NamedTuple):
    """Which rules read which segments."""

    # Per segment kind, the rules that read one segment at a time, in ruleset order, each with
    # whether it is gated (else it runs on every segment of the kind).
    by_kind: dict[str, list[tuple[Rule, bool]]]
    # The rules that read the whole document: kinds that override ``Rule.check``.
    whole_document: list[Rule]
    # The passes (``matcher.TermIndex``) that gate the rules: one, unless the ruleset joins
    # rules compiled apart.
    gates: tuple
    # The ``languages`` of the rules, each a view of the document (``in_languages``).
    languages: frozenset


@lru_cache(maxsize=64)  # a run lints thousands of documents with a ruleset or two
def _plan(rules: tuple[Rule, ...]) -> _Plan:
    by_kind: dict[str, list[tuple[Rule, bool]]] = {}
    whole_document, gates = [], {}
    for rule in rules:
        if type(rule).check is not Rule.check:
            whole_document.append(rule)
            continue
        gated = rule.index is not None and rule in rule.index.gated
        if gated:
            gates[id(rule.index)] = rule.index
        for kind in rule.segments:
            by_kind.setdefault(kind, []).append((rule, gated))
    return _Plan(by_kind, whole_document, tuple(gates.values()),
                 frozenset(rule.languages for rule in rules))


def _triggered(analysis, gates: tuple) -> frozenset:
    """The gated rules that the passes over a segment let run on it."""
    if len(gates) == 1:
        return analysis.scan(gates[0]).triggered
    return frozenset().union(*(analysis.scan(gate).triggered for gate in gates))


class _Findings:
    """The findings of a document's rules: each violation resolved to the source once, at
    most ``MAX_FINDINGS_PER_RULE`` per rule, past which they are only counted."""

    def __init__(self, document: Document):
        self.document = document
        # Per rule, its findings by span and message: source text read as two segments (an
        # HTML caption and the credit inside it) reports once.
        self.kept: dict[Rule, dict[tuple, Finding]] = {}
        self.unreported: dict[Rule, list] = {}  # per rule, how many past the cap, and the first
        self.failed: set[Rule] = set()  # rules that raised (``run_guarded``)

    def run_guarded(self, on_rule_error: RuleErrorHandler, rule, check, *arguments) -> None:
        """A rule's check; a rule that raises is told to ``on_rule_error`` once and is silent in
        this document from then on: what it found before it failed is dropped, not half
        reported."""
        if rule in self.failed:
            return
        try:
            violations = list(check(*arguments))  # whole: a rule is a generator
        except Exception as error:
            import traceback

            self.failed.add(rule)
            self.kept.pop(rule, None)
            self.unreported.pop(rule, None)
            on_rule_error(rule, error, traceback.format_exc())
            return
        for violation in violations:
            self.add(rule, violation)

    def add(self, rule, violation: Violation) -> None:
        if not rule.applies_in_quotes and in_quotation(
            violation.segment, violation.start, violation.end
        ):
            return
        kept = self.kept.setdefault(rule, {})
        if len(kept) == MAX_FINDINGS_PER_RULE:
            # Counted, not resolved nor kept. (A credit read in its caption too could count
            # twice here; below the cap the span and message drop the second.)
            self.unreported.setdefault(rule, [0, violation])[0] += 1
            return
        finding = resolve(self.document, rule, violation)
        kept.setdefault((finding.start, finding.end, finding.message), finding)

    def findings(self) -> list[Finding]:
        found = [finding for kept in self.kept.values() for finding in kept.values()]
        found.extend(_more_findings(self.document, rule, first, more)
                     for rule, (more, first) in self.unreported.items())
        found.sort(key=Finding.sort_key)
        return found


def _more_findings(document: Document, rule, violation: Violation, more: int) -> Finding:
    """The finding that stands for the ``more`` ones past the cap, at the first of them."""
    noun = "finding" if more == 1 else "findings"
    message = (f"… and {more} more {noun} of {rule.id} in this file; fix the first ones or "
               "check the file's encoding")
    finding = resolve(document, rule, Violation(violation.segment, violation.start, violation.end,
                                                message))
    finding.extra["more"] = more  # fix counts them: each round must leave fewer in all
    return finding
