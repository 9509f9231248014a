"""Sparse centroid-linkage clustering of events over their neighbour graph, and the merging of
whole threads afterwards."""

from __future__ import annotations

import heapq
import math

import polars as pl

from threadline.threads.auto.options import AutoThreadOptions


def _dot(x: dict, y: dict) -> float:
    """Dot product of two sparse vectors, iterating the shorter."""
    if len(x) > len(y):
        x, y = y, x
    return sum(v * y[k] for k, v in x.items() if k in y)


def _rows(frame: pl.DataFrame, n: int) -> list[dict]:
    """Sparse vectors {feature: weight} of `n` rows from an (i, feature, w) frame."""
    out: list[dict] = [{} for _ in range(n)]
    grouped = frame.group_by("i").agg("feature", "w")
    for i, feats, ws in zip(grouped["i"].to_list(), grouped["feature"].to_list(),
                            grouped["w"].to_list(), strict=True):
        out[i] = dict(zip(feats, ws, strict=True))
    return out


def centroid_linkage(vec: pl.DataFrame, docs: pl.DataFrame, pairs: pl.DataFrame, n: int,
                     opt: AutoThreadOptions, exact: bool = True) -> list[int]:
    """Cluster root of each of `n` events: merge the two linked clusters whose summed vectors
    have the highest similarity until it falls below the threshold: (1 - same_article) x the
    cosine of their features + same_article x the cosine of their article counts, each part
    normalised on its own (for two events: their cosine and [same article]; a mixed norm
    would let the article counts, which grow as the square of a one-article cluster's size,
    swamp the features of clusters); a cluster keeps its `cluster_features` heaviest
    features. The heap is lazy: an entry whose clusters changed since it was pushed is
    recomputed when it comes up (and pushed again if it still reaches the threshold), so a
    merge costs no pass over the neighbours: the work grows with the neighbour pairs. Nodes
    may be clusters already (`threadline.threads.auto.levels`): their vectors are sums, their
    articles counts (``docs`` with a ``w`` column); with `exact` False the pairs' similarities
    are only candidates, recomputed when they come up."""
    beta, threshold, keep = opt.same_article, opt.threshold, opt.cluster_features
    feats = _rows(vec.filter(pl.col("df") >= 2).select("i", "feature", "w"), n)
    if "w" not in docs.columns:
        docs = docs.with_columns(pl.lit(1.0).alias("w"))
    arts = _rows(docs.select("i", "feature", "w"), n)
    fnorm = [sum(w * w for w in f.values()) for f in feats]
    anorm = [sum(w * w for w in a.values()) for a in arts]
    version, root = [0] * n, list(range(n))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    def cos(a: int, b: int) -> float:
        f, d = fnorm[a] * fnorm[b], anorm[a] * anorm[b]
        return ((1 - beta) * (_dot(feats[a], feats[b]) / math.sqrt(f) if f > 0 else 0.0)
                + beta * (_dot(arts[a], arts[b]) / math.sqrt(d) if d > 0 else 0.0))

    first = 0 if exact else -1  # a version no node has: recomputed when popped
    heap = [(-s, i, j, first, first) for i, j, s in pairs.iter_rows() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if (ra, rb, va, vb) != (a, b, version[a], version[b]):  # stale: recompute
            lo, hi = min(ra, rb), max(ra, rb)
            s = cos(lo, hi)
            if s >= threshold:
                heapq.heappush(heap, (-s, lo, hi, version[lo], version[hi]))
            continue
        if (len(feats[a]), -a) < (len(feats[b]), -b):
            a, b = b, a  # fold the smaller vector into the larger
        for store in (feats, arts):
            for k, v in store[b].items():
                store[a][k] = store[a].get(k, 0.0) + v
            store[b] = {}
        if len(feats[a]) > 2 * keep:  # trim now and then, not at every merge
            feats[a] = dict(sorted(feats[a].items(), key=lambda kv: (-kv[1], kv[0]))[:keep])
        fnorm[a] = sum(w * w for w in feats[a].values())
        anorm[a] = sum(w * w for w in arts[a].values())
        root[b], version[a] = a, version[a] + 1
    return [find(i) for i in range(n)]


def merge_threads(vec: pl.DataFrame, member: pl.DataFrame, merge: float,
                  weights: pl.DataFrame | None = None) -> pl.DataFrame:
    """Membership (i, c) after centroid linkage of whole threads: the two threads whose summed
    vectors (each event weighted by `weights` (i, c, aw), if given) have the highest cosine
    join, until none reaches `merge` (few threads: exact)."""
    weighted = member.join(weights, on=["i", "c"]) if weights is not None else member.with_columns(
        pl.lit(1.0).alias("aw"))
    sums = (vec.join(weighted, on="i").group_by("c", "feature")
            .agg((pl.col("w") * pl.col("aw")).sum().alias("w")))
    vecs: dict[int, dict[str, float]] = {}
    for c, f, w in sums.sort("c", "feature").iter_rows():
        vecs.setdefault(c, {})[f] = w
    norm = {c: math.sqrt(sum(w * w for w in v.values())) for c, v in vecs.items()}
    to = {c: c for c in vecs}
    while len(vecs) > 1:
        best, a, b = max((_dot(vecs[a], vecs[b]) / (norm[a] * norm[b] or 1.0), -a, -b)
                         for a in vecs for b in vecs if a < b)
        if best < merge:
            break
        a, b = -a, -b
        for f, w in vecs.pop(b).items():
            vecs[a][f] = vecs[a].get(f, 0.0) + w
        norm[a] = math.sqrt(sum(w * w for w in vecs[a].values()))
        to = {c: (a if t == b else t) for c, t in to.items()}
    table = pl.DataFrame({"c": list(to), "to": list(to.values())},
                         schema={"c": pl.Int64, "to": pl.Int64})
    return member.join(table, on="c").select("i", pl.col("to").alias("c"))
