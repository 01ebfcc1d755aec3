"""`newslint lsp`'s "Add NAME to the house names", end to end: the server's workspace edit is
applied to the files as each recorded client would apply it (VS Code creates files; Neovim and
Emacs cannot), the server is told (didChangeWatchedFiles where the client watches files, a save
of the article where it does not), and the finding is gone; the edited files read as a person
would have written them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import test_lsp
from lsprotocol import types
from pytest_lsp import client_capabilities
from test_lsp import SOURCE, actions_at, apply, close, files_changed, opened

# The same clients (VS Code, Neovim, Neovim 0.7, Emacs), servers of its own.
client = test_lsp.client

pytestmark = [
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning"),
]

VOCABULARY_HEADER = (
    "# The house names for newslint: `accept` lists names its names rules leave alone;\n"
    "# `names` maps a preferred form to its variants, as in `Navalnyy: [Navalny]`.\n")


@pytest.fixture
def newsroom(tmp_path):
    """A repository root (the config search stops here)."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def can_create(client) -> bool:
    edit = client_capabilities(client.name).workspace.workspace_edit
    return bool(edit.document_changes and types.ResourceOperationKind.Create in
                (edit.resource_operations or ()))


def path_of(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def write_edit(client, edit: types.WorkspaceEdit) -> list[tuple[Path, types.FileChangeType]]:
    """Apply a workspace edit to the files on disk as the editor would, and save them."""
    changed = []
    if edit.document_changes is not None:
        assert edit.changes is None
        for change in edit.document_changes:
            path = path_of(change.uri if isinstance(change, types.CreateFile)
                           else change.text_document.uri)
            if isinstance(change, types.CreateFile):
                assert not path.exists()
                path.write_text("", encoding="utf-8")
                changed.append((path, types.FileChangeType.Created))
                continue
            assert isinstance(change, types.TextDocumentEdit)
            assert change.text_document.version is None
            text = path.read_text(encoding="utf-8")
            path.write_bytes(apply(text, list(change.edits), client).encode("utf-8"))
            if all(p != path for p, _ in changed):
                changed.append((path, types.FileChangeType.Changed))
    else:
        for uri, edits in edit.changes.items():
            path = path_of(uri)
            text = path.read_text(encoding="utf-8")
            path.write_bytes(apply(text, list(edits), client).encode("utf-8"))
            changed.append((path, types.FileChangeType.Changed))
    return changed


async def after_reload(client, article: Path, changed) -> list[types.Diagnostic]:
    """The article's diagnostics once the server has been told of the changed files."""
    published = await files_changed(client, article, changed)
    assert published, f"no diagnostics for {article} after the files changed"
    return published[-1]


def add_name_actions(actions) -> list[types.CodeAction]:
    return [a for a in actions if a.title.startswith("Add ")]


async def add_name(client, article: Path, text: str, rule: str = "names.spelling",
                   match: str = "Kiev") -> tuple[types.CodeAction, list[types.Diagnostic]]:
    """Open the article and take the add-name action of its finding of ``rule`` on ``match``."""
    diagnostics = await opened(client, article, text)
    line = text.split("\n")
    (finding,) = [d for d in diagnostics if d.code == rule and line[d.range.start.line][
        d.range.start.character:].startswith(match)]
    (action,) = add_name_actions(await actions_at(client, article.as_uri(), finding))
    assert action.kind == types.CodeActionKind.QuickFix
    assert list(action.diagnostics) == [finding]
    assert not action.is_preferred  # the fix is the preferred action, not this one
    return action, diagnostics


STORY = "Talks in Kyiv\n\nOfficials met in Kiev on Monday." + SOURCE


async def test_the_name_joins_the_names_file_the_config_reads(client, newsroom):
    (newsroom / ".newslint.yaml").write_text("extends: house\nnames: names.yaml\n",
                                             encoding="utf-8")
    names = newsroom / "names.yaml"
    names.write_text("# The desk's own spellings\nnames:\n  Navalnyy:\n    - Navalny   # the "
                     "desk's spelling\n\n# Reviewed each quarter.\n", encoding="utf-8")
    article = newsroom / "story.txt"
    action, _ = await add_name(client, article, STORY)
    assert action.title == 'Add "Kiev" to the house names'
    changed = write_edit(client, action.edit)
    assert [path for path, _ in changed] == [names]
    assert names.read_text(encoding="utf-8") == (
        "# The desk's own spellings\nnames:\n  Navalnyy:\n    - Navalny   # the desk's "
        "spelling\naccept:\n  - Kiev\n\n# Reviewed each quarter.\n")
    assert [d.code for d in await after_reload(client, article, changed)] == []
    close(client, article.as_uri())


async def test_the_name_joins_the_accept_list_of_the_config(client, newsroom):
    config = newsroom / ".newslint.yaml"
    config.write_text("extends: house\n# Names the desk writes its own way\naccept:\n"
                      "  - Odessa   # the city, as the desk writes it\nignore: [dates]\n",
                      encoding="utf-8")
    article = newsroom / "story.txt"
    action, _ = await add_name(client, article, STORY)
    changed = write_edit(client, action.edit)
    assert config.read_text(encoding="utf-8") == (
        "extends: house\n# Names the desk writes its own way\naccept:\n"
        "  - Odessa   # the city, as the desk writes it\n  - Kiev\nignore: [dates]\n")
    assert [d.code for d in await after_reload(client, article, changed)] == []
    close(client, article.as_uri())


async def test_a_config_without_names_gets_a_names_file_where_the_editor_creates_files(
        client, newsroom):
    config = newsroom / ".newslint.yaml"
    config.write_text("extends: house\n", encoding="utf-8")
    article = newsroom / "story.txt"
    text = "Talks in Kyiv\n\nOfficials met in Turkey on Monday." + SOURCE
    action, _ = await add_name(client, article, text, rule="names.context", match="Turkey")
    assert action.title == 'Add "Turkey" to the house names'
    changed = write_edit(client, action.edit)
    if can_create(client):  # VS Code
        assert changed == [(newsroom / "names.yaml", types.FileChangeType.Created),
                           (config, types.FileChangeType.Changed)]
        assert (newsroom / "names.yaml").read_text(encoding="utf-8") == (
            f"{VOCABULARY_HEADER}accept:\n  - Turkey\n")
        assert config.read_text(encoding="utf-8") == "extends: house\nnames: names.yaml\n"
    else:  # Neovim, Emacs: the config's own list
        assert not (newsroom / "names.yaml").exists()
        assert config.read_text(encoding="utf-8") == "extends: house\naccept:\n  - Turkey\n"
    assert [d.code for d in await after_reload(client, article, changed)] == []
    close(client, article.as_uri())


async def test_without_a_config_one_is_created_where_the_search_finds_it(client, newsroom):
    (newsroom / "desk").mkdir()
    article = newsroom / "desk" / "story.txt"
    diagnostics = await opened(client, article, STORY)
    (kiev,) = diagnostics
    found = add_name_actions(await actions_at(client, article.as_uri(), kiev))
    if not can_create(client):  # nowhere to write the name
        assert found == []
        close(client, article.as_uri())
        return
    (action,) = found
    changed = write_edit(client, action.edit)
    assert sorted(path.name for path, _ in changed) == [".newslint.yaml", "names.yaml"]
    assert (newsroom / ".newslint.yaml").read_text(encoding="utf-8") == "names: names.yaml\n"
    assert (newsroom / "names.yaml").read_text(encoding="utf-8") == (
        f"{VOCABULARY_HEADER}accept:\n  - Kiev\n")
    assert [d.code for d in await after_reload(client, article, changed)] == []
    close(client, article.as_uri())


async def test_a_name_yaml_reads_otherwise_is_quoted(client, newsroom):
    """A comma ends an item of a flow list: "Washington, D.C." is written in quotes."""
    (newsroom / ".newslint.yaml").write_text(
        "rules:\n  names.places:\n    kind: substitution\n    severity: warning\n"
        "    options: {dictionary: places.yaml}\naccept: [Odessa]  # ours\n", encoding="utf-8")
    (newsroom / "places.yaml").write_text(
        "groups:\n  - name: us\n    source: the desk\n    entries:\n"
        "      - preferred: Washington, DC\n        variants: ['Washington, D.C.']\n",
        encoding="utf-8")
    article = newsroom / "story.txt"
    text = "Talks in Kyiv\n\nOfficials met in Washington, D.C. on Monday." + SOURCE
    action, _ = await add_name(client, article, text, rule="names.places",
                               match="Washington, D.C.")
    assert action.title == 'Add "Washington, D.C." to the house names'
    changed = write_edit(client, action.edit)
    assert (newsroom / ".newslint.yaml").read_text(encoding="utf-8").endswith(
        "\naccept: [Odessa, 'Washington, D.C.']  # ours\n")
    assert [d.code for d in await after_reload(client, article, changed)] == []
    close(client, article.as_uri())


async def test_a_name_in_pyproject_toml(client, newsroom):
    pyproject = newsroom / "pyproject.toml"
    pyproject.write_text('[project]\nname = "desk"\n\n[tool.newslint]\nignore = ["dates"]\n'
                         'accept = ["Odessa"]  # ours\n', encoding="utf-8")
    article = newsroom / "story.txt"
    action, _ = await add_name(client, article, STORY)
    changed = write_edit(client, action.edit)
    assert pyproject.read_text(encoding="utf-8") == (
        '[project]\nname = "desk"\n\n[tool.newslint]\nignore = ["dates"]\n'
        'accept = ["Odessa", "Kiev"]  # ours\n')
    assert [d.code for d in await after_reload(client, article, changed)] == []
    close(client, article.as_uri())


async def test_no_action_for_a_name_the_file_on_disk_lists_already(client, newsroom):
    (newsroom / ".newslint.yaml").write_text("names: names.yaml\n", encoding="utf-8")
    names = newsroom / "names.yaml"
    names.write_text("names:\n  Navalnyy: [Navalny]\n", encoding="utf-8")
    article = newsroom / "story.txt"
    diagnostics = await opened(client, article, STORY)
    (kiev,) = diagnostics
    assert len(add_name_actions(await actions_at(client, article.as_uri(), kiev))) == 1
    # Added (by hand, or by this action) and saved; the server has not read it again yet.
    names.write_text("names:\n  Navalnyy: [Navalny]\naccept: [kiev]\n", encoding="utf-8")
    titles = [a.title for a in await actions_at(client, article.as_uri(), kiev)]
    assert titles == ['Write "Kyiv"', "Disable names.spelling for this line",
                      "Fix all safe findings in this file"]
    close(client, article.as_uri())


@pytest.mark.parametrize("broken, reason", [
    ("names:\n  Navalnyy: [Navalny\n", "names.yaml:3:1: invalid YAML: "),
    (b"names:\n  Navalnyy: [Nawalny\xff]\n", "names.yaml is not valid UTF-8 (byte offset 27)"),
])
async def test_an_unreadable_names_file_gets_no_action_and_a_log_entry(client, newsroom, broken,
                                                                      reason):
    (newsroom / ".newslint.yaml").write_text("names: names.yaml\n", encoding="utf-8")
    names = newsroom / "names.yaml"
    names.write_text("names:\n  Navalnyy: [Navalny]\n", encoding="utf-8")
    article = newsroom / "story.txt"
    (kiev,) = await opened(client, article, STORY)
    if isinstance(broken, bytes):
        names.write_bytes(broken)
    else:
        names.write_text(broken, encoding="utf-8")
    before = len(client.log_messages)
    titles = [a.title for a in await actions_at(client, article.as_uri(), kiev)]
    assert titles == ['Write "Kyiv"', "Disable names.spelling for this line",
                      "Fix all safe findings in this file"]
    (logged,) = [m for m in client.log_messages[before:] if "house names" in m.message]
    assert logged.type == types.MessageType.Error
    assert logged.message.startswith(
        f'newslint: cannot offer "Add Kiev to the house names": {newsroom}/{reason}')
    close(client, article.as_uri())


async def test_offered_only_where_the_house_names_decide(client, newsroom):
    # The house's own names say "Kiev" is wrong; spellings and a name spelt two ways are not
    # for the vocabulary to decide (accepting "Andrii" would not make the article consistent).
    (newsroom / ".newslint.yaml").write_text("names:\n  Kyyiv: [Kiev]\n", encoding="utf-8")
    article = newsroom / "story.txt"
    text = ("Talks in Kyyiv\n\nThe talks ended on Monday.\n\nOfficials met in Kiev on the "
            "defense program.\n\nAndriy Yermak said so. Andrii Yermak flew home." + SOURCE)
    diagnostics = await opened(client, article, text)
    assert sorted(d.code for d in diagnostics) == [
        "consistency.names", "names.spelling", "spelling.british", "spelling.british"]
    for diagnostic in diagnostics:
        actions = await actions_at(client, article.as_uri(), diagnostic)
        assert add_name_actions(actions) == [], diagnostic.code
    close(client, article.as_uri())
