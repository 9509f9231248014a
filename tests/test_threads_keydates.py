"""Key dates per thread: days many documents refer to rank above days much is published on
(hand-made reports in our own words)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline import key_dates
from threadline.schema import EVENTS, conform
from threadline.threads import KEY_DATES
from threadline.threads.keydates import default_k

D1, D2, PUB = dt.date(2021, 5, 10), dt.date(2021, 5, 12), dt.date(2021, 5, 20)


def report(eid: str, doc: str, day: dt.date | None, anchor: str, text: str,
           thread: str = "t", kind: str = "Battles", fact: str = "asserted") -> dict:
    return {"event_id": eid, "doc_id": doc, "sentence": text, "anchor": anchor,
            "date_start": day, "date_end": day, "thread_id": thread, "thread_ids": [thread],
            "thread_label": thread.upper(), "event_type": kind, "factuality": fact}


@pytest.fixture(scope="module")
def events() -> pl.DataFrame:
    rows = [
        # three later articles refer back to the battle of 10 May
        report("a/E1", "a", D1, "mention", "Rebels stormed the town on 10 May."),
        report("b/E1", "b", D1, "mention", "Since the assault of May 10 the town is empty."),
        report("c/E1", "c", D1, "narrative", "Shops stayed shut after that battle."),
        # one article names 12 May; four are merely published on 20 May
        report("d/E1", "d", D2, "mention", "Talks were held on 12 May.",
               kind="Strategic developments"),
        *(report(f"p{i}/E1", f"p{i}", PUB, "dct", "Fighting goes on.") for i in range(4)),
        # a denied attack refers to nothing
        report("e/E1", "e", D2, "mention", "No attack took place on 12 May.", fact="negated"),
        report("x/E1", "x", D2, "mention", "Another thread's day.", thread="u"),
        report("y/E1", "y", None, "none", "An undated report."),
    ]
    return conform(pl.DataFrame(rows), EVENTS)


def test_referred_days_outrank_publication_days(events: pl.DataFrame) -> None:
    kd = key_dates(events.filter(pl.col("thread_id") == "t"), k=3)
    assert kd["date"].to_list() == [D1, D2]  # 20 May is only a publication day
    top = kd.row(0, named=True)
    assert (top["rank"], top["n_sources"], top["n_reports"]) == (1, 3, 3)
    assert top["doc_ids"] == ["a", "b", "c"] and top["event_id"] == "a/E1"
    assert top["score"] > kd.row(1, named=True)["score"]
    assert "3 documents refer to 2021-05-10" in top["reason"]


def test_one_table_for_every_thread_with_the_schema(events: pl.DataFrame) -> None:
    kd = key_dates(events)
    assert dict(kd.schema) == KEY_DATES
    assert sorted(kd["thread_id"].unique().to_list()) == ["t", "u"]
    assert kd.filter(pl.col("thread_id") == "u")["thread_label"].to_list() == ["U"]


@pytest.mark.parametrize(("k", "expected"), [(1, 1), (5, 2)])
def test_k_caps_the_dates_per_thread(events: pl.DataFrame, k: int, expected: int) -> None:
    kd = key_dates(events.filter(pl.col("thread_id") == "t"), k=k)
    assert kd.height == expected and kd["rank"].to_list() == list(range(1, expected + 1))


@pytest.mark.parametrize(("days", "k"), [(1, 1), (4, 3), (100, 15), (5000, 30)])
def test_default_k_grows_slowly_with_the_thread(days: int, k: int) -> None:
    assert default_k(days) == k


def test_documents_bound_the_reporting_period(events: pl.DataFrame) -> None:
    """Given publication dates, days long before the reporting are background, not key."""
    docs = pl.DataFrame({"doc_id": ["a", "b", "c", "d"],
                         "dct": ["2021-05-30", "2021-05-30", "2021-05-30", "2021-05-30"]})
    kd = key_dates(events.filter(pl.col("thread_id") == "t"), documents=docs)
    assert kd["date"].to_list() == []  # both days lie more than a week before the first


@pytest.mark.parametrize("rows", [0, 1])
def test_nothing_dated_is_an_empty_frame(events: pl.DataFrame, rows: int) -> None:
    kd = key_dates(events.filter(pl.col("event_id") == "y/E1").head(rows))
    assert kd.is_empty() and dict(kd.schema) == KEY_DATES


def test_bad_k_is_a_clear_error(events: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="k must be a positive"):
        key_dates(events, k=0)
