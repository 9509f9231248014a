"""TIMEX3 values <-> day intervals: calendar arithmetic, granularity and truncation.

A resolved DATE value ("2020-04-20", "2017-10", "2017-W38", "2017-SU", "201") denotes an
inclusive interval of days; `interval` computes it (mods START/MID/END narrow it, following the
gold conventions), `shift` moves a day by calendar units, `granularity` names the precision.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

#: Season bounds (month, day) in the northern hemisphere; SU follows the gold README.
SEASONS = {
    "SP": ((3, 21), (5, 31)),
    "SU": ((6, 1), (9, 22)),
    "FA": ((9, 23), (12, 20)),
    "WI": ((12, 21), (3, 20)),
}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
#: The shape of a TIMEX3 value -> its precision (`granularity`), tried in order.
_GRANULARITIES = tuple((re.compile(p), name) for p, name in (
    (r"^[\dX]{4}-[\dX]{2}-[\dX]{2}$", "day"),
    (r"^[\dX]{4}-[\dX]{2}$", "month"),
    (r"^[\dX]{4}-W[\dX]{2}(-WE)?$", "week"),
    (r"^[\dX]{4}-(SP|SU|FA|WI)$", "season"),
    (r"^[\dX]{4}-Q[\dX]$", "quarter"),
    (r"^[\dX]{4}-H[\dX]$", "half"),
    (r"^[\dX]{4}$", "year"),
    (r"^[\dX]{3}$", "decade"),
    (r"^[\dX]{2}$", "century"),
))


def month_end(year: int, month: int) -> int:
    """The last day number of a month.

    >>> month_end(2020, 2)
    29
    """
    return calendar.monthrange(year, month)[1]


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """`day` moved by `amount` units (day, week, month, year); month/year shifts clamp the day.

    >>> shift(dt.date(2020, 1, 31), 1, "month")
    datetime.date(2020, 2, 29)
    """
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    if unit in ("month", "year"):
        months = amount if unit == "month" else 12 * amount
        total = day.year * 12 + (day.month - 1) + months
        year, month = divmod(total, 12)
        month += 1
        return dt.date(year, month, min(day.day, month_end(year, month)))
    raise ValueError(f"shift: unknown unit {unit!r} (expected day, week, month or year)")


def split_interval(first: dt.date, last: dt.date,
                   mod: str | None) -> tuple[dt.date, dt.date]:
    """Narrow [first, last] to its start, middle or end third (mod START, MID, END)."""
    if mod not in ("START", "MID", "END"):
        return first, last
    if first.day == 1 and last.day == month_end(last.year, last.month) and (
        first.year, first.month) == (last.year, last.month):
        bounds = {"START": (1, 10), "MID": (11, 20), "END": (21, last.day)}[mod]
        return first.replace(day=bounds[0]), first.replace(day=bounds[1])
    whole_year = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if whole_year and first.year == last.year:
        months = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]
        y = first.year
        return dt.date(y, months[0], 1), dt.date(y, months[1], month_end(y, months[1]))
    span = (last - first).days + 1
    third = span // 3
    if mod == "START":
        return first, first + dt.timedelta(days=third - 1)
    if mod == "MID":
        return first + dt.timedelta(days=third), last - dt.timedelta(days=third)
    return last - dt.timedelta(days=third - 1), last


def _base_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The interval of an unmodified resolved DATE value, or None."""
    if m := _DAY.match(value):
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := _MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        return dt.date(y, mo, 1), dt.date(y, mo, month_end(y, mo))
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if m := _SEASON.match(value):
        y = int(m[1])
        (m1, d1), (m2, d2) = SEASONS[m[2]]
        return dt.date(y, m1, d1), dt.date(y + (m2 < m1), m2, d2)
    if m := _QUARTER.match(value):
        y, q = int(m[1]), int(m[2])
        return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, month_end(y, 3 * q))
    if m := _HALF.match(value):
        y, h = int(m[1]), int(m[2])
        return dt.date(y, 6 * h - 5, 1), dt.date(y, 6 * h, 30 if h == 1 else 31)
    if m := _YEAR.match(value):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := _DECADE.match(value):
        y = int(m[1]) * 10
        return dt.date(max(y, 1), 1, 1), dt.date(y + 9, 12, 31)
    if m := _CENTURY.match(value):
        y = int(m[1]) * 100
        return dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31)
    return None


@functools.lru_cache(maxsize=1 << 14)
def interval(value: str | None, mod: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The inclusive day interval a resolved TIMEX3 DATE value denotes (None if unresolved).

    >>> interval("2017", "END")
    (datetime.date(2017, 9, 1), datetime.date(2017, 12, 31))
    >>> interval("XXXX-09") is None, interval("BC0480") is None  # no Python date before year 1
    (True, True)
    """
    if not value or "X" in value or value.startswith("P") or value.endswith("REF"):
        return None
    try:
        base = _base_interval(value)
    except ValueError:
        return None
    return None if base is None else split_interval(*base, mod)


def span(value: str | None, mod: str | None = None) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, granularity) of a TIMEX3 value, a range "A/B" included (its
    granularity "interval"); a time of day counts as its day. None when it has no calendar span.

    >>> span("2017-W38")
    (datetime.date(2017, 9, 18), datetime.date(2017, 9, 24), 'week')
    >>> span("2014/2017")[:2], span("2020-02", "END")[:2]
    ((datetime.date(2014, 1, 1), datetime.date(2017, 12, 31)), \
(datetime.date(2020, 2, 21), datetime.date(2020, 2, 29)))
    >>> span("XXXX-09") is None
    True
    """
    if value and "/" in value:
        a, b = (span(v) for v in value.split("/", 1))
        return (a[0], b[1], "interval") if a and b else None
    days = interval(value, mod)
    if days is None:
        return None
    unit = granularity(value) or "day"
    return days[0], days[1], "day" if unit == "time" else unit


@functools.lru_cache(maxsize=1 << 14)
def granularity(value: str | None) -> str | None:
    """The precision of a TIMEX3 value: time, day, week, month, season, quarter, half, year...

    >>> granularity("2017-W38"), granularity("201"), granularity("XXXX-09"), granularity("BC048")
    ('week', 'decade', 'month', 'decade')
    """
    if not value:
        return None
    if value.endswith("_REF"):
        return "ref"
    if value.startswith("P"):
        return "duration"
    value = value.removeprefix("BC")  # "BC0480-09": a month before the common era
    if "T" in value:
        return "time"
    for pattern, name in _GRANULARITIES:
        if pattern.match(value):
            return name
    return None


def truncate(day: dt.date, unit: str) -> str:
    """The TIMEX3 value of the `unit` (day, week, month, quarter, half, year, decade...)
    that contains `day`.

    >>> truncate(dt.date(2017, 9, 18), "week"), truncate(dt.date(2017, 9, 18), "quarter")
    ('2017-W38', '2017-Q3')
    """
    if unit == "day":
        return day.isoformat()
    if unit in ("week", "weekend"):
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "half":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if unit == "season":
        for code in ("SP", "SU", "FA"):
            first, last = _base_interval(f"{day.year:04d}-{code}")  # type: ignore[misc]
            if first <= day <= last:
                return f"{day.year:04d}-{code}"
        return f"{day.year - (day.month < 6):04d}-WI"
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    raise ValueError(f"truncate: unknown unit {unit!r}")
