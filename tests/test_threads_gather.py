"""Cluster-level threading: article weights, small clusters joining threads whole, and one
long article neither outvoting nor fusing the threads it reports on."""

from __future__ import annotations

import polars as pl
import pytest
from threadline.threads import assign_threads
from threadline.threads.auto import AutoThreadOptions
from threadline.threads.auto.features import article_weights
from threadline.threads.auto.gather import gather_small
from threadline.threads.auto.linkage import centroid_linkage

U32, I64 = pl.UInt32, pl.Int64


@pytest.mark.parametrize(("damping", "expected"), [(1.0, [1 / 3] * 3 + [1.0]),
                                                   (0.0, [1.0] * 4)])
def test_article_weights_give_each_article_one_voice(damping: float, expected: list) -> None:
    docs = pl.DataFrame({"i": [0, 1, 2, 3], "feature": ["d:a"] * 3 + ["d:b"]},
                        schema={"i": U32, "feature": pl.String})
    member = pl.DataFrame({"i": [0, 1, 2, 3], "c": [0] * 4}, schema={"i": U32, "c": I64})
    out = article_weights(docs, member, damping).sort("i")
    assert out["aw"].to_list() == pytest.approx(expected)


def _vec(rows: list[tuple[int, str]]) -> pl.DataFrame:
    """Unit vectors of events holding equally weighted features."""
    v = pl.DataFrame(rows, orient="row", schema={"i": U32, "feature": pl.String})
    return v.with_columns((1 / pl.len().over("i").cast(pl.Float64).sqrt()).alias("w"))


@pytest.mark.parametrize("gather", [0.25])
def test_a_small_cluster_joins_its_closest_thread_whole(gather: float) -> None:
    """Events 0-3: thread 0 (Hezbollah, Metula); 4-7: thread 4 (FSA, Idlib); 8-9 a small
    cluster naming Hezbollah near Metula; 10-11 a small cluster of a story of its own."""
    rows = [(i, f) for i in range(4) for f in ("a:Hezbollah", "p:Metula", "k:tunnel")]
    rows += [(i, f) for i in range(4, 8) for f in ("a:FSA", "p:Idlib", "w:TOW")]
    rows += [(i, f) for i in (8, 9) for f in ("a:Hezbollah", "p:Metula", "k:drone")]
    rows += [(i, f) for i in (10, 11) for f in ("a:Pirates", "p:Puntland")]
    docs = pl.DataFrame({"i": range(12), "feature": [f"d:{i}" for i in range(12)]},
                        schema={"i": U32, "feature": pl.String})
    root = [0] * 4 + [4] * 4 + [8, 8, 10, 10]
    member = pl.DataFrame({"i": range(8), "c": root[:8]}, schema={"i": U32, "c": I64})
    out = gather_small(_vec(rows), docs, root, member, AutoThreadOptions(gather=gather))
    got = dict(zip(out["i"].to_list(), out["c"].to_list(), strict=True))
    assert got[8] == got[9] == 0
    assert 10 not in got and 11 not in got
    assert all(got[i] == root[i] for i in range(8))


def _long_article_corpus() -> pl.DataFrame:
    """Two stories of one war: tunnels at the Lebanese border and TOW missiles at Idlib, each
    told in three short articles, and one long article (a yearly review) retelling both in
    many reports, each worded its own way."""
    words = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
             "Ankara", "Geneva", "Vienna", "Brussels", "Oslo", "Madrid", "Lisbon", "Dublin",
             "Prague", "Warsaw", "Sofia", "Athens", "Rome", "Berlin", "Paris"]

    def tunnel(k: int) -> tuple:
        return (f"Israeli engineers uncovered a Hezbollah tunnel at Metula, {words[k]} said.",
                ["Hezbollah"], [], ["Metula"])

    def tow(k: int) -> tuple:
        return (f"Rebels fired a TOW missile near Idlib, {words[k]} said.",
                ["Free Syrian Army"], ["BGM-71 TOW"], ["Idlib"])
    rows = []
    for n, (d, story) in enumerate((("t1", tunnel), ("t2", tunnel), ("t3", tunnel),
                                    ("w1", tow), ("w2", tow), ("w3", tow))):
        rows += [(f"{d}/E00{i}", d, 100 * i, *story((n + i) % len(words))) for i in range(3)]
    rows += [(f"review/E{i:03d}", "review", 100 * i,
              *(tunnel if i % 2 else tow)(i % len(words))) for i in range(20)]
    return pl.DataFrame(rows, orient="row", schema=["event_id", "doc_id", "start", "sentence",
                                                     "actors", "weapons", "places"])


def test_a_long_article_does_not_fuse_the_threads_it_reports_on() -> None:
    out = assign_threads(_long_article_corpus())
    by = dict(zip(out["event_id"], out["thread_id"], strict=True))
    tunnel = {t for e, t in by.items() if e[0] == "t"
              or (e.startswith("review") and int(e[-3:]) % 2)}
    tow = {t for e, t in by.items() if e[0] == "w"
           or (e.startswith("review") and not int(e[-3:]) % 2)}
    print(f"\ntunnel threads {tunnel}, TOW threads {tow}")
    assert len(tunnel) == 1 and len(tow) == 1 and tunnel != tow and None not in tunnel | tow


@pytest.mark.parametrize(("shared", "joined"), [(0, False), (20, True)])
def test_clusters_of_one_long_article_link_by_their_features(shared: int, joined: bool
                                                              ) -> None:
    """Two clusters of 20 reports each, all from one long article: they join only if their
    features agree. The article part is a cosine of its own (here 1, weighted
    same_article), not raw counts growing as the square of the cluster's size, which would
    swamp 20 diverse reports' features and fuse two stories of one article."""
    feats = [(0, f"k:x{j}") for j in range(20)]
    feats += [(1, f"k:{'x' if j < shared else 'y'}{j}") for j in range(20)]
    vec = pl.DataFrame(feats, orient="row", schema={"i": U32, "feature": pl.String}
                       ).with_columns(pl.lit(1.0).alias("w"), pl.lit(2).alias("df"))
    arts = pl.DataFrame({"i": [0, 1], "feature": ["d:review"] * 2, "w": [20.0, 20.0]},
                        schema={"i": U32, "feature": pl.String, "w": pl.Float64})
    pairs = pl.DataFrame({"i": [0], "j": [1], "sim": [1.0]},
                         schema={"i": U32, "j": U32, "sim": pl.Float64})
    root = centroid_linkage(vec, arts, pairs, 2, AutoThreadOptions(), exact=False)
    assert (root[0] == root[1]) is joined


def _stories(sizes: list[int]) -> pl.DataFrame:
    """Stories of the given sizes, each told in one-report articles, each with its own actor
    and place (and wording)."""
    people = ["Fishermen", "Farmers", "Pirates", "Teachers", "Miners", "Dockers", "Nurses",
              "Drivers", "Students", "Traders"]
    places = ["Mombasa", "Puntland", "Kathmandu", "Nairobi", "Mwanza", "Kisumu", "Dodoma",
              "Arusha", "Gulu", "Kigali"]
    deeds = ["blocked the main road", "marched on the town hall", "burned tyres",
             "seized a ferry", "stormed the depot", "besieged the harbour"]
    rows = []
    for s, size in enumerate(sizes):
        for k in range(size):
            d = f"s{s}a{k}"
            rows.append((f"{d}/E000", d, 0,
                         f"{people[s]} {deeds[k % len(deeds)]} in {places[s]}.",
                         [people[s]], [], [places[s]]))
    return pl.DataFrame(rows, orient="row", schema=["event_id", "doc_id", "start", "sentence",
                                                     "actors", "weapons", "places"])


@pytest.mark.parametrize(("sizes", "threads", "not_threads"), [
    ([80, 5, 5, 3, 3, 3, 3, 3], {0, 1, 2}, {3, 4, 5, 6, 7}),
])
def test_a_thread_in_a_bigger_corpus_is_a_story_told_more_often(
    sizes: list[int], threads: set[int], not_threads: set[int]
) -> None:
    """Among 105 reports a thread holds at least 0.3 x sqrt(105), four of them: the stories
    of five reports lead threads of their own, those of three do not (min_events alone would
    let them; their reports may still join a thread by the words they share)."""
    out = assign_threads(_stories(sizes)).with_columns(
        pl.col("doc_id").str.extract(r"^s(\d+)a").cast(pl.Int64).alias("story"))
    lead = (out.drop_nulls("thread_id").group_by("thread_id", "story").len()
            .sort(["thread_id", "len", "story"], descending=[False, True, False])
            .group_by("thread_id", maintain_order=True).first())
    print(f"\nstories leading a thread: {sorted(lead['story'])}")
    assert set(lead["story"]) == threads and lead.height == len(threads)
    assert not set(lead["story"]) & not_threads
