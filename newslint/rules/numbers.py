"""Numbers: one to nine written in words, and no sentence starting with a figure.

What it checks:

- A bare figure below ``spell_out_below`` (10) used as a count in running text: "3 people" is
  "three people" (safe fix).
- A sentence that starts with a figure followed by a lower-case word: "13 countries attended"
  becomes "Thirteen countries attended" (an unsafe fix, below 100; from 100 up the sentence is
  for the writer to rewrite). "50 Cent appeared" and list entries ("6 Guillermo Coria") are
  left alone.

Figures are the right form, and are never flagged, for ages ("aged 7", "a 7-year-old", ", 7,"),
percentages, dates ("March 5"), times ("5pm", "5:30"), measurements and money ("5km", "5 miles",
"$5", "5 million"), scores and ranges ("3-2", "between 5 and 12"), ordinals ("5th"), decimals
("2.5"), numbers in names ("Article 5", "Formula 1", "Channel 4", "No. 1", "007"), years, and a small
figure next to another figure ("4 out of 10"). Only a figure followed by a lower-case word that is
not a unit counts: false alarms on news copy cost more than a missed "3 villages".

Why: house style spells out small numbers so that they read as words, and keeps figures where
readers compare or look up values; a figure at a sentence start reads as a list item.

Bad: At least 3 civilians were killed in the attack.
Good: At least three civilians were killed in the 2024 attack on 12 villages.

Options: ``spell_out_below`` (0: off), ``sentence_start`` (check sentence starts), ``units``
(words after a figure that keep it a figure), ``keep_after`` (words before a figure that keep it).
"""

from __future__ import annotations

import re

from newslint.rules import Option, Rule
from newslint.text import in_non_prose_token, sentence_starts

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

UNITS = """
    percent per % km kilometres kilometers kilometre kilometer miles mile metres meters metre meter
    m cm mm kg kilograms kilogram grams gram g tonnes tonne tons ton lb lbs pounds pound ft feet foot
    inches inch yards yard mph kph km/h knots degrees degree litres liters litre liter gallons gallon
    barrels acres acre hectares hectare sq square cubic am pm a.m. p.m. o'clock o’clock million
    billion trillion bn mn dollars dollar cents cent pence euros euro yen yuan rupees roubles rubles
    hryvnias shekels dinars riyals dirhams lira francs gb mb tb kw mw gw kwh mwh watts volts
""".split()
KEEP_AFTER = """
    no no. nos. number numbers aged age ages page pages chapter section article articles room gate
    platform route channel phase stage level grade category round game match size zone class type
    version flight seat row line term figure table verse amendment at until till by from
    top pier terminal lane
""".split()

# Capitalised only because they open a sentence: "Only 3 people came" is still a count.
SENTENCE_OPENERS = frozenset("""
    only about some all just nearly almost around roughly exactly perhaps over under
    another those these the of at in on for with by after before since until and but then now
    while when as more fewer less than least most
""".split())

_FIGURE = re.compile(r"(?<![\w.,$£€¥%/:#’'+-])\d{1,3}(?:,\d{3})+(?![\w%°/:-]|[.,]\d)"
                     r"|(?<![\w.,$£€¥%/:#’'+-])(?!0\d)\d+(?![\w%°/:-]|[.,]\d)")
_NEXT_WORD = re.compile(r" ([a-z][\w’'./-]*)")
_PREVIOUS_WORD = re.compile(r"([\w’'.]+)\W*$")


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
        starts = set(sentence_starts(text))
        for match in _FIGURE.finditer(text):
            start, end = match.span()
            if in_non_prose_token(text, start, end):
                continue
            value = int(match.group().replace(",", ""))
            opening = len(text[:start].rstrip("\"'“‘("))
            if opening in starts:
                if self.config["sentence_start"]:
                    yield from self._sentence_start(segment, match, value)
            elif value < self.config["spell_out_below"] and self._is_count(text, start, end, starts):
                words = number_in_words(value)
                yield self.violation(segment, start, end,
                                     f'Number "{match.group()}" is written "{words}" (one to nine in words)',
                                     words, title=f'Write "{words}"')

    def _sentence_start(self, segment, match, value):
        text = segment.text
        after = text[match.end():]
        if not _NEXT_WORD.match(text, match.end()):
            return  # "50 Cent appeared", "6 Guillermo Coria (Argentina)": a name or a list entry
        if re.match(r"\s*(?:%|percent\b|per cent\b)", after) or re.match(r"-|–|\s*(?:to|and)\s+\d", after):
            return  # 13%, 13-year-old, ranges
        if len(match.group()) == 4 and 1000 <= value < 2200:
            return  # a year: "2024 was"
        words = number_in_words(value)
        if words is None:
            yield self.violation(segment, match.start(), match.end(),
                                 f'Sentence starts with a figure "{match.group()}"; rewrite it')
            return
        words = words.capitalize()
        yield self.violation(segment, match.start(), match.end(),
                             f'Sentence starts with a figure "{match.group()}"; write "{words}"',
                             words, applicability="unsafe", title=f'Write "{words}"')

    def _is_count(self, text: str, start: int, end: int, starts: set[int]) -> bool:
        following = _NEXT_WORD.match(text, end)
        if not following or following.group(1).lower().rstrip(".,") in self._units:
            return False
        if re.match(r" (?:years?|months?|weeks?|days?) old\b", text[end:]):
            return False  # an age
        if re.match(r"(?:,|\s*\))", text[end:]) and re.search(r"(?:,|\()\s*$", text[:start]):
            return False  # "Jane Doe, 7, said" (an age), "(3)"
        before = text[:start]
        previous = _PREVIOUS_WORD.search(before)
        if previous:
            word = previous.group(1)
            word_start = previous.start(1)
            if word.lower() in self._keep_after:
                return False
            if (word[:1].isupper() and re.fullmatch(r"\s*", before[previous.end(1):])
                    and not (word_start in starts and word.lower() in SENTENCE_OPENERS)):
                return False  # "Article 5", "March 5", "Formula 1", "Radio 1 said"
        window = text[max(0, start - 25):min(len(text), end + 25)]
        if len(re.findall(r"\d+", window)) > 1:
            return False  # "between 5 and 12", "4 out of 10", "won 3 to 2"
        return True


RULE = Numbers
