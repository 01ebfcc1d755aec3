"""Numbers: one to nine written in words, and no sentence starting with a figure.

What it checks:

- A bare figure below ``spell_out_below`` (10) used as a count in running text: "3 people" is
  "three people".
- A sentence that starts with a figure followed by a lower-case word: "13 countries attended"
  becomes "Thirteen countries attended" (below 100; from 100 up, and before a unit, the
  sentence is for the writer to rewrite). "50 Cent appeared" and list entries ("6 Guillermo
  Coria") are left alone.

Figures are the right form, and are never flagged, for ages ("aged 7", "a 7-year-old", "a 7
year-old", ", 7,", "he was 7 when"), percentages, dates ("March 5"), times ("5pm", "7 p.m.",
"5:30"), measurements and money ("5km", "5 miles", "$5", "5 million", "8 megapixels"), scores
and ranges ("3-2", "24-7", "a 4-1 win", "won 4 nil", "3 all", "between 5 and 12"), ordinals
("5th"), decimals ("2.5"), numbers in names and versions ("Article 5", "Formula 1", "Channel 4",
"No. 1", "007", "iOS 7", "iPhone 6", "season 2"), years, and a figure joined to the one before it
("between 5 and 7 people", "3 or 4 days", "1 in 3 voters"); a figure elsewhere in the sentence
changes nothing ("2 goals in the 3-1 win" is "two goals"). Only a figure followed by a
lower-case word that is not a unit and not a word such as "when", "on" or "nil" counts, and
a figure over one only when the words after it show what it counts: a plural at once or after
one word ("3 civilians", "3 young children"), "of" or "more" ("3 of them"), a plural verb
("5 were injured") or a word for people counted ("3 dead"), or a compound after "a" ("a 6
figure salary"). Before a singular word it is as often a name ("the 3 network", "said 3
spokesperson Belinda Henderson"), as it is before "is" at a sentence start ("3 is looking to
music"). False alarms on news copy cost more than a missed "3 villages".

Why: house style spells out small numbers so that they read as words, and keeps figures where
readers compare or look up values; a figure at a sentence start reads as a list item.

Fix safety: spelling out a figure is safe only where it surely counts something: a plural noun
follows, at once or after one word ("3 civilians", "3 young children"), or the figure is 1.
Otherwise it is unsafe: "a 6 figure salary" wants "six-figure", and "the 3 of them", "5 were
injured" may need the sentence read. Rewriting a sentence start is unsafe: "Thirteen" may need the sentence recast, and a
figure there may be a name the rule does not know.

Bad: At least 3 civilians were killed in the attack.
Good: At least three civilians were killed in the 2024 attack on 12 villages.

Options: ``spell_out_below`` (0: off), ``sentence_start`` (check sentence starts), ``units``
(words after a figure that keep it a figure), ``keep_after`` (words before a figure that keep it).
"""  # noqa: E501 (the kind's documentation, shown as written by explain, SARIF and docs/rules.md)

from __future__ import annotations

import re

from newslint.analysis.text import is_sentence_start
from newslint.rules import Option, Rule

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

UNITS = """
    percent percentage per % km kilometres kilometers kilometre kilometer miles mile metres
    meters metre meter m cm mm kg kilograms kilogram grams gram g tonnes tonne tons ton lb lbs
    pounds pound ft feet foot inches inch yards yard mph kph km/h knots degrees degree litres
    liters litre liter gallons gallon
    barrels acres acre hectares hectare sq square cubic am pm a.m. p.m. o'clock o’clock million
    billion trillion bn mn dollars dollar cents cent pence euros euro yen yuan rupees roubles rubles
    hryvnias shekels dinars riyals dirhams lira francs gb mb tb kw mw gw kwh mwh watts volts
    kilos kilo stone stones bytes kilobytes megabytes gigabytes terabytes bits megabits gigabits
    megapixels megapixel pixels hertz ghz mhz calories
""".split()
KEEP_AFTER = """
    no no. nos. number numbers aged age ages page pages chapter section article articles room gate
    platform route channel phase stage level grade category round game match size zone class type
    version flight seat row line term figure table verse amendment at until till by from
    top pier terminal lane season series episode part volume vol act scene step week day
    hole lap track heat leg group pool tier division band rule clause paragraph question
    option item count release plus minus
""".split()
# After a figure, words that show it is no count but a value: a score ("won 4 nil", "3 all"),
# an age or a shirt number ("he was 7 when", "wears 7 on his back"), a golf score ("2 over").
NOT_A_COUNT_BEFORE = frozenset("""
    nil all apiece each when while and or but nor so if as at on in into onto to for from by x
    with without over under up down off out than then because after before until till since
    is was has says does goes
""".split())
# After a figure at a sentence start, verbs that show it names one thing: "3 is looking to".
_SINGULAR_VERBS = frozenset("is was has says does goes wants plans".split())
# Plural nouns that do not end in "s": after them a figure is surely a count.
IRREGULAR_PLURALS = frozenset("""
    people men women children police staff personnel cattle sheep deer fish aircraft
    offspring teeth geese mice dice oxen alumni clergy
""".split())
_PLURAL_ENDINGS = ("men", "people", "children")

# Capitalised only because they open a sentence: "Only 3 people came" is still a count.
SENTENCE_OPENERS = frozenset("""
    only about some all just nearly almost around roughly exactly perhaps over under
    another those these the of at in on for with by after before since until and but then now
    while when as more fewer less than least most
""".split())

_FIGURE = re.compile(r"(?<![\w.,$£€¥%/:#’'+-])\d{1,3}(?:,\d{3})+(?![\w%°/:-]|[.,]\d)"
                     r"|(?<![\w.,$£€¥%/:#’'+-])(?!0\d)\d+(?![\w%°/:-]|[.,]\d)")
# Where a figure can start: a digit not glued to what _FIGURE's look-behind refuses. A pattern
# that starts with a digit lets re skip to the next digit in C; _FIGURE, which starts with a
# look-behind, is tried at every character of the paragraph.
_FIGURE_START = re.compile(r"\d(?<![\w.,$£€¥%/:#’'+-]\d)")
_NEXT_WORD = re.compile(r" ([a-z][\w’'./-]*)")
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per cent\b)")
_RANGE_AFTER = re.compile(r"-|–|\s*(?:to|and)\s+\d")
_AGE_AFTER = re.compile(r" (?:years?|months?|weeks?|days?)[ -]old\b")
_COMMA_OR_CLOSE_AFTER = re.compile(r"(?:,|\s*\))")
# A figure joined to the one before it: the second end of a range, a pair or a ratio ("5 and 7
# people", "3 or 4 days", "1 in 3 voters", "6 x 4 metres"). Only these: a figure elsewhere in
# the sentence ("2 goals in the 3-1 win", "in 3 cities in 2005") leaves a count a count.
_FIGURE_JOINED_BEFORE = re.compile(
    r"\d\s*(?:[-–/x×&]|\s(?:to|and|or|nor|of|out of|in|from|by|than|vs\.?|versus))\s*\Z")
_JOINED_REACH = 12  # the longest joint above, its spaces and a digit
_DIGIT = re.compile(r"\d")
# Every check looks at the text next to a figure from the figure's position: a slice of all
# the text before or after it at each figure is quadratic on a paragraph of figures.
_OPENING_MARKS = frozenset("\"'“‘(")
_PREVIOUS_WORD_CHARS = "’'."  # with \w: what the previous word is made of ("no.", "Article")
# Figures longer than this are never small, and int() of thousands of digits is slow or refused.
_MAX_DIGITS = 18


def number_in_words(value: int) -> str | None:
    if value < 20:
        return ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    return None


class Numbers(Rule):
    __doc__ = __doc__
    kind = "numbers"
    fixable = True
    default_segments = ("standfirst", "body", "caption")
    options = {
        "spell_out_below": Option("int", 10, "figures below this are written in words (0: off)"),
        "sentence_start": Option("bool", True, "flag a sentence that starts with a figure"),
        "units": Option("list", UNITS, "words after a figure that keep it a figure"),
        "keep_after": Option("list", KEEP_AFTER, "words before a figure that keep it a figure"),
    }

    def prepare(self) -> None:
        self._units = {u.lower() for u in self.config["units"]}
        self._keep_after = {w.lower() for w in self.config["keep_after"]}

    def check_segment(self, segment, document):
        text = segment.text
        if not _has_digit(text):
            return
        # Whether a figure sits in a URL is asked last, of the few figures that would be
        # reported: the other checks read only the figure's neighbours, that one the paragraph.
        for match in _figures(text):
            start, end = match.span()
            digits = match.group().replace(",", "")
            value = int(digits) if len(digits) <= _MAX_DIGITS else 10 ** _MAX_DIGITS
            opening = start
            while opening > 0 and text[opening - 1] in _OPENING_MARKS:
                opening -= 1
            if is_sentence_start(text, opening):
                if self.config["sentence_start"]:
                    for violation in self._sentence_start(segment, match, value):
                        if not segment.analysis.in_non_prose_token(start, end):
                            yield violation
            elif (value < self.config["spell_out_below"] and self._is_count(text, start, end, value)
                  and not segment.analysis.in_non_prose_token(start, end)):
                words = number_in_words(value)
                sure = _counts_a_plural(text, end) if value != 1 else True
                yield self.violation(segment, start, end,
                                     f'Number "{match.group()}" is written "{words}" '
                                     "(one to nine in words)",
                                     words, title=f'Write "{words}"',
                                     applicability="safe" if sure else "unsafe")

    def _sentence_start(self, segment, match, value):
        text = segment.text
        end = match.end()
        if not _NEXT_WORD.match(text, end):
            return  # "50 Cent appeared", "6 Guillermo Coria (Argentina)": a name or a list entry
        if _PERCENT_AFTER.match(text, end) or _RANGE_AFTER.match(text, end):
            return  # 13%, 13-year-old, ranges
        if len(match.group()) == 4 and 1000 <= value < 2200:
            return  # a year: "2024 was"
        words = number_in_words(value)
        following = _NEXT_WORD.match(text, end).group(1).lower()
        if value != 1 and following in _SINGULAR_VERBS:
            return  # "3 is looking to music": a name (the network 3); a count takes "are"
        if words is None or following in self._units or following.rstrip(".,") in self._units:
            # "500 companies", "5km of road", "7 p.m. is late": figures stay, the sentence changes
            yield self.violation(segment, match.start(), match.end(),
                                 f'Sentence starts with a figure ("{match.group()}")')
            return
        words = words.capitalize()
        yield self.violation(segment, match.start(), match.end(),
                             f'Sentence starts with a figure ("{match.group()}")',
                             words, applicability="unsafe", title=f'Write "{words}"')

    def _is_count(self, text: str, start: int, end: int, value: int) -> bool:
        following = _NEXT_WORD.match(text, end)
        if not following:
            return False
        word = following.group(1).lower()
        if word in self._units or word.rstrip(".,") in self._units:
            return False  # "5 km", "7 p.m."
        if word.rstrip(".,;:") in NOT_A_COUNT_BEFORE:
            return False
        if _AGE_AFTER.match(text, end):
            return False  # an age
        if _COMMA_OR_CLOSE_AFTER.match(text, end) and _comma_or_open_before(text, start):
            return False  # "Jane Doe, 7, said" (an age), "(3)"
        previous = _previous_word(text, start)
        if previous:
            word_start, word_end = previous
            word = text[word_start:word_end]
            if word.lower() in self._keep_after:
                return False
            if (any(c.isupper() for c in word) and not text[word_end:start].strip()
                    and not (word.lower() in SENTENCE_OPENERS
                             and is_sentence_start(text, word_start))):
                return False  # "Article 5", "March 5", "Formula 1", "Radio 1 said", "iOS 7"
        if _FIGURE_JOINED_BEFORE.search(text, max(0, start - _JOINED_REACH), start):
            return False  # "between 5 and 7 people", "3 or 4 days", "1 in 3 voters"
        return _says_what_it_counts(text, start, end, value)


def _says_what_it_counts(text: str, start: int, end: int, value: int) -> bool:
    """True if the words after the figure at ``start:end`` show that it counts: a plural at
    once or after one word ("3 civilians", "3 young children"), "of" or "more" ("the 3 of them"), a
    verb that agrees with a plural ("5 were injured"), or a compound after "a" ("a 6 figure
    salary"). Before a singular word a figure over one is a name as often: "the 3 network",
    "said 3 spokesperson Belinda Henderson", "lets 3 offer good deals"."""
    if value == 1 or _counts_a_plural(text, end):
        return True
    following = _NEXT_WORD.match(text, end).group(1).lower().rstrip(".,;:")
    if following in ("of", "more") or following in _PLURAL_VERBS:
        return True
    previous = _previous_word(text, start)
    return previous is not None and text[previous[0]:previous[1]].lower() in ("a", "an")


_PLURAL_VERBS = frozenset((
    "are", "were", "have", "had", "remain", "remained", "died", "survived", "will", "would",
    "could", "can", "may", "might", "must", "should",
    # and the words that stand for people counted: "3 dead", "2 injured"
    "dead", "injured", "wounded", "killed", "missing", "hurt", "arrested", "detained",
))


def _counts_a_plural(text: str, end: int) -> bool:
    """True if a plural noun follows the figure ending at ``end``, at once or after one word
    ("3 civilians", "3 young children"): then the figure surely counts it. Before a singular
    word it may be part of a name or a compound ("said 3 spokesperson", "a 6 figure salary")."""
    following = _NEXT_WORD.match(text, end)
    if _is_plural(following.group(1)):
        return True
    second = _NEXT_WORD.match(text, following.end())
    return bool(second) and _is_plural(second.group(1))


def _is_plural(word: str) -> bool:
    word = word.lower().rstrip(".,;:")
    if word in IRREGULAR_PLURALS or word.endswith(_PLURAL_ENDINGS):
        return True
    return (len(word) > 2 and word.endswith("s")
            and not word.endswith(("ss", "us", "is", "'s", "’s"))
            and word not in NOT_A_COUNT_BEFORE)


def _figures(text: str):
    """What ``_FIGURE.finditer(text)`` finds, tried only where a figure can start."""
    position = 0
    for candidate in _FIGURE_START.finditer(text):
        if candidate.start() < position:
            continue  # inside the last figure ("1,000")
        match = _FIGURE.match(text, candidate.start())
        if match:
            position = match.end()
            yield match


def _has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit of any script (``\\d``). ASCII text, most copy, can hold
    only 0 to 9: ten ``in`` tests (``memchr``) rule them out faster than ``re`` reads it once."""
    if text.isascii():
        return any(map(text.__contains__, "0123456789"))
    return _DIGIT.search(text) is not None


def _comma_or_open_before(text: str, start: int) -> bool:
    """True if only white space separates ``start`` from a comma or "(" before it."""
    index = start
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index > 0 and text[index - 1] in ",("


def _previous_word(text: str, start: int) -> tuple[int, int] | None:
    """The span of the last run of word characters, "’", "'" and "." before ``start`` that
    only non-word characters follow: what a search for such a run anchored at the end of
    ``text[:start]`` finds, without reading all of it."""
    last = start  # just after the last word character before start
    while last > 0 and not _is_word(text[last - 1]):
        last -= 1
    if last == 0:
        # No word character: the first run of "’'." anywhere before start, as re's search
        # finds it (rare: a figure is a word, so only the first figure of a text gets here).
        for index in range(start):
            if text[index] in _PREVIOUS_WORD_CHARS:
                end = index
                while end < start and text[end] in _PREVIOUS_WORD_CHARS:
                    end += 1
                return index, end
        return None
    word_start = last
    while word_start > 0 and _in_previous_word(text[word_start - 1]):
        word_start -= 1
    word_end = last
    while word_end < start and _in_previous_word(text[word_end]):
        word_end += 1
    return word_start, word_end


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _in_previous_word(char: str) -> bool:
    return char.isalnum() or char == "_" or char in _PREVIOUS_WORD_CHARS


RULE = Numbers
