"""Candidate -> underspecified value (`Spec`), once per distinct (rule, text) (cached).

A `Spec` is what the words alone say: "day 18, month 4, year unknown"; "one week before the
reference"; "year 2017, mod END". `threadline.timex.resolve` completes it from an anchor.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import dateparser

from threadline.timex.lexicon import fmt_count, lookup, norm_word, number, spelled_year
from threadline.timex.rules import load

#: Lexicon unit codes -> calendar unit names used by resolution.
UNIT_NAMES = {"D": "day", "W": "week", "WE": "weekend", "M": "month", "Y": "year",
              "DE": "decade", "CE": "century", "Q": "quarter", "H": "hour", "TM": "minute",
              "S": "second", "2W": "fortnight"}
_TIME_UNITS = {"H": "H", "TM": "M", "S": "S"}
#: Fractional counts spill into the next smaller unit: unit -> (letter, smaller, factor).
_HALVES = {"Y": ("Y", "M", 12), "M": ("M", "D", 30), "W": ("W", "D", 7), "D": ("D", "TH", 24),
           "H": ("H", "M", 60), "TM": ("M", "S", 60)}


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
    anchor: str = "deictic"  # deictic | anaphoric | absolute
    nth: tuple[int, int, int] | None = None  # (month, iso weekday, n) for floating holidays
    range: tuple[int, int] | None = None


def _year(g: dict[str, str]) -> int | None:
    if "year2q" in g:
        return int(g["year2q"])
    if "spelled" in g:
        return spelled_year(g["spelled"])
    if "year" in g:
        return int(g["year"])
    if "year2" in g:
        y = int(g["year2"])
        return 1900 + y if y >= 50 else 2000 + y
    return None


def _time(g: dict[str, str]) -> str | None:
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
    return None


def calendar_value(year, month=None, day=None, season=None, quarter=None, decade=None) -> str:
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
    if month is None:
        return y
    return f"{y}-{month:02d}" + ("" if day is None else f"-{day:02d}")


def _calendar(rtype: str, g: dict[str, str], fixed: dict) -> Spec | None:
    year, day = _year(g), int(g["day"]) if "day" in g else None
    month = lookup("months", g.get("month"))
    if month is None and g.get("month", "").isdigit():
        month = int(g["month"])
    season = lookup("seasons", g.get("season") or g.get("season2"))
    quarter = lookup("ordinals", g.get("quarter"))
    decade = int(g["decade"]) if "decade" in g else None
    if "decword" in g:
        decade = 190 + lookup("decade_words", g["decword"])
    century = int(g["century"]) - 1 if "century" in g else None
    if "centword" in g:
        word = g["centword"].lower()
        century = lookup("ordinal_words", word) - 1
    if century is not None:
        return Spec(type=rtype, kind="absolute", value=f"{century:02d}", mod=lookup(
            "mods", g.get("mod")), anchor="absolute")
    mod = lookup("mods", g.get("mod"), fixed.get("mod"))
    offset = lookup("relations", g["rel"].lower()) if "rel" in g else None
    nth = None
    if "word" in g:
        code = lookup("holidays", g["word"].replace("’", "'"))
        if code is None:
            return None
        parts = [int(x) for x in str(code).split("-")]
        if len(parts) == 3:
            month, nth = parts[0], (parts[0], parts[1], parts[2])
        else:
            month, day = parts
    if month is not None and day is not None:
        try:
            dt.date(2000, month, day)
        except ValueError:
            return None
    time = _time(g)
    value = calendar_value(year, month, day, season, quarter, decade)
    if time and day is not None:
        value += time
    complete = year is not None or decade is not None
    return Spec(
        type="TIME" if time and day is not None else rtype,
        kind="absolute" if complete and nth is None else "partial",
        value=value, mod=mod, year=year, month=month, day=day, season=season,
        quarter=quarter, time=time if day is not None else None, offset=offset,
        anchor="absolute" if complete else fixed.get("anchor", "anaphoric"), nth=nth)


def _duration(g: dict[str, str], fixed: dict) -> Spec | None:
    code = lookup("units", g.get("unit"), fixed.get("unit"))
    if code is None:
        return None
    n = number(g.get("num"), fixed.get("num"))
    count = "X" if n is None else fmt_count(n)
    if code == "2W":
        code, count = "W", "X" if n is None else fmt_count(2 * n)
    if code == "WE":
        code, count = "D", "X" if n is None else fmt_count(2 * n)
    if code == "Q" and n is not None:
        code, count = "M", fmt_count(3 * n)
    value = f"PT{count}{_TIME_UNITS[code]}" if code in _TIME_UNITS else f"P{count}{code}"
    if n is not None and not float(n).is_integer() and code in _HALVES:
        big, small, factor = _HALVES[code]
        spill = fmt_count((n % 1) * factor)
        value = value.replace(f"{count}{big}", f"{int(n)}{big}{spill}{small}")
    mod = lookup("duration_mods", g.get("dmod"), fixed.get("mod"))
    # "the past three years", "the next few days": a span that ends or starts now
    anchor = "dct" if lookup("relations", g.get("rel")) in (-1, 1) else "none"
    return Spec(type="DURATION", kind="fixed", value=value, mod=mod, anchor=anchor)


def _relative(rtype: str, g: dict[str, str], fixed: dict) -> Spec | None:
    if "word" in g:  # today, yesterday, tomorrow, tonight
        word = g["word"].lower()
        offset = lookup("day_words", word) + lookup("directions", g.get("before"), 0)
        part = g.get("part") or ("night" if word == "tonight" else None)
        time = _time({"part": part}) if part else None
        return Spec(type="TIME" if time else rtype, kind="shift", unit="day", offset=offset,
                    time=time, anchor="deictic")
    if "part" in g:  # this morning, last night, the next morning
        offset = lookup("relations", g.get("rel", "this"), 0)
        return Spec(type="TIME", kind="shift", unit="day", offset=offset,
                    time=_time({"part": g["part"]}), anchor=fixed.get("anchor", "deictic"))
    code = lookup("units", g.get("unit") or g.get("units"), fixed.get("unit"))
    unit = UNIT_NAMES.get(code or "", fixed.get("unit"))
    if unit is None:
        return None
    n = None if "units" in g else number(g.get("num"), fixed.get("num"))
    if unit == "fortnight":
        unit, n = "week", None if n is None else 2 * n
    if unit == "weekend":
        unit = "week"
    direction = lookup("directions", g.get("dir") or g.get("dir2"), fixed.get("offset", 1))
    return Spec(type=rtype, kind="shift", unit=unit, offset=None if n is None else n * direction,
                anchor=fixed.get("anchor", "anaphoric"))


def _this(rtype: str, g: dict[str, str], fixed: dict) -> Spec | None:
    rel = norm_word(g.get("rel", "this"))
    offset = lookup("relations", rel, lookup("anaphoric_relations", rel, 0))
    if fixed.get("unit") == "quarter" and lookup("open_relations", rel) is not None:
        offset = None  # "the quarter": the current one, or the last completed one in news
    anchor = fixed.get("anchor", "deictic")
    if lookup("anaphoric_relations", rel) is not None:
        anchor = "anaphoric"
    elif fixed.get("unit") == "quarter" and rel in ("latest", "most recent", "recent"):
        anchor = "deictic"  # the latest quarter as of writing, never one still to come
    mod = lookup("mods", g.get("mod"), fixed.get("mod"))
    if "season" in g:
        season = lookup("seasons", g["season"])
        return Spec(type=rtype, kind="season", season=season, offset=offset, mod=mod,
                    anchor=anchor)
    code = lookup("units", g.get("unit"), None)
    unit = UNIT_NAMES.get(code) if code else fixed.get("unit")
    return Spec(type=rtype, kind="this", unit=unit, offset=offset, mod=mod, anchor=anchor,
                month=lookup("months", g.get("month")))


def _dateparser(g: dict[str, str]) -> Spec | None:
    text = g["numeric"]
    first = int(re.split(r"\D", text)[0])
    order = "DMY" if first > 12 else "MDY"
    settings = {"DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RELATIVE_BASE": dt.datetime(2000, 1, 1), "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    d = parsed.date()
    return Spec(type="DATE", kind="absolute", value=d.isoformat(), year=d.year, month=d.month,
                day=d.day, anchor="absolute")


@functools.lru_cache(maxsize=65536)
def parse(rule_id: str, groups: tuple[tuple[str, str], ...]) -> Spec | None:
    """The underspecified value of one candidate (`groups`: its named groups), or None.

    >>> parse("day_month", (("day", "18"), ("month", "April")))
    Spec(type='DATE', kind='partial', value='XXXX-04-18', mod=None, year=None, month=4, day=18, \
season=None, quarter=None, time=None, unit=None, offset=None, weekday=None, anchor='anaphoric', \
nth=None, range=None)
    """
    rule = next(r for r in load().rules if r.id == rule_id)
    g, fixed, rtype = dict(groups), rule.fixed, rule.type
    if rule.norm == "calendar":
        return _calendar(rtype, g, fixed)
    if rule.norm == "duration":
        return _duration(g, fixed)
    if rule.norm == "relative":
        return _relative(rtype, g, fixed)
    if rule.norm == "this":
        return _this(rtype, g, fixed)
    if rule.norm == "weekday":
        rel, time = g.get("rel", "").lower(), _time({"part": g["part"]}) if "part" in g else None
        if "noon" in g:  # "noon Thursday", "midnight Friday" (TimeML: T12:00, T24:00)
            time = "T12:00" if g["noon"].lower() == "noon" else "T24:00"
        return Spec(type="TIME" if time else rtype, kind="weekday", time=time,
                    weekday=lookup("weekdays", g["weekday"]),
                    offset=lookup("relations", rel) if rel else None, anchor="deictic")
    if rule.norm == "fixed":
        return Spec(type=rtype, kind="fixed", value=fixed["value"], anchor="dct")
    if rule.norm == "set":
        if "word" in g:
            return Spec(type="SET", kind="fixed", value=lookup("sets", g["word"]), anchor="none")
        if "month" in g:
            return Spec(type="SET", kind="fixed", anchor="none",
                        value=calendar_value(None, lookup("months", g["month"])))
        spec = _duration(g, fixed)
        return None if spec is None else Spec(type="SET", kind="fixed", value=spec.value,
                                              anchor="none")
    if rule.norm == "range":
        first, end = int(g["year"]), g["year_end"]
        last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
        if last <= first or last - first > 100:
            return None
        return Spec(type="DURATION", kind="fixed", value=f"P{last - first + 1}Y",
                    anchor="absolute", range=(first, last))
    if rule.norm == "clock":
        if "weekday" in g:
            return Spec(type="TIME", kind="weekday", weekday=lookup("weekdays", g["weekday"]),
                        time=_time(g), anchor="deictic")
        return Spec(type="TIME", kind="time", time=_time(g), anchor=fixed.get("anchor", "deictic"))
    if rule.norm == "dateparser":
        return _dateparser(g)
    return None
