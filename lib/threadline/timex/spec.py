"""The underspecified value of a candidate (`Spec`) and the calendar fields behind it.

A `Spec` is what the words alone say: "day 18, month 4, year unknown"; "year 480 BC";
"one week before the reference". `calendar_spec` reads calendar fields (day, month, year,
season, quarter, half, decade, century, era, part of day) from a rule's named groups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from threadline.timex.lexicon import lookup, norm_word, spelled_year


@dataclass(frozen=True)
class Spec:
    """An underspecified TIMEX3 value: the fields the text gives, and how to complete it."""

    type: str
    kind: str  # absolute | partial | shift | this | season | weekday | time | fixed
    value: str | None = None  # complete value (absolute, fixed) or template with X's
    mod: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    quarter: int | None = None
    time: str | None = None  # "T16:50", "TNI"
    unit: str | None = None
    offset: float | None = None  # units to shift, None when unknown ("a few days later")
    weekday: int | None = None
    anchor: str = "deictic"  # deictic | anaphoric | absolute | current (a year before the
    # period of writing: the story's date when it lies in the year of writing, else the dct)
    nth: tuple[int, int, int] | None = None  # (month, iso weekday, n) for floating holidays
    range: tuple[int, int] | None = None
    half: int | None = None  # the half year, 1 or 2
    freq: str | None = None  # SET: how often per period ("2X"), TimeML freq
    quant: str | None = None  # SET: EVERY, EACH ... (TimeML quant)
    definite: bool = False  # "the year" (not "this year"): the story's year in a narrative
    gran: str | None = None  # the precision the words name, if not the anchor's ("the year-ago
    # quarter": a quarter, whatever the precision of the date it is counted from)


def _year(g: dict[str, str]) -> int | None:
    if "year2q" in g:
        return int(g["year2q"])
    if "spelled" in g:
        return spelled_year(g["spelled"])
    if "year" in g:
        return int(g["year"])
    if "bcyear" in g:
        return int(g["bcyear"])
    if "year2" in g:
        y = int(g["year2"])
        return 1900 + y if y >= 50 else 2000 + y
    return None


def clock_time(g: dict[str, str]) -> str | None:
    """The TIMEX3 time part ("T16:50", "TNI") of a clock time or a part of the day."""
    if "hour2" in g:
        g = {"hour": g["hour2"], "minute": g.get("minute2", "0")}
    if "hour" in g:
        hour, minute = int(g["hour"]), int(g.get("minute") or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        return f"T{hour:02d}:{minute:02d}" if hour < 24 else None
    if "part" in g:
        return "T" + lookup("parts_of_day", g["part"], "DT")
    if "noonword" in g:  # TimeML: noon is T12:00, midnight the day's end T24:00
        return "T24:00" if g["noonword"].lower() == "midnight" else "T12:00"
    return None


def calendar_value(year, month=None, day=None, season=None, quarter=None, decade=None,
                   half=None) -> str:
    """A TIMEX3 DATE value from calendar fields; unknown year -> XXXX.

    >>> calendar_value(None, 9), calendar_value(2020, 4, 18), calendar_value(None, decade=199)
    ('XXXX-09', '2020-04-18', '199')
    """
    if decade is not None:
        return f"{decade:03d}"
    y = "XXXX" if year is None else f"{year:04d}"
    if season:
        return f"{y}-{season}"
    if quarter:
        return f"{y}-Q{quarter}"
    if half:
        return f"{y}-H{half}"
    if month is None:
        return y
    return f"{y}-{month:02d}" + ("" if day is None else f"-{day:02d}")


def _month(g: dict[str, str]) -> int | None:
    month = lookup("months", g.get("month"))
    if month is None and g.get("month", "").isdigit():
        month = int(g["month"])
    return month


def _decade_century(g: dict[str, str]) -> tuple[int | None, int | None]:
    """(decade, century) as TIMEX3 digits ("199", "19"), from digits or words."""
    decade = int(g["decade"]) if "decade" in g else None
    if "bcdecade" in g:
        decade = int(g["bcdecade"])
    if "decword" in g:
        decade = 190 + lookup("decade_words", g["decword"])
    century = int(g["century"]) - 1 if "century" in g else None
    if "centword" in g:
        century = lookup("ordinal_words", g["centword"].lower()) - 1
    return decade, century


def nth_weekday(year: int, nth: tuple[int, int, int]) -> int:
    """The day of the month of the n-th ISO weekday of a month (`nth`: month, weekday, n).

    >>> nth_weekday(1990, (11, 4, 4))  # Thanksgiving 1990
    22
    """
    month, weekday, n = nth
    first = dt.date(year, month, 1)
    return 1 + (weekday - first.isoweekday()) % 7 + 7 * (n - 1)


def _holiday(g: dict[str, str]) -> tuple[int, int | None, tuple | None] | None:
    """(month, day, nth) of a named holiday, None if unknown."""
    code = lookup("holidays", g["word"].replace("’", "'"))
    if code is None:
        return None
    parts = [int(x) for x in str(code).split("-")]
    if len(parts) == 3:
        return parts[0], None, (parts[0], parts[1], parts[2])
    return parts[0], parts[1], None


def calendar_spec(rtype: str, g: dict[str, str], fixed: dict) -> Spec | None:
    """The Spec of calendar fields (`g`: a rule's named groups, `fixed`: its fixed fields);
    an era group "BC" makes the value BC ("BC0480-09", "BC047")."""
    year, day = _year(g), int(g["day"]) if "day" in g else None
    if "dayword" in g or "dayword2" in g:  # "March eighth", "the eighth of March"
        day = lookup("day_ordinals", g.get("dayword") or g.get("dayword2"))
        g = {**g, "month": g.get("month") or g["monthw"]}
    month = _month(g)
    season = lookup("seasons", g.get("season") or g.get("season2"))
    quarter = lookup("ordinals", g.get("quarter")) or lookup("quarter_codes", g.get("qcode"))
    half = lookup("halves", g.get("half"))
    bc = lookup("eras", g.get("era")) == "BC"
    decade, century = _decade_century(g)
    mod = lookup("mods", g.get("mod"), fixed.get("mod"))
    if century is not None:
        value = f"{'BC' if bc else ''}{century:02d}"
        return Spec(type=rtype, kind="absolute", value=value, mod=mod, anchor="absolute")
    if (year is not None and year < 1) or (bc and year is None and decade is None):
        return None
    if "what" in g and year is not None and quarter is None:  # "the 1988 quarter": the quarter
        # the report speaks of, in that year (TimeBank)
        return Spec(type=rtype, kind="partial", value=f"{year:04d}-QX", year=year,
                    gran="quarter", anchor=fixed.get("anchor", "anaphoric"))
    offset = lookup("relations", norm_word(g["rel"])) if "rel" in g else None
    nth = None
    if "word" in g:
        found = _holiday(g)
        if found is None:
            return None
        month, day, nth = found
        if nth is not None and year is not None:  # "Thanksgiving 1990": the day is known
            day, nth = nth_weekday(year, nth), None
    if month is not None and day is not None:
        try:
            dt.date(2000, month, day)
        except ValueError:
            return None
    time = clock_time(g)
    value = calendar_value(year, month, day, season, quarter, decade, half)
    if time and day is not None:
        value += time
    if bc:
        value = "BC" + value
    complete = year is not None or decade is not None
    if "wk" in g and day is not None and month is not None:  # "the week of March 6"
        if year is None:
            return Spec(type=rtype, kind="partial", value=value, month=month, day=day,
                        gran="week", anchor=fixed.get("anchor", "anaphoric"))
        week = dt.date(year, month, day).isocalendar()
        return Spec(type=rtype, kind="absolute", value=f"{week[0]:04d}-W{week[1]:02d}",
                    anchor="absolute", gran="week")
    return Spec(
        type="TIME" if time and day is not None else rtype,
        kind="absolute" if complete and nth is None else "partial",
        value=value, mod=mod, year=year, month=month, day=day, season=season,
        quarter=quarter, time=time if day is not None else None, offset=offset,
        anchor="absolute" if complete else fixed.get("anchor", "anaphoric"), nth=nth,
        half=half)
