"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…::message`` annotations.

GitHub shows at most ``ANNOTATION_LIMIT`` annotations of each level per step and drops the
rest; those are printed as plain lines and, when ``$GITHUB_STEP_SUMMARY`` is set, listed in
the job summary, so none is lost.

The runner reads every line of the log for commands: a line starting with ``::`` and, anywhere
in a line, ``##[command]``. A file name or a quoted match can hold either, so the plain lines
are printed between ``::stop-commands::`` and its resume token, a token nobody can know in
advance, as GitHub advises for untrusted text; annotation messages are ``printable`` and
escaped as the Actions toolkit escapes them, and the step summary escapes Markdown.
"""

from __future__ import annotations

import os
import re
import secrets

from newslint.errors import NewslintError
from newslint.formatters import LEVELS, printable, relative_path, text_line, without_surrogates

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
        # GitHub places annotations by repository path: the name as it is, but for bytes
        # that are not UTF-8, which the log cannot hold.
        "file": without_surrogates(relative_path(finding.path)),
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": f"newslint {finding.rule}",
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {joined}::{escape_data(printable(finding.message))}"


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _cell(text: str) -> str:
    """Text for a Markdown table cell that reads as written: every ASCII punctuation
    character backslash-escaped (CommonMark allows it for all of them), so no link, image,
    emphasis, HTML or cell boundary comes from a file name or a message."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", printable(text))


def _summary_table(findings) -> str:
    rows = ["| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |"]
    rows.extend(f"| {_cell(f'{f.path}:{f.line}:{f.column}')} | {f.severity} | {_cell(f.rule)} | "
                f"{_cell(f.message)} |" for f in findings)
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
    token = secrets.token_hex(16)
    stream.write(f"::stop-commands::{token}\n")
    for finding in rest:
        stream.write(text_line(finding) + "\n")
    stream.write(f"::{token}::\n")
    note = (f"newslint: {len(report.findings)} problems; GitHub shows {ANNOTATION_LIMIT} "
            f"annotations of each level per step, so {len(rest)} are listed above")
    if summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as summary:
                summary.write(f"### newslint: {len(rest)} more problems\n\nGitHub shows "
                              f"{ANNOTATION_LIMIT} annotations of each level per step; "
                              "these did not fit.\n\n" + _summary_table(rest))
        except OSError as error:
            raise NewslintError(f"cannot write the step summary: {error.strerror}",
                                summary_path) from None
        note += " and in the step summary"
    stream.write(note + "\n")
