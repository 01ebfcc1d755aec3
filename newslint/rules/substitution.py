"""Substitution: a word or phrase that house style spells another way.

What it checks: every variant listed in a dictionary (names and places, or spelling pairs)
that appears as a whole word — possessives included ("Zelensky's") — and is not part of one of
the entry's exceptions ("chicken Kiev", "Odessa, Texas"). Never inside URLs, e-mail addresses,
hashtags or @handles, nor where the writer glosses the variant with its house form in the
same sentence ("Mumbai (Bombay)", "Bombay, now Mumbai"). Thousands of terms compile into one
matcher that reads each segment once. A whole word is one that no letter, digit, combining
mark or joiner touches ("silențios", in any Unicode form, holds no "iOS").

Not reported either, as not the thing the dictionary names: a capitalised variant that
begins a longer name — a capitalised word that may belong to it follows, not a title,
weekday or function word ("Odessa Young", "The Odessa File", "Pusan International Film
Festival", "Mohammad Yunus Qanuni": an actress, a novel, a festival, another man); a variant
with a word of its ``other_senses`` in the same paragraph ("Turkey sales rose before
Thanksgiving": the bird; "the anti-virus program": software); an ``attributive`` variant
before a noun ("the Ukraine envoy", "the Ukraine war": wrong only as the country's name); and
with ``written_quotes: skip``, a variant inside a quotation of written text (see below).

Quotations: the rulesets set ``in_quotes`` for names (spelt the house way even in a quote)
and, for spellings, ``written_quotes: skip``: quoted speech is spelt the house way and quoted
writing keeps its own. A quotation is speech only when the clause right after it ("…," he
said) or right before it (Mr Smith told the BBC: "…"; "…," he said. "…") has a verb of
speech and names nothing written ("said in a statement", "the sign read", "a report titled",
"he wrote"). Everything else — a partial quotation, one without attribution, a block
quotation — is taken for written text and left alone: a wrong finding costs more than a
missed one.

Why: a newsroom spells a name one way in every story; readers, search and archives rely on it.

Case: with ``case: smart`` (the default) a variant matches as written, in capitals ("KIEV" in a
dateline; the fix keeps that case: "KYIV"), or capitalised at the start of a sentence
(``text.sentence_start``: not after "Dr." or "U.S.", so "Dr. Center" is a name). Elsewhere a
capital makes a lower-case variant a name ("Gray", "Labor"), and so does a capitalised word
after it, even at a sentence start ("Center Parcs", "Travelers Indemnity Co."), a verb after it
that only a speaker takes ("Labor says", "Labor needed to": Australia's party, not the common
noun), or the same capitalised form where no sentence starts elsewhere in the article ("its
Travelers Life arm … Travelers had sales"): not reported. ``insensitive`` matches any case;
``sensitive`` only the exact form.

Bad: Talks were held in Kiev on Tuesday.
Good: Talks were held in Kyiv on Tuesday.

Fix safety: the fix writes the house form in place of the variant, and is safe unless the
rule (``applicability``), the dictionary group or the entry says unsafe (a name that is also a
surname: "Nikolaev"). Whatever they say, it is unsafe where the variant may be part of another
name: a capitalised variant one space after a capitalised word that may belong to the same
name ("Dynamo Kiev", "Volodymyr Zelensky"), though not a title, a weekday or a function word
("President Viktor Yanukovich", "In Kiev"); names known to keep the old spelling are the
entry's exceptions, not reported ("Bombay Bicycle Club", "Salaam Bombay!"); and a lower-case
variant capitalised at a sentence start, where the capital may make it a name ("Travelers
had sales": an insurer). "Kiev" -> "Kyiv" stays safe in running text, in datelines ("KIEV,
Ukraine (AP)") and in possessives ("Kiev's").

Options:
- ``dictionary``: a names file (``groups`` of ``entries`` with ``preferred``, ``variants``,
  ``exceptions``), relative to the ruleset.
- ``groups`` / ``exclude_groups``: use only these groups of the dictionary / all but these.
- ``pairs``: a spelling file of ``[first, second]`` pairs; ``prefer`` says which column is right.
- ``terms``: inline ``{variant: preferred}`` entries.
- ``exceptions``: phrases in which no variant is flagged, whatever the entry: proper names
  that keep their own spelling ("US Department of Defense", "World Trade Center", "Center for",
  "Pearl Harbor", Australia's "Labor Party") and fixed senses ("computer program").
- ``applicability``: ``safe`` or ``unsafe`` fixes (an entry or group may say otherwise).
- ``message``: the message, with ``{match}`` and ``{preferred}``.
- ``other_senses``: ``{variant: [words]}``; with one of the words in its paragraph, the
  variant is another word, right as it is.
- ``attributive``: variants that are right before a noun ("the Ukraine").
- ``written_quotes``: ``check`` (the default) or ``skip`` quotations of written text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from newslint.analysis.matcher import TermMatcher, fold
from newslint.analysis.names import NOT_NAMES, in_name_run, name_goes_on
from newslint.analysis.quotations import quotation_spans
from newslint.analysis.text import (
    is_whole_word,
    match_case,
    sentence_start,
    sentence_starts,
)
from newslint.config.ruledata import Entry, load_dictionary, load_pairs
from newslint.errors import ConfigError
from newslint.rules import Option, Rule


class Substitution(Rule):
    __doc__ = __doc__
    kind = "substitution"
    fixable = True
    options = {
        "dictionary": Option("path", None, "names file with groups of entries"),
        "groups": Option("list", [], "only these groups of the dictionary"),
        "exclude_groups": Option("list", [], "all groups of the dictionary but these"),
        "pairs": Option("path", None, "spelling pairs file"),
        "prefer": Option("choice", "first", "which column of the pairs is right",
                         ("first", "second")),
        "terms": Option("dict", {}, "inline {variant: preferred} entries"),
        "exceptions": Option("list", [], "phrases in which no variant is flagged (proper names)"),
        "case": Option("choice", "smart", "how case is matched",
                       ("smart", "insensitive", "sensitive")),
        "applicability": Option("choice", "safe", "fix applicability", ("safe", "unsafe")),
        "message": Option("str", '"{match}" is spelt "{preferred}" in house style',
                          "message template with {match} and {preferred}"),
        "other_senses": Option("dict", {}, "{variant: [words]}: with one of the words in the "
                               "paragraph, the variant is another word, right as it is"),
        "attributive": Option("list", [], "variants that are right before a noun "
                              "('the Ukraine envoy')"),
        "written_quotes": Option("choice", "check", "whether quotations of written text are "
                                 "checked ('skip': only quoted speech is)", ("check", "skip")),
    }

    def prepare(self) -> None:
        entries: list[Entry] = []
        dictionary = self.config["dictionary"]
        if dictionary is not None:
            groups = load_dictionary(dictionary)
            wanted = self.config["groups"] or list(groups)
            for name in [*wanted, *self.config["exclude_groups"]]:
                if name not in groups:
                    raise ConfigError(f"rule {self.id!r}: no group {name!r} in {dictionary.name}; "
                                      f"groups: {', '.join(groups)}")
            for name in wanted:
                if name not in self.config["exclude_groups"]:
                    entries.extend(groups[name][1])
        if self.config["pairs"] is not None:
            entries.extend(load_pairs(self.config["pairs"], self.config["prefer"]))
        for variant, preferred in self.config["terms"].items():
            entries.append(Entry(str(variant), str(preferred)))
        # a config's `names:` (newslint.config.vocabulary)
        vocabulary = self.config.get("vocabulary")
        if vocabulary is not None:
            entries = vocabulary.merged(entries, adds=not self.config["groups"])
        shared = tuple(self.config["exceptions"])
        if shared:
            entries = [replace(entry, exceptions=entry.exceptions + shared) for entry in entries]
        self._matcher = _matcher_for(tuple(entries))
        self._other_senses: dict[str, frozenset[str]] = {}
        for variant, context in self.config["other_senses"].items():
            if not isinstance(context, list) or not all(isinstance(w, str) for w in context):
                raise ConfigError(f"rule {self.id!r}: other_senses of {variant!r} must be a "
                                  "list of words")
            self._other_senses[fold(str(variant))] = frozenset(w.lower() for w in context)
        self._attributive = frozenset(fold(variant) for variant in self.config["attributive"])

    def matchers(self):
        return (self._matcher,)

    def triggers(self):
        return (self._matcher,)

    def check_segment(self, segment, document):
        text, analysis = segment.text, segment.analysis
        case = self.config["case"]
        for start, end, entry in self._matcher.find(analysis):
            found = text[start:end]
            matched = _case_matches(found, entry.variant, case, text, start)
            if not matched:
                continue
            if entry.exceptions and _in_exception(text, start, end, entry):
                continue
            if analysis.in_non_prose_token(start, end) or _glossed(text, start, end, entry):
                continue
            folded = fold(found)
            if (folded in self._other_senses and not self._other_senses[folded].isdisjoint(
                    _context_words(document, segment))):
                continue  # "Turkey sales rose before Thanksgiving": the bird
            if folded in self._attributive and _before_a_noun(text, end):
                continue  # "the Ukraine envoy": a modifier, not the country's name
            if (self.config["written_quotes"] == "skip"
                    and _in_written_quotation(document, segment, start, end)):
                continue
            applicability = entry.applicability or self.config["applicability"]
            if matched is _CAPITALISED_AT_SENTENCE_START:
                if _WORD_AFTER_IS_CAPITALISED.match(text, end):
                    continue  # "Center Parcs", "Travelers Indemnity Co.": a name
                if entry.variant.islower() and _SPEAKER_VERB_AFTER.match(text, end):
                    continue  # "Labor says", "Labor wants": a party that speaks, a name
                if _capitalised_elsewhere(document, self.segments, found):
                    continue  # "its Travelers Life arm ... Travelers had sales": a name
                if found.split(" ", 1)[0].lower() not in NOT_NAMES:
                    applicability = "unsafe"  # "Labor leader", "Travelers had": maybe a name
            elif found[:1].isupper() and not found.isupper():
                if name_goes_on(text, start, end):
                    continue  # "The Odessa File", "Odessa Young": the start of another name
                if in_name_run(text, start, end):
                    applicability = "unsafe"  # "Dynamo Kiev", "Volodymyr Zelensky"
            preferred = (match_case(found, entry.preferred) if case != "sensitive"
                         else entry.preferred)
            message = self.config["message"].format(match=found, preferred=preferred)
            if entry.note:
                message += f" ({entry.note})"
            yield self.violation(segment, start, end, message, preferred,
                                 applicability=applicability, title=f'Write "{preferred}"')


@lru_cache(maxsize=32)
def _matcher_for(entries: tuple[Entry, ...]) -> TermMatcher:
    return TermMatcher({entry.variant: entry for entry in entries})


# How a lower-case variant matched in capitals: only at a sentence start, where a capital
# cannot tell the word from a name.
_CAPITALISED_AT_SENTENCE_START = "capitalised at a sentence start"
_WORD_AFTER_IS_CAPITALISED = re.compile(r" [A-Z][a-z]")
# Verbs whose subject speaks or wants: a word before them is a party, a firm or a person
# ("Labor says", "Labor needed to", Australia's party), not a common noun ("Labor costs").
_SPEAKER_VERB_AFTER = re.compile(
    r" (?:says|said|told|tells|wants|wanted|needs to|needed to|believes|believed|claims|claimed"
    r"|argues|argued|insists|insisted|accuses|accused|urges|urged|warns|warned|denies|denied"
    r"|hopes|hoped|promises|promised|announces|announced|welcomes|welcomed|rejects|rejected"
    r"|opposes|opposed|demands|demanded)\b")


def _case_matches(found: str, variant: str, case: str, text: str, start: int):
    """Truthy if ``found`` is the variant in a case the rule's ``case`` option takes."""
    if case == "insensitive" or found == variant:
        return True
    if case == "sensitive":
        return False
    if found == variant.upper() and any(c.isalpha() for c in found):
        return True
    # A lower-case variant capitalised at a sentence start ("Defense officials") matches; in
    # mid-sentence the capital makes it a name ("Gray", Australia's "Labor" party).
    capitalised = variant[:1].islower() and found == variant[:1].upper() + variant[1:]
    return capitalised and sentence_start(text, start) and _CAPITALISED_AT_SENTENCE_START


# How far from a variant its house form may stand to gloss it: "Mumbai (formerly Bombay)".
_GLOSS_REACH = 30


def _glossed(text: str, start: int, end: int, entry: Entry) -> bool:
    """True if the house form stands next to the variant, in the same sentence: "Mumbai
    (Bombay)", "Bombay, now Mumbai", "Kiev, or Kyiv". The writer gives both on purpose.
    (Not asked when the house form is part of the variant: "Ukraine" of "the Ukraine".)"""
    wanted = entry.preferred.lower()
    if wanted in entry.variant.lower():
        return False
    low, high = max(0, start - _GLOSS_REACH), min(len(text), end + _GLOSS_REACH)
    window = text[low:high].lower()
    at = window.find(wanted)
    while at != -1:
        first, last = low + at, low + at + len(wanted)
        if (last <= start or first >= end) and is_whole_word(text, first, last):
            between = range(last, start + 1) if last <= start else range(end, first + 1)
            if not any(sentence_start(text, index) for index in between):
                return True
        at = window.find(wanted, at + 1)
    return False


def _context_words(document, segment) -> frozenset[str]:
    """The words in lower case that tell a variant's sense (``other_senses``): those of its
    paragraph, or for a headline or standfirst, which sum up the article, of all of it."""
    if segment.kind not in _SUMMARIES:
        return segment.analysis.lower_words
    if "context words" not in document.cache:
        document.cache["context words"] = frozenset().union(
            *(part.analysis.lower_words for part in document.segments))
    return document.cache["context words"]


_SUMMARIES = ("headline", "standfirst")


# After an attributive variant, words that show it is the noun of the sentence after all:
# verbs, adverbs of time and place ("the Ukraine says", "the Ukraine last year").
_NOT_A_NOUN = NOT_NAMES | frozenset("""
is was are were has had have will would could should can may might must did does do shall
says said wants needs remains insists denies claims hopes agrees refuses seeks becomes became
joins accuses rejects warns believes expects intends continues appears seems argues demands
urges itself alone too again now today yesterday tomorrow tonight last next earlier later
recently soon already first back home over out up down off away instead ago
rose fell grew won lost made took gave came went saw met began sent left held kept paid sold
told ran brought bought thought felt stood spoke chose drew became fought sought led struck
""".split())
_NEXT_LOWER_WORD = re.compile(r" ([a-z]+)\b(?![’'-])")


def _before_a_noun(text: str, end: int) -> bool:
    """True if a lower-case word that is no verb, adverb or function word follows: "the
    Ukraine envoy", "the Ukraine war", not "the Ukraine said" or "the Ukraine last year"."""
    match = _NEXT_LOWER_WORD.match(text, end)
    if match is None:
        return False
    word = match.group(1)
    return word not in _NOT_A_NOUN and not word.endswith("ed")


def _capitalised_elsewhere(document, kinds, found: str) -> bool:
    """True if the document writes ``found`` capitalised where no sentence starts: a name
    ("its Travelers Life arm"), so its capital at a sentence start proves nothing."""
    key = ("capitalised elsewhere", found)
    cached = document.cache.get(key)
    if cached is None:
        cached = False
        for segment in document.segments:
            if segment.kind not in kinds or segment.kind == "headline":
                continue
            text = segment.text
            at = text.find(found)
            starts = None
            while at != -1 and not cached:
                if is_whole_word(text, at, at + len(found)):
                    if starts is None:
                        starts = set(sentence_starts(text))
                    cached = at not in starts and not sentence_start(text, at)
                at = text.find(found, at + 1)
            if cached:
                break
        document.cache[key] = cached
    return cached


# Quotations of speech: a verb of speech in the words that attribute them ("he said", "Mr
# Smith told the BBC:"). Anything written (a statement, a letter, a sign, a tweet) is not.
_SPEECH = re.compile(r"\b(?:said|says|say|told|tells|tell|asked|asks|added|adds|replied|replies"
                     r"|explained|explains|insisted|insists|recalled|recalls|warned|warns"
                     r"|admitted|admits|argued|argues|claimed|claims|continued|continues"
                     r"|stressed|stresses|declared|declares|shouted|shouts|answered|answers"
                     r"|remarked|remarks|joked|jokes|conceded|concedes|urged|urges"
                     r"|acknowledged|acknowledges|suggested|suggests|predicted|predicts"
                     r"|commented|comments|complained|complains)\b", re.IGNORECASE)
_WRITTEN = re.compile(r"\b(?:statement|letter|sign|signs|tweet|tweeted|tweets|post|posted|posts"
                      r"|email|e-mail|emailed|report|document|memo|website|blog|message|text"
                      r"|banner|placard|notice|headline|headlined|release|filing|book|article"
                      r"|column|leaflet|poster|label|caption|petition|manifesto|wrote|writes"
                      r"|written|read|reads|entitled|titled|called|wording|slogan)\b",
                      re.IGNORECASE)
# How far around a quotation its attribution is looked for.
_ATTRIBUTION_REACH = 80


def _in_written_quotation(document, segment, start: int, end: int) -> bool:
    """True if the span is inside a quotation that is not shown to be speech.

    Quoted speech keeps house spelling; a quoted written text keeps its own (a title, a
    document, a sign, a tweet, a letter). A quotation counts as speech only when the clause
    right after it ("…," he said) or right before it (Mr Smith said: "…"; "…," he said.
    "…") has a verb of speech and names nothing written ("said in a statement"). Anything
    else is taken for written text and left alone: a partial quotation, a quotation with no
    attribution, a block quotation.
    """
    if segment.kind == "quote":
        return True
    spans = quotation_spans(segment)
    index = bisect_right(spans, (start, float("inf"))) - 1
    if index < 0 or end > spans[index][1]:
        return False
    text = segment.text
    quote_start, quote_end = spans[index]
    after = text[quote_end:quote_end + _ATTRIBUTION_REACH]
    after = after[:_CLAUSE_END.search(after).start()] if _CLAUSE_END.search(after) else after
    low = spans[index - 1][1] if index > 0 else 0
    before = text[max(low, quote_start - _ATTRIBUTION_REACH):quote_start]
    if index == 0:  # the clause before: from the last sentence end
        stops = [before.rfind(mark) for mark in ".!?"]
        before = before[max(stops) + 1:]
    spoken = any(_SPEECH.search(clause) for clause in (after, before))
    return not spoken or any(_WRITTEN.search(clause) for clause in (after, before))


_CLAUSE_END = re.compile(r"[.;!?\n“”\"]")


def _in_exception(text: str, start: int, end: int, entry: Entry) -> bool:
    folded_variant = fold(entry.variant)
    for exception in entry.exceptions:
        folded = fold(exception)
        offset = folded.find(folded_variant)
        while offset != -1:
            begin = start - offset
            if begin >= 0 and fold(text[begin:begin + len(folded)]) == folded:
                return True
            offset = folded.find(folded_variant, offset + 1)
    return False


RULE = Substitution
