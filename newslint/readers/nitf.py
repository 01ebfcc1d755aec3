"""NITF 3.x articles (News Industry Text Format), as agencies deliver them.

    body.head/hedline/hl1           -> headline
    hedline/hl2, abstract paragraphs -> standfirst
    body.head/byline                -> byline
    body.head/dateline              -> dateline
    body.content p, hl2, li         -> body; a short "Source: …" paragraph -> source;
                                       a dateline opening the first paragraph -> dateline
    media/media-caption             -> caption
    media/media-producer            -> credit
    body.end/tagline                -> source
    head (title, docdata, meta), pre, table -> not prose

The caption is the media-caption as written: a credit written at its end ("… [Name/AP Photo]")
is read there by the caption rules, and media-producer is the credit segment of its own.
"""

from __future__ import annotations

from newslint.document import Document
from newslint.readers._markup import (
    Element,
    descend,
    parse_xml,
    read_declared,
    text_of,
    xml_declared_encoding,
)
from newslint.readers._text import Paragraphs, escape_markup

NOT_PROSE = frozenset({"pre", "table", "media-reference", "media-metadata", "media-object",
                       "object.title", "bibliography", "note"})
_BODY_BLOCKS = frozenset({"p", "hl2", "li", "dt", "dd"})


def read_bytes(data: bytes, path: str, encoding: str | None = None) -> Document:
    return read_declared(data, path, xml_declared_encoding(data), read, encoding)


def read(source: str, path: str) -> Document:
    document = Document(path, "nitf", source, escape=escape_markup)
    read_nitf(document, parse_xml(document))
    return document


def read_nitf(document: Document, nitf: Element) -> None:
    """Add the segments of one ``nitf`` element (a whole file, or inline in NewsML-G2)."""
    body = nitf.find("body") or nitf
    walker = _Walker(document)
    for child in body.children:
        if not isinstance(child, Element):
            continue
        if child.name == "body.head":
            walker.head(child)
        elif child.name == "body.end":
            for tagline in child.iter("tagline"):
                walker.add(tagline, "source")
        else:
            walker.content(child)


class _Walker:
    def __init__(self, document: Document):
        self.document = document
        self.paragraphs = Paragraphs(document)

    def add(self, element: Element, kind: str) -> None:
        text = text_of(self.document.source, element, NOT_PROSE)
        segment = text.segment(kind, element=element.name)
        if segment is not None:
            self.document.segments.append(segment)

    def head(self, head: Element) -> None:
        for child in head.children:
            if not isinstance(child, Element):
                continue
            if child.name == "hedline":
                for line in child.children:
                    if isinstance(line, Element):
                        self.add(line, "headline" if line.name == "hl1" else "standfirst")
            elif child.name in ("byline", "dateline"):
                self.add(child, child.name)
            elif child.name == "abstract":
                paragraphs = [p for p in child.iter("p")] or [child]
                for paragraph in paragraphs:
                    self.add(paragraph, "standfirst")

    def content(self, element: Element) -> None:
        descend(element, self._content)

    def _content(self, child) -> bool:
        """Read one node of the body content; True for a container to read into."""
        if not isinstance(child, Element) or child.name in NOT_PROSE:
            return False
        if child.name == "media":
            for part in child.iter():
                if part.name == "media-caption":
                    self.add(part, "caption")
                elif part.name == "media-producer":
                    self.add(part, "credit")
        elif child.name == "tagline":
            self.add(child, "source")
        elif child.name in _BODY_BLOCKS:
            text = text_of(self.document.source, child, NOT_PROSE)
            self.paragraphs.add(text.segment("body", element=child.name))
        else:
            return True
        return False
