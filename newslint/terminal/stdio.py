"""Standard output and error that tell the truth about writing, for the length of a command.

Writing never raises. When the reader has gone (EPIPE: ``newslint check | head -1``) the rest
of the output is dropped, quietly, and the run goes on, so the exit code is still the one the
findings call for, as if the output had been read to the end. Any other failure (a full disk,
an I/O error) is kept in ``error``, for ``main`` to report with exit code 2: findings that
could not be written must not pass as a clean run. Either way the descriptor is then pointed
at /dev/null (as the Python documentation advises for EPIPE), so that what is still buffered
goes nowhere when the interpreter flushes it at exit, instead of failing again there.
"""

from __future__ import annotations

import os


class GuardedStream:
    def __init__(self, stream):
        self._stream = stream
        self.error: OSError | None = None  # the failure that was not the reader going away
        self.dropping = False

    def write(self, data):
        if not self.dropping:
            try:
                return self._stream.write(data)
            except OSError as error:
                self._failed(error)
        return len(data)

    def flush(self) -> None:
        if not self.dropping:
            try:
                self._stream.flush()
            except OSError as error:
                self._failed(error)

    @property
    def buffer(self):
        return _GuardedBuffer(self)

    def __getattr__(self, name):  # isatty, fileno, encoding, ...
        return getattr(self._stream, name)

    def _failed(self, error: OSError) -> None:
        self.dropping = True
        if not isinstance(error, BrokenPipeError):
            self.error = error
        try:
            descriptor = self._stream.fileno()
        except (OSError, ValueError, AttributeError):  # not a file (a test's capture)
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, descriptor)
        finally:
            os.close(devnull)


class _GuardedBuffer:
    """The binary stream under a guarded text stream (``sys.stdout.buffer``), failing with it."""

    def __init__(self, text: GuardedStream):
        self._text = text

    def write(self, data):
        text = self._text
        if not text.dropping:
            try:
                return text._stream.buffer.write(data)
            except OSError as error:
                text._failed(error)
        return len(data)

    def flush(self) -> None:
        text = self._text
        if not text.dropping:
            try:
                text._stream.buffer.flush()
            except OSError as error:
                text._failed(error)

    def __getattr__(self, name):
        return getattr(self._text._stream.buffer, name)
