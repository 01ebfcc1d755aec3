"""Output formats: one module each, with ``render(report, stream)``.

A formatter receives resolved findings (path, line, column, end line and column, rule,
severity, message, match, fix) and the run's totals, nothing else.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from newslint.findings import Finding

FORMATS = {
    "text": "text",
    "json": "json_",
}


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    files_failed: int = 0
    color: bool = False
    # rule id -> Rule, for formats that describe the rules they cite (SARIF)
    rules: dict = field(default_factory=dict)


def get(name: str):
    return importlib.import_module(f"newslint.formatters.{FORMATS[name]}")
