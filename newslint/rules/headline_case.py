"""Headline case: a headline written in Title Case instead of sentence case.

What it checks: headlines (and anything else it reads) in which words other than the first are
capitalised as in a title. Proper nouns are capitalised in sentence case too, so the rule does
not judge a word by its capital alone. It flags a headline in which no word after the first is
a lower-case content word (lower-case function words such as "of" and "at" do not count, as
title case also writes them small) and either

- a function word ("of", "at", "in", "and", "for", …) is capitalised, or
- at least ``min_words`` words after the first are capitalised.

Any verb or common noun in lower case ("Carry On star Patsy Rowlands dies") shows sentence case.

A word after a colon, a dash or an opening quotation mark starts a new phrase and may be
capitalised; so may "The" in a name ("The Hague"), and words set in capitals ("NATO", "US").
There is no fix: only the writer knows which words are names.

Why: sentence case reads faster and keeps the capitals for names, which then stand out.

Fix safety: no fix. Lower-casing the words that are not names needs to know which are names
("Talks In The Hague", "Carry On star"): a wrong guess changes a name.

Bad (headline): Zelenskyy Seeks Support, Arms At Albania Summit Of Balkan Nations
Good (headline): Zelenskyy seeks support, arms at Albania summit of Balkan nations

Options: ``function_words`` (words that are lower case in sentence case), ``min_words``.
"""

from __future__ import annotations

import re

from newslint.rules import Option, Rule

_WORD = re.compile(r"[^\W\d_][\w’'.&-]*")
_PHRASE_START = re.compile(r"[:—–?!]\s*[\"“‘']?$|[\"“‘']$|\s-\s*$")
_QUOTES = "\"“‘'"
FUNCTION_WORDS = ["of", "at", "in", "and", "the", "to", "for", "on", "with", "by", "from", "as",
                  "or", "but", "into", "amid", "over", "after", "is", "are", "its", "than"]


class HeadlineCase(Rule):
    __doc__ = __doc__
    kind = "headline_case"
    default_segments = ("headline",)
    options = {
        "function_words": Option("list", FUNCTION_WORDS,
                                 "words written in lower case in sentence case"),
        "min_words": Option("int", 4, "capitalised words after the first that make a title, "
                                      "when no content word is in lower case", minimum=1),
    }

    def prepare(self) -> None:
        self._function_words = frozenset(w.lower() for w in self.config["function_words"])

    def check_segment(self, segment, document):
        text = segment.text
        capital_function_words, capitals = [], []
        words = list(_WORD.finditer(text))
        for number, match in enumerate(words):
            if number == 0:
                continue
            word = match.group()
            if word[0].islower():
                if word.lower() in self._function_words:
                    continue  # "at" and "of" are lower case in title case too (AP, Chicago)
                if not _after_phrase_start(text, match.start()):
                    return  # a content word in lower case: the headline is in sentence case
                continue
            if _after_phrase_start(text, match.start()):
                continue
            letters = [c for c in word if c.isalpha()]
            if len(letters) > 1 and all(c.isupper() for c in letters):
                continue  # NATO, US
            if word.lower() in self._function_words:
                following = words[number + 1].group() if number + 1 < len(words) else ""
                if word == "The" and following[:1].isupper():
                    continue  # The Hague
                capital_function_words.append(match)
            else:
                capitals.append(match)
        if capital_function_words:
            first = capital_function_words[0]
        elif len(capitals) >= self.config["min_words"]:
            first = capitals[0]
        else:
            return
        yield self.violation(segment, first.start(), first.end(),
                             f'Headline in title case ("{first.group()}" is capitalised)')


def _after_phrase_start(text: str, index: int) -> bool:
    """True if a colon, dash, ? or ! (or an opening quotation mark) comes right before ``index``.

    What _PHRASE_START finds at the end of ``text[:index]``: a match is white space and quotes
    after at most two other characters, so the search starts there, not at the text start
    (a headline of a thousand words would cost a million steps).
    """
    start = index
    while start > 0 and (text[start - 1].isspace() or text[start - 1] in _QUOTES):
        start -= 1
    return _PHRASE_START.search(text, max(0, start - 2), index) is not None


RULE = HeadlineCase
