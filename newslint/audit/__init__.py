"""``newslint audit PATH… --output DIR``: where an archive stands against the stylebook.

Lints every article under the paths (folders, articles, tar and zip archives: ``inputs``) and
writes ``DIR/findings.parquet`` (a row per finding, with the article's metadata),
``DIR/articles.parquet`` (a row per article, with its word count, so that rates count the
articles without findings) and ``DIR/report.html`` (``report``). Articles go in batches; each
batch's rows are written as a part (``parquet``) as soon as it is done, so an interrupted
audit resumes where it stopped and memory stays flat however large the archive.

Linting runs here in the process pool ``check`` uses (``--engine local``), or on Dask
(``--engine dask``): ``engines``. pyarrow and Dask (the ``archive`` extra) are imported by
this command only.
"""

from __future__ import annotations

import sys
from pathlib import Path

BATCH_SIZE = 1000  # articles per part
BATCH_BYTES = 64_000_000  # bytes of articles read into memory for one batch, at most


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="folders, articles, and tar or zip archives of articles")
    parser.add_argument("--output", "-o", required=True, metavar="DIR",
                        help="the folder for findings.parquet, articles.parquet, report.html "
                             "and the parts of an unfinished audit")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local: processes on this machine (default); dask: a Dask "
                             "cluster (--scheduler, or a LocalCluster on this machine)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="the Dask scheduler to run on (tcp://host:8786); with --engine dask")
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="processes (local), or workers of the LocalCluster (dask) "
                             "(default: the number of CPUs)")
    parser.add_argument("--ruleset", "-r", metavar="NAME|FILE",
                        help="bundled ruleset name (house, ap) or a ruleset file (default: the "
                             "config found for each article, else house)")
    parser.add_argument("--config", metavar="FILE",
                        help="use this .newslint.yaml or pyproject.toml for every article")
    parser.add_argument("--input-format", metavar="FORMAT",
                        help="read every article as this format instead of guessing from its "
                             "extension")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, metavar="N",
                        help=f"articles per part written (default {BATCH_SIZE:,})")
    parser.add_argument("--seed", type=int, default=0, metavar="N",
                        help="which findings the report samples as contexts (default 0)")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="no progress bar, even on a terminal")


def command(args) -> int:
    from newslint.errors import UsageError

    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler names a Dask scheduler: use it with --engine dask")
    from newslint.runner import check_jobs

    check_jobs(args.jobs)
    if args.batch_size < 1:
        raise UsageError(f"--batch-size takes a number of articles, 1 or more, not "
                         f"{args.batch_size}")
    if args.input_format:
        from newslint.readers import check_input_format

        check_input_format(args.input_format)
    _require_extra(args.engine)
    output = _output_folder(args.output)
    from newslint.audit import engines
    from newslint.audit.inputs import Inputs
    from newslint.config import ConfigFinder
    from newslint.formatters import printable
    from newslint.runner import default_jobs

    jobs = args.jobs or default_jobs()
    # First, so that a cluster starts while the inputs are listed and the rules compiled.
    engine = (engines.DaskEngine(args.scheduler, jobs, args.input_format)
              if args.engine == "dask" else engines.LocalEngine(jobs, args.input_format))
    try:
        finder = ConfigFinder(args.config, args.ruleset)
        inputs = Inputs(args.paths, finder, args.input_format, args.output)
        for note in inputs.notes:
            sys.stderr.write(f"newslint: {printable(note)}\n")
        return _Audit(args, finder, inputs, output).run(engine)
    finally:
        engine.close()


def _require_extra(engine: str) -> None:
    import importlib.util

    from newslint.errors import UsageError

    needed = ["pyarrow"] + (["distributed"] if engine == "dask" else [])
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(f"audit needs {' and '.join(missing)}: pip install 'newslint[archive]'")


def _output_folder(name: str) -> Path:
    from newslint.errors import UsageError

    output = Path(name)
    if output.exists() and not output.is_dir():
        raise UsageError(f"--output {name}: a file is there; the output is a folder")
    try:
        output.mkdir(parents=True, exist_ok=True)
        (output / "parts").mkdir(exist_ok=True)
    except OSError as error:
        raise UsageError(f"--output {name}: cannot create the folder: "
                         f"{error.strerror or error}") from None
    return output


class _Audit:
    def __init__(self, args, finder, inputs, output: Path):
        self.args, self.finder, self.inputs, self.output = args, finder, inputs, output
        self.errors_shown = 0
        self.batches_done = 0

    def run(self, engine) -> int:
        import hashlib
        import time

        from newslint.audit import parquet
        from newslint.terminal.progress import Progress

        started = time.monotonic()
        args = self.args
        import pyarrow

        # Arrow's own allocators keep what a table freed for the next one, so the process
        # would end the audit as large as its largest read; the system's gives it back.
        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
        progress = Progress(self.inputs.count() if self._counting() else 0,
                            enabled=args.progress, unit="articles")
        self.parts = parquet.Parts(self.output)
        self.base = hashlib.sha256(repr((parquet.code_hash(), args.input_format))
                                   .encode()).hexdigest()
        try:
            batches = self._batches(progress)
            for batch, results in engine.run(batches, lambda n: _steps(progress, n)):
                articles = [article for article, _ in results]
                findings = [row for _, rows in results for row in rows]
                self.parts.write(batch.number, batch.key, articles, findings)
                progress.clear(sys.stderr)
                self._show_errors(articles)
            count = self.batch_count
        except KeyboardInterrupt:
            progress.clear(sys.stderr)
            sys.stderr.write(f"newslint: audit interrupted; finished batches are kept in "
                             f"{self.parts.folder}: run the same command to resume\n")
            raise
        engine.close(wait=False)  # while the tables and the report are made
        progress.clear(sys.stderr)
        self.parts.merge(count, self.output)
        from newslint.audit.report import write_report

        summary = write_report(self.output, args.seed, _rules_used())
        return self._close(summary, time.monotonic() - started)

    def _counting(self) -> bool:
        import os

        return (self.args.progress and sys.stderr.isatty()
                and os.environ.get("TERM") != "dumb")

    def _batches(self, progress):
        """The batches still to do, each with its tasks' bytes read; a finished batch of the
        same key is passed over (its progress counted)."""
        from newslint.audit import parquet
        from newslint.audit.engines import Batch
        from newslint.audit.inputs import failing
        from newslint.audit.lint import config_ref, remember, ruleset_version
        from newslint.errors import NewslintError

        number, sources, size = 0, [], 0

        def close():
            nonlocal number, sources, size
            key = parquet.batch_key(self.base, [(s.path, s.size, s.mtime, v)
                                                for s, _, v in sources])
            batch = None
            if self.parts.done(number, key):
                self.batches_done += 1
                progress.pass_over(len(sources))
            else:
                batch = Batch(number, key, [(s.path, _load(s), ref, v) for s, ref, v in sources])
            number, sources, size = number + 1, [], 0
            return batch

        for source in self.inputs:
            try:
                config = self.finder.for_file(source.path)
                ref = config_ref(config, self.args.ruleset)
                remember(ref, config)
                version = ruleset_version(config.ruleset_for(source.path))
            except NewslintError as error:  # a bad config: every article under it says so
                ref, version = "", None
                source.load = failing(error)
            full = len(sources) == self.args.batch_size or size + source.size > BATCH_BYTES
            if sources and full:
                batch = close()
                if batch is not None:
                    yield batch
            sources.append((source, ref, version))
            size += source.size
        if sources:
            batch = close()
            if batch is not None:
                yield batch
        self.batch_count = number

    def _show_errors(self, articles) -> None:
        """Name the first articles that could not be linted (the rest are counted at the end)."""
        from newslint.audit.parquet import ARTICLES
        from newslint.formatters import printable

        error = ARTICLES.get_field_index("error")
        for article in articles:
            if article[error] and self.errors_shown < 20:
                sys.stderr.write(f"newslint: {printable(article[error])}\n")
                self.errors_shown += 1

    def _close(self, summary, elapsed: float) -> int:
        from newslint.formatters import printable

        write = sys.stderr.write
        if summary.unreadable > self.errors_shown:
            write(f"newslint: {summary.unreadable:,} articles could not be linted "
                  f"(articles.parquet says why, in its error column)\n")
        resumed = (f", {self.batches_done:,} batches from an earlier run"
                   if self.batches_done else "")
        write(f"newslint: audited {summary.articles:,} articles ({summary.words:,} words) in "
              f"{elapsed:.1f} s{resumed}: {summary.findings:,} findings; "
              f"{printable(str(self.output / 'report.html'))}\n")
        if summary.internal_errors:
            write("newslint: some articles met an internal error. Please report it with the "
                  "file that caused it (NEWSLINT_DEBUG=1 shows the traceback).\n")
            return 3
        if summary.unreadable:
            return 2
        return 1 if summary.failing else 0


def _rules_used() -> dict:
    """Rule id -> (kind, summary) for the rules of the rulesets this audit used."""
    from newslint.audit.lint import _VERSIONS
    from newslint.rulesdoc import summary

    return {rule.id: (rule.kind, summary(rule))
            for ruleset, _ in _VERSIONS.values() for rule in ruleset.rules}


def _steps(progress, count: int) -> None:
    for _ in range(count):
        progress.step()


def _load(source):
    try:
        return source.load()
    except Exception as error:  # the article's row says why; the audit goes on
        return error
