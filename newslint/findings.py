"""What rules report (violations, in segment coordinates) and what users see (findings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

SEVERITIES = ("error", "warning", "suggestion")
SEVERITY_RANK = {"suggestion": 1, "warning": 2, "error": 3}
APPLICABILITIES = ("safe", "unsafe")


class Unwritable(ValueError):
    """A replacement that the segment's syntax cannot hold (a quote inside a TOML literal
    string): the finding stays, without a fix."""


class Region(NamedTuple):  # a tuple: one or more per finding, and tuples build fast
    """A resolved span: 1-based lines; columns in code points and in UTF-8 bytes, end exclusive.

    Formats that describe a span by line and column (SARIF fix regions, reviewdog, which counts
    UTF-8 bytes) read it here, so no formatter needs the source text.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    byte_column: int
    end_byte_column: int


class Edit(NamedTuple):  # a tuple: a corpus run makes tens of thousands
    """Replace ``[start, end)`` with ``replacement``; offsets are segment or source offsets.

    ``region`` is set when the engine resolves the edit to the source.
    """

    start: int
    end: int
    replacement: str
    region: Region | None = None


class Fix(NamedTuple):  # a tuple, as Edit: made twice per finding, and tuples build fast
    """A set of edits that together repair one violation.

    ``safe``: the meaning is certain and the fix applies by default ("Kiev" -> "Kyiv").
    ``unsafe``: a judgement call, applied only with ``--unsafe-fixes`` ("Turkey" -> "Turkiye").
    """

    edits: tuple[Edit, ...]
    applicability: str = "safe"
    title: str = ""
    # What the flagged text reads after the fix, for people; the edits may be smaller.
    replacement: str = ""


@dataclass(slots=True)
class Violation:
    """A rule's report: a span of one segment's text, a message and an optional fix.

    ``fix`` edits are in the same segment's text coordinates.
    """

    segment: object
    start: int
    end: int
    message: str
    fix: Fix | None = None
    extra: dict | None = None  # becomes ``Finding.extra`` (related locations)


@dataclass(slots=True)
class Finding:
    """A violation resolved to the source: offsets, 1-based line and column, end exclusive."""

    path: str
    rule: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    fix: Fix | None = None  # edits in source offsets
    segment_kind: str = ""
    region: Region | None = None  # the same span with UTF-8 byte columns too
    extra: dict = field(default_factory=dict)

    def sort_key(self):
        return (self.path, self.start, self.end, self.rule)
