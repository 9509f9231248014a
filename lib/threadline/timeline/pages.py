"""Figures and tables -> standalone HTML pages that open offline.

Every page embeds plotly.js once, inline (no CDN), gives its figure a fixed div id and holds no
timestamp or random id, so the same input gives the same bytes. Text from documents is data:
tables escape every cell with `html.escape`, figures escape theirs (`threadline.timeline.hover`).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
from plotly.offline import get_plotlyjs

import threadline.schema as schema
from threadline.settings import DEFAULT
from threadline.timeline.figures import timeline
from threadline.timeline.lanes import UNTHREADED, thread_table, undated
from threadline.timeline.sample import site_sample

#: Offline pages load nothing: scripts and styles are inline, images only data: URIs.
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:")
_STYLE = """body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2} td.num{text-align:right} .sentence{max-width:50em}
caption{text-align:left;font-weight:bold;padding:.3em 0}"""
_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": False}


@functools.cache
def _plotlyjs() -> str:
    """The plotly.js bundle shipped with the plotly package (read once)."""
    return get_plotlyjs()


def page_id(thread_id: str) -> str:
    """A file-name- and id-safe form of a thread id.

    >>> page_id("Israeli air campaign / Syria")
    'Israeli-air-campaign-Syria'
    """
    return re.sub(r"[^A-Za-z0-9_-]+", "-", thread_id).strip("-") or "thread"


def table(frame: pl.DataFrame, *, caption: str = "", links: dict[str, str] | None = None,
          raw: Sequence[str] = ()) -> str:
    """An HTML table of `frame`, every cell escaped. `links` maps a column to the column
    holding its (relative, trusted) href; columns in `raw` hold trusted markup.

    >>> table(pl.DataFrame({"a": ["<script>"]}))
    '<table>\\n<tr><th>a</th></tr>\\n<tr><td>&lt;script&gt;</td></tr>\\n</table>'
    """
    links = links or {}
    shown = [c for c in frame.columns if c not in links.values()]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in shown)
    lines = [f"<caption>{html.escape(caption)}</caption>"] if caption else []
    lines.append(f"<tr>{head}</tr>")
    for row in frame.iter_rows(named=True):
        cells = []
        for c in shown:
            value = row[c]
            text = "" if value is None else str(value)
            text = text if c in raw else html.escape(text)
            if c in links and row[links[c]]:
                text = f'<a href="{html.escape(row[links[c]])}">{text}</a>'
            num = ' class="num"' if isinstance(value, int | float) else ""
            cells.append(f"<td{num}>{text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>\n" + "\n".join(lines) + "\n</table>"


def _figure_div(fig: go.Figure, div_id: str) -> str:
    """The figure as a div plus its Plotly.newPlot script (plotly.js not included)."""
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config=_CONFIG, validate=True)


def _page(title: str, parts: Iterable[str]) -> str:
    """A complete UTF-8 page embedding plotly.js once; `parts` are trusted HTML fragments."""
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n"
        f"<script>{_plotlyjs()}</script>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _undated_table(events: pl.DataFrame, thread: str | None) -> str:
    """The undated events of a thread (or of all threads) with the reason, as a table."""
    rows = undated(events, thread=thread)
    if rows.height == 0:
        return ""
    cols = [] if thread else [pl.col("thread_name").alias("thread")]
    view = rows.select(*cols, "event_id", pl.col("date_text").alias("date as written"),
                       pl.col("date_reason").alias("reason"), "sentence", "source")
    return table(view, caption=f"Undated events ({rows.height}): not placed on the axis")


def _events_table(events: pl.DataFrame, thread: str) -> str:
    """Every event of a thread in date order, with its interval, anchor and source."""
    from threadline.timeline.lanes import event_lanes

    rows = event_lanes(events, thread=thread)
    if rows.height == 0:
        return ""
    web = pl.col("url").str.contains(r"(?i)^https?://\S+$").fill_null(False)
    view = rows.select(
        "event_id", pl.col("date_text").alias("written"),
        pl.col("date_start").cast(pl.String).alias("from"),
        pl.col("x_end").cast(pl.String).alias("to"), "anchor", "event_type",
        "actor1", "actor2", "weapon", "location", "sentence",
        pl.col("doc_id").alias("source"), pl.when(web).then(pl.col("url")).alias("_href"),
        pl.col("n_sources").alias("sources"),
    )
    return table(view, caption=f"Dated events ({rows.height})", links={"source": "_href"})


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
        parts = [_figure_div(fig, div_id), _undated_table(obj, thread)]
    else:
        parts = [_figure_div(obj, div_id)]
    heading = title or "threadline timeline"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_page(heading, [f"<h1>{html.escape(heading)}</h1>", *parts]),
                    encoding="utf-8", newline="\n")
    return path


def _bad_table(bad: pl.DataFrame) -> str:
    """Inputs that could not be read: source, status and error."""
    if bad.height == 0:
        return "<p>Every input was read.</p>"
    return table(bad, caption=f"Inputs that could not be read ({bad.height})")


def _doc_counts(documents: pl.DataFrame | pl.LazyFrame) -> tuple[int, int, pl.DataFrame]:
    """(documents, documents read, the rows of those that could not be read), lazily: a
    sharded build passes a scan of its documents and never holds them all."""
    lazy = documents.lazy()
    counts = lazy.select(pl.len(), (pl.col("status") == "ok").sum()).collect().row(0)
    bad = lazy.filter(pl.col("status") != "ok").select("source", "status", "error").collect()
    return counts[0], counts[1] or 0, bad


def write_site(
    outdir: str | Path,
    documents: pl.DataFrame | pl.LazyFrame,
    events: pl.DataFrame,
    *,
    per_thread: int = DEFAULT.site_events_per_thread,
    totals: pl.DataFrame | None = None,
    n_events: int | None = None,
) -> Path:
    """Write ``outdir/index.html`` (all threads, thread and bad-input tables) and one
    ``outdir/timelines/<thread_id>.html`` per thread (unthreaded events get their own page);
    return the index path. Same input, same bytes.

    A thread with more than `per_thread` real events shows its most-reported ones, and says so
    (`threadline.timeline.sample`). `totals` and `n_events` are the thread table and event count
    of the whole corpus when `events` is already such a sample (a sharded build).
    """
    header = pl.DataFrame(schema=documents.lazy().collect_schema())
    schema.check(header, schema.DOCUMENTS, name="documents")
    schema.check(events, schema.EVENTS, name="events")
    if totals is None:
        totals, n_events = thread_table(events), events.height
        if totals.height and totals["events"].max() > per_thread:
            totals, events, n_events = site_sample([events], per_thread)
    outdir = Path(outdir)
    (outdir / "timelines").mkdir(parents=True, exist_ok=True)
    shown = dict(thread_table(events).select("thread", "events").iter_rows())
    threads = totals.with_columns(
        pl.col("thread").map_elements(page_id, return_dtype=pl.String).alias("page")
    )
    rows = threads.select("thread", "thread_name", "page", "events").iter_rows()
    for tid, name, page, total in rows:
        fig = timeline(events, thread=tid, title=name)
        parts = [
            '<p><a href="../index.html">All threads</a></p>',
            f"<h1>{html.escape(name)}</h1>", _sample_note(shown.get(tid, 0), total),
            _figure_div(fig, f"threadline-{page}"),
            _events_table(events, tid), _undated_table(events, tid),
        ]
        (outdir / "timelines" / f"{page}.html").write_text(
            _page(f"{name} - threadline", parts), encoding="utf-8", newline="\n")
    n_docs, n_ok, bad = _doc_counts(documents)
    listing = threads.select(
        pl.col("thread_name").alias("thread"),
        pl.concat_str(pl.lit("timelines/"), pl.col("page"), pl.lit(".html")).alias("_href"),
        "events", "dated", "undated", "documents",
        pl.col("first").cast(pl.String), pl.col("last").cast(pl.String),
    )
    parts = [
        "<h1>threadline: all threads</h1>",
        f"<p>{n_docs} documents ({n_ok} read), {n_events} event mentions, "
        f"{threads.height} threads.</p>",
        _sample_note(sum(shown.values()), int(threads["events"].sum() or 0)),
        _figure_div(timeline(events, title="All threads"), "threadline-all"),
        table(listing, caption="Threads", links={"thread": "_href"}),
        _bad_table(bad),
        _undated_table(events, None),
    ]
    index = outdir / "index.html"
    index.write_text(_page("threadline: all threads", parts), encoding="utf-8", newline="\n")
    return index


def _sample_note(shown: int, total: int) -> str:
    """A line saying a page shows only part of its events, or nothing when it shows them all.

    >>> _sample_note(2000, 53118)
    '<p>Showing the 2000 most-reported of 53118 events; every event is in events.parquet.</p>'
    """
    if shown >= total:
        return ""
    return (f"<p>Showing the {shown} most-reported of {total} events; every event is in "
            "events.parquet.</p>")


__all__ = ["UNTHREADED", "page_id", "table", "write_html", "write_site"]
