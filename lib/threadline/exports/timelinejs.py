"""EVENTS -> TimelineJS 3 JSON (https://timeline.knightlab.com/docs/json-format.html).

`to_timelinejs` turns every dated event into a slide (``timeline.json``); `thread_timelinejs`
makes one publishable timeline per thread: its key dates, one slide per real (merged) event,
headed by a short phrase (actor, trigger, place), the sentence as text and every source
credited with its link. Dates keep their true precision: a year is ``{"year": 2012}``, a month
``{"year", "month"}``, days get an end date when they span several. Every string is escaped
(TimelineJS renders text as HTML); links only for http(s) URLs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re

import polars as pl

from threadline.timeline.keydates import key_events
from threadline.timeline.lanes import by_thread, real_events

_WEB = re.compile(r"(?i)^https?://\S+$")
HEADLINE_CHARS = 80


def _parts(d: dt.date, unit: str) -> dict[str, int]:
    parts = {"year": d.year, "month": d.month, "day": d.day}
    return {k: parts[k] for k in ("year", "month", "day")[: {"year": 1, "month": 2}.get(unit, 3)]}


def _unit(start: dt.date, end: dt.date) -> str:
    """The true precision of [start, end]: a whole year, a whole month, else days."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "year"
    if start.day == 1 and (start.year, start.month) == (end.year, end.month) and end.day == \
            calendar.monthrange(end.year, end.month)[1]:
        return "month"
    return "day"


def _display(start: dt.date, end: dt.date, unit: str) -> str:
    if unit == "year":
        return str(start.year)
    if unit == "month":
        return start.strftime("%B %Y")
    one = f"{start.day} {start.strftime('%B %Y')}"
    return one if start == end else f"{one} – {end.day} {end.strftime('%B %Y')}"


def dates(start: dt.date, end: dt.date | None) -> dict:
    """start_date (and end_date when days span several) and display_date of an interval.

    >>> dates(dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    {'start_date': {'year': 2020, 'month': 2}, 'display_date': 'February 2020'}
    """
    end = end or start
    unit = _unit(start, end)
    out = {"start_date": _parts(start, unit), "display_date": _display(start, end, unit)}
    if unit == "day" and end != start:
        out["end_date"] = _parts(end, unit)
    return out


def headline(event: dict) -> str:
    """A short readable phrase from actor, trigger and place (never "unknown"), unescaped.

    >>> headline({"actor1": "Military Forces of Syria", "trigger": "shell", "location": "Homs"})
    'Military Forces of Syria: shell in Homs'
    >>> headline({"trigger": "air strike", "location": None, "actor1": None})
    'Air strike'
    >>> headline({"event_type": "Battles"})
    'Battles'
    """
    what = event.get("trigger") or event.get("sub_event_type") or event.get("event_type")
    actor, place = event.get("actor1"), event.get("location")
    what = (what or "event") if actor else (what or "Event")
    phrase = f"{what} in {place}" if place else what
    text = f"{actor}: {phrase}" if actor else phrase[:1].upper() + phrase[1:]
    return text if len(text) <= HEADLINE_CHARS else text[: HEADLINE_CHARS - 1] + "…"


def _uid(event_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", event_id)


def to_timelinejs(events: pl.DataFrame, title: str = "threadline") -> dict:
    """TimelineJS 3 JSON of the dated events: start/end date parts at their true precision,
    display_date, the (escaped) sentence as text, group = the (escaped) thread label.

    >>> ev = pl.DataFrame({"event_id": ["a/E001"], "trigger": ["strike"], "actor1": ["IAF"],
    ...     "sentence": ["IAF struck <Homs>."], "date_start": [dt.date(2020, 2, 1)],
    ...     "date_end": [dt.date(2020, 2, 29)], "thread_label": ["Air <war>"]})
    >>> slide = to_timelinejs(ev)["events"][0]
    >>> slide["start_date"], slide["group"]
    ({'year': 2020, 'month': 2}, 'Air &lt;war&gt;')
    >>> slide["text"]
    {'headline': 'IAF: strike', 'text': 'IAF struck &lt;Homs&gt;.'}
    """
    out = []
    for e in events.filter(pl.col("date_start").is_not_null()).iter_rows(named=True):
        slide = {"unique_id": _uid(e["event_id"]), **dates(e["date_start"], e["date_end"]),
                 "text": {"headline": html.escape(headline(e)),
                          "text": html.escape(e["sentence"] or "")},
                 "group": html.escape(e.get("thread_label") or "no thread")}
        out.append(slide)
    return {"title": title_slide(title), "events": out}


def title_slide(title: str, text: str = "") -> dict:
    """The title slide of a TimelineJS document (escaped)."""
    return {"text": {"headline": html.escape(title), "text": html.escape(text)}}


def _credit(titles: list[str | None], urls: list[str | None], docs: list[str]) -> str:
    """"Reported by: <a href=...>Title</a>, ..." for every report of a real event (escaped)."""
    seen, items = set(), []
    for title, url, doc in zip(titles, urls, docs, strict=True):
        if doc in seen:
            continue
        seen.add(doc)
        label = html.escape(title or doc)
        ok = url is not None and _WEB.match(url)
        items.append(f'<a href="{html.escape(url)}">{label}</a>' if ok else label)
    word = "source" if len(items) == 1 else f"{len(items)} sources"
    return f"<p>Reported by {word}: " + ", ".join(items) + "</p>"


def thread_timelinejs(events: pl.DataFrame, thread: str, k: int | None = None, *,
                      keys: pl.DataFrame | None = None) -> dict:
    """A TimelineJS 3 document for one thread: a slide per key date (`key_events`, or the
    (thread, event_id) frame `keys` computed once for many threads), each a real event with
    every report of it credited; group = the thread's label."""
    rows = by_thread(events).filter(pl.col("thread") == thread)
    name = rows["thread_name"].first() if rows.height else thread
    keys = key_events(events, k=k) if keys is None else keys
    keys = keys.filter(pl.col("thread") == thread)["event_id"]
    every = real_events(events, thread=thread)
    real = every.filter(pl.col("event_id").is_in(keys.implode()))
    cluster = pl.col("cluster_id").fill_null(pl.col("event_id"))
    title = pl.col("title") if "title" in rows.columns else pl.lit(None, pl.String)
    reports = (rows.with_columns(cluster.alias("_c"), title.alias("_t")).sort("doc_id")
               .group_by("_c").agg(pl.col("_t"), pl.col("url"), pl.col("doc_id")))
    credits = {c: _credit(t, u, d) for c, t, u, d in reports.iter_rows()}
    slides = []
    for e in real.sort("date_start", "event_id").iter_rows(named=True):
        text = f"<p>{html.escape(e['sentence'] or '')}</p>" + credits.get(
            e["cluster_id"] or e["event_id"], "")
        slides.append({"unique_id": _uid(e["event_id"]), **dates(e["date_start"], e["x_end"]),
                       "text": {"headline": html.escape(headline(e)), "text": text},
                       "group": html.escape(name)})
    total = every.height
    about = f"{len(slides)} key dates of {total} events, every report credited."
    return {"title": title_slide(name, about), "events": slides}


__all__ = ["dates", "headline", "thread_timelinejs", "title_slide", "to_timelinejs"]
