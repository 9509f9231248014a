"""Same-event merging finds its candidate pairs by blocked joins: it must link exactly the pairs
the plain shared-key join links, while comparing far fewer pairs on spread-out corpora."""

from __future__ import annotations

import polars as pl
from threadline.threads.merge import candidate_pairs, link_reason, merge_events


def shared_key_pairs(events: pl.DataFrame) -> pl.DataFrame:
    """The reference: every pair of events from different sentences sharing an actor, a
    weapon or a place, with no other condition."""
    keys = events.select(
        "event_id", "doc_id", "start",
        pl.concat_list(pl.col("actors").fill_null([]), pl.col("weapons").fill_null([]),
                       pl.col("location")).alias("k"),
    ).explode("k").drop_nulls("k")
    return (
        keys.join(keys, on="k", suffix="_b")
        .filter((pl.col("event_id") < pl.col("event_id_b"))
                & ((pl.col("doc_id") != pl.col("doc_id_b"))
                   | (pl.col("start") != pl.col("start_b"))))
        .select("event_id", "event_id_b").unique().sort("event_id", "event_id_b")
    )


def linked(events: pl.DataFrame, pairs: pl.DataFrame) -> set[tuple[str, str]]:
    """The pairs `link_reason` links."""
    rows = {r["event_id"]: r for r in events.iter_rows(named=True)}
    return {(a, b) for a, b in pairs.iter_rows() if link_reason(rows[a], rows[b])}


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


def test_merge_blocked_candidates_link_the_same_pairs(seed_pipeline):
    events = spread(seed_pipeline["events"], 6)
    reference, blocked = shared_key_pairs(events), candidate_pairs(events)
    ref_links, new_links = linked(events, reference), linked(events, blocked)
    print(f"\n{events.height} events: {reference.height} shared-key pairs, {blocked.height} "
          f"blocked candidates, {len(new_links)} links")
    assert new_links == ref_links and len(new_links) > events.height // 10
    assert blocked.height < reference.height / 2


def test_merge_events_deterministic_under_row_order(seed_pipeline):
    events = spread(seed_pipeline["events"], 2)
    cols = ["event_id", "cluster_id", "cluster_reason", "n_sources", "date_start"]
    a = merge_events(events).select(cols).sort("event_id")
    b = merge_events(events.reverse()).select(cols).sort("event_id")
    assert a.equals(b)
