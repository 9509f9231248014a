"""Tabular inputs (JSONL, CSV, Parquet) -> DOCUMENTS, one row per table row, text taken as is:
no cleaning or splitting, so offsets are into the cell text (start 0, end len(text)).

A column of the wrong type costs only what it must: a `text` cell of bytes is decoded by the
decoder policy (a cell that is not text is an "undecodable"/"binary" row), a `text` column of
lists or structs makes every row "malformed" with a message naming the type; other columns of
such types are read as their JSON text. Characters XML forbids are cleaned (same length).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl

from threadline.documents.chars import clean_expr
from threadline.documents.dct import Dct, find_dct
from threadline.documents.decode import decode
from threadline.documents.ids import unique_ids
from threadline.documents.jsonl import read_jsonl
from threadline.documents.published import parse_published
from threadline.schema import DOCUMENTS, conform

#: Extra columns every DOCUMENTS frame of threadline.documents carries after the schema's.
EXTRA = {"meta_source": pl.String()}


def documents_frame(rows: list[dict]) -> pl.DataFrame:
    """Row dicts -> a DOCUMENTS frame with the extra columns, in schema order."""
    schema = {**DOCUMENTS, **EXTRA}
    return conform(pl.DataFrame(rows, schema=schema), schema)


def error_row(
    doc_id: str, source: str, status: str, error: str, encoding: str | None = None
) -> dict:
    """The DOCUMENTS row of an input that could not be read: status code and message."""
    return {
        "doc_id": doc_id,
        "source": source,
        "text": None,
        "status": status,
        "error": error,
        "dct_source": "unknown",
        "encoding": encoding,
    }


def _as_text(df: pl.DataFrame, name: str) -> pl.Series:
    """Column `name` as strings: bytes decoded as UTF-8 (invalid bytes replaced), nested
    values as their JSON text; all null when the column is absent."""
    if name not in df.columns:
        return pl.Series(name, [None] * df.height, dtype=pl.String)
    col = df[name]
    if col.dtype == pl.String:
        return col
    if col.dtype == pl.Binary:
        return pl.Series(name, [None if v is None else v.decode("utf-8", "replace") for v in col],
                         dtype=pl.String)
    if col.dtype.is_nested() or col.dtype == pl.Object:
        return pl.Series(name, [None if v is None else json.dumps(v, default=str) for v in col],
                         dtype=pl.String)
    return col.cast(pl.String)


def _text_cells(df: pl.DataFrame, source: str, first_row: int = 1) -> pl.DataFrame:
    """The `text` column as strings, with per-row encoding, status and error (null if fine)."""
    col = df["text"]
    n = df.height
    if col.dtype == pl.String or col.dtype == pl.Null:
        none = pl.Series([None] * n, dtype=pl.String)
        return pl.DataFrame({"text": col.cast(pl.String), "encoding": none, "_status": none,
                             "_error": none})
    rows = []
    for i, v in enumerate(col, first_row):
        where = f"{source}: row {i}: text"
        if v is None:
            rows.append((None, None, None, None))
        elif col.dtype == pl.Binary:
            dec = decode(v, where)
            rows.append((dec.text, dec.encoding, None if dec.text else dec.status, dec.error))
        elif col.dtype.is_nested() or col.dtype == pl.Object:
            rows.append((None, None, "malformed",
                         f"{where} is of type {col.dtype}, not text; store the article text "
                         "as one string per row"))
        else:
            rows.append((str(v), None, None, None))
    schema = dict.fromkeys(("text", "encoding", "_status", "_error"), pl.String)
    return pl.DataFrame(rows, schema=schema, orient="row")


def _evidence(source: str) -> pl.Expr:
    raw, why = pl.col("_published"), pl.col("_why")
    return (
        pl.when(pl.col("dct").is_not_null() & why.is_null())
        .then(pl.format(f"{source} column published = {{}}", raw))
        .when(pl.col("dct").is_not_null())
        .then(pl.format(f"{source} column published = {{}} ({{}})", raw, why))
        .when(why.is_not_null())
        .then(pl.format("published value {} is not a date: {}; the document is undated",
                        raw, why))
        .otherwise(pl.lit("no published value"))
    )


def from_table(df: pl.DataFrame, source: str, *, first_row: int = 1) -> pl.DataFrame:
    """Tabular rows (doc_id, text, published, url, title, source) -> DOCUMENTS, text as is.

    `published` becomes `dct` (dct_source "metadata"; a value that is not a date leaves the
    row undated and dct_evidence says why); a row without one takes the date its text prints
    (dct_source "text"); a missing doc_id is "<stem>#<row>"; doc_ids are made unique
    (`ids.unique_ids`); a table `source` column goes to the extra column meta_source.
    `first_row`: the number of `df`'s first row in its file (a shard of a table's rows).

    >>> t = pl.DataFrame({"text": ["Rebels took Qara.", None], "published": ["2017-08-28", None]})
    >>> from_table(t, "news.jsonl").select("doc_id", "end", "dct", "status").rows()
    [('news#1', 17, '2017-08-28', 'ok'), ('news#2', 0, None, 'empty')]
    """
    stem = Path(source).stem
    if "text" not in df.columns:
        found = ", ".join(df.columns) or "none"
        why = f"{source}: no 'text' column (columns: {found}); rename the column of article text"
        return documents_frame([error_row(f"{stem}#1", source, "no_text_column", why)])
    n = df.height
    published = _as_text(df, "published")
    dates = parse_published(published)
    frame = pl.concat(
        [
            pl.DataFrame({
                "_row": pl.int_range(first_row, first_row + n, eager=True),
                "doc_id": _as_text(df, "doc_id"),
                "title": _as_text(df, "title"),
                "url": _as_text(df, "url"),
                "meta_source": _as_text(df, "source"),
                "_published": published,
                "dct": dates["value"],
                "_why": dates["reason"],
            }),
            _text_cells(df, source, first_row),
        ],
        how="horizontal",
    ).with_columns(clean_expr(c) for c in ("doc_id", "title", "url", "text"))
    empty = pl.col("text").is_null() | (pl.col("text").str.strip_chars() == "")
    has_dct = pl.col("dct").is_not_null()
    status = pl.coalesce("_status", pl.when(empty).then(pl.lit("empty")).otherwise(pl.lit("ok")))
    out = frame.with_columns(
        pl.coalesce("doc_id", pl.format(f"{stem}#{{}}", "_row")).alias("doc_id"),
        pl.lit(source).alias("source"),
        pl.lit(0, dtype=pl.Int64).alias("start"),
        pl.col("text").str.len_chars().fill_null(0).cast(pl.Int64).alias("end"),
        pl.when(has_dct).then(pl.lit("metadata")).otherwise(pl.lit("unknown")).alias("dct_source"),
        _evidence(source).alias("dct_evidence"),
        status.alias("status"),
        pl.coalesce(
            "_error",
            pl.when(empty).then(
                pl.format(f"{source}: row {{}}: empty text; fill its text or drop the row", "_row")
            ),
        ).alias("error"),
    )
    docs = conform(out, {**DOCUMENTS, **EXTRA}).select([*DOCUMENTS, *EXTRA])
    return unique_ids(_dct_from_text(docs))


def read_csv_text(path: Path, given: str) -> tuple[pl.DataFrame, str | None]:
    """A CSV read by the decoder policy (any encoding), every column as text."""
    data = path.read_bytes()
    dec = decode(data, given)
    if dec.text is None:
        raise ValueError(dec.error)
    df = pl.read_csv(io.BytesIO(dec.text.encode("utf-8")), infer_schema=False)
    return df, dec.encoding


def _dct_from_text(docs: pl.DataFrame) -> pl.DataFrame:
    """Rows with text but no `published` value take the DCT their text prints (`find_dct`:
    a "Published ..." line, a dateline); only a printed date, never one inferred from the
    narration, since a row's text may be an excerpt and its table says nothing more."""
    todo = docs.with_row_index("_i").filter(pl.col("dct").is_null() & (pl.col("status") == "ok"))
    if todo.height == 0:
        return docs
    found = [find_dct(title or "", text) for title, text in todo.select("title", "text").rows()]
    found = [f if f.source == "text" else Dct(None, "unknown", "") for f in found]
    fill = pl.DataFrame({
        "_i": todo["_i"],
        "_dct": [f.value for f in found],
        "_src": [f.source for f in found],
        "_why": [f.evidence if f.value else None for f in found],
    }, schema={"_i": pl.UInt32, "_dct": pl.String, "_src": pl.String, "_why": pl.String})
    has = pl.col("_dct").is_not_null()
    return (docs.with_row_index("_i").join(fill, on="_i", how="left").with_columns(
        pl.coalesce("dct", "_dct").alias("dct"),
        pl.when(has).then(pl.col("_src")).otherwise(pl.col("dct_source")).alias("dct_source"),
        pl.when(has).then(pl.col("_why")).otherwise(pl.col("dct_evidence")).alias("dct_evidence"),
    ).drop("_i", "_dct", "_src", "_why"))


def read_table(path: Path, given: str) -> pl.DataFrame:
    """Read a JSONL/CSV/Parquet file into DOCUMENTS via `from_table`, or error rows.

    A JSONL line that does not parse costs only itself: it becomes a "malformed" row (doc_id
    "<stem>#line<N>") after the documents of the good lines, so every line is accounted for.
    """
    suffix = path.suffix.lower()
    stem = Path(given).stem
    bad: list[tuple[int, str]] = []
    encoding = "utf-8"
    try:
        if suffix in (".jsonl", ".ndjson"):
            lines = read_jsonl(path)
            df, bad = lines.frame, lines.bad
        elif suffix == ".csv":
            df, encoding = read_csv_text(path, given)
        else:
            df, encoding = pl.read_parquet(path), None
    except Exception as exc:  # polars raises several error types for malformed files
        text = str(exc).splitlines()[0] if str(exc) else ""
        return documents_frame([error_row(
            f"{stem}#1", given, "malformed",
            f"{given}: cannot read as {suffix[1:].upper()} ({type(exc).__name__}: "
            f"{text[:300]}); fix or re-export the file",
        )])
    bad_rows = [
        error_row(f"{stem}#line{n}", given, "malformed", f"{given}: line {n}: {why}; fix or "
                  "drop the line")
        for n, why in bad
    ]
    if df.height == 0:
        return documents_frame(bad_rows or [error_row(
            f"{stem}#1", given, "empty", f"{given}: the table has no rows; nothing to read"
        )])
    documents = from_table(df, given)
    if encoding is not None:
        documents = documents.with_columns(pl.col("encoding").fill_null(encoding))
    return unique_ids(pl.concat([documents, documents_frame(bad_rows)])) if bad_rows else documents
