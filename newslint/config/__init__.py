"""Configuration: ``.newslint.yaml`` (or ``[tool.newslint]`` in ``pyproject.toml``), found by
walking up from each file, or given with ``--config``.

```yaml
extends: house                 # bundled rulesets by name, or ruleset files (default: house)
rules:                         # refine inherited rules (severity, options, segments) or add rules
  captions.too-long: {severity: off}
  dates.format: {severity: warning}
select: [names, dates]         # only these rules or families
ignore: [dates.numeric]        # never these
files: ["articles/**"]         # lint only files matching these globs (gitignore syntax)
exclude: ["drafts/**"]         # never lint these
overrides:                     # per-path changes, applied in order to the files they match
  - files: "opinion/**"
    rules: {names.context: {severity: off}}
    ignore: [captions]         # select replaces the config's, ignore adds to it
front_matter:                  # front-matter keys readers recognise -> the segment kind they hold
  title: headline
  description: standfirst
encoding: cp1252               # files that are not UTF-8 and declare no encoding (--encoding)
html:                          # HTML elements (tag, .class, #id, [attr=value], combined) -> the
  ".dek": standfirst           # segment kind they hold, or skip; a selector mapped to body says
  ".kicker": metadata          # where the article is
  "#comments": skip
names:                         # the newsroom's own names, merged into the names dictionary
  Navalnyy: [Navalny, Navalni] #   (or `names: names.yaml`, a vocabulary file beside this one)
accept: [Odessa]               # words the names rules never flag
baseline: .newslint-baseline.json  # findings already published (`newslint baseline` writes
                               #   it): check reports only new ones; relative to this file
```

Globs are relative to the config's directory. The ``rules`` mapping is a ruleset's (see
newslint/config/ruleset.py), read by the same code, so a config can say everything a ruleset can.
Readers that take a ``front_matter`` (or ``html``) keyword receive the mapping (see
``readers.read``).
Rulesets and compiled rules are shared across every config of a run: a config per directory
does not reload them per file.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newslint.config.line_numbered import PosDict, PosList
from newslint.config.ruleset import (
    RENAMED,
    Ruleset,
    RuleSpec,
    compile_specs,
    read_rule_specs,
    reads_names,
    renamed_id,
    with_vocabulary,
)
from newslint.config.rulespecs import fail
from newslint.document import SEGMENT_KINDS

CONFIG_NAMES = (".newslint.yaml", ".newslint.yml")
CONFIG_KEYS = ("accept", "baseline", "encoding", "exclude", "extends", "files", "front_matter",
               "html", "ignore", "names", "overrides", "rules", "select")
OVERRIDE_KEYS = ("files", "ignore", "rules", "select")



@dataclass
class Override:
    patterns: object  # pathspec.PathSpec
    rules: PosDict
    select: list[str] | None
    ignore: list[str]


@dataclass
class Config:
    path: Path | None  # None: no config file (the bundled or given ruleset as it is)
    root: Path
    name: str
    specs: dict[str, RuleSpec]
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    files: object = None  # pathspec.PathSpec or None
    exclude: object = None
    overrides: list[Override] = field(default_factory=list)
    front_matter: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None  # of files that are not UTF-8 and declare none
    html: dict[str, str] = field(default_factory=dict)
    # newslint.config.vocabulary.Vocabulary: the config's `names:`/`accept:`
    vocabulary: object = None
    renamed: tuple[str, ...] = ()  # deprecated rule ids it names (ruleset.RENAMED)
    baseline: Path | None = None  # the baseline file (`baseline:`), from the config's folder
    baseline_line: int | None = None  # where the config names it
    _rulesets: dict = field(default_factory=dict)

    def rule_ids(self) -> set[str]:
        """Every rule the config can run somewhere: its rules (off ones too) and its overrides'."""
        return set(self.specs).union(*(override.rules for override in self.overrides))

    def _relative(self, file: str) -> str:
        try:
            return (_real_directory(os.path.dirname(file)) / os.path.basename(file)).relative_to(
                self.root).as_posix()
        except ValueError:
            return Path(file).name

    def includes(self, file: str) -> bool:
        if self.files is None and self.exclude is None:
            return True
        relative = self._relative(file)
        if self.files is not None and not self.files.match_file(relative):
            return False
        return self.exclude is None or not self.exclude.match_file(relative)

    def ruleset_for(self, file: str) -> Ruleset:
        matched = ()
        if self.overrides:
            relative = self._relative(file)
            matched = tuple(i for i, o in enumerate(self.overrides)
                            if o.patterns.match_file(relative))
        if matched not in self._rulesets:
            self._rulesets[matched] = self._build(matched)
        return self._rulesets[matched]

    def _build(self, matched: tuple[int, ...]) -> Ruleset:
        specs, select, ignore = self.specs, self.select, list(self.ignore)
        for index in matched:
            override = self.overrides[index]
            specs = read_rule_specs(override.rules, self.path, base=specs)
            select = override.select if override.select is not None else select
            ignore += override.ignore
        specs = with_vocabulary(specs, self.vocabulary)
        return Ruleset(self.name, self.path, compile_specs(specs)).selected(select, ignore)


@lru_cache(maxsize=1024)
def _real_directory(directory: str) -> Path:
    """A folder with its symbolic links resolved, once per folder rather than once per file."""
    return Path(directory or ".").resolve()


# --- loading ----------------------------------------------------------------------------------

def _string_list(data: PosDict, key: str, path: Path) -> PosList:
    value = data.get(key)
    if value is None:
        return PosList()
    if isinstance(value, str):
        value = PosList([value])
        value.line = data.line_of(key)
        value.item_lines = [value.line]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(f"'{key}' must be a string or a list of strings", path, data.line_of(key))
    return value


def _globs(data: PosDict, key: str, path: Path):
    patterns = _string_list(data, key, path)
    if not patterns:
        return None
    import warnings

    import pathspec

    for index, pattern in enumerate(patterns):
        # pathspec turns a glob into a regular expression, compiled by re (which warns about
        # some, such as "[[:alpha:]") and again by RE2 at the first match (which refuses them).
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                pathspec.GitIgnoreSpec.from_lines([pattern]).match_file("a")
        except Exception as error:  # the library's errors have no common class
            reason = error.msg if isinstance(error, re.error) else "not a gitignore-style glob"
            fail(f"invalid glob {pattern!r} in '{key}': {reason}", path, patterns.line_of(index))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return pathspec.GitIgnoreSpec.from_lines(patterns)


def unknown_rule_message(name: str, where: str, rule_ids) -> str | None:
    """Why ``name`` (given in select/ignore, ``where``) is neither a rule id nor a family of
    ``rule_ids``, with the closest ones; None if it is one."""
    families = sorted({rule_id.split(".")[0] for rule_id in rule_ids})
    valid = set(rule_ids) | set(families)
    if name.rstrip(".") in valid:
        return None
    if RENAMED.get(name) in valid:
        renamed_id(name)
        return None
    close = difflib.get_close_matches(name, sorted(valid), n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return (f"unknown rule or family {name!r} in {where}; {hint}families: {', '.join(families)}"
            " (`newslint rules` lists the rules)")


def _check_rule_names(names: PosList, key: str, specs: dict[str, RuleSpec], path: Path):
    """Each name in select/ignore must be a rule id or a family of the config's rules."""
    for index, name in enumerate(names):
        message = unknown_rule_message(name, f"'{key}'", specs)
        if message:
            fail(message, path, names.line_of(index))


# An unknown key is quoted (with a suggestion) only when it looks like a mistyped key: a file
# given as a config may be anyone's (`--config /etc/shadow`), and its keys must not reach a CI log.
_KEY_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,23}")


def _check_keys(data: PosDict, valid: tuple[str, ...], path: Path, where: str = ""):
    for key in data:
        if key not in valid:
            if not (isinstance(key, str) and _KEY_LIKE.fullmatch(key)):
                fail(f"a key that is not a newslint setting{where}; valid keys: "
                      f"{', '.join(valid)}", path, data.line_of(key))
            close = difflib.get_close_matches(key, valid, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            fail(f"unknown key {key!r}{where}; {hint}valid keys: {', '.join(valid)}",
                  path, data.line_of(key))


def _front_matter(data: PosDict, path: Path) -> dict[str, str]:
    mapping = data.get("front_matter")
    if mapping is None:
        return {}
    if not isinstance(mapping, dict):
        fail("'front_matter' must map front-matter keys to segment kinds", path,
              data.line_of("front_matter"))
    for key, kind in mapping.items():
        if kind not in SEGMENT_KINDS:
            line = (mapping.line_of(key) if isinstance(mapping, PosDict)
                    else data.line_of("front_matter"))
            fail(f"unknown segment kind {kind!r} for front-matter key {key!r}; segment kinds: "
                  f"{', '.join(SEGMENT_KINDS)}", path, line)
    return dict(mapping)


def _encoding(data: PosDict, path: Path) -> str | None:
    from newslint.readers import fallback_encoding

    name = data.get("encoding")
    if name is None:
        return None
    if not isinstance(name, str):
        fail("'encoding' must be an encoding name such as cp1252", path, data.line_of("encoding"))
    try:
        return fallback_encoding(name)
    except ValueError as error:
        fail(f"'encoding': {error}", path, data.line_of("encoding"))


def _html_selectors(data: PosDict, path: Path) -> dict[str, str]:
    mapping = data.get("html")
    if mapping is None:
        return {}
    if not isinstance(mapping, dict):
        fail("'html' must map selectors (tag, .class, #id, [attr=value]) to segment kinds or "
              "skip", path, data.line_of("html"))
    from newslint.readers.html import SKIP, SelectorError, parse_selector

    kinds = (*SEGMENT_KINDS, SKIP)
    for selector, kind in mapping.items():
        line = mapping.line_of(selector) if isinstance(mapping, PosDict) else data.line_of("html")
        try:
            parse_selector(selector)
        except SelectorError as error:
            fail(f"{error} in 'html'", path, line)
        if kind not in kinds:
            fail(f"unknown segment kind {kind!r} for HTML selector {selector!r}; kinds: "
                  f"{', '.join(kinds)}", path, line)
    return dict(mapping)


def _baseline(data: PosDict, path: Path) -> Path | None:
    """The baseline file the config names, relative to its folder; whether it exists is asked
    when a run uses it (``newslint baseline`` writes it, so it may not exist yet)."""
    value = data.get("baseline")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        fail("'baseline' must be the path of a baseline file, relative to this file "
              "(`newslint baseline` writes one)", path, data.line_of("baseline"))
    return path.parent / value


def _vocabulary(data: PosDict, specs: dict[str, RuleSpec], path: Path):
    from newslint.config.vocabulary import vocabulary_of_config

    vocabulary = vocabulary_of_config(data, path)
    if vocabulary is not None and not any(reads_names(spec) and not spec.options.get("groups")
                                          for spec in specs.values()):
        key = "names" if "names" in data else "accept"
        fail(f"'{key}' joins the rules that read the whole names dictionary (names.spelling in "
              "house and ap), and no rule of this config does", path, data.line_of(key))
    return vocabulary


def config_from_data(data, path: Path) -> Config:
    if data is None:
        data = PosDict()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, PosDict):
        fail("a config is a mapping (keys: " + ", ".join(CONFIG_KEYS) + ")", path, 1)
    _check_keys(data, CONFIG_KEYS, path)
    rules_part = PosDict({k: data[k] for k in ("extends", "rules") if k in data})
    rules_part.line, rules_part.key_lines = data.line, data.key_lines
    if "extends" not in rules_part:
        rules_part["extends"] = "house"
    specs = read_rule_specs(rules_part, path)
    vocabulary = _vocabulary(data, specs, path)
    overrides = []
    raw_overrides = data.get("overrides") or PosList()
    if not isinstance(raw_overrides, list):
        fail("'overrides' must be a list of mappings, each with 'files'", path,
              data.line_of("overrides"))
    all_specs = dict(specs)
    for index, entry in enumerate(raw_overrides):
        line = raw_overrides.line_of(index) if isinstance(raw_overrides, PosList) else data.line
        if not isinstance(entry, PosDict) or "files" not in entry:
            fail("each override is a mapping with 'files' (and 'rules', 'select', 'ignore')",
                  path, line)
        _check_keys(entry, OVERRIDE_KEYS, path, " in override")
        rules = PosDict({"rules": entry.get("rules") or PosDict()})
        rules.line, rules.key_lines = entry.line, {"rules": entry.line_of("rules")}
        # Refine the config's rules now, so that a mistake is reported even if no file matches.
        override_specs = read_rule_specs(rules, path, base=specs)
        compile_specs(with_vocabulary(override_specs, vocabulary))
        all_specs.update(override_specs)
        select = _string_list(entry, "select", path) if "select" in entry else None
        ignore = _string_list(entry, "ignore", path)
        overrides.append(Override(_globs(entry, "files", path), rules, select, list(ignore)))
    for entry in raw_overrides:
        for key in ("select", "ignore"):
            if key in entry:
                _check_rule_names(_string_list(entry, key, path), key, all_specs, path)
    select, ignore = _string_list(data, "select", path), _string_list(data, "ignore", path)
    _check_rule_names(select, "select", all_specs, path)
    _check_rule_names(ignore, "ignore", all_specs, path)
    named = [*select, *ignore, *(spec.renamed_from for spec in all_specs.values()),
             *(name for entry in raw_overrides for key in ("select", "ignore")
               for name in _string_list(entry, key, path))]
    config = Config(
        path=path, root=path.parent.resolve(), name=str(path), specs=specs,
        select=list(select), ignore=list(ignore),
        files=_globs(data, "files", path), exclude=_globs(data, "exclude", path),
        overrides=overrides, front_matter=_front_matter(data, path),
        encoding=_encoding(data, path),
        html=_html_selectors(data, path),
        vocabulary=vocabulary,
        renamed=tuple(dict.fromkeys(name for name in named
                                    if name in RENAMED and name not in all_specs)),
        baseline=_baseline(data, path),
        baseline_line=data.line_of("baseline") if "baseline" in data else None,
    )
    compile_specs(with_vocabulary(specs, vocabulary))  # report option mistakes now, once
    return config


def _toml_positions(value, text_lines: list[str], line: int, key_path: tuple[str, ...] = ()):
    """Give TOML data the line numbers YAML data carries (tomllib keeps none): each key's line
    is the first line after its table's that names it."""
    if isinstance(value, dict):
        result = PosDict()
        result.line, result.key_lines = line, {}
        for key, item in value.items():
            pattern = re.compile(rf'(^|[\s.\[{{,"\']){re.escape(str(key))}'
                                 r'(["\']?\s*=|["\']?\]|["\']?\.)')
            key_line = next((n + 1 for n in range(line - 1, len(text_lines))
                             if pattern.search(text_lines[n])), line)
            result[key] = _toml_positions(item, text_lines, key_line, (*key_path, key))
            result.key_lines[key] = key_line
        return result
    if isinstance(value, list):
        result = PosList(_toml_positions(v, text_lines, line, key_path) for v in value)
        result.line, result.item_lines = line, [line] * len(value)
        return result
    return value


def _pyproject_table(path: Path):
    """The ``[tool.newslint]`` table of a pyproject.toml, with positions, or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read file: {error}", path)
    if "tool.newslint" not in text:
        return None  # most projects: no need to import or run the TOML parser
    import tomllib

    try:
        table = tomllib.loads(text).get("tool", {}).get("newslint")
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        fail(f"invalid TOML: {error}", path, int(match.group(1)) if match else None)
    if table is None:
        return None
    lines = text.splitlines()
    header = next((n + 1 for n, t in enumerate(lines)
                   if re.match(r"\s*\[\s*tool\.newslint\b", t)), 1)
    return _toml_positions(table, lines, header)


_LOADED: dict[Path, tuple[tuple, Config]] = {}  # config -> (stamps of the files it read, config)
_FOUND: dict[Path, Path | None] = {}


def load_config(path: Path) -> Config:
    path = path.resolve()
    if not path.exists():
        fail("config file not found", path)
    from newslint.files.cache import cached, files_stamp, recording

    loaded = _LOADED.get(path)
    # Loaded again when any file it was read from changed: the config, a ruleset it extends, a
    # data file, its vocabulary.
    if loaded is None or files_stamp(name for name, _, _ in loaded[0]) != loaded[0]:
        with recording() as files:
            # Pickled per user like rulesets: a pre-commit run then parses no YAML at all.
            config = cached("config", str(path), lambda: _read_config(path))
        loaded = _LOADED[path] = (files_stamp(files), config)
    for name in loaded[1].renamed:  # each run, from a cached config too
        renamed_id(name)
    return loaded[1]


def _read_config(path: Path) -> Config:
    from newslint.files.cache import note_dependency

    note_dependency(path)
    if path.name == "pyproject.toml":
        data = _pyproject_table(path)
        if data is None:
            fail("no [tool.newslint] table", path)
    else:
        from newslint.config.yamlpos import load_yaml_file

        data = load_yaml_file(path)
    return config_from_data(data, path)


def find_config_file(directory: Path) -> Path | None:
    """The nearest config at or above ``directory``: a .newslint.yaml, or a pyproject.toml
    with a [tool.newslint] table. The search stops at the root of a git repository (the
    folder holding ``.git``, a folder or, in a worktree, a file): a config above it belongs to
    no one who reviews the repository, and one with ``exclude: ["**"]`` would pass every run."""
    directory = directory.resolve()
    if directory in _FOUND:
        return _FOUND[directory]
    found = None
    for name in CONFIG_NAMES:
        if (directory / name).is_file():
            found = directory / name
            break
    else:
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            found = pyproject
        elif directory.parent != directory and not (directory / ".git").exists():
            found = find_config_file(directory.parent)
    _FOUND[directory] = found
    return found


def ruleset_config(name_or_path: str) -> Config:
    """A config that is one ruleset as it is: no config file (``--ruleset``, or none found)."""
    from newslint.config.ruleset import read_specs, resolve_ruleset_path

    path = resolve_ruleset_path(name_or_path)
    name, specs, _ = read_specs(path)
    return Config(path=None, root=Path.cwd().resolve(), name=name, specs=specs)


class ConfigFinder:
    """The config of each file: ``--config`` for all, else discovery; no config: house."""

    def __init__(self, config_path: str | None = None, ruleset: str | None = None):
        self._fixed = None
        if config_path and ruleset:
            from newslint.errors import UsageError

            raise UsageError("--config and --ruleset cannot be combined; name the ruleset in the "
                             "config's 'extends'")
        if config_path:
            self._fixed = load_config(Path(config_path))
        elif ruleset:
            self._fixed = ruleset_config(ruleset)
        self._default: Config | None = None
        self._by_directory: dict[str, Config] = {}

    def describe_used(self) -> list[str]:
        """What configured the files looked up so far, for ``--statistics``."""
        configs = [self._fixed] if self._fixed is not None else self._by_directory.values()
        described = []
        for config in configs:
            if config.path is not None:
                line = f"config: {config.path}"
            elif config is self._default:
                line = "no config: bundled house style"
            else:
                line = f"no config: ruleset {config.name}"
            if line not in described:
                described.append(line)
        return described

    def for_file(self, file: str) -> Config:
        if self._fixed is not None:
            return self._fixed
        directory = "" if file == "-" else os.path.dirname(file)
        # Files of one folder share a config: look it up once, not once per file (resolving a
        # path costs system calls, and an archive folder holds thousands of articles).
        config = self._by_directory.get(directory)
        if config is None:
            found = find_config_file(Path(directory or os.getcwd()))
            if found is not None:
                config = load_config(found)
            else:
                if self._default is None:
                    self._default = ruleset_config("house")
                config = self._default
            self._by_directory[directory] = config
        return config


STARTER = """\
# newslint configuration: https://pypi.org/project/newslint/
# Found by walking up from each article; globs are relative to this file.
# Editors validate it with the JSON Schema shipped as newslint/config/schemas/config.schema.json.

# Start from a bundled ruleset (house, ap) or a ruleset file.
extends: house

# Change a rule's severity (error, warning, suggestion, off) or options.
rules:
  # captions.too-long:
  #   options: {max_words: 60}
  # names.context:
  #   severity: off

# Only these rules or families; never these (`newslint rules` lists them).
# select: [names, dates, captions]
# ignore: [dates.weekday-in-caption]

# Which files to lint, and which never to.
# files: ["articles/**"]
exclude: ["drafts/**"]

# Different rules for some paths, applied in order.
# overrides:
#   - files: "opinion/**"
#     ignore: [names.context]

# Front-matter keys of Markdown articles, and the segment kind each holds.
# front_matter:
#   title: headline
#   description: standfirst

# The newsroom's own names: each preferred form with its variants, merged into the bundled
# names dictionary (the entry here wins where they disagree). `newslint fix` writes them.
# Or `names: names.yaml`, a file beside this one holding `names:` and `accept:`.
# names:
#   Navalnyy: [Navalny, Navalni]
# accept: [Odessa]               # words and phrases the names rules never flag
"""


def write_starter(path: Path) -> None:
    from newslint.errors import UsageError

    if path.exists():
        raise UsageError(f"{path} already exists; not overwriting it")
    path.write_text(STARTER, encoding="utf-8")
