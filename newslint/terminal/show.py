"""``newslint show``: how each file was read, and which configuration applies to it.

A missing finding can always be explained from here: every part a reader found, in reading
order, with its kind, its exact span (``line:col-end_line:end_col``, as ``check`` positions
findings: 1-based, end exclusive, code points), its language where the file marks one, and its
text; and what was skipped and why (a comment, a suppression directive, markup that is not
article text, a part in a language no rule reads: "another language: es"). ``--config`` prints the
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


def describe(document, ruleset=None) -> dict:
    """The JSON record of one read document. ``ruleset``: a callable giving the rules that
    apply to it, asked only when a part is marked with a language (is any rule reading it?)."""
    from newslint.rules import reads_language

    parts = []
    skipped_parts = []
    read_languages: dict[str, bool] = {}
    for segment in document.segments:
        start, end = segment.source_span(0, len(segment.text))
        record = part_record(document, segment.kind, start, end, segment.text)
        language = segment.attributes.get("lang")
        if language is None:
            parts.append(record)
            continue
        record["language"] = language
        if ruleset is not None and language not in read_languages:
            rules = ruleset().rules
            read_languages[language] = any(reads_language(r.languages, language)
                                           for r in rules if r.reads_words)
        if read_languages.get(language, True):
            parts.append(record)
        else:
            skipped_parts.append({"reason": f"another language: {language}", **record})
    skipped = []
    for reason, start, end in sorted(document.skipped, key=lambda s: (s[1], s[2])):
        record = part_record(document, "skipped", start, end, document.source[start:end])
        del record["kind"]
        skipped.append({"reason": reason, **record})
    skipped = sorted(skipped + skipped_parts, key=lambda s: (s["line"], s["column"]))
    record = {"path": document.path, "format": document.format, "encoding": document.encoding,
              "parts": parts, "skipped": skipped}
    # The encoding a declaration names that the bytes contradict (they were read as UTF-8).
    declared = next((d for check, _, _, d in document.notices if check == "encoding-mismatch"),
                    None)
    if declared:
        record["declared_encoding"] = declared
    return record


def not_read(path: str, reason: str) -> dict:
    """The record of a file (or folder) the run does not read (see ``newslint.files.discovery``)."""
    return {"path": path, "not_read": reason}


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORTEN else text[:SHORTEN - 1] + "…"


def _span(record: dict) -> str:
    return f"{record['line']}:{record['column']}-{record['end_line']}:{record['end_column']}"


def text(record: dict) -> str:
    """A file's parts as aligned lines for people."""
    if "not_read" in record:
        return f"{record['path']} (not read: {record['not_read']})\n"
    # One language for every part goes in the heading; else each part marked with one says it.
    languages = {p.get("language") for p in record["parts"] + record["skipped"] if "kind" in p}
    common = languages.pop() if len(languages) == 1 else None
    declared = record.get("declared_encoding") and f"declared {record['declared_encoding']}"
    heading = ", ".join(filter(None, (record["format"], record["encoding"], declared, common)))
    lines = [f"{record['path']} ({heading})"]
    rows = [(p["kind"] + (f" [{p['language']}]" if "language" in p and not common else ""),
             _span(p), _shorten(p["text"])) for p in record["parts"]]
    # What was skipped stands where it is in the file, among the parts read in reading order.
    for skipped in reversed(record["skipped"]):
        where = (skipped["line"], skipped["column"])
        index = next((i for i, p in enumerate(record["parts"]) if (p["line"], p["column"]) > where),
                     len(record["parts"]))
        reason = skipped["reason"] + (f" ({skipped['kind']})" if "kind" in skipped else "")
        rows.insert(index, ("skipped", _span(skipped), f"{reason}: {_shorten(skipped['text'])}"))
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
        "encoding": config.encoding,
        "names": str(config.vocabulary) if config.vocabulary is not None else None,
        "included": config.includes(file) if file != "-" else True,
        "rules": [{"id": rule.id, "kind": rule.kind, "severity": rule.severity,
                   "segments": sorted(rule.segments), "defined": rule.origin,
                   "options": {k: v for k, v in sorted(rule.config.items()) if k != "vocabulary"
                               and (not isinstance(v, (list, dict)) or len(str(v)) < 120)}}
                  for rule in ruleset.rules],
    }


def config_text(record: dict) -> str:
    if "not_read" in record:
        return text(record)
    config = record["config"] or f"none (the ruleset {record['ruleset']} as it is)"
    lines = [f"{record['path']}", f"  config: {config}", f"  root: {record['root']}"]
    if not record["included"]:
        lines.append("  not linted: the config's files/exclude leave this file out")
    for key in ("select", "ignore"):
        if record[key]:
            lines.append(f"  {key}: {', '.join(record[key])}")
    if record["encoding"]:
        lines.append(f"  encoding: {record['encoding']} "
                     "(files that are not UTF-8 and declare none)")
    if record["front_matter"]:
        lines.append("  front_matter: " + ", ".join(f"{key} -> {kind}" for key, kind
                                                    in record["front_matter"].items()))
    if record["names"]:
        lines.append(f"  names: {record['names']}")
    lines.append(f"  rules ({len(record['rules'])}):")
    width = max((len(r["id"]) for r in record["rules"]), default=0)
    for rule in record["rules"]:
        lines.append(f"    {rule['id'].ljust(width)}  {rule['severity']:<10}  {rule['defined']}")
    return "\n".join(lines) + "\n"


def dumps(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n"
