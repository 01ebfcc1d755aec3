"""First reference: a person's full name first, the surname after.

What it checks, in body paragraphs only (headline, standfirst and captions are exempt). A full
name is two capitalised words side by side, the first not a title, nationality, function word
or the start of a place name ("North Macedonia", "Saudi Arabia"); an editor's brackets are
transparent, so "[against Russian President Vladimir] Putin" is a full first reference. A
surname reference is the surname alone, or after a title ("Mr Blair", "President Zelenskyy").

- ``check: first``: a surname used before the person's full name appears ("Yermak said …"
  and only later "Andriy Yermak"). The first full reference is named in the message.
- ``check: later``: the full name repeated after its first reference, when the article also
  refers to the person by surname. Fix (unsafe): drop the first name.

Only people are checked: a surname the article uses after a courtesy title ("Mr Blair") or
before a verb of speech ("Zelenskyy said", "Yermak, who"), which is not the last word of a
thing's name ("Manchester United", "World Cup") and which, like its first name, the article
never uses as an ordinary lower-case word ("brown", "now"). A surname two people share in the
article ("Tony Blair", "Cherie Blair") is left alone: their full names tell them apart. Uses inside direct quotations are not flagged (the rulesets set ``in_quotes: false``),
but a full name inside one still counts as the first reference.

Why: the reader meets a person once, in full, and knows them by surname from then on.

Bad: Yermak said the talks went well. Andriy Yermak is chief of staff.
Good: Andriy Yermak said the talks went well. Yermak is chief of staff.

Options: ``check`` (first | later).
"""

from __future__ import annotations

import re
from itertools import compress
from operator import eq

from newslint.findings import Edit
from newslint.names import NATIONALITY, NOT_NAMES, PLACE_QUALIFIERS, adjacent, words
from newslint.rules import Option, Rule

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
            if (surname.lower() in lower_words or given.lower() in lower_words
                    or surname.lower() in _THING_HEADS or surname not in people):
                continue
            first_segment, first_tokens, first_number, first_index = uses[0]
            name = f"{given} {surname}"
            if self.config["check"] == "first":
                earlier = [(segment, tokens, index) for segment, tokens, number, index in surname_uses
                           if (number, index) < (first_number, first_index)]
                if not earlier:
                    continue
                at = _position(document, first_segment, first_tokens, first_index - 1)
                for segment, tokens, index in earlier:
                    yield self.violation(
                        segment, tokens.starts[index], tokens.ends[index],
                        f'"{surname}" before the first full reference "{name}" at {at}')
            elif surname_uses and len(uses) > 1:
                at = _position(document, first_segment, first_tokens, first_index - 1)
                for segment, tokens, _, index in uses[1:]:
                    given_start, surname_start = tokens.starts[index - 1], tokens.starts[index]
                    yield self.violation(
                        segment, given_start, tokens.ends[index],
                        f'Full name "{name}" again after the first reference at {at}; '
                        f'later references use the surname',
                        applicability="unsafe", title=f'Write "{surname}"',
                        edits=[Edit(given_start, surname_start, "")])


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
    # Uses are (segment, its words, segment number, index of the surname word): offsets are
    # read only for the few uses a finding reports.
    full: dict[tuple[str, str], list] = {}
    for number, segment, tokens in read:
        texts, gaps, names = tokens.texts, tokens.gaps, tokens.names
        # A full name's last word is a name word straight after another name word.
        for index in compress(names[1:], map(eq, names[1:], map((1).__add__, names))):
            given = texts[index - 1]
            if adjacent(gaps[index]) and not _continued(tokens, index) and _given_name(given):
                full.setdefault((given, texts[index]), []).append((segment, tokens, number, index))
    bare: dict[str, list] = {}
    lower_words: set[str] = set()
    people: set[str] = set()
    if not full:
        return full, bare, lower_words, people
    surnames = {surname for _, surname in full}
    asked_lower = {word.lower() for pair in full for word in pair}
    for number, segment, tokens in read:
        texts, gaps, names = tokens.texts, tokens.gaps, tokens.names
        lower_words.update(filter(str.islower, asked_lower.intersection(texts)))
        for index in compress(names, map(surnames.__contains__, map(texts.__getitem__, names))):
            if _continued(tokens, index):
                continue
            before = texts[index - 1] if index > 0 and adjacent(gaps[index]) else None
            if (before is not None and before.lower() in _COURTESY) or _person_after(tokens, index):
                people.add(texts[index])
            # A given name is capitalised and outside _NOT_GIVEN: a full name's uses, read in
            # the first pass, are not surname references.
            if before is None or not _capitalised(before) or before.lower() in _NOT_GIVEN:
                bare.setdefault(texts[index], []).append((segment, tokens, number, index))
    return full, bare, lower_words, people


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


def _given_name(text: str) -> bool:
    """For a name word (capitalised, not a function word) before a surname."""
    lowered = text.lower()
    return (lowered not in PLACE_QUALIFIERS and lowered not in _COURTESY
            and not NATIONALITY.fullmatch(text) and lowered not in _TITLE_WORDS)


# Words of titles, which stand before names but are not given names ("President Zelenskyy").
_TITLE_WORDS = frozenset("""
president minister prime foreign secretary chancellor governor mayor senator ambassador general
king queen prince princess pope sheikh emir ayatollah cardinal archbishop bishop rabbi judge
justice chief commander colonel captain lieutenant major admiral sergeant officer spokesman
spokeswoman chairman chairwoman director leader deputy vice speaker lord lady sir dame professor
coach manager striker midfielder defender goalkeeper
""".split())
# Words after which a name is a surname reference ("Mr Blair", "President Zelenskyy", "The …").
_NOT_GIVEN = _COURTESY | NOT_NAMES | _TITLE_WORDS


RULE = FirstReference
