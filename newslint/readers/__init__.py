"""Readers: one module per article format, each ``read(source, path) -> Document``.

This package decides the format (extension, or ``--input-format``), decodes the bytes once
and hands the text to the format's module. Decoding errors name the byte offset and line.
"""

from __future__ import annotations

import codecs
import importlib
import inspect

from newslint.document import Document
from newslint.errors import InputError

# format name -> module in this package
FORMATS: dict[str, str] = {
    "txt": "plaintext",
}
EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
}


def format_for(path: str, override: str | None = None) -> str | None:
    if override:
        return override
    lower = path.lower()
    for extension, name in EXTENSIONS.items():
        if lower.endswith(extension):
            return name
    return None


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM); refuse binary files with a located message."""
    nul = data.find(b"\x00")
    if nul != -1 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"binary file (NUL byte at byte offset {nul}); not an article", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"not valid UTF-16 at byte offset {error.start}", path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not valid UTF-8 at byte offset {error.start} (byte 0x{data[error.start]:02x});"
            " save the file as UTF-8",
            path,
            line,
        ) from None


def read(data: bytes, path: str, format_name: str, front_matter: dict | None = None) -> Document:
    """Read an article. ``front_matter`` (the config's recognised front-matter keys, each
    mapped to a segment kind) goes to readers whose ``read``/``read_bytes`` take that keyword."""
    module_name = FORMATS.get(format_name)
    if module_name is None:
        raise InputError(
            f"unknown input format {format_name!r}; formats: {', '.join(sorted(FORMATS))}", path
        )
    module = importlib.import_module(f"newslint.readers.{module_name}")
    reader = getattr(module, "read_bytes", None)  # formats that honour their own encoding declaration
    source = data if reader else decode(data, path)
    reader = reader or module.read
    if front_matter and "front_matter" in inspect.signature(reader).parameters:
        return reader(source, path, front_matter=front_matter)
    return reader(source, path)
