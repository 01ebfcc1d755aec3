"""Inline suppressions, read from each format's comments in the document source.

Markdown, HTML and XML articles use their own comments; plain text has none, so newslint reads
the same HTML-style comment on a line of its own there:

    <!-- newslint-disable-next-line names.spelling -- quoting the 1990s name -->
    <!-- newslint-disable dates, captions.too-long -->  …  <!-- newslint-enable -->

``disable-next-line`` silences the line after the comment; ``disable`` silences from the comment
to the matching ``enable`` (naming the same rules, or none to close everything) or the end of the
file. Rules are ids or families, separated by commas or spaces; no rules means all. Text after
`` -- `` is the reason, for people. Comments are found in the source, not in segments, so every
reader gets suppressions without knowing about them. A renamed rule's old id
(``ruleset.RENAMED``) still names it, with a warning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from newslint.config.ruleset import RENAMED, renamed_id
from newslint.document import Document
from newslint.errors import InputError
from newslint.findings import Finding

# Markdown, HTML and XML share the HTML comment syntax, and plain text borrows it.
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
DIRECTIVES = ("newslint-disable-next-line", "newslint-disable", "newslint-enable")
_DIRECTIVE = re.compile(r"\s*(newslint-[a-z-]*)(.*?)(?:\s--\s*(.*))?\s*$", re.DOTALL)
UNUSED_RULE = "newslint.unused-suppression"


@dataclass
class Directive:
    action: str  # disable-next-line | disable | enable
    rules: tuple[str, ...]  # empty: all rules
    start: int  # the comment's span in the source
    end: int
    reason: str = ""
    used: set = field(default_factory=set)  # the rules it silenced at least once

    def covers(self, rule_id: str) -> str | None:
        """The name in this directive that matches ``rule_id`` ("" for all rules), or None."""
        if not self.rules:
            return ""
        return next((r for r in self.rules if rule_id == r or rule_id.startswith(r + ".")), None)


def _parse(document: Document, known_rules: set[str]) -> list[Directive]:
    families = {rule.split(".")[0] for rule in known_rules}
    directives = []
    for match in _COMMENT.finditer(document.source):
        parsed = _DIRECTIVE.match(match.group(1))
        if not parsed:
            continue
        name, rules_text, reason = parsed.group(1), parsed.group(2), parsed.group(3) or ""
        line, column = document.lines.position(match.start())
        if name not in DIRECTIVES:
            close = difflib.get_close_matches(name, DIRECTIVES, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise InputError(f"unknown directive {name!r}; {hint}directives: "
                             f"{', '.join(DIRECTIVES)}", document.path, line, column)
        rules = tuple(r if r in known_rules or RENAMED.get(r) not in known_rules else renamed_id(r)
                      for r in re.split(r"[\s,]+", rules_text.strip()) if r)
        for rule in rules:
            if rule not in known_rules and rule not in families:
                close = difflib.get_close_matches(rule, sorted(known_rules | families), n=3)
                hint = f"did you mean {', '.join(close)}? " if close else ""
                raise InputError(f"unknown rule or family {rule!r} in {name}; {hint}families: "
                                 f"{', '.join(sorted(families))}", document.path, line, column)
        directives.append(Directive(name.removeprefix("newslint-"), rules, match.start(),
                                    match.end(), reason.strip()))
    return directives


def _ranges(document: Document, directives: list[Directive]):
    """(directive, first source offset, end offset) silenced by each disabling directive."""
    lines = document.lines
    ranges = []
    open_disables: list[Directive] = []
    for directive in directives:
        if directive.action == "disable-next-line":
            line = lines.position(directive.end)[0] + 1
            if line <= len(lines.starts):
                end = lines.starts[line] if line < len(lines.starts) else len(document.source)
                ranges.append([directive, lines.line_start(line), end])
        elif directive.action == "disable":
            open_disables.append(directive)
            ranges.append([directive, directive.end, len(document.source)])
        else:
            closing = [d for d in open_disables
                       if not directive.rules or d.rules == directive.rules]
            for disable in closing:
                open_disables.remove(disable)
                next(r for r in ranges if r[0] is disable)[2] = directive.start
            if closing:
                directive.used.update(directive.rules or ("",))
    return ranges


def may_hold_directives(document: Document) -> bool:
    """False when the source holds no directive, which a substring test tells at C speed."""
    return "newslint-" in document.source


def apply_suppressions(document: Document, findings: list[Finding], known_rules: set[str],
                       report_unused: bool = False) -> list[Finding]:
    """The findings no directive silences; with ``report_unused``, plus one finding per
    directive (or rule named in one) that silenced nothing."""
    if not may_hold_directives(document):
        return findings
    directives = _parse(document, known_rules)
    ranges = _ranges(document, directives)
    kept = []
    for finding in findings:
        silenced = False
        for directive, start, end in ranges:
            name = directive.covers(finding.rule)
            if name is not None and start <= finding.start < end:
                directive.used.add(name)
                silenced = True
        if not silenced:
            kept.append(finding)
    if report_unused:
        kept.extend(_unused(document, directives))
        kept.sort(key=Finding.sort_key)
    return kept


def _unused(document: Document, directives: list[Directive]) -> list[Finding]:
    from newslint.engine import region

    findings = []
    for directive in directives:
        names = [r for r in directive.rules or ("",) if r not in directive.used]
        if not names:
            continue
        what = ", ".join(names) if any(names) else "all rules"
        if directive.action == "enable":
            message = "Unused suppression: newslint-enable closes nothing"
        else:
            message = f"Unused suppression: newslint-{directive.action} of {what} silences nothing"
        span = region(document, directive.start, directive.end)
        findings.append(Finding(
            path=document.path, rule=UNUSED_RULE, severity="warning", message=message,
            start=directive.start, end=directive.end, line=span.line, column=span.column,
            end_line=span.end_line, end_column=span.end_column,
            match=document.source[directive.start:directive.end], region=span,
        ))
    return findings
