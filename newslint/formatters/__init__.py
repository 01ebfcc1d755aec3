"""Output formats: one module each, with ``render(report, stream)``.

A formatter receives resolved findings (path, line, column, end line and column, rule,
severity, message, match, fix) and the run's totals, nothing else.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path, PurePath

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


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    files_failed: int = 0
    color: bool = False
    # rule id -> Rule, for formats that describe the rules they cite (SARIF)
    rules: dict = field(default_factory=dict)


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
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] {finding.message}"


def rule_summary(rule) -> str:
    doc = (rule.__doc__ or "").strip()
    return rule.description or (doc.splitlines()[0] if doc else rule.id)


def get(name: str):
    return importlib.import_module(f"newslint.formatters.{FORMATS[name]}")
