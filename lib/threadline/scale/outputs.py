"""The files of a sharded build, written from the shard parts in bounded memory.

Documents and mentions stream from their parts to one Parquet file each (polars' streaming
sinks); TimeML is written shard by shard (each shard a job, on the engine's workers). Events
come either as one linked frame (a table small enough for one frame) or as the linked parts
of the Dask shuffle, which are streamed: ``events.parquet`` by a sink (in block order),
``events.csv`` and ``timeline.json`` part by part, and the site from `site_sample` (thread
totals and each thread's most-reported events). The documents' text is never loaded here.
The thread pages and TimelineJS files are jobs on the engine's workers too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
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


def timeml_part(outdir: str, documents: str, mentions: str) -> list[str]:
    """TimeML files of one shard (its DOCUMENTS and MENTIONS parts); the doc_ids written. A
    job of its own: any process can run it."""
    from threadline.exports.files import write_timeml

    return write_timeml(outdir, pl.read_parquet(documents), pl.read_parquet(mentions))


def event_files(outdir: str, events: pl.DataFrame) -> str:
    """events.parquet, events.csv, timeline.json and counts.csv of the linked `events` (one
    job: any process can run it)."""
    from threadline.exports import write_event_files

    events.write_parquet(Path(outdir) / "events.parquet")
    write_event_files(Path(outdir), [events])
    return outdir


def documents_table(parts: Sequence[str], bad: pl.DataFrame) -> pl.LazyFrame:
    """DOCUMENTS of the shard `parts` and the bad shards' rows, lazily: what
    ``documents.parquet`` holds, without waiting for it to be written."""
    return pl.concat([scan_parts(parts, schema.DOCUMENTS), bad.lazy()], how="diagonal_relaxed")


def write_tables(outdir: str, documents: Sequence[str], bad: pl.DataFrame,
                 mentions: Sequence[str]) -> str:
    """documents.parquet, documents.csv and mentions.parquet streamed from the shard parts
    (one job: any process can run it)."""
    docs = documents_table(documents, bad)
    docs.sink_parquet(Path(outdir) / "documents.parquet")
    spreadsheet_safe(docs).sink_csv(Path(outdir) / "documents.csv")
    scan_parts(mentions, schema.MENTIONS).sink_parquet(Path(outdir) / "mentions.parquet")
    return outdir


def start_outputs(outdir: Path, parts: dict[str, list[str]], bad: pl.DataFrame,
                  submit: Callable | None = None) -> list:
    """Start the files that need only the shard parts, before the events are linked: the
    tables (`write_tables`) and the TimeML of each shard (`timeml_part`, in shard order);
    their futures, for `write_outputs`."""
    from threadline.timeline.site import run_here

    submit = submit or run_here
    jobs = [submit(write_tables, str(outdir), parts["documents"], bad, parts["mentions"])]
    return jobs + [submit(timeml_part, str(outdir), d, m)
                   for d, m in zip(parts["documents"], parts["mentions"], strict=True)]


def _key_events(documents: pl.LazyFrame, mentions: Sequence[str],
                events: pl.DataFrame) -> pl.DataFrame:
    """`key_events` of the linked events, with the publication days and date mentions (only
    the columns it reads) of the tables being written, as the one-process build has."""
    from threadline.timeline.keydates import DOCUMENT_COLUMNS, MENTION_COLUMNS, key_events

    return key_events(events, documents=documents.select(DOCUMENT_COLUMNS).collect(),
                      mentions=scan_parts(mentions, schema.MENTIONS)
                      .select(MENTION_COLUMNS).collect())


def write_outputs(
    outdir: Path,
    parts: dict[str, list[str]],
    bad: pl.DataFrame,
    events: pl.DataFrame | Sequence[str],
    settings: Settings = DEFAULT,
    submit: Callable | None = None,
    started: Sequence | None = None,
) -> BuildReport:
    """The files of `pipeline.build` from the shard `parts` (table -> Parquet paths), the bad
    shards' DOCUMENTS rows, and the linked events: a frame, or the paths of linked parts.

    The files that do not depend on each other (the tables, TimeML of each shard, the event
    tables, each thread's TimelineJS file and page) are jobs started with ``submit(fn,
    *args)`` (an engine's, so they run on its workers; by default here and now) while this
    process writes the index; `started`: the futures of `start_outputs` when the caller
    started them already (while it linked the events). Every file is written by one job, so
    the bytes do not depend on the engine.
    """
    from threadline.exports.files import (
        append_timeml_index,
        start_thread_timelines,
        write_event_files,
    )
    from threadline.timeline.pages import write_site
    from threadline.timeline.sample import site_sample
    from threadline.timeline.site import run_here

    submit = submit or run_here
    tables, *timeml = started if started is not None else start_outputs(outdir, parts, bad,
                                                                         submit)
    documents = documents_table(parts["documents"], bad)
    cap = settings.site_events_per_thread
    jobs = [tables]
    if isinstance(events, pl.DataFrame):
        jobs.append(submit(event_files, str(outdir), events))
        keys = _key_events(documents, parts["mentions"], events)
        jobs += start_thread_timelines(outdir, events, submit=submit, keys=keys)
        index = write_site(outdir, documents, events, per_thread=cap, submit=submit, keys=keys)
        n_events = events.height
    else:
        scan_parts(list(events), schema.EVENTS).sink_parquet(outdir / "events.parquet")
        write_event_files(outdir, read_each(events))
        totals, shown, n_events = site_sample(read_each(events), cap)
        if shown.height == 0:
            shown = schema.empty(schema.EVENTS)
        index = write_site(outdir, documents, shown, totals=totals, n_events=n_events,
                           submit=submit)
    for job in timeml:  # the index of TimeML files, in shard order
        append_timeml_index(outdir, job.result())
    append_timeml_index(outdir, [])  # its header, when no shard had a readable document
    for job in jobs:
        job.result()
    counts = documents.select(pl.len(), (pl.col("status") == "ok").sum()).collect().row(0)
    return BuildReport(
        outdir=outdir,
        index_html=index,
        n_documents=counts[0],
        n_ok=counts[1] or 0,
        n_mentions=scan_parts(parts["mentions"], schema.MENTIONS).select(pl.len()).collect()
        .item(),
        n_events=n_events,
        bad=bad_inputs(documents),
    )


__all__ = [
    "documents_table",
    "event_files",
    "read_each",
    "scan_parts",
    "start_outputs",
    "timeml_part",
    "write_outputs",
    "write_tables",
]
