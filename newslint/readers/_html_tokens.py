"""HTML tokens with exact source offsets, in time linear in the input.

The states of the WHATWG tokenizer that decide where markup starts and ends: start and end
tags with their attributes, comments, DOCTYPE, bogus comments (``<?…>``, ``<!…>``, ``</ …>``),
and the raw text of ``script``, ``style``, ``textarea``, ``title`` and their kind. Each step
is a regular expression or a search that only moves forward, so every character is read a
bounded number of times. An unterminated construct reads to the end of the file once, as a
browser reads it: an open comment hides the rest of the file, a tag cut off by the end of the
file is dropped. ``html.parser`` (CPython 3.11) instead rescans the rest of the file from each
unterminated opening, then reads it as text: ``"<a " * 20000`` took 57 seconds there.

Left out, as they change no text a reader keeps: character references (text runs keep them
raw, ``_markup.add_escaped`` decodes them), the script data escape states (a script ends at
its first ``</script``), CDATA sections in SVG and MathML (read as bogus comments).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

START, END, TEXT = "start", "end", "text"

# "<" opens markup only before a letter, "/", "!" or "?"; anywhere else it is text.
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
# Before an attribute name: white space, and a "/" that does not close the tag.
_GAP = re.compile(r"(?:[\t\n\f\r ]|/(?!>))*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_SPACES = re.compile(r"[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
_DOCTYPE = re.compile(r"<!doctype", re.IGNORECASE)
RAWTEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"})
RCDATA = frozenset({"textarea", "title"})  # raw too, but references in them are decoded
RAW = RAWTEXT | RCDATA | {"plaintext"}  # "<plaintext>": the rest of the file is its text
_raw_ends: dict[str, re.Pattern] = {}


def _raw_end(name: str) -> re.Pattern:
    pattern = _raw_ends.get(name)
    if pattern is None:
        pattern = _raw_ends[name] = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.IGNORECASE)
    return pattern


def tag(source: str, at: int):
    """The tag whose name starts at ``at``: ``(name, attributes, value spans, end,
    self-closing)``, or None when the end of the file cuts it off (a browser drops it).

    Attribute names are lower case; the first of two equal names wins; values have their
    references decoded, and ``value spans`` holds each value's source span (None: no value).
    """
    import html

    n = len(source)
    name = _TAG_NAME.match(source, at)
    attributes: dict[str, str] = {}
    spans: dict[str, tuple[int, int] | None] = {}
    position = name.end()
    while True:
        position = _GAP.match(source, position).end()
        if position >= n:
            return None
        if source[position] == ">":
            return name.group().lower(), attributes, spans, position + 1, False
        if source.startswith("/>", position):
            return name.group().lower(), attributes, spans, position + 2, True
        attribute = _ATTRIBUTE_NAME.match(source, position)
        position = _SPACES.match(source, attribute.end()).end()
        value, span = "", None
        if source.startswith("=", position):
            position = _SPACES.match(source, position + 1).end()
            if position >= n:
                return None
            quote = source[position]
            if quote in "\"'":
                close = source.find(quote, position + 1)
                if close < 0:
                    return None
                span, position = (position + 1, close), close + 1
            else:
                end = _UNQUOTED.match(source, position).end()
                span, position = (position, end), end
            value = source[span[0]:span[1]]
            if "&" in value:
                value = html.unescape(value)
        key = attribute.group().lower()
        if key not in attributes:
            attributes[key] = value
            spans[key] = span


def tokens(source: str, in_foreign: Callable[[], bool] = lambda: False) -> Iterator[tuple]:
    """The tokens of ``source`` in order, as tuples:

    ``(START, name, attributes, value spans, start, end, self-closing)``,
    ``(END, name, start, end)`` and ``(TEXT, start, end, text)``, where ``text`` is None for
    markup text (references still to decode) and the text itself for raw text.

    ``in_foreign()`` says, after a start tag has been taken, whether it opened or stands in
    SVG or MathML, where ``<style>`` and its kind hold markup rather than raw text.
    """
    n = len(source)
    position = text_start = 0
    while True:
        opening = _MARKUP.search(source, position)
        if opening is None:
            break
        at = opening.start()
        following = source[at + 1]
        token = None
        if following == "/":
            if at + 2 >= n:
                break  # "</" at the end of the file is text
            first = source[at + 2]
            if first == ">":
                end = at + 3  # "</>" is nothing at all
            elif first.isascii() and first.isalpha():
                found = tag(source, at + 2)  # attributes of an end tag are read, then dropped
                end = n if found is None else found[3]
                if found is not None:
                    token = (END, found[0], at, end)
            else:
                end = _bogus_comment_end(source, at + 2)
        elif following == "!":
            if source.startswith("<!--", at):
                end = _comment_end(source, at)
            elif _DOCTYPE.match(source, at):
                end = _bogus_comment_end(source, at + 9)
            else:  # "<![CDATA[" too, outside SVG and MathML
                end = _bogus_comment_end(source, at + 2)
        elif following == "?":
            end = _bogus_comment_end(source, at + 2)
        else:
            found = tag(source, at + 1)
            end = n if found is None else found[3]
            if found is not None:
                token = (START, found[0], found[1], found[2], at, end, found[4])
        if text_start < at:
            yield TEXT, text_start, at, None
        position = text_start = end
        if token is None:
            continue
        yield token
        name = token[1]
        if token[0] == END or name not in RAW or in_foreign():
            continue
        closing = None if name == "plaintext" else _raw_end(name).search(source, end)
        raw_end = closing.start() if closing else n
        if end < raw_end:
            yield TEXT, end, raw_end, None if name in RCDATA else source[end:raw_end]
        if closing is None:
            return
        position = text_start = raw_end
    if text_start < n:
        yield TEXT, text_start, n, None


def _comment_end(source: str, at: int) -> int:
    """Where the comment opened at ``at`` ends: after "-->" or "--!>", after "<!-->" and
    "<!--->" (empty comments), or at the end of the file."""
    if source.startswith(">", at + 4):
        return at + 5
    if source.startswith("->", at + 4):
        return at + 6
    close = _COMMENT_END.search(source, at + 4)
    return close.end() if close else len(source)


def _bogus_comment_end(source: str, start: int) -> int:
    close = source.find(">", start)
    return close + 1 if close >= 0 else len(source)
