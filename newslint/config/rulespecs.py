"""Reading rulesets: YAML data naming rules, each an instance of a kind, with an ``extends`` chain.

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
    description: One-line summary shown by `newslint rules`: what is wrong.
    doc:                         # optional: the rule's documentation (`newslint explain`)
      why: Why it matters.
      bad: Zelenskyy arrived in Kiev.      # an example the rule flags
      good: Zelenskyy arrived in Kyiv.     # and the same example as it should be
      as: body                   # what the examples are: a segment kind or a file format
      fix_safety: What its fix may change unread, or why there is none.
    options: {dictionary: names.yaml}
    examples:                    # optional: text it must find something in, and must not
      match: ["Talks in Kiev."]  # (checked by `newslint try` and the test suite)
      no_match: ["Talks in Kyiv.", {text: "Chicken Kiev", as: headline}]
    replaces: [names.old]        # optional: rules of the current ruleset this one supersedes
```

A rule in an extending ruleset that names no ``kind`` refines the inherited rule of that id:
its severity, segments and description replace, its options and doc merge.

A rule id renamed since its release (``RENAMED``) keeps working under its old id wherever a
user names a rule (a config's ``rules``, ``select`` and ``ignore``, ``--select``/``--ignore``,
suppression comments), with a warning on stderr once a run naming the new id.

An example is a string, read as one part of the kind the rule reads (body if it reads the
body), or a mapping with ``text`` and either ``as`` (that part kind) or ``format`` (a whole
file of that format, read as ``newslint check`` reads one). A refining entry keeps the
inherited examples unless it gives its own. ``replaces`` names rules this one supersedes, for
``newslint try`` to compare counts with; neither key changes what ``check`` reports.

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

import mmap
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newslint.document import SEGMENT_KINDS
from newslint.errors import ConfigError
from newslint.files.cache import cached
from newslint.findings import SEVERITIES
from newslint.rules import kind_names

RULE_ID = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*")
_RULESET_KEYS = {"name", "description", "language", "extends", "rules"}
RULESET_SHAPE = ("a YAML mapping with 'rules' and optionally 'name', 'description', 'language', "
                 "'extends'")
_RULE_KEYS = {"kind", "severity", "segments", "description", "doc", "options", "in_quotes",
              "examples", "replaces"}
_EXAMPLE_KEYS = ("match", "no_match")
DOC_KEYS = ("why", "bad", "good", "as", "fix_safety")

# Rule ids that named the thing checked, not the problem, and their names since; the old id
# still works where users write rule ids, with a warning (``renamed_id``).
RENAMED = {
    "captions.agency": "captions.unknown-agency",
    "captions.length": "captions.too-long",
    "headline.case": "headline.title-case",
    "headline.length": "headline.too-long",
    "references.first-name": "references.surname-before-full-name",
    "references.later": "references.full-name-repeated",
    "source.known": "source.unknown",
    "standfirst.full-stop": "standfirst.missing-full-stop",
    "standfirst.length": "standfirst.too-long",
    "standfirst.sentences": "standfirst.too-many-sentences",
}
# Per renamed id, two bytes in memory that the workers a run forks share with it: whether a
# process of the run met the old id, and whether the warning is written. Only the run's own
# process writes warnings (a worker only marks the id met): two workers that each checked and
# then set one byte could both warn.
_WARNED = mmap.mmap(-1, 2 * len(RENAMED))
_RUN_PROCESS = os.getpid()


def renamed_id(name: str) -> str:
    """The id a renamed rule has now (warning on stderr, once a run, that the old one is
    deprecated), or ``name`` itself."""
    new = RENAMED.get(name)
    if new is None:
        return name
    _WARNED[list(RENAMED).index(name)] = 1
    if os.getpid() == _RUN_PROCESS:
        warn_of_renamed_ids()
    return new


def warn_of_renamed_ids() -> None:
    """Write the warning of each old rule id that this run's processes have met, once a run."""
    for index, (old, new) in enumerate(RENAMED.items()):
        if _WARNED[index] and not _WARNED[len(RENAMED) + index]:
            _WARNED[len(RENAMED) + index] = 1
            sys.stderr.write(f"newslint: rule id {old!r} is deprecated; it is now {new!r} "
                             "(the old id still works for now)\n")


def bundled_dir() -> Path:
    """Where the bundled rulesets live: in the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
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


class Example(NamedTuple):
    """A text a rule's YAML says it finds something in (``match``) or nothing in (``no_match``)."""

    text: str
    match: bool
    as_kind: str | None  # read as one part of this kind
    format: str | None  # read as a whole file of this format; neither: the rule's main part
    path: Path
    line: int


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
    # a config's names (newslint.config.vocabulary.Vocabulary), if it reads them
    vocabulary: object = None
    examples: tuple[Example, ...] = ()
    replaces: tuple[tuple[str, int], ...] = ()  # (rule id, line) of the rules it supersedes
    doc: dict | None = None  # why, bad, good, as, fix_safety (DOC_KEYS), as written
    renamed_from: str | None = None  # the deprecated id a refining entry named it by


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




def fail(message: str, path: Path, line: int | None = None):
    raise ConfigError(message, str(path), line)


class NotARuleset(ConfigError):
    """A file read as a ruleset that is not one (not YAML, not a mapping, other top-level keys);
    ``reason`` says why in words that quote nothing from the file."""

    def __init__(self, message: str, path: Path, line: int | None = None,
                 column: int | None = None, reason: str = ""):
        super().__init__(message, str(path), line, column)
        self.reason = reason or message


def ruleset_data(path: Path):
    """The YAML mapping of a ruleset file, or NotARuleset."""
    from newslint.config.line_numbered import PosDict
    from newslint.config.yamlpos import load_yaml_file

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


def read_specs(path: Path,
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
        fail("extends forms a cycle: " + " -> ".join(p.name for p in (*seen, path)), path)
    data = ruleset_data(path)
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
    from newslint.config.line_numbered import PosDict, PosList
    from newslint.readers import language_tag

    specs: dict[str, RuleSpec] = dict(base or {})
    language = data.get("language")
    if language is not None and language_tag(language) != language:
        fail(f"'language' must be a language tag such as en or en-GB, not {language!r}", path,
              data.line_of("language"))
    extends = data.get("extends") or []
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list):
        fail("'extends' must be a ruleset name or a list of them", path, data.line_of("extends"))
    for index, parent in enumerate(extends):
        line = extends.line_of(index) if isinstance(extends, PosList) else data.line_of("extends")
        if not isinstance(parent, str):
            fail("'extends' must be a ruleset name or a list of them", path, line)
        try:
            parent_path = resolve_ruleset_path(parent, path.parent)
            _, parent_specs, parent_language = read_specs(parent_path, seen)
            specs.update(parent_specs)
            language = language or parent_language
        except NotARuleset as error:  # (a grandparent's is a plain ConfigError by now)
            where = ":".join(str(n) for n in (parent_path, error.line, error.column) if n)
            fail(f"'extends' names {parent}, which is not a newslint ruleset ({RULESET_SHAPE}): "
                  f"{error.reason} ({where})", path, line)
        except ConfigError as error:
            if error.path is not None:
                raise
            fail(error.message, path, line)

    rules = data.get("rules")
    if rules is None:
        rules = PosDict()
    if not isinstance(rules, PosDict):
        fail("'rules' must be a mapping of rule ids to rules", path, data.line_of("rules"))
    for rule_id, entry in rules.items():
        line = rules.line_of(rule_id)
        if not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
            fail(f"rule id {rule_id!r} must be 'family.name' in lower case", path, line)
        if entry is None:
            entry = PosDict()
            entry.line, entry.key_lines = line, {}
        if not isinstance(entry, PosDict):
            fail(f"rule {rule_id!r} must be a mapping", path, line)
        for key in entry:
            if key not in _RULE_KEYS:
                fail(f"unknown key {key!r} in rule {rule_id!r}; valid keys: "
                      f"{', '.join(sorted(_RULE_KEYS))}", path, entry.line_of(key))
        renamed_from = None
        if rule_id not in specs and "kind" not in entry and RENAMED.get(rule_id) in specs:
            renamed_from, rule_id = rule_id, RENAMED[rule_id]
        inherited = specs.get(rule_id)
        if "kind" not in entry and inherited is None:
            fail(f"rule {rule_id!r} needs a 'kind'; kinds: {', '.join(kind_names())}", path, line)
        options = entry.get("options") or PosDict()
        if not isinstance(options, dict):
            fail(f"'options' of rule {rule_id!r} must be a mapping", path,
                 entry.line_of("options"))
        option_lines = ({k: (path, options.line_of(k)) for k in options}
                        if isinstance(options, PosDict) else {})
        severity = entry.get("severity", inherited.severity if inherited else "warning")
        if severity is False:  # YAML 1.1 reads a bare `off` as false
            severity = "off"
        if severity not in (*SEVERITIES, "off"):
            fail(f"severity of rule {rule_id!r} is {severity!r}; choose one of "
                  f"{', '.join((*SEVERITIES, 'off'))}", path, entry.line_of("severity"))
        segments = entry.get("segments", inherited.segments if inherited else None)
        if segments is not None:
            if isinstance(segments, str):
                segments = [segments]
            bad = ([s for s in segments if s not in SEGMENT_KINDS]
                   if isinstance(segments, list) else [segments])
            if bad:
                fail(f"unknown segment kind {bad[0]!r} in rule {rule_id!r}; segment kinds: "
                      f"{', '.join(SEGMENT_KINDS)}", path, entry.line_of("segments"))
        in_quotes = entry.get("in_quotes", inherited.in_quotes if inherited else None)
        if in_quotes is not None and not isinstance(in_quotes, bool):
            fail(f"'in_quotes' of rule {rule_id!r} must be true or false", path,
                 entry.line_of("in_quotes"))
        examples = (_examples(entry, rule_id, path) if "examples" in entry
                    else inherited.examples if inherited else ())
        replaces = (_replaces(entry, rule_id, path) if "replaces" in entry
                    else inherited.replaces if inherited else ())
        doc = _doc(entry, rule_id, path)
        if inherited is not None and "kind" not in entry:
            merged_options = {**inherited.options, **options}
            merged_lines = {**inherited.option_lines, **option_lines}
            kind = inherited.kind
            description = entry.get("description", inherited.description)
            doc = {**(inherited.doc or {}), **(doc or {})} or None
            rule_language = inherited.language
            renamed_from = renamed_from or inherited.renamed_from
        else:
            merged_options, merged_lines = dict(options), option_lines
            kind = entry["kind"]
            description = entry.get("description", "")
            rule_language = language
        specs[rule_id] = RuleSpec(
            rule_id, kind, severity, segments, description, merged_options, path, line,
            option_lines=merged_lines, in_quotes=in_quotes, language=rule_language, doc=doc,
            renamed_from=renamed_from, examples=examples, replaces=replaces,
        )
    return specs, language


def _examples(entry, rule_id: str, path: Path) -> tuple[Example, ...]:
    """The ``examples`` of a rule entry: ``{match: [...], no_match: [...]}``."""
    from newslint.config.line_numbered import PosDict, PosList
    from newslint.readers import FORMATS

    examples = entry["examples"]
    line = entry.line_of("examples")
    if not isinstance(examples, PosDict) or not examples:
        fail(f"'examples' of rule {rule_id!r} must be a mapping with 'match' and/or 'no_match'",
              path, line)
    found = []
    for key, texts in examples.items():
        key_line = examples.line_of(key)
        if key not in _EXAMPLE_KEYS:
            fail(f"unknown key {key!r} in the examples of rule {rule_id!r}; valid keys: "
                  f"{', '.join(_EXAMPLE_KEYS)}", path, key_line)
        if isinstance(texts, (str, PosDict)):
            texts = PosList([texts])
            texts.item_lines = [key_line]
        if not isinstance(texts, PosList) or not texts:
            fail(f"'{key}' in the examples of rule {rule_id!r} must be a text or a list of texts",
                  path, key_line)
        for index, item in enumerate(texts):
            item_line = texts.line_of(index)
            as_kind, fmt = None, None
            if isinstance(item, PosDict):
                unknown = next((k for k in item if k not in ("text", "as", "format")), None)
                if unknown is not None or "text" not in item or ("as" in item and "format" in item):
                    fail(f"an example of rule {rule_id!r} is a text, or a mapping with 'text' and "
                          "either 'as' (a part kind) or 'format' (a file format)", path,
                          item.line_of(unknown) if unknown is not None else item_line)
                as_kind, fmt, item = item.get("as"), item.get("format"), item["text"]
                if as_kind is not None and as_kind not in SEGMENT_KINDS:
                    fail(f"unknown segment kind {as_kind!r} in an example of rule {rule_id!r}; "
                          f"segment kinds: {', '.join(SEGMENT_KINDS)}", path, item_line)
                if fmt is not None and fmt not in FORMATS:
                    fail(f"unknown format {fmt!r} in an example of rule {rule_id!r}; formats: "
                          f"{', '.join(sorted(FORMATS))}", path, item_line)
            if not isinstance(item, str) or not item.strip():
                fail(f"an example of rule {rule_id!r} must be a text that is not empty", path,
                      item_line)
            found.append(Example(item, key == "match", as_kind, fmt, path, item_line))
    return tuple(found)


def _replaces(entry, rule_id: str, path: Path) -> tuple[tuple[str, int], ...]:
    from newslint.config.line_numbered import PosList

    value, line = entry["replaces"], entry.line_of("replaces")
    if isinstance(value, str):
        value = PosList([value])
        value.item_lines = [line]
    if not isinstance(value, PosList) or not all(isinstance(v, str) and RULE_ID.fullmatch(v)
                                                  for v in value):
        fail(f"'replaces' of rule {rule_id!r} must be a rule id or a list of them", path, line)
    return tuple((replaced, value.line_of(index)) for index, replaced in enumerate(value))


def _doc(entry, rule_id: str, path: Path) -> dict | None:
    """A rule's ``doc`` mapping, checked: only ``DOC_KEYS``, each a string."""
    doc = entry.get("doc")
    if doc is None:
        return None
    if not isinstance(doc, dict):
        fail(f"'doc' of rule {rule_id!r} must be a mapping with any of: {', '.join(DOC_KEYS)}",
              path, entry.line_of("doc"))
    for key, value in doc.items():
        line = doc.line_of(key) if hasattr(doc, "line_of") else entry.line_of("doc")
        if key not in DOC_KEYS:
            fail(f"unknown key {key!r} in the doc of rule {rule_id!r}; valid keys: "
                  f"{', '.join(DOC_KEYS)}", path, line)
        if not isinstance(value, str):
            fail(f"'{key}' in the doc of rule {rule_id!r} must be text", path, line)
    place = doc.get("as")
    if place is not None:
        from newslint.readers import FORMATS

        if place not in SEGMENT_KINDS and place not in FORMATS:
            fail(f"'as' in the doc of rule {rule_id!r} is {place!r}: a segment kind "
                  f"({', '.join(SEGMENT_KINDS)}) or a file format ({', '.join(FORMATS)})",
                  path, doc.line_of("as") if hasattr(doc, "line_of") else entry.line_of("doc"))
    return dict(doc)

