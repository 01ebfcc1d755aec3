"""The engine: run a ruleset's rules over a document and resolve violations to the source."""

from __future__ import annotations

from newslint.document import Document
from newslint.findings import Edit, Finding, Fix, Violation
from newslint.quotes import in_quotation
from newslint.ruleset import Ruleset


def resolve(document: Document, rule, violation: Violation) -> Finding:
    """Map a violation from segment coordinates to source offsets, lines and columns."""
    segment = violation.segment
    start, end = segment.source_span(violation.start, violation.end)
    line, column = document.lines.position(start)
    end_line, end_column = document.lines.position(end)
    fix = None
    if violation.fix is not None:
        escape = document.escape
        edits = []
        for edit in violation.fix.edits:
            edit_start, edit_end = segment.source_span(edit.start, edit.end)
            replacement = escape(edit.replacement) if escape else edit.replacement
            edits.append(Edit(edit_start, edit_end, replacement))
        fix = Fix(tuple(edits), violation.fix.applicability, violation.fix.title)
    return Finding(
        path=document.path,
        rule=rule.id,
        severity=rule.severity,
        message=violation.message,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        match=segment.text[violation.start:violation.end],
        fix=fix,
        segment_kind=segment.kind,
    )


def lint(document: Document, ruleset: Ruleset) -> list[Finding]:
    findings = []
    seen = set()
    for rule in ruleset.rules:
        for violation in rule.check(document):
            if not rule.applies_in_quotes and in_quotation(
                document, violation.segment, violation.start, violation.end
            ):
                continue
            finding = resolve(document, rule, violation)
            # Source text read as two segments (an HTML caption and the credit inside it)
            # reports once.
            key = (finding.rule, finding.start, finding.end, finding.message)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return findings
