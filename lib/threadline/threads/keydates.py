"""Key dates per thread: the dates a journalist's timeline of the thread would keep.

Every date some report of the thread refers to is a candidate: days, and (scored lower, their
precision kept) weeks, months and years, as a journalist's "May 2021: talks began". Its
importance (`threadline.threads.keyscore`) grows with the documents referring back to it (not
publishing on it; given their date mentions, in any sentence, not only an event's), the
reporting burst right after it (credited to the day the references point to), its biggest
merged event and its violence. Given the documents, candidates lie inside the period the
thread's documents were published in (`LEAD_DAYS` before the first allowed): background
dates ("the invasion of 2003" in 2005 reporting) are no key dates of this reporting. Ties go
to the finer date, then the one with more reports, then the earlier one. Each chosen date
gets one representative report: the best-known report of its biggest merged event (most
sources, explicit date, asserted, first event_id); a date only mentions refer to has none
(event_id null, the sentence of a mention).
"""

from __future__ import annotations

import math

import polars as pl

from threadline.schema import EVENTS, MENTIONS, check
from threadline.threads.keymentions import mention_reports
from threadline.threads.keyscore import (
    KeyDateWeights,
    publications,
    published,
    reports,
    score,
    thread_of,
)

LEAD_DAYS = 7

#: One row per (thread, key date), best first within each thread.
KEY_DATES: dict[str, pl.DataType] = {
    "thread_id": pl.String(),  # null: the events without a thread
    "thread_label": pl.String(),
    "rank": pl.Int64(),  # 1 = the thread's most important date
    "date": pl.Date(),  # the date's first day (see date_end, granularity)
    "score": pl.Float64(),
    "n_sources": pl.Int64(),  # distinct documents referring to the date
    "n_reports": pl.Int64(),  # reports (events) dated to the date
    "event_id": pl.String(),  # the representative report
    "sentence": pl.String(),
    "cluster_id": pl.String(),
    "cluster_sources": pl.Int64(),  # documents of the representative's merged event
    "doc_ids": pl.List(pl.String()),  # the documents referring to the day
    "reason": pl.String(),  # why the day ranks where it does
    "date_end": pl.Date(),  # the date's last day: a month-precise key date spans the month
    "granularity": pl.String(),  # day, week, month, ... or "days" for another span
}


def default_k(n_days: int) -> int:
    """Key dates for a thread with `n_days` candidate days: about 1.5 x sqrt, 3 to 30.

    >>> [default_k(n) for n in (1, 10, 100, 1000)]
    [1, 5, 15, 30]
    """
    return min(n_days, max(3, min(30, round(1.5 * math.sqrt(n_days)))))


def _reason() -> pl.Expr:
    docs, day = pl.col("n_sources"), pl.col("granularity") == "day"
    when = pl.when(day).then(pl.col("date").dt.strftime("%Y-%m-%d")).otherwise(pl.format(
        "{} ({})", pl.col("date").dt.strftime("%Y-%m-%d"), "granularity"))
    burst = pl.when(day & (pl.col("burst_docs") > 0)).then(pl.format(
        ", {} published right after", pl.col("burst_docs").round(1))).otherwise(pl.lit(""))
    return pl.format(
        "{} document{} refer to {} ({} report{}{}){}; its biggest merged event has {} source{}",
        docs, pl.when(docs == 1).then(pl.lit("")).otherwise(pl.lit("s")), when,
        pl.col("n_reports"), pl.when(pl.col("n_reports") == 1).then(pl.lit("")).otherwise(
            pl.lit("s")),
        pl.when(pl.col("any_severe")).then(pl.lit(", violence")).otherwise(pl.lit("")), burst,
        pl.col("cluster_sources"),
        pl.when(pl.col("cluster_sources") == 1).then(pl.lit("")).otherwise(pl.lit("s")))


def _granularity() -> pl.Expr:
    """day / week / month / year of a candidate's span (by its length), else "days"."""
    d = pl.col("days")
    month = (pl.col("date").dt.day() == 1) & (pl.col("date_end") == pl.col("date").dt.month_end())
    year = ((pl.col("date").dt.ordinal_day() == 1) & (pl.col("date_end").dt.month() == 12)
            & (pl.col("date_end").dt.day() == 31))
    return (pl.when(d == 1).then(pl.lit("day")).when(d == 7).then(pl.lit("week"))
            .when(year & d.is_between(365, 366)).then(pl.lit("year"))
            .when(month).then(pl.lit("month")).otherwise(pl.lit("days")))


def _period(events: pl.DataFrame, pub: pl.DataFrame) -> pl.DataFrame:
    """(thread_id, lo, hi): the days each thread's documents were published in, less
    LEAD_DAYS."""
    threads = events.select("doc_id", thread_of(events).alias("thread_id")).explode(
        "thread_id").unique()
    return (threads.join(pub, on="doc_id").group_by("thread_id")
            .agg((pl.col("pub").min() - pl.duration(days=LEAD_DAYS)).alias("lo"),
                 pl.col("pub").max().alias("hi")))


def _references(events: pl.DataFrame, pub: pl.DataFrame, wt: KeyDateWeights,
                documents: pl.DataFrame | None, mentions: pl.DataFrame | None) -> pl.DataFrame:
    """The reports of every thread's dates, and its documents' date mentions when given."""
    rep = reports(events, pub, wt)
    if mentions is None:
        return rep
    check(mentions, {c: MENTIONS[c] for c in ("doc_id", "type", "date_start", "date_end",
                                              "sentence_start", "sentence_end")},
          name="key_dates (mentions)")
    return pl.concat([rep, mention_reports(mentions, events, pub, wt, documents)],
                     how="vertical_relaxed")


def key_dates(events: pl.DataFrame, k: int | None = None,
              documents: pl.DataFrame | None = None, *,
              mentions: pl.DataFrame | None = None,
              weights: KeyDateWeights | None = None) -> pl.DataFrame:
    """The `k` most important dates of every thread (default: `default_k` of its candidates),
    with one representative report each; schema `KEY_DATES`, best first per thread.
    `documents` (DOCUMENTS, optional) give publication dates (for the burst, and so that a
    report of its own publication day is no reference) and bound each thread to its reporting
    period; `mentions` (MENTIONS of those documents, optional) add every date their text
    refers to (`threadline.threads.keymentions`); `weights` set the features
    (`KeyDateWeights`). An empty frame when no report refers to a date.

    >>> import datetime as dt
    >>> from threadline.schema import conform
    >>> day = dt.date(2020, 4, 20)
    >>> ev = conform(pl.DataFrame({"event_id": ["a/E1", "b/E1", "c/E1"],
    ...     "doc_id": ["a", "b", "c"], "thread_id": "t", "thread_ids": [["t"]] * 3,
    ...     "sentence": ["Jets struck Palmyra on 20 April.", "Palmyra was hit on Monday.",
    ...                  "Talks resumed in May."], "anchor": "mention",
    ...     "event_type": ["Explosions/Remote violence"] * 2 + ["Strategic developments"],
    ...     "date_start": [day, day, dt.date(2020, 5, 1)],
    ...     "date_end": [day, day, dt.date(2020, 5, 31)]}), EVENTS)
    >>> key_dates(ev).select("rank", "date", "granularity", "n_sources", "event_id").rows()
    [(1, datetime.date(2020, 4, 20), 'day', 2, 'a/E1'), (2, datetime.date(2020, 5, 1), \
'month', 1, 'c/E1')]
    """
    check(events, {c: EVENTS[c] for c in ("event_id", "doc_id", "sentence", "date_start",
                                          "date_end", "anchor", "thread_id", "thread_ids")},
          name="key_dates")
    if k is not None and k < 1:
        raise ValueError(f"key_dates: k must be a positive number of dates, got {k}")
    wt = weights or KeyDateWeights()
    for col in ("event_type", "cluster_id"):
        if col not in events.columns:
            events = events.with_columns(pl.lit(None, pl.String).alias(col))
    if "n_sources" not in events.columns:
        events = events.with_columns(pl.lit(None, pl.Int64).alias("n_sources"))
    labels = (events.select("thread_id", "thread_label").drop_nulls("thread_id")
              .unique("thread_id", keep="first"))
    pub = published(documents)
    rep = _references(events, pub, wt, documents, mentions)
    if documents is not None:
        rep = rep.join(_period(events, pub), on="thread_id", how="left", nulls_equal=True)
        rep = rep.filter(pl.col("lo").is_null() | (pl.col("date").is_between("lo", "hi")
                                                   & (pl.col("date_end") >= pl.col("lo"))))
    days = score(rep, publications(events, pub, wt.eventless), wt)
    if days.is_empty():
        return pl.DataFrame(schema=KEY_DATES)
    days = days.sort(["thread_id", "score", "days", "n_reports", "date"],
                     descending=[False, True, False, True, False], nulls_last=True)
    days = days.with_columns(pl.int_range(1, pl.len() + 1).over("thread_id").alias("rank"),
                             pl.len().over("thread_id").alias("_n"))
    n = pl.col("_n").cast(pl.Float64)  # default_k, vectorised
    limit = pl.lit(k) if k is not None else pl.min_horizontal(
        n, pl.max_horizontal(3, pl.min_horizontal(30, (1.5 * n.sqrt()).round())))
    out = (days.filter(pl.col("rank") <= limit)
           .join(labels, on="thread_id", how="left", nulls_equal=True)
           .with_columns(_granularity().alias("granularity"))
           .with_columns(_reason().str.head(300).alias("reason")))
    return out.select(pl.col(c).cast(t) for c, t in KEY_DATES.items())

