"""Fuzzing every reader with real articles cut, doubled and salted with markup.

Each example is a fixture's bytes after a few mutations: a slice kept, a slice deleted, a
slice duplicated elsewhere, a fragment of markup (or a BOM, a NUL byte, a bad encoding
declaration) inserted, a few times over. Whatever comes of it, reading must finish, fail only
with a ``NewslintError`` that names the file (exit 2, never a bug's 3), and map every segment
into the source.

Brief by default; ``NEWSLINT_FUZZ=long`` (``make fuzz``) runs many more examples.
"""

from __future__ import annotations

import codecs
import os
import signal

import pytest
from helpers import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.errors import NewslintError
from newslint.readers import read

LONG = os.environ.get("NEWSLINT_FUZZ") == "long"
FUZZ = settings(max_examples=5000 if LONG else 50, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FINISH_WITHIN = 60  # seconds for one read: a bound on liveness, not a speed test


def _seeds(*patterns: str) -> list[bytes]:
    return [path.read_bytes() for pattern in patterns for path in sorted(FIXTURES.glob(pattern))
            if not path.name.endswith(".expected")]


SEEDS = {
    "txt": _seeds("articles/*.txt", "variants/*.txt", "wire/*.txt"),
    "md": _seeds("articles/*.md"),
    "html": _seeds("articles/*.html"),
    "nitf": _seeds("articles/*.nitf.xml", "iptc/LISTING_25_*.xml"),
    "newsml": _seeds("articles/*.newsml.xml", "iptc/*.xml"),
}
FRAGMENTS = [
    # markup left open or closed where it should not be
    b"<a ", b"<a href='", b'<p title="', b"<!--", b"-->", b"--!>", b"<!-->", b"<![CDATA[", b"]]>",
    b"<!", b"<!DOCTYPE html>", b"<?", b"?>", b"</", b"</ p>", b"</>", b"<", b">", b"<p>", b"</p>",
    b"<b>" * 40, b"</i>" * 40, b"<br/>", b"<p/>", b"<script>", b"</script>", b"<style>",
    b"<title>", b"<plaintext>", b"<svg><style/>", b"<figure><figcaption>", b"</figcaption>",
    b"<body.content>", b"<media><media-caption>", b"<hl1>", b"</hl1>", b"<inlineXML>",
    # references, quoting, white space
    b"&amp;", b"&", b"&#", b"&#x;", b"&#1114112;", b"&nbsp;", b"&lol;", b'"', b"'", b"=",
    b"\r\n", b"\r", b"\n\n", b"\t", b"\x0c", b"\xe2\x80\xa8",
    # Markdown and front matter
    b"---\n", b"+++\n", b"*", b"**", b"_", b"[", b"](", b"`", b"```\n", b"> ", b"- ", b"#",
    b"\\", b": ", b"title: [", b"&a ", b"*a",
    # bytes and declarations
    b"\x00", b"\xff", b"\xc3", "é".encode(), "“Kiev”".encode(), codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE, b'<?xml version="1.0" encoding="base64"?>',
    b'<?xml version="1.0" encoding="latin-1"?>', b'<meta charset="utf-7">', b'<meta charset="x">',
    b'<!DOCTYPE x [<!ENTITY a "b">]>',
]


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        n = len(data)
        a, b = sorted((draw(st.integers(0, n)), draw(st.integers(0, n))))
        at = draw(st.integers(0, n))
        operation = draw(st.sampled_from(["keep", "delete", "duplicate", "insert", "insert"]))
        if operation == "keep":
            data = data[a:b]
        elif operation == "delete":
            data = data[:a] + data[b:]
        elif operation == "duplicate":
            data = data[:at] + data[a:b] + data[at:]
        else:
            fragment = draw(st.sampled_from(FRAGMENTS)) * draw(st.integers(1, 3))
            data = data[:at] + fragment + data[at:]
    return data


class _DidNotFinish(Exception):
    pass


def _alarm(signum, frame):
    raise _DidNotFinish


def check_reading(data: bytes, format_name: str) -> None:
    path = f"fuzz.{format_name}"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(FINISH_WITHIN)
    try:
        document = read(data, path, format_name)
    except NewslintError as error:
        assert error.exit_code == 2, error
        assert str(error).startswith(f"{path}: ") or str(error).startswith(f"{path}:"), error
        return
    except _DidNotFinish:
        pytest.fail(f"reading {len(data)} bytes as {format_name} took over {FINISH_WITHIN} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    size = len(document.source)
    for segment in document.segments:
        # Pieces follow the text without a gap and the source in order; characters decoded
        # from one span (an entity, a scalar read as a whole) each map to all of it.
        text_at = source_at = 0
        for text_start, source_start, text_length, source_length in segment.offsets.pieces():
            assert text_start == text_at, (segment.kind, segment.text[:60])
            assert source_at <= source_start and source_start + source_length <= size, (
                segment.kind, source_start, source_length, size)
            text_at, source_at = text_start + text_length, source_start
        assert text_at == len(segment.text), (segment.kind, segment.text[:60])


@pytest.mark.parametrize("format_name", sorted(SEEDS))
def test_every_reader_has_seeds(format_name):
    assert SEEDS[format_name]


@FUZZ
@given(mutated(SEEDS["txt"]))
def test_fuzz_plain_text(data):
    check_reading(data, "txt")


@FUZZ
@given(mutated(SEEDS["md"]))
def test_fuzz_markdown(data):
    check_reading(data, "md")


@FUZZ
@given(mutated(SEEDS["html"]))
def test_fuzz_html(data):
    check_reading(data, "html")


@FUZZ
@given(mutated(SEEDS["nitf"]))
def test_fuzz_nitf(data):
    check_reading(data, "nitf")


@FUZZ
@given(mutated(SEEDS["newsml"]))
def test_fuzz_newsml(data):
    check_reading(data, "newsml")
