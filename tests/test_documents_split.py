"""Article splitting beyond the gold pages: other line endings, Markdown, pages without prose."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.documents import read_corpus
from threadline.documents.corpus import article_rows
from threadline.documents.read import Input


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


def test_split_repeated_teaser_is_one_teaser():
    """A listing that prints a teaser twice (found by the split property test) gives one
    article whose span is the body, never an empty or inverted span."""
    teaser = "Satellite imagery shared by the IDF has revealed a missile factory near Nabi…"
    body = ("Satellite imagery shared by the IDF has revealed a missile factory near Nabi "
            "Chit, Lebanon, operated by Hezbollah.")
    page = "\n".join([teaser, teaser, body])
    rows = article_rows(page, Input("page.txt", Path("page.txt")), "utf-8")
    assert [page[r["start"]:r["end"]] for r in rows] == [body]
