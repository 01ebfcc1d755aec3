"""Compiler-style text: ``path:line:col: severity [rule] message``, the fix, a summary.

Two layouts: concise (one finding a line, its fix on the next; the default when the output
is not a terminal, so pipes, pre-commit and CI logs) here, and full (the source line under
each finding, the match underlined: ``formatters/full.py``) on a terminal.

File names, messages and fix titles are written ``printable``: one finding is one line,
whatever a file is called or holds.
"""

from __future__ import annotations

from newslint.formatters import printable, text_line

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "suggestion": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def header(finding, color: bool) -> str:
    """The finding's line (without its line break), the same in both layouts."""
    if not color:
        return text_line(finding)
    location = f"{printable(finding.path)}:{finding.line}:{finding.column}:"
    severity = f"{_COLORS[finding.severity]}{finding.severity}{_RESET}"
    return f"{_BOLD}{location}{_RESET} {severity} [{finding.rule}] {printable(finding.message)}"


def fix_label(fix) -> str:
    """``fix: Write "Kyiv"``, ``fix (unsafe): …``: what the fix does, escaped."""
    label = "fix" if fix.applicability == "safe" else "fix (unsafe)"
    title = fix.title or f'Write "{fix.replacement}"'
    return f"{label}: {printable(title)}"


def chunk(findings, color: bool) -> str:
    """One file's findings as text (run in the worker that linted the file).

    ``header`` and ``fix_label`` are written out here: this loop renders every finding of an
    archive, and the two calls a finding would cost it a fifth of its time."""
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
    """Writes each file's findings as they come, and the summary at the end (the problems
    by severity, or that the run is clean), unless ``quiet``."""

    def __init__(self, report, stream, quiet: bool = False):
        self.report = report
        self.stream = stream
        self.quiet = quiet

    def add(self, rendered: str) -> None:
        self.stream.write(rendered)

    def close(self) -> None:
        line = summary(self.report)
        if line and not self.quiet:
            self.stream.write(line + "\n")


def summary(report) -> str:
    """The run in one line: its problems, or that there are none; nothing when files could
    not be linted and the rest are clean (the errors, on standard error, say what went wrong),
    nor when no file was linted (all excluded or skipped: nothing was checked to be clear)."""
    files = _plural(report.files_checked, "file")
    if not report.total:
        if report.files_failed or not report.files_checked:
            return ""
        return f"All clear: {files}, no findings"
    parts = [_plural(report.by_severity[s], s) for s in ("error", "warning", "suggestion")
             if report.by_severity[s]]
    line = (f"{_plural(report.total, 'problem')} ({', '.join(parts)}) in "
            f"{report.files_with_findings} of {files}")
    if report.fixable:
        line += f"; {report.fixable} fixable with `newslint fix`"
    return line


def render(report, stream) -> None:
    writer = Writer(report, stream)
    writer.add(chunk(report.findings, report.color))
    writer.close()
