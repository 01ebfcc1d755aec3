"""One article's pipeline for a caller that holds its bytes: read, lint, suppressions, fixes.

The same steps ``newslint check`` and ``fix`` take per file (see ``cli.command_check``), for
callers that are not a command line run: the language server lints an editor's text, not a
file. Nothing here prints or exits; errors are ``NewslintError`` as everywhere else.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from newslint.document import Document
from newslint.findings import Finding

# Told of a rule that raised: the rule, the exception and its traceback as text.
RuleErrorHandler = Callable[[object, BaseException, str], None]


def read_document(path: str, data: bytes, config, input_format: str | None = None) -> Document:
    """The article in ``data``, read as its extension (or ``input_format``) says, with the
    config's front-matter keys."""
    from newslint.readers import format_for, read

    return read(data, path, format_for(path, input_format) or "txt", config.front_matter)


def lint_document(document: Document, ruleset, config,
                  on_rule_error: RuleErrorHandler | None = None) -> list[Finding]:
    """The findings ``check`` reports for the document: suppressions applied.

    With ``on_rule_error``, a rule that raises is reported to it and reports nothing itself,
    while the other rules still report (an editor keeps its diagnostics); without it, the
    error propagates as it does for ``check`` (exit 3).
    """
    from newslint.engine import lint
    from newslint.suppressions import apply_suppressions

    if on_rule_error is not None:
        ruleset = guarded(ruleset, on_rule_error)
    findings = lint(document, ruleset)
    known = set(config.specs) | {rule.id for rule in ruleset.rules}
    return apply_suppressions(document, findings, known)


def lint_text(path: str, data: bytes, config, input_format: str | None = None,
              on_rule_error: RuleErrorHandler | None = None) -> tuple[Document, list[Finding]]:
    """Read and lint one article under its config: the document and the findings to report."""
    document = read_document(path, data, config, input_format)
    return document, lint_document(document, config.ruleset_for(path), config, on_rule_error)


def fix_text(document: Document, config, unsafe: bool = False,
             on_rule_error: RuleErrorHandler | None = None):
    """Apply the fixes of what ``check`` reports (suppressed findings stay), round after round,
    held to the fix invariant (``fixer.fix_document``); the ``FixOutcome``. Nothing is written.

    Each round re-reads the fixed text encoded as the document was, with the config's
    front-matter keys, so later rounds see the article as the first did.
    """
    from newslint.errors import InputError, NewslintError
    from newslint.fixer import fix_document
    from newslint.readers import read
    from newslint.safe_write import encode_like

    ruleset = config.ruleset_for(document.path)
    if on_rule_error is not None:
        ruleset = guarded(ruleset, on_rule_error)

    def reread(text: str) -> Document:
        try:
            return read(encode_like(document, text), document.path, document.format,
                        config.front_matter)
        except NewslintError as error:
            raise InputError(f"a fix would make the file unreadable ({error.message})",
                             document.path) from None

    def reported(doc: Document, found: list[Finding]) -> list[Finding]:
        from newslint.suppressions import apply_suppressions

        return apply_suppressions(doc, found, set(config.specs) | {r.id for r in ruleset.rules})

    return fix_document(document, ruleset, reread, unsafe=unsafe, reported=reported)


class _GuardedRule:
    """A rule whose exceptions are reported instead of raised: it then reports nothing."""

    __slots__ = ("_on_error", "_rule")

    def __init__(self, rule, on_error: RuleErrorHandler):
        self._rule = rule
        self._on_error = on_error

    def check(self, document: Document):
        try:
            # Whole, here: a rule is a generator, and it may fail half way through.
            return list(self._rule.check(document))
        except Exception as error:
            self._on_error(self._rule, error, traceback.format_exc())
            return []

    def __getattr__(self, name):
        return getattr(self._rule, name)


def guarded(ruleset, on_error: RuleErrorHandler):
    """The ruleset with each rule's exceptions going to ``on_error``."""
    from newslint.ruleset import Ruleset

    return Ruleset(ruleset.name, ruleset.path, [_GuardedRule(r, on_error) for r in ruleset.rules])


def forget_configs() -> None:
    """Find and load every config afresh: a config or a ruleset it reads was created, edited
    or deleted while this process runs (the command line never lives that long).

    Configs found and loaded are kept per process (``config._FOUND``, ``config._LOADED``,
    keyed by the config file alone); compiled rules check their own files' stamps and stay.
    """
    from newslint import config

    config._FOUND.clear()
    config._LOADED.clear()
    config._real_directory.cache_clear()
