"""Photo credits at the end of captions: finding, parsing and writing them in either style.

House: "[Creator/Agency]", "[Agency]", "[File: Creator/Agency]", "[Handout/Agency]",
"[Courtesy of X]". Wire (AP): "(AP Photo/Creator)", "(Photo by Creator/Getty Images)",
"(Reuters/Creator)", "(AP Photo/Creator, File)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_AGENCIES = (
    "AP Photo", "AP", "Reuters", "AFP", "Getty Images", "EPA", "EPA-EFE", "Anadolu",
    "Anadolu Agency", "Al Jazeera", "Bloomberg", "Xinhua", "Pool", "Pool via Reuters",
    "AFP via Getty Images", "Sputnik", "Kremlin Pool", "UNICEF", "WHO", "Handout",
)
_WIRE_HINT = re.compile(
    r"^(?:AP Photo|Photo by|Reuters|AFP|EPA|Getty|Anadolu|Bloomberg|Xinhua)\b|/")

# The white space after a credit is taken whole (possessive): given back one space at a time
# it is tried again against the end, quadratic on a bracket followed by a long run of spaces.
HOUSE_AT_END = re.compile(r"\[(?P<body>[^\[\]\n]{2,160})\](?P<trail>[ \t]*+\.?)[ \t]*+$")
WIRE_AT_END = re.compile(r"\((?P<body>[^()\n]{2,160})\)(?P<trail>[ \t]*+\.?)[ \t]*+$")


@dataclass(frozen=True)
class Credit:
    style: str            # "house" or "wire"
    start: int            # span of the bracketed credit in the caption text
    end: int
    body: str             # text inside the brackets
    creator: str
    agency: str
    prefix: str           # "File", "Handout", "Courtesy of" or ""
    trail_start: int      # span of any punctuation after the credit
    trail_end: int

    def house_form(self) -> str:
        return "[" + _compose(self.prefix, self.creator, self.agency, house=True) + "]"

    def wire_form(self) -> str:
        return "(" + _compose(self.prefix, self.creator, self.agency, house=False) + ")"


def _compose(prefix: str, creator: str, agency: str, house: bool) -> str:
    if prefix == "Courtesy of":
        return f"Courtesy of {creator}"
    if house:
        core = f"{creator}/{agency}" if creator and agency else (creator or agency)
        if prefix == "File":
            return f"File: {core}"
        if prefix == "Handout":
            return f"Handout/{agency}" if agency else "Handout"
        return core
    if agency.startswith("AP"):
        core = f"AP Photo/{creator}" if creator else "AP Photo"
    else:
        core = f"{creator}/{agency}" if creator and agency else (creator or agency)
    if prefix == "Handout":
        core = f"{agency} handout" if agency else "Handout"
    return f"{core}, File" if prefix == "File" else core


def is_agency(name: str, agencies=DEFAULT_AGENCIES) -> bool:
    name = name.strip()
    # "AFP via Getty Images", "Pool via Reuters": the distributing agency counts.
    return name in agencies or any(name.startswith(a + " via ") for a in agencies)


def find_credit(text: str, agencies=DEFAULT_AGENCIES, strict: bool = False) -> Credit | None:
    """The credit closing ``text``, in house or wire form, or None.

    ``strict`` asks for a bracket that surely is a credit (a slash, a known agency, "File:",
    "Courtesy of"), for telling a caption from a paragraph that ends with "[sic]".
    """
    match = HOUSE_AT_END.search(text)
    if match:
        body = match.group("body")
        if not strict or "/" in body or is_agency(body, agencies) or body.startswith(
            ("File:", "Courtesy of ", "Handout")
        ):
            return _parse(match, "house", agencies)
        return None
    match = WIRE_AT_END.search(text)
    if match and _WIRE_HINT.search(match.group("body")):
        credit = _parse(match, "wire", agencies)
        # "(7/5)" after a tie-break score or "(Life Begins/ITV1)" after a name is no credit.
        if (not strict or credit.body.startswith(("AP Photo", "Photo by"))
                or is_agency(credit.agency, agencies)):
            return credit
    return None


def _parse(match, style: str, agencies) -> Credit:
    body = match.group("body").strip()
    prefix = ""
    rest = body
    if style == "house":
        if rest.startswith("File:"):
            prefix, rest = "File", rest[5:].strip()
        elif rest.startswith("Courtesy of "):
            prefix, rest = "Courtesy of", rest[12:].strip()
    else:
        if rest.endswith(", File"):
            prefix, rest = "File", rest[:-6].strip()
        if rest.startswith("Photo by "):
            rest = rest[9:].strip()
    if prefix == "Courtesy of":
        creator, agency = rest, ""
    elif "/" in rest:
        first, second = (part.strip() for part in rest.split("/", 1))
        if first == "Handout":
            prefix, creator, agency = "Handout", "", second
        elif is_agency(first, agencies) and not is_agency(second, agencies):
            creator, agency = second, first
        else:
            creator, agency = first, second
    elif is_agency(rest, agencies):
        creator, agency = "", rest
    else:
        creator, agency = rest, ""
    trail = match.group("trail")
    trail_start = match.end("body") + 1 + (len(trail) - len(trail.lstrip()))
    return Credit(style, match.start(), match.end("body") + 1, body, creator, agency, prefix,
                  trail_start, match.end("trail"))


def caption_without_credit(text: str) -> str:
    credit = find_credit(text)
    return text[:credit.start] if credit else text
