"""Threads and merging work in bounded batches (memory bounded by a batch, not the corpus):
the batch sizes must never change a result, even on a corpus of repeated articles, whose
identical reports make the largest blocks."""

from __future__ import annotations

import polars as pl
import pytest
from threadline.threads import assign_threads, merge_events
from threadline.threads import pairs as pairs_mod
from threadline.threads.auto import assign as assign_mod
from threadline.threads.auto import features as features_mod
from threadline.threads.auto import neighbours as neighbours_mod
from threadline.threads.auto.features import event_features, tfidf_vectors
from threadline.threads.auto.options import AutoThreadOptions
from threadline.threads.pairs import candidate_pairs, linked_pairs, report_frame

#: (module, constant, tiny value): each batch far smaller than its input.
TINY = [(pairs_mod, "BATCH_ROWS", 3), (pairs_mod, "BATCH_PAIRS", 2),
        (neighbours_mod, "BATCH_EVENTS", 3), (neighbours_mod, "BATCH_PAIRS", 5),
        (assign_mod, "ABSORB_BATCH", 2), (features_mod, "FEATURE_BATCH", 4)]
_OUT = ["event_id", "thread_id", "thread_label", "thread_ids", "cluster_id", "cluster_members",
        "cluster_reason", "n_sources", "date_start", "date_end", "anchor"]


def _repeated(events: pl.DataFrame, copies: int) -> pl.DataFrame:
    """The events `copies` times over, each copy in its own documents (distinct ids)."""
    return pl.concat([events.with_columns(pl.col("event_id").str.replace("/", f"~{k}/"),
                                          pl.col("doc_id") + f"~{k}")
                      for k in range(copies)]).drop("thread_id", "cluster_id")


def _tiny(monkeypatch: pytest.MonkeyPatch) -> None:
    for module, name, value in TINY:
        assert hasattr(module, name), f"{module.__name__} has no {name}"
        monkeypatch.setattr(module, name, value)


@pytest.mark.parametrize("copies", [3])
def test_batches_keep_the_pairs(seed_pipeline, monkeypatch, copies: int) -> None:
    """Candidate, linked and neighbour pairs are the same with one batch or many."""
    big = _repeated(seed_pipeline["events"], copies)
    reports = report_frame(big.sort("event_id"))
    opt = AutoThreadOptions()
    long = event_features(big.sort("event_id"), opt)
    vec, docs = tfidf_vectors(long, big.height), long.filter(pl.col("kind") == "d")
    whole = (candidate_pairs(reports), linked_pairs(reports),
             neighbours_mod.neighbour_pairs(vec, docs.select("i", "feature"), opt))
    assert whole[1].height > copies * copies  # identical reports link across copies
    _tiny(monkeypatch)
    assert event_features(big.sort("event_id"), opt).equals(long)
    cut = (candidate_pairs(reports), linked_pairs(reports),
           neighbours_mod.neighbour_pairs(vec, docs.select("i", "feature"), opt))
    for a, b in zip(whole, cut, strict=True):
        assert a.select("i", "j").equals(b.select("i", "j"))
    assert whole[1].equals(cut[1])
    diff = whole[2].join(cut[2], on=["i", "j"]).select(
        (pl.col("sim") - pl.col("sim_right")).abs().max()).item()
    assert diff < 1e-12


@pytest.mark.parametrize("copies", [3])
def test_batches_keep_threads_and_clusters(seed_pipeline, monkeypatch, copies: int) -> None:
    """The threads and same-event clusters of every event are the same with tiny batches."""
    big = _repeated(seed_pipeline["events"], copies)
    whole = merge_events(assign_threads(big)).select(_OUT)
    assert whole["n_sources"].max() >= copies  # copies of one report merge across documents
    _tiny(monkeypatch)
    cut = merge_events(assign_threads(big)).select(_OUT)
    assert whole.equals(cut)


@pytest.mark.parametrize("seed", [3])
def test_merge_hands_back_the_callers_row_order(seed_pipeline, seed: int) -> None:
    """Merging sorts only what linking reads: rows come back in the caller's order, with the
    clusters of the sorted frame."""
    events = _repeated(seed_pipeline["events"], 2)
    shuffled = events.sample(fraction=1.0, shuffle=True, seed=seed)
    out = merge_events(shuffled)
    assert out["event_id"].equals(shuffled["event_id"])
    cols = ["event_id", "cluster_id", "cluster_members", "n_sources", "date_start"]
    assert out.select(cols).sort("event_id").equals(
        merge_events(events).select(cols).sort("event_id"))
