"""Candidate pairs by blocking on rare features: each event's most similar events, not n^2."""

from __future__ import annotations

import polars as pl

from threadline.threads.auto.options import AutoThreadOptions


def neighbour_pairs(vec: pl.DataFrame, docs: pl.DataFrame, opt: AutoThreadOptions
                    ) -> pl.DataFrame:
    """Pairs (i < j, sim) of each event with its `neighbours` most similar events. Blocking:
    an event's `proposers` heaviest features held by 2..max_df events propose the events that
    hold them, and so do the reports of its article (when the article is no bigger than
    max_df); each event keeps the best by their part of the similarity, (1 - same_article) x
    the dot product over those features + same_article x [same article]; the pairs kept get
    their exact similarity (`exact`). The work grows with n x proposers x max_df at most."""
    beta = opt.same_article
    rare = vec.filter(pl.col("df").is_between(2, opt.max_df)).select("i", "feature", "w")
    heavy = (rare.sort(["i", "w", "feature"], descending=[False, True, False])
             .group_by("i", maintain_order=True).head(opt.proposers))
    shared = (heavy.join(rare, on="feature", suffix="_j").filter(pl.col("i") != pl.col("i_j"))
              .group_by("i", "i_j").agg((pl.col("w") * pl.col("w_j")).sum().alias("cos"))
              .rename({"i_j": "j"}))
    small = docs.filter(pl.len().over("feature") <= opt.max_df)
    same = (small.join(small, on="feature", suffix="_j").filter(pl.col("i") != pl.col("i_j"))
            .select("i", pl.col("i_j").alias("j"), pl.lit(1.0).alias("same")))
    both = (shared.join(same, on=["i", "j"], how="full", coalesce=True)
            .with_columns(pl.col("cos", "same").fill_null(0.0))
            .select("i", "j", ((1 - beta) * pl.col("cos") + beta * pl.col("same")).alias("sim")))
    top = (both.sort(["i", "sim", "j"], descending=[False, True, False])
           .group_by("i", maintain_order=True).head(opt.neighbours))
    pairs = (top.select(pl.min_horizontal("i", "j").alias("i"),
                        pl.max_horizontal("i", "j").alias("j")).unique())
    return exact(pairs, vec, docs, beta)


def exact(pairs: pl.DataFrame, vec: pl.DataFrame, docs: pl.DataFrame, beta: float
          ) -> pl.DataFrame:
    """The exact similarity (i, j, sim) of the given pairs: (1 - beta) x the cosine of their
    vectors + beta x [same article], by one join on shared features."""
    feats = vec.select("i", "feature", "w")
    dot = (pairs.join(feats, on="i").join(feats.rename({"i": "j", "w": "w_j"}),
                                          on=["j", "feature"])
           .group_by("i", "j").agg((pl.col("w") * pl.col("w_j")).sum().alias("cos")))
    same = (pairs.join(docs, on="i").join(docs.rename({"i": "j"}), on=["j", "feature"])
            .select("i", "j", pl.lit(1.0).alias("same")).unique(["i", "j"]))
    return (pairs.join(dot, on=["i", "j"], how="left").join(same, on=["i", "j"], how="left")
            .select("i", "j", ((1 - beta) * pl.col("cos").fill_null(0.0)
                               + beta * pl.col("same").fill_null(0.0)).alias("sim"))
            .sort("i", "j"))
