"""The rule reference, from the one source of truth: ruleset descriptions and kind docstrings.

``newslint rules`` prints a ruleset's table; ``newslint rules --all --format markdown`` prints
``docs/rules.md`` (a test fails when the committed page differs from what this renders);
``newslint explain`` (and the language server's hover) prints a rule's documentation.
"""

from __future__ import annotations

import inspect

REGENERATE = "newslint rules --all --format markdown > docs/rules.md"
_HEADER = ("RULE", "FAMILY", "SEVERITY", "FIX", "SUMMARY")


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
           "Generated from the bundled rulesets and the rule kinds' documentation by "
           f"`{REGENERATE}`;",
           "do not edit by hand.", ""]
    for ruleset in rulesets:
        out += [f"## Ruleset `{ruleset.name}`", ""]
        out += ["| Rule | Family | Severity | Fix | Kind | Summary |", "|---|---|---|---|---|---|"]
        for rule in ruleset.rules:
            rule_id, family, severity, fixable, text = _row(rule)
            out.append(f"| `{rule_id}` | {family} | {severity} | {fixable} | "
                       f"[{rule.kind}](#kind-{rule.kind}) | {_cell(text)} |")
        out.append("")
    out += ["## Rule kinds", ""]
    for name in kind_names():
        kind = load_kind(name)
        out += [f'<a id="kind-{name}"></a>', f"### `{name}`", "",
                inspect.cleandoc(kind.__doc__ or ""), ""]
        if kind.options:
            out += ["| Option | Type | Default | Meaning |", "|---|---|---|---|"]
            for option_name, option in kind.options.items():
                out.append(f"| `{option_name}` | {option.type} | `{option.default!r}` | "
                           f"{_cell(option.doc)} |")
            out.append("")
    return "\n".join(out)


def ruleset_here(name: str | None):
    """``--ruleset`` if given, else the rules of the config that applies in the current folder
    (so that `rules` and `explain` know the rules a config adds), else house."""
    import os

    from newslint.config import ConfigFinder
    from newslint.ruleset import load_ruleset

    if name:
        return load_ruleset(name)
    here = os.path.join(os.getcwd(), "article")
    return ConfigFinder().for_file(here).ruleset_for(here)


def rules_text(ruleset_name: str | None, every_bundled: bool, format_name: str) -> str:
    """``newslint rules``: the table of the ruleset here (or of every bundled one), or the
    Markdown page."""
    from newslint.ruleset import bundled_names, load_ruleset

    rulesets = ([load_ruleset(n) for n in bundled_names()] if every_bundled
                else [ruleset_here(ruleset_name)])
    if format_name == "markdown":
        return markdown(rulesets)
    if not every_bundled:
        return table(rulesets[0])
    return "\n".join(f"ruleset {ruleset.name}\n{table(ruleset)}" for ruleset in rulesets)


def explain(rule_name: str, ruleset_name: str | None = None) -> str:
    """``newslint explain``: the documentation of a rule (or of the first rule of a kind) in
    the ruleset here; UsageError, with the closest ids, for a name it does not have."""
    ruleset = ruleset_here(ruleset_name)
    rule = ruleset.rule(rule_name) or next((r for r in ruleset.rules if r.kind == rule_name), None)
    if rule is None:
        import difflib

        from newslint.errors import UsageError

        close = difflib.get_close_matches(rule_name, [r.id for r in ruleset.rules], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `newslint rules`"
        raise UsageError(f"no rule {rule_name!r} in ruleset {ruleset.name!r}{hint}")
    return explain_text(rule)


def explain_text(rule) -> str:
    """A rule's documentation as ``explain`` and the language server's hover show it."""
    from newslint.rules import PROSE

    lines = [f"{rule.id} ({rule.kind}, {rule.severity})"]
    if rule.description:
        lines.append(rule.description)
    lines.append("")
    lines.append(inspect.cleandoc(rule.__doc__ or ""))
    lines.append("")
    segments = sorted(rule.segments) if set(rule.segments) != set(PROSE) else ["all prose"]
    lines.append(f"Reads: {', '.join(segments)}")
    shown = {k: v for k, v in rule.config.items() if k != "vocabulary"
             and (not isinstance(v, (list, dict)) or len(str(v)) < 120)}
    if shown:
        lines.append("Options here: " + ", ".join(f"{k}={v}" for k, v in shown.items()))
    if rule.config.get("vocabulary") is not None:
        lines.append(f"Vocabulary (the config's names, merged in): {rule.config['vocabulary']}")
    return "\n".join(lines) + "\n"
