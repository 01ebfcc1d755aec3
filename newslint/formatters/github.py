"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…::message`` annotations.

GitHub shows at most ``ANNOTATION_LIMIT`` annotations of each level per step and drops the
rest; those are printed as plain lines and, when ``$GITHUB_STEP_SUMMARY`` is set, listed in
the job summary, so none is lost.
"""

from __future__ import annotations

import os

from newslint.formatters import LEVELS, relative_path, text_line

ANNOTATION_LIMIT = 10


def escape_data(text: str) -> str:
    """The escaping of @actions/core for a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """The escaping of @actions/core for a command's property values."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding) -> str:
    level = LEVELS["github"][finding.severity]
    properties = {
        "file": relative_path(finding.path),  # GitHub places annotations by repository path
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": f"newslint {finding.rule}",
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {joined}::{escape_data(finding.message)}"


def _summary_table(findings) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    rows = ["| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |"]
    rows.extend(f"| `{cell(f.path)}:{f.line}:{f.column}` | {f.severity} | {f.rule} | {cell(f.message)} |"
                for f in findings)
    return "\n".join(rows) + "\n"


def render(report, stream, summary_path: str | None = None) -> None:
    summary_path = summary_path or os.environ.get("GITHUB_STEP_SUMMARY")
    shown: dict[str, int] = {}
    rest = []
    for finding in report.findings:
        level = LEVELS["github"][finding.severity]
        if shown.get(level, 0) < ANNOTATION_LIMIT:
            shown[level] = shown.get(level, 0) + 1
            stream.write(annotation(finding) + "\n")
        else:
            rest.append(finding)
    if not rest:
        return
    for finding in rest:
        stream.write(text_line(finding) + "\n")
    note = (f"newslint: {len(report.findings)} problems; GitHub shows {ANNOTATION_LIMIT} annotations "
            f"of each level per step, so {len(rest)} are listed above")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(f"### newslint: {len(rest)} more problems\n\n"
                          f"GitHub shows {ANNOTATION_LIMIT} annotations of each level per step; "
                          "these did not fit.\n\n" + _summary_table(rest))
        note += " and in the step summary"
    stream.write(note + "\n")
