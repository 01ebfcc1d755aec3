"""Ruleset patterns that cannot hang a run.

A pattern in a ruleset may come from a pull request, and Python's ``re`` backtracks: ``(a+)+$``
or ``(a|a)*b`` against thirty letters that almost match takes minutes, and ``re`` has no time
limit. So a ruleset's pattern runs on RE2, whose time is linear in the text by construction,
whenever RE2 finds exactly the matches ``re`` would (``compile_pattern``):

- ``re2_source`` rewrites Python's parse of the pattern into RE2 syntax. Character classes,
  ``\\w``, ``\\d``, ``\\s`` and case-insensitive letters become explicit lists of code points,
  computed by asking ``re`` itself which characters it matches, so Unicode and case folding
  (``(?i)i`` also matches "ı" and "İ" in ``re``, not in RE2) cannot differ; ``\\Z`` becomes
  ``\\z`` and ``^`` ``\\A``.
- It gives up (and ``re`` runs the pattern) on what RE2 lacks or means otherwise: look-arounds,
  backreferences, possessive and atomic repeats, conditional groups, a Unicode ``\\b`` (RE2's is
  ASCII), ``$`` outside multi-line mode (``re``'s also matches before a final newline), a repeat
  of something that can match nothing, and a pattern that can match the empty string (the two
  engines resume differently after an empty match).

The patterns left to ``re`` get a shape test when the ruleset loads (``risky_shape``): a repeat
holding a repeat of variable length (``(a+)+``, ``(a?){30}``), or an alternation whose branches
can start alike or match nothing (``(a|a)*``). The way out is a possessive (``a++``) or atomic
(``(?>a+)``) inner part, both in Python 3.11. It is a shape test, not a proof: adjacent repeats
of the same characters (``\\s+x`` on a megabyte of spaces) stay quadratic under ``re``.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser is private; without it no pattern is translated or refused
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python versions that moved it
    _p = None

# Iterations of an ambiguous body that make too many ways to try: (a?){30} has 2**30 ways,
# (?:\w+\s){0,3} a few per word.
_MANY = 10
# RE2 refuses larger repeat counts.
_RE2_MAX_COUNT = 1000
_SURROGATES = (0xD800, 0xDFFF)
_MAX_CODE_POINT = 0x10FFFF


# --- running a pattern on RE2 -------------------------------------------------------------

class _Untranslatable(Exception):
    """A construct RE2 does not have, or means otherwise; the message names it."""


def compile_pattern(pattern: str, flags: int = 0):
    """``pattern`` for RE2 when RE2 finds exactly what ``re`` finds, else compiled by ``re``.
    Either way the result has ``pattern``, ``flags``, ``finditer``, ``search`` and ``match``."""
    if re2_obstacle(pattern, flags) is None:
        return Re2Pattern(pattern, flags)
    return re.compile(pattern, flags)


def pattern_problem(pattern: str) -> str | None:
    """Why a ruleset may not use ``pattern``: it could run for minutes (see the module)."""
    shape = risky_shape(pattern)
    if shape is None:
        return None
    obstacle = re2_obstacle(pattern)
    if obstacle is None:
        # Linear on RE2, if RE2 takes it: a pattern too large for it would fall back to re.
        if all(not isinstance(Re2Pattern(pattern, flags)._re2(), re.Pattern)
               for flags in (0, re.IGNORECASE)):
            return None
        obstacle = "it is too large for RE2"
    return (f"{shape}, which can take minutes on a paragraph it almost matches; RE2, which "
            f"cannot, does not run this pattern ({obstacle}); make the inner part possessive "
            "(a++) or atomic ((?>a+))")


@lru_cache(maxsize=1024)
def re2_obstacle(pattern: str, flags: int = 0) -> str | None:
    """What keeps RE2 from finding exactly what ``re`` finds (see the module), or None. Cheap:
    no character class is computed."""
    return _translate(pattern, flags, dry=True)[1]


@lru_cache(maxsize=256)
def re2_source(pattern: str, flags: int = 0) -> str | None:
    """RE2 syntax for what ``re`` matches with ``pattern`` and ``flags``, or None (see the module).
    Computing its classes takes a pass over every character for each, so it is done when a
    text first reaches the pattern, not when the ruleset loads."""
    return _translate(pattern, flags, dry=False)[0]


def _translate(pattern: str, flags: int, dry: bool) -> tuple[str | None, str | None]:
    """(RE2 source, None) or (None, what keeps RE2 from running the pattern)."""
    if _p is None:
        return None, "Python's parser of patterns moved"
    try:
        parsed = _p.parse(pattern, flags)
    except re.error:
        return None, "not a valid pattern"
    if parsed.getwidth()[0] == 0:
        return None, "it can match the empty string"
    names = {number: name for name, number in parsed.state.groupdict.items()}
    try:
        if not dry:  # case-insensitive letters: one pass for all of them
            letters = set()
            _sequence(parsed, parsed.state.flags, names,
                      lambda items, fl: _letters(items, fl, letters))
            _case_variants(frozenset(letters))
        translated = _sequence(parsed, parsed.state.flags, names,
                               _dry_class if dry else _char_class)
        return translated, None
    except _Untranslatable as obstacle:
        return None, str(obstacle)


class Re2Pattern:
    """A pattern run by RE2 with the interface of ``re.Pattern`` that rules use; positions in
    code points. It is translated, and RE2 imported and compiled, at the first search (a run
    whose texts never reach the pattern past its prefilter does not pay for it). It pickles
    as its sources, the RE2 one included: a ruleset is pickled once, into the per-user cache
    of compiled rules, and every run that loads it from there would translate it again."""

    __slots__ = ("_compiled", "_source", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0, source: str | None = None):
        self.pattern, self.flags = pattern, flags
        self._source = source
        self._compiled = None

    def __reduce__(self):
        return Re2Pattern, (self.pattern, self.flags, self.source)

    def __repr__(self) -> str:
        return f"Re2Pattern({self.pattern!r}, {self.flags})"

    @property
    def source(self) -> str:
        """The pattern in RE2 syntax (``re2_source``)."""
        if self._source is None:
            self._source = re2_source(self.pattern, self.flags)
        return self._source

    def _re2(self):
        if self._compiled is None:
            self._compiled = _compiled_re2(self.source, self.pattern, self.flags)
        return self._compiled

    @property
    def groupindex(self):
        """Group names as ``re`` reads the source (both engines number groups alike); re's
        own cache keeps this a lookup."""
        return re.compile(self.pattern, self.flags).groupindex

    def finditer(self, text: str, pos: int = 0):
        compiled = self._re2()
        if isinstance(compiled, re.Pattern):
            return compiled.finditer(text, pos)
        # Never an empty match (see re2_source), so both engines go on from each match's end.
        return (_Re2Match(match, compiled) for match in compiled.finditer(_encodable(text), pos))

    def search(self, text: str, pos: int = 0):
        return self._one(self._re2().search(_encodable(text), pos))

    def match(self, text: str, pos: int = 0):
        return self._one(self._re2().match(_encodable(text), pos))

    def _one(self, match):
        if match is None or isinstance(match, re.Match):
            return match
        return _Re2Match(match, self._re2())


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """RE2 reads UTF-8, which has no lone surrogate ("\\ud800" in a YAML front matter can make
    one): each becomes U+FFFD, one code point for one, so positions stay."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


@lru_cache(maxsize=256)
def _compiled_re2(source: str, pattern: str, flags: int):
    """RE2's compiled ``source``, the translation of ``pattern`` with ``flags``."""
    import re2

    try:
        return re2.compile(source)
    except re2.error:  # past RE2's memory bound: Python's engine, as for any other pattern
        return re.compile(pattern, flags)


class _Re2Match:
    """An RE2 match with ``re``'s ``expand`` (RE2's module reads templates its own way)."""

    __slots__ = ("_compiled", "_match")

    def __init__(self, match, compiled):
        self._match, self._compiled = match, compiled

    def span(self, group=0):
        return self._match.span(group)

    def start(self, group=0):
        return self._match.start(group)

    def end(self, group=0):
        return self._match.end(group)

    def group(self, *groups):
        return self._match.group(*groups)

    def groups(self, default=None):
        return self._match.groups(default)

    def groupdict(self, default=None):
        return self._match.groupdict(default)

    def __getitem__(self, group):
        return self._match[group]

    def expand(self, template: str) -> str:
        pieces = _template(template, self._compiled.groups,
                           tuple(self._compiled.groupindex.items()))
        return "".join(piece if isinstance(piece, str) else self._match.group(piece) or ""
                       for piece in pieces)


@lru_cache(maxsize=256)
def _template(template: str, groups: int, groupindex: tuple) -> tuple:
    """``template`` as literal text and group numbers, read by ``re`` itself: expanded against
    a stand-in pattern with the same groups, each matching its own private-use character."""
    base = next(b for b in (0xF0000, 0x100000, 0xE000) if not any(
        b <= ord(char) <= b + groups for char in template))
    marks = [chr(base + number) for number in range(groups + 1)]
    names = {number: name for name, number in groupindex}
    stand_in = re.escape(marks[0]) + "".join(
        f"(?P<{names[n]}>{re.escape(marks[n])})" if n in names else f"({re.escape(marks[n])})"
        for n in range(1, groups + 1))
    whole = "".join(marks)
    expanded = re.fullmatch(stand_in, whole).expand(template)
    pieces = []
    for piece in re.split(f"({re.escape(whole)}|[{re.escape(''.join(marks[1:]))}])"
                          if groups else f"({re.escape(whole)})", expanded):
        if piece == whole:
            pieces.append(0)
        elif len(piece) == 1 and piece in marks:
            pieces.append(marks.index(piece))
        elif piece:
            pieces.append(piece)
    return tuple(pieces)


# --- translation ----------------------------------------------------------------------------

def _sequence(items, flags: int, names: dict, char_class) -> str:
    return "".join(_item(op, argument, flags, names, char_class) for op, argument in items)


def _item(op, argument, flags: int, names: dict, char_class) -> str:
    if op is _c.LITERAL:
        return char_class(((op, argument),), flags) if flags & re.IGNORECASE else _char(argument)
    if op is _c.NOT_LITERAL:
        return char_class(((_c.NEGATE, None), (_c.LITERAL, argument)), flags)
    if op is _c.IN:
        return char_class(tuple(argument), flags)
    if op is _c.ANY:
        return "(?s:.)" if flags & re.DOTALL else "."  # both: anything but "\n"
    if op is _c.BRANCH:
        return "(?:" + "|".join(_sequence(branch, flags, names, char_class)
                                for branch in argument[1]) + ")"
    if op is _c.SUBPATTERN:
        group, add_flags, del_flags, body = argument
        inner = _sequence(body, (flags | add_flags) & ~del_flags, names, char_class)
        if group is None:
            return f"(?:{inner})"
        return f"(?P<{names[group]}>{inner})" if group in names else f"({inner})"
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, high, body = argument
        unbounded = high == _c.MAXREPEAT
        if high > 1 and body.getwidth()[0] == 0:
            raise _Untranslatable("a repeat of something that can match nothing")
        if low > _RE2_MAX_COUNT or (not unbounded and high > _RE2_MAX_COUNT):
            raise _Untranslatable(f"a repeat count over {_RE2_MAX_COUNT}")
        count = {(0, True): "*", (1, True): "+"}.get((low, unbounded)) or (
            f"{{{low},}}" if unbounded else "?" if (low, high) == (0, 1)
            else f"{{{low}}}" if low == high else f"{{{low},{high}}}")
        return (f"(?:{_sequence(body, flags, names, char_class)}){count}"
                + ("?" if op is _c.MIN_REPEAT else ""))
    if op is _c.AT:
        multiline, ascii_only = flags & re.MULTILINE, flags & re.ASCII
        at = {_c.AT_BEGINNING: "(?m:^)" if multiline else r"\A", _c.AT_BEGINNING_STRING: r"\A",
              _c.AT_END: "(?m:$)" if multiline else None, _c.AT_END_STRING: r"\z",
              _c.AT_BOUNDARY: r"\b" if ascii_only else None,
              _c.AT_NON_BOUNDARY: r"\B" if ascii_only else None}.get(argument)
        if at is None:
            raise _Untranslatable(_ANCHOR_OBSTACLES[argument])
        return at
    raise _Untranslatable(_OBSTACLES.get(op, "a construct only Python's engine has"))


def _char(code: int) -> str:
    char = chr(code)
    return char if char.isascii() and char.isalnum() else f"\\x{{{code:x}}}"


def _dry_class(items: tuple, flags: int) -> str:
    if any(op not in _CLASS_ITEMS for op, _ in items):
        raise _Untranslatable("a character class only Python's engine has")
    return ""


def _letters(items: tuple, flags: int, letters: set) -> str:
    """Collects the case-insensitive literals of a pattern (see _case_variants)."""
    if flags & re.IGNORECASE and len(items) == 1 and items[0][0] is _c.LITERAL:
        letters.add(items[0][1])
    return ""


def _char_class(items: tuple, flags: int) -> str:
    ranges = _members(items, flags & (re.IGNORECASE | re.ASCII))
    if not ranges:
        return f"[^\\x00-\\x{{{_MAX_CODE_POINT:x}}}]"
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _char(ranges[0][0])
    return "[" + "".join(_char(low) if low == high else f"{_char(low)}-{_char(high)}"
                         for low, high in ranges) + "]"


_CATEGORIES: dict = {}
_OBSTACLES: dict = {}
_ANCHOR_OBSTACLES: dict = {}
_CLASS_ITEMS: tuple = ()
if _p is not None:
    _CLASS_ITEMS = (_c.NEGATE, _c.LITERAL, _c.RANGE, _c.CATEGORY)
    # Opcodes and anchor codes are small integers of their own: two tables.
    _OBSTACLES = {_c.ASSERT: "a look-around", _c.ASSERT_NOT: "a look-around",
                  _c.GROUPREF: "a backreference", _c.GROUPREF_EXISTS: "a conditional group",
                  _c.ATOMIC_GROUP: "an atomic group", _c.POSSESSIVE_REPEAT: "a possessive repeat"}
    _ANCHOR_OBSTACLES = {_c.AT_BOUNDARY: "\\b, whose RE2 form knows only ASCII letters",
                         _c.AT_NON_BOUNDARY: "\\B, whose RE2 form knows only ASCII letters",
                         _c.AT_END: "$, which re also matches before a final newline"}
    _CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
                   _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
                   _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}


@lru_cache(maxsize=1024)
def _members(items: tuple, flags: int) -> tuple[tuple[int, int], ...]:
    """The code points ``re`` matches with a character class (as parsed), as sorted ranges."""
    negate = bool(items) and items[0][0] is _c.NEGATE
    body = items[1:] if negate else items
    if flags & re.IGNORECASE and len(items) == 1 and items[0][0] is _c.LITERAL:
        return _case_variants(frozenset({items[0][1]}), flags)[items[0][1]]
    if flags & re.IGNORECASE or any(op is _c.CATEGORY for op, _ in body):
        return _scan(_class_source(items), flags)
    ranges = []
    for op, argument in body:
        if op is _c.LITERAL:
            ranges.append((argument, argument))
        elif op is _c.RANGE:
            ranges.append(argument)
        else:
            raise _Untranslatable("a character class only Python's engine has")
    merged = _merge(ranges)
    return _complement(merged) if negate else merged


def _class_source(items: tuple) -> str:
    parts = []
    for op, argument in items:
        if op is _c.NEGATE:
            parts.append("^")
        elif op is _c.LITERAL:
            parts.append(f"\\U{argument:08x}")
        elif op is _c.RANGE:
            parts.append(f"\\U{argument[0]:08x}-\\U{argument[1]:08x}")
        elif op is _c.CATEGORY and argument in _CATEGORIES:
            parts.append(_CATEGORIES[argument])
        else:
            raise _Untranslatable("a character class only Python's engine has")
    return "[" + "".join(parts) + "]"


_VARIANTS: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}


def _case_variants(codes: frozenset, flags: int = re.IGNORECASE) -> dict:
    """{code: the code points ``re`` matches with that character case-insensitively}: one
    pass over every character finds the candidates for all of ``codes``, and ``re`` then
    checks each candidate against each character."""
    missing = sorted(code for code in codes if (code, flags) not in _VARIANTS)
    if missing:
        union = _scan("[" + "".join(f"\\U{code:08x}" for code in missing) + "]", flags)
        candidates = [chr(code) for low, high in union for code in range(low, high + 1)]
        for code in missing:
            alike = re.compile(f"\\U{code:08x}", flags).fullmatch
            _VARIANTS[code, flags] = _merge((ord(c), ord(c)) for c in candidates if alike(c))
    return {code: _VARIANTS[code, flags] for code in codes}


@lru_cache(maxsize=1)
def _every_character() -> str:
    """Every code point a decoded text can hold (all but the surrogates), in order."""
    from array import array

    code_points = array("I", range(_SURROGATES[0]))
    code_points.extend(range(_SURROGATES[1] + 1, _MAX_CODE_POINT + 1))
    little_endian = array("I", [1]).tobytes()[0]
    return code_points.tobytes().decode("utf-32-le" if little_endian else "utf-32-be")


@lru_cache(maxsize=1024)
def _scan(class_source: str, flags: int) -> tuple[tuple[int, int], ...]:
    """Ask ``re`` which characters a class matches: one pass over every character."""
    gap = _SURROGATES[1] - _SURROGATES[0] + 1
    ranges = []
    for found in re.finditer(f"{class_source}+", _every_character(), flags):
        start, end = found.span()
        # Indices past the surrogates are code points less the gap; split a run across it.
        if start < _SURROGATES[0] <= end - 1:
            ranges.append((start, _SURROGATES[0] - 1))
            start = _SURROGATES[0]
        ranges.append((start + gap, end - 1 + gap) if start >= _SURROGATES[0] else (start, end - 1))
    return tuple(ranges)


def _merge(ranges) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return tuple(_without_surrogates(tuple(pair) for pair in merged))


def _without_surrogates(ranges):
    for low, high in ranges:
        if low < _SURROGATES[0] <= high or low <= _SURROGATES[1] < high or (
                _SURROGATES[0] <= low and high <= _SURROGATES[1]):
            if low < _SURROGATES[0]:
                yield low, min(high, _SURROGATES[0] - 1)
            if high > _SURROGATES[1]:
                yield max(low, _SURROGATES[1] + 1), high
        else:
            yield low, high


def _complement(ranges) -> tuple[tuple[int, int], ...]:
    result, next_low = [], 0
    for low, high in ranges:
        if low > next_low:
            result.append((next_low, low - 1))
        next_low = high + 1
    if next_low <= _MAX_CODE_POINT:
        result.append((next_low, _MAX_CODE_POINT))
    return tuple(_without_surrogates(result))


# --- the shapes that backtrack, for what re runs ----------------------------------------

def risky_shape(pattern: str) -> str | None:
    """How ``pattern`` could backtrack for minutes under ``re`` (see the module), or None."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern)
    except re.error:  # not ours to report: the caller compiles the pattern
        return None
    return _risk(list(parsed), iterations=1)


NESTED_REPEAT = "repeats a repeat, as (a+)+ and (a?){30} do"
AMBIGUOUS_BRANCH = "repeats alternatives that can start alike or match nothing, as (a|a)* does"


def _risk(items, iterations: int) -> str | None:
    """``iterations``: how many times the repeats around these items can run them (their
    counts multiplied); from ``_MANY`` on, each way the items can match differently
    multiplies the ways to try."""
    for op, argument in items:
        found = None
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, high, body = argument
            if iterations >= _MANY and low != high:
                return NESTED_REPEAT
            found = _risk(list(body), iterations * high)
        elif op in (_c.ATOMIC_GROUP, _c.POSSESSIVE_REPEAT):
            # Nothing inside gives characters back to a repeat outside, nor an iteration to the
            # one before; inside, it starts afresh.
            found = _risk(list(argument if op is _c.ATOMIC_GROUP else argument[2]), 1)
        elif op is _c.SUBPATTERN:
            found = _risk(list(argument[3]), iterations)
        elif op is _c.BRANCH:
            branches = argument[1]
            if iterations >= _MANY and _ambiguous(branches):
                return AMBIGUOUS_BRANCH
            found = next(filter(None, (_risk(list(branch), iterations) for branch in branches)),
                         None)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            found = _risk(list(argument[1]), iterations)
        elif op is _c.GROUPREF_EXISTS:
            found = next(filter(None, (_risk(list(branch), iterations)
                                       for branch in argument[1:] if branch is not None)), None)
        if found:
            return found
    return None


def _ambiguous(branches) -> bool:
    """Whether two alternatives can start with the same character (in either case: the
    pattern may run case-insensitively), or one matches nothing. A first character that is not
    a plain literal or set counts as any character."""
    seen: set[str] = set()
    for branch in branches:
        if branch.getwidth()[0] == 0:
            return True
        first = _first_characters(list(branch))
        if first is None or first & seen:
            return True
        seen |= first
    return False


def _first_characters(items) -> set[str] | None:
    op, argument = items[0]
    if op is _c.LITERAL:
        return {chr(argument).casefold()}
    if op is _c.IN and all(item_op is _c.LITERAL for item_op, _ in argument):
        return {chr(code).casefold() for _, code in argument}
    if op is _c.SUBPATTERN and argument[1] == argument[2] == 0 and argument[3]:
        return _first_characters(list(argument[3]))
    return None
