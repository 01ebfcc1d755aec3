"""`make bench`: newslint against its peers and the floors, on the BBC News corpus, in one table.

Every figure is the median of several runs made in this one invocation (the `runs` column says
how many), taken in rounds (one run of each measurement per round), and ratios compare figures
from the same invocation only, so a busy spell on the machine slows both sides of a ratio alike.
Beside the wall-clock time each row has its CPU time (user and system, of the process and the
processes it waited for): on a machine that others share, the wall clock measures the others
too, and the CPU ratio of a target says more.
Peers and the corpus come from their registries into .cache/bench on first use; a peer that
cannot be had is named under the table and its rows are left out, never a crash.

    python -m bench.bench [--runs N] [--quick]
                          [--only newslint,textlint,proselint,floors,cold,audit]

No test asserts any of these timings: they are for people to read.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import peers
from bench.corpus import CACHE, CorpusUnavailable, bbc_articles, bbc_dir
from bench.names import corpus_words, generate_names, write_ruleset

GROUPS = ("newslint", "textlint", "proselint", "floors", "cold", "audit")
BIN = Path(sys.executable).parent
# The cold start of issue 7: one article, the default house style and text output, with the
# compiled-ruleset cache warm as a pre-commit user has it.
ONE_ARTICLE = Path(__file__).resolve().parent.parent / "fixtures" / "articles" / "seed-article.txt"

# The targets of issue 7: (row, the row it is divided by, the most the ratio may be).
TARGETS = [
    ("nl_house", "tl_20", 1.0),
    ("nl_house", "proselint", 0.15),
    # One process each: the dictionary's cost, not how the machine shares its cores.
    ("nl_20000", "nl_house_j1", 1.3),
    ("nl_one", "import", 3.0),
    ("nl_baseline", "nl_house", 1.1),  # issue 17
    # Issue 17: an audit costs little more than check's JSON, and Dask little more than local.
    ("nl_audit", "nl_house", 1.2),
    ("nl_audit_dask", "nl_audit", 1.5),
]
# What each newslint row is compared with: its peers, then its floor.
PEERS = {
    "nl_house": ["tl_20", "proselint"],
    "nl_job_20": ["tl_20"],
    "nl_job_2000": ["tl_2000"],
    "nl_2000": ["tl_2000"],
    "nl_20000": ["nl_house_j1"],
    "nl_one": ["tl_one"],
    "nl_baseline": ["nl_house"],
    "nl_audit": ["nl_house"],
    "nl_audit_dask": ["nl_audit"],
}
DISPLAY_ORDER = ["nl_house", "nl_baseline", "nl_house_j1", "nl_2000", "nl_20000", "nl_job_20",
                 "nl_job_2000", "nl_one", "nl_audit", "nl_audit_dask", "tl_20", "tl_2000",
                 "tl_one", "proselint", "read", "ac_2000", "re_2000", "import"]
FLOORS = {"nl_house": "read", "nl_2000": "ac_2000", "nl_20000": "ac_2000", "nl_one": "import"}


@dataclass
class Row:
    key: str
    label: str
    short: str  # how a ratio names this row
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # CPU seconds of each run
    missing: str = ""  # why it was not measured
    runs: int = 0  # how many runs are planned
    step: Callable[[], tuple[float, int | None]] | None = field(default=None, repr=False)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None


def run_once(argv: list[str], env: dict | None = None) -> tuple[float, int, int, str, float]:
    """Run argv with output discarded: (wall seconds, max RSS in KiB, exit code, stderr tail,
    CPU seconds)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=err, env=env)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be a high-water mark over all.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-400:].decode("utf-8", "replace").strip()
    return elapsed, usage.ru_maxrss, process.returncode, tail, usage.ru_utime + usage.ru_stime


class RunFailed(RuntimeError):
    pass


def command(row: Row, argv: list[str], runs: int, ok=(0, 1), env: dict | None = None) -> Row:
    """Plan ``runs`` runs of argv for ``row``; an exit code outside ``ok`` voids the row."""
    def step():
        elapsed, rss, code, tail, cpu = run_once(argv, env)
        if code not in ok:
            raise RunFailed(f"exit {code}: {tail.splitlines()[-1] if tail else 'no message'}")
        return elapsed, rss, cpu

    row.runs, row.step = runs, step
    return row


def call(row: Row, function, runs: int) -> Row:
    """Plan ``runs`` timed calls of ``function`` in this process for ``row``."""
    def step():
        start, cpu = time.perf_counter(), time.process_time()
        function()
        return time.perf_counter() - start, None, time.process_time() - cpu

    row.runs, row.step = runs, step
    return row


def measure(rows: list[Row]) -> None:
    """Run the planned rows in rounds, one run of each per round: a busy spell on the machine
    then slows the rows it overlaps alike, and the ratios between them hold."""
    rounds = max((row.runs for row in rows), default=0)
    for number in range(1, rounds + 1):
        active = [row for row in rows if not row.missing and len(row.times) < row.runs]
        print(f"  round {number}/{rounds}: {', '.join(row.key for row in active)}",
              file=sys.stderr, flush=True)
        for row in active:
            try:
                elapsed, rss, cpu = row.step()
            except RunFailed as error:
                row.times, row.rss_kb, row.cpu, row.missing = [], [], [], str(error)
                continue
            row.times.append(elapsed)
            row.cpu.append(cpu)
            if rss is not None:
                row.rss_kb.append(rss)


def floors(folder: Path, names: dict[str, str], runs: int, slow_runs: int) -> list[Row]:
    """What any checker of this corpus pays at least: reading it, and one pass for the names."""
    from newslint.analysis.matcher import Automaton

    paths = sorted(folder.glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in paths]

    def read_all():
        for path in sorted(folder.glob("*.txt")):
            path.read_bytes()

    # The automaton newslint's one pass runs on, with nothing else around it.
    automaton = Automaton((variant.lower(), variant) for variant in names)

    def aho_corasick():
        for text in texts:
            automaton.iter(text.lower())

    alternation = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")

    def regex():
        for text in texts:
            for _ in alternation.finditer(text):
                pass

    n = f"{len(names):,}"
    return [
        call(Row("read", f"floor: read {len(paths):,} files (Python, bytes)", "reading files"),
                     read_all, runs),
        call(Row("ac_2000", f"floor: one Aho-Corasick pass, {n} names", f"AC pass {n}"),
                     aho_corasick, runs),
        call(Row("re_2000", f"floor: plain re alternation, {n} names", f"re {n}"),
                     regex, slow_runs),
    ]


def newslint_flags() -> tuple[list[str], list[str]]:
    """Flags that keep runs comparable as the CLI grows, and notes saying so."""
    help_text = subprocess.run([str(BIN / "newslint"), "check", "--help"], capture_output=True,
                               text=True).stdout
    flags, notes = [], []
    if "--no-cache" in help_text:
        flags.append("--no-cache")
        notes.append("newslint runs with --no-cache (every run does the work)")
    if "--jobs" in help_text:
        notes.append("newslint runs with its default --jobs; the '--jobs 1' row is one process")
    return flags, notes


def cold_start(article: str, work: Path) -> tuple[list[str], dict, list[str]]:
    """The command, environment and notes of the cold-start row: ``newslint check ARTICLE`` as
    a pre-commit hook runs it — the default format, the rulesets compiled on an earlier run
    (a private cache folder, warmed here) and newslint's modules byte-compiled, as an install
    from a wheel has them (an editable install under PYTHONDONTWRITEBYTECODE has none)."""
    import compileall

    import newslint

    compileall.compile_dir(Path(newslint.__file__).parent, quiet=1)
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(work / "newslint-cache")}
    env.pop("NEWSLINT_NO_CACHE", None)
    argv = [str(BIN / "newslint"), "check", article]
    run_once(argv, env)  # compiles the rulesets into the cache
    return argv, env, [f"cold start: newslint check {Path(article).name} (text output), "
                       "rulesets cached by an earlier run, modules byte-compiled"]


def audit_command(folder: Path, *options: str) -> list[str]:
    """``newslint audit FOLDER`` into a new output folder each run (a finished audit in the
    same folder would be resumed, not redone), removed afterwards."""
    script = ('out=$(mktemp -d) && "$0" audit --no-progress "$@" --output "$out"; code=$?; '
              'rm -rf "$out"; exit $code')
    return ["sh", "-c", script, str(BIN / "newslint"), str(folder), *options]


def table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    """A plain-text table, columns padded to their widest cell; ``right`` columns align right."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(rows: dict[str, Row], key: str, other: str, cpu: bool = False) -> float | None:
    """The median of row ``key`` over that of row ``other`` (wall clock, or CPU time)."""
    a, b = rows.get(key), rows.get(other)
    if a is None or b is None:
        return None
    mine, theirs = (a.cpu_median, b.cpu_median) if cpu else (a.median, b.median)
    if mine is None or not theirs:
        return None
    return mine / theirs


def render(rows: dict[str, Row], runs_note: list[str]) -> str:
    body = []
    order = {key: i for i, key in enumerate(DISPLAY_ORDER)}
    for key, row in sorted(rows.items(), key=lambda item: order.get(item[0], len(order))):
        comparisons = [(other, ratio(rows, key, other)) for other in PEERS.get(key, [])]
        vs_peer = ", ".join(f"{r:.2f}x {rows[o].short}" if r is not None else f"n/a {o}"
                            for o, r in comparisons if o in rows)
        floor = FLOORS.get(key)
        floor_ratio = ratio(rows, key, floor) if floor else None
        vs_floor = f"{floor_ratio:.1f}x {rows[floor].short}" if floor_ratio is not None else ""
        verdicts = []
        for target_key, other, limit in TARGETS:
            if target_key != key:
                continue
            r = ratio(rows, key, other)
            verdict = "n/a" if r is None else ("PASS" if r <= limit else "FAIL")
            verdicts.append(f"≤{limit:g}x {verdict}")
        rss = (f"{max(row.rss_kb) / 1024:.0f} MB" if row.rss_kb
               else ("in-process" if row.times else ""))
        median = seconds(row.median) if row.times else f"missing: {row.missing}"
        cpu = seconds(row.cpu_median) if row.cpu else ""
        body.append([row.label, str(len(row.times)) if row.times else "", median, cpu, rss,
                     vs_peer, vs_floor, " · ".join(verdicts)])
    out = [table(["measurement", "runs", "median", "CPU", "max RSS", "vs peer", "vs floor",
                  "issue 7 target"], body, right={1, 2, 3, 4})]
    checked = [(k, o, lim, ratio(rows, k, o)) for k, o, lim in TARGETS if k in rows]
    passed = sum(1 for _, _, limit, r in checked if r is not None and r <= limit)
    unmeasured = sum(1 for *_, r in checked if r is None)
    out.append("")
    out.append(f"targets: {passed} of {len(checked)} pass"
               + (f" ({unmeasured} not measured)" if unmeasured else "")
               + "".join(f"\n  {rows[k].label} / {rows[o].short if o in rows else o}: "
                         f"{'n/a' if r is None else f'{r:.2f}x'} (target ≤ {lim:g}x)"
                         + _cpu_note(ratio(rows, k, o, cpu=True))
                         for k, o, lim, r in checked))
    out.extend(runs_note)
    return "\n".join(out)


def _cpu_note(cpu_ratio: float | None) -> str:
    return "" if cpu_ratio is None else f"; in CPU time {cpu_ratio:.2f}x"


_SPIN = ("import time; t = time.perf_counter(); sum(range(20_000_000)); "
         "print(time.perf_counter() - t)")


def parallel_throughput() -> float:
    """How much faster two CPU-bound processes finish than one after the other (2.0: two real
    cores; near 1.0: the cores are shared), so that the --jobs rows can be read."""
    alone = float(subprocess.run([sys.executable, "-c", _SPIN], capture_output=True,
                                 text=True).stdout)
    start = time.perf_counter()
    both = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.DEVNULL)
            for _ in range(2)]
    for process in both:
        process.wait()
    return 2 * alone / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5; slow "
                        "peers and the re floor get at most 3, the cold start 4x as many)")
    parser.add_argument("--quick", action="store_true", help="one run each: a smoke test")
    parser.add_argument("--only", default=",".join(GROUPS),
                        help=f"comma-separated groups to measure: {', '.join(GROUPS)}")
    args = parser.parse_args(argv)
    only = {g.strip() for g in args.only.split(",") if g.strip()}
    if only - set(GROUPS):
        parser.error(f"unknown group {sorted(only - set(GROUPS))[0]!r}; "
                     f"groups: {', '.join(GROUPS)}")
    runs = 1 if args.quick else max(1, args.runs)
    slow_runs = min(runs, 3)
    cold_runs = 5 if args.quick else 4 * runs

    print("preparing corpus and peers ...", file=sys.stderr, flush=True)
    try:
        folder = bbc_dir()
        texts = [text for _, text in bbc_articles()]
    except CorpusUnavailable as error:
        print(f"bench: no corpus, nothing measured: {error}", file=sys.stderr)
        return 2
    avoid = corpus_words(texts)
    work = CACHE / "work"
    names = {n: generate_names(n, avoid) for n in (20, 2000, 20000)}
    article = str(ONE_ARTICLE)
    notes = [f"corpus: {len(texts):,} BBC News articles, {sum(map(len, texts)) / 1e6:.1f} M "
             f"characters ({folder}); machine: {os.cpu_count()} cores, Python "
             f"{platform.python_version()}",
             f"runs: median of {runs} (textlint-prh 2,000 names, proselint, re floor: {slow_runs}; "
             f"cold starts: {cold_runs}); generated names: 8 occur in the corpus, the rest do not"]
    missing = []
    rows: dict[str, Row] = {}

    def keep(row: Row):
        rows[row.key] = row

    if "floors" in only:
        for row in floors(folder, names[2000], runs, slow_runs):
            keep(row)
    if "newslint" in only or "cold" in only:
        flags, flag_notes = newslint_flags()
        notes.extend(flag_notes)
        check = [str(BIN / "newslint"), "check", *flags, "--format", "json"]
    if "newslint" in only:
        notes.append(f"parallel throughput of this machine: two busy processes finish "
                     f"{parallel_throughput():.2f}x as fast as one after the other (2.00: two "
                     "free cores)")
        keep(command(Row("nl_house", "newslint, house style, corpus", "newslint house"),
                             [*check, str(folder)], runs))
        # Every finding of the corpus in the baseline: each is fingerprinted and held back.
        baseline = work / "bbc-baseline.json"
        work.mkdir(parents=True, exist_ok=True)
        run_once([str(BIN / "newslint"), "baseline", "--no-progress", "-o", str(baseline),
                  str(folder)])
        keep(command(Row("nl_baseline", "newslint, house style, corpus, --baseline of all its "
                         "findings", "newslint --baseline"),
                     [*check, "--baseline", str(baseline), str(folder)], runs))
        if any("--jobs" in n for n in notes):
            keep(command(Row("nl_house_j1", "newslint, house style, corpus, --jobs 1",
                                     "newslint --jobs 1"),
                                 [*check, "--jobs", "1", str(folder)], runs))
        for n in (2000, 20000):
            ruleset = write_ruleset(names[n], work, f"names-{n}")
            keep(command(Row(f"nl_{n}", f"newslint, house + {n:,} names, corpus, --jobs 1",
                                     f"newslint {n:,}"),
                                 [*check, "--jobs", "1", "--ruleset", str(ruleset), str(folder)],
                                 runs))
        # textlint-prh's job alone (the generated names, no house style), like for like.
        for n in (20, 2000):
            ruleset = write_ruleset(names[n], work, f"names-{n}")
            keep(command(Row(f"nl_job_{n}", f"newslint, only the {n:,} names, corpus, --jobs 1",
                             f"newslint {n:,} names only"),
                         [*check, "--jobs", "1", "--ruleset", str(ruleset), "--select",
                          "names.generated", str(folder)], runs))
    if "audit" in only:
        import importlib.util

        if importlib.util.find_spec("pyarrow") and importlib.util.find_spec("distributed"):
            if "nl_house" not in rows:
                flags, _ = newslint_flags()
                keep(command(Row("nl_house", "newslint, house style, corpus", "newslint house"),
                             [str(BIN / "newslint"), "check", *flags, "--format", "json",
                              str(folder)], runs))
            keep(command(Row("nl_audit", "newslint audit --engine local, corpus",
                             "audit local"), audit_command(folder), runs))
            keep(command(Row("nl_audit_dask", "newslint audit --engine dask, 2-worker "
                             "LocalCluster, corpus", "audit dask"),
                         audit_command(folder, "--engine", "dask", "--jobs", "2"), runs))
            notes.append("audit rows: a new output folder each run (Parquet, report.html); the "
                         "Dask row starts and stops its LocalCluster in each run")
        else:
            missing.append("audit: the archive extra is not installed (pip install "
                           "'newslint[archive]')")
    if "cold" in only:
        one, one_env, one_notes = cold_start(article, work)
        notes.extend(one_notes)
        keep(command(Row("nl_one", "newslint, one article (cold start)", "newslint one"),
                     one, cold_runs, env=one_env))
        keep(command(Row("import", 'python -c "import yaml, lxml.etree"',
                                 "import yaml, lxml"),
                             [sys.executable, "-c", "import yaml, lxml.etree"], cold_runs, ok=(0,)))
    if "textlint" in only:
        try:
            for n, n_runs in ((20, runs), (2000, slow_runs)):
                textlint = peers.textlint_command(names[n], work / f"prh-{n}")
                keep(command(Row(f"tl_{n}", f"textlint-prh, {n:,} names, corpus",
                                         f"textlint-prh {n:,}"), [*textlint, str(folder)], n_runs))
            if "cold" in only:
                keep(command(Row("tl_one", "textlint-prh, 20 names, one article",
                                         "textlint-prh one"),
                                     [*peers.textlint_command(names[20], work / "prh-20"), article],
                                     runs))
            versions = (f"textlint {peers.package_version(CACHE, 'textlint')} + "
                        f"textlint-rule-prh {peers.package_version(CACHE, 'textlint-rule-prh')}")
            notes.append(f"peers: {versions}")
        except peers.PeerUnavailable as error:
            missing.append(str(error))
    if "proselint" in only:
        try:
            keep(command(Row("proselint", "proselint 0.16 CLI, default checks, corpus",
                                     "proselint"),
                                 [*peers.proselint_command(), str(folder)], slow_runs))
        except peers.PeerUnavailable as error:
            missing.append(str(error))
    if missing:
        notes.append("missing peers: " + "; ".join(missing))
    measure(list(rows.values()))
    print(render(rows, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
