"""Where the events are: the default date window of a figure, robust to far-off dates.

One "the 13th-century citadel" or "by 2061" would stretch an axis over centuries and squash
every real event into a pixel. The window is the interquartile range of the marks' days
widened by `FENCE` times itself (ten years at least each side), the classic outlier
fence; a mark whose interval leaves the fence is *far off*: listed apart with its sentence,
never drawn, so it moves neither the axis nor the range slider.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

#: Marks further than this many interquartile ranges outside the middle half are far off.
FENCE = 3.0
#: ... and never closer than ten years to the middle half: a thread that recalls the years
#: before its war keeps them; a century, a myth or a typo ("2061") is far off.
MIN_PAD_DAYS = 3653


def _days(expr: pl.Expr) -> pl.Expr:
    """A date as its day number (days since 1970-01-01)."""
    return expr.cast(pl.Date).cast(pl.Int32)


def fence(marks: pl.DataFrame) -> tuple[dt.date, dt.date] | None:
    """[first, last] day inside which marks are "where the events are" (None: no dated mark).

    >>> days = [dt.date(2012, 1, d) for d in range(1, 29)] + [dt.date(1250, 1, 1)]
    >>> fence(pl.DataFrame({"date_start": days, "x_end": days}))
    (datetime.date(2002, 1, 6), datetime.date(2022, 1, 21))
    """
    if marks.height == 0:
        return None
    mid = (_days(pl.col("date_start")) + _days(pl.col("x_end"))) / 2
    q1, q3 = marks.select(mid.quantile(0.25), mid.quantile(0.75).alias("q3")).row(0)
    pad = max(FENCE * (q3 - q1), MIN_PAD_DAYS)
    epoch = dt.date(1970, 1, 1)
    return (epoch + dt.timedelta(days=int(q1 - pad)), epoch + dt.timedelta(days=int(q3 + pad)))


def split_far(marks: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(marks inside the fence, far-off marks) of dated marks with ``date_start``/``x_end``."""
    bounds = fence(marks)
    if bounds is None:
        return marks, marks.clear()
    inside = (pl.col("date_start") >= bounds[0]) & (pl.col("x_end") <= bounds[1])
    return marks.filter(inside), marks.filter(~inside)


def padded(lo: dt.date, hi: dt.date) -> list[str]:
    """A [first, last] axis range around [lo, hi]: 4 % of the span, two weeks at least."""
    pad = max((hi - lo) * 0.04, dt.timedelta(days=14))
    return [str(lo - pad), str(hi + pad + dt.timedelta(days=1))]


__all__ = ["FENCE", "MIN_PAD_DAYS", "fence", "padded", "split_far"]
