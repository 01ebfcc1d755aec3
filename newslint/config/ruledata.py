"""The data files rules read, parsed here and nowhere else: names dictionaries, spelling pairs,
titles and institutions lists.

Each file is parsed once per process for each content it has had (keyed by path and stamp, so
an edited file is read again), errors name the file and line, and every call notes the file as
a dependency of what is being compiled, also when answered from memory: a compiled rule is
recompiled when a file it read changes. Rule kinds keep the file's path as their option and
call these loaders from ``prepare``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newslint.errors import ConfigError
from newslint.files.cache import note_dependency


@dataclass(frozen=True)
class Entry:
    """One variant a substitution rule flags, and the form house style writes instead."""

    variant: str
    preferred: str
    exceptions: tuple[str, ...] = ()
    applicability: str | None = None
    note: str = ""


def load_dictionary(path: Path) -> dict[str, tuple[str, tuple[Entry, ...]]]:
    """A names file as {group name: (source, entries)}."""
    note_dependency(path)
    return _load_dictionary(path, _stamp(path))


def load_pairs(path: Path, prefer: str) -> tuple[Entry, ...]:
    """A spelling file's pairs as entries whose variant is the column not preferred."""
    note_dependency(path)
    return _load_pairs(path, prefer, _stamp(path))


def load_titles(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A titles file's formal ``titles`` and the ``institutions`` named after them."""
    note_dependency(path)
    return _load_titles(path, _stamp(path))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        status = path.stat()
    except OSError:
        return (0, 0)  # load_yaml_file reports the missing file
    return status.st_mtime_ns, status.st_size


def _fail(message: str, path: Path, node) -> None:
    raise ConfigError(message, str(path), getattr(node, "line", None))


def _str_list(value, what: str, path: Path, node) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _fail(f"{what} must be a list of strings", path, node)
    return tuple(value)


def _yaml(path: Path):
    from newslint.config.yamlpos import load_yaml_file  # a cached compiled ruleset never needs YAML

    return load_yaml_file(path)


@lru_cache(maxsize=32)
def _load_dictionary(path: Path, stamp) -> dict[str, tuple[str, tuple[Entry, ...]]]:
    data = _yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        _fail("a names dictionary is a mapping with a list of 'groups'", path, data)
    groups = {}
    for group in data["groups"]:
        if not isinstance(group, dict) or not isinstance(group.get("name"), str):
            _fail("each group needs a 'name', a 'source' and 'entries'", path, group)
        if not isinstance(group.get("source"), str) or not group["source"].strip():
            _fail(f"group {group['name']!r} must cite the 'source' of its spellings", path, group)
        entries = []
        group_applicability = group.get("applicability")
        for item in group.get("entries") or ():
            if not isinstance(item, dict) or not isinstance(item.get("preferred"), str):
                _fail("each entry needs 'preferred' and 'variants'", path, item)
            unknown = set(item) - {"preferred", "variants", "exceptions", "applicability", "note"}
            if unknown:
                _fail(f"unknown key {sorted(unknown)[0]!r} in entry {item['preferred']!r}; "
                      "valid keys: preferred, variants, exceptions, applicability, note",
                      path, item)
            variants = _str_list(item.get("variants"), "'variants'", path, item)
            if not variants:
                _fail(f"entry {item['preferred']!r} has no 'variants'", path, item)
            exceptions = _str_list(item.get("exceptions"), "'exceptions'", path, item)
            applicability = item.get("applicability", group_applicability)
            if applicability not in (None, "safe", "unsafe"):
                _fail("'applicability' must be safe or unsafe", path, item)
            for variant in variants:
                entries.append(Entry(variant, item["preferred"], exceptions, applicability,
                                     str(item.get("note") or "")))
        groups[group["name"]] = (group["source"], tuple(entries))
    return groups


@lru_cache(maxsize=32)
def _load_pairs(path: Path, prefer: str, stamp) -> tuple[Entry, ...]:
    data = _yaml(path)
    pairs = data.get("pairs") if isinstance(data, dict) else None
    if not isinstance(pairs, list):
        _fail("a spelling file is a mapping with a list of 'pairs'", path, data)
    entries = []
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(w, str) for w in pair)):
            _fail("each pair is [first, second]", path, pair)
        wrong, right = (pair[1], pair[0]) if prefer == "first" else (pair[0], pair[1])
        entries.append(Entry(wrong, right))
    return tuple(entries)


@lru_cache(maxsize=8)
def _load_titles(path: Path, stamp) -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = _yaml(path)
    titles = data.get("titles") if isinstance(data, dict) else None
    institutions = data.get("institutions", []) if isinstance(data, dict) else None
    for key, value in (("titles", titles), ("institutions", institutions)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            _fail(f"'{key}' must be a list of strings", path, data)
    return tuple(titles), tuple(institutions)
