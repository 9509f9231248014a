"""Dating events: from a mention in the clause, else the narrative's current reference, else none.

Rules, in order (each event records which one in ``anchor`` and ``date_reason``):

1. ``between A and B``: the interval A/B, its end capped at the publication date.
2. A calendar mention in the clause: its value; START/MID/END narrow the interval.
3. ``within N weeks`` (after the reference) or ``the past N years`` (before it): an interval
   from the narrative reference.
4. No usable mention: the reference of the story at that point, i.e. the last calendar date
   of the same paragraph, else the latest section header date ("UPDATE September 5, 2017"),
   else the publication date (DCT). A document without any of them leaves the event undated,
   with the reason. Vague mentions ("recent", "the past") date nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from threadline.dating import apply_mod, duration_of_text, iso, value_interval

#: Values that name no calendar time ("recent", "now", "soon").
VAGUE = {"PAST_REF", "PRESENT_REF", "FUTURE_REF"}
#: Cues of an expected or hypothetical event, whose dates are not capped at the DCT.
IRREALIS = re.compile(
    r"\b((?i:will|would|expected|plans to|planned to|could|might|if)|may)\b")


def mention_date(m: dict) -> tuple[dt.date, dt.date, str] | None:
    """Interval of a mention row: from its value (with mod), else its resolved start/end."""
    iv = value_interval(m["value"])
    if iv:
        s, e = apply_mod(iv[0], iv[1], iv[2], m["mod"])
        return s, e, iv[2]
    if m["date_start"] is not None and m["type"] in ("DATE", "TIME"):
        return m["date_start"], m["date_end"] or m["date_start"], m["granularity"] or "day"
    return None


def is_calendar(m: dict) -> bool:
    """Whether a mention names a calendar date (not a duration, a set or a vague reference)."""
    return m["type"] in ("DATE", "TIME") and m["value"] not in VAGUE and (
        mention_date(m) is not None or bool(re.fullmatch(r"X{4}-\d\d(-\d\d)?", m["value"] or "")))


def between_pair(sentence: str, base: int, ms: list[dict]) -> tuple[dict, dict] | None:
    """Two calendar mentions that make one span: "between A and B", "from A to B", or two
    consecutive days "A and B" ("Friday and Saturday")."""
    cal = [m for m in ms if is_calendar(m)]
    for a, b in zip(cal, cal[1:], strict=False):
        gap = sentence[a["end"] - base : b["start"] - base]
        before = sentence[max(0, a["start"] - base - 12) : a["start"] - base]
        if not re.fullmatch(r"\s*(and|to|until|-|–)\s*", gap):
            continue
        if re.search(r"\b(between|from)\s+$", before):
            return a, b
        da, db = mention_date(a), mention_date(b)
        if da and db and da[2] == db[2] == "day" and (db[0] - da[0]).days == 1:
            return a, b
    return None


def _cap(start, end, dct_end, sentence: str):
    """Cap the end of a reported past event at the publication date."""
    if dct_end and end and start and start <= dct_end < end and not IRREALIS.search(sentence):
        return start, dct_end
    return start, end


def date_from_mentions(sentence: str, base: int, ms: list[dict], ref: dict | None,
                       dct: dict | None) -> dict | None:
    """The date an event takes from the mentions of its own clause, or None."""
    dct_end = dct["end"] if dct else None
    pair = between_pair(sentence, base, ms)
    if pair:
        a, b = pair
        (s, _, _), (_, e, _) = mention_date(a), mention_date(b)
        s, e = _cap(s, e, dct_end, sentence)
        return {"date": f"{a['value']}/{b['value']}", "mod": None, "date_start": s,
                "date_end": e, "granularity": "interval",
                "date_text": sentence[a["start"] - base : b["end"] - base],
                "date_mention_id": a["mention_id"], "anchor": "mention",
                "date_reason": f"interval between {a['text']!r} and {b['text']!r}"}
    cal = [m for m in ms if is_calendar(m)]
    if cal:
        m = cal[0]
        iv = mention_date(m)
        s, e, g = iv if iv else (None, None, None)
        s, e = _cap(s, e, dct_end, sentence)
        lead = sentence[max(0, m["start"] - base - 8) : m["start"] - base]
        if (iv and dct and re.search(r"\bbefore\s+$", lead) and IRREALIS.search(sentence)
                and dct["start"] <= iv[1]):
            return {"date": f"{dct['value']}/{iso(iv[1], 'day')}", "mod": None,
                    "date_start": dct["start"], "date_end": iv[1], "granularity": "interval",
                    "date_text": m["text"], "date_mention_id": m["mention_id"],
                    "anchor": "mention", "date_reason": f"expected after the publication "
                    f"date {dct['value']} and before {m['text']!r}"}
        why = f"dated by {m['text']!r} in the sentence"
        if iv is None:
            why += "; its year is not recoverable from the text"
        return {"date": m["value"], "mod": m["mod"], "date_start": s, "date_end": e,
                "granularity": g, "date_text": m["text"], "date_mention_id": m["mention_id"],
                "anchor": "mention", "date_reason": why}
    for m in ms:
        if m["type"] != "DURATION" or ref is None:
            continue
        n_unit = duration_of_text(m["text"])
        if not n_unit:
            continue
        n, unit = n_unit
        lead = sentence[max(0, m["start"] - base - 8) : m["start"] - base]
        if re.search(r"\bwithin\s+$", lead) and unit in "DW":
            end = ref["start"] + dt.timedelta(days=n * (7 if unit == "W" else 1))
            return _relative(m, ref, ref["start"], end, "day", "within {} of {}")
        past = re.match(r"(over\s+)?the\s+(past|last)\b", m["text"], re.IGNORECASE)
        if past and unit == "Y":
            start = ref["start"].replace(year=ref["start"].year - n, month=1, day=1)
            return _relative(m, ref, start, ref["end"], ref["granularity"], "{} before {}")
        if past and unit in "DW":
            start = ref["end"] - dt.timedelta(days=n * (7 if unit == "W" else 1))
            return _relative(m, ref, start, ref["end"], "day", "{} before {}")
    return None


def _relative(m: dict, ref: dict, start, end, gran: str, how: str) -> dict:
    value = f"{iso(start, gran)}/{iso(end, gran) if gran != 'year' else ref['value']}"
    return {"date": value, "mod": None, "date_start": start, "date_end": end,
            "granularity": "interval", "date_text": m["text"],
            "date_mention_id": m["mention_id"], "anchor": "mention",
            "date_reason": how.format(repr(m["text"]), f"the reference {ref['text']!r}")}


def inherit(ref: dict | None, sentence: str, has_vague: bool, expected: bool = False) -> dict:
    """The date an event without its own calendar mention takes from the narrative reference;
    an expected or hypothetical event ("will strike") inherits nothing."""
    if ref is None or expected:
        why = ("an expected or hypothetical event without a date of its own: left undated"
               if expected and ref is not None else "no date in the sentence, no earlier date "
               "in the story and no publication date: left undated")
        return {"date": None, "mod": None, "date_start": None, "date_end": None,
                "granularity": None, "date_text": None, "date_mention_id": None,
                "anchor": "none", "date_reason": why}
    why = (f"no date in the sentence; inherited from the {ref['kind']} {ref['text']!r}"
           + (" (the sentence only has a vague time reference)" if has_vague else ""))
    return {"date": ref["value"].split("T")[0], "mod": None, "date_start": ref["start"],
            "date_end": ref["end"], "granularity": ref["granularity"], "date_text": None,
            "date_mention_id": ref["mention_id"],
            "anchor": "dct" if ref["kind"] == "publication date" else "narrative",
            "date_reason": why}
