"""The baseline: findings already published, recorded so that ``check`` reports only new ones.

``newslint baseline`` writes every finding of a run as a fingerprint with a count;
``check --baseline FILE`` (or ``baseline:`` in a config) then leaves out as many findings of
each fingerprint as the baseline counts, in each file, and reports the rest.

A fingerprint is what a finding says about the text, not where it is: the file (relative to
the baseline's folder, with ``/``), the rule, the kind of part, the matched text and its
context — the word before the match and the word after it, within the same part (a paragraph,
a caption), white space collapsed. Lines moving, paragraphs inserted above, a paragraph
reflowed keep it; an edit of the match or of a word beside it makes a new finding, which is
what a reviewer would want to see. A fingerprint met more often than the baseline counts has
new occurrences: the later ones in the file are new (with ``--diff-base``, first those on
changed lines).

The file is JSON: ``{"version": 1, "entries": [...]}``, the entries sorted and one a line
(``{"path": …, "rule": …, "part": …, "match": …, "context": [before, after], "count": …}``),
so that git diffs and merges it line by line (docs/archives.md shows one).
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from newslint.config.ruleset import RENAMED
from newslint.errors import ConfigError

VERSION = 1
DEFAULT_NAME = ".newslint-baseline.json"
# How far a context looks for its word on each side of a match, in characters.
CONTEXT_REACH = 40

_SPACES = re.compile(r"\s+")
_FIRST_WORD = re.compile(r"\W*\w*")
_BETWEEN_ENTRIES = re.compile(r"[\s,]*")
_ENTRY_KEYS = ("path", "rule", "part", "match", "context", "count")

# (rule, part kind, match, word before, word after)
Fingerprint = tuple[str, str, str, str, str]


class Baseline:
    """A baseline file as read: per file (its path relative to ``folder``), each
    fingerprint's count."""

    def __init__(self, path: str, shown: str, files: dict[str, dict[Fingerprint, int]]):
        self.path = path  # absolute
        self.shown = shown  # as the user named it, for messages
        self.folder = real_folder(os.path.dirname(shown))  # where its paths start
        self.files = files

    def file_key(self, path: str) -> str:
        return file_key(self.folder, path)

    def split(self, file_key: str, findings: list, document, on_changed_lines=None):
        """The findings the baseline does not hold, how many it holds, and its entries of this
        file that were not met ({fingerprint: count}).

        Of the findings sharing a fingerprint, the first ones in the file are the baseline's,
        as many as it counts, and the others are new; with ``on_changed_lines`` (the findings
        on lines changed since ``--diff-base``) those on unchanged lines are counted first.
        """
        expected = self.files.get(file_key)
        if not expected or not findings:
            return findings, 0, dict(expected or {})
        left = dict(expected)
        prints = fingerprints(document, findings)
        order = range(len(findings))
        if on_changed_lines:
            changed = {id(f) for f in on_changed_lines}
            order = sorted(order, key=lambda i: id(findings[i]) in changed)
        known = set()
        for index in order:
            count = left.get(prints[index])
            if count:
                left[prints[index]] = count - 1
                known.add(index)
        new = [f for index, f in enumerate(findings) if index not in known]
        return new, len(known), {key: n for key, n in left.items() if n}


def file_key(folder: str, path: str) -> str:
    """The name a file has in a baseline in ``folder`` (a real folder): relative to it, with
    ``/``, so that it is the same from any current folder and in any clone."""
    real = os.path.join(real_folder(os.path.dirname(path)), os.path.basename(path))
    if real.startswith(folder) and real[len(folder):len(folder) + 1] == os.sep:
        relative = real[len(folder) + 1:]  # most files: below the baseline's folder
    else:
        relative = os.path.relpath(real, folder)
    return relative.replace(os.sep, "/")


def real_folder(folder: str) -> str:
    """A folder's absolute path with its symbolic links resolved (once per folder)."""
    return _resolved(os.path.abspath(folder))


@lru_cache(maxsize=1024)
def _resolved(folder: str) -> str:
    return os.path.realpath(folder)


def of_missing_files(baseline: Baseline) -> list[tuple[str, Fingerprint, int]]:
    """The entries of files that no longer exist: (file, fingerprint, count)."""
    return [(name, key, count) for name, counts in baseline.files.items()
            if not os.path.isfile(os.path.join(baseline.folder, name))
            for key, count in counts.items()]


def pruned(previous: Baseline, found: dict[str, dict[Fingerprint, int]],
           rules_run: dict[str, set[str]]) -> tuple[dict[str, dict[Fingerprint, int]], int]:
    """The previous baseline less the findings that no longer occur, and how many that is:
    every entry of a file that no longer exists; in a file linted now, the entries of the
    rules that ran on it, down to the count ``found`` there. Nothing is added, and the
    entries of files and rules not linted now stay as they are."""
    kept: dict[str, dict[Fingerprint, int]] = {}
    removed = 0
    for name, counts in previous.files.items():
        exists = os.path.isfile(os.path.join(previous.folder, name))
        ran = rules_run.get(name, ())
        now = found.get(name, {})
        for key, count in counts.items():
            left = (0 if not exists else min(count, now.get(key, 0)) if key[0] in ran
                    else count)
            removed += count - left
            if left:
                kept.setdefault(name, {})[key] = left
    return kept, removed


class FileMatch:
    """One file's findings against a baseline. The last ``split`` leaves its counts here:
    ``baselined``, the findings the baseline held; ``unmet``, the entries of this file that
    were not met, of the rules that ran ({fingerprint: count})."""

    def __init__(self, baseline: Baseline, file_key: str, rule_ids: set[str]):
        self.baseline = baseline
        self.file_key = file_key
        self.rule_ids = rule_ids
        self.baselined = 0
        self.unmet = self._ran(baseline.files.get(file_key, {}))

    def needs_document(self, findings: list) -> bool:
        """Whether ``split`` reads the document (the fingerprints' context) for these."""
        return bool(findings) and self.file_key in self.baseline.files

    def split(self, findings: list, document, on_changed_lines=None) -> list:
        """The findings the baseline does not hold (``Baseline.split``)."""
        new, self.baselined, unmet = self.baseline.split(self.file_key, findings, document,
                                                         on_changed_lines)
        self.unmet = self._ran(unmet)
        return new

    def _ran(self, counts: dict[Fingerprint, int]) -> dict[Fingerprint, int]:
        return {key: count for key, count in counts.items() if key[0] in self.rule_ids}


def fingerprints(document, findings: list) -> list[Fingerprint]:
    """Each finding's fingerprint (``document`` is the one the findings are positioned in)."""
    spans = _part_spans(document)
    source, lines = document.source, document.lines
    word, spaced = _FIRST_WORD.match, _SPACES.sub
    prints = []
    for finding in findings:
        start, end = finding.start, finding.end
        bounds = spans.get(finding.segment_kind)
        low = high = None
        if bounds is not None:
            starts, ends = bounds
            index = bisect_right(starts, start) - 1
            if index >= 0 and end <= ends[index]:
                low, high = starts[index], ends[index]
        if low is None:  # not in a part (a notice about the file): its line bounds it
            line = finding.line
            low = lines.starts[line - 1]
            high = lines.starts[line] if line < len(lines.starts) else len(source)
        # The word before, read backwards from the match: a pattern anchored at the end of
        # the text would be tried from each of its characters.
        before = word(source[max(low, start - CONTEXT_REACH):start][::-1]).group()
        after = word(source, end, min(high, end + CONTEXT_REACH)).group()
        prints.append((finding.rule, finding.segment_kind, spaced(" ", finding.match),
                       spaced(" ", before[::-1]), spaced(" ", after)))
    return prints


def _part_spans(document) -> dict[str, tuple[list[int], list[int]]]:
    """Per segment kind, the source spans of its segments, sorted: (starts, ends)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for segment in document.segments:
        if segment.text:
            start, end = segment.source_span(0, len(segment.text))
            spans.setdefault(segment.kind, []).append((start, end))
    result = {}
    for kind, pairs in spans.items():
        pairs.sort()
        result[kind] = ([s for s, _ in pairs], [e for _, e in pairs])
    return result


# --- the file ----------------------------------------------------------------------------------

# By absolute path: (the file's stamp when read, the baseline).
_LOADED: dict[str, tuple[tuple[int, int, int], Baseline]] = {}


def shown_path(path: Path) -> str:
    """A path as messages name it: relative to the current folder when it lies inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


def load(path: str, named_in: str | None = None, line: int | None = None) -> Baseline:
    """The baseline in ``path``; ConfigError (exit 2) naming the file and line for a file
    that is missing, not a baseline, corrupt or of another version. ``named_in``/``line``:
    the config that names it, which a missing file's error names."""
    absolute = os.path.abspath(path)
    try:
        status = os.stat(absolute)
        stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
    except OSError:
        stamp = None
    loaded = _LOADED.get(absolute)
    if loaded is not None and loaded[0] == stamp:
        return loaded[1]
    if stamp is None or not os.path.isfile(absolute):
        problem = "is a folder, not a baseline file" if os.path.isdir(absolute) else "not found"
        if named_in:
            raise ConfigError(f"baseline file {path} {problem} (`newslint baseline` writes it)",
                              named_in, line)
        raise ConfigError(f"baseline file {problem} (`newslint baseline -o {path}` writes it)",
                          path)
    from newslint.files.cache import cached, note_dependency

    def read_and_parse():
        note_dependency(absolute)
        try:
            with open(absolute, encoding="utf-8") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8"
            raise ConfigError(f"cannot read baseline file: {reason}", path) from None
        return _parse(text, path)

    # Parsed once per version of the file, then read from the per-user cache: a baseline of a
    # whole archive is megabytes of JSON, read before any file is linted.
    baseline = Baseline(absolute, path, cached("baseline", absolute, read_and_parse))
    _LOADED[absolute] = (stamp, baseline)
    return baseline


_REWRITE = "write it again with `newslint baseline`"


def _parse(text: str, path: str) -> dict[str, dict[Fingerprint, int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        conflict = re.search(r"^(<<<<<<<|=======|>>>>>>>)", text, re.MULTILINE)
        if conflict:
            line = text.count("\n", 0, conflict.start()) + 1
            raise ConfigError(f"not a newslint baseline: a merge conflict marker; {_REWRITE}",
                              path, line) from None
        raise ConfigError(f"not a newslint baseline: invalid JSON ({error.msg}); {_REWRITE}",
                          path, error.lineno) from None
    if not isinstance(data, dict) or "version" not in data or "entries" not in data:
        raise ConfigError("not a newslint baseline: a JSON object with 'version' and 'entries' "
                          f"is expected; {_REWRITE}", path, 1)
    if data["version"] != VERSION:
        raise ConfigError(f"baseline version {data['version']!r} is not one this newslint reads "
                          f"({VERSION}); {_REWRITE}", path, _line_of(text, '"version"'))
    entries = data["entries"]
    if not isinstance(entries, list):
        raise ConfigError(f"not a newslint baseline: 'entries' must be a list; {_REWRITE}", path,
                          _line_of(text, '"entries"'))
    files: dict[str, dict[Fingerprint, int]] = {}
    for index, entry in enumerate(entries):
        # An entry as newslint writes it passes this test (its keys in their order, each value
        # of its type); only an entry edited by hand is asked what is wrong with it.
        try:
            file_name, rule, part, match, (before, after), count = entry.values()
            well_formed = (tuple(entry) == _ENTRY_KEYS
                           and str is type(file_name) is type(rule) is type(part) is type(match)
                           is type(before) is type(after) and type(count) is int and count > 0)
        except (AttributeError, TypeError, ValueError):
            well_formed = False
        if not well_formed:
            problem = _entry_problem(entry)
            if problem:
                raise ConfigError(f"not a baseline entry: {problem}; {_REWRITE}", path,
                                  _entry_line(text, index))
            file_name, rule, part, match = (entry[key] for key in _STRING_KEYS)
            (before, after), count = entry["context"], entry["count"]
        # Written before a rule was renamed: it is the same rule's finding (rewritten under the
        # new id by the next `baseline --prune`).
        key = (RENAMED.get(rule, rule), part, match, before, after)
        counts = files.setdefault(file_name, {})
        counts[key] = counts.get(key, 0) + count
    return files


_STRING_KEYS = ("path", "rule", "part", "match")


def _entry_problem(entry) -> str | None:
    if not isinstance(entry, dict):
        return "an entry is an object"
    missing = [key for key in _ENTRY_KEYS if key not in entry]
    if missing:
        return f"'{missing[0]}' is missing"
    unknown = [key for key in entry if key not in _ENTRY_KEYS]
    if unknown:
        return f"unknown key {unknown[0]!r}; keys: {', '.join(_ENTRY_KEYS)}"
    if not all(isinstance(entry[key], str) for key in _STRING_KEYS):
        return "'path', 'rule', 'part' and 'match' are strings"
    context = entry["context"]
    if not (isinstance(context, list) and len(context) == 2
            and all(isinstance(word, str) for word in context)):
        return "'context' is a list of two strings (before and after the match)"
    count = entry["count"]
    if type(count) is not int or count < 1:
        return "'count' is a whole number, 1 or more"
    return None


def _line_of(text: str, key: str) -> int:
    position = text.find(key)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def _entry_line(text: str, index: int) -> int:
    """The line on which the ``index``-th entry starts."""
    start = re.search(r'"entries"\s*:\s*\[', text)
    if start is None:
        return 1
    decoder = json.JSONDecoder()
    position = start.end()
    for _ in range(index + 1):
        position = _BETWEEN_ENTRIES.match(text, position).end()
        entry_start = position
        try:
            _, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            break
    return text.count("\n", 0, entry_start) + 1


def render(files: dict[str, dict[Fingerprint, int]]) -> str:
    """The file's text: sorted, one entry a line."""
    lines = []
    for file_key in sorted(files):
        for (rule, part, match, before, after), count in sorted(files[file_key].items()):
            lines.append(json.dumps({"path": file_key, "rule": rule, "part": part, "match": match,
                                     "context": [before, after], "count": count},
                                    ensure_ascii=False))
    body = ",\n".join(f"    {line}" for line in lines)
    entries = f"[\n{body}\n  ]" if lines else "[]"
    return f'{{\n  "version": {VERSION},\n  "entries": {entries}\n}}\n'


def write(path: str, files: dict[str, dict[Fingerprint, int]]) -> None:
    """Write the baseline atomically: a temporary file beside it, renamed over it."""
    import tempfile

    from newslint.errors import InputError

    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".newslint-baseline-", suffix=".tmp",
                                                 dir=os.path.dirname(os.path.abspath(path)))
    except OSError as error:
        raise InputError(f"cannot write baseline file: {error.strerror}", path) from None
    try:
        with open(descriptor, "w", encoding="utf-8") as out:
            out.write(render(files))
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except OSError as error:
        os.unlink(temporary)
        raise InputError(f"cannot write baseline file: {error.strerror}", path) from None
    _LOADED.pop(os.path.abspath(path), None)


def _mode_for(path: str) -> int:
    """The file's permissions, or a new file's (a temporary file is private to its owner)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def counted(file_key: str, prints: list[Fingerprint],
            files: dict[str, dict[Fingerprint, int]]) -> None:
    """Add a file's fingerprints to ``files``."""
    counts = files.setdefault(file_key, {})
    for key in prints:
        counts[key] = counts.get(key, 0) + 1
