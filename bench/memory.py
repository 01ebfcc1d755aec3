"""Memory over a stream of articles: does newslint's resident memory stay flat?

Lints the BBC corpus over and over (each pass with the article names changed, so nothing is
reused by name) through the same path as `newslint check --format json` — read, lint,
suppressions, the streaming JSON writer into /dev/null — and prints resident memory after
each checkpoint. Flat means no cache or list grows with the number of articles.

    python bench/memory.py --articles 100000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: `bench` is importable only from the checkout

from bench.corpus import bbc_articles  # noqa: E402


def resident_mb() -> float:
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--ruleset", default="house")
    args = parser.parse_args(argv)

    from newslint.config.ruleset import load_ruleset
    from newslint.engine import lint
    from newslint.formatters import Report, Tally
    from newslint.formatters.json_ import Writer, chunk
    from newslint.readers import read

    corpus = [(name, text.encode("utf-8")) for name, text in bbc_articles()]
    ruleset = load_ruleset(args.ruleset)
    report = Report()
    checkpoints = sorted({1000, args.articles // 10, args.articles // 4, args.articles // 2,
                          args.articles})
    started = time.monotonic()
    print(f"{'articles':>9} {'findings':>9} {'RSS MB':>8} {'seconds':>8}")
    with open(os.devnull, "w", encoding="utf-8") as sink:
        writer = Writer(report, sink)
        for index in range(1, args.articles + 1):
            name, data = corpus[index % len(corpus)]
            findings = lint(read(data, f"pass{index // len(corpus)}/{name}", "txt"), ruleset)
            report.count(Tally.of(findings))
            writer.add(chunk(findings))
            if index in checkpoints:
                print(f"{index:9d} {report.total:9d} {resident_mb():8.1f} "
                      f"{time.monotonic() - started:8.1f}", flush=True)
        writer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
