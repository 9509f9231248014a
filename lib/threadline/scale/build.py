"""`threadline build` shard by shard: per-document stages in workers, cross-document steps after.

    OUTDIR/documents/part-<hash>.parquet   DOCUMENTS of each shard  (written by the workers)
    OUTDIR/mentions/part-<hash>.parquet    MENTIONS of each shard
    OUTDIR/events/part-<hash>.parquet      EVENTS of each shard, before threads and clusters
    OUTDIR/_linked/links.parquet           threads and link component of every event (shuffle)
    OUTDIR/_manifest/<hash>.json           finished shards, keyed by the input's sha256
    OUTDIR/documents.parquet, events.parquet, index.html, ...   as `pipeline.build` writes them

Thread assignment and same-event merging span documents, so they run after the shards on the
events table: in one polars frame, or, above `Settings.shuffle_threshold_rows`, one pass over
the columns linking reads (threads; link components, which hold every same-event cluster) and
merging as a Dask shuffle that brings each component into one partition: the same output.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

import threadline.schema as schema
from threadline.pipeline import BuildReport
from threadline.scale.engines import start_engine
from threadline.scale.ids import unique_across_shards
from threadline.scale.outputs import scan_parts, start_outputs, write_outputs
from threadline.scale.run import run_tasks
from threadline.scale.tasks import plan_tasks
from threadline.settings import DEFAULT, Settings

TABLES = ("documents", "mentions", "events")


def shard_stages(
    table: pl.DataFrame, *, source: str, doc_type: str = "news", first_row: int = 1
) -> dict[str, pl.DataFrame]:
    """One shard through the per-document stages: rows or files -> documents, mentions, events.

    A shard that is already DOCUMENTS (a group of text files) is used as is; any other table
    goes through `documents.from_table` (`first_row`: its first row's number in the file).
    """
    from threadline.documents import from_table
    from threadline.pipeline import guarded_stages

    is_documents = set(schema.DOCUMENTS) <= set(table.columns)
    documents = table if is_documents else from_table(table, source=source,
                                                      first_row=first_row)
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


def _link_table(parts: Sequence[str], threads: str | None, path: str) -> str:
    """One pass over all events of `parts`, from the few columns linking reads: their thread
    columns (threads span every block) and their link component (``_block``: reports a chain
    of linked pairs joins, so no same-event cluster spans two blocks); written to `path`."""
    from threadline.scale.io import write_atomic
    from threadline.threads import assign_threads
    from threadline.threads.merge import LINK_INPUTS, link_components
    from threadline.threads.spec import THREAD_COLUMNS, THREAD_INPUTS

    scan = scan_parts(parts, schema.EVENTS)
    names = scan.collect_schema().names()
    wanted = dict.fromkeys((*THREAD_INPUTS, *LINK_INPUTS))
    frame = scan.select([c for c in wanted if c in names]).collect()
    events = schema.conform(frame, {c: t for c, t in schema.EVENTS.items() if c in wanted})
    threaded = assign_threads(events, threads)
    table = threaded.select(THREAD_COLUMNS).join(
        link_components(threaded).rename({"component": "_block"}), on="event_id", how="left")
    write_atomic(table, Path(path))
    return path


def _load_part(path: str, table: str) -> Any:
    """One events part with its threads and link component from `table`, as pandas; list
    columns travel as JSON text."""
    from threadline.threads.spec import THREAD_COLUMNS

    frame = pl.read_parquet(path)
    found = pl.scan_parquet(table).filter(pl.col("event_id").is_in(frame["event_id"].implode()))
    frame = frame.drop(THREAD_COLUMNS[1:], "_block", strict=False).join(
        found.collect(), on="event_id", how="left", maintain_order="left")
    nested = [c for c, t in frame.schema.items() if t.is_nested()]
    return frame.with_columns(
        *(pl.struct(c).struct.json_encode().alias(c) for c in nested)
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


def _link_partition(part: Any, types: dict, path: str) -> int:
    """merge_events on one shuffled partition of whole link components (pandas in, Parquet
    out); its threads came with it from the link table."""
    from threadline.scale.io import write_atomic
    from threadline.threads import merge_events
    from threadline.threads.spec import with_features

    if part.empty:  # a hash partition that received no block
        return 0
    linked = merge_events(with_features(_restore(part, types)))
    write_atomic(linked, Path(path))
    return linked.height


def merge_unthreaded(events: pl.DataFrame) -> pl.DataFrame:
    """`merge_events` of events whose threads are not assigned yet (a job of its own: any
    process can run it); their thread columns are assigned apart and put in after."""
    from threadline.threads import merge_events
    from threadline.threads.spec import with_features

    return merge_events(with_features(events))


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
    """Threads and same-event clusters over the events shards `parts` as a Dask shuffle: one
    task reads the columns linking needs from every part and writes the link table (each
    event's threads and link component, `_link_table`); the table is shuffled with
    dask.dataframe by component, each partition is merged in a worker (on `client`'s cluster
    if given) and written to ``workdir/part-*.parquet``; returns those paths. Only paths reach
    the caller, so memory is bounded by the link table's columns and a partition.

    Threads are assigned over the whole corpus and every same-event cluster lies in one link
    component, so the result equals the one-frame `link_events` row for row.
    """
    import dask
    import dask.dataframe as dd

    threads = str(Path(threads).resolve()) if threads else None  # workers may run elsewhere
    parts = [p for p in parts if count_rows([p])] or list(parts[:1])  # empty parts lack types
    workdir = Path(workdir or Path(parts[0]).parent.parent / "_linked")
    for stale in workdir.glob("part-*.parquet"):  # from an earlier run
        stale.unlink()
    workdir.mkdir(parents=True, exist_ok=True)
    table = dask.delayed(_link_table)(list(parts), threads, str(workdir / "links.parquet"))
    table = client.compute(table).result() if client is not None else table.compute()
    load = functools.partial(_load_part, table=table)
    meta = load(parts[0]).iloc[:0]
    ddf = dd.from_map(load, list(parts), meta=meta).shuffle("_block", npartitions=len(parts))
    types = dict(pl.read_parquet_schema(parts[0]))
    types.update({c: schema.EVENTS[c] for c in ("thread_id", "thread_label", "thread_ids")})
    jobs = [
        dask.delayed(_link_partition)(part, types, str(workdir / f"part-{i:05d}.parquet"))
        for i, part in enumerate(ddf.to_delayed())
    ]
    if client is not None:
        client.gather(client.compute(jobs))
    else:
        dask.compute(*jobs)
    return sorted(str(p) for p in workdir.glob("part-*.parquet"))


def link_events(
    parts: Sequence[str],
    threads: str | Path | None = None,
    *,
    settings: Settings = DEFAULT,
    client: Any = None,
    workdir: str | Path | None = None,
    submit: Callable | None = None,
) -> pl.DataFrame:
    """Threads and same-event clusters over the events shards `parts`, in the order of
    `pipeline.events_order` (as one batch gives them): in one polars frame, or above
    `settings.shuffle_threshold_rows` rows by `link_parts`.

    In one frame with `submit` (an engine's), merging is a job on a worker while this
    process assigns the threads: merging reads no thread column and threads read no
    column merging writes but the dates, which they read before it (as `link_parts` does).
    """
    from threadline.pipeline import events_order
    from threadline.threads import assign_threads, merge_events
    from threadline.threads.spec import THREAD_COLUMNS

    if not parts:
        return merge_events(assign_threads(schema.empty(schema.EVENTS), threads))
    scan = scan_parts(parts, schema.EVENTS)
    if count_rows(parts) <= settings.shuffle_threshold_rows:
        events = events_order(scan.collect())
        if submit is None:
            return merge_events(assign_threads(events, threads))
        merging = submit(merge_unthreaded, events)
        threaded = assign_threads(events, threads)
        merged = merging.result()
        if not merged["event_id"].equals(threaded["event_id"]):  # rows moved: merge here
            return merge_events(threaded)
        return merged.with_columns(threaded.select(THREAD_COLUMNS[1:]))
    linked = link_parts(parts, threads, client=client, workdir=workdir)
    order = scan.select("event_id", "doc_id").sort("doc_id", maintain_order=True).select(
        "event_id").with_row_index("_order")
    return scan_parts(linked, schema.EVENTS).join(order, on="event_id").sort("_order").drop(
        "_order"
    ).collect()


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
    """`build_sharded` into the temporary folder `stage`: the engine starts while the inputs
    are split; the files that need only the shard parts are started before the events are
    linked, so the workers write them while this process links."""
    pending = start_engine(
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
            rows_per_shard=settings.rows_per_shard,
        )
        _warm_site()
        eng = pending.result()
        report = run_tasks(eng, tasks, progress=progress)
        outputs = report["outputs"].explode().drop_nulls().to_list()
        parts = {t: [p for p in outputs if Path(p).parent.name == t] for t in TABLES}
        parts = unique_across_shards(parts, stage)
        bad = bad_shard_documents(report)
        started = start_outputs(stage, parts, bad, submit=eng.submit)
        if count_rows(parts["events"]) > settings.shuffle_threshold_rows:
            linked = stage / "_linked"
            events = link_parts(parts["events"], threads, client=eng.client, workdir=linked)
        else:
            events = link_events(parts["events"], threads, settings=settings,
                                 submit=eng.submit)
        return write_outputs(stage, parts, bad, events, settings, submit=eng.submit,
                             started=started)
    finally:
        if pending.exception() is None and pending.result() is not engine:  # waits for it
            pending.result().close()


def _warm_site() -> None:
    """Build the figures' template now, while the engine starts, rather than after the
    shards, when this process writes the index (it is cached)."""
    from threadline.timeline.figures import template

    template()
