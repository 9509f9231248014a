"""Complete underspecified values (`Spec`) per document, in text order, from an anchor.

News: deictic expressions ("last week", "Monday") anchor to the publication date (dct),
anaphoric ones ("a week later", "On 18 April") to the story's current reference time (the
last resolved date mention), else the dct. Narrative: the reference time wins for everything
but "this year"-like names of the writer's own year. A year without its year ("March") takes
the year nearest its anchor; in news a year after the publication date needs a future cue.
Nothing reads the clock: with no anchor, values keep their X's and the reason says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from threadline.timex import era
from threadline.timex.parse import Spec, calendar_value
from threadline.timex.rules import load
from threadline.timex.values import granularity, interval, shift

_ORDER = {"time": 0, "day": 1, "week": 2, "month": 3, "season": 4, "quarter": 4, "half": 5,
          "year": 6, "decade": 7, "century": 8}
_COARSER = {"day": "month", "week": "month", "month": "year", "quarter": "year",
            "year": "decade", "decade": "century", "hour": "day", "minute": "day",
            "second": "day", "season": "year"}
_FINE = ("time", "day", "week", "month")
#: In news, a later candidate year counts this many times its distance ("in March" said in
#: August is this year's March; said in January, last year's).
PAST_BIAS = 2.5
#: In news, a date without its year follows the story's reference date only while that date
#: lies within this many years of the publication date; a background date further back
#: ("NATO, founded in 1949 ... in April") leaves the year to the publication date (HeidelTime).
STORY_YEARS = 1
#: Characters before and after an expression in which a future cue counts.
FUTURE_BEFORE, FUTURE_AFTER = 30, 0


@dataclass(frozen=True)
class Anchor:
    """A resolved date that others can be resolved against."""

    value: str
    start: dt.date
    end: dt.date
    gran: str
    ref: str  # "dct" or the mention_id


@dataclass(frozen=True)
class Resolved:
    """A completed mention value with its provenance."""

    type: str
    value: str
    mod: str | None
    anchor: str
    anchor_ref: str | None
    reason: str
    freq: str | None = None  # SET only (TimeML freq, quant)
    quant: str | None = None


def make_anchor(value: str | None, ref: str) -> Anchor | None:
    """An Anchor from a resolved value (None when the value has no calendar interval).

    >>> make_anchor("2017-W35", "dct").start
    datetime.date(2017, 8, 28)
    """
    span = era.interval(value) if value and value.startswith("BC") else interval(value)
    if span is None or value is None:
        return None
    return Anchor(value, span[0], span[1], granularity(value.split("T")[0]) or "day", ref)


def is_future(sentence: str, start: int = 0, end: int | None = None) -> bool:
    """Whether the clause around sentence[start:end] speaks of the future (a FUTURE_CUE of the
    lexicon: will, is expected to ...) within FUTURE_BEFORE characters back, FUTURE_AFTER ahead.

    >>> is_future("Talks will resume on Thursday."), is_future("Talks resumed on Thursday.")
    (True, False)
    >>> is_future("The offer had been scheduled to expire Friday.")
    False
    """
    end = len(sentence) if end is None else end
    cue = load().future_cue
    return bool(cue.search(sentence[max(0, start - FUTURE_BEFORE) : end + FUTURE_AFTER]))


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


def _partial(spec: Spec, a: Anchor, label: str, future: bool,
             limit: dt.date | None) -> str | None:
    """Fill the missing year of a partial date from anchor `a`."""
    def value(year: int) -> str:
        if spec.nth:
            return _nth_weekday(year, spec)
        base = calendar_value(year, spec.month, spec.day, spec.season, spec.quarter,
                              half=spec.half)
        return base + (spec.time or "")

    if _ORDER[a.gran] >= _ORDER["decade"]:
        return None
    if _ORDER[a.gran] >= _ORDER["season"]:
        return value(a.start.year)
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
    # the nearest year; in news, one after the publication date (`limit`) counts PAST_BIAS
    # times its distance (without a future cue, news reports the past)
    def score(c: tuple[int, tuple[dt.date, dt.date]]) -> float:
        late = limit is not None and c[1][0] > limit
        return _gap(c[1], a) * (PAST_BIAS if late else 1)

    return value(min(cands, key=score)[0])


def _shift(spec: Spec, a: Anchor) -> str | None:
    unit, n = spec.unit or "day", spec.offset
    if n is None:  # "a few days later": keep the reference at a coarser precision
        target = _COARSER.get(unit, "year")
        return a.value if _ORDER[a.gran] >= _ORDER[target] else era.truncate(a.start, target)
    if unit in ("hour", "minute", "second"):
        return era.truncate(a.start, "day") if a.gran in ("day", "time") else None
    if unit in ("decade", "century", "quarter"):
        n, unit_gran, unit = n * {"decade": 10, "century": 100, "quarter": 3}[unit], unit, (
            "year" if unit != "quarter" else "month")
    else:
        unit_gran = unit
    if _ORDER[a.gran] > _ORDER.get(unit_gran, 6) or not float(n).is_integer():
        return None
    day = shift(a.start, int(n), unit)
    if spec.anchor == "anaphoric" or (a.gran == "quarter" and unit_gran == "year"):
        gran = "day" if a.gran == "time" else a.gran
    else:
        gran = {"decade": "year", "century": "year"}.get(unit_gran, unit_gran)
    value = era.truncate(day, gran if gran in _ORDER and gran != "time" else "day")
    return value + (spec.time or "")


def _this(spec: Spec, a: Anchor, future: bool, label: str) -> str | None:
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
    if _ORDER[a.gran] > _ORDER.get(unit, 6):
        return None
    if unit in ("decade", "century"):
        return era.truncate(shift(a.start, off * (10 if unit == "decade" else 100), "year"), unit)
    if spec.month:  # "June last year"
        return f"{shift(a.start, off, 'year').year:04d}-{spec.month:02d}"
    if unit == "quarter":
        return era.truncate(shift(a.start, 3 * off, "month"), "quarter")
    return era.truncate(shift(a.start, off, unit), unit)


def _season(spec: Spec, a: Anchor, future: bool) -> str | None:
    if _ORDER[a.gran] > _ORDER["year"]:
        return None
    off, year = int(spec.offset or 0), a.start.year
    cands = [(f"{y}-{spec.season}", interval(f"{y}-{spec.season}")) for y in
             (year - 2, year - 1, year, year + 1)]
    if off == 0 or _ORDER[a.gran] >= _ORDER["year"]:
        return f"{year + off}-{spec.season}"
    if off < 0:
        past = [v for v, s in cands if s and s[1] < a.start]
        return past[-1] if past else None
    nxt = [v for v, s in cands if s and s[0] > a.end]
    return nxt[0] if nxt else None


def _weekday(spec: Spec, a: Anchor, future: bool, label: str) -> str | None:
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
        day = pivot - dt.timedelta(days=(pivot.isoweekday() - wd) % 7)
    return day.isoformat() + (spec.time or "")


def _template(spec: Spec) -> str:
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
    return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
            "decade": "XXX", "century": "XX"}.get(unit, "XXXX")


def choose_anchor(spec: Spec, doc_type: str, dct: Anchor | None,
                  ref: Anchor | None) -> tuple[Anchor | None, str]:
    """The anchor a spec resolves against and its label (dct | narrative)."""
    if spec.kind == "weekday" and doc_type == "news":
        if dct is not None and dct.gran in ("day", "time", "week"):
            return dct, "dct"
        if ref is not None and ref.gran in ("day", "time"):
            return ref, "narrative"
        return dct, "dct"
    if doc_type == "news" and ref is not None:
        if spec.kind == "partial" and spec.anchor != "deictic" and (
                dct is None or _ORDER[dct.gran] >= _ORDER["year"] or (
                    abs(ref.start.year - dct.start.year) <= STORY_YEARS
                    and (ref.gran in _FINE or ref.start.year == dct.start.year))):
            return ref, "narrative"
        if spec.kind == "partial":
            return dct, "dct"
        if spec.unit == "quarter" and spec.kind == "this":
            same_year = dct is None or ref.start.year == dct.start.year
            done = dct is None or ref.end < dct.start  # "the latest quarter" has ended
            usable = ref.gran == "quarter" and same_year and (spec.anchor != "deictic" or done)
            return (ref, "narrative") if usable else (dct, "dct")
        if spec.kind == "shift" and spec.unit == "year" and ref.gran == "quarter":
            return ref, "narrative"
    if spec.anchor == "deictic" and doc_type == "news":
        return dct, "dct"
    if (spec.anchor == "deictic" and spec.kind == "this" and spec.offset == 0 and dct is not None
            and spec.unit in ("year", "decade", "century") and not (spec.definite and ref)):
        return dct, "dct"  # "this year" names the writer's year, even in a narrative (but "the
        # end of the year" there is the story's year)
    if ref is not None:
        return ref, "narrative"
    return dct, "dct"


def resolve(spec: Spec, doc_type: str, dct: Anchor | None, ref: Anchor | None,
            future: bool) -> Resolved:
    """Complete one spec against the document's dct and current reference time."""
    if spec.kind == "absolute":
        return Resolved(spec.type, spec.value or "", spec.mod, "absolute", None,
                        "fully specified in the text")
    if spec.kind == "fixed":
        anchor = spec.anchor if spec.anchor in ("dct", "absolute", "none") else "none"
        if anchor == "dct":
            why = ("a duration that ends or starts at the time of writing"
                   if spec.type == "DURATION" else "a reference to the time of writing")
        elif anchor == "absolute":
            why = "a year range fully specified in the text"
        else:
            why = "a duration or set: no calendar anchor"
        return Resolved(spec.type, spec.value or "", spec.mod, anchor,
                        "dct" if anchor == "dct" else None, why, spec.freq, spec.quant)
    a, label = choose_anchor(spec, doc_type, dct, ref)
    if a is None:
        why = ("no publication date and no earlier date in the story" if doc_type == "narrative"
               or spec.anchor != "deictic" else "relative to the publication date, which is "
               "unknown")
        return Resolved(spec.type, _template(spec), spec.mod, "none", None,
                        f"unresolved: {why}")
    if spec.kind == "partial":
        limit = dct.end if dct is not None and doc_type == "news" else None
        value = _partial(spec, a, label, future, limit)
    elif spec.kind == "shift":
        value = _shift(spec, a)
    elif spec.kind == "this":
        value = _this(spec, a, future, label)
    elif spec.kind == "season":
        value = _season(spec, a, future)
    elif spec.kind == "weekday":
        value = _weekday(spec, a, future, label)
    else:  # clock time
        value = (a.start.isoformat() + (spec.time or "")) if a.gran in ("day", "time") else None
    where = "the publication date" if label == "dct" else f"the reference date {a.ref}"
    if value is None:
        return Resolved(spec.type, _template(spec), spec.mod, "none", None,
                        f"unresolved: {where} ({a.value}) is too coarse for this expression")
    tense = " (future tense)" if future else ""
    value = era.from_proxy(value)  # a value found from a date before the common era
    return Resolved(spec.type, value, spec.mod, "dct" if label == "dct" else "narrative",
                    a.ref, f"resolved against {where} {a.value}{tense}")
