"""Fill in rule cases: each expected finding given by its start ("line:col") becomes the whole
finding the rule reports there (span, matched text, message), as tests/test_rule_cases.py reads it.

    .venv/bin/python tests/rule_cases/upgrade.py [CASE_FILE ...]           # default: every file
    .venv/bin/python tests/rule_cases/upgrade.py --rewrite house/style.dash.yaml

A case is filled in only where the rule finds exactly the starts the case gives (and the
message of its ``message`` key, which then goes): anything else is printed and left as it is,
for the case's author to settle. ``--rewrite`` writes every failing case's findings as the rule
reports them now, starts included, after a deliberate change to messages or spans (as
tests/golden.py does for goldens): read the diff before committing it. Never run by the tests.

The file is edited in place, only the lines of ``expect`` and ``message``; comments, order and
the layout of everything else stay.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/, as pytest has it
cases = __import__("test_rule_cases")  # the test's own loader, reading and description of findings


def scalar(value: str) -> str:
    """``value`` as one line of YAML: plain where YAML allows, else quoted."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9)
    dumped = dumped.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in dumped:  # a line break in the value: escaped in double quotes
        dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9,
                                default_style='"').removesuffix("\n")
    return dumped


def expect_block(findings: list, indent: str) -> str:
    lines = [f"{indent}expect:"]
    for finding in findings:
        item = cases.described(finding)
        lines.append(f'{indent}  - at: "{item["at"]}"')
        lines.append(f"{indent}    match: {scalar(item['match'])}")
        lines.append(f"{indent}    message: {scalar(item['message'])}")
    return "\n".join(lines)


def _last_end(node) -> int:
    """Where the text of a node ends (a block collection's own end mark lies at the next token)."""
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_end(node.value[-1])
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _last_end(node.value[-1][1])
    return node.end_mark.index


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def upgrade_file(path: Path, rewrite: bool) -> tuple[int, list[str]]:
    """Fill in (or with ``rewrite`` write again) the cases of one file: the number of cases
    written, and what could not be."""
    text = path.read_text(encoding="utf-8")
    ruleset, rule = path.parent.name, path.stem
    root = yaml.compose(text)
    cases_node = next(value for key, value in root.value if key.value == "cases")
    edits, problems = [], []
    for case_node, case in zip(cases_node.value, yaml.safe_load(text)["cases"], strict=True):
        expected = case.get("expect")
        if not expected:
            continue
        whole = all(isinstance(item, dict) for item in expected) and "message" not in case
        if whole and not rewrite:
            continue
        findings = cases.rule_findings(case["text"], rule, cases.case_options(ruleset, rule, case))
        if not rewrite:
            if cases.as_expected(expected, findings) != expected or (
                    "message" in case and findings[0].message != case["message"]):
                problems.append(f"{path.relative_to(cases.CASES_DIR)}::{case['name']}: expected "
                                f"{expected!r} (message {case.get('message')!r}), the rule reports "
                                f"{[cases.described(f) for f in findings]!r}")
                continue
        elif not findings:
            problems.append(f"{path.relative_to(cases.CASES_DIR)}::{case['name']}: no finding now")
            continue
        keys = {key.value: (key, value) for key, value in case_node.value}
        key, value = keys["expect"]
        start = _line_start(text, key.start_mark.index)
        indent = text[start:key.start_mark.index]
        edits.append((start, _last_end(value), expect_block(findings, indent)))
        if "message" in keys:
            key, value = keys["message"]
            start = _line_start(text, key.start_mark.index)
            end = _last_end(value)
            end = end + 1 if text[end:end + 1] == "\n" else end
            edits.append((start, end, ""))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if edits:
        path.write_text(text, encoding="utf-8")
    return sum(1 for edit in edits if edit[2]), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path,
                        help="case files (default: every tests/rule_cases/*/*.yaml)")
    parser.add_argument("--rewrite", action="store_true",
                        help="write every failing case's findings as the rule reports them now")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.files] or sorted(cases.CASES_DIR.glob("*/*.yaml"))
    written, problems = 0, []
    for path in paths:
        count, found = upgrade_file(path, args.rewrite)
        written += count
        problems += found
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{written} cases written, {len(problems)} left as they are")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
