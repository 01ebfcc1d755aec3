"""HTML articles: CMS exports, archives and saved pages.

    first <h1>                                        -> headline
    .standfirst / .dek (else <meta name=description>) -> standfirst
    .byline / [rel=author]                            -> byline
    .dateline                                         -> dateline
    <figure> <figcaption>                             -> caption (all of its text)
    .credit inside a figure                           -> credit (also part of the caption text)
    <p>, <li>, <h2>–<h6>, <blockquote> paragraphs     -> body; a short "Source: …" -> source;
                                                         a dateline opening the first -> dateline
    script, style, nav, code, pre, noscript, template, svg, head, title, ... -> not prose

Only the first ``<article>`` is read when there is one (its headline may stand before it).
Entities (named, decimal, hex) map as a whole to their source; white space collapses as a
browser renders it. The encoding comes from a BOM, ``<meta charset>`` or UTF-8.
"""

from __future__ import annotations

import re

from newslint.document import Document
from newslint.readers import language_tag
from newslint.readers._markup import (Element, add_escaped, descend, parse_html, read_declared,
                                      text_of)
from newslint.readers._text import Paragraphs, TextBuilder, escape_markup

# Not prose, or not shown at all (a <title> in the body, the fallbacks of <noembed>, ...).
NOT_PROSE = frozenset("script style nav code pre noscript template svg head iframe object select "
                      "button textarea title xmp noembed noframes".split())
_BLOCKS = frozenset("p li h2 h3 h4 h5 h6 dt dd td th".split())
# Block children make an element a container to walk into rather than a paragraph.
_BLOCK_CHILDREN = _BLOCKS | frozenset("div section article blockquote ul ol dl table figure".split())
_STANDFIRST = {"standfirst", "dek", "article-dek", "subtitle", "article__standfirst", "summary"}
_BYLINE = {"byline", "author", "article-byline"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._-]+)""", re.IGNORECASE)


def read_bytes(data: bytes, path: str, encoding: str | None = None) -> Document:
    match = _META_CHARSET.search(data[:4096])
    declared = (match.group(1).decode("ascii"), match.start(1)) if match else None
    return read_declared(data, path, declared, read, encoding)


def read(source: str, path: str) -> Document:
    document = Document(path, "html", source, escape=escape_markup)
    root = parse_html(source)
    article = root.find("article") or root
    headline = article.find("h1") or root.find("h1")
    if headline is not None:
        _add(document, text_of(source, headline, NOT_PROSE), "headline", element="h1")
    has_standfirst = any(_STANDFIRST & e.classes() for e in article.iter())
    if not has_standfirst:
        _meta_description(document, root)
    _Walker(document, headline).walk(article)
    return document


def _add(document: Document, builder: TextBuilder, kind: str, **attributes):
    segment = builder.segment(kind, **attributes)
    if segment is not None:
        document.segments.append(segment)
    return segment


def _meta_description(document: Document, root: Element) -> None:
    for meta in root.iter("meta"):
        if meta.attrs.get("name", "").lower() != "description":
            continue
        span = meta.value_spans.get("content")
        if span is None:
            continue
        builder = TextBuilder()
        builder.language = language_tag(meta.lang)
        add_escaped(builder, document.source, *span)
        _add(document, builder, "standfirst", element="meta")
        return


class _Walker:
    def __init__(self, document: Document, headline: Element | None):
        self.document = document
        self.source = document.source
        self.headline = headline
        self.paragraphs = Paragraphs(document)

    def walk(self, element: Element) -> None:
        descend(element, lambda child: isinstance(child, Element) and self.element(child))

    def element(self, element: Element) -> bool:
        """Read ``element``; True if it is a container whose children are to be read."""
        name = element.name
        if name in NOT_PROSE or element is self.headline:
            return False
        classes = element.classes()
        if classes & _STANDFIRST:
            _add(self.document, text_of(self.source, element, NOT_PROSE), "standfirst", element=name)
        elif classes & _BYLINE or element.attrs.get("rel") == "author":
            _add(self.document, text_of(self.source, element, NOT_PROSE), "byline", element=name)
        elif "dateline" in classes:
            _add(self.document, text_of(self.source, element, NOT_PROSE), "dateline", element=name)
        elif name == "figure":
            self.figure(element)
        elif name == "figcaption":
            self.caption(element)
        elif name in _BLOCKS and not any(
                isinstance(c, Element) and c.name in _BLOCK_CHILDREN
                for c in element.children):
            self.paragraphs.add(text_of(self.source, element, NOT_PROSE).segment("body", element=name))
        else:
            return True
        return False

    def figure(self, figure: Element) -> None:
        captions = list(figure.iter("figcaption"))
        for caption in captions:
            self.caption(caption)
        inside = {id(e) for c in captions for e in c.iter()}
        for element in figure.iter():
            if "credit" in element.classes() and id(element) not in inside:
                _add(self.document, text_of(self.source, element, NOT_PROSE), "credit",
                     element=element.name)

    def caption(self, caption: Element) -> None:
        _add(self.document, text_of(self.source, caption, NOT_PROSE), "caption", element="figcaption")
        for element in caption.iter():
            if "credit" in element.classes():
                # The credit is read twice on purpose: at the end of the caption, where the
                # caption rules look for it, and as a credit of its own.
                _add(self.document, text_of(self.source, element, NOT_PROSE), "credit",
                     element=element.name)
