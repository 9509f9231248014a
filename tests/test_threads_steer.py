"""A thread spec steers discovery: a discovered thread mostly claimed by one spec thread takes
its id and label; one no spec thread dominates keeps its own (issue 12)."""

from __future__ import annotations

import polars as pl
import pytest
from threadline.threads import assign_threads

SPEC = [{"id": "harbour-shelling", "label": "Shelling of the harbour",
         "keywords": ["shelled", "shelling"]},
        {"id": "drone-war", "label": "The drone war", "keywords": ["drone", "drones"]}]

#: Two articles on the shelling of a harbour, only some of whose sentences name the shelling.
HARBOUR = [
    "Government artillery shelled the harbour of Port Amara on Monday.",
    "Dock workers fled the harbour of Port Amara as the cranes burned.",
    "The harbour master of Port Amara said two cargo ships were hit.",
    "Renewed shelling closed the harbour of Port Amara to cargo ships.",
    "Insurers refused cover for cargo ships bound for Port Amara harbour.",
    "Government artillery shelled the Port Amara harbour again overnight.",
]
#: Two articles on protests in a city; one sentence mentions shelling, one a drone.
PROTESTS = [
    "Students marched against the junta through central Velmora.",
    "Riot police beat students marching against the junta in Velmora.",
    "Students in Velmora said the junta had answered them with shelling elsewhere.",
    "Teachers joined the students marching against the junta in Velmora.",
    "A police drone filmed the students marching against the junta in Velmora.",
    "The junta shut the universities of Velmora after the student marches.",
]


def _corpus() -> pl.DataFrame:
    rows = []
    for name, lines, actor, place in (("h", HARBOUR, "Government forces", "Port Amara"),
                                      ("p", PROTESTS, "Students", "Velmora")):
        for k, sentence in enumerate(lines):
            doc = f"{name}{k // 3}"
            rows.append((f"{doc}/E00{k % 3}", doc, 100 * (k % 3), sentence, [actor], [],
                         [place]))
    return pl.DataFrame(rows, orient="row", schema=["event_id", "doc_id", "start", "sentence",
                                                     "actors", "weapons", "places"])


@pytest.fixture(scope="module")
def steered() -> pl.DataFrame:
    return assign_threads(_corpus(), SPEC)


def test_a_cluster_mostly_claimed_by_a_spec_thread_joins_it(steered: pl.DataFrame) -> None:
    """Three of the six harbour reports name the shelling; all six join the spec thread,
    while the spec scores alone leave the other three unthreaded."""
    harbour = steered.filter(pl.col("doc_id").str.starts_with("h"))
    print(harbour.select("event_id", "thread_id", "thread_ids"))
    assert harbour["thread_id"].to_list() == ["harbour-shelling"] * 6
    assert harbour["thread_label"].unique().to_list() == ["Shelling of the harbour"]
    alone = assign_threads(_corpus(), SPEC, discover=False)
    assert alone.filter(pl.col("doc_id").str.starts_with("h"))["thread_id"].null_count() == 3


def test_a_cluster_no_spec_thread_dominates_keeps_its_own(steered: pl.DataFrame) -> None:
    """The protest reports split their two spec claims between two spec threads: they stay
    one discovered thread, and each claimed report keeps its spec thread as a further one."""
    protests = steered.filter(pl.col("doc_id").str.starts_with("p"))
    print(protests.select("event_id", "thread_id", "thread_ids"))
    (own,) = protests["thread_id"].unique().to_list()
    assert own.startswith("auto-") and own not in {s["id"] for s in SPEC}
    ids = dict(zip(protests["event_id"], protests["thread_ids"].to_list(), strict=True))
    assert ids["p0/E002"] == [own, "harbour-shelling"]
    assert ids["p1/E001"] == [own, "drone-war"]
    assert ids["p0/E000"] == [own]
