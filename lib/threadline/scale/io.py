"""Shard input and output: content hashes, polars readers with readable errors, atomic writes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from threadline.documents.jsonl import read_jsonl, summarise


def content_hash(paths: Sequence[str | Path], *, with_names: bool = False) -> str:
    """sha256 of the files' bytes, read in 1 MiB blocks (and of their names if asked).

    >>> content_hash([__file__]) == content_hash([__file__])
    True
    """
    digest = hashlib.sha256()
    for path in paths:
        if with_names:
            digest.update(Path(path).name.encode() + b"\0")
            if not Path(path).is_file():  # missing, FIFO...: `read_corpus` reports it; never block
                digest.update(b"\0not a regular file\0")
                continue
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def read_shard(
    kind: str, sources: Sequence[str], metadata: str | None = None
) -> tuple[pl.DataFrame, list[str]]:
    """Read one shard with polars (a group of files with `read_corpus`, giving DOCUMENTS).

    Returns the frame and the JSONL lines left out of it, as "line N: reason": a bad line costs
    only itself. A JSONL shard with no good line at all raises ValueError, naming its bad lines.
    """
    path = sources[0]
    if kind == "parquet":
        return pl.read_parquet(path), []
    if kind == "csv":
        return pl.read_csv(path, infer_schema_length=None), []
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
