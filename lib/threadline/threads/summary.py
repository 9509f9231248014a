"""One row per thread: what a reader sees first (its label, size, sources and time span)."""

from __future__ import annotations

import polars as pl

from threadline.schema import EVENTS, check

#: Columns of `thread_summary`.
THREADS: dict[str, pl.DataType] = {
    "thread_id": pl.String(), "thread_label": pl.String(), "n_events": pl.Int64(),
    "share": pl.Float64(), "n_documents": pl.Int64(), "first": pl.Date(), "last": pl.Date(),
}


def thread_summary(events: pl.DataFrame) -> pl.DataFrame:
    """Every primary thread (null: the unthreaded rest) with its events, their share, its
    documents and its time span: the central 90% (5th to 95th percentile) of its events dated
    to a month or better, so a background year or a stray date does not stretch it; biggest
    first.

    >>> import datetime as dt
    >>> from threadline.schema import conform
    >>> ev = conform(pl.DataFrame({"event_id": ["a", "b", "c"], "doc_id": ["x", "y", "y"],
    ...     "thread_id": ["t", "t", None], "thread_label": ["T", "T", None],
    ...     "date_start": [dt.date(2020, 1, 1), dt.date(2020, 3, 1), None],
    ...     "date_end": [dt.date(2020, 1, 1), dt.date(2020, 3, 31), None]}), EVENTS)
    >>> thread_summary(ev).select("thread_id", "n_events", "n_documents", "last").rows()
    [('t', 2, 2, datetime.date(2020, 3, 31)), (None, 1, 1, None)]
    """
    check(events, {c: EVENTS[c] for c in ("event_id", "doc_id", "thread_id", "thread_label",
                                          "date_start", "date_end")}, name="thread_summary")
    total = max(events.height, 1)
    _precise = (pl.col("date_end") - pl.col("date_start")).dt.total_days() <= 31
    out = (events.group_by("thread_id").agg(
        pl.col("thread_label").drop_nulls().first(), pl.len().cast(pl.Int64).alias("n_events"),
        pl.col("doc_id").n_unique().cast(pl.Int64).alias("n_documents"),
        pl.col("date_start").filter(_precise).quantile(0.05, "nearest").alias("first"),
        pl.col("date_end").filter(_precise).quantile(0.95, "nearest").alias("last"))
        .with_columns((pl.col("n_events") / total).alias("share"))
        .sort(["n_events", "thread_id"], descending=[True, False], nulls_last=True))
    return out.select(pl.col(c).cast(t) for c, t in THREADS.items())
