"""Shard input and output: content hashes, polars readers with readable errors, atomic writes."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import polars as pl


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


def read_shard(kind: str, sources: Sequence[str], metadata: str | None = None) -> pl.DataFrame:
    """Read one shard with polars (a group of files with `read_corpus`, giving DOCUMENTS)."""
    path = sources[0]
    if kind == "parquet":
        return pl.read_parquet(path)
    if kind == "csv":
        return pl.read_csv(path, infer_schema_length=None)
    if kind == "ndjson":
        try:
            return pl.read_ndjson(path, infer_schema_length=None)
        except Exception as exc:
            raise ValueError(first_bad_line(path) or str(exc)) from exc
    from threadline.documents import read_corpus

    return read_corpus(list(sources), metadata=metadata)


def first_bad_line(path: str | Path) -> str | None:
    """The first line of a JSONL file that is not a JSON object, as "line N: <reason>"."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                return f"line {n}: invalid JSON ({exc.msg} at column {exc.colno})"
            if not isinstance(obj, dict):
                return f"line {n}: expected a JSON object, got {type(obj).__name__}"
    return None


def write_atomic(df: pl.DataFrame, path: Path) -> None:
    """Write Parquet to a temporary name, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    df.write_parquet(tmp)
    os.replace(tmp, path)
