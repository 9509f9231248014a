"""The key dates a thread page opens on: one small adapter over the threads stage.

`key_events` is the one place that decides them. When `threadline.threads` has
``key_dates(events, k=None)`` (the threads stage's ranking: per thread its k most important
dates, each with a representative event) it is used; until then a local ranking stands in:
per thread, its dated real events ranked by how many sources report them, then by precision
(narrowest interval) and date, one per day, the best `k` kept.
"""

from __future__ import annotations

import polars as pl

import threadline.threads as threads_stage
from threadline.timeline.lanes import real_events

#: How many key dates a thread opens on when the ranking is local (k=None).
DEFAULT_K = 12


def _local(real: pl.DataFrame, k: int) -> pl.DataFrame:
    """Per thread, its `k` best dated real events, one per first day."""
    width = pl.col("x_end") - pl.col("date_start")
    return (
        real.filter(pl.col("date_start").is_not_null())
        .sort([pl.col("n_sources").fill_null(1), width, "date_start", "event_id"],
              descending=[True, False, False, False])
        .unique(["thread", "date_start"], keep="first", maintain_order=True)
        .group_by("thread", maintain_order=True).head(k)
        .select("thread", "event_id")
    )


def _from_threads(events: pl.DataFrame, k: int | None) -> pl.DataFrame | None:
    """The threads stage's key dates as (thread, event_id), or None while it has none."""
    key_dates = getattr(threads_stage, "key_dates", None)
    if key_dates is None:
        return None
    picked = key_dates(events, k=k)
    thread = "thread_id" if "thread_id" in picked.columns else "thread"
    return picked.select(pl.col(thread).alias("thread"), pl.col("event_id")).drop_nulls()


def key_events(events: pl.DataFrame, k: int | None = None) -> pl.DataFrame:
    """(thread, event_id) of every thread's key dates: the threads stage's ``key_dates`` when
    it exists, else the local ranking (`DEFAULT_K` per thread when `k` is None).

    >>> import datetime as dt
    >>> from threadline import schema
    >>> ev = schema.conform(pl.DataFrame({"event_id": ["a/E1", "a/E2", "b/E1"],
    ...     "doc_id": ["a", "a", "b"], "thread_id": "t", "n_sources": [1, 3, 1],
    ...     "date_start": [dt.date(2020, 1, d) for d in (1, 2, 3)]}), schema.EVENTS)
    >>> key_events(ev, k=2)["event_id"].to_list()
    ['a/E2', 'a/E1']
    """
    picked = _from_threads(events, k)
    if picked is not None:
        return picked
    return _local(real_events(events), DEFAULT_K if k is None else k)


__all__ = ["DEFAULT_K", "key_events"]
