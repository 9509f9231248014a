"""TIMEX3 values as day intervals, and the small date arithmetic events need.

A value keeps its precision: "2017-10" is the whole of October, START/MID/END narrow it to
days 1-10 / 11-20 / 21-end (Jan-Apr / May-Aug / Sep-Dec of a year), as the gold README rules.
Nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_SEASONS = {"SP": ((3, 21), (6, 20)), "SU": ((6, 1), (9, 22)), "FA": ((9, 23), (12, 20)),
            "WI": ((12, 21), (3, 20))}
_UNITS = {"D": "day", "W": "week", "M": "month", "Y": "year"}
#: Words of duration numbers as written ("two weeks", "eight years").
NUMBERS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve"))}


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def value_interval(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, granularity) of a TIMEX3 value, or None when it has no calendar span.

    >>> value_interval("2017-W38")
    (datetime.date(2017, 9, 18), datetime.date(2017, 9, 24), 'week')
    >>> value_interval("2014/2017")[:2]
    (datetime.date(2014, 1, 1), datetime.date(2017, 12, 31))
    >>> value_interval("XXXX-09") is None
    True
    """
    if not value:
        return None
    if "/" in value:
        a, b = (value_interval(v) for v in value.split("/", 1))
        return (a[0], b[1], "interval") if a and b else None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value):
        d = dt.date(*map(int, m.groups()))
        return d, d, "day"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return d, d + dt.timedelta(days=6), "week"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        y, mo = int(m[1]), int(m[2])
        return dt.date(y, mo, 1), dt.date(y, mo, _last_day(y, mo)), "month"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        y = int(m[1])
        (m1, d1), (m2, d2) = _SEASONS[m[2]]
        return dt.date(y, m1, d1), dt.date(y + (m[2] == "WI"), m2, d2), "season"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, _last_day(y, 3 * q)), "quarter"
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        y, h = int(m[1]), int(m[2])
        return (dt.date(y, 1, 1), dt.date(y, 6, 30), "half") if h == 1 else (
            dt.date(y, 7, 1), dt.date(y, 12, 31), "half")
    if m := re.fullmatch(r"(\d{4})", value):
        y = int(value)
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    if m := re.fullmatch(r"(\d{3})", value):
        y = int(value) * 10
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade"
    return None


def apply_mod(start: dt.date, end: dt.date, granularity: str, mod: str | None
              ) -> tuple[dt.date, dt.date]:
    """Narrow [start, end] by a TimeML mod (START, MID, END) for months and years.

    >>> apply_mod(dt.date(2020, 2, 1), dt.date(2020, 2, 29), "month", "END")
    (datetime.date(2020, 2, 21), datetime.date(2020, 2, 29))
    """
    if mod not in ("START", "MID", "END"):
        return start, end
    if granularity == "month":
        bounds = {"START": (1, 10), "MID": (11, 20), "END": (21, end.day)}[mod]
        return start.replace(day=bounds[0]), start.replace(day=bounds[1])
    if granularity == "year":
        m1, m2 = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]
        return dt.date(start.year, m1, 1), dt.date(start.year, m2, _last_day(start.year, m2))
    return start, end


def duration_days(value: str | None) -> int | None:
    """Days in a simple TIMEX3 duration ("P2W" -> 14, "P59D" -> 59); None for others."""
    m = re.fullmatch(r"P(\d+)([DW])", value or "")
    return int(m[1]) * (7 if m[2] == "W" else 1) if m else None


def duration_of_text(text: str) -> tuple[int, str] | None:
    """(number, unit letter) of a written duration: "the past eight years" -> (8, "Y")."""
    m = re.search(r"\b(\d+|" + "|".join(NUMBERS) + r"|a|past|last)\s+(day|week|month|year)s?\b",
                  text, re.IGNORECASE)
    if not m:
        return None
    n = m[1].lower()
    return (1 if n in ("a", "past", "last") else NUMBERS.get(n) or int(n)), m[2][0].upper()


def iso(d: dt.date, granularity: str) -> str:
    """A date written at a granularity: year "2012", month "2012-05", else the day."""
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(
        granularity, d.isoformat())
