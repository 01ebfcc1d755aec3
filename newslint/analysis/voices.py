"""Paragraphs in someone's own words: a reader's letter, a diary, an answer in an interview.

Like a quotation, such a paragraph keeps its words as its writer chose them ("I think Mr Blair
should go", "Thank goodness that Kilroy-Silk has gone!"), so rules that respect quotations
leave it alone too: ``first_reference`` every such paragraph, ``titles`` (``check: courtesy``)
only a tail of readers' comments, the surer sign. ``own_words`` finds both once per document,
for every rule that asks.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newslint.analysis.text import is_heading, is_list_item, sentence_start


class Voices(NamedTuple):
    """The numbers (in ``document.segments``) of the paragraphs in someone's own words."""

    own: frozenset[int]  # all of them (``_voices``), the comments included
    comments: frozenset[int]  # those of a tail of readers' comments after the story


def own_words(document, kinds) -> Voices:
    """The paragraphs of these kinds in someone's own words, among the prose that is not a
    heading, a table row or a list entry; worked out once per document for every rule that
    asks."""
    key = ("own words", frozenset(kinds))
    found = document.cache.get(key)
    if found is None:
        paragraphs = [(number, segment) for number, segment in enumerate(document.segments)
                      if segment.kind in kinds
                      and not is_heading(segment.text, segment.attributes.get("element"))
                      and not is_list_item(segment.text, segment.attributes.get("element"))]
        own, comments = _voices(paragraphs)
        found = document.cache[key] = Voices(frozenset(own | comments), frozenset(comments))
    return found


def in_comments(document, segment, kinds=("body",)) -> bool:
    """True if ``segment`` is in a tail of readers' comments (``Voices.comments``): they are
    body paragraphs, so by default only the body is read."""
    return segment.kind in kinds and any(document.segments[number] is segment
                                         for number in own_words(document, kinds).comments)


# "I" and "my" outside quotation marks: not the reporter's voice. ("We" is: "we reported".)
_FIRST_PERSON = frozenset("I I'm I've I'd I'll I’m I’ve I’d I’ll my me myself".split())
# Words that address or include the reader ("you", "we", "our"): a reporter seldom writes
# them outside quotation marks, but alone they prove nothing ("we reported", "you can hear").
_ADDRESS = frozenset("we We us our Our ours ourselves you You your Your yourself".split())
_MARKS_OF_VOICE = _FIRST_PERSON | _ADDRESS
# A sentence that ends with "!" (a reporter exclaims only inside quotation marks), not a name
# with one in it ("Yahoo! said", "Mamma Mia! with", "POW! (Purveyors of Wonder)", "OK! Magazine").
_EXCLAMATION = re.compile(r"(?<![A-Z]{2})!+[?!]*(?=\s*\Z|\s+[\"“‘']?[A-Z])")
_QUESTION = re.compile(r"\?+(?=\s*\Z|\s+[\"“‘']?[A-Z])")
# A tail of readers' comments: at least this many paragraphs, this share of them with a mark
# of someone's own voice, and two in the first person or exclaiming.
_TAIL_PARAGRAPHS = 3
_TAIL_SHARE = 0.6


def _voices(paragraphs) -> tuple[set[int], set[int]]:
    """The numbers of the paragraphs, given as ``(number, segment)``, in someone's own words:
    a reader's letter, a diary, an answer in an interview. Like a quotation, they keep their
    names as written ("I think Joss Stone deserved it"). Returned as the paragraphs that are
    marked as someone's own, and those of a tail of readers' comments.

    A paragraph in the first person outside quotation marks, or that exclaims, is someone's
    own. So is every paragraph of a tail of the article where they are the rule: readers'
    comments printed after a story, most of which say "I", exclaim, ask or speak to the reader
    ("Thank goodness that Kilroy-Silk has gone!", "Have Radio 2 listeners even heard of Joy
    Division?"), and some of which, in the same run, do none of it ("Angels is a fantastic
    song. All credit to Robbie Williams and Guy Chambers."). The tail starts at a paragraph in
    the first person or exclaiming; a reporter's rhetorical question or "you can" alone
    starts none.
    """
    marks = [_voice(segment.analysis) for _, segment in paragraphs]
    own = {number for (number, _), mark in zip(paragraphs, marks, strict=True) if mark == _OWN}
    if len(own) < 2:
        return own, set()
    count = len(marks)
    marked = own_count = 0
    start = None
    # From the end back: the earliest start whose tail is mostly someone's own words.
    for index in range(count - 1, -1, -1):
        marked += marks[index] != _NONE
        own_count += marks[index] == _OWN
        length = count - index
        if (marks[index] == _OWN and own_count >= 2 and length >= _TAIL_PARAGRAPHS
                and marked >= _TAIL_SHARE * length):
            start = index
    comments = set() if start is None else {number for number, _ in paragraphs[start:]}
    return own, comments


_NONE, _ADDRESSED, _OWN = 0, 1, 2


def _voice(analysis) -> int:
    """``_OWN`` for a paragraph in the first person or exclaiming outside quotation marks,
    ``_ADDRESSED`` for one that asks or speaks to the reader ("we", "you") outside them,
    ``_NONE`` otherwise."""
    text, tokens = analysis.text, analysis.words
    texts = tokens.texts
    marks = _MARKS_OF_VOICE.intersection(texts)  # most paragraphs: none
    first_person = [index for index in _positions(texts, marks & _FIRST_PERSON)
                    if not _in_a_title(text, tokens, index)]
    addressed = _positions(texts, marks & _ADDRESS)
    exclaims = "!" in text and [m.start() for m in _EXCLAMATION.finditer(text)]
    asks = "?" in text and [m.start() for m in _QUESTION.finditer(text)]
    if not (first_person or addressed or exclaims or asks):
        return _NONE
    spans = analysis.quote_spans

    def outside(offset: int) -> bool:
        return not any(start <= offset < end for start, end in spans)

    starts = tokens.starts
    if (any(outside(starts[index]) for index in first_person)
            or any(map(outside, exclaims or ()))):
        return _OWN
    if any(outside(starts[index]) for index in addressed) or any(map(outside, asks or ())):
        return _ADDRESSED
    return _NONE


def _positions(texts: list[str], words) -> list[int]:
    """The indices of each of ``words`` in ``texts``, found by C-level scans: a paragraph
    holds few of them, and its other words need no Python step."""
    found = []
    for word in words:
        index = -1
        for _ in range(texts.count(word)):
            index = texts.index(word, index + 1)
            found.append(index)
    return found


def _in_a_title(text: str, tokens, index: int) -> bool:
    """True if the capital "I" at ``index`` is no one speaking: a numeral after a name
    ("World War I", "Elizabeth I") or a word of a title in title case ("What'd I Say", "I've
    Got A Woman", "Have I Got News For You")."""
    word = tokens.texts[index]
    if not word.startswith("I"):
        return False
    texts, gaps = tokens.texts, tokens.gaps
    after = index + 1
    if after < len(texts) and gaps[after] == " " and tokens[after].capitalised:
        return True
    return (index > 0 and gaps[index] == " " and tokens[index - 1].capitalised
            and not sentence_start(text, tokens.starts[index - 1]))
