"""Nested repeats: the shape of regular expression that backtracks catastrophically.

``(a+)+$`` against "aaaa…b" tries every way of sharing the a's between the two repeats before
it fails, and the number of ways doubles with each character: a paragraph of thirty letters
takes minutes. Python's ``re`` has no time limit, so a pattern of this shape in a ruleset
would hang a pre-commit hook on the wrong article. ``nested_repeat`` finds it in the parsed
pattern: a repeat without a useful bound whose body holds another such repeat that can give
characters back. The way out is a repeat that cannot give them back — possessive (``a++``)
or atomic (``(?>a+)``), both in Python 3.11 — which for a pattern like ``(?:\\s+\\w+)*``
also matches the same text.

It is a shape test, not a proof: overlapping alternatives under a repeat (``(a|a)*``) are not
found.
"""

from __future__ import annotations

try:  # the parser is private; without it no pattern is refused
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python versions that moved it
    _p = None

# A bounded repeat ({0,3}) multiplies the ways by a constant; above this it is as bad as *.
_UNBOUNDED = 100


def nested_repeat(pattern: str) -> bool:
    """True if ``pattern`` repeats a repeat that can backtrack (see the module)."""
    if _p is None:
        return False
    try:
        parsed = _p.parse(pattern)
    except Exception:  # not ours to report: the caller compiles the pattern
        return False
    return _has_nested(list(parsed), inside_repeat=False)


def _has_nested(items, inside_repeat: bool) -> bool:
    for op, argument in items:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, high, body = argument
            unbounded = high >= _UNBOUNDED
            if unbounded and inside_repeat:
                return True
            if _has_nested(list(body), inside_repeat or unbounded):
                return True
        elif op in (_c.ATOMIC_GROUP, _c.POSSESSIVE_REPEAT):
            # Nothing inside gives characters back to a repeat outside; inside, it starts afresh.
            body = argument if op == _c.ATOMIC_GROUP else argument[2]
            if _has_nested(list(body), inside_repeat=False):
                return True
        elif op == _c.SUBPATTERN:
            if _has_nested(list(argument[3]), inside_repeat):
                return True
        elif op == _c.BRANCH:
            if any(_has_nested(list(branch), inside_repeat) for branch in argument[1]):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _has_nested(list(argument[1]), inside_repeat):
                return True
        elif op == _c.GROUPREF_EXISTS:
            if any(branch is not None and _has_nested(list(branch), inside_repeat)
                   for branch in argument[1:]):
                return True
    return False
