"""Caption credit: every caption ends with its photo credit, in the style's form.

What it checks, by ``check``:

- ``form`` — the caption ends with a credit (an image without one must not be published); the
  credit is in the style's form: house "[Armando Babani/AP Photo]" (creator, then agency, in
  square brackets), or wire "(AP Photo/Armando Babani)" with ``style: ap``. A wire credit in a
  house caption, or the reverse, is rewritten; "[AP Photo/Armando Babani]" is put in order.
- ``agency`` — the credit's agency is one the desk knows (``agencies``); an unknown one is
  usually a typo ("AP Phot") or an agency without a contract.
- ``punctuation`` — house captions have no full stop before the credit ("… 2024
  [Name/AP Photo]") and none after it.

Why: a photo published without its credit, or with the agency's credit in the agency's form,
breaks the licence and the house style at once.

Fix safety: rewriting a credit with one creator and one agency is safe: nothing is added or
lost, only the brackets and the order change. It is unsafe with a suffix whose place in the
other form is not sure ("Jane Doe, Pool", "Jane Doe/File"), and there is none when both parts
are agencies ("(Sputnik/Kremlin Pool Photo via AP)": which is the creator?). Removing a full
stop before or after the credit is safe, and a point that ends an initial or an abbreviation
("U.S.", "Jr.", "Inc.") is no full stop: it is not reported. A missing credit or an unknown
agency has no fix: only the desk knows the credit.

Bad (caption): Zelenskyy arrives in Tirana on February 28, 2024. (AP Photo/Armando Babani)
Good (caption): Zelenskyy arrives in Tirana on February 28, 2024 [Armando Babani/AP Photo]

Options: ``style`` (house | ap), ``check`` (form | agency | punctuation), ``agencies``.
"""

from __future__ import annotations

from newslint.analysis.photo_credits import DEFAULT_AGENCIES, find_credit, is_agency
from newslint.analysis.text import ABBREVIATIONS_WITH_POINT
from newslint.findings import Edit
from newslint.rules import Option, Rule


class CaptionCredit(Rule):
    __doc__ = __doc__
    kind = "caption_credit"
    fixable = True
    fixable_when = {"check": ("form", "punctuation")}
    default_segments = ("caption",)
    options = {
        "style": Option("choice", "house", "the credit form", ("house", "ap")),
        "check": Option("choice", "form", "what this rule looks at",
                        ("form", "agency", "punctuation")),
        "agencies": Option("list", list(DEFAULT_AGENCIES), "agencies the desk knows"),
    }

    def check_segment(self, segment, document):
        text = segment.text.rstrip()
        agencies = tuple(self.config["agencies"])
        credit = find_credit(text, agencies)
        check = self.config["check"]
        if check == "form":
            yield from self._form(segment, text, credit)
        elif credit is None:
            return
        elif check == "agency":
            if (credit.agency and not is_agency(credit.agency, agencies)
                    and credit.prefix != "Courtesy of"):
                start = credit.start + 1 + credit.body.rfind(credit.agency)
                yield self.violation(
                    segment, start, start + len(credit.agency),
                    f'Unknown agency "{credit.agency}" in the credit; '
                    f"known agencies: {', '.join(agencies[:8])}"
                    f"{', …' if len(agencies) > 8 else ''}",
                )
        elif check == "punctuation" and self.config["style"] == "house":
            before = text[:credit.start].rstrip()
            if (before.endswith(".") and not before.endswith("..")
                    and not _point_of_abbreviation(before, len(before) - 1)):
                stop = len(before) - 1
                yield self.violation(
                    segment, stop, stop + 1, "Full stop before the credit",
                    edits=[Edit(stop, stop + 1, "")], title="Remove the full stop",
                )
            if text[credit.trail_start:credit.trail_end] == ".":
                yield self.violation(
                    segment, credit.trail_start, credit.trail_end, "Full stop after the credit",
                    edits=[Edit(credit.trail_start, credit.trail_end, "")],
                    title="Remove the full stop",
                )

    def _form(self, segment, text, credit):
        style = self.config["style"]
        if credit is None:
            yield self.violation(segment, 0, len(text),
                                 "Caption has no credit; every published image needs one")
            return
        written = text[credit.start:credit.end]
        house = style == "house"
        expected = credit.house_form() if house else credit.wire_form()
        if written == expected:
            return
        if credit.style == ("wire" if house else "house"):
            message = (f'Wire credit "{written}" in a house caption' if house
                       else f'House credit "{written}" in a wire caption')
        else:
            message = f'Credit "{written}" out of order'
        applicability = _applicability(credit, tuple(self.config["agencies"]))
        if applicability is None:
            yield self.violation(segment, credit.start, credit.end, message)
            return
        yield self.violation(
            segment, credit.start, credit.end, message,
            expected, title=f'Write "{expected}"', applicability=applicability,
        )


def _applicability(credit, agencies) -> str | None:
    """Safe when the credit names one creator and one agency the rule tells apart; unsafe with
    a suffix whose place in the other form is not sure ("Jane Doe, Pool", "Jane Doe/File");
    None (no fix) when both parts are agencies ("Sputnik/Kremlin Pool Photo via AP"): which
    is the creator, only the desk knows."""
    creator = credit.creator
    if creator and (is_agency(creator, agencies) or " via " in creator):
        return None
    if "/" in creator or "/" in credit.agency or "," in creator:
        return "unsafe"
    return "safe"


def _point_of_abbreviation(text: str, index: int) -> bool:
    """True if the full stop at ``index`` ends an initial or a known abbreviation ("U.S.",
    "Jr.", "Inc."): the abbreviation keeps it, and there is no full stop to remove."""
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:index]
    return len(word) == 1 and word.isupper() or word.lower() in ABBREVIATIONS_WITH_POINT


RULE = CaptionCredit
