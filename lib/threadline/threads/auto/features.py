"""What an event is to threading: its bag of typed features and their unit TF-IDF vector."""

from __future__ import annotations

import polars as pl

from threadline.threads.auto.options import AutoThreadOptions

#: Feature kinds and their weights; entities carry the story, words and time only nudge it.
KIND_WEIGHTS: dict[str, float] = {"a": 1.0, "w": 1.0, "p": 1.0, "c": 0.5, "k": 0.5, "t": 0.8}
#: Added to every IDF so that a feature all events share still counts a little.
IDF_FLOOR = 0.5


def event_features(events: pl.DataFrame, options: AutoThreadOptions | None = None
                   ) -> pl.DataFrame:
    """One row per (event row ``i``, feature) with its kind weight: the bag each event is.

    >>> from threadline.schema import EVENTS, conform
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


def tfidf_vectors(long: pl.DataFrame, n: int) -> pl.DataFrame:
    """Unit-length TF-IDF weights ``w`` of every weighted (i, feature), with its document
    frequency ``df`` (the article, ``d:``, is no part of the vector)."""
    return (long.filter(pl.col("kw").is_not_null())
            .with_columns(pl.len().over("feature").alias("df"))
            .with_columns((pl.col("kw") * (((1 + n) / (1 + pl.col("df"))).log() + IDF_FLOOR)
                           ).alias("w"))
            .with_columns((pl.col("w") / (pl.col("w") ** 2).sum().over("i").sqrt()).alias("w"))
            .filter(pl.col("w") > 0))
