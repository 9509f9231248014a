"""read_corpus on the sample corpus against tests/gold/documents.jsonl: every article found
(span overlap >= 90% in file offsets), every publication date right, no boilerplate left."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

GOLD_IDS = ["000#1", "001#1", "002#1", "002#2", "002#3", "002#4", "003#1", "004#1"]
BOILERPLATE = [
    "Telegram",
    "Leave a Reply",
    "Comments Off on",
    "Member",
    "26/09/2017",
    "Tienda de Libros",
    "Type on the field below",
    "Akismet",
    "by HARM",
    "This document has been published on",
    "Chris Tomson",
    "Bookshop",
]


def _ours(seed_documents: pl.DataFrame, gold_id: str) -> dict | None:
    prefix, n = gold_id.split("#")
    rows = seed_documents.filter(
        pl.col("doc_id").str.starts_with(prefix) & pl.col("doc_id").str.ends_with(f"#{n}")
    )
    return rows.row(0, named=True) if rows.height == 1 else None


def _gold(gold_documents: list[dict], gold_id: str) -> dict:
    return next(g for g in gold_documents if g["doc_id"] == gold_id)


def _interval(value: str) -> tuple[dt.date, dt.date]:
    """[first, last] day of a TIMEX3 date value (day, ISO week, month or year)."""
    if "-W" in value:
        first = dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        return first, first + dt.timedelta(days=6)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts), dt.date(*parts)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return dt.date(parts[0], parts[1], 1), nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def test_documents_every_seed_row_ok(seed_documents: pl.DataFrame) -> None:
    assert seed_documents.height == len(GOLD_IDS)
    assert seed_documents["status"].to_list() == ["ok"] * len(GOLD_IDS)


@pytest.mark.parametrize("gold_id", GOLD_IDS)
def test_documents_article_span_overlaps_gold(
    seed_documents: pl.DataFrame, gold_documents: list[dict], gold_id: str
) -> None:
    ours, gold = _ours(seed_documents, gold_id), _gold(gold_documents, gold_id)
    assert ours is not None, f"{gold_id}: no such article"
    inter = max(0, min(ours["end"], gold["end"]) - max(ours["start"], gold["start"]))
    union = max(ours["end"], gold["end"]) - min(ours["start"], gold["start"])
    print(
        f"{gold_id}: span overlap {inter / union:.3f} "
        f"(ours {ours['start']}-{ours['end']}, gold {gold['start']}-{gold['end']})"
    )
    assert inter / union >= 0.9
    assert ours["title"] == gold["title"]


@pytest.mark.parametrize("gold_id", GOLD_IDS)
def test_documents_dct_matches_gold(
    seed_documents: pl.DataFrame, gold_documents: list[dict], gold_id: str
) -> None:
    ours, gold = _ours(seed_documents, gold_id), _gold(gold_documents, gold_id)
    print(
        f"{gold_id}: ours {ours['dct']} ({ours['dct_source']}), gold {gold['dct']} "
        f"({gold['dct_source']}); evidence: {ours['dct_evidence']}"
    )
    assert ours["dct_evidence"]
    if gold["dct_source"] == "text":
        assert (ours["dct"], ours["dct_source"]) == (gold["dct"], "text")
    elif gold["dct_source"] == "unknown":
        assert ours["dct"] is None and ours["dct_source"] == "unknown"
    elif ours["dct"] is None:
        assert ours["dct_source"] == "unknown"
    else:
        assert ours["dct_source"] == "inferred"
        lo, hi = _interval(ours["dct"])
        bounds = gold["dct_text_bounds"]
        assert bounds["not_before"] is None or hi >= dt.date.fromisoformat(bounds["not_before"])
        assert bounds["not_after"] is None or lo <= dt.date.fromisoformat(bounds["not_after"])


@pytest.mark.parametrize("needle", BOILERPLATE)
def test_documents_no_boilerplate_in_text(seed_documents: pl.DataFrame, needle: str) -> None:
    ok = seed_documents.filter(pl.col("status") == "ok")
    hits = ok.filter(pl.col("text").str.contains(needle, literal=True))["doc_id"].to_list()
    assert hits == [], f"{needle!r} left in {hits}"


def test_documents_text_maps_to_source(seed_documents: pl.DataFrame) -> None:
    """text == source[start:end] except boilerplate lines blanked to spaces (same length)."""
    for row in seed_documents.iter_rows(named=True):
        src = Path(row["source"]).read_text(encoding="utf-8")[row["start"] : row["end"]]
        assert len(row["text"]) == len(src)
        assert all(a == b or a == " " for a, b in zip(row["text"], src, strict=True))


def test_documents_doc_ids_stable(seed_documents: pl.DataFrame, seeds_dir: Path) -> None:
    from threadline import read_corpus

    again = read_corpus([str(p) for p in sorted(seeds_dir.glob("*.txt"), reverse=True)])
    assert again["doc_id"].to_list() == seed_documents["doc_id"].to_list()
    assert again["doc_id"][5] == "002_98f9f62c1b7ff02d#4"
