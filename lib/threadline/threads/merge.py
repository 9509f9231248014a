"""Same-event merging: reports of one real event, in one or many documents, share a cluster.

ACLED's rule is the base: same actors, same place, overlapping dates, compatible types; the
weapon and the trigger add evidence. Two asserted events (not negated, not merely expected)
from different sentences are linked when their types are compatible (equal, or both violent),
their actors (counting an actor's parent, IAF -> Israel: `actor_families`) overlap or one
names none, their specific places (`location_kind` not a country) are the same or within
`NEAR_KM` or one has none, their actor1 (the side that acts) are the same or one is unknown,
and:

* both are dated to a week or better and the dates overlap: they share an actor and the
  trigger, a weapon or the place. A date inherited from the narrative or the publication
  date only says "by then": it stands for the `SLACK_DAYS` before it;
* a date is coarser (a month, a year): the dates overlap and the specific place is the same;
* one is undated: a shared actor, a shared weapon and the same trigger.

Every link is written out as a readable reason; clusters are the connected components. An
event dated only by inheritance takes the date of a mention-dated report of its cluster in the
same document when that date falls in its window (dating by coreference, anchor "event").
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from threadline.schema import EVENTS, check, conform

NEAR_KM = 25.0
SLACK_DAYS = 30
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


#: Columns `extract_events` adds that merging reads (see `threadline.events.EXTRA`), with
#: what they mean when a frame lacks them.
_INPUTS: dict[str, pl.Expr] = {
    "actors": pl.lit([], dtype=pl.List(pl.String)),
    "weapons": pl.lit([], dtype=pl.List(pl.String)),
    "actor_families": pl.col("actors"),
    "actor1_parent": pl.lit(None, pl.String),
    "location_kind": pl.lit(None, pl.String),
    "factuality": pl.lit("asserted"),
}


def _specific(e: dict) -> bool:
    """Whether an event's location is a place below a country (a town, a base, a region)."""
    return e["location"] is not None and e["location_kind"] not in (None, "country")


def _km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _window(e: dict) -> tuple[dt.date, dt.date, bool] | None:
    """(first, last possible day, precise to a week?); inherited dates reach back SLACK_DAYS."""
    if e["date_end"] is None or e["date_start"] is None:
        return None
    precise = (e["date_end"] - e["date_start"]).days < 7
    start = e["date_start"]
    if e["anchor"] in ("narrative", "dct"):
        start = start - dt.timedelta(days=SLACK_DAYS)
    return start, e["date_end"], precise


def link_reason(a: dict, b: dict) -> str | None:
    """Why events `a` and `b` report the same real event, or None when they do not."""
    if "negated" in (a["factuality"], b["factuality"]) or "expected" in (
            a["factuality"], b["factuality"]):
        return None
    ta, tb = a["event_type"], b["event_type"]
    if not (ta == tb or {ta, tb} <= _VIOLENT):
        return None
    wa, wb = _window(a), _window(b)
    if wa and wb and (wa[0] > wb[1] or wb[0] > wa[1]):
        return None
    shared = sorted(set(a["actor_families"]) & set(b["actor_families"]))
    if a["actors"] and b["actors"] and not shared:
        return None
    side_a = {a["actor1"], a["actor1_parent"] or a["actor1"]}
    side_b = {b["actor1"], b["actor1_parent"] or b["actor1"]}
    if a["actor1"] and b["actor1"] and not side_a & side_b:
        return None
    same_place = False
    if _specific(a) and _specific(b):
        same_place = a["location"] == b["location"] or (
            None not in (a["lat"], b["lat"]) and _km(a, b) <= NEAR_KM)
        if not same_place:
            return None
    weapons = sorted(set(a["weapons"]) & set(b["weapons"]))
    same_trigger = a["trigger"] == b["trigger"]
    if wa is None or wb is None:
        if not (shared and weapons and same_trigger):
            return None
    elif wa[2] and wb[2]:
        if not (shared and (same_trigger or weapons or same_place)):
            return None
    elif not same_place:
        return None
    parts = []
    if shared:
        parts.append(f"same actors ({', '.join(shared)})")
    if same_place:
        parts.append(f"same place ({a['location']})")
    if wa and wb:
        parts.append(f"dates overlap {max(wa[0], wb[0])}..{min(wa[1], wb[1])}")
    else:
        parts.append("one report is undated")
    if weapons:
        parts.append(f"same weapon ({', '.join(weapons)})")
    parts.append(f"both {a['trigger']}" if same_trigger else f"{a['trigger']} / {b['trigger']}")
    return f"{b['event_id']} ~ {a['event_id']}: " + ", ".join(parts)


_DATE_COLS = ("date", "mod", "date_start", "date_end", "granularity", "date_text",
              "date_mention_id")


def _date_by_coreference(rows: dict[str, dict], root: dict[str, str]) -> dict[str, dict]:
    """New date fields for inherited-date events whose cluster has a mention-dated report of
    the same document with a date inside their window."""
    donors: dict[tuple[str, str], list[dict]] = {}
    for e in rows.values():
        if e["anchor"] == "mention" and e["date_start"] and e["granularity"] == "day":
            donors.setdefault((root[e["event_id"]], e["doc_id"]), []).append(e)
    out = {}
    for e in rows.values():
        w = _window(e)
        if e["anchor"] not in ("narrative", "dct") or w is None:
            continue
        for d in donors.get((root[e["event_id"]], e["doc_id"]), []):
            if w[0] <= d["date_start"] <= w[1]:
                out[e["event_id"]] = {**{c: d[c] for c in _DATE_COLS}, "anchor": "event",
                                      "date_reason": f"no date in the sentence; dated through "
                                      f"the same event reported in {d['event_id']} "
                                      f"({d['date_text']!r}), not the inherited {e['date']}"}
                break
    return out


def _month(day: pl.Expr) -> pl.Expr:
    """A day's month as one integer (year * 12 + month - 1), to bucket date windows."""
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1


def candidate_pairs(events: pl.DataFrame) -> pl.DataFrame:
    """(event_id, event_id_b) pairs that `link_reason` may link, sorted: events from different
    sentences sharing an actor, weapon or place, and meeting what every link needs, as keys of
    one join so the work grows with the events that could match, not with all pairs:

    * neither negated nor expected, and types compatible (equal, or both violent);
    * both dated: the date windows share a month (overlapping windows do);
    * one undated: the same trigger (a link also needs a shared actor and weapon).

    >>> ev = conform(pl.DataFrame({"event_id": ["a/E1", "b/E1", "c/E1"], "doc_id": ["a", "b",
    ...     "c"], "start": 0, "trigger": "strike", "event_type": "Battles", "anchor": "mention",
    ...     "date_start": [dt.date(2020, 4, 2), dt.date(2020, 4, 30), dt.date(2021, 1, 1)],
    ...     "date_end": [dt.date(2020, 4, 2), dt.date(2020, 4, 30), dt.date(2021, 1, 1)],
    ...     "actors": [["IDF"]] * 3, "weapons": [[]] * 3, "factuality": "asserted"}), EVENTS)
    >>> candidate_pairs(ev).rows()
    [('a/E1', 'b/E1')]
    """
    group = pl.when(pl.col("event_type").is_in(sorted(_VIOLENT))).then(pl.lit("violent"))
    lo = pl.when(pl.col("anchor").is_in(["narrative", "dct"])).then(
        pl.col("date_start") - pl.duration(days=SLACK_DAYS)).otherwise(pl.col("date_start"))
    dated = pl.col("date_start").is_not_null() & pl.col("date_end").is_not_null()
    keys = (
        events.filter(~pl.col("factuality").is_in(["negated", "expected"]).fill_null(False))
        .select(
            "event_id", "doc_id", "start", "trigger", dated.alias("dated"),
            group.otherwise(pl.col("event_type").fill_null("")).alias("types"),
            pl.when(dated).then(pl.int_ranges(_month(lo), _month(pl.col("date_end")) + 1))
            .alias("month"),
            pl.concat_list(pl.col("actors").fill_null([]), pl.col("weapons").fill_null([]),
                           pl.col("location")).alias("k"),
        )
        .explode("k").drop_nulls("k")
    )
    both = keys.filter("dated").explode("month")
    undated = keys.filter(~pl.col("dated"))
    found = [
        both.join(both, on=["k", "types", "month"], suffix="_b"),
        undated.join(keys, on=["k", "types", "trigger"], suffix="_b"),
        keys.join(undated, on=["k", "types", "trigger"], suffix="_b"),
    ]
    return (
        pl.concat([f.select("event_id", "event_id_b", "doc_id", "doc_id_b", "start", "start_b")
                   for f in found])
        .filter((pl.col("event_id") < pl.col("event_id_b"))
                & ((pl.col("doc_id") != pl.col("doc_id_b"))
                   | (pl.col("start") != pl.col("start_b"))))
        .select("event_id", "event_id_b").unique().sort("event_id", "event_id_b")
    )


def merge_events(events: pl.DataFrame) -> pl.DataFrame:
    """Give every event a cluster_id ("C-" + its smallest event_id), a readable
    cluster_reason and n_sources (distinct documents in the cluster); sentences are kept.

    >>> ev = pl.DataFrame({"event_id": ["a/E001", "b/E001"], "doc_id": ["a", "b"],
    ...     "start": [0, 0], "trigger": ["strike", "strike"],
    ...     "event_type": ["Explosions/Remote violence"] * 2, "anchor": ["mention"] * 2,
    ...     "date_start": [dt.date(2020, 4, 20)] * 2, "date_end": [dt.date(2020, 4, 20)] * 2,
    ...     "location": ["Palmyra", "Palmyra"], "lat": [34.56] * 2, "lon": [38.27] * 2,
    ...     "actors": [["Israel"], ["Israeli Air Force"]], "weapons": [[], []],
    ...     "actor_families": [["Israel"], ["Israeli Air Force", "Israel"]]})
    >>> merge_events(conform(ev, EVENTS)).select("cluster_id", "n_sources").rows()
    [('C-a/E001', 2), ('C-a/E001', 2)]
    """
    check(events, {k: EVENTS[k] for k in ("event_id", "doc_id", "start", "trigger")},
          name="merge_events")
    for col, default in _INPUTS.items():
        if col not in events.columns:
            events = events.with_columns(default.alias(col))
    rows = {r["event_id"]: r for r in events.iter_rows(named=True)}
    pairs = candidate_pairs(events)
    parent = {e: e for e in rows}
    reasons: dict[str, list[str]] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs.iter_rows():
        why = link_reason(rows[a], rows[b])
        if why:
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
            reasons.setdefault(a, []).append(why)
    roots = {e: find(e) for e in rows}
    redated = _date_by_coreference(rows, roots)
    if redated:
        fix = pl.DataFrame([{"event_id": k, **v} for k, v in redated.items()],
                           schema={"event_id": pl.String, **{c: EVENTS[c] for c in
                                   (*_DATE_COLS, "anchor", "date_reason")}})
        events = events.update(fix, on="event_id", how="left")
    comp = pl.DataFrame({"event_id": list(rows), "_root": [roots[e] for e in rows]},
                        schema={"event_id": pl.String, "_root": pl.String})
    comp = comp.join(events.select("event_id", "doc_id"), on="event_id").with_columns(
        ("C-" + pl.col("event_id").min().over("_root")).alias("cluster_id"),
        pl.col("doc_id").n_unique().over("_root").cast(pl.Int64).alias("n_sources"),
    )
    link_text = pl.DataFrame({"event_id": list(reasons),
                              "_r": ["; ".join(v) for v in reasons.values()]},
                             schema={"event_id": pl.String, "_r": pl.String})
    comp = comp.join(link_text, on="event_id", how="left").sort("event_id").with_columns(
        pl.col("_r").drop_nulls().str.join("; ").over("_root").alias("cluster_reason"))
    comp = comp.with_columns(
        pl.when(pl.col("cluster_reason") == "").then(pl.lit("single report: no other event "
                                                            "matches it"))
        .otherwise(pl.col("cluster_reason")).alias("cluster_reason"))
    out = events.drop("cluster_id", "cluster_reason", "n_sources", strict=False).join(
        comp.select("event_id", "cluster_id", "cluster_reason", "n_sources"),
        on="event_id", how="left", maintain_order="left")
    return conform(out, EVENTS)
