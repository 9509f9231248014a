"""What a site page holds besides its figures: the rows its filters work on (one per drawn
mark), the sortable event table, the filter controls, the legend and the lists apart.

Every string here comes from documents, so every one is escaped (`html.escape`) or goes into
the JSON island (`threadline.timeline.markup.data_island`); a URL becomes a link only when it
is http(s) (never javascript: or data:).
"""

from __future__ import annotations

import html

import polars as pl

from threadline.timeline.hover import article_label
from threadline.timeline.lanes import undated
from threadline.timeline.markup import table

#: A URL that may be a link: http(s) only (never javascript: or data:); escaped in href.
WEB_URL = r"(?i)^https?://\S+$"
#: The table shows at most this many of the events that pass the filters (sorted).
TABLE_ROWS = 250
#: The row fields the page script reads, and the table columns (header, field).
_TABLE = [("date", "da"), ("type", "ty"), ("actors", "ac"), ("place", "pl"),
          ("sentence", "se"), ("article", "ti"), ("sources", "n")]
LEGEND = (
    '<p class="tl-legend"><b>Marks:</b> '
    "<span>&#9670; diamond: an exact day (or a span too short to see)</span>"
    "<span>&#9644; bar: an interval drawn at its precision (a month-precise event is a band a "
    "month wide; paler when coarser than a day)</span>"
    "<span>dark outline: a merged event, the same event reported by n sources (the hover names "
    "them)</span><span>colour: ACLED event type</span></p>"
)


def _interval(start: str, end: str) -> pl.Expr:
    """ "2020-03-01" or "2020-03-01 – 2020-03-31" from two date columns."""
    a, b = pl.col(start).cast(pl.String), pl.col(end).cast(pl.String)
    return pl.when(a == b).then(a).otherwise(pl.concat_str(a, pl.lit(" – "), b))


def page_rows(marks: pl.DataFrame, key_ids: set[str] | None = None) -> pl.DataFrame:
    """One row per drawn mark (`figures.drawn_marks`), in date order, with the short fields
    the page script filters and sorts on."""
    actors = pl.concat_str(pl.col("actor1"), pl.col("actor2"), separator=" → ",
                           ignore_nulls=True)
    place = pl.concat_str(pl.col("location"), pl.col("country"), separator=", ",
                          ignore_nulls=True)
    web = pl.col("url").str.contains(WEB_URL).fill_null(False)
    key = pl.col("event_id").is_in(sorted(key_ids)) if key_ids else pl.lit(False)
    return marks.sort("date_start", "x_end", "event_id").select(
        pl.col("event_id").alias("id"), pl.col("lane_label").alias("lane"),
        pl.col("thread_name").alias("th"),
        pl.col("date_start").cast(pl.String).alias("ds"),
        pl.col("x_end").cast(pl.String).alias("de"),
        _interval("date_start", "x_end").alias("da"),
        pl.col("event_type").fill_null("Unknown type").alias("ty"),
        actors.fill_null("").alias("ac"), place.fill_null("").alias("pl"),
        pl.col("sentence").fill_null("").alias("se"),
        article_label().fill_null("").alias("ti"),
        pl.when(web).then(pl.col("url")).alias("u"),
        pl.col("n_sources").fill_null(1).alias("n"),
        key.cast(pl.Int8).alias("k"),
    )


def rows_json(rows: pl.DataFrame) -> dict[str, list]:
    """The rows as columns (what the page script reads): {field: [values]}."""
    return {c: rows[c].to_list() for c in ("id", "lane", "th", "ds", "de", "da", "ty", "ac",
                                            "pl", "se", "ti", "u", "n", "k")}


def event_table(rows: pl.DataFrame, *, with_thread: bool) -> str:
    """The sortable table of the page's events: its head here, its rows drawn by the page
    script from the JSON rows (text as text; a link only for a web URL), at most
    `TABLE_ROWS` at a time, so a page of thousands of events opens fast."""
    cols = _TABLE + ([("thread", "th")] if with_thread else [])
    head = "".join(f'<th data-sort="{"ds" if f == "da" else f}" data-field="{f}" '
                   f'scope="col">{html.escape(h)}</th>' for h, f in cols)
    return (f'<table id="tl-table" data-limit="{TABLE_ROWS}">\n<caption>Dated events '
            f"({rows.height}); click a header to sort</caption>\n<thead><tr>{head}</tr>"
            '</thead>\n<tbody id="tl-rows"></tbody>\n</table>')


def _options(values: list[str], limit: int = 400) -> str:
    """Options whose value is their (escaped) text: document text never sits in an attribute."""
    return "".join(f"<option>{html.escape(v)}</option>" for v in values[:limit])


def _common(rows: pl.DataFrame, field: str, split: str | None = None) -> list[str]:
    """The values of a row field, most frequent first (parts of "a → b" counted apart)."""
    col = pl.col(field).str.split(split).explode() if split else pl.col(field)
    values = rows.select(col.alias("v")).filter(pl.col("v").is_not_null() & (pl.col("v") != ""))
    return values.group_by("v").len().sort(["len", "v"], descending=[True, False])["v"].to_list()


def controls(rows: pl.DataFrame, *, with_thread: bool, n_key: int) -> str:
    """The filter panel: key dates or all events, date range, thread, actor, event type,
    place and free-text search, with lists of the page's values to pick from."""
    mode = ""
    if 0 < n_key < rows.height:
        mode = ('<fieldset><legend>Show</legend><label><input type="radio" name="tl-mode" '
                f'value="key" id="tl-mode-key" checked> key dates ({n_key})</label>'
                '<label><input type="radio" name="tl-mode" value="all" id="tl-mode-all"> '
                f"all events ({rows.height})</label></fieldset>")
    types = _options(_common(rows, "ty"))
    thread = ('<label>Thread <input id="tl-thread" list="tl-threads" autocomplete="off">'
              "</label>") if with_thread else ""
    return (
        f'<form id="tl-filters" class="tl-filters" role="search">{mode}'
        '<label>From <input type="date" id="tl-from"></label>'
        '<label>To <input type="date" id="tl-to"></label>' + thread +
        '<label>Actor <input id="tl-actor" list="tl-actors" autocomplete="off"></label>'
        f'<label>Event type <select id="tl-type"><option value="">any</option>{types}'
        "</select></label>"
        '<label>Place <input id="tl-place" list="tl-places" autocomplete="off"></label>'
        '<label>Search sentences <input type="search" id="tl-text"></label>'
        '<button type="button" id="tl-reset">Reset</button></form>\n'
        f'<datalist id="tl-actors">{_options(_common(rows, "ac", " → "))}</datalist>'
        f'<datalist id="tl-places">{_options(_common(rows, "pl"))}</datalist>'
        + (f'<datalist id="tl-threads">{_options(_common(rows, "th"))}</datalist>'
           if with_thread else "")
        + '\n<p id="tl-status" class="tl-status" aria-live="polite">'
        f"{rows.height} events</p>"
    )


def undated_table(events: pl.DataFrame, thread: str | None,
                  real: pl.DataFrame | None = None) -> str:
    """The undated events of a thread (or of all threads) with the reason, as a table (`real`
    as in `threadline.timeline.lanes.undated`)."""
    rows = undated(events, thread=thread, real=real)
    if rows.height == 0:
        return ""
    cols = [] if thread else [pl.col("thread_name").alias("thread")]
    view = rows.select(*cols, "event_id", pl.col("date_text").alias("date as written"),
                       pl.col("date_reason").alias("reason"), "sentence", "source")
    return table(view, caption=f"Undated events ({rows.height}): not placed on the axis")


def far_table(far: pl.DataFrame, *, with_thread: bool) -> str:
    """Far-off dates (outside the window every figure shows), with their sentences."""
    if far.height == 0:
        return ""
    cols = [pl.col("thread_name").alias("thread")] if with_thread else []
    view = far.sort("date_start", "event_id").select(
        *cols, "event_id", _interval("date_start", "x_end").alias("dates"),
        pl.col("date_text").alias("date as written"), "sentence",
        article_label().alias("article"))
    return table(view, caption=f"Far-off dates ({far.height}): listed apart, they would "
                               "stretch the axis")


__all__ = ["LEGEND", "TABLE_ROWS", "WEB_URL", "controls", "event_table", "far_table", "page_rows",
           "rows_json", "undated_table"]
