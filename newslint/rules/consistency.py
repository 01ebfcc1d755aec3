"""Consistency: a person or place spelt two ways in one article.

What it checks: every capitalised word of four letters or more in the segments the rule reads
(headline, standfirst, captions and body by default) is reduced to a spelling-insensitive key
that undoes common romanisation differences — y/i/ii/iy/yy, kh/k, ts/tz/cz/c, ph/f, doubled
letters, accents ("Andriy" and "Andrii", "Odessa" and "Odesa" share a key); a given name is
compared only under the same surname ("Kelli White" and "Kelly Holmes" are two people). When
one key is spelt two ways in one article, the spelling to keep is the house spelling (a word
of a ``preferred`` form of the ``dictionary``), or else the first spelling used; every use of
another spelling is flagged, naming the place of the one to keep:
'Spelt "Andrii Yermak" here but "Andriy Yermak" at 5:21, the first spelling'. Neither
spelling needs to be in the names dictionary. The other place is also in the finding's
related locations (SARIF ``relatedLocations``).

Not compared: spellings that differ only in capitals ("WorldCom", "Worldcom": a brand's
capitals, not a name spelt two ways), and words of four letters that differ only by a doubled
letter ("Scot" and "Scott", "Life" and "Liffe": ordinary words beside names).

Equality of keys, not a similarity threshold: an edit distance of one between names also joins
different people ("Clark" and "Clarke", "Iran" and "Iraq").

Why: a name spelt two ways in one story reads as two people, and searches find only half.

Bad: Andriy Yermak said the talks went well. Andrii Yermak flew home.
Good: Andriy Yermak said the talks went well. Yermak flew home.

Fix safety: no fix is offered: the first spelling is not always the right one, and two
spellings may be two people after all; which is right is for the writer (or ``names.spelling``)
to say.

Options: ``min_length`` (shortest word compared); ``dictionary`` (a names file whose
``preferred`` forms are the house spellings).
"""

from __future__ import annotations

import re
from itertools import compress

from newslint.analysis.names import skeleton, skeletons
from newslint.rules import Option, Rule

_CONTEXT = ("headline", "standfirst", "body", "caption", "quote")
# Doubled letters undone ("Liffe" -> "life"): what alone makes two short words share a key.
_DOUBLED = re.compile(r"(.)\1+")
# Words of this length or shorter that differ only by a doubled letter are not compared.
_SHORT = 4


class Consistency(Rule):
    __doc__ = __doc__
    kind = "consistency"
    default_segments = _CONTEXT
    options = {
        "min_length": Option("int", 4, "shortest capitalised word compared", minimum=1),
        "dictionary": Option("path", None, "names file whose preferred forms are house spellings"),
    }

    def prepare(self) -> None:
        self._house: frozenset[str] = frozenset()
        if self.config["dictionary"] is not None:
            from newslint.config.ruledata import load_dictionary

            self._house = frozenset(
                word for _, entries in load_dictionary(self.config["dictionary"]).values()
                for entry in entries for word in entry.preferred.split())

    def check(self, document):
        min_length = self.config["min_length"]
        read = [(segment, segment.analysis.words) for segment in document.segments
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
                uses.setdefault(key, []).append((spelling, segment, tokens, index, follows))
        for occurrences in uses.values():
            spellings = list(dict.fromkeys(spelling for spelling, *_ in occurrences))
            if len(spellings) < 2:
                continue
            house = [spelling for spelling in spellings if spelling in self._house]
            kept = house[0] if len(house) == 1 else spellings[0]
            why = "the house spelling" if len(house) == 1 else "the first spelling"
            _, first_segment, first_tokens, first_index, first_follows = next(
                o for o in occurrences if o[0] == kept)
            last = first_index + first_follows
            start, end = first_segment.source_span(first_tokens.starts[first_index],
                                                    first_tokens.ends[last])
            line, column = document.lines.position(start)
            end_line, end_column = document.lines.position(end)
            other = _written(first_tokens, first_index, first_follows)
            related = {"related": [{"line": line, "column": column, "end_line": end_line,
                                    "end_column": end_column, "message": f'{why}: "{other}"'}]}
            for spelling, segment, tokens, index, follows in occurrences:
                if spelling == kept or not _compared(spelling, kept):
                    continue
                violation = self.violation(
                    segment, tokens.starts[index], tokens.ends[index],
                    f'Spelt "{_written(tokens, index, follows)}" here but "{other}" at '
                    f'{line}:{column}, {why}')
                violation.extra = related
                yield violation


def _compared(spelling: str, kept: str) -> bool:
    """False for spellings that differ only in capitals, or short words only by a doubled
    letter: "Worldcom" and "WorldCom", "Scot" and "Scott"."""
    lowered, kept_lowered = spelling.lower(), kept.lower()
    if lowered == kept_lowered:
        return False
    return not (min(len(spelling), len(kept)) <= _SHORT
                and _DOUBLED.sub(r"\1", lowered) == _DOUBLED.sub(r"\1", kept_lowered))


def _sharing_a_key(read, min_length: int) -> set[str]:
    """The name spellings whose spelling-insensitive key another spelling shares.

    Keys are made once per distinct spelling, not per use; in most articles every spelling
    has a key of its own and the rule has nothing more to do.
    """
    spellings: set[str] = set()
    for _, tokens in read:
        spellings.update(map(tokens.texts.__getitem__, tokens.names))
    # If no two spellings share a key, no two long enough to compare do: most articles stop
    # here, with no Python step per spelling.
    if len(set(skeletons(spellings))) == len(spellings):
        return set()
    long_enough = [spelling for spelling in spellings if len(spelling) >= min_length]
    keys = skeletons(long_enough)
    spellings_per_key: dict[str, int] = {}
    for key in keys:
        spellings_per_key[key] = spellings_per_key.get(key, 0) + 1
    return {spelling for spelling, key in zip(long_enough, keys, strict=True)
            if spellings_per_key[key] > 1}


def _written(tokens, index: int, with_next: bool) -> str:
    """The word, with the surname after it when the two are compared together."""
    if with_next:
        return f"{tokens.texts[index]} {tokens.texts[index + 1]}"
    return tokens.texts[index]


RULE = Consistency
