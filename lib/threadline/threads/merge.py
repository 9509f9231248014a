"""Same-event merging: reports of one real event, in one or many documents, share a cluster.

ACLED's rule decides which pairs may be one event (`threadline.threads.pairs`: same day at
the reports' precision, same place or within a few km, compatible types and actors, and some
shared evidence), and clusters are cliques of such pairs (`threadline.threads.cliques`): every
two reports of a cluster are linked, so clusters never chain, and a cluster's dates span at
most its coarsest report's precision. Copies of one report (the same features linking reads,
in other documents) are paired once, as a group (`threadline.threads.groups`), and expanded
back: the pairing grows with the distinct reports, not with the copies. A report dated only
by inheritance (the story's date or the publication date: "by then") takes the date of the
best-dated report of its cluster (dating by coreference, anchor "event"), so it too stays
inside the cluster's date.

Every event gets ``cluster_id`` ("C-" + the smallest event_id of its cluster),
``cluster_reason`` (one sentence of at most 300 characters naming what the reports share),
``cluster_members`` (the event_ids of the cluster) and ``n_sources`` (its distinct documents).
"""

from __future__ import annotations

import polars as pl

from threadline.schema import EVENTS, check, conform
from threadline.threads.cliques import clique_roots, cluster_reason
from threadline.threads.groups import grouped_links
from threadline.threads.pairs import INPUTS, report_frame

_DATE_COLS = ("date", "mod", "date_start", "date_end", "granularity", "date_text",
              "date_mention_id")
_OUT = ("cluster_id", "cluster_reason", "cluster_members", "n_sources")


def _redate(events: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """New date columns for inherited-date reports in a cluster with an explicitly dated
    report: the finest explicit report's date, with the reason."""
    rep = clusters.join(events.select("event_id", *_DATE_COLS, "anchor"), on="event_id")
    donors = (rep.filter(pl.col("kind") == "fine")
              .sort("days", "event_id").group_by("root", maintain_order=True).first()
              .select("root", pl.col("event_id").alias("donor"),
                      *(pl.col(c).alias(f"{c}_d") for c in _DATE_COLS)))
    takers = rep.filter(pl.col("kind") == "inherited").join(donors, on="root")
    if takers.is_empty():
        return takers.select("event_id")
    why = pl.format("no date in the sentence; dated through the same event reported in {} "
                    "({}), not the inherited {}", "donor",
                    pl.col("date_text_d").fill_null(pl.col("date_d")), "date")
    return takers.select("event_id", *(pl.col(f"{c}_d").alias(c) for c in _DATE_COLS),
                         pl.lit("event").alias("anchor"), why.alias("date_reason"))


def _reasons(reports: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """cluster_reason of every cluster root with more than one report."""
    cols = reports.join(events.select("event_id", "date", "granularity", "event_type"),
                        on="event_id").filter(pl.len().over("root") > 1)
    out = {}
    for row in cols.sort("root", "event_id").iter_rows(named=True):
        out.setdefault(row["root"], []).append(row)
    return pl.DataFrame({"root": list(out), "cluster_reason": [cluster_reason(v) for v in
                                                              out.values()]},
                        schema={"root": pl.Int64, "cluster_reason": pl.String})


#: Columns that decide which reports may be one event (`report_frame` and its defaults).
LINK_INPUTS = ("event_id", "doc_id", "start", "anchor", "date_start", "date_end", "event_type",
               "location", "lat", "lon", "country", "actor1", "trigger", *INPUTS)


def link_components(events: pl.DataFrame) -> pl.DataFrame:
    """(event_id, component): reports joined by a chain of linked pairs share a component (its
    smallest event_id). Every same-event cluster lies inside one, so merging each component on
    its own gives the clusters of the whole frame (a sharded build blocks by it)."""
    for col, default in INPUTS.items():
        if col not in events.columns:
            events = events.with_columns(default.alias(col))
    reports = report_frame(events.sort("event_id"))
    groups, reps, linked = grouped_links(reports)
    root = list(range(reps.height))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for i, j in zip(linked["i"].to_list(), linked["j"].to_list(), strict=True):
        a, b = find(i), find(j)
        if a != b:
            root[max(a, b)] = min(a, b)
    ids = reports["event_id"]
    first = groups.filter(pl.col("i") == pl.col("first")).sort("g")["first"]
    top = first.gather(pl.Series([find(g) for g in range(len(root))], dtype=pl.Int64))
    return pl.DataFrame({"event_id": ids, "component": ids.gather(top.gather(groups["g"]))})


def merge_events(events: pl.DataFrame) -> pl.DataFrame:
    """Give every event a cluster_id, a readable cluster_reason, its cluster_members and
    n_sources (distinct documents in the cluster); sentences are kept, row order too.

    >>> import datetime as dt
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
    for col, default in INPUTS.items():
        if col not in events.columns:
            events = events.with_columns(default.alias(col))
    # cluster in event_id order, whatever the caller's row order; hand back in theirs (only
    # the columns linking reads are sorted: no copy of the whole frame)
    reports = report_frame(events.select(LINK_INPUTS).sort("event_id", maintain_order=True))
    # copies of one report are paired once, as a group (`threadline.threads.groups`); a
    # report's root is the first report of its group's root group
    groups, reps, linked = grouped_links(reports)
    first = groups.filter(pl.col("i") == pl.col("first")).sort("g")["first"].cast(pl.Int64)
    roots = first.gather(pl.Series(clique_roots(reps, linked), dtype=pl.Int64)
                         .gather(groups["g"]))
    reports = reports.with_columns(
        roots.alias("root"),
        ((pl.col("date_end") - pl.col("date_start")).dt.total_days() + 1).alias("days"))
    clusters = reports.with_columns(
        ("C-" + pl.col("event_id").min().over("root")).alias("cluster_id"),
        pl.col("doc_id").n_unique().over("root").cast(pl.Int64).alias("n_sources"),
    )
    out = events.drop(*_OUT, strict=False)
    fix = _redate(out, clusters)
    if fix.height:
        out = out.update(fix.select("event_id", *(pl.col(c).cast(EVENTS[c]) for c in
                                                  fix.columns[1:])), on="event_id",
                         include_nulls=True)
    clusters = (clusters.join(_reasons(clusters, out), on="root", how="left")
                .with_columns(pl.col("cluster_reason").fill_null(
                    "single report: no other report matches it")))
    # the member lists are made once per cluster and joined to the rows last: a cluster of n
    # reports gives each of its n rows the n members, so they are copied by no other step
    members = clusters.group_by("root").agg(pl.col("event_id").sort().alias("cluster_members"))
    out = (out.join(clusters.select("event_id", "root", "cluster_id", "cluster_reason",
                                    "n_sources"), on="event_id", how="left",
                    maintain_order="left")
           .join(members, on="root", how="left", maintain_order="left").drop("root"))
    return conform(out, EVENTS)


def without_members(events: pl.DataFrame) -> pl.DataFrame:
    """`events` with ``cluster_members`` null, for the readers that never list members (key
    dates, pages): a cluster of n reports holds n lists of n members, which every copy of
    the frame would copy again; the tables written keep them."""
    if "cluster_members" not in events.columns:
        return events
    return events.with_columns(pl.lit(None, EVENTS["cluster_members"]).alias("cluster_members"))
