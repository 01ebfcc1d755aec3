"""JSON: a list of findings, each with 1-based line and column, end exclusive, in code points."""

from __future__ import annotations

import json


def render(report, stream) -> None:
    # One finding a line: readable, and each line goes through json's C encoder (indent=
    # falls back to the pure-Python one, several times slower on an archive's findings).
    if not report.findings:
        stream.write("[]\n")
        return
    stream.write("[\n")
    stream.write(",\n".join(json.dumps(f.to_dict(), ensure_ascii=False) for f in report.findings))
    stream.write("\n]\n")
