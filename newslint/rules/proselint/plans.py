"""proselint's check types, run from plain data the way proselint runs them.

proselint 0.16 describes most checks as a check type (Existence, PreferredFormsSimple, ...)
holding word lists or patterns, run by an engine: "fast" (RE2 with proselint's options) or
"fancy" (``re``). A plan holds the same data as plain strings, tuples and dicts and runs it as
proselint's type does — the same patterns, options, order and messages — so that a compiled
ruleset pickles, and lints from the per-user cache, without importing proselint's hundred check
modules. ``checks.plan_for`` makes the plans; nothing here imports proselint, except
``FunctionCheck``, which runs a check written as code through proselint itself.

What newslint adds to proselint's matching: ``Gate`` (one RE2 pass says which checks can find
anything in a text), a fancy ``Existence`` that runs only the items whose literals the text
holds, whole-word matches that stop at letters of any script, and ``RepeatedPhrases`` in place
of proselint's lexical illusion pattern (``search.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from newslint.rules.proselint.search import (
    inside_a_word,
    led_by_first_characters,
    repeated_phrases,
    written_on_purpose,
)

RAW, SAFE_JOIN = "{}", "(?:{})"
# proselint's paddings for whole words: "\b" (ASCII only in RE2, which runs its fast checks)
# and ASCII letters around (its strict padding).
WORD_PADDINGS = (r"\b{}\b", r"(?<![A-Za-z'-]){}(?![A-Za-z'-])")
_UNANCHORED, _ANCHOR_BOTH = 0, 2  # proselint's Anchor values

# A result: (span, message, replacement or None), as proselint's CheckResult has them.
Result = tuple[tuple[int, int], str, "str | None"]

_PATTERNS: dict = {}  # (engine, pattern) -> compiled pattern
_KEEP_PATTERNS = 4096  # several times what a corpus run compiles
_SETS: dict = {}  # (engine, padding, patterns, anchor) -> compiled RE2 set


def safe_join(patterns) -> str:
    """proselint's ``Padding.safe_join``: one alternation of ``patterns``."""
    if not patterns:
        return ""
    return SAFE_JOIN.format("|".join(patterns)) if len(patterns) > 1 else next(iter(patterns))


class Engine(NamedTuple):
    """A proselint engine's kind and options: RE2 ("fast") or ``re`` ("fancy")."""

    fancy: bool
    case_insensitive: bool = True
    multi_line: bool = False

    @property
    def re_flags(self) -> int:
        import re

        return ((re.IGNORECASE if self.case_insensitive else 0)
                | (re.MULTILINE if self.multi_line else 0))

    def _re2_options(self):
        import re2

        options = re2.Options()
        options.perl_classes = True
        options.word_boundary = True
        options.never_capture = True
        options.case_sensitive = not self.case_insensitive
        options.one_line = not self.multi_line
        return options

    def compiled(self, pattern: str):
        key = (self, pattern)
        found = _PATTERNS.get(key)
        if found is None:
            if self.fancy:
                import re

                found = re.compile(led_by_first_characters(pattern, self.re_flags),
                                   self.re_flags)
            else:
                import re2

                found = re2.compile(pattern, self._re2_options())
            if len(_PATTERNS) >= _KEEP_PATTERNS:
                # Fancy sets compile one alternation per combination of items a text admits: an
                # archive audit must not collect them without end.
                _PATTERNS.clear()
            _PATTERNS[key] = found
        return found

    def finditer(self, pattern: str, text: str):
        return self.compiled(pattern).finditer(text)

    def exists_in(self, pattern: str, text: str) -> bool:
        return len(pattern) > 0 and self.compiled(pattern).search(text) is not None

    def set_exists_in(self, padding: str, patterns: tuple, anchor: int, text: str) -> bool:
        """Whether any of ``patterns`` matches ``text``, as proselint's match sets decide it."""
        if self.fancy:  # one alternation; proselint's fancy sets ignore the anchor
            return self.exists_in(padding.format(safe_join(patterns)), text)
        return self._set(padding, patterns, anchor).Match(text) is not None

    def set_finditer(self, padding: str, patterns: tuple, text: str):
        """Matches of a match set: RE2 picks the patterns that match somewhere (padded), then
        each picked pattern runs unpadded, as proselint's fast sets do; ``re`` runs one
        padded alternation."""
        if self.fancy:
            return self.finditer(padding.format(safe_join(patterns)), text)
        indices = self._set(padding, patterns, _UNANCHORED).Match(text)
        if indices is None:
            return iter(())
        return (m for index in indices for m in self.finditer(patterns[index], text))

    def set_match(self, patterns: tuple, text: str):
        """The indices of ``patterns`` (as written, unanchored) that match in ``text``."""
        return self._set(RAW, patterns, _UNANCHORED).Match(text)

    def _set(self, padding: str, patterns: tuple, anchor: int):
        key = (self, padding, patterns, anchor)
        found = _SETS.get(key)
        if found is None:
            import re2

            make = (re2.Set.SearchSet, re2.Set.MatchSet, re2.Set.FullMatchSet)[anchor]
            found = make(self._re2_options())
            for pattern in patterns:
                found.Add(padding.format(pattern))
            found.Compile()
            _SETS[key] = found
        return found


@dataclass(kw_only=True, eq=False)
class Plan:
    """One proselint check: its path, message, flags and offset, and how it matches."""

    path: str
    message: str
    engine: Engine | None = None
    allow_quotes: bool = False
    ppm_threshold: int = 0
    offset: tuple[int, int] = (0, 0)

    whole_words = False  # padded to match whole words: see search.inside_a_word

    def matches(self, text: str) -> Iterator[Result]:
        """Each match in ``text``, in proselint's order."""
        raise NotImplementedError

    def results(self, text: str) -> Iterator[Result]:
        """What proselint's ``Check.check_with_flags`` gives for ``text``, less matches inside
        a word of another script."""
        found = self.matches(text)
        if self.whole_words:
            found = (result for result in found if not inside_a_word(text, *result[0]))
        threshold, length = self.ppm_threshold, len(text)
        if 0 in {threshold, length}:
            return found
        from itertools import islice
        from math import ceil

        # proselint's ppm flag: one finding, the one that crosses the threshold
        wanted = max(ceil((threshold / 1e6) * max(length, 1000)), 2)
        return ((span, f"{message} Surpassed {threshold} ppm.", None)
                for span, message, _ in islice(found, wanted - 1, wanted))

    def needs(self) -> tuple[str, ...] | None:
        """RE2 patterns of which one must match somewhere for this check to find anything;
        None: no such short list (the check always runs, as a function check and every check
        of a fancy engine do: RE2 cannot read their patterns)."""
        if self.engine is None or self.engine.fancy:
            return None
        return self._needed()

    def _needed(self) -> tuple[str, ...] | None:
        return None

    def _span(self, match) -> tuple[int, int]:
        return (match.start() + self.offset[0], match.end() + self.offset[1])

    def _existence(self, found, exceptions):
        for m in found:
            m_text = m.group(0).strip()
            if not exceptions(m_text):
                yield self._span(m), self.message.format(m_text), None


@dataclass(kw_only=True, eq=False)
class Padded(Plan):
    """A check of ``items``, each padded by ``padding`` (a format string: proselint's
    ``Padding``)."""

    padding: str = r"\b{}\b"
    # A fancy set is one ``re`` alternation tried at every character; RE2 cannot gate it, but
    # the literals each item needs can: items whose literals a text lacks cannot match there.
    # One Aho-Corasick pass finds which of them a text holds (an ``in`` test per literal
    # would read the text a hundred times).
    item_literals: tuple[tuple[str, ...], ...] | None = field(init=False, default=None)
    literal_finder: object = field(init=False, default=None, repr=False)

    def __post_init__(self):
        if self.engine.fancy and len(self.items) > 1:
            item_literals = tuple(literal_runs(item, self.engine.case_insensitive)
                                  for item in self.items)
            literals = {literal for runs in item_literals for literal in runs}
            if literals:
                from newslint.analysis.matcher import Automaton

                self.item_literals = item_literals
                self.literal_finder = Automaton((literal, literal) for literal in literals)

    @property
    def whole_words(self) -> bool:
        return self.padding in WORD_PADDINGS

    def _needed(self):
        return tuple(map(self.padding.format, self.items))

    def _set_finditer(self, text):
        """The matches of the items as one padded set (``Engine.set_finditer``); of a fancy
        set, from only the items whose literals occur in ``text``: an item that cannot match
        anywhere never wins a place in the alternation, so leaving it out changes no match."""
        items = tuple(self.items)
        if self.item_literals is None:
            return self.engine.set_finditer(self.padding, items, text)
        from newslint.analysis.prefilter import casefold

        folded = casefold(text) if self.engine.case_insensitive else text
        found = {literal for _, literal in self.literal_finder.iter(folded)}
        possible = tuple(item for item, literals in zip(items, self.item_literals, strict=True)
                         if found.issuperset(literals))
        if possible == items:
            return self.engine.set_finditer(self.padding, items, text)
        if not possible:
            return iter(())
        # Always grouped: a lone item left unwrapped would let the padding bind into it
        return self.engine.finditer(self.padding.format(SAFE_JOIN.format("|".join(possible))),
                                    text)


@dataclass(kw_only=True, eq=False)
class Existence(Padded):
    """proselint's ``Existence``: any of ``items``, padded, less the ``exceptions``."""

    items: tuple[str, ...]
    exceptions: tuple[str, ...] = ()

    def matches(self, text):
        engine, padding, exceptions = self.engine, self.padding, self.exceptions
        return self._existence(
            self._set_finditer(text),
            lambda m_text: engine.set_exists_in(padding, exceptions, _ANCHOR_BOTH, m_text))


def literal_runs(pattern: str, fold: bool) -> tuple[str, ...]:
    """The literal runs of ``pattern`` at its top level (in no group, repeat or look-around),
    which every match contains; with ``fold`` (IGNORECASE) its ASCII runs only, case-folded,
    to look for in ``prefilter.casefold`` text. () when none is known.

    ``prefilter.required_literals`` names the one best literal a match needs; an item of a
    fancy set needs each of its runs, and the best one alone is often a common word (the
    "least" of "least final")."""
    import re
    from re import _constants, _parser

    try:
        parsed = _parser.parse(pattern, re.IGNORECASE if fold else 0)
    except re.error:
        return ()
    if bool(parsed.state.flags & re.IGNORECASE) != fold:  # an inline (?i): text is not folded
        return ()
    runs, run = [], []
    for op, argument in [*parsed, (None, None)]:
        if op is _constants.LITERAL and (not fold or argument < 128):
            run.append(chr(argument))
            continue
        if run:
            literal = "".join(run)
            runs.append(literal.casefold() if fold else literal)
        run = []
    return tuple(runs)


@dataclass(kw_only=True, eq=False)
class ExistenceSimple(Plan):
    """proselint's ``ExistenceSimple``: one pattern, less the ``exceptions``."""

    pattern: str
    exceptions: tuple[str, ...] = ()

    def _needed(self):
        return (self.pattern,)

    def matches(self, text):
        engine, exceptions = self.engine, self.exceptions
        return self._existence(
            engine.finditer(self.pattern, text),
            lambda m_text: engine.set_exists_in(RAW, exceptions, _ANCHOR_BOTH, m_text))


@dataclass(kw_only=True, eq=False)
class RepeatedPhrases(Plan):
    """proselint's lexical illusions ("the the"), with its exceptions and engine options,
    matched by ``search.REPEATED_PHRASE`` (whole words in any script) in place of its pattern,
    less the repeats written on purpose."""

    exceptions: tuple[str, ...] = ()

    def matches(self, text):
        engine, exceptions = self.engine, self.exceptions
        return self._existence(
            (m for m in repeated_phrases(text, engine.re_flags) if not written_on_purpose(m)),
            lambda m_text: engine.set_exists_in(RAW, exceptions, _ANCHOR_BOTH, m_text))


@dataclass(kw_only=True, eq=False)
class PreferredForms(Padded):
    """proselint's ``PreferredForms``: each original, padded, with its replacement."""

    items: dict[str, str]

    def matches(self, text):
        for original, replacement in self.items.items():
            for m in self.engine.finditer(self.padding.format(original), text):
                yield (self._span(m), self.message.format(replacement, m.group(0).strip()),
                       replacement)


@dataclass(kw_only=True, eq=False)
class PreferredFormsSimple(PreferredForms):
    """proselint's ``PreferredFormsSimple``: the originals as one set, the replacement looked
    up by the matched text."""

    def matches(self, text):
        fold = self.engine.case_insensitive
        for m in self._set_finditer(text):
            original = m.group(0).strip()
            replacement = self.items.get(original.lower() if fold else original)
            yield self._span(m), self.message.format(replacement, original), replacement


@dataclass(kw_only=True, eq=False)
class Consistency(Plan):
    """proselint's ``Consistency``: of each pair of terms, the one used less often."""

    term_pairs: tuple[tuple[str, str], ...]

    def _needed(self):
        return tuple(t for pair in self.term_pairs for t in pair)

    def matches(self, text):
        from itertools import zip_longest

        for pair in self._pairs_in(text):
            # The terms' matches side by side, read up to the second row running that lacks
            # one (where proselint stops reading)
            rows, previous = [], True
            for row in zip_longest(*(self.engine.finditer(term, text) for term in pair)):
                current = all(row)
                if not previous and not current:
                    break
                rows.append(row)
                previous = current
            if not rows:
                continue
            columns = tuple(zip(*rows, strict=True))
            minority = columns[1][-1] is None
            majority = pair[not minority]
            for m in filter(None, columns[minority]):
                yield self._span(m), self.message.format(majority, m.group(0)), majority

    def _pairs_in(self, text):
        """The pairs whose terms both occur in ``text``: a pair with a term missing finds
        nothing (its one row lacks the other), and each term's search reads the whole text
        when it finds nothing. One RE2 pass over every term says which occur; it leads with an
        empty pattern, which matches every text: an answer without it is RE2 giving up, and
        then every pair is read."""
        if self.engine.fancy:
            return self.term_pairs
        import re2

        try:
            found = self.engine.set_match(("", *self._needed()), text)
        except re2.error:  # a term RE2 will not put in a set
            return self.term_pairs
        if not found or 0 not in found:
            return self.term_pairs
        return [pair for number, pair in enumerate(self.term_pairs)
                if 2 * number + 1 in found and 2 * number + 2 in found]


@dataclass(kw_only=True, eq=False)
class ReverseExistence(Plan):
    """proselint's ``ReverseExistence``: each word its tokenizer finds that is not allowed."""

    allowed: frozenset[str]
    tokenizer: str

    def matches(self, text):
        fold = self.engine.case_insensitive
        for m in self.engine.finditer(self.tokenizer, text):
            word = m.group(0)
            if (word.lower() if fold else word) not in self.allowed:
                yield ((m.start() + self.offset[0] + 1, m.end() + self.offset[1]),
                       self.message.format(word), None)


@dataclass(kw_only=True, eq=False)
class FunctionCheck(Plan):
    """A check written as code: run by proselint itself, imported when first needed."""

    index: int  # in proselint's register: two checks may share a path

    def matches(self, text):
        from newslint.rules.proselint.checks import all_checks

        check = all_checks()[self.index]
        return ((r.span, r.message, r.replacements) for r in check.check(text))


class Gate:
    """One RE2 pass over a text for the patterns of several fast checks, telling which of them
    can find anything there; the others are not run (most checks find nothing in most texts).

    A check runs when one of its patterns matches, which is when its own RE2 set would let
    it look further, so findings are the same. The set leads with an empty pattern, which
    matches every text: an answer without it is RE2 giving up (out of memory), and then every
    check runs. One gate holds every fast check of the same engine options, not batches of
    proselint's size: a pass costs the reading of the text, about the same for a few patterns
    as for a thousand."""

    _broken = False

    def __init__(self, engine: Engine, members: list[tuple[int, tuple[str, ...]]]):
        self.engine = engine
        self.patterns = ("", *(p for _, needed in members for p in needed))
        self.owners = (-1, *(index for index, needed in members for _ in needed))
        self.members = frozenset(index for index, _ in members)

    def excluded(self, text: str) -> frozenset[int]:
        """The member checks (indices in the plans) that cannot find anything in ``text``."""
        if self._broken:
            return frozenset()
        import re2

        try:
            found = self.engine.set_match(self.patterns, text)
        except re2.error:  # a pattern RE2 will not put in a set: no gate, every check runs
            self._broken = True
            return frozenset()
        if not found or 0 not in found:
            return frozenset()
        return self.members.difference(self.owners[i] for i in found)

    @staticmethod
    def for_plans(plans) -> tuple[Gate, ...]:
        """A gate for the fast checks among ``plans`` of each engine."""
        groups: dict[Engine, list] = {}
        for index, plan in enumerate(plans):
            needed = plan.needs()
            if needed:
                groups.setdefault(plan.engine, []).append((index, needed))
        return tuple(Gate(engine, members) for engine, members in groups.items())
