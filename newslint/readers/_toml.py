"""TOML front matter (``+++``, as Hugo writes it), its strings mapped to their source characters.

``tomllib`` checks the block and decodes it, but gives no positions; this module walks the
(already valid) block once more, by TOML's grammar for keys, tables and values, and maps each
string it meets character by character: delimiters are markup, an escape maps as a whole to
its backslash sequence, a line-ending backslash in a multi-line string joins lines. Each
mapped string is checked against tomllib's value, and a string that does not agree maps as a
whole to its whole span, so a finding is never placed on the wrong character.

Key paths follow the YAML reader's: ``title``, ``image.caption`` (a table or a dotted key),
``images[].caption`` (an array of tables), ``authors[]`` (an array of strings).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newslint.findings import Unwritable
from newslint.readers._text import TextBuilder

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = re.compile(r"[ \t]*")
_BLANKS = re.compile(r"(?:[ \t\r\n]|#[^\r\n]*)*")  # white space, line breaks and comments
_SCALAR_END = re.compile(r"[,\]}\r\n#]")
_ESCAPE = re.compile(r'\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[btnfr"\\]'
                     r"|[ \t]*(?:\r\n|\n)[ \t\r\n]*)")  # the last: a line-ending backslash
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_ERROR_POSITION = re.compile(r"\(at line (\d+), column \d+\)")

def _literal(delimiter: str) -> Callable[[str], str]:
    def escape(text: str) -> str:
        # A literal string has no escapes: what it cannot hold, no fix writes.
        if delimiter in text or (len(delimiter) == 1 and "\n" in text):
            raise Unwritable(f"{delimiter} in a TOML literal string")
        return text
    return escape


# A fix inside a basic string is written with TOML's escapes; a literal string has none.
ESCAPES: dict[str, Callable[[str], str]] = {
    '"': lambda text: text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n"),
    '"""': lambda text: text.replace("\\", "\\\\").replace('"""', '""\\"'),
    "'": _literal("'"),
    "'''": _literal("'''"),
}


class TomlError(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def strings(source: str, start: int, end: int):
    """Yield ``(key_path, builder, delimiter)`` for every string of the TOML in
    ``source[start:end]``; raise ``TomlError`` (with the block's line) if it is not TOML."""
    import tomllib

    try:
        data = tomllib.loads(source[start:end].replace("\r\n", "\n"))
    except tomllib.TOMLDecodeError as error:
        found = _ERROR_POSITION.search(str(error))
        message = _ERROR_POSITION.sub("", str(error)).strip()
        raise TomlError(message, int(found.group(1)) if found else None) from None
    yield from _Walker(source, end, data).document(start)


class _Walker:
    def __init__(self, source: str, end: int, data: dict):
        self.source, self.end, self.data = source, end, data
        self.arrays: dict[tuple, int] = {}  # [[table]] headers seen, for tomllib's list index

    def document(self, position: int):
        table_path: list[str] = []  # the key path shown to users ("images[]")
        table_keys: list = []  # the path into tomllib's data ("images", 0)
        source, end = self.source, self.end
        while True:
            position = _BLANKS.match(source, position, end).end()
            if position >= end:
                return
            if source.startswith("[[", position):
                keys, position = self._keys(position + 2)
                position = source.index("]]", position) + 2
                count = self.arrays[tuple(keys)] = self.arrays.get(tuple(keys), -1) + 1
                table_path, table_keys = [*keys[:-1], keys[-1] + "[]"], [*keys, count]
            elif source.startswith("[", position):
                keys, position = self._keys(position + 1)
                position = source.index("]", position) + 1
                table_path, table_keys = list(keys), list(keys)
            else:
                keys, position = self._keys(position)
                position = _SPACE.match(source, source.index("=", position) + 1, end).end()
                position = yield from self._value(position, [*table_path, *keys],
                                                  [*table_keys, *keys])

    def _keys(self, position: int) -> tuple[list[str], int]:
        """A dotted key (bare or quoted parts) and the position after it."""
        source, keys = self.source, []
        while True:
            position = _SPACE.match(source, position, self.end).end()
            quote = source[position]
            if quote in "\"'":
                close = source.index(quote, position + 1)
                raw = source[position + 1:close]
                keys.append(raw if quote == "'" else _decode_basic(raw))
                position = close + 1
            else:
                match = _BARE_KEY.match(source, position, self.end)
                keys.append(match.group())
                position = match.end()
            position = _SPACE.match(source, position, self.end).end()
            if source.startswith(".", position):
                position += 1
                continue
            return keys, position

    def _value(self, position: int, path: list[str], keys: list):
        source = self.source
        for delimiter in ('"""', "'''", '"', "'"):
            if source.startswith(delimiter, position):
                close = _closing(source, position + len(delimiter), delimiter)
                builder = _map_string(source, position + len(delimiter), close, delimiter)
                yield ".".join(path), _checked(builder, self._lookup(keys), position,
                                               close + len(delimiter)), delimiter
                return close + len(delimiter)
        if source.startswith("[", position):
            index, position = 0, position + 1
            while True:
                position, closed = self._next_item(position, "]")
                if closed:
                    return position
                position = yield from self._value(position, [*path[:-1], path[-1] + "[]"],
                                                  [*keys, index])
                index += 1
        if source.startswith("{", position):
            position += 1
            while True:
                position, closed = self._next_item(position, "}")
                if closed:
                    return position
                inner, position = self._keys(position)
                position = _SPACE.match(source, source.index("=", position) + 1, self.end).end()
                position = yield from self._value(position, [*path, *inner], [*keys, *inner])
        match = _SCALAR_END.search(source, position, self.end)  # a number, date or boolean
        return match.start() if match else self.end

    def _next_item(self, position: int, close: str) -> tuple[int, bool]:
        """Where the next item of an array or inline table starts (past blanks, comments and
        commas), or the position after its closing bracket, with True."""
        source = self.source
        while True:
            position = _BLANKS.match(source, position, self.end).end()
            if source.startswith(close, position):
                return position + 1, True
            if not source.startswith(",", position):
                return position, False
            position += 1

    def _lookup(self, keys: list):
        value = self.data
        try:
            for key in keys:
                value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
        return value


def _closing(source: str, position: int, delimiter: str) -> int:
    if delimiter[0] == "'":
        return source.index(delimiter, position)
    while True:
        found = source.index(delimiter, position)
        backslashes = len(source[position:found]) - len(source[position:found].rstrip("\\"))
        if backslashes % 2 == 0:
            if len(delimiter) == 3:  # '""""' ends with the last three quotes
                while source.startswith('"', found + 3):
                    found += 1
            return found
        position = found + 1


def _map_string(source: str, start: int, end: int, delimiter: str) -> TextBuilder:
    builder = TextBuilder()
    if len(delimiter) == 3:  # a line break right after the opening delimiter is not content
        for newline in ("\r\n", "\n"):
            if source.startswith(newline, start):
                start += len(newline)
                break
    if delimiter[0] == "'":
        builder.add_run(source, start, end)
        return builder
    position = start
    for escape in _ESCAPE.finditer(source, start, end):
        builder.add_run(source, position, escape.start())
        builder.add(_decode_escape(escape.group()), escape.start(), escape.end())
        position = escape.end()
    builder.add_run(source, position, end)
    return builder


def _decode_escape(raw: str) -> str:
    kind = raw[1]
    if kind in "uU":
        return chr(int(raw[2:], 16))
    if kind in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[kind]
    return ""  # a line-ending backslash: the lines join


def _decode_basic(raw: str) -> str:
    return _ESCAPE.sub(lambda m: _decode_escape(m.group()), raw)


def _checked(builder: TextBuilder, value, start: int, end: int) -> TextBuilder:
    expected = " ".join(str(value).split()) if isinstance(value, str) else None
    if expected is None or "".join(p[0] for p in builder.pieces).strip() != expected:
        builder = TextBuilder()
        if expected:
            builder.add(expected, start, end)
    return builder
