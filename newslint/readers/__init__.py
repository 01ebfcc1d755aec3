"""Readers: one module per article format, each ``read(source, path) -> Document``.

This package decides the format (extension, or ``--input-format``), decodes the bytes once
and hands the text to the format's module. Decoding errors name the byte offset and line.
"""

from __future__ import annotations

import codecs
import importlib
import re

from newslint.document import Document
from newslint.errors import InputError

# format name -> module in this package
FORMATS: dict[str, str] = {
    "txt": "plaintext",
    "md": "markdown",
    "html": "html",
    "nitf": "nitf",
    "newsml": "newsmlg2",
}
# "xml" is NITF or NewsML-G2, as the root element says.
XML = "xml"
EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xml": XML,
    ".nitf": XML,
}
_XML_ROOT = re.compile(
    rb"""(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*<(?:[\w.-]+:)?([\w.-]+)""",
    re.DOTALL,
)


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


def xml_format(data: bytes) -> str:
    """NITF or NewsML-G2, from the root element (a NewsML-G2 fragment reads as NewsML-G2)."""
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    match = _XML_ROOT.match(head.removeprefix(codecs.BOM_UTF8))
    return "nitf" if match and match.group(1) == b"nitf" else "newsml"


def read(data: bytes, path: str, format_name: str) -> Document:
    if format_name == XML:
        format_name = xml_format(data)
    module_name = FORMATS.get(format_name)
    if module_name is None:
        raise InputError(
            f"unknown input format {format_name!r}; formats: {', '.join(sorted(FORMATS))}", path
        )
    module = importlib.import_module(f"newslint.readers.{module_name}")
    if hasattr(module, "read_bytes"):  # formats that honour their own encoding declaration
        return module.read_bytes(data, path)
    return module.read(decode(data, path), path)
