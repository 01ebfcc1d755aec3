"""reviewdog's Diagnostic JSON (rdjson), with fixes as suggestions.

reviewdog counts columns in UTF-8 bytes, so positions come from each finding's region.
"""

from __future__ import annotations

import json

from newslint.formatters import LEVELS, json_safe

SOURCE = {"name": "newslint", "url": "https://pypi.org/project/newslint/"}


def _range(region) -> dict:
    return {"start": {"line": region.line, "column": region.byte_column},
            "end": {"line": region.end_line, "column": region.end_byte_column}}


def _diagnostic(f) -> dict:
    diagnostic = {
        "message": f.message,
        "location": {"path": f.path, "range": _range(f.region)},
        "severity": LEVELS["rdjson"][f.severity],
        "source": {"name": "newslint"},
        "code": {"value": f.rule},
    }
    if f.fix is not None:
        diagnostic["suggestions"] = [{"range": _range(e.region), "text": e.replacement}
                                     for e in f.fix.edits]
    return diagnostic


def render(report, stream) -> None:
    result = {"source": SOURCE, "diagnostics": [_diagnostic(f) for f in report.findings]}
    stream.write(json_safe(json.dumps(result, ensure_ascii=False, indent=2)))
    stream.write("\n")
