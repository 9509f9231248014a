"""Publication dates from the text on real article text (seed 004, which prints no date) with
different page heads and UPDATE sections: what is printed is taken, nothing is invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from threadline.documents import read_corpus

TITLE = "Syrian Rebels Destroy Russian Helicopter With US Anti-Tank Missile"

CASES = [
    # (lines above the title, lines between title and body, lines after the body) -> dct, source
    ("", "", "", None, "unknown"),
    ("November 21, 2026", "", "", None, "unknown"),  # a "today" widget above the headline
    ("", "Posted on November 24, 2015 by Sean Adl-Tabatabai", "", "2015-11-24", "text"),
    ("", "By Sean Adl-Tabatabai - 24 November 2015", "", "2015-11-24", "text"),
    ("", "Updated: 2015-11-26", "", None, "unknown"),
    (
        "",
        "",
        "UPDATE November 26, 2015\n\nRussia confirmed the loss of the helicopter.",
        None,
        "unknown",
    ),  # an upper bound only
    ("", "", "[Source: The Telegraph, London, 24Nov15]", "2015-11-24", "text"),
]


def _page(seeds_dir: Path, above: str, head: str, tail: str) -> str:
    seed = (seeds_dir / "004_a795fa3c02f38345.txt").read_text(encoding="utf-8")
    body = seed[seed.index("A Russian search") : seed.index("1 Comment")].rstrip()
    parts = [above, TITLE, head, body, tail, "1 Comment\n\nLeave a Reply"]
    return "\n\n".join(p for p in parts if p)


@pytest.mark.parametrize(("above", "head", "tail", "dct", "source"), CASES)
def test_documents_dct_from_page(
    tmp_path: Path,
    seeds_dir: Path,
    above: str,
    head: str,
    tail: str,
    dct: str | None,
    source: str,
) -> None:
    (path := tmp_path / "page.txt").write_text(_page(seeds_dir, above, head, tail), "utf-8")
    row = read_corpus(path).row(0, named=True)
    print(f"{row['dct']} ({row['dct_source']}): {row['dct_evidence']}")
    assert row["title"] == TITLE
    assert (row["dct"], row["dct_source"]) == (dct, source)
    assert row["dct_evidence"]


def test_documents_dct_update_bounds_week(tmp_path: Path, seeds_dir: Path) -> None:
    """A dated original day, a weekday after it, and a first update two days later pin the week."""
    body = _page(seeds_dir, "", "", "").replace(
        "A Russian search and rescue helicopter was shot down",
        "After the jet was downed on 24 November, a Russian search and rescue helicopter was "
        "shot down on Wednesday",
    )
    page = body.replace(
        "\n\n1 Comment", "\n\nUPDATE November 26, 2015\n\nMoscow confirmed the loss.\n\n1 Comment"
    )
    (path := tmp_path / "page.txt").write_text(page, "utf-8")
    row = read_corpus(path).row(0, named=True)
    assert (row["dct"], row["dct_source"]) == ("2015-W48", "inferred")
    assert "UPDATE November 26, 2015" in row["dct_evidence"] and "Wednesday" in row["dct_evidence"]
