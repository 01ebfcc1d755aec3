"""First reference: a person's full name first, the surname after.

What it checks, in body paragraphs only (headline, standfirst and captions are exempt). A full
name is the longest run of given names or initials, particles and a surname side by side
("Andriy Yermak", "George W. Bush", "Osama bin Laden", "Luiz Inacio Lula da Silva"), less the
titles, nationalities and place words that may lead it ("Russian President Vladimir Putin"),
and none at all if a capitalised word goes on after it; its first word is not a function word
or the start of a place name ("North Macedonia", "Saudi Arabia"). An editor's brackets are
transparent, so "[against Russian President Vladimir] Putin" is a full first reference. A
surname reference is the surname alone, or after a title ("Mr Blair", "President Zelenskyy").

- ``check: first``: a surname used before the person's full name appears ("Yermak said …"
  and only later "Andriy Yermak"). The first full reference is named in the message.
- ``check: later``: the full name repeated after its first reference, when the article also
  refers to the person by surname; the finding spans the whole name.

Only people are checked: a surname the article uses after a courtesy title ("Mr Blair") or
before a verb of speech ("Zelenskyy said", "Yermak, who"), which is not the last word of a
thing's name ("Manchester United", "World Cup") and which, like its given names, the article
never uses as an ordinary lower-case word ("brown", "now"). A surname two full names share in
the article ("Tony Blair", "Cherie Blair"; "Recep Tayyip Erdogan", "Tayyip Erdogan") is left
alone: the full names tell them apart, or may. Uses inside direct quotations are not flagged
(the rulesets set ``in_quotes: false``), but a full name inside one still counts as the first
reference.

Why: the reader meets a person once, in full, and knows them by surname from then on.

Bad: Yermak said the talks went well. Andriy Yermak is chief of staff.
Good: Andriy Yermak said the talks went well. Yermak is chief of staff.

Fix safety: ``check: later`` offers an unsafe fix only (applied with ``--unsafe-fixes``): it
writes the surname with the particles before it in place of the whole name ("Recep Tayyip
Erdogan" -> "Erdogan", "Osama bin Laden" -> "bin Laden", capitalised at a sentence start: "Bin
Laden"). That is the house form for most names, but not all — a Brazilian or an East Asian
name may be known by another part ("Lula", "Xi") — and a list of names or a quoted line may
repeat a full name on purpose. ``check: first`` offers no fix: moving the full name is for the
writer.

Options: ``check`` (first | later).
"""

from __future__ import annotations

import re
from itertools import compress
from typing import NamedTuple

from newslint.findings import Edit
from newslint.names import NATIONALITY, NOT_NAMES, PLACE_QUALIFIERS, TITLE_WORDS, adjacent, words
from newslint.rules import Option, Rule
from newslint.text import sentence_start

_COURTESY = frozenset("mr mrs ms miss dr gen prof sgt col capt lt rev insp det supt".split())
# Last words of names of things, not people ("Manchester United", "World Cup", "Labour Party").
_THING_HEADS = frozenset("""
united city cup act lane league party bank institute street road square park club council
university college school group association union commission committee court house office
records awards award prize trophy championship championships games olympics open tour festival
show rovers rangers harriers thistle argyle orient athletic county town wanderers albion hotspur
villa forest republic kingdom states
islands sea ocean river mountains airport station hospital church cathedral mosque museum
theatre gallery centre center hall palace market exchange index fund agency service services
ministry department army navy force forces police times post telegraph news
""".split())
# Lower-case words that join a given name to a surname ("da Silva", "van Gogh", "bin Laden").
_PARTICLES = frozenset(
    "da de di do dos das del della der den van von ter ten le la du bin ibn bint al el".split())
# The words of a written given name ("George W." -> George, W).
_GIVEN_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# "Zelenskyy said", "Yermak, who": evidence that a surname is a person's.
_PERSON_AFTER = re.compile(r",? (?:said|says|told|added|wrote|asked|argued|insisted|explained|who)\b")


class FirstReference(Rule):
    __doc__ = __doc__
    kind = "first_reference"
    default_segments = ("body",)
    fixable = True
    fixable_when = {"check": ("later",)}
    applies_in_quotes = False
    options = {
        "check": Option("choice", "first", "which aspect to check", ("first", "later")),
    }

    def check(self, document):
        full, bare, lower_words, people = _references(document, self.segments)
        given_names: dict[str, set[str]] = {}
        for given, surname in full:
            given_names.setdefault(surname, set()).add(given)
        for (given, surname), uses in full.items():
            if len(given_names[surname]) > 1:
                continue  # "Tony Blair" and "Cherie Blair": full names tell them apart
            surname_uses = bare.get(surname, [])
            if (surname.lower() in lower_words or surname.lower() in _THING_HEADS
                    or surname not in people
                    or any(word.lower() in lower_words for word in _GIVEN_WORD.findall(given))):
                continue
            first = uses[0]
            if self.config["check"] == "first":
                earlier = [(segment, tokens, form, index)
                           for segment, tokens, number, form, index in surname_uses
                           if (number, index) < (first.number, first.first)]
                if not earlier:
                    continue
                at = _position(document, first.segment, first.tokens, first.first)
                name = _written(first.tokens, first.first, first.surname)
                for segment, tokens, form, index in earlier:
                    yield self.violation(
                        segment, tokens.starts[form], tokens.ends[index],
                        f'"{_written(tokens, form, index)}" before the first full reference '
                        f'"{name}" at {at}')
            elif surname_uses and len(uses) > 1:
                at = _position(document, first.segment, first.tokens, first.first)
                for use in uses[1:]:
                    yield self._repeated(use, at)

    def _repeated(self, use, at: str):
        """The full name again: the fix keeps the surname with its particles ("bin Laden")."""
        tokens, text = use.tokens, use.segment.text
        start, form_start = tokens.starts[use.first], tokens.starts[use.form]
        end = tokens.ends[use.surname]
        form = text[form_start:end]
        replacement = ""
        if form[:1].islower() and sentence_start(text, start):
            replacement, form_start = form[0].upper(), form_start + 1  # "Bin Laden said"
            form = replacement + form[1:]
        return self.violation(
            use.segment, start, end,
            f'Full name "{_written(tokens, use.first, use.surname)}" again after the first '
            f'reference at {at}; later references use the surname',
            applicability="unsafe", title=f'Write "{form}"',
            edits=[Edit(start, form_start, replacement)])


class _Use(NamedTuple):
    """A full name in a paragraph: word indices of its first word, of its surname with any
    particles before it ("bin Laden") and of the surname itself."""

    segment: object
    tokens: object
    number: int  # the segment's place in the document
    first: int
    form: int
    surname: int


def _written(tokens, first: int, last: int) -> str:
    """The words from ``first`` to ``last`` apart by single spaces, an initial with its point."""
    if first == last:  # most given names
        return tokens.texts[first]
    written = []
    for index in range(first, last + 1):
        word = tokens.texts[index]
        if index < last and _initial(word) and tokens.gaps[index + 1].startswith("."):
            word += "."
        written.append(word)
    return " ".join(written)


def _position(document, segment, tokens, index: int) -> str:
    """The line:column of a word in the source, worked out only for a finding that names it."""
    line, column = document.lines.position(
        segment.source_span(tokens.starts[index], tokens.ends[index])[0])
    return f"{line}:{column}"


def _references(document, kinds):
    """Full names, and the surname references, evidence of a person and lower-case uses of their
    words, in reading order; computed once per document for both reference rules."""
    key = ("references", frozenset(kinds))
    if key not in document.cache:
        document.cache[key] = _collect_references(document, kinds)
    return document.cache[key]


def _collect_references(document, kinds):
    """Two passes: full names first, then what the rules ask about their words only, so the
    many name words that are no full name's surname cost no Python work of their own."""
    read = [(number, segment, words(segment.text)) for number, segment in enumerate(document.segments)
            if segment.kind in kinds]
    # Offsets are read only for the few uses a finding reports.
    found = [_Use(segment, tokens, number, *name) for number, segment, tokens in read
             for name in _full_names(tokens)]
    # A capital at a sentence start proves nothing: in "Later Osama bin Laden" the first word
    # is no given name, as the article shows by writing it in lower case elsewhere ("later").
    # Without that evidence the run stays whole ("Recep Tayyip Erdogan").
    openers = {(use.number, use.first): use.tokens.texts[use.first].lower() for use in found
               if use.form - use.first > 1
               and sentence_start(use.segment.text, use.tokens.starts[use.first])}
    if openers:
        asked = set(openers.values())
        in_lower_case = set().union(*(asked.intersection(tokens.texts) for _, _, tokens in read))
        found = [use._replace(first=use.first + 1)
                 if openers.get((use.number, use.first)) in in_lower_case else use
                 for use in found]
    full: dict[tuple[str, str], list[_Use]] = {}
    in_full_names: set[tuple[int, int]] = set()  # (segment number, surname index)
    for use in found:
        given = _written(use.tokens, use.first, use.form - 1)
        full.setdefault((given, use.tokens.texts[use.surname]), []).append(use)
        in_full_names.add((use.number, use.surname))
    bare: dict[str, list] = {}
    lower_words: set[str] = set()
    people: set[str] = set()
    if not full:
        return full, bare, lower_words, people
    surnames = {surname for _, surname in full}
    asked_lower = {word.lower() for given, surname in full
                   for word in (*_GIVEN_WORD.findall(given), surname)}
    for number, segment, tokens in read:
        texts, gaps, names = tokens.texts, tokens.gaps, tokens.names
        lower_words.update(filter(str.islower, asked_lower.intersection(texts)))
        for index in compress(names, map(surnames.__contains__, map(texts.__getitem__, names))):
            if _continued(tokens, index):
                continue
            before = texts[index - 1] if index > 0 and adjacent(gaps[index]) else None
            if (before is not None and before.lower() in _COURTESY) or _person_after(tokens, index):
                people.add(texts[index])
            # A full name's uses, read in the first pass, are not surname references.
            if (number, index) not in in_full_names and (
                    before is None or not _capitalised(before) or before.lower() in _NOT_GIVEN):
                form = index  # with the particles before it: "bin Laden"
                while form > 0 and adjacent(gaps[form]) and texts[form - 1].lower() in _PARTICLES:
                    form -= 1
                bare.setdefault(texts[index], []).append((segment, tokens, number, form, index))
    return full, bare, lower_words, people


def _full_names(tokens):
    """``(first, form, surname)`` word indices of each full name in a paragraph's words.

    A full name is given names (or initials) and a surname, side by side, with any particles
    before the surname ("Osama bin Laden", "Luiz Inacio Lula da Silva", "George W. Bush"):
    the longest such run, less the titles, nationalities and place words that may lead it
    ("Russian President Vladimir Putin"), and no full name at all if a capitalised word goes
    on after it ("Manchester United Football Club").
    """
    texts, gaps, names = tokens.texts, tokens.gaps, tokens.names
    if len(names) < 2:
        return
    name_like = set(names)
    count = len(texts)
    last = -1  # the last word of the run read so far: a run is read once, from its first word
    for first in names:
        if first <= last:
            continue
        last = first
        while last + 1 < count:
            following = last + 1
            # The word first (most capitalised words stand alone), then what lies between.
            if not (following in name_like or texts[following] in _PARTICLES
                    or _initial(texts[following])):
                break
            gap = gaps[following]
            if not (adjacent(gap) or gap in (".", ". ") and _initial(texts[last])):
                break
            last = following
        end = last
        while end not in name_like:  # a run ends with a name word
            end -= 1
        if end == first or _continued(tokens, end):
            continue
        # Words that lead a name without being part of it: the name starts after the last.
        start = first
        for index in range(first, end):
            if index in name_like and _leads_a_name(texts[index], first=index == start):
                start = index + 1
        while start < end and texts[start].lower() in _PARTICLES:
            start += 1
        if start == end:
            continue
        form = end
        while form - 1 > start and texts[form - 1].lower() in _PARTICLES:
            form -= 1
        yield start, form, end


def _initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def _person_after(tokens, index: int) -> bool:
    """``_PERSON_AFTER`` matched at the word's end, read from the gap and the word after it.

    A gap holds no letter, so the verb can only be the next word or its start ("said-so"), and
    the word boundary after it sees the same character (or end) as in the text: nothing further
    bears on the match, and the paragraph's offsets need not be summed.
    """
    after = index + 1
    following = tokens.gaps[after] + (tokens.texts[after] if after < len(tokens.texts) else "")
    return _PERSON_AFTER.match(following) is not None


def _continued(tokens, index: int) -> bool:
    """True if a capitalised word follows side by side: the word is not the last of a name."""
    after = index + 1
    return after < len(tokens.texts) and adjacent(tokens.gaps[after]) and _capitalised(tokens.texts[after])


def _capitalised(text: str) -> bool:
    return text[:1].isupper() and not text.isupper()


def _leads_a_name(word: str, first: bool) -> bool:
    """True for a word that stands before a name without being part of it: a title, a courtesy
    title, the start of a place name, or (among the first words of a run only) a nationality.

    Elsewhere a word like a nationality is a name's ("Andriy Oleksandrovych Yermak"): the
    pattern takes any capitalised word ending as "French" or "Israeli" do.
    """
    return word.lower() in _LEADERS or first and NATIONALITY.fullmatch(word) is not None


# Words after which a name is a surname reference ("Mr Blair", "President Zelenskyy", "The …").
_NOT_GIVEN = _COURTESY | NOT_NAMES | TITLE_WORDS | _PARTICLES
_LEADERS = PLACE_QUALIFIERS | _COURTESY | TITLE_WORDS


RULE = FirstReference
