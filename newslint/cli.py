"""The command line: ``newslint check | fix | baseline | show | init | rules | explain | try``.

Exit codes: 0 clean (or only findings below ``--fail-on``), 1 findings at or above it,
2 a usage, configuration or input error, 3 a bug in newslint (reported without a traceback
unless NEWSLINT_DEBUG is set).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 too, but says so in our voice
        self.print_usage(sys.stderr)
        sys.stderr.write(f"newslint: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _add_ruleset_arguments(parser):
    parser.add_argument("--ruleset", "-r", metavar="NAME|FILE",
                        help="bundled ruleset name (house, ap) or a ruleset file (default: the "
                             "config found from the current folder, else house)")


def _add_lint_arguments(parser):
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories to lint; '-' reads standard input (default: .)")
    _add_ruleset_arguments(parser)
    parser.add_argument("--format", "-f", metavar="FORMAT",
                        help="output format: text, json, sarif, github, junit, checkstyle, rdjson, "
                             "gitlab (default: text; github when GITHUB_ACTIONS is set)")
    parser.add_argument("--fail-on", default="warning", choices=("error", "warning", "suggestion"),
                        help="lowest severity that makes the exit code 1 (default: warning)")
    _add_run_over_files_arguments(parser)
    parser.add_argument("--stdin-filename", metavar="PATH",
                        help="the path to report (and guess the format from) for '-'")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--cache", action="store_true",
                        help="reuse the findings of files and rules that have not changed since a "
                             "previous run (for repeated pre-commit runs)")
    parser.add_argument("--statistics", action="store_true",
                        help="print files, findings by rule and time to stderr at the end")
    parser.add_argument("--output-format", choices=("full", "concise"),
                        help="layout of the text format: full (each finding with its source line, "
                             "the match underlined) or concise (a finding a line); default: full "
                             "on a terminal, else concise")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no summary line at the end of text output (findings are still "
                             "printed)")
    _add_pipeline_arguments(parser)


def _add_run_over_files_arguments(parser):
    """How a command that lints files reads them and which rules it runs (check, fix,
    baseline)."""
    parser.add_argument("--input-format", metavar="FORMAT",
                        help="read every file as this format instead of guessing from its "
                        "extension")
    _add_encoding_argument(parser)
    parser.add_argument("--select", action="append", metavar="RULE",
                        help="only these rules or families (repeatable, comma-separated)")
    parser.add_argument("--ignore", action="append", metavar="RULE",
                        help="skip these rules or families (repeatable, comma-separated)")
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="lint files in N processes (default: the number of CPUs)")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="no progress bar, even on a terminal")


def _add_encoding_argument(parser):
    parser.add_argument("--encoding", metavar="NAME", type=_encoding,
                        help="the encoding of files that are not UTF-8 and declare none (legacy "
                             "archives: cp1252, latin-1); default: the config's 'encoding'")


def _encoding(name: str) -> str:
    from newslint.readers import fallback_encoding

    try:
        return fallback_encoding(name)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_fix_arguments(parser):
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="also apply fixes that need judgement (e.g. Turkey -> Turkiye)")
    parser.add_argument("--diff", action="store_true",
                        help="print a unified diff of the fixes and write nothing")
    parser.add_argument("--interactive", action="store_true",
                        help="on a terminal, show each fix and ask whether to apply it: [a]pply, "
                             "[s]kip, [A]ll of its rule, [q]uit")


def build_parser() -> argparse.ArgumentParser:
    from newslint import __version__

    parser = _Parser(prog="newslint",
                     description="House-style and compliance linter for news articles.")
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint articles and report findings")
    _add_lint_arguments(check)
    check.add_argument("--fix", action="store_true",
                       help="apply safe fixes, as `newslint fix` does")
    _add_fix_arguments(check)

    fix = commands.add_parser("fix", help="apply safe fixes, then report what is left")
    _add_lint_arguments(fix)
    _add_fix_arguments(fix)

    init = commands.add_parser("init", help="write a commented starter .newslint.yaml")
    init.add_argument("path", nargs="?", default=".newslint.yaml", metavar="PATH")

    rules = commands.add_parser("rules", help="list the rules of a ruleset")
    _add_ruleset_arguments(rules)
    rules.add_argument("--format", "-f", default="text", choices=("text", "markdown"),
                       help="text: a table; markdown: the rule reference page (default: text)")
    rules.add_argument("--all", action="store_true",
                       help="every bundled ruleset (as docs/rules.md lists them)")

    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE", help="rule id (e.g. dates.format) or kind")
    _add_ruleset_arguments(explain)

    show = commands.add_parser("show", help="print how files were read: their parts and what "
                                            "was skipped (or, with --config, the configuration)")
    show.add_argument("paths", nargs="+", metavar="PATH", help="files or directories; '-' reads "
                                                              "standard input")
    show.add_argument("--format", "-f", default="text", choices=("text", "json"))
    show.add_argument("--config", dest="show_config", action="store_true",
                      help="print the effective configuration of each file instead of its parts")
    show.add_argument("--input-format", metavar="FORMAT",
                      help="read every file as this format instead of guessing from its extension")
    _add_encoding_argument(show)
    show.add_argument("--stdin-filename", metavar="PATH",
                      help="the path to report (and guess the format from) for '-'")
    _add_ruleset_arguments(show)

    from newslint.trying import add_parser as add_try  # light: it imports the rest when run

    add_try(commands)

    _add_baseline_command(commands)

    from newslint.audit import add_arguments as add_audit_arguments  # argparse only

    add_audit_arguments(commands.add_parser(
        "audit", help="lint an archive into Parquet tables and an HTML report (needs the "
                      "archive extra, docs/archives.md)"))

    commands.add_parser("lsp", help="run the language server (LSP over standard input and output) "
                                    "for editors; needs the lsp extra (docs/editors.md)")
    return parser


def _add_pipeline_arguments(check):
    """Options for content repositories: config, suppressions, changed lines."""
    check.set_defaults(ruleset=None)  # no --ruleset: the config found for each file decides
    check.add_argument("--config", metavar="FILE",
                       help="use this .newslint.yaml or pyproject.toml for every file instead of "
                            "finding one by walking up from each file")
    check.add_argument("--report-unused-suppressions", action="store_true",
                       help="report newslint-disable comments that silence nothing")
    check.add_argument("--diff-base", metavar="REV",
                       help="report only findings on lines added or changed since git revision REV")
    check.add_argument("--changed-only", action="store_true",
                       help="lint only files changed in the working tree (against HEAD, untracked "
                            "included) and report only their changed lines")
    check.add_argument("--baseline", metavar="FILE",
                       help="report only findings this baseline file does not hold (written by "
                            "`newslint baseline`; default: the config's 'baseline'); fix leaves "
                            "those findings as they are")
    check.add_argument("--no-baseline", dest="use_baselines", action="store_false",
                       help="use no baseline, not even the config's: report (and fix) every "
                            "finding")
    check.add_argument("--report-fixed-baseline", action="store_true",
                       help="list the baseline's findings that no longer occur (`newslint "
                            "baseline --prune` removes them)")


def _add_baseline_command(commands) -> None:
    baseline = commands.add_parser(
        "baseline", help="record the findings of articles as they are (published copy), so "
                         "that check reports only new ones")
    baseline.add_argument("paths", nargs="*", metavar="PATH",
                          help="files or directories (default: .)")
    baseline.add_argument("--output", "-o", metavar="FILE",
                          help="the baseline file to write (default: the config's 'baseline', "
                               "else .newslint-baseline.json)")
    baseline.add_argument("--prune", action="store_true",
                          help="only remove from the existing file the findings that no longer "
                               "occur (never add one)")
    _add_ruleset_arguments(baseline)
    baseline.set_defaults(ruleset=None, changed_only=False, stdin_filename=None)
    baseline.add_argument("--config", metavar="FILE",
                          help="use this .newslint.yaml or pyproject.toml for every file")
    _add_run_over_files_arguments(baseline)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def _changed_lines(args):
    """{file: changed lines} for --diff-base / --changed-only, or None to report everything."""
    if not (args.diff_base or args.changed_only):
        return None
    from newslint.files.gitdiff import changed_lines

    return changed_lines(args.diff_base or "HEAD")


def _files_to_lint(args, finder, changed):
    """The files to lint (``newslint.files.discovery``), with a note on stderr for each named one
    that is not read; ``--changed-only`` keeps the changed ones."""
    from newslint.files.discovery import discover
    from newslint.formatters import printable

    selection = discover(args.paths or ["."], finder, args.input_format)
    for note in selection.notes():
        sys.stderr.write(f"newslint: {printable(note)}\n")
    if args.changed_only:
        selection.keep(lambda f: f == "-" or Path(f).resolve() in changed)
    return selection


def _check_select_ignore(finder, files, stdin_filename, select, ignore) -> None:
    """A --select or --ignore naming no rule of any config of these files is a usage error,
    as it is in a config file (a typo would silently select nothing, or ignore nothing)."""
    if not select and not ignore:
        return
    from newslint.config import unknown_rule_message
    from newslint.errors import NewslintError, UsageError

    configs = {}
    for path in files or [os.path.join(os.getcwd(), "article")]:
        try:
            config = finder.for_file((stdin_filename or "-") if path == "-" else path)
        except NewslintError:  # a bad config: each of its files says so when it is linted
            continue
        configs[id(config)] = config
    rule_ids = set().union(*(config.rule_ids() for config in configs.values()))
    for option, names in (("--select", select), ("--ignore", ignore)):
        for name in names:
            message = unknown_rule_message(name, option, rule_ids)
            if message:
                raise UsageError(message)


def output_format(choice: str | None) -> str:
    if choice:
        return choice
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def command_check(args) -> int:
    from functools import partial

    from newslint.config import ConfigFinder
    from newslint.errors import UsageError
    from newslint.findings import SEVERITY_RANK
    from newslint.formatters import FORMATS, Report, Tally, get
    from newslint.pipeline import Pipeline, Settings
    from newslint.runner import FileResult, check_jobs, default_jobs, run_files
    from newslint.terminal.progress import Progress

    if args.output_format and args.format not in (None, "text"):
        raise UsageError(f"--output-format lays out the text format, not {args.format}")
    args.format = output_format(args.format)
    if args.format not in FORMATS:
        raise UsageError(f"unknown format {args.format!r}; formats: {', '.join(FORMATS)}")
    if args.input_format:
        from newslint.readers import check_input_format

        check_input_format(args.input_format)
    check_jobs(args.jobs)
    finder = ConfigFinder(args.config, args.ruleset)
    changed = _changed_lines(args)
    select, ignore = _split(args.select), _split(args.ignore)
    report = Report(color=_use_color(args.color, sys.stdout))
    # `check --unsafe-fixes` shows the unsafe fixes as available; only fix, --fix and --diff fix.
    fixing = args.command == "fix" or args.fix or args.diff
    review = _review(args, fixing, report.color) if args.interactive else None
    selection = _files_to_lint(args, finder, changed)
    files = selection.files
    _check_select_ignore(finder, files, args.stdin_filename, select, ignore)
    cache = None
    if args.cache and not fixing:
        from newslint.files.cache import cache_dir
        from newslint.runner import ResultsCache

        directory = cache_dir()
        if directory is not None:
            cache = ResultsCache(directory, repr((args.input_format, select, ignore,
                                                  args.report_unused_suppressions)))
    if args.baseline and not args.use_baselines:
        raise UsageError("--baseline and --no-baseline cannot be combined")
    steps = Pipeline(finder, Settings(args.input_format, args.encoding, args.stdin_filename,
                                      select, ignore, args.report_unused_suppressions, changed,
                                      args.baseline, args.use_baselines),
                     cache)
    _load_baselines(steps, files)
    any_changed = False

    def lint(path: str, result: FileResult) -> None:
        nonlocal any_changed
        outcome = steps.fix(path, args.unsafe_fixes, review) if fixing else steps.check(path)
        document, result.findings = outcome.document, outcome.findings
        if fixing:
            any_changed = _report_fix(path, outcome, args) or any_changed
            if args.diff:  # nothing written: the findings of the file as it is on disk
                document, result.findings = outcome.as_read, outcome.fixed.reported
        if outcome.baseline is not None:
            match = outcome.baseline
            result.baselined = match.baselined
            result.unmet = (match.baseline.shown, match.file_key, list(match.unmet.items()))
        result.tally = Tally.of(result.findings)
        if streaming and full_width:  # the source lines too, from the document
            if document is None:  # findings from the cache
                document = steps.read(path, outcome.config, outcome.data)[1]
            result.rendered = full.chunk(result.findings, report.color, document.source,
                                         full_width)
            result.findings = []
        elif streaming:
            result.rendered = formatter.chunk(result.findings, report.color)
            result.findings = []

    # Fixing standard input writes the text to stdout, so findings go to stderr.
    stream = sys.stderr if fixing and "-" in files else sys.stdout
    formatter = get(args.format)
    streaming = hasattr(formatter, "Writer")
    options = {"quiet": args.quiet} if args.format == "text" else {}
    writer = formatter.Writer(report, stream, **options) if streaming else None
    full_width = _full_layout_width(args, stream)
    if full_width:
        from newslint.formatters import full
    progress = Progress(len(files), enabled=args.progress and not fixing)
    jobs = 1 if fixing else (args.jobs or default_jobs())
    bugs = 0
    errors_shown = set()
    baselined, unmet = 0, {}
    for result in run_files(partial(_file_result, steps, lint), files, jobs):
        progress.clear(stream)
        if result.error:
            _say_file_error(result, errors_shown)
            report.files_failed += 1
            bugs += result.bug
        else:
            if writer is None:  # formats that describe the rules they cite (rules don't pickle)
                report.rules.update((r.id, r) for r in steps.ruleset(result.path).rules)
            report.files_checked += 1
            report.count(result.tally)
            baselined += result.baselined
            if result.unmet is not None:
                baseline_file, file_key, entries = result.unmet
                unmet.setdefault(baseline_file, {})[file_key] = entries
            if writer is not None and not (fixing and args.diff):  # the diff alone on stdout
                writer.add(result.rendered)
            else:
                report.findings.extend(result.findings)
        progress.step()
    progress.finish(report, args.statistics, finder.describe_used(),
                    selection.skipped_counts())
    fixed_baseline = _fixed_baseline(unmet) if unmet else {}
    if unmet and (args.statistics or progress.enabled):
        gone = sum(count for entries in fixed_baseline.values() for *_, count in entries)
        listed = " (--report-fixed-baseline lists them)" if gone else ""
        from newslint.formatters.text import _plural

        sys.stderr.write(f"  baseline: {_plural(baselined, 'finding')} held back; {gone} of its "
                         f"findings no longer occur{listed}\n")
    if not (fixing and args.diff):
        if writer is not None:
            writer.close()
        else:
            formatter.render(report, stream)
    if args.report_fixed_baseline:
        _list_fixed_baseline(fixed_baseline)
    if bugs:
        sys.stderr.write(f"newslint: {bugs} of {len(files)} files met an internal error.\n"
                         f"{_REPORT_IT}\n")
        return EXIT_BUG
    if report.files_failed:
        return EXIT_ERROR
    threshold = SEVERITY_RANK[args.fail_on]
    failing = any(SEVERITY_RANK[s] >= threshold for s, n in report.by_severity.items() if n)
    return EXIT_FINDINGS if failing or (args.diff and any_changed) else EXIT_CLEAN


def _file_result(steps, lint, path: str):
    """``lint(path, result)`` with every error of the file in its result, so that one bad file
    never stops the run."""
    from newslint.runner import FileResult, keep_file_errors

    result = FileResult(path)
    keep_file_errors(result, steps.shown(path), lambda: lint(path, result))
    return result


def _say_file_error(result, errors_shown: set) -> None:
    """A file's error on stderr, once: a bad config is every file's error."""
    from newslint.formatters import printable

    if result.error not in errors_shown:
        errors_shown.add(result.error)
        sys.stderr.write(f"newslint: {printable(result.error)}\n")
    if result.traceback:
        sys.stderr.write(result.traceback)


def _load_baselines(steps, files: list[str]) -> None:
    """Read the run's baselines before the workers fork, so that they inherit them:
    ``--baseline`` (a bad one stops the run with its error), else the configs' of the files'
    folders (a bad one is then the error of each of its files, said once)."""
    settings = steps.settings
    if not settings.use_baselines:
        return
    if settings.baseline:
        from newslint import baseline

        baseline.load(settings.baseline)
        return
    from newslint.errors import NewslintError

    for folder in dict.fromkeys(os.path.dirname(steps.shown(path)) for path in files):
        try:
            steps.baseline(steps.finder.for_file(os.path.join(folder, "article")))
        except NewslintError:
            continue


def _fixed_baseline(unmet: dict) -> dict[str, list]:
    """Per baseline file, its findings that no longer occur: (file, fingerprint, count), those
    of files that no longer exist too."""
    from newslint import baseline

    fixed = {}
    for baseline_file, files in unmet.items():
        found = baseline.load(baseline_file)
        entries = [(file_key, key, count) for file_key, items in files.items()
                   for key, count in items]
        entries += baseline.of_missing_files(found)
        if entries:
            fixed[found.shown] = sorted(entries)
    return fixed


def _list_fixed_baseline(fixed: dict[str, list]) -> None:
    from newslint.formatters import printable

    for baseline_file, entries in fixed.items():
        total = sum(count for *_, count in entries)
        noun, verb = ("finding", "occurs") if total == 1 else ("findings", "occur")
        lines = [(f"newslint: {baseline_file}: {total} {noun} of the baseline no longer {verb} "
                  "(`newslint baseline --prune` removes them):")]
        for file_key, (rule, part, match, before, after), count in entries:
            times = f" ×{count}" if count > 1 else ""
            lines.append(f'  {file_key}: {rule} "{match}" ({part or "file"}: '
                         f'"{before}{match}{after}"){times}')
        sys.stderr.write("".join(printable(line) + "\n" for line in lines))


def _full_layout_width(args, stream) -> int | None:
    """The terminal's width if the text format lays findings out in full, else None."""
    if args.format != "text":
        return None
    if (args.output_format or ("full" if stream.isatty() else "concise")) == "concise":
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _review(args, fixing: bool, color: bool):
    """The editor's review of each fix (--interactive), asked on the terminal."""
    from newslint.errors import UsageError

    if not fixing:
        raise UsageError("--interactive reviews fixes: use it with `newslint fix` "
                         "(or `check --fix`)")
    if args.diff:
        raise UsageError("--interactive applies the fixes it is told to; --diff applies none")
    if "-" in (args.paths or ()):
        raise UsageError("--interactive reads its answers from standard input, so it cannot "
                         "fix standard input")
    if not (sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("--interactive needs a terminal to ask on (standard input and output "
                         "are not both one); `newslint fix` without it applies every safe fix, "
                         "--diff shows them")
    import shutil

    from newslint.terminal.review import Review

    return Review(sys.stdin, sys.stdout, shutil.get_terminal_size().columns, color,
                  args.unsafe_fixes)


def _report_fix(path: str, outcome, args) -> bool:
    """Say what fixing one file (or standard input) did, and write it (or, with --diff, print
    the diff); whether the text changed."""
    from newslint.files.safe_write import encode_exactly, write_atomically
    from newslint.fixer import unified_diff
    from newslint.formatters import printable

    fixed, document, data = outcome.fixed, outcome.as_read, outcome.data
    shown = printable(path)
    if not fixed.settled and any(f.extra.get("more") for f in fixed.remaining):
        sys.stderr.write(f"newslint: {shown}: 10 rounds of fixes kept; more findings than a run "
                         "reports (1,000 per rule) remain: run newslint fix again\n")
    elif not fixed.settled:
        sys.stderr.write(f"newslint: {shown}: fixes did not settle after 10 rounds; "
                         "the last round was kept\n")
    changed = fixed.fixed != fixed.original
    if args.diff:
        if changed:
            sys.stdout.write(unified_diff(document.path, fixed.original, fixed.fixed))
        hidden = 0 if args.unsafe_fixes else sum(
            1 for f in fixed.reported if f.fix is not None and f.fix.applicability == "unsafe")
        if hidden:
            noun, pronoun = ("fix", "it") if hidden == 1 else ("fixes", "them")
            sys.stderr.write(f"newslint: {shown}: {hidden} unsafe {noun} not shown "
                             f"(--unsafe-fixes shows {pronoun})\n")
    elif path == "-":
        sys.stdout.buffer.write(
            encode_exactly(document.path, document, fixed.fixed, data) if changed else data)
        sys.stdout.flush()
    elif changed:
        write_atomically(path, encode_exactly(path, document, fixed.fixed, data), data)
        noun = "fix" if fixed.applied == 1 else "fixes"
        sys.stderr.write(f"newslint: {shown}: applied {fixed.applied} {noun}\n")
    return changed


def command_baseline(args) -> int:
    """Write the findings of the files as they are into the baseline file (with --prune: take
    from it the findings that no longer occur)."""
    from functools import partial

    from newslint import baseline
    from newslint.config import ConfigFinder
    from newslint.errors import UsageError
    from newslint.formatters import printable
    from newslint.pipeline import Pipeline, Settings
    from newslint.runner import check_jobs, default_jobs, run_files
    from newslint.terminal.progress import Progress

    if "-" in args.paths:
        raise UsageError("a baseline names the files it records, and standard input ('-') has "
                         "no name; give the files")
    check_jobs(args.jobs)
    finder = ConfigFinder(args.config, args.ruleset)
    output = args.output or _configured_baseline(finder) or baseline.DEFAULT_NAME
    previous = baseline.load(output) if args.prune else None
    folder = baseline.real_folder(os.path.dirname(output))
    files = _files_to_lint(args, finder, None).files
    select, ignore = _split(args.select), _split(args.ignore)
    _check_select_ignore(finder, files, None, select, ignore)
    steps = Pipeline(finder, Settings(args.input_format, args.encoding, None, select, ignore,
                                      use_baselines=False))

    def record(path: str, result) -> None:
        outcome = steps.check(path)
        result.fingerprints = (baseline.file_key(folder, path),
                               baseline.fingerprints(outcome.document, outcome.findings))

    progress = Progress(len(files), enabled=args.progress)
    found, rules_run, errors_shown = {}, {}, set()
    failed = bugs = 0
    for result in run_files(partial(_file_result, steps, record), files,
                            args.jobs or default_jobs()):
        progress.clear(sys.stderr)
        if result.error:
            _say_file_error(result, errors_shown)
            failed += 1
            bugs += result.bug
        else:
            file_key, prints = result.fingerprints
            baseline.counted(file_key, prints, found)
            if previous is not None:
                rules_run[file_key] = {rule.id for rule in steps.ruleset(result.path).rules}
        progress.step()
    progress.clear(sys.stderr)
    shown = printable(output)
    if failed:
        sys.stderr.write(f"newslint: {shown} not written: {failed} of {len(files)} files could "
                         "not be linted\n" + (f"{_REPORT_IT}\n" if bugs else ""))
        return EXIT_BUG if bugs else EXIT_ERROR
    from newslint.formatters.text import _plural

    if previous is not None:
        kept, removed = baseline.pruned(previous, found, rules_run)
        baseline.write(output, kept)
        left = sum(map(sum, (counts.values() for counts in kept.values())))
        sys.stdout.write(f"pruned {shown}: {_plural(removed, 'finding')} gone, {left} left\n")
    else:
        baseline.write(output, found)
        total = sum(map(sum, (counts.values() for counts in found.values())))
        with_findings = sum(1 for counts in found.values() if counts)
        sys.stdout.write(f"wrote {shown}: {_plural(total, 'finding')} in {with_findings} of "
                         f"{_plural(len(files), 'file')}\n")
    return EXIT_CLEAN


def _configured_baseline(finder) -> str | None:
    """The baseline file the config of the current folder names (or --config's)."""
    from newslint.baseline import shown_path

    config = finder.for_file(os.path.join(os.getcwd(), "article"))
    return shown_path(config.baseline) if config.baseline is not None else None


def command_rules(args) -> int:
    from newslint import rulesdoc

    sys.stdout.write(rulesdoc.rules_text(args.ruleset, args.all, args.format))
    return EXIT_CLEAN


def command_explain(args) -> int:
    from newslint import rulesdoc

    sys.stdout.write(rulesdoc.explain(args.rule, args.ruleset))
    return EXIT_CLEAN


def command_show(args) -> int:
    from functools import partial

    from newslint.config import ConfigFinder
    from newslint.errors import NewslintError
    from newslint.files.discovery import discover
    from newslint.pipeline import Pipeline, Settings
    from newslint.terminal import show

    finder = ConfigFinder(None, args.ruleset)
    steps = Pipeline(finder, Settings(args.input_format, args.encoding, args.stdin_filename))
    records, failed = [], False
    # --config shows a file the config leaves out with the config that does so.
    for entry in discover(args.paths, finder, args.input_format,
                          apply_config=not args.show_config).entries:
        path = entry.path
        if entry.skipped:
            records.append(show.not_read(path, entry.reason))
            continue
        shown = steps.shown(path)
        config = finder.for_file(shown)
        try:
            if args.show_config:
                records.append(show.config_record(shown, config, config.ruleset_for(shown)))
            else:
                _, document = steps.read(path, config)
                records.append(show.describe(document, partial(config.ruleset_for, shown)))
        except NewslintError as error:
            sys.stderr.write(f"newslint: {error}\n")
            failed = True
    if args.format == "json":
        sys.stdout.write(show.dumps(records))
    else:
        render = show.config_text if args.show_config else show.text
        sys.stdout.write("\n".join(render(record) for record in records))
    return EXIT_ERROR if failed else EXIT_CLEAN


def command_init(args) -> int:
    from newslint.config import write_starter

    write_starter(Path(args.path))
    sys.stdout.write(f"wrote {args.path}\n")
    return EXIT_CLEAN


def command_lsp(args) -> int:
    import importlib.util

    from newslint.errors import UsageError

    if importlib.util.find_spec("pygls") is None or importlib.util.find_spec("lsprotocol") is None:
        raise UsageError("the language server needs pygls and lsprotocol: install newslint with "
                         "its lsp extra, 'newslint[lsp] @ git+URL@TAG' (docs/editors.md), or "
                         "'pip install pygls lsprotocol' beside it")
    from newslint.lsp.server import main as serve  # only here: check never imports pygls

    return serve()


def command_try(args) -> int:
    from newslint.trying import command_try as run

    return run(args)


def command_audit(args) -> int:
    from newslint.audit import command

    return command(args)


COMMANDS = {"check": command_check, "fix": command_check, "baseline": command_baseline,
            "rules": command_rules,
            "explain": command_explain, "init": command_init, "show": command_show,
            "lsp": command_lsp, "try": command_try,
            "audit": command_audit}


_REPORT_IT = "Please report it with the file that caused it (NEWSLINT_DEBUG=1 shows the traceback)."


def main(argv: list[str] | None = None) -> int:
    """Run a command; its exit code. Standard output and error are guarded while it runs
    (``newslint.terminal.stdio``): a reader that goes away ends nothing, a failed write is
    exit 2."""
    if sys.stderr is None:  # started with standard error closed: messages go nowhere
        sys.stderr = open(os.devnull, "w")
    if sys.stdout is None:  # started with standard output closed (``>&-``)
        sys.stderr.write("newslint: cannot write to standard output: it is closed\n")
        return EXIT_ERROR
    from newslint.terminal.stdio import GuardedStream

    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err = GuardedStream(stdout), GuardedStream(stderr)
    try:
        try:
            code = _run(argv)
        except SystemExit as stop:  # argparse: --help, --version, a usage error
            code = EXIT_CLEAN if stop.code is None else stop.code
            raise SystemExit(_flushed(out, err, code)) from None
        return _flushed(out, err, code)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _flushed(out, err, code: int) -> int:
    """The exit code once the output is written: at least 2 if it could not be."""
    out.flush()
    if out.error is not None:
        err.write(f"newslint: cannot write to standard output: {out.error.strerror or out.error}\n")
        code = max(code, EXIT_ERROR)
    err.flush()
    return code


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    from newslint.errors import NewslintError

    try:
        return COMMANDS[args.command](args)
    except NewslintError as error:
        from newslint.formatters import printable

        sys.stderr.write(f"newslint: {printable(str(error))}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("newslint: interrupted\n")
        return 130
    except Exception as error:  # a bug: say so plainly; NEWSLINT_DEBUG shows the traceback
        if os.environ.get("NEWSLINT_DEBUG"):
            raise
        from newslint.runner import internal_error

        sys.stderr.write(f"newslint: {internal_error(error)}\n{_REPORT_IT}\n")
        return EXIT_BUG
