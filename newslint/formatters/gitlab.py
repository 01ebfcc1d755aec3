"""GitLab code quality report: a JSON list of issues with a stable fingerprint each.

The fingerprint hashes the path, rule, matched text and its occurrence number, not the line, so
a finding keeps its identity when copy above it moves and merge requests show it as unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from newslint.formatters import LEVELS, json_safe, relative_path


def render(report, stream) -> None:
    seen: Counter = Counter()
    issues = []
    for f in report.findings:
        path = relative_path(f.path)
        identity = (path, f.rule, f.match)
        seen[identity] += 1
        key = "\0".join((*identity, str(seen[identity])))
        issues.append({
            "type": "issue",
            "check_name": f.rule,
            "description": f.message,
            "categories": ["Style"],
            "severity": LEVELS["gitlab"][f.severity],
            # the file name's own bytes, UTF-8 or not
            "fingerprint": hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest(),
            "location": {"path": path, "positions": {
                "begin": {"line": f.line, "column": f.column},
                "end": {"line": f.end_line, "column": f.end_column},
            }},
        })
    stream.write(json_safe(json.dumps(issues, ensure_ascii=False, indent=2)))
    stream.write("\n")
