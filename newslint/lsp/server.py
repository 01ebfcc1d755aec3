"""The language server: ``newslint lsp`` speaks LSP over standard input and output (pygls).

One article pipeline, the command line's (``newslint.pipeline``): the editor's text is read
as its file's format, under the config that applies to the file on disk, linted, and its
suppressions applied. What the server adds is timing and translation:

- Linting runs on one worker thread, one job at a time, so newslint's per-process caches see
  one caller and the event loop stays free to read the editor's messages meanwhile.
- A change is linted once the text has been still for ``debounce`` seconds; each change
  cancels the wait of the one before, and a result for a version that is no longer the
  document's is dropped, so a burst of keystrokes lints its last text only, once.
- Opening and saving lint at once. A config, ruleset or names file that changes on disk
  (``workspace/didChangeWatchedFiles``; or, for clients that cannot watch, on the next open or
  save) makes every open article lint again under configs found and read afresh.
- Documents are synchronised whole: pygls applies incremental edits by Python's
  ``str.splitlines``, which also breaks lines at U+2028 and U+0085 (they occur in copy
  pasted from the web), where editors do not, and the text would go wrong from there on.
"""

from __future__ import annotations

import asyncio
import os
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from newslint import __version__, pipeline
from newslint.document import Document, LineIndex
from newslint.lsp import actions
from newslint.lsp.convert import DiagnosticStyle, Positions, diagnostic, error_diagnostic

# Seconds of stillness before a change is linted: a burst of keystrokes is one lint, and the
# lint of an article still lands within 100 ms of the last key.
DEBOUNCE = 0.06
# Language ids editors give articles whose file name says nothing (an unsaved buffer).
LANGUAGE_FORMATS = {"plaintext": "txt", "text": "txt", "markdown": "md", "html": "html",
                    "xml": "xml", "nitf": "xml", "newsml": "xml"}
WATCHED = ("**/.newslint.yaml", "**/.newslint.yml", "**/pyproject.toml", "**/*.yaml", "**/*.yml")
_REPORT_IT = "please report it with the text that caused it"


@dataclass
class Snapshot:
    """An open document as it was when a lint was asked for (handed to the worker thread)."""

    uri: str
    version: int | None
    text: str
    path: str
    input_format: str | None


@dataclass
class Linted:
    """One version of a document, linted: what diagnostics, code actions and hover read."""

    snapshot: Snapshot
    positions: Positions
    diagnostics: list[types.Diagnostic]
    document: Document | None = None  # None: the text could not be read, or is excluded
    config: object = None
    findings: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # for window/logMessage
    answers: dict = field(default_factory=dict)  # code actions worked out for this version
    generation: int = 0  # of the configs it was linted under (see reload_configs)


class _Protocol(LanguageServerProtocol):
    """pygls 2.1's protocol, without its leak: every handler it runs as a future (a generator,
    as its built-in didOpen and didChange are, a coroutine, a thread) is kept in
    ``_request_futures``, and only a request's response takes it out again; a notification's
    stays for ever, some 2 KB a keystroke. Here each leaves the table when it is done."""

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        def forget(future):
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, forget, args, kwargs)


class NewslintServer(LanguageServer):
    def __init__(self):
        super().__init__("newslint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full,
                         protocol_cls=_Protocol)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newslint-lint")
        self.debounce = DEBOUNCE
        self.linted: dict[str, Linted] = {}
        self.waiting: dict[str, asyncio.Task] = {}
        self.watching = False
        self.generation = 0  # configs forgotten so far: a lint from before is stale
        self.style = DiagnosticStyle(None)
        self.logged: set[tuple[str, str]] = set()  # (uri, problem): each said once

    # --- what the editor's documents are -------------------------------------------------

    def snapshot(self, uri: str) -> Snapshot | None:
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        from newslint.readers import format_for

        path = document.path
        if not uri.startswith("file:"):  # an unsaved buffer: its config is the workspace's
            root = self.workspace.root_path or os.getcwd()
            path = os.path.join(root, os.path.basename(path or "untitled"))
        language = document.language_id or ""
        input_format = None if format_for(path) else LANGUAGE_FORMATS.get(language)
        return Snapshot(uri, document.version, document.source, path, input_format)

    def current(self, uri: str) -> Linted | None:
        """The lint of the document's present version, if it has been done."""
        linted = self.linted.get(uri)
        document = self.workspace.text_documents.get(uri)
        if linted is None or document is None or linted.generation != self.generation \
                or linted.snapshot.version != document.version:
            return None
        return linted

    # --- linting -------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Lint the document after ``delay`` seconds unless it changes again meanwhile."""
        waiting = self.waiting.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        task = asyncio.get_running_loop().create_task(self._publish_later(uri, delay))
        self.waiting[uri] = task
        task.add_done_callback(lambda done: self.waiting.get(uri) is done and self.waiting.pop(uri))

    async def _publish_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        linted = await self.lint(uri)
        if linted is not None and self.current(uri) is linted:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=linted.diagnostics, version=linted.snapshot.version))

    async def lint(self, uri: str) -> Linted | None:
        """The lint of the document's present version: done already, or done now on the
        worker thread. None if the document is not open."""
        linted = self.current(uri)
        if linted is not None:
            return linted
        snapshot = self.snapshot(uri)
        if snapshot is None:
            return None
        generation = self.generation
        linted = await self.run(lint_snapshot, snapshot, self.style,
                                self.workspace.position_encoding)
        linted.generation = generation
        for problem in linted.problems:
            self.log(uri, problem)
        if uri in self.workspace.text_documents:
            self.linted[uri] = linted
        return linted

    async def run(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.worker, function, *args)

    def log(self, uri: str, problem: str) -> None:
        """Tell the editor's log, once per document and problem (not once per keystroke)."""
        first_line = problem.partition("\n")[0]
        if (uri, first_line) in self.logged:
            return
        self.logged.add((uri, first_line))
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Error,
                                                       message=problem))

    def forget(self, uri: str) -> None:
        waiting = self.waiting.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.linted.pop(uri, None)
        self.logged = {entry for entry in self.logged if entry[0] != uri}

    async def reload_configs(self) -> None:
        """Lint every open document again, under configs found and read afresh."""
        self.generation += 1
        await self.run(pipeline.forget_configs)
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)


def lint_snapshot(snapshot: Snapshot, style: DiagnosticStyle, encoding) -> Linted:
    """Lint an editor's text (on the worker thread): never raises; an article that cannot be
    linted gets one diagnostic saying why, a bug also a message for the editor's log."""
    from newslint.config import ConfigFinder
    from newslint.errors import InputError, NewslintError

    text, path = snapshot.text, snapshot.path
    problems: list[str] = []

    def rule_failed(rule, error, trace):
        problems.append(f"newslint: rule {rule.id} failed on {path} ({type(error).__name__}: "
                        f"{error}); the other rules still report; {_REPORT_IT}.\n{trace}")

    def lint_as(data: bytes):
        return pipeline.lint_text(path, data, config, snapshot.input_format, rule_failed)

    document = config = None
    try:
        # A finder per lint: a config file edited on disk is read again (load_config looks at
        # its time stamp); configs that appear or vanish wait for forget_configs.
        config = ConfigFinder().for_file(path)
        if not config.includes(path):
            return Linted(snapshot, Positions(text, LineIndex(text).starts, encoding), [],
                          config=config)
        document, findings = lint_as(text.encode("utf-8"))
        if document.source != text:
            # The markup declares another encoding (ISO-8859-1) and was decoded by it; the
            # editor had decoded the file already, so give the reader the bytes it expects.
            try:
                data = text.encode(document.encoding)
            except UnicodeEncodeError as error:
                line, column = LineIndex(text).position(error.start)
                raise InputError(f"{text[error.start]!r} cannot be written in the encoding the "
                                 f"file declares ({document.encoding}); declare UTF-8 or use a "
                                 "character reference", path, line, column) from None
            document, findings = lint_as(data)
        positions = Positions(document.source, document.lines.starts, encoding)
        ruleset = config.ruleset_for(path)
        kinds = {rule.id: rule.kind for rule in ruleset.rules}
        diagnostics = [diagnostic(f, positions, snapshot.uri, style, kinds.get(f.rule))
                       for f in findings]
        return Linted(snapshot, positions, diagnostics, document, config, findings, problems)
    except NewslintError as error:
        positions = Positions(text, LineIndex(text).starts, encoding)
        return Linted(snapshot, positions, [error_diagnostic(error, positions, path, snapshot.uri,
                                                             style)], problems=problems)
    except Exception as error:  # a bug: the editor keeps working, the log has the traceback
        positions = Positions(text, LineIndex(text).starts, encoding)
        problems.append(f"newslint: internal error on {path}: {type(error).__name__}: {error}; "
                        f"{_REPORT_IT}.\n{traceback.format_exc()}")
        bug = NewslintError(f"newslint met an internal error on this file ({type(error).__name__}: "
                            f"{error}); the editor's log has the details")
        return Linted(snapshot, positions, [error_diagnostic(bug, positions, path, snapshot.uri,
                                                             style)], problems=problems)


def build_server() -> NewslintServer:
    server = NewslintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: NewslintServer, params: types.InitializeParams):
        ls.style = DiagnosticStyle(params.capabilities)
        options = params.initialization_options or {}
        if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
            ls.debounce = max(0.0, options["debounceMs"] / 1000)

    @server.feature(types.INITIALIZED)
    def initialized(ls: NewslintServer, params: types.InitializedParams):
        watched = ls.client_capabilities.workspace and \
            ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            ls.watching = True
            registration = types.Registration(
                id="newslint-configs", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]))

            def registered(future):  # refused: configs are then read again on open and save
                if future.cancelled() or future.exception() is not None:
                    ls.watching = False

            ls.client_register_capability(types.RegistrationParams(registrations=[registration])) \
                .add_done_callback(registered)
        # Compile the rules while the editor opens its first article.
        root = ls.workspace.root_path or os.getcwd()
        ls.worker.submit(_warm_up, os.path.join(root, "article.txt"))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: NewslintServer, params: types.DidOpenTextDocumentParams):
        if ls.watching:
            ls.schedule(params.text_document.uri)
        else:  # a client that cannot watch files: configs may have changed since
            await ls.reload_configs()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NewslintServer, params: types.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: NewslintServer, params: types.DidSaveTextDocumentParams):
        if ls.watching:
            ls.schedule(params.text_document.uri)
        else:
            await ls.reload_configs()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NewslintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.forget(uri)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: NewslintServer, params):
        await ls.reload_configs()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]))
    async def code_action(ls: NewslintServer, params: types.CodeActionParams):
        linted = await ls.lint(params.text_document.uri)
        if linted is None or linted.document is None:
            return None
        found, problems = await ls.run(actions.code_actions, linted, params,
                                       ls.client_capabilities, ls.workspace.root_path)
        for problem in problems:
            ls.log(params.text_document.uri, problem)
        return found

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: NewslintServer, params: types.HoverParams):
        linted = await ls.lint(params.text_document.uri)
        if linted is None or linted.document is None:
            return None
        return await ls.run(actions.hover, linted, params.position, ls.client_capabilities)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: NewslintServer, params):
        for task in ls.waiting.values():
            task.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def _warm_up(path: str) -> None:
    from newslint.config import ConfigFinder

    try:
        ConfigFinder().for_file(path).ruleset_for(path)
    except Exception:  # a bad config: the first article's diagnostic will say what is wrong
        pass


def serve(stdin, stdout) -> int:
    """Serve one editor until it says exit (0 after a shutdown request, 1 without one)."""
    server = build_server()
    server.start_io(stdin, stdout)
    return 0 if server.protocol._shutdown else 1


def main() -> int:
    """``newslint lsp``: the real standard streams (not the command line's guarded ones: a
    client that goes away ends the server)."""
    stdin, stdout = sys.__stdin__, sys.__stdout__
    if stdin is None or stdout is None:
        sys.stderr.write("newslint: the language server needs standard input and output open\n")
        return 2
    # The protocol owns standard output: anything else printed there would corrupt it. pygls
    # closes the streams it is given at exit; the process's own stay open for the command line.
    saved, sys.stdout = sys.stdout, sys.stderr
    try:
        with os.fdopen(os.dup(stdin.fileno()), "rb") as reading, \
                os.fdopen(os.dup(stdout.fileno()), "wb") as writing:
            return serve(reading, writing)
    finally:
        sys.stdout = saved
