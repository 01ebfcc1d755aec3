"""The rule reference, from the one source of truth: each rule's ruleset entry and its kind.

A rule's documentation is its own: what (its ``description``), why, a bad and a good example,
its fix safety (the ruleset's ``doc``), and its options as the ruleset sets them. Two rules
of one kind (``captions.credit`` and ``captions.unknown-agency``) check different things and
have different examples; the kind's docstring documents the kind (how it reads the text,
every option) for whoever writes a ruleset, and fills in only what a rule's ``doc`` leaves
out (a user's rule without one).

``newslint explain RULE`` prints ``explain_text`` (the language server's hover shows the same
text); ``newslint rules`` prints a ruleset's table; ``newslint rules --all --format markdown``
prints ``docs/rules.md`` (a test fails when the committed page differs from what this renders).
"""

from __future__ import annotations

import functools
import inspect
import re
import textwrap
from pathlib import Path

REGENERATE = "newslint rules --all --format markdown > docs/rules.md"
_HEADER = ("RULE", "FAMILY", "SEVERITY", "FIX", "SUMMARY")
_WIDTH = 100  # explain's paragraphs; examples keep their lines, as the rule reads them


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
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True))
                   + "  " + row[-1] + "\n" for row in rows)


# --- one rule's documentation -----------------------------------------------------------------

def kind_section(kind_class, label: str) -> str:
    """The paragraph of a kind's docstring that starts with ``label:`` ("Why", "Fix safety"),
    without the label, on one line; "" if there is none."""
    for paragraph in inspect.cleandoc(kind_class.__doc__ or "").split("\n\n"):
        if paragraph.startswith(f"{label}:"):
            return " ".join(paragraph[len(label) + 1:].split())
    return ""


def former_ids(rule_id: str) -> list[str]:
    from newslint.config.ruleset import RENAMED

    return [old for old, new in RENAMED.items() if new == rule_id]


def _value(value, option, rule) -> str:
    """An option's value, short enough for one line; a data file relative to the rule's
    ruleset."""
    if option.type == "path" and value:
        folder = Path(rule.origin.rpartition(":")[0]).parent
        return Path(value).relative_to(folder).as_posix() if Path(value).is_relative_to(folder) \
            else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, dict):
        text = ", ".join(f"{k}: {v}" for k, v in value.items())
        return "{" + text + "}" if len(text) <= 80 else f"{{…}} ({len(value)} entries)"
    if isinstance(value, (list, tuple)):
        text = ", ".join(map(str, value))
        if len(text) <= 80:
            return f"[{text}]"
        return f"[{', '.join(map(str, value[:4]))}, …] ({len(value)} in all)"
    text = str(value)
    if text != text.strip() or not text:
        return f'"{text}"'
    return text if len(text) <= 100 else text[:99] + "…"


def rule_doc(rule) -> dict:
    """What ``explain`` and ``docs/rules.md`` show of a rule: its own documentation, where its
    ruleset gives it, else what its kind says of every rule of the kind."""
    kind_class = type(rule)
    own = rule.doc or {}
    fix_safety = own.get("fix_safety") or kind_section(kind_class, "Fix safety")
    if not fix_safety and not rule.can_fix:
        fix_safety = "No fix."
    options = [(name, _value(rule.config.get(name, option.default), option, rule), option,
                rule.config.get(name, option.default) != option.default)
               for name, option in kind_class.options.items()]
    return {
        "what": summary(rule),
        "why": own.get("why") or kind_section(kind_class, "Why"),
        "bad": own.get("bad", ""),
        "good": own.get("good", ""),
        "as": own.get("as", ""),
        "fix_safety": fix_safety,
        "options": options,
        "former": former_ids(rule.id),
    }


def _example(label: str, place: str, text: str) -> str:
    where = f" ({place})" if place else ""
    if "\n" in text:
        return f"{label}{where}:\n" + "\n".join(f"    {line}".rstrip() for line in
                                                 text.rstrip("\n").split("\n"))
    return f"{label}{where}: {text}"


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=_WIDTH, break_long_words=False, break_on_hyphens=False)


def explain_text(rule) -> str:
    """``newslint explain RULE``: the rule's what, why, examples, fix safety and options."""
    from newslint.rules import PROSE

    doc = rule_doc(rule)
    lines = [f"{rule.id} ({rule.kind}, {rule.severity})", _paragraph(doc["what"])]
    for old in doc["former"]:
        lines.append(f"Formerly {old}: that id still works, with a warning, and will go.")
    lines.append("")
    if doc["why"]:
        lines.append(_paragraph(f"Why: {doc['why']}"))
    if doc["bad"]:
        lines.append(_example("Bad", doc["as"], doc["bad"]))
    if doc["good"]:
        lines.append(_example("Good", doc["as"], doc["good"]))
    lines.append(_paragraph(f"Fix safety: {doc['fix_safety']}"))
    set_here = [entry for entry in doc["options"] if entry[3]]
    if set_here:
        lines.append("Options:")
        for name, value, option, _ in set_here:
            choices = f" ({' | '.join(option.choices)})" if option.choices else ""
            lines.append(f"  {name}: {value} — {option.doc}{choices}")
    others = [name for name, _, _, is_set in doc["options"] if not is_set]
    if others:
        lines.append(_paragraph(f"Other options of the kind {rule.kind}: {', '.join(others)}"))
    segments = sorted(rule.segments) if set(rule.segments) != set(PROSE) else ["all prose"]
    lines.append(f"Reads: {', '.join(segments)}")
    if rule.config.get("vocabulary") is not None:
        lines.append(f"Vocabulary (the config's names, merged in): {rule.config['vocabulary']}")
    return "\n".join(lines) + "\n"


# --- docs/rules.md ----------------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    ticks = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _anchor(ruleset_name: str, rule_id: str) -> str:
    return f"{ruleset_name}-{rule_id}".replace(".", "-")


def _defined_in(rule) -> str:
    """The name of the bundled ruleset whose file defines the rule."""
    return Path(rule.origin.rpartition(":")[0]).stem


def _rule_markdown(ruleset_name: str, rule) -> list[str]:
    doc = rule_doc(rule)
    facts = [f"kind [`{rule.kind}`](#kind-{rule.kind})", rule.severity,
             "fixable" if rule.can_fix else "no fix"]
    facts += [f"formerly `{old}` (deprecated: still accepted, with a warning)"
              for old in doc["former"]]
    out = [f'<a id="{_anchor(ruleset_name, rule.id)}"></a>', f"#### `{rule.id}`", "",
           doc["what"], "", " · ".join(facts), ""]
    if doc["why"]:
        out += [f"**Why:** {doc['why']}", ""]
    where = f" ({doc['as']})" if doc["as"] else ""
    for label in ("bad", "good"):
        text = doc[label]
        if "\n" in text:
            out += [f"**{label.capitalize()}**{where}:", "", "~~~~text", text.rstrip("\n"),
                    "~~~~", ""]
        elif text:
            out += [f"**{label.capitalize()}**{where}: {_code(text)}", ""]
    out += [f"**Fix safety:** {doc['fix_safety']}", ""]
    set_here = [_code(f"{name}: {value}") for name, value, _, is_set in doc["options"] if is_set]
    if set_here:
        out += ["**Options:** " + ", ".join(set_here), ""]
    return out


def markdown(rulesets) -> str:
    from newslint.config.ruleset import RENAMED
    from newslint.rules import kind_names, load_kind

    out = ["# Rules", "",
           "Generated from the bundled rulesets and the rule kinds' documentation by "
           f"`{REGENERATE}`;",
           "do not edit by hand.", ""]
    for ruleset in rulesets:
        out += [f"## Ruleset `{ruleset.name}`", ""]
        out += ["| Rule | Family | Severity | Fix | Kind | Summary |", "|---|---|---|---|---|---|"]
        own = []
        for rule in ruleset.rules:
            rule_id, family, severity, fixable, text = _row(rule)
            defined_in = _defined_in(rule)
            if defined_in == ruleset.name:
                own.append(rule)
            out.append(f"| [`{rule_id}`](#{_anchor(defined_in, rule_id)}) | {family} | {severity} "
                       f"| {fixable} | [{rule.kind}](#kind-{rule.kind}) | {_cell(text)} |")
        out.append("")
        for rule in own:
            out += _rule_markdown(ruleset.name, rule)
    out += ["## Renamed rules", "",
            ("Rule ids name the problem. These ids named the thing checked; configs (`rules`, "
             "`select`, `ignore`), `--select`/`--ignore` and suppression comments still accept "
             "them, with a warning on standard error naming the new id. They will go in a later "
             "release."), "", "| Old id | New id |", "|---|---|"]
    out += [f"| `{old}` | `{new}` |" for old, new in sorted(RENAMED.items())]
    out += ["", "## Rule kinds", "",
            ("A kind is the Python that rules are made of; a ruleset instantiates it with "
             "options. Its documentation is for whoever writes a ruleset; its examples run as "
             "tests."), ""]
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
    from newslint.config.ruleset import load_ruleset

    if name:
        return load_ruleset(name)
    here = os.path.join(os.getcwd(), "article")
    return ConfigFinder().for_file(here).ruleset_for(here)


def rules_text(ruleset_name: str | None, every_bundled: bool, format_name: str) -> str:
    """``newslint rules``: the table of the ruleset here (or of every bundled one), or the
    Markdown page."""
    from newslint.config.ruleset import bundled_names, load_ruleset

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

