"""The events stage on awkward input: undated ranges, dates before plural nouns, long lines."""

from __future__ import annotations

import polars as pl
import pytest
from threadline import extract_events, tag_dates
from threadline.schema import DOCUMENTS, conform
from threadline.settings import DEFAULT


def _events(text: str, dct: str | None = "2018-01-05") -> pl.DataFrame:
    docs = conform(pl.DataFrame({"doc_id": ["r#1"], "source": ["r.txt"], "start": [0],
                                 "end": [len(text)], "text": [text], "dct": [dct],
                                 "status": ["ok"]}, schema_overrides={"dct": pl.String}),
                   DOCUMENTS)
    return extract_events(docs, tag_dates(docs), DEFAULT.replace(keep_unfactual_events=True))


@pytest.mark.parametrize("text", [
    "Fighting raged between 20 April and 4 May in the hills.",
    "Rebels shelled the town from 3 to 9 March.",
])
def test_an_undated_range_without_a_year_does_not_crash(text: str) -> None:
    ev = _events(text, dct=None)
    assert ev.height == 1 and ev["date_start"].null_count() == 1
    assert ev["date_reason"][0]


@pytest.mark.parametrize("agent", ["soldiers", "troops", "people", "civilians", "militants"])
def test_a_date_before_a_plural_noun_is_kept(agent: str) -> None:
    """"On 12 December 2017, soldiers ..." is a date, not a count of 2017 soldiers."""
    ev = _events(f"On 12 December 2017, {agent} were attacked near the town.")
    assert ev["date"].to_list() == ["2017-12-12"]


def test_soldiers_advancing_keep_the_date() -> None:
    ev = _events("On 12 December 2017, soldiers advanced on the town.")
    assert ev.select("date", "event_type").rows() == [("2017-12-12", "Battles")]


def test_a_background_since_clause_is_one_interval() -> None:
    ev = _events("Since March 2011, 2,700 people have been killed in the province.")
    row = ev.row(0, named=True)
    assert (str(row["date_start"]), str(row["date_end"]), ev.height) == (
        "2011-03-01", "2018-01-05", 1)


@pytest.mark.parametrize("n", [50, 500])
def test_a_line_of_many_dates_gives_one_event_per_date(n: int) -> None:
    days = [f"{d} May 2017" for d in range(1, 29)]
    dates = ", ".join(days[i % 28] for i in range(n))
    ev = _events(f"Troops shelled the town on {dates}.")
    assert ev.height == min(n, 28)


@pytest.mark.parametrize("text", ["U.S. " * 20000, "The U.S. army attacked. " * 2000])
def test_long_repetitive_text_is_handled(text: str) -> None:
    ev = _events(text)
    assert ev.height == text.count("attacked")
