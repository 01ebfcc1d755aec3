"""Plain-text articles, in the layout of a CMS text export (see ``fixtures/articles``):

    Headline on the first line                      -> headline
    <blank>
    One-line standfirst.                            -> standfirst
    <blank>
    A caption line that ends with its credit [Name/AP Photo]   -> caption (one per line)
    <blank>
    KYIV, Ukraine (AP) — Body paragraphs …          -> dateline + body
    <blank>
    Source: News Agencies                           -> source

The headline is a first paragraph of one line without closing punctuation, followed by more
paragraphs; the standfirst is the one-line paragraph after it. A text without that layout is all
body. Segment text is the source text itself, so every offset map is the identity.
"""

from __future__ import annotations

import re

from newslint.credits import find_credit
from newslint.document import Document

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")

SOURCE_LINE = re.compile(r"\s*sources?\s*:", re.IGNORECASE)
DATELINE = re.compile(
    r"""(?P<dateline>[A-Z][A-Z'’.\-]+(?:\ [A-Z][A-Z'’.\-]+){0,3}   # KYIV, NEW YORK
        (?:,\ [A-Z][A-Za-z.\-]+(?:\ [A-Z][A-Za-z.\-]+){0,2})?     # , Ukraine
        (?:\ \([A-Za-z&\ ]{1,30}\))?)                              # (AP)
        \ (?:—|–|--|-)\ """,
    re.VERBOSE,
)


def _paragraphs(source: str) -> list[list[tuple[int, int]]]:
    """Paragraphs as lists of (start, end) spans of their non-blank lines, ends without newline."""
    paragraphs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for match in _LINE.finditer(source):
        if match.start() == match.end():
            break
        line = match.group().rstrip("\r\n")
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = match.start() + len(line.rstrip())
        current.append((start, end))
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_headline(source: str, paragraph: list[tuple[int, int]]) -> bool:
    if len(paragraph) != 1:
        return False
    start, end = paragraph[0]
    text = source[start:end]
    return len(text) <= 200 and not text.endswith((".", ":", ";", ",")) and not SOURCE_LINE.match(text)


def read(source: str, path: str) -> Document:
    document = Document(path, "txt", source)
    paragraphs = _paragraphs(source)
    index = 0
    if len(paragraphs) > 1 and _is_headline(source, paragraphs[0]):
        document.add_plain("headline", *paragraphs[0][0])
        index = 1
        second = paragraphs[1] if len(paragraphs) > 2 else None
        if second and len(second) == 1 and not _is_caption_paragraph(source, second):
            document.add_plain("standfirst", *second[0])
            index = 2
    first_body = True
    for paragraph in paragraphs[index:]:
        if _is_caption_paragraph(source, paragraph):
            for start, end in paragraph:
                document.add_plain("caption", start, end)
            continue
        start, end = paragraph[0][0], paragraph[-1][1]
        text = source[start:end]
        if len(paragraph) == 1 and SOURCE_LINE.match(text) and len(text) <= 200:
            document.add_plain("source", start, end)
            continue
        if first_body:
            first_body = False
            dateline = DATELINE.match(text)
            if dateline:
                document.add_plain("dateline", start, start + dateline.end("dateline"))
                start += dateline.end()
        document.add_plain("body", start, end)
    return document


def _is_caption_paragraph(source: str, paragraph: list[tuple[int, int]]) -> bool:
    return all(find_credit(source[start:end], strict=True) for start, end in paragraph)
