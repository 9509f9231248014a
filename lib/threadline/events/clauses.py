"""Clause-level events of a sentence that lists several distinct dates.

"discovered on December 15, December 29, and January 12" is three events, each with its
nearest trigger; a date that contains the others ("In 2020, ... (January, March, and May)")
frames them and makes no event of its own; "between A and B" is one span. Containment is found
with one sort and a suffix minimum, so a line of ten thousand dates stays linear.
"""

from __future__ import annotations

from threadline.events import dating as ed
from threadline.events.triggers import nearest


def _frames(spans: dict[str, tuple]) -> set[str]:
    """Values whose interval strictly contains another value's interval."""
    items = sorted(((iv[0], iv[1], v) for v, iv in spans.items() if iv),
                   key=lambda x: (x[0], -x[1].toordinal()))
    out: set[str] = set()
    suffix_min = None
    for i in range(len(items) - 1, -1, -1):
        start, end, value = items[i]
        if suffix_min is not None and suffix_min[0] <= end and suffix_min[1] != (start, end):
            out.add(value)
        if suffix_min is None or end <= suffix_min[0]:
            suffix_min = (end, (start, end))
    return out


def clause_units(sentence: str, base: int, main: dict, triggers: list[dict],
                 ms: list[dict]) -> list[tuple[dict, list[dict]]]:
    """(trigger, mentions) per clause-level event of a sentence (see module docstring)."""
    if len(ms) < 2 or ed.between_pair(sentence, base, ms):
        return [(main, ms)]
    by_value: dict[str, dict] = {}
    for m in ms:
        if ed.is_calendar(m):
            by_value.setdefault(m["value"], m)
    if len(by_value) < 2:
        return [(main, ms)]
    frames = _frames({v: ed.mention_date(m) for v, m in by_value.items()})
    if len(by_value) - len(frames) < 2:
        return [(main, ms)]
    return [(nearest(triggers, m["start"] - base), [m])
            for v, m in by_value.items() if v not in frames]
