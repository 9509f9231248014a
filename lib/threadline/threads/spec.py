"""EVENTS -> conflict threads (from a user's YAML spec, or clustered automatically).

A thread spec file (see data/threads.yaml) lists threads with an id, a label, and the
keywords, actors, weapons and places that mark their events, plus an optional time span.
An event scores one point per matching actor, weapon or place and two per keyword; it joins
every thread where it reaches the spec's ``min_score`` (default 2), the best one first.
A spec steers discovery (``discover``, on by default): all events are also clustered
automatically (on their actors, weapons, places, names, words, article and time; see
`threadline.threads.auto.auto_threads`), and each discovered thread whose spec-claimed events
are mostly (more than half) one spec thread's takes that spec thread's id and label
(`threadline.threads.steer`): the spec names and gathers the clusters that match it, since a
cluster's events voting together are firmer evidence than one sentence's keywords. A
discovered thread no spec thread dominates keeps its own id and label (a story the spec does
not describe); an event discovery leaves out keeps its best spec thread; every spec thread an
event reaches stays in its ``thread_ids``. Without a spec, or with ``discover`` False, threads
are the automatic ones, or the row-by-row spec scores alone. Discovery depends on all the
events given (deterministic for them), so a sharded build threads the whole corpus once (from
``THREAD_INPUTS``) rather than block by block.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from threadline.schema import EVENTS, check, conform
from threadline.threads.auto import auto_threads
from threadline.threads.specfile import load_threads
from threadline.threads.steer import steer

_FEATURES = ("actors", "weapons", "places")
#: What `assign_threads` adds: an event's primary thread, its label and all its threads.
THREAD_COLUMNS = ("event_id", "thread_id", "thread_label", "thread_ids")
#: Every column `assign_threads` reads (spec scoring and discovery): threading a corpus
#: from these alone gives the threads of the full frame (a sharded build relies on it).
THREAD_INPUTS = ("event_id", "doc_id", "start", "sentence", "date_start", "date_end",
                 "event_type", "sub_event_type", "actor1", "actor2", "location", "admin1",
                 "country", "weapon", "location_kind", "location_rule", *_FEATURES)


def _score(spec: dict) -> pl.Expr:
    """Vectorised score of every event against one thread spec."""
    score = pl.lit(0)
    if spec.get("keywords"):
        words = "|".join(re.escape(k) for k in spec["keywords"])
        hits = pl.col("sentence").str.extract_all(rf"(?i)\b(?:{words})\b").list.unique()
        score = score + 2 * hits.list.len()
    for feat in _FEATURES:
        if spec.get(feat):
            names = pl.lit(pl.Series([[str(x) for x in spec[feat]]], dtype=pl.List(pl.String))
                           ).first()
            score = score + pl.col(feat).list.set_intersection(names).list.len()
    span = spec["time_span"]
    if span:
        outside = pl.lit(False)
        if "start" in span:
            outside = outside | (pl.col("date_end") < span["start"])
        if "end" in span:
            outside = outside | (pl.col("date_start") > span["end"])
        score = pl.when(outside.fill_null(False)).then(0).otherwise(score)
    return score


def with_features(events: pl.DataFrame) -> pl.DataFrame:
    """`events` with the feature lists threading reads (actors, weapons, places), empty where
    the frame has none; kept in the output, so later stages see the same columns."""
    missing = [f for f in _FEATURES if f not in events.columns]
    return events.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias(f) for f in missing)


def assign_threads(
    events: pl.DataFrame, threads: str | Path | list[dict] | None = None,
    discover: bool = True,
) -> pl.DataFrame:
    """Fill thread_id, thread_label and thread_ids from a spec file (or specs), steering the
    automatic threads (unless `discover` is False: the spec scores alone); or all
    automatically.

    >>> ev = pl.DataFrame({"event_id": ["a/E001"], "sentence": ["Israel bombed Mezzeh."],
    ...     "actors": [["Israel"]], "weapons": [[]], "places": [["Mezzeh Air Base"]]})
    >>> spec = [{"id": "iaf", "label": "Israeli air campaign", "keywords": ["bombed"],
    ...          "actors": ["Israel"]}]
    >>> assign_threads(conform(ev, EVENTS), spec).select("thread_label", "thread_ids").rows()
    [('Israeli air campaign', ['iaf'])]
    """
    check(events, {k: EVENTS[k] for k in ("event_id", "sentence")}, name="assign_threads")
    events = with_features(events)
    if threads is None:
        return auto_threads(events)
    specs, min_score = load_threads(threads)
    if events.is_empty():
        return conform(events, EVENTS)
    scores = events.select(
        pl.concat_list(pl.struct(pl.lit(s["id"]).alias("id"), pl.lit(s["label"]).alias("label"),
                                 _score(s).alias("score"), pl.lit(-i).alias("order"))
                       for i, s in enumerate(specs)).alias("_t"))["_t"]
    ranked = (
        pl.DataFrame({"event_id": events["event_id"], "_t": scores}).explode("_t").unnest("_t")
        .filter(pl.col("score") >= min_score)
        .sort(["event_id", "score", "order"], descending=[False, True, True])
        .group_by("event_id", maintain_order=True)
        .agg(pl.col("id").first().alias("thread_id"),
             pl.col("label").first().alias("thread_label"),
             pl.col("id").alias("thread_ids"))
    )
    out = conform(events.drop("thread_id", "thread_label", "thread_ids", strict=False).join(
        ranked, on="event_id", how="left", maintain_order="left"
    ).with_columns(pl.col("thread_ids").fill_null([])), EVENTS)
    if not discover:
        return out
    return steer(out, auto_threads(out).select(THREAD_COLUMNS)).select(out.columns)
