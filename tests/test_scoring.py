"""threadline.scoring: TempEval-3 timex metrics, gold loaders, article/DCT and event scoring.

Hand-made frames whose right answer is worked out in the comments, spans taken from the seed
gold; and every gold scored against itself (which must give 1.0).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from conftest import GOLD, SEEDS
from threadline import scoring


def _timexes(rows: list[tuple]) -> pl.DataFrame:
    """(doc_id, start, end, value, type) rows as a frame."""
    return pl.DataFrame(rows, schema=["doc_id", "start", "end", "value", "type"], orient="row")


# Gold of the hand-made cases: two timexes in a document "d"; each case says its arithmetic.
GOLD_2 = [("d", 10, 20, "2020-04", "DATE"), ("d", 30, 38, "P2M", "DURATION")]

CASES = [
    # identical: everything 1
    ("identical", GOLD_2, GOLD_2, {"strict_f1": 1.0, "relaxed_f1": 1.0, "value_f1": 1.0}),
    # extents overlap but differ; same values: strict 0, relaxed 1, value 1
    ("overlap", [("d", 12, 20, "2020-04", "DATE"), ("d", 30, 40, "P2M", "DURATION")], GOLD_2,
     {"strict_f1": 0.0, "relaxed_f1": 1.0, "value_f1": 1.0}),
    # exact extents, one wrong value: value P = R = 1/2
    ("wrong value", [("d", 10, 20, "2019-04", "DATE"), ("d", 30, 38, "P2M", "DURATION")],
     GOLD_2, {"strict_f1": 1.0, "value_precision": 0.5, "value_recall": 0.5}),
    # wrong type on one match: type accuracy 1/2
    ("wrong type", [("d", 10, 20, "2020-04", "DATE"), ("d", 30, 38, "P2M", "DATE")], GOLD_2,
     {"type_accuracy": 0.5, "value_f1": 1.0}),
    # two predictions on gold 1: [10,14) overlaps 4, [12,20) overlaps 8 and wins the one-to-one
    # match with a wrong value; gold 2 missed. relaxed P = 1/2, R = 1/2; value 0; strict 0
    ("one-to-one", [("d", 10, 14, "2020-04", "DATE"), ("d", 12, 20, "2019", "DATE")], GOLD_2,
     {"relaxed_precision": 0.5, "relaxed_recall": 0.5, "value_f1": 0.0, "strict_f1": 0.0}),
    # one prediction spanning both gold spans matches only one: relaxed P = 1, R = 1/2
    ("one span for two", [("d", 10, 38, "2020-04", "DATE")], GOLD_2,
     {"relaxed_precision": 1.0, "relaxed_recall": 0.5, "relaxed_f1": 2 / 3}),
    # same offsets in another document never match
    ("other doc", [("e", 10, 20, "2020-04", "DATE")], GOLD_2,
     {"relaxed_f1": 0.0, "n_pred": 1, "n_gold": 2}),
    # 3 predictions, 2 gold, one exact hit: P = 1/3, R = 1/2, F1 = 0.4
    ("spurious and missed", [("d", 10, 20, "2020-04", "DATE"), ("d", 0, 4, "2018", "DATE"),
                             ("d", 50, 55, "2017", "DATE")], GOLD_2,
     {"strict_precision": 1 / 3, "strict_recall": 0.5, "strict_f1": 0.4, "value_f1": 0.4}),
    # nothing predicted: all zero, no division error
    ("empty", [], GOLD_2, {"relaxed_f1": 0.0, "value_recall": 0.0, "n_pred": 0}),
]


@pytest.mark.parametrize(("name", "pred", "gold", "expected"), CASES, ids=[c[0] for c in CASES])
def test_scoring_timexes_hand_made(name: str, pred: list, gold: list, expected: dict) -> None:
    scores = scoring.score_timexes(_timexes(pred), _timexes(gold))
    for metric, value in expected.items():
        assert scores[metric] == pytest.approx(value), metric


@pytest.mark.parametrize("per_doc", [True])
def test_scoring_timexes_per_doc(per_doc: bool) -> None:
    pred = _timexes([("a", 0, 5, "2020", "DATE"), ("b", 0, 5, "2019", "DATE")])
    gold = _timexes([("a", 0, 5, "2020", "DATE"), ("b", 0, 5, "2020", "DATE"),
                     ("b", 9, 12, "P1D", "DURATION")])
    scores = scoring.score_timexes(pred, gold, per_doc=per_doc)
    table = scores["per_doc"].sort("doc_id")
    assert table["n_gold"].to_list() == [1, 2]
    assert table["value_f1"].to_list() == [1.0, 0.0]
    assert table["relaxed_recall"].to_list() == [1.0, 0.5]
    assert scores["n_value"] == 1 and scores["relaxed_recall"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("kind", ["timexes"])
def test_scoring_seed_gold_scored_against_itself_is_perfect(kind: str) -> None:
    gold = scoring.load_gold(kind)
    scores = scoring.score_timexes(gold, gold, per_doc=True)
    for metric in ("strict_f1", "relaxed_f1", "value_f1", "type_accuracy"):
        assert scores[metric] == 1.0
    assert scores["per_doc"].height == 8
    assert scoring.timex_errors(gold, gold).height == 0


def test_scoring_tempeval_loader_offsets_and_self_score(tbaq_path) -> None:
    documents, gold = scoring.load_tempeval_jsonl(tbaq_path)
    assert documents.height == 256 and gold.height == 1822
    texts = dict(documents.select("doc_id", "text").iter_rows())
    sliced = [texts[d][s:e] for d, s, e in gold.select("doc_id", "start", "end").iter_rows()]
    assert sliced == gold["text"].to_list()
    assert (documents["end"] == documents["text"].str.len_chars()).all()
    assert scoring.score_timexes(gold, gold)["value_f1"] == 1.0


@pytest.mark.parametrize(
    ("kind", "rows", "text_column"),
    [("documents", 8, None), ("timexes", 110, "text"), ("false_friends", 100, "text"),
     ("events", 80, "evidence")],
)
def test_scoring_load_gold_ids_and_offsets(kind: str, rows: int, text_column: str | None) -> None:
    gold = scoring.load_gold(kind, GOLD)
    assert gold.height == rows
    assert (gold["doc_id"].str.split("#").list.first() + ".txt" == gold["file"]).all()
    if text_column:
        files = {f: (SEEDS / f).read_text(encoding="utf-8") for f in gold["file"].unique()}
        for file, start, end, text in gold.select("file", "start", "end", text_column).rows():
            assert files[file][start:end] == text


def test_scoring_load_gold_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown gold kind 'threads'"):
        scoring.load_gold("threads")


@pytest.mark.parametrize(
    ("pred", "gold", "kinds"),
    [
        # gold [10,20) 2020-04 matched with wrong value; gold [30,38) matched, right value,
        # extent differs; prediction [50,55) spurious; gold [60,64) missed
        ([("d", 10, 20, "2019-04", "DATE"), ("d", 30, 40, "P2M", "DURATION"),
          ("d", 50, 55, "2017", "DATE")],
         [*GOLD_2, ("d", 60, 64, "2016", "DATE")],
         ["value", "extent", "spurious", "missed"]),
    ],
)
def test_scoring_timex_errors_kinds(pred: list, gold: list, kinds: list[str]) -> None:
    def with_text(rows: list) -> pl.DataFrame:
        return _timexes(rows).with_columns(text=pl.format("t{}", pl.col("start")))

    errors = scoring.timex_errors(with_text(pred), with_text(gold))
    assert errors["kind"].to_list() == kinds
    assert errors.filter(pl.col("kind") == "value")["p_value"].to_list() == ["2019-04"]


def _documents(gold_documents_frame: pl.DataFrame, dct: dict[str, str | None]) -> pl.DataFrame:
    """The gold articles under our doc ids with some predicted DCTs replaced."""
    frame = gold_documents_frame.with_columns(
        (pl.col("source").str.extract(r"(\d{3}_[0-9a-f]+)") + "#"
         + pl.col("doc_id").str.split("#").list.last()).alias("doc_id")
    )
    return frame.with_columns(
        pl.col("doc_id").replace_strict(dct, default=pl.col("dct"), return_dtype=pl.String)
        .alias("dct")
    )


@pytest.mark.parametrize(
    ("doc", "pred_dct", "verdict"),
    [
        ("000_9d5c45902de9babf#1", "2014-12-29", "exact"),  # text: printed DCT
        ("000_9d5c45902de9babf#1", "2014-12-31", "wrong"),  # the republication date
        ("000_9d5c45902de9babf#1", None, "abstained"),  # text: null is not enough
        ("002_98f9f62c1b7ff02d#4", "2017-08-29", "in_bounds"),  # inferred: 08-28..08-30
        ("002_98f9f62c1b7ff02d#4", "2017-09-05", "wrong"),  # the revision date
        ("002_98f9f62c1b7ff02d#4", None, "abstained"),  # inferred: a missing date is wrong
        ("002_98f9f62c1b7ff02d#3", "2018-12", "exact"),  # the gold value itself
        ("002_98f9f62c1b7ff02d#3", "2019-02-21", "wrong"),  # the update date
        ("004_a795fa3c02f38345#1", None, "null"),  # unknown: null is right
        ("004_a795fa3c02f38345#1", "2015-11-24", "wrong"),  # external knowledge is not text
    ],
)
def test_scoring_documents_dct_verdicts(
    gold_documents_frame: pl.DataFrame, doc: str, pred_dct: str | None, verdict: str
) -> None:
    table = scoring.score_documents(
        _documents(gold_documents_frame, {doc: pred_dct}), scoring.load_gold("documents")
    )
    row = table.filter(pl.col("doc_id") == doc).row(0, named=True)
    assert row["verdict"] == verdict
    assert row["ok"] == (verdict in ("exact", "null", "in_bounds"))
    assert row["overlap"] == 1.0 and row["pred_doc_id"] == doc


def test_scoring_documents_split_and_missing(gold_documents_frame: pl.DataFrame) -> None:
    # 002#1 and 002#2 read as one article; 004 not read at all
    docs = _documents(gold_documents_frame, {})
    merged = docs.filter(pl.col("doc_id").str.ends_with("002_98f9f62c1b7ff02d#1")).with_columns(
        end=pl.lit(14011, dtype=pl.Int64)
    )
    docs = pl.concat([
        merged,
        docs.filter(~pl.col("doc_id").str.contains(r"002_98f9f62c1b7ff02d#[12]|004_")),
    ])
    table = scoring.score_documents(docs, scoring.load_gold("documents")).sort("doc_id")
    verdicts = dict(table.select("doc_id", "verdict").iter_rows())
    assert verdicts["004_a795fa3c02f38345#1"] == "no_article"
    overlap = dict(table.select("doc_id", "overlap").iter_rows())
    # 002#1 is 279..10959 inside the merged 279..14011; 002#2 is 11340..14011
    assert overlap["002_98f9f62c1b7ff02d#1"] == pytest.approx((10959 - 279) / (14011 - 279))
    assert overlap["002_98f9f62c1b7ff02d#2"] == pytest.approx((14011 - 11340) / (14011 - 279))
    assert table.filter(pl.col("ok")).height == 6


def test_scoring_events_gold_against_itself(gold_events_frame: pl.DataFrame) -> None:
    scores = scoring.score_events(gold_events_frame, scoring.load_gold("events"))
    assert scores["n_gold"] == 80 and scores["n_gold_dated"] == 57
    for metric in ("event_recall", "event_precision", "date_recall", "date_precision",
                   "bcubed_f1"):
        assert scores[metric] == 1.0, metric
    assert scores["n_same_as"] == scores["n_same_as_merged"] == 4


def test_scoring_events_dates_threads_links(gold_events_frame: pl.DataFrame) -> None:
    gold = scoring.load_gold("events")
    first = gold_events_frame["event_id"].to_list()
    dated = gold_events_frame.filter(pl.col("date") == "2017-08-29")["event_id"].to_list()
    events = gold_events_frame.with_columns(
        # one dated event gets a wrong value and bounds: 56 of 57 dates right
        pl.when(pl.col("event_id") == dated[0]).then(pl.lit("2017-08-30"))
        .otherwise(pl.col("date")).alias("date"),
        pl.when(pl.col("event_id") == dated[0]).then(pl.lit(dt.date(2017, 8, 30)))
        .otherwise(pl.col("date_start")).alias("date_start"),
        # evidence spans shrunk to their first 10 characters: still overlapping, still found
        (pl.col("start") + 10).alias("end"),
        # one same_as member gets its own cluster: 3 of 4 links merged
        pl.when(pl.col("event_id") == dated[1]).then(pl.lit("alone"))
        .otherwise(pl.col("cluster_id")).alias("cluster_id"),
    ).filter(pl.col("event_id") != first[0])  # and the first gold event is not extracted
    scores = scoring.score_events(events, gold)
    assert scores["n_found"] == 79
    assert scores["n_date_right"] == 56
    assert scores["n_same_as_merged"] == 3
    per_event = scoring.match_events(events, gold)
    assert per_event.filter(~pl.col("found"))["g_event_id"].to_list() == ["000#1-E01"]


@pytest.mark.parametrize(
    ("gold_threads", "pred_threads", "expected"),
    [
        # items 1..3: gold A A B, predicted X Y Y
        # P = (1 + 1/2 + 1/2) / 3 = 2/3; R = (1/2 + 1/2 + 1) / 3 = 2/3
        (["A", "A", "B"], ["X", "Y", "Y"], (2 / 3, 2 / 3)),
        # everything in one predicted thread: P = (2/3 + 2/3 + 1/3) / 3 = 5/9, R = 1
        (["A", "A", "B"], ["X", "X", "X"], (5 / 9, 1.0)),
        # no predicted thread: singletons, P = 1, R = (1/2 + 1/2 + 1) / 3
        (["A", "A", "B"], [None, None, None], (1.0, 2 / 3)),
    ],
)
def test_scoring_events_bcubed_threads(
    gold_events_frame: pl.DataFrame, gold_threads: list, pred_threads: list, expected: tuple
) -> None:
    gold = scoring.load_gold("events").head(3).with_columns(thread=pl.Series(gold_threads))
    events = gold_events_frame.head(3).with_columns(
        thread_label=pl.Series(pred_threads, dtype=pl.String)
    )
    scores = scoring.score_events(events, gold)
    assert (scores["bcubed_precision"], scores["bcubed_recall"]) == pytest.approx(expected)
