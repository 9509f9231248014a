"""Tabular inputs (JSONL, CSV, Parquet) and `from_table`: text taken as is (offsets into the
cell), published -> a TIMEX3 dct from metadata, stable doc_ids, empty rows flagged."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.documents import from_table, read_corpus
from threadline.schema import DOCUMENTS, check


def _rows(seeds_dir: Path) -> pl.DataFrame:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    return pl.DataFrame(
        {
            "doc_id": ["lwj", "amn", None, "masdar", "yournews"],
            "text": [texts[0], texts[1], None, texts[3], texts[4]],
            "published": ["29 December 2014", "2017-12-14T09:30:00Z", "2020", "2017-09", None],
            "url": ["https://www.longwarjournal.org/x", None, None, None, None],
            "source": ["Long War Journal", "AMN", "T-Intelligence", "Al-Masdar", None],
        }
    )


def _write(df: pl.DataFrame, path: Path) -> Path:
    {".jsonl": df.write_ndjson, ".csv": df.write_csv, ".parquet": df.write_parquet}[path.suffix](
        path
    )
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_documents_table_file(tmp_path: Path, seeds_dir: Path, suffix: str) -> None:
    table = _rows(seeds_dir)
    path = _write(table, tmp_path / f"feed{suffix}")
    docs = read_corpus(path)
    check(docs, DOCUMENTS)
    assert docs["doc_id"].to_list() == ["lwj", "amn", "feed#3", "masdar", "yournews"]
    assert docs["source"].to_list() == [str(path)] * 5
    assert docs["status"].to_list() == ["ok", "ok", "empty", "ok", "ok"]
    assert docs["dct"].to_list() == ["2014-12-29", "2017-12-14", "2020", "2017-09", None]
    assert docs["dct_source"].to_list() == ["metadata"] * 4 + ["unknown"]
    assert docs["meta_source"].to_list() == table["source"].to_list()
    ok = docs.filter(pl.col("status") == "ok")
    assert ok["text"].to_list() == table["text"].drop_nulls().to_list()  # as is: no cleaning
    assert (ok["start"] == 0).all() and (ok["end"] == ok["text"].str.len_chars()).all()
    assert "Telegram" in ok["text"][1]  # tables are not cleaned


@pytest.mark.parametrize(
    ("published", "value"),
    [
        ("2017-09-25", "2017-09-25"),
        ("2017-09-25 22:15:00", "2017-09-25"),
        ("2017-09", "2017-09"),
        ("2017-W35", "2017-W35"),
        ("December 14, 2017", "2017-12-14"),
        ("2017-02-31", None),
        ("yesterday", None),
    ],
)
def test_documents_from_table_published(seeds_dir: Path, published: str, value: str) -> None:
    text = (seeds_dir / "004_a795fa3c02f38345.txt").read_text(encoding="utf-8")
    row = from_table(pl.DataFrame({"text": [text], "published": [published]}), "in.jsonl").row(
        0, named=True
    )
    assert row["dct"] == value
    assert row["dct_source"] == ("metadata" if value else "unknown")
    assert published in row["dct_evidence"]


def test_documents_from_table_date_dtype() -> None:
    import datetime as dt

    df = pl.DataFrame(
        {
            "text": ["Rebels shot down a helicopter."],
            "published": [dt.datetime(2015, 11, 24, 12, 0)],
        }
    )
    assert from_table(df, "x.parquet")["dct"].to_list() == ["2015-11-24"]


def test_documents_from_table_doc_ids_stable(seeds_dir: Path) -> None:
    table = _rows(seeds_dir).drop("doc_id")
    first, second = from_table(table, "a/feed.jsonl"), from_table(table, "a/feed.jsonl")
    assert (
        first["doc_id"].to_list()
        == second["doc_id"].to_list()
        == [f"feed#{i}" for i in range(1, 6)]
    )
