"""Rulesets compiled: each rule spec (``newslint.config.rulespecs``) built into a rule of its kind,
with options checked (``newslint.config.options``), cached in this process and per user.

This module is the rulesets' public surface: what reads or compiles a ruleset imports from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newslint.config.options import coerce_option, without_positions
from newslint.config.rulespecs import (
    DOC_KEYS,
    RENAMED,
    RULE_ID,
    RULESET_SHAPE,
    Example,
    NotARuleset,
    RuleSpec,
    bundled_dir,
    bundled_names,
    fail,
    read_rule_specs,
    read_specs,
    reads_names,
    renamed_id,
    resolve_ruleset_path,
    ruleset_data,
    with_vocabulary,
)
from newslint.errors import ConfigError
from newslint.files.cache import cached, files_stamp, note_dependency, recording
from newslint.rules import Rule, kind_names, load_kind


def rule_behaviour(rule) -> tuple:
    """What decides a compiled rule's findings, not its id, description or where it is written:
    its kind, severity, parts, quotation setting, languages and options. ``try`` compares rules
    by it; the audit's ruleset version and the results cache hash it."""
    return (rule.kind, rule.severity, tuple(sorted(rule.segments)), rule.applies_in_quotes,
            rule.languages, tuple(sorted((str(k), repr(v)) for k, v in rule.config.items())))


@dataclass
class Ruleset:
    name: str
    path: Path
    rules: list[Rule]

    def rule(self, rule_id: str) -> Rule | None:
        found = next((r for r in self.rules if r.id == rule_id), None)
        if found is None and rule_id in RENAMED:
            return self.rule(renamed_id(rule_id))
        return found

    def selected(self, select: list[str] | None = None, ignore: list[str] | None = None) -> Ruleset:
        ids = {r.id for r in self.rules}

        def matches(rule_id: str, patterns: list[str]) -> bool:
            return any(rule_id == p or rule_id.startswith(p.rstrip(".") + ".")
                       or (p not in ids and RENAMED.get(p) == rule_id) for p in patterns)

        rules = [
            r for r in self.rules
            if (not select or matches(r.id, select)) and not (ignore and matches(r.id, ignore))
        ]
        return Ruleset(self.name, self.path, rules)



def _compile(spec: RuleSpec) -> Rule:
    kind = load_kind(spec.kind)
    if kind is None:
        fail(f"unknown kind {spec.kind!r} in rule {spec.id!r}; kinds: {', '.join(kind_names())}",
              spec.path, spec.line)
    config = {}
    for name, value in spec.options.items():
        option = kind.options.get(name)
        if option is None:
            where_path, where_line = spec.option_lines.get(name, (spec.path, spec.line))
            valid = ", ".join(sorted(kind.options)) or "none"
            fail(f"unknown option {name!r} for rule {spec.id!r} (kind {spec.kind}); valid options: "
                  f"{valid}", where_path, where_line)
        config[name] = without_positions(coerce_option(spec, name, option, value))
    for name, option in kind.options.items():
        config.setdefault(name, option.default)
    if spec.vocabulary is not None:  # not an option: only a config's `names:` sets it
        config["vocabulary"] = spec.vocabulary
    segments = spec.segments if spec.segments is not None else kind.default_segments
    try:
        rule = kind(spec.id, spec.severity, segments, config, spec.description,
                    origin=f"{spec.path}:{spec.line}", language=spec.language)
    except ConfigError as error:
        if error.path is None:
            error.path, error.line = str(spec.path), spec.line
        raise
    if spec.in_quotes is not None:
        rule.applies_in_quotes = spec.in_quotes
    rule.doc = spec.doc or {}
    return rule


_COMPILED: dict[tuple, tuple[Rule, set[str], tuple]] = {}


def _spec_key(spec: RuleSpec) -> tuple:
    return (spec.id, spec.kind, spec.severity, tuple(spec.segments or ()), spec.segments is None,
            spec.description, repr(sorted(spec.options.items(), key=lambda item: str(item[0]))),
            repr(sorted(spec.option_lines.items())), str(spec.path), spec.line, spec.in_quotes,
            spec.language, repr(spec.vocabulary), repr(sorted((spec.doc or {}).items())))


def _fresh(key: tuple) -> bool:
    cached = _COMPILED.get(key)
    # An edited names file must not reuse a matcher built from its old content.
    return cached is not None and files_stamp(cached[1]) == cached[2]


def _compile_all(specs: list[RuleSpec], keys: list[tuple]) -> list[tuple[Rule, list[str]]]:
    """Each spec's rule and the files it was compiled from, noted for the caller's record."""
    compiled = []
    for spec, key in zip(specs, keys, strict=True):
        if _fresh(key):
            rule, files, _ = _COMPILED[key]
            for file in files:
                note_dependency(file)
        else:
            with recording() as files:
                rule = _compile(spec)
        compiled.append((rule, sorted(files)))
    from newslint.analysis.matcher import index_rules

    # One automaton for the dictionaries and literals of all these rules, built here so that
    # it is cached with them.
    index_rules([rule for rule, _ in compiled])
    return compiled


def compile_specs(specs: dict[str, RuleSpec]) -> list[Rule]:
    """Compile rule specs, reusing the rule compiled from an identical spec earlier in this
    process: configs in many directories that extend one ruleset share its compiled rules
    (a names dictionary builds its matcher once). Rules not compiled yet in this process come
    from the per-user cache when the same specs were compiled before from unchanged files."""
    for spec in specs.values():  # here, as every run compiles its specs, cached or not
        if spec.renamed_from:
            renamed_id(spec.renamed_from)
    live = [spec for spec in specs.values() if spec.severity != "off"]
    keys = [_spec_key(spec) for spec in live]
    if not all(_fresh(key) for key in keys):
        compiled = cached("rules", repr(keys), lambda: _compile_all(live, keys))
        for key, (rule, files) in zip(keys, compiled, strict=True):
            if not _fresh(key):
                _COMPILED[key] = (rule, set(files), files_stamp(files))
    return [_COMPILED[key][0] for key in keys]


def load_ruleset(name_or_path: str = "house") -> Ruleset:
    """The compiled ruleset, from the per-user cache when nothing it reads has changed."""
    path = resolve_ruleset_path(name_or_path)
    name, specs, _ = read_specs(path)
    return Ruleset(name, path, compile_specs(specs))




__all__ = ["DOC_KEYS", "RENAMED", "RULE_ID", "RULESET_SHAPE", "Example", "NotARuleset", "RuleSpec",
           "Ruleset", "bundled_dir", "bundled_names", "compile_specs", "load_ruleset",
           "read_rule_specs", "read_specs", "reads_names", "renamed_id", "resolve_ruleset_path",
           "ruleset_data", "with_vocabulary"]
