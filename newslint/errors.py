"""Errors a user can cause: each names the file (and line) and maps to exit code 2."""

from __future__ import annotations


class NewslintError(Exception):
    """An error in what the user gave us: a path, a ruleset, a config, an input file."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}"


class UsageError(NewslintError):
    """Bad command-line usage."""


class ConfigError(NewslintError):
    """A bad ruleset, data file or configuration."""


class InputError(NewslintError):
    """An article that cannot be read: missing, binary, not decodable, malformed."""
