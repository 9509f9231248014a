"""Candidate pairs by blocking on rare features: each event's most similar events, not n^2."""

from __future__ import annotations

import polars as pl

from threadline.threads.auto.options import AutoThreadOptions

#: Events whose candidates are gathered at a time: every step of the blocking is per event,
#: so batches give the same pairs while memory is bounded by a batch, not by the corpus.
BATCH_EVENTS = 2_000
#: Pairs whose exact similarity is computed at a time.
BATCH_PAIRS = 20_000


def _top(heavy: pl.DataFrame, rare: pl.DataFrame, mine: pl.DataFrame, small: pl.DataFrame,
         opt: AutoThreadOptions) -> pl.DataFrame:
    """(i, j) of the `neighbours` best candidates of the events of `heavy` and `mine` (their
    proposing features and article rows), against all events' `rare` and `small` rows."""
    beta = opt.same_article
    shared = (heavy.join(rare, on="feature", suffix="_j").filter(pl.col("i") != pl.col("i_j"))
              .group_by("i", "i_j").agg((pl.col("w") * pl.col("w_j")).sum().alias("cos"))
              .rename({"i_j": "j"}))
    same = (mine.join(small, on="feature", suffix="_j").filter(pl.col("i") != pl.col("i_j"))
            .select("i", pl.col("i_j").alias("j"), pl.lit(1.0).alias("same")))
    both = (shared.join(same, on=["i", "j"], how="full", coalesce=True)
            .with_columns(pl.col("cos", "same").fill_null(0.0))
            .select("i", "j", ((1 - beta) * pl.col("cos") + beta * pl.col("same")).alias("sim")))
    # ranked on the similarity to 12 places: sums in another order differ in the last bits,
    # and must not pick other neighbours among equals (repeated reports tie exactly)
    return (both.sort([pl.col("i"), pl.col("sim").round(12), pl.col("j")],
                      descending=[False, True, False])
            .group_by("i", maintain_order=True).head(opt.neighbours)
            .select(pl.min_horizontal("i", "j").alias("i"), pl.max_horizontal("i", "j").alias("j"))
            .unique())


def neighbour_pairs(vec: pl.DataFrame, docs: pl.DataFrame, opt: AutoThreadOptions
                    ) -> pl.DataFrame:
    """Pairs (i < j, sim) of each event with its `neighbours` most similar events. Blocking:
    an event's `proposers` heaviest features held by 2..max_df events propose the events that
    hold them, and so do the reports of its article (when the article is no bigger than
    max_df); each event keeps the best by their part of the similarity, (1 - same_article) x
    the dot product over those features + same_article x [same article]; the pairs kept get
    their exact similarity (`exact`). The work grows with n x proposers x max_df at most, and
    is done `BATCH_EVENTS` events at a time."""
    rare = vec.filter(pl.col("df").is_between(2, opt.max_df)).select("i", "feature", "w")
    heavy = (rare.sort(["i", "w", "feature"], descending=[False, True, False])
             .group_by("i", maintain_order=True).head(opt.proposers))
    small = docs.filter(pl.len().over("feature") <= opt.max_df)
    last = max(heavy["i"].max() or 0, small["i"].max() or 0)  # the last event proposing
    tops = [pl.DataFrame(schema={"i": vec.schema["i"], "j": vec.schema["i"]})]
    for lo in range(0, int(last) + 1, BATCH_EVENTS):
        inside = pl.col("i").is_between(lo, lo + BATCH_EVENTS - 1)
        tops.append(_top(heavy.filter(inside), rare, small.filter(inside), small, opt))
    pairs = pl.concat(tops, how="vertical_relaxed").unique()
    return exact(pairs, vec, docs, opt.same_article)


def exact(pairs: pl.DataFrame, vec: pl.DataFrame, docs: pl.DataFrame, beta: float
          ) -> pl.DataFrame:
    """The exact similarity (i, j, sim) of the given pairs: (1 - beta) x the cosine of their
    vectors + beta x [same article], by joins on shared features, `BATCH_PAIRS` pairs at a
    time (each pair's similarity is its own: batches bound the memory, not the result)."""
    feats = vec.select("i", "feature", "w")
    out = [pl.DataFrame(schema={"i": pairs.schema["i"], "j": pairs.schema["j"],
                                "sim": pl.Float64})]
    for part in pairs.sort("i", "j").iter_slices(BATCH_PAIRS):
        dot = (part.join(feats, on="i").join(feats.rename({"i": "j", "w": "w_j"}),
                                             on=["j", "feature"])
               .group_by("i", "j").agg((pl.col("w") * pl.col("w_j")).sum().alias("cos")))
        same = (part.join(docs, on="i").join(docs.rename({"i": "j"}), on=["j", "feature"])
                .select("i", "j", pl.lit(1.0).alias("same")).unique(["i", "j"]))
        out.append(part.join(dot, on=["i", "j"], how="left")
                   .join(same, on=["i", "j"], how="left")
                   .select("i", "j", ((1 - beta) * pl.col("cos").fill_null(0.0)
                                      + beta * pl.col("same").fill_null(0.0)).alias("sim")))
    return pl.concat(out).sort("i", "j")
