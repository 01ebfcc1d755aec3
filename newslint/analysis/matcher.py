"""One pass over a text for any number of literal terms (Aho-Corasick, via ahocorasick_rs).

Names dictionaries hold thousands of variants; one regex per term, or one alternation of all of
them, costs time in proportion to the dictionary. An Aho-Corasick automaton costs time in
proportion to the text. Matching is on a lower-cased copy of the text of the same length;
whole-word and case checks then run on the few hits only.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newslint.analysis.prefilter import Literals
from newslint.analysis.text import is_whole_word

# Same-length normalisations applied to terms and text alike, so "Kyiv’s" and "Kyiv's" match.
# Applied with str.replace, not str.translate: translate looks every character of a non-ASCII
# text up in the table (a third of the cost of the matching pass), and most paragraphs hold
# none of these characters, which "in" tells at C speed.
_FOLD = (("’", "'"), ("‘", "'"), ("‐", "-"), ("‑", "-"))


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
    hits from the ruleset's ``TermIndex``, which scans each segment once for all of them.
    """

    def __init__(self, terms: dict[str, object]):
        self._payloads: dict[str, object] = {fold(term): payload for term, payload in terms.items()}
        self._empty = not self._payloads
        self._automaton = None  # built on first use, and only if no index serves this matcher
        self._index: tuple[TermIndex, int] | None = None

    def __len__(self) -> int:
        return len(self._payloads)

    def _own_hits(self, folded: str):
        if self._automaton is None:
            self._automaton = Automaton((key, key) for key in self._payloads)
        return self._automaton.iter(folded)

    def find(self, analysis):
        """Yield ``(start, end, payload)`` for whole-word matches in a segment's text, given
        its ``analysis``."""
        if self._empty:
            return
        if self._index is not None:
            index, number = self._index
            raw = analysis.scan(index).hits[number]
        else:
            raw = self._own_hits(analysis.folded)
        text = analysis.text
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


class Automaton:
    """Every occurrence of any of many keys in a text, overlapping ones included, each with its
    key's value: Rust's aho-corasick crate (``ahocorasick_rs``), whose automaton is built as a
    table. (pyahocorasick, before it, looked each character up in a list of a trie node's
    children: slow from the root, where a names dictionary puts most letters.) It does not
    pickle, so a pickled one is built again from its keys (the compiled-rules cache, the
    audit's workers).

    Rust's strings hold no lone surrogate, which a YAML or JSON ``"\\ud800"`` escape can put
    in a text or a key: such a text is searched between its surrogates, and such keys (none in
    any bundled ruleset) are looked for one by one.
    """

    def __init__(self, items):
        import ahocorasick_rs  # imported here: a check that needs no dictionary does not pay for it

        self._items = plain = [(key, value) for key, value in items if key]  # "" matches nothing
        self._with_surrogates = []
        if _SURROGATE.search("".join(key for key, _ in plain)):  # one search for all the keys
            self._with_surrogates = [item for item in plain if _SURROGATE.search(item[0])]
            plain = [item for item in plain if not _SURROGATE.search(item[0])]
        self._values = [value for _, value in plain]
        self._search = ahocorasick_rs.AhoCorasick([key for key, _ in plain]).find_matches_as_indexes

    def iter(self, text: str) -> list[tuple[int, object]]:
        """``(end_index, value)`` of each occurrence, ``end_index`` its last character's."""
        values = self._values
        try:
            found = [(end - 1, values[number])
                     for number, _, end in self._search(text, overlapping=True)]
        except UnicodeEncodeError:  # a lone surrogate
            found = [(run.start() + end - 1, values[number])
                     for run in _WITHOUT_SURROGATES.finditer(text)
                     for number, _, end in self._search(run.group(), overlapping=True)]
        for key, value in self._with_surrogates:
            index = text.find(key)
            while index != -1:
                found.append((index + len(key) - 1, value))
                index = text.find(key, index + 1)
        return found

    def __reduce__(self):
        return Automaton, (self._items,)


_SURROGATE = re.compile("[\ud800-\udfff]")
_WITHOUT_SURROGATES = re.compile("[^\ud800-\udfff]+")


class Scan(NamedTuple):
    """What a ``TermIndex`` found in one segment."""

    hits: tuple  # per matcher, its raw ``(end_index, key)`` hits
    triggered: frozenset  # the gated rules that may report in the segment


class TermIndex:
    """One Aho-Corasick pass over a segment for the terms of every matcher of a ruleset and the
    literals its rules need, which decides which rules run on the segment at all.

    A pass costs time in proportion to the text, whatever the number of terms, so eight
    matchers (names, spelling, titles, placeholders, ...) in one automaton cost one pass, not
    eight. A rule is *gated* when it says what a segment must hold for it to report anything
    (``Rule.triggers``): a term of one of its matchers or one of the literals its patterns
    need (``prefilter.Literals``). The engine runs a gated rule only on the segments where the
    pass met one of them.

    Literals are looked for lower-cased in the lower-cased text, which holds every literal
    the text holds in ASCII text, the most copy, but not always in other text ("ß" folds to
    "ss" for a case-insensitive pattern, "Σ" lowers by its place): there, a rule gated by
    literals always runs, and its patterns' own prefilter decides. A literal of one character
    gates nothing: the pass would meet it all the time, and ``in`` tests for it as fast.
    """

    def __init__(self, rules):
        matchers: dict[int, TermMatcher] = {}
        for rule in rules:
            for matcher in rule.matchers():
                if not matcher._empty:
                    matchers.setdefault(id(matcher), matcher)
        self._matchers = list(matchers.values())
        owners: dict[str, tuple[list[int], list]] = {}
        for number, matcher in enumerate(self._matchers):
            for key in matcher._payloads:
                owners.setdefault(key, ([], []))[0].append(number)
        gated, by_literals = [], []
        for rule in rules:
            triggers = rule.triggers()
            keys = _trigger_keys(triggers)
            if keys is None:
                continue
            gated.append(rule)
            if any(isinstance(alternative, Literals) for alternative in triggers):
                by_literals.append(rule)
            for key in keys:
                owners.setdefault(key, ([], []))[1].append(rule)
        self.gated = frozenset(gated)
        self._by_literals = frozenset(by_literals)
        self._automaton = (
            Automaton((key, (key, tuple(numbers), frozenset(triggered)))
                       for key, (numbers, triggered) in owners.items())
            if owners else None
        )
        self._no_hits = ((),) * len(self._matchers)
        for number, matcher in enumerate(self._matchers):
            matcher._index = (self, number)
        for rule in rules:
            rule.index = self

    def scan(self, analysis) -> Scan:
        raw = self._automaton.iter(analysis.folded) if self._automaton is not None else ()
        triggered = frozenset() if analysis.text.isascii() else self._by_literals
        if not raw:  # most paragraphs: no lists to build, one shared answer
            return Scan(self._no_hits, triggered)
        hits = [[] for _ in self._matchers]
        for end_index, (key, numbers, rules) in raw:
            for number in numbers:
                hits[number].append((end_index, key))
            if rules:
                triggered = triggered | rules
        return Scan(hits, triggered)


def _trigger_keys(triggers) -> set[str] | None:
    """The keys whose hits let a rule with these triggers run, or None: it runs everywhere."""
    if triggers is None:
        return None
    keys = set()
    for alternative in triggers:
        if isinstance(alternative, TermMatcher):
            keys.update(alternative._payloads)
            continue
        for literal, folded in alternative:
            if len(literal) < 2:
                return None
            keys.add(literal if folded else literal.lower())
    return keys


def index_rules(rules) -> None:
    """Serve the matchers of ``rules`` from one shared ``TermIndex`` and gate the rules by it."""
    TermIndex(rules)
