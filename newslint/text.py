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
