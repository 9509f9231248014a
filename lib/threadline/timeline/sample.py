"""What a site shows of an events table too big for one page: every thread's true totals, and
the EVENTS rows of its most-reported real events, gathered part by part in bounded memory.

A browser draws some thousands of marks per page, not millions, so above
`Settings.site_events_per_thread` a thread page shows that many real events (clusters), the
most-reported first (most sources, then dated, earliest, smallest id); every event stays in
``events.parquet``. Same-event clusters never span parts (`scale.build` links whole blocks), so
each part's clusters are complete; only the (thread, document) pairs are kept to count
documents across parts.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

import threadline.schema as schema
from threadline.timeline.lanes import by_thread, real_events, thread_table, threads_of

#: The columns `site_sample` returns for each thread: its totals over every event.
TOTALS = ["thread", "thread_name", "events", "dated", "undated", "documents", "first", "last"]
_RANK = ["n_sources", "_undated", "date_start", "event_id"]


def _ranked(rows: pl.DataFrame) -> pl.DataFrame:
    """Real events (one row per thread and cluster) in the order a page keeps them."""
    return rows.with_columns(pl.col("date_start").is_null().alias("_undated")).sort(
        _RANK, descending=[True, False, False, False], nulls_last=True
    )


def _top(candidates: pl.DataFrame, cap: int) -> pl.DataFrame:
    """The `cap` best-ranked real events of each thread."""
    return _ranked(candidates).group_by("thread", maintain_order=True).head(cap)


def site_sample(
    parts: Iterable[pl.DataFrame], cap: int
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """(thread totals over every event, the EVENTS rows of each thread's `cap` most-reported
    real events, the number of event rows) of the EVENTS `parts`, read one at a time.

    >>> from threadline import schema
    >>> ev = schema.conform(pl.DataFrame({"event_id": ["d/E1", "d/E2", "e/E1"],
    ...     "doc_id": ["d", "d", "e"], "thread_id": "t", "n_sources": [1, 1, 2]}), schema.EVENTS)
    >>> totals, shown, n = site_sample([ev[:2], ev[2:]], cap=1)
    >>> totals.select("thread", "events", "documents").row(0), shown["event_id"].to_list(), n
    (('t', 3, 2), ['e/E1'], 3)
    """
    stats, pairs = [], []
    candidates: pl.DataFrame | None = None
    kept: pl.DataFrame | None = None
    n_events = 0
    for part in parts:
        n_events += part.height
        if part.height == 0:
            continue
        cluster = pl.col("cluster_id").fill_null(pl.col("event_id")).alias("_cluster")
        real = real_events(part)
        stats.append(threads_of(real).drop("documents"))
        rows = by_thread(part).with_columns(cluster)
        pairs.append(rows.select("thread", "doc_id").unique())
        marks = real.select("thread", cluster, *(c for c in _RANK if c != "_undated"))
        pool = marks if candidates is None else pl.concat([candidates, marks])
        candidates = _top(pool, cap).drop("_undated")
        pool_rows = rows if kept is None else pl.concat([kept, rows], how="diagonal_relaxed")
        kept = pool_rows.join(candidates.select("thread", "_cluster"), on=["thread", "_cluster"],
                              how="semi")
    if not stats or kept is None:
        return thread_table(schema.empty(schema.EVENTS)), schema.empty(schema.EVENTS), n_events
    documents = pl.concat(pairs).unique().group_by("thread").agg(pl.len().alias("documents"))
    totals = (
        pl.concat(stats)
        .group_by("thread")
        .agg(
            pl.col("thread_name").min(),
            pl.col("events", "dated", "undated").sum(),
            pl.col("first").min(),
            pl.col("last").max(),
        )
        .join(documents, on="thread", how="left")
        .select(TOTALS)
        .sort("first", "thread_name", nulls_last=True)
    )
    columns = [c for c in rows.columns if c not in ("thread", "thread_name", "_cluster")]
    shown = kept.select(columns).unique("event_id").sort("event_id")
    return totals, shown, n_events


__all__ = ["TOTALS", "site_sample"]
