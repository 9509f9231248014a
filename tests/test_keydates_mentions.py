"""Key dates from the dates written in a thread's documents (date mentions, not only events'),
and the reporting burst credited to the day reports refer back to (hand-made reports in our
own words)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import polars as pl
import pytest
from threadline import key_dates
from threadline.schema import EVENTS, MENTIONS, SchemaError, conform
from threadline.threads.keyscore import KeyDateWeights

DAY = dt.date(2021, 6, 1)


def report(eid: str, day: dt.date, anchor: str, text: str, start: int = 0,
           thread: str = "t") -> dict:
    doc = eid.split("/")[0]
    return {"event_id": eid, "doc_id": doc, "sentence": text, "anchor": anchor,
            "start": start, "end": start + len(text), "date_start": day, "date_end": day,
            "thread_id": thread, "thread_ids": [thread], "thread_label": thread.upper(),
            "event_type": "Battles", "factuality": "asserted"}


def mention(doc: str, text: str, day: dt.date, sentence: tuple[int, int],
            kind: str = "DATE", anchor: str = "dct", last: dt.date | None = None) -> dict:
    return {"mention_id": f"{doc}/T1", "doc_id": doc, "text": text, "type": kind,
            "date_start": day, "date_end": last or day, "anchor": anchor,
            "sentence_start": sentence[0], "sentence_end": sentence[1]}


def frames(rows: list[dict], mentions: list[dict], docs: dict[str, tuple[str, str]]):
    events = conform(pl.DataFrame(rows), EVENTS)
    men = conform(pl.DataFrame(mentions), MENTIONS)
    documents = pl.DataFrame({"doc_id": list(docs), "dct": [v[0] for v in docs.values()],
                              "text": [v[1] for v in docs.values()],
                              "start": [0] * len(docs)})
    return events, men, documents


# Two later articles say when the ceasefire collapsed in sentences without an event; each also
# reports a clash on a later day, so both documents are in the thread.
A_TEXT = "The truce collapsed last Tuesday. Gunmen raided a village on Friday."
B_TEXT = "Since the truce ended on 1 June, roads are shut. Shells hit the market yesterday."
DOCS = {"a": ("2021-06-07", A_TEXT), "b": ("2021-06-08", B_TEXT)}
ROWS = [report("a/E1", dt.date(2021, 6, 4), "mention", A_TEXT[34:], start=34),
        report("b/E1", dt.date(2021, 6, 7), "mention", B_TEXT[49:], start=49)]
MENTIONS_ = [mention("a", "last Tuesday", DAY, (0, 33)),
             mention("b", "1 June", DAY, (0, 48), anchor="narrative")]


def test_a_day_only_mentions_refer_to_is_a_key_date_with_its_documents() -> None:
    """News-tls date selection counts every date reference in the text: the day the truce
    ended, written in two documents outside any event, is a key date (without mentions it is
    none), with no representative event and a mention's sentence."""
    events, men, docs = frames(ROWS, MENTIONS_, DOCS)
    without = key_dates(events, documents=docs)
    assert DAY not in without["date"].to_list()
    kd = key_dates(events, documents=docs, mentions=men)
    row = kd.filter(pl.col("date") == DAY)
    assert row.height == 1 and row["score"].item() == pytest.approx(math.log1p(2.0))
    assert row["n_sources"].item() == 2 and row["n_reports"].item() == 0
    assert row["doc_ids"].item().to_list() == ["a", "b"]
    assert row["event_id"].item() is None
    assert row["sentence"].item() in {A_TEXT[:33], B_TEXT[:48]}


@pytest.mark.parametrize(("kind", "counts"), [("DATE", True), ("TIME", True),
                                               ("DURATION", False), ("SET", False)])
def test_only_dates_and_times_are_references(kind: str, counts: bool) -> None:
    """ "for three days" or "every Friday" denote no date a report refers to."""
    events, men, docs = frames(ROWS, [mention("a", "x", DAY, (0, 33), kind=kind)], DOCS)
    kd = key_dates(events, documents=docs, mentions=men)
    assert (DAY in kd["date"].to_list()) is counts


def test_a_dateline_is_no_reference_and_no_candidate() -> None:
    """A document's mention of its own publication day (its dateline, "today") refers back
    to nothing: alone it makes no key date."""
    own = dt.date(2021, 6, 8)
    events, men, docs = frames(ROWS, [mention("b", "Tuesday 8 June 2021", own, (0, 48),
                                              anchor="absolute")], DOCS)
    assert own not in key_dates(events, documents=docs, mentions=men)["date"].to_list()
    counted = KeyDateWeights(own_day=True)  # the ablation: then it is a reference
    assert own in key_dates(events, documents=docs, mentions=men, weights=counted)["date"]


def test_a_mention_counts_for_the_threads_of_its_document() -> None:
    """A mention outside any event counts for each thread by its share of the document's
    events; inside an event's sentence it counts wholly for that event's thread."""
    text = "Talks failed on 1 June. Rebels stormed the post. Police made arrests."
    rows = [report("m/E1", dt.date(2021, 6, 3), "mention", text[24:48], start=24),
            report("m/E2", dt.date(2021, 6, 3), "mention", text[49:], start=49, thread="u")]
    outside = [mention("m", "1 June", DAY, (0, 23), anchor="absolute")]
    inside = [mention("m", "1 June", DAY, (49, 70), anchor="absolute")]
    docs = {"m": ("2021-06-05", text)}
    events, men, documents = frames(rows, outside, docs)
    kd = key_dates(events, mentions=men).filter(pl.col("date") == DAY)
    assert sorted(kd["thread_id"]) == ["t", "u"]
    assert kd["score"].to_list() == pytest.approx([math.log1p(0.5)] * 2)
    events, men, documents = frames(rows, inside, docs)
    kd = key_dates(events, mentions=men).filter(pl.col("date") == DAY)
    assert kd.sort("thread_id")["score"].to_list() == pytest.approx(
        [math.log1p(0.5), math.log1p(1.0)])


def test_mentions_without_their_columns_are_refused() -> None:
    events, men, docs = frames(ROWS, MENTIONS_, DOCS)
    with pytest.raises(SchemaError, match="sentence_start"):
        key_dates(events, documents=docs, mentions=men.drop("sentence_start"))


def test_the_burst_goes_to_the_day_reports_refer_back_to() -> None:
    """Six articles published on 10 July say only that something happened on 9 or 10 July.
    One later article states 10 July, one only implies 9 July (a date inherited from its
    story, half a reference): the burst goes to the day the references point to, so 10 July
    ranks first; split by fixed shares (most to the day before), 9 July would win."""
    p, before, later = dt.date(2021, 7, 10), dt.date(2021, 7, 9), "2021-07-20"
    rows = [report(f"p{i}/E1", p, "dct", "Fighting goes on.") for i in range(6)]
    rows += [report("x/E1", p, "mention", "On 10 July the bridge was blown up."),
             report("y/E1", before, "narrative", "The convoy was ambushed after that.")]
    events = conform(pl.DataFrame(rows), EVENTS)
    docs = pl.DataFrame({"doc_id": [f"p{i}" for i in range(6)] + ["x", "y"],
                         "dct": [str(p)] * 6 + [later] * 2})
    kd = key_dates(events, documents=docs)
    assert kd["date"].to_list()[:2] == [p, before]
    fixed = key_dates(events, documents=docs,
                      weights=dataclasses.replace(KeyDateWeights(), refer_burst=False))
    assert fixed["date"].to_list()[:2] == [before, p]
    total = kd.filter(pl.col("date").is_in([p, before]))["reason"].str.extract(
        r"([\d.]+) published right after").cast(pl.Float64).sum()
    assert total == pytest.approx(1.5 * 6)  # the burst is moved, not made
