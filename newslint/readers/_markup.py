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

from newslint.document import Document, LineIndex
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
    builder = TextBuilder()
    fill(builder, source, node, skip, frozenset({"br"}))
    return builder


def read_declared(data: bytes, path: str, declared: tuple[str, int] | None, read) -> Document:
    """``read(decoded text, path)``, remembering the encoding so that fixes write it back.
    ``declared``: the encoding the document declares and the byte offset of its name."""
    from newslint.readers import decode

    source, encoding, bom = decode(data, path, declared)
    document = read(source, path)
    document.encoding, document.bom = encoding, bom
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
                (self.marks.count(1, i, i + self._STEP) for i in range(0, len(encoded), self._STEP)),
                initial=0))

    def __call__(self, byte_index: int) -> int:
        if self.ascii:
            return byte_index
        block = byte_index // self._STEP
        return byte_index - self.before[block] - self.marks.count(1, block * self._STEP, byte_index)


def parse_xml(source: str, path: str) -> Element:
    """Parse XML text into an ``Element`` tree with exact source offsets."""
    from xml.parsers import expat

    encoded = source.encode("utf-8", "surrogatepass")
    to_char = _ByteToChar(source, encoded)
    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
    parser.buffer_text = False
    parser.ordered_attributes = False
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root = Element("#document", {}, 0)
    stack = [root]
    pending: list = []  # a text node whose end is the start of the next event
    in_cdata = False

    def here() -> int:
        return to_char(parser.CurrentByteIndex)

    def close_pending():
        if pending:
            node = pending.pop()
            node.end = here()

    def local(name: str) -> str:
        return name.rsplit(" ", 1)[-1]

    def start(name, attrs):
        close_pending()
        element = Element(local(name), {local(k): v for k, v in attrs.items()}, here())
        stack[-1].children.append(element)
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

    def entity_declared(name, *_):
        raise InputError(
            f"the DOCTYPE declares entity {name!r}; entity declarations are not read "
            "(they can expand without bound or fetch files)", path, parser.CurrentLineNumber)

    def skipped(name, is_parameter):
        # A reference to an entity of an external DTD we do not load (&nbsp; in old NITF).
        close_pending()
        import html

        at = here()
        raw = f"&{name};"
        decoded = html.unescape(raw)
        stack[-1].children.append(Text(at, at + len(raw), decoded if decoded != raw else raw))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.CommentHandler = boundary
    parser.ProcessingInstructionHandler = boundary
    parser.StartCdataSectionHandler = cdata(True)
    parser.EndCdataSectionHandler = cdata(False)
    parser.EntityDeclHandler = entity_declared
    parser.UnparsedEntityDeclHandler = entity_declared
    parser.SkippedEntityHandler = skipped
    parser.ExternalEntityRefHandler = lambda *_: 1
    try:
        parser.Parse(encoded, True)
    except expat.ExpatError as error:
        offset = to_char(parser.ErrorByteIndex) if parser.ErrorByteIndex >= 0 else 0
        line, column = LineIndex(source).position(min(offset, len(source)))
        raise InputError(f"not well-formed XML: {expat.errors.messages[error.code]}",
                         path, line, column) from None
    for element in root.children:
        if isinstance(element, Element):
            return element
    raise InputError("no root element", path, 1)


# --- HTML ---------------------------------------------------------------------------------------

VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
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
            element = Element(tag, attrs, at, tag_end=end, value_spans=spans)
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
