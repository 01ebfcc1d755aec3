"""Where "Add NAME to the house names" writes NAME, and the text it writes.

NAME joins the ``accept`` list of the vocabulary the article's config reads (see
``newslint.config.vocabulary``): the names file its ``names:`` points to, else the config's own
``names:``/``accept:``. A config without a vocabulary gets one: ``names.yaml`` beside it, named
by a ``names: names.yaml`` line in the config, where the editor can create files; otherwise an
``accept`` list in the config itself. Without any config, a ``.newslint.yaml`` naming a new
``names.yaml`` is created where the config search from the article would find it.

Files are edited as text, as a person would: the entry goes at the end of the list as the list
is written (``[Odessa, Kiev]`` or one ``- Kiev`` line more), a new ``accept`` key after the
``names`` it belongs with or at the end, comments, order and line breaks untouched. Each
planned text is read back, and must hold what the file held with NAME added, or nothing is
planned (``Refused`` says why).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

VOCABULARY_FILE = "names.yaml"
CONFIG_FILE = ".newslint.yaml"
_HEADER = ("# The house names for newslint: `accept` lists names its names rules leave alone;\n"
           "# `names` maps a preferred form to its variants, as in `Navalnyy: [Navalny]`.\n")


class Refused(Exception):
    """No edit can be planned; the message says why, for the editor's log (None: nothing to
    say, such as a config that has no file to write to)."""


@dataclass
class Change:
    path: Path
    old: str | None  # None: the file is created
    new: str


def plan(config, name: str, can_create: bool, article: Path,
         workspace_root: Path | None) -> list[Change]:
    """The files to change so that ``config``'s vocabulary accepts ``name``; Refused if none
    can be planned, with an empty list where the file already accepts it."""
    if config.path is None:
        if not can_create:
            raise Refused(None)
        home = _config_home(article.parent, workspace_root)
        if (home / CONFIG_FILE).exists() or (home / VOCABULARY_FILE).exists():
            raise Refused(None)  # not the config search's (a .git between): not ours to touch
        return [Change(home / CONFIG_FILE, None, f"names: {VOCABULARY_FILE}\n"),
                Change(home / VOCABULARY_FILE, None, new_vocabulary(name))]
    path = Path(config.path)
    text = read(path)
    toml = path.name == "pyproject.toml"
    data = _toml_table(text, path) if toml else _yaml_data(text, path)
    names = data.get("names")
    if isinstance(names, str):
        vocabulary = Path(names) if Path(names).is_absolute() else path.parent / names
        return _accepting(vocabulary, read(vocabulary), name, toml=False)
    beside = path.parent / VOCABULARY_FILE
    if names is None and data.get("accept") is None and can_create and not beside.exists():
        config_text = (_toml_with_key(text, f'names = "{VOCABULARY_FILE}"') if toml
                       else _yaml_with_key(text, f"names: {VOCABULARY_FILE}"))
        expected = {**data, "names": VOCABULARY_FILE}
        _check(path, config_text, expected, toml)
        return [Change(beside, None, new_vocabulary(name)), Change(path, text, config_text)]
    return _accepting(path, text, name, toml)


def new_vocabulary(name: str) -> str:
    return f"{_HEADER}accept:\n  - {yaml_scalar(name)}\n"


def read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")  # an editor's text has no byte-order mark
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise Refused(f"{path} is not valid UTF-8 (byte offset {error.start})") from None


def _config_home(directory: Path, workspace_root: Path | None) -> Path:
    """Where a new config applies to an article in ``directory``: the workspace's root if the
    config search from the article reaches it, else the root of the article's repository (where
    the search stops), else the article's own folder."""
    directory = directory.resolve()
    root = workspace_root.resolve() if workspace_root else None
    for folder in (directory, *directory.parents):
        if folder == root or (folder / ".git").exists():
            return folder
    return directory


def _accepting(path: Path, text: str, name: str, toml: bool) -> list[Change]:
    from newslint.analysis.matcher import fold

    data = _toml_table(text, path) if toml else _yaml_data(text, path)
    accepted = data.get("accept")
    listed = [accepted] if isinstance(accepted, str) else list(accepted or [])
    if fold(name) in {fold(word) for word in listed if isinstance(word, str)}:
        return []
    new = _toml_with_accepted(text, name, path) if toml else yaml_with_accepted(text, name)
    _check(path, new, {**data, "accept": [*listed, name]}, toml)
    return [Change(path, text, new)]


def _check(path: Path, new: str, expected: dict, toml: bool) -> None:
    """The planned text must read as the old data with the one change, and nothing else."""
    try:
        data = _toml_table(new, path) if toml else _yaml_data(new, path)
    except Refused:
        data = None
    if _plain(data) != _plain(expected):
        raise Refused(f"cannot add to {path} as it is written (its shape is not one newslint "
                      "edits); add the name by hand")


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _yaml_data(text: str, path: Path) -> dict:
    from newslint.config.yamlpos import load_yaml_text
    from newslint.errors import ConfigError

    try:
        data = load_yaml_text(text, str(path))
    except ConfigError as error:
        raise Refused(str(error)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise Refused(f"{path}: its top level is not a mapping")
    return data


def _toml_table(text: str, path: Path) -> dict:
    import tomllib

    try:
        table = tomllib.loads(text).get("tool", {}).get("newslint")
    except tomllib.TOMLDecodeError as error:
        raise Refused(f"{path}: invalid TOML: {error}") from None
    if not isinstance(table, dict):
        raise Refused(f"{path}: no [tool.newslint] table")
    return table


# --- YAML ---------------------------------------------------------------------------------

def yaml_scalar(name: str) -> str:
    """``name`` as YAML writes it inside a flow sequence (quoted where a comma, a leading
    indicator or a word YAML would read as something else calls for it): also right as a
    block item."""
    import yaml

    dumped = yaml.safe_dump([name], default_flow_style=True, allow_unicode=True,
                            width=float("inf"))
    return dumped.strip()[1:-1]


def _line_break(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _after_line(text: str, index: int) -> tuple[int, str]:
    """The offset just after the line holding ``index`` (its comment and line break), and the
    line break to put first where the text ends without one."""
    end = text.find("\n", index)
    if end == -1:
        return len(text), _line_break(text)
    return end + 1, ""


def _top_level(text: str):
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise Refused(f"invalid YAML: {error}") from None
    if root is not None and not (isinstance(root, yaml.MappingNode) and not root.flow_style):
        raise Refused("its top level is not a block mapping")
    return root


def _last_leaf(node):
    import yaml

    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def _yaml_with_key(text: str, line: str, after: str | None = None) -> str:
    """``text`` with a top-level ``line`` (a key and its value, several lines for a block
    list) after the entry of the key ``after`` if there is one, else at the end."""
    root = _top_level(text)
    newline = _line_break(text)
    line = line.replace("\n", newline)
    if root is None or not root.value:
        separator = newline if text and not text.endswith(("\n", "\r")) else ""
        return f"{text}{separator}{line}{newline}"
    indent = " " * root.value[0][0].start_mark.column
    line = indent + line.replace(newline, newline + indent)
    entry = next((value for key, value in root.value if key.value == after), None)
    if entry is None:
        at, separator = len(text), "" if text.endswith(("\n", "\r")) else newline
    else:
        leaf = _last_leaf(entry)
        at, separator = _after_line(text, max(leaf.end_mark.index - 1, leaf.start_mark.index))
    return f"{text[:at]}{separator}{line}{newline}{text[at:]}"


def yaml_with_accepted(text: str, name: str) -> str:
    """``text`` (a config or a names file) with ``name`` last in its ``accept`` list."""
    import yaml

    root = _top_level(text)
    scalar = yaml_scalar(name)
    value = next((v for k, v in root.value if k.value == "accept"), None) if root else None
    if value is None:
        return _yaml_with_key(text, f"accept:\n  - {scalar}", after="names")
    newline = _line_break(text)
    start, end = value.start_mark.index, value.end_mark.index
    if isinstance(value, yaml.ScalarNode):
        if value.tag.endswith(":null"):
            if start == end:  # `accept:` and nothing: a block list under it
                at, separator = _after_line(text, start)
                key = next(k for k, v in root.value if v is value)
                item = " " * (key.start_mark.column + 2) + f"- {scalar}"
                return f"{text[:at]}{separator}{item}{newline}{text[at:]}"
            return f"{text[:start]}[{scalar}]{text[end:]}"
        return f"{text[:start]}[{text[start:end]}, {scalar}]{text[end:]}"
    if not isinstance(value, yaml.SequenceNode):
        raise Refused("'accept' is not a list")
    if value.flow_style:
        if not value.value:
            return f"{text[:start + 1]}{scalar}{text[start + 1:]}"
        at = value.value[-1].end_mark.index
        return f"{text[:at]}, {scalar}{text[at:]}"
    last = value.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    prefix = text[line_start:last.start_mark.index]
    if not re.fullmatch(r"[ \t]*-[ \t]+", prefix):
        raise Refused("the last item of 'accept' does not start its own line")
    at, separator = _after_line(text, _last_leaf(last).end_mark.index - 1)
    return f"{text[:at]}{separator}{prefix}{scalar}{newline}{text[at:]}"


# --- TOML (pyproject.toml) ----------------------------------------------------------------

_TABLE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*newslint[ \t]*\][ \t]*(#.*)?$", re.MULTILINE)
_ANY_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_ACCEPT = re.compile(r"^([ \t]*accept[ \t]*=[ \t]*)(.*?)([ \t]*(#.*)?)$", re.MULTILINE)


def _toml_string(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)  # a JSON string is a TOML basic string


def _toml_with_key(text: str, line: str) -> str:
    """``text`` with ``line`` first in its ``[tool.newslint]`` table."""
    header = _TABLE.search(text)
    if header is None:
        raise Refused("no [tool.newslint] line to add the key under")
    at, separator = _after_line(text, header.start())
    return f"{text[:at]}{separator}{line}{_line_break(text)}{text[at:]}"


def _toml_with_accepted(text: str, name: str, path: Path) -> str:
    header = _TABLE.search(text)
    if header is None:
        raise Refused(f"{path}: no [tool.newslint] line to add the name under")
    following = _ANY_TABLE.search(text, header.end())
    table_end = following.start() if following else len(text)
    accept = _ACCEPT.search(text, header.end(), table_end)
    string = _toml_string(name)
    if accept is None:
        return _toml_with_key(text, f"accept = [{string}]")
    value = accept.group(2)
    start, end = accept.start(2), accept.end(2)
    if value.startswith(('"', "'")):
        return f"{text[:start]}[{value}, {string}]{text[end:]}"
    if not (value.startswith("[") and value.endswith("]")):
        raise Refused(f"{path}: 'accept' spans lines; add the name by hand")
    inside = value[1:-1].rstrip()
    if not inside.strip():
        return f"{text[:start]}[{string}]{text[end:]}"
    comma = "" if inside.endswith(",") else ","
    return f"{text[:start]}[{inside}{comma} {string}]{text[end:]}"
