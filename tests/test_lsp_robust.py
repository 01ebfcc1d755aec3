"""The language server with bugs put into it: a rule that raises, a reader that raises. The
editor keeps its other diagnostics, gets one diagnostic where nothing could be linted, and its
log says what failed, once."""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from helpers import ROOT
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from test_lsp import SOURCE, close, make_client, opened

pytestmark = pytest.mark.asyncio(loop_scope="module")

# The real server, after breaking the date rules and the HTML reader in its process.
BROKEN = """
import newslint.readers.html
import newslint.rules.date_format

def check(self, document):
    yield from ()
    raise ZeroDivisionError("a bug in the date rules")

def read(source, path, *options):
    raise KeyError("a bug in the HTML reader")

newslint.rules.date_format.DateFormat.check = check
newslint.readers.html.read = read
from newslint.lsp.server import main
raise SystemExit(main())
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-c", BROKEN],
                                              client_factory=make_client), scope="module")
async def client(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=ROOT.as_uri()))
    lsp_client.encoding = result.capabilities.position_encoding
    yield
    await lsp_client.shutdown_session()


async def test_a_rule_that_raises_is_logged_and_the_others_still_report(client, tmp_path):
    article = tmp_path / "story.txt"
    text = "Talks in Kiev\n\nThey met on Feb. 28, 2024." + SOURCE
    diagnostics = await opened(client, article, text)
    assert [d.code for d in diagnostics] == ["names.spelling"]
    errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    # One message per rule (dates.format, dates.numeric, dates.weekday-in-caption), each once.
    assert [m.partition(" (")[0] for m in errors] == [
        f"newslint: rule {rule} failed on {article}"
        for rule in ("dates.format", "dates.numeric", "dates.weekday-in-caption")]
    assert "ZeroDivisionError: a bug in the date rules); the other rules still report" in errors[0]
    assert "Traceback (most recent call last)" in errors[0]
    # The next lint of the same document says nothing new.
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=article.as_uri())))
    await opened(client, tmp_path / "other.txt", "Talks in Kyiv\n\nThey met." + SOURCE)
    assert len([m for m in client.log_messages if m.type == types.MessageType.Error]) == 6
    close(client, article.as_uri())
    close(client, (tmp_path / "other.txt").as_uri())


async def test_a_reader_that_raises_gives_one_diagnostic_and_a_log_entry(client, tmp_path):
    article = tmp_path / "story.html"
    before = len(client.log_messages)
    (diagnostic,) = await opened(client, article, "<h1>Talks in Kiev</h1>\n", language="html")
    assert diagnostic.message == ("newslint met an internal error on this file (KeyError: "
                                  "'a bug in the HTML reader'); the editor's log has the details")
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range.start == types.Position(line=0, character=0)
    (logged,) = client.log_messages[before:]
    assert logged.message.startswith(f"newslint: internal error on {article}: KeyError: ")
    assert "Traceback (most recent call last)" in logged.message
    close(client, article.as_uri())


async def test_edits_leave_nothing_behind_in_the_protocol(tmp_path):
    """pygls 2.1 keeps a future for every notification its generator handlers take (didOpen,
    didChange, ...) in a table that only responses clear; the server's protocol clears them,
    or memory would grow with every keystroke over a day of editing."""
    import asyncio
    import io

    from pygls.io_ import StdoutWriter

    from newslint.lsp.server import build_server

    server = build_server()
    protocol = server.protocol
    protocol.set_writer(StdoutWriter(io.BytesIO()))
    uri = (tmp_path / "story.txt").as_uri()

    def handle(method: str, params: dict, msg_id: int | None = None):
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if msg_id is not None:
            message["id"] = msg_id
        protocol.handle_message(protocol.structure_message(message))

    handle("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
           msg_id=1)
    handle("initialized", {})
    handle("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "plaintext", "version": 1, "text": "Talks in Kiev\n"}})
    for version in range(2, 302):
        handle("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": f"Talks in Kiev {version}\n"}]})
        await asyncio.sleep(0)
    handle("textDocument/didSave", {"textDocument": {"uri": uri}})
    handle("textDocument/didClose", {"textDocument": {"uri": uri}})
    for _ in range(100):  # the handlers still running (didOpen and didSave await the worker)
        if not protocol._request_futures:
            break
        await asyncio.sleep(0.05)
    assert protocol._request_futures == {}
    assert server.waiting == {} and server.linted == {}
    server.worker.shutdown(cancel_futures=True)
