"""Key dates from every document of a collection: documents without events count, each
document's burst goes to the day it itself reports, and datelines or present periods ("this
year") are no references (hand-made reports and mentions in our own words)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import polars as pl
import pytest
from threadline import key_dates
from threadline.schema import EVENTS, MENTIONS, conform
from threadline.threads.keyscore import KeyDateWeights, shares

P = dt.date(2021, 7, 10)  # the publication day of the burst
BEFORE = P - dt.timedelta(days=1)
LATER = "2021-07-15"


def report(eid: str, day: dt.date, anchor: str, text: str, thread: str = "t",
           kind: str = "Battles") -> dict:
    return {"event_id": eid, "doc_id": eid.split("/")[0], "sentence": text, "anchor": anchor,
            "start": 0, "end": len(text), "date_start": day, "date_end": day,
            "thread_id": thread, "thread_ids": [thread], "thread_label": thread.upper(),
            "event_type": kind, "factuality": "asserted"}


def mention(doc: str, text: str, day: dt.date, anchor: str, last: dt.date | None = None,
            sentence: tuple[int, int] = (0, 40)) -> dict:
    return {"mention_id": f"{doc}/T{hash(text) % 1000}", "doc_id": doc, "text": text,
            "type": "DATE", "date_start": day, "date_end": last or day, "anchor": anchor,
            "sentence_start": sentence[0], "sentence_end": sentence[1]}


def documents(dct: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": list(dct), "dct": list(dct.values()),
                         "text": ["x" * 80] * len(dct), "start": [0] * len(dct)})


def later_reference() -> tuple[list[dict], list[dict]]:
    """A later article names both days once: the collection's references do not decide."""
    return ([report("z/E1", P, "mention", "Talks were held on 10 July.",
                    kind="Strategic developments")],
            [mention("z", "9 July", BEFORE, "absolute"), mention("z", "10 July", P, "absolute")])


def burst_of(kd: pl.DataFrame, day: dt.date) -> float:
    reason = kd.filter(pl.col("date") == day)["reason"].item()
    return float(reason.split(" published right after")[0].rsplit(", ", 1)[1])


def test_a_document_s_burst_goes_to_the_day_it_reports() -> None:
    """Four web reports published on 10 July say the attack was "this morning": their burst
    goes to 10 July, which then outranks 9 July (equally referred to later); with only the
    collection's references and the pseudo-counts (doc_burst 0), the day before would win."""
    rows, men = later_reference()
    rows += [report(f"p{i}/E1", P, "mention", "Gunmen attacked the village this morning.")
             for i in range(4)]
    docs = documents({"z": LATER, **{f"p{i}": str(P) for i in range(4)}})
    events, men = conform(pl.DataFrame(rows), EVENTS), conform(pl.DataFrame(men), MENTIONS)
    kd = key_dates(events, documents=docs, mentions=men)
    assert kd["date"].to_list()[:2] == [P, BEFORE]
    assert burst_of(kd, P) > burst_of(kd, BEFORE)
    assert burst_of(kd, P) + burst_of(kd, BEFORE) == pytest.approx(1.5 * 4)  # moved, not made
    off = key_dates(events, documents=docs, mentions=men,
                    weights=dataclasses.replace(KeyDateWeights(), doc_burst=0.0))
    assert off["date"].to_list()[:2] == [BEFORE, P]


def test_a_dateline_tells_nothing_of_the_day_reported() -> None:
    """The same four reports with only their dateline ("Saturday 10 July 2021") and no word
    of when things happened: the dateline is no evidence, so their burst is split as for
    reports saying nothing, and the day before keeps it."""
    rows, men = later_reference()
    rows += [report(f"p{i}/E1", P, "dct", "Gunmen attacked the village.") for i in range(4)]
    men += [mention(f"p{i}", "Saturday 10 July 2021", P, "absolute") for i in range(4)]
    docs = documents({"z": LATER, **{f"p{i}": str(P) for i in range(4)}})
    events, men = conform(pl.DataFrame(rows), EVENTS), conform(pl.DataFrame(men), MENTIONS)
    kd = key_dates(events, documents=docs, mentions=men)
    assert kd["date"].to_list()[:2] == [BEFORE, P]
    silent = key_dates(events, documents=docs, mentions=men.filter(pl.col("doc_id") == "z"))
    assert burst_of(kd, P) == pytest.approx(burst_of(silent, P))


def test_a_document_without_events_counts_for_the_threads_by_their_share() -> None:
    """An analysis with no event trigger that names 1 June counts for thread t (three of the
    four events) three times as much as for u; without it 1 June is no key date."""
    day = dt.date(2021, 6, 1)
    rows = [report(f"a{i}/E1", dt.date(2021, 6, 3), "mention", "Rebels stormed the post.")
            for i in range(3)]
    rows.append(report("b/E1", dt.date(2021, 6, 3), "mention", "Police made arrests.",
                       thread="u"))
    events = conform(pl.DataFrame(rows), EVENTS)
    men = conform(pl.DataFrame([mention("n", "1 June", day, "absolute")]), MENTIONS)
    docs = documents({"a0": "2021-06-03", "a1": "2021-06-03", "a2": "2021-06-03",
                      "b": "2021-06-03", "n": "2021-06-05"})
    kd = key_dates(events, documents=docs, mentions=men).filter(pl.col("date") == day)
    assert kd.sort("thread_id")["score"].to_list() == pytest.approx(
        [math.log1p(0.75), math.log1p(0.25)])
    assert kd["doc_ids"].to_list() == [["n"], ["n"]]
    alone = key_dates(events, documents=docs.filter(pl.col("doc_id") != "n"), mentions=men)
    assert day not in alone["date"].to_list()


def test_shares_of_documents_with_and_without_events() -> None:
    events = conform(pl.DataFrame([report("a/E1", P, "mention", "x"),
                                   report("a/E2", P, "mention", "y", thread="u"),
                                   report("b/E1", P, "mention", "z")]), EVENTS)
    pub = pl.DataFrame({"doc_id": ["a", "b", "c"], "pub": [P] * 3})
    got = {(d, t): round(s, 3) for d, t, s in shares(events, pub).iter_rows()}
    assert got == {("a", "t"): 0.5, ("a", "u"): 0.5, ("b", "t"): 1.0,
                   ("c", "t"): 0.667, ("c", "u"): 0.333}


@pytest.mark.parametrize(("text", "first", "last", "now", "after"), [
    ("this year", dt.date(2021, 1, 1), dt.date(2021, 12, 31), "2021-01-05", "2022-01-03"),
    ("this month", dt.date(2021, 6, 1), dt.date(2021, 6, 30), "2021-06-05", "2021-07-02")])
def test_a_period_holding_the_publication_day_is_no_key_date(text, first, last, now,
                                                             after) -> None:
    """ "this year" or "this month" frames the present of the article that writes it and
    refers back to nothing; the same period named by a later article is a key date, at its
    granularity."""
    rows = [report("a/E1", first + dt.timedelta(days=2), "mention", "Rebels stormed the post."),
            report("b/E1", first + dt.timedelta(days=2), "mention", "Police made arrests.")]
    events = conform(pl.DataFrame(rows), EVENTS)
    men = conform(pl.DataFrame([mention("a", text, first, "dct", last=last)]), MENTIONS)
    docs = documents({"a": now, "b": after})
    assert first not in key_dates(events, documents=docs, mentions=men)["date"].to_list()
    men = men.with_columns(pl.lit("b").alias("doc_id"))
    row = key_dates(events, documents=docs, mentions=men).filter(pl.col("date") == first)
    assert row["granularity"].to_list() == ["year" if "year" in text else "month"]
    assert row["score"].item() > 0


@pytest.mark.parametrize(("look_back", "eve_gets_more"), [(1.0, False), (2.0, True), (4.0, True)])
def test_a_reference_back_tells_the_day_reported_more_surely_than_one_to_its_own_day(
        look_back: float, eve_gets_more: bool) -> None:
    """Two reports published on 10 July each say "yesterday" (9 July) and "this morning"
    (10 July); the collection refers to both days alike (two later articles name 10 July) and
    the pseudo-counts are made equal (same_day 1). A reference back to the eve points at the
    day it names, one to the publication day as often at the day before, so with look_back > 1
    the eve takes more of their burst; with look_back 1 the two days split it evenly."""
    rows = [report(f"p{i}/E1", P, "mention", "Mourners gathered this morning.",
                   kind="Strategic developments") for i in range(2)]
    men = [m for i in range(2) for m in (mention(f"p{i}", "yesterday", BEFORE, "dct"),
                                         mention(f"p{i}", "this morning", P, "dct"))]
    men += [mention(f"z{i}", "10 July", P, "absolute") for i in range(2)]
    docs = documents({"p0": str(P), "p1": str(P), "z0": LATER, "z1": LATER})
    events, men = conform(pl.DataFrame(rows), EVENTS), conform(pl.DataFrame(men), MENTIONS)
    wt = dataclasses.replace(KeyDateWeights(), same_day=1.0, look_back=look_back)
    kd = key_dates(events, documents=docs, mentions=men, weights=wt)
    eve, own = burst_of(kd, BEFORE), burst_of(kd, P)
    assert eve + own == pytest.approx(2 * 2.0, abs=0.1)  # moved, not made
    assert (eve > own) is eve_gets_more
    if not eve_gets_more:
        assert eve == pytest.approx(own)


def test_documents_without_events_count_nothing_with_eventless_0() -> None:
    """An analysis without events, published the day after talks and naming their day, lifts
    the day by its reference and its burst; `eventless` 0 leaves it out of both (the
    benchmark's ablation), and 0.5 counts it half."""
    day = dt.date(2021, 6, 1)
    rows = [report("a/E1", day, "mention", "Talks opened on 1 June.",
                   kind="Strategic developments")]
    events = conform(pl.DataFrame(rows), EVENTS)
    men = conform(pl.DataFrame([mention("n", "1 June", day, "absolute")]), MENTIONS)
    docs = documents({"a": "2021-06-05", "n": "2021-06-02"})

    def top(eventless: float) -> dict:
        wt = dataclasses.replace(KeyDateWeights(), eventless=eventless)
        return key_dates(events, documents=docs, mentions=men, weights=wt).row(0, named=True)

    full, half, off = top(1.0), top(0.5), top(0.0)
    assert full["date"] == half["date"] == off["date"] == day
    assert full["doc_ids"] == ["a", "n"]
    assert off["score"] == pytest.approx(math.log1p(1.0))  # the report of the talks alone
    assert "published right after" not in off["reason"]
    assert off["score"] < half["score"] < full["score"]
