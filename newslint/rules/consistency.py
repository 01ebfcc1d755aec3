"""Consistency: a person or place spelt two ways in one article.

What it checks: every capitalised word of four letters or more in the segments the rule reads
(headline, standfirst, captions and body by default) is reduced to a spelling-insensitive key
that undoes common romanisation differences — y/i/ii/iy/yy, kh/k, ts/tz/cz/c, ph/f, doubled
letters, accents ("Andriy" and "Andrii", "Odessa" and "Odesa" share a key); a given name is
compared only under the same surname ("Kelli White" and "Kelly Holmes" are two people). Two
spellings of one key in one article are flagged at every use of the less used one (of the
later one, when they tie), naming the line and column of the first use of the other:
'"Andrii Yermak" is spelt "Andriy Yermak" at 30:21'. Neither
spelling needs to be in the names dictionary.

Equality of keys, not a similarity threshold: an edit distance of one between names also joins
different people ("Clark" and "Clarke", "Iran" and "Iraq").

The other place is given as line:column in the message, computed by the document's line index
from the first use's source offset — the one place a rule reads positions, because the finding
itself can carry only one.

Why: a name spelt two ways in one story reads as two people, and searches find only half.

Bad: Andriy Yermak said the talks went well. Andrii Yermak flew home.
Good: Andriy Yermak said the talks went well. Yermak flew home.

Fix safety: no fix is offered: the more used spelling is not always the right one, and two
spellings may be two people after all; which is right is for the writer (or ``names.spelling``)
to say.

Options: ``min_length`` (shortest word compared).
"""

from __future__ import annotations

from collections import Counter
from itertools import compress

from newslint.names import is_name, skeleton, words
from newslint.rules import Option, Rule

_CONTEXT = ("headline", "standfirst", "body", "caption", "quote")


class Consistency(Rule):
    __doc__ = __doc__
    kind = "consistency"
    default_segments = _CONTEXT
    options = {
        "min_length": Option("int", 4, "shortest capitalised word compared", minimum=1),
    }

    def check(self, document):
        min_length = self.config["min_length"]
        read = [(segment, words(segment.text)) for segment in document.segments
                if segment.kind in self.segments]
        suspects = _sharing_a_key(read, min_length)
        if not suspects:
            return
        uses: dict[tuple, list[tuple]] = {}  # key -> [(spelling, segment, tokens, index)]
        for segment, tokens in read:
            texts, names = tokens.texts, tokens.names
            name_set = set(names)
            # Only a spelling whose key another spelling shares can be inconsistent; the
            # rest are dropped before any per-occurrence work.
            for index in compress(names, map(suspects.__contains__, map(texts.__getitem__, names))):
                spelling = texts[index]
                # A given name is compared only within its surname ("Kelli White" is not
                # "Kelly Holmes"): the key takes the next word if it is a name one space on.
                follows = index + 1 in name_set and tokens.gaps[index + 1] == " "
                key = ((skeleton(spelling), skeleton(texts[index + 1])) if follows
                       else (skeleton(spelling),))
                uses.setdefault(key, []).append((spelling, segment, tokens, index))
        for occurrences in uses.values():
            if len(occurrences) < 2 or all(o[0] == occurrences[0][0] for o in occurrences):
                continue
            counts = Counter(spelling for spelling, *_ in occurrences)
            if len(counts) < 2:
                continue
            # The most used spelling is the article's; a tie goes to the first.
            preferred = max(counts, key=lambda s: (counts[s], -_first(occurrences, s)))
            _, first_segment, first_tokens, first_index = occurrences[_first(occurrences, preferred)]
            line, column = document.lines.position(
                first_segment.source_span(first_tokens[first_index].start,
                                          first_tokens[first_index].end)[0])
            other = _with_neighbour(first_segment.text, first_tokens, first_index)
            for spelling, segment, tokens, index in occurrences:
                if spelling != preferred:
                    word = tokens[index]
                    this = _with_neighbour(segment.text, tokens, index)
                    yield self.violation(segment, word.start, word.end,
                                         f'"{this}" is spelt "{other}" at {line}:{column}')


def _sharing_a_key(read, min_length: int) -> set[str]:
    """The name spellings whose spelling-insensitive key another spelling shares.

    Keys are made once per distinct spelling, not per use; in most articles every spelling
    has a key of its own and the rule has nothing more to do.
    """
    spellings: set[str] = set()
    for _, tokens in read:
        spellings.update(map(tokens.texts.__getitem__, tokens.names))
    long_enough = [spelling for spelling in spellings if len(spelling) >= min_length]
    keys = list(map(skeleton, long_enough))
    if len(set(keys)) == len(keys):
        return set()
    spellings_per_key = Counter(keys)
    return {spelling for spelling, key in zip(long_enough, keys) if spellings_per_key[key] > 1}


def _first(occurrences, spelling: str) -> int:
    return next(i for i, (s, *_) in enumerate(occurrences) if s == spelling)


def _with_neighbour(text: str, tokens, index: int) -> str:
    """The word with the name word beside it ("Andrii" -> "Andrii Yermak"), for the message."""
    word = tokens[index]
    if index + 1 < len(tokens):
        after = tokens[index + 1]
        if is_name(after) and text[word.end:after.start] == " ":
            return f"{word.text} {after.text}"
    if index > 0:
        before = tokens[index - 1]
        if is_name(before) and text[before.end:word.start] == " ":
            return f"{before.text} {word.text}"
    return word.text


RULE = Consistency
