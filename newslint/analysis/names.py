"""Name-like words in prose, shared by the titles, first-reference and consistency rules.

Without a named-entity recogniser, a name is a capitalised word that is not a function word,
a weekday or a month; a full name is two of them side by side ("Andriy Yermak"). An editor's
square brackets are transparent, so "[against Russian President Vladimir] Putin" reads as
"Vladimir Putin".
"""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, lt
from typing import NamedTuple

# A word: letters, with inner apostrophes or hyphens ("O'Brien", "Al-Assad"); possessive apart.
# Written as runs of \w between separators rather than one alternation per character: the
# same words, faster. The quantifiers are possessive (no backtracking is kept): a run of
# \w can only end at a separator, which is no \w, so giving letters back never finds a match
# the greedy way misses; they save the regex engine its backtrack bookkeeping.
# Combining marks (U+0300–U+036F) belong to the letter before them: a name in NFD ("Zelens"
# and a combining acute, "kyy") is one word, as it is in NFC.
WORD = re.compile(
    r"[^\W\d_][\w\u0300-\u036f]*+(?:(?:[’'](?!s\b)|-)(?=[^\W\d_])[\w\u0300-\u036f]*+)*+")
_WORD_SPLIT = re.compile(f"({WORD.pattern})")
# The same split for a text of ASCII only (almost all copy), written for it: a letter is
# [A-Za-z], and no curly apostrophe or combining mark can occur. The engine then tests a
# character against ranges, not against categories ("not \W, \d or _").
_ASCII_WORD_SPLIT = re.compile(r"([A-Za-z]\w*+(?:(?:'(?!s\b)|-)(?=[A-Za-z])\w*+)*+)", re.ASCII)
_POSSESSIVE = re.compile(r"[’']s\b|(?<=s)[’'](?!\w)")

# Capitalised words that begin sentences or name times, not people or places.
NOT_NAMES = frozenset("""
a an the and but or nor so yet of for to in on at by as if is it its from with without into onto
upon about after before during while when where which who whom whose what why how this that these
those there here then than he she they we i you his her their our my your him them us me
also although though because since until unless however meanwhile moreover still even only just
not no yes all any some many most more much several both each every either neither other another
such one two three four five six seven eight nine ten
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
mr mrs ms miss mx dr sir lord lady dame
""".split())

# First words of place names, not given names ("North Macedonia", "Saudi Arabia").
PLACE_QUALIFIERS = frozenset("""
north south east west northern southern eastern western central southeast southwest northeast
northwest upper lower new old great greater united saudi sri costa puerto el la las los san
santa sao st european african asian american arab islamic democratic republic royal grand
""".split())

# Words of titles and descriptions, which stand before names but are not given names
# ("President Zelenskyy", "Actor Clint Eastwood" at a sentence start).
TITLE_WORDS = frozenset("""
president minister prime foreign secretary chancellor governor mayor senator ambassador general
king queen prince princess pope sheikh emir ayatollah cardinal archbishop bishop rabbi judge
justice chief commander colonel captain lieutenant major admiral sergeant officer spokesman
spokeswoman chairman chairwoman director leader deputy vice speaker lord lady sir dame professor
coach manager striker midfielder defender goalkeeper
baroness baron viscount earl duke duchess countess marquess former
actor actress singer songwriter producer writer author novelist poet playwright comedian
presenter broadcaster journalist reporter editor columnist critic artist designer photographer
musician rapper drummer guitarist pianist composer conductor dancer chef star veteran champion
referee umpire boss businessman businesswoman tycoon billionaire entrepreneur founder analyst
economist lawyer barrister solicitor attorney prosecutor detective inspector constable
superintendent commissioner envoy diplomat candidate activist campaigner councillor mp mep
winger forward keeper prop lock hooker wing centre fly-half scrum-half full-back team-mate
teammate rival
""".split())

class Word(NamedTuple):  # a tuple: a corpus has millions of words, and tuples build fast
    start: int
    end: int
    text: str
    # Title case ("Yermak"), not an acronym ("NATO") or a lower-case word.
    capitalised: bool


_first_letter = itemgetter(0)


class Words:
    """The words of a text as parallel lists; a ``Word`` is made only when one is read.

    A corpus has millions of words and the name rules read a few of them (the capitalised
    ones and their neighbours), so building a tuple per word would be most of their cost.
    Indexing and iterating give ``Word`` tuples as before. Offsets are summed on first reading:
    the name rules read ``starts`` to find a word at an offset, ``ends`` only for the words
    they report.
    """

    # names: indices of the name-like words; gaps: the text between words, gaps[i] before word i
    # (and gaps[-1] after the last), so a rule reads what separates two words without slicing.
    __slots__ = ("texts", "names", "gaps", "_parts", "_starts", "_ends")

    def __init__(self, parts: list[str], texts: list[str], names: tuple[int, ...]):
        """``parts``: gaps and words in turn, as a split with the word pattern captured gives
        them; ``texts``: the words, ``parts[1::2]``."""
        self._parts, self.texts, self.names = parts, texts, names
        self.gaps = parts[0::2]
        self._starts = self._ends = None

    @property
    def starts(self) -> list[int]:
        """Where each word starts, and last where the text ends."""
        if self._starts is None:
            # Running sums of the parts' lengths, no Python code per word: a gap ends where
            # the word after it starts.
            self._starts = list(accumulate(map(len, self._parts)))[0::2]
        return self._starts

    @property
    def ends(self) -> list[int]:
        # Apart from the starts: most paragraphs need starts only, to find a word at an offset.
        if self._ends is None:
            self._ends = list(map(add, self.starts, map(len, self.texts)))
        return self._ends

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, index: int) -> Word:
        text, start = self.texts[index], self.starts[index]
        return Word._make((start, start + len(text), text,
                          text[:1].isupper() and not text.isupper()))

    def __iter__(self):
        return map(self.__getitem__, range(len(self.texts)))


def words(text: str) -> Words:
    """The words of a text; a segment's are read once, by its analysis (``Analysis.words``)."""
    # One C-level split gives words and the gaps between them: no Python code runs per word
    # but for the capitalised ones.
    if text.isascii():  # a flag of the string: no scan
        parts = _ASCII_WORD_SPLIT.split(text)
        found = parts[1::2]
        # An ASCII word starts with a letter, and only capitals sort before "[": one comparison
        # per word instead of taking its first letter and asking that.
        initial_capital = map(lt, found, repeat("["))
    else:
        parts = _WORD_SPLIT.split(text)
        found = parts[1::2]
        initial_capital = map(str.isupper, map(_first_letter, found))
    # Not a name: a word in capitals, a function word, or the plural of an acronym ("MPs",
    # "PCs": capitals and a last small letter).
    names = tuple(i for i, word in compress(enumerate(found), initial_capital)
                  if not (word.isupper() or word.lower() in NOT_NAMES
                          or word[1:2].isupper() and word[:-1].isupper()))
    return Words(parts, found, names)


def is_name(word: Word) -> bool:
    return word.capitalised and word.text.lower() not in NOT_NAMES


def side_by_side(text: str, end: int, start: int) -> bool:
    """True if only spaces (and an editor's brackets) lie between a word that ends at ``end``
    and one that starts at ``start``."""
    return adjacent(text[end:start])


def adjacent(between: str) -> bool:
    """True if the text between two words is only spaces (and an editor's brackets)."""
    return between == " " or (" " in between and not between.strip("[] "))


def in_name_run(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` stands one space from a capitalised word that may belong to
    the same name ("Bombay Bicycle Club", "Salaam Bombay", "Odessa Young", "Mohammad Yunus
    Qanuni"). Not a function word, weekday, month or title ("In Kiev", "President Viktor
    Yanukovich", "Kiev Mayor"), nor a nationality or a possessive before it ("Russian Mikhail
    Khodorkovsky", "India's Bombay")."""
    if name_goes_on(text, start, end):
        return True
    span = text[start:end]
    if start < 2 or text[start - 1] != " ":
        return False
    # The word before, read back from the space: a longer word is no name, and reading back
    # only so far keeps a paragraph of hits linear.
    first = start - 1
    limit = max(0, first - _LONGEST_NAME_WORD)
    while first > limit and (text[first - 1].isalpha() or text[first - 1] in "-’'"):
        first -= 1
    word = text[first:start - 1]
    glued = first > 0 and text[first - 1].isalpha()  # the middle of a longer word
    return (not glued and not word.endswith(("'s", "’s", "'", "’")) and word != span
            and _joins_a_name(word) and not NATIONALITY.fullmatch(word))


def name_goes_on(text: str, start: int, end: int) -> bool:
    """True if a capitalised word that may belong to the same name stands one space after
    ``text[start:end]``: the span is the first part of a longer name ("Odessa Young",
    "Bombay Bicycle Club", "The Odessa File"), not a title, weekday or function word ("Kiev
    Mayor", "Kiev on Monday"), nor a possessive ("Kiev Ukraine's").
    """
    after = _WORD_AFTER.match(text, end)
    # The same word again is a doubled word ("Kiev Kiev"), not a longer name.
    return (after is not None and after.group(1) != text[start:end]
            and _joins_a_name(after.group(1)) and not _POSSESSIVE.match(text, after.end()))


def _joins_a_name(word: str) -> bool:
    lowered = word.lower()
    return (word[:1].isupper() and not word.isupper() and lowered not in NOT_NAMES
            and lowered not in TITLE_WORDS)


_WORD_AFTER = re.compile(r" ([^\W\d_][\w’'-]*)")
_LONGEST_NAME_WORD = 40


# Nationality adjectives, which stand before titles and names but are neither ("French",
# "Israeli", "Albanian"); organisations and towns ("Fifa", "Wigan") are not matched. The
# shape also takes given names ("Brian", "Ali", "Jarek"): ``NATIONALITIES`` lists the
# common adjectives for the places where a given name is as likely.
NATIONALITY = re.compile(
    r"[A-Z][a-z]*(?:ian|ean|can|ese|ish|i|ch|sh|ek|ab)|German|Afghan|Kosovan|Swiss"
)
NATIONALITIES = frozenset("""
afghan african albanian algerian american angolan arab argentine argentinian armenian asian
australian austrian azerbaijani azeri bahraini bangladeshi belarusian belgian bolivian bosnian
brazilian british bulgarian burmese cambodian cameroonian canadian chilean chinese colombian
congolese croatian cuban cypriot czech danish dutch ecuadorian egyptian emirati english
eritrean estonian ethiopian european filipino finnish french georgian german ghanaian greek
haitian hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian
jamaican japanese jordanian kazakh kenyan korean kosovan kurdish kuwaiti kyrgyz latvian
lebanese liberian libyan lithuanian macedonian malaysian malian maltese mexican moldovan
mongolian montenegrin moroccan mozambican nepalese nigerian norwegian omani pakistani
palestinian peruvian polish portuguese qatari romanian russian rwandan saudi scottish
senegalese serbian slovak slovenian somali spanish sudanese swedish swiss syrian taiwanese
tajik tanzanian thai tibetan tunisian turkish turkmen ugandan ukrainian uruguayan uzbek
venezuelan vietnamese welsh yemeni zambian zimbabwean
""".split())

# Same-length-independent spelling normalisations for romanised names, applied in this order:
# Andriy/Andrii, Zelenskyy/Zelenskiy, Kharkiv/Harkiv, Tsar/Czar, Odessa/Odesa. A fixed string
# is replaced by str.replace, which finds what re.sub would (leftmost, not overlapping).
_AFFRICATE = re.compile(r"ts|tz|cz")
_I_SOUND = re.compile(r"iy|yi|ii|yy|ij")
# A character the same character follows, deleted: a run keeps its last ("ss" -> "s"). No
# replacement template is expanded per match, as r"(.)\1+" -> r"\1" would, and no lookbehind
# is tried at every letter.
_REPEATED = re.compile(r"(.)(?=\1)")


def skeleton(name: str) -> str:
    """A spelling-insensitive key: names that differ only by transliteration share it."""
    key = name.lower()
    if not key.isascii():  # NFKD leaves ASCII as it is, with no combining marks to drop
        import unicodedata

        key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    key = key.replace("kh", "k").replace("ph", "f").replace("ck", "k")
    key = _I_SOUND.sub("i", _AFFRICATE.sub("c", key)).replace("y", "i").replace("zhzh", "zh")
    return _REPEATED.sub("", key)


def skeletons(names: Collection[str]) -> list[str]:
    """The ``skeleton`` of each name, for the names of an article in one call: the steps run
    once over the names joined by line breaks, which no step reads across (a doubled
    character is never a line break) and no name holds (no word does)."""
    return skeleton("\n".join(names)).split("\n") if names else []
