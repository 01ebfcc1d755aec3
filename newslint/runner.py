"""Linting many files: a function of one file (``pipeline.Pipeline``'s steps, as the command
line runs them) over a list of files, in parallel processes in a stable order, and the optional
cache of results keyed by the file's content and the rules that read it.

``newslint fix`` and standard input run in this process (they write files and the terminal);
``check`` over many files forks workers that inherit the compiled rulesets, and results come
back in the order of the file list.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Below this many files per worker, forking costs more than it saves.
MIN_FILES_PER_JOB = 8


@dataclass
class FileResult:
    path: str
    findings: list = field(default_factory=list)  # empty once rendered
    error: str | None = None  # why the file could not be linted, naming it
    bug: bool = False  # the error is a bug in newslint, not in the file
    traceback: str | None = None  # the bug's, when NEWSLINT_DEBUG is set
    tally: object = None  # formatters.Tally of the findings
    rendered: str | None = None  # the findings in the output format, for formats that stream
    baselined: int = 0  # findings the baseline holds, not reported
    # The baseline's entries of this file not met: (baseline file, the file's name in it,
    # [(fingerprint, count)]).
    unmet: tuple | None = None
    fingerprints: tuple | None = None  # `newslint baseline`: (the file's name, [fingerprint])


def internal_error(error: Exception) -> str:
    """A bug's exception in one line, for a person to report (``NEWSLINT_DEBUG`` shows more)."""
    detail = str(error)
    detail = detail if len(detail) <= 500 else detail[:500] + " …"
    return f"internal error: {type(error).__name__}: {detail}"


def keep_file_errors(result, shown: str, work: Callable[[], object]) -> None:
    """Run ``work`` for one file with whatever it raises kept as that file's error in
    ``result`` (``error``, ``bug``, and with ``NEWSLINT_DEBUG`` the ``traceback``), so that one
    bad file never stops a run of many."""
    from newslint.errors import NewslintError

    try:
        work()
    except NewslintError as error:
        result.error = str(error)
        result.bug = error.exit_code == 3  # a bug newslint caught itself (a broken fix round)
    except Exception as error:  # a bug, met in this file: say which, and go on with the others
        result.error = f"{shown}: {internal_error(error)}"
        result.bug = True
        if os.environ.get("NEWSLINT_DEBUG"):
            import traceback

            result.traceback = traceback.format_exc()


def check_jobs(jobs: int | None) -> None:
    """``--jobs N``: a usage error unless N is a number of processes."""
    if jobs is not None and jobs < 1:
        from newslint.errors import UsageError

        raise UsageError(f"--jobs takes a number of processes, 1 or more, not {jobs}")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


_worker: Callable[[str], FileResult] | None = None


def _run_in_worker(path: str) -> FileResult:
    return _worker(path)


def run_files(lint_one: Callable[[str], FileResult], files: list[str],
              jobs: int) -> Iterator[FileResult]:
    """``lint_one`` over ``files``, in their order; in ``jobs`` processes when that pays.

    ``lint_one`` reports every error of its file in its result, so one bad file never stops
    the run. A worker process that dies outright (a crash in a C library on hostile input, or
    killed for its memory) cannot report: its file gets a bug result naming it, and the run goes
    on in new workers.
    """
    # What exists now (modules, compiled rules) lives as long as the run: out of the garbage
    # collector's sight it is not traversed again, nor copied into forked workers by it.
    gc.freeze()
    jobs = min(jobs, max(1, len(files) // MIN_FILES_PER_JOB))
    if jobs <= 1 or "-" in files:
        for path in files:
            yield lint_one(path)
        return
    from concurrent.futures.process import BrokenProcessPool

    global _worker
    _worker = lint_one  # forked workers inherit it, with the rulesets it has compiled
    # Each chunk is a round trip through the parent: large chunks spare its CPU, small ones
    # keep the workers evenly busy.
    chunksize = max(1, min(16, len(files) // (jobs * 4)))
    done = 0
    while done < len(files):
        try:
            for result in _in_processes(files[done:], jobs, chunksize):
                yield result
                done += 1
        except BrokenProcessPool:
            # The file that killed its worker is among those the workers held: lint them again
            # one at a time, one process each, to find it (a multiprocessing.Pool would wait for
            # the dead worker's results for ever).
            held = files[done:done + (2 * jobs + 1) * chunksize]
            try:
                for result in _in_processes(held, 1, 1):
                    yield result
                    done += 1
            except BrokenProcessPool:
                yield FileResult(files[done], error=f"{files[done]}: internal error: the process "
                                 "linting it died (a crash in a library, or killed for its memory)",
                                 bug=True)
                done += 1


def _in_processes(files: list[str], jobs: int, chunksize: int) -> Iterator[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from newslint.config.rulespecs import warn_of_renamed_ids

    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        for result in pool.map(_run_in_worker, files, chunksize=chunksize):
            warn_of_renamed_ids()  # of the old rule ids the workers met: they only mark them
            yield result
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


class ResultsCache:
    """Findings of unchanged files under unchanged rules, for repeated runs (pre-commit).

    The key is the file's bytes and path, the rules (ids, kinds, severities, options, data
    files' content), the run's options that change findings, and the newslint code itself.
    Entries are plain data (``marshal`` of tuples of strings and numbers, never pickle) in the
    per-user store (``cache.Store``): an entry another user could have written, one altered
    since, or one not shaped like findings is a miss.
    """

    def __init__(self, directory: Path, run_options: str):
        from newslint.files.cache import open_store

        self.store = open_store(directory)
        self.run_options = run_options
        self._fingerprints: dict[int, bytes] = {}

    def _fingerprint(self, ruleset) -> bytes:
        known = self._fingerprints.get(id(ruleset))
        if known is None:
            from newslint.config.ruleset import rule_behaviour
            from newslint.files.cache import _code_stamp, _read_files

            digest = hashlib.sha256(_code_stamp())
            for rule in ruleset.rules:
                digest.update(repr((rule.id, rule_behaviour(rule))).encode())
            for name in sorted(_read_files):
                digest.update(name.encode())
                try:
                    digest.update(Path(name).read_bytes())
                except OSError:
                    pass
            known = self._fingerprints[id(ruleset)] = digest.digest()
        return known

    def key(self, path: str, data: bytes, ruleset, extra: str) -> str:
        digest = hashlib.sha256(self._fingerprint(ruleset))
        for part in (self.run_options, extra, path):
            digest.update(part.encode() + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> list | None:
        body = self.store.load(f"results/{key[:2]}/{key}") if self.store else None
        if body is None:
            return None
        try:
            return [self._finding(item) for item in marshal.loads(body)]
        except (ValueError, TypeError, EOFError):  # not findings: lint afresh
            return None

    def put(self, key: str, findings: list) -> None:
        if self.store is None:
            return
        try:
            body = marshal.dumps([self._plain(finding) for finding in findings])
        except ValueError:  # something in ``extra`` that marshal cannot hold: not cached
            return
        self.store.save(f"results/{key[:2]}/{key}", body)

    @staticmethod
    def _plain(finding) -> tuple:
        fix, region = finding.fix, finding.region
        if fix is not None:
            edits = [(e.start, e.end, e.replacement, e.region and tuple(e.region))
                     for e in fix.edits]
            fix = (edits, fix.applicability, fix.title, fix.replacement)
        return (finding.path, finding.rule, finding.severity, finding.message, finding.start,
                finding.end, finding.line, finding.column, finding.end_line, finding.end_column,
                finding.match, fix, finding.segment_kind, region and tuple(region), finding.extra)

    @staticmethod
    def _finding(item):
        """The finding ``_plain`` made ``item`` from; TypeError or ValueError for anything else,
        so that no formatter meets a field of the wrong type."""
        from newslint.findings import APPLICABILITIES, SEVERITIES, Edit, Finding, Fix, Region

        def require(condition: bool) -> None:
            if not condition:
                raise TypeError("not a cached finding")

        def region_of(numbers):
            if numbers is None:
                return None
            region = Region(*numbers)
            require(all(type(n) is int for n in region))
            return region

        (path, rule, severity, message, start, end, line, column, end_line, end_column, match,
         fix, segment_kind, region, extra) = item
        require(all(type(text) is str for text in (path, rule, message, match, segment_kind))
                 and all(type(n) is int for n in (start, end, line, column, end_line, end_column))
                 and severity in SEVERITIES and type(extra) is dict)
        if fix is not None:
            edits, applicability, title, replacement = fix
            edits = tuple(Edit(s, e, text, region_of(r)) for s, e, text, r in edits)
            require(all(type(s) is int and type(e) is int and type(text) is str
                         for s, e, text, _ in edits)
                     and applicability in APPLICABILITIES
                     and type(title) is str and type(replacement) is str)
            fix = Fix(edits, applicability, title, replacement)
        return Finding(path, rule, severity, message, start, end, line, column, end_line,
                       end_column, match, fix, segment_kind, region_of(region), extra)
