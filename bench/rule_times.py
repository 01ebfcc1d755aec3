"""Where the time goes: each rule's share of a lint over the BBC News corpus (for people to read).

    python bench/rule_times.py [--ruleset house] [--top 15]

Reads every article once, then times (CPU time, robust to a busy machine) ``rule.check`` per rule
(and the quotation filter and position resolving that the engine adds) over the whole corpus,
single process, no caches.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: `bench` is importable only from the checkout

from bench.corpus import CACHE, bbc_articles  # noqa: E402
from newslint.engine import resolve  # noqa: E402
from newslint.quotes import in_quotation  # noqa: E402
from newslint.readers import read  # noqa: E402
from newslint.ruleset import load_ruleset  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ruleset", default="house")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    ruleset = load_ruleset(args.ruleset)
    times: Counter[str] = Counter()
    # Articles are read one at a time, as the runner reads them: a list of every parsed
    # document would make the garbage collector's work, and so every rule, look slower.
    for name, text in bbc_articles(CACHE):
        began = time.process_time()
        document = read(text.encode("utf-8"), name, "txt")
        times["(read)"] += time.process_time() - began
        for rule in ruleset.rules:
            began = time.process_time()
            violations = list(rule.check(document))
            checked = time.process_time()
            times[rule.id] += checked - began
            for violation in violations:
                if not rule.applies_in_quotes and in_quotation(
                        document, violation.segment, violation.start, violation.end):
                    continue
                resolve(document, rule, violation)
            times["(quotes+resolve)"] += time.process_time() - checked
    total = sum(times.values())
    print(f"{'rule':32} {'seconds':>8} {'share':>6}")
    for rule_id, seconds in times.most_common(args.top):
        print(f"{rule_id:32} {seconds:8.3f} {seconds / total:6.1%}")
    print(f"{'total':32} {total:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
