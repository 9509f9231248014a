"""The two ends of a range ("1915-17", "May 4 and 5", "31 May-1 June 1916", "499-493 BC").

TimeML writes a range as two TIMEX3s. A range rule marks the two extents with the groups
`first` and `second`; the scanner emits one candidate per end with a `part` group ("1", "2").
The first end's fields are the plain group names (day, month, year, bcyear, era, season ...),
the second end's the same names with `_end`; a field one end lacks is shared from the other
("May 4 and 5": the 5 is in May; "August and September 1914": August is in 1914). A two-digit
end year takes the century of the first ("1915-17"). The ends must run forward in time, else
neither is a range end (both are dropped: "2017-09" is no range).
"""

from __future__ import annotations

from threadline.timex.spec import Spec, calendar_spec

#: Fields that one end of a range may take from the other.
SHARED = ("month", "year", "bcyear", "era")
#: A two-digit end year closes a range of fewer years than this ("1947-54"; "2017-09" is not).
TWO_DIGIT_SPAN = 50
#: Range groups that only delimit or join the two ends.
_SKIP = {"part", "first", "second"}


def _ends(g: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The group fields of the first and the second end, shared fields filled in."""
    first = {k: v for k, v in g.items() if not k.endswith("_end") and k not in _SKIP}
    second = {k[: -len("_end")]: v for k, v in g.items() if k.endswith("_end")}
    for name in SHARED:
        if name not in first and name in second:
            first[name] = second[name]
        if name not in second and name in first:
            second[name] = first[name]
    if "year" in first and len(second.get("year", "")) == 2:  # "1915-17", "1999-00"
        start = int(first["year"])
        end = start // 100 * 100 + int(second["year"])
        end = end + 100 if end <= start else end
        second["year"] = str(end if end - start < TWO_DIGIT_SPAN else 0)  # "2017-09": no range
    return first, second


def _order(spec: Spec) -> tuple[int, int, int] | None:
    """A sortable (year, month, day) of an end; BC years count backwards; None if unknown."""
    if spec.season or (spec.year is None and spec.month is None):
        return None  # a winter runs into the next year: "the winter-spring of 1920" is in order
    bc = (spec.value or "").startswith("BC")
    year = 0 if spec.year is None else (-spec.year if bc else spec.year)
    return year, spec.month or 0, spec.day or 0


def range_part(rtype: str, g: dict[str, str], fixed: dict) -> Spec | None:
    """The Spec of one end of a range (`g["part"]`: "1" or "2"), None when the two ends do not
    make a range that runs forward (within a century).

    >>> g = {"year": "1915", "year_end": "17"}
    >>> [range_part("DATE", {**g, "part": p}, {}).value for p in ("1", "2")]
    ['1915', '1917']
    >>> range_part("DATE", {"year": "2017", "year_end": "09", "part": "1"}, {}) is None
    True
    """
    first, second = _ends(g)
    specs = calendar_spec(rtype, first, fixed), calendar_spec(rtype, second, fixed)
    if specs[0] is None or specs[1] is None:
        return None
    a, b = _order(specs[0]), _order(specs[1])
    if a is not None and b is not None:
        if a[0] and b[0] and b[0] - a[0] > 100:
            return None
        if not (a < b if a[0] and b[0] else a[1:] < b[1:]):
            return None
    return specs[int(g["part"]) - 1]
