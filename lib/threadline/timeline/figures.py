"""EVENTS -> plotly Figure: one lane per thread (or per actor), one mark per event spanning its
date interval. Pure: no I/O.

Plotly cannot draw error bars on a date axis and ``px.timeline`` gives point events no width,
so each event is a horizontal bar whose ``base`` is its first day and whose length is its true
width in milliseconds: a month-precise event is a band a month wide. Marks too narrow to see at
the figure's scale get a diamond on top. Events without a start date are not drawn (see
`threadline.timeline.lanes.undated`); the figure says how many were left out.
"""

from __future__ import annotations

import functools
import html

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from threadline.timeline.hover import hover_text, with_titles, wrap
from threadline.timeline.lanes import event_lanes, undated
from threadline.timeline.window import padded, split_far

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
#: A figure shows at most this many lanes at once; the others are behind the selector/search.
MAX_LANES = 25
#: A range slider redraws every mark again: above this many marks a figure has none (zoom
#: and the page's date range remain).
SLIDER_MARKS = 1000
#: Lane labels wrap at about this many characters.
LANE_WIDTH = 28
#: The note on undrawn events has a row of its own (px) between the title and the row of the
#: lane selector and legend, whose widths vary: beside them it was hidden by a long selector.
_NOTE_ROW, _NOTE_SHIFT = 24, 46


@functools.cache
def template() -> dict:
    """The plotly_white template as plain JSON, built once (a named template is rebuilt and
    validated for every figure, which dominates the time of a site of many pages)."""
    return pio.templates["plotly_white"].to_plotly_json()


def new_figure(data: list | None = None, layout: dict | None = None) -> go.Figure:
    """A figure of `data` and `layout` with the white template, built in one step. Properties
    are not validated as they are set (the traces are built here, and `write_html` validates
    the whole figure): a site of many pages spends its time drawing, not checking."""
    # plotly copies what it is given, so the cached template is never changed by a figure
    return go.Figure(data=data, layout={"template": template(), **(layout or {})},
                     _validate=False)


def type_order(types: list[str]) -> list[str]:
    """Event types in legend order: the ACLED ones first, then the rest alphabetically."""
    known = [t for t in TYPE_COLOURS if t in types]
    return known + sorted(t for t in set(types) if t not in TYPE_COLOURS)


def colour_of(kind: str, order: list[str]) -> str:
    """The colour of an event type (spare colours go to unknown types in legend order)."""
    if kind in TYPE_COLOURS:
        return TYPE_COLOURS[kind]
    extra = [t for t in order if t not in TYPE_COLOURS]
    return _SPARE[extra.index(kind) % len(_SPARE)]


def _lane_names(marks: pl.DataFrame, max_lanes: int) -> pl.DataFrame:
    """Lanes ordered by their first event (by size, largest first, when there are more than
    `max_lanes`), with an escaped, wrapped label for the y axis."""
    lanes = marks.group_by("lane").agg(pl.col("date_start").min().alias("_first"),
                                       pl.len().alias("_n"))
    many = lanes.height > max_lanes
    return (
        lanes.sort(["_n", "_first", "lane"] if many else ["_first", "lane"],
                   descending=[True, False, False] if many else False)
        .join(marks.select("lane", "lane_label").unique("lane"), on="lane",
              maintain_order="left")
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
        colour = colour_of(kind, order)
        custom = part.select("hover", "event_id").rows()
        precise = part["width_ms"] <= _DAY_MS
        merged = part["n_sources"].fill_null(1) > 1
        traces.append(go.Bar(_validate=False,
            name=html.escape(kind), legendgroup=kind, orientation="h",
            base=part["x0"].to_list(), x=part["width_ms"].to_list(),
            y=part["lane_label"].to_list(), customdata=custom, width=0.6,
            marker={"color": colour, "opacity": [0.95 if p else 0.45 for p in precise],
                    "line": {"color": ["#222" if m else colour for m in merged],
                             "width": [2.5 if m else 1 for m in merged]}},
            hovertemplate="%{customdata[0]}<extra></extra>",
        ))
        narrow = part.filter(pl.col("width_ms") < min_ms)
        if narrow.height:
            traces.append(go.Scatter(_validate=False,
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
    return padded(marks["date_start"].min(), marks["x_end"].max())


def _selector(lanes: pl.DataFrame, marks: pl.DataFrame, what: str, max_lanes: int) -> dict:
    """A dropdown that shows every lane or zooms onto one (its y row and its time span); it
    lists the first `max_lanes` lanes (the others are found by a page's search)."""
    n = min(lanes.height, max_lanes)
    lanes = lanes.head(max_lanes)
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


def drawn_marks(events: pl.DataFrame, *, thread: str | None = None, lanes: str | None = None,
                real: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the marks `timeline` draws, each with the ``lane_label`` of its y row; the far-off
    marks it lists apart instead). `lanes` defaults as in `timeline`; `real` is
    ``real_events(with_titles(events), thread=thread)`` if the caller has it."""
    lanes = lanes or ("thread" if thread is None else "actor")
    source = events if real is not None else with_titles(events)
    marks, far = split_far(event_lanes(source, thread=thread, lanes=lanes, real=real))
    return marks.with_columns(wrap(pl.col("lane"), LANE_WIDTH).alias("lane_label")), far


def _note(n_undated: int, n_far: int, n_marks: int) -> str:
    """The figure's note on what it does not draw (undated and far-off events)."""
    parts = [f"{n_undated} undated event(s)"] if n_undated else []
    parts += [f"{n_far} far-off date(s)"] if n_far else []
    note = " and ".join(parts) + " listed apart, not drawn" if parts else ""
    return ("no dated events" + (f"; {note}" if note else "")) if n_marks == 0 else note


def _base_layout(title: str, note: str, n_lanes: int, height: int | None, meta: dict
                 ) -> dict:
    """The layout every timeline shares: title, size, legend, hover mode and the note."""
    return {
        # A bar is hovered only from inside it, at plotly's pseudo-distance hoverdistance - 1,
        # and a diamond from up to hoverdistance past its edge: at the default (20 px) a
        # neighbour's diamond beat the bar under the mouse. At 2 px the mark under the mouse
        # wins (a diamond on top of a bar still does).
        "barmode": "overlay", "hovermode": "closest", "hoverdistance": 2,
        "title": {"text": html.escape(title), "x": 0.5, "y": 1,
                  "yref": "container", "yanchor": "top", "pad": {"t": 12}},
        "height": height or max(380, 170 + 46 * n_lanes + (_NOTE_ROW if note else 0)),
        "margin": {"l": 10, "r": 10, "t": 90 + (_NOTE_ROW if note else 0), "b": 10},
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02,
                   "yanchor": "bottom"},
        "meta": meta, "hoverlabel": {"align": "left"},
        "annotations": [{"text": html.escape(note), "showarrow": False, "xref": "paper",
                         "yref": "paper", "x": 0, "y": 1, "yshift": _NOTE_SHIFT,
                         "yanchor": "bottom", "xanchor": "left",
                         "font": {"size": 11, "color": "#555"}}] if note else [],
    }


def timeline(
    events: pl.DataFrame,
    *,
    thread: str | None = None,
    lanes: str | None = None,
    title: str | None = None,
    height: int | None = None,
    max_lanes: int = MAX_LANES,
    real: pl.DataFrame | None = None,
) -> go.Figure:
    """A timeline of `events`: one lane per thread (``lanes="thread"``, the default for all
    threads) or per first actor (``lanes="actor"``, the default when `thread` is given);
    one bar per event spanning its interval, coloured by event type, with escaped hover text,
    a range slider (up to `SLIDER_MARKS` marks), zoom and a lane selector. At most `max_lanes`
    lanes show at once (the largest, when there are more; the rest by panning or search).
    Undated events and far-off dates (`threadline.timeline.window`) are counted, never drawn.
    `real`: the rows of `drawn_marks`, if the caller has them (a page reuses them).

    >>> import datetime as dt
    >>> from threadline import schema
    >>> ev = schema.conform(pl.DataFrame({"event_id": ["d/E001", "d/E002"], "doc_id": "d",
    ...     "date_start": [dt.date(2020, 3, 1), None], "date_end": [dt.date(2020, 3, 31), None],
    ...     "event_type": "Battles", "sentence": "Clashes <b>near</b> Idlib."}), schema.EVENTS)
    >>> fig = timeline(ev)
    >>> [(t.type, list(t.x)) for t in fig.data]
    [('bar', [2678400000])]
    >>> fig.layout.meta["undated"], fig.layout.meta["far"]
    (1, 0)
    """
    lanes = lanes or ("thread" if thread is None else "actor")
    what = "thread" if lanes == "thread" else "actor"
    marks, far = drawn_marks(events, thread=thread, lanes=lanes, real=real)
    n_undated = undated(events, thread=thread, real=real).height
    n_lanes = min(max_lanes, max(1, marks["lane"].n_unique()))
    note = _note(n_undated, far.height, marks.height)
    meta = {"lanes": [], "lane_labels": [], "undated": n_undated, "far": far.height,
            "marks": marks.height, "max_lanes": max_lanes}
    layout = _base_layout(title or thread or "Timeline", note, n_lanes, height, meta)
    if marks.height == 0:
        return new_figure(layout=layout)
    names = _lane_names(marks, max_lanes)
    lo, hi = marks["date_start"].min(), marks["x_end"].max()
    min_ms = max((hi - lo).total_seconds() * 1000 * _MIN_SHARE, 2 * _DAY_MS)
    half = (pl.col("width_ms") // 2).cast(pl.Int64)
    marks = marks.join(names.select("lane", "lane_index"), on="lane").with_columns(
        hover_text().alias("hover"),
        pl.col("event_type").fill_null("Unknown type").alias("kind"),
        _iso(pl.col("date_start").cast(pl.Datetime("ms"))).alias("x0"),
        _iso(pl.col("date_start").cast(pl.Datetime("ms")) + pl.duration(milliseconds=half))
        .alias("mid"),
    ).sort("date_start", "x_end", "event_id")
    order = type_order(marks["kind"].unique().to_list())
    labels = names["lane_label"].to_list()
    meta |= {"lanes": names["lane"].to_list(), "lane_labels": labels}
    layout |= {
        "updatemenus": [_selector(names, marks, what, max_lanes)],
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": labels,
                  "range": [n_lanes - 0.5, -0.5], "automargin": True, "fixedrange": False},
        "xaxis": {"type": "date", "showgrid": True, "range": _x_range(marks),
                  "rangeslider": {"visible": marks.height <= SLIDER_MARKS, "thickness": 0.08}},
    }
    return new_figure(_traces(marks, order, min_ms), layout)
