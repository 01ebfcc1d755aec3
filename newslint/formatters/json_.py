"""JSON: a list of findings, each with 1-based line and column, end exclusive, in code points."""

from __future__ import annotations

import json


class Writer:
    """A JSON list written a finding a line as files are linted: memory stays flat however
    many articles an audit reads, and each line goes through json's C encoder (``indent=``
    falls back to the pure-Python one, several times slower)."""

    def __init__(self, report, stream):
        self.stream = stream
        self.first = True

    def add(self, findings) -> None:
        for finding in findings:
            self.stream.write("[\n" if self.first else ",\n")
            self.stream.write(json.dumps(finding.to_dict(), ensure_ascii=False))
            self.first = False

    def close(self) -> None:
        self.stream.write("[]\n" if self.first else "\n]\n")


def render(report, stream) -> None:
    writer = Writer(report, stream)
    writer.add(report.findings)
    writer.close()
