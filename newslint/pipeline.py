"""One article's pipeline: config → read → lint or fix → suppressions → changed lines → baseline.

Every caller takes these steps through this module: ``newslint check`` and ``fix`` run
``Pipeline.check`` / ``Pipeline.fix`` per file (``cli.py`` prints; ``runner.run_files`` runs
files in parallel), the language server lints an editor's text with ``lint_text`` and
``fix_text``, and ``newslint audit`` lints an archive with ``lint_text``. Nothing here prints
or exits; errors are ``NewslintError`` as everywhere else.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from newslint.document import Document
from newslint.findings import Finding

if TYPE_CHECKING:
    from newslint.engine import RuleErrorHandler


# --- the steps, one at a time ------------------------------------------------------------------

def read_file(path: str) -> bytes:
    """A file's bytes; its size is checked before it is read (``readers.check_size``)."""
    from newslint.errors import InputError
    from newslint.readers import check_size

    try:
        with open(path, "rb") as file:
            check_size(os.fstat(file.fileno()).st_size, path)
            return file.read()
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror}", path) from None


def read_stdin() -> bytes:
    from newslint.errors import InputError

    if sys.stdin is None:  # started with it closed (``<&-``)
        raise InputError("cannot read standard input: it is closed")
    try:
        return sys.stdin.buffer.read()
    except OSError as error:
        raise InputError(f"cannot read standard input: {error.strerror or error}") from None


def read_document(path: str, data: bytes, config, input_format: str | None = None,
                  encoding: str | None = None) -> Document:
    """The article in ``data``, read as its extension (or ``input_format``) says, with the
    config's front-matter keys and HTML selectors; ``encoding`` (else the config's) is that of
    a file that is not UTF-8 and declares none."""
    from newslint.readers import format_for, read

    return read(data, path, format_for(path, input_format) or "txt", config.front_matter,
                encoding or config.encoding, config.html)


def lint_document(document: Document, ruleset, config,
                  on_rule_error: RuleErrorHandler | None = None,
                  report_unused: bool = False) -> list[Finding]:
    """The findings ``check`` reports for the document: suppressions applied (and, with
    ``report_unused``, a finding for each suppression that silences nothing).

    With ``on_rule_error``, a rule that raises is reported to it and reports nothing itself,
    while the other rules still report (an editor keeps its diagnostics); without it, the
    error propagates as it does for ``check`` (exit 3).
    """
    from newslint.engine import lint

    return suppressed(document, lint(document, ruleset, on_rule_error), ruleset, config,
                      report_unused)


def suppressed(document: Document, findings: list[Finding], ruleset, config,
               report_unused: bool = False) -> list[Finding]:
    """The findings no ``newslint-disable`` comment silences."""
    from newslint.suppressions import apply_suppressions, may_hold_directives

    if not may_hold_directives(document):  # most files: no need to list the rules it may name
        return findings
    known = set(config.specs) | {rule.id for rule in ruleset.rules}
    return apply_suppressions(document, findings, known, report_unused)


def lint_text(path: str, data: bytes, config, input_format: str | None = None,
              on_rule_error: RuleErrorHandler | None = None) -> tuple[Document, list[Finding]]:
    """Read and lint one article under its config: the document and the findings to report."""
    document = read_document(path, data, config, input_format)
    return document, lint_document(document, config.ruleset_for(path), config, on_rule_error)


ReportedFilter = Callable[[Document, list[Finding]], list[Finding]]


def fix_text(document: Document, config, unsafe: bool = False,
             on_rule_error: RuleErrorHandler | None = None, ruleset=None,
             reported: ReportedFilter | None = None):
    """Apply the fixes of what ``check`` reports (suppressed findings stay), round after round,
    held to the fix invariant (``fixer.fix_document``); the ``FixOutcome``. Nothing is written.

    ``ruleset`` defaults to the config's for the document; ``reported`` (default: suppressions)
    says which of a round's findings are reported, and so fixed. Each round re-reads the fixed
    text as the first round read the file: its encoding (a fallback one from ``--encoding``
    too), the config's front-matter keys and HTML selectors.
    """
    from newslint.errors import InputError, NewslintError
    from newslint.files.safe_write import encode_like
    from newslint.fixer import fix_document
    from newslint.readers import read

    if ruleset is None:
        ruleset = config.ruleset_for(document.path)

    def reread(text: str) -> Document:
        try:
            return read(encode_like(document, text), document.path, document.format,
                        config.front_matter, encoding=document.encoding, html=config.html)
        except NewslintError as error:
            raise InputError(f"a fix would make the file unreadable ({error.message}); "
                             "nothing written", document.path) from None

    if reported is None:
        def reported(doc: Document, found: list[Finding]) -> list[Finding]:
            return suppressed(doc, found, ruleset, config)

    return fix_document(document, ruleset, reread, unsafe=unsafe, reported=reported,
                        on_rule_error=on_rule_error)


# --- a run's files -----------------------------------------------------------------------------

# Plain classes, not dataclasses: `check` imports this module on its cold start, and building
# a dataclass costs more than importing the rest of it.
class Settings:
    """What a run of ``check`` or ``fix`` asks of every file (its command-line options):
    ``encoding`` of files that are not UTF-8 and declare none (else each config's),
    ``stdin_filename`` (the name '-' is reported and configured as), ``changed`` ({resolved
    path: changed lines} for ``--diff-base``; None: every line), ``baseline`` (a file for every
    file; else each config's), ``use_baselines`` (False: ``--no-baseline``)."""

    __slots__ = ("baseline", "changed", "encoding", "ignore", "input_format", "report_unused",
                 "select", "stdin_filename", "use_baselines")

    def __init__(self, input_format: str | None = None, encoding: str | None = None,
                 stdin_filename: str | None = None, select: list[str] = (),
                 ignore: list[str] = (), report_unused: bool = False,
                 changed: dict | None = None, baseline: str | None = None,
                 use_baselines: bool = True):
        self.input_format = input_format
        self.encoding = encoding
        self.stdin_filename = stdin_filename
        self.select, self.ignore = list(select), list(ignore)
        self.report_unused = report_unused
        self.changed = changed
        self.baseline = baseline
        self.use_baselines = use_baselines


class FileOutcome:
    """One file through the pipeline: the findings to report, the document they are positioned
    in (None when they came from the results cache), the file's bytes and config; for ``fix``,
    the ``fixer.FixOutcome`` and the document as read, before the fixes; ``baseline``, the
    ``baseline.FileMatch`` that left out the findings the baseline holds."""

    __slots__ = ("as_read", "baseline", "config", "data", "document", "findings", "fixed")

    def __init__(self, findings: list[Finding], document: Document | None, data: bytes, config,
                 fixed=None, as_read: Document | None = None, baseline=None):
        self.findings = findings
        self.document = document
        self.data = data
        self.config = config
        self.fixed = fixed
        self.as_read = as_read
        self.baseline = baseline


class Pipeline:
    """The per-file steps of one run: ``check(path)`` and ``fix(path)``, each a pure function
    of the file, its config and the run's ``Settings`` (so that worker processes can run them).

    ``cache`` (``runner.ResultsCache``) keeps ``check``'s findings after suppressions; the
    filters after it (changed lines) run on every run.
    """

    def __init__(self, finder, settings: Settings | None = None, cache=None):
        self.finder = finder
        self.settings = settings or Settings()
        self.cache = cache
        self._baselines: dict[int, object] = {}

    def shown(self, path: str) -> str:
        """The name a file is configured by: standard input's is ``--stdin-filename``."""
        return (self.settings.stdin_filename or "-") if path == "-" else path

    def ruleset(self, path: str):
        shown = self.shown(path)
        return self._ruleset(self.finder.for_file(shown), shown)

    def _ruleset(self, config, shown: str):
        return config.ruleset_for(shown).selected(self.settings.select, self.settings.ignore)

    def read(self, path: str, config=None, data: bytes | None = None) -> tuple[bytes, Document]:
        """The file's bytes (read here unless given) and its document."""
        if config is None:
            config = self.finder.for_file(self.shown(path))
        if path == "-":
            data, path = read_stdin(), self.settings.stdin_filename or "<stdin>"
        elif data is None:
            data = read_file(path)
        return data, read_document(path, data, config, self.settings.input_format,
                                   self.settings.encoding)

    def baseline(self, config):
        """The baseline that applies under ``config`` (``--baseline``, else the config's
        ``baseline:``), or None; ConfigError (exit 2) for a file missing or not a baseline."""
        settings = self.settings
        if not settings.use_baselines or not (settings.baseline or config.baseline):
            return None
        found = self._baselines.get(id(config))  # read once per config in a run
        if found is None:
            from newslint import baseline

            if settings.baseline:
                found = baseline.load(settings.baseline)
            else:
                found = baseline.load(baseline.shown_path(config.baseline), str(config.path),
                                      config.baseline_line)
            self._baselines[id(config)] = found
        return found

    def _baseline_match(self, config, ruleset, shown: str):
        found = self.baseline(config)
        if found is None:
            return None
        from newslint.baseline import FileMatch

        return FileMatch(found, found.file_key(shown), {rule.id for rule in ruleset.rules})

    def check(self, path: str) -> FileOutcome:
        """The findings ``newslint check`` reports for one file."""
        settings, shown = self.settings, self.shown(path)
        config = self.finder.for_file(shown)
        ruleset = self._ruleset(config, shown)
        match = self._baseline_match(config, ruleset, shown)
        data = None if path == "-" else read_file(path)
        key = None
        if self.cache is not None and data:
            encoding = settings.encoding or config.encoding
            key = self.cache.key(path, data, ruleset,
                                 repr((config.front_matter, encoding, config.html)))
        findings = self.cache.get(key) if key else None
        document = None
        if findings is None:
            data, document = self.read(path, config, data)
            findings = lint_document(document, ruleset, config,
                                     report_unused=settings.report_unused)
            if key:
                self.cache.put(key, findings)
        elif match is not None and match.needs_document(findings):
            document = self.read(path, config, data)[1]  # the fingerprints' context
        return FileOutcome(self._filtered(findings, shown, document, match), document, data,
                           config, baseline=match)

    def fix(self, path: str, unsafe: bool = False, review=None) -> FileOutcome:
        """Fix exactly what ``check`` would report: suppressed findings, findings outside the
        changed lines and findings the baseline holds are left as they are. The outcome's
        document and findings are the fixed text's; ``as_read`` and ``fixed.reported`` are the
        file's as it was. ``review`` (``review.Review``) asks an editor about each fix."""
        shown = self.shown(path)
        config = self.finder.for_file(shown)
        ruleset = self._ruleset(config, shown)
        match = self._baseline_match(config, ruleset, shown)
        data, document = self.read(path, config)

        def reported(doc: Document, found: list[Finding]) -> list[Finding]:
            found = suppressed(doc, found, ruleset, config, self.settings.report_unused)
            return self._filtered(found, shown, doc, match)

        hook = review.of_file(reported) if review is not None else reported
        outcome = fix_text(document, config, unsafe, ruleset=ruleset, reported=hook)
        remaining = hook.restore(outcome.remaining) if review is not None else outcome.remaining
        return FileOutcome(remaining, outcome.document, data, config, outcome, document, match)

    def _filtered(self, findings: list[Finding], shown: str, document: Document | None,
                  match) -> list[Finding]:
        """The findings on the changed lines (``--diff-base``, ``--changed-only``) that the
        baseline does not hold. The baseline counts the whole file's findings, so that a
        finding that moved onto a changed line is still the baseline's."""
        changed = self.settings.changed
        on_changed = None
        if changed is not None:
            from pathlib import Path

            from newslint.files.gitdiff import keep

            on_changed = keep(findings, changed.get(Path(shown).resolve(), set()))
        if match is not None:
            findings = match.split(findings, document, on_changed)
        if on_changed is None:
            return findings
        if match is None:
            return on_changed
        kept = {id(finding) for finding in on_changed}
        return [finding for finding in findings if id(finding) in kept]


# --- forgetting configs (the language server) ----------------------------------

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
