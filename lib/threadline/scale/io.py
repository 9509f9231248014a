"""Shard input and output: content hashes, polars readers with readable errors, atomic writes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from threadline.documents.jsonl import read_jsonl, summarise
from threadline.documents.tables import read_csv_text


def content_hash(paths: Sequence[str | Path], *, with_names: bool = False) -> str:
    """sha256 of the files' bytes, read in 1 MiB blocks (and of their names if asked).

    >>> content_hash([__file__]) == content_hash([__file__])
    True
    """
    digest = hashlib.sha256()
    for path in paths:
        if with_names:
            digest.update(os.fsencode(Path(path).name) + b"\0")
            if not Path(path).is_file():  # missing, FIFO...: `read_corpus` reports it; never block
                digest.update(b"\0not a regular file\0")
                continue
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def read_shard(
    kind: str, sources: Sequence[Any], metadata: str | None = None,
    rows: tuple[int, int] | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """Read one shard with polars (a group of files with `read_corpus`, giving DOCUMENTS;
    `rows` (offset, count) of a Parquet table: only those rows).

    Returns the frame and the JSONL lines left out of it, as "line N: reason": a bad line costs
    only itself. A JSONL shard with no good line at all raises ValueError, naming its bad lines.
    """
    path = getattr(sources[0], "path", sources[0])
    if kind == "parquet":
        if rows is not None:
            return pl.scan_parquet(path).slice(*rows).collect(), []
        return pl.read_parquet(path), []
    if kind == "csv":
        return read_csv_text(Path(path), str(path))[0], []
    if kind == "ndjson":
        lines = read_jsonl(path)
        if lines.frame.height == 0:
            raise ValueError(summarise(lines.bad_lines) or "no JSON lines: the file is empty")
        return lines.frame, lines.bad_lines
    from threadline.documents import read_corpus

    return read_corpus(list(sources), metadata=metadata), []


def write_atomic(df: pl.DataFrame, path: Path) -> None:
    """Write Parquet to a temporary name, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    df.write_parquet(tmp)
    os.replace(tmp, path)
