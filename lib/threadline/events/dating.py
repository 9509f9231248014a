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

The publication date is first turned into the document's `frame`: ended at the first update,
opened at the story's first day when it is only a week or a month, or, for an undated article
with updates, estimated as the month before the first development the updates report.
Mentions the tagger left underspecified ("September", "last month") are resolved against
the reference (`resolve_underspecified`), and an event that "comes after" another precedes
its reference (`before_reference`).
"""

from __future__ import annotations

import datetime as dt
import re

from threadline.timex.values import span

#: Words of duration numbers as written ("two weeks", "eight years").
NUMBERS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve"))}
#: Values that name no calendar time ("recent", "now", "soon").
VAGUE = {"PAST_REF", "PRESENT_REF", "FUTURE_REF"}
#: Cues of an expected or hypothetical event, whose dates are not capped at the DCT.
IRREALIS = re.compile(
    r"\b((?i:will|would|expected|plans to|planned to|could|might|if)|may)\b")


def duration_of_text(text: str) -> tuple[int, str] | None:
    """(number, unit letter) of a written duration: "the past eight years" -> (8, "Y").

    >>> duration_of_text("over the past eight years"), duration_of_text("a week")
    ((8, 'Y'), (1, 'W'))
    """
    m = re.search(r"\b(\d+|" + "|".join(NUMBERS) + r"|a|past|last)\s+(day|week|month|year)s?\b",
                  text, re.IGNORECASE)
    if not m:
        return None
    n = m[1].lower()
    return (1 if n in ("a", "past", "last") else NUMBERS.get(n) or int(n)), m[2][0].upper()


def iso(d: dt.date, granularity: str) -> str:
    """A date written at a granularity: year "2012", month "2012-05", else the day."""
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(
        granularity, d.isoformat())


def mention_date(m: dict) -> tuple[dt.date, dt.date, str] | None:
    """Interval of a mention row: from its value (with mod), else its resolved start/end."""
    try:
        iv = span(m["value"], m["mod"])
    except (ValueError, TypeError, OverflowError):  # a value this version cannot read
        iv = None
    if iv:
        return iv
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
    if pair and mention_date(pair[0]) and mention_date(pair[1]):
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
        if iv and dct and re.search(r"(?i)\bsince\s+$", lead) and iv[0] <= dct["end"]:
            return _since(m, iv, dct)
        why = f"dated by {m['text']!r} in the sentence"
        if m.get("resolved_by"):
            why += f", placed against the reference {m['resolved_by']!r}"
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


def _since(m: dict, iv: tuple, dct: dict) -> dict:
    """A background clause "since March 2011, ...": one interval from then to publication."""
    return {"date": f"{iso(iv[0], iv[2])}/{dct['value']}", "mod": None, "date_start": iv[0],
            "date_end": dct["end"], "granularity": "interval", "date_text": m["text"],
            "date_mention_id": m["mention_id"], "anchor": "mention",
            "date_reason": f"background since {m['text']!r}: from then to the publication "
                           f"date {dct['value']}"}


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


_SHIFT = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
          "coming": 1}
RELATIVE = re.compile(r"\b(last|past|previous|this|current|next|coming)\s+(week|month|year)\b",
                       re.IGNORECASE)


def resolve_underspecified(m: dict, ref: dict | None, expected: bool = False) -> dict:
    """A mention the tagger could not place ("September" = XXXX-09, "last month" = XXXX-XX)
    resolved against the narrative reference (second phase, as in HeidelTime); else `m`.

    >>> ref = {"start": dt.date(2018, 12, 1), "end": dt.date(2018, 12, 14), "text": "2018-12"}
    >>> resolve_underspecified({"value": "XXXX-09", "text": "September"}, ref)["value"]
    '2018-09'
    >>> resolve_underspecified({"value": "XXXX-XX", "text": "last month"}, ref)["value"]
    '2018-11'
    """
    value = m.get("value") or ""
    if ref is None or not value.startswith("XXXX"):
        return m
    rel = RELATIVE.search(m.get("text") or "")
    if value in ("XXXX-XX", "XXXX", "XXXX-WXX") and rel:
        n, unit, s = _SHIFT[rel[1].lower()], rel[2].lower(), ref["start"]
        if unit == "year":
            new = f"{s.year + n:04d}"
        elif unit == "month":
            y, mo = divmod(s.year * 12 + s.month - 1 + n, 12)
            new = f"{y:04d}-{mo + 1:02d}"
        else:
            y, w, _ = (s + dt.timedelta(weeks=n)).isocalendar()
            new = f"{y:04d}-W{w:02d}"
    elif md := re.fullmatch(r"XXXX(-\d\d(?:-\d\d)?)", value):
        year = ref["start"].year
        iv = span(f"{year}{md[1]}")
        if iv and not expected and iv[0] > ref["end"]:
            year -= 1
        elif iv and expected and iv[1] < ref["start"]:
            year += 1
        new = f"{year}{md[1]}"
    else:
        return m
    iv = span(new, m.get("mod"))
    if iv is None:
        return m
    s, e = iv[0], iv[1]
    return {**m, "value": new, "date_start": s, "date_end": e, "granularity": iv[2],
            "resolved_by": ref["text"]}


def _day_dates(mentions: list[dict]) -> list[tuple[dt.date, dict]]:
    return [(iv[0], m) for m in mentions if (iv := mention_date(m)) and iv[2] == "day"]


#: How far back an update's news reaches ("discovered on December 15" in a February update).
RECENT = dt.timedelta(days=183)


def frame(dct: str | None, headers: list[dict], mentions: list[dict]) -> dict | None:
    """The reference of the original text of a document: its publication date, ended at the
    first update ("UPDATE August 30") and, when the date is only a week or a month, opened at
    the story's earliest day in the week before it (the text is about those days); a document
    without a date but with updates predates the first development its updates report, so
    its reference is the month up to the day before that development (an estimate); only
    news of the half year before the update counts, not history it recalls.

    >>> upd = {"start": dt.date(2019, 2, 21), "at": 100, "text": "February 21, 2019",
    ...        "mention_id": "T1"}
    >>> news = {"start": 120, "value": "2018-12-15", "mod": None, "text": "December 15",
    ...         "mention_id": "T2"}
    >>> frame(None, [upd], [news])["value"], frame(None, [upd], [news])["end"]
    ('2018-12', datetime.date(2018, 12, 14))
    >>> frame(None, [upd], [news | {"value": "2006-07-12"}]) is None
    True
    """
    at = min((h["at"] for h in headers), default=None)
    first = min(headers, key=lambda h: h["start"]) if headers else None
    original = [m for m in mentions if at is None or m["start"] < at]
    later = [m for m in mentions if at is not None and m["start"] > at
             and all(m["mention_id"] != h["mention_id"] for h in headers)]
    iv = span(dct)
    if iv:
        start, end, gran, text = iv[0], iv[1], iv[2], dct
        if first and start <= first["start"] < end:
            end, text = first["start"], f"{dct} (before the first update, {first['text']})"
        if gran != "day":
            recent = [d for d, _ in _day_dates(original) if start - dt.timedelta(7) <= d < start]
            if recent:
                start, text = min(recent), f"{text}, from {min(recent)} on, the story's first day"
        if (start, end) != iv[:2]:
            dct, gran = f"{start}/{end}", "interval"
        return {"value": dct, "start": start, "end": end, "granularity": gran, "text": text,
                "mention_id": None, "kind": "publication date"}
    news = [(d, m) for d, m in _day_dates(later)
            if first and first["start"] - RECENT <= d < first["start"]]
    if not news:
        return None
    d, m = min(news, key=lambda x: x[0])
    bound = d - dt.timedelta(days=1)
    return {"value": iso(bound, "month"), "start": bound.replace(day=1), "end": bound,
            "granularity": "month", "mention_id": m["mention_id"],
            "kind": "estimated publication date",
            "text": f"{iso(bound, 'month')} (written before {m['text']!r}, the first "
                    f"development its update reports)"}


def before_reference(when: dict, ref: dict | None, dct: dict | None) -> dict:
    """An inherited date for an event that precedes its reference ("comes after a deal"): the
    window from the story's first day (start of the document frame) to the reference."""
    if not (ref and dct and dct["start"] < ref["start"] and when["date_start"]):
        return when
    return {**when, "date": f"{dct['start']}/{iso(ref['end'], 'day')}", "mod": None,
            "date_start": dct["start"], "date_end": ref["end"], "granularity": "interval",
            "date_reason": f"no date in the sentence; it precedes the narrative date "
                           f"{ref['text']!r}, so the window from the story's first day "
                           f"{dct['start']} to it"}
