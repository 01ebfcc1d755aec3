"""SARIF 2.1.0: one run, the rules it cites with their documentation, results with fixes.

Columns count Unicode code points (``columnKind: unicodeCodePoints``); URIs are relative to
``%SRCROOT%``, the repository root CI runs from, so code-scanning services place them.
"""

from __future__ import annotations

import inspect
import json
import os
from urllib.parse import quote

from newslint.formatters import LEVELS, json_safe, relative_path, rule_summary

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _location(path: str) -> dict:
    # The name's bytes, percent-encoded: a URI holds any name, UTF-8 or not.
    return {"uri": quote(os.fsencode(relative_path(path)), safe="/"), "uriBaseId": "%SRCROOT%"}


def _region(region, snippet: str | None = None) -> dict:
    result = {"startLine": region.line, "startColumn": region.column,
              "endLine": region.end_line, "endColumn": region.end_column}
    if snippet is not None:
        result["snippet"] = {"text": snippet}
    return result


def _rule(rule) -> dict:
    descriptor = {
        "id": rule.id,
        "shortDescription": {"text": rule_summary(rule)},
        "defaultConfiguration": {"level": LEVELS["sarif"][rule.severity]},
        "properties": {"kind": rule.kind, "fixable": rule.can_fix},
    }
    doc = inspect.cleandoc(rule.__doc__ or "")
    if doc:
        descriptor["fullDescription"] = {"text": doc.split("\n\n")[0]}
        descriptor["help"] = {"text": doc}
    return descriptor


def _fix(finding) -> dict:
    replacements = [
        {"deletedRegion": _region(edit.region), "insertedContent": {"text": edit.replacement}}
        for edit in finding.fix.edits
    ]
    return {
        "description": {"text": finding.fix.title or f'Write "{finding.fix.replacement}"'},
        "artifactChanges": [{"artifactLocation": _location(finding.path),
                             "replacements": replacements}],
    }


def _result(finding, rule_index: dict[str, int]) -> dict:
    result = {
        "ruleId": finding.rule,
        "level": LEVELS["sarif"][finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _location(finding.path),
            "region": _region(finding.region, finding.match),
        }}],
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    related = finding.extra.get("related")
    if related:  # the other place a finding names (the first spelling of a name, ...)
        result["relatedLocations"] = [{
            "id": number,
            "physicalLocation": {"artifactLocation": _location(finding.path), "region": {
                "startLine": place["line"], "startColumn": place["column"],
                "endLine": place["end_line"], "endColumn": place["end_column"]}},
            "message": {"text": place["message"]},
        } for number, place in enumerate(related)]
    if finding.fix is not None:
        result["fixes"] = [_fix(finding)]
        result["properties"] = {"fixApplicability": finding.fix.applicability}
    return result


def sarif_log(report) -> dict:
    from newslint import __version__

    rules = [report.rules[rule_id] for rule_id in sorted(report.rules)]
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "newslint",
                "version": __version__,
                "rules": [_rule(rule) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, rule_index) for f in report.findings],
        }],
    }


def render(report, stream) -> None:
    stream.write(json_safe(json.dumps(sarif_log(report), ensure_ascii=False, indent=2)))
    stream.write("\n")
