"""``newslint show``: how each file was read, and which configuration applies to it.

A missing finding can always be explained from here: every part a reader found, in reading
order, with its kind, its exact span (``line:col-end_line:end_col``, as ``check`` positions
findings: 1-based, end exclusive, code points) and its text; and what the reader skipped and why
(a comment, a suppression directive, markup that is not article text). ``--config`` prints the
effective configuration instead: which config file applied (or none), its rules with their
severities and where each was defined.
"""

from __future__ import annotations

import json

SHORTEN = 72  # characters of a part's text shown in text output


def part_record(document, kind: str, start: int, end: int, text: str) -> dict:
    line, column = document.lines.position(start)
    end_line, end_column = document.lines.position(end)
    return {"kind": kind, "line": line, "column": column, "end_line": end_line,
            "end_column": end_column, "text": text}


def describe(document) -> dict:
    """The JSON record of one read document."""
    parts = []
    for segment in document.segments:
        start, end = segment.source_span(0, len(segment.text))
        parts.append(part_record(document, segment.kind, start, end, segment.text))
    skipped = []
    for reason, start, end in sorted(document.skipped, key=lambda s: (s[1], s[2])):
        record = part_record(document, "skipped", start, end, document.source[start:end])
        del record["kind"]
        skipped.append({"reason": reason, **record})
    return {"path": document.path, "format": document.format, "encoding": document.encoding,
            "parts": parts, "skipped": skipped}


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORTEN else text[:SHORTEN - 1] + "…"


def _span(record: dict) -> str:
    return f"{record['line']}:{record['column']}-{record['end_line']}:{record['end_column']}"


def text(record: dict) -> str:
    """A file's parts as aligned lines for people."""
    lines = [f"{record['path']} ({record['format']}, {record['encoding']})"]
    rows = [(p["kind"], _span(p), _shorten(p["text"])) for p in record["parts"]]
    # What was skipped stands where it is in the file, among the parts read in reading order.
    for skipped in reversed(record["skipped"]):
        where = (skipped["line"], skipped["column"])
        index = next((i for i, p in enumerate(record["parts"]) if (p["line"], p["column"]) > where),
                     len(record["parts"]))
        rows.insert(index, ("skipped", _span(skipped), f"{skipped['reason']}: {_shorten(skipped['text'])}"))
    if not rows:
        lines.append("  (no parts: nothing in this file is read as article text)")
    kind_width = max((len(r[0]) for r in rows), default=0)
    span_width = max((len(r[1]) for r in rows), default=0)
    lines.extend(f"  {kind.ljust(kind_width)}  {span.ljust(span_width)}  {shown}"
                 for kind, span, shown in rows)
    return "\n".join(lines) + "\n"


def config_record(file: str, config, ruleset) -> dict:
    """The effective configuration for ``file``: the config file, its choices, the rules."""
    return {
        "path": file,
        "config": str(config.path) if config.path else None,
        "root": str(config.root),
        "ruleset": config.name,
        "select": list(config.select),
        "ignore": list(config.ignore),
        "front_matter": dict(config.front_matter),
        "names": str(config.vocabulary) if config.vocabulary is not None else None,
        "included": config.includes(file) if file != "-" else True,
        "rules": [{"id": rule.id, "kind": rule.kind, "severity": rule.severity,
                   "segments": sorted(rule.segments), "defined": rule.origin,
                   "options": {k: v for k, v in sorted(rule.config.items()) if k != "vocabulary"
                               and (not isinstance(v, (list, dict)) or len(str(v)) < 120)}}
                  for rule in ruleset.rules],
    }


def config_text(record: dict) -> str:
    config = record["config"] or f"none (the ruleset {record['ruleset']} as it is)"
    lines = [f"{record['path']}", f"  config: {config}", f"  root: {record['root']}"]
    if not record["included"]:
        lines.append("  not linted: the config's files/exclude leave this file out")
    for key in ("select", "ignore"):
        if record[key]:
            lines.append(f"  {key}: {', '.join(record[key])}")
    if record["front_matter"]:
        lines.append("  front_matter: " + ", ".join(f"{k} -> {v}" for k, v in record["front_matter"].items()))
    if record["names"]:
        lines.append(f"  names: {record['names']}")
    lines.append(f"  rules ({len(record['rules'])}):")
    width = max((len(r["id"]) for r in record["rules"]), default=0)
    for rule in record["rules"]:
        lines.append(f"    {rule['id'].ljust(width)}  {rule['severity']:<10}  {rule['defined']}")
    return "\n".join(lines) + "\n"


def dumps(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n"
