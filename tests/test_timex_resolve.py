"""Resolution on real seed sentences: narrative chains, UPDATE resets, event-anchored and
undated expressions left unresolved, and the precision of every value kept as an interval."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline.timex import tag_dates


def _doc(documents: pl.DataFrame, doc_id: str, **changes) -> pl.DataFrame:
    doc = documents.filter(pl.col("doc_id") == doc_id)
    return doc.with_columns(**{k: pl.lit(v, dtype=doc.schema[k]) for k, v in changes.items()})


def _mention(mentions: pl.DataFrame, text: str, nth: int = 0) -> dict:
    rows = mentions.filter(pl.col("text") == text).rows(named=True)
    assert len(rows) > nth, f"{text!r} not tagged: {mentions['text'].to_list()}"
    return rows[nth]


def _by_id(mentions: pl.DataFrame, mention_id: str) -> dict:
    return mentions.filter(pl.col("mention_id") == mention_id).row(0, named=True)


@pytest.mark.parametrize(("doc_id", "text", "nth", "value", "ref_text"), [
    ("002#1", "A week later", 0, "2020-04-27", "20 April 2020"),  # shift from the story's date
    ("002#1", "27 April", 0, "2020-04-27", "A week later"),
    ("002#1", "20 April", 0, "2020-04-20", "2020"),  # "In 2020" gives the year
    ("002#1", "late February", 0, "2020-02", "13 February 2020"),
    ("000#1", "a few days later", 0, "2014-10", "early October"),  # count unknown: month kept
    ("002#3", "December 15", 0, "2018-12-15", "January 13, 2019"),  # nearest to the reference
    ("002#3", "January 12", 0, "2019-01-12", "December 29"),
])
def test_narrative_chain(gold_span_mentions, doc_id, text, nth, value, ref_text) -> None:
    doc = gold_span_mentions.filter(pl.col("doc_id") == doc_id)
    row = _mention(doc, text, nth)
    assert (row["value"], row["anchor"]) == (value, "narrative")
    assert _by_id(doc, row["anchor_ref"])["text"] == ref_text


@pytest.mark.parametrize(("text", "value", "ref_text"), [
    ("August 30, 16:50", "2017-08-30T16:50", "August 31, 2017"),
    ("Aug. 29", "2017-08-29", "September 5, 2017"),
])
def test_update_header_resets_the_reference(gold_span_mentions, text, value, ref_text) -> None:
    doc = gold_span_mentions.filter(pl.col("doc_id") == "002#4")
    row = _mention(doc, text)
    assert row["value"] == value
    assert _by_id(doc, row["anchor_ref"])["text"] == ref_text


@pytest.mark.parametrize(("doc_id", "text", "value"), [
    ("001#1", "59 days", "P59D"),
    ("001#1", "less than two months", "P2M"),
    ("004#1", "hours", "PTXH"),
])
def test_event_anchored_duration_stays_unresolved(gold_span_mentions, doc_id, text, value):
    row = _mention(gold_span_mentions.filter(pl.col("doc_id") == doc_id), text)
    assert (row["value"], row["anchor"]) == (value, "event")
    assert row["date_start"] is None and row["date_end"] is None
    assert "event" in row["reason"] and "publication date" in row["reason"]


@pytest.mark.parametrize(("doc_id", "text", "value"), [
    ("004#1", "the end of September", "XXXX-09"),  # no year anywhere in the text
    ("003#1", "last week", "XXXX-WXX"),  # the same text with its publication date removed
    ("003#1", "This summer", "XXXX-SU"),
    ("001#1", "this week", "XXXX-WXX"),
])
def test_undated_document_stays_unresolved(gold_span_documents, doc_id, text, value) -> None:
    mentions = tag_dates(_doc(gold_span_documents, doc_id, dct=None))
    row = _mention(mentions, text)
    assert row["value"] == value
    assert row["date_start"] is None and row["date_end"] is None
    assert row["anchor"] == "none" and row["reason"].startswith("unresolved")


@pytest.mark.parametrize(("doc_id", "text", "value", "first", "last", "granularity"), [
    ("002#1", "2020", "2020", "2020-01-01", "2020-12-31", "year"),
    ("002#1", "late 2017", "2017", "2017-09-01", "2017-12-31", "year"),
    ("002#1", "late February", "2020-02", "2020-02-21", "2020-02-29", "month"),
    ("003#1", "This summer", "2017-SU", "2017-06-01", "2017-09-22", "season"),
    ("003#1", "last week", "2017-W38", "2017-09-18", "2017-09-24", "week"),
    ("001#1", "the current decade", "201", "2010-01-01", "2019-12-31", "decade"),
    ("002#4", "Monday", "2017-08-28", "2017-08-28", "2017-08-28", "day"),
])
def test_precision_is_kept(gold_span_mentions, doc_id, text, value, first, last, granularity):
    row = _mention(gold_span_mentions.filter(pl.col("doc_id") == doc_id), text)
    assert row["value"] == value
    assert (row["date_start"], row["date_end"]) == (dt.date.fromisoformat(first),
                                                    dt.date.fromisoformat(last))
    assert row["granularity"] == granularity


@pytest.mark.parametrize(("doc_type", "value", "anchor"), [
    ("narrative", "2020-04-18", "narrative"),  # the story's "In 2020" gives the year
    ("news", "2020-04-18", "narrative"),  # anaphoric in news too
])
def test_undated_story_resolves_from_its_own_dates(gold_span_documents, doc_type, value, anchor):
    mentions = tag_dates(_doc(gold_span_documents, "002#1", dct=None), doc_type=doc_type)
    row = _mention(mentions, "18 April")
    assert (row["value"], row["anchor"]) == (value, anchor)
    last_year = _mention(mentions, "last year")  # deictic: needs the publication date
    assert (last_year["value"], last_year["anchor"]) == (
        ("XXXX", "none") if doc_type == "news" else (last_year["value"], "narrative"))


@pytest.mark.parametrize(("dct", "doc_type", "value", "anchor"), [
    ("2020-06-01", "news", "2020-04-27", "narrative"),  # story date near publication: follow it
    ("2023-06-01", "news", "2023-04-27", "dct"),  # background date 3 years back: the dct's year
    ("2023-06-01", "narrative", "2020-04-27", "narrative"),  # narratives always follow the story
])
def test_news_partial_date_follows_only_a_recent_story_date(gold_span_documents, dct, doc_type,
                                                            value, anchor):
    doc = _doc(gold_span_documents, "002#1", dct=dct)
    row = _mention(tag_dates(doc, doc_type=doc_type), "27 April")
    assert (row["value"], row["anchor"]) == (value, anchor)


def _news(text: str, dct: str) -> pl.DataFrame:
    docs = pl.DataFrame({"doc_id": ["n#1"], "source": ["n"], "start": [0], "text": [text],
                         "dct": [dct], "status": ["ok"]})
    return tag_dates(docs, doc_type="news")


@pytest.mark.parametrize(("text", "value"), [
    # a deadline ahead, told in a past-tense clause, is not where the story stands
    ("Officials said they expect the handover to be completed by Dec. 15. In the year "
     "ended Jan. 31, the ministry spent $2 billion.", "2021-01-31"),
    # a date of the past does move the story
    ("Officials said the handover was completed on Dec. 15, 2020. In the weeks after, on "
     "Jan. 31, the ministry spent $2 billion.", "2021-01-31"),
])
def test_news_story_does_not_move_to_a_date_after_writing(text: str, value: str) -> None:
    mentions = _news(text, "2021-10-29")
    assert _mention(mentions, "Jan. 31")["value"] == value
