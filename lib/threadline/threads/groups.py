"""Reports identical in all that linking compares are paired once, as one group.

Copies of one report (a wire story run by many outlets, a page saved twice) look the same to
`linked_pairs`: every copy links to every other copy, and to any other report exactly when
the others do, so pairing them one by one would grow with the square of the copies. Reports
with the same `report_frame` features (every column but the row number and where the report
sits: its event_id, document and sentence) form a *group*. A group whose copies link (judged
by `linked_pairs` on one pair of them) is paired through one representative, its first report;
a group whose copies do not link is split back into single reports. Two copies in one
sentence are never a pair, so the k-th copy of a sentence only groups with other k-th copies.

Clusters are then cliques of groups (`clique_roots` on the representatives), and every two
reports of a cluster must still be linked, so a group stands for all its reports in the two
places where a report's position enters linking:

* its document (two reports dated by the same story, "by then", in one document may link on
  overlapping windows) is the members' document when they share one, else one that equals
  no other;
* two groups with a report in one sentence (two events of one sentence are never one event)
  are not linked, whatever their representatives are.

With no copies every group is one report and the pairs are exactly `linked_pairs`'. With
copies the clusters are those of pairing every report with every other, except where that
would split copies between two rival clusters (each copy may join either, not both: which one
it joins follows from the row order); copies stay together.
"""

from __future__ import annotations

import polars as pl

from threadline.threads.pairs import linked_pairs

#: `report_frame` columns that say where a report is, not what it reports.
WHERE = ("i", "event_id", "doc_id", "start")
#: The document of a group whose reports come from several (+ the group): equal to no
#: document and to no other group's.
SEVERAL = "\x00several documents of group "


def features(reports: pl.DataFrame) -> list[str]:
    """The `report_frame` columns linking compares: all but `WHERE`."""
    return [c for c in reports.columns if c not in WHERE]


def report_groups(reports: pl.DataFrame) -> pl.DataFrame:
    """(i, g, first) for every report row ``i``: its group ``g`` (0.. in the order of the
    groups' first reports) and that group's first report ``first`` (the representative)."""
    key = [*features(reports), "_dup"]
    keyed = reports.with_columns(
        pl.int_range(pl.len()).over([*features(reports), "doc_id", "start"]).alias("_dup")
    ).select("i", pl.col("i").min().over(key).alias("first"))
    twins = (keyed.filter(pl.col("i") != pl.col("first")).group_by("first")
             .agg(pl.col("i").min().alias("j")).select(pl.col("first").alias("i"), "j"))
    linking = linked_pairs(reports, twins)["i"] if twins.height else twins["i"]
    # a group whose copies do not link is no group: each report stands alone
    first = pl.when(pl.col("first").is_in(linking.implode())).then("first").otherwise("i")
    return (keyed.select("i", first.alias("first"))
            .with_columns(pl.col("first").rank("dense").cast(pl.Int64).sub(1).alias("g"))
            .select("i", "g", "first"))


def grouped_links(reports: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(groups, reps, linked): `report_groups`; the groups' representatives as a report frame
    (row ``i`` = group ``g``, the document as the module docstring says); and the linked pairs
    of groups (`linked_pairs` of the representatives, less groups sharing a sentence)."""
    groups = report_groups(reports)
    placed = reports.select("i", "doc_id", "start").join(groups, on="i")
    docs = placed.group_by("g").agg(pl.col("doc_id").first().alias("_doc"),
                                    pl.col("doc_id").n_unique().alias("_docs"))
    reps = (reports.join(groups.filter(pl.col("i") == pl.col("first")), on="i")
            .join(docs, on="g")
            .with_columns(pl.when(pl.col("_docs") > 1)
                          .then(pl.format("{}{}", pl.lit(SEVERAL), "g"))
                          .otherwise("_doc").alias("doc_id"))
            .sort("g").with_columns(pl.col("g").cast(reports.schema["i"]).alias("i"))
            .select(reports.columns))
    linked = linked_pairs(reps)
    copies = placed.filter(pl.len().over("g") > 1)
    if copies.height and linked.height:
        # a sentence of a group's reports holds reports of other groups: those never link with
        # it (two single reports of one sentence are no candidate pair already)
        sentence = placed.select("doc_id", "start", "g").unique()
        apart = (copies.select("doc_id", "start", "g").unique()
                 .join(sentence, on=["doc_id", "start"], suffix="_o")
                 .filter(pl.col("g") != pl.col("g_o"))
                 .select(pl.min_horizontal("g", "g_o").cast(linked.schema["i"]).alias("i"),
                         pl.max_horizontal("g", "g_o").cast(linked.schema["j"]).alias("j"))
                 .unique())
        linked = linked.join(apart, on=["i", "j"], how="anti", maintain_order="left")
    return groups, reps, linked
