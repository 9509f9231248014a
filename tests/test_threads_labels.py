"""Thread labels are never made only of generic words: the resource's examples, and every
automatic label on the dev articles (../shared/data/tls_dev.jsonl)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.resources import load_yaml
from threadline.threads.auto import is_generic

GENERIC = load_yaml("en/threads/generic.yaml")
TLS = Path(__file__).resolve().parents[2] / "shared" / "data" / "tls_dev.jsonl"


@pytest.mark.parametrize("label", GENERIC["examples"])
def test_generic_labels_are_caught(label: str) -> None:
    assert is_generic(label)


@pytest.mark.parametrize("label", GENERIC["counter_examples"])
def test_telling_labels_pass(label: str) -> None:
    assert not is_generic(label)


def test_generic_words_are_lower_case_words() -> None:
    words = GENERIC["words"]
    assert all(isinstance(w, str) and w == w.lower() and " " not in w for w in words)


@pytest.fixture(scope="module")
def tls_threads() -> pl.DataFrame:
    """The dev articles through the pipeline, threaded without a spec."""
    if not TLS.is_file():
        pytest.skip(f"Timeline17 dev articles not found at {TLS} (read by path, not shipped)")
    from threadline import assign_threads, extract_events, tag_dates
    from threadline.documents import from_table

    rows = pl.read_ndjson(TLS, infer_schema_length=None).filter(pl.col("kind") == "article")
    docs = from_table(rows.select("doc_id", "text", "published"), str(TLS))
    return assign_threads(extract_events(docs, tag_dates(docs)))


@pytest.mark.slow
@pytest.mark.parametrize(("fewest", "most", "largest", "rest"), [(5, 40, 0.35, 0.35)])
def test_dev_articles_get_a_handful_of_telling_threads(
    tls_threads: pl.DataFrame, fewest: int, most: int, largest: float, rest: float
) -> None:
    labels = tls_threads["thread_label"].drop_nulls().unique().to_list()
    share = tls_threads["thread_label"].value_counts().filter(
        pl.col("thread_label").is_not_null())["count"].max() / tls_threads.height
    unthreaded = tls_threads["thread_id"].null_count() / tls_threads.height
    print(f"\n{len(labels)} threads, largest {share:.2f}, unthreaded {unthreaded:.2f}: "
          f"{sorted(labels)}")
    assert fewest <= len(labels) <= most
    assert share <= largest and unthreaded <= rest
    assert not [lab for lab in labels if is_generic(lab)]


def _threads_of(rows: list[tuple], per: int = 4) -> pl.DataFrame:
    """Events of two made-up stories, `per` reports each: (sentence, actor1, actor2, location,
    admin1, country, sub_event_type) per story; the thread of a row is its story."""
    from threadline.schema import EVENTS, conform

    cols = ["sentence", "actor1", "actor2", "location", "admin1", "country", "sub_event_type"]
    data = [dict(zip(cols, r, strict=True), event_id=f"d{k}/E{j:03d}", doc_id=f"d{k}")
            for k, r in enumerate(rows) for j in range(per)]
    return conform(pl.DataFrame(data), EVENTS)


STORIES = [
    ("Colonel Brandt said the army shelled rebel positions near Kessa.",
     "Military Forces of Syria (2000-2024)", "Free Syrian Army", "Kessa", "Homs", "Syria",
     "Shelling/artillery/missile attack"),
    ("Brandt told reporters that students marched in Lorvan.", "Protesters (Turkey)", None,
     "Lorvan", "Izmir", "Turkey", "Peaceful protest"),
]


def test_labels_name_sides_place_and_never_a_sentence_name() -> None:
    """A thread whose events share two telling sides is named "side vs side, place", state
    forces by their country's demonym; a thread with only generic actors by its place and
    event type; the surname repeated in every sentence names neither."""
    from threadline.threads.auto.labels import thread_labels

    ev = _threads_of(STORIES)
    primary = pl.DataFrame({"i": range(ev.height), "c": [i // 4 for i in range(ev.height)]},
                           schema={"i": pl.UInt32, "c": pl.Int64})
    table = thread_labels(primary, ev).sort("c")
    labels = table["thread_label"].to_list()
    assert labels[0] == "Syrian forces vs Free Syrian Army, Kessa"
    assert labels[1].startswith("Lorvan") and "Peaceful protest" in labels[1]
    assert not any("Brandt" in lab or "Protesters" in lab for lab in labels)
    assert table["thread_id"].n_unique() == 2


def test_label_reason_names_each_part_and_its_evidence() -> None:
    """Every label keeps its provenance: the column kind of each part, its share of the
    thread's events and its lift over the corpus."""
    from threadline.threads.auto.labels import thread_labels

    ev = _threads_of(STORIES)
    primary = pl.DataFrame({"i": range(ev.height), "c": [i // 4 for i in range(ev.height)]},
                           schema={"i": pl.UInt32, "c": pl.Int64})
    reason = thread_labels(primary, ev).sort("c")["label_reason"][0]
    assert reason.startswith("sides Military Forces of Syria (2000-2024) vs Free Syrian Army "
                             "in 100% of its events (2.0x the corpus)")
    assert "; place Kessa in 100%" in reason


def test_twin_threads_get_distinct_labels() -> None:
    """Two threads with the same sides and place are told apart by a further part, else a
    number; never one label for two threads."""
    from threadline.threads.auto.labels import thread_labels

    same = STORIES[0]
    other = (*same[:6], "Air/drone strike")
    ev = _threads_of([same, other, STORIES[1]])
    primary = pl.DataFrame({"i": range(ev.height), "c": [i // 4 for i in range(ev.height)]},
                           schema={"i": pl.UInt32, "c": pl.Int64})
    table = thread_labels(primary, ev)
    assert table["thread_label"].n_unique() == table.height == 3
    assert table["thread_id"].n_unique() == 3


def test_a_location_never_read_as_a_place_names_no_thread() -> None:
    """A location no sentence ties to its action by a place cue, known to the gazetteer only
    as a town and written inside a longer name (a mother's son "Avery Colton" matched to a
    village "Avery"), names no thread, nor does the region given with it: the thread is named
    by a place its sentences do put events at; with a cue the same name is a place, and names
    the thread."""
    from threadline.schema import EVENTS, conform
    from threadline.threads.auto.labels import thread_labels

    cued = "best-ranked of 1 place(s) in the sentence (populated place, cue 'in')"
    rows = ([("Private Avery Colton was killed, his mother told the rally.", "Avery", "Wexlow",
              "best-ranked of 1 place(s) in the sentence (populated place)")] * 3
            + [("Norah marched with veterans in Cardale.", "Cardale", "Brennshire", cued)] * 3
            + [("Shelling hit the market in Kessa.", "Kessa", "Homs", cued)] * 4)
    ev = conform(pl.DataFrame(
        [{"event_id": f"d/E{j:03d}", "doc_id": "d" if j < 6 else "e", "sentence": s,
          "location": loc, "admin1": adm, "country": "Atlantis" if j < 6 else "Syria",
          "location_kind": "populated place", "location_rule": rule,
          "actor1": "Protesters (Atlantis)" if j < 6 else None}
         for j, (s, loc, adm, rule) in enumerate(rows)]), EVENTS)
    primary = pl.DataFrame({"i": range(ev.height), "c": [0] * 6 + [1] * 4},
                           schema={"i": pl.UInt32, "c": pl.Int64})
    table = thread_labels(primary, ev).sort("c")
    first = table["thread_label"][0]
    assert "Avery" not in first and "Wexlow" not in first
    assert "Cardale" in first
    # the same rows with a cue for Avery: a place, as common and telling as Cardale
    ev2 = ev.with_columns(pl.col("location_rule").str.replace(r"\(populated place\)$",
                                                              "(populated place, cue 'at')"))
    assert "Avery" in thread_labels(primary, ev2).sort("c")["thread_label"][0]


def test_a_thread_told_by_places_alone_names_two_of_them() -> None:
    """A thread whose only telling values are places (generic actors, the corpus's event
    type) is named by two towns rather than one ("Kessa, Lorvan"), never by a town and the
    region that holds it."""
    rows = ([("Gunmen attacked a checkpoint in Kessa.", "Kessa", "Homs", "Syria")] * 3
            + [("Gunmen attacked a checkpoint in Lorvan.", "Lorvan", "Hama", "Syria")] * 2
            + [("Gunmen attacked a checkpoint in Tarsel.", "Tarsel", "Idlib", "Syria")] * 5)
    table = _two_thread_labels(rows)
    first = table["thread_label"][0]
    assert first in ("Kessa, Lorvan", "Lorvan, Kessa"), first
    assert "Homs" not in first and "Hama" not in first


def test_the_second_place_is_never_the_country_of_the_first() -> None:
    """Events placed at the country itself give no second place to a town of that country:
    "Kessa", not "Kessa, Syria"."""
    rows = ([("Gunmen attacked a checkpoint in Kessa.", "Kessa", "Homs", "Syria")] * 3
            + [("Gunmen attacked checkpoints across Syria.", "Syria", None, "Syria")] * 2
            + [("Gunmen attacked a checkpoint in Tarsel.", "Tarsel", "Anbar", "Syria")]
            + [("Gunmen attacked a checkpoint in Tarsel.", "Tarsel", "Anbar", "Iraq")] * 4)
    table = _two_thread_labels(rows)
    assert table["thread_label"][0] == "Kessa"


def _two_thread_labels(rows: list[tuple]) -> pl.DataFrame:
    """Labels of ten attacks by one generic actor (`rows`: sentence, location, admin1,
    country), the first five as thread 0 and the rest as thread 1, in thread order."""
    from threadline.schema import EVENTS, conform
    from threadline.threads.auto.labels import thread_labels

    ev = conform(pl.DataFrame(
        [{"event_id": f"d{j % 3}/E{j:03d}", "doc_id": f"d{j % 3}", "sentence": s,
          "location": loc, "admin1": adm, "country": cty, "actor1": "Unidentified Armed Group "
          "(Syria)", "sub_event_type": "Attack"}
         for j, (s, loc, adm, cty) in enumerate(rows)]), EVENTS)
    primary = pl.DataFrame({"i": range(ev.height), "c": [0] * 5 + [1] * 5},
                           schema={"i": pl.UInt32, "c": pl.Int64})
    return thread_labels(primary, ev).sort("c")
