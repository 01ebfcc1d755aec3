"""What an audit reads: folders (as ``check`` walks them), single articles, and tar and zip
archives of articles, read member by member without unpacking anything to disk.

An archive member is named ``ARCHIVE/MEMBER`` (``archive.tar.gz/sport/001.txt``): its format
comes from its own extension, its config from the archive's folder (its ``files:``,
``exclude:`` and ``overrides`` match the name as a path). Members are read in the archive's
order: a compressed tar can only be read from the front, and the order is the same on every
run. Only regular files with an article's extension are read; what a folder walk leaves out
(folders starting with a dot, README and the like, XML that is not news) is left out here too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ZIP_SUFFIXES = (".zip",)


@dataclass(slots=True)
class Source:
    """One article before it is linted: its name, what identifies this version of it (size
    and modification time, as make and git tell a change), and how to get its bytes."""

    path: str
    size: int
    mtime: int
    load: Callable[[], bytes]


def is_archive(path: str) -> bool:
    return path.lower().endswith(TAR_SUFFIXES + ZIP_SUFFIXES)


class Inputs:
    """The articles under the paths, in a stable order: each path in command-line order, a
    folder's files sorted by path (``discovery.discover``), an archive's members in its order.
    Problems with a path itself (missing, an archive that cannot be opened) are found here,
    before anything runs: a usage or input error (exit 2)."""

    def __init__(self, paths: list[str], finder, input_format: str | None, output: str):
        from newslint.errors import UsageError

        # The audit's own output is never an article, also when it lies under a path given
        # (its report.html would otherwise join the input list of the next run).
        inside_output = os.path.abspath(output) + os.sep

        self.finder, self.input_format = finder, input_format
        self.parts: list[tuple[str, object]] = []  # ("files", [paths]) or ("tar"|"zip", path)
        self.notes: list[str] = []  # named files that are not read, and why
        for path in paths:
            if path == "-":
                raise UsageError("audit reads folders, files and archives, not standard input")
            if not os.path.exists(path):
                raise UsageError(f"no such file or directory: {path}")
            if os.path.isdir(path) or not is_archive(path):
                from newslint.files.discovery import discover

                selection = discover([path], finder, input_format)
                self.notes.extend(selection.notes())
                self.parts.append(("files", [f for f in selection.files
                                             if not os.path.abspath(f).startswith(inside_output)]))
            else:
                kind = "zip" if path.lower().endswith(ZIP_SUFFIXES) else "tar"
                with _open(kind, path):  # an input error now, naming it, if it is no archive
                    pass
                self.parts.append((kind, path))

    def count(self) -> int:
        """How many articles there are (an archive's member headers are read once for it)."""
        total = 0
        for kind, what in self.parts:
            if kind == "files":
                total += len(what)
            else:
                total += sum(1 for _ in self._members(kind, what, read=False))
        return total

    def __iter__(self) -> Iterator[Source]:
        for kind, what in self.parts:
            if kind == "files":
                for path in what:
                    yield _file(path)
            else:
                yield from self._members(kind, what, read=True)

    def _members(self, kind: str, archive: str, read: bool) -> Iterator[Source]:
        members = _tar_members if kind == "tar" else _zip_members
        for name, size, mtime, load in members(archive, read):
            path = f"{archive.rstrip('/')}/{name}"
            if self._wanted(path, name, load):
                yield Source(path, size, mtime, load)

    def _wanted(self, path: str, name: str, load) -> bool:
        from newslint.files.discovery import NOT_ARTICLES, SKIPPED_DIRS, _news_roots, xml_root
        from newslint.readers import XML, format_for

        parts = name.split("/")
        if any(p.startswith(".") or p in SKIPPED_DIRS or p == "__MACOSX" for p in parts):
            return False
        article_format = format_for(name, self.input_format)
        if article_format is None or parts[-1].split(".", 1)[0].lower() in NOT_ARTICLES:
            return False
        if not self.finder.for_file(path).includes(path):
            return False
        if article_format == XML:
            if load is None:  # counting: what the XML is, is known when it is read
                return True
            try:
                root = xml_root(load()[:65536])
            except Exception:  # unreadable: the reader says why when it is linted
                return True
            return root is None or root.rpartition(":")[2] in _news_roots()
        return True


def _file(path: str) -> Source:
    from newslint.errors import InputError

    try:
        status = os.stat(path)
    except OSError as error:
        return Source(path, 0, 0, failing(InputError(f"cannot read file: {error.strerror}",
                                                        path)))

    def load() -> bytes:
        from newslint.readers import check_size

        check_size(status.st_size, path)  # before reading a file that is too large
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise InputError(f"cannot read file: {error.strerror}", path) from None

    return Source(path, status.st_size, status.st_mtime_ns, load)


def failing(error: Exception) -> Callable[[], bytes]:
    """A loader that raises ``error``: the article's row will say why it was not linted."""
    def load() -> bytes:
        raise error

    return load


def _open(kind: str, archive: str):
    """The archive, open; an input error naming it if it is not one."""
    import tarfile
    import zipfile

    from newslint.errors import InputError

    try:
        if kind == "tar":
            return tarfile.open(archive, "r:*")
        return zipfile.ZipFile(archive)
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile) as error:
        what = "tar" if kind == "tar" else "zip"
        detail = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise InputError(f"cannot read the {what} archive: {detail}", archive) from None


def _tar_members(archive: str, read: bool):
    """``(name, size, mtime, load)`` of each regular file, in the archive's order. The bytes
    are read as the member is passed (a compressed tar cannot go back), or never when
    ``read`` is false (``load`` is then None)."""
    import tarfile
    import zlib

    from newslint.errors import InputError
    from newslint.readers import check_size

    with _open("tar", archive) as tar:
        while True:
            try:
                info = tar.next()
                # tarfile keeps every member it has passed (for getmembers); an archive of a
                # million articles would keep a million, so each is forgotten once passed.
                tar.members.clear()
                if info is None:
                    return
                if not info.isfile():
                    continue
                name = info.name.removeprefix("./")
                if not read:
                    yield name, info.size, int(info.mtime), None
                    continue
                try:
                    check_size(info.size, f"{archive}/{name}")
                    data = tar.extractfile(info).read()
                except InputError as error:
                    yield name, info.size, int(info.mtime), failing(error)
                    continue
            except (OSError, EOFError, tarfile.TarError, zlib.error) as error:
                detail = getattr(error, "strerror", None) or str(error) or type(error).__name__
                raise InputError(f"cannot read the tar archive: {detail}", archive) from None
            yield name, info.size, int(info.mtime), (lambda data=data: data)


def _zip_members(archive: str, read: bool):
    """``(name, size, mtime, load)`` of each file of the zip archive, in its order, read as
    the member is passed (``load`` None when ``read`` is false)."""
    import calendar
    import zipfile
    import zlib

    from newslint.errors import InputError
    from newslint.readers import check_size

    with _open("zip", archive) as bundle:
        for info in bundle.infolist():
            if info.is_dir():
                continue
            name = info.filename
            mtime = calendar.timegm((*info.date_time, 0, 0, 0))
            if not read:
                yield name, info.file_size, mtime, None
                continue
            try:
                check_size(info.file_size, f"{archive}/{name}")
                with bundle.open(info) as member:
                    data = member.read()
            except InputError as error:
                yield name, info.file_size, mtime, failing(error)
                continue
            except (OSError, EOFError, zipfile.BadZipFile, zlib.error, RuntimeError,
                    NotImplementedError) as error:  # encrypted, an unknown compression, damaged
                yield name, info.file_size, mtime, failing(InputError(
                    f"cannot read this member of the zip archive: {error}", f"{archive}/{name}"))
                continue
            yield name, info.file_size, mtime, (lambda data=data: data)
