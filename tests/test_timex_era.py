"""Dates before the common era on proxy years: the proxy calendar is the BC year's own (leap
years included), shifts count BC years backwards, and BC values round-trip to intervals."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from threadline.timex import era
from threadline.timex.values import granularity, shift

PROPERTY = settings(max_examples=200, deadline=None)
BC_YEARS = st.integers(min_value=1, max_value=era.MAX_BC)


def _astronomical_leap(bc: int) -> bool:
    """Leap years of the proleptic Gregorian calendar, BC year N being astronomical 1 - N."""
    year = 1 - bc
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@PROPERTY
@given(bc=BC_YEARS)
def test_era_proxy_year_keeps_the_leap_years(bc: int) -> None:
    proxy = era.proxy_year(bc)
    assert era.bc_year(proxy) == bc
    assert proxy >= era.FIRST_PROXY
    assert calendar.isleap(proxy) == _astronomical_leap(bc)


@PROPERTY
@given(bc=BC_YEARS, years=st.integers(min_value=-400, max_value=400))
def test_era_year_shift_counts_bc_years_backwards(bc: int, years: int) -> None:
    if not 1 <= bc - years <= era.MAX_BC:
        return
    day = shift(dt.date(era.proxy_year(bc), 6, 15), years, "year")
    assert era.truncate(day, "year") == f"BC{bc - years:04d}"


@pytest.mark.parametrize(("value", "first_bc", "last_bc", "gran"), [
    ("BC0480", 480, 480, "year"),
    ("BC0480-09", 480, 480, "month"),
    ("BC0481-FA", 481, 481, "season"),
    ("BC047", 479, 470, "decade"),  # the 470s BC
    ("BC03", 400, 301, "century"),  # the 4th century BC
    ("BC00", 100, 1, "century"),  # the 1st century BC
])
def test_era_interval_of_bc_values(value: str, first_bc: int, last_bc: int, gran: str) -> None:
    first, last = era.interval(value)
    assert (era.bc_year(first.year), era.bc_year(last.year)) == (first_bc, last_bc)
    assert first <= last
    assert granularity(value) == gran


@pytest.mark.parametrize(("bc", "unit", "expected"), [
    (485, "decade", "BC048"), (480, "decade", "BC048"), (489, "decade", "BC048"),
    (400, "century", "BC03"), (301, "century", "BC03"), (300, "century", "BC02"),
    (480, "month", "BC0480-06"), (480, "day", "BC0480-06-15"),
])
def test_era_truncate_names_bc_units(bc: int, unit: str, expected: str) -> None:
    assert era.truncate(dt.date(era.proxy_year(bc), 6, 15), unit) == expected


@pytest.mark.parametrize("value", ["1941-09", "2017-W38", "PAST_REF", "XXXX-09", "201"])
def test_era_leaves_common_era_values_alone(value: str) -> None:
    assert era.from_proxy(value) == value
    assert era.interval(value) is None
