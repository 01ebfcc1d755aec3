"""Whether a change to the engine or the layout left every finding as it was, byte for byte.

    python -m bench.same_findings record BEFORE.json   # before the change
    python -m bench.same_findings compare BEFORE.json  # after each step: exit 1 on a difference

Runs ``newslint check --format json`` (fixes included) on the BBC News corpus with each bundled
ruleset that reads English copy, and on the fixtures as a user runs it (their configs found by
walking up) and with each bundled ruleset, and keeps the raw output of each run. ``compare``
names each run whose output differs and the first findings that differ. Keep BEFORE outside the
checkout: it is what the code produced before, not something to commit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench.corpus import bbc_dir

ROOT = Path(__file__).resolve().parent.parent
NEWSLINT = Path(sys.executable).parent / "newslint"
RULESETS = ("house", "ap", "proselint", "wire-delivery")


def runs() -> dict[str, list[str]]:
    """Each run's name and the arguments given to ``newslint check --format json``."""
    corpus, fixtures = str(bbc_dir()), str(ROOT / "fixtures")
    planned = {f"bbc/{name}": ["--ruleset", name, corpus] for name in RULESETS[:3]}
    planned["fixtures/config"] = [fixtures]
    planned.update({f"fixtures/{name}": ["--ruleset", name, fixtures] for name in RULESETS})
    return planned


def findings(arguments: list[str]) -> str:
    result = subprocess.run([str(NEWSLINT), "check", "--format", "json", "--no-progress",
                             *arguments], capture_output=True, text=True, cwd=ROOT,
                            check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"newslint check {' '.join(arguments)}: exit {result.returncode}\n"
                         f"{result.stderr[-2000:]}")
    # Paths relative to the checkout: a worktree's findings compare with the main checkout's.
    return result.stdout.replace(f'"{ROOT}/', '"')


def record(path: Path) -> int:
    outputs = {name: findings(arguments) for name, arguments in runs().items()}
    path.write_text(json.dumps(outputs), encoding="utf-8")
    for name, output in outputs.items():
        print(f"{name}: {len(json.loads(output))} findings")
    return 0


def compare(path: Path, shown: int = 5) -> int:
    before = json.loads(path.read_text(encoding="utf-8"))
    differ = 0
    for name, arguments in runs().items():
        output = findings(arguments)
        old = before.get(name)
        if old is None:
            print(f"{name}: not recorded")
            continue
        if output == old:
            print(f"{name}: identical ({len(json.loads(output))} findings)")
            continue
        differ += 1
        old_lines = [json.dumps(f, sort_keys=True) for f in json.loads(old)]
        new_lines = [json.dumps(f, sort_keys=True) for f in json.loads(output)]
        gone = [line for line in old_lines if line not in set(new_lines)]
        new = [line for line in new_lines if line not in set(old_lines)]
        print(f"{name}: DIFFERENT ({len(old_lines)} findings before, {len(new_lines)} now; "
              f"{len(gone)} gone, {len(new)} new)")
        for line in gone[:shown]:
            print(f"  - {line}")
        for line in new[:shown]:
            print(f"  + {line}")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("file", type=Path, help="the recorded findings (keep it outside the "
                        "checkout)")
    args = parser.parse_args(argv)
    return record(args.file) if args.action == "record" else compare(args.file)


if __name__ == "__main__":
    sys.exit(main())
