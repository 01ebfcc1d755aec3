"""JSON: a list of findings, each with 1-based line and column, end exclusive, in code points."""

from __future__ import annotations

import json

from newslint.formatters import json_safe


def chunk(findings, color: bool = False) -> str:
    """One file's findings as JSON list items (run in the worker that linted the file).

    Each finding is the object ``json.dumps(..., ensure_ascii=False)`` would write for
    {path, line, column, end_line, end_column, rule, severity, message, match, segment, fix},
    ``fix`` being null or {replacement, applicability, title, edits: [{start, end,
    replacement}]}; a test holds it to that. It is written from json's C string encoder:
    ``dumps`` with an option builds an encoder per call, and a corpus has tens of thousands of
    findings. A file name byte that is not UTF-8 is written ``\\xNN`` (``json_safe``).
    """
    return json_safe(",\n".join(map(_encode, findings)))


def _encode(f) -> str:
    string = _string
    fix = f.fix
    if fix is None:
        fix = "null"
    else:
        edits = ", ".join([f'{{"start": {e.start}, "end": {e.end}, '
                           f'"replacement": {string(e.replacement)}}}' for e in fix.edits])
        fix = (f'{{"replacement": {string(fix.replacement)}, "applicability": '
               f'{string(fix.applicability)}, "title": {string(fix.title)}, '
               f'"edits": [{edits}]}}')
    return (f'{{"path": {string(f.path)}, "line": {f.line}, "column": {f.column}, '
            f'"end_line": {f.end_line}, "end_column": {f.end_column}, "rule": {string(f.rule)}, '
            f'"severity": {string(f.severity)}, "message": {string(f.message)}, '
            f'"match": {string(f.match)}, "segment": {string(f.segment_kind)}, "fix": {fix}}}')


_string = json.encoder.encode_basestring  # json's own (C) quoting, as ensure_ascii=False uses


class Writer:
    """A JSON list written a finding a line as files are linted: memory stays flat however
    many articles an audit reads. The lines are ``chunk``'s, made where each file was linted."""

    def __init__(self, report, stream):
        self.stream = stream
        self.first = True

    def add(self, rendered: str) -> None:
        if rendered:
            self.stream.write("[\n" if self.first else ",\n")
            self.stream.write(rendered)
            self.first = False

    def close(self) -> None:
        self.stream.write("[]\n" if self.first else "\n]\n")


def render(report, stream) -> None:
    writer = Writer(report, stream)
    writer.add(chunk(report.findings))
    writer.close()
