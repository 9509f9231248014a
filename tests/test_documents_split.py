"""Article splitting beyond the gold pages: other line endings, Markdown, pages without prose."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.documents import read_corpus


@pytest.mark.parametrize("newline", ["\r\n", "\n\n"])
def test_documents_line_endings(
    tmp_path: Path, seeds_dir: Path, seed_documents: pl.DataFrame, newline: str
) -> None:
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8").replace("\n", newline)
        (tmp_path / seed.name).write_bytes(text.encode("utf-8"))
    docs = read_corpus(tmp_path)
    cols = ["doc_id", "title", "dct", "dct_source"]
    assert docs.select(cols).rows() == seed_documents.select(cols).rows()
    for row in docs.iter_rows(named=True):
        src = Path(row["source"]).read_bytes().decode("utf-8")[row["start"] : row["end"]]
        assert all(a == b or a == " " for a, b in zip(row["text"], src, strict=True))
        assert not row["text"].endswith("\r")


def test_documents_markdown(tmp_path: Path, seeds_dir: Path) -> None:
    body = (seeds_dir / "004_a795fa3c02f38345.txt").read_text(encoding="utf-8")
    body = body[body.index("A Russian search") : body.index("1 Comment")]
    md = f"# Syrian Rebels Destroy Russian Helicopter\n\nNovember 24, 2015\n\n{body}"
    (path := tmp_path / "heli.md").write_text(md, encoding="utf-8")
    row = read_corpus(path).row(0, named=True)
    assert row["title"] == "Syrian Rebels Destroy Russian Helicopter"
    assert (row["dct"], row["dct_source"]) == ("2015-11-24", "text")
    assert row["text"].rstrip().endswith("parachute to the ground.")


@pytest.mark.parametrize("page", ["Syria War\nHome | News\n", "Tag: Lebanon\n\nSyria War"])
def test_documents_page_without_prose_is_kept(tmp_path: Path, page: str) -> None:
    (path := tmp_path / "stub.txt").write_text(page, encoding="utf-8")
    docs = read_corpus(path)
    assert docs.select("status", "start", "end").rows() == [("ok", 0, len(page.rstrip()))]
