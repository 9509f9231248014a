"""Places the gazetteer lacks ("the village of X", "X district") and the choice of one place.

`contextual_places` reads capitalised chunks that a settlement or district word introduces or
follows and that matched no gazetteer name: they are kept as "contextual" places of the
document's main country, geo-precision 2. `choose_place` picks the place an event most likely
happened at from the mentions of a sentence or document.
"""

from __future__ import annotations

import polars as pl

from threadline.events.gazetteer import ascii_expr, fold_expr
from threadline.events.placedata import common_words, countries, keys, never_places, word_class

_KINDS = ("admin2", "populated")


def _chunk_frame(toks: pl.DataFrame) -> pl.DataFrame:
    """One row per capitalised chunk: sid, t0, t1, pos, end, size, any never-place member."""
    low = pl.col("tok").str.to_lowercase()
    return toks.filter(pl.col("chunk").is_not_null()).group_by("chunk").agg(
        pl.col("sid").first(), pl.col("t").min().alias("t0"), pl.col("t").max().alias("t1"),
        pl.col("pos").min(), pl.col("end").max(), pl.len().alias("size"),
        low.is_in(list(never_places())).any().alias("bad"),
        pl.col("cap").all().alias("all_cap"))


def contextual_places(sents: pl.DataFrame, toks: pl.DataFrame, found: pl.DataFrame,
                      docs: pl.DataFrame) -> pl.DataFrame:
    """Contextual places of the sentences (see the module docstring), columns as find_places."""
    words = list(set().union(*(word_class(k) for k in _KINDS)))
    look = toks.select("sid", pl.col("t").alias("_t"), pl.col("tok").str.to_lowercase()
                       .alias("low"), "gap", "cap")
    ch = _chunk_frame(toks).filter(~pl.col("bad"), pl.col("size") <= 4)
    ch = ch.with_columns((pl.col("t1") + 1).alias("_t")).join(look, on=["sid", "_t"], how="left")
    ch = ch.rename({"low": "n1", "gap": "n1_gap", "cap": "n1_cap"}).with_columns(
        (pl.col("t0") - 1).alias("_t")).join(look, on=["sid", "_t"], how="left").rename(
        {"low": "p1", "gap": "_g1", "cap": "_c1"}).with_columns(
        (pl.col("t0") - 2).alias("_t")).join(look, on=["sid", "_t"], how="left").rename(
        {"low": "p2", "gap": "_g2", "cap": "_c2"})
    after = pl.col("n1").is_in(words) & (pl.col("n1_gap") == " ") & ~pl.col("n1_cap")
    before = (pl.col("p1") == "of") & pl.col("p2").is_in(words)
    ch = ch.filter(after.fill_null(False) | before.fill_null(False)).with_columns(
        pl.when(after).then(pl.col("n1")).otherwise(pl.format("{} of", "p2")).alias("cue"))
    if ch.is_empty():
        return found.clear()
    ch = ch.join(sents.select("sid", "doc_id", "sent_no", "sentence"), on="sid")
    ch = ch.with_columns(pl.col("sentence").str.slice(pl.col("pos"), pl.col("end") - pl.col(
        "pos")).alias("text"))
    key = fold_expr(pl.col("text"))
    ch = ch.filter(~(key.is_in(list(common_words())) & (pl.col("size") == 1)),
                   ~key.is_in(keys()["key"].implode()))
    taken = found.select("doc_id", "sent_no", pl.col("pos").alias("_p"), pl.col("end").alias(
        "_e"))
    clash = ch.join(taken, on=["doc_id", "sent_no"]).filter(
        (pl.col("_p") < pl.col("end")) & (pl.col("_e") > pl.col("pos"))).select("chunk")
    ch = ch.join(clash, on="chunk", how="anti")
    main = docs.sort("weight", "country_code", descending=[True, False]).group_by(
        "doc_id", maintain_order=True).first().join(
        countries().select("country_code", "country"), on="country_code", how="left")
    ch = ch.join(main.select("doc_id", "country_code", "country"), on="doc_id", how="left")
    return ch.select(
        "doc_id", "sent_no", "text", "pos", ascii_expr(pl.col("text")).alias("name"),
        pl.lit("contextual").alias("kind"), "country", pl.lit(None, pl.Float64).alias("lat"),
        pl.lit(None, pl.Float64).alias("lon"), "end", pl.lit(None, pl.String).alias("admin1"),
        pl.lit(None, pl.Int64).alias("population"), pl.lit(2).alias("geo_precision"),
        pl.format("contextual:{} document country", "cue").alias("rule"),
        pl.lit(None, pl.Int64).alias("geonameid"), "country_code", "cue",
        pl.lit(False).alias("in_hint"), pl.lit(None, pl.String).alias("admin2_hint"),
        pl.lit(None, pl.String).alias("admin1_hint"))


def choose_place(places: pl.DataFrame, by: tuple[str, ...] = ("doc_id", "sent_no")
                 ) -> pl.DataFrame:
    """One place per `by` group: the first populated or contextual place with a locative cue,
    else the first such place, else the first subdivision, else the first country; places
    inside an "(District, Province)" hint come last.

    >>> p = pl.DataFrame({"doc_id": ["d"] * 3, "sent_no": [0] * 3, "pos": [0, 20, 30],
    ...     "name": ["Syria", "Hamah", "Hama"], "kind": ["country", "populated place", "admin1"],
    ...     "cue": [None, "in", "hint"], "in_hint": [False, False, True]})
    >>> choose_place(p)["name"].to_list()
    ['Hamah']
    """
    specific = pl.col("kind").is_in(["populated place", "contextual"])
    rank = (pl.when(pl.col("in_hint")).then(4)
            .when(specific & pl.col("cue").is_not_null()).then(0)
            .when(specific).then(1).when(pl.col("kind") == "admin1").then(2).otherwise(3))
    return (places.with_columns(rank.alias("_rank")).sort([*by, "_rank", "pos"])
            .group_by(list(by), maintain_order=True).first().drop("_rank"))
