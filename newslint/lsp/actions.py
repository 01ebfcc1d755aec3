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

- "Add NAME to the house names": NAME joins the ``accept`` list of the config's vocabulary
  (``house_names`` plans the files' text). Offered on a finding of a rule that takes the
  vocabulary (``names.spelling``, ``names.context``: those reading the names dictionary) where
  the rule, run again with NAME accepted, no longer reports it; not where the house's own
  names map NAME as a variant, nor where the vocabulary file on disk lists it already.
"""

from __future__ import annotations

import re
from pathlib import Path

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
                 root: str | None = None) -> tuple[list[types.CodeAction], list[str]]:
    """The actions for the findings the range touches (on the worker thread), and problems
    for the editor's log; ``root``: the workspace's folder."""
    only = params.context.only
    positions = linted.positions
    start, end = positions.offset(params.range.start), positions.offset(params.range.end)
    # strict=False: a file newslint cannot read has one error diagnostic and no findings.
    touched = [(finding, diagnostic)
               for finding, diagnostic in zip(linted.findings, linted.diagnostics, strict=False)
               if finding.start <= end and start <= finding.end]
    edit = _editor(linted, capabilities)
    problems: list[str] = []
    found: list[types.CodeAction] = []
    if wants(only, types.CodeActionKind.QuickFix.value):
        preferred = _capability(capabilities, "is_preferred_support")
        for finding, diagnostic in touched:
            if finding.fix is not None:
                found.append(quick_fix(finding, diagnostic, positions, edit, preferred))
        adding: dict[str, types.CodeAction] = {}  # one action per name, for all its findings
        planned: dict[str, list | None] = {}  # each name's edits, read from disk once a request
        for finding, diagnostic in touched:
            try:
                action = add_name(linted, finding, diagnostic, capabilities, root, problems,
                                  planned)
            except Exception as error:  # a bug: the other actions are still offered
                import traceback

                problems.append(f"newslint: internal error working out the house-names action "
                                f"for {linted.snapshot.path}: {type(error).__name__}: {error}; "
                                f"please report it.\n{traceback.format_exc()}")
                action = None
            if action is not None and action.title in adding:
                adding[action.title].diagnostics.append(diagnostic)
            elif action is not None:
                adding[action.title] = action
                found.append(action)
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
    from newslint.files.safe_write import encode_like

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


def add_name(linted, finding, diagnostic: types.Diagnostic, capabilities, root: str | None,
             problems: list[str], planned: dict) -> types.CodeAction | None:
    """The action that adds the finding's name to the house names, if that silences it
    (``planned``: the request's plans by name, so that five findings of one name read and
    parse the names file once)."""
    from newslint.config.vocabulary import leaves_alone
    from newslint.lsp import house_names

    config = linted.config
    rule = config.ruleset_for(linted.snapshot.path).rule(finding.rule)
    if rule is None or not _takes_vocabulary(config, rule):
        return None
    name = " ".join(_as_written(linted.document, finding.match).split())  # one line, as listed
    if not name or leaves_alone(config.vocabulary, name):
        return None
    key = ("add name", rule.id, name)
    if key not in linted.answers:
        linted.answers[key] = _still_reported(linted, rule, name)
    still = linted.answers[key]
    if still is None or (finding.start, finding.end) in still:
        return None
    workspace = capabilities.workspace and capabilities.workspace.workspace_edit
    versioned = bool(workspace and workspace.document_changes)
    can_create = versioned and types.ResourceOperationKind.Create in (
        workspace.resource_operations or ())
    if name not in planned:
        try:
            # Planned afresh from the files on disk for each request: an edit applied since
            # (and not yet reloaded, by a client that does not watch files) is not made twice.
            planned[name] = house_names.plan(config, name, can_create,
                                             Path(linted.snapshot.path),
                                             Path(root) if root else None)
        except house_names.Refused as refused:
            if refused.args[0]:
                problems.append(f'newslint: cannot offer "Add {name} to the house names": '
                                f"{refused.args[0]}")
            planned[name] = None
    changes = planned[name]
    if not changes:
        return None
    return types.CodeAction(
        title=f'Add "{name}" to the house names',
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=_file_edits(changes, versioned, linted.positions.encoding),
    )


def _takes_vocabulary(config, rule) -> bool:
    """Whether the rule reads the config's names: those reading the names dictionary do, if the
    config can have a vocabulary at all (a rule reads the whole dictionary: see config.py)."""
    from newslint.config.ruleset import reads_names

    if config.vocabulary is not None:
        return "vocabulary" in rule.config
    spec = config.specs.get(rule.id)
    return spec is not None and reads_names(spec) and any(
        reads_names(other) and not other.options.get("groups") for other in config.specs.values())


def _as_written(document, name: str) -> str:
    """A name matched in capitals ("KIEV" in a dateline) as the article writes it elsewhere
    ("Kiev"): the form a person would list. The list is read without regard to case."""
    if not (name.isupper() and len(name) > 1):
        return name
    from newslint.analysis.text import is_whole_word

    for segment in document.segments:
        for match in re.finditer(re.escape(name), segment.text, re.IGNORECASE):
            if not match.group().isupper() and is_whole_word(segment.text, match.start(),
                                                             match.end()):
                return match.group()
    return name


def _still_reported(linted, rule, name: str) -> set[tuple[int, int]] | None:
    """The spans the rule still reports given the vocabulary with ``name`` accepted; None if
    that vocabulary does not read (the house rejects the name)."""
    import copy

    from newslint.config.ruleset import Ruleset
    from newslint.config.vocabulary import with_accepted
    from newslint.engine import lint
    from newslint.errors import ConfigError

    try:
        vocabulary = with_accepted(linted.config.vocabulary, name)
    except ConfigError:
        return None
    changed = copy.copy(rule)
    changed.config = {**rule.config, "vocabulary": vocabulary}
    changed.prepare()
    return {(f.start, f.end) for f in lint(linted.document, Ruleset(rule.id, Path(), [changed]))}


def _file_edits(changes, versioned: bool, encoding) -> types.WorkspaceEdit:
    """The planned files as a workspace edit: created files (``CreateFile``, then their text),
    the smallest text edits to the others, unversioned (they need not be open)."""
    from newslint.document import LineIndex
    from newslint.lsp.convert import Positions

    document_changes, by_uri = [], {}
    start = types.Position(line=0, character=0)
    for change in changes:
        uri = change.path.resolve().as_uri()
        if change.old is None:
            document_changes.append(types.CreateFile(
                uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)))
            edits = [types.TextEdit(range=types.Range(start=start, end=start),
                                    new_text=change.new)]
        else:
            positions = Positions(change.old, LineIndex(change.old).starts, encoding)
            edits = diff_edits(change.old, change.new, positions)
        document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None)
        document_changes.append(types.TextDocumentEdit(text_document=document, edits=edits))
        by_uri[uri] = edits
    if versioned:
        return types.WorkspaceEdit(document_changes=document_changes)
    return types.WorkspaceEdit(changes=by_uri)


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

# "Bad:", "Good (nitf):", ...: the labelled lines of an explanation, and those shown as code.
_LABEL = re.compile(r"(Bad|Good|Why|Fix safety|Options|Reads|Options here)( \([^)\n]*\))?:")
_AS_CODE = ("Bad", "Good", "Options here")
# Code spans the docstrings write (``option``), which Markdown shows as they are.
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
# What Markdown would read as markup in prose: "<em>" and "&rdquo;" quoted as examples, the
# "*" of emphasis in a title, the brackets and backslashes of a pattern (an "_" inside a word,
# as in "date_format", is no emphasis).
_MARKUP = re.compile(r"[\\*\[\]<>&#|~]|(?<!\w)_|_(?!\w)")


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
    """``newslint explain``'s text as Markdown that shows it as written: the rule id in bold,
    the labelled lines (examples, what the rule reads, its options) as paragraphs of their own,
    examples and options as code, and elsewhere every character that Markdown reads as markup
    escaped (an HTML tag or entity quoted as an example would be rendered, not shown)."""
    head, *rest = text.rstrip("\n").split("\n")
    rule_id, _, detail = head.partition(" ")
    out = [f"**{rule_id}** {_prose(detail)}"]
    for line in rest:
        label = _LABEL.match(line)
        if label:
            value = line[label.end():].strip()
            if label.group(1) in _AS_CODE:
                fence = "`" * (max(map(len, re.findall("`+", value)), default=0) + 1)
                value = f"{fence} {value} {fence}"
            else:
                value = _prose(value)
            if out[-1]:
                out.append("")
            line = f"**{_prose(label.group()[:-1])}:** {value}"
        else:
            line = _prose(line)
        out.append(line)
    return "\n".join(out)


def _prose(text: str) -> str:
    parts, at = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts += [_MARKUP.sub(r"\\\g<0>", text[at:span.start()]), span.group()]
        at = span.end()
    return "".join(parts) + _MARKUP.sub(r"\\\g<0>", text[at:])
