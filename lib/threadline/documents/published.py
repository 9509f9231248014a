"""The one parsing path for publication dates given as metadata (a table's `published` column,
a sidecar's, an HTML meta tag): each value becomes a TIMEX3 value, or null with the reason it
is not a date. Nothing here raises on a bad value.

    ISO forms        "2017-12-14", "2017-12-14T09:30:00Z", "2017-12", "2017", "2017-W35";
                     validated: "2020-13", "2020-00", "0000", "2020-W99", "2017-02-31" are not
                     dates (month 13, month 0, year 0, week 99, 31 February)
    numeric d/m/y    "14/12/2017", "12/14/17", "14.12.2017": the column decides the order (a
                     value whose first number is over 12 is day-first, whose second is, is
                     month-first); a column that never decides is read month-first, as
                     English-language feeds write it, and the evidence says so; a two-digit year
                     is 19YY from the pivot of ``documents/dct.yaml`` up, else 20YY
    month and year   "December 2017", "Dec. 2017" -> "2017-12"
    anything else    dateparser, strict (day, month and year written), never the clock
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import dateparser
import polars as pl

from threadline.documents.dct import dct_config

#: dateparser never reads the clock here: strict parsing needs day, month and year, and any
#: relative expression is resolved against this fixed base (and then rejected as not written).
_DATEPARSER = {
    "STRICT_PARSING": True,
    "RELATIVE_BASE": dt.datetime(2000, 1, 1),
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_ISO_DAY = r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$"
_ISO = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})(?:[T ].*)?)?|-W(?P<week>\d{2}))?"
)
_NUMERIC = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})")
_MONTH_YEAR = re.compile(r"(?P<month>[A-Za-z]{3,9})\.?,? (?P<year>\d{4})")
#: A value longer than this is not a date (a pasted paragraph): refused before any parsing.
MAX_CHARS = 100


def _weeks(year: int) -> int:
    """ISO weeks in `year` (52 or 53): 28 December always falls in the last week."""
    return dt.date(year, 12, 28).isocalendar()[1]


def _iso(m: re.Match) -> tuple[str | None, str]:
    """The TIMEX3 value of an ISO-shaped value, or None and why it is not a date."""
    year, month, day, week = (m.group(k) for k in ("year", "month", "day", "week"))
    if int(year) == 0:
        return None, "year 0000 does not exist"
    if week is not None:
        n = _weeks(int(year))
        if not 1 <= int(week) <= n:
            return None, f"ISO week {week} does not exist ({year} has weeks 01 to {n})"
        return f"{year}-W{week}", ""
    if month is not None and not 1 <= int(month) <= 12:
        return None, f"month {month} does not exist"
    if day is not None:
        return _day(int(year), int(month), int(day))
    return (f"{year}-{month}" if month else year), ""


def _day(year: int, month: int, day: int) -> tuple[str | None, str]:
    try:
        return dt.date(year, month, day).isoformat(), ""
    except ValueError:
        if not 1 <= month <= 12:
            return None, f"month {month:02d} does not exist"
        return None, f"day {day:02d} does not exist in {year:04d}-{month:02d}"


def _century(two: str, language: str) -> int:
    """A two-digit year expanded around the DCT rules' pivot ("17" -> 2017, "98" -> 1998)."""
    pivot = dct_config(language).pivot
    return int(two) + (1900 if int(two) >= pivot else 2000)


def _numeric(m: re.Match, order: str | None, language: str) -> tuple[str | None, str]:
    """A d/m/y or m/d/y value read in the column's `order` (see `column_order`); a value that
    decides itself (a number over 12) is read its own way. An ambiguous value read by the
    column's order says so in the second item."""
    a, b, year = int(m.group("a")), int(m.group("b")), m.group("year")
    y = int(year) if len(year) == 4 else _century(year, language)
    if y == 0:
        return None, "year 0000 does not exist"
    note = ""
    if a > 12 >= b or b > 12 >= a:
        order = "dmy" if a > 12 else "mdy"
    elif a == b:
        order = "mdy"
    elif order is None:
        return None, "day and month are ambiguous and the column mixes both orders"
    else:
        note = {
            "dmy": "ambiguous, read day first like the column's other values",
            "mdy": "ambiguous, read month first like the column's other values",
            "mdy?": "ambiguous, read month first as English-language feeds write it",
        }[order]
    day, month = (a, b) if order == "dmy" else (b, a)
    value, why = _day(y, month, day)
    return value, why or note


def column_order(raws: list[str]) -> str | None:
    """The order of the numeric dates of one column: "dmy" or "mdy" when a value decides it,
    "mdy?" when none does, None when values of both orders appear.

    >>> column_order(["14/12/2017", "03/04/2017"]), column_order(["03/04/2017"])
    ('dmy', 'mdy?')
    """
    pairs = [(int(m.group("a")), int(m.group("b"))) for r in raws if (m := _NUMERIC.fullmatch(r))]
    day_first = any(a > 12 >= b for a, b in pairs)
    month_first = any(b > 12 >= a for a, b in pairs)
    if day_first and month_first:
        return None
    return "dmy" if day_first else "mdy" if month_first else "mdy?"


@functools.lru_cache(maxsize=65536)
def parse_one(
    raw: str, order: str | None = "mdy?", language: str = "en"
) -> tuple[str | None, str]:
    """(TIMEX3 value, "") of one published value, or (None, why it is not a date).

    >>> parse_one("2020-13")
    (None, 'month 13 does not exist')
    >>> parse_one("12/14/17"), parse_one("Dec 14, 2017"), parse_one("December 2017")
    (('2017-12-14', ''), ('2017-12-14', ''), ('2017-12', ''))
    """
    raw = raw.strip()
    if not raw:
        return None, ""  # as good as missing
    if len(raw) > MAX_CHARS:
        return None, f"{len(raw)} characters is too long for a date"
    if m := _ISO.fullmatch(raw):
        return _iso(m)
    if m := _NUMERIC.fullmatch(raw):
        return _numeric(m, order, language)
    months = dct_config(language).months
    if (m := _MONTH_YEAR.fullmatch(raw)) and m.group("month").lower() in months:
        return _iso(_ISO.fullmatch(f"{m.group('year')}-{months[m.group('month').lower()]:02d}"))
    try:
        when = dateparser.parse(raw, languages=[language], settings=_DATEPARSER)
    except (ValueError, OverflowError, TypeError, RecursionError):
        when = None
    if when is None:
        return None, "not a date with day, month and year written"
    if f"{when.year % 100:02d}" not in raw:  # "yesterday": resolved against the fixed base
        return None, "a relative expression names no year"
    two = f"{when.year % 100:02d}"
    year = when.year if re.search(r"\d{3,4}", raw) else _century(two, language)
    return _day(year, when.month, when.day)


def parse_published(values: pl.Series, language: str = "en") -> pl.DataFrame:
    """Published values -> a frame of `value` (TIMEX3 or null) and `reason` (why a value is not
    a date, or how an ambiguous one was read; else null), row for row.

    >>> rows = parse_published(pl.Series(["2017-09-25T22:15:00Z", "2020-W99", None])).rows()
    >>> rows[0], rows[2]
    (('2017-09-25', None), (None, None))
    >>> rows[1]
    (None, 'ISO week 99 does not exist (2020 has weeks 01 to 53)')
    """
    day = pl.col("s").str.extract(_ISO_DAY, 1)
    valid = day.str.to_date("%Y-%m-%d", strict=False).is_not_null() & ~day.str.starts_with("0000")
    fast = pl.when(valid).then(day)
    frame = pl.DataFrame({"s": values.cast(pl.String).str.strip_chars()}).with_columns(
        fast.alias("fast")
    )
    rest = frame.filter(pl.col("fast").is_null() & pl.col("s").is_not_null())["s"].unique()
    raws = rest.to_list()
    order = column_order(raws)
    parsed = {raw: parse_one(raw, order, language) for raw in raws}
    slow_value = {k: v for k, (v, _) in parsed.items()}
    slow_reason = {k: (why or None) for k, (_, why) in parsed.items()}
    col = pl.col("s")
    return frame.select(
        pl.coalesce("fast", col.replace_strict(slow_value, default=None, return_dtype=pl.String))
        .alias("value"),
        pl.when(pl.col("fast").is_null())
        .then(col.replace_strict(slow_reason, default=None, return_dtype=pl.String))
        .alias("reason"),
    )


def normalise_published(values: pl.Series, language: str = "en") -> pl.Series:
    """Published values -> TIMEX3 values (null where a value is not a date; see
    `parse_published` for the reasons).

    >>> values = pl.Series(["2017-09-25T22:15:00Z", "2017-09", "Dec 14, 2017", "soon", "0000"])
    >>> normalise_published(values).to_list()
    ['2017-09-25', '2017-09', '2017-12-14', None, None]
    """
    return parse_published(values, language)["value"].alias(values.name)

