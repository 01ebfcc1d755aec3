"""JSON: a list of findings, each with 1-based line and column, end exclusive, in code points."""

from __future__ import annotations

import json


def render(report, stream) -> None:
    json.dump([f.to_dict() for f in report.findings], stream, ensure_ascii=False, indent=2)
    stream.write("\n")
