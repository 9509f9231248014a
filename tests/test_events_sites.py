"""Sites (sites.yaml): the facilities and nominal places of an event's sentence, sentences of
our own with the sites they must yield and sentences that must yield none."""

from __future__ import annotations

import polars as pl
import pytest
import threadline as tl
from threadline.events.sites import site_nouns, sites_expr
from threadline.resources import load_yaml

_ENTRIES = load_yaml("en/events/sites.yaml")["entries"]


def sites_of(*sentences: str) -> list[list[str]]:
    frame = pl.DataFrame({"s": list(sentences)})
    return frame.select(sites_expr(pl.col("s")))["s"].to_list()


@pytest.mark.parametrize(("entry", "sentence"), [(e["id"], x) for e in _ENTRIES
                                                 for x in e.get("examples", [])])
def test_rule_file_examples_name_a_site_of_their_entry(entry: str, sentence: str) -> None:
    forms = site_nouns()[entry]
    found = sites_of(sentence)[0]
    assert any(s.lower().endswith(tuple(f" {f}" for f in forms)) for s in found), found


@pytest.mark.parametrize("sentence", [x for e in _ENTRIES for x in e.get("counter_examples", [])])
def test_rule_file_counter_examples_name_no_site(sentence: str) -> None:
    assert sites_of(sentence) == [[]]


@pytest.mark.parametrize(("sentence", "sites"), [
    ("A drone struck a fuel depot and two houses near the airport.",
     ["a fuel depot", "two houses", "the airport"]),
    ("Unknown assailants torched the district's only clinic.", ["the district's only clinic"]),
    ("Rioters stoned the town-based militia and hospital workers.", []),
    ("A man in hospital said the city workers had fled.", []),
    ("The police station was looted.", ["The police station"]),
    ("He came home late.", []),
    ("Jets flew from Turkish airspace and struck targets inside rebel-held territory.",
     ["Turkish airspace", "targets", "rebel-held territory"]),
    ("Troops withdrew from territory they had held for years.", ["territory"]),
])
def test_site_phrases(sentence: str, sites: list[str]) -> None:
    assert sites_of(sentence) == [sites]


def test_events_carry_the_sites_of_their_sentence() -> None:
    docs = tl.documents.from_table(pl.DataFrame({
        "doc_id": ["s"], "published": ["2021-03-02"],
        "text": ["On 1 March 2021, gunmen attacked a checkpoint outside the town of Kidal."]}),
        "sites.jsonl")
    ev = tl.extract_events(docs, tl.tag_dates(docs))
    assert ev.height == 1
    assert ev["sites"].to_list() == [["a checkpoint", "the town"]]


@pytest.mark.parametrize(("text", "location", "also"), [
    ("On 2 May 2021, warplanes struck Aleppo, Saraqib and the Idlib countryside.", "Aleppo",
     {"Saraqib", "Idlib"}),
    ("On 2 May 2021, rebels shelled Homs, the defence ministry in Damascus said.", "Homs",
     set()),
    ("On 2 May 2021, a bomb exploded in Jableh in the coastal province of Latakia.", "Jableh",
     {"Latakia"}),
])
def test_places_coordinated_with_the_event_place(text: str, location: str, also: set) -> None:
    """An event "in A, B and C" happened at each: the others are its co_locations, as is the
    wider place containing it; a place only mentioned after it ("the ministry in X said") is
    none."""
    docs = tl.documents.from_table(pl.DataFrame({
        "doc_id": ["c"], "published": ["2021-05-03"], "text": [text]}), "co.jsonl")
    ev = tl.extract_events(docs, tl.tag_dates(docs)).row(0, named=True)
    assert ev["location_text"] == location
    assert {p.split()[-1] for p in ev["co_locations"]} == also


@pytest.mark.parametrize(("sentence", "sites"), [
    ("Shelling destroyed schools and clinics in the north.", ["schools", "clinics"]),
    ("The shells hit a clinic and pharmacy.", ["a clinic and pharmacy"]),
    ("Witnesses said that the village was empty.", ["the village"]),
    ("He houses refugees in his barn.", []),
])
def test_bare_plurals_coordinated_heads_and_stacked_determiners(sentence: str, sites: list
                                                                ) -> None:
    assert sites_of(sentence) == [sites]


def test_a_persons_home_town_is_not_the_event_place() -> None:
    docs = tl.documents.from_table(pl.DataFrame({
        "doc_id": ["h"], "published": ["2019-03-05"],
        "text": ["Sgt. Ana Ruiz, 31, of Dayton, Ohio, was killed on 4 March 2019 by a roadside "
                 "bomb in southern Afghanistan, the army said."]}), "home.jsonl")
    ev = tl.extract_events(docs, tl.tag_dates(docs)).row(0, named=True)
    assert ev["location_text"] == "Afghanistan"
