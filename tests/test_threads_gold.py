"""Threads and same-event clusters of the sample corpus against the gold (issue 4)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.resources import ResourceError
from threadline.scoring import load_gold, match_events, score_events
from threadline.threads import assign_threads, load_threads

SPEC = Path(__file__).resolve().parents[1] / "data" / "threads.yaml"


@pytest.fixture(scope="module")
def scores(seed_pipeline) -> dict:
    return score_events(seed_pipeline["events"], load_gold("events"))


@pytest.fixture(scope="module")
def matched(seed_pipeline) -> pl.DataFrame:
    return match_events(seed_pipeline["events"], load_gold("events")).filter("found")


@pytest.mark.parametrize("threshold", [0.7])
def test_thread_bcubed(scores: dict, threshold: float) -> None:
    print(f"\nthreads B-cubed on {scores['n_found']} found events:"
          f" P {scores['bcubed_precision']:.3f} R {scores['bcubed_recall']:.3f}"
          f" F1 {scores['bcubed_f1']:.3f}")
    assert scores["bcubed_f1"] >= threshold


@pytest.mark.parametrize("expected", [4])
def test_gold_same_as_links_are_merged(scores: dict, expected: int) -> None:
    print(f"\nsame_as links merged: {scores['n_same_as_merged']}/{scores['n_same_as']}")
    assert scores["n_same_as"] == expected
    assert scores["n_same_as_merged"] == expected


@pytest.mark.parametrize("max_mixed", [0])
def test_clusters_do_not_mix_gold_threads(matched: pl.DataFrame, max_mixed: int) -> None:
    """Merging is not trivially everything: found events in one cluster share a gold thread."""
    mixed = matched.group_by("p_cluster_id").agg(pl.col("g_thread").n_unique().alias("n"))
    assert mixed.filter(pl.col("n") > 1).height <= max_mixed
    assert matched["p_cluster_id"].n_unique() >= 0.8 * matched["p_event_id"].n_unique()


@pytest.mark.parametrize("column", ["cluster_id", "cluster_reason", "n_sources"])
def test_every_event_has_a_cluster(seed_pipeline, column: str) -> None:
    assert seed_pipeline["events"][column].null_count() == 0


def test_cross_document_merge_reason_is_readable(seed_pipeline) -> None:
    ev = seed_pipeline["events"]
    multi = ev.filter(pl.col("n_sources") > 1)
    assert multi.height >= 2
    reason = multi["cluster_reason"][0]
    assert "same actors (" in reason and ("dates overlap" in reason or "undated" in reason)


@pytest.mark.parametrize("gold_id", ["002#4-E16", "002#4-E17"])
def test_dating_by_coreference(matched: pl.DataFrame, gold_id: str) -> None:
    """README hard case 7: the 30/31 Aug reports are dated 29 Aug only through the 5 Sep one."""
    row = matched.filter(pl.col("g_event_id") == gold_id).row(0, named=True)
    assert row["p_date"] == "2017-08-29" and row["date_ok"]


def test_automatic_threads(seed_pipeline) -> None:
    auto = assign_threads(seed_pipeline["events"])
    labels = auto["thread_label"].drop_nulls().unique().to_list()
    print(f"\n{len(labels)} automatic threads, e.g. {sorted(labels)[:4]}")
    assert len(labels) >= 3
    assert all(0 < len(part.strip()) < 60 for lab in labels for part in lab.split(" / "))
    assert auto.filter(pl.col("thread_ids").list.len() >= 2).height >= 1
    assert (auto["thread_id"].is_null() == (auto["thread_ids"].list.len() == 0)).all()


@pytest.mark.parametrize("label", ["Israeli air campaign in Syria", "TOW missiles in Syria"])
def test_spec_threads_cover_events_in_several_documents(seed_pipeline, label: str) -> None:
    ev = seed_pipeline["events"].filter(pl.col("thread_ids").list.len() > 0)
    assert ev.filter(pl.col("thread_label") == label)["doc_id"].n_unique() >= 2
    assert ev.filter(pl.col("thread_ids").list.len() >= 2).height >= 1


@pytest.mark.parametrize(("bad", "message"), [
    ("threads:\n  - {id: tow, label: TOW, colour: red}\n", r"thread 1 \(tow\): unknown key"),
    ("threads:\n  - {id: TOW X, label: TOW}\n", "lower-case slug"),
    ("threads:\n  - {id: tow, label: TOW, time_span: {start: '2017-13-01'}}\n", "time_span"),
    ("thread:\n  - {id: tow, label: TOW}\n", "'threads' list"),
    ("threads:\n  - {id: tow, label: TOW, time_span: {start: 2017-13-01}}\n", "invalid"),
])
def test_spec_errors_name_file_and_thread(tmp_path: Path, bad: str, message: str) -> None:
    path = tmp_path / "threads.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ResourceError, match=message) as err:
        load_threads(path)
    assert str(path) in str(err.value)


def test_sample_spec_has_the_gold_thread_names() -> None:
    import json

    specs, _ = load_threads(SPEC)
    gold = json.loads((Path(__file__).parent / "gold" / "threads.json").read_text())
    assert sorted(s["label"] for s in specs) == sorted(gold)
