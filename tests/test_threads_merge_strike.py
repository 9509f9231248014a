"""Same-event merging on one strike told by several outlets, beside reports that must stay
apart: the next day, another town, another kind of event (sentences written for this test)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline.schema import EVENTS, conform
from threadline.threads import merge_events

MASYAF, HOMS = (35.065, 36.342), (34.730, 36.709)
DAY = dt.date(2021, 3, 3)
BOMB, DEMO = "Explosions/Remote violence", "Protests"

#: (event_id, sentence, day, event type, actors, trigger, town or None, coordinates)
REPORTS = [
    ("a/E001", "Israeli jets struck a weapons depot in Masyaf on 3 March 2021, a monitor said.",
     DAY, BOMB, ["Israel"], "strike", "Masyaf", MASYAF),
    ("b/E001", "An air raid hit an arms store near Masyaf on Wednesday.",
     DAY, BOMB, [], "raid", "Masyaf", MASYAF),
    ("c/E001", "State media said Israeli missiles targeted Masyaf on March 3.",
     DAY, BOMB, ["Israel"], "target", "Masyaf", MASYAF),
    ("d/E001", "Israeli jets struck Masyaf again on 4 March 2021.",
     DAY + dt.timedelta(days=1), BOMB, ["Israel"], "strike", "Masyaf", MASYAF),
    ("e/E001", "On 3 March 2021 Israeli jets struck an airbase near Homs.",
     DAY, BOMB, ["Israel"], "strike", "Homs", HOMS),
    ("f/E001", "Residents of Masyaf protested against the government on 3 March 2021.",
     DAY, DEMO, ["Protesters"], "protest", "Masyaf", MASYAF),
    ("g/E001", "Israeli jets struck targets in Syria on 3 March 2021.",
     DAY, BOMB, ["Israel"], "strike", None, (None, None)),
]


@pytest.fixture(scope="module")
def merged() -> pl.DataFrame:
    rows = [{"event_id": eid, "doc_id": eid.split("/")[0], "start": 0, "sentence": text,
             "trigger": trig, "event_type": kind, "anchor": "mention", "date_start": day,
             "date_end": day, "granularity": "day", "date": day.isoformat(),
             "actor1": (actors or [None])[0], "actors": actors, "actor_families": actors,
             "weapons": [], "location": town, "location_kind": "city" if town else None,
             "country": "Syria", "lat": xy[0], "lon": xy[1], "factuality": "asserted"}
            for eid, text, day, kind, actors, trig, town, xy in REPORTS]
    frame = pl.DataFrame(rows, schema_overrides={"actors": pl.List(pl.String),
                                                 "actor_families": pl.List(pl.String),
                                                 "weapons": pl.List(pl.String)})
    return merge_events(conform(frame, EVENTS))


@pytest.mark.parametrize(("members", "why"), [
    (["a/E001", "b/E001", "c/E001"], "same day and town, worded three ways"),
    (["d/E001"], "the next day"),
    (["f/E001"], "a protest, not a strike"),
    (["e/E001", "g/E001"], "Homs, and a report naming no town: but not with Masyaf's"),
])
def test_exactly_the_right_reports_merge(merged: pl.DataFrame, members: list[str],
                                         why: str) -> None:
    got = merged.filter(pl.col("event_id") == members[0])["cluster_members"].to_list()[0]
    assert got == members, why


def test_merged_strike_says_what_it_shares(merged: pl.DataFrame) -> None:
    row = merged.filter(pl.col("event_id") == "b/E001").row(0, named=True)
    assert row["cluster_id"] == "C-a/E001" and row["n_sources"] == 3
    assert row["cluster_reason"].startswith("3 reports in 3 documents of one event: 2021-03-03")
    assert "at Masyaf" in row["cluster_reason"] and len(row["cluster_reason"]) <= 300


def test_no_chain_through_a_placeless_report(merged: pl.DataFrame) -> None:
    """g (no town) matches both a (Masyaf) and e (Homs), which do not match each other: a
    cluster is a clique, so g sides with one of them, never joining the two."""
    clusters = merged.group_by("cluster_id").agg("event_id")["event_id"].to_list()
    assert not any({"a/E001", "e/E001"} <= set(c) for c in clusters)
