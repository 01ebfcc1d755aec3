"""Golden files: ``fixtures/**/<article>.<ruleset>.expected`` hold the text output of
``newslint check --ruleset <ruleset> --color never <article>``, run from the repository root;
``<article>.show.expected`` holds ``newslint show <article>`` (how the article was read);
``<article>.<ruleset>.fixed`` the article after ``newslint fix`` (not regenerated here).

Regenerate after a deliberate change with ``.venv/bin/python tests/golden.py``, then read
the diff; to add a ruleset's golden file for an article, create it empty first.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xml", ".nitf"}
SHOW = "show"  # in place of a ruleset: the golden output of `newslint show`


def golden_pairs():
    for expected in sorted((ROOT / "fixtures").rglob("*.expected")):
        article_name, ruleset = expected.name[: -len(".expected")].rsplit(".", 1)
        yield expected.parent / article_name, ruleset, expected


def render(article: Path, ruleset: str) -> tuple[int, str]:
    from newslint.cli import main

    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    relative = str(article.relative_to(ROOT))
    argv = (["show", relative] if ruleset == SHOW else
            ["check", "--ruleset", ruleset, "--color", "never", relative])
    try:
        with contextlib.redirect_stdout(out):
            code = main(argv)
    finally:
        os.chdir(cwd)
    return code, out.getvalue()


def regenerate() -> None:
    """Refresh every golden file; articles without one get a house one."""
    for article in sorted((ROOT / "fixtures").rglob("*")):
        if article.suffix not in ARTICLE_SUFFIXES or not article.is_file():
            continue
        rulesets = ({p.name[len(article.name) + 1:-len(".expected")]
                     for p in article.parent.glob(f"{article.name}.*.expected")} - {SHOW}
                    or {"house"})
        rulesets.add(SHOW)
        for ruleset in sorted(rulesets):
            _, output = render(article, ruleset)
            article.with_name(f"{article.name}.{ruleset}.expected").write_text(
                output, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    regenerate()
