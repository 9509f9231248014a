"""A thread spec steering discovery: each discovered thread that one spec thread mostly claims
takes that spec thread's id and label, so a spec names and gathers the clusters that match it.

Row-by-row spec scores are weak evidence (one keyword in one sentence); a discovered thread's
events vote with them together. A discovered thread whose spec-claimed events are more than
``share`` one spec thread's becomes (part of) that spec thread; one no spec thread dominates is
a story the spec does not describe and keeps its own id and label; an event discovery leaves
out keeps its best spec thread. Every spec thread an event reaches stays in its thread_ids.
"""

from __future__ import annotations

import polars as pl

#: More than this share of a discovered thread's spec-claimed events must be one spec thread's
#: for the discovered thread to take that spec thread's id and label ("mostly").
MOSTLY = 0.5


def spec_of_threads(claims: pl.DataFrame, found: pl.DataFrame,
                    share: float = MOSTLY) -> pl.DataFrame:
    """(auto, spec, spec_label): the spec thread each discovered thread joins, from the votes
    of its events' primary spec threads (`claims`: event_id, thread_id, thread_label) among
    those a spec thread claims (`found`: event_id, thread_id of discovery)."""
    votes = (found.select("event_id", pl.col("thread_id").alias("auto"))
             .join(claims.select("event_id", pl.col("thread_id").alias("spec"),
                                 pl.col("thread_label").alias("spec_label")), on="event_id")
             .drop_nulls(["auto", "spec"])
             .group_by("auto", "spec", "spec_label").agg(pl.len().alias("k")))
    return (votes.filter(pl.col("k") > share * pl.col("k").sum().over("auto"))
            .sort(["auto", "k", "spec"], descending=[False, True, False])
            .group_by("auto", maintain_order=True).first().select("auto", "spec", "spec_label"))


def steer(claims: pl.DataFrame, found: pl.DataFrame, share: float = MOSTLY) -> pl.DataFrame:
    """`claims` (every event with its spec threads: thread_id, thread_label, thread_ids, null
    and empty where no spec thread claims it) with the thread columns steered by `found`
    (the same events' discovered threads): primary thread the spec thread its discovered
    thread joins, else that discovered thread, else its own best spec thread."""
    to = spec_of_threads(claims, found, share)
    table = dict(zip(to["auto"], to["spec"], strict=True))
    moved = (found.select("event_id", pl.col("thread_id").alias("auto"),
                          pl.col("thread_label").alias("auto_label"),
                          pl.col("thread_ids").alias("auto_ids"))
             .join(to, on="auto", how="left"))
    out = claims.join(moved, on="event_id", how="left", maintain_order="left")
    primary = pl.coalesce("spec", "auto", "thread_id")
    label = pl.coalesce("spec_label", "auto_label", "thread_label")
    further = pl.col("auto_ids").fill_null([]).list.eval(
        pl.element().replace(list(table), list(table.values())))
    ids = (pl.concat_list(primary, pl.col("thread_ids").fill_null([]), further)
           .list.drop_nulls().list.unique(maintain_order=True))
    return (out.with_columns(primary.alias("thread_id"), label.alias("thread_label"),
                             ids.alias("thread_ids"))
            .drop("auto", "auto_label", "auto_ids", "spec", "spec_label"))
