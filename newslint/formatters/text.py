"""Compiler-style text: ``path:line:col: severity [rule] message``, the fix, a summary.

File names, messages and fix titles are written ``printable``: one finding is one line,
whatever a file is called or holds.
"""

from __future__ import annotations

from newslint.formatters import printable

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "suggestion": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def chunk(findings, color: bool) -> str:
    """One file's findings as text (run in the worker that linted the file)."""
    lines = []
    for f in findings:
        location = f"{printable(f.path)}:{f.line}:{f.column}:"
        severity = f.severity
        if color:
            location = f"{_BOLD}{location}{_RESET}"
            severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
        lines.append(f"{location} {severity} [{f.rule}] {printable(f.message)}\n")
        if f.fix is not None:
            label = "fix" if f.fix.applicability == "safe" else "fix (unsafe)"
            title = f.fix.title or f'Write "{f.fix.replacement}"'
            line = f"    {label}: {printable(title)}"
            lines.append(f"{_DIM}{line}{_RESET}\n" if color else f"{line}\n")
    return "".join(lines)


class Writer:
    """Writes each file's findings as they come, and the summary at the end."""

    def __init__(self, report, stream):
        self.report = report
        self.stream = stream

    def add(self, rendered: str) -> None:
        self.stream.write(rendered)

    def close(self) -> None:
        report = self.report
        if not report.total:
            return
        parts = [_plural(report.by_severity[s], s) for s in ("error", "warning", "suggestion")
                 if report.by_severity[s]]
        summary = (f"{_plural(report.total, 'problem')} ({', '.join(parts)}) in "
                   f"{report.files_with_findings} of {_plural(report.files_checked, 'file')}")
        if report.fixable:
            summary += f"; {report.fixable} fixable with `newslint fix`"
        self.stream.write(summary + "\n")


def render(report, stream) -> None:
    writer = Writer(report, stream)
    writer.add(chunk(report.findings, report.color))
    writer.close()
