"""Dates before the common era (TIMEX3 "BC0480", "BC0480-09", "BC047", "BC03").

Python dates start in year 1, so resolution runs on *proxy* years: BC year N is the proxy
year ``OFFSET + 1 - N`` (480 BC -> 9121), whose calendar (leap years included: OFFSET is a
multiple of 400) is that of the astronomical year 1 - N. A value computed against a proxy
anchor is written back as BC (`from_proxy`, `truncate`). Proxy years are above `FIRST_PROXY`,
far from any year the patterns read as a common-era year (1500-2099).
"""

from __future__ import annotations

import datetime as dt
import re

from threadline.timex import values

#: Proxy offset: a multiple of 400 keeps the Gregorian leap-year cycle of the BC year.
OFFSET = 9600
#: BC years up to this many are resolved (the proxy year stays above FIRST_PROXY).
MAX_BC = 4800
FIRST_PROXY = OFFSET + 1 - MAX_BC
_BC = re.compile(r"^BC(\d{2,4})(.*)$")
_PROXY = re.compile(r"^(\d{4})(?=$|-)(.*)$")


def proxy_year(bc_year: int) -> int:
    """The proxy year of BC year `bc_year` (480 -> 9121).

    >>> proxy_year(480), bc_year(9121)
    (9121, 480)
    """
    return OFFSET + 1 - bc_year


def bc_year(proxy: int) -> int:
    """The BC year of a proxy year."""
    return OFFSET + 1 - proxy


def is_proxy(day: dt.date) -> bool:
    """Whether `day` is a proxy date (stands for a day before the common era)."""
    return day.year >= FIRST_PROXY


def interval(value: str, mod: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The proxy interval of a BC value (year, month, day, season, decade, century), or None.

    >>> interval("BC0480-09")
    (datetime.date(9121, 9, 1), datetime.date(9121, 9, 30))
    >>> interval("BC048")  # 489-480 BC
    (datetime.date(9112, 1, 1), datetime.date(9121, 12, 31))
    """
    m = _BC.match(value)
    if m is None:
        return None
    digits, rest = m.group(1), m.group(2)
    if len(digits) == 4:
        year = int(digits)
        if not 1 <= year <= MAX_BC:
            return None
        return values.interval(f"{proxy_year(year):04d}{rest}", mod)
    if rest:
        return None
    width = 10 if len(digits) == 3 else 100
    last_bc = int(digits) * width + (0 if width == 10 else 1)  # 480s BC end in 480; 4th c. in 301
    first_bc = last_bc + width - 1
    if first_bc > MAX_BC:
        return None
    span = (dt.date(proxy_year(first_bc), 1, 1), dt.date(proxy_year(max(last_bc, 1)), 12, 31))
    return values.split_interval(*span, mod)


def from_proxy(value: str) -> str:
    """A value computed on proxy years written as BC ("9121-09" -> "BC0480-09"); other values
    unchanged.

    >>> from_proxy("9121-09"), from_proxy("1941-09")
    ('BC0480-09', '1941-09')
    """
    m = _PROXY.match(value)
    if m is None or int(m.group(1)) < FIRST_PROXY:
        return value
    return f"BC{bc_year(int(m.group(1))):04d}{m.group(2)}"


def truncate(day: dt.date, unit: str) -> str:
    """`values.truncate`, written as BC for a proxy day (a BC decade or century counts down:
    the decade of 485 BC is BC048, its century BC04).

    >>> truncate(dt.date(9116, 5, 1), "decade"), truncate(dt.date(9116, 5, 1), "month")
    ('BC048', 'BC0485-05')
    """
    if not is_proxy(day):
        return values.truncate(day, unit)
    year = bc_year(day.year)
    if unit == "decade":
        return f"BC{year // 10:03d}"
    if unit == "century":
        return f"BC{(year - 1) // 100:02d}"
    return from_proxy(values.truncate(day, unit))
