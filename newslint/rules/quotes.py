"""Quotes: straight quotation marks and apostrophes, and quotations left open or closed twice.

What it checks:

- ``check: straight`` — a straight ``'`` or ``"`` in copy set with curly ones. The fix picks the
  curly mark from its neighbours: “ at a word start, ” at a word end, ‘ before a word, and ’ for
  an apostrophe or a closing single quote ("Ukraine's" → "Ukraine’s"). An apostrophe of elision
  is ’ at a word start too: "'Tis", "'em", "the '90s", "rock 'n' roll", "'bot nets". Marks
  between figures and after them are feet, inches and minutes of arc (5'11", 5' 10", 55"
  screen, 51°30'15"N) and are left alone.
- ``check: balance`` — double quotation marks that do not pair up within a paragraph: a closing
  mark with no opening one, or an opening one never closed. A quotation running over several
  paragraphs opens each paragraph and closes only at its end, so a paragraph left open is fine
  when the next body paragraph opens with a quotation mark (a caption may stand between); in
  one paragraph, ``"We are ready. "We will go."`` needs a closing mark or a paragraph break,
  and is reported. Where the balance is unclear there is no finding: a straight mark with a
  space on both sides (``care,' " says Munn``) or glued on both sides (``Kuwait"s``, the
  Hebrew ``צה"ל``, a quotation glued to a prefix in another script, ``said:"We``, doubled:
  ``""``), and a curly mark set the wrong way round (``“Hello,“ he said``, or Swedish ”…”),
  takes whichever side pairs it, or none. „ opens a quotation that “
  may close (German). A quotation inside a quotation in the other kind of marks (“… "…" …”)
  must close before the one around it. Inch marks (``55" screen``, ``65” TV``) and single
  marks are not counted: ’ is also the apostrophe.

Why: typographic quotes are the house form in print and on the web; an unbalanced quotation
leaves the reader unsure where the speaker stopped — and may put words in someone's mouth.

Fix safety: a mark gets a safe fix only when its side is sure. No fix, for an editor to
decide: a double mark whose side its neighbours do not tell (space on both sides, between
letters as in ``Kuwait"s``, a doubled ``''``); one that reads as opening while a quotation is
open, or as closing while none is (``we are ready "and left``: a mark is missing elsewhere, or
this one has its space on the wrong side) — except an opening mark after a sentence end, which
is the next paragraph of a quotation run into this one; "'15s'" (a year, or a quotation). An
opening ‘ with no closing single mark after it in the paragraph is unsafe: it may be an elision
the rule does not know ("It's 'orrible").

Bad: Zelenskyy said "we are ready" on Wednesday.
Good: Zelenskyy said “we are ready” on Wednesday.

Options: ``check`` (straight | balance).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from newslint.analysis.quotations import is_prime
from newslint.rules import Option, Rule

_OPENS_AFTER = "([{—–-/“‘"
_STRAIGHT = re.compile("['\"]")


class Quotes(Rule):
    __doc__ = __doc__
    kind = "quotes"
    fixable = True
    fixable_when = {"check": ("straight",)}
    default_segments = ("headline", "standfirst", "body", "caption")
    options = {
        "check": Option("choice", "straight", "what this rule looks at", ("straight", "balance")),
    }

    def check(self, document):
        segments = [s for s in document.segments if s.kind in self.segments]
        if self.config["check"] == "straight":
            for segment in segments:
                yield from self._straight(segment)
        else:
            yield from self._balance(segments)

    def _straight(self, segment):
        text = segment.text
        if "'" not in text and '"' not in text:  # many paragraphs: nothing to place or look up
            return
        analysis = segment.analysis
        has_urls = bool(analysis.non_prose_tokens[0])  # most paragraphs have none to look up
        doubles = _double_verdicts(analysis) if '"' in text else {}
        closing_singles = None  # where single quotation marks close, found if a ‘ is asked for
        # The marks are found by one C scan; most paragraphs have a handful, if any.
        for mark in _STRAIGHT.finditer(text):
            index = mark.start()
            char = text[index]
            if has_urls and analysis.in_non_prose_token(index, index + 1):
                continue
            if char == '"':
                verdict = doubles.get(index)
                if verdict is None:
                    continue  # an inch mark or a second of arc
            else:
                if is_prime(text, index):
                    continue  # 5'11", 51°30'N: feet, minutes of arc
                verdict = _local_verdict(char, text, index)
                if verdict[0] == "‘":
                    if closing_singles is None:
                        closing_singles = [m.start() for m in _CLOSING_SINGLE.finditer(text)]
                    verdict = _opening_single(text, index, verdict, closing_singles)
            curly, message, title, applicability = verdict
            yield self.violation(segment, index, index + 1, message, curly, title=title,
                                 applicability=applicability)

    def _balance(self, segments):
        pending = None  # (segment, index) of a quotation left open at the end of a paragraph
        for segment in segments:
            text = segment.text
            marks = segment.analysis.quote_marks
            # A quotation reported as left open at the end of the last paragraph: this
            # paragraph, which did not reopen it, may still close it, and that is no second fault.
            carried = False
            if pending is not None and segment.kind == "body":
                if not (marks and marks[0][1] and not text[:marks[0][0]].strip()):
                    yield self._unclosed(*pending, "is not closed at the end of its paragraph, and "
                                         "the next paragraph does not open with a quotation mark")
                    carried = True
                pending = None
            found, open_at = self._paragraph(segment, marks, carried)
            yield from found
            if open_at is None:
                continue
            if segment.kind == "body":
                pending = (segment, open_at)
            else:
                yield self._unclosed(segment, open_at, "is never closed")
        if pending is not None:
            yield self._unclosed(*pending, "is never closed")

    def _paragraph(self, segment, marks, carried: bool):
        """The faults of one paragraph's marks, and where a quotation left open at its end
        opened (None if none is)."""
        text = segment.text
        found = []
        open_at = nested_at = None
        for index, opens in marks:
            straight = text[index] == '"'
            if opens:
                if (open_at is not None and nested_at is None
                        and straight != (text[open_at] == '"')):
                    nested_at = index  # “a "quotation" inside a quotation”, in the other marks
                    continue
                # Also after a sentence end: "We are ready. "We will go." is one paragraph
                # that needs a closing mark or a paragraph break. With a quotation inside
                # still open, the inner one if this mark is of its kind.
                if open_at is not None:
                    inner = (nested_at if nested_at is not None
                             and straight == (text[nested_at] == '"') else open_at)
                    found.append(self._unclosed(segment, inner,
                                                "is not closed before the next one opens"))
                open_at, nested_at, carried = index, None, False
            elif nested_at is not None and straight == (text[nested_at] == '"'):
                nested_at = None
            elif open_at is not None:
                if nested_at is not None:
                    found.append(self._unclosed(segment, nested_at, "is not closed before the "
                                                "quotation around it closes"))
                open_at = nested_at = None
            elif carried:
                carried = False
            else:
                found.append(self.violation(segment, index, index + 1,
                                            "Closing quotation mark without an opening one"))
        return found, open_at

    def _unclosed(self, segment, index, why):
        return self.violation(segment, index, index + 1, f"Quotation opened here {why}")


_VERDICTS: dict[tuple[str, str, str], tuple[str | None, str, str, str]] = {}
# A single mark that can close a quotation: after a character that is not white space, before
# white space, punctuation or the end ("'peace'", "'the plan',"; also "the players' union").
_CLOSING_SINGLE = re.compile(r"(?<=\S)['’](?=[\s.,;:!?)\]}\"”—–-]|\Z)")
# Words that lose their first letters to an apostrophe, never to an opening quotation mark:
# 'tis, 'em, rock 'n' roll, 'bot nets. "cause", "round" and "bout" are words too, so a
# quotation may start with them: those are left to the closing-mark test below.
_ELISION = re.compile(r"(?:n(?=['’])|(?:(?i:tis|twas|twere|twill|twould|em|bots?|cos|coz|til"
                      r"|fraid|gainst|neath|nuff)|s|d|ll|re|ve|m|t)(?![\w’']))")
# A decade or year cut to two figures: the '90s, class of '83.
_SHORT_YEAR = re.compile(r"\d\d(?:s|['’]s)?(?!\w)")
# Before "'n'" these words quote a letter ("the letter 'n'"), not rock 'n' roll.
_QUOTING_A_LETTER = frozenset({"letter", "letters", "a", "an", "the"})


def _double_verdicts(analysis) -> dict[int, tuple[str | None, str, str, str]]:
    """The verdict on each straight double mark of a segment's text, given its ``analysis``
    (inch marks have none).

    A mark's side comes from its neighbours, then is checked against the quotation it belongs
    to: a mark that reads as opening while a quotation is open, or as closing while none is,
    might be either (a missing mark elsewhere, or this one typed with the space on the wrong
    side: ``"no "and left``), so it gets no fix. An opening mark after a sentence end while a
    quotation is open is the quotation's next paragraph run into this one (``else. "We all``),
    and opens.
    """
    text = analysis.text
    verdicts = {}
    is_open = False
    for index, opens in analysis.double_marks:
        char = text[index]
        if char != '"':
            is_open = opens
            continue
        verdict = _local_verdict(char, text, index)
        curly = verdict[0]
        if curly is None:
            is_open = not is_open  # a stray mark: whichever side pairs it
        elif (curly == "“") == is_open and not (is_open and _after_sentence_end(text, index)):
            side = "opening" if curly == "“" else "closing"
            state = "a quotation is already open" if is_open else "no quotation is open"
            message = f"Straight quotation mark that reads as {side}, but {state}"
            verdict = (None, message, "", "safe")
        else:
            is_open = curly == "“"
        verdicts[index] = verdict
    return verdicts


def _after_sentence_end(text: str, index: int) -> bool:
    """True if white space, and before it a sentence's last mark (and closing marks), come
    right before ``index``."""
    space = index
    while space > 0 and text[space - 1].isspace():
        space -= 1
    closers = space
    while closers > 0 and text[closers - 1] in _SENTENCE_CLOSERS:
        closers -= 1
    return space < index and closers > 0 and text[closers - 1] in ".?!…"


_SENTENCE_CLOSERS = frozenset("'’)]")


def _local_verdict(char: str, text: str, index: int) -> tuple[str | None, str, str, str]:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if char == "'" and before == '"' and (index < 2 or text[index - 2].isspace()
                                          or text[index - 2] in _OPENS_AFTER):
        before = "“"  # "'Oh no: the single mark opens inside an opening double one
    # What a mark gets depends only on it and its neighbours, and an ASCII corpus has a few
    # hundred such triples for tens of thousands of marks.
    verdict = _VERDICTS.get((char, before, after))
    if verdict is None:
        verdict = _verdict(char, before, after)
        if len(_VERDICTS) < 4096:
            _VERDICTS[char, before, after] = verdict
    return verdict


def _opening_single(text: str, index: int, verdict, closing_singles: list[int]):
    """The verdict on a ' that reads as opening: an apostrophe of elision when the word after
    it is one ('em, 'tis, the '90s); an opening mark when a closing one follows in the
    paragraph; otherwise an opening mark only with --unsafe-fixes (it may be an elision the
    list does not know: "It's 'orrible")."""
    elision = _ELISION.match(text, index + 1)
    if elision and not (elision.group().lower() == "n"
                        and _word_before(text, index) in _QUOTING_A_LETTER):
        return _APOSTROPHE
    year = _SHORT_YEAR.match(text, index + 1)
    if year:
        if text[year.end():year.end() + 1] in ("'", "’"):
            return (None, "Straight single quotation mark", "", "safe")  # '15s': a year, or quoted
        return _APOSTROPHE
    later = bisect_right(closing_singles, index)
    if later < len(closing_singles):
        return verdict
    curly, message, title, _ = verdict
    return curly, message, title, "unsafe"


def _word_before(text: str, index: int) -> str:
    end = index
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:end].lower()


def _verdict(char: str, before: str, after: str) -> tuple[str | None, str, str, str]:
    """The curly mark for a straight one between two characters, the message, the fix title
    and the fix's applicability."""
    curly = _curly(char, before, after)
    if char == "'":
        name = "apostrophe" if curly == "’" and before.isalnum() else "single quotation mark"
    else:
        name = {"“": "opening quotation mark",
                "”": "closing quotation mark"}.get(curly, "quotation mark")
    return curly, f"Straight {name}", f'Write "{curly}"' if curly else "", "safe"


_APOSTROPHE = ("’", "Straight apostrophe", 'Write "’"', "safe")


def _curly(char: str, before: str, after: str) -> str | None:
    at_word_start = before.isspace() or before in _OPENS_AFTER
    at_word_end = after.isspace() or after in ".,;:!?)]}—–-…”’"
    if char == '"':
        if at_word_start and not after.isspace():
            return "“"
        if not before.isspace() and at_word_end:
            return "”"
        return None
    if "'" in (before, after):
        return None  # '' for ": two marks that stand for one
    if at_word_start:
        return "‘" if after.isalnum() or after in "“" else None
    return "’"


RULE = Quotes
