"""Publication dates given as metadata (table columns, sidecar files, HTML meta tags) normalised
to TIMEX3 values, and the sidecar file (file or doc_id -> url, published, source, title) that
overrides what the text says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import dateparser
import polars as pl

#: dateparser never reads the clock here: strict parsing needs day, month and year, and any
#: relative expression is resolved against this fixed base (and then rejected as not strict).
_DATEPARSER = {
    "STRICT_PARSING": True,
    "RELATIVE_BASE": dt.datetime(2000, 1, 1),
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_ISO_DAY = r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$"
_ISO_SHORT = r"^(\d{4}(?:-\d{2}|-W\d{2})?)$"
SIDECAR_FIELDS = ("url", "published", "source", "title")


def normalise_published(values: pl.Series) -> pl.Series:
    """Published values -> TIMEX3 values: ISO date/datetime -> "YYYY-MM-DD", "2017-09", "2017" and
    "2017-W35" kept, other spellings via dateparser (strict), else null.

    >>> values = pl.Series(["2017-09-25T22:15:00Z", "2017-09", "Dec 14, 2017", "soon"])
    >>> normalise_published(values).to_list()
    ['2017-09-25', '2017-09', '2017-12-14', None]
    """
    s = pl.col("s")
    day = s.str.extract(_ISO_DAY, 1)
    frame = pl.DataFrame({"s": values.cast(pl.String).str.strip_chars()}).with_columns(
        pl.coalesce(
            pl.when(day.str.to_date("%Y-%m-%d", strict=False).is_not_null()).then(day),
            s.str.extract(_ISO_SHORT, 1),
        ).alias("v")
    )
    rest = frame.filter(pl.col("v").is_null() & s.is_not_null())["s"].unique()
    parsed = {}
    for raw in rest.to_list():
        when = dateparser.parse(raw, languages=["en"], settings=_DATEPARSER)
        # a relative expression ("yesterday") names no year: never take it as a date
        written = when is not None and f"{when.year % 100:02d}" in raw
        parsed[raw] = when.date().isoformat() if written else None
    fallback = s.replace_strict(parsed, default=None, return_dtype=pl.String)
    return frame.select(pl.coalesce("v", fallback).alias(values.name)).to_series()


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
    side = side.with_columns(normalise_published(side["published"]).alias("_dct"))
    name = Path(path).name
    has = pl.col("_dct").is_not_null()
    evidence = pl.format(f"sidecar {name}: published = {{}}", pl.col("_published"))
    return (
        pl.concat([docs, side.rename({f: f"_{f}" for f in SIDECAR_FIELDS})], how="horizontal")
        .with_columns(
            pl.coalesce("_title", "title").alias("title"),
            pl.coalesce("_url", "url").alias("url"),
            pl.when(has).then(pl.col("_dct")).otherwise("dct").alias("dct"),
            pl.when(has).then(pl.lit("metadata")).otherwise("dct_source").alias("dct_source"),
            pl.when(has).then(evidence).otherwise("dct_evidence").alias("dct_evidence"),
            pl.coalesce("_source", "meta_source").alias("meta_source"),
        )
        .drop("_title", "_url", "_published", "_source", "_dct")
    )
