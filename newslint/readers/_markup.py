"""Position-aware element trees for the HTML and XML readers.

One pass gives both the structure and the offsets: expat (XML) reports the byte index of every
event, ``html.parser`` (HTML) the line and column of every token, so each text node knows the
source span it came from. The readers walk these small trees and feed text nodes to a
``TextBuilder``. Entity declarations in a DOCTYPE are refused (they are how billion-laughs and
external-entity files work); nothing is fetched, no DTD is loaded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from itertools import accumulate

from newslint.document import Document
from newslint.errors import InputError
from newslint.readers._text import TextBuilder

_REFERENCE = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{0,40};?)")


@dataclass(slots=True)
class Text:
    """A text node: ``data`` is its decoded text, or None when ``source[start:end]`` is raw
    HTML text whose references are decoded when it is read."""

    start: int
    end: int
    data: str | None = None
    cdata: bool = False  # in a CDATA section, where references and escapes read as they are


@dataclass(slots=True)
class Element:
    name: str                     # local name, lower case for HTML
    attrs: dict
    start: int                    # source offset of the start tag
    children: list = field(default_factory=list)
    tag_end: int = 0              # source offset just after the start tag
    value_spans: dict | None = None  # HTML: attribute name -> source span of its value
    # The language of its text as written: its own lang/xml:lang, else its parent's (None:
    # none declared; "" declares it unknown). ``readers.language_tag`` reads it.
    lang: str | None = None

    def iter(self, name: str | None = None):
        """This element and every element under it, in document order (named ``name``)."""
        # A stack, not recursion: "<b>" * 100000 nests deeper than Python recurses, and a
        # chain of nested generators costs its depth for every element it yields.
        stack = [self]
        while stack:
            element = stack.pop()
            if name is None or element.name == name:
                yield element
            stack.extend(c for c in reversed(element.children) if isinstance(c, Element))

    def find(self, name: str):
        return next(self.iter(name), None)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


def add_escaped(builder: TextBuilder, source: str, start: int, end: int) -> None:
    """Feed raw markup text to ``builder``: runs as they are, each reference decoded as a whole."""
    import html

    position = start
    for match in _REFERENCE.finditer(source, start, end):
        decoded = html.unescape(match.group())
        if decoded == match.group():
            continue
        if match.start() > position:
            builder.add_run(source, position, match.start())
        builder.add(decoded, match.start(), match.end())
        position = match.end()
    if position < end:
        builder.add_run(source, position, end)


def descend(element: Element, visit) -> None:
    """Call ``visit(node)`` on each child of ``element`` in document order, Text nodes included,
    and on the children of each child for which it returns True (before its next sibling).

    A stack of child iterators, not recursion, so that any depth of nesting reads.
    """
    stack = [iter(element.children)]
    while stack:
        for child in stack[-1]:
            if visit(child):
                stack.append(iter(child.children))
                break
        else:
            stack.pop()


def fill(builder: TextBuilder, source: str, node: Element, skip=frozenset(), spaces=frozenset()):
    """Add the text under ``node`` to ``builder``, leaving out elements named in ``skip``;
    elements named in ``spaces`` (``br``) read as white space."""

    def visit(child) -> bool:
        if isinstance(child, Text):
            builder.cdata = builder.cdata or child.cdata
            if child.data is None:
                add_escaped(builder, source, child.start, child.end)
            elif len(child.data) == child.end - child.start:
                builder.add_run(source, child.start, child.end)
            else:
                builder.add(child.data, child.start, child.end)
            return False
        if child.name in spaces:
            builder.add(" ", child.start, child.tag_end)
            return False
        return child.name not in skip

    descend(node, visit)


def text_of(source: str, node: Element, skip=frozenset()) -> TextBuilder:
    """The text under ``node``, in the language ``node`` is marked with."""
    from newslint.readers import language_tag

    builder = TextBuilder()
    builder.language = language_tag(node.lang)
    fill(builder, source, node, skip, frozenset({"br"}))
    return builder


def read_declared(data: bytes, path: str, declared: tuple[str, int] | None, read,
                  fallback: str | None = None) -> Document:
    """``read(decoded text, path)``, remembering the encoding so that fixes write it back.
    ``declared``: the encoding the document declares and the byte offset of its name;
    ``fallback``: the encoding of a file that is not UTF-8 and declares none (``--encoding``).
    A declaration the bytes contradict is a notice ("encoding-mismatch") at its name."""
    from newslint.readers import decode

    decoded = decode(data, path, declared, fallback)
    document = read(decoded.text, path)
    document.encoding, document.bom = decoded.encoding, decoded.bom
    if decoded.contradicted:
        name, start, end = decoded.contradicted
        document.notice("encoding-mismatch", start, end, name)
    return document


# --- XML ----------------------------------------------------------------------------------------

_XML_DECLARATION = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def xml_declared_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding an XML declaration names, and the byte offset of the name."""
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    match = _XML_DECLARATION.match(data[skip:200 + skip])
    return (match.group(1).decode("ascii"), skip + match.start(1)) if match else None


_CONTINUATION_BYTES = bytes(0x80 <= byte < 0xC0 for byte in range(256))


class _ByteToChar:
    """Converts UTF-8 byte indices (expat's, pyromark's) into code-point offsets of the decoded
    source: the index less the continuation bytes before it, counted in C from a checkpoint."""

    _STEP = 1024

    def __init__(self, source: str, encoded: bytes):
        self.ascii = len(source) == len(encoded)
        if not self.ascii:
            self.marks = encoded.translate(_CONTINUATION_BYTES)
            self.before = list(accumulate(
                (self.marks.count(1, i, i + self._STEP)
                 for i in range(0, len(encoded), self._STEP)),
                initial=0))

    def __call__(self, byte_index: int) -> int:
        if self.ascii:
            return byte_index
        block = byte_index // self._STEP
        return byte_index - self.before[block] - self.marks.count(1, block * self._STEP, byte_index)


_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"  # xml:lang, as expat names it
_STANDALONE_YES = re.compile(rb"""\A(<\?xml[^>]*?\sstandalone\s*=\s*)(["'])yes\2""")
_PREDEFINED = ("amp", "lt", "gt", "quot", "apos")  # the entities XML declares itself
# An entity reference no DTD we read declares.
_UNDECLARED = re.compile(rf"&(?!(?:{'|'.join(_PREDEFINED)});)[A-Za-z_:]")
# A start tag as expat accepted it, and its attribute values: looked at again only in a file
# with entities no DTD declares, since expat drops those inside attribute values unreported.
_START_TAG = re.compile(r"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*""")
_ATTRIBUTE_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY_REFERENCE = re.compile(r"&([^\s&;#][^\s&;]*);")


def parse_xml(document: Document) -> Element:
    """Parse the document's XML text into an ``Element`` tree with exact source offsets.

    An entity reference that no DTD we read declares (``&rdquo;`` in agency copy) is read as
    HTML defines it. With a DOCTYPE naming a DTD (NITF's declares the HTML entity sets) that is
    what the DTD means, and nothing is said; without one, the file is not well-formed XML, and
    each such reference is a notice ("xml-entity") at its place for a rule to report. A name
    HTML does not define is an error without a DTD, and kept as written with one.
    """
    import html.entities
    from xml.parsers import expat

    source, path = document.source, document.path
    encoded = source.encode("utf-8", "surrogatepass")
    # standalone="yes" makes expat stop at the first entity no DTD declares, before a handler
    # sees it: read it as "no" (same length, so every byte index holds) and decide here.
    standalone = _STANDALONE_YES.match(encoded[:300])
    if standalone:
        quote = standalone[2]
        encoded = standalone[1] + quote + b"no" + quote + b" " + encoded[standalone.end():]
    to_char = _ByteToChar(source, encoded)
    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
    parser.buffer_text = False
    parser.ordered_attributes = False
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    # As if there were a DTD (never read): an undeclared reference reaches ``skipped``.
    parser.UseForeignDTD(True)
    root = Element("#document", {}, 0)
    stack = [root]
    pending: list = []  # a text node whose end is the start of the next event
    in_cdata = False
    named_dtd = False  # the DOCTYPE names a DTD, whose entities are read silently
    # Whether start tags may hold undeclared entities: decided at the root, after any DOCTYPE.
    scan_attributes: bool | None = None

    def here() -> int:
        return to_char(parser.CurrentByteIndex)

    def close_pending():
        if pending:
            node = pending.pop()
            node.end = here()

    def local(name: str) -> str:
        return name.rsplit(" ", 1)[-1]

    def html_entity(name: str, at: int) -> str | None:
        """The text of ``&name;`` at ``at`` as HTML defines it; a notice unless a DTD is named."""
        decoded = html.entities.html5.get(name + ";")
        if not named_dtd:
            if decoded is None:
                line, column = document.lines.position(at)
                raise InputError("not well-formed XML: undefined entity", path, line, column)
            document.notice("xml-entity", at, at + len(name) + 2, decoded)
        return decoded

    def in_attributes(tag_start: int) -> None:
        tag = _START_TAG.match(source, tag_start)
        for value in _ATTRIBUTE_VALUE.finditer(source, tag_start, tag.end() if tag else tag_start):
            group = 1 if value.start(1) != -1 else 2
            for reference in _ENTITY_REFERENCE.finditer(source, *value.span(group)):
                if reference[1] not in _PREDEFINED:
                    html_entity(reference[1], reference.start())

    def start(name, attrs):
        nonlocal scan_attributes
        close_pending()
        parent = stack[-1]
        element = Element(local(name), {local(k): v for k, v in attrs.items()}, here(),
                          lang=attrs.get(_XML_LANG, attrs.get("lang", parent.lang)))
        if scan_attributes is None:
            scan_attributes = not named_dtd and _UNDECLARED.search(source) is not None
        if scan_attributes:
            in_attributes(element.start)
        parent.children.append(element)
        stack.append(element)

    def end(name):
        close_pending()
        stack.pop()

    def characters(data):
        close_pending()
        node = Text(here(), -1, data, in_cdata)
        stack[-1].children.append(node)
        pending.append(node)

    def boundary(*_):
        close_pending()

    def cdata(opens: bool):
        def handler():
            nonlocal in_cdata
            close_pending()
            in_cdata = opens
        return handler

    def doctype(name, system_id, public_id, has_internal_subset):
        nonlocal named_dtd
        named_dtd = bool(system_id or public_id)

    def entity_declared(name, *_):
        raise InputError(
            f"the DOCTYPE declares entity {name!r}; entity declarations are not read "
            "(they can expand without bound or fetch files)", path, parser.CurrentLineNumber)

    def skipped(name, is_parameter):
        if is_parameter:  # a parameter entity of the DOCTYPE, which is never read
            return
        close_pending()
        at = here()
        decoded = html_entity(name, at)
        raw = f"&{name};"
        stack[-1].children.append(Text(at, at + len(raw), raw if decoded is None else decoded))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.CommentHandler = boundary
    parser.ProcessingInstructionHandler = boundary
    parser.StartCdataSectionHandler = cdata(True)
    parser.EndCdataSectionHandler = cdata(False)
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity_declared
    parser.UnparsedEntityDeclHandler = entity_declared
    parser.SkippedEntityHandler = skipped
    parser.ExternalEntityRefHandler = lambda *_: 1
    try:
        parser.Parse(encoded, True)
    except expat.ExpatError as error:
        offset = to_char(parser.ErrorByteIndex) if parser.ErrorByteIndex >= 0 else 0
        line, column = document.lines.position(min(offset, len(source)))
        raise InputError(f"not well-formed XML: {expat.errors.messages[error.code]}",
                         path, line, column) from None
    for element in root.children:
        if isinstance(element, Element):
            return element
    raise InputError("no root element", path, 1)


# --- HTML ---------------------------------------------------------------------------------------

VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split())
# Start tags that close an open <p> (HTML's "has a p element in button scope" rule, simplified).
_CLOSES_P = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section table ul".split())
_SAME_CLOSES = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"},
                "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"}}


def parse_html(source: str, ends: dict[int, int] | None = None) -> Element:
    """Parse HTML the forgiving way a browser does: unclosed and stray tags never fail.

    ``ends``, if given, receives where each element ends (``id(element)`` -> the offset after
    its end tag, or where it was closed without one)."""
    from newslint.readers._html_tokens import END, RAW, START, tokens

    root = Element("#document", {}, 0)
    stack = [root]
    # Where each tag is open on the stack: closing a tag that is not open, or one under a deep
    # stack, would otherwise read the whole stack ("<b>" * N + "</i>" * N is quadratic).
    open_at: dict[str, list[int]] = {}

    def push(element: Element) -> None:
        open_at.setdefault(element.name, []).append(len(stack))
        stack.append(element)

    def pop_to(index: int, at: int, end: int) -> None:
        """Close the elements from ``index`` up: those above it at ``at``, it at ``end``."""
        while len(stack) > index:
            element = stack.pop()
            open_at[element.name].pop()
            if ends is not None:
                ends[id(element)] = end if len(stack) == index else at

    def top(tag: str) -> int:
        where = open_at.get(tag)
        return where[-1] if where else 0

    def close_to(tag, at: int, end: int, stop=frozenset()) -> bool:
        """Close the innermost open ``tag`` unless a ``stop`` element is open inside it."""
        index = top(tag)
        if index == 0 or any(top(name) > index for name in stop):
            return False
        pop_to(index, at, end)
        return True

    def in_foreign() -> bool:
        return bool(open_at.get("svg") or open_at.get("math"))

    for token in tokens(source, in_foreign):
        kind = token[0]
        if kind == START:
            _, tag, attrs, spans, at, end, self_closing = token
            if tag in _CLOSES_P:
                close_to("p", at, at, stop={"button", "table", "td", "th"})
            if tag in _SAME_CLOSES:
                for open_tag in _SAME_CLOSES[tag]:
                    if close_to(open_tag, at, at, stop={"ul", "ol", "table", "dl", "select"}):
                        break
            element = Element(tag, attrs, at, tag_end=end, value_spans=spans,
                              lang=attrs.get("lang", stack[-1].lang))
            stack[-1].children.append(element)
            # "<p/>" is an empty p, as the XHTML-minded exports that write it mean it (a browser
            # would open a p and read what follows into it); but a "<script/>" holds the raw
            # text up to its end tag, as in a browser, when the tokenizer reads it so.
            if tag not in VOID and not (self_closing and (tag not in RAW or in_foreign())):
                push(element)
            elif ends is not None:
                ends[id(element)] = end
        elif kind == END:
            close_to(token[1], token[2], token[3])
        else:
            stack[-1].children.append(Text(token[1], token[2], token[3]))
    if ends is not None:
        pop_to(1, len(source), len(source))
    return root
