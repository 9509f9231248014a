"""Values of underspecified expressions against one anchor, per kind of `Spec`: a partial
date takes the year nearest its anchor, a shift moves it, "this"/"next" names its unit, a
season or a weekday is found around it. Pure functions of (spec, anchor); dates before the
common era are computed on proxy years (`threadline.timex.era`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from threadline.timex import era
from threadline.timex.spec import Spec, calendar_value
from threadline.timex.values import granularity, interval, shift

ORDER = {"time": 0, "day": 1, "week": 2, "month": 3, "season": 4, "quarter": 4, "half": 5,
          "year": 6, "decade": 7, "century": 8}
_COARSER = {"day": "month", "week": "month", "month": "year", "quarter": "year",
            "year": "decade", "decade": "century", "hour": "day", "minute": "day",
            "second": "day", "season": "year"}
FINE = ("time", "day", "week", "month")
#: In news, a later candidate year counts this many times its distance ("in March" said in
#: August is this year's March; said in January, last year's).
PAST_BIAS = 2.5


@dataclass(frozen=True)
class Anchor:
    """A resolved date that others can be resolved against."""

    value: str
    start: dt.date
    end: dt.date
    gran: str
    ref: str  # "dct" or the mention_id


def make_anchor(value: str | None, ref: str) -> Anchor | None:
    """An Anchor from a resolved value (None when the value has no calendar interval).

    >>> make_anchor("2017-W35", "dct").start
    datetime.date(2017, 8, 28)
    """
    span = era.interval(value) if value and value.startswith("BC") else interval(value)
    if span is None or value is None:
        return None
    return Anchor(value, span[0], span[1], granularity(value.split("T")[0]) or "day", ref)


def _gap(a: tuple[dt.date, dt.date], b: Anchor) -> int:
    if a[1] < b.start:
        return (b.start - a[1]).days
    if a[0] > b.end:
        return (a[0] - b.end).days
    return 0


def _nth_weekday(year: int, spec: Spec) -> str:
    """The day of a floating holiday (the n-th weekday of a month) in `year`."""
    month, weekday, n = spec.nth  # type: ignore[misc]
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    return day.isoformat()


def partial_value(spec: Spec, a: Anchor, label: str, when: str,
                  limit: dt.date | None) -> str | None:
    """Fill the missing year of a partial date from anchor `a` (`when`: the clause's tense)."""
    future = when == "future"
    def value(year: int) -> str:
        if spec.nth:
            return _nth_weekday(year, spec)
        base = calendar_value(year, spec.month, spec.day, spec.season, spec.quarter,
                              half=spec.half)
        return base + (spec.time or "")

    if ORDER[a.gran] >= ORDER["decade"]:
        return None
    if spec.season and label == "narrative" and spec.offset is None:
        return value(a.start.year)  # a story's "the winter": the winter of its current year
    if ORDER[a.gran] >= ORDER["season"]:
        span = interval(value(a.start.year).split("T")[0])
        late = future and limit is not None and span is not None and span[1] < limit
        return value(a.start.year + 1 if late else a.start.year)
    cands = [(y, interval(value(y).split("T")[0])) for y in (a.start.year - 1, a.start.year,
                                                              a.start.year + 1)]
    cands = [(y, s) for y, s in cands if s is not None]
    if spec.offset is not None and spec.offset < 0:  # "last April"
        pick = [y for y, s in cands if s[1] < a.start]
        return value(pick[-1]) if pick else None
    if spec.offset is not None and spec.offset > 0:  # "next January"
        pick = [y for y, s in cands if s[0] > a.end]
        return value(pick[0]) if pick else None
    if spec.offset == 0:
        return value(a.start.year)
    if label == "dct" and future:
        pick = [y for y, s in cands if s[1] >= a.start]
        return value(pick[0]) if pick else None
    if future and limit is not None:  # news in the future tense: not before the publication
        cands = [(y, s) for y, s in cands if s[1] >= limit] or cands
    # the nearest year; in news, one after the publication date (`limit`) counts PAST_BIAS
    # times its distance (without a future cue, news reports the past), twice that in a past
    # tense clause (which may still announce a date set ahead: "announced elections for
    # December")
    bias = PAST_BIAS * (2 if when == "past" else 1)

    def score(c: tuple[int, tuple[dt.date, dt.date]]) -> float:
        late = limit is not None and c[1][0] > limit
        return _gap(c[1], a) * (bias if late else 1)

    return value(min(cands, key=score)[0])


def reported_quarter(a: Anchor) -> Anchor:
    """The quarter a report written at `a` speaks of: the last completed one (TimeBank's
    "the quarter", "the year-ago quarter" in a results story)."""
    if a.gran not in FINE:
        return a
    value = era.truncate(shift(a.start, -3, "month"), "quarter")
    return make_anchor(value, a.ref) or a


def shift_value(spec: Spec, a: Anchor, keep: bool = False) -> str | None:
    """Move anchor `a` by the spec's units; `keep`: at the anchor's precision (a story's date
    "a year earlier"), else at the unit's ("two weeks ago": a week) or the words' (`spec.gran`)."""
    unit, n = spec.unit or "day", spec.offset
    if n is None:  # "a few days later": keep the reference at a coarser precision
        target = _COARSER.get(unit, "year")
        return a.value if ORDER[a.gran] >= ORDER[target] else era.truncate(a.start, target)
    if unit in ("hour", "minute", "second"):
        return era.truncate(a.start, "day") if a.gran in ("day", "time") else None
    if unit in ("decade", "century", "quarter"):
        n, unit_gran, unit = n * {"decade": 10, "century": 100, "quarter": 3}[unit], unit, (
            "year" if unit != "quarter" else "month")
    else:
        unit_gran = unit
    if ORDER[a.gran] > ORDER.get(unit_gran, 6) or not float(n).is_integer():
        return None
    day = shift(a.start, int(n), unit)
    if keep or (a.gran == "quarter" and unit_gran == "year"):
        gran = "day" if a.gran == "time" else a.gran
    else:
        gran = {"decade": "year", "century": "year"}.get(unit_gran, unit_gran)
    if spec.gran and ORDER.get(gran, 0) < ORDER[spec.gran]:
        gran = spec.gran
    value = era.truncate(day, gran if gran in ORDER and gran != "time" else "day")
    return value + (spec.time or "")


def this_value(spec: Spec, a: Anchor, future: bool, label: str) -> str | None:
    unit, off = spec.unit or "year", int(spec.offset or 0)
    if unit == "quarter" and spec.offset is None and label == "dct" and not future:
        off = -1  # "the quarter" in a report: the last completed quarter
    if unit == "weekend":
        if a.gran not in ("day", "time", "week"):
            return None
        if off == 0 and a.gran != "week":
            sat = a.start + dt.timedelta(days=(6 - a.start.isoweekday()) % 7)
            if not future and sat > a.start:
                sat -= dt.timedelta(days=7)
            return era.truncate(sat, "weekend")
        return era.truncate(shift(a.start, off, "week"), "weekend")
    if ORDER[a.gran] > ORDER.get(unit, 6):
        return None
    if unit in ("decade", "century"):
        return era.truncate(shift(a.start, off * (10 if unit == "decade" else 100), "year"), unit)
    if spec.month:  # "June last year"
        return f"{shift(a.start, off, 'year').year:04d}-{spec.month:02d}"
    if spec.quarter and unit == "year":  # "last year's fourth quarter"
        return f"{shift(a.start, off, 'year').year:04d}-Q{spec.quarter}"
    if unit == "quarter":
        return era.truncate(shift(a.start, 3 * off, "month"), "quarter")
    return era.truncate(shift(a.start, off, unit), unit)


def season_value(spec: Spec, a: Anchor, future: bool) -> str | None:
    if ORDER[a.gran] > ORDER["year"]:
        return None
    off, year = int(spec.offset or 0), a.start.year
    cands = [(f"{y}-{spec.season}", interval(f"{y}-{spec.season}")) for y in
             (year - 2, year - 1, year, year + 1)]
    if off == 0 or ORDER[a.gran] >= ORDER["year"]:
        return f"{year + off}-{spec.season}"
    if off < 0:
        past = [v for v, s in cands if s and s[1] < a.start]
        return past[-1] if past else None
    nxt = [v for v, s in cands if s and s[0] > a.end]
    return nxt[0] if nxt else None


def weekday_value(spec: Spec, a: Anchor, future: bool, label: str, when: str = "") -> str | None:
    """The day a weekday names around anchor `a` (`when`: the clause's tense, "" for no cue).
    Against the publication date a bare weekday is the last such day, the coming one in the
    future tense; with no tense cue at all, the day right after the publication date is the
    coming one (news announces tomorrow's business by its weekday: "the Senate votes
    Tuesday", written on Monday), never the one six days back."""
    if a.gran not in ("day", "time", "week"):
        return None
    pivot, wd = a.start, spec.weekday or 1
    if label == "narrative" and spec.offset is None and a.gran != "week" and not future:
        back = (pivot.isoweekday() - wd) % 7  # the nearest such day to the story's date
        day = pivot - dt.timedelta(days=back) if back <= 3 else pivot + dt.timedelta(7 - back)
    elif a.gran == "week" and spec.offset is None:
        day = pivot - dt.timedelta(days=(pivot.isoweekday() - wd) % 7)
        if future:
            day = pivot + dt.timedelta(days=(wd - pivot.isoweekday()) % 7)
    elif spec.offset == 0:
        day = pivot + dt.timedelta(days=wd - pivot.isoweekday())
    elif spec.offset is not None and spec.offset < 0:
        day = pivot - dt.timedelta(days=(pivot.isoweekday() - wd - 1) % 7 + 1)
    elif (spec.offset or 0) > 0 or future:
        day = pivot + dt.timedelta(days=(wd - pivot.isoweekday() - 1) % 7 + 1)
        if spec.offset is None and future:
            day = pivot + dt.timedelta(days=(wd - pivot.isoweekday()) % 7)
    else:
        back = (pivot.isoweekday() - wd) % 7
        ahead = label == "dct" and spec.offset is None and not when and a.gran != "week"
        day = pivot + dt.timedelta(days=1) if ahead and back == 6 else (
            pivot - dt.timedelta(days=back))
    return day.isoformat() + (spec.time or "")


def template(spec: Spec) -> str:
    """The value with X's that an unanchored spec keeps."""
    if spec.kind == "partial":
        return spec.value or "XXXX"
    if spec.kind == "weekday":
        return f"XXXX-WXX-{spec.weekday}" + (spec.time or "")
    if spec.kind == "season":
        return f"XXXX-{spec.season}"
    if spec.kind == "time":
        return "XXXX-XX-XX" + (spec.time or "")
    unit = spec.unit or "day"
    if unit == "day" and spec.time:  # "tonight" with no anchor keeps its part of day
        return "XXXX-XX-XX" + spec.time
    return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
            "decade": "XXX", "century": "XX"}.get(unit, "XXXX")
