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
from threadline.threads.keyscore import KeyDateWeights

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


def test_coarser_dates_are_candidates_scored_lower_with_their_precision() -> None:
    """A journalist's "May 2021: talks began": a month-precise report is a key date, below a
    day told by as many documents, and it keeps its month."""
    month = (dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    rows = [report("a/E1", "a", D1, "mention", "Rebels stormed the town on 10 May."),
            {**report("b/E1", "b", None, "mention", "Talks began in May.",
                      kind="Strategic developments"), "date_start": month[0],
             "date_end": month[1]}]
    kd = key_dates(conform(pl.DataFrame(rows), EVENTS))
    assert kd["date"].to_list() == [D1, month[0]]
    assert kd["granularity"].to_list() == ["day", "month"]
    assert kd["date_end"].to_list() == [D1, month[1]]
    assert kd["score"][0] > kd["score"][1] > 0
    assert "(month)" in kd["reason"][1]


@pytest.mark.parametrize("anchor", [None, "mention"])
def test_a_missing_anchor_counts_as_a_stated_date(anchor: str | None) -> None:
    """A frame without dating provenance (anchor null) still has key dates: its dates are
    stated with the events."""
    rows = [report(f"{d}/E1", d, D1, anchor, "Shelling hit the port.") for d in "ab"]
    kd = key_dates(conform(pl.DataFrame(rows), EVENTS))
    assert kd["date"].to_list() == [D1] and kd["n_sources"].to_list() == [2]


def test_own_publication_day_is_no_reference_but_a_burst() -> None:
    """Given publication dates, a report of its own publication day ("today") is no reference
    back to it; a day that later documents refer to outranks it, and the reports published
    right after a day lift it above an equally referred day without them."""
    day = dt.date(2021, 6, 1)
    d2, d3 = day + dt.timedelta(days=1), day + dt.timedelta(days=2)
    rows = [report("a/E1", "a", day, "mention", "Today a bomb hit the market."),
            report("b/E1", "b", day, "mention", "Today a car bomb exploded."),
            report("c/E1", "c", d2, "mention", "On 2 June a convoy was hit."),
            report("x/E1", "x", d3, "mention", "On 3 June a post was shelled."),
            report("y/E1", "y", None, "none", "Fighting went on.")]
    docs = pl.DataFrame({"doc_id": ["a", "b", "c", "x", "y"],
                         "dct": [str(day), str(day), "2021-06-09", "2021-06-09", str(d3)]})
    kd = key_dates(conform(pl.DataFrame(rows), EVENTS), documents=docs)
    assert kd["date"].to_list() == [d2, d3, day]  # y is published the day after d2
    assert kd.filter(pl.col("date") == day)["n_sources"].item() == 2
    assert "published right after" in kd["reason"][0]
    same = key_dates(conform(pl.DataFrame(rows), EVENTS), documents=docs,
                     weights=KeyDateWeights(own_day=True))
    assert same["date"][0] == day  # counted as references, its two documents win


@pytest.mark.parametrize(("field", "value"), [("burst", 0.0), ("coarse", False)])
def test_weights_switch_features_off(events: pl.DataFrame, field: str, value) -> None:
    """Each feature can be turned off (the benchmark's ablation); the ranking stays valid."""
    import dataclasses

    kd = key_dates(events, weights=dataclasses.replace(KeyDateWeights(), **{field: value}))
    assert dict(kd.schema) == KEY_DATES and kd.height > 0
    if field == "coarse":
        assert set(kd["granularity"]) == {"day"}
