"""`threadline build` shard by shard: per-document stages in workers, cross-document steps after.

    OUTDIR/documents/part-<hash>.parquet   DOCUMENTS of each shard  (written by the workers)
    OUTDIR/mentions/part-<hash>.parquet    MENTIONS of each shard
    OUTDIR/events/part-<hash>.parquet      EVENTS of each shard, before threads and clusters
    OUTDIR/_manifest/<hash>.json           finished shards, keyed by the input's sha256
    OUTDIR/documents.parquet, events.parquet, index.html, ...   as `pipeline.build` writes them

Thread assignment and same-event merging span documents, so they run after the shards on the
events table: in one polars frame, or, above `Settings.shuffle_threshold_rows`, as a Dask
shuffle that brings each (country, month) block of events into one partition.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from threadline import schema
from threadline.pipeline import BuildReport, bad_inputs
from threadline.settings import DEFAULT, Settings
from threadline.shard_engines import open_engine
from threadline.shards import plan_tasks, run_tasks

TABLES = ("documents", "mentions", "events")


def shard_stages(
    table: pl.DataFrame, *, source: str, doc_type: str = "news"
) -> dict[str, pl.DataFrame]:
    """One shard through the per-document stages: rows or files -> documents, mentions, events.

    A shard that is already DOCUMENTS (a group of text files) is used as is; any other table
    goes through `documents.from_table`.
    """
    from threadline.documents import from_table
    from threadline.events import extract_events
    from threadline.timex import tag_dates

    is_documents = set(schema.DOCUMENTS) <= set(table.columns)
    documents = table if is_documents else from_table(table, source=source)
    mentions = tag_dates(documents, doc_type=doc_type)
    events = extract_events(documents, mentions)
    return {"documents": documents, "mentions": mentions, "events": events}


def bad_shard_documents(report: pl.DataFrame) -> pl.DataFrame:
    """A DOCUMENTS row (status "bad_shard", the error) for every shard that failed.

    >>> from threadline.shards import REPORT
    >>> rep = pl.DataFrame({"shard": ["a.jsonl"], "status": ["failed"], "error": ["bad"]})
    >>> bad_shard_documents(schema.conform(rep, REPORT)).select("doc_id", "status").rows()
    [('a.jsonl', 'bad_shard')]
    """
    failed = report.filter(pl.col("status") == "failed")
    rows = failed.select(
        pl.col("shard").alias("doc_id"),
        pl.col("shard").alias("source"),
        pl.lit("bad_shard").alias("status"),
        pl.col("error"),
    )
    return schema.conform(rows, schema.DOCUMENTS).select(list(schema.DOCUMENTS))


def block_key() -> pl.Expr:
    """(country, month of date_start) of an event: the blocking key of the Dask shuffle.

    >>> import datetime as dt
    >>> ev = pl.DataFrame({"country": ["Syria", None], "date_start": [dt.date(2017, 9, 25), None]})
    >>> ev.select(block_key())["_block"].to_list()
    ['Syria|2017-09', '|']
    """
    month = pl.col("date_start").dt.strftime("%Y-%m")
    return pl.concat_str(pl.col("country").fill_null(""), pl.lit("|"), month.fill_null("")).alias(
        "_block"
    )


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
    from threadline.shard_io import write_atomic
    from threadline.threads import assign_threads, merge_events

    if part.empty:  # a hash partition that received no block
        return 0
    linked = merge_events(assign_threads(_restore(part, types), threads))
    write_atomic(linked, Path(path))
    return linked.height


def link_events(
    parts: Sequence[str],
    threads: str | Path | None = None,
    *,
    settings: Settings = DEFAULT,
    client: Any = None,
    workdir: str | Path | None = None,
) -> pl.DataFrame:
    """Threads and same-event clusters over the events shards `parts`, in input order.

    Small tables run in one polars frame; above `settings.shuffle_threshold_rows` rows the
    table is shuffled with dask.dataframe by (country, month) and each block is linked in a
    worker (on `client`'s cluster if given), its Parquet written under `workdir`. Threads from
    a spec are scored row by row, so they are exact; same-event clusters (and automatic
    threads) are found within a block, so they refine the one-frame result.
    """
    from threadline.threads import assign_threads, merge_events

    threads = str(Path(threads).resolve()) if threads else None  # workers may run elsewhere
    if not parts:
        return merge_events(assign_threads(schema.empty(schema.EVENTS), threads))
    sizes = {p: pl.scan_parquet(p).select(pl.len()).collect().item() for p in parts}
    parts = [p for p in parts if sizes[p]] or list(parts[:1])  # empty parts may lack types
    scan = _scan(parts)
    if sum(sizes.values()) <= settings.shuffle_threshold_rows:
        return merge_events(assign_threads(scan.collect(), threads))
    import dask
    import dask.dataframe as dd

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
    order = scan.select("event_id").with_row_index("_order")
    linked = _scan(sorted(str(p) for p in workdir.glob("part-*.parquet")))
    return linked.join(order, on="event_id").sort("_order").drop("_order").collect()


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
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    eng = open_engine(
        engine, scheduler=scheduler, workers=workers, polars_threads=settings.worker_polars_threads
    )
    try:
        tasks = plan_tasks(
            inputs,
            shard_stages,
            outdir,
            options={"doc_type": settings.doc_type},
            metadata=metadata,
            files_per_shard=settings.files_per_shard,
        )
        report = run_tasks(eng, tasks, progress=progress)
        outputs = report["outputs"].explode().drop_nulls().to_list()
        parts = {t: [p for p in outputs if Path(p).parent.name == t] for t in TABLES}
        events = link_events(
            parts["events"],
            threads,
            settings=settings,
            client=eng.client,
            workdir=outdir / "_linked",
        )
    finally:
        if eng is not engine:
            eng.close()
    return _write_outputs(outdir, parts, bad_shard_documents(report), events)


def _write_outputs(
    outdir: Path, parts: dict[str, list[str]], bad: pl.DataFrame, events: pl.DataFrame
) -> BuildReport:
    """The files of `pipeline.build`, streamed from the shard parts; only the events table and
    the documents without their text are held in memory."""
    from threadline.exports import write_exports
    from threadline.html import write_site

    documents = pl.concat(
        [_lazy(parts["documents"], schema.DOCUMENTS), bad.lazy()], how="diagonal_relaxed"
    )
    documents.sink_parquet(outdir / "documents.parquet")
    documents.sink_csv(outdir / "documents.csv")
    _lazy(parts["mentions"], schema.MENTIONS).sink_parquet(outdir / "mentions.parquet")
    no_events = schema.empty(schema.EVENTS)
    for doc_part, mention_part in zip(parts["documents"], parts["mentions"], strict=True):
        # TimeML, one shard at a time (the events files are rewritten at the end)
        write_exports(outdir, pl.read_parquet(doc_part), pl.read_parquet(mention_part), no_events)
    write_exports(outdir, schema.empty(schema.DOCUMENTS), schema.empty(schema.MENTIONS), events)
    headers = (
        pl.scan_parquet(outdir / "documents.parquet")
        .with_columns(pl.lit(None, pl.String).alias("text"))
        .collect()
    )
    index = write_site(outdir, headers, events)
    return BuildReport(
        outdir=outdir,
        index_html=index,
        n_documents=headers.height,
        n_ok=headers.filter(pl.col("status") == "ok").height,
        n_mentions=pl.scan_parquet(outdir / "mentions.parquet").select(pl.len()).collect().item(),
        n_events=events.height,
        bad=bad_inputs(headers),
    )


def _scan(parts: Sequence[str]) -> pl.LazyFrame:
    """The shard parts of one table, lazily, in order; extra columns kept (null where absent)."""
    return pl.concat([pl.scan_parquet(p) for p in parts], how="diagonal_relaxed")


def _lazy(parts: Sequence[str], table_schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    """The shard parts of one table, lazily; an empty frame of the schema when there are none."""
    return _scan(parts) if parts else schema.empty(table_schema).lazy()
