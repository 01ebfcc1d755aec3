"""`newslint lsp` end to end: a real server process over stdio, driven by pytest-lsp with the
recorded capabilities of VS Code, Neovim (the latest, which asks for UTF-8 positions, and
Debian's 0.7, which cannot watch files nor take versioned edits) and Emacs (eglot, which asks
for UTF-32 positions). A reply that a client's capabilities do not allow is an
LspSpecificationWarning, which this module turns into a failure."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
import pytest_lsp
from helpers import FIXTURES, ROOT
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = [
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning"),
]

CLIENTS = ["visual-studio-code", "neovim", "neovim@v0.7.0", "emacs"]
SERVER = [sys.executable, "-m", "newslint", "lsp"]
SOURCE = "\n\nSource: News Agencies\n"  # the line house style ends an article with
PUBLISHED: dict[int, list[types.PublishDiagnosticsParams]] = {}  # id(client) -> every publish


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every diagnostics notification (it keeps the last)
    and the capabilities the server registers."""
    from pygls.protocol import default_converter
    from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

    client = LanguageClient(converter_factory=default_converter)
    client.registrations = []
    published = PUBLISHED.setdefault(id(client), [])

    def publish(ls: LanguageClient, params: types.PublishDiagnosticsParams):
        ls.diagnostics[params.uri] = params.diagnostics
        published.append(params)

    def register(ls: LanguageClient, params: types.RegistrationParams):
        ls.registrations.extend(params.registrations)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES,
                                   types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    return client


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client),
                    params=CLIENTS, scope="module")
async def client(lsp_client: LanguageClient, request):
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param), root_uri=ROOT.as_uri()))
    lsp_client.name = request.param
    # Neovim 0.11 offers UTF-8 first, eglot UTF-32; the server takes the client's first choice.
    lsp_client.encoding = result.capabilities.position_encoding
    yield
    await lsp_client.shutdown_session()


async def opened(client, path: Path, text: str | None = None, language: str = "plaintext",
                 uri: str | None = None) -> list[types.Diagnostic]:
    """Open a document and wait for its diagnostics."""
    uri = uri or path.as_uri()
    text = path.read_text(encoding="utf-8") if text is None else text
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return await diagnostics_of(client, uri)


async def diagnostics_of(client, uri: str, version: int | None = None) -> list[types.Diagnostic]:
    published = PUBLISHED[id(client)]
    for _ in range(200):  # at most 10 s; a publish takes milliseconds after the debounce
        found = [p for p in published if p.uri == uri and (version is None or p.version == version)]
        if found:
            return list(found[-1].diagnostics)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for {uri} (version {version})")


def close(client, uri: str) -> None:
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))


def change(client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def check_json(path: Path) -> list[dict]:
    import subprocess

    result = subprocess.run([sys.executable, "-m", "newslint", "check", "--format", "json",
                             str(path)], capture_output=True, text=True, cwd=path.parent,
                            check=False)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def apply(text: str, edits: list[types.TextEdit], client) -> str:
    """Apply LSP text edits as an editor does (positions in the client's encoding)."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[:position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units, index = 0, 0
        while units < position.character:
            units += units_of(line[index], client)
            index += 1
        return before + index

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def units_of(character: str, client) -> int:
    return {"utf-8": len(character.encode()), "utf-16": 1 + (ord(character) > 0xFFFF),
            "utf-32": 1}[client.encoding]


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    if action.edit.document_changes:
        (change,) = action.edit.document_changes
        assert change.text_document.uri == uri
        return list(change.edits)
    return list(action.edit.changes[uri])


async def actions_at(client, uri: str, diagnostic: types.Diagnostic | None = None,
                     only=None, line: int = 0) -> list[types.CodeAction]:
    where = diagnostic.range if diagnostic else types.Range(
        start=types.Position(line=line, character=0), end=types.Position(line=line, character=0))
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=where,
        context=types.CodeActionContext(diagnostics=[diagnostic] if diagnostic else [], only=only)))


# --- diagnostics -----------------------------------------------------------------------------

async def test_diagnostics_on_open_are_those_of_check(client, tmp_path):
    article = tmp_path / "seed-article.txt"
    article.write_bytes((FIXTURES / "articles" / "seed-article.txt").read_bytes())
    diagnostics = await opened(client, article)
    expected = check_json(article)
    severities = {"error": 1, "warning": 2, "suggestion": 3}
    # The seed article is all in the Basic Multilingual Plane: UTF-16 units are code points.
    assert [(d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1,
             d.range.end.character + 1, d.code, d.severity.value, d.message, d.source)
            for d in diagnostics] == [
        (f["line"], f["column"], f["end_line"], f["end_column"], f["rule"],
         severities[f["severity"]], f["message"], "newslint") for f in expected]
    close(client, article.as_uri())


async def test_positions_in_the_clients_units_after_an_emoji_and_a_cjk_character(client, tmp_path):
    article = tmp_path / "wide.txt"
    # Before "Kiev": 15 code points; "😀" is two UTF-16 units, four UTF-8 bytes; "東" and "京"
    # one UTF-16 unit each, three UTF-8 bytes each.
    text = "Talks in Kyiv\n\nAt 😀 東京 and in Kiev, talks went on.\n"
    diagnostics = await opened(client, article, text)
    (kiev,) = [d for d in diagnostics if d.code == "names.spelling"]
    start = {"utf-16": 16, "utf-32": 15, "utf-8": 22}[client.encoding]
    assert (kiev.range.start.line, kiev.range.start.character) == (2, start)
    assert (kiev.range.end.line, kiev.range.end.character) == (2, start + 4)
    # The fix lands on "Kiev" in the editor's units too.
    (fix,) = [a for a in await actions_at(client, article.as_uri(), kiev)
              if a.title == 'Write "Kyiv"']
    fixed = apply(text, edits_of(fix, article.as_uri()), client)
    assert fixed == "Talks in Kyiv\n\nAt 😀 東京 and in Kyiv, talks went on.\n"
    close(client, article.as_uri())


async def test_positions_in_a_crlf_file_and_after_a_line_separator(client, tmp_path):
    article = tmp_path / "crlf.txt"
    # U+2028 is no line break to LSP (nor to newslint): "Kiev" stays on line 2.
    text = "Talks in Kyiv\r\n\r\nOfficials\u2028in Kiev met.\r\n"
    diagnostics = await opened(client, article, text)
    (kiev,) = [d for d in diagnostics if d.code == "names.spelling"]
    start = 15 if client.encoding == "utf-8" else 13  # U+2028 is three UTF-8 bytes
    assert (kiev.range.start.line, kiev.range.start.character) == (2, start)
    close(client, article.as_uri())


async def test_rule_link_and_the_place_a_message_names(client, tmp_path):
    article = tmp_path / "names.txt"
    text = ("Talks in Kyiv\n\nAndriy Yermak said the talks went well.\n\n"
            "Andrii Yermak flew home on Feb. 28, 2024.\n")
    diagnostics = await opened(client, article, text)
    (spelt,) = [d for d in diagnostics if d.code == "consistency.names"]
    assert spelt.message == ('Spelt "Andrii Yermak" here but "Andriy Yermak" at 3:1, '
                             "the house spelling")
    capabilities = client_capabilities(client.name).text_document.publish_diagnostics
    if capabilities.related_information:
        (related,) = spelt.related_information
        assert related.location.uri == article.as_uri()
        assert related.location.range == types.Range(start=types.Position(line=2, character=0),
                                                     end=types.Position(line=2, character=13))
        assert related.message == 'the house spelling: "Andriy Yermak"'
    else:
        assert spelt.related_information is None
    (date,) = [d for d in diagnostics if d.code == "dates.format"]
    if capabilities.code_description_support:
        rules = (ROOT / "docs" / "rules.md").as_uri()
        assert date.code_description.href == f"{rules}#kind-date_format"
    else:
        assert date.code_description is None
    close(client, article.as_uri())


async def test_every_diagnostic_links_to_its_rules_section(client, tmp_path):
    import re

    article = tmp_path / "seed-article.txt"
    article.write_bytes((FIXTURES / "articles" / "seed-article.txt").read_bytes())
    diagnostics = await opened(client, article)
    assert len({d.code for d in diagnostics}) > 5
    if not client_capabilities(client.name).text_document.publish_diagnostics \
            .code_description_support:
        assert all(d.code_description is None for d in diagnostics)
    else:
        rules = ROOT / "docs" / "rules.md"
        anchors = set(re.findall(r'<a id="([^"]+)"></a>', rules.read_text(encoding="utf-8")))
        for diagnostic in diagnostics:
            page, _, anchor = diagnostic.code_description.href.partition("#")
            assert (page, anchor in anchors) == (rules.as_uri(), True), diagnostic.code
    close(client, article.as_uri())


async def test_suppressions_are_honoured(client, tmp_path):
    article = tmp_path / "quiet.txt"
    text = ("Talks in Kyiv\n\n<!-- newslint-disable-next-line names.spelling -- a 1990s quote -->\n"
            "Officials in Kiev met.\n\nOfficials in Kiev met.\n")
    diagnostics = await opened(client, article, text)
    assert [(d.code, d.range.start.line) for d in diagnostics if d.code == "names.spelling"] == [
        ("names.spelling", 5)]
    close(client, article.as_uri())


async def test_a_burst_of_changes_is_linted_once_at_its_last_version(client, tmp_path):
    article = tmp_path / "burst.txt"
    uri = article.as_uri()
    await opened(client, article, "Talks in Kyiv\n\nOfficials met.\n")
    published = PUBLISHED[id(client)]
    before = len(published)
    text = "Talks in Kyiv\n\nOfficials met in Tirana.\n\nThey talked"
    for version in range(2, 52):  # 50 keystrokes, sent at once
        text += " Kiev" if version == 51 else "."
        change(client, uri, version, text + SOURCE)
    diagnostics = await diagnostics_of(client, uri, version=51)
    assert [p.version for p in published[before:] if p.uri == uri] == [51]
    assert [d.code for d in diagnostics] == ["names.spelling"]
    close(client, uri)


async def test_changes_and_saves_are_linted(client, tmp_path):
    article = tmp_path / "edited.txt"
    uri = article.as_uri()
    diagnostics = await opened(client, article, "Talks in Kyiv\n\nThey met." + SOURCE)
    assert [d.code for d in diagnostics] == []
    change(client, uri, 2, "Talks in Kiev\n\nThey met." + SOURCE)
    assert [d.code for d in await diagnostics_of(client, uri, version=2)] == ["names.spelling"]
    published = PUBLISHED[id(client)]
    before = len(published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    for _ in range(200):
        if any(p.uri == uri for p in published[before:]):
            break
        await asyncio.sleep(0.05)
    assert [[d.code for d in p.diagnostics] for p in published[before:] if p.uri == uri] == [
        ["names.spelling"]]
    close(client, uri)
    for _ in range(200):
        if client.diagnostics.get(uri) == ():
            break
        await asyncio.sleep(0.05)
    assert list(client.diagnostics[uri]) == []  # closing clears its diagnostics


# --- formats and configuration ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["seed-article.md", "seed-article.html", "seed-article.nitf.xml",
                                  "seed-article.newsml.xml", "seed-article.toml.md"])
async def test_every_format_reads_as_check_reads_it(client, tmp_path, name):
    article = tmp_path / name
    article.write_bytes((FIXTURES / "articles" / name).read_bytes())
    diagnostics = await opened(client, article)
    assert [(d.range.start.line + 1, d.range.start.character + 1, d.code) for d in diagnostics] == [
        (f["line"], f["column"], f["rule"]) for f in check_json(article)]
    close(client, article.as_uri())


async def test_an_unsaved_buffer_is_read_as_its_language(client):
    uri = "untitled:Untitled-1"
    text = "---\ntitle: Talks in Kiev\n---\n\nOfficials met." + SOURCE
    diagnostics = await opened(client, Path("unused"), text, language="markdown", uri=uri)
    (kiev,) = diagnostics
    assert (kiev.code, kiev.range.start.line, kiev.range.start.character) == (
        "names.spelling", 1, 16)
    close(client, uri)


async def test_declared_encoding_of_markup_is_what_the_editor_decoded(client, tmp_path):
    article = tmp_path / "latin.html"
    text = ('<html><head><meta charset="iso-8859-1"></head><body><h1>Caf\u00e9 talks</h1>\n'
            "<p>Caf\u00e9 owners in Kiev met.</p></body></html>\n")
    article.write_bytes(text.encode("latin-1"))
    diagnostics = await opened(client, article, text, language="html")
    (kiev,) = [d for d in diagnostics if d.code == "names.spelling"]
    start = 19 if client.encoding == "utf-8" else 18  # "é" is two UTF-8 bytes
    assert (kiev.range.start.line, kiev.range.start.character) == (1, start)
    close(client, article.as_uri())


async def test_an_unreadable_article_gets_one_diagnostic_saying_why(client, tmp_path):
    article = tmp_path / "broken.nitf"
    text = "<nitf>\n<body><body.content><p>Officials in Kiev met.</p>\n</nitf>\n"
    (broken,) = await opened(client, article, text, language="xml")
    assert broken.severity == types.DiagnosticSeverity.Error
    assert broken.message.startswith(f"{article}:3:")
    assert "mismatched tag" in broken.message
    assert broken.range.start.line == 2
    close(client, article.as_uri())


async def test_a_bad_config_gets_one_diagnostic_naming_it(client, tmp_path):
    (tmp_path / ".newslint.yaml").write_text("extends: house\nrulez: {}\n", encoding="utf-8")
    article = tmp_path / "story.txt"
    (bad,) = await opened(client, article, "Talks in Kiev\n\nThey met.\n")
    config = (tmp_path / ".newslint.yaml").resolve()
    assert bad.message.startswith(f"{config}:2: unknown key 'rulez'")
    assert bad.range.start == types.Position(line=0, character=0)
    if client_capabilities(client.name).text_document.publish_diagnostics.related_information:
        (related,) = bad.related_information
        assert related.location.uri == config.as_uri()
        assert related.location.range.start.line == 1
    close(client, article.as_uri())


async def test_an_excluded_file_gets_no_diagnostics(client, tmp_path):
    (tmp_path / ".newslint.yaml").write_text("exclude: ['drafts/**']\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    article = tmp_path / "drafts" / "story.txt"
    assert await opened(client, article, "Talks in Kiev\n\nThey met.\n") == []
    close(client, article.as_uri())


async def files_changed(client, article: Path, changed) -> list[list[types.Diagnostic]]:
    """Tell the server that files changed on disk, as the client would, and return the
    article's diagnostics published since: didChangeWatchedFiles where the client watches
    files (every changed file must match a glob the server registered), else a save of the
    article, which makes the server read configs again."""
    from pathlib import PurePosixPath

    uri = article.as_uri()
    published = PUBLISHED[id(client)]
    before = len(published)
    globs = [w["globPattern"] for r in client.registrations  # as the client received them
             if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
             for w in r.register_options["watchers"]]
    if globs:
        for path, _ in changed:
            assert any(PurePosixPath(path).match(glob) for glob in globs), (path, globs)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=path.as_uri(), type=kind) for path, kind in changed]))
    else:  # Neovim cannot watch files (0.7), or does not on Linux: the next save reads configs
        watch = client_capabilities(client.name).workspace.did_change_watched_files
        assert not (watch and watch.dynamic_registration)
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
    for _ in range(200):
        if any(p.uri == uri for p in published[before:]):
            break
        await asyncio.sleep(0.05)
    return [list(p.diagnostics) for p in published[before:] if p.uri == uri]


async def test_a_changed_config_applies_to_open_articles(client, tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Talks in Kiev\n\nThey met on Feb. 28, 2024." + SOURCE, encoding="utf-8")
    codes = [d.code for d in await opened(client, article)]
    assert codes == ["names.spelling", "dates.format"]
    config = tmp_path / ".newslint.yaml"
    config.write_text("ignore: [names]\n", encoding="utf-8")
    published = await files_changed(client, article, [(config, types.FileChangeType.Created)])
    assert [[d.code for d in diagnostics] for diagnostics in published] == [["dates.format"]]
    close(client, article.as_uri())


async def test_a_changed_ruleset_applies_to_open_articles(client, tmp_path):
    (tmp_path / ".newslint.yaml").write_text("extends: desk.yaml\n", encoding="utf-8")
    ruleset = tmp_path / "desk.yaml"
    ruleset.write_text("name: desk\nextends: house\nrules:\n  dates.format: {severity: error}\n",
                       encoding="utf-8")
    article = tmp_path / "story.txt"
    article.write_text("Talks in Kiev\n\nThey met on Feb. 28, 2024." + SOURCE, encoding="utf-8")
    assert [(d.code, d.severity) for d in await opened(client, article)] == [
        ("names.spelling", types.DiagnosticSeverity.Error),
        ("dates.format", types.DiagnosticSeverity.Error)]
    ruleset.write_text("name: desk\nextends: house\nrules:\n  dates.format: {severity: off}\n",
                       encoding="utf-8")
    published = await files_changed(client, article, [(ruleset, types.FileChangeType.Changed)])
    assert [[d.code for d in diagnostics] for diagnostics in published] == [["names.spelling"]]
    close(client, article.as_uri())


# --- code actions ----------------------------------------------------------------------------

async def test_quick_fixes_safe_preferred_unsafe_titled(client, tmp_path):
    article = tmp_path / "fixes.txt"
    uri = article.as_uri()
    text = "Talks in Kyiv\n\nThey met in Kiev and in Turkey.\n"
    diagnostics = await opened(client, article, text)
    (kiev,) = [d for d in diagnostics if d.code == "names.spelling"]
    (turkey,) = [d for d in diagnostics if d.code == "names.context"]
    preferred = client_capabilities(client.name).text_document.code_action.is_preferred_support
    (fix,) = [a for a in await actions_at(client, uri, kiev) if a.title == 'Write "Kyiv"']
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.is_preferred is (True if preferred else None)
    assert list(fix.diagnostics) == [kiev]
    fixed = apply(text, edits_of(fix, uri), client)
    assert fixed == "Talks in Kyiv\n\nThey met in Kyiv and in Turkey.\n"
    (unsafe,) = [a for a in await actions_at(client, uri, turkey) if a.title.startswith("Write")]
    assert unsafe.title == 'Write "Turkiye" (unsafe fix: check the meaning)'
    assert unsafe.is_preferred is (False if preferred else None)
    close(client, uri)


async def test_fix_all_is_what_newslint_fix_writes(client, tmp_path):
    article = tmp_path / "seed-article.txt"
    original = (FIXTURES / "articles" / "seed-article.txt").read_text(encoding="utf-8")
    article.write_text(original, encoding="utf-8")
    await opened(client, article)
    actions = await actions_at(client, article.as_uri(), only=[types.CodeActionKind.SourceFixAll])
    (fix_all,) = actions
    assert (fix_all.title, fix_all.kind) == ("Fix all safe findings in this file",
                                             "source.fixAll.newslint")
    fixed = apply(original, edits_of(fix_all, article.as_uri()), client)
    close(client, article.as_uri())
    from newslint.cli import main

    assert main(["fix", "--no-progress", str(article)]) == 1  # findings without a safe fix stay
    assert fixed == article.read_text(encoding="utf-8") != original


async def test_fix_all_on_save_as_vs_code_asks_for_it(client, tmp_path):
    """`"editor.codeActionsOnSave": {"source.fixAll.newslint": "explicit"}`: VS Code asks for
    that kind alone, over the whole text, right after the last keystroke; the answer is the
    fix-all of the text as it is then, and nothing else."""
    article = tmp_path / "saved.txt"
    uri = article.as_uri()
    await opened(client, article, "Talks in Kyiv\n\nThey met." + SOURCE)
    text = "Talks in Kiev\n\nThey met in Kiev." + SOURCE
    change(client, uri, 2, text)  # not linted yet: the debounce is still waiting
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0),
                          end=types.Position(line=5, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.newslint"],
                                        trigger_kind=types.CodeActionTriggerKind.Automatic)))
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.newslint"
    assert apply(text, edits_of(fix_all, uri), client) == (
        "Talks in Kyiv\n\nThey met in Kyiv." + SOURCE)
    close(client, uri)


async def test_disable_for_this_line_silences_that_rule_there(client, tmp_path):
    article = tmp_path / "seed-article.txt"
    text = (FIXTURES / "articles" / "seed-article.txt").read_text(encoding="utf-8")
    uri = article.as_uri()
    diagnostics = await opened(client, article, text)
    length = next(d for d in diagnostics if d.code == "captions.too-long")
    (disable,) = [a for a in await actions_at(client, uri, length)
                  if a.title == "Disable captions.too-long for this line"]
    changed = apply(text, edits_of(disable, uri), client)
    lines = changed.split("\n")
    assert lines[4] == "<!-- newslint-disable-next-line captions.too-long -->"
    assert lines[5] == text.split("\n")[4]
    change(client, uri, 2, changed)
    after = await diagnostics_of(client, uri, version=2)
    assert [d.code for d in after if d.code == "captions.too-long"] == []
    assert len(after) == len(diagnostics) - 1
    close(client, uri)


async def test_disable_only_where_a_comment_changes_nothing_else(client, tmp_path):
    article = tmp_path / "story.md"
    uri = article.as_uri()
    # In front matter a comment line breaks the YAML; inside a paragraph it splits it in two;
    # above a paragraph of its own it is what a writer would type.
    text = ("---\ntitle: Talks in Kiev\n---\n\nOfficials met in Tirana\n"
            "and in Kiev on Wednesday.\n\nThe Kiev talks ended." + SOURCE)
    diagnostics = await opened(client, article, text, language="markdown")
    assert [(d.code, d.range.start.line) for d in diagnostics] == [
        ("names.spelling", 1), ("names.spelling", 5), ("names.spelling", 7)]
    titles = [[a.title for a in await actions_at(client, uri, d)
               if not a.title.startswith("Add ")] for d in diagnostics]  # test_lsp_names.py
    assert titles == [['Write "Kyiv"', "Fix all safe findings in this file"]] * 2 + [
        ['Write "Kyiv"', "Disable names.spelling for this line",
         "Fix all safe findings in this file"]]
    close(client, uri)


@pytest.mark.parametrize("name, text", [
    ("story.html", ("<html><body>\n<h1>Talks in Kyiv</h1>\n  <p>Officials in Kiev met.</p>\n"
                    "</body></html>\n")),
    ("story.nitf", ('<?xml version="1.0"?>\n<nitf><body><body.head><hedline><hl1>Talks in Kyiv'
                    "</hl1></hedline></body.head><body.content>\n"
                    "  <p>Officials in Kiev met.</p>\n</body.content></body></nitf>\n")),
])
async def test_disable_for_this_line_in_markup(client, tmp_path, name, text):
    article = tmp_path / name
    uri = article.as_uri()
    language = "xml" if name.endswith(".nitf") else "html"
    diagnostics = await opened(client, article, text, language=language)
    kiev = next(d for d in diagnostics if d.code == "names.spelling")
    (disable,) = [a for a in await actions_at(client, uri, kiev)
                  if a.title == "Disable names.spelling for this line"]
    changed = apply(text, edits_of(disable, uri), client)
    assert changed.split("\n")[2:4] == ["  <!-- newslint-disable-next-line names.spelling -->",
                                        "  <p>Officials in Kiev met.</p>"]
    change(client, uri, 2, changed)
    after = await diagnostics_of(client, uri, version=2)
    assert [d.code for d in after] == [d.code for d in diagnostics if d is not kiev]
    close(client, uri)


# --- hover -----------------------------------------------------------------------------------

async def test_hover_explains_the_rule(client, tmp_path):
    from newslint.config.ruleset import load_ruleset
    from newslint.lsp.actions import explanation_markdown
    from newslint.rulesdoc import explain_text

    article = tmp_path / "dated.txt"
    text = "Talks in Kyiv\n\nThey met on Feb. 28, 2024." + SOURCE
    diagnostics = await opened(client, article, text)
    (date,) = diagnostics
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=article.as_uri()),
        position=types.Position(line=2, character=14)))
    explained = explain_text(load_ruleset("house").rule("dates.format"))
    assert hover.contents.kind == types.MarkupKind.Markdown  # every recorded client shows it
    assert hover.contents.value == explanation_markdown(explained)
    assert hover.contents.value.startswith("**dates.format** (date_format, warning)\n")
    assert "\n\n**Bad:** ` The summit opened on Feb. 28, 2024, in Tirana. `\n\n**Good:** " \
        in hover.contents.value
    assert hover.range == date.range
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=article.as_uri()),
        position=types.Position(line=2, character=2)))
    assert nothing is None
    close(client, article.as_uri())
