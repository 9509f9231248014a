"""TimeBank+AQUAINT dev (256 real news texts, read by path): tables keep text and offsets as is;
read as plain-text files, every text is one article covering its body and no date is invented."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.documents import from_table, read_corpus


@pytest.mark.parametrize("dct_column", ["published", "dct"])
def test_documents_tbaq_from_table(tbaq_rows: list[dict], dct_column: str) -> None:
    table = pl.DataFrame(
        [{"doc_id": r["doc_id"], "text": r["text"], dct_column: r["dct"]} for r in tbaq_rows]
    )
    if dct_column == "dct":  # what `threadline tag` does with a dct column
        table = table.rename({"dct": "published"})
    docs = from_table(table, "tbaq_dev.jsonl")
    assert docs["status"].to_list() == ["ok"] * len(tbaq_rows)
    assert docs["dct"].to_list() == [r["dct"][:10] for r in tbaq_rows]  # datetime -> day
    for row, gold in zip(docs.iter_rows(named=True), tbaq_rows, strict=True):
        text = row["text"][row["start"] : row["end"]]
        assert all(text[t["start"] : t["end"]] == t["text"] for t in gold["timexes"])


def test_documents_tbaq_as_text_files(tbaq_rows: list[dict], tmp_path: Path) -> None:
    for r in tbaq_rows:
        (tmp_path / f"{r['doc_id']}.txt").write_text(r["text"], encoding="utf-8")
    docs = read_corpus(tmp_path)
    gold = {r["doc_id"]: r for r in tbaq_rows}
    assert docs.height == len(tbaq_rows)  # one article per text, none lost
    invented, coverage = [], []
    for row in docs.iter_rows(named=True):
        g = gold[row["doc_id"].removesuffix("#1")]
        if row["dct"] is not None and row["dct"] != g["dct"][:10]:
            invented.append((row["doc_id"], row["dct"], g["dct"]))
        coverage.append((row["end"] - row["start"]) / len(g["text"].strip()))
    print(
        f"TBAQ as text: {sum(d is not None for d in docs['dct'])} dated from text, "
        f"{len(invented)} wrong; body coverage min {min(coverage):.3f}, "
        f"mean {sum(coverage) / len(coverage):.3f}"
    )
    assert invented == []
    assert min(coverage) >= 0.9
