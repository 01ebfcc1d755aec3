"""Matching that newslint does where proselint's patterns are ASCII-minded or slow.

- ``repeated_phrases``: proselint's lexical illusion ("the the"), with Unicode word boundaries,
  searched only where a repeat can start.
- ``written_on_purpose``: the repeated phrases that are no slip.
- ``inside_a_word``: a match of a whole-word pattern that starts or ends inside a word of
  another script, which RE2's ASCII ``\\b`` lets through.
- ``led_by_first_characters``: a pattern that starts with look-arounds, which ``re`` tries at
  every character, led by a look-ahead of the characters its matches start with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# proselint bounds the phrase by ASCII letters only (``(?<![A-Za-z'-])``), so a match could start
# or end inside a word after a digit or a letter outside ASCII ("la laïcité" read as "la la",
# "2004 4" as "4 4"). Here ``\w`` bounds it too: a phrase is whole words in any script.
REPEATED_PHRASE = r"(?<![\w'’-])(\w+(?:\s+\w+){0,3})(\s+\1)+(?![\w'’-])"

# The phrase pattern tries its backreference at every word. A repeat can start only where the
# first word is a prefix of the next word, or the first two words come again two, three or four
# words on; in the text with every non-word character made a space, this pattern finds those
# places, starting with a plain space that ``re`` skips to in C. It is compiled with the
# phrase's flags, so its backreferences compare words as the phrase's do.
_REPEAT_START = (r" (?=([^ ]++) ++(?:\1|([^ ]++) ++(?:\1 ++\2|[^ ]++ ++(?:\1 ++\2|"
                 r"[^ ]++ ++\1 ++\2))))")


_ASCII_NON_WORD_AS_SPACE = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not re.match(r"\w", c)})
_NON_WORD = re.compile(r"[^\w ]")


def _non_word_as_space(text: str) -> str:
    """``text`` with every character that is not a word character made a space, one for one,
    so positions hold."""
    if text.isascii():  # translate reads ASCII text through its table in C
        return text.translate(_ASCII_NON_WORD_AS_SPACE)
    # Other text, translate looks up every character in the table in Python's objects; the
    # regex replaces only the punctuation, in C.
    return _NON_WORD.sub(" ", text)


@lru_cache(maxsize=2)
def _compiled(flags: int) -> tuple[re.Pattern, re.Pattern]:
    return re.compile(REPEATED_PHRASE, flags), re.compile(_REPEAT_START, flags)


def repeated_phrases(text: str, flags: int = re.IGNORECASE) -> Iterator[re.Match]:
    """The matches of ``REPEATED_PHRASE`` in ``text``, exactly as ``finditer`` finds them.

    The pattern runs from the places where a repeat can start only, in order, each search
    starting where the last match ended. Every word is read a bounded number of times,
    whatever its length.
    """
    phrase, repeat_start = _compiled(flags)
    spaced = " " + _non_word_as_space(text)
    position = 0
    for candidate in repeat_start.finditer(spaced):
        start = candidate.start()  # the space before the word in ``spaced``: the word in ``text``
        if start < position:
            continue
        found = phrase.match(text, start)
        if found is not None:
            yield found
            position = found.end()


# A word said twice around a linking word is an idiom ("back to back", "more and more", "on and
# on", "Measure for Measure"), and a repeat of two words reads as one across it: "to back to
# back" is "to" and "back to back". Only the words listed: "deficit to fall to fall" is a typo.
_REDUPLICATED = {
    "and": frozenset((
        "more", "less", "on", "over", "again", "round", "up", "down", "out", "through", "by",
        "neck", "around", "away", "back", "forth"
    )),
    "to": frozenset((
        "back", "face", "hand", "head", "door", "day", "year", "month", "week", "person", "end",
        "cheek", "shoulder", "toe", "man", "woman", "coast", "wall", "mouth", "house", "bumper",
        "nose", "peer", "business", "point", "station", "town", "country", "city", "state", "game",
        "side", "top", "bottom", "time", "race", "match", "ship", "shore"
    )),
    "by": frozenset((
        "side", "one", "step", "bit", "little", "day", "piece", "case", "blow", "inch", "row",
        "stone", "drop", "page", "line", "word", "brick", "room", "street", "house", "block",
        "hour", "minute", "week", "month", "year", "play", "point", "degree", "layer", "item",
        "man", "two"
    )),
    "for": frozenset((
        "measure", "word", "like", "point", "blow", "dollar", "pound", "man", "inch", "ounce"
    )),
    "after": frozenset((
        "time", "day", "year", "week", "month", "game", "match", "race", "season", "generation",
        "wave", "hour", "night", "mile"
    )),
    "in": frozenset(("hand", "arm")),
    "on": frozenset(("year", "month", "week", "day", "quarter", "head")),
    "upon": frozenset(("layer", "wave", "page", "story", "time")),
}
# Words whose repeat is a typo even when the second one is capitalised ("in the The Times").
_FUNCTION_WORDS = frozenset((
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "but", "is",
    "was"
))


def written_on_purpose(match: re.Match) -> bool:
    """True for a repeated phrase (a match of ``REPEATED_PHRASE``) that is no slip: an idiom
    that says a word twice around a linking word ("to back to back"), a lower-case word before
    the same word starting a name ("senior law lord Lord Bingham"), figures among figures (a
    telephone number: "0845 8 505 505")."""
    text, phrase = match.string, match.group(1)
    words = phrase.split()
    if len(words) == 2:
        first, second = (w.lower() for w in words)
        if (first in _REDUPLICATED.get(second, ()) or second in _REDUPLICATED.get(first, ())
                or (second == "and" and first.endswith("er"))
                or (first == "and" and second.endswith("er"))):
            return True
    repeat = text[match.start(2):match.end(2)].split()[0]
    if (words[0][:1].islower() and repeat[:1].isupper()
            and words[0].lower() not in _FUNCTION_WORDS):
        return True
    return "".join(words).isdigit() and (
        _figure_at(text, match.start() - 1, -1) or _figure_at(text, match.end(), 1))


def _figure_at(text: str, index: int, step: int) -> bool:
    """True if a space at ``index`` and, beyond it in the direction ``step``, a figure."""
    return (0 <= index < len(text) and text[index] == " "
            and 0 <= index + step < len(text) and text[index + step].isdigit())


def inside_a_word(text: str, start: int, end: int) -> bool:
    """True if a match padded to whole words starts or ends between two word characters of
    which one is not ASCII: a boundary only to proselint's ASCII patterns ("la" in "laïcité",
    "ios" in "silențios"). Between ASCII letters proselint's own matching stands."""
    return ((0 < start < len(text) and _joins_non_ascii(text[start - 1], text[start]))
            or (0 < end < len(text) and _joins_non_ascii(text[end - 1], text[end])))


def _joins_non_ascii(left: str, right: str) -> bool:
    return (not (left.isascii() and right.isascii())
            and (left.isalnum() or left == "_") and (right.isalnum() or right == "_"))


def led_by_first_characters(pattern: str, flags: int) -> str:
    """``pattern``, led by a look-ahead of the characters its matches can start with when it
    starts with look-arounds or word boundaries and then, in every alternative, a literal
    character (proselint's paddings: ``(?<![A-Za-z'-])``, ``\\b``); else ``pattern`` itself.

    ``re`` finds no first character to skip to in such a pattern, so it runs the assertions
    of every alternative at every character of the text; the look-ahead, one class tested
    with the pattern's flags as its literals are, turns most characters away first. It takes
    no characters and no group, so the matches and their groups are the same."""
    from re import _parser

    try:
        starts, asserted = _first_characters(list(_parser.parse(pattern, flags)))
    except re.error:
        return pattern
    if not starts or not asserted:
        return pattern
    led = "(?=[" + "".join(map(re.escape, sorted(starts))) + "])" + pattern
    try:  # a pattern that opens with global flags takes nothing before them
        re.compile(led, flags)
    except re.error:
        return pattern
    return led


def _first_characters(items) -> tuple[set[str] | None, bool]:
    """The characters a sequence of parsed items starts with (None: unknown), and whether
    assertions come before them."""
    from re import _constants as c

    asserted = False
    for op, argument in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            asserted = True
        elif op is c.LITERAL:
            return {chr(argument)}, asserted
        elif op is c.SUBPATTERN and not argument[1] and not argument[2]:  # no flags of its own
            starts, inner = _first_characters(list(argument[3]))
            return starts, asserted or inner
        elif op is c.BRANCH:
            found = [_first_characters(list(alternative)) for alternative in argument[1]]
            if any(starts is None for starts, _ in found):
                return None, False
            return (set().union(*(starts for starts, _ in found)),
                    asserted or any(inner for _, inner in found))
        else:
            return None, False
    return None, False
