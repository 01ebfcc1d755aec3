"""Small text facts every rule needs: word boundaries, tokens that are not prose, case."""

from __future__ import annotations

import re
import unicodedata

_NOT_PROSE_TOKEN = re.compile(
    # URLs. A scheme is read once from the start of its run: "[a-z][a-z0-9+.-]*://" would
    # re-read a long run of letters from each of them, quadratic on a 1 MB word.
    r"""(?:(?<![a-z0-9+.-])(?=[a-z0-9+.-]*+://)[0-9+.-]*+[a-z]|www\.)
      | ^[@#]\w                          # handles and hashtags
      | \w@\w                            # e-mail addresses
      | \w\.(?:com|org|net|gov|edu|io|co|uk|ua|int)\b  # bare domains
    """,
    re.IGNORECASE | re.VERBOSE,
)
_LEADING_PUNCT = "([{\"'“‘«<"
# A piece of every alternative of _NOT_PROSE_TOKEN, so that a token without one is never tested.
_NOT_PROSE_HINT = re.compile(r"://|www\.|[@#]|\.(?:com|org|net|gov|edu|io|co|uk|ua|int)",
                             re.IGNORECASE)
# The same pieces as substrings of ASCII text in lower case: most paragraphs have none, and a
# substring test says so faster than the pattern (non-ASCII letters such as "İ" match "i" under
# IGNORECASE but do not lower-case to it, so only ASCII text is let off this way).
_NOT_PROSE_HINTS = ("://", "www.", "@", "#", ".co", ".org", ".net", ".gov", ".edu", ".io",
                    ".uk", ".ua", ".int")
# All of them in one search: a test per hint costs a Python step each.
_HAS_NOT_PROSE_HINT = re.compile("|".join(map(re.escape, _NOT_PROSE_HINTS))).search


def is_word_char(char: str) -> bool:
    """True for a letter, a digit, "_", or a mark or joiner inside a word.

    A combining mark (the cedilla of a decomposed "ț") and the zero-width joiners belong to
    the letters around them, though ``isalnum`` says no: without them "silențios" written in
    NFD would hold the word "iOS".
    """
    if char.isalnum() or char == "_":
        return True
    return char > "\u02ff" and (char in _JOINERS or unicodedata.category(char) in _MARKS)


_JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner
_MARKS = frozenset(("Mn", "Mc", "Me"))


def is_whole_word(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` is not glued to letters or digits on either side."""
    if start > 0 and is_word_char(text[start - 1]):
        return False
    if end < len(text) and is_word_char(text[end]):
        return False
    return True


def token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token around ``[start, end)``."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return left, right


def non_prose_tokens(text: str, folded: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the whitespace-delimited tokens of ``text`` that are not prose: URLs,
    e-mail addresses, hashtags, @handles. ``folded``: the text lower-cased at the same length
    (``matcher.fold``), which a segment's analysis holds.

    Found once per segment (``Analysis.non_prose_tokens``), so that asking about a span costs a
    bisection, not a walk over its token: a 1 MB line without spaces asked about at every
    quotation mark stays linear.
    """
    starts: list[int] = []
    ends: list[int] = []
    if text.isascii() and not _HAS_NOT_PROSE_HINT(folded):
        return starts, ends
    right = 0
    for hint in _NOT_PROSE_HINT.finditer(text):
        if hint.start() < right:
            continue  # this token was already judged
        left, right = token_bounds(text, hint.start(), hint.end())
        if _NOT_PROSE_TOKEN.search(text[left:right].lstrip(_LEADING_PUNCT)):
            starts.append(left)
            ends.append(right)
    return starts, ends


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``template`` ("KIEV" -> "KYIV")."""
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if template[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# Elements that hold a heading or a list entry, as readers of markup record them.
_HEADING_ELEMENTS = frozenset("h2 h3 h4 h5 h6 th".split())
_LIST_ELEMENTS = frozenset("li dt dd td".split())
_BULLET = re.compile(r"\s*[-–—*•·▪] ")
_ENDS_A_SENTENCE = frozenset(".?!…:;,")
_AFTER_THE_STOP = "\"'”’)]*_ \t\r\n"
# Running prose ends with a stop; a heading or table row of more words than this is rare.
_HEADING_WORDS = 12


def is_heading(text: str, element: str | None = None) -> bool:
    """True for a paragraph that is a heading, a table row or a one-line list entry, not prose:
    an ``h2``–``h6`` element, or a short paragraph that ends without a stop ("Vote Blair",
    "1 Roger Federer (Switzerland)"). Capitals in it prove nothing: it may be in title case.
    """
    if element in _HEADING_ELEMENTS:
        return True
    if element is not None and element not in ("p", "div"):
        return False
    stripped = text.rstrip(_AFTER_THE_STOP)
    return (bool(stripped) and stripped[-1] not in _ENDS_A_SENTENCE
            and len(text.split(None, _HEADING_WORDS)) <= _HEADING_WORDS)


def is_list_item(text: str, element: str | None = None) -> bool:
    """True for an entry of a list: an ``li`` element, or a paragraph opened by a bullet."""
    return element in _LIST_ELEMENTS or _BULLET.match(text) is not None


# Words that end with a full stop without ending a sentence ("Dr. Smith", "Feb. 28", "No. 1").
ABBREVIATIONS_WITH_POINT = frozenset("""
    mr mrs ms dr prof rev st gen lt col sgt capt maj cmdr adm gov sen rep pres jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc ltd co corp bros
    mt ft ave approx dept est fig vol
""".split())
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS_WITH_POINT))
# Read from the first stop of a run only, and never given back (the classes do not overlap,
# so nothing is lost): tried from every stop of "......" it would be quadratic.
_SENTENCE_END = re.compile(
    r"[.?!…](?<![.?!…]{2})[.?!…]*+[\"'”’)\]]*+\s++(?=[\"'“‘(\[]*+[A-Z0-9])")


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` starts (its first character, opening marks included).

    What a sentence start is, for every rule: see ``sentence_start``.
    """
    starts = [len(text) - len(text.lstrip())]
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == "." and _abbreviation_before(text, match.start()):
            continue
        if _ellipsis_in_a_title(text, match.start(), match.end()):
            continue
        starts.append(match.end())
    return starts


_TWO_CAPITALISED_WORDS = re.compile(r"[A-Z][\w'’-]* [A-Z]")
_LONGEST_TITLE_WORD = 40


def _ellipsis_in_a_title(text: str, stops: int, start: int) -> bool:
    """True if the ellipsis at ``stops``, before the capital at ``start``, joins the parts of
    a title in title case ("I'm A Celebrity... Get Me Out Of Here"): a capitalised word
    right before it, two after it, and no closing mark between. Such an ellipsis ends no
    sentence."""
    if text[stops] != "…" and text[stops + 1:stops + 2] not in (".", "…"):
        return False  # not an ellipsis: most sentence ends are told apart here
    end = stops
    while end < start and text[end] in _ENDS:
        end += 1
    if end < start and not text[end].isspace():
        return False  # a closing mark: "…" ended a quotation
    before = stops
    while before > 0 and text[before - 1] == " ":
        before -= 1
    first = before
    limit = max(0, before - _LONGEST_TITLE_WORD)  # a longer word is no title's: stay linear
    while first > limit and is_word_char(text[first - 1]):
        first -= 1
    return (first < before and text[first].isupper()
            and _TWO_CAPITALISED_WORDS.match(text, start) is not None)


# The characters of _SENTENCE_END, for reading it backwards from where a sentence starts.
_SENTENCE_OPENER = frozenset("\"'“‘([")
_CLOSERS = frozenset("\"'”’)]")
_ENDS = frozenset(".?!…")
_CAPITAL_OR_DIGIT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def sentence_start(text: str, index: int) -> bool:
    """True if a sentence starts at ``index``: at its first character, or at the first letter
    or figure after its opening quotation marks and brackets ("“Defence …" at the “ or the D).

    The one definition of a sentence start, which every rule uses. A sentence starts at the
    text's first character (after any white space), and at a capital letter or a figure
    (after any opening marks) that white space parts from a sentence end: ". ! ? …" and any
    closing quotation marks or brackets after them. Nothing else ends a sentence: not a colon,
    a semicolon or a dash, nor a full stop after an initial or a known abbreviation ("U.S.",
    "J.", "Dr.", "Feb.", "Inc.", ``ABBREVIATIONS_WITH_POINT``), nor an ellipsis between the
    capitalised words of a title ("I'm A Celebrity... Get Me Out Of Here"). So "Dr. Center"
    and "in the U.S. Results follow" read as one sentence each: after an abbreviation a capital more
    often begins a name than a sentence, and a rule that takes a name for the first word of
    a sentence would respell it. The cost is the rare sentence that does follow an
    abbreviation, whose first word is then read as a name, and left alone.
    """
    opening = index
    while opening > 0 and text[opening - 1] in _SENTENCE_OPENER:
        opening -= 1
    return is_sentence_start(text, opening)


def is_sentence_start(text: str, index: int) -> bool:
    """``index in sentence_starts(text)``, read from ``index`` alone.

    A rule that asks about a few words of a paragraph need not find every sentence of it:
    this reads back over the white space, closing marks and stops just before ``index``.
    Rules ask ``sentence_start``, which also answers for the letter after an opening mark.
    """
    if index < len(text) and text[index].isspace():
        return False  # and no need to read back over a run of white space
    space = index
    while space > 0 and text[space - 1].isspace():
        space -= 1
    if space == 0:  # the text's first character after any leading white space
        return index == len(text) or not text[index].isspace()
    if space == index or index >= len(text):
        return False
    first = index
    while first < len(text) and text[first] in _SENTENCE_OPENER:
        first += 1
    if first == len(text) or text[first] not in _CAPITAL_OR_DIGIT:
        return False
    closers = space
    while closers > 0 and text[closers - 1] in _CLOSERS:
        closers -= 1
    stops = closers
    while stops > 0 and text[stops - 1] in _ENDS:
        stops -= 1
    if stops == closers:
        return False
    if text[stops] == "." and _abbreviation_before(text, stops):
        return False
    return not _ellipsis_in_a_title(text, stops, index)


def _abbreviation_before(text: str, index: int) -> bool:
    """True if the word ending at ``index`` is an initial or a known abbreviation.

    Looks back no further than the longest abbreviation: a longer word is neither, and a
    search for the last word of ``text[:index]`` costs the whole text at every full stop.
    """
    end = index - 1 if index and text[index - 1] == "\n" else index  # as re's "$" reads it
    start = end
    limit = max(0, end - _LONGEST_ABBREVIATION - 1)
    while start > limit and is_word_char(text[start - 1]):
        start -= 1
    word = text[start:end]
    if not word or len(word) > _LONGEST_ABBREVIATION:
        return False
    return len(word) == 1 and word.isupper() or word.lower() in ABBREVIATIONS_WITH_POINT
