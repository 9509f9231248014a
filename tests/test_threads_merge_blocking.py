"""Same-event merging finds its pairs by blocked joins: it must link exactly the pairs a plain
pairwise reading of ACLED's rule links, while comparing far fewer pairs; clusters are cliques."""

from __future__ import annotations

import itertools
import math

import polars as pl
import pytest
from threadline.threads.merge import link_components, merge_events
from threadline.threads.pairs import (
    AREA_KM,
    NEAR_KM,
    candidate_pairs,
    linked_pairs,
    report_frame,
)


def _km(a: dict, b: dict) -> float | None:
    if None in (a["lat"], a["lon"], b["lat"], b["lon"]):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _dates(a: dict, b: dict) -> bool:
    ka, kb = a["kind"], b["kind"]
    if "undated" in (ka, kb):
        return True
    if ka == kb == "inherited":
        overlap = a["lo"] <= b["date_end"] and b["lo"] <= a["date_end"]
        same = (a["date_start"], a["date_end"]) == (b["date_start"], b["date_end"])
        return same or (a["doc_id"] == b["doc_id"] and overlap)
    if "inherited" in (ka, kb):
        inh, other = (a, b) if ka == "inherited" else (b, a)
        return other["kind"] == "fine" and (
            inh["lo"] <= other["date_start"] and other["date_end"] <= inh["date_end"])
    return ((a["date_start"] <= b["date_start"] and b["date_end"] <= a["date_end"])
            or (b["date_start"] <= a["date_start"] and a["date_end"] <= b["date_end"]))


def _places(a: dict, b: dict) -> bool:
    pa, pb, km = a["precision"], b["precision"], _km(a, b)
    if pa is None or pb is None:
        return True
    if pa == pb == "exact":
        return a["location"] == b["location"] or (km is not None and km <= NEAR_KM)
    if a["location"] == b["location"]:
        return True
    if "context" in (pa, pb):  # a place from the story, not the sentence: its country only
        return not (a["country"] and b["country"]) or a["country"] == b["country"]
    if a["admin1"] and b["admin1"]:
        return a["admin1"] == b["admin1"]
    if a["country"] and b["country"]:
        return a["country"] == b["country"]
    return km is None or km <= AREA_KM


def reference_link(a: dict, b: dict) -> bool:
    """The rule of `threadline.threads.pairs`, read pair by pair (the obvious alternative)."""
    if a["kind"] is None or b["kind"] is None or a["tgroup"] != b["tgroup"]:
        return False
    if (a["doc_id"], a["start"]) == (b["doc_id"], b["start"]):
        return False
    actors = set(a["fam"]) & set(b["fam"])
    if a["fam"] and b["fam"] and not actors:
        return False
    if a["side"] and b["side"] and not set(a["side"]) & set(b["side"]):
        return False
    if not (_dates(a, b) and _places(a, b)):
        return False
    km = _km(a, b)
    place = (a["precision"] == b["precision"] == "exact"
             and (a["location"] == b["location"] or (km is not None and km <= NEAR_KM)))
    weapon, trig = bool(set(a["weap"]) & set(b["weap"])), a["trigger"] == b["trigger"] != ""
    kinds = {a["kind"], b["kind"]}
    if "undated" in kinds:
        return bool(actors) and weapon and trig
    if "coarse" in kinds:
        return place
    if "inherited" in kinds:
        return (bool(actors) and (trig or weapon or place)) or (place and (trig or weapon))
    return place or (bool(actors) and (trig or weapon))


def spread(events: pl.DataFrame, copies: int) -> pl.DataFrame:
    """The seed events repeated in other documents, each copy shifted by 45 more days."""
    return pl.concat([
        events.with_columns(
            pl.col("event_id") + f"~{r}", pl.col("doc_id") + f"~{r}",
            pl.col("date_start") + pl.duration(days=45 * r),
            pl.col("date_end") + pl.duration(days=45 * r),
        )
        for r in range(copies)
    ])


@pytest.mark.parametrize("copies", [4])
def test_merge_blocked_pairs_link_exactly_the_reference_pairs(seed_pipeline, copies: int):
    events = spread(seed_pipeline["events"], copies)
    reports = report_frame(events)
    rows = reports.to_dicts()
    reference = {(a["i"], b["i"]) for a, b in itertools.combinations(rows, 2)
                 if reference_link(a, b)}
    blocked = candidate_pairs(reports)
    found = set(zip(*linked_pairs(reports, blocked).select("i", "j").to_dict(as_series=False)
                    .values(), strict=True))
    n_pairs = len(rows) * (len(rows) - 1) // 2
    print(f"\n{len(rows)} reports: {n_pairs} pairs, {blocked.height} blocked candidates, "
          f"{len(found)} links")
    assert found == reference and len(found) >= copies * 10
    assert blocked.height < n_pairs / 20


@pytest.mark.parametrize("copies", [3])
def test_clusters_are_cliques_within_their_precision(seed_pipeline, copies: int):
    """Every two reports of a cluster are linked (no chains), and a cluster's dates span no
    more than its coarsest report's interval."""
    events = merge_events(spread(seed_pipeline["events"], copies))
    reports = report_frame(events)
    linked = {tuple(p) for p in linked_pairs(reports).select("i", "j").iter_rows()}
    index = dict(zip(reports["event_id"], reports["i"], strict=True))
    for members in events.filter(pl.col("cluster_members").list.len() > 1)[
            "cluster_members"].unique().to_list():
        ids = sorted(index[m] for m in members)
        assert all((a, b) in linked for a, b in itertools.combinations(ids, 2)), members
    span = events.filter(pl.col("date_start").is_not_null()).group_by("cluster_id").agg(
        ((pl.col("date_end").max() - pl.col("date_start").min()).dt.total_days() + 1)
        .alias("span"),
        ((pl.col("date_end") - pl.col("date_start")).dt.total_days() + 1).max().alias("widest"))
    assert (span["span"] <= span["widest"]).all()
    assert events.filter(pl.col("n_sources") > 1).height >= 2 * copies


def test_merge_events_deterministic_under_row_order(seed_pipeline):
    events = spread(seed_pipeline["events"], 2)
    cols = ["event_id", "cluster_id", "cluster_reason", "cluster_members", "n_sources",
            "date_start"]
    a = merge_events(events).select(cols).sort("event_id")
    b = merge_events(events.reverse()).select(cols).sort("event_id")
    assert a.equals(b)


def test_merging_each_link_component_alone_gives_the_whole_frames_clusters(seed_pipeline):
    """A sharded build merges link component by component: that must change nothing."""
    events = spread(seed_pipeline["events"], 2)
    comp = link_components(events)
    cols = ["event_id", "cluster_id", "cluster_reason", "cluster_members", "n_sources",
            "date_start", "date_end"]
    whole = merge_events(events).select(cols).sort("event_id")
    parts = pl.concat([merge_events(block.drop("component")).select(cols)
                       for _, block in events.join(comp, on="event_id").group_by(
                           "component", maintain_order=True)]).sort("event_id")
    print(f"\n{events.height} events in {comp['component'].n_unique()} link components")
    assert comp.height == events.height
    assert 1 < comp["component"].n_unique() < events.height
    assert (whole.group_by("cluster_id").agg(pl.len())["len"].max() > 1)
    assert parts.equals(whole)
