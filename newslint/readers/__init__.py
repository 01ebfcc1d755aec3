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
    ".mdx": "md",  # MDX: Markdown with JSX, read by the Markdown reader
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


def sniff_bom(data: bytes) -> tuple[str, bytes]:
    """The encoding a byte-order mark declares, and the mark itself."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return encoding, bom
    return "utf-8", b""


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse binary files."""
    encoding, bom = sniff_bom(data)
    if encoding.startswith("utf-16"):
        try:
            return data[len(bom):].decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError(f"not valid UTF-16 at byte offset {error.start + len(bom)}", path) from None
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(f"binary file (NUL byte at byte offset {nul}); not an article", path)
    try:
        return data[len(bom):].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(bom)
        line = data.count(b"\n", 0, offset) + 1
        raise InputError(
            f"not valid UTF-8 at byte offset {offset} (byte 0x{data[offset]:02x});"
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


def read(data: bytes, path: str, format_name: str, front_matter: dict | None = None) -> Document:
    """Read an article. ``front_matter`` (the config's recognised front-matter keys, each
    mapped to a segment kind) goes to readers whose ``read``/``read_bytes`` take that keyword."""
    if format_name == XML:
        format_name = xml_format(data)
    module_name = FORMATS.get(format_name)
    if module_name is None:
        raise InputError(
            f"unknown input format {format_name!r}; formats: {', '.join(sorted(FORMATS))}", path
        )
    module = importlib.import_module(f"newslint.readers.{module_name}")
    reader = getattr(module, "read_bytes", None)  # formats that honour their own encoding declaration
    source = data if reader else decode(data, path)
    reader = reader or module.read
    if front_matter:
        import inspect

        if "front_matter" in inspect.signature(reader).parameters:
            document = reader(source, path, front_matter=front_matter)
        else:
            document = reader(source, path)
    else:
        document = reader(source, path)
    if not hasattr(module, "read_bytes"):
        document.encoding, document.bom = sniff_bom(data)
    return document
