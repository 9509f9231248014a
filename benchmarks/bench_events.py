"""Accuracy, speed and memory of `threadline.extract_events` on real conflict reporting.

ACLED notes (acled_dev.jsonl): share of notes with an event; the note's first event (smallest
start offset, ties in event_id order) scored against ACLED's coding: date, event type, sub-event
type, location, actor1 (exact name, same kind, and same kind with the country aside: a
diagnostic of the actor rules apart from the place that gives the country), inter1, admin1,
geo_precision; overall, per sub-event and event type.
re3d (re3d_dev.jsonl): gold Location/Weapon/Organisation spans in event sentences found in the
event's place/weapon/actor columns (its place: location, the text as written, admin1, country,
the places coordinated with it, and the sites: the facilities and nominal places of its
sentence); reported places that match a gold Location. Speed: chars/s
of extract_events and tag_dates on the 342 tls_dev articles, one core, fresh processes, median
of 3; peak RSS. The dev files are read by path and never copied; `--errors` prints to the
terminal only. Public API only (`import threadline as tl`).

    .venv/bin/python benchmarks/bench_events.py [--acled PATH] [--re3d PATH] [--tls PATH]
        [--limit N] [--skip-speed] [--errors N] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import polars as pl
import threadline as tl

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
#: Widest interval (days) that still "contains" ACLED's date at time_precision 2 (the source
#: gives a week or a few days) and 3 (only the month, or a longer range ending in it).
MAX_SPAN = {"2": 7, "3": 31}
TARGETS = {"events": 97, "date": 97, "event type": 85, "sub-event type": 75, "location": 75,
           "actor1 exact": 60}
RE3D_TARGETS = {"Location": 80, "Weapon": 70, "Organisation": 60}
RE3D_COLUMNS = {"Location": ("location", "location_text", "admin1", "country", "sites",
                             "co_locations"),
                "Weapon": ("weapon", "weapons", "weapons_text"),
                "Organisation": ("actor1", "actor2", "assoc_actors", "actors", "actors_text")}
#: The same with the list of every place named in the event's sentence (`places`).
RE3D_WIDE = {**RE3D_COLUMNS, "Location": (*RE3D_COLUMNS["Location"], "places")}
#: A sentence of our own, to load rules and gazetteer before timing (not part of any corpus).
WARM_TEXT = "On 3 May 2020, soldiers shelled a village near the border, killing two farmers."
MEASURES = ["events", "date", "event type", "sub-event type", "location", "actor1 exact",
            "actor1 same kind", "actor1 kind, country aside", "actor2 exact", "inter1",
            "admin1", "geo_precision"]
#: Measures over EVENTS columns that may not exist yet (printed n/a until they do).
OPTIONAL = ("inter1", "admin1", "geo_precision")
_PERIOD = re.compile(r"\s*\(\d{4}-(\d{4})?\)")
_STATE = re.compile(r"^(?:military|police) forces of (?:the )?(.+)$", re.IGNORECASE)
_QUALIFIED = re.compile(r"^(.*?)\s*\(([^()]+)\)$")
_GENERIC = {"protesters": "protesters", "rioters": "rioters", "civilians": "civilians",
            "unidentified armed group": "unidentified", "unidentified gang": "unidentified",
            "unidentified military forces": "unidentified"}


def fold(s: str | None) -> str:
    """Accent- and case-folded words: NFKD without marks, casefolded, punctuation as space."""
    if not s:
        return ""
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", s.casefold()).split())


def contains_either(a: str | None, b: str | list | None) -> bool:
    """Whether one folded string is a whole-word substring of the other (any item of a list)."""
    if isinstance(b, list):
        return any(contains_either(a, x) for x in b)
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and (f" {fa} " in f" {fb} " or f" {fb} " in f" {fa} ")


def actor_exact(name: str | None) -> str:
    """An actor name for the exact comparison: ACLED's period suffix "(2019-)" dropped, folded."""
    return fold(_PERIOD.sub("", name or ""))


def actor_kind(name: str | None) -> str:
    """A looser key: state forces of one country (military or police) are one kind; a generic
    label keeps its country ("protesters|india"); a named group drops its qualifier."""
    s = _PERIOD.sub("", name or "").strip()
    if m := _STATE.match(s):
        return f"state forces|{fold(m.group(1))}"
    if (m := _QUALIFIED.match(s)) and fold(m.group(1)) in _GENERIC:
        return f"{_GENERIC[fold(m.group(1))]}|{fold(m.group(2))}"
    return fold(m.group(1)) if m else fold(s)


def actor_kind_any_country(name: str | None) -> str:
    """`actor_kind` with the country left out ("Protesters (India)" and "Protesters" agree):
    a diagnostic of the actor rules apart from the place that gives the country."""
    kind = actor_kind(name)
    if kind.startswith("state forces|") or fold(name) in ("military forces", "police forces"):
        return "military" if "military" in fold(name) else "police"
    return _GENERIC.get(kind, kind.split("|")[0])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def read_rows(path: Path, limit: int | None = None) -> list[dict]:
    """The JSON objects of a JSONL file (the first `limit` of them)."""
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[:limit] if limit else rows


def to_documents(rows: list[dict], source: str, prefix: str) -> pl.DataFrame:
    """DOCUMENTS of table rows via the public table reader, doc ids "<prefix><row>" (the dev
    files' own ids are not all unique or non-empty)."""
    table = pl.DataFrame({"doc_id": [f"{prefix}{i:05d}" for i in range(len(rows))],
                          "text": [r.get("text") for r in rows],
                          "published": [r.get("published") for r in rows]},
                         schema={"doc_id": pl.String, "text": pl.String, "published": pl.String})
    return tl.documents.from_table(table, source)


def events_of(docs: pl.DataFrame) -> pl.DataFrame:
    """extract_events over `docs`, mentions from tag_dates."""
    return tl.extract_events(docs, tl.tag_dates(docs))


def first_events(events: pl.DataFrame) -> dict[str, dict]:
    """Each document's first event: smallest start offset, ties broken by event_id."""
    first = events.sort("doc_id", "start", "event_id").group_by("doc_id", maintain_order=True)
    return {r["doc_id"]: r for r in first.first().iter_rows(named=True)}


def date_right(ev: dict, gold: dict) -> bool:
    """ACLED time_precision 1: the event is that very day; 2/3: its interval contains ACLED's
    date and spans at most a week/month. An undated event is wrong."""
    start, end = ev.get("date_start"), ev.get("date_end")
    if start is None or end is None:
        return False
    day, precision = dt.date.fromisoformat(gold["event_date"]), gold["time_precision"]
    if precision == "1":
        return start == end == day
    return start <= day <= end and (end - start).days + 1 <= MAX_SPAN.get(precision, 31)


def location_right(ev: dict, gold: dict) -> bool:
    """The event's location names ACLED's (folded), or lies within 10 km of its coordinates."""
    if ev.get("location") and fold(ev["location"]) == fold(gold["location"]):
        return True
    if ev.get("lat") is None or ev.get("lon") is None or not gold.get("latitude"):
        return False
    gold_at = float(gold["latitude"]), float(gold["longitude"])
    return haversine_km(ev["lat"], ev["lon"], *gold_at) <= 10.0


def _same(value: object, gold: str) -> bool:
    """A coded value (inter1 1, admin1 "Kasai-Oriental") equal to ACLED's, folded."""
    return value is not None and fold(str(value)) == fold(gold)


def _type(s: str | None) -> str:
    return fold(s).replace("protestors", "protesters")


def score_note(ev: dict | None, gold: dict, has: set[str]) -> dict[str, bool | None]:
    """Right/wrong per measure for one note (None: the column does not exist yet)."""
    # actor2 is scored only on notes whose gold names one (a missing actor2 is then wrong)
    actor2 = None if not gold.get("actor2") else bool(ev and ev["actor2"]) and actor_exact(
        ev["actor2"]) == actor_exact(gold["actor2"])
    if ev is None:
        return ({k: False for k in MEASURES} | {k: None for k in OPTIONAL if k not in has}
                | {"actor2 exact": actor2})
    return {"actor2 exact": actor2,
        "events": True, "date": date_right(ev, gold),
        "event type": _type(ev["event_type"]) == _type(gold["event_type"]),
        "sub-event type": _type(ev["sub_event_type"]) == _type(gold["sub_event_type"]),
        "location": location_right(ev, gold),
        "actor1 exact": bool(ev["actor1"]) and actor_exact(ev["actor1"]) == actor_exact(
            gold["actor1"]),
        "actor1 same kind": bool(ev["actor1"]) and actor_kind(ev["actor1"]) == actor_kind(
            gold["actor1"]),
        "actor1 kind, country aside": bool(ev["actor1"]) and actor_kind_any_country(
            ev["actor1"]) == actor_kind_any_country(gold["actor1"]),
        **{k: _same(ev.get(k), gold[k]) if k in has else None for k in OPTIONAL},
    }


def score_acled(rows: list[dict], events: pl.DataFrame) -> pl.DataFrame:
    """One row per note: gold types, then right/wrong (null: n/a) per measure."""
    first, has = first_events(events), set(events.columns)
    out = []
    for i, row in enumerate(rows):
        ev = first.get(f"acled{i:05d}")
        out.append({"row": i, "precision": row["gold"]["time_precision"],
                    "gold_event_type": row["gold"]["event_type"],
                    "gold_sub_event_type": row["gold"]["sub_event_type"],
                    **score_note(ev, row["gold"], has)})
    return pl.DataFrame(out, schema_overrides={m: pl.Boolean for m in MEASURES})


def rates(scored: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """Percent right per measure (n/a where the column does not exist), overall or by `by`."""
    pct = [pl.when(pl.col(m).is_null().all()).then(pl.lit("n/a"))
           .otherwise((pl.col(m).mean() * 100).round(1).cast(pl.String)).alias(m)
           for m in MEASURES]
    if by is None:
        return scored.select(pl.len().alias("n"), *pct)
    return scored.group_by(by).agg(pl.len().alias("n"), *pct).sort(["n", by],
                                                                     descending=[True, False])


def acled_summary(scored: pl.DataFrame) -> pl.DataFrame:
    """The headline table: measure, right, share, target."""
    overall = rates(scored).row(0, named=True)
    rows = []
    for m in MEASURES:
        right = "n/a" if overall[m] == "n/a" else str(int(scored[m].sum()))
        share = overall[m] if overall[m] == "n/a" else f"{overall[m]}%"
        rows.append((m, right, share, f">= {TARGETS[m]}%" if m in TARGETS else ""))
    return pl.DataFrame(rows, schema=["measure", "right", "share", "target"], orient="row")


def _shown(ev: dict | None, measure: str, gold: dict) -> str:
    """Gold -> predicted for one wrong measure, for the --errors listing."""
    if ev is None:
        return f"gold {gold['event_type']} / {gold['sub_event_type']}; no event"
    pairs = {
        "date": (f"{gold['event_date']} (precision {gold['time_precision']})",
                 f"[{ev['date_start']}, {ev['date_end']}] from {ev.get('date_text')!r}"),
        "event type": (gold["event_type"], f"{ev['event_type']} ({ev.get('trigger')!r})"),
        "sub-event type": (gold["sub_event_type"], f"{ev['sub_event_type']} "
                                                   f"({ev.get('trigger')!r})"),
        "location": (gold["location"], f"{ev['location']} ({ev['lat']}, {ev['lon']})"),
        "actor1 exact": (gold["actor1"], ev["actor1"]),
        "actor1 same kind": (gold["actor1"], ev["actor1"]),
        "actor1 kind, country aside": (gold["actor1"], ev["actor1"]),
        "actor2 exact": (gold["actor2"], ev["actor2"]),
        **{k: (gold[k], ev.get(k)) for k in OPTIONAL},
    }
    g, p = pairs[measure]
    return f"gold {g} -> {p}"


def print_errors(rows: list[dict], events: pl.DataFrame, scored: pl.DataFrame, n: int) -> None:
    """N sample notes (seeded draw) per wrong measure, to the terminal only."""
    first = first_events(events)
    for m in MEASURES:
        bad = scored.filter(~pl.col(m) & (pl.col("events") | (m == "events")))
        wrong = bad["row"].to_list()
        if not wrong:
            continue
        print(f"\n-- {m}: {len(wrong)} wrong among notes with an event"
              if m != "events" else f"\n-- no event: {len(wrong)} notes")
        for i in sorted(random.Random(0).sample(wrong, min(n, len(wrong)))):
            row, ev = rows[i], first.get(f"acled{i:05d}")
            print(f"[{row['doc_id']}] {_shown(ev, m, row['gold'])}")
            print(f"    {row['text'][:400]}")


def re3d_spans(rows: list[dict], events: pl.DataFrame, columns: dict = RE3D_COLUMNS
               ) -> list[dict]:
    """Every gold Location/Weapon/Organisation span (whatever its annotator confidence), with
    whether it lies in an event sentence and whether it appears in that event's columns."""
    has = set(events.columns)
    by_doc: dict[str, list[dict]] = {}
    for ev in events.iter_rows(named=True):
        by_doc.setdefault(ev["doc_id"], []).append(ev)
    out = []
    for i, row in enumerate(rows):
        evs = by_doc.get(f"re3d{i:05d}", [])
        for ent in row.get("entities") or []:
            if ent["type"] not in columns:
                continue
            around = [e for e in evs if e["start"] <= ent["begin"] and ent["end"] <= e["end"]]
            cols = [c for c in columns[ent["type"]] if c in has]
            found = any(contains_either(ent["value"], e[c]) for e in around for c in cols)
            out.append({"type": ent["type"], "in_event": bool(around), "found": found})
    return out


def re3d_places(rows: list[dict], events: pl.DataFrame, as_written: bool = False,
                column: str = "location") -> tuple[int, int, int, int]:
    """(reported places, matching a gold Location of the document; the same over distinct
    (document, place) pairs). A place matches by the name in `column` (`location`: a town as
    the document writes it when that is a name of its gazetteer entry, "Palmyra";
    `gazetteer_name`: the entry's own name, "Tadmur"), or with `as_written` also by the text
    it was read from: a transliteration is no false place."""
    gold = {f"re3d{i:05d}": [e["value"] for e in r.get("entities") or []
                             if e["type"] == "Location"] for i, r in enumerate(rows)}
    column = column if column in events.columns else "location"
    reported = events.filter(pl.col("location").is_not_null()).select(
        "doc_id", pl.coalesce(column, "location"), "location_text")

    def hit(d: str, name: str, text: str | None) -> bool:
        names = [name, text] if as_written and text else [name]
        return any(contains_either(p, g) for p in names for g in gold.get(d, []))

    hits = [hit(*r) for r in reported.iter_rows()]
    distinct = {(d, fold(p)): h for (d, p, _), h in zip(reported.iter_rows(), hits, strict=True)}
    return len(hits), sum(hits), len(distinct), sum(distinct.values())


def re3d_table(rows: list[dict], events: pl.DataFrame, columns: dict = RE3D_COLUMNS
               ) -> pl.DataFrame:
    """Per entity type: gold spans, spans in event sentences, found in the event, target."""
    spans = pl.DataFrame(re3d_spans(rows, events, columns),
                         schema={"type": pl.String, "in_event": pl.Boolean, "found": pl.Boolean})
    table = spans.group_by("type").agg(
        pl.len().alias("gold spans"), pl.col("in_event").sum().alias("in event sentences"),
        pl.col("found").sum().alias("found in event"),
    ).with_columns(
        pl.when(pl.col("in event sentences") > 0)
        .then((100 * pl.col("found in event") / pl.col("in event sentences")).round(1)
              .cast(pl.String) + "%").otherwise(pl.lit("n/a")).alias("share"),
        pl.format(">= {}%", pl.col("type").replace_strict(RE3D_TARGETS)).alias("target"),
    )
    order = list(RE3D_COLUMNS)
    return table.sort(pl.col("type").replace_strict(order, list(range(len(order)))))


def _rss_mb() -> float:
    """This process's peak resident set so far, in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _timed(fn) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result) of fn()."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def speed_child(folder: Path, verb: str) -> int:
    """In a fresh process (POLARS_MAX_THREADS=1): warm `verb` on a sentence of our own (loads
    rules and gazetteer), then time it once on the articles (extract_events: with their
    precomputed mentions); print the timings and peak RSS as one JSON line."""
    docs = pl.read_parquet(folder / "documents.parquet")
    mentions = pl.read_parquet(folder / "mentions.parquet")
    warm = tl.documents.from_table(
        pl.DataFrame({"doc_id": ["warm"], "text": [WARM_TEXT], "published": ["2020-05-04"]}),
        "warmup.jsonl")
    if verb == "events":
        warm_mentions = tl.tag_dates(warm)
        rss_inputs = _rss_mb()
        load_s, _, _ = _timed(lambda: tl.extract_events(warm, warm_mentions))
        rss_warm = _rss_mb()
        wall, cpu, out = _timed(lambda: tl.extract_events(docs, mentions))
    else:
        rss_inputs = _rss_mb()
        load_s, _, _ = _timed(lambda: tl.tag_dates(warm))
        rss_warm = _rss_mb()
        wall, cpu, out = _timed(lambda: tl.tag_dates(docs))
    print(json.dumps({
        "chars": int(docs["text"].str.len_chars().sum()), "rows": out.height, "load_s": load_s,
        "wall_s": wall, "cpu_s": cpu, "rss_inputs_mb": rss_inputs, "rss_warm_mb": rss_warm,
        "rss_peak_mb": _rss_mb(), "threads": os.environ.get("POLARS_MAX_THREADS")}))
    return 0


def tls_articles(path: Path) -> pl.DataFrame:
    """DOCUMENTS of the `kind == "article"` rows of the TLS file."""
    rows = [r for r in read_rows(path) if r.get("kind") == "article"]
    return to_documents(rows, str(path), "tls")


def _medians(results: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in results) for k in results[0] if k != "threads"}


def measure_speed(path: Path, runs: int) -> pl.DataFrame:
    """`speed_child` for extract_events and for tag_dates, alternating, `runs` times each,
    every one in a fresh one-thread interpreter; a table of the medians."""
    docs = tls_articles(path)
    results: dict[str, list[dict]] = {"events": [], "tag": []}
    with tempfile.TemporaryDirectory(prefix="bench_events_") as tmp:
        docs.write_parquet(Path(tmp) / "documents.parquet")
        tl.tag_dates(docs).write_parquet(Path(tmp) / "mentions.parquet")
        env = {**os.environ, "POLARS_MAX_THREADS": "1"}
        for _ in range(runs):
            for verb, found in results.items():
                cmd = [sys.executable, __file__, "--speed-child", tmp, verb]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
                found.append(json.loads(out.stdout.strip().splitlines()[-1]))
    ev, tag = _medians(results["events"]), _medians(results["tag"])
    chars = ev["chars"]

    def figure(m: dict, label: str) -> tuple[str, str]:
        return (label, f"{m['wall_s']:.2f} s = {chars / m['wall_s']:,.0f} chars/s; "
                       f"CPU/wall {m['cpu_s'] / m['wall_s']:.2f}")

    def rss(m: dict) -> str:
        return (f"{m['rss_peak_mb']:,.0f} MB (inputs loaded {m['rss_inputs_mb']:,.0f} MB, "
                f"after warm-up {m['rss_warm_mb']:,.0f} MB)")

    span = [r["wall_s"] for r in results["events"]]
    rows = [
        ("articles", f"{docs.height} tls_dev articles, {chars:,.0f} chars, "
                     f"{ev['rows']:,.0f} events, {tag['rows']:,.0f} mentions"),
        ("first call on one sentence (loads rules)", f"extract_events {ev['load_s']:.2f} s, "
                                                     f"tag_dates {tag['load_s']:.2f} s"),
        figure(ev, "extract_events (mentions precomputed)"),
        ("  target", ">= 500,000 chars/s"),
        figure(tag, "tag_dates, same run"),
        ("time ratio extract_events / tag_dates", f"{ev['wall_s'] / tag['wall_s']:.2f}"),
        ("peak RSS, extract_events process", rss(ev)),
        ("peak RSS, tag_dates process", rss(tag)),
        ("runs", f"{runs} fresh processes per verb, alternating, median; POLARS_MAX_THREADS="
                 f"{results['events'][0]['threads']}; extract_events range "
                 f"{min(span):.2f}-{max(span):.2f} s"),
    ]
    return pl.DataFrame(rows, schema=["measure", "value"], orient="row")


def _print(title: str, table: pl.DataFrame) -> None:
    print(f"\n{title}")
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=220, fmt_str_lengths=160,
                   tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(table)


def run_acled(args: argparse.Namespace) -> None:
    """Score the ACLED notes: headline table, per sub-event and event type, errors."""
    rows = read_rows(args.acled, args.limit)
    t0 = time.perf_counter()
    events = events_of(to_documents(rows, str(args.acled), "acled"))
    scored = score_acled(rows, events)
    _print(f"ACLED dev: {len(rows)} notes, {events.height} events, first event per note "
           f"(smallest start; ties by event_id); abstentions are wrong "
           f"({time.perf_counter() - t0:.1f} s)", acled_summary(scored))
    by_precision = (scored.group_by("precision").agg(pl.len(), pl.col("date").sum())
                    .sort("precision"))
    print("date right by ACLED time_precision: " + "; ".join(
        f"{p}: {d}/{n}" for p, n, d in by_precision.iter_rows()))
    _print("per sub-event type (ACLED's), % right", rates(scored, "gold_sub_event_type"))
    _print("per event type (ACLED's), % right", rates(scored, "gold_event_type"))
    if args.errors:
        print_errors(rows, events, scored, args.errors)


def run_re3d(args: argparse.Namespace) -> None:
    """Score the re3d documents: gold spans found in their event, reported places."""
    rows = read_rows(args.re3d, args.limit)
    events = events_of(to_documents(rows, str(args.re3d), "re3d"))
    _print(f"re3d dev: {len(rows)} documents, {events.height} events; a gold span is found "
           "when it and a value of the event's columns, folded, contain one another as whole "
           "words: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in RE3D_COLUMNS.items()),
           re3d_table(rows, events))
    _print("re3d, the same with every place named in the event's sentence (`places`) counted "
           "as the event's place", re3d_table(rows, events, RE3D_WIDE).filter(
               pl.col("type") == "Location"))
    for as_written, column, how in (
            (False, "location", "by the location's name"),
            (False, "gazetteer_name", "by the gazetteer entry's own name (gazetteer_name)"),
            (True, "location", "by name or text as written")):
        n, hit, nd, hitd = re3d_places(rows, events, as_written, column)
        share = f"{100 * hit / n:.1f}%" if n else "n/a"
        dshare = f"{100 * hitd / nd:.1f}%" if nd else "n/a"
        print(f"reported places matching a gold Location of the document, {how}: {hit}/{n} "
              f"events = {share} (target >= 90%); distinct (document, place): {hitd}/{nd} = "
              f"{dshare}")


def main(argv: list[str] | None = None) -> int:
    """Parse flags, run each section whose file exists, print its tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--acled", type=Path, default=DATA / "acled_dev.jsonl")
    ap.add_argument("--re3d", type=Path, default=DATA / "re3d_dev.jsonl")
    ap.add_argument("--tls", type=Path, default=DATA / "tls_dev.jsonl")
    ap.add_argument("--limit", type=int, default=None, metavar="N",
                    help="score only the first N ACLED notes and re3d documents")
    ap.add_argument("--skip-speed", action="store_true", help="no throughput/memory runs")
    ap.add_argument("--runs", type=int, default=3, help="fresh speed processes (median)")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print N sample ACLED notes per wrong measure (terminal only)")
    ap.add_argument("--speed-child", nargs=2, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.speed_child:
        return speed_child(Path(args.speed_child[0]), args.speed_child[1])
    print(f"bench_events: threadline {tl.__version__}, polars {pl.__version__}, python "
          f"{sys.version.split()[0]}")
    for path, run in ((args.acled, run_acled), (args.re3d, run_re3d)):
        if path.exists():
            run(args)
        else:
            print(f"note: {path} not found, section skipped", file=sys.stderr)
    if not args.skip_speed:
        if args.tls.exists():
            _print("speed and memory (tls_dev articles)", measure_speed(args.tls, args.runs))
        else:
            print(f"note: {args.tls} not found, speed skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
