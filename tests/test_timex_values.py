"""TIMEX3 value <-> interval arithmetic: the conventions of the gold README."""

from __future__ import annotations

import datetime as dt

import pytest
from threadline.timex.values import granularity, interval, shift, truncate

D = dt.date.fromisoformat


@pytest.mark.parametrize(("value", "mod", "first", "last"), [
    ("2020-04-20", None, "2020-04-20", "2020-04-20"),
    ("2017-10", None, "2017-10-01", "2017-10-31"),
    ("2017-10", "START", "2017-10-01", "2017-10-10"),
    ("2020-02", "END", "2020-02-21", "2020-02-29"),
    ("2017-09", "MID", "2017-09-11", "2017-09-20"),
    ("2017", "START", "2017-01-01", "2017-04-30"),
    ("2017", "MID", "2017-05-01", "2017-08-31"),
    ("2017", "END", "2017-09-01", "2017-12-31"),
    ("2017-SU", None, "2017-06-01", "2017-09-22"),
    ("2017-WI", None, "2017-12-21", "2018-03-20"),
    ("2017-W38", None, "2017-09-18", "2017-09-24"),
    ("2017-W35-WE", None, "2017-09-02", "2017-09-03"),
    ("1998-Q3", None, "1998-07-01", "1998-09-30"),
    ("1998-H2", None, "1998-07-01", "1998-12-31"),
    ("201", None, "2010-01-01", "2019-12-31"),
    ("19", None, "1900-01-01", "1999-12-31"),
    ("2017-08-30T16:50", None, "2017-08-30", "2017-08-30"),
])
def test_interval(value: str, mod: str | None, first: str, last: str) -> None:
    assert interval(value, mod) == (D(first), D(last))


@pytest.mark.parametrize("value", ["XXXX-09", "P8Y", "PRESENT_REF", "2020-WXX", None, ""])
def test_unresolved_values_have_no_interval(value: str | None) -> None:
    assert interval(value) is None


@pytest.mark.parametrize(("day", "amount", "unit", "expected"), [
    ("2020-01-31", 1, "month", "2020-02-29"),
    ("2020-02-29", 1, "year", "2021-02-28"),
    ("2020-04-20", 1, "week", "2020-04-27"),
    ("2020-03-01", -1, "day", "2020-02-29"),
    ("2019-12-31", -12, "month", "2018-12-31"),
])
def test_shift(day: str, amount: int, unit: str, expected: str) -> None:
    assert shift(D(day), amount, unit) == D(expected)


@pytest.mark.parametrize(("value", "expected"), [
    ("2020-04-20", "day"), ("2017-W38", "week"), ("2017-10", "month"), ("2017-SU", "season"),
    ("1998-Q3", "quarter"), ("2017", "year"), ("201", "decade"), ("19", "century"),
    ("XXXX-09", "month"), ("P8Y", "duration"), ("PAST_REF", "ref"), ("1998-08-07T10:00", "time"),
])
def test_granularity(value: str, expected: str) -> None:
    assert granularity(value) == expected


@pytest.mark.parametrize(("day", "unit", "expected"), [
    ("2017-09-18", "week", "2017-W38"), ("2017-09-18", "quarter", "2017-Q3"),
    ("2017-07-04", "season", "2017-SU"), ("2018-01-10", "season", "2017-WI"),
    ("2017-12-14", "decade", "201"), ("2017-08-26", "weekend", "2017-W34-WE"),
])
def test_truncate(day: str, unit: str, expected: str) -> None:
    assert truncate(D(day), unit) == expected
