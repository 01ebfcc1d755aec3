"""Robustness on real article pages: the HTML test data of the newspaper4k source distribution
(MIT), fetched from PyPI at run time and cached; every page is read and linted without error."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from test_readers import check_offsets

from newslint.engine import lint
from newslint.readers import read
from newslint.ruleset import load_ruleset

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "newspaper4k"


def _pages() -> list[Path]:
    pages = CACHE / "pages"
    if not pages.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             "newspaper4k", "-d", str(CACHE)], capture_output=True, text=True, timeout=300)
        archives = sorted(CACHE.glob("newspaper4k-*.tar.gz"))
        if result.returncode != 0 or not archives:
            pytest.skip(f"PyPI unreachable, newspaper4k sdist not fetched: {result.stderr.strip()[-200:]}")
        tmp = CACHE / "pages.partial"
        tmp.mkdir(exist_ok=True)
        with tarfile.open(archives[-1]) as archive:
            for member in archive.getmembers():
                if "/tests/data/html/" in member.name and member.isfile() and member.name.endswith(".html"):
                    (tmp / Path(member.name).name).write_bytes(archive.extractfile(member).read())
        tmp.rename(pages)
    return sorted(pages.glob("*.html"))


@pytest.mark.slow
def test_real_article_pages_are_read_and_linted():
    pages = _pages()
    assert len(pages) >= 10
    house = load_ruleset("house")
    with_text = 0
    for page in pages:
        document = read(page.read_bytes(), str(page), "html")
        check_offsets(document)
        lint(document, house)
        with_text += any(s.kind == "body" for s in document.segments)
    assert with_text >= len(pages) * 0.8
