"""JSON: a list of findings, each with 1-based line and column, end exclusive, in code points."""

from __future__ import annotations

import json


def chunk(findings, color: bool = False) -> str:
    """One file's findings as JSON list items (run in the worker that linted the file)."""
    dumps = json.dumps
    return ",\n".join(dumps(finding.to_dict(), ensure_ascii=False) for finding in findings)


class Writer:
    """A JSON list written a finding a line as files are linted: memory stays flat however
    many articles an audit reads, and each line goes through json's C encoder (``indent=``
    falls back to the pure-Python one, several times slower)."""

    def __init__(self, report, stream):
        self.stream = stream
        self.first = True

    def add(self, rendered: str) -> None:
        if rendered:
            self.stream.write("[\n" if self.first else ",\n")
            self.stream.write(rendered)
            self.first = False

    def close(self) -> None:
        self.stream.write("[]\n" if self.first else "\n]\n")


def render(report, stream) -> None:
    writer = Writer(report, stream)
    writer.add(chunk(report.findings))
    writer.close()
