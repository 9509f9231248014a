"""Sparse centroid-linkage clustering of events over their neighbour graph."""

from __future__ import annotations

import heapq

import polars as pl

from threadline.threads.auto.options import AutoThreadOptions


def _dot(x: dict, y: dict) -> float:
    """Dot product of two sparse vectors, iterating the shorter."""
    if len(x) > len(y):
        x, y = y, x
    return sum(v * y[k] for k, v in x.items() if k in y)


def centroid_linkage(vec: pl.DataFrame, docs: pl.DataFrame, pairs: pl.DataFrame, n: int,
                      opt: AutoThreadOptions) -> list[int]:
    """Cluster root of each of `n` events: merge the two linked clusters whose summed vectors
    have the highest cosine, W(A,B) / sqrt(W(A,A) W(B,B)), until it falls below the threshold.
    W is the sum of pair similarities, (1 - same_article) x cosine + same_article x [same
    article], computed exactly from the clusters' summed feature and article counts; the
    neighbour pairs only say which clusters are compared. Size-independent."""
    beta, threshold = opt.same_article, opt.threshold
    feats: list[dict] = [{} for _ in range(n)]
    for i, f, w in vec.filter(pl.col("df") >= 2).select("i", "feature", "w").iter_rows():
        feats[i][f] = w
    arts: list[dict] = [{} for _ in range(n)]
    for i, d in docs.iter_rows():
        arts[i][d] = 1
    norm, version = [1.0] * n, [0] * n
    root = list(range(n))
    adj: list[set[int]] = [set() for _ in range(n)]
    heap = []
    for i, j, sim in pairs.iter_rows():
        adj[i].add(j)
        adj[j].add(i)
        if sim >= threshold:
            heap.append((-sim, i, j, 0, 0))
    heapq.heapify(heap)
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if version[a] != va or version[b] != vb or root[a] != a or root[b] != b:
            continue  # stale entry: a side was merged or grew since it was pushed
        if (len(feats[a]), -a) < (len(feats[b]), -b):
            a, b = b, a  # fold the smaller vector into the larger
        norm[a] += norm[b] - 2 * neg * (norm[a] * norm[b]) ** 0.5
        for store in (feats, arts):
            for k, v in store[b].items():
                store[a][k] = store[a].get(k, 0) + v
            store[b] = {}
        root[b], version[a] = a, version[a] + 1
        for c in adj[b]:
            adj[c].discard(b)
            if c != a:
                adj[c].add(a)
                adj[a].add(c)
        adj[a].discard(b)
        adj[b] = set()
        for c in sorted(adj[a]):
            w = (1 - beta) * _dot(feats[a], feats[c]) + beta * _dot(arts[a], arts[c])
            cos = w / (norm[a] * norm[c]) ** 0.5
            if cos >= threshold:
                lo, hi = min(a, c), max(a, c)
                heapq.heappush(heap, (-cos, lo, hi, version[lo], version[hi]))
    for i in range(n):  # follow merges to the final roots
        while root[root[i]] != root[i]:
            root[i] = root[root[i]]
    return root
