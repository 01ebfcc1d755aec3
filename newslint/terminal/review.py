"""``newslint fix --interactive``: each fix shown as the full output shows a finding (its
source line, the match underlined, the text before and after), applied only if the editor
says so: ``a`` apply, ``s`` skip, ``A`` apply this one and every later fix of its rule,
``q`` skip this one and all the rest (the fixes already chosen are still applied).

The answers act through ``fixer.fix_document``'s ``reported`` hook, the one that keeps a fix
to what ``check`` reports: a skipped finding is passed on without its fix, so it stays in the
counts and in what is left, and every chosen fix goes through the fix invariant's checks and
``safe_write`` as any other. Fixing is in rounds (a fix that overlapped another waits for the
next, on the re-read text): an answer follows its finding to the next round through the
edits the round made, so nobody is asked twice about the same text.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import replace

from newslint.formatters import printable
from newslint.formatters.full import snippet
from newslint.formatters.text import fix_label, header

_ANSWERS = {"a": "apply", "s": "skip", "A": "all", "q": "quit"}


class Review:
    """The answers of one run: asked on ``out``, read from ``answers`` (a terminal: one key,
    no Enter; any other stream: one line each)."""

    def __init__(self, answers, out, width: int, color: bool, unsafe: bool):
        self.answers = answers
        self.out = out
        self.width = width
        self.color = color
        self.unsafe = unsafe
        self.rules_applied: set[str] = set()  # "A": every fix of these rules, without asking
        self.quit = False

    def of_file(self, reported) -> FileReview:
        """The ``reported`` hook for one file: ``reported`` (what check reports), answered."""
        return FileReview(self, reported)

    def offers(self, finding) -> bool:
        fix = finding.fix
        return fix is not None and (self.unsafe or fix.applicability == "safe")

    def ask(self, document, finding) -> bool:
        """Whether to apply the finding's fix, asking the editor unless an answer holds."""
        if self.quit:
            return False
        if finding.rule in self.rules_applied:
            return True
        before, after = _before_and_after(document.source, finding)
        self.out.write(header(finding, self.color) + "\n"
                       + snippet(finding, document.source, self.width, self.color,
                                 fix_label(finding.fix))
                       + f'    "{printable(before)}" → "{printable(after)}"\n')
        prompt = f"Apply this fix? [a]pply, [s]kip, [A]ll of {finding.rule}, [q]uit: "
        with self._keys() as key:
            while True:
                self.out.write(prompt)
                self.out.flush()
                try:
                    pressed = key()
                except KeyboardInterrupt:  # "interrupted" (nothing written) on a line of its own
                    self.out.write("\n")
                    raise
                answer = "quit" if pressed in ("", "\x04") else _ANSWERS.get(pressed)  # EOF: quit
                if answer is not None:
                    break
                self.out.write("press a, s, A or q\n")
        self.out.write(f"{answer}\n\n")
        if answer == "quit":
            self.quit = True
            return False
        if answer == "all":
            self.rules_applied.add(finding.rule)
        return answer != "skip"

    @contextmanager
    def _keys(self):
        """A reader of answers: on a terminal one key each, no Enter, nothing echoed (set
        before the prompt shows, so a key pressed at once is not echoed either); from any other
        stream, the first character of a line."""
        try:
            descriptor = self.answers.fileno()
        except (OSError, ValueError):  # a stream of answers without a descriptor
            descriptor = None
        if descriptor is None or not os.isatty(descriptor):
            def line() -> str:
                text = self.answers.readline()
                return text.strip()[:1] if text.strip() else ("?" if text else "")

            yield line
            return
        import termios
        import tty

        def key() -> str:
            # A key sends one byte; an arrow or a function key sends several at once (ESC [ A),
            # and is no answer, even if it ends in "A".
            pressed = os.read(descriptor, 32)
            return pressed.decode("ascii", "replace") if len(pressed) < 2 else "?"

        saved = termios.tcgetattr(descriptor)
        tty.setcbreak(descriptor, termios.TCSANOW)  # TCSANOW: keep the keys typed ahead
        try:
            yield key
        finally:
            termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


class FileReview:
    """One file's answers, kept from round to round of its fixes."""

    def __init__(self, review: Review, reported):
        self.review = review
        self.reported = reported
        self.answers: dict[tuple[str, int, int], bool] = {}  # (rule, start, end) in the last text
        self.passed: list | None = None  # what the last round was given: it applied their fixes
        self.skipped: dict[int, tuple] = {}  # id(finding without its fix) -> (it, the finding)

    def __call__(self, document, found) -> list:
        found = self.reported(document, found)
        answers = self._carried() if self.passed is not None else {}
        passed = []
        for finding in found:
            if self.review.offers(finding):
                key = (finding.rule, finding.start, finding.end)
                if key not in answers:
                    answers[key] = self.review.ask(document, finding)
                if not answers[key]:
                    kept = replace(finding, fix=None)
                    self.skipped[id(kept)] = (kept, finding)
                    finding = kept
            passed.append(finding)
        self.answers, self.passed = answers, passed
        return passed

    def restore(self, findings: list) -> list:
        """What is left, the skipped findings with their fixes again (they still have one)."""
        return [self.skipped.get(id(f), (None, f))[1] for f in findings]

    def _carried(self) -> dict:
        """The last round's answers, moved to where its edits left their findings."""
        from newslint.fixer import choose_edits

        edits, _ = choose_edits(self.passed, self.review.unsafe)
        carried = {}
        for (rule, start, end), answer in self.answers.items():
            span = moved(start, end, edits)
            if span is not None:
                carried[(rule, *span)] = answer
        return carried


def moved(start: int, end: int, edits) -> tuple[int, int] | None:
    """Where ``[start, end)`` is once ``edits`` (sorted, apart) are applied; None if an edit
    cuts across its edge (its text is no longer the text it was)."""
    shift = growth = 0
    for edit in edits:
        change = len(edit.replacement) - (edit.end - edit.start)
        if edit.end <= start:  # before it (an insertion at its start too)
            shift += change
        elif edit.start >= end:
            break
        elif start <= edit.start and edit.end <= end:
            growth += change
        else:
            return None
    return start + shift, end + shift + growth


def _before_and_after(source: str, finding) -> tuple[str, str]:
    """The finding's text and what its fix makes of it."""
    before = source[finding.start:finding.end]
    after = before
    for edit in sorted(finding.fix.edits, key=lambda e: e.start, reverse=True):
        if not finding.start <= edit.start <= edit.end <= finding.end:
            return before, finding.fix.replacement  # refused by the fixer's checks anyway
        after = (after[:edit.start - finding.start] + edit.replacement
                 + after[edit.end - finding.start:])
    return before, after
