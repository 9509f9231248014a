"""Files in, decoded text out: collecting the inputs, refusing what cannot be read (with a
status code and a message saying what, where and what to do), decoding UTF-8 or a detected
encoding."""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import sha1
from pathlib import Path

from threadline.documents.decode import Decoded, decode

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES


@dataclass(frozen=True)
class Input:
    """One input: the path as the user gave it (or as found in a folder), its Path, and, for an
    entry the walk could not use (an unreadable folder, a folder seen twice, an output folder),
    the status and message of its row."""

    given: str
    path: Path
    #: The doc_id prefix: the file stem, made unique when two inputs share a stem.
    key: str = ""
    status: str | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", Path(self.given).stem or self.given)


#: A file a build writes into each output folder: a walk over inputs never reads that folder.
OUTPUT_MARKER = ".threadline-output"


def shown(path: str | os.PathLike) -> str:
    """A path as text every output can hold: a byte of a non-UTF-8 file name as ``\\xe9``.

    >>> shown(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def collect(
    paths: str | os.PathLike | Input | Sequence[str | os.PathLike | Input],
    *,
    exclude: Sequence[str | os.PathLike] = (),
) -> list[Input]:
    """Every input under `paths` (files, folders walked recursively), sorted, deduplicated.

    The walk accounts for every entry it meets: anything that is not a folder is kept
    (missing paths, FIFOs, broken links too); a symbolic link to a folder is followed once (a
    folder reached twice, as by a link loop, is a "skipped" row, and so is a file reached
    twice); a folder that cannot be listed is an "unreadable" row; an output folder (one in
    `exclude`, or holding `OUTPUT_MARKER`) is a "skipped" row, never read back; a folder named
    like an input file ("x.txt") that holds no file is an "empty" row. A folder passed as an
    input that holds no files is kept as itself. Inputs already made (`Input`) pass through.

    >>> [i.given for i in collect("/nonexistent/a.txt")]
    ['/nonexistent/a.txt']
    """
    if isinstance(paths, str | os.PathLike | Input):
        paths = [paths]
    skip = {os.path.realpath(p) for p in exclude}
    walk = _Walk(skip)
    found: dict[str, Input] = {}
    for given in paths:
        if isinstance(given, Input):
            found.setdefault(given.given, given)
            continue
        path = Path(given)
        if path.is_dir():
            entries = walk.folder(path)
            for inp in entries or [Input(shown(path), path)]:
                found.setdefault(inp.given, inp)
        else:
            found.setdefault(shown(given), Input(shown(given), path))
    return _unique_keys([found[k] for k in sorted(found)])


class _Walk:
    """A walk over folders that follows links once and reports what it cannot use."""

    def __init__(self, skip: set[str]) -> None:
        self.skip = skip
        self.dirs: dict[tuple[int, int], str] = {}
        self.files: dict[tuple[int, int], str] = {}

    def _seen(self, table: dict, path: Path, st: os.stat_result) -> Input | None:
        key = (st.st_dev, st.st_ino)
        if key in table:
            kind = "folder" if table is self.dirs else "file"
            return Input(shown(path), path, status="skipped",
                         error=f"{shown(path)}: the same {kind} as {table[key]}, read once "
                         "there; nothing to do")
        table[key] = shown(path)
        return None

    def folder(self, root: Path) -> list[Input]:
        """The inputs under `root`, depth first in name order."""
        out: list[Input] = []
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                st = folder.stat()
            except OSError:
                continue
            seen = self._seen(self.dirs, folder, st)
            if seen is not None:
                out.append(seen)
                continue
            if (folder / OUTPUT_MARKER).exists() and (folder / "BUILDING").exists():
                continue  # a build's temporary folder, gone when the build ends
            if os.path.realpath(folder) in self.skip or (folder / OUTPUT_MARKER).exists():
                out.append(Input(shown(folder), folder, status="skipped",
                                 error=f"{shown(folder)}: a threadline output folder inside the "
                                 "input; not read back (pass the input folders only)"))
                continue
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                out.append(Input(shown(folder), folder, status="unreadable",
                                 error=f"{shown(folder)}: folder cannot be listed "
                                 f"({exc.strerror}); check its permissions"))
                continue
            before = len(out)
            subfolders = []
            for entry in entries:
                path = Path(entry.path)
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    subfolders.append(path)
                    continue
                try:
                    seen = self._seen(self.files, path, path.stat())
                except OSError:
                    seen = None  # missing or broken: `refuse` says why
                out.append(seen or Input(shown(path), path))
            stack.extend(reversed(subfolders))
            if folder != root and len(out) == before and not subfolders and \
                    folder.suffix.lower() in SUFFIXES:
                out.append(Input(shown(folder), folder, status="empty",
                                 error=f"{shown(folder)}: a folder named like a file, holding no "
                                 "files; pass the file itself"))
        return out


def _unique_keys(inputs: list[Input]) -> list[Input]:
    """Give inputs that share a file stem (a/x.txt, b/x.txt) distinct, stable doc_id prefixes:
    the stem plus a short hash of the path as given."""
    counts = Counter(i.key for i in inputs)
    return [
        i
        if counts[i.key] == 1
        else Input(i.given, i.path, f"{i.key}~{sha1(i.given.encode()).hexdigest()[:8]}",
                   i.status, i.error)
        for i in inputs
    ]


def refuse(inp: Input, max_bytes: int, *, limit_size: bool = True) -> Decoded | None:
    """A Decoded with a bad status if `inp` cannot be read as a file at all, else None."""
    if inp.status is not None:
        return Decoded(None, status=inp.status, error=inp.error)
    path = inp.path
    try:
        st = path.stat()
    except FileNotFoundError:
        why = "is a broken symbolic link" if path.is_symlink() else "does not exist"
        return Decoded(
            None,
            status="unreadable",
            error=f"{inp.given}: {why}; check the path and pass an existing file",
        )
    except OSError as exc:
        return Decoded(
            None,
            status="unreadable",
            error=f"{inp.given}: cannot be read ({exc.strerror}); check permissions",
        )
    if stat.S_ISDIR(st.st_mode):
        return Decoded(
            None,
            status="empty",
            error=f"{inp.given}: folder holds no files; add .txt/.html/.md/.jsonl/"
            ".csv/.parquet files or pass another folder",
        )
    if not stat.S_ISREG(st.st_mode):
        return Decoded(
            None,
            status="unreadable",
            error=f"{inp.given}: not a regular file (a FIFO, socket or device); "
            "pass a regular file",
        )
    if path.suffix.lower() not in SUFFIXES:
        return Decoded(
            None,
            status="unsupported",
            error=f"{inp.given}: unsupported file type {path.suffix or '(none)'!r}; "
            f"use one of {' '.join(SUFFIXES)}",
        )
    if limit_size and st.st_size > max_bytes:
        return Decoded(
            None,
            status="too_large",
            error=f"{inp.given}: {st.st_size:,} bytes is over the limit of "
            f"{max_bytes:,} (Settings.max_file_bytes); split the file or raise the "
            "limit",
        )
    return None


def read_file(inp: Input, max_bytes: int, language: str = "en") -> Decoded:
    """Read and decode one single-document file, or say why it cannot be."""
    bad = refuse(inp, max_bytes)
    if bad is not None:
        return bad
    try:
        data = inp.path.read_bytes()
    except OSError as exc:
        return Decoded(
            None,
            status="unreadable",
            error=f"{inp.given}: cannot be read ({exc.strerror}); check permissions",
        )
    return decode(data, inp.given, language)
