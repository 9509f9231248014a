"""Structure of `figures.timeline` (fig.data / fig.layout, never pixels), on the real pipeline's
events for the seed corpus and on a tiny hand-made frame carrying markup payloads."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re

import plotly.graph_objects as go
import polars as pl
import pytest
from threadline.timeline.figures import TYPE_COLOURS, timeline
from threadline.timeline.lanes import event_lanes, undated

_DAY_MS = 86_400_000
SOURCES = ["seed_pipeline", "payload_corpus"]


@pytest.fixture(params=SOURCES)
def events(request: pytest.FixtureRequest) -> pl.DataFrame:
    """EVENTS from the real pipeline on the seeds, or the hand-made payload frame."""
    return request.getfixturevalue(request.param)["events"]


def _points(fig: go.Figure, kind: str = "bar") -> list[dict]:
    """Every mark of a trace type: trace name, colour, y, x (width or mid), base, event, hover."""
    out = []
    for t in fig.data:
        if t.type != kind:
            continue
        for i, (hover, event) in enumerate(t.customdata):
            out.append({"name": t.name, "colour": t.marker.color, "y": t.y[i], "x": t.x[i],
                        "base": t.base[i] if kind == "bar" else None, "event": event,
                        "hover": hover})
    return out


def _squash(text: str) -> str:
    """Text without whitespace or line breaks (hover text is wrapped with <br>)."""
    return re.sub(r"\s+|<br>", "", text)


def test_timeline_one_lane_per_thread(events):
    fig = timeline(events)
    marks = event_lanes(events)
    lanes = marks["thread_name"].unique().to_list()
    assert sorted(fig.layout.meta["lanes"]) == sorted(lanes)
    assert len(fig.layout.yaxis.categoryarray) == len(lanes) == marks["lane"].n_unique()
    assert {p["y"] for p in _points(fig)} == set(fig.layout.yaxis.categoryarray)
    assert len(_points(fig)) == marks.height == fig.layout.meta["marks"]
    print(f"\n{len(lanes)} lanes, {marks.height} marks")


def test_timeline_bar_spans_interval(events):
    """Each bar starts on its first day and is exactly as wide as its interval; a
    month-precise event is a band as wide as its month."""
    fig = timeline(events)
    rows = {r["event_id"]: r for r in events.iter_rows(named=True)}
    months = 0
    for p in _points(fig):
        row = rows[p["event"]]
        start, end = row["date_start"], row["date_end"] or row["date_start"]
        assert p["base"] == f"{start:%Y-%m-%d} 00:00:00"
        assert p["x"] == ((end - start).days + 1) * _DAY_MS
        # A month named in the sentence (not one clipped by the publication date).
        if row["granularity"] == "month" and row["mod"] is None and row["date_text"]:
            days = calendar.monthrange(start.year, start.month)[1]
            assert p["x"] == days * _DAY_MS and start.day == 1
            months += 1
    assert months >= 1
    print(f"\n{months} month-wide bands checked")


def test_timeline_day_events_are_small_marks(events):
    """A one-day event is a one-day bar topped by a diamond (so it can be seen and hovered)."""
    fig = timeline(events)
    days = [p for p in _points(fig) if p["x"] == _DAY_MS]
    diamonds = {p["event"]: p for p in _points(fig, "scatter")}
    assert days
    for p in days:
        assert p["event"] in diamonds
        assert diamonds[p["event"]]["x"] == p["base"].replace("00:00:00", "12:00:00")
    assert all(t.marker.symbol == "diamond" for t in fig.data if t.type == "scatter")
    assert max(p["x"] for p in _points(fig)) > _DAY_MS  # wide bands get no diamond
    assert {p["event"] for p in _points(fig) if p["x"] > 60 * _DAY_MS}.isdisjoint(diamonds)


def test_timeline_undated_events_not_drawn(events):
    fig = timeline(events)
    drawn = {p["event"] for kind in ("bar", "scatter") for p in _points(fig, kind)}
    missing = events.filter(pl.col("date_start").is_null())["event_id"].to_list()
    assert missing and drawn.isdisjoint(missing)
    assert fig.layout.meta["undated"] == undated(events).height > 0
    assert f"{fig.layout.meta['undated']} undated" in fig.layout.annotations[0].text


def test_timeline_colour_per_event_type(events):
    fig = timeline(events)
    types = dict(events.select("event_id", pl.col("event_type").fill_null("Unknown type"))
                 .iter_rows())
    bars = [t for t in fig.data if t.type == "bar"]
    assert len({t.marker.color for t in bars}) == len(bars) == len({t.name for t in bars})
    for t in bars:
        assert {types[e] for _, e in t.customdata} == {t.legendgroup}
        if t.legendgroup in TYPE_COLOURS:
            assert t.marker.color == TYPE_COLOURS[t.legendgroup]


def test_timeline_hover_text_escaped_and_complete(events):
    fig = timeline(events)
    rows = {r["event_id"]: r for r in events.iter_rows(named=True)}
    for p in _points(fig):
        row, hover = rows[p["event"]], p["hover"]
        assert "<script" not in hover and "<img" not in hover
        assert not re.search(r"<[^>]*onerror", hover, re.I)
        assert _squash(html.escape(row["sentence"]))[:80] in _squash(hover), p["event"]
        assert f"<b>interval:</b> {row['date_start']:%Y-%m-%d}" in hover
        if row["date_text"]:
            assert "<b>written:</b>" in hover
        assert "<b>source:</b>" in hover and "<b>anchor:</b>" in hover


@pytest.mark.parametrize(("event_id", "present", "absent"), [
    ("p1/E001", ["&lt;script&gt;window.__pwned=1&lt;/script&gt;", "<b>weapon:</b> bomb",
                 "<b>actors:</b> Air force &lt;img", "<b>place:</b> Town &lt;img",
                 "<b>written:</b> “March 14”"], ["href", "javascript:"]),
    ("p1/E002", ["<b>merged:</b> 2 sources (p1, p2)", "onerror=&quot;window",
                 "(2020-02, month)"],
     ["<img"]),
    ("p2/E003", ["<b>Odd &lt;script&gt;"], ["merged"]),
])
def test_timeline_payload_hover(payload_corpus, event_id, present, absent):
    hover = {p["event"]: p["hover"] for p in _points(timeline(payload_corpus["events"]))}
    for text in present:
        assert text in hover[event_id]
    for text in absent:
        assert text not in hover[event_id]


def test_timeline_link_only_for_web_urls(payload_corpus):
    events = payload_corpus["events"].with_columns(
        pl.when(pl.col("event_id") == "p1/E002").then(pl.lit("https://ex.org/?a=1&b=<2>"))
        .otherwise(pl.col("url")).alias("url"))
    hover = {p["event"]: p["hover"] for p in _points(timeline(events))}
    assert '<a href="https://ex.org/?a=1&amp;b=&lt;2&gt;">' in hover["p1/E002"]
    assert "<a " not in hover["p1/E001"]  # javascript: is never a link


def test_timeline_rangeslider_and_selector(events):
    fig = timeline(events)
    assert fig.layout.xaxis.rangeslider.visible is True and fig.layout.xaxis.type == "date"
    (menu,) = fig.layout.updatemenus
    lanes = fig.layout.meta["lanes"]
    assert len(menu.buttons) == len(lanes) + 1 and menu.buttons[0].label == "All threads"
    for i, button in enumerate(menu.buttons[1:]):
        assert button.args[0]["yaxis.range"] == [i + 0.5, i - 0.5]
        assert "<" not in button.label
    lo, hi = (dt.datetime.fromisoformat(x) for x in menu.buttons[0].args[0]["xaxis.range"])
    starts = events["date_start"].drop_nulls()
    assert lo.date() < starts.min() and hi.date() > starts.max()


def test_timeline_thread_page_lanes_are_actors(payload_corpus, payloads):
    fig = timeline(payload_corpus["events"], thread="xss")
    assert fig.layout.meta["lanes"] == ["Rebels", f"Air force {payloads[1]}"]
    assert all("<img" not in y for y in fig.layout.yaxis.categoryarray)
    assert fig.layout.meta["undated"] == 1 and fig.layout.updatemenus[0].buttons[0].label == (
        "All actors")
