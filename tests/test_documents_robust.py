"""The parts the hostile corpus leans on, one table each: the published-date parser, the
decoder policy's examples (rules are data), the file-name policy, unique doc_ids, the
character cleaning and the bound on sentence length."""

from __future__ import annotations

import polars as pl
import pytest
from threadline.documents.chars import clean_str, json_lone_surrogates
from threadline.documents.decode import decode
from threadline.documents.ids import unique_ids
from threadline.documents.published import parse_one, parse_published
from threadline.filenames import safe_name
from threadline.resources import load_yaml
from threadline.sentences import MAX_SENTENCE, sentences, split_sentences


@pytest.mark.parametrize(
    ("raw", "value", "why"),
    [
        ("2020-13", None, "month 13"),
        ("2020-00", None, "month 00"),
        ("0000", None, "year 0000"),
        ("0000-12-14", None, "year 0000"),
        ("2020-W99", None, "week 99"),
        ("2019-W53", None, "week 53"),
        ("2020-W53", "2020-W53", ""),
        ("2017-02-29", None, "day 29"),
        ("2016-02-29", "2016-02-29", ""),
        ("12/14/17", "2017-12-14", ""),
        ("14/12/2017", "2017-12-14", ""),
        ("14.12.98", "1998-12-14", ""),
        ("03/04/2017", "2017-03-04", "ambiguous, read month first"),
        ("December 2017", "2017-12", ""),
        ("Thu, 14 Dec 2017 10:00:00 GMT", "2017-12-14", ""),
        ("2017-12-14T23:30:00-05:00", "2017-12-14", ""),
        ("yesterday", None, "relative"),
        ("soon", None, "not a date"),
        ("x" * 500, None, "too long"),
    ],
)
def test_published_values(raw: str, value: str | None, why: str) -> None:
    got, reason = parse_one(raw)
    assert got == value
    assert why in reason and (bool(reason) == bool(why))


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (["14/12/2017", "03/04/2017"], ["2017-12-14", "2017-04-03"]),  # the column says d/m
        (["12/14/2017", "03/04/2017"], ["2017-12-14", "2017-03-04"]),  # the column says m/d
        (["14/12/2017", "12/14/2017", "03/04/2017"], ["2017-12-14", "2017-12-14", None]),
    ],
)
def test_published_column_decides_day_month_order(column: list, expected: list) -> None:
    assert parse_published(pl.Series(column))["value"].to_list() == expected


DECODING = load_yaml("en/documents/decoding.yaml")


@pytest.mark.parametrize("example", DECODING["examples"], ids=lambda e: e["encoding"])
def test_decoding_example_reads_back(example: dict) -> None:
    text = example["text"] * 3
    got = decode(text.encode(example["encoding"]), "x.txt")
    assert got.status == "ok" and got.text == text, (got.encoding, (got.text or "")[:40])


@pytest.mark.parametrize(
    ("keys", "distinct"),
    [
        (["x y", "x_y", "X y", "x-y", "x.y"], 5),
        (["حلب", "حمص", "دمشق", "إدلب", "درعا"], 5),
        (["a" * 300, "a" * 301, "a" * 300 + "#1"], 3),
        (["a#1", "a_1", "A#1"], 3),
        (["con", "CON", "nul.txt", "report~1"], 4),
    ],
)
def test_file_names_safe_bounded_distinct(keys: list[str], distinct: int) -> None:
    names = [safe_name(k) for k in keys]
    assert len({n.lower() for n in names}) == distinct
    assert all(len(n) <= 100 and n == n.strip(". ") for n in names)
    assert all(set(n) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "0123456789._-~") for n in names)
    assert all(n.lower() not in ("con", "nul", "nul.txt") for n in names)


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["a", "b"], ["a", "b"]),
        (["a", "a", "a"], ["a", "a~2", "a~3"]),
        (["a", "a~2", "a"], ["a", "a~2", "a~3"]),
    ],
)
def test_unique_ids_rule(ids: list[str], expected: list[str]) -> None:
    docs = pl.DataFrame({"doc_id": ids, "source": [f"s{i}" for i in range(len(ids))],
                         "status": ["ok"] * len(ids), "error": [None] * len(ids)},
                        schema_overrides={"error": pl.String})
    out = unique_ids(docs)
    assert out["doc_id"].to_list() == expected
    renamed = [a != b for a, b in zip(ids, expected, strict=True)]
    assert out["error"].is_not_null().to_list() == renamed


@pytest.mark.parametrize(
    ("text", "clean"),
    [("a\x00b", "a b"), ("tab\tand\nline\r", "tab\tand\nline\r"), ("x\ud800y", "x\ufffdy"),
     ("\ufffe\uffff", "\ufffd\ufffd"), ("\x0b\x0c\x1f", "   ")],
)
def test_clean_str_keeps_length(text: str, clean: str) -> None:
    assert clean_str(text) == clean and len(clean) == len(text)


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [(rb'"\ud800"', rb'"\ufffd"'), (rb'"\udc00x"', rb'"\ufffdx"'),
     (rb'"\ud83d\ude00"', rb'"\ud83d\ude00"'), (rb'"\\ud800"', rb'"\\ud800"')],
)
def test_json_lone_surrogates(raw: bytes, fixed: bytes) -> None:
    assert json_lone_surrogates(raw) == fixed


@pytest.mark.parametrize(
    "text",
    ["U.S. " * 3000, "word " * 100_000, "x" * 9000, "Jets struck. " + " " * 40_000 + "Then more.",
     ("rebels shelled the town and " * 8000).strip() + "."],
)
def test_sentences_are_bounded_and_cover_the_words(text: str) -> None:
    spans = sentences(text)
    assert spans and all(0 < e - s <= MAX_SENTENCE for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.split() == text.split() or "".join(covered.split()) == "".join(text.split())
    assert all(0 < e - s <= MAX_SENTENCE for s, e in split_sentences(text))
