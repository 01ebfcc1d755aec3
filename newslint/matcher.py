"""One pass over a text for any number of literal terms (Aho-Corasick, via pyahocorasick).

Names dictionaries hold thousands of variants; one regex per term, or one alternation of all of
them, costs time in proportion to the dictionary. An Aho-Corasick automaton costs time in
proportion to the text. Matching is on a lower-cased copy of the text of the same length;
whole-word and case checks then run on the few hits only.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from newslint.text import is_whole_word

# Same-length normalisations applied to terms and text alike, so "Kyiv’s" and "Kyiv's" match.
# Applied with str.replace, not str.translate: translate looks every character of a non-ASCII
# text up in the table (a third of the cost of the matching pass), and most paragraphs hold
# none of these characters, which "in" tells at C speed.
_FOLD = (("’", "'"), ("‘", "'"), ("‐", "-"), ("‑", "-"))


@lru_cache(maxsize=256)  # each paragraph meets several matchers (names, spelling, titles, ...)
def fold(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ".lower() is two code points; keep offsets aligned
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not lowered.isascii():
        for character, replacement in _FOLD:
            if character in lowered:
                lowered = lowered.replace(character, replacement)
    return lowered


class TermMatcher:
    """Finds whole-word occurrences of many literal terms, leftmost-longest, non-overlapping.

    On its own a matcher runs its own automaton; in a compiled ruleset every matcher reads its
    hits from the ruleset's ``TermIndex``, which scans each text once for all of them.
    """

    def __init__(self, terms: dict[str, object]):
        self._payloads: dict[str, object] = {fold(term): payload for term, payload in terms.items()}
        self._empty = not self._payloads
        self._automaton = None  # built on first use, and only if no index serves this matcher
        self._index: tuple[TermIndex, int] | None = None

    def __len__(self) -> int:
        return len(self._payloads)

    def _own_hits(self, text: str):
        if self._automaton is None:
            self._automaton = _automaton((key, key) for key in self._payloads)
        return self._automaton.iter(fold(text))

    def find(self, text: str):
        """Yield ``(start, end, payload)`` for whole-word matches in ``text``."""
        if self._empty:
            return
        if self._index is not None:
            index, number = self._index
            raw = index.hits(text)[number]
        else:
            raw = self._own_hits(text)
        hits = []
        for end_index, key in raw:
            end = end_index + 1
            start = end - len(key)
            if is_whole_word(text, start, end):
                hits.append((start, end, key))
        if not hits:
            return
        hits.sort(key=lambda hit: (hit[0], -hit[1]))
        last_end = -1
        for start, end, key in hits:
            if start >= last_end:
                last_end = end
                yield start, end, self._payloads[key]


def _automaton(items):
    import ahocorasick  # imported here: a check that needs no dictionary does not pay for it

    automaton = ahocorasick.Automaton()
    for key, value in items:
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


class TermIndex:
    """One Aho-Corasick pass over a text for the terms of every matcher of a ruleset.

    A pass costs time in proportion to the text, whatever the number of terms, so eight
    matchers (names, spelling, titles, placeholders, ...) in one automaton cost one pass, not
    eight. The hits of the texts of the current document are kept, since each rule reads every
    segment in turn.
    """

    _KEEP = 512  # texts whose hits are kept: more than the paragraphs of any one article

    def __init__(self, matchers: list[TermMatcher]):
        owners: dict[str, list[int]] = {}
        for number, matcher in enumerate(matchers):
            for key in matcher._payloads:
                owners.setdefault(key, []).append(number)
        self._count = len(matchers)
        self._automaton = _automaton((key, (key, tuple(numbers))) for key, numbers in owners.items())
        self._hits: dict[str, list[list]] = {}
        self._no_hits = ((),) * self._count
        for number, matcher in enumerate(matchers):
            matcher._index = (self, number)

    def __getstate__(self):
        return self._count, self._automaton

    def __setstate__(self, state):
        self._count, self._automaton = state
        self._hits = {}
        self._no_hits = ((),) * self._count

    def hits(self, text: str) -> Sequence[Sequence[tuple[int, str]]]:
        """Per matcher, the raw ``(end_index, key)`` hits in ``text``."""
        found = self._hits.get(text)
        if found is None:
            raw = list(self._automaton.iter(fold(text)))
            if not raw:  # most paragraphs: no lists to build, one shared answer
                found = self._no_hits
            else:
                found = [[] for _ in range(self._count)]
                for end_index, (key, numbers) in raw:
                    for number in numbers:
                        found[number].append((end_index, key))
            if len(self._hits) >= self._KEEP:
                self._hits.clear()
            self._hits[text] = found
        return found


def index_matchers(rules) -> None:
    """Serve every non-empty matcher of ``rules`` from one shared ``TermIndex``."""
    matchers = list({id(value): value for rule in rules for value in vars(rule).values()
                     if isinstance(value, TermMatcher) and not value._empty}.values())
    if len(matchers) > 1:
        TermIndex(matchers)
