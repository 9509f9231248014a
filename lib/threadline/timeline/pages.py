"""Figures and EVENTS -> one standalone HTML page that opens offline, anywhere (`write_html`),
and the site of many pages (`write_site`, in `threadline.timeline.site`).

A standalone page embeds plotly.js once, inline (no CDN), gives its figure a fixed div id and
holds no timestamp or random id, so the same input gives the same bytes. Text from documents
is data: tables escape every cell with `html.escape`, figures escape theirs
(`threadline.timeline.hover`).
"""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

import threadline.schema as schema
from threadline.timeline.assets import plotlyjs
from threadline.timeline.figures import timeline
from threadline.timeline.lanes import UNTHREADED
from threadline.timeline.markup import page_id, shell, table
from threadline.timeline.pagedata import undated_table
from threadline.timeline.site import write_site

#: A standalone page carries its scripts inline: plotly.js and the figure's newPlot call.
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:")
_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": False}


def _figure_div(fig: go.Figure, div_id: str) -> str:
    """The figure as a div plus its Plotly.newPlot script (plotly.js not included)."""
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config=_CONFIG, validate=True)


def write_html(
    obj: go.Figure | pl.DataFrame,
    path: str | Path,
    *,
    title: str | None = None,
    div_id: str = "threadline-timeline",
    thread: str | None = None,
) -> Path:
    """Write a standalone page (plotly.js inline, fixed `div_id`) for a Figure, or for an
    EVENTS frame: its timeline (of `thread`, if given) plus the undated events; return the path.

    >>> import tempfile
    >>> out = write_html(go.Figure(), Path(tempfile.mkdtemp()) / "t.html", title="<empty>")
    >>> page = out.read_text(encoding="utf-8")
    >>> "&lt;empty&gt;" in page, "<script src=" in page, page.count("<script>/**")
    (True, False, 1)
    """
    parts: list[str] = []
    if isinstance(obj, pl.DataFrame):
        schema.check(obj, schema.EVENTS, name="events")
        fig = timeline(obj, thread=thread, title=title)
        parts = [_figure_div(fig, div_id), undated_table(obj, thread)]
    else:
        parts = [_figure_div(obj, div_id)]
    heading = title or "threadline timeline"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page = shell(heading, [f"<h1>{html.escape(heading)}</h1>", *parts],
                 head=f"<script>{plotlyjs()}</script>\n", csp=_CSP)
    path.write_text(page, encoding="utf-8", newline="\n")
    return path


__all__ = ["UNTHREADED", "page_id", "table", "write_html", "write_site"]
