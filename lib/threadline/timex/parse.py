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

from threadline.timex.rules import load

#: Lexicon unit codes -> calendar unit names used by resolution.
UNIT_NAMES = {"D": "day", "W": "week", "WE": "weekend", "M": "month", "Y": "year",
              "DE": "decade", "CE": "century", "Q": "quarter", "H": "hour", "TM": "minute",
              "S": "second", "2W": "fortnight"}
_TIME_UNITS = {"H": "H", "TM": "M", "S": "S"}
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
             "halloween": (10, 31)}
_SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
         "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_DIRS = {"later": 1, "after": 1, "afterwards": 1, "afterward": 1, "earlier": -1, "before": -1,
         "previously": -1, "prior": -1}


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


def _word(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower()).removeprefix("the ")


def _lookup(table: str, text: str | None, default=None):
    if text is None:
        return default
    tables = load().tables[table]
    key = re.sub(r"\s+", " ", text.strip().lower())
    if key in tables:
        return tables[key]
    return tables.get(key.rstrip(".-"), tables.get(_word(key), default))


def _number(text: str | None, fixed=None) -> float | None:
    """A count from digits or number words; None when vague ("a few")."""
    raw = fixed if text is None else text
    if raw is None:
        return 1
    if isinstance(raw, int | float):
        return raw
    raw = str(raw).strip().lower().replace(",", "")
    if raw == "x":
        return None
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        return float(raw) if "." in raw else int(raw)
    if raw in ("other", "a couple of", "couple of"):
        return 2
    if raw in ("a", "an"):
        return 1
    parts = re.split(r"[- ]", raw)
    if len(parts) == 2 and parts[0] in ("twenty", "thirty", "forty", "fifty", "sixty",
                                        "seventy", "eighty", "ninety"):
        tens, ones = _lookup("numbers", parts[0]), _lookup("numbers", parts[1])
        if isinstance(tens, int) and isinstance(ones, int):
            return tens + ones
    value = _lookup("numbers", raw)
    return None if value in (None, "X") else value


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                  "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                  "nineteenth twentieth").split()
_DECADE_WORDS = "twenties thirties forties fifties sixties seventies eighties nineties".split()


def _spelled_year(text: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'the year two thousand' -> 2000."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w not in ("the", "year", "and")]
    if words[:2] == ["two", "thousand"]:
        rest = _number(" ".join(words[2:])) if words[2:] else 0
        return None if rest is None else 2000 + int(rest)
    if words and words[0] == "nineteen":
        rest = words[1:]
        if rest == ["hundred"] or not rest:
            return 1900
        tens = _number(rest[0])
        ones = _number(rest[1]) if len(rest) > 1 else 0
        return None if tens is None or ones is None else 1900 + int(tens) + int(ones)
    return None


def _year(g: dict[str, str]) -> int | None:
    if "spelled" in g:
        return _spelled_year(g["spelled"])
    if "year" in g:
        return int(g["year"])
    if "year2" in g:
        y = int(g["year2"])
        return 1900 + y if y >= 50 else 2000 + y
    return None


def _time(g: dict[str, str]) -> str | None:
    if "hour" in g:
        hour, minute = int(g["hour"]), int(g.get("minute") or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        return f"T{hour:02d}:{minute:02d}" if hour < 24 else None
    if "part" in g:
        return "T" + _lookup("parts_of_day", g["part"], "DT")
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
    month = _lookup("months", g.get("month"))
    if month is None and g.get("month", "").isdigit():
        month = int(g["month"])
    season = _lookup("seasons", g.get("season") or g.get("season2"))
    quarter = _lookup("ordinals", g.get("quarter"))
    decade = int(g["decade"]) if "decade" in g else None
    if "decword" in g:
        decade = 192 + _DECADE_WORDS.index(g["decword"].lower())
    century = int(g["century"]) - 1 if "century" in g else None
    if "centword" in g:
        word = g["centword"].lower()
        century = 20 if word == "twenty-first" else _ORDINAL_WORDS.index(word)
    if century is not None:
        return Spec(type=rtype, kind="absolute", value=f"{century:02d}", mod=_lookup(
            "mods", g.get("mod")), anchor="absolute")
    mod = _lookup("mods", g.get("mod"), fixed.get("mod"))
    offset = _lookup("relations", g["rel"].lower()) if "rel" in g else None
    nth = None
    if "word" in g:
        key = _word(g["word"]).replace("’", "'")
        if key.startswith("thanksgiving"):
            month, nth = 11, (11, 4, 4)
        else:
            month, day = _HOLIDAYS.get(key, (None, None))
            if month is None:
                return None
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
    code = _lookup("units", g.get("unit"), fixed.get("unit"))
    if code is None:
        return None
    n = _number(g.get("num"), fixed.get("num"))
    count = "X" if n is None else _fmt(n)
    if code == "2W":
        code, count = "W", "X" if n is None else _fmt(2 * n)
    if code == "WE":
        code, count = "D", "X" if n is None else _fmt(2 * n)
    value = f"PT{count}{_TIME_UNITS[code]}" if code in _TIME_UNITS else f"P{count}{code}"
    mod = _lookup("duration_mods", g.get("dmod"), fixed.get("mod"))
    return Spec(type="DURATION", kind="fixed", value=value, mod=mod, anchor="none")


def _relative(rtype: str, g: dict[str, str], fixed: dict) -> Spec | None:
    if "word" in g:  # today, yesterday, tomorrow, tonight
        word = g["word"].lower()
        offset = _DAY_WORDS[word] + {"before": -1, "after": 1}.get(g.get("before", ""), 0)
        part = g.get("part") or ("night" if word == "tonight" else None)
        time = _time({"part": part}) if part else None
        return Spec(type="TIME" if time else rtype, kind="shift", unit="day", offset=offset,
                    time=time, anchor="deictic")
    if "part" in g:  # this morning, last night
        offset = -1 if g.get("rel", "").lower() == "last" else 0
        return Spec(type="TIME", kind="shift", unit="day", offset=offset,
                    time=_time({"part": g["part"]}), anchor="deictic")
    code = _lookup("units", g.get("unit"), fixed.get("unit"))
    unit = UNIT_NAMES.get(code or "", fixed.get("unit"))
    if unit is None:
        return None
    n = _number(g.get("num"), fixed.get("num"))
    if unit == "fortnight":
        unit, n = "week", None if n is None else 2 * n
    if unit == "weekend":
        unit = "week"
    direction = _DIRS.get((g.get("dir") or g.get("dir2") or "").lower(), fixed.get("offset", 1))
    return Spec(type=rtype, kind="shift", unit=unit, offset=None if n is None else n * direction,
                anchor=fixed.get("anchor", "anaphoric"))


def _this(rtype: str, g: dict[str, str], fixed: dict) -> Spec | None:
    rel = _word(g.get("rel", "this"))
    offset = {"that": 0, "the": 0}.get(rel, _lookup("relations", rel, 0))
    if fixed.get("unit") == "quarter" and rel in ("this", "latest", "most recent", "recent"):
        offset = None  # "the quarter": the current one, or the last completed one in news
    anchor = fixed.get("anchor", "deictic")
    if rel in ("that", "following", "previous", "preceding", "prior", "same"):
        anchor = "anaphoric"
    mod = _lookup("mods", g.get("mod"), fixed.get("mod"))
    if "season" in g:
        season = _lookup("seasons", g["season"])
        return Spec(type=rtype, kind="season", season=season, offset=offset, mod=mod,
                    anchor=anchor)
    code = _lookup("units", g.get("unit"), None)
    unit = UNIT_NAMES.get(code) if code else fixed.get("unit")
    return Spec(type=rtype, kind="this", unit=unit, offset=offset, mod=mod, anchor=anchor,
                month=_lookup("months", g.get("month")))


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
        rel = g.get("rel", "").lower()
        return Spec(type=rtype, kind="weekday", weekday=_lookup("weekdays", g["weekday"]),
                    offset=_lookup("relations", rel) if rel else None, anchor="deictic")
    if rule.norm == "fixed":
        return Spec(type=rtype, kind="fixed", value=fixed["value"], anchor="dct")
    if rule.norm == "set":
        if "word" in g:
            return Spec(type="SET", kind="fixed", value=_SETS[g["word"].lower()], anchor="none")
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
            return Spec(type="TIME", kind="weekday", weekday=_lookup("weekdays", g["weekday"]),
                        time=_time(g), anchor="deictic")
        return Spec(type="TIME", kind="time", time=_time(g), anchor="deictic")
    if rule.norm == "dateparser":
        return _dateparser(g)
    return None
