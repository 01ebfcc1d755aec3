"""Lines added or changed since a git revision, for ``--diff-base REV`` and ``--changed-only``.

The working tree is compared with the merge base of ``REV`` and ``HEAD`` (so copy that changed on
the target branch meanwhile is not blamed on this one), through ``git diff --unified=0``; files
git does not track yet are new, every line of them. A repository full of older copy then reports
only what a pull request touched.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from newslint.errors import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # an untracked file: every line is new


def _git(*args: str, cwd: Path | None = None) -> str:
    try:
        result = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd,
                                capture_output=True, text=True, encoding="utf-8", check=False)
    except FileNotFoundError:
        raise UsageError("--diff-base and --changed-only need git, which is not installed") from None
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[0] if message else result.returncode}")
    return result.stdout


def parse_diff(diff: str, root: Path) -> dict[Path, set[int]]:
    """Added lines per file (absolute paths) from ``git diff --unified=0`` output."""
    changed: dict[Path, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = None if target == "/dev/null" else changed.setdefault(
                (root / target.removeprefix("b/")).resolve(), set())
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                current.update(range(start, start + count))
    return changed


def changed_lines(base: str) -> dict[Path, set[int] | None]:
    """Lines changed in the working tree since ``base``: {file: line numbers, or ALL_LINES}."""
    try:
        root = Path(_git("rev-parse", "--show-toplevel").strip())
    except UsageError as error:
        raise UsageError(f"--diff-base and --changed-only work in a git repository ({error})") from None
    try:
        _git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", cwd=root)
    except UsageError:
        raise UsageError(f"--diff-base: unknown revision {base!r}") from None
    try:
        since = _git("merge-base", base, "HEAD", cwd=root).strip()
    except UsageError:  # unrelated histories: compare with the revision itself
        since = base
    diff = _git("diff", "--unified=0", "--no-color", "--no-ext-diff", "--diff-filter=AMRC",
                "--src-prefix=a/", "--dst-prefix=b/", since, "--", cwd=root)
    changed: dict[Path, set[int] | None] = dict(parse_diff(diff, root))
    for name in _git("ls-files", "--others", "--exclude-standard", "-z", cwd=root).split("\0"):
        if name:
            changed[(root / name).resolve()] = ALL_LINES
    return changed


def keep(findings, lines: set[int] | None):
    """The findings that touch a changed line."""
    if lines is ALL_LINES:
        return list(findings)
    return [f for f in findings if any(n in lines for n in range(f.line, f.end_line + 1))]
