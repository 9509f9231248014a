"""Events never get a date the text does not support (issue 4)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline import extract_events, tag_dates
from threadline.schema import DOCUMENTS, conform


def _doc_events(pipeline: dict, prefix: str) -> pl.DataFrame:
    return pipeline["events"].filter(pl.col("doc_id").str.starts_with(prefix))


@pytest.mark.parametrize("prefix", ["004_"])
def test_undated_article_events_stay_undated(seed_pipeline, prefix: str) -> None:
    """004 has no date and no year: no event gets a calendar date; each says why."""
    ev = _doc_events(seed_pipeline, prefix)
    assert ev.height >= 4
    assert ev["date_start"].null_count() == ev.height
    assert ev["date_end"].null_count() == ev.height
    assert ev["date_reason"].null_count() == 0
    undated = ev.filter(pl.col("date").is_null())
    assert undated.height >= ev.height - 1
    assert (undated["anchor"] == "none").all()
    assert undated["date_reason"].str.contains("undated").all()


@pytest.mark.parametrize("prefix", ["004_"])
def test_the_only_dated_mention_keeps_its_unknown_year(seed_pipeline, prefix: str) -> None:
    """"the end of September" with no year stays XXXX-09 and dates nothing else."""
    ev = _doc_events(seed_pipeline, prefix).filter(pl.col("date").is_not_null())
    assert ev["date"].to_list() == ["XXXX-09"]
    assert ev["date_reason"][0].endswith("not recoverable from the text")


@pytest.mark.parametrize("doc_index", range(8))
def test_null_dct_documents_get_dates_only_from_their_text(seed_pipeline, doc_index) -> None:
    doc = seed_pipeline["documents"].row(doc_index, named=True)
    ev = seed_pipeline["events"].filter(pl.col("doc_id") == doc["doc_id"])
    if doc["dct"] is None:
        assert (ev["anchor"] != "dct").all()
        dated = ev.filter(pl.col("date").is_not_null())
        assert (dated["anchor"].is_in(["mention", "narrative", "event"])).all()
        assert dated["date_mention_id"].null_count() == 0
    assert (ev["date_start"].drop_nulls() != dt.date.today()).all()


@pytest.mark.parametrize("dct", [None, "2019"])
def test_the_same_text_is_dated_only_with_a_publication_date(seed_pipeline, dct) -> None:
    """004's text again, as a document with and without a DCT: without one, nothing is dated;
    with one, undated sentences inherit it and say so."""
    doc = seed_pipeline["documents"].filter(pl.col("doc_id").str.starts_with("004_"))
    doc = conform(doc.with_columns(pl.lit(dct, pl.String).alias("dct")), DOCUMENTS)
    ev = extract_events(doc, tag_dates(doc))
    inherited = ev.filter(pl.col("anchor") == "dct")
    if dct is None:
        assert inherited.height == 0 and ev["date_start"].null_count() == ev.height
    else:
        assert inherited.height >= 4
        assert (inherited["date"] == "2019").all()
        assert inherited["date_reason"].str.contains("publication date").all()
