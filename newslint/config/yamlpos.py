"""YAML loading that remembers where every mapping key and value came from.

Rulesets, data files and configs are written by style editors; an error must name the file
and line, so the loaded mappings carry their positions.

They may also come from a pull request, so nothing a file says may make loading it costly
beyond its size: an alias (``*name``) is refused, since nine lines of aliases to aliases make a
value of a billion items (the "billion laughs"), which is linear to compose but not to use
(every later walk, ``repr`` or copy of the value expands it). No bundled file uses one. Nesting
is bounded too: the constructors recurse, and a few hundred levels would exhaust the stack.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from newslint.config.line_numbered import PosDict, PosList
from newslint.errors import ConfigError

try:  # the C loader is several times faster on large dictionaries
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


# Far above what a ruleset or dictionary needs (about six levels), far below the recursion limit.
MAX_DEPTH = 50


class _AliasFound(Exception):
    """A node was reached a second time: through an alias."""


class _Loader(_BaseLoader):
    depth = 0

    def construct_object(self, node, deep=False):
        # Every node is constructed once, unless an alias (or a merge key naming one) leads
        # to it again.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasFound
        if self.depth >= MAX_DEPTH:
            raise ConfigError(f"nested more than {MAX_DEPTH} levels deep",
                              line=node.start_mark.line + 1)
        self.depth += 1
        try:
            return super().construct_object(node, deep)
        finally:
            self.depth -= 1


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = PosDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConfigError("a mapping key must be a plain value",
                              line=key_node.start_mark.line + 1) from None
        if key in result.key_lines:  # not quoted: the file may be anyone's (see ruleset.py)
            raise ConfigError(f"duplicate key (first on line {result.key_lines[key]})",
                              line=key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader, node):
    result = PosList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _first_alias_line(text: str) -> int | None:
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return None


def load_yaml_text(text: str, path: str):
    try:
        return yaml.load(text, Loader=_Loader)
    except _AliasFound:
        # Found while constructing, where the alias's own position is gone: parse again for it.
        raise ConfigError("a YAML alias (*name): newslint does not expand aliases (nine lines of "
                          "them can stand for a billion values); write the value out",
                          path, _first_alias_line(text)) from None
    except ConfigError as error:
        error.path = path
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise ConfigError(f"invalid YAML: {problem}", path, line, column) from None
    except yaml.reader.ReaderError as error:  # a control character: a binary or mangled file
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise ConfigError(f"invalid YAML: character #x{error.character:04x} is not allowed "
                          f"(a binary file?)", path, line, column) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"invalid YAML: {error}", path) from None


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int, size: int):
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(f"not valid UTF-8 at byte offset {error.start}", path) from None
    return load_yaml_text(text, path)


def load_yaml_file(path: Path):
    """Load a YAML file (cached per process by path, mtime and size)."""
    from newslint.files.cache import note_dependency

    note_dependency(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise ConfigError(f"cannot read file: {error.strerror}", str(path)) from None
    if not path.is_file():
        raise ConfigError("not a file", str(path))
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)
