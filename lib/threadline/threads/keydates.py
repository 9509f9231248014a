"""Key dates per thread: the days a journalist's timeline of the thread would keep.

Date selection in news timeline summarisation (Tran et al. 2013; Martschat & Markert 2018;
Gholipour Ghalandari & Ifrim 2020) ranks days by how often the collection *refers* to them,
not by how much is published on them. Here a day's score, in each thread, is

* the documents that report an event on that day (each document once: spread across
  sources), weighted by how the day is known: a date written in the sentence (or found through
  a merged report) counts 1, a date inherited from the story 0.5, a publication date alone
  nothing (publishing on a day is no reference to it); negated reports count nothing, expected
  ones half (a date announced ahead is a date that matters);
* times 1 + `SEVERE` when the document's report is violence (ACLED's violent types);
* plus `MERGED` x (the sources of the day's biggest merged event - 1): many documents telling
  one event weigh more than the same number telling unrelated things.

Only day-precise dates are candidates (a month is no key date), and, given the documents,
inside the period the thread's documents were published in (`LEAD_DAYS` before the first
allowed): background dates ("the invasion of
2003" in 2005 reporting) are no key dates of this reporting. Ties go to the day with more
reports, then the earlier day. Each chosen day gets one representative report: the best-known
report of its biggest merged event (explicit date, asserted, most sources, first event_id).
"""

from __future__ import annotations

import math

import polars as pl

from threadline.schema import EVENTS, check

SEVERE, MERGED = 0.25, 0.25
LEAD_DAYS = 7
VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_ANCHOR = {"mention": 1.0, "event": 1.0, "absolute": 1.0, "narrative": 0.5, "dct": 0.0}
_FACT = {"negated": 0.0, "expected": 0.5}

#: One row per (thread, key date), best first within each thread.
KEY_DATES: dict[str, pl.DataType] = {
    "thread_id": pl.String(),  # null: the events without a thread
    "thread_label": pl.String(),
    "rank": pl.Int64(),  # 1 = the thread's most important date
    "date": pl.Date(),
    "score": pl.Float64(),
    "n_sources": pl.Int64(),  # distinct documents referring to the day
    "n_reports": pl.Int64(),  # reports (events) dated to the day
    "event_id": pl.String(),  # the representative report
    "sentence": pl.String(),
    "cluster_id": pl.String(),
    "cluster_sources": pl.Int64(),  # documents of the representative's merged event
    "doc_ids": pl.List(pl.String()),  # the documents referring to the day
    "reason": pl.String(),  # why the day ranks where it does
}


def default_k(n_days: int) -> int:
    """Key dates for a thread with `n_days` candidate days: about 1.5 x sqrt, 3 to 30.

    >>> [default_k(n) for n in (1, 10, 100, 1000)]
    [1, 5, 15, 30]
    """
    return min(n_days, max(3, min(30, round(1.5 * math.sqrt(n_days)))))


def _reports(events: pl.DataFrame) -> pl.DataFrame:
    """Day-dated reports, one row per (thread, report), with their reference weight."""
    cols = set(events.columns)
    fact = pl.col("factuality") if "factuality" in cols else pl.lit("asserted")
    threads = (pl.when(pl.col("thread_ids").list.len() > 0).then(pl.col("thread_ids"))
               .otherwise(pl.concat_list(pl.col("thread_id"))))
    weight = (pl.col("anchor").replace_strict(_ANCHOR, default=0.0, return_dtype=pl.Float64)
              * fact.replace_strict(_FACT, default=1.0, return_dtype=pl.Float64))
    return (events.filter(pl.col("date_start").is_not_null()
                          & (pl.col("date_start") == pl.col("date_end")))
            .with_columns(threads.alias("_thread"), weight.alias("w"),
                          pl.col("event_type").is_in(VIOLENT).fill_null(False).alias("severe"),
                          pl.col("cluster_id").fill_null(pl.col("event_id")),
                          pl.col("n_sources").fill_null(1))
            .explode("_thread").filter(pl.col("w") > 0)
            .select(pl.col("_thread").alias("thread_id"), pl.col("date_start").alias("date"),
                    "event_id", "doc_id", "sentence", "cluster_id", "n_sources", "w", "severe",
                    pl.col("anchor").is_in(["mention", "event"]).alias("explicit"),
                    (fact == "asserted").fill_null(False).alias("asserted")))


def _days(rep: pl.DataFrame) -> pl.DataFrame:
    """Score, counts, documents and representative report of every (thread, day)."""
    per_doc = (rep.group_by("thread_id", "date", "doc_id")
               .agg((pl.col("w") * (1 + SEVERE * pl.col("severe").cast(pl.Float64))).max()
                    .alias("dw")))
    best = (rep.sort(["thread_id", "date", "n_sources", "explicit", "asserted", "w",
                      "event_id"], descending=[False, False, True, True, True, True, False],
                     nulls_last=True)
            .group_by("thread_id", "date", maintain_order=True).first()
            .select("thread_id", "date", "event_id", "sentence", "cluster_id",
                    pl.col("n_sources").alias("cluster_sources")))
    counts = rep.group_by("thread_id", "date").agg(
        pl.len().alias("n_reports"), pl.col("doc_id").unique().sort().alias("doc_ids"),
        pl.col("severe").any().alias("any_severe"))
    score = pl.col("refs") + MERGED * (pl.col("cluster_sources") - 1).clip(0)
    return (per_doc.group_by("thread_id", "date").agg(pl.col("dw").sum().alias("refs"))
            .join(counts, on=["thread_id", "date"], nulls_equal=True)
            .join(best, on=["thread_id", "date"], nulls_equal=True)
            .with_columns(score.alias("score"),
                          pl.col("doc_ids").list.len().cast(pl.Int64).alias("n_sources")))


def _reason() -> pl.Expr:
    docs = pl.col("n_sources")
    return pl.format(
        "{} document{} refer to {} ({} report{}{}); its biggest merged event has {} source{}",
        docs, pl.when(docs == 1).then(pl.lit("")).otherwise(pl.lit("s")),
        pl.col("date").dt.strftime("%Y-%m-%d"), pl.col("n_reports"),
        pl.when(pl.col("n_reports") == 1).then(pl.lit("")).otherwise(pl.lit("s")),
        pl.when(pl.col("any_severe")).then(pl.lit(", violence")).otherwise(pl.lit("")),
        pl.col("cluster_sources"),
        pl.when(pl.col("cluster_sources") == 1).then(pl.lit("")).otherwise(pl.lit("s")))


def _period(events: pl.DataFrame, documents: pl.DataFrame | None) -> pl.DataFrame:
    """(thread_id, lo, hi): the days each thread's documents were published in (their
    ``dct``), less LEAD_DAYS; empty without documents."""
    threads = events.select("thread_id", "doc_id", "thread_ids").with_columns(
        pl.when(pl.col("thread_ids").list.len() > 0).then(pl.col("thread_ids"))
        .otherwise(pl.concat_list(pl.col("thread_id"))).alias("thread_id")).explode(
        "thread_id").select("thread_id", "doc_id").unique()
    if documents is None or "dct" not in documents.columns:
        return pl.DataFrame(schema={"thread_id": pl.String, "lo": pl.Date, "hi": pl.Date})
    pub = documents.select("doc_id", pl.col("dct").cast(pl.String).str.slice(0, 10)
                           .str.to_date(strict=False).alias("pub"))
    return (threads.join(pub.drop_nulls(), on="doc_id").group_by("thread_id")
            .agg((pl.col("pub").min() - pl.duration(days=LEAD_DAYS)).alias("lo"),
                 pl.col("pub").max().alias("hi")))


def key_dates(events: pl.DataFrame, k: int | None = None,
              documents: pl.DataFrame | None = None) -> pl.DataFrame:
    """The `k` most important days of every thread (default: `default_k` of its candidate
    days), with one representative report each; schema `KEY_DATES`, best first per thread.
    `documents` (DOCUMENTS, optional) gives publication dates. An empty frame when no report
    is dated to a day.

    >>> import datetime as dt
    >>> from threadline.schema import conform
    >>> day = dt.date(2020, 4, 20)
    >>> ev = conform(pl.DataFrame({"event_id": ["a/E1", "b/E1", "c/E1"],
    ...     "doc_id": ["a", "b", "c"], "thread_id": "t", "thread_ids": [["t"]] * 3,
    ...     "sentence": ["Jets struck Palmyra on 20 April.", "Palmyra was hit on Monday.",
    ...                  "Talks resumed on 2 May."], "anchor": "mention",
    ...     "event_type": ["Explosions/Remote violence"] * 2 + ["Strategic developments"],
    ...     "date_start": [day, day, dt.date(2020, 5, 2)],
    ...     "date_end": [day, day, dt.date(2020, 5, 2)]}), EVENTS)
    >>> key_dates(ev, k=1).select("rank", "date", "n_sources", "event_id").rows()
    [(1, datetime.date(2020, 4, 20), 2, 'a/E1')]
    """
    check(events, {c: EVENTS[c] for c in ("event_id", "doc_id", "sentence", "date_start",
                                          "date_end", "anchor", "thread_id", "thread_ids")},
          name="key_dates")
    if k is not None and k < 1:
        raise ValueError(f"key_dates: k must be a positive number of dates, got {k}")
    labels = (events.select("thread_id", "thread_label").drop_nulls("thread_id")
              .unique("thread_id", keep="first"))
    rep = _reports(events).join(_period(events, documents), on="thread_id", how="left",
                                nulls_equal=True)
    rep = rep.filter(pl.col("lo").is_null() | pl.col("date").is_between("lo", "hi")).drop(
        "lo", "hi")
    if rep.is_empty():
        return pl.DataFrame(schema=KEY_DATES)
    days = _days(rep).sort(["thread_id", "score", "n_reports", "date"],
                           descending=[False, True, True, False], nulls_last=True)
    days = days.with_columns(pl.int_range(1, pl.len() + 1).over("thread_id").alias("rank"),
                             pl.len().over("thread_id").alias("_n"))
    n = pl.col("_n").cast(pl.Float64)  # default_k, vectorised
    limit = pl.lit(k) if k is not None else pl.min_horizontal(
        n, pl.max_horizontal(3, pl.min_horizontal(30, (1.5 * n.sqrt()).round())))
    out = (days.filter(pl.col("rank") <= limit)
           .join(labels, on="thread_id", how="left", nulls_equal=True)
           .with_columns(_reason().str.head(300).alias("reason")))
    return out.select(pl.col(c).cast(t) for c, t in KEY_DATES.items())
