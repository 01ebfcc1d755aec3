"""``newslint try RULE-FILE --on PATH…``: a new or changed rule, tried on real copy before it ships.

The rule file is one of two shapes (anything else is refused, at the file's line):

- a ruleset (``rules:``, optionally ``name``, ``description``, ``language``, ``extends``), read
  as ``--ruleset`` reads one; its rules that are new or differ from the rules in effect are tried;
- one rule: a mapping with ``id`` and the keys of a ruleset's rule entry (``kind``, ``severity``,
  ``segments``, ``description``, ``options``, ``in_quotes``, ``examples``, ``replaces``). Without
  ``kind`` it refines the rule of that id in effect, as an entry of an extending ruleset does
  (``id: captions.too-long`` with ``options: {max_words: 40}``).

The rules in effect are those of the config that applies to the first file (found by walking
up from it, as ``check`` finds it, less its per-path overrides; its ``select``/``ignore``
apply), or of ``--against RULESET``. A tried rule is *new* when no rule of its id is in effect
(absent, off, or ignored), *changed* when the rule of its id is in effect and differs in what it
reads or reports (kind, severity, parts, options, quotations, language). It *replaces* that
rule and the rules its ``replaces:`` names; their counts are shown beside its own, and its
findings are compared with theirs by place: found by both, only by the tried rule (new), only
by the rules it replaces (gone).

The rules' ``examples`` are checked first; if one fails, nothing is run. Every file is read
with the reading settings of its own config (front-matter keys, HTML selectors, encoding).
Counts are of what the rules find, before suppression comments. Words are those of the parts
the reader read (a part read twice, such as an HTML credit inside its caption, counted once).

The sample of each rule is the ``--sample`` findings whose hash of (seed, rule, file, offset,
match) ranks lowest: the same every run, and a corpus that grows keeps most of it. The
parent keeps only those, so memory stays flat over an archive.

JSON (``--format json``): one object, its keys always present, documented with an example in
docs/trying.md (``try_format`` is the shape's version). Exit codes: 0 the rules ran, 1 an
example fails (nothing run), 2 a usage, rule-file or input error (an unreadable file of the
corpus is reported, the others are still counted), 3 a bug in newslint.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Imported by the command line's parser for every command, `check` included: nothing here is
# built at import time (a dataclass costs about half a millisecond to define), and everything
# else is imported when `try` runs.
EXIT_RAN, EXIT_EXAMPLE_FAILS, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3
JSON_FORMAT_VERSION = 1
CONTEXT = 60  # characters of source shown either side of a match, on its line
SHOWN = 80  # characters of a match or an example shown in text output


def add_parser(commands) -> None:
    """Register ``newslint try`` on the command line's subparsers."""
    parser = commands.add_parser(
        "try", help="run new or changed rules over a corpus: how often they fire, a sample, "
                    "and the rules they replace")
    parser.add_argument("rule_file", metavar="RULESET-OR-RULE-FILE",
                        help="a ruleset file, or a file with one rule (id, kind, options, ...)")
    parser.add_argument("--on", nargs="+", required=True, metavar="PATH", dest="on",
                        help="the corpus: files and folders, read as `newslint check` reads them")
    parser.add_argument("--against", metavar="NAME|FILE",
                        help="compare with this ruleset (default: the config in effect for the "
                             "first file, else house)")
    parser.add_argument("--sample", type=int, default=5, metavar="N",
                        help="matches shown in context per rule (default: 5)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="which sample: the same seed gives the same sample (default: 0)")
    parser.add_argument("--format", "-f", default="text", choices=("text", "json"),
                        help="text for people (default), json for tools (docs/trying.md)")
    parser.add_argument("--input-format", metavar="FORMAT",
                        help="read every file as this format instead of guessing from its "
                             "extension")
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="read files in N processes (default: the number of CPUs)")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="no progress bar, even on a terminal")


# --- the rule file --------------------------------------------------------------------------

class Baseline:
    """The rules in effect: the specs a one-rule file refines, and the compiled rules on."""

    def __init__(self, name: str, specs: dict, rules: dict, vocabulary=None):
        self.name = name
        self.specs = specs
        self.rules = rules  # id -> compiled rule, those in effect only
        self.vocabulary = vocabulary


class Tried:
    """A rule being tried, whether it is new or changed, and the rules in effect it replaces."""

    def __init__(self, spec, rule, status: str, replaced: list):
        self.spec = spec
        self.rule = rule
        self.status = status
        self.replaced = replaced


def _bundled(path: Path) -> bool:
    from newslint.config.ruleset import bundled_dir

    return Path(path).resolve().parent == bundled_dir().resolve()


def _path(path: Path) -> str:
    """A ruleset file relative to the current folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _shown_path(path: Path) -> str:
    """A ruleset file as people know it: relative to here, or a bundled ruleset's name."""
    return f"bundled {Path(path).name}" if _bundled(path) else _path(path)


def baseline(finder, first_file: str, against: str | None) -> Baseline:
    """The rules in effect for the first file (``against``: the ruleset given instead)."""
    from newslint.config.ruleset import Ruleset, compile_specs, with_vocabulary

    config = finder.for_file(first_file)
    specs = with_vocabulary(config.specs, config.vocabulary)
    in_effect = Ruleset(config.name, config.path, compile_specs(specs)).selected(
        config.select, config.ignore)
    name = against or (_shown_path(config.path) if config.path is not None else config.name)
    return Baseline(name, config.specs, {rule.id: rule for rule in in_effect.rules},
                    config.vocabulary)


_ONE_RULE_KEYS = ("id", "kind", "severity", "segments", "description", "options", "in_quotes",
                  "examples", "replaces")
SHAPES = ("a rule file is a ruleset (a mapping with 'rules' and optionally 'name', 'description', "
          "'language', 'extends') or one rule (a mapping with 'id' and optionally "
          f"{', '.join(repr(key) for key in _ONE_RULE_KEYS[1:])})")


def read_rule_file(path: Path, base: Baseline) -> dict:
    """The rule specs the file defines: a ruleset's every rule (those it extends included), or
    the one rule, refining the rule of its id in effect when it names no kind."""
    from newslint.config.line_numbered import PosDict
    from newslint.config.ruleset import (
        RULE_ID,
        NotARuleset,
        read_rule_specs,
        renamed_id,
        ruleset_data,
    )
    from newslint.config.yamlpos import load_yaml_file
    from newslint.errors import ConfigError

    if path.is_dir():
        raise ConfigError("a directory, not a rule file", str(path))
    if not path.is_file():
        raise ConfigError("rule file not found", str(path))
    data = load_yaml_file(path)
    if not (isinstance(data, PosDict) and "id" in data):
        try:
            data = ruleset_data(path)
        except NotARuleset as error:
            # Not quoted (the file may be anyone's): say which shapes are wanted.
            reason = error.reason.replace("not one of these", "neither a ruleset's nor a rule's")
            raise ConfigError(f"not a rule file: {reason}; {SHAPES}", str(path), error.line,
                              error.column) from None
        return read_rule_specs(data, path, seen=(path.resolve(),))
    rule_id = data["id"]
    if not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
        raise ConfigError(f"rule id {rule_id!r} must be 'family.name' in lower case", str(path),
                          data.line_of("id"))
    unknown = next((key for key in data if key not in _ONE_RULE_KEYS), None)
    if unknown is not None:
        raise ConfigError(f"unknown key {unknown!r} in a rule file; valid keys: "
                          f"{', '.join(_ONE_RULE_KEYS)}", str(path), data.line_of(unknown))
    entry = PosDict((key, value) for key, value in data.items() if key != "id")
    entry.line, entry.key_lines = data.line, {k: v for k, v in data.key_lines.items() if k != "id"}
    rules = PosDict({rule_id: entry})
    rules.line, rules.key_lines = data.line, {rule_id: data.line_of("id")}
    wrapper = PosDict({"rules": rules})
    wrapper.line, wrapper.key_lines = data.line, {"rules": data.line}
    specs = read_rule_specs(wrapper, path, base=base.specs)
    if rule_id not in specs:  # a refinement under a rule's old id refines the renamed rule
        rule_id = renamed_id(rule_id)
    return {rule_id: specs[rule_id]}


def tried_rules(specs: dict, base: Baseline) -> list[Tried]:
    """The rules of ``specs`` that are new or changed against ``base``, with what they replace."""
    from newslint.config.ruleset import compile_specs, rule_behaviour, with_vocabulary
    from newslint.errors import ConfigError

    live = {rule_id: spec for rule_id, spec in with_vocabulary(specs, base.vocabulary).items()
            if spec.severity != "off"}
    compiled = dict(zip(live, compile_specs(live), strict=True))
    tried = []
    for rule_id, rule in compiled.items():
        spec = live[rule_id]
        current = base.rules.get(rule_id)
        if current is not None and rule_behaviour(current) == rule_behaviour(rule):
            continue
        replaced = [current] if current is not None else []
        for other, line in spec.replaces:
            if other not in base.specs:
                raise ConfigError(f"rule {rule_id!r} replaces {other!r}, which {base.name} does "
                                  "not have", str(spec.path), line)
            if other in base.rules and base.rules[other] not in replaced:
                replaced.append(base.rules[other])  # a rule off or ignored finds nothing now
        tried.append(Tried(spec, rule, "new" if current is None else "changed", replaced))
    return tried


# --- examples -------------------------------------------------------------------------------

class ExampleFailure:
    __slots__ = ("rule", "file", "line", "expected", "text", "problem")

    def __init__(self, rule: str, file: str, line: int, expected: str, text: str, problem: str):
        self.rule, self.file, self.line = rule, file, line
        self.expected = expected  # match | no_match
        self.text, self.problem = text, problem

    def __str__(self) -> str:
        from newslint.formatters import printable

        return printable(f"{self.file}:{self.line}: {self.rule}: {self.problem} in its "
                         f"{self.expected} example {_short(self.text)!r}")


def _short(text: str, width: int = SHOWN) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def example_document(example, rule):
    """The example as the rule reads it: a whole file of its format, or one part."""
    from newslint.document import SEGMENT_KINDS, Document
    from newslint.readers import read

    if example.format is not None:
        return read(example.text.encode("utf-8"), f"example.{example.format}", example.format)
    kind = example.as_kind or ("body" if "body" in rule.segments else
                               next((k for k in SEGMENT_KINDS if k in rule.segments), "body"))
    document = Document("example.txt", "txt", example.text)
    document.add_plain(kind, 0, len(example.text))
    return document


def example_failures(spec, rule) -> list[ExampleFailure]:
    """The examples of a rule's YAML that do not hold for the compiled rule."""
    from newslint.config.ruleset import Ruleset
    from newslint.engine import lint

    failures = []
    for example in spec.examples:
        document = example_document(example, rule)
        findings = [f for f in lint(document, Ruleset("examples", spec.path, [rule]))
                    if f.rule == rule.id]
        if example.match and not findings:
            problem = "finds nothing"
        elif not example.match and findings:
            first = findings[0]
            more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
            found = (f"finds {first.match!r} at {first.line}:{first.column}" if first.match else
                     f"reports at {first.line}:{first.column} ({first.message})")
            problem = found + more
        else:
            continue
        failures.append(ExampleFailure(rule.id, _shown_path(example.path), example.line,
                                       "match" if example.match else "no_match",
                                       example.text, problem))
    return failures


# --- the corpus -----------------------------------------------------------------------------

# A sampled match is a dict: the keys of JSON's MATCH (docs/trying.md), and, for this module
# only, "rank", "order" (the file's place in the corpus), "start" and "snippet" (the source
# line with the match underlined, for text output).
_PRIVATE = ("rank", "order", "start", "snippet")


def match_json(match: dict) -> dict:
    return {key: value for key, value in match.items() if key not in _PRIVATE}


class FileCounts:
    """What one file gave: its words, and per rule its findings (those that may be sampled)."""

    def __init__(self, path: str):
        self.path = path
        self.error: str | None = None
        self.bug = False
        self.traceback: str | None = None
        self.words = 0
        self.found: dict[str, int] = {}  # rule key -> findings
        self.compared: dict[str, list[int]] = {}  # tried id -> [same, new, gone]
        self.matches: list[tuple[str, dict]] = []  # (rule key, match), lowest ranks only


def sample_rank(seed: int, rule: str, path: str, start: int, match: str) -> bytes:
    """Where a finding stands in a seeded sample: the lowest ranks are the sample, the same on
    every run and for any number of jobs (``try`` and ``bench/false_positives.py`` draw theirs
    so)."""
    import hashlib

    return hashlib.sha256(f"{seed}\0{rule}\0{path}\0{start}\0{match}".encode(
        "utf-8", "surrogatepass")).digest()


def _match(rank: bytes, order: int, document, finding, width: int) -> dict:
    from newslint.formatters.full import snippet

    before, after = document.context(finding.start, finding.end, CONTEXT)
    text = document.source[finding.start:finding.end]
    return {"path": finding.path, "line": finding.line, "column": finding.column,
            "end_line": finding.end_line, "end_column": finding.end_column,
            "rule": finding.rule, "message": finding.message, "match": finding.match,
            "context": {"before": before, "text": text, "after": after},
            "rank": rank, "order": order, "start": finding.start,
            "snippet": snippet(finding, document.source, width, color=False)}


def _lowest(key: str, findings, order: int, document, args, width: int) -> list:
    """``(key, match)`` of the findings of lowest rank, at most ``--sample``: only these get
    their context drawn (a rule may find thousands in an archive)."""
    if not args.sample:
        return []
    ranked = sorted((sample_rank(args.seed, key, f.path, f.start, f.match), index, f)
                    for index, f in enumerate(findings))[:args.sample]
    return [(key, _match(rank, order, document, finding, width)) for rank, _, finding in ranked]


def count_file(path: str, order: int, tried: list[Tried], finder, args,
               width: int) -> FileCounts:
    """One file's words and findings of the tried rules and of the rules they replace
    (``width``: the terminal's, for the samples' source lines)."""
    from collections import Counter

    from newslint.config.ruleset import Ruleset
    from newslint.engine import lint
    from newslint.pipeline import read_document, read_file
    from newslint.runner import keep_file_errors

    result = FileCounts(path)
    found = {}

    def count() -> None:
        config = finder.for_file(path)
        document = read_document(path, read_file(path), config, args.input_format)
        result.words = document.word_count()
        found["document"] = document
        found["tried"] = lint(document, Ruleset("tried", None, [t.rule for t in tried]))
        replaced = {id(rule): rule for t in tried for rule in t.replaced}
        found["replaced"] = lint(document, Ruleset("in effect", None, list(replaced.values())))

    keep_file_errors(result, path, count)
    if result.error:
        return result
    document, tried_findings, replaced_findings = (found["document"], found["tried"],
                                                   found["replaced"])
    by_rule: dict[str, list] = {}
    for finding in tried_findings:
        by_rule.setdefault("tried:" + finding.rule, []).append(finding)
    for finding in replaced_findings:
        by_rule.setdefault("now:" + finding.rule, []).append(finding)
    for key, findings in by_rule.items():
        result.found[key] = len(findings)
        result.matches += _lowest(key, findings, order, document, args, width)
    for t in tried:
        if not t.replaced:
            continue
        mine = Counter((f.start, f.end) for f in by_rule.get("tried:" + t.rule.id, ()))
        theirs_findings = [f for rule in t.replaced for f in by_rule.get("now:" + rule.id, ())]
        theirs = Counter((f.start, f.end) for f in theirs_findings)
        same = sum((mine & theirs).values())
        gone_spans = theirs - mine
        result.compared[t.rule.id] = [same, sum(mine.values()) - same, sum(theirs.values()) - same]
        gone = []
        for finding in theirs_findings:  # the findings of the spans only they have
            if gone_spans[(finding.start, finding.end)] > 0:
                gone_spans[(finding.start, finding.end)] -= 1
                gone.append(finding)
        result.matches += _lowest("gone:" + t.rule.id, gone, order, document, args, width)
    return result


class Totals:
    def __init__(self):
        self.files = self.words = self.unreadable = 0
        self.found: dict[str, int] = {}  # rule key -> findings
        self.files_with: dict[str, int] = {}  # rule key -> files with a finding
        self.compared: dict[str, list[int]] = {}  # tried id -> [same, new, gone]
        self.matches: dict[str, list[dict]] = {}  # rule key -> lowest-ranked matches

    def add(self, counts: FileCounts, sample: int) -> None:
        self.files += 1
        self.words += counts.words
        for key, number in counts.found.items():
            self.found[key] = self.found.get(key, 0) + number
            self.files_with[key] = self.files_with.get(key, 0) + 1
        for rule_id, numbers in counts.compared.items():
            total = self.compared.setdefault(rule_id, [0, 0, 0])
            for index, number in enumerate(numbers):
                total[index] += number
        for key, match in counts.matches:
            kept = self.matches.setdefault(key, [])
            kept.append(match)
            if len(kept) > 2 * sample:  # sorted now and then, not at every match
                kept.sort(key=lambda m: m["rank"])
                del kept[sample:]

    def sample(self, key: str, size: int) -> list[dict]:
        chosen = sorted(self.matches.get(key, []), key=lambda m: m["rank"])[:size]
        return sorted(chosen, key=lambda m: (m["order"], m["start"], m["rule"]))


def run_corpus(files: list[str], tried: list[Tried], finder, args) -> tuple[Totals, int]:
    """The totals over the corpus, and the exit code its errors call for."""
    import shutil

    from newslint.formatters import printable
    from newslint.runner import default_jobs, run_files
    from newslint.terminal.progress import Progress

    order = {path: index for index, path in enumerate(files)}
    totals = Totals()
    progress = Progress(len(files), enabled=args.progress)
    code = EXIT_RAN
    width = shutil.get_terminal_size().columns - 4  # the samples are indented
    for counts in run_files(lambda path: count_file(path, order[path], tried, finder, args, width),
                            files, args.jobs or default_jobs()):
        progress.clear(progress.stream)
        if counts.error:
            sys.stderr.write(f"newslint: {printable(counts.error)}\n")
            if counts.traceback:
                sys.stderr.write(counts.traceback)
            totals.unreadable += 1
            code = max(code, EXIT_BUG if counts.bug else EXIT_ERROR)
        else:
            totals.add(counts, args.sample)
        progress.step()
    progress.clear(progress.stream)
    return totals, code


# --- the report -----------------------------------------------------------------------------

def _rate(findings: int, words: int) -> float | None:
    return round(findings * 10_000 / words, 2) if words else None


def _defined_at(path, line: int) -> dict:
    return {"file": _path(path), "line": line, "bundled": _bundled(path)}


def _rule_origin(rule) -> tuple[str, int]:
    path, _, line = rule.origin.rpartition(":")
    return path, int(line)


def report(rule_file: str, base: Baseline, tried: list[Tried], totals: Totals | None,
           failures: list[ExampleFailure], checked: int, args) -> dict:
    rules = []
    for t in tried if totals is not None else ():
        key = "tried:" + t.rule.id
        replaced = [{"id": rule.id, "defined_at": _defined_at(*_rule_origin(rule)),
                     "findings": totals.found.get("now:" + rule.id, 0),
                     "files": totals.files_with.get("now:" + rule.id, 0),
                     "per_10k_words": _rate(totals.found.get("now:" + rule.id, 0), totals.words)}
                    for rule in t.replaced]
        compared = totals.compared.get(t.rule.id, [0, 0, 0]) if t.replaced else None
        rules.append({
            "id": t.rule.id, "status": t.status, "kind": t.rule.kind,
            "severity": t.rule.severity, "defined_at": _defined_at(t.spec.path, t.spec.line),
            "findings": totals.found.get(key, 0), "files": totals.files_with.get(key, 0),
            "per_10k_words": _rate(totals.found.get(key, 0), totals.words),
            "replaces": replaced,
            "compared": (dict(zip(("same", "new", "gone"), compared, strict=True))
                         if compared is not None else None),
            "sample": totals.sample(key, args.sample),  # match_json() for JSON
            "gone_sample": totals.sample("gone:" + t.rule.id, args.sample),
        })
    return {
        "try_format": JSON_FORMAT_VERSION,
        "rule_file": rule_file,
        "against": base.name,
        "seed": args.seed,
        "examples": {"checked": checked, "failed": [
            {"rule": f.rule, "file": f.file, "line": f.line, "expected": f.expected,
             "text": f.text, "problem": f.problem} for f in failures]},
        "corpus": ({"files": totals.files, "words": totals.words,
                    "unreadable": totals.unreadable} if totals is not None else None),
        "rules": rules,
    }


def _number(value: int) -> str:
    return f"{value:,}"


def _counts(entry: dict) -> str:
    findings, files, rate = entry["findings"], entry["files"], entry["per_10k_words"]
    return (f"{'–' if rate is None else f'{rate:.2f}'} per 10,000 words: {_number(findings)} "
            f"finding{'' if findings == 1 else 's'} in {_number(files)} "
            f"file{'' if files == 1 else 's'}")


def _where(defined_at: dict) -> str:
    file = defined_at["file"]
    return f"{'bundled ' + Path(file).name if defined_at['bundled'] else file}:{defined_at['line']}"


def _sample_lines(matches: list[dict]) -> list[str]:
    from newslint.formatters import printable

    lines = []
    for m in matches:
        lines.append(f"    {printable(m['path'])}:{m['line']}:{m['column']}: "
                     f"{printable(m['message'])}")
        lines.extend("    " + line for line in m["snippet"].splitlines())
    return lines


def text(result: dict) -> str:
    """The report for people; samples as ``newslint check`` shows a finding in full."""
    lines = [f"Trying {result['rule_file']} against {result['against']}"]
    examples = result["examples"]
    if examples["checked"]:
        held = examples["checked"] - len(examples["failed"])
        lines.append(f"Examples: {held} of {examples['checked']} hold")
    corpus = result["corpus"]
    if corpus is None:
        lines.append("The corpus is read once every example holds.")
        return "\n".join(lines) + "\n"
    unreadable = f" ({_number(corpus['unreadable'])} unreadable)" if corpus["unreadable"] else ""
    lines.append(f"Corpus: {_number(corpus['files'])} file{'' if corpus['files'] == 1 else 's'}, "
                 f"{_number(corpus['words'])} words{unreadable}")
    for rule in result["rules"]:
        lines.append("")
        lines.append(f"{rule['id']} ({rule['status']}, {rule['kind']}, {rule['severity']}; "
                     f"{_where(rule['defined_at'])})")
        lines.append(f"  {_counts(rule)}")
        for replaced in rule["replaces"]:
            lines.append(f"  replaces {replaced['id']} ({_where(replaced['defined_at'])}): "
                         f"{_counts(replaced)}")
        compared = rule["compared"]
        if compared is not None:
            before = compared["same"] + compared["gone"]
            change = compared["new"] - compared["gone"]
            percent = f", {change * 100 / before:+.0f}%" if before else ""
            lines.append(f"  against what it replaces: {_number(compared['same'])} found by both, "
                         f"{_number(compared['new'])} new, {_number(compared['gone'])} no longer "
                         f"found ({f'{change:+,}{percent}' if change else 'no change'})")
        if rule["sample"]:
            lines.append(f"  sample ({len(rule['sample'])} of {_number(rule['findings'])}, "
                         f"seed {result['seed']}):")
            lines.extend(_sample_lines(rule["sample"]))
        if rule["gone_sample"]:
            lines.append(f"  no longer found ({len(rule['gone_sample'])} of "
                         f"{_number(compared['gone'])}, seed {result['seed']}):")
            lines.extend(_sample_lines(rule["gone_sample"]))
    return "\n".join(lines) + "\n"


# --- the command ----------------------------------------------------------------------------

def command_try(args) -> int:
    import os

    from newslint.config import ConfigFinder
    from newslint.errors import UsageError
    from newslint.files.discovery import discover
    from newslint.formatters import json_safe, printable

    if args.sample < 0:
        raise UsageError(f"--sample takes a number of matches, 0 or more, not {args.sample}")
    from newslint.runner import check_jobs

    check_jobs(args.jobs)
    if "-" in args.on:
        raise UsageError("--on takes files and folders: a corpus, not standard input")
    if args.input_format:
        from newslint.readers import check_input_format

        check_input_format(args.input_format)
    finder = ConfigFinder(None, args.against)
    selection = discover(args.on, finder, args.input_format)
    for note in selection.notes():
        sys.stderr.write(f"newslint: {printable(note)}\n")
    files = selection.files
    base = baseline(finder, files[0] if files else os.path.join(os.getcwd(), "article"),
                    args.against)
    specs = read_rule_file(Path(args.rule_file), base)
    tried = tried_rules(specs, base)
    if not tried:
        raise UsageError(f"nothing to try: every rule of {args.rule_file} that is on is the same "
                         f"as in {base.name}")
    failures = [failure for t in tried for failure in example_failures(t.spec, t.rule)]
    checked = sum(len(t.spec.examples) for t in tried)
    totals, code = None, EXIT_EXAMPLE_FAILS
    if not failures:
        totals, code = run_corpus(files, tried, finder, args)
        used = finder.describe_used()
        if args.against is None and len(used) > 1:
            sys.stderr.write(f"newslint: the files have {len(used)} configs; the rules tried "
                             f"replace those of {base.name}, the first file's\n")
    for failure in failures:
        sys.stderr.write(f"newslint: {failure}\n")
    result = report(args.rule_file, base, tried, totals, failures, checked, args)
    if args.format == "json":
        import json

        for rule in result["rules"]:
            for key in ("sample", "gone_sample"):
                rule[key] = [match_json(match) for match in rule[key]]
        sys.stdout.write(json_safe(json.dumps(result, ensure_ascii=False, indent=2)) + "\n")
    else:
        sys.stdout.write(text(result))
    return code
