"""EVENTS and MENTIONS -> files: Parquet, CSV (ACLED columns), TimelineJS JSON, TimeML.

    OUTDIR/events.parquet        EVENTS as is (list columns kept)
    OUTDIR/events.csv            `to_acled`: ACLED column names where they apply, then ours;
                                 list columns joined with ";"
    OUTDIR/timeline.json         `to_timelinejs`: TimelineJS 3 JSON, group = thread
    OUTDIR/timeml/<doc>.tml      `to_timeml`: one TimeML file per document, named by
                                 `threadline.filenames.safe_name`; timeml/index.csv maps
                                 each file back to its doc_id
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from threadline.documents.chars import clean_str
from threadline.events.lexicons import acled
from threadline.filenames import manifest, safe_name
from threadline.schema import DOCUMENTS, EVENTS, MENTIONS, check


def event_date(start: dt.date | None, end: dt.date | None) -> tuple[dt.date | None, int | None]:
    """ACLED's (event_date, time_precision): a day is 1, a week 2 (its middle day), a month 3
    (its middle day); anything coarser cannot join ACLED and gets (None, None).

    >>> event_date(dt.date(2020, 2, 21), dt.date(2020, 2, 29))
    (datetime.date(2020, 2, 25), 3)
    """
    if start is None or end is None:
        return None, None
    days = (end - start).days
    mid = start + dt.timedelta(days=days // 2)
    if days == 0:
        return start, 1
    if days < 7:
        return mid, 2
    if (start.year, start.month) == (end.year, end.month):
        return mid, 3
    return None, None


def to_acled(events: pl.DataFrame) -> pl.DataFrame:
    """EVENTS as a flat table: ACLED's columns first (see events/acled.yaml), then ours.

    >>> ev = pl.DataFrame({"event_id": ["a/E001"], "date_start": [dt.date(2020, 5, 4)],
    ...     "date_end": [dt.date(2020, 5, 4)], "thread_ids": [["x", "y"]]})
    >>> to_acled(ev).select("event_id_cnty", "event_date", "time_precision", "thread_ids").row(0)
    ('a/E001', datetime.date(2020, 5, 4), 1, 'x;y')
    """
    mapping = acled()["columns"]
    dates = [event_date(s, e)
             for s, e in zip(events["date_start"], events["date_end"], strict=True)]
    ev = events.with_columns(
        pl.Series("event_date", [d for d, _ in dates], dtype=pl.Date),
        pl.Series("time_precision", [p for _, p in dates], dtype=pl.Int64),
    )
    head = [(pl.col(ours) if ours in ev.columns else pl.lit(None, pl.String)).alias(col)
            for col, ours in mapping.items()]
    used = set(mapping.values())
    rest = [c for c in ev.columns if c not in used and c not in mapping]
    flat = [pl.col(c).list.join(";") if isinstance(ev.schema[c], pl.List) else pl.col(c)
            for c in rest]
    return ev.select(*head, *flat)


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


def to_timelinejs(events: pl.DataFrame, title: str = "threadline") -> dict:
    """TimelineJS 3 JSON of the dated events: start/end date parts at their true precision,
    display_date, the (escaped) sentence as text, group = thread label.

    >>> ev = pl.DataFrame({"event_id": ["a/E001"], "trigger": ["strike"], "actor1": ["IAF"],
    ...     "sentence": ["IAF struck <Homs>."], "date_start": [dt.date(2020, 2, 1)],
    ...     "date_end": [dt.date(2020, 2, 29)], "thread_label": ["Air war"]})
    >>> to_timelinejs(ev)["events"][0]["start_date"], to_timelinejs(ev)["events"][0]["text"]
    ({'year': 2020, 'month': 2}, {'headline': 'strike: IAF', 'text': 'IAF struck &lt;Homs&gt;.'})
    """
    out = []
    for e in events.filter(pl.col("date_start").is_not_null()).iter_rows(named=True):
        start, end = e["date_start"], e["date_end"] or e["date_start"]
        unit = _unit(start, end)
        slide = {
            "unique_id": re.sub(r"[^A-Za-z0-9_-]", "-", e["event_id"]),
            "start_date": _parts(start, unit),
            "display_date": _display(start, end, unit),
            "text": {"headline": html.escape(f"{e['trigger']}: {e.get('actor1') or 'unknown'}"),
                     "text": html.escape(e["sentence"] or "")},
            "group": e.get("thread_label") or "no thread",
        }
        if unit == "day" and end != start:
            slide["end_date"] = _parts(end, unit)
        out.append(slide)
    return {"title": _timelinejs_title(title), "events": out}


def _timelinejs_title(title: str) -> dict:
    """The title slide of a TimelineJS document (escaped)."""
    return {"text": {"headline": html.escape(title), "text": ""}}


def write_event_files(outdir: Path, parts: Iterable[pl.DataFrame]) -> None:
    """Write events.csv (`to_acled`) and timeline.json (`to_timelinejs`) from EVENTS parts read
    one at a time, so a table too big for memory streams through; one part gives the same
    bytes as the whole frame would.

    >>> import tempfile
    >>> ev = pl.DataFrame({"event_id": ["a/E1", "b/E1"], "trigger": ["strike", "raid"],
    ...     "sentence": ["x", "y"], "date_start": [dt.date(2020, 2, 1), dt.date(2020, 3, 1)],
    ...     "date_end": [dt.date(2020, 2, 1), dt.date(2020, 3, 31)]})
    >>> a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> write_event_files(a, [ev]); write_event_files(b, [ev[:1], ev[1:]])
    >>> [(a / f).read_bytes() == (b / f).read_bytes() for f in ("events.csv", "timeline.json")]
    [True, True]
    >>> json.loads((b / "timeline.json").read_text())["events"] == to_timelinejs(ev)["events"]
    True
    """
    title = json.dumps(_timelinejs_title("threadline"), ensure_ascii=False, indent=1)
    slides = 0
    with open(outdir / "events.csv", "wb") as csv, \
            open(outdir / "timeline.json", "w", encoding="utf-8") as js:
        js.write('{\n "title": ' + title.replace("\n", "\n ") + ',\n "events": [')
        for i, part in enumerate(parts):
            if part.height == 0 and i > 0:
                continue
            to_acled(part).write_csv(csv, include_header=i == 0)
            for slide in to_timelinejs(part)["events"]:
                text = json.dumps(slide, ensure_ascii=False, indent=1).replace("\n", "\n  ")
                js.write(("," if slides else "") + "\n  " + text)
                slides += 1
        js.write("\n ]\n}" if slides else "]\n}")


def to_timeml(documents: pl.DataFrame, mentions: pl.DataFrame) -> dict[str, str]:
    """One TimeML document (XML text) per readable document, its mentions as TIMEX3 tags.

    >>> docs = pl.DataFrame({"doc_id": ["a#1"], "start": [10], "text": ["On 4 May <b>"],
    ...     "dct": ["2020"], "status": ["ok"]})
    >>> ms = pl.DataFrame({"doc_id": ["a#1"], "start": [13], "end": [18], "type": ["DATE"],
    ...     "value": ["2020-05-04"], "mod": [None], "mention_id": ["a#1/T001"]})
    >>> print(to_timeml(docs, ms)["a#1"].split("<TEXT>")[1])
    On <TIMEX3 tid="t1" type="DATE" value="2020-05-04">4 May</TIMEX3> &lt;b&gt;</TEXT></TimeML>
    """
    out = {}
    by_doc = mentions.sort("start").partition_by("doc_id", as_dict=True)
    for doc in documents.filter(pl.col("status") == "ok").iter_rows(named=True):
        root = ET.Element("TimeML")
        ET.SubElement(root, "DOCID").text = doc["doc_id"]
        if doc["dct"]:
            ET.SubElement(ET.SubElement(root, "DCT"), "TIMEX3", tid="t0", type="DATE",
                          value=doc["dct"], functionInDocument="CREATION_TIME").text = doc["dct"]
        body = ET.SubElement(root, "TEXT")
        text, base, at, last = doc["text"] or "", doc["start"], 0, None
        body.text = ""
        rows = by_doc.get((doc["doc_id"],), pl.DataFrame()).iter_rows(named=True)
        for n, m in enumerate(rows, 1):
            s, e = m["start"] - base, m["end"] - base
            if s < at or e > len(text):
                continue  # overlapping or outside the body: not representable inline
            attrs = {"tid": f"t{n}", "type": m["type"], "value": m["value"] or ""}
            if m["mod"]:
                attrs["mod"] = m["mod"]
            tag = ET.SubElement(body, "TIMEX3", attrs)
            tag.text = text[s:e]
            if last is None:
                body.text += text[at:s]
            else:
                last.tail = (last.tail or "") + text[at:s]
            last, at = tag, e
        if last is None:
            body.text += text[at:]
        else:
            last.tail = (last.tail or "") + text[at:]
        out[doc["doc_id"]] = ET.tostring(root, encoding="unicode")
    return out


def write_exports(
    outdir: Path, documents: pl.DataFrame, mentions: pl.DataFrame, events: pl.DataFrame
) -> None:
    """Write events.parquet, events.csv, timeline.json and timeml/<doc>.tml into `outdir`."""
    check(documents, DOCUMENTS, name="write_exports(documents)")
    check(mentions, MENTIONS, name="write_exports(mentions)")
    check(events, EVENTS, name="write_exports(events)")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    events.write_parquet(outdir / "events.parquet")
    write_event_files(outdir, [events])
    tml = outdir / "timeml"
    tml.mkdir(exist_ok=True)
    written = to_timeml(documents, mentions)
    for doc_id, xml in written.items():  # names: threadline.filenames; XML 1.0 characters only
        (tml / (safe_name(doc_id) + ".tml")).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + clean_str(xml), encoding="utf-8")
    index = tml / "index.csv"  # file -> doc_id; appended to by a sharded build, shard by shard
    with open(index, "ab") as fh:
        manifest(list(written), ".tml").write_csv(fh, include_header=fh.tell() == 0)
