"""Clusters of clusters: centroid linkage again over the clusters of the level below.

The event-level linkage only compares events its neighbour graph links, so on a large corpus
it stops at many small, coherent clusters (one story told over a week), none the size of a
thread. Each further level treats those clusters as nodes (their summed vectors, trimmed to
their heaviest features, and their article counts), finds their neighbours by the same
blocking, and links them by the same rule, until a level merges almost nothing. In a node's
sums each event weighs k ** -article_damping (k: the events of its article in that cluster),
so a long article with many reports counts as one voice among the cluster's articles rather
than setting its features and, through its article count, pulling clusters together.
"""

from __future__ import annotations

import polars as pl

from threadline.threads.auto.features import article_weights
from threadline.threads.auto.linkage import centroid_linkage
from threadline.threads.auto.neighbours import neighbour_pairs
from threadline.threads.auto.options import AutoThreadOptions


def _nodes(vec: pl.DataFrame, docs: pl.DataFrame, root: list[int], keep: int, damping: float
           ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Cluster nodes numbered 0.. in order of their smallest event: (node of every cluster
    root), their summed vectors (raw and unit-length, with document frequency among nodes) and
    their article counts, each event weighted by `article_weights` (`damping`)."""
    member = pl.DataFrame({"i": range(len(root)), "c": root},
                          schema={"i": pl.UInt32, "c": pl.Int64})
    order = (member.group_by("c").agg(pl.col("i").min()).sort("i")
             .with_row_index("node").select("c", pl.col("node").cast(pl.UInt32)))
    member = member.join(order, on="c").join(
        article_weights(docs, member, damping), on=["i", "c"])
    raw = (vec.join(member, on="i").group_by("node", "feature")
           .agg((pl.col("w") * pl.col("aw")).sum())
           .sort(["node", "w", "feature"], descending=[False, True, False])
           .group_by("node", maintain_order=True).head(keep)
           .with_columns(pl.len().over("feature").alias("df")))
    unit = raw.with_columns(pl.col("w") / (pl.col("w") ** 2).sum().over("node").sqrt())
    arts = (docs.join(member, on="i").group_by("node", "feature")
            .agg(pl.col("aw").sum().alias("w")))
    return order, raw.rename({"node": "i"}), unit.rename({"node": "i"}), arts.rename(
        {"node": "i"})


def covered(root: list[int], least: int) -> float:
    """Share of the events in clusters of at least `least` events (thread-sized)."""
    sizes = pl.Series(root).value_counts()
    return sizes.filter(pl.col("count") >= least)["count"].sum() / max(len(root), 1)


def linked_levels(vec: pl.DataFrame, docs: pl.DataFrame, root: list[int], least: int,
                  opt: AutoThreadOptions) -> list[int]:
    """Cluster root of every event after levels of clusters of clusters, added while clusters
    of a thread's size (`least` events) hold less than `opt.coverage` of the events, at most
    `opt.levels`; a level that leaves more than `opt.settle` of its clusters standing is the
    last."""
    for _ in range(opt.levels):
        if covered(root, least) >= opt.coverage:
            break
        order, raw, unit, arts = _nodes(vec, docs, root, opt.cluster_features,
                                        opt.article_damping)
        m = order.height
        if m < 2:
            break
        pairs = neighbour_pairs(unit, arts.select("i", "feature"), opt)
        up = centroid_linkage(raw, arts, pairs, m, opt, exact=False)
        merged = m - len(set(up))
        if merged == 0:
            break
        to = dict(zip(order["c"].to_list(), up, strict=True))
        first = dict(zip(range(m), order["c"].to_list(), strict=True))  # node -> old root
        root = [first[to[c]] for c in root]
        if m - merged > opt.settle * m:
            break
    return root
