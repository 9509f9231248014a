"""Small clusters join threads whole: a story of a few events votes together, so it joins the
thread its summed vector is closest to rather than its events being scattered one by one."""

from __future__ import annotations

import polars as pl

from threadline.threads.auto.features import article_weights
from threadline.threads.auto.options import AutoThreadOptions


def _unit_sums(vec: pl.DataFrame, weights: pl.DataFrame) -> pl.DataFrame:
    """(c, feature, w): each cluster's summed vector (events weighted by ``aw``), unit length."""
    return (vec.join(weights, on="i").group_by("c", "feature")
            .agg((pl.col("w") * pl.col("aw")).sum().alias("w"))
            .with_columns(pl.col("w") / (pl.col("w") ** 2).sum().over("c").sqrt()))


def gather_small(vec: pl.DataFrame, docs: pl.DataFrame, root: list[int], member: pl.DataFrame,
                 opt: AutoThreadOptions) -> pl.DataFrame:
    """`member` (i, c) plus the events of every cluster of two or more events outside the
    threads whose summed vector (article-weighted, as the threads') has a cosine of at least
    `opt.gather` with a thread's: the whole cluster joins its closest thread (ties: the
    smaller thread id)."""
    small = (pl.DataFrame({"i": range(len(root)), "c": root},
                          schema={"i": pl.UInt32, "c": pl.Int64})
             .join(member.select("i"), on="i", how="anti")
             .filter(pl.len().over("c") >= 2))
    if small.is_empty() or member.is_empty():
        return member
    small = small.with_columns(-pl.col("c") - 1)  # ids apart from the threads' (all >= 0)
    both = pl.concat([member, small])
    sums = _unit_sums(vec, article_weights(docs, both, opt.article_damping))
    threads = sums.join(member.select("c").unique(), on="c", how="semi")
    best = (sums.join(small.select("c").unique(), on="c", how="semi")
            .join(threads, on="feature", suffix="_t")
            .group_by("c", "c_t").agg((pl.col("w") * pl.col("w_t")).sum().alias("cos"))
            .filter(pl.col("cos") >= opt.gather)
            .sort(["c", "cos", "c_t"], descending=[False, True, False])
            .group_by("c", maintain_order=True).first())
    joined = small.join(best.select("c", "c_t"), on="c").select("i", pl.col("c_t").alias("c"))
    return pl.concat([member, joined])
