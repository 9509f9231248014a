"""Candidate -> underspecified value (`Spec`), once per distinct (rule, text) (cached).

A `Spec` is what the words alone say: "day 18, month 4, year unknown"; "one week before the
reference"; "year 2017, mod END". `threadline.timex.resolve` completes it from an anchor.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import dateparser

from threadline.timex.lexicon import fmt_count, lookup, norm_word, number
from threadline.timex.ranges import range_part
from threadline.timex.rules import load, rules_by_id
from threadline.timex.spec import Spec, calendar_spec, calendar_value, clock_time

__all__ = ["Spec", "UNIT_NAMES", "calendar_value", "parse"]

#: Lexicon unit codes -> calendar unit names used by resolution.
UNIT_NAMES = {"D": "day", "W": "week", "WE": "weekend", "M": "month", "Y": "year",
              "DE": "decade", "CE": "century", "Q": "quarter", "H": "hour", "TM": "minute",
              "S": "second", "2W": "fortnight"}
_TIME_UNITS = {"H": "H", "TM": "M", "S": "S"}
#: Fractional counts spill into the next smaller unit: unit -> (letter, smaller, factor).
_HALVES = {"Y": ("Y", "M", 12), "M": ("M", "D", 30), "W": ("W", "D", 7), "D": ("D", "TH", 24),
           "H": ("H", "M", 60), "TM": ("M", "S", 60)}


def _duration(g: dict[str, str], fixed: dict) -> Spec | None:
    code = lookup("units", g.get("unit"), fixed.get("unit"))
    if code is None:
        return None
    n = number(g.get("num"), fixed.get("num"))
    if n is not None and "andhalf" in g:  # "an hour and a half"
        n += 0.5
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
        time = clock_time({"part": part}) if part else None
        return Spec(type="TIME" if time else rtype, kind="shift", unit="day", offset=offset,
                    time=time, anchor="deictic")
    if "part" in g:  # this morning, last night, the next morning
        offset = lookup("relations", g.get("rel", "this"), 0)
        return Spec(type="TIME", kind="shift", unit="day", offset=offset,
                    time=clock_time({"part": g["part"]}), anchor=fixed.get("anchor", "deictic"))
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
                anchor=fixed.get("anchor", "anaphoric"),
                gran="quarter" if g.get("what", "").lower() == "quarter" else None)


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
                month=lookup("months", g.get("month")),
                quarter=lookup("ordinals", g.get("quarter")),
                definite=rel == "the" or bool(fixed.get("definite")))


def _dateparser(g: dict[str, str]) -> Spec | None:
    text = g["numeric"]
    first = int(re.split(r"\D", text)[0])
    order = "DMY" if first > 12 or "." in text else "MDY"  # 28.05.2017: day first
    settings = {"DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RELATIVE_BASE": dt.datetime(2000, 1, 1), "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    d = parsed.date()
    return Spec(type="DATE", kind="absolute", value=d.isoformat(), year=d.year, month=d.month,
                day=d.day, anchor="absolute")


def _set(g: dict[str, str], fixed: dict) -> Spec | None:
    """A TIMEX3 SET: its value (the period, or the calendar unit that recurs), TimeML freq
    ("twice a week": 2X) and quant ("every week": EVERY)."""
    quant = g["quant"].upper() if "quant" in g else fixed.get("quant")
    word = re.sub(r"\s+times$", "", g["times"].lower()) if "times" in g else None
    times = lookup("times", word) or number(word) if word else None
    freq = f"{times}X" if isinstance(times, int) else None
    if "word" in g:
        value = lookup("sets", g["word"])
    elif "month" in g:
        value = calendar_value(None, lookup("months", g["month"]))
    elif "weekday" in g:
        value = f"XXXX-WXX-{lookup('weekdays', g['weekday'])}"
        if "part" in g:  # "Tuesday nights"
            value += "T" + lookup("parts_of_day", g["part"].lower().removesuffix("s"), "DT")
    else:
        spec = _duration(g, fixed)
        value = None if spec is None else spec.value
    if value is None:
        return None
    return Spec(type="SET", kind="fixed", value=value, anchor="none", freq=freq, quant=quant)


@functools.lru_cache(maxsize=65536)
def parse(rule_id: str, groups: tuple[tuple[str, str], ...]) -> Spec | None:
    """The underspecified value of one candidate (`groups`: its named groups), or None.

    >>> parse("day_month", (("day", "18"), ("month", "April")))
    Spec(type='DATE', kind='partial', value='XXXX-04-18', mod=None, year=None, month=4, day=18, \
season=None, quarter=None, time=None, unit=None, offset=None, weekday=None, anchor='anaphoric', \
nth=None, range=None, half=None, freq=None, quant=None, definite=False, gran=None)
    """
    rule = rules_by_id()[rule_id]
    g, fixed, rtype = dict(groups), rule.fixed, rule.type
    if "part" in g and rule_id in load().ranges:
        return range_part(rtype, g, fixed)
    if rule.norm == "calendar":
        return calendar_spec(rtype, g, fixed)
    if rule.norm == "duration":
        return _duration(g, fixed)
    if rule.norm == "relative":
        return _relative(rtype, g, fixed)
    if rule.norm == "this":
        return _this(rtype, g, fixed)
    if rule.norm == "weekday":
        rel = g.get("rel", "").lower()
        time = clock_time({"part": g["part"]}) if "part" in g else None
        if "noon" in g:  # "noon Thursday", "midnight Friday" (TimeML: T12:00, T24:00)
            time = "T12:00" if g["noon"].lower() == "noon" else "T24:00"
        return Spec(type="TIME" if time else rtype, kind="weekday", time=time,
                    weekday=lookup("weekdays", g["weekday"]),
                    offset=lookup("relations", rel) if rel else None, anchor="deictic")
    if rule.norm == "fixed":  # PRESENT_REF ... refer to the time of writing; a bare part of
        anchor = "none" if fixed.get("anchor") == "none" else "dct"  # the day to no time
        return Spec(type=rtype, kind="fixed", value=fixed["value"], anchor=anchor)
    if rule.norm == "set":
        return _set(g, fixed)
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
                        time=clock_time(g), anchor="deictic")
        return Spec(type="TIME", kind="time", time=clock_time(g),
                    anchor=fixed.get("anchor", "deictic"))
    if rule.norm == "dateparser":
        return _dateparser(g)
    return None
