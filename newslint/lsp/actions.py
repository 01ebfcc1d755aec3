"""Code actions and hover, worked out from a document's lint (``server.Linted``).

Every action is a workspace edit the server computes, so it works in any editor without
client-side commands:

- each finding's fix (``quickfix``): safe fixes are preferred, unsafe ones say so in the title;
- "Fix all safe findings in this file" (``source.fixAll.newslint``, which VS Code can run on
  save): the rounds of ``newslint fix`` (``pipeline.fix_text``, fix invariant included) as
  the smallest edits between the text and the fixed text;
- "Disable RULE for this line": a ``<!-- newslint-disable-next-line RULE -->`` line above the
  finding's line, offered only where it silences that rule on that line and changes nothing
  else. Inserted into a paragraph a comment could split it (Markdown), or land in front
  matter or inside a tag: the article with the comment is read and linted again first, and
  must have the same parts with the same text and the same other findings.

The action "Add NAME to the house names" waits for the project vocabulary (a ``names.yaml``
beside the config) that no rule reads yet.
"""

from __future__ import annotations

import re

from lsprotocol import types

from newslint.lsp.convert import diff_edits, text_edits

FIX_ALL = "source.fixAll.newslint"
FIX_ALL_TITLE = "Fix all safe findings in this file"


def wants(only, kind: str) -> bool:
    """Whether a request limited to the kinds ``only`` (None: any) asks for ``kind``."""
    if not only:
        return True
    kinds = (getattr(k, "value", k) for k in only)  # CodeActionKind members or plain strings
    return any(not k or kind == k or kind.startswith(f"{k}.") for k in kinds)


def code_actions(linted, params: types.CodeActionParams, capabilities: types.ClientCapabilities,
                 ) -> tuple[list[types.CodeAction], list[str]]:
    """The actions for the findings the range touches (on the worker thread), and problems
    for the editor's log."""
    only = params.context.only
    positions = linted.positions
    start, end = positions.offset(params.range.start), positions.offset(params.range.end)
    touched = [(finding, diagnostic)
               for finding, diagnostic in zip(linted.findings, linted.diagnostics)
               if finding.start <= end and start <= finding.end]
    edit = _editor(linted, capabilities)
    problems: list[str] = []
    found: list[types.CodeAction] = []
    if wants(only, types.CodeActionKind.QuickFix.value):
        preferred = _capability(capabilities, "is_preferred_support")
        for finding, diagnostic in touched:
            if finding.fix is not None:
                found.append(quick_fix(finding, diagnostic, positions, edit, preferred))
        lines = {}
        for finding, diagnostic in touched:
            lines.setdefault((finding.rule, linted.document.lines.position(finding.start)[0]),
                             []).append(diagnostic)
        for (rule, line), diagnostics in lines.items():
            action = disable_line(linted, rule, line, diagnostics, edit)
            if action is not None:
                found.append(action)
    # Asked for, or offered beside a finding whose fix is safe (as the quick fixes are).
    if only and wants(only, FIX_ALL) or not only and any(
            f.fix is not None and f.fix.applicability == "safe" for f, _ in touched):
        action = fix_all(linted, edit, problems)
        if action is not None:
            found.append(action)
    return found, problems


def _capability(capabilities: types.ClientCapabilities, name: str) -> bool:
    document = capabilities.text_document
    return bool(document and document.code_action and getattr(document.code_action, name))


def _editor(linted, capabilities: types.ClientCapabilities):
    """Makes a workspace edit of text edits to the linted version of the document, in the form
    the client takes (versioned document changes where it can, so a stale edit is refused)."""
    uri, version = linted.snapshot.uri, linted.snapshot.version
    workspace = capabilities.workspace
    changes = workspace and workspace.workspace_edit
    versioned = bool(changes and changes.document_changes)

    def edit(edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        if versioned:
            document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
            return types.WorkspaceEdit(document_changes=[
                types.TextDocumentEdit(text_document=document, edits=edits)])
        return types.WorkspaceEdit(changes={uri: edits})

    return edit


def quick_fix(finding, diagnostic: types.Diagnostic, positions, edit,
              preferred: bool) -> types.CodeAction:
    fix = finding.fix
    title = fix.title or f"Fix {finding.rule}"
    safe = fix.applicability == "safe"
    return types.CodeAction(
        title=title if safe else f"{title} (unsafe fix: check the meaning)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=safe if preferred else None,
        edit=edit(text_edits(fix.edits, positions)),
    )


def disable_line(linted, rule: str, line: int, diagnostics, edit) -> types.CodeAction | None:
    """The action that puts a disable-next-line comment for ``rule`` above ``line`` (1-based),
    if the article reads and lints the same with it but for that rule on that line."""
    if "--" in rule:  # XML (and HTML) comments cannot hold "--"
        return None
    key = ("disable", rule, line)
    if key not in linted.answers:
        linted.answers[key] = _disabling_insertion(linted, rule, line)
    insertion = linted.answers[key]
    if insertion is None:
        return None
    offset, text = insertion
    return types.CodeAction(
        title=f"Disable {rule} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        edit=edit([types.TextEdit(range=linted.positions.range(offset, offset), new_text=text)]),
    )


def _disabling_insertion(linted, rule: str, line: int) -> tuple[int, str] | None:
    from newslint import pipeline
    from newslint.errors import NewslintError
    from newslint.safe_write import encode_like

    document, source = linted.document, linted.document.source
    starts = document.lines.starts
    start = starts[line - 1]
    following = starts[line] if line < len(starts) else len(source)
    indent = re.match(r"[ \t]*", source[start:following]).group()
    line_break = _line_break(source, starts, line)
    text = f"{indent}<!-- newslint-disable-next-line {rule} -->{line_break}"
    changed = source[:start] + text + source[start:]
    try:
        after, findings = pipeline.lint_text(document.path, encode_like(document, changed),
                                             linted.config, document.format,
                                             lambda *error: None)
    except (NewslintError, UnicodeError):
        return None
    if after.source != changed or _parts(after) != _parts(document):
        return None
    shift = len(text)
    expected = {(f.rule, f.start + shift * (f.start >= start), f.end + shift * (f.end > start))
                for f in linted.findings if not (f.rule == rule and start <= f.start < following)}
    if {(f.rule, f.start, f.end) for f in findings} != expected:
        return None
    return start, text


def _parts(document) -> list[tuple[str, str]]:
    return [(segment.kind, segment.text) for segment in document.segments]


def _line_break(source: str, starts: list[int], line: int) -> str:
    """The line break the file uses at this line (or the one before, for a last line)."""
    for number in (line, line - 1):
        if 0 < number < len(starts):
            end = starts[number]
            return "\r\n" if source[end - 2:end] == "\r\n" else source[end - 1]
    return "\n"


def fix_all(linted, edit, problems: list[str]) -> types.CodeAction | None:
    if "fix_all" not in linted.answers:
        linted.answers["fix_all"] = _fix_all_edits(linted, problems)
    edits = linted.answers["fix_all"]
    if not edits:
        return None
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, edit=edit(edits))


def _fix_all_edits(linted, problems: list[str]) -> list[types.TextEdit]:
    from newslint import pipeline
    from newslint.errors import NewslintError

    try:
        outcome = pipeline.fix_text(linted.document, linted.config, on_rule_error=lambda *e: None)
    except NewslintError as error:  # rules that contradict each other, or a fix that breaks
        problems.append(f"newslint: no fix-all for {linted.snapshot.path}: {error}")
        return []
    if not outcome.settled:
        problems.append(f"newslint: {linted.snapshot.path}: fixes did not settle after 10 rounds; "
                        "fix-all offers the last round")
    return diff_edits(outcome.original, outcome.fixed, linted.positions)


# --- hover ------------------------------------------------------------------------------------

_LABEL = re.compile(r"(Bad|Good|Reads|Options here):")


def hover(linted, position: types.Position,
          capabilities: types.ClientCapabilities) -> types.Hover | None:
    """The explanation (``newslint explain``) of the rules whose findings lie under the
    position, as Markdown where the client shows it."""
    from newslint.rulesdoc import explain_text

    offset = linted.positions.offset(position)
    hits = [f for f in linted.findings
            if f.start <= offset < f.end or f.start == f.end == offset]
    if not hits:
        return None
    ruleset = linted.config.ruleset_for(linted.snapshot.path)
    rules = [ruleset.rule(rule_id) for rule_id in dict.fromkeys(f.rule for f in hits)]
    texts = [explain_text(rule) for rule in rules if rule is not None]
    if not texts:
        return None
    document = capabilities.text_document
    formats = (document and document.hover and document.hover.content_format) or []
    if types.MarkupKind.Markdown in formats:
        contents = types.MarkupContent(kind=types.MarkupKind.Markdown,
                                       value="\n\n---\n\n".join(map(explanation_markdown, texts)))
    else:
        contents = types.MarkupContent(kind=types.MarkupKind.PlainText, value="\n".join(texts))
    first = hits[0]
    return types.Hover(contents=contents, range=linted.positions.range(first.start, first.end))


def explanation_markdown(text: str) -> str:
    """``newslint explain``'s text as Markdown: the rule id in bold, and the lines that are
    labelled (examples, what the rule reads) as paragraphs of their own, examples as code."""
    head, *rest = text.rstrip("\n").split("\n")
    rule_id, _, detail = head.partition(" ")
    out = [f"**{rule_id}** {detail}"]
    for line in rest:
        label = _LABEL.match(line)
        if label:
            value = line[label.end():].strip()
            if label.group(1) in ("Bad", "Good"):
                fence = "`" * (max(map(len, re.findall("`+", value)), default=0) + 1)
                value = f"{fence} {value} {fence}"
            if out[-1]:
                out.append("")
            line = f"**{label.group(1)}:** {value}"
        out.append(line)
    return "\n".join(out)
