"""`auto_threads`: each event's primary and further threads from the clusters, as columns."""

from __future__ import annotations

import polars as pl

from threadline.schema import EVENTS, conform
from threadline.threads.auto.features import event_features, tfidf_vectors
from threadline.threads.auto.labels import thread_labels
from threadline.threads.auto.linkage import centroid_linkage
from threadline.threads.auto.neighbours import neighbour_pairs
from threadline.threads.auto.options import AutoThreadOptions


def _similarities(vec: pl.DataFrame, docs: pl.DataFrame, member: pl.DataFrame,
                  pairs: pl.DataFrame, beta: float) -> pl.DataFrame:
    """Similarity ``sim`` of every event ``i`` to its own thread ``c`` (without itself) and
    to its neighbours' threads, as in the linkage: W(e, C) / sqrt(W(C, C)); ``own`` marks
    the event's thread."""
    total = vec.join(member, on="i").group_by("c", "feature").agg(pl.col("w").sum())
    arts = docs.join(member, on="i").group_by("c", "feature").agg(pl.len().alias("k"))
    norms = (total.group_by("c").agg((pl.col("w") ** 2).sum().alias("sq"))
             .join(arts.group_by("c").agg((pl.col("k") ** 2).sum().alias("dsq")), on="c",
                   how="left"))
    links = pl.concat([pairs.select("i", "j"), pairs.select(pl.col("j").alias("i"),
                                                            pl.col("i").alias("j"))])
    cand = pl.concat([member, links.join(member.rename({"i": "j"}), on="j").select("i", "c")]
                     ).unique()
    sims = (cand.join(vec.select("i", "feature", "w"), on="i")
            .join(total, on=["c", "feature"], suffix="_c")
            .group_by("i", "c").agg((pl.col("w") * pl.col("w_c")).sum().alias("dot"))
            .join(norms, on="c").join(docs.join(arts, on="feature").drop("feature"),
                                      on=["i", "c"], how="left")
            .join(member.rename({"c": "own"}), on="i", how="left"))
    own = (pl.col("c") == pl.col("own")).fill_null(False)
    one = own.cast(pl.Float64)  # leave the event itself out of its own thread
    k, dsq = pl.col("k").fill_null(0), pl.col("dsq").fill_null(0)
    w = (1 - beta) * (pl.col("dot") - one) + beta * (k - one)
    norm = ((1 - beta) * (pl.col("sq") - 2 * one * pl.col("dot") + one)
            + beta * (dsq - 2 * one * k + one))
    return sims.select("i", "c", (w / norm.clip(1e-12).sqrt()).alias("sim"), own.alias("own"))


def auto_threads(events: pl.DataFrame, min_events: int = 3,
                 options: AutoThreadOptions | None = None) -> pl.DataFrame:
    """Fill the thread columns by clustering events on shared actors, weapons, places, words,
    article and time (see `threadline.threads.auto`); deterministic, no spec needed.

    >>> tow = ("ISIS fired a TOW at the FSA.", ["ISIS", "FSA"], ["BGM-71 TOW"], ["Idlib"])
    >>> dig = ("The IDF found a Hezbollah tunnel.", ["IDF", "Hezbollah"], [], ["Metula"])
    >>> ev = pl.DataFrame([(f"a/E00{i}", "a", *tow) for i in range(3)]
    ...     + [(f"b/E00{i}", "b", *dig) for i in range(3)], orient="row",
    ...     schema=["event_id", "doc_id", "sentence", "actors", "weapons", "places"])
    >>> auto_threads(ev)["thread_id"].to_list()  # doctest: +NORMALIZE_WHITESPACE
    ['auto-fsa-isis-idlib', 'auto-fsa-isis-idlib', 'auto-fsa-isis-idlib',
     'auto-hezbollah-idf-metula', 'auto-hezbollah-idf-metula', 'auto-hezbollah-idf-metula']
    """
    opt = options or AutoThreadOptions()
    # row order must not matter: cluster in event_id order, hand back in the caller's order
    events = conform(events, EVENTS).with_row_index("_row").sort("event_id", "_row")
    blank = events.drop("thread_id", "thread_label", "thread_ids", strict=False)
    n = events.height
    long = event_features(events, opt)
    vec, docs = tfidf_vectors(long, n), long.filter(pl.col("kind") == "d").select("i", "feature")
    if n == 0 or vec.is_empty():
        return conform(blank.sort("_row").drop("_row").with_columns(
            pl.lit([], pl.List(pl.String)).alias("thread_ids")), EVENTS)
    pairs = neighbour_pairs(vec, docs, opt)
    root = centroid_linkage(vec, docs, pairs, n, opt)
    member = (pl.DataFrame({"i": range(n), "c": root}, schema={"i": pl.UInt32, "c": pl.Int64})
              .filter(pl.len().over("c") >= min_events))
    sims = (_similarities(vec, docs, member, pairs, opt.same_article) if member.height else
            pl.DataFrame(schema={"i": pl.UInt32, "c": pl.Int64, "sim": pl.Float64,
                                 "own": pl.Boolean}))
    ranked = (sims.filter(pl.col("own") | (pl.col("sim") >= opt.threshold))
              .sort(["i", "own", "sim", "c"], descending=[False, True, True, False])
              .with_columns(pl.col("sim").first().over("i").alias("best"),
                            pl.int_range(pl.len()).over("i").alias("rank"))
              .filter((pl.col("rank") == 0) | (pl.col("sim") >= opt.second * pl.col("best"))))
    table = thread_labels(vec, ranked.filter(pl.col("rank") == 0).select("i", "c"), n)
    agg = (ranked.join(table, on="c").sort("i", "rank").group_by("i", maintain_order=True)
           .agg(pl.col("thread_id").first(), pl.col("thread_label").first(),
                pl.col("thread_id").alias("thread_ids")))
    out = (blank.with_row_index("_i").join(agg.rename({"i": "_i"}), on="_i", how="left",
                                           maintain_order="left")
           .sort("_row").drop("_i", "_row").with_columns(pl.col("thread_ids").fill_null([])))
    return conform(out, EVENTS)
