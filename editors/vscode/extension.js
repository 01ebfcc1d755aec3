// newslint for VS Code: starts `newslint lsp` for articles and stays out of the way. Diagnostics,
// quick fixes, "Fix all safe findings" (source.fixAll.newslint) and hover all come from the
// server as workspace edits, so this file only says which documents to send it, and how.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function start() {
  const settings = vscode.workspace.getConfiguration("newslint");
  const [command, ...args] = settings.get("command");
  client = new LanguageClient(
    "newslint",
    "newslint",
    { command, args, transport: TransportKind.stdio },
    {
      // Articles: plain text, Markdown, HTML, NITF and NewsML-G2 (XML). A .newslint.yaml with
      // `files:` keeps the server to the articles of a repository.
      documentSelector: ["plaintext", "markdown", "html", "xml"].flatMap((language) => [
        { scheme: "file", language },
        { scheme: "untitled", language },
      ]),
      initializationOptions: { debounceMs: settings.get("debounceMs") },
    },
  );
  return client.start();
}

function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("newslint")) {
        await client.stop();
        await start();
      }
    }),
  );
  return start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
