"""The key-dates adapter: the threads stage's `key_dates` when it exists, else a local ranking
(most-reported dated real events, one per day, k per thread)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import threadline.schema as schema
import threadline.threads as threads_stage
from threadline.timeline.keydates import DEFAULT_K, key_events


def _events() -> pl.DataFrame:
    d = dt.date
    return schema.conform(pl.DataFrame({
        "event_id": ["a/E1", "b/E1", "c/E1", "c/E2", "d/E1", "e/E1", "f/E1"],
        "doc_id": ["a", "b", "c", "c", "d", "e", "f"],
        "date_start": [d(2021, 1, 5), d(2021, 1, 5), d(2021, 2, 1), d(2021, 2, 1),
                       d(2021, 3, 9), None, d(2021, 4, 1)],
        "date_end": [d(2021, 1, 5), d(2021, 1, 5), d(2021, 2, 28), d(2021, 2, 1),
                     d(2021, 3, 9), None, d(2021, 4, 1)],
        "thread_id": ["t", "t", "t", "t", "t", "t", "u"],
        "thread_ids": [["t"]] * 6 + [["u"]],
        "cluster_id": ["a/E1", "a/E1", None, None, None, None, None],
        "n_sources": [2, 2, 1, 1, 1, 1, 1],
    }), schema.EVENTS)


def test_key_dates_local_ranking(monkeypatch) -> None:
    monkeypatch.delattr(threads_stage, "key_dates", raising=False)
    picked = key_events(_events(), k=2)
    t = picked.filter(pl.col("thread") == "t")["event_id"].to_list()
    # the merged event first; then one event per day (the exact day beats the month on 1 Feb)
    assert t == ["a/E1", "c/E2"]
    assert picked.filter(pl.col("thread") == "u")["event_id"].to_list() == ["f/E1"]
    everything = key_events(_events())
    assert everything.filter(pl.col("thread") == "t").height == 3 <= DEFAULT_K  # never undated


def test_key_dates_from_the_threads_stage_when_it_has_them(monkeypatch) -> None:
    calls = []

    def key_dates(events: pl.DataFrame, k: int | None = None) -> pl.DataFrame:
        calls.append(k)
        return pl.DataFrame({"thread_id": ["t", "u"], "date": ["2021-03-09", "2021-04-01"],
                             "event_id": ["d/E1", "f/E1"]})

    monkeypatch.setattr(threads_stage, "key_dates", key_dates, raising=False)
    picked = key_events(_events(), k=5)
    assert calls == [5]
    assert picked.rows() == [("t", "d/E1"), ("u", "f/E1")]


@pytest.mark.parametrize("k", [1, 3])
def test_key_dates_of_the_sample_are_dated_events_of_the_thread(seed_pipeline, k) -> None:
    events = seed_pipeline["events"]
    picked = key_events(events, k=k)
    assert picked.group_by("thread").len()["len"].max() <= k
    dated = set(events.filter(pl.col("date_start").is_not_null())["event_id"])
    assert set(picked["event_id"]) <= dated
