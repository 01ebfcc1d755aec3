"""Small text facts every rule needs: word boundaries, tokens that are not prose, case."""

from __future__ import annotations

import re

_NOT_PROSE_TOKEN = re.compile(
    r"""(?:[a-z][a-z0-9+.-]*://|www\.)   # URLs
      | ^[@#]\w                          # handles and hashtags
      | \w@\w                            # e-mail addresses
      | \w\.(?:com|org|net|gov|edu|io|co|uk|ua|int)\b  # bare domains
    """,
    re.IGNORECASE | re.VERBOSE,
)
_LEADING_PUNCT = "([{\"'“‘«<"


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


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


def in_non_prose_token(text: str, start: int, end: int) -> bool:
    """True if the span lies inside a URL, an e-mail address, a hashtag or an @handle."""
    if any(c.isspace() for c in text[start:end]):  # a phrase is never inside one token
        return False
    left, right = token_bounds(text, start, end)
    token = text[left:right].lstrip(_LEADING_PUNCT)
    return bool(_NOT_PROSE_TOKEN.search(token))


def at_sentence_start(text: str, index: int) -> bool:
    """True if ``index`` starts a sentence: the text start, or after . ! ? (and quotes)."""
    before = text[:index].rstrip(" \t\r\n“‘\"'([")
    return not before or before[-1] in ".!?:;—–"


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``template`` ("KIEV" -> "KYIV")."""
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if template[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def word_count(text: str) -> int:
    return len(text.split())


# Words that end with a full stop without ending a sentence ("Dr. Smith", "Feb. 28", "No. 1").
ABBREVIATIONS_WITH_POINT = frozenset("""
    mr mrs ms dr prof rev st gen lt col sgt capt maj cmdr adm gov sen rep pres jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc ltd co corp bros
    mt ft ave approx dept est fig vol
""".split())
_SENTENCE_END = re.compile(r"[.?!…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` starts (its first character, quotes included).

    Conservative: a full stop after an initial ("U.S.", "J. Smith") or a known abbreviation
    ("Dr.", "Feb.") is not a sentence end, so "in the U.S. Officials said" is one sentence.
    """
    starts = [len(text) - len(text.lstrip())]
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == ".":
            word = re.search(r"(\w+)$", text[:match.start()])
            if word and (len(word.group(1)) == 1 and word.group(1).isupper()
                         or word.group(1).lower() in ABBREVIATIONS_WITH_POINT):
                continue
        starts.append(match.end())
    return starts
