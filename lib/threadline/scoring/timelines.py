"""Timeline summarisation scores: Date-F1 of chosen days against a journalist's timeline.

Date selection is scored as in the news-tls literature (Martschat & Markert 2018): precision
and recall of the chosen days against the gold timeline's days, exactly or within a slack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import polars as pl


def date_f1(chosen: Collection[dt.date], gold: Collection[dt.date], slack: int = 0) -> float:
    """Date-F1 of `chosen` days against `gold` days; a day matches within `slack` days.

    >>> d = dt.date(2005, 3, 1)
    >>> date_f1([d], {d}), date_f1([d + dt.timedelta(1)], {d}), date_f1([d], {d}, 1)
    (1.0, 0.0, 1.0)
    """
    if not chosen or not gold:
        return 0.0

    def hit(d: dt.date, days: Collection[dt.date]) -> bool:
        return any(abs((d - g).days) <= slack for g in days)

    p = sum(hit(d, gold) for d in chosen) / len(chosen)
    r = sum(hit(g, chosen) for g in gold) / len(gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def top_days(days: pl.DataFrame, k: int) -> list[dt.date]:
    """The `k` days of a (date, n) frame with the highest n (ties: the earlier day), the
    ranking of a counting baseline.

    >>> f = pl.DataFrame({"date": [dt.date(2005, 3, 2), dt.date(2005, 3, 1), None],
    ...                   "n": [2, 2, 9]})
    >>> top_days(f, 1)
    [datetime.date(2005, 3, 1)]
    """
    return days.drop_nulls("date").sort(["n", "date"], descending=[True, False]).head(k)[
        "date"].to_list()
