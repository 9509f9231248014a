"""TempEval-3 timex metrics and error lists, to score `tag_dates` as the literature does."""

from __future__ import annotations

import polars as pl

from threadline.scoring.spans import match_spans

_COUNTS = ("n_pred", "n_gold", "n_strict", "n_relaxed", "n_value", "n_type")


def _typed(df: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """`cols` of `df` with offsets as Int64 and the rest as String (empty frames have Null)."""
    return df.select(
        pl.col(c).cast(pl.Int64 if c in ("start", "end") else pl.String) for c in cols
    )


def _same(attr: str) -> pl.Expr:
    """Whether a matched pair agrees on `attr`: both given and equal (TempEval-3 compares the
    attribute strings; a missing or empty value on either side is an abstention, never a
    hit)."""
    p, g = pl.col(f"p_{attr}"), pl.col(f"g_{attr}")
    given = p.is_not_null() & g.is_not_null() & (p.str.strip_chars() != "")
    return (given & (p == g)).fill_null(False)


def _prf(counts: pl.DataFrame) -> pl.DataFrame:
    """Add precision/recall/F1 columns for strict, relaxed and value, and type accuracy."""

    def ratio(num: str, den: str) -> pl.Expr:
        return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(0.0)

    cols = []
    for name in ("strict", "relaxed", "value"):
        p, r = ratio(f"n_{name}", "n_pred"), ratio(f"n_{name}", "n_gold")
        f1 = pl.when(p + r > 0).then(2 * p * r / (p + r)).otherwise(0.0)
        cols += [p.alias(f"{name}_precision"), r.alias(f"{name}_recall"), f1.alias(f"{name}_f1")]
    return counts.with_columns(*cols, ratio("n_type", "n_relaxed").alias("type_accuracy"))


def score_timexes(
    pred: pl.DataFrame, gold: pl.DataFrame, *, key: str = "doc_id", per_doc: bool = False
) -> dict:
    """TempEval-3 scores of predicted timexes against gold (both: key, start, end, value, type).

    Value P/R count relaxed matches with equal values over all predicted / gold timexes; type
    accuracy is over relaxed matches. A value or type missing on either side never agrees
    (an abstention is not an answer). ``per_doc=True`` adds a ``per_doc`` frame.

    >>> g = pl.DataFrame({"doc_id": ["d"] * 2, "start": [0, 20], "end": [8, 26],
    ...                   "value": ["2020-04", "P2M"], "type": ["DATE", "DURATION"]})
    >>> p = pl.DataFrame({"doc_id": ["d"] * 2, "start": [0, 22], "end": [8, 26],
    ...                   "value": ["2020-04", "P3M"], "type": ["DATE", "DURATION"]})
    >>> s = score_timexes(p, g)
    >>> s["strict_f1"], s["relaxed_f1"], s["value_f1"], s["type_accuracy"]
    (0.5, 1.0, 0.5, 1.0)
    """
    cols = [key, "start", "end", "value", "type"]
    pred, gold = _typed(pred, cols), _typed(gold, cols)
    m = match_spans(pred, gold, key=key).select(
        key,
        pl.lit(1).alias("n_relaxed"),
        _same("value").cast(pl.Int64).alias("n_value"),
        _same("type").cast(pl.Int64).alias("n_type"),
    )
    spans = [key, "start", "end"]
    strict = pred.select(spans).unique().join(gold.select(spans).unique(), on=spans)
    parts = [
        pred.group_by(key).len("n_pred"),
        gold.group_by(key).len("n_gold"),
        strict.group_by(key).len("n_strict"),
        m.group_by(key).agg(pl.col("n_relaxed", "n_value", "n_type").sum()),
    ]
    docs = pl.concat([pred.select(key), gold.select(key)]).unique().sort(key)
    for part in parts:
        docs = docs.join(part, on=key, how="left")
    docs = docs.with_columns(pl.col(*_COUNTS).fill_null(0).cast(pl.Int64))
    total = _prf(docs.select(pl.col(*_COUNTS).sum())).row(0, named=True)
    if per_doc:
        total["per_doc"] = _prf(docs)
    return total


def _pattern(text: pl.Expr) -> pl.Expr:
    """A coarse shape of an expression for grouping errors: lower case, every digit as 9."""
    return text.str.to_lowercase().str.replace_all(r"\d", "9")


def timex_errors(pred: pl.DataFrame, gold: pl.DataFrame, *, key: str = "doc_id") -> pl.DataFrame:
    """Misses, spurious timexes, wrong values and wrong extents, gold and prediction side by side.

    ``kind`` is missed | spurious | value (matched, values differ) | extent (value right, span
    not strict); ``pattern`` is the text's shape, for counting frequent errors.

    >>> g = pl.DataFrame({"doc_id": ["d"], "start": [0], "end": [8], "text": ["in April"],
    ...                   "value": ["2020-04"], "type": ["DATE"]})
    >>> p = g.with_columns(start=pl.lit(3), text=pl.lit("April"), value=pl.lit("2019-04"))
    >>> timex_errors(p, g).select("kind", "g_text", "p_value").rows()
    [('value', 'in April', '2019-04')]
    """
    cols = [key, "start", "end", "text", "value", "type"]
    pred, gold = _typed(pred, cols), _typed(gold, cols)
    m = match_spans(pred, gold, key=key)
    strict = (pl.col("p_start") == pl.col("g_start")) & (pl.col("p_end") == pl.col("g_end"))
    kind = (
        pl.when(~_same("value")).then(pl.lit("value"))
        .when(~strict).then(pl.lit("extent"))
    )
    wrong = m.with_columns(kind.alias("kind")).filter(pl.col("kind").is_not_null())
    missed = gold.with_row_index("g_i").join(m.select("g_i"), on="g_i", how="anti")
    spurious = pred.with_row_index("p_i").join(m.select("p_i"), on="p_i", how="anti")
    frames = [
        wrong.drop("p_i", "g_i", "overlap"),
        missed.drop("g_i").rename({c: f"g_{c}" for c in cols if c != key})
        .with_columns(kind=pl.lit("missed")),
        spurious.drop("p_i").rename({c: f"p_{c}" for c in cols if c != key})
        .with_columns(kind=pl.lit("spurious")),
    ]
    out = pl.concat(frames, how="diagonal_relaxed")
    text = pl.coalesce("g_text", "p_text")
    order = [key, "kind", "g_start", "g_end", "g_text", "g_value", "g_type",
             "p_start", "p_end", "p_text", "p_value", "p_type"]
    return (
        out.select(order)
        .with_columns(_pattern(text).alias("pattern"))
        .sort(key, pl.coalesce("g_start", "p_start"))
    )

