"""Tables that open safely in a spreadsheet: bounded text cells, no formula injection.

OWASP's advice on CSV injection: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return may be read as a formula, so it is prefixed with a single quote. A text
cell longer than `MAX_CELL` characters is cut there and says so (spreadsheets refuse or
mangle huge cells); the whole value stays in the Parquet files. Only text columns change.
"""

from __future__ import annotations

import polars as pl

#: The longest text cell written to a CSV, in characters.
MAX_CELL = 1000
_FORMULA = r"^[=+\-@\t\r]"


def bounded(expr: pl.Expr, limit: int = MAX_CELL) -> pl.Expr:
    """Cut a text longer than `limit` characters, ending it with a marker of its true length.

    >>> pl.select(bounded(pl.lit("x" * 40), 30)).item()
    'xxxxxxxx… [cut: 40 characters]'
    """
    n = expr.str.len_chars().cast(pl.Int64)
    marker = pl.concat_str(pl.lit("… [cut: "), n.cast(pl.String), pl.lit(" characters]"))
    keep = (pl.lit(limit, pl.Int64) - marker.str.len_chars().cast(pl.Int64)).clip(
        lower_bound=0)
    return pl.when(n > limit).then(pl.concat_str(expr.str.slice(0, keep), marker)).otherwise(
        expr)


def neutralised(expr: pl.Expr) -> pl.Expr:
    """A text that a spreadsheet could read as a formula, prefixed with a single quote.

    >>> pl.select(neutralised(pl.lit("=HYPERLINK(1)"))).item(), pl.select(neutralised(
    ...     pl.lit("-2 dead"))).item(), pl.select(neutralised(pl.lit("ok"))).item()
    ("'=HYPERLINK(1)", "'-2 dead", 'ok')
    """
    return pl.when(expr.str.contains(_FORMULA)).then(pl.concat_str(pl.lit("'"), expr)).otherwise(
        expr)


def spreadsheet_safe(frame: pl.DataFrame | pl.LazyFrame, limit: int = MAX_CELL
                     ) -> pl.DataFrame | pl.LazyFrame:
    """`frame` (eager or lazy) with list columns joined by ";", every text cell bounded and
    neutralised.

    >>> spreadsheet_safe(pl.DataFrame({"a": ["@SUM(A1)", "fine"], "b": [["x", "=y"], []],
    ...     "n": [-1, 2]})).rows()
    [("'@SUM(A1)", 'x;=y', -1), ('fine', '', 2)]
    """
    cols = []
    for name, dtype in frame.collect_schema().items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            col = col.cast(pl.List(pl.String)).list.join(";")
        elif dtype != pl.String:
            cols.append(col)
            continue
        cols.append(neutralised(bounded(col, limit)).alias(name))
    return frame.select(cols)


__all__ = ["MAX_CELL", "bounded", "neutralised", "spreadsheet_safe"]
