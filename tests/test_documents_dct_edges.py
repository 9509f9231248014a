"""Publication dates printed at an article's edges (first and last lines) in the forms of news
sites, wire datelines also inside a line, an "Updated" label only as an upper bound, and table
rows without a `published` value dated from their text. Nothing is guessed: a dateline
without its year gives no DCT."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.documents import from_table, read_corpus
from threadline.documents.dct import find_dct

BODY = ("Rebel fighters shelled the northern district overnight, a monitoring group said.\n\n"
        "The army answered with air strikes on two villages.\n\n"
        "Aid groups said hundreds of families had fled towards the border.\n\n"
        "The United Nations called for a pause in the fighting.\n\n"
        "Talks were due to resume in Geneva.")


@pytest.mark.parametrize(("head", "tail", "value", "source", "quoted"), [
    ("Date of publication 4 October 2016", "", "2016-10-04", "text", "Date of publication"),
    ("Published: Tuesday, 4 October 2016 | 14:32 GMT", "", "2016-10-04", "text", "Published"),
    ("Posted on October 4, 2016 by the news desk", "", "2016-10-04", "text", "Posted on"),
    ("Updated 5 October 2016 | Published 4 October 2016", "", "2016-10-04", "text",
     "Published 4 October 2016"),
    ("Updated 1549 28.05.2017", "Published 27.05.2017", "2017-05-27", "text", "27.05.2017"),
    ("", "This article was first published on 3 March 2016", None, "unknown", None),
    ("", "First published on 3 March 2016", "2016-03-03", "text", "First published"),
    ("Syria retakes town BEIRUT, March 3, 2016 (Reuters) - Syrian forces advanced", "",
     "2016-03-03", "text", "(Reuters)"),
    ("ALEPPO, Syria, 12 June 2016 - Rebels shelled the district", "", "2016-06-12", "text",
     "ALEPPO"),
    ("BEIRUT, March 3 (Reuters) - Syrian forces advanced", "", None, "unknown",
     "names no year"),
    ("Updated: 5 October 2016", "", None, "unknown", "only an update date"),
    ("", "", None, "unknown", None),
])
def test_documents_dct_printed_at_the_edges(head, tail, value, source, quoted) -> None:
    body = "\n\n".join(p for p in (head, BODY, tail) if p)
    found = find_dct("", body)
    assert (found.value, found.source) == (value, source), found
    if quoted:
        assert quoted in found.evidence


def test_documents_dct_not_from_the_middle_of_the_body() -> None:
    """A labelled date deep inside the article is not its publication date."""
    lines = BODY.split("\n\n")
    body = "\n\n".join([*lines, "Published: 4 October 2016", *lines])
    assert find_dct("", body).value is None


def test_documents_dct_from_a_page_file(tmp_path: Path) -> None:
    page = f"Rebels Shell the North\n\n{BODY}\n\nDate of publication 4 October 2016\n"
    (path := tmp_path / "page.txt").write_text(page, encoding="utf-8")
    row = read_corpus(path).row(0, named=True)
    assert (row["dct"], row["dct_source"]) == ("2016-10-04", "text")
    assert "Date of publication 4 October 2016" in row["dct_evidence"]


def test_documents_table_rows_without_published_are_dated_from_their_text() -> None:
    table = pl.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "text": [f"Published: 4 October 2016\n\n{BODY}",
                 f"BEIRUT, March 3 (Reuters) - {BODY}",
                 f"{BODY}\n\nPosted on 2 May 2017",
                 f"Published: 4 October 2016\n\n{BODY}"],
        "published": [None, None, None, "2016-10-05"],
    })
    docs = from_table(table, "feed.jsonl")
    assert docs["dct"].to_list() == ["2016-10-04", None, "2017-05-02", "2016-10-05"]
    assert docs["dct_source"].to_list() == ["text", "unknown", "text", "metadata"]
    assert "Published: 4 October 2016" in docs["dct_evidence"][0]
    assert docs["dct_evidence"][3].endswith("= 2016-10-05")  # metadata wins over the text
