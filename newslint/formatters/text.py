"""Compiler-style text: ``path:line:col: severity [rule] message``, the fix, a summary."""

from __future__ import annotations

from collections import Counter

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "suggestion": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(report, stream) -> None:
    color = report.color
    for f in report.findings:
        location = f"{f.path}:{f.line}:{f.column}:"
        severity = f.severity
        if color:
            location = f"{_BOLD}{location}{_RESET}"
            severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
        stream.write(f"{location} {severity} [{f.rule}] {f.message}\n")
        if f.fix is not None:
            label = "fix" if f.fix.applicability == "safe" else "fix (unsafe)"
            title = f.fix.title or f'Write "{f.fix.replacement}"'
            line = f"    {label}: {title}"
            stream.write(f"{_DIM}{line}{_RESET}\n" if color else f"{line}\n")
    if not report.findings:
        return
    by_severity = Counter(f.severity for f in report.findings)
    parts = [_plural(by_severity[s], s) for s in ("error", "warning", "suggestion") if by_severity[s]]
    files_with = len({f.path for f in report.findings})
    fixable = sum(1 for f in report.findings if f.fix is not None and f.fix.applicability == "safe")
    summary = (f"{_plural(len(report.findings), 'problem')} ({', '.join(parts)}) in "
               f"{files_with} of {_plural(report.files_checked, 'file')}")
    if fixable:
        summary += f"; {fixable} fixable with `newslint fix`"
    stream.write(summary + "\n")
