"""Conflict threads without a spec: TF-IDF feature vectors + sparse centroid-linkage clustering.

Every event becomes a bag of typed features: its actors, weapons and places (``a:``, ``w:``,
``p:``), its country (``c:``), salient words of its sentence (``k:``) and the month and year
it happened (``t:``, a weak signal). Features are weighted by kind and by IDF, so ubiquitous
ones ("Syria", "Israel") count for little, and each vector has unit length. Two events are
similar by (1 - same_article) x their cosine + same_article if one article reports both
(``d:``): a fixed share, so the article helps without swamping the content at any scale.

Neighbours are found by blocking: only features held by at most ``max_df`` events propose
candidate pairs, and each event keeps its ``neighbours`` most similar ones, so the work grows
with n x neighbours, not n^2. Centroid linkage over that graph merges the two linked clusters
whose summed vectors have the highest cosine until it falls below ``threshold``. Clusters of
at least ``min_events`` events are threads; any other event joins the thread it is most
similar to, if that reaches ``threshold``, and an event also belongs to a further thread when
its similarity there is at least ``second`` x its best. Labels are the 2-3 most distinctive
actors, weapons or places of a thread (share of its events x IDF), extended or numbered until
unique; ids are ``auto-<slug of label>``. Everything is ordered by event_id: deterministic.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

import polars as pl

from threadline.schema import EVENTS, conform

__all__ = ["AutoThreadOptions", "auto_threads", "event_features"]

#: Feature kinds and their weights; entities carry the story, words and time only nudge it.
KIND_WEIGHTS: dict[str, float] = {"a": 1.0, "w": 1.0, "p": 1.0, "c": 0.5, "k": 0.5, "t": 0.8}
#: Kinds that may name a thread (keywords only when a thread has too few of these).
LABEL_KINDS = ("a", "w", "p")
#: Added to every IDF so that a feature all events share still counts a little.
IDF_FLOOR = 0.5


@dataclass(frozen=True)
class AutoThreadOptions:
    """Tunables of automatic threading; the defaults suit 50 to 50,000 events."""

    #: Least cosine between two clusters' summed vectors (or an event and a thread) to join.
    threshold: float = 0.28
    #: Weight of "same article" in a pair's similarity; the rest is the features' cosine. A
    #: fixed share, not an IDF weight, which would let the article swamp everything at scale.
    same_article: float = 0.1
    #: An event joins a further thread when its similarity there is >= second x its best.
    second: float = 0.7
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
    >>> event_features(conform(ev, EVENTS))["feature"].to_list()  # doctest: +NORMALIZE_WHITESPACE
    ['a:Israel', 'c:Syria', 'd:a', 'k:bombed', 'k:israel', 'k:mezzeh', 'k:runway',
     'p:Mezzeh Air Base']
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
    """Unit-length TF-IDF weights ``w`` of every weighted (i, feature), with its document
    frequency ``df`` (the article, ``d:``, is no part of the vector)."""
    return (long.filter(pl.col("kw").is_not_null())
            .with_columns(pl.len().over("feature").alias("df"))
            .with_columns((pl.col("kw") * (((1 + n) / (1 + pl.col("df"))).log() + IDF_FLOOR)
                           ).alias("w"))
            .with_columns((pl.col("w") / (pl.col("w") ** 2).sum().over("i").sqrt()).alias("w"))
            .filter(pl.col("w") > 0))


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


def _neighbour_pairs(vec: pl.DataFrame, docs: pl.DataFrame, opt: AutoThreadOptions
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


def _dot(x: dict, y: dict) -> float:
    """Dot product of two sparse vectors, iterating the shorter."""
    if len(x) > len(y):
        x, y = y, x
    return sum(v * y[k] for k, v in x.items() if k in y)


def _centroid_linkage(vec: pl.DataFrame, docs: pl.DataFrame, pairs: pl.DataFrame, n: int,
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


def _labels(vec: pl.DataFrame, primary: pl.DataFrame, n: int) -> pl.DataFrame:
    """Unique readable label (its 2-3 most distinctive entities) and id of each thread ``c``,
    biggest thread first."""
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
    names = {c: [f[2:] for f in fs] for c, fs
             in score.group_by("c", maintain_order=True).agg("feature").iter_rows()}
    rows: list[tuple[int, str, str]] = []
    taken: set[str] = set()
    for c in order:
        words = names.get(c) or [f"thread {len(rows) + 1}"]
        extra, label = 3, " / ".join(words[:3])
        while label in taken or _slug(label) in taken:  # a twin: add a feature, else number it
            extra += 1
            label = (" / ".join(words[:extra]) if extra <= len(words)
                     else f"{' / '.join(words[:3])} ({extra - len(words)})")
        rows.append((c, label, _slug(label)))
        taken |= {label, _slug(label)}
    return pl.DataFrame(rows, orient="row", schema={
        "c": pl.Int64, "thread_label": pl.String, "thread_id": pl.String})


def _slug(label: str) -> str:
    """The thread id of a label: "auto-" and its lower-case words joined by hyphens."""
    return "auto-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def auto_threads(events: pl.DataFrame, min_events: int = 3,
                 options: AutoThreadOptions | None = None) -> pl.DataFrame:
    """Fill the thread columns by clustering events on shared actors, weapons, places, words,
    article and time (see the module docstring); deterministic, no spec needed.

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
    vec, docs = _vectors(long, n), long.filter(pl.col("kind") == "d").select("i", "feature")
    if n == 0 or vec.is_empty():
        return conform(blank.sort("_row").drop("_row").with_columns(
            pl.lit([], pl.List(pl.String)).alias("thread_ids")), EVENTS)
    pairs = _neighbour_pairs(vec, docs, opt)
    root = _centroid_linkage(vec, docs, pairs, n, opt)
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
    table = _labels(vec, ranked.filter(pl.col("rank") == 0).select("i", "c"), n)
    agg = (ranked.join(table, on="c").sort("i", "rank").group_by("i", maintain_order=True)
           .agg(pl.col("thread_id").first(), pl.col("thread_label").first(),
                pl.col("thread_id").alias("thread_ids")))
    out = (blank.with_row_index("_i").join(agg.rename({"i": "_i"}), on="_i", how="left",
                                           maintain_order="left")
           .sort("_row").drop("_i", "_row").with_columns(pl.col("thread_ids").fill_null([])))
    return conform(out, EVENTS)
