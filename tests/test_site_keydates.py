"""The key dates a page opens on are the threads stage's `key_dates`, thread by thread."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import threadline.schema as schema
from threadline.threads import key_dates
from threadline.timeline.keydates import key_events


def _events() -> pl.DataFrame:
    d = dt.date
    return schema.conform(pl.DataFrame({
        "event_id": ["a/E1", "b/E1", "c/E1", "c/E2", "d/E1", "e/E1", "f/E1"],
        "doc_id": ["a", "b", "c", "c", "d", "e", "f"],
        "sentence": ["Shelling hit the port.", "The port was shelled overnight.",
                     "Talks were held.", "Rebels took a village.", "A convoy was ambushed.",
                     "Fighting went on.", "A protest was broken up."],
        "anchor": "mention",
        "date_start": [d(2021, 1, 5), d(2021, 1, 5), d(2021, 2, 1), d(2021, 2, 1),
                       d(2021, 3, 9), None, d(2021, 4, 1)],
        "date_end": [d(2021, 1, 5), d(2021, 1, 5), d(2021, 2, 28), d(2021, 2, 1),
                     d(2021, 3, 9), None, d(2021, 4, 1)],
        "thread_id": ["t", "t", "t", "t", "t", "t", None],
        "thread_ids": [["t"]] * 6 + [[]],
    }), schema.EVENTS)


@pytest.mark.parametrize("k", [None, 1, 2])
def test_key_events_are_the_threads_stage_key_dates(k: int | None) -> None:
    ev = _events()
    picked = key_events(ev, k=k)
    expected = key_dates(ev, k=k)
    assert picked["event_id"].to_list() == expected["event_id"].to_list()
    assert picked["thread"].to_list() == expected["thread_id"].fill_null("unthreaded").to_list()
    assert "e/E1" not in picked["event_id"]  # an undated event is never a key date


@pytest.mark.parametrize("k", [1, 3])
def test_key_dates_of_the_sample_are_dated_events_of_the_thread(seed_pipeline, k) -> None:
    events = seed_pipeline["events"]
    picked = key_events(events, k=k)
    assert picked.height > 0
    assert picked.group_by("thread").len()["len"].max() <= k
    dated = set(events.filter(pl.col("date_start").is_not_null())["event_id"])
    assert set(picked["event_id"]) <= dated
