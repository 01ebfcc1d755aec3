"""Reading: what the reader read past but a reader of the published file may not.

What it checks, by ``check`` (the reader notes each at its place while it reads the file):

- ``xml-entity`` — an NITF or NewsML-G2 file uses an HTML entity (``&rdquo;``, ``&mdash;``,
  common in agency feeds) and no DOCTYPE names a DTD that would declare it. The file is not
  well-formed XML: XML parsers refuse it whole. newslint reads the entity as HTML defines it
  and goes on, so the other findings are not lost. With a DOCTYPE naming a DTD (NITF's
  declares the HTML sets) the entity is the DTD's, and nothing is reported; the DTD is never
  read. An entity HTML does not define either stays an input error.
- ``encoding-mismatch`` — an HTML or XML file declares an encoding (``<meta charset>``, the
  XML declaration) that its bytes contradict: they are UTF-8, not all ASCII, and newslint
  reads them as UTF-8. A browser or parser that trusts the declaration shows mojibake ("Ã©"
  for "é"): it is how mojibake gets published. Reported at the declared name.

Why: a file a client's parser refuses, or shows garbled, is a failed delivery, whatever its
copy says.

Fix safety: an entity's fix is safe: the character itself takes the place of the entity (a
character reference where the file's encoding lacks it, where it would be markup, or where it
is invisible, as ``&nbsp;`` is), which every reader reads as the entity was meant. A
contradicted declaration's fix, declaring UTF-8, is unsafe: the bytes read as UTF-8, but the
declaration is the author's statement, and bytes of a genuine ISO-8859-15 file can form
UTF-8 by chance ("Ã©" typed as such).

Bad (nitf): <nitf><body><body.content><p>Talks &mdash; at last.</p></body.content></body></nitf>
Good (nitf): <nitf><body><body.content><p>Talks — at last.</p></body.content></body></nitf>

Options: ``check`` (xml-entity | encoding-mismatch).
"""

from __future__ import annotations

from newslint.document import OffsetMap, Segment
from newslint.rules import ANY_LANGUAGE, Option, Rule

_MARKUP = frozenset("&<>\"'")


def _as_written(text: str) -> str:
    """The replacement is source text already (a character reference is not escaped again)."""
    return text


class Reading(Rule):
    __doc__ = __doc__
    kind = "reading"
    languages = ANY_LANGUAGE
    fixable = True
    default_segments = ("metadata",)
    options = {
        "check": Option("choice", "xml-entity", "what the reader noted: an entity no DTD "
                        "declares, or an encoding declaration the bytes contradict",
                        ("xml-entity", "encoding-mismatch")),
    }

    def check(self, document):
        check = self.config["check"]
        for noted, start, end, detail in document.notices:
            if noted != check:
                continue
            anchor = Segment("metadata", document.source[start:end],
                             OffsetMap.identity(start, end - start), {"escape": _as_written})
            if check == "xml-entity":
                yield self._entity(anchor, detail, document.encoding)
            else:
                yield self._mismatch(anchor, detail, document)

    def _entity(self, anchor: Segment, text: str, encoding: str):
        from newslint.engine import encodable

        written = text
        # A reference, not the character, where the character would be markup, is invisible
        # (no-break and zero-width spaces) or white space an attribute value would normalise.
        if any(c in _MARKUP or not c.isprintable() for c in text) or not encodable(text, encoding):
            written = "".join(f"&#x{ord(c):X};" for c in text)
        message = (f'HTML entity "{anchor.text}" ("{text}") in XML that no DOCTYPE declares: '
                   "XML parsers refuse the file")
        return self.violation(anchor, 0, len(anchor.text), message, written,
                              title=f'Write "{written}"')

    def _mismatch(self, anchor: Segment, declared: str, document):
        example = next((c for c in document.source if not c.isascii()), "")
        try:
            misread = example.encode("utf-8").decode(declared)
        except (UnicodeError, LookupError):
            misread = ""
        seen = f' ("{misread}" for "{example}")' if misread and misread != example else ""
        message = (f"Declares {declared}, but the file is UTF-8 (read as UTF-8): a reader that "
                   f"trusts the declaration shows mojibake{seen}")
        return self.violation(anchor, 0, len(anchor.text), message, "UTF-8",
                              applicability="unsafe", title="Declare UTF-8")


RULE = Reading
