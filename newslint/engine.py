"""The engine: run a ruleset's rules over a document and resolve violations to the source."""

from __future__ import annotations

from newslint.document import Document
from newslint.findings import Edit, Finding, Fix, Region, Violation
from newslint.quotes import in_quotation
from newslint.ruleset import Ruleset


def region(document: Document, start: int, end: int) -> Region:
    """Lines and columns (code points and UTF-8 bytes) of a source span."""
    lines = document.lines
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)

    def byte_column(line_number: int, offset: int) -> int:
        return len(document.source[lines.line_start(line_number):offset].encode("utf-8")) + 1

    return Region(line, column, end_line, end_column,
                  byte_column(line, start), byte_column(end_line, end))


def resolve(document: Document, rule, violation: Violation) -> Finding:
    """Map a violation from segment coordinates to source offsets, lines and columns."""
    segment = violation.segment
    start, end = segment.source_span(violation.start, violation.end)
    span = region(document, start, end)
    fix = None
    if violation.fix is not None:
        escape = document.escape
        edits = []
        for edit in violation.fix.edits:
            edit_start, edit_end = segment.source_span(edit.start, edit.end)
            replacement = escape(edit.replacement) if escape else edit.replacement
            edits.append(Edit(edit_start, edit_end, replacement, region(document, edit_start, edit_end)))
        fix = Fix(tuple(edits), violation.fix.applicability, violation.fix.title)
    return Finding(
        path=document.path,
        rule=rule.id,
        severity=rule.severity,
        message=violation.message,
        start=start,
        end=end,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        match=segment.text[violation.start:violation.end],
        fix=fix,
        segment_kind=segment.kind,
        region=span,
    )


def lint(document: Document, ruleset: Ruleset) -> list[Finding]:
    findings = []
    for rule in ruleset.rules:
        for violation in rule.check(document):
            if not rule.applies_in_quotes and in_quotation(
                document, violation.segment, violation.start, violation.end
            ):
                continue
            findings.append(resolve(document, rule, violation))
    findings.sort(key=Finding.sort_key)
    return findings
