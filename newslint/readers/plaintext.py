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
body. Segment text is the source text itself, so every offset map is the identity. An HTML-style
comment on lines of its own (``<!-- newslint-disable-next-line … -->``) is markup, like a blank
line: no paragraph, headline or source line is made of it.
"""

from __future__ import annotations

import re

from newslint.credits import find_credit
from newslint.document import Document

# A line's text without its surrounding whitespace. Lines end at \r\n, \r or \n only; other
# Unicode whitespace ("\x0b", "\u2028", ...) stays inside a line and is stripped like the rest
# (re's \s is the set str.strip strips).
_LINE = re.compile(r"\S(?:[^\r\n]*\S)?")
# A paragraph: lines of text joined by single line breaks. Matched in C, so the blank lines
# between paragraphs, and one-line paragraphs (most of them), cost no Python per line.
_PARAGRAPH = re.compile(
    rf"(?P<first>{_LINE.pattern})(?:[^\S\r\n]*(?:\r\n|\r|\n)[^\S\r\n]*{_LINE.pattern})*"
)
# The same for a text without "\r" (nearly all): re runs "." (anything but "\n") through a line
# several times faster than the class [^\r\n].
_PARAGRAPH_LF = re.compile(r"(?P<first>\S(?:.*\S)?)(?:[^\S\n]*\n[^\S\n]*\S(?:.*\S)?)*")

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
    pattern = _PARAGRAPH if "\r" in source else _PARAGRAPH_LF
    for match in pattern.finditer(source):
        start, end = match.span()
        if match.end("first") == end:
            paragraphs.append([(start, end)])
        else:
            paragraphs.append([line.span() for line in _LINE.finditer(source, start, end)])
    return paragraphs


def _is_headline(source: str, paragraph: list[tuple[int, int]]) -> bool:
    if len(paragraph) != 1:
        return False
    start, end = paragraph[0]
    text = source[start:end]
    return len(text) <= 200 and not text.endswith((".", ":", ";", ",")) and not SOURCE_LINE.match(text)


# A comment on lines of its own (how plain text carries `newslint-disable` directives): markup,
# never article text. It may span lines; what shares a line with it is not a comment.
_COMMENT_LINES = re.compile(r"(?:\A|(?<=[\r\n]))[^\S\r\n]*<!--.*?-->[^\S\r\n]*(?=[\r\n]|\Z)", re.DOTALL)


def _without_comments(document: Document) -> str:
    """The source with whole-line comments blanked (same length, line breaks kept), so that
    paragraphs are found around them and offsets stay those of the source."""
    source = document.source
    if "<!--" not in source:
        return source

    def blank(match: re.Match) -> str:
        comment = match.group().strip()
        start = match.start() + match.group().index("<!--")
        reason = "suppression directive" if "newslint-" in comment else "comment"
        document.skip(reason, start, start + len(comment))
        return re.sub(r"[^\r\n]", " ", match.group())

    return _COMMENT_LINES.sub(blank, source)


def read(source: str, path: str) -> Document:
    document = Document(path, "txt", source)
    paragraphs = _paragraphs(_without_comments(document))
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
    return all(_may_end_with_credit(source, start, end) and find_credit(source[start:end], strict=True)
               for start, end in paragraph)


def _may_end_with_credit(source: str, start: int, end: int) -> bool:
    """Whether the line can end as a credit does, "]" or ")" and perhaps a full stop: body
    paragraphs (most lines) end otherwise, and are told so without a regex search."""
    last = source[end - 1]
    if last == ".":
        return end - start >= 2 and source[end - 2] in "]) \t"
    return last in "])"
