"""EVENTS -> a map of the events that have coordinates (plotly scattergeo), pure: no I/O.

One marker per real event with ``lat``/``lon``, coloured by event type, its hover the same
escaped label as the timeline's (sentence, sources). The base map is plotly's world topojson
at 110 m; pages ship it beside themselves (`threadline.timeline.assets`) so nothing is
fetched when they are viewed, and filter the markers by date (the page's date range).
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import polars as pl

from threadline.timeline.figures import colour_of, new_figure, type_order
from threadline.timeline.hover import hover_text, with_titles
from threadline.timeline.lanes import real_events

#: The plotly topojson the map draws (scope "world", resolution 110): "<scope>_<res>m".
TOPOJSON = "world_110m"


def located(events: pl.DataFrame, *, thread: str | None = None,
            real: pl.DataFrame | None = None) -> pl.DataFrame:
    """Real events (one per cluster; an event in two threads once) that have coordinates;
    from `real` (rows of `real_events`) when the caller has them."""
    rows = real if real is not None else real_events(with_titles(events), thread=thread)
    ok = pl.col("lat").is_between(-90, 90) & pl.col("lon").is_between(-180, 180)
    return rows.filter(ok.fill_null(False)).unique("event_id", keep="first",
                                                   maintain_order=True).sort("event_id")


def event_map(events: pl.DataFrame, *, thread: str | None = None,
              title: str | None = None, real: pl.DataFrame | None = None) -> go.Figure:
    """A world map of the located events of `thread` (or of all), zoomed onto them (`real`
    as in `located`).

    >>> from threadline import schema
    >>> ev = schema.conform(pl.DataFrame({"event_id": ["a/E1", "a/E2"], "doc_id": "a",
    ...     "lat": [36.2, None], "lon": [37.1, None], "event_type": "Battles",
    ...     "sentence": "Clashes near Aleppo."}), schema.EVENTS)
    >>> fig = event_map(ev)
    >>> [(t.type, list(t.lat)) for t in fig.data], fig.layout.meta["located"]
    ([('scattergeo', [36.2])], 1)
    """
    rows = located(events, thread=thread, real=real).with_columns(
        hover_text().alias("hover"), pl.col("event_type").fill_null("Unknown type").alias("kind"))
    order = type_order(rows["kind"].unique().to_list())
    traces = []
    for kind in order:
        part = rows.filter(pl.col("kind") == kind)
        merged = part["n_sources"].fill_null(1)
        traces.append(go.Scattergeo(
            _validate=False, name=html.escape(kind), lat=part["lat"].to_list(),
            lon=part["lon"].to_list(), customdata=part.select("hover", "event_id").rows(),
            mode="markers", hovertemplate="%{customdata[0]}<extra></extra>",
            marker={"color": colour_of(kind, order), "opacity": 0.8,
                    "size": [min(8 + 2 * (n - 1), 20) for n in merged],
                    "line": {"color": "white", "width": 0.5}},
        ))
    geo = {"scope": "world", "resolution": 110, "projection": {"type": "natural earth"},
           "showcountries": True, "countrycolor": "#bbb", "showland": True,
           "landcolor": "#f4f4f0", "showocean": True, "oceancolor": "#eef4f8", **_bounds(rows)}
    return new_figure(traces, {
        "height": 460, "hoverlabel": {"align": "left"},
        "title": {"text": html.escape(title or "Where the events are"), "x": 0.5},
        "margin": {"l": 0, "r": 0, "t": 50, "b": 0}, "legend": {"orientation": "h", "y": -0.02},
        "meta": {"located": rows.height}, "geo": geo,
    })


def _bounds(rows: pl.DataFrame) -> dict:
    """Longitude and latitude ranges around the events, with room around them (8 degrees at
    least), so a map of one town still shows its country."""
    if rows.height == 0:
        return {}
    out = {}
    for axis, col, lo, hi in (("lonaxis", "lon", -180, 180), ("lataxis", "lat", -90, 90)):
        a, b = rows[col].min(), rows[col].max()
        pad = max((b - a) * 0.2, 8.0)
        out[axis] = {"range": [max(lo, a - pad), min(hi, b + pad)]}
    return out


__all__ = ["TOPOJSON", "event_map", "located"]
