"""`threadline build` shard by shard: per-document stages in workers, cross-document steps after.

    OUTDIR/documents/part-<hash>.parquet   DOCUMENTS of each shard  (written by the workers)
    OUTDIR/mentions/part-<hash>.parquet    MENTIONS of each shard
    OUTDIR/events/part-<hash>.parquet      EVENTS of each shard, before threads and clusters
    OUTDIR/_manifest/<hash>.json           finished shards, keyed by the input's sha256
    OUTDIR/documents.parquet, events.parquet, index.html, ...   as `pipeline.build` writes them

Thread assignment and same-event merging span documents, so they run after the shards on the
events table: in one polars frame, or, above `Settings.shuffle_threshold_rows`, as a Dask
shuffle that brings each block of events (a year of start dates) into one partition.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

import threadline.schema as schema
from threadline.pipeline import BuildReport
from threadline.scale.engines import open_engine
from threadline.scale.ids import unique_across_shards
from threadline.scale.outputs import scan_parts, write_outputs
from threadline.scale.run import run_tasks
from threadline.scale.tasks import plan_tasks
from threadline.settings import DEFAULT, Settings

TABLES = ("documents", "mentions", "events")


def shard_stages(
    table: pl.DataFrame, *, source: str, doc_type: str = "news"
) -> dict[str, pl.DataFrame]:
    """One shard through the per-document stages: rows or files -> documents, mentions, events.

    A shard that is already DOCUMENTS (a group of text files) is used as is; any other table
    goes through `documents.from_table`.
    """
    from threadline.documents import from_table
    from threadline.pipeline import guarded_stages

    is_documents = set(schema.DOCUMENTS) <= set(table.columns)
    documents = table if is_documents else from_table(table, source=source)
    documents, mentions, events = guarded_stages(documents, doc_type)
    return {"documents": documents, "mentions": mentions, "events": events}


def bad_shard_documents(report: pl.DataFrame) -> pl.DataFrame:
    """DOCUMENTS rows for what the shards could not read, so every input is accounted for.

    A failed shard gives one row (doc_id its path, status "bad_shard", its error); each JSONL
    line a partial shard left out (report column `bad_lines`, kept by skipped reruns) gives one
    row as `read_corpus` does: doc_id "<stem>#line<N>", status "malformed", the line's reason.

    >>> from threadline.scale.tasks import REPORT
    >>> rep = pl.DataFrame(
    ...     {
    ...         "shard": ["a.jsonl", "in/b.jsonl"],
    ...         "status": ["failed", "partial"],
    ...         "error": ["bad", "line 2: invalid JSON (Expecting value at column 9)"],
    ...         "bad_lines": [[], ["line 2: invalid JSON (Expecting value at column 9)"]],
    ...     }
    ... )
    >>> bad_shard_documents(schema.conform(rep, REPORT)).select("doc_id", "status").rows()
    [('a.jsonl', 'bad_shard'), ('b#line2', 'malformed')]
    """
    failed = report.filter(pl.col("status") == "failed").select(
        pl.col("shard").alias("doc_id"),
        pl.col("shard").alias("source"),
        pl.lit("bad_shard").alias("status"),
        pl.col("error"),
    )
    stem = pl.col("shard").str.extract(r"([^/\\]*?)(?:\.[^./\\]*)?$")  # as Path.stem
    line = pl.col("bad_lines").str.extract(r"^line (\d+):")
    malformed = (
        report.select("shard", "bad_lines")
        .explode("bad_lines")
        .drop_nulls("bad_lines")
        .select(
            pl.format("{}#line{}", stem, line).alias("doc_id"),
            pl.col("shard").alias("source"),
            pl.lit("malformed").alias("status"),
            pl.format("{}: {}; fix or drop the line", "shard", "bad_lines").alias("error"),
        )
    )
    rows = pl.concat([failed, malformed])
    return schema.conform(rows, schema.DOCUMENTS).select(list(schema.DOCUMENTS))


def block_key() -> pl.Expr:
    """The calendar year of an event's start date ("" when undated): the blocking key of the
    Dask shuffle. Not the country: reports of one event often disagree on it or omit it.

    >>> import datetime as dt
    >>> ev = pl.DataFrame({"date_start": [dt.date(2017, 9, 25), None]})
    >>> ev.select(block_key())["_block"].to_list()
    ['2017', '']
    """
    return pl.col("date_start").dt.year().cast(pl.String).fill_null("").alias("_block")


def _load_part(path: str) -> Any:
    """One events part with its block key, as pandas; list columns travel as JSON text."""
    frame = pl.read_parquet(path)
    nested = [c for c, t in frame.schema.items() if t.is_nested()]
    return frame.with_columns(
        block_key(), *(pl.struct(c).struct.json_encode().alias(c) for c in nested)
    ).to_pandas()


def _restore(part: Any, types: dict[str, pl.DataType]) -> pl.DataFrame:
    """The polars frame `_load_part` flattened: every column back to its type."""
    frame = pl.from_pandas(part.drop(columns="_block"))
    return frame.select(
        pl.col(c).str.json_decode(pl.Struct({c: t})).struct.field(c)
        if t.is_nested()
        else pl.col(c).cast(t)
        for c, t in types.items()
    )


def _link_partition(part: Any, types: dict, threads: str | None, path: str) -> int:
    """assign_threads + merge_events on one shuffled partition (pandas in, Parquet out)."""
    from threadline.scale.io import write_atomic
    from threadline.threads import assign_threads, merge_events

    if part.empty:  # a hash partition that received no block
        return 0
    # spec threads are row-exact; automatic threads for the rest need the whole table
    # (`link_parts` finds them after the blocks), so a block never discovers its own
    linked = merge_events(assign_threads(_restore(part, types), threads,
                                         discover=threads is None))
    write_atomic(linked, Path(path))
    return linked.height


def count_rows(parts: Sequence[str]) -> int:
    """Rows over the Parquet `parts`, from their metadata."""
    return sum(pl.scan_parquet(p).select(pl.len()).collect().item() for p in parts)


def link_parts(
    parts: Sequence[str],
    threads: str | Path | None = None,
    *,
    client: Any = None,
    workdir: str | Path | None = None,
) -> list[str]:
    """Threads and same-event clusters over the events shards `parts` as a Dask shuffle: the
    table is shuffled with dask.dataframe by `block_key` (start year), each block is linked in
    a worker (on `client`'s cluster if given) and written to ``workdir/part-*.parquet``;
    returns those paths. Only paths reach the caller, so memory is bounded by a block.

    Threads from a spec are scored row by row, so they are exact (the automatic threads of
    the events they leave are found after the blocks, over the whole table); same-event
    clusters (and automatic threads without a spec) are found within a block, so they refine
    the one-frame result: reports
    of one event whose start dates fall in different years, or an undated report of a dated
    event, stay apart.
    """
    import dask
    import dask.dataframe as dd

    threads = str(Path(threads).resolve()) if threads else None  # workers may run elsewhere
    parts = [p for p in parts if count_rows([p])] or list(parts[:1])  # empty parts lack types
    workdir = Path(workdir or Path(parts[0]).parent.parent / "_linked")
    for stale in workdir.glob("part-*.parquet"):  # from an earlier run
        stale.unlink()
    meta = _load_part(parts[0]).iloc[:0]
    ddf = dd.from_map(_load_part, list(parts), meta=meta)
    ddf = ddf.shuffle("_block", npartitions=len(parts))
    types = dict(pl.read_parquet_schema(parts[0]))
    jobs = [
        dask.delayed(_link_partition)(part, types, threads, str(workdir / f"part-{i:05d}.parquet"))
        for i, part in enumerate(ddf.to_delayed())
    ]
    if client is not None:
        client.gather(client.compute(jobs))
    else:
        dask.compute(*jobs)
    linked = sorted(str(p) for p in workdir.glob("part-*.parquet"))
    if threads is not None:
        _discover_rest(linked, parts, threads)
    return linked


def link_events(
    parts: Sequence[str],
    threads: str | Path | None = None,
    *,
    settings: Settings = DEFAULT,
    client: Any = None,
    workdir: str | Path | None = None,
) -> pl.DataFrame:
    """Threads and same-event clusters over the events shards `parts`, in input order: in one
    polars frame, or above `settings.shuffle_threshold_rows` rows by `link_parts`."""
    from threadline.threads import assign_threads, merge_events

    if not parts:
        return merge_events(assign_threads(schema.empty(schema.EVENTS), threads))
    scan = scan_parts(parts, schema.EVENTS)
    if count_rows(parts) <= settings.shuffle_threshold_rows:
        return merge_events(assign_threads(scan.collect(), threads))
    linked = link_parts(parts, threads, client=client, workdir=workdir)
    order = scan.select("event_id").with_row_index("_order")
    return scan_parts(linked, schema.EVENTS).join(order, on="event_id").sort("_order").drop(
        "_order"
    ).collect()


def _discover_rest(linked: list[str], parts: Sequence[str], threads: str) -> None:
    """Automatic threads for the events no spec thread claims, found over the whole table as
    `assign_threads` finds them in one frame (on those events' input rows, in input order;
    merging reads no thread column), written into the `linked` parts that hold them."""
    from threadline.scale.io import write_atomic
    from threadline.threads import assign_threads

    rest = scan_parts(linked, schema.EVENTS).filter(pl.col("thread_id").is_null()).select(
        "event_id").collect()
    if rest.is_empty():
        return
    rows = (scan_parts(parts, schema.EVENTS).with_row_index("_order")
            .join(rest.lazy(), on="event_id", how="semi").sort("_order").drop("_order")
            .collect())
    cols = ["event_id", "thread_id", "thread_label", "thread_ids"]
    found = assign_threads(rows, threads).select(cols).filter(pl.col("thread_id").is_not_null())
    for path in linked if found.height else ():
        part = pl.read_parquet(path)
        if part["event_id"].is_in(found["event_id"].implode()).any():
            write_atomic(part.update(found, on="event_id", how="left"), Path(path))


def build_sharded(
    inputs: str | Path | Sequence[str | Path],
    outdir: str | Path,
    *,
    metadata: str | Path | None = None,
    threads: str | Path | None = None,
    settings: Settings = DEFAULT,
    engine: str | Any = "dask",
    scheduler: Any = None,
    workers: int = 2,
    progress: bool | None = None,
) -> BuildReport:
    """`pipeline.build`, shard by shard on `engine`: same output folder, plus the shard parts.

    A shard that cannot be read becomes a DOCUMENTS row with status "bad_shard" and its error.
    The output folder is written atomically, as by `pipeline.build`; the finished shards of
    the previous output (same input bytes, verb, options and metadata) are taken over.
    """
    from threadline.pipeline import staged_output
    from threadline.threads.spec import load_threads

    outdir = Path(outdir)
    if threads is not None:
        load_threads(threads)
    with staged_output(outdir) as stage:
        report = _build_into(stage, outdir, inputs, metadata, threads, settings, engine,
                             scheduler, workers, progress)
    return dataclasses.replace(report, outdir=outdir, index_html=outdir / "index.html")


def _build_into(
    stage: Path, outdir: Path, inputs: Any, metadata: Any, threads: Any, settings: Settings,
    engine: Any, scheduler: Any, workers: int, progress: bool | None,
) -> BuildReport:
    """`build_sharded` into the temporary folder `stage`."""
    eng = open_engine(
        engine, scheduler=scheduler, workers=workers, polars_threads=settings.worker_polars_threads
    )
    try:
        tasks = plan_tasks(
            inputs,
            shard_stages,
            stage,
            options={"doc_type": settings.doc_type},
            metadata=metadata,
            files_per_shard=settings.files_per_shard,
            previous=outdir if outdir.is_dir() else None,
        )
        report = run_tasks(eng, tasks, progress=progress)
        outputs = report["outputs"].explode().drop_nulls().to_list()
        parts = {t: [p for p in outputs if Path(p).parent.name == t] for t in TABLES}
        parts = unique_across_shards(parts, stage)
        if count_rows(parts["events"]) > settings.shuffle_threshold_rows:
            linked = stage / "_linked"
            events = link_parts(parts["events"], threads, client=eng.client, workdir=linked)
        else:
            events = link_events(parts["events"], threads, settings=settings)
    finally:
        if eng is not engine:
            eng.close()
    return write_outputs(stage, parts, bad_shard_documents(report), events, settings)

