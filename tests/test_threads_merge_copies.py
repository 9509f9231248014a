"""Copies of one report (distinct documents, the same events) are paired once, as a group: they
must still merge into one cluster listing every copy, a near-miss must stay apart, and the
clusters must be the ones pairing every report with every other gives."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline.schema import EVENTS, conform
from threadline.threads.cliques import clique_roots
from threadline.threads.groups import grouped_links
from threadline.threads.merge import link_components, merge_events
from threadline.threads.pairs import linked_pairs, report_frame

DAY = dt.date(2021, 6, 14)


def report(doc: str, shift: int = 0, place: str = "Kadugli") -> list[dict]:
    """Three events of one made-up dispatch: a strike and a clash on stated days, and a
    shelling dated only by the publication date (anchor "dct")."""
    day = DAY + dt.timedelta(days=shift)
    rows = [
        {"event_id": f"{doc}/E001", "start": 0, "trigger": "strike",
         "event_type": "Explosions/Remote violence", "anchor": "mention", "date_start": day,
         "location": place, "lat": 11.01, "lon": 29.72, "actors": ["Sudanese Air Force"],
         "weapons": ["drone"], "actor_families": ["Sudanese Air Force", "Sudan"]},
        {"event_id": f"{doc}/E002", "start": 120, "trigger": "clash", "event_type": "Battles",
         "anchor": "mention", "date_start": day - dt.timedelta(days=1), "location": "Dilling",
         "lat": 12.05, "lon": 29.65, "actors": ["Highland Militia"], "weapons": [],
         "actor_families": ["Highland Militia"]},
        {"event_id": f"{doc}/E003", "start": 260, "trigger": "shell",
         "event_type": "Explosions/Remote violence", "anchor": "dct",
         "date_start": day + dt.timedelta(days=2), "location": "Talodi", "lat": 10.63,
         "lon": 30.38, "actors": [], "weapons": ["artillery"], "actor_families": []},
    ]
    for r in rows:
        r.update(doc_id=doc, date_end=r["date_start"], date=r["date_start"].isoformat(),
                 granularity="day", sentence=f"sentence of {r['event_id']}")
    return rows


def frame(rows: list[dict]) -> pl.DataFrame:
    return conform(pl.DataFrame(rows, infer_schema_length=None), EVENTS)


def pairwise_clusters(events: pl.DataFrame) -> dict[str, str]:
    """event_id -> smallest event_id of its cluster, with every report paired with every other
    (no groups): the clusters merging gave before copies were grouped."""
    reports = report_frame(events.sort("event_id"))
    roots = clique_roots(reports, linked_pairs(reports))
    ids = reports["event_id"].to_list()
    return {e: ids[r] for e, r in zip(ids, roots, strict=True)}


def clusters(merged: pl.DataFrame) -> dict[str, str]:
    return dict(zip(merged["event_id"], merged["cluster_id"].str.slice(2), strict=True))


@pytest.mark.parametrize("n", [30])
def test_identical_reports_merge_into_one_cluster_listing_every_source(n: int):
    copies = [row for k in range(n) for row in report(f"wire-{k:03d}")]
    near = report("late-copy", shift=3)  # the same dispatch, every day three days later
    merged = merge_events(frame(copies + near))
    for e in ("E001", "E002", "E003"):
        rows = merged.filter(pl.col("event_id").str.ends_with(e)
                             & pl.col("doc_id").str.starts_with("wire-"))
        assert rows.height == n
        assert rows["cluster_id"].unique().to_list() == [f"C-wire-000/{e}"]
        assert (rows["n_sources"] == n).all()
        every = sorted(f"wire-{k:03d}/{e}" for k in range(n))
        assert all(m == every for m in rows["cluster_members"].to_list())
        assert all(len(r) <= 300 for r in rows["cluster_reason"])
        assert rows["cluster_reason"][0].startswith(f"{n} reports in {n} documents")
    late = merged.filter(pl.col("doc_id") == "late-copy")
    assert late["cluster_id"].to_list() == [f"C-late-copy/{e}" for e in ("E001", "E002",
                                                                          "E003")]
    assert (late["n_sources"] == 1).all()
    assert late["cluster_members"].to_list() == [[e] for e in late["event_id"]]


def test_copies_are_paired_through_one_representative():
    events = frame([row for k in range(12) for row in report(f"wire-{k:03d}")])
    groups, reps, linked = grouped_links(report_frame(events.sort("event_id")))
    assert groups["g"].n_unique() == 3 and reps.height == 3
    assert linked.height == 0  # the three events of the dispatch are not one event


def mixed() -> pl.DataFrame:
    """Copies among look-alikes: the same dispatch in 8 documents, one more from elsewhere
    (another place for the strike), one a day later, and one document that reports the
    strike twice in one sentence."""
    rows = [row for k in range(8) for row in report(f"wire-{k}")]
    rows += report("other-place", place="Um Dorein")
    rows += report("next-day", shift=1)
    twice = report("twice")[:1] * 2
    twice[1] = {**twice[1], "event_id": "twice/E009"}
    return frame(rows + twice)


def test_grouped_merging_gives_the_clusters_of_pairing_every_report():
    events = mixed()
    merged = merge_events(events)
    assert clusters(merged) == pairwise_clusters(events)
    sizes = merged.group_by("cluster_id").agg(pl.len())["len"]
    assert sizes.max() >= 9 and (sizes == 1).any()
    # two events of one sentence are never one event, whatever copies elsewhere match both
    twice = merged.filter(pl.col("doc_id") == "twice")
    assert twice["cluster_id"].n_unique() == 2


def test_copies_dated_by_the_story_in_one_document_stay_with_their_window():
    """Two reports dated only by the story, in one document, on overlapping windows link;
    copies of one in other documents must not drag the other document's report along."""
    base = report("a")[2]
    rows = [{**base, "doc_id": "a", "event_id": "a/E003"},
            {**base, "doc_id": "a", "event_id": "a/E004", "start": 400,
             "date_start": base["date_start"] + dt.timedelta(days=5),
             "date_end": base["date_end"] + dt.timedelta(days=5)}]
    rows += [{**base, "doc_id": f"b{k}", "event_id": f"b{k}/E003"} for k in range(4)]
    events = frame(rows)
    assert clusters(merge_events(events)) == pairwise_clusters(events)


def test_components_and_sharded_merging_keep_copies_together():
    events = mixed()
    comp = link_components(events)
    whole = merge_events(events).select("event_id", "cluster_id", "cluster_members",
                                        "n_sources").sort("event_id")
    parts = pl.concat([merge_events(block.drop("component")).select(whole.columns)
                       for _, block in events.join(comp, on="event_id").group_by(
                           "component", maintain_order=True)]).sort("event_id")
    wire = comp.filter(pl.col("event_id").str.starts_with("wire-")
                       & pl.col("event_id").str.ends_with("E002"))
    assert wire["component"].n_unique() == 1
    assert parts.equals(whole)


def test_copies_are_not_split_between_rival_clusters():
    """An undated strike and a dated one in one sentence (never one event), each copied to a
    second document, and the dated one alone in two more: either cluster could take the lone
    copies; pairing report by report would give them to the undated one, away from their
    copies. Grouped, every copy of the dated strike is in one cluster, and it is a clique."""
    strike = {"trigger": "strike", "event_type": "Explosions/Remote violence", "start": 0,
              "weapons": ["drone"], "granularity": "day"}
    undated = {**strike, "anchor": "none", "location": "Kadugli", "lat": 11.01, "lon": 29.72,
               "actors": ["Sudanese Air Force", "Highland Militia"]}
    dated = {**strike, "anchor": "mention", "date_start": DAY, "date_end": DAY,
             "actors": ["Sudanese Air Force"]}
    rows = []
    for doc in ("x1", "x2"):
        rows += [{**undated, "doc_id": doc, "event_id": f"{doc}/E001"},
                 {**dated, "doc_id": doc, "event_id": f"{doc}/E002"}]
    rows += [{**dated, "doc_id": doc, "event_id": f"{doc}/E001", "start": 40}
             for doc in ("y1", "y2")]
    events = frame([{**r, "actor_families": r["actors"]} for r in rows])
    got = clusters(merge_events(events))
    assert {got[e] for e in ("x1/E002", "x2/E002", "y1/E001", "y2/E001")} == {"x1/E002"}
    assert got["x1/E001"] == got["x2/E001"] == "x1/E001"
    reports = report_frame(events.sort("event_id"))
    linked = {tuple(p) for p in linked_pairs(reports).select("i", "j").iter_rows()}
    index = dict(zip(reports["event_id"], reports["i"], strict=True))
    for root in set(got.values()):
        ids = sorted(index[e] for e, r in got.items() if r == root)
        assert all((a, b) in linked for k, a in enumerate(ids) for b in ids[k + 1:])
    assert pairwise_clusters(events)["y1/E001"] == "x1/E001"  # report by report: split


def test_no_events_merge_to_no_clusters():
    events = frame(report("a")).head(0)
    assert merge_events(events).height == 0 and link_components(events).height == 0
