"""HTML articles: CMS exports, archives and saved web pages.

A saved web page holds much more than its article, so the reader first decides, by evidence,
which element holds the article (the *article root*), and reads only that and the article's
header; everything else on the page is recorded as skipped, with why, for ``newslint show``.

The article root, the first evidence that is there:

1. an element the config's ``html:`` selectors map to ``body`` (the largest);
2. the element holding the most prose among ``<article>``, ``[role=article]``,
   ``[itemprop=articleBody]``, a schema.org ``Article`` item (not ``<html>`` or ``<body>``)
   and the body classes (or ids) of CMSs and themes: a class holding "article", "story",
   "entry" or "post", then "body", "text" or "content" (``entry-content`` and
   ``post-content`` of WordPress, ``post-body`` of Blogger, ``article-body__content`` of Arc
   XP, ``story-body`` of the BBC, ``c-entry-content`` of Vox Chorus, ``td-post-content`` of
   the Newspaper theme, ``RichTextArticleBody`` of Brightspot, ``articleBody``,
   ``cmn-article_text``, ...), or exactly ``article``, ``bodytext``, ``body-text``,
   ``field-name-body`` (Drupal); then, while one of these inside it holds at least half of its
   prose, that one (an ``<article>`` around its ``articleBody``: the body, whose header is
   read as the article header, below);
3. the ``<main>`` (or ``[role=main]``) holding the most prose;
4. for a page with chrome (below): the element whose own paragraphs (its ``<p>`` and inline
   text) hold a third of the page's prose or more (old pages, table layouts);
5. the whole page (an article alone, as a CMS exports it).

Chrome is never the article root and is skipped wherever it is: ``nav``, ``aside``,
``footer``, ``role=navigation|complementary|contentinfo``, and elements whose class or id
starts with a word of navigation (``nav``, ``menu``, ``breadcrumb``, ``pager``, ``tags``, ...),
sidebars (``sidebar``, ``aside``, ``rail``), footers, promo (``related``, ``share``,
``social``, ``newsletter``, ``ad``, ``promo``, ``recirc``, ``most-popular``, ...), or holds
the word ``comment(s)`` or ``disqus`` anywhere (reader comments). A class says nothing on
``<html>``, ``<body>``, ``<main>``, ``<article>``, the article candidates, an element holding
an ``<h1>`` or one holding half of the page's text. Outside the article root a ``<header>``
is the site's header; inside it, only its parts below are read.

The headline is a configured ``headline`` selector, else the first ``<h1>`` in the article root,
else the last ``<h1>`` before it (the page's only one, or one with little prose between), else
a heading ``<h1>``-``<h3>`` opening the root; an ``<h1>`` in or by a logo is the site's name.
A page without ``<h1>`` has its headline marked up as ``[itemprop=headline]``, ``.headline``
or ``.entry-title`` (hAtom). An ``<h1>`` before the root opens the *article header*, from the
h1's block to the root, where the standfirst, byline and lead picture sit. The page's
``<title>`` and ``og:title`` are never read: they carry the site's name (" | Site"), and are
not what the reader sees above the article.

In the article root and its header:

    .standfirst .dek .summary .subtitle .lede .description, or a class ending in
    -standfirst -dek -summary -subtitle -lede -lead        -> standfirst, before the body starts,
                          600 characters at most, no picture in it (an article alone without
                          one: its ``<meta name=description>``, which is search-engine copy on
                          a web page)
    .byline .author .article-byline .autor [rel=author]    -> byline (200 characters at most)
    .dateline                                              -> dateline
    <figure> <figcaption>                                  -> caption (all of its text)
    .credit inside a figure                                -> credit (also in the caption text)
    text between block boundaries (p, div, li, td, h2, blockquote, ...) and double <br>
                                                           -> body; a short "Source: …" -> source;
                                                              the first's dateline -> dateline
    script, style, code, pre, noscript, template, svg, ... -> not prose
    config ``html:`` selectors                             -> the kind they map to, or skipped

An ``.html`` file that is plain text (no tags, or only a few ``<br>`` in text whose paragraphs
are separated by blank lines) is read by the plain-text reader, and shows as ``txt``.
Entities (named, decimal, hex) map as a whole to their source; white space collapses as a
browser renders it. The encoding comes from a BOM, ``<meta charset>`` or UTF-8.
"""

from __future__ import annotations

import re
from itertools import islice

from newslint.document import Document
from newslint.readers import language_tag
from newslint.readers._markup import (
    Element,
    Text,
    add_escaped,
    descend,
    parse_html,
    read_declared,
    text_of,
)
from newslint.readers._text import Paragraphs, TextBuilder, escape_markup

# Not prose, or not shown at all (a <title> in the body, the fallbacks of <noembed>, ...).
# (A <nav> is chrome: skipped, and shown as skipped.)
NOT_PROSE = frozenset("script style code pre noscript template svg head iframe object select "
                      "button textarea title xmp noembed noframes math".split())
# Elements that end the paragraph before them and start a new one (HTML's block-level
# elements); everything else (a, b, span, font, custom elements) runs inline.
BLOCK_LEVEL = frozenset(
    "address article aside blockquote body caption center details dialog dd dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split())
STANDFIRST_CLASSES = frozenset("standfirst dek subtitle summary lede description".split())
# ... or a class ending in one of them, or in "lead" ("article__lead", "story-dek")
STANDFIRST_END = re.compile(r"[-_](?:standfirst|dek|subtitle|summary|lede|lead)$",
                            re.IGNORECASE)
_MEDIA = frozenset("figure img picture video audio iframe object embed svg".split())
BYLINE_CLASSES = frozenset({"byline", "author", "article-byline", "autor"})
# The body of an article in the class names of CMSs and themes: "entry-content" (WordPress),
# "post-body" (Blogger), "article-body__content" (Arc XP), "story-body" (BBC), "c-entry-content"
# (Vox Chorus), "td-post-content" (Newspaper), "RichTextArticleBody" (Brightspot), ...
BODY_CLASS = re.compile(r"(?:article|story|entry|post)[-_]{0,2}(?:body|text|content)",
                        re.IGNORECASE)
BODY_CLASSES = frozenset({"article", "bodytext", "body-text", "field-name-body"})  # exactly these
_HEADLINE_CLASSES = frozenset({"headline", "entry-title"})
SKIP = "skip"  # the config kind that skips what a selector matches
_STANDFIRST_MAX = 600  # characters: a longer "summary" is a container, not a standfirst
_BYLINE_MAX = 200
_INNER_SHARE = 0.5  # an article candidate inside the chosen one, holding this share: the body
_PARAGRAPHS_SHARE = 1 / 3  # of the page's prose, in one element's paragraphs: the article
_HEADER_PROSE_MAX = 1500  # prose characters between an h1 and the root it heads, at most
# Chrome, by the first word of a class or id ("related-stories", "share_bar", "aside-box"), or
# for reader comments any word ("sf_comment", "article-comments").
_CHROME_WORDS = {
    "navigation": ("nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination",
                   "pager", "next", "prev", "previous", "tags", "keyword", "keywords"),
    "sidebar": ("sidebar", "aside", "rail"),
    "reader comments": ("comment", "comments", "disqus", "respond"),
    "footer": ("footer",),
    "promo": ("related", "promo", "newsletter", "ad", "ads", "advert", "advertisement",
              "share", "sharing", "social", "recommended", "outbrain", "taboola", "subscribe",
              "popular", "trending", "recirc", "most", "latest"),
}
_LOGO = re.compile(r"(?:^|[-_\s])logo(?:$|[-_\s])", re.IGNORECASE)
_COMMENT_WORD = re.compile(r"(?:^|[-_])(?:comments?|disqus)(?:$|[-_])", re.IGNORECASE)
_FIRST_WORD = {word: reason for reason, words in _CHROME_WORDS.items() for word in words}
_CHROME_TAGS = {"nav": "navigation", "aside": "sidebar", "footer": "footer"}
_CHROME_ROLES = {"navigation": "navigation", "complementary": "sidebar", "contentinfo": "footer"}
_NEVER_CHROME = frozenset({"html", "body", "main", "article", "h1"})
_WORD = re.compile(r"[A-Za-z0-9]+")
_NOT_SPACE = re.compile(r"[^ \t\n\r\f]")
_ARTICLE_TYPE = re.compile(r"schema\.org/(?:News|Blog|Report|Scholarly|Tech)?Article\b")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._-]+)""", re.IGNORECASE)
_TAG = re.compile(r"<(?:(/?)([A-Za-z][^\t\n\f\r />]*)|!doctype)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\ufeff?\s*<\?xml\b")
_BLANK_LINE = re.compile(r"\n[ \t\r\f]*\n|\r[ \t\f]*\r")


def read_bytes(data: bytes, path: str, html: dict[str, str] | None = None,
               encoding: str | None = None) -> Document:
    match = _META_CHARSET.search(data[:4096])
    declared = (match.group(1).decode("ascii"), match.start(1)) if match else None
    return read_declared(data, path, declared, lambda source, p: read(source, p, html), encoding)


def read(source: str, path: str, html: dict[str, str] | None = None) -> Document:
    """``html``: the config's selectors, each mapped to a segment kind or ``skip``."""
    if is_plain_text(source):
        from newslint.readers import plaintext

        return plaintext.read(source, path)
    document = Document(path, "html", source, escape=escape_markup)
    ends: dict[int, int] = {}
    root = parse_html(source, ends)
    first = next((e for e in root.children if isinstance(e, Element)), None)
    if _XML_DECLARATION.match(source) and first is not None and first.name != "html":
        # a feed or other XML saved as .html: no article to read (RSS dates are no prose)
        document.skip(f"XML, not HTML (root <{first.name}>)", 0, len(source))
        return document
    selectors = [(parse_selector(text), kind) for text, kind in (html or {}).items()]
    page = _Page(source, root, ends, selectors)
    article = page.article_root()
    headline, header_start = page.headline(article)
    if headline is not None:
        _add(document, text_of(source, headline, NOT_PROSE), "headline", element=headline.name)
    reader = _Reader(document, page, article, headline, header_start)
    reader.run()
    # The description meta of a web page (it has chrome) is search-engine copy, often the
    # site's own; that of an article alone is its standfirst.
    if not page.chrome and not any(s.kind == "standfirst" for s in document.segments):
        standfirst = _meta_description(document, root)
        if standfirst is not None:
            document.segments.insert(1 if headline is not None else 0, standfirst)
    return document


def is_plain_text(source: str) -> bool:
    """Text in an ``.html`` file that is no HTML: no tag at all, or ``<br>`` tags only and fewer
    of them than the blank lines that separate its paragraphs (a stray break or two)."""
    breaks = 0
    for tag in _TAG.finditer(source):
        if tag.group(2) is None or tag.group(2).lower() != "br":
            return False
        breaks += 1
    return breaks == 0 or breaks <= len(_BLANK_LINE.findall(source))


# --- selectors of the config's ``html:`` mapping ------------------------------------------------

_SELECTOR = re.compile(r"""(?P<tag>[A-Za-z][A-Za-z0-9-]*)?(?P<rest>(?:
      \.[A-Za-z_-][\w-]*
    | \#[A-Za-z_-][\w-]*
    | \[\s*[A-Za-z_][\w:.-]*\s*(?:=\s*(?:"[^"]*"|'[^']*'|[\w.:-]+)\s*)?\]
    )*)""", re.VERBOSE)
_SIMPLE = re.compile(r"""\.(?P<cls>[\w-]+)|\#(?P<id>[\w-]+)
    |\[\s*(?P<attr>[\w:.-]+)\s*(?:=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[\w.:-]+))\s*)?\]""",
                     re.VERBOSE)


class SelectorError(ValueError):
    pass


class Selector:
    """A compound CSS selector of the forms newsrooms need: ``tag``, ``.class``, ``#id``,
    ``[attr]``, ``[attr=value]``, combined (``div.dek``, ``p.caption[data-role=credit]``)."""

    __slots__ = ("attrs", "classes", "id", "tag", "text")

    def __init__(self, text: str, tag: str | None, classes: frozenset, id_: str | None,
                 attrs: tuple):
        self.text, self.tag, self.classes, self.id, self.attrs = text, tag, classes, id_, attrs

    def matches(self, element: Element) -> bool:
        if self.tag is not None and element.name != self.tag:
            return False
        if self.id is not None and element.attrs.get("id") != self.id:
            return False
        if self.classes and not self.classes <= element.classes():
            return False
        for name, value in self.attrs:
            if name not in element.attrs or (value is not None and element.attrs[name] != value):
                return False
        return True


def parse_selector(text: str) -> Selector:
    """A ``Selector``; ``SelectorError`` says what is wrong with ``text``."""
    stripped = text.strip() if isinstance(text, str) else ""
    match = _SELECTOR.fullmatch(stripped)
    if not stripped or match is None:
        raise SelectorError(
            f"unsupported selector {text!r}: one compound selector of a tag, .class, #id and "
            "[attr=value] (as in div.dek or [itemprop=description]); no combinators or lists")
    classes, ids, attrs = set(), [], []
    for simple in _SIMPLE.finditer(match.group("rest")):
        if simple.group("cls"):
            classes.add(simple.group("cls"))
        elif simple.group("id"):
            ids.append(simple.group("id"))
        else:
            value = next((v for v in simple.group("dq", "sq", "bare") if v is not None), None)
            attrs.append((simple.group("attr").lower(), value))
    if len(set(ids)) > 1:
        raise SelectorError(f"unsupported selector {text!r}: an element has one id")
    tag = match.group("tag").lower() if match.group("tag") else None
    return Selector(stripped, tag, frozenset(classes), ids[0] if ids else None, tuple(attrs))


# --- the page: where the article is --------------------------------------------------------------

def _words(element: Element) -> list[str]:
    """The first word of each class and of the id, lower case."""
    found = []
    for token in (element.attrs.get("class") or "").split() + [element.attrs.get("id") or ""]:
        word = _WORD.match(token)
        if word:
            found.append(word.group().lower())
    return found


def chrome_class(element: Element) -> str | None:
    """The chrome a class or id names by its first word ("related-stories", "share_bar")."""
    if not element.attrs.get("class") and not element.attrs.get("id"):
        return None
    for word in _words(element):
        if word in _FIRST_WORD:
            return _FIRST_WORD[word]
    names = f"{element.attrs.get('class', '')} {element.attrs.get('id', '')}"
    if any(_COMMENT_WORD.search(name) for name in names.split()):
        return "reader comments"
    return None


def _is_candidate(element: Element) -> bool:
    """Marked up as an article or its body (not the page as a whole: <html itemtype>)."""
    attrs = element.attrs
    if element.name == "article":
        return True
    if not attrs or element.name in ("html", "body"):
        return False
    if attrs.get("role") == "article":
        return True
    if attrs.get("itemprop", "").lower() == "articlebody":
        return True
    if _ARTICLE_TYPE.search(attrs.get("itemtype", "")):
        return True
    for name in (attrs.get("class") or "").split() + [attrs.get("id") or ""]:
        if name in BODY_CLASSES or BODY_CLASS.search(name):
            return True
    return False


class _Page:
    """What a few passes over the parsed page tell: each element's parent, the chrome, and the
    prose (characters of text, not counting chrome or what is not prose) under each element."""

    def __init__(self, source: str, root: Element, ends: dict[int, int], selectors: list):
        self.source, self.root, self.ends, self.selectors = source, root, ends, selectors
        self.parent: dict[int, Element] = {}
        self.order: list[Element] = []  # document order
        stack = [root]
        while stack:
            element = stack.pop()
            self.order.append(element)
            for child in reversed(element.children):
                if isinstance(child, Element):
                    self.parent[id(child)] = element
                    stack.append(child)
        # All the text under each element, and whether it holds an h1, before chrome is known:
        # a class that looks like chrome ("ads-enabled" on <html>, a "sidebar" column holding
        # the headline) does not make chrome of most of the page, or of the headline.
        self.text: dict[int, int] = {}  # all the text under an element, chrome or not
        own_text: dict[int, int] = {}  # the text of an element's own text nodes
        with_h1: set[int] = set()
        self.with_media: set[int] = set()  # holding a picture, a video, ...
        for element in reversed(self.order):  # children before their parents
            own = total = 0
            if element.name not in NOT_PROSE:
                for child in element.children:
                    if isinstance(child, Text):
                        own += self.text_length(child)
                    else:
                        total += self.text[id(child)]
                        if child.name == "h1" or id(child) in with_h1:
                            with_h1.add(id(element))
                        if child.name in _MEDIA or id(child) in self.with_media:
                            self.with_media.add(id(element))
            own_text[id(element)] = own
            self.text[id(element)] = own + total
        half = self.text[id(root)] / 2
        self.candidates = [e for e in self.order[1:] if _is_candidate(e)]
        candidates = {id(e) for e in self.candidates}
        self.chrome: dict[int, str] = {}  # element -> why it is chrome
        self.in_chrome: set[int] = set()  # chrome, or inside it
        for element in self.order[1:]:
            key = id(element)
            reason = (_CHROME_TAGS.get(element.name)
                      or _CHROME_ROLES.get(element.attrs.get("role", "")))
            if (reason is None and key not in with_h1 and self.text[key] <= half
                    and element.name not in _NEVER_CHROME and key not in candidates):
                reason = chrome_class(element)
            if reason:
                self.chrome[key] = reason
            if reason or id(self.parent[key]) in self.in_chrome:
                self.in_chrome.add(key)
        self.prose: dict[int, int] = {}
        self.paragraphs: dict[int, int] = {}  # prose in an element's own <p> and inline text
        chrome = self.chrome
        for element in reversed(self.order):
            total = own = own_text[id(element)]
            if element.name not in NOT_PROSE:
                for child in element.children:
                    if isinstance(child, Element) and id(child) not in chrome:
                        length = self.prose[id(child)]
                        total += length
                        if child.name == "p" or child.name not in BLOCK_LEVEL:
                            own += length
            self.prose[id(element)] = total
            self.paragraphs[id(element)] = own

    def end(self, element: Element) -> int:
        """Where the element ends in the source, its end tag included."""
        return self.ends.get(id(element), len(self.source))

    def text_length(self, node: Text) -> int:
        if node.data is not None:
            return len(node.data.strip())
        return len(self.source[node.start:node.end].strip())

    def ancestors(self, element: Element):
        parent = self.parent.get(id(element))
        while parent is not None:
            yield parent
            parent = self.parent.get(id(parent))

    def within(self, element: Element, container: Element) -> bool:
        return container.start <= element.start < self.end(container) and (
            element.start != container.start or element is container
            or any(a is container for a in self.ancestors(element)))

    def configured(self, element: Element) -> tuple[Selector, str] | None:
        for selector, kind in self.selectors:
            if selector.matches(element):
                return selector, kind
        return None

    def _largest(self, elements: list[Element]) -> Element | None:
        elements = [e for e in elements if id(e) not in self.in_chrome and self.prose[id(e)] > 0]
        return max(elements, key=lambda e: self.prose[id(e)], default=None)

    def article_root(self) -> Element:
        declared = self._largest([e for e in self.order if any(
            kind == "body" and selector.matches(e) for selector, kind in self.selectors)])
        if declared is not None:
            return declared
        # Candidates as a tree (each under the nearest candidate holding it), so that looking
        # inside the chosen one reads each candidate once, however deep they nest.
        nearest: dict[int, Element | None] = {id(self.root): None}
        inner: dict[int, list[Element]] = {}
        candidates = {id(e) for e in self.candidates}
        for element in self.order[1:]:
            above = nearest[id(self.parent[id(element)])]
            if id(element) in candidates:
                inner.setdefault(id(above), []).append(element)
                above = element
            nearest[id(element)] = above
        best = self._largest(self.candidates)
        while best is not None:
            share = _INNER_SHARE * self.prose[id(best)]
            found = self._largest([c for c in inner.get(id(best), ())
                                   if self.prose[id(c)] >= share])
            if found is None:
                return best
            best = found
        main = self._largest([e for e in self.order
                              if e.name == "main" or e.attrs.get("role") == "main"])
        if main is not None:
            return main
        if not self.chrome:  # an article alone (a CMS export): all of it
            return self.root
        # A web page, and no mark-up says where its article is (old pages, table layouts): the
        # element whose own paragraphs hold most of the page's prose, else the whole page.
        best = max((e for e in self.order if id(e) not in self.in_chrome),
                   key=lambda e: self.paragraphs[id(e)])
        if self.paragraphs[id(best)] >= _PARAGRAPHS_SHARE * self.prose[id(self.root)]:
            return best
        return self.root

    def _usable_heading(self, element: Element) -> bool:
        if id(element) in self.in_chrome or self.prose[id(element)] == 0:
            return False
        near = [element, *islice(self.ancestors(element), 2)]
        return not any(_LOGO.search(f"{e.attrs.get('class', '')} {e.attrs.get('id', '')}")
                       for e in near if e.name not in ("body", "html"))

    def headline(self, article: Element) -> tuple[Element | None, int | None]:
        """The headline element, and where the article header before the root starts (None:
        no header outside the root)."""
        for selector, kind in self.selectors:
            if kind == "headline":
                found = next((e for e in self.order if selector.matches(e)
                              and id(e) not in self.in_chrome), None)
                if found is not None:
                    return found, None
        h1s = [e for e in self.order if e.name == "h1" and self._usable_heading(e)]
        if not h1s:  # no h1: the headline that microdata or hAtom mark up
            h1s = [e for e in self.order if (e.attrs.get("itemprop") == "headline" or (
                e.attrs.get("class") and _HEADLINE_CLASSES & e.classes()))
                and self._usable_heading(e)]
        inside = [h for h in h1s if self.within(h, article)]
        if inside:
            return inside[0], None
        before = [h for h in h1s if h.start < article.start]
        # The page's one h1 is its heading, however far; of several, one close to the article.
        if before and (len(h1s) == 1
                       or self._prose_between(before[-1], article) <= _HEADER_PROSE_MAX):
            heading = before[-1]
            parent = self.parent.get(id(heading))
            block = parent if (parent is not None and parent is not self.root
                               and not self.within(article, parent)) else heading
            return heading, block.start
        return self._opening_heading(article), None

    def _prose_between(self, heading: Element, article: Element) -> int:
        """Prose outside chrome after ``heading`` and before ``article`` starts."""
        total, end = 0, self.end(heading)
        for element in self.order:
            if element.start >= article.start:
                break
            if element.start < end or id(element) in self.in_chrome or element.name in NOT_PROSE:
                continue
            total += sum(self.text_length(c) for c in element.children
                         if isinstance(c, Text) and c.start >= end)
        return total

    def _opening_heading(self, article: Element) -> Element | None:
        """A heading that opens the article root, before any of its text."""
        after = self.order[self.order.index(article) + 1:] if article is not self.root else ()
        for element in after:
            if not self.within(element, article):
                return None
            if element.name in ("h1", "h2", "h3") and self._usable_heading(element):
                return element
            if any(isinstance(c, Text) and self.text_length(c) for c in element.children):
                return None
        return None


# --- reading ------------------------------------------------------------------------------------

def _add(document: Document, builder: TextBuilder, kind: str, **attributes):
    segment = builder.segment(kind, **attributes)
    if segment is not None:
        document.segments.append(segment)
    return segment


def _meta_description(document: Document, root: Element):
    for meta in root.iter("meta"):
        if meta.attrs.get("name", "").lower() != "description":
            continue
        span = meta.value_spans.get("content")
        if span is None:
            continue
        builder = TextBuilder()
        builder.language = language_tag(meta.lang)
        add_escaped(builder, document.source, *span)
        return builder.segment("standfirst", element="meta")
    return None


_OUTSIDE, _HEADER, _ARTICLE = "outside", "header", "article"


class _Reader:
    """Walks the page once, in document order: skips what lies outside the article (saying
    why), reads the parts of the article header, and reads the article root as paragraphs
    that flow between block boundaries and double ``<br>``."""

    def __init__(self, document: Document, page: _Page, article: Element,
                 headline: Element | None, header_start: int | None):
        self.document, self.page, self.source = document, page, document.source
        self.article, self.headline, self.header_start = article, headline, header_start
        self.around_article = {id(e) for e in page.ancestors(article)}
        self.around_headline = (set() if headline is None else
                                {id(e) for e in page.ancestors(headline)} - self.around_article)
        self.paragraphs = Paragraphs(document)
        self.builder = TextBuilder()
        self.lang: str | None = None  # the lang of the element whose children are being read
        self.blocks: list[str] = []  # the block elements open around the text being read
        self.breaks = 0  # <br> since the last text: two end a paragraph
        self.body_started = False
        self.last_skip: list | None = None  # the skip a following one may extend
        self.skipped: list[list] = []

    def run(self) -> None:
        root = self.article if self.article is self.page.root else self.page.root
        mode = _ARTICLE if root is self.article else _OUTSIDE
        # (children left to visit, mode, whether the element is a block to close, its lang)
        stack = [(iter(root.children), mode, False, root.lang)]
        while stack:
            children, mode, block, self.lang = stack[-1]
            for child in children:
                entered = self.visit(child, mode)
                if entered is not None:
                    child_mode, child_block = entered
                    if child_block:
                        self.flush()
                        self.blocks.append(child.name)
                    stack.append((iter(child.children), child_mode, child_block, child.lang))
                    break
            else:
                stack.pop()
                if block:
                    self.flush()
                    self.blocks.pop()
        self.flush()
        self.document.skipped.extend(tuple(s) for s in self.skipped)

    def visit(self, node, mode: str):
        """Read or skip ``node``; return (mode, whether it is a block) to walk into it."""
        if isinstance(node, Text):
            self.text(node, mode)
            return None
        if node.name in NOT_PROSE:
            if node.name in BLOCK_LEVEL:
                self.flush()
            return None
        if mode == _OUTSIDE:
            return self.outside(node)
        return self.inside(node, mode)

    def outside(self, element: Element):
        if element is self.article:
            return _ARTICLE, True
        key = id(element)
        if key in self.around_article:
            return _OUTSIDE, False
        if (self.header_start is not None
                and self.header_start <= element.start < self.article.start):
            return self.inside(element, _HEADER)
        if key in self.around_headline:
            return _OUTSIDE, False
        if self.page.text[key]:
            configured = self.page.configured(element)
            reason = (f"html: {configured[0].text}" if configured and configured[1] == SKIP
                      else self.page.chrome.get(key) or _site_header(element))
            self.skip(reason or "outside the article", element.start, self.page.end(element))
        return None

    def inside(self, element: Element, mode: str):
        """An element of the article root or its header."""
        page = self.page
        if element is self.headline:
            self.flush()
            self.last_skip = None
            return None
        configured = page.configured(element)
        if configured is not None:
            selector, kind = configured
            self.flush()
            if kind == SKIP:
                self.skip(f"html: {selector.text}", element.start, self.page.end(element))
            elif kind == "body":
                return _ARTICLE, True
            else:
                self.read_as(element, kind)
            return None
        reason = page.chrome.get(id(element))
        if reason:
            self.flush()
            if page.text[id(element)]:  # (in the header, all that is not read is one span)
                self.skip(reason if mode == _ARTICLE else "article header", element.start,
                          page.end(element))
            return None
        classes = element.classes() if element.attrs.get("class") else ()
        prose = page.prose[id(element)]
        if (classes and not self.body_started and prose <= _STANDFIRST_MAX
                and id(element) not in page.with_media and _is_standfirst(classes)):
            self.read_as(element, "standfirst")
        elif ((classes and BYLINE_CLASSES.intersection(classes)
               or element.attrs.get("rel") == "author") and prose <= _BYLINE_MAX):
            self.read_as(element, "byline")
        elif classes and "dateline" in classes:
            self.read_as(element, "dateline")
        elif element.name == "figure":
            self.flush()
            self.figure(element)
        elif element.name == "figcaption":
            self.flush()
            self.caption(element)
        elif element.name == "br":
            self.line_break(element, mode)
        elif element.name == "header" and mode == _ARTICLE:
            return _HEADER, True
        else:
            return mode, element.name in BLOCK_LEVEL
        return None

    def text(self, node: Text, mode: str) -> None:
        if not _NOT_SPACE.search(self.source, node.start, node.end):
            if mode == _ARTICLE and self.builder.pieces:  # (white space opening one is dropped)
                self.builder.add_run(self.source, node.start, node.end)
            return
        if mode != _ARTICLE:
            self.skip("outside the article" if mode == _OUTSIDE else "article header",
                      node.start, node.end)
            return
        self.breaks = 0
        if not self.builder.pieces:  # a paragraph is in the language its first words are in
            self.builder.language = language_tag(self.lang)
        if node.data is None:
            add_escaped(self.builder, self.source, node.start, node.end)
        else:
            self.builder.add_run(self.source, node.start, node.end)

    def line_break(self, element: Element, mode: str) -> None:
        if mode != _ARTICLE:
            return
        self.breaks += 1
        if self.breaks == 2:  # a blank line: the paragraph ends
            self.flush()
        else:
            self.builder.add(" ", element.start, element.tag_end)

    def flush(self) -> None:
        """End the paragraph being read."""
        self.breaks = 0
        if not self.builder.pieces:
            return
        segment = self.builder.segment("body", element=self.blocks[-1] if self.blocks
                                       else self.article.name)
        self.builder = TextBuilder()
        if segment is not None:
            self.body_started = True
            self.last_skip = None
            self.paragraphs.add(segment)

    def read_as(self, element: Element, kind: str) -> None:
        self.flush()
        segment = text_of(self.source, element, NOT_PROSE).segment(kind, element=element.name)
        if segment is not None:
            self.last_skip = None
            if kind == "body":
                self.body_started = True
                self.paragraphs.add(segment)
            else:
                self.document.segments.append(segment)

    def skip(self, reason: str, start: int, end: int) -> None:
        last = self.last_skip
        if last is not None and last[0] == reason and not self.builder.pieces:
            last[2] = max(last[2], end)
            return
        self.last_skip = [reason, start, end]
        self.skipped.append(self.last_skip)

    def figure(self, figure: Element) -> None:
        for element in _outermost(figure, lambda e: e.name == "figcaption" or _is_credit(e)):
            if element.name == "figcaption":
                self.caption(element)
            else:
                self.read_as(element, "credit")

    def caption(self, caption: Element) -> None:
        self.read_as(caption, "caption")
        for credit in _outermost(caption, _is_credit):
            # The credit is read twice on purpose: at the end of the caption, where the
            # caption rules look for it, and as a credit of its own.
            self.read_as(credit, "credit")


def _is_standfirst(classes) -> bool:
    return any(name in STANDFIRST_CLASSES or STANDFIRST_END.search(name) for name in classes)


def _is_credit(element: Element) -> bool:
    return "credit" in element.classes() if element.attrs.get("class") else False


def _outermost(element: Element, wanted) -> list[Element]:
    """The elements under ``element`` that are ``wanted``, not those inside one of them."""
    found = []

    def visit(child) -> bool:
        if not isinstance(child, Element):
            return False
        if wanted(child):
            found.append(child)
            return False
        return True

    descend(element, visit)
    return found


def _site_header(element: Element) -> str | None:
    if element.name == "header" or element.attrs.get("role") == "banner":
        return "site header"
    return None
