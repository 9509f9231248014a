"""`event_date_columns` (the vectorised ACLED date of events.csv) agrees with `event_date`."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from threadline.exports.files import event_date, event_date_columns

days = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))


@given(st.lists(st.tuples(days, days), min_size=1, max_size=40))
def test_exports_event_date_columns_match_the_scalar_rule(pairs):
    frame = pl.DataFrame(pairs, schema={"date_start": pl.Date, "date_end": pl.Date},
                         orient="row")
    assert frame.select(event_date_columns()).rows() == [event_date(a, b) for a, b in pairs]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
       st.integers(min_value=-40, max_value=40))
def test_exports_event_date_columns_near_one_another(start, width):
    end = start + dt.timedelta(days=width)
    frame = pl.DataFrame({"date_start": [start], "date_end": [end]})
    assert frame.select(event_date_columns()).row(0) == event_date(start, end)
