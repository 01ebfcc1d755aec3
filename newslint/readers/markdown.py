"""Markdown articles with YAML front matter, as content repositories keep them.

Front matter (``---`` YAML, or ``+++`` TOML as Hugo writes it), by key:

    title, headline                                        -> headline
    standfirst, dek, description, summary, subtitle        -> standfirst
    byline, author, authors[]                              -> byline
    caption, image.caption, images[].caption               -> caption
    credit, image.credit, images[].credit                  -> credit
    source                                                 -> source

Body (markdown-it-py, CommonMark): the first ``#`` heading when the front matter has no title
-> headline; paragraphs, headings, list items and blockquotes -> body (a short "Source: …"
paragraph -> source, a paragraph ending with a sure credit -> caption, a dateline opening the
first paragraph -> dateline); image alt text and titles -> body segments of their own. Code
(blocks and inline), HTML and link destinations are not prose. Emphasis and link brackets are
markup between the characters of a segment, so "President *Zelensky*" matches on the word.

markdown-it gives each block its lines; the inline text is mapped onto those lines while its
tokens are walked, character by character (escapes and entities map as a whole).
"""

from __future__ import annotations

import html
import re

from newslint.document import Document, LineIndex
from newslint.errors import InputError
from newslint.readers._text import Paragraphs, TextBuilder

FRONT_MATTER_KEYS: dict[str, str] = {
    "title": "headline", "headline": "headline",
    "standfirst": "standfirst", "dek": "standfirst", "description": "standfirst",
    "summary": "standfirst", "subtitle": "standfirst",
    "byline": "byline", "author": "byline", "authors[]": "byline",
    "caption": "caption", "image.caption": "caption", "images[].caption": "caption",
    "credit": "credit", "image.credit": "credit", "images[].credit": "credit",
    "source": "source",
}

_FENCE = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\n|\r)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_SOFT = re.compile(r"[ \t]*\\?(?:\r\n|\n|\r)[ \t>]*")


def escape(text: str) -> str:
    """Replacement text as Markdown source: characters that would start markup are escaped."""
    return re.sub(r"([\\`*_\[\]<])", r"\\\1", text)


def read(source: str, path: str, front_matter: dict[str, str] | None = None) -> Document:
    """``front_matter`` (from the config) adds keys to, or remaps, ``FRONT_MATTER_KEYS``."""
    document = Document(path, "md", source, escape=escape)
    body_start = _front_matter(document, {**FRONT_MATTER_KEYS, **(front_matter or {})})
    _Body(document).read(body_start)
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
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = document.lines.position(start + mark.index)[0] if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"front matter is not valid YAML: {problem}", document.path, line) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise InputError("front matter nests collections deeper than newslint reads",
                         document.path, document.lines.position(start)[0]) from None
    if node is not None:
        _walk_yaml(document, node, "", start, keys, _key_prefixes(keys))


def _toml(document: Document, start: int, end: int, keys: dict[str, str]) -> None:
    from newslint.readers._toml import ESCAPES, TomlError, strings

    try:
        for key_path, builder, delimiter in strings(document.source, start, end):
            if key_path not in keys:
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
        prefixes.update(key[:i] for i in range(len(key)) if key[i] == "." or key.startswith("[]", i))
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
    expected = " ".join(str(node.value).split())
    if "".join(p[0] for p in builder.pieces).strip() != expected:
        builder = TextBuilder()
        builder.add(expected, start, end)
    return builder


_QUOTES = re.compile("''")
_SCALAR_ESCAPES = {
    "'": lambda text: text.replace("'", "''"),
    '"': lambda text: text.replace("\\", "\\\\").replace('"', '\\"'),
}
_YAML_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r\n|.)", re.DOTALL)


def _double_quoted(builder: TextBuilder, source: str, start: int, end: int) -> None:
    import yaml

    position = start
    for match in _YAML_ESCAPE.finditer(source, start, end):
        builder.add_run(source, position, match.start())
        if match.group()[1] not in "\r\n":  # an escaped line break only joins lines
            builder.add(yaml.safe_load('"' + match.group() + '"'), match.start(), match.end())
        position = match.end()
    builder.add_run(source, position, end)


# --- body -----------------------------------------------------------------------------------

class _Body:
    def __init__(self, document: Document):
        self.document = document
        self.source = document.source
        self.paragraphs = Paragraphs(document)

    def read(self, body_start: int) -> None:
        from markdown_it import MarkdownIt

        source = self.source
        tokens = MarkdownIt("commonmark").parse(source[body_start:])
        lines = LineIndex(source)
        first_line = lines.position(body_start)[0] - 1
        has_headline = any(s.kind == "headline" for s in self.document.segments)
        for index, token in enumerate(tokens):
            if token.type != "inline" or token.map is None:
                continue
            opener = tokens[index - 1]
            line_start = lines.line_start(first_line + token.map[0] + 1)
            builder = TextBuilder()
            self.inline(builder, token.children or [], self._content_start(token, line_start))
            if opener.type == "heading_open" and opener.tag == "h1" and not has_headline:
                has_headline = True
                segment = builder.segment("headline", element="h1")
                if segment is not None:
                    self.document.segments.append(segment)
            else:
                element = opener.tag or "p"
                self.paragraphs.add(builder.segment("body", element=element))

    def _content_start(self, token, line_start: int) -> int:
        """Where the inline text begins on its first line, after the block markers
        (``#``, ``>``, ``-``, indentation) that markdown-it has already consumed."""
        first = token.content.split("\n", 1)[0]
        line_end = line_start + len(_LINE.match(self.source, line_start).group().rstrip("\r\n"))
        found = self.source.rfind(first, line_start, line_end) if first else -1
        return found if found != -1 else line_start

    def inline(self, builder: TextBuilder, children, position: int) -> int:
        source = self.source
        in_autolink = False
        for child in children:
            kind = child.type
            if kind == "text":
                if not in_autolink:
                    position = self._text(builder, child.content, position)
            elif kind in ("softbreak", "hardbreak"):
                match = _SOFT.match(source, position)
                end = match.end() if match else position
                builder.add(" ", position, end)
                position = end
            elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
                if source.startswith(child.markup, position):
                    position += len(child.markup)
            elif kind == "link_open":
                if child.markup == "autolink":
                    in_autolink = True
                    position = source.find(">", position) + 1
                else:
                    position += 1  # "["
            elif kind == "link_close":
                if in_autolink:
                    in_autolink = False
                else:
                    position = _link_tail(source, position)[0]
            elif kind == "image":
                position = self._image(child, position)
            elif kind == "code_inline":
                fence = child.markup
                close = source.find(fence, position + len(fence))
                while close != -1 and source.startswith("`", close + len(fence)):
                    close = source.find(fence, close + len(fence) + 1)
                position = close + len(fence) if close != -1 else position
            elif kind == "html_inline":
                position += len(child.content)
        return position

    def _text(self, builder: TextBuilder, content: str, position: int) -> int:
        source = self.source
        if source.startswith(content, position):
            builder.add_run(source, position, position + len(content))
            return position + len(content)
        i = 0
        while i < len(content):
            char = content[i]
            if source.startswith("\\", position) and source[position + 1:position + 2] == char \
                    and char in _PUNCT:
                builder.add(char, position, position + 2)
                position += 2
                i += 1
                continue
            if source.startswith("&", position):
                entity = _ENTITY.match(source, position)
                if entity:
                    decoded = html.unescape(entity.group())
                    if decoded != entity.group() and content.startswith(decoded, i):
                        builder.add(decoded, position, entity.end())
                        position = entity.end()
                        i += len(decoded)
                        continue
            if source[position:position + 1] == char:
                builder.add_run(source, position, position + 1)
            else:  # markdown-it normalised it (a tab, U+0000): map it to the source character
                builder.add(char, position, position + 1)
            position += 1
            i += 1
        return position

    def _image(self, image, position: int) -> int:
        """Alt text and title become body segments of their own; the image leaves no text."""
        alt = TextBuilder()
        end = self.inline(alt, image.children or [], position + 2)  # after "!["
        tail_end, title_span = _link_tail(self.source, end)
        for builder in (alt, self._title(title_span)):
            segment = builder.segment("body", element="img") if builder else None
            if segment is not None:
                self.document.segments.append(segment)
        return tail_end

    def _title(self, span):
        if span is None:
            return None
        builder = TextBuilder()
        from newslint.readers._markup import add_escaped

        add_escaped(builder, self.source, *span)
        return builder


def _link_tail(source: str, position: int) -> tuple[int, tuple[int, int] | None]:
    """Skip ``](destination "title")``, ``][ref]`` or ``]`` from ``position`` (at the ``]``);
    return the end and the span of the title text, if any."""
    if not source.startswith("]", position):
        return position, None
    position += 1
    if source.startswith("[", position):
        close = source.find("]", position)
        return (close + 1 if close != -1 else position), None
    if not source.startswith("(", position):
        return position, None
    depth, i, title = 0, position, None
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char in "\"'" and source[i - 1] in " \t\r\n":
            close = source.find(char, i + 1)
            if close != -1:
                title = (i + 1, close)
                i = close + 1
                continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1, title
        i += 1
    return i, title
