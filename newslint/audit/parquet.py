"""The audit's tables in Parquet (pyarrow): their schemas, one part per batch, and the merge.

A batch's two tables are written into ``parts/NNNNNN.tmp/`` and renamed to ``parts/NNNNNN/``
in one step, so a part is there whole or not at all, whenever the run stops. Each part's
files carry the batch's key (``newslint.batch`` in the Parquet metadata); a later run keeps a
part only when the key it computes for that batch is the same (see ``batch_key``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# Raise when the columns change: parts written by another layout are done again.
LAYOUT = "1"
KEY = b"newslint.batch"

_METADATA = [
    ("date", pa.date32()),
    ("section", pa.string()),
    ("byline", pa.string()),
    ("language", pa.string()),
]
FINDINGS = pa.schema([
    ("path", pa.string()),
    ("format", pa.string()),
    ("part", pa.string()),
    ("line", pa.int32()),
    ("column", pa.int32()),
    ("end_line", pa.int32()),
    ("end_column", pa.int32()),
    ("rule", pa.string()),
    ("severity", pa.string()),
    ("message", pa.string()),
    ("match", pa.string()),
    ("fix", pa.string()),
    ("fix_safety", pa.string()),
    ("context_before", pa.string()),
    ("context_after", pa.string()),
    ("ruleset", pa.string()),
    *_METADATA,
    ("words", pa.int32()),
])
ARTICLES = pa.schema([
    ("path", pa.string()),
    ("format", pa.string()),
    ("words", pa.int32()),
    ("findings", pa.int32()),
    *_METADATA,
    ("ruleset", pa.string()),
    ("error", pa.string()),
    ("internal_error", pa.bool_()),
])
FINDINGS_FILE, ARTICLES_FILE = "findings.parquet", "articles.parquet"


def code_hash() -> str:
    """The content of newslint's code: a changed rule kind changes what a part would hold."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(LAYOUT.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def batch_key(base: str, sources: list[tuple[str, int, int, str]]) -> str:
    """What a batch's part was computed from: ``base`` (newslint's code, the options that
    change findings) and each article's name, size, modification time and ruleset version."""
    digest = hashlib.sha256(base.encode())
    for path, size, mtime, version in sources:
        digest.update(f"{path}\0{size}\0{mtime}\0{version}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


class Parts:
    """The folder of parts, ``DIR/parts``."""

    def __init__(self, output: Path):
        self.folder = output / "parts"
        self.folder.mkdir(parents=True, exist_ok=True)

    def _part(self, number: int) -> Path:
        return self.folder / f"{number:06d}"

    def done(self, number: int, key: str) -> bool:
        """Whether batch ``number`` is written, from the same inputs and rules."""
        part = self._part(number)
        try:
            return all(pq.read_schema(part / name).metadata.get(KEY) == key.encode()
                       for name in (FINDINGS_FILE, ARTICLES_FILE))
        except (OSError, AttributeError, pa.ArrowException):
            return False

    def write(self, number: int, key: str, articles: list[tuple], findings: list[tuple]) -> None:
        part, scratch = self._part(number), self.folder / f"{number:06d}.tmp"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        metadata = {KEY: key.encode()}
        for name, schema, rows in ((FINDINGS_FILE, FINDINGS, findings),
                                   (ARTICLES_FILE, ARTICLES, articles)):
            columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
            table = pa.Table.from_arrays(
                [pa.array(column, type=field.type)
                 for column, field in zip(columns, schema, strict=True)],
                schema=schema.with_metadata(metadata))
            pq.write_table(table, scratch / name)
        if part.exists():  # a stale part of the same number: replaced whole
            shutil.rmtree(part)
        os.rename(scratch, part)

    def merge(self, count: int, output: Path) -> None:
        """``DIR/findings.parquet`` and ``DIR/articles.parquet`` from parts 0 to count - 1, one
        part in memory at a time (a row group each); parts past ``count``, left by a larger
        input list, are removed."""
        for name, schema in ((FINDINGS_FILE, FINDINGS), (ARTICLES_FILE, ARTICLES)):
            scratch = output / f".{name}.tmp"
            with pq.ParquetWriter(scratch, schema) as writer:
                for number in range(count):
                    part = pq.ParquetFile(self._part(number) / name, pre_buffer=False)
                    writer.write_table(part.read().replace_schema_metadata(None))
            os.replace(scratch, output / name)
        for stale in self.folder.iterdir():
            if not stale.name.isdigit() or int(stale.name) >= count:
                shutil.rmtree(stale, ignore_errors=True)
