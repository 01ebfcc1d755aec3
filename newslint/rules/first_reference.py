"""First reference: a person's full name first, the surname after.

What it checks, in body paragraphs only (headline, standfirst and captions are exempt). A full
name is the longest run of given names or initials, particles and a surname side by side
("Andriy Yermak", "Thomas M. Hoenig", "Osama bin Laden", "Luiz Inacio Lula da Silva"), less
the words that may lead it without being part of it — titles and descriptions ("Russian
President Vladimir Putin", "Sen. Walter H. Jones", "Actor Clint Eastwood"), place words
("North Macedonia"), and words that are never given names: adverbs, prepositions and verbs
that a sentence start or a slogan capitalises ("Often Pipex", "Vote Blair", "Ask Jeeves"),
compounds and adjectives ("Houston-based Continental", "National Autistic Society") — and
none at all if a capitalised word, or "&" and one, goes on after it ("Manchester United
Football Club", "David Rubin & Partners"). A first word at a sentence start that the article
also uses in lower case ("later", "grants" for "Grant") is dropped if given names remain
after it, and otherwise makes the name unsure: it counts only if the article also writes it
where no sentence starts. An editor's brackets are transparent, so "[against Russian
President Vladimir] Putin" is a full first reference. Given names with and without initials
are one person's ("Thomas M. Hoenig", "Thomas Hoenig"). A surname reference is the surname
alone, or after a title ("Mr Blair", "President Zelenskyy"), but not a peer's name ("Lord
Butler"), a modifier ("the Blair government", "the Conlon family") or a place after "X of"
("Lord Roberts of Conwy").

- ``check: first``: a surname used before the person's full name appears ("Yermak said …"
  and only later "Andriy Yermak"). The first full reference is named in the message.
- ``check: later``: the full name repeated after its first reference, when the article also
  refers to the person by surname; the finding spans the whole name.

The other place is also in the finding's related locations (SARIF ``relatedLocations``).

Only people are checked: a surname the article uses after a courtesy title ("Mr Blair") or
before a verb of speech ("Zelenskyy said", "Yermak, who"), which is not the last word of a
thing's name ("Manchester United", "World Cup", "Financial Mail") and which, like its given
names, the article never uses as an ordinary lower-case word ("brown", "now"). A surname two
full names share in the article ("Tony Blair", "Cherie Blair"; "Recep Tayyip Erdogan",
"Tayyip Erdogan") is left alone: the full names tell them apart, or may; so are the full
names of the standfirst and captions ("Serena Williams" there, "Venus Williams" in the
body). Uses inside direct quotations are not flagged (the rulesets set ``in_quotes: false``),
but a full name inside one still counts as the first reference.

Not prose, and not read: a heading or table row (an ``h2``–``h6`` element, or a short
paragraph that ends without a stop: "Bush Sees Jones", "1 Roger Federer (Switzerland)"), in
which capitals prove nothing. Read for full names but never flagged: an entry of a list,
which names each person in full on purpose, and a paragraph in the first person or that
exclaims outside quotation marks ("I think Joss Stone deserved it", "Thank goodness that
Kilroy-Silk has gone!"): a reader's letter, a diary, an answer, someone's own words like a
quotation. So is a run of readers' comments at the end of a story, where most paragraphs say
"I", exclaim, ask or speak to the reader, and the rest are the same readers' words.

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

Options: ``check`` (first | later); ``introduced_in``: kinds of segments, not checked, whose
full names count as first references (``[standfirst]`` where the standfirst opens the story,
as a news agency's first paragraph does; by default the body must name each person in full).
"""

from __future__ import annotations

import re
from itertools import chain, compress
from typing import NamedTuple

from newslint.analysis.names import (
    NATIONALITIES,
    NATIONALITY,
    NOT_NAMES,
    PLACE_QUALIFIERS,
    TITLE_WORDS,
    adjacent,
)
from newslint.analysis.text import is_heading, is_list_item, sentence_start
from newslint.analysis.voices import own_words
from newslint.findings import Edit
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
society trust foundation alliance federation partners associates airlines airways motors
mail herald gazette journal tribune chronicle observer express mirror review magazine
records studios pictures productions network channel radio television
""".split())
# Titles that end a capitalised phrase without being anyone's surname ("Madam President",
# "Home Secretary", "Labour Leader"); not "King", "Major" or "Bishop", which are surnames too.
_OFFICES = frozenset("""
president minister secretary chancellor governor mayor senator ambassador chairman chairwoman
spokesman spokeswoman leader director deputy vice commander officer manager coach professor
lieutenant sergeant chief premier
""".split())
# Titles of peers: "Lord Butler" is the peer's name, not a surname standing for one.
_PEERS = frozenset("lord lady baroness baron viscount viscountess earl countess duke duchess "
                   "marquess marchioness".split())
# Before a surname these make it a modifier, not a reference to the person: "the Blair
# government", "the Conlon and Maguire families".
_DETERMINERS = frozenset("the a an this these those".split())
_FAMILY = frozenset("family families".split())
# Capitalised words that are never given names, which a sentence start or a quotation puts
# before a surname: adverbs and prepositions ("Often Pipex", "Later Thomas M. Hoenig") and
# verbs in the imperative ("Vote Blair", "Ask Jeeves"). Not "Will", "Mark" or "Frank".
_NEVER_GIVEN = frozenset("""
often later earlier instead perhaps maybe indeed nevertheless nonetheless otherwise already
again finally eventually initially currently previously ultimately together similarly likewise
besides sometimes usually never always soon once twice now today yesterday tomorrow tonight
recently last next like unlike despite under over above below between among against around
across through via per within outside inside near beyond behind towards toward throughout amid
including following according asked speaking writing having being please thanks sadly luckily
hopefully clearly certainly probably possibly obviously apparently fortunately unfortunately
overall elsewhere vote ask see read watch listen click visit join tell let get buy save stop
send try check madam acting interim radio television channel network
""".split())
# The shape of a word that is no given name: an adverb ("Reportedly"), a compound whose last
# part is lower case ("Houston-based", "State-owned"), an adjective ("National", "Financial").
_NOT_A_GIVEN_NAME = re.compile(
    r".{3,}(?:ally|ently|ously|ately|ively|fully|ingly|edly)|.*-[a-z]+|.{3,}(?:ional|ical|cial|tial|rial|eral|tral|toral)")
# Lower-case words that join a given name to a surname ("da Silva", "van Gogh", "bin Laden").
_PARTICLES = frozenset(
    "da de di do dos das del della der den van von ter ten le la du bin ibn bint al el".split())
# The words of a written given name ("George W." -> George, W).
_GIVEN_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# "Zelenskyy said", "Yermak, who": evidence that a surname is a person's.
_PERSON_AFTER = re.compile(
    r",? (?:said|says|told|added|wrote|asked|argued|insisted|explained|who)\b")


class FirstReference(Rule):
    __doc__ = __doc__
    kind = "first_reference"
    default_segments = ("body",)
    fixable = True
    fixable_when = {"check": ("later",)}
    applies_in_quotes = False
    options = {
        "check": Option("choice", "first", "which aspect to check", ("first", "later")),
        "introduced_in": Option("list", [], "segment kinds, not checked, whose full names count "
                                "as first references (a standfirst that opens the story)"),
    }

    def check(self, document):
        people = _references(document, self.segments, self.config["introduced_in"])
        for first, repeated, references in people.values():
            if self.config["check"] == "first":
                earlier = [(segment, tokens, form, index)
                           for segment, tokens, number, form, index in references
                           if (number, index) < (first.number, first.first)]
                if not earlier:
                    continue
                at = _location(document, first.segment, first.tokens, first.first, first.surname)
                name = _written(first.tokens, first.first, first.surname)
                for segment, tokens, form, index in earlier:
                    violation = self.violation(
                        segment, tokens.starts[form], tokens.ends[index],
                        f'"{_written(tokens, form, index)}" before the first full reference '
                        f'"{name}" at {at.line}:{at.column}')
                    violation.extra = at.related("the first full reference")
                    yield violation
            elif repeated:
                at = _location(document, first.segment, first.tokens, first.first, first.surname)
                for use in repeated:
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
        violation = self.violation(
            use.segment, start, end,
            f'Full name "{_written(tokens, use.first, use.surname)}" again after the first '
            f'reference at {at.line}:{at.column}; later references use the surname',
            applicability="unsafe", title=f'Write "{form}"',
            edits=[Edit(start, form_start, replacement)])
        violation.extra = at.related("the first reference")
        return violation


class _Use(NamedTuple):
    """A full name in a paragraph: word indices of its first word, of its surname with any
    particles before it ("bin Laden") and of the surname itself."""

    segment: object
    tokens: object
    number: int  # the segment's place in the document
    first: int
    form: int
    surname: int
    # False when the first word may be an ordinary word capitalised at a sentence start
    # ("Often Pipex"): such a name counts only if the article also writes it where no
    # sentence starts.
    sure: bool = True


class _Person(NamedTuple):
    """A person the rules check: the first full reference, the full names after it that are
    not exempt (``_exempt``), and the surname references as ``(segment, words, number, form,
    surname)`` word indices, in reading order."""

    first: _Use
    repeated: list[_Use]
    references: list[tuple]


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


class _Location(NamedTuple):
    """Where a name another finding refers to stands in the source, 1-based, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def related(self, message: str) -> dict:
        """The ``Finding.extra`` of a finding that refers to this place (SARIF's
        ``relatedLocations``)."""
        return {"related": [{"line": self.line, "column": self.column, "end_line": self.end_line,
                             "end_column": self.end_column, "message": message}]}


def _location(document, segment, tokens, first: int, last: int) -> _Location:
    """The place of words ``first`` to ``last`` in the source, worked out only for a finding
    that names it."""
    start, end = segment.source_span(tokens.starts[first], tokens.ends[last])
    return _Location(*document.lines.position(start), *document.lines.position(end))


def _references(document, kinds, introduced=()) -> dict[str, _Person]:
    """The people the rules check, by surname, in reading order; computed once per document
    for both reference rules."""
    key = ("references", frozenset(kinds), frozenset(introduced))
    if key not in document.cache:
        document.cache[key] = _collect_references(document, kinds, introduced)
    return document.cache[key]


# Segments whose full names say who else may share a surname, though the rules do not read
# them: "Serena Williams" in the standfirst makes "Williams" in the body ambiguous.
_BESIDE = ("standfirst", "caption")


def _prose(document, kinds, introduced=()):
    """``(number, segment, words)`` of the paragraphs of these kinds (and of the ``introduced``
    kinds) that are prose: not a heading or table row, where capitals prove nothing ("Vote
    Blair")."""
    return [(number, segment, segment.analysis.words)
            for number, segment in enumerate(document.segments)
            if (segment.kind in kinds or segment.kind in introduced)
            and not is_heading(segment.text, segment.attributes.get("element"))]


def _exempt(document, read, kinds) -> set[int]:
    """The numbers of the paragraphs read that name people as they like: a part that is not
    checked (an ``introduced`` kind), an entry of a list, someone's own words
    (``voices.own_words``)."""
    exempt = {number for number, segment, _ in read
              if segment.kind not in kinds
              or is_list_item(segment.text, segment.attributes.get("element"))}
    return exempt | own_words(document, kinds).own


def _collect_references(document, kinds, introduced) -> dict[str, _Person]:
    """Each step reads only what the steps before it left, the strongest evidence first: the
    full names of every paragraph; which of their surnames the article uses alone and as a
    person's (in most articles, none); then only for those, the full names again, the words
    the article writes in lower case and the paragraphs that are exempt. So the many name
    words that are no full name's surname cost no Python work of their own."""
    read = _prose(document, kinds, introduced)
    beside = _prose(document, [kind for kind in _BESIDE
                               if kind not in kinds and kind not in introduced])
    # Offsets are read only for the few uses a finding reports.
    found = [_Use(segment, tokens, number, *name)
             for number, segment, tokens in read for name in _full_names(tokens)]
    people, references = _surname_uses(read, found)
    # A surname the article uses after a courtesy title or before a verb of speech is a
    # person's, if it is no thing's name ("Manchester United"); without a reference by
    # surname alone there is nothing to report.
    wanted = {surname for surname in people
              if surname in references and surname.lower() not in _THING_HEADS}
    if not wanted:
        return {}
    # What is known of a surname comes from its own full names only.
    found = [use for use in found if use.tokens.texts[use.surname] in wanted]
    elsewhere = [_Use(segment, tokens, number, *name)
                 for number, segment, tokens in beside for name in _full_names(tokens)
                 if tokens.texts[name[-1]] in wanted]
    found, elsewhere = _sentence_openers(found, elsewhere,
                                         [tokens.texts for *_, tokens in read + beside])
    persons = _persons(found, elsewhere)
    # No word the article also writes as an ordinary lower-case one ("brown", "now").
    words_of = {surname: [word.lower() for given in givens
                          for word in (*_GIVEN_WORD.findall(given), surname)]
                for surname, (givens, _) in persons.items()}
    in_lower_case = _in_lower_case({word for words in words_of.values() for word in words},
                                   [tokens.texts for *_, tokens in read])
    persons = {surname: uses for surname, (_, uses) in persons.items()
               if in_lower_case.isdisjoint(words_of[surname])}
    if not persons:
        return {}
    exempt = _exempt(document, read, kinds)
    checked = {}
    for surname, uses in persons.items():
        kept = [reference for reference in references[surname] if reference[2] not in exempt]
        if kept:
            checked[surname] = _Person(uses[0], [use for use in uses[1:]
                                                 if use.number not in exempt], kept)
    return checked


def _surname_uses(read, found) -> tuple[set[str], dict[str, list]]:
    """Which surnames of the full names ``found`` the paragraphs ``read`` use as a person's
    (after a courtesy title, before a verb of speech), and the references by each surname
    alone, as ``(segment, words, number, form, surname)``, in reading order."""
    surnames = {use.tokens.texts[use.surname] for use in found}
    in_full_names = {(use.number, use.surname) for use in found}
    people: set[str] = set()
    references: dict[str, list] = {}
    for number, segment, tokens in read:
        texts, gaps, names = tokens.texts, tokens.gaps, tokens.names
        for index in compress(names, map(surnames.__contains__, map(texts.__getitem__, names))):
            if _continued(tokens, index):
                continue
            before = texts[index - 1] if index > 0 and adjacent(gaps[index]) else None
            lowered = before.lower() if before is not None else None
            if lowered in _COURTESY or lowered in _PEERS or _person_after(tokens, index):
                people.add(texts[index])
            # A full name's own surname is no surname reference.
            if ((number, index) not in in_full_names
                    and _refers_by_surname(tokens, index, before)):
                form = index  # with the particles before it: "bin Laden"
                while form > 0 and adjacent(gaps[form]) and texts[form - 1].lower() in _PARTICLES:
                    form -= 1
                references.setdefault(texts[index], []).append(
                    (segment, tokens, number, form, index))
    return people, references


def _in_lower_case(words: set[str], texts) -> set[str]:
    """Those of the lower-case ``words`` that the paragraphs of ``texts`` write as they are."""
    return set(filter(str.islower, words.intersection(chain.from_iterable(texts))))


def _sentence_openers(found, elsewhere, texts):
    """The uses with a first word that a sentence start may have capitalised read again.

    A capital at a sentence start proves nothing: in "Later Osama bin Laden" the first word
    is no given name, as the article shows by writing it in lower case elsewhere ("later",
    or "votes" for "Vote"). Such a word is dropped when given names remain after it; a name
    left with none ("Often Pipex") is not sure. Without that evidence the run stays whole
    ("Recep Tayyip Erdogan").
    """
    # Which first words the article writes in lower case is asked first, by one C-level pass
    # over its words: most are given names it never does, and need no sentence start found.
    forms = {word: _inflections(word)
             for word in {use.tokens.texts[use.first].lower() for use in (*found, *elsewhere)}}
    written = set().union(*forms.values()).intersection(chain.from_iterable(texts))
    if not written:
        return found, elsewhere
    in_lower_case = {word for word, its_forms in forms.items() if not written.isdisjoint(its_forms)}

    def read_again(use):
        tokens = use.tokens
        if (tokens.texts[use.first].lower() not in in_lower_case
                or not sentence_start(use.segment.text, tokens.starts[use.first])):
            return use
        if any(not _initial(tokens.texts[index]) for index in range(use.first + 1, use.form)):
            return use._replace(first=use.first + 1)
        return use._replace(sure=False)

    return list(map(read_again, found)), list(map(read_again, elsewhere))


def _inflections(word: str) -> tuple[str, ...]:
    """A word and the forms of it that show it is an ordinary word ("vote": "votes",
    "voted", "voter", "voting")."""
    stem = word.removesuffix("e")
    return (word, word + "s", word + "es", stem + "ed", stem + "er", stem + "ers", stem + "ing",
            word + "d", word + "r", word + "rs")


def _persons(found, elsewhere) -> dict[str, tuple[list[str], list[_Use]]]:
    """``{surname: (given names, uses)}`` of the people named in full in the paragraphs read.

    The given names written with one surname must be one person's: the same names, with or
    without initials ("Thomas M. Hoenig", "Thomas Hoenig"). Two people of one surname
    ("Tony Blair", "Cherie Blair"; "George H. W. Bush", "George W. Bush"; "Recep Tayyip
    Erdogan", "Tayyip Erdogan"), here or in the paragraphs beside (``_BESIDE``), leave the
    surname alone: the full names tell them apart, or may. A form known only from uses that
    are not sure counts for nothing.
    """
    forms: dict[str, dict[str, bool]] = {}  # surname -> {given names: sure}
    for use in (*found, *elsewhere):
        given = forms.setdefault(use.tokens.texts[use.surname], {})
        key = _written(use.tokens, use.first, use.form - 1)
        given[key] = given.get(key, False) or use.sure
    persons = {}
    for use in found:
        surname = use.tokens.texts[use.surname]
        sure = [given for given, is_sure in forms[surname].items() if is_sure]
        if not sure or not all(_same_given_names(sure[0], other) for other in sure[1:]):
            continue
        if _written(use.tokens, use.first, use.form - 1) in sure:
            persons.setdefault(surname, (sure, []))[1].append(use)
    return persons


def _same_given_names(first: str, second: str) -> bool:
    """True if two written given names are one person's: the same names, with the same
    initials or with none ("George W." and "George", not "George H. W.")."""
    first_words, second_words = first.split(), second.split()
    initials = [[word for word in words if _initial(word.rstrip("."))]
                for words in (first_words, second_words)]
    names = [[word for word in words if not _initial(word.rstrip("."))]
             for words in (first_words, second_words)]
    return names[0] == names[1] and (initials[0] == initials[1] or not all(initials))


def _refers_by_surname(tokens, index: int, before: str | None) -> bool:
    """True if the name word at ``index`` stands alone for a person: not after a given name
    (that is a full name), a peer's title ("Lord Butler" is the peer's name), a determiner
    or "X of" ("the Blair government", "Lord Roberts of Conwy"), nor before "family"."""
    if before is not None:
        lowered = before.lower()
        if lowered in _PEERS or lowered in _DETERMINERS:
            return False
        if _capitalised(before) and lowered not in _NOT_GIVEN:
            return False
        if (lowered == "of" and index > 1 and adjacent(tokens.gaps[index - 1])
                and _capitalised(tokens.texts[index - 2])):
            return False
    after = index + 1
    return not (after < len(tokens.texts) and tokens.texts[after] in _FAMILY
                and adjacent(tokens.gaps[after]))


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
        if end == first or _continued(tokens, end) or texts[end].lower() in _OFFICES:
            continue
        # Words that lead a name without being part of it: the name starts after the last.
        start = first
        for index in range(first, end):
            if index in name_like and _leads_a_name(texts[index], index == start, end - index):
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
    """True if a capitalised word follows side by side, or after "&" where no full name
    follows ("David Rubin & Partners", "Marks & Spencer"; not "Matt Lucas & David
    Walliams"): the word is not the last of a name."""
    texts, gaps = tokens.texts, tokens.gaps
    after = index + 1
    if after == len(texts) or not _capitalised(texts[after]):
        return False
    if adjacent(gaps[after]):
        return True
    return gaps[after] == " & " and not (after + 1 < len(texts) and adjacent(gaps[after + 1])
                                         and _capitalised(texts[after + 1]))


def _capitalised(text: str) -> bool:
    return text[:1].isupper() and not text.isupper()


def _leads_a_name(word: str, first: bool, words_after: int) -> bool:
    """True for a word that stands before a name without being part of it: a title, a courtesy
    title, the start of a place name, a word that is never a given name ("Vote", "Often",
    "Houston-based"), or (among the first words of a run only) a nationality.

    Elsewhere a word like a nationality is a name's ("Andriy Oleksandrovych Yermak"): the
    pattern takes any capitalised word ending as "French" or "Israeli" do, and a given name
    too ("Brian", "Jarek"), so a word the pattern alone takes leads only where a full name
    of two words follows it ("Israeli Ehud Olmert", not "Jarek Kujda").
    """
    lowered = word.lower()
    return (lowered in _LEADERS or _NOT_A_GIVEN_NAME.fullmatch(word) is not None
            or first and (lowered in NATIONALITIES
                          or words_after >= 2 and NATIONALITY.fullmatch(word) is not None))


# Words after which a name is a surname reference ("Mr Blair", "President Zelenskyy", "The …").
_NOT_GIVEN = _COURTESY | NOT_NAMES | TITLE_WORDS | _PARTICLES | _NEVER_GIVEN
_LEADERS = PLACE_QUALIFIERS | _COURTESY | TITLE_WORDS | _NEVER_GIVEN


RULE = FirstReference
