"""Readers: one module per article format, each ``read(source, path) -> Document``.

This package decides the format (extension, or ``--input-format``), decodes the bytes once
and hands the text to the format's module. Decoding errors name the byte offset and line.
"""

from __future__ import annotations

import codecs
import functools
import importlib
import math
import re
from typing import NamedTuple

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
# What may stand before the root element; matched one at a time (as one repeated group, a run
# of white space with no root after it backtracked exponentially: 30 spaces took a minute).
_XML_PROLOG = re.compile(rb"""\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>""",
                         re.DOTALL)
_XML_ROOT = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)")


# A BCP 47 tag as pages write it: a primary language of two or three letters, then subtags
# ("es", "en-GB", "zh-Hant-TW"; "en_GB" as some systems write it). Private-use tags ("x-…"),
# "und" (undetermined) and "mul" (several languages) say nothing a rule can use.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_NO_LANGUAGE = frozenset({"und", "mul", "mis"})


def language_tag(value) -> str | None:
    """The BCP 47 tag that a ``lang`` attribute or front-matter value names, or None for an
    empty, undetermined or malformed one (its text is then of unknown language)."""
    if not isinstance(value, str):
        return None
    tag = value.strip()
    if not _LANGUAGE_TAG.fullmatch(tag) or tag.split("-")[0].split("_")[0].lower() in _NO_LANGUAGE:
        return None
    return tag.replace("_", "-")


def format_for(path: str, override: str | None = None) -> str | None:
    if override:
        return override
    lower = path.lower()
    for extension, name in EXTENSIONS.items():
        if lower.endswith(extension):
            return name
    return None


# UTF-32 before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
         (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# Text codecs that are no character set to read an article in: UTF-7 writes the same text in
# several ways (browsers and expat refuse it, and a fix could not keep the bytes around it),
# the others are escapes and transforms.
_NOT_CHARSETS = frozenset({"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape",
                           "undefined"})
# Files over this many megabytes are refused (NEWSLINT_MAX_FILE_SIZE changes it).
MAX_FILE_SIZE_MB = 10
_SAMPLE = 4096  # bytes looked at to tell UTF-16 or UTF-32 without a byte-order mark


def sniff_bom(data: bytes) -> tuple[str, bytes]:
    """The encoding a byte-order mark declares, and the mark itself."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, bom
    return "utf-8", b""


def sniff_wide(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, from where the NUL bytes of mostly-ASCII
    text stand (every other byte, or three bytes in four); None for anything else."""
    units = min(len(data), _SAMPLE) // 4
    sample = data[:4 * units]
    if units == 0 or sample.count(0) * 4 < len(sample):
        return None
    nuls = [sample[i::4].count(0) for i in range(4)]
    few, most = units // 50, units - units // 4
    if nuls[3] == units and nuls[2] >= most and nuls[0] <= few:
        return "utf-32-le"
    if nuls[0] == units and nuls[1] >= most and nuls[3] <= few:
        return "utf-32-be"
    if nuls[1] + nuls[3] >= 2 * most and nuls[0] + nuls[2] <= 2 * few:
        return "utf-16-le"
    if nuls[0] + nuls[2] >= 2 * most and nuls[1] + nuls[3] <= 2 * few:
        return "utf-16-be"
    return None


def max_file_size(path: str) -> int:
    """The largest file read, in bytes (``path``: the file an error names)."""
    import os

    from newslint.errors import UsageError

    setting = os.environ.get("NEWSLINT_MAX_FILE_SIZE", "").strip()
    if not setting:
        return MAX_FILE_SIZE_MB * 1_000_000
    try:
        megabytes = float(setting)
    except ValueError:
        megabytes = 0.0
    if not megabytes > 0:
        raise UsageError(f"NEWSLINT_MAX_FILE_SIZE takes a number of megabytes, not {setting!r}",
                         path)
    return int(megabytes * 1_000_000)


def check_input_format(name: str) -> None:
    """``--input-format NAME``: a format a reader reads, or "xml" (NITF or NewsML-G2, told
    apart by the root element); else a usage error naming the formats."""
    from newslint.errors import UsageError

    formats = [*FORMATS, XML]
    if name not in formats:
        raise UsageError(f"unknown input format {name!r}; formats: {', '.join(sorted(formats))}")


def check_size(size: int, path: str) -> None:
    """Refuse a file over the size budget: reading is linear, but a 2 GB "article" is a
    mistake, and its findings and fixes would be held in memory."""
    limit = max_file_size(path)
    if size > limit:
        # Rounded up, to one decimal more than the limit has: never "10.0 MB > 10 MB".
        decimals = len(f"{limit / 1e6:g}".partition(".")[2]) + 1
        megabytes = math.ceil(size / 10 ** (6 - decimals)) / 10 ** decimals
        raise InputError(f"too large ({megabytes:g} MB > {limit / 1e6:g} MB limit; "
                         "NEWSLINT_MAX_FILE_SIZE sets the limit in MB)", path)


class Decoded(NamedTuple):
    text: str
    encoding: str
    bom: bytes
    # A declared encoding the bytes contradict (they are UTF-8, read as UTF-8), and the span
    # of its name in ``text``; None when nothing contradicts.
    contradicted: tuple[str, int, int] | None = None


def decode(data: bytes, path: str, declared: tuple[str, int] | None = None,
           fallback: str | None = None) -> Decoded:
    """The text of ``data``, its encoding and its byte-order mark.

    A byte-order mark decides first, then the NUL bytes of UTF-16 or UTF-32 without one, then
    UTF-8 if the bytes are UTF-8 and not all ASCII (whatever the document declares: that is how
    a UTF-8 page claiming ISO-8859-15 gets published as mojibake, and the contradiction is kept
    for a rule to report), then ``declared`` (an encoding name the document declares, and the
    byte offset of the name), then UTF-8, then ``fallback`` (``--encoding``: legacy archives
    in Windows-1252 that declare nothing). NUL bytes in anything else make a binary file.
    """
    encoding, bom = sniff_bom(data)
    if not bom:
        wide = sniff_wide(data)
        if wide:
            return Decoded(_decode_wide(data, path, wide, b""), wide, b"")
    if encoding != "utf-8":
        return Decoded(_decode_wide(data, path, encoding, bom), encoding, bom)
    codec = None
    if declared and not bom:
        codec = _declared_codec(data, path, *declared)
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(f"binary file (NUL byte at byte offset {nul}); not an article", path)
    if codec is not None:
        if not data.isascii():
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                name, offset = declared
                start = len(data[:offset].decode("utf-8"))
                return Decoded(text, "utf-8", b"", (name, start, start + len(name)))
        try:
            return Decoded(data.decode(codec), codec, b"")
        except UnicodeError as error:
            offset = getattr(error, "start", 0)
            line = data.count(b"\n", 0, offset) + 1
            raise InputError(f"not valid {declared[0]} at byte offset {offset}", path,
                             line) from None
    try:
        return Decoded(data[len(bom):].decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError as error:
        offset = error.start + len(bom)
        line = data.count(b"\n", 0, offset) + 1
        if fallback and not bom:
            try:
                return Decoded(data.decode(fallback), fallback, b"")
            except UnicodeDecodeError as fallback_error:
                offset = fallback_error.start
                line = data.count(b"\n", 0, offset) + 1
                raise InputError(f"neither UTF-8 nor {fallback} (--encoding): byte 0x"
                                 f"{data[offset]:02x} at byte offset {offset} is not {fallback}",
                                 path, line) from None
        raise InputError(
            f"not valid UTF-8 at byte offset {offset} (byte 0x{data[offset]:02x});"
            " save the file as UTF-8, or give its encoding with --encoding (e.g. cp1252)",
            path,
            line,
        ) from None


def fallback_encoding(name: str) -> str:
    """The codec for ``--encoding NAME`` (or the config's ``encoding:``), or ValueError saying
    why not: a character set that writes ASCII as ASCII, as every legacy archive encoding does,
    so that markup and declarations read the same in it."""
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}") from None
    ascii_compatible = False
    if codec._is_text_encoding and codec.name not in _NOT_CHARSETS:
        try:
            ascii_compatible = bytes(range(128)).decode(codec.name) == "".join(map(chr, range(128)))
        except UnicodeError:
            pass
    if not ascii_compatible:
        raise ValueError(f"unsupported encoding {name!r}: an 8-bit character set that writes "
                         "ASCII as ASCII is needed (cp1252, latin-1, iso-8859-15, ...)")
    return codec.name


def _decode_wide(data: bytes, path: str, encoding: str, bom: bytes) -> str:
    try:
        text = data[len(bom):].decode(encoding)
    except UnicodeDecodeError as error:
        offset = error.start + len(bom)
        how = "" if bom else " (no byte-order mark; read by its NUL bytes)"
        raise InputError(f"not valid {encoding.upper()}{how} at byte offset {offset}",
                         path) from None
    nul = text.find("\x00")
    if nul != -1:
        raise InputError(f"binary file (NUL character at offset {nul} of its {encoding.upper()} "
                         "text); not an article", path)
    return text


def _declared_codec(data: bytes, path: str, name: str, offset: int) -> str | None:
    """The codec to read ``data`` in for the encoding it declares at byte ``offset``; None for
    UTF-8, and for UTF-16 or UTF-32 declared in bytes that are neither (read as UTF-8)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise InputError(f"unknown encoding {name!r} declared", path, line, column) from None
    if not codec._is_text_encoding:
        raise InputError(f"unsupported encoding {name!r} declared: a transform of bytes, not a "
                         "text encoding; save the file as UTF-8", path, line, column)
    if codec.name in _NOT_CHARSETS:
        raise InputError(f"unsupported encoding {name!r} declared: not a character set "
                         "(browsers and XML parsers refuse it too); save the file as UTF-8",
                         path, line, column)
    if codec.name.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    head = data[:offset + len(name)]
    try:
        readable = head.decode(codec.name) == head.decode("ascii")
    except UnicodeError:
        readable = False
    if not readable:  # EBCDIC and the like: the declaration itself would not read as written
        raise InputError(f"unsupported encoding {name!r} declared: the declaration itself is "
                         "not written in it; save the file as UTF-8", path, line, column)
    return codec.name


def xml_format(data: bytes) -> str:
    """NITF or NewsML-G2, from the root element (a NewsML-G2 fragment reads as NewsML-G2)."""
    head = data[:65536]
    encoding, bom = sniff_bom(head)
    encoding = sniff_wide(head) if not bom else encoding
    if encoding and encoding != "utf-8":
        head = head[len(bom):].decode(encoding, "ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8)
    position = 0
    while prolog := _XML_PROLOG.match(head, position):
        position = prolog.end()
    match = _XML_ROOT.match(head, position)
    return "nitf" if match and match.group(1) == b"nitf" else "newsml"


def read(data: bytes, path: str, format_name: str, front_matter: dict | None = None,
         encoding: str | None = None, html: dict | None = None) -> Document:
    """Read an article. ``front_matter`` (the config's recognised front-matter keys, each
    mapped to a segment kind) and ``html`` (the config's HTML selectors, each mapped to a
    segment kind) go to readers whose ``read``/``read_bytes`` take that keyword; ``encoding``
    is that of a file that is not UTF-8 and declares none (``--encoding``)."""
    check_size(len(data), path)
    if format_name == XML:
        format_name = xml_format(data)
    module_name = FORMATS.get(format_name)
    if module_name is None:
        raise InputError(
            f"unknown input format {format_name!r}; formats: {', '.join(sorted(FORMATS))}", path
        )
    module = importlib.import_module(f"newslint.readers.{module_name}")
    # formats that honour their own encoding declaration
    reader = getattr(module, "read_bytes", None)
    if reader is None:
        source, encoding, bom, _ = decode(data, path, fallback=encoding)
        reader = module.read
    else:
        source = data
        if encoding:
            reader = functools.partial(reader, encoding=encoding)
    options = {key: value for key, value in (("front_matter", front_matter), ("html", html))
               if value}
    if options:
        import inspect

        accepted = inspect.signature(reader).parameters
        options = {key: value for key, value in options.items() if key in accepted}
    document = reader(source, path, **options)
    if source is not data:
        document.encoding, document.bom = encoding, bom
    return document
