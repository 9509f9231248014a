"""EVENTS -> the rows a timeline draws: one per (thread, real event), with its lane and interval.

An event in two threads appears in both; an event without a thread goes to ``unthreaded``;
mentions of the same real event (one ``cluster_id``) collapse to their most precise dated
mention; events without a start date are kept apart (`undated`), never given a made-up date.
"""

from __future__ import annotations

import calendar
import datetime as dt

import polars as pl

import threadline.schema as schema

#: The thread id (and page name) of events that belong to no thread.
UNTHREADED = "unthreaded"
_DAY_MS = 86_400_000


def _match(col: str, text: str) -> pl.Expr:
    """Case-insensitive literal substring match on a string column (null -> False)."""
    return pl.col(col).str.to_lowercase().str.contains(text.lower(), literal=True).fill_null(False)


def by_thread(events: pl.DataFrame) -> pl.DataFrame:
    """One row per (event, thread) with columns ``thread`` (id) and ``thread_name`` (label).

    >>> ev = pl.DataFrame({"event_id": ["a", "b"], "thread_id": ["t1", None],
    ...                    "thread_label": ["One", None], "thread_ids": [["t1", "t2"], None]})
    >>> by_thread(ev).select("event_id", "thread", "thread_name").rows()
    [('a', 't1', 'One'), ('a', 't2', 't2'), ('b', 'unthreaded', 'Unthreaded')]
    """
    ids = (
        pl.when(pl.col("thread_ids").list.len() > 0)
        .then(pl.col("thread_ids"))
        .otherwise(pl.concat_list(pl.col("thread_id").fill_null(UNTHREADED)))
    )
    labels = (
        events.filter(pl.col("thread_id").is_not_null() & pl.col("thread_label").is_not_null())
        .group_by("thread_id").agg(pl.col("thread_label").min().alias("thread_name"))
        .rename({"thread_id": "thread"})
    )
    rows = events.with_columns(ids.alias("thread")).explode("thread")
    return rows.join(labels, on="thread", how="left", maintain_order="left").with_columns(
        pl.when(pl.col("thread") == UNTHREADED).then(pl.lit("Unthreaded"))
        .otherwise(pl.col("thread_name").fill_null(pl.col("thread"))).alias("thread_name")
    )


def _pick(events: pl.DataFrame, thread: str | None) -> pl.DataFrame:
    """Rows of `by_thread`, restricted to `thread` (an id or a label) when given."""
    schema.check(events, schema.EVENTS, name="events")
    rows = by_thread(events)
    if thread is not None:
        rows = rows.filter((pl.col("thread") == thread) | (pl.col("thread_name") == thread))
    return rows


def _collapse(rows: pl.DataFrame) -> pl.DataFrame:
    """Keep one row per (thread, cluster): the dated mention with the narrowest interval."""
    end = pl.max_horizontal("date_start", pl.col("date_end").fill_null(pl.col("date_start")))
    key = ["thread", "_cluster"]
    rows = rows.with_columns(
        pl.col("cluster_id").fill_null(pl.col("event_id")).alias("_cluster"),
        end.alias("x_end"),
    )
    # every report of a merged event stays visible on its one mark; made once per cluster,
    # not once per report (a cluster of n copies would hold n lists of n documents)
    docs = rows.group_by(key).agg(
        pl.col("doc_id").n_unique().alias("_docs"),
        pl.col("doc_id").unique().sort().str.join(", ").alias("cluster_docs"),
    )
    return (
        rows.sort(pl.col("date_start").is_null(), pl.col("x_end") - pl.col("date_start"),
                  "event_id", nulls_last=True)
        .unique(subset=key, keep="first", maintain_order=True)
        .join(docs, on=key, how="left", nulls_equal=True, maintain_order="left")
        .with_columns(pl.max_horizontal(pl.col("n_sources").fill_null(1), "_docs")
                      .alias("n_sources"))
        .drop("_cluster", "_docs")
    )


def real_events(events: pl.DataFrame, *, thread: str | None = None) -> pl.DataFrame:
    """One row per (thread, real event), dated or not: `by_thread` rows with mentions of one
    cluster collapsed to the most precise, ``n_sources`` and ``cluster_docs`` over the cluster."""
    return _collapse(_pick(events, thread))


def _real(events: pl.DataFrame, thread: str | None, real: pl.DataFrame | None) -> pl.DataFrame:
    """`real` when the caller has it already (a page draws several figures and tables from
    the same rows), else `real_events` of `events`."""
    return real if real is not None else real_events(events, thread=thread)


def event_lanes(
    events: pl.DataFrame, *, thread: str | None = None, lanes: str = "thread",
    real: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The dated marks of `events`: one row per (thread, real event), with ``lane``,
    ``x_end`` (inclusive last day) and ``width_ms`` (the interval's true width on a date axis).

    `lanes` is "thread" (one lane per thread) or "actor" (one per first actor); `real` is
    ``real_events(events, thread=thread)`` if the caller has it.
    """
    if lanes not in ("thread", "actor"):
        raise ValueError(f"lanes must be 'thread' or 'actor', not {lanes!r}")
    rows = _real(events, thread, real).filter(pl.col("date_start").is_not_null())
    lane = pl.col("thread_name") if lanes == "thread" else pl.col("actor1").fill_null(
        "actor not named")
    width = (pl.col("x_end") - pl.col("date_start") + pl.duration(days=1)).dt.total_milliseconds()
    return rows.with_columns(lane.alias("lane"), width.alias("width_ms")).sort(
        "date_start", "x_end", "event_id"
    )


def undated(events: pl.DataFrame, *, thread: str | None = None,
            real: pl.DataFrame | None = None) -> pl.DataFrame:
    """Events that have no start date (listed apart, never drawn), one per (thread, cluster),
    with ``thread``, ``thread_name`` and the reason in ``date_reason`` (`real` as in
    `event_lanes`)."""
    rows = _real(events, thread, real).filter(pl.col("date_start").is_null())
    return rows.sort("thread_name", "event_id")


def thread_table(events: pl.DataFrame) -> pl.DataFrame:
    """One row per thread: id, name, events, dated, undated, documents (every document that
    reports one of its events, not only the documents of each event's kept mention), first and
    last day; ordered by first day (undated threads last), then name.

    >>> ev = schema.conform(pl.DataFrame({"event_id": ["d/E1", "e/E1", "d/E2"],
    ...     "doc_id": ["d", "e", "d"], "thread_id": "t", "cluster_id": ["d/E1", "d/E1", None],
    ...     "date_start": [dt.date(2020, 3, 2), dt.date(2020, 3, 1), None]}), schema.EVENTS)
    >>> thread_table(ev).select("thread", "events", "dated", "documents").row(0)
    ('t', 2, 1, 2)
    """
    rows = _pick(events, None)
    docs = rows.group_by("thread").agg(pl.col("doc_id").n_unique().alias("documents"))
    table = threads_of(_collapse(rows))
    return table.drop("documents").join(docs, on="thread", how="left",
                                        maintain_order="left").select(table.columns)


def threads_of(real: pl.DataFrame) -> pl.DataFrame:
    """`thread_table` of rows that `real_events` already gave (``documents`` counts only the
    documents of the kept mentions: `thread_table` counts every reporting document)."""
    return (
        real.group_by("thread", "thread_name")
        .agg(
            pl.len().alias("events"),
            pl.col("date_start").is_not_null().sum().alias("dated"),
            pl.col("date_start").is_null().sum().alias("undated"),
            pl.col("doc_id").n_unique().alias("documents"),
            pl.col("date_start").min().alias("first"),
            pl.col("x_end").max().alias("last"),
        )
        .sort("first", "thread_name", nulls_last=True)
    )


def select_events(
    events: pl.DataFrame,
    *,
    thread: str | None = None,
    actor: str | None = None,
    weapon: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
) -> pl.DataFrame:
    """Events of a thread (id or label), naming `actor` (either side) and `weapon` (substring,
    any case), whose interval meets [since, until]; undated events fail any date filter.

    >>> ev = pl.DataFrame({"actor1": ["IDF", "ISIS"], "actor2": [None, "IDF"],
    ...     "weapon": ["F-16", None], "date_start": [dt.date(2020, 1, 1), None]})
    >>> select_events(ev, actor="idf").height, select_events(ev, actor="idf", since="2019").height
    (2, 1)
    """
    keep = pl.lit(True)
    if thread is not None:
        keep &= (
            (pl.col("thread_id") == thread) | (pl.col("thread_label") == thread)
            | pl.col("thread_ids").list.contains(thread)
        ).fill_null(False)
    if actor is not None:
        keep &= _match("actor1", actor) | _match("actor2", actor)
    if weapon is not None:
        keep &= _match("weapon", weapon)
    end = pl.col("date_end").fill_null(pl.col("date_start")) if "date_end" in events.columns \
        else pl.col("date_start")
    if since is not None:
        keep &= (end >= _as_date(since)).fill_null(False)
    if until is not None:
        keep &= (pl.col("date_start") <= _as_date(until, last=True)).fill_null(False)
    return events.filter(keep)


def _as_date(value: dt.date | str, *, last: bool = False) -> dt.date:
    """A date from a date or an ISO prefix ("2017", "2017-08", "2017-08-28"): its first day,
    or its last day when `last` ("2017" -> 2017-12-31)."""
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    if len(parts) > 2:
        return dt.date(year, month, parts[2])
    return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
