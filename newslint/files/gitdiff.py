"""Lines added or changed since a git revision, for ``--diff-base REV`` and ``--changed-only``.

The working tree is compared with the merge base of ``REV`` and ``HEAD`` (so copy that changed on
the target branch meanwhile is not blamed on this one), through ``git diff --unified=0``; files
git does not track yet are new, every line of them. A repository full of older copy then reports
only what a pull request touched.

File names are never read from the patch text, where git quotes and escapes them (quotes, tabs,
newlines, bytes above 127, a tab after names with spaces): one ``git diff -z --raw --patch`` lists
the files NUL-separated, byte for byte, and then their patches in the same order, one
``diff --git`` section each; only the hunk headers are read from the patch. Names are bytes,
decoded as Python decodes file names (``os.fsdecode``), so a name that is not UTF-8 still
matches the path the directory walk found.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from newslint.errors import UsageError

_HUNK = re.compile(rb"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # an untracked file, or one git diffs as binary: every line counts as new

# What a user's git configuration could otherwise change about the diff: external diff
# programs and text conversion (other lines than the file's), hunks fused over unchanged lines,
# and stat-only changes listed without a patch section. Not --text: a pull request's images
# would come back as megabytes of patch; a file git takes for binary has every line new.
_DIFF = ("diff", "-z", "--raw", "--patch", "--unified=0", "--inter-hunk-context=0", "--no-color",
         "--no-ext-diff", "--no-textconv", "--diff-filter=AMRC")


def _git(*args: str, cwd: Path | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-c", "diff.autoRefreshIndex=true", *args], cwd=cwd,
                                capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--diff-base and --changed-only need git, which is not "
                         "installed") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[0] if message else result.returncode}")
    return result.stdout


def _raw_names(output: bytes) -> tuple[list[bytes], int]:
    """The new name of each file in ``--raw -z`` output, and where the patch text starts.

    A record is ``:<modes> <ids> <status>\\0<path>\\0``; a rename or copy (status R or C)
    has the old path, then the new one.
    """
    names = []
    position = 0
    while output.startswith(b":", position):
        end = output.index(b"\0", position)
        status = output[position:end].rsplit(b" ", 1)[-1][:1]
        if status in (b"R", b"C"):
            end = output.index(b"\0", end + 1)
        start = end + 1
        end = output.index(b"\0", start)
        names.append(output[start:end])
        position = end + 1
    return names, position


def parse_diff(output: bytes, root: Path) -> dict[Path, set[int] | None]:
    """Added lines per file (absolute paths; ALL_LINES for a file git diffs as binary) from
    ``git diff -z --raw --patch --unified=0``."""
    names, position = _raw_names(output)
    sections: list[set[int] | None] = []
    # Patch lines end in \n whatever -z says; a file's lines all start with +, - or a space
    # there, so only git's own lines start with "diff --git ", "Binary files " or "@@ -".
    for line in output[position:].removeprefix(b"\0").split(b"\n"):
        if line.startswith(b"diff --git "):
            sections.append(set())
        elif line.startswith(b"Binary files ") and sections:
            sections[-1] = ALL_LINES
        elif line.startswith(b"@@ -") and sections and sections[-1] is not ALL_LINES:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                sections[-1].update(range(start, start + count))
    if len(sections) != len(names):
        raise RuntimeError(f"git diff listed {len(names)} files but gave {len(sections)} patches")
    return {(root / os.fsdecode(name)).resolve(): lines
            for name, lines in zip(names, sections, strict=True)}


def changed_lines(base: str) -> dict[Path, set[int] | None]:
    """Lines changed in the working tree since ``base``: {file: line numbers, or ALL_LINES}."""
    try:
        root = Path(os.fsdecode(_git("rev-parse", "--show-toplevel").removesuffix(b"\n")))
    except UsageError as error:
        raise UsageError("--diff-base and --changed-only work in a git repository "
                         f"({error})") from None
    try:
        if base.startswith("-"):  # git would read it as an option (``--output=FILE``)
            raise UsageError(base)
        commit = _git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", cwd=root)
        commit = commit.decode().strip()
    except UsageError:
        raise UsageError(f"--diff-base: unknown revision {base!r}") from None
    try:
        since = _git("merge-base", commit, "HEAD", cwd=root).decode().strip()
    except UsageError:  # unrelated histories: compare with the revision itself
        since = commit
    changed = parse_diff(_git(*_DIFF, since, "--", cwd=root), root)
    for name in _git("ls-files", "--others", "--exclude-standard", "-z", cwd=root).split(b"\0"):
        if name:
            changed[(root / os.fsdecode(name)).resolve()] = ALL_LINES
    return changed


def keep(findings, lines: set[int] | None):
    """The findings that touch a changed line."""
    if lines is ALL_LINES:
        return list(findings)
    return [f for f in findings if any(n in lines for n in range(f.line, f.end_line + 1))]
