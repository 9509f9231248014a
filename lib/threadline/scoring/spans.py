"""Span pairing shared by every scorer (overlaps, one-to-one matches, don't-care zones)."""

from __future__ import annotations

import polars as pl


def span_pairs(pred: pl.DataFrame, gold: pl.DataFrame, key: str | list[str]) -> pl.DataFrame:
    """Every (pred row, gold row) pair in the same `key` whose spans overlap, with `overlap`."""
    p = pred.with_row_index("p_i").rename({c: f"p_{c}" for c in pred.columns if c != key})
    g = gold.with_row_index("g_i").rename({c: f"g_{c}" for c in gold.columns if c != key})
    overlap = pl.min_horizontal("p_end", "g_end") - pl.max_horizontal("p_start", "g_start")
    return p.join(g, on=key).with_columns(overlap.alias("overlap")).filter(pl.col("overlap") > 0)


def greedy(pairs: pl.DataFrame) -> pl.DataFrame:
    """Keep pairs in their given order unless one side is already taken: one-to-one matching."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    keep = []
    for n, (pi, gi) in enumerate(zip(pairs["p_i"], pairs["g_i"], strict=True)):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            keep.append(n)
    return pairs[keep]


def match_spans(pred: pl.DataFrame, gold: pl.DataFrame, *, key: str = "doc_id") -> pl.DataFrame:
    """Relaxed one-to-one matches: overlapping spans paired greedily, largest overlap first.

    Columns of `pred` come back prefixed ``p_``, those of `gold` ``g_`` (plus `key`, overlap).

    >>> p = pl.DataFrame({"doc_id": ["a", "a"], "start": [0, 10], "end": [5, 12]})
    >>> g = pl.DataFrame({"doc_id": ["a"], "start": [3], "end": [11]})
    >>> match_spans(p, g).select("p_start", "g_start", "overlap").rows()
    [(0, 3, 2)]
    """
    pairs = span_pairs(pred, gold, key).sort(
        ["overlap", "p_i", "g_i"], descending=[True, False, False]
    )
    return greedy(pairs)


def drop_overlapping(
    pred: pl.DataFrame, spans: pl.DataFrame, *, key: str = "doc_id"
) -> pl.DataFrame:
    """`pred` without the rows overlapping any of `spans` (don't-care zones such as borderline
    gold or teasers), so that they count neither as hits nor as spurious.

    >>> p = pl.DataFrame({"doc_id": ["a", "a"], "start": [0, 10], "end": [5, 12]})
    >>> drop_overlapping(p, pl.DataFrame({"doc_id": ["a"], "start": [4], "end": [6]})).rows()
    [('a', 10, 12)]
    """
    hit = span_pairs(pred.select(key, "start", "end"), spans.select(key, "start", "end"), key)
    keep = pl.int_range(pl.len()).is_in(hit["p_i"].cast(pl.Int64).implode()).not_()
    return pred.filter(keep)


def file_name(source: str) -> pl.Expr:
    """The file name of a ``source`` column (path, or "file.jsonl:LINE" for table rows)."""
    return pl.col(source).str.extract(r"([^/\\]+?)(?::\d+)?$").alias("file")
