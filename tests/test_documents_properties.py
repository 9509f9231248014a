"""Property: whatever the page, splitting never crashes, every article span lies inside the text,
and each article's text is the source slice with only boilerplate lines blanked."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from threadline.documents.corpus import article_rows
from threadline.documents.read import Input

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
LINES = sorted({ln for p in SEEDS.glob("*.txt") for ln in p.read_text("utf-8").split("\n")})
line = st.one_of(st.sampled_from(LINES), st.text(max_size=80).map(lambda s: s.replace("\n", " ")))


@settings(max_examples=150, deadline=None)
@given(st.lists(line, min_size=1, max_size=40))
def test_documents_split_invariants(lines: list[str]) -> None:
    page = "\n".join(lines)
    if not page.strip():
        return
    rows = article_rows(page, Input("page.txt", Path("page.txt")), "utf-8")
    assert rows and [r["doc_id"] for r in rows] == [f"page#{i}" for i in range(1, len(rows) + 1)]
    previous_end = 0
    for r in rows:
        assert previous_end <= r["start"] <= r["end"] <= len(page)
        src = page[r["start"] : r["end"]]
        assert len(r["text"]) == len(src)
        assert all(a == b or a == " " for a, b in zip(r["text"], src, strict=True))
        assert r["dct_source"] in {"text", "inferred", "unknown"}
        previous_end = r["end"]
