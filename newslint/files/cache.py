"""A per-user cache of compiled rulesets, so a pre-commit run on one file starts fast.

Compiling the house style means parsing YAML (a names dictionary of thousands of entries) and
building matchers; the result is kept in the platform's per-user cache folder (on Linux
``~/.cache/newslint`` or ``$XDG_CACHE_HOME/newslint``; ``$NEWSLINT_CACHE_DIR`` moves it,
``NEWSLINT_NO_CACHE=1`` turns it off). An entry is used only if the content of every file that
went into it — the ruleset, its parents, its data files — and the newslint code itself are
unchanged; anything else recompiles. A broken or unreadable cache entry is never an error:
newslint compiles as if there were none.

Compiled rules are objects (Aho-Corasick automata, RE2 and ``re`` patterns, proselint check
data) that only pickle can store, and unpickling runs code; so the cache must never decode
what anyone but this user wrote. ``Store`` keeps that promise: the folder must belong to the
user and be writable by no one else (else a warning, and the run goes uncached), entries are
opened through the folder's descriptor without following symlinks and must be private regular
files of the user, and each carries an HMAC-SHA256 under a random per-user key (``key``, mode
0600) that is verified before a byte of it is decoded. A planted file can only cause a miss.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import hmac
import marshal
import os
import pickle
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from newslint import __version__

_FORMAT = 3
_PACKAGE = Path(__file__).resolve().parent.parent
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
    """Where the cache lives, or None when ``NEWSLINT_NO_CACHE`` turns it off."""
    if os.environ.get("NEWSLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("NEWSLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without its import on every cold start.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(base if os.path.isabs(base) else os.path.expanduser("~/.cache")) / "newslint"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("newslint", appauthor=False))


_MAC_SIZE = 32  # HMAC-SHA256
_KEY_FILE = "key"
# Without descriptor-relative opens and O_NOFOLLOW (Windows) the checks cannot hold: no cache.
_SUPPORTED = (hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY")
              and os.open in os.supports_dir_fd and hasattr(os, "geteuid"))
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# O_NONBLOCK: a FIFO planted as an entry must not hang the run before fstat refuses it.
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


def _folder_problem(status: os.stat_result) -> str | None:
    if status.st_uid != os.geteuid():
        return "belongs to another user"
    if status.st_mode & 0o022:
        return "is writable by others"
    return None


def _private_file(status: os.stat_result) -> bool:
    return (stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid()
            and not status.st_mode & 0o077)


def _read_private(name: str, folder: int) -> bytes | None:
    """The bytes of a regular file of this user that no one else may read or write; None for
    anything else (a symlink is not followed, a FIFO not waited on)."""
    try:
        descriptor = os.open(name, _READ, dir_fd=folder)
    except OSError as error:
        if error.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
            return None
        raise
    with open(descriptor, "rb") as stream:
        return stream.read() if _private_file(os.fstat(descriptor)) else None


def _write_new(name: str, folder: int, *parts: bytes, keep_existing: bool = False) -> None:
    """Write a file readable by this user only, whole or not at all: under a temporary name
    first, then renamed over ``name`` (or, ``keep_existing``, linked to it if it is absent)."""
    temporary = f".{name}.{os.urandom(8).hex()}.tmp"
    descriptor = os.open(temporary, _CREATE, 0o600, dir_fd=folder)
    try:
        with open(descriptor, "wb") as stream:
            stream.writelines(parts)
        if keep_existing:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        else:
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary, dir_fd=folder)


def _key(folder: int) -> bytes | None:
    """The folder's MAC key, made on first use; None if the key file is not this user's alone."""
    try:
        key = _read_private(_KEY_FILE, folder)
    except FileNotFoundError:
        # Kept if another process made one meanwhile: the entries it signs stay valid.
        _write_new(_KEY_FILE, folder, os.urandom(_MAC_SIZE), keep_existing=True)
        key = _read_private(_KEY_FILE, folder)
    return key if key is not None and len(key) == _MAC_SIZE else None


class Store:
    """The cache folder, checked once a process and then used only through its descriptor, so
    a folder renamed or swapped after the check is not the one read.

    An entry is its HMAC-SHA256 (over its name and body) followed by its body; ``load``
    returns the body only if the file is this user's, private, and the MAC verifies.
    """

    def __init__(self, descriptor: int, key: bytes):
        self.descriptor = descriptor
        self._key = key

    def _mac(self, name: str, body) -> bytes:
        mac = hmac.new(self._key, name.encode() + b"\0", "sha256")
        mac.update(body)
        return mac.digest()

    @contextlib.contextmanager
    def _folder(self, parts: list[str], create: bool):
        """A descriptor of the subfolder ``parts``, each step held to the cache folder's rules."""
        descriptor = self.descriptor
        try:
            for part in parts:
                if create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, 0o700, dir_fd=descriptor)
                child = os.open(part, _FOLDER | _NOFOLLOW, dir_fd=descriptor)
                if descriptor != self.descriptor:
                    os.close(descriptor)
                descriptor = child
                if _folder_problem(os.fstat(descriptor)):
                    raise PermissionError(f"{part} is not private")
            yield descriptor
        finally:
            if descriptor != self.descriptor:
                os.close(descriptor)

    def load(self, name: str) -> memoryview | None:
        """The body stored under ``name`` (``/`` separates subfolders), or None: absent,
        unreadable, not written by this user, or altered since."""
        *parts, leaf = name.split("/")
        try:
            with self._folder(parts, create=False) as folder:
                data = _read_private(leaf, folder)
        except OSError:
            return None
        if data is None or len(data) < _MAC_SIZE:
            return None
        body = memoryview(data)[_MAC_SIZE:]
        return body if hmac.compare_digest(data[:_MAC_SIZE], self._mac(name, body)) else None

    def save(self, name: str, body: bytes) -> None:
        """Store ``body`` under ``name``; a full disk or a read-only folder only costs the entry."""
        *parts, leaf = name.split("/")
        with contextlib.suppress(OSError), self._folder(parts, create=True) as folder:
            _write_new(leaf, folder, self._mac(name, body), body)


_stores: dict[str, Store | None] = {}


def open_store(directory: Path) -> Store | None:
    """The cache folder ``directory``, created private to this user if missing; None when it
    cannot be made or cannot be trusted (said once a process, on stderr): the run goes uncached."""
    if str(directory) not in _stores:
        _stores[str(directory)] = _open_store(directory)
    return _stores[str(directory)]


def _open_store(directory: Path) -> Store | None:
    if not _SUPPORTED:
        return None
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory, 0o700)
        # The folder itself may be a symlink (a cache moved to another disk): what counts is
        # the folder it leads to, checked through the descriptor that every later open uses.
        descriptor = os.open(directory, _FOLDER)
    except OSError:  # cannot be created (a read-only home): uncached, as with no folder at all
        return None
    problem = _folder_problem(os.fstat(descriptor))
    if problem:
        problem = f"cache folder {directory} {problem}"
    else:
        try:
            key = _key(descriptor)
        except OSError:  # a read-only folder with no key yet: nothing could be verified
            os.close(descriptor)
            return None
        if key is None:
            problem = f"cache key {directory / _KEY_FILE} is not a private file of this user"
    if problem:
        os.close(descriptor)
        sys.stderr.write(f"newslint: {problem}; running without cache\n")
        return None
    return Store(descriptor, key)


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
    """``build()``, or its stored result from an earlier run when no file it read changed.

    ``name`` says what is built from what (a ruleset path, the text of rule specs); the files
    that keep the entry fresh are the ones noted (``note_dependency``) while ``build`` runs.
    A hit notes them again, so callers recording dependencies see the same files either way.
    """
    directory = cache_dir()
    store = open_store(directory) if directory is not None else None
    if store is None:
        return build()
    key = hashlib.sha256(f"{__version__}:{name}".encode()).hexdigest()[:32]
    entry = f"{prefix}-{key}.pickle"
    body = store.load(entry)  # verified as this user's own before anything decodes it
    if body is not None:
        try:
            files, digest, payload = marshal.loads(body)
            if _digest(files) == digest:
                value = pickle.loads(payload)
                for file in files:
                    note_dependency(file)
                return value
        except Exception:  # an old format, a changed or vanished file: build afresh
            pass
    with recording() as noted:
        value = build()
    try:
        files = sorted(noted)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        body = marshal.dumps((files, _digest(files), payload))
    except Exception:  # an unpicklable value: run uncached
        return value
    store.save(entry, body)
    return value
