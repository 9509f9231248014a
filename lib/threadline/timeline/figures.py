"""EVENTS -> plotly Figure: one lane per thread (or per actor), one mark per event spanning its
date interval. Pure: no I/O.

Plotly cannot draw error bars on a date axis and ``px.timeline`` gives point events no width,
so each event is a horizontal bar whose ``base`` is its first day and whose length is its true
width in milliseconds: a month-precise event is a band a month wide. Marks too narrow to see at
the figure's scale get a diamond on top. Events without a start date are not drawn (see
`threadline.timeline.lanes.undated`); the figure says how many were left out.
"""

from __future__ import annotations

import datetime as dt
import html

import plotly.graph_objects as go
import polars as pl

from threadline.timeline.hover import hover_text, wrap
from threadline.timeline.lanes import event_lanes, undated

#: Colours of the ACLED event types (in legend order); other types get the spare colours.
TYPE_COLOURS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
}
_SPARE = ["#17becf", "#bcbd22", "#e377c2", "#7f7f7f", "#393b79", "#637939"]
_DAY_MS = 86_400_000
#: A mark narrower than this share of the visible time span also gets a diamond.
_MIN_SHARE = 1 / 150


def _type_order(types: list[str]) -> list[str]:
    """Event types in legend order: the ACLED ones first, then the rest alphabetically."""
    known = [t for t in TYPE_COLOURS if t in types]
    return known + sorted(t for t in set(types) if t not in TYPE_COLOURS)


def _colour(kind: str, order: list[str]) -> str:
    """The colour of an event type (spare colours go to unknown types in legend order)."""
    if kind in TYPE_COLOURS:
        return TYPE_COLOURS[kind]
    extra = [t for t in order if t not in TYPE_COLOURS]
    return _SPARE[extra.index(kind) % len(_SPARE)]


def _lane_names(marks: pl.DataFrame) -> pl.DataFrame:
    """Lanes ordered by their first event, with an escaped, wrapped label for the y axis."""
    return (
        marks.group_by("lane").agg(pl.col("date_start").min().alias("_first"))
        .sort("_first", "lane")
        .with_columns(wrap(pl.col("lane"), 28).alias("lane_label"))
        .with_row_index("lane_index")
    )


def _iso(expr: pl.Expr) -> pl.Expr:
    """A date/datetime expression as the ISO text plotly reads on a date axis."""
    return expr.dt.to_string("%Y-%m-%d %H:%M:%S")


def _traces(marks: pl.DataFrame, order: list[str], min_ms: float) -> list[go.BaseTraceType]:
    """One bar trace per event type (true widths) and a diamond trace for the narrow marks."""
    traces: list[go.BaseTraceType] = []
    for kind in order:
        part = marks.filter(pl.col("kind") == kind)
        colour = _colour(kind, order)
        custom = part.select("hover", "event_id").rows()
        precise = part["width_ms"] <= _DAY_MS
        traces.append(go.Bar(
            name=html.escape(kind), legendgroup=kind, orientation="h",
            base=part["x0"].to_list(), x=part["width_ms"].to_list(),
            y=part["lane_label"].to_list(), customdata=custom, width=0.6,
            marker={"color": colour, "opacity": [0.95 if p else 0.45 for p in precise],
                    "line": {"color": colour, "width": 1}},
            hovertemplate="%{customdata[0]}<extra></extra>",
        ))
        narrow = part.filter(pl.col("width_ms") < min_ms)
        if narrow.height:
            traces.append(go.Scatter(
                name=html.escape(kind), legendgroup=kind, showlegend=False, mode="markers",
                x=narrow["mid"].to_list(), y=narrow["lane_label"].to_list(),
                customdata=narrow.select("hover", "event_id").rows(),
                marker={"symbol": "diamond", "size": 10, "color": colour,
                        "line": {"color": "white", "width": 1}},
                hovertemplate="%{customdata[0]}<extra></extra>",
            ))
    return traces


def _x_range(marks: pl.DataFrame) -> list[str]:
    """A padded [first, last] date range around `marks` (at least two weeks each side)."""
    lo, hi = marks["date_start"].min(), marks["x_end"].max()
    pad = max((hi - lo) * 0.04, dt.timedelta(days=14))
    return [str(lo - pad), str(hi + pad + dt.timedelta(days=1))]


def _selector(lanes: pl.DataFrame, marks: pl.DataFrame, what: str) -> dict:
    """A dropdown that shows every lane or zooms onto one (its y row and its time span)."""
    n = lanes.height
    buttons = [{
        "label": f"All {what}s", "method": "relayout",
        "args": [{"yaxis.range": [n - 0.5, -0.5], "xaxis.range": _x_range(marks)}],
    }]
    for i, lane, label in lanes.select("lane_index", "lane", "lane_label").iter_rows():
        buttons.append({
            "label": html.escape(lane if len(lane) <= 40 else lane[:39] + "…"),
            "method": "relayout",
            "args": [{"yaxis.range": [i + 0.5, i - 0.5],
                      "xaxis.range": _x_range(marks.filter(pl.col("lane_label") == label))}],
        })
    return {"type": "dropdown", "buttons": buttons, "active": 0, "direction": "down",
            "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom", "showactive": True}


def timeline(
    events: pl.DataFrame,
    *,
    thread: str | None = None,
    lanes: str | None = None,
    title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """A timeline of `events`: one lane per thread (``lanes="thread"``, the default for all
    threads) or per first actor (``lanes="actor"``, the default when `thread` is given);
    one bar per event spanning its interval, coloured by event type, with escaped hover text,
    a range slider, zoom and a lane selector. Undated events are counted, never drawn.

    >>> from threadline import schema
    >>> ev = schema.conform(pl.DataFrame({"event_id": ["d/E001", "d/E002"], "doc_id": "d",
    ...     "date_start": [dt.date(2020, 3, 1), None], "date_end": [dt.date(2020, 3, 31), None],
    ...     "event_type": "Battles", "sentence": "Clashes <b>near</b> Idlib."}), schema.EVENTS)
    >>> fig = timeline(ev)
    >>> [(t.type, list(t.x)) for t in fig.data]
    [('bar', [2678400000])]
    >>> fig.layout.meta["undated"]
    1
    """
    lanes = lanes or ("thread" if thread is None else "actor")
    what = "thread" if lanes == "thread" else "actor"
    marks = event_lanes(events, thread=thread, lanes=lanes)
    n_undated = undated(events, thread=thread).height
    fig = go.Figure()
    note = f"{n_undated} undated event(s) listed apart, not drawn" if n_undated else ""
    if marks.height == 0:
        note = "no dated events" + (f"; {note}" if note else "")
    fig.update_layout(
        template="plotly_white", barmode="overlay", hovermode="closest",
        title={"text": html.escape(title or thread or "Timeline"), "x": 0.5},
        height=height or max(380, 170 + 46 * max(1, marks["lane"].n_unique())),
        margin={"l": 10, "r": 10, "t": 90, "b": 10},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        meta={"lanes": [], "undated": n_undated, "marks": marks.height},
        hoverlabel={"align": "left"},
        annotations=[{"text": html.escape(note), "showarrow": False, "xref": "paper",
                      "yref": "paper", "x": 1, "y": 1.12, "xanchor": "right",
                      "font": {"size": 11, "color": "#555"}}] if note else [],
    )
    if marks.height == 0:
        return fig
    names = _lane_names(marks)
    lo, hi = marks["date_start"].min(), marks["x_end"].max()
    min_ms = max((hi - lo).total_seconds() * 1000 * _MIN_SHARE, 2 * _DAY_MS)
    half = (pl.col("width_ms") // 2).cast(pl.Int64)
    marks = marks.join(names.select("lane", "lane_label", "lane_index"), on="lane").with_columns(
        hover_text().alias("hover"),
        pl.col("event_type").fill_null("Unknown type").alias("kind"),
        _iso(pl.col("date_start").cast(pl.Datetime("ms"))).alias("x0"),
        _iso(pl.col("date_start").cast(pl.Datetime("ms")) + pl.duration(milliseconds=half))
        .alias("mid"),
    ).sort("date_start", "x_end", "event_id")
    order = _type_order(marks["kind"].unique().to_list())
    fig.add_traces(_traces(marks, order, min_ms))
    labels = names["lane_label"].to_list()
    fig.update_layout(
        meta={"lanes": names["lane"].to_list(), "undated": n_undated, "marks": marks.height},
        updatemenus=[_selector(names, marks, what)],
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels,
                     range=[len(labels) - 0.5, -0.5], automargin=True, fixedrange=False)
    fig.update_xaxes(type="date", rangeslider={"visible": True, "thickness": 0.08},
                     showgrid=True, range=_x_range(marks))
    return fig
