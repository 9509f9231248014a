"""Run an unchanged verb over corpus shards, locally, on Dask or on Ray, with bounded memory.

A shard is one Parquet / JSONL / CSV table, or a group of text files (.txt, .html, ...) read
with `read_corpus`. Each `Task` names its inputs, the verb and the output folder; `run_task`
(run in a worker) reads the shard with polars, calls the verb, writes
``dst/[<table>/]part-<hash>.parquet`` (one folder per table when the verb returns a dict of
frames) and a manifest record ``dst/_manifest/<hash>.json`` keyed by the sha256 of the input
bytes, the verb, its options and threadline's version, so a rerun skips finished shards
(delete ``dst/_manifest`` to force a recomputation). Only paths, counts and error texts cross
between processes. A failed shard is retried once, then reported with its error; the others
complete. A JSONL shard with some lines that do not parse is "partial": the verb runs on its
good lines and the report lists the bad ones (a deterministic outcome, so not retried).
`threadline.scale.run.map_shards` returns one report row per shard (`REPORT`).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from threadline.documents.jsonl import summarise
from threadline.documents.read import Input, collect
from threadline.scale.io import content_hash, read_shard, write_atomic
from threadline.settings import DEFAULT
from threadline.version import __version__

#: One row per shard in the report of `map_shards`.
REPORT: dict[str, pl.DataType] = {
    "shard": pl.String(),  # the input path (first file and count for a group of files)
    "hash": pl.String(),  # sha256 of the input bytes (and file names for a group)
    # done | partial (bad JSONL lines left out) | skipped (done by an earlier run) | failed
    "status": pl.String(),
    "attempts": pl.Int64(),
    "rows_in": pl.Int64(),
    "rows_out": pl.Int64(),  # summed over the output tables
    "seconds": pl.Float64(),
    # "ExceptionType: message" of the last attempt; for a partial shard (and its skipped
    # reruns) the first bad lines, "line N: reason; ...; and K more bad lines"; else null
    "error": pl.String(),
    "outputs": pl.List(pl.String()),  # the Parquet files written
    "rows_bad": pl.Int64(),  # input lines left out (len of bad_lines); 0 for a clean shard
    "bad_lines": pl.List(pl.String()),  # every left-out line as "line N: reason"
}

TABLE_KINDS = {".parquet": "parquet", ".jsonl": "ndjson", ".ndjson": "ndjson", ".csv": "csv"}
_MANIFEST = "_manifest"


@dataclass(frozen=True)
class Task:
    """One shard of work: picklable, made of paths and names only."""

    sources: tuple[str, ...]  # one table file, or a group of text files
    kind: str  # parquet | ndjson | csv | files
    verb: str | Callable  # "module:function" or a module-level function
    dst: str
    options: tuple[tuple[str, Any], ...] = ()  # keyword arguments of the verb
    metadata: str | None = None  # sidecar for `read_corpus` of a group of files
    metadata_hash: str | None = None  # sha256 of the sidecar's bytes: part of the key
    #: the walk's entries of a group of files (paths, doc_id prefixes, rows it could not use)
    inputs: tuple[Input, ...] = ()
    #: an earlier output folder whose finished shards may be taken over (hard-linked)
    previous: str | None = None
    #: (offset, count): the rows of a Parquet table this shard holds (None: the whole file)
    rows: tuple[int, int] | None = None

    @property
    def name(self) -> str:
        """The shard as shown in reports."""
        extra = f" (+{len(self.sources) - 1} files)" if len(self.sources) > 1 else ""
        if self.rows is not None:
            extra += f" rows {self.rows[0] + 1}-{self.rows[0] + self.rows[1]}"
        return self.sources[0] + extra

    @property
    def key(self) -> str:
        """What was run on the shard: the verb's dotted name, its options, threadline's version."""
        meta = f" metadata {self.metadata_hash}" if self.metadata_hash else ""
        rows = f" rows {self.rows[0]}:{self.rows[1]}" if self.rows is not None else ""
        return (f"{verb_name(self.verb)}{sorted(self.options)!r}{meta}{rows} "
                f"threadline {__version__}")


def verb_name(verb: str | Callable) -> str:
    """The dotted "module:qualname" of a verb, refusing lambdas and nested functions.

    >>> verb_name(verb_name)
    'threadline.scale.tasks:verb_name'
    """
    if isinstance(verb, str):
        return verb
    qualname = getattr(verb, "__qualname__", "")
    if not callable(verb) or "<" in qualname:
        raise TypeError(
            f"shard verbs must be module-level functions or 'module:function' names, got "
            f"{verb!r}: workers import verbs by name"
        )
    return f"{verb.__module__}:{qualname}"


def resolve_verb(verb: str | Callable) -> Callable:
    """The function behind a verb name such as ``"threadline.timex:tag_dates"``."""
    if callable(verb):
        return verb
    module, _, attr = verb.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def plan_tasks(
    inputs: str | Path | Iterable[str | Path],
    verb: str | Callable,
    dst: str | Path,
    *,
    options: Mapping[str, Any] | None = None,
    metadata: str | Path | None = None,
    files_per_shard: int = DEFAULT.files_per_shard,
    previous: str | Path | None = None,
    rows_per_shard: int = DEFAULT.rows_per_shard,
) -> list[Task]:
    """Tasks for every table file under `inputs` (a Parquet file of more than
    `rows_per_shard` rows: one per run of that many rows, 0 for never), and for text files in
    groups of N; the entries the walk could not use travel with the text files, to be
    reported as rows. `previous`: an earlier output folder whose finished shards a task may
    take over.

    >>> plan_tasks([], "threadline.timex:tag_dates", "out")
    []
    """
    verb_name(verb)  # refuse lambdas early, in the caller's process
    items = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    found = collect(items, exclude=[dst])  # the walk of `read_corpus`: every entry accounted
    found = [i for i in found if _is_input(i.path, Path(dst))]
    opts = tuple(sorted((options or {}).items()))
    meta = str(metadata) if metadata else None
    meta_hash = content_hash([metadata]) if metadata and Path(metadata).is_file() else None
    tables = [i for i in found if i.path.suffix.lower() in TABLE_KINDS and i.status is None]
    texts = [i for i in found if i not in tables]
    tasks = [
        Task((i.given,), TABLE_KINDS[i.path.suffix.lower()], verb, str(dst), opts, meta,
             meta_hash, (i,), str(previous) if previous else None, rows)
        for i in tables
        for rows in _row_ranges(i.path, rows_per_shard)
    ]
    step = max(1, files_per_shard)
    for k in range(0, len(texts), step):
        group = tuple(texts[k : k + step])
        tasks.append(Task(tuple(i.given for i in group), "files", verb, str(dst), opts, meta,
                          meta_hash, group, str(previous) if previous else None))
    return sorted(tasks, key=lambda t: (t.sources[0], t.rows or (0, 0)))


def _row_ranges(path: Path, per_shard: int) -> list[tuple[int, int] | None]:
    """The (offset, count) row runs a Parquet file is cut into ([None]: the file is one
    shard): a big table is several tasks, so its rows spread over the workers."""
    if per_shard <= 0 or path.suffix.lower() != ".parquet":
        return [None]
    try:
        n = pl.scan_parquet(path).select(pl.len()).collect().item()
    except Exception:  # unreadable: the one task reports it
        return [None]
    if n <= per_shard:
        return [None]
    return [(k, min(per_shard, n - k)) for k in range(0, n, per_shard)]


def _is_input(path: Path, dst: Path) -> bool:
    """False for the files this module writes (manifest, partial writes), True otherwise."""
    is_tmp = path.name.startswith(".") and path.name.endswith(".tmp")
    return not is_tmp and not any(p in (_MANIFEST, "_linked") for p in path.parts)


def _manifest_record(task: Task, digest: str, folder: str | None = None) -> dict | None:
    """The manifest record of a finished shard in `folder` (default: the task's), its outputs
    as paths under that folder; None unless its key is the task's and its outputs exist."""
    root = Path(folder or task.dst)
    path = root / _MANIFEST / f"{digest}.json"
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    record["outputs"] = [str(root / p) for p in record.get("outputs", [])]  # relative to root
    outputs_there = all(Path(p).exists() for p in record["outputs"])
    return record if record.get("key") == task.key and outputs_there else None


def _take_over(task: Task, digest: str) -> dict | None:
    """A finished shard of the task's `previous` folder, hard-linked (else copied) into its
    folder with its manifest record, or None."""
    if not task.previous:
        return None
    record = _manifest_record(task, digest, task.previous)
    if record is None:
        return None
    dst, prev = Path(task.dst), Path(task.previous)
    for src in [*map(Path, record["outputs"]), prev / _MANIFEST / f"{digest}.json"]:
        target = dst / src.relative_to(prev)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, target)
        except OSError:
            shutil.copy2(src, target)
    return _manifest_record(task, digest)


def run_task(task: Task) -> dict[str, Any]:
    """Read, transform and write one shard; return its report row (errors caught, as text).

    Runs in a worker: everything it needs is in `task`, everything it returns is small.
    """
    t0 = time.perf_counter()
    row: dict[str, Any] = {
        "shard": task.name,
        "hash": None,
        "status": "failed",
        "rows_in": None,
        "rows_out": None,
        "error": None,
        "outputs": [],
        "rows_bad": None,
        "bad_lines": [],
    }
    try:
        paths = [i.path for i in task.inputs] or list(task.sources)
        digest = content_hash(paths, with_names=task.kind == "files")
        if task.rows is not None:  # one run of a table's rows: a part and a record of its own
            digest = hashlib.sha256(f"{digest} rows {task.rows}".encode()).hexdigest()
        row["hash"] = digest
        done = _manifest_record(task, digest) or _take_over(task, digest)
        if done is not None:  # a partial shard's record keeps its bad lines for the report
            kept = ("rows_in", "rows_out", "outputs", "error", "rows_bad", "bad_lines")
            row.update({"rows_bad": 0, **{k: done[k] for k in kept if k in done}})
            row["status"] = "skipped"
        else:
            row.update(_transform(task, digest))
    except Exception as exc:
        row["error"] = f"{type(exc).__name__}: {exc}"[:2000]
    row["seconds"] = time.perf_counter() - t0
    return row


def _transform(task: Task, digest: str) -> dict[str, Any]:
    """Run the verb on one shard, write its outputs and manifest record; the report fields."""
    sources = task.inputs if task.kind == "files" and task.inputs else task.sources
    frame, bad_lines = read_shard(task.kind, sources, task.metadata, task.rows)
    verb = resolve_verb(task.verb)
    kwargs = dict(task.options)
    if "source" in _parameters(verb):
        kwargs.setdefault("source", task.sources[0])
    if task.rows is not None and "first_row" in _parameters(verb):
        kwargs.setdefault("first_row", task.rows[0] + 1)
    out = verb(frame, **kwargs)
    tables = out if isinstance(out, Mapping) else {"": out}
    dst, part = Path(task.dst), f"part-{digest[:16]}.parquet"
    outputs = []
    for name, df in tables.items():
        path = dst / name / part if name else dst / part
        write_atomic(df, path)
        outputs.append(str(path))
    result = {
        "status": "partial" if bad_lines else "done",
        "rows_in": frame.height,
        "rows_out": sum(df.height for df in tables.values()),
        "outputs": outputs,
        "error": summarise(bad_lines)[:2000] if bad_lines else None,
        "rows_bad": len(bad_lines),
        "bad_lines": bad_lines,
    }
    record = Path(task.dst) / _MANIFEST / f"{digest}.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    tmp = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    relative = [str(Path(p).relative_to(dst)) for p in outputs]
    saved = {"key": task.key, "shard": task.name, **result, "outputs": relative}
    tmp.write_text(json.dumps(saved), "utf-8")
    os.replace(tmp, record)
    return result


def _parameters(fn: Callable) -> Mapping[str, inspect.Parameter]:
    try:
        return inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
