"""Markdown articles with YAML front matter, as content repositories keep them.

Front matter (``---`` YAML, or ``+++`` TOML as Hugo writes it), by key:

    title, headline                                        -> headline
    standfirst, dek, description, summary, subtitle        -> standfirst
    byline, author, authors[]                              -> byline
    caption, image.caption, images[].caption               -> caption
    credit, image.credit, images[].credit                  -> credit
    source                                                 -> source
    lang, language                                         -> the language of every segment

Body (pyromark: pulldown-cmark, CommonMark with GFM tables, footnotes, strikethrough, task
lists, alerts and heading attributes): the first ``#`` heading when the front matter has no
title -> headline; paragraphs, headings, list items and blockquotes -> body (a short "Source: …"
paragraph -> source, a paragraph ending with a sure credit -> caption, a dateline opening the
first paragraph -> dateline); image alt text -> a body segment of its own. Table cells and
footnote definitions -> ``metadata`` segments, one per cell or paragraph: data and end matter,
read by the name rules but never as sentences. Not text: code (spans, blocks, inline
``<code>``), HTML (blocks, tags, comments), link destinations and titles, image titles,
autolinks, footnote references, task list markers and struck-through (deleted) text. Emphasis
and link brackets are markup between the characters of a segment, so "President *Zelensky*"
matches on the word.

pyromark reports the source range of every event, so each text event maps to its own range
(a backslash escape or an entity as a whole, a line break with the next line's ``>`` and
indentation); nothing is searched for in the source. ``.mdx`` files are Markdown whose
``import``/``export`` paragraphs, ``{expressions}`` and JSX tags are code.
"""

from __future__ import annotations

import functools
import html
import re

from newslint.document import Document
from newslint.errors import InputError
from newslint.findings import Unwritable
from newslint.readers._text import Paragraphs, TextBuilder

FRONT_MATTER_KEYS: dict[str, str] = {
    "title": "headline", "headline": "headline",
    "standfirst": "standfirst", "dek": "standfirst", "description": "standfirst",
    "summary": "standfirst", "subtitle": "standfirst",
    "byline": "byline", "author": "byline", "authors[]": "byline",
    "caption": "caption", "image.caption": "caption", "images[].caption": "caption",
    "credit": "credit", "image.credit": "credit", "images[].credit": "credit",
    "source": "source",
    # The article's language, for every segment (not a segment itself).
    "lang": "metadata", "language": "metadata",
}

_FENCE = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\n|\r)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def escape(text: str) -> str:
    """Replacement text as Markdown source: characters that would start markup are escaped."""
    return re.sub(r"([\\`*_\[\]<])", r"\\\1", text)


def read(source: str, path: str, front_matter: dict[str, str] | None = None) -> Document:
    """``front_matter`` (from the config) adds keys to, or remaps, ``FRONT_MATTER_KEYS``."""
    mdx = path.lower().endswith(".mdx")
    document = Document(path, "md", source, escape=_escape_mdx if mdx else escape)
    body_start = _front_matter(document, {**FRONT_MATTER_KEYS, **(front_matter or {})})
    _Body(document, mdx).read(body_start)
    declared = [s for s in document.segments
                if s.kind == "metadata" and s.attributes.get("key") in ("lang", "language")]
    if declared:
        from newslint.readers import language_tag

        document.segments = [s for s in document.segments if all(s is not d for d in declared)]
        tag = language_tag(declared[0].text)
        for segment in document.segments if tag else ():
            segment.attributes["lang"] = tag
    return document


# --- front matter ------------------------------------------------------------------------------

def _front_matter(document: Document, keys: dict[str, str]) -> int:
    """Read the front matter into segments; return the offset where the body begins."""
    source = document.source
    opening = _FENCE.match(source)
    if not opening:
        return 0
    fence = opening.group(1)
    start = opening.end()
    for line in _LINE.finditer(source, start):
        if line.start() == line.end():
            break
        text = line.group().rstrip("\r\n")
        if text.rstrip() == fence or (fence == "---" and text.rstrip() == "..."):
            if fence == "---":
                _yaml(document, start, line.start(), keys)
            else:
                _toml(document, start, line.start(), keys)
            return line.end()
    raise InputError(f"front matter opened with {fence!r} is never closed", document.path, 1)


def _yaml(document: Document, start: int, end: int, keys: dict[str, str]) -> None:
    import yaml

    text = document.source[start:end]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as error:  # a control character; it has a position, no mark
        line = document.lines.position(start + error.position)[0]
        raise InputError(f"front matter is not valid YAML: control character"
                         f" U+{error.character:04X} is not allowed", document.path, line) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = document.lines.position(start + mark.index)[0] if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"front matter is not valid YAML: {problem}", document.path,
                         line) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise InputError("front matter nests collections deeper than newslint reads",
                         document.path, document.lines.position(start)[0]) from None
    if node is not None:
        _walk_yaml(document, node, "", start, keys, _key_prefixes(keys))
        _unmapped_yaml(document, node, start, keys)


def _toml(document: Document, start: int, end: int, keys: dict[str, str]) -> None:
    from newslint.readers._toml import ESCAPES, TomlError, strings

    try:
        for key_path, builder, delimiter in strings(document.source, start, end):
            if key_path not in keys:
                if builder.pieces and _reads_as_text(key_path.replace("[]", ""),
                                                     "".join(p[0] for p in builder.pieces)):
                    last = builder.pieces[-1]
                    document.skip(_unmapped_reason(key_path), builder.pieces[0][1],
                                  last[1] + last[2])
                continue
            segment = builder.segment(keys[key_path], key=key_path)
            if segment is not None:
                segment.attributes["escape"] = ESCAPES[delimiter]
                document.segments.append(segment)
    except TomlError as error:
        line = document.lines.position(start)[0] + (error.line - 1 if error.line else 0)
        raise InputError(f"front matter is not valid TOML: {error}", document.path, line) from None
    except RecursionError:  # tomllib and the walk read nested arrays recursively
        raise InputError("front matter nests arrays deeper than newslint reads",
                         document.path, document.lines.position(start)[0]) from None


def _key_prefixes(keys: dict[str, str]) -> frozenset[str]:
    """Every path on the way to a wanted key: "", "images", "images[]", "images[].caption"."""
    prefixes = {""}
    for key in keys:
        prefixes.add(key)
        prefixes.update(key[:i] for i in range(len(key))
                        if key[i] == "." or key.startswith("[]", i))
    return frozenset(prefixes)


def _walk_yaml(document: Document, node, key_path: str, base: int, keys: dict[str, str],
               prefixes: frozenset[str]) -> None:
    import yaml

    # Only paths that lead to a wanted key are walked: aliases share nodes, so a walk of every
    # path of "a: &a [x, x]  b: &b [*a, *a]  c: [*b, *b] ..." doubles with each line.
    if key_path not in prefixes:
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                path = f"{key_path}.{key_node.value}" if key_path else str(key_node.value)
                _walk_yaml(document, value_node, path, base, keys, prefixes)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _walk_yaml(document, item, key_path + "[]", base, keys, prefixes)
    elif isinstance(node, yaml.ScalarNode) and key_path in keys and node.tag.endswith(":str"):
        segment = _scalar(document.source, node, base).segment(keys[key_path], key=key_path)
        if segment is not None:
            # A fix inside a YAML scalar is written in that scalar's own quoting.
            segment.attributes["escape"] = _SCALAR_ESCAPES.get(node.style)
            document.segments.append(segment)


# The last word of a front-matter key that names article text: a key the mapping leaves out
# (lede, kicker, featured_image_caption, seo.description) is listed by `newslint show`, so
# that a config can map it. Named by the last word only: image_caption is text, caption_style
# is not.
_TEXT_WORDS = frozenset({"abstract", "alt", "blurb", "body", "byline", "caption", "credit", "dek",
                         "deck", "description", "excerpt", "headline", "hed", "intro", "kicker",
                         "lede", "overline", "pullquote", "quote", "standfirst", "strap",
                         "strapline", "subhead", "subheadline", "subtitle", "summary", "tagline",
                         "teaser", "text", "title"})
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _reads_as_text(key_path: str, value: str) -> bool:
    words = _KEY_WORDS.findall(key_path.rpartition(".")[2])
    if not words or not any(c.isalpha() for c in value):
        return False
    word = words[-1].lower()
    return word in _TEXT_WORDS or (word.endswith("s") and word[:-1] in _TEXT_WORDS)


def _unmapped_reason(key_path: str) -> str:
    return f"unmapped front-matter key {key_path} (map it in front_matter:)"


def _unmapped_yaml(document: Document, root, base: int, keys: dict[str, str]) -> None:
    """Skip entries for the text-like string values of keys the mapping leaves out. Each node
    is visited once (aliases share nodes: time stays linear in the front matter)."""
    import yaml

    seen: set[int] = set()
    stack = [(root, "")]
    while stack:
        node, key_path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                if isinstance(key_node, yaml.ScalarNode):
                    stack.append((value_node, f"{key_path}.{key_node.value}" if key_path
                                  else str(key_node.value)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, key_path + "[]") for item in reversed(node.value))
        elif (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str")
              and key_path not in keys and _reads_as_text(key_path.replace("[]", ""), node.value)):
            document.skip(_unmapped_reason(key_path), base + node.start_mark.index,
                          base + node.end_mark.index)


def _scalar(source: str, node, base: int) -> TextBuilder:
    """The scalar's text with its offsets: quotes are markup, escapes map as a whole, folded
    line breaks read as spaces; anything else maps the whole value to the whole scalar."""
    start, end = base + node.start_mark.index, base + node.end_mark.index
    builder = TextBuilder()
    style = node.style
    if style in ("|", ">"):
        header = source.find("\n", start, end)
        builder.add_run(source, header + 1 if header != -1 else end, end)
    elif style == "'":
        position = start + 1
        for quote in _QUOTES.finditer(source, start + 1, end - 1):
            builder.add_run(source, position, quote.start())
            builder.add("'", quote.start(), quote.end())
            position = quote.end()
        builder.add_run(source, position, end - 1)
    elif style == '"':
        _double_quoted(builder, source, start + 1, end - 1)
    else:
        builder.add_run(source, start, end)
    expected = " ".join(_no_lone_surrogates(str(node.value)).split())
    if "".join(p[0] for p in builder.pieces).strip() != expected:
        builder = TextBuilder()
        builder.add(expected, start, end)
    return builder


_QUOTES = re.compile("''")
_SCALAR_ESCAPES = {
    "'": lambda text: text.replace("'", "''"),
    '"': lambda text: text.replace("\\", "\\\\").replace('"', '\\"'),
}
_YAML_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r\n|.)",
                          re.DOTALL)


def _no_lone_surrogates(text: str) -> str:
    """A YAML escape can name half of a UTF-16 pair ("\\ud800"), which no encoding can write
    and RE2 cannot read: it reads as U+FFFD, what a decoder shows for what it cannot read."""
    return _LONE_SURROGATE.sub("\ufffd", text)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _double_quoted(builder: TextBuilder, source: str, start: int, end: int) -> None:
    import yaml

    position = start
    for match in _YAML_ESCAPE.finditer(source, start, end):
        builder.add_run(source, position, match.start())
        if match.group()[1] not in "\r\n":  # an escaped line break only joins lines
            character = _no_lone_surrogates(yaml.safe_load('"' + match.group() + '"'))
            builder.add(character, match.start(), match.end())
        position = match.end()
    builder.add_run(source, position, end)


# --- body -----------------------------------------------------------------------------------

# Block containers: an ESM line of MDX (import/export) counts only outside them.
_CONTAINERS = frozenset({"BlockQuote", "List", "FootnoteDefinition"})
_INLINE_MARKUP = frozenset({"Emphasis", "Strong", "Superscript", "Subscript"})
# Inline HTML elements whose content is code, not prose: "<code>Kiev</code>".
_CODE_TAG = re.compile(r"<(/?)(?:code|kbd|samp|var|pre|script|style)\b", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Between a line break and the next line's text: indentation and blockquote markers.
_LINE_PREFIX = re.compile(r"[ \t>]*")
# A GFM table's delimiter row ("|---|:-:|"); in a paragraph, the table's rows disagree.
_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_ESM = re.compile(r"(?:import|export)(?=[\s{*])")
_MDX_SYNTAX = re.compile(r"[{}<>\"']")
_JSX_TAG_START = re.compile(r"[A-Za-z_$/>]")  # after "<": an element, a closing tag, a fragment


def _escape_mdx(text: str) -> str:
    """Replacement text in MDX, where a brace opens a JavaScript expression."""
    return escape(text).replace("{", "\\{").replace("}", "\\}")


def _escape_cell(text: str) -> str:
    """Replacement text in a table cell: Markdown escapes, and "|" would end the cell."""
    return escape(text).replace("|", "\\|")


def _unmapped(text: str) -> str:
    raise Unwritable("text the reader could not map character by character")


@functools.cache
def _parser():
    import pyromark

    options = pyromark.Options
    return pyromark.Markdown(options=options.ENABLE_TABLES | options.ENABLE_FOOTNOTES
                             | options.ENABLE_STRIKETHROUGH | options.ENABLE_TASKLISTS
                             | options.ENABLE_HEADING_ATTRIBUTES | options.ENABLE_GFM)


class _Block:
    """A segment being built: a paragraph, heading, table cell, an image's alt text, or the text
    of a tight list item (which has no paragraph)."""

    __slots__ = ("builder", "code", "depth", "element", "escape", "exact", "kind", "quote", "tag")

    def __init__(self, kind: str | None, element: str, escape=None):
        self.builder = TextBuilder()
        self.kind = kind  # None: read and dropped (an MDX import/export paragraph)
        self.element = element
        self.escape = escape
        self.exact = True  # False once a text event had to map as a whole: no fix is written
        self.code = 0  # open inline <code>, <kbd>, ... elements
        # MDX: brace depth of a JavaScript expression, inside a JSX tag, in a tag's quoted value
        self.depth = 0
        self.tag = False
        self.quote = ""

    @property
    def in_text(self) -> bool:
        return not (self.code or self.depth or self.tag)


class _Body:
    """Walks pyromark's events, each with its source range: text events are mapped to their
    ranges as they come, everything between them is markup."""

    def __init__(self, document: Document, mdx: bool):
        self.document = document
        self.source = document.source
        self.mdx = mdx
        self.paragraphs = Paragraphs(document)
        self.has_headline = any(s.kind == "headline" for s in document.segments)
        self.blocks: list[_Block] = []  # open, innermost last (an image inside a paragraph)
        self.implicit = False  # blocks[-1] holds tight list item text
        self.skip = 0  # inside strikethrough, an autolink or a code block
        self.links: list[bool] = []  # per open link: an autolink?
        self.containers = 0
        self.footnotes = 0
        self.table_head = False
        self.leaf_end = 0  # source offset after the last text, code, HTML or break event
        self.events: list = []
        self.offset = None  # a UTF-8 byte offset of the body -> a code point offset of the source

    def read(self, body_start: int) -> None:
        from newslint.readers._markup import _ByteToChar

        body = self.source[body_start:]
        to_char = _ByteToChar(body, body.encode("utf-8"))
        self.offset = lambda byte: to_char(byte) + body_start
        self.events = events = list(_parser().events_with_range(body))
        for index, (event, span) in enumerate(events):
            if event.__class__ is str:  # SoftBreak, HardBreak, Rule
                if event == "Rule":
                    self._close_implicit()
                else:
                    self._line_break(index, span)
                continue
            name, value = next(iter(event.items()))
            if name == "Text":
                self._text(value, span)
            elif name == "Start":
                self._start(value, span)
            elif name == "End":
                self._end(value)
            elif name == "InlineHtml":
                self._inline_html(value, span)
            else:  # Code, Html, FootnoteReference, TaskListMarker: markup, never text
                self.leaf_end = self.offset(span["end"])
        self._close_implicit()

    # --- structure

    def _start(self, tag, span) -> None:
        name = tag if tag.__class__ is str else next(iter(tag))
        if name in _INLINE_MARKUP:
            return
        if name == "Strikethrough":  # deleted text is not article text
            self.skip += 1
        elif name == "Link":
            autolink = tag["Link"]["link_type"] in ("Autolink", "Email")
            self.links.append(autolink)
            self.skip += autolink
        elif name == "Image":  # alt text: body, or what the cell or footnote around it is
            outer = self.blocks[-1] if self.blocks else None
            if outer is None or outer.kind == "body":
                self.blocks.append(_Block("body", "img"))
            else:
                self.blocks.append(_Block(outer.kind, "img", outer.escape))
        else:
            self._close_implicit()
            text_kind = "metadata" if self.footnotes else "body"
            if name == "Paragraph":
                esm = (self.mdx and not self.containers
                       and self._is_esm(self.offset(span["start"])))
                self.blocks.append(_Block(None if esm else text_kind, "p"))
            elif name == "Heading":
                self.blocks.append(_Block(text_kind, "h" + tag["Heading"]["level"][1]))
            elif name == "TableCell":
                self.blocks.append(_Block("metadata", "th" if self.table_head else "td",
                                          _escape_cell))
            elif name == "TableHead":
                self.table_head = True
            elif name in ("CodeBlock", "MetadataBlock"):
                self.skip += 1
            elif name in _CONTAINERS:
                self.containers += 1
                self.footnotes += name == "FootnoteDefinition"

    def _end(self, tag) -> None:
        name = tag if tag.__class__ is str else next(iter(tag))
        if name in _INLINE_MARKUP:
            return
        if name == "Strikethrough":
            self.skip -= 1
        elif name == "Link":
            self.skip -= self.links.pop()
        elif name in ("Image", "Paragraph", "Heading", "TableCell"):
            self._emit(self.blocks.pop())
        else:
            self._close_implicit()
            if name == "TableHead":
                self.table_head = False
            elif name in ("CodeBlock", "MetadataBlock"):
                self.skip -= 1
            elif name in _CONTAINERS:
                self.containers -= 1
                self.footnotes -= name == "FootnoteDefinition"

    def _block(self) -> _Block:
        if not self.blocks:  # text straight in a list item, as a tight list has it
            self.blocks.append(_Block("metadata" if self.footnotes else "body", "p"))
            self.implicit = True
        return self.blocks[-1]

    def _reading(self) -> bool:
        """False inside what is read and dropped: deleted text, an autolink, code, MDX code."""
        return not self.skip and not (self.blocks and self.blocks[-1].kind is None)

    def _close_implicit(self) -> None:
        if self.implicit:
            self.implicit = False
            self._emit(self.blocks.pop())

    def _emit(self, block: _Block) -> None:
        if block.kind is None:
            return
        segment = block.builder.segment(block.kind, element=block.element)
        if segment is None:
            return
        if not block.exact:
            segment.attributes["escape"] = _unmapped
        elif block.escape is not None:
            segment.attributes["escape"] = block.escape
        if block.element == "h1" and block.kind == "body" and not self.has_headline:
            self.has_headline = True
            segment.kind = "headline"
            self.document.segments.append(segment)
        elif block.kind == "body" and block.element != "img":
            self.paragraphs.add(segment)
        else:
            self.document.segments.append(segment)

    def _is_esm(self, start: int) -> bool:
        """An MDX ``import``/``export`` statement: JavaScript at the start of a line."""
        return (start == 0 or self.source[start - 1] in "\r\n") and bool(
            _ESM.match(self.source, start))

    # --- text

    def _text(self, text: str, span) -> None:
        source = self.source
        start, end = self.offset(span["start"]), self.offset(span["end"])
        # A backslash escape: pulldown-cmark starts the text at the escaped character and
        # leaves the backslash out of every range; the two map as a whole.
        escaped = (start > self.leaf_end and source[start - 1] == "\\" and text[:1] in _PUNCT
                   and source.startswith(text[0], start))
        self.leaf_end = end
        if not self._reading():
            return
        block = self._block()
        if "|" in text and _DELIMITER_ROW.fullmatch(text) and self._whole_line(start, end):
            # A table whose rows disagree in their number of cells is a paragraph to the
            # parser, but still a table to its writer: data, and its delimiter row not text.
            block.kind = "metadata"
            return
        pieces = []
        if escaped:
            pieces.append((text[0], start - 1, start + 1))
            text, start = text[1:], start + 1
        if source.startswith(text, start) and start + len(text) == end:
            if text:
                pieces.append((None, start, end))
        elif _ENTITY.fullmatch(source, start, end) and html.unescape(source[start:end]) == text:
            pieces.append((text, start, end))
        else:
            aligned = self._align(text, start, end)
            if aligned is None:  # never seen: map it whole, and write no fix into it
                block.exact = False
                aligned = [(text, start, end)]
            pieces.extend(aligned)
        self._add(block, pieces)

    def _whole_line(self, start: int, end: int) -> bool:
        """True if ``source[start:end]`` is all of its line but the indentation and ``>``s."""
        source = self.source
        line_start = max(source.rfind("\n", 0, start), source.rfind("\r", 0, start)) + 1
        return source[end:end + 1] in ("", "\r", "\n") and bool(
            _LINE_PREFIX.fullmatch(source, line_start, start))

    def _align(self, text: str, start: int, end: int) -> list | None:
        """The pieces of a text event whose source differs from its text: escapes and entities
        map as a whole, other characters to themselves; None if that does not give the text."""
        source = self.source
        pieces = []
        i, position, run = 0, start, start
        while position < end:
            char = source[position]
            atom = None
            if char == "\\" and source[position + 1:position + 2] in _PUNCT \
                    and text.startswith(source[position + 1], i) and position + 1 < end:
                atom = (source[position + 1], position, position + 2)
            elif char == "&" and (entity := _ENTITY.match(source, position, end)):
                decoded = html.unescape(entity.group())
                if decoded != entity.group() and text.startswith(decoded, i):
                    atom = (decoded, position, entity.end())
            if atom is not None:
                if run < position:
                    pieces.append((None, run, position))
                pieces.append(atom)
                i += len(atom[0])
                position = run = atom[2]
            elif text[i:i + 1] == char:
                i += 1
                position += 1
            else:
                return None
        if run < end:
            pieces.append((None, run, end))
        return pieces if i == len(text) else None

    def _add(self, block: _Block, pieces) -> None:
        """Add pieces ``(text, start, end)`` to the block; text None: ``source[start:end]``."""
        builder, source = block.builder, self.source
        for text, start, end in pieces:
            if block.code:
                continue
            if self.mdx and text is None:
                self._add_mdx_run(block, start, end)
            elif block.depth or block.tag:
                continue
            elif text is None:
                builder.add_run(source, start, end)
            else:
                builder.add(text, start, end)

    def _add_mdx_run(self, block: _Block, start: int, end: int) -> None:
        """MDX: ``{expressions}`` and JSX tags the parser read as text are code, not text."""
        source, keep = self.source, start if block.in_text else None
        for match in _MDX_SYNTAX.finditer(source, start, end):
            char, at = match.group(), match.start()
            if block.in_text:
                if char == "{" or (char == "<" and _JSX_TAG_START.match(source, at + 1)):
                    if keep < at:
                        block.builder.add_run(source, keep, at)
                    keep = None
                    block.depth, block.tag = (1, False) if char == "{" else (0, True)
            elif block.quote:
                block.quote = "" if char == block.quote else block.quote
            elif char == "{":
                block.depth += 1
            elif char == "}" and block.depth:
                block.depth -= 1
                if not block.depth and not block.tag:
                    keep = at + 1
            elif block.tag and not block.depth:
                if char in "\"'":
                    block.quote = char
                elif char == ">":
                    block.tag = False
                    keep = at + 1
        if keep is not None and keep < end:
            block.builder.add_run(source, keep, end)

    def _line_break(self, index: int, span) -> None:
        """A soft or hard break reads as a space, mapped to the line break, the white space
        before it and the next line's indentation and ``>`` markers (which a fix that
        replaces the space must remove with it)."""
        source = self.source
        start, end = self.offset(span["start"]), self.offset(span["end"])
        while start > self.leaf_end and source[start - 1] in " \t":
            start -= 1
        following, events = None, self.events
        for position in range(index + 1, len(events)):
            event, after = events[position]
            if event.__class__ is str or "End" not in event:
                following = self.offset(after["start"])
                break
        if following is not None and following > end and _LINE_PREFIX.fullmatch(
                source, end, following):
            end = following
        self.leaf_end = end
        if not self._reading():
            return
        block = self._block()
        if block.in_text:
            block.builder.add(" ", start, end)

    def _inline_html(self, markup: str, span) -> None:
        start, end = self.offset(span["start"]), self.offset(span["end"])
        self.leaf_end = end
        if not self._reading():
            return
        block = self._block()
        code = _CODE_TAG.match(markup)
        if code:
            block.code = max(0, block.code + (-1 if code.group(1) else 1))
        elif _BREAK_TAG.fullmatch(markup) and block.in_text:
            block.builder.add(" ", start, end)
