"""The seed gold acceptance test of the date tagger: recall, exact values, false friends.

Gold: tests/gold/timexes.jsonl without the `borderline` items and the teaser zone (the
title's "2 months" stays in the denominator although titles lie outside the body spans).
A gold timex is found when a predicted span overlaps it; its value must match exactly.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.scoring import load_tempeval_jsonl, score_timexes
from threadline.timex import tag_dates
from threadline.timex.values import interval

SEEDS_THRESHOLD = 0.90
MAX_FALSE_FRIENDS = 3


def _scored(gold_timexes: list[dict]) -> list[dict]:
    return [g for g in gold_timexes if not g["borderline"] and g["zone"] != "teaser"]


def _overlapping(mentions: pl.DataFrame, item: dict) -> pl.DataFrame:
    return mentions.filter((pl.col("doc_id") == item["doc_id"]) & (pl.col("start") < item["end"])
                           & (pl.col("end") > item["start"]))


@pytest.mark.parametrize("doc_type", ["news", "narrative"])
@pytest.mark.parametrize("measure", ["found", "exact_value"])
def test_seed_gold_recall_and_value(gold_span_mentions, gold_span_documents, gold_timexes,
                                    measure: str, doc_type: str) -> None:
    mentions = (gold_span_mentions if doc_type == "news"
                else tag_dates(gold_span_documents, doc_type=doc_type))
    gold = _scored(gold_timexes)
    found = exact = 0
    for g in gold:
        hit = _overlapping(mentions, g)
        found += hit.height > 0
        exact += hit.height > 0 and hit["value"][0] == g["value"]
    score = (found if measure == "found" else exact) / len(gold)
    print(f"seed gold ({doc_type}) {measure}: {score:.3f} of {len(gold)} timexes")
    assert score >= SEEDS_THRESHOLD


@pytest.mark.parametrize("risk", ["all", "high"])
def test_false_friends_are_not_tagged(gold_span_mentions, gold_false_friends, risk) -> None:
    friends = [f for f in gold_false_friends if risk == "all" or f["risk"] == risk]
    tagged = [f["text"] for f in friends if _overlapping(gold_span_mentions, f).height]
    print(f"false friends tagged ({risk}): {len(tagged)} of {len(friends)} {tagged}")
    assert len(tagged) <= MAX_FALSE_FRIENDS


@pytest.mark.parametrize("column", ["date_start", "date_end"])
def test_interval_is_consistent_with_value(gold_span_mentions, column: str) -> None:
    assert gold_span_mentions.height > 90
    for row in gold_span_mentions.iter_rows(named=True):
        span = interval(row["value"], row["mod"]) if row["type"] in ("DATE", "TIME") else None
        expected = None if span is None else span[column == "date_end"]
        assert row[column] == expected, row
        if span is not None:
            assert row["date_start"] <= row["date_end"]


@pytest.mark.parametrize("check", ["offsets", "ids"])
def test_mentions_point_into_the_source(gold_span_mentions, gold_documents, seeds_dir,
                                        check: str) -> None:
    files = {d["doc_id"]: (seeds_dir / d["file"]).read_text(encoding="utf-8")
             for d in gold_documents}
    for doc_id, group in gold_span_mentions.group_by("doc_id", maintain_order=True):
        rows = group.rows(named=True)
        if check == "offsets":
            for r in rows:
                assert files[doc_id[0]][r["start"] : r["end"]] == r["text"]
                assert r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"]
        else:
            assert [r["mention_id"] for r in rows] == [
                f"{doc_id[0]}/T{n:03d}" for n in range(1, len(rows) + 1)]
            assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


@pytest.mark.parametrize("threshold", [0.85])
def test_anchor_kind_agrees_with_gold(gold_span_mentions, gold_timexes, threshold) -> None:
    pairs = [(g["anchor"], hit["anchor"][0]) for g in _scored(gold_timexes)
             if (hit := _overlapping(gold_span_mentions, g)).height]
    agree = sum(a == b for a, b in pairs) / len(pairs)
    print(f"anchor (dct/narrative/absolute/event/none) agreement: {agree:.3f} of {len(pairs)}")
    assert agree >= threshold


@pytest.mark.parametrize(("doc_type", "metric", "threshold"), [
    ("news", "value_f1", 0.78),  # HeidelTime's TempEval-3 news value F1 is 0.776
    ("news", "relaxed_f1", 0.93),
    ("narrative", "relaxed_f1", 0.93),  # spans do not depend on the anchoring mode
])
def test_timebank_dev_scores(
    doc_type: str, metric: str, threshold: float, tbaq_path: Path
) -> None:
    """TempEval-3 scores on TimeBank+AQUAINT dev (read by path, never copied)."""
    documents, gold = load_tempeval_jsonl(tbaq_path)
    scores = score_timexes(tag_dates(documents, doc_type=doc_type), gold, key="doc_id")
    print(f"tbaq dev ({doc_type}) {metric}: {scores[metric]:.3f}")
    assert scores[metric] >= threshold


@pytest.mark.parametrize("end", [0, 1])
def test_gold_range_ends_are_linked(gold_span_mentions, gold_timexes, end: int) -> None:
    """Each end of a gold range ("2010–17") is one mention that names the other end's mention
    in `range_with`, and both carry the range's interval."""
    by_id = {g["timex_id"]: g for g in gold_timexes}
    pairs = [(g, by_id[g["range_with"]]) for g in gold_timexes
             if g.get("range_with") and g["start"] < by_id[g["range_with"]]["start"]]
    assert pairs, "the seed gold holds at least one range"
    for first, second in pairs:
        hits = [_overlapping(gold_span_mentions, g).row(0, named=True) for g in (first, second)]
        assert hits[end]["range_with"] == hits[1 - end]["mention_id"]
        assert hits[end]["range_start"].year == int(first["range_begin"])
        assert hits[end]["range_end"].year == int(first["range_end"])
