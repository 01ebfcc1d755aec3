"""Titles: courtesy titles before names, and the case of formal titles.

What it checks. With ``check: courtesy``: a courtesy title ("Mr", "Mrs", "Ms", "Miss", "Mr.")
before a name; the finding is the title and the name's first word ("Mr Blair"). Forms of
address and names that contain a title ("Mr Speaker", "Mr Bean", "Miss World") are left alone
(``exceptions``, each also with a full stop), and so are names of works and characters: a
title-case run that ends in a verb or goes on past a small word ("Mr Smith Goes to
Washington", "Mrs Henderson Presents"), a title after a capitalised small word in the middle
of a sentence ("No More Mr Nasty"), and a title opened by a quotation mark or emphasis
("*Mrs Dalloway*", "<em>Mr Deeds</em>", "'Mr Smith'"). "Mrs" before a given name, initials and a surname is the
married-name form, which names a woman by her husband's name ("Mrs. John C. Davis"), and is
left alone. "Mr and Mrs Smith" is reported without a fix: no mechanical
edit can shorten it. Quoted speech keeps its words (the rulesets set ``in_quotes: false``),
and so do readers' comments printed after a story, which a newsroom does not edit either: a
run of body paragraphs at the end, most of them saying "I", exclaiming, asking or speaking to
the reader (``voices.own_words``, shared with ``first_reference``). A lone paragraph in the
first person is not enough: it may be a correspondent's aside ("I'll bet he hadn't checked")
or a quotation carried over from the paragraph before.

With ``check: case``: a formal title from the ``titles`` list is capitalised directly before a
name ("Prime Minister Edi Rama") and lower case otherwise ("the prime minister said"). Flagged:
a lower-case title before a full name — two capitalised words, neither a weekday, month or
function word, the first not the start of a place name ("North Macedonia") — after nothing
that may belong to the title (a title of one word only after a sentence start, "the", "former"
or a nationality; one of several words also after any lower-case word but "shadow" or "deputy":
"Fifa president", "shadow chancellor" and "industry minister" are left alone), fixed
by capitalising; and a capitalised title after "the" that no capitalised word follows, fixed
by lower-casing — except at a sentence start (``text.sentence_start``), in institutions named
after a title ("Prime Minister's Office", "Office of the President"), before "of" ("the
President of Ukraine" may be a formal style), where the title names a place or a thing ("the
Ambassador hotel", "the Chancellor pub", "the *President*" in quotation marks or emphasis),
and "the King", "the Pope", which are not in the list.

Why: house style, like AP's, writes a person's name plainly; a capital marks a title used as
part of a name, and only then.

Bad: Talks ended, and Mr Yermak flew home with the Prime Minister.
Good: Talks ended, and Yermak flew home with the prime minister.

Fix safety: the courtesy fix deletes the title and the white space after it, inside the
finding ("Mr Blair" -> "Blair"). It is safe for "Mr", "Mrs" and "Ms" before a name of one
word ("Mr J. Smith" too), which these titles only ever stand before. It is unsafe (applied only
with ``--unsafe-fixes``) for "Miss", which is also a verb and the first word of pageant names;
before a name of two words or more ("Mrs Parker Bowles", "Mr Saumarez Smith", "Mrs John
Smith"), which may be a work's title-case name or, after "Mrs", her husband's name, so that
dropping the title names someone else (so "Mrs J. Smith" too); and after a word for a work
and a determiner or a possessive, where the name may be the work's or a person's ("the film Mr
Jones"; "In Mr Peston's book Mr Brown is alleged to have said", BBC politics-225). The case
fixes: lower-casing
a title after "the" with no name after it is safe; capitalising a title before a name is
unsafe, as the name test is a guess.

Options: ``check`` (courtesy | case); ``titles`` (a file with ``titles`` and ``institutions``
lists, relative to the ruleset); ``courtesy_titles``; ``exceptions``.
"""  # noqa: E501 (the kind's documentation, shown as written by explain, SARIF and docs/rules.md)

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from newslint.analysis.matcher import TermMatcher
from newslint.analysis.names import (
    NATIONALITY,
    NOT_NAMES,
    PLACE_QUALIFIERS,
    Words,
    is_name,
    side_by_side,
    words,
)
from newslint.analysis.prefilter import Prefiltered
from newslint.analysis.text import sentence_start
from newslint.analysis.voices import in_comments
from newslint.config.ruledata import load_titles
from newslint.errors import ConfigError
from newslint.findings import Edit
from newslint.rules import Option, Rule

_SMALL = {"of", "the", "and", "for"}
# "Mr Deeds" in an exception is also "Mr. Deeds".
_POINTED = re.compile(r"\b(Mrs?|Ms)(?= )")


def title_case(title: str) -> str:
    parts = re.split(r"([ -])", title)
    return "".join(p if p in _SMALL or p in " -" else p[:1].upper() + p[1:] for p in parts)


class Titles(Rule):
    __doc__ = __doc__
    kind = "titles"
    fixable = True
    applies_in_quotes = False
    options = {
        "check": Option("choice", "courtesy", "which aspect to check", ("courtesy", "case")),
        "titles": Option("path", None, "file with the formal 'titles' and 'institutions' lists"),
        "courtesy_titles": Option("list", ["Mr", "Mrs", "Ms", "Miss", "Mr.", "Mrs.", "Ms."],
                                  "courtesy titles to flag"),
        "exceptions": Option(
            "list",
            ["Mr Speaker", "Madam Speaker", "Mr President", "Madam President", "Mr Bean", "Mr Big",
             "Mr T", "Mr Men", "Little Miss", "Mr Justice", "Mrs Justice", "Miss World",
             "Miss Universe", "Miss America", "Mr Universe", "Mr Olympia", "Miss Saigon",
             "Miss Marple", "Mrs Brown's Boys", "Mrs Doubtfire",
             # works and characters named with a title
             "Mrs Dalloway", "Mr Deeds", "Mrs Miniver", "Mr Holland's Opus", "Mr Selfridge",
             "Mr Blue Sky", "Mr Brightside", "Talented Mr Ripley", "Mr Tambourine Man",
             "Mr Bojangles", "Mr Blobby", "Mr Motivator", "Mr Kipling", "Mr Whippy",
             "Mr Potato Head", "Mr Magoo", "Jekyll and Mr Hyde", "Goodbye Mr Chips",
             "Goodbye, Mr Chips", "Mr Robot", "Mr Nobody", "Mr Mercedes", "Marvelous Mrs Maisel",
             "Marvellous Mrs Maisel", "Mrs America", "Mr Nice Guy", "Mr Right", "Mr Muscle",
             "Mr Sheen", "Mr Tumble", "Jonathan Strange and Mr Norrell",
             "Jonathan Strange & Mr Norrell", "Edward and Mrs Simpson", "Edward & Mrs Simpson"],
            "phrases in which a title is part of a name or a form of address"),
    }

    def prepare(self) -> None:
        if self.config["check"] == "case":
            if self.config["titles"] is None:
                raise ConfigError(f"rule {self.id!r}: check 'case' needs the 'titles' option")
            titles, institutions = load_titles(self.config["titles"])
            self._titles = TermMatcher({t: t for t in titles})
            self._institutions = TermMatcher({i: i for i in institutions})
        titles = sorted(self.config["courtesy_titles"], key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in titles)
        # "Mr and Mrs Smith" is one match, so that it is never cut to "Mr and Smith". The word
        # boundary before it is tested by _courtesy_matches: a pattern that opens with a
        # literal ("M") is searched for it in C, one that opens with \b tried at every character.
        self._courtesy = Prefiltered(
            rf"(?:{alternatives})(?!\w)(?:\s+(?:and|&)\s+(?:{alternatives})(?!\w))?\s+(?=[^\W\d_])")
        exceptions = self.config["exceptions"]
        pointed = [_POINTED.sub(r"\1.", exception) for exception in exceptions]
        self._exceptions = TermMatcher({e: e for e in [*exceptions, *pointed]})

    def matchers(self):
        if self.config["check"] == "courtesy":
            return (self._exceptions,)
        return (self._titles, self._institutions)

    def triggers(self):
        if self.config["check"] == "case":
            return (self._titles,)  # every finding is a title's
        literals = self._courtesy.literals
        return (literals,) if literals is not None else None

    def check_segment(self, segment, document):
        if self.config["check"] == "courtesy":
            yield from self._check_courtesy(segment, document)
        else:
            yield from self._check_case(segment, document)

    def _courtesy_matches(self, analysis):
        """What finditer would give for the pattern after ``\b``, non-overlapping. (The engine
        runs the rule only where the pattern's literals are: ``triggers``.)"""
        text, pattern, position = analysis.text, self._courtesy.pattern, 0
        while (match := pattern.search(text, position)) is not None:
            if _BOUNDARY.match(text, match.start()):
                yield match
                position = match.end()  # never empty: a title and a space at least
            else:
                position = match.start() + 1

    def _check_courtesy(self, segment, document):
        text = segment.text
        excepted = tokens = comment = None  # most paragraphs have no courtesy title to excuse
        for match in self._courtesy_matches(segment.analysis):
            # A letter follows the match, and begins the next word: is it a capital?
            if not text[match.end()].isupper():
                continue
            if excepted is None:
                excepted = _Spans(self._exceptions.find(segment.analysis))
            if excepted.holds(match.start()):
                continue
            title = match.group().rstrip()
            start = match.start()
            if title == "Miss" and sentence_start(text, start):
                continue  # "Miss Kelly" or "Miss the deadline": the verb is as likely
            if tokens is None:
                tokens = segment.analysis.words
            run = _name_run(text, tokens, match.end())
            if (not run or _names_a_work(text, tokens, run) or _in_title_case(text, start)
                    or _marked_as_a_title(document, segment, start)):
                continue
            if title.startswith("Mrs") and _married_name(tokens, run):
                continue  # "Mrs. John C. Davis" is the wife of John C. Davis
            if comment is None:
                comment = in_comments(document, segment)
            if comment:
                return  # a reader's comment keeps its words, as a quotation does
            # The finding is the title and the word it stands before, so that the fix, which
            # deletes the title and the space after it, edits nothing outside it.
            end = tokens[run[0]].end
            message = f'Courtesy title "{title}" before a name'
            if " and " in title or " & " in title:
                yield self.violation(segment, start, end, message)
                continue
            uncertain = (title == "Miss" or sum(1 for i in run if not _initial(tokens, i)) > 1
                         or title.startswith("Mrs") and len(run) > 1  # "Mrs J. R. Smith": whose?
                         or _work_noun_before(text, start))
            yield self.violation(segment, start, end, message,
                                 applicability="unsafe" if uncertain else "safe",
                                 title=f'Remove "{title}"', edits=[Edit(start, match.end(), "")])

    def _check_case(self, segment, document):
        text = segment.text
        found_titles = list(self._titles.find(segment.analysis))
        if not found_titles:
            return
        institutions = _Spans(self._institutions.find(segment.analysis))
        tokens = segment.analysis.words
        for start, end, _title in found_titles:
            if institutions.holds(start) or _OFFICE_OF.search(text, max(0, start - 80), start):
                continue
            found = text[start:end]
            if _word_starting_at(tokens, start) is None:  # inside a word
                continue
            if _hyphened(text, start, end):
                continue  # "the Governor-General", "Vice-President": another title, not this one
            after = _next_word(text, tokens, end)
            if found.islower():
                if (after is not None and _starts_full_name(text, tokens, after)
                        and _plain_before(text, start, " " in found)):
                    fixed = title_case(found)
                    yield self.violation(segment, start, end,
                                         f'Title "{found}" in lower case before a name',
                                         fixed, applicability="unsafe", title=f'Write "{fixed}"')
                continue
            if found != title_case(found) or sentence_start(text, start):
                continue
            before = text[max(0, start - 4):start]
            if before.lower() != "the ":
                continue
            if (after is not None or text.startswith(" of ", end) or _names_a_place(text, end)
                    or _marked_as_a_title(document, segment, start)):
                continue  # "the Ambassador hotel", "the *President*": a name
            if text.startswith(("’s ", "'s "), end):
                following = words(text[end + 3:end + 40])
                if following and following[0].capitalised:
                    continue  # "the Prime Minister's Office"
            lowered = found.lower()
            yield self.violation(segment, start, end,
                                 f'Title "{found}" capitalised without a name',
                                 lowered, title=f'Write "{lowered}"')


def _hyphened(text: str, start: int, end: int) -> bool:
    """True if a hyphen joins the title to a word before or after it."""
    return (text[end:end + 1] == "-" and text[end + 1:end + 2].isalpha()
            or start > 1 and text[start - 1] == "-" and text[start - 2].isalpha())


# After a capitalised title, a word that makes it the name of a place or a thing: "the
# Ambassador hotel", "the Chancellor pub", "the President liner".
_PLACE_NOUNS = frozenset("""hotel hotels theatre theater cinema pub bar inn tavern restaurant
cafe club ship liner yacht vessel ferry building tower hall suite lounge room stakes
""".split())
_NEXT_WORD = re.compile(r" ([a-z]+)")


def _names_a_place(text: str, end: int) -> bool:
    """True if a word of ``_PLACE_NOUNS`` follows the title."""
    match = _NEXT_WORD.match(text, end)
    return match is not None and match.group(1) in _PLACE_NOUNS


# Words before a title that leave it the whole title ("the former prime minister Ehud Barak").
_PLAIN_BEFORE = frozenset("the former late then outgoing incoming acting interim new".split())
# After these a title is a modifier's or a common noun ("shadow chancellor", "a prime minister").
_MODIFIERS = frozenset("shadow deputy junior senior executive assistant vice associate a an any "
                       "every no another".split())


# Small words inside a title-case name ("Mr Smith Goes to Washington"); not "of" or "and",
# which go on from a person's name as often ("Mrs Parker Bowles and Prince Charles").
_JOINERS = frozenset("to at in on for from with by".split())
# Verbs that end a title-case name: "Mr Smith Goes", "Mrs Henderson Presents".
_TITLE_VERBS = frozenset("""goes comes returns presents strikes takes meets gets makes wins saves
learns visits wants""".split())
# Before a courtesy title, a name that may be a work's or a character's: the fix needs judgement.
_WORK_NOUNS = frozenset("""novel film movie play sitcom series musical song single album book
character role show comedy drama opera""".split())
_DETERMINERS = frozenset("the a an his her their its new latest debut hit".split())
# Just before a title, these open a quotation or, in plain text, emphasis.
_TITLE_MARKS = frozenset("\"'“‘*_")
# Markup that opens emphasis, at the end of the source before the title.
_EMPHASIS_OPENED = re.compile(r"(?:<(?:i|em|cite)\b[^<>]*>|[*_])$", re.IGNORECASE)

# Matched at a position, \b sees the character before it, as in a search from the text start.
_BOUNDARY = re.compile(r"\b")

# "the Office of the Deputy Prime Minister", "the Department for the ...": an institution.
_OFFICE_OF = re.compile(r"[A-Z]\w+ (?:of|for) the $")


class _Spans:
    """Matcher hits (sorted, apart) asked "does one hold this offset?" by bisection."""

    def __init__(self, hits):
        spans = [(start, end) for start, end, _ in hits]
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def holds(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


def _initial(tokens: Words, index: int) -> bool:
    """True for a single capital letter: an initial ("C." of "John C. Davis", "J Smith")."""
    word = tokens.texts[index]
    return len(word) == 1 and word.isupper()


def _word_starting_at(tokens: Words, offset: int) -> int | None:
    """Index of the word that starts at ``offset``; None if none does."""
    index = bisect_left(tokens.starts, offset)
    return index if index < len(tokens) and tokens.starts[index] == offset else None


def _name_run(text: str, tokens: Words, start: int) -> list[int]:
    """Indices of the words of the name that starts at ``start``: a capitalised word, then
    name-like words and initials side by side ("John C. Davis", "Parker Bowles"); empty if no
    capitalised word starts there."""
    index = _word_starting_at(tokens, start)
    if index is None:
        return []
    word = tokens.texts[index]
    if not (word[:1].isupper() and not word.isupper() or _initial(tokens, index)):
        return []
    run = [index]
    while index + 1 < len(tokens):
        gap = tokens.gaps[index + 1]
        if not (gap == " " or _initial(tokens, index) and gap in (".", ". ")):
            break
        index += 1
        word = tokens.texts[index]
        if not (_initial(tokens, index)
                or word[:1].isupper() and not word.isupper() and word.lower() not in NOT_NAMES):
            break
        run.append(index)
    return run


def _married_name(tokens: Words, run: list[int]) -> bool:
    """A given name, initials and a surname ("John C. Davis"): after "Mrs", the husband's name."""
    return (len(run) >= 3 and not _initial(tokens, run[0]) and not _initial(tokens, run[-1])
            and all(_initial(tokens, i) for i in run[1:-1]))


def _names_a_work(text: str, tokens: Words, run: list[int]) -> bool:
    """True if the name reads as a work's title-case title: "Mr Smith Goes to Washington".

    Two capitalised words of which the last is a verb ("Goes", "Presents"), or two followed
    by a small word and another capital ("Mr Deeds Goes to Town"), are the shape of a title,
    not of a person's name and the rest of a sentence.
    """
    if sum(1 for i in run if not _initial(tokens, i)) < 2:
        return False
    if tokens.texts[run[-1]].lower() in _TITLE_VERBS:
        return True
    index = run[-1] + 1
    return (index + 1 < len(tokens) and tokens.gaps[index] == " "
            and tokens.texts[index] in _JOINERS and tokens.gaps[index + 1] == " "
            and tokens.texts[index + 1][:1].isupper())


def _marked_as_a_title(document, segment, start: int) -> bool:
    """True if the name opens with a quotation mark or emphasis: a work's title, or quoted words.

    Emphasis is read from the source just before the title ("<em>Mrs Dalloway</em>",
    "*Mrs Dalloway*" in Markdown), since the segment text has lost its markup; in plain text
    the asterisk or underscore is still in the text.
    """
    text = segment.text
    if start > 0 and text[start - 1] in _TITLE_MARKS:
        return True
    source_start = segment.offsets.start(start)
    if start > 0:
        markup = document.source[segment.offsets.end(start - 1):source_start]
    else:
        markup = document.source[max(0, source_start - 40):source_start]
    return bool(markup) and _EMPHASIS_OPENED.search(markup) is not None


def _in_title_case(text: str, start: int) -> bool:
    """True if the title follows a capitalised small word where no sentence starts: the title
    is inside a work's title-case name ("No More Mr Nasty", "Meet The Mr Men")."""
    end = start - 1
    if end < 1 or text[end] != " " or not text[end - 1].isalpha():
        return False
    first, limit = end, max(0, end - _LONGEST_SMALL_WORD - 1)
    while first > limit and text[first - 1].isalpha():
        first -= 1
    word = text[first:end]
    return (word[:1].isupper() and word.lower() in _TITLE_CASE_WORDS
            and not sentence_start(text, first))


# Small words that a title-case name capitalises ("No More Mr Nasty"); not weekdays or
# months, which are capitalised anyway ("on Monday Mr Blair said").
_TITLE_CASE_WORDS = NOT_NAMES - frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december mr mrs ms miss mx dr sir lord lady dame i
""".split())
_LONGEST_SMALL_WORD = max(map(len, _TITLE_CASE_WORDS))


def _work_noun_before(text: str, start: int) -> bool:
    """True after "the film", "Woolf's novel": the name may be a work's or a character's.

    The noun must follow a determiner or a possessive, so that "documents show Mr Brown"
    (a verb) is not read as a show's name.
    """
    before = text[max(0, start - 40):start].split()
    if len(before) < 2 or before[-1].lower() not in _WORK_NOUNS:
        return False
    determiner = before[-2]
    return determiner.lower() in _DETERMINERS or determiner.endswith(("'s", "’s", "s'", "s’"))


def _plain_before(text: str, start: int, whole: bool) -> bool:
    """True unless another word may belong to the title ("industry minister", "Fifa president").

    A title of several words ("foreign minister") is whole after any lower-case word but a
    modifier ("shadow"); a one-word title only after "the", "former", a nationality or nothing.
    """
    if sentence_start(text, start):
        return True
    # The word before, read from a window: slicing all the text before each title made a long
    # paragraph of titles quadratic.
    before = text[max(0, start - 200):start].rstrip()
    word = before[before.rfind(" ") + 1:] if " " in before else before
    if whole and word.islower() and word.isalpha():
        return word not in _MODIFIERS
    return word.lower() in _PLAIN_BEFORE or bool(NATIONALITY.fullmatch(word))


def _next_word(text: str, tokens: Words, end: int) -> int | None:
    """Index of the capitalised word directly after ``end`` (one space, or an editor's bracket)."""
    index = bisect_left(tokens.starts, end)
    if index == len(tokens):
        return None
    word = tokens[index]
    between = text[end:word.start]
    if between.strip("[ ") == "" and " " in between and word.capitalised:
        return index
    return None


def _starts_full_name(text: str, tokens: Words, index: int) -> bool:
    if index + 1 >= len(tokens):
        return False
    first, last = tokens[index], tokens[index + 1]
    return (is_name(first) and is_name(last) and side_by_side(text, first.end, last.start)
            and first.text.lower() not in PLACE_QUALIFIERS)


RULE = Titles
