"""Rule kinds: one module each, named after the kind, exporting ``RULE``.

A kind is Python; a rule is a kind instantiated by a ruleset with an id (``family.name``), a
severity, the segment kinds it reads and its options. Adding a kind is adding one module here:
the module name is the kind name, nothing else registers it.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from newslint.document import Document, Segment
from newslint.findings import Edit, Fix, Violation

# Segment kinds that carry prose, the default reach of a rule.
PROSE = ("headline", "standfirst", "byline", "dateline", "body", "caption", "quote")
# The ``languages`` of a kind that checks the file, not its words (its schema, its encoding).
ANY_LANGUAGE = ("*",)


@dataclass(frozen=True)
class Option:
    """A declared rule option: its type, default and one-line documentation.

    Types: ``str``, ``int``, ``bool``, ``list`` (of strings), ``dict``, ``regex`` (a string
    that must compile, and run on RE2 or have no shape that backtracks for minutes: see
    ``newslint.config.regex_safety``), ``list[regex]``, ``path`` (a data file, relative to the
    ruleset that names it), ``choice`` (one of ``choices``), ``list[choice]``, ``any``. An
    ``int`` is at least ``minimum`` (counts and limits: 0, which kinds read as "no limit" or
    "off", unless declared).
    """

    type: str
    default: Any
    doc: str
    choices: tuple = ()
    minimum: int = 0


class Rule:
    """Base class of every rule kind.

    Subclasses set ``kind``, ``options``, ``fixable`` and usually override ``check_segment``;
    document-level rules override ``check``. The docstring of the subclass is the rule
    kind's documentation: what it checks, why, a ``Bad:`` and a ``Good:`` example, options.
    A rule's own documentation (why, examples, fix safety) is its ruleset's ``doc``, in ``doc``.
    """

    kind: ClassVar[str] = ""
    options: ClassVar[dict[str, Option]] = {}
    default_segments: ClassVar[tuple[str, ...]] = PROSE
    fixable: ClassVar[bool] = False
    # Options a kind's fixes depend on: {"check": ("later",)} means only ``check: later`` fixes.
    fixable_when: ClassVar[dict[str, tuple]] = {}
    # False: violations inside direct quotations are dropped (a quoted text keeps its spelling).
    applies_in_quotes: ClassVar[bool] = True
    # The languages the kind's checks are written for (BCP 47 tags; "en" reads "en-GB" too),
    # ANY_LANGUAGE for checks of the file, not of its words; None: the language of the ruleset
    # that defines the rule (house and ap: "en"). On a rule, None is every language.
    languages: ClassVar[tuple[str, ...] | None] = None
    # The ruleset's one pass over each segment (``matcher.TermIndex``), which serves the rule's
    # matchers and, for a gated rule, says on which segments it runs; set when it is compiled.
    index = None

    def __init__(self, rule_id: str, severity: str, segments: Iterable[str], config: dict,
                 description: str = "", origin: str = "", language: str | None = None):
        self.id = rule_id
        self.severity = severity
        self.segments = frozenset(segments)
        self.config = config
        self.description = description
        self.origin = origin  # "path:line" of the ruleset entry, for error messages
        self.doc: dict[str, str] = {}  # its ruleset's doc (why, bad, good, as, fix_safety)
        if self.languages is None and language:
            self.languages = (language,)
        elif self.languages == ANY_LANGUAGE:
            self.languages = None
        self.prepare()

    @property
    def reads_words(self) -> bool:
        """Whether the rule reads the text of segments (not only the file, as xml_schema)."""
        return type(self).languages != ANY_LANGUAGE

    @property
    def can_fix(self) -> bool:
        """Whether this rule, as configured, ever offers a fix (``newslint rules``, SARIF)."""
        return self.fixable and all(self.config.get(option) in values
                                    for option, values in self.fixable_when.items())

    def prepare(self) -> None:
        """Compile what the options describe; runs once per ruleset load."""

    def matchers(self) -> tuple:
        """The term matchers (``matcher.TermMatcher``) the rule reads: the ruleset's one pass
        over each segment finds the terms of all of them."""
        return ()

    def triggers(self) -> tuple | None:
        """What a segment must hold for the rule to report anything in it: a term of one of
        these matchers (of ``matchers()``) or one of these ``prefilter.Literals``; the engine
        runs the rule only on such segments. None: it may report in any segment (the
        default), or it reads the whole document (a kind that overrides ``check``)."""
        return None

    def check(self, document: Document) -> Iterator[Violation]:
        for segment in document.segments:
            if segment.kind in self.segments:
                yield from self.check_segment(segment, document)

    def check_segment(self, segment: Segment, document: Document) -> Iterator[Violation]:
        return iter(())

    def violation(self, segment: Segment, start: int, end: int, message: str,
                  replacement: str | None = None, *, applicability: str = "safe",
                  title: str = "", edits: Iterable[Edit] | None = None) -> Violation:
        fix = None
        if edits is not None:
            edits = tuple(sorted(edits, key=lambda e: e.start))
            low = min(start, edits[0].start)
            high = max(end, max(e.end for e in edits))
            after, position = [], low
            for edit in edits:
                after.append(segment.text[position:edit.start] + edit.replacement)
                position = edit.end
            after.append(segment.text[position:high])
            fix = Fix(edits, applicability, title, "".join(after))
        elif replacement is not None:
            fix = Fix((Edit(start, end, replacement),), applicability, title, replacement)
        return Violation(segment, start, end, message, fix)


def reads_language(languages: tuple[str, ...] | None, tag: str | None) -> bool:
    """Whether a rule written for ``languages`` (None: any) reads text in language ``tag``
    (None: unknown, as most files declare none). A language reads its own tag and the tags
    under it: "en" reads "en-GB", "en-GB" does not read "en" nor "en-US"."""
    if languages is None or tag is None:
        return True
    tag = tag.lower()
    return any(tag == language.lower() or tag.startswith(language.lower() + "-")
               for language in languages)


@functools.cache
def kind_names() -> list[str]:
    import pkgutil  # here: a run with cached rules never lists the kinds

    import newslint.rules as package

    return sorted(m.name for m in pkgutil.iter_modules(package.__path__)
                  if not m.name.startswith("_"))


def load_kind(name: str) -> type[Rule] | None:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name or "") or name not in kind_names():
        return None
    module = importlib.import_module(f"newslint.rules.{name}")
    return module.RULE
