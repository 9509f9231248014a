"""Tabular inputs (JSONL, CSV, Parquet) -> DOCUMENTS, one row per table row, text taken as is:
no cleaning or splitting, so offsets are into the cell text (start 0, end len(text))."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from threadline.documents.dct import Dct, find_dct
from threadline.documents.jsonl import read_jsonl
from threadline.documents.metadata import normalise_published
from threadline.schema import DOCUMENTS, conform

#: Extra columns every DOCUMENTS frame of threadline.documents carries after the schema's.
EXTRA = {"encoding": pl.String(), "meta_source": pl.String()}


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


def from_table(df: pl.DataFrame, source: str) -> pl.DataFrame:
    """Tabular rows (doc_id, text, published, url, title, source) -> DOCUMENTS, text as is.

    `published` becomes `dct` (dct_source "metadata"); a row without one takes the date its
    text prints (dct_source "text"); a missing doc_id is "<stem>#<row>"; a table `source`
    column goes to the extra column meta_source.

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

    def col(name: str) -> pl.Series:
        if name in df.columns:
            return df[name].cast(pl.String)
        return pl.Series(name, [None] * n, dtype=pl.String)

    published = col("published")
    frame = pl.DataFrame(
        {
            "_row": pl.int_range(1, n + 1, eager=True),
            "doc_id": col("doc_id"),
            "text": col("text"),
            "title": col("title"),
            "url": col("url"),
            "meta_source": col("source"),
            "_published": published,
            "dct": normalise_published(published),
        }
    )
    empty = pl.col("text").is_null() | (pl.col("text").str.strip_chars() == "")
    has_dct = pl.col("dct").is_not_null()
    out = frame.with_columns(
        pl.coalesce("doc_id", pl.format(f"{stem}#{{}}", "_row")).alias("doc_id"),
        pl.lit(source).alias("source"),
        pl.lit(0, dtype=pl.Int64).alias("start"),
        pl.col("text").str.len_chars().fill_null(0).cast(pl.Int64).alias("end"),
        pl.when(has_dct).then(pl.lit("metadata")).otherwise(pl.lit("unknown")).alias("dct_source"),
        pl.when(has_dct)
        .then(pl.format(f"{source} column published = {{}}", "_published"))
        .when(pl.col("_published").is_not_null())
        .then(pl.format("published value {} is not a date", "_published"))
        .otherwise(pl.lit("no published value"))
        .alias("dct_evidence"),
        pl.when(empty).then(pl.lit("empty")).otherwise(pl.lit("ok")).alias("status"),
        pl.when(empty)
        .then(pl.format(f"{source}: row {{}}: empty text; fill its text or drop the row", "_row"))
        .alias("error"),
        pl.lit(None, dtype=pl.String).alias("encoding"),
    )
    return _dct_from_text(conform(out, {**DOCUMENTS, **EXTRA}).select([*DOCUMENTS, *EXTRA]))


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
    bad: list[tuple[int, str]] = []
    try:
        if suffix in (".jsonl", ".ndjson"):
            lines = read_jsonl(path)
            df, bad = lines.frame, lines.bad
        elif suffix == ".csv":
            df = pl.read_csv(path, infer_schema=False)
        else:
            df = pl.read_parquet(path)
    except Exception as exc:  # polars raises several error types for malformed files
        return documents_frame(
            [
                error_row(
                    f"{path.stem}#1",
                    given,
                    "malformed",
                    f"{given}: cannot read as {suffix[1:].upper()} ({type(exc).__name__}: "
                    f"{str(exc).splitlines()[0] if str(exc) else ''}); fix or re-export the file",
                )
            ]
        )
    bad_rows = [
        error_row(
            f"{path.stem}#line{n}",
            given,
            "malformed",
            f"{given}: line {n}: {why}; fix or drop the line",
        )
        for n, why in bad
    ]
    if df.height == 0:
        return documents_frame(
            bad_rows
            or [
                error_row(
                    f"{path.stem}#1",
                    given,
                    "empty",
                    f"{given}: the table has no rows; nothing to read",
                )
            ]
        )
    documents = from_table(df, given)
    return pl.concat([documents, documents_frame(bad_rows)]) if bad_rows else documents
