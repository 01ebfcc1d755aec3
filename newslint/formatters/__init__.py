"""Output formats: one module each, with ``render(report, stream)``; a format that can write
findings as they come also has ``chunk(findings, color) -> str``, which renders one file's
findings where the file was linted (in a worker process: text crosses the process boundary
faster than findings, and the parent is left only writing), and ``Writer(report, stream)`` with
``add(chunk)`` and ``close()``.

A formatter receives resolved findings (path, line, column, end line and column, rule,
severity, message, match, fix) and the run's totals, nothing else.

File names, messages and matched text come from whoever wrote the files, so every format
escapes them as its readers need: ``printable`` for text people read (one finding is one line,
and no control character reaches a terminal or a CI log), ``xml_safe`` for the characters XML 1.0
cannot hold, ``json_safe`` for a file name that is not UTF-8. A byte of a file name that is not
UTF-8 is written ``\\xNN`` in every format (Python decodes it as a lone surrogate, which UTF-8
cannot encode); SARIF's URIs percent-encode the bytes instead.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import NamedTuple

from newslint.findings import Finding

FORMATS = {
    "text": "text",
    "json": "json_",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "checkstyle": "checkstyle",
    "rdjson": "rdjson",
    "gitlab": "gitlab",
}
# What CI systems call our severities.
LEVELS = {
    "sarif": {"error": "error", "warning": "warning", "suggestion": "note"},
    "github": {"error": "error", "warning": "warning", "suggestion": "notice"},
    "checkstyle": {"error": "error", "warning": "warning", "suggestion": "info"},
    "rdjson": {"error": "ERROR", "warning": "WARNING", "suggestion": "INFO"},
    "gitlab": {"error": "major", "warning": "minor", "suggestion": "info"},
}


class Tally(NamedTuple):
    """What the run's totals need of one file's findings, without the findings."""

    by_rule: dict  # (severity, rule id) -> findings
    fixable: int  # findings with a safe fix

    @classmethod
    def of(cls, findings: list[Finding]) -> Tally:
        by_rule: dict = {}
        fixable = 0
        for finding in findings:
            key = (finding.severity, finding.rule)
            by_rule[key] = by_rule.get(key, 0) + 1
            if finding.fix is not None and finding.fix.applicability == "safe":
                fixable += 1
        return cls(by_rule, fixable)


@dataclass
class Report:
    # Kept only for formats that need every finding at the end (SARIF, JUnit, ...); formats
    # with a ``Writer`` stream them, so an archive audit's memory does not grow with them.
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    files_failed: int = 0
    color: bool = False
    # rule id -> Rule, for formats that describe the rules they cite (SARIF)
    rules: dict = field(default_factory=dict)
    by_severity: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    files_with_findings: int = 0
    fixable: int = 0

    def count(self, counts: Tally) -> None:
        """Add one file's tally to the totals."""
        if counts.by_rule:
            self.files_with_findings += 1
        for (severity, rule), number in counts.by_rule.items():
            self.by_severity[severity] += number
            self.by_rule[rule] += number
        self.fixable += counts.fixable

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())


def relative_path(path: str) -> str:
    """The path as CI systems want it: relative to the working directory (the repository root
    in CI), with forward slashes."""
    candidate = PurePath(path)
    if candidate.is_absolute():
        try:
            candidate = Path(path).resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            pass
    return candidate.as_posix()


def text_line(finding) -> str:
    """The compiler-style line, for formats that carry a human-readable copy."""
    return (f"{printable(finding.path)}:{finding.line}:{finding.column}: {finding.severity} "
            f"[{finding.rule}] {printable(finding.message)}")


# Control characters (C0, DEL, C1), Unicode's line and paragraph separators, the bidirectional
# embeddings, overrides and isolates (which make a line read as other text), and lone
# surrogates (bytes of a file name that are not UTF-8).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What XML 1.0's Char production leaves out (written as a positive class: the negated one
# is slow to compile, and this compiles at import, on every run).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    """A character as git and Python write it in a quoted string: ``\\n``, ``\\x1b``,
    ``\\u202e``; a lone surrogate from a file name byte that is not UTF-8 as that byte."""
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape of byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` on one line with every control character escaped, for people to read."""
    if text.isprintable():  # nearly always: C speed, and no copy
        return text
    return _UNPRINTABLE.sub(lambda match: _escaped(match.group()), text)


def xml_safe(document: str) -> str:
    """An XML document with the characters XML 1.0 cannot hold, even as references (C0
    controls but tab and newlines, U+FFFE, U+FFFF, lone surrogates), written escaped."""
    return _NOT_XML.sub(lambda match: _escaped(match.group()), document)


def without_surrogates(text: str) -> str:
    """``text`` with the bytes of a file name that are not UTF-8 written ``\\xNN``."""
    if text.isascii():
        return text
    return _SURROGATE.sub(lambda match: _escaped(match.group()), text)


def json_safe(document: str) -> str:
    """JSON text written with ``ensure_ascii=False``, made valid UTF-8: json leaves lone
    surrogates as they are, so each becomes the string's characters ``\\xNN`` (its backslash
    escaped, as JSON wants)."""
    try:
        document.encode("utf-8")  # fails on a lone surrogate only, in half the time of a search
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda match: "\\" + _escaped(match.group()), document)
    return document


def rule_summary(rule) -> str:
    doc = (rule.__doc__ or "").strip()
    return rule.description or (doc.splitlines()[0] if doc else rule.id)


def get(name: str):
    return importlib.import_module(f"newslint.formatters.{FORMATS[name]}")
