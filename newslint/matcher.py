"""One pass over a text for any number of literal terms (Aho-Corasick, via pyahocorasick).

Names dictionaries hold thousands of variants; one regex per term, or one alternation of all of
them, costs time in proportion to the dictionary. An Aho-Corasick automaton costs time in
proportion to the text. Matching is on a lower-cased copy of the text of the same length;
whole-word and case checks then run on the few hits only.
"""

from __future__ import annotations

from functools import lru_cache

from newslint.text import is_whole_word

# Same-length normalisations applied to terms and text alike, so "Kyiv’s" and "Kyiv's" match.
_FOLD = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})


@lru_cache(maxsize=256)  # each paragraph meets several matchers (names, spelling, titles, ...)
def fold(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ".lower() is two code points; keep offsets aligned
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


class TermMatcher:
    """Finds whole-word occurrences of many literal terms, leftmost-longest, non-overlapping."""

    def __init__(self, terms: dict[str, object]):
        import ahocorasick  # imported here: a check that needs no dictionary does not pay for it

        self._automaton = ahocorasick.Automaton()
        self._payloads: dict[str, object] = {}
        for term, payload in terms.items():
            key = fold(term)
            self._payloads[key] = payload
            self._automaton.add_word(key, key)
        self._empty = not self._payloads
        if not self._empty:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._payloads)

    def find(self, text: str):
        """Yield ``(start, end, payload)`` for whole-word matches in ``text``."""
        if self._empty:
            return
        hits = []
        for end_index, key in self._automaton.iter(fold(text)):
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
