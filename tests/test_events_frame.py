"""Dating by the story's frame on the seeds (gold README: window, inheritance, estimated DCT)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline.events.dating import frame, resolve_underspecified
from threadline.scoring import load_gold, match_events

RULES = [
    # (gold event, the general rule it exemplifies)
    ("002#3-E06", "undated article with an update: the month before the first new development"),
    ("002#3-E07", "undated article with an update: the month before the first new development"),
    ("002#3-E08", "undated article with an update: the month before the first new development"),
    ("002#3-E02", "'last month' resolved against the estimated publication month"),
    ("002#3-E04", "'September' (no year) resolved against the narrative reference"),
    ("002#4-E07", "week-precise DCT: the story's window from its first day to the update"),
    ("002#4-E02", "'comes after': from the story's first day to the narrative date"),
]


@pytest.mark.parametrize(("gold_id", "rule"), RULES)
def test_events_dated_by_the_story_frame(seed_pipeline, gold_id: str, rule: str) -> None:
    m = match_events(seed_pipeline["events"], load_gold("events"))
    row = m.filter(pl.col("g_event_id") == gold_id).row(0, named=True)
    assert row["found"] and row["date_ok"], (rule, row)


@pytest.mark.parametrize(("value", "text", "expected"), [
    ("XXXX-09", "September", "2018-09"),
    ("XXXX-12", "December", "2018-12"),
    ("XXXX-12-20", "December 20", "2017-12-20"),
    ("XXXX-XX", "last month", "2018-11"),
    ("XXXX", "this year", "2018"),
    ("XXXX-WXX", "last week", "2018-W47"),
    ("2014", "2014", "2014"),
])
def test_underspecified_values_resolve_to_the_past_of_the_reference(value, text, expected):
    ref = {"start": dt.date(2018, 12, 1), "end": dt.date(2018, 12, 14), "text": "2018-12"}
    m = {"value": value, "text": text, "mod": None}
    assert resolve_underspecified(m, ref)["value"] == expected


@pytest.mark.parametrize(("dct", "expected"), [
    (None, None),
    ("2019-02-01", "2019-02-01"),
])
def test_frame_needs_a_date_or_an_update_that_reports_a_dated_development(dct, expected):
    ref = frame(dct, [], [])
    assert (ref and ref["value"]) == expected
