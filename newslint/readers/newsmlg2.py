"""NewsML-G2 news items (IPTC), text and picture items alike.

    contentMeta/headline                      -> headline
    contentMeta/description role=drol:summary -> standfirst (also a description without a role)
    contentMeta/description role=drol:caption -> caption
    contentMeta/creditline                    -> credit
    contentMeta/by                            -> byline
    contentMeta/dateline                      -> dateline
    contentSet/inlineXML with NITF            -> read as NITF (see ``nitf``)
    contentSet/inlineXML with XHTML           -> its paragraphs, as body
    everything else (itemMeta, rightsInfo, keywords, slugline, edNote) -> not prose

A segment's language is the nearest ``xml:lang`` (or XHTML ``lang``) above it, else the item's
``contentMeta/language@tag``.

A ``newsMessage`` is read item by item; a bare ``contentMeta`` or ``contentSet`` (as in the IPTC
guideline listings) is read as the part of an item it is.
"""

from __future__ import annotations

from newslint.document import Document
from newslint.errors import InputError
from newslint.readers import language_tag
from newslint.readers._markup import (
    Element,
    parse_xml,
    read_declared,
    text_of,
    xml_declared_encoding,
)
from newslint.readers._text import Paragraphs, escape_markup
from newslint.readers.nitf import read_nitf

_META = {"headline": "headline", "creditline": "credit", "by": "byline", "dateline": "dateline"}
_DESCRIPTION = {"drol:caption": "caption", "drol:summary": "standfirst", "": "standfirst"}


def read_bytes(data: bytes, path: str, encoding: str | None = None) -> Document:
    return read_declared(data, path, xml_declared_encoding(data), read, encoding)


_ROOTS = {"newsItem", "newsMessage", "packageItem", "conceptItem", "knowledgeItem", "planningItem",
          "catalogItem", "contentMeta", "contentSet", "inlineXML"}


def read(source: str, path: str) -> Document:
    document = Document(path, "newsml", source, escape=escape_markup)
    root = parse_xml(document)
    if root.name not in _ROOTS:
        line = document.lines.position(root.start)[0]
        raise InputError(f"root element <{root.name}> is neither NITF nor NewsML-G2", path, line)
    read_g2(document, root)
    return document


def read_g2(document: Document, root: Element) -> None:
    language, read_from = None, 0  # the item's contentMeta/language, and its first segment
    for element in root.iter():
        if element.name == "contentMeta":
            _label(document.segments[read_from:], language)
            read_from = len(document.segments)
            tags = [c.attrs.get("tag") for c in element.children
                    if isinstance(c, Element) and c.name == "language"]
            language = language_tag(tags[0]) if tags else None
            _content_meta(document, element)
        elif element.name == "inlineXML":
            _inline(document, element)
    _label(document.segments[read_from:], language)


def _label(segments, language: str | None) -> None:
    """Give segments that no xml:lang marks the item's language."""
    for segment in segments if language else ():
        segment.attributes.setdefault("lang", language)


def _add(document: Document, element: Element, kind: str) -> None:
    segment = text_of(document.source, element).segment(kind, element=element.name)
    if segment is not None:
        document.segments.append(segment)


def _content_meta(document: Document, meta: Element) -> None:
    for child in meta.children:
        if not isinstance(child, Element):
            continue
        if child.name in _META:
            _add(document, child, _META[child.name])
        elif child.name == "description":
            kind = _DESCRIPTION.get(child.attrs.get("role", ""))
            if kind:
                _add(document, child, kind)


def _inline(document: Document, inline: Element) -> None:
    for child in inline.children:
        if not isinstance(child, Element):
            continue
        if child.name == "nitf":
            read_nitf(document, child)
        else:
            paragraphs = Paragraphs(document)
            for paragraph in child.iter("p"):
                paragraphs.add(text_of(document.source, paragraph).segment("body", element="p"))
