"""EVENTS and MENTIONS -> files: Parquet, CSV (ACLED columns), TimelineJS JSON, TimeML.

    OUTDIR/events.parquet        EVENTS as is (list columns kept)
    OUTDIR/events.csv            `to_acled`: ACLED column names where they apply, then ours;
                                 list columns joined with ";", cells spreadsheet-safe
    OUTDIR/counts.csv            real events per month and event type, for Datawrapper
    OUTDIR/timeline.json         `to_timelinejs`: TimelineJS 3 JSON, group = thread
    OUTDIR/timelinejs/<thread>.json  `thread_timelinejs`: one publishable timeline per thread
    OUTDIR/timeml/<doc>.tml      `to_timeml`: one TimeML file per document, named by
                                 `threadline.filenames.safe_name`; timeml/index.csv maps
                                 each file back to its doc_id
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl

from threadline.documents.chars import clean_str
from threadline.events.lexicons import acled
from threadline.exports.spreadsheet import spreadsheet_safe
from threadline.exports.timelinejs import thread_timelinejs, title_slide, to_timelinejs
from threadline.filenames import manifest, safe_name
from threadline.schema import DOCUMENTS, EVENTS, MENTIONS, check
from threadline.settings import DEFAULT
from threadline.threads.merge import without_members
from threadline.timeline.counts import counts, datawrapper_table
from threadline.timeline.keydates import key_events
from threadline.timeline.lanes import by_thread, thread_table
from threadline.timeline.markup import page_id
from threadline.timeline.site import run_here


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


def event_date_columns(start: str = "date_start", end: str = "date_end") -> list[pl.Expr]:
    """`event_date` as two column expressions, ``event_date`` and ``time_precision``.

    >>> ev = pl.DataFrame({"date_start": [dt.date(2020, 2, 21), dt.date(2020, 1, 1), None],
    ...                    "date_end": [dt.date(2020, 2, 29), dt.date(2020, 12, 31), None]})
    >>> ev.select(event_date_columns()).rows()
    [(datetime.date(2020, 2, 25), 3), (None, None), (None, None)]
    """
    a, b = pl.col(start), pl.col(end)
    days = (b - a).dt.total_days()
    mid = a + pl.duration(days=days // 2)
    dated = a.is_not_null() & b.is_not_null()
    same_month = (a.dt.year() == b.dt.year()) & (a.dt.month() == b.dt.month())
    day, week, month = dated & (days == 0), dated & (days < 7), dated & same_month
    return [
        pl.when(day).then(a).when(week | month).then(mid).otherwise(None)
        .cast(pl.Date).alias("event_date"),
        pl.when(day).then(1).when(week).then(2).when(month).then(3).otherwise(None)
        .cast(pl.Int64).alias("time_precision"),
    ]


def to_acled(events: pl.DataFrame) -> pl.DataFrame:
    """EVENTS as a flat table: ACLED's columns first (see events/acled.yaml), then ours.

    >>> ev = pl.DataFrame({"event_id": ["a/E001"], "date_start": [dt.date(2020, 5, 4)],
    ...     "date_end": [dt.date(2020, 5, 4)], "thread_ids": [["x", "y"]]})
    >>> to_acled(ev).select("event_id_cnty", "event_date", "time_precision", "thread_ids").row(0)
    ('a/E001', datetime.date(2020, 5, 4), 1, 'x;y')
    """
    mapping = acled()["columns"]
    ev = events.with_columns(*event_date_columns())
    head = [(pl.col(ours) if ours in ev.columns else pl.lit(None, pl.String)).alias(col)
            for col, ours in mapping.items()]
    used = set(mapping.values())
    rest = [c for c in ev.columns if c not in used and c not in mapping]
    flat = [pl.col(c).list.join(";") if isinstance(ev.schema[c], pl.List) else pl.col(c)
            for c in rest]
    return ev.select(*head, *flat)


def write_event_files(outdir: Path, parts: Iterable[pl.DataFrame]) -> None:
    """Write events.csv (`to_acled`, spreadsheet-safe), timeline.json (`to_timelinejs`) and
    counts.csv (`counts` per month and event type, Datawrapper's layout) from EVENTS parts
    read one at a time, so a table too big for memory streams through; one part gives the
    same bytes as the whole frame would (a same-event cluster never spans parts).

    >>> import tempfile
    >>> ev = pl.DataFrame({"event_id": ["a/E1", "b/E1"], "trigger": ["strike", "raid"],
    ...     "sentence": ["x", "y"], "date_start": [dt.date(2020, 2, 1), dt.date(2020, 3, 1)],
    ...     "date_end": [dt.date(2020, 2, 1), dt.date(2020, 3, 31)],
    ...     "event_type": "Battles"})
    >>> a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> write_event_files(a, [ev]); write_event_files(b, [ev[:1], ev[1:]])
    >>> [(a / f).read_bytes() == (b / f).read_bytes()
    ...  for f in ("events.csv", "timeline.json", "counts.csv")]
    [True, True, True]
    >>> json.loads((b / "timeline.json").read_text())["events"] == to_timelinejs(ev)["events"]
    True
    """
    title = json.dumps(title_slide("threadline"), ensure_ascii=False, indent=1)
    slides, tallies = 0, []
    with open(outdir / "events.csv", "wb") as csv, \
            open(outdir / "timeline.json", "w", encoding="utf-8") as js:
        js.write('{\n "title": ' + title.replace("\n", "\n ") + ',\n "events": [')
        for i, part in enumerate(parts):
            if part.height == 0 and i > 0:
                continue
            spreadsheet_safe(to_acled(part)).write_csv(csv, include_header=i == 0)
            if "event_type" in part.columns and part.height:
                tallies.append(counts(part, by="event_type"))
            for slide in to_timelinejs(part)["events"]:
                text = json.dumps(slide, ensure_ascii=False, indent=1).replace("\n", "\n  ")
                js.write(("," if slides else "") + "\n  " + text)
                slides += 1
        js.write("\n ]\n}" if slides else "]\n}")
    write_counts_csv(outdir / "counts.csv", tallies)


def write_counts_csv(path: Path, tallies: list[pl.DataFrame]) -> None:
    """Sum `counts` tables (by event type) of parts and write them as Datawrapper reads them."""
    if not tallies:
        path.write_text("month\n", encoding="utf-8")
        return
    whole = pl.concat(tallies).group_by("event_type", "period").agg(
        pl.col("events", "reports").sum())
    spreadsheet_safe(datawrapper_table(whole)).write_csv(path)


def thread_timeline(path: str, events: pl.DataFrame, thread: str, keys: pl.DataFrame) -> str:
    """Write the TimelineJS file of one thread (`events`: its events) at `path`; a job of
    its own, which any process can run."""
    doc = thread_timelinejs(events, thread, keys=keys)
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_thread_timelines(outdir: Path, events: pl.DataFrame,
                           min_events: int = DEFAULT.site_min_thread_events, *,
                           submit: Callable = run_here,
                           keys: pl.DataFrame | None = None) -> list[Path]:
    """One TimelineJS 3 file per thread of at least `min_events` real events:
    ``timelinejs/<thread>.json`` (`thread_timelinejs`), each written by
    ``submit(thread_timeline, ...)`` (an engine's, to write them in parallel); `keys`
    (`key_events`, default: of `events` alone) are the slides."""
    jobs = start_thread_timelines(outdir, events, min_events, submit=submit, keys=keys)
    return [Path(job.result()) for job in jobs]


def start_thread_timelines(outdir: Path, events: pl.DataFrame,
                           min_events: int = DEFAULT.site_min_thread_events, *,
                           submit: Callable = run_here,
                           keys: pl.DataFrame | None = None) -> list[Any]:
    """`write_thread_timelines` without waiting: the futures of its jobs (each gives its
    file's path), so the caller can write other files while the workers write these."""
    folder = outdir / "timelinejs"
    folder.mkdir(exist_ok=True)
    big = thread_table(events).filter(pl.col("dated") >= min_events)["thread"]
    keys = key_events(events) if keys is None else keys
    members = dict(by_thread(events).group_by("thread").agg("event_id").iter_rows())
    jobs = []
    for tid in big.to_list():
        mine = events.filter(pl.col("event_id").is_in(members[tid]))
        jobs.append(submit(thread_timeline, str(folder / f"{page_id(tid)}.json"), mine, tid,
                           keys.filter(pl.col("thread") == tid)))
    return jobs


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
    by_doc: dict[str, list[dict]] = {}  # only the columns read, as plain rows (fast to walk)
    tags = mentions.select("doc_id", "start", "end", "type", "value", "mod")
    for m in tags.sort("start", maintain_order=True).iter_rows(named=True):
        by_doc.setdefault(m["doc_id"], []).append(m)
    heads = documents.filter(pl.col("status") == "ok").select("doc_id", "dct", "text", "start")
    for doc in heads.iter_rows(named=True):
        root = ET.Element("TimeML")
        ET.SubElement(root, "DOCID").text = doc["doc_id"]
        if doc["dct"]:
            ET.SubElement(ET.SubElement(root, "DCT"), "TIMEX3", tid="t0", type="DATE",
                          value=doc["dct"], functionInDocument="CREATION_TIME").text = doc["dct"]
        body = ET.SubElement(root, "TEXT")
        text, base, at, last = doc["text"] or "", doc["start"], 0, None
        body.text = ""
        for n, m in enumerate(by_doc.get(doc["doc_id"], ()), 1):
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
    outdir: Path, documents: pl.DataFrame, mentions: pl.DataFrame, events: pl.DataFrame,
    keys: pl.DataFrame | None = None,
) -> None:
    """Write events.parquet, events.csv, timeline.json and timeml/<doc>.tml into `outdir`;
    the TimelineJS slides are `keys` (default: `key_events` of the events, documents and
    mentions)."""
    check(documents, DOCUMENTS, name="write_exports(documents)")
    check(mentions, MENTIONS, name="write_exports(mentions)")
    check(events, EVENTS, name="write_exports(events)")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    events.write_parquet(outdir / "events.parquet")
    write_event_files(outdir, [events])
    pages = without_members(events)  # no page lists a cluster's members
    if keys is None:
        keys = key_events(pages, documents=documents, mentions=mentions)
    write_thread_timelines(outdir, pages, keys=keys)
    append_timeml_index(outdir, write_timeml(outdir, documents, mentions))


def write_timeml(outdir: str | Path, documents: pl.DataFrame, mentions: pl.DataFrame
                 ) -> list[str]:
    """Write ``timeml/<doc>.tml`` for every readable document; the doc_ids written, in order
    (for `append_timeml_index`: a sharded build writes shards in parallel, the index after)."""
    tml = Path(outdir) / "timeml"
    tml.mkdir(exist_ok=True)
    written = to_timeml(documents, mentions)
    for doc_id, xml in written.items():  # names: threadline.filenames; XML 1.0 characters only
        (tml / (safe_name(doc_id) + ".tml")).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + clean_str(xml), encoding="utf-8")
    return list(written)


def append_timeml_index(outdir: str | Path, written: list[str]) -> None:
    """Append the files of `written` doc_ids to ``timeml/index.csv`` (file -> doc_id; a
    sharded build appends shard by shard, in shard order)."""
    tml = Path(outdir) / "timeml"
    tml.mkdir(exist_ok=True)
    with open(tml / "index.csv", "ab") as fh:
        manifest(written, ".tml").write_csv(fh, include_header=fh.tell() == 0)
