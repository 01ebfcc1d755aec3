"""Mappings and lists that remember the 1-based line each entry came from.

Kept apart from the YAML loader so that code handling already-loaded data (configs, cached
rulesets) does not import PyYAML.
"""

from __future__ import annotations


class PosDict(dict):
    """A dict that knows the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class PosList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        try:
            return self.item_lines[index]
        except (IndexError, AttributeError):
            return self.line
