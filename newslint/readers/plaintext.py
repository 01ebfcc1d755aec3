"""Plain-text articles. Three layouts are read, chosen by evidence across the whole file:

1. The CMS text export (``fixtures/articles/seed-article.txt``), paragraphs between blank lines:

    Headline on the first line                      -> headline
    <blank>
    One-line standfirst.                            -> standfirst
    <blank>
    A caption line that ends with its credit [Name/AP Photo]   -> caption (one per line)
    <blank>
    KYIV, Ukraine (AP) — Body paragraphs …          -> dateline + body
    <blank>
    Source: News Agencies                           -> source

2. One paragraph per line, no blank lines (a common CMS and e-mail export): when the text has
   no blank line and most of its lines end as sentences do, each line is a paragraph. Lines
   wrapped inside sentences (most end mid-sentence) stay one paragraph.
3. Wire copy: a headline, then a lede opening with a dateline that may carry a date and the
   agency (``NEW YORK, Jan. 5 -``, ``WASHINGTON, Feb. 28 (Reuters) -``): the dateline is a
   dateline segment, and the lede is body, not a standfirst.

The headline is a first paragraph of one line followed by more paragraphs, without closing
punctuation — or, when it is plainly a headline (one short sentence, shorter than the two
paragraphs after it), with a full stop that headline.full-stop can then report. The standfirst is
the one-line paragraph after it when it reads as a sentence (five words or more or a closing full
stop, opening with a capital or a quotation mark, no "Label: " start), not a fact-box line, nor,
without a stop, a result line or link labels run together. A
paragraph of caption lines is captions when one of its lines ends with a credit, so that a
caption that lost its credit is still a caption. A text without
that layout is all body. Segment text is the source text itself, so every offset map is the
identity. An HTML-style comment on lines of its own (``<!-- newslint-disable-next-line … -->``) is
markup, like a blank line: no paragraph, headline or source line is made of it.
"""

from __future__ import annotations

import re

from newslint.analysis.photo_credits import find_credit
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
        (?:,\ (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\ \d{1,2})?
                                                                   # , Jan. 5
        (?:\ \([A-Za-z&\ ]{1,30}\))?)                              # (AP)
        \ (?:—|–|--|-)\ """,
    re.VERBOSE,
)
# A sentence ends inside a line: closing punctuation, a space, a capital.
_SENTENCE_INSIDE = re.compile(r"[.!?][\"”’']?\s+[A-Z“\"]")
_SENTENCE_END = (".", "!", "?", "\"", "”", "’", "'", ":", ")", "]")


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


def _lines_are_paragraphs(source: str, paragraphs: list[list[tuple[int, int]]]) -> bool:
    """One paragraph per line: no blank line anywhere, and most lines end as sentences do."""
    if len(paragraphs) != 1 or len(paragraphs[0]) < 3:
        return False
    ends = sum(source[start:end].endswith(_SENTENCE_END) for start, end in paragraphs[0][1:])
    return ends >= 0.6 * (len(paragraphs[0]) - 1)


# A line of a fact box or a label, not prose: "Result: Nadal 6-7 …", "Venue: …".
_LABEL = re.compile(r"[A-Z][\w ]{0,20}: ")


def _is_standfirst(source: str, paragraph: list[tuple[int, int]]) -> bool:
    """Whether the paragraph after the headline is the standfirst: one line that reads as a
    sentence, and no caption, lede with a dateline or source line."""
    if len(paragraph) != 1 or _is_caption_paragraph(source, paragraph):
        return False
    start, end = paragraph[0]
    return (not DATELINE.match(source, start, end) and not SOURCE_LINE.match(source, start, end)
            and _reads_as_sentence(source[start:end])
            and not _in_the_first_person(source[start:end]))


def _in_the_first_person(text: str) -> bool:
    """Whether the line speaks in the first person singular outside quotation marks: a column's
    opening paragraph ("Well, I think we could be heading to the European Championships…"),
    which a desk's standfirst never is (BBC sports-059, -072, -309). "We" and "our" are not
    counted: a standfirst says "on our screens" too."""
    unquoted = _QUOTED.sub(" ", text)
    for match in _FIRST_PERSON.finditer(unquoted):
        before = unquoted[:match.start()].split()
        # "World War I drama", "Elizabeth I ruled", "ITV1's I'm a Celebrity": no one speaking.
        if (match.group().startswith("I") and before and before[-1][:1].isupper()
                and not before[-1].endswith((",", ";", ":"))):
            continue
        return True
    return False


# "I" (or "I'm", "I've"…) before a lower-case word, or a word only the first person uses.
_FIRST_PERSON = re.compile(
    r"(?<![\w’'-])(?:I(?:[’'](?:m|ve|d|ll))?(?= [a-z])|my|me|myself)(?![\w’'-])")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _reads_as_sentence(text: str) -> bool:
    """Whether a line can be a standfirst: a sentence (five words or more, or ending as one does)
    that opens with a capital or a quotation mark. A match page's fact box ("Ewood Park", "Stade
    de France, Paris", "(after extra-time - score at 90 mins 1-1)", "Result: Nadal 6-7 …") is
    not one. Nor, without a closing stop, is a short result line ("Arsenal win 4-2 on
    penalties") or link labels run together ("The shape of the UK's economy In graphics")."""
    if not (text[0].isupper() or text[0] in "\"“‘'") or _LABEL.match(text):
        return False
    if text.endswith((".", "!", "?")):
        return True
    length = len(text.split())
    return (length >= 5 and not _LABELS_RUN_TOGETHER.search(text)
            and not (length < _RESULT_WORDS and _SCORE.search(text)))


# A score ("4-2", "6-7") in a line of fewer words than this, without a stop: a result.
_SCORE = re.compile(r"(?<![\w-])\d{1,3}-\d{1,3}(?![\w-])")
_RESULT_WORDS = 10
# A lower-case word, then a capitalised one that begins a phrase, not a name: the next label
# ("economy In graphics", "results At a glance").
_LABELS_RUN_TOGETHER = re.compile(r"(?<![\w’'-])[a-z][\w’'-]* (?:In|At|On|The|A|An|Of|For|By|With)"
                                  r" [a-z]")


def _is_headline(source: str, paragraphs: list[list[tuple[int, int]]]) -> bool:
    first = paragraphs[0]
    if len(first) != 1:
        return False
    start, end = first[0]
    text = source[start:end]
    if len(text) > 200 or SOURCE_LINE.match(text) or text.endswith((":", ";", ",")):
        return False
    if not text.endswith("."):
        return True
    # A headline that wrongly ends with a full stop: one short sentence, and the paragraphs
    # after it are longer, as a lede and body are.
    following = [p[-1][1] - p[0][0] for p in paragraphs[1:3]
                 if not SOURCE_LINE.match(source, p[0][0], p[-1][1])]
    return (len(text) <= 100 and len(text.split()) <= 15 and not _SENTENCE_INSIDE.search(text)
            and len(following) == 2 and all(length > len(text) for length in following))


# A comment on lines of its own (how plain text carries `newslint-disable` directives): markup,
# never article text. It may span lines; what shares a line with it is not a comment.
_COMMENT_LINES = re.compile(r"(?:\A|(?<=[\r\n]))[^\S\r\n]*<!--.*?-->[^\S\r\n]*(?=[\r\n]|\Z)",
                            re.DOTALL)


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
    if _lines_are_paragraphs(source, paragraphs):
        paragraphs = [[line] for line in paragraphs[0]]
    index = 0
    if len(paragraphs) > 1 and _is_headline(source, paragraphs):
        document.add_plain("headline", *paragraphs[0][0])
        index = 1
        second = paragraphs[1] if len(paragraphs) > 2 else None
        if second and _is_standfirst(source, second):
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
    """A paragraph of caption lines: one line alone that ends with a credit, or several lines
    of which at least one ends with a credit (the others are captions that lost theirs)."""
    with_credit = sum(1 for start, end in paragraph if _may_end_with_credit(source, start, end)
                      and find_credit(source[start:end], strict=True))
    return with_credit == len(paragraph) or (len(paragraph) > 1 and with_credit > 0)


def _may_end_with_credit(source: str, start: int, end: int) -> bool:
    """Whether the line can end as a credit does, "]" or ")" and perhaps a full stop: body
    paragraphs (most lines) end otherwise, and are told so without a regex search."""
    last = source[end - 1]
    if last == ".":
        return end - start >= 2 and source[end - 2] in "]) \t"
    return last in "])"
