"""Conflict threads without a spec: TF-IDF feature vectors + sparse average-linkage clustering.

Every event becomes a bag of typed features: its actors, weapons and places (``a:``, ``w:``,
``p:``), its country, salient words of its sentence (``k:``), its article (``d:``) and the
month and year it happened (``t:``, a weak signal). Features are weighted by kind and by IDF,
so ubiquitous ones ("Syria", "Israel") count for little, and each event vector has unit
length: the dot product of two events is their cosine similarity.

Neighbours are found by blocking: only features held by at most ``max_df`` events generate
candidate pairs, and each event keeps its ``neighbours`` most similar ones, so the work grows
with n·neighbours, not n². Average linkage over that sparse graph (a missing edge counts as
similarity 0) merges the closest pair of clusters until no pair is on average more similar
than ``threshold``. Clusters of at least ``min_events`` events are threads; every other event
joins the thread it is on average most similar to, if that reaches ``threshold``. An event
also belongs to a second thread when its similarity there is at least ``second`` times its
best. Labels are the 2-3 most distinctive actors, weapons or places of a thread (share of
its events x IDF), extended or numbered until unique; ids are ``auto-<slug of label>``.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

import polars as pl

from threadline.schema import EVENTS, conform

__all__ = ["AutoThreadOptions", "auto_threads", "event_features"]

#: Feature kinds and their weights; entities carry the story, words and time only nudge it.
KIND_WEIGHTS: dict[str, float] = {"a": 1.0, "w": 1.0, "p": 1.0, "c": 0.5, "k": 0.5, "d": 1.0,
                                  "t": 0.8}
#: Kinds that may name a thread (keywords only when a thread has too few of these).
LABEL_KINDS = ("a", "w", "p")


@dataclass(frozen=True)
class AutoThreadOptions:
    """Tunables of automatic threading; the defaults suit 50 to 50,000 events."""

    #: Minimum average cosine similarity for two clusters (or an event and a thread) to join.
    threshold: float = 0.18
    #: An event joins a further thread when its similarity there is >= second x its best.
    second: float = 0.8
    #: Features held by more events than this propose no candidate pairs (blocking); they still
    #: count in the similarity of the candidates.
    max_df: int = 200
    #: Candidate neighbours kept per event.
    neighbours: int = 20
    #: Shortest sentence word used as a keyword feature.
    min_word: int = 5


def event_features(events: pl.DataFrame, options: AutoThreadOptions | None = None
                   ) -> pl.DataFrame:
    """One row per (event row ``i``, feature) with its kind weight: the bag each event is.

    >>> ev = pl.DataFrame({"event_id": ["a/E001"], "doc_id": ["a"],
    ...     "sentence": ["Israel bombed the Mezzeh runway."], "actors": [["Israel"]],
    ...     "weapons": [[]], "places": [["Mezzeh Air Base"]], "country": ["Syria"]})
    >>> event_features(conform(ev, EVENTS))["feature"].to_list()
    ['a:Israel', 'c:Syria', 'd:a', 'k:bombed', 'k:mezzeh', 'k:runway', 'p:Mezzeh Air Base']
    """
    opt = options or AutoThreadOptions()
    cols = set(events.columns)
    lists = {k: (pl.col(c).fill_null([]) if c in cols else pl.lit([], pl.List(pl.String)))
             for k, c in (("a", "actors"), ("w", "weapons"), ("p", "places"))}
    words = (pl.col("sentence").fill_null("").str.to_lowercase()
             .str.extract_all(rf"[a-z][a-z-]{{{opt.min_word - 1},}}")
             .list.eval(pl.element().str.replace(r"([^s])s$", "$1")))
    span = (pl.col("date_end") - pl.col("date_start")).dt.total_days()
    month = pl.when(span <= 31).then(pl.col("date_start").dt.strftime("t:%Y-%m"))
    year = pl.when(span <= 366).then(pl.col("date_start").dt.strftime("t:%Y"))
    parts = [*(v.list.eval(pl.lit(k + ":") + pl.element()) for k, v in lists.items()),
             words.list.eval(pl.lit("k:") + pl.element()),
             pl.concat_list(pl.lit("c:") + pl.col("country"), pl.lit("d:") + pl.col("doc_id"),
                            month, year)]
    long = (events.with_row_index("i").select(
        "i", pl.concat_list(*parts).list.drop_nulls().list.unique().alias("feature"))
        .explode("feature").drop_nulls("feature").sort("i", "feature"))
    kinds = pl.DataFrame({"kind": list(KIND_WEIGHTS), "kw": list(KIND_WEIGHTS.values())})
    return long.with_columns(pl.col("feature").str.head(1).alias("kind")).join(
        kinds, on="kind", how="left", maintain_order="left")


def _vectors(long: pl.DataFrame, n: int) -> pl.DataFrame:
    """Unit-length TF-IDF weights ``w`` of every (i, feature), with its document frequency."""
    return (long.with_columns(pl.len().over("feature").alias("df"))
            .with_columns((pl.col("kw") * ((1 + n) / (1 + pl.col("df"))).log()).alias("w"))
            .with_columns((pl.col("w") / (pl.col("w") ** 2).sum().over("i").sqrt()).alias("w"))
            .filter(pl.col("w") > 0))


def _top(pairs: pl.DataFrame, k: int) -> pl.DataFrame:
    """The `k` most similar partners of every event, as (i, j, sim) pairs with i < j."""
    both = pl.concat([pairs, pairs.select(pl.col("j").alias("i"), pl.col("i").alias("j"), "sim")])
    top = (both.sort(["i", "sim", "j"], descending=[False, True, False])
           .group_by("i", maintain_order=True).head(k))
    return (top.select(pl.min_horizontal("i", "j").alias("i"),
                       pl.max_horizontal("i", "j").alias("j"), "sim")
            .unique(["i", "j"]).sort("i", "j"))


def _neighbour_pairs(vec: pl.DataFrame, opt: AutoThreadOptions) -> pl.DataFrame:
    """Cosine similarity (i < j) of each event to its most similar events. Blocking: only
    features held by 2..max_df events propose candidates (3x neighbours per event, by their
    part of the similarity); the common features then complete those candidates' cosine."""
    rare = vec.filter(pl.col("df").is_between(2, opt.max_df)).select("i", "feature", "w")
    common = vec.filter(pl.col("df") > opt.max_df).select("i", "feature", "w")
    cand = _top(rare.join(rare, on="feature", suffix="_j").filter(pl.col("i") < pl.col("i_j"))
                .group_by("i", "i_j").agg((pl.col("w") * pl.col("w_j")).sum().alias("sim"))
                .rename({"i_j": "j"}), 3 * opt.neighbours)
    extra = (cand.select("i", "j").join(common, on="i")
             .join(common.rename({"i": "j", "w": "w_j"}), on=["j", "feature"])
             .group_by("i", "j").agg((pl.col("w") * pl.col("w_j")).sum().alias("more")))
    full = (cand.join(extra, on=["i", "j"], how="left")
            .select("i", "j", pl.col("sim") + pl.col("more").fill_null(0.0)))
    return _top(full, opt.neighbours)


def _centroid_linkage(n: int, pairs: pl.DataFrame, threshold: float) -> list[int]:
    """Cluster root of each of `n` unit vectors: merge the two linked clusters whose summed
    vectors have the highest cosine, W(A,B) / sqrt(W(A,A) W(B,B)), until it falls below
    `threshold`. Size-independent, unlike average linkage on a sparse graph."""
    norm = [1.0] * n  # W(A, A): squared length of the cluster's summed vector
    root = list(range(n))
    adj: list[dict[int, float]] = [{} for _ in range(n)]
    for i, j, s in pairs.iter_rows():
        adj[i][j] = adj[j][i] = s
    heap = [(-s, i, j) for i, j, s in pairs.iter_rows() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if root[a] != a or root[b] != b or b not in adj[a] or \
                abs(adj[a][b] / (norm[a] * norm[b]) ** 0.5 + neg) > 1e-12:
            continue  # stale entry: a side was merged or changed since it was pushed
        root[b] = a
        norm[a] += norm[b] + 2 * adj[a].pop(b)
        merged, adj[b] = adj[b], {}
        for c, s in merged.items():
            adj[c].pop(b, None)
            if c != a:
                adj[a][c] = adj[c][a] = adj[a].get(c, 0.0) + s
        for c, s in adj[a].items():
            cos = s / (norm[a] * norm[c]) ** 0.5
            if cos >= threshold:
                heapq.heappush(heap, (-cos, min(a, c), max(a, c)))
    for i in range(n):  # follow merges to the final roots (roots only ever point lower-level)
        while root[root[i]] != root[i]:
            root[i] = root[root[i]]
    return root


def _similarities(vec: pl.DataFrame, member: pl.DataFrame, pairs: pl.DataFrame
                  ) -> pl.DataFrame:
    """Cosine ``sim`` of every event ``i`` to the summed vector of its own thread (without
    itself) and of its neighbours' threads ``c``, and whether ``c`` is its ``own``."""
    block = vec.filter(pl.col("df") >= 2).select("i", "feature", "w")
    total = block.join(member, on="i").group_by("c", "feature").agg(pl.col("w").sum())
    sq = total.group_by("c").agg((pl.col("w") ** 2).sum().alias("sq"))
    selfsim = block.group_by("i").agg((pl.col("w") ** 2).sum().alias("self"))
    links = pl.concat([pairs.select("i", "j"), pairs.select(pl.col("j").alias("i"),
                                                            pl.col("i").alias("j"))])
    cand = pl.concat([member, links.join(member.rename({"i": "j"}), on="j").select("i", "c")]
                     ).unique()
    sims = (cand.join(block, on="i").join(total, on=["c", "feature"], suffix="_c")
            .group_by("i", "c").agg((pl.col("w") * pl.col("w_c")).sum().alias("dot"))
            .join(sq, on="c").join(member.rename({"c": "own"}), on="i", how="left")
            .join(selfsim, on="i", how="left"))
    own = (pl.col("c") == pl.col("own")).fill_null(False)
    dot = pl.when(own).then(pl.col("dot") - pl.col("self")).otherwise(pl.col("dot"))
    sq_c = pl.when(own).then(pl.col("sq") - 2 * pl.col("dot") + pl.col("self")
                             ).otherwise(pl.col("sq"))
    return sims.select("i", "c", (dot / sq_c.clip(1e-12).sqrt()).alias("sim"), own.alias("own"))


def _labels(vec: pl.DataFrame, primary: pl.DataFrame, n: int) -> dict[int, str]:
    """Unique readable label of each thread: its 2-3 most distinctive entities."""
    score = (vec.join(primary, on="i").group_by("c", "feature", "kind")
             .agg(pl.len().alias("count"), pl.col("df").first())
             .join(primary.group_by("c").agg(pl.len().alias("size")), on="c")
             .with_columns((pl.col("count") / pl.col("size")
                            * ((1 + n) / (1 + pl.col("df"))).log()).alias("score"),
                           pl.col("kind").is_in(LABEL_KINDS).alias("entity"))
             .filter(pl.col("entity") | (pl.col("kind") == "k"))
             .sort(["c", "entity", "score", "feature"], descending=[False, True, True, False]))
    order = (primary.group_by("c").agg(pl.len().alias("size"), pl.col("i").min())
             .sort(["size", "i"], descending=[True, False]))["c"]
    names = {c: [f[2:] for f in fs] for c, fs in score.group_by("c").agg("feature").iter_rows()}
    labels: dict[int, str] = {}
    for c in order:
        words = names.get(c, [])
        label = " / ".join(words[:3]) or f"thread {len(labels) + 1}"
        extra = 3
        while label in labels.values():
            extra += 1
            label = (" / ".join(words[:extra]) if extra <= len(words)
                     else f"{' / '.join(words[:3])} ({extra - len(words)})")
        labels[c] = label
    return labels


def auto_threads(events: pl.DataFrame, min_events: int = 3,
                 options: AutoThreadOptions | None = None) -> pl.DataFrame:
    """Fill the thread columns by clustering events on shared actors, weapons, places, words,
    article and time (see the module docstring); deterministic, no spec needed.

    >>> ev = pl.DataFrame({"event_id": [f"a/E00{i}" for i in range(4)], "doc_id": ["a"] * 4,
    ...     "sentence": ["ISIS fired a TOW at the FSA."] * 4, "actors": [["ISIS", "FSA"]] * 4,
    ...     "weapons": [["BGM-71 TOW"]] * 4, "places": [["Idlib"]] * 4})
    >>> auto_threads(conform(ev, EVENTS))["thread_id"].unique().to_list()
    ['auto-bgm-71-tow-fsa-isis']
    """
    opt = options or AutoThreadOptions()
    blank = events.drop("thread_id", "thread_label", "thread_ids", strict=False)
    n = events.height
    vec = _vectors(event_features(events, opt), n) if n else pl.DataFrame()
    if n == 0 or vec.is_empty():
        return conform(blank.with_columns(pl.lit([], pl.List(pl.String)).alias("thread_ids")),
                       EVENTS)
    pairs = _neighbour_pairs(vec, opt)
    root = _centroid_linkage(n, pairs, opt.threshold)
    member = (pl.DataFrame({"i": range(n), "c": root}, schema={"i": pl.UInt32, "c": pl.Int64})
              .filter(pl.len().over("c") >= min_events))
    sims = (_similarities(vec, member, pairs) if member.height else
            pl.DataFrame(schema={"i": pl.UInt32, "c": pl.Int64, "sim": pl.Float64,
                                 "own": pl.Boolean}))
    ranked = (sims.filter(pl.col("own") | (pl.col("sim") >= opt.threshold))
              .sort(["i", "own", "sim", "c"], descending=[False, True, True, False])
              .with_columns(pl.col("sim").first().over("i").alias("best"),
                            pl.int_range(pl.len()).over("i").alias("rank"))
              .filter((pl.col("rank") == 0) | (pl.col("sim") >= opt.second * pl.col("best"))))
    primary = ranked.filter(pl.col("rank") == 0).select("i", "c")
    labels = _labels(vec, primary, n)
    ids = {c: "auto-" + re.sub(r"[^a-z0-9]+", "-", lab.lower()).strip("-")
           for c, lab in labels.items()}
    table = pl.DataFrame({"c": list(labels), "thread_label": list(labels.values()),
                          "thread_id": [ids[c] for c in labels]},
                         schema={"c": pl.Int64, "thread_label": pl.String, "thread_id": pl.String})
    agg = (ranked.join(table, on="c").sort("i", "rank").group_by("i", maintain_order=True)
           .agg(pl.col("thread_id").first(), pl.col("thread_label").first(),
                pl.col("thread_id").alias("thread_ids")))
    out = (blank.with_row_index("_i").join(agg.rename({"i": "_i"}), on="_i", how="left",
                                           maintain_order="left")
           .drop("_i").with_columns(pl.col("thread_ids").fill_null([])))
    return conform(out, EVENTS)
