"""Rulesets: YAML data naming rules, each an instance of a kind, with an ``extends`` chain.

```yaml
name: house
language: en                     # optional: the language its rules are written for
extends: []                      # bundled names or paths relative to this file
rules:
  names.spelling:                # family.name
    kind: substitution           # a module of newslint.rules
    severity: error              # error | warning | suggestion | off
    segments: [headline, body]   # optional; the kind's default otherwise
    in_quotes: false             # optional; whether it applies inside direct quotations
    description: One-line summary shown by `newslint rules`.
    options: {dictionary: names.yaml}
```

A rule in an extending ruleset that names no ``kind`` refines the inherited rule of that id:
its severity, segments and description replace, its options merge.

``language`` (a BCP 47 tag) is the language of the rules the file defines, inherited through
``extends`` (a config that extends house writes English rules): a rule does not read text
marked as another language (``lang="es"``), unless its kind names the languages it reads.
A ruleset that names no language, nor extends one that does, reads every language.

``extends`` and data-file options may name any file the user can read, in the repository or
not (a shared house style in ``/usr/share``, a desk's rules one folder up). A file that turns
out not to be a ruleset is refused in general terms, never by quoting it: ``extends:
/etc/shadow`` must not print the file into a public CI log. Only once a file has the shape of
a ruleset (a mapping with no top-level key but these five) do messages quote what it says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newslint.cache import cached, files_stamp, note_dependency, recording
from newslint.document import SEGMENT_KINDS
from newslint.errors import ConfigError
from newslint.findings import SEVERITIES
from newslint.rules import Option, Rule, kind_names, load_kind

RULE_ID = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*")
_RULESET_KEYS = {"name", "description", "language", "extends", "rules"}
RULESET_SHAPE = ("a YAML mapping with 'rules' and optionally 'name', 'description', 'language', "
                 "'extends'")
_RULE_KEYS = {"kind", "severity", "segments", "description", "options", "in_quotes"}


def bundled_dir() -> Path:
    """Where the bundled rulesets live: in the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "_rulesets"
    return installed if installed.is_dir() else package.parent / "rulesets"


def bundled_names() -> list[str]:
    data_files = {"names", "spelling", "titles"}
    return sorted(p.stem for p in bundled_dir().glob("*.yaml") if p.stem not in data_files)


def resolve_ruleset_path(name_or_path: str, relative_to: Path | None = None) -> Path:
    looks_like_path = "/" in name_or_path or name_or_path.endswith((".yaml", ".yml"))
    if looks_like_path:
        path = Path(name_or_path)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        if path.is_dir():
            raise ConfigError(f"ruleset is a directory, not a file: {name_or_path}")
        if not path.is_file():
            raise ConfigError(f"ruleset file not found: {name_or_path}")
        return path
    path = bundled_dir() / f"{name_or_path}.yaml"
    if name_or_path not in bundled_names() or not path.is_file():
        raise ConfigError(
            f"unknown ruleset {name_or_path!r}; bundled rulesets: {', '.join(bundled_names())}"
            " (or give a path to a .yaml file)"
        )
    return path


@dataclass
class RuleSpec:
    """A rule entry as written, before its kind compiles it."""

    id: str
    kind: str
    severity: str
    segments: list[str] | None
    description: str
    options: dict
    path: Path  # the ruleset file that defined the options (relative data files resolve here)
    line: int
    option_lines: dict = field(default_factory=dict)
    in_quotes: bool | None = None
    language: str | None = None  # of the ruleset that defined the rule
    vocabulary: object = None  # a config's names (newslint.vocabulary.Vocabulary), if it reads them


def reads_names(spec: RuleSpec) -> bool:
    """Whether a rule reads the names dictionary, and so takes a config's vocabulary."""
    return spec.kind == "substitution" and bool(spec.options.get("dictionary"))


def with_vocabulary(specs: dict[str, RuleSpec], vocabulary) -> dict[str, RuleSpec]:
    """The specs, every rule that reads the names dictionary given the vocabulary."""
    if vocabulary is None:
        return specs
    from dataclasses import replace

    return {rule_id: replace(spec, vocabulary=vocabulary) if reads_names(spec) else spec
            for rule_id, spec in specs.items()}


@dataclass
class Ruleset:
    name: str
    path: Path
    rules: list[Rule]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def selected(self, select: list[str] | None = None, ignore: list[str] | None = None) -> Ruleset:
        def matches(rule_id: str, patterns: list[str]) -> bool:
            return any(rule_id == p or rule_id.startswith(p.rstrip(".") + ".") for p in patterns)

        rules = [
            r for r in self.rules
            if (not select or matches(r.id, select)) and not (ignore and matches(r.id, ignore))
        ]
        return Ruleset(self.name, self.path, rules)


def _fail(message: str, path: Path, line: int | None = None):
    raise ConfigError(message, str(path), line)


class NotARuleset(ConfigError):
    """A file read as a ruleset that is not one (not YAML, not a mapping, other top-level keys);
    ``reason`` says why in words that quote nothing from the file."""

    def __init__(self, message: str, path: Path, line: int | None = None,
                 column: int | None = None, reason: str = ""):
        super().__init__(message, str(path), line, column)
        self.reason = reason or message


def _ruleset_data(path: Path):
    """The YAML mapping of a ruleset file, or NotARuleset."""
    from newslint.posdata import PosDict
    from newslint.yamlpos import load_yaml_file

    try:
        data = load_yaml_file(path)
    except ConfigError as error:  # invalid YAML, not UTF-8, unreadable: general words already
        raise NotARuleset(error.message, path, error.line, error.column) from None
    line, reason = 1, None
    if data is None:
        reason = "the file is empty"
    elif not isinstance(data, PosDict):
        reason = "its top level is not a mapping"
    else:
        unknown = next((key for key in data if key not in _RULESET_KEYS), None)
        if unknown is not None:
            line, reason = data.line_of(unknown), "a top-level key that is not one of these"
    if reason is not None:
        raise NotARuleset(f"not a newslint ruleset ({RULESET_SHAPE}): {reason}", path, line,
                          reason=reason)
    return data


def _read_specs(path: Path,
                seen: tuple[Path, ...] = ()) -> tuple[str, dict[str, RuleSpec], str | None]:
    """The name, rule specs and language of a ruleset file and the rulesets it extends.

    A whole ruleset read (not a parent read on its behalf) comes from the per-user cache when
    none of its files changed, so a run with a cached ruleset does not import PyYAML."""
    if seen:
        return _read_specs_uncached(path, seen)
    return cached("specs", str(path.resolve()), lambda: _read_specs_uncached(path))


def _read_specs_uncached(
        path: Path, seen: tuple[Path, ...] = ()) -> tuple[str, dict[str, RuleSpec], str | None]:
    path = path.resolve()
    if path in seen:
        _fail("extends forms a cycle: " + " -> ".join(p.name for p in (*seen, path)), path)
    data = _ruleset_data(path)
    specs, language = _rule_specs(data, path, seen=(*seen, path))
    return str(data.get("name") or path.stem), specs, language


def read_rule_specs(data, path: Path, base: dict[str, RuleSpec] | None = None,
                    seen: tuple[Path, ...] = ()) -> dict[str, RuleSpec]:
    """The rules of a mapping with ``extends`` and ``rules`` (a ruleset, a config or one of its
    overrides), refining ``base`` and then the rulesets it extends."""
    return _rule_specs(data, path, base, seen)[0]


def _rule_specs(data, path: Path, base: dict[str, RuleSpec] | None = None,
                seen: tuple[Path, ...] = ()) -> tuple[dict[str, RuleSpec], str | None]:
    """``read_rule_specs``, and the language of the rules ``data`` defines: its own, else
    that of the first ruleset it extends that has one."""
    from newslint.posdata import PosDict, PosList
    from newslint.readers import language_tag

    specs: dict[str, RuleSpec] = dict(base or {})
    language = data.get("language")
    if language is not None and language_tag(language) != language:
        _fail(f"'language' must be a language tag such as en or en-GB, not {language!r}", path,
              data.line_of("language"))
    extends = data.get("extends") or []
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list):
        _fail("'extends' must be a ruleset name or a list of them", path, data.line_of("extends"))
    for index, parent in enumerate(extends):
        line = extends.line_of(index) if isinstance(extends, PosList) else data.line_of("extends")
        if not isinstance(parent, str):
            _fail("'extends' must be a ruleset name or a list of them", path, line)
        try:
            parent_path = resolve_ruleset_path(parent, path.parent)
            _, parent_specs, parent_language = _read_specs(parent_path, seen)
            specs.update(parent_specs)
            language = language or parent_language
        except NotARuleset as error:  # (a grandparent's is a plain ConfigError by now)
            where = ":".join(str(n) for n in (parent_path, error.line, error.column) if n)
            _fail(f"'extends' names {parent}, which is not a newslint ruleset ({RULESET_SHAPE}): "
                  f"{error.reason} ({where})", path, line)
        except ConfigError as error:
            if error.path is not None:
                raise
            _fail(error.message, path, line)

    rules = data.get("rules")
    if rules is None:
        rules = PosDict()
    if not isinstance(rules, PosDict):
        _fail("'rules' must be a mapping of rule ids to rules", path, data.line_of("rules"))
    for rule_id, entry in rules.items():
        line = rules.line_of(rule_id)
        if not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
            _fail(f"rule id {rule_id!r} must be 'family.name' in lower case", path, line)
        if entry is None:
            entry = PosDict()
            entry.line, entry.key_lines = line, {}
        if not isinstance(entry, PosDict):
            _fail(f"rule {rule_id!r} must be a mapping", path, line)
        for key in entry:
            if key not in _RULE_KEYS:
                _fail(f"unknown key {key!r} in rule {rule_id!r}; valid keys: "
                      f"{', '.join(sorted(_RULE_KEYS))}", path, entry.line_of(key))
        inherited = specs.get(rule_id)
        if "kind" not in entry and inherited is None:
            _fail(f"rule {rule_id!r} needs a 'kind'; kinds: {', '.join(kind_names())}", path, line)
        options = entry.get("options") or PosDict()
        if not isinstance(options, dict):
            _fail(f"'options' of rule {rule_id!r} must be a mapping", path, entry.line_of("options"))
        option_lines = {k: (path, options.line_of(k)) for k in options} if isinstance(options, PosDict) else {}
        severity = entry.get("severity", inherited.severity if inherited else "warning")
        if severity is False:  # YAML 1.1 reads a bare `off` as false
            severity = "off"
        if severity not in (*SEVERITIES, "off"):
            _fail(f"severity of rule {rule_id!r} is {severity!r}; choose one of "
                  f"{', '.join((*SEVERITIES, 'off'))}", path, entry.line_of("severity"))
        segments = entry.get("segments", inherited.segments if inherited else None)
        if segments is not None:
            if isinstance(segments, str):
                segments = [segments]
            bad = [s for s in segments if s not in SEGMENT_KINDS] if isinstance(segments, list) else [segments]
            if bad:
                _fail(f"unknown segment kind {bad[0]!r} in rule {rule_id!r}; segment kinds: "
                      f"{', '.join(SEGMENT_KINDS)}", path, entry.line_of("segments"))
        in_quotes = entry.get("in_quotes", inherited.in_quotes if inherited else None)
        if in_quotes is not None and not isinstance(in_quotes, bool):
            _fail(f"'in_quotes' of rule {rule_id!r} must be true or false", path, entry.line_of("in_quotes"))
        if inherited is not None and "kind" not in entry:
            merged_options = {**inherited.options, **options}
            merged_lines = {**inherited.option_lines, **option_lines}
            kind = inherited.kind
            description = entry.get("description", inherited.description)
            rule_language = inherited.language
        else:
            merged_options, merged_lines = dict(options), option_lines
            kind = entry["kind"]
            description = entry.get("description", "")
            rule_language = language
        specs[rule_id] = RuleSpec(
            rule_id, kind, severity, segments, description, merged_options, path, line,
            option_lines=merged_lines, in_quotes=in_quotes, language=rule_language,
        )
    return specs, language


def _coerce_option(spec: RuleSpec, name: str, option: Option, value):
    where_path, where_line = spec.option_lines.get(name, (spec.path, spec.line))

    def fail(expected: str):
        _fail(f"option {name!r} of rule {spec.id!r} must be {expected}, not {value!r}",
              where_path, where_line)

    kind = option.type
    if kind == "any":
        return value
    if kind == "str":
        if not isinstance(value, str):
            fail("a string")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            fail("a whole number")
        if value < option.minimum:
            fail(f"{option.minimum} or more")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            fail("true or false")
        return value
    if kind == "list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail("a list of strings")
        return list(value)
    if kind == "dict":
        if not isinstance(value, dict):
            fail("a mapping")
        return value
    if kind in ("regex", "list[regex]"):
        values = [value] if kind == "regex" or isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            fail("a regular expression" if kind == "regex" else "a list of regular expressions")
        from newslint.regex_safety import pattern_problem

        for pattern in values:
            try:
                re.compile(pattern)
            except re.error as error:
                _fail(f"option {name!r} of rule {spec.id!r}: {pattern!r} is not a valid regular "
                      f"expression: {error}", where_path, where_line)
            problem = pattern_problem(pattern)
            if problem:
                _fail(f"option {name!r} of rule {spec.id!r}: {pattern!r} {problem}",
                      where_path, where_line)
        return value if kind == "regex" else list(values)
    if kind == "path":
        if not isinstance(value, str):
            fail("a file path")
        resolved = Path(value) if Path(value).is_absolute() else Path(where_path).parent / value
        if not resolved.is_file():
            bundled = bundled_dir() / value
            if bundled.is_file():
                return bundled
            _fail(f"option {name!r} of rule {spec.id!r}: file not found: {value}", where_path, where_line)
        return resolved
    if kind == "choice":
        if value not in option.choices:
            fail("one of " + ", ".join(map(str, option.choices)))
        return value
    if kind == "list[choice]":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(v not in option.choices for v in value):
            fail("a list of " + ", ".join(map(str, option.choices)))
        return list(value)
    raise AssertionError(f"undeclared option type {kind}")


def _plain(value):
    """Options without the YAML position wrappers: compiled rules pickle without PyYAML."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _compile(spec: RuleSpec) -> Rule:
    kind = load_kind(spec.kind)
    if kind is None:
        _fail(f"unknown kind {spec.kind!r} in rule {spec.id!r}; kinds: {', '.join(kind_names())}",
              spec.path, spec.line)
    config = {}
    for name, value in spec.options.items():
        option = kind.options.get(name)
        if option is None:
            where_path, where_line = spec.option_lines.get(name, (spec.path, spec.line))
            valid = ", ".join(sorted(kind.options)) or "none"
            _fail(f"unknown option {name!r} for rule {spec.id!r} (kind {spec.kind}); valid options: "
                  f"{valid}", where_path, where_line)
        config[name] = _plain(_coerce_option(spec, name, option, value))
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
    return rule


_COMPILED: dict[tuple, tuple[Rule, set[str], tuple]] = {}


def _spec_key(spec: RuleSpec) -> tuple:
    return (spec.id, spec.kind, spec.severity, tuple(spec.segments or ()), spec.segments is None,
            spec.description, repr(sorted(spec.options.items(), key=lambda item: str(item[0]))),
            repr(sorted(spec.option_lines.items())), str(spec.path), spec.line, spec.in_quotes,
            spec.language, repr(spec.vocabulary))


def _fresh(key: tuple) -> bool:
    cached = _COMPILED.get(key)
    # An edited names file must not reuse a matcher built from its old content.
    return cached is not None and files_stamp(cached[1]) == cached[2]


def _compile_all(specs: list[RuleSpec], keys: list[tuple]) -> list[tuple[Rule, list[str]]]:
    """Each spec's rule and the files it was compiled from, noted for the caller's record."""
    compiled = []
    for spec, key in zip(specs, keys):
        if _fresh(key):
            rule, files, _ = _COMPILED[key]
            for file in files:
                note_dependency(file)
        else:
            with recording() as files:
                rule = _compile(spec)
        compiled.append((rule, sorted(files)))
    from newslint.matcher import index_rules

    # One automaton for the dictionaries and literals of all these rules, built here so that
    # it is cached with them.
    index_rules([rule for rule, _ in compiled])
    return compiled


def compile_specs(specs: dict[str, RuleSpec]) -> list[Rule]:
    """Compile rule specs, reusing the rule compiled from an identical spec earlier in this
    process: configs in many directories that extend one ruleset share its compiled rules
    (a names dictionary builds its matcher once). Rules not compiled yet in this process come
    from the per-user cache when the same specs were compiled before from unchanged files."""
    live = [spec for spec in specs.values() if spec.severity != "off"]
    keys = [_spec_key(spec) for spec in live]
    if not all(_fresh(key) for key in keys):
        compiled = cached("rules", repr(keys), lambda: _compile_all(live, keys))
        for key, (rule, files) in zip(keys, compiled):
            if not _fresh(key):
                _COMPILED[key] = (rule, set(files), files_stamp(files))
    return [_COMPILED[key][0] for key in keys]


def load_ruleset(name_or_path: str = "house") -> Ruleset:
    """The compiled ruleset, from the per-user cache when nothing it reads has changed."""
    path = resolve_ruleset_path(name_or_path)
    name, specs, _ = _read_specs(path)
    return Ruleset(name, path, compile_specs(specs))


__all__ = ["Ruleset", "load_ruleset", "bundled_names", "bundled_dir"]
