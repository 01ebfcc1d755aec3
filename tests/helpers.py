"""Shared test helpers: lint text the way the CLI does, without a subprocess."""

from __future__ import annotations

from pathlib import Path

from newslint.config.ruleset import load_ruleset
from newslint.document import Document
from newslint.engine import lint
from newslint.readers import read

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def document_for(text: str, fmt: str = "txt", segment_kind: str | None = None) -> Document:
    """Read ``text`` as a file of format ``fmt``, or as one segment of ``segment_kind``."""
    if segment_kind:
        document = Document(f"case.{fmt}", fmt, text)
        document.add_plain(segment_kind, 0, len(text))
        return document
    return read(text.encode("utf-8"), f"case.{fmt}", fmt)


def lint_text(text: str, ruleset: str = "house", rules: list[str] | None = None, fmt: str = "txt",
              segment_kind: str | None = None):
    loaded = load_ruleset(ruleset)
    if rules:
        loaded = loaded.selected(rules)
    return lint(document_for(text, fmt, segment_kind), loaded)


def house_families() -> str:
    """The house style's rule families as error messages list them (with the rules that are
    off, which a config may turn on)."""
    from newslint.config.ruleset import read_specs, resolve_ruleset_path

    return ", ".join(sorted({rule_id.split(".")[0]
                             for rule_id in read_specs(resolve_ruleset_path("house"))[1]}))
