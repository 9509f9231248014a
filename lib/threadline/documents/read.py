"""Files in, decoded text out: collecting the inputs, refusing what cannot be read (with a
status code and a message saying what, where and what to do), decoding UTF-8 or a detected
encoding."""

from __future__ import annotations

import codecs
import os
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import sha1
from pathlib import Path

import charset_normalizer

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES


@dataclass(frozen=True)
class Input:
    """One input file: the path as the user gave it (or as found in a folder) and its Path."""

    given: str
    path: Path
    #: The doc_id prefix: the file stem, made unique when two inputs share a stem.
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.path.stem)


@dataclass(frozen=True)
class Decoded:
    """Decoded text of a file, or the status code and message saying why there is none."""

    text: str | None
    encoding: str | None = None
    status: str = "ok"
    error: str | None = None


def collect(paths: str | os.PathLike | Sequence[str | os.PathLike]) -> list[Input]:
    """Every input file under `paths` (files, folders walked recursively), sorted, deduplicated.

    Anything that is not a folder is kept (missing paths, FIFOs, broken links too) so that
    every input is accounted for downstream. An empty folder is kept as itself.

    >>> [i.given for i in collect("/nonexistent/a.txt")]
    ['/nonexistent/a.txt']
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    found: dict[str, Input] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if not p.is_dir())
            for p in files or [path]:
                found.setdefault(str(p), Input(str(p), p))
        else:
            found.setdefault(str(given), Input(str(given), path))
    return _unique_keys([found[k] for k in sorted(found)])


def _unique_keys(inputs: list[Input]) -> list[Input]:
    """Give inputs that share a file stem (a/x.txt, b/x.txt) distinct, stable doc_id prefixes:
    the stem plus a short hash of the path as given."""
    counts = Counter(i.path.stem for i in inputs)
    return [
        i
        if counts[i.path.stem] == 1
        else Input(i.given, i.path, f"{i.path.stem}~{sha1(i.given.encode()).hexdigest()[:8]}")
        for i in inputs
    ]


def refuse(inp: Input, max_bytes: int, *, limit_size: bool = True) -> Decoded | None:
    """A Decoded with a bad status if `inp` cannot be read as a file at all, else None."""
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


def decode(data: bytes, where: str) -> Decoded:
    """Decode `data`: UTF-8 (BOM stripped), a UTF-16/32 BOM, else charset-normalizer.

    >>> decode("Caf\\u00e9".encode("utf-8"), "x.txt").text
    'Café'
    >>> decode(b"\\x00\\x01\\x02PNG", "x.txt").status
    'binary'
    """
    if not data.strip():
        return Decoded(
            None, status="empty", error=f"{where}: empty or whitespace-only; nothing to read"
        )
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _non_empty(data.decode(enc), enc if enc != "utf-8-sig" else "utf-8", where)
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:65536]:
        return Decoded(
            None,
            status="binary",
            error=f"{where}: binary content (NUL bytes), not text; pass a text, "
            "HTML or table file",
        )
    try:
        return _non_empty(data.decode("utf-8"), "utf-8", where)
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return Decoded(
            None,
            status="undecodable",
            error=f"{where}: {utf8_error} and no text encoding fits; re-save it as UTF-8",
        )
    return _non_empty(str(best), best.encoding, where)


def _non_empty(text: str, encoding: str, where: str) -> Decoded:
    if not text.strip():
        return Decoded(None, encoding, "empty", f"{where}: only whitespace; nothing to read")
    return Decoded(text, encoding)


def read_file(inp: Input, max_bytes: int) -> Decoded:
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
    return decode(data, inp.given)
