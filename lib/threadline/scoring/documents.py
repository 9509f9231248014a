"""Article and DCT scoring against the gold articles, to judge `read_corpus`."""

from __future__ import annotations

import polars as pl

from threadline.scoring.spans import file_name, span_pairs


def _dct_verdict(row: dict) -> str:
    """exact | null | in_bounds | abstained | wrong | no_article, by the gold's dct_source
    rules. Null is right only where the gold has no date ("unknown"); a missing date for an
    article whose date the text gives or supports is an abstention, and counts as wrong."""
    from threadline.timex.values import interval

    pred, gold, source = row["pred_dct"], row["dct"], row["dct_source"]
    if row["pred_doc_id"] is None:
        return "no_article"
    if pred is not None and pred == gold:
        return "exact"
    if pred is None:
        return "null" if gold is None else "abstained"
    if source == "inferred" and pred is not None:
        span = interval(pred)
        lo, hi = row["not_before"], row["not_after"]
        if span and (lo is None or span[0] >= lo) and (hi is None or span[1] <= hi):
            return "in_bounds"
    return "wrong"


def score_documents(documents: pl.DataFrame, gold_documents: pl.DataFrame) -> pl.DataFrame:
    """Per gold article: the best-overlapping predicted article of the same file and its DCT.

    ``overlap`` is intersection over union of the spans; ``verdict`` follows the gold rules:
    the exact DCT where it is printed ("text"), a value inside ``dct_text_bounds`` (or the
    gold value) where "inferred", null where "unknown"; ``ok`` says it passed. A null where the
    gold has a date is ``abstained``: not ok.
    """
    pred = documents.filter(pl.col("status") == "ok").select(
        file_name("source"), "doc_id", "start", "end", "dct"
    )
    gold = gold_documents.select("file", "doc_id", "start", "end")
    union = pl.max_horizontal("p_end", "g_end") - pl.min_horizontal("p_start", "g_start")
    best = (
        span_pairs(pred, gold, "file")
        .sort("overlap", descending=True)
        .group_by("g_doc_id", maintain_order=True).first()
        .select(
            pl.col("g_doc_id").alias("doc_id"), pl.col("p_doc_id").alias("pred_doc_id"),
            pl.col("p_start").alias("pred_start"), pl.col("p_end").alias("pred_end"),
            (pl.col("overlap") / union).alias("overlap"), pl.col("p_dct").alias("pred_dct"),
        )
    )
    out = gold_documents.select(
        "doc_id", "file", "start", "end", "dct", "dct_source", "not_before", "not_after"
    ).join(best, on="doc_id", how="left")
    verdicts = [_dct_verdict(r) for r in out.iter_rows(named=True)]
    return out.with_columns(
        pl.Series("verdict", verdicts, dtype=pl.String),
        pl.Series("ok", [v in ("exact", "null", "in_bounds") for v in verdicts]),
    )
