"""Date format: dates written the way the style writes them.

What it checks (``check: form``): every calendar date — "Feb. 28, 2024", "28th February",
"February 28 2024", "February, 2024" — against the style's form, and rewrites it:

- ``house``: "February 28, 2024" — month in full, no ordinal, month before day, comma before the
  year; "February 2024" without a comma.
- ``ap``: "Feb. 28, 2024" — Jan., Feb., Aug., Sept., Oct., Nov. and Dec. abbreviated before a
  day, March to July in full; "February 2024" without a comma.

With ``check: numeric`` it flags numeric dates in prose ("28/02/2024", "2/28/24",
"2024-02-28"), without a fix: whether 02/03 is February or March is for the writer to say.
With ``check: weekday`` it flags a weekday attached to a full date ("Wednesday, February 28,
2024"); house captions say "on February 28, 2024".

Days that share a month move with it: "16 or 17 March", "16-17 March", "14, 20 and 27 April"
become "March 16 or 17", "March 16-17", "April 14, 20 and 27"; "16 March-17 April" becomes
"March 16-April 17"; "Saturday 12 March" becomes "Saturday, March 12". Times, scores ("2-1
March"), ranges of years and dates inside URLs are never flagged. A date that names an event
("the 11 September attacks") takes the house form too ("the September 11 attacks"), as
American copy writes it. A weekday abbreviated with its point before a date ("Wed., March 3")
is written in full, in both styles ("Wednesday, March 3"); without a point, "Sun" and "Sat"
are a newspaper and a verb as often as days.

Why: a reader should never stop at a date; one form, every time, also keeps archives searchable.

Fix safety: the form fix is safe: it moves the day, spells or abbreviates the month, drops an
ordinal and sets the comma before the year, nothing else. A month's point that also ended the
sentence stays ("ends 3 Feb. Results follow." → "ends February 3. Results follow."); one before a
word in lower case or a comma was the abbreviation's only, and goes. Unsafe: "the 28th of
February" (the article before it must go too), and a point before a closing bracket or a dash
("(it ends 3 Feb.)": whose point is it?). No fix: a day-first date after figures that are not
earlier days ("17 or 16 March"), whose rewrite would split what the writer joined. The weekday
fix (``check: weekday``) is unsafe: "on" may need more of the sentence rewritten. Numeric dates
have no fix: whether 02/03 is February or March is for the writer to say.

Bad: The summit opened on Feb. 28, 2024, in Tirana.
Good: The summit opened on February 28, 2024, in Tirana.

Options: ``style`` (house | ap), ``check`` (form | numeric | weekday).
"""

from __future__ import annotations

import re

from newslint.analysis.prefilter import Prefiltered
from newslint.rules import Option, Rule

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
AP_ABBREVIATIONS = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_FULL = "|".join(MONTHS)
_ABBR = "|".join(sorted((a.capitalize() for a in _ABBREVIATIONS), key=len, reverse=True))
_MONTH = rf"(?P<month>(?:{_FULL})\b|(?:{_ABBR})(?:\.|\b))"
_DAY = r"(?P<day>[0-3]?\d)(?P<ordinal>st|nd|rd|th)?\b"
_YEAR = r"(?P<year>[12]\d{3})\b"

# Month-first: "February 28, 2024", "Feb. 28th", "February 28 2024".
_MONTH_DAY = rf"{_MONTH}\s(?!\d{{4}}\b){_DAY}(?:(?P<comma>,)?\s{_YEAR}(?!\s*[-–/]\s*\d))?"
# Day-first: "28 February 2024", "28th of February".
_DAY_MONTH = (
    rf"(?P<dday>[0-3]?\d)(?P<dordinal>st|nd|rd|th)?(?P<of>\sof)?\s(?P<dmonth>(?:{_FULL})\b|(?:{_ABBR})(?:\.|\b))"
    rf"(?:,?\s(?P<dyear>[12]\d{{3}})\b)?"
)
# Month and year: "February 2024", "February, 2024".
_MONTH_YEAR = (rf"(?P<mmonth>(?:{_FULL})\b|(?:{_ABBR})(?:\.|\b))"
               rf"(?P<mcomma>,)?\s(?P<myear>[12]\d{{3}})\b")
# A weekday abbreviated takes its point ("Wed., March 3"): without one, "Sun" and "Sat" are
# as often a newspaper and a verb.
_WEEKDAY = (rf"(?P<weekday>(?:{'|'.join(WEEKDAYS)}|(?P<weekday_abbreviated>"
            rf"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.)),?\s)?")

# The leading look-ahead changes no match: a date starts with a digit, a weekday or a month,
# and naming those characters lets re skip to them in C instead of trying the look-behind at
# every character (half the time over the BBC corpus).
# A hyphen right before a date is glued to something ("under-21 March"), except between the
# days of a range ("16-17 March"), which the rule reads back from the date.
DATE = re.compile(rf"(?=[\dJFMASONDTW])(?<![\w/.])(?<!(?<!\d)-){_WEEKDAY}"
                  rf"(?:{_MONTH_DAY}|{_DAY_MONTH}|{_MONTH_YEAR})")
# The days before a day-first date that share its month: "16 or 17 March", "6 to 9 January",
# "16-17 March", "16, 17 and 18 March". Read back from the date over a bounded window, the
# first day not glued to a figure, a currency or a decimal point ("2.16 or 17 March").
_RANGE_WINDOW = 40
_RANGE_BEFORE = re.compile(
    r"(?<![\w/.,£$€%-])(?P<first>[0-3]?\d)(?:st|nd|rd|th)?"
    r"(?:,\s[0-3]?\d(?:st|nd|rd|th)?)*+"
    r"(?:\s?[-–]\s?|\s(?:to|or|and|&|until|till|through)\s)\Z")
# A second day-first date glued to the first by a hyphen ("16 March-17 April"), which DATE
# does not find on its own.
_GLUED_SECOND_DATE = re.compile(
    rf"-(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s(?P<month>(?:{_FULL})\b|(?:{_ABBR})(?:\.|\b))"
    rf"(?:,?\s(?P<year>[12]\d{{3}})\b)?")
# After a month's point that also ends the sentence: the end, a closing quotation mark, or
# white space and a capital or a figure (an opening mark before it). After one that does not:
# a comma or the like, or white space and a word in lower case.
_POINT_ENDS_SENTENCE = re.compile(r"\Z|[\"”’']|\s+[\"“‘'(\[]?[A-Z0-9]")
_POINT_ENDS_ABBREVIATION = re.compile(r"[,;:]|\s+[a-z]")

# A weekday right before a day-first date, without a comma ("on Saturday 12 March").
_WEEKDAY_BEFORE = re.compile(rf"\b({'|'.join(WEEKDAYS)}) \Z")
_LONGEST_WEEKDAY = max(map(len, WEEKDAYS))

# Every date names a month: it is looked for only near the name of one, and most paragraphs
# name none.
_DATES = Prefiltered(DATE.pattern)
# Every numeric date holds the middle of one of its forms, which starts with a separator: re
# looks for a pattern's first character in C, where NUMERIC_DATE stops at every digit.
_NUMERIC_DATE_MIDDLES = tuple(map(re.compile, (r"/\d{1,2}/", r"-[01]\d-", r"\.\d{1,2}\.\d{4}")))
# Starts with a look-ahead for a digit for the reason DATE does.
NUMERIC_DATE = re.compile(
    r"(?=\d)(?<![\w/.:-])(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}-[01]\d-[0-3]\d|\d{1,2}\.\d{1,2}\.\d{4})(?![\w/:-])"
)


def month_number(name: str) -> int:
    name = name.rstrip(".")
    for number, month in enumerate(MONTHS, 1):
        if month == name:
            return number
    return _ABBREVIATIONS[name.lower()]


def format_date(month: int, day: int | str | None, year: str | None, style: str) -> str:
    """The date in the style's form; ``day`` may be a range of days as written ("16 or 17")."""
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    name = AP_ABBREVIATIONS.get(month, MONTHS[month - 1]) if style == "ap" else MONTHS[month - 1]
    text = f"{name} {day}"
    return f"{text}, {year}" if year else text


class DateFormat(Rule):
    __doc__ = __doc__
    kind = "date_format"
    fixable = True
    fixable_when = {"check": ("form", "weekday")}
    options = {
        "style": Option("choice", "house", "the form dates take", ("house", "ap")),
        "check": Option("choice", "form", "what this rule looks at",
                        ("form", "numeric", "weekday")),
    }

    def triggers(self):
        literals = _DATES.literals
        if self.config["check"] == "numeric" or literals is None:
            return None
        return (literals,)

    def check_segment(self, segment, document):
        check = self.config["check"]
        text, analysis = segment.text, segment.analysis
        if check == "numeric":
            if not any(middle.search(text) for middle in _NUMERIC_DATE_MIDDLES):
                return  # most paragraphs
            for match in NUMERIC_DATE.finditer(text):
                if not analysis.in_non_prose_token(match.start(), match.end()):
                    yield self.violation(
                        segment, match.start(), match.end(),
                        f'Numeric date "{match.group()}" in prose',
                    )
            return
        for match in _DATES.finditer(analysis):
            if analysis.in_non_prose_token(match.start(), match.end()):
                continue
            if check == "weekday":
                yield from self._weekday(segment, match)
            else:
                yield from self._form(segment, match)

    def _weekday(self, segment, match):
        has_full_date = match.group("year") or match.group("dyear")
        if match.group("weekday") and has_full_date:
            start, end = match.start("weekday"), match.end()
            date_start = match.start("month") if match.group("month") else match.start("dday")
            date_text = segment.text[date_start:end]
            expected = self._expected(match)
            # "Albania, Wednesday, Feb. 28, 2024" -> "Albania, on February 28, 2024"; a caption
            # that already says "on" keeps one. Unsafe: the sentence around it may need more.
            already_on = _ends_with_on(segment.text, start)
            replacement = expected if already_on else f"on {expected}"
            yield self.violation(
                segment, start, end,
                f'Weekday attached to the date "{date_text}"',
                replacement, applicability="unsafe", title=f'Write "{replacement}"',
            )

    def _expected(self, match, days: str | None = None) -> str:
        style = self.config["style"]
        if match.group("month"):
            return format_date(month_number(match.group("month")), int(match.group("day")),
                               match.group("year"), style)
        if match.group("dmonth"):
            month, day = month_number(match.group("dmonth")), days or int(match.group("dday"))
            return format_date(month, day, match.group("dyear"), style)
        return format_date(month_number(match.group("mmonth")), None, match.group("myear"), style)

    def _form(self, segment, match):
        style = self.config["style"]
        problems = []
        applicability = "safe"
        if match.group("month"):
            start = match.start("month")
            month_text, day = match.group("month"), int(match.group("day"))
            if match.group("ordinal"):
                problems.append("ordinal in a date")
            if match.group("year") and not match.group("comma"):
                problems.append("no comma before the year")
        elif match.group("dmonth"):
            start = match.start("dday")
            month_text, day = match.group("dmonth"), int(match.group("dday"))
            problems.append("day before the month")
            if match.group("dordinal"):
                problems.append("ordinal in a date")
            if match.group("of"):
                applicability = "unsafe"  # "the 28th of February" needs the article rewritten too
        else:
            start = match.start("mmonth")
            month_text, day = match.group("mmonth"), None
            if match.group("mcomma"):
                problems.append("comma between month and year")
        if day is not None and not 1 <= day <= 31:
            return
        month = month_number(month_text)
        expected_name = MONTHS[month - 1]
        if day is not None and style == "ap":
            expected_name = AP_ABBREVIATIONS.get(month, expected_name)
        if month_text != expected_name:
            written, wanted = len(month_text.rstrip(".")), len(expected_name.rstrip("."))
            if written < wanted:
                problems.insert(0, "month abbreviated")
            elif written > wanted:
                problems.insert(0, "month written in full before a day")
            else:
                problems.insert(0, f'month abbreviated as "{month_text}", not "{expected_name}"')
        text = segment.text
        end = match.end()
        expected = self._expected(match)
        if match.group("dmonth"):
            day_range = _day_range(text, start, day)
            if day_range is _NOT_DAYS:
                if text[start - 1:start] == "-":
                    return  # "2-1 March": a score, not days
                expected = None  # "17 or 16 March": whatever it is, "17 or March 16" is wrong
            elif day_range:
                start, days = day_range
                expected = self._expected(match, days=days)
            weekday = _WEEKDAY_BEFORE.search(text, max(0, start - _LONGEST_WEEKDAY - 1), start)
            if weekday and expected:
                # "Saturday 12 March": the day number kept the weekday apart; now a comma does
                start, expected = weekday.start(), f"{weekday.group(1)}, {expected}"
            glued = _GLUED_SECOND_DATE.match(text, end) if not match.group("dyear") else None
            if glued and expected and not day_range:
                end = glued.end()
                second = format_date(month_number(glued.group("month")), int(glued.group("day")),
                                     glued.group("year"), style)
                expected = f"{expected}-{second}"  # "16 March-17 April": both dates move
        if match.group("weekday_abbreviated"):
            # "Wed., March 3": the weekday in full, as body copy writes it
            full = next(w for w in WEEKDAYS if w.startswith(match.group("weekday_abbreviated")[:3]))
            problems.insert(0, "weekday abbreviated")
            start = match.start("weekday")
            if expected is not None:
                expected = f"{full}, {expected}"
        if not problems:
            return
        written = text[start:end]
        message = (f'Date "{written}" is not in {"AP" if style == "ap" else style} style '
                   f'({"; ".join(problems)})')
        if expected is None:
            yield self.violation(segment, start, end, message)
            return
        if written.endswith(".") and not expected.endswith("."):
            if _POINT_ENDS_SENTENCE.match(text, end):
                expected += "."  # "ends 3 Feb. Results follow.": the point ends the sentence too
            elif not _POINT_ENDS_ABBREVIATION.match(text, end):
                applicability = "unsafe"  # "(on 3 Feb.)", or "(It ends 3 Feb.)"?
        yield self.violation(segment, start, end, message, expected,
                             applicability=applicability, title=f'Write "{expected}"')


_NOT_DAYS = "not days"


def _day_range(text: str, start: int, last_day: int):
    """The days before the day-first date at ``start`` that share its month, as
    ``(range start, "16 or 17")`` with ordinals dropped; None when there are none; _NOT_DAYS
    when the figures before are not days before this one ("2-1 March", "17 or 16 March")."""
    found = _RANGE_BEFORE.search(text, max(0, start - _RANGE_WINDOW), start)
    if found is None:
        return _NOT_DAYS if text[start - 1:start] == "-" else None
    days = [int(d) for d in _DIGITS.findall(text, found.start(), start)]
    if not all(0 < a < b for a, b in zip(days, [*days[1:], last_day], strict=True)):
        return _NOT_DAYS
    written = _ORDINAL.sub(r"\1", text[found.start():start])
    return found.start(), f"{written}{last_day}"


_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)")
_DIGITS = re.compile(r"\d+")


def _ends_with_on(text: str, index: int) -> bool:
    """True if ``text[:index]`` ends with "on" (a word) before any white space; read from
    ``index`` backwards, not by stripping all the text before it at each date."""
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return text.endswith(" on", 0, index) or text.endswith("On", 0, index)


RULE = DateFormat
