"""Bounded memory changes nothing: `tag_dates` over frames of a few sentences, with its rows
turned into frames every row or two, gives exactly the mentions of one frame of everything;
the tense memo agrees with `resolve.tense`. Sentences written for these tests.
"""

from __future__ import annotations

import functools

import polars as pl
import pytest
import threadline.timex as timex
from threadline import tag_dates
from threadline.timex import clear_caches, scan
from threadline.timex.resolve import tense
from threadline.timex.table import Columns, Values

TEXTS = [
    "Shelling resumed on 3 March 2017. Talks will reopen next Tuesday. Fighting ran from "
    "15 to 22 February, a monitor said.\nOn 4 April the army withdrew; two days later it "
    "returned. The 1990s were quieter.",
    "No date in this line.\nThe truce of May 4 and 5 held. Since 2015 the town has changed "
    "hands twice a year. By 5:30 pm on 19 November the convoy had left.",
    "The siege lasted 1915-17. It ended in the spring of 1917, three weeks after the offer.",
]


def _docs(texts: list[str]) -> pl.DataFrame:
    n = len(texts)
    return pl.DataFrame({"doc_id": [f"d#{i}" for i in range(n)], "source": ["t.txt"] * n,
                         "start": [0] * n, "text": texts, "dct": ["2018-01-02"] * n,
                         "status": ["ok"] * n})


@pytest.mark.parametrize("doc_type", ["news", "narrative"])
@pytest.mark.parametrize(("batch", "chunk"), [(1, 1), (2, 3), (5, 2)])
def test_tag_dates_batched_equals_whole(monkeypatch: pytest.MonkeyPatch, doc_type: str,
                                        batch: int, chunk: int) -> None:
    docs = _docs(TEXTS * 3)
    clear_caches()
    whole = tag_dates(docs, doc_type=doc_type)
    assert whole.height > 20 and whole["range_with"].drop_nulls().len() >= 2
    monkeypatch.setattr(timex, "sentence_batches",
                        functools.partial(scan.sentence_batches, size=batch))
    monkeypatch.setattr(Columns, "CHUNK", chunk)
    clear_caches()
    parts = tag_dates(docs, doc_type=doc_type)
    assert parts.equals(whole, null_equal=True)
    assert parts.schema == whole.schema


@pytest.mark.parametrize("size", [1, 2, 7, 13])
def test_sentence_batches_cover_sentence_frame(size: int) -> None:
    docs = _docs(TEXTS)
    batches = list(scan.sentence_batches(docs, size))
    assert all(0 < b.height <= size for b in batches)  # no empty frame to query
    assert pl.concat(batches).equals(scan.sentence_frame(docs))


@pytest.mark.parametrize("sentence", [t for text in TEXTS for t in text.split(". ")])
def test_tense_memo_agrees(sentence: str) -> None:
    values = Values()
    for start in range(0, len(sentence), 3):
        for end in (start + 1, min(len(sentence), start + 9)):
            assert values.tense(sentence, start, end) == tense(sentence, start, end)
