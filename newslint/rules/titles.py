"""Titles: courtesy titles before names, and the case of formal titles.

What it checks. With ``check: courtesy``: a courtesy title ("Mr", "Mrs", "Ms", "Miss", "Mr.")
before a name. The fix drops the title ("Mr Blair" -> "Blair"): safe for Mr, Mrs and Ms, which
are never anything but titles; unsafe for "Miss", which is also a verb and the first word of
pageant names. Forms of address and names that contain a title ("Mr Speaker", "Mr Bean",
"Miss World") are left alone (``exceptions``), and so is "Mr and Mrs Smith", which no mechanical
edit can shorten. Quoted speech keeps its words (the rulesets set ``in_quotes: false``).

With ``check: case``: a formal title from the ``titles`` list is capitalised directly before a
name ("Prime Minister Edi Rama") and lower case otherwise ("the prime minister said"). Flagged:
a lower-case title before a full name — two capitalised words, neither a weekday, month or
function word, the first not the start of a place name ("North Macedonia") — after nothing
that may belong to the title (a title of one word only after a sentence start, "the", "former"
or a nationality; one of several words also after any lower-case word but "shadow" or "deputy":
"Fifa president", "shadow chancellor" and "industry minister" are left alone), fixed
by capitalising (unsafe: the name test is a guess); and a capitalised title after "the" that
no capitalised word follows, fixed by lower-casing (safe) — except at a sentence start, in
institutions named after a title ("Prime Minister's Office", "Office of the President"),
before "of" ("the President of Ukraine" may be a formal style) and "the King", "the Pope",
which are not in the list.

Why: house style, like AP's, writes a person's name plainly; a capital marks a title used as
part of a name, and only then.

Bad: Talks ended, and Mr Yermak flew home with the Prime Minister.
Good: Talks ended, and Yermak flew home with the prime minister.

Options: ``check`` (courtesy | case); ``titles`` (a file with ``titles`` and ``institutions``
lists, relative to the ruleset); ``courtesy_titles``; ``exceptions``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

from newslint.errors import ConfigError
from newslint.findings import Edit
from newslint.matcher import TermMatcher
from newslint.prefilter import Prefiltered
from newslint.names import NATIONALITY, PLACE_QUALIFIERS, Words, is_name, side_by_side, words
from newslint.rules import Option, Rule
from newslint.text import sentence_start

_SMALL = {"of", "the", "and", "for"}


@lru_cache(maxsize=8)
def load_titles(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from newslint.yamlpos import load_yaml_file  # here: a cached ruleset runs without PyYAML

    data = load_yaml_file(path)
    titles = data.get("titles") if isinstance(data, dict) else None
    institutions = data.get("institutions", []) if isinstance(data, dict) else None
    for key, value in (("titles", titles), ("institutions", institutions)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"'{key}' must be a list of strings", str(path),
                              getattr(data, "line", None))
    return tuple(titles), tuple(institutions)


def title_case(title: str) -> str:
    parts = re.split(r"([ -])", title)
    return "".join(p if p in _SMALL or p in " -" else p[:1].upper() + p[1:] for p in parts)


class Titles(Rule):
    __doc__ = __doc__
    kind = "titles"
    fixable = True
    applies_in_quotes = False
    options = {
        "check": Option("choice", "courtesy", "which aspect to check", ("courtesy", "case")),
        "titles": Option("path", None, "file with the formal 'titles' and 'institutions' lists"),
        "courtesy_titles": Option("list", ["Mr", "Mrs", "Ms", "Miss", "Mr.", "Mrs.", "Ms."],
                                  "courtesy titles to flag"),
        "exceptions": Option("list", ["Mr Speaker", "Madam Speaker", "Mr President", "Madam President",
                                      "Mr Bean", "Mr Big", "Mr T", "Mr Men", "Little Miss",
                                      "Mr Justice", "Mrs Justice", "Miss World", "Miss Universe",
                                      "Miss America", "Mr Universe", "Mr Olympia", "Miss Saigon",
                                      "Miss Marple", "Mrs Brown's Boys", "Mrs Doubtfire"],
                             "phrases in which a title is part of a name or a form of address"),
    }

    def prepare(self) -> None:
        if self.config["check"] == "case":
            if self.config["titles"] is None:
                raise ConfigError(f"rule {self.id!r}: check 'case' needs the 'titles' option")
            titles, institutions = load_titles(self.config["titles"])
            self._titles = TermMatcher({t: t for t in titles})
            self._institutions = TermMatcher({i: i for i in institutions})
        titles = sorted(self.config["courtesy_titles"], key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in titles)
        # "Mr and Mrs Smith" is one match, so that it is never cut to "Mr and Smith". The word
        # boundary before it is tested by _courtesy_matches: a pattern that opens with a
        # literal ("M") is searched for it in C, one that opens with \b tried at every character.
        self._courtesy = Prefiltered(
            rf"(?:{alternatives})(?!\w)(?:\s+(?:and|&)\s+(?:{alternatives})(?!\w))?\s+(?=[^\W\d_])")
        self._exceptions = TermMatcher({e: e for e in self.config["exceptions"]})

    def check_segment(self, segment, document):
        if self.config["check"] == "courtesy":
            yield from self._check_courtesy(segment)
        else:
            yield from self._check_case(segment)

    def _courtesy_matches(self, text: str):
        """What finditer would give for the pattern after ``\b``, non-overlapping."""
        if not self._courtesy.may_match(text):
            return
        pattern, position = self._courtesy.pattern, 0
        while (match := pattern.search(text, position)) is not None:
            if _BOUNDARY.match(text, match.start()):
                yield match
                position = match.end()  # never empty: a title and a space at least
            else:
                position = match.start() + 1

    def _check_courtesy(self, segment):
        text = segment.text
        excepted = None  # most paragraphs have no courtesy title to excuse
        for match in self._courtesy_matches(text):
            # A letter follows the match, and begins the next word: is it a capital?
            if not text[match.end()].isupper():
                continue
            if excepted is None:
                excepted = _Spans(self._exceptions.find(text))
            if excepted.holds(match.start()):
                continue
            title = match.group().rstrip()
            start, end = match.start(), match.start() + len(title)
            if sentence_start(text, start) and title == "Miss":
                continue  # "Miss Kelly" or "Miss the deadline": the verb is as likely
            message = f'Courtesy title "{title}" before a name'
            if " and " in title or " & " in title:
                yield self.violation(segment, start, end, message)
                continue
            yield self.violation(segment, start, end, message,
                                 applicability="unsafe" if title == "Miss" else "safe",
                                 title=f'Drop "{title}"', edits=[Edit(match.start(), match.end(), "")])

    def _check_case(self, segment):
        text = segment.text
        found_titles = list(self._titles.find(text))
        if not found_titles:
            return
        institutions = _Spans(self._institutions.find(text))
        tokens = words(text)
        by_start = set(tokens.starts)
        for start, end, title in found_titles:
            if institutions.holds(start) or _OFFICE_OF.search(text, max(0, start - 80), start):
                continue
            found = text[start:end]
            if start not in by_start:  # inside a word
                continue
            after = _next_word(text, tokens, end)
            if found.islower():
                if (after is not None and _starts_full_name(text, tokens, after)
                        and _plain_before(text, start, " " in found)):
                    fixed = title_case(found)
                    yield self.violation(segment, start, end,
                                         f'Title "{found}" before a name is capitalised',
                                         fixed, applicability="unsafe", title=f'Write "{fixed}"')
                continue
            if found != title_case(found) or sentence_start(text, start):
                continue
            before = text[max(0, start - 4):start]
            if before.lower() != "the ":
                continue
            if after is not None or text.startswith(" of ", end):
                continue
            if text.startswith(("’s ", "'s "), end):
                following = words(text[end + 3:end + 40])
                if following and following[0].capitalised:
                    continue  # "the Prime Minister's Office"
            lowered = found.lower()
            yield self.violation(segment, start, end,
                                 f'Title "{found}" without a name is lower case',
                                 lowered, title=f'Write "{lowered}"')


# Words before a title that leave it the whole title ("the former prime minister Ehud Barak").
_PLAIN_BEFORE = frozenset("the former late then outgoing incoming acting interim new".split())
# After these a title is a modifier's or a common noun ("shadow chancellor", "a prime minister").
_MODIFIERS = frozenset("shadow deputy junior senior executive assistant vice associate a an any every no another".split())


# Matched at a position, \b sees the character before it, as in a search from the text start.
_BOUNDARY = re.compile(r"\b")

# "the Office of the Deputy Prime Minister", "the Department for the ...": an institution.
_OFFICE_OF = re.compile(r"[A-Z]\w+ (?:of|for) the $")


class _Spans:
    """Matcher hits (sorted, apart) asked "does one hold this offset?" by bisection."""

    def __init__(self, hits):
        spans = [(start, end) for start, end, _ in hits]
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def holds(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


def _plain_before(text: str, start: int, whole: bool) -> bool:
    """True unless another word may belong to the title ("industry minister", "Fifa president").

    A title of several words ("foreign minister") is whole after any lower-case word but a
    modifier ("shadow"); a one-word title only after "the", "former", a nationality or nothing.
    """
    if sentence_start(text, start):
        return True
    # The word before, read from a window: slicing all the text before each title made a long
    # paragraph of titles quadratic.
    before = text[max(0, start - 200):start].rstrip()
    word = before[before.rfind(" ") + 1:] if " " in before else before
    if whole and word.islower() and word.isalpha():
        return word not in _MODIFIERS
    return word.lower() in _PLAIN_BEFORE or bool(NATIONALITY.fullmatch(word))


def _next_word(text: str, tokens: Words, end: int) -> int | None:
    """Index of the capitalised word directly after ``end`` (one space, or an editor's bracket)."""
    index = bisect_left(tokens.starts, end)
    if index == len(tokens):
        return None
    word = tokens[index]
    between = text[end:word.start]
    if between.strip("[ ") == "" and " " in between and word.capitalised:
        return index
    return None


def _starts_full_name(text: str, tokens: Words, index: int) -> bool:
    if index + 1 >= len(tokens):
        return False
    first, last = tokens[index], tokens[index + 1]
    return (is_name(first) and is_name(last) and side_by_side(text, first.end, last.start)
            and first.text.lower() not in PLACE_QUALIFIERS)


RULE = Titles
