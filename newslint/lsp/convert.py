"""From newslint's terms to the Language Server Protocol's: positions, diagnostics, edits.

newslint counts source offsets in code points; LSP counts 0-based lines and, within a line,
code units of the position encoding agreed at initialisation (UTF-16 unless the client offers
another): an emoji or any character outside the Basic Multilingual Plane is two UTF-16 units,
a CJK character three UTF-8 units. Lines break where ``Document.lines`` breaks them (``\\n``,
``\\r\\n``, ``\\r``), as LSP does.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from pathlib import Path

from lsprotocol import types

from newslint.findings import Finding
from newslint.rulesdoc import rule_doc_uri

SOURCE = "newslint"
SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    # Information, not Hint: editors list hints nowhere (VS Code only dots the text).
    "suggestion": types.DiagnosticSeverity.Information,
}
# Characters wider than one code unit, per encoding, and how many units more they take.
_WIDE = {
    types.PositionEncodingKind.Utf16: (re.compile("[\U00010000-\U0010ffff]"), lambda c: 1),
    types.PositionEncodingKind.Utf8: (re.compile("[^\x00-\x7f]"), lambda c: len(c.encode()) - 1),
}


class Positions:
    """Source offsets (code points) to LSP positions and back, for one text.

    The wide characters are found once (a regular-expression pass, and none for ASCII text);
    each conversion is then a bisection, so a long line full of findings stays linear.
    """

    def __init__(self, source: str, line_starts: list[int],
                 encoding=types.PositionEncodingKind.Utf16):
        self.source = source
        self.starts = line_starts
        self.encoding = encoding
        self._wide: list[int] = []  # offsets of the wide characters
        self._extra: list[int] = [0]  # units beyond one per character, before each of them
        if encoding in _WIDE and not source.isascii():
            pattern, width = _WIDE[encoding]
            for match in pattern.finditer(source):
                self._wide.append(match.start())
                self._extra.append(self._extra[-1] + width(match.group()))

    def _extra_before(self, offset: int) -> int:
        return self._extra[bisect_left(self._wide, offset)]

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.source)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        units = offset - start
        if self._wide:
            units += self._extra_before(offset) - self._extra_before(start)
        return types.Position(line=line, character=units)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def line_end(self, line: int) -> int:
        """The offset where the line's text ends, before its line break."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.source)
        while end > self.starts[line] and self.source[end - 1] in "\r\n":
            end -= 1
        return end

    def offset(self, position: types.Position) -> int:
        """The source offset of an LSP position; past a line's end is its end (as the protocol
        says), past the last line is the end of the text."""
        if position.line >= len(self.starts):
            return len(self.source)
        start, end = self.starts[position.line], self.line_end(position.line)
        if not self._wide:
            return min(start + position.character, end)
        base = self._extra_before(start)
        low, high = start, end  # the first offset whose units reach the position's
        while low < high:
            middle = (low + high) // 2
            if middle - start + self._extra_before(middle) - base < position.character:
                low = middle + 1
            else:
                high = middle
        return low


def related_place(finding: Finding, positions: Positions, uri: str):
    """The second place a finding names (the article's spelling, the first full reference),
    from the structured ``related`` list the rules give (1-based lines, code-point columns),
    as related information; or None."""
    places = finding.extra.get("related") if finding.extra else None
    if not places:
        return None
    place = places[0]
    if place["end_line"] > len(positions.starts):
        return None
    start = positions.starts[place["line"] - 1] + place["column"] - 1
    end = positions.starts[place["end_line"] - 1] + place["end_column"] - 1
    return types.DiagnosticRelatedInformation(
        location=types.Location(uri=uri, range=positions.range(start, end)),
        message=place.get("message", ""))


class DiagnosticStyle:
    """What the client can show of a diagnostic (its capabilities), decided once."""

    def __init__(self, capabilities: types.ClientCapabilities | None):
        published = capabilities and capabilities.text_document and \
            capabilities.text_document.publish_diagnostics
        self.related = bool(published and published.related_information)
        self.code_description = bool(published and published.code_description_support)


def diagnostic(finding: Finding, positions: Positions, uri: str, style: DiagnosticStyle,
               kind: str | None = None) -> types.Diagnostic:
    href = rule_doc_uri(kind) if kind and style.code_description else None
    related = related_place(finding, positions, uri) if style.related else None
    return types.Diagnostic(
        range=positions.range(finding.start, finding.end),
        message=finding.message,
        severity=SEVERITIES.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        related_information=[related] if related else None,
    )


def error_diagnostic(error, positions: Positions | None, path: str, uri: str,
                     style: DiagnosticStyle) -> types.Diagnostic:
    """The one diagnostic of an article that could not be linted, saying why: at the error's
    line and column when they are in the article, else at its start, naming the file at fault
    (a config, a ruleset) with its line as related information."""
    point = types.Range(start=types.Position(line=0, character=0),
                        end=types.Position(line=0, character=0))
    related = None
    in_article = getattr(error, "path", None) in (None, path)
    line, column = getattr(error, "line", None), getattr(error, "column", None)
    if in_article and line and positions is not None and line <= len(positions.starts):
        offset = positions.starts[line - 1] + (column - 1 if column else 0)
        point = positions.range(offset, offset)
    elif not in_article and style.related:
        where = types.Position(line=max((line or 1) - 1, 0), character=0)
        related = [types.DiagnosticRelatedInformation(
            location=types.Location(uri=Path(error.path).resolve().as_uri(),
                                    range=types.Range(start=where, end=where)),
            message=getattr(error, "message", str(error)))]
    return types.Diagnostic(range=point, message=str(error),
                            severity=types.DiagnosticSeverity.Error, source=SOURCE,
                            related_information=related)


def text_edits(edits, positions: Positions) -> list[types.TextEdit]:
    """``findings.Edit``s (source offsets) as LSP text edits."""
    return [types.TextEdit(range=positions.range(edit.start, edit.end), new_text=edit.replacement)
            for edit in edits]


def diff_edits(before: str, after: str, positions: Positions) -> list[types.TextEdit]:
    """The edits that turn ``before`` into ``after`` (several rounds of fixes, whose edits are
    each in their own round's offsets): changed lines found by difflib, each run of them
    trimmed to the characters that differ, so an editor keeps its marks on untouched text."""
    import difflib

    old_lines = before.splitlines(keepends=True)
    new_lines = after.splitlines(keepends=True)
    old_starts = [0]
    for line in old_lines:
        old_starts.append(old_starts[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = old_starts[i1], old_starts[i2]
        old, new = before[start:end], "".join(new_lines[j1:j2])
        prefix = 0
        while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
            suffix += 1
        # No position lies between the two characters of a CRLF: an edit that begins or ends
        # there takes the whole line break ("\r\n" -> "\r" replaces both).
        if before[start + prefix - 1:start + prefix + 1] == "\r\n":
            prefix -= 1
        if suffix and before[end - suffix - 1:end - suffix + 1] == "\r\n":
            suffix -= 1
        edits.append(types.TextEdit(range=positions.range(start + prefix, end - suffix),
                                    new_text=new[prefix:len(new) - suffix]))
    return edits
