"""Events per period, as on ACLED's dashboard: `counts` (a polars frame) and `counts_figure`
(a stacked bar chart of it). Vectorised: one truncate and one group_by, no loop over rows.

A real event is counted once per group: the reports of one same-event cluster count as one
event (``events``) dated by their most precise report, and as several ``reports``. Undated
events are not counted (they have no period).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from threadline.timeline.figures import TYPE_COLOURS, colour_of, new_figure, type_order
from threadline.timeline.window import padded

#: The columns `counts` adds after the group keys.
COUNT_COLUMNS = ["period", "events", "reports"]


def counts(
    events: pl.DataFrame,
    by: Sequence[str] | str = ("thread_id", "event_type"),
    every: str = "1mo",
) -> pl.DataFrame:
    """Real events (and reports) per `every` (a polars duration: "1mo", "1w", "1d", "1y") and
    per group of `by` columns, one row per non-empty (period, group), sorted by period.

    >>> import datetime as dt
    >>> ev = pl.DataFrame({"event_id": ["a/E1", "b/E1", "c/E1", "d/E1"],
    ...     "cluster_id": ["a/E1", "a/E1", None, None], "thread_id": "t",
    ...     "event_type": ["Battles", "Battles", "Protests", "Battles"],
    ...     "date_start": [dt.date(2020, 3, 2), dt.date(2020, 3, 1), dt.date(2020, 3, 9), None],
    ...     "date_end": [dt.date(2020, 3, 2), dt.date(2020, 3, 31), dt.date(2020, 3, 9), None]})
    >>> counts(ev).select("event_type", "period", "events", "reports").rows()[0]
    ('Battles', datetime.date(2020, 3, 1), 1, 2)
    >>> counts(ev, by="event_type")["events"].to_list()
    [1, 1]
    """
    keys = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [*keys, "event_id", "date_start"] if c not in events.columns]
    if missing:
        raise ValueError(f"counts: events lack the column(s) {missing}; by={keys}")
    cluster = (pl.col("cluster_id") if "cluster_id" in events.columns else pl.lit(None))
    end = pl.col("date_end") if "date_end" in events.columns else pl.col("date_start")
    width = end.fill_null(pl.col("date_start")) - pl.col("date_start")
    rows = (
        events.select(*keys, "event_id", "date_start",
                      cluster.cast(pl.String).fill_null(pl.col("event_id")).alias("_cluster"),
                      width.alias("_width"))
        .with_columns(pl.len().over(*keys, "_cluster").alias("_reports"))
        .filter(pl.col("date_start").is_not_null())
        # the most precise dated report stands for its cluster (ties: smallest id)
        .sort("_width", "event_id")
        .unique([*keys, "_cluster"], keep="first", maintain_order=True)
    )
    return (
        rows.with_columns(pl.col("date_start").dt.truncate(every).alias("period"))
        .group_by(*keys, "period")
        .agg(pl.len().alias("events"), pl.col("_reports").sum().alias("reports"))
        .sort("period", *keys, nulls_last=True)
        .select(*keys, *COUNT_COLUMNS)
    )


def counts_figure(
    table: pl.DataFrame,
    *,
    colour_by: str = "event_type",
    title: str | None = None,
    window: tuple | None = None,
    every: str = "1mo",
) -> go.Figure:
    """A stacked bar chart of a `counts` table: one bar per period, one colour per value of
    `colour_by` (summed over the other keys); the axis shows `window` (first, last day) if given.
    """
    group = pl.col(colour_by).fill_null("Unknown type") if colour_by in table.columns \
        else pl.lit("events")
    summed = (
        table.with_columns(group.cast(pl.String).alias("_kind"))
        .group_by("period", "_kind").agg(pl.col("events").sum())
        .sort("period", "_kind")
    )
    order = type_order(summed["_kind"].unique().to_list())
    label = {"1mo": "month", "1w": "week", "1d": "day", "1y": "year"}.get(every, every)
    traces = []
    for kind in order:
        part = summed.filter(pl.col("_kind") == kind)
        traces.append(go.Bar(
            _validate=False, name=html.escape(kind),
            x=part["period"].cast(pl.String).to_list(), y=part["events"].to_list(),
            marker={"color": colour_of(kind, order)},
            hovertemplate=f"%{{x|%b %Y}}<br>{html.escape(kind)}: %{{y}} events<extra></extra>",
        ))
    xaxis = {"type": "date", **({"range": padded(*window)} if window is not None else {})}
    return new_figure(traces, {
        "barmode": "stack", "bargap": 0.15, "height": 320,
        "title": {"text": html.escape(title or f"Events per {label}, by type"), "x": 0.5},
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "legend": {"orientation": "h", "y": -0.2},
        "meta": {"every": every, "periods": summed["period"].n_unique()},
        "xaxis": xaxis, "yaxis": {"title": {"text": "events"}, "rangemode": "tozero"},
    })


def datawrapper_table(table: pl.DataFrame, colour_by: str = "event_type") -> pl.DataFrame:
    """`counts` as Datawrapper reads a stacked column chart: the period ("2020-03") in the
    first column, one column of event counts per `colour_by` value (zeros where none),
    months without any event left out.

    >>> import datetime as dt
    >>> t = pl.DataFrame({"event_type": ["Battles", "Protests", "Battles"],
    ...     "period": [dt.date(2020, 3, 1), dt.date(2020, 3, 1), dt.date(2020, 5, 1)],
    ...     "events": [2, 1, 4], "reports": [2, 1, 4]})
    >>> datawrapper_table(t).rows()
    [('2020-03', 2, 1), ('2020-05', 4, 0)]
    """
    kind = pl.col(colour_by).fill_null("Unknown type").cast(pl.String)
    summed = table.group_by("period", kind.alias("_kind")).agg(pl.col("events").sum())
    order = type_order(summed["_kind"].unique().to_list())
    wide = summed.pivot(on="_kind", index="period", values="events").fill_null(0)
    wide = wide.select("period", *order).sort("period")
    return wide.with_columns(pl.col("period").dt.to_string("%Y-%m")).rename(
        {"period": "month"})


__all__ = ["COUNT_COLUMNS", "TYPE_COLOURS", "counts", "counts_figure", "datawrapper_table"]
