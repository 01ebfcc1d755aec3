"""Which files a run reads: the folders named on the command line walked, the files named there
taken as they are, less what is not an article.

A folder walk leaves out, silently, symbolic links (a link may lead out of the repository, and
``fix`` would write there), files that are not regular files, version-control and tool folders
(``.git``, ``node_modules``, any folder whose name starts with a dot) and files whose extension
no reader reads. It leaves out, and counts for ``--statistics`` and lists in ``show``:

- what ``.gitignore`` files ignore (inside a git repository: the repository's nested
  ``.gitignore`` files and ``.git/info/exclude``) and what ``.newslintignore`` files ignore
  (anywhere, same syntax; at the same level they win over ``.gitignore``). The rules are git's:
  each path is matched itself, level by level, the deepest ignore file with a matching pattern
  decides, its last matching pattern wins, and an ignored folder is not looked into, so a
  negation cannot bring back a file inside it. The user's global excludes file
  (``core.excludesFile``) is not read: the same repository lints the same files on every
  machine and in CI. A folder named on the command line is walked even if it is ignored;
  ignore files above it still apply to what lies inside it, but nothing matched against the
  folder itself or the folders above it hides it.
- files the config's ``files:``/``exclude:`` leave out (not counted: they were never asked for);
- README, CHANGELOG, LICENSE and the like (``NOT_ARTICLES``), unless the config's ``files:``
  matches them;
- XML files whose root element is neither NITF nor NewsML-G2 (sitemaps, RSS and Atom feeds).

A file named on the command line is read even if an ignore file ignores it (as ruff and ripgrep
do: naming it is asking for it); the config's ``exclude:``, the names of non-articles and the
XML root still apply, with a one-line note for the last two.

Git's patterns are translated here rather than matched with ``pathspec``: its ``GitIgnoreSpec``
decides a path together with its parent folders in one match, which differs from git where a
negation names a file inside an ignored folder (``build/`` then ``!build/keep.md``: git ignores
keep.md, ``GitIgnoreSpec`` does not), and a walk needs each path decided by itself. Patterns
run on RE2, one set per ignore file, in time linear in the path: a ``.gitignore`` comes with the
pull request under review.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from newslint.readers import XML, format_for

# Folders of tools and version control, never content.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                          ".tox"})
IGNORE_FILES = (".gitignore", ".newslintignore")
# Names (before the first dot, in any case) of a repository's own documents, which are not
# articles: README.md, readme.fr.md, CHANGELOG.md, LICENSE.txt.
NOT_ARTICLES = frozenset({"readme", "changelog", "changes", "license", "licence", "copying",
                          "contributing", "code_of_conduct", "security"})
# What --statistics counts, in the order it lists them.
IGNORED, IGNORED_FOLDER, EXCLUDED, NOT_ARTICLE, NOT_NEWS_XML = (
    "ignored", "ignored folder", "excluded", "not an article", "not news XML")
XML_HEAD = 65536  # bytes read to find the root element of an XML file


class Entry(NamedTuple):
    path: str  # as the run names it (a folder's with a trailing separator)
    skipped: str | None = None  # why it is not read: one of the categories above
    reason: str = ""  # the why in words, for show and notes
    named: bool = False  # named on the command line


@dataclass
class Selection:
    entries: list[Entry] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        return [entry.path for entry in self.entries if entry.skipped is None]

    def keep(self, wanted) -> None:
        """Keep only the entries whose path ``wanted`` accepts."""
        self.entries = [entry for entry in self.entries if wanted(entry.path)]

    def skipped_counts(self) -> Counter:
        """Skipped files and folders by category, for ``--statistics`` (config exclusions are
        not counted: they are what the config asked for)."""
        return Counter(entry.skipped for entry in self.entries
                       if entry.skipped not in (None, EXCLUDED))

    def notes(self) -> list[str]:
        """One line for each file named on the command line and not read, except those the
        config excludes (the pre-commit hook names every changed file)."""
        return [f"{entry.path}: skipped: {entry.reason}" for entry in self.entries
                if entry.named and entry.skipped in (NOT_ARTICLE, NOT_NEWS_XML)]


def statistics_line(counts: Counter) -> str | None:
    """``skipped: 2 files ignored, 1 folder ignored, 1 not an article, 3 not news XML; ...``"""
    parts = []
    for category, one, many in (
            (IGNORED, "1 file ignored", "{} files ignored"),
            (IGNORED_FOLDER, "1 folder ignored", "{} folders ignored"),
            (NOT_ARTICLE, "1 not an article", "{} not articles"),
            (NOT_NEWS_XML, "1 not news XML", "{} not news XML")):
        count = counts.get(category, 0)
        if count:
            parts.append(one if count == 1 else many.format(count))
    return f"skipped: {', '.join(parts)}; newslint show lists why" if parts else None


def discover(paths: list[str], finder, input_format: str | None = None,
             apply_config: bool = True) -> Selection:
    """The entries of ``paths`` (``-`` is standard input), in a stable order: each named file
    in command-line order, each named folder's files sorted by path. ``finder`` gives each
    file's config (``files:``, ``exclude:``); ``input_format`` set, XML files are not sniffed."""
    from newslint.errors import UsageError

    selection = Selection()
    for raw in paths:
        if raw == "-":
            selection.entries.append(Entry(raw, named=True))
        elif os.path.isdir(raw):
            for path, ignored in sorted(_walk(raw)):
                if ignored:
                    category = IGNORED_FOLDER if path.endswith(os.sep) else IGNORED
                    selection.entries.append(Entry(path, category, f"ignored by {ignored}"))
                else:
                    selection.entries.append(_entry(path, finder, input_format, apply_config,
                                                    named=False))
        elif os.path.exists(raw):
            selection.entries.append(_entry(raw, finder, input_format, apply_config, named=True))
        else:
            raise UsageError(f"no such file or directory: {raw}")
    return selection


def _entry(path: str, finder, input_format: str | None, apply_config: bool, named: bool) -> Entry:
    config = finder.for_file(path)
    if apply_config and not config.includes(path):
        where = f" ({config.path})" if config.path else ""
        return Entry(path, EXCLUDED, f"excluded by the config's files:/exclude:{where}", named)
    name = os.path.basename(path)
    if name.split(".", 1)[0].lower() in NOT_ARTICLES and not (
            config.files is not None and config.includes(path)):
        return Entry(path, NOT_ARTICLE, "not an article (a README, CHANGELOG, LICENSE or the like; "
                     "the config's files: can name it)", named)
    if format_for(path, input_format) == XML:
        root = _xml_root(path)
        if root is not None and root.rpartition(":")[2] not in _news_roots():
            return Entry(path, NOT_NEWS_XML, f"not news XML (root element <{root}>, not NITF or "
                         "NewsML-G2)", named)
    return Entry(path, named=named)


# --- the walk -------------------------------------------------------------------------------

def _walk(root: str):
    """``(path, None)`` for each candidate article file under ``root``, ``(path, origin)`` for
    each candidate file or folder an ignore file ignores (``origin``: the file, line and
    pattern). Ignored folders are not entered."""
    chain, in_repository = _levels_above(root)
    stack = [(root, b"", chain, in_repository)]
    while stack:
        directory, relative, chain, in_repository = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            continue  # an unreadable folder is left out, as os.walk left it
        names = {entry.name for entry in entries}
        if relative and ".git" in names:  # a repository of its own: the rules above stop here
            chain, in_repository = _repository_levels(directory, b"", len(relative)), True
        level = _level_here(directory, names, in_repository, b"", len(relative))
        if level is not None:
            chain = (level, *chain)
        for entry in entries:
            name = entry.name
            if entry.is_symlink():
                continue
            if entry.is_dir():
                if name in SKIPPED_DIRS or name.startswith("."):
                    continue
                below = relative + os.fsencode(name)
                origin = _ignored(chain, below, is_dir=True) if chain else None
                if origin:
                    yield entry.path + os.sep, origin
                else:
                    stack.append((entry.path, below + b"/", chain,
                                  in_repository))
            elif format_for(name) and entry.is_file(follow_symlinks=False):
                yield entry.path, _ignored(
                    chain, relative + os.fsencode(name), is_dir=False) if chain else None


@dataclass
class _Level:
    """The patterns of one folder's ignore files (or of a repository's info/exclude), matched
    against ``prefix + path[strip:]``: the path from that folder."""
    patterns: object  # re2.Set, anchored at both ends
    rules: list[tuple[bool, bool, str]]  # per pattern: negated, folders only, where it is written
    prefix: bytes
    strip: int


def _ignored(chain, relative: bytes, is_dir: bool) -> str | None:
    """Where the pattern that ignores ``relative`` (a path from the walked folder) is written,
    or None: the deepest level with a matching pattern decides, by its last one."""
    for level in chain:
        hits = level.patterns.Match(level.prefix + relative[level.strip:])
        if hits:
            for index in sorted(hits, reverse=True):
                negated, folders_only, origin = level.rules[index]
                if folders_only and not is_dir:
                    continue
                return None if negated else origin
    return None


def _levels_above(root: str) -> tuple[tuple[_Level, ...], bool]:
    """The levels of the ignore files in the folders above ``root``, deepest first, up to its
    repository's work tree (then the repository's ``info/exclude``) or, outside a repository,
    the top of the file system; and whether ``root`` is in a repository."""
    from pathlib import Path

    absolute = Path(root).resolve()
    top = absolute
    while not (top / ".git").exists() and top.parent != top:
        top = top.parent
    in_repository = (top / ".git").exists()
    below = absolute.relative_to(top).parts  # the folders from ``top`` down to root
    chain = []
    for count, above in enumerate(absolute.parents[:len(below)], 1):  # nearest first
        prefix = os.fsencode("/".join(below[-count:])) + b"/"
        level = _level_here(str(above), None, in_repository, prefix, 0)
        if level is not None:
            chain.append(level)
    if in_repository:
        prefix = os.fsencode("/".join(below)) + b"/" if below else b""
        chain.extend(_repository_levels(str(top), prefix, 0))
    return tuple(chain), in_repository


def _repository_levels(top: str, prefix: bytes, strip: int) -> tuple[_Level, ...]:
    """The level of the ``info/exclude`` of the repository whose work tree is ``top``."""
    git = os.path.join(top, ".git")
    if os.path.isfile(git):  # a worktree or a submodule: "gitdir: <path>"
        try:
            with open(git, "rb") as pointer:
                line = pointer.readline(4096).strip()
        except OSError:
            return ()
        if not line.startswith(b"gitdir:"):
            return ()
        git = os.path.join(top, os.fsdecode(line[len(b"gitdir:"):].strip()))
        try:  # a worktree's info/exclude is its main repository's
            with open(os.path.join(git, "commondir"), "rb") as common:
                git = os.path.join(git, os.fsdecode(common.readline(4096).strip()))
        except OSError:
            pass
    level = _level_from([os.path.join(git, "info", "exclude")], prefix, strip)
    return (level,) if level is not None else ()


def _level_here(directory: str, names, in_repository: bool, prefix: bytes,
                strip: int) -> _Level | None:
    wanted = IGNORE_FILES if in_repository else IGNORE_FILES[1:]
    files = [os.path.join(directory, name) for name in wanted
             if (name in names if names is not None
                 else os.path.isfile(os.path.join(directory, name)))]
    return _level_from(files, prefix, strip) if files else None


def _level_from(files: list[str], prefix: bytes, strip: int) -> _Level | None:
    import re2

    from newslint.formatters import printable
    from newslint.readers import check_size

    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1  # paths are bytes, as git matches them
    options.dot_nl = True
    options.log_errors = False
    options.max_mem = 64 << 20
    patterns = re2.Set.FullMatchSet(options)
    rules = []
    for file in files:
        try:
            if not os.path.isfile(file):
                continue
            check_size(os.path.getsize(file), file)
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        shown = os.path.relpath(file) if os.path.isabs(file) else file
        for number, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
            rule = parse_pattern(line)
            if rule is None:
                continue
            regex, negated, folders_only = rule
            try:
                patterns.Add(regex)
            except re2.error:  # not a pattern git can match either (a bad range)
                continue
            text = line.rstrip(b"\r").decode("utf-8", "backslashreplace")
            rules.append((negated, folders_only, f"{shown}:{number}: {printable(text)}"))
    if not rules:
        return None
    try:
        patterns.Compile()
    except re2.error:
        from newslint.errors import InputError

        raise InputError("too many ignore patterns to match (over 64 MB compiled)",
                         files[0]) from None
    return _Level(patterns, rules, prefix, strip)


# --- gitignore patterns ---------------------------------------------------------------------

_POSIX_CLASSES = frozenset({b"alnum", b"alpha", b"blank", b"cntrl", b"digit", b"graph", b"lower",
                            b"print", b"punct", b"space", b"upper", b"xdigit"})


def parse_pattern(line: bytes) -> tuple[bytes, bool, bool] | None:
    """A line of an ignore file as ``(regex, negated, folders_only)``, the regex matching a
    whole path (bytes, from the ignore file's folder) the pattern matches; None for a blank
    line, a comment, or a pattern git would never match (an unclosed ``[``, a trailing
    backslash). git's rules: gitignore(5) and wildmatch.c."""
    if line.endswith(b"\r"):
        line = line[:-1]
    if not line or line.startswith(b"#"):
        return None
    # Trailing spaces go unless escaped with a backslash.
    end = len(line)
    while end and line[end - 1:end] == b" " and not (end > 1 and line[end - 2:end - 1] == b"\\"):
        end -= 1
    line = line[:end]
    negated = line.startswith(b"!")
    if negated:
        line = line[1:]
    folders_only = line.endswith(b"/")
    if folders_only:
        line = line[:-1]
    if not line:
        return None
    # A slash at the start or in the middle anchors the pattern to its folder; without one it
    # matches a name at any depth.
    anchored = b"/" in line
    if line.startswith(b"/"):
        line = line[1:]
    body = _glob(line)
    if body is None:
        return None
    return (body if anchored else b"(?:.*/)?" + body), negated, folders_only


def _glob(pattern: bytes) -> bytes | None:
    out = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i:i + 1]
        if char == b"*":
            j = i
            while j < n and pattern[j:j + 1] == b"*":
                j += 1
            # "**" between slashes (or the ends) crosses folders; any other run is one "*".
            if (j - i >= 2 and (i == 0 or pattern[i - 1:i] == b"/")
                    and (j == n or pattern[j:j + 1] == b"/")):
                if j == n:
                    out.append(b".*")
                else:
                    out.append(b"(?:.*/)?")
                    j += 1
            else:
                out.append(b"[^/]*")
            i = j
        elif char == b"?":
            out.append(b"[^/]")
            i += 1
        elif char == b"[":
            parsed = _bracket(pattern, i + 1)
            if parsed is None:
                return None
            regex, i = parsed
            out.append(regex)
        elif char == b"\\":
            if i + 1 >= n:
                return None
            out.append(_byte(pattern[i + 1]))
            i += 2
        else:
            out.append(_byte(pattern[i]))
            i += 1
    return b"".join(out)


def _bracket(pattern: bytes, i: int) -> tuple[bytes, int] | None:
    """The class opened by the ``[`` before ``i``, as a regex, and where the pattern goes on."""
    n = len(pattern)
    negated = pattern[i:i + 1] in (b"!", b"^")
    if negated:
        i += 1
    items: list[bytes] = []
    first = True
    while True:
        if i >= n:
            return None  # unclosed: git's wildmatch gives up on the whole pattern
        char = pattern[i]
        if char == ord("]") and not first:
            i += 1
            break
        first = False
        if char == ord("[") and pattern[i + 1:i + 2] == b":":
            close = pattern.find(b":]", i + 2)
            if close == -1 or pattern[i + 2:close] not in _POSIX_CLASSES:
                return None
            items.append(b"[:" + pattern[i + 2:close] + b":]")
            i = close + 2
            continue
        if char == ord("\\"):
            i += 1
            if i >= n:
                return None
            char = pattern[i]
        low = char
        i += 1
        if pattern[i:i + 1] == b"-" and i + 1 < n and pattern[i + 1:i + 2] != b"]":
            i += 1
            high = pattern[i]
            if high == ord("\\"):
                i += 1
                if i >= n:
                    return None
                high = pattern[i]
            i += 1
            items.extend(_range(low, high))
        else:
            items.extend(_range(low, low))
    if not items and not negated:
        return None
    # No class matches the slash between folders.
    return (b"[^/" if negated else b"[") + b"".join(items) + b"]", i


def _range(low: int, high: int) -> list[bytes]:
    slash = ord("/")
    pieces = [(low, min(high, slash - 1)), (max(low, slash + 1), high)]
    return [_byte(a) if a == b else _byte(a) + b"-" + _byte(b) for a, b in pieces if a <= b]


def _byte(value: int) -> bytes:
    return b"\\x%02x" % value


# --- XML ------------------------------------------------------------------------------------

_XML_NAME = re.compile(r"<([A-Za-z_:][\w.:-]*)")
_SPACE = re.compile(r"\s*")
_DOCTYPE_STOP = re.compile(r"[\[>]")


@functools.cache
def _news_roots() -> frozenset[str]:
    from newslint.readers.newsmlg2 import _ROOTS

    return frozenset({"nitf", *_ROOTS})


def _xml_root(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(XML_HEAD)
    except OSError:
        return None  # the reader says why
    return xml_root(head)


def xml_root(head: bytes) -> str | None:
    """The root element's name (with its prefix) from the first bytes of an XML file, or None
    if they do not show one. Each step searches forward from the last: linear time."""
    from newslint.readers import sniff_bom, sniff_wide

    encoding, bom = sniff_bom(head)
    if not bom:
        encoding = sniff_wide(head) or "utf-8"
    text = head[len(bom):].decode(encoding, "replace")
    position = 0
    while True:
        position = _SPACE.match(text, position).end()
        if text.startswith("<?", position):
            end = text.find("?>", position + 2)
            position = end + 2
        elif text.startswith("<!--", position):
            end = text.find("-->", position + 4)
            position = end + 3
        elif text.startswith("<!DOCTYPE", position):
            end = _doctype_end(text, position + 9)
            position = end
        else:
            break
        if end == -1:
            return None
    match = _XML_NAME.match(text, position)
    return match.group(1) if match else None


def _doctype_end(text: str, position: int) -> int:
    """Where the DOCTYPE declaration from ``position`` ends (after its ``>``), or -1."""
    stop = _DOCTYPE_STOP.search(text, position)
    if stop is None:
        return -1
    if stop.group() == ">":
        return stop.end()
    position = stop.end()
    while True:  # an internal subset: "]", white space, ">"
        close = text.find("]", position)
        if close == -1:
            return -1
        after = _SPACE.match(text, close + 1).end()
        if text.startswith(">", after):
            return after + 1
        position = close + 1
