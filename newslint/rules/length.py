"""Length: a part of the article longer than the style allows.

What it checks: the number of words (``max_words``), characters (``max_chars``) or sentences
(``max_sentences``) of each segment it reads; captions are measured without their credit. The finding starts at the first
word past the limit, so the editor sees where to cut.

Why: captions, headlines and standfirsts have a fixed place on the page and in search results;
copy that overruns it is cut by the layout, not by an editor.

Fix safety: no fix. What to cut is an editor's choice; a cut at the limit would end mid-sentence.

Bad (caption): Albanian Prime Minister Edi Rama and Ukrainian President Volodymyr Zelenskyy hold a press conference after the summit of Southeastern European countries in Tirana, Albania, on February 28, 2024, as Ukraine's president seeks support from the region's governments two years after Russia's full-scale invasion, which has left much of the country in ruins and millions displaced [Armando Babani/AP Photo]
Good (caption): Albanian Prime Minister Edi Rama and Ukrainian President Volodymyr Zelenskyy hold a press conference in Tirana, Albania, on February 28, 2024 [Armando Babani/AP Photo]

Options: ``max_words``, ``max_chars``, ``max_sentences`` (0: no limit), ``name`` (what the segment is called in
the message).
"""  # noqa: E501 (the kind's documentation, shown as written by explain, SARIF and docs/rules.md)

from __future__ import annotations

import re
from itertools import islice

from newslint.analysis.photo_credits import caption_without_credit
from newslint.analysis.text import sentence_starts
from newslint.rules import Option, Rule

_WORD = re.compile(r"\S+")


class Length(Rule):
    __doc__ = __doc__
    kind = "length"
    default_segments = ("caption",)
    options = {
        "max_words": Option("int", 0, "most words allowed (0: no limit)"),
        "max_chars": Option("int", 0, "most characters allowed (0: no limit)"),
        "max_sentences": Option("int", 0, "most sentences allowed (0: no limit)"),
        "name": Option("str", "", "what the segment is called in the message"),
    }

    def check_segment(self, segment, document):
        text = segment.text
        if segment.kind == "caption":
            text = caption_without_credit(text)
        text = text.rstrip()
        name = self.config["name"] or segment.kind.capitalize()
        max_words, max_chars = self.config["max_words"], self.config["max_chars"]
        if max_words:
            count = len(text.split())  # the words _WORD finds: split() cuts at the same spaces
            if count > max_words:
                first_over = next(islice(_WORD.finditer(text), max_words, None))
                yield self.violation(
                    segment, first_over.start(), len(text),
                    f"{name} is {count} words long; at most {max_words}",
                )
                return
        max_sentences = self.config["max_sentences"]
        if max_sentences:
            starts = sentence_starts(text)
            if len(starts) > max_sentences:
                yield self.violation(
                    segment, starts[max_sentences], len(text),
                    f"{name} is {len(starts)} sentences long; at most {max_sentences}",
                )
                return
        if max_chars and len(text) > max_chars:
            yield self.violation(
                segment, max_chars, len(text),
                f"{name} is {len(text)} characters long; at most {max_chars}",
            )


RULE = Length
