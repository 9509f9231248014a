"""Candidate pairs by blocking on rare features: each event's most similar events, not n^2."""

from __future__ import annotations

import polars as pl

from threadline.threads.auto.options import AutoThreadOptions


def _top(pairs: pl.DataFrame, k: int, sig: pl.DataFrame) -> pl.DataFrame:
    """The `k` most similar partners of every event, as (i, j, sim) pairs with i < j, taking
    at most 2 partners with the same signature so copies of one report do not fill the k."""
    pairs = pairs.select("i", "j", "sim")
    both = pl.concat([pairs, pairs.select(pl.col("j").alias("i"), pl.col("i").alias("j"), "sim")])
    top = (both.join(sig.rename({"i": "j"}), on="j", how="left")
           .sort(["i", "sim", "j"], descending=[False, True, False])
           .filter(pl.int_range(pl.len()).over("i", "sig") < 2)
           .group_by("i", maintain_order=True).head(k))
    return (top.select(pl.min_horizontal("i", "j").alias("i"),
                       pl.max_horizontal("i", "j").alias("j"), "sim")
            .unique(["i", "j"]).sort("i", "j"))


def neighbour_pairs(vec: pl.DataFrame, docs: pl.DataFrame, opt: AutoThreadOptions
                     ) -> pl.DataFrame:
    """Cosine similarity (i < j) of each event to its most similar events. Blocking: only
    features held by 2..max_df events propose candidates (3x neighbours per event, by their
    part of the similarity); the common features then complete those candidates' cosine.
    Events of one article are candidates too, and `same_article` of the similarity is theirs.
    Events with the same features but the article (copies of a report) count as one partner."""
    rare = vec.filter(pl.col("df").is_between(2, opt.max_df)).select("i", "feature", "w")
    common = vec.filter(pl.col("df") > opt.max_df).select("i", "feature", "w")
    sig = (vec.group_by("i").agg(pl.col("feature").sort().str.join("|").hash().alias("sig")))
    beta = opt.same_article
    small = docs.filter(pl.len().over("feature") <= opt.max_df)
    same = (small.join(small, on="feature", suffix="_j").filter(pl.col("i") < pl.col("i_j"))
            .select("i", pl.col("i_j").alias("j"), pl.lit(1.0).alias("same")))
    shared = (rare.join(rare, on="feature", suffix="_j").filter(pl.col("i") < pl.col("i_j"))
              .group_by("i", "i_j").agg((pl.col("w") * pl.col("w_j")).sum().alias("cos"))
              .rename({"i_j": "j"}))
    both = (shared.join(same, on=["i", "j"], how="full", coalesce=True)
            .with_columns(pl.col("cos", "same").fill_null(0.0)))
    cand = _top(both.with_columns(((1 - beta) * pl.col("cos") + beta * pl.col("same"))
                                  .alias("sim")), 3 * opt.neighbours, sig)
    cand = cand.join(both, on=["i", "j"], how="left")
    extra = (cand.select("i", "j").join(common, on="i")
             .join(common.rename({"i": "j", "w": "w_j"}), on=["j", "feature"])
             .group_by("i", "j").agg((pl.col("w") * pl.col("w_j")).sum().alias("more")))
    full = (cand.join(extra, on=["i", "j"], how="left")
            .select("i", "j", ((1 - beta) * (pl.col("cos") + pl.col("more").fill_null(0.0))
                               + beta * pl.col("same")).alias("sim")))
    return _top(full, opt.neighbours, sig)
