"""Where the time goes: each rule's share of a lint over the BBC News corpus (for people to read).

    python bench/rule_times.py [--ruleset house] [--top 15]

Reads every article once and lints it with the engine as ``check`` does (segment by segment,
gated rules only where the one pass over the segment says), timing in CPU time (robust to a
busy machine) each call of a rule; what is left of the engine's time is the pass, the
quotation filter and resolving positions. Single process, no caches.
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
from newslint.config.ruleset import load_ruleset  # noqa: E402
from newslint.engine import lint  # noqa: E402
from newslint.readers import read  # noqa: E402


def timed(times: Counter, rule, method: str):
    """Replace the rule's ``method`` on the instance with one that counts its time to the rule.
    The violations are made in full inside the count, the engine's work on them outside it."""
    original = getattr(rule, method)

    def run(*arguments):
        began = time.process_time()
        violations = list(original(*arguments))
        times[rule.id] += time.process_time() - began
        return violations

    setattr(rule, method, run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ruleset", default="house")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    ruleset = load_ruleset(args.ruleset)
    times: Counter[str] = Counter()
    for rule in ruleset.rules:
        timed(times, rule, "check_segment")
        timed(times, rule, "check")
    engine = 0.0
    # Articles are read one at a time, as the runner reads them: a list of every parsed
    # document would make the garbage collector's work, and so every rule, look slower.
    for name, text in bbc_articles(CACHE):
        began = time.process_time()
        document = read(text.encode("utf-8"), name, "txt")
        read_at = time.process_time()
        times["(read)"] += read_at - began
        lint(document, ruleset)
        engine += time.process_time() - read_at
    times["(engine: pass, quotes, resolve)"] = engine - sum(
        seconds for rule_id, seconds in times.items() if not rule_id.startswith("("))
    total = sum(times.values())
    print(f"{'rule':32} {'seconds':>8} {'share':>6}")
    for rule_id, seconds in times.most_common(args.top):
        print(f"{rule_id:32} {seconds:8.3f} {seconds / total:6.1%}")
    print(f"{'total':32} {total:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
