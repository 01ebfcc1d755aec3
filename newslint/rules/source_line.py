"""Source line: every article ends with exactly one source line, in the house form.

What it checks, by ``check``:

- ``presence`` — there is a source line ("Source: News Agencies"), exactly one, and it is the
  article's last paragraph. A missing one is reported at the end of the article.
- ``form`` — it reads "Source: …": not "Sources:", not "source:", no full stop at the end.
- ``known`` — what follows "Source:" is one of ``sources`` (a different case is fixed; anything
  else is reported for an editor to check).

Why: the source line tells the reader where the reporting came from; agency contracts require it.

Fix safety: the form fixes are safe: the label becomes "Source:" ("Sources:", "source :") and a
full stop at the end goes; the words of the source stay. A known source in another case is
safe too ("news agencies" → "News Agencies"): the list says how the desk writes it. A missing
or misplaced source line, or an unknown source, has no fix: only the desk knows the source.

Bad: Sources: News agencies.
Good: Source: News Agencies

Options: ``check`` (presence | form | known), ``sources``.
"""

from __future__ import annotations

import re

from newslint.document import OffsetMap, Segment
from newslint.findings import Edit
from newslint.rules import Option, Rule

_LABEL = re.compile(r"(?P<label>sources?\s*:)[ \t]*", re.IGNORECASE)
DEFAULT_SOURCES = ("News Agencies", "Al Jazeera", "Al Jazeera and news agencies",
                   "Al Jazeera and Reuters", "Al Jazeera and AP", "Al Jazeera and AFP")


class SourceLine(Rule):
    __doc__ = __doc__
    kind = "source_line"
    fixable = True
    fixable_when = {"check": ("form", "known")}
    default_segments = ("source",)
    options = {
        "check": Option("choice", "presence", "what this rule looks at",
                        ("presence", "form", "known")),
        "sources": Option("list", list(DEFAULT_SOURCES), "source lines the desk uses"),
    }

    def check(self, document):
        sources = [s for s in document.segments if s.kind in self.segments]
        check = self.config["check"]
        if check == "presence":
            yield from self._presence(document, sources)
            return
        for segment in sources:
            match = _LABEL.match(segment.text)
            if match is None:
                continue
            if check == "form":
                yield from self._form(segment, match)
            else:
                yield from self._known(segment, match)

    def _presence(self, document, sources):
        if not sources:
            end = len(document.source.rstrip())
            anchor = Segment("source", "", OffsetMap.identity(end, 0))
            yield self.violation(anchor, 0, 0, "No source line at the end of the article")
            return
        for segment in sources[:-1]:
            yield self.violation(segment, 0, len(segment.text),
                                 "More than one source line")
        last = sources[-1]
        prose = [s for s in document.segments if s.kind not in ("metadata",)]
        if prose and prose[-1] is not last:
            yield self.violation(last, 0, len(last.text),
                                 "Source line is not the last paragraph")

    def _form(self, segment, match):
        label = match.group("label")
        if label != "Source:":
            yield self.violation(
                segment, match.start("label"), match.end("label"),
                f'Source line labelled "{label}"', "Source:", title='Write "Source:"',
            )
        text = segment.text.rstrip()
        if text.endswith(".") and not text.endswith(".."):
            yield self.violation(
                segment, len(text) - 1, len(text), "Full stop at the end of the source line",
                edits=[Edit(len(text) - 1, len(text), "")], title="Remove the full stop",
            )

    def _known(self, segment, match):
        text = segment.text.rstrip()
        name_start = match.end()
        name_end = len(text) - 1 if text.endswith(".") else len(text)
        name = text[name_start:name_end]
        known = self.config["sources"]
        if not name or name in known:
            return
        same_but_case = next((k for k in known if k.lower() == name.lower()), None)
        if same_but_case:
            yield self.violation(
                segment, name_start, name_end, f'Source "{name}" is written "{same_but_case}"',
                same_but_case, title=f'Write "{same_but_case}"',
            )
        else:
            yield self.violation(
                segment, name_start, name_end,
                f'Unknown source "{name}"; known sources: {", ".join(known)}',
            )


RULE = SourceLine
