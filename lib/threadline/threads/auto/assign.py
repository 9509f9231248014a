"""`auto_threads`: each event's primary and further threads from the clusters, as columns."""

from __future__ import annotations

import math

import polars as pl

from threadline.schema import EVENTS, conform
from threadline.threads.auto.features import (
    article_weights,
    event_features,
    in_context,
    tfidf_vectors,
)
from threadline.threads.auto.gather import gather_small
from threadline.threads.auto.labels import thread_labels
from threadline.threads.auto.levels import linked_levels
from threadline.threads.auto.linkage import centroid_linkage, merge_threads
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


#: Left-out events compared with the threads at a time (each on its own: the same result,
#: memory bounded by a batch).
ABSORB_BATCH = 4_000


def _absorb(vec: pl.DataFrame, docs: pl.DataFrame, member: pl.DataFrame, rest: pl.DataFrame,
            opt: AutoThreadOptions) -> pl.DataFrame:
    """Similarity (i, c, sim) of events left out (`rest`) to each thread: the cosine to its
    centroid (its `cluster_features` heaviest features) mixed, as in the linkage, with the
    share of the event's article-mates in that thread; `ABSORB_BATCH` events at a time."""
    cen = (vec.join(member, on="i").group_by("c", "feature").agg(pl.col("w").sum().alias("wc"))
           .sort(["c", "wc", "feature"], descending=[False, True, False])
           .group_by("c", maintain_order=True).head(opt.cluster_features)
           .with_columns(pl.col("wc") / (pl.col("wc") ** 2).sum().over("c").sqrt()))
    sizes = (docs.group_by("feature").agg(pl.len().alias("size")).join(docs, on="feature")
             .select("i", "size"))
    mates_of = docs.rename({"i": "j"}).join(member.rename({"i": "j"}), on="j")
    beta = opt.same_article
    out = []
    for part in rest.iter_slices(ABSORB_BATCH):
        cos = (vec.join(part, on="i").select("i", "feature", "w").join(cen, on="feature")
               .group_by("i", "c").agg((pl.col("w") * pl.col("wc")).sum().alias("cos")))
        mates = (docs.join(part, on="i").join(mates_of, on="feature")
                 .group_by("i", "c").agg(pl.len().alias("k"))
                 .join(sizes, on="i"))
        both = cos.join(mates, on=["i", "c"], how="full", coalesce=True)
        out.append(both.select("i", "c", ((1 - beta) * pl.col("cos").fill_null(0.0)
                                          + beta * (pl.col("k") / pl.col("size")).fill_null(0.0))
                              .alias("sim"), pl.lit(False).alias("own")))
    return pl.concat(out)


def _lone_articles(member: pl.DataFrame, events: pl.DataFrame, least: int) -> pl.DataFrame:
    """`member` plus a thread for every article of at least `least` reports none of which
    joined a thread: a story unlike the rest of the corpus is a thread of its own, not
    scattered into the threads its reports faintly resemble (its id: its first report's row,
    never a thread root, as none of its reports is in a thread)."""
    rows = events.select(pl.col("doc_id")).with_row_index("i")
    threaded = rows.join(member.select("i"), on="i", how="semi")["doc_id"].unique()
    lone = (rows.drop_nulls("doc_id").filter(~pl.col("doc_id").is_in(threaded.implode()))
            .filter(pl.len().over("doc_id") >= least)
            .select("i", pl.col("i").min().over("doc_id").cast(pl.Int64).alias("c")))
    return pl.concat([member, lone.cast(member.schema)]) if lone.height else member


def _blank(events: pl.DataFrame) -> pl.DataFrame:
    return conform(events.drop("thread_id", "thread_label", "thread_ids", strict=False)
                   .with_columns(pl.lit([], pl.List(pl.String)).alias("thread_ids")), EVENTS)


def auto_threads(events: pl.DataFrame, min_events: int = 3,
                 options: AutoThreadOptions | None = None) -> pl.DataFrame:
    """Fill the thread columns by clustering events on their actors, weapons, places, names,
    words, article and time (see `threadline.threads.auto`); deterministic, no spec needed.

    >>> tow = ("ISIS fired a TOW at the FSA in Idlib.", ["ISIS", "FSA"], ["BGM-71 TOW"],
    ...        ["Idlib"], "Islamic State", "Free Syrian Army", "Idlib")
    >>> dig = ("The IDF found a Hezbollah tunnel at Metula.", ["IDF", "Hezbollah"], [],
    ...        ["Metula"], "Military Forces of Israel", None, "Metula")
    >>> ev = pl.DataFrame([(f"a/E00{i}", "a", i, *tow) for i in range(3)]
    ...     + [(f"b/E00{i}", "b", i, *dig) for i in range(3)], orient="row",
    ...     schema=["event_id", "doc_id", "start", "sentence", "actors", "weapons", "places",
    ...             "actor1", "actor2", "location"])
    >>> auto_threads(ev)["thread_label"].to_list()  # doctest: +NORMALIZE_WHITESPACE
    ['Islamic State vs Free Syrian Army, Idlib', 'Islamic State vs Free Syrian Army, Idlib',
     'Islamic State vs Free Syrian Army, Idlib', 'Hezbollah, Metula', 'Hezbollah, Metula',
     'Hezbollah, Metula']
    """
    opt = options or AutoThreadOptions()
    # row order must not matter: cluster in event_id order, hand back in the caller's order
    events = conform(events, EVENTS).with_row_index("_row").sort("event_id", "_row")
    n = events.height
    long = event_features(events, opt)
    own = tfidf_vectors(long, n)
    if n == 0 or own.is_empty():
        return _blank(events.sort("_row").drop("_row"))
    vec = in_context(own, events, opt) if opt.context else own
    docs = long.filter(pl.col("kind") == "d").select("i", "feature")
    pairs = neighbour_pairs(vec, docs, opt)
    least = max(min_events, math.ceil(opt.min_share * n),
                math.ceil(opt.min_root * math.sqrt(n)))
    root = linked_levels(vec, docs, centroid_linkage(vec, docs, pairs, n, opt), least, opt)
    member = (pl.DataFrame({"i": range(n), "c": root}, schema={"i": pl.UInt32, "c": pl.Int64})
              .filter(pl.len().over("c") >= least))
    weights = article_weights(docs, member, opt.article_damping)
    member = _lone_articles(merge_threads(vec, member, opt.merge, weights), events, least)
    member = gather_small(vec, docs, root, member, opt)
    if member.is_empty():
        return _blank(events.sort("_row").drop("_row"))
    sims = _similarities(vec, docs, member, pairs, opt.same_article)
    rest = pl.DataFrame({"i": range(n)}, schema={"i": pl.UInt32}).join(
        member.select("i"), on="i", how="anti")
    if opt.absorb < opt.threshold and rest.height:
        near = _absorb(vec, docs, member, rest, opt).filter(pl.col("sim") >= opt.absorb)
        sims = pl.concat([sims.filter(~pl.col("i").is_in(near["i"].implode())), near])
    ranked = (sims.filter(pl.col("own") | (pl.col("sim") >= min(opt.threshold, opt.absorb)))
              .sort(["i", "own", "sim", "c"], descending=[False, True, True, False])
              .with_columns(pl.col("sim").first().over("i").alias("best"),
                            pl.int_range(pl.len()).over("i").alias("rank"))
              .filter((pl.col("rank") == 0) | (pl.col("sim") >= opt.second * pl.col("best"))))
    table = thread_labels(ranked.filter(pl.col("rank") == 0).select("i", "c"), events)
    agg = (ranked.join(table, on="c").sort("i", "rank").group_by("i", maintain_order=True)
           .agg(pl.col("thread_id").first(), pl.col("thread_label").first(),
                pl.col("thread_id").alias("thread_ids")))
    out = (events.drop("thread_id", "thread_label", "thread_ids", strict=False)
           .with_row_index("_i").join(agg.rename({"i": "_i"}), on="_i", how="left",
                                      maintain_order="left")
           .sort("_row").drop("_i", "_row").with_columns(pl.col("thread_ids").fill_null([])))
    return conform(out, EVENTS)
