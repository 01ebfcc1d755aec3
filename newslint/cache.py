"""A per-user cache of compiled rulesets, so a pre-commit run on one file starts fast.

Compiling the house style means parsing YAML (a names dictionary of thousands of entries) and
building matchers; the result is pickled under ``~/.cache/newslint`` (``$XDG_CACHE_HOME``,
or ``$NEWSLINT_CACHE_DIR``; ``NEWSLINT_NO_CACHE=1`` turns it off). An entry is used only
if the content of every file that went into it — the ruleset, its parents, its data files —
and the newslint code itself are unchanged; anything else recompiles. A broken or unreadable
cache entry is never an error: newslint compiles as if there were none.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from newslint import __version__

_FORMAT = 2
_PACKAGE = Path(__file__).resolve().parent
# Every data file read while compiling rulesets in this process (a superset is safe).
_read_files: set[str] = set()
T = TypeVar("T")

_recorders: list[set[str]] = []


def note_dependency(path) -> None:
    """Record that what is being compiled depends on this file; every data loader calls it,
    also when it answers from its own in-process cache."""
    name = str(Path(path).resolve())
    _read_files.add(name)
    for recorder in _recorders:
        recorder.add(name)


@contextlib.contextmanager
def recording():
    """Collect the files noted while the block runs (what one rule was compiled from)."""
    files: set[str] = set()
    _recorders.append(files)
    try:
        yield files
    finally:  # by identity: a nested record may hold the same files (list.remove compares)
        del _recorders[next(i for i, r in enumerate(_recorders) if r is files)]


def files_stamp(files) -> tuple:
    """(path, mtime, size) of each file, for in-process caches."""
    stamps = []
    for name in sorted(files):
        try:
            status = os.stat(name)
            stamps.append((name, status.st_mtime_ns, status.st_size))
        except OSError:
            stamps.append((name, 0, 0))
    return tuple(stamps)


def cache_dir() -> Path | None:
    if os.environ.get("NEWSLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("NEWSLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newslint"


@functools.cache
def _code_stamp() -> bytes:
    """The newslint code this process runs: a changed rule kind must not reuse old pickles.
    Computed once a process: the code a process runs does not change under it."""
    parts = [__version__, sys.version, str(_FORMAT)]
    for directory, _, names in os.walk(_PACKAGE):
        for name in sorted(names):
            if name.endswith(".py"):
                status = os.stat(os.path.join(directory, name))
                parts.append(f"{directory}/{name}:{status.st_mtime_ns}:{status.st_size}")
    return "\n".join(sorted(parts)).encode()


def _digest(files: list[str]) -> str:
    digest = hashlib.sha256(_code_stamp())
    for name in files:
        digest.update(name.encode() + b"\0")
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()


def cached(prefix: str, name: str, build: Callable[[], T]) -> T:
    """``build()``, or its pickled result from an earlier run when no file it read changed.

    ``name`` says what is built from what (a ruleset path, the text of rule specs); the files
    that keep the entry fresh are the ones noted (``note_dependency``) while ``build`` runs.
    A hit notes them again, so callers recording dependencies see the same files either way.
    """
    directory = cache_dir()
    if directory is None:
        return build()
    key = hashlib.sha256(f"{__version__}:{name}".encode()).hexdigest()[:32]
    entry = directory / f"{prefix}-{key}.pickle"
    try:
        with open(entry, "rb") as stream:
            files, digest, payload = pickle.load(stream)
        if _digest(files) == digest:
            value = pickle.loads(payload)
            for file in files:
                note_dependency(file)
            return value
    except Exception:  # no entry, an old format, a changed or vanished file: build afresh
        pass
    with recording() as noted:
        value = build()
    try:
        files = sorted(noted)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        record = pickle.dumps((files, _digest(files), payload), protocol=pickle.HIGHEST_PROTOCOL)
        directory.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing: a warm run does not pay for it

        descriptor, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    except Exception:  # an unpicklable value or an unwritable cache folder: run uncached
        return value
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(record)
        os.replace(temporary, entry)
    except Exception:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return value
