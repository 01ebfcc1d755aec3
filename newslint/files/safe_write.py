"""Writing a fixed file back: the bytes to write, and the checks before they replace the file.

``fix`` promises that it changes no byte outside a finding's span, that it never loses an edit
made meanwhile, and that it writes only what the user can write, in place of the very file
they named. Every refusal is an ``InputError`` (exit 2) naming the file; nothing is written then
and no temporary file is left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile

from newslint.document import Document
from newslint.engine import encodable
from newslint.errors import InputError

# Characters that an encoding keeping state between characters (UTF-7's base64 runs, ISO-2022's
# shifts, a byte-order mark per call) writes differently together than one by one.
_STATE_PROBE = "a\u00e9\u00e9\u20ac\u4e2d\u4e2d\ud55c\u30a2\u2019\u2019b+-~"


def encode_like(document: Document, text: str) -> bytes:
    """Encode text as the document was encoded: same encoding, same byte-order mark.

    Formats that read character references in their text (markup) get one for each character
    the encoding cannot hold. The engine lets such a character into a fix only where references
    are read (element text and attribute values), never into CDATA or a quoted scalar.
    """
    return document.bom + _as_written(document, text).encode(document.encoding)


def encode_exactly(path: str, document: Document, text: str, original: bytes) -> bytes:
    """``encode_like``, refused (``InputError``) unless only the fixed spans' bytes change.

    ``document`` is the document read from ``original``. Three facts make the promise certain
    whatever the encoding: it keeps no state from one character to the next (so a character's
    bytes do not depend on its neighbours), it writes the original text back as the original
    bytes (one byte form per character: the file's), and the new bytes read back as the new
    text. UTF-7 (which may spell "a" as "+AGE-"), ISO-2022 and a declared "utf-8-sig" fail.
    """
    encoding = document.encoding
    try:
        written = _as_written(document, text)
        data = document.bom + written.encode(encoding)
        faithful = (_stateless(encoding)
                    and encode_like(document, document.source) == original
                    and data[len(document.bom):].decode(encoding) == written)
    except (UnicodeError, LookupError):
        faithful = False
    if not faithful:
        raise InputError(f"{encoding} cannot be written back byte for byte (bytes outside the "
                         "fixes would change); nothing written; save the file as UTF-8", path)
    return data


def _as_written(document: Document, text: str) -> str:
    if document.escape is None or encodable(text, document.encoding):
        return text
    missing = {c for c in set(text) if not encodable(c, document.encoding)}
    pattern = "[" + "".join(re.escape(c) for c in sorted(missing)) + "]"
    return re.sub(pattern, lambda m: f"&#{ord(m.group())};", text)


def _stateless(encoding: str) -> bool:
    whole = _STATE_PROBE.encode(encoding, "replace")
    return whole == b"".join(c.encode(encoding, "replace") for c in _STATE_PROBE)


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace the file's bytes with ``data`` unless it changed since we read ``expected``.

    The new content goes to a temporary file in the same folder, which then replaces the
    original in one rename: an interrupted run leaves either the old or the new file, never
    half of one. Permissions and owner are kept; a symbolic link keeps pointing at the fixed
    file. Refused: a link leading out of the repository, a read-only file or folder, a file
    with other hard links (a rename would split them; writing in place cannot be atomic), a
    file another ``fix`` is writing, and a file that changed on disk (checked again, under the
    lock, just before the rename).
    """
    target = os.path.realpath(path)
    if target != os.path.abspath(path):
        _refuse_link_outside_root(path, target)
    directory, name = os.path.split(target)
    try:
        descriptor = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        raise InputError(f"cannot open file to write it: {error.strerror}; not written",
                         path) from None
    try:
        status = os.fstat(descriptor)
        _refuse_unwritable(path, target, directory, status)
        _lock(path, descriptor)
        _refuse_if_changed(path, target, descriptor, status, expected)
        _replace(path, target, directory, name, data, descriptor, status, expected)
    finally:
        os.close(descriptor)  # releases the lock


def _refuse_link_outside_root(path: str, target: str) -> None:
    root = _root_of(path)
    if os.path.commonpath([root, target]) != root:
        raise InputError(f"leads through a symbolic link to {target}, outside {root}; fix "
                         "writes through a link only to a file inside the repository (or the "
                         "current folder); not written", path)


def _root_of(link: str) -> str:
    """The repository holding ``link`` (the nearest folder above it with ``.git``), else the
    current folder."""
    directory = os.path.dirname(os.path.abspath(link))
    while not os.path.exists(os.path.join(directory, ".git")):
        parent = os.path.dirname(directory)
        if parent == directory:
            return os.path.realpath(os.getcwd())
        directory = parent
    return os.path.realpath(directory)


def _refuse_unwritable(path: str, target: str, directory: str, status: os.stat_result) -> None:
    # Root may write anything, so the write bits are read too: a file or folder made read-only
    # says "leave this alone" to everyone.
    mode = stat.S_IMODE(status.st_mode)
    if not stat.S_ISREG(status.st_mode):
        raise InputError("not a regular file; not written", path)
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError(f"file is read-only (mode {mode:04o}); not written", path)
    if status.st_nlink > 1:
        raise InputError(f"file has {status.st_nlink} hard links; replacing it would split them "
                         "and writing it in place cannot be atomic; not written (--diff shows "
                         "the fixes)", path)
    folder = os.stat(directory)
    if not folder.st_mode & 0o222 or not os.access(directory, os.W_OK | os.X_OK):
        raise InputError(f"folder {directory} is read-only, and fix writes a new file there "
                         "to rename it over the old one; not written", path)


def _lock(path: str, descriptor: int) -> None:
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise InputError("another newslint fix is writing this file; not written", path) from None


def _refuse_if_changed(path: str, target: str, descriptor: int, status: os.stat_result,
                       expected: bytes) -> None:
    """Refuse unless ``target`` is still the inode we hold, as it was, holding ``expected``."""
    try:
        now = os.lstat(target)
        current = _read_all(descriptor)
    except OSError as error:
        raise InputError(f"cannot read file before writing it: {error.strerror}; not written",
                         path) from None
    same = ((now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns)
            == (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns))
    if not same or current != expected:
        raise InputError("file changed on disk while newslint worked; not written", path)


def _read_all(descriptor: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(descriptor, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _replace(path: str, target: str, directory: str, name: str, data: bytes, descriptor: int,
             status: os.stat_result, expected: bytes) -> None:
    temporary = None
    try:
        # The name shows whose temporary file it is; cut, so that it stays a legal length.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name[:50]}.",
                                             suffix=".newslint")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            os.fsync(handle)
        finally:
            os.close(handle)
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        with contextlib.suppress(PermissionError):
            os.chown(temporary, status.st_uid, status.st_gid)
        # An editor may have saved while the new bytes were written and synced.
        _refuse_if_changed(path, target, descriptor, status, expected)
        os.replace(temporary, target)
    except OSError as error:
        _discard(temporary)
        raise InputError(f"cannot write file: {error.strerror}; nothing written", path) from None
    except BaseException:  # a refusal, or Ctrl-C
        _discard(temporary)
        raise


def _discard(temporary: str | None) -> None:
    if temporary is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
