"""Proselint: proselint's usage, redundancy, typography and other checks, through newslint.

What it checks: the prose segments a rule reads, joined into one text with a blank line between
segments (as proselint would read the file), against the proselint 0.16 checks named in
``checks`` — dotted paths as proselint names them ("typography", "typography.symbols",
"misc.phrasal_adjectives.ly"); an empty list means the checks proselint enables by default.
Findings keep proselint's message, name its check path, and offer its replacement as an unsafe
fix when it has exactly one. A check that proselint keeps out of quotations is kept out of
direct quotations as newslint finds them. A check padded to whole words never matches inside
a word of another script, as proselint's ASCII boundaries let it ("cafe" in "cafeína"), and
``lexical_illusions`` ("the the") repeats whole words in any script ("la laïcité" is no "la la", "2004 4" no "4 4"), and leaves alone an idiom
that says a word twice ("to back to back", "more and more", "Measure for Measure"), a word
before the name it starts ("law lord Lord Bingham") and figures among figures ("0845 8 505
505").

newslint calls each check directly rather than ``LintFile.lint()``, which keeps a process-global
registry, stops at ``max_errors`` before sorting, fails on empty text and counts lines its own
way (U+2028 and form feeds break its lines, not ours). Like ``LintFile`` it pads the text with a
newline at each end, because some checks need a character before the first word; spans are
shifted back by one and clipped to the text, so positions are ours to the character.

Why: proselint's hundreds of usage checks come from Garner, the AP and Chicago manuals and
others; a desk turns on the families that suit its copy instead of re-typing them.

Fix safety: always unsafe. proselint's replacements are suggestions written for any prose, not
checked against news copy: "the the" may be a quoted name, a "nonword" a quoted dialect word, a
malapropism a pun; and proselint does not say which of its replacements keep the meaning.
A check with several replacements, or none, offers no fix.

Bad: Paris in the the springtime.
Good: Paris in the springtime.

Options: ``checks`` (dotted check paths to run), ``ignore_checks`` (paths to leave out),
``skip_names`` (leave alone matches made only of capitalised words, which in news copy are
names and titles: "Duran Duran", "Bafana Bafana", "Spend Spend Spend").
Rule ids use hyphens where proselint's paths have underscores (``proselint.dates-times`` runs
``dates_times``); ``--select proselint.typography`` picks a family, the ``checks`` option a check.
"""

from __future__ import annotations

from functools import lru_cache, partial

from newslint.cache import note_dependency
from newslint.errors import ConfigError
from newslint.quotes import in_quotation
from newslint.rules import Option, Rule

_SEPARATOR = "\n\n"


@lru_cache(maxsize=1)
def all_checks() -> tuple:
    """Every check proselint 0.16 registers, read from its modules (no global registry)."""
    import proselint.checks

    return tuple(proselint.checks.__register__)


@lru_cache(maxsize=1)
def default_paths() -> tuple[str, ...]:
    from proselint.config import DEFAULT

    return tuple(path for path, enabled in DEFAULT["checks"].items() if enabled)


@lru_cache(maxsize=1)
def _install_record() -> tuple[str, ...]:
    """The file listing proselint's installed files with their hashes (its RECORD), which
    changes whenever proselint is installed anew."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        files = distribution("proselint").files or ()
    except PackageNotFoundError:  # pragma: no cover - proselint is a dependency
        return ()
    return tuple(str(f.locate()) for f in files
                 if f.name == "RECORD" and f.parent.name.endswith(".dist-info"))


def _matches(check_path: str, prefix: str) -> bool:
    return check_path == prefix or check_path.startswith(prefix + ".")


class Proselint(Rule):
    __doc__ = __doc__
    kind = "proselint"
    languages = ("en",)  # proselint's checks are English, whatever ruleset runs them
    fixable = True
    options = {
        "checks": Option("list", [], "proselint check paths to run; empty: proselint's defaults"),
        "ignore_checks": Option("list", [], "proselint check paths to leave out"),
        "skip_names": Option("bool", False, "leave alone matches of capitalised words only "
                                            '(names and titles: "Duran Duran", "Spend Spend Spend")'),
    }

    def prepare(self) -> None:
        # Compiling imports proselint once; the plans pickle without it, so a ruleset from the
        # per-user cache lints without importing proselint's hundred check modules. They are
        # copies of proselint's data: a new proselint install must compile them again.
        self._plans = tuple(plan_for(check) for check in self._selected())
        self._gates = _Gate.for_plans(self._plans)
        for file in _install_record():
            note_dependency(file)

    def _selected(self) -> tuple:
        checks = all_checks()
        wanted = self.config["checks"] or list(default_paths())
        for prefix in [*wanted, *self.config["ignore_checks"]]:
            if not any(_matches(c.path, prefix) for c in checks):
                path, _, line = self.origin.rpartition(":")
                raise ConfigError(f"rule {self.id!r}: proselint has no check {prefix!r}",
                                  path or None, int(line) if line.isdigit() else None)
        return tuple(
            c for c in checks
            if any(_matches(c.path, p) for p in wanted)
            and not any(_matches(c.path, p) for p in self.config["ignore_checks"])
        )

    def check(self, document):
        segments = [s for s in document.segments if s.kind in self.segments and s.text.strip()]
        if not segments:
            return
        starts, parts, position = [], [], 1  # 1: the padding newline
        for segment in segments:
            starts.append(position)
            parts.append(segment.text)
            position += len(segment.text) + len(_SEPARATOR)
        text = "\n" + _SEPARATOR.join(parts) + "\n"
        excluded = frozenset().union(*(gate.excluded(text) for gate in self._gates))
        for index, plan in enumerate(self._plans):
            if index in excluded:
                continue
            for span, message, replacement in plan.results(text):
                found = self._locate(text, segments, starts, span)
                if found is None:
                    continue
                segment, start, end = found
                if not plan.allow_quotes and in_quotation(segment, start, end):
                    continue
                if self.config["skip_names"] and _all_capitalised(segment.text[start:end]):
                    continue
                message = f"{message} ({plan.path})"
                if replacement and start < end:
                    yield self.violation(segment, start, end, message, replacement,
                                         applicability="unsafe", title=f'Write "{replacement}"')
                else:
                    yield self.violation(segment, start, end, message)

    @staticmethod
    def _locate(joined, segments, starts, span):
        """The segment a joined-text span starts in, and the span in its coordinates.

        None for a span that runs on into the next segment ("shares" at the end of a headline
        and "Shares" at the start of the body are no repeated word).
        """
        from bisect import bisect_right

        index = bisect_right(starts, span[0]) - 1
        if index < 0:  # a match on the leading padding belongs to the first segment's start
            index = 0
        segment, base = segments[index], starts[index]
        text = segment.text
        if joined[base + len(text):span[1]].strip():
            return None
        start = min(max(span[0] - base, 0), len(text))
        end = min(max(span[1] - base, start), len(text))
        # Some patterns take the space around a phrase; the finding (and its fix) is the phrase.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end and start == len(text) and start > 0:  # wholly on a separator
            return None
        return segment, start, end


def _all_capitalised(text: str) -> bool:
    found = text.split()
    return bool(found) and all(w[:1].isupper() for w in found)


# --- proselint's checks as data ---------------------------------------------------------------
#
# proselint 0.16 describes most checks as a check type (Existence, PreferredFormsSimple, ...)
# holding word lists or patterns, run by an engine: "Fast" (RE2 with proselint's options) or
# "Fancy" (``re``). A plan holds the same data as plain strings, tuples and dicts and runs it as
# proselint's type does — the same patterns, options, order and messages — so that a compiled
# ruleset pickles without proselint. Check types newslint does not know (functions) keep their
# path and run through proselint at lint time.

_RAW, _SAFE_JOIN = "{}", "(?:{})"
_UNANCHORED, _ANCHOR_START, _ANCHOR_BOTH = 0, 1, 2
_PATTERNS: dict = {}  # (engine, pattern) -> compiled pattern
_KEEP_PATTERNS = 4096  # several times what a corpus run compiles
_SETS: dict = {}  # (engine, padding, patterns, anchor) -> compiled RE2 set


def _padding(kind) -> str:
    """A check type's padding (a str enum in proselint) as a plain format string."""
    return str(getattr(kind.padding, "value", kind.padding))


def _safe_join(patterns) -> str:
    if not patterns:
        return ""
    return _SAFE_JOIN.format("|".join(patterns)) if len(patterns) > 1 else next(iter(patterns))


class _Engine:
    """A proselint engine's kind and options: RE2 ("fast") or ``re`` ("fancy")."""

    __slots__ = ("fancy", "case_insensitive", "multi_line")

    def __init__(self, fancy: bool, case_insensitive: bool, multi_line: bool):
        self.fancy, self.case_insensitive, self.multi_line = fancy, case_insensitive, multi_line

    def key(self) -> tuple:
        return (self.fancy, self.case_insensitive, self.multi_line)

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
        key = (self.key(), pattern)
        found = _PATTERNS.get(key)
        if found is None:
            if self.fancy:
                import re

                flags = (re.IGNORECASE if self.case_insensitive else 0) | (
                    re.MULTILINE if self.multi_line else 0)
                found = re.compile(pattern, flags)
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
            return self.exists_in(padding.format(_safe_join(patterns)), text)
        return self._set(padding, patterns, anchor).Match(text) is not None

    def set_finditer(self, padding: str, patterns: tuple, text: str):
        """Matches of a match set: RE2 picks the patterns that match somewhere (padded), then
        each picked pattern runs unpadded, as proselint's fast sets do; ``re`` runs one
        padded alternation."""
        if self.fancy:
            return self.finditer(padding.format(_safe_join(patterns)), text)
        indices = self._set(padding, patterns, _UNANCHORED).Match(text)
        if indices is None:
            return iter(())
        return (m for index in indices for m in self.finditer(patterns[index], text))

    def set_match(self, patterns: tuple, text: str):
        """The indices of ``patterns`` (as written, unanchored) that match in ``text``."""
        return self._set(_RAW, patterns, _UNANCHORED).Match(text)

    def _set(self, padding: str, patterns: tuple, anchor: int):
        key = (self.key(), padding, patterns, anchor)
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


class _Plan:
    """One proselint check: its path, message, flags and offset, and how it matches."""

    def __init__(self, check, engine: _Engine):
        self.path = check.path
        self.message = check.message
        self.allow_quotes = bool(check.flags.allow_quotes)
        self.ppm_threshold = check.flags.ppm_threshold
        self.offset = tuple(check.offset)
        self.engine = engine
        self.whole_words = False  # padded to match whole words: see _inside_a_word

    def matches(self, text: str):
        """(span, message, replacement) for each match, in proselint's order."""
        raise NotImplementedError

    def results(self, text: str):
        found = self.matches(text)
        if self.whole_words:
            found = (result for result in found if not _inside_a_word(text, *result[0]))
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


# proselint's paddings for whole words: "\b" (ASCII only in RE2, which runs its fast checks)
# and ASCII letters around (its strict padding).
_WORD_PADDINGS = (r"\b{}\b", r"(?<![A-Za-z'-]){}(?![A-Za-z'-])")


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """True if a match padded to whole words starts or ends between two word characters of
    which one is not ASCII: a boundary only to proselint's ASCII patterns ("la" in "laïcité",
    "ios" in "silențios"). Between ASCII letters proselint's own matching stands."""
    return ((0 < start < len(text) and _joins_non_ascii(text[start - 1], text[start]))
            or (0 < end < len(text) and _joins_non_ascii(text[end - 1], text[end])))


def _joins_non_ascii(left: str, right: str) -> bool:
    return (not (left.isascii() and right.isascii())
            and (left.isalnum() or left == "_") and (right.isalnum() or right == "_"))


class _Existence(_Plan):
    def __init__(self, check, engine, kind):
        super().__init__(check, engine)
        self.items, self.padding = tuple(kind.items), _padding(kind)
        self.whole_words = self.padding in _WORD_PADDINGS
        self.exceptions = tuple(kind.exceptions)
        # A fancy set is one ``re`` alternation tried at every character (uncomparables'
        # lookbehinds cost seconds over the corpus); RE2 cannot gate it, literals can.
        self.item_literals = (tuple(_literal_runs(item, engine) for item in self.items)
                              if engine.fancy and len(self.items) > 1 else None)

    def _needed(self):
        return tuple(map(self.padding.format, self.items))

    def matches(self, text):
        engine = self.engine
        padding, exceptions = self.padding, self.exceptions
        if self.item_literals is None:
            found = engine.set_finditer(padding, self.items, text)
        else:
            found = self._fancy_finditer(text)
        return self._existence(
            found, lambda m_text: engine.set_exists_in(padding, exceptions, _ANCHOR_BOTH, m_text))

    def _fancy_finditer(self, text):
        """The padded alternation's matches, from only the items whose literals all occur in
        ``text``: an item that cannot match anywhere never wins a place in the alternation,
        so leaving it out changes no match."""
        from newslint.prefilter import casefold

        folded = casefold(text) if self.engine.case_insensitive else text
        possible = tuple(item for item, literals in zip(self.items, self.item_literals)
                         if all(literal in folded for literal in literals))
        if possible == self.items:
            return self.engine.set_finditer(self.padding, self.items, text)
        if not possible:
            return iter(())
        # Always grouped: a lone item left unwrapped would let the padding bind into it
        return self.engine.finditer(self.padding.format(_SAFE_JOIN.format("|".join(possible))),
                                    text)


def _literal_runs(pattern: str, engine: _Engine) -> tuple[str, ...]:
    """Literal runs that every match of ``pattern`` contains: those at its top level (inside
    no group, repeat or look-around). Under IGNORECASE only ASCII runs, case-folded, to be
    looked for in ``prefilter.casefold`` text; () when none is known."""
    import re
    from re import _constants, _parser

    fold = engine.case_insensitive
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


class _ExistenceSimple(_Plan):
    def __init__(self, check, engine, kind):
        super().__init__(check, engine)
        self.pattern, self.exceptions = kind.pattern, tuple(kind.exceptions)
        if engine.fancy and self.pattern == _ILLUSION:
            self.pattern = WORD_ILLUSION

    def _needed(self):
        return (self.pattern,)

    def matches(self, text):
        engine = self.engine
        if self.pattern == WORD_ILLUSION:
            found = (m for m in _illusions(engine.compiled(self.pattern), text)
                     if not _written_on_purpose(m))
        else:
            found = engine.finditer(self.pattern, text)
        return self._existence(
            found, lambda m_text: engine.set_exists_in(_RAW, self.exceptions, _ANCHOR_BOTH, m_text))


class _PreferredForms(_Plan):
    def __init__(self, check, engine, kind):
        super().__init__(check, engine)
        self.items, self.padding = dict(kind.items), _padding(kind)
        self.whole_words = self.padding in _WORD_PADDINGS

    def _needed(self):
        return tuple(map(self.padding.format, self.items))

    def matches(self, text):
        for original, replacement in self.items.items():
            for m in self.engine.finditer(self.padding.format(original), text):
                yield (self._span(m), self.message.format(replacement, m.group(0).strip()),
                       replacement)


class _PreferredFormsSimple(_Plan):
    def __init__(self, check, engine, kind):
        super().__init__(check, engine)
        self.items, self.padding = dict(kind.items), _padding(kind)
        self.whole_words = self.padding in _WORD_PADDINGS
        self.keys = tuple(self.items)

    def _needed(self):
        return tuple(map(self.padding.format, self.keys))

    def matches(self, text):
        fold = self.engine.case_insensitive
        for m in self.engine.set_finditer(self.padding, self.keys, text):
            original = m.group(0).strip()
            replacement = self.items.get(original.lower() if fold else original)
            yield self._span(m), self.message.format(replacement, original), replacement


class _Consistency(_Plan):
    def __init__(self, check, engine, kind):
        super().__init__(check, engine)
        self.term_pairs = tuple(tuple(pair) for pair in kind.term_pairs)

    def _needed(self):
        return tuple(t for pair in self.term_pairs for t in pair)

    def matches(self, text):
        from itertools import zip_longest

        for pair in self.term_pairs:
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


class _ReverseExistence(_Plan):
    def __init__(self, check, engine, kind):
        super().__init__(check, engine)
        self.allowed, self.tokenizer = frozenset(kind.allowed), kind.TOKENIZER

    def matches(self, text):
        fold = self.engine.case_insensitive
        for m in self.engine.finditer(self.tokenizer, text):
            word = m.group(0)
            if (word.lower() if fold else word) not in self.allowed:
                yield ((m.start() + self.offset[0] + 1, m.end() + self.offset[1]),
                       self.message.format(word), None)


class _Function(_Plan):
    """A check written as code: run by proselint itself, imported when first needed."""

    def __init__(self, check, index: int):
        super().__init__(check, None)
        self.index = index  # in proselint's register: two checks may share a path

    def matches(self, text):
        check = all_checks()[self.index]
        return ((r.span, r.message, r.replacements) for r in check.check(text))


_PLANS = {"Existence": _Existence, "ExistenceSimple": _ExistenceSimple,
          "PreferredForms": _PreferredForms, "PreferredFormsSimple": _PreferredFormsSimple,
          "Consistency": _Consistency, "ReverseExistence": _ReverseExistence}


def plan_for(check) -> _Plan:
    """The plan of a proselint check (a proselint ``Check``, read while compiling)."""
    from proselint.registry.checks.engine import Fancy, Fast

    kind = check.check_type
    if callable(kind):
        kind = _data_built_by(check) or kind
    known = type(kind).__module__.startswith("proselint.")
    plan = _PLANS.get(type(kind).__name__) if known else None
    engine = check.engine
    if plan is None or type(engine) not in (Fast, Fancy):
        return _Function(check, next(i for i, c in enumerate(all_checks()) if c is check))
    return plan(check, _Engine(type(engine) is Fancy, bool(engine.opts.case_insensitive),
                               bool(engine.opts.multi_line)), kind)


# Texts a function check is run on once each while compiling; they differ, so that a function
# whose check type depends on the text it reads does not pass for a data check.
_PROBE_TEXTS = ("", "\nParis in the the springtime, more unique than ever.\n")


class _Recording:
    """Stands in for a proselint check type while a function check runs on a probe text: it
    builds the real check type, and its ``check`` returns itself so that the function's result
    shows whether it was that check run on the text it was given."""

    def __init__(self, built: list, kind_type, *args, **kwargs):
        self.kind = kind_type(*args, **kwargs)
        self.ran_on = None
        built.append(self)

    def check(self, text, check):
        self.ran_on = (text, check)
        return self


def _data_built_by(check):
    """The check type (data) that a function check builds and runs, when that is all it does.

    proselint's uncomparables checks build an Existence of hundreds of patterns on every call
    and return its ``check``; run as that data instead, they join the RE2 gate and newslint's
    cached sets. The function runs on two different texts with recordings in place of the
    check types its module names: it qualifies if each time it builds one check type, equal
    both times, and returns that type's check of the same text and check. None otherwise
    (a guard before building, several types built, results reworked): proselint runs it."""
    import inspect
    from types import SimpleNamespace

    from proselint.registry.checks import types as kinds

    function = check.check_type
    if not inspect.isfunction(function):
        return None
    kind_types = {name: value for name, value in vars(kinds).items()
                  if isinstance(value, type) and value.__module__ == kinds.__name__
                  and callable(getattr(value, "check", None))}
    namespace = function.__globals__
    built: list[_Recording] = []
    recorders = {name: partial(_Recording, built, kind_type)
                 for name, kind_type in kind_types.items()}
    replaced = {name: SimpleNamespace(**recorders) if value is kinds else recorders[value.__name__]
                for name, value in namespace.items()
                if value is kinds or (isinstance(value, type) and value in kind_types.values())}
    if not replaced:
        return None
    saved = {name: namespace[name] for name in replaced}
    kinds_found = []
    namespace.update(replaced)
    try:
        for text in _PROBE_TEXTS:
            built.clear()
            try:
                result = function(text, check)
            except Exception:  # the function used a check type past building and running it
                return None
            if not (len(built) == 1 and result is built[0] and result.ran_on is not None
                    and result.ran_on[0] is text and result.ran_on[1] is check):
                return None
            kinds_found.append(result.kind)
    finally:
        namespace.update(saved)
    first = kinds_found[0]
    if any(type(kind) is not type(first) or kind != first for kind in kinds_found):
        return None
    return first


class _Gate:
    """One RE2 pass over a text for the patterns of several fast checks, telling which of them
    can find anything there; the others are not run (most checks find nothing in most texts).

    A check runs when one of its patterns matches, which is when its own RE2 set would let
    it look further, so findings are the same. The set leads with an empty pattern, which
    matches every text: an answer without it is RE2 giving up (out of memory), and then every
    check runs. Gates hold at most as many patterns as proselint puts in one check's set."""

    SIZE = 150  # proselint's BATCH_COUNT
    _broken = False

    def __init__(self, engine: _Engine, members: list[tuple[int, tuple[str, ...]]]):
        self.engine = engine
        self.patterns = ("", *(p for _, needed in members for p in needed))
        self.owners = (-1, *(index for index, needed in members for _ in needed))
        self.members = frozenset(index for index, _ in members)

    def excluded(self, text: str) -> frozenset[int]:
        """The member checks that cannot find anything in ``text``."""
        if self._broken:
            return frozenset()
        try:
            found = self.engine.set_match(self.patterns, text)
        except Exception:  # a pattern RE2 will not put in a set: no gate, every check runs
            self._broken = True
            return frozenset()
        if not found or 0 not in found:
            return frozenset()
        return self.members.difference(self.owners[i] for i in found)

    @staticmethod
    def for_plans(plans) -> tuple[_Gate, ...]:
        groups: dict[tuple, list] = {}
        for index, plan in enumerate(plans):
            needed = plan.needs()
            if needed:
                groups.setdefault(plan.engine.key(), []).append((index, needed))
        gates = []
        for members in groups.values():
            batch, size = [], 0
            for index, needed in members:
                if batch and size + len(needed) > _Gate.SIZE:
                    gates.append(_Gate(plans[batch[0][0]].engine, batch))
                    batch, size = [], 0
                batch.append((index, needed))
                size += len(needed)
            gates.append(_Gate(plans[batch[0][0]].engine, batch))
        return tuple(gates)


# --- lexical illusions, found faster ----------------------------------------------------------
#
# proselint's lexical_illusions pattern bounds its phrase by ASCII letters only, so a match could
# start or end inside a word after a digit or a letter outside ASCII ("la laïcité" read as "la
# la", "2004 4" as "4 4"). newslint runs it with Unicode word boundaries (``\w``, and the
# apostrophes and hyphen proselint names): a phrase is whole words.
#
# The pattern tries a backreference at every word of the text; over news copy that is most of
# proselint.usage's time. A match starts at a word, and its phrase of one to four words comes
# again at once: the first word is a prefix of the next word, or the phrase's first two words
# come again two, three or four words on. One C-level pattern finds the word starts where that
# holds in the text lowercased the way ``re`` compares under IGNORECASE, with every other
# character a space; the pattern then runs from those places only, in order, each search
# starting where the last match ended, which gives finditer's matches exactly. Every word is
# read a bounded number of times, whatever its length.

_ILLUSION = r"(?<![A-Za-z'-])(\w+(?:\s+\w+){0,3})(\s+\1)+(?![A-Za-z'-])"  # proselint's
WORD_ILLUSION = r"(?<![\w'’-])(\w+(?:\s+\w+){0,3})(\s+\1)+(?![\w'’-])"


class _Spacing(dict):
    """A ``str.translate`` table, filled as characters are met: a word character becomes its
    simple lowercase (the one ``re`` compares with under IGNORECASE), any other a space; one
    character for one, so positions hold."""

    def __missing__(self, code: int) -> int:
        import re

        char = chr(code)
        # lower()[0]: U+0130 lowers to two characters, its simple lowercase is the first
        value = 32 if re.match(r"\w", char) is None else ord(char.lower()[0])
        self[code] = value
        return value


_SPACING = _Spacing()

# In the spaced text, after a space: the word from there, then the next word starting with it,
# or two to four words on the same word followed by the same second word.
_CANDIDATE = (r" (?=([^ ]++) ++(?:\1|([^ ]++) ++(?:\1 ++\2|[^ ]++ ++(?:\1 ++\2|"
              r"[^ ]++ ++\1 ++\2))))")


@lru_cache(maxsize=2)
def _candidate_pattern(for_bytes: bool):
    import re

    return re.compile(_CANDIDATE.encode("ascii") if for_bytes else _CANDIDATE)


@lru_cache(maxsize=1)
def _latin1_spacing() -> bytes:
    # bytes() refuses a value over 255: every Latin-1 word character lowers within Latin-1
    return bytes(_SPACING[code] for code in range(256))


def _spaced(text: str) -> bytes | str:
    """A space, then ``text`` translated by ``_SPACING``: as Latin-1 bytes when it fits (a
    bytes translation is several times faster than a str one), else as a str."""
    try:
        return (" " + text).encode("latin-1").translate(_latin1_spacing())
    except UnicodeEncodeError:
        return " " + text.translate(_SPACING)


def _illusion_starts(text: str):
    """Where the lexical illusion pattern can match in ``text``, in order."""
    spaced = _spaced(text)
    # The place after the candidate's space, less the leading space
    return (found.start() for found in _candidate_pattern(isinstance(spaced, bytes)).finditer(spaced))


def _illusions(pattern, text: str):
    """``pattern.finditer(text)`` for the lexical illusion pattern (``WORD_ILLUSION``)."""
    position = 0
    for start in _illusion_starts(text):
        if start < position:
            continue
        m = pattern.match(text, start)
        if m is not None:
            yield m
            position = m.end()


# A word said twice around a linking word is an idiom ("back to back", "more and more", "on and
# on", "Measure for Measure"), and a repeat of two words reads as one across it: "to back to
# back" is "to" and "back to back". Only the words listed: "deficit to fall to fall" is a typo.
_REDUPLICATED = {
    "and": frozenset((
        "more", "less", "on", "over", "again", "round", "up", "down", "out", "through", "by",
        "neck", "around", "away", "back", "forth"
    )),
    "to": frozenset((
        "back", "face", "hand", "head", "door", "day", "year", "month", "week", "person", "end",
        "cheek", "shoulder", "toe", "man", "woman", "coast", "wall", "mouth", "house", "bumper",
        "nose", "peer", "business", "point", "station", "town", "country", "city", "state", "game",
        "side", "top", "bottom", "time", "race", "match", "ship", "shore"
    )),
    "by": frozenset((
        "side", "one", "step", "bit", "little", "day", "piece", "case", "blow", "inch", "row",
        "stone", "drop", "page", "line", "word", "brick", "room", "street", "house", "block",
        "hour", "minute", "week", "month", "year", "play", "point", "degree", "layer", "item",
        "man", "two"
    )),
    "for": frozenset((
        "measure", "word", "like", "point", "blow", "dollar", "pound", "man", "inch", "ounce"
    )),
    "after": frozenset((
        "time", "day", "year", "week", "month", "game", "match", "race", "season", "generation",
        "wave", "hour", "night", "mile"
    )),
    "in": frozenset(("hand", "arm")),
    "on": frozenset(("year", "month", "week", "day", "quarter", "head")),
    "upon": frozenset(("layer", "wave", "page", "story", "time")),
}
# Words whose repeat is a typo even when the second one is capitalised ("in the The Times").
_FUNCTION_WORDS = frozenset((
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "but", "is",
    "was"
))


def _written_on_purpose(match) -> bool:
    """True for a repeated phrase that is no slip: an idiom that says a word twice around a
    linking word ("to back to back"), a lower-case word before the same word starting a name
    ("senior law lord Lord Bingham"), figures among figures (a telephone number: "0845 8 505
    505")."""
    text, phrase = match.string, match.group(1)
    words = phrase.split()
    if len(words) == 2:
        first, second = (w.lower() for w in words)
        if (first in _REDUPLICATED.get(second, ()) or second in _REDUPLICATED.get(first, ())
                or (second == "and" and first.endswith("er")) or (first == "and" and second.endswith("er"))):
            return True
    repeat = text[match.start(2):match.end(2)].split()[0]
    if (words[0][:1].islower() and repeat[:1].isupper()
            and words[0].lower() not in _FUNCTION_WORDS):
        return True
    return "".join(words).isdigit() and (
        _figure_at(text, match.start() - 1, -1) or _figure_at(text, match.end(), 1))


def _figure_at(text: str, index: int, step: int) -> bool:
    """True if a space at ``index`` and, beyond it in the direction ``step``, a figure."""
    return (0 <= index < len(text) and text[index] == " "
            and 0 <= index + step < len(text) and text[index + step].isdigit())


RULE = Proselint
