"""EVENTS -> a small offline site: ``index.html``, a page per thread above a size, and the files
they share (`threadline.timeline.assets`), written once in ``assets/``.

    OUTDIR/index.html                 every thread: timeline (25 lanes at a time), map, counts,
                                      filters, event table, far-off/undated lists, threads
    OUTDIR/timelines/<thread>.html    one thread: opens on its key dates, all events one click
    OUTDIR/assets/                    plotly.min.js, world_110m.js, threadline.js

Pages hold no inline script: data sits in a JSON island that ``assets/threadline.js`` reads,
and the Content-Security-Policy allows only the scripts beside the pages. Same input, same
bytes.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any
from urllib.parse import quote

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

import threadline.schema as schema
from threadline.settings import DEFAULT
from threadline.timeline.assets import ASSETS, script_tags, write_assets
from threadline.timeline.counts import counts, counts_figure
from threadline.timeline.figures import drawn_marks, template, timeline
from threadline.timeline.hover import with_titles
from threadline.timeline.keydates import key_events
from threadline.timeline.lanes import by_thread, real_events, thread_table
from threadline.timeline.map import event_map
from threadline.timeline.markup import data_island, dumps, page_id, shell, table
from threadline.timeline.pagedata import (
    LEGEND,
    controls,
    event_table,
    far_table,
    page_rows,
    rows_json,
    undated_table,
)
from threadline.timeline.sample import site_sample

_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": False}


def _figure_json(fig: go.Figure, *, hover_from_bars: bool = False) -> str:
    """A figure as JSON for the page script. Lane-selector buttons only announce the choice
    (the script filters, so choosing a thread shows its events only). With `hover_from_bars`,
    markers other than the timeline's bars carry no hover text of their own: the script copies
    it from the bar of the same event (the text is written once per page). The changes are
    made on the figure's plain JSON: through plotly's property setters they cost most of a
    thread page's time (each one re-walks the layout and dispatches change callbacks)."""
    plain = fig.to_plotly_json()
    plain["layout"].pop("template", None)  # the page holds it once for all its figures
    for menu in plain["layout"].get("updatemenus") or ():
        for button in menu.get("buttons") or ():
            button["method"], button["args"] = "skip", []
    if hover_from_bars:
        for trace in plain["data"]:
            if trace.get("type") != "bar" and trace.get("customdata") is not None:
                trace["customdata"] = [[None, c[1]] for c in trace["customdata"]]
    return pio.json.to_json_plotly(plain)


def _sample_note(shown: int, total: int) -> str:
    """A line saying a page shows only part of its events, or nothing when it shows them all.

    >>> _sample_note(2000, 53118)
    '<p>Showing the 2000 most-reported of 53118 events; every event is in events.parquet.</p>'
    """
    if shown >= total:
        return ""
    return (f"<p>Showing the {shown} most-reported of {total} events; every event is in "
            "events.parquet.</p>")


def _sections(events: pl.DataFrame, tally: pl.DataFrame, *, thread: str | None, title: str,
              prefix: str, keys: set[str]) -> tuple[str, list[str]]:
    """(head scripts, body parts) of one page: figures, filters, table and the lists apart,
    all from one `real_events` of the page (`events` carry their titles)."""
    real = real_events(events, thread=thread)
    fig = timeline(events, thread=thread, title=title, real=real)
    marks, far = drawn_marks(events, thread=thread, real=real)
    rows = page_rows(marks, keys if thread is not None else None)
    window = (marks["date_start"].min(), marks["x_end"].max()) if marks.height else None
    if window is not None:  # periods that meet the window (a month starts before its day)
        first = pl.lit(window[0]).dt.truncate("1mo")
        tally = tally.filter(pl.col("period").is_between(first, pl.lit(window[1])))
    figures = {"timeline": _figure_json(fig, hover_from_bars=True),
               "counts": _figure_json(counts_figure(tally, window=window))}
    drawn = real.filter(pl.col("event_id").is_in(rows["id"].unique().implode()))
    located = event_map(events, thread=thread, real=drawn)
    has_map = located.layout.meta["located"] > 0
    if has_map:
        figures["map"] = _figure_json(located, hover_from_bars=True)
    config = {**_CONFIG, "topojsonURL": f"{prefix}{ASSETS}/"}
    data = ('{"config":' + dumps(config) + ',"template":' + dumps(template())
            + ',"rows":' + dumps(rows_json(rows))
            + ',"figures":{' + ",".join(f'"{k}":{v}' for k, v in figures.items()) + "}}")
    n_key = int(rows["k"].sum()) if thread is not None else 0  # no choice when all are key
    parts = [
        LEGEND, controls(rows, with_thread=thread is None, n_key=n_key),
        '<div id="tl-timeline" class="tl-figure"></div>',
        '<div id="tl-map" class="tl-figure"></div>' if has_map else
        '<p class="tl-note">No event on this page has coordinates: no map.</p>',
        '<div id="tl-counts" class="tl-figure"></div>',
        event_table(rows, with_thread=thread is None),
        far_table(far, with_thread=thread is None), undated_table(events, thread, real),
        data_island("tl-data", data),
    ]
    return script_tags(prefix, map_=has_map), parts


def _doc_counts(documents: pl.DataFrame | pl.LazyFrame) -> tuple[int, int, pl.DataFrame]:
    """(documents, documents read, the rows of those that could not be read), lazily."""
    lazy = documents.lazy()
    n = lazy.select(pl.len(), (pl.col("status") == "ok").sum()).collect().row(0)
    bad = lazy.filter(pl.col("status") != "ok").select("source", "status", "error").collect()
    return n[0], n[1] or 0, bad


def _bad_table(bad: pl.DataFrame) -> str:
    """Inputs that could not be read: source, status and error."""
    if bad.height == 0:
        return "<p>Every input was read.</p>"
    return table(bad, caption=f"Inputs that could not be read ({bad.height})")


def _index_sample(events: pl.DataFrame, n_threads: int, budget: int) -> pl.DataFrame:
    """The events the index draws: each thread's most-reported, about `budget` in all."""
    cap = max(budget // max(1, n_threads), 1)
    real = thread_table(events)
    if real.height == 0 or real["events"].max() <= cap:
        return events
    return site_sample([events], cap)[1]


def _write(path: Path, title: str, head: str, parts: list[str]) -> None:
    path.write_text(shell(title, parts, head=head), encoding="utf-8", newline="\n")


def _members(events: pl.DataFrame, threads: list[str]) -> pl.DataFrame:
    """The EVENTS rows of any of `threads` (an event in several threads once)."""
    ids = by_thread(events).filter(pl.col("thread").is_in(threads))["event_id"].unique()
    return events.filter(pl.col("event_id").is_in(ids.to_list()))


def run_here(fn: Callable, *args: Any) -> Future:
    """The default `submit` of `write_site`: call fn(*args) now; a finished future."""
    future: Future = Future()
    try:
        future.set_result(fn(*args))
    except Exception as exc:
        future.set_exception(exc)
    return future


def thread_page(path: str, events: pl.DataFrame, tally: pl.DataFrame, thread: str, name: str,
                shown: int, total: int, keys: set[str]) -> str:
    """Write the page of one thread (`events`: its events; `shown` of its `total` real events
    drawn) at `path`, its key dates first; return the path. A job of its own: any process
    can write it."""
    head, parts = _sections(events, tally, thread=thread, title=name, prefix="../", keys=keys)
    nav = ['<p><a href="../index.html">All threads</a></p>', f"<h1>{html.escape(name)}</h1>",
           _sample_note(shown, total)]
    _write(Path(path), f"{name} - threadline", head, nav + parts)
    return path


def _thread_pages(outdir: Path, events: pl.DataFrame, threads: pl.DataFrame,
                  tally: pl.DataFrame, keys: set[str], submit: Callable) -> list[Any]:
    """Start ``timelines/<page>.html`` for every thread that has a page (`thread_page` through
    `submit`, each with only its thread's rows); their futures."""
    shown = dict(thread_table(events).select("thread", "events").iter_rows())
    members = dict(by_thread(events).group_by("thread").agg("event_id").iter_rows())
    jobs = []
    for tid, name, page, total in threads.filter("has_page").select(
            "thread", "thread_name", "page", "events").iter_rows():
        mine = events.filter(pl.col("event_id").is_in(members.get(tid, [])))
        path = str(outdir / "timelines" / f"{page}.html")
        jobs.append(submit(thread_page, path, mine, tally.filter(pl.col("thread") == tid), tid,
                           name, shown.get(tid, 0), total, keys & set(members.get(tid, []))))
    return jobs


def _smaller_page(outdir: Path, events: pl.DataFrame, threads: pl.DataFrame,
                  tally: pl.DataFrame) -> None:
    """``smaller-threads.html``: every event of the threads too small for a page of their
    own, one lane per thread (written when the index cannot hold them all)."""
    small = threads.filter(~pl.col("has_page"))
    mine = _members(events, small["thread"].to_list())
    head, parts = _sections(mine, tally.filter(pl.col("thread").is_in(small["thread"]
                                                                       .to_list())),
                            thread=None, title="Smaller threads", prefix="", keys=set())
    nav = ['<p><a href="index.html">All threads</a></p>',
           f"<h1>Smaller threads ({small.height})</h1>",
           "<p>Threads with too few events for a page of their own; choose one with the "
           "Thread filter.</p>"]
    _write(outdir / SMALLER, "Smaller threads - threadline", head, nav + parts)


def _listing(threads: pl.DataFrame, small_href: str) -> str:
    """The table of threads, each linked to its page (or to where its events are)."""
    name = pl.col("thread_name").map_elements(lambda s: quote(s, safe=""),
                                              return_dtype=pl.String)
    view = threads.select(
        pl.col("thread_name").alias("thread"),
        pl.when("has_page").then(pl.concat_str(pl.lit("timelines/"), pl.col("page"),
                                               pl.lit(".html")))
        .otherwise(pl.concat_str(pl.lit(f"{small_href}#thread="), name)).alias("_href"),
        "events", "dated", "undated", "documents",
        pl.col("first").cast(pl.String), pl.col("last").cast(pl.String),
    )
    return table(view, caption="Threads", links={"thread": "_href"})


#: The page of the threads too small for their own, when the index cannot hold them.
SMALLER = "smaller-threads.html"


def write_site(
    outdir: str | Path,
    documents: pl.DataFrame | pl.LazyFrame,
    events: pl.DataFrame,
    *,
    per_thread: int = DEFAULT.site_events_per_thread,
    totals: pl.DataFrame | None = None,
    n_events: int | None = None,
    min_thread_events: int = DEFAULT.site_min_thread_events,
    index_events: int = DEFAULT.site_index_events,
    submit: Callable = run_here,
    keys: pl.DataFrame | None = None,
) -> Path:
    """Write the site of `events` into `outdir` and return the index path.

    A thread with at least `min_thread_events` real events gets ``timelines/<id>.html``; the
    others are reached from the index (``index.html#thread=NAME``, or ``smaller-threads.html``
    when the index shows only a sample). A thread page shows at most `per_thread` real
    events, the index about `index_events` (most-reported first), and they say so. `totals`
    and `n_events` are the thread table and event count of the whole corpus when `events` is
    already such a sample (a sharded build). The thread pages are written by
    ``submit(fn, *args)`` (an engine's, to write them in parallel; by default here and now),
    the index here meanwhile; the same bytes either way.
    """
    header = pl.DataFrame(schema=documents.lazy().collect_schema())
    schema.check(header, schema.DOCUMENTS, name="documents")
    schema.check(events, schema.EVENTS, name="events")
    events = with_titles(events, documents)
    tally = counts(by_thread(events), by=("thread", "event_type"))
    if totals is None:
        totals, n_events = thread_table(events), events.height
        if totals.height and totals["events"].max() > per_thread:
            totals, events, n_events = site_sample([events], per_thread)
            keys = None  # the key dates of the events shown
    outdir = Path(outdir)
    write_assets(outdir)
    (outdir / "timelines").mkdir(parents=True, exist_ok=True)
    keys = set((key_events(events) if keys is None else keys)["event_id"].to_list())
    threads = totals.with_columns(
        pl.col("thread").map_elements(page_id, return_dtype=pl.String).alias("page"),
        (pl.col("events") >= min_thread_events).alias("has_page"))
    jobs = _thread_pages(outdir, events, threads, tally, keys, submit)
    on_index = _index_sample(events, threads.height, index_events)
    sampled = on_index.height < events.height
    if sampled and not threads["has_page"].all():
        _smaller_page(outdir, events, threads, tally)
    head, parts = _sections(on_index, tally, thread=None, title="All threads", prefix="",
                            keys=keys)
    n_docs, n_ok, bad = _doc_counts(documents)
    n_shown = thread_table(on_index)["events"].sum() if on_index.height else 0
    intro = [
        "<h1>threadline: all threads</h1>",
        f"<p>{n_docs} documents ({n_ok} read), {n_events} event mentions, "
        f"{threads.height} threads ({threads['has_page'].sum()} with a page of their own)."
        "</p>", _sample_note(int(n_shown), int(threads["events"].sum() or 0)),
    ]
    tail = [_listing(threads, SMALLER if sampled else ""), _bad_table(bad)]
    index = outdir / "index.html"
    _write(index, "threadline: all threads", head, intro + parts + tail)
    for job in jobs:
        job.result()
    return index


__all__ = ["SMALLER", "run_here", "thread_page", "write_site"]
