"""doc_ids unique across shards, by the rule of `threadline.documents.ids` (first in shard
order keeps it, later ones become "<doc_id>~<k>" and say so): each shard reads its own inputs,
so a doc_id repeated across two tables is only seen here, after the shards. The parts of a
shard with renamed documents are rewritten under ``_unique/`` (documents, mentions, events:
doc_id, and the mention, anchor and event ids built on it); the others are used as they are.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from threadline.documents.ids import unique_ids
from threadline.scale.io import write_atomic

#: Columns holding ids built on the doc_id ("<doc_id>/T001", "<doc_id>/E001"), per table.
_ID_COLUMNS = {
    "documents": (),
    "mentions": ("mention_id", "anchor_ref"),
    "events": ("event_id", "date_mention_id", "cluster_id"),
}


def _renamed(frame: pl.DataFrame, mapping: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """`frame` with its doc_ids (and the ids in `columns` built on them) renamed."""
    joined = frame.join(mapping, on="doc_id", how="left")
    new, old = pl.col("_new"), pl.col("doc_id")
    exprs = [pl.coalesce(new, old).alias("doc_id")]
    for col in (c for c in columns if c in frame.columns):
        starts = pl.col(col).str.starts_with(pl.concat_str(old, pl.lit("/")))
        tail = pl.col(col).str.slice(old.str.len_chars())
        exprs.append(pl.when(new.is_not_null() & starts).then(pl.concat_str(new, tail))
                     .otherwise(pl.col(col)).alias(col))
    if "_error" in joined.columns:
        exprs.append(pl.coalesce("_error", "error").alias("error"))
    return joined.with_columns(exprs).select(frame.columns)


def unique_across_shards(parts: dict[str, list[str]], stage: Path) -> dict[str, list[str]]:
    """`parts` (table -> Parquet paths, shard order) with doc_ids unique across shards."""
    docs = parts.get("documents", [])
    if len(docs) < 2:
        return parts
    heads = pl.concat(
        [pl.read_parquet(p, columns=["doc_id", "source", "status", "error"])
         .with_columns(pl.lit(i).alias("_part")) for i, p in enumerate(docs)]
    )
    fixed = unique_ids(heads)
    changed = fixed.with_columns(heads["doc_id"].alias("_old")).filter(
        pl.col("doc_id") != pl.col("_old"))
    if changed.height == 0:
        return parts
    out = {t: list(paths) for t, paths in parts.items()}
    for (i,), rows in changed.group_by("_part"):
        mapping = rows.select(pl.col("_old").alias("doc_id"), pl.col("doc_id").alias("_new"),
                              pl.col("error").alias("_error"))
        name = Path(docs[i]).name
        for table, columns in _ID_COLUMNS.items():
            paths = out.get(table, [])
            at = next((k for k, p in enumerate(paths) if Path(p).name == name), None)
            if at is None:
                continue
            keep = mapping if table == "documents" else mapping.drop("_error")
            target = stage / "_unique" / table / name
            write_atomic(_renamed(pl.read_parquet(paths[at]), keep, columns), target)
            paths[at] = str(target)
    return out
