"""The sidecar file (file or doc_id -> url, published, source, title) that overrides what the
text says; its publication dates go through the one parsing path of `published`: a value that
is not a date leaves the text's date, and the evidence says why."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from threadline.documents.chars import clean_expr
from threadline.documents.published import parse_published

SIDECAR_FIELDS = ("url", "published", "source", "title")


def load_sidecar(path: str | Path) -> pl.DataFrame:
    """Read a sidecar (CSV, JSON list of objects, or JSONL) keyed by `file` or `doc_id`."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".csv":
            df = pl.read_csv(path, infer_schema=False)
        else:
            raw = path.read_text(encoding="utf-8-sig")
            try:
                records = json.loads(raw)
                records = records if isinstance(records, list) else [records]
            except json.JSONDecodeError:
                records = [json.loads(ln) for ln in raw.splitlines() if ln.strip()]
            df = pl.DataFrame(
                [{k: None if v is None else str(v) for k, v in r.items()} for r in records],
                infer_schema_length=None,
            )
    except (OSError, ValueError, pl.exceptions.PolarsError, AttributeError) as exc:
        raise ValueError(
            f"metadata {path}: cannot read it as CSV, JSON or JSONL ({exc}); "
            "give a list of {file or doc_id, url, published, source, title}"
        ) from exc
    if "file" not in df.columns and "doc_id" not in df.columns:
        raise ValueError(
            f"metadata {path}: needs a 'file' or 'doc_id' column; it has "
            f"{', '.join(df.columns) or 'none'}"
        )
    keep = [c for c in ("file", "doc_id", *SIDECAR_FIELDS) if c in df.columns]
    return df.select(pl.col(keep).cast(pl.String))


def _lookup(sidecar: pl.DataFrame) -> tuple[dict, dict]:
    by_id, by_file = {}, {}
    for rec in sidecar.iter_rows(named=True):
        if rec.get("doc_id"):
            by_id[rec["doc_id"]] = rec
        if rec.get("file"):
            by_file[str(Path(rec["file"]))] = rec
            by_file.setdefault(Path(rec["file"]).name, rec)
    return by_id, by_file


def apply_sidecar(docs: pl.DataFrame, path: str | Path) -> pl.DataFrame:
    """DOCUMENTS with the sidecar at `path` applied: a doc_id match first, else the file (its path
    as given, else its basename); url/title/published win over the text, `source` goes to the
    extra column meta_source."""
    sidecar = load_sidecar(path)
    by_id, by_file = _lookup(sidecar)
    recs = [
        by_id.get(d) or by_file.get(str(Path(s))) or by_file.get(Path(s).name) or {}
        for d, s in docs.select("doc_id", "source").iter_rows()
    ]
    side = pl.DataFrame(
        {f: [r.get(f) for r in recs] for f in SIDECAR_FIELDS},
        schema=dict.fromkeys(SIDECAR_FIELDS, pl.String),
    )
    dates = parse_published(side["published"])
    side = side.with_columns(
        dates["value"].alias("_dct"), dates["reason"].alias("_why"),
        *(clean_expr(c) for c in ("url", "title", "source")),
    )
    name = Path(path).name
    has = pl.col("_dct").is_not_null()
    raw, why = pl.col("_published"), pl.col("_why")
    evidence = (
        pl.when(has & why.is_not_null())
        .then(pl.format(f"sidecar {name}: published = {{}} ({{}})", raw, why))
        .when(has)
        .then(pl.format(f"sidecar {name}: published = {{}}", raw))
        .when(why.is_not_null())
        .then(pl.format(f"sidecar {name}: published = {{}} is not a date ({{}}); {{}}", raw, why,
                        pl.col("dct_evidence").fill_null("")))
        .otherwise("dct_evidence")
    )
    return (
        pl.concat([docs, side.rename({f: f"_{f}" for f in SIDECAR_FIELDS})], how="horizontal")
        .with_columns(
            pl.coalesce("_title", "title").alias("title"),
            pl.coalesce("_url", "url").alias("url"),
            pl.when(has).then(pl.col("_dct")).otherwise("dct").alias("dct"),
            pl.when(has).then(pl.lit("metadata")).otherwise("dct_source").alias("dct_source"),
            evidence.alias("dct_evidence"),
            pl.coalesce("_source", "meta_source").alias("meta_source"),
        )
        .drop("_title", "_url", "_published", "_source", "_dct", "_why")
    )
