"""The rule reference, from the one source of truth: ruleset descriptions and kind docstrings.

``newslint rules`` prints a ruleset's table; ``newslint rules --all --format markdown`` prints
``docs/rules.md`` (a test fails when the committed page differs from what this renders).
"""

from __future__ import annotations

import functools
import inspect
from pathlib import Path

REGENERATE = "newslint rules --all --format markdown > docs/rules.md"
_HEADER = ("RULE", "FAMILY", "SEVERITY", "FIX", "SUMMARY")


@functools.cache  # asked for every diagnostic; where newslint is installed does not change
def rule_doc_uri(kind: str) -> str | None:
    """Where a rule kind is documented: its section of docs/rules.md, installed with newslint
    (``newslint/_docs``) or at the top of a source checkout; None if neither is there. The
    language server's diagnostics and the audit report link to it."""
    package = Path(__file__).resolve().parent
    for page in (package / "_docs" / "rules.md", package.parent / "docs" / "rules.md"):
        if page.is_file():
            return f"{page.as_uri()}#kind-{kind}"
    return None


def summary(rule) -> str:
    return rule.description or inspect.cleandoc(rule.__doc__ or "").splitlines()[0]


def _row(rule) -> tuple[str, ...]:
    return (rule.id, rule.id.partition(".")[0], rule.severity,
            "fixable" if rule.can_fix else "", summary(rule))


def table(ruleset) -> str:
    """Aligned columns for a terminal, one rule a line."""
    rows = [_HEADER, *(_row(r) for r in ruleset.rules)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER) - 1)]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1] + "\n"
                   for row in rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(rulesets) -> str:
    from newslint.rules import kind_names, load_kind

    out = ["# Rules", "",
           f"Generated from the bundled rulesets and the rule kinds' documentation by `{REGENERATE}`;",
           "do not edit by hand.", ""]
    for ruleset in rulesets:
        out += [f"## Ruleset `{ruleset.name}`", ""]
        out += ["| Rule | Family | Severity | Fix | Kind | Summary |", "|---|---|---|---|---|---|"]
        for rule in ruleset.rules:
            rule_id, family, severity, fixable, text = _row(rule)
            out.append(f"| `{rule_id}` | {family} | {severity} | {fixable} | [{rule.kind}](#kind-{rule.kind}) "
                       f"| {_cell(text)} |")
        out.append("")
    out += ["## Rule kinds", ""]
    for name in kind_names():
        kind = load_kind(name)
        out += [f'<a id="kind-{name}"></a>', f"### `{name}`", "", inspect.cleandoc(kind.__doc__ or ""), ""]
        if kind.options:
            out += ["| Option | Type | Default | Meaning |", "|---|---|---|---|"]
            for option_name, option in kind.options.items():
                out.append(f"| `{option_name}` | {option.type} | `{option.default!r}` | {_cell(option.doc)} |")
            out.append("")
    return "\n".join(out)
