"""The files of a sharded build, written from the shard parts in bounded memory.

Documents and mentions stream from their parts to one Parquet file each (polars' streaming
sinks); TimeML is written shard by shard. Events come either as one linked frame (a table
small enough for one frame) or as the linked parts of the Dask shuffle, which are streamed:
``events.parquet`` by a sink (in block order), ``events.csv`` and ``timeline.json`` part by
part, and the site from `site_sample` (thread totals and each thread's most-reported events).
The documents' text is never loaded here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

import threadline.schema as schema
from threadline.exports.spreadsheet import spreadsheet_safe
from threadline.pipeline import BuildReport, bad_inputs
from threadline.settings import DEFAULT, Settings


def scan_parts(parts: Sequence[str], table_schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    """The shard parts of one table, lazily, in order, extra columns kept (null where absent);
    an empty frame of `table_schema` when there are none."""
    if not parts:
        return schema.empty(table_schema).lazy()
    return pl.concat([pl.scan_parquet(p) for p in parts], how="diagonal_relaxed")


def read_each(parts: Sequence[str]) -> Iterator[pl.DataFrame]:
    """The EVENTS parts one at a time, each with every column of the union of their schemas,
    in one order (so CSV parts line up); one empty EVENTS frame when there are none."""
    if not parts:
        yield schema.empty(schema.EVENTS)
        return
    columns = scan_parts(parts, schema.EVENTS).collect_schema()
    for path in parts:
        part = pl.read_parquet(path)
        yield part.select(
            pl.col(c) if c in part.columns else pl.lit(None, dtype).alias(c)
            for c, dtype in columns.items()
        )


def write_outputs(
    outdir: Path,
    parts: dict[str, list[str]],
    bad: pl.DataFrame,
    events: pl.DataFrame | Sequence[str],
    settings: Settings = DEFAULT,
) -> BuildReport:
    """The files of `pipeline.build` from the shard `parts` (table -> Parquet paths), the bad
    shards' DOCUMENTS rows, and the linked events: a frame, or the paths of linked parts."""
    from threadline.exports import write_event_files, write_exports
    from threadline.timeline.pages import write_site
    from threadline.timeline.sample import site_sample

    documents = pl.concat(
        [scan_parts(parts["documents"], schema.DOCUMENTS), bad.lazy()], how="diagonal_relaxed"
    )
    documents.sink_parquet(outdir / "documents.parquet")
    spreadsheet_safe(documents).sink_csv(outdir / "documents.csv")
    scan_parts(parts["mentions"], schema.MENTIONS).sink_parquet(outdir / "mentions.parquet")
    no_events = schema.empty(schema.EVENTS)
    for doc_part, mention_part in zip(parts["documents"], parts["mentions"], strict=True):
        # TimeML, one shard at a time (events.* are written below)
        write_exports(outdir, pl.read_parquet(doc_part), pl.read_parquet(mention_part), no_events)
    headers = pl.scan_parquet(outdir / "documents.parquet")
    cap = settings.site_events_per_thread
    if isinstance(events, pl.DataFrame):
        no_docs, no_mentions = schema.empty(schema.DOCUMENTS), schema.empty(schema.MENTIONS)
        write_exports(outdir, no_docs, no_mentions, events)
        index = write_site(outdir, headers, events, per_thread=cap)
        n_events = events.height
    else:
        scan_parts(list(events), schema.EVENTS).sink_parquet(outdir / "events.parquet")
        write_event_files(outdir, read_each(events))
        totals, shown, n_events = site_sample(read_each(events), cap)
        if shown.height == 0:
            shown = schema.empty(schema.EVENTS)
        index = write_site(outdir, headers, shown, totals=totals, n_events=n_events)
    counts = headers.select(pl.len(), (pl.col("status") == "ok").sum()).collect().row(0)
    return BuildReport(
        outdir=outdir,
        index_html=index,
        n_documents=counts[0],
        n_ok=counts[1] or 0,
        n_mentions=pl.scan_parquet(outdir / "mentions.parquet").select(pl.len()).collect().item(),
        n_events=n_events,
        bad=bad_inputs(headers),
    )


__all__ = ["read_each", "scan_parts", "write_outputs"]
